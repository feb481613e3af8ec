/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What probing the server as a misbehaving client broke (issue #15): far
 * dates in every place that takes a date or a time, a scan_id reused for
 * another ticket, registrations without a limit. */
#include "config.h"

#include <string.h>

#include "server-test-util.h"
#include "tix-time.h"

typedef struct
{
  TixApiFixture  api;
  char          *token;
} Trust;

static void
trust_setup (Trust         *f,
             gconstpointer  data)
{
  tix_api_fixture_setup (&f->api, data);
  f->token = tix_api_register (&f->api, "door@example.org", "Dora", NULL);
}

static void
trust_teardown (Trust         *f,
                gconstpointer  data)
{
  g_free (f->token);
  tix_api_fixture_teardown (&f->api, data);
}

static void
set_time_zone (Trust      *f,
               const char *zone)
{
  g_autofree char *body = g_strdup_printf ("{\"time_zone\":\"%s\"}", zone);
  g_autoptr(TixApiResponse) r = tix_api_request (&f->api, "PUT", "/api/settings", f->token,
                                                 body);

  tix_api_assert_status (r, 200);
}

static void
assert_door_refused (Trust      *f,
                     const char *date)
{
  g_autoptr(TixApiResponse) r = tix_api_requestf (&f->api, "GET", f->token, NULL,
                                                  "/api/reports/door?date=%s", date);

  tix_api_assert_error (r, 400, "date");
}

/* A date the server can answer for: its label as asked, its day whole. */
static void
assert_door_day (Trust      *f,
                 const char *date,
                 const char *first_start,
                 guint       n_buckets)
{
  g_autoptr(TixApiResponse) r = tix_api_requestf (&f->api, "GET", f->token, NULL,
                                                  "/api/reports/door?date=%s", date);
  JsonObject *report;
  JsonArray *buckets;

  tix_api_assert_status (r, 200);
  report = tix_api_object (r);
  g_assert_cmpstr (tix_api_string (report, "date"), ==, date);
  buckets = json_object_get_array_member (report, "buckets");
  g_assert_nonnull (buckets);
  g_assert_cmpuint (json_array_get_length (buckets), ==, n_buckets);
  g_assert_cmpstr (tix_api_string (json_array_get_object_element (buckets, 0), "start"), ==,
                   first_start);
}

/* Once GET /api/reports/door?date=9999-12-31 aborted the server (a NULL
 * GDateTime, then a 30 GB allocation); 0001-01-01 in Tokyo answered buckets
 * of 1970 labelled "1-01-01". */
static void
test_door_far_dates (Trust         *f,
                     gconstpointer  data)
{
  const char *zones[] = { "Asia/Tokyo", "Pacific/Kiritimati", "Pacific/Pago_Pago", "UTC" };
  const char *refused[] = { "9999-12-31", "9999-12-30", "9999-01-01", "0001-01-01",
                            "1969-12-31", "0000-01-01", "10000-01-01", "99999-12-31",
                            "1-01-01", "2026-02-30" };

  for (guint z = 0; z < G_N_ELEMENTS (zones); z++)
    {
      set_time_zone (f, zones[z]);
      for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
        assert_door_refused (f, refused[i]);
      tix_api_assert_serving (&f->api);
    }

  /* The ends of the range, where the zones push the day across a year. */
  set_time_zone (f, "Asia/Tokyo");
  assert_door_day (f, "1970-01-01", "1969-12-31T15:00:00.000Z", 144);
  assert_door_day (f, "9998-12-31", "9998-12-30T15:00:00.000Z", 144);
  set_time_zone (f, "Pacific/Pago_Pago");
  assert_door_day (f, "9998-12-31", "9998-12-31T11:00:00.000Z", 144);
  set_time_zone (f, "Pacific/Kiritimati");
  assert_door_day (f, "9998-12-31", "9998-12-30T10:00:00.000Z", 144);
}

/* The daily, weekly and monthly tables still answer in far zones. */
static void
test_reports_far_zones (Trust         *f,
                        gconstpointer  data)
{
  const char *zones[] = { "Pacific/Kiritimati", "Pacific/Pago_Pago", "Asia/Tokyo" };
  const char *paths[] = { "/api/reports/daily", "/api/reports/weekly",
                          "/api/reports/monthly" };
  const guint rows[] = { 30, 12, 12 };

  for (guint z = 0; z < G_N_ELEMENTS (zones); z++)
    {
      set_time_zone (f, zones[z]);
      for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
        {
          g_autoptr(TixApiResponse) r = tix_api_request (&f->api, "GET", paths[i], f->token,
                                                         NULL);

          tix_api_assert_status (r, 200);
          g_assert_cmpuint (json_array_get_length (tix_api_array (r)), ==, rows[i]);
        }
    }
}

static void
assert_event_date (Trust      *f,
                   const char *date,
                   guint       status)
{
  g_autofree char *body = g_strdup_printf ("{\"event_date\":\"%s\"}", date);
  g_autoptr(TixApiResponse) r = tix_api_request (&f->api, "PUT", "/api/settings", f->token,
                                                 body);

  if (status == 200)
    {
      tix_api_assert_status (r, 200);
      g_assert_cmpstr (tix_api_string (tix_api_object (r), "event_date"), ==, date);
    }
  else
    tix_api_assert_error (r, status, "event_date");
}

/* The event date: the same years as every other date. */
static void
test_event_date_range (Trust         *f,
                       gconstpointer  data)
{
  assert_event_date (f, "9999-12-31", 400);
  assert_event_date (f, "0001-01-01", 400);
  assert_event_date (f, "1969-12-31", 400);
  assert_event_date (f, "1970-01-01", 200);
  assert_event_date (f, "9998-12-31", 200);
  assert_event_date (f, "2026-11-25", 200);
}

/* An offline upload's scanned_at: an offset that carries a time out of the
 * years GLib knows is refused by name, and the ticket stays unscanned. */
static void
test_scanned_at_far (Trust         *f,
                     gconstpointer  data)
{
  g_autoptr(JsonArray) tickets = tix_api_generate (&f->api, f->token, "FAR", 1, NULL);
  JsonObject *ticket = json_array_get_object_element (tickets, 0);
  const char *times[] = { "9999-12-31T23:59:59-12:00", "0001-01-01T00:00:00+14:00",
                          "9999-12-31T23:59:59Z", "1969-12-31T23:59:59Z",
                          "+10000-01-01T00:00:00Z" };

  for (guint i = 0; i < G_N_ELEMENTS (times); i++)
    {
      g_autofree char *scan_id = g_uuid_string_random ();
      g_autofree char *body = g_strdup_printf ("{\"code\":\"%s\",\"scan_id\":\"%s\","
                                               "\"scanned_at\":\"%s\"}",
                                               tix_api_string (ticket, "code"), scan_id,
                                               times[i]);
      g_autoptr(TixApiResponse) r = tix_api_request (&f->api, "POST", "/api/scan", f->token,
                                                     body);

      tix_api_assert_error (r, 400, "scanned_at");
    }
  {
    g_autoptr(JsonObject) again = tix_api_get_ticket (&f->api, f->token,
                                                      tix_api_string (ticket, "id"));

    g_assert_true (tix_api_is_null (tix_api_unwrap_ticket (again), "scanned_at"));
  }
}

static TixApiResponse *
upload (Trust      *f,
        const char *code,
        const char *scan_id)
{
  g_autofree char *at = tix_time_format_iso (tix_time_now_ms ());
  g_autofree char *body = g_strdup_printf ("{\"code\":\"%s\",\"scan_id\":\"%s\","
                                           "\"scanned_at\":\"%s\",\"station\":\"gate-1\"}",
                                           code, scan_id, at);

  return tix_api_request (&f->api, "POST", "/api/scan", f->token, body);
}

static gboolean
is_scanned (Trust      *f,
            const char *id)
{
  g_autoptr(JsonObject) ticket = tix_api_get_ticket (&f->api, f->token, id);

  return !tix_api_is_null (tix_api_unwrap_ticket (ticket), "scanned_at");
}

/* POST /api/scan {code: T4, scan_id: X}, then {code: T5, scan_id: X} once
 * answered 200 success for T5, which stayed unscanned (and could enter later).
 * A scan_id seen with another ticket is a 409 naming scan_id; the same one
 * with its own ticket stays the idempotent replay. */
static void
test_scan_id_other_ticket (Trust         *f,
                           gconstpointer  data)
{
  g_autoptr(JsonArray) tickets = tix_api_generate (&f->api, f->token, "SID", 3, NULL);
  JsonObject *t4 = json_array_get_object_element (tickets, 0);
  JsonObject *t5 = json_array_get_object_element (tickets, 1);
  JsonObject *t6 = json_array_get_object_element (tickets, 2);
  g_autofree char *scan_id = g_uuid_string_random ();

  {
    g_autoptr(TixApiResponse) r = upload (f, tix_api_string (t4, "code"), scan_id);

    tix_api_assert_status (r, 200);
    g_assert_true (json_object_get_boolean_member (tix_api_object (r), "success"));
  }
  {
    g_autoptr(TixApiResponse) r = upload (f, tix_api_string (t5, "code"), scan_id);

    tix_api_assert_error (r, 409, "scan_id");
  }
  g_assert_false (is_scanned (f, tix_api_string (t5, "id")));

  /* By number as well as by code. */
  {
    g_autoptr(TixApiResponse) r = upload (f, tix_api_string (t6, "number"), scan_id);

    tix_api_assert_error (r, 409, "scan_id");
  }
  g_assert_false (is_scanned (f, tix_api_string (t6, "id")));

  /* The replay of the first upload is the first answer again. */
  {
    g_autoptr(TixApiResponse) r = upload (f, tix_api_string (t4, "code"), scan_id);

    tix_api_assert_status (r, 200);
    g_assert_true (json_object_get_boolean_member (tix_api_object (r), "success"));
  }
  g_assert_true (is_scanned (f, tix_api_string (t4, "id")));

  /* T5 enters with a scan_id of its own, once. */
  {
    g_autofree char *own = g_uuid_string_random ();
    g_autoptr(TixApiResponse) r = upload (f, tix_api_string (t5, "code"), own);
    g_autoptr(TixApiResponse) again = upload (f, tix_api_string (t5, "code"), scan_id);

    tix_api_assert_status (r, 200);
    g_assert_true (json_object_get_boolean_member (tix_api_object (r), "success"));
    tix_api_assert_error (again, 409, "scan_id");
  }
  g_assert_true (is_scanned (f, tix_api_string (t5, "id")));
}

/* Two uploads with one scan_id for two tickets in the same group commit. */
static void
test_scan_id_other_ticket_together (Trust         *f,
                                    gconstpointer  data)
{
  g_autoptr(JsonArray) tickets = tix_api_generate (&f->api, f->token, "SIT", 2, NULL);
  g_autofree char *scan_id = g_uuid_string_random ();
  g_autofree char *at = tix_time_format_iso (tix_time_now_ms ());
  TixApiJob jobs[2] = { 0 };
  guint ok = 0, conflict = 0, scanned = 0;

  for (guint i = 0; i < 2; i++)
    {
      jobs[i].url = f->api.server->url;
      jobs[i].method = "POST";
      jobs[i].path = g_strdup ("/api/scan");
      jobs[i].token = f->token;
      jobs[i].body = g_strdup_printf ("{\"code\":\"%s\",\"scan_id\":\"%s\",\"scanned_at\":\"%s\"}",
                                      tix_api_string (json_array_get_object_element (tickets, i),
                                                      "code"), scan_id, at);
    }
  tix_api_run_together (jobs, 2);
  for (guint i = 0; i < 2; i++)
    {
      if (jobs[i].status == 200)
        ok++;
      else if (jobs[i].status == 409)
        conflict++;
      scanned += is_scanned (f, tix_api_string (json_array_get_object_element (tickets, i), "id"));
      tix_api_job_clear (&jobs[i]);
    }
  g_assert_cmpuint (ok, ==, 1);
  g_assert_cmpuint (conflict, ==, 1);
  g_assert_cmpuint (scanned, ==, 1);
}

/* Found by the fuzz harness once it signed in as a seller: an error that
 * quotes a query value that is not UTF-8 answered JSON that is not UTF-8. */
static void
test_error_quoting_not_utf8 (Trust         *f,
                             gconstpointer  data)
{
  const char *paths[] = { "/api/tickets/sheet.pdf?ids=%C0ID",
                          "/api/tickets/sheet.pdf?layout=%FF%FE" };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(TixApiResponse) r = tix_api_request (&f->api, "GET", paths[i], f->token, NULL);
      gsize length;
      const char *body = g_bytes_get_data (r->body, &length);

      g_assert_cmpuint (r->status, ==, 400);
      g_assert_true (g_utf8_validate (body, (gssize) length, NULL));
      tix_api_assert_error (r, 400, NULL);
    }
}

