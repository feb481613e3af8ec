/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-store"

#include "config.h"

#include <string.h>

#include "tix-store-private.h"

/* Users and roles, sessions of a user, the audit log and the door report. */

void
tix_store_door_scans_free (TixStoreDoorScans *scans)
{
  if (scans == NULL)
    return;

  g_clear_pointer (&scans->scanned_at, g_array_unref);
  g_clear_pointer (&scans->by_station, g_ptr_array_unref);
  g_clear_pointer (&scans->by_user, g_ptr_array_unref);
  g_free (scans);
}

static void
count_free (TixStoreCount *count)
{
  g_free (count->name);
  g_free (count);
}

/* Users */

GPtrArray *
tix_store_list_users (TixStore  *self,
                      gint64     organization_id,
                      GError   **error)
{
  g_autoptr(GPtrArray) users = g_ptr_array_new_with_free_func (g_object_unref);
  TixDbStmt *stmt;
  int rc;

  g_return_val_if_fail (TIX_IS_STORE (self), NULL);

  stmt = tix_store_statement (self,
    "SELECT " USER_COLUMNS " FROM users u WHERE u.organization_id = ?"
    " ORDER BY lower (u.name), u.id", error);
  if (stmt == NULL)
    return NULL;
  tix_db_bind_int64 (stmt, 1, organization_id);
  while ((rc = tix_db_step (stmt)) == TIX_DB_ROW)
    g_ptr_array_add (users, tix_store_user_from_row (stmt));
  tix_db_reset (stmt);
  if (rc != TIX_DB_DONE)
    {
      tix_store_set_error (self, error, "Could not list the users");
      return NULL;
    }

  return g_steal_pointer (&users);
}

static gboolean
count_query (TixStore    *self,
             const char  *sql,
             gint64       id,
             gint64      *out,
             GError     **error)
{
  TixDbStmt *stmt = tix_store_statement (self, sql, error);
  gboolean ok = TRUE;

  if (stmt == NULL)
    return FALSE;
  tix_db_bind_int64 (stmt, 1, id);
  if (tix_db_step (stmt) == TIX_DB_ROW)
    *out = tix_db_column_int64 (stmt, 0);
  else
    ok = tix_store_set_error (self, error, "Could not count the users");
  tix_db_reset (stmt);
  return ok;
}

/* A user of @organization_id, or NOT_FOUND (another organization's too). */
static TixUser *
lookup_member (TixStore  *self,
               gint64     organization_id,
               gint64     user_id,
               GError   **error)
{
  TixDbStmt *stmt = tix_store_statement (self,
    "SELECT " USER_COLUMNS " FROM users u WHERE u.id = ? AND u.organization_id = ?", error);

  if (stmt == NULL)
    return NULL;
  tix_db_bind_int64 (stmt, 1, user_id);
  tix_db_bind_int64 (stmt, 2, organization_id);
  return tix_store_step_one (self, stmt, tix_store_user_row, "No such user", error);
}

/* Fails with TIX_STORE_ERROR_LIMIT when @user is the organization's only admin. */
static gboolean
check_not_last_admin (TixStore    *self,
                      TixUser     *user,
                      const char  *what,
                      GError     **error)
{
  gint64 admins = 0;

  if (!tix_user_is_admin (user))
    return TRUE;

  if (!count_query (self,
                    "SELECT count(*) FROM users WHERE organization_id = ? AND role = 'admin'",
                    tix_user_get_organization_id (user), &admins, error))
    return FALSE;

  if (admins <= 1)
    {
      g_set_error (error, TIX_STORE_ERROR, TIX_STORE_ERROR_LIMIT,
                   "%s is the organization’s last admin and cannot be %s: "
                   "make another user admin first",
                   tix_user_get_name (user), what);
      return FALSE;
    }

  return TRUE;
}

