/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-tickets-view"

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "tix-app-test-util.h"
#include "tix-client.h"
#include "tix-resources.h"
#include "tix-test-util.h"
#include "tix-test-keys.h"
#include "tix-ticket-list-model.h"
#include "tix-tickets-view.h"

#define EMAIL    "boxoffice@example.com"
#define PASSWORD "correct horse battery"
#define NAME     "Box Office"
#define ORG      "Tickets Test Org"

/* Spin the default main context until @cond holds, failing after a while. A
 * ticking timeout makes sure an iteration never blocks for long. */
#define WAIT_UNTIL(cond)                                                      \
  G_STMT_START {                                                              \
    gint64 _deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;         \
    while (!(cond))                                                           \
      {                                                                       \
        if (g_get_monotonic_time () > _deadline)                              \
          g_error ("Timed out waiting for %s", #cond);                        \
        g_main_context_iteration (NULL, TRUE);                                \
      }                                                                       \
  } G_STMT_END

typedef struct
{
  TixTestServer  *server;
  TixClient      *client;
  TixSession     *session;  /* the view's */
  GtkWindow      *window;
  TixTicketsView *view;
  GPtrArray      *toasts;   /* char *, titles of toasts the view asked for */
  guint           tick;
} Fixture;

static gboolean
tick_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

/* The view as a user sees it: its widgets by their ids in its template,
 * its list through the column view's model, its dialog among the windows. */

static GtkWidget *
view_child (TixTicketsView *view,
            const char     *id)
{
  GtkWidget *child = tix_app_test_find (GTK_WIDGET (view), id);

  g_assert_nonnull (child);
  return child;
}

static GtkColumnView *
view_column_view (TixTicketsView *view)
{
  return GTK_COLUMN_VIEW (view_child (view, "column_view"));
}

static GtkSingleSelection *
view_selection (TixTicketsView *view)
{
  return GTK_SINGLE_SELECTION (gtk_column_view_get_model (view_column_view (view)));
}

static TixTicketListModel *
view_model (TixTicketsView *view)
{
  return TIX_TICKET_LIST_MODEL (gtk_single_selection_get_model (view_selection (view)));
}

static GtkEditable *
view_search_entry (TixTicketsView *view)
{
  return GTK_EDITABLE (view_child (view, "search_entry"));
}

static GtkDropDown *
view_filter_dropdown (TixTicketsView *view)
{
  return GTK_DROP_DOWN (view_child (view, "filter_dropdown"));
}

/* "loading", "list", "empty", "no-results", "error" or "signed-out". */
static const char *
view_state (TixTicketsView *view)
{
  return gtk_stack_get_visible_child_name (GTK_STACK (view_child (view, "stack")));
}

static const char *
view_count_text (TixTicketsView *view)
{
  return gtk_label_get_text (GTK_LABEL (view_child (view, "count_label")));
}

static const char *
view_error_text (TixTicketsView *view)
{
  return adw_status_page_get_description (ADW_STATUS_PAGE (view_child (view, "error_page")));
}

/* The confirmation dialog open over the view's window, or NULL. */
static AdwMessageDialog *
view_dialog (TixTicketsView *view)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (view));

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) &&
          gtk_window_get_transient_for (window) == GTK_WINDOW (root))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

/* TRUE once the session's event stream is connected: other stations'
 * changes flow to the view. */
static gboolean
view_live (TixTicketsView *view)
{
  g_autoptr(TixSession) session = NULL;
  TixEventStream *stream;

  g_object_get (view, "session", &session, NULL);
  stream = session != NULL ? tix_session_get_stream (session) : NULL;
  return stream != NULL && tix_event_stream_get_connected (stream);
}

/* The number shown in the details pane, or NULL when it is hidden. */
static const char *
view_details_number (TixTicketsView *view)
{
  if (!gtk_revealer_get_reveal_child (GTK_REVEALER (view_child (view, "details_revealer"))))
    return NULL;
  return gtk_label_get_text (GTK_LABEL (view_child (view, "details_number")));
}

static const char *
view_details_scanned (TixTicketsView *view)
{
  return gtk_label_get_text (GTK_LABEL (view_child (view, "details_scanned")));
}

/* Narrow, the toolbar drops the count (and more). */
static gboolean
view_narrow (TixTicketsView *view)
{
  return !gtk_widget_get_visible (view_child (view, "count_label"));
}

/* Async helpers */

static GAsyncResult *
wait_for (GAsyncResult **result)
{
  WAIT_UNTIL (*result != NULL);
  return *result;
}

static void
do_register (TixClient  *client,
             const char *email)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TixUser) user = NULL;

  tix_client_register_async (client, email, PASSWORD, NAME, ORG, NULL,
                             tix_test_store_result, &result);
  user = tix_client_register_finish (client, wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (user);
  g_assert_true (tix_user_is_admin (user));
}

static GPtrArray *
do_generate (TixClient  *client,
             guint       count,
             const char *prefix,
             const char *extra)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *tickets;

  tix_client_generate_async (client, count, prefix, extra, NULL, tix_test_store_result, &result);
  tickets = tix_client_generate_finish (client, wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (tickets);
  g_assert_cmpuint (tickets->len, ==, count);
  return tickets;
}

/* A generate that does not turn the main loop: the view cannot hear of it
 * (the server's "tickets-generated" event, and the fetch that follows) before
 * the test hands it the tickets. */
static GPtrArray *
generate_unheard (Fixture    *fixture,
                  guint       count,
                  const char *prefix)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strconcat (fixture->server->url, "/api/tickets/generate", NULL);
  g_autofree char *bearer = g_strconcat ("Bearer ", tix_client_get_token (fixture->client), NULL);
  g_autofree char *body = g_strdup_printf ("{\"count\":%u,\"prefix\":\"%s\"}", count, prefix);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
  g_autoptr(GBytes) request = g_bytes_new (body, strlen (body));
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *tickets = g_ptr_array_new_with_free_func (g_object_unref);
  JsonArray *array;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", bearer);
  soup_message_set_request_body_from_bytes (msg, "application/json", request);
  reply = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 201);
  root = json_from_string (g_bytes_get_data (reply, NULL), &error);
  g_assert_no_error (error);
  array = json_node_get_array (root);
  g_assert_cmpuint (json_array_get_length (array), ==, count);
  for (guint i = 0; i < count; i++)
    {
      TixTicket *ticket = tix_ticket_new_from_json (json_array_get_object_element (array, i),
                                                    &error);
      g_assert_no_error (error);
      g_ptr_array_add (tickets, ticket);
    }
  return tickets;
}

