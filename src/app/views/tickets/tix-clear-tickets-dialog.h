/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define TIX_TYPE_CLEAR_TICKETS_DIALOG (tix_clear_tickets_dialog_get_type ())

G_DECLARE_FINAL_TYPE (TixClearTicketsDialog, tix_clear_tickets_dialog, TIX, CLEAR_TICKETS_DIALOG,
                      AdwMessageDialog)

/* "Delete All Tickets?": its "clear" response is enabled only once the
 * confirmation word is typed; Enter in the field then gives it. */
GtkWidget *tix_clear_tickets_dialog_new (GtkWindow *parent);

G_END_DECLS
