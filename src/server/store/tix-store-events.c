/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Events: the shows of an organization's season (issue 18). Each ticket
 * belongs to one; an event's counts live in its row and change in the same
 * transactions as its tickets, as the organization's do (ticket_counts). */
#define G_LOG_DOMAIN "tix-store"

#include "config.h"

#include "tix-store-private.h"
#include "tix-time.h"

#define EVENT_COLUMNS \
  "id, organization_id, name, starts_at, ends_at, venue, capacity, max_inside, archived," \
  " created_at, total, scanned, inside"

void
tix_store_event_init (TixStoreEvent *event)
{
  g_return_if_fail (event != NULL);

  *event = (TixStoreEvent) { 0 };
  event->starts_at = TIX_STORE_NO_TIME;
  event->ends_at = TIX_STORE_NO_TIME;
  event->capacity = TIX_STORE_NO_LIMIT;
  event->max_inside = TIX_STORE_NO_LIMIT;
}

void
tix_store_event_clear (TixStoreEvent *event)
{
  if (event == NULL)
    return;
  g_clear_pointer (&event->name, g_free);
  g_clear_pointer (&event->venue, g_free);
}

void
tix_store_event_free (TixStoreEvent *event)
{
  tix_store_event_clear (event);
  g_free (event);
}

static void
replace_str (char       **field,
             const char  *value)
{
  g_free (*field);
  *field = g_strdup (value);
}

static gint64
column_or (TixDbStmt *stmt,
           int        column,
           gint64     none)
{
  return tix_db_column_is_null (stmt, column) ? none : tix_db_column_int64 (stmt, column);
}

static gpointer
event_row (TixDbStmt *stmt)
{
  TixStoreEvent *event = g_new0 (TixStoreEvent, 1);

  event->id = tix_db_column_int64 (stmt, 0);
  event->organization_id = tix_db_column_int64 (stmt, 1);
  event->name = g_strdup (tix_db_column_text (stmt, 2));
  event->starts_at = column_or (stmt, 3, TIX_STORE_NO_TIME);
  event->ends_at = column_or (stmt, 4, TIX_STORE_NO_TIME);
  event->venue = g_strdup (tix_db_column_text (stmt, 5));
  event->capacity = column_or (stmt, 6, TIX_STORE_NO_LIMIT);
  event->max_inside = column_or (stmt, 7, TIX_STORE_NO_LIMIT);
  event->archived = tix_db_column_int64 (stmt, 8) != 0;
  event->created_at = tix_db_column_int64 (stmt, 9);
  event->total = tix_db_column_int64 (stmt, 10);
  event->scanned = tix_db_column_int64 (stmt, 11);
  event->inside = tix_db_column_int64 (stmt, 12);
  return event;
}

static void
bind_or_null (TixDbStmt *stmt,
              int        index,
              gint64     value,
              gint64     none)
{
  if (value == none)
    tix_db_bind_null (stmt, index);
  else
    tix_db_bind_int64 (stmt, index, value);
}

GPtrArray *
tix_store_list_events (TixStore  *self,
                       gint64     organization_id,
                       gboolean   archived,
                       GError   **error)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) tix_store_event_free);
  TixDbStmt *stmt;
  TixDbStep rc;

  g_return_val_if_fail (TIX_IS_STORE (self), NULL);

  stmt = tix_store_statement (self,
    "SELECT " EVENT_COLUMNS " FROM events WHERE organization_id = ? AND (? = 1 OR archived = 0)"
    " ORDER BY starts_at IS NULL, starts_at, id", error);
  if (stmt == NULL)
    return NULL;
  tix_db_bind_int64 (stmt, 1, organization_id);
  tix_db_bind_int64 (stmt, 2, archived ? 1 : 0);
  while ((rc = tix_db_step (stmt)) == TIX_DB_ROW)
    g_ptr_array_add (events, event_row (stmt));
  tix_db_reset (stmt);
  if (rc != TIX_DB_DONE)
    {
      tix_store_set_error (self, error, "Could not list the events");
      return NULL;
    }
  return g_steal_pointer (&events);
}

TixStoreEvent *
tix_store_get_event (TixStore  *self,
                     gint64     organization_id,
                     gint64     event_id,
                     GError   **error)
{
  TixDbStmt *stmt;

  g_return_val_if_fail (TIX_IS_STORE (self), NULL);

  stmt = tix_store_statement (self,
    "SELECT " EVENT_COLUMNS " FROM events WHERE id = ? AND organization_id = ?", error);
  if (stmt == NULL)
    return NULL;
  tix_db_bind_int64 (stmt, 1, event_id);
  tix_db_bind_int64 (stmt, 2, organization_id);
  return tix_store_step_one (self, stmt, event_row, "No such event", error);
}

