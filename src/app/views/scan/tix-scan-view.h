/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "tix-scan-answer.h"
#include "tix-session.h"

G_BEGIN_DECLS

#define TIX_TYPE_SCAN_VIEW (tix_scan_view_get_type ())

G_DECLARE_FINAL_TYPE (TixScanView, tix_scan_view, TIX, SCAN_VIEW, AdwBin)

/* The door: an entry that takes what a keyboard-wedge scanner types (or a
 * number typed by hand) and submits it on Enter, or after a quiet interval
 * when it came at scanner speed; the answer fills the view.
 *
 * Property "session" (TixSession *, read-write): the view scans with its
 * door and shows its stream's counters.
 * Property "sounds" (gboolean, default TRUE): a sound for each answer
 * (GSound, if Tix was built with it). Property "prefixes" (string): the
 * prefixes this door admits, comma-separated; empty admits all. Property
 * "quiet-interval" (guint, ms, default 300).
 * Property "door-mode" (gboolean): the bigger text of the window's door
 * mode, which the view asks for with "win.door-mode" (its button, F11) and
 * leaves with "win.leave-door-mode" (Escape); bound to TixWindow:door-mode.
 * Actions: "scan.undo" (unscans the last admitted ticket), "scan.sounds",
 * "scan.open-image". */
TixScanView   *tix_scan_view_new           (void);
TixSession    *tix_scan_view_get_session   (TixScanView *self);
void           tix_scan_view_set_session   (TixScanView *self,
                                            TixSession  *session);
/* Scans @code (a ticket code or number) as if the scanner had typed it. */
void           tix_scan_view_submit        (TixScanView *self,
                                            const char  *code);
/* Reads the QR code in an image file (zbar) and scans it; a toast says so
 * when the image holds none. Also: "scan.open-image", files dropped. */
void           tix_scan_view_scan_image    (TixScanView *self,
                                            GFile       *file);
/* The answer on display. */
TixScanResult  tix_scan_view_get_result    (TixScanView *self);
/* Scans sent (or images being read) whose answer is not shown yet. */
guint          tix_scan_view_get_n_pending (TixScanView *self);
/* The entry the scanner types into. */
GtkEditable   *tix_scan_view_get_entry     (TixScanView *self);
/* The list of the last scans, newest first. */
GtkListBox    *tix_scan_view_get_history   (TixScanView *self);
/* "scanned / total" as shown; -1 while unknown. */
void           tix_scan_view_get_counts    (TixScanView *self,
                                            gint64      *scanned,
                                            gint64      *total);
/* The door that decides this view's scans (the session's TixDoor: online,
 * or offline from its copy when the server is gone), or NULL when signed
 * out. */
TixDoor       *tix_scan_view_get_door      (TixScanView *self);
/* TRUE while the server is gone and the OFFLINE bar shows. Property
 * "online-only" (gboolean): refuse scans while offline. */
gboolean       tix_scan_view_get_offline   (TixScanView *self);

/* The zone the view shows times in: the organization's, once its settings
 * came (for tests). */
const char     *tix_scan_view_get_time_zone  (TixScanView *self);

/* TRUE while the view lays itself out for a narrow window (for tests). */
gboolean        tix_scan_view_get_narrow     (TixScanView *self);

/* Door rules (tix-scan-view-door.c): which way the door scans, and the
 * entrance of the window's event it scans at (its id; 0 while the
 * entrances are not known). */
TixDoorDirection tix_scan_view_get_direction   (TixScanView      *self);
void           tix_scan_view_set_direction   (TixScanView      *self,
                                              TixDoorDirection  direction);
gint64         tix_scan_view_get_entrance_id (TixScanView      *self);
void           tix_scan_view_set_entrance_id (TixScanView      *self,
                                              gint64            entrance_id);
/* Reads the event's entrances again (after they were edited). */
void           tix_scan_view_reload_entrances (TixScanView     *self);

G_END_DECLS
