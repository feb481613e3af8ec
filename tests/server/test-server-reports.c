/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

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
  f->token = tix_api_register (&f->api, "anna@example.com", "Anna", NULL);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_pointer (&f->token, g_free);
  tix_api_fixture_teardown (&f->api, data);
}

static void
scan (Fixture    *f,
      JsonArray  *tickets,
      guint       index)
{
  JsonObject *t = json_array_get_object_element (tickets, index);
  g_autoptr(TixApiResponse) r = tix_api_requestf (&f->api, "PUT", f->token, NULL,
                                                  "/api/tickets/%s/scan",
                                                  tix_api_string (t, "id"));
  tix_api_assert_status (r, 200);
}

static void
assert_stats (Fixture *f,
              gint64   total,
              gint64   scanned,
              double   rate)
{
  g_autoptr(JsonObject) o = tix_api_stats (&f->api, f->token);
  double got;

  g_assert_cmpint (tix_api_int (o, "total"), ==, total);
  g_assert_cmpint (tix_api_int (o, "scanned"), ==, scanned);
  g_assert_cmpint (tix_api_int (o, "not_scanned"), ==, total - scanned);

  /* a number with (at most) one decimal */
  got = tix_api_number (o, "scan_rate");
  g_assert_cmpfloat_with_epsilon (got, rate, 1e-9);
  g_assert_cmpfloat_with_epsilon (got * 10, round (got * 10), 1e-6);
}

static void
test_stats_empty (Fixture       *f,
                  gconstpointer  data)
{
  assert_stats (f, 0, 0, 0.0);
}

static void
test_stats (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(JsonArray) three = tix_api_generate (&f->api, f->token, "VIP", 3, NULL);
  g_autoptr(JsonArray) four = NULL;

  assert_stats (f, 3, 0, 0.0);
  scan (f, three, 0);
  assert_stats (f, 3, 1, 33.3);
  scan (f, three, 1);
  assert_stats (f, 3, 2, 66.7);
  scan (f, three, 2);
  assert_stats (f, 3, 3, 100.0);

  four = tix_api_generate (&f->api, f->token, "GA", 4, NULL);
  assert_stats (f, 7, 3, 42.9);
  {
    g_autoptr(JsonArray) more = tix_api_generate (&f->api, f->token, "GA", 993, NULL);
    /* 3 of 1000 */
    assert_stats (f, 1000, 3, 0.3);
    scan (f, more, 0);
    scan (f, more, 1);
    /* 5 of 1000: 0.5 */
    assert_stats (f, 1000, 5, 0.5);
  }
}

static void
test_stats_after_delete (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(JsonArray) tickets = tix_api_generate (&f->api, f->token, "VIP", 4, NULL);
  g_autoptr(TixApiResponse) r = NULL;

  scan (f, tickets, 0);
  scan (f, tickets, 1);
  assert_stats (f, 4, 2, 50.0);

  r = tix_api_requestf (&f->api, "DELETE", f->token, NULL, "/api/tickets/%s",
                        tix_api_string (json_array_get_object_element (tickets, 0), "id"));
  g_assert_cmpuint (r->status / 100, ==, 2);
  assert_stats (f, 3, 1, 33.3);

  g_clear_pointer (&r, tix_api_response_free);
  r = tix_api_request (&f->api, "DELETE", "/api/tickets", f->token, NULL);
  tix_api_assert_status (r, 200);
  assert_stats (f, 0, 0, 0.0);
}

static char *
time_zone_of (Fixture *f)
{
  g_autoptr(TixApiResponse) r = tix_api_request (&f->api, "GET", "/api/settings", f->token, NULL);

  tix_api_assert_status (r, 200);
  return g_strdup (tix_api_string (tix_api_object (r), "time_zone"));
}

static void
set_time_zone (Fixture    *f,
               const char *zone)
{
  g_autofree char *body = g_strdup_printf ("{\"time_zone\": \"%s\"}", zone);
  g_autoptr(TixApiResponse) r = tix_api_request (&f->api, "PUT", "/api/settings", f->token, body);

  tix_api_assert_status (r, 200);
}

/* @format for now, and @weeks_back weeks or @months_back months before, in @zone */
static char *
period (const char *zone,
        const char *format,
        int         weeks_back,
        int         months_back)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier (zone);
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) first = NULL;
  g_autoptr(GDateTime) then = NULL;

  g_assert_nonnull (tz);
  now = g_date_time_new_now (tz);
  /* months back from the first of the month, weeks back from noon */
  first = g_date_time_new (tz, g_date_time_get_year (now), g_date_time_get_month (now),
                           months_back > 0 ? 1 : g_date_time_get_day_of_month (now),
                           12, 0, 0);
  then = g_date_time_add_months (first, -months_back);
  {
    g_autoptr(GDateTime) moved = g_date_time_add_weeks (then, -weeks_back);
    return g_date_time_format (moved, format);
  }
}

