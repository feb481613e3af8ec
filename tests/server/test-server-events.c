/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A season of shows (issue 18): events as first-class objects, over HTTP,
 * on SQLite and (suite postgres) PostgreSQL; and the migration of a
 * database made by the schema before events. */
#include "config.h"

#include <string.h>

#include "server-test-util.h"
#include "tix-test-old-schema.h"
#include "tix-store.h"
#include "tix-time.h"

typedef struct
{
  TixApiFixture  api;
  char          *admin;
  char          *seller;
  char          *scanner;
  char          *other;     /* an admin of another organization */
} Fixture;

static char *
add_user (Fixture    *f,
          const char *email,
          const char *role)
{
  g_autofree char *body = g_strdup_printf ("{\"email\":\"%s\",\"name\":\"%s\",\"password\":\""
                                           TIX_API_PASSWORD "\",\"role\":\"%s\"}",
                                           email, role, role);
  g_autoptr(TixApiResponse) r = tix_api_request (&f->api, "POST", "/api/users", f->admin, body);

  tix_api_assert_status (r, 201);
  return tix_api_login (&f->api, email, TIX_API_PASSWORD);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  tix_api_fixture_setup (&f->api, data);
  f->admin = tix_api_register (&f->api, "ada@example.org", "Ada", NULL);
  f->seller = add_user (f, "sam@example.org", "seller");
  f->scanner = add_user (f, "sue@example.org", "scanner");
  f->other = tix_api_register (&f->api, "otto@example.org", "Otto", NULL);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_free (f->admin);
  g_free (f->seller);
  g_free (f->scanner);
  g_free (f->other);
  tix_api_fixture_teardown (&f->api, data);
}

static const char * const event_members[] = {
  "id", "name", "starts_at", "ends_at", "venue", "capacity", "max_inside", "archived",
  "created_at", "tickets", "scanned", "inside", NULL
};

static JsonObject *
assert_event (JsonObject *event)
{
  tix_api_assert_members (event, event_members, NULL);
  g_assert_cmpint (tix_api_int (event, "id"), >, 0);
  g_assert_true (tix_api_is_iso_time (tix_api_string (event, "created_at")));
  return event;
}

/* POST /api/events with @body: the new event's id. */
static gint64
create (Fixture    *f,
        const char *body)
{
  g_autoptr(TixApiResponse) r = tix_api_request (&f->api, "POST", "/api/events", f->admin, body);

  tix_api_assert_status (r, 201);
  return tix_api_int (assert_event (tix_api_object (r)), "id");
}

static JsonObject *
get_event (Fixture *f,
           gint64   id)
{
  g_autoptr(TixApiResponse) r = tix_api_requestf (&f->api, "GET", f->scanner, NULL,
                                                  "/api/events/%" G_GINT64_FORMAT, id);

  tix_api_assert_status (r, 200);
  return json_object_ref (assert_event (tix_api_object (r)));
}

static JsonArray *
generate_into (Fixture    *f,
               gint64      event_id,
               const char *prefix,
               guint       count,
               guint       status)
{
  g_autofree char *body = g_strdup_printf ("{\"count\":%u,\"prefix\":\"%s\",\"event_id\":%"
                                           G_GINT64_FORMAT "}", count, prefix, event_id);
  g_autoptr(TixApiResponse) r = tix_api_request (&f->api, "POST", "/api/tickets/generate",
                                                 f->seller, body);

  if (status != 201)
    {
      tix_api_assert_error (r, status, NULL);
      return NULL;
    }
  tix_api_assert_status (r, 201);
  return json_array_ref (tix_api_array (r));
}

/* The first message of @type @live had, kept in *@node (which drops the
 * one it held). */
static JsonObject *
message_of (TixApiListener  *live,
            const char      *type,
            JsonNode       **node)
{
  g_clear_pointer (node, json_node_unref);
  *node = tix_api_listener_find (live, type);
  g_assert_nonnull (*node);
  return json_node_get_object (*node);
}

/* Two shows of a weekend: Friday and Saturday, 19:00 UTC. */
static void
create_weekend (Fixture *f,
                gint64  *friday,
                gint64  *saturday)
{
  *friday = create (f, "{\"name\":\"Friday\",\"starts_at\":\"2026-03-20T19:00:00Z\"}");
  *saturday = create (f, "{\"name\":\"Saturday\",\"starts_at\":\"2026-03-21T19:00:00Z\"}");
}

static gint64
current_event (Fixture *f)
{
  g_autoptr(TixApiResponse) r = tix_api_request (&f->api, "GET", "/api/settings", f->scanner, NULL);

  tix_api_assert_status (r, 200);
  return tix_api_int (tix_api_object (r), "current_event_id");
}

/* Every organization has its current event from the start: no name, no date,
 * as the seed's settings had. */
static void
test_first_event (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(TixApiResponse) list = tix_api_request (&f->api, "GET", "/api/events", f->scanner,
                                                    NULL);
  g_autoptr(TixApiResponse) settings = tix_api_request (&f->api, "GET", "/api/settings",
                                                        f->admin, NULL);
  g_autoptr(JsonArray) made = tix_api_generate (&f->api, f->admin, "GA", 3, NULL);
  JsonArray *events;
  JsonObject *event;

  tix_api_assert_status (list, 200);
  events = tix_api_array (list);
  g_assert_cmpuint (json_array_get_length (events), ==, 1);
  event = assert_event (json_array_get_object_element (events, 0));
  g_assert_cmpstr (tix_api_string (event, "name"), ==, "");
  g_assert_true (tix_api_is_null (event, "starts_at"));
  g_assert_cmpint (tix_api_int (tix_api_object (settings), "current_event_id"), ==,
                   tix_api_int (event, "id"));
  g_assert_cmpstr (tix_api_string (tix_api_object (settings), "event_name"), ==, "");
  g_assert_true (tix_api_is_null (tix_api_object (settings), "event_date"));

  /* Tickets without event_id go to it, and say so. */
  g_assert_cmpint (tix_api_int (json_array_get_object_element (made, 0), "event_id"), ==,
                   tix_api_int (event, "id"));
}

/* The settings event_name and event_date are the current event's. */
static void
test_settings (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(TixApiResponse) put = NULL;
  g_autoptr(TixApiResponse) again = NULL;
  g_autoptr(TixApiResponse) bad = NULL;
  g_autoptr(TixApiResponse) foreign = NULL;
  g_autoptr(JsonObject) event = NULL;
  g_autoptr(JsonObject) first = NULL;
  g_autofree char *body = NULL;
  gint64 current = current_event (f), friday;

  put = tix_api_request (&f->api, "PUT", "/api/settings", f->admin,
                         "{\"event_name\":\"Gala\",\"event_date\":\"2026-03-14\","
                         "\"time_zone\":\"Europe/Berlin\"}");
  tix_api_assert_status (put, 200);
  g_assert_cmpstr (tix_api_string (tix_api_object (put), "event_name"), ==, "Gala");
  g_assert_cmpstr (tix_api_string (tix_api_object (put), "event_date"), ==, "2026-03-14");
  event = get_event (f, current);
  g_assert_cmpstr (tix_api_string (event, "name"), ==, "Gala");
  /* Midnight in Berlin. */
  g_assert_cmpstr (tix_api_string (event, "starts_at"), ==, "2026-03-13T23:00:00.000Z");

  /* Another current event: the settings follow it. */
  friday = create (f, "{\"name\":\"Friday\",\"starts_at\":\"2026-03-20T19:00:00.000Z\"}");
  body = g_strdup_printf ("{\"current_event_id\":%" G_GINT64_FORMAT "}", friday);
  again = tix_api_request (&f->api, "PUT", "/api/settings", f->admin, body);
  tix_api_assert_status (again, 200);
  g_assert_cmpint (tix_api_int (tix_api_object (again), "current_event_id"), ==, friday);
  g_assert_cmpstr (tix_api_string (tix_api_object (again), "event_name"), ==, "Friday");
  g_assert_cmpstr (tix_api_string (tix_api_object (again), "event_date"), ==, "2026-03-20");

  /* A new date keeps the time of day (20:00 in Berlin). */
  g_clear_pointer (&again, tix_api_response_free);
  again = tix_api_request (&f->api, "PUT", "/api/settings", f->admin,
                           "{\"event_date\":\"2026-03-27\"}");
  tix_api_assert_status (again, 200);
  g_clear_pointer (&event, json_object_unref);
  event = get_event (f, friday);
  g_assert_cmpstr (tix_api_string (event, "starts_at"), ==, "2026-03-27T19:00:00.000Z");
  first = get_event (f, current);
  g_assert_cmpstr (tix_api_string (first, "name"), ==, "Gala");

  bad = tix_api_request (&f->api, "PUT", "/api/settings", f->admin,
                         "{\"current_event_id\":\"one\"}");
  tix_api_assert_error (bad, 400, "current_event_id");
  /* Another organization's event is none of its. */
  foreign = tix_api_request (&f->api, "PUT", "/api/settings", f->other, body);
  tix_api_assert_error (foreign, 400, "current_event_id");
}

