/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What offline stations rely on: /api/sync, uploads by scan_id, conflicts. */
#include "config.h"

#include <string.h>

#include "server-test-util.h"
#include "tix-ticket-code.h"
#include "tix-time.h"

typedef struct
{
  TixApiFixture  api;
  char          *token;
  JsonArray     *tickets;
} Offline;

static void
offline_setup (Offline       *f,
               gconstpointer  data)
{
  tix_api_fixture_setup (&f->api, data);
  f->token = tix_api_register (&f->api, "gate@example.org", "Gabi", NULL);
  f->tickets = tix_api_generate (&f->api, f->token, "SAT", 5, NULL);
}

static void
offline_teardown (Offline       *f,
                  gconstpointer  data)
{
  g_clear_pointer (&f->tickets, json_array_unref);
  g_free (f->token);
  tix_api_fixture_teardown (&f->api, data);
}

static const char *
ticket_field (Offline    *f,
              guint       index,
              const char *member)
{
  return tix_api_string (json_array_get_object_element (f->tickets, index), member);
}

static TixApiResponse *
sync_since (Offline *f,
            gint64   since,
            guint    limit)
{
  return tix_api_requestf (&f->api, "GET", f->token, NULL,
                           "/api/sync?since=%" G_GINT64_FORMAT "&limit=%u", since, limit);
}

static TixApiResponse *
upload (Offline    *f,
        const char *code,
        const char *scan_id,
        gint64      scanned_at,
        const char *station)
{
  g_autofree char *at = tix_time_format_iso (scanned_at);
  g_autofree char *body = g_strdup_printf ("{\"code\":\"%s\",\"scan_id\":\"%s\","
                                           "\"scanned_at\":\"%s\",\"station\":\"%s\"}",
                                           code, scan_id, at, station);

  return tix_api_request (&f->api, "POST", "/api/scan", f->token, body);
}

static void
test_sync_follows_changes (Offline       *f,
                           gconstpointer  data)
{
  g_autoptr(TixApiResponse) all = sync_since (f, 0, 1000);
  g_autoptr(TixApiResponse) nothing = NULL;
  g_autoptr(TixApiResponse) scanned = NULL;
  g_autoptr(TixApiResponse) after = NULL;
  g_autoptr(TixApiResponse) deleted = NULL;
  g_autoptr(TixApiResponse) gone = NULL;
  g_autoptr(GBytes) key = NULL;
  JsonObject *object;
  JsonArray *changes;
  gint64 next;
  gsize key_length = 0;
  guchar *key_data;

  tix_api_assert_status (all, 200);
  object = tix_api_object (all);
  changes = json_object_get_array_member (object, "changes");
  g_assert_cmpuint (json_array_get_length (changes), ==, 5);
  g_assert_false (json_object_get_boolean_member (object, "more"));
  next = tix_api_int (object, "next");
  {
    JsonObject *first = json_array_get_object_element (changes, 0);

    g_assert_cmpstr (tix_api_string (first, "number"), ==, "SAT-000001");
    g_assert_cmpint (tix_api_int (first, "revision"), ==, 1);
    g_assert_true (tix_api_is_null (first, "scanned_at"));
    g_assert_false (json_object_get_boolean_member (first, "deleted"));
  }

  /* The public key checks codes without the server. */
  key_data = g_base64_decode (tix_api_string (object, "public_key"), &key_length);
  key = g_bytes_new_take (key_data, key_length);
  g_assert_cmpuint (key_length, ==, TIX_TICKET_CODE_PUBLIC_KEY_BYTES);
  {
    g_autofree char *id = tix_ticket_code_decode (ticket_field (f, 0, "code"), key_data,
                                                  NULL, NULL);
    g_assert_cmpstr (id, ==, ticket_field (f, 0, "id"));
  }

  nothing = sync_since (f, next, 1000);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (tix_api_object (nothing),
                                                                         "changes")), ==, 0);
  g_assert_cmpint (tix_api_int (tix_api_object (nothing), "next"), ==, next);

  scanned = tix_api_requestf (&f->api, "PUT", f->token, NULL, "/api/tickets/%s/scan",
                              ticket_field (f, 2, "id"));
  tix_api_assert_status (scanned, 200);
  after = sync_since (f, next, 1000);
  changes = json_object_get_array_member (tix_api_object (after), "changes");
  g_assert_cmpuint (json_array_get_length (changes), ==, 1);
  g_assert_cmpstr (tix_api_string (json_array_get_object_element (changes, 0), "id"), ==,
                   ticket_field (f, 2, "id"));
  g_assert_true (tix_api_is_iso_time (tix_api_string (json_array_get_object_element (changes, 0),
                                                      "scanned_at")));
  next = tix_api_int (tix_api_object (after), "next");

  deleted = tix_api_requestf (&f->api, "DELETE", f->token, NULL, "/api/tickets/%s",
                              ticket_field (f, 3, "id"));
  tix_api_assert_status (deleted, 200);
  gone = sync_since (f, next, 1000);
  changes = json_object_get_array_member (tix_api_object (gone), "changes");
  g_assert_cmpuint (json_array_get_length (changes), ==, 1);
  g_assert_true (json_object_get_boolean_member (json_array_get_object_element (changes, 0),
                                                 "deleted"));
}

