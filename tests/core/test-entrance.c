/* SPDX-License-Identifier: GPL-3.0-or-later */
/* TixEntrance and TixScanLogEntry from the server's JSON: what reads, what
 * is refused, and what a request body holds. */
#define G_LOG_DOMAIN "test-entrance"

#include "config.h"

#include <string.h>

#include "tix-entrance.h"
#include "tix-json.h"
#include "tix-scan-log-entry.h"

static JsonObject *
parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonObject *object = tix_json_parse_object (text, strlen (text), &error);

  g_assert_no_error (error);
  return object;
}

static void
test_entrance_read (void)
{
  g_autoptr(JsonObject) object = parse (
    "{\"id\":7,\"event_id\":3,\"name\":\"Balcony\",\"type_ids\":[5,2],\"allow_exit\":true,"
    "\"allow_reentry\":false,\"opens_at\":\"2026-03-20T18:00:00.000Z\",\"closes_at\":null,"
    "\"is_default\":false,\"inside\":12}");
  g_autoptr(JsonObject) ref = parse ("{\"id\":1,\"name\":\"Main entrance\"}");
  g_autoptr(GError) error = NULL;
  g_autoptr(TixEntrance) entrance = tix_entrance_new_from_json (object, &error);
  g_autoptr(TixEntrance) named = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *text = NULL;
  const gint64 *types;
  guint n;

  g_assert_no_error (error);
  g_assert_cmpint (tix_entrance_get_id (entrance), ==, 7);
  g_assert_cmpint (tix_entrance_get_event_id (entrance), ==, 3);
  g_assert_cmpstr (tix_entrance_get_name (entrance), ==, "Balcony");
  types = tix_entrance_get_type_ids (entrance, &n);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpint (types[0], ==, 2);
  g_assert_cmpint (types[1], ==, 5);
  g_assert_true (tix_entrance_admits_type (entrance, 5));
  g_assert_false (tix_entrance_admits_type (entrance, 0));
  g_assert_true (tix_entrance_get_allow_exit (entrance));
  g_assert_false (tix_entrance_get_allow_reentry (entrance));
  g_assert_cmpint (tix_entrance_get_opens_at (entrance), ==, G_GINT64_CONSTANT (1774029600000));
  g_assert_cmpint (tix_entrance_get_closes_at (entrance), ==, TIX_ENTRANCE_NO_TIME);
  g_assert_false (tix_entrance_is_open_at (entrance, G_GINT64_CONSTANT (1774029599999)));
  g_assert_true (tix_entrance_is_open_at (entrance, G_GINT64_CONSTANT (1774029600000)));
  g_assert_cmpint (tix_entrance_get_inside (entrance), ==, 12);

  /* A scan's answer names an entrance by id and name. */
  named = tix_entrance_new_from_json (ref, &error);
  g_assert_no_error (error);
  g_assert_cmpint (tix_entrance_get_event_id (named), ==, 0);
  g_assert_true (tix_entrance_admits_type (named, 0));
  g_assert_true (tix_entrance_is_open_at (named, 0));

  body = tix_entrance_to_json_changes (entrance, TIX_ENTRANCE_FIELD_TYPE_IDS |
                                                 TIX_ENTRANCE_FIELD_CLOSES_AT);
  text = tix_json_to_string (body, NULL);
  g_assert_cmpstr (text, ==, "{\"type_ids\":[2,5],\"closes_at\":null}");
}

