/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "tix-session.h"

G_BEGIN_DECLS

#define TIX_TYPE_GENERATE_VIEW (tix_generate_view_get_type ())

G_DECLARE_FINAL_TYPE (TixGenerateView, tix_generate_view, TIX, GENERATE_VIEW, AdwBin)

/* Property "session" (TixSession *). Signal "tickets-generated" (GPtrArray *
 * of TixTicket, in number order). Toasts go to the window
 * (tix_widget_add_toast ()).
 * Actions: "generate.run", "generate.cancel". */
TixGenerateView *tix_generate_view_new         (void);
TixSession      *tix_generate_view_get_session (TixGenerateView *self);
void             tix_generate_view_set_session (TixGenerateView *self,
                                                TixSession      *session);
/* TRUE while a generate request runs (property "busy"). */
gboolean         tix_generate_view_get_busy    (TixGenerateView *self);

G_END_DECLS
