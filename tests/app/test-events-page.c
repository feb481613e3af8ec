/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-events-page"

#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "tix-app-test-util.h"
#include "tix-client.h"
#include "tix-date-time-entry.h"
#include "tix-event-dialog.h"
#include "tix-event-switcher.h"
#include "tix-events-view.h"
#include "tix-resources.h"
#include "tix-test-keys.h"
#include "tix-test-util.h"

#define EMAIL    "manager@example.com"
#define PASSWORD "correct horse battery"
#define NAME     "Venue Manager"
#define ORG      "Events Page Test Org"
#define DAY_MS   (G_GINT64_CONSTANT (24) * 3600 * 1000)

/* The events page and the header bar's switcher on one season, as in the
 * window, against a real in-process server. */
typedef struct
{
  TixTestServer    *server;
  TixClient        *client;    /* the admin's: the view's, and the test's requests */
  TixSession       *session;
  TixSeason        *season;
  GtkWindow        *window;
  TixEventsView    *view;
  TixEventSwitcher *switcher;
  GPtrArray        *toasts;    /* char *, titles of the toasts the view asked for */
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

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GAsyncResult) registered = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TixUser) user = NULL;
  GtkWidget *box;

  fixture->toasts = g_ptr_array_new_with_free_func (g_free);
  fixture->server = tix_test_server_new ();
  fixture->client = tix_client_new (fixture->server->url);
  tix_client_register_async (fixture->client, EMAIL, PASSWORD, NAME, ORG, NULL,
                             tix_test_store_result, &registered);
  user = tix_client_register_finish (fixture->client, wait_for (&registered), &error);
  g_assert_no_error (error);

  fixture->session = tix_session_new ();
  fixture->season = tix_season_new (fixture->session);

  fixture->window = tix_app_test_toast_window_new ();
  g_signal_connect (fixture->window, "toast-added", G_CALLBACK (add_toast_cb), fixture);
  gtk_window_set_default_size (fixture->window, 900, 700);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  fixture->switcher = g_object_new (TIX_TYPE_EVENT_SWITCHER, "season", fixture->season, NULL);
  fixture->view = tix_events_view_new ();
  gtk_widget_set_vexpand (GTK_WIDGET (fixture->view), TRUE);
  g_object_add_weak_pointer (G_OBJECT (fixture->view), (gpointer *) &fixture->view);
  /* As tix-window.ui does. */
  g_object_bind_property (fixture->view, "allowed", fixture->switcher, "can-manage",
                          G_BINDING_SYNC_CREATE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (fixture->switcher));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (fixture->view));
  gtk_window_set_child (fixture->window, box);
  gtk_window_present (fixture->window);

  g_object_set (fixture->view, "season", fixture->season, "session", fixture->session, NULL);
  tix_session_sign_in (fixture->session, fixture->client, FALSE);
  TIX_APP_TEST_WAIT (tix_season_get_loaded (fixture->season) &&
                     tix_season_get_current_id (fixture->season) != 0, 30);
  TIX_APP_TEST_WAIT (tix_event_stream_get_connected (tix_session_get_stream (fixture->session)),
                     30);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (fixture->window);
  TIX_APP_TEST_WAIT (fixture->view == NULL, 30);
  tix_session_sign_out (fixture->session);
  g_assert_finalize_object (g_steal_pointer (&fixture->season));
  g_assert_finalize_object (g_steal_pointer (&fixture->session));
  g_object_add_weak_pointer (G_OBJECT (fixture->client), (gpointer *) &fixture->client);
  g_object_unref (fixture->client);
  TIX_APP_TEST_WAIT (fixture->client == NULL, 30);
  g_clear_pointer (&fixture->server, tix_test_server_free);
  g_clear_pointer (&fixture->toasts, g_ptr_array_unref);
}

/* Helpers ---------------------------------------------------------------------- */

static GtkWidget *
child (GtkWidget  *root,
       const char *id)
{
  GtkWidget *widget = tix_app_test_find (root, id);

  g_assert_nonnull (widget);
  return widget;
}

