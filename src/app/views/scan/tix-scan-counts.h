/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "tix-event-stream.h"

G_BEGIN_DECLS

#define TIX_TYPE_SCAN_COUNTS (tix_scan_counts_get_type ())

G_DECLARE_FINAL_TYPE (TixScanCounts, tix_scan_counts, TIX, SCAN_COUNTS, GtkBox)

/* The scan view's counters, "12 / 200 scanned", and beside them whether
 * they are live ("Live", or "Reconnecting… counters may be behind"). The
 * event stream keeps them; while it is down, the view's answers do
 * (tix_scan_counts_count_locally ()). */
void  tix_scan_counts_set_stream      (TixScanCounts  *self,
                                       TixEventStream *stream);
/* Counts the tickets of the event @event_id, the one the door admits (0:
 * of every event). */
void  tix_scan_counts_set_event_id    (TixScanCounts  *self,
                                       gint64          event_id);
/* Adds @delta to the tickets scanned, unless the stream is connected (it
 * counts then) or the counts are not known yet. */
void  tix_scan_counts_count_locally   (TixScanCounts  *self,
                                       gint64          delta);
/* "scanned / total" as shown; -1 while unknown. */
void  tix_scan_counts_get             (TixScanCounts  *self,
                                       gint64         *scanned,
                                       gint64         *total);

G_END_DECLS
