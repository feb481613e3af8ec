/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-store"

#include "config.h"

#include "tix-db-private.h"
#include "tix-store.h"

gboolean
tix_db_location_is_postgres (const char *location)
{
  return location != NULL &&
         (g_str_has_prefix (location, "postgres://") ||
          g_str_has_prefix (location, "postgresql://"));
}

static void
statement_free (gpointer data)
{
  TixDbStmt *stmt = data;

  stmt->db->backend->stmt_free (stmt);
}

void
tix_db_init_base (TixDb              *db,
                  const TixDbBackend *backend,
                  const char         *location,
                  gboolean            shared)
{
  db->backend = backend;
  db->location = g_strdup (location);
  db->shared = shared;
  db->statements = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, statement_free);
}

static TixDb *
open_location (const char  *location,
               gboolean     check,
               GError     **error)
{
  g_return_val_if_fail (location != NULL, NULL);

  if (tix_db_location_is_postgres (location))
    {
#if HAVE_POSTGRES
      return tix_db_pg_open (location, check, error);
#else
      g_set_error_literal (error, TIX_STORE_ERROR, TIX_STORE_ERROR_FAILED,
                           "This Tix was built without PostgreSQL (meson -Dpostgres=disabled)");
      return NULL;
#endif
    }
  return tix_db_sqlite_open (location, check, error);
}

TixDb *
tix_db_open (const char  *location,
             GError     **error)
{
  return open_location (location, TRUE, error);
}

/* One more connection to a database this process opened with tix_db_open():
 * no check, no migration. The server opens its workers' connections with it
 * while it serves, and the check reads every page of the file (tens of
 * milliseconds for a season's database) on the server's thread. */
TixDb *
tix_db_open_again (const char  *location,
                   GError     **error)
{
  return open_location (location, FALSE, error);
}

void
tix_db_free (TixDb *db)
{
  g_autofree char *location = NULL;

  if (db == NULL)
    return;
  location = db->location;
  /* Statements go before the connection closes. */
  g_clear_pointer (&db->statements, g_hash_table_unref);
  db->backend->free (db);
}

const char *
tix_db_get_location (TixDb *db)
{
  return db->location;
}

gboolean
tix_db_is_shared (TixDb *db)
{
  return db->shared;
}

TixDbStmt *
tix_db_statement (TixDb       *db,
                  const char  *sql,
                  GError     **error)
{
  TixDbStmt *stmt = g_hash_table_lookup (db->statements, sql);

  if (stmt != NULL)
    {
      db->backend->clear (stmt);
      return stmt;
    }

  stmt = db->backend->prepare (db, sql, error);
  if (stmt == NULL)
    return NULL;
  stmt->db = db;
  /* @sql is a literal or an interned string that outlives the connection. */
  g_hash_table_insert (db->statements, (gpointer) sql, stmt);
  return stmt;
}

gboolean
tix_db_exec (TixDb       *db,
             const char  *sql,
             GError     **error)
{
  return db->backend->exec (db, sql, error);
}

void
tix_db_bind_int64 (TixDbStmt *stmt,
                   int        index,
                   gint64     value)
{
  stmt->db->backend->bind_int64 (stmt, index, value);
}

void
tix_db_bind_text (TixDbStmt  *stmt,
                  int         index,
                  const char *text)
{
  if (text == NULL)
    stmt->db->backend->bind_null (stmt, index);
  else
    stmt->db->backend->bind_text (stmt, index, text);
}

void
tix_db_bind_blob (TixDbStmt  *stmt,
                  int         index,
                  const void *data,
                  gsize       size)
{
  stmt->db->backend->bind_blob (stmt, index, data, size);
}

void
tix_db_bind_null (TixDbStmt *stmt,
                  int        index)
{
  stmt->db->backend->bind_null (stmt, index);
}

int
tix_db_parameter_index (TixDbStmt  *stmt,
                        const char *name)
{
  return stmt->db->backend->parameter_index (stmt, name);
}

TixDbStep
tix_db_step (TixDbStmt *stmt)
{
  return stmt->db->backend->step (stmt);
}

gboolean
tix_db_column_is_null (TixDbStmt *stmt,
                       int        column)
{
  return stmt->db->backend->column_is_null (stmt, column);
}

gint64
tix_db_column_int64 (TixDbStmt *stmt,
                     int        column)
{
  return stmt->db->backend->column_int64 (stmt, column);
}

const char *
tix_db_column_text (TixDbStmt *stmt,
                    int        column)
{
  return stmt->db->backend->column_text (stmt, column);
}

const guint8 *
tix_db_column_blob (TixDbStmt *stmt,
                    int        column,
                    gsize     *size)
{
  return stmt->db->backend->column_blob (stmt, column, size);
}

void
tix_db_reset (TixDbStmt *stmt)
{
  stmt->db->backend->reset (stmt);
}

gint64
tix_db_changes (TixDb *db)
{
  return db->backend->changes (db);
}

void
tix_db_sync_log (TixDb *db)
{
  if (db->backend->sync_log != NULL)
    db->backend->sync_log (db);
}

gboolean
tix_db_run_many (TixDb         *db,
                 TixDbStmt     *stmt,
                 guint          n,
                 TixDbBindFunc  bind,
                 TixDbRowFunc   row,
                 gpointer       user_data,
                 GError       **error)
{
  if (db->backend->run_many != NULL)
    return db->backend->run_many (db, stmt, n, bind, row, user_data, error);

  for (guint i = 0; i < n; i++)
    {
      TixDbStep step;

      db->backend->clear (stmt);
      bind (stmt, i, user_data);
      step = tix_db_step (stmt);
      if (step == TIX_DB_ERROR)
        {
          tix_db_reset (stmt);
          return tix_db_set_error (db, error, "Could not run a statement");
        }
      row (stmt, i, step, user_data);
      tix_db_reset (stmt);
    }
  return TRUE;
}

gboolean
tix_db_set_error (TixDb       *db,
                  GError     **error,
                  const char  *what)
{
  return db->backend->set_error (db, error, what);
}

gboolean
tix_db_begin (TixDb   *db,
              GError **error)
{
  return db->backend->begin (db, error);
}

gboolean
tix_db_lock_organization (TixDb   *db,
                          gint64   organization_id,
                          GError **error)
{
  return db->backend->lock_organization (db, organization_id, error);
}

gboolean
tix_db_commit (TixDb   *db,
               GError **error)
{
  TixDbStmt *stmt = tix_db_statement (db, "COMMIT", error);

  if (stmt == NULL)
    return FALSE;
  if (tix_db_step (stmt) == TIX_DB_ERROR)
    {
      tix_db_reset (stmt);
      /* A commit that fails is a write that was not made: say so. */
      return tix_db_set_error (db, error, "Could not commit");
    }
  tix_db_reset (stmt);
  return TRUE;
}

void
tix_db_rollback (TixDb *db)
{
  db->backend->rollback (db);
}

gboolean
tix_db_notify (TixDb       *db,
               const char  *payload,
               GError     **error)
{
  return db->backend->notify (db, payload, error);
}

void
tix_db_listen (TixDb           *db,
               TixDbNotifyFunc  func,
               gpointer         user_data)
{
  db->backend->listen (db, func, user_data);
}
