/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Hardening: sign-in throttling, closed registration, backups, file modes, HTTPS. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "server-test-util.h"
#include "tix-store.h"

static TixApiResponse *
login (TixApiFixture *fixture,
       const char    *email,
       const char    *password)
{
  g_autofree char *body = g_strdup_printf ("{\"email\":\"%s\",\"password\":\"%s\"}",
                                           email, password);

  return tix_api_request (fixture, "POST", "/api/auth/login", NULL, body);
}

static void
test_throttle_account (TixApiFixture *fixture,
                       gconstpointer  data)
{
  g_autofree char *token = tix_api_register (fixture, "victim@example.org", "Vic", NULL);
  g_autoptr(TixApiResponse) locked = NULL;
  g_autoptr(TixApiResponse) right_but_locked = NULL;

  for (int i = 0; i < 5; i++)
    {
      g_autoptr(TixApiResponse) wrong = login (fixture, "victim@example.org", "not the one");
      tix_api_assert_error (wrong, 401, NULL);
    }

  locked = login (fixture, "victim@example.org", "not the one");
  tix_api_assert_error (locked, 429, NULL);
  g_assert_nonnull (tix_api_header (locked, "Retry-After"));
  g_assert_cmpint (g_ascii_strtoll (tix_api_header (locked, "Retry-After"), NULL, 10), >=, 1);

  /* Even the right password waits: the lock is not a hint. */
  right_but_locked = login (fixture, "victim@example.org", TIX_API_PASSWORD);
  tix_api_assert_error (right_but_locked, 429, NULL);

  /* The account's other sessions and other accounts are untouched. */
  tix_api_assert_serving (fixture);
  {
    g_autoptr(TixApiResponse) me = tix_api_request (fixture, "GET", "/api/auth/me", token, NULL);
    tix_api_assert_status (me, 200);
  }
}

static void
test_throttle_success_resets (TixApiFixture *fixture,
                              gconstpointer  data)
{
  g_autofree char *token = tix_api_register (fixture, "forgetful@example.org", "Fay", NULL);

  for (int round = 0; round < 3; round++)
    {
      g_autoptr(TixApiResponse) right = NULL;

      for (int i = 0; i < 4; i++)
        {
          g_autoptr(TixApiResponse) wrong = login (fixture, "forgetful@example.org", "typo typo");
          tix_api_assert_error (wrong, 401, NULL);
        }
      right = login (fixture, "forgetful@example.org", TIX_API_PASSWORD);
      tix_api_assert_status (right, 200);
    }
}

static void
no_register_setup (TixApiFixture *fixture,
                   gconstpointer  data)
{
  TixServerOptions options;

  tix_server_options_init (&options);
  options.fast_password_hashing = TRUE;
  options.no_register = TRUE;
  fixture->server = tix_test_server_new_with (&options);
  fixture->session = tix_api_session_new ();
}

static void
test_no_register (TixApiFixture *fixture,
                  gconstpointer  data)
{
  g_autoptr(TixApiResponse) response =
    tix_api_request (fixture, "POST", "/api/auth/register", NULL,
                     "{\"email\":\"new@example.org\",\"password\":\"long enough\","
                     "\"name\":\"New\"}");

  tix_api_assert_error (response, 403, NULL);
  tix_api_assert_serving (fixture);
}

