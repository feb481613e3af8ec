/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "tix-client.h"
#include "tix-season.h"
#include "tix-sheet.h"

G_BEGIN_DECLS

/* One printing or export of a ticket sheet: the tickets (given, or those of a
 * list query, fetched through the client, at most 10,000) and the
 * organization's settings (names, date, layout), then GtkPrintOperation with
 * the app's own preview, or a PDF written on a worker thread. The sheet is
 * drawn here with the sheet library rather than fetched from the server's
 * sheet.pdf: print needs the tickets here anyway, so print and export share
 * one path, and progress and cancelling go page by page. */

#define TIX_SHEET_JOB_MAX_TICKETS 10000

#define TIX_TYPE_SHEET_JOB (tix_sheet_job_get_type ())

G_DECLARE_FINAL_TYPE (TixSheetJob, tix_sheet_job, TIX, SHEET_JOB, GObject)

TixSheetJob *tix_sheet_job_new               (TixClient           *client);
/* What to print: these tickets (element-type TixTicket) … */
void         tix_sheet_job_set_tickets       (TixSheetJob         *self,
                                              GPtrArray           *tickets);
/* … or every ticket of a list query, in number order. */
void         tix_sheet_job_set_query         (TixSheetJob         *self,
                                              TixTicketFilter      filter,
                                              const char          *search);

/* The layout to print on (one of tix_sheet_layouts ()), such as the desk
 * printer's roll, instead of the organization's sheet layout. */
void         tix_sheet_job_set_layout        (TixSheetJob         *self,
                                              const char          *layout);
/* The events the tickets are of: each ticket prints its own event's name
 * and date (its start in the organization's zone). Without one, every
 * ticket prints the current event's (the settings' event_name and date). */
void         tix_sheet_job_set_season        (TixSheetJob         *self,
                                              TixSeason           *season);
/* A query of one event's tickets (0, the default: every event's). */
void         tix_sheet_job_set_event_id      (TixSheetJob         *self,
                                              gint64               event_id);

/* Fetches the settings and, for a query, the tickets. Fails with
 * TIX_SHEET_ERROR_EMPTY when there is nothing to print. */
void         tix_sheet_job_prepare_async     (TixSheetJob         *self,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean     tix_sheet_job_prepare_finish    (TixSheetJob         *self,
                                              GAsyncResult        *result,
                                              GError             **error);
/* After prepare: the sheet and its tickets. */
TixSheet    *tix_sheet_job_get_sheet         (TixSheetJob         *self);
GPtrArray   *tix_sheet_job_get_tickets       (TixSheetJob         *self);

/* Prepares, then writes the PDF to @file on a worker thread. On failure or
 * cancel, @file is left as it was. */
void         tix_sheet_job_write_pdf_async   (TixSheetJob         *self,
                                              GFile               *file,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean     tix_sheet_job_write_pdf_finish  (TixSheetJob         *self,
                                              GAsyncResult        *result,
                                              GError             **error);
/* 0 to 1 while a job runs ("notify::progress"). */
double       tix_sheet_job_get_progress      (TixSheetJob         *self);

/* After prepare: the paper of the layout, portrait. */
GtkPageSetup *tix_sheet_job_new_page_setup   (TixSheetJob         *self);

/* After prepare: a print operation that draws the sheet (paper of the
 * layout, full page, points) and shows the app's preview. */
GtkPrintOperation *tix_sheet_job_new_print_operation (TixSheetJob *self);

/* The whole thing for a person: a progress dialog with Cancel while the
 * tickets come, then the print dialog (with the preview of
 * TixSheetPreview), or the file chooser and a progress dialog while the PDF
 * is written. The outcome comes as "finished" with a message for a toast
 * (NULL when there is nothing to say, such as after Cancel). */
void         tix_sheet_job_print             (TixSheetJob         *self,
                                              GtkWidget           *parent);
void         tix_sheet_job_export            (TixSheetJob         *self,
                                              GtkWidget           *parent);

G_END_DECLS
