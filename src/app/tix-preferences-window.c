/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-preferences-window"

#include "config.h"

#include <glib/gi18n.h>

#include "tix-account-page.h"
#include "tix-app-util.h"
#include "tix-audit-page.h"
#include "tix-desk-printer-group.h"
#include "tix-organization-page.h"
#include "tix-preferences-window.h"
#include "tix-users-page.h"
#include "tix-window.h"

struct _TixPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  /* Template widgets */
  AdwEntryRow          *server_row;
  GtkLabel             *server_error_label;
  AdwComboRow          *style_row;
  GtkSwitch            *sounds_switch;
  AdwEntryRow          *station_name_row;
  TixDeskPrinterGroup  *desk_printer_group;
  GtkSpinButton        *quiet_spin;

  /* Pages of the session, added with a client */
  TixOrganizationPage  *organization_page;
  TixUsersPage         *users_page;
  TixAuditPage         *audit_page;
  TixAccountPage       *account_page;

  /* Owned references */
  GSettings            *settings;
  TixSession           *session;
  GSignalGroup         *session_signals;
  TixClient            *client;        /* whose pages are shown */
};

G_DEFINE_FINAL_TYPE (TixPreferencesWindow, tix_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_SETTINGS,
  N_PROPS
};

enum {
  SERVER_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const char * const color_schemes[] = { "system", "light", "dark" };

static gboolean
style_get_mapping (GValue   *value,
                   GVariant *variant,
                   gpointer  user_data)
{
  const char *scheme = g_variant_get_string (variant, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (color_schemes); i++)
    if (g_strcmp0 (scheme, color_schemes[i]) == 0)
      {
        g_value_set_uint (value, i);
        return TRUE;
      }

  g_value_set_uint (value, 0);
  return TRUE;
}

static GVariant *
style_set_mapping (const GValue       *value,
                   const GVariantType *expected_type,
                   gpointer            user_data)
{
  guint i = g_value_get_uint (value);

  return g_variant_new_string (color_schemes[i < G_N_ELEMENTS (color_schemes) ? i : 0]);
}

static void
show_server_error (TixPreferencesWindow *self,
                   const char           *message)
{
  gtk_label_set_label (self->server_error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->server_error_label), message != NULL);
  if (message != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->server_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->server_row), "error");
}

static void
on_server_changed (TixPreferencesWindow *self)
{
  show_server_error (self, NULL);
}

static void
on_server_apply (TixPreferencesWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->server_row));
  g_autofree char *stripped = g_strstrip (g_strdup (text));
  g_autofree char *url = NULL;
  g_autofree char *current = NULL;
  const char *message = NULL;

  if (stripped[0] != '\0')
    {
      url = tix_normalize_server_url (stripped, &message);
      if (url == NULL)
        {
          show_server_error (self, message);
          return;
        }
    }
  else
    url = g_strdup ("");

  current = g_settings_get_string (self->settings, "server-url");
  gtk_editable_set_text (GTK_EDITABLE (self->server_row), url);
  show_server_error (self, NULL);

  if (g_strcmp0 (current, url) == 0)
    return;

  g_settings_set_string (self->settings, "server-url", url);
  g_signal_emit (self, signals[SERVER_CHANGED], 0, url);

  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                    adw_toast_new (url[0] == '\0'
                                                   ? _("Tickets are now kept on this computer")
                                                   : _("Sign in to the new server in the main window")));
}

static gpointer
add_page (TixPreferencesWindow *self,
          gpointer              page)
{
  /* Its toasts find the window's overlay (tix_widget_add_toast ()). */
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), ADW_PREFERENCES_PAGE (page));
  return page;
}

static void
remove_page (TixPreferencesWindow *self,
             gpointer              page_pointer)
{
  AdwPreferencesPage **page = page_pointer;

  if (*page == NULL)
    return;

  adw_preferences_window_remove (ADW_PREFERENCES_WINDOW (self), *page);
  *page = NULL;
}

/* A preferences window opened over a signed-in main window shows that
 * session's pages. */
static void
on_transient_for_notify (TixPreferencesWindow *self)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  if (TIX_IS_WINDOW (parent))
    tix_preferences_window_set_session (self, tix_window_get_session (TIX_WINDOW (parent)));
}

