/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the desk prints (issue 19), as PDF for the 80 mm roll or A4: GET
 * /api/orders/:id/receipt.pdf (the sale's receipt), GET
 * /api/orders/:id/tickets.pdf (its tickets, as sheet.pdf draws them), GET
 * /api/shifts/:id/report.pdf (the cash-up). Amounts in the organization's
 * currency, times in its time zone. Small documents: drawn on the server's
 * thread. */
#define G_LOG_DOMAIN "tix-server-receipts"

#include "config.h"

#include "tix-money.h"
#include "tix-receipt.h"
#include "tix-server-private.h"
#include "tix-sheet.h"
#include "tix-time.h"

typedef struct
{
  GHashTable *settings;
  GTimeZone  *zone;
  const char *currency;
} Context;

static void
context_clear (Context *context)
{
  g_clear_pointer (&context->settings, g_hash_table_unref);
  g_clear_pointer (&context->zone, g_time_zone_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Context, context_clear)

static gboolean
context_init (TixServer          *self,
              SoupServerMessage  *msg,
              TixUser            *user,
              Context            *context)
{
  g_autoptr(GError) error = NULL;
  const char *zone;

  context->settings = tix_store_get_settings (self->store, tix_user_get_organization_id (user),
                                              &error);
  if (context->settings == NULL)
    {
      tix_server_reply_gerror (msg, error);
      return FALSE;
    }
  zone = g_hash_table_lookup (context->settings, "time_zone");
  context->zone = zone != NULL ? g_time_zone_new_identifier (zone) : NULL;
  if (context->zone == NULL)
    context->zone = g_time_zone_new_utc ();
  context->currency = g_hash_table_lookup (context->settings, "currency");
  return TRUE;
}

static char *
format_time (const Context *context,
             gint64         ms)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (ms / 1000);
  g_autoptr(GDateTime) local = utc ? g_date_time_to_timezone (utc, context->zone) : NULL;

  return local ? g_date_time_format (local, "%Y-%m-%d %H:%M") : g_strdup ("");
}

static void
add_money (TixReceipt    *receipt,
           const Context *context,
           const char    *label,
           gint64         amount,
           gboolean       total)
{
  g_autofree char *value = tix_money_format_code (amount, context->currency);

  if (total)
    tix_receipt_add_total (receipt, label, value);
  else
    tix_receipt_add_line (receipt, label, value);
}

/* ?paper=roll-80|a4 (default roll-80); NULL after replying 400. */
static TixReceipt *
query_receipt (SoupServerMessage *msg,
               GHashTable        *query)
{
  const char *paper = query ? g_hash_table_lookup (query, "paper") : NULL;
  TixReceipt *receipt = tix_receipt_new (paper == NULL || *paper == '\0' ? "roll-80" : paper, NULL);

  if (receipt == NULL)
    tix_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "paper",
                            "“paper” must be “roll-80” or “a4”");
  return receipt;
}

static void
reply_pdf (SoupServerMessage *msg,
           GBytes            *pdf,
           const char        *filename)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  g_autofree char *disposition = g_strdup_printf ("inline; filename=\"%s\"", filename);

  soup_message_headers_replace (headers, "Content-Disposition", disposition);
  tix_server_reply_streamed (msg, SOUP_STATUS_OK, "application/pdf", pdf);
}

static TixOrder *
path_order (TixServer          *self,
            SoupServerMessage  *msg,
            const TixRoute     *route,
            TixUser           **out_user)
{
  g_autoptr(TixUser) user = tix_server_authenticate (self, msg);
  g_autoptr(GError) error = NULL;
  gint64 id = tix_server_path_id (route->segments[2]);
  TixOrder *order = NULL;

  if (user == NULL || !tix_server_require_role (msg, user, "seller"))
    return NULL;
  if (id != 0)
    order = tix_store_get_order (self->store, tix_user_get_organization_id (user), id, &error);
  if (order == NULL)
    {
      if (id == 0 || g_error_matches (error, TIX_STORE_ERROR, TIX_STORE_ERROR_NOT_FOUND))
        tix_server_reply_error (msg, SOUP_STATUS_NOT_FOUND, NULL, "No such order");
      else
        tix_server_reply_gerror (msg, error);
      return NULL;
    }
  *out_user = g_steal_pointer (&user);
  return order;
}

