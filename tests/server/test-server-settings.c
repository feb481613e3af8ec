/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "server-test-util.h"

static const char * const settings_members[] = {
  "organization_name", "event_name", "event_date", "time_zone", "default_prefix",
  "sheet_layout", "current_event_id", "currency", NULL
};

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

static JsonNode *
get_settings (Fixture *f)
{
  g_autoptr(TixApiResponse) r = tix_api_request (&f->api, "GET", "/api/settings", f->token, NULL);
  JsonObject *o;
  g_autoptr(GTimeZone) tz = NULL;

  tix_api_assert_status (r, 200);
  o = tix_api_object (r);
  tix_api_assert_members (o, settings_members, NULL);
  tix_api_string (o, "organization_name");
  tix_api_string_or_null (o, "event_name");
  tix_api_string_or_null (o, "event_date");
  tix_api_string_or_null (o, "default_prefix");
  tix_api_string (o, "sheet_layout");
  tz = g_time_zone_new_identifier (tix_api_string (o, "time_zone"));
  g_assert_nonnull (tz);
  return json_node_ref (r->json);
}

static void
test_get (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(JsonNode) node = get_settings (f);
  JsonObject *o = json_node_get_object (node);

  g_assert_cmpstr (tix_api_string (o, "organization_name"), ==, "Anna's organization");
}

static void
put_ok (Fixture    *f,
        const char *body)
{
  g_autoptr(TixApiResponse) r = tix_api_request (&f->api, "PUT", "/api/settings", f->token, body);

  tix_api_assert_status (r, 200);
  tix_api_object (r);
}

static void
test_put (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(JsonNode) node = NULL;
  JsonObject *o;

  put_ok (f, "{\"organization_name\": \"Op\xc3\xa9ra de Lyon\", \"event_name\": \"Gala\", "
             "\"event_date\": \"2026-11-25\", \"time_zone\": \"Europe/Paris\", "
             "\"default_prefix\": \"GALA\", \"sheet_layout\": \"a4-3x7\"}");
  node = get_settings (f);
  o = json_node_get_object (node);
  g_assert_cmpstr (tix_api_string (o, "organization_name"), ==, "Op\xc3\xa9ra de Lyon");
  g_assert_cmpstr (tix_api_string (o, "event_name"), ==, "Gala");
  g_assert_cmpstr (tix_api_string (o, "event_date"), ==, "2026-11-25");
  g_assert_cmpstr (tix_api_string (o, "time_zone"), ==, "Europe/Paris");
  g_assert_cmpstr (tix_api_string (o, "default_prefix"), ==, "GALA");
  g_assert_cmpstr (tix_api_string (o, "sheet_layout"), ==, "a4-3x7");

  /* any subset: the rest stays */
  put_ok (f, "{\"event_name\": \"Ball\"}");
  g_clear_pointer (&node, json_node_unref);
  node = get_settings (f);
  o = json_node_get_object (node);
  g_assert_cmpstr (tix_api_string (o, "event_name"), ==, "Ball");
  g_assert_cmpstr (tix_api_string (o, "organization_name"), ==, "Op\xc3\xa9ra de Lyon");
  g_assert_cmpstr (tix_api_string (o, "time_zone"), ==, "Europe/Paris");
  g_assert_cmpstr (tix_api_string (o, "default_prefix"), ==, "GALA");

  put_ok (f, "{\"time_zone\": \"America/New_York\", \"sheet_layout\": \"letter-2x4\"}");
  g_clear_pointer (&node, json_node_unref);
  node = get_settings (f);
  o = json_node_get_object (node);
  g_assert_cmpstr (tix_api_string (o, "time_zone"), ==, "America/New_York");
  g_assert_cmpstr (tix_api_string (o, "sheet_layout"), ==, "letter-2x4");
  g_assert_cmpstr (tix_api_string (o, "event_name"), ==, "Ball");

  /* an empty object changes nothing */
  put_ok (f, "{}");
  {
    g_autoptr(JsonNode) again = get_settings (f);
    g_assert_true (json_node_equal (node, again));
  }
}

