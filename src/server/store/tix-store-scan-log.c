/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The scan log (issue 20): every attempt at the door, admitted or refused,
 * as tix-store-scan.c writes it; and what the door report reads of it. */
#define G_LOG_DOMAIN "tix-store"

#include "config.h"

#include "tix-store-private.h"

void
tix_store_scan_log_entry_free (TixStoreScanLogEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->ticket_id);
  g_free (entry->number);
  g_free (entry->result);
  g_free (entry->station);
  g_free (entry);
}

static gint64
column_or (TixDbStmt *stmt,
           int        column,
           gint64     none)
{
  return tix_db_column_is_null (stmt, column) ? none : tix_db_column_int64 (stmt, column);
}

static TixStoreScanLogEntry *
entry_row (TixDbStmt *stmt)
{
  TixStoreScanLogEntry *entry = g_new0 (TixStoreScanLogEntry, 1);

  entry->id = tix_db_column_int64 (stmt, 0);
  entry->at = tix_db_column_int64 (stmt, 1);
  entry->ticket_id = g_strdup (tix_db_column_text (stmt, 2));
  entry->number = g_strdup (tix_db_column_text (stmt, 3));
  entry->event_id = column_or (stmt, 4, 0);
  entry->entrance_id = column_or (stmt, 5, 0);
  if (!tix_store_direction_parse (tix_db_column_text (stmt, 6), &entry->direction))
    entry->direction = TIX_STORE_DIRECTION_IN;
  entry->result = g_strdup (tix_db_column_text (stmt, 7));
  entry->station = g_strdup (tix_db_column_text (stmt, 8));
  entry->user_id = column_or (stmt, 9, 0);
  entry->uploaded = tix_db_column_int64 (stmt, 10) != 0;
  return entry;
}

GPtrArray *
tix_store_list_scan_log (TixStore                    *self,
                         gint64                       organization_id,
                         const TixStoreScanLogQuery  *query,
                         GError                     **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (
    (GDestroyNotify) tix_store_scan_log_entry_free);
  TixDbStmt *stmt;
  TixDbStep rc;

  g_return_val_if_fail (TIX_IS_STORE (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  stmt = tix_store_statement (self,
    "SELECT id, at, ticket_id, number, event_id, entrance_id, direction, result, station,"
    " user_id, uploaded FROM scan_log WHERE organization_id = ?1"
    " AND (?2 = 0 OR event_id = ?2) AND (?3 = 0 OR entrance_id = ?3)"
    " AND (CAST (?4 AS TEXT) IS NULL OR result = ?4) AND (?5 = 0 OR id < ?5)"
    " ORDER BY id DESC LIMIT ?6", error);
  if (stmt == NULL)
    return NULL;
  tix_db_bind_int64 (stmt, 1, organization_id);
  tix_db_bind_int64 (stmt, 2, query->event_id);
  tix_db_bind_int64 (stmt, 3, query->entrance_id);
  tix_db_bind_text (stmt, 4, query->result);
  tix_db_bind_int64 (stmt, 5, query->before_id);
  tix_db_bind_int64 (stmt, 6, query->limit > 0 ? query->limit : 100);
  while ((rc = tix_db_step (stmt)) == TIX_DB_ROW)
    g_ptr_array_add (entries, entry_row (stmt));
  tix_db_reset (stmt);
  if (rc != TIX_DB_DONE)
    {
      tix_store_set_error (self, error, "Could not read the scan log");
      return NULL;
    }
  return g_steal_pointer (&entries);
}

void
tix_store_door_flow_free (TixStoreDoorFlow *flow)
{
  if (flow == NULL)
    return;
  g_clear_pointer (&flow->refused, g_ptr_array_unref);
  g_clear_pointer (&flow->arrivals_at, g_array_unref);
  g_clear_pointer (&flow->exits_at, g_array_unref);
  g_clear_pointer (&flow->arrivals_entrance, g_array_unref);
  g_clear_pointer (&flow->exits_entrance, g_array_unref);
  g_free (flow);
}

static void
count_free (TixStoreCount *count)
{
  g_free (count->name);
  g_free (count);
}

TixStoreDoorFlow *
tix_store_get_door_flow (TixStore  *self,
                         gint64     organization_id,
                         gint64     event_id,
                         gint64     from_ms,
                         gint64     to_ms,
                         GError   **error)
{
  g_autoptr(TixStoreDoorFlow) flow = g_new0 (TixStoreDoorFlow, 1);
  TixDbStmt *stmt;
  TixDbStep rc;

  g_return_val_if_fail (TIX_IS_STORE (self), NULL);

  flow->refused = g_ptr_array_new_with_free_func ((GDestroyNotify) count_free);
  flow->arrivals_at = g_array_new (FALSE, FALSE, sizeof (gint64));
  flow->exits_at = g_array_new (FALSE, FALSE, sizeof (gint64));
  flow->arrivals_entrance = g_array_new (FALSE, FALSE, sizeof (gint64));
  flow->exits_entrance = g_array_new (FALSE, FALSE, sizeof (gint64));

  stmt = tix_store_statement (self,
    "SELECT result, count (*) FROM scan_log WHERE organization_id = ?1"
    " AND (?2 = 0 OR event_id = ?2) AND at >= ?3 AND at < ?4"
    " AND result NOT IN ('first', 're-entry', 'exit')"
    " GROUP BY result ORDER BY count (*) DESC, result", error);
  if (stmt == NULL)
    return NULL;
  tix_db_bind_int64 (stmt, 1, organization_id);
  tix_db_bind_int64 (stmt, 2, event_id);
  tix_db_bind_int64 (stmt, 3, from_ms);
  tix_db_bind_int64 (stmt, 4, to_ms);
  while ((rc = tix_db_step (stmt)) == TIX_DB_ROW)
    {
      TixStoreCount *count = g_new0 (TixStoreCount, 1);

      count->name = g_strdup (tix_db_column_text (stmt, 0));
      count->scanned = tix_db_column_int64 (stmt, 1);
      g_ptr_array_add (flow->refused, count);
    }
  tix_db_reset (stmt);
  if (rc != TIX_DB_DONE)
    {
      tix_store_set_error (self, error, "Could not read the scan log");
      return NULL;
    }

  stmt = tix_store_statement (self,
    "SELECT at, CASE WHEN result = 'exit' THEN 1 ELSE 0 END, coalesce (entrance_id, 0)"
    " FROM scan_log WHERE organization_id = ?1"
    " AND (?2 = 0 OR event_id = ?2) AND at >= ?3 AND at < ?4"
    " AND result IN ('first', 're-entry', 'exit') ORDER BY at", error);
  if (stmt == NULL)
    return NULL;
  tix_db_bind_int64 (stmt, 1, organization_id);
  tix_db_bind_int64 (stmt, 2, event_id);
  tix_db_bind_int64 (stmt, 3, from_ms);
  tix_db_bind_int64 (stmt, 4, to_ms);
  while ((rc = tix_db_step (stmt)) == TIX_DB_ROW)
    {
      gint64 at = tix_db_column_int64 (stmt, 0);
      gint64 entrance_id = tix_db_column_int64 (stmt, 2);
      gboolean exit = tix_db_column_int64 (stmt, 1) != 0;

      g_array_append_val (exit ? flow->exits_at : flow->arrivals_at, at);
      g_array_append_val (exit ? flow->exits_entrance : flow->arrivals_entrance, entrance_id);
    }
  tix_db_reset (stmt);
  if (rc != TIX_DB_DONE)
    {
      tix_store_set_error (self, error, "Could not read the scan log");
      return NULL;
    }
  return g_steal_pointer (&flow);
}
