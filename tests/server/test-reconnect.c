/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A server whose PostgreSQL goes away answers 503 with a clear error,
 * acknowledges nothing it did not commit, and carries on by itself once the
 * database is back. The outage: the database stops taking connections and
 * the server's are ended, as when PostgreSQL restarts. */
#include "config.h"

#include <string.h>

#include "server-test-util.h"

static TixApiResponse *
scan (TixApiFixture *fixture,
      const char    *token,
      const char    *code)
{
  g_autofree char *literal = tix_api_json_string (code);
  g_autofree char *body = g_strdup_printf ("{\"code\":%s}", literal);

  return tix_api_request (fixture, "POST", "/api/scan", token, body);
}

static void
assert_unavailable (TixApiResponse *response)
{
  JsonObject *object;

  tix_api_assert_status (response, 503);
  object = tix_api_object (response);
  g_assert_nonnull (strstr (tix_api_string (object, "error"), "database"));
  g_assert_cmpstr (tix_api_header (response, "Retry-After"), ==, "1");
}

/* Asks again until the server answers something else than 503 (it tries to
 * reconnect at most once a second), for at most ten seconds. */
static TixApiResponse *
request_until_served (TixApiFixture *fixture,
                      const char    *method,
                      const char    *path,
                      const char    *token)
{
  for (int i = 0; i < 100; i++)
    {
      TixApiResponse *response = tix_api_request (fixture, method, path, token, NULL);

      if (response->status != 503)
        return response;
      tix_api_response_free (response);
      g_usleep (G_USEC_PER_SEC / 10);
    }
  g_assert_not_reached ();
}

static void
test_outage (TixApiFixture *fixture,
             gconstpointer  data)
{
  g_autofree char *token = tix_api_register (fixture, "gate@example.org", "Gate", NULL);
  JsonArray *tickets = tix_api_generate (fixture, token, "OUT", 2, NULL);
  const char *code = tix_api_string (json_array_get_object_element (tickets, 0), "code");
  g_autoptr(TixApiResponse) refused_scan = NULL;
  g_autoptr(TixApiResponse) refused_list = NULL;
  g_autoptr(TixApiResponse) back = NULL;
  g_autoptr(TixApiResponse) admitted = NULL;
  g_autoptr(TixApiResponse) again = NULL;
  JsonObject *stats;

  tix_test_database_suspend (fixture->server->db_path);

  /* Writes and reads are refused, plainly, and the server stays up. */
  refused_scan = scan (fixture, token, code);
  assert_unavailable (refused_scan);
  refused_list = tix_api_request (fixture, "GET", "/api/tickets", token, NULL);
  assert_unavailable (refused_list);

  tix_test_database_resume (fixture->server->db_path);

  /* Back by itself, and the refused scan was never made. */
  back = request_until_served (fixture, "GET", "/api/tickets", token);
  tix_api_assert_status (back, 200);
  stats = tix_api_stats (fixture, token);
  g_assert_cmpint (tix_api_int (stats, "scanned"), ==, 0);
  json_object_unref (stats);

  admitted = scan (fixture, token, code);
  tix_api_assert_status (admitted, 200);
  again = scan (fixture, token, code);
  g_assert_cmpuint (again->status, !=, 200);
  json_array_unref (tickets);
}

/* A connection that dies while nothing is going on (PostgreSQL restarted
 * overnight) costs the next request nothing. */
static void
test_idle_connection_lost (TixApiFixture *fixture,
                           gconstpointer  data)
{
  g_autofree char *token = tix_api_register (fixture, "night@example.org", "Night", NULL);
  g_autoptr(TixApiResponse) first = NULL;
  JsonArray *tickets;

  tix_test_database_suspend (fixture->server->db_path);
  tix_test_database_resume (fixture->server->db_path);
  first = tix_api_request (fixture, "GET", "/api/tickets", token, NULL);
  tix_api_assert_status (first, 200);

  tix_test_database_suspend (fixture->server->db_path);
  tix_test_database_resume (fixture->server->db_path);
  tickets = tix_api_generate (fixture, token, "NIGHT", 3, NULL);
  json_array_unref (tickets);
}

/* Each server listens for the others' events on a connection of its own:
 * after an outage it listens again, and events cross once more. */
static void
test_events_after_outage (TixApiFixture *fixture,
                          gconstpointer  data)
{
  g_autofree char *token = tix_api_register (fixture, "hall@example.org", "Hall", NULL);
  g_autoptr(TixServerThread) other = NULL;
  g_autoptr(TixApiListener) station = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *tickets = tix_api_generate (fixture, token, "HALL", 40, NULL);
  TixServerOptions options;
  guint i;

  tix_server_options_init (&options);
  options.fast_password_hashing = TRUE;
  other = tix_server_thread_new (fixture->server->db_path, &options, "127.0.0.1", 0, &error);
  g_assert_no_error (error);

  station = tix_api_listener_new (fixture->session, tix_server_thread_get_url (other), token);
  g_assert_true (tix_api_listener_wait_for (station, "hello", 1, 5000));

  tix_test_database_suspend (fixture->server->db_path);
  tix_test_database_resume (fixture->server->db_path);

  /* Scans through the first server until one reaches the station on the
   * other: its listener comes back within a second or two. */
  for (i = 0; i < 40 && tix_api_listener_count (station, "ticket-scanned") == 0; i++)
    {
      const char *code = tix_api_string (json_array_get_object_element (tickets, i), "code");
      g_autoptr(TixApiResponse) response = scan (fixture, token, code);

      g_assert_true (response->status == 200 || response->status == 503);
      tix_api_spin_for_ms (250);
    }
  g_assert_cmpuint (tix_api_listener_count (station, "ticket-scanned"), >=, 1);

  /* Closed before its server stops. */
  g_clear_pointer (&station, tix_api_listener_free);
  tix_server_thread_stop (other);
  json_array_unref (tickets);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/tix/postgres/reconnect/outage", TixApiFixture, NULL,
              tix_api_fixture_setup, test_outage, tix_api_fixture_teardown);
  g_test_add ("/tix/postgres/reconnect/idle-connection-lost", TixApiFixture, NULL,
              tix_api_fixture_setup, test_idle_connection_lost, tix_api_fixture_teardown);
  g_test_add ("/tix/postgres/reconnect/events-after-outage", TixApiFixture, NULL,
              tix_api_fixture_setup, test_events_after_outage, tix_api_fixture_teardown);

  return g_test_run ();
}
