/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The door: signed codes, POST /api/scan, unscan, reissue and live events. */
#include "config.h"

#include <string.h>

#include "server-test-util.h"

typedef struct
{
  TixApiFixture  api;
  char          *token;
  JsonArray     *tickets;
} Door;

static void
door_setup (Door          *door,
            gconstpointer  data)
{
  tix_api_fixture_setup (&door->api, data);
  door->token = tix_api_register (&door->api, "door@example.org", "Dora", NULL);
  door->tickets = tix_api_generate (&door->api, door->token, "FRI", 3, "Friday");
}

static void
door_teardown (Door          *door,
               gconstpointer  data)
{
  g_clear_pointer (&door->tickets, json_array_unref);
  g_free (door->token);
  tix_api_fixture_teardown (&door->api, data);
}

static JsonObject *
ticket_at (Door *door,
           guint index)
{
  return json_array_get_object_element (door->tickets, index);
}

static TixApiResponse *
scan_code (Door       *door,
           const char *token,
           const char *code,
           const char *prefixes)
{
  g_autofree char *literal = tix_api_json_string (code);
  g_autofree char *body = prefixes
    ? g_strdup_printf ("{\"code\":%s,\"prefixes\":%s}", literal, prefixes)
    : g_strdup_printf ("{\"code\":%s}", literal);

  return tix_api_request (&door->api, "POST", "/api/scan", token, body);
}

static void
test_code_admits_once (Door          *door,
                       gconstpointer  data)
{
  const char *code = tix_api_string (ticket_at (door, 0), "code");
  g_autoptr(TixApiResponse) first = NULL;
  g_autoptr(TixApiResponse) second = NULL;
  JsonObject *ticket;

  g_assert_cmpuint (strlen (code), ==, 136);

  first = scan_code (door, door->token, code, NULL);
  tix_api_assert_status (first, 200);
  ticket = json_object_get_object_member (tix_api_object (first), "ticket");
  g_assert_cmpstr (tix_api_string (ticket, "number"), ==, "FRI-000001");
  g_assert_cmpstr (tix_api_string (ticket, "scanned_by_name"), ==, "Dora");

  /* A wedge scanner with Caps Lock inverted types lower case. */
  {
    g_autofree char *lower = g_ascii_strdown (code, -1);
    second = scan_code (door, door->token, lower, NULL);
  }
  tix_api_assert_status (second, 400);
  g_assert_true (json_object_get_boolean_member (tix_api_object (second), "duplicate"));
  ticket = json_object_get_object_member (tix_api_object (second), "ticket");
  g_assert_true (tix_api_is_iso_time (tix_api_string (ticket, "scanned_at")));
}

static void
test_number_admits (Door          *door,
                    gconstpointer  data)
{
  g_autoptr(TixApiResponse) response = scan_code (door, door->token, " fri-000002 ", NULL);
  g_autoptr(TixApiResponse) unknown = scan_code (door, door->token, "FRI-999999", NULL);
  g_autoptr(TixApiResponse) junk = scan_code (door, door->token, "<script>", NULL);

  tix_api_assert_status (response, 200);
  tix_api_assert_error (unknown, 404, NULL);
  tix_api_assert_error (junk, 422, "code");
}

/* A deleted ticket answers 422 reason "deleted", by code and by number; a
 * number that never was stays 404. */
static void
test_deleted (Door          *door,
              gconstpointer  data)
{
  const char *id = tix_api_string (ticket_at (door, 1), "id");
  g_autofree char *path = g_strdup_printf ("/api/tickets/%s", id);
  g_autoptr(TixApiResponse) deleted = NULL;
  g_autoptr(TixApiResponse) by_code = NULL;
  g_autoptr(TixApiResponse) by_number = NULL;
  g_autoptr(TixApiResponse) never = NULL;
  g_autoptr(TixApiResponse) other = NULL;
  g_autofree char *other_token = NULL;

  deleted = tix_api_request (&door->api, "DELETE", path, door->token, NULL);
  tix_api_assert_status (deleted, 200);

  by_code = scan_code (door, door->token, tix_api_string (ticket_at (door, 1), "code"), NULL);
  tix_api_assert_error (by_code, 422, NULL);
  g_assert_cmpstr (tix_api_string (tix_api_object (by_code), "reason"), ==, "deleted");
  by_number = scan_code (door, door->token, "FRI-000002", NULL);
  tix_api_assert_error (by_number, 422, NULL);
  g_assert_cmpstr (tix_api_string (tix_api_object (by_number), "reason"), ==, "deleted");
  never = scan_code (door, door->token, "FRI-000009", NULL);
  tix_api_assert_error (never, 404, NULL);

  /* Another organization knows nothing of it. */
  other_token = tix_api_register (&door->api, "other@example.org", "Otto", NULL);
  other = scan_code (door, other_token, "FRI-000002", NULL);
  tix_api_assert_error (other, 404, NULL);
}

