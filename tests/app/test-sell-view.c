/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Sell view against a real in-process server: a whole sale by real
 * keys (xdotool), the shift it asks for, the tickets printed to GTK's
 * "Print to File" printer, not enough left, a shift closed with a
 * difference, a refund. */
#define G_LOG_DOMAIN "test-sell-view"

#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <glib/gstdio.h>

#include "tix-app-test-util.h"
#include "tix-cash-up-view.h"
#include "tix-client.h"
#include "tix-resources.h"
#include "tix-season.h"
#include "tix-sell-orders-window.h"
#include "tix-sell-view.h"
#include "sheet-test-util.h"
#include "tix-test-keys.h"
#include "tix-test-util.h"

#define EMAIL    "desk@example.com"
#define PASSWORD "correct horse battery"
#define NAME     "Box Office"
#define ORG      "Sell View Test Org"

typedef struct
{
  TixTestServer *server;
  TixClient     *client;
  TixSession    *session;
  TixSeason     *season;
  GSettings     *settings;
  TixDeskPrinter *printer;
  GtkWindow     *window;
  TixSellView   *view;
  gint64         event_id;
  gint64         adult_id;  /* €12.50 */
  gint64         child_id;  /* €6.00 */
  gint64         last_id;   /* €20.00, one left */
  char          *dir;
  char          *pdf_path;
} Fixture;

static GAsyncResult *
wait_for (GAsyncResult **result)
{
  TIX_APP_TEST_WAIT (*result != NULL, 30);
  return *result;
}

static gint64
create_type (Fixture    *f,
             const char *name,
             gint64      price,
             gint64      quota)
{
  g_autoptr(TixTicketType) type = tix_ticket_type_new ();
  g_autoptr(TixTicketType) made = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  type->name = g_strdup (name);
  type->price = price;
  type->quota = quota;
  tix_client_create_ticket_type_async (f->client, f->event_id, type, NULL, tix_test_store_result, &result);
  made = tix_client_create_ticket_type_finish (f->client, wait_for (&result), &error);
  g_assert_no_error (error);
  return made->id;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GAsyncResult) registered = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TixUser) user = NULL;
  g_autoptr(GtkPrintSettings) print_settings = gtk_print_settings_new ();
  g_autofree char *uri = NULL;

  f->server = tix_test_server_new ();
  f->client = tix_client_new (f->server->url);
  f->dir = g_dir_make_tmp ("tix-sell-XXXXXX", &error);
  g_assert_no_error (error);
  f->pdf_path = g_build_filename (f->dir, "desk.pdf", NULL);

  tix_client_register_async (f->client, EMAIL, PASSWORD, NAME, ORG, NULL,
                             tix_test_store_result, &registered);
  user = tix_client_register_finish (f->client, wait_for (&registered), &error);
  g_assert_no_error (error);

  f->session = tix_session_new ();
  tix_session_sign_in (f->session, f->client, FALSE);
  f->season = tix_season_new (f->session);
  TIX_APP_TEST_WAIT (tix_season_get_loaded (f->season) && tix_season_get_event_id (f->season) != 0, 30);
  f->event_id = tix_season_get_event_id (f->season);
  f->adult_id = create_type (f, "Adult", 1250, TIX_TICKET_TYPE_NO_LIMIT);
  f->child_id = create_type (f, "Child", 600, TIX_TICKET_TYPE_NO_LIMIT);
  f->last_id = create_type (f, "Box", 2000, 1);

  /* The desk printer: GTK's "Print to File", a PDF here, on the roll. */
  f->settings = g_settings_new ("org.gnome.Tix");
  uri = g_filename_to_uri (f->pdf_path, NULL, NULL);
  gtk_print_settings_set_printer (print_settings, "Print to File");
  gtk_print_settings_set (print_settings, GTK_PRINT_SETTINGS_OUTPUT_URI, uri);
  gtk_print_settings_set (print_settings, GTK_PRINT_SETTINGS_OUTPUT_FILE_FORMAT, "pdf");
  g_settings_set_value (f->settings, "desk-print-settings", gtk_print_settings_to_gvariant (print_settings));
  g_settings_set_string (f->settings, "desk-layout", "roll-80");
  f->printer = tix_desk_printer_new (f->settings);

  f->view = tix_sell_view_new ();
  g_object_add_weak_pointer (G_OBJECT (f->view), (gpointer *) &f->view);
  f->window = tix_app_test_toast_window_new ();
  gtk_window_set_default_size (f->window, 1100, 760);
  gtk_window_set_child (f->window, GTK_WIDGET (f->view));
  g_object_set (f->view, "desk-printer", f->printer, "season", f->season, "session", f->session, NULL);
  gtk_window_present (f->window);
  TIX_APP_TEST_WAIT (tix_sell_view_get_n_busy (f->view) == 0 &&
                     tix_sell_basket_get_types (tix_sell_view_get_basket (f->view))->len == 3, 30);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (f->window);
  TIX_APP_TEST_WAIT (f->view == NULL, 30);
  g_clear_object (&f->printer);
  g_clear_object (&f->settings);
  g_assert_finalize_object (g_steal_pointer (&f->season));
  g_assert_finalize_object (g_steal_pointer (&f->session));
  g_object_add_weak_pointer (G_OBJECT (f->client), (gpointer *) &f->client);
  g_object_unref (f->client);
  TIX_APP_TEST_WAIT (f->client == NULL, 30);
  g_clear_pointer (&f->server, tix_test_server_free);
  tix_test_remove_tree (f->dir);
  g_clear_pointer (&f->dir, g_free);
  g_clear_pointer (&f->pdf_path, g_free);
}

