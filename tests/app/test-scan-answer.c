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
    { TIX_DOOR_REFUNDED, TIX_SCAN_RESULT_REFUNDED },
    { TIX_DOOR_REENTRY, TIX_SCAN_RESULT_REENTRY },
    { TIX_DOOR_EXIT, TIX_SCAN_RESULT_EXIT },
    { TIX_DOOR_ALREADY_INSIDE, TIX_SCAN_RESULT_ALREADY_INSIDE },
    { TIX_DOOR_NO_REENTRY, TIX_SCAN_RESULT_NO_REENTRY },
    { TIX_DOOR_NOT_INSIDE, TIX_SCAN_RESULT_NOT_INSIDE },
    { TIX_DOOR_WRONG_ENTRANCE, TIX_SCAN_RESULT_WRONG_ENTRANCE },
    { TIX_DOOR_CLOSED, TIX_SCAN_RESULT_CLOSED },
    { TIX_DOOR_FULL, TIX_SCAN_RESULT_FULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(TixDoorVerdict) verdict = verdict_new (cases[i].kind);
      g_autoptr(TixScanAnswer) answer = NULL;

      verdict->error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "Server said no");
      answer = answer_new (verdict);
      g_assert_cmpint (answer->result, ==, cases[i].result);
      /* An admission says the ticket's extra line, when it has one. */
      if (!tix_scan_result_get_admitted (answer->result))
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

/* Each answer has a look, a word and a sound of its own: a steward tells
 * WELCOME BACK from GOODBYE from ALREADY INSIDE without reading. */
static void
test_answer_each_its_own (void)
{
  g_autoptr(GHashTable) classes = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) verdicts = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) sounds = g_hash_table_new (g_str_hash, g_str_equal);
  static const TixScanResult rules[] = {
    TIX_SCAN_RESULT_VALID, TIX_SCAN_RESULT_REENTRY, TIX_SCAN_RESULT_EXIT,
    TIX_SCAN_RESULT_ALREADY_INSIDE, TIX_SCAN_RESULT_NO_REENTRY, TIX_SCAN_RESULT_NOT_INSIDE,
    TIX_SCAN_RESULT_WRONG_ENTRANCE, TIX_SCAN_RESULT_CLOSED, TIX_SCAN_RESULT_FULL,
    TIX_SCAN_RESULT_REFUNDED, TIX_SCAN_RESULT_DELETED, TIX_SCAN_RESULT_DUPLICATE,
  };

  for (guint i = 0; i < G_N_ELEMENTS (rules); i++)
    {
      const char *klass = tix_scan_result_get_css_class (rules[i]);
      const char *verdict = tix_scan_result_get_verdict (rules[i]);
      const char *sound = tix_scan_result_get_sound_id (rules[i]);

      g_assert_nonnull (sound);
      g_assert_false (g_hash_table_contains (classes, klass));
      g_assert_false (g_hash_table_contains (verdicts, verdict));
      g_assert_false (g_hash_table_contains (sounds, sound));
      g_hash_table_add (classes, (gpointer) klass);
      g_hash_table_add (verdicts, (gpointer) verdict);
      g_hash_table_add (sounds, (gpointer) sound);
    }

  g_assert_cmpstr (tix_scan_result_get_verdict (TIX_SCAN_RESULT_REENTRY), ==, "WELCOME BACK");
  g_assert_cmpstr (tix_scan_result_get_verdict (TIX_SCAN_RESULT_EXIT), ==, "GOODBYE");
  g_assert_cmpstr (tix_scan_result_get_verdict (TIX_SCAN_RESULT_ALREADY_INSIDE), ==,
                   "ALREADY INSIDE");
  g_assert_null (tix_scan_result_get_sound_id (TIX_SCAN_RESULT_NONE));
  g_assert_true (tix_scan_result_get_admitted (TIX_SCAN_RESULT_EXIT));
  g_assert_false (tix_scan_result_get_admitted (TIX_SCAN_RESULT_ALREADY_INSIDE));
}

static TixEntrance *
entrance_new (const char *name)
{
  return tix_entrance_new (name);
}

