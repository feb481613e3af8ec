/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-door-cache"

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "tix-door-cache.h"
#include "tix-json.h"
#include "tix-time.h"

#define BUSY_TIMEOUT_MS 5000

static const char schema[] =
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

struct _TixDoorCache
{
  GObject  parent_instance;

  char    *path;
  sqlite3 *db;
};

G_DEFINE_FINAL_TYPE (TixDoorCache, tix_door_cache, G_TYPE_OBJECT)

G_DEFINE_QUARK (tix-door-cache-error-quark, tix_door_cache_error)

void
tix_door_cache_ticket_free (TixDoorCacheTicket *ticket)
{
  if (ticket == NULL)
    return;

  g_free (ticket->id);
  g_free (ticket->number);
  g_free (ticket->prefix);
  g_free (ticket->scanned_by);
  g_free (ticket);
}

void
tix_door_queued_scan_free (TixDoorQueuedScan *scan)
{
  if (scan == NULL)
    return;

  g_free (scan->scan_id);
  g_free (scan->code);
  g_free (scan->ticket_id);
  g_free (scan->station);
  g_free (scan->message);
  g_free (scan);
}

static gboolean
db_error (TixDoorCache  *self,
          const char    *what,
          GError       **error)
{
  g_set_error (error, TIX_DOOR_CACHE_ERROR, TIX_DOOR_CACHE_ERROR_FAILED,
               "Door cache %s: %s", what, sqlite3_errmsg (self->db));
  return FALSE;
}

