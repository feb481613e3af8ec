/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "server-test-util.h"

/* Two organizations on one server: Anna's (a) and Bob's (b). */
typedef struct
{
  TixApiFixture  api;
  char          *a;
  char          *b;
  JsonObject    *a_user;
  JsonObject    *b_user;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  tix_api_fixture_setup (&f->api, data);
  f->a = tix_api_register (&f->api, "anna@example.com", "Anna", &f->a_user);
  f->b = tix_api_register (&f->api, "bob@example.com", "Bob", &f->b_user);
  g_assert_cmpint (tix_api_int (f->a_user, "organization_id"), !=,
                   tix_api_int (f->b_user, "organization_id"));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_pointer (&f->a, g_free);
  g_clear_pointer (&f->b, g_free);
  g_clear_pointer (&f->a_user, json_object_unref);
  g_clear_pointer (&f->b_user, json_object_unref);
  tix_api_fixture_teardown (&f->api, data);
}

static const char *
id_at (JsonArray *tickets,
       guint      index)
{
  return tix_api_string (json_array_get_object_element (tickets, index), "id");
}

static const char *
number_at (JsonArray *tickets,
           guint      index)
{
  return tix_api_string (json_array_get_object_element (tickets, index), "number");
}

static void
test_isolation (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(JsonArray) mine = tix_api_generate (&f->api, f->a, "VIP", 3, "Anna's");
  g_autoptr(JsonArray) theirs = tix_api_generate (&f->api, f->b, "VIP", 2, NULL);
  g_autoptr(JsonObject) before = tix_api_get_ticket (&f->api, f->a, id_at (mine, 0));
  g_autoptr(JsonObject) after = NULL;
  g_autoptr(JsonNode) before_node = NULL;
  g_autoptr(JsonNode) after_node = NULL;
  const char *id = id_at (mine, 0);
  g_autoptr(TixApiResponse) r = NULL;

  /* numbers are per organization: both start at 1 */
  g_assert_cmpstr (number_at (theirs, 0), ==, "VIP-000001");
  g_assert_cmpint (tix_api_int (json_array_get_object_element (theirs, 0), "organization_id"),
                   ==, tix_api_int (f->b_user, "organization_id"));

  /* another organization's ticket is simply not found, for every verb */
  r = tix_api_requestf (&f->api, "GET", f->b, NULL, "/api/tickets/%s", id);
  tix_api_assert_error (r, 404, NULL);
  g_assert_false (json_object_has_member (tix_api_object (r), "ticket"));
  g_clear_pointer (&r, tix_api_response_free);

  r = tix_api_requestf (&f->api, "PUT", f->b, NULL, "/api/tickets/%s/scan", id);
  tix_api_assert_error (r, 404, NULL);
  g_assert_false (json_object_has_member (tix_api_object (r), "ticket"));
  g_clear_pointer (&r, tix_api_response_free);

  r = tix_api_requestf (&f->api, "DELETE", f->b, NULL, "/api/tickets/%s", id);
  tix_api_assert_error (r, 404, NULL);
  g_clear_pointer (&r, tix_api_response_free);

  /* and it is unchanged */
  after = tix_api_get_ticket (&f->api, f->a, id);
  before_node = json_node_init_object (json_node_alloc (), before);
  after_node = json_node_init_object (json_node_alloc (), after);
  g_assert_true (json_node_equal (before_node, after_node));
  g_assert_null (tix_api_string_or_null (after, "scanned_at"));

  /* the other way round too */
  r = tix_api_requestf (&f->api, "PUT", f->a, NULL, "/api/tickets/%s/scan", id_at (theirs, 1));
  tix_api_assert_error (r, 404, NULL);
  g_clear_pointer (&r, tix_api_response_free);

  /* lists are per organization */
  {
    g_autoptr(GPtrArray) a_ids = tix_api_list_all (&f->api, f->a, NULL, 100, NULL);
    g_autoptr(GPtrArray) b_ids = tix_api_list_all (&f->api, f->b, NULL, 100, NULL);

    g_assert_cmpuint (a_ids->len, ==, 3);
    g_assert_cmpuint (b_ids->len, ==, 2);
    for (guint i = 0; i < b_ids->len; i++)
      for (guint k = 0; k < 3; k++)
        g_assert_cmpstr (g_ptr_array_index (b_ids, i), !=, id_at (mine, k));
  }
  g_assert_cmpint (tix_api_list_total (&f->api, f->b, "search=VIP"), ==, 2);
  g_assert_cmpint (tix_api_list_total (&f->api, f->a, "search=VIP-000003"), ==, 1);
  g_assert_cmpint (tix_api_list_total (&f->api, f->b, "search=VIP-000003"), ==, 0);
}

