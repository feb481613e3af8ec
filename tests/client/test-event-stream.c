/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-event-stream"

#include "config.h"

#include <string.h>

#include "tix-client.h"
#include "tix-event-stream.h"
#include "tix-test-util.h"

#define EMAIL    "events@example.com"
#define PASSWORD "correct horse battery"
#define NAME     "Station One"
#define ORG      "Events Test Org"

/* Spins the default main context until @cond holds; a ticking timeout keeps
 * an iteration from blocking for long. */
#define WAIT_UNTIL(cond)                                                      \
  G_STMT_START {                                                              \
    gint64 _deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;         \
    guint _tick = g_timeout_add (20, tick_cb, NULL);                          \
    while (!(cond))                                                           \
      {                                                                       \
        if (g_get_monotonic_time () > _deadline)                              \
          g_error ("Timed out waiting for %s", #cond);                        \
        g_main_context_iteration (NULL, TRUE);                                \
      }                                                                       \
    g_source_remove (_tick);                                                  \
  } G_STMT_END

typedef struct
{
  TixTestServer  *server;
  TixClient      *client;
  TixEventStream *stream;
  GPtrArray      *types;      /* char *, the type of each event received */
  GPtrArray      *events;     /* JsonObject *, each event received */
  guint           n_stats;    /* "stats" emissions */
  TixStats        stats;      /* the last ones */
} Fixture;

static gboolean
tick_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

static GAsyncResult *
wait_for (GAsyncResult **result)
{
  WAIT_UNTIL (*result != NULL);
  return *result;
}

static GPtrArray *
generate (TixClient  *client,
          guint       count,
          const char *prefix)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *tickets;

  tix_client_generate_async (client, count, prefix, NULL, NULL, tix_test_store_result, &result);
  tickets = tix_client_generate_finish (client, wait_for (&result), &error);
  g_assert_no_error (error);
  return tickets;
}

static void
scan (TixClient *client,
      TixTicket *ticket)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  tix_client_scan_code_async (client, tix_ticket_get_code (ticket), NULL, NULL,
                              tix_test_store_result, &result);
  g_assert_true (tix_client_scan_code_finish (client, wait_for (&result), NULL, &error));
  g_assert_no_error (error);
}

static void
event_cb (TixEventStream *stream,
          const char     *type,
          JsonObject     *event,
          Fixture        *fixture)
{
  g_ptr_array_add (fixture->types, g_strdup (type));
  g_ptr_array_add (fixture->events, json_object_ref (event));
}

static void
stats_cb (TixEventStream *stream,
          const TixStats *stats,
          Fixture        *fixture)
{
  fixture->n_stats++;
  fixture->stats = *stats;
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TixUser) user = NULL;
  g_autoptr(GPtrArray) tickets = NULL;

  fixture->types = g_ptr_array_new_with_free_func (g_free);
  fixture->events = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  fixture->server = tix_test_server_new ();
  fixture->client = tix_client_new (fixture->server->url);

  tix_client_register_async (fixture->client, EMAIL, PASSWORD, NAME, ORG, NULL,
                             tix_test_store_result, &result);
  user = tix_client_register_finish (fixture->client, wait_for (&result), &error);
  g_assert_no_error (error);

  tickets = generate (fixture->client, 4, "GA");

  fixture->stream = tix_event_stream_new (fixture->client);
  tix_event_stream_set_backoff (fixture->stream, 50, 400);
  g_signal_connect (fixture->stream, "event", G_CALLBACK (event_cb), fixture);
  g_signal_connect (fixture->stream, "stats", G_CALLBACK (stats_cb), fixture);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_assert_finalize_object (g_steal_pointer (&fixture->stream));
  g_assert_finalize_object (g_steal_pointer (&fixture->client));
  g_clear_pointer (&fixture->server, tix_test_server_free);
  g_clear_pointer (&fixture->types, g_ptr_array_unref);
  g_clear_pointer (&fixture->events, g_ptr_array_unref);
}

static gboolean
has_event (Fixture    *fixture,
           const char *type)
{
  for (guint i = 0; i < fixture->types->len; i++)
    if (g_strcmp0 (g_ptr_array_index (fixture->types, i), type) == 0)
      return TRUE;
  return FALSE;
}

static JsonObject *
last_event (Fixture    *fixture,
            const char *type)
{
  for (guint i = fixture->types->len; i > 0; i--)
    if (g_strcmp0 (g_ptr_array_index (fixture->types, i - 1), type) == 0)
      return g_ptr_array_index (fixture->events, i - 1);
  return NULL;
}

static void
start_and_wait (Fixture *fixture)
{
  tix_event_stream_start (fixture->stream);
  WAIT_UNTIL (tix_event_stream_get_connected (fixture->stream));
  WAIT_UNTIL (has_event (fixture, "hello"));
  WAIT_UNTIL (fixture->n_stats > 0);
}

