/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "tix-season.h"
#include "tix-session.h"

G_BEGIN_DECLS

#define TIX_TYPE_SCAN_LOG_WINDOW (tix_scan_log_window_get_type ())

G_DECLARE_FINAL_TYPE (TixScanLogWindow, tix_scan_log_window, TIX, SCAN_LOG_WINDOW, AdwWindow)

/* The scan log for administrators (GET /api/scans): every attempt at the
 * door of @season's event, admitted or refused, newest first, a page at a
 * time ("Load More" follows the cursor), filtered by result and entrance;
 * times in the organization's zone. */
TixScanLogWindow *tix_scan_log_window_new          (TixSession       *session,
                                                    TixSeason        *season);
/* The filters: NULL / 0 for any. */
void              tix_scan_log_window_set_filter   (TixScanLogWindow *self,
                                                    const char       *result,
                                                    gint64            entrance_id);
/* Reads the first page again. */
void              tix_scan_log_window_reload       (TixScanLogWindow *self);
/* The rows listed, and whether a page is being read (for tests). */
guint             tix_scan_log_window_get_n_rows   (TixScanLogWindow *self);
gboolean          tix_scan_log_window_get_loading  (TixScanLogWindow *self);
gboolean          tix_scan_log_window_get_has_more (TixScanLogWindow *self);
void              tix_scan_log_window_load_more    (TixScanLogWindow *self);

G_END_DECLS
