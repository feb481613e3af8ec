/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The desktop app driven through its real widgets, against real servers:
 * the embedded one (standalone mode) and a "remote" one on another port. */
#define G_LOG_DOMAIN "test-app"

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "tix-app-test-util.h"
#include "tix-application.h"
#include "tix-client.h"
#include "tix-door-cache.h"
#include "tix-entrance-dialog.h"
#include "tix-entrances-window.h"
#include "tix-generate-view.h"
#include "tix-login-page.h"
#include "tix-preferences-window.h"
#include "tix-scan-view.h"
#include "tix-test-util.h"
#include "tix-token-store.h"
#include "tix-window.h"
#include "tix-event-switcher.h"
#include "tix-tickets-view.h"

static const char *data_dir;

typedef struct
{
  TixApplication *app;
  TixWindow      *window;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  GSettings *settings;

  static guint n_apps;
  g_autofree char *app_id = g_strdup_printf ("org.gnome.Tix.Test%u", ++n_apps);

  /* Not unique, and one id each: test programs may share a D-Bus session,
   * and an application stays exported there until it is finalized. */
  fixture->app = tix_application_new (app_id, G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (fixture->app), NULL, &error);
  g_assert_no_error (error);

  /* The memory backend lives as long as the process: start each test clean. */
  settings = tix_application_get_settings (fixture->app);
  g_settings_reset (settings, "server-url");
  g_settings_reset (settings, "last-email");
  g_settings_reset (settings, "selected-events");

  fixture->window = tix_window_new (fixture->app);
  gtk_window_present (GTK_WINDOW (fixture->window));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_object_add_weak_pointer (G_OBJECT (fixture->window), (gpointer *) &fixture->window);
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  /* Let pending callbacks (logout, token store) finish: then nothing holds
   * the window any more. */
  TIX_APP_TEST_WAIT (fixture->window == NULL, 10);

  /* A registered GtkApplication is never finalized: stop its server here. */
  tix_application_stop_local_server (fixture->app);
  g_application_quit (G_APPLICATION (fixture->app));
  g_clear_object (&fixture->app);
}

static const char *
page (Fixture *fixture)
{
  return tix_window_get_page (fixture->window);
}

static GtkWidget *
find (Fixture    *fixture,
      const char *id)
{
  GtkWidget *widget = tix_app_test_find (GTK_WIDGET (fixture->window), id);

  g_assert_nonnull (widget);
  return widget;
}

/* Ids repeat from one page to the next: look inside @root only. */
static GtkWidget *
find_in (GtkWidget  *root,
         const char *id)
{
  GtkWidget *widget = tix_app_test_find (root, id);

  g_assert_nonnull (widget);
  return widget;
}

static void
set_text (GtkWidget  *editable,
          const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (editable), text);
}

static void
start_standalone (Fixture *fixture)
{
  tix_window_start_session (fixture->window);
  TIX_APP_TEST_WAIT (g_strcmp0 (page (fixture), "loading") != 0, 30);
  g_assert_cmpstr (page (fixture), ==, "main");
}

static void
store_result (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* Registers @email on the server at @url through TixClient. */
static void
register_user (const char *url,
               const char *email,
               const char *password)
{
  g_autoptr(TixClient) client = tix_client_new (url);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(TixUser) user = NULL;
  g_autoptr(GError) error = NULL;

  tix_client_register_async (client, email, password, "Ada Cashier", "Grand Theatre",
                             NULL, store_result, &result);
  TIX_APP_TEST_WAIT (result != NULL, 30);
  user = tix_client_register_finish (client, result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tix_user_get_email (user), ==, email);
}

/* Standalone ------------------------------------------------------------------ */

static void
test_standalone_first_run (Fixture       *fixture,
                           gconstpointer  user_data)
{
  g_autofree char *db_path = g_build_filename (data_dir, "tix", "tix.db", NULL);
  TixClient *client;
  TixUser *user;

  g_assert_false (g_file_test (db_path, G_FILE_TEST_EXISTS));
  g_assert_cmpstr (tix_application_get_database_path (fixture->app), ==, db_path);

  /* Nothing to type: straight to the main page, signed in. */
  start_standalone (fixture);

  client = tix_window_get_client (fixture->window);
  g_assert_nonnull (client);
  g_assert_nonnull (tix_client_get_token (client));
  g_assert_true (g_str_has_prefix (tix_client_get_base_url (client), "http://127.0.0.1:"));
  user = tix_client_get_user (client);
  g_assert_nonnull (user);
  g_assert_true (tix_user_is_admin (user));
  g_assert_true (tix_user_can_generate (user));

  g_assert_true (g_file_test (db_path, G_FILE_TEST_IS_REGULAR));

  /* The views are there, Generate first; Scan has the session too. */
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (ADW_VIEW_STACK (find (fixture, "view_stack"))),
                   ==, "generate");
  g_assert_true (tix_scan_view_get_session (TIX_SCAN_VIEW (find (fixture, "scan_view"))) ==
                 tix_window_get_session (fixture->window));
  g_assert_true (tix_session_get_client (tix_window_get_session (fixture->window)) == client);

  /* The scan view's sounds follow the setting. */
  {
    GSettings *settings = tix_application_get_settings (fixture->app);
    gboolean sounds = FALSE;

    g_object_get (find (fixture, "scan_view"), "sounds", &sounds, NULL);
    g_assert_true (sounds);
    g_settings_set_boolean (settings, "scan-sounds", FALSE);
    g_object_get (find (fixture, "scan_view"), "sounds", &sounds, NULL);
    g_assert_false (sounds);
    g_settings_reset (settings, "scan-sounds");

    /* And the door's prefixes and quiet interval are kept for next time. */
    g_settings_set_string (settings, "scan-prefixes", "FRI, VIP");
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find (fixture, "prefixes_entry"))),
                     ==, "FRI, VIP");
    gtk_editable_set_text (GTK_EDITABLE (find (fixture, "prefixes_entry")), "SAT");
    {
      g_autofree char *prefixes = g_settings_get_string (settings, "scan-prefixes");

      g_assert_cmpstr (prefixes, ==, "SAT");
    }
    g_settings_reset (settings, "scan-prefixes");

    g_settings_set_uint (settings, "scan-quiet-interval", 800);
    {
      guint quiet = 0;

      g_object_get (find (fixture, "scan_view"), "quiet-interval", &quiet, NULL);
      g_assert_cmpuint (quiet, ==, 800);
    }
    g_settings_reset (settings, "scan-quiet-interval");
  }

  /* Ctrl+2 and friends go through win.show-view. */
  g_action_group_activate_action (G_ACTION_GROUP (fixture->window), "show-view",
                                  g_variant_new_string ("tickets"));
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (ADW_VIEW_STACK (find (fixture, "view_stack"))),
                   ==, "tickets");
}

static char *
old_door_path (guint  port,
               gint64 organization_id)
{
  /* As earlier versions named the embedded server's copy: after its URL. */
  g_autofree char *key = g_strdup_printf ("http://127.0.0.1:%u\n%" G_GINT64_FORMAT, port,
                                          organization_id);
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, key, -1);
  g_autofree char *name = NULL;

  hash[16] = '\0';
  name = g_strdup_printf ("door-%s.db", hash);
  return g_build_filename (data_dir, "tix", name, NULL);
}

