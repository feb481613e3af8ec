/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Door rules (issue 20), over HTTP, on SQLite and (suite postgres)
 * PostgreSQL: entrances, in and out, re-entry, hours, capacity, who is
 * inside under concurrent scans, and the migration of a database made by
 * the schema before entrances. */
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
  char          *scanner;
  char          *other;     /* an admin of another organization */
  gint64         event_id;  /* the current event */
  JsonArray     *tickets;
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
  g_autoptr(TixApiResponse) settings = NULL;

  tix_api_fixture_setup (&f->api, data);
  f->admin = tix_api_register (&f->api, "ada@example.org", "Ada", NULL);
  f->scanner = add_user (f, "sue@example.org", "scanner");
  f->other = tix_api_register (&f->api, "otto@example.org", "Otto", NULL);
  f->tickets = tix_api_generate (&f->api, f->admin, "GIG", 4, NULL);
  settings = tix_api_request (&f->api, "GET", "/api/settings", f->admin, NULL);
  tix_api_assert_status (settings, 200);
  f->event_id = tix_api_int (tix_api_object (settings), "current_event_id");
  g_assert_cmpint (f->event_id, >, 0);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_pointer (&f->tickets, json_array_unref);
  g_free (f->admin);
  g_free (f->scanner);
  g_free (f->other);
  tix_api_fixture_teardown (&f->api, data);
}

static const char *
code_of (Fixture *f,
         guint    i)
{
  return tix_api_string (json_array_get_object_element (f->tickets, i), "code");
}

/* POST /api/scan of ticket @i; @extra: more members ("" for none). */
static TixApiResponse *
scan (Fixture    *f,
      guint       i,
      const char *direction,
      gint64      entrance_id,
      const char *extra)
{
  g_autofree char *entrance = entrance_id > 0
    ? g_strdup_printf (",\"entrance_id\":%" G_GINT64_FORMAT, entrance_id) : g_strdup ("");
  g_autofree char *body = g_strdup_printf ("{\"code\":\"%s\",\"direction\":\"%s\"%s%s}",
                                           code_of (f, i), direction, entrance, extra);

  return tix_api_request (&f->api, "POST", "/api/scan", f->scanner, body);
}

static const char *
reason_of (TixApiResponse *r)
{
  return tix_api_string (tix_api_object (r), "reason");
}

/* POST /api/events/:id/entrances @body as the admin: its id. */
static gint64
add_entrance (Fixture    *f,
              gint64      event_id,
              const char *body)
{
  g_autofree char *path = g_strdup_printf ("/api/events/%" G_GINT64_FORMAT "/entrances", event_id);
  g_autoptr(TixApiResponse) r = tix_api_request (&f->api, "POST", path, f->admin, body);

  tix_api_assert_status (r, 201);
  return tix_api_int (tix_api_object (r), "id");
}

/* POST /api/events/:id/types {name}: the new type's id. */
static gint64
add_type (Fixture    *f,
          gint64      event_id,
          const char *name)
{
  g_autofree char *path = g_strdup_printf ("/api/events/%" G_GINT64_FORMAT "/types", event_id);
  g_autofree char *body = g_strdup_printf ("{\"name\":\"%s\",\"price\":1000}", name);
  g_autoptr(TixApiResponse) r = tix_api_request (&f->api, "POST", path, f->admin, body);

  tix_api_assert_status (r, 201);
  return tix_api_int (tix_api_object (r), "id");
}

/* The event's inside count and each entrance's, which must add up. */
static gint64
inside_of (Fixture *f,
           gint64   event_id,
           gint64   entrance_id,
           gint64  *out_entrance)
{
  g_autofree char *path = g_strdup_printf ("/api/events/%" G_GINT64_FORMAT, event_id);
  g_autofree char *list = g_strdup_printf ("/api/events/%" G_GINT64_FORMAT "/entrances", event_id);
  g_autoptr(TixApiResponse) event = tix_api_request (&f->api, "GET", path, f->admin, NULL);
  g_autoptr(TixApiResponse) entrances = tix_api_request (&f->api, "GET", list, f->admin, NULL);
  JsonArray *array;
  gint64 sum = 0, inside;

  tix_api_assert_status (event, 200);
  tix_api_assert_status (entrances, 200);
  inside = tix_api_int (tix_api_object (event), "inside");
  array = json_object_get_array_member (tix_api_object (entrances), "entrances");
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *entrance = json_array_get_object_element (array, i);

      sum += tix_api_int (entrance, "inside");
      if (out_entrance != NULL && tix_api_int (entrance, "id") == entrance_id)
        *out_entrance = tix_api_int (entrance, "inside");
    }
  g_assert_cmpint (sum, ==, inside);
  return inside;
}

/* Entrances ---------------------------------------------------------------- */