static void
tix_preferences_window_constructed (GObject *object)
{
  TixPreferencesWindow *self = TIX_PREFERENCES_WINDOW (object);
  g_autofree char *url = NULL;

  G_OBJECT_CLASS (tix_preferences_window_parent_class)->constructed (object);

  url = g_settings_get_string (self->settings, "server-url");
  gtk_editable_set_text (GTK_EDITABLE (self->server_row), url);

  g_settings_bind_with_mapping (self->settings, "color-scheme",
                                self->style_row, "selected",
                                G_SETTINGS_BIND_DEFAULT,
                                style_get_mapping, style_set_mapping, NULL, NULL);
  g_settings_bind (self->settings, "scan-sounds", self->sounds_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "station-name", self->station_name_row, "text",
                   G_SETTINGS_BIND_DEFAULT);
  tix_desk_printer_group_set_settings (self->desk_printer_group, self->settings);
  g_settings_bind (self->settings, "scan-quiet-interval",
                   gtk_spin_button_get_adjustment (self->quiet_spin), "value",
                   G_SETTINGS_BIND_DEFAULT);
}

static void
tix_preferences_window_dispose (GObject *object)
{
  TixPreferencesWindow *self = TIX_PREFERENCES_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), TIX_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);
  g_clear_object (&self->session_signals);
  g_clear_object (&self->session);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (tix_preferences_window_parent_class)->dispose (object);
}

static void
tix_preferences_window_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  TixPreferencesWindow *self = TIX_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tix_preferences_window_class_init (TixPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = tix_preferences_window_constructed;
  object_class->dispose = tix_preferences_window_dispose;
  object_class->set_property = tix_preferences_window_set_property;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SERVER_CHANGED] =
    g_signal_new ("server-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  g_type_ensure (TIX_TYPE_DESK_PRINTER_GROUP);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/gnome/Tix/ui/tix-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, TixPreferencesWindow, server_row);
  gtk_widget_class_bind_template_child (widget_class, TixPreferencesWindow, station_name_row);
  gtk_widget_class_bind_template_child (widget_class, TixPreferencesWindow, desk_printer_group);
  gtk_widget_class_bind_template_child (widget_class, TixPreferencesWindow, server_error_label);
  gtk_widget_class_bind_template_child (widget_class, TixPreferencesWindow, style_row);
  gtk_widget_class_bind_template_child (widget_class, TixPreferencesWindow, sounds_switch);
  gtk_widget_class_bind_template_child (widget_class, TixPreferencesWindow, quiet_spin);
  gtk_widget_class_bind_template_callback (widget_class, on_server_apply);
  gtk_widget_class_bind_template_callback (widget_class, on_server_changed);
}

static void on_client_changed (TixPreferencesWindow *self);

static void
tix_preferences_window_init (TixPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->session_signals = g_signal_group_new (TIX_TYPE_SESSION);
  g_signal_group_connect_object (self->session_signals, "notify::client",
                                 G_CALLBACK (on_client_changed), self, G_CONNECT_SWAPPED);

  g_signal_connect (self, "notify::transient-for", G_CALLBACK (on_transient_for_notify), NULL);
}

TixPreferencesWindow *
tix_preferences_window_new (GSettings *settings)
{
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  return g_object_new (TIX_TYPE_PREFERENCES_WINDOW,
                       "settings", settings,
                       NULL);
}

/* The pages of whoever is signed in, none when nobody is. */
static void
on_client_changed (TixPreferencesWindow *self)
{
  TixClient *client = self->session != NULL ? tix_session_get_client (self->session) : NULL;
  TixUser *user;
  gboolean admin;

  if (!g_set_object (&self->client, client))
    return;

  remove_page (self, &self->organization_page);
  remove_page (self, &self->users_page);
  remove_page (self, &self->audit_page);
  remove_page (self, &self->account_page);

  if (client == NULL)
    return;

  user = tix_client_get_user (client);
  admin = user != NULL && tix_user_is_admin (user);

  /* Everyone reads the organization's settings; only an admin manages
   * users and reads the audit log. */
  self->organization_page = add_page (self, tix_organization_page_new ());
  tix_organization_page_set_session (self->organization_page, self->session);
  if (admin)
    {
      self->users_page = add_page (self, tix_users_page_new ());
      tix_users_page_set_session (self->users_page, self->session);
      self->audit_page = add_page (self, tix_audit_page_new ());
      tix_audit_page_set_session (self->audit_page, self->session);
    }
  self->account_page = add_page (self, tix_account_page_new ());
  tix_account_page_set_session (self->account_page, self->session);
}

void
tix_preferences_window_set_session (TixPreferencesWindow *self,
                                    TixSession           *session)
{
  g_return_if_fail (TIX_IS_PREFERENCES_WINDOW (self));
  g_return_if_fail (!session || TIX_IS_SESSION (session));

  if (!g_set_object (&self->session, session))
    return;

  g_signal_group_set_target (self->session_signals, session);
  on_client_changed (self);
}

TixSession *
tix_preferences_window_get_session (TixPreferencesWindow *self)
{
  g_return_val_if_fail (TIX_IS_PREFERENCES_WINDOW (self), NULL);

  return self->session;
}
