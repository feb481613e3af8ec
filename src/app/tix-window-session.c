/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-window"

#include "config.h"

#include <glib/gi18n.h>

#include "tix-app-util.h"
#include "tix-window-private.h"

/* Signing in and out, and the window's pages ("loading", "login", "error",
 * "main") on the way:
 *   standalone  this computer's tickets: the embedded server opens the
 *               database in a thread and gives a local session
 *   remote      a server's: the token saved in the keyring for the last
 *               address and email, else the login page
 * The session (TixSession) holds the client; the views follow it. */

static TixApplication *
get_application (TixWindow *self)
{
  return TIX_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
}

static void
show_page (TixWindow  *self,
           const char *name)
{
  GAction *show_view = g_action_map_lookup_action (G_ACTION_MAP (self), "show-view");

  gtk_stack_set_visible_child_name (self->stack, name);

  /* Ctrl+1…4 only mean something once signed in. */
  g_simple_action_set_enabled (G_SIMPLE_ACTION (show_view), g_str_equal (name, "main"));
}

/* Scan conflicts and the entrances are for admins. */
static void
update_conflicts_action (TixWindow *self)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), "scan-conflicts");
  TixClient *client = tix_window_get_client (self);
  TixUser *user = client != NULL ? tix_client_get_user (client) : NULL;

  if (action != NULL)
    g_simple_action_set_enabled (G_SIMPLE_ACTION (action),
                                 user != NULL && tix_user_is_admin (user));
  action = g_action_map_lookup_action (G_ACTION_MAP (self), "manage-entrances");
  if (action != NULL)
    g_simple_action_set_enabled (G_SIMPLE_ACTION (action),
                                 user != NULL && tix_user_is_admin (user));
}

/* Signed in (@client) or out (NULL): the views follow the session. */
static void
set_client (TixWindow *self,
            TixClient *client,
            gboolean   remote)
{
  if (client != NULL)
    tix_session_sign_in (self->session, client, remote);
  else
    tix_session_sign_out (self->session);

  update_conflicts_action (self);
}

/* Cancels whatever session was being opened and gives a fresh cancellable. */
GCancellable *
_tix_window_restart_cancellable (TixWindow *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  return self->cancellable;
}

static void
set_station (TixWindow *self,
             TixClient *client)
{
  g_autofree char *station = tix_application_dup_station_id (get_application (self));

  tix_client_set_station_id (client, station);
}

void
_tix_window_show_login (TixWindow *self)
{
  g_autofree char *url = g_settings_get_string (self->settings, "server-url");
  g_autofree char *email = g_settings_get_string (self->settings, "last-email");

  _tix_window_dismiss_toasts (self);
  tix_login_page_reset (self->login_page, url, email);
  /* Signed out of this computer's tickets: a colleague signs in here next. */
  tix_login_page_set_this_computer (self->login_page, url[0] == '\0' &&
                                    g_file_test (tix_application_get_database_path (get_application (self)),
                                                 G_FILE_TEST_EXISTS));
  show_page (self, "login");
}

static void
warn_no_secret_service (TixWindow    *self,
                        const GError *error)
{
  TixApplication *app = get_application (self);

  g_debug ("Secret Service: %s", error->message);

  if (app != NULL && !tix_application_take_secret_warning (app))
    return;

  tix_window_add_toast (self,
                        adw_toast_new (_("No keyring available: you will have to sign in again "
                                         "next time Tix starts")));
}

