/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-sell-view"

#include "config.h"

#include <glib/gi18n.h>

#include "tix-app-util.h"
#include "tix-money.h"
#include "tix-narrow-layout.h"
#include "tix-sell-type-button.h"
#include "tix-sell-view-private.h"
#include "tix-ticket-types-window.h"

/* The view: its session and event, the types and their buttons, the
 * basket shown, the keys. The sale, printing, the shift and the orders are
 * in tix-sell-view-actions.c. */

/* Below this width the basket goes under the buttons. */
#define NARROW_WIDTH        700
/* The stream says a sale anywhere; a burst of them is read once. */
#define RELOAD_DELAY_MS     300
/* Refunds at other desks come on no stream message. */
#define POLL_SECONDS        30

G_DEFINE_FINAL_TYPE (TixSellView, tix_sell_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_SEASON,
  PROP_DESK_PRINTER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

const char *
_tix_sell_view_get_currency (TixSellView *self)
{
  return tix_sell_basket_get_currency (self->basket);
}

char *
_tix_sell_view_format (TixSellView *self,
                       gint64       amount)
{
  return tix_money_format (amount, _tix_sell_view_get_currency (self));
}

void
_tix_sell_view_show_message (TixSellView *self,
                             const char  *message)
{
  gtk_label_set_label (self->message_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), message != NULL && *message != '\0');
}

void
_tix_sell_view_busy (TixSellView *self,
                     int          delta)
{
  g_assert (delta > 0 || self->n_busy >= (guint) -delta);
  self->n_busy += delta;
}

/* Focus never leaves the desk: back on the view after a dialog or a click. */
void
_tix_sell_view_refocus (TixSellView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;
  if (focus == NULL || !gtk_widget_is_ancestor (focus, GTK_WIDGET (self)))
    gtk_widget_grab_focus (GTK_WIDGET (self));
}

/* Showing the basket ---------------------------------------------------------- */

static GtkWidget *
line_row_new (TixSellView   *self,
              TixTicketType *type,
              gint64         quantity)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *title = g_strdup_printf ("%" G_GINT64_FORMAT " × %s", quantity, type->name);
  g_autofree char *each = _tix_sell_view_format (self, type->price);
  g_autofree char *amount = _tix_sell_view_format (self, tix_sell_basket_get_method (self->basket) == TIX_PAYMENT_FREE
                                                   ? 0 : type->price * quantity);
  /* Translators: the price of one ticket in a basket line: "€12.50 each" */
  g_autofree char *subtitle = g_strdup_printf (_("%s each"), each);
  GtkWidget *label = gtk_label_new (amount);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_add_css_class (label, "numeric");
  gtk_widget_add_css_class (label, "title-4");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  gtk_widget_set_focusable (row, FALSE);
  return row;
}

static void
update_lines (TixSellView *self)
{
  GtkWidget *child;
  guint n = tix_sell_basket_get_n_lines (self->basket);
  int selected = tix_sell_basket_get_selected (self->basket);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->lines_box))) != NULL)
    gtk_list_box_remove (self->lines_box, child);

  for (guint i = 0; i < n; i++)
    {
      gint64 quantity;
      TixTicketType *type = tix_sell_basket_get_line (self->basket, i, &quantity);

      gtk_list_box_append (self->lines_box, line_row_new (self, type, quantity));
    }
  if (selected >= 0)
    gtk_list_box_select_row (self->lines_box, gtk_list_box_get_row_at_index (self->lines_box, selected));
  gtk_widget_set_visible (GTK_WIDGET (self->lines_box), n > 0);
}

static void
update_buttons (TixSellView *self)
{
  GPtrArray *types = tix_sell_basket_get_types (self->basket);
  guint i = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->types_box));
       child != NULL && i < types->len;
       child = gtk_widget_get_next_sibling (child), i++)
    {
      TixTicketType *type = g_ptr_array_index (types, i);
      GtkWidget *button = gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (child));

      tix_sell_type_button_set_type (TIX_SELL_TYPE_BUTTON (button), type, i,
                                     _tix_sell_view_get_currency (self),
                                     tix_sell_basket_get_quantity (self->basket, type->id));
    }
}