static GtkWidget *
find_type (GtkWidget *root,
           GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_type (c, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The row of the list @list_id titled @title, or NULL. */
static AdwActionRow *
row_titled (Fixture    *fixture,
            const char *list_id,
            const char *title)
{
  GtkWidget *list = child (GTK_WIDGET (fixture->view), list_id);

  for (GtkWidget *c = gtk_widget_get_first_child (list); c != NULL; c = gtk_widget_get_next_sibling (c))
    if (ADW_IS_ACTION_ROW (c) &&
        g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (c)), title) == 0)
      return ADW_ACTION_ROW (c);
  return NULL;
}

static const char *
page (Fixture *fixture)
{
  return gtk_stack_get_visible_child_name (GTK_STACK (child (GTK_WIDGET (fixture->view), "stack")));
}

static TixEvent *
event_named (Fixture    *fixture,
             const char *name)
{
  g_autoptr(GPtrArray) known = tix_season_dup_known (fixture->season);

  for (guint i = 0; i < known->len; i++)
    if (g_strcmp0 (tix_event_get_name (g_ptr_array_index (known, i)), name) == 0)
      return g_ptr_array_index (known, i);   /* the season keeps it */
  return NULL;
}

static TixEvent *
create (Fixture    *fixture,
        const char *name,
        gint64      starts_at)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TixEvent) event = tix_event_new (name);
  TixEvent *made;

  tix_event_set_starts_at (event, starts_at);
  tix_client_create_event_async (fixture->client, event, NULL, tix_test_store_result, &result);
  made = tix_client_create_event_finish (fixture->client, wait_for (&result), &error);
  g_assert_no_error (error);
  TIX_APP_TEST_WAIT (event_named (fixture, name) != NULL, 30);
  TIX_APP_TEST_WAIT (row_titled (fixture, "events_list", name) != NULL, 30);
  return made;
}

static void
generate (Fixture *fixture,
          gint64   event_id,
          guint    count)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tickets = NULL;

  tix_client_generate_for_event_async (fixture->client, event_id, count, "T", NULL, NULL,
                                       tix_test_store_result, &result);
  tickets = tix_client_generate_finish (fixture->client, wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tickets->len, ==, count);
}

static void
activate (Fixture    *fixture,
          const char *action,
          gint64      event_id)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), action, "x", event_id));
}

/* A dialog of the view's, once it is shown. */
static GtkWindow *
wait_dialog (Fixture *fixture,
             GType    type)
{
  TIX_APP_TEST_WAIT (tix_events_view_get_dialog (fixture->view) != NULL &&
                     G_TYPE_CHECK_INSTANCE_TYPE (tix_events_view_get_dialog (fixture->view), type) &&
                     gtk_widget_get_mapped (GTK_WIDGET (tix_events_view_get_dialog (fixture->view))),
                     30);
  return tix_events_view_get_dialog (fixture->view);
}

static void
wait_closed (Fixture   *fixture,
             GtkWindow *dialog)
{
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  TIX_APP_TEST_WAIT (dialog == NULL, 30);
  TIX_APP_TEST_WAIT (tix_events_view_get_n_busy (fixture->view) == 0, 30);
}

static void
set_text (GtkWidget  *root,
          const char *id,
          const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (child (root, id)), text);
}

static gboolean
error_shown (GtkWidget  *dialog,
             const char *field)
{
  g_autofree char *row = g_strdup_printf ("%s_error_row", field);

  return gtk_widget_get_visible (child (dialog, row));
}

static const char *
error_text (GtkWidget  *dialog,
            const char *field)
{
  g_autofree char *label = g_strdup_printf ("%s_error", field);

  return gtk_label_get_label (GTK_LABEL (child (dialog, label)));
}

/* The day of the calendar in @entry, as a person clicks it. */
static void
choose_day (GtkWidget *entry,
            int        year,
            int        month,
            int        day)
{
  GtkCalendar *calendar = GTK_CALENDAR (find_type (entry, GTK_TYPE_CALENDAR));
  g_autoptr(GDateTime) date = g_date_time_new_local (year, month, day, 12, 0, 0);

  g_assert_nonnull (calendar);
  gtk_calendar_select_day (calendar, date);
  g_assert_true (tix_date_time_entry_has_day (TIX_DATE_TIME_ENTRY (entry)));
}

static gint64
utc_ms (int year, int month, int day, int hour, int minute)
{
  g_autoptr(GDateTime) time = g_date_time_new_utc (year, month, day, hour, minute, 0);

  return g_date_time_to_unix (time) * 1000;
}

