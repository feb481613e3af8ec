/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-client"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "tix-client-private.h"
#include "tix-json.h"
#include "tix-time.h"

/* Door rules: an event's entrances (GET, POST /api/events/:id/entrances;
 * PUT, DELETE /api/entrances/:id), the scan log (GET /api/scans) and a scan
 * at an entrance, in or out, with what the server said of it. */

/* The outcome of a scan ------------------------------------------------------- */

TixScanOutcome *
tix_scan_outcome_copy (const TixScanOutcome *outcome)
{
  TixScanOutcome *copy;

  g_return_val_if_fail (outcome != NULL, NULL);

  copy = g_new0 (TixScanOutcome, 1);
  copy->ticket = outcome->ticket != NULL ? g_object_ref (outcome->ticket) : NULL;
  copy->result = g_strdup (outcome->result);
  copy->entrance = outcome->entrance != NULL ? g_object_ref (outcome->entrance) : NULL;
  copy->entered_at = outcome->entered_at;
  copy->exited_at = outcome->exited_at;
  copy->entrances = outcome->entrances != NULL ? g_ptr_array_ref (outcome->entrances) : NULL;
  copy->event = outcome->event != NULL ? g_object_ref (outcome->event) : NULL;

  return copy;
}

void
tix_scan_outcome_free (TixScanOutcome *outcome)
{
  if (outcome == NULL)
    return;

  g_clear_object (&outcome->ticket);
  g_free (outcome->result);
  g_clear_object (&outcome->entrance);
  g_clear_pointer (&outcome->entrances, g_ptr_array_unref);
  g_clear_object (&outcome->event);
  g_free (outcome);
}

G_DEFINE_BOXED_TYPE (TixScanOutcome, tix_scan_outcome, tix_scan_outcome_copy,
                     tix_scan_outcome_free)

/* A time member, 0 when missing or not a time. */
static gint64
read_time (JsonObject *object,
           const char *member)
{
  const char *text = NULL;
  gint64 ms;

  if (!tix_json_get_string (object, member, FALSE, &text, NULL) || text == NULL ||
      !tix_time_parse_iso (text, &ms) || !tix_time_in_range (ms))
    return 0;
  return ms;
}

/* Lenient: what does not read is left out; the status tells what happened. */
static TixScanOutcome *
outcome_new_from_json (JsonObject *object,
                       gboolean    admitted)
{
  TixScanOutcome *outcome = g_new0 (TixScanOutcome, 1);
  JsonObject *member;
  JsonNode *node;

  if ((member = tix_client_get_object_member (object, "ticket")) != NULL)
    outcome->ticket = tix_ticket_new_from_json (member, NULL);
  if (admitted)
    {
      gboolean exit = FALSE;
      const char *entry = NULL;

      if (!tix_json_get_bool (object, "exit", FALSE, &exit, NULL))
        exit = FALSE;
      if (!tix_json_get_string (object, "entry", FALSE, &entry, NULL))
        entry = NULL;
      outcome->result = g_strdup (exit ? "exit"
                                  : g_strcmp0 (entry, "re-entry") == 0 ? "re-entry" : "first");
    }
  else
    {
      const char *reason = NULL;

      if (tix_json_get_string (object, "reason", FALSE, &reason, NULL) && reason != NULL &&
          *reason != '\0')
        outcome->result = g_strdup (reason);
    }
  if ((member = tix_client_get_object_member (object, "entrance")) != NULL)
    outcome->entrance = tix_entrance_new_from_json (member, NULL);
  outcome->entered_at = read_time (object, "entered_at");
  outcome->exited_at = read_time (object, "exited_at");
  node = json_object_get_member (object, "entrances");
  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      outcome->entrances = g_ptr_array_new_with_free_func (g_object_unref);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);
          TixEntrance *entrance = NULL;

          if (JSON_NODE_HOLDS_OBJECT (element))
            entrance = tix_entrance_new_from_json (json_node_get_object (element), NULL);
          if (entrance != NULL)
            g_ptr_array_add (outcome->entrances, entrance);
        }
    }
  if ((member = tix_client_get_object_member (object, "event")) != NULL)
    outcome->event = tix_event_new_from_json (member, NULL);

  return outcome;
}

/* {success, ticket, entry | exit, entrance} */
static gpointer
parse_outcome (JsonNode  *root,
               GError   **error)
{
  JsonObject *object = tix_client_root_object (root, error);

  if (object == NULL)
    return NULL;
  if (tix_client_get_object_member (object, "ticket") == NULL)
    {
      *error = tix_client_protocol_error (_("no ticket"));
      return NULL;
    }

  return outcome_new_from_json (object, TRUE);
}

