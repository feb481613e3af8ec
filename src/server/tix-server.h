/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "tix-server-options.h"
#include "tix-store.h"

G_BEGIN_DECLS

#define TIX_TYPE_SERVER (tix_server_get_type ())

G_DECLARE_FINAL_TYPE (TixServer, tix_server, TIX, SERVER, GObject)

/* The server attaches to the thread-default main context of the thread that
 * creates it; every request is handled on that thread. */
TixServer  *tix_server_new                   (TixStore                *store,
                                              const TixServerOptions  *options);
gboolean    tix_server_listen                (TixServer               *self,
                                              const char              *address,
                                              guint                    port,
                                              GError                 **error);
void        tix_server_disconnect            (TixServer               *self);
guint       tix_server_get_port              (TixServer               *self);
/* Connections open now, those closing included. */
guint       tix_server_get_n_connections     (TixServer               *self);
/* "http://127.0.0.1:PORT", no trailing slash. */
char       *tix_server_get_url               (TixServer               *self);
TixStore   *tix_server_get_store             (TixServer               *self);

/* Standalone mode: makes sure the local organization and its admin exist and
 * returns a fresh session token for that admin (never stored by the caller). */
char       *tix_server_create_local_session  (TixServer               *self,
                                              GError                 **error);

G_END_DECLS
