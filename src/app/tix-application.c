/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-application"

#include "config.h"

#include <glib/gi18n.h>
#include <errno.h>
#include <glib/gstdio.h>

#include "tix-application.h"
#include "tix-door-cache.h"
#include "tix-preferences-window.h"
#include "tix-resources.h"
#include "tix-window.h"

struct _TixApplication
{
  AdwApplication   parent_instance;

  /* Owned references */
  GSettings       *settings;
  char            *database_path;
  TixSession      *session;        /* the station's: its windows share it, and
                                    * it keeps the embedded server */

  guint            secret_warning_given : 1;
};

G_DEFINE_FINAL_TYPE (TixApplication, tix_application, ADW_TYPE_APPLICATION)

enum {
  PROP_0,
  PROP_DATABASE_PATH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GSettings *
tix_application_settings_new (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettingsSchemaSource) build_source = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, "org.gnome.Tix", TRUE);

  /* Running from the build folder, uninstalled: use the schema compiled there. */
  if (schema == NULL)
    {
      g_autoptr(GError) error = NULL;

      build_source = g_settings_schema_source_new_from_directory (TIX_BUILD_SCHEMA_DIR,
                                                                  source, FALSE, &error);
      if (build_source != NULL)
        schema = g_settings_schema_source_lookup (build_source, "org.gnome.Tix", TRUE);
      if (schema == NULL)
        g_error ("The settings schema org.gnome.Tix is not installed: %s",
                 error != NULL ? error->message : "not found");
    }

  return g_settings_new_full (schema, NULL, NULL);
}

static TixWindow *
get_window (TixApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (TIX_IS_WINDOW (window))
    return TIX_WINDOW (window);

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l; l = l->next)
    if (TIX_IS_WINDOW (l->data))
      return l->data;

  return NULL;
}

static void
apply_color_scheme (TixApplication *self)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();
  g_autofree char *scheme = g_settings_get_string (self->settings, "color-scheme");

  if (g_strcmp0 (scheme, "light") == 0)
    adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_LIGHT);
  else if (g_strcmp0 (scheme, "dark") == 0)
    adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_DARK);
  else
    adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_DEFAULT);
}

static void
on_server_changed (TixPreferencesWindow *preferences,
                   const char           *url,
                   TixApplication       *self)
{
  TixWindow *window = get_window (self);

  if (window != NULL)
    tix_window_start_session (window);
}

static void
tix_application_quit_action (GSimpleAction *action,
                             GVariant      *parameter,
                             gpointer       user_data)
{
  TixApplication *self = user_data;
  GList *windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));

  /* Close the windows so they save their size, then quit. */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);
  g_list_free (windows);

  g_application_quit (G_APPLICATION (self));
}