static void
test_connect (Fixture       *fixture,
              gconstpointer  data)
{
  TixStats stats;

  g_assert_false (tix_event_stream_get_connected (fixture->stream));
  g_assert_false (tix_event_stream_get_stats (fixture->stream, NULL));
  g_assert_true (tix_event_stream_get_client (fixture->stream) == fixture->client);

  start_and_wait (fixture);

  /* The counters as they stand, read after connecting. */
  g_assert_true (tix_event_stream_get_stats (fixture->stream, &stats));
  g_assert_cmpint (stats.total, ==, 4);
  g_assert_cmpint (stats.scanned, ==, 0);
  g_assert_cmpint (stats.not_scanned, ==, 4);
  g_assert_cmpint (fixture->stats.total, ==, 4);

  tix_event_stream_stop (fixture->stream);
  g_assert_false (tix_event_stream_get_connected (fixture->stream));
}

static void
test_scanned_elsewhere (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(TixClient) other = tix_client_new (fixture->server->url);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TixUser) user = NULL;
  g_autoptr(GPtrArray) tickets = NULL;
  g_autoptr(TixTicket) ticket = NULL;
  JsonObject *event;
  TixStats stats;

  start_and_wait (fixture);

  /* A second station of the same organization generates and scans. */
  tix_client_login_async (other, EMAIL, PASSWORD, NULL, tix_test_store_result, &result);
  user = tix_client_login_finish (other, wait_for (&result), &error);
  g_assert_no_error (error);
  g_clear_object (&result);

  tickets = generate (other, 2, "VIP");
  WAIT_UNTIL (has_event (fixture, "tickets-generated"));
  event = last_event (fixture, "tickets-generated");
  g_assert_cmpstr (json_object_get_string_member (event, "prefix"), ==, "VIP");
  g_assert_cmpint (json_object_get_int_member (event, "count"), ==, 2);
  WAIT_UNTIL (fixture->stats.total == 6);

  scan (other, g_ptr_array_index (tickets, 0));
  WAIT_UNTIL (has_event (fixture, "ticket-scanned"));
  event = last_event (fixture, "ticket-scanned");
  ticket = tix_ticket_new_from_json (json_object_get_object_member (event, "ticket"), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tix_ticket_get_number (ticket), ==, "VIP-000001");
  g_assert_true (tix_ticket_is_scanned (ticket));

  WAIT_UNTIL (fixture->stats.scanned == 1);
  g_assert_true (tix_event_stream_get_stats (fixture->stream, &stats));
  g_assert_cmpint (stats.total, ==, 6);
  g_assert_cmpint (stats.scanned, ==, 1);
  g_assert_cmpint (stats.not_scanned, ==, 5);

  g_assert_finalize_object (g_steal_pointer (&other));
}

static void
count_cb (TixEventStream *stream,
          const char     *type,
          JsonObject     *event,
          guint          *count)
{
  g_assert_cmpstr (type, ==, "tickets-generated");
  (*count)++;
}

static void
test_detailed (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GPtrArray) one = NULL;
  g_autoptr(GPtrArray) two = NULL;
  guint generated = 0;

  /* "event::tickets-generated" sees only those. */
  g_signal_connect (fixture->stream, "event::tickets-generated", G_CALLBACK (count_cb),
                    &generated);
  start_and_wait (fixture);
  one = generate (fixture->client, 1, "ONE");
  two = generate (fixture->client, 2, "TWO");
  WAIT_UNTIL (generated == 2);
  g_assert_true (has_event (fixture, "hello"));
  g_signal_handlers_disconnect_by_func (fixture->stream, count_cb, &generated);
}

static void
test_reconnect (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tickets = NULL;
  TixServerOptions options;
  guint port;

  start_and_wait (fixture);

  /* The server restarts on the same port and database. */
  port = tix_server_thread_get_port (fixture->server->thread);
  tix_server_thread_stop (fixture->server->thread);
  WAIT_UNTIL (!tix_event_stream_get_connected (fixture->stream));
  g_assert_finalize_object (g_steal_pointer (&fixture->server->thread));

  /* Let a few attempts fail while it is down. */
  {
    gint64 until = g_get_monotonic_time () + 300 * 1000;

    WAIT_UNTIL (g_get_monotonic_time () > until);
  }
  g_assert_false (tix_event_stream_get_connected (fixture->stream));

  tix_server_options_init (&options);
  options.fast_password_hashing = TRUE;
  fixture->server->thread = tix_server_thread_new (fixture->server->db_path, &options,
                                                   "127.0.0.1", port, &error);
  g_assert_no_error (error);
  fixture->server->url = tix_server_thread_get_url (fixture->server->thread);

  g_ptr_array_set_size (fixture->types, 0);
  g_ptr_array_set_size (fixture->events, 0);
  WAIT_UNTIL (tix_event_stream_get_connected (fixture->stream));
  WAIT_UNTIL (has_event (fixture, "hello"));

  /* Events flow again. */
  tickets = generate (fixture->client, 1, "BACK");
  scan (fixture->client, g_ptr_array_index (tickets, 0));
  WAIT_UNTIL (has_event (fixture, "ticket-scanned"));
  WAIT_UNTIL (fixture->stats.scanned == 1 && fixture->stats.total == 5);
}

