/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Users and roles, one's own password and sessions, the audit log and the
 * door report, over HTTP. */
#include "config.h"

#include <string.h>

#include "server-test-util.h"
#include "tix-time.h"

#define ADMIN_EMAIL "boss@example.org"

typedef struct
{
  TixApiFixture  api;
  char          *admin;     /* token of the organization's first admin */
  gint64         admin_id;
} Users;

static void
users_setup (Users         *users,
             gconstpointer  data)
{
  g_autoptr(JsonObject) user = NULL;

  tix_api_fixture_setup (&users->api, data);
  users->admin = tix_api_register (&users->api, ADMIN_EMAIL, "Bea Boss", &user);
  users->admin_id = tix_api_int (user, "id");
}

/* An organization that may hold 3 users. */
static void
users_setup_small (Users         *users,
                   gconstpointer  data)
{
  g_autoptr(JsonObject) user = NULL;
  TixServerOptions options;

  tix_server_options_init (&options);
  options.fast_password_hashing = TRUE;
  options.max_users = 3;
  users->api.server = tix_test_server_new_with (&options);
  users->api.session = tix_api_session_new ();
  users->admin = tix_api_register (&users->api, ADMIN_EMAIL, "Bea Boss", &user);
  users->admin_id = tix_api_int (user, "id");
}

static void
users_teardown (Users         *users,
                gconstpointer  data)
{
  g_free (users->admin);
  tix_api_fixture_teardown (&users->api, data);
}

/* POST /api/users, asserting 201; returns the new user's id. */
static gint64
add_user (Users      *users,
          const char *email,
          const char *name,
          const char *role)
{
  g_autofree char *body = g_strdup_printf ("{\"email\":\"%s\",\"name\":\"%s\",\"password\":\""
                                           TIX_API_PASSWORD "\",\"role\":\"%s\"}",
                                           email, name, role);
  g_autoptr(TixApiResponse) r = tix_api_request (&users->api, "POST", "/api/users",
                                                 users->admin, body);
  JsonObject *user;

  tix_api_assert_status (r, 201);
  user = json_object_get_object_member (tix_api_object (r), "user");
  g_assert_nonnull (user);
  tix_api_assert_user (user);
  g_assert_cmpstr (tix_api_string (user, "email"), ==, email);
  g_assert_cmpstr (tix_api_string (user, "name"), ==, name);
  g_assert_cmpstr (tix_api_string (user, "role"), ==, role);
  return tix_api_int (user, "id");
}

static guint
status_of (Users      *users,
           const char *method,
           const char *path,
           const char *token,
           const char *json)
{
  g_autoptr(TixApiResponse) r = tix_api_request (&users->api, method, path, token, json);

  if (r->status >= 400)
    tix_api_assert_error (r, r->status, NULL);
  return r->status;
}

static guint
me_status (Users      *users,
           const char *token)
{
  return status_of (users, "GET", "/api/auth/me", token, NULL);
}

static guint
login_status (Users      *users,
              const char *email,
              const char *password)
{
  g_autofree char *body = g_strdup_printf ("{\"email\":\"%s\",\"password\":\"%s\"}",
                                           email, password);

  return status_of (users, "POST", "/api/auth/login", NULL, body);
}

static JsonArray *
list_users (Users      *users,
            const char *token)
{
  g_autoptr(TixApiResponse) r = tix_api_request (&users->api, "GET", "/api/users", token, NULL);
  JsonArray *list;

  tix_api_assert_status (r, 200);
  list = tix_api_array (r);
  for (guint i = 0; i < json_array_get_length (list); i++)
    tix_api_assert_user (json_array_get_object_element (list, i));
  return json_array_ref (list);
}

static const char *
role_in (JsonArray  *list,
         const char *email)
{
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *user = json_array_get_object_element (list, i);

      if (g_str_equal (tix_api_string (user, "email"), email))
        return tix_api_string (user, "role");
    }
  return NULL;
}

/* Adding and listing */

static void
test_add_and_list (Users         *users,
                   gconstpointer  data)
{
  g_autoptr(JsonArray) list = NULL;
  gint64 seller, scanner;
  struct
  {
    const char *body;
    guint       status;
    const char *field;
  } bad[] = {
    { "{\"email\":\"seller@example.org\",\"name\":\"Again\",\"password\":\"" TIX_API_PASSWORD
      "\",\"role\":\"seller\"}", 409, "email" },
    { "{\"email\":\"SELLER@example.org\",\"name\":\"Again\",\"password\":\"" TIX_API_PASSWORD
      "\",\"role\":\"seller\"}", 409, "email" },
    { "{\"email\":\"x@example.org\",\"name\":\"X\",\"password\":\"" TIX_API_PASSWORD
      "\",\"role\":\"owner\"}", 400, "role" },
    { "{\"email\":\"not an email\",\"name\":\"X\",\"password\":\"" TIX_API_PASSWORD
      "\",\"role\":\"seller\"}", 400, "email" },
    { "{\"email\":\"x@example.org\",\"name\":\"X\",\"password\":\"short\",\"role\":\"seller\"}",
      400, "password" },
    { "{\"email\":\"x@example.org\",\"name\":\"\",\"password\":\"" TIX_API_PASSWORD
      "\",\"role\":\"seller\"}", 400, "name" },
    { "{\"email\":\"x@example.org\",\"name\":\"X\",\"password\":\"" TIX_API_PASSWORD "\"}",
      400, "role" },
    { "{\"email\":\"x@example.org\",\"name\":\"X\",\"password\":\"" TIX_API_PASSWORD
      "\",\"role\":\"seller\",\"admin\":true}", 400, "admin" },
    { "{\"email\":\"x@example.org\",\"name\":\"X\",\"password\":\"" TIX_API_PASSWORD
      "\",\"role\":7}", 400, "role" },
    { "[1]", 400, NULL },
  };

  seller = add_user (users, "seller@example.org", "Sally Seller", "seller");
  scanner = add_user (users, "scanner@example.org", "Scott Scanner", "scanner");
  g_assert_cmpint (seller, !=, scanner);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(TixApiResponse) r = tix_api_request (&users->api, "POST", "/api/users",
                                                     users->admin, bad[i].body);

      tix_api_assert_error (r, bad[i].status, bad[i].field);
    }

  list = list_users (users, users->admin);
  g_assert_cmpuint (json_array_get_length (list), ==, 3);
  g_assert_cmpstr (role_in (list, ADMIN_EMAIL), ==, "admin");
  g_assert_cmpstr (role_in (list, "seller@example.org"), ==, "seller");
  g_assert_cmpstr (role_in (list, "scanner@example.org"), ==, "scanner");

  /* The new users can sign in. */
  g_assert_cmpuint (login_status (users, "seller@example.org", TIX_API_PASSWORD), ==, 200);
  g_assert_cmpuint (login_status (users, "scanner@example.org", TIX_API_PASSWORD), ==, 200);
}

