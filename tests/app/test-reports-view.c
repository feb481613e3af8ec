/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-reports-view"

#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <glib/gstdio.h>

#include "tix-app-test-util.h"
#include "tix-chart.h"
#include "tix-client.h"
#include "tix-csv.h"
#include "tix-reports-view.h"
#include "tix-resources.h"
#include "tix-test-util.h"

#define EMAIL    "manager@example.com"
#define PASSWORD "correct horse battery"
#define NAME     "Venue Manager"
#define ORG      "Reports View Test Org"
/* Longer than the view waits before loading its tables again. */
#define RELOAD_WAIT_MS 2000

typedef struct
{
  TixTestServer  *server;
  TixClient      *client;
  TixSession     *session;   /* the view's, signed in with client */
  GPtrArray      *tickets;   /* A-000001 … A-000005 */
  GtkWindow      *window;
  TixReportsView *view;
  GPtrArray      *toasts;    /* char *, titles of toasts the view asked for */
  char           *dir;       /* for exported files */
} Fixture;

static GAsyncResult *
wait_for (GAsyncResult **result)
{
  TIX_APP_TEST_WAIT (*result != NULL, 30);
  return *result;
}

static void
add_toast_cb (GtkWindow *window,
              AdwToast  *toast,
              Fixture   *fixture)
{
  g_ptr_array_add (fixture->toasts, g_strdup (adw_toast_get_title (toast)));
}

static GPtrArray *
generate (Fixture    *fixture,
          guint       count,
          const char *prefix)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *tickets;

  tix_client_generate_async (fixture->client, count, prefix, NULL, NULL,
                             tix_test_store_result, &result);
  tickets = tix_client_generate_finish (fixture->client, wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tickets->len, ==, count);
  return tickets;
}

static void
scan (Fixture *fixture,
      guint    i)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  TixTicket *ticket = g_ptr_array_index (fixture->tickets, i);

  tix_client_scan_ticket_async (fixture->client, tix_ticket_get_id (ticket), NULL,
                                tix_test_store_result, &result);
  g_assert_true (tix_client_scan_ticket_finish (fixture->client, wait_for (&result), NULL,
                                                &error));
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GAsyncResult) registered = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TixUser) user = NULL;

  fixture->toasts = g_ptr_array_new_with_free_func (g_free);
  fixture->server = tix_test_server_new ();
  fixture->client = tix_client_new (fixture->server->url);
  fixture->dir = g_dir_make_tmp ("tix-reports-XXXXXX", &error);
  g_assert_no_error (error);

  tix_client_register_async (fixture->client, EMAIL, PASSWORD, NAME, ORG, NULL,
                             tix_test_store_result, &registered);
  user = tix_client_register_finish (fixture->client, wait_for (&registered), &error);
  g_assert_no_error (error);

  fixture->tickets = generate (fixture, 5, "A");
  scan (fixture, 0);
  scan (fixture, 3);

  fixture->view = tix_reports_view_new ();
  g_object_add_weak_pointer (G_OBJECT (fixture->view), (gpointer *) &fixture->view);
  fixture->window = tix_app_test_toast_window_new ();
  g_signal_connect (fixture->window, "toast-added", G_CALLBACK (add_toast_cb), fixture);
  gtk_window_set_default_size (fixture->window, 1100, 900);
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->view));
  gtk_window_present (fixture->window);

  fixture->session = tix_session_new ();
  tix_session_sign_in (fixture->session, fixture->client, FALSE);
  g_object_set (fixture->view, "session", fixture->session, NULL);
  g_assert_true (tix_reports_view_get_session (fixture->view) == fixture->session);
  TIX_APP_TEST_WAIT (tix_reports_view_get_n_loading (fixture->view) == 0, 30);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (fixture->window);
  TIX_APP_TEST_WAIT (fixture->view == NULL, 30);
  g_assert_finalize_object (g_steal_pointer (&fixture->session));

  g_clear_pointer (&fixture->tickets, g_ptr_array_unref);
  g_object_add_weak_pointer (G_OBJECT (fixture->client), (gpointer *) &fixture->client);
  g_object_unref (fixture->client);
  TIX_APP_TEST_WAIT (fixture->client == NULL, 30);
  g_clear_pointer (&fixture->server, tix_test_server_free);
  g_clear_pointer (&fixture->toasts, g_ptr_array_unref);
  tix_test_remove_tree (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
}

