/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-sell-orders"

#include "config.h"

#include <glib/gi18n.h>

#include "tix-money.h"
#include "tix-sell-orders-window.h"
#include "tix-sell-receipts.h"

struct _TixSellOrdersWindow
{
  AdwWindow     parent_instance;

  GtkSearchEntry *search_entry;
  GtkListBox   *list;
  GtkLabel     *message_label;

  TixClient    *client;
  GCancellable *cancellable;
  GPtrArray    *orders;       /* TixOrder */
  char         *currency;
  gint64        event_id;
  guint         n_busy;
};

G_DEFINE_FINAL_TYPE (TixSellOrdersWindow, tix_sell_orders_window, ADW_TYPE_WINDOW)

enum {
  ORDER_REFUNDED,
  REPRINT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
show_message (TixSellOrdersWindow *self,
              const char          *message)
{
  gtk_label_set_label (self->message_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), message != NULL);
}

static void load (TixSellOrdersWindow *self, gint64 number);

static void
refunded_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(TixSellOrdersWindow) self = user_data;
  g_autoptr(TixOrder) order = NULL;
  g_autoptr(GError) error = NULL;

  self->n_busy--;
  order = tix_client_refund_order_finish (TIX_CLIENT (object), result, &error);
  if (order == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      if (g_error_matches (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_FORBIDDEN))
        show_message (self, _("Only an administrator can refund this order: a seller refunds their own sales "
                              "within 10 minutes."));
      else
        show_message (self, error->message);
      return;
    }
  show_message (self, NULL);
  g_signal_emit (self, signals[ORDER_REFUNDED], 0, order);
  load (self, 0);
}

static void
confirm_response_cb (AdwMessageDialog    *dialog,
                     const char          *response,
                     TixSellOrdersWindow *self)
{
  TixOrder *order = g_object_get_data (G_OBJECT (dialog), "order");

  if (g_str_equal (response, "refund"))
    tix_sell_orders_window_refund (self, order, TRUE);
}

void
tix_sell_orders_window_refund (TixSellOrdersWindow *self,
                               TixOrder            *order,
                               gboolean             confirmed)
{
  g_return_if_fail (TIX_IS_SELL_ORDERS_WINDOW (self));
  g_return_if_fail (order != NULL);

  if (!confirmed)
    {
      g_autofree char *total = tix_money_format (order->total, self->currency);
      g_autofree char *heading = g_strdup_printf (_("Refund Order %lld?"), (long long) order->number);
      g_autofree char *body = g_strdup_printf (_("Give back %s. Its tickets no longer let anyone in, and "
                                                 "they can be sold again."), total);
      GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);

      adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                        "refund", _("_Refund"), NULL);
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "refund",
                                                  ADW_RESPONSE_DESTRUCTIVE);
      adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
      adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
      g_object_set_data_full (G_OBJECT (dialog), "order", tix_order_ref (order),
                              (GDestroyNotify) tix_order_unref);
      g_signal_connect_object (dialog, "response", G_CALLBACK (confirm_response_cb), self, 0);
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }

  self->n_busy++;
  tix_client_refund_order_async (self->client, order->id, NULL, self->cancellable, refunded_cb,
                                 g_object_ref (self));
}

static void
got_order_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(TixSellOrdersWindow) self = user_data;
  g_autoptr(TixOrder) order = NULL;
  g_autoptr(GError) error = NULL;

  self->n_busy--;
  order = tix_client_get_order_finish (TIX_CLIENT (object), result, &error);
  if (order == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_message (self, error->message);
      return;
    }
  g_signal_emit (self, signals[REPRINT], 0, order);
}

static void
reprint_clicked_cb (GtkButton           *button,
                    TixSellOrdersWindow *self)
{
  TixOrder *order = g_object_get_data (G_OBJECT (button), "order");

  self->n_busy++;
  tix_client_get_order_async (self->client, order->id, self->cancellable, got_order_cb,
                              g_object_ref (self));
}

static void
refund_clicked_cb (GtkButton           *button,
                   TixSellOrdersWindow *self)
{
  tix_sell_orders_window_refund (self, g_object_get_data (G_OBJECT (button), "order"), FALSE);
}

static GtkWidget *
order_row_new (TixSellOrdersWindow *self,
               TixOrder            *order)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *total = tix_money_format (order->total, self->currency);
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (order->created_at / 1000);
  g_autofree char *time = when != NULL ? g_date_time_format (when, "%H:%M") : g_strdup ("");
  GtkWidget *reprint = gtk_button_new_with_mnemonic (_("_Print"));
  GtkWidget *refund = gtk_button_new_with_mnemonic (_("_Refund…"));
  gint64 count = 0;

  for (guint i = 0; i < order->items->len; i++)
    count += g_array_index (order->items, TixOrderItem, i).quantity;

  /* Translators: an order in the list: "Order 12 · €31.00" */
  title = g_strdup_printf (_("Order %lld · %s"), (long long) order->number, total);
  /* Translators: "3 tickets · Cash · 14:02 · Ada" */
  subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lld ticket · %s · %s · %s",
                                           "%lld tickets · %s · %s · %s", count),
                              (long long) count, tix_sell_method_label (order->method), time,
                              order->seller_name != NULL ? order->seller_name : "");
  if (order->status == TIX_ORDER_REFUNDED)
    {
      char *refunded = g_strdup_printf (_("%s · refunded"), subtitle);

      g_free (subtitle);
      subtitle = refunded;
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  g_object_set_data_full (G_OBJECT (reprint), "order", tix_order_ref (order), (GDestroyNotify) tix_order_unref);
  g_object_set_data_full (G_OBJECT (refund), "order", tix_order_ref (order), (GDestroyNotify) tix_order_unref);
  gtk_widget_set_valign (reprint, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (refund, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (refund, "destructive-action");
  gtk_widget_set_sensitive (refund, order->status != TIX_ORDER_REFUNDED);
  gtk_widget_set_sensitive (reprint, order->status != TIX_ORDER_REFUNDED);
  g_signal_connect_object (reprint, "clicked", G_CALLBACK (reprint_clicked_cb), self, 0);
  g_signal_connect_object (refund, "clicked", G_CALLBACK (refund_clicked_cb), self, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), reprint);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), refund);
  return row;
}

