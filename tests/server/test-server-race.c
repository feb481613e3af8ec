/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "server-test-util.h"

/* Many stations at once: tix_api_run_together() gives each its own
 * SoupSession (and so its own connection, opened beforehand), and all send
 * together. */

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
  f->token = tix_api_register (&f->api, "anna@example.com", "Anna", NULL);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_pointer (&f->token, g_free);
  tix_api_fixture_teardown (&f->api, data);
}

static guint
n_stations (void)
{
  return tix_api_under_valgrind () ? 10 : 50;
}

static void
test_scan_race (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(JsonArray) tickets = tix_api_generate (&f->api, f->token, "VIP", 1, NULL);
  const char *id = tix_api_string (json_array_get_object_element (tickets, 0), "id");
  guint n = n_stations ();
  g_autoptr(GArray) array = tix_api_jobs_new (n);
  TixApiJob *jobs = (TixApiJob *) array->data;
  g_autoptr(JsonObject) stats = NULL;
  g_autoptr(JsonObject) stored = NULL;
  const char *scanned_at = NULL;
  guint successes = 0, duplicates = 0;

  for (guint i = 0; i < n; i++)
    {
      jobs[i].url = f->api.server->url;
      jobs[i].token = f->token;
      jobs[i].method = "PUT";
      jobs[i].path = g_strdup_printf ("/api/tickets/%s/scan", id);
    }

  tix_api_run_together (jobs, n);
  tix_api_assert_answered (jobs, n);

  stored = tix_api_get_ticket (&f->api, f->token, id);
  scanned_at = tix_api_string (stored, "scanned_at");

  for (guint i = 0; i < n; i++)
    {
      JsonObject *o;
      JsonObject *t;

      g_assert_nonnull (jobs[i].json);
      g_assert_true (JSON_NODE_HOLDS_OBJECT (jobs[i].json));
      o = json_node_get_object (jobs[i].json);
      t = json_object_get_object_member (o, "ticket");
      g_assert_nonnull (t);
      tix_api_assert_ticket (t);
      /* everyone sees the one scan that counted */
      g_assert_cmpstr (tix_api_string (t, "scanned_at"), ==, scanned_at);

      if (jobs[i].status == 200)
        {
          g_assert_true (json_object_get_boolean_member (o, "success"));
          successes++;
        }
      else if (jobs[i].status == 400)
        {
          g_assert_true (json_object_get_boolean_member (o, "duplicate"));
          g_assert_cmpstr (tix_api_string (o, "error"), !=, "");
          duplicates++;
        }
      else
        g_error ("station %u got status %u", i, jobs[i].status);
    }

  g_assert_cmpuint (successes, ==, 1);
  g_assert_cmpuint (duplicates, ==, n - 1);

  stats = tix_api_stats (&f->api, f->token);
  g_assert_cmpint (tix_api_int (stats, "scanned"), ==, 1);
  g_assert_cmpint (tix_api_int (stats, "total"), ==, 1);
}

static void
test_scan_race_distinct (Fixture       *f,
                         gconstpointer  data)
{
  guint n = n_stations ();
  g_autoptr(JsonArray) tickets = tix_api_generate (&f->api, f->token, "VIP", n, NULL);
  g_autoptr(GArray) array = tix_api_jobs_new (n);
  TixApiJob *jobs = (TixApiJob *) array->data;
  g_autoptr(JsonObject) stats = NULL;

  for (guint i = 0; i < n; i++)
    {
      jobs[i].url = f->api.server->url;
      jobs[i].token = f->token;
      jobs[i].method = "PUT";
      jobs[i].path = g_strdup_printf ("/api/tickets/%s/scan",
                                      tix_api_string (json_array_get_object_element (tickets, i),
                                                      "id"));
    }

  tix_api_run_together (jobs, n);
  tix_api_assert_answered (jobs, n);

  for (guint i = 0; i < n; i++)
    {
      g_assert_cmpuint (jobs[i].status, ==, 200);
    }

  stats = tix_api_stats (&f->api, f->token);
  g_assert_cmpint (tix_api_int (stats, "scanned"), ==, n);
  g_assert_cmpint (tix_api_list_total (&f->api, f->token, "filter=not-scanned"), ==, 0);
}

static guint
number_of (const char *number,
           const char *prefix)
{
  g_autofree char *start = g_strconcat (prefix, "-", NULL);
  guint64 value = 0;

  g_assert_true (g_str_has_prefix (number, start));
  g_assert_true (g_ascii_string_to_unsigned (number + strlen (start), 10, 1, G_MAXUINT,
                                             &value, NULL));
  return (guint) value;
}

