/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "tix-session.h"

G_BEGIN_DECLS

#define TIX_TYPE_TICKETS_VIEW (tix_tickets_view_get_type ())

G_DECLARE_FINAL_TYPE (TixTicketsView, tix_tickets_view, TIX, TICKETS_VIEW, AdwBin)

/* Property "session" (TixSession*, read-write): the list of its client,
 * kept current from its stream. */
TixTicketsView *tix_tickets_view_new         (void);
void            tix_tickets_view_reload      (TixTicketsView *self);
/* @tickets: (element-type TixTicket) new tickets, in number order; they
 * appear at the top of the list. */
void            tix_tickets_view_add_tickets (TixTicketsView *self,
                                              GPtrArray      *tickets);
/* Clears the search and the filter (the toast of a generate shows them all). */
void            tix_tickets_view_show_all    (TixTicketsView *self);

G_END_DECLS
