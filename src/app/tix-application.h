/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "tix-server-thread.h"
#include "tix-session.h"

G_BEGIN_DECLS

#define TIX_TYPE_APPLICATION (tix_application_get_type ())

G_DECLARE_FINAL_TYPE (TixApplication, tix_application, TIX, APPLICATION, AdwApplication)

TixApplication  *tix_application_new                (const char        *application_id,
                                                     GApplicationFlags  flags);
GSettings       *tix_application_get_settings       (TixApplication    *self);
/* The station's session: the windows and views share it. */
TixSession      *tix_application_get_session        (TixApplication    *self);
/* The database of standalone mode: property "database-path"; by default
 * $XDG_DATA_HOME/tix/tix.db. */
const char      *tix_application_get_database_path  (TixApplication    *self);
void             tix_application_set_database_path  (TixApplication    *self,
                                                     const char        *path);
/* Starts the embedded server on first use (standalone mode) and returns it:
 * (transfer none: the session keeps it), or NULL with @error when the
 * database cannot be opened. */
TixServerThread *tix_application_get_local_server   (TixApplication    *self,
                                                     GError           **error);
/* Stops the embedded server, if it runs (done at shutdown). */
void             tix_application_stop_local_server  (TixApplication   *self);
/* TRUE the first time it is called, FALSE after: to say "no Secret Service"
 * once per run. */
gboolean         tix_application_take_secret_warning (TixApplication   *self);

/* What this station sends as X-Tix-Station: its id of the settings
 * (chosen on first use) and its name. */
char            *tix_application_dup_station_id (TixApplication *self);
/* The embedded server's address if it runs (it is not started), or NULL. */
char            *tix_application_dup_local_server_url (TixApplication *self);

G_END_DECLS