static void
handle_receipt (TixServer         *self,
                SoupServerMessage *msg,
                const TixRoute    *route)
{
  g_autoptr(TixUser) user = NULL;
  g_autoptr(TixOrder) order = path_order (self, msg, route, &user);
  g_autoptr(TixReceipt) receipt = NULL;
  g_autoptr(TixStoreEvent) event = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(Context) context = { 0 };
  g_autofree char *title = NULL, *when = NULL, *number = NULL;

  if (order == NULL || (receipt = query_receipt (msg, route->query)) == NULL ||
      !context_init (self, msg, user, &context))
    return;
  event = tix_store_get_event (self->store, tix_user_get_organization_id (user), order->event_id,
                               NULL);

  tix_receipt_add_title (receipt, g_hash_table_lookup (context.settings, "organization_name"));
  if (event != NULL)
    {
      g_autofree char *starts = event->starts_at != TIX_STORE_NO_TIME
                                ? format_time (&context, event->starts_at) : NULL;
      g_autofree char *line = starts ? g_strdup_printf ("%s, %s", event->name, starts)
                                     : g_strdup (event->name);

      tix_receipt_add_text (receipt, line);
    }
  tix_receipt_add_rule (receipt);
  number = g_strdup_printf ("Order #%" G_GINT64_FORMAT, order->number);
  when = format_time (&context, order->created_at);
  tix_receipt_add_line (receipt, number, when);
  title = g_strdup_printf ("%s%s%s", order->seller_name ? order->seller_name : "",
                           order->station ? ", " : "", order->station ? order->station : "");
  tix_receipt_add_text (receipt, title);
  tix_receipt_add_rule (receipt);
  for (guint i = 0; i < order->items->len; i++)
    {
      const TixOrderItem *item = &g_array_index (order->items, TixOrderItem, i);
      g_autofree char *label = g_strdup_printf ("%" G_GINT64_FORMAT " × %s", item->quantity,
                                                item->name);

      add_money (receipt, &context, label, item->price * item->quantity, FALSE);
    }
  tix_receipt_add_rule (receipt);
  add_money (receipt, &context, "Total", order->total, TRUE);
  if (order->method == TIX_PAYMENT_CASH)
    {
      add_money (receipt, &context, "Cash", order->tendered, FALSE);
      add_money (receipt, &context, "Change", order->change, FALSE);
    }
  else
    tix_receipt_add_line (receipt, "Paid by",
                          order->method == TIX_PAYMENT_CARD ? "card"
                          : order->method == TIX_PAYMENT_FREE ? "complimentary" : "other");
  if (order->status == TIX_ORDER_REFUNDED)
    {
      g_autofree char *refunded = format_time (&context, order->refunded_at);

      tix_receipt_add_rule (receipt);
      tix_receipt_add_total (receipt, "REFUNDED", refunded);
    }
  tix_receipt_add_rule (receipt);
  for (guint i = 0; i < order->tickets->len; i++)
    tix_receipt_add_text (receipt, tix_ticket_get_number (g_ptr_array_index (order->tickets, i)));

  pdf = tix_receipt_render_pdf (receipt, &error);
  if (pdf == NULL)
    tix_server_reply_gerror (msg, error);
  else
    reply_pdf (msg, pdf, "receipt.pdf");
}

static void
handle_tickets (TixServer         *self,
                SoupServerMessage *msg,
                const TixRoute    *route)
{
  g_autoptr(TixUser) user = NULL;
  g_autoptr(TixOrder) order = path_order (self, msg, route, &user);
  g_autoptr(TixSheet) sheet = NULL;
  g_autoptr(TixStoreEvent) event = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(Context) context = { 0 };
  const char *layout = route->query ? g_hash_table_lookup (route->query, "layout") : NULL;

  if (order == NULL || !context_init (self, msg, user, &context))
    return;
  if (layout == NULL || *layout == '\0')
    layout = "roll-80";
  sheet = tix_sheet_new (layout, NULL);
  if (sheet == NULL)
    {
      tix_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "layout",
                              "“layout” must be one of a4-2x4, a4-3x7, letter-2x4, "
                              "letter-3x7, roll-80");
      return;
    }
  tix_sheet_set_organization_name (sheet, g_hash_table_lookup (context.settings,
                                                               "organization_name"));
  tix_sheet_set_time_zone (sheet, g_hash_table_lookup (context.settings, "time_zone"));
  event = tix_store_get_event (self->store, tix_user_get_organization_id (user), order->event_id,
                               NULL);
  if (event != NULL)
    {
      g_autofree char *date = event->starts_at != TIX_STORE_NO_TIME
        ? tix_time_start_in_zone (event->starts_at,
                                  g_hash_table_lookup (context.settings, "time_zone"))
        : NULL;

      tix_sheet_set_event (sheet, event->id, event->name, date);
    }
  if (!tix_server_sign_tickets (self, tix_user_get_organization_id (user), order->tickets,
                                &error) ||
      (pdf = tix_sheet_render_pdf (sheet, order->tickets, NULL, &error)) == NULL)
    {
      tix_server_reply_gerror (msg, error);
      return;
    }
  reply_pdf (msg, pdf, "tickets.pdf");
}

