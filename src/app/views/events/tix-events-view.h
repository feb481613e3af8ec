/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "tix-season.h"
#include "tix-session.h"

G_BEGIN_DECLS

#define TIX_TYPE_EVENTS_VIEW (tix_events_view_get_type ())

G_DECLARE_FINAL_TYPE (TixEventsView, tix_events_view, TIX, EVENTS_VIEW, AdwBin)

/* The season's events, for administrators: each one's name, when it starts
 * (in the organization's time zone), venue, limits, tickets and scans, the
 * current one marked; the archived ones under "Show Archived". Make, edit,
 * copy to a new date, archive and bring back, delete (only an event that
 * never had a ticket: the others are offered Archive), make current. With
 * no event, a page that says how to start a season.
 *
 * It shows what the window's TixSeason knows, so it follows the stream.
 *
 * Properties: "session", "season" (read-write), "show-archived"
 * (read-write), "allowed" (read-only: the session's user is an
 * administrator; the window shows the page only then).
 * Actions: "events.new" (Ctrl+N), "events.edit", "events.copy",
 * "events.make-current", "events.archive", "events.unarchive",
 * "events.delete", "events.types" (its TixTicketTypesWindow) (each with
 * the event's id, "x"), "events.show-archived"
 * (stateful). */
TixEventsView *tix_events_view_new               (void);
TixSession    *tix_events_view_get_session       (TixEventsView *self);
void           tix_events_view_set_session       (TixEventsView *self,
                                                  TixSession    *session);
TixSeason     *tix_events_view_get_season        (TixEventsView *self);
void           tix_events_view_set_season        (TixEventsView *self,
                                                  TixSeason     *season);
gboolean       tix_events_view_get_show_archived (TixEventsView *self);
void           tix_events_view_set_show_archived (TixEventsView *self,
                                                  gboolean       show_archived);
gboolean       tix_events_view_get_allowed       (TixEventsView *self);
/* The dialog the view has open (the event's, a copy's, a question, the
 * ticket types' window), or
 * NULL: for tests. */
GtkWindow     *tix_events_view_get_dialog        (TixEventsView *self);
/* Requests of the view's own under way (0 when every answer is in). */
guint          tix_events_view_get_n_busy        (TixEventsView *self);

G_END_DECLS
