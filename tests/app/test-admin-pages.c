/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-admin-pages"

#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "tix-account-page.h"
#include "tix-app-test-util.h"
#include "tix-audit-page.h"
#include "tix-client.h"
#include "tix-organization-page.h"
#include "tix-preferences-window.h"
#include "tix-resources.h"
#include "tix-test-util.h"
#include "tix-users-page.h"

#define EMAIL    "admin@example.com"
#define PASSWORD "correct horse battery"
#define NAME     "Ada Admin"
#define ORG      "Admin Pages Test Org"

typedef struct
{
  TixTestServer *server;
  TixClient     *client;
  TixSession    *session;   /* signed in with client, once a page needs it */
  GtkWindow     *window;
  GtkWidget     *page;
  GPtrArray     *toasts;
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

static TixClient *
register_client (Fixture    *fixture,
                 const char *email)
{
  g_autoptr(GAsyncResult) registered = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TixUser) user = NULL;
  TixClient *client = tix_client_new (fixture->server->url);

  tix_client_register_async (client, email, PASSWORD, NAME, ORG, NULL,
                             tix_test_store_result, &registered);
  user = tix_client_register_finish (client, wait_for (&registered), &error);
  g_assert_no_error (error);
  return client;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  TixServerOptions options;

  tix_server_options_init (&options);
  options.max_users = 3;
  fixture->toasts = g_ptr_array_new_with_free_func (g_free);
  fixture->server = tix_test_server_new_with (&options);
  fixture->client = register_client (fixture, EMAIL);

  fixture->window = tix_app_test_toast_window_new ();
  g_signal_connect (fixture->window, "toast-added", G_CALLBACK (add_toast_cb), fixture);
  gtk_window_set_default_size (fixture->window, 700, 800);
  gtk_window_present (fixture->window);
}

/* The session of fixture->client (the test may have signed in someone else). */
static TixSession *
session_of (Fixture *fixture)
{
  if (fixture->session == NULL)
    fixture->session = tix_session_new ();
  tix_session_sign_in (fixture->session, fixture->client, FALSE);
  return fixture->session;
}

static void
show_page (Fixture   *fixture,
           GtkWidget *page)
{
  fixture->page = page;
  g_object_add_weak_pointer (G_OBJECT (page), (gpointer *) &fixture->page);
  gtk_window_set_child (fixture->window, page);
  g_object_set (page, "session", session_of (fixture), NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  /* What a page started (its event stream) is under way before it goes. */
  tix_app_test_spin (200);
  gtk_window_destroy (fixture->window);
  TIX_APP_TEST_WAIT (fixture->page == NULL, 30);
  if (fixture->session != NULL)
    g_assert_finalize_object (g_steal_pointer (&fixture->session));

  g_object_add_weak_pointer (G_OBJECT (fixture->client), (gpointer *) &fixture->client);
  g_object_unref (fixture->client);
  TIX_APP_TEST_WAIT (fixture->client == NULL, 30);
  g_clear_pointer (&fixture->server, tix_test_server_free);
  g_clear_pointer (&fixture->toasts, g_ptr_array_unref);
}

static GtkWidget *
child (Fixture    *fixture,
       GType       type,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (fixture->page, type, name);

  if (object == NULL)
    object = G_OBJECT (tix_app_test_find (fixture->page, name));
  g_assert_nonnull (object);
  return GTK_WIDGET (object);
}

static void
set_text (Fixture    *fixture,
          GType       type,
          const char *name,
          const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (child (fixture, type, name)), text);
}

/* Lets a preferences window's organization page load and its event stream
 * connect, so closing it does not cut a connection the server is accepting. */
static void
settle_preferences (TixPreferencesWindow *preferences)
{
  GtkWidget *row = tix_app_test_find (GTK_WIDGET (preferences), "time_zone_row");
  GtkWidget *page = gtk_widget_get_ancestor (row, TIX_TYPE_ORGANIZATION_PAGE);

  g_assert_nonnull (page);
  TIX_APP_TEST_WAIT (!tix_organization_page_get_busy (TIX_ORGANIZATION_PAGE (page)), 30);
  tix_app_test_spin (300);
}