/* Registration, throttled per address as sign-in is */

static void
proxy_setup (TixApiFixture *fixture,
             gconstpointer  data)
{
  TixServerOptions options;

  tix_server_options_init (&options);
  options.fast_password_hashing = TRUE;
  options.trust_proxy = TRUE;
  fixture->server = tix_test_server_new_with (&options);
  fixture->session = tix_api_session_new ();
}

static TixApiResponse *
register_from (TixApiFixture *fixture,
               const char    *address,
               guint          n)
{
  g_autofree char *body = g_strdup_printf ("{\"email\":\"new%u@example.org\",\"password\":\""
                                           TIX_API_PASSWORD "\",\"name\":\"N%u\"}", n, n);
  const char *headers[] = { "X-Forwarded-For", address, NULL };

  return tix_api_send (fixture->session, fixture->server->url, "POST", "/api/auth/register",
                       NULL, headers, "application/json", body, strlen (body));
}

/* 30 registrations from one address in 2.6 s once all succeeded. */
static void
test_register_throttled (TixApiFixture *fixture,
                         gconstpointer  data)
{
  guint n = 0;

  for (guint i = 0; i < 10; i++)
    {
      g_autoptr(TixApiResponse) r = register_from (fixture, "203.0.113.7", n++);

      tix_api_assert_status (r, 201);
    }
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(TixApiResponse) r = register_from (fixture, "203.0.113.7", n++);
      const char *retry = tix_api_header (r, "Retry-After");

      tix_api_assert_error (r, 429, NULL);
      g_assert_nonnull (retry);
      g_assert_cmpint (g_ascii_strtoll (retry, NULL, 10), >=, 1);
    }
  /* A refused one made nobody. */
  {
    g_autoptr(TixApiResponse) r = tix_api_request (fixture, "POST", "/api/auth/login", NULL,
                                                   "{\"email\":\"new12@example.org\","
                                                   "\"password\":\"" TIX_API_PASSWORD "\"}");

    tix_api_assert_status (r, 401);
  }
  /* Another address is not held back. */
  {
    g_autoptr(TixApiResponse) r = register_from (fixture, "203.0.113.8", n++);

    tix_api_assert_status (r, 201);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Trust, NULL, trust_setup, func, trust_teardown)
  ADD ("/tix/server/trust/door-far-dates", test_door_far_dates);
  ADD ("/tix/server/trust/reports-far-zones", test_reports_far_zones);
  ADD ("/tix/server/trust/event-date-range", test_event_date_range);
  ADD ("/tix/server/trust/scanned-at-far", test_scanned_at_far);
  ADD ("/tix/server/trust/scan-id-other-ticket", test_scan_id_other_ticket);
  ADD ("/tix/server/trust/scan-id-other-ticket-together", test_scan_id_other_ticket_together);
  ADD ("/tix/server/trust/error-quoting-not-utf8", test_error_quoting_not_utf8);
#undef ADD
  g_test_add ("/tix/server/trust/register-throttled", TixApiFixture, NULL, proxy_setup,
              test_register_throttled, tix_api_fixture_teardown);

  return g_test_run ();
}
