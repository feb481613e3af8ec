/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "tix-client.h"

G_BEGIN_DECLS

#define TIX_TYPE_ENTRANCE_DIALOG (tix_entrance_dialog_get_type ())

G_DECLARE_FINAL_TYPE (TixEntranceDialog, tix_entrance_dialog, TIX, ENTRANCE_DIALOG, AdwWindow)

/* Makes a new entrance of the event @event (@entrance NULL) or changes
 * @entrance: its name, the ticket types it admits (a check button for each
 * of @types, element-type TixTicketType; none checked: every type), whether
 * people may go out and come back in, and when it opens and closes (a time
 * on the event's day, in the zone named @zone_name; empty: no limit). Every
 * field that cannot be saved is said under it at once, before anything is
 * sent; what the server refuses is said under its field too. Emits "saved"
 * (TixEntrance *) with the entrance as the server has it, then closes. */
TixEntranceDialog *tix_entrance_dialog_new      (TixClient         *client,
                                                 TixEvent          *event,
                                                 GPtrArray         *types,
                                                 TixEntrance       *entrance,
                                                 const char        *zone_name);
/* Checks the fields and sends them (the Save button, Ctrl+S, Enter). */
void               tix_entrance_dialog_save     (TixEntranceDialog *self);
/* A request is under way. */
gboolean           tix_entrance_dialog_get_busy (TixEntranceDialog *self);
/* The check button of the ticket type @type_id, or NULL: for tests. */
GtkCheckButton    *tix_entrance_dialog_get_type_check (TixEntranceDialog *self,
                                                       gint64             type_id);

G_END_DECLS
