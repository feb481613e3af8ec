/* SPDX-License-Identifier: GPL-3.0-or-later */
/* TixScanAnswer alone, without a display: what the scan view shows for
 * each TixDoor verdict. */
#include "config.h"

#include <string.h>

#include "tix-scan-answer.h"

static TixDoorVerdict *
verdict_new (TixDoorVerdictKind kind)
{
  TixDoorVerdict *verdict = g_new0 (TixDoorVerdict, 1);

  verdict->kind = kind;
  return verdict;
}

static TixTicket *
ticket_new (const char *number,
            const char *extra)
{
  return tix_ticket_new ("id-1", number, "FRI", extra, 1000, 1, 1);
}

static TixScanAnswer *
answer_new (const TixDoorVerdict *verdict)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();

  return tix_scan_answer_new ("TIX1.code", verdict, NULL, utc);
}

/* Every kind of verdict has its result, as the door decided it. */
static void
test_answer_kinds (void)
{
  static const struct { TixDoorVerdictKind kind; TixScanResult result; } cases[] = {
    { TIX_DOOR_ADMITTED, TIX_SCAN_RESULT_VALID },
    { TIX_DOOR_DUPLICATE, TIX_SCAN_RESULT_DUPLICATE },
    { TIX_DOOR_UNKNOWN, TIX_SCAN_RESULT_UNKNOWN },
    { TIX_DOOR_FORGED, TIX_SCAN_RESULT_FORGED },
    { TIX_DOOR_REPLACED, TIX_SCAN_RESULT_REPLACED },
    { TIX_DOOR_WRONG_PREFIX, TIX_SCAN_RESULT_WRONG_PREFIX },
    { TIX_DOOR_DELETED, TIX_SCAN_RESULT_DELETED },
    { TIX_DOOR_OTHER_EVENT, TIX_SCAN_RESULT_OTHER_EVENT },
    { TIX_DOOR_ONLINE_ONLY, TIX_SCAN_RESULT_FAILED },
    { TIX_DOOR_FAILED, TIX_SCAN_RESULT_FAILED },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(TixDoorVerdict) verdict = verdict_new (cases[i].kind);
      g_autoptr(TixScanAnswer) answer = NULL;

      verdict->error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "Server said no");
      answer = answer_new (verdict);
      g_assert_cmpint (answer->result, ==, cases[i].result);
      /* An admission says the ticket's extra line, when it has one. */
      if (answer->result != TIX_SCAN_RESULT_VALID)
        g_assert_nonnull (answer->detail);
      g_assert_cmpstr (tix_scan_result_get_verdict (answer->result), !=, "");
      g_assert_nonnull (tix_scan_result_get_css_class (answer->result));
      g_assert_nonnull (tix_scan_result_get_icon_name (answer->result));
      /* Only an online admission can be undone. */
      g_assert_null (answer->ticket);
    }
}

/* The error of the verdict is what the view says, not re-read: a failed
 * verdict whose error looks like a duplicate stays "not checked". */
static void
test_answer_uses_verdict (void)
{
  g_autoptr(TixDoorVerdict) verdict = verdict_new (TIX_DOOR_FAILED);
  g_autoptr(TixScanAnswer) answer = NULL;

  verdict->error = g_error_new_literal (TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_DUPLICATE,
                                        "Server unreachable");
  answer = answer_new (verdict);
  g_assert_cmpint (answer->result, ==, TIX_SCAN_RESULT_FAILED);
  g_assert_cmpstr (answer->detail, ==, "Server unreachable. Scan the ticket again.");
}

static void
test_answer_admitted (void)
{
  g_autoptr(TixDoorVerdict) verdict = verdict_new (TIX_DOOR_ADMITTED);
  g_autoptr(TixScanAnswer) answer = NULL;

  verdict->ticket = ticket_new ("FRI-000001", "Row 4, seat 12");
  answer = answer_new (verdict);
  g_assert_cmpint (answer->result, ==, TIX_SCAN_RESULT_VALID);
  g_assert_cmpstr (answer->title, ==, "FRI-000001");
  g_assert_cmpstr (answer->detail, ==, "Row 4, seat 12");
  g_assert_false (answer->offline);
  g_assert_true (answer->ticket == verdict->ticket);
}

static void
test_answer_offline (void)
{
  g_autoptr(TixDoorVerdict) verdict = verdict_new (TIX_DOOR_ADMITTED);
  g_autoptr(TixScanAnswer) answer = NULL;

  verdict->offline = TRUE;
  verdict->number = g_strdup ("FRI-000002");
  answer = answer_new (verdict);
  g_assert_true (answer->offline);
  g_assert_cmpstr (answer->title, ==, "FRI-000002");
  g_assert_cmpstr (answer->detail, ==,
                   "Admitted offline: the server will be told when it is back");
  g_assert_null (answer->ticket);
}

