/* SPDX-License-Identifier: GPL-3.0-or-later */
/* /api/events: the shows of an organization's season (issue 18). Every
 * signed-in role reads them; admins make, change, copy and delete them. An
 * event of another organization is a 404. (The live stream that used to be
 * at /api/events is at /api/live: tix-server-events.c.) */
#define G_LOG_DOMAIN "tix-server-shows"

#include "config.h"

#include "tix-server-private.h"
#include "tix-time.h"
#include "tix-validate.h"

void
tix_server_add_event (JsonBuilder         *builder,
                      const TixStoreEvent *event)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, event->id);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, event->name);
  tix_json_add_set_time_member (builder, "starts_at", event->starts_at);
  tix_json_add_set_time_member (builder, "ends_at", event->ends_at);
  json_builder_set_member_name (builder, "venue");
  if (event->venue == NULL)
    json_builder_add_null_value (builder);
  else
    json_builder_add_string_value (builder, event->venue);
  tix_json_add_set_int_member (builder, "capacity", event->capacity);
  tix_json_add_set_int_member (builder, "max_inside", event->max_inside);
  json_builder_set_member_name (builder, "archived");
  json_builder_add_boolean_value (builder, event->archived);
  tix_json_add_set_time_member (builder, "created_at", event->created_at);
  json_builder_set_member_name (builder, "tickets");
  json_builder_add_int_value (builder, event->total);
  json_builder_set_member_name (builder, "scanned");
  json_builder_add_int_value (builder, event->scanned);
  json_builder_set_member_name (builder, "inside");
  json_builder_add_int_value (builder, event->inside);
  json_builder_end_object (builder);
}

static void
reply_event (SoupServerMessage   *msg,
             guint                status,
             const TixStoreEvent *event)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  tix_server_add_event (builder, event);
  tix_server_reply_builder (msg, status, builder);
}

void
tix_server_broadcast_event (TixServer           *self,
                            const char          *type,
                            const TixStoreEvent *event)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "event");
  tix_server_add_event (builder, event);
  tix_server_broadcast_of_event (self, event->organization_id, event->id, type, builder);
}

static gboolean
parse_event_id (const char *text,
                gint64     *out)
{
  guint64 value;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT64, &value, NULL))
    return FALSE;
  *out = (gint64) value;
  return TRUE;
}

gboolean
tix_server_query_event (TixServer          *self,
                        SoupServerMessage  *msg,
                        GHashTable         *query,
                        TixUser            *user,
                        gint64             *out_event_id)
{
  const char *text = query ? g_hash_table_lookup (query, "event_id") : NULL;
  g_autoptr(TixStoreEvent) event = NULL;
  g_autoptr(GError) error = NULL;

  *out_event_id = 0;
  if (text == NULL || *text == '\0')
    return TRUE;
  if (!parse_event_id (text, out_event_id))
    {
      tix_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "event_id",
                              "“event_id” must be the id of an event");
      return FALSE;
    }
  event = tix_store_get_event (self->store, tix_user_get_organization_id (user), *out_event_id,
                               &error);
  if (event == NULL)
    {
      if (g_error_matches (error, TIX_STORE_ERROR, TIX_STORE_ERROR_NOT_FOUND))
        tix_server_reply_error (msg, SOUP_STATUS_NOT_FOUND, "event_id", "No such event");
      else
        tix_server_reply_gerror (msg, error);
      return FALSE;
    }
  return TRUE;
}

/* The organization's time zone, for a start given as a date. */
static char *
time_zone_of (TixServer *self,
              TixUser   *user)
{
  g_autoptr(GHashTable) settings = tix_store_get_settings (self->store,
                                                           tix_user_get_organization_id (user),
                                                           NULL);

  return g_strdup (settings ? g_hash_table_lookup (settings, "time_zone") : NULL);
}

/* A time member: an ISO 8601 time, or a date (YYYY-MM-DD: its midnight in
 * the organization's time zone), of the years 1970 to 9998; null when
 * @nullable. Replies 400 naming it otherwise. */
static gboolean
read_time (TixServer          *self,
           SoupServerMessage  *msg,
           TixUser            *user,
           JsonObject         *body,
           const char         *member,
           gboolean            nullable,
           gint64             *out)
{
  JsonNode *node = json_object_get_member (body, member);
  const char *text;

  if (nullable && JSON_NODE_HOLDS_NULL (node))
    {
      *out = TIX_STORE_NO_TIME;
      return TRUE;
    }
  if (node != NULL && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      text = json_node_get_string (node);
      if (tix_time_parse_iso (text, out) && tix_time_in_range (*out))
        return TRUE;
      if (tix_time_parse_date (text, NULL))
        {
          g_autofree char *zone = time_zone_of (self, user);

          if (tix_time_day_start_in_zone (text, zone, out))
            return TRUE;
        }
    }
  tix_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, member,
                          "“%s” must be a time (ISO 8601) or a date (YYYY-MM-DD) from %d to %d%s",
                          member, TIX_TIME_MIN_YEAR, TIX_TIME_MAX_YEAR,
                          nullable ? ", or null" : "");
  return FALSE;
}

