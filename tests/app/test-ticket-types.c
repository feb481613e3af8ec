/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The ticket types editor against a real in-process server: reached from
 * the events page's menu and from the Sell view's "Nothing to Sell"; a type
 * added with refused fields (real keys where there is an X display), a
 * price changed, a quota below what was sold refused under its field, a
 * sold type deleted (taken off sale instead), the roles; then the Sell view
 * offers the new type. */
#define G_LOG_DOMAIN "test-ticket-types"

#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "tix-app-test-util.h"
#include "tix-client.h"
#include "tix-events-view.h"
#include "tix-resources.h"
#include "tix-sell-view.h"
#include "tix-test-keys.h"
#include "tix-test-util.h"
#include "tix-ticket-type-dialog.h"
#include "tix-ticket-types-window.h"

#define EMAIL    "manager@example.com"
#define PASSWORD "correct horse battery"
#define NAME     "Venue Manager"
#define ORG      "Ticket Types Test Org"

typedef struct
{
  TixTestServer  *server;
  TixClient      *client;    /* the admin's: the view's, and the test's requests */
  TixSession     *session;
  TixSeason      *season;
  GtkWindow      *window;
  TixEventsView  *view;
  gint64          event_id;  /* the organization's first (current) event */
  GPtrArray      *toasts;    /* char *, titles of the types window's toasts */
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

/* A type of €10, no quota, for the event @event_id. */
static void
create_type_for (Fixture    *fixture,
                 gint64      event_id,
                 const char *name)
{
  g_autoptr(TixTicketType) type = tix_ticket_type_new ();
  g_autoptr(TixTicketType) made = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  type->name = g_strdup (name);
  type->price = 1000;
  tix_client_create_ticket_type_async (fixture->client, event_id, type, NULL,
                                       tix_test_store_result, &result);
  made = tix_client_create_ticket_type_finish (fixture->client, wait_for (&result), &error);
  g_assert_no_error (error);
}

static gint64
create_type (Fixture    *fixture,
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
  tix_client_create_ticket_type_async (fixture->client, fixture->event_id, type, NULL,
                                       tix_test_store_result, &result);
  made = tix_client_create_ticket_type_finish (fixture->client, wait_for (&result), &error);
  g_assert_no_error (error);
  return made->id;
}

/* @quantity of @type_id, paid by card, in a shift opened for it. */
static void
sell (Fixture *fixture,
      gint64   type_id,
      gint64   quantity)
{
  g_autoptr(GAsyncResult) opened = NULL;
  g_autoptr(GAsyncResult) sold = NULL;
  g_autoptr(TixShift) shift = NULL;
  g_autoptr(TixOrder) order = NULL;
  g_autoptr(GError) error = NULL;
  TixClientSaleLine line = { 0 };

  tix_client_open_shift_async (fixture->client, 0, NULL, tix_test_store_result, &opened);
  shift = tix_client_open_shift_finish (fixture->client, wait_for (&opened), &error);
  if (shift == NULL)
    g_assert_error (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_CONFLICT);   /* already open */
  g_clear_error (&error);

  line.type_id = type_id;
  line.quantity = quantity;
  tix_client_sell_async (fixture->client, fixture->event_id, &line, 1, TIX_PAYMENT_CARD, 0, NULL,
                         tix_test_store_result, &sold);
  order = tix_client_sell_finish (fixture->client, wait_for (&sold), &error);
  g_assert_no_error (error);
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

/* The types window of the event, opened from the event's menu. */
static TixTicketTypesWindow *
open_types (Fixture *fixture)
{
  TixTicketTypesWindow *window;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "events.types", "x",
                                             fixture->event_id));
  TIX_APP_TEST_WAIT (TIX_IS_TICKET_TYPES_WINDOW (tix_events_view_get_dialog (fixture->view)) &&
                     gtk_widget_get_mapped (GTK_WIDGET (tix_events_view_get_dialog (fixture->view))),
                     30);
  window = TIX_TICKET_TYPES_WINDOW (tix_events_view_get_dialog (fixture->view));
  g_signal_connect (window, "toast-added", G_CALLBACK (add_toast_cb), fixture);
  g_assert_cmpint (tix_ticket_types_window_get_event_id (window), ==, fixture->event_id);
  TIX_APP_TEST_WAIT (tix_ticket_types_window_get_n_busy (window) == 0 &&
                     g_strcmp0 (page (GTK_WIDGET (window)), "loading") != 0, 30);
  return window;
}