static TixTicket *
do_scan (TixClient *client,
         TixTicket *ticket)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  TixTicket *scanned = NULL;

  tix_client_scan_ticket_async (client, tix_ticket_get_id (ticket), NULL,
                                tix_test_store_result, &result);
  g_assert_true (tix_client_scan_ticket_finish (client, wait_for (&result), &scanned, &error));
  g_assert_no_error (error);
  g_assert_nonnull (scanned);
  return scanned;
}

static gint64
server_total (TixClient *client)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TixTicketPage) page = NULL;

  tix_client_list_tickets_async (client, TIX_TICKET_FILTER_ALL, NULL, NULL, 1, 1, NULL,
                                 tix_test_store_result, &result);
  page = tix_client_list_tickets_finish (client, wait_for (&result), &error);
  g_assert_no_error (error);
  return page->total;
}

/* Fixture */

static void
add_toast_cb (GtkWindow *window,
              AdwToast  *toast,
              Fixture   *fixture)
{
  g_ptr_array_add (fixture->toasts, g_strdup (adw_toast_get_title (toast)));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->tick = g_timeout_add (20, tick_cb, NULL);
  fixture->toasts = g_ptr_array_new_with_free_func (g_free);
  fixture->server = tix_test_server_new ();
  fixture->client = tix_client_new (fixture->server->url);
  do_register (fixture->client, EMAIL);

  fixture->session = tix_session_new ();
  fixture->view = tix_tickets_view_new ();
  g_object_set (fixture->view, "session", fixture->session, NULL);
  fixture->window = tix_app_test_toast_window_new ();
  g_signal_connect (fixture->window, "toast-added", G_CALLBACK (add_toast_cb), fixture);
  gtk_window_set_default_size (fixture->window, 1100, 700);
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->view));
  gtk_window_present (fixture->window);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(TixTicketListModel) model = g_object_ref (view_model (fixture->view));

  gtk_window_destroy (fixture->window);
  /* What was in flight finishes (cancelled) and lets go of the model. */
  WAIT_UNTIL (G_OBJECT (model)->ref_count == 1);
  g_assert_finalize_object (g_steal_pointer (&model));
  g_assert_finalize_object (g_steal_pointer (&fixture->session));

  g_clear_object (&fixture->client);
  g_clear_pointer (&fixture->server, tix_test_server_free);
  g_clear_pointer (&fixture->toasts, g_ptr_array_unref);
  g_clear_handle_id (&fixture->tick, g_source_remove);
}

static void
show_client (Fixture *fixture)
{
  TixTicketListModel *model = view_model (fixture->view);

  tix_session_sign_in (fixture->session, fixture->client, FALSE);
  WAIT_UNTIL (!tix_ticket_list_model_get_loading (model));
}

static TixTicket *
item (GListModel *model,
      guint       position)
{
  TixTicket *ticket = g_list_model_get_item (model, position);

  g_assert_nonnull (ticket);
  g_object_unref (ticket);   /* the model keeps it */
  return ticket;
}

static void
wait_for_reload (TixTicketListModel *model)
{
  WAIT_UNTIL (!tix_ticket_list_model_get_loading (model));
}

/* With TIX_SCREENSHOT_DIR set, saves the window as NAME.png there. */
static void
screenshot (Fixture    *fixture,
            const char *name)
{
  const char *dir = g_getenv ("TIX_SCREENSHOT_DIR");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *filename = NULL;
  GskRenderer *renderer;
  int width, height;

  if (dir == NULL)
    return;

  /* let transitions (stack crossfade, revealer slide) finish */
  {
    gint64 end = g_get_monotonic_time () + G_USEC_PER_SEC / 2;

    while (g_get_monotonic_time () < end)
      g_main_context_iteration (NULL, TRUE);
  }
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
  width = gtk_widget_get_width (GTK_WIDGET (fixture->window));
  height = gtk_widget_get_height (GTK_WIDGET (fixture->window));
  paintable = gtk_widget_paintable_new (GTK_WIDGET (fixture->window));
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  renderer = gtk_native_get_renderer (GTK_NATIVE (fixture->window));
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  filename = g_strdup_printf ("%s/%s.png", dir, name);
  g_mkdir_with_parents (dir, 0755);
  g_assert_true (gdk_texture_save_to_png (texture, filename));
}

static void
spin_ms (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  WAIT_UNTIL (g_get_monotonic_time () >= until);
}

/* Sets the organization's time zone. */
static void
set_time_zone (TixClient  *client,
               const char *zone)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TixSettings) changes = tix_settings_new ();
  g_autoptr(TixSettings) saved = NULL;

  tix_settings_set (changes, TIX_SETTING_TIME_ZONE, zone);
  tix_client_update_settings_async (client, changes, NULL, tix_test_store_result, &result);
  saved = tix_client_update_settings_finish (client, wait_for (&result), &error);
  g_assert_no_error (error);
}

/* @ms in @zone with @format and the zone's abbreviation. */
static char *
zoned (gint64      ms,
       const char *zone,
       const char *format)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (ms / 1000);
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier (zone);
  g_autoptr(GDateTime) there = g_date_time_to_timezone (utc, tz);
  g_autofree char *text = g_date_time_format (there, format);

  return g_strconcat (text, " ", g_date_time_get_timezone_abbreviation (there), NULL);
}

/* Tests */

static void
test_shows_tickets (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) tickets = do_generate (fixture->client, 25, "VIP", "Row A");
  TixTicketListModel *model = view_model (fixture->view);
  GListModel *list = G_LIST_MODEL (model);
  TixTicket *newest = g_ptr_array_index (tickets, tickets->len - 1);

  g_assert_cmpstr (view_state (fixture->view), ==, "signed-out");

  show_client (fixture);
  g_assert_cmpstr (view_state (fixture->view), ==, "list");
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 25);
  g_assert_true (g_str_has_prefix (view_count_text (fixture->view), "25 "));
  g_assert_cmpuint (tix_ticket_list_model_get_n_requests (model), ==, 1);

  /* newest first */
  g_assert_cmpstr (tix_ticket_get_number (item (list, 0)), ==, tix_ticket_get_number (newest));
  g_assert_cmpstr (tix_ticket_get_number (item (list, 24)), ==,
                   tix_ticket_get_number (g_ptr_array_index (tickets, 0)));
  g_assert_cmpstr (tix_ticket_get_extra (item (list, 3)), ==, "Row A");

  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
  screenshot (fixture, "tickets-list");

  /* The details pane follows the selection. */
  g_assert_null (view_details_number (fixture->view));
  gtk_single_selection_set_selected (view_selection (fixture->view), 0);
  g_assert_cmpstr (view_details_number (fixture->view), ==,
                   tix_ticket_get_number (newest));
  screenshot (fixture, "tickets-details");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view),
                                             "tickets.close-details", NULL));
  g_assert_null (view_details_number (fixture->view));
}