static char *
current_door_path (Fixture *fixture)
{
  TixClient *client = tix_window_get_client (fixture->window);

  return tix_door_cache_default_path (tix_client_get_base_url (client),
                                      tix_user_get_organization_id (tix_client_get_user (client)));
}

/* One offline copy per database and organization, whatever the embedded
 * server's port; the ones earlier versions left at each start go, unless
 * they hold a scan still to upload. */
static void
test_standalone_door_copy (Fixture       *fixture,
                           gconstpointer  user_data)
{
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *old_empty = NULL;
  g_autofree char *old_pending = NULL;
  g_autoptr(GError) error = NULL;
  gint64 organization_id;

  start_standalone (fixture);
  g_action_group_activate_action (G_ACTION_GROUP (fixture->window), "show-view",
                                  g_variant_new_string ("scan"));
  first = current_door_path (fixture);
  TIX_APP_TEST_WAIT (g_file_test (first, G_FILE_TEST_EXISTS), 30);
  organization_id = tix_user_get_organization_id (tix_client_get_user (tix_window_get_client (fixture->window)));

  /* What earlier starts left behind. */
  old_empty = old_door_path (40001, organization_id);
  old_pending = old_door_path (40002, organization_id);
  {
    g_autoptr(TixDoorCache) empty = tix_door_cache_new (old_empty, &error);
    g_autoptr(TixDoorCache) pending = NULL;

    g_assert_no_error (error);
    pending = tix_door_cache_new (old_pending, &error);
    g_assert_no_error (error);
    g_assert_true (tix_door_cache_enqueue (pending, "00000000-0000-4000-8000-000000000001",
                                           "TIX-000001", "00000000-0000-4000-8000-000000000002",
                                           "TIX-000001", "TIX",
                                           g_get_real_time () / 1000, NULL, &error));
    g_assert_no_error (error);
  }

  /* Quit and start again: another port. */
  g_object_add_weak_pointer (G_OBJECT (fixture->window), (gpointer *) &fixture->window);
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  TIX_APP_TEST_WAIT (fixture->window == NULL, 10);
  tix_application_stop_local_server (fixture->app);
  fixture->window = tix_window_new (fixture->app);
  gtk_window_present (GTK_WINDOW (fixture->window));
  start_standalone (fixture);
  g_action_group_activate_action (G_ACTION_GROUP (fixture->window), "show-view",
                                  g_variant_new_string ("scan"));
  tix_app_test_spin (300);

  second = current_door_path (fixture);
  g_assert_cmpstr (second, ==, first);
  g_assert_false (g_file_test (old_empty, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (old_pending, G_FILE_TEST_EXISTS));
  g_unlink (old_pending);
}

static void
test_standalone_second_run (Fixture       *fixture,
                            gconstpointer  user_data)
{
  /* Same database, still nothing to type. */
  start_standalone (fixture);
  g_assert_true (tix_user_is_admin (tix_client_get_user (tix_window_get_client (fixture->window))));
}

typedef struct
{
  GPtrArray *tickets;
  char      *toast;
  guint      n_toasts;
} GenerateResult;

static void
on_tickets_generated (TixGenerateView *view,
                      GPtrArray       *tickets,
                      GenerateResult  *result)
{
  g_assert_null (result->tickets);
  result->tickets = g_ptr_array_ref (tickets);
}

static void
on_add_toast (TixWindow      *window,
              AdwToast       *toast,
              GenerateResult *result)
{
  g_free (result->toast);
  result->toast = g_strdup (adw_toast_get_title (toast));
  result->n_toasts++;
}

static void
test_generate (Fixture       *fixture,
               gconstpointer  user_data)
{
  GenerateResult result = { 0 };
  GtkWidget *view, *count_spin, *prefix_row, *extra_row, *error_label;
  TixTicket *first, *last;
  gulong id1, id2;

  start_standalone (fixture);

  view = find (fixture, "generate_view");
  count_spin = find_in (view, "count_spin");
  prefix_row = find_in (view, "prefix_row");
  extra_row = find_in (view, "extra_row");
  error_label = find_in (view, "error_label");

  /* The prefix defaults to the organization's. */
  TIX_APP_TEST_WAIT (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (prefix_row)), "TIX") == 0, 10);

  /* Checked as it is typed, with the rules of the server. */
  set_text (prefix_row, "VIP 1");
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_true (gtk_widget_has_css_class (prefix_row, "error"));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (error_label)), !=, "");
  g_assert_false (gtk_widget_activate_action (view, "generate.run", NULL) &&
                  tix_generate_view_get_busy (TIX_GENERATE_VIEW (view)));
  set_text (prefix_row, "VIP");
  g_assert_false (gtk_widget_get_visible (error_label));
  g_assert_false (gtk_widget_has_css_class (prefix_row, "error"));

  gtk_spin_button_set_value (GTK_SPIN_BUTTON (count_spin), 25);
  set_text (extra_row, "Front row");

  id1 = g_signal_connect (view, "tickets-generated", G_CALLBACK (on_tickets_generated), &result);
  id2 = g_signal_connect (fixture->window, "toast-added", G_CALLBACK (on_add_toast), &result);

  g_assert_true (gtk_widget_activate_action (view, "generate.run", NULL));
  g_assert_true (tix_generate_view_get_busy (TIX_GENERATE_VIEW (view)));
  g_assert_true (gtk_widget_get_visible (find_in (view, "spinner")));
  g_assert_false (gtk_widget_get_sensitive (find_in (view, "fields_list")));

  TIX_APP_TEST_WAIT (!tix_generate_view_get_busy (TIX_GENERATE_VIEW (view)), 30);

  g_assert_nonnull (result.tickets);
  g_assert_cmpuint (result.tickets->len, ==, 25);
  first = g_ptr_array_index (result.tickets, 0);
  last = g_ptr_array_index (result.tickets, 24);
  g_assert_cmpstr (tix_ticket_get_number (first), ==, "VIP-000001");
  g_assert_cmpstr (tix_ticket_get_number (last), ==, "VIP-000025");
  g_assert_cmpstr (tix_ticket_get_extra (first), ==, "Front row");
  g_assert_cmpuint (result.n_toasts, ==, 1);
  g_assert_cmpstr (result.toast, ==, "Generated 25 tickets: VIP-000001 – VIP-000025");
  g_assert_false (gtk_widget_get_visible (find_in (view, "spinner")));
  g_assert_true (gtk_widget_get_sensitive (find_in (view, "fields_list")));

  /* Numbers run on. */
  g_clear_pointer (&result.tickets, g_ptr_array_unref);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (count_spin), 1);
  g_assert_true (gtk_widget_activate_action (view, "generate.run", NULL));
  TIX_APP_TEST_WAIT (!tix_generate_view_get_busy (TIX_GENERATE_VIEW (view)), 30);
  g_assert_cmpuint (result.tickets->len, ==, 1);
  g_assert_cmpstr (result.toast, ==, "Generated 1 ticket: VIP-000026");

  g_signal_handler_disconnect (view, id1);
  g_signal_handler_disconnect (fixture->window, id2);
  g_clear_pointer (&result.tickets, g_ptr_array_unref);
  g_free (result.toast);
}

