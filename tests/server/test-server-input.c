/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "server-test-util.h"

/* Every bad request gets a 4xx JSON error, changes nothing, and the server
 * keeps serving. Each test ends by checking that no ticket was made and no
 * number was used up. */

typedef struct
{
  TixApiFixture  api;
  char          *token;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  tix_api_fixture_setup (&f->api, data);
  f->token = tix_api_register (&f->api, "anna@example.com", "Anna", NULL);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_pointer (&f->token, g_free);
  tix_api_fixture_teardown (&f->api, data);
}

/* Nothing was generated: no ticket, and VIP numbering still starts at 1. */
static void
assert_nothing_generated (Fixture *f)
{
  g_autoptr(JsonObject) stats = NULL;
  g_autoptr(JsonArray) tickets = NULL;

  tix_api_assert_serving (&f->api);
  stats = tix_api_stats (&f->api, f->token);
  g_assert_cmpint (tix_api_int (stats, "total"), ==, 0);
  g_assert_cmpint (tix_api_list_total (&f->api, f->token, NULL), ==, 0);

  tickets = tix_api_generate (&f->api, f->token, "VIP", 1, NULL);
  g_assert_cmpstr (tix_api_string (json_array_get_object_element (tickets, 0), "number"), ==,
                   "VIP-000001");
}

static void
generate_fails (Fixture    *f,
                const char *body,
                gsize       length,
                guint       status,
                const char *field)
{
  g_autoptr(TixApiResponse) r = tix_api_send (f->api.session, f->api.server->url, "POST",
                                              "/api/tickets/generate", f->token, NULL,
                                              "application/json", body, length);

  {
    g_autofree char *excerpt = g_strndup (body, MIN (length, 100));
    g_autofree char *escaped = g_strescape (excerpt, NULL);
    g_test_message ("generate with %s", escaped);
  }
  tix_api_assert_error (r, status, field);
}

static void
generate_fails_str (Fixture    *f,
                    const char *body,
                    const char *field)
{
  generate_fails (f, body, strlen (body), 400, field);
}

static void
test_count (Fixture       *f,
            gconstpointer  data)
{
  const char *counts[] = {
    "0", "100001", "1.5", "\"5\"", "1e30", "-1", "-0.5", "true", "null", "[5]", "{}",
    "1e400", "-1e400", "100000.5", "\"\"",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (counts); i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"count\": %s, \"prefix\": \"VIP\"}",
                                               counts[i]);
      generate_fails_str (f, body, "count");
    }
  generate_fails_str (f, "{\"prefix\": \"VIP\"}", "count");

  /* beyond int64: json-glib would read -1; refused, whether or not the
   * server can still tell which member it was */
  generate_fails_str (f, "{\"count\": 99999999999999999999, \"prefix\": \"VIP\"}", NULL);
  generate_fails_str (f, "{\"count\": -99999999999999999999, \"prefix\": \"VIP\"}", NULL);
  generate_fails_str (f, "{\"count\": 18446744073709551617, \"prefix\": \"VIP\"}", NULL);
  generate_fails_str (f, "{\"count\": 9223372036854775807, \"prefix\": \"VIP\"}", NULL);

  assert_nothing_generated (f);
}

static void
test_prefix (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *long_prefix = tix_api_repeat ("A", 21);
  const char *prefixes[] = {
    "\"\"", "\"VIP!\"", "\"VIP \"", "\" VIP\"", "\"V.I.P\"", "\"VIP/1\"", "\"VIP\\n\"",
    "\"caf\xc3\xa9\"", "\"\xe2\x82\xac\"", "\"\xf0\x9f\x8e\xab\"", "\"VIP%\"", "\"VIP'--\"",
    "5", "true", "[\"VIP\"]", "{}",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (prefixes); i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"count\": 1, \"prefix\": %s}", prefixes[i]);
      generate_fails_str (f, body, "prefix");
    }
  {
    g_autofree char *body = g_strdup_printf ("{\"count\": 1, \"prefix\": \"%s\"}", long_prefix);
    generate_fails_str (f, body, "prefix");
  }

  assert_nothing_generated (f);

  /* 20 characters are fine */
  {
    g_autoptr(JsonArray) tickets = tix_api_generate (&f->api, f->token,
                                                     "ABCDEFGHIJ_-0123456z", 1, NULL);
    g_assert_cmpstr (tix_api_string (json_array_get_object_element (tickets, 0), "number"), ==,
                     "ABCDEFGHIJ_-0123456z-000001");
  }
}

