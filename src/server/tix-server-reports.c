/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-server-reports"

#include "config.h"

#include <math.h>
#include <string.h>

#include "tix-server-private.h"
#include "tix-time.h"
#include "tix-validate.h"

typedef enum
{
  PERIOD_DAY,
  PERIOD_WEEK,
  PERIOD_MONTH,
} Period;

static const struct
{
  const char *member;
  const char *format;
  guint       rows;
} periods[] = {
  [PERIOD_DAY] = { "date", "%Y-%m-%d", 30 },
  [PERIOD_WEEK] = { "week", "%G-W%V", 12 },
  [PERIOD_MONTH] = { "month", "%Y-%m", 12 },
};

/* The door report: scans of one day in intervals of ten minutes. */
#define DOOR_INTERVAL_MINUTES 10
#define DOOR_INTERVAL_MS      (DOOR_INTERVAL_MINUTES * 60 * 1000)

/* {total, scanned, not_scanned, scan_rate}: scan_rate a percentage with one
 * decimal, written as such (json-glib would print 33.3 as 33.299999999999997). */
char *
tix_server_format_stats (gint64 total,
                         gint64 scanned)
{
  char rate[G_ASCII_DTOSTR_BUF_SIZE];
  double value = total > 0 ? round ((double) scanned * 1000.0 / (double) total) / 10.0 : 0.0;

  g_ascii_formatd (rate, sizeof rate, "%.1f", value);
  return g_strdup_printf ("{\"total\":%" G_GINT64_FORMAT ",\"scanned\":%" G_GINT64_FORMAT
                          ",\"not_scanned\":%" G_GINT64_FORMAT ",\"scan_rate\":%s}",
                          total, scanned, total - scanned, rate);
}

static void
handle_stats (TixServer         *self,
              SoupServerMessage *msg,
              TixUser           *user,
              gint64             event_id)
{
  g_autoptr(TixStoreEvent) event = NULL;
  g_autoptr(GError) error = NULL;
  gint64 total = 0, scanned = 0;
  char *text;

  /* One event's: the counts kept in its row. */
  if (event_id > 0)
    {
      event = tix_store_get_event (self->store, tix_user_get_organization_id (user), event_id,
                                   &error);
      if (event != NULL)
        {
          total = event->total;
          scanned = event->scanned;
        }
    }
  if (event_id > 0 ? event == NULL
                   : !tix_store_get_counts (self->store, tix_user_get_organization_id (user),
                                            &total, &scanned, &error))
    {
      tix_server_reply_gerror (msg, error);
      return;
    }

  text = tix_server_format_stats (total, scanned);
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/json; charset=utf-8",
                                    SOUP_MEMORY_TAKE, text, strlen (text));
}

/* The organization's time zone, which SQLite knows nothing of: its name
 * ("UTC" when none is set) and the zone. */
static char *
organization_time_zone_name (TixServer *self,
                             TixUser   *user)
{
  g_autoptr(GHashTable) settings = tix_store_get_settings (self->store,
                                                           tix_user_get_organization_id (user),
                                                           NULL);
  const char *name = settings ? g_hash_table_lookup (settings, "time_zone") : NULL;

  return g_strdup (name != NULL && tix_validate_time_zone (name) ? name : "UTC");
}

static GTimeZone *
organization_time_zone (TixServer  *self,
                        TixUser    *user,
                        char      **out_name)
{
  g_autofree char *name = organization_time_zone_name (self, user);
  GTimeZone *tz = g_time_zone_new_identifier (name);

  if (out_name != NULL)
    *out_name = g_steal_pointer (&name);
  return tz ? tz : g_time_zone_new_utc ();
}