static void
add_cash_up (TixReceipt      *receipt,
             const Context   *context,
             const TixCashUp *cash_up)
{
  const TixShift *shift = cash_up->shift;
  g_autofree char *opened = format_time (context, shift->opened_at);
  g_autofree char *closed = shift->closed_at ? format_time (context, shift->closed_at)
                                             : g_strdup ("open");
  g_autofree char *who = g_strdup_printf ("%s, %s", shift->user_name ? shift->user_name : "",
                                          shift->station);
  g_autofree char *orders = g_strdup_printf ("%" G_GINT64_FORMAT, cash_up->orders);
  g_autofree char *refunds = g_strdup_printf ("Refunds (%" G_GINT64_FORMAT ")",
                                              cash_up->refunds_count);

  tix_receipt_add_text (receipt, who);
  tix_receipt_add_line (receipt, "Opened", opened);
  tix_receipt_add_line (receipt, "Closed", closed);
  tix_receipt_add_rule (receipt);
  tix_receipt_add_line (receipt, "Sales", orders);
  for (guint i = 0; i < TIX_N_PAYMENT_METHODS; i++)
    {
      g_autofree char *label = g_strdup_printf ("%s (%" G_GINT64_FORMAT ")",
                                                tix_payment_method_to_string (i),
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
  add_money (receipt, context, "of which cash", -cash_up->refunds_cash, FALSE);
  add_money (receipt, context, "Total", cash_up->total, TRUE);
  tix_receipt_add_rule (receipt);
  add_money (receipt, context, "Opening float", shift->opening_float, FALSE);
  add_money (receipt, context, "Expected cash", cash_up->expected_cash, TRUE);
  if (cash_up->counted_cash != TIX_SHIFT_NOT_COUNTED)
    {
      add_money (receipt, context, "Counted cash", cash_up->counted_cash, TRUE);
      add_money (receipt, context, "Difference", tix_cash_up_get_difference (cash_up), TRUE);
    }
}

static void
handle_cash_up (TixServer         *self,
                SoupServerMessage *msg,
                const TixRoute    *route)
{
  g_autoptr(TixUser) user = tix_server_authenticate (self, msg);
  g_autoptr(TixCashUp) cash_up = NULL;
  g_autoptr(TixReceipt) receipt = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(Context) context = { 0 };
  gint64 id = tix_server_path_id (route->segments[2]);

  if (user == NULL || !tix_server_require_role (msg, user, "seller"))
    return;
  if (id != 0)
    cash_up = tix_store_get_cash_up (self->store, tix_user_get_organization_id (user), id, &error);
  /* A seller prints only their own shift's. */
  if (cash_up != NULL && cash_up->shift->user_id != tix_user_get_id (user) &&
      !g_str_equal (tix_user_get_role (user), "admin"))
    g_clear_pointer (&cash_up, tix_cash_up_unref);
  if (cash_up == NULL)
    {
      if (error == NULL || g_error_matches (error, TIX_STORE_ERROR, TIX_STORE_ERROR_NOT_FOUND))
        tix_server_reply_error (msg, SOUP_STATUS_NOT_FOUND, NULL, "No such shift");
      else
        tix_server_reply_gerror (msg, error);
      return;
    }
  if ((receipt = query_receipt (msg, route->query)) == NULL ||
      !context_init (self, msg, user, &context))
    return;
  tix_receipt_add_title (receipt, g_hash_table_lookup (context.settings, "organization_name"));
  tix_receipt_add_title (receipt, "Cash-up");
  add_cash_up (receipt, &context, cash_up);
  pdf = tix_receipt_render_pdf (receipt, &error);
  if (pdf == NULL)
    tix_server_reply_gerror (msg, error);
  else
    reply_pdf (msg, pdf, "cash-up.pdf");
}

gboolean
tix_server_route_receipts (TixServer         *self,
                           SoupServerMessage *msg,
                           TixRoute          *route)
{
  if (tix_route_is (route, "GET", "/api/orders/*/receipt.pdf"))
    handle_receipt (self, msg, route);
  else if (tix_route_is (route, "GET", "/api/orders/*/tickets.pdf"))
    handle_tickets (self, msg, route);
  else if (tix_route_is (route, "GET", "/api/shifts/*/report.pdf"))
    handle_cash_up (self, msg, route);
  else
    return FALSE;
  return TRUE;
}
