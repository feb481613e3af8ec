/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The entrances editor against a real in-process server: reached from the
 * events page's menu; an entrance added with its ticket types and hours
 * (real keys where there is an X display) after every refused field is
 * said at once, one edited, the default not deletable (no button, a
 * question that only closes, the server's conflict), another deleted, and
 * the roles. */
#define G_LOG_DOMAIN "test-entrances"

#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "tix-app-test-util.h"
#include "tix-client.h"
#include "tix-date-time-entry.h"
#include "tix-entrance-dialog.h"
#include "tix-entrances-window.h"
#include "tix-events-view.h"
#include "tix-org-time.h"
#include "tix-resources.h"
#include "tix-test-keys.h"
#include "tix-test-util.h"

#define EMAIL    "manager@example.com"
#define PASSWORD "correct horse battery"
#define NAME     "Venue Manager"
#define ORG      "Entrances Test Org"

typedef struct
{
  TixTestServer  *server;
  TixClient      *client;    /* the admin's: the view's, and the test's requests */
  TixSession     *session;
  TixSeason      *season;
  GtkWindow      *window;
  TixEventsView  *view;
  gint64          event_id;  /* the organization's first (current) event */
  GPtrArray      *toasts;    /* char *, titles of the entrances window's toasts */
} Fixture;

static GAsyncResult *
wait_for (GAsyncResult **result)
{
  TIX_APP_TEST_WAIT (*result != NULL, 30);
  return *result;
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
  tix_client_register_async (fixture->client, EMAIL, PASSWORD, NAME, ORG, NULL,
                             tix_test_store_result, &registered);
  user = tix_client_register_finish (fixture->client, wait_for (&registered), &error);
  g_assert_no_error (error);

  fixture->session = tix_session_new ();
  fixture->season = tix_season_new (fixture->session);

  fixture->window = tix_app_test_toast_window_new ();
  gtk_window_set_default_size (fixture->window, 900, 700);
  fixture->view = tix_events_view_new ();
  g_object_add_weak_pointer (G_OBJECT (fixture->view), (gpointer *) &fixture->view);
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->view));
  gtk_window_present (fixture->window);

  g_object_set (fixture->view, "season", fixture->season, "session", fixture->session, NULL);
  tix_session_sign_in (fixture->session, fixture->client, FALSE);
  TIX_APP_TEST_WAIT (tix_season_get_loaded (fixture->season) &&
                     tix_season_get_current_id (fixture->season) != 0, 30);
  TIX_APP_TEST_WAIT (tix_event_stream_get_connected (tix_session_get_stream (fixture->session)),
                     30);
  fixture->event_id = tix_season_get_current_id (fixture->season);
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

static TixClient *
sign_in_as (Fixture    *fixture,
            const char *role)
{
  g_autofree char *email = g_strdup_printf ("%s@example.com", role);
  g_autoptr(GAsyncResult) added = NULL;
  g_autoptr(GAsyncResult) signed_in = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TixUser) added_user = NULL;
  g_autoptr(TixUser) user = NULL;
  TixClient *other = tix_client_new (fixture->server->url);

  tix_client_add_user_async (fixture->client, email, role, PASSWORD, role, NULL,
                             tix_test_store_result, &added);
  added_user = tix_client_add_user_finish (fixture->client, wait_for (&added), &error);
  g_assert_no_error (error);
  tix_client_login_async (other, email, PASSWORD, NULL, tix_test_store_result, &signed_in);
  user = tix_client_login_finish (other, wait_for (&signed_in), &error);
  g_assert_no_error (error);
  tix_session_sign_in (fixture->session, other, TRUE);
  return other;
}

static gint64
create_type (Fixture    *fixture,
             const char *name)
{
  g_autoptr(TixTicketType) type = tix_ticket_type_new ();
  g_autoptr(TixTicketType) made = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  type->name = g_strdup (name);
  type->price = 1000;
  tix_client_create_ticket_type_async (fixture->client, fixture->event_id, type, NULL,
                                       tix_test_store_result, &result);
  made = tix_client_create_ticket_type_finish (fixture->client, wait_for (&result), &error);
  g_assert_no_error (error);
  return made->id;
}

