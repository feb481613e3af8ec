/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "server-test-util.h"

#define SEED_ORIGIN "http://localhost:5173"

static void
test_health (TixApiFixture *f,
             gconstpointer  data)
{
  g_autoptr(TixApiResponse) r = tix_api_request (f, "GET", "/health", NULL, NULL);

  tix_api_assert_status (r, 200);
  g_assert_cmpstr (soup_message_headers_get_content_type (r->headers, NULL), ==,
                   "application/json");
  tix_api_assert_members (tix_api_object (r), (const char * const[]) { "status", NULL }, NULL);
  g_assert_cmpstr (tix_api_string (tix_api_object (r), "status"), ==, "ok");
}

static JsonObject *
settings_of (TixApiFixture *f,
             const char    *token)
{
  g_autoptr(TixApiResponse) r = tix_api_request (f, "GET", "/api/settings", token, NULL);

  tix_api_assert_status (r, 200);
  return json_object_ref (tix_api_object (r));
}

static void
test_register (TixApiFixture *f,
               gconstpointer  data)
{
  g_autoptr(TixApiResponse) r = NULL;
  g_autoptr(JsonObject) settings = NULL;
  JsonObject *o, *user;
  const char *token;

  r = tix_api_request (f, "POST", "/api/auth/register", NULL,
                       "{\"email\": \"anna@example.com\", \"password\": \"" TIX_API_PASSWORD "\","
                       " \"name\": \"Anna\", \"organization_name\": \"Opera House\"}");
  if (r->status != 200)
    tix_api_assert_status (r, 201);
  o = tix_api_object (r);
  tix_api_assert_members (o, (const char * const[]) { "token", "user", NULL }, NULL);

  token = tix_api_string (o, "token");
  g_assert_cmpuint (strlen (token), ==, 64);
  for (const char *p = token; *p; p++)
    g_assert_true (g_ascii_isxdigit (*p));

  user = json_object_get_object_member (o, "user");
  tix_api_assert_user (user);
  g_assert_cmpstr (tix_api_string (user, "email"), ==, "anna@example.com");
  g_assert_cmpstr (tix_api_string (user, "name"), ==, "Anna");
  g_assert_cmpstr (tix_api_string (user, "role"), ==, "admin");

  settings = settings_of (f, token);
  g_assert_cmpstr (tix_api_string (settings, "organization_name"), ==, "Opera House");
}

static void
register_with (TixApiFixture *f,
               const char    *email,
               const char    *org_member,
               const char    *org_name,
               const char    *expected,
               GHashTable    *org_ids)
{
  g_autofree char *body = NULL;
  g_autoptr(TixApiResponse) r = NULL;
  g_autoptr(JsonObject) settings = NULL;
  JsonObject *o, *user;
  gint64 org_id;

  if (org_member != NULL)
    body = g_strdup_printf ("{\"email\": \"%s\", \"password\": \"" TIX_API_PASSWORD "\", "
                            "\"name\": \"Anna\", \"%s\": \"%s\"}", email, org_member, org_name);
  else
    body = g_strdup_printf ("{\"email\": \"%s\", \"password\": \"" TIX_API_PASSWORD "\", "
                            "\"name\": \"Anna\"}", email);

  r = tix_api_request (f, "POST", "/api/auth/register", NULL, body);
  if (r->status != 200)
    tix_api_assert_status (r, 201);
  o = tix_api_object (r);
  user = json_object_get_object_member (o, "user");
  tix_api_assert_user (user);
  g_assert_cmpstr (tix_api_string (user, "role"), ==, "admin");

  /* each registration makes an organization of its own */
  org_id = tix_api_int (user, "organization_id");
  g_assert_false (g_hash_table_contains (org_ids, &org_id));
  g_hash_table_add (org_ids, g_memdup2 (&org_id, sizeof org_id));

  settings = settings_of (f, tix_api_string (o, "token"));
  g_assert_cmpstr (tix_api_string (settings, "organization_name"), ==, expected);
}

