/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-server-auth"

#include "config.h"

#include <string.h>

#include "tix-password.h"
#include "tix-server-private.h"
#include "tix-time.h"
#include "tix-validate.h"

/* Sign-in and sessions: registering, signing in and out, one's own
 * password, ending one's other sessions; and the password work the users'
 * handlers share (TixServerPasswordJob). */

TixServerPasswordJob *
tix_server_password_job_new (TixServer         *server,
                             SoupServerMessage *msg,
                             TixUser           *user)
{
  TixServerPasswordJob *job = g_new0 (TixServerPasswordJob, 1);

  job->server = g_object_ref (server);
  job->msg = g_object_ref (msg);
  job->user = user != NULL ? g_object_ref (user) : NULL;
  soup_server_message_pause (msg);
  return job;
}

void
tix_server_password_job_free (TixServerPasswordJob *job)
{
  soup_server_message_unpause (job->msg);
  g_object_unref (job->msg);
  g_object_unref (job->server);
  g_clear_object (&job->user);
  g_free (job->email);
  g_free (job->name);
  g_free (job->role);
  g_free (job->organization_name);
  if (job->new_password != NULL)
    memset (job->new_password, 0, strlen (job->new_password));
  g_free (job->new_password);
  g_free (job->keep_token_hash);
  g_free (job->account_key);
  g_free (job->address_key);
  g_free (job);
}

char *
tix_server_password_job_hash_finish (TixServerPasswordJob *job,
                                     GAsyncResult         *result)
{
  g_autoptr(GError) error = NULL;
  char *hash = tix_password_hash_finish (result, &error);

  if (hash == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    tix_server_reply_gerror (job->msg, error);
  return hash;
}

gboolean
tix_server_password_job_verify_finish (TixServerPasswordJob *job,
                                       GAsyncResult         *result,
                                       gboolean             *matched)
{
  g_autoptr(GError) error = NULL;

  *matched = tix_password_verify_finish (result, &error);
  if (error == NULL)
    return TRUE;

  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    tix_server_reply_gerror (job->msg, error);
  return FALSE;
}

static void
reply_session (TixServer         *self,
               SoupServerMessage *msg,
               guint              status,
               TixUser           *user)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(GError) error = NULL;
  g_autofree char *token = tix_password_new_token ();
  g_autofree char *token_hash = tix_password_hash_token (token);

  if (!tix_store_add_session (self->store, token_hash, tix_user_get_id (user),
                              tix_time_now_ms () + self->token_ttl_ms, &error))
    {
      tix_server_reply_gerror (msg, error);
      return;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "token");
  json_builder_add_string_value (builder, token);
  json_builder_set_member_name (builder, "user");
  tix_user_to_json (user, builder);
  json_builder_end_object (builder);
  tix_server_reply_builder (msg, status, builder);
}

/* Register */

static void
register_hashed (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(TixServerPasswordJob) job = user_data;
  g_autofree char *hash = tix_server_password_job_hash_finish (job, result);
  g_autoptr(TixUser) user = NULL;
  g_autoptr(GError) error = NULL;

  if (hash == NULL)
    return;

  user = tix_store_create_organization (job->server->store, job->organization_name,
                                        job->email, job->name, hash,
                                        job->server->max_users, &error);
  if (user == NULL)
    {
      if (g_error_matches (error, TIX_STORE_ERROR, TIX_STORE_ERROR_EXISTS))
        tix_server_reply_error (job->msg, SOUP_STATUS_CONFLICT, "email",
                                "An account with this email already exists");
      else
        tix_server_reply_gerror (job->msg, error);
      return;
    }

  reply_session (job->server, job->msg, SOUP_STATUS_CREATED, user);
}

static const char *
organization_member (JsonObject  *body,
                     GError     **error)
{
  static const char * const names[] = { "organization_name", "organizationName", "organization" };
  const char *value = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      if (!tix_json_get_string (body, names[i], FALSE, &value, error))
        return NULL;
      if (value != NULL && *value != '\0')
        return value;
    }
  return NULL;
}