static gint64
create_entrance (Fixture    *fixture,
                 const char *name)
{
  g_autoptr(TixEntrance) entrance = tix_entrance_new (name);
  g_autoptr(TixEntrance) made = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  tix_client_create_entrance_async (fixture->client, fixture->event_id, entrance, NULL,
                                    tix_test_store_result, &result);
  made = tix_client_create_entrance_finish (fixture->client, wait_for (&result), &error);
  g_assert_no_error (error);
  return tix_entrance_get_id (made);
}

static void
add_toast_cb (GtkWindow *window,
              AdwToast  *toast,
              Fixture   *fixture)
{
  g_ptr_array_add (fixture->toasts, g_strdup (adw_toast_get_title (toast)));
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

static const char *
page (GtkWidget *window)
{
  return gtk_stack_get_visible_child_name (GTK_STACK (child (window, "stack")));
}

/* The entrances window of the event, opened from the event's menu. */
static TixEntrancesWindow *
open_entrances (Fixture *fixture)
{
  TixEntrancesWindow *window;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "events.entrances", "x",
                                             fixture->event_id));
  TIX_APP_TEST_WAIT (TIX_IS_ENTRANCES_WINDOW (tix_events_view_get_dialog (fixture->view)) &&
                     gtk_widget_get_mapped (GTK_WIDGET (tix_events_view_get_dialog (fixture->view))),
                     30);
  window = TIX_ENTRANCES_WINDOW (tix_events_view_get_dialog (fixture->view));
  g_signal_connect (window, "toast-added", G_CALLBACK (add_toast_cb), fixture);
  g_assert_cmpint (tix_entrances_window_get_event_id (window), ==, fixture->event_id);
  TIX_APP_TEST_WAIT (tix_entrances_window_get_n_busy (window) == 0 &&
                     g_strcmp0 (page (GTK_WIDGET (window)), "loading") != 0, 30);
  return window;
}

static GtkWidget *
wait_dialog (TixEntrancesWindow *window,
             GType               type)
{
  TIX_APP_TEST_WAIT (tix_entrances_window_get_dialog (window) != NULL &&
                     G_TYPE_CHECK_INSTANCE_TYPE (tix_entrances_window_get_dialog (window), type) &&
                     gtk_widget_get_mapped (GTK_WIDGET (tix_entrances_window_get_dialog (window))),
                     30);
  return GTK_WIDGET (tix_entrances_window_get_dialog (window));
}

static void
wait_closed (TixEntrancesWindow *window,
             GtkWidget          *dialog)
{
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  TIX_APP_TEST_WAIT (dialog == NULL, 30);
  TIX_APP_TEST_WAIT (tix_entrances_window_get_n_busy (window) == 0, 30);
}

/* The row of the entrance called @name, or NULL. */
static AdwActionRow *
row_named (TixEntrancesWindow *window,
           const char         *name)
{
  GtkWidget *list = child (GTK_WIDGET (window), "entrances_list");

  for (GtkWidget *c = gtk_widget_get_first_child (list); c != NULL; c = gtk_widget_get_next_sibling (c))
    if (ADW_IS_ACTION_ROW (c) &&
        g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (c)), name) == 0)
      return ADW_ACTION_ROW (c);
  return NULL;
}

static TixEntrance *
entrance_named (TixEntrancesWindow *window,
                const char         *name)
{
  GPtrArray *entrances = tix_entrances_window_get_entrances (window);

  for (guint i = 0; i < entrances->len; i++)
    if (g_strcmp0 (tix_entrance_get_name (g_ptr_array_index (entrances, i)), name) == 0)
      return g_ptr_array_index (entrances, i);
  return NULL;
}

