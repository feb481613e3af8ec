/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Shifts (issue 19): a cashier's till at a station, opened with a float and
 * closed with the cash counted. Every sale counts in its seller's open
 * shift at that station, every refund in the refunder's; the cash-up adds
 * them up: expected cash = float + cash sales − cash refunds. */
#define G_LOG_DOMAIN "tix-store"

#include "config.h"

#include "tix-store-private.h"

#define SHIFT_COLUMNS \
  "s.id, s.user_id, u.name, s.station, s.opening_float, s.opened_at, s.closed_at, s.counted_cash"
#define SHIFT_FROM " FROM shifts s LEFT JOIN users u ON u.id = s.user_id"

static gpointer
shift_row (TixDbStmt *stmt)
{
  TixShift *shift = tix_shift_new ();

  shift->id = tix_db_column_int64 (stmt, 0);
  shift->user_id = tix_db_column_int64 (stmt, 1);
  shift->user_name = g_strdup (tix_db_column_text (stmt, 2));
  shift->station = g_strdup (tix_db_column_text (stmt, 3));
  shift->opening_float = tix_db_column_int64 (stmt, 4);
  shift->opened_at = tix_db_column_int64 (stmt, 5);
  shift->closed_at = tix_db_column_int64 (stmt, 6);
  shift->counted_cash = tix_db_column_is_null (stmt, 7) ? TIX_SHIFT_NOT_COUNTED
                                                        : tix_db_column_int64 (stmt, 7);
  return shift;
}

TixShift *
tix_store_get_shift (TixStore  *self,
                     gint64     organization_id,
                     gint64     shift_id,
                     GError   **error)
{
  TixDbStmt *stmt;

  g_return_val_if_fail (TIX_IS_STORE (self), NULL);

  stmt = tix_store_statement (self,
    "SELECT " SHIFT_COLUMNS SHIFT_FROM " WHERE s.id = ? AND s.organization_id = ?", error);
  if (stmt == NULL)
    return NULL;
  tix_db_bind_int64 (stmt, 1, shift_id);
  tix_db_bind_int64 (stmt, 2, organization_id);
  return tix_store_step_one (self, stmt, shift_row, "No such shift", error);
}

TixShift *
tix_store_find_open_shift (TixStore    *self,
                           TixUser     *user,
                           const char  *station,
                           GError     **error)
{
  TixDbStmt *stmt;

  g_return_val_if_fail (TIX_IS_STORE (self), NULL);

  stmt = tix_store_statement (self,
    "SELECT " SHIFT_COLUMNS SHIFT_FROM " WHERE s.organization_id = ?1 AND s.user_id = ?2"
    " AND s.closed_at IS NULL AND (CAST (?3 AS TEXT) IS NULL OR s.station = ?3)"
    " ORDER BY s.opened_at DESC, s.id DESC LIMIT 1", error);
  if (stmt == NULL)
    return NULL;
  tix_db_bind_int64 (stmt, 1, tix_user_get_organization_id (user));
  tix_db_bind_int64 (stmt, 2, tix_user_get_id (user));
  tix_db_bind_text (stmt, 3, station);
  return tix_store_step_one (self, stmt, shift_row, "No open shift", error);
}

TixShift *
tix_store_open_shift (TixStore    *self,
                      TixUser     *user,
                      const char  *station,
                      gint64       opening_float,
                      gint64       now_ms,
                      GError     **error)
{
  gint64 org_id = tix_user_get_organization_id (user), id = 0;
  g_autoptr(TixShift) open = NULL;
  g_autoptr(TixShift) shift = NULL;
  g_autofree char *detail = NULL;
  TixDbStmt *stmt;

  g_return_val_if_fail (TIX_IS_STORE (self), NULL);
  g_return_val_if_fail (station != NULL, NULL);

  if (!tix_store_begin (self, org_id, error))
    return NULL;
  open = tix_store_find_open_shift (self, user, station, NULL);
  if (open != NULL)
    {
      g_set_error (error, TIX_STORE_ERROR, TIX_STORE_ERROR_EXISTS,
                   "You have an open shift at this station already (%" G_GINT64_FORMAT ")",
                   open->id);
      goto failed;
    }
  stmt = tix_store_statement (self,
    "INSERT INTO shifts (organization_id, user_id, station, opening_float, opened_at)"
    " VALUES (?, ?, ?, ?, ?) RETURNING id", error);
  if (stmt == NULL)
    goto failed;
  tix_db_bind_int64 (stmt, 1, org_id);
  tix_db_bind_int64 (stmt, 2, tix_user_get_id (user));
  tix_db_bind_text (stmt, 3, station);
  tix_db_bind_int64 (stmt, 4, opening_float);
  tix_db_bind_int64 (stmt, 5, now_ms);
  if (tix_db_step (stmt) == TIX_DB_ROW)
    id = tix_db_column_int64 (stmt, 0);
  tix_db_reset (stmt);
  if (id <= 0)
    {
      tix_store_set_error (self, error, "Could not open the shift");
      goto failed;
    }
  detail = g_strdup_printf ("%s, float %" G_GINT64_FORMAT, station, opening_float);
  if (!tix_store_audit (self, user, "shift-opened", detail, now_ms, error) ||
      !tix_store_commit (self, error))
    goto failed;
  return tix_store_get_shift (self, org_id, id, error);

failed:
  tix_store_rollback (self);
  return NULL;
}