/* Soonest first; archived ones only when asked. */
static void
test_list (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(TixApiResponse) list = NULL;
  g_autoptr(TixApiResponse) all = NULL;
  g_autoptr(TixApiResponse) archive = NULL;
  g_autoptr(TixApiResponse) bad = NULL;
  gint64 later, sooner, old;
  JsonArray *events;

  later = create (f, "{\"name\":\"Saturday\",\"starts_at\":\"2026-03-21T19:00:00Z\","
                     "\"ends_at\":\"2026-03-21T22:00:00Z\",\"venue\":\"Main hall\","
                     "\"capacity\":500,\"max_inside\":450}");
  sooner = create (f, "{\"name\":\"Friday\",\"starts_at\":\"2026-03-20\"}");
  old = create (f, "{\"name\":\"Last year\",\"starts_at\":\"2025-03-20T19:00:00Z\"}");
  archive = tix_api_requestf (&f->api, "PUT", f->admin, "{\"archived\":true}",
                              "/api/events/%" G_GINT64_FORMAT, old);
  tix_api_assert_status (archive, 200);
  g_assert_true (json_object_get_boolean_member (tix_api_object (archive), "archived"));

  list = tix_api_request (&f->api, "GET", "/api/events", f->scanner, NULL);
  tix_api_assert_status (list, 200);
  events = tix_api_array (list);
  /* Friday, Saturday, then the first event (no date). */
  g_assert_cmpuint (json_array_get_length (events), ==, 3);
  g_assert_cmpint (tix_api_int (json_array_get_object_element (events, 0), "id"), ==, sooner);
  g_assert_cmpint (tix_api_int (json_array_get_object_element (events, 1), "id"), ==, later);
  {
    JsonObject *saturday = json_array_get_object_element (events, 1);

    g_assert_cmpstr (tix_api_string (saturday, "venue"), ==, "Main hall");
    g_assert_cmpint (tix_api_int (saturday, "capacity"), ==, 500);
    g_assert_cmpint (tix_api_int (saturday, "max_inside"), ==, 450);
    g_assert_cmpstr (tix_api_string (saturday, "ends_at"), ==, "2026-03-21T22:00:00.000Z");
  }

  all = tix_api_request (&f->api, "GET", "/api/events?archived=true", f->seller, NULL);
  tix_api_assert_status (all, 200);
  events = tix_api_array (all);
  g_assert_cmpuint (json_array_get_length (events), ==, 4);
  g_assert_cmpint (tix_api_int (json_array_get_object_element (events, 0), "id"), ==, old);

  bad = tix_api_request (&f->api, "GET", "/api/events?archived=maybe", f->admin, NULL);
  tix_api_assert_error (bad, 400, "archived");
}

