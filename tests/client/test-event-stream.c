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
typedef struct
{
  TixTestServer  *server;
  TixClient      *client;
  TixEventStream *stream;
  GPtrArray      *types;      /* char *, each signal heard: "ticket-changed::scanned", … */
  GPtrArray      *tickets;    /* TixTicket *, of each "ticket-changed" */
  char           *generated_prefix; /* of the last "tickets-generated" */
  guint           generated_count;
  char           *generated_range;  /* "first – last" */
  gint64          cleared;    /* of the last "tickets-cleared", -1 before */
  TixSettings    *settings;   /* of the last "settings-changed" */
  guint           n_settings;
  guint           n_stats;    /* "stats" emissions */
  TixStats        stats;      /* the last ones */
} Fixture;

static GAsyncResult *
wait_for (GAsyncResult **result)
{
  TIX_TEST_WAIT_UNTIL (*result != NULL);
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
ticket_changed_cb (TixEventStream  *stream,
                   TixTicketChange  change,
                   TixTicket       *ticket,
                   Fixture         *fixture)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (TIX_TYPE_TICKET_CHANGE);

  g_assert_true (TIX_IS_TICKET (ticket));
  g_ptr_array_add (fixture->types, g_strconcat ("ticket-changed::",
                                                g_enum_get_value (klass, change)->value_nick,
                                                NULL));
  g_ptr_array_add (fixture->tickets, g_object_ref (ticket));
}

static void
tickets_generated_cb (TixEventStream *stream,
                      const char     *prefix,
                      guint           count,
                      const char     *first_number,
                      const char     *last_number,
                      Fixture        *fixture)
{
  g_ptr_array_add (fixture->types, g_strdup ("tickets-generated"));
  g_free (fixture->generated_prefix);
  fixture->generated_prefix = g_strdup (prefix);
  fixture->generated_count = count;
  g_free (fixture->generated_range);
  fixture->generated_range = g_strdup_printf ("%s – %s", first_number, last_number);
}

static void
tickets_cleared_cb (TixEventStream *stream,
                    gint64          deleted,
                    Fixture        *fixture)
{
  g_ptr_array_add (fixture->types, g_strdup ("tickets-cleared"));
  fixture->cleared = deleted;
}