/* A limit member: a whole number from 0, or null (no limit). */
static gboolean
read_limit (SoupServerMessage  *msg,
            JsonObject         *body,
            const char         *member,
            gint64             *out)
{
  JsonNode *node = json_object_get_member (body, member);
  g_autoptr(GError) error = NULL;

  if (JSON_NODE_HOLDS_NULL (node))
    {
      *out = TIX_STORE_NO_LIMIT;
      return TRUE;
    }
  if (tix_json_get_int (body, member, TRUE, 0, G_MAXINT32, out, &error))
    return TRUE;
  tix_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, member,
                          "“%s” must be a whole number from 0 to %d, or null for no limit",
                          member, G_MAXINT32);
  return FALSE;
}

static gboolean
read_name (SoupServerMessage  *msg,
           JsonObject         *body,
           const char         *member,
           gboolean            nullable,
           char              **out)
{
  JsonNode *node = json_object_get_member (body, member);
  const char *text, *message = NULL;

  if (nullable && JSON_NODE_HOLDS_NULL (node))
    {
      *out = NULL;
      return TRUE;
    }
  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      tix_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, member, "“%s” must be a string%s",
                              member, nullable ? " or null" : "");
      return FALSE;
    }
  text = json_node_get_string (node);
  if (!tix_validate_name (text, &message))
    {
      tix_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, member, "“%s”: %s", member, message);
      return FALSE;
    }
  *out = g_strdup (text);
  return TRUE;
}

static const struct
{
  const char         *member;
  TixStoreEventField  field;
} event_members[] = {
  { "name", TIX_STORE_EVENT_NAME },
  { "starts_at", TIX_STORE_EVENT_STARTS_AT },
  { "ends_at", TIX_STORE_EVENT_ENDS_AT },
  { "venue", TIX_STORE_EVENT_VENUE },
  { "capacity", TIX_STORE_EVENT_CAPACITY },
  { "max_inside", TIX_STORE_EVENT_MAX_INSIDE },
  { "archived", TIX_STORE_EVENT_ARCHIVED },
};

/* The members of an event's body into @event; *@out_fields says which
 * came. Replies 400 naming the member that is wrong (or unknown). */
static gboolean
read_event (TixServer          *self,
            SoupServerMessage  *msg,
            TixUser            *user,
            JsonObject         *body,
            TixStoreEvent      *event,
            guint              *out_fields)
{
  g_autoptr(GList) members = json_object_get_members (body);
  guint fields = 0;

  for (const GList *l = members; l != NULL; l = l->next)
    {
      gboolean known = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (event_members); i++)
        if (g_str_equal (l->data, event_members[i].member))
          {
            fields |= event_members[i].field;
            known = TRUE;
          }
      if (!known)
        {
          tix_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, l->data,
                                  "Unknown member “%s”", (const char *) l->data);
          return FALSE;
        }
    }

  if (((fields & TIX_STORE_EVENT_NAME) && !read_name (msg, body, "name", FALSE, &event->name)) ||
      ((fields & TIX_STORE_EVENT_STARTS_AT) &&
       !read_time (self, msg, user, body, "starts_at", TRUE, &event->starts_at)) ||
      ((fields & TIX_STORE_EVENT_ENDS_AT) &&
       !read_time (self, msg, user, body, "ends_at", TRUE, &event->ends_at)) ||
      ((fields & TIX_STORE_EVENT_VENUE) && !read_name (msg, body, "venue", TRUE, &event->venue)) ||
      ((fields & TIX_STORE_EVENT_CAPACITY) && !read_limit (msg, body, "capacity", &event->capacity)) ||
      ((fields & TIX_STORE_EVENT_MAX_INSIDE) &&
       !read_limit (msg, body, "max_inside", &event->max_inside)))
    return FALSE;

  if (fields & TIX_STORE_EVENT_ARCHIVED)
    {
      JsonNode *node = json_object_get_member (body, "archived");

      if (json_node_get_value_type (node) != G_TYPE_BOOLEAN)
        {
          tix_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "archived",
                                  "“archived” must be true or false");
          return FALSE;
        }
      event->archived = json_node_get_boolean (node);
    }

  *out_fields = fields;
  return TRUE;
}