static gboolean
subtitle_has (TixEntrancesWindow *window,
              const char         *name,
              const char         *part)
{
  AdwActionRow *row = row_named (window, name);

  return row != NULL && strstr (adw_action_row_get_subtitle (row), part) != NULL;
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

/* @text into @editable as a person types it (real keys), or set when there
 * is no X display. */
static void
type_into_editable (GtkWidget   *dialog,
                    GtkEditable *editable,
                    const char  *text)
{
  g_autofree char *why = tix_test_keys_unavailable ();

  gtk_editable_set_text (editable, "");
  if (why != NULL)
    {
      g_test_message ("No real keys (%s): setting the text", why);
      gtk_editable_set_text (editable, text);
      return;
    }
  tix_test_keys_focus (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (GTK_WIDGET (editable));
  tix_test_keys_type (text, 5);
  TIX_APP_TEST_WAIT (g_str_equal (gtk_editable_get_text (editable), text), 10);
}

static void
type_into (GtkWidget  *dialog,
           const char *id,
           const char *text)
{
  type_into_editable (dialog, GTK_EDITABLE (child (dialog, id)), text);
}

/* A time of day typed into the entry @id, on 25 Nov 2026. */
static void
type_time (GtkWidget  *dialog,
           const char *id,
           const char *text)
{
  TixDateTimeEntry *entry = TIX_DATE_TIME_ENTRY (child (dialog, id));

  tix_date_time_entry_set_day (entry, 2026, 11, 25);
  type_into_editable (dialog, tix_date_time_entry_get_editable (entry), text);
}

/* 25 Nov 2026 at @hour:@minute in the organization's zone, Unix ms. */
static gint64
local_ms (Fixture *fixture,
          int      hour,
          int      minute)
{
  g_autoptr(GTimeZone) zone = tix_org_time_zone_new (tix_season_get_time_zone (fixture->season));
  g_autoptr(GDateTime) when = g_date_time_new (zone, 2026, 11, 25, hour, minute, 0);

  return g_date_time_to_unix (when) * 1000;
}

static gboolean
admits_only (TixEntrance *entrance,
             gint64       type_id)
{
  guint n = 0;
  const gint64 *ids = tix_entrance_get_type_ids (entrance, &n);

  return n == 1 && ids[0] == type_id;
}

/* Tests ------------------------------------------------------------------------ */

/* The default is there and marked; an entrance added: every refused field at
 * once and nothing sent, then its name, one type, exit and hours, typed. */
static void
test_add (Fixture       *fixture,
          gconstpointer  data)
{
  gint64 adult = create_type (fixture, "Adult");
  gint64 child_type = create_type (fixture, "Child");
  TixEntrancesWindow *window = open_entrances (fixture);
  GPtrArray *entrances;
  TixEntrance *entrance;
  AdwActionRow *row;
  GtkWidget *dialog;
  guint n_before;

  g_assert_cmpstr (page (GTK_WIDGET (window)), ==, "list");
  entrances = tix_entrances_window_get_entrances (window);
  g_assert_cmpuint (entrances->len, >=, 1);
  n_before = entrances->len;
  entrance = g_ptr_array_index (entrances, 0);
  g_assert_true (tix_entrance_get_is_default (entrance));
  row = row_named (window, tix_entrance_get_name (entrance));
  g_assert_nonnull (row);
  g_assert_nonnull (tix_app_test_find_named (GTK_WIDGET (row), "default_label"));
  g_assert_null (tix_app_test_find_named (GTK_WIDGET (row), "delete_button"));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (row), "Every type"));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (row), "0 inside"));

  gtk_widget_activate (child (GTK_WIDGET (window), "add_button"));
  dialog = wait_dialog (window, TIX_TYPE_ENTRANCE_DIALOG);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, "New Entrance");
  g_assert_nonnull (tix_entrance_dialog_get_type_check (TIX_ENTRANCE_DIALOG (dialog), adult));
  g_assert_nonnull (tix_entrance_dialog_get_type_check (TIX_ENTRANCE_DIALOG (dialog), child_type));
  g_assert_false (gtk_check_button_get_active (tix_entrance_dialog_get_type_check (TIX_ENTRANCE_DIALOG (dialog), adult)));

  /* No name, an opening time that is none: both said, nothing sent. */
  type_into_editable (dialog, tix_date_time_entry_get_editable (TIX_DATE_TIME_ENTRY (child (dialog, "opens_entry"))),
                      "7pm");
  gtk_widget_activate (child (dialog, "save_button"));
  TIX_APP_TEST_WAIT (error_shown (dialog, "name"), 5);
  g_assert_true (error_shown (dialog, "opens"));
  g_assert_false (error_shown (dialog, "closes"));
  g_assert_nonnull (strstr (error_text (dialog, "opens"), "20:00"));
  g_assert_true (gtk_widget_has_css_class (child (dialog, "name_row"), "error"));
  g_assert_false (tix_entrance_dialog_get_busy (TIX_ENTRANCE_DIALOG (dialog)));

  /* Fixing one takes its message away; closing before it opens is said. */
  type_into (dialog, "name_row", "North Gate");
  g_assert_false (error_shown (dialog, "name"));
  g_assert_true (error_shown (dialog, "opens"));
  type_time (dialog, "opens_entry", "19:00");
  g_assert_false (error_shown (dialog, "opens"));
  type_time (dialog, "closes_entry", "18:30");
  TIX_APP_TEST_WAIT (error_shown (dialog, "closes"), 5);
  g_assert_cmpstr (error_text (dialog, "closes"), ==, "It must close after it opens");
  gtk_widget_activate (child (dialog, "save_button"));
  g_assert_false (tix_entrance_dialog_get_busy (TIX_ENTRANCE_DIALOG (dialog)));
  type_time (dialog, "closes_entry", "23:30");
  g_assert_false (error_shown (dialog, "closes"));

  gtk_widget_activate (GTK_WIDGET (tix_entrance_dialog_get_type_check (TIX_ENTRANCE_DIALOG (dialog), adult)));
  gtk_switch_set_active (GTK_SWITCH (child (dialog, "exit_switch")), TRUE);
  gtk_widget_activate (child (dialog, "save_button"));
  wait_closed (window, dialog);
  TIX_APP_TEST_WAIT ((entrance = entrance_named (window, "North Gate")) != NULL, 30);
  g_assert_cmpuint (tix_entrances_window_get_entrances (window)->len, ==, n_before + 1);
  g_assert_true (admits_only (entrance, adult));
  g_assert_true (tix_entrance_get_allow_exit (entrance));
  g_assert_false (tix_entrance_get_allow_reentry (entrance));
  g_assert_false (tix_entrance_get_is_default (entrance));
  g_assert_cmpint (tix_entrance_get_opens_at (entrance), ==, local_ms (fixture, 19, 0));
  g_assert_cmpint (tix_entrance_get_closes_at (entrance), ==, local_ms (fixture, 23, 30));
  TIX_APP_TEST_WAIT (subtitle_has (window, "North Gate", "Adult"), 30);
  g_assert_false (subtitle_has (window, "North Gate", "Child"));
  g_assert_true (subtitle_has (window, "North Gate", "exit, no re-entry"));
  g_assert_true (subtitle_has (window, "North Gate", "19:00"));
  g_assert_true (subtitle_has (window, "North Gate", "23:30"));
  g_assert_nonnull (tix_app_test_find_named (GTK_WIDGET (row_named (window, "North Gate")), "delete_button"));
  g_assert_true (has_toast (fixture, "“North Gate” saved"));
}

