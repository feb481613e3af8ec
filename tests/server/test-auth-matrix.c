/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The auth matrix over HTTP: every endpoint of the README's API table, asked
 * with no token, a garbage token, an expired token, a revoked token, another
 * organization's admin's token, and as admin, seller and scanner, gives the
 * documented answer: 401 for a missing or dead token, 403 for a wrong role,
 * 404 for another organization's ticket or user, 2xx otherwise. */
#include "config.h"

#include <string.h>

#include "server-test-util.h"

typedef enum
{
  WHO_ANYONE,
  WHO_SIGNED_IN,
  WHO_ADMIN_SELLER,
  WHO_ADMIN,
} Who;

typedef enum
{
  OTHER_OWN,        /* another organization's admin acts on their own organization */
  OTHER_NOT_FOUND,  /* …and cannot see this organization's ticket or user: 404 */
} Other;

typedef struct
{
  const char *method;
  const char *path;     /* "{ticket}", "{user}": a fresh one of the organization */
  const char *body;     /* "{email}": a fresh address */
  Who         who;
  Other       other;
  guint       status;   /* the answer when allowed */
  const char *field;    /* for an allowed 4xx: the field named */
} Endpoint;

static const Endpoint endpoints[] = {
  { "GET",    "/api/auth/me", NULL, WHO_SIGNED_IN, OTHER_OWN, 200 },
  { "POST",   "/api/tickets/generate", "{\"count\":1,\"prefix\":\"MX\"}", WHO_ADMIN_SELLER, OTHER_OWN, 201 },
  { "GET",    "/api/tickets", NULL, WHO_SIGNED_IN, OTHER_OWN, 200 },
  { "GET",    "/api/tickets/{ticket}", NULL, WHO_SIGNED_IN, OTHER_NOT_FOUND, 200 },
  { "PUT",    "/api/tickets/{ticket}/scan", NULL, WHO_SIGNED_IN, OTHER_NOT_FOUND, 200 },
  { "DELETE", "/api/tickets/{ticket}", NULL, WHO_ADMIN, OTHER_NOT_FOUND, 200 },
  { "GET",    "/api/reports/stats", NULL, WHO_SIGNED_IN, OTHER_OWN, 200 },
  { "GET",    "/api/reports/daily", NULL, WHO_SIGNED_IN, OTHER_OWN, 200 },
  { "GET",    "/api/reports/weekly", NULL, WHO_SIGNED_IN, OTHER_OWN, 200 },
  { "GET",    "/api/reports/monthly", NULL, WHO_SIGNED_IN, OTHER_OWN, 200 },
  { "GET",    "/api/reports/door", NULL, WHO_SIGNED_IN, OTHER_OWN, 200 },
  { "GET",    "/api/settings", NULL, WHO_SIGNED_IN, OTHER_OWN, 200 },
  { "PUT",    "/api/settings", "{\"event_name\":\"Matrix night\"}", WHO_ADMIN, OTHER_OWN, 200 },
  { "GET",    "/api/users", NULL, WHO_ADMIN, OTHER_OWN, 200 },
  { "POST",   "/api/users", "{\"email\":\"{email}\",\"name\":\"New\",\"password\":\"" TIX_API_PASSWORD "\",\"role\":\"scanner\"}",
    WHO_ADMIN, OTHER_OWN, 201 },
  { "PUT",    "/api/users/{user}", "{\"role\":\"seller\"}", WHO_ADMIN, OTHER_NOT_FOUND, 200 },
  { "DELETE", "/api/users/{user}", NULL, WHO_ADMIN, OTHER_NOT_FOUND, 200 },
  /* Signed in, a wrong current password: a 400 naming it, never a 401. */
  { "PUT",    "/api/auth/password", "{\"current_password\":\"not the password\",\"new_password\":\"another password\"}",
    WHO_SIGNED_IN, OTHER_OWN, 400, "current_password" },
  { "POST",   "/api/auth/logout-others", NULL, WHO_SIGNED_IN, OTHER_OWN, 200 },
  { "GET",    "/api/audit", NULL, WHO_ADMIN, OTHER_OWN, 200 },
  /* Last: it clears the tickets. */
  { "DELETE", "/api/tickets", NULL, WHO_ADMIN, OTHER_OWN, 200 },
};