static void
test_register_organization_names (TixApiFixture *f,
                                  gconstpointer  data)
{
  g_autoptr(GHashTable) org_ids = g_hash_table_new_full (g_int64_hash, g_int64_equal,
                                                         g_free, NULL);

  register_with (f, "a@example.com", "organization_name", "Snake Case", "Snake Case", org_ids);
  register_with (f, "b@example.com", "organizationName", "Camel Case", "Camel Case", org_ids);
  register_with (f, "c@example.com", "organization", "Plain", "Plain", org_ids);
  register_with (f, "d@example.com", NULL, NULL, "Anna's organization", org_ids);
}

static void
test_register_duplicate (TixApiFixture *f,
                         gconstpointer  data)
{
  g_autofree char *token = tix_api_register (f, "anna@example.com", "Anna", NULL);
  g_autofree char *again = NULL;
  g_autoptr(TixApiResponse) r = NULL;

  r = tix_api_request (f, "POST", "/api/auth/register", NULL,
                       "{\"email\": \"anna@example.com\", \"password\": \"another password\","
                       " \"name\": \"Impostor\"}");
  if (r->status != 409)
    tix_api_assert_error (r, 400, "email");
  else
    tix_api_assert_error (r, 409, NULL);
  g_assert_false (json_object_has_member (tix_api_object (r), "token"));

  /* the first account is untouched: its password still works, the other not */
  again = tix_api_login (f, "anna@example.com", TIX_API_PASSWORD);
  g_clear_pointer (&r, tix_api_response_free);
  r = tix_api_request (f, "POST", "/api/auth/login", NULL,
                       "{\"email\": \"anna@example.com\", \"password\": \"another password\"}");
  g_assert_cmpuint (r->status, >=, 400);
  g_assert_cmpuint (r->status, <=, 401);
}

static void
test_register_invalid (TixApiFixture *f,
                       gconstpointer  data)
{
  const struct {
    const char *body;
    const char *field;
  } cases[] = {
    { "{\"password\": \"" TIX_API_PASSWORD "\", \"name\": \"Anna\"}", "email" },
    { "{\"email\": \"not an email\", \"password\": \"" TIX_API_PASSWORD "\", \"name\": \"Anna\"}",
      "email" },
    { "{\"email\": 5, \"password\": \"" TIX_API_PASSWORD "\", \"name\": \"Anna\"}", "email" },
    { "{\"email\": \"x1@example.com\", \"name\": \"Anna\"}", "password" },
    { "{\"email\": \"x2@example.com\", \"password\": \"short\", \"name\": \"Anna\"}", "password" },
    { "{\"email\": \"x3@example.com\", \"password\": 12345678, \"name\": \"Anna\"}", "password" },
    { "{\"email\": \"x4@example.com\", \"password\": \"" TIX_API_PASSWORD "\"}", "name" },
    { "{\"email\": \"x5@example.com\", \"password\": \"" TIX_API_PASSWORD "\", \"name\": \"\"}",
      "name" },
    { "{\"email\": \"x6@example.com\", \"password\": \"" TIX_API_PASSWORD "\", \"name\": [1]}",
      "name" },
    { "{\"email\": \"x7@example.com\", \"password\": \"" TIX_API_PASSWORD "\", "
      "\"name\": \"Anna\", \"organization_name\": 5}", "organization_name" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(TixApiResponse) r = tix_api_request (f, "POST", "/api/auth/register", NULL,
                                                     cases[i].body);
      tix_api_assert_error (r, 400, cases[i].field);
    }

  /* none of them was created */
  for (int i = 1; i <= 7; i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"email\": \"x%d@example.com\", "
                                               "\"password\": \"" TIX_API_PASSWORD "\"}", i);
      g_autoptr(TixApiResponse) r = tix_api_request (f, "POST", "/api/auth/login", NULL, body);

      g_assert_cmpuint (r->status, >=, 400);
      g_assert_cmpuint (r->status, <=, 401);
    }
  tix_api_assert_serving (f);
}