static void
update_payment (TixSellView *self)
{
  TixPaymentMethod method = tix_sell_basket_get_method (self->basket);
  gint64 change = tix_sell_basket_get_change (self->basket);
  const char *typed = tix_sell_basket_get_tendered_text (self->basket);
  gboolean typing = tix_sell_basket_get_input (self->basket) == TIX_SELL_INPUT_TENDERED;
  g_autofree char *tendered = NULL;
  g_autofree char *change_text = NULL;

  gtk_toggle_button_set_active (self->cash_button, method == TIX_PAYMENT_CASH);
  gtk_toggle_button_set_active (self->card_button, method == TIX_PAYMENT_CARD);
  gtk_toggle_button_set_active (self->other_button, method == TIX_PAYMENT_OTHER);
  gtk_toggle_button_set_active (self->free_button, method == TIX_PAYMENT_FREE);

  gtk_widget_set_visible (self->tendered_box, method == TIX_PAYMENT_CASH);

  /* Just after a cash sale the basket is empty and the cashier counts the
   * change out: it stays in large type until the next customer's first key. */
  if (tix_sell_basket_is_empty (self->basket) && !typing && *typed == '\0' &&
      self->last_order != NULL && self->last_order->method == TIX_PAYMENT_CASH &&
      method == TIX_PAYMENT_CASH)
    {
      g_autofree char *last_tendered = _tix_sell_view_format (self, self->last_order->tendered);
      g_autofree char *last_change = _tix_sell_view_format (self, self->last_order->change);

      gtk_label_set_label (self->tendered_label, last_tendered);
      /* Translators: the change of the sale just made, still to hand over */
      gtk_label_set_label (self->change_caption, _("Change Due, Last Sale"));
      gtk_label_set_label (self->change_label, last_change);
      gtk_widget_set_visible (GTK_WIDGET (self->change_caption), TRUE);
      gtk_widget_set_visible (GTK_WIDGET (self->change_label), TRUE);
      gtk_widget_remove_css_class (GTK_WIDGET (self->change_label), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->change_label), "accent");
      return;
    }
  gtk_label_set_label (self->change_caption, _("Change"));

  if (*typed != '\0')
    tendered = g_strdup_printf ("%s %s", tix_money_get_symbol (_tix_sell_view_get_currency (self)), typed);
  else
    /* Translators: no amount tendered typed: the customer pays the total exactly */
    tendered = g_strdup (_("Exact"));
  if (typing)
    {
      /* A caret: digits go here now. */
      char *with_caret = g_strconcat (tendered, "▏", NULL);

      g_free (tendered);
      tendered = with_caret;
    }
  gtk_label_set_label (self->tendered_label, tendered);

  gtk_widget_set_visible (GTK_WIDGET (self->change_caption), method == TIX_PAYMENT_CASH);
  gtk_widget_set_visible (GTK_WIDGET (self->change_label), method == TIX_PAYMENT_CASH);
  if (tix_sell_basket_get_tendered (self->basket) < 0)
    change_text = g_strdup (_("Not an amount"));
  else if (change < 0)
    {
      g_autofree char *short_by = _tix_sell_view_format (self, tix_sell_basket_get_total (self->basket) -
                                                         tix_sell_basket_get_tendered (self->basket));

      /* Translators: cash tendered is less than the total by this much */
      change_text = g_strdup_printf (_("%s short"), short_by);
    }
  else
    change_text = _tix_sell_view_format (self, change);
  gtk_label_set_label (self->change_label, change_text);
  if (change < 0)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->change_label), "accent");
      gtk_widget_add_css_class (GTK_WIDGET (self->change_label), "error");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->change_label), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->change_label), "accent");
    }
}