static GtkWidget *
wait_dialog (TixTicketTypesWindow *window,
             GType                 type)
{
  TIX_APP_TEST_WAIT (tix_ticket_types_window_get_dialog (window) != NULL &&
                     G_TYPE_CHECK_INSTANCE_TYPE (tix_ticket_types_window_get_dialog (window), type) &&
                     gtk_widget_get_mapped (GTK_WIDGET (tix_ticket_types_window_get_dialog (window))),
                     30);
  return GTK_WIDGET (tix_ticket_types_window_get_dialog (window));
}

static void
wait_closed (TixTicketTypesWindow *window,
             GtkWidget            *dialog)
{
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  TIX_APP_TEST_WAIT (dialog == NULL, 30);
  TIX_APP_TEST_WAIT (tix_ticket_types_window_get_n_busy (window) == 0, 30);
}

/* The row of the type called @name, or NULL. */
static AdwActionRow *
row_named (TixTicketTypesWindow *window,
           const char           *name)
{
  GtkWidget *list = child (GTK_WIDGET (window), "types_list");

  for (GtkWidget *c = gtk_widget_get_first_child (list); c != NULL; c = gtk_widget_get_next_sibling (c))
    if (ADW_IS_ACTION_ROW (c) &&
        g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (c)), name) == 0)
      return ADW_ACTION_ROW (c);
  return NULL;
}

static const TixTicketType *
type_named (TixTicketTypesWindow *window,
            const char           *name)
{
  GPtrArray *types = tix_ticket_types_window_get_types (window);

  for (guint i = 0; i < types->len; i++)
    if (g_strcmp0 (((TixTicketType *) g_ptr_array_index (types, i))->name, name) == 0)
      return g_ptr_array_index (types, i);
  return NULL;
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

static void
set_text (GtkWidget  *root,
          const char *id,
          const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (child (root, id)), text);
}

/* @text into the field @id as a person types it (real keys), or set when
 * there is no X display. */
