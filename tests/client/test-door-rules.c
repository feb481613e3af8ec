/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Door rules in the client: entrances (list, make, change, delete), the
 * scan log, an event's inside count, and TixDoor scanning at an entrance,
 * in and out, with every verdict of the rules and the facts a steward
 * needs, against a real server. */
#define G_LOG_DOMAIN "test-door-rules"

#include "config.h"

#include "tix-client.h"
#include "tix-door.h"
#include "tix-event-stream.h"
#include "tix-test-util.h"
#include "tix-time.h"

#define EMAIL     "rules@example.org"
#define PASSWORD  "correct horse battery"
#define N_TICKETS 6
#define HOUR_MS   G_GINT64_CONSTANT (3600000)

typedef struct
{
  TixTestServer *server;
  TixClient     *client;    /* the admin */
  GPtrArray     *tickets;   /* RUL-000001 … */
  gint64         event_id;  /* the current event, holding them */
  TixDoorCache  *cache;
  TixDoor       *door;
} Fixture;

/* Synchronous wrappers ---------------------------------------------------------- */

static GPtrArray *
do_list_entrances (TixClient  *client,
                   gint64      event_id,
                   GError    **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  tix_client_list_entrances_async (client, event_id, NULL, tix_test_store_result, &result);
  return tix_client_list_entrances_finish (client, tix_test_wait_result (&result), error);
}

static TixEntrance *
do_create_entrance (TixClient    *client,
                    gint64        event_id,
                    TixEntrance  *entrance,
                    GError      **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  tix_client_create_entrance_async (client, event_id, entrance, NULL, tix_test_store_result,
                                    &result);
  return tix_client_create_entrance_finish (client, tix_test_wait_result (&result), error);
}

static TixEntrance *
do_update_entrance (TixClient         *client,
                    gint64             entrance_id,
                    TixEntrance       *changes,
                    TixEntranceField   fields,
                    GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  tix_client_update_entrance_async (client, entrance_id, changes, fields, NULL,
                                    tix_test_store_result, &result);
  return tix_client_update_entrance_finish (client, tix_test_wait_result (&result), error);
}

static gboolean
do_delete_entrance (TixClient  *client,
                    gint64      entrance_id,
                    GError    **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  tix_client_delete_entrance_async (client, entrance_id, NULL, tix_test_store_result, &result);
  return tix_client_delete_entrance_finish (client, tix_test_wait_result (&result), error);
}

static TixScanLogPage *
do_scan_log (TixClient   *client,
             gint64       event_id,
             gint64       entrance_id,
             const char  *what,
             const char  *cursor,
             guint        limit,
             GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  tix_client_list_scan_log_async (client, event_id, entrance_id, what, cursor, limit, NULL,
                                  tix_test_store_result, &result);
  return tix_client_list_scan_log_finish (client, tix_test_wait_result (&result), error);
}

static TixDoorVerdict *
door_scan (Fixture          *fixture,
           guint             ticket,
           gint64            entrance_id,
           TixDoorDirection  direction)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  TixDoorVerdict *verdict;

  tix_door_set_entrance_id (fixture->door, entrance_id);
  tix_door_set_direction (fixture->door, direction);
  tix_door_scan_async (fixture->door,
                       tix_ticket_get_code (g_ptr_array_index (fixture->tickets, ticket)),
                       NULL, NULL, tix_test_store_result, &result);
  verdict = tix_door_scan_finish (fixture->door, tix_test_wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (verdict);
  g_assert_false (verdict->offline);
  g_assert_cmpint (verdict->direction, ==, direction);
  return verdict;
}

/* An entrance of the fixture's event, made by the admin. */
static TixEntrance *
add_entrance (Fixture    *fixture,
              const char *name,
              gboolean    allow_exit,
              gboolean    allow_reentry)
{
  g_autoptr(TixEntrance) entrance = tix_entrance_new (name);
  g_autoptr(GError) error = NULL;
  TixEntrance *made;

  tix_entrance_set_allow_exit (entrance, allow_exit);
  tix_entrance_set_allow_reentry (entrance, allow_reentry);
  made = do_create_entrance (fixture->client, fixture->event_id, entrance, &error);
  g_assert_no_error (error);
  g_assert_nonnull (made);
  return made;
}

