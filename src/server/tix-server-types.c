/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Ticket types (issue 19): GET/POST /api/events/:id/types, PUT/DELETE
 * /api/types/:id. Every signed-in role reads them; admins make and change
 * them. One that has sold is deactivated, not deleted. Another
 * organization's event or type is a 404. Prices are whole minor units. */
#define G_LOG_DOMAIN "tix-server-types"

#include "config.h"

#include "tix-server-private.h"
#include "tix-time.h"
#include "tix-validate.h"

/* The most a price or an amount of money may be: 10^12 minor units. */
#define MAX_MONEY G_GINT64_CONSTANT (1000000000000)

gint64
tix_server_path_id (const char *segment)
{
  guint64 value;

  if (segment == NULL || !g_ascii_string_to_unsigned (segment, 10, 1, G_MAXINT64, &value, NULL))
    return 0;
  return (gint64) value;
}

gboolean
tix_server_get_money (SoupServerMessage *msg,
                      JsonObject        *body,
                      const char        *member,
                      gboolean           required,
                      gint64            *out)
{
  JsonNode *node = json_object_get_member (body, member);

  if (node == NULL && !required)
    return TRUE;
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64 ||
      json_node_get_int (node) < 0 || json_node_get_int (node) > MAX_MONEY)
    {
      tix_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, member,
                              "“%s” must be a whole number of minor units (cents) from 0 to %"
                              G_GINT64_FORMAT ", not a decimal", member, MAX_MONEY);
      return FALSE;
    }
  *out = json_node_get_int (node);
  return TRUE;
}

static void
reply_type (SoupServerMessage   *msg,
            guint                status,
            const TixTicketType *type)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  tix_ticket_type_to_json (type, builder);
  tix_server_reply_builder (msg, status, builder);
}

static void
broadcast_type (TixServer           *self,
                gint64               organization_id,
                const char          *kind,
                const TixTicketType *type)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "ticket_type");
  tix_ticket_type_to_json (type, builder);
  tix_server_broadcast_of_event (self, organization_id, type->event_id, kind, builder);
}

static void
reply_store_error (SoupServerMessage *msg,
                   const GError      *error,
                   const char        *what)
{
  if (g_error_matches (error, TIX_STORE_ERROR, TIX_STORE_ERROR_NOT_FOUND))
    tix_server_reply_error (msg, SOUP_STATUS_NOT_FOUND, NULL, "No such %s", what);
  else if (g_error_matches (error, TIX_STORE_ERROR, TIX_STORE_ERROR_LIMIT))
    tix_server_reply_error (msg, SOUP_STATUS_CONFLICT, "quota", "%s", error->message);
  else
    tix_server_reply_gerror (msg, error);
}

static const struct
{
  const char        *member;
  TixStoreTypeField  field;
} type_members[] = {
  { "name", TIX_STORE_TYPE_NAME },
  { "price", TIX_STORE_TYPE_PRICE },
  { "prefix", TIX_STORE_TYPE_PREFIX },
  { "quota", TIX_STORE_TYPE_QUOTA },
  { "active", TIX_STORE_TYPE_ACTIVE },
};

/* The members of a type's body into @type; replies 400 naming the one
 * that is wrong (or unknown). */