/* The extensions (not in the table): a dead token is a 401 there too. */
static const Endpoint extensions[] = {
  { "POST",   "/api/scan", "{\"code\":\"MX-000001\"}", WHO_SIGNED_IN, OTHER_OWN, 0 },
  { "PUT",    "/api/tickets/{ticket}/unscan", NULL, WHO_SIGNED_IN, OTHER_OWN, 0 },
  { "POST",   "/api/tickets/{ticket}/reissue", NULL, WHO_SIGNED_IN, OTHER_OWN, 0 },
  { "GET",    "/api/tickets/sheet.pdf", NULL, WHO_SIGNED_IN, OTHER_OWN, 0 },
};

typedef enum
{
  ID_NONE,
  ID_GARBAGE,
  ID_REVOKED,
  ID_EXPIRED,
  ID_SCANNER,
  ID_SELLER,
  ID_OTHER,
  ID_ADMIN,      /* last: DELETE /api/tickets */
  N_IDS,
} Identity;

static const char * const identity_names[] = {
  "no token", "garbage token", "revoked token", "expired token", "scanner", "seller",
  "other organization's admin", "admin",
};

typedef struct
{
  TixApiFixture  api;
  TixApiFixture  expiring;   /* a server whose tokens live 1 s */
  char          *tokens[N_IDS];
  char          *expiring_ticket;
  guint          serial;
} Matrix;

static char *
add_user (TixApiFixture *api,
          const char    *admin,
          const char    *email,
          const char    *role,
          gint64        *out_id)
{
  g_autofree char *body = g_strdup_printf ("{\"email\":\"%s\",\"name\":\"%s\",\"password\":\""
                                           TIX_API_PASSWORD "\",\"role\":\"%s\"}",
                                           email, role, role);
  g_autoptr(TixApiResponse) response = tix_api_request (api, "POST", "/api/users", admin, body);

  tix_api_assert_status (response, 201);
  if (out_id != NULL)
    *out_id = tix_api_int (json_object_get_object_member (tix_api_object (response), "user"), "id");
  return tix_api_login (api, email, TIX_API_PASSWORD);
}

static char *
fresh_ticket (TixApiFixture *api,
              const char    *admin)
{
  g_autoptr(JsonArray) tickets = tix_api_generate (api, admin, "POOL", 1, NULL);

  return g_strdup (tix_api_string (json_array_get_object_element (tickets, 0), "id"));
}