static gint64
default_entrance (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entrances = do_list_entrances (fixture->client, fixture->event_id,
                                                      &error);

  g_assert_no_error (error);
  g_assert_cmpuint (entrances->len, >=, 1);
  g_assert_true (tix_entrance_get_is_default (g_ptr_array_index (entrances, 0)));
  return tix_entrance_get_id (g_ptr_array_index (entrances, 0));
}

/* Fixture ---------------------------------------------------------------------- */

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) generated = NULL;
  g_autoptr(GAsyncResult) settings_result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TixUser) user = NULL;
  g_autoptr(TixSettings) settings = NULL;
  g_autofree char *cache_path = NULL;

  fixture->server = tix_test_server_new ();
  fixture->client = tix_client_new (fixture->server->url);
  tix_client_register_async (fixture->client, EMAIL, PASSWORD, "Rita", "Rules Org", NULL,
                             tix_test_store_result, &result);
  user = tix_client_register_finish (fixture->client, tix_test_wait_result (&result), &error);
  g_assert_no_error (error);

  tix_client_generate_async (fixture->client, N_TICKETS, "RUL", NULL, NULL,
                             tix_test_store_result, &generated);
  fixture->tickets = tix_client_generate_finish (fixture->client,
                                                 tix_test_wait_result (&generated), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fixture->tickets->len, ==, N_TICKETS);

  tix_client_get_settings_async (fixture->client, NULL, tix_test_store_result,
                                 &settings_result);
  settings = tix_client_get_settings_finish (fixture->client,
                                             tix_test_wait_result (&settings_result), &error);
  g_assert_no_error (error);
  fixture->event_id = tix_settings_get_current_event_id (settings);
  g_assert_cmpint (fixture->event_id, >, 0);

  cache_path = g_build_filename (fixture->server->dir, "door.db", NULL);
  fixture->cache = tix_door_cache_new (cache_path, &error);
  g_assert_no_error (error);
  fixture->door = tix_door_new (fixture->client, fixture->cache);
  /* No scan timeout: valgrind is slow. */
  tix_door_set_timeouts (fixture->door, 0, 50);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  tix_door_stop (fixture->door);
  while (G_OBJECT (fixture->door)->ref_count > 1)
    g_main_context_iteration (NULL, TRUE);
  g_assert_finalize_object (g_steal_pointer (&fixture->door));
  g_assert_finalize_object (g_steal_pointer (&fixture->cache));
  g_clear_pointer (&fixture->tickets, g_ptr_array_unref);
  g_assert_finalize_object (g_steal_pointer (&fixture->client));
  g_clear_pointer (&fixture->server, tix_test_server_free);
}

/* Tests ------------------------------------------------------------------------ */

/* Every event has its default entrance; admins add, change and delete the
 * others; the default is never deleted. */