static void
type_into (GtkWidget  *dialog,
           const char *id,
           const char *text)
{
  g_autofree char *why = tix_test_keys_unavailable ();
  GtkWidget *row = child (dialog, id);

  gtk_editable_set_text (GTK_EDITABLE (row), "");
  if (why != NULL)
    {
      g_test_message ("No real keys (%s): setting the text", why);
      gtk_editable_set_text (GTK_EDITABLE (row), text);
      return;
    }
  tix_test_keys_focus (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (row);
  tix_test_keys_type (text, 5);
  TIX_APP_TEST_WAIT (g_str_equal (gtk_editable_get_text (GTK_EDITABLE (row)), text), 10);
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

/* Tests ------------------------------------------------------------------------ */

/* Add: every refused field at once and nothing sent; then typed right, with
 * the cashier's comma. */
static void
test_add (Fixture       *fixture,
          gconstpointer  data)
{
  TixTicketTypesWindow *window = open_types (fixture);
  const TixTicketType *type;
  GtkWidget *dialog;
  AdwActionRow *row;

  g_assert_cmpstr (page (GTK_WIDGET (window)), ==, "empty");
  g_assert_true (gtk_widget_get_sensitive (child (GTK_WIDGET (window), "empty_add_button")));
  gtk_widget_activate (child (GTK_WIDGET (window), "empty_add_button"));
  dialog = wait_dialog (window, TIX_TYPE_TICKET_TYPE_DIALOG);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, "New Ticket Type");
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (child (dialog, "price_row"))),
                   ==, "Price (€)");

  /* No name, a price with a decimal too many, a prefix with a space, a quota below 0. */
  type_into (dialog, "price_row", "12.555");
  set_text (dialog, "prefix_row", "A B");
  set_text (dialog, "quota_row", "-5");
  gtk_widget_activate (child (dialog, "save_button"));
  TIX_APP_TEST_WAIT (error_shown (dialog, "name"), 5);
  g_assert_true (error_shown (dialog, "price"));
  g_assert_true (error_shown (dialog, "prefix"));
  g_assert_true (error_shown (dialog, "quota"));
  g_assert_nonnull (strstr (error_text (dialog, "price"), "2 decimals"));
  g_assert_true (gtk_widget_has_css_class (child (dialog, "price_row"), "error"));
  g_assert_false (tix_ticket_type_dialog_get_busy (TIX_TICKET_TYPE_DIALOG (dialog)));

  /* Fixing one takes its message away, the others stay. */
  set_text (dialog, "quota_row", "50");
  g_assert_false (error_shown (dialog, "quota"));
  g_assert_true (error_shown (dialog, "name"));
  type_into (dialog, "name_row", "Adult");
  g_assert_false (error_shown (dialog, "name"));
  type_into (dialog, "price_row", "12,50");
  g_assert_false (error_shown (dialog, "price"));
  set_text (dialog, "prefix_row", "AD");
  g_assert_false (error_shown (dialog, "prefix"));

  gtk_widget_activate (child (dialog, "save_button"));
  wait_closed (window, dialog);
  TIX_APP_TEST_WAIT ((row = row_named (window, "Adult")) != NULL, 30);
  g_assert_cmpstr (page (GTK_WIDGET (window)), ==, "list");
  type = type_named (window, "Adult");
  g_assert_cmpint (type->price, ==, 1250);
  g_assert_cmpint (type->quota, ==, 50);
  g_assert_cmpstr (type->prefix, ==, "AD");
  g_assert_true (type->active);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (tix_app_test_find_named (GTK_WIDGET (row), "price_label"))),
                   ==, "€12.50");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (row), "0 sold"));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (row), "50 left"));
  g_assert_null (tix_app_test_find_named (GTK_WIDGET (row), "inactive_label"));
  g_assert_true (has_toast (fixture, "Adult"));

  /* Without a prefix: the organization's default; without a quota: no limit. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "types.add", NULL));
  dialog = wait_dialog (window, TIX_TYPE_TICKET_TYPE_DIALOG);
  set_text (dialog, "name_row", "Child");
  set_text (dialog, "price_row", "6");
  tix_ticket_type_dialog_save (TIX_TICKET_TYPE_DIALOG (dialog));
  wait_closed (window, dialog);
  TIX_APP_TEST_WAIT (row_named (window, "Child") != NULL, 30);
  type = type_named (window, "Child");
  g_assert_cmpint (type->price, ==, 600);
  g_assert_cmpint (type->quota, ==, TIX_TICKET_TYPE_NO_LIMIT);
  g_assert_cmpstr (type->prefix, !=, "");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (row_named (window, "Child")), "no limit"));
  g_assert_cmpuint (tix_ticket_types_window_get_types (window)->len, ==, 2);
}

/* Edit: the dialog shows the type; a quota below what was sold is refused
 * by the server under its field; a new price is saved. */
