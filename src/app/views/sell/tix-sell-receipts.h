/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tix-cash-up.h"
#include "tix-order.h"
#include "tix-receipt.h"

G_BEGIN_DECLS

/* What the desk prints besides tickets, written with the sheet library's
 * TixReceipt and its lines (tix-receipt-content.h, no GTK): a sale's
 * receipt and a shift's cash-up, the same as the server's PDFs, money in
 * @currency, times in @zone. */

/* "Cash", "Card", "Other", "Free". */
const char *tix_sell_method_label       (TixPaymentMethod  method);

TixReceipt *tix_sell_receipt_new_order   (TixOrder    *order,
                                          const char  *organization,
                                          const char  *event_name,
                                          const char  *currency,
                                          GTimeZone   *zone,
                                          const char  *paper,
                                          GError     **error);
TixReceipt *tix_sell_receipt_new_cash_up (TixCashUp   *cash_up,
                                          const char  *organization,
                                          const char  *currency,
                                          GTimeZone   *zone,
                                          const char  *paper,
                                          GError     **error);

G_END_DECLS