static void
test_sync_pages (Offline       *f,
                 gconstpointer  data)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(JsonArray) more = tix_api_generate (&f->api, f->token, "SUN", 23, NULL);
  g_autoptr(TixApiResponse) cleared = NULL;
  gint64 since = 0;
  gboolean again = TRUE;
  guint deleted = 0;

  while (again)
    {
      g_autoptr(TixApiResponse) page = sync_since (f, since, 4);
      JsonArray *changes = json_object_get_array_member (tix_api_object (page), "changes");

      for (guint i = 0; i < json_array_get_length (changes); i++)
        {
          const char *id = tix_api_string (json_array_get_object_element (changes, i), "id");
          g_assert_false (g_hash_table_contains (seen, id));
          g_hash_table_add (seen, g_strdup (id));
        }
      since = tix_api_int (tix_api_object (page), "next");
      again = json_object_get_boolean_member (tix_api_object (page), "more");
    }
  g_assert_cmpuint (g_hash_table_size (seen), ==, 28);

  /* A clear leaves a tombstone for every ticket. */
  cleared = tix_api_request (&f->api, "DELETE", "/api/tickets", f->token, NULL);
  tix_api_assert_status (cleared, 200);
  {
    g_autoptr(TixApiResponse) page = sync_since (f, since, 1000);
    JsonArray *changes = json_object_get_array_member (tix_api_object (page), "changes");

    for (guint i = 0; i < json_array_get_length (changes); i++)
      if (json_object_get_boolean_member (json_array_get_object_element (changes, i), "deleted"))
        deleted++;
  }
  g_assert_cmpuint (deleted, ==, 28);
}

/* The server makes the next page while the station reads this one: a change
 * in between is in the page the station gets, plain or compressed. */
static void
test_sync_page_ahead (Offline       *f,
                      gconstpointer  data)
{
  g_autoptr(JsonArray) more = tix_api_generate (&f->api, f->token, "SUN", 5, NULL);
  /* The session's decoder asks for gzip unless told otherwise. */
  const char *plain[] = { "Accept-Encoding", "identity", NULL };
  const char *gzip[] = { "Accept-Encoding", "gzip", NULL };

  for (guint round = 0; round < 2; round++)
    {
      g_autoptr(TixApiResponse) first = NULL;
      g_autoptr(TixApiResponse) scanned = NULL;
      g_autoptr(TixApiResponse) second = NULL;
      const char *scanned_id = tix_api_string (json_array_get_object_element (more, round),
                                               "id");
      JsonArray *changes;
      gboolean found = FALSE;

      const char *const *accept = round == 0 ? plain : gzip;

      first = tix_api_send (f->api.session, f->api.server->url, "GET",
                            "/api/sync?since=0&limit=5", f->token, accept, NULL, NULL, 0);
      tix_api_assert_status (first, 200);
      g_assert_true (json_object_get_boolean_member (tix_api_object (first), "more"));

      /* Time for the page ahead (since=5) to be made, then a change in it. */
      g_usleep (100 * 1000);
      scanned = tix_api_requestf (&f->api, "PUT", f->token, NULL, "/api/tickets/%s/scan",
                                  scanned_id);
      tix_api_assert_status (scanned, 200);

      second = tix_api_send (f->api.session, f->api.server->url, "GET",
                             "/api/sync?since=5&limit=5", f->token, accept, NULL, NULL, 0);
      tix_api_assert_status (second, 200);
      changes = json_object_get_array_member (tix_api_object (second), "changes");
      for (guint i = 0; i < json_array_get_length (changes); i++)
        {
          JsonObject *change = json_array_get_object_element (changes, i);

          if (g_strcmp0 (tix_api_string (change, "id"), scanned_id) == 0)
            {
              g_assert_false (found);
              found = TRUE;
              g_assert_true (tix_api_is_iso_time (tix_api_string (change, "scanned_at")));
            }
        }
      g_assert_true (found);
    }
}

