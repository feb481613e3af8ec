/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-server-users"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "tix-password.h"
#include "tix-server-private.h"
#include "tix-time.h"
#include "tix-validate.h"

/* Users and roles (admin), one's own password and sessions, the audit log and
 * the door report. */

#define AUDIT_DEFAULT_LIMIT   100
#define AUDIT_MAX_LIMIT       1000
#define DOOR_INTERVAL_MINUTES 10
#define DOOR_INTERVAL_MS      (DOOR_INTERVAL_MINUTES * 60 * 1000)

/* A request waiting for a password hash on a worker thread. */
typedef struct
{
  TixServer         *server;
  SoupServerMessage *msg;
  TixUser           *actor;
  gint64             target_id;
  char              *email;
  char              *name;
  char              *role;
  char              *new_password;
  char              *keep_token_hash;
  char              *account_key;   /* for the sign-in throttle */
} UserJob;

static UserJob *
user_job_new (TixServer         *server,
              SoupServerMessage *msg,
              TixUser           *actor)
{
  UserJob *job = g_new0 (UserJob, 1);

  job->server = g_object_ref (server);
  job->msg = g_object_ref (msg);
  job->actor = g_object_ref (actor);
  soup_server_message_pause (msg);
  return job;
}

static void
user_job_free (UserJob *job)
{
  soup_server_message_unpause (job->msg);
  g_object_unref (job->msg);
  g_object_unref (job->server);
  g_object_unref (job->actor);
  g_free (job->email);
  g_free (job->name);
  g_free (job->role);
  if (job->new_password != NULL)
    memset (job->new_password, 0, strlen (job->new_password));
  g_free (job->new_password);
  g_free (job->keep_token_hash);
  g_free (job->account_key);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (UserJob, user_job_free)

/* The stored hash of the token this request came with (authenticate()
 * checked the header's form). */
static char *
request_token_hash (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *authorization = soup_message_headers_get_one (headers, "Authorization");

  g_assert (authorization != NULL && strlen (authorization) > 7);
  return tix_password_hash_token (authorization + 7);
}

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

static void
reply_user (SoupServerMessage *msg,
            guint              status,
            TixUser           *user)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "user");
  tix_user_to_json (user, builder);
  json_builder_end_object (builder);
  tix_server_reply_builder (msg, status, builder);
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

/* Rejects members of @body that are not in @allowed, naming the first. */
static gboolean
check_members (SoupServerMessage  *msg,
               JsonObject         *body,
               const char * const *allowed)
{
  g_autoptr(GList) members = json_object_get_members (body);

  for (const GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (allowed, l->data))
      {
        tix_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, l->data,
                                "Unknown field “%s”", (const char *) l->data);
        return FALSE;
      }
  return TRUE;
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

static gboolean
check_password (SoupServerMessage *msg,
                const char        *field,
                const char        *password)
{
  const char *message = NULL;

  if (tix_validate_password (password, &message))
    return TRUE;

  tix_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, field, "%s", message);
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
  g_autoptr(UserJob) job = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = tix_password_hash_finish (result, &error);
  g_autoptr(TixUser) user = NULL;

  if (hash == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        tix_server_reply_gerror (job->msg, error);
      return;
    }

  user = tix_store_add_user (job->server->store, job->actor, job->email, job->name,
                             job->role, hash, tix_time_now_ms (), &error);
  if (user == NULL)
    {
      reply_store_error (job->msg, error);
      return;
    }

  reply_user (job->msg, SOUP_STATUS_CREATED, user);
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
  UserJob *job;

  if (actor == NULL)
    return;

  body = tix_server_read_object (msg);
  if (body == NULL || !check_members (msg, body, allowed))
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
  if (!check_password (msg, "password", password) || !check_role (msg, role))
    return;

  /* Answer the common mistake before spending a hash on it. */
  existing = tix_store_find_user_by_email (self->store, email, NULL, NULL);
  if (existing != NULL)
    {
      tix_server_reply_error (msg, SOUP_STATUS_CONFLICT, "email",
                              "An account with this email already exists");
      return;
    }

  job = user_job_new (self, msg, actor);
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
  g_autoptr(UserJob) job = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = tix_password_hash_finish (result, &error);
  g_autoptr(TixUser) user = NULL;

  if (hash == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        tix_server_reply_gerror (job->msg, error);
      return;
    }

  if (!tix_store_set_user_password (job->server->store, job->actor, job->target_id, hash,
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

  reply_user (job->msg, SOUP_STATUS_OK, user);
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
  UserJob *job;

  if (actor == NULL || (user = path_user (self, msg, route, actor)) == NULL)
    return;

  body = tix_server_read_object (msg);
  if (body == NULL || !check_members (msg, body, allowed))
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
      (password != NULL && !check_password (msg, "password", password)))
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
      reply_user (msg, SOUP_STATUS_OK, user);
      return;
    }

  /* A reset password ends the user's sessions; an admin resetting their own
   * keeps this one. */
  job = user_job_new (self, msg, actor);
  job->target_id = tix_user_get_id (user);
  if (job->target_id == tix_user_get_id (actor))
    job->keep_token_hash = request_token_hash (msg);
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

