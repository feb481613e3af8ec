/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "tix-client.h"
#include "tix-door.h"
#include "tix-event-stream.h"

G_BEGIN_DECLS

#define TIX_TYPE_SESSION (tix_session_get_type ())

G_DECLARE_FINAL_TYPE (TixSession, tix_session, TIX, SESSION, GObject)

/* What a station has while someone is signed in at it, in one object that
 * the window and every view share:
 *  - "client": the TixClient of the signed-in session, NULL when signed out;
 *  - "stream": the one TixEventStream of that client, started with it;
 *  - "door": the TixDoor that decides scans, online or from its offline
 *    copy, kept current from the stream;
 *  - the saved tokens (tix-token-store.h): remembered when signing in to a
 *    server, forgotten when signing out or when the server ends the session;
 *  - the embedded server of standalone mode.
 * The session notifies "client" last, once "stream" and "door" are that
 * client's: views follow "notify::client" (and the stream and door through
 * GSignalGroup) and read all three then.
 *
 * It lives in src/client, below the app, because it needs nothing of GTK,
 * and the embedded server does not make it depend on src/server: the app
 * gives it as an opaque GObject, made by a function the app passes in
 * (tix_session_ensure_local_server()); the session only keeps it, and stops
 * it by running its dispose.
 *
 * Signal "ended" (TixSessionEnd reason): the server ended a remote session
 * (logout elsewhere, the user removed, a new password, expiry); the token is
 * forgotten and the session signed out already. */
TixSession     *tix_session_new                 (void);

TixClient      *tix_session_get_client          (TixSession          *self);
TixEventStream *tix_session_get_stream          (TixSession          *self);
TixDoor        *tix_session_get_door            (TixSession          *self);
/* TRUE when the client talks to a server of a venue (its token is saved),
 * FALSE for this computer's own tickets. */
gboolean        tix_session_get_remote          (TixSession          *self);

/* Signs @client in (it has its token and user): a stream and a door for it,
 * and what the previous client had under way dropped. */
void            tix_session_sign_in             (TixSession          *self,
                                                 TixClient           *client,
                                                 gboolean             remote);
/* Drops the client here, and its stream and door; the server is not told. */
void            tix_session_sign_out            (TixSession          *self);
/* Logs out: the token forgotten (remote), the server told, then signed out. */
void            tix_session_logout              (TixSession          *self);

/* The token store, for the signed-in remote client: saves its token under
 * its address and its user's email. Fails when no Secret Service runs. */
void            tix_session_remember_async      (TixSession          *self,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gboolean        tix_session_remember_finish     (TixSession          *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);
/* The token saved for @server_url and @email, NULL without error when none. */
void            tix_session_lookup_token_async  (TixSession          *self,
                                                 const char          *server_url,
                                                 const char          *email,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
char           *tix_session_lookup_token_finish (TixSession          *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);
/* Forgets the token saved for @server_url and @email (in the background). */
void            tix_session_forget_token        (TixSession          *self,
                                                 const char          *server_url,
                                                 const char          *email);

/* Makes the embedded server (e.g. a TixServerThread) or returns NULL with
 * @error; called at most once at a time, on any thread. */
typedef GObject *(*TixSessionServerFunc) (gpointer   user_data,
                                          GError   **error);

/* The embedded server, made by @start on first use; (transfer none), kept
 * until tix_session_stop_local_server() or the session's end. May be called
 * from any thread. */
GObject        *tix_session_ensure_local_server (TixSession           *self,
                                                 TixSessionServerFunc  start,
                                                 gpointer              user_data,
                                                 GError              **error);
/* The embedded server if it runs (it is not started), or NULL; any thread. */
GObject        *tix_session_dup_local_server    (TixSession           *self);
/* Stops the embedded server (runs its dispose) and lets it go. */
void            tix_session_stop_local_server   (TixSession           *self);

G_END_DECLS
