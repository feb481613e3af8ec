/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-door-cache"

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "tix-door-cache-private.h"

/* TixDoorCache: the SQLite file, its schema and the helpers every room uses
 * (tix-door-cache-private.h lists the rooms), and the organization's key. */

#define BUSY_TIMEOUT_MS 5000

/* The file's layout, in versions (PRAGMA user_version): a new file goes
 * through each in turn, a file of an earlier Tix through those it lacks. */

/* Version 1, the first: no user_version (0) yet. */
static const char schema_v1[] =
  "CREATE TABLE IF NOT EXISTS meta ("
  "  key TEXT PRIMARY KEY,"
  "  value"
  ");"
  "CREATE TABLE IF NOT EXISTS tickets ("
  "  id TEXT PRIMARY KEY,"
  "  number TEXT NOT NULL,"
  "  prefix TEXT NOT NULL,"
  "  revision INTEGER NOT NULL DEFAULT 1,"
  "  scanned_at INTEGER,"
  "  scanned_by TEXT,"
  "  deleted INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE INDEX IF NOT EXISTS tickets_number ON tickets (number);"
  "CREATE TABLE IF NOT EXISTS queue ("
  "  seq INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  scan_id TEXT NOT NULL UNIQUE,"
  "  code TEXT NOT NULL,"
  "  ticket_id TEXT,"
  "  scanned_at INTEGER NOT NULL,"
  "  station TEXT,"
  "  state INTEGER NOT NULL DEFAULT 0,"
  "  message TEXT"
  ");"
  "CREATE INDEX IF NOT EXISTS queue_state ON queue (state, seq);";

/* Version 2, events: each ticket's event and the organization's events
 * (each the server's JSON object, for naming the event a ticket is for).
 * The tickets a file already holds do not know their event: the cursor
 * goes back to the start, so that the next sync brings them all again
 * (scans still queued stay, and so does their mark on the ticket). */
static const char schema_v2[] =
  "ALTER TABLE tickets ADD COLUMN event_id INTEGER;"
  "CREATE TABLE events ("
  "  id INTEGER PRIMARY KEY,"
  "  event TEXT NOT NULL"
  ");"
  "DELETE FROM meta WHERE key = 'cursor';";

/* Version 3, sales (issue 19): a ticket of a refunded order is void. The
 * sync brings the refunds as changes of their tickets. */
static const char schema_v3[] =
  "ALTER TABLE tickets ADD COLUMN refunded INTEGER NOT NULL DEFAULT 0;";

/* Version 4, door rules (issue 20): the entrances of the events (each the
 * server's JSON object), each ticket's type and inside state, and the
 * direction and entrance of each queued scan. A ticket's inside state is
 * kept twice: as the server last said (server_*), and as this station
 * knows it, with its own scans not uploaded yet (an upload the server
 * refuses goes back to the server's). A ticket scanned before counts as
 * inside, as the server's own migration counted it; the cursor goes back
 * to the start, so that the next sync brings each one's real state. */
static const char schema_v4[] =
  "ALTER TABLE tickets ADD COLUMN type_id INTEGER;"
  "ALTER TABLE tickets ADD COLUMN inside INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE tickets ADD COLUMN entrance_id INTEGER;"
  "ALTER TABLE tickets ADD COLUMN last_in_at INTEGER;"
  "ALTER TABLE tickets ADD COLUMN last_out_at INTEGER;"
  "ALTER TABLE tickets ADD COLUMN server_inside INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE tickets ADD COLUMN server_entrance_id INTEGER;"
  "ALTER TABLE tickets ADD COLUMN server_last_in_at INTEGER;"
  "ALTER TABLE tickets ADD COLUMN server_last_out_at INTEGER;"
  "UPDATE tickets SET inside = 1, server_inside = 1, last_in_at = scanned_at,"
  "  server_last_in_at = scanned_at WHERE scanned_at IS NOT NULL AND deleted = 0;"
  "CREATE INDEX tickets_inside ON tickets (event_id) WHERE inside = 1 AND deleted = 0;"
  "CREATE TABLE entrances ("
  "  id INTEGER PRIMARY KEY,"
  "  event_id INTEGER NOT NULL,"
  "  is_default INTEGER NOT NULL DEFAULT 0,"
  "  entrance TEXT NOT NULL"
  ");"
  "CREATE INDEX entrances_event ON entrances (event_id);"
  "ALTER TABLE queue ADD COLUMN entrance_id INTEGER;"
  "ALTER TABLE queue ADD COLUMN direction INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE queue ADD COLUMN at_entrance INTEGER;"
  "DELETE FROM meta WHERE key = 'cursor';";

