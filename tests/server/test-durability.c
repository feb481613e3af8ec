/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Durability of the real tix-server program (TIX_SERVER, set by meson): killed
 * with SIGKILL in the middle of a big generate and of a stream of scans, and
 * started on files that are not Tix databases. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <netinet/in.h>
#include <signal.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "server-test-util.h"

#define PASSWORD "correct horse battery"

typedef struct
{
  char        *dir;
  char        *db;
  GSubprocess *process;
  guint        port;
  char        *url;
  SoupSession *session;
} Server;

static void
server_start (Server *server)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *port = NULL;
  gint64 deadline;

  /* A port that was free a moment ago; retried if someone took it. */
  for (int attempt = 0; attempt < 5; attempt++)
    {
      server->port = tix_test_free_port ();
      port = g_strdup_printf ("%u", server->port);
      g_free (server->url);
      server->url = g_strdup_printf ("http://127.0.0.1:%u", server->port);
      server->process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error,
                                          tix_test_server_exe (), "--db", server->db,
                                          "--port", port, "--quiet", NULL);
      g_assert_no_error (error);

      deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
      while (g_get_monotonic_time () < deadline)
        {
          /* Serving, and it is ours (not someone else on that port). */
          if (tix_test_is_serving (server->url))
            {
              g_usleep (50 * 1000);
              if (g_subprocess_get_identifier (server->process) != NULL)
                return;
              break;
            }
          if (g_subprocess_get_identifier (server->process) == NULL)
            break;  /* it exited */
          g_usleep (20 * 1000);
        }
      g_subprocess_force_exit (server->process);
      g_subprocess_wait (server->process, NULL, NULL);
      g_clear_object (&server->process);
      g_clear_pointer (&port, g_free);
    }
  g_error ("tix-server did not start on %s", server->db);
}

static void
server_kill (Server *server)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_send_signal (server->process, SIGKILL);
  g_subprocess_wait (server->process, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_signaled (server->process));
  g_assert_cmpint (g_subprocess_get_term_sig (server->process), ==, SIGKILL);
  g_clear_object (&server->process);
}

static Server *
server_new (void)
{
  g_autoptr(GError) error = NULL;
  Server *server = g_new0 (Server, 1);

  server->dir = g_dir_make_tmp ("tix-durability-XXXXXX", &error);
  g_assert_no_error (error);
  server->db = g_build_filename (server->dir, "tix.db", NULL);
  server->session = tix_api_session_new ();
  return server;
}

static void
server_free (Server *server)
{
  if (server->process != NULL)
    server_kill (server);
  tix_test_remove_tree (server->dir);
  g_object_unref (server->session);
  g_free (server->url);
  g_free (server->db);
  g_free (server->dir);
  g_free (server);
}

static TixApiResponse *
request (Server     *server,
         const char *method,
         const char *path,
         const char *token,
         const char *json)
{
  return tix_api_send (server->session, server->url, method, path, token, NULL,
                       json ? "application/json" : NULL, json, json ? strlen (json) : 0);
}

static char *
register_admin (Server *server)
{
  g_autoptr(TixApiResponse) response =
    request (server, "POST", "/api/auth/register", NULL,
             "{\"email\":\"admin@example.org\",\"password\":\"" PASSWORD "\",\"name\":\"Ada\"}");

  tix_api_assert_status (response, 201);
  return g_strdup (tix_api_string (tix_api_object (response), "token"));
}

static gint64
total_tickets (Server     *server,
               const char *token)
{
  g_autoptr(TixApiResponse) response = request (server, "GET", "/api/reports/stats", token, NULL);

  tix_api_assert_status (response, 200);
  return tix_api_int (tix_api_object (response), "total");
}

/* Writes a request and leaves without reading the answer. */
static int
send_and_leave (Server     *server,
                const char *method,
                const char *path,
                const char *token,
                const char *json)
{
  struct sockaddr_in addr = { 0 };
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  g_autofree char *text = g_strdup_printf ("%s %s HTTP/1.1\r\nHost: 127.0.0.1:%u\r\n"
                                           "Authorization: Bearer %s\r\n"
                                           "Content-Type: application/json\r\n"
                                           "Content-Length: %zu\r\n\r\n%s",
                                           method, path, server->port, token,
                                           strlen (json), json);

  addr.sin_family = AF_INET;
  addr.sin_port = htons (server->port);
  addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  g_assert_cmpint (connect (fd, (struct sockaddr *) &addr, sizeof addr), ==, 0);
  g_assert_cmpint (send (fd, text, strlen (text), MSG_NOSIGNAL), ==, (gssize) strlen (text));
  return fd;
}