/* Clear 400s naming the member. */
static void
test_validation (Fixture       *f,
                 gconstpointer  data)
{
  static const struct { const char *body; const char *field; } cases[] = {
    { "{}", "name" },
    { "{\"name\":\"\"}", "name" },
    { "{\"name\":42}", "name" },
    { "{\"name\":\"A\",\"starts_at\":\"2026-02-30\"}", "starts_at" },
    { "{\"name\":\"A\",\"starts_at\":\"1969-12-31T23:00:00Z\"}", "starts_at" },
    { "{\"name\":\"A\",\"starts_at\":\"9999-01-01\"}", "starts_at" },
    { "{\"name\":\"A\",\"starts_at\":\"tomorrow\"}", "starts_at" },
    { "{\"name\":\"A\",\"starts_at\":\"2026-03-20T20:00:00Z\",\"ends_at\":\"2026-03-20T19:00:00Z\"}",
      "ends_at" },
    { "{\"name\":\"A\",\"ends_at\":\"2026-03-20T19:00:00Z\"}", "ends_at" },
    { "{\"name\":\"A\",\"capacity\":-1}", "capacity" },
    { "{\"name\":\"A\",\"capacity\":1.5}", "capacity" },
    { "{\"name\":\"A\",\"max_inside\":\"many\"}", "max_inside" },
    { "{\"name\":\"A\",\"venue\":\"\"}", "venue" },
    { "{\"name\":\"A\",\"archived\":\"yes\"}", "archived" },
    { "{\"name\":\"A\",\"archived\":true}", "archived" },
    { "{\"name\":\"A\",\"colour\":\"red\"}", "colour" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(TixApiResponse) r = tix_api_request (&f->api, "POST", "/api/events", f->admin,
                                                     cases[i].body);

      g_test_message ("%s", cases[i].body);
      tix_api_assert_error (r, 400, cases[i].field);
    }

  {
    gint64 id = create (f, "{\"name\":\"Friday\",\"starts_at\":\"2026-03-20T19:00:00Z\"}");
    g_autoptr(TixApiResponse) r = tix_api_requestf (&f->api, "PUT", f->admin,
                                                    "{\"ends_at\":\"2026-03-19T00:00:00Z\"}",
                                                    "/api/events/%" G_GINT64_FORMAT, id);
    g_autoptr(TixApiResponse) copy = tix_api_requestf (&f->api, "POST", f->admin, "{}",
                                                       "/api/events/%" G_GINT64_FORMAT "/copy",
                                                       id);
    g_autoptr(TixApiResponse) junk = tix_api_request (&f->api, "GET", "/api/tickets?event_id=x",
                                                      f->admin, NULL);

    tix_api_assert_error (r, 400, "ends_at");
    tix_api_assert_error (copy, 400, "starts_at");
    tix_api_assert_error (junk, 400, "event_id");
  }
}

/* Admins write, every signed-in role reads; another organization's event is
 * a 404 everywhere. */
static void
test_roles (Fixture       *f,
            gconstpointer  data)
{
  gint64 id = create (f, "{\"name\":\"Friday\",\"starts_at\":\"2026-03-20T19:00:00Z\"}");
  const char *writers[] = { f->seller, f->scanner };

  for (guint i = 0; i < G_N_ELEMENTS (writers); i++)
    {
      g_autoptr(TixApiResponse) post = tix_api_request (&f->api, "POST", "/api/events", writers[i],
                                                        "{\"name\":\"Mine\"}");
      g_autoptr(TixApiResponse) put = tix_api_requestf (&f->api, "PUT", writers[i],
                                                        "{\"name\":\"Mine\"}",
                                                        "/api/events/%" G_GINT64_FORMAT, id);
      g_autoptr(TixApiResponse) del = tix_api_requestf (&f->api, "DELETE", writers[i], NULL,
                                                        "/api/events/%" G_GINT64_FORMAT, id);
      g_autoptr(TixApiResponse) copy = tix_api_requestf (&f->api, "POST", writers[i],
                                                         "{\"starts_at\":\"2026-03-27\"}",
                                                         "/api/events/%" G_GINT64_FORMAT "/copy",
                                                         id);
      g_autoptr(TixApiResponse) get = tix_api_requestf (&f->api, "GET", writers[i], NULL,
                                                        "/api/events/%" G_GINT64_FORMAT, id);

      tix_api_assert_error (post, 403, NULL);
      tix_api_assert_error (put, 403, NULL);
      tix_api_assert_error (del, 403, NULL);
      tix_api_assert_error (copy, 403, NULL);
      tix_api_assert_status (get, 200);
    }

  {
    g_autoptr(TixApiResponse) none = tix_api_request (&f->api, "GET", "/api/events", NULL, NULL);
    g_autoptr(TixApiResponse) get = tix_api_requestf (&f->api, "GET", f->other, NULL,
                                                      "/api/events/%" G_GINT64_FORMAT, id);
    g_autoptr(TixApiResponse) put = tix_api_requestf (&f->api, "PUT", f->other,
                                                      "{\"name\":\"Ours\"}",
                                                      "/api/events/%" G_GINT64_FORMAT, id);
    g_autoptr(TixApiResponse) del = tix_api_requestf (&f->api, "DELETE", f->other, NULL,
                                                      "/api/events/%" G_GINT64_FORMAT, id);
    g_autoptr(TixApiResponse) copy = tix_api_requestf (&f->api, "POST", f->other,
                                                       "{\"starts_at\":\"2026-03-27\"}",
                                                       "/api/events/%" G_GINT64_FORMAT "/copy",
                                                       id);
    g_autoptr(TixApiResponse) list = tix_api_requestf (&f->api, "GET", f->other, NULL,
                                                       "/api/tickets?event_id=%" G_GINT64_FORMAT,
                                                       id);
    g_autoptr(TixApiResponse) stats = tix_api_requestf (&f->api, "GET", f->other, NULL,
                                                        "/api/reports/stats?event_id=%"
                                                        G_GINT64_FORMAT, id);
    g_autoptr(TixApiResponse) door = tix_api_requestf (&f->api, "GET", f->other, NULL,
                                                       "/api/reports/door?event_id=%"
                                                       G_GINT64_FORMAT, id);
    g_autoptr(TixApiResponse) sheet = tix_api_requestf (&f->api, "GET", f->other, NULL,
                                                        "/api/tickets/sheet.pdf?event_id=%"
                                                        G_GINT64_FORMAT, id);
    g_autofree char *body = g_strdup_printf ("{\"count\":1,\"event_id\":%" G_GINT64_FORMAT "}",
                                             id);
    g_autoptr(TixApiResponse) generate = tix_api_request (&f->api, "POST",
                                                          "/api/tickets/generate", f->other, body);
    g_autoptr(JsonObject) after = get_event (f, id);

    tix_api_assert_error (none, 401, NULL);
    tix_api_assert_error (get, 404, NULL);
    tix_api_assert_error (put, 404, NULL);
    tix_api_assert_error (del, 404, NULL);
    tix_api_assert_error (copy, 404, NULL);
    tix_api_assert_error (list, 404, "event_id");
    tix_api_assert_error (stats, 404, "event_id");
    tix_api_assert_error (door, 404, "event_id");
    tix_api_assert_error (sheet, 404, "event_id");
    tix_api_assert_error (generate, 404, "event_id");
    g_assert_cmpstr (tix_api_string (after, "name"), ==, "Friday");
    g_assert_cmpint (tix_api_int (after, "tickets"), ==, 0);
  }
}

static gint64
stats_total (Fixture    *f,
             gint64      event_id,
             const char *member)
{
  g_autoptr(TixApiResponse) r = tix_api_requestf (&f->api, "GET", f->scanner, NULL,
                                                  "/api/reports/stats?event_id=%" G_GINT64_FORMAT,
                                                  event_id);

  tix_api_assert_status (r, 200);
  return tix_api_int (tix_api_object (r), member);
}

/* Each event's counts are kept with its tickets; lists, reports and sheets
 * filter by event; numbering stays the organization's, per prefix. */
static void
test_counts_and_filters (Fixture       *f,
                         gconstpointer  data)
{
  gint64 friday = create (f, "{\"name\":\"Friday\",\"starts_at\":\"2026-03-20T19:00:00Z\"}");
  gint64 saturday = create (f, "{\"name\":\"Saturday\",\"starts_at\":\"2026-03-21T19:00:00Z\"}");
  g_autoptr(JsonArray) a = generate_into (f, friday, "GA", 300, 201);
  g_autoptr(JsonArray) b = generate_into (f, saturday, "GA", 5, 201);
  g_autoptr(JsonObject) stats = tix_api_stats (&f->api, f->admin);
  g_autoptr(JsonObject) first = NULL;
  JsonObject *ticket = json_array_get_object_element (b, 0);
  gint64 total = 0;

  g_assert_cmpint (tix_api_int (json_array_get_object_element (a, 0), "event_id"), ==, friday);
  g_assert_cmpint (tix_api_int (ticket, "event_id"), ==, saturday);
  /* One numbering per prefix across the season. */
  g_assert_cmpstr (tix_api_string (ticket, "number"), ==, "GA-000301");

  g_assert_cmpint (tix_api_int (stats, "total"), ==, 305);
  g_assert_cmpint (stats_total (f, friday, "total"), ==, 300);
  g_assert_cmpint (stats_total (f, saturday, "total"), ==, 5);

  /* A scan, an undone scan, a delete: the event's counts follow. */
  {
    g_autoptr(TixApiResponse) scan = tix_api_requestf (&f->api, "PUT", f->scanner, NULL,
                                                       "/api/tickets/%s/scan",
                                                       tix_api_string (ticket, "id"));
    g_autoptr(TixApiResponse) other = tix_api_requestf (&f->api, "PUT", f->scanner, NULL,
                                                        "/api/tickets/%s/scan",
                                                        tix_api_string (json_array_get_object_element (b, 1), "id"));
    g_autoptr(TixApiResponse) unscan = NULL;
    g_autoptr(TixApiResponse) del = NULL;

    tix_api_assert_status (scan, 200);
    tix_api_assert_status (other, 200);
    g_assert_cmpint (stats_total (f, saturday, "scanned"), ==, 2);
    g_assert_cmpint (stats_total (f, friday, "scanned"), ==, 0);
    unscan = tix_api_requestf (&f->api, "PUT", f->admin, NULL, "/api/tickets/%s/unscan",
                               tix_api_string (ticket, "id"));
    tix_api_assert_status (unscan, 200);
    g_assert_cmpint (stats_total (f, saturday, "scanned"), ==, 1);
    del = tix_api_requestf (&f->api, "DELETE", f->admin, NULL, "/api/tickets/%s",
                            tix_api_string (json_array_get_object_element (b, 1), "id"));
    tix_api_assert_status (del, 200);
    g_assert_cmpint (stats_total (f, saturday, "total"), ==, 4);
    g_assert_cmpint (stats_total (f, saturday, "scanned"), ==, 0);
  }
  first = get_event (f, saturday);
  g_assert_cmpint (tix_api_int (first, "tickets"), ==, 4);

  /* The list of one event: its tickets only, by page and by cursor. */
  {
    g_autofree char *query = g_strdup_printf ("event_id=%" G_GINT64_FORMAT, friday);
    g_autofree char *scanned = g_strdup_printf ("event_id=%" G_GINT64_FORMAT "&filter=not-scanned",
                                                saturday);
    g_autofree char *search = g_strdup_printf ("event_id=%" G_GINT64_FORMAT "&search=GA-00030",
                                               saturday);
    g_autoptr(GPtrArray) ids = tix_api_list_all (&f->api, f->scanner, query, 70, &total);

    g_assert_cmpuint (ids->len, ==, 300);
    g_assert_cmpint (total, ==, 300);
    g_assert_cmpint (tix_api_list_total (&f->api, f->scanner, scanned), ==, 4);
    /* GA-000300 is Friday's; GA-000301 to 305 Saturday's, 302 deleted. */
    g_assert_cmpint (tix_api_list_total (&f->api, f->scanner, search), ==, 4);
  }
  {
    g_autoptr(TixApiResponse) last = tix_api_requestf (&f->api, "GET", f->scanner, NULL,
                                                       "/api/tickets?event_id=%" G_GINT64_FORMAT
                                                       "&limit=100&page=3", friday);
    JsonArray *tickets;

    tix_api_assert_status (last, 200);
    tickets = json_object_get_array_member (tix_api_object (last), "tickets");
    g_assert_cmpuint (json_array_get_length (tickets), ==, 100);
    g_assert_cmpstr (tix_api_string (json_array_get_object_element (tickets, 99), "number"), ==,
                     "GA-000001");
  }

  /* Reports of one event. */
  {
    g_autoptr(TixApiResponse) daily = tix_api_requestf (&f->api, "GET", f->scanner, NULL,
                                                        "/api/reports/daily?event_id=%"
                                                        G_GINT64_FORMAT, saturday);
    g_autoptr(TixApiResponse) door = tix_api_requestf (&f->api, "GET", f->scanner, NULL,
                                                       "/api/reports/door?event_id=%"
                                                       G_GINT64_FORMAT, friday);
    JsonObject *today;

    tix_api_assert_status (daily, 200);
    today = json_array_get_object_element (tix_api_array (daily), 0);
    g_assert_cmpint (tix_api_int (today, "generated"), ==, 4);
    tix_api_assert_status (door, 200);
  }

  /* A sheet of one event. */
  {
    g_autoptr(TixApiResponse) sheet = tix_api_requestf (&f->api, "GET", f->admin, NULL,
                                                        "/api/tickets/sheet.pdf?event_id=%"
                                                        G_GINT64_FORMAT, saturday);

    tix_api_assert_status (sheet, 200);
    g_assert_cmpstr (tix_api_header (sheet, "X-Tix-Ticket-Count"), ==, "4");
  }
}

/* Past its capacity, 409; an archived event takes no tickets. */
static void
test_capacity (Fixture       *f,
               gconstpointer  data)
{
  gint64 id = create (f, "{\"name\":\"Small room\",\"capacity\":10}");
  g_autoptr(JsonArray) some = generate_into (f, id, "S", 8, 201);
  g_autoptr(JsonArray) none = generate_into (f, id, "S", 3, 409);
  g_autoptr(JsonArray) rest = generate_into (f, id, "S", 2, 201);
  g_autoptr(JsonArray) full = generate_into (f, id, "S", 1, 409);
  g_autoptr(TixApiResponse) lower = NULL;
  g_autoptr(TixApiResponse) higher = NULL;
  g_autoptr(TixApiResponse) archive = NULL;
  g_autoptr(JsonArray) more = NULL;
  g_autoptr(JsonArray) refused = NULL;
  g_autoptr(JsonObject) event = get_event (f, id);

  g_assert_cmpint (tix_api_int (event, "tickets"), ==, 10);
  lower = tix_api_requestf (&f->api, "PUT", f->admin, "{\"capacity\":5}",
                            "/api/events/%" G_GINT64_FORMAT, id);
  tix_api_assert_error (lower, 409, "capacity");
  higher = tix_api_requestf (&f->api, "PUT", f->admin, "{\"capacity\":null}",
                             "/api/events/%" G_GINT64_FORMAT, id);
  tix_api_assert_status (higher, 200);
  g_assert_true (tix_api_is_null (tix_api_object (higher), "capacity"));
  more = generate_into (f, id, "S", 300, 201);

  archive = tix_api_requestf (&f->api, "PUT", f->admin, "{\"archived\":true}",
                              "/api/events/%" G_GINT64_FORMAT, id);
  tix_api_assert_status (archive, 200);
  refused = generate_into (f, id, "S", 1, 409);
}

/* Only an event without tickets goes; the current one stays. */
static void
test_delete (Fixture       *f,
             gconstpointer  data)
{
  gint64 empty = create (f, "{\"name\":\"Cancelled\"}");
  gint64 sold = create (f, "{\"name\":\"Sold\"}");
  g_autoptr(JsonArray) tickets = generate_into (f, sold, "S", 1, 201);
  g_autoptr(TixApiResponse) refused = tix_api_requestf (&f->api, "DELETE", f->admin, NULL,
                                                        "/api/events/%" G_GINT64_FORMAT, sold);
  g_autoptr(TixApiResponse) current = tix_api_requestf (&f->api, "DELETE", f->admin, NULL,
                                                        "/api/events/%" G_GINT64_FORMAT,
                                                        current_event (f));
  g_autoptr(TixApiResponse) gone = tix_api_requestf (&f->api, "DELETE", f->admin, NULL,
                                                     "/api/events/%" G_GINT64_FORMAT, empty);
  g_autoptr(TixApiResponse) again = tix_api_requestf (&f->api, "GET", f->admin, NULL,
                                                      "/api/events/%" G_GINT64_FORMAT, empty);
  g_autoptr(TixApiResponse) junk = tix_api_request (&f->api, "DELETE", "/api/events/first",
                                                    f->admin, NULL);

  tix_api_assert_error (refused, 409, NULL);
  tix_api_assert_error (current, 409, NULL);
  tix_api_assert_status (gone, 200);
  tix_api_assert_error (again, 404, NULL);
  tix_api_assert_error (junk, 404, NULL);
}

/* The next show of a series: the same venue, limits and length, a new
 * start and (maybe) a new name. */
static void
test_copy (Fixture       *f,
           gconstpointer  data)
{
  gint64 id = create (f, "{\"name\":\"Friday jazz\",\"starts_at\":\"2026-03-20T19:00:00Z\","
                         "\"ends_at\":\"2026-03-20T22:30:00Z\",\"venue\":\"Cellar\","
                         "\"capacity\":80,\"max_inside\":60}");
  g_autoptr(JsonArray) tickets = generate_into (f, id, "J", 3, 201);
  g_autoptr(TixApiResponse) copy = tix_api_requestf (&f->api, "POST", f->admin,
                                                     "{\"starts_at\":\"2026-03-27T19:00:00Z\"}",
                                                     "/api/events/%" G_GINT64_FORMAT "/copy", id);
  g_autoptr(TixApiResponse) named = tix_api_requestf (&f->api, "POST", f->admin,
                                                      "{\"starts_at\":\"2026-04-03\","
                                                      "\"name\":\"Easter jazz\"}",
                                                      "/api/events/%" G_GINT64_FORMAT "/copy",
                                                      id);
  JsonObject *o;

  tix_api_assert_status (copy, 201);
  o = assert_event (tix_api_object (copy));
  g_assert_cmpint (tix_api_int (o, "id"), !=, id);
  g_assert_cmpstr (tix_api_string (o, "name"), ==, "Friday jazz");
  g_assert_cmpstr (tix_api_string (o, "starts_at"), ==, "2026-03-27T19:00:00.000Z");
  g_assert_cmpstr (tix_api_string (o, "ends_at"), ==, "2026-03-27T22:30:00.000Z");
  g_assert_cmpstr (tix_api_string (o, "venue"), ==, "Cellar");
  g_assert_cmpint (tix_api_int (o, "capacity"), ==, 80);
  g_assert_cmpint (tix_api_int (o, "max_inside"), ==, 60);
  g_assert_cmpint (tix_api_int (o, "tickets"), ==, 0);
  g_assert_false (json_object_get_boolean_member (o, "archived"));

  tix_api_assert_status (named, 201);
  g_assert_cmpstr (tix_api_string (tix_api_object (named), "name"), ==, "Easter jazz");
}

/* At the door: a ticket of another event is refused and named. */
static void
test_other_event (Fixture       *f,
                  gconstpointer  data)
{
  gint64 friday = create (f, "{\"name\":\"Friday\",\"starts_at\":\"2026-03-20T19:00:00Z\"}");
  gint64 saturday = create (f, "{\"name\":\"Saturday\",\"starts_at\":\"2026-03-21T19:00:00Z\"}");
  g_autoptr(JsonArray) fri = generate_into (f, friday, "GA", 2, 201);
  g_autoptr(JsonArray) sat = generate_into (f, saturday, "GA", 2, 201);
  JsonObject *ticket = json_array_get_object_element (fri, 0);
  g_autofree char *body = g_strdup_printf ("{\"code\":\"%s\",\"event_id\":%" G_GINT64_FORMAT "}",
                                           tix_api_string (ticket, "code"), saturday);
  g_autofree char *number = g_strdup_printf ("{\"code\":\"%s\",\"event_ids\":[%" G_GINT64_FORMAT
                                             ",%" G_GINT64_FORMAT "]}",
                                             tix_api_string (ticket, "number"), saturday, friday);
  g_autofree char *foreign = g_strdup_printf ("{\"code\":\"%s\",\"event_id\":99999}",
                                              tix_api_string (ticket, "code"));
  g_autoptr(TixApiResponse) refused = tix_api_request (&f->api, "POST", "/api/scan", f->scanner,
                                                       body);
  g_autoptr(TixApiResponse) admitted = NULL;
  g_autoptr(TixApiResponse) unknown = NULL;
  g_autoptr(TixApiResponse) bad = NULL;
  JsonObject *o, *event;

  tix_api_assert_status (refused, 422);
  o = tix_api_object (refused);
  g_assert_cmpstr (tix_api_string (o, "reason"), ==, "other-event");
  tix_api_string (o, "error");
  event = json_object_get_object_member (o, "event");
  g_assert_cmpint (tix_api_int (event, "id"), ==, friday);
  g_assert_cmpstr (tix_api_string (event, "name"), ==, "Friday");
  g_assert_cmpstr (tix_api_string (event, "starts_at"), ==, "2026-03-20T19:00:00.000Z");
  /* Not scanned. */
  g_assert_cmpint (stats_total (f, friday, "scanned"), ==, 0);

  admitted = tix_api_request (&f->api, "POST", "/api/scan", f->scanner, number);
  tix_api_assert_status (admitted, 200);
  g_assert_cmpint (stats_total (f, friday, "scanned"), ==, 1);

  unknown = tix_api_request (&f->api, "POST", "/api/scan", f->scanner, foreign);
  tix_api_assert_error (unknown, 404, "event_id");
  bad = tix_api_request (&f->api, "POST", "/api/scan", f->scanner,
                         "{\"code\":\"GA-000001\",\"event_ids\":[\"x\"]}");
  tix_api_assert_error (bad, 400, "event_ids");
}

/* PUT /api/tickets/:id/scan (the seed's scan, no body) takes the events a
 * station admits in its query, as POST /api/scan does in its body. */
static void
test_put_scan_event (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(JsonArray) fri = NULL;
  g_autoptr(TixApiResponse) refused = NULL;
  g_autoptr(TixApiResponse) admitted = NULL;
  g_autoptr(TixApiResponse) plain = NULL;
  const char *id, *other_id;
  gint64 friday, saturday;
  JsonObject *o;

  create_weekend (f, &friday, &saturday);
  fri = generate_into (f, friday, "GA", 2, 201);
  id = tix_api_string (json_array_get_object_element (fri, 0), "id");
  other_id = tix_api_string (json_array_get_object_element (fri, 1), "id");

  refused = tix_api_requestf (&f->api, "PUT", f->scanner, NULL,
                              "/api/tickets/%s/scan?event_id=%" G_GINT64_FORMAT, id, saturday);
  tix_api_assert_status (refused, 422);
  o = tix_api_object (refused);
  g_assert_cmpstr (tix_api_string (o, "reason"), ==, "other-event");
  g_assert_cmpint (tix_api_int (json_object_get_object_member (o, "event"), "id"), ==, friday);
  g_assert_cmpstr (tix_api_string (json_object_get_object_member (o, "ticket"), "id"), ==, id);
  g_assert_cmpint (stats_total (f, friday, "scanned"), ==, 0);

  admitted = tix_api_requestf (&f->api, "PUT", f->scanner, NULL,
                               "/api/tickets/%s/scan?event_ids=%" G_GINT64_FORMAT ",%"
                               G_GINT64_FORMAT, id, saturday, friday);
  tix_api_assert_status (admitted, 200);
  g_assert_cmpint (stats_total (f, friday, "scanned"), ==, 1);

  /* Without: every event, as the seed's. */
  plain = tix_api_requestf (&f->api, "PUT", f->scanner, NULL, "/api/tickets/%s/scan", other_id);
  tix_api_assert_status (plain, 200);

  {
    struct { const char *query; guint status; const char *field; } cases[] = {
      { "event_id=x", 400, "event_id" },
      { "event_id=0", 400, "event_id" },
      { "event_id=99999", 404, "event_id" },
      { "event_ids=1,x", 400, "event_ids" },
      { "event_ids=99999", 404, "event_ids" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        g_autoptr(TixApiResponse) r = tix_api_requestf (&f->api, "PUT", f->scanner, NULL,
                                                        "/api/tickets/%s/scan?%s", id,
                                                        cases[i].query);

        g_test_message ("%s", cases[i].query);
        tix_api_assert_error (r, cases[i].status, cases[i].field);
      }
  }
  /* Another organization's event is not found either. */
  {
    g_autoptr(TixApiResponse) theirs = tix_api_request (&f->api, "GET", "/api/settings", f->other,
                                                        NULL);
    g_autoptr(TixApiResponse) r = NULL;

    tix_api_assert_status (theirs, 200);
    r = tix_api_requestf (&f->api, "PUT", f->scanner, NULL,
                          "/api/tickets/%s/scan?event_id=%" G_GINT64_FORMAT, id,
                          tix_api_int (tix_api_object (theirs), "current_event_id"));
    tix_api_assert_error (r, 404, "event_id");
  }
}

/* DELETE /api/tickets?event_id= clears one event's tickets; without, every
 * event's, as the seed's. */
static void
test_clear_event (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(JsonArray) fri = NULL;
  g_autoptr(JsonArray) sat = NULL;
  g_autoptr(TixApiListener) live = tix_api_listener_new (f->api.session, f->api.server->url,
                                                         f->scanner);
  g_autoptr(TixApiResponse) scan = NULL;
  g_autoptr(TixApiResponse) seller = NULL;
  g_autoptr(TixApiResponse) unknown = NULL;
  g_autoptr(TixApiResponse) clear = NULL;
  g_autoptr(TixApiResponse) sync = NULL;
  g_autoptr(TixApiResponse) all = NULL;
  g_autoptr(JsonObject) stats = NULL;
  g_autoptr(JsonObject) stats_after = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *message;
  JsonArray *changes;
  guint buried = 0;
  gint64 friday, saturday;

  create_weekend (f, &friday, &saturday);
  fri = generate_into (f, friday, "GA", 3, 201);
  sat = generate_into (f, saturday, "GA", 4, 201);
  g_assert_true (tix_api_listener_wait_for (live, "hello", 1, 10000));
  scan = tix_api_requestf (&f->api, "PUT", f->scanner, NULL, "/api/tickets/%s/scan",
                           tix_api_string (json_array_get_object_element (fri, 0), "id"));
  tix_api_assert_status (scan, 200);

  seller = tix_api_requestf (&f->api, "DELETE", f->seller, NULL,
                             "/api/tickets?event_id=%" G_GINT64_FORMAT, friday);
  tix_api_assert_error (seller, 403, NULL);
  unknown = tix_api_request (&f->api, "DELETE", "/api/tickets?event_id=99999", f->admin, NULL);
  tix_api_assert_error (unknown, 404, "event_id");

  clear = tix_api_requestf (&f->api, "DELETE", f->admin, NULL,
                            "/api/tickets?event_id=%" G_GINT64_FORMAT, friday);
  tix_api_assert_status (clear, 200);
  g_assert_cmpint (tix_api_int (tix_api_object (clear), "deleted"), ==, 3);

  /* Saturday's stay, with the organization's counts less Friday's. */
  stats = tix_api_stats (&f->api, f->admin);
  g_assert_cmpint (tix_api_int (stats, "total"), ==, 4);
  g_assert_cmpint (tix_api_int (stats, "scanned"), ==, 0);
  g_assert_cmpint (stats_total (f, friday, "total"), ==, 0);
  g_assert_cmpint (stats_total (f, friday, "scanned"), ==, 0);
  g_assert_cmpint (stats_total (f, saturday, "total"), ==, 4);
  g_assert_cmpint (tix_api_list_total (&f->api, f->scanner, NULL), ==, 4);

  /* The stream says which event's. */
  g_assert_true (tix_api_listener_wait_for (live, "tickets-cleared", 1, 10000));
  message = message_of (live, "tickets-cleared", &node);
  g_assert_cmpint (tix_api_int (message, "event_id"), ==, friday);
  g_assert_cmpint (tix_api_int (message, "deleted"), ==, 3);
  g_assert_cmpint (tix_api_int (json_object_get_object_member (message, "stats"), "total"), ==,
                   4);

  /* Stations learn that Friday's are gone, and only those. */
  sync = tix_api_request (&f->api, "GET", "/api/sync", f->scanner, NULL);
  tix_api_assert_status (sync, 200);
  changes = json_object_get_array_member (tix_api_object (sync), "changes");
  for (guint i = 0; i < json_array_get_length (changes); i++)
    {
      JsonObject *change = json_array_get_object_element (changes, i);

      if (json_object_get_boolean_member (change, "deleted"))
        buried++;
    }
  g_assert_cmpuint (buried, ==, 3);
  g_assert_cmpuint (json_array_get_length (changes), ==, 7);

  /* Without event_id: every event's. */
  all = tix_api_request (&f->api, "DELETE", "/api/tickets", f->admin, NULL);
  tix_api_assert_status (all, 200);
  g_assert_cmpint (tix_api_int (tix_api_object (all), "deleted"), ==, 4);
  stats_after = tix_api_stats (&f->api, f->admin);
  g_assert_cmpint (tix_api_int (stats_after, "total"), ==, 0);
  g_assert_cmpint (stats_total (f, saturday, "total"), ==, 0);
  g_assert_true (tix_api_listener_wait_for (live, "tickets-cleared", 2, 10000));
}

/* Archived: out of the lists (unless asked) and never the current event;
 * still in the reports and the sync, so that a door names it. */
static void
test_archive (Fixture       *f,
              gconstpointer  data)
{
  gint64 current = current_event (f);
  gint64 gala = create (f, "{\"name\":\"Gala\",\"starts_at\":\"2026-03-20T19:00:00Z\"}");
  g_autoptr(JsonArray) tickets = generate_into (f, gala, "GALA", 2, 201);
  g_autoptr(TixApiResponse) archived = NULL;
  g_autoptr(TixApiResponse) current_refused = NULL;
  g_autoptr(TixApiResponse) make_current = NULL;
  g_autoptr(TixApiResponse) list = NULL;
  g_autoptr(TixApiResponse) sync = NULL;
  g_autoptr(TixApiResponse) report = NULL;
  g_autoptr(TixApiResponse) unarchive = NULL;
  g_autoptr(TixApiResponse) now_current = NULL;
  JsonArray *events;
  gboolean listed = FALSE, synced = FALSE;

  archived = tix_api_requestf (&f->api, "PUT", f->admin, "{\"archived\":true}",
                               "/api/events/%" G_GINT64_FORMAT, gala);
  tix_api_assert_status (archived, 200);

  /* The current event is never archived, nor an archived one current. */
  current_refused = tix_api_requestf (&f->api, "PUT", f->admin, "{\"archived\":true}",
                                      "/api/events/%" G_GINT64_FORMAT, current);
  tix_api_assert_error (current_refused, 409, "archived");
  {
    g_autoptr(JsonObject) still = get_event (f, current);

    g_assert_false (json_object_get_boolean_member (still, "archived"));
  }
  {
    g_autofree char *body = g_strdup_printf ("{\"current_event_id\":%" G_GINT64_FORMAT "}",
                                             gala);

    make_current = tix_api_request (&f->api, "PUT", "/api/settings", f->admin, body);
    tix_api_assert_error (make_current, 409, "current_event_id");
    g_assert_cmpint (current_event (f), ==, current);
  }

  list = tix_api_request (&f->api, "GET", "/api/events", f->scanner, NULL);
  tix_api_assert_status (list, 200);
  events = tix_api_array (list);
  for (guint i = 0; i < json_array_get_length (events); i++)
    if (tix_api_int (json_array_get_object_element (events, i), "id") == gala)
      listed = TRUE;
  g_assert_false (listed);

  /* The sync keeps it, marked: a door refuses its tickets by name. */
  sync = tix_api_request (&f->api, "GET", "/api/sync", f->scanner, NULL);
  tix_api_assert_status (sync, 200);
  events = json_object_get_array_member (tix_api_object (sync), "events");
  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      JsonObject *event = json_array_get_object_element (events, i);

      if (tix_api_int (event, "id") == gala)
        {
          synced = TRUE;
          g_assert_true (json_object_get_boolean_member (event, "archived"));
        }
    }
  g_assert_true (synced);

  /* Its tickets stay in the reports and the lists of tickets. */
  g_assert_cmpint (stats_total (f, gala, "total"), ==, 2);
  report = tix_api_requestf (&f->api, "GET", f->scanner, NULL,
                             "/api/reports/season?event_id=%" G_GINT64_FORMAT, gala);
  tix_api_assert_status (report, 200);
  events = json_object_get_array_member (tix_api_object (report), "events");
  g_assert_cmpuint (json_array_get_length (events), ==, 1);
  g_assert_true (json_object_get_boolean_member (
    json_object_get_object_member (json_array_get_object_element (events, 0), "event"),
    "archived"));
  g_assert_cmpint (tix_api_list_total (&f->api, f->scanner, NULL), ==, 2);

  /* Back from the archive, it may be current again. */
  unarchive = tix_api_requestf (&f->api, "PUT", f->admin, "{\"archived\":false}",
                                "/api/events/%" G_GINT64_FORMAT, gala);
  tix_api_assert_status (unarchive, 200);
  {
    g_autofree char *body = g_strdup_printf ("{\"current_event_id\":%" G_GINT64_FORMAT "}",
                                             gala);

    now_current = tix_api_request (&f->api, "PUT", "/api/settings", f->admin, body);
    tix_api_assert_status (now_current, 200);
    g_assert_cmpint (current_event (f), ==, gala);
  }
}

static JsonObject *
season_row (JsonArray *rows,
            guint      index,
            gint64     event_id)
{
  JsonObject *row = json_array_get_object_element (rows, index);
  const char * const members[] = { "event", "stats", "busiest", NULL };

  tix_api_assert_members (row, members, NULL);
  g_assert_cmpint (tix_api_int (assert_event (json_object_get_object_member (row, "event")), "id"),
                   ==, event_id);
  return row;
}

/* GET /api/reports/season: the events side by side, newest first, each
 * with its counts and its door's busiest ten minutes (as the door report
 * counts them, on the organization's clock). */
static void
test_season (Fixture       *f,
             gconstpointer  data)
{
  gint64 current = current_event (f);
  gint64 friday, saturday, undated;
  g_autoptr(JsonArray) fri = NULL;
  g_autoptr(JsonArray) sat = NULL;
  g_autoptr(TixApiResponse) zone = NULL;
  g_autoptr(TixApiResponse) r = NULL;
  g_autoptr(TixApiResponse) door = NULL;
  g_autoptr(TixApiResponse) unknown = NULL;
  g_autoptr(TixApiResponse) empty = NULL;
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Asia/Kathmandu");
  g_autoptr(GDateTime) busiest_time = NULL;
  g_autofree char *busiest_date = NULL;
  JsonObject *o, *row, *busiest, *door_busiest;
  JsonArray *rows;

  /* UTC+5:45: its ten minutes are not UTC's. */
  zone = tix_api_request (&f->api, "PUT", "/api/settings", f->admin,
                          "{\"time_zone\":\"Asia/Kathmandu\"}");
  tix_api_assert_status (zone, 200);
  create_weekend (f, &friday, &saturday);
  undated = create (f, "{\"name\":\"Some day\"}");
  fri = generate_into (f, friday, "FRI", 3, 201);
  sat = generate_into (f, saturday, "SAT", 2, 201);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(TixApiResponse) scan = tix_api_requestf (&f->api, "PUT", f->scanner, NULL,
                                                         "/api/tickets/%s/scan",
                                                         tix_api_string (json_array_get_object_element (fri, i), "id"));

      tix_api_assert_status (scan, 200);
    }

  r = tix_api_request (&f->api, "GET", "/api/reports/season", f->scanner, NULL);
  tix_api_assert_status (r, 200);
  o = tix_api_object (r);
  g_assert_cmpstr (tix_api_string (o, "time_zone"), ==, "Asia/Kathmandu");
  g_assert_cmpint (tix_api_int (o, "interval_minutes"), ==, 10);
  g_assert_cmpint (tix_api_int (json_object_get_object_member (o, "stats"), "total"), ==, 5);
  rows = json_object_get_array_member (o, "events");
  g_assert_cmpuint (json_array_get_length (rows), ==, 4);

  /* Newest first; those without a date last, the newest of them first. */
  row = season_row (rows, 0, saturday);
  g_assert_cmpint (tix_api_int (json_object_get_object_member (row, "stats"), "total"), ==, 2);
  g_assert_cmpint (tix_api_int (json_object_get_object_member (row, "stats"), "scanned"), ==, 0);
  g_assert_true (tix_api_is_null (row, "busiest"));
  row = season_row (rows, 1, friday);
  g_assert_cmpint (tix_api_int (json_object_get_object_member (row, "stats"), "total"), ==, 3);
  g_assert_cmpint (tix_api_int (json_object_get_object_member (row, "stats"), "scanned"), ==, 2);
  g_assert_cmpfloat (tix_api_number (json_object_get_object_member (row, "stats"), "scan_rate"),
                     ==, 66.7);
  busiest = json_object_get_object_member (row, "busiest");
  g_assert_cmpint (tix_api_int (busiest, "scanned"), >=, 1);
  season_row (rows, 2, undated);
  season_row (rows, 3, current);

  /* The same ten minutes as the door report of that day. */
  busiest_time = g_date_time_new_from_unix_utc (tix_api_parse_time (tix_api_string (busiest,
                                                                                    "start"))
                                                / 1000);
  {
    g_autoptr(GDateTime) local = g_date_time_to_timezone (busiest_time, tz);

    /* On the ten minutes of the organization's clock. */
    g_assert_cmpint (g_date_time_get_minute (local) % 10, ==, 0);
    g_assert_cmpint (g_date_time_get_second (local), ==, 0);
    busiest_date = g_date_time_format (local, "%Y-%m-%d");
  }
  door = tix_api_requestf (&f->api, "GET", f->scanner, NULL,
                           "/api/reports/door?event_id=%" G_GINT64_FORMAT "&date=%s", friday,
                           busiest_date);
  tix_api_assert_status (door, 200);
  door_busiest = json_object_get_object_member (tix_api_object (door), "busiest");
  g_assert_cmpstr (tix_api_string (door_busiest, "start"), ==, tix_api_string (busiest, "start"));
  g_assert_cmpint (tix_api_int (door_busiest, "scanned"), ==, tix_api_int (busiest, "scanned"));

  unknown = tix_api_request (&f->api, "GET", "/api/reports/season?event_id=99999", f->scanner,
                             NULL);
  tix_api_assert_error (unknown, 404, "event_id");
  /* Another organization's season is its own. */
  empty = tix_api_request (&f->api, "GET", "/api/reports/season", f->other, NULL);
  tix_api_assert_status (empty, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (tix_api_object (empty),
                                                                         "events")), ==, 1);
}