static void
update_shift (TixSellView *self)
{
  g_autofree char *text = NULL;

  if (self->client == NULL)
    text = g_strdup ("");
  else if (self->shift == NULL)
    text = g_strdup (self->shift_known ? _("No shift open at this desk: the first sale asks for the opening float")
                                       : "");
  else
    {
      g_autoptr(GTimeZone) zone = self->season != NULL && tix_season_get_time_zone (self->season) != NULL
                                  ? g_time_zone_new_identifier (tix_season_get_time_zone (self->season))
                                  : NULL;
      g_autofree char *since = tix_format_time (zone, self->shift->opened_at);
      gint64 sales = self->cash_up != NULL ? self->cash_up->orders : 0;
      g_autofree char *expected = _tix_sell_view_format (self, self->cash_up != NULL
                                                         ? self->cash_up->expected_cash
                                                         : self->shift->opening_float);
      g_autofree char *total = _tix_sell_view_format (self, self->cash_up != NULL ? self->cash_up->total : 0);

      /* Translators: the running totals of a cashier's shift */
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "Shift since %s · %lld sale, %s · cash expected in the drawer %s",
                                           "Shift since %s · %lld sales, %s · cash expected in the drawer %s",
                                           sales),
                              since, (long long) sales, total, expected);
    }
  gtk_label_set_label (self->shift_label, text);

  gtk_button_set_label (self->shift_button, self->shift != NULL ? _("_Close Shift…") : _("Open _Shift…"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->shift_button),
                                  self->shift != NULL ? "sell.close-shift" : "sell.open-shift");
}

static void
update_last (TixSellView *self)
{
  g_autofree char *text = NULL;

  if (self->last_order != NULL)
    {
      g_autofree char *total = _tix_sell_view_format (self, self->last_order->total);
      g_autofree char *change = _tix_sell_view_format (self, self->last_order->change);
      guint n = self->last_order->tickets->len;

      if (self->last_order->method == TIX_PAYMENT_CASH)
        /* Translators: the last sale: its number, how many tickets, its total, the change given */
        text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "Last sale: order %lld, %u ticket, %s, change %s",
                                             "Last sale: order %lld, %u tickets, %s, change %s", n),
                                (long long) self->last_order->number, n, total, change);
      else
        text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "Last sale: order %lld, %u ticket, %s",
                                             "Last sale: order %lld, %u tickets, %s", n),
                                (long long) self->last_order->number, n, total);
    }
  gtk_label_set_label (self->last_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->last_label), text != NULL);
}

void
_tix_sell_view_update (TixSellView *self)
{
  gint64 count = tix_sell_basket_get_count (self->basket);
  g_autofree char *total = _tix_sell_view_format (self, tix_sell_basket_get_total (self->basket));
  g_autofree char *heading = NULL;

  if (count == 0)
    heading = g_strdup (_("Empty basket: a ticket type’s key or button adds one"));
  else
    heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lld ticket",
                                            "%lld tickets", count), (long long) count);
  gtk_label_set_label (self->count_label, heading);
  gtk_label_set_label (self->total_label, total);

  update_lines (self);
  update_buttons (self);
  update_payment (self);
  update_shift (self);
  update_last (self);
  _tix_sell_view_update_actions (self);
}

/* The types ------------------------------------------------------------------ */

static void
type_clicked_cb (TixSellTypeButton *button,
                 TixSellView       *self)
{
  TixTicketType *type = tix_sell_type_button_get_ticket_type (button);

  if (!tix_sell_basket_add (self->basket, type->id))
    _tix_sell_view_show_message (self, tix_sell_basket_get_message (self->basket));
  else
    _tix_sell_view_show_message (self, NULL);
  _tix_sell_view_refocus (self);
}

static void
rebuild_buttons (TixSellView *self)
{
  GPtrArray *types = tix_sell_basket_get_types (self->basket);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->types_box))) != NULL)
    gtk_flow_box_remove (self->types_box, child);

  for (guint i = 0; i < types->len; i++)
    {
      TixSellTypeButton *button = tix_sell_type_button_new ();

      g_signal_connect_object (button, "clicked", G_CALLBACK (type_clicked_cb), self, 0);
      gtk_flow_box_append (self->types_box, GTK_WIDGET (button));
      gtk_widget_set_focusable (gtk_widget_get_parent (GTK_WIDGET (button)), FALSE);
    }
  gtk_stack_set_visible_child_name (self->types_stack, types->len > 0 || self->client == NULL
                                    ? "types" : "empty");
}