static void
test_database_mode (TixApiFixture *fixture,
                    gconstpointer  data)
{
  GStatBuf st;

  if (tix_test_backend_is_postgres ())
    {
      g_test_skip ("The database file's mode: SQLite only");
      return;
    }

  g_assert_cmpint (g_stat (fixture->server->db_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
}

static void
test_backup_while_serving (TixApiFixture *fixture,
                           gconstpointer  data)
{
  g_autofree char *token = NULL;
  g_autoptr(JsonArray) tickets = NULL;
  g_autofree char *copy = g_build_filename (fixture->server->dir, "copy.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(TixStore) restored = NULL;
  g_autoptr(TixTicket) ticket = NULL;
  gint64 total = 0, scanned = 0;
  GStatBuf st;

  if (tix_test_backend_is_postgres ())
    {
      g_test_skip ("Backing up the database file: SQLite only");
      return;
    }

  token = tix_api_register (fixture, "keeper@example.org", "Kim", NULL);
  tickets = tix_api_generate (fixture, token, "BAK", 250, NULL);

  g_assert_true (tix_store_backup (fixture->server->db_path, copy, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (copy, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  /* Never over an existing file. */
  g_assert_false (tix_store_backup (fixture->server->db_path, copy, &error));
  g_assert_error (error, TIX_STORE_ERROR, TIX_STORE_ERROR_EXISTS);
  g_clear_error (&error);

  /* Restoring is opening the copy: everything is there. */
  restored = tix_store_open (copy, &error);
  g_assert_no_error (error);
  ticket = tix_store_get_ticket (restored, 1,
                                 tix_api_string (json_array_get_object_element (tickets, 0), "id"),
                                 &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tix_ticket_get_number (ticket), ==, "BAK-000001");
  g_assert_true (tix_store_get_counts (restored, 1, &total, &scanned, &error));
  g_assert_cmpint (total, ==, 250);

  tix_api_assert_serving (fixture);
}

typedef struct
{
  gboolean  done;
  gboolean  ok;
  GError   *error;
} BackupResult;

static void
backup_done (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  BackupResult *backup = data;

  backup->ok = tix_server_thread_backup_finish (TIX_SERVER_THREAD (source), result,
                                                &backup->error);
  backup->done = TRUE;
}

/* What the app's Back Up menu does for a standalone desk. */
static void
test_backup_from_server_thread (TixApiFixture *fixture,
                                gconstpointer  data)
{
  g_autofree char *token = NULL;
  g_autoptr(JsonArray) tickets = NULL;
  g_autofree char *copy = g_build_filename (fixture->server->dir, "desk-copy.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(TixStore) restored = NULL;
  BackupResult backup = { FALSE, FALSE, NULL };
  gint64 total = 0, scanned = 0;

  /* The standalone desk's database is a SQLite file. */
  if (tix_test_backend_is_postgres ())
    {
      g_test_skip ("Backing up the desk's database file: SQLite only");
      return;
    }

  token = tix_api_register (fixture, "desk@example.org", "Desk", NULL);
  tickets = tix_api_generate (fixture, token, "DSK", 12, NULL);

  tix_server_thread_backup_async (fixture->server->thread, copy, NULL, backup_done, &backup);
  while (!backup.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (backup.error);
  g_assert_true (backup.ok);

  restored = tix_store_open (copy, &error);
  g_assert_no_error (error);
  g_assert_true (tix_store_get_counts (restored, 1, &total, &scanned, &error));
  g_assert_cmpint (total, ==, 12);
}

static void
test_backup_refuses_foreign (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("tix-backup-XXXXXX", NULL);
  g_autofree char *foreign = g_build_filename (dir, "notes.txt", NULL);
  g_autofree char *out = g_build_filename (dir, "out.db", NULL);

  g_assert_true (g_file_set_contents (foreign, "not a database at all", -1, NULL));
  g_assert_false (tix_store_backup (foreign, out, &error));
  g_assert_nonnull (error);
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  tix_test_remove_tree (dir);
}

/* HTTPS with a certificate from files. */
static gboolean
accept_any (SoupMessage          *msg,
            GTlsCertificate      *certificate,
            GTlsCertificateFlags  errors,
            gpointer              data)
{
  return TRUE;
}

static void
test_https (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *cert = g_test_build_filename (G_TEST_DIST, "hardening", "test-cert.pem", NULL);
  g_autofree char *key = g_test_build_filename (G_TEST_DIST, "hardening", "test-key.pem", NULL);
  g_autoptr(GTlsCertificate) certificate = g_tls_certificate_new_from_files (cert, key, &error);
  g_autoptr(TixTestServer) server = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *url = NULL;
  TixServerOptions options;

  g_assert_no_error (error);
  tix_server_options_init (&options);
  options.fast_password_hashing = TRUE;
  options.tls_certificate = certificate;
  server = tix_test_server_new_with (&options);
  g_assert_true (g_str_has_prefix (server->url, "https://"));

  url = g_strconcat (server->url, "/health", NULL);
  msg = soup_message_new ("GET", url);
  g_signal_connect (msg, "accept-certificate", G_CALLBACK (accept_any), NULL);
  body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  g_assert_nonnull (g_bytes_get_data (body, NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/tix/hardening/throttle/account", TixApiFixture, NULL,
              tix_api_fixture_setup, test_throttle_account, tix_api_fixture_teardown);
  g_test_add ("/tix/hardening/throttle/success-resets", TixApiFixture, NULL,
              tix_api_fixture_setup, test_throttle_success_resets, tix_api_fixture_teardown);
  g_test_add ("/tix/hardening/no-register", TixApiFixture, NULL,
              no_register_setup, test_no_register, tix_api_fixture_teardown);
  g_test_add ("/tix/hardening/database-mode", TixApiFixture, NULL,
              tix_api_fixture_setup, test_database_mode, tix_api_fixture_teardown);
  g_test_add ("/tix/hardening/backup/while-serving", TixApiFixture, NULL,
              tix_api_fixture_setup, test_backup_while_serving, tix_api_fixture_teardown);
  g_test_add ("/tix/hardening/backup/server-thread", TixApiFixture, NULL,
              tix_api_fixture_setup, test_backup_from_server_thread, tix_api_fixture_teardown);
  g_test_add_func ("/tix/hardening/backup/foreign", test_backup_refuses_foreign);
  g_test_add_func ("/tix/hardening/https", test_https);

  return g_test_run ();
}
