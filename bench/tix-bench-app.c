/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tix-bench-app: what a person at the desk waits for, measured on the real
 * widgets under Xvfb: start to first painted frame, a scan to its painted
 * answer, a million tickets to the first rows, and the resident memory.
 * Not a test: it prints figures and never fails on a timing. */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <malloc.h>
#include <string.h>

#include "tix-app-test-util.h"
#include "tix-application.h"
#include "tix-client.h"
#include "tix-scan-view.h"
#include "tix-test-util.h"
#include "tix-tickets-view.h"
#include "tix-ticket-list-model.h"
#include "tix-window.h"

static gboolean painted;

static void
after_paint (GdkFrameClock *clock,
             gpointer       data)
{
  painted = TRUE;
}

/* Spins until the next frame of @widget is painted. */
static void
wait_for_paint (GtkWidget *widget)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  gulong id;

  painted = FALSE;
  id = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint), NULL);
  gtk_widget_queue_draw (widget);
  TIX_APP_TEST_WAIT (painted, 10);
  g_signal_handler_disconnect (clock, id);
}

static double
ms_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

static gint64
resident_kib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      (line = strstr (status, "VmRSS:")) == NULL)
    return -1;
  return g_ascii_strtoll (line + 6, NULL, 10);
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

/* Client calls, waited for. */

static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **result)
{
  TIX_APP_TEST_WAIT (*result != NULL, 600);
  return *result;
}

static GPtrArray *
generate (TixClient *client,
          guint      count)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *tickets;

  tix_client_generate_async (client, count, "BEN", NULL, NULL, store_result, &result);
  tickets = tix_client_generate_finish (client, wait_result (&result), &error);
  g_assert_no_error (error);
  return tickets;
}

static void
generate_raw (TixClient *client,
              guint      count)
{
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 600, NULL);
  g_autofree char *url = g_strconcat (tix_client_get_base_url (client), "/api/tickets/generate",
                                      NULL);
  g_autofree char *body = g_strdup_printf ("{\"count\":%u,\"prefix\":\"BIG\"}", count);
  g_autofree char *bearer = g_strconcat ("Bearer ", tix_client_get_token (client), NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
  g_autoptr(GBytes) request = g_bytes_new (body, strlen (body));
  g_autoptr(GInputStream) reply = NULL;
  g_autoptr(GError) error = NULL;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", bearer);
  soup_message_set_request_body_from_bytes (msg, "application/json", request);
  reply = soup_session_send (session, msg, NULL, &error);
  g_assert_no_error (error);
  while (g_input_stream_skip (reply, 1 << 20, NULL, &error) > 0)
    ;
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 201);
}

/* 1. Standalone start: the app, its embedded server, first run on a new
 * database, signed in, the main page painted. */
static double
bench_start (guint round)
{
  g_autofree char *id = g_strdup_printf ("org.gnome.Tix.Bench%u", round);
  g_autoptr(TixApplication) app = NULL;
  g_autoptr(GError) error = NULL;
  TixWindow *window;
  gint64 start = g_get_monotonic_time ();
  double ms;

  app = tix_application_new (id, G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (app));

  TIX_APP_TEST_WAIT (gtk_application_get_active_window (GTK_APPLICATION (app)) != NULL, 10);
  window = TIX_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  TIX_APP_TEST_WAIT (g_strcmp0 (tix_window_get_page (window), "main") == 0, 30);
  wait_for_paint (GTK_WIDGET (window));
  ms = ms_since (start);

  gtk_window_destroy (GTK_WINDOW (window));
  tix_application_stop_local_server (app);
  return ms;
}

