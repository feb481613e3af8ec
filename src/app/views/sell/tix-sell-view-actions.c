/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-sell-view"

#include "config.h"

#include <glib/gi18n.h>

#include "tix-app-util.h"
#include "tix-cash-up-view.h"
#include "tix-money.h"
#include "tix-sell-orders-window.h"
#include "tix-sell-receipts.h"
#include "tix-sell-view-private.h"
#include "tix-toast-host.h"

/* The view's actions: the sale (and the shift it asks for), printing its
 * tickets and receipt, closing the shift with its cash-up, the orders. */

static void complete_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter);

static GtkWindow *
get_window (TixSellView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
toast (TixSellView *self,
       const char  *title)
{
  AdwToast *toast = adw_toast_new (title);

  adw_toast_set_timeout (toast, 6);
  tix_widget_add_toast (GTK_WIDGET (self), toast);
}

static GTimeZone *
dup_zone (TixSellView *self)
{
  const char *name = self->season != NULL ? tix_season_get_time_zone (self->season) : NULL;
  GTimeZone *zone = name != NULL ? g_time_zone_new_identifier (name) : NULL;

  return zone != NULL ? zone : g_time_zone_new_utc ();
}

void
_tix_sell_view_update_actions (TixSellView *self)
{
  gboolean signed_in = self->client != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sell.complete",
                                 signed_in && !self->selling &&
                                 tix_sell_basket_can_complete (self->basket));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sell.print-again",
                                 signed_in && self->last_order != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sell.print-receipt",
                                 signed_in && self->last_order != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sell.open-shift",
                                 signed_in && self->shift == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sell.close-shift",
                                 signed_in && self->shift != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sell.orders", signed_in);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sell.pay", signed_in);
}

/* The shift's running totals -------------------------------------------------- */

static void
cash_up_loaded_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(TixSellView) self = user_data;
  g_autoptr(TixCashUp) cash_up = NULL;
  g_autoptr(GError) error = NULL;

  _tix_sell_view_busy (self, -1);
  cash_up = tix_client_get_cash_up_finish (TIX_CLIENT (object), result, &error);
  if (cash_up == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("No running totals: %s", error->message);
      return;
    }
  if (self->shift == NULL || cash_up->shift->id != self->shift->id)
    return;
  g_clear_pointer (&self->cash_up, tix_cash_up_unref);
  self->cash_up = g_steal_pointer (&cash_up);
  _tix_sell_view_update (self);
}

static void
load_cash_up (TixSellView *self)
{
  if (self->shift == NULL)
    return;
  _tix_sell_view_busy (self, 1);
  tix_client_get_cash_up_async (self->client, self->shift->id, self->cancellable,
                                cash_up_loaded_cb, g_object_ref (self));
}

static void
set_shift (TixSellView *self,
           TixShift    *shift)
{
  g_clear_pointer (&self->shift, tix_shift_unref);
  g_clear_pointer (&self->cash_up, tix_cash_up_unref);
  self->shift = shift != NULL ? tix_shift_ref (shift) : NULL;
  self->shift_known = TRUE;
  _tix_sell_view_update (self);
  load_cash_up (self);
}

static void
open_shift_loaded_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(TixSellView) self = user_data;
  g_autoptr(TixShift) shift = NULL;
  g_autoptr(GError) error = NULL;

  _tix_sell_view_busy (self, -1);
  shift = tix_client_get_open_shift_finish (TIX_CLIENT (object), result, &error);
  if (shift == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (shift == NULL && !g_error_matches (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_NO_SHIFT))
    g_debug ("Whether a shift is open: %s", error->message);
  set_shift (self, shift);
}

void
_tix_sell_view_load_shift (TixSellView *self)
{
  _tix_sell_view_busy (self, 1);
  tix_client_get_open_shift_async (self->client, self->cancellable, open_shift_loaded_cb,
                                   g_object_ref (self));
}

/* Asking for an amount -------------------------------------------------------- */

typedef void (*AmountFunc) (TixSellView *self,
                            gint64       amount);

typedef struct
{
  TixSellView *view;
  GtkEntry    *entry;
  AmountFunc   func;
} AmountData;

static void
amount_data_free (gpointer  user_data,
                  GClosure *closure)
{
  AmountData *data = user_data;

  g_object_unref (data->view);
  g_free (data);
}

static void
amount_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    AmountData       *data)
{
  TixSellView *self = data->view;
  gint64 amount;

  if (g_str_equal (response, "ok"))
    {
      const char *text = gtk_editable_get_text (GTK_EDITABLE (data->entry));

      if (!tix_money_parse (*text == '\0' ? "0" : text, _tix_sell_view_get_currency (self), &amount))
        {
          g_autofree char *message = g_strdup_printf (_("“%s” is not an amount"), text);

          _tix_sell_view_show_message (self, message);
        }
      else
        data->func (self, amount);
    }
  _tix_sell_view_refocus (self);
}

