/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "tix-json.h"
#include "tix-report.h"
#include "tix-scan-conflict.h"
#include "tix-settings.h"

static JsonNode *
parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = tix_json_parse (text, strlen (text), &error);

  g_assert_no_error (error);
  return node;
}

static void
test_period_report (void)
{
  g_autoptr(JsonNode) good = parse ("[{\"week\": \"2026-W48\", \"generated\": 3, \"scanned\": 2},"
                                    " {\"week\": \"2026-W47\", \"generated\": 0, \"scanned\": 0}]");
  g_autoptr(JsonNode) bad = parse ("[{\"week\": \"2026-W48\", \"generated\": -1, \"scanned\": 2}]");
  g_autoptr(JsonNode) wrong = parse ("[{\"date\": \"2026-11-28\", \"generated\": 1, \"scanned\": 0}]");
  g_autoptr(TixPeriodReport) report = NULL;
  g_autoptr(GError) error = NULL;
  TixReportRow *row;

  g_assert_cmpstr (tix_report_period_get_name (TIX_REPORT_MONTHLY), ==, "monthly");
  g_assert_cmpstr (tix_report_period_get_member (TIX_REPORT_DAILY), ==, "date");

  report = tix_period_report_new_from_json (TIX_REPORT_WEEKLY, json_node_get_array (good), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->rows->len, ==, 2);
  row = &g_array_index (report->rows, TixReportRow, 0);
  g_assert_cmpstr (row->period, ==, "2026-W48");
  g_assert_cmpint (row->generated, ==, 3);
  g_assert_cmpint (row->scanned, ==, 2);
  g_clear_pointer (&report, tix_period_report_free);

  /* A negative count, or the member of another period: no report. */
  report = tix_period_report_new_from_json (TIX_REPORT_WEEKLY, json_node_get_array (bad), &error);
  g_assert_null (report);
  g_assert_error (error, TIX_JSON_ERROR, TIX_JSON_ERROR_TYPE);
  g_clear_error (&error);
  report = tix_period_report_new_from_json (TIX_REPORT_WEEKLY, json_node_get_array (wrong), &error);
  g_assert_null (report);
  g_assert_error (error, TIX_JSON_ERROR, TIX_JSON_ERROR_TYPE);
}

