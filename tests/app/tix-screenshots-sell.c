/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The desk's screenshots: the Sell view with types on sale, a shift open and
 * a basket typed at the keys; the cash-up of the shift on screen and on the
 * 80 mm roll. */
#define G_LOG_DOMAIN "tix-screenshots"

#include "config.h"

#include <glib/gstdio.h>

#include "tix-app-test-util.h"
#include "tix-cash-up-view.h"
#include "tix-screenshots-private.h"
#include "tix-sell-basket.h"
#include "tix-sell-receipts.h"
#include "tix-sell-view.h"

static void
store_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static void
add_type (TixClient  *client,
          gint64      event_id,
          const char *name,
          const char *prefix,
          gint64      price,
          gint64      quota)
{
  g_autoptr(TixTicketType) type = tix_ticket_type_new ();
  g_autoptr(TixTicketType) made = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  type->name = g_strdup (name);
  type->prefix = g_strdup (prefix);
  type->price = price;
  type->quota = quota;
  tix_client_create_ticket_type_async (client, event_id, type, NULL, store_result_cb, &result);
  TIX_APP_TEST_WAIT (result != NULL, 60);
  made = tix_client_create_ticket_type_finish (client, result, &error);
  if (made == NULL)
    g_error ("Ticket type %s: %s", name, error->message);
}

static void
open_shift (TixClient *client,
            gint64     opening_float)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(TixShift) shift = NULL;
  g_autoptr(GError) error = NULL;

  tix_client_open_shift_async (client, opening_float, NULL, store_result_cb, &result);
  TIX_APP_TEST_WAIT (result != NULL, 60);
  shift = tix_client_open_shift_finish (client, result, &error);
  if (shift == NULL)
    g_error ("Shift: %s", error->message);
}

/* A sale of @quantity of the type at @place (1: the first) of the view. */
static void
sell (TixClient        *client,
      gint64            event_id,
      TixSellBasket    *basket,
      guint             place,
      gint64            quantity,
      TixPaymentMethod  method,
      gint64            tendered)
{
  GPtrArray *types = tix_sell_basket_get_types (basket);
  TixClientSaleLine line = { 0 };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(TixOrder) order = NULL;
  g_autoptr(GError) error = NULL;

  g_assert (place >= 1 && place <= types->len);
  line.type_id = ((TixTicketType *) g_ptr_array_index (types, place - 1))->id;
  line.quantity = quantity;
  tix_client_sell_async (client, event_id, &line, 1, method, tendered, NULL,
                         store_result_cb, &result);
  TIX_APP_TEST_WAIT (result != NULL, 60);
  order = tix_client_sell_finish (client, result, &error);
  if (order == NULL)
    g_error ("Sale: %s", error->message);
}

static TixSellView *
show_sell_view (TixWindow *window)
{
  TixSellView *view = TIX_SELL_VIEW (tix_app_test_find (GTK_WIDGET (window), "sell_view"));

  tix_window_show_view (window, "sell");
  tix_sell_view_reload (view);
  TIX_APP_TEST_WAIT (tix_sell_view_get_n_busy (view) == 0 &&
                     tix_sell_basket_get_types (tix_sell_view_get_basket (view))->len > 0, 60);
  return view;
}

static void
type_keys (TixSellBasket *basket,
           const char    *keys)
{
  for (const char *k = keys; *k != '\0'; k++)
    tix_sell_basket_key (basket, (gunichar) *k);
}

static void
shoot_both (GtkWidget  *window,
            const char *name)
{
  AdwStyleManager *style = adw_style_manager_get_default ();

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
  tix_screenshot (window, name);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  tix_screenshot (window, name);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
}

/* The cash-up as the desk printer prints it, rendered for the README. */
static void
render_roll (TixCashUp *cash_up)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("Europe/Paris");
  g_autoptr(TixReceipt) receipt = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pdf_path = g_build_filename (tix_screenshot_folder (), "cash-up-roll.pdf", NULL);
  g_autofree char *png_base = g_build_filename (tix_screenshot_folder (), "cash-up-roll", NULL);
  const char *argv[] = { "pdftoppm", "-png", "-r", "110", "-singlefile", pdf_path, png_base, NULL };
  int status = 0;

  receipt = tix_sell_receipt_new_cash_up (cash_up, "Théâtre du Port", "EUR", zone, "roll-80", &error);
  if (receipt != NULL)
    pdf = tix_receipt_render_pdf (receipt, &error);
  if (pdf == NULL ||
      !g_file_set_contents (pdf_path, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf), &error) ||
      !g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                     &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    {
      g_printerr ("cash-up-roll: %s\n", error->message);
      return;
    }
  g_unlink (pdf_path);
  g_print ("%s.png\n", png_base);
}