/* A dialog that asks for an amount of cash, by keyboard: type it, Enter. */
static void
ask_amount (TixSellView *self,
            const char  *heading,
            const char  *body,
            const char  *ok_label,
            AmountFunc   func)
{
  GtkWidget *dialog = adw_message_dialog_new (get_window (self), heading, body);
  GtkWidget *entry = gtk_entry_new ();
  AmountData *data = g_new0 (AmountData, 1);

  data->view = g_object_ref (self);
  data->entry = GTK_ENTRY (entry);
  data->func = func;

  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_entry_set_input_purpose (GTK_ENTRY (entry), GTK_INPUT_PURPOSE_NUMBER);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry),
                                  tix_money_get_symbol (_tix_sell_view_get_currency (self)));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, heading, -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"), "ok", ok_label, NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "ok",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "ok");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_data (dialog, "response", G_CALLBACK (amount_response_cb), data,
                         amount_data_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

/* Opening a shift ------------------------------------------------------------- */

static void
shift_opened_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(TixSellView) self = user_data;
  g_autoptr(TixShift) shift = NULL;
  g_autoptr(GError) error = NULL;
  gboolean sell = self->selling;

  _tix_sell_view_busy (self, -1);
  self->selling = FALSE;
  shift = tix_client_open_shift_finish (TIX_CLIENT (object), result, &error);
  if (shift == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      _tix_sell_view_show_message (self, error->message);
      if (g_error_matches (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_CONFLICT))
        _tix_sell_view_load_shift (self);
      _tix_sell_view_update_actions (self);
      return;
    }
  set_shift (self, shift);
  toast (self, _("Shift opened"));
  /* The sale that asked for it goes on. */
  if (sell && tix_sell_basket_can_complete (self->basket))
    complete_action (GTK_WIDGET (self), "sell.complete", NULL);
}

static void
open_shift (TixSellView *self,
            gint64       opening_float)
{
  _tix_sell_view_busy (self, 1);
  tix_client_open_shift_async (self->client, opening_float, self->cancellable,
                               shift_opened_cb, g_object_ref (self));
}

static void
open_shift_then_sell (TixSellView *self,
                      gint64       opening_float)
{
  self->selling = TRUE;
  _tix_sell_view_update_actions (self);
  open_shift (self, opening_float);
}

static void
ask_open_shift (TixSellView *self,
                gboolean     then_sell)
{
  ask_amount (self, _("Open a Shift"),
              _("Count the cash in the drawer before the first sale: the opening float. "
                "Every sale at this desk counts in your shift until you close it."),
              _("_Open Shift"), then_sell ? open_shift_then_sell : open_shift);
}

static void
open_shift_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  ask_open_shift (TIX_SELL_VIEW (widget), FALSE);
}

/* Printing -------------------------------------------------------------------- */

static void
printed_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(TixSellView) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  _tix_sell_view_busy (self, -1);
  if (g_task_get_source_tag (G_TASK (result)) == tix_desk_printer_print_pdf_async)
    ok = tix_desk_printer_print_pdf_finish (TIX_DESK_PRINTER (object), result, &error);
  else
    ok = tix_desk_printer_print_tickets_finish (TIX_DESK_PRINTER (object), result, &error);

  if (!ok && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* The sale is made and kept: Print Again once the printer is back. */
      g_autofree char *title = g_strdup_printf (_("Not printed: %s"), error->message);

      _tix_sell_view_show_message (self, title);
      toast (self, title);
    }
}

static void
print_tickets (TixSellView *self,
               TixOrder    *order)
{
  if (self->printer == NULL)
    {
      _tix_sell_view_show_message (self, _("Not printed: no ticket printer is chosen for this station. "
                                           "Choose one in Preferences."));
      return;
    }
  tix_desk_printer_set_season (self->printer, self->season);
  _tix_sell_view_busy (self, 1);
  tix_desk_printer_print_tickets_async (self->printer, self->client, order->tickets, get_window (self),
                                        self->cancellable, printed_cb, g_object_ref (self));
}

static const char *
organization_name (TixSellView *self)
{
  TixEventStream *stream = self->session != NULL ? tix_session_get_stream (self->session) : NULL;
  TixSettings *settings = stream != NULL ? tix_event_stream_get_settings (stream) : NULL;

  return settings != NULL ? tix_settings_get (settings, TIX_SETTING_ORGANIZATION_NAME) : NULL;
}

