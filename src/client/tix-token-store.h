/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Session tokens for remote servers, kept in the Secret Service (libsecret),
 * keyed by server URL and user email. Never written to a plain file. When no
 * Secret Service runs, the calls fail with a GError the caller shows once. */

void      tix_token_store_save_async    (const char          *server_url,
                                         const char          *email,
                                         const char          *token,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
gboolean  tix_token_store_save_finish   (GAsyncResult        *result,
                                         GError             **error);
/* Returns the token, or NULL without error when none is stored. */
void      tix_token_store_lookup_async  (const char          *server_url,
                                         const char          *email,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
char     *tix_token_store_lookup_finish (GAsyncResult        *result,
                                         GError             **error);
void      tix_token_store_clear_async   (const char          *server_url,
                                         const char          *email,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
gboolean  tix_token_store_clear_finish  (GAsyncResult        *result,
                                         GError             **error);

G_END_DECLS
