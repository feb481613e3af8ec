/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-report"

#include "config.h"

#include "tix-json.h"
#include "tix-report.h"
#include "tix-time.h"

static const struct
{
  const char *name;
  const char *member;
} periods[TIX_N_REPORT_PERIODS] = {
  [TIX_REPORT_DAILY]   = { "daily", "date" },
  [TIX_REPORT_WEEKLY]  = { "weekly", "week" },
  [TIX_REPORT_MONTHLY] = { "monthly", "month" },
};

G_DEFINE_ENUM_TYPE (TixReportPeriod, tix_report_period,
                    G_DEFINE_ENUM_VALUE (TIX_REPORT_DAILY, "daily"),
                    G_DEFINE_ENUM_VALUE (TIX_REPORT_WEEKLY, "weekly"),
                    G_DEFINE_ENUM_VALUE (TIX_REPORT_MONTHLY, "monthly"))

const char *
tix_report_period_get_name (TixReportPeriod period)
{
  g_return_val_if_fail (period < TIX_N_REPORT_PERIODS, NULL);

  return periods[period].name;
}

const char *
tix_report_period_get_member (TixReportPeriod period)
{
  g_return_val_if_fail (period < TIX_N_REPORT_PERIODS, NULL);

  return periods[period].member;
}

static void
row_clear (gpointer data)
{
  TixReportRow *row = data;

  g_free (row->period);
}

static void
share_clear (gpointer data)
{
  TixReportShare *share = data;

  g_free (share->key);
}

static GArray *
rows_new (void)
{
  GArray *rows = g_array_new (FALSE, TRUE, sizeof (TixReportRow));

  g_array_set_clear_func (rows, row_clear);
  return rows;
}

static GArray *
shares_new (void)
{
  GArray *shares = g_array_new (FALSE, TRUE, sizeof (TixReportShare));

  g_array_set_clear_func (shares, share_clear);
  return shares;
}

/* A count of 0 or more; a missing or mistyped one is FALSE. */
static gboolean
get_count (JsonObject *object,
           const char *member,
           gint64     *out)
{
  *out = -1;
  return tix_json_get_int (object, member, TRUE, 0, G_MAXINT64, out, NULL) && *out >= 0;
}

/* A string member, or NULL when missing, null or not a string. */
static const char *
get_string (JsonObject *object,
            const char *member)
{
  const char *value = NULL;

  if (object == NULL || !tix_json_get_string (object, member, FALSE, &value, NULL))
    return NULL;
  return value;
}

static JsonObject *
element_object (JsonArray *array,
                guint      i)
{
  JsonNode *node = json_array_get_element (array, i);

  return JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

TixPeriodReport *
tix_period_report_new_from_json (TixReportPeriod   period,
                                 JsonArray        *array,
                                 GError          **error)
{
  g_autoptr(TixPeriodReport) report = NULL;

  g_return_val_if_fail (period < TIX_N_REPORT_PERIODS, NULL);
  g_return_val_if_fail (array != NULL, NULL);

  report = g_new0 (TixPeriodReport, 1);
  report->period = period;
  report->rows = rows_new ();

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *object = element_object (array, i);
      const char *name = get_string (object, periods[period].member);
      TixReportRow row = { 0 };

      if (name == NULL || !get_count (object, "generated", &row.generated) ||
          !get_count (object, "scanned", &row.scanned))
        {
          g_set_error (error, TIX_JSON_ERROR, TIX_JSON_ERROR_TYPE,
                       "Row %u of the report is not {%s, generated, scanned}",
                       i, periods[period].member);
          return NULL;
        }

      row.period = g_strdup (name);
      g_array_append_val (report->rows, row);
    }

  return g_steal_pointer (&report);
}

void
tix_period_report_free (TixPeriodReport *report)
{
  if (report == NULL)
    return;

  g_clear_pointer (&report->rows, g_array_unref);
  g_free (report);
}