/* Organization settings ------------------------------------------------------ */

/* Types @search into the time zone chooser's search and presses Enter, as a
 * person does; @extra, if not NULL, is first added to the zones offered (a
 * name this system does not know, which the server then refuses). */
static void
choose_time_zone (Fixture    *fixture,
                  const char *search,
                  const char *extra)
{
  GType type = TIX_TYPE_ORGANIZATION_PAGE;
  GtkWidget *button = child (fixture, type, "time_zone_button");
  GtkWidget *entry = child (fixture, type, "time_zone_search");

  if (extra != NULL)
    {
      GtkListView *list = GTK_LIST_VIEW (child (fixture, type, "time_zone_list"));
      GListModel *selection = G_LIST_MODEL (gtk_list_view_get_model (list));
      GListModel *filtered = gtk_no_selection_get_model (GTK_NO_SELECTION (selection));
      GListModel *zones = gtk_filter_list_model_get_model (GTK_FILTER_LIST_MODEL (filtered));

      gtk_string_list_append (GTK_STRING_LIST (zones), extra);
    }

  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  tix_app_test_spin (50);
  gtk_editable_set_text (GTK_EDITABLE (entry), search);
  g_signal_emit_by_name (entry, "activate");
  tix_app_test_spin (50);
}

static void
test_settings_field_error (Fixture       *fixture,
                           gconstpointer  data)
{
  TixOrganizationPage *page = tix_organization_page_new ();
  GType type = TIX_TYPE_ORGANIZATION_PAGE;
  GtkWidget *tz_row, *tz_error;

  show_page (fixture, GTK_WIDGET (page));
  TIX_APP_TEST_WAIT (!tix_organization_page_get_busy (page), 30);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (fixture, type,
                                                               "organization_name_row"))),
                   ==, ORG);
  /* Nothing changed: nothing to save. */
  g_assert_false (gtk_widget_get_sensitive (child (fixture, type, "save_button")));

  tz_row = child (fixture, type, "time_zone_row");
  tz_error = child (fixture, type, "time_zone_error");
  set_text (fixture, type, "event_name_row", "Winter Gala");
  choose_time_zone (fixture, "Olympus", "Mars/Olympus");
  g_assert_cmpstr (gtk_menu_button_get_label (GTK_MENU_BUTTON (child (fixture, type,
                                                                      "time_zone_button"))),
                   ==, "Mars/Olympus");
  g_assert_true (gtk_widget_get_sensitive (child (fixture, type, "save_button")));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "organization.save", NULL));
  TIX_APP_TEST_WAIT (!tix_organization_page_get_busy (page), 30);

  /* The server's 400 names the field: the complaint is there, not in a toast. */
  g_assert_cmpstr (tix_organization_page_get_error_field (page), ==, "time_zone");
  g_assert_true (gtk_widget_get_visible (tz_error));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (tz_error)), !=, "");
  g_assert_true (gtk_widget_has_css_class (tz_row, "error"));
  g_assert_false (gtk_widget_get_visible (child (fixture, type, "event_name_error")));
  g_assert_cmpuint (fixture->toasts->len, ==, 0);

  /* Fixed, it saves, and the error is gone. */
  choose_time_zone (fixture, "paris", NULL);
  g_assert_false (gtk_widget_get_visible (tz_error));
  g_assert_false (gtk_widget_has_css_class (tz_row, "error"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "organization.save", NULL));
  TIX_APP_TEST_WAIT (fixture->toasts->len == 1, 30);
  g_assert_null (tix_organization_page_get_error_field (page));
  g_assert_false (gtk_widget_get_sensitive (child (fixture, type, "save_button")));

  /* What the server now has. */
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(TixSettings) settings = NULL;

    tix_client_get_settings_async (fixture->client, NULL, tix_test_store_result, &result);
    settings = tix_client_get_settings_finish (fixture->client, wait_for (&result), &error);
    g_assert_no_error (error);
    g_assert_cmpstr (tix_settings_get (settings, TIX_SETTING_TIME_ZONE), ==, "Europe/Paris");
    g_assert_cmpstr (tix_settings_get (settings, TIX_SETTING_EVENT_NAME), ==, "Winter Gala");
  }
}