static void
test_stats (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(JsonArray) mine = tix_api_generate (&f->api, f->a, "VIP", 4, NULL);
  g_autoptr(JsonArray) theirs = tix_api_generate (&f->api, f->b, "GA", 10, NULL);
  g_autoptr(JsonObject) a_stats = NULL;
  g_autoptr(JsonObject) b_stats = NULL;
  g_autoptr(TixApiResponse) r = NULL;

  r = tix_api_requestf (&f->api, "PUT", f->a, NULL, "/api/tickets/%s/scan", id_at (mine, 0));
  tix_api_assert_status (r, 200);

  a_stats = tix_api_stats (&f->api, f->a);
  b_stats = tix_api_stats (&f->api, f->b);
  g_assert_cmpint (tix_api_int (a_stats, "total"), ==, 4);
  g_assert_cmpint (tix_api_int (a_stats, "scanned"), ==, 1);
  g_assert_cmpint (tix_api_int (b_stats, "total"), ==, 10);
  g_assert_cmpint (tix_api_int (b_stats, "scanned"), ==, 0);

  /* reports too */
  {
    const char *which[] = { "daily", "weekly", "monthly" };

    for (gsize i = 0; i < G_N_ELEMENTS (which); i++)
      {
        g_autoptr(TixApiResponse) ra = tix_api_requestf (&f->api, "GET", f->a, NULL,
                                                         "/api/reports/%s", which[i]);
        g_autoptr(TixApiResponse) rb = tix_api_requestf (&f->api, "GET", f->b, NULL,
                                                         "/api/reports/%s", which[i]);
        JsonArray *rows_a = tix_api_array (ra);
        JsonArray *rows_b = tix_api_array (rb);
        gint64 ga = 0, sa = 0, gb = 0, sb = 0;

        for (guint k = 0; k < json_array_get_length (rows_a); k++)
          {
            ga += tix_api_int (json_array_get_object_element (rows_a, k), "generated");
            sa += tix_api_int (json_array_get_object_element (rows_a, k), "scanned");
          }
        for (guint k = 0; k < json_array_get_length (rows_b); k++)
          {
            gb += tix_api_int (json_array_get_object_element (rows_b, k), "generated");
            sb += tix_api_int (json_array_get_object_element (rows_b, k), "scanned");
          }
        g_assert_cmpint (ga, ==, 4);
        g_assert_cmpint (sa, ==, 1);
        g_assert_cmpint (gb, ==, 10);
        g_assert_cmpint (sb, ==, 0);
      }
  }
}

static void
test_clear (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(JsonArray) mine = tix_api_generate (&f->api, f->a, "VIP", 3, NULL);
  g_autoptr(JsonArray) theirs = tix_api_generate (&f->api, f->b, "VIP", 2, NULL);
  g_autoptr(TixApiResponse) r = NULL;
  g_autoptr(JsonObject) a_stats = NULL;

  r = tix_api_request (&f->api, "DELETE", "/api/tickets", f->b, NULL);
  tix_api_assert_status (r, 200);

  g_assert_cmpint (tix_api_list_total (&f->api, f->b, NULL), ==, 0);
  g_assert_cmpint (tix_api_list_total (&f->api, f->a, NULL), ==, 3);
  a_stats = tix_api_stats (&f->api, f->a);
  g_assert_cmpint (tix_api_int (a_stats, "total"), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(JsonObject) t = tix_api_get_ticket (&f->api, f->a, id_at (mine, i));
    }
}