/* (a) SIGKILL while 100,000 tickets are being generated: after a restart the
 * organization has all of them or none, and numbering goes on without a gap
 * or a repeat. */
static void
test_kill_during_generate (void)
{
  /* Mostly early (nothing committed yet), then later, so that a kill near
   * or after the commit is seen too. */
  static const guint delays_ms[] = { 100, 200, 300, 1500, 3000 };
  Server *server = server_new ();
  g_autofree char *token = NULL;
  gint64 total = 0;
  guint all = 0, none = 0;

  server_start (server);
  token = register_admin (server);

  for (guint i = 0; i < G_N_ELEMENTS (delays_ms); i++)
    {
      int fd = send_and_leave (server, "POST", "/api/tickets/generate", token,
                               "{\"count\":100000,\"prefix\":\"KILL\"}");
      gint64 after;

      g_usleep (delays_ms[i] * 1000);
      server_kill (server);
      close (fd);
      server_start (server);

      after = total_tickets (server, token);
      if (after == total)
        none++;
      else if (after == total + 100000)
        all++;
      else
        g_error ("after a kill at %u ms: %" G_GINT64_FORMAT " tickets, expected %"
                 G_GINT64_FORMAT " or %" G_GINT64_FORMAT,
                 delays_ms[i], after, total, total + 100000);
      total = after;

      /* The next ticket follows the last one kept: no gap, no repeat. */
      {
        g_autoptr(TixApiResponse) response =
          request (server, "POST", "/api/tickets/generate", token,
                   "{\"count\":1,\"prefix\":\"KILL\"}");
        g_autofree char *expected = g_strdup_printf ("KILL-%06" G_GINT64_FORMAT, total + 1);
        JsonObject *ticket;

        tix_api_assert_status (response, 201);
        ticket = json_array_get_object_element (tix_api_array (response), 0);
        g_assert_cmpstr (tix_api_string (ticket, "number"), ==, expected);
        total++;
      }
      g_test_message ("kill at %u ms: %" G_GINT64_FORMAT " tickets after the restart",
                      delays_ms[i], total - 1);
    }

  g_test_message ("generate killed %u times: %u kept whole, %u dropped whole",
                  (guint) G_N_ELEMENTS (delays_ms), all, none);
  g_print ("# durability: generate killed %u times: %u kept whole, %u dropped whole\n",
           (guint) G_N_ELEMENTS (delays_ms), all, none);
  server_free (server);
}

/* (b) Scans from several connections as fast as they go; SIGKILL; every scan
 * that was acknowledged (200) is still scanned after a restart. */
typedef struct
{
  Server     *server;
  const char *token;
  GPtrArray  *ids;      /* this worker's tickets */
  GPtrArray  *acked;    /* ids answered 200 */
  guint       failures;
  gint       *n_acked;  /* all workers' 200s (atomic) */
} Scanner;

static gpointer
scan_worker (gpointer data)
{
  Scanner *scanner = data;
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 5, NULL);
  g_autofree char *auth = g_strconcat ("Bearer ", scanner->token, NULL);

  for (guint i = 0; i < scanner->ids->len; i++)
    {
      const char *id = g_ptr_array_index (scanner->ids, i);
      g_autofree char *uri = g_strdup_printf ("%s/api/tickets/%s/scan", scanner->server->url, id);
      g_autoptr(SoupMessage) msg = soup_message_new ("PUT", uri);
      g_autoptr(GBytes) body = NULL;

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
      body = soup_session_send_and_read (session, msg, NULL, NULL);
      if (body == NULL)
        {
          /* The server is gone. */
          scanner->failures++;
          break;
        }
      if (soup_message_get_status (msg) == 200)
        {
          g_ptr_array_add (scanner->acked, g_strdup (id));
          g_atomic_int_inc (scanner->n_acked);
        }
    }
  return NULL;
}