static gboolean
exec (TixDoorCache  *self,
      const char    *sql,
      GError       **error)
{
  if (sqlite3_exec (self->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return db_error (self, sql, error);

  return TRUE;
}

static sqlite3_stmt *
prepare (TixDoorCache  *self,
         const char    *sql,
         GError       **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      db_error (self, "prepare", error);
      return NULL;
    }

  return stmt;
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

static void
bind_text (sqlite3_stmt *stmt,
           int           i,
           const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, i, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, i);
}

static char *
column_text (sqlite3_stmt *stmt,
             int           i)
{
  const unsigned char *text = sqlite3_column_text (stmt, i);

  return text ? g_strdup ((const char *) text) : NULL;
}

static gboolean
step_done (TixDoorCache  *self,
           sqlite3_stmt  *stmt,
           GError       **error)
{
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return db_error (self, "write", error);

  return TRUE;
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

/* Public API ------------------------------------------------------------------- */

/* The embedded server of standalone mode listens on a new port at each
 * start: its copy is named after its database instead, so that it stays
 * the same file. */
static GMutex local_lock;
static char *local_url;
static char *local_identity;
static gboolean local_cleaned;   /* the old copies of this one are gone */

void
tix_door_cache_set_local_server (const char *server_url,
                                 const char *identity)
{
  g_mutex_lock (&local_lock);
  g_clear_pointer (&local_url, g_free);
  g_clear_pointer (&local_identity, g_free);
  local_cleaned = FALSE;
  if (server_url != NULL && identity != NULL)
    {
      gsize length = strlen (server_url);

      /* As TixClient keeps it: without a trailing slash. */
      while (length > 0 && server_url[length - 1] == '/')
        length--;
      local_url = g_strndup (server_url, length);
      local_identity = g_strdup (identity);
    }
  g_mutex_unlock (&local_lock);
}

static char *
name_for_key (const char *key)
{
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, key, -1);

  hash[16] = '\0';
  return g_strdup_printf ("door-%s.db", hash);
}

/* TRUE when the copy at @path holds no scan that is still to be uploaded
 * (so that it is only a copy of what its server has). */
static gboolean
nothing_pending (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gboolean empty = FALSE;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
      sqlite3_prepare_v2 (db, "SELECT count(*) FROM queue WHERE state = 0", -1, &stmt,
                          NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    empty = sqlite3_column_int64 (stmt, 0) == 0;

  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return empty;
}

/* Before, the embedded server's copy was named after its URL, so each start
 * (a new port) left a file behind: those are recognized by their names and
 * removed, unless a scan in them is still to be uploaded. */
static void
remove_old_local_copies (const char *dir,
                         gint64      organization_id,
                         const char *keep)
{
  g_autoptr(GDir) folder = g_dir_open (dir, 0, NULL);
  g_autoptr(GHashTable) candidates = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const char *name;

  if (folder == NULL)
    return;

  while ((name = g_dir_read_name (folder)) != NULL)
    if (g_str_has_prefix (name, "door-") && g_str_has_suffix (name, ".db") &&
        strlen (name) == strlen ("door-") + 16 + strlen (".db"))
      g_hash_table_add (candidates, g_strdup (name));

  /* Only the current copy: nothing to look for. */
  {
    g_autofree char *kept = g_path_get_basename (keep);

    g_hash_table_remove (candidates, kept);
  }
  if (g_hash_table_size (candidates) == 0)
    return;

  for (guint port = 1; port <= 65535 && g_hash_table_size (candidates) > 0; port++)
    {
      g_autofree char *key = g_strdup_printf ("http://127.0.0.1:%u\n%" G_GINT64_FORMAT,
                                              port, organization_id);
      g_autofree char *old = name_for_key (key);
      g_autofree char *path = NULL;

      if (!g_hash_table_contains (candidates, old))
        continue;
      g_hash_table_remove (candidates, old);

      path = g_build_filename (dir, old, NULL);
      if (g_strcmp0 (path, keep) == 0 || !nothing_pending (path))
        continue;

      g_debug ("Removing the old offline copy %s", path);
      for (guint i = 0; i < 3; i++)
        {
          static const char * const suffixes[] = { "", "-wal", "-shm" };
          g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

          g_unlink (file);
        }
    }
}

char *
tix_door_cache_default_path (const char *server_url,
                             gint64      organization_id)
{
  g_autofree char *key = NULL;
  g_autofree char *name = NULL;
  g_autofree char *dir = NULL;
  char *path;
  gboolean local, clean = FALSE;

  g_return_val_if_fail (server_url != NULL, NULL);

  g_mutex_lock (&local_lock);
  local = local_url != NULL && g_str_has_prefix (server_url, local_url) &&
          strspn (server_url + strlen (local_url), "/") == strlen (server_url + strlen (local_url));
  if (local)
    {
      key = g_strdup_printf ("local\n%s\n%" G_GINT64_FORMAT, local_identity, organization_id);
      clean = !local_cleaned;
      local_cleaned = TRUE;
    }
  else
    key = g_strdup_printf ("%s\n%" G_GINT64_FORMAT, server_url, organization_id);
  g_mutex_unlock (&local_lock);

  name = name_for_key (key);
  dir = g_build_filename (g_get_user_data_dir (), "tix", NULL);
  path = g_build_filename (dir, name, NULL);

  if (clean)
    remove_old_local_copies (dir, organization_id, path);

  return path;
}

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
      db_error (self, "open", error);
      return NULL;
    }
  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);
  g_chmod (path, 0600);

  /* A queued scan is the only record that a person was let in: every
   * commit reaches the disk before the station says VALID. */
  if (!exec (self, "PRAGMA journal_mode=WAL;", error) ||
      !exec (self, "PRAGMA synchronous=FULL;", error) ||
      !exec (self, schema, error))
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

  stmt = prepare (self, "SELECT value FROM meta WHERE key = 'public_key'", NULL);
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

  stmt = prepare (self, "INSERT OR REPLACE INTO meta (key, value) VALUES ('public_key', ?)",
                  error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_blob (stmt, 1, key, TIX_TICKET_CODE_PUBLIC_KEY_BYTES, SQLITE_TRANSIENT);

  return step_done (self, stmt, error);
}

