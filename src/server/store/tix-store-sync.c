/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What stations that scan offline need: the changes since the last sync, and
 * the conflicts their uploads found. */
#define G_LOG_DOMAIN "tix-store"

#include "config.h"

#include "tix-store-private.h"

static void
change_free (TixStoreChange *change)
{
  g_free (change->id);
  g_free (change->number);
  g_free (change->prefix);
  g_free (change);
}

static gint64
column_or (TixDbStmt *stmt,
           int        column,
           gint64     none)
{
  return tix_db_column_is_null (stmt, column) ? none : tix_db_column_int64 (stmt, column);
}

/* A batch of tickets being written (tix-store-tickets.c) took its change
 * numbers when it started, and its rows appear when it is done: changes from
 * its first number on wait until then, or a station that synced meanwhile
 * would have gone past the batch for good. */
#define SYNC_HORIZON \
  " AND version < (SELECT coalesce (min (first_version), 9223372036854775807)" \
  " FROM ticket_batches WHERE organization_id = ?1)"

GPtrArray *
tix_store_list_changes (TixStore  *self,
                        gint64     organization_id,
                        gint64     since,
                        guint      limit,
                        GError   **error)
{
  g_autoptr(GPtrArray) changes = NULL;
  TixDbStmt *stmt;
  int rc;

  g_return_val_if_fail (TIX_IS_STORE (self), NULL);

  stmt = tix_store_statement (self,
    "SELECT id, number, prefix, revision, scanned_at, 0, version, event_id,"
    " CASE WHEN refunded_at IS NULL THEN 0 ELSE 1 END,"
    " type_id, inside, entrance_id, last_in_at, last_out_at FROM tickets"
    " WHERE organization_id = ?1 AND version > ?2" SYNC_HORIZON
    " UNION ALL"
    " SELECT id, number, prefix, revision, NULL, 1, version, NULL, 0,"
    " NULL, 0, NULL, NULL, NULL FROM deleted_tickets"
    " WHERE organization_id = ?1 AND version > ?2" SYNC_HORIZON
    " ORDER BY 7 LIMIT ?3", error);
  if (stmt == NULL)
    return NULL;
  tix_db_bind_int64 (stmt, 1, organization_id);
  tix_db_bind_int64 (stmt, 2, since);
  tix_db_bind_int64 (stmt, 3, limit);

  changes = g_ptr_array_new_with_free_func ((GDestroyNotify) change_free);
  while ((rc = tix_db_step (stmt)) == TIX_DB_ROW)
    {
      TixStoreChange *change = g_new0 (TixStoreChange, 1);

      change->id = g_strdup (tix_db_column_text (stmt, 0));
      change->number = g_strdup (tix_db_column_text (stmt, 1));
      change->prefix = g_strdup (tix_db_column_text (stmt, 2));
      change->revision = (guint32) tix_db_column_int64 (stmt, 3);
      change->scanned_at = tix_db_column_int64 (stmt, 4);
      change->deleted = tix_db_column_int64 (stmt, 5) != 0;
      change->version = tix_db_column_int64 (stmt, 6);
      change->event_id = tix_db_column_is_null (stmt, 7) ? 0 : tix_db_column_int64 (stmt, 7);
      change->refunded = tix_db_column_int64 (stmt, 8) != 0;
      change->type_id = column_or (stmt, 9, 0);
      change->inside = tix_db_column_int64 (stmt, 10) != 0;
      change->entrance_id = column_or (stmt, 11, 0);
      change->last_in_at = column_or (stmt, 12, TIX_STORE_NO_TIME);
      change->last_out_at = column_or (stmt, 13, TIX_STORE_NO_TIME);
      g_ptr_array_add (changes, change);
    }
  tix_db_reset (stmt);
  if (rc != TIX_DB_DONE)
    {
      tix_store_set_error (self, error, "Could not read the changes");
      return NULL;
    }

  return g_steal_pointer (&changes);
}

