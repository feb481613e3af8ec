/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tix-bench-desk [ROUNDS]: the desk's wait, on the real Sell view of the
 * standalone app under Xvfb: a sale of three tickets from Enter (the
 * view's sell.complete, what Enter does) to the order back, and to the
 * tickets handed to the desk printer (GTK's "Print to File": the job's PDF
 * whole on disk). Not a test: it prints figures and never fails on a
 * timing. */
#define G_LOG_DOMAIN "tix-bench-desk"

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <gtk/gtkunixprint.h>
#include <string.h>

#include "tix-app-test-util.h"
#include "tix-application.h"
#include "tix-sell-basket.h"
#include "tix-sell-view.h"
#include "tix-window.h"

static void
store_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
percentile (GArray *values,
            double  p)
{
  g_array_sort (values, compare_double);
  return g_array_index (values, double, MIN (values->len - 1, (guint) (p * values->len)));
}

/* The job's PDF is on disk, whole. */
static gboolean
printed (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, NULL) || length < 8)
    return FALSE;
  return g_strstr_len (contents + length - MIN (length, 32), MIN (length, 32), "%%EOF") != NULL;
}

static void
print_to (GSettings  *settings,
          const char *path)
{
  g_autoptr(GtkPrintSettings) print_settings = gtk_print_settings_new ();
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);

  gtk_print_settings_set_printer (print_settings, "Print to File");
  gtk_print_settings_set (print_settings, GTK_PRINT_SETTINGS_OUTPUT_URI, uri);
  gtk_print_settings_set (print_settings, GTK_PRINT_SETTINGS_OUTPUT_FILE_FORMAT, "pdf");
  g_settings_set_value (settings, "desk-print-settings",
                        gtk_print_settings_to_gvariant (print_settings));
}

int
main (int   argc,
      char *argv[])
{
  guint rounds = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 30;
  g_autoptr(TixApplication) app = NULL;
  g_autoptr(GArray) sold_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) printed_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GError) error = NULL;
  const char *dir;
  TixWindow *window;
  TixClient *client;
  TixSellView *view;
  TixSellBasket *basket;
  gint64 event_id;

  dir = tix_app_test_setup_environment ();
  g_set_application_name ("Tix");
  gtk_init ();
  adw_init ();
  app = tix_application_new ("org.gnome.Tix.BenchDesk", G_APPLICATION_NON_UNIQUE);
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    g_error ("%s", error->message);
  g_settings_set_string (tix_application_get_settings (app), "desk-layout", "roll-80");

  window = tix_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 760);
  gtk_window_present (GTK_WINDOW (window));
  tix_window_start_session (window);
  TIX_APP_TEST_WAIT (g_strcmp0 (tix_window_get_page (window), "main") == 0, 60);
  client = tix_window_get_client (window);
  TIX_APP_TEST_WAIT (tix_season_get_event_id (tix_window_get_season (window)) > 0, 60);
  event_id = tix_season_get_event_id (tix_window_get_season (window));

  {
    g_autoptr(TixTicketType) type = tix_ticket_type_new ();
    g_autoptr(TixTicketType) made = NULL;
    g_autoptr(TixShift) shift = NULL;
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GAsyncResult) opened = NULL;

    type->name = g_strdup ("Adult");
    type->price = 2400;
    tix_client_create_ticket_type_async (client, event_id, type, NULL, store_result_cb, &result);
    TIX_APP_TEST_WAIT (result != NULL, 60);
    made = tix_client_create_ticket_type_finish (client, result, &error);
    g_assert_no_error (error);
    tix_client_open_shift_async (client, 10000, NULL, store_result_cb, &opened);
    TIX_APP_TEST_WAIT (opened != NULL, 60);
    shift = tix_client_open_shift_finish (client, opened, &error);
    g_assert_no_error (error);
  }

  view = TIX_SELL_VIEW (tix_app_test_find (GTK_WIDGET (window), "sell_view"));
  basket = tix_sell_view_get_basket (view);
  tix_window_show_view (window, "sell");
  tix_sell_view_reload (view);
  TIX_APP_TEST_WAIT (tix_sell_view_get_n_busy (view) == 0 &&
                     tix_sell_basket_get_types (basket)->len == 1 &&
                     tix_sell_view_get_shift (view) != NULL, 60);

  /* Three warm-up sales, then the rounds. */
  for (guint round = 0; round < rounds + 3; round++)
    {
      g_autofree char *name = g_strdup_printf ("sale-%u.pdf", round);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      TixOrder *before = tix_sell_view_get_last_order (view);
      gint64 start, sold = 0;

      print_to (tix_application_get_settings (app), path);
      for (guint i = 0; i < 3; i++)
        tix_sell_basket_key (basket, '1');
      tix_app_test_spin (50);

      start = g_get_monotonic_time ();
      gtk_widget_activate_action (GTK_WIDGET (view), "sell.complete", NULL);
      while (!printed (path))
        {
          if (sold == 0 && tix_sell_view_get_last_order (view) != before)
            sold = g_get_monotonic_time ();
          if (g_get_monotonic_time () - start > 30 * G_USEC_PER_SEC)
            g_error ("Round %u: nothing printed after 30 s", round);
          g_main_context_iteration (NULL, FALSE);
          g_usleep (200);
        }
      if (round >= 3)
        {
          double s = (sold - start) / 1000.0;
          double p = (g_get_monotonic_time () - start) / 1000.0;

          g_array_append_val (sold_ms, s);
          g_array_append_val (printed_ms, p);
        }
      TIX_APP_TEST_WAIT (tix_sell_view_get_n_busy (view) == 0, 30);
      g_unlink (path);
    }

  g_print ("{\"rounds\":%u,\"sold_median_ms\":%.1f,\"sold_p90_ms\":%.1f,"
           "\"printed_median_ms\":%.1f,\"printed_p90_ms\":%.1f,\"printed_max_ms\":%.1f}\n",
           rounds, percentile (sold_ms, 0.5), percentile (sold_ms, 0.9),
           percentile (printed_ms, 0.5), percentile (printed_ms, 0.9),
           percentile (printed_ms, 1.0));
  g_print ("\n%-58s %10s %10s\n", "a sale of 3 tickets at the Sell view (embedded server)", "median", "p90");
  g_print ("%-58s %7.1f ms %7.1f ms\n", "Enter to the order back", percentile (sold_ms, 0.5),
           percentile (sold_ms, 0.9));
  g_print ("%-58s %7.1f ms %7.1f ms\n", "Enter to the 3 tickets handed to the printer (PDF whole)",
           percentile (printed_ms, 0.5), percentile (printed_ms, 0.9));

  gtk_window_destroy (GTK_WINDOW (window));
  tix_app_test_spin (100);
  tix_application_stop_local_server (app);
  g_application_quit (G_APPLICATION (app));
  tix_app_test_cleanup ();
  return 0;
}
