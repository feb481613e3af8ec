/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "tix-report.h"

G_BEGIN_DECLS

#define TIX_TYPE_DOOR_REPORT_PANEL (tix_door_report_panel_get_type ())

G_DECLARE_FINAL_TYPE (TixDoorReportPanel, tix_door_report_panel, TIX, DOOR_REPORT_PANEL, AdwBin)

/* A day at the door, as the reports view shows it: the day's scans and its
 * busiest ten minutes, scans per interval as a curve (the part of the day
 * with scans in it, at least two hours), and the scans by station and by
 * person; or that nobody was scanned. */
GtkWidget *tix_door_report_panel_new            (void);
/* This station's id: its scans are "This station". */
void       tix_door_report_panel_set_station_id (TixDoorReportPanel  *self,
                                                 const char          *station_id);
/* Today (the default) or another day: how the day is spoken of. */
void       tix_door_report_panel_set_today      (TixDoorReportPanel  *self,
                                                 gboolean             today);
/* Shows @report (NULL: nothing yet), its times in @zone (NULL: the local
 * zone). The panel keeps nothing of it. */
void       tix_door_report_panel_set_report     (TixDoorReportPanel  *self,
                                                 const TixDoorReport *report,
                                                 GTimeZone           *zone);

G_END_DECLS