static JsonArray *
report (Fixture    *f,
        const char *which)
{
  g_autoptr(TixApiResponse) r = tix_api_requestf (&f->api, "GET", f->token, NULL,
                                                  "/api/reports/%s", which);
  JsonArray *rows;
  const char *key = g_str_equal (which, "daily") ? "date"
                    : g_str_equal (which, "weekly") ? "week" : "month";
  const char *pattern = g_str_equal (which, "daily") ? "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
                        : g_str_equal (which, "weekly") ? "^[0-9]{4}-W[0-9]{2}$"
                        : "^[0-9]{4}-[0-9]{2}$";
  const char * const members[] = { key, "generated", "scanned", NULL };

  tix_api_assert_status (r, 200);
  rows = tix_api_array (r);
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);

      g_assert_nonnull (row);
      tix_api_assert_members (row, members, NULL);
      if (!g_regex_match_simple (pattern, tix_api_string (row, key), 0, 0))
        g_error ("%s row “%s” is not like %s", which, tix_api_string (row, key), pattern);
      g_assert_cmpint (tix_api_int (row, "generated"), >=, 0);
      g_assert_cmpint (tix_api_int (row, "scanned"), >=, 0);
      /* newest first */
      if (i > 0)
        g_assert_cmpstr (tix_api_string (row, key), <,
                         tix_api_string (json_array_get_object_element (rows, i - 1), key));
    }
  return json_array_ref (rows);
}

static void
sums (JsonArray *rows,
      gint64    *generated,
      gint64    *scanned)
{
  *generated = *scanned = 0;
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);

      *generated += tix_api_int (row, "generated");
      *scanned += tix_api_int (row, "scanned");
    }
}

/* The first row is the current period (the clock may just have moved on). */
static void
assert_first (JsonArray  *rows,
              const char *key,
              const char *before,
              const char *after,
              gint64      generated,
              gint64      scanned)
{
  JsonObject *row;
  const char *value;

  g_assert_cmpuint (json_array_get_length (rows), >, 0);
  row = json_array_get_object_element (rows, 0);
  value = tix_api_string (row, key);
  if (g_strcmp0 (value, before) != 0 && g_strcmp0 (value, after) != 0)
    g_error ("first %s row is %s, expected %s", key, value, before);
  g_assert_cmpint (tix_api_int (row, "generated"), ==, generated);
  g_assert_cmpint (tix_api_int (row, "scanned"), ==, scanned);
}

static void
test_daily (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *zone = time_zone_of (f);
  g_autoptr(JsonArray) tickets = tix_api_generate (&f->api, f->token, "VIP", 4, NULL);
  g_autofree char *before = NULL, *after = NULL;
  g_autoptr(JsonArray) rows = NULL;
  gint64 generated, scanned;

  scan (f, tickets, 0);
  before = period (zone, "%Y-%m-%d", 0, 0);
  rows = report (f, "daily");
  after = period (zone, "%Y-%m-%d", 0, 0);

  g_assert_cmpuint (json_array_get_length (rows), <=, 30);
  assert_first (rows, "date", before, after, 4, 1);
  sums (rows, &generated, &scanned);
  g_assert_cmpint (generated, ==, 4);
  g_assert_cmpint (scanned, ==, 1);
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      const char *date = tix_api_string (json_array_get_object_element (rows, i), "date");
      g_autofree char *midnight = g_strconcat (date, "T00:00:00Z", NULL);
      g_autoptr(GDateTime) dt = g_date_time_new_from_iso8601 (midnight, NULL);

      g_assert_nonnull (dt);
    }
}

static void
test_weekly (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *zone = time_zone_of (f);
  g_autoptr(JsonArray) tickets = tix_api_generate (&f->api, f->token, "VIP", 5, NULL);
  g_autoptr(GPtrArray) expected = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *after = NULL;
  g_autoptr(JsonArray) rows = NULL;
  gint64 generated, scanned;

  scan (f, tickets, 0);
  scan (f, tickets, 1);
  for (int i = 0; i < 12; i++)
    g_ptr_array_add (expected, period (zone, "%G-W%V", i, 0));
  rows = report (f, "weekly");
  after = period (zone, "%G-W%V", 0, 0);

  g_assert_cmpuint (json_array_get_length (rows), ==, 12);
  assert_first (rows, "week", g_ptr_array_index (expected, 0), after, 5, 2);
  if (g_str_equal (after, g_ptr_array_index (expected, 0)))
    for (guint i = 0; i < 12; i++)
      g_assert_cmpstr (tix_api_string (json_array_get_object_element (rows, i), "week"), ==,
                       g_ptr_array_index (expected, i));
  sums (rows, &generated, &scanned);
  g_assert_cmpint (generated, ==, 5);
  g_assert_cmpint (scanned, ==, 2);
}