static void
listed_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(TixSellOrdersWindow) self = user_data;
  g_autoptr(TixOrderPage) page = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  self->n_busy--;
  page = tix_client_list_orders_finish (TIX_CLIENT (object), result, &error);
  if (page == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_message (self, error->message);
      return;
    }

  g_ptr_array_set_size (self->orders, 0);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  for (guint i = 0; i < page->orders->len; i++)
    {
      TixOrder *order = g_ptr_array_index (page->orders, i);

      g_ptr_array_add (self->orders, tix_order_ref (order));
      gtk_list_box_append (self->list, order_row_new (self, order));
    }
  if (page->orders->len == 0)
    show_message (self, _("No orders"));
}

static void
load (TixSellOrdersWindow *self,
      gint64               number)
{
  self->n_busy++;
  tix_client_list_orders_async (self->client, self->event_id, 0, number, NULL, self->cancellable,
                                listed_cb, g_object_ref (self));
}

void
tix_sell_orders_window_search (TixSellOrdersWindow *self,
                               gint64               number)
{
  g_return_if_fail (TIX_IS_SELL_ORDERS_WINDOW (self));

  show_message (self, NULL);
  load (self, number);
}

static void
search_changed_cb (GtkSearchEntry      *entry,
                   TixSellOrdersWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  guint64 number = 0;

  if (*text != '\0' && !g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT64, &number, NULL))
    {
      show_message (self, _("An order number is digits only"));
      return;
    }
  tix_sell_orders_window_search (self, (gint64) number);
}

static void
tix_sell_orders_window_dispose (GObject *object)
{
  TixSellOrdersWindow *self = TIX_SELL_ORDERS_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);
  g_clear_pointer (&self->orders, g_ptr_array_unref);
  g_clear_pointer (&self->currency, g_free);

  G_OBJECT_CLASS (tix_sell_orders_window_parent_class)->dispose (object);
}

static void
tix_sell_orders_window_class_init (TixSellOrdersWindowClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = tix_sell_orders_window_dispose;

  signals[ORDER_REFUNDED] = g_signal_new ("order-refunded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 1, TIX_TYPE_ORDER);
  signals[REPRINT] = g_signal_new ("reprint", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, TIX_TYPE_ORDER);
}

static void
tix_sell_orders_window_init (TixSellOrdersWindow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *inner = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();

  self->orders = g_ptr_array_new_with_free_func ((GDestroyNotify) tix_order_unref);
  self->cancellable = g_cancellable_new ();

  gtk_window_set_title (GTK_WINDOW (self), _("Orders"));
  gtk_window_set_default_size (GTK_WINDOW (self), 620, 560);
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);

  self->search_entry = GTK_SEARCH_ENTRY (gtk_search_entry_new ());
  g_object_set (self->search_entry, "placeholder-text", _("Order number"), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->search_entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Search orders by number"), -1);
  g_signal_connect (self->search_entry, "search-changed", G_CALLBACK (search_changed_cb), self);
  self->message_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->message_label, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->message_label), "dim-label");
  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  gtk_widget_set_valign (GTK_WIDGET (self->list), GTK_ALIGN_START);

  gtk_widget_set_margin_start (inner, 12);
  gtk_widget_set_margin_end (inner, 12);
  gtk_widget_set_margin_top (inner, 12);
  gtk_widget_set_margin_bottom (inner, 12);
  gtk_box_append (GTK_BOX (inner), GTK_WIDGET (self->search_entry));
  gtk_box_append (GTK_BOX (inner), GTK_WIDGET (self->message_label));
  gtk_box_append (GTK_BOX (inner), GTK_WIDGET (self->list));
  adw_clamp_set_child (ADW_CLAMP (clamp), inner);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), scrolled);
  adw_window_set_content (ADW_WINDOW (self), box);
  show_message (self, NULL);
}

TixSellOrdersWindow *
tix_sell_orders_window_new (TixClient  *client,
                            gint64      event_id,
                            const char *currency)
{
  TixSellOrdersWindow *self;

  g_return_val_if_fail (TIX_IS_CLIENT (client), NULL);

  self = g_object_new (TIX_TYPE_SELL_ORDERS_WINDOW, NULL);
  self->client = g_object_ref (client);
  self->event_id = event_id;
  self->currency = g_strdup (currency);
  load (self, 0);
  return self;
}

GPtrArray *
tix_sell_orders_window_get_orders (TixSellOrdersWindow *self)
{
  g_return_val_if_fail (TIX_IS_SELL_ORDERS_WINDOW (self), NULL);

  return self->orders;
}

guint
tix_sell_orders_window_get_n_busy (TixSellOrdersWindow *self)
{
  g_return_val_if_fail (TIX_IS_SELL_ORDERS_WINDOW (self), 0);

  return self->n_busy;
}

const char *
tix_sell_orders_window_get_message (TixSellOrdersWindow *self)
{
  g_return_val_if_fail (TIX_IS_SELL_ORDERS_WINDOW (self), NULL);

  return gtk_widget_get_visible (GTK_WIDGET (self->message_label))
         ? gtk_label_get_label (self->message_label) : NULL;
}