static gboolean
has_toast (Fixture    *fixture,
           const char *part)
{
  for (guint i = 0; i < fixture->toasts->len; i++)
    if (strstr (g_ptr_array_index (fixture->toasts, i), part) != NULL)
      return TRUE;
  return FALSE;
}

/* Tests ------------------------------------------------------------------------ */

/* A new organization: the page says how to start; New Event fills in the
 * first (nameless) event, which stays the current one. Every refused field
 * is said at once, nothing is sent; then the name typed with real keys. */
static void
test_create (Fixture       *fixture,
             gconstpointer  data)
{
  gint64 first = tix_season_get_current_id (fixture->season);
  g_autofree char *why = tix_test_keys_unavailable ();
  GtkWidget *dialog, *name_row;
  TixEvent *event;

  g_assert_true (tix_events_view_get_allowed (fixture->view));
  TIX_APP_TEST_WAIT (g_strcmp0 (page (fixture), "empty") == 0, 30);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "events.new", NULL));
  dialog = GTK_WIDGET (wait_dialog (fixture, TIX_TYPE_EVENT_DIALOG));
  /* Filling in the first event is making a new one, as far as anyone can tell. */
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, "New Event");

  /* Nothing typed, a time that is none, a capacity that is no number. */
  set_text (dialog, "capacity_row", "lots");
  gtk_editable_set_text (tix_date_time_entry_get_editable (TIX_DATE_TIME_ENTRY (child (dialog, "starts_entry"))),
                         "25:99");
  set_text (dialog, "max_inside_row", "-3");
  gtk_widget_activate (child (dialog, "save_button"));
  TIX_APP_TEST_WAIT (error_shown (dialog, "name"), 5);
  g_assert_true (error_shown (dialog, "starts"));
  g_assert_true (error_shown (dialog, "capacity"));
  g_assert_true (error_shown (dialog, "max_inside"));
  g_assert_false (error_shown (dialog, "venue"));
  g_assert_false (error_shown (dialog, "ends"));
  g_assert_true (gtk_widget_has_css_class (child (dialog, "name_row"), "error"));
  g_assert_false (tix_event_dialog_get_busy (TIX_EVENT_DIALOG (dialog)));

  /* Fixing one takes its message away, the others stay. */
  set_text (dialog, "capacity_row", "200");
  g_assert_false (error_shown (dialog, "capacity"));
  g_assert_true (error_shown (dialog, "name"));

  name_row = child (dialog, "name_row");
  if (why == NULL)
    {
      tix_test_keys_focus (GTK_WINDOW (dialog));
      gtk_widget_grab_focus (name_row);
      tix_test_keys_type ("Jazz Night", 5);
      TIX_APP_TEST_WAIT (g_str_equal (gtk_editable_get_text (GTK_EDITABLE (name_row)), "Jazz Night"), 10);
    }
  else
    {
      g_test_message ("No real keys (%s): setting the text", why);
      gtk_editable_set_text (GTK_EDITABLE (name_row), "Jazz Night");
    }
  g_assert_false (error_shown (dialog, "name"));

  choose_day (child (dialog, "starts_entry"), 2027, 3, 19);
  gtk_editable_set_text (tix_date_time_entry_get_editable (TIX_DATE_TIME_ENTRY (child (dialog, "starts_entry"))),
                         "20:00");
  /* A time alone: the day it starts. */
  gtk_editable_set_text (tix_date_time_entry_get_editable (TIX_DATE_TIME_ENTRY (child (dialog, "ends_entry"))),
                         "19:00");
  set_text (dialog, "max_inside_row", "150");
  g_assert_true (error_shown (dialog, "ends"));
  gtk_editable_set_text (tix_date_time_entry_get_editable (TIX_DATE_TIME_ENTRY (child (dialog, "ends_entry"))),
                         "23:00");
  g_assert_false (error_shown (dialog, "ends"));
  set_text (dialog, "venue_row", "Main Hall");

  gtk_widget_activate (child (dialog, "save_button"));
  wait_closed (fixture, GTK_WINDOW (dialog));

  TIX_APP_TEST_WAIT ((event = event_named (fixture, "Jazz Night")) != NULL, 30);
  /* The first event, filled in: still the current one. */
  g_assert_cmpint (tix_event_get_id (event), ==, first);
  g_assert_cmpint (tix_season_get_current_id (fixture->season), ==, first);
  /* The organization's zone is UTC here. */
  g_assert_cmpint (tix_event_get_starts_at (event), ==, utc_ms (2027, 3, 19, 20, 0));
  g_assert_cmpint (tix_event_get_ends_at (event), ==, utc_ms (2027, 3, 19, 23, 0));
  g_assert_cmpstr (tix_event_get_venue (event), ==, "Main Hall");
  g_assert_cmpint (tix_event_get_capacity (event), ==, 200);
  g_assert_cmpint (tix_event_get_max_inside (event), ==, 150);
  TIX_APP_TEST_WAIT (g_strcmp0 (page (fixture), "list") == 0, 30);
  TIX_APP_TEST_WAIT (row_titled (fixture, "events_list", "Jazz Night") != NULL, 30);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (row_titled (fixture, "events_list", "Jazz Night")),
                            "Main Hall"));
  g_assert_true (has_toast (fixture, "Jazz Night"));

  /* Now a second one is a new event. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "events.new", NULL));
  dialog = GTK_WIDGET (wait_dialog (fixture, TIX_TYPE_EVENT_DIALOG));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (dialog, "name_row"))), ==, "");
  set_text (dialog, "name_row", "Blues Night");
  choose_day (child (dialog, "starts_entry"), 2027, 3, 20);
  tix_event_dialog_save (TIX_EVENT_DIALOG (dialog));
  wait_closed (fixture, GTK_WINDOW (dialog));
  TIX_APP_TEST_WAIT (row_titled (fixture, "events_list", "Blues Night") != NULL, 30);
  g_assert_cmpint (tix_event_get_starts_at (event_named (fixture, "Blues Night")), ==,
                   utc_ms (2027, 3, 20, 0, 0));
  g_assert_cmpuint (g_list_model_get_n_items (tix_season_get_events (fixture->season)), ==, 2);
}

/* Edit: the dialog shows the event; what the server refuses (a capacity
 * below the tickets it has) is said under its field. */
