/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-client-events"

/* The client's calls for the events of a season (list, get, create,
 * update, delete, copy), the current event, and event_id where tickets
 * are generated, listed, counted, reported and scanned. */

#include "config.h"

#include "tix-client.h"
#include "tix-test-util.h"
#include "tix-time.h"

#define EMAIL    "season@example.com"
#define PASSWORD "correct horse battery"

/* 2026-03-20T19:00:00Z and 2026-03-21T19:00:00Z: Friday and Saturday, 20:00 in Berlin. */
#define FRIDAY_MS   G_GINT64_CONSTANT (1774033200000)
#define SATURDAY_MS G_GINT64_CONSTANT (1774119600000)
#define HOUR_MS     G_GINT64_CONSTANT (3600000)

typedef struct
{
  TixTestServer *server;
  TixClient     *client;   /* the admin */
} Fixture;

/* Synchronous wrappers ---------------------------------------------------------- */

static GPtrArray *
do_list (TixClient  *client,
         gboolean    archived,
         GError    **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  tix_client_list_events_async (client, archived, NULL, tix_test_store_result, &result);
  return tix_client_list_events_finish (client, tix_test_wait_result (&result), error);
}

static TixEvent *
do_get (TixClient  *client,
        gint64      id,
        GError    **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  tix_client_get_event_async (client, id, NULL, tix_test_store_result, &result);
  return tix_client_get_event_finish (client, tix_test_wait_result (&result), error);
}

static TixEvent *
do_create (TixClient  *client,
           TixEvent   *event,
           GError    **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  tix_client_create_event_async (client, event, NULL, tix_test_store_result, &result);
  return tix_client_create_event_finish (client, tix_test_wait_result (&result), error);
}

static TixEvent *
do_update (TixClient      *client,
           gint64          id,
           TixEvent       *changes,
           TixEventField   fields,
           GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  tix_client_update_event_async (client, id, changes, fields, NULL, tix_test_store_result,
                                 &result);
  return tix_client_update_event_finish (client, tix_test_wait_result (&result), error);
}

static gboolean
do_delete (TixClient  *client,
           gint64      id,
           GError    **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  tix_client_delete_event_async (client, id, NULL, tix_test_store_result, &result);
  return tix_client_delete_event_finish (client, tix_test_wait_result (&result), error);
}

static TixEvent *
do_copy (TixClient   *client,
         gint64       id,
         gint64       starts_at,
         const char  *name,
         GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  tix_client_copy_event_async (client, id, starts_at, name, NULL, tix_test_store_result, &result);
  return tix_client_copy_event_finish (client, tix_test_wait_result (&result), error);
}

static GPtrArray *
do_generate (TixClient   *client,
             gint64       event_id,
             guint        count,
             const char  *prefix,
             GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  if (event_id < 0)
    tix_client_generate_async (client, count, prefix, NULL, NULL, tix_test_store_result, &result);
  else
    tix_client_generate_for_event_async (client, event_id, count, prefix, NULL, NULL,
                                         tix_test_store_result, &result);
  return tix_client_generate_finish (client, tix_test_wait_result (&result), error);
}

static TixTicketPage *
do_list_tickets (TixClient       *client,
                 gint64           event_id,
                 TixTicketFilter  filter,
                 const char      *sort,
                 GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  tix_client_list_event_tickets_async (client, event_id, filter, NULL, sort, NULL, 0, 0, NULL,
                                       tix_test_store_result, &result);
  return tix_client_list_tickets_finish (client, tix_test_wait_result (&result), error);
}

static TixStats
do_stats (TixClient *client,
          gint64     event_id)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  TixStats stats = { 0 };

  tix_client_get_event_stats_async (client, event_id, NULL, tix_test_store_result, &result);
  g_assert_true (tix_client_get_stats_finish (client, tix_test_wait_result (&result), &stats,
                                              &error));
  g_assert_no_error (error);
  return stats;
}

