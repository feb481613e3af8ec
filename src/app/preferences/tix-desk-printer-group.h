/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* The preferences of this station's desk printer: which printer the tickets
 * of a sale print on, with no dialog, and on which layout. */

#define TIX_TYPE_DESK_PRINTER_GROUP (tix_desk_printer_group_get_type ())

G_DECLARE_FINAL_TYPE (TixDeskPrinterGroup, tix_desk_printer_group, TIX, DESK_PRINTER_GROUP,
                      AdwPreferencesGroup)

/* @settings: the app's settings (schema org.gnome.Tix). */
void tix_desk_printer_group_set_settings (TixDeskPrinterGroup *self,
                                          GSettings           *settings);

G_END_DECLS
