/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "tix-client.h"

G_BEGIN_DECLS

#define TIX_TYPE_EVENT_DIALOG (tix_event_dialog_get_type ())

G_DECLARE_FINAL_TYPE (TixEventDialog, tix_event_dialog, TIX, EVENT_DIALOG, AdwWindow)

/* Makes a new event (@event NULL) or changes @event: its name, when it
 * starts (a day from a calendar and a time) and ends, the venue, how many
 * tickets it may have and how many people may be inside at once. Every
 * field that cannot be saved is said under it at once, before anything is
 * sent; what the server refuses is said under its field too. Times are
 * read in the zone named @zone_name (the organization's; NULL: UTC).
 * Emits "saved" (TixEvent *) with the event as the server has it, then
 * closes. */
TixEventDialog *tix_event_dialog_new      (TixClient   *client,
                                           TixEvent    *event,
                                           const char  *zone_name);
/* Checks the fields and sends them (the Save button, Ctrl+S). */
void            tix_event_dialog_save     (TixEventDialog *self);
/* A request is under way. */
gboolean        tix_event_dialog_get_busy (TixEventDialog *self);

G_END_DECLS
