/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tix-screenshots OUTPUT-FOLDER [--high-contrast | --large-text]: starts Tix
 * in standalone mode on a temporary data folder, generates some tickets
 * through the Generate view and writes one PNG per view, light and dark.
 * --high-contrast shoots them in libadwaita's high-contrast style
 * (NAME-light-hc.png), --large-text with GNOME's "Large Text" (text scaled by
 * 1.25: NAME-light-large.png). Run it under Xvfb. */
#define G_LOG_DOMAIN "tix-screenshots"

#include "config.h"

#include <locale.h>

#include <glib/gi18n.h>

#include <glib/gstdio.h>

#include "tix-app-test-util.h"
#include "tix-application.h"
#include "tix-door-dashboard.h"
#include "tix-event-dialog.h"
#include "tix-event-switcher.h"
#include "tix-events-view.h"
#include "tix-generate-view.h"
#include "tix-preferences-window.h"
#include "tix-reports-view.h"
#include "tix-scan-view.h"
#include "tix-screenshots-private.h"
#include "tix-sheet-job.h"
#include "tix-sheet-preview.h"
#include "tix-window.h"

#define WIDTH  1100
#define HEIGHT 760

static const char *output_dir;
static const char *mode_suffix = "";
static int failures;

static void
settle (GtkWidget *widget)
{
  /* Let lists load, transitions end and a frame be drawn. */
  tix_app_test_spin (600);
  gtk_test_widget_wait_for_draw (widget);
  tix_app_test_spin (100);
}

void
tix_screenshot (GtkWidget  *window,
                const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;
  const char *variant = adw_style_manager_get_dark (adw_style_manager_get_default ())
                        ? "dark" : "light";

  settle (window);

  file = g_strdup_printf ("%s-%s%s.png", name, variant, mode_suffix);
  path = g_build_filename (output_dir, file, NULL);
  if (!tix_app_test_save_png (window, path, &error))
    {
      g_printerr ("%s: %s\n", path, error->message);
      failures++;
      return;
    }

  g_print ("%s\n", path);
}

const char *
tix_screenshot_folder (void)
{
  return output_dir;
}

#define shoot tix_screenshot

/* Opens a window through an application action and shoots it. */
static void
shoot_action_window (GApplication *app,
                     const char   *action,
                     GType         type,
                     const char   *name)
{
  GtkWidget *found = NULL;
  GList *toplevels;

  g_action_group_activate_action (G_ACTION_GROUP (app), action, NULL);
  tix_app_test_spin (200);

  toplevels = gtk_window_list_toplevels ();
  for (GList *l = toplevels; l != NULL; l = l->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type) && gtk_widget_get_visible (l->data))
      found = l->data;
  g_list_free (toplevels);

  if (found == NULL)
    {
      g_printerr ("app.%s opened no %s\n", action, g_type_name (type));
      failures++;
      return;
    }

  shoot (found, name);
  gtk_window_destroy (GTK_WINDOW (found));
}

static void
generate (GtkWidget  *window,
          guint       count,
          const char *prefix,
          const char *extra)
{
  GtkWidget *view = tix_app_test_find (window, "generate_view");

  gtk_spin_button_set_value (GTK_SPIN_BUTTON (tix_app_test_find (view, "count_spin")), count);
  gtk_editable_set_text (GTK_EDITABLE (tix_app_test_find (view, "prefix_row")), prefix);
  gtk_editable_set_text (GTK_EDITABLE (tix_app_test_find (view, "extra_row")), extra);
  if (!gtk_widget_activate_action (view, "generate.run", NULL))
    g_error ("generate.run is not there");
  TIX_APP_TEST_WAIT (!tix_generate_view_get_busy (TIX_GENERATE_VIEW (view)), 60);
}