/* Another organization's users are neither listed nor reachable. */
static void
test_other_organization (Users         *users,
                         gconstpointer  data)
{
  g_autofree char *other = tix_api_register (&users->api, "other@example.org", "Otto", NULL);
  g_autoptr(JsonArray) mine = NULL;
  g_autoptr(JsonArray) theirs = NULL;
  g_autofree char *path = g_strdup_printf ("/api/users/%" G_GINT64_FORMAT, users->admin_id);

  mine = list_users (users, users->admin);
  theirs = list_users (users, other);
  g_assert_cmpuint (json_array_get_length (mine), ==, 1);
  g_assert_cmpuint (json_array_get_length (theirs), ==, 1);
  g_assert_null (role_in (theirs, ADMIN_EMAIL));

  g_assert_cmpuint (status_of (users, "DELETE", path, other, NULL), ==, 404);
  g_assert_cmpuint (status_of (users, "PUT", path, other, "{\"role\":\"scanner\"}"), ==, 404);
  g_assert_cmpuint (status_of (users, "PUT", path, other,
                               "{\"password\":\"taken over!\"}"), ==, 404);
  g_assert_cmpuint (status_of (users, "DELETE", "/api/users/999999", users->admin, NULL), ==, 404);
  g_assert_cmpuint (status_of (users, "DELETE", "/api/users/abc", users->admin, NULL), ==, 404);
  g_assert_cmpuint (status_of (users, "DELETE", "/api/users/-1", users->admin, NULL), ==, 404);
  g_assert_cmpuint (me_status (users, users->admin), ==, 200);
  g_assert_cmpuint (login_status (users, ADMIN_EMAIL, TIX_API_PASSWORD), ==, 200);
}

/* Roles */

static void
test_roles (Users         *users,
            gconstpointer  data)
{
  g_autofree char *seller = NULL;
  g_autofree char *scanner = NULL;
  g_autofree char *user_path = NULL;
  g_autoptr(JsonArray) tickets = NULL;
  g_autoptr(JsonArray) sold = NULL;
  gint64 seller_id;
  const char *add = "{\"email\":\"x@example.org\",\"name\":\"X\",\"password\":\""
                    TIX_API_PASSWORD "\",\"role\":\"admin\"}";

  seller_id = add_user (users, "seller@example.org", "Sally Seller", "seller");
  add_user (users, "scanner@example.org", "Scott Scanner", "scanner");
  seller = tix_api_login (&users->api, "seller@example.org", TIX_API_PASSWORD);
  scanner = tix_api_login (&users->api, "scanner@example.org", TIX_API_PASSWORD);
  user_path = g_strdup_printf ("/api/users/%" G_GINT64_FORMAT, seller_id);

  /* Neither manages users nor reads the audit log. */
  for (guint i = 0; i < 2; i++)
    {
      const char *token = i == 0 ? seller : scanner;

      g_assert_cmpuint (status_of (users, "GET", "/api/users", token, NULL), ==, 403);
      g_assert_cmpuint (status_of (users, "POST", "/api/users", token, add), ==, 403);
      g_assert_cmpuint (status_of (users, "PUT", user_path, token, "{\"role\":\"admin\"}"), ==,
                        403);
      g_assert_cmpuint (status_of (users, "DELETE", user_path, token, NULL), ==, 403);
      g_assert_cmpuint (status_of (users, "GET", "/api/audit", token, NULL), ==, 403);
      g_assert_cmpuint (status_of (users, "PUT", "/api/settings", token,
                                   "{\"event_name\":\"Mine\"}"), ==, 403);
    }

  /* A seller generates; a scanner may not, but scans. */
  sold = tix_api_generate (&users->api, seller, "SOLD", 3, NULL);
  g_assert_cmpuint (status_of (users, "POST", "/api/tickets/generate", scanner,
                               "{\"count\":1,\"prefix\":\"NOPE\"}"), ==, 403);
  tickets = tix_api_generate (&users->api, users->admin, "ADM", 2, NULL);
  {
    g_autoptr(TixApiResponse) r =
      tix_api_requestf (&users->api, "PUT", scanner, NULL, "/api/tickets/%s/scan",
                        tix_api_string (json_array_get_object_element (sold, 0), "id"));

    tix_api_assert_status (r, 200);
  }

  /* Only an admin deletes or clears. */
  for (guint i = 0; i < 2; i++)
    {
      const char *token = i == 0 ? seller : scanner;
      g_autoptr(TixApiResponse) one =
        tix_api_requestf (&users->api, "DELETE", token, NULL, "/api/tickets/%s",
                          tix_api_string (json_array_get_object_element (sold, 1), "id"));

      tix_api_assert_error (one, 403, NULL);
      g_assert_cmpuint (status_of (users, "DELETE", "/api/tickets", token, NULL), ==, 403);
    }
  {
    g_autoptr(TixApiResponse) one =
      tix_api_requestf (&users->api, "DELETE", users->admin, NULL, "/api/tickets/%s",
                        tix_api_string (json_array_get_object_element (sold, 1), "id"));

    tix_api_assert_status (one, 200);
  }
  g_assert_cmpuint (status_of (users, "DELETE", "/api/tickets", users->admin, NULL), ==, 200);
  g_assert_cmpint (tix_api_list_total (&users->api, users->admin, NULL), ==, 0);

  /* Everybody reads the door report. */
  g_assert_cmpuint (status_of (users, "GET", "/api/reports/door", scanner, NULL), ==, 200);
  g_assert_cmpuint (status_of (users, "GET", "/api/reports/door", NULL, NULL), ==, 401);
}