static GtkWidget *
child (Fixture    *fixture,
       const char *name)
{
  /* In the view's template or in those of its parts (the door report). */
  GtkWidget *widget = tix_app_test_find (GTK_WIDGET (fixture->view), name);

  g_assert_nonnull (widget);
  return widget;
}

static const char *
label (Fixture    *fixture,
       const char *name)
{
  return gtk_label_get_label (GTK_LABEL (child (fixture, name)));
}

static gboolean
cards_are (Fixture    *fixture,
           const char *total,
           const char *scanned,
           const char *not_scanned,
           const char *rate)
{
  return g_str_equal (label (fixture, "total_label"), total) &&
         g_str_equal (label (fixture, "scanned_label"), scanned) &&
         g_str_equal (label (fixture, "not_scanned_label"), not_scanned) &&
         g_str_equal (label (fixture, "rate_label"), rate);
}

static gboolean
scanned_today_is (Fixture *fixture,
                  gint64   scanned)
{
  gint64 g = -1, s = -1;

  return tix_reports_view_get_totals (fixture->view, "daily", &g, &s) && s == scanned &&
         tix_reports_view_get_door_scans (fixture->view) == scanned;
}

/* The numbers of the tickets made and scanned in this test. */
static void
test_numbers (Fixture       *fixture,
              gconstpointer  data)
{
  TixStats stats;
  gint64 generated = -1, scanned = -1;

  g_assert_true (tix_reports_view_get_stats (fixture->view, &stats));
  g_assert_cmpint (stats.total, ==, 5);
  g_assert_cmpint (stats.scanned, ==, 2);
  g_assert_true (cards_are (fixture, "5", "2", "3", "40.0 %"));

  for (guint i = 0; i < 3; i++)
    {
      const char *report = (const char *[]) { "daily", "weekly", "monthly" }[i];

      g_assert_true (tix_reports_view_get_totals (fixture->view, report, &generated, &scanned));
      g_assert_cmpint (generated, ==, 5);
      g_assert_cmpint (scanned, ==, 2);
    }

  /* Whose figures: the organization (no event named yet). */
  g_assert_cmpstr (label (fixture, "title_label"), ==, ORG);

  g_assert_cmpint (tix_reports_view_get_door_scans (fixture->view), ==, 2);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (child (fixture, "door_stack"))),
                   ==, "door");
  g_assert_nonnull (strstr (label (fixture, "busiest_label"), "2"));
  g_assert_cmpuint (fixture->toasts->len, ==, 0);
}

/* A scan at another station: counters at once, tables and the door soon. */
static void
test_live (Fixture       *fixture,
           gconstpointer  data)
{
  scan (fixture, 1);
  TIX_APP_TEST_WAIT (cards_are (fixture, "5", "3", "2", "60.0 %"), 30);
  TIX_APP_TEST_WAIT (scanned_today_is (fixture, 3), 30);

  g_ptr_array_unref (generate (fixture, 5, "B"));
  TIX_APP_TEST_WAIT (cards_are (fixture, "10", "3", "7", "30.0 %"), 30);
  g_assert_cmpuint (fixture->toasts->len, ==, 0);
}

/* Out of sight the counters still follow, the tables wait to be seen. */
static void
test_hidden (Fixture       *fixture,
             gconstpointer  data)
{
  gtk_widget_set_visible (GTK_WIDGET (fixture->window), FALSE);
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (fixture->view)));

  scan (fixture, 1);
  TIX_APP_TEST_WAIT (cards_are (fixture, "5", "3", "2", "60.0 %"), 30);
  tix_app_test_spin (RELOAD_WAIT_MS);
  g_assert_cmpint (tix_reports_view_get_door_scans (fixture->view), ==, 2);
  g_assert_cmpuint (tix_reports_view_get_n_loading (fixture->view), ==, 0);

  gtk_window_present (fixture->window);
  TIX_APP_TEST_WAIT (scanned_today_is (fixture, 3), 30);
}

