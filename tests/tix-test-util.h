/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tix-server-thread.h"

G_BEGIN_DECLS

/* A real TixServer on 127.0.0.1, any free port, on its own thread, with a
 * fresh database in a temporary folder that is removed on free. */
typedef struct
{
  char            *dir;
  char            *db_path;
  TixServerThread *thread;
  const char      *url;     /* "http://127.0.0.1:PORT", owned by thread */
} TixTestServer;

TixTestServer *tix_test_server_new          (void);
TixTestServer *tix_test_server_new_with     (const TixServerOptions *options);
void           tix_test_server_free         (TixTestServer          *server);
/* Removes a folder and everything in it. */
void           tix_test_remove_tree         (const char             *path);

/* Driving an async API: a GAsyncReadyCallback that keeps the result in the
 * GAsyncResult * its user data points to, and a wait for it that spins the
 * default main context. */
void           tix_test_store_result        (GObject                *object,
                                             GAsyncResult           *result,
                                             gpointer                user_data);
GAsyncResult  *tix_test_wait_result         (GAsyncResult          **result);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TixTestServer, tix_test_server_free)

G_END_DECLS
