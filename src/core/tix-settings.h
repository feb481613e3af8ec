/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* An organization's settings (GET and PUT /api/settings), all strings, in
 * the order they are shown. */
typedef enum
{
  TIX_SETTING_ORGANIZATION_NAME,
  TIX_SETTING_EVENT_NAME,
  TIX_SETTING_EVENT_DATE,       /* "YYYY-MM-DD"; unset is null on the wire */
  TIX_SETTING_TIME_ZONE,        /* IANA name */
  TIX_SETTING_DEFAULT_PREFIX,
  TIX_SETTING_SHEET_LAYOUT,     /* "a4-2x4", …, "roll-80" */
  TIX_N_SETTINGS,
} TixSetting;

/* "organization_name", …: the member of the JSON object. */
const char  *tix_setting_get_name        (TixSetting    setting);

#define TIX_TYPE_SETTINGS (tix_settings_get_type ())

G_DECLARE_FINAL_TYPE (TixSettings, tix_settings, TIX, SETTINGS, GObject)

/* None set: the changes of a PUT. */
TixSettings *tix_settings_new            (void);
/* The members that are strings (others, and unknown members, are left
 * unset). Only a NULL @object is an error. */
TixSettings *tix_settings_new_from_json  (JsonObject   *object,
                                          GError      **error);
/* An object of the settings set; an empty event date is null. */
JsonNode    *tix_settings_to_json        (TixSettings  *self);

/* The value, or NULL when it is not set (an unset event date is NULL). */
const char  *tix_settings_get            (TixSettings  *self,
                                          TixSetting    setting);
/* @value NULL: not set; "" for the event date: no date. */
void         tix_settings_set            (TixSettings  *self,
                                          TixSetting    setting,
                                          const char   *value);
/* The organization's current event ("current_event_id", a number on the
 * wire, kept apart from the strings): 0 when not known or not set. */
gint64       tix_settings_get_current_event_id (TixSettings *self);
void         tix_settings_set_current_event_id (TixSettings *self,
                                                gint64       event_id);
/* The organization's currency ("currency", ISO 4217, issue 19): every
 * amount of money is an integer of its minor units. NULL when not known (a
 * server before sales: EUR) or not set. */
const char  *tix_settings_get_currency   (TixSettings  *self);
void         tix_settings_set_currency   (TixSettings  *self,
                                          const char   *currency);
/* Whether any is set. */
gboolean     tix_settings_is_empty       (TixSettings  *self);
/* Whose figures these are: the event's name, else the organization's, else
 * NULL. */
const char  *tix_settings_get_title      (TixSettings  *self);

G_END_DECLS