static void
matrix_setup (Matrix        *m,
              gconstpointer  data)
{
  TixServerOptions options;
  g_autoptr(TixApiResponse) logout = NULL;
  g_autofree char *expiring_admin = NULL;

  tix_api_fixture_setup (&m->api, data);
  m->tokens[ID_NONE] = NULL;
  m->tokens[ID_GARBAGE] = g_strdup ("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
  m->tokens[ID_ADMIN] = tix_api_register (&m->api, "admin@a.example", "Ada", NULL);
  m->tokens[ID_SELLER] = add_user (&m->api, m->tokens[ID_ADMIN], "seller@a.example", "seller", NULL);
  m->tokens[ID_SCANNER] = add_user (&m->api, m->tokens[ID_ADMIN], "scanner@a.example", "scanner", NULL);
  m->tokens[ID_OTHER] = tix_api_register (&m->api, "admin@b.example", "Bea", NULL);
  m->tokens[ID_REVOKED] = tix_api_login (&m->api, "admin@a.example", TIX_API_PASSWORD);
  logout = tix_api_request (&m->api, "POST", "/api/auth/logout", m->tokens[ID_REVOKED], NULL);
  tix_api_assert_status (logout, 200);

  /* The expired token comes from a server of its own with a 1 s lifetime. */
  tix_server_options_init (&options);
  options.fast_password_hashing = TRUE;
  options.token_ttl_seconds = 1;
  m->expiring.server = tix_test_server_new_with (&options);
  m->expiring.session = tix_api_session_new ();
  expiring_admin = tix_api_register (&m->expiring, "admin@c.example", "Cy", NULL);
  m->expiring_ticket = fresh_ticket (&m->expiring, expiring_admin);
  m->tokens[ID_EXPIRED] = g_steal_pointer (&expiring_admin);
  g_usleep (2200 * 1000);
}

static void
matrix_teardown (Matrix        *m,
                 gconstpointer  data)
{
  for (guint i = 0; i < N_IDS; i++)
    g_free (m->tokens[i]);
  g_free (m->expiring_ticket);
  tix_api_fixture_teardown (&m->expiring, data);
  tix_api_fixture_teardown (&m->api, data);
}

/* The answer @id should get from @e. */
static guint
expected_status (const Endpoint *e,
                 Identity        id)
{
  switch (id)
    {
    case ID_NONE: case ID_GARBAGE: case ID_REVOKED: case ID_EXPIRED:
      return e->who == WHO_ANYONE ? e->status : 401;
    case ID_SCANNER:
      return e->who == WHO_ADMIN || e->who == WHO_ADMIN_SELLER ? 403 : e->status;
    case ID_SELLER:
      return e->who == WHO_ADMIN ? 403 : e->status;
    case ID_OTHER:
      return e->other == OTHER_NOT_FOUND ? 404 : e->status;
    case ID_ADMIN:
    default:
      return e->status;
    }
}

static char *
fill (Matrix         *m,
      TixApiFixture  *api,
      const char     *text,
      Identity        id)
{
  GString *out;
  const char *p;

  if (text == NULL)
    return NULL;
  out = g_string_new (NULL);
  for (p = text; *p != '\0'; p++)
    {
      if (g_str_has_prefix (p, "{ticket}"))
        {
          g_autofree char *ticket = id == ID_EXPIRED ? g_strdup (m->expiring_ticket)
                                                     : fresh_ticket (api, m->tokens[ID_ADMIN]);
          g_string_append (out, ticket);
          p += strlen ("{ticket}") - 1;
        }
      else if (g_str_has_prefix (p, "{user}"))
        {
          gint64 user_id = 1;
          g_autofree char *email = g_strdup_printf ("victim%u@a.example", ++m->serial);

          if (id != ID_EXPIRED)
            g_free (add_user (api, m->tokens[ID_ADMIN], email, "scanner", &user_id));
          g_string_append_printf (out, "%" G_GINT64_FORMAT, user_id);
          p += strlen ("{user}") - 1;
        }
      else if (g_str_has_prefix (p, "{email}"))
        {
          g_string_append_printf (out, "new%u@example.org", ++m->serial);
          p += strlen ("{email}") - 1;
        }
      else
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

static void
check (Matrix         *m,
       const Endpoint *e,
       Identity        id,
       guint           expected)
{
  TixApiFixture *api = id == ID_EXPIRED ? &m->expiring : &m->api;
  g_autofree char *path = fill (m, api, e->path, id);
  g_autofree char *body = fill (m, api, e->body, id);
  g_autoptr(TixApiResponse) response = tix_api_request (api, e->method, path, m->tokens[id], body);

  if (response->status != expected)
    g_error ("%s %s with %s: %u, expected %u (%.*s)", e->method, e->path, identity_names[id],
             response->status, expected,
             (int) MIN (g_bytes_get_size (response->body), 300),
             (const char *) g_bytes_get_data (response->body, NULL));
  if (expected >= 400)
    tix_api_assert_error (response, expected,
                          expected == e->status ? e->field : NULL);
  if (expected == 401)
    g_assert_null (tix_api_header (response, "Set-Cookie"));
}

static gboolean
event_name_is (Matrix     *m,
               const char *token,
               const char *name)
{
  g_autoptr(TixApiResponse) response = tix_api_request (&m->api, "GET", "/api/settings", token, NULL);

  tix_api_assert_status (response, 200);
  return g_strcmp0 (tix_api_string_or_null (tix_api_object (response), "event_name"), name) == 0;
}

static void
test_matrix (Matrix        *m,
             gconstpointer  data)
{
  guint checked = 0;

  for (guint i = 0; i < G_N_ELEMENTS (endpoints); i++)
    {
      const Endpoint *e = &endpoints[i];

      for (Identity id = 0; id < N_IDS; id++)
        {
          if (e == &endpoints[G_N_ELEMENTS (endpoints) - 1] && id == ID_ADMIN)
            {
              /* Nobody but A's admin cleared A's tickets. */
              JsonObject *stats = tix_api_stats (&m->api, m->tokens[ID_ADMIN]);
              g_assert_cmpint (tix_api_int (stats, "total"), >, 0);
            }
          check (m, e, id, expected_status (e, id));
          checked++;
        }

      if (g_str_equal (e->path, "/api/settings") && g_str_equal (e->method, "PUT"))
        {
          /* B's admin changed B's settings, A's admin A's: both say so. */
          g_assert_true (event_name_is (m, m->tokens[ID_ADMIN], "Matrix night"));
          g_assert_true (event_name_is (m, m->tokens[ID_OTHER], "Matrix night"));
        }
    }

  for (guint i = 0; i < G_N_ELEMENTS (extensions); i++)
    for (Identity id = ID_NONE; id <= ID_EXPIRED; id++)
      {
        check (m, &extensions[i], id, 401);
        checked++;
      }

  g_test_message ("%u requests checked", checked);
}

/* Another organization's admin never sees this organization's users. */
static void
test_other_users (Matrix        *m,
                  gconstpointer  data)
{
  g_autoptr(TixApiResponse) response = tix_api_request (&m->api, "GET", "/api/users",
                                                        m->tokens[ID_OTHER], NULL);
  JsonArray *users;

  tix_api_assert_status (response, 200);
  users = tix_api_array (response);
  for (guint i = 0; i < json_array_get_length (users); i++)
    g_assert_null (strstr (tix_api_string (json_array_get_object_element (users, i), "email"),
                           "@a.example"));
}

/* The public endpoints answer whatever token comes with them; logout ends
 * the session of each role. */
static void
test_public_and_logout (Matrix        *m,
                        gconstpointer  data)
{
  for (Identity id = 0; id < N_IDS; id++)
    {
      TixApiFixture *api = id == ID_EXPIRED ? &m->expiring : &m->api;
      g_autofree char *email = g_strdup_printf ("public%u@example.org", id);
      g_autofree char *register_body = g_strdup_printf ("{\"email\":\"%s\",\"password\":\""
                                                        TIX_API_PASSWORD "\",\"name\":\"P\"}", email);
      g_autofree char *login_body = g_strdup_printf ("{\"email\":\"%s\",\"password\":\""
                                                     TIX_API_PASSWORD "\"}", email);
      g_autoptr(TixApiResponse) health = tix_api_request (api, "GET", "/health", m->tokens[id], NULL);
      g_autoptr(TixApiResponse) reg = tix_api_request (api, "POST", "/api/auth/register",
                                                       m->tokens[id], register_body);
      g_autoptr(TixApiResponse) login = tix_api_request (api, "POST", "/api/auth/login",
                                                         m->tokens[id], login_body);

      tix_api_assert_status (health, 200);
      tix_api_assert_status (reg, 201);
      tix_api_assert_status (login, 200);
    }

  /* POST /api/auth/logout: 401 with a dead token; 200 for each role, and the
   * token is dead afterwards. */
  for (Identity id = 0; id < N_IDS; id++)
    {
      static const char * const emails[N_IDS] = {
        NULL, NULL, NULL, NULL, "scanner@a.example", "seller@a.example",
        "admin@b.example", "admin@a.example",
      };
      TixApiFixture *api = id == ID_EXPIRED ? &m->expiring : &m->api;
      g_autofree char *token = emails[id] ? tix_api_login (api, emails[id], TIX_API_PASSWORD)
                                          : g_strdup (m->tokens[id]);
      g_autoptr(TixApiResponse) out = tix_api_request (api, "POST", "/api/auth/logout", token, NULL);
      g_autoptr(TixApiResponse) me = NULL;

      if (emails[id] == NULL)
        {
          tix_api_assert_error (out, 401, NULL);
          continue;
        }
      tix_api_assert_status (out, 200);
      me = tix_api_request (api, "GET", "/api/auth/me", token, NULL);
      tix_api_assert_error (me, 401, NULL);
      /* The matrix's own session of that user still works. */
      {
        g_autoptr(TixApiResponse) still = tix_api_request (api, "GET", "/api/auth/me",
                                                           m->tokens[id], NULL);
        tix_api_assert_status (still, 200);
      }
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/auth-matrix/endpoints", Matrix, NULL, matrix_setup, test_matrix, matrix_teardown);
  g_test_add ("/auth-matrix/other-users", Matrix, NULL, matrix_setup, test_other_users, matrix_teardown);
  g_test_add ("/auth-matrix/public-and-logout", Matrix, NULL, matrix_setup, test_public_and_logout,
              matrix_teardown);

  return g_test_run ();
}