TixUser *
tix_store_add_user (TixStore    *self,
                    TixUser     *actor,
                    const char  *email,
                    const char  *name,
                    const char  *role,
                    const char  *password_hash,
                    gint64       now_ms,
                    GError     **error)
{
  g_autofree char *detail = NULL;
  g_autoptr(TixUser) user = NULL;
  gint64 org_id, max_users = 0, users = 0;

  g_return_val_if_fail (TIX_IS_STORE (self), NULL);
  g_return_val_if_fail (TIX_IS_USER (actor), NULL);
  g_return_val_if_fail (email && name && role && password_hash, NULL);

  org_id = tix_user_get_organization_id (actor);

  /* BEGIN IMMEDIATE: two admins adding the last free place at once get one
   * each, never two. */
  if (!tix_store_begin (self, org_id, error))
    return NULL;

  if (!count_query (self, "SELECT max_users FROM organizations WHERE id = ?",
                    org_id, &max_users, error) ||
      !count_query (self, "SELECT count(*) FROM users WHERE organization_id = ?",
                    org_id, &users, error))
    goto failed;

  if (users >= max_users)
    {
      g_set_error (error, TIX_STORE_ERROR, TIX_STORE_ERROR_LIMIT,
                   "This organization already has its maximum of %" G_GINT64_FORMAT " users",
                   max_users);
      goto failed;
    }

  user = tix_store_insert_user (self, org_id, email, name, role, password_hash, now_ms, error);
  if (user == NULL)
    goto failed;

  detail = g_strdup_printf ("%s (%s)", email, role);
  if (!tix_store_audit (self, actor, "user-added", detail, now_ms, error) ||
      !tix_store_commit (self, error))
    goto failed;

  return g_steal_pointer (&user);

failed:
  tix_store_rollback (self);
  return NULL;
}

TixUser *
tix_store_set_user_role (TixStore    *self,
                         TixUser     *actor,
                         gint64       user_id,
                         const char  *role,
                         gint64       now_ms,
                         GError     **error)
{
  g_autoptr(TixUser) user = NULL;
  g_autofree char *detail = NULL;
  TixDbStmt *stmt;
  gint64 org_id;

  g_return_val_if_fail (TIX_IS_STORE (self), NULL);
  g_return_val_if_fail (TIX_IS_USER (actor), NULL);
  g_return_val_if_fail (role != NULL, NULL);

  org_id = tix_user_get_organization_id (actor);

  if (!tix_store_begin (self, org_id, error))
    return NULL;

  user = lookup_member (self, org_id, user_id, error);
  if (user == NULL)
    goto failed;

  if (g_str_equal (tix_user_get_role (user), role))
    {
      tix_store_rollback (self);
      return g_steal_pointer (&user);
    }

  if (!g_str_equal (role, "admin") && !check_not_last_admin (self, user, "demoted", error))
    goto failed;

  stmt = tix_store_statement (self,
    "UPDATE users SET role = ? WHERE id = ? AND organization_id = ?", error);
  if (stmt == NULL)
    goto failed;
  tix_db_bind_text (stmt, 1, role);
  tix_db_bind_int64 (stmt, 2, user_id);
  tix_db_bind_int64 (stmt, 3, org_id);
  detail = g_strdup_printf ("%s: %s → %s", tix_user_get_email (user),
                            tix_user_get_role (user), role);
  if (!tix_store_step_done (self, stmt, "Could not change the role", error) ||
      !tix_store_audit (self, actor, "role-changed", detail, now_ms, error) ||
      !tix_store_commit (self, error))
    goto failed;

  return tix_user_new (tix_user_get_id (user), tix_user_get_email (user),
                       tix_user_get_name (user), role, org_id);

failed:
  tix_store_rollback (self);
  return NULL;
}