static void
tix_application_preferences_action (GSimpleAction *action,
                                    GVariant      *parameter,
                                    gpointer       user_data)
{
  TixApplication *self = user_data;
  TixPreferencesWindow *preferences = tix_preferences_window_new (self->settings);

  gtk_window_set_transient_for (GTK_WINDOW (preferences), GTK_WINDOW (get_window (self)));
  g_signal_connect_object (preferences, "server-changed",
                           G_CALLBACK (on_server_changed), self, 0);
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
tix_application_about_action (GSimpleAction *action,
                              GVariant      *parameter,
                              gpointer       user_data)
{
  TixApplication *self = user_data;
  static const char *developers[] = { "The Tix authors", NULL };
  g_autofree char *release_notes = NULL;
  GtkWidget *about;

  /* The release notes of the metainfo, with the same (translated) strings. */
  release_notes = g_markup_printf_escaped ("<p>%s</p><ul><li>%s</li><li>%s</li><li>%s</li>"
                                           "<li>%s</li><li>%s</li></ul>",
                                           _("The first release of Tix."),
                                           _("Standalone mode: one desk, its own database, "
                                             "no server to install"),
                                           _("tix-server for a venue with several stations"),
                                           _("Generate numbered tickets, list and search them"),
                                           _("Scan signed QR codes at the door, with live "
                                             "counters and undo"),
                                           _("German translation"));

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", get_window (self),
                        "application-name", _("Tix"),
                        "application-icon", APP_ID,
                        "developer-name", _("The Tix authors"),
                        "version", PACKAGE_VERSION,
                        "comments", _("Generate, print and scan the tickets of your events."),
                        "website", "https://gitlab.gnome.org/World/tix",
                        "issue-url", "https://gitlab.gnome.org/World/tix/-/issues",
                        "copyright", "© 2026 The Tix authors",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "developers", developers,
                        /* Translators: put your names here, one a line */
                        "translator-credits", _("translator-credits"),
                        "release-notes-version", "0.1.0",
                        "release-notes", release_notes,
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
tix_application_shortcuts_action (GSimpleAction *action,
                                  GVariant      *parameter,
                                  gpointer       user_data)
{
  TixApplication *self = user_data;
  g_autoptr(GtkBuilder) builder = NULL;
  GtkWindow *shortcuts;

  builder = gtk_builder_new_from_resource ("/org/gnome/Tix/ui/tix-shortcuts-window.ui");
  shortcuts = GTK_WINDOW (gtk_builder_get_object (builder, "shortcuts_window"));
  gtk_window_set_transient_for (shortcuts, GTK_WINDOW (get_window (self)));
  gtk_window_present (shortcuts);
}

static void
tix_application_logout_action (GSimpleAction *action,
                               GVariant      *parameter,
                               gpointer       user_data)
{
  TixWindow *window = get_window (TIX_APPLICATION (user_data));

  if (window != NULL)
    tix_window_logout (window);
}

static TixServerThread *
local_server_ref (TixApplication *self)
{
  return (TixServerThread *) tix_session_dup_local_server (self->session);
}

static void
backup_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(TixApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  TixWindow *window = get_window (self);

  if (tix_server_thread_backup_finish (TIX_SERVER_THREAD (source), result, &error))
    title = g_strdup (_("Database backed up"));
  else
    title = g_strdup_printf (_("Could not back up: %s"), error->message);

  if (window != NULL)
    tix_window_add_toast (window, adw_toast_new (title));
}

static void
backup_chosen (GtkNativeDialog *dialog,
               int              response,
               gpointer         user_data)
{
  TixApplication *self = user_data;
  g_autoptr(TixServerThread) server = local_server_ref (self);
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT &&
      server != NULL &&
      (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog))) != NULL &&
      (path = g_file_get_path (file)) != NULL)
    tix_server_thread_backup_async (server, path, NULL, backup_done, g_object_ref (self));

  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

/* Standalone desks back up their own database while it runs. */
static void
tix_application_backup_action (GSimpleAction *action,
                               GVariant      *parameter,
                               gpointer       user_data)
{
  TixApplication *self = user_data;
  g_autoptr(TixServerThread) server = local_server_ref (self);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *name = g_date_time_format (now, "tix-backup-%Y-%m-%d-%H%M.db");
  TixWindow *window = get_window (self);
  GtkFileChooserNative *dialog;

  if (server == NULL)
    {
      /* A station of a venue: its server keeps the data. */
      if (window != NULL)
        tix_window_add_toast (window,
                              adw_toast_new (_("This station uses a Tix server: back up on the "
                                               "server with “tix-server --backup”")));
      return;
    }

  dialog = gtk_file_chooser_native_new (_("Back Up Database"), GTK_WINDOW (get_window (self)),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Back Up"),
                                        _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  g_signal_connect (dialog, "response", G_CALLBACK (backup_chosen), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static const GActionEntry app_actions[] = {
  { "backup", tix_application_backup_action },
  { "quit", tix_application_quit_action },
  { "preferences", tix_application_preferences_action },
  { "about", tix_application_about_action },
  { "shortcuts", tix_application_shortcuts_action },
  { "logout", tix_application_logout_action },
};

static void
tix_application_startup (GApplication *application)
{
  TixApplication *self = TIX_APPLICATION (application);
  static const struct {
    const char *action;
    const char *accels[2];
  } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "app.preferences", { "<Control>comma", NULL } },
    { "app.shortcuts", { "<Control>question", NULL } },
    { "win.show-view::generate", { "<Control>1", NULL } },
    { "win.show-view::tickets", { "<Control>2", NULL } },
    { "win.show-view::scan", { "<Control>3", NULL } },
    { "win.show-view::reports", { "<Control>4", NULL } },
    /* After the four the door and the office know by heart. */
    { "win.show-view::sell", { "<Control>5", NULL } },
    { "window.close", { "<Control>w", NULL } },
  };

  G_APPLICATION_CLASS (tix_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self),
                                           accels[i].action, accels[i].accels);

  gtk_window_set_default_icon_name (APP_ID);

  self->settings = tix_application_settings_new ();
  g_signal_connect_object (self->settings, "changed::color-scheme",
                           G_CALLBACK (apply_color_scheme), self, G_CONNECT_SWAPPED);
  apply_color_scheme (self);
}

