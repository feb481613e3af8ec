/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-server-users"

#include "config.h"

#include "tix-password.h"
#include "tix-server-private.h"
#include "tix-time.h"
#include "tix-validate.h"

/* Users and roles (admin) and the audit log. */

#define AUDIT_DEFAULT_LIMIT   100
#define AUDIT_MAX_LIMIT       1000

/* Store errors with the field they concern. */
static void
reply_store_error (SoupServerMessage *msg,
                   const GError      *error)
{
  if (g_error_matches (error, TIX_STORE_ERROR, TIX_STORE_ERROR_EXISTS))
    tix_server_reply_error (msg, SOUP_STATUS_CONFLICT, "email", "%s", error->message);
  else
    tix_server_reply_gerror (msg, error);
}

static TixUser *
authenticate_admin (TixServer         *self,
                    SoupServerMessage *msg)
{
  g_autoptr(TixUser) user = tix_server_authenticate (self, msg);

  if (user == NULL || !tix_server_require_role (msg, user, "admin"))
    return NULL;
  return g_steal_pointer (&user);
}

static gboolean
check_role (SoupServerMessage *msg,
            const char        *role)
{
  if (tix_validate_role (role))
    return TRUE;

  tix_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "role",
                          "Role must be admin, seller or scanner");
  return FALSE;
}

/* The user named by /api/users/:id in the organization of @actor, or NULL
 * after replying 404. */
static TixUser *
path_user (TixServer         *self,
           SoupServerMessage *msg,
           TixRoute          *route,
           TixUser           *actor)
{
  g_autoptr(TixUser) user = NULL;
  g_autoptr(GError) error = NULL;
  guint64 id = 0;

  if (!g_ascii_string_to_unsigned (route->segments[2], 10, 1, G_MAXINT64, &id, NULL))
    {
      tix_server_reply_error (msg, SOUP_STATUS_NOT_FOUND, NULL, "No such user");
      return NULL;
    }

  user = tix_store_get_user (self->store, (gint64) id, &error);
  if (user == NULL && !g_error_matches (error, TIX_STORE_ERROR, TIX_STORE_ERROR_NOT_FOUND))
    {
      tix_server_reply_gerror (msg, error);
      return NULL;
    }
  if (user == NULL ||
      tix_user_get_organization_id (user) != tix_user_get_organization_id (actor))
    {
      tix_server_reply_error (msg, SOUP_STATUS_NOT_FOUND, NULL, "No such user");
      return NULL;
    }

  return g_steal_pointer (&user);
}

/* GET /api/users */

static void
handle_list (TixServer         *self,
             SoupServerMessage *msg)
{
  g_autoptr(TixUser) actor = authenticate_admin (self, msg);
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(GPtrArray) users = NULL;
  g_autoptr(GError) error = NULL;

  if (actor == NULL)
    return;

  users = tix_store_list_users (self->store, tix_user_get_organization_id (actor), &error);
  if (users == NULL)
    {
      tix_server_reply_gerror (msg, error);
      return;
    }

  builder = json_builder_new_immutable ();
  json_builder_begin_array (builder);
  for (guint i = 0; i < users->len; i++)
    tix_user_to_json (g_ptr_array_index (users, i), builder);
  json_builder_end_array (builder);
  tix_server_reply_builder (msg, SOUP_STATUS_OK, builder);
}

/* POST /api/users */

static void
add_hashed (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(TixServerPasswordJob) job = user_data;
  g_autofree char *hash = tix_server_password_job_hash_finish (job, result);
  g_autoptr(TixUser) user = NULL;
  g_autoptr(GError) error = NULL;

  if (hash == NULL)
    return;

  user = tix_store_add_user (job->server->store, job->user, job->email, job->name,
                             job->role, hash, tix_time_now_ms (), &error);
  if (user == NULL)
    {
      reply_store_error (job->msg, error);
      return;
    }

  tix_server_reply_user (job->msg, SOUP_STATUS_CREATED, user);
}

static void
handle_add (TixServer         *self,
            SoupServerMessage *msg)
{
  static const char * const allowed[] = { "email", "name", "password", "role", NULL };
  g_autoptr(TixUser) actor = authenticate_admin (self, msg);
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(TixUser) existing = NULL;
  const char *email = NULL, *name = NULL, *password = NULL, *role = NULL;
  const char *message = NULL;
  TixServerPasswordJob *job;

  if (actor == NULL)
    return;

  body = tix_server_read_object (msg);
  if (body == NULL || !tix_server_check_members (msg, body, allowed))
    return;

  if (!tix_server_get_string (msg, body, "email", TRUE, &email) ||
      !tix_server_get_string (msg, body, "name", TRUE, &name) ||
      !tix_server_get_string (msg, body, "password", TRUE, &password) ||
      !tix_server_get_string (msg, body, "role", TRUE, &role))
    return;

  if (!tix_validate_email (email, &message))
    {
      tix_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "email", "%s", message);
      return;
    }
  if (!tix_validate_name (name, &message))
    {
      tix_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "name", "%s", message);
      return;
    }
  if (!tix_server_check_password (msg, "password", password) || !check_role (msg, role))
    return;

  /* Answer the common mistake before spending a hash on it. */
  existing = tix_store_find_user_by_email (self->store, email, NULL, NULL);
  if (existing != NULL)
    {
      tix_server_reply_error (msg, SOUP_STATUS_CONFLICT, "email",
                              "An account with this email already exists");
      return;
    }

  job = tix_server_password_job_new (self, msg, actor);
  job->email = g_strdup (email);
  job->name = g_strdup (name);
  job->role = g_strdup (role);
  tix_password_hash_async (password, self->fast_password_hashing, self->cancellable,
                           add_hashed, job);
}