gint64
tix_door_cache_get_cursor (TixDoorCache *self)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (TIX_IS_DOOR_CACHE (self), 0);

  stmt = prepare (self, "SELECT value FROM meta WHERE key = 'cursor'", NULL);
  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return 0;

  return sqlite3_column_int64 (stmt, 0);
}

static gboolean
set_cursor (TixDoorCache  *self,
            gint64         cursor,
            GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = prepare (self, "INSERT OR REPLACE INTO meta (key, value) VALUES ('cursor', ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, cursor);

  return step_done (self, stmt, error);
}

/* A ticket with a scan of this station still queued keeps its scan: the
 * server has not heard of it yet. A sync knows no names: the name an event
 * gave for the same scan stays. */
#define PUT_TICKET_SQL \
  "INSERT INTO tickets (id, number, prefix, revision, scanned_at, scanned_by, deleted) " \
  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) " \
  "ON CONFLICT (id) DO UPDATE SET number = ?2, prefix = ?3, revision = ?4, deleted = ?7, " \
  "  scanned_at = CASE WHEN ?5 IS NULL AND EXISTS (SELECT 1 FROM queue " \
  "      WHERE queue.ticket_id = ?1 AND queue.state = 0) THEN scanned_at ELSE ?5 END, " \
  "  scanned_by = CASE WHEN ?5 IS NULL AND EXISTS (SELECT 1 FROM queue " \
  "      WHERE queue.ticket_id = ?1 AND queue.state = 0) THEN scanned_by " \
  "    WHEN ?6 IS NULL AND ?5 = scanned_at THEN scanned_by ELSE ?6 END"

static gboolean
put_ticket (TixDoorCache             *self,
            sqlite3_stmt             *stmt,
            const TixDoorCacheTicket *ticket,
            GError                  **error)
{
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  bind_text (stmt, 1, ticket->id);
  bind_text (stmt, 2, ticket->number ? ticket->number : "");
  bind_text (stmt, 3, ticket->prefix ? ticket->prefix : "");
  sqlite3_bind_int64 (stmt, 4, ticket->revision);
  if (ticket->scanned_at > 0)
    sqlite3_bind_int64 (stmt, 5, ticket->scanned_at);
  else
    sqlite3_bind_null (stmt, 5);
  bind_text (stmt, 6, ticket->scanned_by);
  sqlite3_bind_int (stmt, 7, ticket->deleted ? 1 : 0);

  return step_done (self, stmt, error);
}

gboolean
tix_door_cache_put_ticket (TixDoorCache              *self,
                           const TixDoorCacheTicket  *ticket,
                           GError                   **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (TIX_IS_DOOR_CACHE (self), FALSE);
  g_return_val_if_fail (ticket != NULL && ticket->id != NULL, FALSE);

  stmt = prepare (self, PUT_TICKET_SQL, error);
  if (stmt == NULL)
    return FALSE;

  return put_ticket (self, stmt, ticket, error);
}

static gboolean
invalid (GError     **error,
         const char  *what)
{
  g_set_error (error, TIX_DOOR_CACHE_ERROR, TIX_DOOR_CACHE_ERROR_INVALID,
               "Sync reply: %s", what);
  return FALSE;
}

