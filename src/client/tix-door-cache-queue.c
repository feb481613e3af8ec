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

/* The ticket's mark of a scan made here: a first entry sets scanned_at, a
 * re-entry keeps it; in or out, its inside state. A ticket the copy did not
 * know yet (made after the last sync) is added, so a second scan of it here
 * is judged by this one. */
static const char mark_in_sql[] =
  "INSERT INTO tickets (id, number, prefix, revision, scanned_at, inside, entrance_id, "
  "                     last_in_at) "
  "VALUES (?1, coalesce (?2, ''), coalesce (?3, ''), 0, ?4, 1, ?5, ?4) "
  "ON CONFLICT (id) DO UPDATE SET scanned_at = coalesce (scanned_at, ?4), "
  "  scanned_by = CASE WHEN scanned_at IS NULL THEN NULL ELSE scanned_by END, "
  "  inside = 1, entrance_id = coalesce (?5, entrance_id), last_in_at = ?4";
static const char mark_out_sql[] =
  "INSERT INTO tickets (id, number, prefix, revision, inside, last_out_at) "
  "VALUES (?1, coalesce (?2, ''), coalesce (?3, ''), 0, 0, ?4) "
  "ON CONFLICT (id) DO UPDATE SET inside = 0, last_out_at = ?4";

static void
bind_id_or_null (sqlite3_stmt *stmt,
                 int           i,
                 gint64        value)
{
  if (value > 0)
    sqlite3_bind_int64 (stmt, i, value);
  else
    sqlite3_bind_null (stmt, i);
}

gboolean
tix_door_cache_enqueue_scan (TixDoorCache  *self,
                             const char    *scan_id,
                             const char    *code,
                             const char    *ticket_id,
                             const char    *number,
                             const char    *prefix,
                             gint64         scanned_at,
                             const char    *station,
                             gint64         entrance_id,
                             gint64         at_entrance,
                             gboolean       exit,
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
                                      "                   station, state, entrance_id, "
                                      "                   direction, at_entrance) "
                                      "VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?)",
                                      &local_error);
  if (insert == NULL)
    goto rollback;
  tix_door_cache_db_bind_text (insert, 1, scan_id);
  tix_door_cache_db_bind_text (insert, 2, code);
  tix_door_cache_db_bind_text (insert, 3, ticket_id);
  sqlite3_bind_int64 (insert, 4, scanned_at);
  tix_door_cache_db_bind_text (insert, 5, station);
  bind_id_or_null (insert, 6, entrance_id);
  sqlite3_bind_int (insert, 7, exit ? 1 : 0);
  bind_id_or_null (insert, 8, at_entrance);
  if (!tix_door_cache_db_step (self, insert, &local_error))
    goto rollback;

  mark = tix_door_cache_db_prepare (self, exit ? mark_out_sql : mark_in_sql, &local_error);
  if (mark == NULL)
    goto rollback;
  tix_door_cache_db_bind_text (mark, 1, ticket_id);
  tix_door_cache_db_bind_text (mark, 2, number);
  tix_door_cache_db_bind_text (mark, 3, prefix);
  sqlite3_bind_int64 (mark, 4, scanned_at);
  if (!exit)
    bind_id_or_null (mark, 5, at_entrance);
  if (!tix_door_cache_db_step (self, mark, &local_error))
    goto rollback;

  if (!tix_door_cache_db_commit (self, error))
    return FALSE;

  return TRUE;

rollback:
  return tix_door_cache_db_rollback (self, g_steal_pointer (&local_error), error);
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
  return tix_door_cache_enqueue_scan (self, scan_id, code, ticket_id, number, prefix,
                                      scanned_at, station, 0, 0, FALSE, error);
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
                                    "  state, message, entrance_id, direction "
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
      scan->entrance_id = sqlite3_column_int64 (stmt, 8);
      scan->exit = sqlite3_column_int (stmt, 9) != 0;
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

/* What the server's answer to an upload makes of its ticket's state. Taken:
 * the server has it so now too. Refused: back to the server's, unless
 * another scan of it here still waits. */
static const char uploaded_sql[] =
  "UPDATE tickets SET "
  "  server_inside = CASE q.direction WHEN 0 THEN 1 ELSE 0 END, "
  "  server_entrance_id = CASE q.direction WHEN 0 THEN coalesce (q.at_entrance, "
  "    server_entrance_id) ELSE server_entrance_id END, "
  "  server_last_in_at = CASE q.direction WHEN 0 THEN q.scanned_at ELSE server_last_in_at END, "
  "  server_last_out_at = CASE q.direction WHEN 1 THEN q.scanned_at ELSE server_last_out_at END "
  "FROM (SELECT ticket_id, direction, at_entrance, scanned_at FROM queue WHERE scan_id = ?1) AS q "
  "WHERE tickets.id = q.ticket_id";
static const char refused_sql[] =
  "UPDATE tickets SET inside = server_inside, entrance_id = server_entrance_id, "
  "  last_in_at = server_last_in_at, last_out_at = server_last_out_at "
  "WHERE id = (SELECT ticket_id FROM queue WHERE scan_id = ?1) "
  "  AND NOT EXISTS (SELECT 1 FROM queue WHERE queue.ticket_id = tickets.id AND queue.state = 0)";

gboolean
tix_door_cache_set_queue_state (TixDoorCache       *self,
                                const char         *scan_id,
                                TixDoorQueueState   state,
                                const char         *message,
                                GError            **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(sqlite3_stmt) ticket = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (TIX_IS_DOOR_CACHE (self), FALSE);
  g_return_val_if_fail (scan_id != NULL, FALSE);

  if (!tix_door_cache_db_begin (self, error))
    return FALSE;

  stmt = tix_door_cache_db_prepare (self,
                                    "UPDATE queue SET state = ?, message = ? WHERE scan_id = ?",
                                    &local_error);
  if (stmt == NULL)
    goto rollback;
  sqlite3_bind_int (stmt, 1, state);
  tix_door_cache_db_bind_text (stmt, 2, message);
  tix_door_cache_db_bind_text (stmt, 3, scan_id);
  if (!tix_door_cache_db_step (self, stmt, &local_error))
    goto rollback;

  if (state != TIX_DOOR_QUEUE_PENDING)
    {
      ticket = tix_door_cache_db_prepare (self, state == TIX_DOOR_QUEUE_UPLOADED
                                                ? uploaded_sql : refused_sql,
                                          &local_error);
      if (ticket == NULL)
        goto rollback;
      tix_door_cache_db_bind_text (ticket, 1, scan_id);
      if (!tix_door_cache_db_step (self, ticket, &local_error))
        goto rollback;
    }

  return tix_door_cache_db_commit (self, error);

rollback:
  return tix_door_cache_db_rollback (self, g_steal_pointer (&local_error), error);
}