/* Back in, and out: by which entrance; the ticket's extra line after it. */
static void
test_answer_reentry_exit (void)
{
  g_autoptr(TixDoorVerdict) back = verdict_new (TIX_DOOR_REENTRY);
  g_autoptr(TixDoorVerdict) out = verdict_new (TIX_DOOR_EXIT);
  g_autoptr(TixDoorVerdict) bare = verdict_new (TIX_DOOR_EXIT);
  g_autoptr(TixScanAnswer) back_answer = NULL;
  g_autoptr(TixScanAnswer) out_answer = NULL;
  g_autoptr(TixScanAnswer) bare_answer = NULL;

  back->ticket = ticket_new ("FRI-000001", "Balcony");
  back->entrance = entrance_new ("North Door");
  back_answer = answer_new (back);
  g_assert_cmpint (back_answer->result, ==, TIX_SCAN_RESULT_REENTRY);
  g_assert_cmpstr (back_answer->detail, ==, "Back in by North Door · Balcony");
  /* Only a first entry is undone. */
  g_assert_null (back_answer->ticket);

  out->direction = TIX_DOOR_DIRECTION_OUT;
  out->entrance = entrance_new ("Foyer");
  out_answer = answer_new (out);
  g_assert_cmpstr (out_answer->detail, ==, "Out by Foyer");

  bare_answer = answer_new (bare);
  g_assert_null (bare_answer->detail);
}

/* ALREADY INSIDE: when, in the organization's zone, and at which entrance. */
static void
test_answer_already_inside (void)
{
  g_autoptr(TixDoorVerdict) verdict = verdict_new (TIX_DOOR_ALREADY_INSIDE);
  g_autoptr(TixDoorVerdict) unknown = verdict_new (TIX_DOOR_ALREADY_INSIDE);
  g_autoptr(TixScanAnswer) answer = NULL;
  g_autoptr(TixScanAnswer) unknown_answer = NULL;
  g_autoptr(GTimeZone) berlin = g_time_zone_new_identifier ("Europe/Berlin");
  /* Friday 14 March 2025, 20:04 UTC: 21:04 in Berlin */
  gint64 at = G_GINT64_CONSTANT (1741982640000);

  verdict->entered_at = at;
  verdict->entrance = entrance_new ("North Door");
  answer = tix_scan_answer_new ("FRI-000001", verdict, NULL, berlin);
  g_assert_true (g_str_has_prefix (answer->detail, "Came in at Fri 14 Mar, 21:04"));
  g_assert_true (g_str_has_suffix (answer->detail, " by North Door"));

  unknown_answer = answer_new (unknown);
  g_assert_cmpstr (unknown_answer->detail, ==,
                   "This ticket is inside and has not gone out since");
}

static void
test_answer_no_reentry_not_inside (void)
{
  g_autoptr(TixDoorVerdict) no_reentry = verdict_new (TIX_DOOR_NO_REENTRY);
  g_autoptr(TixDoorVerdict) never = verdict_new (TIX_DOOR_NOT_INSIDE);
  g_autoptr(TixDoorVerdict) gone = verdict_new (TIX_DOOR_NOT_INSIDE);
  g_autoptr(TixScanAnswer) a = NULL;
  g_autoptr(TixScanAnswer) b = NULL;
  g_autoptr(TixScanAnswer) c = NULL;
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  gint64 at = G_GINT64_CONSTANT (1741982640000);   /* 20:04 UTC */

  no_reentry->entered_at = at;
  a = tix_scan_answer_new ("X", no_reentry, NULL, utc);
  g_assert_true (g_str_has_prefix (a->detail, "Came in at "));
  g_assert_true (g_str_has_suffix (a->detail, "20:04 and went out: no one is let back in here"));

  b = answer_new (never);
  g_assert_cmpstr (b->detail, ==, "This ticket has not come in: it cannot go out");

  gone->exited_at = at;
  c = tix_scan_answer_new ("X", gone, NULL, utc);
  g_assert_true (g_str_has_prefix (c->detail, "Went out at "));
  g_assert_true (g_str_has_suffix (c->detail, "20:04 and has not come back in"));
}

/* WRONG ENTRANCE names the ones that take it. */
static void
test_answer_wrong_entrance (void)
{
  g_autoptr(TixDoorVerdict) verdict = verdict_new (TIX_DOOR_WRONG_ENTRANCE);
  g_autoptr(TixDoorVerdict) none = verdict_new (TIX_DOOR_WRONG_ENTRANCE);
  g_autoptr(TixDoorVerdict) no_exit = verdict_new (TIX_DOOR_WRONG_ENTRANCE);
  g_autoptr(TixScanAnswer) a = NULL;
  g_autoptr(TixScanAnswer) b = NULL;
  g_autoptr(TixScanAnswer) c = NULL;

  verdict->entrances = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (verdict->entrances, entrance_new ("Balcony"));
  g_ptr_array_add (verdict->entrances, entrance_new ("Stalls"));
  a = answer_new (verdict);
  g_assert_cmpstr (a->detail, ==, "Use Balcony, Stalls");

  b = answer_new (none);
  g_assert_cmpstr (b->detail, ==, "No entrance of this event takes this ticket");

  no_exit->direction = TIX_DOOR_DIRECTION_OUT;
  c = answer_new (no_exit);
  g_assert_cmpstr (c->detail, ==, "Nobody goes out by this entrance");
}

