/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-store"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tix-db-private.h"
#include "tix-store.h"
#include "tix-store-schema.h"
#include "tix-time.h"

#define BUSY_TIMEOUT_MS 10000

typedef struct
{
  TixDb    base;
  sqlite3 *db;
} TixDbSqlite;

typedef struct
{
  TixDbStmt     base;
  sqlite3_stmt *stmt;
} TixDbSqliteStmt;

#define SQLITE_DB(db)     (((TixDbSqlite *) (db))->db)
#define SQLITE_STMT(stmt) (((TixDbSqliteStmt *) (stmt))->stmt)

static gboolean
set_error (TixDb       *db,
           GError     **error,
           const char  *what)
{
  int code = sqlite3_extended_errcode (SQLITE_DB (db));
  int primary = code & 0xff;
  TixStoreError store_code = TIX_STORE_ERROR_FAILED;

  if (primary == SQLITE_NOTADB || primary == SQLITE_CORRUPT)
    store_code = TIX_STORE_ERROR_CORRUPT;
  else if (code == SQLITE_CONSTRAINT_UNIQUE || code == SQLITE_CONSTRAINT_PRIMARYKEY)
    store_code = TIX_STORE_ERROR_EXISTS;

  /* A damaged file is named: a person has to find it (and its backup). */
  if (store_code == TIX_STORE_ERROR_CORRUPT)
    g_set_error (error, TIX_STORE_ERROR, store_code, "%s: %s (the database %s is damaged)",
                 what, sqlite3_errmsg (SQLITE_DB (db)), db->location);
  else
    g_set_error (error, TIX_STORE_ERROR, store_code, "%s: %s", what,
                 sqlite3_errmsg (SQLITE_DB (db)));
  return FALSE;
}

static void
db_free (TixDb *db)
{
  if (SQLITE_DB (db) != NULL)
    sqlite3_close_v2 (SQLITE_DB (db));
  g_free (db);
}

static TixDbStmt *
prepare (TixDb       *db,
         const char  *sql,
         GError     **error)
{
  TixDbSqliteStmt *stmt = g_new0 (TixDbSqliteStmt, 1);

  if (sqlite3_prepare_v3 (SQLITE_DB (db), sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt->stmt,
                          NULL) != SQLITE_OK)
    {
      set_error (db, error, "Could not prepare a query");
      g_free (stmt);
      return NULL;
    }
  return &stmt->base;
}

static void
stmt_free (TixDbStmt *stmt)
{
  sqlite3_finalize (SQLITE_STMT (stmt));
  g_free (stmt);
}

static void
clear (TixDbStmt *stmt)
{
  sqlite3_reset (SQLITE_STMT (stmt));
  sqlite3_clear_bindings (SQLITE_STMT (stmt));
}

static gboolean
exec (TixDb       *db,
      const char  *sql,
      GError     **error)
{
  char *message = NULL;

  if (sqlite3_exec (SQLITE_DB (db), sql, NULL, NULL, &message) != SQLITE_OK)
    {
      int primary = sqlite3_extended_errcode (SQLITE_DB (db)) & 0xff;
      gboolean corrupt = primary == SQLITE_NOTADB || primary == SQLITE_CORRUPT;

      g_set_error (error, TIX_STORE_ERROR,
                   corrupt ? TIX_STORE_ERROR_CORRUPT : TIX_STORE_ERROR_FAILED,
                   corrupt ? "%s (the database %s is damaged)" : "%s",
                   message ? message : sqlite3_errmsg (SQLITE_DB (db)), db->location);
      sqlite3_free (message);
      return FALSE;
    }
  return TRUE;
}

static void
bind_int64 (TixDbStmt *stmt,
            int        index,
            gint64     value)
{
  sqlite3_bind_int64 (SQLITE_STMT (stmt), index, value);
}

static void
bind_text (TixDbStmt  *stmt,
           int         index,
           const char *text)
{
  sqlite3_bind_text (SQLITE_STMT (stmt), index, text, -1, SQLITE_TRANSIENT);
}

static void
bind_blob (TixDbStmt  *stmt,
           int         index,
           const void *data,
           gsize       size)
{
  sqlite3_bind_blob64 (SQLITE_STMT (stmt), index, data, size, SQLITE_TRANSIENT);
}

static void
bind_null (TixDbStmt *stmt,
           int        index)
{
  sqlite3_bind_null (SQLITE_STMT (stmt), index);
}

static int
parameter_index (TixDbStmt  *stmt,
                 const char *name)
{
  return sqlite3_bind_parameter_index (SQLITE_STMT (stmt), name);
}

static TixDbStep
step (TixDbStmt *stmt)
{
  switch (sqlite3_step (SQLITE_STMT (stmt)))
    {
    case SQLITE_ROW:
      return TIX_DB_ROW;
    case SQLITE_DONE:
      return TIX_DB_DONE;
    default:
      return TIX_DB_ERROR;
    }
}