static void
test_entrances (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entrances = NULL;
  g_autoptr(TixEntrance) balcony = NULL;
  g_autoptr(TixEntrance) changes = tix_entrance_new ("Balcony stairs");
  g_autoptr(TixEntrance) changed = NULL;
  g_autoptr(TixEntrance) bad = NULL;
  gint64 opens = tix_time_now_ms () - HOUR_MS, closes = opens + 4 * HOUR_MS;
  gint64 main_id = default_entrance (fixture);

  entrances = do_list_entrances (fixture->client, fixture->event_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entrances->len, ==, 1);
  g_assert_cmpstr (tix_entrance_get_name (g_ptr_array_index (entrances, 0)), ==,
                   "Main entrance");
  g_assert_cmpint (tix_entrance_get_event_id (g_ptr_array_index (entrances, 0)), ==,
                   fixture->event_id);
  g_assert_false (tix_entrance_get_allow_exit (g_ptr_array_index (entrances, 0)));
  g_clear_pointer (&entrances, g_ptr_array_unref);

  balcony = add_entrance (fixture, "Balcony", TRUE, FALSE);
  g_assert_cmpint (tix_entrance_get_id (balcony), >, main_id);
  g_assert_cmpstr (tix_entrance_get_name (balcony), ==, "Balcony");
  g_assert_true (tix_entrance_get_allow_exit (balcony));
  g_assert_false (tix_entrance_get_allow_reentry (balcony));
  g_assert_false (tix_entrance_get_is_default (balcony));
  g_assert_cmpint (tix_entrance_get_opens_at (balcony), ==, TIX_ENTRANCE_NO_TIME);

  tix_entrance_set_opens_at (changes, opens);
  tix_entrance_set_closes_at (changes, closes);
  tix_entrance_set_allow_reentry (changes, TRUE);
  changed = do_update_entrance (fixture->client, tix_entrance_get_id (balcony), changes,
                                TIX_ENTRANCE_FIELD_NAME | TIX_ENTRANCE_FIELD_OPENS_AT |
                                TIX_ENTRANCE_FIELD_CLOSES_AT |
                                TIX_ENTRANCE_FIELD_ALLOW_REENTRY, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tix_entrance_get_name (changed), ==, "Balcony stairs");
  g_assert_cmpint (tix_entrance_get_opens_at (changed), ==, opens);
  g_assert_cmpint (tix_entrance_get_closes_at (changed), ==, closes);
  g_assert_true (tix_entrance_get_allow_reentry (changed));
  g_assert_true (tix_entrance_get_allow_exit (changed));   /* not sent: kept */
  g_assert_true (tix_entrance_is_open_at (changed, opens));
  g_assert_false (tix_entrance_is_open_at (changed, closes));

  entrances = do_list_entrances (fixture->client, fixture->event_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entrances->len, ==, 2);
  g_clear_pointer (&entrances, g_ptr_array_unref);

  /* Hours the wrong way round: 400 naming the member. */
  tix_entrance_set_opens_at (changes, closes);
  tix_entrance_set_closes_at (changes, opens);
  bad = do_update_entrance (fixture->client, tix_entrance_get_id (balcony), changes,
                            TIX_ENTRANCE_FIELD_OPENS_AT | TIX_ENTRANCE_FIELD_CLOSES_AT, &error);
  g_assert_null (bad);
  g_assert_error (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_INVALID);
  g_assert_cmpstr (tix_client_error_get_field (error), ==, "closes_at");
  g_clear_error (&error);

  /* The default stays. */
  g_assert_false (do_delete_entrance (fixture->client, main_id, &error));
  g_assert_error (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_CONFLICT);
  g_clear_error (&error);

  g_assert_true (do_delete_entrance (fixture->client, tix_entrance_get_id (balcony), &error));
  g_assert_no_error (error);
  g_assert_false (do_delete_entrance (fixture->client, tix_entrance_get_id (balcony), &error));
  g_assert_error (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_NOT_FOUND);
  g_clear_error (&error);

  entrances = do_list_entrances (fixture->client, fixture->event_id + 1000, &error);
  g_assert_null (entrances);
  g_assert_error (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_NOT_FOUND);
}

/* In, in again, out, out again, back in: at a door with an entrance that
 * lets people out and back. */