/* The sync gives each ticket's event, and the events. */
static void
test_sync (Fixture       *f,
           gconstpointer  data)
{
  gint64 friday = create (f, "{\"name\":\"Friday\",\"starts_at\":\"2026-03-20T19:00:00Z\"}");
  g_autoptr(JsonArray) fri = generate_into (f, friday, "GA", 2, 201);
  g_autoptr(TixApiResponse) sync = tix_api_request (&f->api, "GET", "/api/sync", f->scanner, NULL);
  JsonArray *changes, *events;
  gboolean found = FALSE;

  tix_api_assert_status (sync, 200);
  changes = json_object_get_array_member (tix_api_object (sync), "changes");
  g_assert_cmpuint (json_array_get_length (changes), ==, 2);
  g_assert_cmpint (tix_api_int (json_array_get_object_element (changes, 0), "event_id"), ==,
                   friday);
  events = json_object_get_array_member (tix_api_object (sync), "events");
  for (guint i = 0; i < json_array_get_length (events); i++)
    if (tix_api_int (json_array_get_object_element (events, i), "id") == friday)
      found = TRUE;
  g_assert_true (found);
}

/* The stream at /api/live, and at /api/events for stations of the previous
 * version; events on it. */
static void
test_stream (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(TixApiListener) live = tix_api_listener_new (f->api.session, f->api.server->url,
                                                         f->scanner);
  g_autoptr(TixApiListener) old = tix_api_listener_new_at (f->api.session, f->api.server->url,
                                                           "/api/events", f->scanner);
  g_autoptr(TixApiResponse) plain = tix_api_request (&f->api, "GET", "/api/live", f->scanner,
                                                     NULL);
  g_autoptr(JsonNode) created = NULL;
  g_autoptr(TixApiResponse) put = NULL;
  gint64 id;

  g_assert_true (tix_api_listener_wait_for (live, "hello", 1, 10000));
  g_assert_true (tix_api_listener_wait_for (old, "hello", 1, 10000));
  tix_api_assert_error (plain, 400, NULL);

  id = create (f, "{\"name\":\"Friday\"}");
  g_assert_true (tix_api_listener_wait_for (live, "event-created", 1, 10000));
  g_assert_true (tix_api_listener_wait_for (old, "event-created", 1, 10000));
  created = tix_api_listener_find (live, "event-created");
  g_assert_cmpint (tix_api_int (json_object_get_object_member (json_node_get_object (created),
                                                               "event"), "id"), ==, id);

  put = tix_api_requestf (&f->api, "PUT", f->admin, "{\"venue\":\"Hall\"}",
                          "/api/events/%" G_GINT64_FORMAT, id);
  tix_api_assert_status (put, 200);
  g_assert_true (tix_api_listener_wait_for (live, "event-updated", 1, 10000));
}

