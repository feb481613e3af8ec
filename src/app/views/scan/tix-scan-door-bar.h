/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "tix-door.h"

G_BEGIN_DECLS

#define TIX_TYPE_SCAN_DOOR_BAR (tix_scan_door_bar_get_type ())

G_DECLARE_FINAL_TYPE (TixScanDoorBar, tix_scan_door_bar, TIX, SCAN_DOOR_BAR, GtkBox)

/* Where and which way this door scans: the entrance of the event (a drop
 * down, the event's own), and In / Out, two big linked buttons always in
 * sight. Beside them the door's menu: the dashboard and the scan log
 * (win.door-dashboard, win.scan-log).
 *
 * Properties: "direction" (TixDoorDirection), "entrance-id" (gint64, the
 * entrance chosen; 0 while there is none), both read-write and notified
 * when the person at the door changes them. */
TixDoorDirection tix_scan_door_bar_get_direction   (TixScanDoorBar   *self);
void             tix_scan_door_bar_set_direction   (TixScanDoorBar   *self,
                                                    TixDoorDirection  direction);
/* The entrances to choose from (element-type TixEntrance; NULL or empty:
 * none known, the picker is insensitive) and the one chosen. */
void             tix_scan_door_bar_set_entrances   (TixScanDoorBar   *self,
                                                    GPtrArray        *entrances,
                                                    gint64            entrance_id);
gint64           tix_scan_door_bar_get_entrance_id (TixScanDoorBar   *self);
/* The entrance chosen, or NULL. */
TixEntrance     *tix_scan_door_bar_get_entrance    (TixScanDoorBar   *self);
void             tix_scan_door_bar_set_entrance_id (TixScanDoorBar   *self,
                                                    gint64            entrance_id);
/* Narrow: the buttons' labels shorter. */
void             tix_scan_door_bar_set_narrow      (TixScanDoorBar   *self,
                                                    gboolean          narrow);

G_END_DECLS
