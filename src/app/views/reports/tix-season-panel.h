/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "tix-report.h"

G_BEGIN_DECLS

#define TIX_TYPE_SEASON_PANEL (tix_season_panel_get_type ())

G_DECLARE_FINAL_TYPE (TixSeasonPanel, tix_season_panel, TIX, SEASON_PANEL, AdwBin)

/* The reports' season view: the events side by side, newest first, each a
 * card of its tickets, how many were scanned and its door's busiest ten
 * minutes. */
void tix_season_panel_set_report (TixSeasonPanel  *self,
                                  TixSeasonReport *report,
                                  const char      *time_zone);
/* The cards shown (for tests). */
guint tix_season_panel_get_n_events (TixSeasonPanel *self);

G_END_DECLS