static void
handle_register (TixServer         *self,
                 SoupServerMessage *msg)
{
  g_autoptr(JsonObject) body = tix_server_read_object (msg);
  g_autoptr(GError) error = NULL;
  g_autoptr(TixUser) existing = NULL;
  const char *email = NULL, *password = NULL, *name = NULL, *organization;
  const char *message = NULL;
  g_autofree char *address_key = NULL;
  gint64 wait;
  TixServerPasswordJob *job;

  if (self->no_register)
    {
      tix_server_reply_error (msg, SOUP_STATUS_FORBIDDEN, NULL,
                              "Registration is turned off on this server: ask an admin "
                              "to add you");
      return;
    }

  /* Throttled per address as sign-in is: every well formed attempt counts,
   * made or refused (a taken email tells that it exists). */
  address_key = tix_server_client_address (self, msg);
  if (address_key == NULL)
    address_key = g_strdup ("-");
  wait = tix_throttle_wait (self->registrations, address_key, tix_time_now_ms ());
  if (wait > 0)
    {
      tix_server_reply_retry_after (msg, wait, "Too many registrations from this address");
      return;
    }

  if (body == NULL)
    return;

  if (!tix_server_get_string (msg, body, "email", TRUE, &email) ||
      !tix_server_get_string (msg, body, "password", TRUE, &password) ||
      !tix_server_get_string (msg, body, "name", TRUE, &name))
    return;
  tix_throttle_failure (self->registrations, address_key, tix_time_now_ms ());
  organization = organization_member (body, &error);
  if (error != NULL)
    {
      tix_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "organization_name", "%s",
                              error->message);
      return;
    }

  if (!tix_validate_email (email, &message))
    {
      tix_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "email", "%s", message);
      return;
    }
  if (!tix_server_check_password (msg, "password", password))
    return;
  if (!tix_validate_name (name, &message))
    {
      tix_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "name", "%s", message);
      return;
    }
  if (organization != NULL && !tix_validate_name (organization, &message))
    {
      tix_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "organization_name",
                              "Organization name is not valid");
      return;
    }

  /* Answer the common mistake before spending a hash on it. */
  existing = tix_store_find_user_by_email (self->store, email, NULL, NULL);
  if (existing != NULL)
    {
      tix_server_reply_error (msg, SOUP_STATUS_CONFLICT, "email",
                              "An account with this email already exists");
      return;
    }

  job = tix_server_password_job_new (self, msg, NULL);
  job->email = g_strdup (email);
  job->name = g_strdup (name);
  job->organization_name = organization != NULL
    ? g_strdup (organization)
    : g_strdup_printf ("%s's organization", name);

  tix_password_hash_async (password, self->fast_password_hashing, self->cancellable,
                           register_hashed, job);
}

/* Login */

static void
login_verified (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(TixServerPasswordJob) job = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(TixUser) user = NULL;
  gboolean matched;

  if (!tix_server_password_job_verify_finish (job, result, &matched))
    return;

  /* An unknown email was verified against nothing: it never matches. */
  if (!matched || job->user == NULL)
    {
      gint64 now = tix_time_now_ms ();

      tix_throttle_failure (job->server->account_failures, job->account_key, now);
      tix_throttle_failure (job->server->address_failures, job->address_key, now);
      tix_server_reply_error (job->msg, SOUP_STATUS_UNAUTHORIZED, NULL,
                              "Wrong email or password");
      return;
    }

  tix_throttle_success (job->server->account_failures, job->account_key);
  tix_throttle_success (job->server->address_failures, job->address_key);

  /* Read the user again: the role may have changed while we hashed. */
  user = tix_store_get_user (job->server->store, tix_user_get_id (job->user), &error);
  if (user == NULL)
    {
      tix_server_reply_error (job->msg, SOUP_STATUS_UNAUTHORIZED, NULL,
                              "Wrong email or password");
      return;
    }

  reply_session (job->server, job->msg, SOUP_STATUS_OK, user);
}

static void
handle_login (TixServer         *self,
              SoupServerMessage *msg)
{
  g_autoptr(JsonObject) body = tix_server_read_object (msg);
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *account_key = NULL;
  g_autofree char *address_key = NULL;
  const char *email = NULL, *password = NULL;
  gint64 wait;
  TixServerPasswordJob *job;
  g_autoptr(TixUser) user = NULL;

  if (body == NULL)
    return;

  if (!tix_server_get_string (msg, body, "email", TRUE, &email) ||
      !tix_server_get_string (msg, body, "password", TRUE, &password))
    return;

  account_key = g_utf8_casefold (email, -1);
  address_key = tix_server_client_address (self, msg);
  if (address_key == NULL)
    address_key = g_strdup ("-");
  wait = MAX (tix_throttle_wait (self->account_failures, account_key, tix_time_now_ms ()),
              tix_throttle_wait (self->address_failures, address_key, tix_time_now_ms ()));
  if (wait > 0)
    {
      tix_server_reply_retry_after (msg, wait, "Too many failed sign-ins");
      return;
    }

  user = tix_store_find_user_by_email (self->store, email, &hash, &error);
  if (user == NULL && !g_error_matches (error, TIX_STORE_ERROR, TIX_STORE_ERROR_NOT_FOUND))
    {
      tix_server_reply_gerror (msg, error);
      return;
    }

  job = tix_server_password_job_new (self, msg, user);
  job->account_key = g_steal_pointer (&account_key);
  job->address_key = g_steal_pointer (&address_key);
  tix_password_verify_async (password, hash, self->fast_password_hashing, self->cancellable,
                             login_verified, job);
}