/* After midnight the manager looks back at the day before, and returns. */
static void
test_door_days (Fixture       *fixture,
                gconstpointer  data)
{
  GtkWidget *view = GTK_WIDGET (fixture->view);

  g_assert_cmpstr (label (fixture, "door_title_label"), ==, "Today at the Door");
  /* No day after today. */
  gtk_widget_activate_action (view, "reports.door-next", NULL);
  g_assert_cmpuint (tix_reports_view_get_n_loading (fixture->view), ==, 0);
  g_assert_cmpstr (label (fixture, "door_title_label"), ==, "Today at the Door");

  g_assert_true (gtk_widget_activate_action (view, "reports.door-previous", NULL));
  TIX_APP_TEST_WAIT (tix_reports_view_get_n_loading (fixture->view) == 0, 30);
  g_assert_cmpstr (label (fixture, "door_title_label"), ==, "Yesterday at the Door");
  g_assert_cmpint (tix_reports_view_get_door_scans (fixture->view), ==, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (child (fixture, "door_stack"))),
                   ==, "none");

  g_assert_true (gtk_widget_activate_action (view, "reports.door-previous", NULL));
  TIX_APP_TEST_WAIT (tix_reports_view_get_n_loading (fixture->view) == 0, 30);
  g_assert_true (g_str_has_prefix (label (fixture, "door_title_label"), "At the Door on "));

  g_assert_true (gtk_widget_activate_action (view, "reports.door-next", NULL));
  g_assert_true (gtk_widget_activate_action (view, "reports.door-next", NULL));
  TIX_APP_TEST_WAIT (tix_reports_view_get_n_loading (fixture->view) == 0 &&
                     tix_reports_view_get_door_scans (fixture->view) == 2, 30);
  g_assert_cmpstr (label (fixture, "door_title_label"), ==, "Today at the Door");
  g_assert_cmpuint (fixture->toasts->len, ==, 0);
}

static void
test_refresh_action (Fixture       *fixture,
                     gconstpointer  data)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "reports.refresh", NULL));
  g_assert_cmpuint (tix_reports_view_get_n_loading (fixture->view), >, 0);
  TIX_APP_TEST_WAIT (tix_reports_view_get_n_loading (fixture->view) == 0, 30);
  g_assert_true (cards_are (fixture, "5", "2", "3", "40.0 %"));
}

/* Ctrl+E opens the export menu. */
/* How many cards stand on each line, top to bottom: "4", "2+2", "1+1+1+1". */
static char *
card_lines (Fixture *fixture)
{
  static const char * const ids[] = { "total_label", "scanned_label", "not_scanned_label",
                                      "rate_label" };
  g_autoptr(GString) lines = g_string_new (NULL);
  double last_y = -1;
  guint on_line = 0;

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      GtkWidget *card = gtk_widget_get_parent (child (fixture, ids[i]));
      graphene_point_t point;

      g_assert_true (gtk_widget_compute_point (card, GTK_WIDGET (fixture->view),
                                               &GRAPHENE_POINT_INIT (0, 0), &point));
      if (i > 0 && point.y != last_y)
        {
          g_string_append_printf (lines, "%s%u", lines->len ? "+" : "", on_line);
          on_line = 0;
        }
      last_y = point.y;
      on_line++;
    }
  g_string_append_printf (lines, "%s%u", lines->len ? "+" : "", on_line);
  return g_string_free (g_steal_pointer (&lines), FALSE);
}

/* From a phone to full HD the four cards stand 1 a line, 2 + 2 or 4 in a
 * row, never 3 + 1. */