/* The row of @list for the event @event_id (0: "All events"). */
static GtkListBoxRow *
switcher_row (GtkWidget *switcher,
              const char *list_id,
              guint       index)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (find_in (switcher, list_id)),
                                                      index);

  g_assert_nonnull (row);
  return row;
}

/* The event switcher: what generate, tickets, the door and the reports act
 * on follows the event chosen; "All events" is every event where it makes
 * sense and the current one where one is needed; the choice is kept. */
static void
test_event_switcher (Fixture       *fixture,
                     gconstpointer  user_data)
{
  GenerateResult result = { 0 };
  g_autoptr(TixEvent) draft = tix_event_new ("Friday Late Show");
  g_autoptr(TixEvent) friday = NULL;
  g_autoptr(GAsyncResult) made = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) saved = NULL;
  GtkWidget *switcher, *view, *tickets, *reports, *popover;
  TixSeason *season;
  TixClient *client;
  const gint64 *ids;
  guint n_ids;
  gint64 current, saved_id = -1;
  gulong id;

  start_standalone (fixture);
  client = tix_window_get_client (fixture->window);
  season = tix_window_get_season (fixture->window);
  TIX_APP_TEST_WAIT (tix_season_get_loaded (season) && tix_season_get_current_id (season) != 0, 10);
  current = tix_season_get_current_id (season);
  /* Nothing kept yet: the current event. */
  TIX_APP_TEST_WAIT (tix_season_get_selected_id (season) == current, 10);

  /* Made on another station: the switcher lists it soon after. */
  tix_event_set_starts_at (draft, G_GINT64_CONSTANT (1774033200000));
  tix_client_create_event_async (client, draft, NULL, store_result, &made);
  TIX_APP_TEST_WAIT (made != NULL, 10);
  friday = tix_client_create_event_finish (client, made, &error);
  g_assert_no_error (error);
  TIX_APP_TEST_WAIT (g_list_model_get_n_items (tix_season_get_events (season)) == 2, 10);

  switcher = find (fixture, "event_switcher");
  tix_event_switcher_popup (TIX_EVENT_SWITCHER (switcher));
  popover = find_in (switcher, "popover");
  TIX_APP_TEST_WAIT (gtk_widget_get_mapped (popover), 10);
  /* Soonest first: Friday, then the undated first event. */
  g_signal_emit_by_name (find_in (switcher, "events_list"), "row-activated",
                         switcher_row (switcher, "events_list", 0));
  g_assert_cmpint (tix_season_get_selected_id (season), ==, tix_event_get_id (friday));
  TIX_APP_TEST_WAIT (!gtk_widget_get_mapped (popover), 10);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (find_in (switcher, "name_label"))), ==,
                   "Friday Late Show");

  /* The desk's admin: the Events page is there, and Manage Events… opens it. */
  {
    AdwViewStack *stack = ADW_VIEW_STACK (find (fixture, "view_stack"));
    GtkWidget *events = find (fixture, "events_view");

    g_assert_true (adw_view_stack_page_get_visible (adw_view_stack_get_page (stack, events)));
    tix_event_switcher_popup (TIX_EVENT_SWITCHER (switcher));
    TIX_APP_TEST_WAIT (gtk_widget_get_mapped (popover), 10);
    g_assert_true (gtk_widget_get_visible (find_in (switcher, "manage_list")));
    gtk_widget_activate (find_in (switcher, "manage_row"));
    TIX_APP_TEST_WAIT (g_strcmp0 (adw_view_stack_get_visible_child_name (stack), "events") == 0, 10);
    TIX_APP_TEST_WAIT (!gtk_widget_get_mapped (popover), 10);
    adw_view_stack_set_visible_child_name (stack, "generate");
  }

  /* Generate: into Friday. */
  view = find (fixture, "generate_view");
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (find_in (view, "intro_label"))),
                            "Friday Late Show"));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (find_in (view, "count_spin")), 2);
  id = g_signal_connect (view, "tickets-generated", G_CALLBACK (on_tickets_generated), &result);
  g_assert_true (gtk_widget_activate_action (view, "generate.run", NULL));
  TIX_APP_TEST_WAIT (result.tickets != NULL, 30);
  g_assert_cmpint (tix_ticket_get_event_id (g_ptr_array_index (result.tickets, 0)), ==,
                   tix_event_get_id (friday));
  g_clear_pointer (&result.tickets, g_ptr_array_unref);

  /* Tickets: Friday's, without an Event column; the door admits Friday;
   * the reports are Friday's. */
  tickets = find (fixture, "tickets_view");
  g_assert_false (gtk_column_view_column_get_visible (
    GTK_COLUMN_VIEW_COLUMN (gtk_widget_get_template_child (tickets, TIX_TYPE_TICKETS_VIEW,
                                                           "event_column"))));
  ids = tix_door_get_event_ids (tix_session_get_door (tix_window_get_session (fixture->window)),
                                &n_ids);
  g_assert_cmpuint (n_ids, ==, 1);
  g_assert_cmpint (ids[0], ==, tix_event_get_id (friday));
  reports = find (fixture, "reports_view");
  g_assert_false (gtk_widget_get_visible (find_in (reports, "season_panel")));
  /* The door's counters count Friday's two. */
  {
    TixScanView *scan = TIX_SCAN_VIEW (find (fixture, "scan_view"));
    gint64 scanned = -1, total = -1;

    TIX_APP_TEST_WAIT ((tix_scan_view_get_counts (scan, &scanned, &total), total == 2), 10);
    g_assert_cmpint (scanned, ==, 0);
  }

  /* All events: every event's tickets with their Event, the season's
   * reports, the door and generate on the current event. */
  g_signal_emit_by_name (find_in (switcher, "all_list"), "row-activated",
                         switcher_row (switcher, "all_list", 0));
  g_assert_cmpint (tix_season_get_selected_id (season), ==, 0);
  g_assert_cmpint (tix_season_get_event_id (season), ==, current);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (find_in (switcher, "name_label"))), ==,
                   "All Events");
  g_assert_true (gtk_column_view_column_get_visible (
    GTK_COLUMN_VIEW_COLUMN (gtk_widget_get_template_child (tickets, TIX_TYPE_TICKETS_VIEW,
                                                           "event_column"))));
  tix_door_get_event_ids (tix_session_get_door (tix_window_get_session (fixture->window)), &n_ids);
  g_assert_cmpuint (n_ids, ==, 0);
  g_assert_true (gtk_widget_get_visible (find_in (reports, "season_panel")));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (find_in (view, "count_spin")), 1);
  g_assert_true (gtk_widget_activate_action (view, "generate.run", NULL));
  TIX_APP_TEST_WAIT (result.tickets != NULL, 30);
  g_assert_cmpint (tix_ticket_get_event_id (g_ptr_array_index (result.tickets, 0)), ==, current);
  g_clear_pointer (&result.tickets, g_ptr_array_unref);
  /* The door admits the current event, and counts its one ticket, not the
   * organization's three. */
  {
    TixScanView *scan = TIX_SCAN_VIEW (find (fixture, "scan_view"));
    gint64 total = -1;

    TIX_APP_TEST_WAIT ((tix_scan_view_get_counts (scan, NULL, &total), total == 1), 10);
  }
  g_signal_handler_disconnect (view, id);
  g_free (result.toast);

  /* Kept for this computer's tickets. */
  saved = g_settings_get_value (tix_application_get_settings (fixture->app), "selected-events");
  g_assert_true (g_variant_lookup (saved, "", "x", &saved_id));
  g_assert_cmpint (saved_id, ==, 0);
}