static void
settings_changed_cb (TixEventStream *stream,
                     TixSettings    *settings,
                     Fixture        *fixture)
{
  g_assert_true (TIX_IS_SETTINGS (settings));
  g_ptr_array_add (fixture->types, g_strdup ("settings-changed"));
  g_set_object (&fixture->settings, settings);
  fixture->n_settings++;
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
  fixture->tickets = g_ptr_array_new_with_free_func (g_object_unref);
  fixture->cleared = -1;
  fixture->server = tix_test_server_new ();
  fixture->client = tix_client_new (fixture->server->url);

  tix_client_register_async (fixture->client, EMAIL, PASSWORD, NAME, ORG, NULL,
                             tix_test_store_result, &result);
  user = tix_client_register_finish (fixture->client, wait_for (&result), &error);
  g_assert_no_error (error);

  tickets = generate (fixture->client, 4, "GA");

  fixture->stream = tix_event_stream_new (fixture->client);
  tix_event_stream_set_backoff (fixture->stream, 50, 400);
  g_signal_connect (fixture->stream, "ticket-changed", G_CALLBACK (ticket_changed_cb), fixture);
  g_signal_connect (fixture->stream, "tickets-generated", G_CALLBACK (tickets_generated_cb),
                    fixture);
  g_signal_connect (fixture->stream, "tickets-cleared", G_CALLBACK (tickets_cleared_cb), fixture);
  g_signal_connect (fixture->stream, "settings-changed", G_CALLBACK (settings_changed_cb),
                    fixture);
  g_signal_connect (fixture->stream, "stats", G_CALLBACK (stats_cb), fixture);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_assert_finalize_object (g_steal_pointer (&fixture->stream));
  /* A read the stream had under way finishes, cancelled, and lets go. */
  TIX_TEST_WAIT_UNTIL (G_OBJECT (fixture->client)->ref_count == 1);
  g_assert_finalize_object (g_steal_pointer (&fixture->client));
  g_clear_pointer (&fixture->server, tix_test_server_free);
  g_clear_pointer (&fixture->types, g_ptr_array_unref);
  g_clear_pointer (&fixture->tickets, g_ptr_array_unref);
  g_clear_pointer (&fixture->generated_prefix, g_free);
  g_clear_pointer (&fixture->generated_range, g_free);
  g_clear_object (&fixture->settings);
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

/* The ticket of the last "ticket-changed::@change". */
static TixTicket *
last_ticket (Fixture    *fixture,
             const char *type)
{
  guint t = fixture->tickets->len;

  for (guint i = fixture->types->len; i > 0; i--)
    if (g_str_has_prefix (g_ptr_array_index (fixture->types, i - 1), "ticket-changed::"))
      {
        t--;
        if (g_strcmp0 (g_ptr_array_index (fixture->types, i - 1), type) == 0)
          return g_ptr_array_index (fixture->tickets, t);
      }
  return NULL;
}

static void
forget_events (Fixture *fixture)
{
  g_ptr_array_set_size (fixture->types, 0);
  g_ptr_array_set_size (fixture->tickets, 0);
}

static void
start_and_wait (Fixture *fixture)
{
  tix_event_stream_start (fixture->stream);
  TIX_TEST_WAIT_UNTIL (tix_event_stream_get_connected (fixture->stream));
  TIX_TEST_WAIT_UNTIL (fixture->n_stats > 0);
  TIX_TEST_WAIT_UNTIL (fixture->n_settings > 0);
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
  TixTicket *ticket;
  TixStats stats;

  start_and_wait (fixture);

  /* A second station of the same organization generates and scans. */
  tix_client_login_async (other, EMAIL, PASSWORD, NULL, tix_test_store_result, &result);
  user = tix_client_login_finish (other, wait_for (&result), &error);
  g_assert_no_error (error);
  g_clear_object (&result);

  tickets = generate (other, 2, "VIP");
  TIX_TEST_WAIT_UNTIL (has_event (fixture, "tickets-generated"));
  g_assert_cmpstr (fixture->generated_prefix, ==, "VIP");
  g_assert_cmpuint (fixture->generated_count, ==, 2);
  g_assert_cmpstr (fixture->generated_range, ==, "VIP-000001 – VIP-000002");
  TIX_TEST_WAIT_UNTIL (fixture->stats.total == 6);

  scan (other, g_ptr_array_index (tickets, 0));
  TIX_TEST_WAIT_UNTIL (has_event (fixture, "ticket-changed::scanned"));
  ticket = last_ticket (fixture, "ticket-changed::scanned");
  g_assert_cmpstr (tix_ticket_get_number (ticket), ==, "VIP-000001");
  g_assert_true (tix_ticket_is_scanned (ticket));

  TIX_TEST_WAIT_UNTIL (fixture->stats.scanned == 1);
  g_assert_true (tix_event_stream_get_stats (fixture->stream, &stats));
  g_assert_cmpint (stats.total, ==, 6);
  g_assert_cmpint (stats.scanned, ==, 1);
  g_assert_cmpint (stats.not_scanned, ==, 5);

  g_assert_finalize_object (g_steal_pointer (&other));
}

static void
count_cb (TixEventStream  *stream,
          TixTicketChange  change,
          TixTicket       *ticket,
          guint           *count)
{
  g_assert_cmpint (change, ==, TIX_TICKET_CHANGE_DELETED);
  (*count)++;
}

static void
delete_ticket (TixClient *client,
               TixTicket *ticket)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  tix_client_delete_ticket_async (client, tix_ticket_get_id (ticket), NULL,
                                  tix_test_store_result, &result);
  g_assert_true (tix_client_delete_ticket_finish (client, wait_for (&result), &error));
  g_assert_no_error (error);
}

static void
unscan (TixClient *client,
        TixTicket *ticket)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TixTicket) unscanned = NULL;

  tix_client_unscan_ticket_async (client, tix_ticket_get_id (ticket), NULL,
                                  tix_test_store_result, &result);
  unscanned = tix_client_unscan_ticket_finish (client, wait_for (&result), &error);
  g_assert_no_error (error);
}

/* Each change of a ticket is its own detail of "ticket-changed", with the
 * ticket as it now is. */
