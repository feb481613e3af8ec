/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "tix-door.h"

G_BEGIN_DECLS

#define TIX_TYPE_SCAN_OFFLINE_BAR (tix_scan_offline_bar_get_type ())

G_DECLARE_FINAL_TYPE (TixScanOfflineBar, tix_scan_offline_bar, TIX, SCAN_OFFLINE_BAR, AdwBin)

/* The bar on top of the scan view while its door's server is gone
 * ("OFFLINE — scans are checked at this station; 2 scans wait for the
 * server", or that the station admits online only), and while the scans
 * made offline go out once it is back. Hidden otherwise. */
void  tix_scan_offline_bar_set_door         (TixScanOfflineBar *self,
                                             TixDoor           *door);
/* What the bar says of a station that refuses while offline. */
void  tix_scan_offline_bar_set_online_only  (TixScanOfflineBar *self,
                                             gboolean           online_only);

G_END_DECLS
