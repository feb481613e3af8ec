/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define TIX_TYPE_TOAST_HOST (tix_toast_host_get_type ())

G_DECLARE_INTERFACE (TixToastHost, tix_toast_host, TIX, TOAST_HOST, GtkWindow)

/* A window that shows the toasts of the widgets in it: the main window
 * (TixWindow, in its AdwToastOverlay), and the tests' windows.
 *
 * Signal "toast-added" (AdwToast *toast): a toast is being shown, emitted
 * before the host takes it. */
struct _TixToastHostInterface
{
  GTypeInterface parent_iface;

  /* @toast: (transfer full) */
  void (*add_toast) (TixToastHost *self,
                     AdwToast     *toast);
};

/* @toast: (transfer full) */
void tix_toast_host_add_toast (TixToastHost *self,
                               AdwToast     *toast);

/* Shows @toast (transfer full) for @widget, to whoever shows its window's
 * toasts: the window itself when it is a TixToastHost, else the nearest
 * AdwToastOverlay above @widget (a preferences window has its own). Dropped
 * (with a debug message) when @widget is in no such window. Every view and
 * page shows its toasts through this; none has an "add-toast" signal. */
void tix_widget_add_toast     (GtkWidget    *widget,
                               AdwToast     *toast);

G_END_DECLS
