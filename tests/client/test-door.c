/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The offline door: TixDoor and TixDoorCache against a real server that the
 * tests stop and start again on the same port and database. */
#define G_LOG_DOMAIN "test-door"

#include "config.h"

#include <signal.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "tix-door.h"
#include "tix-test-util.h"
#include "tix-ticket-code.h"

#define EMAIL    "gate@example.org"
#define PASSWORD "correct horse battery"
#define N_TICKETS 5
#define WAIT_SECONDS 60

typedef struct
{
  char            *dir;
  char            *db_path;
  guint            port;
  char            *url;
  TixServerThread *server;
  TixClient       *client;
  GPtrArray       *tickets;   /* SAT-000001 … SAT-000005 */
  TixDoorCache    *cache;
  TixDoor         *door;
  guint            n_conflicts;
} Fixture;

/* Async helpers ---------------------------------------------------------------- */

static gboolean
timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Spins until @check says so, or fails after WAIT_SECONDS. */
static void
wait_until (gboolean (*check) (gpointer),
            gpointer   data)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (WAIT_SECONDS, timeout_cb, &timed_out);

  while (!check (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (id);
}

static gboolean
door_is_drained (gpointer data)
{
  TixDoor *door = data;

  return tix_door_get_online (door) && tix_door_get_n_queued (door) == 0;
}

/* Server ----------------------------------------------------------------------- */

static void
server_start (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  TixServerOptions options;

  g_assert_null (f->server);
  tix_server_options_init (&options);
  options.fast_password_hashing = TRUE;

  /* The port may still be in TIME_WAIT for a moment after a stop. */
  for (guint i = 0; i < 50; i++)
    {
      g_clear_error (&error);
      f->server = tix_server_thread_new (f->db_path, &options, "127.0.0.1", f->port, &error);
      if (f->server != NULL)
        break;
      g_usleep (100 * 1000);
    }
  g_assert_no_error (error);
  g_assert_nonnull (f->server);
}

static void
server_stop (Fixture *f)
{
  tix_server_thread_stop (f->server);
  g_assert_finalize_object (g_steal_pointer (&f->server));
}

/* Fixture ---------------------------------------------------------------------- */

static TixClient *
new_client (Fixture *f)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TixUser) user = NULL;
  TixClient *client = tix_client_new (f->url);

  tix_client_login_async (client, EMAIL, PASSWORD, NULL, tix_test_store_result, &result);
  user = tix_client_login_finish (client, tix_test_wait_result (&result), &error);
  g_assert_no_error (error);

  return client;
}

static void
on_conflict (TixDoor           *door,
             TixDoorQueuedScan *scan,
             TixTicket         *ticket,
             Fixture           *f)
{
  g_assert_nonnull (scan);
  g_assert_cmpint (scan->state, ==, TIX_DOOR_QUEUE_CONFLICT);
  f->n_conflicts++;
}

static TixDoor *
new_door (Fixture      *f,
          TixClient    *client,
          TixDoorCache *cache)
{
  TixDoor *door = tix_door_new (client, cache);

  /* No scan timeout: valgrind is slow, and the tests stop the server. */
  tix_door_set_timeouts (door, 0, 50);
  g_signal_connect (door, "conflict", G_CALLBACK (on_conflict), f);

  return door;
}

/* Stops @door and waits until nothing it started holds it, then checks
 * that it goes. */
static void
drop_door (TixDoor **door)
{
  tix_door_stop (*door);
  while (G_OBJECT (*door)->ref_count > 1)
    g_main_context_iteration (NULL, TRUE);
  g_assert_finalize_object (g_steal_pointer (door));
}

static void
door_sync (TixDoor *door)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  tix_door_sync_async (door, NULL, tix_test_store_result, &result);
  g_assert_true (tix_door_sync_finish (door, tix_test_wait_result (&result), &error));
  g_assert_no_error (error);
}

static TixDoorCache *
open_cache (Fixture    *f,
            const char *name)
{
  g_autofree char *path = g_build_filename (f->dir, name, NULL);
  g_autoptr(GError) error = NULL;
  TixDoorCache *cache = tix_door_cache_new (path, &error);

  g_assert_no_error (error);
  return cache;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) generated = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TixUser) user = NULL;

  f->dir = g_dir_make_tmp ("tix-offline-XXXXXX", &error);
  g_assert_no_error (error);
  f->db_path = tix_test_database_new (f->dir);
  f->port = tix_test_free_port ();
  f->url = g_strdup_printf ("http://127.0.0.1:%u", f->port);
  server_start (f);

  f->client = tix_client_new (f->url);
  tix_client_register_async (f->client, EMAIL, PASSWORD, "Gabi", "Gate Org", NULL,
                             tix_test_store_result, &result);
  user = tix_client_register_finish (f->client, tix_test_wait_result (&result), &error);
  g_assert_no_error (error);

  tix_client_generate_async (f->client, N_TICKETS, "SAT", "Stalls", NULL,
                             tix_test_store_result, &generated);
  f->tickets = tix_client_generate_finish (f->client, tix_test_wait_result (&generated), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (f->tickets->len, ==, N_TICKETS);

  f->cache = open_cache (f, "door-a.db");
  f->door = new_door (f, f->client, f->cache);
  door_sync (f->door);
  g_assert_cmpuint (tix_door_cache_get_n_tickets (f->cache), ==, N_TICKETS);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  if (f->door != NULL)
    drop_door (&f->door);
  g_clear_object (&f->cache);
  g_clear_pointer (&f->tickets, g_ptr_array_unref);
  g_clear_object (&f->client);
  if (f->server != NULL)
    server_stop (f);
  tix_test_database_drop (f->db_path);
  tix_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->db_path);
  g_free (f->url);
}

static TixTicket *
ticket_at (Fixture *f,
           guint    i)
{
  return g_ptr_array_index (f->tickets, i);
}

static TixDoorVerdict *
scan (TixDoor    *door,
      const char *code)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  TixDoorVerdict *verdict;

  tix_door_scan_async (door, code, NULL, NULL, tix_test_store_result, &result);
  verdict = tix_door_scan_finish (door, tix_test_wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (verdict);

  return verdict;
}

static TixTicket *
server_ticket (Fixture    *f,
               const char *id)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  TixTicket *ticket;

  tix_client_get_ticket_async (f->client, id, NULL, tix_test_store_result, &result);
  ticket = tix_client_get_ticket_finish (f->client, tix_test_wait_result (&result), &error);
  g_assert_no_error (error);

  return ticket;
}

static gint64
server_scanned (Fixture *f)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  TixStats stats;

  tix_client_get_stats_async (f->client, NULL, tix_test_store_result, &result);
  g_assert_true (tix_client_get_stats_finish (f->client, tix_test_wait_result (&result), &stats, &error));
  g_assert_no_error (error);

  return stats.scanned;
}

static GPtrArray *
server_conflicts (Fixture *f)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *conflicts;

  tix_client_list_scan_conflicts_async (f->client, NULL, tix_test_store_result, &result);
  conflicts = tix_client_list_scan_conflicts_finish (f->client, tix_test_wait_result (&result), &error);
  g_assert_no_error (error);

  return conflicts;
}

/* Events ----------------------------------------------------------------------- */

/* 2026-03-20T19:00:00Z: Friday, 20:00 in Berlin. */
#define FRIDAY_MS G_GINT64_CONSTANT (1774033200000)

static gint64
create_event (Fixture    *f,
              const char *name,
              gint64      starts_at)
{
  g_autoptr(TixEvent) draft = tix_event_new (name);
  g_autoptr(TixEvent) made = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  tix_event_set_starts_at (draft, starts_at);
  tix_client_create_event_async (f->client, draft, NULL, tix_test_store_result, &result);
  made = tix_client_create_event_finish (f->client, tix_test_wait_result (&result), &error);
  g_assert_no_error (error);
  return tix_event_get_id (made);
}

static GPtrArray *
generate_into (Fixture    *f,
               gint64      event_id,
               guint       count,
               const char *prefix)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *tickets;

  tix_client_generate_for_event_async (f->client, event_id, count, prefix, NULL, NULL,
                                       tix_test_store_result, &result);
  tickets = tix_client_generate_finish (f->client, tix_test_wait_result (&result), &error);
  g_assert_no_error (error);
  return tickets;
}

