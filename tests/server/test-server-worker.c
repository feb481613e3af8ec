/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The door never waits (issue 15): big generates and sheets on worker
 * threads, generates written in slices yet all or nothing, the ticket
 * limit. Ordering, never timing: nothing here measures a duration. */
#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "server-test-util.h"
#include "tix-store.h"
#include "tix-store-schema.h"
#include "tix-store-schema-pg.h"
#if HAVE_POSTGRES
#include <libpq-fe.h>
#endif

/* Many slices (250 rows each) of a staged generate. */
#define BIG 5000

typedef struct
{
  char     *dir;
  char     *db_path;
  TixStore *store;
  TixUser  *user;
} StoreFixture;

static void
store_setup (StoreFixture  *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("tix-worker-XXXXXX", &error);
  g_assert_no_error (error);
  f->db_path = tix_test_database_new (f->dir);
  f->store = tix_store_open (f->db_path, &error);
  g_assert_no_error (error);
  f->user = tix_store_create_organization (f->store, "Hall", "anna@example.com", "Anna",
                                           "unused-hash", 10, &error);
  g_assert_no_error (error);
}

static void
store_teardown (StoreFixture  *f,
                gconstpointer  data)
{
  g_clear_object (&f->user);
  g_clear_object (&f->store);
  tix_test_database_drop (f->db_path);
  tix_test_remove_tree (f->dir);
  g_free (f->db_path);
  g_free (f->dir);
}

/* Every ticket of the organization the store shows: rows of a list page
 * (not the kept counts), by a search that matches every number. */
static gint64
visible (TixStore   *store,
         TixUser    *user,
         const char *search)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TixStorePage) page = NULL;
  TixStoreQuery query = { TIX_STORE_FILTER_ALL, search, NULL, 1, 1000 };

  page = tix_store_list_tickets (store, tix_user_get_organization_id (user), &query, &error);
  g_assert_no_error (error);
  /* The count of a search is a query over the rows too. */
  g_assert_cmpint (page->total, >=, page->tickets->len);
  return page->total;
}

static guint
n_changes (TixStore *store,
           TixUser  *user)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) changes = tix_store_list_changes (store,
                                                         tix_user_get_organization_id (user),
                                                         0, 100000, &error);

  g_assert_no_error (error);
  return changes->len;
}

static gint64
total (TixStore *store,
       TixUser  *user)
{
  gint64 all = -1, scanned = -1;

  g_assert_true (tix_store_get_counts (store, tix_user_get_organization_id (user), &all,
                                       &scanned, NULL));
  return all;
}

/* A big generate that fails in the middle leaves nothing; its numbers,
 * which nobody saw, go on without a gap. */
static void
test_store_fails_midway (StoreFixture  *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) failed = NULL;
  g_autoptr(GPtrArray) after = NULL;

  tix_store_set_generate_failure (f->store, 2, FALSE);
  failed = tix_store_generate_tickets (f->store, f->user, "GEN", NULL, BIG, 1000, &error);
  g_assert_null (failed);
  g_assert_error (error, TIX_STORE_ERROR, TIX_STORE_ERROR_FAILED);
  g_clear_error (&error);

  g_assert_cmpint (visible (f->store, f->user, "GEN"), ==, 0);
  g_assert_cmpint (total (f->store, f->user), ==, 0);
  g_assert_cmpuint (n_changes (f->store, f->user), ==, 0);

  tix_store_set_generate_failure (f->store, 0, FALSE);
  after = tix_store_generate_tickets (f->store, f->user, "GEN", NULL, BIG, 2000, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (after->len, ==, BIG);
  g_assert_cmpstr (tix_ticket_get_number (g_ptr_array_index (after, 0)), ==, "GEN-000001");
  g_assert_cmpint (visible (f->store, f->user, "GEN"), ==, BIG);
  g_assert_cmpint (total (f->store, f->user), ==, BIG);
  g_assert_cmpuint (n_changes (f->store, f->user), ==, BIG);
}

/* A server killed in the middle of a big generate: while its batch is
 * there nothing of it shows (and the changes after it wait); the next open
 * removes it; numbers given after it started are never given again. */