static void
store_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* Scans the @n oldest tickets through the session, as a door would. */
static void
scan_some (TixWindow *window,
           guint      n)
{
  TixClient *client = tix_window_get_client (window);
  g_autoptr(GAsyncResult) listed = NULL;
  g_autoptr(TixTicketPage) page = NULL;
  g_autoptr(GError) error = NULL;

  tix_client_list_tickets_async (client, TIX_TICKET_FILTER_ALL, NULL, NULL, 1, 1000, NULL,
                                 store_result_cb, &listed);
  TIX_APP_TEST_WAIT (listed != NULL, 60);
  page = tix_client_list_tickets_finish (client, listed, &error);
  if (page == NULL)
    g_error ("Listing the tickets: %s", error->message);

  for (guint i = 0; i < n && i < page->tickets->len; i++)
    {
      TixTicket *ticket = g_ptr_array_index (page->tickets, page->tickets->len - 1 - i);
      g_autoptr(GAsyncResult) scanned = NULL;

      tix_client_scan_ticket_async (client, tix_ticket_get_id (ticket), NULL,
                                    store_result_cb, &scanned);
      TIX_APP_TEST_WAIT (scanned != NULL, 60);
      if (!tix_client_scan_ticket_finish (client, scanned, NULL, &error))
        g_error ("Scanning: %s", error->message);
    }
}

/* The organization as a venue would set it up: its event, a few staff. */
static void
set_up_organization (TixWindow *window)
{
  static const struct { const char *email, *name, *role; } staff[] = {
    { "sam@example.com", "Sam Seller", "seller" },
    { "dee@example.com", "Dee Door", "scanner" },
    { "max@example.com", "Max Door", "scanner" },
  };
  TixClient *client = tix_window_get_client (window);
  g_autoptr(TixSettings) changes = tix_settings_new ();
  g_autoptr(GAsyncResult) updated = NULL;
  g_autoptr(TixSettings) settings = NULL;
  g_autoptr(GError) error = NULL;

  tix_settings_set (changes, TIX_SETTING_EVENT_NAME, "Spring Gala");
  tix_settings_set (changes, TIX_SETTING_EVENT_DATE, "2027-03-14");
  tix_settings_set (changes, TIX_SETTING_TIME_ZONE, "Europe/Paris");
  tix_client_update_settings_async (client, changes, NULL, store_result_cb, &updated);
  TIX_APP_TEST_WAIT (updated != NULL, 60);
  settings = tix_client_update_settings_finish (client, updated, &error);
  if (settings == NULL)
    g_error ("Settings: %s", error->message);

  for (guint i = 0; i < G_N_ELEMENTS (staff); i++)
    {
      g_autoptr(GAsyncResult) added = NULL;
      g_autoptr(TixUser) user = NULL;

      tix_client_add_user_async (client, staff[i].email, staff[i].name,
                                 "correct horse battery", staff[i].role, NULL,
                                 store_result_cb, &added);
      TIX_APP_TEST_WAIT (added != NULL, 60);
      user = tix_client_add_user_finish (client, added, &error);
      if (user == NULL)
        g_error ("Adding %s: %s", staff[i].email, error->message);
    }
}

/* Each page of the preferences of a signed-in admin, light and dark. */
static void
shoot_preferences_pages (TixApplication *app,
                         TixWindow      *window)
{
  static const char *pages[] = { "organization", "users", "activity", "account" };
  AdwStyleManager *style = adw_style_manager_get_default ();
  TixPreferencesWindow *preferences =
    tix_preferences_window_new (tix_application_get_settings (app));
  gtk_window_set_transient_for (GTK_WINDOW (preferences), GTK_WINDOW (window));
  gtk_window_present (GTK_WINDOW (preferences));

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      g_autofree char *name = g_strdup_printf ("preferences-%s", pages[i]);

      adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (preferences),
                                                    pages[i]);
      adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
      shoot (GTK_WIDGET (preferences), name);
      adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
      shoot (GTK_WIDGET (preferences), name);
    }

  /* A time zone the server refuses: said under its field. */
  {
    GtkWidget *row = tix_app_test_find (GTK_WIDGET (preferences), "time_zone_row");
    GtkWidget *page = gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_PAGE);

    adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (preferences),
                                                  "organization");
    {
      GtkWidget *list = tix_app_test_find (GTK_WIDGET (preferences), "time_zone_list");
      GListModel *filtered = gtk_no_selection_get_model (GTK_NO_SELECTION (gtk_list_view_get_model (GTK_LIST_VIEW (list))));
      GtkWidget *search = tix_app_test_find (GTK_WIDGET (preferences), "time_zone_search");

      gtk_string_list_append (GTK_STRING_LIST (gtk_filter_list_model_get_model (GTK_FILTER_LIST_MODEL (filtered))), "Mars/Olympus");
      gtk_menu_button_popup (GTK_MENU_BUTTON (tix_app_test_find (GTK_WIDGET (preferences), "time_zone_button")));
      gtk_editable_set_text (GTK_EDITABLE (search), "Olympus");
      g_signal_emit_by_name (search, "activate");
    }
    gtk_widget_activate_action (page, "organization.save", NULL);
    TIX_APP_TEST_WAIT (gtk_widget_get_visible (tix_app_test_find (GTK_WIDGET (preferences),
                                                                  "time_zone_error")), 30);
    adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
    shoot (GTK_WIDGET (preferences), "preferences-organization-error");
    adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
    shoot (GTK_WIDGET (preferences), "preferences-organization-error");
  }

  /* A user the server refuses (the email is taken): said under the form. */
  {
    GtkWidget *email = tix_app_test_find (GTK_WIDGET (preferences), "email_row");
    GtkWidget *page = gtk_widget_get_ancestor (email, ADW_TYPE_PREFERENCES_PAGE);
    GtkWidget *error = tix_app_test_find (GTK_WIDGET (preferences), "error_label");

    adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (preferences), "users");
    gtk_editable_set_text (GTK_EDITABLE (email), "sam@example.com");
    gtk_editable_set_text (GTK_EDITABLE (tix_app_test_find (GTK_WIDGET (preferences), "name_row")),
                           "Sam Again");
    gtk_editable_set_text (GTK_EDITABLE (tix_app_test_find (GTK_WIDGET (preferences),
                                                            "password_row")),
                           "correct horse battery");
    gtk_widget_activate_action (page, "users.add", NULL);
    TIX_APP_TEST_WAIT (gtk_widget_get_visible (error), 30);
    adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
    shoot (GTK_WIDGET (preferences), "preferences-users-error");
  }

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
  gtk_window_destroy (GTK_WINDOW (preferences));
}

