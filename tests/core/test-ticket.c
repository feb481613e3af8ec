/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "tix-json.h"
#include "tix-ticket.h"

#define ID "123e4567-e89b-12d3-a456-426614174000"
#define GENERATED G_GINT64_CONSTANT (1795597200123) /* 2026-11-25T09:00:00.123Z */
#define SCANNED   G_GINT64_CONSTANT (1795600800456) /* 2026-11-25T10:00:00.456Z */

static const char * const ticket_members[] = {
  "id", "number", "prefix", "extra", "generated_at", "scanned_at", "scanned_by",
  "scanned_by_name", "organization_id", "created_by", "event_id", NULL
};

static JsonObject *
object_from (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonObject *object = tix_json_parse_object (text, strlen (text), &error);

  g_assert_no_error (error);
  return object;
}

static void
assert_members (JsonObject *object)
{
  g_autoptr(GList) names = json_object_get_members (object);

  g_assert_cmpuint (g_list_length (names), ==, g_strv_length ((char **) ticket_members));
  for (GList *l = names; l != NULL; l = l->next)
    if (!g_strv_contains (ticket_members, l->data))
      g_error ("unexpected member “%s”", (const char *) l->data);
}

static void
test_new (void)
{
  g_autoptr(TixTicket) ticket = tix_ticket_new (ID, "VIP-000001", "VIP", "Row 5",
                                                GENERATED, 7, 3);

  g_assert_cmpstr (tix_ticket_get_id (ticket), ==, ID);
  g_assert_cmpstr (tix_ticket_get_number (ticket), ==, "VIP-000001");
  g_assert_cmpstr (tix_ticket_get_prefix (ticket), ==, "VIP");
  g_assert_cmpstr (tix_ticket_get_extra (ticket), ==, "Row 5");
  g_assert_cmpint (tix_ticket_get_generated_at (ticket), ==, GENERATED);
  g_assert_cmpint (tix_ticket_get_organization_id (ticket), ==, 7);
  g_assert_cmpint (tix_ticket_get_created_by (ticket), ==, 3);
  g_assert_false (tix_ticket_is_scanned (ticket));
  g_assert_cmpint (tix_ticket_get_scanned_at (ticket), ==, 0);
  g_assert_cmpint (tix_ticket_get_scanned_by (ticket), ==, 0);
  g_assert_null (tix_ticket_get_scanned_by_name (ticket));
}

static void
test_to_json (void)
{
  g_autoptr(TixTicket) ticket = tix_ticket_new (ID, "VIP-000001", "VIP", NULL,
                                                GENERATED, 7, 3);
  g_autoptr(JsonNode) node = tix_ticket_to_json_node (ticket);
  JsonObject *o;

  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  o = json_node_get_object (node);
  assert_members (o);

  g_assert_cmpstr (json_object_get_string_member (o, "id"), ==, ID);
  g_assert_cmpstr (json_object_get_string_member (o, "number"), ==, "VIP-000001");
  g_assert_cmpstr (json_object_get_string_member (o, "prefix"), ==, "VIP");
  g_assert_true (json_object_get_null_member (o, "extra"));
  g_assert_cmpstr (json_object_get_string_member (o, "generated_at"), ==,
                   "2026-11-25T09:00:00.123Z");
  g_assert_true (json_object_get_null_member (o, "scanned_at"));
  g_assert_true (json_object_get_null_member (o, "scanned_by"));
  g_assert_true (json_object_get_null_member (o, "scanned_by_name"));
  g_assert_cmpint (json_object_get_int_member (o, "organization_id"), ==, 7);
  g_assert_cmpint (json_object_get_int_member (o, "created_by"), ==, 3);
  /* No event known: null. */
  g_assert_true (json_object_get_null_member (o, "event_id"));
}

static void
test_to_json_scanned (void)
{
  g_autoptr(TixTicket) ticket = tix_ticket_new (ID, "GA-000042", "GA", "caf\xc3\xa9",
                                                GENERATED, 7, 3);
  g_autoptr(JsonNode) node = NULL;
  JsonObject *o;

  tix_ticket_set_scanned (ticket, SCANNED, 9, "Door 1");
  tix_ticket_set_event_id (ticket, 12);
  node = tix_ticket_to_json_node (ticket);
  o = json_node_get_object (node);
  assert_members (o);
  g_assert_cmpint (json_object_get_int_member (o, "event_id"), ==, 12);

  g_assert_cmpstr (json_object_get_string_member (o, "extra"), ==, "caf\xc3\xa9");
  g_assert_cmpstr (json_object_get_string_member (o, "scanned_at"), ==,
                   "2026-11-25T10:00:00.456Z");
  g_assert_cmpint (json_object_get_int_member (o, "scanned_by"), ==, 9);
  g_assert_cmpstr (json_object_get_string_member (o, "scanned_by_name"), ==, "Door 1");
}

