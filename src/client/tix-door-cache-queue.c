/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-door-cache"

#include "config.h"

#include "tix-door-cache-private.h"

/* The queue of scans this station admitted offline, kept until the server
 * has answered each upload. */

void
tix_door_queued_scan_free (TixDoorQueuedScan *scan)
{
  if (scan == NULL)
    return;

  g_free (scan->scan_id);
  g_free (scan->code);
  g_free (scan->ticket_id);
  g_free (scan->station);
  g_free (scan->message);
  g_free (scan);
}

gboolean
tix_door_cache_enqueue (TixDoorCache  *self,
                        const char    *scan_id,
                        const char    *code,
                        const char    *ticket_id,
                        const char    *number,
                        const char    *prefix,
                        gint64         scanned_at,
                        const char    *station,
                        GError       **error)
{
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autoptr(sqlite3_stmt) mark = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (TIX_IS_DOOR_CACHE (self), FALSE);
  g_return_val_if_fail (scan_id != NULL, FALSE);
  g_return_val_if_fail (code != NULL, FALSE);
  g_return_val_if_fail (ticket_id != NULL, FALSE);

  if (!tix_door_cache_db_begin (self, error))
    return FALSE;

  insert = tix_door_cache_db_prepare (self,
                                      "INSERT INTO queue (scan_id, code, ticket_id, scanned_at, "
                                      "                   station, state) "
                                      "VALUES (?, ?, ?, ?, ?, 0)",
                                      &local_error);
  if (insert == NULL)
    goto rollback;
  tix_door_cache_db_bind_text (insert, 1, scan_id);
  tix_door_cache_db_bind_text (insert, 2, code);
  tix_door_cache_db_bind_text (insert, 3, ticket_id);
  sqlite3_bind_int64 (insert, 4, scanned_at);
  tix_door_cache_db_bind_text (insert, 5, station);
  if (!tix_door_cache_db_step (self, insert, &local_error))
    goto rollback;

  /* A ticket the copy did not know yet (made after the last sync) is
   * added, so a second scan of it here is a duplicate. */
  mark = tix_door_cache_db_prepare (self,
                                    "INSERT INTO tickets (id, number, prefix, revision, scanned_at) "
                                    "VALUES (?1, coalesce (?2, ''), coalesce (?3, ''), 0, ?4) "
                                    "ON CONFLICT (id) DO UPDATE SET scanned_at = ?4, "
                                    "  scanned_by = NULL",
                                    &local_error);
  if (mark == NULL)
    goto rollback;
  tix_door_cache_db_bind_text (mark, 1, ticket_id);
  tix_door_cache_db_bind_text (mark, 2, number);
  tix_door_cache_db_bind_text (mark, 3, prefix);
  sqlite3_bind_int64 (mark, 4, scanned_at);
  if (!tix_door_cache_db_step (self, mark, &local_error))
    goto rollback;

  if (!tix_door_cache_db_commit (self, error))
    return FALSE;

  return TRUE;

rollback:
  return tix_door_cache_db_rollback (self, g_steal_pointer (&local_error), error);
}

GPtrArray *
tix_door_cache_list_queue (TixDoorCache      *self,
                           TixDoorQueueState  state)
{
  g_autoptr(GPtrArray) scans = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (TIX_IS_DOOR_CACHE (self), NULL);

  scans = g_ptr_array_new_with_free_func ((GDestroyNotify) tix_door_queued_scan_free);
  stmt = tix_door_cache_db_prepare (self,
                                    "SELECT seq, scan_id, code, ticket_id, scanned_at, station, "
                                    "  state, message "
                                    "FROM queue WHERE state = ? ORDER BY seq",
                                    NULL);
  if (stmt == NULL)
    return g_steal_pointer (&scans);
  sqlite3_bind_int (stmt, 1, state);

  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      TixDoorQueuedScan *scan = g_new0 (TixDoorQueuedScan, 1);

      scan->seq = sqlite3_column_int64 (stmt, 0);
      scan->scan_id = tix_door_cache_db_column_text (stmt, 1);
      scan->code = tix_door_cache_db_column_text (stmt, 2);
      scan->ticket_id = tix_door_cache_db_column_text (stmt, 3);
      scan->scanned_at = sqlite3_column_int64 (stmt, 4);
      scan->station = tix_door_cache_db_column_text (stmt, 5);
      scan->state = sqlite3_column_int (stmt, 6);
      scan->message = tix_door_cache_db_column_text (stmt, 7);
      g_ptr_array_add (scans, scan);
    }

  return g_steal_pointer (&scans);
}

guint
tix_door_cache_count_queue (TixDoorCache      *self,
                            TixDoorQueueState  state)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (TIX_IS_DOOR_CACHE (self), 0);

  stmt = tix_door_cache_db_prepare (self, "SELECT count(*) FROM queue WHERE state = ?", NULL);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int (stmt, 1, state);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return 0;

  return (guint) sqlite3_column_int64 (stmt, 0);
}

gboolean
tix_door_cache_set_queue_state (TixDoorCache       *self,
                                const char         *scan_id,
                                TixDoorQueueState   state,
                                const char         *message,
                                GError            **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (TIX_IS_DOOR_CACHE (self), FALSE);
  g_return_val_if_fail (scan_id != NULL, FALSE);

  stmt = tix_door_cache_db_prepare (self,
                                    "UPDATE queue SET state = ?, message = ? WHERE scan_id = ?",
                                    error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, state);
  tix_door_cache_db_bind_text (stmt, 2, message);
  tix_door_cache_db_bind_text (stmt, 3, scan_id);

  return tix_door_cache_db_step (self, stmt, error);
}