static JsonArray *
array_member (JsonObject *object,
              const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static void
read_shares (JsonObject *door,
             const char *member,
             const char *key,
             GArray     *shares)
{
  JsonArray *array = array_member (door, member);

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *entry = element_object (array, i);
      TixReportShare share = { 0 };

      if (entry == NULL || !get_count (entry, "scanned", &share.scanned))
        continue;
      if (!tix_json_get_int (entry, "user_id", FALSE, 0, G_MAXINT64, &share.user_id, NULL))
        share.user_id = 0;
      share.key = g_strdup (get_string (entry, key));
      g_array_append_val (shares, share);
    }
}

static void
entrance_clear (gpointer data)
{
  TixReportEntrance *entrance = data;

  g_free (entrance->name);
}

static void
refusal_clear (gpointer data)
{
  TixReportRefusal *refusal = data;

  g_free (refusal->reason);
}

/* inside, arrivals, exits, by_entrance, refused and flow. */
static void
read_door_rules (JsonObject    *object,
                 TixDoorReport *report)
{
  JsonArray *array;

  report->by_entrance = g_array_new (FALSE, TRUE, sizeof (TixReportEntrance));
  g_array_set_clear_func (report->by_entrance, entrance_clear);
  report->refused = g_array_new (FALSE, TRUE, sizeof (TixReportRefusal));
  g_array_set_clear_func (report->refused, refusal_clear);
  report->flow = g_array_new (FALSE, TRUE, sizeof (TixReportFlow));

  if (!get_count (object, "inside", &report->inside))
    report->inside = 0;
  if (!get_count (object, "arrivals", &report->arrivals))
    report->arrivals = 0;
  if (!get_count (object, "exits", &report->exits))
    report->exits = 0;

  array = array_member (object, "by_entrance");
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *entry = element_object (array, i);
      const char *name = get_string (entry, "name");
      TixReportEntrance entrance = { 0 };

      if (entry == NULL || name == NULL ||
          !tix_json_get_int (entry, "entrance_id", TRUE, 1, G_MAXINT64, &entrance.entrance_id,
                             NULL) ||
          !get_count (entry, "inside", &entrance.inside) ||
          !get_count (entry, "arrivals", &entrance.arrivals) ||
          !get_count (entry, "exits", &entrance.exits))
        continue;
      if (!tix_json_get_int (entry, "event_id", FALSE, 1, G_MAXINT64, &entrance.event_id, NULL))
        entrance.event_id = 0;
      entrance.name = g_strdup (name);
      g_array_append_val (report->by_entrance, entrance);
    }

  array = array_member (object, "refused");
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *entry = element_object (array, i);
      const char *reason = get_string (entry, "reason");
      TixReportRefusal refusal = { 0 };

      if (entry == NULL || reason == NULL || !get_count (entry, "count", &refusal.count))
        continue;
      refusal.reason = g_strdup (reason);
      g_array_append_val (report->refused, refusal);
    }

  array = array_member (object, "flow");
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *entry = element_object (array, i);
      const char *start = get_string (entry, "start");
      TixReportFlow flow = { 0 };

      if (entry == NULL || start == NULL || !tix_time_parse_iso (start, &flow.start) ||
          !tix_time_in_range (flow.start) || !get_count (entry, "arrivals", &flow.arrivals) ||
          !get_count (entry, "exits", &flow.exits))
        continue;
      g_array_append_val (report->flow, flow);
    }
}