static void
assert_same (TixTicket *a,
             TixTicket *b)
{
  g_assert_cmpstr (tix_ticket_get_id (a), ==, tix_ticket_get_id (b));
  g_assert_cmpstr (tix_ticket_get_number (a), ==, tix_ticket_get_number (b));
  g_assert_cmpstr (tix_ticket_get_prefix (a), ==, tix_ticket_get_prefix (b));
  g_assert_cmpstr (tix_ticket_get_extra (a), ==, tix_ticket_get_extra (b));
  g_assert_cmpint (tix_ticket_get_generated_at (a), ==, tix_ticket_get_generated_at (b));
  g_assert_cmpint (tix_ticket_get_scanned_at (a), ==, tix_ticket_get_scanned_at (b));
  g_assert_cmpint (tix_ticket_get_scanned_by (a), ==, tix_ticket_get_scanned_by (b));
  g_assert_cmpstr (tix_ticket_get_scanned_by_name (a), ==,
                   tix_ticket_get_scanned_by_name (b));
  g_assert_cmpint (tix_ticket_get_organization_id (a), ==,
                   tix_ticket_get_organization_id (b));
  g_assert_cmpint (tix_ticket_get_created_by (a), ==, tix_ticket_get_created_by (b));
  g_assert_cmpint (tix_ticket_get_event_id (a), ==, tix_ticket_get_event_id (b));
  g_assert_cmpint (tix_ticket_is_scanned (a), ==, tix_ticket_is_scanned (b));
}

static void
round_trip (TixTicket *ticket)
{
  g_autoptr(JsonNode) node = tix_ticket_to_json_node (ticket);
  g_autofree char *text = tix_json_to_string (node, NULL);
  g_autoptr(JsonObject) parsed = object_from (text);
  g_autoptr(GError) error = NULL;
  g_autoptr(TixTicket) back = tix_ticket_new_from_json (parsed, &error);
  g_autoptr(JsonNode) again = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (back);
  assert_same (ticket, back);

  again = tix_ticket_to_json_node (back);
  g_assert_true (json_node_equal (node, again));
}

static void
test_round_trip (void)
{
  g_autoptr(TixTicket) plain = tix_ticket_new (ID, "VIP-000001", "VIP", NULL,
                                               GENERATED, 7, 3);
  g_autoptr(TixTicket) scanned = tix_ticket_new (ID, "VIP-1000000", "VIP",
                                                 "Zo\xc3\xab \xf0\x9f\x8e\xab \"quoted\"\n",
                                                 GENERATED, 7, 3);

  round_trip (plain);
  tix_ticket_set_scanned (scanned, SCANNED, 9, "Anna \xe5\xb1\xb1\xe7\x94\xb0");
  tix_ticket_set_event_id (scanned, 12);
  round_trip (scanned);
}