static void
test_detailed (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GPtrArray) tickets = NULL;
  guint deleted = 0;

  /* "ticket-changed::deleted" sees only those. */
  g_signal_connect (fixture->stream, "ticket-changed::deleted", G_CALLBACK (count_cb), &deleted);
  start_and_wait (fixture);
  tickets = generate (fixture->client, 3, "DET");
  scan (fixture->client, g_ptr_array_index (tickets, 0));
  unscan (fixture->client, g_ptr_array_index (tickets, 0));
  delete_ticket (fixture->client, g_ptr_array_index (tickets, 1));
  TIX_TEST_WAIT_UNTIL (deleted == 1);

  g_assert_cmpuint (fixture->types->len, >=, 5);
  g_assert_cmpstr (g_ptr_array_index (fixture->types, fixture->types->len - 4), ==,
                   "tickets-generated");
  g_assert_cmpstr (g_ptr_array_index (fixture->types, fixture->types->len - 3), ==,
                   "ticket-changed::scanned");
  g_assert_cmpstr (g_ptr_array_index (fixture->types, fixture->types->len - 2), ==,
                   "ticket-changed::unscanned");
  g_assert_cmpstr (g_ptr_array_index (fixture->types, fixture->types->len - 1), ==,
                   "ticket-changed::deleted");
  g_assert_false (tix_ticket_is_scanned (last_ticket (fixture, "ticket-changed::unscanned")));
  g_assert_cmpstr (tix_ticket_get_id (last_ticket (fixture, "ticket-changed::deleted")), ==,
                   tix_ticket_get_id (g_ptr_array_index (tickets, 1)));
  g_signal_handlers_disconnect_by_func (fixture->stream, count_cb, &deleted);
}

/* Clearing says how many went. */
static void
test_cleared (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  start_and_wait (fixture);
  tix_client_clear_tickets_async (fixture->client, NULL, tix_test_store_result, &result);
  g_assert_cmpint (tix_client_clear_tickets_finish (fixture->client, wait_for (&result), &error),
                   ==, 4);
  g_assert_no_error (error);
  TIX_TEST_WAIT_UNTIL (fixture->cleared >= 0);
  g_assert_cmpint (fixture->cleared, ==, 4);
  TIX_TEST_WAIT_UNTIL (fixture->stats.total == 0);
}

/* The settings come as they are: once connected, and again after a station
 * saved new ones; never twice the same. */
static void
test_settings (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(TixSettings) changes = tix_settings_new ();
  g_autoptr(TixSettings) saved = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_null (tix_event_stream_get_settings (fixture->stream));
  start_and_wait (fixture);
  g_assert_cmpuint (fixture->n_settings, ==, 1);
  g_assert_true (tix_event_stream_get_settings (fixture->stream) == fixture->settings);
  g_assert_cmpstr (tix_settings_get (fixture->settings, TIX_SETTING_ORGANIZATION_NAME), ==, ORG);

  tix_settings_set (changes, TIX_SETTING_TIME_ZONE, "Pacific/Auckland");
  tix_client_update_settings_async (fixture->client, changes, NULL, tix_test_store_result,
                                    &result);
  saved = tix_client_update_settings_finish (fixture->client, wait_for (&result), &error);
  g_assert_no_error (error);

  TIX_TEST_WAIT_UNTIL (fixture->n_settings == 2);
  g_assert_cmpstr (tix_settings_get (fixture->settings, TIX_SETTING_TIME_ZONE), ==,
                   "Pacific/Auckland");
  g_assert_true (tix_event_stream_get_settings (fixture->stream) == fixture->settings);

  /* Connected again with nothing changed: nothing said; the next change is. */
  tix_event_stream_stop (fixture->stream);
  tix_event_stream_start (fixture->stream);
  TIX_TEST_WAIT_UNTIL (tix_event_stream_get_connected (fixture->stream));
  g_clear_object (&result);
  g_clear_object (&saved);
  tix_settings_set (changes, TIX_SETTING_TIME_ZONE, "Europe/Berlin");
  tix_client_update_settings_async (fixture->client, changes, NULL, tix_test_store_result,
                                    &result);
  saved = tix_client_update_settings_finish (fixture->client, wait_for (&result), &error);
  g_assert_no_error (error);
  TIX_TEST_WAIT_UNTIL (g_strcmp0 (tix_settings_get (fixture->settings, TIX_SETTING_TIME_ZONE),
                                  "Europe/Berlin") == 0);
  g_assert_cmpuint (fixture->n_settings, ==, 3);
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
  TIX_TEST_WAIT_UNTIL (!tix_event_stream_get_connected (fixture->stream));
  g_assert_finalize_object (g_steal_pointer (&fixture->server->thread));

  /* Let a few attempts fail while it is down. */
  {
    gint64 until = g_get_monotonic_time () + 300 * 1000;

    TIX_TEST_WAIT_UNTIL (g_get_monotonic_time () > until);
  }
  g_assert_false (tix_event_stream_get_connected (fixture->stream));

  tix_server_options_init (&options);
  options.fast_password_hashing = TRUE;
  fixture->server->thread = tix_server_thread_new (fixture->server->db_path, &options,
                                                   "127.0.0.1", port, &error);
  g_assert_no_error (error);
  fixture->server->url = tix_server_thread_get_url (fixture->server->thread);

  forget_events (fixture);
  TIX_TEST_WAIT_UNTIL (tix_event_stream_get_connected (fixture->stream));

  /* Events flow again. */
  tickets = generate (fixture->client, 1, "BACK");
  scan (fixture->client, g_ptr_array_index (tickets, 0));
  TIX_TEST_WAIT_UNTIL (has_event (fixture, "ticket-changed::scanned"));
  TIX_TEST_WAIT_UNTIL (fixture->stats.scanned == 1 && fixture->stats.total == 5);
}

