/* SPDX-License-Identifier: GPL-3.0-or-later */
/* GET /api/reports/sales?event_id&from&to[&format=csv] (issue 19): the
 * sales of a period by type, method and day (admin, seller). @from and @to
 * are dates (YYYY-MM-DD, in the organization's time zone; @to included) or
 * ISO 8601 times (@to excluded). */
#define G_LOG_DOMAIN "tix-server-sales"

#include "config.h"

#include <string.h>

#include "tix-server-private.h"
#include "tix-time.h"

/* ?@name= as a time: 0 (@fallback) when absent; a date is its midnight
 * (with @next_day, the next midnight: "to" takes the whole day). */
static gboolean
query_time (SoupServerMessage *msg,
            GHashTable        *query,
            const char        *name,
            const char        *zone,
            gboolean           next_day,
            gint64            *out)
{
  const char *text = query ? g_hash_table_lookup (query, name) : NULL;
  GDate date;

  *out = 0;
  if (text == NULL || *text == '\0')
    return TRUE;
  if (tix_time_parse_iso (text, out) && tix_time_in_range (*out))
    return TRUE;
  if (tix_time_parse_date (text, &date))
    {
      g_autofree char *day = NULL;

      if (next_day)
        g_date_add_days (&date, 1);
      day = tix_time_format_date (&date);
      if (tix_time_day_start_in_zone (day, zone, out))
        return TRUE;
    }
  tix_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, name,
                          "“%s” must be a date (YYYY-MM-DD) or a time (ISO 8601)", name);
  return FALSE;
}

static void
handle_sales (TixServer         *self,
              SoupServerMessage *msg,
              GHashTable        *query)
{
  g_autoptr(TixUser) user = tix_server_authenticate (self, msg);
  g_autoptr(GHashTable) settings = NULL;
  g_autoptr(TixSalesReport) report = NULL;
  g_autoptr(GError) error = NULL;
  const char *format = query ? g_hash_table_lookup (query, "format") : NULL;
  const char *zone;
  gint64 event_id = 0, from = 0, to = 0;

  if (user == NULL || !tix_server_require_role (msg, user, "seller") ||
      !tix_server_query_event (self, msg, query, user, &event_id))
    return;
  if (format != NULL && *format != '\0' && !g_str_equal (format, "json") &&
      !g_str_equal (format, "csv"))
    {
      tix_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "format",
                              "“format” must be “json” or “csv”");
      return;
    }
  settings = tix_store_get_settings (self->store, tix_user_get_organization_id (user), &error);
  if (settings == NULL)
    {
      tix_server_reply_gerror (msg, error);
      return;
    }
  zone = g_hash_table_lookup (settings, "time_zone");
  if (!query_time (msg, query, "from", zone, FALSE, &from) ||
      !query_time (msg, query, "to", zone, TRUE, &to))
    return;
  if (to != 0 && to < from)
    {
      tix_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "to", "“to” must not be before “from”");
      return;
    }

  report = tix_store_get_sales_report (self->store, tix_user_get_organization_id (user), event_id,
                                       from, to, zone, g_hash_table_lookup (settings, "currency"),
                                       &error);
  if (report == NULL)
    {
      tix_server_reply_gerror (msg, error);
      return;
    }
  if (g_strcmp0 (format, "csv") == 0)
    {
      g_autofree char *csv = tix_sales_report_to_csv (report);
      gsize length = strlen (csv);

      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Content-Disposition", "attachment; filename=\"sales.csv\"");
      soup_server_message_set_response (msg, "text/csv; charset=utf-8", SOUP_MEMORY_TAKE,
                                        g_steal_pointer (&csv), length);
      return;
    }
  {
    g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

    tix_sales_report_to_json (report, builder);
    tix_server_reply_builder (msg, SOUP_STATUS_OK, builder);
  }
}

gboolean
tix_server_route_sales (TixServer         *self,
                        SoupServerMessage *msg,
                        TixRoute          *route)
{
  if (!tix_route_is (route, "GET", "/api/reports/sales"))
    return FALSE;
  handle_sales (self, msg, route->query);
  return TRUE;
}