static gboolean
column_is_null (TixDbStmt *stmt,
                int        column)
{
  return sqlite3_column_type (SQLITE_STMT (stmt), column) == SQLITE_NULL;
}

static gint64
column_int64 (TixDbStmt *stmt,
              int        column)
{
  return sqlite3_column_int64 (SQLITE_STMT (stmt), column);
}

static const char *
column_text (TixDbStmt *stmt,
             int        column)
{
  return (const char *) sqlite3_column_text (SQLITE_STMT (stmt), column);
}

static const guint8 *
column_blob (TixDbStmt *stmt,
             int        column,
             gsize     *size)
{
  const guint8 *data = sqlite3_column_blob (SQLITE_STMT (stmt), column);

  *size = (gsize) sqlite3_column_bytes (SQLITE_STMT (stmt), column);
  return data;
}

static void
reset (TixDbStmt *stmt)
{
  sqlite3_reset (SQLITE_STMT (stmt));
}

static gint64
changes (TixDb *db)
{
  return sqlite3_changes64 (SQLITE_DB (db));
}

static gboolean
begin (TixDb   *db,
       GError **error)
{
  TixDbStmt *stmt = tix_db_statement (db, "BEGIN IMMEDIATE", error);
  TixDbStep rc;

  if (stmt == NULL)
    return FALSE;
  rc = step (stmt);
  reset (stmt);
  if (rc == TIX_DB_ERROR)
    return set_error (db, error, "Could not start a transaction");
  return TRUE;
}

/* BEGIN IMMEDIATE took the one write lock already. */
static gboolean
lock_organization (TixDb   *db,
                   gint64   organization_id,
                   GError **error)
{
  return TRUE;
}

static void
rollback (TixDb *db)
{
  if (!sqlite3_get_autocommit (SQLITE_DB (db)))
    sqlite3_exec (SQLITE_DB (db), "ROLLBACK", NULL, NULL, NULL);
}

/* One process owns the file: events never come from elsewhere. */
static gboolean
notify (TixDb       *db,
        const char  *payload,
        GError     **error)
{
  return TRUE;
}

static void
listen (TixDb           *db,
        TixDbNotifyFunc  func,
        gpointer         user_data)
{
}

/* fdatasync of the WAL, outside any transaction: what commits with
 * synchronous=NORMAL wrote reaches the disk here, on the thread that wrote
 * it, rather than in the fsync of the next FULL commit of another
 * connection (a scan), which would otherwise wait for all of it. */
static void
sync_log (TixDb *db)
{
  sqlite3_file *file = NULL;

  if (sqlite3_file_control (SQLITE_DB (db), "main", SQLITE_FCNTL_JOURNAL_POINTER, &file) ==
        SQLITE_OK &&
      file != NULL && file->pMethods != NULL)
    file->pMethods->xSync (file, SQLITE_SYNC_NORMAL);
}

static const TixDbBackend sqlite_backend = {
  db_free, prepare, stmt_free, clear, exec, bind_int64, bind_text, bind_blob, bind_null,
  parameter_index, step, column_is_null, column_int64, column_text, column_blob, reset,
  changes, set_error, begin, lock_organization, rollback, notify, listen, NULL, sync_log,
};

/* Opening and migrating */