/* The reports view scrolled down to today at the door. */
static void
shoot_reports_door (TixWindow *window)
{
  GtkWidget *reports = tix_app_test_find (GTK_WIDGET (window), "reports_view");
  GtkScrolledWindow *scroller = GTK_SCROLLED_WINDOW (gtk_widget_get_first_child (reports));
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (scroller);

  tix_window_show_view (window, "reports");
  settle (GTK_WIDGET (window));
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  shoot (GTK_WIDGET (window), "reports-door");
  gtk_adjustment_set_value (adjustment, 0);
}

static void
prepared_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* The print preview of every ticket listed: the app's own (GTK 4.8's runs
 * evince). */
static void
shoot_print_preview (TixWindow *window)
{
  g_autoptr(TixSheetJob) job = tix_sheet_job_new (tix_window_get_client (window));
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  TixSheetPreview *preview;

  tix_sheet_job_set_query (job, TIX_TICKET_FILTER_ALL, NULL);
  tix_sheet_job_prepare_async (job, NULL, prepared_cb, &result);
  TIX_APP_TEST_WAIT (result != NULL, 60);
  if (!tix_sheet_job_prepare_finish (job, result, &error))
    {
      g_printerr ("print preview: %s\n", error->message);
      failures++;
      return;
    }

  preview = tix_sheet_preview_new (tix_sheet_job_get_sheet (job), tix_sheet_job_get_tickets (job));
  gtk_window_set_transient_for (GTK_WINDOW (preview), GTK_WINDOW (window));
  gtk_window_set_default_size (GTK_WINDOW (preview), 640, HEIGHT);
  gtk_window_present (GTK_WINDOW (preview));
  shoot (GTK_WIDGET (preview), "print-preview");
  gtk_window_destroy (GTK_WINDOW (preview));
}