static gboolean
read_type (SoupServerMessage *msg,
           JsonObject        *body,
           TixTicketType     *type,
           guint             *out_fields)
{
  g_autoptr(GList) members = json_object_get_members (body);
  const char *text = NULL, *message = NULL;
  guint fields = 0;

  for (const GList *l = members; l != NULL; l = l->next)
    {
      gboolean known = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (type_members); i++)
        if (g_str_equal (l->data, type_members[i].member))
          {
            fields |= type_members[i].field;
            known = TRUE;
          }
      if (!known)
        {
          tix_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, l->data,
                                  "Unknown member “%s”", (const char *) l->data);
          return FALSE;
        }
    }

  if (fields & TIX_STORE_TYPE_NAME)
    {
      if (!tix_server_get_string (msg, body, "name", TRUE, &text))
        return FALSE;
      if (!tix_validate_name (text, &message))
        {
          tix_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "name", "“name”: %s", message);
          return FALSE;
        }
      type->name = g_strdup (text);
    }
  if ((fields & TIX_STORE_TYPE_PRICE) &&
      !tix_server_get_money (msg, body, "price", TRUE, &type->price))
    return FALSE;
  if (fields & TIX_STORE_TYPE_PREFIX)
    {
      if (!tix_server_get_string (msg, body, "prefix", TRUE, &text))
        return FALSE;
      if (!tix_validate_prefix (text, &message))
        {
          tix_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "prefix", "%s", message);
          return FALSE;
        }
      type->prefix = g_strdup (text);
    }
  if (fields & TIX_STORE_TYPE_QUOTA)
    {
      JsonNode *node = json_object_get_member (body, "quota");

      if (JSON_NODE_HOLDS_NULL (node))
        type->quota = TIX_TICKET_TYPE_NO_LIMIT;
      else if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
               json_node_get_int (node) < 0 || json_node_get_int (node) > G_MAXINT32)
        {
          tix_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "quota",
                                  "“quota” must be a whole number from 0 to %d, or null for none",
                                  G_MAXINT32);
          return FALSE;
        }
      else
        type->quota = json_node_get_int (node);
    }
  if (fields & TIX_STORE_TYPE_ACTIVE)
    {
      JsonNode *node = json_object_get_member (body, "active");

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
        {
          tix_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "active",
                                  "“active” must be true or false");
          return FALSE;
        }
      type->active = json_node_get_boolean (node);
    }
  *out_fields = fields;
  return TRUE;
}

static void
handle_list (TixServer         *self,
             SoupServerMessage *msg,
             const TixRoute    *route)
{
  g_autoptr(TixUser) user = tix_server_authenticate (self, msg);
  g_autoptr(GPtrArray) types = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(GError) error = NULL;
  gint64 event_id = tix_server_path_id (route->segments[2]);

  if (user == NULL)
    return;
  if (event_id == 0)
    {
      tix_server_reply_error (msg, SOUP_STATUS_NOT_FOUND, NULL, "No such event");
      return;
    }
  types = tix_store_list_ticket_types (self->store, tix_user_get_organization_id (user), event_id,
                                       &error);
  if (types == NULL)
    {
      reply_store_error (msg, error, "event");
      return;
    }
  builder = json_builder_new_immutable ();
  json_builder_begin_array (builder);
  for (guint i = 0; i < types->len; i++)
    tix_ticket_type_to_json (g_ptr_array_index (types, i), builder);
  json_builder_end_array (builder);
  tix_server_reply_builder (msg, SOUP_STATUS_OK, builder);
}

static char *
default_prefix (TixServer *self,
                TixUser   *user)
{
  g_autoptr(GHashTable) settings = tix_store_get_settings (self->store,
                                                           tix_user_get_organization_id (user),
                                                           NULL);
  const char *prefix = settings ? g_hash_table_lookup (settings, "default_prefix") : NULL;

  return g_strdup (prefix && tix_validate_prefix (prefix, NULL) ? prefix : "TIX");
}

