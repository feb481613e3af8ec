/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What the generate view's files share: tix-generate-view.c (the widget,
 * its form and its session) and tix-generate-view-actions.c (generate,
 * cancel, print and export the tickets just made). */

#include "tix-generate-view.h"
#include "tix-sheet-job.h"

#include "tix-season.h"

G_BEGIN_DECLS

struct _TixGenerateView
{
  AdwBin          parent_instance;

  /* Template widgets */
  GtkLabel       *intro_label;
  GtkListBox     *fields_list;
  GtkSpinButton  *count_spin;
  GtkAdjustment  *count_adjustment;
  AdwEntryRow    *prefix_row;
  AdwEntryRow    *extra_row;
  GtkLabel       *error_label;
  GtkLabel       *count_error_label;
  GtkWidget      *count_row;
  GtkWidget      *generate_button;
  GtkLabel       *example_label;
  GtkSpinner     *spinner;
  GtkLabel       *generate_label;
  GtkButton      *cancel_button;
  GtkWidget      *print_box;

  /* Owned references */
  TixSeason      *season;        /* the window's: the event it works on */
  TixSession     *session;
  GSignalGroup   *session_signals;
  TixClient      *client;        /* the session's, as of the last change */
  GCancellable   *cancellable;           /* the generate request */
  GCancellable   *settings_cancellable;  /* fetching the default prefix */
  GPtrArray      *last_tickets;          /* TixTicket: the last ones generated */
  TixSheetJob    *sheet_job;             /* printing or exporting them */

  guint           busy : 1;
  guint           user_cancelled : 1;
  guint           prefix_edited : 1;     /* typed by a person: keep it */
  guint           setting_prefix : 1;
};

void     _tix_generate_view_set_busy            (TixGenerateView *self,
                                                 gboolean         busy);
/* Checks the form; FALSE when it cannot be sent as it is. */
gboolean _tix_generate_view_update_state        (TixGenerateView *self);
void     _tix_generate_view_tickets_generated   (TixGenerateView *self,
                                                 GPtrArray       *tickets);

/* tix-generate-view-actions.c */
void     _tix_generate_view_update_print_state  (TixGenerateView *self);
void     _tix_generate_view_class_actions_init  (GtkWidgetClass  *widget_class);

G_END_DECLS