static void
tix_application_activate (GApplication *application)
{
  TixApplication *self = TIX_APPLICATION (application);
  TixWindow *window = get_window (self);

  if (window == NULL)
    {
      window = tix_window_new (self);
      tix_window_start_session (window);
    }

  gtk_window_present (GTK_WINDOW (window));
}

/* The windows share the session: it ends with the last of them (its stream
 * and door stop; a saved token stays for the next start). */
static void
tix_application_window_removed (GtkApplication *application,
                                GtkWindow      *window)
{
  TixApplication *self = TIX_APPLICATION (application);

  GTK_APPLICATION_CLASS (tix_application_parent_class)->window_removed (application, window);

  if (get_window (self) == NULL)
    tix_session_sign_out (self->session);
}

static void
tix_application_shutdown (GApplication *application)
{
  TixApplication *self = TIX_APPLICATION (application);

  tix_session_sign_out (self->session);
  tix_application_stop_local_server (self);

  G_APPLICATION_CLASS (tix_application_parent_class)->shutdown (application);
}

static void
tix_application_dispose (GObject *object)
{
  TixApplication *self = TIX_APPLICATION (object);

  tix_application_stop_local_server (self);
  g_clear_object (&self->session);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (tix_application_parent_class)->dispose (object);
}

static void
tix_application_finalize (GObject *object)
{
  TixApplication *self = TIX_APPLICATION (object);

  g_clear_pointer (&self->database_path, g_free);

  G_OBJECT_CLASS (tix_application_parent_class)->finalize (object);
}