static void
test_extra (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *ascii_over = tix_api_repeat ("x", 1001);
  g_autofree char *wide_over = tix_api_repeat ("\xc3\xa9", 1001);
  g_autofree char *emoji_over = tix_api_repeat ("\xf0\x9f\x8e\xab", 1001);
  const char *overs[] = { ascii_over, wide_over, emoji_over };

  for (gsize i = 0; i < G_N_ELEMENTS (overs); i++)
    {
      g_autofree char *json = tix_api_json_string (overs[i]);
      g_autofree char *body = g_strdup_printf ("{\"count\": 1, \"prefix\": \"VIP\", "
                                               "\"extra\": %s}", json);
      generate_fails_str (f, body, "extra");
    }
  generate_fails_str (f, "{\"count\": 1, \"prefix\": \"VIP\", \"extra\": 5}", "extra");
  generate_fails_str (f, "{\"count\": 1, \"prefix\": \"VIP\", \"extra\": {}}", "extra");
  generate_fails_str (f, "{\"count\": 1, \"prefix\": \"VIP\", \"extra\": [\"x\"]}", "extra");
  generate_fails_str (f, "{\"count\": 1, \"prefix\": \"VIP\", \"extra\": false}", "extra");

  assert_nothing_generated (f);
}

static void
test_extra_limit (Fixture       *f,
                  gconstpointer  data)
{
  /* exactly 1000 characters, counted as characters: 1000, 2000 and 4000 bytes */
  g_autofree char *ascii = tix_api_repeat ("x", 1000);
  g_autofree char *wide = tix_api_repeat ("\xc3\xa9", 1000);
  g_autofree char *emoji = tix_api_repeat ("\xf0\x9f\x8e\xab", 1000);
  const char *extras[] = { ascii, wide, emoji };

  for (gsize i = 0; i < G_N_ELEMENTS (extras); i++)
    {
      g_autoptr(JsonArray) tickets = tix_api_generate (&f->api, f->token, "VIP", 1, extras[i]);
      JsonObject *t = json_array_get_object_element (tickets, 0);
      g_autoptr(JsonObject) stored = NULL;

      g_assert_cmpstr (tix_api_string (t, "extra"), ==, extras[i]);
      stored = tix_api_get_ticket (&f->api, f->token, tix_api_string (t, "id"));
      g_assert_cmpstr (tix_api_string (stored, "extra"), ==, extras[i]);
      g_assert_cmpint (g_utf8_strlen (tix_api_string (stored, "extra"), -1), ==, 1000);
    }
}

static void
test_nul (Fixture       *f,
          gconstpointer  data)
{
  static const char raw_nul[] = "{\"count\": 1, \"prefix\": \"VIP\", \"extra\": \"a\0b\"}";
  static const char raw_nul_outside[] = "{\"count\": 1, \"prefix\": \"VIP\"}\0";

  generate_fails_str (f, "{\"count\": 1, \"prefix\": \"VIP\\u0000\"}", NULL);
  generate_fails_str (f, "{\"count\": 1, \"prefix\": \"\\u0000VIP\"}", NULL);
  generate_fails_str (f, "{\"count\": 1, \"prefix\": \"VIP\", \"extra\": \"a\\u0000b\"}", NULL);
  generate_fails_str (f, "{\"count\": 1, \"prefix\": \"VIP\", \"extra\": \"\\u0000\"}", NULL);
  generate_fails_str (f, "{\"count\": 1, \"prefix\": \"VIP\", \"ex\\u0000tra\": \"x\"}", NULL);
  generate_fails (f, raw_nul, sizeof raw_nul - 1, 400, NULL);
  generate_fails (f, raw_nul_outside, sizeof raw_nul_outside - 1, 400, NULL);

  assert_nothing_generated (f);
}

static void
test_utf8 (Fixture       *f,
           gconstpointer  data)
{
  generate_fails_str (f, "{\"count\": 1, \"prefix\": \"VIP\", \"extra\": \"\xff\xfe\"}", NULL);
  generate_fails_str (f, "{\"count\": 1, \"prefix\": \"VIP\", \"extra\": \"\xc3\"}", NULL);
  generate_fails_str (f, "{\"count\": 1, \"prefix\": \"VIP\", \"extra\": \"\xed\xa0\x80\"}",
                      NULL);
  generate_fails_str (f, "{\"count\": 1, \"prefix\": \"VI\xc0\xafP\"}", NULL);
  generate_fails_str (f, "\xef\xbb\xbf\xff{\"count\": 1, \"prefix\": \"VIP\"}", NULL);

  assert_nothing_generated (f);
}

