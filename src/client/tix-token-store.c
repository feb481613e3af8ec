/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-token-store"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>

#include "tix-token-store.h"

/* Tokens live only in the Secret Service, never in a file. */

static const SecretSchema *
tix_token_schema (void)
{
  static const SecretSchema schema = {
    "org.gnome.Tix.Token", SECRET_SCHEMA_NONE,
    {
      { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "email", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };

  return &schema;
}

/* "http://host:8080/" and "http://host:8080" are the same server. */
static char *
normalize_url (const char *url)
{
  gsize length = strlen (url);

  while (length > 0 && url[length - 1] == '/')
    length--;

  return g_strndup (url, length);
}

static void
store_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!secret_password_store_finish (result, &error))
    {
      g_prefix_error (&error, _("Could not save the session in the keyring: "));
      g_task_return_error (task, error);
      return;
    }

  g_task_return_boolean (task, TRUE);
}

void
tix_token_store_save_async (const char          *server_url,
                            const char          *email,
                            const char          *token,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *server = NULL;
  g_autofree char *label = NULL;

  g_return_if_fail (server_url != NULL);
  g_return_if_fail (email != NULL);
  g_return_if_fail (token != NULL && *token != '\0');
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, tix_token_store_save_async);

  server = normalize_url (server_url);
  /* Translators: the label of the keyring entry; %s are an email and a URL. */
  label = g_strdup_printf (_("Tix session of %s at %s"), email, server);

  secret_password_store (tix_token_schema (), SECRET_COLLECTION_DEFAULT, label, token,
                         cancellable, store_cb, g_steal_pointer (&task),
                         "server", server,
                         "email", email,
                         NULL);
}

gboolean
tix_token_store_save_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        tix_token_store_save_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  char *token;

  token = secret_password_lookup_finish (result, &error);
  if (error != NULL)
    {
      g_prefix_error (&error, _("Could not read the saved session from the keyring: "));
      g_task_return_error (task, error);
      return;
    }

  /* secret_password_free() wipes the copy held by libsecret. */
  g_task_return_pointer (task, g_strdup (token), g_free);
  secret_password_free (token);
}

void
tix_token_store_lookup_async (const char          *server_url,
                              const char          *email,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *server = NULL;

  g_return_if_fail (server_url != NULL);
  g_return_if_fail (email != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, tix_token_store_lookup_async);

  server = normalize_url (server_url);
  secret_password_lookup (tix_token_schema (), cancellable, lookup_cb, g_steal_pointer (&task),
                          "server", server,
                          "email", email,
                          NULL);
}

char *
tix_token_store_lookup_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        tix_token_store_lookup_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
clear_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  /* FALSE without error: nothing was stored, which is fine. */
  secret_password_clear_finish (result, &error);
  if (error != NULL)
    {
      g_prefix_error (&error, _("Could not remove the saved session from the keyring: "));
      g_task_return_error (task, error);
      return;
    }

  g_task_return_boolean (task, TRUE);
}

void
tix_token_store_clear_async (const char          *server_url,
                             const char          *email,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *server = NULL;

  g_return_if_fail (server_url != NULL);
  g_return_if_fail (email != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, tix_token_store_clear_async);

  server = normalize_url (server_url);
  secret_password_clear (tix_token_schema (), cancellable, clear_cb, g_steal_pointer (&task),
                         "server", server,
                         "email", email,
                         NULL);
}

gboolean
tix_token_store_clear_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        tix_token_store_clear_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
