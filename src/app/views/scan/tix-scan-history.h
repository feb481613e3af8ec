/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define TIX_TYPE_SCAN_HISTORY (tix_scan_history_get_type ())

G_DECLARE_FINAL_TYPE (TixScanHistory, tix_scan_history, TIX, SCAN_HISTORY, GtkBox)

/* The scan view's "Last Scans": its TixScanHistoryRows, newest first, the
 * last 20 kept; "No scans yet" before the first. Beside the answer in a
 * wide window, under it (a few rows high) in a narrow one. */
void         tix_scan_history_add        (TixScanHistory *self,
                                          GtkWidget      *row);
GtkListBox  *tix_scan_history_get_list   (TixScanHistory *self);
void         tix_scan_history_set_narrow (TixScanHistory *self,
                                          gboolean        narrow);

G_END_DECLS