static void
print_receipt (TixSellView *self,
               TixReceipt  *receipt,
               const char  *title)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = tix_receipt_render_pdf (receipt, &error);

  if (pdf == NULL)
    {
      _tix_sell_view_show_message (self, error->message);
      return;
    }
  _tix_sell_view_busy (self, 1);
  tix_desk_printer_print_pdf_async (self->printer, title, pdf, get_window (self),
                                    self->cancellable, printed_cb, g_object_ref (self));
}

static void
print_again_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  TixSellView *self = TIX_SELL_VIEW (widget);

  if (self->last_order != NULL)
    print_tickets (self, self->last_order);
}

static void
print_receipt_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  TixSellView *self = TIX_SELL_VIEW (widget);
  g_autoptr(TixReceipt) receipt = NULL;
  g_autoptr(GTimeZone) zone = NULL;
  g_autofree char *paper = NULL;
  g_autoptr(GError) error = NULL;
  TixEvent *event;

  if (self->last_order == NULL)
    return;
  if (self->printer == NULL)
    {
      print_tickets (self, self->last_order);
      return;
    }
  zone = dup_zone (self);
  paper = tix_desk_printer_dup_paper (self->printer);
  event = self->season != NULL ? tix_season_lookup (self->season, self->last_order->event_id) : NULL;
  receipt = tix_sell_receipt_new_order (self->last_order, organization_name (self),
                                        event != NULL ? tix_event_display_name (event) : NULL,
                                        _tix_sell_view_get_currency (self), zone, paper, &error);
  if (receipt == NULL)
    _tix_sell_view_show_message (self, error->message);
  else
    print_receipt (self, receipt, _("Receipt"));
}

/* The sale -------------------------------------------------------------------- */

static void
sold_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(TixSellView) self = user_data;
  g_autoptr(TixOrder) order = NULL;
  g_autoptr(GError) error = NULL;

  _tix_sell_view_busy (self, -1);
  self->selling = FALSE;
  order = tix_client_sell_finish (TIX_CLIENT (object), result, &error);
  if (order == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      _tix_sell_view_update_actions (self);
      if (g_error_matches (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_NO_SHIFT))
        {
          /* Closed elsewhere since: ask for a new one, the basket kept. */
          set_shift (self, NULL);
          ask_open_shift (self, TRUE);
          return;
        }
      if (g_error_matches (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_SOLD_OUT))
        {
          gint64 available = tix_client_error_get_available (error);
          g_autofree char *message = available >= 0
            ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "Not enough left: only %lld ticket of that type is left. The basket is kept.",
                                            "Not enough left: only %lld tickets of that type are left. The basket is kept.",
                                            available), (long long) available)
            : g_strdup (_("Not enough left. The basket is kept."));

          _tix_sell_view_show_message (self, message);
          tix_sell_view_reload (self);
          return;
        }
      _tix_sell_view_show_message (self, error->message);
      return;
    }

  g_clear_pointer (&self->last_order, tix_order_unref);
  self->last_order = tix_order_ref (order);
  tix_sell_basket_clear (self->basket);
  _tix_sell_view_show_message (self, NULL);
  print_tickets (self, order);
  load_cash_up (self);
  tix_sell_view_reload (self);
  _tix_sell_view_update (self);
  _tix_sell_view_refocus (self);
}

static void
complete_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  TixSellView *self = TIX_SELL_VIEW (widget);
  g_autoptr(GArray) lines = NULL;

  if (self->client == NULL || self->selling)
    return;
  if (!tix_sell_basket_can_complete (self->basket))
    {
      _tix_sell_view_show_message (self, tix_sell_basket_is_empty (self->basket)
                                   ? _("The basket is empty") : _("Not enough cash tendered"));
      return;
    }
  if (self->shift_known && self->shift == NULL)
    {
      ask_open_shift (self, TRUE);
      return;
    }

  self->selling = TRUE;
  _tix_sell_view_update_actions (self);
  lines = tix_sell_basket_dup_sale_lines (self->basket);
  _tix_sell_view_busy (self, 1);
  tix_client_sell_async (self->client, self->event_id,
                         (const TixClientSaleLine *) (gpointer) lines->data, lines->len,
                         tix_sell_basket_get_method (self->basket),
                         tix_sell_basket_get_tendered (self->basket),
                         self->cancellable, sold_cb, g_object_ref (self));
}

static void
pay_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  TixSellView *self = TIX_SELL_VIEW (widget);
  TixPaymentMethod method;

  if (tix_payment_method_from_string (g_variant_get_string (parameter, NULL), &method) &&
      !tix_sell_basket_set_method (self->basket, method))
    _tix_sell_view_show_message (self, tix_sell_basket_get_message (self->basket));
  /* set_active by a click toggles it: show the basket's again. */
  _tix_sell_view_update (self);
  _tix_sell_view_refocus (self);
}