static gboolean
add_sales (TixStore   *self,
           TixCashUp  *cash_up,
           GError    **error)
{
  TixDbStmt *stmt = tix_store_statement (self,
    "SELECT method, count(*), coalesce (sum (total), 0) FROM orders WHERE shift_id = ?"
    " GROUP BY method", error);
  TixDbStep rc;

  if (stmt == NULL)
    return FALSE;
  tix_db_bind_int64 (stmt, 1, cash_up->shift->id);
  while ((rc = tix_db_step (stmt)) == TIX_DB_ROW)
    {
      TixPaymentMethod method;

      if (!tix_payment_method_from_string (tix_db_column_text (stmt, 0), &method))
        continue;
      cash_up->by_method[method].count = tix_db_column_int64 (stmt, 1);
      cash_up->by_method[method].amount = tix_db_column_int64 (stmt, 2);
      cash_up->orders += cash_up->by_method[method].count;
      cash_up->total += cash_up->by_method[method].amount;
    }
  tix_db_reset (stmt);
  if (rc != TIX_DB_DONE)
    return tix_store_set_error (self, error, "Could not add up the sales");
  return TRUE;
}

static gboolean
add_types (TixStore   *self,
           TixCashUp  *cash_up,
           GError    **error)
{
  TixDbStmt *stmt = tix_store_statement (self,
    "SELECT i.type_id, min (i.name), sum (i.quantity), sum (i.price * i.quantity)"
    " FROM order_items i JOIN orders o ON o.id = i.order_id WHERE o.shift_id = ?"
    " GROUP BY i.type_id ORDER BY i.type_id", error);
  TixDbStep rc;

  if (stmt == NULL)
    return FALSE;
  tix_db_bind_int64 (stmt, 1, cash_up->shift->id);
  while ((rc = tix_db_step (stmt)) == TIX_DB_ROW)
    tix_cash_up_add_type (cash_up, tix_db_column_int64 (stmt, 0), tix_db_column_text (stmt, 1),
                          tix_db_column_int64 (stmt, 2), tix_db_column_int64 (stmt, 3));
  tix_db_reset (stmt);
  if (rc != TIX_DB_DONE)
    return tix_store_set_error (self, error, "Could not add up the ticket types");
  return TRUE;
}

static gboolean
add_refunds (TixStore   *self,
             TixCashUp  *cash_up,
             GError    **error)
{
  TixDbStmt *stmt = tix_store_statement (self,
    "SELECT count(*), coalesce (sum (total), 0),"
    " coalesce (sum (CASE WHEN method = 'cash' THEN total ELSE 0 END), 0)"
    " FROM orders WHERE refund_shift_id = ?", error);
  TixDbStep rc;

  if (stmt == NULL)
    return FALSE;
  tix_db_bind_int64 (stmt, 1, cash_up->shift->id);
  rc = tix_db_step (stmt);
  if (rc == TIX_DB_ROW)
    {
      cash_up->refunds_count = tix_db_column_int64 (stmt, 0);
      cash_up->refunds_amount = tix_db_column_int64 (stmt, 1);
      cash_up->refunds_cash = tix_db_column_int64 (stmt, 2);
    }
  tix_db_reset (stmt);
  if (rc != TIX_DB_ROW)
    return tix_store_set_error (self, error, "Could not add up the refunds");
  return TRUE;
}