gboolean
tix_store_get_sync_mark (TixStore         *self,
                         gint64            organization_id,
                         TixStoreSyncMark *mark,
                         GError          **error)
{
  TixDbStmt *stmt;
  TixDbStep rc;

  g_return_val_if_fail (TIX_IS_STORE (self), FALSE);

  /* A row becomes visible to the sync only with a new change number, or when
   * its batch is published (the horizon moves). */
  stmt = tix_store_statement (self,
    "SELECT changes, (SELECT coalesce (min (first_version), 0) FROM ticket_batches"
    " WHERE organization_id = ?1) FROM ticket_counts WHERE organization_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  tix_db_bind_int64 (stmt, 1, organization_id);
  rc = tix_db_step (stmt);
  /* No row: an organization without tickets yet. */
  mark->changes = rc == TIX_DB_ROW ? tix_db_column_int64 (stmt, 0) : 0;
  mark->horizon = rc == TIX_DB_ROW ? tix_db_column_int64 (stmt, 1) : 0;
  tix_db_reset (stmt);
  if (rc == TIX_DB_ERROR)
    return tix_store_set_error (self, error, "Could not read the changes");
  return TRUE;
}

static void
conflict_free (TixStoreConflict *conflict)
{
  g_free (conflict->ticket_id);
  g_free (conflict->first_scanned_by_name);
  g_free (conflict->first_station);
  g_free (conflict->scan_id);
  g_free (conflict->second_user_name);
  g_free (conflict->second_station);
  g_free (conflict);
}

GPtrArray *
tix_store_list_conflicts (TixStore  *self,
                          gint64     organization_id,
                          guint      limit,
                          GError   **error)
{
  g_autoptr(GPtrArray) conflicts = NULL;
  TixDbStmt *stmt;
  int rc;

  g_return_val_if_fail (TIX_IS_STORE (self), NULL);

  stmt = tix_store_statement (self,
    "SELECT c.id, c.at, c.ticket_id, c.first_scanned_at, fu.name, c.first_station, c.scan_id,"
    " c.second_scanned_at, su.name, c.second_station"
    " FROM scan_conflicts c"
    " LEFT JOIN users fu ON fu.id = c.first_scanned_by"
    " LEFT JOIN users su ON su.id = c.second_user"
    " WHERE c.organization_id = ? ORDER BY c.id DESC LIMIT ?", error);
  if (stmt == NULL)
    return NULL;
  tix_db_bind_int64 (stmt, 1, organization_id);
  tix_db_bind_int64 (stmt, 2, limit);

  conflicts = g_ptr_array_new_with_free_func ((GDestroyNotify) conflict_free);
  while ((rc = tix_db_step (stmt)) == TIX_DB_ROW)
    {
      TixStoreConflict *conflict = g_new0 (TixStoreConflict, 1);

      conflict->id = tix_db_column_int64 (stmt, 0);
      conflict->at = tix_db_column_int64 (stmt, 1);
      conflict->ticket_id = g_strdup (tix_db_column_text (stmt, 2));
      conflict->first_scanned_at = tix_db_column_int64 (stmt, 3);
      conflict->first_scanned_by_name = g_strdup (tix_db_column_text (stmt, 4));
      conflict->first_station = g_strdup (tix_db_column_text (stmt, 5));
      conflict->scan_id = g_strdup (tix_db_column_text (stmt, 6));
      conflict->second_scanned_at = tix_db_column_int64 (stmt, 7);
      conflict->second_user_name = g_strdup (tix_db_column_text (stmt, 8));
      conflict->second_station = g_strdup (tix_db_column_text (stmt, 9));
      g_ptr_array_add (conflicts, conflict);
    }
  tix_db_reset (stmt);
  if (rc != TIX_DB_DONE)
    {
      tix_store_set_error (self, error, "Could not read the conflicts");
      return NULL;
    }

  return g_steal_pointer (&conflicts);
}
