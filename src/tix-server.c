/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tix-server: the Tix REST API over a SQLite database, for a venue's stations. */
#define G_LOG_DOMAIN "tix-server-main"

#include "config.h"

#include "tix-server-cli.h"

int
main (int   argc,
      char *argv[])
{
  return tix_server_cli_run (argc, argv);
}
