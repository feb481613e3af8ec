/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* How a server runs (tix-server-cli.c reads them from the command line). */

#define TIX_DEFAULT_CORS_ORIGIN   "http://localhost:5173"
#define TIX_DEFAULT_TOKEN_TTL     (30 * 24 * 3600)
#define TIX_DEFAULT_MAX_USERS     100
#define TIX_DEFAULT_PORT          8080
#define TIX_DEFAULT_MAX_TICKETS   2000000
#define TIX_MAX_BODY_SIZE         (1024 * 1024)

typedef struct
{
  const char *cors_origin;          /* NULL: TIX_DEFAULT_CORS_ORIGIN */
  gint64      token_ttl_seconds;    /* 0: TIX_DEFAULT_TOKEN_TTL */
  guint       max_users;            /* 0: TIX_DEFAULT_MAX_USERS */
  gboolean    fast_password_hashing;/* tests only: Argon2id at its minimum cost */
  gboolean    log_requests;         /* one line a request on stdout */
  gboolean    no_register;          /* only admins add users */
  GTlsCertificate *tls_certificate; /* NULL: plain HTTP; else HTTPS */
  gboolean    trust_proxy;          /* behind a load balancer: the client is
                                     * the last address of X-Forwarded-For */
  /* Connections (see src/server/net/tix-listener.h); 0: the default. */
  guint       header_timeout;       /* seconds for a request's head */
  guint       body_timeout;         /* seconds a body may pause */
  guint       send_timeout;         /* seconds an answer may go unread */
  guint       idle_timeout;         /* seconds a kept-alive connection may idle */
  guint       max_connections;      /* 0: from the file descriptor limit */
  gint64      max_tickets;          /* per organization; 0: TIX_DEFAULT_MAX_TICKETS */
} TixServerOptions;

/* The defaults above, every other option off. */
void        tix_server_options_init          (TixServerOptions        *options);

G_END_DECLS