static gint64
server_current_event (Fixture *f)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TixSettings) settings = NULL;

  tix_client_get_settings_async (f->client, NULL, tix_test_store_result, &result);
  settings = tix_client_get_settings_finish (f->client, tix_test_wait_result (&result), &error);
  g_assert_no_error (error);
  return tix_settings_get_current_event_id (settings);
}

/* Going offline: the server is stopped and the door notices. */
static void
go_offline (Fixture *f)
{
  server_stop (f);
}

/* Door rules offline ----------------------------------------------------------- */

static gint64
make_entrance (Fixture    *f,
               const char *name,
               gboolean    allow_exit,
               gboolean    allow_reentry)
{
  g_autoptr(TixEntrance) draft = tix_entrance_new (name);
  g_autoptr(TixEntrance) made = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  tix_entrance_set_allow_exit (draft, allow_exit);
  tix_entrance_set_allow_reentry (draft, allow_reentry);
  tix_client_create_entrance_async (f->client, server_current_event (f), draft, NULL,
                                    tix_test_store_result, &result);
  made = tix_client_create_entrance_finish (f->client, tix_test_wait_result (&result), &error);
  g_assert_no_error (error);
  return tix_entrance_get_id (made);
}

static TixDoorVerdict *
scan_at (TixDoor          *door,
         TixTicket        *ticket,
         gint64            entrance_id,
         TixDoorDirection  direction,
         TixDoorVerdictKind kind)
{
  TixDoorVerdict *verdict;

  tix_door_set_entrance_id (door, entrance_id);
  tix_door_set_direction (door, direction);
  verdict = scan (door, tix_ticket_get_code (ticket));
  g_assert_cmpint (verdict->kind, ==, kind);
  g_assert_cmpint (verdict->direction, ==, direction);
  return verdict;
}

/* Every rule from the copy alone, as the server has them: the copy knows
 * who came in online; the scans made offline are uploaded with their
 * entrance and direction, and the server's counts agree. */
static void
test_offline_rules (Fixture       *f,
                    gconstpointer  data)
{
  gint64 foyer = make_entrance (f, "Foyer", TRUE, TRUE);
  gint64 stage = make_entrance (f, "Stage door", TRUE, FALSE);
  gint64 server_current_event_offline = server_current_event (f);
  TixDoorVerdict *v;
  g_autoptr(GPtrArray) uploaded = NULL;

  /* In online at the foyer; the sync says so. */
  v = scan_at (f->door, ticket_at (f, 0), foyer, TIX_DOOR_DIRECTION_IN, TIX_DOOR_ADMITTED);
  g_assert_false (v->offline);
  tix_door_verdict_free (v);
  door_sync (f->door);

  go_offline (f);
  tix_door_set_online (f->door, FALSE);

  v = scan_at (f->door, ticket_at (f, 0), foyer, TIX_DOOR_DIRECTION_IN, TIX_DOOR_ALREADY_INSIDE);
  g_assert_true (v->offline);
  g_assert_null (v->scan_id);
  g_assert_cmpint (v->entered_at, >, 0);
  g_assert_cmpint (tix_entrance_get_id (v->entrance), ==, foyer);
  g_assert_error (v->error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_DUPLICATE);
  tix_door_verdict_free (v);
  /* At the default entrance it is "already scanned", as online. */
  v = scan_at (f->door, ticket_at (f, 0), 0, TIX_DOOR_DIRECTION_IN, TIX_DOOR_DUPLICATE);
  tix_door_verdict_free (v);

  v = scan_at (f->door, ticket_at (f, 0), foyer, TIX_DOOR_DIRECTION_OUT, TIX_DOOR_EXIT);
  g_assert_true (v->offline);
  g_assert_nonnull (v->scan_id);
  g_assert_cmpint (tix_entrance_get_id (v->entrance), ==, foyer);
  tix_door_verdict_free (v);
  v = scan_at (f->door, ticket_at (f, 0), foyer, TIX_DOOR_DIRECTION_OUT, TIX_DOOR_NOT_INSIDE);
  g_assert_cmpint (v->exited_at, >, 0);
  g_assert_error (v->error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_INVALID);
  tix_door_verdict_free (v);
  v = scan_at (f->door, ticket_at (f, 0), foyer, TIX_DOOR_DIRECTION_IN, TIX_DOOR_REENTRY);
  g_assert_nonnull (v->scan_id);
  tix_door_verdict_free (v);

  /* The stage door lets nobody back in. */
  v = scan_at (f->door, ticket_at (f, 1), stage, TIX_DOOR_DIRECTION_IN, TIX_DOOR_ADMITTED);
  g_assert_cmpint (v->scanned_at, >, 0);
  tix_door_verdict_free (v);
  v = scan_at (f->door, ticket_at (f, 1), stage, TIX_DOOR_DIRECTION_OUT, TIX_DOOR_EXIT);
  tix_door_verdict_free (v);
  v = scan_at (f->door, ticket_at (f, 1), stage, TIX_DOOR_DIRECTION_IN, TIX_DOOR_NO_REENTRY);
  g_assert_cmpint (v->entered_at, >, 0);
  tix_door_verdict_free (v);

  /* Nobody goes out by the main entrance: those that would let it out. */
  v = scan_at (f->door, ticket_at (f, 2), 0, TIX_DOOR_DIRECTION_OUT, TIX_DOOR_WRONG_ENTRANCE);
  g_assert_nonnull (v->entrances);
  g_assert_cmpuint (v->entrances->len, ==, 2);
  tix_door_verdict_free (v);

  g_assert_cmpuint (tix_door_get_n_queued (f->door), ==, 4);
  /* Who is inside as far as this station knows: ticket 0 again. */
  g_assert_cmpint (tix_door_cache_count_inside (f->cache, server_current_event_offline), ==, 1);

  /* Back: every one taken, in order, with its direction. */
  server_start (f);
  wait_until (door_is_drained, f->door);
  g_assert_cmpuint (tix_door_cache_count_queue (f->cache, TIX_DOOR_QUEUE_UPLOADED), ==, 4);
  g_assert_cmpuint (tix_door_cache_count_queue (f->cache, TIX_DOOR_QUEUE_CONFLICT), ==, 0);
  g_assert_cmpuint (f->n_conflicts, ==, 0);
  uploaded = tix_door_cache_list_queue (f->cache, TIX_DOOR_QUEUE_UPLOADED);
  g_assert_true (((TixDoorQueuedScan *) uploaded->pdata[0])->exit);
  g_assert_false (((TixDoorQueuedScan *) uploaded->pdata[1])->exit);

  /* The server agrees: ticket 0 in by the foyer, 1 out by the stage door. */
  v = scan_at (f->door, ticket_at (f, 0), foyer, TIX_DOOR_DIRECTION_IN, TIX_DOOR_ALREADY_INSIDE);
  g_assert_false (v->offline);
  tix_door_verdict_free (v);
  v = scan_at (f->door, ticket_at (f, 1), stage, TIX_DOOR_DIRECTION_IN, TIX_DOOR_NO_REENTRY);
  g_assert_false (v->offline);
  tix_door_verdict_free (v);
}

/* Two stations offline let the same person out: one upload is second, a
 * conflict kept as scans' are. */
static void
test_offline_exit_conflict (Fixture       *f,
                            gconstpointer  data)
{
  gint64 foyer = make_entrance (f, "Foyer", TRUE, TRUE);
  g_autoptr(TixClient) client_b = new_client (f);
  g_autoptr(TixDoorCache) cache_b = open_cache (f, "door-b.db");
  TixDoor *door_b = new_door (f, client_b, cache_b);
  g_autoptr(GPtrArray) conflicts = NULL;
  TixDoorVerdict *v;

  v = scan_at (f->door, ticket_at (f, 3), foyer, TIX_DOOR_DIRECTION_IN, TIX_DOOR_ADMITTED);
  tix_door_verdict_free (v);
  door_sync (f->door);
  door_sync (door_b);
  go_offline (f);

  v = scan_at (f->door, ticket_at (f, 3), foyer, TIX_DOOR_DIRECTION_OUT, TIX_DOOR_EXIT);
  g_assert_true (v->offline);
  tix_door_verdict_free (v);
  v = scan_at (door_b, ticket_at (f, 3), foyer, TIX_DOOR_DIRECTION_OUT, TIX_DOOR_EXIT);
  g_assert_true (v->offline);
  tix_door_verdict_free (v);

  server_start (f);
  wait_until (door_is_drained, f->door);
  wait_until (door_is_drained, door_b);

  g_assert_cmpuint (f->n_conflicts, ==, 1);
  g_assert_cmpuint (tix_door_cache_count_queue (f->cache, TIX_DOOR_QUEUE_CONFLICT) +
                    tix_door_cache_count_queue (cache_b, TIX_DOOR_QUEUE_CONFLICT), ==, 1);
  conflicts = server_conflicts (f);
  g_assert_cmpuint (conflicts->len, ==, 1);

  drop_door (&door_b);
}