/* Start of the period that holds @date, as a calendar date. */
static void
period_start (Period  period,
              GDate  *date)
{
  switch (period)
    {
    case PERIOD_DAY:
      break;
    case PERIOD_WEEK:
      g_date_subtract_days (date, g_date_get_weekday (date) - G_DATE_MONDAY);
      break;
    case PERIOD_MONTH:
      g_date_set_day (date, 1);
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
period_step_back (Period  period,
                  GDate  *date)
{
  switch (period)
    {
    case PERIOD_DAY:
      g_date_subtract_days (date, 1);
      break;
    case PERIOD_WEEK:
      g_date_subtract_days (date, 7);
      break;
    case PERIOD_MONTH:
      g_date_subtract_months (date, 1);
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
period_step_forward (Period  period,
                     GDate  *date)
{
  switch (period)
    {
    case PERIOD_DAY:
      g_date_add_days (date, 1);
      break;
    case PERIOD_WEEK:
      g_date_add_days (date, 7);
      break;
    case PERIOD_MONTH:
      g_date_add_months (date, 1);
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
handle_report (TixServer         *self,
               SoupServerMessage *msg,
               TixUser           *user,
               gint64             event_id,
               Period             period)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(GTimeZone) tz = organization_time_zone (self, user, NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now (tz);
  g_autoptr(GError) error = NULL;
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, g_date_time_get_day_of_month (now),
                  g_date_time_get_month (now), g_date_time_get_year (now));
  period_start (period, &date);

  json_builder_begin_array (builder);
  for (guint i = 0; i < periods[period].rows; i++)
    {
      g_autoptr(GDateTime) start = NULL;
      g_autofree char *label = NULL;
      GDate last = date;
      gint64 from, to, unused, generated = 0, scanned = 0;

      /* From the first day's midnight to the midnight after the last day:
       * never through a GDateTime that GLib could not make (NULL). */
      period_step_forward (period, &last);
      g_date_subtract_days (&last, 1);
      if (!tix_time_day_bounds (tz, &date, &from, &unused) ||
          !tix_time_day_bounds (tz, &last, &unused, &to))
        break;

      if (!tix_store_count_between (self->store, tix_user_get_organization_id (user), event_id,
                                    from, to, &generated, &scanned, &error))
        {
          tix_server_reply_gerror (msg, error);
          return;
        }

      start = g_date_time_new (tz, g_date_get_year (&date), g_date_get_month (&date),
                               g_date_get_day (&date), 0, 0, 0);
      label = start != NULL ? g_date_time_format (start, periods[period].format)
                            : tix_time_format_date (&date);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, periods[period].member);
      json_builder_add_string_value (builder, label);
      json_builder_set_member_name (builder, "generated");
      json_builder_add_int_value (builder, generated);
      json_builder_set_member_name (builder, "scanned");
      json_builder_add_int_value (builder, scanned);
      json_builder_end_object (builder);

      period_step_back (period, &date);
    }
  json_builder_end_array (builder);

  tix_server_reply_builder (msg, SOUP_STATUS_OK, builder);
}

/* GET /api/reports/door?date=YYYY-MM-DD */

static void
add_bucket (JsonBuilder *builder,
            gint64       start_ms,
            gint64       scanned)
{
  g_autofree char *start = tix_time_format_iso (start_ms);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "start");
  json_builder_add_string_value (builder, start);
  json_builder_set_member_name (builder, "scanned");
  json_builder_add_int_value (builder, scanned);
  json_builder_end_object (builder);
}

/* How many of @entrances' (gint64, parallel to @at) are @entrance_id. */
static gint64
count_entrance (GArray *entrances,
                gint64  entrance_id)
{
  gint64 n = 0;

  for (guint i = 0; i < entrances->len; i++)
    if (g_array_index (entrances, gint64, i) == entrance_id)
      n++;
  return n;
}

/* Door rules: who is inside now, by entrance, the refusals by reason and
 * arrivals (first entries and re-entries) and exits per interval, from the
 * scan log of [from, to). */
static gboolean
add_door_rules (TixServer         *self,
                SoupServerMessage *msg,
                JsonBuilder       *builder,
                gint64             organization_id,
                gint64             event_id,
                gint64             from,
                gint64             to,
                guint              n_buckets)
{
  g_autoptr(TixStoreDoorFlow) flow = NULL;
  g_autoptr(GPtrArray) entrances = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree gint64 *arrivals = NULL;
  g_autofree gint64 *exits = NULL;
  gint64 inside = 0;

  flow = tix_store_get_door_flow (self->store, organization_id, event_id, from, to, &error);
  if (flow != NULL)
    entrances = tix_store_list_entrances (self->store, organization_id, event_id, &error);
  if (flow == NULL || entrances == NULL)
    {
      tix_server_reply_gerror (msg, error);
      return FALSE;
    }

  /* Of the event, exact; of every event, the sum of its entrances'. */
  if (event_id > 0)
    {
      g_autoptr(TixStoreEvent) event = tix_store_get_event (self->store, organization_id,
                                                            event_id, &error);

      if (event == NULL)
        {
          tix_server_reply_gerror (msg, error);
          return FALSE;
        }
      inside = event->inside;
    }
  else
    for (guint i = 0; i < entrances->len; i++)
      inside += ((TixStoreEntrance *) g_ptr_array_index (entrances, i))->inside;
  json_builder_set_member_name (builder, "inside");
  json_builder_add_int_value (builder, inside);

  json_builder_set_member_name (builder, "by_entrance");
  json_builder_begin_array (builder);
  for (guint i = 0; i < entrances->len; i++)
    {
      TixStoreEntrance *entrance = g_ptr_array_index (entrances, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "entrance_id");
      json_builder_add_int_value (builder, entrance->id);
      json_builder_set_member_name (builder, "event_id");
      json_builder_add_int_value (builder, entrance->event_id);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, entrance->name);
      json_builder_set_member_name (builder, "inside");
      json_builder_add_int_value (builder, entrance->inside);
      json_builder_set_member_name (builder, "arrivals");
      json_builder_add_int_value (builder, count_entrance (flow->arrivals_entrance,
                                                          entrance->id));
      json_builder_set_member_name (builder, "exits");
      json_builder_add_int_value (builder, count_entrance (flow->exits_entrance, entrance->id));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "refused");
  json_builder_begin_array (builder);
  for (guint i = 0; i < flow->refused->len; i++)
    {
      TixStoreCount *count = g_ptr_array_index (flow->refused, i);

      json_builder_begin_object (builder);
      tix_json_add_string_member (builder, "reason", count->name);
      json_builder_set_member_name (builder, "count");
      json_builder_add_int_value (builder, count->scanned);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  arrivals = g_new0 (gint64, n_buckets);
  exits = g_new0 (gint64, n_buckets);
  for (guint i = 0; i < flow->arrivals_at->len; i++)
    {
      gint64 at = g_array_index (flow->arrivals_at, gint64, i);

      if (at >= from && at < to)
        arrivals[(at - from) / DOOR_INTERVAL_MS]++;
    }
  for (guint i = 0; i < flow->exits_at->len; i++)
    {
      gint64 at = g_array_index (flow->exits_at, gint64, i);

      if (at >= from && at < to)
        exits[(at - from) / DOOR_INTERVAL_MS]++;
    }
  json_builder_set_member_name (builder, "flow");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n_buckets; i++)
    {
      g_autofree char *start = tix_time_format_iso (from + (gint64) i * DOOR_INTERVAL_MS);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "start");
      json_builder_add_string_value (builder, start);
      json_builder_set_member_name (builder, "arrivals");
      json_builder_add_int_value (builder, arrivals[i]);
      json_builder_set_member_name (builder, "exits");
      json_builder_add_int_value (builder, exits[i]);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "arrivals");
  json_builder_add_int_value (builder, flow->arrivals_at->len);
  json_builder_set_member_name (builder, "exits");
  json_builder_add_int_value (builder, flow->exits_at->len);
  return TRUE;
}

static void
handle_door (TixServer         *self,
             SoupServerMessage *msg,
             TixRoute          *route)
{
  g_autoptr(TixUser) user = tix_server_authenticate (self, msg);
  g_autofree char *zone_name = NULL;
  g_autoptr(GTimeZone) tz = NULL;
  g_autoptr(TixStoreDoorScans) scans = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *label = NULL;
  g_autofree gint64 *counts = NULL;
  const char *date;
  gint64 from, to, busiest = -1, event_id = 0;
  guint n_buckets;
  GDate day;

  if (user == NULL || !tix_server_query_event (self, msg, route->query, user, &event_id))
    return;

  tz = organization_time_zone (self, user, &zone_name);

  date = route->query ? g_hash_table_lookup (route->query, "date") : NULL;
  if (date != NULL && *date != '\0')
    {
      if (!tix_time_parse_date (date, &day))
        {
          tix_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "date",
                                  "Date must be a date as YYYY-MM-DD from %d to %d",
                                  TIX_TIME_MIN_YEAR, TIX_TIME_MAX_YEAR);
          return;
        }
    }
  else
    {
      g_autoptr(GDateTime) now = g_date_time_new_now (tz);

      g_date_clear (&day, 1);
      g_date_set_dmy (&day, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                      g_date_time_get_year (now));
    }
  /* Days of 23 or 25 hours have 138 or 150 intervals. */
  if (!tix_time_day_bounds (tz, &day, &from, &to))
    {
      tix_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "date",
                              "Date must be a date as YYYY-MM-DD from %d to %d",
                              TIX_TIME_MIN_YEAR, TIX_TIME_MAX_YEAR);
      return;
    }
  n_buckets = (guint) ((to - from + DOOR_INTERVAL_MS - 1) / DOOR_INTERVAL_MS);

  scans = tix_store_get_door_scans (self->store, tix_user_get_organization_id (user), event_id,
                                    from, to, &error);
  if (scans == NULL)
    {
      tix_server_reply_gerror (msg, error);
      return;
    }

  counts = g_new0 (gint64, n_buckets);
  for (guint i = 0; i < scans->scanned_at->len; i++)
    {
      gint64 at = g_array_index (scans->scanned_at, gint64, i);

      if (at >= from && at < to)
        counts[(at - from) / DOOR_INTERVAL_MS]++;
    }

  builder = json_builder_new_immutable ();
  label = tix_time_format_date (&day);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "date");
  json_builder_add_string_value (builder, label);
  json_builder_set_member_name (builder, "time_zone");
  json_builder_add_string_value (builder, zone_name);
  json_builder_set_member_name (builder, "interval_minutes");
  json_builder_add_int_value (builder, DOOR_INTERVAL_MINUTES);
  json_builder_set_member_name (builder, "scanned");
  json_builder_add_int_value (builder, scans->scanned_at->len);

  json_builder_set_member_name (builder, "buckets");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n_buckets; i++)
    {
      add_bucket (builder, from + (gint64) i * DOOR_INTERVAL_MS, counts[i]);
      if (counts[i] > 0 && (busiest < 0 || counts[i] > counts[busiest]))
        busiest = i;
    }
  json_builder_end_array (builder);

  /* The first of the busiest intervals; null on a day without scans. */
  json_builder_set_member_name (builder, "busiest");
  if (busiest >= 0)
    add_bucket (builder, from + busiest * DOOR_INTERVAL_MS, counts[busiest]);
  else
    json_builder_add_null_value (builder);

  json_builder_set_member_name (builder, "by_station");
  json_builder_begin_array (builder);
  for (guint i = 0; i < scans->by_station->len; i++)
    {
      TixStoreCount *count = g_ptr_array_index (scans->by_station, i);

      json_builder_begin_object (builder);
      tix_json_add_string_member (builder, "station", count->name);
      json_builder_set_member_name (builder, "scanned");
      json_builder_add_int_value (builder, count->scanned);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "by_user");
  json_builder_begin_array (builder);
  for (guint i = 0; i < scans->by_user->len; i++)
    {
      TixStoreCount *count = g_ptr_array_index (scans->by_user, i);

      json_builder_begin_object (builder);
      /* null for scans without a user id. */
      tix_json_add_id_member (builder, "user_id", MAX (count->id, 0));
      tix_json_add_string_member (builder, "name", count->name);
      json_builder_set_member_name (builder, "scanned");
      json_builder_add_int_value (builder, count->scanned);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  if (!add_door_rules (self, msg, builder, tix_user_get_organization_id (user), event_id,
                       from, to, n_buckets))
    return;
  json_builder_end_object (builder);

  tix_server_reply_builder (msg, SOUP_STATUS_OK, builder);
}