static const TixClientEndpoint outcome_endpoint = {
  parse_outcome, (GDestroyNotify) tix_scan_outcome_free, NULL, TIX_CLIENT_CALL_DEFAULT,
};

void
tix_client_scan_at_entrance_async (TixClient           *self,
                                   const char          *code,
                                   const char * const  *prefixes,
                                   const gint64        *event_ids,
                                   guint                n_event_ids,
                                   gint64               entrance_id,
                                   gboolean             exit,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(JsonNode) body = NULL;

  g_return_if_fail (TIX_IS_CLIENT (self));
  g_return_if_fail (code != NULL);
  g_return_if_fail (n_event_ids == 0 || event_ids != NULL);
  g_return_if_fail (n_event_ids <= TIX_CLIENT_MAX_SCAN_EVENTS);
  g_return_if_fail (entrance_id >= 0);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  body = tix_client_scan_body (code, prefixes, event_ids, n_event_ids, NULL, 0, NULL,
                               entrance_id, exit);
  tix_client_call (self, "POST", "/api/scan", body, &outcome_endpoint,
                   tix_client_scan_at_entrance_async, cancellable, callback, user_data);
}

void
tix_client_upload_entrance_scan_async (TixClient           *self,
                                       const char          *code,
                                       const char * const  *prefixes,
                                       gint64               entrance_id,
                                       gboolean             exit,
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
  g_return_if_fail (entrance_id >= 0);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  body = tix_client_scan_body (code, prefixes, NULL, 0, scan_id, scanned_at_ms,
                               station != NULL ? station : self->station_id, entrance_id, exit);
  /* Same source tag: tix_client_scan_at_entrance_finish() finishes both. */
  tix_client_call (self, "POST", "/api/scan", body, &outcome_endpoint,
                   tix_client_scan_at_entrance_async, cancellable, callback, user_data);
}