void
tix_screenshots_sell (TixWindow *window)
{
  TixClient *client = tix_window_get_client (window);
  gint64 event_id = tix_season_get_event_id (tix_window_get_season (window));
  TixSellView *view;
  TixSellBasket *basket;
  TixShift *shift;
  g_autoptr(GAsyncResult) closed = NULL;
  g_autoptr(TixCashUp) cash_up = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *cash_up_window;
  TixCashUpView *cash_up_view;

  add_type (client, event_id, "Adult", "A", 2400, TIX_TICKET_TYPE_NO_LIMIT);
  add_type (client, event_id, "Reduced", "R", 1600, TIX_TICKET_TYPE_NO_LIMIT);
  add_type (client, event_id, "Child", "C", 950, 60);
  add_type (client, event_id, "Balcony", "B", 3500, 40);
  add_type (client, event_id, "Student", "S", 1200, 2);
  open_shift (client, 15000);

  /* The evening so far: the students' two seats gone, some sold. */
  view = show_sell_view (window);
  basket = tix_sell_view_get_basket (view);
  sell (client, event_id, basket, 1, 2, TIX_PAYMENT_CASH, 5000);
  sell (client, event_id, basket, 5, 2, TIX_PAYMENT_CARD, 0);
  sell (client, event_id, basket, 4, 3, TIX_PAYMENT_CARD, 0);
  sell (client, event_id, basket, 3, 1, TIX_PAYMENT_CASH, 1000);
  view = show_sell_view (window);

  /* The next in the queue: two adults and a child, paying 60 in cash. */
  type_keys (basket, "113c60");
  shoot_both (GTK_WIDGET (window), "sell");
  type_keys (basket, "\x1b\x1b");

  /* Closing time: five short in the drawer. */
  shift = tix_sell_view_get_shift (view);
  g_assert_nonnull (shift);
  {
    g_autoptr(GAsyncResult) running = NULL;
    g_autoptr(TixCashUp) so_far = NULL;

    tix_client_get_cash_up_async (client, shift->id, NULL, store_result_cb, &running);
    TIX_APP_TEST_WAIT (running != NULL, 60);
    so_far = tix_client_get_cash_up_finish (client, running, &error);
    if (so_far == NULL)
      g_error ("Cash-up: %s", error->message);
    tix_client_close_shift_async (client, shift->id, so_far->expected_cash - 500, NULL,
                                  store_result_cb, &closed);
  }
  TIX_APP_TEST_WAIT (closed != NULL, 60);
  cash_up = tix_client_close_shift_finish (client, closed, &error);
  if (cash_up == NULL)
    g_error ("Closing the shift: %s", error->message);

  cash_up_window = adw_window_new ();
  gtk_window_set_title (GTK_WINDOW (cash_up_window), "Cash-Up");
  gtk_window_set_default_size (GTK_WINDOW (cash_up_window), 460, 720);
  cash_up_view = tix_cash_up_view_new ();
  tix_cash_up_view_set_cash_up (cash_up_view, cash_up, "EUR");
  adw_window_set_content (ADW_WINDOW (cash_up_window), GTK_WIDGET (cash_up_view));
  gtk_window_present (GTK_WINDOW (cash_up_window));
  shoot_both (cash_up_window, "cash-up");
  gtk_window_destroy (GTK_WINDOW (cash_up_window));

  render_roll (cash_up);
  tix_sell_view_reload (view);
  TIX_APP_TEST_WAIT (tix_sell_view_get_n_busy (view) == 0, 60);
}

void
tix_screenshots_sell_narrow (TixWindow *window)
{
  TixSellView *view;

  open_shift (tix_window_get_client (window), 10000);
  view = show_sell_view (window);
  type_keys (tix_sell_view_get_basket (view), "22");
  tix_screenshot (GTK_WIDGET (window), "sell-narrow");
  type_keys (tix_sell_view_get_basket (view), "\x1b\x1b");
}