static char *
nested (guint depth)
{
  GString *s = g_string_new ("{\"count\": 1, \"prefix\": \"VIP\", \"extra\": ");

  for (guint i = 0; i < depth; i++)
    g_string_append_c (s, '[');
  for (guint i = 0; i < depth; i++)
    g_string_append_c (s, ']');
  g_string_append_c (s, '}');
  return g_string_free (s, FALSE);
}

static void
test_nesting (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *deep = nested (40);
  g_autofree char *very_deep = nested (200000);
  GString *unclosed = g_string_new (NULL);

  generate_fails_str (f, deep, NULL);
  generate_fails_str (f, very_deep, NULL);
  for (guint i = 0; i < 100000; i++)
    g_string_append (unclosed, "{\"a\":");
  generate_fails_str (f, unclosed->str, NULL);
  g_string_free (unclosed, TRUE);

  assert_nothing_generated (f);
}

static void
test_malformed (Fixture       *f,
                gconstpointer  data)
{
  const char *bodies[] = {
    "{", "}", "{\"count\": 1, \"prefix\": \"VIP\"", "{\"count\": 1 \"prefix\": \"VIP\"}",
    "{\"count\": 1, \"prefix\": \"VIP\",}", "not json", "count=1&prefix=VIP", "   ",
    "[]", "[{\"count\": 1, \"prefix\": \"VIP\"}]", "null", "1", "\"text\"",
    "{\"count\": 1, \"prefix\": \"VIP\"} trailing", "{\"count\": 1, \"prefix\": \"VIP}",
    "{\"count\": NaN, \"prefix\": \"VIP\"}", "{\"count\": +1, \"prefix\": \"VIP\"}",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (bodies); i++)
    generate_fails_str (f, bodies[i], NULL);

  /* no body at all */
  {
    g_autoptr(TixApiResponse) r = tix_api_request (&f->api, "POST", "/api/tickets/generate",
                                                   f->token, NULL);
    tix_api_assert_error (r, 400, NULL);
  }

  /* login and register too */
  for (gsize i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(TixApiResponse) login = tix_api_request (&f->api, "POST", "/api/auth/login",
                                                         NULL, bodies[i]);
      g_autoptr(TixApiResponse) reg = tix_api_request (&f->api, "POST", "/api/auth/register",
                                                       NULL, bodies[i]);
      tix_api_assert_error (login, 400, NULL);
      tix_api_assert_error (reg, 400, NULL);
    }

  assert_nothing_generated (f);
}

/* json-glib 1.6 is lenient: it takes single quotes, hex numbers, comments and
 * several values in a row. None of that is JSON. */
static void
test_malformed_lenient (Fixture       *f,
                        gconstpointer  data)
{
  const char *bodies[] = {
    "{'count': 1, 'prefix': 'VIP'}",
    "{\"count\": 0x10, \"prefix\": \"VIP\"}",
    "{\"count\": 01, \"prefix\": \"VIP\"}",
    "/* comment */ {\"count\": 1, \"prefix\": \"VIP\"}",
    "{\"count\": 1, \"prefix\": \"VIP\"}{\"count\": 2}",
  };

  g_autoptr(GString) accepted = g_string_new (NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(TixApiResponse) r = tix_api_request (&f->api, "POST", "/api/tickets/generate",
                                                     f->token, bodies[i]);
      if (r->status != 400)
        g_string_append_printf (accepted, "%s%s (%u)", accepted->len ? ", " : "",
                                bodies[i], r->status);
      else
        tix_api_assert_error (r, 400, NULL);
    }

  if (accepted->len > 0)
    {
      g_test_fail_printf ("not JSON, yet not refused: %s", accepted->str);
      return;
    }
  assert_nothing_generated (f);
}