static void
test_default_entrance (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *path = g_strdup_printf ("/api/events/%" G_GINT64_FORMAT "/entrances",
                                           f->event_id);
  g_autoptr(TixApiResponse) list = tix_api_request (&f->api, "GET", path, f->scanner, NULL);
  g_autoptr(TixApiResponse) removed = NULL;
  g_autoptr(TixApiResponse) copy = NULL;
  g_autoptr(TixApiResponse) copied = NULL;
  g_autofree char *copied_path = NULL;
  g_autofree char *delete_path = NULL;
  g_autofree char *copy_path = NULL;
  g_autofree char *balcony_body = NULL;
  JsonArray *array;
  JsonObject *entrance;
  gint64 id, created, adult, child;

  tix_api_assert_status (list, 200);
  array = json_object_get_array_member (tix_api_object (list), "entrances");
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  entrance = json_array_get_object_element (array, 0);
  tix_api_assert_members (entrance, (const char * const[]) {
    "id", "event_id", "name", "type_ids", "allow_exit", "allow_reentry", "opens_at",
    "closes_at", "is_default", "inside", NULL }, NULL);
  g_assert_true (json_object_get_boolean_member (entrance, "is_default"));
  g_assert_false (json_object_get_boolean_member (entrance, "allow_exit"));
  g_assert_false (json_object_get_boolean_member (entrance, "allow_reentry"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (entrance, "type_ids")),
                    ==, 0);
  id = tix_api_int (entrance, "id");

  /* The default is never deleted. */
  delete_path = g_strdup_printf ("/api/entrances/%" G_GINT64_FORMAT, id);
  removed = tix_api_request (&f->api, "DELETE", delete_path, f->admin, NULL);
  tix_api_assert_error (removed, 409, NULL);

  /* A type of no event of the organization is refused. */
  {
    g_autofree char *path = g_strdup_printf ("/api/events/%" G_GINT64_FORMAT "/entrances",
                                             f->event_id);
    g_autoptr(TixApiResponse) unknown = tix_api_request (&f->api, "POST", path, f->admin,
                                                         "{\"name\":\"Side\",\"type_ids\":[999]}");

    tix_api_assert_error (unknown, 422, "type_ids");
  }

  /* A copy of the event copies its entrances, admitting the copy's types. */
  adult = add_type (f, f->event_id, "Adult");
  child = add_type (f, f->event_id, "Child");
  balcony_body = g_strdup_printf ("{\"name\":\"Balcony\",\"allow_exit\":true,"
                                  "\"type_ids\":[%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT "]}",
                                  child, adult);
  created = add_entrance (f, f->event_id, balcony_body);
  g_assert_cmpint (created, >, id);
  copy_path = g_strdup_printf ("/api/events/%" G_GINT64_FORMAT "/copy", f->event_id);
  copy = tix_api_request (&f->api, "POST", copy_path, f->admin,
                          "{\"starts_at\":\"2030-05-01T19:00:00.000Z\"}");
  tix_api_assert_status (copy, 201);
  copied_path = g_strdup_printf ("/api/events/%" G_GINT64_FORMAT "/entrances",
                                 tix_api_int (tix_api_object (copy), "id"));
  copied = tix_api_request (&f->api, "GET", copied_path, f->admin, NULL);
  tix_api_assert_status (copied, 200);
  array = json_object_get_array_member (tix_api_object (copied), "entrances");
  g_assert_cmpuint (json_array_get_length (array), ==, 2);
  g_assert_true (json_object_get_boolean_member (json_array_get_object_element (array, 0),
                                                 "is_default"));
  entrance = json_array_get_object_element (array, 1);
  g_assert_cmpstr (tix_api_string (entrance, "name"), ==, "Balcony");
  g_assert_true (json_object_get_boolean_member (entrance, "allow_exit"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (entrance, "type_ids")),
                    ==, 2);
  {
    gint64 first = json_array_get_int_element (json_object_get_array_member (entrance, "type_ids"), 0);
    g_autofree char *types_path = g_strdup_printf ("/api/events/%" G_GINT64_FORMAT "/types",
                                                   tix_api_int (tix_api_object (copy), "id"));
    g_autoptr(TixApiResponse) types = tix_api_request (&f->api, "GET", types_path, f->admin, NULL);
    JsonArray *list;
    gboolean of_copy = FALSE;

    tix_api_assert_status (types, 200);
    g_assert_true (JSON_NODE_HOLDS_ARRAY (types->json));
    list = json_node_get_array (types->json);
    g_assert_cmpuint (json_array_get_length (list), ==, 2);
    g_assert_cmpint (first, !=, adult);
    g_assert_cmpint (first, !=, child);
    for (guint i = 0; i < json_array_get_length (list); i++)
      of_copy = of_copy || tix_api_int (json_array_get_object_element (list, i), "id") == first;
    g_assert_true (of_copy);
  }
}

static void
test_entrance_input (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *path = g_strdup_printf ("/api/events/%" G_GINT64_FORMAT "/entrances",
                                           f->event_id);
  g_autoptr(TixApiResponse) scanner = tix_api_request (&f->api, "POST", path, f->scanner,
                                                       "{\"name\":\"Side\"}");
  g_autoptr(TixApiResponse) no_name = tix_api_request (&f->api, "POST", path, f->admin, "{}");
  g_autoptr(TixApiResponse) unknown = tix_api_request (&f->api, "POST", path, f->admin,
                                                       "{\"name\":\"Side\",\"gate\":1}");
  g_autoptr(TixApiResponse) types = tix_api_request (&f->api, "POST", path, f->admin,
                                                     "{\"name\":\"Side\",\"type_ids\":[\"a\"]}");
  g_autoptr(TixApiResponse) hours = tix_api_request (&f->api, "POST", path, f->admin,
    "{\"name\":\"Side\",\"opens_at\":\"2030-01-01T20:00:00.000Z\","
    "\"closes_at\":\"2030-01-01T19:00:00.000Z\"}");
  g_autoptr(TixApiResponse) flag = tix_api_request (&f->api, "POST", path, f->admin,
                                                    "{\"name\":\"Side\",\"allow_exit\":1}");
  g_autoptr(TixApiResponse) theirs = NULL;
  g_autoptr(TixApiResponse) theirs_put = NULL;
  g_autoptr(TixApiResponse) theirs_scan = NULL;
  g_autoptr(TixApiResponse) log = NULL;
  g_autoptr(TixApiResponse) bad_id = NULL;
  g_autofree char *put_path = NULL;
  gint64 id;

  tix_api_assert_error (scanner, 403, NULL);
  tix_api_assert_error (no_name, 400, "name");
  tix_api_assert_error (unknown, 400, "gate");
  tix_api_assert_error (types, 400, "type_ids");
  tix_api_assert_error (hours, 400, "closes_at");
  tix_api_assert_error (flag, 400, "allow_exit");

  /* Another organization's entrance is not found, to read, change or scan at. */
  id = add_entrance (f, f->event_id, "{\"name\":\"Side\"}");
  put_path = g_strdup_printf ("/api/entrances/%" G_GINT64_FORMAT, id);
  theirs = tix_api_request (&f->api, "GET", path, f->other, NULL);
  tix_api_assert_error (theirs, 404, NULL);
  theirs_put = tix_api_request (&f->api, "PUT", put_path, f->other, "{\"name\":\"Mine\"}");
  tix_api_assert_error (theirs_put, 404, NULL);
  {
    g_autofree char *body = g_strdup_printf ("{\"code\":\"%s\",\"entrance_id\":%" G_GINT64_FORMAT
                                             "}", code_of (f, 0), id);
    theirs_scan = tix_api_request (&f->api, "POST", "/api/scan", f->other, body);
    tix_api_assert_error (theirs_scan, 404, "entrance_id");
  }
  bad_id = tix_api_request (&f->api, "PUT", "/api/entrances/x1", f->admin, "{}");
  tix_api_assert_error (bad_id, 400, "id");

  /* The scan log is the admin's. */
  log = tix_api_request (&f->api, "GET", "/api/scans", f->scanner, NULL);
  tix_api_assert_error (log, 403, NULL);
}

