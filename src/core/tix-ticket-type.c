/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-ticket-type"

#include "config.h"

#include "tix-json.h"
#include "tix-ticket-type.h"
#include "tix-time.h"

G_DEFINE_BOXED_TYPE (TixTicketType, tix_ticket_type, tix_ticket_type_ref, tix_ticket_type_unref)

TixTicketType *
tix_ticket_type_new (void)
{
  TixTicketType *self = g_atomic_rc_box_new0 (TixTicketType);

  self->quota = TIX_TICKET_TYPE_NO_LIMIT;
  self->available = TIX_TICKET_TYPE_NO_LIMIT;
  self->active = TRUE;
  return self;
}

TixTicketType *
tix_ticket_type_ref (TixTicketType *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return g_atomic_rc_box_acquire (self);
}

static void
clear (gpointer data)
{
  TixTicketType *self = data;

  g_free (self->name);
  g_free (self->prefix);
}

void
tix_ticket_type_unref (TixTicketType *self)
{
  g_return_if_fail (self != NULL);
  g_atomic_rc_box_release_full (self, clear);
}

static gboolean
get_limit (JsonObject  *object,
           const char  *member,
           gint64      *out,
           GError     **error)
{
  *out = TIX_TICKET_TYPE_NO_LIMIT;
  return tix_json_get_int (object, member, FALSE, 0, G_MAXINT64, out, error);
}

TixTicketType *
tix_ticket_type_new_from_json (JsonObject  *object,
                               GError     **error)
{
  g_autoptr(TixTicketType) self = tix_ticket_type_new ();
  const char *name = NULL, *prefix = NULL, *created_at = NULL;

  g_return_val_if_fail (object != NULL, NULL);

  if (!tix_json_get_int (object, "id", TRUE, 1, G_MAXINT64, &self->id, error) ||
      !tix_json_get_int (object, "event_id", TRUE, 1, G_MAXINT64, &self->event_id, error) ||
      !tix_json_get_string (object, "name", TRUE, &name, error) ||
      !tix_json_get_int (object, "price", TRUE, 0, G_MAXINT64, &self->price, error) ||
      !tix_json_get_string (object, "prefix", TRUE, &prefix, error) ||
      !get_limit (object, "quota", &self->quota, error) ||
      !tix_json_get_int (object, "sold", FALSE, 0, G_MAXINT64, &self->sold, error) ||
      !get_limit (object, "available", &self->available, error) ||
      !tix_json_get_bool (object, "active", FALSE, &self->active, error) ||
      !tix_json_get_string (object, "created_at", FALSE, &created_at, error))
    return NULL;
  if (created_at != NULL && !tix_time_parse_iso (created_at, &self->created_at))
    {
      g_set_error (error, TIX_JSON_ERROR, TIX_JSON_ERROR_TYPE,
                   "“created_at” must be a time (ISO 8601)");
      return NULL;
    }
  self->name = g_strdup (name);
  self->prefix = g_strdup (prefix);
  return g_steal_pointer (&self);
}

void
tix_ticket_type_to_json (const TixTicketType *self,
                         JsonBuilder         *builder)
{
  g_return_if_fail (self != NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, self->id);
  json_builder_set_member_name (builder, "event_id");
  json_builder_add_int_value (builder, self->event_id);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, self->name);
  json_builder_set_member_name (builder, "price");
  json_builder_add_int_value (builder, self->price);
  json_builder_set_member_name (builder, "prefix");
  json_builder_add_string_value (builder, self->prefix);
  tix_json_add_set_int_member (builder, "quota", self->quota);
  json_builder_set_member_name (builder, "sold");
  json_builder_add_int_value (builder, self->sold);
  tix_json_add_set_int_member (builder, "available", self->available);
  json_builder_set_member_name (builder, "active");
  json_builder_add_boolean_value (builder, self->active);
  tix_json_add_time_member (builder, "created_at", self->created_at);
  json_builder_end_object (builder);
}

gboolean
tix_ticket_type_is_sold_out (const TixTicketType *self)
{
  g_return_val_if_fail (self != NULL, TRUE);
  return !self->active || self->available == 0;
}

JsonNode *
tix_ticket_type_to_json_changes (const TixTicketType *self,
                                 TixTicketTypeField   fields)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  g_return_val_if_fail (self != NULL, NULL);

  json_builder_begin_object (builder);
  if ((fields & TIX_TICKET_TYPE_FIELD_NAME) && self->name != NULL)
    {
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, self->name);
    }
  if (fields & TIX_TICKET_TYPE_FIELD_PRICE)
    {
      json_builder_set_member_name (builder, "price");
      json_builder_add_int_value (builder, self->price);
    }
  if ((fields & TIX_TICKET_TYPE_FIELD_PREFIX) && self->prefix != NULL)
    {
      json_builder_set_member_name (builder, "prefix");
      json_builder_add_string_value (builder, self->prefix);
    }
  if (fields & TIX_TICKET_TYPE_FIELD_QUOTA)
    tix_json_add_set_int_member (builder, "quota", self->quota);
  if (fields & TIX_TICKET_TYPE_FIELD_ACTIVE)
    {
      json_builder_set_member_name (builder, "active");
      json_builder_add_boolean_value (builder, self->active);
    }
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}