static gint64
pragma_int (TixDb       *db,
            const char  *sql,
            GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value = -1;

  if (sqlite3_prepare_v2 (SQLITE_DB (db), sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      set_error (db, error, "Could not read the database");
      return -1;
    }
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  else
    set_error (db, error, "Could not read the database");
  sqlite3_finalize (stmt);
  return value;
}

/* tix_day_start (date, zone): the first millisecond of the day @date
 * (YYYY-MM-DD) in the time zone @zone, or NULL. The migration to events
 * (tix-store-schema.h) makes an event's start of an event_date with it. */
static void
day_start_function (sqlite3_context *context,
                    int              argc,
                    sqlite3_value  **argv)
{
  const char *date = (const char *) sqlite3_value_text (argv[0]);
  const char *zone = (const char *) sqlite3_value_text (argv[1]);
  gint64 ms;

  if (date != NULL && tix_time_day_start_in_zone (date, zone, &ms))
    sqlite3_result_int64 (context, ms);
  else
    sqlite3_result_null (context);
}

static gboolean
check_and_migrate (TixDb   *db,
                   GError **error)
{
  gint64 application_id, version, tables;

  application_id = pragma_int (db, "PRAGMA application_id", error);
  version = application_id < 0 ? -1 : pragma_int (db, "PRAGMA user_version", error);
  tables = version < 0 ? -1 : pragma_int (db, "SELECT count(*) FROM sqlite_schema", error);
  if (tables < 0)
    {
      /* Say which file: a person has to find it. */
      g_prefix_error (error, "%s is not a Tix database, or it is damaged: ", db->location);
      return FALSE;
    }

  /* Damaged pages anywhere (the schema may be whole): refused now, by name,
   * rather than failing scans at the door later. quick_check reads every
   * page once, without the cross-checks of integrity_check. */
  if (tables > 0)
    {
      sqlite3_stmt *stmt = NULL;
      g_autofree char *problem = NULL;
      int rc;

      if (sqlite3_prepare_v2 (SQLITE_DB (db), "PRAGMA quick_check(1)", -1, &stmt,
                              NULL) != SQLITE_OK)
        return set_error (db, error, "Could not check the database");
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          const char *text = (const char *) sqlite3_column_text (stmt, 0);

          if (g_strcmp0 (text, "ok") != 0)
            problem = g_strdup (text ? text : "?");
        }
      else
        problem = g_strdup (sqlite3_errmsg (SQLITE_DB (db)));
      sqlite3_finalize (stmt);
      if (problem != NULL)
        {
          g_strdelimit (problem, "\n", ' ');
          g_set_error (error, TIX_STORE_ERROR, TIX_STORE_ERROR_CORRUPT,
                       "%s is damaged (%s): restore it from a backup", db->location,
                       problem);
          return FALSE;
        }
    }

  if (application_id != TIX_STORE_APPLICATION_ID && !(application_id == 0 && tables == 0))
    {
      g_set_error (error, TIX_STORE_ERROR, TIX_STORE_ERROR_CORRUPT,
                   "%s is not a Tix database", db->location);
      return FALSE;
    }

  if (version > (gint64) G_N_ELEMENTS (tix_store_migrations))
    {
      g_set_error (error, TIX_STORE_ERROR, TIX_STORE_ERROR_CORRUPT,
                   "%s was made by a newer version of Tix (schema %" G_GINT64_FORMAT ")",
                   db->location, version);
      return FALSE;
    }

  for (gint64 v = version; v < (gint64) G_N_ELEMENTS (tix_store_migrations); v++)
    {
      g_autofree char *set_version = NULL;

      if (!exec (db, "BEGIN IMMEDIATE", error))
        return FALSE;

      set_version = g_strdup_printf ("PRAGMA application_id = %d; PRAGMA user_version = %"
                                     G_GINT64_FORMAT, TIX_STORE_APPLICATION_ID, v + 1);
      if (!exec (db, tix_store_migrations[v], error) ||
          !exec (db, set_version, error) ||
          !exec (db, "COMMIT", error))
        {
          rollback (db);
          g_prefix_error (error, "Could not upgrade %s: ", db->location);
          return FALSE;
        }
    }

  return TRUE;
}

TixDb *
tix_db_sqlite_open (const char  *path,
                    gboolean     check,
                    GError     **error)
{
  TixDbSqlite *self;
  TixDb *db;
  int rc;

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

  /* A file that exists empty (made by hand, or by an installer's touch) is
   * set up in place: before a key goes in, only its owner may read it. */
  {
    GStatBuf st;

    if (g_stat (path, &st) == 0 && S_ISREG (st.st_mode) && st.st_size == 0 &&
        (st.st_mode & 077) != 0 && g_chmod (path, 0600) != 0)
      {
        int saved = errno;
        g_set_error (error, TIX_STORE_ERROR, TIX_STORE_ERROR_FAILED,
                     "%s is readable by other users and could not be made private "
                     "(chmod 0600): %s", path, g_strerror (saved));
        return NULL;
      }
  }

  self = g_new0 (TixDbSqlite, 1);
  db = &self->base;
  tix_db_init_base (db, &sqlite_backend, path, FALSE);

  rc = sqlite3_open_v2 (path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, TIX_STORE_ERROR, TIX_STORE_ERROR_FAILED,
                   "Could not open %s: %s", path,
                   self->db ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
      tix_db_free (db);
      return NULL;
    }

  sqlite3_extended_result_codes (self->db, 1);
  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);
  sqlite3_create_function (self->db, "tix_day_start", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
                           NULL, day_start_function, NULL, NULL);

  /* Read before anything writes, so a foreign file is never touched. An
   * acknowledged write survives a crash of the machine: FULL syncs the WAL
   * on every commit. TIX_BENCH_SYNCHRONOUS=NORMAL exists only so the
   * benchmark can report what durability costs; never set it on a box office. */
  if ((check && !check_and_migrate (db, error)) ||
      !exec (db,
             g_strcmp0 (g_getenv ("TIX_BENCH_SYNCHRONOUS"), "NORMAL") == 0
               ? "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
               : "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;",
             error) ||
      !exec (db, "PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY;", error))
    {
      tix_db_free (db);
      return NULL;
    }

  return db;
}

gboolean
tix_db_sqlite_backup (const char  *path,
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