static void
test_monthly (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *zone = time_zone_of (f);
  g_autoptr(JsonArray) tickets = tix_api_generate (&f->api, f->token, "VIP", 6, NULL);
  g_autoptr(GPtrArray) expected = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *after = NULL;
  g_autoptr(JsonArray) rows = NULL;
  gint64 generated, scanned;

  scan (f, tickets, 5);
  for (int i = 0; i < 12; i++)
    g_ptr_array_add (expected, period (zone, "%Y-%m", 0, i));
  rows = report (f, "monthly");
  after = period (zone, "%Y-%m", 0, 0);

  g_assert_cmpuint (json_array_get_length (rows), ==, 12);
  assert_first (rows, "month", g_ptr_array_index (expected, 0), after, 6, 1);
  if (g_str_equal (after, g_ptr_array_index (expected, 0)))
    for (guint i = 0; i < 12; i++)
      g_assert_cmpstr (tix_api_string (json_array_get_object_element (rows, i), "month"), ==,
                       g_ptr_array_index (expected, i));
  sums (rows, &generated, &scanned);
  g_assert_cmpint (generated, ==, 6);
  g_assert_cmpint (scanned, ==, 1);
}

static void
test_empty (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(JsonArray) daily = report (f, "daily");
  g_autoptr(JsonArray) weekly = report (f, "weekly");
  g_autoptr(JsonArray) monthly = report (f, "monthly");
  gint64 generated, scanned;

  g_assert_cmpuint (json_array_get_length (daily), <=, 30);
  g_assert_cmpuint (json_array_get_length (weekly), ==, 12);
  g_assert_cmpuint (json_array_get_length (monthly), ==, 12);
  sums (daily, &generated, &scanned);
  g_assert_cmpint (generated + scanned, ==, 0);
  sums (weekly, &generated, &scanned);
  g_assert_cmpint (generated + scanned, ==, 0);
  sums (monthly, &generated, &scanned);
  g_assert_cmpint (generated + scanned, ==, 0);
}

/* Kiritimati (UTC+14) and Pago Pago (UTC-11) are 25 hours apart: they never
 * share a date, so the first daily row tells which zone the server used. */
static void
test_time_zone (Fixture       *f,
                gconstpointer  data)
{
  const char *zones[] = { "Pacific/Kiritimati", "Pacific/Pago_Pago", "Pacific/Kiritimati" };
  g_autoptr(JsonArray) tickets = tix_api_generate (&f->api, f->token, "VIP", 2, NULL);

  scan (f, tickets, 1);
  for (gsize i = 0; i < G_N_ELEMENTS (zones); i++)
    {
      g_autofree char *before = NULL, *after = NULL;
      g_autofree char *month_before = NULL, *month_after = NULL;
      g_autofree char *week_before = NULL, *week_after = NULL;
      g_autoptr(JsonArray) daily = NULL;
      g_autoptr(JsonArray) weekly = NULL;
      g_autoptr(JsonArray) monthly = NULL;

      set_time_zone (f, zones[i]);
      before = period (zones[i], "%Y-%m-%d", 0, 0);
      week_before = period (zones[i], "%G-W%V", 0, 0);
      month_before = period (zones[i], "%Y-%m", 0, 0);
      daily = report (f, "daily");
      weekly = report (f, "weekly");
      monthly = report (f, "monthly");
      after = period (zones[i], "%Y-%m-%d", 0, 0);
      week_after = period (zones[i], "%G-W%V", 0, 0);
      month_after = period (zones[i], "%Y-%m", 0, 0);

      assert_first (daily, "date", before, after, 2, 1);
      assert_first (weekly, "week", week_before, week_after, 2, 1);
      assert_first (monthly, "month", month_before, month_after, 2, 1);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/tix/server/reports/stats/empty", test_stats_empty);
  ADD ("/tix/server/reports/stats", test_stats);
  ADD ("/tix/server/reports/stats/after-delete", test_stats_after_delete);
  ADD ("/tix/server/reports/daily", test_daily);
  ADD ("/tix/server/reports/weekly", test_weekly);
  ADD ("/tix/server/reports/monthly", test_monthly);
  ADD ("/tix/server/reports/empty", test_empty);
  ADD ("/tix/server/reports/time-zone", test_time_zone);

#undef ADD

  return g_test_run ();
}