/* Rules --------------------------------------------------------------------- */

static void
test_default_rules (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(TixApiResponse) first = scan (f, 0, "in", 0, "");
  g_autoptr(TixApiResponse) again = scan (f, 0, "in", 0, "");
  g_autoptr(TixApiResponse) out = scan (f, 0, "out", 0, "");
  g_autoptr(TixApiResponse) bad = scan (f, 0, "sideways", 0, "");
  JsonObject *o;

  /* The seed's meaning: a first entry, then a duplicate. */
  tix_api_assert_status (first, 200);
  o = tix_api_object (first);
  tix_api_assert_members (o, (const char * const[]) { "success", "ticket", "entry", "entrance",
                                                      NULL }, NULL);
  g_assert_cmpstr (tix_api_string (o, "entry"), ==, "first");
  tix_api_assert_status (again, 400);
  o = tix_api_object (again);
  g_assert_true (json_object_get_boolean_member (o, "duplicate"));
  g_assert_cmpstr (reason_of (again), ==, "already-inside");
  g_assert_true (tix_api_is_iso_time (tix_api_string (o, "entered_at")));
  g_assert_cmpstr (tix_api_string (json_object_get_object_member (o, "entrance"), "name"), ==,
                   "Main entrance");
  /* The default entrance lets nobody out. */
  tix_api_assert_status (out, 422);
  g_assert_cmpstr (reason_of (out), ==, "wrong-entrance");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (tix_api_object (out),
                                                                          "entrances")), ==, 0);
  tix_api_assert_error (bad, 400, "direction");
  g_assert_cmpint (inside_of (f, f->event_id, 0, NULL), ==, 1);
}

static void
test_exit_and_reentry (Fixture       *f,
                       gconstpointer  data)
{
  gint64 gate = add_entrance (f, f->event_id, "{\"name\":\"Foyer\",\"allow_exit\":true,"
                                              "\"allow_reentry\":true}");
  gint64 strict = add_entrance (f, f->event_id, "{\"name\":\"Stage door\",\"allow_exit\":true}");
  gint64 at_gate = -1;
  g_autoptr(TixApiResponse) in = scan (f, 0, "in", gate, "");
  g_autoptr(TixApiResponse) out = NULL;
  g_autoptr(TixApiResponse) out_again = NULL;
  g_autoptr(TixApiResponse) back = NULL;
  g_autoptr(TixApiResponse) strict_in = NULL;
  g_autoptr(TixApiResponse) strict_out = NULL;
  g_autoptr(TixApiResponse) strict_back = NULL;
  g_autoptr(TixApiResponse) ticket = NULL;
  g_autofree char *path = g_strdup_printf ("/api/tickets/%s",
    tix_api_string (json_array_get_object_element (f->tickets, 0), "id"));
  const char *first_at;

  tix_api_assert_status (in, 200);
  first_at = tix_api_string (json_object_get_object_member (tix_api_object (in), "ticket"),
                             "scanned_at");
  g_assert_cmpint (inside_of (f, f->event_id, gate, &at_gate), ==, 1);
  g_assert_cmpint (at_gate, ==, 1);

  /* Out by another door: out of the count of the one it came in by. */
  out = scan (f, 0, "out", strict, "");
  tix_api_assert_status (out, 200);
  tix_api_assert_members (tix_api_object (out), (const char * const[]) {
    "success", "ticket", "exit", "entrance", NULL }, NULL);
  g_assert_true (json_object_get_boolean_member (tix_api_object (out), "exit"));
  g_assert_cmpint (inside_of (f, f->event_id, gate, &at_gate), ==, 0);
  g_assert_cmpint (at_gate, ==, 0);

  out_again = scan (f, 0, "out", gate, "");
  tix_api_assert_status (out_again, 400);
  g_assert_cmpstr (reason_of (out_again), ==, "not-inside");
  g_assert_true (tix_api_is_iso_time (tix_api_string (tix_api_object (out_again), "exited_at")));

  back = scan (f, 0, "in", gate, "");
  tix_api_assert_status (back, 200);
  g_assert_cmpstr (tix_api_string (tix_api_object (back), "entry"), ==, "re-entry");
  g_assert_cmpint (inside_of (f, f->event_id, 0, NULL), ==, 1);

  /* scanned_at stays the first entry. */
  ticket = tix_api_request (&f->api, "GET", path, f->admin, NULL);
  tix_api_assert_status (ticket, 200);
  g_assert_cmpstr (tix_api_string (tix_api_unwrap_ticket (tix_api_object (ticket)), "scanned_at"),
                   ==, first_at);

  /* No re-entry at the stage door. */
  strict_in = scan (f, 1, "in", strict, "");
  tix_api_assert_status (strict_in, 200);
  strict_out = scan (f, 1, "out", strict, "");
  tix_api_assert_status (strict_out, 200);
  strict_back = scan (f, 1, "in", strict, "");
  tix_api_assert_status (strict_back, 400);
  g_assert_true (json_object_get_boolean_member (tix_api_object (strict_back), "duplicate"));
  g_assert_cmpstr (reason_of (strict_back), ==, "no-reentry");
  g_assert_cmpint (inside_of (f, f->event_id, 0, NULL), ==, 1);
}