static void
test_in_and_out (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(TixEntrance) foyer = add_entrance (fixture, "Foyer", TRUE, TRUE);
  gint64 foyer_id = tix_entrance_get_id (foyer);
  g_autoptr(TixDoorVerdict) in = NULL;
  g_autoptr(TixDoorVerdict) again = NULL;
  g_autoptr(TixDoorVerdict) out = NULL;
  g_autoptr(TixDoorVerdict) out_again = NULL;
  g_autoptr(TixDoorVerdict) back = NULL;
  g_autoptr(TixDoorVerdict) copy = NULL;

  in = door_scan (fixture, 0, foyer_id, TIX_DOOR_DIRECTION_IN);
  g_assert_cmpint (in->kind, ==, TIX_DOOR_ADMITTED);
  g_assert_no_error (in->error);
  g_assert_nonnull (in->entrance);
  g_assert_cmpint (tix_entrance_get_id (in->entrance), ==, foyer_id);
  g_assert_cmpstr (tix_entrance_get_name (in->entrance), ==, "Foyer");
  g_assert_cmpstr (in->number, ==, "RUL-000001");

  /* Inside already: when and where it came in. */
  again = door_scan (fixture, 0, foyer_id, TIX_DOOR_DIRECTION_IN);
  g_assert_cmpint (again->kind, ==, TIX_DOOR_ALREADY_INSIDE);
  g_assert_nonnull (again->error);
  g_assert_cmpint (again->entered_at, >, 0);
  g_assert_cmpint (again->entered_at, ==, tix_ticket_get_scanned_at (in->ticket));
  g_assert_nonnull (again->entrance);
  g_assert_cmpstr (tix_entrance_get_name (again->entrance), ==, "Foyer");
  g_assert_nonnull (again->ticket);

  copy = tix_door_verdict_copy (again);
  g_assert_cmpint (copy->entered_at, ==, again->entered_at);
  g_assert_true (copy->entrance == again->entrance);

  out = door_scan (fixture, 0, foyer_id, TIX_DOOR_DIRECTION_OUT);
  g_assert_cmpint (out->kind, ==, TIX_DOOR_EXIT);
  g_assert_no_error (out->error);
  g_assert_cmpstr (tix_entrance_get_name (out->entrance), ==, "Foyer");

  out_again = door_scan (fixture, 0, foyer_id, TIX_DOOR_DIRECTION_OUT);
  g_assert_cmpint (out_again->kind, ==, TIX_DOOR_NOT_INSIDE);
  g_assert_nonnull (out_again->error);
  g_assert_cmpint (out_again->exited_at, >, 0);

  back = door_scan (fixture, 0, foyer_id, TIX_DOOR_DIRECTION_IN);
  g_assert_cmpint (back->kind, ==, TIX_DOOR_REENTRY);
  g_assert_no_error (back->error);
  g_assert_cmpstr (tix_entrance_get_name (back->entrance), ==, "Foyer");
  /* scanned_at stays the first entry. */
  g_assert_cmpint (tix_ticket_get_scanned_at (back->ticket), ==,
                   tix_ticket_get_scanned_at (in->ticket));
}

/* The default entrance keeps the seed's meaning: once, then "already
 * scanned", with when and where. A ticket never in cannot go out. */
static void
test_default_entrance (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(TixDoorVerdict) first = door_scan (fixture, 1, 0, TIX_DOOR_DIRECTION_IN);
  g_autoptr(TixDoorVerdict) twice = door_scan (fixture, 1, 0, TIX_DOOR_DIRECTION_IN);
  g_autoptr(TixEntrance) foyer = add_entrance (fixture, "Foyer", TRUE, TRUE);
  g_autoptr(TixDoorVerdict) never_in = NULL;

  g_assert_cmpint (first->kind, ==, TIX_DOOR_ADMITTED);
  g_assert_cmpstr (tix_entrance_get_name (first->entrance), ==, "Main entrance");
  g_assert_cmpint (twice->kind, ==, TIX_DOOR_DUPLICATE);
  g_assert_cmpint (twice->scanned_at, ==, tix_ticket_get_scanned_at (first->ticket));
  g_assert_cmpint (twice->entered_at, ==, twice->scanned_at);
  g_assert_cmpstr (tix_entrance_get_name (twice->entrance), ==, "Main entrance");

  never_in = door_scan (fixture, 2, tix_entrance_get_id (foyer), TIX_DOOR_DIRECTION_OUT);
  g_assert_cmpint (never_in->kind, ==, TIX_DOOR_NOT_INSIDE);
  g_assert_cmpint (never_in->exited_at, ==, 0);
}

/* Out and back where the entrance lets nobody back; an exit where none is
 * allowed is the wrong entrance, naming those that would take it. */
