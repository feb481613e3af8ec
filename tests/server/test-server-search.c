/* SPDX-License-Identifier: GPL-3.0-or-later */
/* GET /api/tickets?search=: digits anywhere in the number, words of the extra
 * text, a ticket's code; and a database of the previous version migrating to
 * the index. On SQLite and (suite postgres) PostgreSQL. */
#include "config.h"

#include <sqlite3.h>

#include "server-test-util.h"

typedef struct
{
  TixApiFixture  api;
  char          *token;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  tix_api_fixture_setup (&f->api, data);
  f->token = tix_api_register (&f->api, "search@example.org", "Sam", NULL);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_free (f->token);
  tix_api_fixture_teardown (&f->api, data);
}

static gint64
total (Fixture    *f,
       const char *search)
{
  g_autofree char *escaped = g_uri_escape_string (search, NULL, FALSE);
  g_autofree char *query = g_strconcat ("search=", escaped, NULL);

  return tix_api_list_total (&f->api, f->token, query);
}

static void
test_anywhere (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(JsonArray) vip = tix_api_generate (&f->api, f->token, "VIP", 60, "Balcony, row C");
  g_autoptr(JsonArray) ga = tix_api_generate (&f->api, f->token, "GA", 5, "Stalls");
  g_autoptr(JsonArray) other = NULL;
  g_autofree char *other_token = NULL;

  /* Digits anywhere in the number: VIP-000042 only (two characters). */
  g_assert_cmpint (total (f, "42"), ==, 1);
  /* Three and more go through the index. */
  g_assert_cmpint (total (f, "042"), ==, 1);
  g_assert_cmpint (total (f, "0004"), ==, 12);   /* VIP-000004, VIP-000040…49, GA-000004 */
  g_assert_cmpint (total (f, "000005"), ==, 2);  /* VIP- and GA-000005 */
  /* The start of the number still works, case-insensitively. */
  g_assert_cmpint (total (f, "vip-00001"), ==, 10);
  g_assert_cmpint (total (f, "GA"), ==, 5);
  /* Words of the extra text, in any case, anywhere. */
  g_assert_cmpint (total (f, "Balcony"), ==, 60);
  g_assert_cmpint (total (f, "balc"), ==, 60);
  g_assert_cmpint (total (f, "row C"), ==, 60);
  g_assert_cmpint (total (f, "stalls"), ==, 5);
  g_assert_cmpint (total (f, "Gallery"), ==, 0);
  /* Characters with a meaning in SQL or FTS5 are only characters. */
  g_assert_cmpint (total (f, "%"), ==, 0);
  g_assert_cmpint (total (f, "_"), ==, 0);
  g_assert_cmpint (total (f, "\"Balcony\" OR x"), ==, 0);
  g_assert_cmpint (total (f, "'); DROP TABLE tickets; --"), ==, 0);
  g_assert_cmpint (total (f, "Balcony, row"), ==, 60);

  /* With the filter, and only the organization's own. */
  {
    g_autofree char *path = g_strdup_printf ("/api/tickets/%s/scan",
      tix_api_string (json_array_get_object_element (vip, 41), "id"));
    g_autoptr(TixApiResponse) scanned = tix_api_request (&f->api, "PUT", path, f->token, NULL);

    tix_api_assert_status (scanned, 200);
  }
  g_assert_cmpint (tix_api_list_total (&f->api, f->token, "search=42&filter=scanned"), ==, 1);
  g_assert_cmpint (tix_api_list_total (&f->api, f->token, "search=Balcony&filter=scanned"), ==, 1);
  g_assert_cmpint (tix_api_list_total (&f->api, f->token, "search=Balcony&filter=not-scanned"),
                   ==, 59);
  other_token = tix_api_register (&f->api, "other@example.org", "Otto", NULL);
  other = tix_api_generate (&f->api, other_token, "VIP", 3, "Balcony");
  g_assert_cmpint (total (f, "Balcony"), ==, 60);

  /* Paged by cursor, every match once. */
  {
    gint64 n = 0;
    g_autoptr(GPtrArray) ids = tix_api_list_all (&f->api, f->token, "search=Balcony", 7, &n);

    g_assert_cmpint (n, ==, 60);
    g_assert_cmpuint (ids->len, ==, 60);
  }

  /* A ticket's code finds that ticket; a mistyped one nothing. */
  {
    g_autofree char *code = g_strdup (tix_api_string (json_array_get_object_element (ga, 2), "code"));

    g_assert_cmpint (total (f, code), ==, 1);
    code[50] = code[50] == 'A' ? 'B' : 'A';
    g_assert_cmpint (total (f, code), ==, 0);
  }

  /* Deleted and changed tickets leave the index. */
  {
    g_autofree char *path = g_strdup_printf ("/api/tickets/%s",
      tix_api_string (json_array_get_object_element (vip, 41), "id"));
    g_autoptr(TixApiResponse) deleted = tix_api_request (&f->api, "DELETE", path, f->token, NULL);

    tix_api_assert_status (deleted, 200);
    g_assert_cmpint (total (f, "042"), ==, 0);
    g_assert_cmpint (total (f, "Balcony"), ==, 59);
  }
}