/* A role change counts from the next request on. */
static void
test_role_change (Users         *users,
                  gconstpointer  data)
{
  g_autofree char *token = NULL;
  g_autofree char *path = NULL;
  gint64 id;

  id = add_user (users, "sam@example.org", "Sam", "scanner");
  token = tix_api_login (&users->api, "sam@example.org", TIX_API_PASSWORD);
  path = g_strdup_printf ("/api/users/%" G_GINT64_FORMAT, id);

  g_assert_cmpuint (status_of (users, "POST", "/api/tickets/generate", token,
                               "{\"count\":1,\"prefix\":\"S\"}"), ==, 403);

  {
    g_autoptr(TixApiResponse) r = tix_api_request (&users->api, "PUT", path, users->admin,
                                                   "{\"role\":\"seller\"}");
    JsonObject *user;

    tix_api_assert_status (r, 200);
    user = json_object_get_object_member (tix_api_object (r), "user");
    tix_api_assert_user (user);
    g_assert_cmpstr (tix_api_string (user, "role"), ==, "seller");
    g_assert_cmpint (tix_api_int (user, "id"), ==, id);
  }
  g_assert_cmpuint (status_of (users, "POST", "/api/tickets/generate", token,
                               "{\"count\":1,\"prefix\":\"S\"}"), ==, 201);
  g_assert_cmpuint (status_of (users, "GET", "/api/users", token, NULL), ==, 403);

  g_assert_cmpuint (status_of (users, "PUT", path, users->admin, "{\"role\":\"admin\"}"), ==, 200);
  g_assert_cmpuint (status_of (users, "GET", "/api/users", token, NULL), ==, 200);

  /* Bad updates change nothing. */
  {
    struct
    {
      const char *body;
      const char *field;
    } bad[] = {
      { "{\"role\":\"owner\"}", "role" },
      { "{\"role\":null}", "role" },
      { "{}", "role" },
      { "{\"password\":\"short\"}", "password" },
      { "{\"email\":\"new@example.org\"}", "email" },
      { "{\"role\":\"seller\",\"password\":\"short\"}", "password" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autoptr(TixApiResponse) r = tix_api_request (&users->api, "PUT", path, users->admin,
                                                       bad[i].body);

        tix_api_assert_error (r, 400, bad[i].field);
      }
  }
  g_assert_cmpuint (status_of (users, "GET", "/api/users", token, NULL), ==, 200);
}

/* max_users */

static void
test_max_users (Users         *users,
                gconstpointer  data)
{
  g_autoptr(TixApiResponse) full = NULL;
  g_autoptr(JsonArray) list = NULL;
  g_autofree char *path = NULL;
  const char *message;
  gint64 second;

  second = add_user (users, "two@example.org", "Two", "seller");
  add_user (users, "three@example.org", "Three", "scanner");

  full = tix_api_request (&users->api, "POST", "/api/users", users->admin,
                          "{\"email\":\"four@example.org\",\"name\":\"Four\",\"password\":\""
                          TIX_API_PASSWORD "\",\"role\":\"scanner\"}");
  tix_api_assert_error (full, 409, NULL);
  message = tix_api_string (tix_api_object (full), "error");
  g_assert_nonnull (strstr (message, "maximum of 3 users"));
  g_assert_cmpuint (login_status (users, "four@example.org", TIX_API_PASSWORD), ==, 401);

  list = list_users (users, users->admin);
  g_assert_cmpuint (json_array_get_length (list), ==, 3);

  /* A place set free can be taken again. */
  path = g_strdup_printf ("/api/users/%" G_GINT64_FORMAT, second);
  g_assert_cmpuint (status_of (users, "DELETE", path, users->admin, NULL), ==, 200);
  add_user (users, "four@example.org", "Four", "scanner");
}

/* The last admin */

static void
test_last_admin (Users         *users,
                 gconstpointer  data)
{
  g_autofree char *self_path = g_strdup_printf ("/api/users/%" G_GINT64_FORMAT, users->admin_id);
  g_autofree char *other_path = NULL;
  g_autofree char *other = NULL;
  g_autoptr(JsonArray) list = NULL;
  gint64 other_id;
  const char * const demotions[] = { "{\"role\":\"seller\"}", "{\"role\":\"scanner\"}" };

  for (guint i = 0; i < G_N_ELEMENTS (demotions); i++)
    {
      g_autoptr(TixApiResponse) r = tix_api_request (&users->api, "PUT", self_path,
                                                     users->admin, demotions[i]);

      tix_api_assert_error (r, 409, NULL);
      g_assert_nonnull (strstr (tix_api_string (tix_api_object (r), "error"), "last admin"));
    }
  {
    g_autoptr(TixApiResponse) r = tix_api_request (&users->api, "DELETE", self_path,
                                                   users->admin, NULL);

    tix_api_assert_error (r, 409, NULL);
    g_assert_nonnull (strstr (tix_api_string (tix_api_object (r), "error"), "last admin"));
  }
  /* Staying admin is no change. */
  g_assert_cmpuint (status_of (users, "PUT", self_path, users->admin, "{\"role\":\"admin\"}"),
                    ==, 200);

  list = list_users (users, users->admin);
  g_assert_cmpstr (role_in (list, ADMIN_EMAIL), ==, "admin");
  g_assert_cmpuint (me_status (users, users->admin), ==, 200);

  /* With a second admin, the first may step down and the second may remove them. */
  other_id = add_user (users, "second@example.org", "Second", "admin");
  other = tix_api_login (&users->api, "second@example.org", TIX_API_PASSWORD);
  other_path = g_strdup_printf ("/api/users/%" G_GINT64_FORMAT, other_id);
  g_assert_cmpuint (status_of (users, "PUT", self_path, users->admin, "{\"role\":\"seller\"}"),
                    ==, 200);
  g_assert_cmpuint (status_of (users, "GET", "/api/users", users->admin, NULL), ==, 403);
  g_assert_cmpuint (status_of (users, "DELETE", other_path, other, NULL), ==, 409);
  g_assert_cmpuint (status_of (users, "DELETE", self_path, other, NULL), ==, 200);
  g_assert_cmpuint (me_status (users, users->admin), ==, 401);
}

/* Removing a user */

static void
test_remove_ends_sessions (Users         *users,
                           gconstpointer  data)
{
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *path = NULL;
  g_autoptr(JsonArray) sold = NULL;
  g_autoptr(JsonArray) list = NULL;
  gint64 id;

  id = add_user (users, "leaver@example.org", "Lee Leaver", "seller");
  first = tix_api_login (&users->api, "leaver@example.org", TIX_API_PASSWORD);
  second = tix_api_login (&users->api, "leaver@example.org", TIX_API_PASSWORD);
  sold = tix_api_generate (&users->api, first, "LEE", 2, NULL);
  g_assert_cmpuint (me_status (users, first), ==, 200);

  path = g_strdup_printf ("/api/users/%" G_GINT64_FORMAT, id);
  g_assert_cmpuint (status_of (users, "DELETE", path, users->admin, NULL), ==, 200);

  g_assert_cmpuint (me_status (users, first), ==, 401);
  g_assert_cmpuint (me_status (users, second), ==, 401);
  g_assert_cmpuint (status_of (users, "GET", "/api/tickets", second, NULL), ==, 401);
  g_assert_cmpuint (login_status (users, "leaver@example.org", TIX_API_PASSWORD), ==, 401);
  g_assert_cmpuint (status_of (users, "DELETE", path, users->admin, NULL), ==, 404);

  /* What they sold stays. */
  g_assert_cmpint (tix_api_list_total (&users->api, users->admin, NULL), ==, 2);
  list = list_users (users, users->admin);
  g_assert_cmpuint (json_array_get_length (list), ==, 1);

  /* The email is free again. */
  add_user (users, "leaver@example.org", "Lee Returns", "scanner");
}

/* Passwords */

static void
test_reset_password (Users         *users,
                     gconstpointer  data)
{
  g_autofree char *token = NULL;
  g_autofree char *path = NULL;
  gint64 id;

  id = add_user (users, "forgetful@example.org", "Fred", "seller");
  token = tix_api_login (&users->api, "forgetful@example.org", TIX_API_PASSWORD);
  path = g_strdup_printf ("/api/users/%" G_GINT64_FORMAT, id);

  g_assert_cmpuint (status_of (users, "PUT", path, users->admin,
                               "{\"password\":\"brand new secret\"}"), ==, 200);
  g_assert_cmpuint (me_status (users, token), ==, 401);
  g_assert_cmpuint (login_status (users, "forgetful@example.org", TIX_API_PASSWORD), ==, 401);
  g_assert_cmpuint (login_status (users, "forgetful@example.org", "brand new secret"), ==, 200);
  /* The admin's own session is untouched. */
  g_assert_cmpuint (me_status (users, users->admin), ==, 200);

  /* An admin resetting their own keeps this session and ends the others. */
  {
    g_autofree char *self_path = g_strdup_printf ("/api/users/%" G_GINT64_FORMAT,
                                                  users->admin_id);
    g_autofree char *elsewhere = tix_api_login (&users->api, ADMIN_EMAIL, TIX_API_PASSWORD);

    g_assert_cmpuint (status_of (users, "PUT", self_path, users->admin,
                                 "{\"password\":\"my own new secret\"}"), ==, 200);
    g_assert_cmpuint (me_status (users, users->admin), ==, 200);
    g_assert_cmpuint (me_status (users, elsewhere), ==, 401);
    g_assert_cmpuint (login_status (users, ADMIN_EMAIL, "my own new secret"), ==, 200);
  }
}

static void
test_own_password (Users         *users,
                   gconstpointer  data)
{
  g_autofree char *elsewhere = tix_api_login (&users->api, ADMIN_EMAIL, TIX_API_PASSWORD);
  struct
  {
    const char *body;
    const char *field;
  } bad[] = {
    { "{\"current_password\":\"not the password\",\"new_password\":\"another secret\"}",
      "current_password" },
    { "{\"current_password\":\"" TIX_API_PASSWORD "\",\"new_password\":\"short\"}",
      "new_password" },
    { "{\"new_password\":\"another secret\"}", "current_password" },
    { "{\"current_password\":\"" TIX_API_PASSWORD "\"}", "new_password" },
    { "{\"current_password\":\"" TIX_API_PASSWORD "\",\"new_password\":\"another secret\","
      "\"role\":\"admin\"}", "role" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(TixApiResponse) r = tix_api_request (&users->api, "PUT", "/api/auth/password",
                                                     users->admin, bad[i].body);

      tix_api_assert_error (r, 400, bad[i].field);
    }
  /* A wrong password is no reason to end the session. */
  g_assert_cmpuint (me_status (users, users->admin), ==, 200);
  g_assert_cmpuint (me_status (users, elsewhere), ==, 200);
  g_assert_cmpuint (status_of (users, "PUT", "/api/auth/password", NULL,
                               "{\"current_password\":\"" TIX_API_PASSWORD "\","
                               "\"new_password\":\"another secret\"}"), ==, 401);

  g_assert_cmpuint (status_of (users, "PUT", "/api/auth/password", users->admin,
                               "{\"current_password\":\"" TIX_API_PASSWORD "\","
                               "\"new_password\":\"another secret\"}"), ==, 200);
  g_assert_cmpuint (me_status (users, users->admin), ==, 200);
  g_assert_cmpuint (me_status (users, elsewhere), ==, 401);
  g_assert_cmpuint (login_status (users, ADMIN_EMAIL, TIX_API_PASSWORD), ==, 401);
  g_assert_cmpuint (login_status (users, ADMIN_EMAIL, "another secret"), ==, 200);
}

/* Guessing the password through a session counts like failed sign-ins. */
static void
test_own_password_throttled (Users         *users,
                             gconstpointer  data)
{
  const char *wrong = "{\"current_password\":\"guess guess\",\"new_password\":\"mine now!\"}";
  g_autoptr(TixApiResponse) locked = NULL;

  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(TixApiResponse) r = tix_api_request (&users->api, "PUT", "/api/auth/password",
                                                     users->admin, wrong);

      tix_api_assert_error (r, 400, "current_password");
    }
  locked = tix_api_request (&users->api, "PUT", "/api/auth/password", users->admin, wrong);
  tix_api_assert_error (locked, 429, NULL);
  g_assert_nonnull (tix_api_header (locked, "Retry-After"));
  g_assert_cmpuint (me_status (users, users->admin), ==, 200);
}

/* Sessions */

static void
test_logout_others (Users         *users,
                    gconstpointer  data)
{
  g_autofree char *laptop = tix_api_login (&users->api, ADMIN_EMAIL, TIX_API_PASSWORD);
  g_autofree char *phone = tix_api_login (&users->api, ADMIN_EMAIL, TIX_API_PASSWORD);
  g_autofree char *desk = tix_api_login (&users->api, ADMIN_EMAIL, TIX_API_PASSWORD);
  g_autofree char *seller = NULL;
  g_autoptr(TixApiResponse) r = NULL;

  add_user (users, "seller@example.org", "Sally", "seller");
  seller = tix_api_login (&users->api, "seller@example.org", TIX_API_PASSWORD);

  r = tix_api_request (&users->api, "POST", "/api/auth/logout-others", desk, NULL);
  tix_api_assert_status (r, 200);
  g_assert_true (json_object_get_boolean_member (tix_api_object (r), "success"));
  g_assert_cmpint (tix_api_int (tix_api_object (r), "ended"), ==, 3);

  g_assert_cmpuint (me_status (users, desk), ==, 200);
  g_assert_cmpuint (me_status (users, laptop), ==, 401);
  g_assert_cmpuint (me_status (users, phone), ==, 401);
  g_assert_cmpuint (me_status (users, users->admin), ==, 401);
  /* Other users keep theirs. */
  g_assert_cmpuint (me_status (users, seller), ==, 200);

  /* Again: nothing left to end. */
  {
    g_autoptr(TixApiResponse) again = tix_api_request (&users->api, "POST",
                                                       "/api/auth/logout-others", desk, NULL);

    tix_api_assert_status (again, 200);
    g_assert_cmpint (tix_api_int (tix_api_object (again), "ended"), ==, 0);
  }
  g_assert_cmpuint (status_of (users, "POST", "/api/auth/logout-others", NULL, NULL), ==, 401);
  g_assert_cmpuint (status_of (users, "GET", "/api/auth/logout-others", desk, NULL), ==, 405);
}

/* The audit log */

static JsonArray *
audit (Users      *users,
       const char *query)
{
  g_autofree char *path = g_strconcat ("/api/audit", query, NULL);
  g_autoptr(TixApiResponse) r = tix_api_request (&users->api, "GET", path, users->admin, NULL);
  JsonArray *entries;

  tix_api_assert_status (r, 200);
  entries = tix_api_array (r);
  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonObject *entry = json_array_get_object_element (entries, i);

      tix_api_assert_members (entry, (const char * const[]) { "id", "at", "user_id",
                                                              "user_name", "action", "detail",
                                                              NULL }, NULL);
      g_assert_true (tix_api_is_iso_time (tix_api_string (entry, "at")));
    }
  return json_array_ref (entries);
}

