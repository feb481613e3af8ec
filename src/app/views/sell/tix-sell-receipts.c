/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-sell-receipts"

#include "config.h"

#include <glib/gi18n.h>

#include "tix-receipt-content.h"
#include "tix-sell-receipts.h"

const char *
tix_sell_method_label (TixPaymentMethod method)
{
  switch (method)
    {
    case TIX_PAYMENT_CASH:
      return _("Cash");
    case TIX_PAYMENT_CARD:
      return _("Card");
    case TIX_PAYMENT_OTHER:
      return _("Other");
    case TIX_PAYMENT_FREE:
      return _("Free");
    default:
      g_return_val_if_reached ("");
    }
}

/* The lines are the sheet library's (tix-receipt-content.c): what the
 * desk prints is what the server's receipt.pdf and report.pdf say. */
static TixReceiptContext
context_of (const char *organization,
            const char *event_name,
            const char *currency,
            GTimeZone  *zone)
{
  TixReceiptContext context = {
    .organization_name = organization != NULL && *organization != '\0' ? organization : "Tix",
    .event_name = event_name,
    .event_starts_at = -1,
    .time_zone = zone != NULL ? g_time_zone_get_identifier (zone) : NULL,
    .currency = currency,
  };

  return context;
}

TixReceipt *
tix_sell_receipt_new_order (TixOrder    *order,
                            const char  *organization,
                            const char  *event_name,
                            const char  *currency,
                            GTimeZone   *zone,
                            const char  *paper,
                            GError     **error)
{
  g_autoptr(TixReceipt) receipt = NULL;
  TixReceiptContext context = context_of (organization, event_name, currency, zone);

  g_return_val_if_fail (order != NULL, NULL);

  receipt = tix_receipt_new (paper, error);
  if (receipt == NULL)
    return NULL;
  tix_receipt_add_order (receipt, &context, order);
  return g_steal_pointer (&receipt);
}

TixReceipt *
tix_sell_receipt_new_cash_up (TixCashUp   *cash_up,
                              const char  *organization,
                              const char  *currency,
                              GTimeZone   *zone,
                              const char  *paper,
                              GError     **error)
{
  g_autoptr(TixReceipt) receipt = NULL;
  TixReceiptContext context = context_of (organization, NULL, currency, zone);

  g_return_val_if_fail (cash_up != NULL, NULL);

  receipt = tix_receipt_new (paper, error);
  if (receipt == NULL)
    return NULL;
  tix_receipt_add_cash_up (receipt, &context, cash_up);
  return g_steal_pointer (&receipt);
}
