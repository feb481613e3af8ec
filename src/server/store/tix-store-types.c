/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Ticket types (issue 19): what the desk sells of an event, at a price in
 * minor units, with an optional quota. Their sold counter changes in the
 * same transactions as the tickets (tix-store-orders.c), so that what is
 * available is O(1) to read. */
#define G_LOG_DOMAIN "tix-store"

#include "config.h"

#include "tix-store-private.h"
#include "tix-validate.h"

#define TYPE_COLUMNS \
  "id, event_id, name, price, prefix, quota, sold, active, created_at"

gint64
tix_store_event_room (TixStore  *self,
                      gint64     event_id,
                      GError   **error)
{
  TixDbStmt *stmt = tix_store_statement (self,
    "SELECT e.capacity - e.total + e.refunded -"
    " (SELECT coalesce (sum (b.count), 0) FROM ticket_batches b WHERE b.event_id = e.id)"
    " FROM events e WHERE e.id = ?", error);
  gint64 room = -2;
  TixDbStep rc;

  if (stmt == NULL)
    return -2;
  tix_db_bind_int64 (stmt, 1, event_id);
  rc = tix_db_step (stmt);
  if (rc == TIX_DB_ROW)
    room = tix_db_column_is_null (stmt, 0) ? TIX_TICKET_TYPE_NO_LIMIT
                                           : MAX (tix_db_column_int64 (stmt, 0), 0);
  tix_db_reset (stmt);
  if (rc == TIX_DB_DONE)
    g_set_error_literal (error, TIX_STORE_ERROR, TIX_STORE_ERROR_NOT_FOUND, "No such event");
  else if (rc != TIX_DB_ROW)
    tix_store_set_error (self, error, "Could not read the event");
  return room;
}

void
tix_store_type_set_available (TixTicketType *type,
                              gint64         room)
{
  gint64 left = type->quota == TIX_TICKET_TYPE_NO_LIMIT ? TIX_TICKET_TYPE_NO_LIMIT
                                                        : MAX (type->quota - type->sold, 0);

  if (room != TIX_TICKET_TYPE_NO_LIMIT && (left == TIX_TICKET_TYPE_NO_LIMIT || room < left))
    left = room;
  type->available = type->active ? left : 0;
}

static gpointer
type_row (TixDbStmt *stmt)
{
  TixTicketType *type = tix_ticket_type_new ();

  type->id = tix_db_column_int64 (stmt, 0);
  type->event_id = tix_db_column_int64 (stmt, 1);
  type->name = g_strdup (tix_db_column_text (stmt, 2));
  type->price = tix_db_column_int64 (stmt, 3);
  type->prefix = g_strdup (tix_db_column_text (stmt, 4));
  type->quota = tix_db_column_is_null (stmt, 5) ? TIX_TICKET_TYPE_NO_LIMIT
                                                : tix_db_column_int64 (stmt, 5);
  type->sold = tix_db_column_int64 (stmt, 6);
  type->active = tix_db_column_int64 (stmt, 7) != 0;
  type->created_at = tix_db_column_int64 (stmt, 8);
  return type;
}

GPtrArray *
tix_store_list_ticket_types (TixStore  *self,
                             gint64     organization_id,
                             gint64     event_id,
                             GError   **error)
{
  g_autoptr(GPtrArray) types = g_ptr_array_new_with_free_func ((GDestroyNotify) tix_ticket_type_unref);
  g_autoptr(TixStoreEvent) event = NULL;
  TixDbStmt *stmt;
  TixDbStep rc;
  gint64 room;

  g_return_val_if_fail (TIX_IS_STORE (self), NULL);

  event = tix_store_get_event (self, organization_id, event_id, error);
  if (event == NULL)
    return NULL;
  room = tix_store_event_room (self, event_id, error);
  if (room < -1)
    return NULL;
  stmt = tix_store_statement (self,
    "SELECT " TYPE_COLUMNS " FROM ticket_types WHERE event_id = ? AND organization_id = ?"
    " ORDER BY id", error);
  if (stmt == NULL)
    return NULL;
  tix_db_bind_int64 (stmt, 1, event_id);
  tix_db_bind_int64 (stmt, 2, organization_id);
  while ((rc = tix_db_step (stmt)) == TIX_DB_ROW)
    {
      TixTicketType *type = type_row (stmt);

      tix_store_type_set_available (type, room);
      g_ptr_array_add (types, type);
    }
  tix_db_reset (stmt);
  if (rc != TIX_DB_DONE)
    {
      tix_store_set_error (self, error, "Could not list the ticket types");
      return NULL;
    }
  return g_steal_pointer (&types);
}