static void
test_edit (Fixture       *fixture,
           gconstpointer  data)
{
  gint64 id = create_type (fixture, "Adult", 1250, 10);
  TixTicketTypesWindow *window;
  const TixTicketType *type;
  GtkWidget *dialog;

  sell (fixture, id, 3);
  window = open_types (fixture);
  TIX_APP_TEST_WAIT (row_named (window, "Adult") != NULL, 30);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (row_named (window, "Adult")), "3 sold"));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (row_named (window, "Adult")), "7 left"));

  /* Activating the row edits it, as a click does. */
  g_signal_emit_by_name (row_named (window, "Adult"), "activate");
  dialog = wait_dialog (window, TIX_TYPE_TICKET_TYPE_DIALOG);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, "Edit Ticket Type");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (dialog, "name_row"))), ==, "Adult");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (dialog, "price_row"))), ==, "12.50");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (dialog, "quota_row"))), ==, "10");
  g_assert_true (gtk_widget_get_visible (child (dialog, "sold_label")));

  type_into (dialog, "quota_row", "2");
  type_into (dialog, "price_row", "14");
  gtk_widget_activate (child (dialog, "save_button"));
  TIX_APP_TEST_WAIT (error_shown (dialog, "quota"), 30);
  TIX_APP_TEST_WAIT (!tix_ticket_type_dialog_get_busy (TIX_TICKET_TYPE_DIALOG (dialog)), 30);
  g_assert_cmpstr (error_text (dialog, "quota"), !=, "");
  g_assert_false (error_shown (dialog, "price"));
  g_assert_true (gtk_widget_get_mapped (dialog));
  /* Nothing changed. */
  tix_ticket_types_window_reload (window);
  TIX_APP_TEST_WAIT (tix_ticket_types_window_get_n_busy (window) == 0, 30);
  g_assert_cmpint (type_named (window, "Adult")->price, ==, 1250);
  g_assert_cmpint (type_named (window, "Adult")->quota, ==, 10);

  set_text (dialog, "quota_row", "20");
  g_assert_false (error_shown (dialog, "quota"));   /* changed: the server's message goes */
  gtk_widget_activate (child (dialog, "save_button"));
  wait_closed (window, dialog);
  TIX_APP_TEST_WAIT ((type = type_named (window, "Adult")) != NULL && type->price == 1400, 30);
  g_assert_cmpint (type->quota, ==, 20);
  g_assert_cmpint (type->sold, ==, 3);
  TIX_APP_TEST_WAIT (strstr (adw_action_row_get_subtitle (row_named (window, "Adult")), "17 left") != NULL,
                     30);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (tix_app_test_find_named (GTK_WIDGET (row_named (window, "Adult")),
                                                               "price_label"))), ==, "€14.00");

  /* A sale elsewhere: the counts follow the stream. */
  sell (fixture, id, 2);
  TIX_APP_TEST_WAIT (strstr (adw_action_row_get_subtitle (row_named (window, "Adult")), "5 sold") != NULL,
                     30);
}

/* Delete: one that never sold goes after a question; one that sold is
 * taken off sale instead, and the toast says so. */