static void
test_wrong_entrance_and_closed (Fixture       *f,
                                gconstpointer  data)
{
  /* Tickets without a type: an entrance for the balcony's types takes none. */
  gint64 circle = add_type (f, f->event_id, "Circle");
  gint64 box = add_type (f, f->event_id, "Box");
  g_autofree char *balcony_body = g_strdup_printf ("{\"name\":\"Balcony\",\"type_ids\":[%"
                                                   G_GINT64_FORMAT ",%" G_GINT64_FORMAT "]}",
                                                   circle, box);
  gint64 balcony = add_entrance (f, f->event_id, balcony_body);
  g_autofree char *later = tix_time_format_iso (tix_time_now_ms () + 3600 * 1000);
  g_autofree char *earlier = tix_time_format_iso (tix_time_now_ms () - 3600 * 1000);
  g_autofree char *body = g_strdup_printf ("{\"name\":\"Late\",\"opens_at\":\"%s\"}", later);
  gint64 late = add_entrance (f, f->event_id, body);
  g_autofree char *closed_body = g_strdup_printf ("{\"name\":\"Early\",\"closes_at\":\"%s\"}",
                                                  earlier);
  gint64 early = add_entrance (f, f->event_id, closed_body);
  g_autoptr(TixApiResponse) wrong = scan (f, 0, "in", balcony, "");
  g_autoptr(TixApiResponse) closed = scan (f, 0, "in", late, "");
  g_autoptr(TixApiResponse) gone = scan (f, 0, "in", early, "");
  g_autoptr(TixApiResponse) reopened = NULL;
  g_autoptr(TixApiResponse) ok = NULL;
  g_autofree char *put = g_strdup_printf ("/api/entrances/%" G_GINT64_FORMAT, late);
  JsonArray *admitting;

  tix_api_assert_status (wrong, 422);
  g_assert_cmpstr (reason_of (wrong), ==, "wrong-entrance");
  admitting = json_object_get_array_member (tix_api_object (wrong), "entrances");
  /* The main entrance, Late and Early admit every type. */
  g_assert_cmpuint (json_array_get_length (admitting), ==, 3);
  g_assert_cmpstr (tix_api_string (json_array_get_object_element (admitting, 0), "name"), ==,
                   "Main entrance");

  tix_api_assert_status (closed, 422);
  g_assert_cmpstr (reason_of (closed), ==, "closed");
  g_assert_cmpstr (tix_api_string (json_object_get_object_member (tix_api_object (closed),
                                                                  "entrance"), "opens_at"),
                   ==, later);
  tix_api_assert_status (gone, 422);
  g_assert_cmpstr (reason_of (gone), ==, "closed");

  reopened = tix_api_request (&f->api, "PUT", put, f->admin, "{\"opens_at\":null}");
  tix_api_assert_status (reopened, 200);
  ok = scan (f, 0, "in", late, "");
  tix_api_assert_status (ok, 200);
  g_assert_cmpint (inside_of (f, f->event_id, 0, NULL), ==, 1);
}

static void
test_full (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *path = g_strdup_printf ("/api/events/%" G_GINT64_FORMAT, f->event_id);
  g_autoptr(TixApiResponse) limit = tix_api_request (&f->api, "PUT", path, f->admin,
                                                     "{\"max_inside\":2}");
  gint64 gate = add_entrance (f, f->event_id, "{\"name\":\"Foyer\",\"allow_exit\":true,"
                                              "\"allow_reentry\":true}");
  g_autoptr(TixApiResponse) a = scan (f, 0, "in", gate, "");
  g_autoptr(TixApiResponse) b = scan (f, 1, "in", gate, "");
  g_autoptr(TixApiResponse) c = scan (f, 2, "in", gate, "");
  g_autoptr(TixApiResponse) a_out = NULL;
  g_autoptr(TixApiResponse) c_again = NULL;
  g_autoptr(TixApiResponse) a_back = NULL;
  JsonObject *event;

  tix_api_assert_status (limit, 200);
  tix_api_assert_status (a, 200);
  tix_api_assert_status (b, 200);
  tix_api_assert_status (c, 422);
  g_assert_cmpstr (reason_of (c), ==, "full");
  event = json_object_get_object_member (tix_api_object (c), "event");
  g_assert_cmpint (tix_api_int (event, "inside"), ==, 2);
  g_assert_cmpint (tix_api_int (event, "max_inside"), ==, 2);

  /* One out, one in. */
  a_out = scan (f, 0, "out", gate, "");
  tix_api_assert_status (a_out, 200);
  c_again = scan (f, 2, "in", gate, "");
  tix_api_assert_status (c_again, 200);
  a_back = scan (f, 0, "in", gate, "");
  tix_api_assert_status (a_back, 422);
  g_assert_cmpstr (reason_of (a_back), ==, "full");
  g_assert_cmpint (inside_of (f, f->event_id, 0, NULL), ==, 2);
}

static void
test_other_event_and_deleted (Fixture       *f,
                              gconstpointer  data)
{
  gint64 friday = tix_api_create_event (&f->api, f->admin, "{\"name\":\"Friday\"}");
  g_autofree char *events = g_strdup_printf (",\"event_id\":%" G_GINT64_FORMAT, friday);
  g_autoptr(TixApiResponse) other = scan (f, 0, "in", 0, events);
  g_autofree char *path = g_strdup_printf ("/api/tickets/%s",
    tix_api_string (json_array_get_object_element (f->tickets, 1), "id"));
  g_autoptr(TixApiResponse) in = scan (f, 1, "in", 0, "");
  g_autoptr(TixApiResponse) deleted = NULL;
  g_autoptr(TixApiResponse) gone = NULL;
  gint64 friday_door = add_entrance (f, friday, "{\"name\":\"Friday door\"}");
  g_autoptr(TixApiResponse) mismatch = NULL;

  tix_api_assert_status (other, 422);
  g_assert_cmpstr (reason_of (other), ==, "other-event");

  /* A ticket deleted while inside leaves the count. */
  tix_api_assert_status (in, 200);
  g_assert_cmpint (inside_of (f, f->event_id, 0, NULL), ==, 1);
  deleted = tix_api_request (&f->api, "DELETE", path, f->admin, NULL);
  tix_api_assert_status (deleted, 200);
  g_assert_cmpint (inside_of (f, f->event_id, 0, NULL), ==, 0);
  gone = scan (f, 1, "in", 0, "");
  tix_api_assert_status (gone, 422);
  g_assert_cmpstr (reason_of (gone), ==, "deleted");

  /* An entrance of an event the door does not admit. */
  {
    g_autofree char *extra = g_strdup_printf (",\"event_id\":%" G_GINT64_FORMAT, f->event_id);
    mismatch = scan (f, 0, "in", friday_door, extra);
    tix_api_assert_error (mismatch, 422, "entrance_id");
  }
  /* With no event named, an entrance admits its own event's tickets. */
  {
    g_autoptr(TixApiResponse) friday_only = scan (f, 0, "in", friday_door, "");

    tix_api_assert_status (friday_only, 422);
    g_assert_cmpstr (reason_of (friday_only), ==, "other-event");
  }
}

