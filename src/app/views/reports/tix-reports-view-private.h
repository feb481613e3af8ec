/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tix-door-report-panel.h"
#include "tix-period-report-card.h"
#include "tix-reports-view.h"

#include "tix-season.h"
#include "tix-season-panel.h"

G_BEGIN_DECLS

/* What the view (tix-reports-view.c: session, layout), its loading
 * (tix-reports-view-load.c: what is asked for and when, live updates) and
 * its actions (tix-reports-view-actions.c: refresh, the door's day,
 * export) share. */
struct _TixReportsView
{
  AdwBin               parent_instance;

  /* Template widgets */
  GtkLabel            *title_label;
  GtkLabel            *status_label;
  GtkMenuButton       *export_button;
  GtkBox              *cards;
  GtkLabel            *total_label;
  GtkLabel            *scanned_label;
  GtkLabel            *not_scanned_label;
  GtkLabel            *rate_label;
  GtkLevelBar         *rate_bar;
  TixPeriodReportCard *daily_card;
  TixPeriodReportCard *weekly_card;
  TixPeriodReportCard *monthly_card;
  GtkLabel            *door_title_label;
  TixDoorReportPanel  *door_panel;
  TixSeasonPanel      *season_panel;

  /* Owned references */
  TixSeason      *season;        /* the window's: the event it works on */
  TixSession          *session;
  GSignalGroup        *session_signals;
  GSignalGroup        *stream_signals;
  TixClient           *client;             /* the session's, as of the last change */
  TixEventStream      *stream;             /* its stream */
  GCancellable        *cancellable;        /* loads for this client */
  TixPeriodReport     *reports[TIX_N_REPORT_PERIODS];  /* NULL until loaded */
  TixDoorReport       *door;               /* NULL until loaded */
  GTimeZone           *door_tz;            /* the organization's, or NULL */
  char                *time_zone;          /* its name, from the settings */

  TixStats             stats;
  int                  door_day;           /* 0: today, -1: yesterday, … */
  guint                door_serial;        /* of the last door report asked for */
  gint64               loaded_at;          /* monotonic, of the last full load */
  guint                n_loading;
  gint64               shown_event_id;     /* the event the figures are of */
  guint                reload_id;
  guint                n_exporting;        /* exports being written */
  guint                has_stats : 1;
  guint                stale : 1;          /* events came while unmapped */
};

/* tix-reports-view.c */
TixPeriodReportCard *_tix_reports_view_get_card          (TixReportsView      *self,
                                                          TixReportPeriod      period);

/* tix-reports-view-load.c */
/* Follows the stream (the counters, and events that change the figures). */
void                 _tix_reports_view_init_live         (TixReportsView      *self);
/* Loads every report; @with_stats: also the counters (the stream keeps
 * them once connected). */
void                 _tix_reports_view_load              (TixReportsView      *self,
                                                          gboolean             with_stats);
/* Asks for the door report of the day shown. */
void                 _tix_reports_view_load_door         (TixReportsView      *self);
void                 _tix_reports_view_show_stats        (TixReportsView      *self);
void                 _tix_reports_view_update_status     (TixReportsView      *self);
void                 _tix_reports_view_update_door_title (TixReportsView      *self);

/* tix-reports-view-actions.c */
void                 _tix_reports_view_class_actions_init (TixReportsViewClass *klass);

/* The event the reports are of: the one chosen, 0 for all (then the
 * season view shows). */
gint64 _tix_reports_view_get_event_id (TixReportsView *self);

G_END_DECLS