static void
test_door_report (void)
{
  g_autoptr(JsonNode) node =
    parse ("{\"date\": \"2026-03-14\", \"time_zone\": \"Europe/Berlin\", \"interval_minutes\": 10,"
           " \"scanned\": 5, \"buckets\": [{\"start\": \"2026-03-14T18:00:00Z\", \"scanned\": 5},"
           " {\"start\": 3, \"scanned\": 1}, 7],"
           " \"by_station\": [{\"station\": \"s-1\", \"scanned\": 4}, {\"station\": null, \"scanned\": 1}],"
           " \"by_user\": [{\"user_id\": 7, \"name\": \"Ana\", \"scanned\": 5}, {\"name\": \"x\"}]}");
  g_autoptr(TixDoorReport) report = NULL;
  g_autoptr(GError) error = NULL;
  TixReportShare *share;

  report = tix_door_report_new_from_json (json_node_get_object (node), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (report->date, ==, "2026-03-14");
  g_assert_cmpstr (report->time_zone, ==, "Europe/Berlin");
  g_assert_cmpint (report->interval_minutes, ==, 10);
  g_assert_cmpint (report->scanned, ==, 5);
  /* What does not read is left out. */
  g_assert_cmpuint (report->intervals->len, ==, 1);
  g_assert_cmpstr (g_array_index (report->intervals, TixReportRow, 0).period, ==,
                   "2026-03-14T18:00:00Z");
  g_assert_cmpuint (report->by_station->len, ==, 2);
  g_assert_cmpstr (g_array_index (report->by_station, TixReportShare, 0).key, ==, "s-1");
  g_assert_null (g_array_index (report->by_station, TixReportShare, 1).key);
  g_assert_cmpuint (report->by_user->len, ==, 1);
  share = &g_array_index (report->by_user, TixReportShare, 0);
  g_assert_cmpstr (share->key, ==, "Ana");
  g_assert_cmpint (share->user_id, ==, 7);

  g_assert_null (tix_door_report_new_from_json (NULL, &error));
  g_assert_error (error, TIX_JSON_ERROR, TIX_JSON_ERROR_TYPE);
}

static void
test_settings (void)
{
  g_autoptr(JsonNode) node =
    parse ("{\"organization_name\": \"Aula\", \"event_name\": \"Gala\", \"event_date\": null,"
           " \"time_zone\": \"Europe/Paris\", \"default_prefix\": 4, \"unknown\": \"x\"}");
  g_autoptr(TixSettings) settings = NULL;
  g_autoptr(TixSettings) changes = tix_settings_new ();
  g_autoptr(JsonNode) json = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  settings = tix_settings_new_from_json (json_node_get_object (node), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tix_settings_get (settings, TIX_SETTING_ORGANIZATION_NAME), ==, "Aula");
  g_assert_cmpstr (tix_settings_get (settings, TIX_SETTING_TIME_ZONE), ==, "Europe/Paris");
  g_assert_null (tix_settings_get (settings, TIX_SETTING_EVENT_DATE));
  g_assert_null (tix_settings_get (settings, TIX_SETTING_DEFAULT_PREFIX));
  g_assert_cmpstr (tix_settings_get_title (settings), ==, "Gala");
  tix_settings_set (settings, TIX_SETTING_EVENT_NAME, "");
  g_assert_cmpstr (tix_settings_get_title (settings), ==, "Aula");

  /* Changes: only what is set, and an empty date as null. */
  g_assert_true (tix_settings_is_empty (changes));
  tix_settings_set (changes, TIX_SETTING_EVENT_DATE, "");
  tix_settings_set (changes, TIX_SETTING_SHEET_LAYOUT, "roll-80");
  g_assert_false (tix_settings_is_empty (changes));
  json = tix_settings_to_json (changes);
  text = tix_json_to_string (json, NULL);
  g_assert_cmpstr (text, ==, "{\"event_date\":null,\"sheet_layout\":\"roll-80\"}");
  g_assert_cmpstr (tix_setting_get_name (TIX_SETTING_DEFAULT_PREFIX), ==, "default_prefix");

  g_assert_null (tix_settings_new_from_json (NULL, &error));
  g_assert_error (error, TIX_JSON_ERROR, TIX_JSON_ERROR_TYPE);
}

static void
test_scan_conflict (void)
{
  g_autoptr(JsonNode) node =
    parse ("{\"id\": 1, \"at\": \"2026-03-14T20:00:00Z\", \"ticket\": {\"id\": \"t\", \"number\": \"VIP-0001\"},"
           " \"first\": {\"scanned_at\": \"2026-03-14T19:00:00Z\", \"scanned_by_name\": \"Ana\","
           " \"station\": \"s-1\"}, \"second\": {\"scan_id\": \"x\", \"user_name\": 3}}");
  g_autoptr(TixScanConflict) conflict = NULL;
  g_autoptr(GError) error = NULL;

  conflict = tix_scan_conflict_new_from_json (json_node_get_object (node), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (conflict->at, ==, "2026-03-14T20:00:00Z");
  g_assert_cmpstr (conflict->ticket_id, ==, "t");
  g_assert_cmpstr (conflict->number, ==, "VIP-0001");
  g_assert_cmpstr (conflict->first.user_name, ==, "Ana");
  g_assert_cmpstr (conflict->first.station, ==, "s-1");
  g_assert_null (conflict->first.scan_id);
  g_assert_cmpstr (conflict->second.scan_id, ==, "x");
  g_assert_null (conflict->second.user_name);
  g_assert_null (conflict->second.scanned_at);

  g_assert_null (tix_scan_conflict_new_from_json (NULL, &error));
  g_assert_error (error, TIX_JSON_ERROR, TIX_JSON_ERROR_TYPE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tix/core/report/period", test_period_report);
  g_test_add_func ("/tix/core/report/door", test_door_report);
  g_test_add_func ("/tix/core/settings", test_settings);
  g_test_add_func ("/tix/core/scan-conflict", test_scan_conflict);

  return g_test_run ();
}
