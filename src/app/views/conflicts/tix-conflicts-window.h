/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "tix-client.h"

G_BEGIN_DECLS

#define TIX_TYPE_CONFLICTS_WINDOW (tix_conflicts_window_get_type ())

G_DECLARE_FINAL_TYPE (TixConflictsWindow, tix_conflicts_window, TIX, CONFLICTS_WINDOW, AdwWindow)

/* For admins: the tickets that two stations admitted while offline
 * (GET /api/scans/conflicts), each with both scans: when, by whom, where.
 * Loads when shown; "conflicts.reload" (F5, Ctrl+R) loads again. */
TixConflictsWindow *tix_conflicts_window_new         (TixClient          *client);
/* Rows listed once loaded; -1 while loading or after an error. */
int                 tix_conflicts_window_get_n_rows  (TixConflictsWindow *self);
/* The list (one AdwExpanderRow a conflict), for tests. */
GtkListBox         *tix_conflicts_window_get_list    (TixConflictsWindow *self);

G_END_DECLS