static void
test_from_json_seed (void)
{
  /* What the server sends, with the members in another order and a code. */
  g_autoptr(JsonObject) o = object_from (
    "{\"code\": \"abc\", \"created_by\": 3, \"organization_id\": 7, "
    "\"scanned_by_name\": null, \"scanned_by\": null, \"scanned_at\": null, "
    "\"generated_at\": \"2026-11-25T09:00:00.123Z\", \"extra\": null, "
    "\"prefix\": \"VIP\", \"number\": \"VIP-000001\", \"id\": \"" ID "\"}");
  g_autoptr(GError) error = NULL;
  g_autoptr(TixTicket) ticket = tix_ticket_new_from_json (o, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (tix_ticket_get_number (ticket), ==, "VIP-000001");
  g_assert_cmpint (tix_ticket_get_generated_at (ticket), ==, GENERATED);
  g_assert_false (tix_ticket_is_scanned (ticket));
  g_assert_null (tix_ticket_get_extra (ticket));
}

static void
test_from_json_errors (void)
{
  const char *bad[] = {
    /* missing id, number, prefix, generated_at */
    "{\"number\": \"A-000001\", \"prefix\": \"A\", \"generated_at\": \"2026-11-25T09:00:00.000Z\"}",
    "{\"id\": \"" ID "\", \"prefix\": \"A\", \"generated_at\": \"2026-11-25T09:00:00.000Z\"}",
    "{\"id\": \"" ID "\", \"number\": \"A-000001\", \"generated_at\": \"2026-11-25T09:00:00.000Z\"}",
    "{\"id\": \"" ID "\", \"number\": \"A-000001\", \"prefix\": \"A\"}",
    /* not a uuid */
    "{\"id\": \"42\", \"number\": \"A-000001\", \"prefix\": \"A\", "
    "\"generated_at\": \"2026-11-25T09:00:00.000Z\"}",
    /* wrong types */
    "{\"id\": 42, \"number\": \"A-000001\", \"prefix\": \"A\", "
    "\"generated_at\": \"2026-11-25T09:00:00.000Z\"}",
    "{\"id\": \"" ID "\", \"number\": 1, \"prefix\": \"A\", "
    "\"generated_at\": \"2026-11-25T09:00:00.000Z\"}",
    "{\"id\": \"" ID "\", \"number\": \"A-000001\", \"prefix\": \"A\", "
    "\"generated_at\": 1795597200123}",
    "{\"id\": \"" ID "\", \"number\": \"A-000001\", \"prefix\": \"A\", "
    "\"generated_at\": \"2026-11-25T09:00:00.000Z\", \"scanned_by\": \"9\"}",
    "{\"id\": \"" ID "\", \"number\": \"A-000001\", \"prefix\": \"A\", "
    "\"generated_at\": \"2026-11-25T09:00:00.000Z\", \"organization_id\": -1}",
    "{\"id\": \"" ID "\", \"number\": \"A-000001\", \"prefix\": \"A\", "
    "\"generated_at\": \"2026-11-25T09:00:00.000Z\", \"extra\": 5}",
    /* bad times */
    "{\"id\": \"" ID "\", \"number\": \"A-000001\", \"prefix\": \"A\", "
    "\"generated_at\": \"yesterday\"}",
    "{\"id\": \"" ID "\", \"number\": \"A-000001\", \"prefix\": \"A\", "
    "\"generated_at\": \"2026-11-25T09:00:00.000Z\", \"scanned_at\": \"soon\"}",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(JsonObject) o = object_from (bad[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(TixTicket) ticket = tix_ticket_new_from_json (o, &error);

      if (ticket != NULL)
        g_error ("accepted %s", bad[i]);
      g_assert_error (error, TIX_JSON_ERROR, error->code);
      g_assert_nonnull (error->message);
    }
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              gpointer    user_data)
{
  GHashTable *counts = user_data;
  const char *name = g_param_spec_get_name (pspec);

  g_hash_table_insert (counts, (gpointer) name,
                       GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (counts, name)) + 1));
}

static guint
count_of (GHashTable *counts,
          const char *name)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (counts, name));
}

static void
test_set_scanned (void)
{
  g_autoptr(TixTicket) ticket = tix_ticket_new (ID, "VIP-000001", "VIP", NULL,
                                                GENERATED, 7, 3);
  g_autoptr(TixTicket) other = tix_ticket_new (ID, "VIP-000001", "VIP", NULL,
                                               GENERATED, 7, 3);
  g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  gboolean scanned = TRUE;

  g_signal_connect (ticket, "notify", G_CALLBACK (count_notify), counts);

  tix_ticket_set_scanned (ticket, SCANNED, 9, "Door 1");
  g_assert_true (tix_ticket_is_scanned (ticket));
  g_assert_cmpint (tix_ticket_get_scanned_at (ticket), ==, SCANNED);
  g_assert_cmpint (tix_ticket_get_scanned_by (ticket), ==, 9);
  g_assert_cmpstr (tix_ticket_get_scanned_by_name (ticket), ==, "Door 1");
  g_assert_cmpuint (count_of (counts, "scanned"), ==, 1);
  g_assert_cmpuint (count_of (counts, "scanned-at"), ==, 1);
  g_assert_cmpuint (count_of (counts, "scanned-by-name"), ==, 1);

  /* setting the same again notifies nothing */
  tix_ticket_set_scanned (ticket, SCANNED, 9, "Door 1");
  g_assert_cmpuint (count_of (counts, "scanned"), ==, 1);
  g_assert_cmpuint (count_of (counts, "scanned-at"), ==, 1);
  g_assert_cmpuint (count_of (counts, "scanned-by-name"), ==, 1);

  /* update_from copies the (un)scan of another copy */
  tix_ticket_update_from (ticket, other);
  g_assert_false (tix_ticket_is_scanned (ticket));
  g_assert_null (tix_ticket_get_scanned_by_name (ticket));
  g_assert_cmpuint (count_of (counts, "scanned"), ==, 2);

  g_object_get (ticket, "scanned", &scanned, NULL);
  g_assert_false (scanned);

  g_signal_handlers_disconnect_by_func (ticket, count_notify, counts);
  g_assert_finalize_object (g_steal_pointer (&ticket));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tix/core/ticket/new", test_new);
  g_test_add_func ("/tix/core/ticket/to-json", test_to_json);
  g_test_add_func ("/tix/core/ticket/to-json/scanned", test_to_json_scanned);
  g_test_add_func ("/tix/core/ticket/round-trip", test_round_trip);
  g_test_add_func ("/tix/core/ticket/from-json/server", test_from_json_seed);
  g_test_add_func ("/tix/core/ticket/from-json/errors", test_from_json_errors);
  g_test_add_func ("/tix/core/ticket/set-scanned", test_set_scanned);

  return g_test_run ();
}
