/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "tix-application.h"
#include "tix-client.h"
#include "tix-season.h"

G_BEGIN_DECLS

#define TIX_TYPE_WINDOW (tix_window_get_type ())

G_DECLARE_FINAL_TYPE (TixWindow, tix_window, TIX, WINDOW, AdwApplicationWindow)

TixWindow  *tix_window_new            (TixApplication *application);
/* The application's session (property "session"), which the views take. */
TixSession *tix_window_get_session    (TixWindow      *self);
/* The events and the one this window works on (property "season"). */
TixSeason  *tix_window_get_season     (TixWindow      *self);
/* The session's client once signed in, or NULL. */
TixClient  *tix_window_get_client     (TixWindow      *self);
/* The visible page: "loading", "login", "error" or "main". */
const char *tix_window_get_page       (TixWindow      *self);
/* Signs in the way the settings say: standalone when "server-url" is empty,
 * else the login page (restoring a saved session when there is one). */
void        tix_window_start_session  (TixWindow      *self);
/* Revokes the session and returns to the login page. */
void        tix_window_logout         (TixWindow      *self);
/* Shows one of "generate", "tickets", "scan", "reports". */
void        tix_window_show_view      (TixWindow      *self,
                                       const char     *name);
void        tix_window_add_toast      (TixWindow      *self,
                                       AdwToast       *toast);
/* Door mode (property "door-mode", action "win.door-mode"): full screen,
 * the scan view's text big; "win.leave-door-mode" (Escape in the scan view)
 * and leaving full screen end it. */
gboolean    tix_window_get_door_mode  (TixWindow      *self);
void        tix_window_set_door_mode  (TixWindow      *self,
                                       gboolean        door_mode);

G_END_DECLS
