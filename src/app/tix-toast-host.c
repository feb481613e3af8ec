/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-toast-host"

#include "config.h"

#include "tix-toast-host.h"

G_DEFINE_INTERFACE (TixToastHost, tix_toast_host, GTK_TYPE_WINDOW)

enum {
  TOAST_ADDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
tix_toast_host_default_init (TixToastHostInterface *iface)
{
  signals[TOAST_ADDED] =
    g_signal_new ("toast-added", G_TYPE_FROM_INTERFACE (iface), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, ADW_TYPE_TOAST);
}

void
tix_toast_host_add_toast (TixToastHost *self,
                          AdwToast     *toast)
{
  g_return_if_fail (TIX_IS_TOAST_HOST (self));
  g_return_if_fail (ADW_IS_TOAST (toast));

  g_signal_emit (self, signals[TOAST_ADDED], 0, toast);
  TIX_TOAST_HOST_GET_IFACE (self)->add_toast (self, toast);
}

void
tix_widget_add_toast (GtkWidget *widget,
                      AdwToast  *toast)
{
  GtkRoot *root;
  GtkWidget *overlay;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (ADW_IS_TOAST (toast));

  root = gtk_widget_get_root (widget);
  if (TIX_IS_TOAST_HOST (root))
    {
      tix_toast_host_add_toast (TIX_TOAST_HOST (root), toast);
      return;
    }

  overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);
  if (overlay != NULL)
    {
      adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
      return;
    }
  if (ADW_IS_PREFERENCES_WINDOW (root))
    {
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (root), toast);
      return;
    }

  g_debug ("No window shows the toast “%s” of a %s", adw_toast_get_title (toast),
           G_OBJECT_TYPE_NAME (widget));
  g_object_unref (toast);
}
