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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/tix/postgres/reconnect/outage", TixApiFixture, NULL,
              tix_api_fixture_setup, test_outage, tix_api_fixture_teardown);
  g_test_add ("/tix/postgres/reconnect/idle-connection-lost", TixApiFixture, NULL,
              tix_api_fixture_setup, test_idle_connection_lost, tix_api_fixture_teardown);

  return g_test_run ();
}