static void
test_forged (Door          *door,
             gconstpointer  data)
{
  g_autofree char *code = g_strdup (tix_api_string (ticket_at (door, 0), "code"));
  g_autoptr(TixApiResponse) forged = NULL;
  g_autoptr(TixApiResponse) foreign = NULL;
  g_autofree char *other = NULL;
  g_autoptr(JsonArray) other_tickets = NULL;
  JsonObject *stats;

  code[100] = code[100] == 'A' ? 'B' : 'A';
  forged = scan_code (door, door->token, code, NULL);
  tix_api_assert_error (forged, 422, NULL);

  /* Another organization's real code is a forgery here. */
  other = tix_api_register (&door->api, "other@example.org", "Otto", NULL);
  other_tickets = tix_api_generate (&door->api, other, "FRI", 1, NULL);
  foreign = scan_code (door, door->token,
                       tix_api_string (json_array_get_object_element (other_tickets, 0), "code"),
                       NULL);
  tix_api_assert_error (foreign, 422, NULL);

  stats = tix_api_stats (&door->api, door->token);
  g_assert_cmpint (tix_api_int (stats, "scanned"), ==, 0);
  json_object_unref (stats);
}

static void
test_reissue (Door          *door,
              gconstpointer  data)
{
  const char *id = tix_api_string (ticket_at (door, 1), "id");
  const char *old_code = tix_api_string (ticket_at (door, 1), "code");
  g_autoptr(TixApiResponse) reissued = NULL;
  g_autoptr(TixApiResponse) old_scan = NULL;
  g_autoptr(TixApiResponse) new_scan = NULL;
  g_autofree char *new_code = NULL;

  reissued = tix_api_requestf (&door->api, "POST", door->token, NULL,
                               "/api/tickets/%s/reissue", id);
  tix_api_assert_status (reissued, 200);
  new_code = g_strdup (tix_api_string (tix_api_unwrap_ticket (tix_api_object (reissued)),
                                       "code"));
  g_assert_cmpstr (new_code, !=, old_code);

  old_scan = scan_code (door, door->token, old_code, NULL);
  tix_api_assert_error (old_scan, 422, NULL);
  g_assert_cmpstr (tix_api_string (tix_api_object (old_scan), "reason"), ==, "replaced");

  new_scan = scan_code (door, door->token, new_code, NULL);
  tix_api_assert_status (new_scan, 200);
}

static void
test_prefixes (Door          *door,
               gconstpointer  data)
{
  const char *code = tix_api_string (ticket_at (door, 2), "code");
  g_autoptr(TixApiResponse) refused = scan_code (door, door->token, code, "[\"SAT\"]");
  g_autoptr(TixApiResponse) admitted = scan_code (door, door->token, code, "[\"SAT\",\"fri\"]");
  g_autoptr(TixApiResponse) bad = scan_code (door, door->token, code, "[\"no good\"]");

  tix_api_assert_error (refused, 422, NULL);
  g_assert_cmpstr (tix_api_string (tix_api_object (refused), "reason"), ==, "wrong-prefix");
  tix_api_assert_status (admitted, 200);
  tix_api_assert_error (bad, 400, "prefixes");
}

static void
test_unscan (Door          *door,
             gconstpointer  data)
{
  const char *id = tix_api_string (ticket_at (door, 0), "id");
  g_autoptr(TixApiResponse) scan = NULL;
  g_autoptr(TixApiResponse) undo = NULL;
  g_autoptr(TixApiResponse) again = NULL;
  g_autoptr(TixApiResponse) rescan = NULL;
  JsonObject *stats;

  scan = tix_api_requestf (&door->api, "PUT", door->token, NULL, "/api/tickets/%s/scan", id);
  tix_api_assert_status (scan, 200);
  undo = tix_api_requestf (&door->api, "PUT", door->token, NULL, "/api/tickets/%s/unscan", id);
  tix_api_assert_status (undo, 200);
  again = tix_api_requestf (&door->api, "PUT", door->token, NULL, "/api/tickets/%s/unscan", id);
  tix_api_assert_error (again, 400, NULL);

  stats = tix_api_stats (&door->api, door->token);
  g_assert_cmpint (tix_api_int (stats, "scanned"), ==, 0);
  json_object_unref (stats);

  rescan = tix_api_requestf (&door->api, "PUT", door->token, NULL, "/api/tickets/%s/scan", id);
  tix_api_assert_status (rescan, 200);
}

