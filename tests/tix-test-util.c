/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-test-util"

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#if HAVE_POSTGRES
#include <libpq-fe.h>
#endif

#include <libsoup/soup.h>

#include "tix-test-util.h"

#if HAVE_POSTGRES
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGconn, PQfinish)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGresult, PQclear)
#endif

gboolean
tix_test_backend_is_postgres (void)
{
  return g_strcmp0 (g_getenv ("TIX_TEST_BACKEND"), "postgres") == 0;
}

#if HAVE_POSTGRES

/* The server the tests make their databases on. */
static const char *
postgres_url (void)
{
  const char *url = g_getenv ("TIX_TEST_PG_URL");

  if (url == NULL || *url == '\0')
    g_error ("TIX_TEST_BACKEND=postgres needs TIX_TEST_PG_URL, the postgresql:// URI of a "
             "server the tests may create databases on: run the test through "
             "tests/with-postgres.sh, which starts one");
  return url;
}

/* @url with its database replaced by @dbname (user, password, host, port
 * and parameters kept). */
static char *
postgres_url_with_database (const char *url,
                            const char *dbname)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_ENCODED, &error);
  g_autoptr(GUri) other = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;

  if (uri == NULL)
    g_error ("TIX_TEST_PG_URL “%s” is not a URI: %s", url, error->message);

  escaped = g_uri_escape_string (dbname, NULL, FALSE);
  path = g_strconcat ("/", escaped, NULL);
  other = g_uri_build (G_URI_FLAGS_ENCODED, g_uri_get_scheme (uri), g_uri_get_userinfo (uri),
                       g_uri_get_host (uri), g_uri_get_port (uri), path, g_uri_get_query (uri),
                       g_uri_get_fragment (uri));
  return g_uri_to_string (other);
}

/* The dbname of a postgresql:// URI made by tix_test_database_new (). */
static char *
postgres_dbname (const char *db_path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) uri = g_uri_parse (db_path, G_URI_FLAGS_NONE, &error);

  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (g_uri_get_path (uri), "/"));
  return g_strdup (g_uri_get_path (uri) + 1);
}

/* Runs the statement @before, the identifier @name quoted, @after on the
 * server's maintenance database. */
static void
postgres_run (const char *before,
              const char *name,
              const char *after)
{
  const char *url = postgres_url ();
  g_autoptr(PGconn) connection = PQconnectdb (url);
  g_autoptr(PGresult) result = NULL;
  g_autofree char *sql = NULL;
  char *quoted;

  if (PQstatus (connection) != CONNECTION_OK)
    g_error ("cannot connect to TIX_TEST_PG_URL %s: %s", url, PQerrorMessage (connection));

  quoted = PQescapeIdentifier (connection, name, strlen (name));
  if (quoted == NULL)
    g_error ("cannot quote “%s”: %s", name, PQerrorMessage (connection));
  sql = g_strconcat (before, quoted, after, NULL);
  PQfreemem (quoted);

  result = PQexec (connection, sql);
  if (PQresultStatus (result) != PGRES_COMMAND_OK)
    g_error ("%s: %s", sql, PQerrorMessage (connection));
}

char *
tix_test_database_new (const char *dir)
{
  g_autofree char *dbname = NULL;

  if (!tix_test_backend_is_postgres ())
    return g_build_filename (dir, "tix.db", NULL);

  dbname = g_strdup_printf ("tix_%08x%08x", g_random_int (), g_random_int ());
  postgres_run ("CREATE DATABASE ", dbname, "");

  return postgres_url_with_database (postgres_url (), dbname);
}

void
tix_test_database_drop (const char *db_path)
{
  g_autofree char *dbname = NULL;

  if (!g_str_has_prefix (db_path, "postgres://") && !g_str_has_prefix (db_path, "postgresql://"))
    return;

  dbname = postgres_dbname (db_path);
  /* FORCE: a connection the server has not closed yet does not keep it. */
  postgres_run ("DROP DATABASE ", dbname, " WITH (FORCE)");
}

void
tix_test_database_suspend (const char *db_path)
{
  g_autofree char *dbname = postgres_dbname (db_path);
  g_autoptr(PGconn) connection = PQconnectdb (postgres_url ());
  g_autoptr(PGresult) result = NULL;
  g_autofree char *sql = NULL;
  char *literal;

  postgres_run ("ALTER DATABASE ", dbname, " WITH ALLOW_CONNECTIONS false");

  g_assert_cmpint (PQstatus (connection), ==, CONNECTION_OK);
  literal = PQescapeLiteral (connection, dbname, strlen (dbname));
  sql = g_strconcat ("SELECT pg_terminate_backend (pid) FROM pg_stat_activity WHERE datname = ",
                     literal, NULL);
  PQfreemem (literal);
  result = PQexec (connection, sql);
  if (PQresultStatus (result) != PGRES_TUPLES_OK)
    g_error ("%s: %s", sql, PQerrorMessage (connection));
}

void
tix_test_database_resume (const char *db_path)
{
  g_autofree char *dbname = postgres_dbname (db_path);

  postgres_run ("ALTER DATABASE ", dbname, " WITH ALLOW_CONNECTIONS true");
}