static GtkWindow *
find_dialog (void)
{
  GListModel *windows = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (windows); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (windows, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return GTK_WINDOW (window);
    }
  return NULL;
}

static GtkWindow *
find_window_of_type (GType type)
{
  GListModel *windows = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (windows); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (windows, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type))
        return GTK_WINDOW (window);
    }
  return NULL;
}

static GtkWidget *
find_child_of_type (GtkWidget *root,
                    GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_child_of_type (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GStrv
printed_pages (Fixture *f)
{
  g_autofree char *contents = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;

  TIX_APP_TEST_WAIT (g_file_test (f->pdf_path, G_FILE_TEST_EXISTS), 30);
  tix_app_test_spin (300);
  g_assert_true (g_file_get_contents (f->pdf_path, &contents, &length, &error));
  g_assert_no_error (error);
  pdf = g_bytes_new_take (g_steal_pointer (&contents), length);
  return tix_sheet_test_pdf_pages (pdf);
}

/* A window that has the focus; keys typed go to the view. */
static gboolean
real_keys (Fixture *f)
{
  g_autofree char *why = tix_test_keys_unavailable ();

  if (why != NULL)
    {
      g_test_skip (why);
      return FALSE;
    }
  tix_test_keys_focus (f->window);
  TIX_APP_TEST_WAIT (gtk_widget_has_focus (GTK_WIDGET (f->view)), 10);
  return TRUE;
}

/* "2 adults 1 child, cash, 50, Enter" by the keyboard alone: no shift, so
 * the opening float is asked (typed, Enter), the sale goes on, the change
 * is €19.00, the three tickets print at once. Then the shift is closed with
 * €11 missing from the drawer: the cash-up says so, on screen and printed. */
static void
test_sale_by_keys (Fixture       *f,
                   gconstpointer  data)
{
  TixSellBasket *basket = tix_sell_view_get_basket (f->view);
  TixOrder *order;
  TixCashUp *cash_up;
  GtkWindow *dialog;
  GtkWindow *cash_up_window;
  g_auto(GStrv) pages = NULL;
  g_auto(GStrv) roll = NULL;
  TixCashUpView *cash_up_view;

  if (!real_keys (f))
    return;

  tix_test_keys_type ("112c50", 60);
  TIX_APP_TEST_WAIT (g_strcmp0 (tix_sell_basket_get_tendered_text (basket), "50") == 0, 10);
  g_assert_cmpint (tix_sell_basket_get_quantity (basket, f->adult_id), ==, 2);
  g_assert_cmpint (tix_sell_basket_get_quantity (basket, f->child_id), ==, 1);
  g_assert_cmpint (tix_sell_basket_get_total (basket), ==, 3100);
  g_assert_cmpint (tix_sell_basket_get_change (basket), ==, 1900);
  g_assert_null (tix_sell_view_get_shift (f->view));

  tix_test_keys_press ("Return");
  TIX_APP_TEST_WAIT ((dialog = find_dialog ()) != NULL, 10);
  TIX_APP_TEST_WAIT (gtk_window_is_active (dialog), 10);
  tix_test_keys_type ("100", 60);
  tix_test_keys_press ("Return");

  TIX_APP_TEST_WAIT (tix_sell_view_get_last_order (f->view) != NULL, 30);
  order = tix_sell_view_get_last_order (f->view);
  g_assert_cmpuint (order->tickets->len, ==, 3);
  g_assert_cmpint (order->total, ==, 3100);
  g_assert_cmpint (order->tendered, ==, 5000);
  g_assert_cmpint (order->change, ==, 1900);
  g_assert_cmpint (order->method, ==, TIX_PAYMENT_CASH);
  g_assert_nonnull (tix_sell_view_get_shift (f->view));
  g_assert_cmpint (tix_sell_view_get_shift (f->view)->opening_float, ==, 10000);
  g_assert_true (tix_sell_basket_is_empty (basket));

  /* Printed with no dialog: one ticket a page of the roll. */
  pages = printed_pages (f);
  g_assert_cmpuint (g_strv_length (pages), ==, 3);
  for (guint i = 0; i < 3; i++)
    g_assert_nonnull (strstr (pages[i], tix_ticket_get_number (g_ptr_array_index (order->tickets, i))));

  /* The running totals: float + cash sales. */
  TIX_APP_TEST_WAIT (tix_sell_view_get_cash_up (f->view) != NULL &&
                     tix_sell_view_get_cash_up (f->view)->orders == 1, 30);
  g_assert_cmpint (tix_sell_view_get_cash_up (f->view)->expected_cash, ==, 13100);

  /* Focus is still the desk's: the next customer's keys count. (Xvfb has
   * no window manager to give the window the X focus back after the
   * dialog: as one would.) */
  TIX_APP_TEST_WAIT (gtk_root_get_focus (GTK_ROOT (f->window)) == GTK_WIDGET (f->view), 10);
  tix_test_keys_focus (f->window);
  tix_test_keys_type ("2", 60);
  TIX_APP_TEST_WAIT (tix_sell_basket_get_quantity (basket, f->child_id) == 1, 10);
  tix_test_keys_press ("Escape");
  TIX_APP_TEST_WAIT (tix_sell_basket_is_empty (basket), 10);

  /* Close the shift with €120.00 counted of €131.00 expected. */
  g_unlink (f->pdf_path);
  gtk_widget_activate_action (GTK_WIDGET (f->view), "sell.close-shift", NULL);
  TIX_APP_TEST_WAIT ((dialog = find_dialog ()) != NULL, 10);
  TIX_APP_TEST_WAIT (gtk_window_is_active (dialog), 10);
  tix_test_keys_type ("120", 60);
  tix_test_keys_press ("Return");
  TIX_APP_TEST_WAIT (tix_sell_view_get_shift (f->view) == NULL &&
                     tix_sell_view_get_cash_up (f->view) != NULL &&
                     tix_sell_view_get_cash_up (f->view)->counted_cash != TIX_SHIFT_NOT_COUNTED, 30);
  cash_up = tix_sell_view_get_cash_up (f->view);
  g_assert_cmpint (cash_up->orders, ==, 1);
  g_assert_cmpint (cash_up->expected_cash, ==, 13100);
  g_assert_cmpint (cash_up->counted_cash, ==, 12000);
  g_assert_cmpint (tix_cash_up_get_difference (cash_up), ==, -1100);
  g_assert_cmpint (cash_up->by_method[TIX_PAYMENT_CASH].amount, ==, 3100);

  TIX_APP_TEST_WAIT ((cash_up_window = find_window_of_type (ADW_TYPE_WINDOW)) != NULL, 10);
  cash_up_view = TIX_CASH_UP_VIEW (find_child_of_type (GTK_WIDGET (cash_up_window), TIX_TYPE_CASH_UP_VIEW));
  g_assert_nonnull (cash_up_view);
  g_assert_cmpstr (tix_cash_up_view_get_difference_text (cash_up_view), ==, "−€11.00");

  /* And on the roll, in the words of the server's report.pdf. */
  roll = printed_pages (f);
  g_assert_cmpuint (g_strv_length (roll), ==, 1);
  g_assert_nonnull (strstr (roll[0], "Cash-up"));
  g_assert_nonnull (strstr (roll[0], "131.00 EUR"));
  g_assert_nonnull (strstr (roll[0], "120.00 EUR"));
  g_assert_nonnull (strstr (roll[0], "-11.00 EUR"));
  gtk_window_destroy (cash_up_window);
}

static TixShift *
open_shift (Fixture *f)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  TixShift *shift;

  tix_client_open_shift_async (f->client, 0, NULL, tix_test_store_result, &result);
  shift = tix_client_open_shift_finish (f->client, wait_for (&result), &error);
  g_assert_no_error (error);
  return shift;
}

/* The last ticket of a type, sold by another desk after this one read the
 * types: the sale says how many are left and the basket stays. */
static void
test_sold_out (Fixture       *f,
               gconstpointer  data)
{
  TixSellBasket *basket = tix_sell_view_get_basket (f->view);
  g_autoptr(TixClient) other = tix_client_new (f->server->url);
  g_autoptr(TixShift) shift = open_shift (f);
  g_autoptr(TixShift) other_shift = NULL;
  g_autoptr(TixOrder) sold = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) logged_in = NULL;
  g_autoptr(GAsyncResult) opened = NULL;
  g_autoptr(TixUser) user = NULL;
  g_autoptr(GError) error = NULL;
  TixClientSaleLine line = { f->last_id, 1 };
  const char *message;

  /* The view knows the shift opened (through the client). */
  tix_sell_view_reload (f->view);
  g_object_set (f->view, "session", NULL, NULL);
  g_object_set (f->view, "session", f->session, NULL);
  TIX_APP_TEST_WAIT (tix_sell_view_get_n_busy (f->view) == 0 && tix_sell_view_get_shift (f->view) != NULL &&
                     tix_sell_basket_get_types (basket)->len == 3, 30);

  g_assert_true (tix_sell_basket_add (basket, f->last_id));
  g_assert_false (tix_sell_basket_add (basket, f->last_id));

  /* Another desk (the same user at another station) sells it first. */
  tix_client_login_async (other, EMAIL, PASSWORD, NULL, tix_test_store_result, &logged_in);
  user = tix_client_login_finish (other, wait_for (&logged_in), &error);
  g_assert_no_error (error);
  tix_client_open_shift_async (other, 0, NULL, tix_test_store_result, &opened);
  other_shift = tix_client_open_shift_finish (other, wait_for (&opened), &error);
  g_assert_no_error (error);
  tix_client_sell_async (other, f->event_id, &line, 1, TIX_PAYMENT_CARD, 0, NULL, tix_test_store_result, &result);
  sold = tix_client_sell_finish (other, wait_for (&result), &error);
  g_assert_no_error (error);

  gtk_widget_activate_action (GTK_WIDGET (f->view), "sell.complete", NULL);
  TIX_APP_TEST_WAIT (tix_sell_view_get_n_busy (f->view) == 0 &&
                     tix_sell_basket_lookup_type (basket, f->last_id)->available == 0, 30);
  g_assert_null (tix_sell_view_get_last_order (f->view));
  g_assert_cmpint (tix_sell_basket_get_quantity (basket, f->last_id), ==, 1);
  message = gtk_label_get_label (GTK_LABEL (tix_app_test_find (GTK_WIDGET (f->view), "message_label")));
  g_assert_nonnull (strstr (message, "only 0 tickets of that type are left"));
}