static void
test_audit (Users         *users,
            gconstpointer  data)
{
  const char * const expected[] = {
    /* newest first */
    "user-removed", "password-reset", "role-changed", "user-added", "settings-updated",
    "tickets-cleared", "ticket-deleted", "scan-undone",
  };
  g_autoptr(JsonArray) tickets = NULL;
  g_autoptr(JsonArray) entries = NULL;
  g_autoptr(JsonArray) first_page = NULL;
  g_autoptr(JsonArray) second_page = NULL;
  g_autofree char *path = NULL;
  g_autofree char *before = NULL;
  g_autofree char *seller = NULL;
  const char *first_id, *second_id;
  gint64 start = tix_time_now_ms (), end;
  gint64 id;

  tickets = tix_api_generate (&users->api, users->admin, "AUD", 3, NULL);
  first_id = tix_api_string (json_array_get_object_element (tickets, 0), "id");
  second_id = tix_api_string (json_array_get_object_element (tickets, 1), "id");

  /* Nothing yet: generating and scanning are not audited. */
  entries = audit (users, NULL);
  g_assert_cmpuint (json_array_get_length (entries), ==, 0);
  g_clear_pointer (&entries, json_array_unref);

  {
    g_autoptr(TixApiResponse) scan = tix_api_requestf (&users->api, "PUT", users->admin, NULL,
                                                       "/api/tickets/%s/scan", first_id);
    g_autoptr(TixApiResponse) unscan = tix_api_requestf (&users->api, "PUT", users->admin, NULL,
                                                         "/api/tickets/%s/unscan", first_id);
    g_autoptr(TixApiResponse) del = tix_api_requestf (&users->api, "DELETE", users->admin, NULL,
                                                      "/api/tickets/%s", second_id);

    tix_api_assert_status (scan, 200);
    tix_api_assert_status (unscan, 200);
    tix_api_assert_status (del, 200);
  }
  g_assert_cmpuint (status_of (users, "DELETE", "/api/tickets", users->admin, NULL), ==, 200);
  g_assert_cmpuint (status_of (users, "PUT", "/api/settings", users->admin,
                               "{\"event_name\":\"Gala\"}"), ==, 200);
  id = add_user (users, "temp@example.org", "Tim Temp", "seller");
  seller = tix_api_login (&users->api, "temp@example.org", TIX_API_PASSWORD);
  path = g_strdup_printf ("/api/users/%" G_GINT64_FORMAT, id);
  g_assert_cmpuint (status_of (users, "PUT", path, users->admin, "{\"role\":\"scanner\"}"), ==,
                    200);
  g_assert_cmpuint (status_of (users, "PUT", path, users->admin,
                               "{\"password\":\"temporary secret\"}"), ==, 200);
  g_assert_cmpuint (me_status (users, seller), ==, 401);
  g_assert_cmpuint (status_of (users, "DELETE", path, users->admin, NULL), ==, 200);
  end = tix_time_now_ms ();

  entries = audit (users, NULL);
  g_assert_cmpuint (json_array_get_length (entries), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      JsonObject *entry = json_array_get_object_element (entries, i);
      gint64 at = tix_api_parse_time (tix_api_string (entry, "at"));

      g_assert_cmpstr (tix_api_string (entry, "action"), ==, expected[i]);
      g_assert_cmpstr (tix_api_string (entry, "user_name"), ==, "Bea Boss");
      g_assert_cmpint (tix_api_int (entry, "user_id"), ==, users->admin_id);
      g_assert_cmpint (at, >=, start);
      g_assert_cmpint (at, <=, end);
      if (i > 0)
        g_assert_cmpint (tix_api_int (entry, "id"), <,
                         tix_api_int (json_array_get_object_element (entries, i - 1), "id"));
    }
  g_assert_cmpstr (tix_api_string (json_array_get_object_element (entries, 0), "detail"), ==,
                   "temp@example.org (scanner)");
  g_assert_cmpstr (tix_api_string (json_array_get_object_element (entries, 2), "detail"), ==,
                   "temp@example.org: seller → scanner");
  g_assert_cmpstr (tix_api_string (json_array_get_object_element (entries, 4), "detail"), ==,
                   "event_name");
  g_assert_cmpstr (tix_api_string (json_array_get_object_element (entries, 6), "detail"), ==,
                   "AUD-000002");
  g_assert_cmpstr (tix_api_string (json_array_get_object_element (entries, 7), "detail"), ==,
                   "AUD-000001");

  /* Pages: limit, then before the last id seen. */
  first_page = audit (users, "?limit=3");
  g_assert_cmpuint (json_array_get_length (first_page), ==, 3);
  before = g_strdup_printf ("?limit=100&before=%" G_GINT64_FORMAT,
                            tix_api_int (json_array_get_object_element (first_page, 2), "id"));
  second_page = audit (users, before);
  g_assert_cmpuint (json_array_get_length (second_page), ==, G_N_ELEMENTS (expected) - 3);
  g_assert_cmpstr (tix_api_string (json_array_get_object_element (second_page, 0), "action"), ==,
                   expected[3]);

  g_assert_cmpuint (status_of (users, "GET", "/api/audit?limit=abc", users->admin, NULL), ==,
                    400);
  g_assert_cmpuint (status_of (users, "GET", "/api/audit?limit=0", users->admin, NULL), ==, 400);
  g_assert_cmpuint (status_of (users, "GET", "/api/audit?before=-3", users->admin, NULL), ==,
                    400);
  g_assert_cmpuint (status_of (users, "GET", "/api/audit?limit=99999999", users->admin, NULL),
                    ==, 200);

  /* Another organization sees none of it. */
  {
    g_autofree char *other = tix_api_register (&users->api, "other@example.org", "Otto", NULL);
    g_autoptr(TixApiResponse) r = tix_api_request (&users->api, "GET", "/api/audit", other, NULL);

    tix_api_assert_status (r, 200);
    g_assert_cmpuint (json_array_get_length (tix_api_array (r)), ==, 0);
  }
}

