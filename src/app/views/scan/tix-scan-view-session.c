/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-scan-view"

#include "config.h"

#include <glib/gi18n.h>

#include "tix-org-time.h"
#include "tix-scan-view-private.h"
#include "tix-toast-host.h"

/* The scan view follows its session (TixScanView:session): signed in, out
 * or as someone else, it starts afresh with the session's client, its event
 * stream (the counters, the organization's time zone) and its door (the
 * scans, online or offline, and the conflicts found when back online). */

/* The stream -------------------------------------------------------------------- */

/* The organization's time zone, from its settings. */
static void
on_stream_settings (TixEventStream *stream,
                    TixSettings    *settings,
                    TixScanView    *self)
{
  g_clear_pointer (&self->zone, g_time_zone_unref);
  self->zone = tix_org_time_zone_new (tix_settings_get (settings, TIX_SETTING_TIME_ZONE));
}

const char *
tix_scan_view_get_time_zone (TixScanView *self)
{
  g_return_val_if_fail (TIX_IS_SCAN_VIEW (self), NULL);

  return g_time_zone_get_identifier (self->zone);
}

/* Offline ---------------------------------------------------------------------- */

/* The bar says it (TixScanOfflineBar); the view's look does too. */
static void
update_offline_class (TixScanView *self)
{
  if (tix_scan_view_get_offline (self))
    gtk_widget_add_css_class (GTK_WIDGET (self), "offline");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "offline");
}

static void
on_door_conflict (TixDoor           *door,
                  TixDoorQueuedScan *queued,
                  TixTicket         *ticket,
                  TixScanView       *self)
{
  g_autofree char *title = NULL;

  /* Translators: an offline admission the server had seen scanned elsewhere */
  title = g_strdup_printf (_("%s was also admitted elsewhere while offline: "
                             "listed under Scan Conflicts"),
                           ticket != NULL ? tix_ticket_get_number (ticket) : queued->code);
  tix_widget_add_toast (GTK_WIDGET (self), adw_toast_new (title));
}

/* The session ------------------------------------------------------------------- */

/* Signed in, out or as someone else: the view starts afresh. */
void
_tix_scan_view_follow_session (TixScanView *self)
{
  TixClient *client = self->session != NULL ? tix_session_get_client (self->session) : NULL;
  TixEventStream *stream = client != NULL ? tix_session_get_stream (self->session) : NULL;
  TixDoor *door = client != NULL ? tix_session_get_door (self->session) : NULL;

  if (self->client == client)
    return;

  /* Whatever the previous session had in flight is dropped. */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  tix_scan_queue_clear (self->queue);
  self->n_decoding = 0;
  self->undoing = FALSE;
  g_clear_object (&self->last_admitted);
  g_clear_weak_pointer (&self->undo_row);
  g_clear_weak_pointer (&self->undoing_row);

  g_set_object (&self->client, client);
  g_set_object (&self->stream, stream);
  g_set_object (&self->door, door);
  g_signal_group_set_target (self->stream_signals, self->stream);
  g_signal_group_set_target (self->door_signals, self->door);

  tix_scan_counts_set_stream (self->counts, stream);
  tix_scan_offline_bar_set_door (self->offline_bar, door);

  /* The stream may be running already: its settings as they are now. */
  if (stream != NULL && tix_event_stream_get_settings (stream) != NULL)
    on_stream_settings (stream, tix_event_stream_get_settings (stream), self);
  if (door != NULL)
    tix_door_set_online_only (door, self->online_only);
  _tix_scan_view_apply_events (self);
  _tix_scan_view_load_entrances (self);

  update_offline_class (self);
  _tix_scan_view_update_actions (self);
}

void
_tix_scan_view_apply_events (TixScanView *self)
{
  gint64 event_id = self->season != NULL ? tix_season_get_selected_id (self->season) : 0;

  /* The counters count what the door admits: the event chosen, or with All
   * Events the current one. */
  tix_scan_counts_set_event_id (self->counts, self->season != NULL
                                              ? tix_season_get_event_id (self->season) : 0);
  if (self->door == NULL)
    return;
  if (event_id != 0)
    tix_door_set_event_ids (self->door, &event_id, 1);
  else
    tix_door_set_event_ids (self->door, NULL, 0);
}

/* The door that decides the scans of this view, or NULL when signed out. */
TixDoor *
tix_scan_view_get_door (TixScanView *self)
{
  g_return_val_if_fail (TIX_IS_SCAN_VIEW (self), NULL);

  return self->door;
}

/* TRUE while the view shows that the server is gone. */
gboolean
tix_scan_view_get_offline (TixScanView *self)
{
  g_return_val_if_fail (TIX_IS_SCAN_VIEW (self), FALSE);

  return self->door != NULL && !tix_door_get_online (self->door);
}

/* Setting up ------------------------------------------------------------------ */

void
_tix_scan_view_session_init (TixScanView *self)
{
  self->session_signals = g_signal_group_new (TIX_TYPE_SESSION);
  g_signal_group_connect_object (self->session_signals, "notify::client",
                                 G_CALLBACK (_tix_scan_view_follow_session), self,
                                 G_CONNECT_SWAPPED);
  self->stream_signals = g_signal_group_new (TIX_TYPE_EVENT_STREAM);
  g_signal_group_connect_object (self->stream_signals, "settings-changed",
                                 G_CALLBACK (on_stream_settings), self, 0);
  self->door_signals = g_signal_group_new (TIX_TYPE_DOOR);
  g_signal_group_connect_object (self->door_signals, "notify::online",
                                 G_CALLBACK (update_offline_class), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->door_signals, "conflict",
                                 G_CALLBACK (on_door_conflict), self, 0);
}