/* Tests ------------------------------------------------------------------------ */

static void
test_online (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(TixDoorVerdict) first = scan (f->door, tix_ticket_get_code (ticket_at (f, 0)));
  g_autoptr(TixDoorVerdict) again = scan (f->door, tix_ticket_get_code (ticket_at (f, 0)));
  g_autoptr(TixDoorCacheTicket) cached = NULL;

  g_assert_cmpint (first->kind, ==, TIX_DOOR_ADMITTED);
  g_assert_false (first->offline);
  g_assert_nonnull (first->ticket);
  g_assert_cmpint (again->kind, ==, TIX_DOOR_DUPLICATE);
  g_assert_false (again->offline);
  g_assert_cmpint (again->scanned_at, >, 0);
  g_assert_cmpstr (again->scanned_by, ==, "Gabi");

  /* The copy follows what the server answered. */
  cached = tix_door_cache_lookup (f->cache, tix_ticket_get_id (ticket_at (f, 0)));
  g_assert_nonnull (cached);
  g_assert_cmpint (cached->scanned_at, >, 0);
  g_assert_true (tix_door_get_online (f->door));
}

static void
test_queue_drains (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(TixDoorVerdict) first = NULL;
  g_autoptr(TixDoorVerdict) again = NULL;
  g_autoptr(TixDoorVerdict) typed = NULL;
  g_autoptr(TixDoorVerdict) online = NULL;
  g_autoptr(TixTicket) t0 = NULL;
  g_autoptr(TixTicket) t1 = NULL;
  g_autoptr(TixTicket) t2 = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(GPtrArray) uploaded = NULL;

  go_offline (f);

  first = scan (f->door, tix_ticket_get_code (ticket_at (f, 0)));
  g_assert_cmpint (first->kind, ==, TIX_DOOR_ADMITTED);
  g_assert_true (first->offline);
  g_assert_nonnull (first->scan_id);
  g_assert_cmpstr (first->number, ==, "SAT-000001");
  g_assert_false (tix_door_get_online (f->door));
  g_assert_cmpuint (tix_door_get_n_queued (f->door), ==, 1);

  /* A second scan of it here, offline, is a duplicate. */
  again = scan (f->door, tix_ticket_get_code (ticket_at (f, 0)));
  g_assert_cmpint (again->kind, ==, TIX_DOOR_DUPLICATE);
  g_assert_true (again->offline);
  g_assert_true (again->scanned_here);

  /* A typed number is looked up in the copy. */
  typed = scan (f->door, "SAT-000002");
  g_assert_cmpint (typed->kind, ==, TIX_DOOR_ADMITTED);
  g_assert_true (typed->offline);
  g_assert_cmpuint (tix_door_get_n_queued (f->door), ==, 2);

  /* The server comes back: the door finds out and uploads the queue. */
  server_start (f);
  wait_until (door_is_drained, f->door);

  uploaded = tix_door_cache_list_queue (f->cache, TIX_DOOR_QUEUE_UPLOADED);
  g_assert_cmpuint (uploaded->len, ==, 2);
  g_assert_cmpuint (f->n_conflicts, ==, 0);

  t0 = server_ticket (f, tix_ticket_get_id (ticket_at (f, 0)));
  t1 = server_ticket (f, tix_ticket_get_id (ticket_at (f, 1)));
  t2 = server_ticket (f, tix_ticket_get_id (ticket_at (f, 2)));
  g_assert_true (tix_ticket_is_scanned (t0));
  g_assert_true (tix_ticket_is_scanned (t1));
  g_assert_false (tix_ticket_is_scanned (t2));
  /* When the station admitted them, not when they were uploaded. */
  g_assert_cmpint (tix_ticket_get_scanned_at (t0), ==, first->scanned_at);
  g_assert_cmpint (tix_ticket_get_scanned_at (t1), ==, typed->scanned_at);
  g_assert_cmpint (server_scanned (f), ==, 2);
  conflicts = server_conflicts (f);
  g_assert_cmpuint (conflicts->len, ==, 0);

  online = scan (f->door, tix_ticket_get_code (ticket_at (f, 0)));
  g_assert_cmpint (online->kind, ==, TIX_DOOR_DUPLICATE);
  g_assert_false (online->offline);
}

static void
test_two_stations (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(TixClient) client_b = new_client (f);
  g_autoptr(TixDoorCache) cache_b = open_cache (f, "door-b.db");
  TixDoor *door_b = new_door (f, client_b, cache_b);
  g_autoptr(TixDoorVerdict) a = NULL;
  g_autoptr(TixDoorVerdict) b = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(TixTicket) t3 = NULL;
  TixScanConflict *conflict;
  guint conflicted;

  door_sync (door_b);
  go_offline (f);

  a = scan (f->door, tix_ticket_get_code (ticket_at (f, 3)));
  b = scan (door_b, tix_ticket_get_code (ticket_at (f, 3)));
  g_assert_cmpint (a->kind, ==, TIX_DOOR_ADMITTED);
  g_assert_cmpint (b->kind, ==, TIX_DOOR_ADMITTED);
  g_assert_true (a->offline && b->offline);

  server_start (f);
  wait_until (door_is_drained, f->door);
  wait_until (door_is_drained, door_b);

  /* One of them came second: one conflict, on that station. */
  g_assert_cmpuint (f->n_conflicts, ==, 1);
  conflicted = tix_door_cache_count_queue (f->cache, TIX_DOOR_QUEUE_CONFLICT) +
               tix_door_cache_count_queue (cache_b, TIX_DOOR_QUEUE_CONFLICT);
  g_assert_cmpuint (conflicted, ==, 1);
  g_assert_cmpuint (tix_door_cache_count_queue (f->cache, TIX_DOOR_QUEUE_UPLOADED) +
                    tix_door_cache_count_queue (cache_b, TIX_DOOR_QUEUE_UPLOADED), ==, 1);
  g_assert_cmpint (server_scanned (f), ==, 1);

  t3 = server_ticket (f, tix_ticket_get_id (ticket_at (f, 3)));
  g_assert_true (tix_ticket_is_scanned (t3));

  conflicts = server_conflicts (f);
  g_assert_cmpuint (conflicts->len, ==, 1);
  conflict = g_ptr_array_index (conflicts, 0);
  g_assert_nonnull (conflict->first.scanned_at);
  g_assert_nonnull (conflict->second.scanned_at);
  g_assert_cmpstr (conflict->ticket_id, ==, tix_ticket_get_id (ticket_at (f, 3)));
  /* The second scan is the one whose station got the conflict. */
  if (tix_door_cache_count_queue (f->cache, TIX_DOOR_QUEUE_CONFLICT) == 1)
    g_assert_cmpstr (conflict->second.scan_id, ==, a->scan_id);
  else
    g_assert_cmpstr (conflict->second.scan_id, ==, b->scan_id);

  drop_door (&door_b);
}

