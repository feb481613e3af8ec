/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-store"

#include "config.h"

#include <string.h>

#include "tix-store-private.h"
#include "tix-ticket-code.h"

#define DEFAULT_PREFIX       "TIX"
#define DEFAULT_SHEET_LAYOUT "a4-3x7"
#define LOCAL_EMAIL          "local@tix.invalid"

/* Organizations and users */


TixUser *
tix_store_user_from_row (TixDbStmt *stmt)
{
  return tix_user_new (tix_db_column_int64 (stmt, 0),
                       tix_db_column_text (stmt, 1),
                       tix_db_column_text (stmt, 2),
                       tix_db_column_text (stmt, 3),
                       tix_db_column_int64 (stmt, 4));
}

gpointer
tix_store_user_row (TixDbStmt *stmt)
{
  return tix_store_user_from_row (stmt);
}

TixUser *
tix_store_insert_user (TixStore    *self,
             gint64       organization_id,
             const char  *email,
             const char  *name,
             const char  *role,
             const char  *password_hash,
             gint64       now_ms,
             GError     **error)
{
  TixDbStmt *stmt = tix_store_statement (self,
    "INSERT INTO users (email, password_hash, name, role, organization_id, created_at)"
    " VALUES (?, ?, ?, ?, ?, ?) RETURNING id", error);
  gint64 id;

  if (stmt == NULL)
    return NULL;
  tix_db_bind_text (stmt, 1, email);
  tix_db_bind_text (stmt, 2, password_hash);
  tix_db_bind_text (stmt, 3, name);
  tix_db_bind_text (stmt, 4, role);
  tix_db_bind_int64 (stmt, 5, organization_id);
  tix_db_bind_int64 (stmt, 6, now_ms);

  if (tix_db_step (stmt) != TIX_DB_ROW)
    {
      g_autoptr(GError) local_error = NULL;

      tix_store_set_error (self, &local_error, "Could not add the user");
      tix_db_reset (stmt);
      if (g_error_matches (local_error, TIX_STORE_ERROR, TIX_STORE_ERROR_EXISTS))
        g_set_error_literal (error, TIX_STORE_ERROR, TIX_STORE_ERROR_EXISTS,
                             "An account with this email already exists");
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  id = tix_db_column_int64 (stmt, 0);
  tix_db_reset (stmt);

  return tix_user_new (id, email, name, role, organization_id);
}

static char *
default_time_zone (void)
{
  g_autoptr(GTimeZone) local = g_time_zone_new_local ();
  const char *identifier = g_time_zone_get_identifier (local);
  g_autoptr(GTimeZone) check = NULL;

  /* "Local" or a file path is not an IANA name another machine understands. */
  if (identifier != NULL && strchr (identifier, '/') != NULL && identifier[0] != '/' &&
      (check = g_time_zone_new_identifier (identifier)) != NULL)
    return g_strdup (identifier);

  return g_strdup ("UTC");
}

static TixUser *
create_organization (TixStore    *self,
                     const char  *organization_name,
                     const char  *email,
                     const char  *name,
                     const char  *password_hash,
                     guint        max_users,
                     gboolean     is_local,
                     GError     **error)
{
  gint64 now = g_get_real_time () / 1000;
  g_autofree char *time_zone = default_time_zone ();
  g_autoptr(TixUser) user = NULL;
  guint8 public_key[TIX_TICKET_CODE_PUBLIC_KEY_BYTES];
  guint8 secret_key[TIX_TICKET_CODE_SECRET_KEY_BYTES];
  g_autofree char *event_text = NULL;
  TixStoreEvent event;
  TixDbStmt *stmt;
  gint64 org_id, event_id;
  const char *defaults[][2] = {
    { "current_event_id", NULL },
    { "time_zone", time_zone },
    { "default_prefix", DEFAULT_PREFIX },
    { "sheet_layout", DEFAULT_SHEET_LAYOUT },
  };

  if (!tix_store_begin (self, 0, error))
    return NULL;

  tix_ticket_code_new_keys (public_key, secret_key);
  stmt = tix_store_statement (self,
    "INSERT INTO organizations (name, max_users, is_local, created_at, public_key, secret_key)"
    " VALUES (?, ?, ?, ?, ?, ?) RETURNING id", error);
  if (stmt == NULL)
    goto failed;
  tix_db_bind_text (stmt, 1, organization_name);
  tix_db_bind_int64 (stmt, 2, max_users);
  tix_db_bind_int64 (stmt, 3, is_local);
  tix_db_bind_int64 (stmt, 4, now);
  tix_db_bind_blob (stmt, 5, public_key, sizeof public_key);
  tix_db_bind_blob (stmt, 6, secret_key, sizeof secret_key);
  if (tix_db_step (stmt) != TIX_DB_ROW)
    {
      tix_store_set_error (self, error, "Could not create the organization");
      tix_db_reset (stmt);
      goto failed;
    }
  org_id = tix_db_column_int64 (stmt, 0);
  tix_db_reset (stmt);

  stmt = tix_store_statement (self, "INSERT INTO ticket_counts (organization_id) VALUES (?)", error);
  if (stmt == NULL)
    goto failed;
  tix_db_bind_int64 (stmt, 1, org_id);
  if (!tix_store_step_done (self, stmt, "Could not create the organization", error))
    goto failed;

  /* Its first event, current: no name or date until the settings give them. */
  tix_store_event_init (&event);
  event_id = tix_store_insert_event (self, org_id, &event, now, error);
  if (event_id <= 0)
    goto failed;
  defaults[0][1] = event_text = g_strdup_printf ("%" G_GINT64_FORMAT, event_id);

  stmt = tix_store_statement (self,
    "INSERT INTO settings (organization_id, key, value) VALUES (?, ?, ?)", error);
  if (stmt == NULL)
    goto failed;
  for (guint i = 0; i < G_N_ELEMENTS (defaults); i++)
    {
      tix_db_bind_int64 (stmt, 1, org_id);
      tix_db_bind_text (stmt, 2, defaults[i][0]);
      tix_db_bind_text (stmt, 3, defaults[i][1]);
      if (!tix_store_step_done (self, stmt, "Could not create the organization", error))
        goto failed;
    }

  user = tix_store_insert_user (self, org_id, email, name, "admin", password_hash, now, error);
  if (user == NULL || !tix_store_commit (self, error))
    goto failed;

  return g_steal_pointer (&user);

failed:
  tix_store_rollback (self);
  return NULL;
}

TixUser *
tix_store_create_organization (TixStore    *self,
                               const char  *organization_name,
                               const char  *email,
                               const char  *name,
                               const char  *password_hash,
                               guint        max_users,
                               GError     **error)
{
  g_return_val_if_fail (TIX_IS_STORE (self), NULL);
  g_return_val_if_fail (organization_name && email && name && password_hash, NULL);

  return create_organization (self, organization_name, email, name, password_hash,
                              MAX (max_users, 1), FALSE, error);
}

TixUser *
tix_store_ensure_local_admin (TixStore    *self,
                              const char  *password_hash,
                              GError     **error)
{
  TixDbStmt *stmt;
  const char *real_name;
  TixUser *user = NULL;

  g_return_val_if_fail (TIX_IS_STORE (self), NULL);

  stmt = tix_store_statement (self,
    "SELECT " USER_COLUMNS " FROM users u JOIN organizations o ON o.id = u.organization_id"
    " WHERE o.is_local = 1 AND u.role = 'admin' ORDER BY u.id LIMIT 1", error);
  if (stmt == NULL)
    return NULL;
  if (tix_db_step (stmt) == TIX_DB_ROW)
    user = tix_store_user_from_row (stmt);
  tix_db_reset (stmt);
  if (user != NULL)
    return user;

  real_name = g_get_real_name ();
  if (real_name == NULL || *real_name == '\0' || g_strcmp0 (real_name, "Unknown") == 0)
    real_name = g_get_user_name ();

  return create_organization (self, "Box office", LOCAL_EMAIL, real_name, password_hash,
                              100, TRUE, error);
}

TixUser *
tix_store_find_user_by_email (TixStore    *self,
                              const char  *email,
                              char       **out_password_hash,
                              GError     **error)
{
  TixDbStmt *stmt;
  TixUser *user = NULL;

  g_return_val_if_fail (TIX_IS_STORE (self), NULL);
  g_return_val_if_fail (email != NULL, NULL);

  stmt = tix_store_statement (self,
    "SELECT " USER_COLUMNS ", u.password_hash FROM users u WHERE u.email = ?", error);
  if (stmt == NULL)
    return NULL;
  tix_db_bind_text (stmt, 1, email);

  switch (tix_db_step (stmt))
    {
    case TIX_DB_ROW:
      user = tix_store_user_from_row (stmt);
      if (out_password_hash != NULL)
        *out_password_hash = g_strdup (tix_db_column_text (stmt, 5));
      break;
    case TIX_DB_DONE:
      g_set_error_literal (error, TIX_STORE_ERROR, TIX_STORE_ERROR_NOT_FOUND, "No such user");
      break;
    default:
      tix_store_set_error (self, error, "Could not look up the user");
    }
  tix_db_reset (stmt);
  return user;
}

TixUser *
tix_store_get_user (TixStore  *self,
                    gint64     user_id,
                    GError   **error)
{
  TixDbStmt *stmt;

  g_return_val_if_fail (TIX_IS_STORE (self), NULL);

  stmt = tix_store_statement (self, "SELECT " USER_COLUMNS " FROM users u WHERE u.id = ?", error);
  if (stmt == NULL)
    return NULL;
  tix_db_bind_int64 (stmt, 1, user_id);
  return tix_store_step_one (self, stmt, tix_store_user_row, "No such user", error);
}

gboolean
tix_store_get_organization_keys (TixStore  *self,
                                 gint64     organization_id,
                                 guint8    *public_key,
                                 guint8    *secret_key,
                                 GError   **error)
{
  TixDbStmt *stmt;
  TixDbStep rc;
  gboolean ok = FALSE;

  g_return_val_if_fail (TIX_IS_STORE (self), FALSE);

  stmt = tix_store_statement (self,
    "SELECT public_key, secret_key FROM organizations WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  tix_db_bind_int64 (stmt, 1, organization_id);
  rc = tix_db_step (stmt);
  if (rc == TIX_DB_ROW)
    {
      gsize public_size, secret_size;
      const guint8 *public_data = tix_db_column_blob (stmt, 0, &public_size);
      const guint8 *secret_data = tix_db_column_blob (stmt, 1, &secret_size);

      if (public_size == TIX_TICKET_CODE_PUBLIC_KEY_BYTES &&
          secret_size == TIX_TICKET_CODE_SECRET_KEY_BYTES)
        {
          if (public_key != NULL)
            memcpy (public_key, public_data, TIX_TICKET_CODE_PUBLIC_KEY_BYTES);
          if (secret_key != NULL)
            memcpy (secret_key, secret_data, TIX_TICKET_CODE_SECRET_KEY_BYTES);
          ok = TRUE;
        }
    }
  if (rc == TIX_DB_ERROR)
    tix_store_set_error (self, error, "Could not read the signing key");
  else if (!ok)
    g_set_error_literal (error, TIX_STORE_ERROR, TIX_STORE_ERROR_CORRUPT,
                         "The organization has no valid signing key");
  tix_db_reset (stmt);
  return ok;
}

/* Sessions */

gboolean
tix_store_add_session (TixStore    *self,
                       const char  *token_hash,
                       gint64       user_id,
                       gint64       expires_at_ms,
                       GError     **error)
{
  TixDbStmt *stmt;

  g_return_val_if_fail (TIX_IS_STORE (self), FALSE);
  g_return_val_if_fail (token_hash != NULL, FALSE);

  stmt = tix_store_statement (self,
    "INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
    error);
  if (stmt == NULL)
    return FALSE;
  tix_db_bind_text (stmt, 1, token_hash);
  tix_db_bind_int64 (stmt, 2, user_id);
  tix_db_bind_int64 (stmt, 3, g_get_real_time () / 1000);
  tix_db_bind_int64 (stmt, 4, expires_at_ms);
  if (!tix_store_step_done (self, stmt, "Could not open the session", error))
    return FALSE;

  /* Expired sessions are of no use to anyone: sweep them now and then. */
  stmt = tix_store_statement (self, "DELETE FROM sessions WHERE expires_at <= ?", error);
  if (stmt == NULL)
    return FALSE;
  tix_db_bind_int64 (stmt, 1, g_get_real_time () / 1000);
  return tix_store_step_done (self, stmt, "Could not sweep sessions", error);
}

TixUser *
tix_store_lookup_session (TixStore    *self,
                          const char  *token_hash,
                          gint64       now_ms,
                          GError     **error)
{
  return tix_store_lookup_session_full (self, token_hash, now_ms, NULL, error);
}

TixUser *
tix_store_lookup_session_full (TixStore    *self,
                               const char  *token_hash,
                               gint64       now_ms,
                               gint64      *out_expires_at_ms,
                               GError     **error)
{
  TixDbStmt *stmt;
  TixUser *user = NULL;

  g_return_val_if_fail (TIX_IS_STORE (self), NULL);
  g_return_val_if_fail (token_hash != NULL, NULL);

  stmt = tix_store_statement (self,
    "SELECT " USER_COLUMNS ", s.expires_at FROM sessions s JOIN users u ON u.id = s.user_id"
    " WHERE s.token_hash = ? AND s.expires_at > ?", error);
  if (stmt == NULL)
    return NULL;
  tix_db_bind_text (stmt, 1, token_hash);
  tix_db_bind_int64 (stmt, 2, now_ms);
  switch (tix_db_step (stmt))
    {
    case TIX_DB_ROW:
      user = tix_store_user_from_row (stmt);
      if (out_expires_at_ms != NULL)
        *out_expires_at_ms = tix_db_column_int64 (stmt, 5);
      break;
    case TIX_DB_DONE:
      g_set_error_literal (error, TIX_STORE_ERROR, TIX_STORE_ERROR_NOT_FOUND, "No such session");
      break;
    default:
      tix_store_set_error (self, error, "Could not read the database");
    }
  tix_db_reset (stmt);
  return user;
}

gboolean
tix_store_remove_session (TixStore    *self,
                          const char  *token_hash,
                          GError     **error)
{
  TixDbStmt *stmt;

  g_return_val_if_fail (TIX_IS_STORE (self), FALSE);

  stmt = tix_store_statement (self, "DELETE FROM sessions WHERE token_hash = ?", error);
  if (stmt == NULL)
    return FALSE;
  tix_db_bind_text (stmt, 1, token_hash);
  return tix_store_step_done (self, stmt, "Could not end the session", error);
}