/* Without its availability. */
TixTicketType *
tix_store_lookup_ticket_type (TixStore  *self,
                              gint64     organization_id,
                              gint64     type_id,
                              GError   **error)
{
  TixDbStmt *stmt = tix_store_statement (self,
    "SELECT " TYPE_COLUMNS " FROM ticket_types WHERE id = ? AND organization_id = ?", error);

  if (stmt == NULL)
    return NULL;
  tix_db_bind_int64 (stmt, 1, type_id);
  tix_db_bind_int64 (stmt, 2, organization_id);
  return tix_store_step_one (self, stmt, type_row, "No such ticket type", error);
}

TixTicketType *
tix_store_get_ticket_type (TixStore  *self,
                           gint64     organization_id,
                           gint64     type_id,
                           GError   **error)
{
  g_autoptr(TixTicketType) type = NULL;
  gint64 room;

  g_return_val_if_fail (TIX_IS_STORE (self), NULL);

  type = tix_store_lookup_ticket_type (self, organization_id, type_id, error);
  if (type == NULL)
    return NULL;
  room = tix_store_event_room (self, type->event_id, error);
  if (room < -1)
    return NULL;
  tix_store_type_set_available (type, room);
  return g_steal_pointer (&type);
}

static void
bind_quota (TixDbStmt *stmt,
            int        index,
            gint64     quota)
{
  if (quota == TIX_TICKET_TYPE_NO_LIMIT)
    tix_db_bind_null (stmt, index);
  else
    tix_db_bind_int64 (stmt, index, quota);
}

static TixTicketType *
audit_and_commit (TixStore    *self,
                  TixUser     *user,
                  gint64       type_id,
                  const char  *action,
                  gint64       now_ms,
                  GError     **error)
{
  g_autoptr(TixTicketType) type = tix_store_get_ticket_type (self,
                                                             tix_user_get_organization_id (user),
                                                             type_id, error);

  if (type == NULL ||
      !tix_store_audit (self, user, action, type->name, now_ms, error) ||
      !tix_store_commit (self, error))
    {
      tix_store_rollback (self);
      return NULL;
    }
  return g_steal_pointer (&type);
}

TixTicketType *
tix_store_create_ticket_type (TixStore            *self,
                              TixUser             *user,
                              const TixTicketType *type,
                              gint64               now_ms,
                              GError             **error)
{
  gint64 org_id = tix_user_get_organization_id (user), id = 0;
  g_autoptr(TixStoreEvent) event = NULL;
  TixDbStmt *stmt;

  g_return_val_if_fail (TIX_IS_STORE (self), NULL);
  g_return_val_if_fail (type != NULL && type->name != NULL && type->prefix != NULL, NULL);

  if (!tix_store_begin (self, org_id, error))
    return NULL;
  event = tix_store_get_event (self, org_id, type->event_id, error);
  if (event == NULL)
    goto failed;
  stmt = tix_store_statement (self,
    "INSERT INTO ticket_types (organization_id, event_id, name, price, prefix, quota, active,"
    " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id", error);
  if (stmt == NULL)
    goto failed;
  tix_db_bind_int64 (stmt, 1, org_id);
  tix_db_bind_int64 (stmt, 2, type->event_id);
  tix_db_bind_text (stmt, 3, type->name);
  tix_db_bind_int64 (stmt, 4, type->price);
  tix_db_bind_text (stmt, 5, type->prefix);
  bind_quota (stmt, 6, type->quota);
  tix_db_bind_int64 (stmt, 7, type->active ? 1 : 0);
  tix_db_bind_int64 (stmt, 8, now_ms);
  if (tix_db_step (stmt) == TIX_DB_ROW)
    id = tix_db_column_int64 (stmt, 0);
  tix_db_reset (stmt);
  if (id <= 0)
    {
      tix_store_set_error (self, error, "Could not add the ticket type");
      goto failed;
    }
  return audit_and_commit (self, user, id, "type-created", now_ms, error);

failed:
  tix_store_rollback (self);
  return NULL;
}

