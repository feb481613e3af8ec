/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-server-cli"

#include "config.h"

#include <glib-unix.h>
#include <glib/gstdio.h>
#include <locale.h>

#include "tix-certificate.h"
#include "tix-listener.h"
#include "tix-server.h"
#include "tix-server-cli.h"

static gboolean
quit_on_signal (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_CONTINUE;
}

static char *
default_db_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "tix", "tix.db", NULL);
}

int
tix_server_cli_run (int    argc,
                    char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TixStore) store = NULL;
  g_autoptr(TixServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autofree char *db = NULL;
  g_autofree char *bind = NULL;
  g_autofree char *cors_origin = NULL;
  g_autofree char *url = NULL;
  g_autofree char *db_dir = NULL;
  gint64 token_ttl = TIX_DEFAULT_TOKEN_TTL;
  int port = TIX_DEFAULT_PORT;
  int max_users = TIX_DEFAULT_MAX_USERS;
  gint64 max_tickets = TIX_DEFAULT_MAX_TICKETS;
  g_autofree char *backup = NULL;
  g_autofree char *tls_cert = NULL;
  g_autofree char *tls_key = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  gboolean quiet = FALSE, version = FALSE, no_register = FALSE, trust_proxy = FALSE;
  int header_timeout = TIX_LISTENER_DEFAULT_HEADER_TIMEOUT;
  int body_timeout = TIX_LISTENER_DEFAULT_BODY_TIMEOUT;
  int send_timeout = TIX_LISTENER_DEFAULT_SEND_TIMEOUT;
  int idle_timeout = TIX_LISTENER_DEFAULT_IDLE_TIMEOUT;
  int max_connections = 0;
  TixServerOptions options;
  GOptionEntry entries[] = {
    { "db", 'd', 0, G_OPTION_ARG_FILENAME, &db,
      "SQLite database file (default: $XDG_DATA_HOME/tix/tix.db), or a PostgreSQL URI"
      " (postgresql://USER@HOST/DBNAME) that several servers share", "FILE|URI" },
    { "port", 'p', 0, G_OPTION_ARG_INT, &port, "Port to listen on (default: 8080; 0: any)", "N" },
    { "bind", 'b', 0, G_OPTION_ARG_STRING, &bind,
      "Address to listen on (default: 127.0.0.1; 0.0.0.0 for every interface)", "ADDR" },
    { "cors-origin", 0, 0, G_OPTION_ARG_STRING, &cors_origin,
      "Web origin allowed to call the API (default: http://localhost:5173)", "ORIGIN" },
    { "token-ttl", 0, 0, G_OPTION_ARG_INT64, &token_ttl,
      "Lifetime of a session token in seconds (default: 30 days)", "SECONDS" },
    { "max-users", 0, 0, G_OPTION_ARG_INT, &max_users,
      "Most users a new organization may hold (default: 100)", "N" },
    { "max-tickets", 0, 0, G_OPTION_ARG_INT64, &max_tickets,
      "Most tickets an organization may hold (default: 2000000)", "N" },
    { "no-register", 0, 0, G_OPTION_ARG_NONE, &no_register,
      "Turn off registration: only admins add users", NULL },
    { "trust-proxy", 0, 0, G_OPTION_ARG_NONE, &trust_proxy,
      "Behind a load balancer: throttle and log by the last address of X-Forwarded-For", NULL },
    { "tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &tls_cert,
      "Serve HTTPS with this PEM certificate (needs --tls-key)", "FILE" },
    { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &tls_key,
      "The PEM private key of --tls-cert", "FILE" },
    { "header-timeout", 0, 0, G_OPTION_ARG_INT, &header_timeout,
      "Seconds a client has to send a request's line and headers (default: 10)", "SECONDS" },
    { "body-timeout", 0, 0, G_OPTION_ARG_INT, &body_timeout,
      "Seconds a request body may pause between bytes (default: 30)", "SECONDS" },
    { "send-timeout", 0, 0, G_OPTION_ARG_INT, &send_timeout,
      "Seconds an answer may wait for its client to read on (default: 60)", "SECONDS" },
    { "idle-timeout", 0, 0, G_OPTION_ARG_INT, &idle_timeout,
      "Seconds a kept-alive connection may wait for its next request (default: 75)", "SECONDS" },
    { "max-connections", 0, 0, G_OPTION_ARG_INT, &max_connections,
      "Most connections open at once; more wait their turn (default: the file descriptor"
      " limit less 48)", "N" },
    { "backup", 0, 0, G_OPTION_ARG_FILENAME, &backup,
      "Copy the database to the new file OUT and exit (safe while a server runs)", "OUT" },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "Do not log each request", NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, &version, "Print the version and exit", NULL },
    { NULL }
  };

  setlocale (LC_ALL, "");

  context = g_option_context_new ("— serve the Tix ticketing API");
  g_option_context_set_summary (context,
    "Serves the Tix REST API for the box-office stations of a venue.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("tix-server: %s\n", error->message);
      return 2;
    }

  if (version)
    {
      g_print ("tix-server %s\n", PACKAGE_VERSION);
      return 0;
    }

  if (port < 0 || port > 65535)
    {
      g_printerr ("tix-server: --port must be from 0 to 65535\n");
      return 2;
    }
  if (token_ttl < 60)
    {
      g_printerr ("tix-server: --token-ttl must be at least 60 seconds\n");
      return 2;
    }
  if (max_users < 1)
    {
      g_printerr ("tix-server: --max-users must be at least 1\n");
      return 2;
    }

  if (header_timeout < 1 || body_timeout < 1 || send_timeout < 1 || idle_timeout < 1)
    {
      g_printerr ("tix-server: the timeouts must be at least 1 second\n");
      return 2;
    }
  if (max_connections < 0)
    {
      g_printerr ("tix-server: --max-connections must be at least 1 (0: from the file "
                  "descriptor limit)\n");
      return 2;
    }
  if (max_tickets < 1)
    {
      g_printerr ("tix-server: --max-tickets must be at least 1\n");
      return 2;
    }

  if (db == NULL)
    db = default_db_path ();

  if (backup != NULL)
    {
      if (!tix_store_backup (db, backup, &error))
        {
          g_printerr ("tix-server: %s\n", error->message);
          return 1;
        }
      g_print ("tix-server: %s copied to %s\n", db, backup);
      return 0;
    }

  if ((tls_cert == NULL) != (tls_key == NULL))
    {
      g_printerr ("tix-server: --tls-cert and --tls-key go together\n");
      return 2;
    }
  if (tls_cert != NULL)
    {
      certificate = g_tls_certificate_new_from_files (tls_cert, tls_key, &error);
      if (certificate == NULL)
        {
          g_printerr ("tix-server: %s\n", error->message);
          return 1;
        }
    }
  db_dir = g_path_get_dirname (db);
  if (!tix_store_location_is_shared (db) && g_mkdir_with_parents (db_dir, 0700) != 0)
    {
      g_printerr ("tix-server: cannot create %s\n", db_dir);
      return 1;
    }

  store = tix_store_open (db, &error);
  if (store == NULL)
    {
      g_printerr ("tix-server: %s\n", error->message);
      return 1;
    }

  tix_server_options_init (&options);
  if (cors_origin != NULL)
    options.cors_origin = cors_origin;
  options.token_ttl_seconds = token_ttl;
  options.max_users = (guint) max_users;
  options.max_tickets = max_tickets;
  options.log_requests = !quiet;
  options.no_register = no_register;
  options.trust_proxy = trust_proxy;
  options.tls_certificate = certificate;
  options.header_timeout = (guint) header_timeout;
  options.body_timeout = (guint) body_timeout;
  options.send_timeout = (guint) send_timeout;
  options.idle_timeout = (guint) idle_timeout;
  options.max_connections = (guint) max_connections;

  server = tix_server_new (store, &options);
  if (!tix_server_listen (server, bind ? bind : "127.0.0.1", (guint) port, &error))
    {
      g_printerr ("tix-server: %s\n", error->message);
      return 1;
    }

  url = tix_server_get_url (server);
  g_print ("tix-server %s listening on %s (database %s)\n", PACKAGE_VERSION, url,
           tix_store_get_path (store));
  if (certificate != NULL)
    {
      g_autofree char *fingerprint = tix_certificate_fingerprint (certificate);

      /* Stations show this on first connection: compare before trusting. */
      g_print ("tix-server: certificate fingerprint (SHA-256) %s\n", fingerprint);
    }

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGINT, quit_on_signal, loop);
  g_unix_signal_add (SIGTERM, quit_on_signal, loop);
  g_main_loop_run (loop);

  g_print ("tix-server: shutting down\n");
  tix_server_disconnect (server);
  return 0;
}