/* The door report */

static JsonObject *
door (Users      *users,
      const char *token,
      const char *query)
{
  g_autofree char *path = g_strconcat ("/api/reports/door", query, NULL);
  g_autoptr(TixApiResponse) r = tix_api_request (&users->api, "GET", path, token, NULL);
  JsonObject *report;
  JsonArray *buckets;
  gint64 sum = 0, previous = 0;

  tix_api_assert_status (r, 200);
  report = tix_api_object (r);
  tix_api_assert_members (report, (const char * const[]) { "date", "time_zone",
                                                           "interval_minutes", "scanned",
                                                           "buckets", "busiest", "by_station",
                                                           "by_user", "inside", "arrivals",
                                                           "exits", "by_entrance", "refused",
                                                           "flow", NULL }, NULL);
  g_assert_cmpint (tix_api_int (report, "interval_minutes"), ==, 10);
  /* Door rules: as many intervals of arrivals and exits as of scans. */
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (report, "flow")), ==,
                    json_array_get_length (json_object_get_array_member (report, "buckets")));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (report, "by_entrance")),
                    >=, 1);
  buckets = json_object_get_array_member (report, "buckets");
  for (guint i = 0; i < json_array_get_length (buckets); i++)
    {
      JsonObject *bucket = json_array_get_object_element (buckets, i);
      gint64 start = tix_api_parse_time (tix_api_string (bucket, "start"));

      sum += tix_api_int (bucket, "scanned");
      if (i > 0)
        g_assert_cmpint (start - previous, ==, 600000);
      previous = start;
    }
  g_assert_cmpint (sum, ==, tix_api_int (report, "scanned"));
  return json_object_ref (report);
}