/* Logout and me */

static void
handle_logout (TixServer         *self,
               SoupServerMessage *msg)
{
  g_autoptr(TixUser) user = tix_server_authenticate (self, msg);
  g_autoptr(GError) error = NULL;
  g_autofree char *token_hash = NULL;

  if (user == NULL)
    return;

  token_hash = tix_server_request_token_hash (msg);
  if (!tix_store_remove_session (self->store, token_hash, &error))
    {
      tix_server_reply_gerror (msg, error);
      return;
    }

  /* Its event streams end with it. */
  tix_server_sessions_changed (self, tix_user_get_id (user));
  tix_server_reply_success (msg);
}

static void
handle_me (TixServer         *self,
           SoupServerMessage *msg)
{
  g_autoptr(TixUser) user = tix_server_authenticate (self, msg);

  if (user != NULL)
    tix_server_reply_user (msg, SOUP_STATUS_OK, user);
}

/* PUT /api/auth/password */

static void
own_password_hashed (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(TixServerPasswordJob) job = user_data;
  g_autofree char *hash = tix_server_password_job_hash_finish (job, result);
  g_autoptr(GError) error = NULL;

  if (hash == NULL)
    return;

  if (!tix_store_set_user_password (job->server->store, job->user,
                                    tix_user_get_id (job->user), hash,
                                    job->keep_token_hash, tix_time_now_ms (), &error))
    {
      tix_server_reply_gerror (job->msg, error);
      return;
    }

  tix_server_sessions_changed (job->server, tix_user_get_id (job->user));
  tix_server_reply_success (job->msg);
}

static void
current_verified (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(TixServerPasswordJob) job = user_data;
  g_autofree char *new_password = NULL;
  TixServer *server;
  gboolean matched;

  if (!tix_server_password_job_verify_finish (job, result, &matched))
    return;
  if (!matched)
    {
      /* Guessing through a stolen session counts like failed sign-ins. */
      tix_throttle_failure (job->server->account_failures, job->account_key,
                            tix_time_now_ms ());
      /* Not 401: the session is fine, only the password typed is wrong. */
      tix_server_reply_error (job->msg, SOUP_STATUS_BAD_REQUEST, "current_password",
                              "The current password is wrong");
      return;
    }
  tix_throttle_success (job->server->account_failures, job->account_key);

  server = job->server;
  new_password = g_steal_pointer (&job->new_password);
  tix_password_hash_async (new_password, server->fast_password_hashing, server->cancellable,
                           own_password_hashed, g_steal_pointer (&job));
  memset (new_password, 0, strlen (new_password));
}

/* The local admin of standalone mode (tix_server_create_local_session())
 * gets a random password nobody knows: until a first one is set (changed
 * or reset, which the audit log records), it sets one without the current. */
#define LOCAL_ADMIN_EMAIL "local@tix.invalid"

static gboolean
never_had_password (TixServer  *self,
                    TixUser    *actor,
                    GError    **error)
{
  const char *email = tix_user_get_email (actor);
  gint64 before = 0;

  if (g_ascii_strcasecmp (email, LOCAL_ADMIN_EMAIL) != 0)
    return FALSE;

  /* Its random password was hashed at the cheapest cost (nobody types it);
   * a person's never is, unless the whole server hashes cheaply (tests).
   * So an account someone registered under that address does not pass. */
  if (!self->fast_password_hashing)
    {
      g_autofree char *hash = tix_store_get_password_hash (self->store,
                                                           tix_user_get_id (actor), error);

      if (hash == NULL || strstr (hash, "$m=8,t=1,") == NULL)
        return FALSE;
    }

  for (;;)
    {
      g_autoptr(GPtrArray) entries = tix_store_list_audit (self->store,
                                                           tix_user_get_organization_id (actor),
                                                           before, 500, error);

      if (entries == NULL)
        return FALSE;
      for (guint i = 0; i < entries->len; i++)
        {
          TixAuditEntry *entry = g_ptr_array_index (entries, i);
          const char *action = tix_audit_entry_get_action (entry);

          if ((g_strcmp0 (action, "password-changed") == 0 ||
               g_strcmp0 (action, "password-reset") == 0) &&
              g_ascii_strcasecmp (tix_audit_entry_get_detail (entry) ?: "", email) == 0)
            return FALSE;
          before = tix_audit_entry_get_id (entry);
        }
      if (entries->len < 500)
        return TRUE;
    }
}

