/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "tix-door.h"

G_BEGIN_DECLS

#define TIX_TYPE_SCAN_QUEUE (tix_scan_queue_get_type ())

G_DECLARE_FINAL_TYPE (TixScanQueue, tix_scan_queue, TIX, SCAN_QUEUE, GObject)

/* One scan in the queue, from the moment it is sent until its answer is
 * given out. Reference counted: the scan in flight holds one. */
typedef struct _TixScanQueueEntry TixScanQueueEntry;

/* The door's answers in the order of the scans, whatever order they come
 * in. An answer that takes longer than "hold-ms" (default 2000) stops
 * holding back those after it: they are given out, and it comes when it
 * comes, marked late (it must not take the screen from the person now at
 * the door). No GTK: a GLib timeout looks again when the oldest is due.
 *
 * Signal "answer" (const char *code, TixDoorVerdict *verdict,
 * gint64 submitted_at, gboolean late): an answer, in order; @submitted_at
 * is the real time (µs) of the scan. */
TixScanQueue      *tix_scan_queue_new            (void);
void               tix_scan_queue_set_hold_ms    (TixScanQueue      *self,
                                                  guint              hold_ms);
/* A new scan of @code, last in the queue; the caller owns the reference
 * returned and passes it to tix_scan_queue_entry_answer(). */
TixScanQueueEntry *tix_scan_queue_push           (TixScanQueue      *self,
                                                  const char        *code);
/* Scans pushed whose answer was not given out yet. */
guint              tix_scan_queue_get_n_pending  (TixScanQueue      *self);
/* Drops every scan pending: their answers, when they come, are ignored. */
void               tix_scan_queue_clear          (TixScanQueue      *self);

const char        *tix_scan_queue_entry_get_code (TixScanQueueEntry *entry);
/* The door's answer for @entry (taking @verdict), then drops the caller's
 * reference. Answers of entries cleared from the queue are freed unused. */
void               tix_scan_queue_entry_answer   (TixScanQueueEntry *entry,
                                                  TixDoorVerdict    *verdict);
TixScanQueueEntry *tix_scan_queue_entry_ref      (TixScanQueueEntry *entry);
void               tix_scan_queue_entry_unref    (TixScanQueueEntry *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TixScanQueueEntry, tix_scan_queue_entry_unref)

G_END_DECLS
