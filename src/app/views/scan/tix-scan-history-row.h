/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "tix-scan-answer.h"

G_BEGIN_DECLS

#define TIX_TYPE_SCAN_HISTORY_ROW (tix_scan_history_row_get_type ())

G_DECLARE_FINAL_TYPE (TixScanHistoryRow, tix_scan_history_row, TIX, SCAN_HISTORY_ROW, AdwActionRow)

/* A line in the list of the last scans: what was scanned, the verdict and
 * when ("VALID · 21:04:33", "VALID, offline · 21:04:33"), with the
 * verdict's icon. Undoing the scan rewrites it ("SCAN UNDONE · …").
 * Properties: "result" (TixScanResult as int, read-only), "offline"
 * (gboolean, read-only). */
GtkWidget     *tix_scan_history_row_new         (TixScanResult      result,
                                                 const char        *title,
                                                 const char        *time,
                                                 gboolean           offline);
TixScanResult  tix_scan_history_row_get_result  (TixScanHistoryRow *self);
gboolean       tix_scan_history_row_get_offline (TixScanHistoryRow *self);
/* The scan was undone at @time. */
void           tix_scan_history_row_set_undone  (TixScanHistoryRow *self,
                                                 const char        *time);

G_END_DECLS