static gboolean
delete_sessions (TixStore    *self,
                 gint64       user_id,
                 const char  *keep_token_hash,
                 gint64      *out_ended,
                 GError     **error)
{
  TixDbStmt *stmt;

  if (keep_token_hash != NULL)
    {
      stmt = tix_store_statement (self,
        "DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?", error);
      if (stmt == NULL)
        return FALSE;
      tix_db_bind_int64 (stmt, 1, user_id);
      tix_db_bind_text (stmt, 2, keep_token_hash);
    }
  else
    {
      stmt = tix_store_statement (self, "DELETE FROM sessions WHERE user_id = ?", error);
      if (stmt == NULL)
        return FALSE;
      tix_db_bind_int64 (stmt, 1, user_id);
    }

  if (!tix_store_step_done (self, stmt, "Could not end the sessions", error))
    return FALSE;
  if (out_ended != NULL)
    *out_ended = tix_db_changes (self->db);
  return TRUE;
}

gboolean
tix_store_set_user_password (TixStore    *self,
                             TixUser     *actor,
                             gint64       user_id,
                             const char  *password_hash,
                             const char  *keep_token_hash,
                             gint64       now_ms,
                             GError     **error)
{
  g_autoptr(TixUser) user = NULL;
  gboolean own;
  TixDbStmt *stmt;
  gint64 org_id;

  g_return_val_if_fail (TIX_IS_STORE (self), FALSE);
  g_return_val_if_fail (TIX_IS_USER (actor), FALSE);
  g_return_val_if_fail (password_hash != NULL, FALSE);

  org_id = tix_user_get_organization_id (actor);
  own = tix_user_get_id (actor) == user_id;

  if (!tix_store_begin (self, org_id, error))
    return FALSE;

  user = lookup_member (self, org_id, user_id, error);
  if (user == NULL)
    goto failed;

  stmt = tix_store_statement (self,
    "UPDATE users SET password_hash = ? WHERE id = ? AND organization_id = ?", error);
  if (stmt == NULL)
    goto failed;
  tix_db_bind_text (stmt, 1, password_hash);
  tix_db_bind_int64 (stmt, 2, user_id);
  tix_db_bind_int64 (stmt, 3, org_id);
  if (!tix_store_step_done (self, stmt, "Could not change the password", error) ||
      !delete_sessions (self, user_id, keep_token_hash, NULL, error) ||
      !tix_store_audit (self, actor, own ? "password-changed" : "password-reset",
                        tix_user_get_email (user), now_ms, error) ||
      !tix_store_commit (self, error))
    goto failed;

  return TRUE;

failed:
  tix_store_rollback (self);
  return FALSE;
}

gboolean
tix_store_remove_user (TixStore  *self,
                       TixUser   *actor,
                       gint64     user_id,
                       gint64     now_ms,
                       GError   **error)
{
  g_autoptr(TixUser) user = NULL;
  g_autofree char *detail = NULL;
  TixDbStmt *stmt;
  gint64 org_id;

  g_return_val_if_fail (TIX_IS_STORE (self), FALSE);
  g_return_val_if_fail (TIX_IS_USER (actor), FALSE);

  org_id = tix_user_get_organization_id (actor);

  if (!tix_store_begin (self, org_id, error))
    return FALSE;

  user = lookup_member (self, org_id, user_id, error);
  if (user == NULL || !check_not_last_admin (self, user, "removed", error))
    goto failed;

  /* Sessions go explicitly, whatever the foreign key setting. */
  if (!delete_sessions (self, user_id, NULL, NULL, error))
    goto failed;

  stmt = tix_store_statement (self, "DELETE FROM users WHERE id = ? AND organization_id = ?",
                              error);
  if (stmt == NULL)
    goto failed;
  tix_db_bind_int64 (stmt, 1, user_id);
  tix_db_bind_int64 (stmt, 2, org_id);
  detail = g_strdup_printf ("%s (%s)", tix_user_get_email (user), tix_user_get_role (user));
  if (!tix_store_step_done (self, stmt, "Could not remove the user", error) ||
      !tix_store_audit (self, actor, "user-removed", detail, now_ms, error) ||
      !tix_store_commit (self, error))
    goto failed;

  return TRUE;

failed:
  tix_store_rollback (self);
  return FALSE;
}