gint64
tix_store_get_current_event_id (TixStore  *self,
                                gint64     organization_id,
                                GError   **error)
{
  TixDbStmt *stmt;
  gint64 id = 0;
  TixDbStep rc;

  g_return_val_if_fail (TIX_IS_STORE (self), 0);

  /* The setting, when it names an event of the organization; else its first. */
  stmt = tix_store_statement (self,
    "SELECT e.id FROM events e WHERE e.organization_id = ?1"
    " ORDER BY e.id = (SELECT CAST (value AS BIGINT) FROM settings"
    "  WHERE organization_id = ?1 AND key = 'current_event_id') DESC, e.id LIMIT 1", error);
  if (stmt == NULL)
    return 0;
  tix_db_bind_int64 (stmt, 1, organization_id);
  rc = tix_db_step (stmt);
  if (rc == TIX_DB_ROW)
    id = tix_db_column_int64 (stmt, 0);
  tix_db_reset (stmt);
  if (rc == TIX_DB_ERROR)
    tix_store_set_error (self, error, "Could not read the current event");
  else if (rc == TIX_DB_DONE)
    g_set_error_literal (error, TIX_STORE_ERROR, TIX_STORE_ERROR_NOT_FOUND,
                         "The organization has no event");
  return id;
}

gboolean
tix_store_adjust_event_counts (TixStore  *self,
                               gint64     event_id,
                               gint64     total_delta,
                               gint64     scanned_delta,
                               GError   **error)
{
  TixDbStmt *stmt;

  if (event_id <= 0 || (total_delta == 0 && scanned_delta == 0))
    return TRUE;
  stmt = tix_store_statement (self,
    "UPDATE events SET total = total + ?, scanned = scanned + ? WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  tix_db_bind_int64 (stmt, 1, total_delta);
  tix_db_bind_int64 (stmt, 2, scanned_delta);
  tix_db_bind_int64 (stmt, 3, event_id);
  return tix_store_step_done (self, stmt, "Could not update the event's counts", error);
}

gint64
tix_store_insert_event (TixStore             *self,
                        gint64                organization_id,
                        const TixStoreEvent  *event,
                        gint64                now_ms,
                        GError              **error)
{
  TixDbStmt *stmt = tix_store_statement (self,
    "INSERT INTO events (organization_id, name, starts_at, ends_at, venue, capacity, max_inside,"
    " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id", error);
  gint64 id = 0;

  if (stmt == NULL)
    return 0;
  tix_db_bind_int64 (stmt, 1, organization_id);
  tix_db_bind_text (stmt, 2, event->name != NULL ? event->name : "");
  bind_or_null (stmt, 3, event->starts_at, TIX_STORE_NO_TIME);
  bind_or_null (stmt, 4, event->ends_at, TIX_STORE_NO_TIME);
  tix_db_bind_text (stmt, 5, event->venue);
  bind_or_null (stmt, 6, event->capacity, TIX_STORE_NO_LIMIT);
  bind_or_null (stmt, 7, event->max_inside, TIX_STORE_NO_LIMIT);
  tix_db_bind_int64 (stmt, 8, now_ms);
  if (tix_db_step (stmt) == TIX_DB_ROW)
    id = tix_db_column_int64 (stmt, 0);
  else
    tix_store_set_error (self, error, "Could not add the event");
  tix_db_reset (stmt);
  /* Every event has its default entrance, where scans naming none go. */
  if (id > 0 && tix_store_insert_default_entrance (self, organization_id, id, now_ms, error) <= 0)
    return 0;
  return id;
}

gint64
tix_store_claim_event (TixStore  *self,
                       gint64     organization_id,
                       gint64     event_id,
                       guint      count,
                       GError   **error)
{
  g_autoptr(TixStoreEvent) event = NULL;
  gint64 pending = 0, remaining;
  TixDbStmt *stmt;

  if (event_id <= 0)
    {
      event_id = tix_store_get_current_event_id (self, organization_id, error);
      if (event_id <= 0)
        return 0;
    }
  event = tix_store_get_event (self, organization_id, event_id, error);
  if (event == NULL)
    return 0;
  if (event->archived)
    {
      g_set_error (error, TIX_STORE_ERROR, TIX_STORE_ERROR_ARCHIVED,
                   "The event “%s” is archived: it takes no new tickets", event->name);
      return 0;
    }
  if (event->capacity == TIX_STORE_NO_LIMIT)
    return event_id;

  stmt = tix_store_statement (self,
    "SELECT coalesce (sum (count), 0) FROM ticket_batches WHERE event_id = ?", error);
  if (stmt == NULL)
    return 0;
  tix_db_bind_int64 (stmt, 1, event_id);
  if (tix_db_step (stmt) == TIX_DB_ROW)
    pending = tix_db_column_int64 (stmt, 0);
  tix_db_reset (stmt);

  /* A refunded ticket keeps its row but not its seat (issue 19). */
  pending -= tix_store_event_refunded (self, event_id);
  remaining = MAX (event->capacity - event->total - pending, 0);
  if ((gint64) count > remaining)
    {
      g_set_error (error, TIX_STORE_ERROR, TIX_STORE_ERROR_LIMIT,
                   "The event may have at most %" G_GINT64_FORMAT " tickets (its capacity);"
                   " it has %" G_GINT64_FORMAT ", so at most %" G_GINT64_FORMAT
                   " more can be made", event->capacity, event->total + pending, remaining);
      return 0;
    }
  return event_id;
}

static TixStoreEvent *
audit_and_commit (TixStore    *self,
                  TixUser     *user,
                  gint64       event_id,
                  const char  *action,
                  gint64       now_ms,
                  GError     **error)
{
  g_autoptr(TixStoreEvent) event = tix_store_get_event (self, tix_user_get_organization_id (user),
                                                        event_id, error);

  if (event == NULL ||
      !tix_store_audit (self, user, action, event->name, now_ms, error) ||
      !tix_store_commit (self, error))
    {
      tix_store_rollback (self);
      return NULL;
    }
  return g_steal_pointer (&event);
}

TixStoreEvent *
tix_store_create_event (TixStore             *self,
                        TixUser              *user,
                        const TixStoreEvent  *event,
                        gint64                now_ms,
                        GError              **error)
{
  gint64 org_id, id;

  g_return_val_if_fail (TIX_IS_STORE (self), NULL);
  g_return_val_if_fail (TIX_IS_USER (user), NULL);
  g_return_val_if_fail (event != NULL && event->name != NULL, NULL);

  org_id = tix_user_get_organization_id (user);
  if (!tix_store_begin (self, org_id, error))
    return NULL;
  id = tix_store_insert_event (self, org_id, event, now_ms, error);
  if (id <= 0)
    {
      tix_store_rollback (self);
      return NULL;
    }
  return audit_and_commit (self, user, id, "event-created", now_ms, error);
}

TixStoreEvent *
tix_store_update_event (TixStore             *self,
                        TixUser              *user,
                        gint64                event_id,
                        const TixStoreEvent  *changes,
                        guint                 fields,
                        gint64                now_ms,
                        GError              **error)
{
  g_autoptr(TixStoreEvent) event = NULL;
  TixDbStmt *stmt;
  gint64 org_id;

  g_return_val_if_fail (TIX_IS_STORE (self), NULL);
  g_return_val_if_fail (TIX_IS_USER (user), NULL);
  g_return_val_if_fail (changes != NULL, NULL);

  org_id = tix_user_get_organization_id (user);
  if (!tix_store_begin (self, org_id, error))
    return NULL;
  event = tix_store_get_event (self, org_id, event_id, error);
  if (event == NULL)
    goto failed;

  if (fields & TIX_STORE_EVENT_NAME)
    replace_str (&event->name, changes->name);
  if (fields & TIX_STORE_EVENT_STARTS_AT)
    event->starts_at = changes->starts_at;
  if (fields & TIX_STORE_EVENT_ENDS_AT)
    event->ends_at = changes->ends_at;
  if (fields & TIX_STORE_EVENT_VENUE)
    replace_str (&event->venue, changes->venue);
  if (fields & TIX_STORE_EVENT_CAPACITY)
    event->capacity = changes->capacity;
  if (fields & TIX_STORE_EVENT_MAX_INSIDE)
    event->max_inside = changes->max_inside;
  if (fields & TIX_STORE_EVENT_ARCHIVED)
    event->archived = changes->archived;

  /* The current event takes new tickets: it is never archived. */
  if ((fields & TIX_STORE_EVENT_ARCHIVED) && event->archived)
    {
      gint64 current = tix_store_get_current_event_id (self, org_id, error);

      if (current <= 0)
        goto failed;
      if (current == event_id)
        {
          g_set_error_literal (error, TIX_STORE_ERROR, TIX_STORE_ERROR_IN_USE,
                               "This is the current event: make another one current before"
                               " archiving it");
          goto failed;
        }
    }

  if ((fields & TIX_STORE_EVENT_CAPACITY) && event->capacity != TIX_STORE_NO_LIMIT &&
      event->capacity < event->total)
    {
      g_set_error (error, TIX_STORE_ERROR, TIX_STORE_ERROR_LIMIT,
                   "The event has %" G_GINT64_FORMAT " tickets already: its capacity"
                   " cannot be less", event->total);
      goto failed;
    }

  stmt = tix_store_statement (self,
    "UPDATE events SET name = ?, starts_at = ?, ends_at = ?, venue = ?, capacity = ?,"
    " max_inside = ?, archived = ? WHERE id = ? AND organization_id = ?", error);
  if (stmt == NULL)
    goto failed;
  tix_db_bind_text (stmt, 1, event->name);
  bind_or_null (stmt, 2, event->starts_at, TIX_STORE_NO_TIME);
  bind_or_null (stmt, 3, event->ends_at, TIX_STORE_NO_TIME);
  tix_db_bind_text (stmt, 4, event->venue);
  bind_or_null (stmt, 5, event->capacity, TIX_STORE_NO_LIMIT);
  bind_or_null (stmt, 6, event->max_inside, TIX_STORE_NO_LIMIT);
  tix_db_bind_int64 (stmt, 7, event->archived ? 1 : 0);
  tix_db_bind_int64 (stmt, 8, event_id);
  tix_db_bind_int64 (stmt, 9, org_id);
  if (!tix_store_step_done (self, stmt, "Could not change the event", error))
    goto failed;
  return audit_and_commit (self, user, event_id, "event-updated", now_ms, error);

failed:
  tix_store_rollback (self);
  return NULL;
}

gboolean
tix_store_delete_event (TixStore  *self,
                        TixUser   *user,
                        gint64     event_id,
                        gint64     now_ms,
                        GError   **error)
{
  g_autoptr(TixStoreEvent) event = NULL;
  TixDbStmt *stmt;
  gint64 org_id, current;
  TixDbStep rc;

  g_return_val_if_fail (TIX_IS_STORE (self), FALSE);
  g_return_val_if_fail (TIX_IS_USER (user), FALSE);

  org_id = tix_user_get_organization_id (user);
  if (!tix_store_begin (self, org_id, error))
    return FALSE;
  event = tix_store_get_event (self, org_id, event_id, error);
  if (event == NULL)
    goto failed;
  current = tix_store_get_current_event_id (self, org_id, error);
  if (current <= 0)
    goto failed;
  if (current == event_id)
    {
      g_set_error_literal (error, TIX_STORE_ERROR, TIX_STORE_ERROR_IN_USE,
                           "This is the current event: make another one current first");
      goto failed;
    }

  /* Any row, a batch's being written included. */
  stmt = tix_store_statement (self,
    "SELECT 1 WHERE EXISTS (SELECT 1 FROM tickets WHERE organization_id = ?1 AND event_id = ?2)"
    " OR EXISTS (SELECT 1 FROM ticket_batches WHERE event_id = ?2)", error);
  if (stmt == NULL)
    goto failed;
  tix_db_bind_int64 (stmt, 1, org_id);
  tix_db_bind_int64 (stmt, 2, event_id);
  rc = tix_db_step (stmt);
  tix_db_reset (stmt);
  if (rc == TIX_DB_ERROR)
    {
      tix_store_set_error (self, error, "Could not delete the event");
      goto failed;
    }
  if (rc == TIX_DB_ROW)
    {
      g_set_error_literal (error, TIX_STORE_ERROR, TIX_STORE_ERROR_IN_USE,
                           "The event has tickets: archive it instead");
      goto failed;
    }

  stmt = tix_store_statement (self, "DELETE FROM events WHERE id = ? AND organization_id = ?",
                              error);
  if (stmt == NULL)
    goto failed;
  tix_db_bind_int64 (stmt, 1, event_id);
  tix_db_bind_int64 (stmt, 2, org_id);
  if (!tix_store_step_done (self, stmt, "Could not delete the event", error) ||
      !tix_store_audit (self, user, "event-deleted", event->name, now_ms, error) ||
      !tix_store_commit (self, error))
    goto failed;
  return TRUE;

failed:
  tix_store_rollback (self);
  return FALSE;
}

/* The copied entrances admit the copied types: each type of the original
 * event becomes the copy's type of the same name. */
static gboolean
retype_copied_entrances (TixStore  *self,
                         gint64     copy_id,
                         GError   **error)
{
  TixDbStmt *stmt = tix_store_statement (self,
    "UPDATE entrance_types SET type_id = ("
    "  SELECT n.id FROM ticket_types n, ticket_types o"
    "  WHERE o.id = entrance_types.type_id AND n.event_id = ?1 AND n.name = o.name"
    "  ORDER BY n.id LIMIT 1)"
    " WHERE entrance_id IN (SELECT id FROM entrances WHERE event_id = ?1)"
    " AND EXISTS (SELECT 1 FROM ticket_types n, ticket_types o"
    "  WHERE o.id = entrance_types.type_id AND n.event_id = ?1 AND n.name = o.name)", error);

  if (stmt == NULL)
    return FALSE;
  tix_db_bind_int64 (stmt, 1, copy_id);
  return tix_store_step_done (self, stmt, "Could not copy the entrances' ticket types", error);
}

TixStoreEvent *
tix_store_copy_event (TixStore    *self,
                      TixUser     *user,
                      gint64       event_id,
                      gint64       starts_at,
                      const char  *name,
                      gint64       now_ms,
                      GError     **error)
{
  g_autoptr(TixStoreEvent) event = NULL;
  gint64 org_id, id, shift;

  g_return_val_if_fail (TIX_IS_STORE (self), NULL);
  g_return_val_if_fail (TIX_IS_USER (user), NULL);

  org_id = tix_user_get_organization_id (user);
  if (!tix_store_begin (self, org_id, error))
    return NULL;
  event = tix_store_get_event (self, org_id, event_id, error);
  if (event == NULL)
    goto failed;
  /* The entrances' hours move with the start. */
  shift = event->starts_at != TIX_STORE_NO_TIME ? starts_at - event->starts_at : 0;

  /* As long as the original, from the new start, with its ticket types
   * (none sold) and its entrances, which admit the copy's types. */
  if (event->ends_at != TIX_STORE_NO_TIME && event->starts_at != TIX_STORE_NO_TIME)
    event->ends_at = starts_at + (event->ends_at - event->starts_at);
  else
    event->ends_at = TIX_STORE_NO_TIME;
  event->starts_at = starts_at;
  if (name != NULL)
    replace_str (&event->name, name);

  id = tix_store_insert_event (self, org_id, event, now_ms, error);
  if (id <= 0 || !tix_store_copy_entrances (self, event_id, id, shift, now_ms, error) ||
      !tix_store_copy_ticket_types (self, event_id, id, now_ms, error) ||
      !retype_copied_entrances (self, id, error))
    goto failed;
  return audit_and_commit (self, user, id, "event-copied", now_ms, error);

failed:
  tix_store_rollback (self);
  return NULL;
}

gboolean
tix_store_get_event_busiest (TixStore  *self,
                             gint64     event_id,
                             gint64     interval_ms,
                             gint64     shift_ms,
                             gint64    *out_start_ms,
                             gint64    *out_scanned,
                             GError   **error)
{
  TixDbStmt *stmt;
  TixDbStep rc;

  g_return_val_if_fail (TIX_IS_STORE (self), FALSE);
  g_return_val_if_fail (interval_ms > 0 && shift_ms >= 0 && shift_ms < interval_ms, FALSE);

  *out_start_ms = TIX_STORE_NO_TIME;
  *out_scanned = 0;
  /* The event's scans through its own index (event_id, scanned_at), which
   * holds all this reads: no row of the table is touched. */
  stmt = tix_store_statement (self,
    "SELECT (scanned_at + ?2) / ?3 AS slot, count(*) AS n FROM tickets"
    " WHERE event_id = ?1 AND scanned_at IS NOT NULL"
    " GROUP BY slot ORDER BY n DESC, slot LIMIT 1", error);
  if (stmt == NULL)
    return FALSE;
  tix_db_bind_int64 (stmt, 1, event_id);
  tix_db_bind_int64 (stmt, 2, shift_ms);
  tix_db_bind_int64 (stmt, 3, interval_ms);
  rc = tix_db_step (stmt);
  if (rc == TIX_DB_ROW)
    {
      *out_start_ms = tix_db_column_int64 (stmt, 0) * interval_ms - shift_ms;
      *out_scanned = tix_db_column_int64 (stmt, 1);
    }
  tix_db_reset (stmt);
  if (rc == TIX_DB_ERROR)
    return tix_store_set_error (self, error, "Could not read the event's scans");
  return TRUE;
}

/* Settings of the current event (tix-store.c) */

void
tix_store_read_event_settings (TixStore    *self,
                               gint64       organization_id,
                               GHashTable  *settings)
{
  g_autoptr(TixStoreEvent) event = NULL;
  gint64 id = tix_store_get_current_event_id (self, organization_id, NULL);

  event = id > 0 ? tix_store_get_event (self, organization_id, id, NULL) : NULL;
  if (event == NULL)
    return;
  g_hash_table_insert (settings, g_strdup ("current_event_id"),
                       g_strdup_printf ("%" G_GINT64_FORMAT, event->id));
  g_hash_table_insert (settings, g_strdup ("event_name"), g_strdup (event->name));
  g_hash_table_insert (settings, g_strdup ("event_date"),
                       event->starts_at == TIX_STORE_NO_TIME ? g_strdup ("")
                       : tix_time_date_in_zone (event->starts_at,
                                                g_hash_table_lookup (settings, "time_zone")));
}

gboolean
tix_store_write_event_setting (TixStore    *self,
                               gint64       organization_id,
                               const char  *key,
                               const char  *value,
                               const char  *zone,
                               GError     **error)
{
  g_autoptr(TixStoreEvent) event = NULL;
  TixDbStmt *stmt;
  gint64 id;

  if (g_str_equal (key, "current_event_id"))
    {
      guint64 wanted;

      if (!g_ascii_string_to_unsigned (value, 10, 1, G_MAXINT64, &wanted, NULL) ||
          (event = tix_store_get_event (self, organization_id, (gint64) wanted, NULL)) == NULL)
        {
          g_set_error_literal (error, TIX_STORE_ERROR, TIX_STORE_ERROR_NOT_FOUND,
                               "No such event");
          return FALSE;
        }
      if (event->archived)
        {
          g_set_error (error, TIX_STORE_ERROR, TIX_STORE_ERROR_ARCHIVED,
                       "The event “%s” is archived: unarchive it before making it current",
                       event->name);
          return FALSE;
        }
      stmt = tix_store_statement (self,
        "INSERT INTO settings (organization_id, key, value) VALUES (?, 'current_event_id', ?)"
        " ON CONFLICT (organization_id, key) DO UPDATE SET value = excluded.value", error);
      if (stmt == NULL)
        return FALSE;
      tix_db_bind_int64 (stmt, 1, organization_id);
      tix_db_bind_text (stmt, 2, value);
      return tix_store_step_done (self, stmt, "Could not save the settings", error);
    }

  id = tix_store_get_current_event_id (self, organization_id, error);
  event = id > 0 ? tix_store_get_event (self, organization_id, id, error) : NULL;
  if (event == NULL)
    return FALSE;

  if (g_str_equal (key, "event_name"))
    replace_str (&event->name, value);
  else if (*value == '\0')
    event->starts_at = event->ends_at = TIX_STORE_NO_TIME;
  else
    {
      g_autofree char *old_date = NULL;
      gint64 day, old_day = 0, shift;

      if (!tix_time_day_start_in_zone (value, zone, &day))
        {
          g_set_error_literal (error, TIX_STORE_ERROR, TIX_STORE_ERROR_FAILED,
                               "Not a date");
          return FALSE;
        }
      /* Another day at the same time of day. */
      if (event->starts_at != TIX_STORE_NO_TIME &&
          (old_date = tix_time_date_in_zone (event->starts_at, zone)) != NULL &&
          tix_time_day_start_in_zone (old_date, zone, &old_day))
        shift = day + (event->starts_at - old_day) - event->starts_at;
      else
        shift = day - event->starts_at;
      if (event->ends_at != TIX_STORE_NO_TIME && event->starts_at != TIX_STORE_NO_TIME)
        event->ends_at += shift;
      event->starts_at = event->starts_at != TIX_STORE_NO_TIME ? event->starts_at + shift : day;
    }

  stmt = tix_store_statement (self,
    "UPDATE events SET name = ?, starts_at = ?, ends_at = ? WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  tix_db_bind_text (stmt, 1, event->name);
  bind_or_null (stmt, 2, event->starts_at, TIX_STORE_NO_TIME);
  bind_or_null (stmt, 3, event->ends_at, TIX_STORE_NO_TIME);
  tix_db_bind_int64 (stmt, 4, event->id);
  return tix_store_step_done (self, stmt, "Could not save the settings", error);
}