static void
test_edit (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(TixEvent) made = create (fixture, "Friday", utc_ms (2027, 4, 2, 20, 0));
  gint64 id = tix_event_get_id (made);
  GtkWidget *dialog;

  generate (fixture, id, 3);
  /* The page reads the counts again once the stream says tickets came. */
  TIX_APP_TEST_WAIT (strstr (adw_action_row_get_subtitle (row_titled (fixture, "events_list", "Friday")),
                             "3 tickets, 0 scanned") != NULL, 30);
  activate (fixture, "events.edit", id);
  dialog = GTK_WIDGET (wait_dialog (fixture, TIX_TYPE_EVENT_DIALOG));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (dialog, "name_row"))), ==, "Friday");
  g_assert_cmpstr (gtk_editable_get_text (tix_date_time_entry_get_editable (TIX_DATE_TIME_ENTRY (child (dialog, "starts_entry")))),
                   ==, "20:00");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (dialog, "capacity_row"))), ==, "");

  set_text (dialog, "capacity_row", "2");
  tix_event_dialog_save (TIX_EVENT_DIALOG (dialog));
  TIX_APP_TEST_WAIT (error_shown (dialog, "capacity"), 30);
  g_assert_false (tix_event_dialog_get_busy (TIX_EVENT_DIALOG (dialog)));
  g_assert_cmpstr (error_text (dialog, "capacity"), !=, "");
  g_assert_cmpint (tix_event_get_capacity (event_named (fixture, "Friday")), ==, TIX_EVENT_NO_LIMIT);

  set_text (dialog, "capacity_row", "300");
  set_text (dialog, "name_row", "Friday Jazz");
  set_text (dialog, "venue_row", "Cellar");
  tix_event_dialog_save (TIX_EVENT_DIALOG (dialog));
  wait_closed (fixture, GTK_WINDOW (dialog));
  TIX_APP_TEST_WAIT (row_titled (fixture, "events_list", "Friday Jazz") != NULL, 30);
  g_assert_cmpint (tix_event_get_capacity (tix_season_lookup (fixture->season, id)), ==, 300);
  g_assert_cmpstr (tix_event_get_venue (tix_season_lookup (fixture->season, id)), ==, "Cellar");
  g_assert_null (row_titled (fixture, "events_list", "Friday"));
}

