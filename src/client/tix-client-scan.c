/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-client"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "tix-client-private.h"
#include "tix-time.h"

/* The door: scanning a ticket or a code, uploading an offline scan, undoing
 * a scan, the changes a station's offline copy syncs, and the conflicts of
 * tickets admitted twice. */

/* {success, ticket} */
static gpointer
parse_scan (JsonNode  *root,
            GError   **error)
{
  JsonObject *object = tix_client_root_object (root, error);

  if (object == NULL)
    return NULL;

  return tix_client_parse_ticket (tix_client_get_object_member (object, "ticket"), error);
}

static const TixClientEndpoint scan_endpoint = {
  parse_scan, g_object_unref, NULL, TIX_CLIENT_CALL_DEFAULT,
};

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

/* [conflict, …] */
static gpointer
parse_conflicts (JsonNode  *root,
                 GError   **error)
{
  g_autoptr(GPtrArray) conflicts = NULL;
  JsonArray *array;

  if (!JSON_NODE_HOLDS_ARRAY (root))
    {
      *error = tix_client_protocol_error (_("not a list"));
      return NULL;
    }

  array = json_node_get_array (root);
  conflicts = g_ptr_array_new_with_free_func ((GDestroyNotify) tix_scan_conflict_free);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      /* Shown only: one that does not read is left out. */
      if (JSON_NODE_HOLDS_OBJECT (node))
        g_ptr_array_add (conflicts, tix_scan_conflict_new_from_json (json_node_get_object (node),
                                                                     NULL));
    }

  return g_steal_pointer (&conflicts);
}

static const TixClientEndpoint conflicts_endpoint = {
  parse_conflicts, (GDestroyNotify) g_ptr_array_unref, NULL, TIX_CLIENT_CALL_DEFAULT,
};