/* PUT /api/users/:id */

static void
update_hashed (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(TixServerPasswordJob) job = user_data;
  g_autofree char *hash = tix_server_password_job_hash_finish (job, result);
  g_autoptr(TixUser) user = NULL;
  g_autoptr(GError) error = NULL;

  if (hash == NULL)
    return;

  if (!tix_store_set_user_password (job->server->store, job->user, job->target_id, hash,
                                    job->keep_token_hash, tix_time_now_ms (), &error))
    {
      tix_server_reply_gerror (job->msg, error);
      return;
    }
  tix_server_sessions_changed (job->server, job->target_id);
  if ((user = tix_store_get_user (job->server->store, job->target_id, &error)) == NULL)
    {
      tix_server_reply_gerror (job->msg, error);
      return;
    }

  tix_server_reply_user (job->msg, SOUP_STATUS_OK, user);
}

static void
handle_update (TixServer         *self,
               SoupServerMessage *msg,
               TixRoute          *route)
{
  static const char * const allowed[] = { "role", "password", NULL };
  g_autoptr(TixUser) actor = authenticate_admin (self, msg);
  g_autoptr(TixUser) user = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GError) error = NULL;
  const char *role = NULL, *password = NULL;
  TixServerPasswordJob *job;

  if (actor == NULL || (user = path_user (self, msg, route, actor)) == NULL)
    return;

  body = tix_server_read_object (msg);
  if (body == NULL || !tix_server_check_members (msg, body, allowed))
    return;

  if (!tix_server_get_string (msg, body, "role", FALSE, &role) ||
      !tix_server_get_string (msg, body, "password", FALSE, &password))
    return;
  if (role == NULL && password == NULL)
    {
      tix_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "role",
                              "Give a new role, a new password or both");
      return;
    }
  if ((role != NULL && !check_role (msg, role)) ||
      (password != NULL && !tix_server_check_password (msg, "password", password)))
    return;

  if (role != NULL)
    {
      g_autoptr(TixUser) changed = tix_store_set_user_role (self->store, actor,
                                                            tix_user_get_id (user), role,
                                                            tix_time_now_ms (), &error);

      if (changed == NULL)
        {
          tix_server_reply_gerror (msg, error);
          return;
        }
      g_set_object (&user, changed);
      /* Streams of the user connect again, as what the user now is. */
      tix_server_sessions_changed (self, tix_user_get_id (user));
    }

  if (password == NULL)
    {
      tix_server_reply_user (msg, SOUP_STATUS_OK, user);
      return;
    }

  /* A reset password ends the user's sessions; an admin resetting their own
   * keeps this one. */
  job = tix_server_password_job_new (self, msg, actor);
  job->target_id = tix_user_get_id (user);
  if (job->target_id == tix_user_get_id (actor))
    job->keep_token_hash = tix_server_request_token_hash (msg);
  tix_password_hash_async (password, self->fast_password_hashing, self->cancellable,
                           update_hashed, job);
}

/* DELETE /api/users/:id */

static void
handle_remove (TixServer         *self,
               SoupServerMessage *msg,
               TixRoute          *route)
{
  g_autoptr(TixUser) actor = authenticate_admin (self, msg);
  g_autoptr(TixUser) user = NULL;
  g_autoptr(GError) error = NULL;

  if (actor == NULL || (user = path_user (self, msg, route, actor)) == NULL)
    return;

  if (!tix_store_remove_user (self->store, actor, tix_user_get_id (user), tix_time_now_ms (),
                              &error))
    {
      tix_server_reply_gerror (msg, error);
      return;
    }
  tix_server_sessions_changed (self, tix_user_get_id (user));

  tix_server_reply_success (msg);
}

/* GET /api/audit?limit&before */

static void
handle_audit (TixServer         *self,
              SoupServerMessage *msg,
              TixRoute          *route)
{
  g_autoptr(TixUser) actor = authenticate_admin (self, msg);
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(GError) error = NULL;
  gint64 limit, before;

  if (actor == NULL ||
      !tix_server_query_int (msg, route->query, "limit", AUDIT_DEFAULT_LIMIT, 1, G_MAXINT64,
                             &limit) ||
      !tix_server_query_int (msg, route->query, "before", 0, 1, G_MAXINT64, &before))
    return;

  entries = tix_store_list_audit (self->store, tix_user_get_organization_id (actor), before,
                                  (guint) MIN (limit, AUDIT_MAX_LIMIT), &error);
  if (entries == NULL)
    {
      tix_server_reply_gerror (msg, error);
      return;
    }

  builder = json_builder_new_immutable ();
  json_builder_begin_array (builder);
  for (guint i = 0; i < entries->len; i++)
    tix_audit_entry_to_json (g_ptr_array_index (entries, i), builder);
  json_builder_end_array (builder);
  tix_server_reply_builder (msg, SOUP_STATUS_OK, builder);
}

gboolean
tix_server_route_users (TixServer         *self,
                        SoupServerMessage *msg,
                        TixRoute          *route)
{
  if (tix_route_is (route, "GET", "/api/users"))
    handle_list (self, msg);
  else if (tix_route_is (route, "POST", "/api/users"))
    handle_add (self, msg);
  else if (tix_route_is (route, "PUT", "/api/users/*"))
    handle_update (self, msg, route);
  else if (tix_route_is (route, "DELETE", "/api/users/*"))
    handle_remove (self, msg, route);
  else if (tix_route_is (route, "GET", "/api/audit"))
    handle_audit (self, msg, route);
  else
    return FALSE;

  return TRUE;
}