/* The events are on every page, and change without a change number. */
static void
test_sync_page_ahead_events (Offline       *f,
                             gconstpointer  data)
{
  g_autoptr(JsonArray) more = tix_api_generate (&f->api, f->token, "SUN", 5, NULL);
  g_autoptr(TixApiResponse) first = sync_since (f, 0, 5);
  g_autoptr(TixApiResponse) settings = NULL;
  g_autoptr(TixApiResponse) renamed = NULL;
  g_autoptr(TixApiResponse) second = NULL;
  JsonArray *events;

  tix_api_assert_status (first, 200);
  g_usleep (100 * 1000);
  settings = tix_api_request (&f->api, "GET", "/api/settings", f->token, NULL);
  renamed = tix_api_requestf (&f->api, "PUT", f->token, "{\"name\":\"Late show\"}",
                              "/api/events/%" G_GINT64_FORMAT,
                              tix_api_int (tix_api_object (settings), "current_event_id"));
  tix_api_assert_status (renamed, 200);

  second = sync_since (f, 5, 5);
  tix_api_assert_status (second, 200);
  events = json_object_get_array_member (tix_api_object (second), "events");
  g_assert_cmpuint (json_array_get_length (events), ==, 1);
  g_assert_cmpstr (tix_api_string (json_array_get_object_element (events, 0), "name"), ==,
                   "Late show");
}

/* The entrances are on every page too, and change without a change number. */
static void
test_sync_page_ahead_entrances (Offline       *f,
                                gconstpointer  data)
{
  g_autoptr(JsonArray) more = tix_api_generate (&f->api, f->token, "SUN", 5, NULL);
  g_autoptr(TixApiResponse) first = sync_since (f, 0, 5);
  g_autoptr(TixApiResponse) settings = NULL;
  g_autoptr(TixApiResponse) added = NULL;
  g_autoptr(TixApiResponse) second = NULL;
  JsonArray *entrances;
  gboolean found = FALSE;

  tix_api_assert_status (first, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (tix_api_object (first),
                                                                         "entrances")), ==, 1);
  g_usleep (100 * 1000);
  settings = tix_api_request (&f->api, "GET", "/api/settings", f->token, NULL);
  added = tix_api_requestf (&f->api, "POST", f->token, "{\"name\":\"Side door\"}",
                            "/api/events/%" G_GINT64_FORMAT "/entrances",
                            tix_api_int (tix_api_object (settings), "current_event_id"));
  tix_api_assert_status (added, 201);

  second = sync_since (f, 5, 5);
  tix_api_assert_status (second, 200);
  entrances = json_object_get_array_member (tix_api_object (second), "entrances");
  g_assert_cmpuint (json_array_get_length (entrances), ==, 2);
  for (guint i = 0; i < json_array_get_length (entrances); i++)
    found |= g_strcmp0 (tix_api_string (json_array_get_object_element (entrances, i), "name"),
                        "Side door") == 0;
  g_assert_true (found);
}

static void
test_upload_once (Offline       *f,
                  gconstpointer  data)
{
  g_autofree char *scan_id = g_uuid_string_random ();
  gint64 when = tix_time_now_ms () - 60 * 1000;
  g_autoptr(TixApiResponse) first = upload (f, ticket_field (f, 0, "code"), scan_id, when, "gate-2");
  g_autoptr(TixApiResponse) again = upload (f, ticket_field (f, 0, "code"), scan_id, when, "gate-2");
  JsonObject *stats, *ticket;

  tix_api_assert_status (first, 200);
  tix_api_assert_status (again, 200);
  ticket = json_object_get_object_member (tix_api_object (again), "ticket");
  /* Admitted at the station's time, not the upload's. */
  g_assert_cmpint (tix_api_parse_time (tix_api_string (ticket, "scanned_at")), ==, when);

  stats = tix_api_stats (&f->api, f->token);
  g_assert_cmpint (tix_api_int (stats, "scanned"), ==, 1);
  json_object_unref (stats);
}