/* CLOSED says the hours, in the organization's zone. */
static void
test_answer_closed (void)
{
  g_autoptr(TixDoorVerdict) verdict = verdict_new (TIX_DOOR_CLOSED);
  g_autoptr(TixDoorVerdict) bare = verdict_new (TIX_DOOR_CLOSED);
  g_autoptr(TixScanAnswer) a = NULL;
  g_autoptr(TixScanAnswer) b = NULL;
  g_autoptr(GTimeZone) berlin = g_time_zone_new_identifier ("Europe/Berlin");
  g_autofree char *until = NULL;
  g_autoptr(TixEntrance) late = entrance_new ("Late");

  verdict->entrance = entrance_new ("North Door");
  /* 18:00 to 22:00 UTC: 19:00–23:00 in Berlin */
  tix_entrance_set_opens_at (verdict->entrance, G_GINT64_CONSTANT (1741975200000));
  tix_entrance_set_closes_at (verdict->entrance, G_GINT64_CONSTANT (1741989600000));
  a = tix_scan_answer_new ("X", verdict, NULL, berlin);
  g_assert_true (g_str_has_prefix (a->detail, "Open Fri 14 Mar, 19:00"));
  g_assert_nonnull (strstr (a->detail, "–Fri 14 Mar, 23:00"));

  b = answer_new (bare);
  g_assert_cmpstr (b->detail, ==, "This entrance is not open now");

  tix_entrance_set_closes_at (late, G_GINT64_CONSTANT (1741989600000));
  until = tix_scan_format_hours (late, berlin);
  g_assert_true (g_str_has_prefix (until, "until Fri 14 Mar, 23:00"));
}

/* FULL: how many are inside, of how many. */
static void
test_answer_full (void)
{
  g_autoptr(TixDoorVerdict) verdict = verdict_new (TIX_DOOR_FULL);
  g_autoptr(TixDoorVerdict) bare = verdict_new (TIX_DOOR_FULL);
  g_autoptr(TixScanAnswer) a = NULL;
  g_autoptr(TixScanAnswer) b = NULL;

  verdict->event = tix_event_new ("Gala");
  tix_event_set_max_inside (verdict->event, 500);
  tix_event_set_inside (verdict->event, 500);
  a = answer_new (verdict);
  g_assert_cmpint (a->result, ==, TIX_SCAN_RESULT_FULL);
  g_assert_cmpstr (a->detail, ==, "500 of 500 inside: let someone out first");

  b = answer_new (bare);
  g_assert_cmpstr (b->detail, ==,
                   "As many are inside as the event may hold: let someone out first");
}

static void
test_answer_refunded (void)
{
  g_autoptr(TixDoorVerdict) verdict = verdict_new (TIX_DOOR_REFUNDED);
  g_autoptr(TixScanAnswer) answer = answer_new (verdict);

  g_assert_cmpint (answer->result, ==, TIX_SCAN_RESULT_REFUNDED);
  g_assert_cmpstr (tix_scan_result_get_verdict (answer->result), ==, "REFUNDED");
  g_assert_cmpstr (answer->detail, ==,
                   "The order of this ticket was refunded: it no longer admits");
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
  g_test_add_func ("/scan-answer/each-its-own", test_answer_each_its_own);
  g_test_add_func ("/scan-answer/reentry-exit", test_answer_reentry_exit);
  g_test_add_func ("/scan-answer/already-inside", test_answer_already_inside);
  g_test_add_func ("/scan-answer/no-reentry-not-inside", test_answer_no_reentry_not_inside);
  g_test_add_func ("/scan-answer/wrong-entrance", test_answer_wrong_entrance);
  g_test_add_func ("/scan-answer/closed", test_answer_closed);
  g_test_add_func ("/scan-answer/full", test_answer_full);
  g_test_add_func ("/scan-answer/refunded", test_answer_refunded);

  return g_test_run ();
}
