/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "tix-report.h"

G_BEGIN_DECLS

/* What the door dashboard shows, without GTK: how full the event is, the
 * words of a refusal's reason, and which ten minutes to chart. */

typedef enum
{
  TIX_DOOR_LEVEL_NO_LIMIT,  /* the event has no max_inside */
  TIX_DOOR_LEVEL_OK,
  TIX_DOOR_LEVEL_NEAR,      /* TIX_DOOR_NEAR_PERCENT or more of max_inside inside */
  TIX_DOOR_LEVEL_FULL,      /* max_inside inside (or more) */
} TixDoorLevel;

#define TIX_DOOR_NEAR_PERCENT 90

/* @max_inside: 0 or less for no limit. */
TixDoorLevel tix_door_board_level         (gint64            inside,
                                           gint64            max_inside);
/* Whole percent of @max_inside inside, rounded down; -1 without a limit. */
int          tix_door_board_percent       (gint64            inside,
                                           gint64            max_inside);
/* "412 / 500", or "412" without a limit. */
char        *tix_door_board_format_inside (gint64            inside,
                                           gint64            max_inside);
/* The warning under it, NULL when there is none. */
char        *tix_door_board_format_level  (gint64            inside,
                                           gint64            max_inside);
/* The words of a refusal's reason ("wrong-entrance": "Wrong entrance"). */
const char  *tix_door_board_reason_label  (const char       *reason);
/* The words of a scan log entry's result: "first", "re-entry", "exit" or
 * a refusal's reason. */
const char  *tix_door_board_result_label  (const char       *result);
/* The results the scan log filters by, NULL-terminated ("first", …). */
const char * const *tix_door_board_results (void);
/* The last @n intervals of @flow (TixReportFlow, in time order) that start
 * at or before @now_ms: *@first is the first of them, the count returned. */
guint        tix_door_board_flow_window   (GArray           *flow,
                                           gint64            now_ms,
                                           guint             n,
                                           guint            *first);

G_END_DECLS
