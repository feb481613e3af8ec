/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define TIX_TYPE_NARROW_LAYOUT (tix_narrow_layout_get_type ())

G_DECLARE_FINAL_TYPE (TixNarrowLayout, tix_narrow_layout, TIX, NARROW_LAYOUT, GtkLayoutManager)

/* The layout of a view with a wide and a narrow layout of its one child:
 * "narrow" turns TRUE below @threshold pixels (libadwaita 1.2 has no
 * AdwBreakpoint). The view changes its child on notify::narrow. */
GtkLayoutManager *tix_narrow_layout_new        (int              threshold);
gboolean          tix_narrow_layout_get_narrow (TixNarrowLayout *self);

G_END_DECLS