/* The seed's settings page renames the current event: the stations' lists
 * of events hear of it as of any other change of an event. */
static void
test_stream_settings_rename (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(TixApiListener) live = tix_api_listener_new (f->api.session, f->api.server->url,
                                                         f->scanner);
  g_autoptr(TixApiResponse) settings = NULL;
  g_autoptr(TixApiResponse) other = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *event;

  g_assert_true (tix_api_listener_wait_for (live, "hello", 1, 10000));
  settings = tix_api_request (&f->api, "PUT", "/api/settings", f->admin,
                              "{\"event_name\":\"Spring Gala\",\"event_date\":\"2027-03-14\"}");
  tix_api_assert_status (settings, 200);
  g_assert_true (tix_api_listener_wait_for (live, "event-updated", 1, 10000));
  event = json_object_get_object_member (message_of (live, "event-updated", &node), "event");
  g_assert_cmpstr (tix_api_string (event, "name"), ==, "Spring Gala");
  g_assert_cmpint (tix_api_int (event, "id"), ==,
                   tix_api_int (tix_api_object (settings), "current_event_id"));

  /* Another setting is not a change of the event. */
  other = tix_api_request (&f->api, "PUT", "/api/settings", f->admin,
                           "{\"organization_name\":\"Hall\"}");
  tix_api_assert_status (other, 200);
  g_assert_true (tix_api_listener_wait_for (live, "settings-updated", 2, 10000));
  g_assert_false (tix_api_listener_wait_for (live, "event-updated", 2, 500));
}

