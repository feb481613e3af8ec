/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Door rules (issue 20): an event's entrances, and the scan log.
 *   GET  /api/events/:id/entrances   every signed-in user (a station picks one)
 *   POST /api/events/:id/entrances   admin
 *   PUT/DELETE /api/entrances/:id    admin (the default is never deleted)
 *   GET  /api/scans                  admin: every attempt at the door */
#define G_LOG_DOMAIN "tix-server-entrances"

#include "config.h"

#include "tix-json.h"
#include "tix-server-private.h"
#include "tix-time.h"
#include "tix-validate.h"

#define MAX_TYPES 64

void
tix_server_add_entrance (JsonBuilder            *builder,
                         const TixStoreEntrance *entrance,
                         gboolean                with_inside)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, entrance->id);
  json_builder_set_member_name (builder, "event_id");
  json_builder_add_int_value (builder, entrance->event_id);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, entrance->name);
  json_builder_set_member_name (builder, "type_ids");
  json_builder_begin_array (builder);
  for (guint i = 0; entrance->type_ids != NULL && i < entrance->type_ids->len; i++)
    json_builder_add_int_value (builder, g_array_index (entrance->type_ids, gint64, i));
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "allow_exit");
  json_builder_add_boolean_value (builder, entrance->allow_exit);
  json_builder_set_member_name (builder, "allow_reentry");
  json_builder_add_boolean_value (builder, entrance->allow_reentry);
  tix_json_add_set_time_member (builder, "opens_at", entrance->opens_at);
  tix_json_add_set_time_member (builder, "closes_at", entrance->closes_at);
  json_builder_set_member_name (builder, "is_default");
  json_builder_add_boolean_value (builder, entrance->is_default);
  if (with_inside)
    {
      json_builder_set_member_name (builder, "inside");
      json_builder_add_int_value (builder, entrance->inside);
    }
  json_builder_end_object (builder);
}

static void
reply_entrance (SoupServerMessage      *msg,
                guint                   status,
                const TixStoreEntrance *entrance)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  tix_server_add_entrance (builder, entrance, TRUE);
  tix_server_reply_builder (msg, status, builder);
}

static void
reply_store_error (SoupServerMessage *msg,
                   const GError      *error,
                   const char        *what)
{
  if (g_error_matches (error, TIX_STORE_ERROR, TIX_STORE_ERROR_IN_USE))
    tix_server_reply_error (msg, SOUP_STATUS_CONFLICT, NULL, "%s", error->message);
  else if (g_error_matches (error, TIX_STORE_ERROR, TIX_STORE_ERROR_NOT_FOUND))
    tix_server_reply_error (msg, SOUP_STATUS_NOT_FOUND, NULL, "No such %s", what);
  else
    tix_server_reply_gerror (msg, error);
}

static gboolean
parse_id (SoupServerMessage *msg,
          const char        *text,
          const char        *field,
          gint64            *out)
{
  guint64 value;

  if (!g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT64, &value, NULL))
    {
      tix_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, field, "“%s” is not a valid id", text);
      return FALSE;
    }
  *out = (gint64) value;
  return TRUE;
}

static gboolean
read_time (SoupServerMessage *msg,
           JsonObject        *body,
           const char        *member,
           gint64            *out)
{
  JsonNode *node = json_object_get_member (body, member);

  if (JSON_NODE_HOLDS_NULL (node))
    {
      *out = TIX_STORE_NO_TIME;
      return TRUE;
    }
  if (json_node_get_value_type (node) == G_TYPE_STRING &&
      tix_time_parse_iso (json_node_get_string (node), out) && tix_time_in_range (*out))
    return TRUE;
  tix_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, member,
                          "“%s” must be a time (ISO 8601), or null", member);
  return FALSE;
}

static gboolean
read_bool (SoupServerMessage *msg,
           JsonObject        *body,
           const char        *member,
           gboolean          *out)
{
  JsonNode *node = json_object_get_member (body, member);

  if (json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    {
      tix_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, member,
                              "“%s” must be true or false", member);
      return FALSE;
    }
  *out = json_node_get_boolean (node);
  return TRUE;
}

static gint
compare_ids (gconstpointer a,
             gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

static gboolean
read_types (SoupServerMessage *msg,
            JsonObject        *body,
            GArray           **out)
{
  JsonNode *node = json_object_get_member (body, "type_ids");
  JsonArray *array = JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;

  if (array == NULL || json_array_get_length (array) > MAX_TYPES)
    {
      tix_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "type_ids",
                              "“type_ids” must be a list of at most %d ticket type ids",
                              MAX_TYPES);
      return FALSE;
    }
  *out = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      gint64 id;

      if (json_node_get_value_type (element) != G_TYPE_INT64 ||
          (id = json_node_get_int (element)) < 1)
        {
          tix_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "type_ids",
                                  "“type_ids” must hold ticket type ids");
          g_clear_pointer (out, g_array_unref);
          return FALSE;
        }
      g_array_append_val (*out, id);
    }
  g_array_sort (*out, compare_ids);
  return TRUE;
}

