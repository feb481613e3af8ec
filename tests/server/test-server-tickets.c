/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "server-test-util.h"

/* A test server with one registered admin. */
typedef struct
{
  TixApiFixture  api;
  char          *token;
  JsonObject    *user;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  tix_api_fixture_setup (&f->api, data);
  f->token = tix_api_register (&f->api, "anna@example.com", "Anna Admin", &f->user);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_pointer (&f->token, g_free);
  g_clear_pointer (&f->user, json_object_unref);
  tix_api_fixture_teardown (&f->api, data);
}

static const char *
number_at (JsonArray *tickets,
           guint      index)
{
  return tix_api_string (json_array_get_object_element (tickets, index), "number");
}

static const char *
id_at (JsonArray *tickets,
       guint      index)
{
  return tix_api_string (json_array_get_object_element (tickets, index), "id");
}

static void
test_generate (Fixture       *f,
               gconstpointer  data)
{
  gint64 before = g_get_real_time () / 1000;
  g_autoptr(JsonArray) tickets = tix_api_generate (&f->api, f->token, "VIP", 3, "Row 5");
  gint64 after = g_get_real_time () / 1000;
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < 3; i++)
    {
      JsonObject *t = json_array_get_object_element (tickets, i);
      g_autofree char *number = g_strdup_printf ("VIP-%06u", i + 1);
      gint64 generated;

      tix_api_assert_ticket (t);
      g_assert_cmpstr (tix_api_string (t, "number"), ==, number);
      g_assert_cmpstr (tix_api_string (t, "prefix"), ==, "VIP");
      g_assert_cmpstr (tix_api_string_or_null (t, "extra"), ==, "Row 5");
      g_assert_null (tix_api_string_or_null (t, "scanned_at"));
      g_assert_true (tix_api_is_null (t, "scanned_by"));
      g_assert_true (tix_api_is_null (t, "scanned_by_name"));
      g_assert_cmpint (tix_api_int (t, "organization_id"), ==,
                       tix_api_int (f->user, "organization_id"));
      g_assert_cmpint (tix_api_int (t, "created_by"), ==, tix_api_int (f->user, "id"));

      generated = tix_api_parse_time (tix_api_string (t, "generated_at"));
      g_assert_cmpint (generated, >=, before - 1000);
      g_assert_cmpint (generated, <=, after + 1000);

      g_assert_false (g_hash_table_contains (ids, tix_api_string (t, "id")));
      g_hash_table_add (ids, (gpointer) tix_api_string (t, "id"));
    }
}

static void
test_generate_continues (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(JsonArray) first = tix_api_generate (&f->api, f->token, "VIP", 3, NULL);
  g_autoptr(JsonArray) second = tix_api_generate (&f->api, f->token, "VIP", 2, NULL);
  g_autoptr(JsonArray) other = tix_api_generate (&f->api, f->token, "GA", 2, "");
  g_autoptr(JsonArray) third = tix_api_generate (&f->api, f->token, "VIP", 1, NULL);

  g_assert_cmpstr (number_at (first, 2), ==, "VIP-000003");
  g_assert_cmpstr (number_at (second, 0), ==, "VIP-000004");
  g_assert_cmpstr (number_at (second, 1), ==, "VIP-000005");
  g_assert_cmpstr (number_at (other, 0), ==, "GA-000001");
  g_assert_cmpstr (number_at (other, 1), ==, "GA-000002");
  g_assert_cmpstr (number_at (third, 0), ==, "VIP-000006");

  /* no extra given: null */
  g_assert_true (tix_api_is_null (json_array_get_object_element (second, 0), "extra"));
  g_assert_cmpint (tix_api_list_total (&f->api, f->token, NULL), ==, 8);
}

static void
test_generate_max (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(JsonArray) tickets = NULL;
  g_autoptr(JsonObject) stats = NULL;

  if (tix_api_under_valgrind ())
    {
      g_test_skip ("100000 tickets take too long under valgrind");
      return;
    }

  tickets = tix_api_generate (&f->api, f->token, "MAX", 100000, NULL);
  g_assert_cmpstr (number_at (tickets, 0), ==, "MAX-000001");
  g_assert_cmpstr (number_at (tickets, 99999), ==, "MAX-100000");
  tix_api_assert_ticket (json_array_get_object_element (tickets, 99999));

  stats = tix_api_stats (&f->api, f->token);
  g_assert_cmpint (tix_api_int (stats, "total"), ==, 100000);
}