static const char * const schemas[] = { schema_v1, schema_v2, schema_v3, schema_v4 };
#define SCHEMA_VERSION G_N_ELEMENTS (schemas)

G_DEFINE_FINAL_TYPE (TixDoorCache, tix_door_cache, G_TYPE_OBJECT)

G_DEFINE_QUARK (tix-door-cache-error-quark, tix_door_cache_error)

/* SQLite, the way every room uses it ------------------------------------------ */

gboolean
tix_door_cache_db_error (TixDoorCache  *self,
                         const char    *what,
                         GError       **error)
{
  g_set_error (error, TIX_DOOR_CACHE_ERROR, TIX_DOOR_CACHE_ERROR_FAILED,
               "Door cache %s: %s", what, sqlite3_errmsg (self->db));
  return FALSE;
}

gboolean
tix_door_cache_db_exec (TixDoorCache  *self,
                        const char    *sql,
                        GError       **error)
{
  if (sqlite3_exec (self->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return tix_door_cache_db_error (self, sql, error);

  return TRUE;
}

sqlite3_stmt *
tix_door_cache_db_prepare (TixDoorCache  *self,
                           const char    *sql,
                           GError       **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      tix_door_cache_db_error (self, "prepare", error);
      return NULL;
    }

  return stmt;
}

void
tix_door_cache_db_bind_text (sqlite3_stmt *stmt,
                             int           i,
                             const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, i, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, i);
}

char *
tix_door_cache_db_column_text (sqlite3_stmt *stmt,
                               int           i)
{
  const unsigned char *text = sqlite3_column_text (stmt, i);

  return text ? g_strdup ((const char *) text) : NULL;
}

gboolean
tix_door_cache_db_step (TixDoorCache  *self,
                        sqlite3_stmt  *stmt,
                        GError       **error)
{
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return tix_door_cache_db_error (self, "write", error);

  return TRUE;
}

gboolean
tix_door_cache_db_begin (TixDoorCache  *self,
                         GError       **error)
{
  return tix_door_cache_db_exec (self, "BEGIN IMMEDIATE", error);
}

gboolean
tix_door_cache_db_commit (TixDoorCache  *self,
                          GError       **error)
{
  if (!tix_door_cache_db_exec (self, "COMMIT", error))
    {
      tix_door_cache_db_exec (self, "ROLLBACK", NULL);
      return FALSE;
    }

  return TRUE;
}

gboolean
tix_door_cache_db_rollback (TixDoorCache  *self,
                            GError        *local_error,
                            GError       **error)
{
  tix_door_cache_db_exec (self, "ROLLBACK", NULL);
  g_propagate_error (error, local_error);
  return FALSE;
}

gint64
tix_door_cache_get_meta_int (TixDoorCache *self,
                             const char   *key)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = tix_door_cache_db_prepare (self, "SELECT value FROM meta WHERE key = ?", NULL);
  if (stmt == NULL)
    return 0;
  tix_door_cache_db_bind_text (stmt, 1, key);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return 0;

  return sqlite3_column_int64 (stmt, 0);
}

