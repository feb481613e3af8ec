/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "tix-door.h"

G_BEGIN_DECLS

/* What the last answer said, shown big in the view. */
typedef enum
{
  TIX_SCAN_RESULT_NONE,
  TIX_SCAN_RESULT_VALID,
  TIX_SCAN_RESULT_DUPLICATE,
  TIX_SCAN_RESULT_UNKNOWN,
  TIX_SCAN_RESULT_FORGED,
  TIX_SCAN_RESULT_REPLACED,
  TIX_SCAN_RESULT_WRONG_PREFIX,
  TIX_SCAN_RESULT_FAILED,     /* not checked: server unreachable, session ended… */
  TIX_SCAN_RESULT_UNDONE,
  TIX_SCAN_RESULT_DELETED,    /* the ticket was, and was deleted */
  TIX_SCAN_RESULT_OTHER_EVENT,/* a ticket of another show: "For Friday 14 March, 20:00" */
  /* Door rules (issue 20) */
  TIX_SCAN_RESULT_REENTRY,    /* WELCOME BACK: in again after an exit */
  TIX_SCAN_RESULT_EXIT,       /* GOODBYE: out */
  TIX_SCAN_RESULT_ALREADY_INSIDE, /* in, not out since: when and where it came in */
  TIX_SCAN_RESULT_NO_REENTRY, /* went out; this entrance lets nobody back in */
  TIX_SCAN_RESULT_NOT_INSIDE, /* out, but it is not inside */
  TIX_SCAN_RESULT_WRONG_ENTRANCE, /* not for this entrance: which ones take it */
  TIX_SCAN_RESULT_CLOSED,     /* outside the entrance's hours */
  TIX_SCAN_RESULT_FULL,       /* the event's max_inside are inside */
  TIX_SCAN_RESULT_REFUNDED,   /* a ticket of a refunded order */
} TixScanResult;

#define TIX_SCAN_RESULT_LAST TIX_SCAN_RESULT_REFUNDED

/* The look of a result: the big word ("VALID"), the style class of the
 * answer ("scan-valid") and its icon. */
const char *tix_scan_result_get_verdict    (TixScanResult result);
const char *tix_scan_result_get_css_class  (TixScanResult result);
const char *tix_scan_result_get_icon_name  (TixScanResult result);
/* The event sound of a result (freedesktop sound theme), NULL for none:
 * each answer at the door has its own. */
const char *tix_scan_result_get_sound_id   (TixScanResult result);
/* Whether the person walks on: admitted in or out. */
gboolean    tix_scan_result_get_admitted   (TixScanResult result);

/* What the scan view shows for one TixDoor verdict: the result, the line
 * under it and what to call the ticket. No GTK: the door decided, this only
 * words it. */
typedef struct
{
  TixScanResult  result;
  gboolean       offline;   /* decided by this station from its copy */
  char          *title;     /* the ticket's number, or the code shortened */
  char          *detail;    /* the line under the verdict */
  TixTicket     *ticket;    /* admitted online (a first entry): what Undo unscans;
                             * else NULL */
} TixScanAnswer;

/* The answer to the scan of @code. @prefixes are the ones this door admits
 * (for "This door admits … only"); times are shown in @zone. */
TixScanAnswer *tix_scan_answer_new  (const char           *code,
                                     const TixDoorVerdict *verdict,
                                     const char * const   *prefixes,
                                     GTimeZone            *zone);
void           tix_scan_answer_free (TixScanAnswer        *answer);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TixScanAnswer, tix_scan_answer_free)

/* The hours of @entrance in @zone: "19:00–23:00", "from 19:00", "until
 * 23:00", NULL when it has none. */
char          *tix_scan_format_hours (TixEntrance         *entrance,
                                      GTimeZone           *zone);

/* A time of a scan, in @zone: the time alone when it is today there. */
char          *tix_scan_format_time (GTimeZone            *zone,
                                     gint64                ms);

G_END_DECLS