static gboolean
parse_change (JsonNode            *node,
              TixDoorCacheTicket  *out,
              GError             **error)
{
  JsonObject *object;
  JsonNode *scanned;
  gint64 revision = 1;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, "a change is not an object");
  object = json_node_get_object (node);

  out->id = g_strdup (json_object_get_string_member_with_default (object, "id", NULL));
  out->number = g_strdup (json_object_get_string_member_with_default (object, "number", ""));
  out->prefix = g_strdup (json_object_get_string_member_with_default (object, "prefix", ""));
  if (out->id == NULL || *out->id == '\0')
    return invalid (error, "a change without an id");

  if (json_object_has_member (object, "revision"))
    revision = json_object_get_int_member_with_default (object, "revision", 1);
  if (revision < 0 || revision > G_MAXUINT32)
    return invalid (error, "a revision out of range");
  out->revision = (guint32) revision;

  scanned = json_object_get_member (object, "scanned_at");
  if (scanned != NULL && JSON_NODE_HOLDS_VALUE (scanned) &&
      json_node_get_value_type (scanned) == G_TYPE_STRING)
    {
      if (!tix_time_parse_iso (json_node_get_string (scanned), &out->scanned_at))
        return invalid (error, "a scanned_at that is not a time");
    }
  out->scanned_by = g_strdup (json_object_get_string_member_with_default (object,
                                                                          "scanned_by_name",
                                                                          NULL));
  out->deleted = json_object_get_boolean_member_with_default (object, "deleted", FALSE);

  return TRUE;
}