static void
test_get (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(JsonArray) tickets = tix_api_generate (&f->api, f->token, "VIP", 2, "caf\xc3\xa9");
  g_autoptr(JsonObject) ticket = tix_api_get_ticket (&f->api, f->token, id_at (tickets, 1));
  g_autoptr(JsonNode) expected = json_node_init_object (json_node_alloc (),
                                                        json_array_get_object_element (tickets, 1));
  g_autoptr(JsonNode) got = json_node_init_object (json_node_alloc (), ticket);

  g_assert_true (json_node_equal (expected, got));
  g_assert_cmpstr (tix_api_string (ticket, "extra"), ==, "caf\xc3\xa9");
}

static void
test_get_unknown (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autoptr(TixApiResponse) r = tix_api_requestf (&f->api, "GET", f->token, NULL,
                                                  "/api/tickets/%s", id);

  tix_api_assert_error (r, 404, NULL);
}

static void
test_scan (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(JsonArray) tickets = tix_api_generate (&f->api, f->token, "VIP", 2, NULL);
  const char *id = id_at (tickets, 0);
  gint64 before = g_get_real_time () / 1000;
  g_autoptr(TixApiResponse) r = tix_api_requestf (&f->api, "PUT", f->token, NULL,
                                                  "/api/tickets/%s/scan", id);
  gint64 after = g_get_real_time () / 1000;
  g_autoptr(JsonObject) again = NULL;
  g_autoptr(JsonObject) untouched = NULL;
  JsonObject *o, *t;
  gint64 scanned;

  tix_api_assert_status (r, 200);
  o = tix_api_object (r);
  tix_api_assert_members (o, (const char * const[]) { "success", "ticket", "entry", "entrance", NULL }, NULL);
  g_assert_true (json_object_get_boolean_member (o, "success"));
  t = json_object_get_object_member (o, "ticket");
  tix_api_assert_ticket (t);
  g_assert_cmpstr (tix_api_string (t, "id"), ==, id);
  g_assert_cmpstr (tix_api_string (t, "number"), ==, "VIP-000001");
  scanned = tix_api_parse_time (tix_api_string (t, "scanned_at"));
  g_assert_cmpint (scanned, >=, before - 1000);
  g_assert_cmpint (scanned, <=, after + 1000);
  g_assert_cmpint (tix_api_int (t, "scanned_by"), ==, tix_api_int (f->user, "id"));
  g_assert_cmpstr (tix_api_string_or_null (t, "scanned_by_name"), ==, "Anna Admin");

  /* it sticks */
  again = tix_api_get_ticket (&f->api, f->token, id);
  g_assert_cmpstr (tix_api_string (again, "scanned_at"), ==, tix_api_string (t, "scanned_at"));
  g_assert_cmpint (tix_api_int (again, "scanned_by"), ==, tix_api_int (f->user, "id"));

  /* and touches no other ticket */
  untouched = tix_api_get_ticket (&f->api, f->token, id_at (tickets, 1));
  g_assert_null (tix_api_string_or_null (untouched, "scanned_at"));
}