TixTicketType *
tix_store_update_ticket_type (TixStore            *self,
                              TixUser             *user,
                              gint64               type_id,
                              const TixTicketType *changes,
                              guint                fields,
                              gint64               now_ms,
                              GError             **error)
{
  gint64 org_id = tix_user_get_organization_id (user);
  g_autoptr(TixTicketType) now = NULL;
  TixDbStmt *stmt;

  g_return_val_if_fail (TIX_IS_STORE (self), NULL);
  g_return_val_if_fail (changes != NULL, NULL);

  if (!tix_store_begin (self, org_id, error))
    return NULL;
  now = tix_store_lookup_ticket_type (self, org_id, type_id, error);
  if (now == NULL)
    goto failed;
  if (fields & TIX_STORE_TYPE_NAME)
    {
      g_free (now->name);
      now->name = g_strdup (changes->name);
    }
  if (fields & TIX_STORE_TYPE_PRICE)
    now->price = changes->price;
  if (fields & TIX_STORE_TYPE_PREFIX)
    {
      g_free (now->prefix);
      now->prefix = g_strdup (changes->prefix);
    }
  if (fields & TIX_STORE_TYPE_QUOTA)
    now->quota = changes->quota;
  if (fields & TIX_STORE_TYPE_ACTIVE)
    now->active = changes->active;
  if (now->quota != TIX_TICKET_TYPE_NO_LIMIT && now->quota < now->sold)
    {
      g_set_error (error, TIX_STORE_ERROR, TIX_STORE_ERROR_LIMIT,
                   "%" G_GINT64_FORMAT " tickets of this type are sold: its quota cannot be less",
                   now->sold);
      goto failed;
    }

  stmt = tix_store_statement (self,
    "UPDATE ticket_types SET name = ?, price = ?, prefix = ?, quota = ?, active = ?"
    " WHERE id = ?", error);
  if (stmt == NULL)
    goto failed;
  tix_db_bind_text (stmt, 1, now->name);
  tix_db_bind_int64 (stmt, 2, now->price);
  tix_db_bind_text (stmt, 3, now->prefix);
  bind_quota (stmt, 4, now->quota);
  tix_db_bind_int64 (stmt, 5, now->active ? 1 : 0);
  tix_db_bind_int64 (stmt, 6, type_id);
  if (!tix_store_step_done (self, stmt, "Could not change the ticket type", error))
    goto failed;
  return audit_and_commit (self, user, type_id, "type-updated", now_ms, error);

failed:
  tix_store_rollback (self);
  return NULL;
}

TixTicketType *
tix_store_delete_ticket_type (TixStore  *self,
                              TixUser   *user,
                              gint64     type_id,
                              gint64     now_ms,
                              gboolean  *out_deactivated,
                              GError   **error)
{
  gint64 org_id = tix_user_get_organization_id (user);
  g_autoptr(TixTicketType) type = NULL;
  TixDbStmt *stmt;
  gboolean used = FALSE;

  g_return_val_if_fail (TIX_IS_STORE (self), NULL);

  *out_deactivated = FALSE;
  if (!tix_store_begin (self, org_id, error))
    return NULL;
  type = tix_store_lookup_ticket_type (self, org_id, type_id, error);
  if (type == NULL)
    goto failed;

  /* Sold, or named by a ticket or an order (refunded ones too): kept. */
  stmt = tix_store_statement (self,
    "SELECT CASE WHEN EXISTS (SELECT 1 FROM order_items WHERE type_id = ?1)"
    " OR EXISTS (SELECT 1 FROM tickets WHERE type_id = ?1 AND organization_id = ?2)"
    " THEN 1 ELSE 0 END", error);
  if (stmt == NULL)
    goto failed;
  tix_db_bind_int64 (stmt, 1, type_id);
  tix_db_bind_int64 (stmt, 2, org_id);
  if (tix_db_step (stmt) == TIX_DB_ROW)
    used = tix_db_column_int64 (stmt, 0) != 0;
  tix_db_reset (stmt);

  if (used)
    {
      stmt = tix_store_statement (self, "UPDATE ticket_types SET active = 0 WHERE id = ?", error);
      if (stmt == NULL)
        goto failed;
      tix_db_bind_int64 (stmt, 1, type_id);
      if (!tix_store_step_done (self, stmt, "Could not deactivate the ticket type", error))
        goto failed;
      *out_deactivated = TRUE;
      return audit_and_commit (self, user, type_id, "type-deactivated", now_ms, error);
    }

  stmt = tix_store_statement (self, "DELETE FROM ticket_types WHERE id = ?", error);
  if (stmt == NULL)
    goto failed;
  tix_db_bind_int64 (stmt, 1, type_id);
  if (!tix_store_step_done (self, stmt, "Could not delete the ticket type", error) ||
      !tix_store_audit (self, user, "type-deleted", type->name, now_ms, error) ||
      !tix_store_commit (self, error))
    goto failed;
  type->active = FALSE;
  type->available = 0;
  return g_steal_pointer (&type);

failed:
  tix_store_rollback (self);
  return NULL;
}

gboolean
tix_store_copy_ticket_types (TixStore  *self,
                             gint64     from_event_id,
                             gint64     to_event_id,
                             gint64     now_ms,
                             GError   **error)
{
  TixDbStmt *stmt = tix_store_statement (self,
    "INSERT INTO ticket_types (organization_id, event_id, name, price, prefix, quota, active,"
    " created_at) SELECT organization_id, CAST (?1 AS BIGINT), name, price, prefix, quota, active,"
    " CAST (?2 AS BIGINT) FROM ticket_types WHERE event_id = ?3 ORDER BY id", error);

  if (stmt == NULL)
    return FALSE;
  tix_db_bind_int64 (stmt, 1, to_event_id);
  tix_db_bind_int64 (stmt, 2, now_ms);
  tix_db_bind_int64 (stmt, 3, from_event_id);
  return tix_store_step_done (self, stmt, "Could not copy the ticket types", error);
}