/* A count over the limit is said, not clamped; the button follows what is
 * typed, before Enter. */
static void
test_generate_count_limits (Fixture       *fixture,
                            gconstpointer  user_data)
{
  GenerateResult result = { 0 };
  GtkWidget *view, *count_spin, *count_error, *label;
  gulong id;

  start_standalone (fixture);
  view = find (fixture, "generate_view");
  count_spin = find_in (view, "count_spin");
  count_error = find_in (view, "count_error_label");
  label = find_in (view, "generate_label");
  TIX_APP_TEST_WAIT (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (find_in (view, "prefix_row"))),
                                "TIX") == 0, 10);

  /* Typed, not yet entered: the button says what it will do. */
  gtk_editable_set_text (GTK_EDITABLE (count_spin), "250");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (label)), ==, "_Generate 250 Tickets");
  g_assert_false (gtk_widget_get_visible (count_error));

  gtk_editable_set_text (GTK_EDITABLE (count_spin), "0");
  g_assert_true (gtk_widget_get_visible (count_error));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (label)), ==, "_Generate Tickets");
  g_assert_false (gtk_widget_get_sensitive (find_in (view, "generate_button")));
  gtk_spin_button_update (GTK_SPIN_BUTTON (count_spin));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (count_spin)), ==, "0");

  gtk_editable_set_text (GTK_EDITABLE (count_spin), "1000000");
  gtk_spin_button_update (GTK_SPIN_BUTTON (count_spin));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (count_spin)), ==, "1000000");
  g_assert_true (gtk_widget_get_visible (count_error));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (count_error)), "100,000"));
  g_assert_true (gtk_widget_has_css_class (find_in (view, "count_row"), "error"));
  g_assert_false (gtk_widget_activate_action (view, "generate.run", NULL) &&
                  tix_generate_view_get_busy (TIX_GENERATE_VIEW (view)));
  g_assert_false (tix_generate_view_get_busy (TIX_GENERATE_VIEW (view)));

  /* Typed and generated without Enter: that many. */
  gtk_editable_set_text (GTK_EDITABLE (count_spin), "7");
  g_assert_false (gtk_widget_get_visible (count_error));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (label)), ==, "_Generate 7 Tickets");
  id = g_signal_connect (view, "tickets-generated", G_CALLBACK (on_tickets_generated), &result);
  g_assert_true (gtk_widget_activate_action (view, "generate.run", NULL));
  TIX_APP_TEST_WAIT (!tix_generate_view_get_busy (TIX_GENERATE_VIEW (view)), 30);
  g_assert_nonnull (result.tickets);
  g_assert_cmpuint (result.tickets->len, ==, 7);
  g_signal_handler_disconnect (view, id);
  g_clear_pointer (&result.tickets, g_ptr_array_unref);
}

static void
test_generate_cancel (Fixture       *fixture,
                      gconstpointer  user_data)
{
  GenerateResult result = { 0 };
  GtkWidget *view;

  start_standalone (fixture);
  view = find (fixture, "generate_view");
  g_signal_connect (view, "tickets-generated", G_CALLBACK (on_tickets_generated), &result);
  g_signal_connect (fixture->window, "toast-added", G_CALLBACK (on_add_toast), &result);

  gtk_spin_button_set_value (GTK_SPIN_BUTTON (find_in (view, "count_spin")), 5000);
  set_text (find_in (view, "prefix_row"), "CANCEL");
  g_assert_true (gtk_widget_activate_action (view, "generate.run", NULL));
  g_assert_true (tix_generate_view_get_busy (TIX_GENERATE_VIEW (view)));
  g_assert_true (gtk_widget_get_visible (find_in (view, "cancel_button")));
  g_assert_true (gtk_widget_activate_action (view, "generate.cancel", NULL));
  TIX_APP_TEST_WAIT (!tix_generate_view_get_busy (TIX_GENERATE_VIEW (view)), 30);

  g_assert_null (result.tickets);
  g_assert_cmpuint (result.n_toasts, ==, 1);
  g_assert_true (g_str_has_prefix (result.toast, "Stopped waiting"));
  g_signal_handlers_disconnect_by_data (fixture->window, &result);
  g_signal_handlers_disconnect_by_data (view, &result);
  g_free (result.toast);
}

static void
test_logout (Fixture       *fixture,
             gconstpointer  user_data)
{
  start_standalone (fixture);

  /* The primary menu's Log Out. */
  g_action_group_activate_action (G_ACTION_GROUP (fixture->app), "logout", NULL);
  g_assert_cmpstr (page (fixture), ==, "login");
  g_assert_null (tix_window_get_client (fixture->window));

  /* "Use This Computer Only" signs in to the local database again. */
  g_assert_true (gtk_widget_activate_action (find (fixture, "login_page"), "login.standalone", NULL));
  TIX_APP_TEST_WAIT (g_strcmp0 (page (fixture), "loading") != 0, 30);
  g_assert_cmpstr (page (fixture), ==, "main");
  g_assert_nonnull (tix_window_get_client (fixture->window));
}

static gboolean
menu_has_action (GMenuModel *model,
                 const char *action)
{
  for (int i = 0; i < g_menu_model_get_n_items (model); i++)
    {
      g_autofree char *name = NULL;
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (model, i, G_MENU_LINK_SECTION);

      if (g_menu_model_get_item_attribute (model, i, G_MENU_ATTRIBUTE_ACTION, "s", &name) &&
          g_strcmp0 (name, action) == 0)
        return TRUE;
      if (section != NULL && menu_has_action (section, action))
        return TRUE;
    }
  return FALSE;
}

static TixEntrancesWindow *
find_entrances_window (void)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (TIX_IS_ENTRANCES_WINDOW (l->data) && gtk_widget_get_mapped (l->data))
      return l->data;
  return NULL;
}

/* The Scan view's door menu: "Manage Entrances…" for the window's event
 * (an administrator's), and an entrance added there is in the picker. */