gboolean
tix_client_scan_at_entrance_finish (TixClient       *self,
                                    GAsyncResult    *result,
                                    TixScanOutcome **out_outcome,
                                    GError         **error)
{
  g_autoptr(TixScanOutcome) outcome = NULL;
  g_autoptr(GError) local_error = NULL;

  if (out_outcome != NULL)
    *out_outcome = NULL;

  outcome = tix_client_call_finish (self, result, tix_client_scan_at_entrance_async,
                                    &local_error);
  if (outcome == NULL)
    {
      JsonObject *refusal = tix_client_call_get_refusal (result);

      if (refusal != NULL && out_outcome != NULL)
        *out_outcome = outcome_new_from_json (refusal, FALSE);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (out_outcome != NULL)
    *out_outcome = g_steal_pointer (&outcome);
  return TRUE;
}

/* Entrances --------------------------------------------------------------------- */

static gpointer
parse_entrance_item (JsonObject  *object,
                     GError     **error)
{
  return tix_entrance_new_from_json (object, error);
}

/* {entrances: [entrance, …]} */
static gpointer
parse_entrances (JsonNode  *root,
                 GError   **error)
{
  JsonObject *object = tix_client_root_object (root, error);

  if (object == NULL)
    return NULL;
  return tix_client_parse_list (json_object_get_member (object, "entrances"),
                                parse_entrance_item, _("no list of entrances"), error);
}

static const TixClientEndpoint entrances_endpoint = {
  parse_entrances, (GDestroyNotify) g_ptr_array_unref, NULL, TIX_CLIENT_CALL_DEFAULT,
};

static gpointer
parse_entrance (JsonNode  *root,
                GError   **error)
{
  JsonObject *object = tix_client_root_object (root, error);
  g_autoptr(GError) local_error = NULL;
  TixEntrance *entrance;

  if (object == NULL)
    return NULL;
  entrance = tix_entrance_new_from_json (object, &local_error);
  if (entrance == NULL)
    *error = tix_client_protocol_error (local_error->message);
  return entrance;
}

static const TixClientEndpoint entrance_endpoint = {
  parse_entrance, g_object_unref, NULL, TIX_CLIENT_CALL_DEFAULT,
};

void
tix_client_list_entrances_async (TixClient           *self,
                                 gint64               event_id,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (TIX_IS_CLIENT (self));
  g_return_if_fail (event_id > 0);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  path = g_strdup_printf ("/api/events/%" G_GINT64_FORMAT "/entrances", event_id);
  tix_client_call (self, "GET", path, NULL, &entrances_endpoint,
                   tix_client_list_entrances_async, cancellable, callback, user_data);
}

GPtrArray *
tix_client_list_entrances_finish (TixClient     *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return tix_client_call_finish (self, result, tix_client_list_entrances_async, error);
}

void
tix_client_create_entrance_async (TixClient           *self,
                                  gint64               event_id,
                                  TixEntrance         *entrance,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (TIX_IS_CLIENT (self));
  g_return_if_fail (event_id > 0);
  g_return_if_fail (TIX_IS_ENTRANCE (entrance));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  body = tix_entrance_to_json_changes (entrance, TIX_ENTRANCE_FIELDS_ALL);
  path = g_strdup_printf ("/api/events/%" G_GINT64_FORMAT "/entrances", event_id);
  tix_client_call (self, "POST", path, body, &entrance_endpoint,
                   tix_client_create_entrance_async, cancellable, callback, user_data);
}

TixEntrance *
tix_client_create_entrance_finish (TixClient     *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return tix_client_call_finish (self, result, tix_client_create_entrance_async, error);
}

void
tix_client_update_entrance_async (TixClient           *self,
                                  gint64               entrance_id,
                                  TixEntrance         *changes,
                                  TixEntranceField     fields,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (TIX_IS_CLIENT (self));
  g_return_if_fail (entrance_id > 0);
  g_return_if_fail (TIX_IS_ENTRANCE (changes));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  body = tix_entrance_to_json_changes (changes, fields);
  path = g_strdup_printf ("/api/entrances/%" G_GINT64_FORMAT, entrance_id);
  tix_client_call (self, "PUT", path, body, &entrance_endpoint,
                   tix_client_update_entrance_async, cancellable, callback, user_data);
}

TixEntrance *
tix_client_update_entrance_finish (TixClient     *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return tix_client_call_finish (self, result, tix_client_update_entrance_async, error);
}

void
tix_client_delete_entrance_async (TixClient           *self,
                                  gint64               entrance_id,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (TIX_IS_CLIENT (self));
  g_return_if_fail (entrance_id > 0);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  path = g_strdup_printf ("/api/entrances/%" G_GINT64_FORMAT, entrance_id);
  tix_client_call (self, "DELETE", path, NULL, &tix_client_none_endpoint,
                   tix_client_delete_entrance_async, cancellable, callback, user_data);
}

gboolean
tix_client_delete_entrance_finish (TixClient     *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return tix_client_call_finish_boolean (self, result, tix_client_delete_entrance_async, error);
}

/* The scan log ------------------------------------------------------------------ */

static gpointer
parse_scan_log (JsonNode  *root,
                GError   **error)
{
  JsonObject *object = tix_client_root_object (root, error);
  g_autoptr(GError) local_error = NULL;
  TixScanLogPage *page;

  if (object == NULL)
    return NULL;
  page = tix_scan_log_page_new_from_json (object, &local_error);
  if (page == NULL)
    *error = tix_client_protocol_error (local_error->message);
  return page;
}

static const TixClientEndpoint scan_log_endpoint = {
  parse_scan_log, (GDestroyNotify) tix_scan_log_page_free, NULL, TIX_CLIENT_CALL_DEFAULT,
};

void
tix_client_list_scan_log_async (TixClient           *self,
                                gint64               event_id,
                                gint64               entrance_id,
                                const char          *result,
                                const char          *cursor,
                                guint                limit,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GString) path = g_string_new ("/api/scans");

  g_return_if_fail (TIX_IS_CLIENT (self));
  g_return_if_fail (event_id >= 0 && entrance_id >= 0);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  if (event_id > 0)
    tix_client_append_query_int (path, "event_id", event_id);
  if (entrance_id > 0)
    tix_client_append_query_int (path, "entrance_id", entrance_id);
  if (result != NULL && *result != '\0')
    tix_client_append_query (path, "result", result);
  if (cursor != NULL && *cursor != '\0')
    tix_client_append_query (path, "cursor", cursor);
  if (limit > 0)
    tix_client_append_query_int (path, "limit", limit);
  tix_client_call (self, "GET", path->str, NULL, &scan_log_endpoint,
                   tix_client_list_scan_log_async, cancellable, callback, user_data);
}

TixScanLogPage *
tix_client_list_scan_log_finish (TixClient     *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return tix_client_call_finish (self, result, tix_client_list_scan_log_async, error);
}