/* 2. A scan: the code submitted to its answer painted, one after another. */
static void
bench_scans (TixClient *client,
             guint      n,
             double    *out_median,
             double    *out_p99)
{
  g_autoptr(GPtrArray) tickets = generate (client, n);
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  TixScanView *view = tix_scan_view_new ();
  g_autoptr(TixSession) session = tix_session_new ();

  gtk_window_set_default_size (window, 1100, 750);
  gtk_window_set_child (window, GTK_WIDGET (view));
  tix_session_sign_in (session, client, FALSE);
  tix_scan_view_set_session (view, session);
  gtk_window_present (window);
  wait_for_paint (GTK_WIDGET (window));

  for (guint i = 0; i < tickets->len; i++)
    {
      TixTicket *ticket = g_ptr_array_index (tickets, i);
      gint64 start = g_get_monotonic_time ();
      double ms;

      tix_scan_view_submit (view, tix_ticket_get_code (ticket));
      TIX_APP_TEST_WAIT (tix_scan_view_get_n_pending (view) == 0, 10);
      g_assert_cmpint (tix_scan_view_get_result (view), ==, TIX_SCAN_RESULT_VALID);
      wait_for_paint (GTK_WIDGET (window));
      ms = ms_since (start);
      g_array_append_val (times, ms);
    }

  g_array_sort (times, compare_double);
  *out_median = g_array_index (times, double, times->len / 2);
  *out_p99 = g_array_index (times, double, MIN (times->len - 1, (guint) (times->len * 0.99)));
  gtk_window_destroy (window);
}

/* 3. The Tickets view over a large organization: client set to the first
 * rows painted; then a jump to the end, fetching only what is visible. */
static void
bench_tickets (TixClient *client,
               guint      large,
               double    *out_first_rows,
               double    *out_end,
               guint     *out_requests)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  TixTicketsView *view = tix_tickets_view_new ();
  /* The view's list, through its column view (an id in its template). */
  GtkColumnView *columns = GTK_COLUMN_VIEW (tix_app_test_find (GTK_WIDGET (view), "column_view"));
  TixTicketListModel *model = TIX_TICKET_LIST_MODEL (
    gtk_single_selection_get_model (GTK_SINGLE_SELECTION (gtk_column_view_get_model (columns))));
  g_autoptr(TixSession) session = tix_session_new ();
  GtkScrolledWindow *scrolled;
  GtkAdjustment *adjustment;
  gint64 start;

  /* Made over plain HTTP, replies thrown away unread: the app's memory is
   * what the figure is about, not this benchmark's. */
  for (guint made = 0; made < large; made += 100000)
    generate_raw (client, MIN (100000, large - made));

  gtk_window_set_default_size (window, 1100, 750);
  gtk_window_set_child (window, GTK_WIDGET (view));
  gtk_window_present (window);
  wait_for_paint (GTK_WIDGET (window));

  tix_session_sign_in (session, client, FALSE);
  start = g_get_monotonic_time ();
  g_object_set (view, "session", session, NULL);
  TIX_APP_TEST_WAIT (!tix_ticket_list_model_get_loading (model) &&
                     g_list_model_get_n_items (G_LIST_MODEL (model)) >= large, 30);
  wait_for_paint (GTK_WIDGET (window));
  *out_first_rows = ms_since (start);

  scrolled = GTK_SCROLLED_WINDOW (gtk_widget_get_ancestor (
    GTK_WIDGET (columns), GTK_TYPE_SCROLLED_WINDOW));
  adjustment = gtk_scrolled_window_get_vadjustment (scrolled);
  start = g_get_monotonic_time ();
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  wait_for_paint (GTK_WIDGET (window));
  TIX_APP_TEST_WAIT (tix_ticket_list_model_get_n_in_flight (model) == 0, 30);
  wait_for_paint (GTK_WIDGET (window));
  *out_end = ms_since (start);
  *out_requests = tix_ticket_list_model_get_n_requests (model);

  gtk_window_destroy (window);
}

/* The server in a process of its own, as at a venue, so that the memory
 * figure is the app's alone. */