gboolean
tix_door_cache_set_meta_int (TixDoorCache  *self,
                             const char    *key,
                             gint64         value,
                             GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = tix_door_cache_db_prepare (self, "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                                    error);
  if (stmt == NULL)
    return FALSE;
  tix_door_cache_db_bind_text (stmt, 1, key);
  sqlite3_bind_int64 (stmt, 2, value);

  return tix_door_cache_db_step (self, stmt, error);
}

/* The schema ------------------------------------------------------------------- */

/* Brings the file to SCHEMA_VERSION in one transaction. A file of a later
 * Tix is used as it is: each version only adds. */
static gboolean
update_schema (TixDoorCache  *self,
               GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *set_version = NULL;
  gint64 version;

  if (!tix_door_cache_db_begin (self, error))
    return FALSE;

  stmt = tix_door_cache_db_prepare (self, "PRAGMA user_version", &local_error);
  if (stmt == NULL)
    goto rollback;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      tix_door_cache_db_error (self, "user_version", &local_error);
      goto rollback;
    }
  version = sqlite3_column_int64 (stmt, 0);
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (version >= (gint64) SCHEMA_VERSION)
    return tix_door_cache_db_commit (self, error);

  for (gint64 i = version; i < (gint64) SCHEMA_VERSION; i++)
    if (!tix_door_cache_db_exec (self, schemas[i], &local_error))
      goto rollback;
  set_version = g_strdup_printf ("PRAGMA user_version = %u", (guint) SCHEMA_VERSION);
  if (!tix_door_cache_db_exec (self, set_version, &local_error))
    goto rollback;
  if (version > 0)
    g_debug ("The door cache %s went from version %" G_GINT64_FORMAT " to %u", self->path,
             version, (guint) SCHEMA_VERSION);

  return tix_door_cache_db_commit (self, error);

rollback:
  return tix_door_cache_db_rollback (self, g_steal_pointer (&local_error), error);
}

/* GObject ---------------------------------------------------------------------- */

static void
tix_door_cache_finalize (GObject *object)
{
  TixDoorCache *self = TIX_DOOR_CACHE (object);

  if (self->db != NULL)
    sqlite3_close (self->db);
  g_free (self->path);

  G_OBJECT_CLASS (tix_door_cache_parent_class)->finalize (object);
}

static void
tix_door_cache_class_init (TixDoorCacheClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = tix_door_cache_finalize;
}

static void
tix_door_cache_init (TixDoorCache *self)
{
}

/* The file and the key --------------------------------------------------------- */

TixDoorCache *
tix_door_cache_new (const char  *path,
                    GError     **error)
{
  g_autoptr(TixDoorCache) self = NULL;
  g_autofree char *dir = NULL;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);

  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Cannot create %s: %s", dir, g_strerror (saved_errno));
      return NULL;
    }

  self = g_object_new (TIX_TYPE_DOOR_CACHE, NULL);
  self->path = g_strdup (path);

  rc = sqlite3_open_v2 (path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    {
      tix_door_cache_db_error (self, "open", error);
      return NULL;
    }
  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);
  g_chmod (path, 0600);

  /* A queued scan is the only record that a person was let in: every
   * commit reaches the disk before the station says VALID. */
  if (!tix_door_cache_db_exec (self, "PRAGMA journal_mode=WAL;", error) ||
      !tix_door_cache_db_exec (self, "PRAGMA synchronous=FULL;", error) ||
      !update_schema (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

const char *
tix_door_cache_get_path (TixDoorCache *self)
{
  g_return_val_if_fail (TIX_IS_DOOR_CACHE (self), NULL);

  return self->path;
}

gboolean
tix_door_cache_get_public_key (TixDoorCache *self,
                               guint8        out_key[TIX_TICKET_CODE_PUBLIC_KEY_BYTES])
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (TIX_IS_DOOR_CACHE (self), FALSE);

  stmt = tix_door_cache_db_prepare (self, "SELECT value FROM meta WHERE key = 'public_key'",
                                    NULL);
  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW ||
      sqlite3_column_bytes (stmt, 0) != TIX_TICKET_CODE_PUBLIC_KEY_BYTES)
    return FALSE;

  if (out_key != NULL)
    memcpy (out_key, sqlite3_column_blob (stmt, 0), TIX_TICKET_CODE_PUBLIC_KEY_BYTES);

  return TRUE;
}

gboolean
tix_door_cache_set_public_key (TixDoorCache  *self,
                               const guint8   key[TIX_TICKET_CODE_PUBLIC_KEY_BYTES],
                               GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (TIX_IS_DOOR_CACHE (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  stmt = tix_door_cache_db_prepare (self,
                                    "INSERT OR REPLACE INTO meta (key, value) "
                                    "VALUES ('public_key', ?)",
                                    error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_blob (stmt, 1, key, TIX_TICKET_CODE_PUBLIC_KEY_BYTES, SQLITE_TRANSIENT);

  return tix_door_cache_db_step (self, stmt, error);
}
