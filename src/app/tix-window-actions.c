/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-window"

#include "config.h"

#include <glib/gi18n.h>

#include "tix-conflicts-window.h"
#include "tix-door-dashboard.h"
#include "tix-entrances-window.h"
#include "tix-scan-log-window.h"
#include "tix-window-private.h"

/* The window's actions:
 *   win.show-view (s)      a view by name: "sell", "generate", "tickets", "scan", "reports"
 *   win.show-new-tickets   the Show of a generate's toast
 *   win.retry              the session again, after an error
 *   win.show-login         back to the sign-in page
 *   win.scan-conflicts     the offline admissions the server had seen elsewhere
 *   win.door-mode          (stateful) full screen with big text, for the door
 *   win.leave-door-mode    ends it (Escape in the scan view)
 *   win.door-dashboard     the door dashboard of the window's event, a window
 *                          of its own for a second screen
 *   win.scan-log           every attempt at the door (administrators)
 *   win.manage-entrances   the entrances of the window's event (administrators)
 *   win.entrances-changed  an entrances window changed one: the Scan view's
 *                          picker reads them again
 * The keyboard shortcuts of the app.* and win.* actions are set by the
 * application (tix-application.c); the views' own are in their -actions.c. */

/* Door mode ------------------------------------------------------------------ */

/* Leaving full screen some other way (the window manager) ends door mode. */
static void
on_fullscreened (TixWindow *self)
{
  if (gtk_window_is_fullscreen (GTK_WINDOW (self)))
    self->was_fullscreen = TRUE;
  else if (self->door_mode && self->was_fullscreen)
    tix_window_set_door_mode (self, FALSE);
}

/* "win.door-mode" toggles (it has no activate of its own). */
static void
change_door_mode_state (GSimpleAction *action,
                        GVariant      *state,
                        gpointer       user_data)
{
  tix_window_set_door_mode (TIX_WINDOW (user_data), g_variant_get_boolean (state));
}

static void
leave_door_mode_action (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
  tix_window_set_door_mode (TIX_WINDOW (user_data), FALSE);
}

/* Actions -------------------------------------------------------------------- */

static void
show_view_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  tix_window_show_view (TIX_WINDOW (user_data), g_variant_get_string (parameter, NULL));
}

/* The Show of a generate's toast: every ticket, no old search hiding the new. */
static void
show_new_tickets_action (GSimpleAction *action,
                         GVariant      *parameter,
                         gpointer       user_data)
{
  TixWindow *self = TIX_WINDOW (user_data);

  tix_tickets_view_show_all (self->tickets_view);
  tix_window_show_view (self, "tickets");
}

static void
retry_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  tix_window_start_session (TIX_WINDOW (user_data));
}

static void
show_login_action (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  TixWindow *self = TIX_WINDOW (user_data);

  _tix_window_restart_cancellable (self);
  _tix_window_show_login (self);
}

static void
scan_conflicts_action (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  TixWindow *self = TIX_WINDOW (user_data);
  TixConflictsWindow *conflicts;

  if (tix_window_get_client (self) == NULL)
    return;

  conflicts = tix_conflicts_window_new (tix_window_get_client (self));
  gtk_window_set_transient_for (GTK_WINDOW (conflicts), GTK_WINDOW (self));
  gtk_window_set_modal (GTK_WINDOW (conflicts), TRUE);
  gtk_window_present (GTK_WINDOW (conflicts));
}

static void
door_dashboard_action (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  TixWindow *self = TIX_WINDOW (user_data);
  TixDoorDashboard *dashboard;

  if (tix_window_get_client (self) == NULL)
    return;

  /* Not transient: it goes to another screen, and stays when this one is busy. */
  dashboard = tix_door_dashboard_new (self->session, self->season);
  gtk_window_set_application (GTK_WINDOW (dashboard),
                              gtk_window_get_application (GTK_WINDOW (self)));
  gtk_window_present (GTK_WINDOW (dashboard));
}

static void
scan_log_action (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  TixWindow *self = TIX_WINDOW (user_data);
  TixScanLogWindow *log;

  if (tix_window_get_client (self) == NULL)
    return;

  log = tix_scan_log_window_new (self->session, self->season);
  gtk_window_set_transient_for (GTK_WINDOW (log), GTK_WINDOW (self));
  gtk_window_present (GTK_WINDOW (log));
}

static void
entrances_changed_action (GSimpleAction *action,
                          GVariant      *parameter,
                          gpointer       user_data)
{
  tix_scan_view_reload_entrances (TIX_WINDOW (user_data)->scan_view);
}

static void
on_entrances_changed (TixWindow *self)
{
  g_action_group_activate_action (G_ACTION_GROUP (self), "entrances-changed", NULL);
}

static void
manage_entrances_action (GSimpleAction *action,
                         GVariant      *parameter,
                         gpointer       user_data)
{
  TixWindow *self = TIX_WINDOW (user_data);
  TixEntrancesWindow *window;

  if (tix_window_get_client (self) == NULL)
    return;

  /* Follows the window's event. */
  window = tix_entrances_window_new (self->session, self->season, 0);
  gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (self));
  g_signal_connect_object (window, "changed", G_CALLBACK (on_entrances_changed), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (window));
}

static const GActionEntry win_actions[] = {
  { "manage-entrances", manage_entrances_action },
  { "entrances-changed", entrances_changed_action },
  { "door-dashboard", door_dashboard_action },
  { "scan-log", scan_log_action },
  { "scan-conflicts", scan_conflicts_action },
  { "show-view", show_view_action, "s" },
  { "show-new-tickets", show_new_tickets_action },
  { "retry", retry_action },
  { "show-login", show_login_action },
  { "door-mode", NULL, NULL, "false", change_door_mode_state },
  { "leave-door-mode", leave_door_mode_action },
};


gboolean
tix_window_get_door_mode (TixWindow *self)
{
  g_return_val_if_fail (TIX_IS_WINDOW (self), FALSE);

  return self->door_mode;
}

void
tix_window_set_door_mode (TixWindow *self,
                          gboolean   door_mode)
{
  GAction *leave;

  g_return_if_fail (TIX_IS_WINDOW (self));

  door_mode = !!door_mode;
  if (self->door_mode == door_mode)
    return;

  self->door_mode = door_mode;
  self->was_fullscreen = FALSE;
  if (door_mode)
    gtk_window_fullscreen (GTK_WINDOW (self));
  else
    gtk_window_unfullscreen (GTK_WINDOW (self));

  g_simple_action_set_state (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self),
                                                                          "door-mode")),
                             g_variant_new_boolean (door_mode));
  leave = g_action_map_lookup_action (G_ACTION_MAP (self), "leave-door-mode");
  g_simple_action_set_enabled (G_SIMPLE_ACTION (leave), door_mode);
  _tix_window_notify_door_mode (self);
}

void
_tix_window_actions_init (TixWindow *self)
{
  g_action_map_add_action_entries (G_ACTION_MAP (self), win_actions,
                                   G_N_ELEMENTS (win_actions), self);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self),
                                                                            "leave-door-mode")),
                               FALSE);
  g_signal_connect (self, "notify::fullscreened", G_CALLBACK (on_fullscreened), NULL);
}
