/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-client"

#include "config.h"

#include "tix-client-private.h"

/* The organization's settings. */

/* {organization_name, event_name, event_date, time_zone, default_prefix,
 * sheet_layout} */
static gpointer
parse_settings (JsonNode  *root,
                GError   **error)
{
  JsonObject *object = tix_client_root_object (root, error);

  if (object == NULL)
    return NULL;

  return tix_settings_new_from_json (object, error);
}

static const TixClientEndpoint settings_endpoint = {
  parse_settings, g_object_unref, NULL, TIX_CLIENT_CALL_DEFAULT,
};

void
tix_client_get_settings_async (TixClient           *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (TIX_IS_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  tix_client_call (self, "GET", "/api/settings", NULL, &settings_endpoint,
                   tix_client_get_settings_async, cancellable, callback, user_data);
}

TixSettings *
tix_client_get_settings_finish (TixClient     *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  return tix_client_call_finish (self, result, tix_client_get_settings_async, error);
}

void
tix_client_update_settings_async (TixClient           *self,
                                  TixSettings         *changes,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(JsonNode) body = NULL;

  g_return_if_fail (TIX_IS_CLIENT (self));
  g_return_if_fail (TIX_IS_SETTINGS (changes));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  body = tix_settings_to_json (changes);

  tix_client_call (self, "PUT", "/api/settings", body, &settings_endpoint,
                   tix_client_update_settings_async, cancellable, callback, user_data);
}

TixSettings *
tix_client_update_settings_finish (TixClient     *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return tix_client_call_finish (self, result, tix_client_update_settings_async, error);
}