static void
scan_at_station (Users      *users,
                 const char *token,
                 const char *id,
                 const char *station)
{
  g_autofree char *path = g_strdup_printf ("/api/tickets/%s/scan", id);
  const char * const headers[] = { "X-Tix-Station", station, NULL };
  g_autoptr(TixApiResponse) r = tix_api_send (users->api.session, users->api.server->url, "PUT",
                                              path, token, headers, NULL, NULL, 0);

  tix_api_assert_status (r, 200);
}

static gint64
count_named (JsonArray  *list,
             const char *member,
             const char *value)
{
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *row = json_array_get_object_element (list, i);

      if (g_strcmp0 (tix_api_string_or_null (row, member), value) == 0)
        return tix_api_int (row, "scanned");
    }
  return 0;
}

static char *
today_in (const char *zone)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier (zone);
  g_autoptr(GDateTime) now = NULL;

  g_assert_nonnull (tz);
  now = g_date_time_new_now (tz);
  return g_date_time_format (now, "%Y-%m-%d");
}

#define STATION_A "0b5c2a10-8a3e-4d6e-9a57-1f0e6b1d2c3a"
#define STATION_B "6f1d2e3c-4b5a-4978-8695-a4b3c2d1e0f9"

static void
test_door (Users         *users,
           gconstpointer  data)
{
  g_autoptr(JsonArray) tickets = NULL;
  g_autoptr(JsonObject) report = NULL;
  g_autoptr(JsonObject) other_day = NULL;
  g_autofree char *seller = NULL;
  g_autofree char *today = NULL;
  g_autoptr(GHashTable) expected = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autofree gint64 *starts = NULL;
  JsonArray *buckets, *by_station, *by_user;
  JsonObject *busiest;
  gint64 from, max = 0;

  g_assert_cmpuint (status_of (users, "PUT", "/api/settings", users->admin,
                               "{\"time_zone\":\"UTC\"}"), ==, 200);
  add_user (users, "seller@example.org", "Sally Seller", "seller");
  seller = tix_api_login (&users->api, "seller@example.org", TIX_API_PASSWORD);
  tickets = tix_api_generate (&users->api, users->admin, "DOOR", 6, NULL);

  scan_at_station (users, users->admin,
                   tix_api_string (json_array_get_object_element (tickets, 0), "id"), STATION_A);
  scan_at_station (users, users->admin,
                   tix_api_string (json_array_get_object_element (tickets, 1), "id"), STATION_A);
  scan_at_station (users, seller,
                   tix_api_string (json_array_get_object_element (tickets, 2), "id"), STATION_A);
  scan_at_station (users, seller,
                   tix_api_string (json_array_get_object_element (tickets, 3), "id"), STATION_B);
  /* A scan undone does not count. */
  scan_at_station (users, seller,
                   tix_api_string (json_array_get_object_element (tickets, 4), "id"), STATION_B);
  {
    g_autoptr(TixApiResponse) r =
      tix_api_requestf (&users->api, "PUT", seller, NULL, "/api/tickets/%s/unscan",
                        tix_api_string (json_array_get_object_element (tickets, 4), "id"));

    tix_api_assert_status (r, 200);
  }

  today = today_in ("UTC");
  report = door (users, seller, NULL);
  g_assert_cmpstr (tix_api_string (report, "date"), ==, today);
  g_assert_cmpstr (tix_api_string (report, "time_zone"), ==, "UTC");
  g_assert_cmpint (tix_api_int (report, "scanned"), ==, 4);
  buckets = json_object_get_array_member (report, "buckets");
  g_assert_cmpuint (json_array_get_length (buckets), ==, 144);

  /* Each scan in the interval its scanned_at falls in. */
  from = tix_api_parse_time (tix_api_string (json_array_get_object_element (buckets, 0),
                                             "start"));
  {
    g_autofree char *midnight = g_strdup_printf ("%sT00:00:00.000Z", today);
    g_assert_cmpstr (tix_api_string (json_array_get_object_element (buckets, 0), "start"), ==,
                     midnight);
  }
  starts = g_new0 (gint64, 144);
  for (guint i = 0; i < 4; i++)
    {
      const char *id = tix_api_string (json_array_get_object_element (tickets, i), "id");
      g_autoptr(JsonObject) ticket = tix_api_get_ticket (&users->api, users->admin, id);
      gint64 at = tix_api_parse_time (tix_api_string (ticket, "scanned_at"));

      starts[(at - from) / 600000]++;
    }
  for (guint i = 0; i < 144; i++)
    {
      g_assert_cmpint (tix_api_int (json_array_get_object_element (buckets, i), "scanned"), ==,
                       starts[i]);
      max = MAX (max, starts[i]);
    }
  busiest = json_object_get_object_member (report, "busiest");
  g_assert_nonnull (busiest);
  g_assert_cmpint (tix_api_int (busiest, "scanned"), ==, max);

  by_station = json_object_get_array_member (report, "by_station");
  g_assert_cmpuint (json_array_get_length (by_station), ==, 2);
  g_assert_cmpstr (tix_api_string (json_array_get_object_element (by_station, 0), "station"), ==,
                   STATION_A);
  g_assert_cmpint (count_named (by_station, "station", STATION_A), ==, 3);
  g_assert_cmpint (count_named (by_station, "station", STATION_B), ==, 1);

  by_user = json_object_get_array_member (report, "by_user");
  g_assert_cmpuint (json_array_get_length (by_user), ==, 2);
  g_assert_cmpint (count_named (by_user, "name", "Bea Boss"), ==, 2);
  g_assert_cmpint (count_named (by_user, "name", "Sally Seller"), ==, 2);
  g_assert_cmpint (tix_api_int (json_array_get_object_element (by_user, 0), "user_id"), >, 0);

  /* The same day asked by date; another day is empty. */
  {
    g_autofree char *query = g_strdup_printf ("?date=%s", today);
    g_autoptr(JsonObject) again = door (users, users->admin, query);

    g_assert_cmpint (tix_api_int (again, "scanned"), ==, 4);
  }
  other_day = door (users, users->admin, "?date=2020-02-29");
  g_assert_cmpstr (tix_api_string (other_day, "date"), ==, "2020-02-29");
  g_assert_cmpint (tix_api_int (other_day, "scanned"), ==, 0);
  g_assert_true (tix_api_is_null (other_day, "busiest"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (other_day,
                                                                         "by_station")), ==, 0);

  {
    const char * const bad[] = { "?date=2021-02-29", "?date=today", "?date=2026-1-5",
                                 "?date=2026-11-25T00:00" };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autofree char *path = g_strconcat ("/api/reports/door", bad[i], NULL);
        g_autoptr(TixApiResponse) r = tix_api_request (&users->api, "GET", path,
                                                       users->admin, NULL);

        tix_api_assert_error (r, 400, "date");
      }
  }
}