static void
token_saved_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(TixWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!tix_session_remember_finish (TIX_SESSION (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    warn_no_secret_service (self, error);
}

/* The server ended the session (the session forgot its token and signed
 * out): back to signing in. */
static void
session_ended_cb (TixSession    *session,
                  TixSessionEnd  reason,
                  TixWindow     *self)
{
  _tix_window_restart_cancellable (self);
  update_conflicts_action (self);
  _tix_window_show_login (self);
  tix_login_page_show_error (self->login_page,
                             _("Your session has ended. Please sign in again."));
}

static void
signed_in (TixWindow *self,
           TixClient *client,
           gboolean   remote)
{
  TixUser *user = tix_client_get_user (client);
  g_autofree char *server = NULL;

  set_client (self, client, remote);
  tix_tickets_view_reload (self->tickets_view);

  if (remote)
    /* Translators: where the tickets are, in the account popover */
    server = g_strdup_printf (_("Server: %s"), tix_client_get_base_url (client));
  else
    server = g_strdup (_("Tickets are kept on this computer"));

  gtk_label_set_label (self->user_label, user != NULL ? tix_user_get_name (user) : "");
  gtk_label_set_label (self->server_label, server);
  adw_view_switcher_title_set_subtitle (self->switcher_title,
                                        user != NULL ? tix_user_get_name (user) : NULL);

  /* The desk is for sellers (admins too); a seller starts there. */
  adw_view_stack_page_set_visible (self->sell_page,
                                   user != NULL && g_strcmp0 (tix_user_get_role (user), "scanner") != 0);
  adw_view_stack_set_visible_child_name (self->view_stack,
                                         user != NULL && g_strcmp0 (tix_user_get_role (user), "seller") == 0
                                         ? "sell" : "generate");
  show_page (self, "main");
}

/* Standalone mode ------------------------------------------------------------ */

static void
local_session_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  TixApplication *app = task_data;
  TixServerThread *server;
  GError *error = NULL;
  char *token;

  server = tix_application_get_local_server (app, &error);
  if (server == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  token = tix_server_thread_create_local_session (server, &error);
  if (token == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, token, g_free);
}

static void
show_database_error (TixWindow    *self,
                     const GError *error)
{
  TixApplication *app = get_application (self);
  g_autofree char *description = NULL;

  description = g_markup_printf_escaped (
    _("Tix keeps its tickets in\n<b>%s</b>\nbut could not open that file: %s.\n\n"
      "The file has been left exactly as it was. Restore it from a backup or move it "
      "elsewhere to start with an empty database, then try again."),
    tix_application_get_database_path (app), error->message);

  adw_status_page_set_description (self->error_page, description);
  show_page (self, "error");
}

static void
local_me_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  TixClient *client = TIX_CLIENT (object);
  g_autoptr(TixWindow) self = user_data;
  g_autoptr(TixUser) user = NULL;
  g_autoptr(GError) error = NULL;

  user = tix_client_me_finish (client, result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (user == NULL)
    {
      show_database_error (self, error);
      return;
    }

  signed_in (self, client, FALSE);
}

static void
local_session_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  TixWindow *self = TIX_WINDOW (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(TixClient) client = NULL;
  g_autofree char *token = NULL;
  TixServerThread *server;

  token = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (token == NULL)
    {
      g_message ("Could not open the database: %s", error->message);
      show_database_error (self, error);
      return;
    }

  server = tix_application_get_local_server (get_application (self), NULL);
  g_assert (server != NULL);

  client = tix_client_new (tix_server_thread_get_url (server));
  tix_client_set_compression (client, FALSE);
  set_station (self, client);
  tix_client_set_token (client, token);
  tix_client_me_async (client, self->cancellable, local_me_cb, g_object_ref (self));
}

static void
start_standalone (TixWindow *self)
{
  g_autoptr(GTask) task = NULL;

  adw_status_page_set_title (self->loading_page, _("Opening the Ticket Database…"));
  show_page (self, "loading");

  task = g_task_new (self, self->cancellable, local_session_cb, NULL);
  g_task_set_source_tag (task, start_standalone);
  g_task_set_task_data (task, g_object_ref (get_application (self)), g_object_unref);
  g_task_run_in_thread (task, local_session_thread);
}

/* Remote servers ------------------------------------------------------------- */

static void
restore_me_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  TixClient *client = TIX_CLIENT (object);
  g_autoptr(TixWindow) self = user_data;
  g_autoptr(TixUser) user = NULL;
  g_autoptr(GError) error = NULL;

  user = tix_client_me_finish (client, result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (user != NULL)
    {
      signed_in (self, client, TRUE);
      return;
    }

  _tix_window_show_login (self);

  if (g_error_matches (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_UNAUTHORIZED))
    {
      g_autofree char *url = g_settings_get_string (self->settings, "server-url");
      g_autofree char *email = g_settings_get_string (self->settings, "last-email");

      /* The saved session has expired or was revoked: forget it. */
      tix_session_forget_token (self->session, url, email);
      tix_login_page_show_error (self->login_page,
                                 _("Your session has ended. Please sign in again."));
    }
  else
    {
      tix_login_page_show_error (self->login_page, error->message);
    }
}

static void
token_lookup_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(TixWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  g_autofree char *url = NULL;
  g_autoptr(TixClient) client = NULL;

  token = tix_session_lookup_token_finish (TIX_SESSION (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (token == NULL)
    {
      _tix_window_show_login (self);
      if (error != NULL)
        warn_no_secret_service (self, error);
      return;
    }

  url = g_settings_get_string (self->settings, "server-url");
  client = tix_client_new (url);
  set_station (self, client);
  tix_apply_pinned_certificate (client);
  tix_client_set_token (client, token);
  tix_client_me_async (client, self->cancellable, restore_me_cb, g_object_ref (self));
}

static void
start_remote (TixWindow  *self,
              const char *url)
{
  g_autofree char *email = g_settings_get_string (self->settings, "last-email");

  if (email[0] == '\0')
    {
      _tix_window_show_login (self);
      return;
    }

  adw_status_page_set_title (self->loading_page, _("Connecting…"));
  show_page (self, "loading");
  tix_session_lookup_token_async (self->session, url, email, self->cancellable,
                                  token_lookup_cb, g_object_ref (self));
}

/* Signals of the pages ------------------------------------------------------- */

static void
on_login_signed_in (TixLoginPage *page,
                    TixClient    *client,
                    TixWindow    *self)
{
  TixUser *user = tix_client_get_user (client);
  const char *url = tix_client_get_base_url (client);
  const char *email = user != NULL ? tix_user_get_email (user) : "";

  _tix_window_restart_cancellable (self);

  /* A colleague on this computer: its server's port changes at each start,
   * so nothing is remembered; the next start is this computer's again. */
  if (tix_login_page_get_this_computer (page))
    {
      g_settings_set_string (self->settings, "server-url", "");
      signed_in (self, client, FALSE);
      return;
    }

  g_settings_set_string (self->settings, "server-url", url);
  g_settings_set_string (self->settings, "last-email", email);

  signed_in (self, client, TRUE);
  tix_session_remember_async (self->session, self->cancellable, token_saved_cb,
                              g_object_ref (self));
}

static void
on_login_standalone_requested (TixLoginPage *page,
                               TixWindow    *self)
{
  g_settings_set_string (self->settings, "server-url", "");
  tix_window_start_session (self);
}

static void
on_station_name_changed (TixWindow *self)
{
  if (tix_window_get_client (self) != NULL)
    set_station (self, tix_window_get_client (self));
}

void
tix_window_start_session (TixWindow *self)
{
  g_autofree char *url = NULL;

  g_return_if_fail (TIX_IS_WINDOW (self));
  g_return_if_fail (self->settings != NULL);

  _tix_window_restart_cancellable (self);
  set_client (self, NULL, FALSE);

  url = g_settings_get_string (self->settings, "server-url");
  if (url[0] == '\0')
    start_standalone (self);
  else
    start_remote (self, url);
}

void
tix_window_logout (TixWindow *self)
{
  g_return_if_fail (TIX_IS_WINDOW (self));

  _tix_window_restart_cancellable (self);
  if (self->session != NULL)
    tix_session_logout (self->session);
  update_conflicts_action (self);
  _tix_window_show_login (self);
}

/* Setting up ------------------------------------------------------------------ */

void
_tix_window_class_session_init (TixWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_bind_template_callback (widget_class, on_login_signed_in);
  gtk_widget_class_bind_template_callback (widget_class, on_login_standalone_requested);
}

/* Once the window has its application's settings and session. */
void
_tix_window_session_init (TixWindow *self)
{
  g_signal_connect_object (self->session, "ended", G_CALLBACK (session_ended_cb), self, 0);
  /* A new station name goes with the next request. */
  g_signal_connect_object (self->settings, "changed::station-name",
                           G_CALLBACK (on_station_name_changed), self, G_CONNECT_SWAPPED);
}
