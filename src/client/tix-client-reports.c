/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-client"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "tix-client-private.h"

/* Reports: the counts, the period reports, the door's day and the audit log. */

/* {total, scanned, not_scanned, scan_rate} */
static gpointer
parse_stats (JsonNode  *root,
             GError   **error)
{
  g_autofree TixStats *stats = g_new0 (TixStats, 1);
  JsonObject *object = tix_client_root_object (root, error);
  JsonNode *rate;

  if (object == NULL ||
      !tix_client_get_int (object, "total", TRUE, &stats->total, error) ||
      !tix_client_get_int (object, "scanned", TRUE, &stats->scanned, error) ||
      !tix_client_get_int (object, "not_scanned", TRUE, &stats->not_scanned, error))
    return NULL;

  rate = json_object_get_member (object, "scan_rate");
  if (rate == NULL || !JSON_NODE_HOLDS_VALUE (rate) ||
      (json_node_get_value_type (rate) != G_TYPE_DOUBLE &&
       json_node_get_value_type (rate) != G_TYPE_INT64))
    {
      *error = tix_client_protocol_error (_("no scan rate"));
      return NULL;
    }
  stats->scan_rate = json_node_get_double (rate);

  return g_steal_pointer (&stats);
}

static const TixClientEndpoint stats_endpoint = {
  parse_stats, g_free, NULL, TIX_CLIENT_CALL_DEFAULT,
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

static gpointer
parse_array (JsonNode  *root,
             GError   **error)
{
  if (!JSON_NODE_HOLDS_ARRAY (root))
    {
      *error = tix_client_protocol_error (_("not a list"));
      return NULL;
    }

  return json_array_ref (json_node_get_array (root));
}

static const TixClientEndpoint array_endpoint = {
  parse_array, (GDestroyNotify) json_array_unref, NULL, TIX_CLIENT_CALL_DEFAULT,
};

static gpointer
parse_audit (JsonNode  *root,
             GError   **error)
{
  return tix_client_parse_list (root, (TixClientItemFunc) tix_audit_entry_new_from_json,
                                _("not a list"), error);
}

static const TixClientEndpoint audit_endpoint = {
  parse_audit, (GDestroyNotify) g_ptr_array_unref, NULL, TIX_CLIENT_CALL_DEFAULT,
};

void
tix_client_get_stats_async (TixClient           *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (TIX_IS_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  tix_client_call (self, "GET", "/api/reports/stats", NULL, &stats_endpoint,
                   tix_client_get_stats_async, cancellable, callback, user_data);
}

gboolean
tix_client_get_stats_finish (TixClient     *self,
                             GAsyncResult  *result,
                             TixStats      *out_stats,
                             GError       **error)
{
  g_autofree TixStats *stats = NULL;

  stats = tix_client_call_finish (self, result, tix_client_get_stats_async, error);
  if (stats == NULL)
    return FALSE;

  if (out_stats != NULL)
    *out_stats = *stats;

  return TRUE;
}

void
tix_client_get_report_async (TixClient           *self,
                             const char          *period,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (TIX_IS_CLIENT (self));
  g_return_if_fail (g_strcmp0 (period, "daily") == 0 || g_strcmp0 (period, "weekly") == 0 ||
                    g_strcmp0 (period, "monthly") == 0);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  path = g_strconcat ("/api/reports/", period, NULL);
  tix_client_call (self, "GET", path, NULL, &array_endpoint,
                   tix_client_get_report_async, cancellable, callback, user_data);
}

JsonArray *
tix_client_get_report_finish (TixClient     *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  return tix_client_call_finish (self, result, tix_client_get_report_async, error);
}

void
tix_client_get_door_report_async (TixClient           *self,
                                  const char          *date,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GString) path = g_string_new ("/api/reports/door");

  g_return_if_fail (TIX_IS_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  if (date != NULL && *date != '\0')
    tix_client_append_query (path, "date", date);

  tix_client_call (self, "GET", path->str, NULL, &object_endpoint,
                   tix_client_get_door_report_async, cancellable, callback, user_data);
}

JsonObject *
tix_client_get_door_report_finish (TixClient     *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return tix_client_call_finish (self, result, tix_client_get_door_report_async, error);
}

void
tix_client_list_audit_async (TixClient           *self,
                             guint                limit,
                             gint64               before_id,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GString) path = g_string_new ("/api/audit");

  g_return_if_fail (TIX_IS_CLIENT (self));
  g_return_if_fail (before_id >= 0);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  if (limit > 0)
    {
      char text[G_ASCII_DTOSTR_BUF_SIZE];

      g_snprintf (text, sizeof text, "%u", MIN (limit, 1000));
      tix_client_append_query (path, "limit", text);
    }
  if (before_id > 0)
    {
      char text[G_ASCII_DTOSTR_BUF_SIZE];

      g_snprintf (text, sizeof text, "%" G_GINT64_FORMAT, before_id);
      tix_client_append_query (path, "before", text);
    }

  tix_client_call (self, "GET", path->str, NULL, &audit_endpoint,
                   tix_client_list_audit_async, cancellable, callback, user_data);
}

GPtrArray *
tix_client_list_audit_finish (TixClient     *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  return tix_client_call_finish (self, result, tix_client_list_audit_async, error);
}
