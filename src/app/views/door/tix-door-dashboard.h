/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "tix-door-board.h"
#include "tix-season.h"
#include "tix-session.h"

G_BEGIN_DECLS

#define TIX_TYPE_DOOR_DASHBOARD (tix_door_dashboard_get_type ())

G_DECLARE_FINAL_TYPE (TixDoorDashboard, tix_door_dashboard, TIX, DOOR_DASHBOARD, AdwWindow)

/* The door dashboard, for a second screen or a TV in the foyer: who is
 * inside now against the event's max_inside (a warning from 90 % on), the
 * arrivals and exits of the last two hours in ten minutes, each entrance,
 * and the refusals by reason, in type big enough to read across a room.
 * Live: the stream's event_stats keeps the count inside; the door report
 * is read again a moment after scans and every 30 seconds. F11 full
 * screen, Escape leaves it. It follows @season's event. */
TixDoorDashboard *tix_door_dashboard_new        (TixSession       *session,
                                                 TixSeason        *season);
/* Reads the door report now. */
void              tix_door_dashboard_reload     (TixDoorDashboard *self);
gint64            tix_door_dashboard_get_inside (TixDoorDashboard *self);
TixDoorLevel      tix_door_dashboard_get_level  (TixDoorDashboard *self);
/* How many times a report was shown (for tests). */
guint             tix_door_dashboard_get_n_reports (TixDoorDashboard *self);

G_END_DECLS