#else /* !HAVE_POSTGRES */

char *
tix_test_database_new (const char *dir)
{
  if (tix_test_backend_is_postgres ())
    g_error ("TIX_TEST_BACKEND=postgres, but this build has no PostgreSQL (-Dpostgres)");
  return g_build_filename (dir, "tix.db", NULL);
}

void
tix_test_database_drop (const char *db_path)
{
}

void
tix_test_database_suspend (const char *db_path)
{
  g_error ("this build has no PostgreSQL (-Dpostgres)");
}

void
tix_test_database_resume (const char *db_path)
{
  g_error ("this build has no PostgreSQL (-Dpostgres)");
}

#endif /* HAVE_POSTGRES */

guint
tix_test_free_port (void)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GError) error = NULL;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                         &error);
  g_assert_no_error (error);
  g_socket_bind (socket, address, TRUE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);

  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

gboolean
tix_test_is_serving (const char *url)
{
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 2, NULL);
  g_autofree char *uri = g_strconcat (url, "/health", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", uri);
  g_autoptr(GBytes) body = soup_session_send_and_read (session, msg, NULL, NULL);

  return body != NULL && soup_message_get_status (msg) == 200;
}

const char *
tix_test_server_exe (void)
{
  const char *exe = g_getenv ("TIX_SERVER");

  if (exe == NULL)
    g_error ("TIX_SERVER is not set (meson sets it to build/src/tix-server)");
  return exe;
}

void
tix_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          if (g_file_test (child, G_FILE_TEST_IS_DIR) &&
              !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
            tix_test_remove_tree (child);
          else
            g_unlink (child);
        }
    }
  g_rmdir (path);
}

TixTestServer *
tix_test_server_new_with (const TixServerOptions *options)
{
  g_autoptr(GError) error = NULL;
  TixTestServer *server = g_new0 (TixTestServer, 1);

  server->dir = g_dir_make_tmp ("tix-test-XXXXXX", &error);
  g_assert_no_error (error);
  server->db_path = tix_test_database_new (server->dir);
  server->thread = tix_server_thread_new (server->db_path, options, "127.0.0.1", 0, &error);
  g_assert_no_error (error);
  server->url = tix_server_thread_get_url (server->thread);

  return server;
}

TixTestServer *
tix_test_server_new (void)
{
  TixServerOptions options;

  tix_server_options_init (&options);
  options.fast_password_hashing = TRUE;
  return tix_test_server_new_with (&options);
}

void
tix_test_server_free (TixTestServer *server)
{
  if (server == NULL)
    return;

  tix_server_thread_stop (server->thread);
  g_assert_finalize_object (server->thread);
  tix_test_database_drop (server->db_path);
  tix_test_remove_tree (server->dir);
  g_free (server->db_path);
  g_free (server->dir);
  g_free (server);
}

void
tix_test_store_result (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  GAsyncResult **out = user_data;

  g_assert_null (*out);
  *out = g_object_ref (result);
}

GAsyncResult *
tix_test_wait_result (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return *result;
}

gboolean
tix_test_tick_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

static gboolean
secret_service_running (GDBusConnection *bus)
{
  g_autoptr(GVariant) reply = NULL;
  gboolean has_owner = FALSE;

  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)", "org.freedesktop.secrets"),
                                       G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NONE,
                                       5000, NULL, NULL);
  if (reply != NULL)
    g_variant_get (reply, "(b)", &has_owner);

  return has_owner;
}

char *
tix_test_ensure_secret_service (const char *keyring_dir)
{
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) envp = NULL;
  g_autofree char *program = NULL;
  const char *argv[] = {
    "/bin/sh", "-c", "echo | gnome-keyring-daemon --unlock --components=secrets", NULL
  };
  int wait_status = 0;

  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    return g_strdup ("no D-Bus session bus (run the tests under dbus-run-session)");

  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  if (bus == NULL)
    return g_strdup_printf ("no D-Bus session bus: %s", error->message);

  if (secret_service_running (bus))
    return NULL;

  program = g_find_program_in_path ("gnome-keyring-daemon");
  if (program == NULL)
    return g_strdup ("no Secret Service and no gnome-keyring-daemon to start");

  /* Its files in the folder given, never in the user's keyrings. */
  g_mkdir_with_parents (keyring_dir, 0700);
  envp = g_get_environ ();
  envp = g_environ_setenv (envp, "XDG_DATA_HOME", keyring_dir, TRUE);
  envp = g_environ_setenv (envp, "XDG_RUNTIME_DIR", keyring_dir, TRUE);
  /* The tests' fatal warnings are for Tix: the daemon's own would abort it. */
  envp = g_environ_unsetenv (envp, "G_DEBUG");

  /* The daemon forks and its first process exits: no pipes, or this waits
   * for the daemon to end. */
  if (!g_spawn_sync (NULL, (char **) argv, envp,
                     G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, NULL, NULL, &wait_status, &error))
    return g_strdup_printf ("could not start gnome-keyring-daemon: %s", error->message);

  for (guint i = 0; i < 50; i++)
    {
      if (secret_service_running (bus))
        return NULL;
      g_usleep (100 * 1000);
    }

  return g_strdup ("gnome-keyring-daemon did not come up");
}