/* A refund from the orders list: confirmed, the order is refunded, the
 * shift's refunds count it, the quota comes back. */
static void
test_refund (Fixture       *f,
             gconstpointer  data)
{
  TixSellBasket *basket = tix_sell_view_get_basket (f->view);
  g_autoptr(TixShift) shift = open_shift (f);
  TixSellOrdersWindow *orders;
  TixOrder *order;

  g_object_set (f->view, "session", NULL, NULL);
  g_object_set (f->view, "session", f->session, NULL);
  TIX_APP_TEST_WAIT (tix_sell_view_get_n_busy (f->view) == 0 && tix_sell_view_get_shift (f->view) != NULL &&
                     tix_sell_basket_get_types (basket)->len == 3, 30);

  g_assert_true (tix_sell_basket_add (basket, f->last_id));
  tix_sell_basket_set_method (basket, TIX_PAYMENT_CARD);
  gtk_widget_activate_action (GTK_WIDGET (f->view), "sell.complete", NULL);
  TIX_APP_TEST_WAIT (tix_sell_view_get_last_order (f->view) != NULL, 30);
  TIX_APP_TEST_WAIT (tix_sell_view_get_n_busy (f->view) == 0 &&
                     tix_sell_basket_lookup_type (basket, f->last_id)->available == 0, 30);

  gtk_widget_activate_action (GTK_WIDGET (f->view), "sell.orders", NULL);
  TIX_APP_TEST_WAIT ((orders = (TixSellOrdersWindow *) find_window_of_type (TIX_TYPE_SELL_ORDERS_WINDOW)) != NULL, 10);
  TIX_APP_TEST_WAIT (tix_sell_orders_window_get_n_busy (orders) == 0 &&
                     tix_sell_orders_window_get_orders (orders)->len == 1, 30);
  order = g_ptr_array_index (tix_sell_orders_window_get_orders (orders), 0);
  g_assert_cmpint (order->number, ==, tix_sell_view_get_last_order (f->view)->number);
  tix_sell_orders_window_search (orders, order->number + 1);
  TIX_APP_TEST_WAIT (tix_sell_orders_window_get_n_busy (orders) == 0, 30);
  g_assert_cmpuint (tix_sell_orders_window_get_orders (orders)->len, ==, 0);
  tix_sell_orders_window_search (orders, tix_sell_view_get_last_order (f->view)->number);
  TIX_APP_TEST_WAIT (tix_sell_orders_window_get_n_busy (orders) == 0 &&
                     tix_sell_orders_window_get_orders (orders)->len == 1, 30);

  order = g_ptr_array_index (tix_sell_orders_window_get_orders (orders), 0);
  tix_sell_orders_window_refund (orders, order, TRUE);
  TIX_APP_TEST_WAIT (tix_sell_orders_window_get_n_busy (orders) == 0 &&
                     tix_sell_orders_window_get_orders (orders)->len == 1 &&
                     ((TixOrder *) g_ptr_array_index (tix_sell_orders_window_get_orders (orders), 0))->status ==
                     TIX_ORDER_REFUNDED, 30);
  /* The quota is back, and the shift counts the refund. */
  TIX_APP_TEST_WAIT (tix_sell_view_get_n_busy (f->view) == 0 &&
                     tix_sell_basket_lookup_type (basket, f->last_id)->available == 1 &&
                     tix_sell_view_get_cash_up (f->view) != NULL &&
                     tix_sell_view_get_cash_up (f->view)->refunds_count == 1, 30);
  g_assert_cmpint (tix_sell_view_get_cash_up (f->view)->refunds_amount, ==, 2000);
  gtk_window_destroy (GTK_WINDOW (orders));
}

int
main (int   argc,
      char *argv[])
{
  tix_app_test_init (&argc, &argv);
  g_resources_register (tix_get_resource ());

#define ADD(path, func) \
  g_test_add ("/tix/app/sell/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("sale-by-keys", test_sale_by_keys);
  ADD ("sold-out", test_sold_out);
  ADD ("refund", test_refund);

#undef ADD

  return g_test_run ();
}