static void
test_scan_twice (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(JsonArray) tickets = tix_api_generate (&f->api, f->token, "VIP", 1, NULL);
  const char *id = id_at (tickets, 0);
  g_autoptr(TixApiResponse) first = tix_api_requestf (&f->api, "PUT", f->token, NULL,
                                                      "/api/tickets/%s/scan", id);
  g_autoptr(TixApiResponse) second = NULL;
  g_autoptr(JsonObject) stats = NULL;
  JsonObject *o, *t, *first_ticket;

  tix_api_assert_status (first, 200);
  first_ticket = json_object_get_object_member (tix_api_object (first), "ticket");

  for (int i = 0; i < 3; i++)
    {
      g_clear_pointer (&second, tix_api_response_free);
      second = tix_api_requestf (&f->api, "PUT", f->token, NULL, "/api/tickets/%s/scan", id);
      tix_api_assert_error (second, 400, NULL);
      o = tix_api_object (second);
      g_assert_true (json_object_get_boolean_member (o, "duplicate"));
      g_assert_false (json_object_has_member (o, "success") &&
                      json_object_get_boolean_member (o, "success"));
      t = json_object_get_object_member (o, "ticket");
      g_assert_nonnull (t);
      tix_api_assert_ticket (t);
      g_assert_cmpstr (tix_api_string (t, "id"), ==, id);
      /* the first scan's time, not this one's */
      g_assert_cmpstr (tix_api_string (t, "scanned_at"), ==,
                       tix_api_string (first_ticket, "scanned_at"));
    }

  stats = tix_api_stats (&f->api, f->token);
  g_assert_cmpint (tix_api_int (stats, "scanned"), ==, 1);
  g_assert_cmpint (tix_api_int (stats, "total"), ==, 1);
}

static void
test_scan_unknown (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autoptr(TixApiResponse) r = tix_api_requestf (&f->api, "PUT", f->token, NULL,
                                                  "/api/tickets/%s/scan", id);
  g_autoptr(JsonObject) stats = NULL;

  tix_api_assert_error (r, 404, NULL);
  stats = tix_api_stats (&f->api, f->token);
  g_assert_cmpint (tix_api_int (stats, "scanned"), ==, 0);
}

static void
test_delete (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(JsonArray) tickets = tix_api_generate (&f->api, f->token, "VIP", 3, NULL);
  const char *id = id_at (tickets, 1);
  g_autoptr(TixApiResponse) r = NULL;
  g_autoptr(JsonObject) stats = NULL;

  r = tix_api_requestf (&f->api, "DELETE", f->token, NULL, "/api/tickets/%s", id);
  g_assert_cmpuint (r->status, >=, 200);
  g_assert_cmpuint (r->status, <, 300);
  g_clear_pointer (&r, tix_api_response_free);

  r = tix_api_requestf (&f->api, "GET", f->token, NULL, "/api/tickets/%s", id);
  tix_api_assert_error (r, 404, NULL);
  g_clear_pointer (&r, tix_api_response_free);
  r = tix_api_requestf (&f->api, "PUT", f->token, NULL, "/api/tickets/%s/scan", id);
  tix_api_assert_error (r, 404, NULL);
  g_clear_pointer (&r, tix_api_response_free);
  r = tix_api_requestf (&f->api, "DELETE", f->token, NULL, "/api/tickets/%s", id);
  tix_api_assert_error (r, 404, NULL);

  g_assert_cmpint (tix_api_list_total (&f->api, f->token, NULL), ==, 2);
  stats = tix_api_stats (&f->api, f->token);
  g_assert_cmpint (tix_api_int (stats, "total"), ==, 2);

  /* the others are still there */
  for (guint i = 0; i < 3; i += 2)
    {
      g_autoptr(JsonObject) other = tix_api_get_ticket (&f->api, f->token, id_at (tickets, i));
      g_assert_null (tix_api_string_or_null (other, "scanned_at"));
    }
}

static void
test_delete_scanned (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(JsonArray) tickets = tix_api_generate (&f->api, f->token, "VIP", 2, NULL);
  g_autoptr(TixApiResponse) r = NULL;
  g_autoptr(JsonObject) stats = NULL;

  r = tix_api_requestf (&f->api, "PUT", f->token, NULL, "/api/tickets/%s/scan",
                        id_at (tickets, 0));
  tix_api_assert_status (r, 200);
  g_clear_pointer (&r, tix_api_response_free);
  r = tix_api_requestf (&f->api, "DELETE", f->token, NULL, "/api/tickets/%s", id_at (tickets, 0));
  g_assert_cmpuint (r->status, >=, 200);
  g_assert_cmpuint (r->status, <, 300);

  stats = tix_api_stats (&f->api, f->token);
  g_assert_cmpint (tix_api_int (stats, "total"), ==, 1);
  g_assert_cmpint (tix_api_int (stats, "scanned"), ==, 0);
  g_assert_cmpint (tix_api_int (stats, "not_scanned"), ==, 1);
}

