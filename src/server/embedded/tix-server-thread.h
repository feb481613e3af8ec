/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tix-server-options.h"

G_BEGIN_DECLS

/* The embedded server's start and stop: all the app sees of src/server
 * (src/app/meson.build gives it this folder only, never the store). */

#define TIX_TYPE_SERVER_THREAD (tix_server_thread_get_type ())

G_DECLARE_FINAL_TYPE (TixServerThread, tix_server_thread, TIX, SERVER_THREAD, GObject)

/* Opens the store at @db_path and runs a TixServer listening on @address:@port
 * (port 0: any free port) on a thread of its own with its own GMainContext,
 * so SQLite work never stalls the caller. Returns once the server listens. */
TixServerThread *tix_server_thread_new                  (const char              *db_path,
                                                         const TixServerOptions  *options,
                                                         const char              *address,
                                                         guint                    port,
                                                         GError                 **error);
const char      *tix_server_thread_get_url              (TixServerThread         *self);
guint            tix_server_thread_get_port             (TixServerThread         *self);
/* Runs tix_server_create_local_session() on the server's thread. */
char            *tix_server_thread_create_local_session (TixServerThread         *self,
                                                         GError                 **error);
/* A consistent copy of the running server's database into the new file
 * @destination (tix_store_backup() on a worker thread). */
void             tix_server_thread_backup_async         (TixServerThread         *self,
                                                         const char              *destination,
                                                         GCancellable            *cancellable,
                                                         GAsyncReadyCallback      callback,
                                                         gpointer                 user_data);
gboolean         tix_server_thread_backup_finish        (TixServerThread         *self,
                                                         GAsyncResult            *result,
                                                         GError                 **error);
/* Stops the server and joins its thread; also done on dispose. */
void             tix_server_thread_stop                 (TixServerThread         *self);

G_END_DECLS
