/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "tix-event.h"
#include "tix-session.h"

G_BEGIN_DECLS

#define TIX_TYPE_SEASON (tix_season_get_type ())

G_DECLARE_FINAL_TYPE (TixSeason, tix_season, TIX, SEASON, GObject)

/* The events of the season as a window knows them, and the one it works on.
 *
 * It follows the session's client: once signed in it reads the events
 * (GET /api/events, archived ones too) and the organization's current
 * event, and keeps both current from the stream ("event-created",
 * "-updated", "-deleted", "settings-changed"; read again after each
 * reconnection). Nothing of GTK: the window's switcher and every view bind
 * to it.
 *
 * The choice ("selected-id") is one event, or 0 for "All events". A choice
 * that is no longer among the events (deleted, archived) falls back to the
 * current event once the events are known. "event-id" is what a view that
 * needs one event acts on (generate, the door): the chosen one, or the
 * current one with "All events".
 *
 * Properties: "session" (construct only), "selected-id" (read-write),
 * "current-id", "event-id", "event" (TixEvent of "event-id", or NULL),
 * "loaded" (the events were read for this client), "time-zone". */
TixSeason  *tix_season_new              (TixSession *session);
TixSession *tix_season_get_session      (TixSeason  *self);
/* (element-type TixEvent): the events not archived, soonest first, those
 * without a date last. */
GListModel *tix_season_get_events       (TixSeason  *self);
/* (element-type TixEvent): the archived ones, in the same order. */
GListModel *tix_season_get_archived     (TixSeason  *self);
/* Any event read, archived ones too, or NULL (transfer none). */
TixEvent   *tix_season_lookup           (TixSeason  *self,
                                         gint64      event_id);
/* Returns: (transfer container) (element-type TixEvent) every event read,
 * archived ones too, in no order. */
GPtrArray  *tix_season_dup_known        (TixSeason  *self);
gboolean    tix_season_get_loaded       (TixSeason  *self);
gint64      tix_season_get_selected_id  (TixSeason  *self);
void        tix_season_set_selected_id  (TixSeason  *self,
                                         gint64      event_id);
gint64      tix_season_get_current_id   (TixSeason  *self);
gint64      tix_season_get_event_id     (TixSeason  *self);
TixEvent   *tix_season_get_event        (TixSeason  *self);
/* The organization's time zone (IANA name), NULL until known or unset:
 * the events' times are shown in it. */
const char *tix_season_get_time_zone    (TixSeason  *self);
/* Reads the events again (after the window's own changes the stream says
 * them too; this is for a page that wants fresh counts). */
void        tix_season_reload           (TixSeason  *self);

G_END_DECLS