static GHashTable *
list_ids (Server     *server,
          const char *token,
          const char *filter)
{
  GHashTable *ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *cursor = NULL;

  for (;;)
    {
      g_autofree char *path = cursor
        ? g_strdup_printf ("/api/tickets?limit=1000&filter=%s&cursor=%s", filter, cursor)
        : g_strdup_printf ("/api/tickets?limit=1000&filter=%s", filter);
      g_autoptr(TixApiResponse) response = request (server, "GET", path, token, NULL);
      JsonObject *object;
      JsonArray *tickets;
      const char *next;

      tix_api_assert_status (response, 200);
      object = tix_api_object (response);
      tickets = json_object_get_array_member (object, "tickets");
      for (guint i = 0; i < json_array_get_length (tickets); i++)
        g_hash_table_add (ids, g_strdup (tix_api_string (json_array_get_object_element (tickets, i), "id")));
      next = tix_api_string_or_null (object, "next_cursor");
      if (next == NULL)
        break;
      g_free (cursor);
      cursor = g_uri_escape_string (next, NULL, TRUE);
    }
  return ids;
}

static void
test_kill_during_scans (void)
{
  enum { N_SCANNERS = 4, N_TICKETS = 4000 };
  static const guint kill_after_ms[] = { 400, 900 };
  Server *server = server_new ();
  g_autofree char *token = NULL;

  server_start (server);
  token = register_admin (server);

  for (guint round = 0; round < G_N_ELEMENTS (kill_after_ms); round++)
    {
      Scanner scanners[N_SCANNERS];
      GThread *threads[N_SCANNERS];
      g_autoptr(GHashTable) unscanned = NULL;
      g_autoptr(GHashTable) scanned = NULL;
      g_autoptr(TixApiResponse) generated = NULL;
      GHashTableIter iter;
      gpointer key;
      guint acked = 0, i = 0;
      gint n_acked = 0;
      gint64 deadline;
      g_autofree char *prefix_body = g_strdup_printf ("{\"count\":%d,\"prefix\":\"SCAN%u\"}",
                                                      N_TICKETS, round);

      generated = request (server, "POST", "/api/tickets/generate", token, prefix_body);
      tix_api_assert_status (generated, 201);
      unscanned = list_ids (server, token, "not-scanned");
      g_assert_cmpuint (g_hash_table_size (unscanned), ==, N_TICKETS);

      for (guint s = 0; s < N_SCANNERS; s++)
        {
          scanners[s] = (Scanner) { server, token, g_ptr_array_new (),
                                    g_ptr_array_new_with_free_func (g_free), 0, &n_acked };
        }
      g_hash_table_iter_init (&iter, unscanned);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        g_ptr_array_add (scanners[i++ % N_SCANNERS].ids, key);

      for (guint s = 0; s < N_SCANNERS; s++)
        threads[s] = g_thread_new ("scanner", scan_worker, &scanners[s]);
      /* Once scans flow (on a loaded machine that can take a moment). */
      deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
      while (g_atomic_int_get (&n_acked) < 20 && g_get_monotonic_time () < deadline)
        g_usleep (5 * 1000);
      g_usleep (kill_after_ms[round] * 1000);
      server_kill (server);
      for (guint s = 0; s < N_SCANNERS; s++)
        g_thread_join (threads[s]);

      server_start (server);
      scanned = list_ids (server, token, "scanned");
      for (guint s = 0; s < N_SCANNERS; s++)
        {
          for (guint k = 0; k < scanners[s].acked->len; k++)
            {
              const char *id = g_ptr_array_index (scanners[s].acked, k);

              if (!g_hash_table_contains (scanned, id))
                g_error ("ticket %s: its scan was acknowledged (200) before the kill, "
                         "but it is not scanned after the restart", id);
            }
          acked += scanners[s].acked->len;
        }
      /* Every scan in the database was asked for, and none was lost. */
      g_assert_cmpuint (g_hash_table_size (scanned), >=, acked);
      g_assert_cmpuint (acked, >, 0);
      g_print ("# durability: scans killed after %u ms: %u acknowledged, %u scanned after restart\n",
               kill_after_ms[round], acked, g_hash_table_size (scanned));

      for (guint s = 0; s < N_SCANNERS; s++)
        {
          g_ptr_array_unref (scanners[s].ids);
          g_ptr_array_unref (scanners[s].acked);
        }
      /* Scanned tickets of earlier rounds stay scanned; count this round only. */
      {
        g_autoptr(TixApiResponse) cleared = request (server, "DELETE", "/api/tickets", token, NULL);
        tix_api_assert_status (cleared, 200);
      }
    }
  server_free (server);
}