/* The day comes from a calendar and can be taken away again. */
static void
test_settings_date_picker (Fixture       *fixture,
                           gconstpointer  data)
{
  TixOrganizationPage *page = tix_organization_page_new ();
  GType type = TIX_TYPE_ORGANIZATION_PAGE;
  g_autoptr(GDateTime) day = g_date_time_new_local (2027, 3, 14, 12, 0, 0);
  GtkWidget *button, *calendar;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TixSettings) settings = NULL;

  show_page (fixture, GTK_WIDGET (page));
  TIX_APP_TEST_WAIT (!tix_organization_page_get_busy (page), 30);
  button = child (fixture, type, "event_date_button");
  calendar = child (fixture, type, "event_date_calendar");
  g_assert_cmpstr (gtk_menu_button_get_label (GTK_MENU_BUTTON (button)), ==, "No date");

  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  tix_app_test_spin (50);
  gtk_calendar_select_day (GTK_CALENDAR (calendar), day);
  g_assert_cmpstr (gtk_menu_button_get_label (GTK_MENU_BUTTON (button)), ==, "Sun 14 March 2027");
  g_assert_true (gtk_widget_get_sensitive (child (fixture, type, "save_button")));
  gtk_menu_button_popdown (GTK_MENU_BUTTON (button));

  /* A time zone found by a word in the middle of its name. */
  choose_time_zone (fixture, "new york", NULL);
  g_assert_cmpstr (gtk_menu_button_get_label (GTK_MENU_BUTTON (child (fixture, type,
                                                                      "time_zone_button"))),
                   ==, "America/New_York");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "organization.save", NULL));
  TIX_APP_TEST_WAIT (fixture->toasts->len == 1, 30);
  g_assert_null (tix_organization_page_get_error_field (page));

  tix_client_get_settings_async (fixture->client, NULL, tix_test_store_result, &result);
  settings = tix_client_get_settings_finish (fixture->client, wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tix_settings_get (settings, TIX_SETTING_EVENT_DATE), ==, "2027-03-14");
  g_assert_cmpstr (tix_settings_get (settings, TIX_SETTING_TIME_ZONE), ==, "America/New_York");

  /* No date again. */
  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  tix_app_test_spin (50);
  g_signal_emit_by_name (child (fixture, type, "event_date_clear_button"), "clicked");
  g_assert_cmpstr (gtk_menu_button_get_label (GTK_MENU_BUTTON (button)), ==, "No date");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "organization.save", NULL));
  TIX_APP_TEST_WAIT (fixture->toasts->len == 2, 30);
  {
    g_autoptr(GAsyncResult) again = NULL;
    g_autoptr(TixSettings) now = NULL;

    tix_client_get_settings_async (fixture->client, NULL, tix_test_store_result, &again);
    now = tix_client_get_settings_finish (fixture->client, wait_for (&again), &error);
    g_assert_no_error (error);
    g_assert_null (tix_settings_get (now, TIX_SETTING_EVENT_DATE));
  }
}

/* Every refused field is shown at once, and nothing is sent. */
static void
test_settings_all_errors (Fixture       *fixture,
                          gconstpointer  data)
{
  TixOrganizationPage *page = tix_organization_page_new ();
  GType type = TIX_TYPE_ORGANIZATION_PAGE;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TixSettings) settings = NULL;

  show_page (fixture, GTK_WIDGET (page));
  TIX_APP_TEST_WAIT (!tix_organization_page_get_busy (page), 30);

  set_text (fixture, type, "organization_name_row", "");
  set_text (fixture, type, "event_name_row", "Changed");
  set_text (fixture, type, "default_prefix_row", "no spaces!");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "organization.save", NULL));
  TIX_APP_TEST_WAIT (!tix_organization_page_get_busy (page), 30);

  g_assert_true (gtk_widget_get_visible (child (fixture, type, "organization_name_error")));
  g_assert_true (gtk_widget_get_visible (child (fixture, type, "default_prefix_error")));
  g_assert_false (gtk_widget_get_visible (child (fixture, type, "event_name_error")));
  g_assert_true (gtk_widget_has_css_class (child (fixture, type, "organization_name_row"), "error"));
  g_assert_true (gtk_widget_has_css_class (child (fixture, type, "default_prefix_row"), "error"));
  g_assert_cmpstr (tix_organization_page_get_error_field (page), ==, "organization_name");

  /* Fixing one leaves the other's complaint. */
  set_text (fixture, type, "default_prefix_row", "VIP");
  g_assert_false (gtk_widget_get_visible (child (fixture, type, "default_prefix_error")));
  g_assert_true (gtk_widget_get_visible (child (fixture, type, "organization_name_error")));

  /* Nothing reached the server. */
  tix_client_get_settings_async (fixture->client, NULL, tix_test_store_result, &result);
  settings = tix_client_get_settings_finish (fixture->client, wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tix_settings_get (settings, TIX_SETTING_ORGANIZATION_NAME), ==, ORG);
  g_assert_cmpuint (fixture->toasts->len, ==, 0);
}

