/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-door-cache"

#include "config.h"

#include "tix-door-cache-private.h"

/* The tickets of the copy: each one's revision and scan state, put by a sync
 * or an event, looked up by the door. */

void
tix_door_cache_ticket_free (TixDoorCacheTicket *ticket)
{
  if (ticket == NULL)
    return;

  g_free (ticket->id);
  g_free (ticket->number);
  g_free (ticket->prefix);
  g_free (ticket->scanned_by);
  g_free (ticket);
}

/* A ticket with a scan of this station still queued keeps its scan: the
 * server has not heard of it yet. A sync knows no names: the name an event
 * gave for the same scan stays. A ticket's event and type never change: one
 * not said (an event on the stream) leaves the one known. Its inside state
 * is the server's (server_*), and this station's too unless a scan of it
 * here waits for upload. */
#define PENDING_SQL \
  "EXISTS (SELECT 1 FROM queue WHERE queue.ticket_id = ?1 AND queue.state = 0)"
#define PUT_TICKET_SQL \
  "INSERT INTO tickets (id, number, prefix, revision, scanned_at, scanned_by, deleted, " \
  "                     event_id, refunded, type_id, inside, entrance_id, last_in_at, " \
  "                     last_out_at, server_inside, server_entrance_id, server_last_in_at, " \
  "                     server_last_out_at) " \
  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?11, ?12, ?13, ?14) " \
  "ON CONFLICT (id) DO UPDATE SET number = ?2, prefix = ?3, revision = ?4, deleted = ?7, " \
  "  refunded = ?9, " \
  "  event_id = coalesce (?8, event_id), " \
  "  type_id = coalesce (?10, type_id), " \
  "  scanned_at = CASE WHEN ?5 IS NULL AND " PENDING_SQL " THEN scanned_at ELSE ?5 END, " \
  "  scanned_by = CASE WHEN ?5 IS NULL AND " PENDING_SQL " THEN scanned_by " \
  "    WHEN ?6 IS NULL AND ?5 = scanned_at THEN scanned_by ELSE ?6 END, " \
  "  server_inside = ?11, server_entrance_id = ?12, server_last_in_at = ?13, " \
  "  server_last_out_at = ?14, " \
  "  inside = CASE WHEN " PENDING_SQL " THEN inside ELSE ?11 END, " \
  "  entrance_id = CASE WHEN " PENDING_SQL " THEN entrance_id ELSE ?12 END, " \
  "  last_in_at = CASE WHEN " PENDING_SQL " THEN last_in_at ELSE ?13 END, " \
  "  last_out_at = CASE WHEN " PENDING_SQL " THEN last_out_at ELSE ?14 END"

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

sqlite3_stmt *
tix_door_cache_prepare_put (TixDoorCache  *self,
                            GError       **error)
{
  return tix_door_cache_db_prepare (self, PUT_TICKET_SQL, error);
}

gboolean
tix_door_cache_put (TixDoorCache             *self,
                    sqlite3_stmt             *stmt,
                    const TixDoorCacheTicket *ticket,
                    GError                  **error)
{
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  tix_door_cache_db_bind_text (stmt, 1, ticket->id);
  tix_door_cache_db_bind_text (stmt, 2, ticket->number ? ticket->number : "");
  tix_door_cache_db_bind_text (stmt, 3, ticket->prefix ? ticket->prefix : "");
  sqlite3_bind_int64 (stmt, 4, ticket->revision);
  if (ticket->scanned_at > 0)
    sqlite3_bind_int64 (stmt, 5, ticket->scanned_at);
  else
    sqlite3_bind_null (stmt, 5);
  tix_door_cache_db_bind_text (stmt, 6, ticket->scanned_by);
  sqlite3_bind_int (stmt, 7, ticket->deleted ? 1 : 0);
  bind_id_or_null (stmt, 8, ticket->event_id);
  sqlite3_bind_int (stmt, 9, ticket->refunded ? 1 : 0);
  bind_id_or_null (stmt, 10, ticket->type_id);
  sqlite3_bind_int (stmt, 11, ticket->inside ? 1 : 0);
  bind_id_or_null (stmt, 12, ticket->entrance_id);
  bind_id_or_null (stmt, 13, ticket->last_in_at);
  bind_id_or_null (stmt, 14, ticket->last_out_at);

  return tix_door_cache_db_step (self, stmt, error);
}

