/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-server-openapi"

#include "config.h"

#include "tix-server-compress.h"
#include "tix-server-openapi.h"

#define OPENAPI_RESOURCE "/org/gnome/Tix/server/openapi.json"

/* From tix-server-resources.c (meson: gnome.compile_resources). Asked for by
 * name, so the linker keeps it out of the static library. */
GResource *tix_server_get_resource (void);

gboolean
tix_server_route_openapi (TixServer         *self,
                          SoupServerMessage *msg,
                          TixRoute          *route)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  const char *data;

  if (!tix_route_is (route, "GET", "/api/openapi.json"))
    return FALSE;

  bytes = g_resource_lookup_data (tix_server_get_resource (), OPENAPI_RESOURCE,
                                  G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  if (bytes == NULL)
    {
      /* A build without its resource is a bug, not the client's fault. */
      g_warning ("%s", error->message);
      tix_server_reply_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, NULL,
                              "The server could not complete the request");
      return TRUE;
    }

  data = g_bytes_get_data (bytes, &length);
  tix_server_set_body (msg, SOUP_STATUS_OK, "application/json; charset=utf-8",
                       g_memdup2 (data, length), length);
  return TRUE;
}
