/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "tix-session.h"

G_BEGIN_DECLS

#define TIX_TYPE_PREFERENCES_WINDOW (tix_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (TixPreferencesWindow, tix_preferences_window, TIX, PREFERENCES_WINDOW, AdwPreferencesWindow)

/* Signal "server-changed" (const char *url) when the server address is
 * applied; empty means standalone. */
TixPreferencesWindow *tix_preferences_window_new        (GSettings            *settings);
/* The session whose pages are shown while someone is signed in: the
 * organization's settings for everyone, users and the audit log for an
 * admin, the account (own password, other sessions). Taken from the main
 * window it is transient for, or set here; NULL, or signed out: station
 * preferences only. */
void                  tix_preferences_window_set_session (TixPreferencesWindow *self,
                                                          TixSession           *session);
TixSession           *tix_preferences_window_get_session (TixPreferencesWindow *self);

G_END_DECLS
