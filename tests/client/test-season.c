/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-season"

/* TixSeason: the events a window knows and the one it works on, kept
 * current from the stream as other stations change them. */

#include "config.h"

#include "tix-season.h"
#include "tix-test-util.h"

#define EMAIL    "season-model@example.com"
#define PASSWORD "correct horse battery"

/* 2026-03-20T19:00:00Z and 2026-03-27T19:00:00Z: two Fridays. */
#define FRIDAY_MS      G_GINT64_CONSTANT (1774033200000)
#define NEXT_FRIDAY_MS G_GINT64_CONSTANT (1774638000000)

typedef struct
{
  TixTestServer *server;
  TixClient     *client;   /* the window's */
  TixClient     *other;    /* another station, same admin */
  TixSession    *session;
  TixSeason     *season;
} Fixture;

static TixClient *
sign_in (Fixture  *fixture,
         gboolean  create)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TixUser) user = NULL;
  TixClient *client = tix_client_new (fixture->server->url);

  if (create)
    {
      tix_client_register_async (client, EMAIL, PASSWORD, "Ada", "Season Org", NULL,
                                 tix_test_store_result, &result);
      user = tix_client_register_finish (client, tix_test_wait_result (&result), &error);
    }
  else
    {
      tix_client_login_async (client, EMAIL, PASSWORD, NULL, tix_test_store_result, &result);
      user = tix_client_login_finish (client, tix_test_wait_result (&result), &error);
    }
  g_assert_no_error (error);
  return client;
}

static TixEvent *
create (TixClient  *client,
        const char *name,
        gint64      starts_at)
{
  g_autoptr(TixEvent) event = tix_event_new (name);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  TixEvent *made;

  if (starts_at != TIX_EVENT_NO_TIME)
    tix_event_set_starts_at (event, starts_at);
  tix_client_create_event_async (client, event, NULL, tix_test_store_result, &result);
  made = tix_client_create_event_finish (client, tix_test_wait_result (&result), &error);
  g_assert_no_error (error);
  return made;
}