TixCashUp *
tix_store_get_cash_up (TixStore  *self,
                       gint64     organization_id,
                       gint64     shift_id,
                       GError   **error)
{
  g_autoptr(TixShift) shift = NULL;
  g_autoptr(TixCashUp) cash_up = NULL;

  g_return_val_if_fail (TIX_IS_STORE (self), NULL);

  shift = tix_store_get_shift (self, organization_id, shift_id, error);
  if (shift == NULL)
    return NULL;
  cash_up = tix_cash_up_new (shift);
  if (!add_sales (self, cash_up, error) || !add_types (self, cash_up, error) ||
      !add_refunds (self, cash_up, error))
    return NULL;
  /* The total is what the shift took: its sales less its refunds. */
  cash_up->total -= cash_up->refunds_amount;
  tix_cash_up_compute (cash_up);
  return g_steal_pointer (&cash_up);
}

TixCashUp *
tix_store_close_shift (TixStore  *self,
                       TixUser   *user,
                       gint64     shift_id,
                       gint64     counted_cash,
                       gint64     now_ms,
                       GError   **error)
{
  gint64 org_id = tix_user_get_organization_id (user);
  g_autoptr(TixShift) shift = NULL;
  g_autoptr(TixCashUp) cash_up = NULL;
  g_autofree char *detail = NULL;
  TixDbStmt *stmt;

  g_return_val_if_fail (TIX_IS_STORE (self), NULL);

  if (!tix_store_begin (self, org_id, error))
    return NULL;
  shift = tix_store_get_shift (self, org_id, shift_id, error);
  if (shift == NULL)
    goto failed;
  if (shift->user_id != tix_user_get_id (user) &&
      !g_str_equal (tix_user_get_role (user), "admin"))
    {
      g_set_error_literal (error, TIX_STORE_ERROR, TIX_STORE_ERROR_FORBIDDEN,
                           "Only its cashier or an admin may close a shift");
      goto failed;
    }
  if (shift->closed_at != 0)
    {
      g_set_error_literal (error, TIX_STORE_ERROR, TIX_STORE_ERROR_SHIFT_CLOSED,
                           "This shift is closed already");
      goto failed;
    }
  stmt = tix_store_statement (self,
    "UPDATE shifts SET closed_at = ?, counted_cash = ? WHERE id = ?", error);
  if (stmt == NULL)
    goto failed;
  tix_db_bind_int64 (stmt, 1, now_ms);
  tix_db_bind_int64 (stmt, 2, counted_cash);
  tix_db_bind_int64 (stmt, 3, shift_id);
  if (!tix_store_step_done (self, stmt, "Could not close the shift", error))
    goto failed;
  cash_up = tix_store_get_cash_up (self, org_id, shift_id, error);
  if (cash_up == NULL)
    goto failed;
  detail = g_strdup_printf ("%s: expected %" G_GINT64_FORMAT ", counted %" G_GINT64_FORMAT,
                            shift->station, cash_up->expected_cash, counted_cash);
  if (!tix_store_audit (self, user, "shift-closed", detail, now_ms, error) ||
      !tix_store_commit (self, error))
    goto failed;
  return g_steal_pointer (&cash_up);

failed:
  tix_store_rollback (self);
  return NULL;
}

GPtrArray *
tix_store_list_shifts (TixStore    *self,
                       gint64       organization_id,
                       gint64       user_id,
                       const char  *station,
                       guint        limit,
                       GError     **error)
{
  g_autoptr(GPtrArray) shifts = g_ptr_array_new_with_free_func ((GDestroyNotify) tix_shift_unref);
  TixDbStmt *stmt;
  TixDbStep rc;

  g_return_val_if_fail (TIX_IS_STORE (self), NULL);

  stmt = tix_store_statement (self,
    "SELECT " SHIFT_COLUMNS SHIFT_FROM " WHERE s.organization_id = ?1"
    " AND (CAST (?2 AS BIGINT) = 0 OR s.user_id = ?2)"
    " AND (CAST (?3 AS TEXT) IS NULL OR s.station = ?3)"
    " ORDER BY s.opened_at DESC, s.id DESC LIMIT ?4", error);
  if (stmt == NULL)
    return NULL;
  tix_db_bind_int64 (stmt, 1, organization_id);
  tix_db_bind_int64 (stmt, 2, user_id);
  tix_db_bind_text (stmt, 3, station);
  tix_db_bind_int64 (stmt, 4, limit);
  while ((rc = tix_db_step (stmt)) == TIX_DB_ROW)
    g_ptr_array_add (shifts, shift_row (stmt));
  tix_db_reset (stmt);
  if (rc != TIX_DB_DONE)
    {
      tix_store_set_error (self, error, "Could not list the shifts");
      return NULL;
    }
  return g_steal_pointer (&shifts);
}
