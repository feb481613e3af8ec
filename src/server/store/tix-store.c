/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-store"

#include "config.h"

#include <sqlite3.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "tix-store-private.h"
#include "tix-ticket-code.h"
#include "tix-store-schema.h"

#define BUSY_TIMEOUT_MS      10000


G_DEFINE_FINAL_TYPE (TixStore, tix_store, G_TYPE_OBJECT)
G_DEFINE_QUARK (tix-store-error-quark, tix_store_error)

static const char * const settings_keys[] = {
  "event_name", "event_date", "time_zone", "default_prefix", "sheet_layout", NULL
};

void
tix_store_page_free (TixStorePage *page)
{
  if (page == NULL)
    return;
  g_clear_pointer (&page->tickets, g_ptr_array_unref);
  g_free (page->next_cursor);
  g_free (page);
}

static void
tix_store_finalize (GObject *object)
{
  TixStore *self = (TixStore *) object;

  /* Statements must be finalized before the connection closes. */
  g_clear_pointer (&self->statements, g_hash_table_unref);
  if (self->db != NULL)
    sqlite3_close_v2 (self->db);
  g_free (self->path);

  G_OBJECT_CLASS (tix_store_parent_class)->finalize (object);
}

static void
tix_store_class_init (TixStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = tix_store_finalize;
}

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
tix_store_init (TixStore *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, finalize_statement);
}

/* Errors */

gboolean
tix_store_set_error (TixStore    *self,
                  GError     **error,
                  const char  *what)
{
  int code = sqlite3_extended_errcode (self->db);
  int primary = code & 0xff;
  TixStoreError store_code = TIX_STORE_ERROR_FAILED;

  if (primary == SQLITE_NOTADB || primary == SQLITE_CORRUPT)
    store_code = TIX_STORE_ERROR_CORRUPT;
  else if (code == SQLITE_CONSTRAINT_UNIQUE || code == SQLITE_CONSTRAINT_PRIMARYKEY)
    store_code = TIX_STORE_ERROR_EXISTS;

  g_set_error (error, TIX_STORE_ERROR, store_code, "%s: %s", what, sqlite3_errmsg (self->db));
  return FALSE;
}

/* Statements */

/* Returns a prepared statement for @sql, reset and with no bindings. The
 * statement stays owned by the store. */