static void
test_cards_wrap (Fixture       *fixture,
                 gconstpointer  data)
{
  static const int widths[] = { 360, 480, 600, 700, 800, 900, 1000, 1920 };

  for (guint i = 0; i < G_N_ELEMENTS (widths); i++)
    {
      g_autofree char *lines = NULL;

      gtk_window_set_default_size (fixture->window, widths[i], 900);
      tix_app_test_spin (300);
      lines = card_lines (fixture);
      g_test_message ("%d px: %s", widths[i], lines);
      g_assert_true (g_str_equal (lines, "4") || g_str_equal (lines, "2+2") ||
                     g_str_equal (lines, "1+1+1+1"));

      /* Above the others, the first pair is as tall as it is, not as the
       * pair with the scan rate's bar (issue 16: at 360 px it was). */
      if (!g_str_equal (lines, "4"))
        {
          GtkWidget *pair = child (fixture, "cards_first");
          int natural = 0;

          gtk_widget_measure (pair, GTK_ORIENTATION_VERTICAL, gtk_widget_get_width (pair),
                              NULL, &natural, NULL, NULL);
          g_assert_cmpint (gtk_widget_get_height (pair), <=, natural);
        }
    }
}

static gboolean
list_has_title (GtkWidget  *list,
                const char *title)
{
  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (ADW_IS_PREFERENCES_ROW (row) &&
        g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), title) == 0)
      return TRUE;
  return FALSE;
}

/* Another station's scans are under the name it was given. */
static void
test_station_names (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(TixClient) door = tix_client_new (fixture->server->url);
  g_autoptr(GAsyncResult) signed_in = NULL;
  g_autoptr(GAsyncResult) scanned = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TixUser) user = NULL;
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *station = tix_station_compose (uuid, "Kasse Süd");
  GtkWidget *list = child (fixture, "station_list");

  /* A long name is shortened to fit the header's 64 characters; what is not
   * ASCII or is too long is not taken as a station id. */
  {
    g_autofree char *long_one = tix_station_compose (uuid, "Ä very long name for a door "
                                                     "at the far end of the hall");
    g_autofree char *name = tix_station_get_name (long_one);
    g_autofree char *before = g_strdup (tix_client_get_station_id (door));

    g_assert_cmpuint (strlen (long_one), <=, 64);
    g_assert_true (g_str_has_prefix ("Ä very long name for a door at the far end of the hall", name));
    tix_client_set_station_id (door, "Kasse Süd");
    tix_client_set_station_id (door, "a\r\nX-Injected: 1");
    g_assert_cmpstr (tix_client_get_station_id (door), ==, before);
  }
  tix_client_set_station_id (door, station);
  g_assert_cmpstr (tix_client_get_station_id (door), ==, station);
  tix_client_login_async (door, EMAIL, PASSWORD, NULL, tix_test_store_result, &signed_in);
  user = tix_client_login_finish (door, wait_for (&signed_in), &error);
  g_assert_no_error (error);
  tix_client_scan_ticket_async (door, tix_ticket_get_id (g_ptr_array_index (fixture->tickets, 1)),
                                NULL, tix_test_store_result, &scanned);
  g_assert_true (tix_client_scan_ticket_finish (door, wait_for (&scanned), NULL, &error));
  g_assert_no_error (error);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "reports.refresh", NULL));
  TIX_APP_TEST_WAIT (tix_reports_view_get_n_loading (fixture->view) == 0 &&
                     tix_reports_view_get_door_scans (fixture->view) == 3, 30);
  g_assert_true (list_has_title (list, "Kasse Süd"));
  g_assert_true (list_has_title (list, "This station"));
}

static void
test_export_menu (Fixture       *fixture,
                  gconstpointer  data)
{
  GtkMenuButton *button = GTK_MENU_BUTTON (child (fixture, "export_button"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "reports.export-menu",
                                             NULL));
  TIX_APP_TEST_WAIT (gtk_widget_get_visible (GTK_WIDGET (gtk_menu_button_get_popover (button))),
                     10);
  gtk_menu_button_popdown (button);
}

static GPtrArray *
export (Fixture    *fixture,
        const char *what)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strdup_printf ("%s.csv", what);
  g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *text = NULL;
  gsize length;
  GPtrArray *records;

  tix_reports_view_export_async (fixture->view, what, file, NULL, tix_test_store_result, &result);
  g_assert_true (tix_reports_view_export_finish (fixture->view, wait_for (&result), &error));
  g_assert_no_error (error);

  g_assert_true (g_file_get_contents (path, &text, &length, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_suffix (text, "\r\n"));
  records = tix_csv_parse (text, length, &error);
  g_assert_no_error (error);
  return records;
}