static void
test_empty (Fixture       *fixture,
            gconstpointer  data)
{
  show_client (fixture);
  g_assert_cmpstr (view_state (fixture->view), ==, "empty");
  g_assert_true (g_str_has_prefix (view_count_text (fixture->view), "0 "));
  screenshot (fixture, "tickets-empty");
}

static void
items_changed_cb (GListModel *list,
                  guint       position,
                  guint       removed,
                  guint       added,
                  GArray     *log)
{
  guint entry[3] = { position, removed, added };

  g_array_append_vals (log, entry, 3);
}

static void
test_lazy_model (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) tickets = do_generate (fixture->client, 2500, "LAZY", NULL);
  g_autoptr(TixTicketListModel) model = tix_ticket_list_model_new (fixture->client);
  g_autoptr(GArray) log = g_array_new (FALSE, FALSE, sizeof (guint));
  GListModel *list = G_LIST_MODEL (model);
  TixTicket *placeholder;
  TixTicket *loaded;
  GArray *requested;

  g_signal_connect (model, "items-changed", G_CALLBACK (items_changed_cb), log);
  WAIT_UNTIL (tix_ticket_list_model_get_loaded (model));

  /* One page, and the whole count. */
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 2500);
  g_assert_cmpuint (tix_ticket_list_model_get_n_requests (model), ==, 1);
  g_assert_true (tix_ticket_list_model_is_loaded (model, 199));
  g_assert_false (tix_ticket_list_model_is_loaded (model, 200));
  g_assert_cmpuint (log->len, ==, 3);
  g_assert_cmpuint (g_array_index (log, guint, 2), ==, 2500);
  g_array_set_size (log, 0);

  /* Item 2400: a placeholder now, and one request for its page (13). */
  placeholder = g_list_model_get_item (list, 2400);
  g_assert_true (tix_ticket_list_model_is_placeholder (placeholder));
  /* asking again gives the same object and no second request */
  loaded = g_list_model_get_item (list, 2400);
  g_assert_true (loaded == placeholder);
  g_clear_object (&loaded);
  g_assert_cmpuint (tix_ticket_list_model_get_n_requests (model), ==, 2);
  requested = tix_ticket_list_model_get_requested_pages (model);
  g_assert_cmpuint (requested->len, ==, 2);
  g_assert_cmpuint (g_array_index (requested, guint, 0), ==, 1);
  g_assert_cmpuint (g_array_index (requested, guint, 1), ==, 2400 / 200 + 1);

  WAIT_UNTIL (tix_ticket_list_model_is_loaded (model, 2400));
  g_object_unref (placeholder);

  /* items-changed covered that page only: 2400..2499 */
  g_assert_cmpuint (log->len, ==, 3);
  g_assert_cmpuint (g_array_index (log, guint, 0), ==, 2400);
  g_assert_cmpuint (g_array_index (log, guint, 1), ==, 100);
  g_assert_cmpuint (g_array_index (log, guint, 2), ==, 100);

  /* Position 2400 of 2500 newest first is the 100th ticket made. */
  loaded = g_list_model_get_item (list, 2400);
  g_assert_false (tix_ticket_list_model_is_placeholder (loaded));
  g_assert_cmpstr (tix_ticket_get_number (loaded), ==,
                   tix_ticket_get_number (g_ptr_array_index (tickets, 99)));
  g_clear_object (&loaded);
  loaded = g_list_model_get_item (list, 2499);
  g_assert_cmpstr (tix_ticket_get_id (loaded), ==,
                   tix_ticket_get_id (g_ptr_array_index (tickets, 0)));
  g_clear_object (&loaded);

  /* Nothing in between was fetched. */
  g_assert_false (tix_ticket_list_model_is_loaded (model, 2000));
  g_assert_false (tix_ticket_list_model_is_loaded (model, 200));
  g_assert_cmpuint (tix_ticket_list_model_get_n_requests (model), ==, 2);
  g_assert_cmpuint (tix_ticket_list_model_get_n_cached_pages (model), ==, 2);

  /* Asking for many pages at once keeps a few requests in flight at most. */
  for (guint i = 200; i < 2400; i += 200)
    {
      g_autoptr(TixTicket) ticket = g_list_model_get_item (list, i);

      g_assert_cmpuint (tix_ticket_list_model_get_n_in_flight (model), <=, 3);
    }
  WAIT_UNTIL (tix_ticket_list_model_get_n_in_flight (model) == 0 &&
              tix_ticket_list_model_is_loaded (model, 2200));
  for (guint i = 0; i < 2500; i += 97)
    {
      g_autoptr(TixTicket) ticket = g_list_model_get_item (list, i);

      if (!tix_ticket_list_model_is_placeholder (ticket))
        g_assert_cmpstr (tix_ticket_get_id (ticket), ==,
                         tix_ticket_get_id (g_ptr_array_index (tickets, 2499 - i)));
    }

  g_signal_handlers_disconnect_by_data (model, log);
}

static void
test_lazy_page_fails (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GPtrArray) tickets = do_generate (fixture->client, 450, "FAIL", NULL);
  g_autoptr(TixTicketListModel) model = tix_ticket_list_model_new (fixture->client);
  GListModel *list = G_LIST_MODEL (model);
  g_autoptr(TixTicket) placeholder = NULL;
  g_autoptr(TixTicket) again = NULL;
  guint n_requests;

  WAIT_UNTIL (tix_ticket_list_model_get_loaded (model));
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 450);

  /* The server goes away; a later page cannot come. */
  g_clear_pointer (&fixture->server, tix_test_server_free);
  placeholder = g_list_model_get_item (list, 420);
  g_assert_true (tix_ticket_list_model_is_placeholder (placeholder));
  n_requests = tix_ticket_list_model_get_n_requests (model);
  WAIT_UNTIL (tix_ticket_list_model_get_n_in_flight (model) == 0);

  /* The list keeps its length and its loaded tickets, and says the rest is
   * not there yet; it tries again by itself a few times. */
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 450);
  g_assert_true (tix_ticket_list_model_is_loaded (model, 0));
  g_assert_false (tix_ticket_list_model_is_loaded (model, 420));
  again = g_list_model_get_item (list, 420);
  g_assert_true (again == placeholder);
  WAIT_UNTIL (tix_ticket_list_model_get_n_requests (model) > n_requests &&
              tix_ticket_list_model_get_n_in_flight (model) == 0);
  g_assert_false (tix_ticket_list_model_is_loaded (model, 420));
  g_assert_null (tix_ticket_list_model_get_error (model));
}

