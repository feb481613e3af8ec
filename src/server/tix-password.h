/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Argon2id through libsodium, always on a worker thread so hashing never
 * stalls the thread that serves requests. */

gboolean  tix_password_init          (GError             **error);

void      tix_password_hash_async    (const char          *password,
                                      gboolean             fast,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data);
char     *tix_password_hash_finish   (GAsyncResult        *result,
                                      GError             **error);
/* Synchronous, for callers already off the main thread. */
char     *tix_password_hash          (const char          *password,
                                      gboolean             fast,
                                      GError             **error);

/* Verifying an unknown user against @hash == NULL still costs a hash, so
 * timing does not tell which emails exist. */
void      tix_password_verify_async  (const char          *password,
                                      const char          *hash,
                                      gboolean             fast,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data);
gboolean  tix_password_verify_finish (GAsyncResult        *result,
                                      GError             **error);

/* 32 random bytes as 64 lowercase hex characters. */
char     *tix_password_new_token     (void);
/* SHA-256 of @token, hex: what the database keeps. */
char     *tix_password_hash_token    (const char          *token);

G_END_DECLS