static gint64
column_sum (GPtrArray *records,
            guint      column)
{
  gint64 sum = 0;

  for (guint i = 1; i < records->len; i++)
    sum += g_ascii_strtoll (((char **) g_ptr_array_index (records, i))[column], NULL, 10);
  return sum;
}

static void
test_export_reports (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GPtrArray) daily = export (fixture, "daily");
  g_autoptr(GPtrArray) weekly = export (fixture, "weekly");
  g_autoptr(GPtrArray) monthly = export (fixture, "monthly");
  g_autoptr(GPtrArray) door = export (fixture, "door");
  char **header;

  header = g_ptr_array_index (daily, 0);
  g_assert_cmpstr (header[0], ==, "date");
  g_assert_cmpstr (header[1], ==, "generated");
  g_assert_cmpstr (header[2], ==, "scanned");
  g_assert_cmpuint (daily->len, ==, 1 + 30);
  g_assert_cmpint (column_sum (daily, 1), ==, 5);
  g_assert_cmpint (column_sum (daily, 2), ==, 2);

  g_assert_cmpstr (((char **) g_ptr_array_index (weekly, 0))[0], ==, "week");
  g_assert_cmpuint (weekly->len, ==, 1 + 12);
  g_assert_cmpint (column_sum (weekly, 1), ==, 5);
  g_assert_cmpstr (((char **) g_ptr_array_index (monthly, 0))[0], ==, "month");
  g_assert_cmpuint (monthly->len, ==, 1 + 12);
  g_assert_cmpint (column_sum (monthly, 2), ==, 2);

  g_assert_cmpstr (((char **) g_ptr_array_index (door, 0))[1], ==, "local_time");
  g_assert_cmpstr (((char **) g_ptr_array_index (door, 0))[2], ==, "scans");
  g_assert_cmpuint (door->len, >=, 1 + 138);
  /* The day starts at midnight where the venue is (UTC here). */
  g_assert_cmpstr (((char **) g_ptr_array_index (door, 1))[1], ==, "00:00");
  g_assert_cmpint (column_sum (door, 2), ==, 2);
}

/* Every ticket, over more than one page, with an extra that needs quoting. */
static void
test_export_tickets (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) more = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GHashTable) numbers = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  const char *extra = "Row \"C\", seat 4\nbalcony";
  char **header;
  guint scanned = 0;

  /* The venue is in India (UTC+05:30): the local times are there. */
  {
    g_autoptr(TixSettings) changes = tix_settings_new ();
    g_autoptr(GAsyncResult) updated = NULL;
    g_autoptr(TixSettings) settings = NULL;

    tix_settings_set (changes, TIX_SETTING_TIME_ZONE, "Asia/Kolkata");
    tix_client_update_settings_async (fixture->client, changes, NULL, tix_test_store_result,
                                      &updated);
    settings = tix_client_update_settings_finish (fixture->client, wait_for (&updated), &error);
    g_assert_no_error (error);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "reports.refresh",
                                               NULL));
    TIX_APP_TEST_WAIT (tix_reports_view_get_n_loading (fixture->view) == 0, 30);
  }

  more = generate (fixture, 1200, "GA");
  tix_client_generate_async (fixture->client, 1, "Q", extra, NULL, tix_test_store_result, &result);
  g_ptr_array_unref (tix_client_generate_finish (fixture->client, wait_for (&result), &error));
  g_assert_no_error (error);

  records = export (fixture, "tickets");
  header = g_ptr_array_index (records, 0);
  g_assert_cmpstr (header[0], ==, "number");
  g_assert_cmpstr (header[2], ==, "extra");
  g_assert_cmpstr (header[3], ==, "generated_at");
  g_assert_cmpstr (header[4], ==, "generated_local");
  g_assert_cmpstr (header[5], ==, "scanned_at");
  g_assert_cmpstr (header[6], ==, "scanned_local");
  g_assert_cmpuint (records->len, ==, 1 + 5 + 1200 + 1);

  for (guint i = 1; i < records->len; i++)
    {
      char **record = g_ptr_array_index (records, i);

      g_assert_cmpuint (g_strv_length (record), ==, 9);
      {
        g_autoptr(GDateTime) utc = g_date_time_new_from_iso8601 (record[3], NULL);
        g_autoptr(GTimeZone) india = g_time_zone_new_identifier ("Asia/Kolkata");
        g_autoptr(GDateTime) there = NULL;
        g_autofree char *expected = NULL;

        g_assert_nonnull (utc);
        there = g_date_time_to_timezone (utc, india);
        expected = g_date_time_format (there, "%Y-%m-%d %H:%M:%S");
        g_assert_cmpstr (record[4], ==, expected);
      }
      g_assert_false (g_hash_table_contains (numbers, record[0]));
      g_hash_table_add (numbers, record[0]);
      if (g_str_equal (record[0], "Q-000001"))
        g_assert_cmpstr (record[2], ==, extra);
      if (record[5][0] != '\0')
        {
          scanned++;
          g_assert_cmpstr (record[6], !=, "");
          g_assert_cmpstr (record[7], ==, NAME);
        }
    }
  g_assert_cmpuint (scanned, ==, 2);
  g_assert_true (g_hash_table_contains (numbers, "A-000004"));
  g_assert_true (g_hash_table_contains (numbers, "GA-001200"));
}

