/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "tix-time.h"

/* 2026-11-25T09:00:00Z */
#define NOV_25_2026_MS G_GINT64_CONSTANT (1795597200000)

static void
assert_format (gint64      ms,
               const char *expected)
{
  g_autofree char *text = tix_time_format_iso (ms);

  g_assert_cmpstr (text, ==, expected);
}

static gboolean
looks_iso (const char *text)
{
  return g_regex_match_simple ("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}"
                               "\\.[0-9]{3}Z$", text, 0, 0);
}

static void
test_format (void)
{
  assert_format (0, "1970-01-01T00:00:00.000Z");
  assert_format (1, "1970-01-01T00:00:00.001Z");
  assert_format (999, "1970-01-01T00:00:00.999Z");
  assert_format (1000, "1970-01-01T00:00:01.000Z");
  assert_format (NOV_25_2026_MS, "2026-11-25T09:00:00.000Z");
  assert_format (NOV_25_2026_MS + 123, "2026-11-25T09:00:00.123Z");
  assert_format (NOV_25_2026_MS + 59 * 60 * 1000 + 59 * 1000 + 7,
                 "2026-11-25T09:59:59.007Z");
  /* leap day, end of year */
  assert_format (G_GINT64_CONSTANT (1709164800000), "2024-02-29T00:00:00.000Z");
  assert_format (G_GINT64_CONSTANT (1735689599999), "2024-12-31T23:59:59.999Z");
}

static void
test_format_before_epoch (void)
{
  assert_format (-1, "1969-12-31T23:59:59.999Z");
  assert_format (-1000, "1969-12-31T23:59:59.000Z");
  assert_format (-1001, "1969-12-31T23:59:58.999Z");
}

static void
test_format_is_utc (void)
{
  g_autofree char *text = NULL;
  const char *old_tz = g_getenv ("TZ");
  g_autofree char *saved = g_strdup (old_tz);

  /* The local zone of the machine must not leak into the text. */
  g_setenv ("TZ", "Pacific/Kiritimati", TRUE);
  text = tix_time_format_iso (NOV_25_2026_MS + 123);
  g_assert_cmpstr (text, ==, "2026-11-25T09:00:00.123Z");

  if (saved != NULL)
    g_setenv ("TZ", saved, TRUE);
  else
    g_unsetenv ("TZ");
}

static void
test_parse (void)
{
  gint64 ms = 0;

  g_assert_true (tix_time_parse_iso ("2026-11-25T09:00:00.123Z", &ms));
  g_assert_cmpint (ms, ==, NOV_25_2026_MS + 123);

  g_assert_true (tix_time_parse_iso ("2026-11-25T09:00:00Z", &ms));
  g_assert_cmpint (ms, ==, NOV_25_2026_MS);

  g_assert_true (tix_time_parse_iso ("1970-01-01T00:00:00.000Z", &ms));
  g_assert_cmpint (ms, ==, 0);

  /* an explicit offset */
  g_assert_true (tix_time_parse_iso ("2026-11-25T10:00:00.500+01:00", &ms));
  g_assert_cmpint (ms, ==, NOV_25_2026_MS + 500);

  /* no zone: UTC */
  g_assert_true (tix_time_parse_iso ("2026-11-25T09:00:00.250", &ms));
  g_assert_cmpint (ms, ==, NOV_25_2026_MS + 250);
}

static void
test_parse_errors (void)
{
  const char *bad[] = { "", "yesterday", "2026-11-25", "2026-13-25T09:00:00Z",
                        "2026-02-30T09:00:00Z", "2026-11-25T25:00:00Z",
                        "2026-11-25 09:00:00 garbage", "Z" };
  gint64 ms = 42;

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    if (tix_time_parse_iso (bad[i], &ms))
      g_error ("“%s” parsed", bad[i]);
  g_assert_false (tix_time_parse_iso (NULL, &ms));
  g_assert_cmpint (ms, ==, 42);
}

static void
test_round_trip (void)
{
  const gint64 samples[] = { 0, 1, 999, NOV_25_2026_MS + 123,
                             G_GINT64_CONSTANT (4102444799999) /* 2099-12-31 */ };

  for (gsize i = 0; i < G_N_ELEMENTS (samples); i++)
    {
      g_autofree char *text = tix_time_format_iso (samples[i]);
      gint64 back = -1;

      g_assert_true (looks_iso (text));
      g_assert_true (tix_time_parse_iso (text, &back));
      g_assert_cmpint (back, ==, samples[i]);
    }
}

static void
test_now (void)
{
  gint64 before = g_get_real_time () / 1000;
  gint64 now = tix_time_now_ms ();
  gint64 after = g_get_real_time () / 1000;
  g_autofree char *text = tix_time_format_iso (now);

  g_assert_cmpint (now, >=, before);
  g_assert_cmpint (now, <=, after);
  g_assert_true (looks_iso (text));
}