static void
test_store_killed_midway (StoreFixture  *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) failed = NULL;
  g_autoptr(GPtrArray) late = NULL;
  g_autoptr(GPtrArray) after = NULL;
  gint64 org_id = tix_user_get_organization_id (f->user);

  tix_store_set_generate_failure (f->store, 2, TRUE);
  failed = tix_store_generate_tickets (f->store, f->user, "GEN", NULL, BIG, 1000, &error);
  g_assert_null (failed);
  g_clear_error (&error);
  tix_store_set_generate_failure (f->store, 0, FALSE);

  g_assert_cmpint (visible (f->store, f->user, "GEN"), ==, 0);
  g_assert_cmpint (total (f->store, f->user), ==, 0);
  g_assert_null (tix_store_find_ticket_by_number (f->store, org_id, "GEN-000001", &error));
  g_assert_error (error, TIX_STORE_ERROR, TIX_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Made after the batch started: shown, but not synced past the batch. */
  late = tix_store_generate_tickets (f->store, f->user, "GEN", NULL, 10, 1500, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tix_ticket_get_number (g_ptr_array_index (late, 0)), ==, "GEN-005001");
  g_assert_cmpint (visible (f->store, f->user, "GEN"), ==, 10);
  g_assert_cmpuint (n_changes (f->store, f->user), ==, 0);
  /* A clear leaves the batch alone. */
  g_assert_cmpint (tix_store_clear_tickets (f->store, f->user, 0, 1600, &error), ==, 10);
  g_assert_no_error (error);
  late = (g_ptr_array_unref (late), NULL);
  late = tix_store_generate_tickets (f->store, f->user, "GEN", NULL, 10, 1700, &error);
  g_assert_no_error (error);

  /* The restart. On PostgreSQL the batch goes once its connection is gone,
   * which the server notices a moment after the close. */
  g_clear_object (&f->user);
  for (guint attempt = 0; attempt < 100; attempt++)
    {
      g_clear_object (&f->store);
      f->store = tix_store_open (f->db_path, &error);
      g_assert_no_error (error);
      f->user = tix_store_find_user_by_email (f->store, "anna@example.com", NULL, &error);
      g_assert_no_error (error);
      if (n_changes (f->store, f->user) > 0 || !tix_test_backend_is_postgres ())
        break;
      g_clear_object (&f->user);
      g_usleep (50 * 1000);
    }

  g_assert_cmpint (visible (f->store, f->user, "GEN"), ==, 10);
  g_assert_cmpint (total (f->store, f->user), ==, 10);
  /* The ten, and the tombstones of the ten cleared. */
  g_assert_cmpuint (n_changes (f->store, f->user), ==, 20);

  after = tix_store_generate_tickets (f->store, f->user, "GEN", NULL, 2001, 2000, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tix_ticket_get_number (g_ptr_array_index (after, 0)), ==, "GEN-005021");
  g_assert_cmpint (visible (f->store, f->user, "GEN"), ==, 2011);
  g_assert_cmpint (total (f->store, f->user), ==, 2011);
}

/* The quota counts what the organization holds. */
static void
test_store_quota (StoreFixture  *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) refused = NULL;
  g_autoptr(GPtrArray) rest = NULL;

  tix_store_set_max_tickets (f->store, 2500);
  first = tix_store_generate_tickets (f->store, f->user, "Q", NULL, 2000, 1000, &error);
  g_assert_no_error (error);
  refused = tix_store_generate_tickets (f->store, f->user, "Q", NULL, 501, 1000, &error);
  g_assert_null (refused);
  g_assert_error (error, TIX_STORE_ERROR, TIX_STORE_ERROR_LIMIT);
  g_assert_nonnull (strstr (error->message, "2500"));
  g_assert_nonnull (strstr (error->message, "500 more"));
  g_clear_error (&error);
  rest = tix_store_generate_tickets (f->store, f->user, "Q", NULL, 500, 1000, &error);
  g_assert_no_error (error);
  g_assert_cmpint (total (f->store, f->user), ==, 2500);
}

/* The schema before ticket_batches, with one organization, its admin and
 * one ticket: SQLite's version 3 in a file, PostgreSQL's version 1. */