static void
tix_application_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  TixApplication *self = TIX_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_DATABASE_PATH:
      g_value_set_string (value, tix_application_get_database_path (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tix_application_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  TixApplication *self = TIX_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_DATABASE_PATH:
      tix_application_set_database_path (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tix_application_class_init (TixApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);
  GtkApplicationClass *gtk_app_class = GTK_APPLICATION_CLASS (klass);

  object_class->dispose = tix_application_dispose;
  object_class->finalize = tix_application_finalize;
  object_class->get_property = tix_application_get_property;
  object_class->set_property = tix_application_set_property;

  app_class->startup = tix_application_startup;
  app_class->activate = tix_application_activate;
  app_class->shutdown = tix_application_shutdown;
  gtk_app_class->window_removed = tix_application_window_removed;

  properties[PROP_DATABASE_PATH] =
    g_param_spec_string ("database-path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The resources live in a static library: referring to them makes sure
   * the linker keeps them (they register themselves). */
  (void) tix_get_resource ();
}

static void
tix_application_init (TixApplication *self)
{
  self->session = tix_session_new ();
  self->database_path = g_build_filename (g_get_user_data_dir (), "tix", "tix.db", NULL);
}

TixApplication *
tix_application_new (const char        *application_id,
                     GApplicationFlags  flags)
{
  g_return_val_if_fail (application_id != NULL, NULL);

  return g_object_new (TIX_TYPE_APPLICATION,
                       "application-id", application_id,
                       "flags", flags,
                       /* The same resources serve the .Devel build. */
                       "resource-base-path", "/org/gnome/Tix",
                       NULL);
}

/**
 * tix_application_get_settings:
 *
 * Returns: (transfer none): the settings, available once started up.
 */
GSettings *
tix_application_get_settings (TixApplication *self)
{
  g_return_val_if_fail (TIX_IS_APPLICATION (self), NULL);

  return self->settings;
}

const char *
tix_application_get_database_path (TixApplication *self)
{
  g_return_val_if_fail (TIX_IS_APPLICATION (self), NULL);

  return self->database_path;
}

void
tix_application_set_database_path (TixApplication *self,
                                   const char     *path)
{
  g_return_if_fail (TIX_IS_APPLICATION (self));
  g_return_if_fail (path != NULL);

  if (g_strcmp0 (path, self->database_path) == 0)
    return;

  g_free (self->database_path);
  self->database_path = g_strdup (path);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATABASE_PATH]);
}

/* Called by the session, with its lock held, on whatever thread asked. */
static GObject *
start_local_server (gpointer   user_data,
                    GError   **error)
{
  TixApplication *self = user_data;
  g_autofree char *dir = NULL;
  const char *path;
  TixServerOptions options;
  TixServerThread *server;

  path = self->database_path;
  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _("Could not create the folder “%s”: %s"),
                   dir, g_strerror (saved_errno));
      return NULL;
    }

  tix_server_options_init (&options);
  server = tix_server_thread_new (path, &options, "127.0.0.1", 0, error);
  /* Its port changes at each start: the door's offline copy follows the
   * database instead. */
  if (server != NULL)
    tix_door_cache_set_local_server (tix_server_thread_get_url (server), path);

  return (GObject *) server;
}

/* May be called from any thread. */
TixServerThread *
tix_application_get_local_server (TixApplication  *self,
                                  GError         **error)
{
  g_return_val_if_fail (TIX_IS_APPLICATION (self), NULL);

  return (TixServerThread *) tix_session_ensure_local_server (self->session, start_local_server,
                                                              self, error);
}

TixSession *
tix_application_get_session (TixApplication *self)
{
  g_return_val_if_fail (TIX_IS_APPLICATION (self), NULL);

  return self->session;
}

char *
tix_application_dup_station_id (TixApplication *self)
{
  GSettings *settings;
  g_autofree char *uuid = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (TIX_IS_APPLICATION (self), NULL);

  /* Chosen once: the same station after a log out and in, or a restart. */
  settings = tix_application_get_settings (self);
  uuid = g_settings_get_string (settings, "station-id");
  if (!g_uuid_string_is_valid (uuid))
    {
      g_free (uuid);
      uuid = g_uuid_string_random ();
      g_settings_set_string (settings, "station-id", uuid);
    }
  name = g_settings_get_string (settings, "station-name");

  return tix_station_compose (uuid, *g_strstrip (name) != '\0' ? name : NULL);
}

char *
tix_application_dup_local_server_url (TixApplication *self)
{
  g_autoptr(TixServerThread) server = NULL;

  g_return_val_if_fail (TIX_IS_APPLICATION (self), NULL);

  server = local_server_ref (self);
  return server != NULL ? g_strdup (tix_server_thread_get_url (server)) : NULL;
}

void
tix_application_stop_local_server (TixApplication *self)
{
  g_return_if_fail (TIX_IS_APPLICATION (self));

  if (self->session != NULL)
    tix_session_stop_local_server (self->session);
  tix_door_cache_set_local_server (NULL, NULL);
}

gboolean
tix_application_take_secret_warning (TixApplication *self)
{
  g_return_val_if_fail (TIX_IS_APPLICATION (self), FALSE);

  if (self->secret_warning_given)
    return FALSE;

  self->secret_warning_given = TRUE;
  return TRUE;
}