static void
test_lazy_view (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GPtrArray) tickets = do_generate (fixture->client, 2500, "SCROLL", NULL);
  TixTicketListModel *model = view_model (fixture->view);
  GtkWidget *scrolled;
  GtkAdjustment *vadjustment;
  GArray *requested;

  show_client (fixture);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 2500);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));

  /* The rows GTK keeps around the visible ones (about 200 in GTK 4.8) are on
   * the first two pages; nothing further is asked for. */
  requested = tix_ticket_list_model_get_requested_pages (model);
  g_assert_cmpuint (requested->len, <=, 2);
  for (guint i = 0; i < requested->len; i++)
    g_assert_cmpuint (g_array_index (requested, guint, i), <=, 2);

  /* Jump to the end: the last pages come, not the ones in between. */
  scrolled = gtk_widget_get_ancestor (GTK_WIDGET (view_column_view (fixture->view)),
                                      GTK_TYPE_SCROLLED_WINDOW);
  vadjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  gtk_adjustment_set_value (vadjustment, gtk_adjustment_get_upper (vadjustment));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
  WAIT_UNTIL (tix_ticket_list_model_is_loaded (model, 2499));
  WAIT_UNTIL (tix_ticket_list_model_get_n_in_flight (model) == 0);

  requested = tix_ticket_list_model_get_requested_pages (model);
  g_assert_cmpuint (requested->len, <=, 5);
  for (guint i = 0; i < requested->len; i++)
    {
      guint page = g_array_index (requested, guint, i);

      g_assert_true (page <= 2 || page >= 11);
    }
  g_assert_false (tix_ticket_list_model_is_loaded (model, 1200));
  screenshot (fixture, "tickets-scrolled-end");

  /* And the rows on screen show real tickets. */
  {
    g_autoptr(TixTicket) last = g_list_model_get_item (G_LIST_MODEL (model), 2499);

    g_assert_cmpstr (tix_ticket_get_id (last), ==, tix_ticket_get_id (g_ptr_array_index (tickets, 0)));
  }
}

/* Slow (-m slow): a big list opens at once and a jump to its middle fetches
 * only what is shown there. */
static void
test_lazy_big (Fixture       *fixture,
               gconstpointer  data)
{
  TixTicketListModel *model = view_model (fixture->view);
  GtkWidget *scrolled;
  GtkAdjustment *vadjustment;
  GArray *requested;
  gint64 start;
  guint n_requests;

  if (!g_test_slow ())
    {
      g_test_skip ("slow: run with -m slow");
      return;
    }

  for (guint i = 0; i < 3; i++)
    g_ptr_array_unref (do_generate (fixture->client, 100000, "BIG", NULL));

  start = g_get_monotonic_time ();
  show_client (fixture);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
  g_test_message ("300,000 tickets shown in %.0f ms",
                  (g_get_monotonic_time () - start) / 1000.0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 300000);
  g_assert_cmpuint (tix_ticket_list_model_get_n_requests (model), <=, 2);

  scrolled = gtk_widget_get_ancestor (GTK_WIDGET (view_column_view (fixture->view)),
                                      GTK_TYPE_SCROLLED_WINDOW);
  vadjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  n_requests = tix_ticket_list_model_get_n_requests (model);
  start = g_get_monotonic_time ();
  gtk_adjustment_set_value (vadjustment, gtk_adjustment_get_upper (vadjustment) / 2);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
  WAIT_UNTIL (tix_ticket_list_model_is_loaded (model, 150000));
  WAIT_UNTIL (tix_ticket_list_model_get_n_in_flight (model) == 0);
  g_test_message ("the middle shown in %.0f ms", (g_get_monotonic_time () - start) / 1000.0);

  requested = tix_ticket_list_model_get_requested_pages (model);
  g_assert_cmpuint (requested->len - n_requests, <=, 4);
  screenshot (fixture, "tickets-big-middle");
}

static void
test_filter (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GPtrArray) tickets = do_generate (fixture->client, 10, "F", NULL);
  TixTicketListModel *model = view_model (fixture->view);
  GtkDropDown *dropdown = view_filter_dropdown (fixture->view);
  GListModel *list = G_LIST_MODEL (model);

  for (guint i = 0; i < 3; i++)
    g_object_unref (do_scan (fixture->client, g_ptr_array_index (tickets, i * 2)));

  show_client (fixture);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 10);

  gtk_drop_down_set_selected (dropdown, 1);
  g_assert_cmpint (tix_ticket_list_model_get_filter (model), ==, TIX_TICKET_FILTER_SCANNED);
  wait_for_reload (model);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 3);
  for (guint i = 0; i < 3; i++)
    g_assert_true (tix_ticket_is_scanned (item (list, i)));
  g_assert_true (g_str_has_prefix (view_count_text (fixture->view), "3 "));

  gtk_drop_down_set_selected (dropdown, 2);
  wait_for_reload (model);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 7);
  for (guint i = 0; i < 7; i++)
    g_assert_false (tix_ticket_is_scanned (item (list, i)));
  g_assert_cmpstr (view_state (fixture->view), ==, "list");

  /* The scanned column says when and by whom. */
  gtk_drop_down_set_selected (dropdown, 1);
  wait_for_reload (model);
  gtk_single_selection_set_selected (view_selection (fixture->view), 0);
  g_assert_cmpstr (view_details_scanned (fixture->view), !=, "—");

  gtk_drop_down_set_selected (dropdown, 0);
  wait_for_reload (model);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 10);
}

static void
set_search (Fixture    *fixture,
            const char *text)
{
  TixTicketListModel *model = view_model (fixture->view);
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  gtk_editable_set_text (view_search_entry (fixture->view), text);
  /* the entry waits a moment before it searches */
  WAIT_UNTIL (g_strcmp0 (tix_ticket_list_model_get_search (model), stripped) == 0);
  wait_for_reload (model);
}

static void
test_search (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GPtrArray) a = do_generate (fixture->client, 5, "AAA", NULL);
  g_autoptr(GPtrArray) b = do_generate (fixture->client, 7, "BBB", NULL);
  TixTicketListModel *model = view_model (fixture->view);
  GListModel *list = G_LIST_MODEL (model);
  const char *third = tix_ticket_get_number (g_ptr_array_index (b, 2));

  show_client (fixture);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 12);

  set_search (fixture, "BBB");
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 7);

  set_search (fixture, third);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 1);
  g_assert_cmpstr (tix_ticket_get_number (item (list, 0)), ==, third);

  set_search (fixture, "ZZZ");
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 0);
  g_assert_cmpstr (view_state (fixture->view), ==, "no-results");
  screenshot (fixture, "tickets-no-results");

  set_search (fixture, "");
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 12);
  g_assert_cmpstr (view_state (fixture->view), ==, "list");

  /* Ctrl+F's action focuses the search entry */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "tickets.search", NULL));
  g_assert_true (gtk_widget_is_focus (GTK_WIDGET (view_search_entry (fixture->view))) ||
                 gtk_widget_has_focus (gtk_widget_get_focus_child (GTK_WIDGET (view_search_entry (fixture->view)))));
}