gboolean
tix_door_cache_apply_sync (TixDoorCache  *self,
                           JsonObject    *reply,
                           gboolean      *out_more,
                           GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree guint8 *key = NULL;
  const char *key_base64;
  JsonArray *changes;
  JsonNode *next;
  gsize key_length = 0;
  guint n;

  g_return_val_if_fail (TIX_IS_DOOR_CACHE (self), FALSE);
  g_return_val_if_fail (reply != NULL, FALSE);

  if (out_more != NULL)
    *out_more = FALSE;

  key_base64 = json_object_get_string_member_with_default (reply, "public_key", NULL);
  if (key_base64 == NULL)
    return invalid (error, "no public_key");
  key = g_base64_decode (key_base64, &key_length);
  if (key_length != TIX_TICKET_CODE_PUBLIC_KEY_BYTES)
    return invalid (error, "a public_key that is not 32 bytes");

  if (!json_object_has_member (reply, "changes") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (reply, "changes")))
    return invalid (error, "no changes");
  changes = json_object_get_array_member (reply, "changes");
  n = json_array_get_length (changes);

  next = json_object_get_member (reply, "next");
  if (next == NULL || !JSON_NODE_HOLDS_VALUE (next) ||
      json_node_get_value_type (next) != G_TYPE_INT64)
    return invalid (error, "no next");

  if (!exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;

  if (!tix_door_cache_set_public_key (self, key, &local_error))
    goto rollback;

  stmt = prepare (self, PUT_TICKET_SQL, &local_error);
  if (stmt == NULL)
    goto rollback;

  for (guint i = 0; i < n; i++)
    {
      TixDoorCacheTicket ticket = { 0 };
      gboolean ok;

      ok = parse_change (json_array_get_element (changes, i), &ticket, &local_error) &&
           put_ticket (self, stmt, &ticket, &local_error);
      g_free (ticket.id);
      g_free (ticket.number);
      g_free (ticket.prefix);
      g_free (ticket.scanned_by);
      if (!ok)
        goto rollback;
    }

  if (!set_cursor (self, json_node_get_int (next), &local_error))
    goto rollback;

  if (!exec (self, "COMMIT", error))
    {
      exec (self, "ROLLBACK", NULL);
      return FALSE;
    }

  if (out_more != NULL)
    *out_more = json_object_get_boolean_member_with_default (reply, "more", FALSE);

  return TRUE;

rollback:
  exec (self, "ROLLBACK", NULL);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

gboolean
tix_door_cache_set_scanned (TixDoorCache  *self,
                            const char    *id,
                            gint64         scanned_at,
                            const char    *scanned_by,
                            GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (TIX_IS_DOOR_CACHE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  if (scanned_at > 0)
    stmt = prepare (self, "UPDATE tickets SET scanned_at = ?2, scanned_by = ?3 WHERE id = ?1",
                    error);
  else
    stmt = prepare (self,
                    "UPDATE tickets SET scanned_at = NULL, scanned_by = NULL WHERE id = ?1 "
                    "AND NOT EXISTS (SELECT 1 FROM queue WHERE queue.ticket_id = ?1 "
                    "                AND queue.state = 0)",
                    error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, id);
  if (scanned_at > 0)
    {
      sqlite3_bind_int64 (stmt, 2, scanned_at);
      bind_text (stmt, 3, scanned_by);
    }

  return step_done (self, stmt, error);
}

gboolean
tix_door_cache_set_deleted (TixDoorCache  *self,
                            const char    *id,
                            GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (TIX_IS_DOOR_CACHE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  stmt = prepare (self, "UPDATE tickets SET deleted = 1 WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, id);

  return step_done (self, stmt, error);
}

gboolean
tix_door_cache_delete_all (TixDoorCache  *self,
                           GError       **error)
{
  g_return_val_if_fail (TIX_IS_DOOR_CACHE (self), FALSE);

  return exec (self, "UPDATE tickets SET deleted = 1", error);
}

#define TICKET_COLUMNS \
  "id, number, prefix, revision, scanned_at, scanned_by, deleted, " \
  "EXISTS (SELECT 1 FROM queue WHERE queue.ticket_id = tickets.id AND queue.state = 0) "

static TixDoorCacheTicket *
lookup (TixDoorCache *self,
        const char   *sql,
        const char   *value)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  TixDoorCacheTicket *ticket;

  stmt = prepare (self, sql, NULL);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, value);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;

  ticket = g_new0 (TixDoorCacheTicket, 1);
  ticket->id = column_text (stmt, 0);
  ticket->number = column_text (stmt, 1);
  ticket->prefix = column_text (stmt, 2);
  ticket->revision = (guint32) sqlite3_column_int64 (stmt, 3);
  ticket->scanned_at = sqlite3_column_int64 (stmt, 4);
  ticket->scanned_by = column_text (stmt, 5);
  ticket->deleted = sqlite3_column_int (stmt, 6) != 0;
  ticket->scanned_here = sqlite3_column_int (stmt, 7) != 0;

  return ticket;
}

TixDoorCacheTicket *
tix_door_cache_lookup (TixDoorCache *self,
                       const char   *id)
{
  g_return_val_if_fail (TIX_IS_DOOR_CACHE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  return lookup (self, "SELECT " TICKET_COLUMNS "FROM tickets WHERE id = ?", id);
}

TixDoorCacheTicket *
tix_door_cache_lookup_number (TixDoorCache *self,
                              const char   *number)
{
  g_autofree char *trimmed = NULL;

  g_return_val_if_fail (TIX_IS_DOOR_CACHE (self), NULL);
  g_return_val_if_fail (number != NULL, NULL);

  /* A live ticket first: a number is never reused, but be sure. */
  trimmed = g_strstrip (g_strdup (number));
  return lookup (self,
                 "SELECT " TICKET_COLUMNS "FROM tickets WHERE number = ? "
                 "ORDER BY deleted LIMIT 1",
                 trimmed);
}

guint
tix_door_cache_get_n_tickets (TixDoorCache *self)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (TIX_IS_DOOR_CACHE (self), 0);

  stmt = prepare (self, "SELECT count(*) FROM tickets WHERE deleted = 0", NULL);
  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return 0;

  return (guint) sqlite3_column_int64 (stmt, 0);
}

gboolean
tix_door_cache_enqueue (TixDoorCache  *self,
                        const char    *scan_id,
                        const char    *code,
                        const char    *ticket_id,
                        const char    *number,
                        const char    *prefix,
                        gint64         scanned_at,
                        const char    *station,
                        GError       **error)
{
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autoptr(sqlite3_stmt) mark = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (TIX_IS_DOOR_CACHE (self), FALSE);
  g_return_val_if_fail (scan_id != NULL, FALSE);
  g_return_val_if_fail (code != NULL, FALSE);
  g_return_val_if_fail (ticket_id != NULL, FALSE);

  if (!exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;

  insert = prepare (self,
                    "INSERT INTO queue (scan_id, code, ticket_id, scanned_at, station, state) "
                    "VALUES (?, ?, ?, ?, ?, 0)",
                    &local_error);
  if (insert == NULL)
    goto rollback;
  bind_text (insert, 1, scan_id);
  bind_text (insert, 2, code);
  bind_text (insert, 3, ticket_id);
  sqlite3_bind_int64 (insert, 4, scanned_at);
  bind_text (insert, 5, station);
  if (!step_done (self, insert, &local_error))
    goto rollback;

  /* A ticket the copy did not know yet (made after the last sync) is
   * added, so a second scan of it here is a duplicate. */
  mark = prepare (self,
                  "INSERT INTO tickets (id, number, prefix, revision, scanned_at) "
                  "VALUES (?1, coalesce (?2, ''), coalesce (?3, ''), 0, ?4) "
                  "ON CONFLICT (id) DO UPDATE SET scanned_at = ?4, scanned_by = NULL",
                  &local_error);
  if (mark == NULL)
    goto rollback;
  bind_text (mark, 1, ticket_id);
  bind_text (mark, 2, number);
  bind_text (mark, 3, prefix);
  sqlite3_bind_int64 (mark, 4, scanned_at);
  if (!step_done (self, mark, &local_error))
    goto rollback;

  if (!exec (self, "COMMIT", error))
    {
      exec (self, "ROLLBACK", NULL);
      return FALSE;
    }

  return TRUE;

rollback:
  exec (self, "ROLLBACK", NULL);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

GPtrArray *
tix_door_cache_list_queue (TixDoorCache      *self,
                           TixDoorQueueState  state)
{
  g_autoptr(GPtrArray) scans = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (TIX_IS_DOOR_CACHE (self), NULL);

  scans = g_ptr_array_new_with_free_func ((GDestroyNotify) tix_door_queued_scan_free);
  stmt = prepare (self,
                  "SELECT seq, scan_id, code, ticket_id, scanned_at, station, state, message "
                  "FROM queue WHERE state = ? ORDER BY seq",
                  NULL);
  if (stmt == NULL)
    return g_steal_pointer (&scans);
  sqlite3_bind_int (stmt, 1, state);

  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      TixDoorQueuedScan *scan = g_new0 (TixDoorQueuedScan, 1);

      scan->seq = sqlite3_column_int64 (stmt, 0);
      scan->scan_id = column_text (stmt, 1);
      scan->code = column_text (stmt, 2);
      scan->ticket_id = column_text (stmt, 3);
      scan->scanned_at = sqlite3_column_int64 (stmt, 4);
      scan->station = column_text (stmt, 5);
      scan->state = sqlite3_column_int (stmt, 6);
      scan->message = column_text (stmt, 7);
      g_ptr_array_add (scans, scan);
    }

  return g_steal_pointer (&scans);
}

guint
tix_door_cache_count_queue (TixDoorCache      *self,
                            TixDoorQueueState  state)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (TIX_IS_DOOR_CACHE (self), 0);

  stmt = prepare (self, "SELECT count(*) FROM queue WHERE state = ?", NULL);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int (stmt, 1, state);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return 0;

  return (guint) sqlite3_column_int64 (stmt, 0);
}

gboolean
tix_door_cache_set_queue_state (TixDoorCache       *self,
                                const char         *scan_id,
                                TixDoorQueueState   state,
                                const char         *message,
                                GError            **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (TIX_IS_DOOR_CACHE (self), FALSE);
  g_return_val_if_fail (scan_id != NULL, FALSE);

  stmt = prepare (self, "UPDATE queue SET state = ?, message = ? WHERE scan_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, state);
  bind_text (stmt, 2, message);
  bind_text (stmt, 3, scan_id);

  return step_done (self, stmt, error);
}