static void
session_ended_cb (TixEventStream *stream,
                  TixSessionEnd   reason,
                  GArray         *reasons)
{
  g_array_append_val (reasons, reason);
}

/* A token the server does not take: refused, and not tried again. */
static void
test_bad_token (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GArray) reasons = g_array_new (FALSE, FALSE, sizeof (TixSessionEnd));
  gint64 until;

  g_signal_connect (fixture->stream, "session-ended", G_CALLBACK (session_ended_cb), reasons);
  tix_client_set_token (fixture->client, "0000000000000000000000000000000000000000000000000000000000000000");
  tix_event_stream_start (fixture->stream);

  TIX_TEST_WAIT_UNTIL (reasons->len == 1);
  g_assert_cmpint (g_array_index (reasons, TixSessionEnd, 0), ==, TIX_SESSION_END_REFUSED);
  until = g_get_monotonic_time () + 500 * 1000;
  TIX_TEST_WAIT_UNTIL (g_get_monotonic_time () > until);
  g_assert_false (tix_event_stream_get_connected (fixture->stream));
  g_assert_cmpuint (reasons->len, ==, 1);
  g_assert_cmpuint (fixture->n_settings, ==, 0);

  tix_event_stream_stop (fixture->stream);
  g_signal_handlers_disconnect_by_func (fixture->stream, session_ended_cb, reasons);
}

static void
test_dispose_while_connecting (Fixture       *fixture,
                               gconstpointer  data)
{
  /* Dropped right after starting: the connection attempt is cancelled. */
  tix_event_stream_start (fixture->stream);
}

/* Starting a started stream changes nothing; one stop stops it (the
 * session owns the one stream: there is no count of users). */
