/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tix-window.h"

G_BEGIN_DECLS

/* tix-screenshots.c: @window settled and written as NAME-light.png or
 * NAME-dark.png (with the mode's suffix) in the output folder. */
void        tix_screenshot             (GtkWidget   *window,
                                        const char  *name);
/* The output folder. */
const char *tix_screenshot_folder      (void);

/* tix-screenshots-sell.c: the desk, light and dark, then the cash-up on
 * screen and on the roll (cash-up-roll.png). Opens a shift and sells. */
void        tix_screenshots_sell       (TixWindow   *window);
/* The Sell view of a narrow window (the shift opened before). */
void        tix_screenshots_sell_narrow (TixWindow  *window);

/* tix-screenshots-types.c: the current event's ticket types (after
 * tix_screenshots_sell ()) and a type's dialog, light and dark. */
void        tix_screenshots_types      (TixWindow   *window);

G_END_DECLS
