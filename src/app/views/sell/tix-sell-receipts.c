/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-sell-receipts"

#include "config.h"

#include <glib/gi18n.h>

#include "tix-money.h"
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

static char *
format_time (GTimeZone *zone,
             gint64     ms)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (ms / 1000);
  g_autoptr(GDateTime) local = NULL;

  if (utc == NULL)
    return g_strdup ("");
  local = zone != NULL ? g_date_time_to_timezone (utc, zone) : g_date_time_ref (utc);
  return g_date_time_format (local, "%Y-%m-%d %H:%M");
}

static void
add_money (TixReceipt *receipt,
           gboolean    total,
           const char *label,
           gint64      amount,
           const char *currency)
{
  g_autofree char *value = tix_money_format (amount, currency);

  if (total)
    tix_receipt_add_total (receipt, label, value);
  else
    tix_receipt_add_line (receipt, label, value);
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
  g_autoptr(TixReceipt) receipt = tix_receipt_new (paper, error);
  g_autofree char *when = NULL;
  g_autofree char *number = NULL;

  g_return_val_if_fail (order != NULL, NULL);

  if (receipt == NULL)
    return NULL;

  tix_receipt_add_title (receipt, organization != NULL && *organization != '\0' ? organization : "Tix");
  if (event_name != NULL && *event_name != '\0')
    tix_receipt_add_text (receipt, event_name);
  /* Translators: the heading of a sale's receipt: "Receipt, order 12" */
  number = g_strdup_printf (_("Receipt, order %lld"), (long long) order->number);
  tix_receipt_add_text (receipt, number);
  when = format_time (zone, order->created_at);
  tix_receipt_add_text (receipt, when);
  tix_receipt_add_rule (receipt);

  for (guint i = 0; i < order->items->len; i++)
    {
      TixOrderItem *item = &g_array_index (order->items, TixOrderItem, i);
      g_autofree char *label = g_strdup_printf ("%" G_GINT64_FORMAT " × %s", item->quantity, item->name);

      add_money (receipt, FALSE, label, order->method == TIX_PAYMENT_FREE ? 0 : item->price * item->quantity,
                 currency);
    }
  tix_receipt_add_rule (receipt);
  add_money (receipt, TRUE, _("Total"), order->total, currency);
  tix_receipt_add_line (receipt, _("Paid by"), tix_sell_method_label (order->method));
  if (order->method == TIX_PAYMENT_CASH)
    {
      add_money (receipt, FALSE, _("Tendered"), order->tendered, currency);
      add_money (receipt, FALSE, _("Change"), order->change, currency);
    }
  if (order->status == TIX_ORDER_REFUNDED)
    tix_receipt_add_text (receipt, _("Refunded"));
  if (order->seller_name != NULL)
    {
      /* Translators: who sold, on a receipt */
      g_autofree char *seller = g_strdup_printf (_("Served by %s"), order->seller_name);

      tix_receipt_add_text (receipt, seller);
    }
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
  g_autoptr(TixReceipt) receipt = tix_receipt_new (paper, error);
  TixShift *shift = cash_up->shift;
  g_autofree char *opened = NULL;
  g_autofree char *closed = NULL;
  g_autofree char *who = NULL;
  g_autofree char *orders = NULL;

  if (receipt == NULL)
    return NULL;

  tix_receipt_add_title (receipt, _("Cash-Up"));
  if (organization != NULL && *organization != '\0')
    tix_receipt_add_text (receipt, organization);
  /* Translators: whose shift a cash-up is */
  who = g_strdup_printf (_("Cashier: %s"), shift->user_name != NULL ? shift->user_name : "");
  tix_receipt_add_text (receipt, who);
  opened = format_time (zone, shift->opened_at);
  closed = shift->closed_at > 0 ? format_time (zone, shift->closed_at) : g_strdup (_("open"));
  {
    /* Translators: a shift's times, from – to */
    g_autofree char *times = g_strdup_printf (_("%s – %s"), opened, closed);

    tix_receipt_add_text (receipt, times);
  }
  tix_receipt_add_rule (receipt);

  orders = g_strdup_printf ("%" G_GINT64_FORMAT, cash_up->orders);
  tix_receipt_add_line (receipt, _("Sales"), orders);
  for (guint m = 0; m < TIX_N_PAYMENT_METHODS; m++)
    {
      TixCashUpMethod *method = &cash_up->by_method[m];
      g_autofree char *label = NULL;

      if (method->count == 0)
        continue;
      label = g_strdup_printf ("%s (%" G_GINT64_FORMAT ")", tix_sell_method_label (method->method),
                               method->count);
      add_money (receipt, FALSE, label, method->amount, currency);
    }
  add_money (receipt, TRUE, _("Total sales"), cash_up->total, currency);
  tix_receipt_add_rule (receipt);

  for (guint i = 0; cash_up->by_type != NULL && i < cash_up->by_type->len; i++)
    {
      TixCashUpType *type = &g_array_index (cash_up->by_type, TixCashUpType, i);
      g_autofree char *label = g_strdup_printf ("%" G_GINT64_FORMAT " × %s", type->quantity, type->name);

      add_money (receipt, FALSE, label, type->amount, currency);
    }
  if (cash_up->by_type != NULL && cash_up->by_type->len > 0)
    tix_receipt_add_rule (receipt);

  {
    /* Translators: how many refunds a shift made */
    g_autofree char *label = g_strdup_printf (_("Refunds (%lld)"), (long long) cash_up->refunds_count);

    add_money (receipt, FALSE, label, -cash_up->refunds_amount, currency);
  }
  add_money (receipt, FALSE, _("Refunded in cash"), -cash_up->refunds_cash, currency);
  tix_receipt_add_rule (receipt);
  add_money (receipt, FALSE, _("Opening float"), shift->opening_float, currency);
  add_money (receipt, TRUE, _("Cash expected"), cash_up->expected_cash, currency);
  if (cash_up->counted_cash != TIX_SHIFT_NOT_COUNTED)
    {
      add_money (receipt, TRUE, _("Cash counted"), cash_up->counted_cash, currency);
      add_money (receipt, TRUE, _("Difference"), tix_cash_up_get_difference (cash_up), currency);
    }
  return g_steal_pointer (&receipt);
}