static void
test_body_too_large (Fixture       *f,
                     gconstpointer  data)
{
  gsize size = 1024 * 1024 + 1;
  g_autofree char *body = g_malloc (size);
  const char *head = "{\"count\": 1, \"prefix\": \"VIP\", \"extra\": \"";

  memset (body, 'x', size);
  memcpy (body, head, strlen (head));
  body[size - 2] = '"';
  body[size - 1] = '}';

  generate_fails (f, body, size, 413, NULL);
  tix_api_assert_serving (&f->api);

  /* also on another endpoint, and much larger */
  {
    gsize big = 8 * 1024 * 1024;
    g_autofree char *huge = g_malloc (big);
    g_autoptr(TixApiResponse) r = NULL;

    memset (huge, ' ', big);
    huge[0] = '{';
    huge[big - 1] = '}';
    r = tix_api_send (f->api.session, f->api.server->url, "PUT", "/api/settings", f->token,
                      NULL, "application/json", huge, big);
    tix_api_assert_error (r, 413, NULL);
  }

  assert_nothing_generated (f);
}

static void
test_body_just_fits (Fixture       *f,
                     gconstpointer  data)
{
  /* just under 1 MiB of padding is not refused for size (but the extra is too long) */
  gsize size = 1024 * 1024 - 64;
  g_autofree char *body = g_malloc (size);
  const char *head = "{\"count\": 1, \"prefix\": \"VIP\", \"extra\": \"";

  memset (body, 'x', size);
  memcpy (body, head, strlen (head));
  body[size - 2] = '"';
  body[size - 1] = '}';

  generate_fails (f, body, size, 400, "extra");
  assert_nothing_generated (f);
}

static void
test_ticket_id (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(JsonArray) tickets = tix_api_generate (&f->api, f->token, "GA", 1, NULL);
  const char *real = tix_api_string (json_array_get_object_element (tickets, 0), "id");
  g_autofree char *longer = g_strconcat (real, "0", NULL);
  g_autofree char *shorter = g_strndup (real, 35);
  g_autofree char *injected = g_strconcat (real, "%27%20OR%20%271%27%3D%271", NULL);
  const char *ids[] = {
    "not-a-uuid", "12345", "1", "0", "-1", longer, shorter, injected,
    "123e4567-e89b-12d3-a456-42661417400g", "123e4567e89b12d3a456426614174000",
    "%27%20OR%201%3D1%20--", "null", "%20",
  };
  g_autoptr(JsonObject) ticket = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autoptr(TixApiResponse) get = tix_api_requestf (&f->api, "GET", f->token, NULL,
                                                        "/api/tickets/%s", ids[i]);
      g_autoptr(TixApiResponse) put = tix_api_requestf (&f->api, "PUT", f->token, NULL,
                                                        "/api/tickets/%s/scan", ids[i]);
      g_autoptr(TixApiResponse) del = tix_api_requestf (&f->api, "DELETE", f->token, NULL,
                                                        "/api/tickets/%s", ids[i]);
      tix_api_assert_error (get, 400, NULL);
      tix_api_assert_error (put, 400, NULL);
      tix_api_assert_error (del, 400, NULL);
    }

  /* the real ticket is untouched */
  ticket = tix_api_get_ticket (&f->api, f->token, real);
  g_assert_null (tix_api_string_or_null (ticket, "scanned_at"));
  g_assert_cmpint (tix_api_list_total (&f->api, f->token, NULL), ==, 1);
  tix_api_assert_serving (&f->api);
}

static void
test_unknown_route (Fixture       *f,
                    gconstpointer  data)
{
  const char *routes[] = {
    "GET", "/api/nope",
    "GET", "/nope",
    "GET", "/",
    "POST", "/api/auth/nope",
    "GET", "/api/reports/yearly",
    "GET", "/api/tickets/123e4567-e89b-12d3-a456-426614174000/nope",
    "PUT", "/api/tickets/123e4567-e89b-12d3-a456-426614174000/scan/again",
    "GET", "/api",
    "GET", "/api/",
    "GET", "/healthz",
    NULL
  };

  for (guint i = 0; routes[i] != NULL; i += 2)
    {
      g_autoptr(TixApiResponse) r = tix_api_request (&f->api, routes[i], routes[i + 1],
                                                     f->token, NULL);
      tix_api_assert_error (r, 404, NULL);
    }
  tix_api_assert_serving (&f->api);
}