static void
test_login (TixApiFixture *f,
            gconstpointer  data)
{
  g_autoptr(JsonObject) registered = NULL;
  g_autofree char *first = tix_api_register (f, "anna@example.com", "Anna", &registered);
  g_autoptr(TixApiResponse) r = NULL;
  g_autoptr(TixApiResponse) me = NULL;
  JsonObject *o, *user;
  const char *token;

  r = tix_api_request (f, "POST", "/api/auth/login", NULL,
                       "{\"email\": \"anna@example.com\", \"password\": \"" TIX_API_PASSWORD "\"}");
  tix_api_assert_status (r, 200);
  o = tix_api_object (r);
  tix_api_assert_members (o, (const char * const[]) { "token", "user", NULL }, NULL);
  token = tix_api_string (o, "token");
  g_assert_cmpuint (strlen (token), ==, 64);
  g_assert_cmpstr (token, !=, first);

  user = json_object_get_object_member (o, "user");
  tix_api_assert_user (user);
  g_assert_cmpint (tix_api_int (user, "id"), ==, tix_api_int (registered, "id"));
  g_assert_cmpstr (tix_api_string (user, "email"), ==, "anna@example.com");
  g_assert_cmpint (tix_api_int (user, "organization_id"), ==,
                   tix_api_int (registered, "organization_id"));

  /* both tokens work */
  me = tix_api_request (f, "GET", "/api/auth/me", token, NULL);
  tix_api_assert_status (me, 200);
  g_clear_pointer (&me, tix_api_response_free);
  me = tix_api_request (f, "GET", "/api/auth/me", first, NULL);
  tix_api_assert_status (me, 200);
}

static void
test_login_wrong (TixApiFixture *f,
                  gconstpointer  data)
{
  g_autofree char *token = tix_api_register (f, "anna@example.com", "Anna", NULL);
  const char *bodies[] = {
    "{\"email\": \"anna@example.com\", \"password\": \"wrong password\"}",
    "{\"email\": \"anna@example.com\", \"password\": \"\"}",
    "{\"email\": \"nobody@example.com\", \"password\": \"" TIX_API_PASSWORD "\"}",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(TixApiResponse) r = tix_api_request (f, "POST", "/api/auth/login", NULL,
                                                     bodies[i]);

      if (r->status != 401)
        tix_api_assert_error (r, 400, NULL);
      else
        tix_api_assert_error (r, 401, NULL);
      g_assert_false (json_object_has_member (tix_api_object (r), "token"));
      g_assert_false (json_object_has_member (tix_api_object (r), "user"));
    }

  {
    g_autoptr(TixApiResponse) r = tix_api_request (f, "POST", "/api/auth/login", NULL,
                                                   "{\"email\": \"anna@example.com\"}");
    tix_api_assert_error (r, 400, "password");
  }
}

static void
test_me (TixApiFixture *f,
         gconstpointer  data)
{
  g_autoptr(JsonObject) registered = NULL;
  g_autofree char *token = tix_api_register (f, "anna@example.com", "Anna", &registered);
  g_autoptr(TixApiResponse) r = tix_api_request (f, "GET", "/api/auth/me", token, NULL);
  JsonObject *o;
  g_autoptr(JsonNode) expected = json_node_init_object (json_node_alloc (), registered);

  tix_api_assert_status (r, 200);
  o = tix_api_object (r);
  tix_api_assert_members (o, (const char * const[]) { "user", NULL }, NULL);
  tix_api_assert_user (json_object_get_object_member (o, "user"));
  g_assert_true (json_node_equal (json_object_get_member (o, "user"), expected));
}

