/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-password"

#include "config.h"

#include <sodium.h>
#include <string.h>

#include "tix-password.h"

gboolean
tix_password_init (GError **error)
{
  if (sodium_init () < 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           "Could not initialize libsodium");
      return FALSE;
    }
  return TRUE;
}

char *
tix_password_hash (const char  *password,
                   gboolean     fast,
                   GError     **error)
{
  char hash[crypto_pwhash_STRBYTES];
  unsigned long long ops = fast ? crypto_pwhash_OPSLIMIT_MIN : crypto_pwhash_OPSLIMIT_INTERACTIVE;
  size_t mem = fast ? crypto_pwhash_MEMLIMIT_MIN : crypto_pwhash_MEMLIMIT_INTERACTIVE;

  g_return_val_if_fail (password != NULL, NULL);

  if (crypto_pwhash_str_alg (hash, password, strlen (password), ops, mem,
                             crypto_pwhash_ALG_ARGON2ID13) != 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           "Out of memory while hashing a password");
      return NULL;
    }

  return g_strdup (hash);
}

typedef struct
{
  char     *password;
  char     *hash;
  gboolean  fast;
} PasswordJob;

static void
password_job_free (PasswordJob *job)
{
  if (job->password != NULL)
    sodium_memzero (job->password, strlen (job->password));
  g_free (job->password);
  g_free (job->hash);
  g_free (job);
}

/* @password (and @hash to check it against) to @thread on a worker. */
static void
run_job (const char          *password,
         const char          *hash,
         gboolean             fast,
         GCancellable        *cancellable,
         GAsyncReadyCallback  callback,
         gpointer             user_data,
         gpointer             source_tag,
         GTaskThreadFunc      thread)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  PasswordJob *job = g_new0 (PasswordJob, 1);

  g_task_set_source_tag (task, source_tag);
  job->password = g_strdup (password);
  job->hash = g_strdup (hash);
  job->fast = fast;
  g_task_set_task_data (task, job, (GDestroyNotify) password_job_free);
  g_task_run_in_thread (task, thread);
}

static void
hash_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  PasswordJob *job = task_data;
  GError *error = NULL;
  char *hash = tix_password_hash (job->password, job->fast, &error);

  if (hash == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, hash, g_free);
}

void
tix_password_hash_async (const char          *password,
                         gboolean             fast,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_return_if_fail (password != NULL);

  run_job (password, NULL, fast, cancellable, callback, user_data, tix_password_hash_async,
           hash_thread);
}

char *
tix_password_hash_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
verify_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  PasswordJob *job = task_data;
  gboolean ok = FALSE;

  if (job->hash != NULL)
    ok = crypto_pwhash_str_verify (job->hash, job->password, strlen (job->password)) == 0;
  else
    {
      /* Same work as a real check, for an account that does not exist. */
      g_autofree char *ignored = tix_password_hash (job->password, job->fast, NULL);
    }

  g_task_return_boolean (task, ok);
}

void
tix_password_verify_async (const char          *password,
                           const char          *hash,
                           gboolean             fast,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_return_if_fail (password != NULL);

  run_job (password, hash, fast, cancellable, callback, user_data, tix_password_verify_async,
           verify_thread);
}

gboolean
tix_password_verify_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

char *
tix_password_new_token (void)
{
  guint8 bytes[32];
  char hex[sizeof bytes * 2 + 1];

  randombytes_buf (bytes, sizeof bytes);
  sodium_bin2hex (hex, sizeof hex, bytes, sizeof bytes);
  sodium_memzero (bytes, sizeof bytes);
  return g_strdup (hex);
}

char *
tix_password_hash_token (const char *token)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
}