static void
types_loaded_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(TixSellView) self = user_data;
  g_autoptr(GPtrArray) types = NULL;
  g_autoptr(GError) error = NULL;
  guint before = tix_sell_basket_get_types (self->basket)->len;
  gboolean same = TRUE;

  _tix_sell_view_busy (self, -1);
  types = tix_client_list_ticket_types_finish (TIX_CLIENT (object), result, &error);
  if (types == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _tix_sell_view_show_message (self, error->message);
      return;
    }

  /* The same buttons when the same types are there: only the counts move. */
  {
    GPtrArray *old = tix_sell_basket_get_types (self->basket);
    guint active = 0;

    for (guint i = 0; i < types->len; i++)
      {
        TixTicketType *type = g_ptr_array_index (types, i);

        if (!type->active)
          continue;
        if (active >= old->len || ((TixTicketType *) g_ptr_array_index (old, active))->id != type->id)
          same = FALSE;
        active++;
      }
    same = same && active == before;
  }

  tix_sell_basket_set_types (self->basket, types);
  if (!same)
    {
      rebuild_buttons (self);
      _tix_sell_view_update (self);
    }
}

void
tix_sell_view_reload (TixSellView *self)
{
  g_return_if_fail (TIX_IS_SELL_VIEW (self));

  g_clear_handle_id (&self->reload_id, g_source_remove);
  /* The shift too: its running totals count refunds made elsewhere, and an
   * administrator may have closed it. */
  if (self->client != NULL)
    _tix_sell_view_load_shift (self);
  if (self->client == NULL || self->event_id == 0)
    {
      tix_sell_basket_set_types (self->basket, NULL);
      rebuild_buttons (self);
      _tix_sell_view_update (self);
      return;
    }
  _tix_sell_view_busy (self, 1);
  tix_client_list_ticket_types_async (self->client, self->event_id, self->cancellable,
                                      types_loaded_cb, g_object_ref (self));
}

static gboolean
reload_cb (gpointer user_data)
{
  TixSellView *self = user_data;

  self->reload_id = 0;
  tix_sell_view_reload (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_reload (TixSellView *self)
{
  if (self->client != NULL && self->reload_id == 0)
    self->reload_id = g_timeout_add (RELOAD_DELAY_MS, reload_cb, self);
}

static gboolean
poll_cb (gpointer user_data)
{
  TixSellView *self = user_data;

  schedule_reload (self);
  return G_SOURCE_CONTINUE;
}

/* The session and the event --------------------------------------------------- */

static void
on_season_changed (TixSellView *self)
{
  gint64 event_id = self->season != NULL ? tix_season_get_event_id (self->season) : 0;

  if (event_id == self->event_id)
    return;
  self->event_id = event_id;
  tix_sell_basket_clear (self->basket);
  tix_sell_basket_set_types (self->basket, NULL);
  rebuild_buttons (self);
  tix_sell_view_reload (self);
}

/* The organization's currency: of the settings the stream last read. */
static void
on_settings_changed (TixSellView *self,
                     TixSettings *settings)
{
  const char *currency = settings != NULL ? tix_settings_get_currency (settings) : NULL;

  tix_sell_basket_set_currency (self->basket, currency != NULL && *currency != '\0'
                                              ? currency : TIX_MONEY_DEFAULT_CURRENCY);
  rebuild_buttons (self);
  _tix_sell_view_update (self);
}

static void
on_client_changed (TixSellView *self)
{
  TixClient *client = self->session != NULL ? tix_session_get_client (self->session) : NULL;
  TixUser *user = client != NULL ? tix_client_get_user (client) : NULL;

  if (self->client == client)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->reload_id, g_source_remove);
  g_set_object (&self->client, client);
  g_signal_group_set_target (self->stream_signals,
                             client != NULL ? tix_session_get_stream (self->session) : NULL);
  if (client != NULL)
    on_settings_changed (self, tix_event_stream_get_settings (tix_session_get_stream (self->session)));
  g_clear_pointer (&self->last_order, tix_order_unref);
  g_clear_pointer (&self->shift, tix_shift_unref);
  g_clear_pointer (&self->cash_up, tix_cash_up_unref);
  self->shift_known = FALSE;
  self->cancellable = g_cancellable_new ();

  tix_sell_basket_clear (self->basket);
  tix_sell_basket_set_allow_free (self->basket, user != NULL && tix_user_is_admin (user));
  gtk_widget_set_visible (self->no_types_button, user != NULL && tix_user_is_admin (user));
  _tix_sell_view_show_message (self, NULL);
  if (client != NULL)
    _tix_sell_view_load_shift (self);
  self->event_id = -1;
  on_season_changed (self);
}

/* Nothing to sell: an administrator sets the types up from here, in a
 * window that follows the window's event; the buttons follow its changes. */
static void
ticket_types_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  TixSellView *self = TIX_SELL_VIEW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  TixTicketTypesWindow *window;

  if (self->session == NULL || self->season == NULL)
    return;
  if (self->types_window != NULL)
    {
      gtk_window_present (self->types_window);
      return;
    }

  window = tix_ticket_types_window_new (self->session, self->season, 0);
  gtk_window_set_transient_for (GTK_WINDOW (window), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL);
  g_signal_connect_object (window, "changed", G_CALLBACK (tix_sell_view_reload), self,
                           G_CONNECT_SWAPPED);
  self->types_window = GTK_WINDOW (window);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &self->types_window);
  gtk_window_present (GTK_WINDOW (window));
}