/* Another station's change shows up while the page is open. */
static void
test_settings_live (Fixture       *fixture,
                    gconstpointer  data)
{
  TixOrganizationPage *page = tix_organization_page_new ();
  GtkEditable *event_row;
  g_autoptr(TixClient) other = tix_client_new (fixture->server->url);
  g_autoptr(GAsyncResult) signed_in = NULL;
  g_autoptr(GAsyncResult) updated = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TixUser) user = NULL;
  g_autoptr(TixSettings) changes = tix_settings_new ();
  g_autoptr(TixSettings) settings = NULL;

  show_page (fixture, GTK_WIDGET (page));
  TIX_APP_TEST_WAIT (!tix_organization_page_get_busy (page), 30);
  event_row = GTK_EDITABLE (child (fixture, TIX_TYPE_ORGANIZATION_PAGE, "event_name_row"));

  tix_client_login_async (other, EMAIL, PASSWORD, NULL, tix_test_store_result, &signed_in);
  user = tix_client_login_finish (other, wait_for (&signed_in), &error);
  g_assert_no_error (error);
  tix_settings_set (changes, TIX_SETTING_EVENT_NAME, "Changed Elsewhere");
  tix_client_update_settings_async (other, changes, NULL, tix_test_store_result, &updated);
  settings = tix_client_update_settings_finish (other, wait_for (&updated), &error);
  g_assert_no_error (error);

  TIX_APP_TEST_WAIT (g_strcmp0 (gtk_editable_get_text (event_row), "Changed Elsewhere") == 0, 30);
  g_assert_false (gtk_widget_get_sensitive (child (fixture, TIX_TYPE_ORGANIZATION_PAGE,
                                                   "save_button")));
}

/* A seller reads the settings but cannot change them. */
static void
test_settings_read_only (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GAsyncResult) added = NULL;
  g_autoptr(GAsyncResult) signed_in = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TixUser) seller = NULL;
  g_autoptr(TixUser) user = NULL;
  g_autoptr(TixClient) admin = g_steal_pointer (&fixture->client);
  TixOrganizationPage *page;
  GType type = TIX_TYPE_ORGANIZATION_PAGE;

  tix_client_add_user_async (admin, "sam@example.com", "Sam Seller", PASSWORD, "seller",
                             NULL, tix_test_store_result, &added);
  seller = tix_client_add_user_finish (admin, wait_for (&added), &error);
  g_assert_no_error (error);

  fixture->client = tix_client_new (fixture->server->url);
  tix_client_login_async (fixture->client, "sam@example.com", PASSWORD, NULL,
                          tix_test_store_result, &signed_in);
  user = tix_client_login_finish (fixture->client, wait_for (&signed_in), &error);
  g_assert_no_error (error);

  page = tix_organization_page_new ();
  show_page (fixture, GTK_WIDGET (page));
  TIX_APP_TEST_WAIT (!tix_organization_page_get_busy (page), 30);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (fixture, type,
                                                               "organization_name_row"))),
                   ==, ORG);
  g_assert_false (gtk_widget_get_sensitive (child (fixture, type, "organization_name_row")));
  g_assert_false (gtk_widget_get_sensitive (child (fixture, type, "save_button")));
  g_assert_true (gtk_widget_get_visible (child (fixture, type, "note_label")));

  /* Their preferences window has no users or audit pages. */
  {
    g_autoptr(GSettings) settings = g_settings_new ("org.gnome.Tix");
    TixPreferencesWindow *preferences = tix_preferences_window_new (settings);

    tix_preferences_window_set_session (preferences, session_of (fixture));
    settle_preferences (preferences);
    g_assert_nonnull (tix_app_test_find (GTK_WIDGET (preferences), "time_zone_row"));
    g_assert_nonnull (tix_app_test_find (GTK_WIDGET (preferences), "logout_others_button"));
    g_assert_null (tix_app_test_find (GTK_WIDGET (preferences), "users_group"));
    g_assert_null (tix_app_test_find (GTK_WIDGET (preferences), "email_row"));
    gtk_window_destroy (GTK_WINDOW (preferences));
  }
}