/* An event ends after it starts. */
static gboolean
check_times (SoupServerMessage   *msg,
             const TixStoreEvent *event)
{
  if (event->starts_at != TIX_STORE_NO_TIME && event->ends_at != TIX_STORE_NO_TIME &&
      event->ends_at < event->starts_at)
    {
      tix_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "ends_at",
                              "“ends_at” must not be before “starts_at”");
      return FALSE;
    }
  if (event->starts_at == TIX_STORE_NO_TIME && event->ends_at != TIX_STORE_NO_TIME)
    {
      tix_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "ends_at",
                              "An event with an end needs a start (“starts_at”)");
      return FALSE;
    }
  return TRUE;
}

/* The store's refusals: 409 for what the event's state forbids. */
static void
reply_store_error (SoupServerMessage *msg,
                   const GError      *error,
                   const char        *field)
{
  if (g_error_matches (error, TIX_STORE_ERROR, TIX_STORE_ERROR_IN_USE) ||
      g_error_matches (error, TIX_STORE_ERROR, TIX_STORE_ERROR_LIMIT))
    tix_server_reply_error (msg, SOUP_STATUS_CONFLICT, field, "%s", error->message);
  else if (g_error_matches (error, TIX_STORE_ERROR, TIX_STORE_ERROR_NOT_FOUND))
    tix_server_reply_error (msg, SOUP_STATUS_NOT_FOUND, NULL, "No such event");
  else
    tix_server_reply_gerror (msg, error);
}

static void
handle_list (TixServer         *self,
             SoupServerMessage *msg,
             GHashTable        *query)
{
  g_autoptr(TixUser) user = tix_server_authenticate (self, msg);
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(GError) error = NULL;
  const char *archived = query ? g_hash_table_lookup (query, "archived") : NULL;

  if (user == NULL)
    return;
  if (archived != NULL && !g_str_equal (archived, "true") && !g_str_equal (archived, "false") &&
      *archived != '\0')
    {
      tix_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "archived",
                              "“archived” must be true or false");
      return;
    }

  events = tix_store_list_events (self->store, tix_user_get_organization_id (user),
                                  g_strcmp0 (archived, "true") == 0, &error);
  if (events == NULL)
    {
      tix_server_reply_gerror (msg, error);
      return;
    }

  builder = json_builder_new_immutable ();
  json_builder_begin_array (builder);
  for (guint i = 0; i < events->len; i++)
    tix_server_add_event (builder, g_ptr_array_index (events, i));
  json_builder_end_array (builder);
  tix_server_reply_builder (msg, SOUP_STATUS_OK, builder);
}

/* The event id of the path, after the signed-in user with @role; 0 after
 * replying. */
static gint64
path_event (TixServer          *self,
            SoupServerMessage  *msg,
            const TixRoute     *route,
            const char         *role,
            TixUser           **out_user)
{
  g_autoptr(TixUser) user = tix_server_authenticate (self, msg);
  gint64 id;

  if (user == NULL || (role != NULL && !tix_server_require_role (msg, user, role)))
    return 0;
  if (!parse_event_id (route->segments[2], &id))
    {
      tix_server_reply_error (msg, SOUP_STATUS_NOT_FOUND, NULL, "No such event");
      return 0;
    }
  *out_user = g_steal_pointer (&user);
  return id;
}

static void
handle_get (TixServer         *self,
            SoupServerMessage *msg,
            const TixRoute    *route)
{
  g_autoptr(TixUser) user = NULL;
  g_autoptr(TixStoreEvent) event = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = path_event (self, msg, route, NULL, &user);

  if (id == 0)
    return;
  event = tix_store_get_event (self->store, tix_user_get_organization_id (user), id, &error);
  if (event == NULL)
    reply_store_error (msg, error, NULL);
  else
    reply_event (msg, SOUP_STATUS_OK, event);
}

static void
handle_create (TixServer         *self,
               SoupServerMessage *msg)
{
  g_autoptr(TixUser) user = tix_server_authenticate (self, msg);
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(TixStoreEvent) made = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(TixStoreEvent) event;
  guint fields = 0;

  tix_store_event_init (&event);
  if (user == NULL || !tix_server_require_role (msg, user, "admin") ||
      (body = tix_server_read_object (msg)) == NULL ||
      !read_event (self, msg, user, body, &event, &fields))
    return;
  if (!(fields & TIX_STORE_EVENT_NAME))
    {
      tix_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "name", "“name” is required");
      return;
    }
  if (event.archived)
    {
      tix_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "archived",
                              "A new event is not archived");
      return;
    }
  if (!check_times (msg, &event))
    return;

  made = tix_store_create_event (self->store, user, &event, tix_time_now_ms (), &error);
  if (made == NULL)
    {
      reply_store_error (msg, error, NULL);
      return;
    }
  reply_event (msg, SOUP_STATUS_CREATED, made);
  tix_server_broadcast_event (self, "event-created", made);
}