static void
test_clear (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(JsonArray) tickets = tix_api_generate (&f->api, f->token, "VIP", 5, NULL);
  g_autoptr(JsonArray) more = NULL;
  g_autoptr(TixApiResponse) r = NULL;
  g_autoptr(JsonObject) stats = NULL;

  r = tix_api_requestf (&f->api, "PUT", f->token, NULL, "/api/tickets/%s/scan",
                        id_at (tickets, 0));
  tix_api_assert_status (r, 200);
  g_clear_pointer (&r, tix_api_response_free);

  r = tix_api_request (&f->api, "DELETE", "/api/tickets", f->token, NULL);
  tix_api_assert_status (r, 200);
  tix_api_object (r);
  g_clear_pointer (&r, tix_api_response_free);

  g_assert_cmpint (tix_api_list_total (&f->api, f->token, NULL), ==, 0);
  stats = tix_api_stats (&f->api, f->token);
  g_assert_cmpint (tix_api_int (stats, "total"), ==, 0);
  g_assert_cmpint (tix_api_int (stats, "scanned"), ==, 0);

  r = tix_api_requestf (&f->api, "GET", f->token, NULL, "/api/tickets/%s", id_at (tickets, 3));
  tix_api_assert_error (r, 404, NULL);

  /* numbers are never reused */
  more = tix_api_generate (&f->api, f->token, "VIP", 1, NULL);
  g_assert_cmpstr (number_at (more, 0), ==, "VIP-000006");
}

static JsonObject *
list (Fixture    *f,
      const char *query,
      guint       expected_status)
{
  g_autoptr(TixApiResponse) r = tix_api_requestf (&f->api, "GET", f->token, NULL,
                                                  "/api/tickets%s%s",
                                                  query != NULL ? "?" : "",
                                                  query != NULL ? query : "");
  JsonObject *o;

  tix_api_assert_status (r, expected_status);
  o = tix_api_object (r);
  tix_api_assert_members (o, (const char * const[]) { "tickets", "total", "page", "limit",
                                                      "next_cursor", NULL }, NULL);
  g_assert_nonnull (json_object_get_array_member (o, "tickets"));
  tix_api_int (o, "total");
  tix_api_int (o, "page");
  tix_api_int (o, "limit");
  return json_object_ref (o);
}

static void
test_list_shape (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(JsonArray) tickets = tix_api_generate (&f->api, f->token, "VIP", 150, NULL);
  g_autoptr(JsonObject) o = list (f, NULL, 200);
  JsonArray *page = json_object_get_array_member (o, "tickets");

  g_assert_cmpint (tix_api_int (o, "total"), ==, 150);
  g_assert_cmpint (tix_api_int (o, "page"), ==, 1);
  g_assert_cmpint (tix_api_int (o, "limit"), ==, 100);
  g_assert_cmpuint (json_array_get_length (page), ==, 100);
  g_assert_nonnull (tix_api_string (o, "next_cursor"));
  for (guint i = 0; i < json_array_get_length (page); i++)
    tix_api_assert_ticket (json_array_get_object_element (page, i));
}

static void
test_list_empty (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(JsonObject) o = list (f, NULL, 200);

  g_assert_cmpint (tix_api_int (o, "total"), ==, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "tickets")), ==, 0);
  g_assert_true (tix_api_is_null (o, "next_cursor"));
}

static void
test_list_limit (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(JsonArray) tickets = tix_api_generate (&f->api, f->token, "VIP", 1500, NULL);
  g_autoptr(JsonObject) clamped = list (f, "limit=5000", 200);
  g_autoptr(JsonObject) max = list (f, "limit=1000", 200);
  g_autoptr(JsonObject) small = list (f, "limit=7", 200);

  g_assert_cmpint (tix_api_int (clamped, "limit"), ==, 1000);
  g_assert_cmpint (tix_api_int (clamped, "total"), ==, 1500);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (clamped, "tickets")),
                    ==, 1000);
  g_assert_cmpint (tix_api_int (max, "limit"), ==, 1000);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (max, "tickets")),
                    ==, 1000);
  g_assert_cmpint (tix_api_int (small, "limit"), ==, 7);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (small, "tickets")),
                    ==, 7);
}