/* Edit: the dialog shows the entrance; to every type, re-entry, no hours. */
static void
test_edit (Fixture       *fixture,
           gconstpointer  data)
{
  gint64 adult = create_type (fixture, "Adult");
  TixEntrancesWindow *window;
  TixEntrance *entrance;
  GtkWidget *dialog;
  gint64 id;

  window = open_entrances (fixture);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "entrances.add", NULL));
  dialog = wait_dialog (window, TIX_TYPE_ENTRANCE_DIALOG);
  gtk_editable_set_text (GTK_EDITABLE (child (dialog, "name_row")), "Side Door");
  gtk_check_button_set_active (tix_entrance_dialog_get_type_check (TIX_ENTRANCE_DIALOG (dialog), adult),
                               TRUE);
  tix_date_time_entry_set_day (TIX_DATE_TIME_ENTRY (child (dialog, "opens_entry")), 2026, 11, 25);
  gtk_editable_set_text (tix_date_time_entry_get_editable (TIX_DATE_TIME_ENTRY (child (dialog, "opens_entry"))),
                         "18:00");
  tix_entrance_dialog_save (TIX_ENTRANCE_DIALOG (dialog));
  wait_closed (window, dialog);
  TIX_APP_TEST_WAIT ((entrance = entrance_named (window, "Side Door")) != NULL, 30);
  id = tix_entrance_get_id (entrance);

  /* Activating the row edits it, as a click does. */
  g_signal_emit_by_name (row_named (window, "Side Door"), "activate");
  dialog = wait_dialog (window, TIX_TYPE_ENTRANCE_DIALOG);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, "Edit Entrance");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (dialog, "name_row"))), ==, "Side Door");
  g_assert_true (gtk_check_button_get_active (tix_entrance_dialog_get_type_check (TIX_ENTRANCE_DIALOG (dialog), adult)));
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (child (dialog, "exit_switch"))));
  g_assert_cmpstr (gtk_editable_get_text (tix_date_time_entry_get_editable (TIX_DATE_TIME_ENTRY (child (dialog, "opens_entry")))),
                   ==, "18:00");

  type_into (dialog, "name_row", "East Door");
  gtk_widget_activate (GTK_WIDGET (tix_entrance_dialog_get_type_check (TIX_ENTRANCE_DIALOG (dialog), adult)));
  gtk_switch_set_active (GTK_SWITCH (child (dialog, "reentry_switch")), TRUE);
  tix_date_time_entry_set_time (TIX_DATE_TIME_ENTRY (child (dialog, "opens_entry")), -1);
  gtk_widget_activate (child (dialog, "save_button"));
  wait_closed (window, dialog);
  TIX_APP_TEST_WAIT ((entrance = entrance_named (window, "East Door")) != NULL, 30);
  g_assert_cmpint (tix_entrance_get_id (entrance), ==, id);
  g_assert_null (entrance_named (window, "Side Door"));
  {
    guint n = 99;

    tix_entrance_get_type_ids (entrance, &n);
    g_assert_cmpuint (n, ==, 0);
  }
  g_assert_true (tix_entrance_get_allow_reentry (entrance));
  g_assert_cmpint (tix_entrance_get_opens_at (entrance), ==, TIX_ENTRANCE_NO_TIME);
  TIX_APP_TEST_WAIT (subtitle_has (window, "East Door", "Every type"), 30);
  g_assert_true (subtitle_has (window, "East Door", "re-entry, no exit"));
  g_assert_false (subtitle_has (window, "East Door", "opens"));
}

