/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-client"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "tix-client-private.h"
#include "tix-json.h"

/* Signing in and out, the signed-in user's password and sessions, and the
 * organization's users. */

/* {token, user} of login and register. */
typedef struct
{
  char    *token;
  TixUser *user;
} Auth;

static void
auth_free (Auth *auth)
{
  g_free (auth->token);
  g_clear_object (&auth->user);
  g_free (auth);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Auth, auth_free)

static gpointer
parse_auth (JsonNode  *root,
            GError   **error)
{
  g_autoptr(Auth) auth = g_new0 (Auth, 1);
  g_autoptr(GError) local_error = NULL;
  JsonObject *object = tix_client_root_object (root, error);
  const char *token = NULL;

  if (object == NULL)
    return NULL;

  if (!tix_json_get_string (object, "token", TRUE, &token, &local_error))
    {
      *error = tix_client_protocol_error (local_error->message);
      return NULL;
    }
  if (*token == '\0')
    {
      *error = tix_client_protocol_error (_("empty token"));
      return NULL;
    }
  auth->token = g_strdup (token);

  auth->user = tix_client_parse_user (tix_client_get_object_member (object, "user"), error);
  if (auth->user == NULL)
    return NULL;

  return g_steal_pointer (&auth);
}

static void
apply_auth (TixClient  *self,
            const char *sent_token,
            gpointer    result)
{
  Auth *auth = result;

  tix_client_set_session (self, auth->token, auth->user);
}

static const TixClientEndpoint auth_endpoint = {
  parse_auth, (GDestroyNotify) auth_free, apply_auth, TIX_CLIENT_CALL_DEFAULT,
};

static const TixClientEndpoint login_endpoint = {
  parse_auth, (GDestroyNotify) auth_free, apply_auth, TIX_CLIENT_CALL_LOGIN,
};

/* {user} */
static gpointer
parse_user_reply (JsonNode  *root,
                  GError   **error)
{
  JsonObject *object = tix_client_root_object (root, error);

  if (object == NULL)
    return NULL;

  return tix_client_parse_user (tix_client_get_object_member (object, "user"), error);
}

static void
apply_me (TixClient  *self,
          const char *sent_token,
          gpointer    result)
{
  /* Only if the session is still the one this call checked. */
  if (g_strcmp0 (sent_token, self->token) == 0)
    tix_client_set_session (self, self->token, result);
}

static const TixClientEndpoint me_endpoint = {
  parse_user_reply, g_object_unref, apply_me, TIX_CLIENT_CALL_DEFAULT,
};

static const TixClientEndpoint user_endpoint = {
  parse_user_reply, g_object_unref, NULL, TIX_CLIENT_CALL_DEFAULT,
};

static gpointer
parse_users (JsonNode  *root,
             GError   **error)
{
  return tix_client_parse_list (root, (TixClientItemFunc) tix_user_new_from_json,
                                _("not a list"), error);
}

static const TixClientEndpoint users_endpoint = {
  parse_users, (GDestroyNotify) g_ptr_array_unref, NULL, TIX_CLIENT_CALL_DEFAULT,
};

static const TixClientEndpoint logout_endpoint = { NULL, NULL, NULL, TIX_CLIENT_CALL_LOGOUT };

/* {success, ended} */
static gpointer
parse_ended (JsonNode  *root,
             GError   **error)
{
  return tix_client_parse_count (root, "ended", error);
}

static const TixClientEndpoint ended_endpoint = {
  parse_ended, g_free, NULL, TIX_CLIENT_CALL_DEFAULT,
};

static TixUser *
finish_auth (TixClient     *self,
             GAsyncResult  *result,
             gpointer       source_tag,
             GError       **error)
{
  g_autoptr(Auth) auth = tix_client_call_finish (self, result, source_tag, error);

  return auth != NULL ? g_object_ref (auth->user) : NULL;
}

