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

  g_assert_cmpint (tix_time_from_datetime (dt), ==, NOV_25_2026_MS + 123);
  g_assert_cmpint (tix_time_from_datetime (local), ==, NOV_25_2026_MS + 500);
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

  return g_test_run ();
}