char *
tix_store_get_password_hash (TixStore  *self,
                             gint64     user_id,
                             GError   **error)
{
  TixDbStmt *stmt;
  char *hash = NULL;

  g_return_val_if_fail (TIX_IS_STORE (self), NULL);

  stmt = tix_store_statement (self, "SELECT password_hash FROM users WHERE id = ?", error);
  if (stmt == NULL)
    return NULL;
  tix_db_bind_int64 (stmt, 1, user_id);
  switch (tix_db_step (stmt))
    {
    case TIX_DB_ROW:
      hash = g_strdup (tix_db_column_text (stmt, 0));
      break;
    case TIX_DB_DONE:
      g_set_error_literal (error, TIX_STORE_ERROR, TIX_STORE_ERROR_NOT_FOUND, "No such user");
      break;
    default:
      tix_store_set_error (self, error, "Could not look up the user");
    }
  tix_db_reset (stmt);
  return hash;
}

/* Sessions of a user */

gint64
tix_store_remove_other_sessions (TixStore    *self,
                                 gint64       user_id,
                                 const char  *keep_token_hash,
                                 GError     **error)
{
  gint64 ended = 0;

  g_return_val_if_fail (TIX_IS_STORE (self), -1);
  g_return_val_if_fail (keep_token_hash != NULL, -1);

  if (!delete_sessions (self, user_id, keep_token_hash, &ended, error))
    return -1;
  return ended;
}

/* Audit */

static gpointer
audit_row (TixDbStmt *stmt)
{
  return tix_audit_entry_new (tix_db_column_int64 (stmt, 0),
                              tix_db_column_int64 (stmt, 1),
                              tix_db_column_int64 (stmt, 2),
                              tix_db_column_text (stmt, 3),
                              tix_db_column_text (stmt, 4),
                              tix_db_column_text (stmt, 5));
}

GPtrArray *
tix_store_list_audit (TixStore  *self,
                      gint64     organization_id,
                      gint64     before_id,
                      guint      limit,
                      GError   **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (g_object_unref);
  TixDbStmt *stmt;
  int rc;

  g_return_val_if_fail (TIX_IS_STORE (self), NULL);

  /* Ids grow with time: newest first is highest id first. A removed user's
   * rows stay, without a name. */
  stmt = tix_store_statement (self,
    "SELECT a.id, a.at, a.user_id, u.name, a.action, a.detail"
    " FROM audit a LEFT JOIN users u ON u.id = a.user_id"
    " WHERE a.organization_id = ? AND a.id < ? ORDER BY a.id DESC LIMIT ?", error);
  if (stmt == NULL)
    return NULL;
  tix_db_bind_int64 (stmt, 1, organization_id);
  tix_db_bind_int64 (stmt, 2, before_id > 0 ? before_id : G_MAXINT64);
  tix_db_bind_int64 (stmt, 3, limit);
  while ((rc = tix_db_step (stmt)) == TIX_DB_ROW)
    g_ptr_array_add (entries, audit_row (stmt));
  tix_db_reset (stmt);
  if (rc != TIX_DB_DONE)
    {
      tix_store_set_error (self, error, "Could not read the audit log");
      return NULL;
    }

  return g_steal_pointer (&entries);
}

/* The door */

static gboolean
read_counts (TixStore      *self,
             TixDbStmt  *stmt,
             gint64         organization_id,
             gint64         from_ms,
             gint64         to_ms,
             GPtrArray     *out,
             GError       **error)
{
  int rc;

  tix_db_bind_int64 (stmt, 1, organization_id);
  tix_db_bind_int64 (stmt, 2, from_ms);
  tix_db_bind_int64 (stmt, 3, to_ms);
  while ((rc = tix_db_step (stmt)) == TIX_DB_ROW)
    {
      TixStoreCount *count = g_new0 (TixStoreCount, 1);

      count->id = tix_db_column_int64 (stmt, 0);
      count->name = g_strdup (tix_db_column_text (stmt, 1));
      count->scanned = tix_db_column_int64 (stmt, 2);
      g_ptr_array_add (out, count);
    }
  tix_db_reset (stmt);
  if (rc != TIX_DB_DONE)
    return tix_store_set_error (self, error, "Could not read the scans");
  return TRUE;
}

