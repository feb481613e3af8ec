/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the desk prints (issue 19), as PDF for the 80 mm roll or A4: GET
 * /api/orders/:id/receipt.pdf (the sale's receipt), GET
 * /api/orders/:id/tickets.pdf (its tickets, as sheet.pdf draws them), GET
 * /api/shifts/:id/report.pdf (the cash-up). Amounts in the organization's
 * currency, times in its time zone. Small documents: drawn on the server's
 * thread. */
#define G_LOG_DOMAIN "tix-server-receipts"

#include "config.h"

#include "tix-receipt-content.h"
#include "tix-server-private.h"
#include "tix-sheet.h"
#include "tix-time.h"

typedef struct
{
  GHashTable        *settings;
  TixStoreEvent     *event;
  TixReceiptContext  receipt;
} Context;

static void
context_clear (Context *context)
{
  g_clear_pointer (&context->settings, g_hash_table_unref);
  g_clear_pointer (&context->event, tix_store_event_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Context, context_clear)

static gboolean
context_init (TixServer          *self,
              SoupServerMessage  *msg,
              TixUser            *user,
              Context            *context)
{
  g_autoptr(GError) error = NULL;

  context->settings = tix_store_get_settings (self->store, tix_user_get_organization_id (user),
                                              &error);
  if (context->settings == NULL)
    {
      tix_server_reply_gerror (msg, error);
      return FALSE;
    }
  context->receipt.organization_name = g_hash_table_lookup (context->settings,
                                                            "organization_name");
  context->receipt.time_zone = g_hash_table_lookup (context->settings, "time_zone");
  context->receipt.currency = g_hash_table_lookup (context->settings, "currency");
  context->receipt.event_starts_at = -1;
  return TRUE;
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

/* The event the receipt names. */
static void
context_set_event (TixServer         *self,
                   TixUser           *user,
                   gint64             event_id,
                   Context           *context)
{
  context->event = tix_store_get_event (self->store, tix_user_get_organization_id (user), event_id,
                                        NULL);
  if (context->event != NULL)
    {
      context->receipt.event_name = context->event->name;
      context->receipt.event_starts_at = context->event->starts_at;
    }
}

static void
handle_receipt (TixServer         *self,
                SoupServerMessage *msg,
                const TixRoute    *route)
{
  g_autoptr(TixUser) user = NULL;
  g_autoptr(TixOrder) order = path_order (self, msg, route, &user);
  g_autoptr(TixReceipt) receipt = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(Context) context = { 0 };

  if (order == NULL || (receipt = query_receipt (msg, route->query)) == NULL ||
      !context_init (self, msg, user, &context))
    return;
  context_set_event (self, user, order->event_id, &context);
  tix_receipt_add_order (receipt, &context.receipt, order);
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
  tix_receipt_add_cash_up (receipt, &context.receipt, cash_up);
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