static void
test_manage_entrances (Fixture       *fixture,
                       gconstpointer  user_data)
{
  TixSeason *season;
  GtkWidget *scan_view, *dropdown;
  TixEntrancesWindow *window;
  GtkWidget *dialog;
  guint n;

  start_standalone (fixture);
  season = tix_window_get_season (fixture->window);
  TIX_APP_TEST_WAIT (tix_season_get_loaded (season) && tix_season_get_event_id (season) != 0, 30);
  tix_window_show_view (fixture->window, "scan");
  scan_view = find (fixture, "scan_view");
  g_assert_true (menu_has_action (gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (find_in (scan_view, "door_menu_button"))),
                                  "win.manage-entrances"));
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (fixture->window),
                                                    "manage-entrances"));
  dropdown = find_in (scan_view, "entrance_dropdown");
  TIX_APP_TEST_WAIT (g_list_model_get_n_items (gtk_drop_down_get_model (GTK_DROP_DOWN (dropdown))) > 0,
                     30);
  n = g_list_model_get_n_items (gtk_drop_down_get_model (GTK_DROP_DOWN (dropdown)));

  g_assert_true (gtk_widget_activate_action (scan_view, "win.manage-entrances", NULL));
  TIX_APP_TEST_WAIT ((window = find_entrances_window ()) != NULL, 30);
  g_assert_cmpint (tix_entrances_window_get_event_id (window), ==, tix_season_get_event_id (season));
  TIX_APP_TEST_WAIT (tix_entrances_window_get_n_busy (window) == 0 &&
                     tix_entrances_window_get_entrances (window)->len == n, 30);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "entrances.add", NULL));
  TIX_APP_TEST_WAIT ((dialog = GTK_WIDGET (tix_entrances_window_get_dialog (window))) != NULL, 30);
  set_text (find_in (dialog, "name_row"), "Stage Door");
  tix_entrance_dialog_save (TIX_ENTRANCE_DIALOG (dialog));
  TIX_APP_TEST_WAIT (tix_entrances_window_get_dialog (window) == NULL, 30);
  TIX_APP_TEST_WAIT (g_list_model_get_n_items (gtk_drop_down_get_model (GTK_DROP_DOWN (dropdown))) == n + 1,
                     30);
  g_assert_true (gtk_widget_get_sensitive (dropdown));
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_destroy (GTK_WINDOW (window));
  TIX_APP_TEST_WAIT (window == NULL, 30);
}

/* Door mode is the window's: the scan view's button (its action) turns it
 * on, the view's text follows; Escape's action ends it, and is off but in
 * door mode. */
static void
test_door_mode (Fixture       *fixture,
                gconstpointer  user_data)
{
  GtkWidget *scan_view;
  gboolean big = FALSE;

  start_standalone (fixture);
  tix_window_show_view (fixture->window, "scan");
  scan_view = find (fixture, "scan_view");
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (fixture->window),
                                                     "leave-door-mode"));

  g_assert_true (gtk_widget_activate_action (scan_view, "win.door-mode", NULL));
  g_assert_true (tix_window_get_door_mode (fixture->window));
  g_object_get (scan_view, "door-mode", &big, NULL);
  g_assert_true (big);
  g_assert_true (gtk_widget_has_css_class (scan_view, "door-mode"));
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (fixture->window),
                                                    "leave-door-mode"));

  g_assert_true (gtk_widget_activate_action (scan_view, "win.leave-door-mode", NULL));
  g_assert_false (tix_window_get_door_mode (fixture->window));
  g_assert_false (gtk_widget_has_css_class (scan_view, "door-mode"));
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (fixture->window),
                                                     "leave-door-mode"));

  /* The button again, and again: on, then off. */
  g_assert_true (gtk_widget_activate_action (scan_view, "win.door-mode", NULL));
  g_assert_true (tix_window_get_door_mode (fixture->window));
  g_assert_true (gtk_widget_activate_action (scan_view, "win.door-mode", NULL));
  g_assert_false (tix_window_get_door_mode (fixture->window));
}

/* The windows share the application's session: it ends with the last one,
 * its stream stopped, not with the others. */
static void
test_last_window (Fixture       *fixture,
                  gconstpointer  user_data)
{
  TixSession *session = tix_application_get_session (fixture->app);
  g_autoptr(TixEventStream) stream = NULL;
  TixWindow *second;

  start_standalone (fixture);
  g_assert_true (tix_window_get_session (fixture->window) == session);
  stream = g_object_ref (tix_session_get_stream (session));
  TIX_APP_TEST_WAIT (tix_event_stream_get_connected (stream), 30);

  second = tix_window_new (fixture->app);
  g_assert_true (tix_window_get_session (second) == session);
  g_assert_true (tix_window_get_client (second) == tix_window_get_client (fixture->window));
  gtk_window_destroy (GTK_WINDOW (second));
  g_assert_nonnull (tix_session_get_client (session));

  g_object_add_weak_pointer (G_OBJECT (fixture->window), (gpointer *) &fixture->window);
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  TIX_APP_TEST_WAIT (fixture->window == NULL, 10);
  g_assert_null (tix_session_get_client (session));
  g_assert_false (tix_event_stream_get_connected (stream));

  /* For the tear-down. */
  fixture->window = tix_window_new (fixture->app);
}

/* A colleague added on a standalone desk signs in on it ("This Computer"). */
static void
test_standalone_colleague (Fixture       *fixture,
                           gconstpointer  user_data)
{
  g_autoptr(GAsyncResult) added = NULL;
  g_autoptr(TixUser) dee = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *login;
  TixClient *client;

  start_standalone (fixture);
  client = tix_window_get_client (fixture->window);
  tix_client_add_user_async (client, "dee@example.com", "Dee Door", "correct horse battery",
                             "scanner", NULL, store_result, &added);
  TIX_APP_TEST_WAIT (added != NULL, 30);
  dee = tix_client_add_user_finish (client, added, &error);
  g_assert_no_error (error);

  g_action_group_activate_action (G_ACTION_GROUP (fixture->app), "logout", NULL);
  g_assert_cmpstr (page (fixture), ==, "login");
  login = find (fixture, "login_page");

  /* Signed out of this computer's tickets: "This Computer" is on, no address asked. */
  g_assert_true (tix_login_page_get_this_computer (TIX_LOGIN_PAGE (login)));
  g_assert_false (gtk_widget_get_visible (find_in (login, "server_row")));

  set_text (find_in (login, "email_row"), "dee@example.com");
  set_text (find_in (login, "password_row"), "correct horse battery");
  g_assert_true (gtk_widget_activate_action (login, "login.sign-in", NULL));
  TIX_APP_TEST_WAIT (g_strcmp0 (page (fixture), "main") == 0 ||
                     tix_login_page_get_error (TIX_LOGIN_PAGE (login)) != NULL, 30);
  g_assert_null (tix_login_page_get_error (TIX_LOGIN_PAGE (login)));
  client = tix_window_get_client (fixture->window);
  g_assert_cmpstr (tix_user_get_email (tix_client_get_user (client)), ==, "dee@example.com");
  g_assert_false (tix_user_is_admin (tix_client_get_user (client)));

  /* Nothing points the next start at this start's port. */
  {
    g_autofree char *url = g_settings_get_string (tix_application_get_settings (fixture->app),
                                                  "server-url");

    g_assert_cmpstr (url, ==, "");
  }
}