static void
test_invalid (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *long_prefix = tix_api_repeat ("A", 21);
  g_autofree char *long_prefix_body = g_strdup_printf ("{\"default_prefix\": \"%s\"}",
                                                       long_prefix);
  const struct {
    const char *body;
    const char *field;
  } cases[] = {
    { "{\"bogus\": 1}", "bogus" },
    { "{\"event_name\": \"Fine\", \"colour\": \"red\"}", "colour" },
    { "{\"time_zone\": \"Mars/Olympus\"}", "time_zone" },
    { "{\"time_zone\": \"\"}", "time_zone" },
    { "{\"time_zone\": 5}", "time_zone" },
    { "{\"event_date\": \"2026-02-30\"}", "event_date" },
    { "{\"event_date\": \"25/11/2026\"}", "event_date" },
    { "{\"event_date\": 20261125}", "event_date" },
    { "{\"default_prefix\": \"VIP!\"}", "default_prefix" },
    { "{\"default_prefix\": \"\"}", "default_prefix" },
    { long_prefix_body, "default_prefix" },
    { "{\"default_prefix\": \"VIP\xc3\xa9\"}", "default_prefix" },
    { "{\"sheet_layout\": \"a5-9x9\"}", "sheet_layout" },
    { "{\"sheet_layout\": true}", "sheet_layout" },
    { "{\"organization_name\": \"\"}", "organization_name" },
    { "{\"organization_name\": [\"x\"]}", "organization_name" },
    { "{\"event_name\": 5}", "event_name" },
    { "{\"event_name\": {}}", "event_name" },
    /* one bad value spoils the whole request */
    { "{\"event_name\": \"Changed\", \"time_zone\": \"Mars/Olympus\"}", "time_zone" },
    { "{\"organization_name\": \"Changed\", \"sheet_layout\": \"nope\"}", "sheet_layout" },
  };
  const char *malformed[] = {
    "", "{", "[]", "[{\"event_name\": \"x\"}]", "\"event_name\"", "null",
    "{\"event_name\": \"a\\u0000b\"}", "{\"event_name\": \"\xff\"}",
  };
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) after = NULL;

  put_ok (f, "{\"event_name\": \"Gala\", \"time_zone\": \"Europe/Paris\"}");
  before = get_settings (f);

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(TixApiResponse) r = tix_api_request (&f->api, "PUT", "/api/settings", f->token,
                                                     cases[i].body);
      tix_api_assert_error (r, 400, cases[i].field);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (malformed); i++)
    {
      g_autoptr(TixApiResponse) r = tix_api_request (&f->api, "PUT", "/api/settings", f->token,
                                                     malformed[i]);
      tix_api_assert_error (r, 400, NULL);
    }

  after = get_settings (f);
  g_assert_true (json_node_equal (before, after));
  tix_api_assert_serving (&f->api);
}

static void
test_per_organization (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *other = tix_api_register (&f->api, "bob@example.com", "Bob", NULL);
  g_autoptr(TixApiResponse) r = NULL;
  JsonObject *o;

  put_ok (f, "{\"event_name\": \"Gala\", \"time_zone\": \"Asia/Tokyo\"}");
  r = tix_api_request (&f->api, "GET", "/api/settings", other, NULL);
  tix_api_assert_status (r, 200);
  o = tix_api_object (r);
  g_assert_cmpstr (tix_api_string (o, "organization_name"), ==, "Bob's organization");
  g_assert_cmpstr (tix_api_string_or_null (o, "event_name"), !=, "Gala");
  g_assert_cmpstr (tix_api_string (o, "time_zone"), !=, "Asia/Tokyo");
}

/* A time zone is an IANA name: a path would make GLib read that file (and
 * warn when it is not a zone file, which aborts a test). In a subprocess so
 * that a crash fails this test alone. */
static void
test_time_zone_path (Fixture       *f,
                     gconstpointer  data)
{
  const char *paths[] = { "/usr/share/zoneinfo/UTC", "../../../../../../etc/passwd",
                          "/etc/passwd", "Europe/../UTC", "/dev/zero" };

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
      if (!g_test_trap_has_passed ())
        g_test_fail_printf ("PUT /api/settings with a path as time_zone failed or crashed "
                            "the server");
      return;
    }

  for (gsize i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autofree char *zone = tix_api_json_string (paths[i]);
      g_autofree char *body = g_strdup_printf ("{\"time_zone\": %s}", zone);
      g_autoptr(TixApiResponse) r = tix_api_request (&f->api, "PUT", "/api/settings", f->token,
                                                     body);

      if (r->status != 400)
        g_printerr ("time_zone %s answered %u\n", paths[i], r->status);
      tix_api_assert_error (r, 400, "time_zone");
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/tix/server/settings/get", test_get);
  ADD ("/tix/server/settings/put", test_put);
  ADD ("/tix/server/settings/invalid", test_invalid);
  ADD ("/tix/server/settings/per-organization", test_per_organization);
  ADD ("/tix/server/settings/invalid/time-zone-path", test_time_zone_path);

#undef ADD

  return g_test_run ();
}