static void
test_retried_upload (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(TixDoorVerdict) verdict = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(TixTicket) ticket = NULL;
  g_autoptr(TixTicket) t4 = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  const char *code = tix_ticket_get_code (ticket_at (f, 4));

  go_offline (f);
  verdict = scan (f->door, code);
  g_assert_cmpint (verdict->kind, ==, TIX_DOOR_ADMITTED);
  g_assert_true (verdict->offline);

  /* Keep the door from uploading by itself while the reply is "lost". */
  drop_door (&f->door);
  server_start (f);

  /* The upload reached the server, but its reply never came back. */
  tix_client_upload_scan_async (f->client, code, NULL, verdict->scan_id,
                                verdict->scanned_at, NULL, NULL, tix_test_store_result, &result);
  g_assert_true (tix_client_scan_code_finish (f->client, tix_test_wait_result (&result), &ticket, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (tix_door_cache_count_queue (f->cache, TIX_DOOR_QUEUE_PENDING), ==, 1);

  /* A new door (the app restarted) uploads it again, with the same id. */
  f->door = new_door (f, f->client, f->cache);
  g_assert_cmpuint (tix_door_get_n_queued (f->door), ==, 1);
  {
    g_autoptr(GAsyncResult) drained = NULL;

    tix_door_drain_async (f->door, NULL, tix_test_store_result, &drained);
    g_assert_true (tix_door_drain_finish (f->door, tix_test_wait_result (&drained), &error));
    g_assert_no_error (error);
  }

  g_assert_cmpuint (tix_door_get_n_queued (f->door), ==, 0);
  g_assert_cmpuint (tix_door_cache_count_queue (f->cache, TIX_DOOR_QUEUE_UPLOADED), ==, 1);
  g_assert_cmpuint (f->n_conflicts, ==, 0);
  g_assert_cmpint (server_scanned (f), ==, 1);
  conflicts = server_conflicts (f);
  g_assert_cmpuint (conflicts->len, ==, 0);
  t4 = server_ticket (f, tix_ticket_get_id (ticket_at (f, 4)));
  g_assert_cmpint (tix_ticket_get_scanned_at (t4), ==, verdict->scanned_at);
}

/* Killed with scans in the queue -------------------------------------------- */

static char *
kill_dir (pid_t parent)
{
  g_autofree char *name = g_strdup_printf ("tix-offline-kill-%d", (int) parent);

  return g_build_filename (g_get_tmp_dir (), name, NULL);
}

/* The child: a station whose server is gone admits a ticket offline, then
 * dies without any chance to clean up. */
static void
kill_child (void)
{
  g_autofree char *dir = kill_dir (getppid ());
  g_autofree char *path = g_build_filename (dir, "door.db", NULL);
  g_autofree char *code_path = g_build_filename (dir, "code", NULL);
  g_autofree char *code = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TixDoorCache) cache = NULL;
  g_autoptr(TixClient) client = NULL;
  g_autoptr(TixDoor) door = NULL;
  g_autoptr(TixDoorVerdict) verdict = NULL;

  if (!g_test_subprocess ())
    {
      g_test_skip ("Only run by /tix/offline/killed");
      return;
    }

  g_file_get_contents (code_path, &code, NULL, &error);
  g_assert_no_error (error);
  cache = tix_door_cache_new (path, &error);
  g_assert_no_error (error);
  /* Port 1 on loopback: nothing listens. */
  client = tix_client_new ("http://127.0.0.1:1");
  door = tix_door_new (client, cache);
  tix_door_set_timeouts (door, 0, 1000);

  verdict = scan (door, code);
  g_assert_cmpint (verdict->kind, ==, TIX_DOOR_ADMITTED);
  g_assert_true (verdict->offline);
  g_printerr ("admitted %s\n", verdict->scan_id);

  raise (SIGKILL);
}

static void
test_killed (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *dir = kill_dir (getpid ());
  g_autofree char *path = g_build_filename (dir, "door.db", NULL);
  g_autofree char *code_path = g_build_filename (dir, "code", NULL);
  g_autoptr(TixDoorCache) cache = NULL;
  TixDoor *door = NULL;
  g_autoptr(GPtrArray) queue = NULL;
  g_autoptr(TixTicket) t2 = NULL;
  g_autoptr(GError) error = NULL;

  tix_test_remove_tree (dir);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (code_path, tix_ticket_get_code (ticket_at (f, 2)), -1, &error);
  g_assert_no_error (error);

  /* The station synced while the server was there. */
  cache = tix_door_cache_new (path, &error);
  g_assert_no_error (error);
  door = new_door (f, f->client, cache);
  door_sync (door);
  drop_door (&door);
  g_clear_object (&cache);

  g_test_trap_subprocess ("/tix/offline/killed/child", 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*admitted*");

  /* Restarted: the queue is there and drains. */
  cache = tix_door_cache_new (path, &error);
  g_assert_no_error (error);
  queue = tix_door_cache_list_queue (cache, TIX_DOOR_QUEUE_PENDING);
  g_assert_cmpuint (queue->len, ==, 1);
  g_assert_cmpstr (((TixDoorQueuedScan *) queue->pdata[0])->ticket_id, ==,
                   tix_ticket_get_id (ticket_at (f, 2)));

  door = new_door (f, f->client, cache);
  g_assert_cmpuint (tix_door_get_n_queued (door), ==, 1);
  /* Starting up, the app syncs its copy: that is enough to upload. */
  door_sync (door);
  wait_until (door_is_drained, door);
  g_assert_cmpuint (tix_door_cache_count_queue (cache, TIX_DOOR_QUEUE_UPLOADED), ==, 1);

  t2 = server_ticket (f, tix_ticket_get_id (ticket_at (f, 2)));
  g_assert_true (tix_ticket_is_scanned (t2));
  g_assert_cmpint (tix_ticket_get_scanned_at (t2), ==,
                   ((TixDoorQueuedScan *) queue->pdata[0])->scanned_at);
  g_assert_cmpint (server_scanned (f), ==, 1);

  drop_door (&door);
  g_clear_object (&cache);
  tix_test_remove_tree (dir);
}

/* Refused offline -------------------------------------------------------------- */

static char *
forge (const char *code)
{
  char *forged = g_strdup (code);
  gsize middle = strlen (forged) / 2;

  /* One symbol changed: the signature no longer holds. */
  forged[middle] = forged[middle] == '7' ? '8' : '7';
  return forged;
}

static void
test_refused (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GAsyncResult) reissued = NULL;
  g_autoptr(GAsyncResult) deleted = NULL;
  g_autoptr(TixTicket) new_ticket = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *forged = forge (tix_ticket_get_code (ticket_at (f, 0)));
  struct {
    const char         *code;
    TixDoorVerdictKind  kind;
  } cases[] = {
    { forged, TIX_DOOR_FORGED },
    { tix_ticket_get_code (ticket_at (f, 1)), TIX_DOOR_REPLACED },
    { tix_ticket_get_code (ticket_at (f, 2)), TIX_DOOR_DELETED },
    { "SAT-000003", TIX_DOOR_DELETED },
    { "SAT-999999", TIX_DOOR_UNKNOWN },
  };

  tix_client_reissue_ticket_async (f->client, tix_ticket_get_id (ticket_at (f, 1)), NULL,
                                   tix_test_store_result, &reissued);
  new_ticket = tix_client_reissue_ticket_finish (f->client, tix_test_wait_result (&reissued), &error);
  g_assert_no_error (error);
  tix_client_delete_ticket_async (f->client, tix_ticket_get_id (ticket_at (f, 2)), NULL,
                                  tix_test_store_result, &deleted);
  g_assert_true (tix_client_delete_ticket_finish (f->client, tix_test_wait_result (&deleted), &error));
  g_assert_no_error (error);
  door_sync (f->door);

  go_offline (f);
  tix_door_set_online (f->door, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(TixDoorVerdict) verdict = scan (f->door, cases[i].code);

      g_test_message ("case %u", i);
      g_assert_cmpint (verdict->kind, ==, cases[i].kind);
      g_assert_true (verdict->offline);
      g_assert_null (verdict->scan_id);
      g_assert_nonnull (verdict->error);
    }

  /* The new code of the reissued ticket admits. */
  {
    g_autoptr(TixDoorVerdict) verdict = scan (f->door, tix_ticket_get_code (new_ticket));

    g_assert_cmpint (verdict->kind, ==, TIX_DOOR_ADMITTED);
    g_assert_true (verdict->offline);
  }

  /* A station set to admit online only refuses instead. */
  tix_door_set_online_only (f->door, TRUE);
  {
    g_autoptr(TixDoorVerdict) verdict = scan (f->door, tix_ticket_get_code (ticket_at (f, 4)));

    g_assert_cmpint (verdict->kind, ==, TIX_DOOR_ONLINE_ONLY);
    g_assert_nonnull (verdict->error);
  }
  g_assert_cmpuint (tix_door_get_n_queued (f->door), ==, 1);
}

/* A deleted ticket is DELETED, not UNKNOWN: online (the server's tombstone),
 * and offline from a copy made after the delete (the tombstone synced). */
static void
test_deleted (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GAsyncResult) deleted = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TixDoorCache) cache = NULL;
  g_autoptr(TixDoor) door = NULL;
  const char *codes[] = { tix_ticket_get_code (ticket_at (f, 3)), "SAT-000004" };

  tix_client_delete_ticket_async (f->client, tix_ticket_get_id (ticket_at (f, 3)), NULL,
                                  tix_test_store_result, &deleted);
  g_assert_true (tix_client_delete_ticket_finish (f->client, tix_test_wait_result (&deleted), &error));
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    {
      g_autoptr(TixDoorVerdict) verdict = scan (f->door, codes[i]);

      g_assert_cmpint (verdict->kind, ==, TIX_DOOR_DELETED);
      g_assert_false (verdict->offline);
      g_assert_nonnull (verdict->error);
    }
  {
    g_autoptr(TixDoorVerdict) verdict = scan (f->door, "SAT-999999");

    g_assert_cmpint (verdict->kind, ==, TIX_DOOR_UNKNOWN);
  }

  /* A station that makes its copy now, then loses the server. */
  cache = open_cache (f, "door-b.db");
  door = new_door (f, f->client, cache);
  door_sync (door);
  go_offline (f);
  tix_door_set_online (door, FALSE);
  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    {
      g_autoptr(TixDoorVerdict) verdict = scan (door, codes[i]);

      g_assert_cmpint (verdict->kind, ==, TIX_DOOR_DELETED);
      g_assert_true (verdict->offline);
    }
  drop_door (&door);
  server_start (f);
}

