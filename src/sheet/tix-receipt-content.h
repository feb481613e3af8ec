/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tix-cash-up.h"
#include "tix-order.h"
#include "tix-receipt.h"

G_BEGIN_DECLS

/* What a sale's receipt and a shift's cash-up say, line by line: the same
 * from the server's PDF (GET /api/orders/:id/receipt.pdf, /api/shifts/:id/
 * report.pdf) and from the app printing them itself
 * (tix_receipt_draw_page ()). Amounts in @currency (ISO 4217; NULL: EUR),
 * times in @time_zone (IANA; NULL: UTC). */

typedef struct
{
  const char *organization_name;
  const char *event_name;      /* NULL: none */
  gint64      event_starts_at; /* ms; < 0: no start */
  const char *time_zone;
  const char *currency;
} TixReceiptContext;

/* The organization, the event, the order's number and time, seller and
 * station, its items, total and payment, REFUNDED once refunded, and its
 * ticket numbers. */
void tix_receipt_add_order   (TixReceipt              *self,
                              const TixReceiptContext *context,
                              const TixOrder          *order);
/* The shift, its sales by method and type, refunds, the float, the cash
 * expected and, once counted, counted and the difference. */
void tix_receipt_add_cash_up (TixReceipt              *self,
                              const TixReceiptContext *context,
                              const TixCashUp         *cash_up);

G_END_DECLS
