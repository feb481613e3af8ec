/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

#define TIX_TYPE_LISTENER (tix_listener_get_type ())

G_DECLARE_FINAL_TYPE (TixListener, tix_listener, TIX, LISTENER, GObject)

/* What a connection may take before the server closes it. */
typedef struct
{
  gsize  max_body;          /* a request body, in bytes: past it, 413 */
  gsize  max_request_line;  /* past it, 414 (plain HTTP only) */
  gsize  max_head;          /* request line and headers: past it, 431 (plain HTTP only) */
  guint  header_timeout;    /* seconds for a request's head to arrive */
  guint  body_timeout;      /* seconds a body may go without a byte */
  guint  send_timeout;      /* seconds an answer may go unread */
  guint  idle_timeout;      /* seconds a kept-alive connection may wait for its next request */
  guint  max_connections;   /* 0: from the process's file descriptor limit */
} TixListenerLimits;

#define TIX_LISTENER_DEFAULT_HEADER_TIMEOUT 10
#define TIX_LISTENER_DEFAULT_BODY_TIMEOUT   30
#define TIX_LISTENER_DEFAULT_SEND_TIMEOUT   60
#define TIX_LISTENER_DEFAULT_IDLE_TIMEOUT   75

void         tix_listener_limits_init        (TixListenerLimits       *limits);

/* Accepts the connections of @server itself and hands each to
 * soup_server_accept_iostream(), on the thread-default main context. */
TixListener *tix_listener_new                (SoupServer              *server,
                                              const TixListenerLimits *limits,
                                              GTlsCertificate         *tls_certificate);
gboolean     tix_listener_add_socket         (TixListener             *self,
                                              GSocket                 *socket,
                                              GError                 **error);
/* Stops accepting and closes every connection. */
void         tix_listener_close              (TixListener             *self);
guint        tix_listener_get_n_connections  (TixListener             *self);
/* The address of the first listening socket (NULL before one is added). */
GInetSocketAddress *tix_listener_get_address (TixListener             *self);
gboolean     tix_listener_is_https           (TixListener             *self);
/* TRUE if the listener already answered @msg (its body was too large):
 * handlers leave it alone. */
gboolean     tix_listener_has_answered       (SoupServerMessage       *msg);

G_END_DECLS