/* The first descendant of @root that is a button for @action, or NULL. */
static GtkWidget *
find_action_widget (GtkWidget  *root,
                    const char *action)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_ACTIONABLE (child) &&
          g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (child)), action) == 0)
        return child;
      if ((found = find_action_widget (child, action)) != NULL)
        return found;
    }
  return NULL;
}

static gboolean
file_chooser_is_open (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (GTK_IS_FILE_CHOOSER (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return TRUE;
    }
  return FALSE;
}

/* A scanner types a ticket's code (and Enter) while the focus is on the
 * Export button: the code replaces the old search and finds its ticket, and
 * the Enter presses no button. Real keys. */
static void
test_scanned_code_searches (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GPtrArray) tickets = do_generate (fixture->client, 5, "SCN", NULL);
  TixTicketListModel *model = view_model (fixture->view);
  GListModel *list = G_LIST_MODEL (model);
  TixTicket *wanted = g_ptr_array_index (tickets, 2);
  g_autofree char *why = tix_test_keys_unavailable ();
  GtkWidget *export_button;

  if (why != NULL)
    {
      g_test_skip (why);
      return;
    }

  show_client (fixture);
  set_search (fixture, "SCN-00000");
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 5);

  tix_test_keys_focus (fixture->window);
  export_button = find_action_widget (GTK_WIDGET (fixture->view), "tickets.export");
  g_assert_nonnull (export_button);
  gtk_widget_grab_focus (export_button);
  g_assert_true (gtk_widget_has_focus (export_button));

  tix_test_keys_type (tix_ticket_get_code (wanted), 1);
  tix_test_keys_press ("Return");
  WAIT_UNTIL (g_strcmp0 (tix_ticket_list_model_get_search (model), tix_ticket_get_code (wanted)) == 0);
  wait_for_reload (model);

  g_assert_false (file_chooser_is_open ());
  g_assert_cmpstr (gtk_editable_get_text (view_search_entry (fixture->view)), ==,
                   tix_ticket_get_code (wanted));
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 1);
  g_assert_cmpstr (tix_ticket_get_number (item (list, 0)), ==, tix_ticket_get_number (wanted));

  /* Enter again, in the search field itself: still nothing but the search. */
  tix_test_keys_press ("Return");
  tix_test_keys_press ("KP_Enter");
  g_assert_false (file_chooser_is_open ());
  g_assert_null (view_dialog (fixture->view));
}

static gboolean
has_destructive_button (GtkWidget *root)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if ((GTK_IS_BUTTON (child) && gtk_widget_get_mapped (child) &&
         gtk_widget_has_css_class (child, "destructive-action")) ||
        has_destructive_button (child))
      return TRUE;
  return FALSE;
}

static GtkMenuButton *
find_menu_button (GtkWidget *root)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkMenuButton *found;

      if (GTK_IS_MENU_BUTTON (child))
        return GTK_MENU_BUTTON (child);
      if ((found = find_menu_button (child)) != NULL)
        return found;
    }
  return NULL;
}

static gboolean
menu_has_action (GMenuModel *menu,
                 const char *action)
{
  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autofree char *name = NULL;
      g_autoptr(GMenuModel) section = NULL;

      if (g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_ACTION, "s", &name) &&
          g_strcmp0 (name, action) == 0)
        return TRUE;
      section = g_menu_model_get_item_link (menu, i, G_MENU_LINK_SECTION);
      if (section != NULL && menu_has_action (section, action))
        return TRUE;
    }
  return FALSE;
}

/* Nothing listed: Print and Export are off and say why. Show (the toast of a
 * generate) clears the search and the filter. Clear All is in the view's menu,
 * not a red button. */
static void
test_show_all_and_nothing_to_print (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autoptr(GPtrArray) tickets = do_generate (fixture->client, 5, "SHW", NULL);
  TixTicketListModel *model = view_model (fixture->view);
  GListModel *list = G_LIST_MODEL (model);
  GtkDropDown *dropdown = view_filter_dropdown (fixture->view);
  GtkWidget *print_button, *export_button;
  GtkMenuButton *more;

  show_client (fixture);
  print_button = find_action_widget (GTK_WIDGET (fixture->view), "tickets.print");
  export_button = find_action_widget (GTK_WIDGET (fixture->view), "tickets.export");
  g_assert_true (gtk_widget_is_sensitive (print_button));
  g_assert_true (gtk_widget_is_sensitive (export_button));

  set_search (fixture, "ZZZ");
  g_assert_cmpstr (view_state (fixture->view), ==, "no-results");
  g_assert_false (gtk_widget_is_sensitive (print_button));
  g_assert_false (gtk_widget_is_sensitive (export_button));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (print_button), ==, "There are no tickets to print");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (export_button), ==, "There are no tickets to export");

  gtk_drop_down_set_selected (dropdown, TIX_TICKET_FILTER_SCANNED);
  wait_for_reload (model);
  tix_tickets_view_show_all (fixture->view);
  wait_for_reload (model);
  g_assert_cmpstr (gtk_editable_get_text (view_search_entry (fixture->view)), ==, "");
  g_assert_cmpuint (gtk_drop_down_get_selected (dropdown), ==, TIX_TICKET_FILTER_ALL);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 5);
  g_assert_cmpstr (view_state (fixture->view), ==, "list");
  g_assert_true (gtk_widget_is_sensitive (print_button));
  spin_ms (400);   /* the entry's search delay passes: it stays cleared */
  g_assert_cmpstr (tix_ticket_list_model_get_search (model), ==, "");

  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
  g_assert_false (has_destructive_button (GTK_WIDGET (fixture->view)));
  more = find_menu_button (GTK_WIDGET (fixture->view));
  g_assert_nonnull (more);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (more)));
  g_assert_true (menu_has_action (gtk_menu_button_get_menu_model (more), "tickets.clear"));
  screenshot (fixture, "tickets-toolbar");
}

/* Times are the organization's (here New Zealand's, the computer being on
 * UTC), and say so. */