static TixSettings *
do_settings (TixClient    *client,
             TixSettings  *changes,
             GError      **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  if (changes == NULL)
    {
      tix_client_get_settings_async (client, NULL, tix_test_store_result, &result);
      return tix_client_get_settings_finish (client, tix_test_wait_result (&result), error);
    }
  tix_client_update_settings_async (client, changes, NULL, tix_test_store_result, &result);
  return tix_client_update_settings_finish (client, tix_test_wait_result (&result), error);
}

static gboolean
do_scan (TixClient           *client,
         const char          *code,
         const gint64        *event_ids,
         guint                n_event_ids,
         TixTicket          **out_ticket,
         GError             **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  tix_client_scan_code_for_events_async (client, code, NULL, event_ids, n_event_ids, NULL,
                                         tix_test_store_result, &result);
  return tix_client_scan_code_finish (client, tix_test_wait_result (&result), out_ticket, error);
}

/* Fixture ---------------------------------------------------------------------- */

static TixClient *
register_client (Fixture    *fixture,
                 const char *email,
                 const char *organization)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(TixUser) user = NULL;
  g_autoptr(GError) error = NULL;
  TixClient *client = tix_client_new (fixture->server->url);

  tix_client_register_async (client, email, PASSWORD, "Ada", organization, NULL,
                             tix_test_store_result, &result);
  user = tix_client_register_finish (client, tix_test_wait_result (&result), &error);
  g_assert_no_error (error);
  return client;
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->server = tix_test_server_new ();
  fixture->client = register_client (fixture, EMAIL, "Season Org");
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_assert_finalize_object (g_steal_pointer (&fixture->client));
  g_clear_pointer (&fixture->server, tix_test_server_free);
}

/* An event made by the admin. */
static TixEvent *
create (Fixture    *fixture,
        const char *name,
        gint64      starts_at)
{
  g_autoptr(TixEvent) event = tix_event_new (name);
  g_autoptr(GError) error = NULL;
  TixEvent *made;

  tix_event_set_starts_at (event, starts_at);
  made = do_create (fixture->client, event, &error);
  g_assert_no_error (error);
  g_assert_nonnull (made);
  return made;
}

static gint64
current_event (TixClient *client)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TixSettings) settings = do_settings (client, NULL, &error);

  g_assert_no_error (error);
  return tix_settings_get_current_event_id (settings);
}

/* Tests ------------------------------------------------------------------------ */

/* Every organization has its current event from the start, undated. */
static void
test_first (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = do_list (fixture->client, FALSE, &error);
  TixEvent *first;

  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 1);
  first = g_ptr_array_index (events, 0);
  g_assert_cmpint (tix_event_get_id (first), >, 0);
  g_assert_cmpint (tix_event_get_starts_at (first), ==, TIX_EVENT_NO_TIME);
  g_assert_cmpint (tix_event_get_created_at (first), >, 0);
  g_assert_cmpint (current_event (fixture->client), ==, tix_event_get_id (first));
}