/* GET /api/reports/season: the events side by side, newest first (those
 * without a start last), archived ones too: each one's counts (kept in its
 * row) and its door's busiest ten minutes, in intervals that start where the
 * door report's do (on the ten minutes of the organization's clock). */

static int
compare_newest_first (gconstpointer a,
                      gconstpointer b)
{
  const TixStoreEvent *x = *(const TixStoreEvent * const *) a;
  const TixStoreEvent *y = *(const TixStoreEvent * const *) b;

  if ((x->starts_at == TIX_STORE_NO_TIME) != (y->starts_at == TIX_STORE_NO_TIME))
    return x->starts_at == TIX_STORE_NO_TIME ? 1 : -1;
  if (x->starts_at != y->starts_at)
    return x->starts_at > y->starts_at ? -1 : 1;
  return x->id > y->id ? -1 : x->id < y->id;
}

/* How far before a multiple of the interval since the epoch the intervals
 * of @tz's clock start, around @at_ms (the offset at the event's start). */
static gint64
interval_shift (GTimeZone *tz,
                gint64     at_ms)
{
  int interval = g_time_zone_find_interval (tz, G_TIME_TYPE_UNIVERSAL, at_ms / 1000);
  gint64 offset = interval >= 0 ? (gint64) g_time_zone_get_offset (tz, interval) * 1000 : 0;

  return ((offset % DOOR_INTERVAL_MS) + DOOR_INTERVAL_MS) % DOOR_INTERVAL_MS;
}