static const struct
{
  const char            *member;
  TixStoreEntranceField  field;
} entrance_members[] = {
  { "name", TIX_STORE_ENTRANCE_NAME },
  { "type_ids", TIX_STORE_ENTRANCE_TYPE_IDS },
  { "allow_exit", TIX_STORE_ENTRANCE_ALLOW_EXIT },
  { "allow_reentry", TIX_STORE_ENTRANCE_ALLOW_REENTRY },
  { "opens_at", TIX_STORE_ENTRANCE_OPENS_AT },
  { "closes_at", TIX_STORE_ENTRANCE_CLOSES_AT },
};

/* The members of an entrance's body into @entrance; replies 400 naming the
 * member that is wrong (or unknown). */
static gboolean
read_entrance (SoupServerMessage *msg,
               JsonObject        *body,
               TixStoreEntrance  *entrance,
               guint             *out_fields)
{
  g_autoptr(GList) members = json_object_get_members (body);
  guint fields = 0;

  for (const GList *l = members; l != NULL; l = l->next)
    {
      gboolean known = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (entrance_members); i++)
        if (g_str_equal (l->data, entrance_members[i].member))
          {
            fields |= entrance_members[i].field;
            known = TRUE;
          }
      if (!known)
        {
          tix_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, l->data,
                                  "Unknown member “%s”", (const char *) l->data);
          return FALSE;
        }
    }

  if (fields & TIX_STORE_ENTRANCE_NAME)
    {
      JsonNode *node = json_object_get_member (body, "name");
      const char *message = NULL;

      if (json_node_get_value_type (node) != G_TYPE_STRING ||
          !tix_validate_name (json_node_get_string (node), &message) ||
          *json_node_get_string (node) == '\0')
        {
          tix_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "name",
                                  "“name” must be a name%s%s", message ? ": " : "",
                                  message ? message : "");
          return FALSE;
        }
      entrance->name = g_strdup (json_node_get_string (node));
    }
  if (((fields & TIX_STORE_ENTRANCE_TYPE_IDS) && !read_types (msg, body, &entrance->type_ids)) ||
      ((fields & TIX_STORE_ENTRANCE_ALLOW_EXIT) &&
       !read_bool (msg, body, "allow_exit", &entrance->allow_exit)) ||
      ((fields & TIX_STORE_ENTRANCE_ALLOW_REENTRY) &&
       !read_bool (msg, body, "allow_reentry", &entrance->allow_reentry)) ||
      ((fields & TIX_STORE_ENTRANCE_OPENS_AT) &&
       !read_time (msg, body, "opens_at", &entrance->opens_at)) ||
      ((fields & TIX_STORE_ENTRANCE_CLOSES_AT) &&
       !read_time (msg, body, "closes_at", &entrance->closes_at)))
    return FALSE;

  *out_fields = fields;
  return TRUE;
}

static gboolean
check_hours (SoupServerMessage      *msg,
             const TixStoreEntrance *entrance)
{
  if (entrance->opens_at != TIX_STORE_NO_TIME && entrance->closes_at != TIX_STORE_NO_TIME &&
      entrance->closes_at <= entrance->opens_at)
    {
      tix_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "closes_at",
                              "“closes_at” must be after “opens_at”");
      return FALSE;
    }
  return TRUE;
}

static void
handle_list (TixServer         *self,
             SoupServerMessage *msg,
             const char        *event_text)
{
  g_autoptr(TixUser) user = tix_server_authenticate (self, msg);
  g_autoptr(GPtrArray) entrances = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  gint64 event_id;

  if (user == NULL || !parse_id (msg, event_text, "id", &event_id))
    return;
  entrances = tix_store_list_entrances (self->store, tix_user_get_organization_id (user), event_id,
                                        &error);
  if (entrances == NULL)
    {
      reply_store_error (msg, error, "event");
      return;
    }
  builder = json_builder_new_immutable ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "entrances");
  json_builder_begin_array (builder);
  for (guint i = 0; i < entrances->len; i++)
    tix_server_add_entrance (builder, g_ptr_array_index (entrances, i), TRUE);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  tix_server_reply_builder (msg, SOUP_STATUS_OK, builder);
}

/* Every one of @type_ids a ticket type of the event @event_id: an entrance
 * admits the types of its own event (a type of another event or
 * organization, or none, would be kept and admit nobody). */