static void
test_crud (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(TixEvent) draft = tix_event_new ("Saturday");
  g_autoptr(TixEvent) made = NULL;
  g_autoptr(TixEvent) got = NULL;
  g_autoptr(TixEvent) changes = tix_event_new ("Saturday late");
  g_autoptr(TixEvent) changed = NULL;
  g_autoptr(TixEvent) archived = NULL;
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  tix_event_set_starts_at (draft, SATURDAY_MS);
  tix_event_set_ends_at (draft, SATURDAY_MS + 3 * HOUR_MS);
  tix_event_set_venue (draft, "Main hall");
  tix_event_set_capacity (draft, 500);
  tix_event_set_max_inside (draft, 450);
  made = do_create (fixture->client, draft, &error);
  g_assert_no_error (error);
  id = tix_event_get_id (made);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpstr (tix_event_get_name (made), ==, "Saturday");
  g_assert_cmpint (tix_event_get_starts_at (made), ==, SATURDAY_MS);
  g_assert_cmpint (tix_event_get_ends_at (made), ==, SATURDAY_MS + 3 * HOUR_MS);
  g_assert_cmpstr (tix_event_get_venue (made), ==, "Main hall");
  g_assert_cmpint (tix_event_get_capacity (made), ==, 500);
  g_assert_cmpint (tix_event_get_max_inside (made), ==, 450);
  g_assert_false (tix_event_get_archived (made));
  g_assert_cmpint (tix_event_get_n_tickets (made), ==, 0);

  got = do_get (fixture->client, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tix_event_get_name (got), ==, "Saturday");
  g_assert_cmpint (tix_event_get_created_at (got), ==, tix_event_get_created_at (made));

  /* A subset: the name, and no limit any more; the rest stays. */
  changed = do_update (fixture->client, id, changes,
                       TIX_EVENT_FIELD_NAME | TIX_EVENT_FIELD_CAPACITY, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tix_event_get_name (changed), ==, "Saturday late");
  g_assert_cmpint (tix_event_get_capacity (changed), ==, TIX_EVENT_NO_LIMIT);
  g_assert_cmpint (tix_event_get_max_inside (changed), ==, 450);
  g_assert_cmpstr (tix_event_get_venue (changed), ==, "Main hall");

  /* Archived: out of the list, in the list of all. */
  tix_event_set_archived (changes, TRUE);
  archived = do_update (fixture->client, id, changes, TIX_EVENT_FIELD_ARCHIVED, &error);
  g_assert_no_error (error);
  g_assert_true (tix_event_get_archived (archived));
  listed = do_list (fixture->client, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (listed->len, ==, 1);
  all = do_list (fixture->client, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 2);

  /* No tickets, not current: it goes. */
  g_assert_true (do_delete (fixture->client, id, &error));
  g_assert_no_error (error);
  g_clear_object (&got);
  got = do_get (fixture->client, id, &error);
  g_assert_error (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_NOT_FOUND);
  g_assert_null (got);
}

static void
test_refusals (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(TixEvent) bad = tix_event_new ("Backwards");
  g_autoptr(TixEvent) made = NULL;
  g_autoptr(TixEvent) sold = create (fixture, "Sold", FRIDAY_MS);
  g_autoptr(TixEvent) smaller = tix_event_new (NULL);
  g_autoptr(TixEvent) changed = NULL;
  g_autoptr(GPtrArray) tickets = NULL;
  g_autoptr(GError) error = NULL;

  /* Ends before it starts: the server names the member. */
  tix_event_set_starts_at (bad, FRIDAY_MS);
  tix_event_set_ends_at (bad, FRIDAY_MS - HOUR_MS);
  made = do_create (fixture->client, bad, &error);
  g_assert_error (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_INVALID);
  g_assert_cmpstr (tix_client_error_get_field (error), ==, "ends_at");
  g_assert_null (made);
  g_clear_error (&error);

  tickets = do_generate (fixture->client, tix_event_get_id (sold), 3, "S", &error);
  g_assert_no_error (error);

  /* With tickets: archive it instead. */
  g_assert_false (do_delete (fixture->client, tix_event_get_id (sold), &error));
  g_assert_error (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_CONFLICT);
  g_clear_error (&error);
  /* The current one stays. */
  g_assert_false (do_delete (fixture->client, current_event (fixture->client), &error));
  g_assert_error (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_CONFLICT);
  g_clear_error (&error);

  /* A capacity below its tickets. */
  tix_event_set_capacity (smaller, 2);
  changed = do_update (fixture->client, tix_event_get_id (sold), smaller,
                       TIX_EVENT_FIELD_CAPACITY, &error);
  g_assert_error (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_CONFLICT);
  g_assert_cmpstr (tix_client_error_get_field (error), ==, "capacity");
  g_assert_null (changed);
}

static void
test_copy (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(TixEvent) draft = tix_event_new ("Friday jazz");
  g_autoptr(TixEvent) friday = NULL;
  g_autoptr(TixEvent) next = NULL;
  g_autoptr(TixEvent) easter = NULL;
  g_autoptr(GError) error = NULL;
  gint64 week = 7 * 24 * HOUR_MS;

  tix_event_set_starts_at (draft, FRIDAY_MS);
  tix_event_set_ends_at (draft, FRIDAY_MS + 3 * HOUR_MS);
  tix_event_set_venue (draft, "Cellar");
  tix_event_set_capacity (draft, 80);
  friday = do_create (fixture->client, draft, &error);
  g_assert_no_error (error);

  next = do_copy (fixture->client, tix_event_get_id (friday), FRIDAY_MS + week, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (tix_event_get_id (next), !=, tix_event_get_id (friday));
  g_assert_cmpstr (tix_event_get_name (next), ==, "Friday jazz");
  g_assert_cmpint (tix_event_get_starts_at (next), ==, FRIDAY_MS + week);
  g_assert_cmpint (tix_event_get_ends_at (next), ==, FRIDAY_MS + week + 3 * HOUR_MS);
  g_assert_cmpstr (tix_event_get_venue (next), ==, "Cellar");
  g_assert_cmpint (tix_event_get_capacity (next), ==, 80);

  easter = do_copy (fixture->client, tix_event_get_id (friday), FRIDAY_MS + 2 * week,
                    "Easter jazz", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tix_event_get_name (easter), ==, "Easter jazz");
}

/* Scanners read the season; only admins change it. Another organization's
 * event is not found. */
static void
test_roles (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(TixEvent) friday = create (fixture, "Friday", FRIDAY_MS);
  g_autoptr(TixClient) scanner = tix_client_new (fixture->server->url);
  g_autoptr(TixClient) other = register_client (fixture, "other@example.com", "Other Org");
  g_autoptr(TixUser) added = NULL;
  g_autoptr(TixUser) user = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(TixEvent) made = NULL;
  g_autoptr(TixEvent) foreign = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) login = NULL;
  g_autoptr(GError) error = NULL;

  tix_client_add_user_async (fixture->client, "scan@example.com", "Sam", PASSWORD, "scanner",
                             NULL, tix_test_store_result, &result);
  added = tix_client_add_user_finish (fixture->client, tix_test_wait_result (&result), &error);
  g_assert_no_error (error);
  tix_client_login_async (scanner, "scan@example.com", PASSWORD, NULL, tix_test_store_result,
                          &login);
  user = tix_client_login_finish (scanner, tix_test_wait_result (&login), &error);
  g_assert_no_error (error);

  events = do_list (scanner, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 2);
  made = do_create (scanner, friday, &error);
  g_assert_error (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_FORBIDDEN);
  g_assert_null (made);
  g_clear_error (&error);

  foreign = do_get (other, tix_event_get_id (friday), &error);
  g_assert_error (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_NOT_FOUND);
  g_assert_null (foreign);
  g_clear_error (&error);
  g_assert_false (do_delete (other, tix_event_get_id (friday), &error));
  g_assert_error (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_NOT_FOUND);
}

/* Tickets, counts and reports of one event; 0 is every event. */
static void
test_tickets (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(TixEvent) friday = create (fixture, "Friday", FRIDAY_MS);
  g_autoptr(TixEvent) saturday = create (fixture, "Saturday", SATURDAY_MS);
  g_autoptr(GPtrArray) fri = NULL;
  g_autoptr(GPtrArray) sat = NULL;
  g_autoptr(GPtrArray) current = NULL;
  g_autoptr(TixTicketPage) page = NULL;
  g_autoptr(TixTicketPage) everything = NULL;
  g_autoptr(TixTicketPage) sorted = NULL;
  g_autoptr(TixPeriodReport) daily = NULL;
  g_autoptr(TixDoorReport) door = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) door_result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 fri_id = tix_event_get_id (friday), sat_id = tix_event_get_id (saturday);
  gint64 first_id = current_event (fixture->client);
  TixStats stats;

  fri = do_generate (fixture->client, fri_id, 2, "GA", &error);
  g_assert_no_error (error);
  sat = do_generate (fixture->client, sat_id, 3, "GA", &error);
  g_assert_no_error (error);
  /* Without an event: the current one. */
  current = do_generate (fixture->client, -1, 1, "GA", &error);
  g_assert_no_error (error);
  g_assert_cmpint (tix_ticket_get_event_id (g_ptr_array_index (fri, 0)), ==, fri_id);
  g_assert_cmpint (tix_ticket_get_event_id (g_ptr_array_index (sat, 2)), ==, sat_id);
  g_assert_cmpint (tix_ticket_get_event_id (g_ptr_array_index (current, 0)), ==, first_id);
  /* Numbers run across the season. */
  g_assert_cmpstr (tix_ticket_get_number (g_ptr_array_index (sat, 0)), ==, "GA-000003");

  page = do_list_tickets (fixture->client, sat_id, TIX_TICKET_FILTER_ALL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (page->total, ==, 3);
  for (guint i = 0; i < page->tickets->len; i++)
    g_assert_cmpint (tix_ticket_get_event_id (g_ptr_array_index (page->tickets, i)), ==, sat_id);
  everything = do_list_tickets (fixture->client, 0, TIX_TICKET_FILTER_ALL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (everything->total, ==, 6);
  sorted = do_list_tickets (fixture->client, fri_id, TIX_TICKET_FILTER_NOT_SCANNED, "number",
                            &error);
  g_assert_no_error (error);
  g_assert_cmpint (sorted->total, ==, 2);
  g_assert_cmpstr (tix_ticket_get_number (g_ptr_array_index (sorted->tickets, 0)), ==,
                   "GA-000001");

  /* A scan on Saturday counts for Saturday only. */
  g_assert_true (do_scan (fixture->client, tix_ticket_get_code (g_ptr_array_index (sat, 0)),
                          &sat_id, 1, NULL, &error));
  g_assert_no_error (error);
  stats = do_stats (fixture->client, sat_id);
  g_assert_cmpint (stats.total, ==, 3);
  g_assert_cmpint (stats.scanned, ==, 1);
  stats = do_stats (fixture->client, fri_id);
  g_assert_cmpint (stats.total, ==, 2);
  g_assert_cmpint (stats.scanned, ==, 0);
  stats = do_stats (fixture->client, 0);
  g_assert_cmpint (stats.total, ==, 6);
  g_assert_cmpint (stats.scanned, ==, 1);

  tix_client_get_event_report_async (fixture->client, fri_id, TIX_REPORT_DAILY, NULL,
                                     tix_test_store_result, &result);
  daily = tix_client_get_report_finish (fixture->client, tix_test_wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (daily->rows->len, ==, 30);
  /* Today, newest first: Friday's two tickets only. */
  g_assert_cmpint (g_array_index (daily->rows, TixReportRow, 0).generated, ==, 2);
  g_assert_cmpint (g_array_index (daily->rows, TixReportRow, 0).scanned, ==, 0);

  tix_client_get_event_door_report_async (fixture->client, sat_id, NULL, NULL,
                                          tix_test_store_result, &door_result);
  door = tix_client_get_door_report_finish (fixture->client, tix_test_wait_result (&door_result),
                                            &error);
  g_assert_no_error (error);
  g_assert_cmpint (door->scanned, ==, 1);

  /* The counts ride on the event too. */
  g_clear_object (&saturday);
  saturday = do_get (fixture->client, sat_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (tix_event_get_n_tickets (saturday), ==, 3);
  g_assert_cmpint (tix_event_get_n_scanned (saturday), ==, 1);
}

/* GET /api/reports/season, typed: newest first, each event's counts and
 * its door's busiest ten minutes (none before a scan). */
static void
test_season_report (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(TixEvent) friday = create (fixture, "Friday", FRIDAY_MS);
  g_autoptr(TixEvent) saturday = create (fixture, "Saturday", SATURDAY_MS);
  g_autoptr(GPtrArray) sat = NULL;
  g_autoptr(GPtrArray) fri = NULL;
  g_autoptr(TixSeasonReport) report = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 fri_id = tix_event_get_id (friday), sat_id = tix_event_get_id (saturday);
  gint64 before, after;
  const TixSeasonRow *row;

  fri = do_generate (fixture->client, fri_id, 2, "GA", &error);
  g_assert_no_error (error);
  sat = do_generate (fixture->client, sat_id, 3, "GA", &error);
  g_assert_no_error (error);
  before = tix_time_now_ms ();
  for (guint i = 0; i < 2; i++)
    {
      g_assert_true (do_scan (fixture->client, tix_ticket_get_code (g_ptr_array_index (sat, i)),
                              &sat_id, 1, NULL, &error));
      g_assert_no_error (error);
    }
  after = tix_time_now_ms ();

  tix_client_get_season_report_async (fixture->client, NULL, tix_test_store_result, &result);
  report = tix_client_get_season_report_finish (fixture->client, tix_test_wait_result (&result),
                                                &error);
  g_assert_no_error (error);
  g_assert_cmpint (report->interval_minutes, ==, 10);
  g_assert_cmpint (report->tickets, ==, 5);
  g_assert_cmpint (report->scanned, ==, 2);
  /* Saturday, Friday, then the first event (no date). */
  g_assert_cmpuint (report->events->len, ==, 3);
  row = &g_array_index (report->events, TixSeasonRow, 0);
  g_assert_cmpint (tix_event_get_id (row->event), ==, sat_id);
  g_assert_cmpstr (tix_event_get_name (row->event), ==, "Saturday");
  g_assert_cmpint (row->tickets, ==, 3);
  g_assert_cmpint (row->scanned, ==, 2);
  /* The ten minutes that hold both scans (one, if a tenth of the hour
   * struck between them). */
  if (before / (10 * 60 * 1000) == after / (10 * 60 * 1000))
    g_assert_cmpint (row->busiest_scanned, ==, 2);
  else
    g_assert_cmpint (row->busiest_scanned, >=, 1);
  g_assert_cmpint (row->busiest_start, <=, after);
  g_assert_cmpint (row->busiest_start, >, before - 10 * 60 * 1000);
  row = &g_array_index (report->events, TixSeasonRow, 1);
  g_assert_cmpint (tix_event_get_id (row->event), ==, fri_id);
  g_assert_cmpint (row->tickets, ==, 2);
  g_assert_cmpint (row->scanned, ==, 0);
  g_assert_cmpint (row->busiest_start, ==, TIX_EVENT_NO_TIME);
  g_assert_cmpint (row->busiest_scanned, ==, 0);
}

/* What an event refuses: past its capacity, or archived. */
static void
test_generate_refused (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(TixEvent) small = tix_event_new ("Small");
  g_autoptr(TixEvent) made = NULL;
  g_autoptr(TixEvent) archived = NULL;
  g_autoptr(GPtrArray) tickets = NULL;
  g_autoptr(GError) error = NULL;

  tix_event_set_capacity (small, 2);
  made = do_create (fixture->client, small, &error);
  g_assert_no_error (error);
  tickets = do_generate (fixture->client, tix_event_get_id (made), 3, "S", &error);
  g_assert_error (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_CONFLICT);
  g_assert_cmpstr (tix_client_error_get_field (error), ==, "count");
  g_assert_null (tickets);
  g_clear_error (&error);

  tix_event_set_archived (small, TRUE);
  archived = do_update (fixture->client, tix_event_get_id (made), small,
                        TIX_EVENT_FIELD_ARCHIVED, &error);
  g_assert_no_error (error);
  tickets = do_generate (fixture->client, tix_event_get_id (made), 1, "S", &error);
  g_assert_error (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_CONFLICT);
  g_assert_null (tickets);
  g_clear_error (&error);

  /* An event that is not there. */
  tickets = do_generate (fixture->client, 999999, 1, "S", &error);
  g_assert_nonnull (error);
  g_assert_null (tickets);
}

/* The current event is a setting: generate follows it. */
static void
test_current (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(TixEvent) friday = create (fixture, "Friday", FRIDAY_MS);
  g_autoptr(TixSettings) changes = tix_settings_new ();
  g_autoptr(TixSettings) saved = NULL;
  g_autoptr(TixSettings) bad = tix_settings_new ();
  g_autoptr(TixSettings) refused = NULL;
  g_autoptr(GPtrArray) tickets = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (tix_settings_is_empty (changes));
  tix_settings_set_current_event_id (changes, tix_event_get_id (friday));
  g_assert_false (tix_settings_is_empty (changes));
  saved = do_settings (fixture->client, changes, &error);
  g_assert_no_error (error);
  g_assert_cmpint (tix_settings_get_current_event_id (saved), ==, tix_event_get_id (friday));
  /* The settings of the seed are the current event's. */
  g_assert_cmpstr (tix_settings_get (saved, TIX_SETTING_EVENT_NAME), ==, "Friday");

  tickets = do_generate (fixture->client, -1, 1, "F", &error);
  g_assert_no_error (error);
  g_assert_cmpint (tix_ticket_get_event_id (g_ptr_array_index (tickets, 0)), ==,
                   tix_event_get_id (friday));

  tix_settings_set_current_event_id (bad, 999999);
  refused = do_settings (fixture->client, bad, &error);
  g_assert_error (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_INVALID);
  g_assert_cmpstr (tix_client_error_get_field (error), ==, "current_event_id");
  g_assert_null (refused);
}

/* At the door: a ticket of another event is refused, and names its event. */
static void
test_other_event (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(TixEvent) friday = create (fixture, "Friday", FRIDAY_MS);
  g_autoptr(TixEvent) saturday = create (fixture, "Saturday", SATURDAY_MS);
  g_autoptr(GPtrArray) fri = NULL;
  g_autoptr(TixTicket) ticket = NULL;
  g_autoptr(TixTicket) admitted = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) copy = NULL;
  gint64 sat_only[] = { tix_event_get_id (saturday) };
  gint64 both[] = { tix_event_get_id (saturday), tix_event_get_id (friday) };
  gint64 gone[] = { 999999 };
  const char *code;
  TixEvent *named;

  fri = do_generate (fixture->client, tix_event_get_id (friday), 1, "GA", &error);
  g_assert_no_error (error);
  code = tix_ticket_get_code (g_ptr_array_index (fri, 0));

  g_assert_false (do_scan (fixture->client, code, sat_only, 1, &ticket, &error));
  g_assert_error (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_FORGED);
  g_assert_cmpstr (tix_client_error_get_reason (error), ==, "other-event");
  named = tix_client_error_get_event (error);
  g_assert_nonnull (named);
  g_assert_cmpint (tix_event_get_id (named), ==, tix_event_get_id (friday));
  g_assert_cmpstr (tix_event_get_name (named), ==, "Friday");
  g_assert_cmpint (tix_event_get_starts_at (named), ==, FRIDAY_MS);
  g_assert_nonnull (ticket);
  g_assert_false (tix_ticket_is_scanned (ticket));
  /* A copy of the error keeps it. */
  copy = g_error_copy (error);
  g_assert_true (tix_client_error_get_event (copy) != NULL);
  g_assert_cmpstr (tix_event_get_name (tix_client_error_get_event (copy)), ==, "Friday");
  g_clear_error (&error);

  /* By number, at a door of both nights. */
  g_assert_true (do_scan (fixture->client, "GA-000001", both, 2, &admitted, &error));
  g_assert_no_error (error);
  g_assert_true (tix_ticket_is_scanned (admitted));
  g_assert_null (tix_client_error_get_event (NULL));

  /* The event the door admits is gone. */
  g_assert_false (do_scan (fixture->client, code, gone, 1, NULL, &error));
  g_assert_error (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_NOT_FOUND);
  g_assert_cmpstr (tix_client_error_get_field (error), ==, "event_id");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/tix/client/events/first", test_first);
  ADD ("/tix/client/events/crud", test_crud);
  ADD ("/tix/client/events/refusals", test_refusals);
  ADD ("/tix/client/events/copy", test_copy);
  ADD ("/tix/client/events/roles", test_roles);
  ADD ("/tix/client/events/tickets", test_tickets);
  ADD ("/tix/client/events/season-report", test_season_report);
  ADD ("/tix/client/events/generate-refused", test_generate_refused);
  ADD ("/tix/client/events/current", test_current);
  ADD ("/tix/client/events/other-event", test_other_event);
#undef ADD

  return g_test_run ();
}