/* Copy to a new date: a week later unless changed, named as typed. */
static void
test_copy (Fixture       *fixture,
           gconstpointer  data)
{
  gint64 starts = utc_ms (2027, 5, 7, 21, 30);
  g_autoptr(TixEvent) made = create (fixture, "Jazz Friday", starts);
  AdwMessageDialog *dialog;
  TixEvent *copy;

  activate (fixture, "events.copy", tix_event_get_id (made));
  dialog = ADW_MESSAGE_DIALOG (wait_dialog (fixture, ADW_TYPE_MESSAGE_DIALOG));
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "copy"));
  gtk_editable_set_text (tix_date_time_entry_get_editable (TIX_DATE_TIME_ENTRY (tix_app_test_find_named (GTK_WIDGET (dialog), "copy_starts_entry"))),
                         "9:99");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "copy"));
  g_assert_true (gtk_widget_get_visible (tix_app_test_find_named (GTK_WIDGET (dialog), "copy_error")));
  gtk_editable_set_text (tix_date_time_entry_get_editable (TIX_DATE_TIME_ENTRY (tix_app_test_find_named (GTK_WIDGET (dialog), "copy_starts_entry"))),
                         "21:30");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "copy"));
  gtk_editable_set_text (GTK_EDITABLE (tix_app_test_find_named (GTK_WIDGET (dialog), "copy_name_row")),
                         "Jazz Friday II");
  tix_app_test_click_response (dialog, "copy");
  wait_closed (fixture, GTK_WINDOW (dialog));

  TIX_APP_TEST_WAIT ((copy = event_named (fixture, "Jazz Friday II")) != NULL, 30);
  g_assert_cmpint (tix_event_get_starts_at (copy), ==, starts + 7 * DAY_MS);
  TIX_APP_TEST_WAIT (row_titled (fixture, "events_list", "Jazz Friday II") != NULL, 30);

  /* The same name when none is typed, on the day chosen. */
  activate (fixture, "events.copy", tix_event_get_id (made));
  dialog = ADW_MESSAGE_DIALOG (wait_dialog (fixture, ADW_TYPE_MESSAGE_DIALOG));
  choose_day (tix_app_test_find_named (GTK_WIDGET (dialog), "copy_starts_entry"), 2027, 6, 4);
  tix_app_test_click_response (dialog, "copy");
  wait_closed (fixture, GTK_WINDOW (dialog));
  TIX_APP_TEST_WAIT (g_list_model_get_n_items (tix_season_get_events (fixture->season)) == 4, 30);
  {
    g_autoptr(TixEvent) last = g_list_model_get_item (tix_season_get_events (fixture->season), 2);

    g_assert_cmpstr (tix_event_get_name (last), ==, "Jazz Friday");
    g_assert_cmpint (tix_event_get_starts_at (last), ==, utc_ms (2027, 6, 4, 21, 30));
  }
}

/* Archive: gone from the list, there again with Show Archived, and back. */
static void
test_archive (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(TixEvent) made = create (fixture, "Old Show", utc_ms (2027, 1, 8, 20, 0));
  gint64 id = tix_event_get_id (made);

  g_assert_false (gtk_widget_get_visible (child (GTK_WIDGET (fixture->view), "archived_box")));
  activate (fixture, "events.archive", id);
  TIX_APP_TEST_WAIT (row_titled (fixture, "events_list", "Old Show") == NULL, 30);
  g_assert_true (tix_event_get_archived (tix_season_lookup (fixture->season, id)));
  g_assert_false (gtk_widget_get_visible (child (GTK_WIDGET (fixture->view), "archived_box")));
  TIX_APP_TEST_WAIT (has_toast (fixture, "archived"), 30);

  /* The check button, as a person clicks it. */
  gtk_widget_activate (child (GTK_WIDGET (fixture->view), "show_archived_check"));
  TIX_APP_TEST_WAIT (tix_events_view_get_show_archived (fixture->view), 5);
  g_assert_true (gtk_widget_get_visible (child (GTK_WIDGET (fixture->view), "archived_box")));
  g_assert_nonnull (row_titled (fixture, "archived_list", "Old Show"));

  activate (fixture, "events.unarchive", id);
  TIX_APP_TEST_WAIT (row_titled (fixture, "events_list", "Old Show") != NULL, 30);
  g_assert_null (row_titled (fixture, "archived_list", "Old Show"));
  g_assert_false (tix_event_get_archived (tix_season_lookup (fixture->season, id)));

  /* The current event cannot be archived. */
  activate (fixture, "events.archive", tix_season_get_current_id (fixture->season));
  TIX_APP_TEST_WAIT (has_toast (fixture, "make another one current"), 5);
  g_assert_false (tix_event_get_archived (tix_season_lookup (fixture->season,
                                                             tix_season_get_current_id (fixture->season))));
}