static void
assert_counts (JsonObject *stats,
               gint64      total,
               gint64      scanned)
{
  g_assert_nonnull (stats);
  g_assert_cmpint (tix_api_int (stats, "total"), ==, total);
  g_assert_cmpint (tix_api_int (stats, "scanned"), ==, scanned);
  g_assert_cmpint (tix_api_int (stats, "not_scanned"), ==, total - scanned);
  tix_api_number (stats, "scan_rate");
}

/* Each change of one event's tickets carries that event's counts
 * (event_stats) beside the organization's (stats, as before): a station
 * that follows one event keeps its counts from the stream. */
static void
test_stream_event_stats (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(TixApiListener) live = tix_api_listener_new (f->api.session, f->api.server->url,
                                                         f->scanner);
  gint64 friday = create (f, "{\"name\":\"Friday\"}");
  gint64 saturday = create (f, "{\"name\":\"Saturday\"}");
  g_autoptr(JsonArray) fri = generate_into (f, friday, "FRI", 3, 201);
  g_autoptr(JsonArray) sat = generate_into (f, saturday, "SAT", 2, 201);
  g_autoptr(TixApiResponse) scan = NULL;
  g_autoptr(TixApiResponse) settings = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *message, *event_stats;

  g_assert_true (tix_api_listener_wait_for (live, "hello", 1, 10000));
  g_assert_true (tix_api_listener_wait_for (live, "tickets-generated", 2, 10000));
  message = message_of (live, "tickets-generated", &node);
  event_stats = json_object_get_object_member (message, "event_stats");
  g_assert_cmpint (tix_api_int (event_stats, "event_id"), ==, friday);
  assert_counts (event_stats, 3, 0);

  scan = tix_api_requestf (&f->api, "PUT", f->scanner, NULL, "/api/tickets/%s/scan",
                           tix_api_string (json_array_get_object_element (sat, 0), "id"));
  tix_api_assert_status (scan, 200);
  g_assert_true (tix_api_listener_wait_for (live, "ticket-scanned", 1, 10000));
  message = message_of (live, "ticket-scanned", &node);
  /* The organization's, as stations of the version before events read them. */
  assert_counts (json_object_get_object_member (message, "stats"), 5, 1);
  event_stats = json_object_get_object_member (message, "event_stats");
  g_assert_cmpint (tix_api_int (event_stats, "event_id"), ==, saturday);
  assert_counts (event_stats, 2, 1);
  g_assert_cmpfloat (tix_api_number (event_stats, "scan_rate"), ==, 50.0);

  /* An event's own change carries its counts too; one of no event, none. */
  {
    g_autoptr(TixApiResponse) put = tix_api_requestf (&f->api, "PUT", f->admin,
                                                      "{\"venue\":\"Hall\"}",
                                                      "/api/events/%" G_GINT64_FORMAT, saturday);

    tix_api_assert_status (put, 200);
    g_assert_true (tix_api_listener_wait_for (live, "event-updated", 1, 10000));
    message = message_of (live, "event-updated", &node);
    assert_counts (json_object_get_object_member (message, "event_stats"), 2, 1);
  }
  settings = tix_api_request (&f->api, "PUT", "/api/settings", f->admin,
                              "{\"organization_name\":\"Hall\"}");
  tix_api_assert_status (settings, 200);
  g_assert_true (tix_api_listener_wait_for (live, "settings-updated", 1, 10000));
  message = message_of (live, "settings-updated", &node);
  g_assert_false (json_object_has_member (message, "event_stats"));
  assert_counts (json_object_get_object_member (message, "stats"), 5, 1);
}