/* A ticket of a refunded order (issue 19) is REFUNDED: online (the
 * server's 422 reason "refunded"), and offline from a copy that synced the
 * refund, made before it (the change of the ticket) or after. */
static void
test_refunded (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(TixTicketType) type = tix_ticket_type_new ();
  g_autoptr(TixTicketType) made = NULL;
  g_autoptr(TixShift) shift = NULL;
  g_autoptr(TixOrder) order = NULL;
  g_autoptr(TixOrder) refunded = NULL;
  g_autoptr(GAsyncResult) r1 = NULL;
  g_autoptr(GAsyncResult) r2 = NULL;
  g_autoptr(GAsyncResult) r3 = NULL;
  g_autoptr(GAsyncResult) r4 = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TixDoorCache) cache = NULL;
  g_autoptr(TixDoor) door = NULL;
  TixClientSaleLine line = { 0, 2 };
  const char *codes[2];

  type->name = g_strdup ("Adult");
  type->price = 1500;
  type->prefix = g_strdup ("AD");
  tix_client_create_ticket_type_async (f->client, tix_ticket_get_event_id (ticket_at (f, 0)),
                                       type, NULL, tix_test_store_result, &r1);
  made = tix_client_create_ticket_type_finish (f->client, tix_test_wait_result (&r1), &error);
  g_assert_no_error (error);
  tix_client_open_shift_async (f->client, 0, NULL, tix_test_store_result, &r2);
  shift = tix_client_open_shift_finish (f->client, tix_test_wait_result (&r2), &error);
  g_assert_no_error (error);
  line.type_id = made->id;
  tix_client_sell_async (f->client, made->event_id, &line, 1, TIX_PAYMENT_CARD, 0, NULL,
                         tix_test_store_result, &r3);
  order = tix_client_sell_finish (f->client, tix_test_wait_result (&r3), &error);
  g_assert_no_error (error);
  codes[0] = tix_ticket_get_code (g_ptr_array_index (order->tickets, 0));
  codes[1] = tix_ticket_get_number (g_ptr_array_index (order->tickets, 1));

  /* The door's copy knows the tickets before the refund. */
  door_sync (f->door);
  tix_client_refund_order_async (f->client, order->id, NULL, NULL, tix_test_store_result, &r4);
  refunded = tix_client_refund_order_finish (f->client, tix_test_wait_result (&r4), &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    {
      g_autoptr(TixDoorVerdict) verdict = scan (f->door, codes[i]);

      g_assert_cmpint (verdict->kind, ==, TIX_DOOR_REFUNDED);
      g_assert_false (verdict->offline);
    }

  /* A copy made now, and the old copy caught up, then the server goes. */
  door_sync (f->door);
  cache = open_cache (f, "door-b.db");
  door = new_door (f, f->client, cache);
  door_sync (door);
  go_offline (f);
  tix_door_set_online (door, FALSE);
  tix_door_set_online (f->door, FALSE);
  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    {
      g_autoptr(TixDoorVerdict) verdict = scan (door, codes[i]);
      g_autoptr(TixDoorVerdict) old = scan (f->door, codes[i]);

      g_assert_cmpint (verdict->kind, ==, TIX_DOOR_REFUNDED);
      g_assert_true (verdict->offline);
      g_assert_cmpint (old->kind, ==, TIX_DOOR_REFUNDED);
      g_assert_true (old->offline);
    }
  g_assert_cmpuint (tix_door_get_n_queued (door), ==, 0);
  drop_door (&door);
  server_start (f);
}

/* The decision alone, from a copy with a key of the test's own. */
static void
test_cache_only (void)
{
  g_autofree char *dir = g_dir_make_tmp ("tix-offline-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "door.db", NULL);
  g_autoptr(TixDoorCache) cache = NULL;
  g_autoptr(TixClient) client = tix_client_new ("http://127.0.0.1:1");
  TixDoor *door = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *code = NULL;
  g_autofree char *old_code = NULL;
  g_autofree char *unknown_id = g_uuid_string_random ();
  g_autofree char *unknown_code = NULL;
  guint8 public_key[TIX_TICKET_CODE_PUBLIC_KEY_BYTES];
  guint8 secret_key[TIX_TICKET_CODE_SECRET_KEY_BYTES];
  TixDoorCacheTicket ticket = { 0 };

  tix_ticket_code_init ();
  tix_ticket_code_new_keys (public_key, secret_key);
  code = tix_ticket_code_encode (id, 2, secret_key);
  old_code = tix_ticket_code_encode (id, 1, secret_key);
  unknown_code = tix_ticket_code_encode (unknown_id, 1, secret_key);

  cache = tix_door_cache_new (path, &error);
  g_assert_no_error (error);
  g_assert_false (tix_door_cache_get_public_key (cache, NULL));
  g_assert_true (tix_door_cache_set_public_key (cache, public_key, &error));
  ticket.id = id;
  ticket.number = (char *) "FRI-000001";
  ticket.prefix = (char *) "FRI";
  ticket.revision = 2;
  g_assert_true (tix_door_cache_put_ticket (cache, &ticket, &error));
  g_assert_no_error (error);

  door = tix_door_new (client, cache);
  tix_door_set_online (door, FALSE);

  {
    g_autoptr(TixDoorVerdict) old = scan (door, old_code);
    g_autoptr(TixDoorVerdict) prefix = NULL;
    g_autoptr(TixDoorVerdict) admitted = scan (door, code);
    g_autoptr(TixDoorVerdict) twice = scan (door, code);
    g_autoptr(TixDoorVerdict) unknown = scan (door, unknown_code);
    g_autoptr(TixDoorVerdict) unknown_twice = scan (door, unknown_code);
    g_autoptr(GAsyncResult) result = NULL;
    const char * const prefixes[] = { "VIP", NULL };

    g_assert_cmpint (old->kind, ==, TIX_DOOR_REPLACED);
    g_assert_cmpint (admitted->kind, ==, TIX_DOOR_ADMITTED);
    g_assert_cmpstr (admitted->number, ==, "FRI-000001");
    g_assert_cmpint (twice->kind, ==, TIX_DOOR_DUPLICATE);
    /* Signed by the organization, made after the last sync: admitted. */
    g_assert_cmpint (unknown->kind, ==, TIX_DOOR_ADMITTED);
    g_assert_cmpint (unknown_twice->kind, ==, TIX_DOOR_DUPLICATE);
    g_assert_cmpuint (tix_door_get_n_queued (door), ==, 2);

    /* A prefix this door does not admit. */
    ticket.id = unknown_id;
    ticket.number = (char *) "SAT-000001";
    ticket.prefix = (char *) "SAT";
    ticket.revision = 1;
    g_assert_true (tix_door_cache_put_ticket (cache, &ticket, &error));
    /* It stays scanned: its upload is still queued. */
    {
      g_autoptr(TixDoorCacheTicket) cached = tix_door_cache_lookup (cache, unknown_id);

      g_assert_cmpint (cached->scanned_at, >, 0);
      g_assert_true (cached->scanned_here);
    }
    g_assert_true (tix_door_cache_set_queue_state (cache, unknown->scan_id,
                                                   TIX_DOOR_QUEUE_UPLOADED, NULL, &error));
    g_assert_true (tix_door_cache_set_scanned (cache, unknown_id, 0, NULL, &error));
    tix_door_scan_async (door, "SAT-000001", prefixes, NULL, tix_test_store_result, &result);
    prefix = tix_door_scan_finish (door, tix_test_wait_result (&result), &error);
    g_assert_no_error (error);
    g_assert_cmpint (prefix->kind, ==, TIX_DOOR_WRONG_PREFIX);
  }

  drop_door (&door);
  g_assert_finalize_object (g_steal_pointer (&cache));
  tix_test_remove_tree (dir);
}

static void
test_default_path (void)
{
  g_autofree char *a = tix_door_cache_default_path ("http://a.example:3000", 1);
  g_autofree char *b = tix_door_cache_default_path ("http://a.example:3000", 2);
  g_autofree char *a_again = tix_door_cache_default_path ("http://a.example:3000", 1);
  g_autofree char *data_dir = g_build_filename (g_get_user_data_dir (), "tix", NULL);

  g_assert_true (g_str_has_prefix (a, data_dir));
  g_assert_true (g_str_has_suffix (a, ".db"));
  g_assert_cmpstr (a, ==, a_again);
  g_assert_cmpstr (a, !=, b);
}

static gboolean
cache_has_7 (gpointer data)
{
  return tix_door_cache_get_n_tickets (TIX_DOOR_CACHE (data)) == N_TICKETS + 2;
}

static gboolean
cache_t0_scanned (gpointer data)
{
  Fixture *f = data;
  g_autoptr(TixDoorCacheTicket) cached =
    tix_door_cache_lookup (f->cache, tix_ticket_get_id (ticket_at (f, 0)));

  return cached != NULL && cached->scanned_at > 0;
}

/* The copy follows the events of other stations. */
static void
test_events (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(TixClient) other = new_client (f);
  g_autoptr(TixEventStream) stream = tix_event_stream_new (f->client);
  g_autoptr(GAsyncResult) generated = NULL;
  g_autoptr(GAsyncResult) scanned = NULL;
  g_autoptr(GPtrArray) more = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TixDoorVerdict) verdict = NULL;

  tix_door_watch_events (f->door, stream);
  tix_event_stream_start (stream);
  while (!tix_event_stream_get_connected (stream))
    g_main_context_iteration (NULL, TRUE);

  /* Another station generates and scans. */
  tix_client_generate_async (other, 2, "SUN", NULL, NULL, tix_test_store_result, &generated);
  more = tix_client_generate_finish (other, tix_test_wait_result (&generated), &error);
  g_assert_no_error (error);
  tix_client_scan_code_async (other, tix_ticket_get_code (ticket_at (f, 0)), NULL, NULL,
                              tix_test_store_result, &scanned);
  g_assert_true (tix_client_scan_code_finish (other, tix_test_wait_result (&scanned), NULL, &error));
  g_assert_no_error (error);

  wait_until (cache_has_7, f->cache);
  wait_until (cache_t0_scanned, f);

  /* Offline, the station knows both. */
  tix_event_stream_stop (stream);
  tix_door_watch_events (f->door, NULL);
  go_offline (f);
  {
    g_autoptr(TixDoorVerdict) again = scan (f->door, tix_ticket_get_code (ticket_at (f, 0)));

    g_assert_cmpint (again->kind, ==, TIX_DOOR_DUPLICATE);
    g_assert_true (again->offline);
    g_assert_cmpstr (again->scanned_by, ==, "Gabi");
  }
  verdict = scan (f->door, "SUN-000002");
  g_assert_cmpint (verdict->kind, ==, TIX_DOOR_ADMITTED);
  g_assert_true (verdict->offline);
}

