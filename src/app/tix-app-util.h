/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Turns what a person typed as a server address ("tix.local:8080",
 * "https://tix.example.org/") into a base URL ("http://tix.local:8080",
 * "https://tix.example.org"), or returns NULL with a translated message. */
char *tix_normalize_server_url (const char  *text,
                                const char **error_message);

G_END_DECLS