static void
test_list_pages (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(JsonArray) tickets = tix_api_generate (&f->api, f->token, "VIP", 25, NULL);
  g_autoptr(JsonObject) all = list (f, "limit=100", 200);
  g_autoptr(JsonObject) page1 = list (f, "page=1&limit=10", 200);
  g_autoptr(JsonObject) page2 = list (f, "page=2&limit=10", 200);
  g_autoptr(JsonObject) page3 = list (f, "page=3&limit=10", 200);
  g_autoptr(JsonObject) page4 = list (f, "page=4&limit=10", 200);
  JsonArray *a = json_object_get_array_member (all, "tickets");
  JsonObject *pages[] = { page1, page2, page3 };

  g_assert_cmpuint (json_array_get_length (a), ==, 25);
  for (guint p = 0; p < 3; p++)
    {
      JsonArray *t = json_object_get_array_member (pages[p], "tickets");

      g_assert_cmpint (tix_api_int (pages[p], "page"), ==, p + 1);
      g_assert_cmpint (tix_api_int (pages[p], "limit"), ==, 10);
      g_assert_cmpint (tix_api_int (pages[p], "total"), ==, 25);
      g_assert_cmpuint (json_array_get_length (t), ==, p < 2 ? 10 : 5);
      for (guint i = 0; i < json_array_get_length (t); i++)
        g_assert_cmpstr (id_at (t, i), ==, id_at (a, p * 10 + i));
    }

  g_assert_cmpint (tix_api_int (page4, "total"), ==, 25);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (page4, "tickets")),
                    ==, 0);
}

static void
test_list_newest_first (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(JsonArray) old = tix_api_generate (&f->api, f->token, "GA", 3, NULL);
  g_autoptr(JsonArray) young = NULL;
  g_autoptr(JsonObject) o = NULL;
  JsonArray *t;
  gint64 previous = G_MAXINT64;

  g_usleep (20000);
  young = tix_api_generate (&f->api, f->token, "VIP", 3, NULL);
  o = list (f, NULL, 200);
  t = json_object_get_array_member (o, "tickets");
  g_assert_cmpuint (json_array_get_length (t), ==, 6);

  for (guint i = 0; i < 6; i++)
    {
      JsonObject *ticket = json_array_get_object_element (t, i);
      gint64 generated = tix_api_parse_time (tix_api_string (ticket, "generated_at"));

      g_assert_cmpstr (tix_api_string (ticket, "prefix"), ==, i < 3 ? "VIP" : "GA");
      g_assert_cmpint (generated, <=, previous);
      previous = generated;
    }
}

static void
scan (Fixture    *f,
      const char *id)
{
  g_autoptr(TixApiResponse) r = tix_api_requestf (&f->api, "PUT", f->token, NULL,
                                                  "/api/tickets/%s/scan", id);
  tix_api_assert_status (r, 200);
}

static void
assert_all_scanned (JsonObject *o,
                    gboolean    scanned)
{
  JsonArray *t = json_object_get_array_member (o, "tickets");

  for (guint i = 0; i < json_array_get_length (t); i++)
    g_assert_cmpint (tix_api_string_or_null (json_array_get_object_element (t, i),
                                             "scanned_at") != NULL, ==, scanned);
}

static void
test_list_filter (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(JsonArray) tickets = tix_api_generate (&f->api, f->token, "VIP", 5, NULL);
  g_autoptr(JsonObject) scanned = NULL;
  g_autoptr(JsonObject) not_scanned = NULL;
  g_autoptr(JsonObject) all = NULL;

  scan (f, id_at (tickets, 1));
  scan (f, id_at (tickets, 3));

  scanned = list (f, "filter=scanned", 200);
  not_scanned = list (f, "filter=not-scanned", 200);
  all = list (f, NULL, 200);

  g_assert_cmpint (tix_api_int (scanned, "total"), ==, 2);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (scanned, "tickets")),
                    ==, 2);
  assert_all_scanned (scanned, TRUE);
  g_assert_cmpint (tix_api_int (not_scanned, "total"), ==, 3);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (not_scanned,
                                                                         "tickets")), ==, 3);
  assert_all_scanned (not_scanned, FALSE);
  g_assert_cmpint (tix_api_int (all, "total"), ==, 5);
}

