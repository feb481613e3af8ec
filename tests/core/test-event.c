/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "tix-event.h"
#include "tix-json.h"

#define STARTS  G_GINT64_CONSTANT (1774033200000) /* 2026-03-20T19:00:00.000Z */
#define ENDS    G_GINT64_CONSTANT (1774045800000) /* 2026-03-20T22:30:00.000Z */
#define CREATED G_GINT64_CONSTANT (1772000000123) /* 2026-02-25T06:13:20.123Z */

/* What GET /api/events/:id answers. */
#define FRIDAY \
  "{\"id\": 12, \"name\": \"Friday jazz\", \"starts_at\": \"2026-03-20T19:00:00.000Z\", " \
  "\"ends_at\": \"2026-03-20T22:30:00.000Z\", \"venue\": \"Cellar\", \"capacity\": 80, " \
  "\"max_inside\": 60, \"archived\": false, \"created_at\": \"2026-02-25T06:13:20.123Z\", " \
  "\"tickets\": 3, \"scanned\": 1}"

static const char * const event_members[] = {
  "id", "name", "starts_at", "ends_at", "venue", "capacity", "max_inside", "archived",
  "created_at", "tickets", "scanned", "inside", NULL
};

static JsonObject *
object_from (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonObject *object = tix_json_parse_object (text, strlen (text), &error);

  g_assert_no_error (error);
  return object;
}

static JsonObject *
event_json (TixEvent *event)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;

  tix_event_to_json (event, builder);
  node = json_builder_get_root (builder);
  return json_object_ref (json_node_get_object (node));
}

static void
assert_members (JsonObject         *object,
                const char * const *members)
{
  g_autoptr(GList) names = json_object_get_members (object);

  g_assert_cmpuint (g_list_length (names), ==, g_strv_length ((char **) members));
  for (GList *l = names; l != NULL; l = l->next)
    if (!g_strv_contains (members, l->data))
      g_error ("unexpected member “%s”", (const char *) l->data);
}

static void
test_new (void)
{
  g_autoptr(TixEvent) event = tix_event_new ("Gala");
  g_autoptr(TixEvent) nameless = tix_event_new (NULL);

  g_assert_cmpint (tix_event_get_id (event), ==, 0);
  g_assert_cmpstr (tix_event_get_name (event), ==, "Gala");
  g_assert_cmpint (tix_event_get_starts_at (event), ==, TIX_EVENT_NO_TIME);
  g_assert_cmpint (tix_event_get_ends_at (event), ==, TIX_EVENT_NO_TIME);
  g_assert_null (tix_event_get_venue (event));
  g_assert_cmpint (tix_event_get_capacity (event), ==, TIX_EVENT_NO_LIMIT);
  g_assert_cmpint (tix_event_get_max_inside (event), ==, TIX_EVENT_NO_LIMIT);
  g_assert_false (tix_event_get_archived (event));
  g_assert_cmpint (tix_event_get_created_at (event), ==, TIX_EVENT_NO_TIME);
  g_assert_cmpint (tix_event_get_n_tickets (event), ==, 0);
  g_assert_cmpint (tix_event_get_n_scanned (event), ==, 0);

  /* The first event of an organization has no name: "". */
  g_assert_cmpstr (tix_event_get_name (nameless), ==, "");
}

static void
test_from_json (void)
{
  g_autoptr(JsonObject) o = object_from (FRIDAY);
  g_autoptr(GError) error = NULL;
  g_autoptr(TixEvent) event = tix_event_new_from_json (o, &error);
  gint64 starts_at = 0;

  g_assert_no_error (error);
  g_assert_cmpint (tix_event_get_id (event), ==, 12);
  g_assert_cmpstr (tix_event_get_name (event), ==, "Friday jazz");
  g_assert_cmpint (tix_event_get_starts_at (event), ==, STARTS);
  g_assert_cmpint (tix_event_get_ends_at (event), ==, ENDS);
  g_assert_cmpstr (tix_event_get_venue (event), ==, "Cellar");
  g_assert_cmpint (tix_event_get_capacity (event), ==, 80);
  g_assert_cmpint (tix_event_get_max_inside (event), ==, 60);
  g_assert_false (tix_event_get_archived (event));
  g_assert_cmpint (tix_event_get_created_at (event), ==, CREATED);
  g_assert_cmpint (tix_event_get_n_tickets (event), ==, 3);
  g_assert_cmpint (tix_event_get_n_scanned (event), ==, 1);

  g_object_get (event, "starts-at", &starts_at, NULL);
  g_assert_cmpint (starts_at, ==, STARTS);
}

