/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "tix-session.h"

G_BEGIN_DECLS

#define TIX_TYPE_REPORTS_VIEW (tix_reports_view_get_type ())

G_DECLARE_FINAL_TYPE (TixReportsView, tix_reports_view, TIX, REPORTS_VIEW, AdwBin)

/* What a venue manager reads at a glance: four numbers (tickets, scanned,
 * not scanned, scan rate) kept live by the event stream; tickets generated
 * and scanned per day, week and month as bar charts and tables; today at
 * the door (scans per ten minutes, the busiest interval, by station and by
 * person); and any of it, or the whole ticket list, saved as CSV.
 *
 * Property "session" (TixSession *, read-write): the reports of its client,
 * kept live by its stream.
 * Actions: "reports.refresh" (Ctrl+R), "reports.export" ("daily", "weekly",
 * "monthly", "door" or "tickets": asks for a file, then saves). */
TixReportsView *tix_reports_view_new             (void);
TixSession     *tix_reports_view_get_session     (TixReportsView      *self);
void            tix_reports_view_set_session     (TixReportsView      *self,
                                                  TixSession          *session);
/* Loads the counters and every report again. */
void            tix_reports_view_reload          (TixReportsView      *self);
/* Requests in flight (0 once everything shown has arrived). */
guint           tix_reports_view_get_n_loading   (TixReportsView      *self);
/* The counters on the cards; FALSE while unknown. */
gboolean        tix_reports_view_get_stats       (TixReportsView      *self,
                                                  TixStats            *out_stats);
/* Sums of a report ("daily", "weekly", "monthly") as loaded; FALSE while
 * it has not arrived. */
gboolean        tix_reports_view_get_totals      (TixReportsView      *self,
                                                  const char          *report,
                                                  gint64              *generated,
                                                  gint64              *scanned);
/* Scans today as the door report counts them; -1 while unknown. */
gint64          tix_reports_view_get_door_scans  (TixReportsView      *self);

/* Writes @what ("daily", "weekly", "monthly", "door" or "tickets": every
 * ticket, paged from the server) as CSV to @file. */
void            tix_reports_view_export_async    (TixReportsView      *self,
                                                  const char          *what,
                                                  GFile               *file,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
gboolean        tix_reports_view_export_finish   (TixReportsView      *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);

G_END_DECLS