static gboolean
check_types (TixServer         *self,
             SoupServerMessage *msg,
             TixUser           *user,
             gint64             event_id,
             const GArray      *type_ids)
{
  g_autoptr(GPtrArray) types = NULL;
  g_autoptr(GError) error = NULL;

  if (type_ids == NULL || type_ids->len == 0)
    return TRUE;
  types = tix_store_list_ticket_types (self->store, tix_user_get_organization_id (user), event_id,
                                       &error);
  if (types == NULL)
    {
      reply_store_error (msg, error, "event");
      return FALSE;
    }
  for (guint i = 0; i < type_ids->len; i++)
    {
      gint64 id = g_array_index (type_ids, gint64, i);
      gboolean found = FALSE;

      for (guint j = 0; j < types->len && !found; j++)
        found = ((TixTicketType *) g_ptr_array_index (types, j))->id == id;
      if (!found)
        {
          tix_server_reply_error (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "type_ids",
                                  "There is no ticket type %" G_GINT64_FORMAT " in this event", id);
          return FALSE;
        }
    }
  return TRUE;
}

static void
handle_create (TixServer         *self,
               SoupServerMessage *msg,
               const char        *event_text)
{
  g_autoptr(TixUser) user = tix_server_authenticate (self, msg);
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(TixStoreEntrance) created = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(TixStoreEntrance) entrance;
  gint64 event_id;
  guint fields = 0;

  tix_store_entrance_init (&entrance);
  if (user == NULL || !tix_server_require_role (msg, user, "admin") ||
      !parse_id (msg, event_text, "id", &event_id) ||
      (body = tix_server_read_object (msg)) == NULL ||
      !read_entrance (msg, body, &entrance, &fields) || !check_hours (msg, &entrance) ||
      !check_types (self, msg, user, event_id, entrance.type_ids))
    return;
  if (!(fields & TIX_STORE_ENTRANCE_NAME))
    {
      tix_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "name", "“name” is required");
      return;
    }
  created = tix_store_create_entrance (self->store, user, event_id, &entrance, tix_time_now_ms (),
                                       &error);
  if (created == NULL)
    {
      reply_store_error (msg, error, "event");
      return;
    }
  reply_entrance (msg, SOUP_STATUS_CREATED, created);
}

static void
handle_update (TixServer         *self,
               SoupServerMessage *msg,
               const char        *id_text)
{
  g_autoptr(TixUser) user = tix_server_authenticate (self, msg);
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(TixStoreEntrance) old = NULL;
  g_autoptr(TixStoreEntrance) updated = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(TixStoreEntrance) changes;
  TixStoreEntrance merged;
  gint64 id;
  guint fields = 0;

  tix_store_entrance_init (&changes);
  if (user == NULL || !tix_server_require_role (msg, user, "admin") ||
      !parse_id (msg, id_text, "id", &id) ||
      (body = tix_server_read_object (msg)) == NULL ||
      !read_entrance (msg, body, &changes, &fields))
    return;

  /* The hours as they will be. */
  old = tix_store_get_entrance (self->store, tix_user_get_organization_id (user), id, &error);
  if (old == NULL)
    {
      reply_store_error (msg, error, "entrance");
      return;
    }
  merged = *old;
  if (fields & TIX_STORE_ENTRANCE_OPENS_AT)
    merged.opens_at = changes.opens_at;
  if (fields & TIX_STORE_ENTRANCE_CLOSES_AT)
    merged.closes_at = changes.closes_at;
  if (!check_hours (msg, &merged) ||
      ((fields & TIX_STORE_ENTRANCE_TYPE_IDS) &&
       !check_types (self, msg, user, old->event_id, changes.type_ids)))
    return;

  updated = tix_store_update_entrance (self->store, user, id, &changes, fields,
                                       tix_time_now_ms (), &error);
  if (updated == NULL)
    {
      reply_store_error (msg, error, "entrance");
      return;
    }
  reply_entrance (msg, SOUP_STATUS_OK, updated);
}

static void
handle_delete (TixServer         *self,
               SoupServerMessage *msg,
               const char        *id_text)
{
  g_autoptr(TixUser) user = tix_server_authenticate (self, msg);
  g_autoptr(GError) error = NULL;
  gint64 id;

  if (user == NULL || !tix_server_require_role (msg, user, "admin") ||
      !parse_id (msg, id_text, "id", &id))
    return;
  if (!tix_store_delete_entrance (self->store, user, id, tix_time_now_ms (), &error))
    {
      reply_store_error (msg, error, "entrance");
      return;
    }
  tix_server_reply_success (msg);
}