static void
handle_update (TixServer         *self,
               SoupServerMessage *msg,
               const TixRoute    *route)
{
  g_autoptr(TixUser) user = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(TixStoreEvent) now = NULL;
  g_autoptr(TixStoreEvent) changed = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(TixStoreEvent) changes;
  guint fields = 0;
  gint64 id;

  tix_store_event_init (&changes);
  id = path_event (self, msg, route, "admin", &user);
  if (id == 0 || (body = tix_server_read_object (msg)) == NULL ||
      !read_event (self, msg, user, body, &changes, &fields))
    return;

  /* The times as they will be, checked together. */
  now = tix_store_get_event (self->store, tix_user_get_organization_id (user), id, &error);
  if (now == NULL)
    {
      reply_store_error (msg, error, NULL);
      return;
    }
  if (fields & TIX_STORE_EVENT_STARTS_AT)
    now->starts_at = changes.starts_at;
  if (fields & TIX_STORE_EVENT_ENDS_AT)
    now->ends_at = changes.ends_at;
  if (!check_times (msg, now))
    return;

  changed = tix_store_update_event (self->store, user, id, &changes, fields, tix_time_now_ms (),
                                    &error);
  if (changed == NULL)
    {
      /* Archiving the current event is refused; else the capacity. */
      reply_store_error (msg, error,
                         g_error_matches (error, TIX_STORE_ERROR, TIX_STORE_ERROR_IN_USE)
                         ? "archived" : "capacity");
      return;
    }
  reply_event (msg, SOUP_STATUS_OK, changed);
  tix_server_broadcast_event (self, "event-updated", changed);
}

static void
handle_delete (TixServer         *self,
               SoupServerMessage *msg,
               const TixRoute    *route)
{
  g_autoptr(TixUser) user = NULL;
  g_autoptr(TixStoreEvent) event = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = path_event (self, msg, route, "admin", &user);

  if (id == 0)
    return;
  event = tix_store_get_event (self->store, tix_user_get_organization_id (user), id, &error);
  if (event == NULL ||
      !tix_store_delete_event (self->store, user, id, tix_time_now_ms (), &error))
    {
      reply_store_error (msg, error, NULL);
      return;
    }
  tix_server_reply_success (msg);
  tix_server_broadcast_event (self, "event-deleted", event);
}

static void
handle_copy (TixServer         *self,
             SoupServerMessage *msg,
             const TixRoute    *route)
{
  g_autoptr(TixUser) user = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(TixStoreEvent) made = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  gint64 id, starts_at;

  id = path_event (self, msg, route, "admin", &user);
  if (id == 0 || (body = tix_server_read_object (msg)) == NULL ||
      !read_time (self, msg, user, body, "starts_at", FALSE, &starts_at) ||
      (json_object_has_member (body, "name") &&
       !read_name (msg, body, "name", TRUE, &name)))
    return;

  made = tix_store_copy_event (self->store, user, id, starts_at, name, tix_time_now_ms (),
                               &error);
  if (made == NULL)
    {
      reply_store_error (msg, error, NULL);
      return;
    }
  reply_event (msg, SOUP_STATUS_CREATED, made);
  tix_server_broadcast_event (self, "event-created", made);
}

gboolean
tix_server_route_shows (TixServer         *self,
                        SoupServerMessage *msg,
                        TixRoute          *route)
{
  if (tix_route_is (route, "GET", "/api/events"))
    {
      /* A station of the version before events, opening its stream. */
      if (!tix_server_events_upgrade (self, msg))
        handle_list (self, msg, route->query);
    }
  else if (tix_route_is (route, "POST", "/api/events"))
    handle_create (self, msg);
  else if (tix_route_is (route, "GET", "/api/events/*"))
    handle_get (self, msg, route);
  else if (tix_route_is (route, "PUT", "/api/events/*"))
    handle_update (self, msg, route);
  else if (tix_route_is (route, "DELETE", "/api/events/*"))
    handle_delete (self, msg, route);
  else if (tix_route_is (route, "POST", "/api/events/*/copy"))
    handle_copy (self, msg, route);
  else
    return FALSE;

  return TRUE;
}