static void
test_unscan_keeps_inside (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *path = g_strdup_printf ("/api/tickets/%s/unscan",
    tix_api_string (json_array_get_object_element (f->tickets, 0), "id"));
  g_autoptr(TixApiResponse) in = scan (f, 0, "in", 0, "");
  g_autoptr(TixApiResponse) undone = NULL;
  g_autoptr(TixApiResponse) again = NULL;

  tix_api_assert_status (in, 200);
  g_assert_cmpint (inside_of (f, f->event_id, 0, NULL), ==, 1);
  undone = tix_api_request (&f->api, "PUT", path, f->admin, NULL);
  tix_api_assert_status (undone, 200);
  g_assert_cmpint (inside_of (f, f->event_id, 0, NULL), ==, 0);
  again = scan (f, 0, "in", 0, "");
  tix_api_assert_status (again, 200);
  g_assert_cmpstr (tix_api_string (tix_api_object (again), "entry"), ==, "first");
  g_assert_cmpint (inside_of (f, f->event_id, 0, NULL), ==, 1);
}

/* The log --------------------------------------------------------------------- */

static void
test_scan_log (Fixture       *f,
               gconstpointer  data)
{
  gint64 gate = add_entrance (f, f->event_id, "{\"name\":\"Foyer\",\"allow_exit\":true}");
  g_autoptr(TixApiResponse) a = scan (f, 0, "in", gate, "");
  g_autoptr(TixApiResponse) b = scan (f, 0, "in", gate, "");
  g_autoptr(TixApiResponse) c = scan (f, 0, "out", gate, "");
  g_autoptr(TixApiResponse) d = scan (f, 1, "out", 0, "");
  g_autoptr(TixApiResponse) unknown = tix_api_request (&f->api, "POST", "/api/scan", f->scanner,
                                                       "{\"code\":\"GIG-999999\"}");
  g_autoptr(TixApiResponse) log = NULL;
  g_autoptr(TixApiResponse) refused = NULL;
  g_autoptr(TixApiResponse) at_gate = NULL;
  g_autoptr(TixApiResponse) page = NULL;
  g_autoptr(TixApiResponse) bad = NULL;
  g_autofree char *gate_path = NULL;
  g_autofree char *next = NULL;
  const char * const expected[] = { "unknown", "wrong-entrance", "exit", "already-inside",
                                    "first" };
  JsonArray *scans;
  JsonObject *entry;

  tix_api_assert_status (a, 200);
  tix_api_assert_status (b, 400);
  tix_api_assert_status (c, 200);
  tix_api_assert_status (d, 422);
  tix_api_assert_status (unknown, 404);

  log = tix_api_request (&f->api, "GET", "/api/scans", f->admin, NULL);
  tix_api_assert_status (log, 200);
  scans = json_object_get_array_member (tix_api_object (log), "scans");
  g_assert_cmpuint (json_array_get_length (scans), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      entry = json_array_get_object_element (scans, i);
      tix_api_assert_members (entry, (const char * const[]) {
        "id", "at", "ticket_id", "number", "event_id", "entrance_id", "direction", "result",
        "station", "user_id", "source", NULL }, NULL);
      g_assert_cmpstr (tix_api_string (entry, "result"), ==, expected[i]);
      g_assert_cmpstr (tix_api_string (entry, "source"), ==, "online");
      g_assert_true (tix_api_is_iso_time (tix_api_string (entry, "at")));
    }
  entry = json_array_get_object_element (scans, 0);
  g_assert_true (tix_api_is_null (entry, "ticket_id"));
  g_assert_cmpstr (tix_api_string (entry, "number"), ==, "GIG-999999");
  entry = json_array_get_object_element (scans, 2);
  g_assert_cmpstr (tix_api_string (entry, "direction"), ==, "out");
  g_assert_cmpint (tix_api_int (entry, "entrance_id"), ==, gate);
  g_assert_cmpstr (tix_api_string (entry, "number"), ==, "GIG-000001");

  refused = tix_api_request (&f->api, "GET", "/api/scans?result=already-inside", f->admin, NULL);
  tix_api_assert_status (refused, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (tix_api_object (refused),
                                                                         "scans")), ==, 1);
  gate_path = g_strdup_printf ("/api/scans?entrance_id=%" G_GINT64_FORMAT, gate);
  at_gate = tix_api_request (&f->api, "GET", gate_path, f->admin, NULL);
  tix_api_assert_status (at_gate, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (tix_api_object (at_gate),
                                                                         "scans")), ==, 3);

  page = tix_api_request (&f->api, "GET", "/api/scans?limit=2", f->admin, NULL);
  tix_api_assert_status (page, 200);
  next = g_strdup_printf ("/api/scans?limit=2&cursor=%s",
                          tix_api_string (tix_api_object (page), "next_cursor"));
  {
    g_autoptr(TixApiResponse) second = tix_api_request (&f->api, "GET", next, f->admin, NULL);

    tix_api_assert_status (second, 200);
    scans = json_object_get_array_member (tix_api_object (second), "scans");
    g_assert_cmpuint (json_array_get_length (scans), ==, 2);
    g_assert_cmpstr (tix_api_string (json_array_get_object_element (scans, 0), "result"), ==,
                     "exit");
  }

  bad = tix_api_request (&f->api, "GET", "/api/scans?result=maybe", f->admin, NULL);
  tix_api_assert_error (bad, 400, "result");
}

/* Concurrency ------------------------------------------------------------------- */

static guint
n_stations (void)
{
  return tix_api_under_valgrind () ? 10 : 50;
}

/* Fifty stations scan one ticket in and out at once, at an entrance that
 * lets it go out and back: however they interleave, every answer agrees with
 * one order, and the counts say exactly whether it is inside. */