static void
test_list_search (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(JsonArray) vip = tix_api_generate (&f->api, f->token, "VIP", 25, NULL);
  g_autoptr(JsonArray) ga = tix_api_generate (&f->api, f->token, "GA", 5, NULL);
  g_autoptr(JsonObject) o = NULL;
  JsonArray *t;

  g_assert_cmpint (tix_api_list_total (&f->api, f->token, "search=VIP"), ==, 25);
  g_assert_cmpint (tix_api_list_total (&f->api, f->token, "search=GA"), ==, 5);
  g_assert_cmpint (tix_api_list_total (&f->api, f->token, "search=GA-000005"), ==, 1);
  /* any part of the number (issue 16), not only its start */
  g_assert_cmpint (tix_api_list_total (&f->api, f->token, "search=000001"), ==, 2);
  g_assert_cmpint (tix_api_list_total (&f->api, f->token, "search=IP"), ==, 25);
  g_assert_cmpint (tix_api_list_total (&f->api, f->token, "search=NOPE"), ==, 0);
  /* an empty search is no search */
  g_assert_cmpint (tix_api_list_total (&f->api, f->token, "search="), ==, 30);

  o = list (f, "search=VIP-00001&limit=100", 200);
  t = json_object_get_array_member (o, "tickets");
  g_assert_cmpint (tix_api_int (o, "total"), ==, 10);
  g_assert_cmpuint (json_array_get_length (t), ==, 10);
  for (guint i = 0; i < json_array_get_length (t); i++)
    g_assert_true (g_str_has_prefix (number_at (t, i), "VIP-00001"));

  /* total counts filter and search together */
  scan (f, id_at (vip, 10));   /* VIP-000011 */
  scan (f, id_at (vip, 11));   /* VIP-000012 */
  scan (f, id_at (vip, 20));   /* VIP-000021 */
  scan (f, id_at (ga, 0));
  g_assert_cmpint (tix_api_list_total (&f->api, f->token, "search=VIP-00001&filter=scanned"),
                   ==, 2);
  g_assert_cmpint (tix_api_list_total (&f->api, f->token,
                                       "search=VIP-00001&filter=not-scanned"), ==, 8);
  g_assert_cmpint (tix_api_list_total (&f->api, f->token, "search=VIP&filter=scanned"), ==, 3);
  g_assert_cmpint (tix_api_list_total (&f->api, f->token, "filter=scanned"), ==, 4);
}

static void
test_list_search_wildcards (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(JsonArray) tickets = tix_api_generate (&f->api, f->token, "VIP", 3, NULL);
  const char *queries[] = { "search=%25", "search=_", "search=V_P", "search=%25IP",
                            "search=*", "search=VIP%25%27%20OR%201%3D1%20--" };

  /* SQL wildcards are not wildcards: either refused or matching nothing */
  for (gsize i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autoptr(TixApiResponse) r = tix_api_requestf (&f->api, "GET", f->token, NULL,
                                                      "/api/tickets?%s", queries[i]);

      if (r->status == 400)
        tix_api_assert_error (r, 400, NULL);
      else
        {
          tix_api_assert_status (r, 200);
          if (tix_api_int (tix_api_object (r), "total") != 0)
            g_error ("%s matched %" G_GINT64_FORMAT " tickets", queries[i],
                     tix_api_int (tix_api_object (r), "total"));
        }
    }
}

static void
assert_same_order (GPtrArray *ids,
                   JsonArray *tickets)
{
  g_assert_cmpuint (ids->len, ==, json_array_get_length (tickets));
  for (guint i = 0; i < ids->len; i++)
    g_assert_cmpstr (g_ptr_array_index (ids, i), ==, id_at (tickets, i));
}

