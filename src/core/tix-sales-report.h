/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "tix-cash-up.h"
#include "tix-order.h"

G_BEGIN_DECLS

/* The sales of a period, as GET /api/reports/sales gives them: {currency,
 * total, count, by_type: [{type_id, name, quantity, amount}], by_method:
 * [{method, count, amount}], by_day: [{date, count, amount}], refunds:
 * {count, amount}}. The sales are the orders made in the period (refunded
 * ones too), days in the organization's time zone; refunds those of them
 * refunded since; total = their amount less the refunds. Money in minor
 * units. A boxed type, reference counted. */

typedef struct
{
  char   *date;     /* YYYY-MM-DD */
  gint64  count;
  gint64  amount;
} TixSalesDay;

typedef struct
{
  char            *currency;
  gint64           total;
  gint64           count;
  GArray          *by_type;                          /* TixCashUpType */
  TixCashUpMethod  by_method[TIX_N_PAYMENT_METHODS];
  GArray          *by_day;                           /* TixSalesDay, oldest first */
  gint64           refunds_count;
  gint64           refunds_amount;
} TixSalesReport;

#define TIX_TYPE_SALES_REPORT (tix_sales_report_get_type ())

GType           tix_sales_report_get_type      (void) G_GNUC_CONST;
TixSalesReport *tix_sales_report_new           (const char     *currency);
TixSalesReport *tix_sales_report_ref           (TixSalesReport *self);
void            tix_sales_report_unref         (TixSalesReport *self);
void            tix_sales_report_add_type      (TixSalesReport *self,
                                                gint64          type_id,
                                                const char     *name,
                                                gint64          quantity,
                                                gint64          amount);
/* Counts a sale of @amount on @date (the last day added, or a new one). */
void            tix_sales_report_add_day       (TixSalesReport *self,
                                                const char     *date,
                                                gint64          amount);
TixSalesReport *tix_sales_report_new_from_json (JsonObject     *object,
                                                GError        **error);
void            tix_sales_report_to_json       (const TixSalesReport *self,
                                                JsonBuilder    *builder);
/* The report as CSV (RFC 4180): a row per day, type and method, amounts
 * as integers of minor units. */
char           *tix_sales_report_to_csv        (const TixSalesReport *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TixSalesReport, tix_sales_report_unref)

G_END_DECLS
