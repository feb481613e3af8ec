/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-entrance"

#include "config.h"

#include "tix-entrance.h"
#include "tix-json.h"
#include "tix-time.h"

#define MAX_TYPE_IDS 64

struct _TixEntrance
{
  GObject   parent_instance;

  gint64    id;
  gint64    event_id;
  char     *name;
  GArray   *type_ids;   /* gint64, ascending */
  gboolean  allow_exit;
  gboolean  allow_reentry;
  gint64    opens_at;
  gint64    closes_at;
  gboolean  is_default;
  gint64    inside;
};

G_DEFINE_FINAL_TYPE (TixEntrance, tix_entrance, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_EVENT_ID,
  PROP_NAME,
  PROP_ALLOW_EXIT,
  PROP_ALLOW_REENTRY,
  PROP_OPENS_AT,
  PROP_CLOSES_AT,
  PROP_IS_DEFAULT,
  PROP_INSIDE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
tix_entrance_finalize (GObject *object)
{
  TixEntrance *self = (TixEntrance *) object;

  g_free (self->name);
  g_array_unref (self->type_ids);

  G_OBJECT_CLASS (tix_entrance_parent_class)->finalize (object);
}

static void
tix_entrance_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  TixEntrance *self = TIX_ENTRANCE (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_EVENT_ID:
      g_value_set_int64 (value, self->event_id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_ALLOW_EXIT:
      g_value_set_boolean (value, self->allow_exit);
      break;
    case PROP_ALLOW_REENTRY:
      g_value_set_boolean (value, self->allow_reentry);
      break;
    case PROP_OPENS_AT:
      g_value_set_int64 (value, self->opens_at);
      break;
    case PROP_CLOSES_AT:
      g_value_set_int64 (value, self->closes_at);
      break;
    case PROP_IS_DEFAULT:
      g_value_set_boolean (value, self->is_default);
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

static GParamSpec *
bool_property (const char *name)
{
  return g_param_spec_boolean (name, NULL, NULL, FALSE,
                               G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
}

static void
tix_entrance_class_init (TixEntranceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = tix_entrance_finalize;
  object_class->get_property = tix_entrance_get_property;

  properties[PROP_ID] = int64_property ("id", 0);
  properties[PROP_EVENT_ID] = int64_property ("event-id", 0);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL,
                                               G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                                               G_PARAM_STATIC_STRINGS);
  properties[PROP_ALLOW_EXIT] = bool_property ("allow-exit");
  properties[PROP_ALLOW_REENTRY] = bool_property ("allow-reentry");
  properties[PROP_OPENS_AT] = int64_property ("opens-at", TIX_ENTRANCE_NO_TIME);
  properties[PROP_CLOSES_AT] = int64_property ("closes-at", TIX_ENTRANCE_NO_TIME);
  properties[PROP_IS_DEFAULT] = bool_property ("is-default");
  properties[PROP_INSIDE] = int64_property ("inside", 0);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tix_entrance_init (TixEntrance *self)
{
  self->name = g_strdup ("");
  self->type_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->opens_at = TIX_ENTRANCE_NO_TIME;
  self->closes_at = TIX_ENTRANCE_NO_TIME;
}

TixEntrance *
tix_entrance_new (const char *name)
{
  TixEntrance *self = g_object_new (TIX_TYPE_ENTRANCE, NULL);

  tix_entrance_set_name (self, name);
  return self;
}

/* Reading ---------------------------------------------------------------------- */

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
      *out = TIX_ENTRANCE_NO_TIME;
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

static gint
compare_ids (gconstpointer a,
             gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

static gboolean
get_type_ids (JsonObject  *object,
              GArray      *out,
              GError     **error)
{
  JsonNode *node = json_object_get_member (object, "type_ids");
  JsonArray *array;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  array = JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
  if (array == NULL || json_array_get_length (array) > MAX_TYPE_IDS)
    {
      g_set_error_literal (error, TIX_JSON_ERROR, TIX_JSON_ERROR_TYPE,
                           "“type_ids” is not a list of ticket type ids");
      return FALSE;
    }
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      gint64 id;

      if (json_node_get_value_type (element) != G_TYPE_INT64 ||
          (id = json_node_get_int (element)) < 1)
        {
          g_set_error_literal (error, TIX_JSON_ERROR, TIX_JSON_ERROR_TYPE,
                               "“type_ids” holds something that is not an id");
          return FALSE;
        }
      g_array_append_val (out, id);
    }
  g_array_sort (out, compare_ids);
  return TRUE;
}

TixEntrance *
tix_entrance_new_from_json (JsonObject  *object,
                            GError     **error)
{
  g_autoptr(TixEntrance) self = NULL;
  const char *name = NULL;

  g_return_val_if_fail (object != NULL, NULL);

  self = g_object_new (TIX_TYPE_ENTRANCE, NULL);
  if (!tix_json_get_int (object, "id", TRUE, 1, G_MAXINT64, &self->id, error) ||
      !tix_json_get_int (object, "event_id", FALSE, 1, G_MAXINT64, &self->event_id, error) ||
      !tix_json_get_string (object, "name", TRUE, &name, error) ||
      !get_type_ids (object, self->type_ids, error) ||
      !tix_json_get_bool (object, "allow_exit", FALSE, &self->allow_exit, error) ||
      !tix_json_get_bool (object, "allow_reentry", FALSE, &self->allow_reentry, error) ||
      !get_time (object, "opens_at", &self->opens_at, error) ||
      !get_time (object, "closes_at", &self->closes_at, error) ||
      !tix_json_get_bool (object, "is_default", FALSE, &self->is_default, error) ||
      !tix_json_get_int (object, "inside", FALSE, 0, G_MAXINT64, &self->inside, error))
    return NULL;

  g_free (self->name);
  self->name = g_strdup (name);

  return g_steal_pointer (&self);
}

/* Writing ---------------------------------------------------------------------- */

static void
add_members (TixEntrance      *self,
             TixEntranceField  fields,
             JsonBuilder      *builder)
{
  if (fields & TIX_ENTRANCE_FIELD_NAME)
    tix_json_add_string_member (builder, "name", self->name);
  if (fields & TIX_ENTRANCE_FIELD_TYPE_IDS)
    {
      json_builder_set_member_name (builder, "type_ids");
      json_builder_begin_array (builder);
      for (guint i = 0; i < self->type_ids->len; i++)
        json_builder_add_int_value (builder, g_array_index (self->type_ids, gint64, i));
      json_builder_end_array (builder);
    }
  if (fields & TIX_ENTRANCE_FIELD_ALLOW_EXIT)
    {
      json_builder_set_member_name (builder, "allow_exit");
      json_builder_add_boolean_value (builder, self->allow_exit);
    }
  if (fields & TIX_ENTRANCE_FIELD_ALLOW_REENTRY)
    {
      json_builder_set_member_name (builder, "allow_reentry");
      json_builder_add_boolean_value (builder, self->allow_reentry);
    }
  if (fields & TIX_ENTRANCE_FIELD_OPENS_AT)
    tix_json_add_set_time_member (builder, "opens_at", self->opens_at);
  if (fields & TIX_ENTRANCE_FIELD_CLOSES_AT)
    tix_json_add_set_time_member (builder, "closes_at", self->closes_at);
}

void
tix_entrance_to_json (TixEntrance *self,
                      JsonBuilder *builder)
{
  g_return_if_fail (TIX_IS_ENTRANCE (self));

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, self->id);
  tix_json_add_id_member (builder, "event_id", self->event_id);
  add_members (self, TIX_ENTRANCE_FIELDS_ALL, builder);
  json_builder_set_member_name (builder, "is_default");
  json_builder_add_boolean_value (builder, self->is_default);
  json_builder_set_member_name (builder, "inside");
  json_builder_add_int_value (builder, self->inside);
  json_builder_end_object (builder);
}

JsonNode *
tix_entrance_to_json_changes (TixEntrance      *self,
                              TixEntranceField  fields)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (TIX_IS_ENTRANCE (self), NULL);

  json_builder_begin_object (builder);
  add_members (self, fields, builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* Rules ------------------------------------------------------------------------ */

gboolean
tix_entrance_admits_type (TixEntrance *self,
                          gint64       type_id)
{
  g_return_val_if_fail (TIX_IS_ENTRANCE (self), FALSE);

  if (self->type_ids->len == 0)
    return TRUE;
  for (guint i = 0; i < self->type_ids->len; i++)
    if (g_array_index (self->type_ids, gint64, i) == type_id)
      return TRUE;
  return FALSE;
}

gboolean
tix_entrance_is_open_at (TixEntrance *self,
                         gint64       at_ms)
{
  g_return_val_if_fail (TIX_IS_ENTRANCE (self), FALSE);

  return (self->opens_at == TIX_ENTRANCE_NO_TIME || at_ms >= self->opens_at) &&
         (self->closes_at == TIX_ENTRANCE_NO_TIME || at_ms < self->closes_at);
}

/* Accessors -------------------------------------------------------------------- */

static void
set_bool (TixEntrance *self,
          gboolean    *field,
          gboolean     value,
          guint        prop)
{
  value = !!value;
  if (*field != value)
    {
      *field = value;
      g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
    }
}

static void
set_time (TixEntrance *self,
          gint64      *field,
          gint64       value,
          guint        prop)
{
  if (*field != value)
    {
      *field = value;
      g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
    }
}

gint64
tix_entrance_get_id (TixEntrance *self)
{
  g_return_val_if_fail (TIX_IS_ENTRANCE (self), 0);
  return self->id;
}

gint64
tix_entrance_get_event_id (TixEntrance *self)
{
  g_return_val_if_fail (TIX_IS_ENTRANCE (self), 0);
  return self->event_id;
}

const char *
tix_entrance_get_name (TixEntrance *self)
{
  g_return_val_if_fail (TIX_IS_ENTRANCE (self), NULL);
  return self->name;
}

void
tix_entrance_set_name (TixEntrance *self,
                       const char  *name)
{
  g_return_if_fail (TIX_IS_ENTRANCE (self));

  if (name == NULL)
    name = "";
  if (g_strcmp0 (self->name, name) != 0)
    {
      g_free (self->name);
      self->name = g_strdup (name);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
    }
}

const gint64 *
tix_entrance_get_type_ids (TixEntrance *self,
                           guint       *n_type_ids)
{
  g_return_val_if_fail (TIX_IS_ENTRANCE (self), NULL);
  g_return_val_if_fail (n_type_ids != NULL, NULL);

  *n_type_ids = self->type_ids->len;
  return (const gint64 *) (gpointer) self->type_ids->data;
}

void
tix_entrance_set_type_ids (TixEntrance  *self,
                           const gint64 *type_ids,
                           guint         n_type_ids)
{
  g_return_if_fail (TIX_IS_ENTRANCE (self));
  g_return_if_fail (n_type_ids == 0 || type_ids != NULL);
  g_return_if_fail (n_type_ids <= MAX_TYPE_IDS);

  g_array_set_size (self->type_ids, 0);
  if (n_type_ids > 0)
    g_array_append_vals (self->type_ids, type_ids, n_type_ids);
  g_array_sort (self->type_ids, compare_ids);
}

gboolean
tix_entrance_get_allow_exit (TixEntrance *self)
{
  g_return_val_if_fail (TIX_IS_ENTRANCE (self), FALSE);
  return self->allow_exit;
}

void
tix_entrance_set_allow_exit (TixEntrance *self,
                             gboolean     allow_exit)
{
  g_return_if_fail (TIX_IS_ENTRANCE (self));
  set_bool (self, &self->allow_exit, allow_exit, PROP_ALLOW_EXIT);
}

gboolean
tix_entrance_get_allow_reentry (TixEntrance *self)
{
  g_return_val_if_fail (TIX_IS_ENTRANCE (self), FALSE);
  return self->allow_reentry;
}

void
tix_entrance_set_allow_reentry (TixEntrance *self,
                                gboolean     allow_reentry)
{
  g_return_if_fail (TIX_IS_ENTRANCE (self));
  set_bool (self, &self->allow_reentry, allow_reentry, PROP_ALLOW_REENTRY);
}

gint64
tix_entrance_get_opens_at (TixEntrance *self)
{
  g_return_val_if_fail (TIX_IS_ENTRANCE (self), TIX_ENTRANCE_NO_TIME);
  return self->opens_at;
}

void
tix_entrance_set_opens_at (TixEntrance *self,
                           gint64       opens_at)
{
  g_return_if_fail (TIX_IS_ENTRANCE (self));
  g_return_if_fail (opens_at == TIX_ENTRANCE_NO_TIME || tix_time_in_range (opens_at));
  set_time (self, &self->opens_at, opens_at, PROP_OPENS_AT);
}

gint64
tix_entrance_get_closes_at (TixEntrance *self)
{
  g_return_val_if_fail (TIX_IS_ENTRANCE (self), TIX_ENTRANCE_NO_TIME);
  return self->closes_at;
}

void
tix_entrance_set_closes_at (TixEntrance *self,
                            gint64       closes_at)
{
  g_return_if_fail (TIX_IS_ENTRANCE (self));
  g_return_if_fail (closes_at == TIX_ENTRANCE_NO_TIME || tix_time_in_range (closes_at));
  set_time (self, &self->closes_at, closes_at, PROP_CLOSES_AT);
}

gboolean
tix_entrance_get_is_default (TixEntrance *self)
{
  g_return_val_if_fail (TIX_IS_ENTRANCE (self), FALSE);
  return self->is_default;
}

gint64
tix_entrance_get_inside (TixEntrance *self)
{
  g_return_val_if_fail (TIX_IS_ENTRANCE (self), 0);
  return self->inside;
}