static char *
numbers (Fixture    *f,
         const char *query)
{
  g_autofree char *path = g_strconcat ("/api/tickets?", query, NULL);
  g_autoptr(TixApiResponse) response = tix_api_request (&f->api, "GET", path, f->token, NULL);
  g_autoptr(GString) out = g_string_new (NULL);
  JsonArray *tickets;

  tix_api_assert_status (response, 200);
  tickets = json_object_get_array_member (tix_api_object (response), "tickets");
  for (guint i = 0; i < json_array_get_length (tickets); i++)
    {
      if (i > 0)
        g_string_append_c (out, ' ');
      g_string_append (out, tix_api_string (json_array_get_object_element (tickets, i), "number"));
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
scan_at (Fixture   *f,
         JsonArray *tickets,
         guint      i)
{
  g_autofree char *path = g_strdup_printf ("/api/tickets/%s/scan",
    tix_api_string (json_array_get_object_element (tickets, i), "id"));
  g_autoptr(TixApiResponse) scanned = tix_api_request (&f->api, "PUT", path, f->token, NULL);

  tix_api_assert_status (scanned, 200);
  g_usleep (2000);   /* scans a few ms apart: their order is theirs */
}

/* The list sorts on the server by number, generated or scanned, either way,
 * paged by page (a cursor pages the default order only). */
static void
test_sort (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(JsonArray) vip = tix_api_generate (&f->api, f->token, "VIP", 3, NULL);
  g_autoptr(JsonArray) ga = tix_api_generate (&f->api, f->token, "GA", 2, NULL);
  g_autoptr(TixApiResponse) bad = NULL;
  g_autoptr(TixApiResponse) cursor = NULL;
  g_autofree char *s1 = NULL, *s2 = NULL, *s3 = NULL, *s4 = NULL, *s5 = NULL, *s6 = NULL;
  g_autofree char *s7 = NULL, *s8 = NULL;

  scan_at (f, vip, 1);
  scan_at (f, ga, 0);

  g_assert_cmpstr ((s1 = numbers (f, "")), ==, "GA-000002 GA-000001 VIP-000003 VIP-000002 VIP-000001");
  g_assert_cmpstr ((s2 = numbers (f, "sort=generated")), ==,
                   "VIP-000001 VIP-000002 VIP-000003 GA-000001 GA-000002");
  g_assert_cmpstr ((s3 = numbers (f, "sort=number")), ==,
                   "GA-000001 GA-000002 VIP-000001 VIP-000002 VIP-000003");
  g_assert_cmpstr ((s4 = numbers (f, "sort=-number")), ==,
                   "VIP-000003 VIP-000002 VIP-000001 GA-000002 GA-000001");
  g_assert_cmpstr ((s5 = numbers (f, "sort=-scanned")), ==,
                   "GA-000001 VIP-000002 GA-000002 VIP-000003 VIP-000001");
  g_assert_cmpstr ((s6 = numbers (f, "sort=scanned&filter=scanned")), ==, "VIP-000002 GA-000001");
  /* By page, with search. */
  g_assert_cmpstr ((s7 = numbers (f, "sort=number&limit=2&page=2")), ==, "VIP-000001 VIP-000002");
  g_assert_cmpstr ((s8 = numbers (f, "sort=number&search=000002")), ==, "GA-000002 VIP-000002");

  bad = tix_api_request (&f->api, "GET", "/api/tickets?sort=price", f->token, NULL);
  tix_api_assert_error (bad, 400, "sort");
  cursor = tix_api_request (&f->api, "GET", "/api/tickets?sort=number&cursor=3", f->token, NULL);
  tix_api_assert_error (cursor, 400, "cursor");
}

/* A database made by the previous version (schema 3, no search index) is
 * migrated on open, and the index holds its old tickets. */
static void
test_migrated (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(JsonArray) old = tix_api_generate (&f->api, f->token, "OLD", 50, "Balcony");
  TixTestServer *server = f->api.server;
  TixServerOptions options;
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;
  char *message = NULL;

  if (tix_test_backend_is_postgres ())
    {
      g_test_skip ("the previous version's schema is made on SQLite here");
      return;
    }

  tix_server_thread_stop (server->thread);
  g_assert_finalize_object (g_steal_pointer (&server->thread));

  g_assert_cmpint (sqlite3_open (server->db_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
                                 /* back from 8 to 3: the sales (8), */
                                 "DROP TABLE order_items;"
                                 "DROP TABLE orders;"
                                 "DROP TABLE shifts;"
                                 "DROP INDEX tickets_order;"
                                 "ALTER TABLE tickets DROP COLUMN type_id;"
                                 "ALTER TABLE tickets DROP COLUMN order_id;"
                                 "ALTER TABLE tickets DROP COLUMN refunded_at;"
                                 "ALTER TABLE ticket_counts DROP COLUMN next_order;"
                                 "ALTER TABLE events DROP COLUMN refunded;"
                                 "DROP TABLE ticket_types;"
                                 /* the door rules (7), */
                                 "DROP TABLE scan_log;"
                                 "DROP TABLE entrance_types;"
                                 "DROP TABLE entrances;"
                                 "ALTER TABLE tickets DROP COLUMN inside;"
                                 "ALTER TABLE tickets DROP COLUMN entrance_id;"
                                 "ALTER TABLE tickets DROP COLUMN last_in_at;"
                                 "ALTER TABLE tickets DROP COLUMN last_out_at;"
                                 /* the search (4), */
                                 "DROP TRIGGER tickets_fts_insert;"
                                 "DROP TRIGGER tickets_fts_delete;"
                                 "DROP TRIGGER tickets_fts_update;"
                                 "DROP TABLE tickets_fts;"
                                 "DROP INDEX deleted_tickets_number;"
                                 /* big generates (5) and events (6) */
                                 "DROP TABLE ticket_batches;"
                                 "DROP INDEX tickets_event;"
                                 "DROP INDEX tickets_event_scanned;"
                                 "DROP INDEX tickets_event_not_scanned;"
                                 "DROP INDEX tickets_event_generated_at;"
                                 "DROP INDEX tickets_event_scanned_at;"
                                 "ALTER TABLE tickets DROP COLUMN event_id;"
                                 "DROP TABLE events;"
                                 "DELETE FROM settings WHERE key = 'current_event_id';"
                                 "PRAGMA user_version = 3;",
                                 NULL, NULL, &message), ==, SQLITE_OK);
  sqlite3_close (db);

  tix_server_options_init (&options);
  options.fast_password_hashing = TRUE;
  server->thread = tix_server_thread_new (server->db_path, &options, "127.0.0.1", 0, &error);
  g_assert_no_error (error);
  server->url = tix_server_thread_get_url (server->thread);

  g_assert_cmpint (total (f, "042"), ==, 1);
  g_assert_cmpint (total (f, "Balcony"), ==, 50);
  /* And it keeps up with new tickets. */
  g_clear_pointer (&old, json_array_unref);
  old = tix_api_generate (&f->api, f->token, "NEW", 5, "Balcony");
  g_assert_cmpint (total (f, "Balcony"), ==, 55);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/tix/server/search/anywhere", test_anywhere);
  ADD ("/tix/server/search/migrated", test_migrated);
  ADD ("/tix/server/sort", test_sort);

  return g_test_run ();
}