/* A server that takes connections and never answers. */
static gboolean
black_hole_incoming (GSocketService    *service,
                     GSocketConnection *connection,
                     GObject           *source,
                     gpointer           user_data)
{
  GPtrArray *held = user_data;

  g_ptr_array_add (held, g_object_ref (connection));
  return TRUE;
}

/* A server that says nothing for longer than the scan timeout: the station
 * decides offline rather than keep the queue waiting. */
static void
test_silent_server (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) held = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GSocketService) service = g_socket_service_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(TixClient) silent = NULL;
  g_autoptr(TixDoorVerdict) verdict = NULL;
  g_autofree char *url = NULL;
  TixDoor *door;
  guint16 port;

  port = g_socket_listener_add_any_inet_port (G_SOCKET_LISTENER (service), NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (service, "incoming", G_CALLBACK (black_hole_incoming), held);
  g_socket_service_start (service);

  url = g_strdup_printf ("http://127.0.0.1:%u", port);
  silent = tix_client_new (url);
  tix_client_set_token (silent, tix_client_get_token (f->client));
  door = new_door (f, silent, f->cache);
  tix_door_set_timeouts (door, 300, 60000);

  verdict = scan (door, tix_ticket_get_code (ticket_at (f, 1)));
  g_assert_cmpint (verdict->kind, ==, TIX_DOOR_ADMITTED);
  g_assert_true (verdict->offline);
  g_assert_false (tix_door_get_online (door));
  g_assert_cmpuint (tix_door_get_n_queued (door), ==, 1);
  g_assert_cmpuint (held->len, >=, 1);

  drop_door (&door);
  g_socket_service_stop (service);
  g_socket_listener_close (G_SOCKET_LISTENER (service));

  /* The scan stays queued for a door that reaches the server. */
  {
    g_autoptr(GAsyncResult) drained = NULL;
    g_autoptr(TixTicket) t1 = NULL;

    tix_door_drain_async (f->door, NULL, tix_test_store_result, &drained);
    g_assert_true (tix_door_drain_finish (f->door, tix_test_wait_result (&drained), &error));
    g_assert_no_error (error);
    t1 = server_ticket (f, tix_ticket_get_id (ticket_at (f, 1)));
    g_assert_true (tix_ticket_is_scanned (t1));
    g_assert_cmpint (server_scanned (f), ==, 1);
  }
}

/* A proxy to the server that passes requests on at once and holds the
 * replies back for a while: a slow network. */
typedef struct
{
  GSocketService *service;
  GCancellable   *cancellable;
  GPtrArray      *connections;
  guint           target_port;
  guint           hold_ms;
  char           *url;
} SlowProxy;

typedef struct
{
  SlowProxy         *proxy;
  GSocketConnection *downstream;
  GSocketConnection *upstream;
} Link;

static void
link_free (Link *link)
{
  g_clear_object (&link->downstream);
  g_clear_object (&link->upstream);
  g_free (link);
}

static void
spliced_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_output_stream_splice_finish (G_OUTPUT_STREAM (object), result, NULL);
}

static gboolean
release_replies_cb (gpointer user_data)
{
  Link *link = user_data;

  g_output_stream_splice_async (g_io_stream_get_output_stream (G_IO_STREAM (link->downstream)),
                                g_io_stream_get_input_stream (G_IO_STREAM (link->upstream)),
                                G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, G_PRIORITY_DEFAULT,
                                link->proxy->cancellable, spliced_cb, NULL);
  return G_SOURCE_REMOVE;
}

static gboolean
slow_proxy_incoming (GSocketService    *service,
                     GSocketConnection *connection,
                     GObject           *source,
                     SlowProxy         *proxy)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GError) error = NULL;
  Link *link = g_new0 (Link, 1);

  link->proxy = proxy;
  link->downstream = g_object_ref (connection);
  link->upstream = g_socket_client_connect_to_host (client, "127.0.0.1", proxy->target_port,
                                                    NULL, &error);
  g_assert_no_error (error);
  g_ptr_array_add (proxy->connections, link);

  g_output_stream_splice_async (g_io_stream_get_output_stream (G_IO_STREAM (link->upstream)),
                                g_io_stream_get_input_stream (G_IO_STREAM (link->downstream)),
                                G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, G_PRIORITY_DEFAULT,
                                proxy->cancellable, spliced_cb, NULL);
  g_timeout_add (proxy->hold_ms, release_replies_cb, link);

  return TRUE;
}