static void
test_upload_conflict (Offline       *f,
                      gconstpointer  data)
{
  g_autofree char *gate_a = g_uuid_string_random ();
  g_autofree char *gate_b = g_uuid_string_random ();
  gint64 when = tix_time_now_ms () - 120 * 1000;
  g_autoptr(TixApiResponse) a = upload (f, ticket_field (f, 1, "code"), gate_a, when, "gate-a");
  g_autoptr(TixApiResponse) b = upload (f, ticket_field (f, 1, "code"), gate_b, when + 5000, "gate-b");
  g_autoptr(TixApiResponse) b_again = upload (f, ticket_field (f, 1, "code"), gate_b, when + 5000,
                                              "gate-b");
  g_autoptr(TixApiResponse) list = NULL;
  JsonArray *conflicts;
  JsonObject *conflict;

  tix_api_assert_status (a, 200);
  tix_api_assert_error (b, 400, NULL);
  g_assert_true (json_object_get_boolean_member (tix_api_object (b), "duplicate"));
  g_assert_true (json_object_get_boolean_member (tix_api_object (b), "conflict"));
  tix_api_assert_error (b_again, 400, NULL);
  g_assert_true (json_object_get_boolean_member (tix_api_object (b_again), "conflict"));

  list = tix_api_request (&f->api, "GET", "/api/scans/conflicts", f->token, NULL);
  tix_api_assert_status (list, 200);
  conflicts = tix_api_array (list);
  g_assert_cmpuint (json_array_get_length (conflicts), ==, 1);
  conflict = json_array_get_object_element (conflicts, 0);
  g_assert_cmpstr (tix_api_string (json_object_get_object_member (conflict, "first"), "station"),
                   ==, "gate-a");
  g_assert_cmpstr (tix_api_string (json_object_get_object_member (conflict, "second"), "station"),
                   ==, "gate-b");
  g_assert_cmpstr (tix_api_string (json_object_get_object_member (conflict, "second"), "scan_id"),
                   ==, gate_b);
  g_assert_cmpstr (tix_api_string (json_object_get_object_member (conflict, "ticket"), "number"),
                   ==, "SAT-000002");
}

static void
test_upload_bad_input (Offline       *f,
                       gconstpointer  data)
{
  g_autofree char *scan_id = g_uuid_string_random ();
  g_autoptr(TixApiResponse) old = upload (f, ticket_field (f, 4, "code"), scan_id,
                                          tix_time_now_ms () - (gint64) 30 * 24 * 3600 * 1000,
                                          "gate");
  g_autoptr(TixApiResponse) future = upload (f, ticket_field (f, 4, "code"), scan_id,
                                             tix_time_now_ms () + 3600 * 1000, "gate");
  g_autoptr(TixApiResponse) bad_id = upload (f, ticket_field (f, 4, "code"), "not-a-uuid",
                                             tix_time_now_ms (), "gate");
  g_autoptr(TixApiResponse) conflicts = NULL;

  tix_api_assert_error (old, 400, "scanned_at");
  tix_api_assert_error (future, 400, "scanned_at");
  tix_api_assert_error (bad_id, 400, "scan_id");

  /* Nothing changed. */
  {
    JsonObject *stats = tix_api_stats (&f->api, f->token);
    g_assert_cmpint (tix_api_int (stats, "scanned"), ==, 0);
    json_object_unref (stats);
  }
  conflicts = tix_api_request (&f->api, "GET", "/api/scans/conflicts", f->token, NULL);
  g_assert_cmpuint (json_array_get_length (tix_api_array (conflicts)), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Offline, NULL, offline_setup, fn, offline_teardown)
  ADD ("/tix/offline/sync/changes", test_sync_follows_changes);
  ADD ("/tix/offline/sync/pages", test_sync_pages);
  ADD ("/tix/offline/sync/page-ahead", test_sync_page_ahead);
  ADD ("/tix/offline/sync/page-ahead-events", test_sync_page_ahead_events);
  ADD ("/tix/offline/sync/page-ahead-entrances", test_sync_page_ahead_entrances);
  ADD ("/tix/offline/upload/once", test_upload_once);
  ADD ("/tix/offline/upload/conflict", test_upload_conflict);
  ADD ("/tix/offline/upload/bad-input", test_upload_bad_input);
#undef ADD

  return g_test_run ();
}