/* Users ---------------------------------------------------------------------- */

static void
add_user (Fixture    *fixture,
          const char *email,
          const char *name,
          const char *password,
          guint       role)
{
  TixUsersPage *page = TIX_USERS_PAGE (fixture->page);
  GType type = TIX_TYPE_USERS_PAGE;

  set_text (fixture, type, "email_row", email);
  set_text (fixture, type, "name_row", name);
  set_text (fixture, type, "password_row", password);
  adw_combo_row_set_selected (ADW_COMBO_ROW (child (fixture, type, "role_row")), role);
  g_assert_true (gtk_widget_activate_action (fixture->page, "users.add", NULL));
  TIX_APP_TEST_WAIT (!tix_users_page_get_busy (page), 30);
}

static void
test_users_add (Fixture       *fixture,
                gconstpointer  data)
{
  TixUsersPage *page = tix_users_page_new ();

  show_page (fixture, GTK_WIDGET (page));
  TIX_APP_TEST_WAIT (!tix_users_page_get_busy (page) && tix_users_page_get_n_users (page) == 1, 30);
  g_assert_cmpstr (tix_users_page_get_role (page, EMAIL), ==, "admin");

  add_user (fixture, "sam@example.com", "Sam Seller", PASSWORD, 1);
  g_assert_cmpstr (tix_users_page_get_error (page), ==, "");
  TIX_APP_TEST_WAIT (tix_users_page_get_n_users (page) == 2, 30);
  g_assert_cmpstr (tix_users_page_get_role (page, "sam@example.com"), ==, "seller");
  g_assert_cmpuint (fixture->toasts->len, ==, 1);
  /* The form is empty again for the next one. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (fixture, TIX_TYPE_USERS_PAGE,
                                                               "email_row"))), ==, "");

  /* A short password is told at once, at its field. */
  add_user (fixture, "scott@example.com", "Scott Scanner", "short", 2);
  g_assert_cmpstr (tix_users_page_get_error (page), !=, "");
  g_assert_true (gtk_widget_has_css_class (child (fixture, TIX_TYPE_USERS_PAGE, "password_row"),
                                           "error"));

  /* The email taken: the server's 409. */
  add_user (fixture, "sam@example.com", "Sam Again", PASSWORD, 2);
  g_assert_cmpstr (tix_users_page_get_error (page), !=, "");
  g_assert_cmpuint (tix_users_page_get_n_users (page), ==, 2);

  /* The third fills the organization (max_users 3); a fourth is refused plainly. */
  add_user (fixture, "scott@example.com", "Scott Scanner", PASSWORD, 2);
  g_assert_cmpstr (tix_users_page_get_error (page), ==, "");
  TIX_APP_TEST_WAIT (tix_users_page_get_n_users (page) == 3, 30);
  add_user (fixture, "fay@example.com", "Fay Fourth", PASSWORD, 2);
  g_assert_nonnull (strstr (tix_users_page_get_error (page), "3"));
  g_assert_cmpuint (tix_users_page_get_n_users (page), ==, 3);
}

static AdwMessageDialog *
find_dialog (void)
{
  AdwMessageDialog *found = NULL;
  GList *toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data) && gtk_widget_get_visible (l->data))
      found = l->data;
  g_list_free (toplevels);

  return found;
}