static void
handle_change_password (TixServer         *self,
                        SoupServerMessage *msg)
{
  static const char * const allowed[] = { "current_password", "new_password", NULL };
  g_autoptr(TixUser) actor = tix_server_authenticate (self, msg);
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *account_key = NULL;
  const char *current = NULL, *new_password = NULL;
  gint64 wait;
  TixServerPasswordJob *job;

  if (actor == NULL)
    return;

  account_key = g_utf8_casefold (tix_user_get_email (actor), -1);
  wait = tix_throttle_wait (self->account_failures, account_key, tix_time_now_ms ());
  if (wait > 0)
    {
      tix_server_reply_retry_after (msg, wait, "Too many wrong passwords");
      return;
    }

  body = tix_server_read_object (msg);
  if (body == NULL || !tix_server_check_members (msg, body, allowed))
    return;

  if (!tix_server_get_string (msg, body, "current_password", FALSE, &current) ||
      !tix_server_get_string (msg, body, "new_password", TRUE, &new_password) ||
      !tix_server_check_password (msg, "new_password", new_password))
    return;

  if (current == NULL || *current == '\0')
    {
      if (!never_had_password (self, actor, &error))
        {
          if (error != NULL)
            tix_server_reply_gerror (msg, error);
          else
            tix_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "current_password",
                                    "The current password is required");
          return;
        }

      /* A first password: nothing to verify. */
      job = tix_server_password_job_new (self, msg, actor);
      job->keep_token_hash = tix_server_request_token_hash (msg);
      tix_password_hash_async (new_password, self->fast_password_hashing, self->cancellable,
                               own_password_hashed, job);
      return;
    }

  hash = tix_store_get_password_hash (self->store, tix_user_get_id (actor), &error);
  if (hash == NULL)
    {
      tix_server_reply_gerror (msg, error);
      return;
    }

  /* The other sessions end with the old password; this one goes on. */
  job = tix_server_password_job_new (self, msg, actor);
  job->new_password = g_strdup (new_password);
  job->keep_token_hash = tix_server_request_token_hash (msg);
  job->account_key = g_steal_pointer (&account_key);
  tix_password_verify_async (current, hash, self->fast_password_hashing, self->cancellable,
                             current_verified, job);
}

/* POST /api/auth/logout-others */

static void
handle_logout_others (TixServer         *self,
                      SoupServerMessage *msg)
{
  g_autoptr(TixUser) user = tix_server_authenticate (self, msg);
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token_hash = NULL;
  gint64 ended;

  if (user == NULL)
    return;

  token_hash = tix_server_request_token_hash (msg);
  ended = tix_store_remove_other_sessions (self->store, tix_user_get_id (user), token_hash,
                                           &error);
  if (ended < 0)
    {
      tix_server_reply_gerror (msg, error);
      return;
    }
  tix_server_sessions_changed (self, tix_user_get_id (user));

  builder = json_builder_new_immutable ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "success");
  json_builder_add_boolean_value (builder, TRUE);
  json_builder_set_member_name (builder, "ended");
  json_builder_add_int_value (builder, ended);
  json_builder_end_object (builder);
  tix_server_reply_builder (msg, SOUP_STATUS_OK, builder);
}

gboolean
tix_server_route_auth (TixServer         *self,
                       SoupServerMessage *msg,
                       TixRoute          *route)
{
  if (tix_route_is (route, "POST", "/api/auth/register"))
    handle_register (self, msg);
  else if (tix_route_is (route, "POST", "/api/auth/login"))
    handle_login (self, msg);
  else if (tix_route_is (route, "POST", "/api/auth/logout"))
    handle_logout (self, msg);
  else if (tix_route_is (route, "GET", "/api/auth/me"))
    handle_me (self, msg);
  else if (tix_route_is (route, "PUT", "/api/auth/password"))
    handle_change_password (self, msg);
  else if (tix_route_is (route, "POST", "/api/auth/logout-others"))
    handle_logout_others (self, msg);
  else
    return FALSE;

  return TRUE;
}
