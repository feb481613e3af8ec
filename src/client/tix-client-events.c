/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-client"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "tix-client-private.h"
#include "tix-time.h"

/* The events of the season: list, look up, make, change, delete and copy
 * (GET, POST /api/events; GET, PUT, DELETE /api/events/:id; POST
 * /api/events/:id/copy). */

/* [event, …] */
static gpointer
parse_events (JsonNode  *root,
              GError   **error)
{
  return tix_client_parse_list (root, (TixClientItemFunc) tix_event_new_from_json,
                                _("no list of events"), error);
}

static const TixClientEndpoint events_endpoint = {
  parse_events, (GDestroyNotify) g_ptr_array_unref, NULL, TIX_CLIENT_CALL_DEFAULT,
};

/* The event itself. */
static gpointer
parse_event (JsonNode  *root,
             GError   **error)
{
  JsonObject *object = tix_client_root_object (root, error);
  g_autoptr(GError) local_error = NULL;
  TixEvent *event;

  if (object == NULL)
    return NULL;

  event = tix_event_new_from_json (object, &local_error);
  if (event == NULL)
    *error = tix_client_protocol_error (local_error->message);
  return event;
}

static const TixClientEndpoint event_endpoint = {
  parse_event, g_object_unref, NULL, TIX_CLIENT_CALL_DEFAULT,
};

static char *
event_path (gint64      event_id,
            const char *suffix)
{
  return g_strdup_printf ("/api/events/%" G_GINT64_FORMAT "%s", event_id,
                          suffix != NULL ? suffix : "");
}

void
tix_client_list_events_async (TixClient           *self,
                              gboolean             archived,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (TIX_IS_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  tix_client_call (self, "GET", archived ? "/api/events?archived=true" : "/api/events", NULL,
                   &events_endpoint, tix_client_list_events_async, cancellable, callback,
                   user_data);
}

GPtrArray *
tix_client_list_events_finish (TixClient     *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return tix_client_call_finish (self, result, tix_client_list_events_async, error);
}

void
tix_client_get_event_async (TixClient           *self,
                            gint64               event_id,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (TIX_IS_CLIENT (self));
  g_return_if_fail (event_id > 0);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  path = event_path (event_id, NULL);
  tix_client_call (self, "GET", path, NULL, &event_endpoint, tix_client_get_event_async,
                   cancellable, callback, user_data);
}

TixEvent *
tix_client_get_event_finish (TixClient     *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  return tix_client_call_finish (self, result, tix_client_get_event_async, error);
}

void
tix_client_create_event_async (TixClient           *self,
                               TixEvent            *event,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(JsonNode) body = NULL;

  g_return_if_fail (TIX_IS_CLIENT (self));
  g_return_if_fail (TIX_IS_EVENT (event));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  /* The server checks the name, the times and the limits and names the
   * member that is wrong. */
  body = tix_event_to_json_changes (event, TIX_EVENT_FIELDS_NEW);
  tix_client_call (self, "POST", "/api/events", body, &event_endpoint,
                   tix_client_create_event_async, cancellable, callback, user_data);
}

TixEvent *
tix_client_create_event_finish (TixClient     *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  return tix_client_call_finish (self, result, tix_client_create_event_async, error);
}

void
tix_client_update_event_async (TixClient           *self,
                               gint64               event_id,
                               TixEvent            *changes,
                               TixEventField        fields,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (TIX_IS_CLIENT (self));
  g_return_if_fail (event_id > 0);
  g_return_if_fail (TIX_IS_EVENT (changes));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  body = tix_event_to_json_changes (changes, fields);
  path = event_path (event_id, NULL);
  tix_client_call (self, "PUT", path, body, &event_endpoint, tix_client_update_event_async,
                   cancellable, callback, user_data);
}

TixEvent *
tix_client_update_event_finish (TixClient     *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  return tix_client_call_finish (self, result, tix_client_update_event_async, error);
}

void
tix_client_delete_event_async (TixClient           *self,
                               gint64               event_id,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (TIX_IS_CLIENT (self));
  g_return_if_fail (event_id > 0);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  path = event_path (event_id, NULL);
  tix_client_call (self, "DELETE", path, NULL, &tix_client_none_endpoint,
                   tix_client_delete_event_async, cancellable, callback, user_data);
}

gboolean
tix_client_delete_event_finish (TixClient     *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  return tix_client_call_finish_boolean (self, result, tix_client_delete_event_async, error);
}

void
tix_client_copy_event_async (TixClient           *self,
                             gint64               event_id,
                             gint64               starts_at,
                             const char          *name,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *path = NULL;
  g_autofree char *iso = NULL;

  g_return_if_fail (TIX_IS_CLIENT (self));
  g_return_if_fail (event_id > 0);
  g_return_if_fail (tix_time_in_range (starts_at));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  iso = tix_time_format_iso (starts_at);
  json_builder_begin_object (builder);
  tix_client_add_string (builder, "starts_at", iso);
  if (name != NULL)
    tix_client_add_string (builder, "name", name);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  path = event_path (event_id, "/copy");
  tix_client_call (self, "POST", path, body, &event_endpoint, tix_client_copy_event_async,
                   cancellable, callback, user_data);
}

TixEvent *
tix_client_copy_event_finish (TixClient     *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  return tix_client_call_finish (self, result, tix_client_copy_event_async, error);
}