static void
test_times_in_org_zone (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GPtrArray) tickets = NULL;
  g_autoptr(TixTicket) scanned = NULL;
  g_autofree char *expected = NULL;
  TixTicket *ticket;

  set_time_zone (fixture->client, "Pacific/Auckland");
  tickets = do_generate (fixture->client, 2, "TZN", NULL);
  ticket = g_ptr_array_index (tickets, 1);
  scanned = do_scan (fixture->client, ticket);
  show_client (fixture);

  expected = zoned (tix_ticket_get_scanned_at (scanned), "Pacific/Auckland", "%-d %b %Y, %H:%M");
  gtk_single_selection_set_selected (view_selection (fixture->view), 0);
  WAIT_UNTIL (g_strcmp0 (view_details_scanned (fixture->view), expected) == 0);
  g_assert_true (g_str_has_suffix (expected, " NZDT") || g_str_has_suffix (expected, " NZST"));
}

/* Does a label in the list say @suffix? */
static gboolean
list_says (GtkWidget  *root,
           const char *suffix)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LABEL (child) && strstr (gtk_label_get_label (GTK_LABEL (child)), suffix) != NULL)
        return TRUE;
      if (list_says (child, suffix))
        return TRUE;
    }
  return FALSE;
}

/* A zone changed while the list is on screen: the rows already shown are
 * written anew in it (GTK 4.8 keeps the cells of the old factories). */
static void
test_zone_changes_shown_rows (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GPtrArray) tickets = do_generate (fixture->client, 3, "ZCH", NULL);
  GtkWidget *columns = GTK_WIDGET (view_column_view (fixture->view));

  set_time_zone (fixture->client, "Etc/UTC");
  show_client (fixture);
  WAIT_UNTIL (list_says (columns, ":") && !list_says (columns, "NZDT") &&
              !list_says (columns, "NZST"));
  /* Changed while the view listens: it hears of it on the stream. */
  WAIT_UNTIL (view_live (fixture->view));

  set_time_zone (fixture->client, "Pacific/Auckland");
  WAIT_UNTIL (list_says (columns, " NZDT") || list_says (columns, " NZST"));
}

/* From 360 px wide: the toolbar keeps the search, the filter and the menu
 * (which takes Print, Export and the rest), the list keeps number and scan,
 * the details go under it. Wide again, all is back. */
static void
test_narrow (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GPtrArray) tickets = do_generate (fixture->client, 8, "NRW", "Balcony");
  GtkColumnView *columns = view_column_view (fixture->view);
  GtkWidget *print_button;
  GtkMenuButton *more;
  int min_width;

  show_client (fixture);
  print_button = find_action_widget (GTK_WIDGET (fixture->view), "tickets.print");
  more = find_menu_button (GTK_WIDGET (fixture->view));

  gtk_widget_measure (GTK_WIDGET (fixture->view), GTK_ORIENTATION_HORIZONTAL, -1,
                      &min_width, NULL, NULL, NULL);
  g_test_message ("minimum width, wide: %d", min_width);
  g_assert_cmpint (min_width, <, 720);

  /* As a person drags the edge: narrow on the way, then further. */
  gtk_window_set_default_size (fixture->window, 700, 700);
  WAIT_UNTIL (gtk_widget_get_width (GTK_WIDGET (fixture->window)) == 700);
  WAIT_UNTIL (view_narrow (fixture->view));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
  gtk_widget_measure (GTK_WIDGET (fixture->view), GTK_ORIENTATION_HORIZONTAL, -1,
                      &min_width, NULL, NULL, NULL);
  g_test_message ("minimum width, narrow: %d", min_width);
  g_assert_cmpint (min_width, <=, 360);
  gtk_window_set_default_size (fixture->window, 360, 700);
  WAIT_UNTIL (gtk_widget_get_width (GTK_WIDGET (fixture->window)) == 360);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));

  g_assert_false (gtk_widget_get_visible (print_button));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (more)));
  g_assert_true (menu_has_action (gtk_menu_button_get_menu_model (more), "tickets.print"));
  g_assert_true (menu_has_action (gtk_menu_button_get_menu_model (more), "tickets.export"));
  g_assert_true (menu_has_action (gtk_menu_button_get_menu_model (more), "tickets.clear"));
  g_assert_false (gtk_column_view_column_get_visible (g_list_model_get_item (gtk_column_view_get_columns (columns), 1)));
  g_object_unref (g_list_model_get_item (gtk_column_view_get_columns (columns), 1));

  gtk_single_selection_set_selected (view_selection (fixture->view), 0);
  g_assert_nonnull (view_details_number (fixture->view));
  screenshot (fixture, "tickets-narrow");
  gtk_single_selection_set_selected (view_selection (fixture->view),
                                     GTK_INVALID_LIST_POSITION);

  gtk_window_set_default_size (fixture->window, 1100, 700);
  WAIT_UNTIL (gtk_widget_get_width (GTK_WIDGET (fixture->window)) == 1100);
  WAIT_UNTIL (!view_narrow (fixture->view));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
  g_assert_true (gtk_widget_get_visible (print_button));
  g_assert_false (menu_has_action (gtk_menu_button_get_menu_model (more), "tickets.print"));
}

/* The columns Number, Generated and Scanned sort the list, on the server
 * (the list is paged lazily): as the header's click does. */
static void
test_sort_columns (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) vip = do_generate (fixture->client, 3, "VIP", NULL);
  g_autoptr(GPtrArray) ga = do_generate (fixture->client, 2, "GA", NULL);
  g_autoptr(TixTicket) scanned = do_scan (fixture->client, g_ptr_array_index (vip, 1));
  TixTicketListModel *model = view_model (fixture->view);
  GListModel *list = G_LIST_MODEL (model);
  GtkColumnView *view = view_column_view (fixture->view);
  g_autoptr(GtkColumnViewColumn) number = g_list_model_get_item (gtk_column_view_get_columns (view), 0);
  g_autoptr(GtkColumnViewColumn) generated = g_list_model_get_item (gtk_column_view_get_columns (view), 3);
  g_autoptr(GtkColumnViewColumn) scan_column = g_list_model_get_item (gtk_column_view_get_columns (view), 4);

  show_client (fixture);
  g_assert_null (tix_ticket_list_model_get_sort (model));
  g_assert_cmpstr (tix_ticket_get_number (item (list, 0)), ==, "GA-000002");
  g_assert_nonnull (gtk_column_view_column_get_sorter (number));

  gtk_column_view_sort_by_column (view, number, GTK_SORT_ASCENDING);
  g_assert_cmpstr (tix_ticket_list_model_get_sort (model), ==, "number");
  wait_for_reload (model);
  g_assert_cmpstr (tix_ticket_get_number (item (list, 0)), ==, "GA-000001");
  g_assert_cmpstr (tix_ticket_get_number (item (list, 4)), ==, "VIP-000003");

  gtk_column_view_sort_by_column (view, number, GTK_SORT_DESCENDING);
  wait_for_reload (model);
  g_assert_cmpstr (tix_ticket_get_number (item (list, 0)), ==, "VIP-000003");

  gtk_column_view_sort_by_column (view, scan_column, GTK_SORT_DESCENDING);
  wait_for_reload (model);
  g_assert_cmpstr (tix_ticket_list_model_get_sort (model), ==, "-scanned");
  g_assert_cmpstr (tix_ticket_get_number (item (list, 0)), ==, "VIP-000002");

  gtk_column_view_sort_by_column (view, generated, GTK_SORT_ASCENDING);
  wait_for_reload (model);
  g_assert_cmpstr (tix_ticket_get_number (item (list, 0)), ==, "VIP-000001");

  /* Newest first again: the default order. */
  gtk_column_view_sort_by_column (view, generated, GTK_SORT_DESCENDING);
  wait_for_reload (model);
  g_assert_null (tix_ticket_list_model_get_sort (model));
  g_assert_cmpstr (tix_ticket_get_number (item (list, 0)), ==, "GA-000002");
}