/* A station is named once and stays the same station after a log out and in. */
static void
test_station_kept (Fixture       *fixture,
                   gconstpointer  user_data)
{
  GSettings *settings = tix_application_get_settings (fixture->app);
  g_autofree char *first = NULL;
  g_autofree char *name = NULL;

  g_settings_set_string (settings, "station-name", "North Door");
  start_standalone (fixture);
  first = g_strdup (tix_client_get_station_id (tix_window_get_client (fixture->window)));
  name = tix_station_get_name (first);
  g_assert_cmpstr (name, ==, "North Door");

  g_action_group_activate_action (G_ACTION_GROUP (fixture->app), "logout", NULL);
  g_assert_true (gtk_widget_activate_action (find (fixture, "login_page"), "login.standalone", NULL));
  TIX_APP_TEST_WAIT (g_strcmp0 (page (fixture), "loading") != 0, 30);
  g_assert_cmpstr (page (fixture), ==, "main");
  g_assert_cmpstr (tix_client_get_station_id (tix_window_get_client (fixture->window)), ==, first);

  /* Renamed in Preferences: the session goes on under the new name. */
  g_settings_set_string (settings, "station-name", "South Door");
  {
    g_autofree char *renamed = tix_station_get_name (tix_client_get_station_id (tix_window_get_client (fixture->window)));

    g_assert_cmpstr (renamed, ==, "South Door");
  }
  g_settings_reset (settings, "station-name");
}

static void
test_corrupt_database (Fixture       *fixture,
                       gconstpointer  user_data)
{
  static const char garbage[] = "This is not an SQLite database, but someone's tickets might be.";
  g_autofree char *dir = g_build_filename (data_dir, "corrupt", NULL);
  g_autofree char *path = g_build_filename (dir, "tix.db", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  const char *description;
  gsize length;

  g_mkdir_with_parents (dir, 0700);
  g_file_set_contents (path, garbage, -1, &error);
  g_assert_no_error (error);

  tix_application_set_database_path (fixture->app, path);
  tix_window_start_session (fixture->window);
  TIX_APP_TEST_WAIT (g_strcmp0 (page (fixture), "loading") != 0, 30);

  /* Said plainly, with the path; no crash; the file left alone. */
  g_assert_cmpstr (page (fixture), ==, "error");
  g_assert_null (tix_window_get_client (fixture->window));
  description = adw_status_page_get_description (ADW_STATUS_PAGE (find (fixture, "error_page")));
  g_assert_nonnull (strstr (description, path));

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (contents, length, garbage, strlen (garbage));

  /* Try Again fails the same way, still without touching the file. */
  g_action_group_activate_action (G_ACTION_GROUP (fixture->window), "retry", NULL);
  TIX_APP_TEST_WAIT (g_strcmp0 (page (fixture), "loading") != 0, 30);
  g_assert_cmpstr (page (fixture), ==, "error");
}

/* Remote server --------------------------------------------------------------- */

static void
test_login_remote (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(TixTestServer) server = tix_test_server_new ();
  GSettings *settings = tix_application_get_settings (fixture->app);
  TixLoginPage *login;
  GtkWidget *password_row;
  TixUser *user;

  register_user (server->url, "ada@example.org", "correct horse battery");

  /* Leave standalone mode from the login page's point of view. */
  g_settings_set_string (settings, "server-url", server->url);
  tix_window_start_session (fixture->window);
  TIX_APP_TEST_WAIT (g_strcmp0 (page (fixture), "loading") != 0, 30);
  g_assert_cmpstr (page (fixture), ==, "login");

  login = TIX_LOGIN_PAGE (find (fixture, "login_page"));
  password_row = find (fixture, "password_row");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find (fixture, "server_row"))), ==, server->url);

  /* Checked before asking the server. */
  set_text (find (fixture, "email_row"), "not an email");
  set_text (password_row, "whatever");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (login), "login.sign-in", NULL));
  g_assert_false (tix_login_page_get_busy (login));
  g_assert_nonnull (tix_login_page_get_error (login));
  g_assert_true (gtk_widget_has_css_class (find (fixture, "email_row"), "error"));

  /* A wrong password, shown under the fields. */
  set_text (find (fixture, "email_row"), "ada@example.org");
  set_text (password_row, "wrong password");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (login), "login.sign-in", NULL));
  g_assert_true (tix_login_page_get_busy (login));
  TIX_APP_TEST_WAIT (!tix_login_page_get_busy (login), 30);
  g_assert_cmpstr (page (fixture), ==, "login");
  g_assert_cmpstr (tix_login_page_get_error (login), ==, "Wrong email or password.");
  g_assert_true (gtk_widget_is_visible (find_in (GTK_WIDGET (login), "error_label")));
  g_assert_true (gtk_widget_has_css_class (password_row, "error"));
  g_assert_null (tix_window_get_client (fixture->window));

  /* Typing again clears the complaint. */
  set_text (password_row, "correct horse battery");
  g_assert_null (tix_login_page_get_error (login));
  g_assert_false (gtk_widget_has_css_class (password_row, "error"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (login), "login.sign-in", NULL));
  TIX_APP_TEST_WAIT (!tix_login_page_get_busy (login), 30);
  g_assert_cmpstr (page (fixture), ==, "main");
  user = tix_client_get_user (tix_window_get_client (fixture->window));
  g_assert_cmpstr (tix_user_get_email (user), ==, "ada@example.org");
  g_assert_cmpstr (tix_client_get_base_url (tix_window_get_client (fixture->window)), ==, server->url);

  /* Remembered for next time; the password is not in the field any more. */
  {
    g_autofree char *url = g_settings_get_string (settings, "server-url");
    g_autofree char *email = g_settings_get_string (settings, "last-email");

    g_assert_cmpstr (url, ==, server->url);
    g_assert_cmpstr (email, ==, "ada@example.org");
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (password_row)), ==, "");
  }

  /* Log out: back to the login page, email filled in. */
  g_action_group_activate_action (G_ACTION_GROUP (fixture->app), "logout", NULL);
  g_assert_cmpstr (page (fixture), ==, "login");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find (fixture, "email_row"))),
                   ==, "ada@example.org");
}

/* The server ends the session (here: logged out from another desk with the
 * same token): the window goes back to signing in, and says why. */
static void
test_session_ended (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autoptr(TixTestServer) server = tix_test_server_new ();
  GSettings *settings = tix_application_get_settings (fixture->app);
  g_autoptr(TixClient) elsewhere = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  TixLoginPage *login;

  register_user (server->url, "ada@example.org", "correct horse battery");
  g_settings_set_string (settings, "server-url", server->url);
  tix_window_start_session (fixture->window);
  TIX_APP_TEST_WAIT (g_strcmp0 (page (fixture), "loading") != 0, 30);
  login = TIX_LOGIN_PAGE (find (fixture, "login_page"));
  set_text (find (fixture, "email_row"), "ada@example.org");
  set_text (find (fixture, "password_row"), "correct horse battery");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (login), "login.sign-in", NULL));
  TIX_APP_TEST_WAIT (!tix_login_page_get_busy (login), 30);
  g_assert_cmpstr (page (fixture), ==, "main");
  /* The views' shared event stream is up. */
  tix_app_test_spin (500);

  elsewhere = tix_client_new (server->url);
  tix_client_set_token (elsewhere,
                        tix_client_get_token (tix_window_get_client (fixture->window)));
  tix_client_logout_async (elsewhere, NULL, tix_test_store_result, &result);
  TIX_APP_TEST_WAIT (result != NULL, 30);
  g_assert_true (tix_client_logout_finish (elsewhere, result, &error));
  g_assert_no_error (error);

  TIX_APP_TEST_WAIT (g_strcmp0 (page (fixture), "login") == 0, 30);
  g_assert_null (tix_window_get_client (fixture->window));
  g_assert_cmpstr (tix_login_page_get_error (login), ==,
                   "Your session has ended. Please sign in again.");
}

