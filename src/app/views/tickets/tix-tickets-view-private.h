/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tix-tickets-view.h"
#include "tix-ticket-list-model.h"

G_BEGIN_DECLS

/* For tests: the parts of the view they drive and inspect. */
TixTicketListModel *tix_tickets_view_get_model           (TixTicketsView *self);
GtkSingleSelection *tix_tickets_view_get_selection       (TixTicketsView *self);
GtkEditable        *tix_tickets_view_get_search_entry    (TixTicketsView *self);
GtkDropDown        *tix_tickets_view_get_filter_dropdown (TixTicketsView *self);
GtkColumnView      *tix_tickets_view_get_column_view     (TixTicketsView *self);
/* "loading", "list", "empty", "no-results", "error" or "signed-out". */
const char         *tix_tickets_view_get_state           (TixTicketsView *self);
const char         *tix_tickets_view_get_count_text      (TixTicketsView *self);
const char         *tix_tickets_view_get_error_text      (TixTicketsView *self);
/* The confirmation dialog that is open, or NULL. */
AdwMessageDialog   *tix_tickets_view_get_dialog          (TixTicketsView *self);
/* TRUE once the view's event stream is connected: other stations' changes flow. */
gboolean            tix_tickets_view_get_live            (TixTicketsView *self);
/* The number shown in the details pane, or NULL when it is hidden. */
const char         *tix_tickets_view_get_details_number  (TixTicketsView *self);
const char         *tix_tickets_view_get_details_scanned (TixTicketsView *self);
/* The word to type to confirm clearing all tickets. */
const char         *tix_tickets_view_get_clear_word      (void);
/* TRUE while the view lays itself out for a narrow window. */
gboolean            tix_tickets_view_get_narrow          (TixTicketsView *self);

G_END_DECLS
