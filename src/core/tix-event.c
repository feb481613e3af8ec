/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-event"

#include "config.h"

#include "tix-event.h"
#include "tix-json.h"
#include "tix-time.h"

struct _TixEvent
{
  GObject   parent_instance;

  gint64    id;
  char     *name;
  gint64    starts_at;
  gint64    ends_at;
  char     *venue;
  gint64    capacity;
  gint64    max_inside;
  gboolean  archived;
  gint64    created_at;
  gint64    n_tickets;
  gint64    n_scanned;
  gint64    inside;
};

G_DEFINE_FINAL_TYPE (TixEvent, tix_event, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_STARTS_AT,
  PROP_ENDS_AT,
  PROP_VENUE,
  PROP_CAPACITY,
  PROP_MAX_INSIDE,
  PROP_ARCHIVED,
  PROP_CREATED_AT,
  PROP_TICKETS,
  PROP_SCANNED,
  PROP_INSIDE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
tix_event_finalize (GObject *object)
{
  TixEvent *self = (TixEvent *) object;

  g_free (self->name);
  g_free (self->venue);

  G_OBJECT_CLASS (tix_event_parent_class)->finalize (object);
}

static void
tix_event_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  TixEvent *self = TIX_EVENT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_STARTS_AT:
      g_value_set_int64 (value, self->starts_at);
      break;
    case PROP_ENDS_AT:
      g_value_set_int64 (value, self->ends_at);
      break;
    case PROP_VENUE:
      g_value_set_string (value, self->venue);
      break;
    case PROP_CAPACITY:
      g_value_set_int64 (value, self->capacity);
      break;
    case PROP_MAX_INSIDE:
      g_value_set_int64 (value, self->max_inside);
      break;
    case PROP_ARCHIVED:
      g_value_set_boolean (value, self->archived);
      break;
    case PROP_CREATED_AT:
      g_value_set_int64 (value, self->created_at);
      break;
    case PROP_TICKETS:
      g_value_set_int64 (value, self->n_tickets);
      break;
    case PROP_SCANNED:
      g_value_set_int64 (value, self->n_scanned);
      break;
    case PROP_INSIDE:
      g_value_set_int64 (value, self->inside);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static GParamSpec *
int64_property (const char *name,
                gint64      minimum)
{
  return g_param_spec_int64 (name, NULL, NULL, minimum, G_MAXINT64, minimum,
                             G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
}

static void
tix_event_class_init (TixEventClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = tix_event_finalize;
  object_class->get_property = tix_event_get_property;

  properties[PROP_ID] = int64_property ("id", 0);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_STARTS_AT] = int64_property ("starts-at", TIX_EVENT_NO_TIME);
  properties[PROP_ENDS_AT] = int64_property ("ends-at", TIX_EVENT_NO_TIME);
  properties[PROP_VENUE] = g_param_spec_string ("venue", NULL, NULL, NULL, flags);
  properties[PROP_CAPACITY] = int64_property ("capacity", TIX_EVENT_NO_LIMIT);
  properties[PROP_MAX_INSIDE] = int64_property ("max-inside", TIX_EVENT_NO_LIMIT);
  properties[PROP_ARCHIVED] = g_param_spec_boolean ("archived", NULL, NULL, FALSE, flags);
  properties[PROP_CREATED_AT] = int64_property ("created-at", TIX_EVENT_NO_TIME);
  properties[PROP_TICKETS] = int64_property ("tickets", 0);
  properties[PROP_SCANNED] = int64_property ("scanned", 0);
  properties[PROP_INSIDE] = int64_property ("inside", 0);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tix_event_init (TixEvent *self)
{
  self->name = g_strdup ("");
  self->starts_at = TIX_EVENT_NO_TIME;
  self->ends_at = TIX_EVENT_NO_TIME;
  self->capacity = TIX_EVENT_NO_LIMIT;
  self->max_inside = TIX_EVENT_NO_LIMIT;
  self->created_at = TIX_EVENT_NO_TIME;
}

TixEvent *
tix_event_new (const char *name)
{
  TixEvent *self = g_object_new (TIX_TYPE_EVENT, NULL);

  tix_event_set_name (self, name);
  return self;
}

/* Reading ---------------------------------------------------------------------- */

/* An ISO 8601 time, or null / missing for none. */
static gboolean
get_time (JsonObject  *object,
          const char  *member,
          gint64      *out,
          GError     **error)
{
  const char *text = NULL;

  if (!tix_json_get_string (object, member, FALSE, &text, error))
    return FALSE;
  if (text == NULL)
    {
      *out = TIX_EVENT_NO_TIME;
      return TRUE;
    }
  if (!tix_time_parse_iso (text, out) || !tix_time_in_range (*out))
    {
      g_set_error (error, TIX_JSON_ERROR, TIX_JSON_ERROR_TYPE,
                   "“%s” is not an ISO 8601 time", member);
      return FALSE;
    }
  return TRUE;
}

/* A count from 0, or null / missing for no limit. */
static gboolean
get_limit (JsonObject  *object,
           const char  *member,
           gint64      *out,
           GError     **error)
{
  *out = TIX_EVENT_NO_LIMIT;
  return tix_json_get_int (object, member, FALSE, 0, G_MAXINT64, out, error);
}

TixEvent *
tix_event_new_from_json (JsonObject  *object,
                         GError     **error)
{
  g_autoptr(TixEvent) self = NULL;
  const char *name = NULL, *venue = NULL;

  g_return_val_if_fail (object != NULL, NULL);

  self = g_object_new (TIX_TYPE_EVENT, NULL);
  if (!tix_json_get_int (object, "id", TRUE, 1, G_MAXINT64, &self->id, error) ||
      !tix_json_get_string (object, "name", TRUE, &name, error) ||
      !get_time (object, "starts_at", &self->starts_at, error) ||
      !get_time (object, "ends_at", &self->ends_at, error) ||
      !tix_json_get_string (object, "venue", FALSE, &venue, error) ||
      !get_limit (object, "capacity", &self->capacity, error) ||
      !get_limit (object, "max_inside", &self->max_inside, error) ||
      !tix_json_get_bool (object, "archived", FALSE, &self->archived, error) ||
      !get_time (object, "created_at", &self->created_at, error) ||
      !tix_json_get_int (object, "tickets", FALSE, 0, G_MAXINT64, &self->n_tickets, error) ||
      !tix_json_get_int (object, "scanned", FALSE, 0, G_MAXINT64, &self->n_scanned, error) ||
      !tix_json_get_int (object, "inside", FALSE, 0, G_MAXINT64, &self->inside, error))
    return NULL;

  g_free (self->name);
  self->name = g_strdup (name);
  self->venue = g_strdup (venue);

  return g_steal_pointer (&self);
}

/* Writing ---------------------------------------------------------------------- */

static void
add_members (TixEvent      *self,
             TixEventField  fields,
             JsonBuilder   *builder)
{
  if (fields & TIX_EVENT_FIELD_NAME)
    tix_json_add_string_member (builder, "name", self->name);
  if (fields & TIX_EVENT_FIELD_STARTS_AT)
    tix_json_add_set_time_member (builder, "starts_at", self->starts_at);
  if (fields & TIX_EVENT_FIELD_ENDS_AT)
    tix_json_add_set_time_member (builder, "ends_at", self->ends_at);
  if (fields & TIX_EVENT_FIELD_VENUE)
    tix_json_add_string_member (builder, "venue", self->venue);
  if (fields & TIX_EVENT_FIELD_CAPACITY)
    tix_json_add_set_int_member (builder, "capacity", self->capacity);
  if (fields & TIX_EVENT_FIELD_MAX_INSIDE)
    tix_json_add_set_int_member (builder, "max_inside", self->max_inside);
  if (fields & TIX_EVENT_FIELD_ARCHIVED)
    {
      json_builder_set_member_name (builder, "archived");
      json_builder_add_boolean_value (builder, self->archived);
    }
}

void
tix_event_to_json (TixEvent    *self,
                   JsonBuilder *builder)
{
  g_return_if_fail (TIX_IS_EVENT (self));

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, self->id);
  add_members (self, TIX_EVENT_FIELDS_NEW | TIX_EVENT_FIELD_ARCHIVED, builder);
  tix_json_add_set_time_member (builder, "created_at", self->created_at);
  json_builder_set_member_name (builder, "tickets");
  json_builder_add_int_value (builder, self->n_tickets);
  json_builder_set_member_name (builder, "scanned");
  json_builder_add_int_value (builder, self->n_scanned);
  json_builder_set_member_name (builder, "inside");
  json_builder_add_int_value (builder, self->inside);
  json_builder_end_object (builder);
}

JsonNode *
tix_event_to_json_changes (TixEvent      *self,
                           TixEventField  fields)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (TIX_IS_EVENT (self), NULL);

  json_builder_begin_object (builder);
  add_members (self, fields, builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* Changing --------------------------------------------------------------------- */

static void
set_int64 (TixEvent *self,
           gint64   *field,
           gint64    value,
           guint     prop)
{
  if (*field != value)
    {
      *field = value;
      g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
    }
}

static void
set_string (TixEvent    *self,
            char       **field,
            const char  *value,
            guint        prop)
{
  if (g_strcmp0 (*field, value) != 0)
    {
      g_free (*field);
      *field = g_strdup (value);
      g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
    }
}

void
tix_event_update_from (TixEvent *self,
                       TixEvent *other)
{
  g_return_if_fail (TIX_IS_EVENT (self));
  g_return_if_fail (TIX_IS_EVENT (other));

  g_object_freeze_notify (G_OBJECT (self));
  set_int64 (self, &self->id, other->id, PROP_ID);
  set_string (self, &self->name, other->name, PROP_NAME);
  set_int64 (self, &self->starts_at, other->starts_at, PROP_STARTS_AT);
  set_int64 (self, &self->ends_at, other->ends_at, PROP_ENDS_AT);
  set_string (self, &self->venue, other->venue, PROP_VENUE);
  set_int64 (self, &self->capacity, other->capacity, PROP_CAPACITY);
  set_int64 (self, &self->max_inside, other->max_inside, PROP_MAX_INSIDE);
  tix_event_set_archived (self, other->archived);
  set_int64 (self, &self->created_at, other->created_at, PROP_CREATED_AT);
  set_int64 (self, &self->n_tickets, other->n_tickets, PROP_TICKETS);
  set_int64 (self, &self->n_scanned, other->n_scanned, PROP_SCANNED);
  set_int64 (self, &self->inside, other->inside, PROP_INSIDE);
  g_object_thaw_notify (G_OBJECT (self));
}

/* Accessors -------------------------------------------------------------------- */

gint64
tix_event_get_id (TixEvent *self)
{
  g_return_val_if_fail (TIX_IS_EVENT (self), 0);
  return self->id;
}

const char *
tix_event_get_name (TixEvent *self)
{
  g_return_val_if_fail (TIX_IS_EVENT (self), NULL);
  return self->name;
}

void
tix_event_set_name (TixEvent   *self,
                    const char *name)
{
  g_return_if_fail (TIX_IS_EVENT (self));
  set_string (self, &self->name, name != NULL ? name : "", PROP_NAME);
}

gint64
tix_event_get_starts_at (TixEvent *self)
{
  g_return_val_if_fail (TIX_IS_EVENT (self), TIX_EVENT_NO_TIME);
  return self->starts_at;
}

void
tix_event_set_starts_at (TixEvent *self,
                         gint64    starts_at)
{
  g_return_if_fail (TIX_IS_EVENT (self));
  g_return_if_fail (starts_at == TIX_EVENT_NO_TIME || tix_time_in_range (starts_at));
  set_int64 (self, &self->starts_at, starts_at, PROP_STARTS_AT);
}

gint64
tix_event_get_ends_at (TixEvent *self)
{
  g_return_val_if_fail (TIX_IS_EVENT (self), TIX_EVENT_NO_TIME);
  return self->ends_at;
}

void
tix_event_set_ends_at (TixEvent *self,
                       gint64    ends_at)
{
  g_return_if_fail (TIX_IS_EVENT (self));
  g_return_if_fail (ends_at == TIX_EVENT_NO_TIME || tix_time_in_range (ends_at));
  set_int64 (self, &self->ends_at, ends_at, PROP_ENDS_AT);
}

const char *
tix_event_get_venue (TixEvent *self)
{
  g_return_val_if_fail (TIX_IS_EVENT (self), NULL);
  return self->venue;
}

void
tix_event_set_venue (TixEvent   *self,
                     const char *venue)
{
  g_return_if_fail (TIX_IS_EVENT (self));
  set_string (self, &self->venue, venue, PROP_VENUE);
}

gint64
tix_event_get_capacity (TixEvent *self)
{
  g_return_val_if_fail (TIX_IS_EVENT (self), TIX_EVENT_NO_LIMIT);
  return self->capacity;
}

void
tix_event_set_capacity (TixEvent *self,
                        gint64    capacity)
{
  g_return_if_fail (TIX_IS_EVENT (self));
  g_return_if_fail (capacity >= TIX_EVENT_NO_LIMIT);
  set_int64 (self, &self->capacity, capacity, PROP_CAPACITY);
}

gint64
tix_event_get_max_inside (TixEvent *self)
{
  g_return_val_if_fail (TIX_IS_EVENT (self), TIX_EVENT_NO_LIMIT);
  return self->max_inside;
}

void
tix_event_set_max_inside (TixEvent *self,
                          gint64    max_inside)
{
  g_return_if_fail (TIX_IS_EVENT (self));
  g_return_if_fail (max_inside >= TIX_EVENT_NO_LIMIT);
  set_int64 (self, &self->max_inside, max_inside, PROP_MAX_INSIDE);
}

gboolean
tix_event_get_archived (TixEvent *self)
{
  g_return_val_if_fail (TIX_IS_EVENT (self), FALSE);
  return self->archived;
}

void
tix_event_set_archived (TixEvent *self,
                        gboolean  archived)
{
  g_return_if_fail (TIX_IS_EVENT (self));

  archived = !!archived;
  if (self->archived != archived)
    {
      self->archived = archived;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ARCHIVED]);
    }
}

gint64
tix_event_get_created_at (TixEvent *self)
{
  g_return_val_if_fail (TIX_IS_EVENT (self), TIX_EVENT_NO_TIME);
  return self->created_at;
}

gint64
tix_event_get_n_tickets (TixEvent *self)
{
  g_return_val_if_fail (TIX_IS_EVENT (self), 0);
  return self->n_tickets;
}

gint64
tix_event_get_n_scanned (TixEvent *self)
{
  g_return_val_if_fail (TIX_IS_EVENT (self), 0);
  return self->n_scanned;
}

gint64
tix_event_get_inside (TixEvent *self)
{
  g_return_val_if_fail (TIX_IS_EVENT (self), 0);
  return self->inside;
}

void
tix_event_set_inside (TixEvent *self,
                      gint64    inside)
{
  g_return_if_fail (TIX_IS_EVENT (self));
  g_return_if_fail (inside >= 0);
  set_int64 (self, &self->inside, inside, PROP_INSIDE);
}
