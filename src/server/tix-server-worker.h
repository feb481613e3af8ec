/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include <libsoup/soup.h>

#include "tix-store.h"

G_BEGIN_DECLS

/* Long work off the server's thread (issue 15, "the door never waits"):
 * a few threads of their own, each with its own connection to the database
 * (a background store: on SQLite it lets the server's own writes go first). Work is
 * a GTask made on the server's thread: its callback runs there. */
typedef struct _TixServerWorker TixServerWorker;

/* Runs on a thread of the worker, with its store; returns through @task. */
typedef void (*TixServerWorkFunc) (GTask        *task,
                                   TixStore     *store,
                                   gpointer      task_data,
                                   GCancellable *cancellable);

/* Opens @n_threads more connections to @store's database, on the caller's
 * thread; NULL with @error set when it cannot. A worker whose work
 * @writes keeps the server's CPU priority (it holds the write lock at
 * times); the others, and the signing threads, run below it. */
TixServerWorker *tix_server_worker_new     (TixStore          *store,
                                            const char        *name,
                                            guint              n_threads,
                                            gboolean           writes,
                                            GError           **error);
void             tix_server_worker_run     (TixServerWorker   *worker,
                                            GTask             *task,
                                            TixServerWorkFunc  func);
/* Waits for the work under way (the rest is dropped, its tasks cancelled). */
void             tix_server_worker_free    (TixServerWorker   *worker);

/* Signs @tickets with @secret_key on threads of their own while the caller
 * goes on; join waits for them. For the worker's threads, which must not
 * touch the server's key cache. */
typedef struct _TixWorkerSign TixWorkerSign;
TixWorkerSign   *tix_worker_sign_start     (GPtrArray         *tickets,
                                            const guint8      *secret_key);
void             tix_worker_sign_join      (TixWorkerSign     *sign);
/* The same for tickets @start to @end - 1, on the caller's thread. */
void             tix_worker_sign_range     (GPtrArray         *tickets,
                                            guint              start,
                                            guint              end,
                                            const guint8      *secret_key);

/* Sets *@gone when @msg's connection closes (a job on a worker must then
 * not answer it); unwatch before the job goes. */
void             tix_server_watch_gone     (SoupServerMessage *msg,
                                            gboolean          *gone);
void             tix_server_unwatch_gone   (SoupServerMessage *msg,
                                            gboolean          *gone);

G_END_DECLS

G_BEGIN_DECLS

/* Replies @bytes in slices of 256 KiB (chunked), the next slice added only
 * when the server's main loop is idle: a 43 MB reply sent in one write keeps
 * the server's thread in the kernel for a tenth of a second and more. Call
 * it on the server's thread with @msg paused or in its handler; it unpauses. */
void             tix_server_reply_streamed (SoupServerMessage *msg,
                                            guint              status,
                                            const char        *content_type,
                                            GBytes            *bytes);

G_END_DECLS