/* Keys ------------------------------------------------------------------------ */

static gunichar
key_of (guint keyval)
{
  switch (keyval)
    {
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_ISO_Enter:
      return TIX_SELL_KEY_ENTER;
    case GDK_KEY_BackSpace:
      return TIX_SELL_KEY_BACKSPACE;
    case GDK_KEY_Escape:
      return TIX_SELL_KEY_ESCAPE;
    case GDK_KEY_Delete:
    case GDK_KEY_KP_Delete:
      return TIX_SELL_KEY_DELETE;
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      return TIX_SELL_KEY_UP;
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      return TIX_SELL_KEY_DOWN;
    case GDK_KEY_KP_Add:
      return '+';
    case GDK_KEY_KP_Subtract:
      return '-';
    case GDK_KEY_KP_Multiply:
      return '*';
    case GDK_KEY_KP_Decimal:
      return '.';
    case GDK_KEY_KP_Separator:
      return ',';
    default:
      if (keyval >= GDK_KEY_KP_0 && keyval <= GDK_KEY_KP_9)
        return '0' + (keyval - GDK_KEY_KP_0);
      return gdk_keyval_to_unicode (keyval);
    }
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                TixSellView           *self)
{
  gunichar key;

  if ((state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SUPER_MASK)) != 0 || self->client == NULL)
    return GDK_EVENT_PROPAGATE;
  key = key_of (keyval);
  if (key == 0)
    return GDK_EVENT_PROPAGATE;

  switch (tix_sell_basket_key (self->basket, key))
    {
    case TIX_SELL_KEY_IGNORED:
      return GDK_EVENT_PROPAGATE;
    case TIX_SELL_KEY_HANDLED:
      _tix_sell_view_show_message (self, NULL);
      return GDK_EVENT_STOP;
    case TIX_SELL_KEY_REFUSED:
      _tix_sell_view_show_message (self, tix_sell_basket_get_message (self->basket));
      gtk_widget_error_bell (GTK_WIDGET (self));
      return GDK_EVENT_STOP;
    case TIX_SELL_KEY_COMPLETE:
      gtk_widget_activate_action (GTK_WIDGET (self), "sell.complete", NULL);
      return GDK_EVENT_STOP;
    default:
      g_assert_not_reached ();
    }
}

/* Wide or narrow -------------------------------------------------------------- */

static void
apply_narrow (TixSellView *self)
{
  TixNarrowLayout *layout = TIX_NARROW_LAYOUT (gtk_widget_get_layout_manager (GTK_WIDGET (self)));
  gboolean narrow = tix_narrow_layout_get_narrow (layout);

  gtk_orientable_set_orientation (GTK_ORIENTABLE (self->content),
                                  narrow ? GTK_ORIENTATION_VERTICAL : GTK_ORIENTATION_HORIZONTAL);
  gtk_widget_set_size_request (self->basket_panel, narrow ? -1 : 320, -1);
  gtk_flow_box_set_min_children_per_line (self->types_box, narrow ? 2 : 2);
}

/* GObject --------------------------------------------------------------------- */

static void
tix_sell_view_map (GtkWidget *widget)
{
  TixSellView *self = TIX_SELL_VIEW (widget);

  GTK_WIDGET_CLASS (tix_sell_view_parent_class)->map (widget);

  if (self->poll_id == 0)
    self->poll_id = g_timeout_add_seconds (POLL_SECONDS, poll_cb, self);
  schedule_reload (self);
  gtk_widget_grab_focus (widget);
}

