/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define TIX_TYPE_PREFERENCES_WINDOW (tix_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (TixPreferencesWindow, tix_preferences_window, TIX, PREFERENCES_WINDOW, AdwPreferencesWindow)

/* Signal "server-changed" (const char *url) when the server address is
 * applied; empty means standalone. */
TixPreferencesWindow *tix_preferences_window_new (GSettings *settings);

G_END_DECLS
