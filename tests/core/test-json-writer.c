/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The streaming writer of the hot paths must say exactly what json-glib says. */
#include "config.h"

#include <string.h>

#include "tix-json.h"
#include "tix-ticket.h"
#include "tix-time.h"

static const char *extras[] = {
  NULL, "", "Row A, seat 12", "quote \" and backslash \\ and slash /",
  "tab\tnewline\nreturn\rbell\x07" "escape\x1b" "unit\x1f", "Ünïcödé — 東京 — مرحبا — 🎟️",
  "\x7f delete", "</script><script>alert(1)</script>", "'single' {json:[1,2]}",
};

/* Parses @text with json-glib and prints it back with json-glib. */
static char *
canonical (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = tix_json_parse (text, strlen (text), &error);

  g_assert_no_error (error);
  return tix_json_to_string (node, NULL);
}

static void
test_ticket_matches_json_glib (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (extras); i++)
    for (int scanned = 0; scanned < 2; scanned++)
      {
        g_autofree char *id = g_uuid_string_random ();
        g_autoptr(TixTicket) ticket = tix_ticket_new (id, "VIP-000001", "VIP", extras[i],
                                                      1764061200123 + i, 7, 3);
        g_autoptr(GString) out = g_string_new (NULL);
        g_autoptr(JsonNode) node = NULL;
        g_autofree char *expected = NULL;
        g_autofree char *ours = NULL;

        if (scanned)
          {
            tix_ticket_set_scanned (ticket, 1764064800999, 5, "Dora \"the door\" Ö");
            tix_ticket_set_code (ticket, "0123456789ABCDEFGHJKLMNPQRSTUVWX");
          }

        tix_ticket_append_json (ticket, out);
        node = tix_ticket_to_json_node (ticket);
        expected = tix_json_to_string (node, NULL);
        ours = canonical (out->str);
        g_assert_cmpstr (ours, ==, expected);
      }
}

static void
test_control_characters (void)
{
  g_autoptr(GString) out = g_string_new (NULL);
  char text[33];

  for (int c = 1; c < 32; c++)
    text[c - 1] = (char) c;
  text[31] = '\0';

  tix_json_append_string (out, text);
  for (gsize i = 0; i < out->len; i++)
    g_assert_cmpint ((guchar) out->str[i], >=, 0x20);

  {
    g_autofree char *back = canonical (out->str);
    g_autoptr(GString) again = g_string_new (NULL);

    tix_json_append_string (again, text);
    g_assert_cmpstr (again->str, ==, out->str);
    g_assert_nonnull (back);
  }
}

/* An independent formatting through GDateTime, for comparison. */
static char *
format_with_gdatetime (gint64 ms)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (ms / 1000);

  return g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
                          g_date_time_get_year (dt), g_date_time_get_month (dt),
                          g_date_time_get_day_of_month (dt), g_date_time_get_hour (dt),
                          g_date_time_get_minute (dt), g_date_time_get_second (dt),
                          (int) (ms % 1000));
}

static void
test_time_matches_gdatetime (void)
{
  static const gint64 fixed[] = {
    0, 1, 999, 1000, 86399999, 86400000, 951782400000 /* 2000-02-29 */,
    4107542399999 /* 2100-02-28T23:59:59.999 */, 253402300799999 /* 9999-12-31 */,
    1764061200123,
  };

  for (guint i = 0; i < G_N_ELEMENTS (fixed); i++)
    {
      char buf[TIX_TIME_ISO_SIZE];
      g_autofree char *slow = format_with_gdatetime (fixed[i]);

      tix_time_format_iso_buf (fixed[i], buf);
      g_assert_cmpstr (buf, ==, slow);
    }

  for (int round = 0; round < 20000; round++)
    {
      gint64 ms = (gint64) (g_test_rand_double () * 253402300799999.0);
      char buf[TIX_TIME_ISO_SIZE];
      g_autofree char *slow = format_with_gdatetime (ms);
      gint64 back = 0;

      tix_time_format_iso_buf (ms, buf);
      g_assert_cmpstr (buf, ==, slow);
      g_assert_true (tix_time_parse_iso (buf, &back));
      g_assert_cmpint (back, ==, ms);
    }
}

/* Found by fuzzing: a year below 1000 once came out as three digits. */
static void
test_time_round_trip_early_years (void)
{
  static const char *texts[] = {
    "0226-02-17T23:59:59.999Z", "0001-01-01T00:00:00.000Z", "0999-12-31T23:59:59.000Z",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autofree char *again = NULL;
      gint64 ms = 0;

      g_assert_true (tix_time_parse_iso (texts[i], &ms));
      again = tix_time_format_iso (ms);
      g_assert_cmpstr (again, ==, texts[i]);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tix/core/json-writer/ticket", test_ticket_matches_json_glib);
  g_test_add_func ("/tix/core/json-writer/control-characters", test_control_characters);
  g_test_add_func ("/tix/core/json-writer/time", test_time_matches_gdatetime);
  g_test_add_func ("/tix/core/json-writer/time-early-years", test_time_round_trip_early_years);

  return g_test_run ();
}