static gint64
user_id_of (Fixture    *fixture,
            const char *email)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) users = NULL;
  g_autoptr(GError) error = NULL;

  tix_client_list_users_async (fixture->client, NULL, tix_test_store_result, &result);
  users = tix_client_list_users_finish (fixture->client, wait_for (&result), &error);
  g_assert_no_error (error);
  for (guint i = 0; i < users->len; i++)
    if (g_str_equal (tix_user_get_email (g_ptr_array_index (users, i)), email))
      return tix_user_get_id (g_ptr_array_index (users, i));
  return 0;
}

/* A role changed in its drop-down; a user removed after the confirmation;
 * the last admin cannot be demoted, and the list says so and stays right. */
static void
test_users_role_and_remove (Fixture       *fixture,
                            gconstpointer  data)
{
  TixUsersPage *page = tix_users_page_new ();
  AdwMessageDialog *dialog;
  GtkDropDown *drop_down = NULL;
  gint64 sam;

  show_page (fixture, GTK_WIDGET (page));
  TIX_APP_TEST_WAIT (!tix_users_page_get_busy (page) && tix_users_page_get_n_users (page) == 1, 30);
  add_user (fixture, "sam@example.com", "Sam Seller", PASSWORD, 1);
  TIX_APP_TEST_WAIT (tix_users_page_get_n_users (page) == 2, 30);
  sam = user_id_of (fixture, "sam@example.com");
  g_assert_cmpint (sam, >, 0);

  /* Sam's drop-down: the one whose row is Sam's. */
  for (GtkWidget *w = GTK_WIDGET (page); w != NULL; )
    {
      GtkWidget *next = gtk_widget_get_first_child (w);

      if (GTK_IS_DROP_DOWN (w) &&
          GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (w), "tix-user-id")) == (gsize) sam)
        {
          drop_down = GTK_DROP_DOWN (w);
          break;
        }
      while (next == NULL && w != GTK_WIDGET (page))
        {
          next = gtk_widget_get_next_sibling (w);
          if (next == NULL)
            w = gtk_widget_get_parent (w);
        }
      w = next;
    }
  g_assert_nonnull (drop_down);

  gtk_drop_down_set_selected (drop_down, 2);  /* Scanner */
  TIX_APP_TEST_WAIT (g_strcmp0 (tix_users_page_get_role (page, "sam@example.com"), "scanner") == 0,
                     30);

  /* Remove asks first; Cancel keeps Sam. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "users.remove", "x", sam));
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "cancel");
  tix_app_test_spin (100);
  g_assert_cmpuint (tix_users_page_get_n_users (page), ==, 2);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "users.remove", "x", sam));
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "remove");
  TIX_APP_TEST_WAIT (tix_users_page_get_n_users (page) == 1, 30);
  g_assert_null (tix_users_page_get_role (page, "sam@example.com"));
}

static void
test_audit (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TixSettings) changes = tix_settings_new ();
  g_autoptr(TixSettings) settings = NULL;
  TixAuditPage *page;

  tix_settings_set (changes, TIX_SETTING_EVENT_NAME, "Audit Night");
  tix_client_update_settings_async (fixture->client, changes, NULL, tix_test_store_result, &result);
  settings = tix_client_update_settings_finish (fixture->client, wait_for (&result), &error);
  g_assert_no_error (error);

  page = tix_audit_page_new ();
  show_page (fixture, GTK_WIDGET (page));
  TIX_APP_TEST_WAIT (!tix_audit_page_get_busy (page) && tix_audit_page_get_n_entries (page) >= 1, 30);
  g_assert_cmpuint (fixture->toasts->len, ==, 0);
}

static GtkWidget *
find_numeric_label (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "numeric"))
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_numeric_label (c);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The settings changed are said in words, and the time is the venue's. */
static void
test_audit_words_and_zone (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) listed = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TixSettings) changes = tix_settings_new ();
  g_autoptr(TixSettings) settings = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("Pacific/Auckland");
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) there = NULL;
  g_autofree char *expected = NULL;
  TixAuditPage *page;
  GtkWidget *list, *row;
  const char *subtitle, *description;

  tix_settings_set (changes, TIX_SETTING_EVENT_NAME, "Audit Night");
  tix_settings_set (changes, TIX_SETTING_TIME_ZONE, "Pacific/Auckland");
  tix_client_update_settings_async (fixture->client, changes, NULL, tix_test_store_result, &result);
  settings = tix_client_update_settings_finish (fixture->client, wait_for (&result), &error);
  g_assert_no_error (error);

  tix_client_list_audit_async (fixture->client, 1, 0, NULL, tix_test_store_result, &listed);
  entries = tix_client_list_audit_finish (fixture->client, wait_for (&listed), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 1);
  utc = g_date_time_new_from_unix_utc (tix_audit_entry_get_at (g_ptr_array_index (entries, 0)) / 1000);
  there = g_date_time_to_timezone (utc, zone);
  expected = g_date_time_format (there, "%a %-d %b %Y, %H:%M");

  page = tix_audit_page_new ();
  show_page (fixture, GTK_WIDGET (page));
  TIX_APP_TEST_WAIT (!tix_audit_page_get_busy (page) && tix_audit_page_get_n_entries (page) >= 1, 30);

  list = child (fixture, TIX_TYPE_AUDIT_PAGE, "list");
  row = gtk_widget_get_first_child (list);
  g_assert_true (ADW_IS_ACTION_ROW (row));
  subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
  g_assert_null (strstr (subtitle, "_"));
  g_assert_nonnull (strstr (subtitle, "ime zone"));
  g_assert_nonnull (strstr (subtitle, "vent name"));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (find_numeric_label (row))), ==, expected);

  /* Not this computer's zone (the tests run in UTC or the builder's): said. */
  description = adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (child (fixture,
                                                                                     TIX_TYPE_AUDIT_PAGE,
                                                                                     "group")));
  g_assert_nonnull (strstr (description, "Pacific/Auckland"));
}