/* The default: no Delete button, the question only closes, and the server
 * refuses it anyway; another entrance is deleted after the question. */
static void
test_delete (Fixture       *fixture,
             gconstpointer  data)
{
  gint64 gate = create_entrance (fixture, "Back Gate");
  TixEntrancesWindow *window = open_entrances (fixture);
  TixEntrance *main_entrance = g_ptr_array_index (tix_entrances_window_get_entrances (window), 0);
  gint64 main_id = tix_entrance_get_id (main_entrance);
  g_autofree char *main_name = g_strdup (tix_entrance_get_name (main_entrance));
  AdwMessageDialog *dialog;
  guint n;

  TIX_APP_TEST_WAIT (row_named (window, "Back Gate") != NULL, 30);
  n = tix_entrances_window_get_entrances (window)->len;
  g_assert_true (tix_entrance_get_is_default (main_entrance));
  g_assert_null (tix_app_test_find_named (GTK_WIDGET (row_named (window, main_name)), "delete_button"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "entrances.delete", "x", main_id));
  dialog = ADW_MESSAGE_DIALOG (wait_dialog (window, ADW_TYPE_MESSAGE_DIALOG));
  g_assert_false (adw_message_dialog_has_response (dialog, "delete"));
  tix_app_test_click_response (dialog, "cancel");
  {
    GtkWidget *gone = GTK_WIDGET (dialog);

    g_object_add_weak_pointer (G_OBJECT (gone), (gpointer *) &gone);
    TIX_APP_TEST_WAIT (gone == NULL, 30);
  }
  g_assert_cmpuint (tix_entrances_window_get_n_busy (window), ==, 0);

  /* The server says no too. */
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;

    tix_client_delete_entrance_async (fixture->client, main_id, NULL, tix_test_store_result, &result);
    g_assert_false (tix_client_delete_entrance_finish (fixture->client, wait_for (&result), &error));
    g_assert_error (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_CONFLICT);
  }
  tix_entrances_window_reload (window);
  TIX_APP_TEST_WAIT (tix_entrances_window_get_n_busy (window) == 0, 30);
  g_assert_nonnull (row_named (window, main_name));

  gtk_widget_activate (tix_app_test_find_named (GTK_WIDGET (row_named (window, "Back Gate")), "delete_button"));
  dialog = ADW_MESSAGE_DIALOG (wait_dialog (window, ADW_TYPE_MESSAGE_DIALOG));
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Delete “Back Gate”?");
  tix_app_test_click_response (dialog, "delete");
  TIX_APP_TEST_WAIT (has_toast (fixture, "“Back Gate” deleted"), 30);
  TIX_APP_TEST_WAIT (tix_entrances_window_get_n_busy (window) == 0 &&
                     row_named (window, "Back Gate") == NULL, 30);
  g_assert_cmpuint (tix_entrances_window_get_entrances (window)->len, ==, n - 1);
  g_assert_null (entrance_named (window, "Back Gate"));
  (void) gate;
}