static void
test_delete (Fixture       *fixture,
             gconstpointer  data)
{
  gint64 adult = create_type (fixture, "Adult", 1250, TIX_TICKET_TYPE_NO_LIMIT);
  gint64 promo = create_type (fixture, "Promo", 500, TIX_TICKET_TYPE_NO_LIMIT);
  TixTicketTypesWindow *window;
  AdwMessageDialog *dialog;
  AdwActionRow *row;

  sell (fixture, adult, 1);
  window = open_types (fixture);
  TIX_APP_TEST_WAIT (row_named (window, "Promo") != NULL, 30);

  /* The row's trash button, as a person clicks it. */
  gtk_widget_activate (tix_app_test_find_named (GTK_WIDGET (row_named (window, "Promo")), "delete_button"));
  dialog = ADW_MESSAGE_DIALOG (wait_dialog (window, ADW_TYPE_MESSAGE_DIALOG));
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Delete “Promo”?");
  tix_app_test_click_response (dialog, "delete");
  wait_closed (window, GTK_WIDGET (dialog));
  TIX_APP_TEST_WAIT (row_named (window, "Promo") == NULL, 30);
  TIX_APP_TEST_WAIT (has_toast (fixture, "“Promo” deleted"), 5);
  g_assert_cmpuint (tix_ticket_types_window_get_types (window)->len, ==, 1);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "types.delete", "x", adult));
  dialog = ADW_MESSAGE_DIALOG (wait_dialog (window, ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (strstr (adw_message_dialog_get_heading (dialog), "Has Sold Tickets"));
  g_assert_cmpstr (adw_message_dialog_get_response_label (dialog, "delete"), ==, "_Take Off Sale");
  tix_app_test_click_response (dialog, "delete");
  wait_closed (window, GTK_WIDGET (dialog));
  TIX_APP_TEST_WAIT (has_toast (fixture, "taken off sale"), 30);
  TIX_APP_TEST_WAIT ((row = row_named (window, "Adult")) != NULL &&
                     tix_app_test_find_named (GTK_WIDGET (row), "inactive_label") != NULL, 30);
  g_assert_false (type_named (window, "Adult")->active);
  g_assert_cmpint (type_named (window, "Adult")->sold, ==, 1);
  (void) promo;
}

/* A seller or a scanner: no "Ticket Types…", and the window, made anyway,
 * shows only that it is for administrators. */
static void
test_roles (Fixture       *fixture,
            gconstpointer  data)
{
  const char *roles[] = { "seller", "scanner" };
  TixTicketTypesWindow *window;

  create_type (fixture, "Adult", 1250, TIX_TICKET_TYPE_NO_LIMIT);
  window = tix_ticket_types_window_new (fixture->session, fixture->season, fixture->event_id);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_present (GTK_WINDOW (window));
  TIX_APP_TEST_WAIT (row_named (window, "Adult") != NULL, 30);
  g_assert_true (tix_ticket_types_window_get_allowed (window));

  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    {
      g_autoptr(TixClient) other = sign_in_as (fixture, roles[i]);

      TIX_APP_TEST_WAIT (!tix_events_view_get_allowed (fixture->view), 30);
      g_assert_false (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "events.types", "x",
                                                  fixture->event_id) &&
                      tix_events_view_get_dialog (fixture->view) != NULL);
      g_assert_null (tix_events_view_get_dialog (fixture->view));

      TIX_APP_TEST_WAIT (!tix_ticket_types_window_get_allowed (window), 30);
      g_assert_cmpstr (page (GTK_WIDGET (window)), ==, "not-allowed");
      g_assert_false (gtk_widget_get_sensitive (child (GTK_WIDGET (window), "add_button")));
      gtk_widget_activate_action (GTK_WIDGET (window), "types.add", NULL);
      g_assert_null (tix_ticket_types_window_get_dialog (window));
      g_assert_cmpuint (tix_ticket_types_window_get_types (window)->len, ==, 0);
      tix_session_sign_out (fixture->session);
    }

  tix_session_sign_in (fixture->session, fixture->client, FALSE);
  TIX_APP_TEST_WAIT (tix_ticket_types_window_get_allowed (window) &&
                     row_named (window, "Adult") != NULL, 30);
  g_assert_true (gtk_widget_get_sensitive (child (GTK_WIDGET (window), "add_button")));
  gtk_window_destroy (GTK_WINDOW (window));
  TIX_APP_TEST_WAIT (window == NULL, 30);
}

static TixTicketTypesWindow *
find_types_window (void)
{
  g_autoptr(GList) windows = gtk_window_list_toplevels ();

  for (GList *l = windows; l != NULL; l = l->next)
    if (TIX_IS_TICKET_TYPES_WINDOW (l->data) && gtk_widget_get_mapped (l->data))
      return l->data;
  return NULL;
}

/* The Sell view with nothing to sell: its button (for admins alone) opens
 * the types of the window's event; the type added there is on sale at once. */