static void
test_bad_token (Fixture       *fixture,
                gconstpointer  data)
{
  gint64 until;

  tix_client_set_token (fixture->client, "0000000000000000000000000000000000000000000000000000000000000000");
  tix_event_stream_start (fixture->stream);

  until = g_get_monotonic_time () + 500 * 1000;
  WAIT_UNTIL (g_get_monotonic_time () > until);
  g_assert_false (tix_event_stream_get_connected (fixture->stream));
  g_assert_false (has_event (fixture, "hello"));

  tix_event_stream_stop (fixture->stream);
}

static void
test_dispose_while_connecting (Fixture       *fixture,
                               gconstpointer  data)
{
  /* Dropped right after starting: the connection attempt is cancelled. */
  tix_event_stream_start (fixture->stream);
}

/* The views of a station share one stream: it runs while any of them
 * wants it, and a new one is made once all have let go. */
static void
test_shared (Fixture       *fixture,
             gconstpointer  data)
{
  TixEventStream *first = tix_event_stream_get_shared (fixture->client);
  TixEventStream *second = tix_event_stream_get_shared (fixture->client);
  TixEventStream *again;
  TixStats stats;

  g_assert_true (first == second);
  tix_event_stream_start (first);
  WAIT_UNTIL (tix_event_stream_get_connected (first));
  /* The one that joins late finds it connected, with counters to show. */
  tix_event_stream_start (second);
  g_assert_true (tix_event_stream_get_connected (second));
  WAIT_UNTIL (tix_event_stream_get_stats (second, &stats));
  g_assert_cmpint (stats.total, ==, 4);

  /* One view stops: the other still hears. */
  tix_event_stream_stop (first);
  g_object_unref (first);
  g_assert_true (tix_event_stream_get_connected (second));

  tix_event_stream_stop (second);
  g_assert_false (tix_event_stream_get_connected (second));
  g_assert_finalize_object (second);

  again = tix_event_stream_get_shared (fixture->client);
  g_assert_false (tix_event_stream_get_connected (again));
  g_assert_finalize_object (again);
}

static void
session_ended_cb (TixEventStream *stream,
                  guint          *count)
{
  (*count)++;
}

/* A stream whose session ended (here: logged out from another desk with the
 * same token) says so and stops knocking with that token; signing in again
 * connects it. */
static void
test_session_ended (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(TixClient) other = tix_client_new (fixture->server->url);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TixUser) user = NULL;
  guint ended = 0, stats_before;
  gint64 until;

  g_signal_connect (fixture->stream, "session-ended", G_CALLBACK (session_ended_cb), &ended);
  start_and_wait (fixture);

  tix_client_set_token (other, tix_client_get_token (fixture->client));
  tix_client_logout_async (other, NULL, tix_test_store_result, &result);
  g_assert_true (tix_client_logout_finish (other, wait_for (&result), &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  WAIT_UNTIL (ended == 1);
  g_assert_false (tix_event_stream_get_connected (fixture->stream));

  /* No reconnecting with the ended session (the backoff is 50 to 400 ms). */
  g_ptr_array_set_size (fixture->types, 0);
  g_ptr_array_set_size (fixture->events, 0);
  until = g_get_monotonic_time () + 1000 * 1000;
  WAIT_UNTIL (g_get_monotonic_time () > until);
  g_assert_cmpuint (ended, ==, 1);
  g_assert_false (tix_event_stream_get_connected (fixture->stream));

  /* Signed in again: a new token, and the stream is back (with the
   * counters read again). */
  stats_before = fixture->n_stats;
  tix_client_login_async (fixture->client, EMAIL, PASSWORD, NULL, tix_test_store_result,
                          &result);
  user = tix_client_login_finish (fixture->client, wait_for (&result), &error);
  g_assert_no_error (error);
  WAIT_UNTIL (tix_event_stream_get_connected (fixture->stream));
  WAIT_UNTIL (has_event (fixture, "hello"));
  WAIT_UNTIL (fixture->n_stats > stats_before);

  tix_event_stream_stop (fixture->stream);
  g_signal_handlers_disconnect_by_func (fixture->stream, session_ended_cb, &ended);
  g_assert_finalize_object (g_steal_pointer (&other));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, test) \
  g_test_add (path, Fixture, NULL, fixture_setup, test, fixture_teardown)

  ADD ("/tix/client/events/connect", test_connect);
  ADD ("/tix/client/events/session-ended", test_session_ended);
  ADD ("/tix/client/events/scanned-elsewhere", test_scanned_elsewhere);
  ADD ("/tix/client/events/detailed", test_detailed);
  ADD ("/tix/client/events/reconnect", test_reconnect);
  ADD ("/tix/client/events/bad-token", test_bad_token);
  ADD ("/tix/client/events/dispose-while-connecting", test_dispose_while_connecting);
  ADD ("/tix/client/events/shared", test_shared);

#undef ADD

  return g_test_run ();
}