/* The season: a series of Fridays by copy, a show of last month archived. */
static void
set_up_season (TixWindow *window)
{
  static const struct { const char *name, *venue; int month, day, hour; gint64 capacity; } shows[] = {
    { "Jazz Night", "Main Hall", 3, 19, 20, 400 },
    { "Blues Brunch", "Café Stage", 3, 21, 11, 80 },
    { "Winter Revue", "Main Hall", 2, 12, 19, 400 },
  };
  TixClient *client = tix_window_get_client (window);
  TixSeason *season = tix_window_get_season (window);
  g_autoptr(GError) error = NULL;
  gint64 jazz = 0, revue = 0;

  for (guint i = 0; i < G_N_ELEMENTS (shows); i++)
    {
      g_autoptr(GAsyncResult) made = NULL;
      g_autoptr(TixEvent) event = tix_event_new (shows[i].name);
      g_autoptr(TixEvent) result = NULL;
      g_autoptr(GDateTime) utc = g_date_time_new_utc (2027, shows[i].month, shows[i].day,
                                                      shows[i].hour - 1, 0, 0);

      tix_event_set_starts_at (event, g_date_time_to_unix (utc) * 1000);
      tix_event_set_ends_at (event, (g_date_time_to_unix (utc) + 3 * 3600) * 1000);
      tix_event_set_venue (event, shows[i].venue);
      tix_event_set_capacity (event, shows[i].capacity);
      tix_client_create_event_async (client, event, NULL, store_result_cb, &made);
      TIX_APP_TEST_WAIT (made != NULL, 60);
      result = tix_client_create_event_finish (client, made, &error);
      if (result == NULL)
        g_error ("Event %s: %s", shows[i].name, error->message);
      if (i == 0)
        jazz = tix_event_get_id (result);
      if (i == 2)
        revue = tix_event_get_id (result);
    }

  /* Jazz every Friday: two copies. */
  for (guint week = 1; week <= 2; week++)
    {
      g_autoptr(GAsyncResult) copied = NULL;
      g_autoptr(TixEvent) copy = NULL;
      g_autoptr(GTimeZone) paris = g_time_zone_new_identifier ("Europe/Paris");
      g_autoptr(GDateTime) first = g_date_time_new (paris, 2027, 3, 19, 20, 0, 0);
      g_autoptr(GDateTime) utc = g_date_time_add_days (first, 7 * week);

      tix_client_copy_event_async (client, jazz, g_date_time_to_unix (utc) * 1000, NULL, NULL,
                                   store_result_cb, &copied);
      TIX_APP_TEST_WAIT (copied != NULL, 60);
      copy = tix_client_copy_event_finish (client, copied, &error);
      if (copy == NULL)
        g_error ("Copy: %s", error->message);
    }

  {
    g_autoptr(GAsyncResult) archived = NULL;
    g_autoptr(TixEvent) changes = tix_event_new (NULL);
    g_autoptr(TixEvent) result = NULL;

    tix_event_set_archived (changes, TRUE);
    tix_client_update_event_async (client, revue, changes, TIX_EVENT_FIELD_ARCHIVED, NULL,
                                   store_result_cb, &archived);
    TIX_APP_TEST_WAIT (archived != NULL, 60);
    result = tix_client_update_event_finish (client, archived, &error);
    if (result == NULL)
      g_error ("Archive: %s", error->message);
  }

  TIX_APP_TEST_WAIT (g_list_model_get_n_items (tix_season_get_events (season)) == 5, 60);
}

/* The events page, its edit dialog and the switcher open. */
static void
shoot_events (TixWindow  *window,
              const char *suffix)
{
  GtkWidget *view = tix_app_test_find (GTK_WIDGET (window), "events_view");
  GtkWidget *switcher = tix_app_test_find (GTK_WIDGET (window), "event_switcher");
  TixSeason *season = tix_window_get_season (window);
  g_autofree char *name = NULL;
  GtkWindow *dialog;
  GtkWidget *popover;

  tix_window_show_view (window, "events");
  tix_events_view_set_show_archived (TIX_EVENTS_VIEW (view), TRUE);
  name = g_strconcat ("events", suffix, NULL);
  shoot (GTK_WIDGET (window), name);
  tix_events_view_set_show_archived (TIX_EVENTS_VIEW (view), FALSE);

  gtk_widget_activate_action (view, "events.edit", "x", tix_season_get_current_id (season));
  TIX_APP_TEST_WAIT ((dialog = tix_events_view_get_dialog (TIX_EVENTS_VIEW (view))) != NULL, 30);
  g_free (name);
  name = g_strconcat ("event-dialog", suffix, NULL);
  shoot (GTK_WIDGET (dialog), name);
  gtk_window_destroy (dialog);

  tix_event_switcher_popup (TIX_EVENT_SWITCHER (switcher));
  popover = tix_app_test_find (switcher, "popover");
  settle (popover);
  g_free (name);
  name = g_strconcat ("switcher", suffix, NULL);
  shoot (popover, name);
  gtk_popover_popdown (GTK_POPOVER (popover));

  /* The season side by side: Reports with All Events. */
  tix_season_set_selected_id (season, 0);
  tix_window_show_view (window, "reports");
  g_free (name);
  name = g_strconcat ("season", suffix, NULL);
  shoot (GTK_WIDGET (window), name);
  tix_season_set_selected_id (season, tix_season_get_current_id (season));
}