/* Standalone's own administrator never had a password: it sets a first
 * one without a current one, and is not shown as its placeholder address. */
static void
test_account_local_admin (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *token = tix_server_thread_create_local_session (fixture->server->thread, &error);
  g_autoptr(GAsyncResult) me = NULL;
  g_autoptr(GAsyncResult) signed_in = NULL;
  g_autoptr(TixUser) user = NULL;
  g_autoptr(TixUser) again = NULL;
  g_autoptr(TixClient) other = tix_client_new (fixture->server->url);
  TixAccountPage *page;
  GType type = TIX_TYPE_ACCOUNT_PAGE;

  g_assert_no_error (error);
  g_clear_object (&fixture->client);
  fixture->client = tix_client_new (fixture->server->url);
  tix_client_set_token (fixture->client, token);
  tix_client_me_async (fixture->client, NULL, tix_test_store_result, &me);
  user = tix_client_me_finish (fixture->client, wait_for (&me), &error);
  g_assert_no_error (error);

  page = tix_account_page_new ();
  show_page (fixture, GTK_WIDGET (page));
  g_assert_null (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (child (fixture, type,
                                                                             "user_row"))),
                         "tix.invalid"));

  set_text (fixture, type, "new_row", "my first password");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "account.change-password", NULL));
  TIX_APP_TEST_WAIT (!tix_account_page_get_busy (page), 60);
  g_assert_false (gtk_widget_get_visible (child (fixture, type, "error_label")));
  g_assert_cmpuint (fixture->toasts->len, ==, 1);

  /* It works for signing in. */
  tix_client_login_async (other, "local@tix.invalid", "my first password", NULL,
                          tix_test_store_result, &signed_in);
  again = tix_client_login_finish (other, wait_for (&signed_in), &error);
  g_assert_no_error (error);

  /* Now that it has one, changing it takes the current one. */
  set_text (fixture, type, "current_row", "");
  set_text (fixture, type, "new_row", "my second password");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "account.change-password", NULL));
  TIX_APP_TEST_WAIT (!tix_account_page_get_busy (page), 60);
  g_assert_true (gtk_widget_get_visible (child (fixture, type, "error_label")));
  g_assert_true (gtk_widget_has_css_class (child (fixture, type, "current_row"), "error"));
}

