/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-shift"

#include "config.h"

#include "tix-json.h"
#include "tix-shift.h"
#include "tix-time.h"

G_DEFINE_BOXED_TYPE (TixShift, tix_shift, tix_shift_ref, tix_shift_unref)

TixShift *
tix_shift_new (void)
{
  TixShift *self = g_atomic_rc_box_new0 (TixShift);

  self->counted_cash = TIX_SHIFT_NOT_COUNTED;
  return self;
}

TixShift *
tix_shift_ref (TixShift *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return g_atomic_rc_box_acquire (self);
}

static void
clear (gpointer data)
{
  TixShift *self = data;

  g_free (self->user_name);
  g_free (self->station);
}

void
tix_shift_unref (TixShift *self)
{
  g_return_if_fail (self != NULL);
  g_atomic_rc_box_release_full (self, clear);
}

gboolean
tix_shift_is_open (const TixShift *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->closed_at == 0;
}

static gboolean
read_time (JsonObject  *object,
           const char  *member,
           gboolean     required,
           gint64      *out,
           GError     **error)
{
  const char *text = NULL;

  if (!tix_json_get_string (object, member, required, &text, error))
    return FALSE;
  if (text != NULL && !tix_time_parse_iso (text, out))
    {
      g_set_error (error, TIX_JSON_ERROR, TIX_JSON_ERROR_TYPE, "“%s” must be a time", member);
      return FALSE;
    }
  return TRUE;
}

TixShift *
tix_shift_new_from_json (JsonObject  *object,
                         GError     **error)
{
  g_autoptr(TixShift) self = tix_shift_new ();
  JsonNode *user = json_object_get_member (object, "user");
  const char *station = NULL, *name = NULL;

  g_return_val_if_fail (object != NULL, NULL);

  if (user == NULL || !JSON_NODE_HOLDS_OBJECT (user))
    {
      g_set_error (error, TIX_JSON_ERROR, TIX_JSON_ERROR_TYPE, "“user” must be an object");
      return NULL;
    }
  if (!tix_json_get_int (object, "id", TRUE, 1, G_MAXINT64, &self->id, error) ||
      !tix_json_get_int (json_node_get_object (user), "id", TRUE, 1, G_MAXINT64, &self->user_id,
                         error) ||
      !tix_json_get_string (json_node_get_object (user), "name", FALSE, &name, error) ||
      !tix_json_get_string (object, "station", TRUE, &station, error) ||
      !tix_json_get_int (object, "opening_float", TRUE, 0, G_MAXINT64, &self->opening_float,
                         error) ||
      !read_time (object, "opened_at", TRUE, &self->opened_at, error) ||
      !read_time (object, "closed_at", FALSE, &self->closed_at, error) ||
      !tix_json_get_int (object, "counted_cash", FALSE, 0, G_MAXINT64, &self->counted_cash,
                         error))
    return NULL;
  self->station = g_strdup (station);
  self->user_name = g_strdup (name);
  return g_steal_pointer (&self);
}

void
tix_shift_to_json (const TixShift *self,
                   JsonBuilder    *builder)
{
  g_return_if_fail (self != NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, self->id);
  json_builder_set_member_name (builder, "user");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, self->user_id);
  tix_json_add_string_member (builder, "name", self->user_name);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "station");
  json_builder_add_string_value (builder, self->station);
  json_builder_set_member_name (builder, "opening_float");
  json_builder_add_int_value (builder, self->opening_float);
  tix_json_add_time_member (builder, "opened_at", self->opened_at);
  tix_json_add_time_member (builder, "closed_at", self->closed_at);
  tix_json_add_set_int_member (builder, "counted_cash", self->counted_cash);
  json_builder_end_object (builder);
}