sqlite3_stmt *
tix_store_statement (TixStore    *self,
               const char  *sql,
               GError     **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  if (sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    {
      tix_store_set_error (self, error, "Could not prepare a query");
      return NULL;
    }

  /* @sql is a literal or an interned string that outlives the store. */
  g_hash_table_insert (self->statements, (gpointer) sql, stmt);
  return stmt;
}

void
tix_store_bind_text (sqlite3_stmt *stmt,
           int           index,
           const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

/* Runs a statement that returns no rows. */
gboolean
tix_store_step_done (TixStore      *self,
           sqlite3_stmt  *stmt,
           const char    *what,
           GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    return tix_store_set_error (self, error, what);
  return TRUE;
}

static gboolean
exec (TixStore    *self,
      const char  *sql,
      GError     **error)
{
  char *message = NULL;

  if (sqlite3_exec (self->db, sql, NULL, NULL, &message) != SQLITE_OK)
    {
      int primary = sqlite3_extended_errcode (self->db) & 0xff;

      g_set_error (error, TIX_STORE_ERROR,
                   (primary == SQLITE_NOTADB || primary == SQLITE_CORRUPT)
                     ? TIX_STORE_ERROR_CORRUPT : TIX_STORE_ERROR_FAILED,
                   "%s", message ? message : sqlite3_errmsg (self->db));
      sqlite3_free (message);
      return FALSE;
    }
  return TRUE;
}

gboolean
tix_store_begin (TixStore  *self,
       GError   **error)
{
  sqlite3_stmt *stmt = tix_store_statement (self, "BEGIN IMMEDIATE", error);

  return stmt != NULL && tix_store_step_done (self, stmt, "Could not start a transaction", error);
}

gboolean
tix_store_commit (TixStore  *self,
        GError   **error)
{
  sqlite3_stmt *stmt = tix_store_statement (self, "COMMIT", error);

  return stmt != NULL && tix_store_step_done (self, stmt, "Could not commit", error);
}

void
tix_store_rollback (TixStore *self)
{
  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

/* Opening and migrating */

static gint64
pragma_int (TixStore    *self,
            const char  *sql,
            GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value = -1;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      tix_store_set_error (self, error, "Could not read the database");
      return -1;
    }
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  else
    tix_store_set_error (self, error, "Could not read the database");
  sqlite3_finalize (stmt);
  return value;
}

static gboolean
check_and_migrate (TixStore  *self,
                   GError   **error)
{
  gint64 application_id, version, tables;

  application_id = pragma_int (self, "PRAGMA application_id", error);
  version = application_id < 0 ? -1 : pragma_int (self, "PRAGMA user_version", error);
  tables = version < 0 ? -1 : pragma_int (self, "SELECT count(*) FROM sqlite_schema", error);
  if (tables < 0)
    {
      /* Say which file: a person has to find it. */
      g_prefix_error (error, "%s is not a Tix database, or it is damaged: ", self->path);
      return FALSE;
    }

  if (application_id != TIX_STORE_APPLICATION_ID && !(application_id == 0 && tables == 0))
    {
      g_set_error (error, TIX_STORE_ERROR, TIX_STORE_ERROR_CORRUPT,
                   "%s is not a Tix database", self->path);
      return FALSE;
    }

  if (version > (gint64) G_N_ELEMENTS (tix_store_migrations))
    {
      g_set_error (error, TIX_STORE_ERROR, TIX_STORE_ERROR_CORRUPT,
                   "%s was made by a newer version of Tix (schema %" G_GINT64_FORMAT ")",
                   self->path, version);
      return FALSE;
    }

  for (gint64 v = version; v < (gint64) G_N_ELEMENTS (tix_store_migrations); v++)
    {
      g_autofree char *set_version = NULL;

      if (!exec (self, "BEGIN IMMEDIATE", error))
        return FALSE;

      set_version = g_strdup_printf ("PRAGMA application_id = %d; PRAGMA user_version = %"
                                     G_GINT64_FORMAT, TIX_STORE_APPLICATION_ID, v + 1);
      if (!exec (self, tix_store_migrations[v], error) ||
          !exec (self, set_version, error) ||
          !exec (self, "COMMIT", error))
        {
          tix_store_rollback (self);
          g_prefix_error (error, "Could not upgrade %s: ", self->path);
          return FALSE;
        }
    }

  return TRUE;
}

/* Organizations from before signed codes get their key pair now. */
gboolean
tix_store_ensure_keys (TixStore  *self,
             GError   **error)
{
  sqlite3_stmt *select = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *update;

  if (sqlite3_prepare_v2 (self->db, "SELECT id FROM organizations WHERE secret_key IS NULL",
                          -1, &select, NULL) != SQLITE_OK)
    return tix_store_set_error (self, error, "Could not read the organizations");
  while (sqlite3_step (select) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (select, 0);
      g_array_append_val (ids, id);
    }
  sqlite3_finalize (select);

  if (ids->len == 0)
    return TRUE;

  if (!tix_store_begin (self, error))
    return FALSE;
  update = tix_store_statement (self,
    "UPDATE organizations SET public_key = ?, secret_key = ? WHERE id = ?", error);
  if (update == NULL)
    goto failed;
  for (guint i = 0; i < ids->len; i++)
    {
      guint8 public_key[TIX_TICKET_CODE_PUBLIC_KEY_BYTES];
      guint8 secret_key[TIX_TICKET_CODE_SECRET_KEY_BYTES];

      tix_ticket_code_new_keys (public_key, secret_key);
      sqlite3_bind_blob (update, 1, public_key, sizeof public_key, SQLITE_TRANSIENT);
      sqlite3_bind_blob (update, 2, secret_key, sizeof secret_key, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (update, 3, g_array_index (ids, gint64, i));
      if (!tix_store_step_done (self, update, "Could not store a key", error))
        goto failed;
    }
  return tix_store_commit (self, error);

failed:
  tix_store_rollback (self);
  return FALSE;
}

TixStore *
tix_store_open (const char  *path,
                GError     **error)
{
  g_autoptr(TixStore) self = NULL;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (TIX_TYPE_STORE, NULL);
  self->path = g_strdup (path);

  /* The file holds the organizations' signing keys: only its owner reads it.
   * SQLite gives the -wal and -shm files the same mode. */
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      int fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);

      if (fd < 0 && errno != EEXIST)
        {
          int saved = errno;
          g_set_error (error, TIX_STORE_ERROR, TIX_STORE_ERROR_FAILED,
                       "Could not create %s: %s", path, g_strerror (saved));
          return NULL;
        }
      if (fd >= 0)
        close (fd);
    }

  rc = sqlite3_open_v2 (path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, TIX_STORE_ERROR, TIX_STORE_ERROR_FAILED,
                   "Could not open %s: %s", path,
                   self->db ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
      return NULL;
    }

  sqlite3_extended_result_codes (self->db, 1);
  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);

  /* Read before anything writes, so a foreign file is never touched. */
  if (!check_and_migrate (self, error))
    return NULL;

  /* An acknowledged write survives a crash of the machine: FULL syncs the WAL
   * on every commit. TIX_BENCH_SYNCHRONOUS=NORMAL exists only so the benchmark
   * can report what durability costs; never set it on a box office. */
  if (!exec (self,
             g_strcmp0 (g_getenv ("TIX_BENCH_SYNCHRONOUS"), "NORMAL") == 0
               ? "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
               : "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;",
             error) ||
      !exec (self, "PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY;", error))
    return NULL;

  if (!tix_store_ensure_keys (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

gboolean
tix_store_backup (const char  *path,
                  const char  *destination,
                  GError     **error)
{
  g_autofree char *partial = NULL;
  sqlite3 *source = NULL, *target = NULL;
  sqlite3_backup *backup;
  gboolean ok = FALSE;
  int rc;

  g_return_val_if_fail (path != NULL && destination != NULL, FALSE);

  if (g_file_test (destination, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, TIX_STORE_ERROR, TIX_STORE_ERROR_EXISTS,
                   "%s exists already: choose a new name for the backup", destination);
      return FALSE;
    }

  /* Read-only: a backup never changes the database it copies. */
  rc = sqlite3_open_v2 (path, &source, SQLITE_OPEN_READONLY, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, TIX_STORE_ERROR, TIX_STORE_ERROR_FAILED, "Could not open %s: %s",
                   path, source ? sqlite3_errmsg (source) : sqlite3_errstr (rc));
      goto out;
    }
  sqlite3_busy_timeout (source, BUSY_TIMEOUT_MS);

  {
    sqlite3_stmt *stmt = NULL;
    gboolean tix = FALSE;

    if (sqlite3_prepare_v2 (source, "PRAGMA application_id", -1, &stmt, NULL) == SQLITE_OK &&
        sqlite3_step (stmt) == SQLITE_ROW)
      tix = sqlite3_column_int (stmt, 0) == TIX_STORE_APPLICATION_ID;
    sqlite3_finalize (stmt);
    if (!tix)
      {
        g_set_error (error, TIX_STORE_ERROR, TIX_STORE_ERROR_CORRUPT,
                     "%s is not a Tix database", path);
        goto out;
      }
  }

  /* Written aside, then renamed: a backup that exists is complete. */
  partial = g_strconcat (destination, ".partial", NULL);
  g_unlink (partial);
  {
    int fd = g_open (partial, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd >= 0)
      close (fd);
  }
  rc = sqlite3_open_v2 (partial, &target, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, TIX_STORE_ERROR, TIX_STORE_ERROR_FAILED, "Could not create %s: %s",
                   partial, target ? sqlite3_errmsg (target) : sqlite3_errstr (rc));
      goto out;
    }

  /* One step: a consistent snapshot even while a server writes. */
  backup = sqlite3_backup_init (target, "main", source, "main");
  if (backup == NULL)
    {
      g_set_error (error, TIX_STORE_ERROR, TIX_STORE_ERROR_FAILED, "Could not back up: %s",
                   sqlite3_errmsg (target));
      goto out;
    }
  do
    {
      rc = sqlite3_backup_step (backup, -1);
      if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
        sqlite3_sleep (50);
    }
  while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
  sqlite3_backup_finish (backup);
  if (rc != SQLITE_DONE)
    {
      g_set_error (error, TIX_STORE_ERROR, TIX_STORE_ERROR_FAILED, "Could not back up: %s",
                   sqlite3_errstr (rc));
      goto out;
    }

  sqlite3_close_v2 (target);
  target = NULL;
  if (g_rename (partial, destination) != 0)
    {
      int saved = errno;
      g_set_error (error, TIX_STORE_ERROR, TIX_STORE_ERROR_FAILED, "Could not write %s: %s",
                   destination, g_strerror (saved));
      goto out;
    }
  ok = TRUE;

out:
  if (target != NULL)
    sqlite3_close_v2 (target);
  if (source != NULL)
    sqlite3_close_v2 (source);
  if (!ok && partial != NULL)
    g_unlink (partial);
  return ok;
}

const char *
tix_store_get_path (TixStore *self)
{
  g_return_val_if_fail (TIX_IS_STORE (self), NULL);
  return self->path;
}

/* Audit */

gboolean
tix_store_audit (TixStore    *self,
       TixUser     *user,
       const char  *action,
       const char  *detail,
       gint64       now_ms,
       GError     **error)
{
  sqlite3_stmt *stmt = tix_store_statement (self,
    "INSERT INTO audit (organization_id, user_id, action, detail, at) VALUES (?, ?, ?, ?, ?)",
    error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, tix_user_get_organization_id (user));
  sqlite3_bind_int64 (stmt, 2, tix_user_get_id (user));
  tix_store_bind_text (stmt, 3, action);
  tix_store_bind_text (stmt, 4, detail);
  sqlite3_bind_int64 (stmt, 5, now_ms);
  return tix_store_step_done (self, stmt, "Could not write the audit log", error);
}

/* Steps @stmt for one row: the object @from_row makes of it, or NULL with
 * TIX_STORE_ERROR_NOT_FOUND (@not_found) or the SQLite error. Resets @stmt. */
gpointer
tix_store_step_one (TixStore      *self,
          sqlite3_stmt  *stmt,
          gpointer     (*from_row) (sqlite3_stmt *stmt),
          const char    *not_found,
          GError       **error)
{
  gpointer object = NULL;

  switch (sqlite3_step (stmt))
    {
    case SQLITE_ROW:
      object = from_row (stmt);
      break;
    case SQLITE_DONE:
      g_set_error_literal (error, TIX_STORE_ERROR, TIX_STORE_ERROR_NOT_FOUND, not_found);
      break;
    default:
      tix_store_set_error (self, error, "Could not read the database");
    }
  sqlite3_reset (stmt);
  return object;
}

/* Settings */

GHashTable *
tix_store_get_settings (TixStore  *self,
                        gint64     organization_id,
                        GError   **error)
{
  g_autoptr(GHashTable) settings = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (TIX_IS_STORE (self), NULL);

  settings = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  stmt = tix_store_statement (self, "SELECT name FROM organizations WHERE id = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, organization_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    g_hash_table_insert (settings, g_strdup ("organization_name"),
                         g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error_literal (error, TIX_STORE_ERROR, TIX_STORE_ERROR_NOT_FOUND,
                           "No such organization");
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      tix_store_set_error (self, error, "Could not read the settings");
      return NULL;
    }

  stmt = tix_store_statement (self, "SELECT key, value FROM settings WHERE organization_id = ?",
                        error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, organization_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *key = (const char *) sqlite3_column_text (stmt, 0);

      if (g_strv_contains (settings_keys, key))
        g_hash_table_insert (settings, g_strdup (key),
                             g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      tix_store_set_error (self, error, "Could not read the settings");
      return NULL;
    }

  return g_steal_pointer (&settings);
}

gboolean
tix_store_update_settings (TixStore    *self,
                           TixUser     *user,
                           GHashTable  *changes,
                           gint64       now_ms,
                           GError     **error)
{
  g_autoptr(GString) detail = g_string_new (NULL);
  gint64 org_id;
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (TIX_IS_STORE (self), FALSE);
  g_return_val_if_fail (TIX_IS_USER (user), FALSE);
  g_return_val_if_fail (changes != NULL, FALSE);

  org_id = tix_user_get_organization_id (user);

  if (!tix_store_begin (self, error))
    return FALSE;

  g_hash_table_iter_init (&iter, changes);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      sqlite3_stmt *stmt;

      if (g_str_equal (key, "organization_name"))
        {
          stmt = tix_store_statement (self, "UPDATE organizations SET name = ? WHERE id = ?", error);
          if (stmt == NULL)
            goto failed;
          tix_store_bind_text (stmt, 1, value);
          sqlite3_bind_int64 (stmt, 2, org_id);
        }
      else if (g_strv_contains (settings_keys, key))
        {
          stmt = tix_store_statement (self,
            "INSERT INTO settings (organization_id, key, value) VALUES (?, ?, ?)"
            " ON CONFLICT (organization_id, key) DO UPDATE SET value = excluded.value", error);
          if (stmt == NULL)
            goto failed;
          sqlite3_bind_int64 (stmt, 1, org_id);
          tix_store_bind_text (stmt, 2, key);
          tix_store_bind_text (stmt, 3, value);
        }
      else
        {
          g_set_error (error, TIX_STORE_ERROR, TIX_STORE_ERROR_NOT_FOUND,
                       "Unknown setting “%s”", (const char *) key);
          goto failed;
        }

      if (!tix_store_step_done (self, stmt, "Could not save the settings", error))
        goto failed;
      g_string_append_printf (detail, "%s%s", detail->len ? ", " : "", (const char *) key);
    }

  if (!tix_store_audit (self, user, "settings-updated", detail->str, now_ms, error) ||
      !tix_store_commit (self, error))
    goto failed;

  return TRUE;

failed:
  tix_store_rollback (self);
  return FALSE;
}