static void
test_answer_duplicate (void)
{
  g_autoptr(TixDoorVerdict) verdict = verdict_new (TIX_DOOR_DUPLICATE);
  g_autoptr(TixDoorVerdict) here = verdict_new (TIX_DOOR_DUPLICATE);
  g_autoptr(TixScanAnswer) answer = NULL;
  g_autoptr(TixScanAnswer) here_answer = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  verdict->ticket = ticket_new ("FRI-000003", NULL);
  tix_ticket_set_scanned (verdict->ticket, g_date_time_to_unix (now) * 1000, 2, "Ana");
  answer = answer_new (verdict);
  g_assert_true (g_str_has_prefix (answer->detail, "Scanned at "));
  g_assert_true (g_str_has_suffix (answer->detail, " by Ana"));
  g_assert_null (answer->ticket);

  here->offline = TRUE;
  here->scanned_here = TRUE;
  here_answer = answer_new (here);
  g_assert_cmpstr (here_answer->detail, ==, "Already admitted at this door while offline");
}

static void
test_answer_wrong_prefix (void)
{
  g_autoptr(TixDoorVerdict) verdict = verdict_new (TIX_DOOR_WRONG_PREFIX);
  g_autoptr(TixScanAnswer) answer = NULL;
  g_autoptr(TixScanAnswer) bare = NULL;
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  const char * const prefixes[] = { "FRI", "VIP", NULL };

  verdict->error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "Not admitted here");
  answer = tix_scan_answer_new ("SAT-000001", verdict, prefixes, utc);
  g_assert_cmpstr (answer->detail, ==, "This door admits FRI, VIP only");
  g_assert_cmpstr (answer->title, ==, "SAT-000001");

  bare = tix_scan_answer_new ("SAT-000001", verdict, NULL, utc);
  g_assert_cmpstr (bare->detail, ==, "Not admitted here");
}

/* A ticket for another night says which, in the organization's zone. */
static void
test_answer_other_event (void)
{
  g_autoptr(TixDoorVerdict) verdict = verdict_new (TIX_DOOR_OTHER_EVENT);
  g_autoptr(TixDoorVerdict) unnamed = verdict_new (TIX_DOOR_OTHER_EVENT);
  g_autoptr(TixDoorVerdict) unknown = verdict_new (TIX_DOOR_OTHER_EVENT);
  g_autoptr(TixScanAnswer) answer = NULL;
  g_autoptr(TixScanAnswer) answer_unnamed = NULL;
  g_autoptr(TixScanAnswer) answer_unknown = NULL;
  g_autoptr(GTimeZone) berlin = g_time_zone_new_identifier ("Europe/Berlin");
  /* Friday 14 March 2025, 19:00 UTC: 20:00 in Berlin */
  gint64 friday = G_GINT64_CONSTANT (1741978800000);

  g_assert_nonnull (berlin);
  verdict->event = tix_event_new ("Late show");
  tix_event_set_starts_at (verdict->event, friday);
  answer = tix_scan_answer_new ("FRI-000001", verdict, NULL, berlin);
  g_assert_cmpint (answer->result, ==, TIX_SCAN_RESULT_OTHER_EVENT);
  /* (With the zone's name after the time when this machine is elsewhere.) */
  g_assert_true (g_str_has_prefix (answer->detail, "For Friday 14 March, 20:00"));
  g_assert_true (g_str_has_suffix (answer->detail, "(Late show)"));

  unnamed->event = tix_event_new ("");
  tix_event_set_starts_at (unnamed->event, friday);
  answer_unnamed = tix_scan_answer_new ("FRI-000001", unnamed, NULL, berlin);
  g_assert_true (g_str_has_prefix (answer_unnamed->detail, "For Friday 14 March, 20:00"));
  g_assert_null (strchr (answer_unnamed->detail, '('));

  answer_unknown = tix_scan_answer_new ("FRI-000001", unknown, NULL, berlin);
  g_assert_cmpstr (answer_unknown->detail, ==, "This ticket is for another event");
}

/* A code no ticket was found for is shown shortened. */
static void
test_answer_long_code (void)
{
  g_autoptr(TixDoorVerdict) verdict = verdict_new (TIX_DOOR_UNKNOWN);
  g_autoptr(TixScanAnswer) answer = NULL;
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();

  answer = tix_scan_answer_new ("TIX1.abcdefghijklmnopqrstuvwxyz", verdict, NULL, utc);
  g_assert_cmpstr (answer->title, ==, "TIX1.abcdefghijklmno…");
  g_assert_cmpstr (answer->detail, ==, "No ticket has this number or code");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/scan-answer/kinds", test_answer_kinds);
  g_test_add_func ("/scan-answer/uses-verdict", test_answer_uses_verdict);
  g_test_add_func ("/scan-answer/admitted", test_answer_admitted);
  g_test_add_func ("/scan-answer/offline", test_answer_offline);
  g_test_add_func ("/scan-answer/duplicate", test_answer_duplicate);
  g_test_add_func ("/scan-answer/wrong-prefix", test_answer_wrong_prefix);
  g_test_add_func ("/scan-answer/other-event", test_answer_other_event);
  g_test_add_func ("/scan-answer/long-code", test_answer_long_code);

  return g_test_run ();
}