static void
test_entrance_refused (void)
{
  const char *bad[] = {
    "{\"name\":\"No id\"}",
    "{\"id\":0,\"name\":\"Zero\"}",
    "{\"id\":1}",
    "{\"id\":1,\"name\":\"Types\",\"type_ids\":[\"1\"]}",
    "{\"id\":1,\"name\":\"Types\",\"type_ids\":[0]}",
    "{\"id\":1,\"name\":\"Types\",\"type_ids\":{}}",
    "{\"id\":1,\"name\":\"Hours\",\"opens_at\":\"tomorrow\"}",
    "{\"id\":1,\"name\":\"Exit\",\"allow_exit\":1}",
    "{\"id\":1,\"name\":\"Inside\",\"inside\":-1}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(JsonObject) object = parse (bad[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(TixEntrance) entrance = tix_entrance_new_from_json (object, &error);

      g_assert_null (entrance);
      g_assert_nonnull (error);
    }
}

static void
test_log_page (void)
{
  g_autoptr(JsonObject) object = parse (
    "{\"scans\":[{\"id\":9,\"at\":\"2026-03-20T19:00:00.000Z\",\"ticket_id\":null,"
    "\"number\":\"GA-000009\",\"event_id\":3,\"entrance_id\":null,\"direction\":\"in\","
    "\"result\":\"unknown\",\"station\":null,\"user_id\":4,\"source\":\"online\"},"
    "{\"id\":8,\"at\":\"2026-03-20T18:59:00.000Z\",\"ticket_id\":\"abc\",\"number\":\"GA-1\","
    "\"event_id\":3,\"entrance_id\":2,\"direction\":\"out\",\"result\":\"exit\","
    "\"station\":\"s1\",\"user_id\":null,\"source\":\"uploaded\"}],\"next_cursor\":\"8\"}");
  g_autoptr(JsonObject) wrong = parse (
    "{\"scans\":[{\"id\":9,\"at\":\"2026-03-20T19:00:00.000Z\",\"direction\":\"sideways\","
    "\"result\":\"first\"}],\"next_cursor\":null}");
  g_autoptr(JsonObject) no_list = parse ("{\"scans\":{},\"next_cursor\":null}");
  g_autoptr(GError) error = NULL;
  g_autoptr(TixScanLogPage) page = tix_scan_log_page_new_from_json (object, &error);
  g_autoptr(TixScanLogPage) none = NULL;
  TixScanLogEntry *entry;

  g_assert_no_error (error);
  g_assert_cmpuint (page->entries->len, ==, 2);
  g_assert_cmpstr (page->next_cursor, ==, "8");
  entry = g_ptr_array_index (page->entries, 0);
  g_assert_cmpint (tix_scan_log_entry_get_id (entry), ==, 9);
  g_assert_cmpint (tix_scan_log_entry_get_at (entry), ==, G_GINT64_CONSTANT (1774033200000));
  g_assert_null (tix_scan_log_entry_get_ticket_id (entry));
  g_assert_cmpstr (tix_scan_log_entry_get_number (entry), ==, "GA-000009");
  g_assert_cmpint (tix_scan_log_entry_get_entrance_id (entry), ==, 0);
  g_assert_false (tix_scan_log_entry_get_admitted (entry));
  g_assert_cmpint (tix_scan_log_entry_get_user_id (entry), ==, 4);
  entry = g_ptr_array_index (page->entries, 1);
  g_assert_true (tix_scan_log_entry_get_exit (entry));
  g_assert_true (tix_scan_log_entry_get_admitted (entry));
  g_assert_true (tix_scan_log_entry_get_uploaded (entry));
  g_assert_cmpstr (tix_scan_log_entry_get_station (entry), ==, "s1");
  g_assert_cmpint (tix_scan_log_entry_get_user_id (entry), ==, 0);

  none = tix_scan_log_page_new_from_json (wrong, &error);
  g_assert_null (none);
  g_assert_nonnull (error);
  g_clear_error (&error);
  none = tix_scan_log_page_new_from_json (no_list, &error);
  g_assert_null (none);
  g_assert_nonnull (error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tix/core/entrance/read", test_entrance_read);
  g_test_add_func ("/tix/core/entrance/refused", test_entrance_refused);
  g_test_add_func ("/tix/core/entrance/log-page", test_log_page);

  return g_test_run ();
}