static void
tix_sell_view_unmap (GtkWidget *widget)
{
  TixSellView *self = TIX_SELL_VIEW (widget);

  g_clear_handle_id (&self->poll_id, g_source_remove);

  GTK_WIDGET_CLASS (tix_sell_view_parent_class)->unmap (widget);
}

static void
tix_sell_view_dispose (GObject *object)
{
  TixSellView *self = TIX_SELL_VIEW (object);

  if (self->season != NULL)
    g_signal_handlers_disconnect_by_data (self->season, self);
  g_clear_object (&self->season);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->reload_id, g_source_remove);
  g_clear_handle_id (&self->poll_id, g_source_remove);
  if (self->cash_up_window != NULL)
    gtk_window_destroy (self->cash_up_window);
  if (self->types_window != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->types_window), (gpointer *) &self->types_window);
      gtk_window_destroy (g_steal_pointer (&self->types_window));
    }
  g_clear_object (&self->session_signals);
  g_clear_object (&self->stream_signals);
  g_clear_object (&self->session);
  g_clear_object (&self->client);
  g_clear_object (&self->printer);
  if (self->basket != NULL)
    g_signal_handlers_disconnect_by_data (self->basket, self);
  g_clear_object (&self->basket);
  g_clear_pointer (&self->last_order, tix_order_unref);
  g_clear_pointer (&self->shift, tix_shift_unref);
  g_clear_pointer (&self->cash_up, tix_cash_up_unref);

  gtk_widget_dispose_template (GTK_WIDGET (self), TIX_TYPE_SELL_VIEW);
  {
    GtkWidget *child;

    while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
      gtk_widget_unparent (child);
  }

  G_OBJECT_CLASS (tix_sell_view_parent_class)->dispose (object);
}