static void
test_sell_view (Fixture       *fixture,
                gconstpointer  data)
{
  GtkWindow *desk = tix_app_test_toast_window_new ();
  TixSellView *sell_view = tix_sell_view_new ();
  g_autofree char *no_keys = tix_test_keys_unavailable ();
  TixTicketTypesWindow *window;
  GtkWidget *button, *dialog, *types_box;

  g_object_add_weak_pointer (G_OBJECT (sell_view), (gpointer *) &sell_view);
  gtk_window_set_default_size (desk, 1100, 760);
  gtk_window_set_child (desk, GTK_WIDGET (sell_view));
  g_object_set (sell_view, "season", fixture->season, "session", fixture->session, NULL);
  gtk_window_present (desk);
  TIX_APP_TEST_WAIT (tix_sell_view_get_n_busy (sell_view) == 0 &&
                     g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (child (GTK_WIDGET (sell_view), "types_stack"))),
                                "empty") == 0, 30);
  button = child (GTK_WIDGET (sell_view), "no_types_button");
  g_assert_true (gtk_widget_get_visible (button));

  /* A seller has nothing to set up. */
  {
    g_autoptr(TixClient) other = sign_in_as (fixture, "seller");

    TIX_APP_TEST_WAIT (!gtk_widget_get_visible (button), 30);
    tix_session_sign_out (fixture->session);
    tix_session_sign_in (fixture->session, fixture->client, FALSE);
    TIX_APP_TEST_WAIT (gtk_widget_get_visible (button), 30);
  }

  gtk_widget_activate (button);
  TIX_APP_TEST_WAIT ((window = find_types_window ()) != NULL, 30);
  g_signal_connect (window, "toast-added", G_CALLBACK (add_toast_cb), fixture);
  g_assert_cmpint (tix_ticket_types_window_get_event_id (window), ==,
                   tix_season_get_event_id (fixture->season));
  TIX_APP_TEST_WAIT (g_strcmp0 (page (GTK_WIDGET (window)), "empty") == 0, 30);

  /* It follows the window's choice of event, and back. */
  {
    g_autoptr(TixEvent) draft = tix_event_new ("Matinee");
    g_autoptr(TixEvent) matinee = NULL;
    g_autoptr(GAsyncResult) made = NULL;
    g_autoptr(GError) error = NULL;
    gint64 other;

    tix_client_create_event_async (fixture->client, draft, NULL, tix_test_store_result, &made);
    matinee = tix_client_create_event_finish (fixture->client, wait_for (&made), &error);
    g_assert_no_error (error);
    other = tix_event_get_id (matinee);
    create_type_for (fixture, other, "Matinee Seat");
    TIX_APP_TEST_WAIT (tix_season_lookup (fixture->season, other) != NULL, 30);
    tix_season_set_selected_id (fixture->season, other);
    TIX_APP_TEST_WAIT (tix_ticket_types_window_get_event_id (window) == other &&
                       row_named (window, "Matinee Seat") != NULL, 30);
    g_assert_cmpstr (adw_window_title_get_subtitle (ADW_WINDOW_TITLE (child (GTK_WIDGET (window), "window_title"))),
                     ==, "Matinee");
    tix_season_set_selected_id (fixture->season, fixture->event_id);
    TIX_APP_TEST_WAIT (tix_ticket_types_window_get_event_id (window) == fixture->event_id &&
                       g_strcmp0 (page (GTK_WIDGET (window)), "empty") == 0, 30);
    TIX_APP_TEST_WAIT (tix_sell_view_get_n_busy (sell_view) == 0 &&
                       tix_sell_basket_get_types (tix_sell_view_get_basket (sell_view))->len == 0, 30);
  }

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "types.add", NULL));
  dialog = wait_dialog (window, TIX_TYPE_TICKET_TYPE_DIALOG);
  type_into (dialog, "name_row", "Walk-in");
  type_into (dialog, "price_row", "18.00");
  /* Enter in a field saves. */
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  if (no_keys == NULL)
    tix_test_keys_press ("Return");
  else
    g_signal_emit_by_name (child (dialog, "price_row"), "entry-activated");
  TIX_APP_TEST_WAIT (dialog == NULL, 30);
  TIX_APP_TEST_WAIT (row_named (window, "Walk-in") != NULL, 30);

  /* The desk's button for it. */
  types_box = child (GTK_WIDGET (sell_view), "types_box");
  TIX_APP_TEST_WAIT (tix_sell_basket_get_types (tix_sell_view_get_basket (sell_view))->len == 1 &&
                     gtk_widget_get_first_child (types_box) != NULL, 30);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (child (GTK_WIDGET (sell_view), "types_stack"))),
                   ==, "types");
  g_assert_cmpint (((TixTicketType *) g_ptr_array_index (tix_sell_basket_get_types (tix_sell_view_get_basket (sell_view)), 0))->price,
                   ==, 1800);

  /* The window goes with the view. */
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_destroy (desk);
  TIX_APP_TEST_WAIT (sell_view == NULL && window == NULL, 30);
}

int
main (int   argc,
      char *argv[])
{
  tix_app_test_init (&argc, &argv);
  g_resources_register (tix_get_resource ());

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/tix/app/types/add", test_add);
  ADD ("/tix/app/types/edit", test_edit);
  ADD ("/tix/app/types/delete", test_delete);
  ADD ("/tix/app/types/roles", test_roles);
  ADD ("/tix/app/types/sell-view", test_sell_view);

  return g_test_run ();
}