/* HTTPS with the venue's own certificate: trust on first use. */
static AdwMessageDialog *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();  /* owned by GTK */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

static void
test_login_tls (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autofree char *cert = g_test_build_filename (G_TEST_DIST, "hardening", "test-cert.pem", NULL);
  g_autofree char *key = g_test_build_filename (G_TEST_DIST, "hardening", "test-key.pem", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsCertificate) certificate = g_tls_certificate_new_from_files (cert, key, &error);
  g_autofree char *fingerprint = tix_certificate_fingerprint (certificate);
  g_autoptr(TixTestServer) server = NULL;
  g_autoptr(TixClient) registrar = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(TixUser) user = NULL;
  g_autoptr(GVariant) pins = NULL;
  GSettings *settings = tix_application_get_settings (fixture->app);
  AdwMessageDialog *dialog;
  TixLoginPage *login;
  const char *pinned = NULL;
  TixServerOptions options;

  g_assert_no_error (error);
  tix_server_options_init (&options);
  options.fast_password_hashing = TRUE;
  options.tls_certificate = certificate;
  server = tix_test_server_new_with (&options);

  registrar = tix_client_new (server->url);
  tix_client_set_pinned_certificate (registrar, fingerprint);
  tix_client_register_async (registrar, "tess@example.org", "correct horse battery", "Tess",
                             NULL, NULL, store_result, &result);
  TIX_APP_TEST_WAIT (result != NULL, 30);
  user = tix_client_register_finish (registrar, result, &error);
  g_assert_no_error (error);

  g_settings_set_string (settings, "server-url", server->url);
  tix_window_start_session (fixture->window);
  TIX_APP_TEST_WAIT (g_strcmp0 (page (fixture), "login") == 0, 30);
  login = TIX_LOGIN_PAGE (find (fixture, "login_page"));
  set_text (find (fixture, "email_row"), "tess@example.org");
  set_text (find (fixture, "password_row"), "correct horse battery");

  /* First contact: the fingerprint is shown, nothing is sent. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (login), "login.sign-in", NULL));
  TIX_APP_TEST_WAIT (!tix_login_page_get_busy (login), 30);
  TIX_APP_TEST_WAIT ((dialog = find_message_dialog ()) != NULL, 10);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), fingerprint));
  g_assert_cmpstr (page (fixture), ==, "login");

  /* Trusted: pinned for next time, and signed in. */
  adw_message_dialog_response (dialog, "trust");
  TIX_APP_TEST_WAIT (g_strcmp0 (page (fixture), "main") == 0, 30);
  pins = g_settings_get_value (settings, "pinned-certificates");
  g_assert_true (g_variant_lookup (pins, server->url, "&s", &pinned));
  g_assert_cmpstr (pinned, ==, fingerprint);
}

static void
test_login_unreachable (Fixture       *fixture,
                        gconstpointer  user_data)
{
  TixLoginPage *login;

  g_settings_set_string (tix_application_get_settings (fixture->app), "server-url",
                         "http://127.0.0.1:1");
  tix_window_start_session (fixture->window);
  TIX_APP_TEST_WAIT (g_strcmp0 (page (fixture), "loading") != 0, 30);
  g_assert_cmpstr (page (fixture), ==, "login");

  login = TIX_LOGIN_PAGE (find (fixture, "login_page"));
  set_text (find (fixture, "email_row"), "ada@example.org");
  set_text (find (fixture, "password_row"), "correct horse battery");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (login), "login.sign-in", NULL));
  TIX_APP_TEST_WAIT (!tix_login_page_get_busy (login), 30);

  g_assert_cmpstr (page (fixture), ==, "login");
  g_assert_nonnull (tix_login_page_get_error (login));
  g_assert_true (gtk_widget_has_css_class (find (fixture, "server_row"), "error"));

  /* A server address that is no address at all. */
  set_text (find (fixture, "server_row"), "http://exa mple");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (login), "login.sign-in", NULL));
  g_assert_false (tix_login_page_get_busy (login));
  g_assert_nonnull (tix_login_page_get_error (login));
  g_assert_true (gtk_widget_has_css_class (find (fixture, "server_row"), "error"));
}

static void
test_register_remote (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autoptr(TixTestServer) server = tix_test_server_new ();
  TixLoginPage *login;
  TixUser *user;

  tix_window_logout (fixture->window);
  g_assert_cmpstr (page (fixture), ==, "login");
  login = TIX_LOGIN_PAGE (find (fixture, "login_page"));

  g_assert_false (gtk_widget_get_visible (find (fixture, "name_row")));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (login), "login.toggle-mode", NULL));
  g_assert_true (tix_login_page_get_register (login));
  g_assert_true (gtk_widget_get_visible (find (fixture, "name_row")));
  g_assert_true (gtk_widget_get_visible (find (fixture, "organization_row")));

  set_text (find (fixture, "server_row"), server->url);
  set_text (find (fixture, "name_row"), "Grace Usher");
  set_text (find (fixture, "organization_row"), "Jazz Club");
  set_text (find (fixture, "email_row"), "grace@example.org");

  /* Too short for a new password: said before asking. */
  set_text (find (fixture, "password_row"), "short");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (login), "login.sign-in", NULL));
  g_assert_false (tix_login_page_get_busy (login));
  g_assert_true (gtk_widget_has_css_class (find (fixture, "password_row"), "error"));

  set_text (find (fixture, "password_row"), "a long enough password");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (login), "login.sign-in", NULL));
  TIX_APP_TEST_WAIT (!tix_login_page_get_busy (login), 30);
  g_assert_cmpstr (tix_login_page_get_error (login), ==, NULL);
  g_assert_cmpstr (page (fixture), ==, "main");

  user = tix_client_get_user (tix_window_get_client (fixture->window));
  g_assert_cmpstr (tix_user_get_name (user), ==, "Grace Usher");
  g_assert_true (tix_user_is_admin (user));

  /* The same email twice: the server says so, next to the email. */
  tix_window_logout (fixture->window);
  tix_login_page_set_register (login, TRUE);
  set_text (find (fixture, "server_row"), server->url);
  set_text (find (fixture, "name_row"), "Grace Again");
  set_text (find (fixture, "email_row"), "grace@example.org");
  set_text (find (fixture, "password_row"), "a long enough password");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (login), "login.sign-in", NULL));
  TIX_APP_TEST_WAIT (!tix_login_page_get_busy (login), 30);
  g_assert_cmpstr (page (fixture), ==, "login");
  g_assert_nonnull (tix_login_page_get_error (login));
}

static char *
lookup_token (const char *url,
              const char *email)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *token;

  tix_token_store_lookup_async (url, email, NULL, store_result, &result);
  TIX_APP_TEST_WAIT (result != NULL, 30);
  token = tix_token_store_lookup_finish (result, &error);
  g_assert_no_error (error);

  return token;
}