static void
test_inside_race (Fixture       *f,
                  gconstpointer  data)
{
  gint64 gate = add_entrance (f, f->event_id, "{\"name\":\"Foyer\",\"allow_exit\":true,"
                                              "\"allow_reentry\":true}");
  guint n = n_stations ();
  g_autoptr(TixApiResponse) log = NULL;
  gint64 ins = 0, outs = 0, refused = 0, inside, at_gate = -1;

  for (guint round = 0; round < 3; round++)
    {
      g_autoptr(GArray) array = tix_api_jobs_new (n);
      TixApiJob *jobs = (TixApiJob *) array->data;

      for (guint i = 0; i < n; i++)
        {
          jobs[i].url = f->api.server->url;
          jobs[i].token = f->scanner;
          jobs[i].method = "POST";
          jobs[i].path = g_strdup ("/api/scan");
          jobs[i].body = g_strdup_printf ("{\"code\":\"%s\",\"direction\":\"%s\","
                                          "\"entrance_id\":%" G_GINT64_FORMAT "}",
                                          code_of (f, 0), (i + round) % 2 ? "out" : "in", gate);
        }
      tix_api_run_together (jobs, n);
      tix_api_assert_answered (jobs, n);
      for (guint i = 0; i < n; i++)
        {
          JsonObject *o = json_node_get_object (jobs[i].json);

          if (jobs[i].status == 200 && json_object_has_member (o, "exit"))
            outs++;
          else if (jobs[i].status == 200)
            ins++;
          else
            {
              const char *reason = json_object_get_string_member (o, "reason");

              g_assert_cmpuint (jobs[i].status, ==, 400);
              g_assert_true (g_strcmp0 (reason, "already-inside") == 0 ||
                             g_strcmp0 (reason, "not-inside") == 0);
              refused++;
            }
        }
      /* In and out alternate: the ins lead the outs by what is inside now. */
      inside = inside_of (f, f->event_id, gate, &at_gate);
      g_assert_cmpint (ins - outs, ==, inside);
      g_assert_true (inside == 0 || inside == 1);
      g_assert_cmpint (at_gate, ==, inside);
    }
  g_assert_cmpint (ins, >=, 1);
  g_assert_cmpint (ins + outs + refused, ==, 3 * n);

  /* Every attempt is in the log. */
  log = tix_api_request (&f->api, "GET", "/api/scans?limit=1000", f->admin, NULL);
  tix_api_assert_status (log, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (tix_api_object (log),
                                                                         "scans")), ==, 3 * n);
}

/* Many tickets in at once against the capacity: exactly max_inside get in. */
static void
test_capacity_race (Fixture       *f,
                    gconstpointer  data)
{
  guint n = n_stations ();
  g_autoptr(JsonArray) tickets = tix_api_generate (&f->api, f->admin, "CAP", n, NULL);
  g_autofree char *path = g_strdup_printf ("/api/events/%" G_GINT64_FORMAT, f->event_id);
  g_autoptr(TixApiResponse) limit = tix_api_request (&f->api, "PUT", path, f->admin,
                                                     "{\"max_inside\":7}");
  g_autoptr(GArray) array = tix_api_jobs_new (n);
  TixApiJob *jobs = (TixApiJob *) array->data;
  guint admitted = 0, full = 0;

  tix_api_assert_status (limit, 200);
  for (guint i = 0; i < n; i++)
    {
      jobs[i].url = f->api.server->url;
      jobs[i].token = f->scanner;
      jobs[i].method = "POST";
      jobs[i].path = g_strdup ("/api/scan");
      jobs[i].body = g_strdup_printf ("{\"code\":\"%s\"}",
        tix_api_string (json_array_get_object_element (tickets, i), "code"));
    }
  tix_api_run_together (jobs, n);
  tix_api_assert_answered (jobs, n);
  for (guint i = 0; i < n; i++)
    if (jobs[i].status == 200)
      admitted++;
    else if (jobs[i].status == 422)
      full++;
  g_assert_cmpuint (admitted, ==, MIN (7, n));
  g_assert_cmpuint (full, ==, n - MIN (7, n));
  g_assert_cmpint (inside_of (f, f->event_id, 0, NULL), ==, MIN (7, n));
}

/* The sync (GET /api/sync) --------------------------------------------------- */

static JsonObject *
change_of (JsonArray  *changes,
           const char *id)
{
  for (guint i = 0; i < json_array_get_length (changes); i++)
    {
      JsonObject *change = json_array_get_object_element (changes, i);

      if (g_strcmp0 (tix_api_string (change, "id"), id) == 0)
        return change;
    }
  return NULL;
}

/* What an offline station needs for the rules: every entrance of the
 * organization's events, each ticket's type and inside state; an entry and
 * an exit are changes the sync delivers. */
