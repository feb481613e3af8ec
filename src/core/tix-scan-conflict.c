/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-scan-conflict"

#include "config.h"

#include "tix-json.h"
#include "tix-scan-conflict.h"

static char *
dup_string (JsonObject *object,
            const char *member)
{
  const char *value = NULL;

  if (object == NULL || !tix_json_get_string (object, member, FALSE, &value, NULL))
    return NULL;
  return g_strdup (value);
}

static JsonObject *
object_member (JsonObject *object,
               const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

TixScanConflict *
tix_scan_conflict_new_from_json (JsonObject  *object,
                                 GError     **error)
{
  TixScanConflict *conflict;
  JsonObject *first, *second;

  if (object == NULL)
    {
      g_set_error_literal (error, TIX_JSON_ERROR, TIX_JSON_ERROR_TYPE,
                           "A conflict is not an object");
      return NULL;
    }

  first = object_member (object, "first");
  second = object_member (object, "second");

  conflict = g_new0 (TixScanConflict, 1);
  conflict->at = dup_string (object, "at");
  conflict->ticket_id = dup_string (object_member (object, "ticket"), "id");
  conflict->number = dup_string (object_member (object, "ticket"), "number");
  conflict->first.scanned_at = dup_string (first, "scanned_at");
  conflict->first.user_name = dup_string (first, "scanned_by_name");
  conflict->first.station = dup_string (first, "station");
  conflict->second.scan_id = dup_string (second, "scan_id");
  conflict->second.scanned_at = dup_string (second, "scanned_at");
  conflict->second.user_name = dup_string (second, "user_name");
  conflict->second.station = dup_string (second, "station");

  return conflict;
}

static void
scan_clear (TixConflictScan *scan)
{
  g_free (scan->scan_id);
  g_free (scan->scanned_at);
  g_free (scan->user_name);
  g_free (scan->station);
}

void
tix_scan_conflict_free (TixScanConflict *conflict)
{
  if (conflict == NULL)
    return;

  g_free (conflict->at);
  g_free (conflict->ticket_id);
  g_free (conflict->number);
  scan_clear (&conflict->first);
  scan_clear (&conflict->second);
  g_free (conflict);
}
