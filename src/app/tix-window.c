/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-window"

#include "config.h"

#include <glib/gi18n.h>

#include "tix-toast-host.h"
#include "tix-app-util.h"
#include "tix-window-private.h"

static void toast_host_iface_init (TixToastHostInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TixWindow, tix_window, ADW_TYPE_APPLICATION_WINDOW,
                               G_IMPLEMENT_INTERFACE (TIX_TYPE_TOAST_HOST, toast_host_iface_init))

enum {
  PROP_0,
  PROP_SESSION,
  PROP_DOOR_MODE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

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

/* Scan conflicts are for admins. */
static void
update_conflicts_action (TixWindow *self)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), "scan-conflicts");
  TixClient *client = tix_window_get_client (self);
  TixUser *user = client != NULL ? tix_client_get_user (client) : NULL;

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

/* The toasts speak of the session (and their buttons act on it): they go
 * when it does. */
static void
dismiss_toasts (TixWindow *self)
{
  g_autoptr(GPtrArray) toasts = NULL;

  if (self->toasts == NULL)
    return;

  /* Dismissing one takes it out of toasts. */
  toasts = g_ptr_array_copy (self->toasts, (GCopyFunc) (void (*) (void)) g_object_ref, NULL);
  g_ptr_array_set_free_func (toasts, g_object_unref);
  for (guint i = 0; i < toasts->len; i++)
    adw_toast_dismiss (g_ptr_array_index (toasts, i));
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

  dismiss_toasts (self);
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

  adw_view_stack_set_visible_child_name (self->view_stack, "generate");
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
on_tickets_generated (TixGenerateView *view,
                      GPtrArray       *tickets,
                      TixWindow       *self)
{
  tix_tickets_view_add_tickets (self->tickets_view, tickets);
}

/* GObject -------------------------------------------------------------------- */

static gboolean
tix_window_close_request (GtkWindow *window)
{
  TixWindow *self = TIX_WINDOW (window);
  int width, height;

  if (self->settings == NULL)
    return GTK_WINDOW_CLASS (tix_window_parent_class)->close_request (window);

  gtk_window_get_default_size (window, &width, &height);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));

  return GTK_WINDOW_CLASS (tix_window_parent_class)->close_request (window);
}

static void
on_station_name_changed (TixWindow *self)
{
  if (tix_window_get_client (self) != NULL)
    set_station (self, tix_window_get_client (self));
}

/* "application" is not a construct property: it is set after constructed(). */
static void
on_application_notify (TixWindow *self)
{
  TixApplication *app = get_application (self);

  if (app == NULL || self->settings != NULL)
    return;

  self->settings = tix_application_get_settings (app);
  g_assert (self->settings != NULL);

  /* The views take it from the window (tix-window.ui). */
  self->session = g_object_ref (tix_application_get_session (app));
  g_signal_connect_object (self->session, "ended", G_CALLBACK (session_ended_cb), self, 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);

  g_settings_bind (self->settings, "scan-sounds", self->scan_view, "sounds",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "scan-prefixes", self->scan_view, "prefixes",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "scan-quiet-interval", self->scan_view, "quiet-interval",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "scan-online-only", self->scan_view, "online-only",
                   G_SETTINGS_BIND_DEFAULT);
  /* A new station name goes with the next request. */
  g_signal_connect_object (self->settings, "changed::station-name",
                           G_CALLBACK (on_station_name_changed), self, G_CONNECT_SWAPPED);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

static void
tix_window_dispose (GObject *object)
{
  TixWindow *self = TIX_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->toasts, g_ptr_array_unref);

  gtk_widget_dispose_template (GTK_WIDGET (self), TIX_TYPE_WINDOW);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (tix_window_parent_class)->dispose (object);
}