static void
handle_create (TixServer         *self,
               SoupServerMessage *msg,
               const TixRoute    *route)
{
  g_autoptr(TixUser) user = tix_server_authenticate (self, msg);
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(TixTicketType) type = tix_ticket_type_new ();
  g_autoptr(TixTicketType) made = NULL;
  g_autoptr(GError) error = NULL;
  guint fields = 0;

  if (user == NULL || !tix_server_require_role (msg, user, "admin"))
    return;
  type->event_id = tix_server_path_id (route->segments[2]);
  if (type->event_id == 0)
    {
      tix_server_reply_error (msg, SOUP_STATUS_NOT_FOUND, NULL, "No such event");
      return;
    }
  if ((body = tix_server_read_object (msg)) == NULL || !read_type (msg, body, type, &fields))
    return;
  if (!(fields & TIX_STORE_TYPE_NAME) || !(fields & TIX_STORE_TYPE_PRICE))
    {
      const char *missing = (fields & TIX_STORE_TYPE_NAME) ? "price" : "name";

      tix_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, missing, "“%s” is required", missing);
      return;
    }
  if (type->prefix == NULL)
    type->prefix = default_prefix (self, user);

  made = tix_store_create_ticket_type (self->store, user, type, tix_time_now_ms (), &error);
  if (made == NULL)
    {
      reply_store_error (msg, error, "event");
      return;
    }
  reply_type (msg, SOUP_STATUS_CREATED, made);
  broadcast_type (self, tix_user_get_organization_id (user), "type-created", made);
}

static void
handle_update (TixServer         *self,
               SoupServerMessage *msg,
               const TixRoute    *route)
{
  g_autoptr(TixUser) user = tix_server_authenticate (self, msg);
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(TixTicketType) changes = tix_ticket_type_new ();
  g_autoptr(TixTicketType) changed = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = tix_server_path_id (route->segments[2]);
  guint fields = 0;

  if (user == NULL || !tix_server_require_role (msg, user, "admin"))
    return;
  if (id == 0)
    {
      tix_server_reply_error (msg, SOUP_STATUS_NOT_FOUND, NULL, "No such ticket type");
      return;
    }
  if ((body = tix_server_read_object (msg)) == NULL || !read_type (msg, body, changes, &fields))
    return;
  changed = tix_store_update_ticket_type (self->store, user, id, changes, fields,
                                          tix_time_now_ms (), &error);
  if (changed == NULL)
    {
      reply_store_error (msg, error, "ticket type");
      return;
    }
  reply_type (msg, SOUP_STATUS_OK, changed);
  broadcast_type (self, tix_user_get_organization_id (user), "type-updated", changed);
}

static void
handle_delete (TixServer         *self,
               SoupServerMessage *msg,
               const TixRoute    *route)
{
  g_autoptr(TixUser) user = tix_server_authenticate (self, msg);
  g_autoptr(TixTicketType) type = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = tix_server_path_id (route->segments[2]);
  gboolean deactivated = FALSE;

  if (user == NULL || !tix_server_require_role (msg, user, "admin"))
    return;
  if (id == 0)
    {
      tix_server_reply_error (msg, SOUP_STATUS_NOT_FOUND, NULL, "No such ticket type");
      return;
    }
  type = tix_store_delete_ticket_type (self->store, user, id, tix_time_now_ms (), &deactivated,
                                       &error);
  if (type == NULL)
    {
      reply_store_error (msg, error, "ticket type");
      return;
    }
  /* {deleted, ticket_type}: one that sold stays, inactive. */
  builder = json_builder_new_immutable ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "deleted");
  json_builder_add_boolean_value (builder, !deactivated);
  json_builder_set_member_name (builder, "ticket_type");
  tix_ticket_type_to_json (type, builder);
  json_builder_end_object (builder);
  tix_server_reply_builder (msg, SOUP_STATUS_OK, builder);
  broadcast_type (self, tix_user_get_organization_id (user),
                  deactivated ? "type-updated" : "type-deleted", type);
}

gboolean
tix_server_route_types (TixServer         *self,
                        SoupServerMessage *msg,
                        TixRoute          *route)
{
  if (tix_route_is (route, "GET", "/api/events/*/types"))
    handle_list (self, msg, route);
  else if (tix_route_is (route, "POST", "/api/events/*/types"))
    handle_create (self, msg, route);
  else if (tix_route_is (route, "PUT", "/api/types/*"))
    handle_update (self, msg, route);
  else if (tix_route_is (route, "DELETE", "/api/types/*"))
    handle_delete (self, msg, route);
  else
    return FALSE;
  return TRUE;
}
