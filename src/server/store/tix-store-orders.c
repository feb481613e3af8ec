/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Orders (issue 19): a sale at the desk makes the order, its items and its
 * tickets in one transaction under the organization's lock, reading what is
 * available inside it, so that of ten desks selling the last ticket exactly
 * one gets it (on PostgreSQL too: the lock is the organization's row). The
 * tickets are made as a generate makes them (tix_store_add_tickets ()). A
 * refund voids them in place: they keep their rows and numbers. */
#define G_LOG_DOMAIN "tix-store"

#include "config.h"

#include "tix-store-private.h"

#define ORDER_COLUMNS \
  "o.id, o.number, o.event_id, o.created_at, o.seller_id, u.name, o.station, o.shift_id," \
  " o.total, o.method, o.tendered, o.change_due, o.status, o.refunded_at"
#define ORDER_FROM " FROM orders o LEFT JOIN users u ON u.id = o.seller_id"

gint64
tix_store_event_refunded (TixStore *self,
                          gint64    event_id)
{
  TixDbStmt *stmt = tix_store_statement (self, "SELECT refunded FROM events WHERE id = ?", NULL);
  gint64 refunded = 0;

  if (stmt == NULL)
    return 0;
  tix_db_bind_int64 (stmt, 1, event_id);
  if (tix_db_step (stmt) == TIX_DB_ROW)
    refunded = tix_db_column_int64 (stmt, 0);
  tix_db_reset (stmt);
  return refunded;
}

static gpointer
order_row (TixDbStmt *stmt)
{
  TixOrder *order = tix_order_new ();

  order->id = tix_db_column_int64 (stmt, 0);
  order->number = tix_db_column_int64 (stmt, 1);
  order->event_id = tix_db_column_int64 (stmt, 2);
  order->created_at = tix_db_column_int64 (stmt, 3);
  order->seller_id = tix_db_column_int64 (stmt, 4);
  order->seller_name = g_strdup (tix_db_column_text (stmt, 5));
  order->station = g_strdup (tix_db_column_text (stmt, 6));
  order->shift_id = tix_db_column_int64 (stmt, 7);
  order->total = tix_db_column_int64 (stmt, 8);
  if (!tix_payment_method_from_string (tix_db_column_text (stmt, 9), &order->method))
    order->method = TIX_PAYMENT_OTHER;
  order->tendered = tix_db_column_int64 (stmt, 10);
  order->change = tix_db_column_int64 (stmt, 11);
  order->status = g_strcmp0 (tix_db_column_text (stmt, 12), "refunded") == 0
                  ? TIX_ORDER_REFUNDED : TIX_ORDER_PAID;
  order->refunded_at = tix_db_column_int64 (stmt, 13);
  return order;
}

static gboolean
read_items (TixStore  *self,
            TixOrder  *order,
            GError   **error)
{
  TixDbStmt *stmt = tix_store_statement (self,
    "SELECT type_id, name, price, quantity FROM order_items WHERE order_id = ? ORDER BY type_id",
    error);
  TixDbStep rc;

  if (stmt == NULL)
    return FALSE;
  tix_db_bind_int64 (stmt, 1, order->id);
  while ((rc = tix_db_step (stmt)) == TIX_DB_ROW)
    tix_order_add_item (order, tix_db_column_int64 (stmt, 0), tix_db_column_text (stmt, 1),
                        tix_db_column_int64 (stmt, 2), tix_db_column_int64 (stmt, 3));
  tix_db_reset (stmt);
  if (rc != TIX_DB_DONE)
    return tix_store_set_error (self, error, "Could not read the order's items");
  return TRUE;
}

static gboolean
read_tickets (TixStore  *self,
              TixOrder  *order,
              GError   **error)
{
  TixDbStmt *stmt = tix_store_statement (self,
    "SELECT " TICKET_COLUMNS TICKET_FROM " WHERE t.order_id = ? ORDER BY t.seq", error);
  TixDbStep rc;

  if (stmt == NULL)
    return FALSE;
  tix_db_bind_int64 (stmt, 1, order->id);
  while ((rc = tix_db_step (stmt)) == TIX_DB_ROW)
    g_ptr_array_add (order->tickets, tix_store_ticket_from_row (stmt));
  tix_db_reset (stmt);
  if (rc != TIX_DB_DONE)
    return tix_store_set_error (self, error, "Could not read the order's tickets");
  return TRUE;
}

TixOrder *
tix_store_get_order (TixStore  *self,
                     gint64     organization_id,
                     gint64     order_id,
                     GError   **error)
{
  g_autoptr(TixOrder) order = NULL;
  TixDbStmt *stmt;

  g_return_val_if_fail (TIX_IS_STORE (self), NULL);

  stmt = tix_store_statement (self,
    "SELECT " ORDER_COLUMNS ORDER_FROM " WHERE o.id = ? AND o.organization_id = ?", error);
  if (stmt == NULL)
    return NULL;
  tix_db_bind_int64 (stmt, 1, order_id);
  tix_db_bind_int64 (stmt, 2, organization_id);
  order = tix_store_step_one (self, stmt, order_row, "No such order", error);
  if (order == NULL || !read_items (self, order, error) || !read_tickets (self, order, error))
    return NULL;
  return g_steal_pointer (&order);
}

GPtrArray *
tix_store_list_orders (TixStore  *self,
                       gint64     organization_id,
                       gint64     event_id,
                       gint64     shift_id,
                       gint64     number,
                       gint64     before_id,
                       guint      limit,
                       gint64    *out_next,
                       GError   **error)
{
  g_autoptr(GPtrArray) orders = g_ptr_array_new_with_free_func ((GDestroyNotify) tix_order_unref);
  TixDbStmt *stmt;
  TixDbStep rc;

  g_return_val_if_fail (TIX_IS_STORE (self), NULL);
  g_return_val_if_fail (limit >= 1, NULL);

  *out_next = 0;
  stmt = tix_store_statement (self,
    "SELECT " ORDER_COLUMNS ORDER_FROM " WHERE o.organization_id = ?1"
    " AND (CAST (?2 AS BIGINT) = 0 OR o.event_id = ?2)"
    " AND (CAST (?3 AS BIGINT) = 0 OR o.shift_id = ?3)"
    " AND (CAST (?4 AS BIGINT) = 0 OR o.number = ?4) AND (CAST (?5 AS BIGINT) = 0 OR o.id < ?5)"
    " ORDER BY o.id DESC LIMIT ?6", error);
  if (stmt == NULL)
    return NULL;
  tix_db_bind_int64 (stmt, 1, organization_id);
  tix_db_bind_int64 (stmt, 2, event_id);
  tix_db_bind_int64 (stmt, 3, shift_id);
  tix_db_bind_int64 (stmt, 4, number);
  tix_db_bind_int64 (stmt, 5, before_id);
  tix_db_bind_int64 (stmt, 6, (gint64) limit + 1);
  while ((rc = tix_db_step (stmt)) == TIX_DB_ROW)
    g_ptr_array_add (orders, order_row (stmt));
  tix_db_reset (stmt);
  if (rc != TIX_DB_DONE)
    {
      tix_store_set_error (self, error, "Could not list the orders");
      return NULL;
    }
  if (orders->len > limit)
    {
      g_ptr_array_set_size (orders, limit);
      *out_next = ((TixOrder *) g_ptr_array_index (orders, limit - 1))->id;
    }
  for (guint i = 0; i < orders->len; i++)
    if (!read_items (self, g_ptr_array_index (orders, i), error))
      return NULL;
  return g_steal_pointer (&orders);
}

static gint64
next_order_number (TixStore  *self,
                   gint64     organization_id,
                   GError   **error)
{
  TixDbStmt *stmt = tix_store_statement (self,
    "UPDATE ticket_counts SET next_order = next_order + 1 WHERE organization_id = ?"
    " RETURNING next_order - 1", error);
  gint64 number = -1;

  if (stmt == NULL)
    return -1;
  tix_db_bind_int64 (stmt, 1, organization_id);
  if (tix_db_step (stmt) == TIX_DB_ROW)
    number = tix_db_column_int64 (stmt, 0);
  else
    tix_store_set_error (self, error, "Could not number the order");
  tix_db_reset (stmt);
  return number;
}

static gboolean
adjust_sold (TixStore  *self,
             gint64     type_id,
             gint64     delta,
             GError   **error)
{
  TixDbStmt *stmt = tix_store_statement (self,
    "UPDATE ticket_types SET sold = sold + ? WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  tix_db_bind_int64 (stmt, 1, delta);
  tix_db_bind_int64 (stmt, 2, type_id);
  return tix_store_step_done (self, stmt, "Could not count the sale", error);
}

/* The types of @sale, checked against what is left, inside the
 * transaction: a TixTicketType per line, or NULL with @error set. */
static GPtrArray *
claim_types (TixStore           *self,
             gint64              organization_id,
             const TixStoreSale *sale,
             gint64             *out_available,
             GError            **error)
{
  g_autoptr(GPtrArray) types = g_ptr_array_new_with_free_func ((GDestroyNotify) tix_ticket_type_unref);
  gint64 room = tix_store_event_room (self, sale->event_id, error);
  gint64 taken = 0;

  if (room < -1)
    return NULL;
  for (guint i = 0; i < sale->n_lines; i++)
    {
      const TixStoreOrderLine *line = &sale->lines[i];
      g_autoptr(TixTicketType) type = tix_store_lookup_ticket_type (self, organization_id,
                                                                    line->type_id, error);

      if (type == NULL)
        return NULL;
      if (type->event_id != sale->event_id)
        {
          g_set_error (error, TIX_STORE_ERROR, TIX_STORE_ERROR_NOT_FOUND,
                       "The ticket type %" G_GINT64_FORMAT " is not of this event", type->id);
          return NULL;
        }
      tix_store_type_set_available (type, room == TIX_TICKET_TYPE_NO_LIMIT
                                          ? room : MAX (room - taken, 0));
      if (type->available != TIX_TICKET_TYPE_NO_LIMIT && line->quantity > type->available)
        {
          *out_available = type->available;
          if (!type->active)
            g_set_error (error, TIX_STORE_ERROR, TIX_STORE_ERROR_SOLD_OUT,
                         "“%s” is not on sale", type->name);
          else
            g_set_error (error, TIX_STORE_ERROR, TIX_STORE_ERROR_SOLD_OUT,
                         "Only %" G_GINT64_FORMAT " of “%s” are left", type->available,
                         type->name);
          return NULL;
        }
      taken += line->quantity;
      g_ptr_array_add (types, g_steal_pointer (&type));
    }
  return g_steal_pointer (&types);
}

static gint64
insert_order (TixStore           *self,
              TixUser            *user,
              const TixStoreSale *sale,
              const TixShift     *shift,
              gint64              number,
              gint64              total,
              gint64              tendered,
              gint64              now_ms,
              GError            **error)
{
  TixDbStmt *stmt = tix_store_statement (self,
    "INSERT INTO orders (organization_id, number, event_id, seller_id, station, shift_id, total,"
    " method, tendered, change_due, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    " RETURNING id", error);
  gint64 id = 0;

  if (stmt == NULL)
    return 0;
  tix_db_bind_int64 (stmt, 1, tix_user_get_organization_id (user));
  tix_db_bind_int64 (stmt, 2, number);
  tix_db_bind_int64 (stmt, 3, sale->event_id);
  tix_db_bind_int64 (stmt, 4, tix_user_get_id (user));
  tix_db_bind_text (stmt, 5, shift->station);
  tix_db_bind_int64 (stmt, 6, shift->id);
  tix_db_bind_int64 (stmt, 7, total);
  tix_db_bind_text (stmt, 8, tix_payment_method_to_string (sale->method));
  tix_db_bind_int64 (stmt, 9, tendered);
  tix_db_bind_int64 (stmt, 10, tendered - total);
  tix_db_bind_int64 (stmt, 11, now_ms);
  if (tix_db_step (stmt) == TIX_DB_ROW)
    id = tix_db_column_int64 (stmt, 0);
  tix_db_reset (stmt);
  if (id <= 0)
    tix_store_set_error (self, error, "Could not add the order");
  return id;
}

static gboolean
insert_item (TixStore       *self,
             gint64          order_id,
             TixTicketType  *type,
             gint64          price,
             gint64          quantity,
             GError        **error)
{
  TixDbStmt *stmt = tix_store_statement (self,
    "INSERT INTO order_items (order_id, type_id, name, price, quantity) VALUES (?, ?, ?, ?, ?)",
    error);

  if (stmt == NULL)
    return FALSE;
  tix_db_bind_int64 (stmt, 1, order_id);
  tix_db_bind_int64 (stmt, 2, type->id);
  tix_db_bind_text (stmt, 3, type->name);
  tix_db_bind_int64 (stmt, 4, price);
  tix_db_bind_int64 (stmt, 5, quantity);
  return tix_store_step_done (self, stmt, "Could not add the order's items", error);
}

TixOrder *
tix_store_sell (TixStore           *self,
                TixUser            *user,
                const TixStoreSale *sale,
                gint64              now_ms,
                gint64             *out_available,
                GError            **error)
{
  gint64 org_id = tix_user_get_organization_id (user), total = 0, tendered, number, order_id;
  g_autoptr(TixShift) shift = NULL;
  g_autoptr(TixStoreEvent) event = NULL;
  g_autoptr(GPtrArray) types = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean free_sale = sale->method == TIX_PAYMENT_FREE;

  g_return_val_if_fail (TIX_IS_STORE (self), NULL);
  g_return_val_if_fail (sale != NULL && sale->n_lines > 0, NULL);

  *out_available = -1;
  if (!tix_store_begin (self, org_id, error))
    return NULL;

  shift = tix_store_find_open_shift (self, user, sale->station, &local_error);
  if (shift == NULL)
    {
      if (g_error_matches (local_error, TIX_STORE_ERROR, TIX_STORE_ERROR_NOT_FOUND))
        g_set_error (error, TIX_STORE_ERROR, TIX_STORE_ERROR_NO_SHIFT,
                     "Open a shift at this station (“%s”) before selling",
                     sale->station ? sale->station : "");
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      goto failed;
    }
  event = tix_store_get_event (self, org_id, sale->event_id, error);
  if (event == NULL)
    goto failed;
  if (event->archived)
    {
      g_set_error (error, TIX_STORE_ERROR, TIX_STORE_ERROR_ARCHIVED,
                   "The event “%s” is archived: it takes no new tickets", event->name);
      goto failed;
    }
  types = claim_types (self, org_id, sale, out_available, error);
  if (types == NULL)
    goto failed;

  for (guint i = 0; i < sale->n_lines && !free_sale; i++)
    total += ((TixTicketType *) g_ptr_array_index (types, i))->price * sale->lines[i].quantity;
  tendered = total;
  if (sale->method == TIX_PAYMENT_CASH)
    {
      if (sale->tendered < total)
        {
          g_set_error (error, TIX_STORE_ERROR, TIX_STORE_ERROR_PAYMENT,
                       "The cash tendered (%" G_GINT64_FORMAT ") is less than the total (%"
                       G_GINT64_FORMAT ")", MAX (sale->tendered, 0), total);
          goto failed;
        }
      tendered = sale->tendered;
    }

  number = next_order_number (self, org_id, error);
  if (number < 0)
    goto failed;
  order_id = insert_order (self, user, sale, shift, number, total, tendered, now_ms, error);
  if (order_id <= 0)
    goto failed;
  for (guint i = 0; i < sale->n_lines; i++)
    {
      TixTicketType *type = g_ptr_array_index (types, i);
      gint64 quantity = sale->lines[i].quantity;
      g_autoptr(GPtrArray) tickets = NULL;

      if (!insert_item (self, order_id, type, free_sale ? 0 : type->price, quantity, error) ||
          !adjust_sold (self, type->id, quantity, error))
        goto failed;
      tickets = tix_store_add_tickets (self, user, sale->event_id, type->id, order_id,
                                       type->prefix, NULL, (guint) quantity, now_ms, NULL, NULL,
                                       error);
      if (tickets == NULL)
        goto failed;
    }
  if (free_sale)
    {
      g_autofree char *detail = g_strdup_printf ("#%" G_GINT64_FORMAT, number);

      if (!tix_store_audit (self, user, "order-free", detail, now_ms, error))
        goto failed;
    }
  if (!tix_store_commit (self, error))
    goto failed;
  return tix_store_get_order (self, org_id, order_id, error);

failed:
  tix_store_rollback (self);
  return NULL;
}

static gboolean
void_tickets (TixStore  *self,
              TixOrder  *order,
              gint64     organization_id,
              gint64     now_ms,
              GError   **error)
{
  gint64 version, n = 0;
  TixDbStmt *stmt;

  for (guint i = 0; i < order->tickets->len; i++)
    if (tix_ticket_get_refunded_at (g_ptr_array_index (order->tickets, i)) == 0)
      n++;
  if (n == 0)
    return TRUE;
  /* Each its own change number: the stations' copies learn of it. */
  version = tix_store_next_versions (self, organization_id, n, error);
  if (version < 0)
    return FALSE;
  for (guint i = 0; i < order->tickets->len; i++)
    {
      TixTicket *ticket = g_ptr_array_index (order->tickets, i);

      if (tix_ticket_get_refunded_at (ticket) != 0)
        continue;
      stmt = tix_store_statement (self,
        "UPDATE tickets SET refunded_at = ?, version = ? WHERE id = ?", error);
      if (stmt == NULL)
        return FALSE;
      tix_db_bind_int64 (stmt, 1, now_ms);
      tix_db_bind_int64 (stmt, 2, version++);
      tix_db_bind_text (stmt, 3, tix_ticket_get_id (ticket));
      if (!tix_store_step_done (self, stmt, "Could not void the tickets", error))
        return FALSE;
    }
  stmt = tix_store_statement (self, "UPDATE events SET refunded = refunded + ? WHERE id = ?",
                              error);
  if (stmt == NULL)
    return FALSE;
  tix_db_bind_int64 (stmt, 1, n);
  tix_db_bind_int64 (stmt, 2, order->event_id);
  return tix_store_step_done (self, stmt, "Could not count the refund", error);
}

TixOrder *
tix_store_refund_order (TixStore    *self,
                        TixUser     *user,
                        gint64       order_id,
                        const char  *reason,
                        const char  *station,
                        gint64       grace_ms,
                        gint64       now_ms,
                        GError     **error)
{
  gint64 org_id = tix_user_get_organization_id (user);
  g_autoptr(TixOrder) order = NULL;
  g_autoptr(TixShift) shift = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *detail = NULL;
  TixDbStmt *stmt;

  g_return_val_if_fail (TIX_IS_STORE (self), NULL);

  if (!tix_store_begin (self, org_id, error))
    return NULL;
  order = tix_store_get_order (self, org_id, order_id, error);
  if (order == NULL)
    goto failed;
  if (!g_str_equal (tix_user_get_role (user), "admin") &&
      (order->seller_id != tix_user_get_id (user) || now_ms - order->created_at > grace_ms))
    {
      g_set_error (error, TIX_STORE_ERROR, TIX_STORE_ERROR_FORBIDDEN,
                   "A seller may refund only their own sale, within %" G_GINT64_FORMAT
                   " minutes; ask an admin", grace_ms / 60000);
      goto failed;
    }
  if (order->status == TIX_ORDER_REFUNDED)
    {
      g_set_error (error, TIX_STORE_ERROR, TIX_STORE_ERROR_REFUNDED,
                   "Order %" G_GINT64_FORMAT " is refunded already", order->number);
      goto failed;
    }

  shift = tix_store_find_open_shift (self, user, station, &local_error);
  if (shift == NULL && station != NULL &&
      g_error_matches (local_error, TIX_STORE_ERROR, TIX_STORE_ERROR_NOT_FOUND))
    {
      g_clear_error (&local_error);
      shift = tix_store_find_open_shift (self, user, NULL, &local_error);
    }
  if (shift == NULL)
    {
      if (g_error_matches (local_error, TIX_STORE_ERROR, TIX_STORE_ERROR_NOT_FOUND))
        g_set_error_literal (error, TIX_STORE_ERROR, TIX_STORE_ERROR_NO_SHIFT,
                             "Open a shift before refunding: the money goes out of it");
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      goto failed;
    }

  stmt = tix_store_statement (self,
    "UPDATE orders SET status = 'refunded', refunded_at = ?, refunded_by = ?,"
    " refund_shift_id = ?, refund_reason = ? WHERE id = ?", error);
  if (stmt == NULL)
    goto failed;
  tix_db_bind_int64 (stmt, 1, now_ms);
  tix_db_bind_int64 (stmt, 2, tix_user_get_id (user));
  tix_db_bind_int64 (stmt, 3, shift->id);
  tix_db_bind_text (stmt, 4, reason);
  tix_db_bind_int64 (stmt, 5, order_id);
  if (!tix_store_step_done (self, stmt, "Could not refund the order", error))
    goto failed;
  for (guint i = 0; i < order->items->len; i++)
    {
      const TixOrderItem *item = &g_array_index (order->items, TixOrderItem, i);

      if (!adjust_sold (self, item->type_id, -item->quantity, error))
        goto failed;
    }
  detail = g_strdup_printf ("#%" G_GINT64_FORMAT "%s%s", order->number, reason ? ": " : "",
                            reason ? reason : "");
  if (!void_tickets (self, order, org_id, now_ms, error) ||
      !tix_store_audit (self, user, "order-refunded", detail, now_ms, error) ||
      !tix_store_commit (self, error))
    goto failed;
  return tix_store_get_order (self, org_id, order_id, error);

failed:
  tix_store_rollback (self);
  return NULL;
}