static void
append_node (GString     *out,
             JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autofree char *text = tix_json_to_string (root, NULL);

  g_string_append (out, text);
  json_builder_reset (builder);
}

static void
handle_season (TixServer         *self,
               SoupServerMessage *msg,
               TixUser           *user,
               gint64             event_id)
{
  gint64 org_id = tix_user_get_organization_id (user);
  g_autofree char *zone_name = NULL;
  g_autoptr(GTimeZone) tz = organization_time_zone (self, user, &zone_name);
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *stats = NULL;
  gint64 total = 0, scanned = 0;
  GString *out;
  gsize length;

  events = tix_store_list_events (self->store, org_id, TRUE, &error);
  if (events == NULL || !tix_store_get_counts (self->store, org_id, &total, &scanned, &error))
    {
      tix_server_reply_gerror (msg, error);
      return;
    }
  g_ptr_array_sort (events, compare_newest_first);

  stats = tix_server_format_stats (total, scanned);
  out = g_string_new ("{\"time_zone\":");
  tix_json_append_string (out, zone_name);
  g_string_append_printf (out, ",\"interval_minutes\":%d,\"stats\":%s,\"events\":[",
                          DOOR_INTERVAL_MINUTES, stats);

  for (guint i = 0, n = 0; i < events->len; i++)
    {
      TixStoreEvent *event = g_ptr_array_index (events, i);
      g_autofree char *counts = NULL;
      gint64 start, busiest;

      if (event_id > 0 && event->id != event_id)
        continue;
      if (!tix_store_get_event_busiest (self->store, event->id, DOOR_INTERVAL_MS,
                                        interval_shift (tz, event->starts_at != TIX_STORE_NO_TIME
                                                            ? event->starts_at
                                                            : tix_time_now_ms ()),
                                        &start, &busiest, &error))
        {
          g_string_free (out, TRUE);
          tix_server_reply_gerror (msg, error);
          return;
        }

      if (n++ > 0)
        g_string_append_c (out, ',');
      g_string_append (out, "{\"event\":");
      tix_server_add_event (builder, event);
      append_node (out, builder);
      counts = tix_server_format_stats (event->total, event->scanned);
      g_string_append_printf (out, ",\"stats\":%s,\"busiest\":", counts);
      /* null for an event whose door has not scanned yet. */
      if (start == TIX_STORE_NO_TIME)
        g_string_append (out, "null");
      else
        {
          add_bucket (builder, start, busiest);
          append_node (out, builder);
        }
      g_string_append_c (out, '}');
    }
  g_string_append (out, "]}");

  length = out->len;
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/json; charset=utf-8", SOUP_MEMORY_TAKE,
                                    g_string_free (out, FALSE), length);
}