static void
test_from_datetime (void)
{
  g_autoptr(GDateTime) dt = g_date_time_new_utc (2026, 11, 25, 9, 0, 0.123);
  g_autoptr(GTimeZone) plus2 = g_time_zone_new_offset (2 * 3600);
  g_autoptr(GDateTime) local = g_date_time_new (plus2, 2026, 11, 25, 11, 0, 0.5);

  gint64 ms = 42;

  g_assert_true (tix_time_from_datetime (dt, &ms));
  g_assert_cmpint (ms, ==, NOV_25_2026_MS + 123);
  g_assert_true (tix_time_from_datetime (local, &ms));
  g_assert_cmpint (ms, ==, NOV_25_2026_MS + 500);
}

/* What GLib returns for a date it cannot represent is NULL: an error, never
 * an assertion (once it was, and a report then allocated 30 GB). */
static void
test_from_datetime_null (void)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Pacific/Pago_Pago");
  g_autoptr(GDateTime) last = g_date_time_new (tz, 9999, 12, 31, 0, 0, 0);
  g_autoptr(GDateTime) after = last ? g_date_time_add_days (last, 1) : NULL;
  gint64 ms = 42;

  g_assert_nonnull (last);
  g_assert_null (after);
  g_assert_false (tix_time_from_datetime (after, &ms));
  g_assert_false (tix_time_from_datetime (NULL, &ms));
  g_assert_cmpint (ms, ==, 42);
}

/* An offset that carries a time into the year 10000 (or before the year 1)
 * parsed once, and then wrote itself as 1970: never again. */
static void
test_parse_far (void)
{
  const char *bad[] = { "9999-12-31T23:59:59-12:00", "9999-12-31T20:00:00-05:00",
                        "0001-01-01T00:00:00+14:00", "0001-01-01T08:59:59+09:00",
                        "10000-01-01T00:00:00Z", "+10000-01-01T00:00:00Z",
                        "-0001-01-01T00:00:00Z" };
  gint64 ms = 42;

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    if (tix_time_parse_iso (bad[i], &ms))
      g_error ("“%s” parsed as %" G_GINT64_FORMAT, bad[i], ms);
  g_assert_cmpint (ms, ==, 42);

  /* The very ends of what the format writes parse, and write themselves again. */
  g_assert_true (tix_time_parse_iso ("9999-12-31T23:59:59.999Z", &ms));
  assert_format (ms, "9999-12-31T23:59:59.999Z");
  g_assert_true (tix_time_parse_iso ("0001-01-01T00:00:00.000Z", &ms));
  assert_format (ms, "0001-01-01T00:00:00.000Z");
}

static void
test_in_range (void)
{
  gint64 ms = 0;

  g_assert_true (tix_time_in_range (0));
  g_assert_true (tix_time_in_range (NOV_25_2026_MS));
  g_assert_true (tix_time_in_range (TIX_TIME_MAX_MS));
  g_assert_false (tix_time_in_range (-1));
  g_assert_false (tix_time_in_range (TIX_TIME_MAX_MS + 1));
  g_assert_false (tix_time_in_range (G_MININT64));
  g_assert_false (tix_time_in_range (G_MAXINT64));
  assert_format (TIX_TIME_MAX_MS, "9998-12-31T23:59:59.999Z");
  g_assert_true (tix_time_parse_iso ("9999-01-01T00:00:00.000Z", &ms));
  g_assert_false (tix_time_in_range (ms));
}

static void
test_parse_date (void)
{
  const char *bad[] = { NULL, "", "9999-12-31", "9999-01-01", "0001-01-01", "1969-12-31",
                        "0000-01-01", "10000-01-01", "2026-02-29", "2026-13-01",
                        "2026-00-10", "2026-04-31", "2026-1-01", "2026/11/25",
                        "2026-11-25T09:00", "+026-11-25", "2026-11-2x", " 2026-11-25" };
  GDate date;

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    if (tix_time_parse_date (bad[i], &date))
      g_error ("“%s” parsed as a date", bad[i]);

  g_assert_true (tix_time_parse_date ("1970-01-01", &date));
  g_assert_cmpuint (g_date_get_year (&date), ==, 1970);
  g_assert_true (tix_time_parse_date ("2024-02-29", &date));
  g_assert_cmpuint (g_date_get_month (&date), ==, 2);
  g_assert_cmpuint (g_date_get_day (&date), ==, 29);
  g_assert_true (tix_time_parse_date ("9998-12-31", NULL));
  {
    g_autofree char *text = NULL;

    g_assert_true (tix_time_parse_date ("9998-12-31", &date));
    text = tix_time_format_date (&date);
    g_assert_cmpstr (text, ==, "9998-12-31");
  }
}