static void
test_refusals (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(TixEntrance) side = add_entrance (fixture, "Side door", TRUE, FALSE);
  gint64 side_id = tix_entrance_get_id (side);
  g_autoptr(TixDoorVerdict) in = door_scan (fixture, 0, side_id, TIX_DOOR_DIRECTION_IN);
  g_autoptr(TixDoorVerdict) out = door_scan (fixture, 0, side_id, TIX_DOOR_DIRECTION_OUT);
  g_autoptr(TixDoorVerdict) back = door_scan (fixture, 0, side_id, TIX_DOOR_DIRECTION_IN);
  g_autoptr(TixDoorVerdict) in_main = door_scan (fixture, 1, 0, TIX_DOOR_DIRECTION_IN);
  g_autoptr(TixDoorVerdict) out_main = NULL;
  gboolean named = FALSE;

  g_assert_cmpint (in->kind, ==, TIX_DOOR_ADMITTED);
  g_assert_cmpint (out->kind, ==, TIX_DOOR_EXIT);
  g_assert_cmpint (back->kind, ==, TIX_DOOR_NO_REENTRY);
  g_assert_cmpint (back->entered_at, ==, tix_ticket_get_scanned_at (in->ticket));
  g_assert_nonnull (back->error);

  g_assert_cmpint (in_main->kind, ==, TIX_DOOR_ADMITTED);
  out_main = door_scan (fixture, 1, default_entrance (fixture), TIX_DOOR_DIRECTION_OUT);
  g_assert_cmpint (out_main->kind, ==, TIX_DOOR_WRONG_ENTRANCE);
  g_assert_nonnull (out_main->error);
  g_assert_nonnull (out_main->entrances);
  for (guint i = 0; i < out_main->entrances->len; i++)
    {
      TixEntrance *entrance = g_ptr_array_index (out_main->entrances, i);

      g_assert_true (tix_entrance_get_id (entrance) != default_entrance (fixture));
      if (tix_entrance_get_id (entrance) == side_id)
        named = TRUE;
    }
  g_assert_true (named);
}

/* Outside its hours an entrance is closed, and says when it opens. */
static void
test_closed (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(TixEntrance) late = tix_entrance_new ("Late door");
  g_autoptr(TixEntrance) made = NULL;
  g_autoptr(TixDoorVerdict) verdict = NULL;
  g_autoptr(GError) error = NULL;
  gint64 opens = tix_time_now_ms () + 2 * HOUR_MS;

  tix_entrance_set_opens_at (late, opens);
  made = do_create_entrance (fixture->client, fixture->event_id, late, &error);
  g_assert_no_error (error);

  verdict = door_scan (fixture, 0, tix_entrance_get_id (made), TIX_DOOR_DIRECTION_IN);
  g_assert_cmpint (verdict->kind, ==, TIX_DOOR_CLOSED);
  g_assert_nonnull (verdict->error);
  g_assert_nonnull (verdict->entrance);
  g_assert_cmpstr (tix_entrance_get_name (verdict->entrance), ==, "Late door");
  g_assert_cmpint (tix_entrance_get_opens_at (verdict->entrance), ==, opens);
  g_assert_cmpint (tix_entrance_get_closes_at (verdict->entrance), ==, TIX_ENTRANCE_NO_TIME);
}

/* The event's max_inside inside: the next one waits, told how many are in. */
static void
test_full (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(TixEvent) changes = tix_event_new (NULL);
  g_autoptr(TixEvent) event = NULL;
  g_autoptr(TixEvent) read = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) got = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TixDoorVerdict) one = NULL;
  g_autoptr(TixDoorVerdict) two = NULL;

  tix_event_set_max_inside (changes, 1);
  tix_client_update_event_async (fixture->client, fixture->event_id, changes,
                                 TIX_EVENT_FIELD_MAX_INSIDE, NULL, tix_test_store_result,
                                 &result);
  event = tix_client_update_event_finish (fixture->client, tix_test_wait_result (&result),
                                          &error);
  g_assert_no_error (error);
  g_assert_cmpint (tix_event_get_inside (event), ==, 0);

  one = door_scan (fixture, 0, 0, TIX_DOOR_DIRECTION_IN);
  g_assert_cmpint (one->kind, ==, TIX_DOOR_ADMITTED);
  two = door_scan (fixture, 1, 0, TIX_DOOR_DIRECTION_IN);
  g_assert_cmpint (two->kind, ==, TIX_DOOR_FULL);
  g_assert_nonnull (two->error);
  g_assert_nonnull (two->event);
  g_assert_cmpint (tix_event_get_id (two->event), ==, fixture->event_id);
  g_assert_cmpint (tix_event_get_inside (two->event), ==, 1);
  g_assert_cmpint (tix_event_get_max_inside (two->event), ==, 1);

  tix_client_get_event_async (fixture->client, fixture->event_id, NULL, tix_test_store_result,
                              &got);
  read = tix_client_get_event_finish (fixture->client, tix_test_wait_result (&got), &error);
  g_assert_no_error (error);
  g_assert_cmpint (tix_event_get_inside (read), ==, 1);
}

