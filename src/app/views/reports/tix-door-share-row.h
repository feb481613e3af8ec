/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define TIX_TYPE_DOOR_SHARE_ROW (tix_door_share_row_get_type ())

G_DECLARE_FINAL_TYPE (TixDoorShareRow, tix_door_share_row, TIX, DOOR_SHARE_ROW, AdwActionRow)

/* A line of the door's day by station or by person: who (@title, as
 * plain text), the scans and their share of the day's @total. */
GtkWidget *tix_door_share_row_new (const char *title,
                                   gint64      scans,
                                   gint64      total);

G_END_DECLS
