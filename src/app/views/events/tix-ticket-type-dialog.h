/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "tix-client.h"

G_BEGIN_DECLS

#define TIX_TYPE_TICKET_TYPE_DIALOG (tix_ticket_type_dialog_get_type ())

G_DECLARE_FINAL_TYPE (TixTicketTypeDialog, tix_ticket_type_dialog, TIX, TICKET_TYPE_DIALOG,
                      AdwWindow)

/* Makes a new ticket type of the event @event_id (@type NULL) or changes
 * @type: its name, its price typed as a cashier would ("12.50", "12,50",
 * "€12.50") in @currency (ISO 4217), the prefix of its tickets' numbers
 * (empty for a new one: the organization's default), its quota (empty: no
 * limit but the event's) and whether it is on sale. Every field that cannot
 * be saved is said under it at once, before anything is sent; what the
 * server refuses (a quota below what was sold) is said under its field too.
 * Emits "saved" (TixTicketType *) with the type as the server has it, then
 * closes. */
TixTicketTypeDialog *tix_ticket_type_dialog_new      (TixClient           *client,
                                                      gint64               event_id,
                                                      const TixTicketType *type,
                                                      const char          *currency);
/* Checks the fields and sends them (the Save button, Ctrl+S, Enter). */
void                 tix_ticket_type_dialog_save     (TixTicketTypeDialog *self);
/* A request is under way. */
gboolean             tix_ticket_type_dialog_get_busy (TixTicketTypeDialog *self);

G_END_DECLS