static void
tix_sell_view_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  TixSellView *self = TIX_SELL_VIEW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_SEASON:
      g_value_set_object (value, self->season);
      break;
    case PROP_DESK_PRINTER:
      g_value_set_object (value, self->printer);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tix_sell_view_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  TixSellView *self = TIX_SELL_VIEW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      if (g_set_object (&self->session, g_value_get_object (value)))
        {
          g_signal_group_set_target (self->session_signals, self->session);
          on_client_changed (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_SEASON:
      if (self->season != NULL)
        g_signal_handlers_disconnect_by_data (self->season, self);
      if (g_set_object (&self->season, g_value_get_object (value)))
        {
          if (self->season != NULL)
            g_signal_connect_object (self->season, "notify::event-id",
                                     G_CALLBACK (on_season_changed), self, G_CONNECT_SWAPPED);
          on_season_changed (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_DESK_PRINTER:
      if (g_set_object (&self->printer, g_value_get_object (value)))
        g_object_notify_by_pspec (object, pspec);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tix_sell_view_class_init (TixSellViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tix_sell_view_dispose;
  object_class->get_property = tix_sell_view_get_property;
  object_class->set_property = tix_sell_view_set_property;
  widget_class->map = tix_sell_view_map;
  widget_class->unmap = tix_sell_view_unmap;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, TIX_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The events and the one the window works on (the window's). */
  properties[PROP_SEASON] =
    g_param_spec_object ("season", NULL, NULL, TIX_TYPE_SEASON,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The station's ticket printer (Preferences). */
  properties[PROP_DESK_PRINTER] =
    g_param_spec_object ("desk-printer", NULL, NULL, TIX_TYPE_DESK_PRINTER,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  _tix_sell_view_class_actions_init (klass);

  gtk_widget_class_set_css_name (widget_class, "sellview");
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/gnome/Tix/ui/views/sell/tix-sell-view.ui");
  gtk_widget_class_bind_template_child (widget_class, TixSellView, content);
  gtk_widget_class_bind_template_child (widget_class, TixSellView, shift_label);
  gtk_widget_class_bind_template_child (widget_class, TixSellView, shift_button);
  gtk_widget_class_bind_template_child (widget_class, TixSellView, types_stack);
  gtk_widget_class_bind_template_child (widget_class, TixSellView, no_types_page);
  gtk_widget_class_bind_template_child (widget_class, TixSellView, no_types_button);
  gtk_widget_class_install_action (widget_class, "sell.ticket-types", NULL, ticket_types_action);
  gtk_widget_class_bind_template_child (widget_class, TixSellView, types_box);
  gtk_widget_class_bind_template_child (widget_class, TixSellView, basket_panel);
  gtk_widget_class_bind_template_child (widget_class, TixSellView, lines_box);
  gtk_widget_class_bind_template_child (widget_class, TixSellView, count_label);
  gtk_widget_class_bind_template_child (widget_class, TixSellView, total_label);
  gtk_widget_class_bind_template_child (widget_class, TixSellView, cash_button);
  gtk_widget_class_bind_template_child (widget_class, TixSellView, card_button);
  gtk_widget_class_bind_template_child (widget_class, TixSellView, other_button);
  gtk_widget_class_bind_template_child (widget_class, TixSellView, free_button);
  gtk_widget_class_bind_template_child (widget_class, TixSellView, tendered_box);
  gtk_widget_class_bind_template_child (widget_class, TixSellView, tendered_label);
  gtk_widget_class_bind_template_child (widget_class, TixSellView, change_caption);
  gtk_widget_class_bind_template_child (widget_class, TixSellView, change_label);
  gtk_widget_class_bind_template_child (widget_class, TixSellView, message_label);
  gtk_widget_class_bind_template_child (widget_class, TixSellView, sell_button);
  gtk_widget_class_bind_template_child (widget_class, TixSellView, last_label);
}

static void
tix_sell_view_init (TixSellView *self)
{
  GtkLayoutManager *layout = tix_narrow_layout_new (NARROW_WIDTH);
  GtkEventController *keys;

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_layout_manager (GTK_WIDGET (self), layout);
  g_signal_connect_object (layout, "notify::narrow", G_CALLBACK (apply_narrow), self,
                           G_CONNECT_SWAPPED);
  apply_narrow (self);

  /* Before any button inside: Enter is the sale's, wherever focus is. */
  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);

  self->basket = tix_sell_basket_new ();
  g_signal_connect_swapped (self->basket, "changed", G_CALLBACK (_tix_sell_view_update), self);

  self->session_signals = g_signal_group_new (TIX_TYPE_SESSION);
  g_signal_group_connect_object (self->session_signals, "notify::client",
                                 G_CALLBACK (on_client_changed), self, G_CONNECT_SWAPPED);
  self->stream_signals = g_signal_group_new (TIX_TYPE_EVENT_STREAM);
  g_signal_group_connect_object (self->stream_signals, "tickets-generated",
                                 G_CALLBACK (schedule_reload), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->stream_signals, "tickets-cleared",
                                 G_CALLBACK (schedule_reload), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->stream_signals, "ticket-changed",
                                 G_CALLBACK (schedule_reload), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->stream_signals, "notify::connected",
                                 G_CALLBACK (schedule_reload), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->stream_signals, "settings-changed",
                                 G_CALLBACK (on_settings_changed), self, G_CONNECT_SWAPPED);

  _tix_sell_view_show_message (self, NULL);
  rebuild_buttons (self);
  _tix_sell_view_update (self);
}

TixSellView *
tix_sell_view_new (void)
{
  return g_object_new (TIX_TYPE_SELL_VIEW, NULL);
}

TixSellBasket *
tix_sell_view_get_basket (TixSellView *self)
{
  g_return_val_if_fail (TIX_IS_SELL_VIEW (self), NULL);

  return self->basket;
}

TixOrder *
tix_sell_view_get_last_order (TixSellView *self)
{
  g_return_val_if_fail (TIX_IS_SELL_VIEW (self), NULL);

  return self->last_order;
}

TixShift *
tix_sell_view_get_shift (TixSellView *self)
{
  g_return_val_if_fail (TIX_IS_SELL_VIEW (self), NULL);

  return self->shift;
}

TixCashUp *
tix_sell_view_get_cash_up (TixSellView *self)
{
  g_return_val_if_fail (TIX_IS_SELL_VIEW (self), NULL);

  return self->cash_up;
}

guint
tix_sell_view_get_n_busy (TixSellView *self)
{
  g_return_val_if_fail (TIX_IS_SELL_VIEW (self), 0);

  return self->n_busy;
}
