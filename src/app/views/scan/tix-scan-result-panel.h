/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "tix-scan-answer.h"

G_BEGIN_DECLS

#define TIX_TYPE_SCAN_RESULT_PANEL (tix_scan_result_panel_get_type ())

G_DECLARE_FINAL_TYPE (TixScanResultPanel, tix_scan_result_panel, TIX, SCAN_RESULT_PANEL, GtkBox)

/* The answer at the door, big: the verdict's icon and word ("VALID"), the
 * ticket's number and a detail line, on the verdict's colour (the CSS
 * classes of tix_scan_result_get_css_class ()). An accessible status: a
 * screen reader reads each answer. */
void  tix_scan_result_panel_show  (TixScanResultPanel *self,
                                   TixScanResult       result,
                                   const char         *number,
                                   const char         *detail);

G_END_DECLS