/* Door rules: a door with an entrance that lets people out and back in, and
 * the room's limit near: the answers of the rules and the dashboard. */
static gint64 north_door_id;

static void
set_up_door_rules (TixWindow *window)
{
  TixClient *client = tix_window_get_client (window);
  TixSeason *season = tix_window_get_season (window);
  gint64 event_id = tix_season_get_event_id (season);
  g_autoptr(TixEntrance) north = tix_entrance_new ("North Door");
  g_autoptr(TixEntrance) made = NULL;
  g_autoptr(TixEvent) changes = tix_event_new (NULL);
  g_autoptr(TixEvent) event = NULL;
  g_autoptr(GAsyncResult) created = NULL;
  g_autoptr(GAsyncResult) updated = NULL;
  g_autoptr(GError) error = NULL;

  tix_entrance_set_allow_exit (north, TRUE);
  tix_entrance_set_allow_reentry (north, TRUE);
  tix_client_create_entrance_async (client, event_id, north, NULL, store_result_cb, &created);
  TIX_APP_TEST_WAIT (created != NULL, 60);
  made = tix_client_create_entrance_finish (client, created, &error);
  if (made == NULL)
    g_error ("An entrance: %s", error->message);
  north_door_id = tix_entrance_get_id (made);

  /* 48 inside of 52: the dashboard warns. */
  tix_event_set_max_inside (changes, 52);
  tix_client_update_event_async (client, event_id, changes, TIX_EVENT_FIELD_MAX_INSIDE, NULL,
                                 store_result_cb, &updated);
  TIX_APP_TEST_WAIT (updated != NULL, 60);
  event = tix_client_update_event_finish (client, updated, &error);
  if (event == NULL)
    g_error ("The room's limit: %s", error->message);
  TIX_APP_TEST_WAIT (tix_season_get_event (season) != NULL &&
                     tix_event_get_max_inside (tix_season_get_event (season)) == 52, 60);
}

static void
door_scan (TixWindow        *window,
           TixScanView      *view,
           const char       *number,
           TixDoorDirection  direction,
           const char       *name)
{
  tix_scan_view_set_direction (view, direction);
  tix_scan_view_submit (view, number);
  TIX_APP_TEST_WAIT (tix_scan_view_get_n_pending (view) == 0, 60);
  shoot (GTK_WIDGET (window), name);
}

/* ALREADY INSIDE, GOODBYE, WELCOME BACK and WRONG ENTRANCE at the door, then
 * the dashboard; each time with a ticket of its own (@round). */
static void
shoot_door (TixWindow *window,
            guint      round)
{
  TixScanView *view = TIX_SCAN_VIEW (tix_app_test_find (GTK_WIDGET (window), "scan_view"));
  g_autofree char *number = g_strdup_printf ("GA-%06u", round + 1);
  TixDoorDashboard *dashboard;

  tix_window_show_view (window, "scan");
  /* North Door is new: the view reads the entrances again. */
  tix_scan_view_reload_entrances (view);
  TIX_APP_TEST_WAIT ((tix_scan_view_set_entrance_id (view, north_door_id),
                      tix_scan_view_get_entrance_id (view) == north_door_id), 60);
  tix_app_test_spin (500);
  g_assert (tix_scan_view_get_entrance_id (view) == north_door_id);
  door_scan (window, view, number, TIX_DOOR_DIRECTION_IN, "scan-already-inside");
  door_scan (window, view, number, TIX_DOOR_DIRECTION_OUT, "scan-goodbye");
  door_scan (window, view, number, TIX_DOOR_DIRECTION_IN, "scan-welcome-back");
  /* The main entrance lets nobody out: it names the one that does. */
  /* (The first entrance listed is the event's default.) */
  tix_scan_view_set_entrance_id (view, 0);
  door_scan (window, view, number, TIX_DOOR_DIRECTION_OUT, "scan-wrong-entrance");
  tix_scan_view_set_direction (view, TIX_DOOR_DIRECTION_IN);

  dashboard = tix_door_dashboard_new (tix_window_get_session (window),
                                      tix_window_get_season (window));
  gtk_window_set_default_size (GTK_WINDOW (dashboard), 1280, 720);
  gtk_window_present (GTK_WINDOW (dashboard));
  TIX_APP_TEST_WAIT (tix_door_dashboard_get_n_reports (dashboard) > 0, 60);
  shoot (GTK_WIDGET (dashboard), "door-dashboard");
  gtk_window_destroy (GTK_WINDOW (dashboard));
}