/* A day in the organization's time zone: +14 h and −11 h from UTC are never
 * on the same date, and each counts today's scans as today's. */
static void
test_door_time_zones (Users         *users,
                      gconstpointer  data)
{
  const char * const zones[] = { "Pacific/Kiritimati", "Pacific/Pago_Pago", "Asia/Kolkata" };
  g_autoptr(JsonArray) tickets = NULL;
  g_autoptr(GPtrArray) dates = g_ptr_array_new_with_free_func (g_free);

  tickets = tix_api_generate (&users->api, users->admin, "TZ", 3, NULL);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(TixApiResponse) r =
        tix_api_requestf (&users->api, "PUT", users->admin, NULL, "/api/tickets/%s/scan",
                          tix_api_string (json_array_get_object_element (tickets, i), "id"));

      tix_api_assert_status (r, 200);
    }

  for (guint i = 0; i < G_N_ELEMENTS (zones); i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"time_zone\":\"%s\"}", zones[i]);
      g_autoptr(JsonObject) report = NULL;
      g_autoptr(JsonObject) yesterday_report = NULL;
      g_autoptr(TixApiResponse) daily = NULL;
      g_autoptr(GTimeZone) tz = g_time_zone_new_identifier (zones[i]);
      g_autoptr(GDateTime) now = g_date_time_new_now (tz);
      g_autoptr(GDateTime) midnight = NULL;
      g_autoptr(GDateTime) yesterday = NULL;
      g_autofree char *yesterday_query = NULL;
      g_autofree char *label = NULL;
      JsonObject *row, *first;
      char *today;

      g_assert_cmpuint (status_of (users, "PUT", "/api/settings", users->admin, body), ==, 200);
      today = today_in (zones[i]);
      g_ptr_array_add (dates, today);

      report = door (users, users->admin, NULL);
      g_assert_cmpstr (tix_api_string (report, "date"), ==, today);
      g_assert_cmpstr (tix_api_string (report, "time_zone"), ==, zones[i]);
      g_assert_cmpint (tix_api_int (report, "scanned"), ==, 2);

      /* The first interval starts at local midnight. */
      midnight = g_date_time_new (tz, g_date_time_get_year (now), g_date_time_get_month (now),
                                  g_date_time_get_day_of_month (now), 0, 0, 0);
      first = json_array_get_object_element (json_object_get_array_member (report, "buckets"), 0);
      g_assert_cmpint (tix_api_parse_time (tix_api_string (first, "start")), ==,
                       g_date_time_to_unix (midnight) * 1000);

      /* The day before holds none of them. */
      yesterday = g_date_time_add_days (midnight, -1);
      label = g_date_time_format (yesterday, "%Y-%m-%d");
      yesterday_query = g_strdup_printf ("?date=%s", label);
      yesterday_report = door (users, users->admin, yesterday_query);
      g_assert_cmpint (tix_api_int (yesterday_report, "scanned"), ==, 0);

      /* The daily report agrees: today's row counts today's scans. */
      daily = tix_api_request (&users->api, "GET", "/api/reports/daily", users->admin, NULL);
      tix_api_assert_status (daily, 200);
      row = json_array_get_object_element (tix_api_array (daily), 0);
      g_assert_cmpstr (tix_api_string (row, "date"), ==, today);
      g_assert_cmpint (tix_api_int (row, "generated"), ==, 3);
      g_assert_cmpint (tix_api_int (row, "scanned"), ==, 2);
      row = json_array_get_object_element (tix_api_array (daily), 1);
      g_assert_cmpstr (tix_api_string (row, "date"), ==, label);
      g_assert_cmpint (tix_api_int (row, "scanned"), ==, 0);
    }

  /* 25 hours apart: the date label moved. */
  g_assert_cmpstr (g_ptr_array_index (dates, 0), !=, g_ptr_array_index (dates, 1));
}