gboolean
tix_door_cache_put_ticket (TixDoorCache              *self,
                           const TixDoorCacheTicket  *ticket,
                           GError                   **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (TIX_IS_DOOR_CACHE (self), FALSE);
  g_return_val_if_fail (ticket != NULL && ticket->id != NULL, FALSE);

  stmt = tix_door_cache_prepare_put (self, error);
  if (stmt == NULL)
    return FALSE;

  return tix_door_cache_put (self, stmt, ticket, error);
}

gboolean
tix_door_cache_set_scanned (TixDoorCache  *self,
                            const char    *id,
                            gint64         scanned_at,
                            const char    *scanned_by,
                            GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (TIX_IS_DOOR_CACHE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  if (scanned_at > 0)
    stmt = tix_door_cache_db_prepare (self,
                                      "UPDATE tickets SET scanned_at = ?2, scanned_by = ?3 "
                                      "WHERE id = ?1",
                                      error);
  else
    stmt = tix_door_cache_db_prepare (self,
                                      "UPDATE tickets SET scanned_at = NULL, scanned_by = NULL "
                                      "WHERE id = ?1 AND NOT EXISTS (SELECT 1 FROM queue "
                                      "  WHERE queue.ticket_id = ?1 AND queue.state = 0)",
                                      error);
  if (stmt == NULL)
    return FALSE;
  tix_door_cache_db_bind_text (stmt, 1, id);
  if (scanned_at > 0)
    {
      sqlite3_bind_int64 (stmt, 2, scanned_at);
      tix_door_cache_db_bind_text (stmt, 3, scanned_by);
    }

  return tix_door_cache_db_step (self, stmt, error);
}

gboolean
tix_door_cache_set_deleted (TixDoorCache  *self,
                            const char    *id,
                            GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (TIX_IS_DOOR_CACHE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  stmt = tix_door_cache_db_prepare (self, "UPDATE tickets SET deleted = 1 WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  tix_door_cache_db_bind_text (stmt, 1, id);

  return tix_door_cache_db_step (self, stmt, error);
}

gboolean
tix_door_cache_delete_all (TixDoorCache  *self,
                           GError       **error)
{
  g_return_val_if_fail (TIX_IS_DOOR_CACHE (self), FALSE);

  return tix_door_cache_db_exec (self, "UPDATE tickets SET deleted = 1", error);
}

#define TICKET_COLUMNS \
  "id, number, prefix, revision, scanned_at, scanned_by, deleted, event_id, " \
  "EXISTS (SELECT 1 FROM queue WHERE queue.ticket_id = tickets.id AND queue.state = 0), " \
  "refunded, type_id, inside, entrance_id, last_in_at, last_out_at "

static TixDoorCacheTicket *
lookup (TixDoorCache *self,
        const char   *sql,
        const char   *value)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  TixDoorCacheTicket *ticket;

  stmt = tix_door_cache_db_prepare (self, sql, NULL);
  if (stmt == NULL)
    return NULL;
  tix_door_cache_db_bind_text (stmt, 1, value);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;

  ticket = g_new0 (TixDoorCacheTicket, 1);
  ticket->id = tix_door_cache_db_column_text (stmt, 0);
  ticket->number = tix_door_cache_db_column_text (stmt, 1);
  ticket->prefix = tix_door_cache_db_column_text (stmt, 2);
  ticket->revision = (guint32) sqlite3_column_int64 (stmt, 3);
  ticket->scanned_at = sqlite3_column_int64 (stmt, 4);
  ticket->scanned_by = tix_door_cache_db_column_text (stmt, 5);
  ticket->deleted = sqlite3_column_int (stmt, 6) != 0;
  ticket->event_id = sqlite3_column_int64 (stmt, 7);
  ticket->scanned_here = sqlite3_column_int (stmt, 8) != 0;
  ticket->refunded = sqlite3_column_int (stmt, 9) != 0;
  ticket->type_id = sqlite3_column_int64 (stmt, 10);
  ticket->inside = sqlite3_column_int (stmt, 11) != 0;
  ticket->entrance_id = sqlite3_column_int64 (stmt, 12);
  ticket->last_in_at = sqlite3_column_int64 (stmt, 13);
  ticket->last_out_at = sqlite3_column_int64 (stmt, 14);

  return ticket;
}

TixDoorCacheTicket *
tix_door_cache_lookup (TixDoorCache *self,
                       const char   *id)
{
  g_return_val_if_fail (TIX_IS_DOOR_CACHE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  return lookup (self, "SELECT " TICKET_COLUMNS "FROM tickets WHERE id = ?", id);
}

TixDoorCacheTicket *
tix_door_cache_lookup_number (TixDoorCache *self,
                              const char   *number)
{
  g_autofree char *trimmed = NULL;

  g_return_val_if_fail (TIX_IS_DOOR_CACHE (self), NULL);
  g_return_val_if_fail (number != NULL, NULL);

  /* A live ticket first: a number is never reused, but be sure. */
  trimmed = g_strstrip (g_strdup (number));
  return lookup (self,
                 "SELECT " TICKET_COLUMNS "FROM tickets WHERE number = ? "
                 "ORDER BY deleted LIMIT 1",
                 trimmed);
}

guint
tix_door_cache_get_n_tickets (TixDoorCache *self)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (TIX_IS_DOOR_CACHE (self), 0);

  stmt = tix_door_cache_db_prepare (self, "SELECT count(*) FROM tickets WHERE deleted = 0", NULL);
  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return 0;

  return (guint) sqlite3_column_int64 (stmt, 0);
}

gboolean
tix_door_cache_set_inside (TixDoorCache  *self,
                           const char    *id,
                           gboolean       inside,
                           gint64         entrance_id,
                           gint64         at_ms,
                           GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (TIX_IS_DOOR_CACHE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  if (inside)
    stmt = tix_door_cache_db_prepare (self,
                                      "UPDATE tickets SET inside = 1, server_inside = 1, "
                                      "  entrance_id = coalesce (?2, entrance_id), "
                                      "  server_entrance_id = coalesce (?2, server_entrance_id), "
                                      "  last_in_at = ?3, server_last_in_at = ?3 WHERE id = ?1",
                                      error);
  else
    stmt = tix_door_cache_db_prepare (self,
                                      "UPDATE tickets SET inside = 0, server_inside = 0, "
                                      "  last_out_at = ?3, server_last_out_at = ?3 WHERE id = ?1",
                                      error);
  if (stmt == NULL)
    return FALSE;
  tix_door_cache_db_bind_text (stmt, 1, id);
  if (inside)
    bind_id_or_null (stmt, 2, entrance_id);
  sqlite3_bind_int64 (stmt, 3, at_ms);

  return tix_door_cache_db_step (self, stmt, error);
}

gint64
tix_door_cache_count_inside (TixDoorCache *self,
                             gint64        event_id)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (TIX_IS_DOOR_CACHE (self), 0);

  stmt = tix_door_cache_db_prepare (self,
                                    "SELECT count(*) FROM tickets "
                                    "WHERE event_id = ? AND inside = 1 AND deleted = 0",
                                    NULL);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, event_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return 0;

  return sqlite3_column_int64 (stmt, 0);
}
