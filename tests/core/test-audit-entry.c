/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "tix-audit-entry.h"
#include "tix-json.h"

#define AT G_GINT64_CONSTANT (1795597200123) /* 2026-11-25T09:00:00.123Z */

static JsonObject *
object_from (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonObject *object = tix_json_parse_object (text, strlen (text), &error);

  g_assert_no_error (error);
  return object;
}

static void
test_round_trip (void)
{
  g_autoptr(TixAuditEntry) entry = tix_audit_entry_new (7, AT, 3, "Bea", "ticket-deleted",
                                                        "VIP-000001");
  g_autoptr(TixAuditEntry) back = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *object;

  tix_audit_entry_to_json (entry, builder);
  root = json_builder_get_root (builder);
  object = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (object, "at"), ==,
                   "2026-11-25T09:00:00.123Z");

  back = tix_audit_entry_new_from_json (object, &error);
  g_assert_no_error (error);
  g_assert_cmpint (tix_audit_entry_get_id (back), ==, 7);
  g_assert_cmpint (tix_audit_entry_get_at (back), ==, AT);
  g_assert_cmpint (tix_audit_entry_get_user_id (back), ==, 3);
  g_assert_cmpstr (tix_audit_entry_get_user_name (back), ==, "Bea");
  g_assert_cmpstr (tix_audit_entry_get_action (back), ==, "ticket-deleted");
  g_assert_cmpstr (tix_audit_entry_get_detail (back), ==, "VIP-000001");
}

/* A removed user: no id, no name; no detail. */
static void
test_nulls (void)
{
  g_autoptr(JsonObject) object = object_from ("{\"id\":1,\"at\":\"2026-11-25T09:00:00.123Z\","
                                              "\"user_id\":null,\"user_name\":null,"
                                              "\"action\":\"tickets-cleared\",\"detail\":null}");
  g_autoptr(TixAuditEntry) entry = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *user_name = NULL;
  gint64 user_id = -1;

  entry = tix_audit_entry_new_from_json (object, &error);
  g_assert_no_error (error);
  g_assert_cmpint (tix_audit_entry_get_user_id (entry), ==, 0);
  g_assert_null (tix_audit_entry_get_user_name (entry));
  g_assert_null (tix_audit_entry_get_detail (entry));

  g_object_get (entry, "user-id", &user_id, "user-name", &user_name, NULL);
  g_assert_cmpint (user_id, ==, 0);
  g_assert_null (user_name);
}

static void
test_invalid (void)
{
  const char * const bad[] = {
    "{\"at\":\"2026-11-25T09:00:00.123Z\",\"action\":\"x\"}",
    "{\"id\":0,\"at\":\"2026-11-25T09:00:00.123Z\",\"action\":\"x\"}",
    "{\"id\":1,\"action\":\"x\"}",
    "{\"id\":1,\"at\":\"yesterday\",\"action\":\"x\"}",
    "{\"id\":1,\"at\":\"2026-11-25T09:00:00.123Z\"}",
    "{\"id\":1,\"at\":\"2026-11-25T09:00:00.123Z\",\"action\":5}",
    "{\"id\":1,\"at\":\"2026-11-25T09:00:00.123Z\",\"action\":\"x\",\"user_id\":\"3\"}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(JsonObject) object = object_from (bad[i]);
      g_autoptr(TixAuditEntry) entry = NULL;
      g_autoptr(GError) error = NULL;

      entry = tix_audit_entry_new_from_json (object, &error);
      g_assert_null (entry);
      g_assert_error (error, TIX_JSON_ERROR, error->code);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tix/core/audit-entry/round-trip", test_round_trip);
  g_test_add_func ("/tix/core/audit-entry/nulls", test_nulls);
  g_test_add_func ("/tix/core/audit-entry/invalid", test_invalid);

  return g_test_run ();
}