static void
test_sync_door_state (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *types = g_strdup_printf ("/api/events/%" G_GINT64_FORMAT "/types", f->event_id);
  g_autoptr(TixApiResponse) type = tix_api_request (&f->api, "POST", types, f->admin,
                                                    "{\"name\":\"Balcony\",\"price\":900,"
                                                    "\"prefix\":\"BAL\"}");
  g_autofree char *generate = NULL;
  g_autoptr(TixApiResponse) shift = NULL;
  g_autoptr(TixApiResponse) typed = NULL;
  g_autoptr(TixApiResponse) all = NULL;
  g_autoptr(TixApiResponse) in = NULL;
  g_autoptr(TixApiResponse) after_in = NULL;
  g_autoptr(TixApiResponse) out = NULL;
  g_autoptr(TixApiResponse) after_out = NULL;
  g_autoptr(TixApiResponse) other_sync = NULL;
  g_autofree char *later = tix_time_format_iso (tix_time_now_ms () + 3600 * 1000);
  g_autofree char *body = NULL;
  const char *id = tix_api_string (json_array_get_object_element (f->tickets, 0), "id");
  const char *typed_id;
  gint64 type_id, gate, balcony, next;
  JsonObject *object, *change;
  JsonArray *entrances;
  guint n_seen = 0;

  tix_api_assert_status (type, 201);
  type_id = tix_api_int (tix_api_object (type), "id");
  /* A ticket of the type: sold at the desk. */
  shift = tix_api_request (&f->api, "POST", "/api/shifts", f->admin,
                           "{\"station\":\"desk\",\"opening_float\":0}");
  tix_api_assert_status (shift, 201);
  generate = g_strdup_printf ("{\"event_id\":%" G_GINT64_FORMAT ",\"items\":[{\"type_id\":%"
                              G_GINT64_FORMAT ",\"quantity\":1}],\"payment\":{\"method\":"
                              "\"free\"},\"station\":\"desk\"}", f->event_id, type_id);
  typed = tix_api_request (&f->api, "POST", "/api/orders", f->admin, generate);
  tix_api_assert_status (typed, 201);
  typed_id = tix_api_string (json_array_get_object_element (
    json_object_get_array_member (tix_api_object (typed), "tickets"), 0), "id");

  gate = add_entrance (f, f->event_id, "{\"name\":\"Foyer\",\"allow_exit\":true,"
                                       "\"allow_reentry\":true}");
  body = g_strdup_printf ("{\"name\":\"Balcony\",\"type_ids\":[%" G_GINT64_FORMAT "],"
                          "\"opens_at\":\"%s\"}", type_id, later);
  balcony = add_entrance (f, f->event_id, body);

  all = tix_api_request (&f->api, "GET", "/api/sync?since=0", f->scanner, NULL);
  tix_api_assert_status (all, 200);
  object = tix_api_object (all);
  next = tix_api_int (object, "next");

  /* The entrances, as GET /api/events/:id/entrances has them but for who
   * is inside (each ticket says it). */
  entrances = json_object_get_array_member (object, "entrances");
  g_assert_cmpuint (json_array_get_length (entrances), ==, 3);
  for (guint i = 0; i < json_array_get_length (entrances); i++)
    {
      JsonObject *entrance = json_array_get_object_element (entrances, i);
      gint64 entrance_id = tix_api_int (entrance, "id");

      tix_api_assert_members (entrance, (const char * const[]) {
        "id", "event_id", "name", "type_ids", "allow_exit", "allow_reentry", "opens_at",
        "closes_at", "is_default", NULL }, NULL);
      g_assert_cmpint (tix_api_int (entrance, "event_id"), ==, f->event_id);
      if (entrance_id == gate)
        {
          n_seen++;
          g_assert_true (json_object_get_boolean_member (entrance, "allow_exit"));
          g_assert_true (json_object_get_boolean_member (entrance, "allow_reentry"));
          g_assert_false (json_object_get_boolean_member (entrance, "is_default"));
          g_assert_true (tix_api_is_null (entrance, "opens_at"));
        }
      else if (entrance_id == balcony)
        {
          JsonArray *ids = json_object_get_array_member (entrance, "type_ids");

          n_seen++;
          g_assert_cmpuint (json_array_get_length (ids), ==, 1);
          g_assert_cmpint (json_array_get_int_element (ids, 0), ==, type_id);
          g_assert_cmpstr (tix_api_string (entrance, "opens_at"), ==, later);
          g_assert_false (json_object_get_boolean_member (entrance, "allow_exit"));
        }
      else
        g_assert_true (json_object_get_boolean_member (entrance, "is_default"));
    }
  g_assert_cmpuint (n_seen, ==, 2);

  /* Each ticket: its type, not inside, never in nor out. */
  change = change_of (json_object_get_array_member (object, "changes"), typed_id);
  g_assert_nonnull (change);
  g_assert_cmpint (tix_api_int (change, "type_id"), ==, type_id);
  change = change_of (json_object_get_array_member (object, "changes"), id);
  g_assert_nonnull (change);
  g_assert_true (tix_api_is_null (change, "type_id"));
  g_assert_false (json_object_get_boolean_member (change, "inside"));
  g_assert_true (tix_api_is_null (change, "entrance_id"));
  g_assert_true (tix_api_is_null (change, "last_in_at"));
  g_assert_true (tix_api_is_null (change, "last_out_at"));

  /* In by the foyer: a change, inside, there. */
  in = scan (f, 0, "in", gate, "");
  tix_api_assert_status (in, 200);
  after_in = tix_api_requestf (&f->api, "GET", f->scanner, NULL,
                               "/api/sync?since=%" G_GINT64_FORMAT, next);
  tix_api_assert_status (after_in, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
    tix_api_object (after_in), "changes")), ==, 1);
  change = change_of (json_object_get_array_member (tix_api_object (after_in), "changes"), id);
  g_assert_nonnull (change);
  g_assert_true (json_object_get_boolean_member (change, "inside"));
  g_assert_cmpint (tix_api_int (change, "entrance_id"), ==, gate);
  g_assert_true (tix_api_is_iso_time (tix_api_string (change, "last_in_at")));
  g_assert_true (tix_api_is_null (change, "last_out_at"));
  next = tix_api_int (tix_api_object (after_in), "next");

  /* Out: a change again, no longer inside, the entrance it came in by kept. */
  out = scan (f, 0, "out", gate, "");
  tix_api_assert_status (out, 200);
  after_out = tix_api_requestf (&f->api, "GET", f->scanner, NULL,
                                "/api/sync?since=%" G_GINT64_FORMAT, next);
  tix_api_assert_status (after_out, 200);
  change = change_of (json_object_get_array_member (tix_api_object (after_out), "changes"), id);
  g_assert_nonnull (change);
  g_assert_false (json_object_get_boolean_member (change, "inside"));
  g_assert_cmpint (tix_api_int (change, "entrance_id"), ==, gate);
  g_assert_true (tix_api_is_iso_time (tix_api_string (change, "last_in_at")));
  g_assert_true (tix_api_is_iso_time (tix_api_string (change, "last_out_at")));

  /* Another organization's sync has its own entrances only. */
  other_sync = tix_api_request (&f->api, "GET", "/api/sync?since=0", f->other, NULL);
  tix_api_assert_status (other_sync, 200);
  entrances = json_object_get_array_member (tix_api_object (other_sync), "entrances");
  g_assert_cmpuint (json_array_get_length (entrances), ==, 1);
  for (guint i = 0; i < json_array_get_length (entrances); i++)
    {
      JsonObject *entrance = json_array_get_object_element (entrances, i);

      g_assert_cmpint (tix_api_int (entrance, "id"), !=, gate);
      g_assert_cmpint (tix_api_int (entrance, "id"), !=, balcony);
    }
}

