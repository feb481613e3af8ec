/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-server-auth"

#include "config.h"

#include "tix-password.h"
#include "tix-server-private.h"
#include "tix-time.h"
#include "tix-validate.h"

/* A request waiting for a password hash on a worker thread. */
typedef struct
{
  TixServer         *server;
  SoupServerMessage *msg;
  char              *email;
  char              *name;
  char              *organization_name;
  char              *account_key;
  char              *address_key;
  TixUser           *user;
} AuthJob;

static AuthJob *
auth_job_new (TixServer         *server,
              SoupServerMessage *msg)
{
  AuthJob *job = g_new0 (AuthJob, 1);

  job->server = g_object_ref (server);
  job->msg = g_object_ref (msg);
  soup_server_message_pause (msg);
  return job;
}

static void
auth_job_free (AuthJob *job)
{
  soup_server_message_unpause (job->msg);
  g_object_unref (job->msg);
  g_object_unref (job->server);
  g_clear_object (&job->user);
  g_free (job->email);
  g_free (job->name);
  g_free (job->organization_name);
  g_free (job->account_key);
  g_free (job->address_key);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AuthJob, auth_job_free)

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

static void
reply_user (SoupServerMessage *msg,
            TixUser           *user)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "user");
  tix_user_to_json (user, builder);
  json_builder_end_object (builder);
  tix_server_reply_builder (msg, SOUP_STATUS_OK, builder);
}

/* Register */

static void
register_hashed (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(AuthJob) job = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = tix_password_hash_finish (result, &error);
  g_autoptr(TixUser) user = NULL;

  if (hash == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        tix_server_reply_gerror (job->msg, error);
      return;
    }

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
  AuthJob *job;

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
      g_autofree char *retry = g_strdup_printf ("%" G_GINT64_FORMAT, wait);

      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Retry-After", retry);
      tix_server_reply_error (msg, 429, NULL,
                              "Too many registrations from this address. Try again in %"
                              G_GINT64_FORMAT " seconds.", wait);
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
  if (!tix_validate_password (password, &message))
    {
      tix_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "password", "%s", message);
      return;
    }
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

  job = auth_job_new (self, msg);
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
  g_autoptr(AuthJob) job = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(TixUser) user = NULL;

  if (!tix_password_verify_finish (result, &error))
    {
      if (error == NULL)
        {
          gint64 now = tix_time_now_ms ();

          tix_throttle_failure (job->server->account_failures, job->account_key, now);
          tix_throttle_failure (job->server->address_failures, job->address_key, now);
          tix_server_reply_error (job->msg, SOUP_STATUS_UNAUTHORIZED, NULL,
                                  "Wrong email or password");
        }
      else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        tix_server_reply_gerror (job->msg, error);
      return;
    }

  if (job->user == NULL)
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
  AuthJob *job;
  TixUser *user;

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
      g_autofree char *retry = g_strdup_printf ("%" G_GINT64_FORMAT, wait);

      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Retry-After", retry);
      tix_server_reply_error (msg, 429, NULL,
                              "Too many failed sign-ins. Try again in %" G_GINT64_FORMAT
                              " seconds.", wait);
      return;
    }

  user = tix_store_find_user_by_email (self->store, email, &hash, &error);
  if (user == NULL && !g_error_matches (error, TIX_STORE_ERROR, TIX_STORE_ERROR_NOT_FOUND))
    {
      tix_server_reply_gerror (msg, error);
      return;
    }

  job = auth_job_new (self, msg);
  job->user = user;
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
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  g_autoptr(TixUser) user = tix_server_authenticate (self, msg);
  g_autoptr(GError) error = NULL;
  g_autofree char *token_hash = NULL;

  if (user == NULL)
    return;

  /* authenticate() checked the header's form. */
  token_hash = tix_password_hash_token (soup_message_headers_get_one (headers,
                                                                      "Authorization") + 7);
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
    reply_user (msg, user);
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
  else
    return FALSE;

  return TRUE;
}