static void
test_start_twice (Fixture       *fixture,
                  gconstpointer  data)
{
  start_and_wait (fixture);
  tix_event_stream_start (fixture->stream);
  g_assert_true (tix_event_stream_get_connected (fixture->stream));

  tix_event_stream_stop (fixture->stream);
  g_assert_false (tix_event_stream_get_connected (fixture->stream));
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
  g_autoptr(GArray) reasons = g_array_new (FALSE, FALSE, sizeof (TixSessionEnd));
  guint stats_before;
  gint64 until;

  g_signal_connect (fixture->stream, "session-ended", G_CALLBACK (session_ended_cb), reasons);
  start_and_wait (fixture);

  tix_client_set_token (other, tix_client_get_token (fixture->client));
  tix_client_logout_async (other, NULL, tix_test_store_result, &result);
  g_assert_true (tix_client_logout_finish (other, wait_for (&result), &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  TIX_TEST_WAIT_UNTIL (reasons->len == 1);
  g_assert_cmpint (g_array_index (reasons, TixSessionEnd, 0), ==, TIX_SESSION_END_REVOKED);
  g_assert_false (tix_event_stream_get_connected (fixture->stream));

  /* No reconnecting with the ended session (the backoff is 50 to 400 ms). */
  forget_events (fixture);
  until = g_get_monotonic_time () + 1000 * 1000;
  TIX_TEST_WAIT_UNTIL (g_get_monotonic_time () > until);
  g_assert_cmpuint (reasons->len, ==, 1);
  g_assert_false (tix_event_stream_get_connected (fixture->stream));

  /* Signed in again: a new token, and the stream is back (with the
   * counters read again). */
  stats_before = fixture->n_stats;
  tix_client_login_async (fixture->client, EMAIL, PASSWORD, NULL, tix_test_store_result,
                          &result);
  user = tix_client_login_finish (fixture->client, wait_for (&result), &error);
  g_assert_no_error (error);
  TIX_TEST_WAIT_UNTIL (tix_event_stream_get_connected (fixture->stream));
  TIX_TEST_WAIT_UNTIL (fixture->n_stats > stats_before);

  tix_event_stream_stop (fixture->stream);
  g_signal_handlers_disconnect_by_func (fixture->stream, session_ended_cb, reasons);
  g_assert_finalize_object (g_steal_pointer (&other));
}

static void
season_event_cb (TixEventStream *stream,
                 TixEvent       *event,
                 GPtrArray      *heard)
{
  g_assert_true (TIX_IS_EVENT (event));
  g_ptr_array_add (heard, g_object_ref (event));
}

/* An event made, changed (archived), copied and deleted on another station
 * comes as the typed signal of each, the event as the server has it. */
static void
test_season (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GPtrArray) created = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) updated = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) deleted = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(TixEvent) draft = tix_event_new ("Friday show");
  g_autoptr(TixEvent) made = NULL;
  g_autoptr(TixEvent) changed = NULL;
  g_autoptr(TixEvent) copy = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  const gint64 friday = G_GINT64_CONSTANT (1773432000000); /* 2026-03-13 20:00 UTC */

  g_signal_connect (fixture->stream, "event-created", G_CALLBACK (season_event_cb), created);
  g_signal_connect (fixture->stream, "event-updated", G_CALLBACK (season_event_cb), updated);
  g_signal_connect (fixture->stream, "event-deleted", G_CALLBACK (season_event_cb), deleted);
  start_and_wait (fixture);

  tix_event_set_starts_at (draft, friday);
  tix_event_set_venue (draft, "Main hall");
  tix_client_create_event_async (fixture->client, draft, NULL, tix_test_store_result, &result);
  made = tix_client_create_event_finish (fixture->client, wait_for (&result), &error);
  g_assert_no_error (error);
  TIX_TEST_WAIT_UNTIL (created->len == 1);
  g_assert_cmpint (tix_event_get_id (g_ptr_array_index (created, 0)), ==, tix_event_get_id (made));
  g_assert_cmpstr (tix_event_get_name (g_ptr_array_index (created, 0)), ==, "Friday show");
  g_assert_cmpstr (tix_event_get_venue (g_ptr_array_index (created, 0)), ==, "Main hall");
  g_assert_cmpint (tix_event_get_starts_at (g_ptr_array_index (created, 0)), ==, friday);

  /* A copy is a new event. */
  g_clear_object (&result);
  tix_client_copy_event_async (fixture->client, tix_event_get_id (made),
                               friday + 7 * 24 * G_GINT64_CONSTANT (3600000), "Next Friday",
                               NULL, tix_test_store_result, &result);
  copy = tix_client_copy_event_finish (fixture->client, wait_for (&result), &error);
  g_assert_no_error (error);
  TIX_TEST_WAIT_UNTIL (created->len == 2);
  g_assert_cmpstr (tix_event_get_name (g_ptr_array_index (created, 1)), ==, "Next Friday");

  tix_event_set_archived (draft, TRUE);
  g_clear_object (&result);
  tix_client_update_event_async (fixture->client, tix_event_get_id (made), draft,
                                 TIX_EVENT_FIELD_ARCHIVED, NULL, tix_test_store_result, &result);
  changed = tix_client_update_event_finish (fixture->client, wait_for (&result), &error);
  g_assert_no_error (error);
  TIX_TEST_WAIT_UNTIL (updated->len == 1);
  g_assert_cmpint (tix_event_get_id (g_ptr_array_index (updated, 0)), ==, tix_event_get_id (made));
  g_assert_true (tix_event_get_archived (g_ptr_array_index (updated, 0)));

  g_clear_object (&result);
  tix_client_delete_event_async (fixture->client, tix_event_get_id (copy), NULL,
                                 tix_test_store_result, &result);
  g_assert_true (tix_client_delete_event_finish (fixture->client, wait_for (&result), &error));
  g_assert_no_error (error);
  TIX_TEST_WAIT_UNTIL (deleted->len == 1);
  g_assert_cmpint (tix_event_get_id (g_ptr_array_index (deleted, 0)), ==, tix_event_get_id (copy));
  g_assert_cmpuint (created->len, ==, 2);
  g_assert_cmpuint (updated->len, ==, 1);

  g_signal_handlers_disconnect_by_func (fixture->stream, season_event_cb, created);
  g_signal_handlers_disconnect_by_func (fixture->stream, season_event_cb, updated);
  g_signal_handlers_disconnect_by_func (fixture->stream, season_event_cb, deleted);
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
  ADD ("/tix/client/events/cleared", test_cleared);
  ADD ("/tix/client/events/settings", test_settings);
  ADD ("/tix/client/events/reconnect", test_reconnect);
  ADD ("/tix/client/events/bad-token", test_bad_token);
  ADD ("/tix/client/events/dispose-while-connecting", test_dispose_while_connecting);
  ADD ("/tix/client/events/start-twice", test_start_twice);
  ADD ("/tix/client/events/season", test_season);

#undef ADD

  return g_test_run ();
}