TixDoorReport *
tix_door_report_new_from_json (JsonObject  *object,
                               GError     **error)
{
  g_autoptr(TixDoorReport) report = NULL;
  JsonArray *buckets;

  if (object == NULL)
    {
      g_set_error_literal (error, TIX_JSON_ERROR, TIX_JSON_ERROR_TYPE,
                           "The door report is not an object");
      return NULL;
    }

  report = g_new0 (TixDoorReport, 1);
  report->intervals = rows_new ();
  report->by_station = shares_new ();
  report->by_user = shares_new ();

  report->date = g_strdup (get_string (object, "date"));
  report->time_zone = g_strdup (get_string (object, "time_zone"));
  if (!get_count (object, "scanned", &report->scanned))
    report->scanned = 0;
  if (!get_count (object, "interval_minutes", &report->interval_minutes))
    report->interval_minutes = 0;

  buckets = array_member (object, "buckets");
  for (guint i = 0; buckets != NULL && i < json_array_get_length (buckets); i++)
    {
      JsonObject *bucket = element_object (buckets, i);
      const char *start = get_string (bucket, "start");
      TixReportRow row = { 0 };

      if (start == NULL || !get_count (bucket, "scanned", &row.scanned))
        continue;
      row.period = g_strdup (start);
      g_array_append_val (report->intervals, row);
    }

  read_shares (object, "by_station", "station", report->by_station);
  read_shares (object, "by_user", "name", report->by_user);
  read_door_rules (object, report);

  return g_steal_pointer (&report);
}

void
tix_door_report_free (TixDoorReport *report)
{
  if (report == NULL)
    return;

  g_free (report->date);
  g_free (report->time_zone);
  g_clear_pointer (&report->intervals, g_array_unref);
  g_clear_pointer (&report->by_station, g_array_unref);
  g_clear_pointer (&report->by_user, g_array_unref);
  g_clear_pointer (&report->by_entrance, g_array_unref);
  g_clear_pointer (&report->refused, g_array_unref);
  g_clear_pointer (&report->flow, g_array_unref);
  g_free (report);
}

static void
season_row_clear (gpointer data)
{
  TixSeasonRow *row = data;

  g_clear_object (&row->event);
}

static JsonObject *
object_member (JsonObject *object,
               const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* {total, scanned, …}: FALSE when either count does not read. */
static gboolean
read_counts (JsonObject *stats,
             gint64     *out_total,
             gint64     *out_scanned)
{
  return stats != NULL && get_count (stats, "total", out_total) &&
         get_count (stats, "scanned", out_scanned);
}

TixSeasonReport *
tix_season_report_new_from_json (JsonObject  *object,
                                 GError     **error)
{
  g_autoptr(TixSeasonReport) report = NULL;
  JsonArray *events;

  if (object == NULL)
    {
      g_set_error_literal (error, TIX_JSON_ERROR, TIX_JSON_ERROR_TYPE,
                           "The season report is not an object");
      return NULL;
    }

  report = g_new0 (TixSeasonReport, 1);
  report->events = g_array_new (FALSE, TRUE, sizeof (TixSeasonRow));
  g_array_set_clear_func (report->events, season_row_clear);

  report->time_zone = g_strdup (get_string (object, "time_zone"));
  if (!get_count (object, "interval_minutes", &report->interval_minutes))
    report->interval_minutes = 0;
  if (!read_counts (object_member (object, "stats"), &report->tickets, &report->scanned))
    report->tickets = report->scanned = 0;

  events = array_member (object, "events");
  for (guint i = 0; events != NULL && i < json_array_get_length (events); i++)
    {
      JsonObject *entry = element_object (events, i);
      JsonObject *event = object_member (entry, "event");
      JsonObject *busiest = object_member (entry, "busiest");
      TixSeasonRow row = { NULL, 0, 0, TIX_EVENT_NO_TIME, 0 };
      const char *start;

      if (event == NULL ||
          !read_counts (object_member (entry, "stats"), &row.tickets, &row.scanned))
        continue;
      row.event = tix_event_new_from_json (event, NULL);
      if (row.event == NULL)
        continue;

      start = get_string (busiest, "start");
      if (start == NULL || !tix_time_parse_iso (start, &row.busiest_start) ||
          !get_count (busiest, "scanned", &row.busiest_scanned))
        {
          row.busiest_start = TIX_EVENT_NO_TIME;
          row.busiest_scanned = 0;
        }
      g_array_append_val (report->events, row);
    }

  return g_steal_pointer (&report);
}

void
tix_season_report_free (TixSeasonReport *report)
{
  if (report == NULL)
    return;

  g_free (report->time_zone);
  g_clear_pointer (&report->events, g_array_unref);
  g_free (report);
}
