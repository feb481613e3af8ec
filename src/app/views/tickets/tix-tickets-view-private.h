/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tix-object-scope.h"
#include "tix-sheet-job.h"
#include "tix-ticket-list-model.h"
#include "tix-tickets-view.h"

#include "tix-season.h"

G_BEGIN_DECLS

/* The view's state, shared by tix-tickets-view.c (the list, the details,
 * the layout, the session), tix-tickets-view-columns.c (the cells and the
 * sorting) and tix-tickets-view-actions.c (what the "tickets." actions do:
 * reload, search, delete, clear, print, export). */
struct _TixTicketsView
{
  AdwBin               parent_instance;

  /* Template widgets */
  GtkSearchEntry      *search_entry;
  GtkDropDown         *filter_dropdown;
  GtkLabel            *count_label;
  GtkButton           *delete_button;
  GtkButton           *print_button;
  GtkButton           *export_button;
  GtkMenuButton       *more_button;
  GtkButton           *reload_button;
  GtkBox              *toolbar;
  GtkBox              *list_box;
  GtkBox              *details_pane;
  GtkSeparator        *details_separator;
  GtkScrolledWindow   *details_scroller;
  GMenuModel          *more_menu;
  GMenuModel          *narrow_menu;
  GtkStack            *stack;
  GtkScrolledWindow   *scrolled_window;
  GtkColumnView       *column_view;
  GtkColumnViewColumn *number_column;
  GtkColumnViewColumn *prefix_column;
  GtkColumnViewColumn *extra_column;
  GtkColumnViewColumn *event_column;
  GtkColumnViewColumn *generated_column;
  GtkColumnViewColumn *scanned_column;
  GtkRevealer         *details_revealer;
  GtkLabel            *details_number;
  GtkLabel            *details_state;
  GtkLabel            *details_prefix;
  GtkLabel            *details_extra;
  GtkLabel            *details_generated;
  GtkLabel            *details_scanned;
  GtkLabel            *details_scanned_by;
  GtkLabel            *details_id;
  GtkButton           *details_delete_button;
  AdwStatusPage       *error_page;

  /* Owned references */
  TixSeason      *season;        /* the window's: the event it works on */
  TixSession          *session;
  TixClient           *client;        /* the session's, as of the last change */
  TixTicketListModel  *model;
  TixObjectScope      *cell_scope;    /* the column cells' closures get the view */
  GtkSingleSelection  *selection;
  GSignalGroup        *session_signals;
  GSignalGroup        *stream_signals;
  GSignalGroup        *client_signals;
  GSignalGroup        *ticket_signals;
  GCancellable        *cancellable;   /* delete and clear requests */
  TixSheetJob         *sheet_job;     /* printing or exporting */
  GTimeZone           *zone;          /* the organization's: every time shown */
  gboolean             narrow;

  /* Borrowed: the open confirmation dialog, a weak pointer */
  AdwMessageDialog    *dialog;
};

/* tix-tickets-view.c */
TixTicket *_tix_tickets_view_get_selected_ticket (TixTicketsView      *self);
void       _tix_tickets_view_update_state        (TixTicketsView      *self);

/* tix-tickets-view-columns.c: the cells of the columns, and sorting */
void       _tix_tickets_view_columns_init        (TixTicketsView      *self);

/* tix-tickets-view-actions.c */
void       _tix_tickets_view_class_actions_init  (TixTicketsViewClass *klass);
/* Enables the actions and shows their buttons for the user, the list and
 * the layout of now. */
void       _tix_tickets_view_actions_update      (TixTicketsView      *self);
/* Closes the open confirmation dialog, if any. */
void       _tix_tickets_view_close_dialog        (TixTicketsView      *self);

G_END_DECLS
