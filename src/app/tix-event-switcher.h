/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "tix-season.h"

G_BEGIN_DECLS

#define TIX_TYPE_EVENT_SWITCHER (tix_event_switcher_get_type ())

G_DECLARE_FINAL_TYPE (TixEventSwitcher, tix_event_switcher, TIX, EVENT_SWITCHER, AdwBin)

/* The header bar's event switcher: the chosen event (name, when it starts)
 * on a button whose popover lists the events not archived, soonest first,
 * the current one marked, and "All events". Choosing sets the season's
 * "selected-id". Property "season". */
TixSeason *tix_event_switcher_get_season (TixEventSwitcher *self);
void       tix_event_switcher_set_season (TixEventSwitcher *self,
                                          TixSeason        *season);
/* Shows "Manage Events…" (the events page) at the foot of the list. */
void       tix_event_switcher_set_can_manage (TixEventSwitcher *self,
                                              gboolean          can_manage);
/* Opens the popover (for tests and the keyboard shortcut). */
void       tix_event_switcher_popup      (TixEventSwitcher *self);

G_END_DECLS