static void
test_chart (Fixture       *fixture,
            gconstpointer  data)
{
  TixChart *chart = tix_chart_new (TIX_CHART_BARS);
  const char *labels[] = { "Mon", "Tue", "Wed" };
  const char *details[] = { "Monday", "Tuesday", "Wednesday" };
  const gint64 generated[] = { 120, 0, 37 };
  const gint64 scanned[] = { 80, 0, 3 };
  g_autofree char *text = NULL;
  int width;

  g_object_ref_sink (chart);
  tix_chart_set_series (chart, "Generated", "Scanned");
  tix_chart_set_data (chart, 3, labels, details, generated, scanned);
  g_assert_cmpuint (tix_chart_get_n_points (chart), ==, 3);
  g_assert_cmpint (tix_chart_get_axis_max (chart), ==, 150);

  text = tix_chart_dup_point_text (chart, 0);
  g_assert_cmpstr (text, ==, "Monday\nGenerated: 120\nScanned: 80");

  /* In a window: the point under the pointer. */
  gtk_window_set_child (fixture->window, GTK_WIDGET (chart));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (chart));
  width = gtk_widget_get_width (GTK_WIDGET (chart));
  g_assert_cmpint (width, >, 100);
  g_assert_cmpint (tix_chart_get_point_at (chart, width - 20), ==, 2);
  g_assert_cmpint (tix_chart_get_point_at (chart, 0), ==, -1);

  tix_chart_set_data (chart, 0, NULL, NULL, NULL, NULL);
  g_assert_cmpint (tix_chart_get_axis_max (chart), ==, 4);
  gtk_window_set_child (fixture->window, NULL);
  g_assert_finalize_object (chart);
}

int
main (int   argc,
      char *argv[])
{
  tix_app_test_init (&argc, &argv);
  g_resources_register (tix_get_resource ());

  {
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (css, "/org/gnome/Tix/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                                GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/tix/app/reports/numbers", test_numbers);
  ADD ("/tix/app/reports/live", test_live);
  ADD ("/tix/app/reports/hidden", test_hidden);
  ADD ("/tix/app/reports/door-days", test_door_days);
  ADD ("/tix/app/reports/refresh", test_refresh_action);
  ADD ("/tix/app/reports/cards-wrap", test_cards_wrap);
  ADD ("/tix/app/reports/station-names", test_station_names);
  ADD ("/tix/app/reports/export-menu", test_export_menu);
  ADD ("/tix/app/reports/export-reports", test_export_reports);
  ADD ("/tix/app/reports/export-tickets", test_export_tickets);
  ADD ("/tix/app/reports/chart", test_chart);

  {
    int status = g_test_run ();

    tix_app_test_cleanup ();
    return status;
  }
}
