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

/* [{date|week|month, generated, scanned}, …] */
static gpointer
parse_report (JsonNode        *root,
              TixReportPeriod  period,
              GError         **error)
{
  TixPeriodReport *report;

  if (!JSON_NODE_HOLDS_ARRAY (root))
    {
      *error = tix_client_protocol_error (_("not a list"));
      return NULL;
    }

  report = tix_period_report_new_from_json (period, json_node_get_array (root), NULL);
  if (report == NULL)
    *error = tix_client_error_new (TIX_CLIENT_ERROR_PROTOCOL, NULL,
                                   _("The server sent a report Tix cannot read"));
  return report;
}

static gpointer
parse_daily (JsonNode *root, GError **error)
{
  return parse_report (root, TIX_REPORT_DAILY, error);
}

static gpointer
parse_weekly (JsonNode *root, GError **error)
{
  return parse_report (root, TIX_REPORT_WEEKLY, error);
}

static gpointer
parse_monthly (JsonNode *root, GError **error)
{
  return parse_report (root, TIX_REPORT_MONTHLY, error);
}

static const TixClientEndpoint report_endpoints[TIX_N_REPORT_PERIODS] = {
  [TIX_REPORT_DAILY] = {
    parse_daily, (GDestroyNotify) tix_period_report_free, NULL, TIX_CLIENT_CALL_DEFAULT,
  },
  [TIX_REPORT_WEEKLY] = {
    parse_weekly, (GDestroyNotify) tix_period_report_free, NULL, TIX_CLIENT_CALL_DEFAULT,
  },
  [TIX_REPORT_MONTHLY] = {
    parse_monthly, (GDestroyNotify) tix_period_report_free, NULL, TIX_CLIENT_CALL_DEFAULT,
  },
};

static gpointer
parse_door_report (JsonNode  *root,
                   GError   **error)
{
  JsonObject *object = tix_client_root_object (root, error);

  if (object == NULL)
    return NULL;

  return tix_door_report_new_from_json (object, error);
}

static const TixClientEndpoint door_endpoint = {
  parse_door_report, (GDestroyNotify) tix_door_report_free, NULL, TIX_CLIENT_CALL_DEFAULT,
};

static gpointer
parse_season_report (JsonNode  *root,
                     GError   **error)
{
  JsonObject *object = tix_client_root_object (root, error);

  if (object == NULL)
    return NULL;

  return tix_season_report_new_from_json (object, error);
}

static const TixClientEndpoint season_endpoint = {
  parse_season_report, (GDestroyNotify) tix_season_report_free, NULL, TIX_CLIENT_CALL_DEFAULT,
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

/* @name of /api/reports/ for @event_id (0: every event). */
static char *
report_path (const char *name,
             gint64      event_id,
             const char *date)
{
  GString *path = g_string_new ("/api/reports/");

  g_string_append (path, name);
  if (event_id > 0)
    tix_client_append_query_int (path, "event_id", event_id);
  if (date != NULL && *date != '\0')
    tix_client_append_query (path, "date", date);
  return g_string_free (path, FALSE);
}

void
tix_client_get_event_stats_async (TixClient           *self,
                                  gint64               event_id,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (TIX_IS_CLIENT (self));
  g_return_if_fail (event_id >= 0);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  path = report_path ("stats", event_id, NULL);
  tix_client_call (self, "GET", path, NULL, &stats_endpoint,
                   tix_client_get_stats_async, cancellable, callback, user_data);
}

void
tix_client_get_stats_async (TixClient           *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  tix_client_get_event_stats_async (self, 0, cancellable, callback, user_data);
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
tix_client_get_event_report_async (TixClient           *self,
                                   gint64               event_id,
                                   TixReportPeriod      period,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (TIX_IS_CLIENT (self));
  g_return_if_fail (event_id >= 0);
  g_return_if_fail (period < TIX_N_REPORT_PERIODS);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  path = report_path (tix_report_period_get_name (period), event_id, NULL);
  tix_client_call (self, "GET", path, NULL, &report_endpoints[period],
                   tix_client_get_report_async, cancellable, callback, user_data);
}

void
tix_client_get_report_async (TixClient           *self,
                             TixReportPeriod      period,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  tix_client_get_event_report_async (self, 0, period, cancellable, callback, user_data);
}

TixPeriodReport *
tix_client_get_report_finish (TixClient     *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  return tix_client_call_finish (self, result, tix_client_get_report_async, error);
}

void
tix_client_get_event_door_report_async (TixClient           *self,
                                        gint64               event_id,
                                        const char          *date,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (TIX_IS_CLIENT (self));
  g_return_if_fail (event_id >= 0);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  path = report_path ("door", event_id, date);
  tix_client_call (self, "GET", path, NULL, &door_endpoint,
                   tix_client_get_door_report_async, cancellable, callback, user_data);
}

void
tix_client_get_door_report_async (TixClient           *self,
                                  const char          *date,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  tix_client_get_event_door_report_async (self, 0, date, cancellable, callback, user_data);
}

TixDoorReport *
tix_client_get_door_report_finish (TixClient     *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return tix_client_call_finish (self, result, tix_client_get_door_report_async, error);
}

void
tix_client_get_season_report_async (TixClient           *self,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_return_if_fail (TIX_IS_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  tix_client_call (self, "GET", "/api/reports/season", NULL, &season_endpoint,
                   tix_client_get_season_report_async, cancellable, callback, user_data);
}

TixSeasonReport *
tix_client_get_season_report_finish (TixClient     *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  return tix_client_call_finish (self, result, tix_client_get_season_report_async, error);
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