/* The event a refused scan names, and the seed's first event: members may
 * be missing or null. */
static void
test_from_json_sparse (void)
{
  g_autoptr(JsonObject) o = object_from ("{\"id\": 1, \"name\": \"\", \"starts_at\": null, "
                                         "\"venue\": null, \"capacity\": null}");
  g_autoptr(GError) error = NULL;
  g_autoptr(TixEvent) event = tix_event_new_from_json (o, &error);

  g_assert_no_error (error);
  g_assert_cmpint (tix_event_get_id (event), ==, 1);
  g_assert_cmpstr (tix_event_get_name (event), ==, "");
  g_assert_cmpint (tix_event_get_starts_at (event), ==, TIX_EVENT_NO_TIME);
  g_assert_cmpint (tix_event_get_ends_at (event), ==, TIX_EVENT_NO_TIME);
  g_assert_null (tix_event_get_venue (event));
  g_assert_cmpint (tix_event_get_capacity (event), ==, TIX_EVENT_NO_LIMIT);
  g_assert_cmpint (tix_event_get_max_inside (event), ==, TIX_EVENT_NO_LIMIT);
  g_assert_cmpint (tix_event_get_created_at (event), ==, TIX_EVENT_NO_TIME);
}

static void
test_from_json_errors (void)
{
  const char *bad[] = {
    "{\"name\": \"No id\"}",
    "{\"id\": 0, \"name\": \"Zero\"}",
    "{\"id\": -4, \"name\": \"Negative\"}",
    "{\"id\": \"12\", \"name\": \"Text id\"}",
    "{\"id\": 12}",
    "{\"id\": 12, \"name\": 5}",
    "{\"id\": 12, \"name\": \"A\", \"starts_at\": \"Friday\"}",
    "{\"id\": 12, \"name\": \"A\", \"starts_at\": 1774033200000}",
    "{\"id\": 12, \"name\": \"A\", \"ends_at\": \"2026-13-40T00:00:00Z\"}",
    "{\"id\": 12, \"name\": \"A\", \"venue\": 7}",
    "{\"id\": 12, \"name\": \"A\", \"capacity\": -1}",
    "{\"id\": 12, \"name\": \"A\", \"capacity\": \"lots\"}",
    "{\"id\": 12, \"name\": \"A\", \"max_inside\": 1.5}",
    "{\"id\": 12, \"name\": \"A\", \"archived\": \"yes\"}",
    "{\"id\": 12, \"name\": \"A\", \"tickets\": -3}",
    "{\"id\": 12, \"name\": \"A\", \"created_at\": \"9999-12-31T23:59:59Z\"}",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(JsonObject) o = object_from (bad[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(TixEvent) event = tix_event_new_from_json (o, &error);

      if (event != NULL)
        g_error ("accepted %s", bad[i]);
      g_assert_error (error, TIX_JSON_ERROR, error->code);
      g_assert_nonnull (error->message);
    }
}

static void
test_round_trip (void)
{
  g_autoptr(JsonObject) o = object_from (FRIDAY);
  g_autoptr(TixEvent) event = tix_event_new_from_json (o, NULL);
  g_autoptr(JsonObject) written = event_json (event);
  g_autoptr(TixEvent) back = NULL;
  g_autoptr(JsonObject) again = NULL;
  g_autoptr(JsonNode) a = NULL;
  g_autoptr(JsonNode) b = NULL;
  g_autoptr(GError) error = NULL;

  assert_members (written, event_members);
  g_assert_cmpstr (json_object_get_string_member (written, "starts_at"), ==,
                   "2026-03-20T19:00:00.000Z");
  back = tix_event_new_from_json (written, &error);
  g_assert_no_error (error);
  again = event_json (back);
  a = json_node_init_object (json_node_alloc (), written);
  b = json_node_init_object (json_node_alloc (), again);
  g_assert_true (json_node_equal (a, b));

  /* Unset is null, and the epoch's first millisecond is a time. */
  {
    g_autoptr(TixEvent) plain = tix_event_new ("Plain");
    g_autoptr(JsonObject) p = NULL;

    tix_event_set_ends_at (plain, 0);
    p = event_json (plain);
    g_assert_true (json_object_get_null_member (p, "starts_at"));
    g_assert_cmpstr (json_object_get_string_member (p, "ends_at"), ==,
                     "1970-01-01T00:00:00.000Z");
    g_assert_true (json_object_get_null_member (p, "venue"));
    g_assert_true (json_object_get_null_member (p, "capacity"));
    g_assert_true (json_object_get_null_member (p, "created_at"));
  }
}

/* A request body carries what was asked for, unset as null. */
static void
test_changes (void)
{
  g_autoptr(TixEvent) event = tix_event_new ("Saturday");
  g_autoptr(JsonNode) all = NULL;
  g_autoptr(JsonNode) some = NULL;
  g_autoptr(JsonNode) none = NULL;
  JsonObject *o;
  static const char * const new_members[] = {
    "name", "starts_at", "ends_at", "venue", "capacity", "max_inside", NULL
  };
  static const char * const archived_members[] = { "archived", "venue", NULL };

  tix_event_set_starts_at (event, STARTS);
  tix_event_set_capacity (event, 0);
  tix_event_set_archived (event, TRUE);

  all = tix_event_to_json_changes (event, TIX_EVENT_FIELDS_NEW);
  o = json_node_get_object (all);
  assert_members (o, new_members);
  g_assert_cmpstr (json_object_get_string_member (o, "name"), ==, "Saturday");
  g_assert_cmpstr (json_object_get_string_member (o, "starts_at"), ==,
                   "2026-03-20T19:00:00.000Z");
  g_assert_true (json_object_get_null_member (o, "ends_at"));
  g_assert_true (json_object_get_null_member (o, "venue"));
  /* No ticket at all is a limit, not none. */
  g_assert_cmpint (json_object_get_int_member (o, "capacity"), ==, 0);
  g_assert_true (json_object_get_null_member (o, "max_inside"));

  some = tix_event_to_json_changes (event, TIX_EVENT_FIELD_ARCHIVED | TIX_EVENT_FIELD_VENUE);
  o = json_node_get_object (some);
  assert_members (o, archived_members);
  g_assert_true (json_object_get_boolean_member (o, "archived"));

  none = tix_event_to_json_changes (event, 0);
  g_assert_cmpuint (json_object_get_size (json_node_get_object (none)), ==, 0);
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

/* A list's event follows the server's: only what changed is notified. */
static void
test_update_from (void)
{
  g_autoptr(JsonObject) o = object_from (FRIDAY);
  g_autoptr(TixEvent) shown = tix_event_new_from_json (o, NULL);
  g_autoptr(TixEvent) now = tix_event_new_from_json (o, NULL);
  g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);

  g_signal_connect (shown, "notify", G_CALLBACK (count_notify), counts);

  tix_event_update_from (shown, now);
  g_assert_cmpuint (g_hash_table_size (counts), ==, 0);

  tix_event_set_name (now, "Friday jazz (sold out)");
  tix_event_set_archived (now, TRUE);
  tix_event_set_venue (now, NULL);
  tix_event_update_from (shown, now);
  g_assert_cmpuint (g_hash_table_size (counts), ==, 3);
  g_assert_cmpuint (count_of (counts, "name"), ==, 1);
  g_assert_cmpuint (count_of (counts, "archived"), ==, 1);
  g_assert_cmpuint (count_of (counts, "venue"), ==, 1);
  g_assert_cmpstr (tix_event_get_name (shown), ==, "Friday jazz (sold out)");
  g_assert_true (tix_event_get_archived (shown));
  g_assert_null (tix_event_get_venue (shown));

  /* The same again notifies nothing. */
  tix_event_set_name (shown, "Friday jazz (sold out)");
  g_assert_cmpuint (count_of (counts, "name"), ==, 1);

  g_signal_handlers_disconnect_by_func (shown, count_notify, counts);
  g_assert_finalize_object (g_steal_pointer (&shown));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tix/core/event/new", test_new);
  g_test_add_func ("/tix/core/event/from-json", test_from_json);
  g_test_add_func ("/tix/core/event/from-json/sparse", test_from_json_sparse);
  g_test_add_func ("/tix/core/event/from-json/errors", test_from_json_errors);
  g_test_add_func ("/tix/core/event/round-trip", test_round_trip);
  g_test_add_func ("/tix/core/event/changes", test_changes);
  g_test_add_func ("/tix/core/event/update-from", test_update_from);

  return g_test_run ();
}