static void
tix_window_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  TixWindow *self = TIX_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    case PROP_DOOR_MODE:
      g_value_set_boolean (value, self->door_mode);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tix_window_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  TixWindow *self = TIX_WINDOW (object);

  switch (prop_id)
    {
    case PROP_DOOR_MODE:
      tix_window_set_door_mode (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tix_window_class_init (TixWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = tix_window_dispose;
  object_class->get_property = tix_window_get_property;
  object_class->set_property = tix_window_set_property;

  window_class->close_request = tix_window_close_request;

  /* The application's, once the window has one. */
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, TIX_TYPE_SESSION,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The door's full screen with big text (the scan view asks for it: the
   * stateful action "win.door-mode"; "win.leave-door-mode" ends it). */
  properties[PROP_DOOR_MODE] =
    g_param_spec_boolean ("door-mode", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (TIX_TYPE_GENERATE_VIEW);
  g_type_ensure (TIX_TYPE_LOGIN_PAGE);
  g_type_ensure (TIX_TYPE_TICKETS_VIEW);
  g_type_ensure (TIX_TYPE_SCAN_VIEW);
  g_type_ensure (TIX_TYPE_REPORTS_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/gnome/Tix/ui/tix-window.ui");
  gtk_widget_class_bind_template_child (widget_class, TixWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, TixWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, TixWindow, loading_page);
  gtk_widget_class_bind_template_child (widget_class, TixWindow, login_page);
  gtk_widget_class_bind_template_child (widget_class, TixWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, TixWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, TixWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, TixWindow, user_label);
  gtk_widget_class_bind_template_child (widget_class, TixWindow, server_label);
  gtk_widget_class_bind_template_child (widget_class, TixWindow, generate_view);
  gtk_widget_class_bind_template_child (widget_class, TixWindow, tickets_view);
  gtk_widget_class_bind_template_child (widget_class, TixWindow, scan_view);
  gtk_widget_class_bind_template_child (widget_class, TixWindow, reports_view);
  gtk_widget_class_bind_template_callback (widget_class, on_login_signed_in);
  gtk_widget_class_bind_template_callback (widget_class, on_login_standalone_requested);
  gtk_widget_class_bind_template_callback (widget_class, on_tickets_generated);
}

static void
tix_window_init (TixWindow *self)
{
  self->toasts = g_ptr_array_new_with_free_func (g_object_unref);

  gtk_widget_init_template (GTK_WIDGET (self));

  _tix_window_actions_init (self);

  if (DEVELOPMENT)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  g_signal_connect (self, "notify::application", G_CALLBACK (on_application_notify), NULL);
}

TixWindow *
tix_window_new (TixApplication *application)
{
  g_return_val_if_fail (TIX_IS_APPLICATION (application), NULL);

  return g_object_new (TIX_TYPE_WINDOW,
                       "application", application,
                       NULL);
}

TixSession *
tix_window_get_session (TixWindow *self)
{
  g_return_val_if_fail (TIX_IS_WINDOW (self), NULL);

  return self->session;
}

TixClient *
tix_window_get_client (TixWindow *self)
{
  g_return_val_if_fail (TIX_IS_WINDOW (self), NULL);

  return self->session != NULL ? tix_session_get_client (self->session) : NULL;
}

const char *
tix_window_get_page (TixWindow *self)
{
  g_return_val_if_fail (TIX_IS_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
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

void
tix_window_show_view (TixWindow  *self,
                      const char *name)
{
  g_return_if_fail (TIX_IS_WINDOW (self));
  g_return_if_fail (name != NULL);

  if (adw_view_stack_get_child_by_name (self->view_stack, name) != NULL)
    adw_view_stack_set_visible_child_name (self->view_stack, name);
}

static void
on_toast_dismissed (AdwToast  *toast,
                    TixWindow *self)
{
  if (self->toasts != NULL)
    g_ptr_array_remove (self->toasts, toast);
}

/* Every toast of the window's widgets (tix_widget_add_toast ()) and its own. */
static void
tix_window_add_toast_to_overlay (TixToastHost *host,
                                 AdwToast     *toast)
{
  TixWindow *self = TIX_WINDOW (host);

  g_ptr_array_add (self->toasts, g_object_ref (toast));
  g_signal_connect_object (toast, "dismissed", G_CALLBACK (on_toast_dismissed), self, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
toast_host_iface_init (TixToastHostInterface *iface)
{
  iface->add_toast = tix_window_add_toast_to_overlay;
}

/**
 * tix_window_add_toast:
 * @toast: (transfer full)
 */
void
tix_window_add_toast (TixWindow *self,
                      AdwToast  *toast)
{
  g_return_if_fail (TIX_IS_WINDOW (self));
  g_return_if_fail (ADW_IS_TOAST (toast));

  tix_toast_host_add_toast (TIX_TOAST_HOST (self), toast);
}

void
_tix_window_notify_door_mode (TixWindow *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOOR_MODE]);
}