/* The ticket of a scan, or on @accepted errors the ticket the error names. */
static gboolean
finish_scan (TixClient     *self,
             GAsyncResult  *result,
             gpointer       source_tag,
             gboolean       forged_names_ticket,
             TixTicket    **out_ticket,
             GError       **error)
{
  g_autoptr(TixTicket) ticket = NULL;
  g_autoptr(GError) local_error = NULL;

  if (out_ticket != NULL)
    *out_ticket = NULL;

  ticket = tix_client_call_finish (self, result, source_tag, &local_error);
  if (ticket == NULL)
    {
      TixTicket *named = tix_client_call_get_error_ticket (result);

      if ((g_error_matches (local_error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_DUPLICATE) ||
           (forged_names_ticket &&
            g_error_matches (local_error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_FORGED))) &&
          out_ticket != NULL && named != NULL)
        *out_ticket = g_object_ref (named);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (out_ticket != NULL)
    *out_ticket = g_steal_pointer (&ticket);

  return TRUE;
}

void
tix_client_scan_ticket_async (TixClient           *self,
                              const char          *id,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (TIX_IS_CLIENT (self));
  g_return_if_fail (id != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  path = tix_client_ticket_path (id, "/scan");
  tix_client_call (self, "PUT", path, NULL, &scan_endpoint,
                   tix_client_scan_ticket_async, cancellable, callback, user_data);
}

gboolean
tix_client_scan_ticket_finish (TixClient     *self,
                               GAsyncResult  *result,
                               TixTicket    **out_ticket,
                               GError       **error)
{
  return finish_scan (self, result, tix_client_scan_ticket_async, FALSE, out_ticket, error);
}

JsonNode *
tix_client_scan_body (const char         *code,
                      const char * const *prefixes,
                      const gint64       *event_ids,
                      guint               n_event_ids,
                      const char         *scan_id,
                      gint64              scanned_at_ms,
                      const char         *station,
                      gint64              entrance_id,
                      gboolean            exit)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  tix_client_add_string (builder, "code", code);
  if (prefixes != NULL && prefixes[0] != NULL)
    {
      json_builder_set_member_name (builder, "prefixes");
      json_builder_begin_array (builder);
      for (guint i = 0; prefixes[i] != NULL; i++)
        json_builder_add_string_value (builder, prefixes[i]);
      json_builder_end_array (builder);
    }
  /* One event as "event_id", as the seed's stations would send it. */
  if (n_event_ids == 1)
    {
      json_builder_set_member_name (builder, "event_id");
      json_builder_add_int_value (builder, event_ids[0]);
    }
  else if (n_event_ids > 1)
    {
      json_builder_set_member_name (builder, "event_ids");
      json_builder_begin_array (builder);
      for (guint i = 0; i < n_event_ids; i++)
        json_builder_add_int_value (builder, event_ids[i]);
      json_builder_end_array (builder);
    }
  if (scan_id != NULL)
    tix_client_add_string (builder, "scan_id", scan_id);
  if (scanned_at_ms > 0)
    {
      g_autofree char *iso = tix_time_format_iso (scanned_at_ms);

      tix_client_add_string (builder, "scanned_at", iso);
    }
  if (station != NULL)
    tix_client_add_string (builder, "station", station);
  /* Door rules: the seed's scan is a way in at the default entrance. */
  if (entrance_id > 0)
    {
      json_builder_set_member_name (builder, "entrance_id");
      json_builder_add_int_value (builder, entrance_id);
    }
  if (exit)
    tix_client_add_string (builder, "direction", "out");
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

void
tix_client_scan_code_for_events_async (TixClient           *self,
                                       const char          *code,
                                       const char * const  *prefixes,
                                       const gint64        *event_ids,
                                       guint                n_event_ids,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(JsonNode) body = NULL;

  g_return_if_fail (TIX_IS_CLIENT (self));
  g_return_if_fail (code != NULL);
  g_return_if_fail (n_event_ids == 0 || event_ids != NULL);
  g_return_if_fail (n_event_ids <= TIX_CLIENT_MAX_SCAN_EVENTS);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  body = tix_client_scan_body (code, prefixes, event_ids, n_event_ids, NULL, 0, NULL, 0, FALSE);
  tix_client_call (self, "POST", "/api/scan", body, &scan_endpoint,
                   tix_client_scan_code_async, cancellable, callback, user_data);
}

void
tix_client_scan_code_async (TixClient           *self,
                            const char          *code,
                            const char * const  *prefixes,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  tix_client_scan_code_for_events_async (self, code, prefixes, NULL, 0, cancellable, callback,
                                         user_data);
}

void
tix_client_upload_scan_async (TixClient           *self,
                              const char          *code,
                              const char * const  *prefixes,
                              const char          *scan_id,
                              gint64               scanned_at_ms,
                              const char          *station,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(JsonNode) body = NULL;

  g_return_if_fail (TIX_IS_CLIENT (self));
  g_return_if_fail (code != NULL);
  g_return_if_fail (scan_id != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  body = tix_client_scan_body (code, prefixes, NULL, 0, scan_id, scanned_at_ms,
                               station != NULL ? station : self->station_id, 0, FALSE);
  /* Same source tag: tix_client_scan_code_finish() finishes both. */
  tix_client_call (self, "POST", "/api/scan", body, &scan_endpoint,
                   tix_client_scan_code_async, cancellable, callback, user_data);
}

gboolean
tix_client_scan_code_finish (TixClient     *self,
                             GAsyncResult  *result,
                             TixTicket    **out_ticket,
                             GError       **error)
{
  return finish_scan (self, result, tix_client_scan_code_async, TRUE, out_ticket, error);
}

void
tix_client_unscan_ticket_async (TixClient           *self,
                                const char          *id,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (TIX_IS_CLIENT (self));
  g_return_if_fail (id != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  path = tix_client_ticket_path (id, "/unscan");
  tix_client_call (self, "PUT", path, NULL, &tix_client_ticket_endpoint,
                   tix_client_unscan_ticket_async, cancellable, callback, user_data);
}

TixTicket *
tix_client_unscan_ticket_finish (TixClient     *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return tix_client_call_finish (self, result, tix_client_unscan_ticket_async, error);
}

void
tix_client_sync_async (TixClient           *self,
                       gint64               since,
                       guint                limit,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (TIX_IS_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  if (limit > 0)
    path = g_strdup_printf ("/api/sync?since=%" G_GINT64_FORMAT "&limit=%u", MAX (since, 0), limit);
  else
    path = g_strdup_printf ("/api/sync?since=%" G_GINT64_FORMAT, MAX (since, 0));

  tix_client_call (self, "GET", path, NULL, &object_endpoint,
                   tix_client_sync_async, cancellable, callback, user_data);
}

JsonObject *
tix_client_sync_finish (TixClient     *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  return tix_client_call_finish (self, result, tix_client_sync_async, error);
}

void
tix_client_list_scan_conflicts_async (TixClient           *self,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_return_if_fail (TIX_IS_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  tix_client_call (self, "GET", "/api/scans/conflicts", NULL, &conflicts_endpoint,
                   tix_client_list_scan_conflicts_async, cancellable, callback, user_data);
}

GPtrArray *
tix_client_list_scan_conflicts_finish (TixClient     *self,
                                       GAsyncResult  *result,
                                       GError       **error)
{
  return tix_client_call_finish (self, result, tix_client_list_scan_conflicts_async, error);
}

