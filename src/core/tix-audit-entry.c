/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-audit-entry"

#include "config.h"

#include "tix-audit-entry.h"
#include "tix-json.h"
#include "tix-time.h"

struct _TixAuditEntry
{
  GObject parent_instance;

  gint64  id;
  gint64  at;
  gint64  user_id;
  char   *user_name;
  char   *action;
  char   *detail;
};

G_DEFINE_FINAL_TYPE (TixAuditEntry, tix_audit_entry, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_AT,
  PROP_USER_ID,
  PROP_USER_NAME,
  PROP_ACTION,
  PROP_DETAIL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
tix_audit_entry_finalize (GObject *object)
{
  TixAuditEntry *self = (TixAuditEntry *) object;

  g_free (self->user_name);
  g_free (self->action);
  g_free (self->detail);

  G_OBJECT_CLASS (tix_audit_entry_parent_class)->finalize (object);
}

static void
tix_audit_entry_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  TixAuditEntry *self = TIX_AUDIT_ENTRY (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;

    case PROP_AT:
      g_value_set_int64 (value, self->at);
      break;

    case PROP_USER_ID:
      g_value_set_int64 (value, self->user_id);
      break;

    case PROP_USER_NAME:
      g_value_set_string (value, self->user_name);
      break;

    case PROP_ACTION:
      g_value_set_string (value, self->action);
      break;

    case PROP_DETAIL:
      g_value_set_string (value, self->detail);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tix_audit_entry_class_init (TixAuditEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = tix_audit_entry_finalize;
  object_class->get_property = tix_audit_entry_get_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_AT] =
    g_param_spec_int64 ("at", NULL, NULL, G_MININT64, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_USER_ID] =
    g_param_spec_int64 ("user-id", NULL, NULL, 0, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_USER_NAME] =
    g_param_spec_string ("user-name", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_ACTION] =
    g_param_spec_string ("action", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_DETAIL] =
    g_param_spec_string ("detail", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tix_audit_entry_init (TixAuditEntry *self)
{
}

TixAuditEntry *
tix_audit_entry_new (gint64      id,
                     gint64      at_ms,
                     gint64      user_id,
                     const char *user_name,
                     const char *action,
                     const char *detail)
{
  TixAuditEntry *self;

  g_return_val_if_fail (action != NULL, NULL);

  self = g_object_new (TIX_TYPE_AUDIT_ENTRY, NULL);
  self->id = id;
  self->at = at_ms;
  self->user_id = user_id;
  self->user_name = g_strdup (user_name);
  self->action = g_strdup (action);
  self->detail = g_strdup (detail);

  return self;
}

TixAuditEntry *
tix_audit_entry_new_from_json (JsonObject  *object,
                               GError     **error)
{
  const char *at = NULL, *user_name = NULL, *action = NULL, *detail = NULL;
  gint64 id = 0, user_id = 0, at_ms = 0;

  g_return_val_if_fail (object != NULL, NULL);

  if (!tix_json_get_int (object, "id", TRUE, 1, G_MAXINT64, &id, error) ||
      !tix_json_get_string (object, "at", TRUE, &at, error) ||
      !tix_json_get_int (object, "user_id", FALSE, 0, G_MAXINT64, &user_id, error) ||
      !tix_json_get_string (object, "user_name", FALSE, &user_name, error) ||
      !tix_json_get_string (object, "action", TRUE, &action, error) ||
      !tix_json_get_string (object, "detail", FALSE, &detail, error))
    return NULL;

  if (!tix_time_parse_iso (at, &at_ms))
    {
      g_set_error (error, TIX_JSON_ERROR, TIX_JSON_ERROR_TYPE,
                   "“at” is not an ISO 8601 time: %s", at);
      return NULL;
    }

  return tix_audit_entry_new (id, at_ms, user_id, user_name, action, detail);
}

static void
add_nullable_string (JsonBuilder *builder,
                     const char  *member,
                     const char  *value)
{
  json_builder_set_member_name (builder, member);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

void
tix_audit_entry_to_json (TixAuditEntry *self,
                         JsonBuilder   *builder)
{
  g_autofree char *at = NULL;

  g_return_if_fail (TIX_IS_AUDIT_ENTRY (self));

  at = tix_time_format_iso (self->at);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, self->id);
  json_builder_set_member_name (builder, "at");
  json_builder_add_string_value (builder, at);
  json_builder_set_member_name (builder, "user_id");
  if (self->user_id > 0)
    json_builder_add_int_value (builder, self->user_id);
  else
    json_builder_add_null_value (builder);
  add_nullable_string (builder, "user_name", self->user_name);
  add_nullable_string (builder, "action", self->action);
  add_nullable_string (builder, "detail", self->detail);
  json_builder_end_object (builder);
}

gint64
tix_audit_entry_get_id (TixAuditEntry *self)
{
  g_return_val_if_fail (TIX_IS_AUDIT_ENTRY (self), 0);
  return self->id;
}

gint64
tix_audit_entry_get_at (TixAuditEntry *self)
{
  g_return_val_if_fail (TIX_IS_AUDIT_ENTRY (self), 0);
  return self->at;
}

gint64
tix_audit_entry_get_user_id (TixAuditEntry *self)
{
  g_return_val_if_fail (TIX_IS_AUDIT_ENTRY (self), 0);
  return self->user_id;
}

const char *
tix_audit_entry_get_user_name (TixAuditEntry *self)
{
  g_return_val_if_fail (TIX_IS_AUDIT_ENTRY (self), NULL);
  return self->user_name;
}

const char *
tix_audit_entry_get_action (TixAuditEntry *self)
{
  g_return_val_if_fail (TIX_IS_AUDIT_ENTRY (self), NULL);
  return self->action;
}

const char *
tix_audit_entry_get_detail (TixAuditEntry *self)
{
  g_return_val_if_fail (TIX_IS_AUDIT_ENTRY (self), NULL);
  return self->detail;
}