static void
test_logout (TixApiFixture *f,
             gconstpointer  data)
{
  g_autofree char *token = tix_api_register (f, "anna@example.com", "Anna", NULL);
  g_autofree char *other = tix_api_login (f, "anna@example.com", TIX_API_PASSWORD);
  g_autoptr(TixApiResponse) r = NULL;

  r = tix_api_request (f, "POST", "/api/auth/logout", token, NULL);
  g_assert_cmpuint (r->status, >=, 200);
  g_assert_cmpuint (r->status, <, 300);
  g_clear_pointer (&r, tix_api_response_free);

  /* the token is dead for every endpoint */
  r = tix_api_request (f, "GET", "/api/auth/me", token, NULL);
  tix_api_assert_error (r, 401, NULL);
  g_clear_pointer (&r, tix_api_response_free);
  r = tix_api_request (f, "GET", "/api/tickets", token, NULL);
  tix_api_assert_error (r, 401, NULL);
  g_clear_pointer (&r, tix_api_response_free);
  r = tix_api_request (f, "POST", "/api/tickets/generate", token,
                       "{\"count\": 1, \"prefix\": \"VIP\"}");
  tix_api_assert_error (r, 401, NULL);
  g_clear_pointer (&r, tix_api_response_free);
  r = tix_api_request (f, "POST", "/api/auth/logout", token, NULL);
  tix_api_assert_error (r, 401, NULL);
  g_clear_pointer (&r, tix_api_response_free);

  /* nothing was generated with it, and the other session lives on */
  r = tix_api_request (f, "GET", "/api/auth/me", other, NULL);
  tix_api_assert_status (r, 200);
  g_assert_cmpint (tix_api_list_total (f, other, NULL), ==, 0);
}

static const char * const protected_routes[] = {
  "GET", "/api/auth/me",
  "POST", "/api/auth/logout",
  "POST", "/api/tickets/generate",
  "GET", "/api/tickets",
  "GET", "/api/tickets?filter=scanned",
  "DELETE", "/api/tickets",
  "GET", "/api/tickets/123e4567-e89b-12d3-a456-426614174000",
  "PUT", "/api/tickets/123e4567-e89b-12d3-a456-426614174000/scan",
  "DELETE", "/api/tickets/123e4567-e89b-12d3-a456-426614174000",
  "GET", "/api/reports/stats",
  "GET", "/api/reports/daily",
  "GET", "/api/reports/weekly",
  "GET", "/api/reports/monthly",
  "GET", "/api/settings",
  "PUT", "/api/settings",
  NULL
};

static void
assert_all_refused (TixApiFixture      *f,
                    const char * const *headers)
{
  for (guint i = 0; protected_routes[i] != NULL; i += 2)
    {
      const char *method = protected_routes[i];
      const char *path = protected_routes[i + 1];
      const char *body = NULL;
      g_autoptr(TixApiResponse) r = NULL;

      if (g_str_equal (method, "POST") || g_str_equal (method, "PUT"))
        body = g_str_equal (path, "/api/settings") ? "{\"event_name\": \"Hacked\"}"
                                                   : "{\"count\": 1, \"prefix\": \"VIP\"}";
      r = tix_api_send (f->session, f->server->url, method, path, NULL, headers,
                        "application/json", body, body != NULL ? strlen (body) : 0);
      tix_api_assert_error (r, 401, NULL);
    }
}

static void
test_missing_token (TixApiFixture *f,
                    gconstpointer  data)
{
  g_autofree char *token = tix_api_register (f, "anna@example.com", "Anna", NULL);
  g_autoptr(JsonArray) tickets = tix_api_generate (f, token, "VIP", 1, NULL);
  g_autoptr(JsonObject) settings = NULL;
  g_autoptr(TixApiResponse) r = NULL;

  assert_all_refused (f, NULL);

  /* nothing changed */
  g_assert_cmpint (tix_api_list_total (f, token, NULL), ==, 1);
  r = tix_api_request (f, "GET", "/api/settings", token, NULL);
  tix_api_assert_status (r, 200);
  g_assert_cmpstr (tix_api_string_or_null (tix_api_object (r), "event_name"), !=, "Hacked");
}

