/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "tix-client.h"

G_BEGIN_DECLS

#define TIX_TYPE_TICKETS_VIEW (tix_tickets_view_get_type ())

G_DECLARE_FINAL_TYPE (TixTicketsView, tix_tickets_view, TIX, TICKETS_VIEW, AdwBin)

TixTicketsView *tix_tickets_view_new         (void);
void            tix_tickets_view_reload      (TixTicketsView *self);
void            tix_tickets_view_add_tickets (TixTicketsView *self,
                                              GPtrArray      *tickets);

G_END_DECLS