/* PUT /api/auth/password */

static void
own_password_hashed (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(UserJob) job = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = tix_password_hash_finish (result, &error);

  if (hash == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        tix_server_reply_gerror (job->msg, error);
      return;
    }

  if (!tix_store_set_user_password (job->server->store, job->actor,
                                    tix_user_get_id (job->actor), hash,
                                    job->keep_token_hash, tix_time_now_ms (), &error))
    {
      tix_server_reply_gerror (job->msg, error);
      return;
    }

  tix_server_sessions_changed (job->server, tix_user_get_id (job->actor));
  tix_server_reply_success (job->msg);
}

static void
current_verified (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(UserJob) job = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *new_password = NULL;
  TixServer *server;

  if (!tix_password_verify_finish (result, &error))
    {
      if (error == NULL)
        {
          /* Guessing through a stolen session counts like failed sign-ins. */
          tix_throttle_failure (job->server->account_failures, job->account_key,
                                tix_time_now_ms ());
          /* Not 401: the session is fine, only the password typed is wrong. */
          tix_server_reply_error (job->msg, SOUP_STATUS_BAD_REQUEST, "current_password",
                                  "The current password is wrong");
        }
      else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        tix_server_reply_gerror (job->msg, error);
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
  UserJob *job;

  if (actor == NULL)
    return;

  account_key = g_utf8_casefold (tix_user_get_email (actor), -1);
  wait = tix_throttle_wait (self->account_failures, account_key, tix_time_now_ms ());
  if (wait > 0)
    {
      g_autofree char *retry = g_strdup_printf ("%" G_GINT64_FORMAT, wait);

      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Retry-After", retry);
      tix_server_reply_error (msg, 429, NULL,
                              "Too many wrong passwords. Try again in %" G_GINT64_FORMAT
                              " seconds.", wait);
      return;
    }

  body = tix_server_read_object (msg);
  if (body == NULL || !check_members (msg, body, allowed))
    return;

  if (!tix_server_get_string (msg, body, "current_password", FALSE, &current) ||
      !tix_server_get_string (msg, body, "new_password", TRUE, &new_password) ||
      !check_password (msg, "new_password", new_password))
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
      job = user_job_new (self, msg, actor);
      job->keep_token_hash = request_token_hash (msg);
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
  job = user_job_new (self, msg, actor);
  job->new_password = g_strdup (new_password);
  job->keep_token_hash = request_token_hash (msg);
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

  token_hash = request_token_hash (msg);
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

/* GET /api/reports/door?date=YYYY-MM-DD */

static char *
organization_time_zone_name (TixServer *self,
                             TixUser   *user)
{
  g_autoptr(GHashTable) settings = tix_store_get_settings (self->store,
                                                           tix_user_get_organization_id (user),
                                                           NULL);
  const char *name = settings ? g_hash_table_lookup (settings, "time_zone") : NULL;

  return g_strdup (name != NULL && tix_validate_time_zone (name) ? name : "UTC");
}

static void
add_bucket (JsonBuilder *builder,
            gint64       start_ms,
            gint64       scanned)
{
  g_autofree char *start = tix_time_format_iso (start_ms);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "start");
  json_builder_add_string_value (builder, start);
  json_builder_set_member_name (builder, "scanned");
  json_builder_add_int_value (builder, scanned);
  json_builder_end_object (builder);
}

static void
handle_door (TixServer         *self,
             SoupServerMessage *msg,
             TixRoute          *route)
{
  g_autoptr(TixUser) user = tix_server_authenticate (self, msg);
  g_autofree char *zone_name = NULL;
  g_autoptr(GTimeZone) tz = NULL;
  g_autoptr(TixStoreDoorScans) scans = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *label = NULL;
  g_autofree gint64 *counts = NULL;
  const char *date;
  gint64 from, to, busiest = -1, event_id = 0;
  guint n_buckets;
  GDate day;

  if (user == NULL || !tix_server_query_event (self, msg, route->query, user, &event_id))
    return;

  zone_name = organization_time_zone_name (self, user);
  tz = g_time_zone_new_identifier (zone_name);
  if (tz == NULL)
    tz = g_time_zone_new_utc ();

  date = route->query ? g_hash_table_lookup (route->query, "date") : NULL;
  if (date != NULL && *date != '\0')
    {
      if (!tix_time_parse_date (date, &day))
        {
          tix_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "date",
                                  "Date must be a date as YYYY-MM-DD from %d to %d",
                                  TIX_TIME_MIN_YEAR, TIX_TIME_MAX_YEAR);
          return;
        }
    }
  else
    {
      g_autoptr(GDateTime) now = g_date_time_new_now (tz);

      g_date_clear (&day, 1);
      g_date_set_dmy (&day, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                      g_date_time_get_year (now));
    }
  /* Days of 23 or 25 hours have 138 or 150 intervals. */
  if (!tix_time_day_bounds (tz, &day, &from, &to))
    {
      tix_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "date",
                              "Date must be a date as YYYY-MM-DD from %d to %d",
                              TIX_TIME_MIN_YEAR, TIX_TIME_MAX_YEAR);
      return;
    }
  n_buckets = (guint) ((to - from + DOOR_INTERVAL_MS - 1) / DOOR_INTERVAL_MS);

  scans = tix_store_get_door_scans (self->store, tix_user_get_organization_id (user), event_id,
                                    from, to, &error);
  if (scans == NULL)
    {
      tix_server_reply_gerror (msg, error);
      return;
    }

  counts = g_new0 (gint64, n_buckets);
  for (guint i = 0; i < scans->scanned_at->len; i++)
    {
      gint64 at = g_array_index (scans->scanned_at, gint64, i);

      if (at >= from && at < to)
        counts[(at - from) / DOOR_INTERVAL_MS]++;
    }

  builder = json_builder_new_immutable ();
  label = tix_time_format_date (&day);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "date");
  json_builder_add_string_value (builder, label);
  json_builder_set_member_name (builder, "time_zone");
  json_builder_add_string_value (builder, zone_name);
  json_builder_set_member_name (builder, "interval_minutes");
  json_builder_add_int_value (builder, DOOR_INTERVAL_MINUTES);
  json_builder_set_member_name (builder, "scanned");
  json_builder_add_int_value (builder, scans->scanned_at->len);

  json_builder_set_member_name (builder, "buckets");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n_buckets; i++)
    {
      add_bucket (builder, from + (gint64) i * DOOR_INTERVAL_MS, counts[i]);
      if (counts[i] > 0 && (busiest < 0 || counts[i] > counts[busiest]))
        busiest = i;
    }
  json_builder_end_array (builder);

  /* The first of the busiest intervals; null on a day without scans. */
  json_builder_set_member_name (builder, "busiest");
  if (busiest >= 0)
    add_bucket (builder, from + busiest * DOOR_INTERVAL_MS, counts[busiest]);
  else
    json_builder_add_null_value (builder);

  json_builder_set_member_name (builder, "by_station");
  json_builder_begin_array (builder);
  for (guint i = 0; i < scans->by_station->len; i++)
    {
      TixStoreCount *count = g_ptr_array_index (scans->by_station, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "station");
      if (count->name != NULL)
        json_builder_add_string_value (builder, count->name);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "scanned");
      json_builder_add_int_value (builder, count->scanned);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "by_user");
  json_builder_begin_array (builder);
  for (guint i = 0; i < scans->by_user->len; i++)
    {
      TixStoreCount *count = g_ptr_array_index (scans->by_user, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "user_id");
      if (count->id > 0)
        json_builder_add_int_value (builder, count->id);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "name");
      if (count->name != NULL)
        json_builder_add_string_value (builder, count->name);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "scanned");
      json_builder_add_int_value (builder, count->scanned);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

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
  else if (tix_route_is (route, "PUT", "/api/auth/password"))
    handle_change_password (self, msg);
  else if (tix_route_is (route, "POST", "/api/auth/logout-others"))
    handle_logout_others (self, msg);
  else if (tix_route_is (route, "GET", "/api/audit"))
    handle_audit (self, msg, route);
  else if (tix_route_is (route, "GET", "/api/reports/door"))
    handle_door (self, msg, route);
  else
    return FALSE;

  return TRUE;
}