static void
test_wrong_method (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(JsonArray) tickets = tix_api_generate (&f->api, f->token, "GA", 1, NULL);
  const char *id = tix_api_string (json_array_get_object_element (tickets, 0), "id");
  g_autofree char *scan_path = g_strdup_printf ("/api/tickets/%s/scan", id);
  g_autofree char *ticket_path = g_strdup_printf ("/api/tickets/%s", id);
  const char *routes[] = {
    "POST", "/health",
    "DELETE", "/health",
    "DELETE", "/api/reports/stats",
    "POST", "/api/reports/daily",
    "PATCH", "/api/tickets",
    "PUT", "/api/tickets",
    "GET", "/api/auth/login",
    "GET", "/api/auth/register",
    "GET", "/api/auth/logout",
    "POST", "/api/settings",
    "DELETE", "/api/settings",
    "GET", scan_path,
    "DELETE", scan_path,
    "POST", ticket_path,
    "PATCH", ticket_path,
    NULL
  };
  g_autoptr(JsonObject) ticket = NULL;

  for (guint i = 0; routes[i] != NULL; i += 2)
    {
      g_autoptr(TixApiResponse) r = tix_api_request (&f->api, routes[i], routes[i + 1],
                                                     f->token, NULL);
      tix_api_assert_error (r, 405, NULL);
    }

  ticket = tix_api_get_ticket (&f->api, f->token, id);
  g_assert_null (tix_api_string_or_null (ticket, "scanned_at"));
  g_assert_cmpint (tix_api_list_total (&f->api, f->token, NULL), ==, 1);
  tix_api_assert_serving (&f->api);
}

static void
test_list_query (Fixture       *f,
                 gconstpointer  data)
{
  const struct {
    const char *query;
    const char *field;
  } cases[] = {
    { "filter=bogus", "filter" },
    { "limit=abc", "limit" },
    { "limit=1.5", "limit" },
    { "limit=99999999999999999999", "limit" },
    { "page=abc", "page" },
    { "page=99999999999999999999", "page" },
    { "cursor=garbage", "cursor" },
    { "cursor=%27%20OR%201%3D1", "cursor" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(TixApiResponse) r = tix_api_requestf (&f->api, "GET", f->token, NULL,
                                                      "/api/tickets?%s", cases[i].query);
      tix_api_assert_error (r, 400, cases[i].field);
    }
  tix_api_assert_serving (&f->api);
}

static void
test_keeps_serving (Fixture       *f,
                    gconstpointer  data)
{
  /* a mix of everything, then real work */
  for (int round = 0; round < 3; round++)
    {
      g_autoptr(TixApiResponse) a = tix_api_request (&f->api, "POST", "/api/tickets/generate",
                                                     f->token, "{");
      g_autoptr(TixApiResponse) b = tix_api_request (&f->api, "GET", "/api/tickets/x",
                                                     f->token, NULL);
      g_autoptr(TixApiResponse) c = tix_api_request (&f->api, "GET", "/api/tickets", "nope",
                                                     NULL);
      g_autoptr(TixApiResponse) d = tix_api_request (&f->api, "POST", "/api/tickets/generate",
                                                     f->token,
                                                     "{\"count\": 0, \"prefix\": \"VIP\"}");

      tix_api_assert_error (a, 400, NULL);
      tix_api_assert_error (b, 400, NULL);
      tix_api_assert_error (c, 401, NULL);
      tix_api_assert_error (d, 400, "count");
    }
  assert_nothing_generated (f);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/tix/server/input/count", test_count);
  ADD ("/tix/server/input/prefix", test_prefix);
  ADD ("/tix/server/input/extra", test_extra);
  ADD ("/tix/server/input/extra-limit", test_extra_limit);
  ADD ("/tix/server/input/nul", test_nul);
  ADD ("/tix/server/input/utf8", test_utf8);
  ADD ("/tix/server/input/nesting", test_nesting);
  ADD ("/tix/server/input/malformed", test_malformed);
  ADD ("/tix/server/input/body-too-large", test_body_too_large);
  ADD ("/tix/server/input/body-just-fits", test_body_just_fits);
  ADD ("/tix/server/input/ticket-id", test_ticket_id);
  ADD ("/tix/server/input/unknown-route", test_unknown_route);
  ADD ("/tix/server/input/wrong-method", test_wrong_method);
  ADD ("/tix/server/input/list-query", test_list_query);
  ADD ("/tix/server/input/keeps-serving", test_keeps_serving);
  /* last: json-glib's leniency may still be let through */
  ADD ("/tix/server/input/malformed/lenient", test_malformed_lenient);

#undef ADD

  return g_test_run ();
}