/* A seller or a scanner: no entrances window from the menu, and the window,
 * made anyway, shows only that it is for administrators. */
static void
test_roles (Fixture       *fixture,
            gconstpointer  data)
{
  const char *roles[] = { "seller", "scanner" };
  TixEntrancesWindow *window;

  create_entrance (fixture, "Back Gate");
  window = tix_entrances_window_new (fixture->session, fixture->season, fixture->event_id);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_present (GTK_WINDOW (window));
  TIX_APP_TEST_WAIT (row_named (window, "Back Gate") != NULL, 30);
  g_assert_true (tix_entrances_window_get_allowed (window));

  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    {
      g_autoptr(TixClient) other = sign_in_as (fixture, roles[i]);

      TIX_APP_TEST_WAIT (!tix_events_view_get_allowed (fixture->view), 30);
      g_assert_false (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "events.entrances",
                                                  "x", fixture->event_id) &&
                      tix_events_view_get_dialog (fixture->view) != NULL);
      g_assert_null (tix_events_view_get_dialog (fixture->view));

      TIX_APP_TEST_WAIT (!tix_entrances_window_get_allowed (window), 30);
      g_assert_cmpstr (page (GTK_WIDGET (window)), ==, "not-allowed");
      g_assert_false (gtk_widget_get_sensitive (child (GTK_WIDGET (window), "add_button")));
      gtk_widget_activate_action (GTK_WIDGET (window), "entrances.add", NULL);
      g_assert_null (tix_entrances_window_get_dialog (window));
      g_assert_cmpuint (tix_entrances_window_get_entrances (window)->len, ==, 0);
      tix_session_sign_out (fixture->session);
    }

  tix_session_sign_in (fixture->session, fixture->client, FALSE);
  TIX_APP_TEST_WAIT (tix_entrances_window_get_allowed (window) &&
                     row_named (window, "Back Gate") != NULL, 30);
  g_assert_true (gtk_widget_get_sensitive (child (GTK_WIDGET (window), "add_button")));
  gtk_window_destroy (GTK_WINDOW (window));
  TIX_APP_TEST_WAIT (window == NULL, 30);
}

int
main (int   argc,
      char *argv[])
{
  tix_app_test_init (&argc, &argv);
  g_resources_register (tix_get_resource ());

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/tix/app/entrances/add", test_add);
  ADD ("/tix/app/entrances/edit", test_edit);
  ADD ("/tix/app/entrances/delete", test_delete);
  ADD ("/tix/app/entrances/roles", test_roles);

  return g_test_run ();
}
