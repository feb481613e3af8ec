/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-door-cache"

#include "config.h"

#include "tix-door-cache-private.h"
#include "tix-json.h"

/* The organization's events, as each page of the sync brings them all
 * (archived ones too), so that a station offline names the event of a
 * ticket it refuses; and the event that is current, as the door heard. */

gboolean
tix_door_cache_put_events (TixDoorCache  *self,
                           JsonArray     *events,
                           GError       **error)
{
  g_autoptr(sqlite3_stmt) insert = NULL;
  guint n = json_array_get_length (events);

  if (!tix_door_cache_db_exec (self, "DELETE FROM events", error))
    return FALSE;
  insert = tix_door_cache_db_prepare (self, "INSERT OR REPLACE INTO events (id, event) "
                                            "VALUES (?, ?)",
                                      error);
  if (insert == NULL)
    return FALSE;

  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (events, i);
      g_autoptr(TixEvent) event = NULL;
      g_autoptr(JsonBuilder) builder = NULL;
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *text = NULL;

      if (JSON_NODE_HOLDS_OBJECT (node))
        event = tix_event_new_from_json (json_node_get_object (node), NULL);
      if (event == NULL)
        {
          g_set_error_literal (error, TIX_DOOR_CACHE_ERROR, TIX_DOOR_CACHE_ERROR_INVALID,
                               "Sync reply: an event that is not one");
          return FALSE;
        }

      /* Kept as the event reads, whatever else the server sent along. */
      builder = json_builder_new ();
      tix_event_to_json (event, builder);
      root = json_builder_get_root (builder);
      text = tix_json_to_string (root, NULL);

      sqlite3_reset (insert);
      sqlite3_bind_int64 (insert, 1, tix_event_get_id (event));
      tix_door_cache_db_bind_text (insert, 2, text);
      if (!tix_door_cache_db_step (self, insert, error))
        return FALSE;
    }

  return TRUE;
}

TixEvent *
tix_door_cache_lookup_event (TixDoorCache *self,
                             gint64        event_id)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonObject) object = NULL;
  const char *text;

  g_return_val_if_fail (TIX_IS_DOOR_CACHE (self), NULL);

  stmt = tix_door_cache_db_prepare (self, "SELECT event FROM events WHERE id = ?", NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, event_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;

  text = (const char *) sqlite3_column_text (stmt, 0);
  object = text ? tix_json_parse_object (text, sqlite3_column_bytes (stmt, 0), NULL) : NULL;

  return object ? tix_event_new_from_json (object, NULL) : NULL;
}

gint64
tix_door_cache_get_current_event_id (TixDoorCache *self)
{
  g_return_val_if_fail (TIX_IS_DOOR_CACHE (self), 0);

  return tix_door_cache_get_meta_int (self, "current_event_id");
}

gboolean
tix_door_cache_set_current_event_id (TixDoorCache  *self,
                                     gint64         event_id,
                                     GError       **error)
{
  g_return_val_if_fail (TIX_IS_DOOR_CACHE (self), FALSE);
  g_return_val_if_fail (event_id >= 0, FALSE);

  return tix_door_cache_set_meta_int (self, "current_event_id", event_id, error);
}