static void
test_bad_token (TixApiFixture *f,
                gconstpointer  data)
{
  g_autofree char *token = tix_api_register (f, "anna@example.com", "Anna", NULL);
  g_autofree char *random_hex = NULL;
  g_autofree char *bearer_random = NULL;
  g_autofree char *bearer_longer = g_strconcat ("Bearer ", token, "0", NULL);
  g_autofree char *bearer_shorter = g_strdup_printf ("Bearer %.63s", token);
  g_autofree char *bearer_upper = NULL;
  GString *hex = g_string_new (NULL);

  for (int i = 0; i < 8; i++)
    g_string_append_printf (hex, "%08x", g_random_int ());
  random_hex = g_string_free (hex, FALSE);
  bearer_random = g_strconcat ("Bearer ", random_hex, NULL);
  {
    g_autofree char *upper = g_ascii_strup (token, -1);
    /* only counts as a different token when the case differs somewhere */
    bearer_upper = g_strcmp0 (upper, token) != 0 ? g_strconcat ("Bearer ", upper, NULL) : NULL;
  }

  const char * const garbage[] = { "Authorization", "Bearer garbage", NULL };
  const char * const empty[] = { "Authorization", "Bearer ", NULL };
  const char * const random[] = { "Authorization", bearer_random, NULL };
  const char * const no_scheme[] = { "Authorization", token, NULL };
  const char * const basic[] = { "Authorization", "Basic YW5uYUBleGFtcGxlLmNvbTpwYXNzd29yZA==",
                                 NULL };
  const char * const longer[] = { "Authorization", bearer_longer, NULL };
  const char * const shorter[] = { "Authorization", bearer_shorter, NULL };
  const char * const injection[] = { "Authorization", "Bearer ' OR '1'='1", NULL };

  assert_all_refused (f, garbage);
  assert_all_refused (f, empty);
  assert_all_refused (f, random);
  assert_all_refused (f, no_scheme);
  assert_all_refused (f, basic);
  assert_all_refused (f, longer);
  assert_all_refused (f, shorter);
  assert_all_refused (f, injection);
  if (bearer_upper != NULL)
    {
      const char * const upper[] = { "Authorization", bearer_upper, NULL };
      g_autoptr(TixApiResponse) r = tix_api_send (f->session, f->server->url, "GET",
                                                  "/api/auth/me", NULL, upper, NULL, NULL, 0);
      /* hex in another case is the same token or none: never a server error */
      g_assert_true (r->status == 200 || r->status == 401);
    }

  /* the real token still works */
  g_assert_cmpint (tix_api_list_total (f, token, NULL), ==, 0);
}

static void
test_expired_token (void)
{
  TixServerOptions options;
  g_autoptr(TixTestServer) server = NULL;
  TixApiFixture f = { 0 };
  g_autofree char *token = NULL;
  g_autoptr(TixApiResponse) r = NULL;
  gint64 ttl = tix_api_under_valgrind () ? 6 : 2;
  gint64 issued, registered;

  tix_server_options_init (&options);
  options.fast_password_hashing = TRUE;
  options.token_ttl_seconds = ttl;
  server = tix_test_server_new_with (&options);
  f.server = server;
  f.session = tix_api_session_new ();

  issued = g_get_monotonic_time ();
  token = tix_api_register (&f, "anna@example.com", "Anna", NULL);
  registered = g_get_monotonic_time ();
  r = tix_api_request (&f, "GET", "/api/auth/me", token, NULL);
  if (g_get_monotonic_time () - issued < (ttl - 1) * G_USEC_PER_SEC)
    tix_api_assert_status (r, 200);
  g_clear_pointer (&r, tix_api_response_free);

  /* wait out the lifetime, counted from after the token was made */
  while (g_get_monotonic_time () - registered < (ttl * G_USEC_PER_SEC) + 300000)
    g_usleep (50000);

  r = tix_api_request (&f, "GET", "/api/auth/me", token, NULL);
  tix_api_assert_error (r, 401, NULL);
  g_clear_pointer (&r, tix_api_response_free);
  r = tix_api_request (&f, "GET", "/api/tickets", token, NULL);
  tix_api_assert_error (r, 401, NULL);
  g_clear_pointer (&r, tix_api_response_free);

  /* logging in again gives a fresh, working token */
  {
    g_autofree char *fresh = tix_api_login (&f, "anna@example.com", TIX_API_PASSWORD);
    r = tix_api_request (&f, "GET", "/api/auth/me", fresh, NULL);
    tix_api_assert_status (r, 200);
  }

  soup_session_abort (f.session);
  g_assert_finalize_object (f.session);
}