static void
add_log_entry (JsonBuilder                *builder,
               const TixStoreScanLogEntry *entry)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, entry->id);
  tix_json_add_set_time_member (builder, "at", entry->at);
  json_builder_set_member_name (builder, "ticket_id");
  if (entry->ticket_id != NULL)
    json_builder_add_string_value (builder, entry->ticket_id);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "number");
  if (entry->number != NULL)
    json_builder_add_string_value (builder, entry->number);
  else
    json_builder_add_null_value (builder);
  tix_json_add_set_int_member (builder, "event_id", entry->event_id > 0 ? entry->event_id : -1);
  tix_json_add_set_int_member (builder, "entrance_id",
                               entry->entrance_id > 0 ? entry->entrance_id : -1);
  json_builder_set_member_name (builder, "direction");
  json_builder_add_string_value (builder, tix_store_direction_to_string (entry->direction));
  json_builder_set_member_name (builder, "result");
  json_builder_add_string_value (builder, entry->result);
  json_builder_set_member_name (builder, "station");
  if (entry->station != NULL)
    json_builder_add_string_value (builder, entry->station);
  else
    json_builder_add_null_value (builder);
  tix_json_add_set_int_member (builder, "user_id", entry->user_id > 0 ? entry->user_id : -1);
  json_builder_set_member_name (builder, "source");
  json_builder_add_string_value (builder, entry->uploaded ? "uploaded" : "online");
  json_builder_end_object (builder);
}

static const char * const log_results[] = {
  "first", "re-entry", "exit", "already-inside", "no-reentry", "not-inside", "wrong-entrance",
  "closed", "full", "refunded", "deleted", "unknown", "other-event", "wrong-prefix", "replaced",
  NULL
};

/* GET /api/scans?event_id&entrance_id&result&cursor&limit */
static void
handle_scans (TixServer         *self,
              SoupServerMessage *msg,
              GHashTable        *query)
{
  g_autoptr(TixUser) user = tix_server_authenticate (self, msg);
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  TixStoreScanLogQuery q = { 0 };
  gint64 limit = 100;
  const char *result;

  if (user == NULL || !tix_server_require_role (msg, user, "admin") ||
      !tix_server_query_event (self, msg, query, user, &q.event_id) ||
      !tix_server_query_int (msg, query, "entrance_id", 0, 1, G_MAXINT64, &q.entrance_id) ||
      !tix_server_query_int (msg, query, "cursor", 0, 1, G_MAXINT64, &q.before_id) ||
      !tix_server_query_int (msg, query, "limit", 100, 1, 1000, &limit))
    return;
  result = query != NULL ? g_hash_table_lookup (query, "result") : NULL;
  if (result != NULL && *result == '\0')
    result = NULL;
  if (result != NULL && !g_strv_contains (log_results, result))
    {
      tix_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "result",
                              "“result” must be first, re-entry, exit or a refusal's reason");
      return;
    }
  if (q.entrance_id > 0)
    {
      g_autoptr(TixStoreEntrance) entrance = tix_store_get_entrance (
        self->store, tix_user_get_organization_id (user), q.entrance_id, &error);

      if (entrance == NULL)
        {
          if (g_error_matches (error, TIX_STORE_ERROR, TIX_STORE_ERROR_NOT_FOUND))
            tix_server_reply_error (msg, SOUP_STATUS_NOT_FOUND, "entrance_id", "No such entrance");
          else
            tix_server_reply_gerror (msg, error);
          return;
        }
    }
  q.result = result;
  q.limit = limit;
  entries = tix_store_list_scan_log (self->store, tix_user_get_organization_id (user), &q, &error);
  if (entries == NULL)
    {
      tix_server_reply_gerror (msg, error);
      return;
    }

  builder = json_builder_new_immutable ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "scans");
  json_builder_begin_array (builder);
  for (guint i = 0; i < entries->len; i++)
    add_log_entry (builder, g_ptr_array_index (entries, i));
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "next_cursor");
  if (entries->len == (guint) limit && entries->len > 0)
    {
      TixStoreScanLogEntry *last = g_ptr_array_index (entries, entries->len - 1);
      g_autofree char *cursor = g_strdup_printf ("%" G_GINT64_FORMAT, last->id);

      json_builder_add_string_value (builder, cursor);
    }
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
  tix_server_reply_builder (msg, SOUP_STATUS_OK, builder);
}

gboolean
tix_server_route_entrances (TixServer         *self,
                            SoupServerMessage *msg,
                            TixRoute          *route)
{
  if (tix_route_is (route, "GET", "/api/events/*/entrances"))
    handle_list (self, msg, route->segments[2]);
  else if (tix_route_is (route, "POST", "/api/events/*/entrances"))
    handle_create (self, msg, route->segments[2]);
  else if (tix_route_is (route, "PUT", "/api/entrances/*"))
    handle_update (self, msg, route->segments[2]);
  else if (tix_route_is (route, "DELETE", "/api/entrances/*"))
    handle_delete (self, msg, route->segments[2]);
  else if (tix_route_is (route, "GET", "/api/scans"))
    handle_scans (self, msg, route->query);
  else
    return FALSE;
  return TRUE;
}