static void
assert_bounds (const char *zone,
               const char *date,
               const char *start,
               const char *end)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier (zone);
  gint64 from = 0, to = 0;
  GDate day;

  g_assert_nonnull (tz);
  g_assert_true (tix_time_parse_date (date, &day));
  g_assert_true (tix_time_day_bounds (tz, &day, &from, &to));
  assert_format (from, start);
  assert_format (to, end);
}

/* Every day of the range has its bounds in every zone, even at its ends. */
static void
test_day_bounds (void)
{
  const char *zones[] = { "UTC", "Asia/Tokyo", "Pacific/Kiritimati", "Pacific/Pago_Pago",
                          "Etc/GMT+12", "Etc/GMT-14", "America/St_Johns", "Europe/Berlin" };
  const char *dates[] = { "1970-01-01", "9998-12-31", "2026-03-29", "2026-10-25" };

  assert_bounds ("Asia/Tokyo", "1970-01-01", "1969-12-31T15:00:00.000Z",
                 "1970-01-01T15:00:00.000Z");
  assert_bounds ("Pacific/Pago_Pago", "9998-12-31", "9998-12-31T11:00:00.000Z",
                 "9999-01-01T11:00:00.000Z");
  assert_bounds ("Europe/Berlin", "2026-03-29", "2026-03-28T23:00:00.000Z",
                 "2026-03-29T22:00:00.000Z");

  for (gsize z = 0; z < G_N_ELEMENTS (zones); z++)
    for (gsize d = 0; d < G_N_ELEMENTS (dates); d++)
      {
        g_autoptr(GTimeZone) tz = g_time_zone_new_identifier (zones[z]);
        gint64 from, to;
        GDate day;

        g_assert_true (tix_time_parse_date (dates[d], &day));
        g_assert_true (tix_time_day_bounds (tz, &day, &from, &to));
        g_assert_cmpint (to - from, >=, 23 * 3600 * 1000);
        g_assert_cmpint (to - from, <=, 25 * 3600 * 1000);
      }

  /* Outside the range: refused, whatever GLib could still do. */
  {
    g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Pacific/Pago_Pago");
    gint64 from = 1, to = 2;
    GDate day;

    g_date_clear (&day, 1);
    g_date_set_dmy (&day, 31, 12, 9999);
    g_assert_false (tix_time_day_bounds (tz, &day, &from, &to));
    g_date_set_dmy (&day, 1, 1, 1);
    g_assert_false (tix_time_day_bounds (tz, &day, &from, &to));
    g_date_clear (&day, 1);
    g_assert_false (tix_time_day_bounds (tz, &day, &from, &to));
    g_assert_false (tix_time_day_bounds (tz, NULL, &from, &to));
    g_assert_cmpint (from, ==, 1);
    g_assert_cmpint (to, ==, 2);
  }
}

/* An event's start as its tickets print it: with the time of day in the
 * organization's zone, or the day alone for a start at midnight. */
static void
test_start_in_zone (void)
{
  gint64 ms = 0;
  g_autofree char *evening = NULL;
  g_autofree char *midnight = NULL;
  g_autofree char *utc = NULL;

  /* 2026-12-11 19:00 UTC is 20:00 in Paris. */
  g_assert_true (tix_time_parse_iso ("2026-12-11T19:00:00Z", &ms));
  evening = tix_time_start_in_zone (ms, "Europe/Paris");
  g_assert_cmpstr (evening, ==, "2026-12-11 20:00");
  utc = tix_time_start_in_zone (ms, NULL);
  g_assert_cmpstr (utc, ==, "2026-12-11 19:00");

  /* Midnight in Paris: a day given without a time. */
  g_assert_true (tix_time_parse_iso ("2026-12-10T23:00:00Z", &ms));
  midnight = tix_time_start_in_zone (ms, "Europe/Paris");
  g_assert_cmpstr (midnight, ==, "2026-12-11");

  g_assert_null (tix_time_start_in_zone (G_MAXINT64, "Europe/Paris"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tix/core/time/format", test_format);
  g_test_add_func ("/tix/core/time/format/before-epoch", test_format_before_epoch);
  g_test_add_func ("/tix/core/time/format/utc", test_format_is_utc);
  g_test_add_func ("/tix/core/time/parse", test_parse);
  g_test_add_func ("/tix/core/time/parse/errors", test_parse_errors);
  g_test_add_func ("/tix/core/time/round-trip", test_round_trip);
  g_test_add_func ("/tix/core/time/now", test_now);
  g_test_add_func ("/tix/core/time/from-datetime", test_from_datetime);
  g_test_add_func ("/tix/core/time/from-datetime/null", test_from_datetime_null);
  g_test_add_func ("/tix/core/time/parse/far", test_parse_far);
  g_test_add_func ("/tix/core/time/in-range", test_in_range);
  g_test_add_func ("/tix/core/time/parse-date", test_parse_date);
  g_test_add_func ("/tix/core/time/day-bounds", test_day_bounds);

  g_test_add_func ("/tix/core/time/start-in-zone", test_start_in_zone);

  return g_test_run ();
}