/* Closing the shift ----------------------------------------------------------- */

static void
show_cash_up (TixSellView *self,
              TixCashUp   *cash_up)
{
  GtkWidget *window = adw_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  TixCashUpView *view = tix_cash_up_view_new ();

  if (self->cash_up_window != NULL)
    gtk_window_destroy (self->cash_up_window);
  gtk_window_set_title (GTK_WINDOW (window), _("Cash-Up"));
  gtk_window_set_transient_for (GTK_WINDOW (window), get_window (self));
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (window), 520, 640);
  gtk_window_set_hide_on_close (GTK_WINDOW (window), FALSE);
  gtk_widget_set_name (GTK_WIDGET (view), "cash_up_view");
  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (view));
  adw_window_set_content (ADW_WINDOW (window), box);
  tix_cash_up_view_set_cash_up (view, cash_up, _tix_sell_view_get_currency (self));

  self->cash_up_window = GTK_WINDOW (window);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &self->cash_up_window);
  gtk_window_present (GTK_WINDOW (window));
}

static void
shift_closed_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(TixSellView) self = user_data;
  g_autoptr(TixCashUp) cash_up = NULL;
  g_autoptr(GError) error = NULL;

  _tix_sell_view_busy (self, -1);
  cash_up = tix_client_close_shift_finish (TIX_CLIENT (object), result, &error);
  if (cash_up == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _tix_sell_view_show_message (self, error->message);
      return;
    }

  g_clear_pointer (&self->shift, tix_shift_unref);
  g_clear_pointer (&self->cash_up, tix_cash_up_unref);
  self->cash_up = tix_cash_up_ref (cash_up);
  _tix_sell_view_update (self);
  show_cash_up (self, cash_up);

  if (self->printer != NULL)
    {
      g_autoptr(GTimeZone) zone = dup_zone (self);
      g_autofree char *paper = tix_desk_printer_dup_paper (self->printer);
      g_autoptr(TixReceipt) receipt = tix_sell_receipt_new_cash_up (cash_up, organization_name (self),
                                                                    _tix_sell_view_get_currency (self),
                                                                    zone, paper, &error);

      if (receipt != NULL)
        print_receipt (self, receipt, _("Cash-Up"));
    }
}

static void
close_shift (TixSellView *self,
             gint64       counted)
{
  if (self->shift == NULL)
    return;
  _tix_sell_view_busy (self, 1);
  tix_client_close_shift_async (self->client, self->shift->id, counted, self->cancellable,
                                shift_closed_cb, g_object_ref (self));
}

static void
close_shift_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  TixSellView *self = TIX_SELL_VIEW (widget);

  ask_amount (self, _("Close the Shift"),
              _("Count the cash in the drawer and type what is there. The cash-up then shows what was "
                "expected against it, and prints."),
              _("_Close Shift"), close_shift);
}

/* The orders ------------------------------------------------------------------ */

static void
order_changed_cb (TixSellOrdersWindow *window,
                  TixOrder            *order,
                  TixSellView         *self)
{
  load_cash_up (self);
  tix_sell_view_reload (self);
}

static void
reprint_cb (TixSellOrdersWindow *window,
            TixOrder            *order,
            TixSellView         *self)
{
  print_tickets (self, order);
}

static void
orders_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  TixSellView *self = TIX_SELL_VIEW (widget);
  TixSellOrdersWindow *window = tix_sell_orders_window_new (self->client, self->event_id,
                                                            _tix_sell_view_get_currency (self));

  gtk_window_set_transient_for (GTK_WINDOW (window), get_window (self));
  g_signal_connect_object (window, "order-refunded", G_CALLBACK (order_changed_cb), self, 0);
  g_signal_connect_object (window, "reprint", G_CALLBACK (reprint_cb), self, 0);
  gtk_window_present (GTK_WINDOW (window));
}

void
_tix_sell_view_class_actions_init (TixSellViewClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_install_action (widget_class, "sell.complete", NULL, complete_action);
  gtk_widget_class_install_action (widget_class, "sell.pay", "s", pay_action);
  gtk_widget_class_install_action (widget_class, "sell.print-again", NULL, print_again_action);
  gtk_widget_class_install_action (widget_class, "sell.print-receipt", NULL, print_receipt_action);
  gtk_widget_class_install_action (widget_class, "sell.open-shift", NULL, open_shift_action);
  gtk_widget_class_install_action (widget_class, "sell.close-shift", NULL, close_shift_action);
  gtk_widget_class_install_action (widget_class, "sell.orders", NULL, orders_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "sell.print-again", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "sell.print-receipt", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "sell.orders", NULL);
}