/* Delete: an event without tickets goes after a question; one with
 * tickets is refused by the server and Archive is offered instead. */
static void
test_delete (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(TixEvent) empty = create (fixture, "Empty Show", utc_ms (2027, 2, 1, 20, 0));
  g_autoptr(TixEvent) busy = create (fixture, "Busy Show", utc_ms (2027, 2, 2, 20, 0));
  AdwMessageDialog *dialog;

  activate (fixture, "events.delete", tix_event_get_id (empty));
  dialog = ADW_MESSAGE_DIALOG (wait_dialog (fixture, ADW_TYPE_MESSAGE_DIALOG));
  g_assert_true (adw_message_dialog_has_response (dialog, "delete"));
  tix_app_test_click_response (dialog, "delete");
  wait_closed (fixture, GTK_WINDOW (dialog));
  TIX_APP_TEST_WAIT (tix_season_lookup (fixture->season, tix_event_get_id (empty)) == NULL, 30);
  TIX_APP_TEST_WAIT (row_titled (fixture, "events_list", "Empty Show") == NULL, 30);

  /* Tickets made since the page read the counts: the server says no
   * (unless the page has read them again meanwhile: then it knows). */
  generate (fixture, tix_event_get_id (busy), 2);
  activate (fixture, "events.delete", tix_event_get_id (busy));
  dialog = ADW_MESSAGE_DIALOG (wait_dialog (fixture, ADW_TYPE_MESSAGE_DIALOG));
  if (adw_message_dialog_has_response (dialog, "delete"))
    {
      tix_app_test_click_response (dialog, "delete");
      wait_closed (fixture, GTK_WINDOW (dialog));
    }
  dialog = ADW_MESSAGE_DIALOG (wait_dialog (fixture, ADW_TYPE_MESSAGE_DIALOG));
  g_assert_false (adw_message_dialog_has_response (dialog, "delete"));
  g_assert_true (adw_message_dialog_has_response (dialog, "archive"));
  g_assert_nonnull (strstr (adw_message_dialog_get_heading (dialog), "Has Tickets"));
  g_assert_nonnull (tix_season_lookup (fixture->season, tix_event_get_id (busy)));
  tix_app_test_click_response (dialog, "archive");
  wait_closed (fixture, GTK_WINDOW (dialog));
  TIX_APP_TEST_WAIT (tix_event_get_archived (tix_season_lookup (fixture->season,
                                                                tix_event_get_id (busy))), 30);
  TIX_APP_TEST_WAIT (row_titled (fixture, "events_list", "Busy Show") == NULL, 30);

  /* With the counts known, Archive is offered at once. */
  tix_season_reload (fixture->season);
  TIX_APP_TEST_WAIT (tix_season_lookup (fixture->season, tix_event_get_id (busy)) != NULL &&
                     tix_event_get_n_tickets (tix_season_lookup (fixture->season,
                                                                 tix_event_get_id (busy))) == 2, 30);
  activate (fixture, "events.delete", tix_event_get_id (busy));
  dialog = ADW_MESSAGE_DIALOG (wait_dialog (fixture, ADW_TYPE_MESSAGE_DIALOG));
  g_assert_true (adw_message_dialog_has_response (dialog, "archive"));
  tix_app_test_click_response (dialog, "cancel");
  wait_closed (fixture, GTK_WINDOW (dialog));
}

static GtkWidget *
switcher_row_label (Fixture    *fixture,
                    const char *title,
                    const char *text)
{
  GtkWidget *list = child (GTK_WIDGET (fixture->switcher), "events_list");

  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *box = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row));
      GtkWidget *labels = gtk_widget_get_first_child (box);
      GtkWidget *name = gtk_widget_get_first_child (labels);

      if (!g_str_equal (gtk_label_get_label (GTK_LABEL (name)), title))
        continue;
      for (GtkWidget *c = gtk_widget_get_first_child (box); c != NULL; c = gtk_widget_get_next_sibling (c))
        if (GTK_IS_LABEL (c) && g_str_equal (gtk_label_get_label (GTK_LABEL (c)), text))
          return c;
    }
  return NULL;
}