void
tix_client_login_async (TixClient           *self,
                        const char          *email,
                        const char          *password,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;

  g_return_if_fail (TIX_IS_CLIENT (self));
  g_return_if_fail (email != NULL);
  g_return_if_fail (password != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  json_builder_begin_object (builder);
  tix_client_add_string (builder, "email", email);
  tix_client_add_string (builder, "password", password);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  tix_client_call (self, "POST", "/api/auth/login", body, &login_endpoint,
                   tix_client_login_async, cancellable, callback, user_data);
}

TixUser *
tix_client_login_finish (TixClient     *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  return finish_auth (self, result, tix_client_login_async, error);
}

void
tix_client_register_async (TixClient           *self,
                           const char          *email,
                           const char          *password,
                           const char          *name,
                           const char          *organization_name,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;

  g_return_if_fail (TIX_IS_CLIENT (self));
  g_return_if_fail (email != NULL);
  g_return_if_fail (password != NULL);
  g_return_if_fail (name != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  json_builder_begin_object (builder);
  tix_client_add_string (builder, "email", email);
  tix_client_add_string (builder, "password", password);
  tix_client_add_string (builder, "name", name);
  if (organization_name != NULL)
    tix_client_add_string (builder, "organization_name", organization_name);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  tix_client_call (self, "POST", "/api/auth/register", body, &auth_endpoint,
                   tix_client_register_async, cancellable, callback, user_data);
}

TixUser *
tix_client_register_finish (TixClient     *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  return finish_auth (self, result, tix_client_register_async, error);
}

void
tix_client_logout_async (TixClient           *self,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_return_if_fail (TIX_IS_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  tix_client_call (self, "POST", "/api/auth/logout", NULL, &logout_endpoint,
                   tix_client_logout_async, cancellable, callback, user_data);
}

gboolean
tix_client_logout_finish (TixClient     *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  return tix_client_call_finish_boolean (self, result, tix_client_logout_async, error);
}

void
tix_client_me_async (TixClient           *self,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_return_if_fail (TIX_IS_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  tix_client_call (self, "GET", "/api/auth/me", NULL, &me_endpoint,
                   tix_client_me_async, cancellable, callback, user_data);
}

TixUser *
tix_client_me_finish (TixClient     *self,
                      GAsyncResult  *result,
                      GError       **error)
{
  return tix_client_call_finish (self, result, tix_client_me_async, error);
}

void
tix_client_list_users_async (TixClient           *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (TIX_IS_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  tix_client_call (self, "GET", "/api/users", NULL, &users_endpoint,
                   tix_client_list_users_async, cancellable, callback, user_data);
}

GPtrArray *
tix_client_list_users_finish (TixClient     *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  return tix_client_call_finish (self, result, tix_client_list_users_async, error);
}

void
tix_client_add_user_async (TixClient           *self,
                           const char          *email,
                           const char          *name,
                           const char          *password,
                           const char          *role,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;

  g_return_if_fail (TIX_IS_CLIENT (self));
  g_return_if_fail (email != NULL);
  g_return_if_fail (name != NULL);
  g_return_if_fail (password != NULL);
  g_return_if_fail (role != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  json_builder_begin_object (builder);
  tix_client_add_string (builder, "email", email);
  tix_client_add_string (builder, "name", name);
  tix_client_add_string (builder, "password", password);
  tix_client_add_string (builder, "role", role);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  tix_client_call (self, "POST", "/api/users", body, &user_endpoint,
                   tix_client_add_user_async, cancellable, callback, user_data);
}

TixUser *
tix_client_add_user_finish (TixClient     *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  return tix_client_call_finish (self, result, tix_client_add_user_async, error);
}

static char *
user_path (gint64 user_id)
{
  return g_strdup_printf ("/api/users/%" G_GINT64_FORMAT, user_id);
}

void
tix_client_update_user_async (TixClient           *self,
                              gint64               user_id,
                              const char          *role,
                              const char          *password,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (TIX_IS_CLIENT (self));
  g_return_if_fail (user_id > 0);
  g_return_if_fail (role != NULL || password != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  json_builder_begin_object (builder);
  if (role != NULL)
    tix_client_add_string (builder, "role", role);
  if (password != NULL)
    tix_client_add_string (builder, "password", password);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  path = user_path (user_id);
  tix_client_call (self, "PUT", path, body, &user_endpoint,
                   tix_client_update_user_async, cancellable, callback, user_data);
}

TixUser *
tix_client_update_user_finish (TixClient     *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return tix_client_call_finish (self, result, tix_client_update_user_async, error);
}

void
tix_client_remove_user_async (TixClient           *self,
                              gint64               user_id,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (TIX_IS_CLIENT (self));
  g_return_if_fail (user_id > 0);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  path = user_path (user_id);
  tix_client_call (self, "DELETE", path, NULL, &tix_client_none_endpoint,
                   tix_client_remove_user_async, cancellable, callback, user_data);
}

gboolean
tix_client_remove_user_finish (TixClient     *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return tix_client_call_finish_boolean (self, result, tix_client_remove_user_async, error);
}

void
tix_client_change_password_async (TixClient           *self,
                                  const char          *current_password,
                                  const char          *new_password,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;

  g_return_if_fail (TIX_IS_CLIENT (self));
  g_return_if_fail (current_password != NULL);
  g_return_if_fail (new_password != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  json_builder_begin_object (builder);
  tix_client_add_string (builder, "current_password", current_password);
  tix_client_add_string (builder, "new_password", new_password);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  tix_client_call (self, "PUT", "/api/auth/password", body, &tix_client_none_endpoint,
                   tix_client_change_password_async, cancellable, callback, user_data);
}

gboolean
tix_client_change_password_finish (TixClient     *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return tix_client_call_finish_boolean (self, result, tix_client_change_password_async, error);
}

void
tix_client_logout_others_async (TixClient           *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (TIX_IS_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  tix_client_call (self, "POST", "/api/auth/logout-others", NULL, &ended_endpoint,
                   tix_client_logout_others_async, cancellable, callback, user_data);
}

gint64
tix_client_logout_others_finish (TixClient     *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_autofree gint64 *ended = NULL;

  ended = tix_client_call_finish (self, result, tix_client_logout_others_async, error);

  return ended != NULL ? *ended : -1;
}
