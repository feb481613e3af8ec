/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-receipt"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "tix-money.h"
#include "tix-receipt-content.h"

static char *
format_time (const TixReceiptContext *context,
             gint64                   ms)
{
  g_autoptr(GTimeZone) zone = context->time_zone
                              ? g_time_zone_new_identifier (context->time_zone) : NULL;
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (ms / 1000);
  g_autoptr(GDateTime) local = NULL;

  if (zone == NULL)
    zone = g_time_zone_new_utc ();
  local = utc ? g_date_time_to_timezone (utc, zone) : NULL;
  return local ? g_date_time_format (local, "%Y-%m-%d %H:%M") : g_strdup ("");
}

static const char *
method_label (TixPaymentMethod method)
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
    default:
      return _("Free");
    }
}

static void
add_money (TixReceipt              *receipt,
           const TixReceiptContext *context,
           const char              *label,
           gint64                   amount,
           gboolean                 total)
{
  g_autofree char *value = tix_money_format_code (amount, context->currency);

  if (total)
    tix_receipt_add_total (receipt, label, value);
  else
    tix_receipt_add_line (receipt, label, value);
}

void
tix_receipt_add_order (TixReceipt              *receipt,
                       const TixReceiptContext *context,
                       const TixOrder          *order)
{
  g_autofree char *seller = NULL, *when = NULL, *number = NULL;

  g_return_if_fail (TIX_IS_RECEIPT (receipt));
  g_return_if_fail (context != NULL && order != NULL);

  tix_receipt_add_title (receipt, context->organization_name);
  if (context->event_name != NULL)
    {
      g_autofree char *starts = context->event_starts_at >= 0
                                ? format_time (context, context->event_starts_at) : NULL;
      g_autofree char *line = starts ? g_strdup_printf ("%s, %s", context->event_name, starts)
                                     : g_strdup (context->event_name);

      tix_receipt_add_text (receipt, line);
    }
  tix_receipt_add_rule (receipt);
  {
    g_autofree char *digits = g_strdup_printf ("%" G_GINT64_FORMAT, order->number);

    /* TRANSLATORS: a sale's number on its receipt: "Order #42". */
    number = g_strdup_printf (_("Order #%s"), digits);
  }
  when = format_time (context, order->created_at);
  tix_receipt_add_line (receipt, number, when);
  seller = g_strdup_printf ("%s%s%s", order->seller_name ? order->seller_name : "",
                            order->station ? ", " : "", order->station ? order->station : "");
  tix_receipt_add_text (receipt, seller);
  tix_receipt_add_rule (receipt);
  for (guint i = 0; i < order->items->len; i++)
    {
      const TixOrderItem *item = &g_array_index (order->items, TixOrderItem, i);
      g_autofree char *label = g_strdup_printf ("%" G_GINT64_FORMAT " × %s", item->quantity,
                                                item->name);

      add_money (receipt, context, label, item->price * item->quantity, FALSE);
    }
  tix_receipt_add_rule (receipt);
  add_money (receipt, context, _("Total"), order->total, TRUE);
  if (order->method == TIX_PAYMENT_CASH)
    {
      add_money (receipt, context, _("Cash"), order->tendered, FALSE);
      add_money (receipt, context, _("Change"), order->change, FALSE);
    }
  else
    tix_receipt_add_line (receipt, _("Paid by"),
                          order->method == TIX_PAYMENT_CARD ? _("card")
                          : order->method == TIX_PAYMENT_FREE ? _("complimentary") : _("other"));
  if (order->status == TIX_ORDER_REFUNDED)
    {
      g_autofree char *refunded = format_time (context, order->refunded_at);

      tix_receipt_add_rule (receipt);
      tix_receipt_add_total (receipt, _("REFUNDED"), refunded);
    }
  tix_receipt_add_rule (receipt);
  for (guint i = 0; i < order->tickets->len; i++)
    tix_receipt_add_text (receipt, tix_ticket_get_number (g_ptr_array_index (order->tickets, i)));
}

void
tix_receipt_add_cash_up (TixReceipt              *receipt,
                         const TixReceiptContext *context,
                         const TixCashUp         *cash_up)
{
  const TixShift *shift = cash_up->shift;
  g_autofree char *opened = format_time (context, shift->opened_at);
  g_autofree char *closed = shift->closed_at ? format_time (context, shift->closed_at)
                                             : g_strdup (_("open"));
  g_autofree char *who = g_strdup_printf ("%s, %s", shift->user_name ? shift->user_name : "",
                                          shift->station);
  g_autofree char *orders = g_strdup_printf ("%" G_GINT64_FORMAT, cash_up->orders);
  g_autofree char *n_refunds = g_strdup_printf ("%" G_GINT64_FORMAT, cash_up->refunds_count);
  g_autofree char *refunds = g_strdup_printf (_("Refunds (%s)"), n_refunds);

  g_return_if_fail (TIX_IS_RECEIPT (receipt));
  g_return_if_fail (context != NULL && cash_up != NULL);

  tix_receipt_add_title (receipt, context->organization_name);
  tix_receipt_add_title (receipt, _("Cash-up"));

  tix_receipt_add_text (receipt, who);
  tix_receipt_add_line (receipt, _("Opened"), opened);
  tix_receipt_add_line (receipt, _("Closed"), closed);
  tix_receipt_add_rule (receipt);
  tix_receipt_add_line (receipt, _("Sales"), orders);
  for (guint i = 0; i < TIX_N_PAYMENT_METHODS; i++)
    {
      g_autofree char *label = g_strdup_printf ("%s (%" G_GINT64_FORMAT ")", method_label (i),
                                                cash_up->by_method[i].count);

      add_money (receipt, context, label, cash_up->by_method[i].amount, FALSE);
    }
  tix_receipt_add_rule (receipt);
  for (guint i = 0; i < cash_up->by_type->len; i++)
    {
      const TixCashUpType *type = &g_array_index (cash_up->by_type, TixCashUpType, i);
      g_autofree char *label = g_strdup_printf ("%" G_GINT64_FORMAT " × %s", type->quantity,
                                                type->name);

      add_money (receipt, context, label, type->amount, FALSE);
    }
  tix_receipt_add_rule (receipt);
  add_money (receipt, context, refunds, -cash_up->refunds_amount, FALSE);
  add_money (receipt, context, _("of which cash"), -cash_up->refunds_cash, FALSE);
  add_money (receipt, context, _("Total"), cash_up->total, TRUE);
  tix_receipt_add_rule (receipt);
  add_money (receipt, context, _("Opening float"), shift->opening_float, FALSE);
  add_money (receipt, context, _("Expected cash"), cash_up->expected_cash, TRUE);
  if (cash_up->counted_cash != TIX_SHIFT_NOT_COUNTED)
    {
      add_money (receipt, context, _("Counted cash"), cash_up->counted_cash, TRUE);
      add_money (receipt, context, _("Difference"), tix_cash_up_get_difference (cash_up), TRUE);
    }
}