static void
test_delete (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GPtrArray) tickets = do_generate (fixture->client, 5, "DEL", NULL);
  TixTicketListModel *model = view_model (fixture->view);
  GListModel *list = G_LIST_MODEL (model);
  g_autoptr(TixTicket) victim = NULL;
  g_autofree char *id = NULL;
  AdwMessageDialog *dialog;

  show_client (fixture);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 5);

  victim = g_object_ref (item (list, 1));
  id = g_strdup (tix_ticket_get_id (victim));
  gtk_single_selection_set_selected (view_selection (fixture->view), 1);

  /* Cancel first: nothing happens. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "tickets.delete", NULL));
  dialog = view_dialog (fixture->view);
  g_assert_nonnull (dialog);
  g_assert_nonnull (strstr (adw_message_dialog_get_heading (dialog), tix_ticket_get_number (victim)));
  g_assert_cmpint (adw_message_dialog_get_response_appearance (dialog, "delete"), ==,
                   ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_response (dialog, "cancel");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_null (view_dialog (fixture->view));
  g_assert_cmpint (server_total (fixture->client), ==, 5);

  /* Now for real. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "tickets.delete", NULL));
  dialog = view_dialog (fixture->view);
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "delete");
  gtk_window_destroy (GTK_WINDOW (dialog));

  WAIT_UNTIL (g_list_model_get_n_items (list) == 4);
  g_assert_cmpint (tix_ticket_list_model_find (model, id), ==, -1);
  g_assert_cmpint (server_total (fixture->client), ==, 4);
  g_assert_cmpuint (fixture->toasts->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (fixture->toasts, 0), tix_ticket_get_number (victim)));
  g_assert_true (g_str_has_prefix (view_count_text (fixture->view), "4 "));

  /* The rest are still in order and a reload agrees. */
  g_assert_cmpstr (tix_ticket_get_id (item (list, 1)), ==,
                   tix_ticket_get_id (g_ptr_array_index (tickets, 2)));
  tix_tickets_view_reload (fixture->view);
  wait_for_reload (model);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 4);
}

static void
test_clear (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GPtrArray) tickets = do_generate (fixture->client, 8, "CLR", NULL);
  TixTicketListModel *model = view_model (fixture->view);
  AdwMessageDialog *dialog;
  GtkWidget *entry;

  show_client (fixture);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 8);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "tickets.clear", NULL));
  dialog = view_dialog (fixture->view);
  g_assert_nonnull (dialog);
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "clear"));

  /* The destructive button wakes up only for the word. */
  entry = gtk_widget_get_last_child (adw_message_dialog_get_extra_child (dialog));
  g_assert_true (GTK_IS_EDITABLE (entry));
  /* The word is typed first: the field has the focus. */
  g_assert_true (gtk_widget_is_ancestor (gtk_window_get_focus (GTK_WINDOW (dialog)), entry));
  gtk_editable_set_text (GTK_EDITABLE (entry), "delete me");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "clear"));
  gtk_editable_set_text (GTK_EDITABLE (entry), _("DELETE"));
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "clear"));

  adw_message_dialog_response (dialog, "clear");
  gtk_window_destroy (GTK_WINDOW (dialog));

  WAIT_UNTIL (fixture->toasts->len == 1);
  wait_for_reload (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
  g_assert_cmpstr (view_state (fixture->view), ==, "empty");
  g_assert_cmpint (server_total (fixture->client), ==, 0);
}

static void
test_add_tickets (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GPtrArray) first = do_generate (fixture->client, 5, "ADD", NULL);
  g_autoptr(GPtrArray) more = NULL;
  g_autoptr(GPtrArray) hidden = NULL;
  g_autoptr(GArray) log = g_array_new (FALSE, FALSE, sizeof (guint));
  TixTicketListModel *model = view_model (fixture->view);
  GListModel *list = G_LIST_MODEL (model);
  guint n_requests;

  show_client (fixture);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 5);
  n_requests = tix_ticket_list_model_get_n_requests (model);

  more = generate_unheard (fixture, 3, "ADD");
  g_signal_connect (model, "items-changed", G_CALLBACK (items_changed_cb), log);
  tix_tickets_view_add_tickets (fixture->view, more);
  g_signal_handlers_disconnect_by_data (model, log);

  /* at the top, newest first, without asking the server */
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 8);
  g_assert_cmpuint (log->len, ==, 3);
  g_assert_cmpuint (g_array_index (log, guint, 0), ==, 0);
  g_assert_cmpuint (g_array_index (log, guint, 1), ==, 0);
  g_assert_cmpuint (g_array_index (log, guint, 2), ==, 3);
  g_assert_true (item (list, 0) == g_ptr_array_index (more, 2));
  g_assert_true (item (list, 2) == g_ptr_array_index (more, 0));
  g_assert_cmpstr (tix_ticket_get_id (item (list, 3)), ==,
                   tix_ticket_get_id (g_ptr_array_index (first, 4)));
  g_assert_cmpuint (tix_ticket_list_model_get_n_requests (model), ==, n_requests);
  g_assert_true (g_str_has_prefix (view_count_text (fixture->view), "8 "));

  /* adding them twice changes nothing */
  tix_tickets_view_add_tickets (fixture->view, more);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 8);

  /* and the order agrees with the server's */
  tix_tickets_view_reload (fixture->view);
  wait_for_reload (model);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 8);
  g_assert_cmpstr (tix_ticket_get_id (item (list, 0)), ==,
                   tix_ticket_get_id (g_ptr_array_index (more, 2)));

  /* Tickets the search would not show stay out. */
  set_search (fixture, "ADD");
  hidden = do_generate (fixture->client, 2, "OTHER", NULL);
  tix_tickets_view_add_tickets (fixture->view, hidden);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 8);

  /* Clearing the search shows them all. */
  set_search (fixture, "");
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 10);
}