static const char previous_data_sql[] =
  "INSERT INTO organizations (name, max_users, created_at) VALUES ('Old', 10, 0);"
  "INSERT INTO users (email, password_hash, name, role, organization_id, created_at)"
  " SELECT 'old@example.com', 'x', 'Old', 'admin', id, 0 FROM organizations;"
  "INSERT INTO ticket_counts (organization_id, total, scanned, changes)"
  " SELECT id, 1, 0, 1 FROM organizations;"
  "INSERT INTO ticket_counters (organization_id, prefix, next_number)"
  " SELECT id, 'OLD', 2 FROM organizations;"
  "INSERT INTO tickets (id, organization_id, number, prefix, generated_at, version)"
  " SELECT '9b2f0c4e-1111-4222-8333-444455556666', id, 'OLD-000001', 'OLD', 0, 1"
  " FROM organizations;";

static void
make_previous_sqlite (const char *path)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  for (guint v = 0; v < 3; v++)
    g_assert_cmpint (sqlite3_exec (db, tix_store_migrations[v], NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA application_id = 1414092833;"
                                     " PRAGMA user_version = 3;", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, previous_data_sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

static void
make_previous_postgres (const char *uri)
{
#if HAVE_POSTGRES
  PGconn *connection = PQconnectdb (uri);
  g_autofree char *sql = g_strconcat ("CREATE TABLE tix_schema (version INTEGER NOT NULL);"
                                      "INSERT INTO tix_schema VALUES (1);",
                                      tix_store_pg_migrations[0], previous_data_sql, NULL);
  PGresult *result;

  g_assert_cmpint (PQstatus (connection), ==, CONNECTION_OK);
  result = PQexec (connection, sql);
  if (PQresultStatus (result) != PGRES_COMMAND_OK)
    g_error ("%s", PQerrorMessage (connection));
  PQclear (result);
  PQfinish (connection);
#else
  g_assert_not_reached ();
#endif
}

/* A database of the previous schema: opened, migrated, its tickets kept,
 * and big generates work on it. */
static void
test_migrate_previous (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(TixStore) store = NULL;
  g_autoptr(TixUser) user = NULL;
  g_autoptr(GPtrArray) tickets = NULL;

  dir = g_dir_make_tmp ("tix-migrate-XXXXXX", &error);
  g_assert_no_error (error);
  path = tix_test_database_new (dir);
  if (tix_test_backend_is_postgres ())
    make_previous_postgres (path);
  else
    make_previous_sqlite (path);

  store = tix_store_open (path, &error);
  g_assert_no_error (error);
  user = tix_store_find_user_by_email (store, "old@example.com", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (visible (store, user, "OLD"), ==, 1);

  tickets = tix_store_generate_tickets (store, user, "OLD", NULL, 1500, 1000, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tix_ticket_get_number (g_ptr_array_index (tickets, 0)), ==, "OLD-000002");
  g_assert_cmpint (visible (store, user, "OLD"), ==, 1501);
  g_assert_cmpint (total (store, user), ==, 1501);
  g_assert_cmpuint (n_changes (store, user), ==, 1501);

  g_clear_object (&user);
  g_clear_object (&store);
  tix_test_database_drop (path);
  tix_test_remove_tree (dir);
}

/* Over HTTP */

typedef struct
{
  guint    status;
  guint    order;   /* 1 for the first answer, 2 for the next … */
  gboolean done;
  gsize    length;
  char     head[8]; /* the body's first bytes */
  char     tail;    /* and its last */
} Answer;

/* Answers are ordered by when their headers come: a 43 MB body takes a
 * while to read, but the server sends its headers only once the work is
 * done. */
static guint answers_seen;

static void
got_headers (SoupMessage *msg,
             gpointer     user_data)
{
  Answer *answer = user_data;

  if (answer->order == 0)
    answer->order = ++answers_seen;
}

static void
answered (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  Answer *answer = user_data;
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, NULL);

  answer->status = soup_message_get_status (msg);
  if (body != NULL)
    {
      answer->length = g_bytes_get_size (body);
      memcpy (answer->head, g_bytes_get_data (body, NULL), MIN (answer->length, 7));
      if (answer->length > 0)
        answer->tail = ((const char *) g_bytes_get_data (body, NULL))[answer->length - 1];
    }
  if (answer->order == 0)
    answer->order = ++answers_seen;
  answer->done = TRUE;
}

static void
send_async (SoupSession *session,
            const char  *base_url,
            const char  *method,
            const char  *path,
            const char  *token,
            const char  *json,
            Answer      *answer)
{
  g_autofree char *url = g_strconcat (base_url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);

  if (token != NULL)
    {
      g_autofree char *bearer = g_strconcat ("Bearer ", token, NULL);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                    bearer);
    }
  if (json != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (json, strlen (json));
      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  g_signal_connect (msg, "got-headers", G_CALLBACK (got_headers), answer);
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, answered, answer);
}

/* While another organization's 100,000 tickets are made, a scan at the
 * door, a list and /health are answered: before the generate is. */
static void
test_scan_during_generate (TixApiFixture *f,
                           gconstpointer  data)
{
  g_autofree char *a = tix_api_register (f, "anna@example.com", "Anna", NULL);
  g_autofree char *b = tix_api_register (f, "bob@example.com", "Bob", NULL);
  g_autoptr(JsonArray) door = tix_api_generate (f, b, "DOOR", 3, NULL);
  g_autoptr(SoupSession) session = tix_api_session_new ();
  g_autofree char *scan_path = NULL;
  g_autofree char *body = NULL;
  /* Under valgrind everything is 50 times slower: fewer do. */
  guint count = tix_api_under_valgrind () ? 10000 : 100000;
  Answer generate = { 0 }, scan = { 0 }, health = { 0 }, list = { 0 };

  answers_seen = 0;
  body = g_strdup_printf ("{\"count\": %u, \"prefix\": \"BIG\"}", count);
  send_async (session, f->server->url, "POST", "/api/tickets/generate", a, body, &generate);
  /* Let the generate get under way first (not a measurement: only so that
   * the requests below come while it runs). */
  tix_api_spin_for_ms (200);
  scan_path = g_strdup_printf ("/api/tickets/%s/scan",
                               tix_api_string (json_array_get_object_element (door, 0), "id"));
  send_async (session, f->server->url, "PUT", scan_path, b, NULL, &scan);
  send_async (session, f->server->url, "GET", "/health", NULL, NULL, &health);
  send_async (session, f->server->url, "GET", "/api/tickets?limit=10", b, NULL, &list);

  g_assert_true (tix_api_spin_until (&scan.done, 120000));
  g_assert_true (tix_api_spin_until (&health.done, 120000));
  g_assert_true (tix_api_spin_until (&list.done, 120000));
  g_assert_true (tix_api_spin_until (&generate.done, 600000));

  g_assert_cmpuint (scan.status, ==, 200);
  g_assert_cmpuint (health.status, ==, 200);
  g_assert_cmpuint (list.status, ==, 200);
  g_assert_cmpuint (generate.status, ==, 201);
  g_assert_cmpuint (scan.order, <, generate.order);
  /* The whole array, sent in slices: [{…},…,{…}], about 380 bytes a ticket. */
  g_assert_cmpint (generate.head[0], ==, '[');
  g_assert_cmpint (generate.tail, ==, ']');
  g_assert_cmpuint (generate.length, >, (gsize) count * 300);
  g_assert_cmpuint (health.order, <, generate.order);
  g_assert_cmpuint (list.order, <, generate.order);
  g_assert_cmpint (tix_api_list_total (f, a, ""), ==, count);

  soup_session_abort (session);
}

/* Four sheets of 2,000 tickets at once, drawn on the sheet workers and sent
 * in slices: each is a whole PDF, and /health is answered meanwhile. (Not
 * an ordering test: a quiet machine may draw them all before the probe.) */
static void
test_health_during_sheets (TixApiFixture *f,
                           gconstpointer  data)
{
  g_autofree char *a = tix_api_register (f, "anna@example.com", "Anna", NULL);
  g_autoptr(JsonArray) tickets = tix_api_generate (f, a, "SHEET",
                                                   tix_api_under_valgrind () ? 200 : 2000, NULL);
  g_autoptr(SoupSession) session = tix_api_session_new ();
  Answer sheets[4] = { 0 }, health = { 0 };

  answers_seen = 0;
  for (guint i = 0; i < G_N_ELEMENTS (sheets); i++)
    send_async (session, f->server->url, "GET", "/api/tickets/sheet.pdf?layout=a4-3x7", a,
                NULL, &sheets[i]);
  tix_api_spin_for_ms (200);
  send_async (session, f->server->url, "GET", "/health", NULL, NULL, &health);

  g_assert_true (tix_api_spin_until (&health.done, 120000));
  for (guint i = 0; i < G_N_ELEMENTS (sheets); i++)
    {
      g_assert_true (tix_api_spin_until (&sheets[i].done, 600000));
      g_assert_cmpuint (sheets[i].status, ==, 200);
    }
  g_assert_cmpuint (health.status, ==, 200);
  for (guint i = 0; i < G_N_ELEMENTS (sheets); i++)
    {
      g_assert_cmpstr (sheets[i].head, ==, "%PDF-1.");
      g_assert_cmpuint (sheets[i].length, ==, sheets[0].length);
    }

  soup_session_abort (session);
}

/* The embedded server stopped while a big generate runs: it stops cleanly
 * and the generate is all there or not at all. */
static void
test_stop_during_generate (void)
{
  g_autoptr(TixTestServer) server = tix_test_server_new ();
  g_autoptr(SoupSession) session = tix_api_session_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(TixStore) store = NULL;
  g_autoptr(TixUser) user = NULL;
  TixApiFixture f = { server, session };
  g_autofree char *token = tix_api_register (&f, "anna@example.com", "Anna", NULL);
  Answer generate = { 0 };
  gint64 shown;

  send_async (session, server->url, "POST", "/api/tickets/generate", token,
              "{\"count\": 20000, \"prefix\": \"STOP\"}", &generate);
  tix_api_spin_for_ms (100);
  tix_server_thread_stop (server->thread);
  soup_session_abort (session);

  store = tix_store_open (server->db_path, &error);
  g_assert_no_error (error);
  user = tix_store_find_user_by_email (store, "anna@example.com", NULL, &error);
  g_assert_no_error (error);
  shown = visible (store, user, "STOP");
  g_assert_true (shown == 0 || shown == 20000);
  g_assert_cmpint (total (store, user), ==, shown);
}

/* --max-tickets: a 409 naming "count" that says the limit and what is left;
 * on the worker (over 100 tickets) and on the server's thread alike. */
static void
test_quota_http (void)
{
  g_autoptr(TixTestServer) server = NULL;
  TixApiFixture f = { 0 };
  TixServerOptions options;
  g_autofree char *token = NULL;
  g_autoptr(TixApiResponse) big = NULL;
  g_autoptr(TixApiResponse) small = NULL;
  g_autoptr(JsonArray) made = NULL;
  g_autoptr(JsonArray) rest = NULL;
  const char *message;

  tix_server_options_init (&options);
  options.fast_password_hashing = TRUE;
  options.max_tickets = 250;
  f.server = server = tix_test_server_new_with (&options);
  f.session = tix_api_session_new ();

  token = tix_api_register (&f, "anna@example.com", "Anna", NULL);
  made = tix_api_generate (&f, token, "Q", 200, NULL);

  big = tix_api_request (&f, "POST", "/api/tickets/generate", token,
                         "{\"count\": 120, \"prefix\": \"Q\"}");
  tix_api_assert_error (big, 409, "count");
  message = tix_api_string (tix_api_object (big), "error");
  g_assert_nonnull (strstr (message, "250"));
  g_assert_nonnull (strstr (message, "50 more"));

  small = tix_api_request (&f, "POST", "/api/tickets/generate", token,
                           "{\"count\": 51, \"prefix\": \"Q\"}");
  tix_api_assert_error (small, 409, "count");

  rest = tix_api_generate (&f, token, "Q", 50, NULL);
  g_assert_cmpint (tix_api_list_total (&f, token, ""), ==, 250);

  soup_session_abort (f.session);
  g_clear_object (&f.session);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/tix/store/generate/fails-midway", StoreFixture, NULL, store_setup,
              test_store_fails_midway, store_teardown);
  g_test_add ("/tix/store/generate/killed-midway", StoreFixture, NULL, store_setup,
              test_store_killed_midway, store_teardown);
  g_test_add ("/tix/store/generate/quota", StoreFixture, NULL, store_setup,
              test_store_quota, store_teardown);
  g_test_add_func ("/tix/store/migrate/previous", test_migrate_previous);
  g_test_add_func ("/tix/server/generate/quota", test_quota_http);
  g_test_add_func ("/tix/server/generate/stop-meanwhile", test_stop_during_generate);
  g_test_add ("/tix/server/door-never-waits/generate", TixApiFixture, NULL,
              tix_api_fixture_setup, test_scan_during_generate, tix_api_fixture_teardown);
  g_test_add ("/tix/server/door-never-waits/sheets", TixApiFixture, NULL,
              tix_api_fixture_setup, test_health_during_sheets, tix_api_fixture_teardown);

  return g_test_run ();
}
