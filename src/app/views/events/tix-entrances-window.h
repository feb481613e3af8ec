/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "tix-season.h"
#include "tix-session.h"

G_BEGIN_DECLS

#define TIX_TYPE_ENTRANCES_WINDOW (tix_entrances_window_get_type ())

G_DECLARE_FINAL_TYPE (TixEntrancesWindow, tix_entrances_window, TIX, ENTRANCES_WINDOW, AdwWindow)

/* The entrances of one event, for administrators (door rules): each one's
 * name, the ticket types it admits ("every type" when none), whether people
 * may go out and come back in, its hours in the organization's time zone,
 * how many are inside now, and which one is the default. Add and Edit open
 * a TixEntranceDialog; Delete asks first, and the default entrance has no
 * Delete (the server refuses it too; a toast says so).
 *
 * It reads the entrances (and the event's ticket types, to name them) again
 * after each change of its own, when the stream says a ticket was scanned
 * or changed (the counts inside move) and when the session changes. @event_id
 * 0 follows the season's "event-id" (the window's chosen event: the Scan
 * view opens it so); any other is that event alone. A user who is no
 * administrator sees only a page that says so, and every action is off.
 *
 * A TixToastHost: its own toasts, emitted as "toast-added".
 * Signals: "changed" (an entrance was added, changed or deleted here).
 * Actions: "entrances.add" (Ctrl+N), "entrances.edit", "entrances.delete"
 * (with the entrance's id, "x"). */
TixEntrancesWindow *tix_entrances_window_new            (TixSession         *session,
                                                         TixSeason          *season,
                                                         gint64              event_id);
/* The event whose entrances are shown (0: none). */
gint64              tix_entrances_window_get_event_id   (TixEntrancesWindow *self);
/* (element-type TixEntrance): as last read, the default first. */
GPtrArray          *tix_entrances_window_get_entrances  (TixEntrancesWindow *self);
gboolean            tix_entrances_window_get_allowed    (TixEntrancesWindow *self);
/* Reads the entrances again. */
void                tix_entrances_window_reload         (TixEntrancesWindow *self);
/* The dialog it has open (an entrance's, a question), or NULL: for tests. */
GtkWindow          *tix_entrances_window_get_dialog     (TixEntrancesWindow *self);
/* Requests under way (0 when every answer is in). */
guint               tix_entrances_window_get_n_busy     (TixEntrancesWindow *self);

G_END_DECLS
