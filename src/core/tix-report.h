/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "tix-event.h"

G_BEGIN_DECLS

/* The reports of GET /api/reports/…, as the server counts them in the
 * organization's time zone. */

typedef enum
{
  TIX_REPORT_DAILY,    /* 30 rows, "2026-11-28" */
  TIX_REPORT_WEEKLY,   /* 12 rows, "2026-W48" */
  TIX_REPORT_MONTHLY,  /* 12 rows, "2026-11" */
  TIX_N_REPORT_PERIODS,
} TixReportPeriod;

/* Its nicks are the names below ("daily", …), for properties and .ui files. */
#define TIX_TYPE_REPORT_PERIOD (tix_report_period_get_type ())
GType       tix_report_period_get_type   (void) G_GNUC_CONST;

/* "daily", "weekly", "monthly": the path of its report. */
const char *tix_report_period_get_name   (TixReportPeriod period);
/* "date", "week", "month": the member that names a row's period. */
const char *tix_report_period_get_member (TixReportPeriod period);

/* One period of a report, or one interval of the door's day (then @period
 * is its start, ISO 8601 UTC, and @generated 0). */
typedef struct
{
  char   *period;
  gint64  generated;
  gint64  scanned;
} TixReportRow;

/* One line of the door's day by station or by user. */
typedef struct
{
  char   *key;       /* station id, or user name; NULL when unknown or removed */
  gint64  user_id;   /* by user: 0 when removed; by station: 0 */
  gint64  scanned;
} TixReportShare;

/* GET /api/reports/{daily,weekly,monthly}: newest first. */
typedef struct
{
  TixReportPeriod period;
  GArray         *rows;     /* TixReportRow */
} TixPeriodReport;

/* Every row must have the period's member, generated and scanned (counts
 * of 0 or more); anything else is an error and no report. */
TixPeriodReport *tix_period_report_new_from_json (TixReportPeriod   period,
                                                  JsonArray        *array,
                                                  GError          **error);
void             tix_period_report_free          (TixPeriodReport  *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TixPeriodReport, tix_period_report_free)

/* Door rules: one entrance of the door's day (by_entrance). */
typedef struct
{
  gint64  entrance_id;
  gint64  event_id;
  char   *name;
  gint64  inside;     /* inside now, come in by it */
  gint64  arrivals;   /* the day's first entries and re-entries by it */
  gint64  exits;      /* the day's exits by it */
} TixReportEntrance;

/* Door rules: refusals of one reason ("already-inside", "wrong-entrance", …). */
typedef struct
{
  char   *reason;
  gint64  count;
} TixReportRefusal;

/* Door rules: arrivals and exits of one interval. */
typedef struct
{
  gint64  start;      /* ms */
  gint64  arrivals;
  gint64  exits;
} TixReportFlow;

/* GET /api/reports/door: one day at the door, in intervals. */
typedef struct
{
  char   *date;              /* "YYYY-MM-DD" */
  char   *time_zone;         /* IANA name, or NULL */
  gint64  interval_minutes;
  gint64  scanned;           /* the day's total */
  GArray *intervals;         /* TixReportRow, in time order */
  GArray *by_station;        /* TixReportShare, most scans first */
  GArray *by_user;           /* TixReportShare, most scans first */
  /* Door rules (0 and empty from a server before them) */
  gint64  inside;            /* inside now */
  gint64  arrivals;          /* the day's first entries and re-entries */
  gint64  exits;             /* the day's exits */
  GArray *by_entrance;       /* TixReportEntrance, the default first */
  GArray *refused;           /* TixReportRefusal, most first */
  GArray *flow;              /* TixReportFlow, in time order, as intervals */
} TixDoorReport;

/* Lenient, as a door report is only shown: an entry that does not read is
 * left out. Only a reply that is not an object is an error. */
TixDoorReport *tix_door_report_new_from_json (JsonObject     *object,
                                              GError        **error);
void           tix_door_report_free          (TixDoorReport  *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TixDoorReport, tix_door_report_free)

/* One event of GET /api/reports/season. */
typedef struct
{
  TixEvent *event;
  gint64    tickets;          /* its tickets, and how many are scanned */
  gint64    scanned;
  gint64    busiest_start;    /* ms: its door's busiest interval, TIX_EVENT_NO_TIME before a scan */
  gint64    busiest_scanned;  /* the scans of that interval */
} TixSeasonRow;

/* GET /api/reports/season: the events side by side, newest first. */
typedef struct
{
  char   *time_zone;          /* IANA name, or NULL */
  gint64  interval_minutes;
  gint64  tickets;            /* the organization's, every event */
  gint64  scanned;
  GArray *events;             /* TixSeasonRow, newest first */
} TixSeasonReport;

/* Lenient, as the door report: an event that does not read is left out.
 * Only a reply that is not an object is an error. */
TixSeasonReport *tix_season_report_new_from_json (JsonObject       *object,
                                                  GError          **error);
void             tix_season_report_free          (TixSeasonReport  *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TixSeasonReport, tix_season_report_free)

G_END_DECLS
