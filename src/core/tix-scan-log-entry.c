/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-scan-log-entry"

#include "config.h"

#include "tix-json.h"
#include "tix-scan-log-entry.h"
#include "tix-time.h"

struct _TixScanLogEntry
{
  GObject   parent_instance;

  gint64    id;
  gint64    at;
  char     *ticket_id;
  char     *number;
  gint64    event_id;
  gint64    entrance_id;
  gboolean  exit;
  char     *result;
  char     *station;
  gint64    user_id;
  gboolean  uploaded;
};

G_DEFINE_FINAL_TYPE (TixScanLogEntry, tix_scan_log_entry, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_AT,
  PROP_TICKET_ID,
  PROP_NUMBER,
  PROP_EVENT_ID,
  PROP_ENTRANCE_ID,
  PROP_EXIT,
  PROP_RESULT,
  PROP_STATION,
  PROP_USER_ID,
  PROP_UPLOADED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
tix_scan_log_entry_finalize (GObject *object)
{
  TixScanLogEntry *self = (TixScanLogEntry *) object;

  g_free (self->ticket_id);
  g_free (self->number);
  g_free (self->result);
  g_free (self->station);

  G_OBJECT_CLASS (tix_scan_log_entry_parent_class)->finalize (object);
}

static void
tix_scan_log_entry_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  TixScanLogEntry *self = TIX_SCAN_LOG_ENTRY (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_AT:
      g_value_set_int64 (value, self->at);
      break;
    case PROP_TICKET_ID:
      g_value_set_string (value, self->ticket_id);
      break;
    case PROP_NUMBER:
      g_value_set_string (value, self->number);
      break;
    case PROP_EVENT_ID:
      g_value_set_int64 (value, self->event_id);
      break;
    case PROP_ENTRANCE_ID:
      g_value_set_int64 (value, self->entrance_id);
      break;
    case PROP_EXIT:
      g_value_set_boolean (value, self->exit);
      break;
    case PROP_RESULT:
      g_value_set_string (value, self->result);
      break;
    case PROP_STATION:
      g_value_set_string (value, self->station);
      break;
    case PROP_USER_ID:
      g_value_set_int64 (value, self->user_id);
      break;
    case PROP_UPLOADED:
      g_value_set_boolean (value, self->uploaded);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tix_scan_log_entry_class_init (TixScanLogEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = tix_scan_log_entry_finalize;
  object_class->get_property = tix_scan_log_entry_get_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_AT] = g_param_spec_int64 ("at", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_TICKET_ID] = g_param_spec_string ("ticket-id", NULL, NULL, NULL, flags);
  properties[PROP_NUMBER] = g_param_spec_string ("number", NULL, NULL, NULL, flags);
  properties[PROP_EVENT_ID] = g_param_spec_int64 ("event-id", NULL, NULL, 0, G_MAXINT64, 0,
                                                  flags);
  properties[PROP_ENTRANCE_ID] = g_param_spec_int64 ("entrance-id", NULL, NULL, 0, G_MAXINT64,
                                                     0, flags);
  properties[PROP_EXIT] = g_param_spec_boolean ("exit", NULL, NULL, FALSE, flags);
  properties[PROP_RESULT] = g_param_spec_string ("result", NULL, NULL, NULL, flags);
  properties[PROP_STATION] = g_param_spec_string ("station", NULL, NULL, NULL, flags);
  properties[PROP_USER_ID] = g_param_spec_int64 ("user-id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_UPLOADED] = g_param_spec_boolean ("uploaded", NULL, NULL, FALSE, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tix_scan_log_entry_init (TixScanLogEntry *self)
{
}

TixScanLogEntry *
tix_scan_log_entry_new_from_json (JsonObject  *object,
                                  GError     **error)
{
  g_autoptr(TixScanLogEntry) self = NULL;
  const char *at = NULL, *ticket_id = NULL, *number = NULL, *direction = NULL;
  const char *result = NULL, *station = NULL, *source = NULL;

  g_return_val_if_fail (object != NULL, NULL);

  self = g_object_new (TIX_TYPE_SCAN_LOG_ENTRY, NULL);
  if (!tix_json_get_int (object, "id", TRUE, 1, G_MAXINT64, &self->id, error) ||
      !tix_json_get_string (object, "at", TRUE, &at, error) ||
      !tix_json_get_string (object, "ticket_id", FALSE, &ticket_id, error) ||
      !tix_json_get_string (object, "number", FALSE, &number, error) ||
      !tix_json_get_int (object, "event_id", FALSE, 1, G_MAXINT64, &self->event_id, error) ||
      !tix_json_get_int (object, "entrance_id", FALSE, 1, G_MAXINT64, &self->entrance_id,
                         error) ||
      !tix_json_get_string (object, "direction", FALSE, &direction, error) ||
      !tix_json_get_string (object, "result", TRUE, &result, error) ||
      !tix_json_get_string (object, "station", FALSE, &station, error) ||
      !tix_json_get_int (object, "user_id", FALSE, 1, G_MAXINT64, &self->user_id, error) ||
      !tix_json_get_string (object, "source", FALSE, &source, error))
    return NULL;

  if (!tix_time_parse_iso (at, &self->at) || !tix_time_in_range (self->at))
    {
      g_set_error_literal (error, TIX_JSON_ERROR, TIX_JSON_ERROR_TYPE,
                           "“at” is not an ISO 8601 time");
      return NULL;
    }
  if (direction != NULL && !g_str_equal (direction, "in") && !g_str_equal (direction, "out"))
    {
      g_set_error_literal (error, TIX_JSON_ERROR, TIX_JSON_ERROR_TYPE,
                           "“direction” is neither in nor out");
      return NULL;
    }
  self->exit = g_strcmp0 (direction, "out") == 0;
  self->uploaded = g_strcmp0 (source, "uploaded") == 0;
  self->ticket_id = g_strdup (ticket_id);
  self->number = g_strdup (number);
  self->result = g_strdup (result);
  self->station = g_strdup (station);

  return g_steal_pointer (&self);
}

gint64
tix_scan_log_entry_get_id (TixScanLogEntry *self)
{
  g_return_val_if_fail (TIX_IS_SCAN_LOG_ENTRY (self), 0);
  return self->id;
}

gint64
tix_scan_log_entry_get_at (TixScanLogEntry *self)
{
  g_return_val_if_fail (TIX_IS_SCAN_LOG_ENTRY (self), 0);
  return self->at;
}

const char *
tix_scan_log_entry_get_ticket_id (TixScanLogEntry *self)
{
  g_return_val_if_fail (TIX_IS_SCAN_LOG_ENTRY (self), NULL);
  return self->ticket_id;
}

const char *
tix_scan_log_entry_get_number (TixScanLogEntry *self)
{
  g_return_val_if_fail (TIX_IS_SCAN_LOG_ENTRY (self), NULL);
  return self->number;
}

gint64
tix_scan_log_entry_get_event_id (TixScanLogEntry *self)
{
  g_return_val_if_fail (TIX_IS_SCAN_LOG_ENTRY (self), 0);
  return self->event_id;
}

gint64
tix_scan_log_entry_get_entrance_id (TixScanLogEntry *self)
{
  g_return_val_if_fail (TIX_IS_SCAN_LOG_ENTRY (self), 0);
  return self->entrance_id;
}

gboolean
tix_scan_log_entry_get_exit (TixScanLogEntry *self)
{
  g_return_val_if_fail (TIX_IS_SCAN_LOG_ENTRY (self), FALSE);
  return self->exit;
}

const char *
tix_scan_log_entry_get_result (TixScanLogEntry *self)
{
  g_return_val_if_fail (TIX_IS_SCAN_LOG_ENTRY (self), NULL);
  return self->result;
}

gboolean
tix_scan_log_entry_get_admitted (TixScanLogEntry *self)
{
  g_return_val_if_fail (TIX_IS_SCAN_LOG_ENTRY (self), FALSE);
  return g_str_equal (self->result, "first") || g_str_equal (self->result, "re-entry") ||
         g_str_equal (self->result, "exit");
}

const char *
tix_scan_log_entry_get_station (TixScanLogEntry *self)
{
  g_return_val_if_fail (TIX_IS_SCAN_LOG_ENTRY (self), NULL);
  return self->station;
}

gint64
tix_scan_log_entry_get_user_id (TixScanLogEntry *self)
{
  g_return_val_if_fail (TIX_IS_SCAN_LOG_ENTRY (self), 0);
  return self->user_id;
}

gboolean
tix_scan_log_entry_get_uploaded (TixScanLogEntry *self)
{
  g_return_val_if_fail (TIX_IS_SCAN_LOG_ENTRY (self), FALSE);
  return self->uploaded;
}

/* The page ---------------------------------------------------------------------- */

TixScanLogPage *
tix_scan_log_page_new_from_json (JsonObject  *object,
                                 GError     **error)
{
  g_autoptr(TixScanLogPage) page = g_new0 (TixScanLogPage, 1);
  JsonNode *node;
  JsonArray *array;
  const char *cursor = NULL;

  g_return_val_if_fail (object != NULL, NULL);

  node = json_object_get_member (object, "scans");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error_literal (error, TIX_JSON_ERROR, TIX_JSON_ERROR_TYPE,
                           "“scans” is not a list");
      return NULL;
    }
  if (!tix_json_get_string (object, "next_cursor", FALSE, &cursor, error))
    return NULL;

  array = json_node_get_array (node);
  page->entries = g_ptr_array_new_full (json_array_get_length (array), g_object_unref);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      TixScanLogEntry *entry;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          g_set_error_literal (error, TIX_JSON_ERROR, TIX_JSON_ERROR_TYPE,
                               "a scan is not an object");
          return NULL;
        }
      entry = tix_scan_log_entry_new_from_json (json_node_get_object (element), error);
      if (entry == NULL)
        return NULL;
      g_ptr_array_add (page->entries, entry);
    }
  page->next_cursor = cursor != NULL && *cursor != '\0' ? g_strdup (cursor) : NULL;

  return g_steal_pointer (&page);
}

void
tix_scan_log_page_free (TixScanLogPage *page)
{
  if (page == NULL)
    return;

  g_clear_pointer (&page->entries, g_ptr_array_unref);
  g_free (page->next_cursor);
  g_free (page);
}