static TixEvent *
archive (TixClient *client,
         gint64     event_id)
{
  g_autoptr(TixEvent) changes = tix_event_new (NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  TixEvent *changed;

  tix_event_set_archived (changes, TRUE);
  tix_client_update_event_async (client, event_id, changes, TIX_EVENT_FIELD_ARCHIVED, NULL,
                                 tix_test_store_result, &result);
  changed = tix_client_update_event_finish (client, tix_test_wait_result (&result), &error);
  g_assert_no_error (error);
  return changed;
}

static gint64
id_at (Fixture *fixture,
       guint    position)
{
  g_autoptr(TixEvent) event = g_list_model_get_item (tix_season_get_events (fixture->season),
                                                     position);

  return event != NULL ? tix_event_get_id (event) : -1;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->server = tix_test_server_new ();
  fixture->client = sign_in (fixture, TRUE);
  fixture->other = sign_in (fixture, FALSE);
  fixture->session = tix_session_new ();
  fixture->season = tix_season_new (fixture->session);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_assert_finalize_object (g_steal_pointer (&fixture->season));
  g_assert_finalize_object (g_steal_pointer (&fixture->session));
  TIX_TEST_WAIT_UNTIL (G_OBJECT (fixture->client)->ref_count == 1);
  g_assert_finalize_object (g_steal_pointer (&fixture->client));
  g_assert_finalize_object (g_steal_pointer (&fixture->other));
  g_clear_pointer (&fixture->server, tix_test_server_free);
}

/* Signed in, the events and the current one are read; "All events" acts
 * on the current one; signed out, nothing is known. */
static void
test_follows_session (Fixture       *fixture,
                      gconstpointer  data)
{
  gint64 current;

  g_assert_false (tix_season_get_loaded (fixture->season));
  g_assert_cmpint (tix_season_get_event_id (fixture->season), ==, 0);

  tix_session_sign_in (fixture->session, fixture->client, FALSE);
  TIX_TEST_WAIT_UNTIL (tix_season_get_loaded (fixture->season) &&
                       tix_season_get_current_id (fixture->season) != 0);
  current = tix_season_get_current_id (fixture->season);
  g_assert_cmpuint (g_list_model_get_n_items (tix_season_get_events (fixture->season)), ==, 1);
  g_assert_cmpint (id_at (fixture, 0), ==, current);
  g_assert_cmpint (tix_season_get_selected_id (fixture->season), ==, 0);
  g_assert_cmpint (tix_season_get_event_id (fixture->season), ==, current);
  g_assert_nonnull (tix_season_get_event (fixture->season));
  g_assert_cmpint (tix_event_get_id (tix_season_get_event (fixture->season)), ==, current);

  tix_session_sign_out (fixture->session);
  g_assert_false (tix_season_get_loaded (fixture->season));
  g_assert_cmpuint (g_list_model_get_n_items (tix_season_get_events (fixture->season)), ==, 0);
  g_assert_cmpint (tix_season_get_current_id (fixture->season), ==, 0);
  g_assert_null (tix_season_get_event (fixture->season));
}

/* Events made, changed and archived on another station come in, in date
 * order; the chosen one archived falls back to the current event. */
static void
test_other_station (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(TixEvent) next = NULL;
  g_autoptr(TixEvent) friday = NULL;
  g_autoptr(TixEvent) archived = NULL;
  gint64 current;

  tix_session_sign_in (fixture->session, fixture->client, FALSE);
  TIX_TEST_WAIT_UNTIL (tix_season_get_loaded (fixture->season) &&
                       tix_season_get_current_id (fixture->season) != 0);
  TIX_TEST_WAIT_UNTIL (tix_event_stream_get_connected (tix_session_get_stream (fixture->session)));
  current = tix_season_get_current_id (fixture->season);

  next = create (fixture->other, "Next Friday", NEXT_FRIDAY_MS);
  friday = create (fixture->other, "Friday", FRIDAY_MS);
  TIX_TEST_WAIT_UNTIL (g_list_model_get_n_items (tix_season_get_events (fixture->season)) == 3);
  /* Soonest first, the undated current event last. */
  g_assert_cmpint (id_at (fixture, 0), ==, tix_event_get_id (friday));
  g_assert_cmpint (id_at (fixture, 1), ==, tix_event_get_id (next));
  g_assert_cmpint (id_at (fixture, 2), ==, current);

  tix_season_set_selected_id (fixture->season, tix_event_get_id (next));
  g_assert_cmpint (tix_season_get_event_id (fixture->season), ==, tix_event_get_id (next));
  g_assert_cmpstr (tix_event_get_name (tix_season_get_event (fixture->season)), ==,
                   "Next Friday");

  archived = archive (fixture->other, tix_event_get_id (next));
  TIX_TEST_WAIT_UNTIL (g_list_model_get_n_items (tix_season_get_events (fixture->season)) == 2);
  g_assert_cmpint (tix_season_get_selected_id (fixture->season), ==, current);
  g_assert_cmpint (tix_season_get_event_id (fixture->season), ==, current);
  /* Still known, for the tickets and reports that name it. */
  g_assert_nonnull (tix_season_lookup (fixture->season, tix_event_get_id (next)));
  g_assert_true (tix_event_get_archived (tix_season_lookup (fixture->season,
                                                            tix_event_get_id (next))));
  /* In the archived list alone, until it comes back. */
  g_assert_cmpuint (g_list_model_get_n_items (tix_season_get_archived (fixture->season)), ==, 1);
  {
    g_autoptr(TixEvent) first = g_list_model_get_item (tix_season_get_archived (fixture->season), 0);

    g_assert_cmpint (tix_event_get_id (first), ==, tix_event_get_id (next));
  }

  /* "All events" acts on the current event. */
  tix_season_set_selected_id (fixture->season, 0);
  g_assert_cmpint (tix_season_get_event_id (fixture->season), ==, current);

  tix_session_sign_out (fixture->session);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/tix/client/season/follows-session", Fixture, NULL, fixture_set_up,
              test_follows_session, fixture_tear_down);
  g_test_add ("/tix/client/season/other-station", Fixture, NULL, fixture_set_up,
              test_other_station, fixture_tear_down);

  return g_test_run ();
}