static void
shoot_all (TixWindow *window)
{
  static const char *views[] = { "generate", "tickets", "scan", "reports" };
  GtkWidget *widget = GTK_WIDGET (window);

  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    {
      tix_window_show_view (window, views[i]);
      shoot (widget, views[i]);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(TixApplication) app = NULL;
  g_autoptr(GError) error = NULL;
  AdwStyleManager *style;
  TixWindow *window;
  GtkWidget *generate_view;

  if (argc == 3 && g_str_equal (argv[2], "--high-contrast"))
    {
      /* Read once, when libadwaita starts: as if the desktop asked for it. */
      g_setenv ("ADW_DEBUG_HIGH_CONTRAST", "1", TRUE);
      mode_suffix = "-hc";
    }
  else if (argc == 3 && g_str_equal (argv[2], "--large-text"))
    mode_suffix = "-large";
  else if (argc != 2)
    {
      g_printerr ("Usage: %s OUTPUT-FOLDER [--high-contrast | --large-text]\n", argv[0]);
      return 2;
    }
  output_dir = argv[1];
  if (g_mkdir_with_parents (output_dir, 0755) != 0)
    {
      g_printerr ("Cannot create %s: %s\n", output_dir, g_strerror (errno));
      return 1;
    }

  /* As main.c does: the shots come out in the desktop's language once
   * installed (LANGUAGE=de ./tix-screenshots … for the German ones). */
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  tix_app_test_setup_environment ();
  gtk_init ();
  adw_init ();
  g_object_set (gtk_settings_get_default (),
                "gtk-cursor-blink", FALSE,
                "gtk-enable-animations", FALSE,
                NULL);
  /* GNOME's Large Text: a text scaling factor of 1.25, which GTK reads
   * as 1.25 × 96 dpi (in 1024ths). */
  if (g_str_equal (mode_suffix, "-large"))
    g_object_set (gtk_settings_get_default (), "gtk-xft-dpi", (int) (1.25 * 96 * 1024), NULL);
  if (g_str_equal (mode_suffix, "-hc") &&
      !adw_style_manager_get_high_contrast (adw_style_manager_get_default ()))
    g_error ("libadwaita did not take ADW_DEBUG_HIGH_CONTRAST");

  app = tix_application_new ("org.gnome.Tix.Screenshots", G_APPLICATION_NON_UNIQUE);
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    g_error ("%s", error->message);

  style = adw_style_manager_get_default ();
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);

  window = tix_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (window), WIDTH, HEIGHT);
  gtk_window_present (GTK_WINDOW (window));

  tix_window_start_session (window);
  TIX_APP_TEST_WAIT (g_strcmp0 (tix_window_get_page (window), "loading") != 0, 60);
  if (g_strcmp0 (tix_window_get_page (window), "main") != 0)
    g_error ("Standalone sign-in ended on the %s page", tix_window_get_page (window));

  /* A new organization's events page: how to start a season. */
  tix_window_show_view (window, "events");
  shoot (GTK_WIDGET (window), "events-empty");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  shoot (GTK_WIDGET (window), "events-empty");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);

  /* Some tickets, as a box office would make them. */
  generate (GTK_WIDGET (window), 120, "GA", "Saturday 14 March, doors 19:00");
  generate (GTK_WIDGET (window), 25, "VIP", "Front row, seats 1–25");

  /* The door has opened: some scanned, the reports up to date. */
  set_up_organization (window);
  /* The views hear of the new time zone on the stream and read it again. */
  tix_app_test_spin (1500);
  scan_some (window, 48);
  {
    TixReportsView *reports = TIX_REPORTS_VIEW (tix_app_test_find (GTK_WIDGET (window),
                                                                   "reports_view"));

    tix_reports_view_reload (reports);
    TIX_APP_TEST_WAIT (tix_reports_view_get_n_loading (reports) == 0, 60);
  }

  /* The season's other shows. */
  set_up_season (window);
  /* The generate's toast gone (5 s). */
  tix_app_test_spin (5500);
  shoot_events (window, "");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  shoot_events (window, "");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);

  /* The form as it stands after that, with the result's toast. */
  generate_view = tix_app_test_find (GTK_WIDGET (window), "generate_view");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (tix_app_test_find (generate_view, "count_spin")), 50);

  shoot_all (window);
  shoot_reports_door (window);
  set_up_door_rules (window);
  shoot_door (window, 0);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  shoot_all (window);
  shoot_reports_door (window);
  shoot_door (window, 1);

  /* The desk: types on sale, a shift, a basket; the cash-up. */
  tix_screenshots_sell (window);
  /* Where a manager sets those types up. */
  tix_screenshots_types (window);

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
  shoot_print_preview (window);

  /* The login page, after Log Out. */
  tix_window_logout (window);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
  shoot (GTK_WIDGET (window), "login");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  shoot (GTK_WIDGET (window), "login");

  /* A narrow window: the view switcher moves to the bottom. */
  gtk_window_destroy (GTK_WINDOW (window));
  window = tix_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (window), 400, HEIGHT);
  gtk_window_present (GTK_WINDOW (window));
  g_action_group_activate_action (G_ACTION_GROUP (window), "retry", NULL);
  TIX_APP_TEST_WAIT (g_strcmp0 (tix_window_get_page (window), "main") == 0, 60);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
  tix_window_show_view (window, "generate");
  shoot (GTK_WIDGET (window), "generate-narrow");
  tix_window_show_view (window, "tickets");
  shoot (GTK_WIDGET (window), "tickets-narrow");
  tix_screenshots_sell_narrow (window);

  /* The session's preferences pages: organization, users, activity, account. */
  shoot_preferences_pages (app, window);
  tix_window_show_view (window, "reports");
  shoot (GTK_WIDGET (window), "reports-narrow");

  /* The events page and its dialog at 360 px. */
  gtk_window_set_default_size (GTK_WINDOW (window), 360, HEIGHT);
  shoot_events (window, "-narrow");
  gtk_window_set_default_size (GTK_WINDOW (window), 400, HEIGHT);

  /* The About and shortcuts windows. */
  shoot_action_window (G_APPLICATION (app), "about", ADW_TYPE_ABOUT_WINDOW, "about");
  shoot_action_window (G_APPLICATION (app), "shortcuts", GTK_TYPE_SHORTCUTS_WINDOW, "shortcuts");

  /* The preferences. */
  {
    TixPreferencesWindow *preferences =
      tix_preferences_window_new (tix_application_get_settings (app));

    gtk_window_set_transient_for (GTK_WINDOW (preferences), GTK_WINDOW (window));
    gtk_window_present (GTK_WINDOW (preferences));
    shoot (GTK_WIDGET (preferences), "preferences");
    gtk_window_destroy (GTK_WINDOW (preferences));
  }

  gtk_window_destroy (GTK_WINDOW (window));
  tix_app_test_spin (100);
  tix_application_stop_local_server (app);
  g_application_quit (G_APPLICATION (app));
  g_clear_object (&app);

  /* A database that is not one: said plainly, the file left alone. */
  {
    g_autofree char *path = g_build_filename (g_get_user_data_dir (), "broken.db", NULL);

    g_file_set_contents (path, "not a database", -1, NULL);
    app = tix_application_new ("org.gnome.Tix.Screenshots2", G_APPLICATION_NON_UNIQUE);
    if (!g_application_register (G_APPLICATION (app), NULL, &error))
      g_error ("%s", error->message);
    tix_application_set_database_path (app, path);

    window = tix_window_new (app);
    gtk_window_set_default_size (GTK_WINDOW (window), WIDTH, HEIGHT);
    gtk_window_present (GTK_WINDOW (window));
    tix_window_start_session (window);
    TIX_APP_TEST_WAIT (g_strcmp0 (tix_window_get_page (window), "loading") != 0, 60);
    shoot (GTK_WIDGET (window), "database-error");
    gtk_window_destroy (GTK_WINDOW (window));
  }

  tix_app_test_spin (100);
  tix_application_stop_local_server (app);
  g_application_quit (G_APPLICATION (app));
  g_clear_object (&app);
  tix_app_test_cleanup ();

  return failures == 0 ? 0 : 1;
}
