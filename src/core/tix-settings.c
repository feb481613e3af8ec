/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-settings"

#include "config.h"

#include "tix-json.h"
#include "tix-settings.h"

static const char * const names[TIX_N_SETTINGS] = {
  [TIX_SETTING_ORGANIZATION_NAME] = "organization_name",
  [TIX_SETTING_EVENT_NAME]        = "event_name",
  [TIX_SETTING_EVENT_DATE]        = "event_date",
  [TIX_SETTING_TIME_ZONE]         = "time_zone",
  [TIX_SETTING_DEFAULT_PREFIX]    = "default_prefix",
  [TIX_SETTING_SHEET_LAYOUT]      = "sheet_layout",
};

struct _TixSettings
{
  GObject  parent_instance;

  char    *values[TIX_N_SETTINGS];
  gint64   current_event_id;   /* 0: not set */
  char    *currency;           /* ISO 4217 (issue 19), kept apart: NULL when not set */
};

G_DEFINE_FINAL_TYPE (TixSettings, tix_settings, G_TYPE_OBJECT)

const char *
tix_setting_get_name (TixSetting setting)
{
  g_return_val_if_fail (setting < TIX_N_SETTINGS, NULL);

  return names[setting];
}

static void
tix_settings_finalize (GObject *object)
{
  TixSettings *self = (TixSettings *) object;

  for (guint i = 0; i < TIX_N_SETTINGS; i++)
    g_free (self->values[i]);
  g_free (self->currency);

  G_OBJECT_CLASS (tix_settings_parent_class)->finalize (object);
}

static void
tix_settings_class_init (TixSettingsClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = tix_settings_finalize;
}

static void
tix_settings_init (TixSettings *self)
{
}

TixSettings *
tix_settings_new (void)
{
  return g_object_new (TIX_TYPE_SETTINGS, NULL);
}

TixSettings *
tix_settings_new_from_json (JsonObject  *object,
                            GError     **error)
{
  g_autoptr(TixSettings) self = NULL;

  if (object == NULL)
    {
      g_set_error_literal (error, TIX_JSON_ERROR, TIX_JSON_ERROR_TYPE,
                           "The settings are not an object");
      return NULL;
    }

  self = tix_settings_new ();
  for (guint i = 0; i < TIX_N_SETTINGS; i++)
    {
      const char *value = NULL;

      if (tix_json_get_string (object, names[i], FALSE, &value, NULL))
        self->values[i] = g_strdup (value);
    }
  /* A server before events has none. */
  if (!tix_json_get_int (object, "current_event_id", FALSE, 1, G_MAXINT64,
                         &self->current_event_id, NULL))
    self->current_event_id = 0;
  {
    const char *currency = NULL;

    /* A server before sales has none. */
    if (tix_json_get_string (object, "currency", FALSE, &currency, NULL))
      self->currency = g_strdup (currency);
  }

  return g_steal_pointer (&self);
}

JsonNode *
tix_settings_to_json (TixSettings *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (TIX_IS_SETTINGS (self), NULL);

  json_builder_begin_object (builder);
  for (guint i = 0; i < TIX_N_SETTINGS; i++)
    {
      if (self->values[i] == NULL)
        continue;
      json_builder_set_member_name (builder, names[i]);
      if (i == TIX_SETTING_EVENT_DATE && *self->values[i] == '\0')
        json_builder_add_null_value (builder);
      else
        json_builder_add_string_value (builder, self->values[i]);
    }
  if (self->current_event_id > 0)
    {
      json_builder_set_member_name (builder, "current_event_id");
      json_builder_add_int_value (builder, self->current_event_id);
    }
  if (self->currency != NULL)
    {
      json_builder_set_member_name (builder, "currency");
      json_builder_add_string_value (builder, self->currency);
    }
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

const char *
tix_settings_get (TixSettings *self,
                  TixSetting   setting)
{
  g_return_val_if_fail (TIX_IS_SETTINGS (self), NULL);
  g_return_val_if_fail (setting < TIX_N_SETTINGS, NULL);

  return self->values[setting];
}

void
tix_settings_set (TixSettings *self,
                  TixSetting   setting,
                  const char  *value)
{
  g_return_if_fail (TIX_IS_SETTINGS (self));
  g_return_if_fail (setting < TIX_N_SETTINGS);

  g_free (self->values[setting]);
  self->values[setting] = g_strdup (value);
}

gboolean
tix_settings_is_empty (TixSettings *self)
{
  g_return_val_if_fail (TIX_IS_SETTINGS (self), TRUE);

  for (guint i = 0; i < TIX_N_SETTINGS; i++)
    if (self->values[i] != NULL)
      return FALSE;
  return self->current_event_id == 0 && self->currency == NULL;
}

const char *
tix_settings_get_currency (TixSettings *self)
{
  g_return_val_if_fail (TIX_IS_SETTINGS (self), NULL);

  return self->currency;
}

void
tix_settings_set_currency (TixSettings *self,
                           const char  *currency)
{
  g_return_if_fail (TIX_IS_SETTINGS (self));

  g_free (self->currency);
  self->currency = g_strdup (currency);
}

gint64
tix_settings_get_current_event_id (TixSettings *self)
{
  g_return_val_if_fail (TIX_IS_SETTINGS (self), 0);

  return self->current_event_id;
}

void
tix_settings_set_current_event_id (TixSettings *self,
                                   gint64       event_id)
{
  g_return_if_fail (TIX_IS_SETTINGS (self));
  g_return_if_fail (event_id >= 0);

  self->current_event_id = event_id;
}

const char *
tix_settings_get_title (TixSettings *self)
{
  const char *event, *organization;

  g_return_val_if_fail (TIX_IS_SETTINGS (self), NULL);

  event = self->values[TIX_SETTING_EVENT_NAME];
  organization = self->values[TIX_SETTING_ORGANIZATION_NAME];
  if (event != NULL && *event != '\0')
    return event;
  if (organization != NULL && *organization != '\0')
    return organization;
  return NULL;
}