static GSubprocess *
spawn_server (const char  *path,
              const char  *dir,
              char       **out_url)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autofree char *db = g_build_filename (dir, "bench.db", NULL);
  g_autofree char *port = NULL;
  g_autoptr(GError) error = NULL;
  GSubprocess *process;
  guint p;

  g_socket_bind (socket, any, TRUE, NULL);
  bound = g_socket_get_local_address (socket, NULL);
  p = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_socket_close (socket, NULL);
  port = g_strdup_printf ("%u", p);

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error,
                              path, "--db", db, "--port", port, "--quiet", NULL);
  g_assert_no_error (error);
  *out_url = g_strdup_printf ("http://127.0.0.1:%u", p);
  tix_app_test_spin (500);
  return process;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(TixTestServer) server = NULL;
  g_autoptr(GSubprocess) server_process = NULL;
  g_autofree char *server_url = NULL;
  g_autoptr(TixClient) client = NULL;
  g_autoptr(GAsyncResult) registered = NULL;
  g_autoptr(TixUser) user = NULL;
  g_autoptr(GError) error = NULL;
  double start_ms[5], scan_median, scan_p99, first_rows, end_ms;
  guint requests, large = 1000000;
  gint64 rss;

  if (g_getenv ("TIX_BENCH_LARGE") != NULL)
    large = (guint) g_ascii_strtoull (g_getenv ("TIX_BENCH_LARGE"), NULL, 10);

  tix_app_test_init (&argc, &argv);
  g_log_set_debug_enabled (FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (start_ms); i++)
    {
      g_autofree char *db = g_build_filename (g_get_user_data_dir (), "tix", "tix.db", NULL);

      /* Every round a first run: a new database. */
      g_unlink (db);
      start_ms[i] = bench_start (i);
    }
  qsort (start_ms, G_N_ELEMENTS (start_ms), sizeof (double), compare_double);

  /* argv[1]: a tix-server to run apart; without it, one in this process. */
  if (argc > 1)
    server_process = spawn_server (argv[1], g_get_user_data_dir (), &server_url);
  else
    {
      server = tix_test_server_new ();
      server_url = g_strdup (server->url);
    }
  client = tix_client_new (server_url);
  tix_client_register_async (client, "bench@example.org", "benchmark!", "Bench", NULL, NULL,
                             store_result, &registered);
  user = tix_client_register_finish (client, wait_result (&registered), &error);
  g_assert_no_error (error);

  bench_scans (client, 200, &scan_median, &scan_p99);
  bench_tickets (client, large, &first_rows, &end_ms, &requests);
  /* What the benchmark itself freed (its generate replies) goes back first. */
  malloc_trim (0);
  rss = resident_kib ();

  g_print ("{\"start_to_first_frame_ms\":%.1f,\"scan_to_painted_median_ms\":%.1f,"
           "\"scan_to_painted_p99_ms\":%.1f,\"tickets\":%u,\"first_rows_ms\":%.1f,"
           "\"jump_to_end_ms\":%.1f,\"list_requests\":%u,\"rss_mib\":%.1f}\n",
           start_ms[G_N_ELEMENTS (start_ms) / 2], scan_median, scan_p99, large, first_rows,
           end_ms, requests, rss / 1024.0);
  g_print ("\n%-44s %12s\n", "figure (median)", "value");
  g_print ("%-44s %9.1f ms\n", "standalone start to first painted frame", start_ms[2]);
  g_print ("%-44s %9.1f ms\n", "scan input to painted answer (median)", scan_median);
  g_print ("%-44s %9.1f ms\n", "scan input to painted answer (p99)", scan_p99);
  g_print ("%-44s %9.1f ms\n", "tickets view: first rows painted", first_rows);
  g_print ("%-44s %9.1f ms\n", "tickets view: jump to the end", end_ms);
  g_print ("%-44s %12u\n", "tickets view: list requests in all", requests);
  g_print ("%-44s %8.1f MiB\n", server_process ? "resident memory (the app)"
                                                 : "resident memory (app + test server)",
           rss / 1024.0);

  if (server_process != NULL)
    {
      g_subprocess_send_signal (server_process, SIGTERM);
      g_subprocess_wait (server_process, NULL, NULL);
    }

  tix_app_test_cleanup ();
  return 0;
}