static void
test_login_restore (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autoptr(TixTestServer) server = tix_test_server_new ();
  g_autofree char *why_not = tix_app_test_ensure_secret_service ();
  GSettings *settings = tix_application_get_settings (fixture->app);
  TixLoginPage *login;
  TixWindow *second;
  char *token = NULL;

  if (why_not != NULL)
    {
      g_test_skip (why_not);
      return;
    }

  register_user (server->url, "restore@example.org", "correct horse battery");
  g_settings_set_string (settings, "server-url", server->url);
  tix_window_start_session (fixture->window);
  TIX_APP_TEST_WAIT (g_strcmp0 (page (fixture), "loading") != 0, 30);
  g_assert_cmpstr (page (fixture), ==, "login");

  login = TIX_LOGIN_PAGE (find (fixture, "login_page"));
  set_text (find (fixture, "email_row"), "restore@example.org");
  set_text (find (fixture, "password_row"), "correct horse battery");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (login), "login.sign-in", NULL));
  TIX_APP_TEST_WAIT (!tix_login_page_get_busy (login), 30);
  g_assert_cmpstr (page (fixture), ==, "main");

  /* The token went to the keyring, not to a file. */
  for (guint i = 0; i < 100 && token == NULL; i++)
    {
      token = lookup_token (server->url, "restore@example.org");
      if (token == NULL)
        tix_app_test_spin (50);
    }
  g_assert_cmpstr (token, ==, tix_client_get_token (tix_window_get_client (fixture->window)));
  g_free (token);

  /* Next start: signed in without typing anything. */
  second = tix_window_new (fixture->app);
  gtk_window_present (GTK_WINDOW (second));
  tix_window_start_session (second);
  TIX_APP_TEST_WAIT (g_strcmp0 (tix_window_get_page (second), "loading") != 0, 30);
  g_assert_cmpstr (tix_window_get_page (second), ==, "main");
  g_assert_cmpstr (tix_user_get_email (tix_client_get_user (tix_window_get_client (second))),
                   ==, "restore@example.org");
  gtk_window_destroy (GTK_WINDOW (second));

  /* Log out forgets it. */
  tix_window_logout (fixture->window);
  token = lookup_token (server->url, "restore@example.org");
  for (guint i = 0; i < 100 && token != NULL; i++)
    {
      g_free (token);
      tix_app_test_spin (50);
      token = lookup_token (server->url, "restore@example.org");
    }
  g_assert_null (token);

  second = tix_window_new (fixture->app);
  gtk_window_present (GTK_WINDOW (second));
  tix_window_start_session (second);
  TIX_APP_TEST_WAIT (g_strcmp0 (tix_window_get_page (second), "loading") != 0, 30);
  g_assert_cmpstr (tix_window_get_page (second), ==, "login");
  gtk_window_destroy (GTK_WINDOW (second));
}

static void
on_server_changed (TixPreferencesWindow *preferences,
                   const char           *url,
                   char                **out)
{
  g_free (*out);
  *out = g_strdup (url);
}

static void
test_preferences (Fixture       *fixture,
                  gconstpointer  user_data)
{
  GSettings *settings = tix_application_get_settings (fixture->app);
  AdwStyleManager *style = adw_style_manager_get_default ();
  TixPreferencesWindow *preferences;
  GtkWidget *server_row, *error_label;
  g_autofree char *changed = NULL;
  g_autofree char *url = NULL;

  preferences = tix_preferences_window_new (settings);
  gtk_window_present (GTK_WINDOW (preferences));
  g_signal_connect (preferences, "server-changed", G_CALLBACK (on_server_changed), &changed);

  /* Style: dark, then back to the system's. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (find_in (GTK_WIDGET (preferences), "style_row")), 2);
  g_assert_cmpint (g_settings_get_enum (settings, "color-scheme"), ==, 2);
  g_assert_cmpint (adw_style_manager_get_color_scheme (style), ==, ADW_COLOR_SCHEME_FORCE_DARK);
  adw_combo_row_set_selected (ADW_COMBO_ROW (find_in (GTK_WIDGET (preferences), "style_row")), 0);
  g_assert_cmpint (adw_style_manager_get_color_scheme (style), ==, ADW_COLOR_SCHEME_DEFAULT);

  /* A server address that is none is refused next to the field. */
  server_row = find_in (GTK_WIDGET (preferences), "server_row");
  error_label = find_in (GTK_WIDGET (preferences), "server_error_label");
  set_text (server_row, "exa mple");
  g_signal_emit_by_name (server_row, "apply");
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_null (changed);
  url = g_settings_get_string (settings, "server-url");
  g_assert_cmpstr (url, ==, "");

  /* A bare host gets its scheme. */
  set_text (server_row, " tix.example.org:8080/ ");
  g_assert_false (gtk_widget_get_visible (error_label));
  g_signal_emit_by_name (server_row, "apply");
  g_assert_cmpstr (changed, ==, "http://tix.example.org:8080");
  g_clear_pointer (&url, g_free);
  url = g_settings_get_string (settings, "server-url");
  g_assert_cmpstr (url, ==, "http://tix.example.org:8080");

  /* Empty: standalone again. */
  set_text (server_row, "");
  g_signal_emit_by_name (server_row, "apply");
  g_assert_cmpstr (changed, ==, "");

  gtk_window_destroy (GTK_WINDOW (preferences));
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  tix_app_test_init (&argc, &argv);
  data_dir = g_get_user_data_dir ();

  /* Before any test saves a token: a keyring in our temporary folder rather
   * than one D-Bus would start in the user's folders. */
  g_free (tix_app_test_ensure_secret_service ());

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  /* First (cases run before sub-suites): it needs an empty data folder. */
  ADD ("/tix/app/first-run", test_standalone_first_run);
  ADD ("/tix/app/standalone/second-run", test_standalone_second_run);
  ADD ("/tix/app/standalone/corrupt-database", test_corrupt_database);
  ADD ("/tix/app/standalone/generate-25", test_generate);
  ADD ("/tix/app/standalone/generate-cancel", test_generate_cancel);
  ADD ("/tix/app/standalone/generate-count-limits", test_generate_count_limits);
  ADD ("/tix/app/standalone/door-copy", test_standalone_door_copy);
  ADD ("/tix/app/standalone/colleague", test_standalone_colleague);
  ADD ("/tix/app/standalone/station-kept", test_station_kept);
  ADD ("/tix/app/standalone/logout", test_logout);
  ADD ("/tix/app/standalone/last-window", test_last_window);
  ADD ("/tix/app/standalone/door-mode", test_door_mode);
  ADD ("/tix/app/standalone/manage-entrances", test_manage_entrances);
  ADD ("/tix/app/login/remote", test_login_remote);
  ADD ("/tix/app/login/session-ended", test_session_ended);
  ADD ("/tix/app/login/unreachable", test_login_unreachable);
  ADD ("/tix/app/login/tls-first-use", test_login_tls);
  ADD ("/tix/app/login/register", test_register_remote);
  ADD ("/tix/app/login/restore", test_login_restore);
  ADD ("/tix/app/preferences", test_preferences);
  ADD ("/tix/app/event-switcher", test_event_switcher);

#undef ADD

  ret = g_test_run ();
  tix_app_test_cleanup ();

  return ret;
}