/* Events */

static TixApiListener *
listener_new (Door       *door,
              const char *token)
{
  return tix_api_listener_new (door->api.session, door->api.server->url, token);
}

static void
wait_for_event (TixApiListener *listener,
                const char     *type)
{
  g_assert_true (tix_api_listener_wait_for (listener, type, 1, 10000));
}

static void
test_events_reach_own_organization_only (Door          *door,
                                         gconstpointer  data)
{
  g_autofree char *other_token = tix_api_register (&door->api, "rival@example.org", "Rita", NULL);
  g_autoptr(TixApiListener) mine = listener_new (door, door->token);
  g_autoptr(TixApiListener) theirs = listener_new (door, other_token);
  g_autoptr(TixApiResponse) scan = NULL;
  g_autoptr(JsonArray) generated = NULL;
  g_autoptr(JsonNode) event = NULL;
  const char *last;

  wait_for_event (mine, "hello");
  wait_for_event (theirs, "hello");

  scan = scan_code (door, door->token, tix_api_string (ticket_at (door, 0), "code"), NULL);
  tix_api_assert_status (scan, 200);
  wait_for_event (mine, "ticket-scanned");

  generated = tix_api_generate (&door->api, door->token, "SAT", 5, NULL);
  wait_for_event (mine, "tickets-generated");

  last = g_ptr_array_index (mine->messages, mine->messages->len - 1);
  event = json_from_string (last, NULL);
  g_assert_nonnull (event);
  {
    JsonObject *object = json_node_get_object (event);
    JsonObject *stats = json_object_get_object_member (object, "stats");

    g_assert_cmpstr (tix_api_string (object, "first_number"), ==, "SAT-000001");
    g_assert_cmpstr (tix_api_string (object, "last_number"), ==, "SAT-000005");
    g_assert_cmpint (tix_api_int (object, "count"), ==, 5);
    g_assert_false (json_object_has_member (object, "tickets"));
    g_assert_cmpint (tix_api_int (stats, "total"), ==, 8);
    g_assert_cmpint (tix_api_int (stats, "scanned"), ==, 1);
  }

  tix_api_spin_for_ms (200);
  g_assert_cmpuint (tix_api_listener_count (theirs, "ticket-scanned"), ==, 0);
  g_assert_cmpuint (tix_api_listener_count (theirs, "tickets-generated"), ==, 0);
}

static void
test_events_auth_message (Door          *door,
                          gconstpointer  data)
{
  g_autoptr(TixApiListener) listener = listener_new (door, NULL);
  g_autofree char *auth = g_strdup_printf ("{\"type\":\"auth\",\"token\":\"%s\"}", door->token);

  soup_websocket_connection_send_text (listener->connection, auth);
  wait_for_event (listener, "hello");
  g_assert_false (listener->closed);
}

static void
test_events_bad_token_closed (Door          *door,
                              gconstpointer  data)
{
  g_autoptr(TixApiListener) listener = listener_new (door, NULL);

  soup_websocket_connection_send_text (listener->connection,
                                       "{\"type\":\"auth\",\"token\":\"nope\"}");
  g_assert_true (tix_api_spin_until (&listener->closed, 10000));
  g_assert_cmpuint (tix_api_listener_count (listener, "hello"), ==, 0);
}

static void
test_events_no_token_closed (Door          *door,
                             gconstpointer  data)
{
  g_autoptr(TixApiListener) listener = listener_new (door, NULL);

  /* Closed after five quiet seconds. */
  g_assert_true (tix_api_spin_until (&listener->closed, 15000));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Door, NULL, door_setup, fn, door_teardown)
  ADD ("/tix/door/scan/code-admits-once", test_code_admits_once);
  ADD ("/tix/door/scan/number", test_number_admits);
  ADD ("/tix/door/scan/forged", test_forged);
  ADD ("/tix/door/scan/deleted", test_deleted);
  ADD ("/tix/door/scan/reissue", test_reissue);
  ADD ("/tix/door/scan/prefixes", test_prefixes);
  ADD ("/tix/door/scan/unscan", test_unscan);
  ADD ("/tix/door/events/own-organization-only", test_events_reach_own_organization_only);
  ADD ("/tix/door/events/auth-message", test_events_auth_message);
  ADD ("/tix/door/events/bad-token", test_events_bad_token_closed);
  ADD ("/tix/door/events/no-token", test_events_no_token_closed);
#undef ADD

  return g_test_run ();
}