/* Migration ------------------------------------------------------------------- */

/* The schema just before events, on each backend. */
#define SQLITE_BEFORE 5
#define PG_BEFORE     3

/* An organization with an event in its settings and tickets (some
 * scanned), another with neither, as the version before events wrote them. */
static const char old_rows[] =
  "INSERT INTO organizations (id, name, max_users, created_at) VALUES"
  " (1, 'Hall', 5, 1700000000000), (2, 'Cellar', 5, 1700000000000);"
  "INSERT INTO ticket_counts (organization_id, total, scanned, changes) VALUES"
  " (1, 3, 1, 3), (2, 0, 0, 0);"
  "INSERT INTO settings (organization_id, key, value) VALUES"
  " (1, 'event_name', 'Gala'), (1, 'event_date', '2026-03-14'),"
  " (1, 'time_zone', 'Europe/Berlin'), (1, 'default_prefix', 'GALA'),"
  " (2, 'event_name', ''), (2, 'event_date', ''), (2, 'time_zone', 'UTC');"
  "INSERT INTO tickets (id, organization_id, number, prefix, generated_at, scanned_at,"
  " version) VALUES"
  " ('6f1c2a48-0b7e-4a55-9d2a-000000000001', 1, 'GALA-000001', 'GALA', 1700000000000,"
  "  1700000100000, 1),"
  " ('6f1c2a48-0b7e-4a55-9d2a-000000000002', 1, 'GALA-000002', 'GALA', 1700000000000, NULL, 2),"
  " ('6f1c2a48-0b7e-4a55-9d2a-000000000003', 1, 'GALA-000003', 'GALA', 1700000000000, NULL, 3);";