/* One event's scans (?4; 0: every event's). */
#define DOOR_EVENT(column) " AND (CAST (?4 AS BIGINT) = 0 OR " column " = ?4)"

TixStoreDoorScans *
tix_store_get_door_scans (TixStore  *self,
                          gint64     organization_id,
                          gint64     event_id,
                          gint64     from_ms,
                          gint64     to_ms,
                          GError   **error)
{
  g_autoptr(TixStoreDoorScans) scans = g_new0 (TixStoreDoorScans, 1);
  TixDbStmt *stmt;
  int rc;

  g_return_val_if_fail (TIX_IS_STORE (self), NULL);

  scans->scanned_at = g_array_new (FALSE, FALSE, sizeof (gint64));
  scans->by_station = g_ptr_array_new_with_free_func ((GDestroyNotify) count_free);
  scans->by_user = g_ptr_array_new_with_free_func ((GDestroyNotify) count_free);

  /* One read transaction: the three answers agree with each other. */
  stmt = tix_store_statement (self, "BEGIN", error);
  if (stmt == NULL || !tix_store_step_done (self, stmt, "Could not start a transaction", error))
    return NULL;

  stmt = tix_store_statement (self,
    "SELECT scanned_at FROM tickets WHERE organization_id = ?1"
    " AND scanned_at >= ?2 AND scanned_at < ?3" DOOR_EVENT ("event_id")
    " ORDER BY scanned_at", error);
  if (stmt == NULL)
    goto failed;
  tix_db_bind_int64 (stmt, 1, organization_id);
  tix_db_bind_int64 (stmt, 2, from_ms);
  tix_db_bind_int64 (stmt, 3, to_ms);
  tix_db_bind_int64 (stmt, 4, event_id);
  while ((rc = tix_db_step (stmt)) == TIX_DB_ROW)
    {
      gint64 at = tix_db_column_int64 (stmt, 0);

      g_array_append_val (scans->scanned_at, at);
    }
  tix_db_reset (stmt);
  if (rc != TIX_DB_DONE)
    {
      tix_store_set_error (self, error, "Could not read the scans");
      goto failed;
    }

  stmt = tix_store_statement (self,
    "SELECT 0, scanned_station, count(*) AS n FROM tickets WHERE organization_id = ?1"
    " AND scanned_at >= ?2 AND scanned_at < ?3" DOOR_EVENT ("event_id")
    " GROUP BY scanned_station ORDER BY n DESC, scanned_station", error);
  if (stmt != NULL)
    tix_db_bind_int64 (stmt, 4, event_id);
  if (stmt == NULL ||
      !read_counts (self, stmt, organization_id, from_ms, to_ms, scans->by_station, error))
    goto failed;

  stmt = tix_store_statement (self,
    "SELECT t.scanned_by, u.name, count(*) AS n FROM tickets t"
    " LEFT JOIN users u ON u.id = t.scanned_by WHERE t.organization_id = ?1"
    " AND t.scanned_at >= ?2 AND t.scanned_at < ?3" DOOR_EVENT ("t.event_id")
    " GROUP BY t.scanned_by, u.name ORDER BY n DESC, u.name", error);
  if (stmt != NULL)
    tix_db_bind_int64 (stmt, 4, event_id);
  if (stmt == NULL ||
      !read_counts (self, stmt, organization_id, from_ms, to_ms, scans->by_user, error))
    goto failed;

  tix_store_rollback (self);
  return g_steal_pointer (&scans);

failed:
  tix_store_rollback (self);
  return NULL;
}