static void
test_list_cursor (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(JsonArray) a = tix_api_generate (&f->api, f->token, "VIP", 100, NULL);
  g_autoptr(JsonArray) b = tix_api_generate (&f->api, f->token, "GA", 50, NULL);
  g_autoptr(JsonArray) c = tix_api_generate (&f->api, f->token, "VIP", 100, NULL);
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GPtrArray) not_scanned = NULL;
  g_autoptr(GPtrArray) searched = NULL;
  g_autoptr(JsonObject) all = list (f, "limit=1000", 200);
  gint64 total = 0;

  /* every ticket exactly once, in the order of the plain list */
  ids = tix_api_list_all (&f->api, f->token, NULL, 7, &total);
  g_assert_cmpint (total, ==, 250);
  assert_same_order (ids, json_object_get_array_member (all, "tickets"));

  /* a page size that divides the total */
  g_clear_pointer (&ids, g_ptr_array_unref);
  ids = tix_api_list_all (&f->api, f->token, NULL, 50, &total);
  g_assert_cmpuint (ids->len, ==, 250);

  /* with a filter and a search */
  for (guint i = 0; i < 100; i += 3)
    scan (f, id_at (a, i));
  not_scanned = tix_api_list_all (&f->api, f->token, "filter=not-scanned", 9, &total);
  g_assert_cmpint (total, ==, 250 - 34);
  g_assert_cmpuint (not_scanned->len, ==, 250 - 34);

  searched = tix_api_list_all (&f->api, f->token, "search=GA-0000", 4, &total);
  g_assert_cmpint (total, ==, 50);
  g_assert_cmpuint (searched->len, ==, 50);
}

static void
test_list_cursor_stable (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(JsonArray) a = tix_api_generate (&f->api, f->token, "VIP", 30, NULL);
  g_autoptr(JsonObject) first = list (f, "limit=10", 200);
  g_autoptr(JsonArray) newer = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *cursor = g_uri_escape_string (tix_api_string (first, "next_cursor"),
                                                 NULL, FALSE);
  guint count = 0;

  for (guint i = 0; i < 10; i++)
    g_hash_table_add (seen, (gpointer) id_at (json_object_get_array_member (first, "tickets"), i));

  /* tickets made while paging do not shift the pages that follow */
  g_usleep (5000);
  newer = tix_api_generate (&f->api, f->token, "VIP", 5, NULL);

  while (cursor != NULL)
    {
      g_autofree char *query = g_strdup_printf ("limit=10&cursor=%s", cursor);
      g_autoptr(JsonObject) o = list (f, query, 200);
      JsonArray *t = json_object_get_array_member (o, "tickets");

      for (guint i = 0; i < json_array_get_length (t); i++)
        {
          g_assert_false (g_hash_table_contains (seen, id_at (t, i)));
          count++;
        }
      g_clear_pointer (&cursor, g_free);
      if (!tix_api_is_null (o, "next_cursor"))
        cursor = g_uri_escape_string (tix_api_string (o, "next_cursor"), NULL, FALSE);
    }
  g_assert_cmpuint (count, ==, 20);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/tix/server/tickets/generate", test_generate);
  ADD ("/tix/server/tickets/generate/continues", test_generate_continues);
  ADD ("/tix/server/tickets/generate/max", test_generate_max);
  ADD ("/tix/server/tickets/get", test_get);
  ADD ("/tix/server/tickets/get/unknown", test_get_unknown);
  ADD ("/tix/server/scan/once", test_scan);
  ADD ("/tix/server/scan/twice", test_scan_twice);
  ADD ("/tix/server/scan/unknown", test_scan_unknown);
  ADD ("/tix/server/tickets/delete", test_delete);
  ADD ("/tix/server/tickets/delete/scanned", test_delete_scanned);
  ADD ("/tix/server/tickets/clear", test_clear);
  ADD ("/tix/server/tickets/list/shape", test_list_shape);
  ADD ("/tix/server/tickets/list/empty", test_list_empty);
  ADD ("/tix/server/tickets/list/limit", test_list_limit);
  ADD ("/tix/server/tickets/list/pages", test_list_pages);
  ADD ("/tix/server/tickets/list/newest-first", test_list_newest_first);
  ADD ("/tix/server/tickets/list/filter", test_list_filter);
  ADD ("/tix/server/tickets/list/search", test_list_search);
  ADD ("/tix/server/tickets/list/search/wildcards", test_list_search_wildcards);
  ADD ("/tix/server/tickets/list/cursor", test_list_cursor);
  ADD ("/tix/server/tickets/list/cursor/stable", test_list_cursor_stable);

#undef ADD

  return g_test_run ();
}