typedef struct
{
  const char *url;
  guint       status;
  gint64      done;
} LoginJob;

static gpointer
login_thread (gpointer data)
{
  LoginJob *job = data;
  g_autoptr(SoupSession) session = tix_api_session_new ();
  const char *body = "{\"email\": \"anna@example.com\", \"password\": \"" TIX_API_PASSWORD "\"}";
  g_autoptr(TixApiResponse) r = tix_api_send (session, job->url, "POST", "/api/auth/login",
                                              NULL, NULL, "application/json", body,
                                              strlen (body));

  job->done = g_get_monotonic_time ();
  job->status = r->status;
  soup_session_abort (session);
  return NULL;
}

/* Argon2id at its real cost takes a while; it must not hold up other
 * requests (a scan at the door) while it runs. A scan sent while a login is
 * hashing must be answered before that login: a server that hashed on its
 * own thread could not. Timing on a shared machine is noisy, so one clear
 * success in a few tries is enough; a stalling server never manages one. */
static void
test_login_no_stall (void)
{
  TixServerOptions options;
  g_autoptr(TixTestServer) server = NULL;
  TixApiFixture f = { 0 };
  g_autofree char *token = NULL;
  g_autoptr(JsonArray) tickets = NULL;
  gint64 start, login_time;
  gboolean ahead = FALSE;

  if (tix_api_under_valgrind ())
    {
      g_test_skip ("Argon2id at full cost is too slow under valgrind");
      return;
    }

  tix_server_options_init (&options);
  options.fast_password_hashing = FALSE;
  server = tix_test_server_new_with (&options);
  f.server = server;
  f.session = tix_api_session_new ();

  token = tix_api_register (&f, "anna@example.com", "Anna", NULL);
  tickets = tix_api_generate (&f, token, "VIP", 5, NULL);

  start = g_get_monotonic_time ();
  g_free (tix_api_login (&f, "anna@example.com", TIX_API_PASSWORD));
  login_time = g_get_monotonic_time () - start;
  g_test_message ("one login takes %" G_GINT64_FORMAT " ms", login_time / 1000);

  if (login_time < 30000)
    g_test_skip ("password hashing is too fast here to tell");
  else
    for (guint attempt = 0; attempt < 5 && !ahead; attempt++)
      {
        LoginJob job = { server->url, 0, 0 };
        GThread *thread = g_thread_new ("login", login_thread, &job);
        JsonObject *t = json_array_get_object_element (tickets, attempt);
        g_autoptr(TixApiResponse) r = NULL;
        gint64 scanned;

        /* let the login arrive and start hashing */
        g_usleep (login_time / 5);
        r = tix_api_requestf (&f, "PUT", token, NULL, "/api/tickets/%s/scan",
                              tix_api_string (t, "id"));
        scanned = g_get_monotonic_time ();
        tix_api_assert_status (r, 200);

        g_thread_join (thread);
        g_assert_cmpuint (job.status, ==, 200);
        g_test_message ("attempt %u: scan answered %" G_GINT64_FORMAT " ms before the login",
                        attempt, (job.done - scanned) / 1000);
        ahead = scanned < job.done;
      }

  if (login_time >= 30000)
    g_assert_true (ahead);

  soup_session_abort (f.session);
  g_assert_finalize_object (f.session);
}

