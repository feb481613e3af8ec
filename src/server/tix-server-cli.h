/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The tix-server program: parses options, opens the store, serves until
 * SIGINT or SIGTERM. Returns the exit status. */
int tix_server_cli_run (int    argc,
                        char **argv);

G_END_DECLS