static void
test_add_to_empty (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) tickets = NULL;
  TixTicketListModel *model = view_model (fixture->view);

  show_client (fixture);
  g_assert_cmpstr (view_state (fixture->view), ==, "empty");

  tickets = do_generate (fixture->client, 4, "NEW", NULL);
  tix_tickets_view_add_tickets (fixture->view, tickets);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 4);
  g_assert_cmpstr (view_state (fixture->view), ==, "list");
}

static void
test_live_update (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GPtrArray) tickets = do_generate (fixture->client, 3, "LIVE", NULL);
  TixTicketListModel *model = view_model (fixture->view);
  g_autoptr(TixTicket) scanned = NULL;
  TixTicket *shown;

  show_client (fixture);
  shown = item (G_LIST_MODEL (model), 0);
  gtk_single_selection_set_selected (view_selection (fixture->view), 0);
  g_assert_cmpstr (view_details_scanned (fixture->view), ==, "—");

  /* A scan elsewhere reaches the row's ticket, and the pane follows. */
  scanned = do_scan (fixture->client, shown);
  g_assert_true (tix_ticket_list_model_update_ticket (model, scanned));
  g_assert_true (tix_ticket_is_scanned (shown));
  g_assert_cmpstr (view_details_scanned (fixture->view), !=, "—");
  screenshot (fixture, "tickets-scanned");
}

/* Another station's client, same organization: its changes reach this view
 * through the event stream alone. */
static void
test_live_other_station (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GPtrArray) tickets = do_generate (fixture->client, 4, "GATE", NULL);
  g_autoptr(TixClient) other = tix_client_new (fixture->server->url);
  TixTicketListModel *model = view_model (fixture->view);
  g_autoptr(GAsyncResult) login = NULL;
  g_autoptr(GAsyncResult) deleted = NULL;
  g_autoptr(TixUser) user = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TixTicket) scanned = NULL;
  g_autoptr(GPtrArray) more = NULL;
  TixTicket *shown;

  show_client (fixture);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 4);
  shown = item (G_LIST_MODEL (model), 0);
  g_assert_false (tix_ticket_is_scanned (shown));

  tix_client_login_async (other, EMAIL, PASSWORD, NULL, tix_test_store_result, &login);
  user = tix_client_login_finish (other, wait_for (&login), &error);
  g_assert_no_error (error);

  /* Events flow once the view's own stream is connected. */
  WAIT_UNTIL (view_live (fixture->view));

  scanned = do_scan (other, shown);
  WAIT_UNTIL (tix_ticket_is_scanned (shown));

  tix_client_delete_ticket_async (other, tix_ticket_get_id (item (G_LIST_MODEL (model), 1)),
                                  NULL, tix_test_store_result, &deleted);
  g_assert_true (tix_client_delete_ticket_finish (other, wait_for (&deleted), &error));
  WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (model)) == 3);

  more = do_generate (other, 5, "GATE", NULL);
  WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (model)) == 8 &&
              !tix_ticket_list_model_get_loading (model));
  g_assert_cmpstr (tix_ticket_get_number (item (G_LIST_MODEL (model), 0)), ==, "GATE-000009");
}

static void
test_unreachable (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(TixTestServer) gone = tix_test_server_new ();
  g_autofree char *url = g_strdup (gone->url);
  g_autoptr(TixClient) client = NULL;
  TixTicketListModel *model = view_model (fixture->view);

  g_clear_pointer (&gone, tix_test_server_free);
  client = tix_client_new (url);

  tix_session_sign_in (fixture->session, client, FALSE);
  wait_for_reload (model);
  g_assert_cmpstr (view_state (fixture->view), ==, "error");
  g_assert_nonnull (tix_ticket_list_model_get_error (model));
  g_assert_cmpstr (view_error_text (fixture->view), !=, "");
  screenshot (fixture, "tickets-error");

  /* Retry asks again, and still says what is wrong. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "tickets.reload", NULL));
  g_assert_cmpstr (view_state (fixture->view), ==, "loading");
  wait_for_reload (model);
  g_assert_cmpstr (view_state (fixture->view), ==, "error");

  /* Back to a server that answers. */
  tix_session_sign_in (fixture->session, fixture->client, FALSE);
  wait_for_reload (model);
  g_assert_cmpstr (view_state (fixture->view), ==, "empty");
}

static void
test_dispose_in_flight (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GPtrArray) tickets = do_generate (fixture->client, 50, "GONE", NULL);
  TixTicketListModel *model = view_model (fixture->view);

  tix_session_sign_in (fixture->session, fixture->client, FALSE);
  g_assert_true (tix_ticket_list_model_get_loading (model));
  /* tear-down destroys the window now, with the request in flight, and
   * checks that the model goes away */
}

int
main (int   argc,
      char *argv[])
{
  /* This computer is on UTC; the organizations of the tests may not be. */
  g_setenv ("TZ", "UTC", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_resources_register (tix_get_resource ());

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/tix/app/tickets/shows-tickets", test_shows_tickets);
  ADD ("/tix/app/tickets/empty", test_empty);
  ADD ("/tix/app/tickets/lazy/model", test_lazy_model);
  ADD ("/tix/app/tickets/lazy/view", test_lazy_view);
  ADD ("/tix/app/tickets/lazy/page-fails", test_lazy_page_fails);
  ADD ("/tix/app/tickets/lazy/big", test_lazy_big);
  ADD ("/tix/app/tickets/filter", test_filter);
  ADD ("/tix/app/tickets/search", test_search);
  ADD ("/tix/app/tickets/search/scanned-code", test_scanned_code_searches);
  ADD ("/tix/app/tickets/show-all-and-nothing-to-print", test_show_all_and_nothing_to_print);
  ADD ("/tix/app/tickets/times-in-org-zone", test_times_in_org_zone);
  ADD ("/tix/app/tickets/zone-changes-shown-rows", test_zone_changes_shown_rows);
  ADD ("/tix/app/tickets/narrow", test_narrow);
  ADD ("/tix/app/tickets/sort-columns", test_sort_columns);
  ADD ("/tix/app/tickets/delete", test_delete);
  ADD ("/tix/app/tickets/clear", test_clear);
  ADD ("/tix/app/tickets/add-tickets", test_add_tickets);
  ADD ("/tix/app/tickets/add-to-empty", test_add_to_empty);
  ADD ("/tix/app/tickets/live-update", test_live_update);
  ADD ("/tix/app/tickets/live-other-station", test_live_other_station);
  ADD ("/tix/app/tickets/unreachable", test_unreachable);
  ADD ("/tix/app/tickets/dispose-in-flight", test_dispose_in_flight);

  return g_test_run ();
}