static void
test_numbers_never_reused (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(JsonArray) first = tix_api_generate (&f->api, f->a, "VIP", 3, NULL);
  g_autoptr(JsonArray) after_delete = NULL;
  g_autoptr(JsonArray) after_clear = NULL;
  g_autoptr(JsonArray) other_prefix = NULL;
  g_autoptr(JsonArray) theirs = NULL;
  g_autoptr(TixApiResponse) r = NULL;

  /* delete the newest: its number is not handed out again */
  r = tix_api_requestf (&f->api, "DELETE", f->a, NULL, "/api/tickets/%s", id_at (first, 2));
  g_assert_cmpuint (r->status / 100, ==, 2);
  g_clear_pointer (&r, tix_api_response_free);
  after_delete = tix_api_generate (&f->api, f->a, "VIP", 1, NULL);
  g_assert_cmpstr (number_at (after_delete, 0), ==, "VIP-000004");

  /* nor after clearing everything */
  r = tix_api_request (&f->api, "DELETE", "/api/tickets", f->a, NULL);
  tix_api_assert_status (r, 200);
  after_clear = tix_api_generate (&f->api, f->a, "VIP", 2, NULL);
  g_assert_cmpstr (number_at (after_clear, 0), ==, "VIP-000005");
  g_assert_cmpstr (number_at (after_clear, 1), ==, "VIP-000006");

  /* per prefix and per organization */
  other_prefix = tix_api_generate (&f->api, f->a, "GA", 1, NULL);
  g_assert_cmpstr (number_at (other_prefix, 0), ==, "GA-000001");
  theirs = tix_api_generate (&f->api, f->b, "VIP", 1, NULL);
  g_assert_cmpstr (number_at (theirs, 0), ==, "VIP-000001");
}

static void
test_admin (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(JsonArray) tickets = tix_api_generate (&f->api, f->a, "VIP", 2, NULL);
  g_autoptr(TixApiResponse) r = NULL;
  g_autoptr(TixApiResponse) me = tix_api_request (&f->api, "GET", "/api/auth/me", f->a, NULL);

  /* who registers is the admin of the new organization, and may delete and clear */
  tix_api_assert_status (me, 200);
  g_assert_cmpstr (tix_api_string (json_object_get_object_member (tix_api_object (me), "user"),
                                   "role"), ==, "admin");

  r = tix_api_requestf (&f->api, "DELETE", f->a, NULL, "/api/tickets/%s", id_at (tickets, 0));
  g_assert_cmpuint (r->status / 100, ==, 2);
  g_clear_pointer (&r, tix_api_response_free);
  r = tix_api_request (&f->api, "DELETE", "/api/tickets", f->a, NULL);
  tix_api_assert_status (r, 200);
  g_assert_cmpint (tix_api_list_total (&f->api, f->a, NULL), ==, 0);
}

static void
test_other_roles (Fixture       *f,
                  gconstpointer  data)
{
  /* Sellers and scanners are made through the users endpoint of a later
   * issue; until it exists there is no way to make one over the API. */
  g_test_skip ("no users endpoint yet: only admins exist");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/tix/server/orgs/isolation", test_isolation);
  ADD ("/tix/server/orgs/stats", test_stats);
  ADD ("/tix/server/orgs/clear", test_clear);
  ADD ("/tix/server/orgs/numbers-never-reused", test_numbers_never_reused);
  ADD ("/tix/server/roles/admin", test_admin);
  ADD ("/tix/server/roles/others", test_other_roles);

#undef ADD

  return g_test_run ();
}
