/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-door-cache"

#include "config.h"

#include "tix-door-cache-private.h"
#include "tix-json.h"

/* The entrances of the organization's events (door rules), as each page of
 * the sync brings them all, so that a station offline applies an
 * entrance's types, exit, re-entry and hours alone. */

gboolean
tix_door_cache_put_entrances (TixDoorCache  *self,
                              JsonArray     *entrances,
                              GError       **error)
{
  g_autoptr(sqlite3_stmt) insert = NULL;
  guint n = json_array_get_length (entrances);

  if (!tix_door_cache_db_exec (self, "DELETE FROM entrances", error))
    return FALSE;
  insert = tix_door_cache_db_prepare (self, "INSERT OR REPLACE INTO entrances "
                                            "(id, event_id, is_default, entrance) "
                                            "VALUES (?, ?, ?, ?)",
                                      error);
  if (insert == NULL)
    return FALSE;

  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (entrances, i);
      g_autoptr(TixEntrance) entrance = NULL;
      g_autoptr(JsonBuilder) builder = NULL;
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *text = NULL;

      if (JSON_NODE_HOLDS_OBJECT (node))
        entrance = tix_entrance_new_from_json (json_node_get_object (node), NULL);
      /* One of no event is no entrance a ticket goes through. */
      if (entrance == NULL || tix_entrance_get_event_id (entrance) <= 0)
        {
          g_set_error_literal (error, TIX_DOOR_CACHE_ERROR, TIX_DOOR_CACHE_ERROR_INVALID,
                               "Sync reply: an entrance that is not one");
          return FALSE;
        }

      /* Kept as the entrance reads, whatever else the server sent along. */
      builder = json_builder_new ();
      tix_entrance_to_json (entrance, builder);
      root = json_builder_get_root (builder);
      text = tix_json_to_string (root, NULL);

      sqlite3_reset (insert);
      sqlite3_bind_int64 (insert, 1, tix_entrance_get_id (entrance));
      sqlite3_bind_int64 (insert, 2, tix_entrance_get_event_id (entrance));
      sqlite3_bind_int (insert, 3, tix_entrance_get_is_default (entrance) ? 1 : 0);
      tix_door_cache_db_bind_text (insert, 4, text);
      if (!tix_door_cache_db_step (self, insert, error))
        return FALSE;
    }

  return TRUE;
}

static TixEntrance *
entrance_from_row (sqlite3_stmt *stmt,
                   int           column)
{
  g_autoptr(JsonObject) object = NULL;
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  object = text ? tix_json_parse_object (text, sqlite3_column_bytes (stmt, column), NULL) : NULL;

  return object ? tix_entrance_new_from_json (object, NULL) : NULL;
}

static TixEntrance *
lookup_one (TixDoorCache *self,
            const char   *sql,
            gint64        value)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = tix_door_cache_db_prepare (self, sql, NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, value);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;

  return entrance_from_row (stmt, 0);
}

TixEntrance *
tix_door_cache_lookup_entrance (TixDoorCache *self,
                                gint64        entrance_id)
{
  g_return_val_if_fail (TIX_IS_DOOR_CACHE (self), NULL);

  return lookup_one (self, "SELECT entrance FROM entrances WHERE id = ?", entrance_id);
}

TixEntrance *
tix_door_cache_get_default_entrance (TixDoorCache *self,
                                     gint64        event_id)
{
  g_return_val_if_fail (TIX_IS_DOOR_CACHE (self), NULL);

  return lookup_one (self, "SELECT entrance FROM entrances WHERE event_id = ? AND is_default = 1",
                     event_id);
}

GPtrArray *
tix_door_cache_list_entrances (TixDoorCache *self,
                               gint64        event_id)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) entrances = NULL;

  g_return_val_if_fail (TIX_IS_DOOR_CACHE (self), NULL);

  stmt = tix_door_cache_db_prepare (self,
                                    "SELECT entrance FROM entrances WHERE event_id = ? "
                                    "ORDER BY is_default DESC, id",
                                    NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, event_id);

  entrances = g_ptr_array_new_with_free_func (g_object_unref);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      TixEntrance *entrance = entrance_from_row (stmt, 0);

      if (entrance != NULL)
        g_ptr_array_add (entrances, entrance);
    }

  return entrances->len > 0 ? g_steal_pointer (&entrances) : NULL;
}