static SlowProxy *
slow_proxy_new (guint target_port,
                guint hold_ms)
{
  SlowProxy *proxy = g_new0 (SlowProxy, 1);
  g_autoptr(GError) error = NULL;
  guint16 port;

  proxy->service = g_socket_service_new ();
  proxy->cancellable = g_cancellable_new ();
  proxy->connections = g_ptr_array_new_with_free_func ((GDestroyNotify) link_free);
  proxy->target_port = target_port;
  proxy->hold_ms = hold_ms;
  port = g_socket_listener_add_any_inet_port (G_SOCKET_LISTENER (proxy->service), NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (proxy->service, "incoming", G_CALLBACK (slow_proxy_incoming), proxy);
  g_socket_service_start (proxy->service);
  proxy->url = g_strdup_printf ("http://127.0.0.1:%u", port);

  return proxy;
}

static gboolean
quit_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
slow_proxy_free (SlowProxy *proxy)
{
  gboolean done = FALSE;

  g_socket_service_stop (proxy->service);
  g_socket_listener_close (G_SOCKET_LISTENER (proxy->service));
  g_cancellable_cancel (proxy->cancellable);
  for (guint i = 0; i < proxy->connections->len; i++)
    {
      Link *link = g_ptr_array_index (proxy->connections, i);

      g_io_stream_close (G_IO_STREAM (link->downstream), NULL, NULL);
      g_io_stream_close (G_IO_STREAM (link->upstream), NULL, NULL);
    }
  /* Held replies and cancelled splices finish before the links go. */
  g_timeout_add (proxy->hold_ms + 100, quit_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  g_ptr_array_unref (proxy->connections);
  g_object_unref (proxy->cancellable);
  g_object_unref (proxy->service);
  g_free (proxy->url);
  g_free (proxy);
}

/* The server is slow, not gone: the station decides offline after the
 * timeout, and when the first request's answer comes after all, the queued
 * scan is known to be on the server: nothing is uploaded twice. */
/* The server is up but its PostgreSQL is not: the door decides offline
 * (the server's 503 acknowledged nothing) and uploads once it is back. */
static void
test_database_outage (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(TixDoorVerdict) verdict = NULL;
  g_autoptr(TixTicket) on_server = NULL;

  if (!tix_test_backend_is_postgres ())
    {
      g_test_skip ("a database that goes away under a running server: PostgreSQL only");
      return;
    }

  tix_test_database_suspend (f->db_path);
  verdict = scan (f->door, tix_ticket_get_code (ticket_at (f, 1)));
  g_assert_no_error (verdict->error);
  g_assert_true (verdict->offline);
  g_assert_cmpuint (tix_door_get_n_queued (f->door), ==, 1);

  tix_test_database_resume (f->db_path);
  wait_until (door_is_drained, f->door);
  g_assert_cmpint (server_scanned (f), ==, 1);
  on_server = server_ticket (f, tix_ticket_get_id (ticket_at (f, 1)));
  g_assert_true (tix_ticket_is_scanned (on_server));
}

static void
test_late_answer (Fixture       *f,
                  gconstpointer  data)
{
  SlowProxy *proxy = slow_proxy_new (f->port, 1500);
  g_autoptr(TixClient) slow = tix_client_new (proxy->url);
  g_autoptr(TixDoorVerdict) verdict = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(TixTicket) t0 = NULL;
  TixDoor *door;

  tix_client_set_token (slow, tix_client_get_token (f->client));
  door = new_door (f, slow, f->cache);
  tix_door_set_timeouts (door, 300, 60000);

  verdict = scan (door, tix_ticket_get_code (ticket_at (f, 0)));
  g_assert_cmpint (verdict->kind, ==, TIX_DOOR_ADMITTED);
  g_assert_true (verdict->offline);
  g_assert_cmpuint (tix_door_get_n_queued (door), ==, 1);

  /* The answer comes: online again, and the queue is done with. */
  wait_until (door_is_drained, door);
  g_assert_cmpuint (tix_door_cache_count_queue (f->cache, TIX_DOOR_QUEUE_UPLOADED), ==, 1);
  g_assert_cmpuint (f->n_conflicts, ==, 0);

  drop_door (&door);
  slow_proxy_free (proxy);

  g_assert_cmpint (server_scanned (f), ==, 1);
  conflicts = server_conflicts (f);
  g_assert_cmpuint (conflicts->len, ==, 0);
  t0 = server_ticket (f, tix_ticket_get_id (ticket_at (f, 0)));
  g_assert_true (tix_ticket_is_scanned (t0));
}

/* Online: the door admits the current event by default; a ticket of
 * another is refused and names its event; the station chooses. */
static void
test_other_event_online (Fixture       *f,
                         gconstpointer  data)
{
  gint64 current = server_current_event (f);
  gint64 friday = create_event (f, "Friday", FRIDAY_MS);
  g_autoptr(GPtrArray) fri = generate_into (f, friday, 2, "FRI");
  g_autoptr(TixDoorVerdict) refused = NULL;
  g_autoptr(TixDoorVerdict) admitted = NULL;
  g_autoptr(TixDoorVerdict) chosen = NULL;
  g_autoptr(TixDoorVerdict) saturday = NULL;
  g_autoptr(TixDoorVerdict) both = NULL;
  g_autoptr(TixDoorVerdict) copy = NULL;
  gint64 friday_only[] = { friday };
  gint64 two[] = { friday, current };

  g_assert_cmpint (current, >, 0);
  g_assert_cmpint (tix_door_get_current_event_id (f->door), ==, current);

  refused = scan (f->door, tix_ticket_get_code (g_ptr_array_index (fri, 0)));
  g_assert_cmpint (refused->kind, ==, TIX_DOOR_OTHER_EVENT);
  g_assert_false (refused->offline);
  g_assert_cmpstr (refused->number, ==, "FRI-000001");
  g_assert_nonnull (refused->event);
  g_assert_cmpint (tix_event_get_id (refused->event), ==, friday);
  g_assert_cmpstr (tix_event_get_name (refused->event), ==, "Friday");
  g_assert_cmpint (tix_event_get_starts_at (refused->event), ==, FRIDAY_MS);
  g_assert_error (refused->error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_FORGED);
  g_assert_cmpint (server_scanned (f), ==, 0);
  /* A copy of the verdict keeps the event. */
  copy = tix_door_verdict_copy (refused);
  g_assert_true (copy->event == refused->event);

  admitted = scan (f->door, tix_ticket_get_code (ticket_at (f, 0)));
  g_assert_cmpint (admitted->kind, ==, TIX_DOOR_ADMITTED);

  /* Friday's door. */
  tix_door_set_event_ids (f->door, friday_only, 1);
  chosen = scan (f->door, "FRI-000001");
  g_assert_cmpint (chosen->kind, ==, TIX_DOOR_ADMITTED);
  saturday = scan (f->door, tix_ticket_get_code (ticket_at (f, 1)));
  g_assert_cmpint (saturday->kind, ==, TIX_DOOR_OTHER_EVENT);
  g_assert_cmpint (tix_event_get_id (saturday->event), ==, current);

  /* A door of both. */
  tix_door_set_event_ids (f->door, two, 2);
  both = scan (f->door, tix_ticket_get_code (ticket_at (f, 1)));
  g_assert_cmpint (both->kind, ==, TIX_DOOR_ADMITTED);
  g_assert_cmpint (server_scanned (f), ==, 3);
}

/* Offline the same: the copy knows each ticket's event, and the events. */
static void
test_other_event_offline (Fixture       *f,
                          gconstpointer  data)
{
  gint64 current = server_current_event (f);
  gint64 friday = create_event (f, "Friday", FRIDAY_MS);
  g_autoptr(GPtrArray) fri = generate_into (f, friday, 2, "FRI");
  g_autoptr(TixDoorCacheTicket) cached = NULL;
  g_autoptr(TixDoorVerdict) refused = NULL;
  g_autoptr(TixDoorVerdict) typed = NULL;
  g_autoptr(TixDoorVerdict) admitted = NULL;
  g_autoptr(TixDoorVerdict) chosen = NULL;
  g_autoptr(TixDoorVerdict) unnamed = NULL;
  g_autofree char *named = NULL;
  gint64 friday_only[] = { friday };

  door_sync (f->door);
  cached = tix_door_cache_lookup (f->cache, tix_ticket_get_id (g_ptr_array_index (fri, 0)));
  g_assert_cmpint (cached->event_id, ==, friday);
  go_offline (f);

  refused = scan (f->door, tix_ticket_get_code (g_ptr_array_index (fri, 0)));
  g_assert_cmpint (refused->kind, ==, TIX_DOOR_OTHER_EVENT);
  g_assert_true (refused->offline);
  g_assert_null (refused->scan_id);
  g_assert_cmpstr (refused->number, ==, "FRI-000001");
  g_assert_nonnull (refused->event);
  g_assert_cmpint (tix_event_get_id (refused->event), ==, friday);
  g_assert_cmpstr (tix_event_get_name (refused->event), ==, "Friday");
  g_assert_cmpint (tix_event_get_starts_at (refused->event), ==, FRIDAY_MS);
  g_assert_error (refused->error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_FORGED);
  named = g_strdup_printf ("This ticket is for “%s”", "Friday");
  g_assert_cmpstr (refused->error->message, ==, named);
  typed = scan (f->door, "FRI-000002");
  g_assert_cmpint (typed->kind, ==, TIX_DOOR_OTHER_EVENT);
  g_assert_cmpuint (tix_door_get_n_queued (f->door), ==, 0);

  admitted = scan (f->door, tix_ticket_get_code (ticket_at (f, 0)));
  g_assert_cmpint (admitted->kind, ==, TIX_DOOR_ADMITTED);
  g_assert_true (admitted->offline);

  /* Friday's door, chosen offline. */
  tix_door_set_event_ids (f->door, friday_only, 1);
  chosen = scan (f->door, "FRI-000001");
  g_assert_cmpint (chosen->kind, ==, TIX_DOOR_ADMITTED);
  g_assert_true (chosen->offline);
  /* The first event has no name: said without one. */
  unnamed = scan (f->door, tix_ticket_get_code (ticket_at (f, 1)));
  g_assert_cmpint (unnamed->kind, ==, TIX_DOOR_OTHER_EVENT);
  g_assert_cmpint (tix_event_get_id (unnamed->event), ==, current);
  g_assert_cmpstr (unnamed->error->message, ==, "This ticket is for another event");
  g_assert_cmpuint (tix_door_get_n_queued (f->door), ==, 2);

  server_start (f);
  wait_until (door_is_drained, f->door);
  g_assert_cmpuint (tix_door_cache_count_queue (f->cache, TIX_DOOR_QUEUE_UPLOADED), ==, 2);
  g_assert_cmpint (server_scanned (f), ==, 2);
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

/* The station's choice: the current event by default, followed when it
 * changes and kept for a start offline; or the events set. */
static void
test_event_choice (Fixture       *f,
                   gconstpointer  data)
{
  gint64 current = server_current_event (f);
  gint64 friday = create_event (f, "Friday", FRIDAY_MS);
  g_autoptr(GPtrArray) fri = generate_into (f, friday, 1, "FRI");
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) read = NULL;
  g_autoptr(TixSettings) changes = tix_settings_new ();
  g_autoptr(TixSettings) saved = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TixClient) nowhere = tix_client_new ("http://127.0.0.1:1");
  TixDoor *restarted;
  guint n_chosen = 0, n_current = 0, n = 99;
  gint64 current_read = 0;

  g_signal_connect (f->door, "notify::event-ids", G_CALLBACK (count_notify), &n_chosen);
  g_signal_connect (f->door, "notify::current-event-id", G_CALLBACK (count_notify), &n_current);

  /* By default: none chosen, the current event. */
  tix_door_get_event_ids (f->door, &n);
  g_assert_cmpuint (n, ==, 0);
  g_object_get (f->door, "event-ids", &read, "current-event-id", &current_read, NULL);
  g_assert_cmpuint (read->len, ==, 0);
  g_assert_cmpint (current_read, ==, current);
  g_assert_cmpint (tix_door_cache_get_current_event_id (f->cache), ==, current);
  g_clear_pointer (&read, g_array_unref);

  /* Chosen through the property, once. */
  g_array_append_val (ids, friday);
  g_object_set (f->door, "event-ids", ids, NULL);
  g_object_set (f->door, "event-ids", ids, NULL);
  g_assert_cmpuint (n_chosen, ==, 1);
  g_object_get (f->door, "event-ids", &read, NULL);
  g_assert_cmpuint (read->len, ==, 1);
  g_assert_cmpint (g_array_index (read, gint64, 0), ==, friday);
  g_assert_cmpint (tix_door_get_event_ids (f->door, &n)[0], ==, friday);
  g_assert_cmpuint (n, ==, 1);

  /* Back to the current event, which the organization moves to Friday:
   * the next sync follows it. */
  tix_door_set_event_ids (f->door, NULL, 0);
  g_assert_cmpuint (n_chosen, ==, 2);
  tix_settings_set_current_event_id (changes, friday);
  tix_client_update_settings_async (f->client, changes, NULL, tix_test_store_result, &result);
  saved = tix_client_update_settings_finish (f->client, tix_test_wait_result (&result), &error);
  g_assert_no_error (error);
  door_sync (f->door);
  g_assert_cmpint (tix_door_get_current_event_id (f->door), ==, friday);
  g_assert_cmpuint (n_current, ==, 1);
  g_assert_cmpint (tix_door_cache_get_current_event_id (f->cache), ==, friday);

  {
    g_autoptr(TixDoorVerdict) admitted = scan (f->door, "FRI-000001");
    g_autoptr(TixDoorVerdict) refused = scan (f->door, tix_ticket_get_code (ticket_at (f, 0)));

    g_assert_cmpint (admitted->kind, ==, TIX_DOOR_ADMITTED);
    g_assert_cmpint (refused->kind, ==, TIX_DOOR_OTHER_EVENT);
  }
  g_signal_handlers_disconnect_by_data (f->door, &n_chosen);
  g_signal_handlers_disconnect_by_data (f->door, &n_current);

  /* A station started without the server admits what it did. */
  restarted = new_door (f, nowhere, f->cache);
  tix_door_set_online (restarted, FALSE);
  g_assert_cmpint (tix_door_get_current_event_id (restarted), ==, friday);
  {
    g_autoptr(TixDoorVerdict) refused = scan (restarted, tix_ticket_get_code (ticket_at (f, 2)));

    g_assert_cmpint (refused->kind, ==, TIX_DOOR_OTHER_EVENT);
    g_assert_true (refused->offline);
  }
  drop_door (&restarted);
}

/* The event a door admits is gone: the scan says so, not "no such ticket". */
static void
test_event_gone (Fixture       *f,
                 gconstpointer  data)
{
  gint64 empty = create_event (f, "Cancelled", FRIDAY_MS);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TixDoorVerdict) verdict = NULL;

  tix_door_set_event_ids (f->door, &empty, 1);
  tix_client_delete_event_async (f->client, empty, NULL, tix_test_store_result, &result);
  g_assert_true (tix_client_delete_event_finish (f->client, tix_test_wait_result (&result),
                                                 &error));
  g_assert_no_error (error);

  verdict = scan (f->door, tix_ticket_get_code (ticket_at (f, 0)));
  g_assert_cmpint (verdict->kind, ==, TIX_DOOR_FAILED);
  g_assert_false (verdict->offline);
  g_assert_error (verdict->error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_NOT_FOUND);
  g_assert_true (tix_door_get_online (f->door));
  g_assert_cmpint (server_scanned (f), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  tix_ticket_code_init ();

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  g_test_add_func ("/tix/offline/cache/default-path", test_default_path);
  g_test_add_func ("/tix/offline/cache/decide", test_cache_only);
  ADD ("/tix/offline/online", test_online);
  ADD ("/tix/offline/queue-drains", test_queue_drains);
  ADD ("/tix/offline/two-stations", test_two_stations);
  ADD ("/tix/offline/retried-upload", test_retried_upload);
  ADD ("/tix/offline/killed", test_killed);
  ADD ("/tix/offline/refused", test_refused);
  ADD ("/tix/offline/deleted", test_deleted);
  ADD ("/tix/offline/refunded", test_refunded);
  ADD ("/tix/offline/events", test_events);
  ADD ("/tix/offline/silent-server", test_silent_server);
  ADD ("/tix/offline/late-answer", test_late_answer);
  ADD ("/tix/offline/database-outage", test_database_outage);
  ADD ("/tix/offline/other-event/online", test_other_event_online);
  ADD ("/tix/offline/other-event/offline", test_other_event_offline);
  ADD ("/tix/offline/event-choice", test_event_choice);
  ADD ("/tix/offline/event-gone", test_event_gone);
  ADD ("/tix/offline/door-rules", test_offline_rules);
  ADD ("/tix/offline/door-rules-exit-conflict", test_offline_exit_conflict);
  g_test_add_func ("/tix/offline/killed/child", kill_child);

  return g_test_run ();
}