static void
test_generate_race (Fixture       *f,
                    gconstpointer  data)
{
  guint count = tix_api_under_valgrind () ? 300 : 5000;
  g_autoptr(GArray) array = tix_api_jobs_new (2);
  TixApiJob *jobs = (TixApiJob *) array->data;
  g_autofree gboolean *seen = g_new0 (gboolean, 2 * count + 1);
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(JsonObject) stats = NULL;
  g_autoptr(JsonArray) next = NULL;

  for (guint i = 0; i < array->len; i++)
    {
      jobs[i].url = f->api.server->url;
      jobs[i].token = f->token;
      jobs[i].method = "POST";
      jobs[i].path = g_strdup ("/api/tickets/generate");
      jobs[i].body = g_strdup_printf ("{\"count\": %u, \"prefix\": \"VIP\"}", count);
    }

  tix_api_run_together (jobs, array->len);
  tix_api_assert_answered (jobs, array->len);

  for (guint i = 0; i < array->len; i++)
    {
      JsonArray *tickets;
      guint first;

      g_assert_cmpuint (jobs[i].status, ==, 201);
      g_assert_true (JSON_NODE_HOLDS_ARRAY (jobs[i].json));
      tickets = json_node_get_array (jobs[i].json);
      g_assert_cmpuint (json_array_get_length (tickets), ==, count);

      first = number_of (tix_api_string (json_array_get_object_element (tickets, 0), "number"),
                         "VIP");
      for (guint k = 0; k < count; k++)
        {
          JsonObject *t = json_array_get_object_element (tickets, k);
          guint number = number_of (tix_api_string (t, "number"), "VIP");

          g_assert_cmpuint (number, >=, 1);
          g_assert_cmpuint (number, <=, 2 * count);
          if (seen[number])
            g_error ("VIP-%06u was given twice", number);
          seen[number] = TRUE;
          /* one request, one transaction: a run of consecutive numbers */
          g_assert_cmpuint (number, ==, first + k);
          g_assert_true (g_hash_table_add (ids, g_strdup (tix_api_string (t, "id"))));
        }
    }

  /* 1 .. 2 × count, each once */
  for (guint number = 1; number <= 2 * count; number++)
    g_assert_true (seen[number]);

  g_assert_cmpint (tix_api_list_total (&f->api, f->token, NULL), ==, 2 * count);
  stats = tix_api_stats (&f->api, f->token);
  g_assert_cmpint (tix_api_int (stats, "total"), ==, 2 * count);

  next = tix_api_generate (&f->api, f->token, "VIP", 1, NULL);
  g_assert_cmpuint (number_of (tix_api_string (json_array_get_object_element (next, 0), "number"),
                               "VIP"), ==, 2 * count + 1);
}

static void
test_generate_race_prefixes (Fixture       *f,
                             gconstpointer  data)
{
  const char *prefixes[] = { "A", "B", "A", "B", "A", "B" };
  guint count = tix_api_under_valgrind () ? 20 : 200;
  g_autoptr(GArray) array = tix_api_jobs_new (G_N_ELEMENTS (prefixes));
  TixApiJob *jobs = (TixApiJob *) array->data;
  g_autoptr(JsonObject) stats = NULL;

  for (guint i = 0; i < array->len; i++)
    {
      jobs[i].url = f->api.server->url;
      jobs[i].token = f->token;
      jobs[i].method = "POST";
      jobs[i].path = g_strdup ("/api/tickets/generate");
      jobs[i].body = g_strdup_printf ("{\"count\": %u, \"prefix\": \"%s\"}", count, prefixes[i]);
    }

  tix_api_run_together (jobs, array->len);
  tix_api_assert_answered (jobs, array->len);

  for (guint i = 0; i < array->len; i++)
    {
      g_assert_cmpuint (jobs[i].status, ==, 201);
    }

  /* each prefix ran on from 1 to 3 × count */
  g_assert_cmpint (tix_api_list_total (&f->api, f->token, "search=A-"), ==, 3 * count);
  g_assert_cmpint (tix_api_list_total (&f->api, f->token, "search=B-"), ==, 3 * count);
  {
    g_autofree char *last_a = g_strdup_printf ("search=A-%06u", 3 * count);
    g_autofree char *last_b = g_strdup_printf ("search=B-%06u", 3 * count);
    g_autofree char *beyond = g_strdup_printf ("search=A-%06u", 3 * count + 1);

    g_assert_cmpint (tix_api_list_total (&f->api, f->token, last_a), ==, 1);
    g_assert_cmpint (tix_api_list_total (&f->api, f->token, last_b), ==, 1);
    g_assert_cmpint (tix_api_list_total (&f->api, f->token, beyond), ==, 0);
  }
  stats = tix_api_stats (&f->api, f->token);
  g_assert_cmpint (tix_api_int (stats, "total"), ==, 6 * count);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/tix/server/scan/race", test_scan_race);
  ADD ("/tix/server/scan/race/distinct", test_scan_race_distinct);
  ADD ("/tix/server/generate/race", test_generate_race);
  ADD ("/tix/server/generate/race/prefixes", test_generate_race_prefixes);

#undef ADD

  return g_test_run ();
}