/* Every attempt is in the log, refused ones too, newest first, by cursor. */
static void
test_scan_log (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(TixEntrance) foyer = add_entrance (fixture, "Foyer", TRUE, TRUE);
  gint64 foyer_id = tix_entrance_get_id (foyer);
  g_autoptr(TixDoorVerdict) a = door_scan (fixture, 3, foyer_id, TIX_DOOR_DIRECTION_IN);
  g_autoptr(TixDoorVerdict) b = door_scan (fixture, 3, foyer_id, TIX_DOOR_DIRECTION_IN);
  g_autoptr(TixDoorVerdict) c = door_scan (fixture, 3, foyer_id, TIX_DOOR_DIRECTION_OUT);
  g_autoptr(TixScanLogPage) page = NULL;
  g_autoptr(TixScanLogPage) next = NULL;
  g_autoptr(TixScanLogPage) refused = NULL;
  g_autoptr(TixScanLogPage) bad = NULL;
  g_autoptr(GError) error = NULL;
  TixScanLogEntry *entry;

  g_assert_cmpint (c->kind, ==, TIX_DOOR_EXIT);
  page = do_scan_log (fixture->client, fixture->event_id, foyer_id, NULL, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->entries->len, ==, 3);
  g_assert_null (page->next_cursor);
  entry = g_ptr_array_index (page->entries, 0);
  g_assert_cmpstr (tix_scan_log_entry_get_result (entry), ==, "exit");
  g_assert_true (tix_scan_log_entry_get_exit (entry));
  g_assert_true (tix_scan_log_entry_get_admitted (entry));
  g_assert_cmpint (tix_scan_log_entry_get_entrance_id (entry), ==, foyer_id);
  g_assert_cmpint (tix_scan_log_entry_get_event_id (entry), ==, fixture->event_id);
  g_assert_cmpstr (tix_scan_log_entry_get_number (entry), ==, "RUL-000004");
  g_assert_cmpstr (tix_scan_log_entry_get_ticket_id (entry), ==, a->ticket_id);
  g_assert_cmpint (tix_scan_log_entry_get_user_id (entry), ==,
                   tix_user_get_id (tix_client_get_user (fixture->client)));
  g_assert_cmpstr (tix_scan_log_entry_get_station (entry), ==,
                   tix_client_get_station_id (fixture->client));
  g_assert_false (tix_scan_log_entry_get_uploaded (entry));
  g_assert_cmpint (tix_scan_log_entry_get_at (entry), >, 0);
  entry = g_ptr_array_index (page->entries, 1);
  g_assert_cmpstr (tix_scan_log_entry_get_result (entry), ==, "already-inside");
  g_assert_false (tix_scan_log_entry_get_admitted (entry));
  g_assert_false (tix_scan_log_entry_get_exit (entry));
  g_clear_pointer (&page, tix_scan_log_page_free);

  /* Two pages of one and a rest. */
  page = do_scan_log (fixture->client, 0, foyer_id, NULL, NULL, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->entries->len, ==, 2);
  g_assert_nonnull (page->next_cursor);
  next = do_scan_log (fixture->client, 0, foyer_id, NULL, page->next_cursor, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (next->entries->len, ==, 1);
  g_assert_cmpstr (tix_scan_log_entry_get_result (g_ptr_array_index (next->entries, 0)), ==,
                   "first");

  refused = do_scan_log (fixture->client, 0, 0, "already-inside", NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (refused->entries->len, ==, 1);

  bad = do_scan_log (fixture->client, 0, 0, "nonsense", NULL, 0, &error);
  g_assert_null (bad);
  g_assert_error (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_INVALID);
  g_assert_cmpstr (tix_client_error_get_field (error), ==, "result");
}

/* The client's own scan call, without a door: the outcome on success and
 * on a refusal. */
static void
test_client_outcome (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(TixEntrance) foyer = add_entrance (fixture, "Foyer", TRUE, TRUE);
  const char *code = tix_ticket_get_code (g_ptr_array_index (fixture->tickets, 4));
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) again = NULL;
  g_autoptr(TixScanOutcome) outcome = NULL;
  g_autoptr(TixScanOutcome) refusal = NULL;
  g_autoptr(TixScanOutcome) copy = NULL;
  g_autoptr(GError) error = NULL;

  tix_client_scan_at_entrance_async (fixture->client, code, NULL, NULL, 0,
                                     tix_entrance_get_id (foyer), FALSE, NULL,
                                     tix_test_store_result, &result);
  g_assert_true (tix_client_scan_at_entrance_finish (fixture->client,
                                                     tix_test_wait_result (&result),
                                                     &outcome, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (outcome->result, ==, "first");
  g_assert_nonnull (outcome->ticket);
  g_assert_cmpstr (tix_entrance_get_name (outcome->entrance), ==, "Foyer");
  copy = tix_scan_outcome_copy (outcome);
  g_assert_cmpstr (copy->result, ==, "first");

  tix_client_scan_at_entrance_async (fixture->client, code, NULL, NULL, 0,
                                     tix_entrance_get_id (foyer), FALSE, NULL,
                                     tix_test_store_result, &again);
  g_assert_false (tix_client_scan_at_entrance_finish (fixture->client,
                                                      tix_test_wait_result (&again),
                                                      &refusal, &error));
  g_assert_error (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_DUPLICATE);
  g_assert_nonnull (refusal);
  g_assert_cmpstr (refusal->result, ==, "already-inside");
  g_assert_cmpint (refusal->entered_at, ==, tix_ticket_get_scanned_at (outcome->ticket));
  g_assert_nonnull (refusal->ticket);
}

/* The door report of the day: inside now, by entrance, refusals by reason,
 * arrivals and exits per ten minutes. */
static void
test_door_report (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(TixEntrance) foyer = add_entrance (fixture, "Foyer", TRUE, TRUE);
  gint64 foyer_id = tix_entrance_get_id (foyer);
  g_autoptr(TixDoorVerdict) a = door_scan (fixture, 0, foyer_id, TIX_DOOR_DIRECTION_IN);
  g_autoptr(TixDoorVerdict) b = door_scan (fixture, 0, foyer_id, TIX_DOOR_DIRECTION_IN);
  g_autoptr(TixDoorVerdict) c = door_scan (fixture, 0, foyer_id, TIX_DOOR_DIRECTION_OUT);
  g_autoptr(TixDoorVerdict) d = door_scan (fixture, 1, 0, TIX_DOOR_DIRECTION_IN);
  g_autoptr(TixDoorVerdict) e = door_scan (fixture, 2, foyer_id, TIX_DOOR_DIRECTION_OUT);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TixDoorReport) report = NULL;
  gint64 arrivals = 0, exits = 0;
  gboolean seen_foyer = FALSE, seen_main = FALSE;

  g_assert_cmpint (e->kind, ==, TIX_DOOR_NOT_INSIDE);
  tix_client_get_event_door_report_async (fixture->client, fixture->event_id, NULL, NULL,
                                          tix_test_store_result, &result);
  report = tix_client_get_door_report_finish (fixture->client, tix_test_wait_result (&result),
                                              &error);
  g_assert_no_error (error);
  g_assert_cmpint (report->inside, ==, 1);
  g_assert_cmpint (report->arrivals, ==, 2);
  g_assert_cmpint (report->exits, ==, 1);

  g_assert_cmpuint (report->by_entrance->len, ==, 2);
  for (guint i = 0; i < report->by_entrance->len; i++)
    {
      TixReportEntrance *entrance = &g_array_index (report->by_entrance, TixReportEntrance, i);

      g_assert_cmpint (entrance->event_id, ==, fixture->event_id);
      if (entrance->entrance_id == foyer_id)
        {
          seen_foyer = TRUE;
          g_assert_cmpstr (entrance->name, ==, "Foyer");
          g_assert_cmpint (entrance->arrivals, ==, 1);
          g_assert_cmpint (entrance->exits, ==, 1);
          g_assert_cmpint (entrance->inside, ==, 0);
        }
      else
        {
          seen_main = TRUE;
          g_assert_cmpint (i, ==, 0);   /* the default first */
          g_assert_cmpstr (entrance->name, ==, "Main entrance");
          g_assert_cmpint (entrance->arrivals, ==, 1);
          g_assert_cmpint (entrance->exits, ==, 0);
          g_assert_cmpint (entrance->inside, ==, 1);
        }
    }
  g_assert_true (seen_foyer && seen_main);

  g_assert_cmpuint (report->refused->len, ==, 2);
  for (guint i = 0; i < report->refused->len; i++)
    {
      TixReportRefusal *refusal = &g_array_index (report->refused, TixReportRefusal, i);

      g_assert_true (g_str_equal (refusal->reason, "already-inside") ||
                     g_str_equal (refusal->reason, "not-inside"));
      g_assert_cmpint (refusal->count, ==, 1);
    }

  g_assert_cmpuint (report->flow->len, ==, report->intervals->len);
  g_assert_cmpuint (report->flow->len, >=, 138);
  for (guint i = 0; i < report->flow->len; i++)
    {
      TixReportFlow *flow = &g_array_index (report->flow, TixReportFlow, i);

      arrivals += flow->arrivals;
      exits += flow->exits;
      if (i > 0)
        g_assert_cmpint (flow->start - g_array_index (report->flow, TixReportFlow, i - 1).start,
                         <=, 10 * 60 * 1000);
    }
  g_assert_cmpint (arrivals, ==, 2);
  g_assert_cmpint (exits, ==, 1);
}

static void
on_event_stats (TixEventStream      *stream,
                const TixEventStats *stats,
                TixEventStats       *last)
{
  *last = *stats;
}

static void
on_ticket_passed (TixEventStream *stream,
                  TixTicket      *ticket,
                  gboolean        exit,
                  guint          *n_exits)
{
  g_assert_true (TIX_IS_TICKET (ticket));
  if (exit)
    (*n_exits)++;
}

/* Who is inside now, live: the stream's event_stats, typed. */
static void
test_stream_inside (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(TixEventStream) stream = tix_event_stream_new (fixture->client);
  g_autoptr(TixEntrance) foyer = add_entrance (fixture, "Foyer", TRUE, TRUE);
  g_autoptr(TixDoorVerdict) in = NULL;
  g_autoptr(TixDoorVerdict) out = NULL;
  TixEventStats last = { 0 }, got = { 0 };
  guint n_exits = 0;

  g_signal_connect (stream, "event-stats", G_CALLBACK (on_event_stats), &last);
  g_signal_connect (stream, "ticket-passed", G_CALLBACK (on_ticket_passed), &n_exits);
  tix_event_stream_start (stream);
  while (!tix_event_stream_get_connected (stream))
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (tix_event_stream_get_event_stats (stream, fixture->event_id, &got));

  in = door_scan (fixture, 0, tix_entrance_get_id (foyer), TIX_DOOR_DIRECTION_IN);
  g_assert_cmpint (in->kind, ==, TIX_DOOR_ADMITTED);
  while (last.inside != 1)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (last.event_id, ==, fixture->event_id);
  g_assert_cmpint (last.stats.scanned, ==, 1);
  g_assert_cmpint (last.stats.total, ==, N_TICKETS);

  out = door_scan (fixture, 0, tix_entrance_get_id (foyer), TIX_DOOR_DIRECTION_OUT);
  g_assert_cmpint (out->kind, ==, TIX_DOOR_EXIT);
  while (n_exits == 0 || last.inside != 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (n_exits, ==, 1);
  g_assert_true (tix_event_stream_get_event_stats (stream, fixture->event_id, &got));
  g_assert_cmpint (got.inside, ==, 0);
  g_assert_cmpint (got.stats.scanned, ==, 1);

  tix_event_stream_stop (stream);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/tix/client/door-rules/entrances", test_entrances);
  ADD ("/tix/client/door-rules/in-and-out", test_in_and_out);
  ADD ("/tix/client/door-rules/default-entrance", test_default_entrance);
  ADD ("/tix/client/door-rules/refusals", test_refusals);
  ADD ("/tix/client/door-rules/closed", test_closed);
  ADD ("/tix/client/door-rules/full", test_full);
  ADD ("/tix/client/door-rules/scan-log", test_scan_log);
  ADD ("/tix/client/door-rules/client-outcome", test_client_outcome);
  ADD ("/tix/client/door-rules/door-report", test_door_report);
  ADD ("/tix/client/door-rules/stream-inside", test_stream_inside);
#undef ADD

  return g_test_run ();
}