static gboolean
list_contains (const char *list,
               const char *item)
{
  g_auto(GStrv) parts = NULL;

  if (list == NULL)
    return FALSE;
  parts = g_strsplit (list, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_strstrip (parts[i]);
      if (g_ascii_strcasecmp (parts[i], item) == 0 || g_str_equal (parts[i], "*"))
        return TRUE;
    }
  return FALSE;
}

static void
test_cors_simple (TixApiFixture *f,
                  gconstpointer  data)
{
  const char * const origin[] = { "Origin", SEED_ORIGIN, NULL };
  g_autofree char *token = tix_api_register (f, "anna@example.com", "Anna", NULL);
  g_autoptr(TixApiResponse) r = NULL;

  r = tix_api_send (f->session, f->server->url, "GET", "/health", NULL, origin,
                    NULL, NULL, 0);
  tix_api_assert_status (r, 200);
  g_assert_cmpstr (tix_api_header (r, "Access-Control-Allow-Origin"), ==, SEED_ORIGIN);
  g_clear_pointer (&r, tix_api_response_free);

  r = tix_api_send (f->session, f->server->url, "GET", "/api/tickets", token, origin,
                    NULL, NULL, 0);
  tix_api_assert_status (r, 200);
  g_assert_cmpstr (tix_api_header (r, "Access-Control-Allow-Origin"), ==, SEED_ORIGIN);
  g_clear_pointer (&r, tix_api_response_free);

  /* errors too, or the front end cannot read them */
  r = tix_api_send (f->session, f->server->url, "GET", "/api/tickets", NULL, origin,
                    NULL, NULL, 0);
  tix_api_assert_error (r, 401, NULL);
  g_assert_cmpstr (tix_api_header (r, "Access-Control-Allow-Origin"), ==, SEED_ORIGIN);
  g_clear_pointer (&r, tix_api_response_free);

  {
    const char *body = "{\"count\": 0, \"prefix\": \"VIP\"}";
    r = tix_api_send (f->session, f->server->url, "POST", "/api/tickets/generate", token,
                      origin, "application/json", body, strlen (body));
    tix_api_assert_error (r, 400, "count");
    g_assert_cmpstr (tix_api_header (r, "Access-Control-Allow-Origin"), ==, SEED_ORIGIN);
  }
}

static void
assert_preflight (TixApiFixture *f,
                  const char    *path,
                  const char    *method)
{
  const char * const headers[] = {
    "Origin", SEED_ORIGIN,
    "Access-Control-Request-Method", method,
    "Access-Control-Request-Headers", "authorization,content-type",
    NULL
  };
  g_autoptr(TixApiResponse) r = tix_api_send (f->session, f->server->url, "OPTIONS", path,
                                              NULL, headers, NULL, NULL, 0);

  if (r->status < 200 || r->status >= 300)
    g_error ("OPTIONS %s answered %u", path, r->status);
  g_assert_cmpstr (tix_api_header (r, "Access-Control-Allow-Origin"), ==, SEED_ORIGIN);
  if (!list_contains (tix_api_header (r, "Access-Control-Allow-Methods"), method))
    g_error ("preflight of %s %s allows methods “%s”", method, path,
             tix_api_header (r, "Access-Control-Allow-Methods"));
  if (!list_contains (tix_api_header (r, "Access-Control-Allow-Headers"), "Authorization") ||
      !list_contains (tix_api_header (r, "Access-Control-Allow-Headers"), "Content-Type"))
    g_error ("preflight of %s %s allows headers “%s”", method, path,
             tix_api_header (r, "Access-Control-Allow-Headers"));
}

