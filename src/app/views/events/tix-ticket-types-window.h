/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "tix-season.h"
#include "tix-session.h"

G_BEGIN_DECLS

#define TIX_TYPE_TICKET_TYPES_WINDOW (tix_ticket_types_window_get_type ())

G_DECLARE_FINAL_TYPE (TixTicketTypesWindow, tix_ticket_types_window, TIX, TICKET_TYPES_WINDOW,
                      AdwWindow)

/* The ticket types of one event, for administrators: each one's name,
 * price (in the organization's currency), prefix, quota, how many were sold
 * and how many are left, and whether it is on sale. Add and Edit open a
 * TixTicketTypeDialog; Delete asks first, and a type that has sold is
 * taken off sale instead (the server decides; a toast says which).
 *
 * It reads the types again after each change of its own, when the stream
 * says tickets were made, changed or cleared (sales move the counts), and
 * when the session changes. @event_id 0 follows the season's "event-id"
 * (the window's chosen event: the Sell view opens it so); any other is
 * that event alone. A user who is no administrator sees only a page that
 * says so, and every action is off.
 *
 * A TixToastHost: its own toasts, emitted as "toast-added".
 * Signals: "changed" (a type was added, changed or deleted here).
 * Actions: "types.add" (Ctrl+N), "types.edit", "types.delete" (with the
 * type's id, "x"). */
TixTicketTypesWindow *tix_ticket_types_window_new          (TixSession           *session,
                                                            TixSeason            *season,
                                                            gint64                event_id);
/* The event whose types are shown (0: none). */
gint64                tix_ticket_types_window_get_event_id (TixTicketTypesWindow *self);
/* (element-type TixTicketType): as last read, in the order they were made. */
GPtrArray            *tix_ticket_types_window_get_types    (TixTicketTypesWindow *self);
gboolean              tix_ticket_types_window_get_allowed  (TixTicketTypesWindow *self);
/* Reads the types again. */
void                  tix_ticket_types_window_reload       (TixTicketTypesWindow *self);
/* The dialog it has open (a type's, a question), or NULL: for tests. */
GtkWindow            *tix_ticket_types_window_get_dialog   (TixTicketTypesWindow *self);
/* Requests under way (0 when every answer is in). */
guint                 tix_ticket_types_window_get_n_busy   (TixTicketTypesWindow *self);

G_END_DECLS