static void
test_migration (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("tix-test-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autoptr(TixStore) store = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GPtrArray) other = NULL;
  g_autoptr(GHashTable) settings = NULL;
  g_autoptr(TixStorePage) page = NULL;
  TixStoreQuery query = { TIX_STORE_FILTER_ALL, NULL, NULL, 1, 100 };
  TixStoreEvent *event;
  gint64 total = 0, scanned = 0;

  g_assert_no_error (error);
  path = tix_test_database_new (dir);
  if (tix_test_backend_is_postgres ())
    {
#if HAVE_POSTGRES
      tix_test_make_old_pg (path, PG_BEFORE, old_rows, NULL);
#endif
    }
  else
    tix_test_make_old_sqlite (path, SQLITE_BEFORE, old_rows);

  store = tix_store_open (path, &error);
  g_assert_no_error (error);

  /* One event per organization, made of its settings, holding its tickets
   * and its counts. */
  events = tix_store_list_events (store, 1, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 1);
  event = g_ptr_array_index (events, 0);
  g_assert_cmpstr (event->name, ==, "Gala");
  /* 2026-03-14, midnight in Berlin. */
  g_assert_cmpint (event->starts_at, ==, G_GINT64_CONSTANT (1773442800000));
  g_assert_cmpint (event->total, ==, 3);
  g_assert_cmpint (event->scanned, ==, 1);
  g_assert_false (event->archived);
  g_assert_cmpint (tix_store_get_current_event_id (store, 1, &error), ==, event->id);

  query.event_id = event->id;
  page = tix_store_list_tickets (store, 1, &query, &error);
  g_assert_no_error (error);
  g_assert_cmpint (page->total, ==, 3);
  g_assert_cmpuint (page->tickets->len, ==, 3);
  for (guint i = 0; i < page->tickets->len; i++)
    g_assert_cmpint (tix_ticket_get_event_id (g_ptr_array_index (page->tickets, i)), ==,
                     event->id);

  settings = tix_store_get_settings (store, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_hash_table_lookup (settings, "event_name"), ==, "Gala");
  g_assert_cmpstr (g_hash_table_lookup (settings, "event_date"), ==, "2026-03-14");
  g_assert_cmpstr (g_hash_table_lookup (settings, "default_prefix"), ==, "GALA");

  other = tix_store_list_events (store, 2, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (other->len, ==, 1);
  event = g_ptr_array_index (other, 0);
  g_assert_cmpstr (event->name, ==, "");
  g_assert_cmpint (event->starts_at, ==, TIX_STORE_NO_TIME);
  g_assert_cmpint (event->total, ==, 0);

  g_assert_true (tix_store_get_counts (store, 1, &total, &scanned, &error));
  g_assert_cmpint (total, ==, 3);
  g_assert_cmpint (scanned, ==, 1);

  g_clear_object (&store);
  tix_test_database_drop (path);
  tix_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/tix/server/events/first", test_first_event);
  ADD ("/tix/server/events/settings", test_settings);
  ADD ("/tix/server/events/list", test_list);
  ADD ("/tix/server/events/validation", test_validation);
  ADD ("/tix/server/events/roles", test_roles);
  ADD ("/tix/server/events/counts-and-filters", test_counts_and_filters);
  ADD ("/tix/server/events/capacity", test_capacity);
  ADD ("/tix/server/events/delete", test_delete);
  ADD ("/tix/server/events/copy", test_copy);
  ADD ("/tix/server/events/other-event", test_other_event);
  ADD ("/tix/server/events/sync", test_sync);
  ADD ("/tix/server/events/stream", test_stream);
  ADD ("/tix/server/events/stream-event-stats", test_stream_event_stats);
  ADD ("/tix/server/events/stream-settings-rename", test_stream_settings_rename);
  ADD ("/tix/server/events/put-scan-event", test_put_scan_event);
  ADD ("/tix/server/events/clear-event", test_clear_event);
  ADD ("/tix/server/events/archive", test_archive);
  ADD ("/tix/server/events/season", test_season);
  g_test_add_func ("/tix/server/events/migration", test_migration);

  return g_test_run ();
}