static void
test_cors_preflight (TixApiFixture *f,
                     gconstpointer  data)
{
  assert_preflight (f, "/api/auth/login", "POST");
  assert_preflight (f, "/api/tickets/generate", "POST");
  assert_preflight (f, "/api/tickets", "GET");
  assert_preflight (f, "/api/tickets", "DELETE");
  assert_preflight (f, "/api/tickets/123e4567-e89b-12d3-a456-426614174000/scan", "PUT");
  assert_preflight (f, "/api/tickets/123e4567-e89b-12d3-a456-426614174000", "DELETE");
  assert_preflight (f, "/api/settings", "PUT");
  tix_api_assert_serving (f);
}

static void
test_cors_other_origin (TixApiFixture *f,
                        gconstpointer  data)
{
  const char * const evil[] = { "Origin", "http://evil.example", NULL };
  g_autoptr(TixApiResponse) r = tix_api_send (f->session, f->server->url, "GET", "/health",
                                              NULL, evil, NULL, NULL, 0);
  const char *allowed = tix_api_header (r, "Access-Control-Allow-Origin");

  g_assert_true (allowed == NULL || g_str_equal (allowed, SEED_ORIGIN));
}

static void
test_cors_option (void)
{
  TixServerOptions options;
  g_autoptr(TixTestServer) server = NULL;
  g_autoptr(SoupSession) session = tix_api_session_new ();
  const char * const mine[] = { "Origin", "https://box.example.org", NULL };
  const char * const seed[] = { "Origin", SEED_ORIGIN, NULL };
  g_autoptr(TixApiResponse) r = NULL;
  const char *allowed;

  tix_server_options_init (&options);
  options.fast_password_hashing = TRUE;
  options.cors_origin = "https://box.example.org";
  server = tix_test_server_new_with (&options);

  r = tix_api_send (session, server->url, "GET", "/health", NULL, mine, NULL, NULL, 0);
  tix_api_assert_status (r, 200);
  g_assert_cmpstr (tix_api_header (r, "Access-Control-Allow-Origin"), ==,
                   "https://box.example.org");
  g_clear_pointer (&r, tix_api_response_free);

  r = tix_api_send (session, server->url, "GET", "/health", NULL, seed, NULL, NULL, 0);
  tix_api_assert_status (r, 200);
  allowed = tix_api_header (r, "Access-Control-Allow-Origin");
  g_assert_true (allowed == NULL || g_str_equal (allowed, "https://box.example.org"));

  soup_session_abort (session);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, TixApiFixture, NULL, tix_api_fixture_setup, func, tix_api_fixture_teardown)

  ADD ("/tix/server/health", test_health);
  ADD ("/tix/server/auth/register", test_register);
  ADD ("/tix/server/auth/register/organization-names", test_register_organization_names);
  ADD ("/tix/server/auth/register/duplicate", test_register_duplicate);
  ADD ("/tix/server/auth/register/invalid", test_register_invalid);
  ADD ("/tix/server/auth/login", test_login);
  ADD ("/tix/server/auth/login/wrong", test_login_wrong);
  ADD ("/tix/server/auth/me", test_me);
  ADD ("/tix/server/auth/logout", test_logout);
  ADD ("/tix/server/auth/token/missing", test_missing_token);
  ADD ("/tix/server/auth/token/bad", test_bad_token);
  g_test_add_func ("/tix/server/auth/token/expired", test_expired_token);
  g_test_add_func ("/tix/server/auth/login/no-stall", test_login_no_stall);
  ADD ("/tix/server/cors/simple", test_cors_simple);
  ADD ("/tix/server/cors/preflight", test_cors_preflight);
  ADD ("/tix/server/cors/other-origin", test_cors_other_origin);
  g_test_add_func ("/tix/server/cors/option", test_cors_option);

#undef ADD

  return g_test_run ();
}