/* (c) Files that are not Tix databases: tix-server refuses them with a
 * message naming the file, exits non-zero, and does not change a byte. */
static void
assert_refused (Server     *server,
                const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *before = NULL, *after = NULL, *port = g_strdup_printf ("%u", tix_test_free_port ());
  g_autofree char *out = NULL, *err = NULL;
  gsize before_length = 0, after_length = 0;

  g_assert_true (g_file_get_contents (path, &before, &before_length, NULL));
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                              &error, tix_test_server_exe (), "--db", path, "--port", port,
                              "--quiet", NULL);
  g_assert_no_error (error);
  /* A server that starts would never exit: give it 15 s. */
  {
    gint64 deadline = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;

    while (g_subprocess_get_identifier (process) != NULL &&
           g_get_monotonic_time () < deadline)
      g_usleep (20 * 1000);
    if (g_subprocess_get_identifier (process) != NULL)
      {
        g_subprocess_force_exit (process);
        g_error ("tix-server did not exit on %s: it serves it?", path);
      }
    g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error);
    g_assert_no_error (error);
  }
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), !=, 0);
  g_test_message ("tix-server on %s: %s", path, err);
  /* README: "refused at start with a message naming it". */
  g_assert_nonnull (strstr (err, path));

  g_assert_true (g_file_get_contents (path, &after, &after_length, NULL));
  g_assert_cmpmem (before, before_length, after, after_length);
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *journal = g_strconcat (path, "-journal", NULL);

    /* Nothing left beside it either. */
    g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
    g_assert_false (g_file_test (journal, G_FILE_TEST_EXISTS));
  }
}

static void
test_corrupt_file (void)
{
  Server *server = server_new ();
  g_autofree char *path = g_build_filename (server->dir, "random.db", NULL);
  g_autofree char *header_path = g_build_filename (server->dir, "damaged.db", NULL);
  GRand *rand = g_rand_new_with_seed (8);
  GString *bytes = g_string_new (NULL);

  for (guint i = 0; i < 65536; i++)
    g_string_append_c (bytes, (char) g_rand_int_range (rand, 0, 256));
  g_assert_true (g_file_set_contents (path, bytes->str, (gssize) bytes->len, NULL));
  assert_refused (server, path);

  /* SQLite's own header on random pages. */
  memcpy (bytes->str, "SQLite format 3\0", 16);
  g_assert_true (g_file_set_contents (header_path, bytes->str, (gssize) bytes->len, NULL));
  assert_refused (server, header_path);

  g_string_free (bytes, TRUE);
  g_rand_free (rand);
  server_free (server);
}

static void
test_foreign_database (void)
{
  Server *server = server_new ();
  g_autofree char *path = g_build_filename (server->dir, "shop.db", NULL);
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
    "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT);"
    "CREATE TABLE tickets (id INTEGER PRIMARY KEY, subject TEXT);"
    "INSERT INTO customers (name) VALUES ('Alice'), ('Bob');"
    "INSERT INTO tickets (subject) VALUES ('printer on fire');",
    NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  assert_refused (server, path);
  server_free (server);
}

/* (d) The database holds the signing keys: it is created 0600. */
static void
test_database_mode (void)
{
  Server *server = server_new ();
  GStatBuf st;
  mode_t old = umask (022);

  server_start (server);
  umask (old);
  g_assert_cmpint (g_stat (server->db, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  server_free (server);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/durability/kill-during-generate", test_kill_during_generate);
  g_test_add_func ("/durability/kill-during-scans", test_kill_during_scans);
  g_test_add_func ("/durability/corrupt-file", test_corrupt_file);
  g_test_add_func ("/durability/foreign-database", test_foreign_database);
  g_test_add_func ("/durability/database-mode", test_database_mode);

  return g_test_run ();
}