/* Make current: the season, the page's mark and the switcher follow. */
static void
test_make_current (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(TixEvent) made = create (fixture, "Saturday", utc_ms (2027, 3, 6, 20, 0));
  gint64 id = tix_event_get_id (made);

  g_assert_cmpint (tix_season_get_current_id (fixture->season), !=, id);
  g_assert_null (switcher_row_label (fixture, "Saturday", "Current"));
  g_assert_null (tix_app_test_find_named (GTK_WIDGET (row_titled (fixture, "events_list", "Saturday")),
                             "current_label"));

  activate (fixture, "events.make-current", id);
  TIX_APP_TEST_WAIT (tix_season_get_current_id (fixture->season) == id, 30);
  TIX_APP_TEST_WAIT (tix_app_test_find_named (GTK_WIDGET (row_titled (fixture, "events_list", "Saturday")),
                                 "current_label") != NULL, 30);
  TIX_APP_TEST_WAIT (switcher_row_label (fixture, "Saturday", "Current") != NULL, 30);
  TIX_APP_TEST_WAIT (has_toast (fixture, "Saturday"), 5);
  /* Its menu no longer offers to archive or delete it. */
  g_assert_true (gtk_widget_get_visible (child (GTK_WIDGET (fixture->switcher), "manage_list")));
}

/* A seller or a scanner sees neither the page nor "Manage Events…". */
static void
test_roles (Fixture       *fixture,
            gconstpointer  data)
{
  const char *roles[] = { "seller", "scanner" };

  g_assert_true (tix_events_view_get_allowed (fixture->view));

  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    {
      g_autofree char *email = g_strdup_printf ("%s@example.com", roles[i]);
      g_autoptr(GAsyncResult) added = NULL;
      g_autoptr(GAsyncResult) signed_in = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(TixUser) added_user = NULL;
      g_autoptr(TixUser) user = NULL;
      g_autoptr(TixClient) other = tix_client_new (fixture->server->url);

      tix_client_add_user_async (fixture->client, email, roles[i], PASSWORD, roles[i], NULL,
                                 tix_test_store_result, &added);
      added_user = tix_client_add_user_finish (fixture->client, wait_for (&added), &error);
      g_assert_no_error (error);
      tix_client_login_async (other, email, PASSWORD, NULL, tix_test_store_result, &signed_in);
      user = tix_client_login_finish (other, wait_for (&signed_in), &error);
      g_assert_no_error (error);

      tix_session_sign_in (fixture->session, other, TRUE);
      TIX_APP_TEST_WAIT (!tix_events_view_get_allowed (fixture->view), 30);
      g_assert_cmpstr (page (fixture), ==, "not-allowed");
      g_assert_false (gtk_widget_get_visible (child (GTK_WIDGET (fixture->switcher), "manage_list")));
      /* The actions are off too. */
      g_assert_false (gtk_widget_get_sensitive (child (GTK_WIDGET (fixture->view), "new_button")));
      gtk_widget_activate_action (GTK_WIDGET (fixture->view), "events.new", NULL);
      g_assert_null (tix_events_view_get_dialog (fixture->view));
      tix_session_sign_out (fixture->session);
    }

  tix_session_sign_in (fixture->session, fixture->client, FALSE);
  TIX_APP_TEST_WAIT (tix_events_view_get_allowed (fixture->view), 30);
  g_assert_true (gtk_widget_get_visible (child (GTK_WIDGET (fixture->switcher), "manage_list")));
  g_assert_true (gtk_widget_get_sensitive (child (GTK_WIDGET (fixture->view), "new_button")));
}

int
main (int   argc,
      char *argv[])
{
  tix_app_test_init (&argc, &argv);
  g_resources_register (tix_get_resource ());

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/tix/app/events/create", test_create);
  ADD ("/tix/app/events/edit", test_edit);
  ADD ("/tix/app/events/copy", test_copy);
  ADD ("/tix/app/events/archive", test_archive);
  ADD ("/tix/app/events/delete", test_delete);
  ADD ("/tix/app/events/make-current", test_make_current);
  ADD ("/tix/app/events/roles", test_roles);

  return g_test_run ();
}
