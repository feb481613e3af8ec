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
  PROP_SEASON,
  PROP_DOOR_MODE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The toasts speak of the session (and their buttons act on it): they go
 * when it does. */
void
_tix_window_dismiss_toasts (TixWindow *self)
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

/* A GVariant property bound to a key as it is (GSettings maps no GVariant). */
static gboolean
variant_get_mapping (GValue   *value,
                     GVariant *variant,
                     gpointer  user_data)
{
  g_value_set_variant (value, variant);
  return TRUE;
}

static GVariant *
variant_set_mapping (const GValue       *value,
                     const GVariantType *expected_type,
                     gpointer            user_data)
{
  GVariant *variant = g_value_get_variant (value);

  if (variant == NULL || !g_variant_is_of_type (variant, expected_type))
    return NULL;
  return g_variant_ref (variant);
}

/* "application" is not a construct property: it is set after constructed(). */
static void
on_application_notify (TixWindow *self)
{
  TixApplication *app = TIX_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));

  if (app == NULL || self->settings != NULL)
    return;

  self->settings = tix_application_get_settings (app);
  g_assert (self->settings != NULL);

  /* The views take it from the window (tix-window.ui). */
  self->session = g_object_ref (tix_application_get_session (app));
  _tix_window_season_init (self);
  _tix_window_session_init (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEASON]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);

  /* The desk's ticket printer, chosen in Preferences. */
  {
    g_autoptr(TixDeskPrinter) printer = tix_desk_printer_new (self->settings);

    g_object_set (self->sell_view, "desk-printer", printer, NULL);
  }

  g_settings_bind (self->settings, "scan-sounds", self->scan_view, "sounds",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "scan-prefixes", self->scan_view, "prefixes",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "scan-quiet-interval", self->scan_view, "quiet-interval",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "scan-online-only", self->scan_view, "online-only",
                   G_SETTINGS_BIND_DEFAULT);
  /* Door rules: this station's direction and entrance of each event. */
  g_settings_bind (self->settings, "scan-direction", self->scan_view, "direction",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind_with_mapping (self->settings, "scan-entrances", self->scan_view,
                                "entrance-choices", G_SETTINGS_BIND_DEFAULT,
                                variant_get_mapping, variant_set_mapping, NULL, NULL);

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
  _tix_window_season_dispose (self);
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

    case PROP_SEASON:
      g_value_set_object (value, self->season);
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
  /* The events and the one the window works on: every view follows it. */
  properties[PROP_SEASON] =
    g_param_spec_object ("season", NULL, NULL, TIX_TYPE_SEASON,
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
  g_type_ensure (TIX_TYPE_SELL_VIEW);
  g_type_ensure (TIX_TYPE_EVENTS_VIEW);
  g_type_ensure (TIX_TYPE_EVENT_SWITCHER);

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
  gtk_widget_class_bind_template_child (widget_class, TixWindow, sell_view);
  gtk_widget_class_bind_template_child (widget_class, TixWindow, sell_page);
  gtk_widget_class_bind_template_child (widget_class, TixWindow, events_view);
  gtk_widget_class_bind_template_child (widget_class, TixWindow, event_switcher);
  gtk_widget_class_bind_template_callback (widget_class, on_tickets_generated);

  _tix_window_class_session_init (klass);
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

TixSeason *
tix_window_get_season (TixWindow *self)
{
  g_return_val_if_fail (TIX_IS_WINDOW (self), NULL);

  return self->season;
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
