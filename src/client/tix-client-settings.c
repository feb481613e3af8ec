/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-client"

#include "config.h"

#include "tix-client-private.h"

/* The organization's settings. */

static gpointer
parse_object (JsonNode  *root,
              GError   **error)
{
  JsonObject *object = tix_client_root_object (root, error);

  return object != NULL ? json_object_ref (object) : NULL;
}

static const TixClientEndpoint object_endpoint = {
  parse_object, (GDestroyNotify) json_object_unref, NULL, TIX_CLIENT_CALL_DEFAULT,
};

void
tix_client_get_settings_async (TixClient           *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (TIX_IS_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  tix_client_call (self, "GET", "/api/settings", NULL, &object_endpoint,
                   tix_client_get_settings_async, cancellable, callback, user_data);
}

JsonObject *
tix_client_get_settings_finish (TixClient     *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  return tix_client_call_finish (self, result, tix_client_get_settings_async, error);
}

void
tix_client_update_settings_async (TixClient           *self,
                                  JsonObject          *changes,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(JsonNode) body = NULL;

  g_return_if_fail (TIX_IS_CLIENT (self));
  g_return_if_fail (changes != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  body = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (body, changes);

  tix_client_call (self, "PUT", "/api/settings", body, &object_endpoint,
                   tix_client_update_settings_async, cancellable, callback, user_data);
}

JsonObject *
tix_client_update_settings_finish (TixClient     *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return tix_client_call_finish (self, result, tix_client_update_settings_async, error);
}

