/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The sales report (issue 19): the orders of a period, by type, method and
 * day. Days are in the organization's time zone, which SQLite does not
 * know: the orders come in time order and are put in their days here. */
#define G_LOG_DOMAIN "tix-store"

#include "config.h"

#include "tix-store-private.h"

#define ORDERS_WHERE \
  " WHERE o.organization_id = ?1 AND (CAST (?2 AS BIGINT) = 0 OR o.event_id = ?2)" \
  " AND o.created_at >= ?3 AND o.created_at < ?4"

static void
bind_period (TixDbStmt *stmt,
             gint64     organization_id,
             gint64     event_id,
             gint64     from_ms,
             gint64     to_ms)
{
  tix_db_bind_int64 (stmt, 1, organization_id);
  tix_db_bind_int64 (stmt, 2, event_id);
  tix_db_bind_int64 (stmt, 3, from_ms);
  tix_db_bind_int64 (stmt, 4, to_ms);
}

static gboolean
add_days (TixStore        *self,
          TixSalesReport  *report,
          gint64           organization_id,
          gint64           event_id,
          gint64           from_ms,
          gint64           to_ms,
          GTimeZone       *zone,
          GError         **error)
{
  TixDbStmt *stmt = tix_store_statement (self,
    "SELECT o.created_at, o.total, o.status FROM orders o" ORDERS_WHERE
    " ORDER BY o.created_at, o.id", error);
  TixDbStep rc;

  if (stmt == NULL)
    return FALSE;
  bind_period (stmt, organization_id, event_id, from_ms, to_ms);
  while ((rc = tix_db_step (stmt)) == TIX_DB_ROW)
    {
      gint64 at = tix_db_column_int64 (stmt, 0), total = tix_db_column_int64 (stmt, 1);
      g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (at / 1000);
      g_autoptr(GDateTime) local = utc ? g_date_time_to_timezone (utc, zone) : NULL;
      g_autofree char *date = local ? g_date_time_format (local, "%Y-%m-%d") : NULL;

      tix_sales_report_add_day (report, date ? date : "", total);
      report->count++;
      report->total += total;
      if (g_strcmp0 (tix_db_column_text (stmt, 2), "refunded") == 0)
        {
          report->refunds_count++;
          report->refunds_amount += total;
        }
    }
  tix_db_reset (stmt);
  if (rc != TIX_DB_DONE)
    return tix_store_set_error (self, error, "Could not read the sales");
  report->total -= report->refunds_amount;
  return TRUE;
}

static gboolean
add_methods (TixStore        *self,
             TixSalesReport  *report,
             gint64           organization_id,
             gint64           event_id,
             gint64           from_ms,
             gint64           to_ms,
             GError         **error)
{
  TixDbStmt *stmt = tix_store_statement (self,
    "SELECT o.method, count(*), coalesce (sum (o.total), 0) FROM orders o" ORDERS_WHERE
    " GROUP BY o.method", error);
  TixDbStep rc;

  if (stmt == NULL)
    return FALSE;
  bind_period (stmt, organization_id, event_id, from_ms, to_ms);
  while ((rc = tix_db_step (stmt)) == TIX_DB_ROW)
    {
      TixPaymentMethod method;

      if (!tix_payment_method_from_string (tix_db_column_text (stmt, 0), &method))
        continue;
      report->by_method[method].count = tix_db_column_int64 (stmt, 1);
      report->by_method[method].amount = tix_db_column_int64 (stmt, 2);
    }
  tix_db_reset (stmt);
  if (rc != TIX_DB_DONE)
    return tix_store_set_error (self, error, "Could not add up the payments");
  return TRUE;
}

static gboolean
add_types (TixStore        *self,
           TixSalesReport  *report,
           gint64           organization_id,
           gint64           event_id,
           gint64           from_ms,
           gint64           to_ms,
           GError         **error)
{
  TixDbStmt *stmt = tix_store_statement (self,
    "SELECT i.type_id, min (i.name), sum (i.quantity), sum (i.price * i.quantity)"
    " FROM order_items i JOIN orders o ON o.id = i.order_id" ORDERS_WHERE
    " GROUP BY i.type_id ORDER BY i.type_id", error);
  TixDbStep rc;

  if (stmt == NULL)
    return FALSE;
  bind_period (stmt, organization_id, event_id, from_ms, to_ms);
  while ((rc = tix_db_step (stmt)) == TIX_DB_ROW)
    tix_sales_report_add_type (report, tix_db_column_int64 (stmt, 0),
                               tix_db_column_text (stmt, 1), tix_db_column_int64 (stmt, 2),
                               tix_db_column_int64 (stmt, 3));
  tix_db_reset (stmt);
  if (rc != TIX_DB_DONE)
    return tix_store_set_error (self, error, "Could not add up the ticket types");
  return TRUE;
}

TixSalesReport *
tix_store_get_sales_report (TixStore    *self,
                            gint64       organization_id,
                            gint64       event_id,
                            gint64       from_ms,
                            gint64       to_ms,
                            const char  *time_zone,
                            const char  *currency,
                            GError     **error)
{
  g_autoptr(TixSalesReport) report = tix_sales_report_new (currency);
  g_autoptr(GTimeZone) zone = time_zone ? g_time_zone_new_identifier (time_zone) : NULL;

  g_return_val_if_fail (TIX_IS_STORE (self), NULL);

  if (zone == NULL)
    zone = g_time_zone_new_utc ();
  if (to_ms <= 0)
    to_ms = G_MAXINT64;
  if (!add_days (self, report, organization_id, event_id, from_ms, to_ms, zone, error) ||
      !add_methods (self, report, organization_id, event_id, from_ms, to_ms, error) ||
      !add_types (self, report, organization_id, event_id, from_ms, to_ms, error))
    return NULL;
  return g_steal_pointer (&report);
}