static void
test_account (Fixture       *fixture,
              gconstpointer  data)
{
  TixAccountPage *page = tix_account_page_new ();
  GType type = TIX_TYPE_ACCOUNT_PAGE;
  GtkWidget *error_label;

  show_page (fixture, GTK_WIDGET (page));
  error_label = child (fixture, type, "error_label");

  /* A wrong current password is said at the field. */
  set_text (fixture, type, "current_row", "not the password");
  set_text (fixture, type, "new_row", "a new long password");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "account.change-password", NULL));
  TIX_APP_TEST_WAIT (!tix_account_page_get_busy (page), 60);
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_true (gtk_widget_has_css_class (child (fixture, type, "current_row"), "error"));

  set_text (fixture, type, "current_row", PASSWORD);
  set_text (fixture, type, "new_row", "a new long password");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "account.change-password", NULL));
  TIX_APP_TEST_WAIT (!tix_account_page_get_busy (page), 60);
  g_assert_false (gtk_widget_get_visible (error_label));
  g_assert_cmpuint (fixture->toasts->len, ==, 1);

  /* It asks first. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "account.logout-others", NULL));
  g_assert_nonnull (find_dialog ());
  adw_message_dialog_response (find_dialog (), "cancel");
  tix_app_test_spin (100);
  g_assert_false (tix_account_page_get_busy (page));
  g_assert_cmpuint (fixture->toasts->len, ==, 1);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "account.logout-others", NULL));
  adw_message_dialog_response (find_dialog (), "sign-out");
  g_assert_true (tix_account_page_get_busy (page));
  TIX_APP_TEST_WAIT (!tix_account_page_get_busy (page), 30);
  g_assert_cmpuint (fixture->toasts->len, ==, 2);
}

/* The preferences window shows the session's pages by role. */
static void
test_preferences_pages (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new ("org.gnome.Tix");
  TixPreferencesWindow *preferences = tix_preferences_window_new (settings);
  GtkWidget *spin;
  guint n_pages = 0;

  gtk_window_present (GTK_WINDOW (preferences));
  tix_preferences_window_set_session (preferences, session_of (fixture));
  settle_preferences (preferences);
  g_assert_nonnull (tix_app_test_find (GTK_WIDGET (preferences), "users_group"));
  g_assert_nonnull (tix_app_test_find (GTK_WIDGET (preferences), "time_zone_row"));

  /* Station preferences are GSettings. */
  gtk_switch_set_active (GTK_SWITCH (tix_app_test_find (GTK_WIDGET (preferences),
                                                        "sounds_switch")), FALSE);
  g_assert_false (g_settings_get_boolean (settings, "scan-sounds"));
  spin = tix_app_test_find (GTK_WIDGET (preferences), "quiet_spin");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 500);
  g_assert_cmpuint (g_settings_get_uint (settings, "scan-quiet-interval"), ==, 500);

  /* Signed out: station preferences only. */
  tix_session_sign_out (fixture->session);
  g_assert_null (tix_app_test_find (GTK_WIDGET (preferences), "users_group"));
  (void) n_pages;

  gtk_window_destroy (GTK_WINDOW (preferences));
  fixture->page = NULL;
}

int
main (int   argc,
      char *argv[])
{
  tix_app_test_init (&argc, &argv);
  g_resources_register (tix_get_resource ());

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/tix/app/settings/field-error", test_settings_field_error);
  ADD ("/tix/app/settings/date-picker", test_settings_date_picker);
  ADD ("/tix/app/settings/all-errors", test_settings_all_errors);
  ADD ("/tix/app/settings/live", test_settings_live);
  ADD ("/tix/app/settings/read-only", test_settings_read_only);
  ADD ("/tix/app/users/add", test_users_add);
  ADD ("/tix/app/users/role-and-remove", test_users_role_and_remove);
  ADD ("/tix/app/users/audit", test_audit);
  ADD ("/tix/app/users/audit-words-and-zone", test_audit_words_and_zone);
  ADD ("/tix/app/users/account", test_account);
  ADD ("/tix/app/users/account-local-admin", test_account_local_admin);
  ADD ("/tix/app/preferences/pages", test_preferences_pages);

  {
    int status = g_test_run ();

    tix_app_test_cleanup ();
    return status;
  }
}