/* Migration ------------------------------------------------------------------- */

/* The schema before entrances: every migration but the last on each backend. */
#define SQLITE_BEFORE 6
#define PG_BEFORE     4

/* Two events, one with tickets (one scanned), as the version before
 * entrances wrote them. */
/* The identities go on after the ids the rows gave. */
#define AFTER_ROWS_PG \
  "SELECT setval (pg_get_serial_sequence ('events', 'id'), 2)"

static const char old_rows[] =
  "INSERT INTO organizations (id, name, max_users, created_at) VALUES"
  " (1, 'Hall', 5, 1700000000000);"
  "INSERT INTO ticket_counts (organization_id, total, scanned, changes) VALUES (1, 3, 1, 3);"
  "INSERT INTO events (id, organization_id, name, created_at, total, scanned) VALUES"
  " (1, 1, 'Gala', 1700000000000, 3, 1), (2, 1, 'Matinee', 1700000000000, 0, 0);"
  "INSERT INTO settings (organization_id, key, value) VALUES"
  " (1, 'current_event_id', '1'), (1, 'time_zone', 'UTC');"
  "INSERT INTO tickets (id, organization_id, number, prefix, generated_at, scanned_at,"
  " version, event_id) VALUES"
  " ('6f1c2a48-0b7e-4a55-9d2a-000000000001', 1, 'GALA-000001', 'GALA', 1700000000000,"
  "  1700000100000, 1, 1),"
  " ('6f1c2a48-0b7e-4a55-9d2a-000000000002', 1, 'GALA-000002', 'GALA', 1700000000000, NULL, 2, 1),"
  " ('6f1c2a48-0b7e-4a55-9d2a-000000000003', 1, 'GALA-000003', 'GALA', 1700000000000, NULL, 3, 1);";

static void
test_migration (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("tix-test-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autoptr(TixStore) store = NULL;
  g_autoptr(GPtrArray) gala = NULL;
  g_autoptr(GPtrArray) matinee = NULL;
  g_autoptr(TixStoreEvent) event = NULL;
  g_autofree TixStoreInside *inside = NULL;
  g_autoptr(TixUser) user = NULL;
  g_autoptr(TixTicket) ticket = NULL;
  TixStoreEntrance *entrance;
  TixStoreScan scan = { 0 };

  g_assert_no_error (error);
  path = tix_test_database_new (dir);
  if (tix_test_backend_is_postgres ())
    {
#if HAVE_POSTGRES
      tix_test_make_old_pg (path, PG_BEFORE, old_rows, AFTER_ROWS_PG);
#endif
    }
  else
    tix_test_make_old_sqlite (path, SQLITE_BEFORE, old_rows);

  store = tix_store_open (path, &error);
  g_assert_no_error (error);

  /* Each event has its default entrance; who was scanned is inside by it. */
  gala = tix_store_list_entrances (store, 1, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gala->len, ==, 1);
  entrance = g_ptr_array_index (gala, 0);
  g_assert_true (entrance->is_default);
  g_assert_cmpstr (entrance->name, ==, "Main entrance");
  g_assert_false (entrance->allow_exit);
  g_assert_cmpint (entrance->inside, ==, 1);
  matinee = tix_store_list_entrances (store, 1, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (matinee->len, ==, 1);
  g_assert_cmpint (((TixStoreEntrance *) g_ptr_array_index (matinee, 0))->inside, ==, 0);

  event = tix_store_get_event (store, 1, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (event->inside, ==, 1);
  g_assert_cmpint (event->scanned, ==, 1);

  inside = tix_store_get_inside (store, 1, "6f1c2a48-0b7e-4a55-9d2a-000000000001", &error);
  g_assert_no_error (error);
  g_assert_true (inside->inside);
  g_assert_cmpint (inside->entrance_id, ==, entrance->id);
  g_assert_cmpint (inside->last_in_at, ==, G_GINT64_CONSTANT (1700000100000));

  /* The seed's scan keeps its meaning on it. */
  user = tix_user_new (7, "ada@example.org", "Ada", "admin", 1);
  scan.id = "6f1c2a48-0b7e-4a55-9d2a-000000000001";
  g_assert_false (tix_store_scan_ticket (store, user, &scan, tix_time_now_ms (), &ticket, &error));
  g_assert_error (error, TIX_STORE_ERROR, TIX_STORE_ERROR_DUPLICATE);
  g_clear_error (&error);
  g_clear_object (&ticket);
  scan.id = "6f1c2a48-0b7e-4a55-9d2a-000000000002";
  g_assert_true (tix_store_scan_ticket (store, user, &scan, tix_time_now_ms (), &ticket, &error));
  g_assert_no_error (error);
  g_clear_pointer (&event, tix_store_event_free);
  event = tix_store_get_event (store, 1, 1, &error);
  g_assert_cmpint (event->inside, ==, 2);

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
  ADD ("/tix/server/door-rules/default-entrance", test_default_entrance);
  ADD ("/tix/server/door-rules/entrance-input", test_entrance_input);
  ADD ("/tix/server/door-rules/default-rules", test_default_rules);
  ADD ("/tix/server/door-rules/exit-and-reentry", test_exit_and_reentry);
  ADD ("/tix/server/door-rules/wrong-entrance-and-closed", test_wrong_entrance_and_closed);
  ADD ("/tix/server/door-rules/full", test_full);
  ADD ("/tix/server/door-rules/other-event-and-deleted", test_other_event_and_deleted);
  ADD ("/tix/server/door-rules/unscan", test_unscan_keeps_inside);
  ADD ("/tix/server/door-rules/scan-log", test_scan_log);
  ADD ("/tix/server/door-rules/inside-race", test_inside_race);
  ADD ("/tix/server/door-rules/capacity-race", test_capacity_race);
  ADD ("/tix/server/door-rules/sync", test_sync_door_state);
#undef ADD
  g_test_add_func ("/tix/server/door-rules/migration", test_migration);

  return g_test_run ();
}