static void
add_test (const char *path,
          void (*setup) (Users *, gconstpointer),
          void (*test) (Users *, gconstpointer))
{
  g_test_add (path, Users, NULL, setup, test, users_teardown);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  add_test ("/tix/users/add-and-list", users_setup, test_add_and_list);
  add_test ("/tix/users/other-organization", users_setup, test_other_organization);
  add_test ("/tix/users/roles", users_setup, test_roles);
  add_test ("/tix/users/role-change", users_setup, test_role_change);
  add_test ("/tix/users/max-users", users_setup_small, test_max_users);
  add_test ("/tix/users/last-admin", users_setup, test_last_admin);
  add_test ("/tix/users/remove-ends-sessions", users_setup, test_remove_ends_sessions);
  add_test ("/tix/users/password/reset", users_setup, test_reset_password);
  add_test ("/tix/users/password/own", users_setup, test_own_password);
  add_test ("/tix/users/password/throttled", users_setup, test_own_password_throttled);
  add_test ("/tix/users/logout-others", users_setup, test_logout_others);
  add_test ("/tix/users/audit", users_setup, test_audit);
  add_test ("/tix/users/door", users_setup, test_door);
  add_test ("/tix/users/door/time-zones", users_setup, test_door_time_zones);

  return g_test_run ();
}