gboolean
tix_server_route_reports (TixServer         *self,
                          SoupServerMessage *msg,
                          TixRoute          *route)
{
  static const char *names[] = { "stats", "daily", "weekly", "monthly", "season" };
  g_autoptr(TixUser) user = NULL;
  gint64 event_id = 0;
  int which = -1;

  if (tix_route_is (route, "GET", "/api/reports/door"))
    {
      handle_door (self, msg, route);
      return TRUE;
    }
  if (!tix_route_is (route, "GET", "/api/reports/*"))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_str_equal (route->segments[2], names[i]))
      which = (int) i;
  if (which < 0)
    return FALSE;

  user = tix_server_authenticate (self, msg);
  if (user == NULL || !tix_server_query_event (self, msg, route->query, user, &event_id))
    return TRUE;

  switch (which)
    {
    case 0:
      handle_stats (self, msg, user, event_id);
      break;
    case 1:
      handle_report (self, msg, user, event_id, PERIOD_DAY);
      break;
    case 2:
      handle_report (self, msg, user, event_id, PERIOD_WEEK);
      break;
    case 3:
      handle_report (self, msg, user, event_id, PERIOD_MONTH);
      break;
    case 4:
      handle_season (self, msg, user, event_id);
      break;
    default:
      g_assert_not_reached ();
    }

  return TRUE;
}
