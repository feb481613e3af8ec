/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-store"

#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "tix-store.h"
#include "tix-ticket-code.h"
#include "tix-store-schema.h"

#define DEFAULT_PREFIX       "TIX"
#define DEFAULT_SHEET_LAYOUT "a4-3x7"
#define LOCAL_EMAIL          "local@tix.invalid"
#define BUSY_TIMEOUT_MS      10000

struct _TixStore
{
  GObject     parent_instance;

  char       *path;
  sqlite3    *db;
  /* SQL text → prepared statement, kept for the life of the store */
  GHashTable *statements;
};

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

static gboolean
set_sqlite_error (TixStore    *self,
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
static sqlite3_stmt *
get_statement (TixStore    *self,
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
      set_sqlite_error (self, error, "Could not prepare a query");
      return NULL;
    }

  /* @sql is a literal or an interned string that outlives the store. */
  g_hash_table_insert (self->statements, (gpointer) sql, stmt);
  return stmt;
}

static void
bind_text (sqlite3_stmt *stmt,
           int           index,
           const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

/* Runs a statement that returns no rows. */
static gboolean
step_done (TixStore      *self,
           sqlite3_stmt  *stmt,
           const char    *what,
           GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    return set_sqlite_error (self, error, what);
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

static gboolean
begin (TixStore  *self,
       GError   **error)
{
  sqlite3_stmt *stmt = get_statement (self, "BEGIN IMMEDIATE", error);

  return stmt != NULL && step_done (self, stmt, "Could not start a transaction", error);
}

static gboolean
commit (TixStore  *self,
        GError   **error)
{
  sqlite3_stmt *stmt = get_statement (self, "COMMIT", error);

  return stmt != NULL && step_done (self, stmt, "Could not commit", error);
}

static void
rollback (TixStore *self)
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
      set_sqlite_error (self, error, "Could not read the database");
      return -1;
    }
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  else
    set_sqlite_error (self, error, "Could not read the database");
  sqlite3_finalize (stmt);
  return value;
}

static gboolean
check_and_migrate (TixStore  *self,
                   GError   **error)
{
  gint64 application_id, version, tables;

  application_id = pragma_int (self, "PRAGMA application_id", error);
  if (application_id < 0)
    return FALSE;
  version = pragma_int (self, "PRAGMA user_version", error);
  if (version < 0)
    return FALSE;
  tables = pragma_int (self, "SELECT count(*) FROM sqlite_schema", error);
  if (tables < 0)
    return FALSE;

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
          rollback (self);
          g_prefix_error (error, "Could not upgrade %s: ", self->path);
          return FALSE;
        }
    }

  return TRUE;
}

/* Organizations from before signed codes get their key pair now. */
static gboolean
ensure_keys (TixStore  *self,
             GError   **error)
{
  sqlite3_stmt *select = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *update;

  if (sqlite3_prepare_v2 (self->db, "SELECT id FROM organizations WHERE secret_key IS NULL",
                          -1, &select, NULL) != SQLITE_OK)
    return set_sqlite_error (self, error, "Could not read the organizations");
  while (sqlite3_step (select) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (select, 0);
      g_array_append_val (ids, id);
    }
  sqlite3_finalize (select);

  if (ids->len == 0)
    return TRUE;

  if (!begin (self, error))
    return FALSE;
  update = get_statement (self,
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
      if (!step_done (self, update, "Could not store a key", error))
        goto failed;
    }
  return commit (self, error);

failed:
  rollback (self);
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
   * on every commit. */
  if (!exec (self,
             "PRAGMA journal_mode = WAL;"
             "PRAGMA synchronous = FULL;"
             "PRAGMA foreign_keys = ON;"
             "PRAGMA temp_store = MEMORY;",
             error))
    return NULL;

  if (!ensure_keys (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

const char *
tix_store_get_path (TixStore *self)
{
  g_return_val_if_fail (TIX_IS_STORE (self), NULL);
  return self->path;
}

/* Audit */

static gboolean
audit (TixStore    *self,
       TixUser     *user,
       const char  *action,
       const char  *detail,
       gint64       now_ms,
       GError     **error)
{
  sqlite3_stmt *stmt = get_statement (self,
    "INSERT INTO audit (organization_id, user_id, action, detail, at) VALUES (?, ?, ?, ?, ?)",
    error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, tix_user_get_organization_id (user));
  sqlite3_bind_int64 (stmt, 2, tix_user_get_id (user));
  bind_text (stmt, 3, action);
  bind_text (stmt, 4, detail);
  sqlite3_bind_int64 (stmt, 5, now_ms);
  return step_done (self, stmt, "Could not write the audit log", error);
}

/* Organizations and users */

#define USER_COLUMNS "u.id, u.email, u.name, u.role, u.organization_id"

static TixUser *
user_from_row (sqlite3_stmt *stmt)
{
  return tix_user_new (sqlite3_column_int64 (stmt, 0),
                       (const char *) sqlite3_column_text (stmt, 1),
                       (const char *) sqlite3_column_text (stmt, 2),
                       (const char *) sqlite3_column_text (stmt, 3),
                       sqlite3_column_int64 (stmt, 4));
}

/* Steps @stmt for one row: the object @from_row makes of it, or NULL with
 * TIX_STORE_ERROR_NOT_FOUND (@not_found) or the SQLite error. Resets @stmt. */
static gpointer
step_one (TixStore      *self,
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
      set_sqlite_error (self, error, "Could not read the database");
    }
  sqlite3_reset (stmt);
  return object;
}

static gpointer
user_row (sqlite3_stmt *stmt)
{
  return user_from_row (stmt);
}

static TixUser *
insert_user (TixStore    *self,
             gint64       organization_id,
             const char  *email,
             const char  *name,
             const char  *role,
             const char  *password_hash,
             gint64       now_ms,
             GError     **error)
{
  sqlite3_stmt *stmt = get_statement (self,
    "INSERT INTO users (email, password_hash, name, role, organization_id, created_at)"
    " VALUES (?, ?, ?, ?, ?, ?)", error);

  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, email);
  bind_text (stmt, 2, password_hash);
  bind_text (stmt, 3, name);
  bind_text (stmt, 4, role);
  sqlite3_bind_int64 (stmt, 5, organization_id);
  sqlite3_bind_int64 (stmt, 6, now_ms);

  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      if (sqlite3_extended_errcode (self->db) == SQLITE_CONSTRAINT_UNIQUE)
        g_set_error_literal (error, TIX_STORE_ERROR, TIX_STORE_ERROR_EXISTS,
                             "An account with this email already exists");
      else
        set_sqlite_error (self, error, "Could not add the user");
      sqlite3_reset (stmt);
      return NULL;
    }
  sqlite3_reset (stmt);

  return tix_user_new (sqlite3_last_insert_rowid (self->db), email, name, role,
                       organization_id);
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
  sqlite3_stmt *stmt;
  gint64 org_id;
  const char *defaults[][2] = {
    { "event_name", "" },
    { "event_date", "" },
    { "time_zone", time_zone },
    { "default_prefix", DEFAULT_PREFIX },
    { "sheet_layout", DEFAULT_SHEET_LAYOUT },
  };

  if (!begin (self, error))
    return NULL;

  tix_ticket_code_new_keys (public_key, secret_key);
  stmt = get_statement (self,
    "INSERT INTO organizations (name, max_users, is_local, created_at, public_key, secret_key)"
    " VALUES (?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    goto failed;
  bind_text (stmt, 1, organization_name);
  sqlite3_bind_int64 (stmt, 2, max_users);
  sqlite3_bind_int (stmt, 3, is_local);
  sqlite3_bind_int64 (stmt, 4, now);
  sqlite3_bind_blob (stmt, 5, public_key, sizeof public_key, SQLITE_TRANSIENT);
  sqlite3_bind_blob (stmt, 6, secret_key, sizeof secret_key, SQLITE_TRANSIENT);
  if (!step_done (self, stmt, "Could not create the organization", error))
    goto failed;
  org_id = sqlite3_last_insert_rowid (self->db);

  stmt = get_statement (self, "INSERT INTO ticket_counts (organization_id) VALUES (?)", error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, org_id);
  if (!step_done (self, stmt, "Could not create the organization", error))
    goto failed;

  stmt = get_statement (self,
    "INSERT INTO settings (organization_id, key, value) VALUES (?, ?, ?)", error);
  if (stmt == NULL)
    goto failed;
  for (guint i = 0; i < G_N_ELEMENTS (defaults); i++)
    {
      sqlite3_bind_int64 (stmt, 1, org_id);
      bind_text (stmt, 2, defaults[i][0]);
      bind_text (stmt, 3, defaults[i][1]);
      if (!step_done (self, stmt, "Could not create the organization", error))
        goto failed;
    }

  user = insert_user (self, org_id, email, name, "admin", password_hash, now, error);
  if (user == NULL || !commit (self, error))
    goto failed;

  return g_steal_pointer (&user);

failed:
  rollback (self);
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
  sqlite3_stmt *stmt;
  const char *real_name;
  TixUser *user = NULL;

  g_return_val_if_fail (TIX_IS_STORE (self), NULL);

  stmt = get_statement (self,
    "SELECT " USER_COLUMNS " FROM users u JOIN organizations o ON o.id = u.organization_id"
    " WHERE o.is_local = 1 AND u.role = 'admin' ORDER BY u.id LIMIT 1", error);
  if (stmt == NULL)
    return NULL;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    user = user_from_row (stmt);
  sqlite3_reset (stmt);
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
  sqlite3_stmt *stmt;
  TixUser *user = NULL;

  g_return_val_if_fail (TIX_IS_STORE (self), NULL);
  g_return_val_if_fail (email != NULL, NULL);

  stmt = get_statement (self,
    "SELECT " USER_COLUMNS ", u.password_hash FROM users u WHERE u.email = ?", error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, email);

  switch (sqlite3_step (stmt))
    {
    case SQLITE_ROW:
      user = user_from_row (stmt);
      if (out_password_hash != NULL)
        *out_password_hash = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
      break;
    case SQLITE_DONE:
      g_set_error_literal (error, TIX_STORE_ERROR, TIX_STORE_ERROR_NOT_FOUND, "No such user");
      break;
    default:
      set_sqlite_error (self, error, "Could not look up the user");
    }
  sqlite3_reset (stmt);
  return user;
}

TixUser *
tix_store_get_user (TixStore  *self,
                    gint64     user_id,
                    GError   **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (TIX_IS_STORE (self), NULL);

  stmt = get_statement (self, "SELECT " USER_COLUMNS " FROM users u WHERE u.id = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, user_id);
  return step_one (self, stmt, user_row, "No such user", error);
}

gboolean
tix_store_get_organization_keys (TixStore  *self,
                                 gint64     organization_id,
                                 guint8    *public_key,
                                 guint8    *secret_key,
                                 GError   **error)
{
  sqlite3_stmt *stmt;
  gboolean ok = FALSE;

  g_return_val_if_fail (TIX_IS_STORE (self), FALSE);

  stmt = get_statement (self,
    "SELECT public_key, secret_key FROM organizations WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, organization_id);
  if (sqlite3_step (stmt) == SQLITE_ROW &&
      sqlite3_column_bytes (stmt, 0) == TIX_TICKET_CODE_PUBLIC_KEY_BYTES &&
      sqlite3_column_bytes (stmt, 1) == TIX_TICKET_CODE_SECRET_KEY_BYTES)
    {
      if (public_key != NULL)
        memcpy (public_key, sqlite3_column_blob (stmt, 0), TIX_TICKET_CODE_PUBLIC_KEY_BYTES);
      if (secret_key != NULL)
        memcpy (secret_key, sqlite3_column_blob (stmt, 1), TIX_TICKET_CODE_SECRET_KEY_BYTES);
      ok = TRUE;
    }
  else
    g_set_error_literal (error, TIX_STORE_ERROR, TIX_STORE_ERROR_CORRUPT,
                         "The organization has no valid signing key");
  sqlite3_reset (stmt);
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
  sqlite3_stmt *stmt;

  g_return_val_if_fail (TIX_IS_STORE (self), FALSE);
  g_return_val_if_fail (token_hash != NULL, FALSE);

  stmt = get_statement (self,
    "INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
    error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, token_hash);
  sqlite3_bind_int64 (stmt, 2, user_id);
  sqlite3_bind_int64 (stmt, 3, g_get_real_time () / 1000);
  sqlite3_bind_int64 (stmt, 4, expires_at_ms);
  if (!step_done (self, stmt, "Could not open the session", error))
    return FALSE;

  /* Expired sessions are of no use to anyone: sweep them now and then. */
  stmt = get_statement (self, "DELETE FROM sessions WHERE expires_at <= ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, g_get_real_time () / 1000);
  return step_done (self, stmt, "Could not sweep sessions", error);
}

TixUser *
tix_store_lookup_session (TixStore    *self,
                          const char  *token_hash,
                          gint64       now_ms,
                          GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (TIX_IS_STORE (self), NULL);
  g_return_val_if_fail (token_hash != NULL, NULL);

  stmt = get_statement (self,
    "SELECT " USER_COLUMNS " FROM sessions s JOIN users u ON u.id = s.user_id"
    " WHERE s.token_hash = ? AND s.expires_at > ?", error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, token_hash);
  sqlite3_bind_int64 (stmt, 2, now_ms);
  return step_one (self, stmt, user_row, "No such session", error);
}

gboolean
tix_store_remove_session (TixStore    *self,
                          const char  *token_hash,
                          GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (TIX_IS_STORE (self), FALSE);

  stmt = get_statement (self, "DELETE FROM sessions WHERE token_hash = ?", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, token_hash);
  return step_done (self, stmt, "Could not end the session", error);
}

/* Tickets */

#define TICKET_COLUMNS \
  "t.id, t.number, t.prefix, t.extra, t.generated_at, t.organization_id, t.created_by," \
  " t.scanned_at, t.scanned_by, su.name, t.seq, t.revision"
#define TICKET_FROM \
  " FROM tickets t LEFT JOIN users su ON su.id = t.scanned_by"

static TixTicket *
ticket_from_row (sqlite3_stmt *stmt)
{
  TixTicket *ticket = tix_ticket_new ((const char *) sqlite3_column_text (stmt, 0),
                                      (const char *) sqlite3_column_text (stmt, 1),
                                      (const char *) sqlite3_column_text (stmt, 2),
                                      (const char *) sqlite3_column_text (stmt, 3),
                                      sqlite3_column_int64 (stmt, 4),
                                      sqlite3_column_int64 (stmt, 5),
                                      sqlite3_column_int64 (stmt, 6));

  if (sqlite3_column_type (stmt, 7) != SQLITE_NULL)
    tix_ticket_set_scanned (ticket,
                            sqlite3_column_int64 (stmt, 7),
                            sqlite3_column_int64 (stmt, 8),
                            (const char *) sqlite3_column_text (stmt, 9));
  tix_ticket_set_revision (ticket, (guint32) sqlite3_column_int64 (stmt, 11));
  return ticket;
}

static gpointer
ticket_row (sqlite3_stmt *stmt)
{
  return ticket_from_row (stmt);
}

static gboolean
adjust_counts (TixStore  *self,
               gint64     organization_id,
               gint64     total_delta,
               gint64     scanned_delta,
               GError   **error)
{
  sqlite3_stmt *stmt = get_statement (self,
    "UPDATE ticket_counts SET total = total + ?, scanned = scanned + ?"
    " WHERE organization_id = ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, total_delta);
  sqlite3_bind_int64 (stmt, 2, scanned_delta);
  sqlite3_bind_int64 (stmt, 3, organization_id);
  return step_done (self, stmt, "Could not update the counts", error);
}

/* Advances the counter of (@organization_id, @prefix) by @count inside the
 * current transaction and returns the first number of the reserved range. */
static gint64
reserve_numbers (TixStore    *self,
                 gint64       organization_id,
                 const char  *prefix,
                 guint        count,
                 GError     **error)
{
  sqlite3_stmt *stmt = get_statement (self,
    "INSERT INTO ticket_counters (organization_id, prefix, next_number) VALUES (?, ?, 1 + ?)"
    " ON CONFLICT (organization_id, prefix) DO UPDATE SET next_number = next_number + excluded.next_number - 1"
    " RETURNING next_number - ?", error);
  gint64 first = -1;

  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, organization_id);
  bind_text (stmt, 2, prefix);
  sqlite3_bind_int64 (stmt, 3, count);
  sqlite3_bind_int64 (stmt, 4, count);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    first = sqlite3_column_int64 (stmt, 0);
  else
    set_sqlite_error (self, error, "Could not reserve ticket numbers");
  sqlite3_reset (stmt);
  return first;
}

GPtrArray *
tix_store_generate_tickets (TixStore    *self,
                            TixUser     *user,
                            const char  *prefix,
                            const char  *extra,
                            guint        count,
                            gint64       now_ms,
                            GError     **error)
{
  g_autoptr(GPtrArray) tickets = NULL;
  gint64 org_id, first;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (TIX_IS_STORE (self), NULL);
  g_return_val_if_fail (TIX_IS_USER (user), NULL);
  g_return_val_if_fail (prefix != NULL && count > 0, NULL);

  org_id = tix_user_get_organization_id (user);
  tickets = g_ptr_array_new_full (count, g_object_unref);

  if (!begin (self, error))
    return NULL;

  first = reserve_numbers (self, org_id, prefix, count, error);
  if (first < 0)
    goto failed;

  stmt = get_statement (self,
    "INSERT INTO tickets (id, organization_id, number, prefix, extra, generated_at, created_by)"
    " VALUES (?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    goto failed;

  for (guint i = 0; i < count; i++)
    {
      g_autofree char *id = g_uuid_string_random ();
      g_autofree char *number = g_strdup_printf ("%s-%06" G_GINT64_FORMAT, prefix, first + i);

      sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, org_id);
      sqlite3_bind_text (stmt, 3, number, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, prefix, -1, SQLITE_STATIC);
      if (extra != NULL)
        sqlite3_bind_text (stmt, 5, extra, -1, SQLITE_STATIC);
      else
        sqlite3_bind_null (stmt, 5);
      sqlite3_bind_int64 (stmt, 6, now_ms);
      sqlite3_bind_int64 (stmt, 7, tix_user_get_id (user));

      if (sqlite3_step (stmt) != SQLITE_DONE)
        {
          set_sqlite_error (self, error, "Could not add a ticket");
          sqlite3_reset (stmt);
          goto failed;
        }
      sqlite3_reset (stmt);

      g_ptr_array_add (tickets, tix_ticket_new (id, number, prefix, extra, now_ms, org_id,
                                                tix_user_get_id (user)));
    }
  sqlite3_clear_bindings (stmt);

  if (!adjust_counts (self, org_id, count, 0, error) || !commit (self, error))
    goto failed;

  return g_steal_pointer (&tickets);

failed:
  rollback (self);
  return NULL;
}

static TixTicket *
lookup_ticket (TixStore    *self,
               gint64       organization_id,
               const char  *id,
               GError     **error)
{
  sqlite3_stmt *stmt = get_statement (self,
    "SELECT " TICKET_COLUMNS TICKET_FROM " WHERE t.id = ? AND t.organization_id = ?", error);

  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, organization_id);
  return step_one (self, stmt, ticket_row, "Ticket not found", error);
}

TixTicket *
tix_store_get_ticket (TixStore    *self,
                      gint64       organization_id,
                      const char  *id,
                      GError     **error)
{
  g_return_val_if_fail (TIX_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  return lookup_ticket (self, organization_id, id, error);
}

TixTicket *
tix_store_find_ticket_by_number (TixStore    *self,
                                 gint64       organization_id,
                                 const char  *number,
                                 GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (TIX_IS_STORE (self), NULL);
  g_return_val_if_fail (number != NULL, NULL);

  stmt = get_statement (self,
    "SELECT " TICKET_COLUMNS TICKET_FROM " WHERE t.organization_id = ? AND t.number = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, organization_id);
  bind_text (stmt, 2, number);
  return step_one (self, stmt, ticket_row, "No ticket has this number", error);
}

static gboolean
prefix_admitted (const char * const *prefixes,
                 const char         *prefix)
{
  if (prefixes == NULL || prefixes[0] == NULL)
    return TRUE;
  for (guint i = 0; prefixes[i] != NULL; i++)
    if (g_ascii_strcasecmp (prefixes[i], prefix) == 0)
      return TRUE;
  return FALSE;
}

gboolean
tix_store_scan_ticket (TixStore            *self,
                       TixUser             *user,
                       const TixStoreScan  *scan,
                       gint64               now_ms,
                       TixTicket          **out_ticket,
                       GError             **error)
{
  g_autoptr(TixTicket) ticket = NULL;
  gint64 org_id;
  sqlite3_stmt *stmt;
  int changes;

  g_return_val_if_fail (TIX_IS_STORE (self), FALSE);
  g_return_val_if_fail (TIX_IS_USER (user), FALSE);
  g_return_val_if_fail (scan != NULL && scan->id != NULL, FALSE);

  org_id = tix_user_get_organization_id (user);

  /* The prefix never changes: checking it first decides nothing about admission. */
  if (scan->prefixes != NULL)
    {
      ticket = lookup_ticket (self, org_id, scan->id, error);
      if (ticket == NULL)
        return FALSE;
      if (!prefix_admitted (scan->prefixes, tix_ticket_get_prefix (ticket)))
        {
          if (out_ticket != NULL)
            *out_ticket = g_steal_pointer (&ticket);
          g_set_error_literal (error, TIX_STORE_ERROR, TIX_STORE_ERROR_WRONG_PREFIX,
                               "Ticket is not valid at this entrance");
          return FALSE;
        }
      g_clear_object (&ticket);
    }

  if (!begin (self, error))
    return FALSE;

  /* The one conditional UPDATE that decides admission: never read-then-write. */
  stmt = get_statement (self,
    "UPDATE tickets SET scanned_at = ?, scanned_by = ?, scanned_station = ?"
    " WHERE id = ? AND organization_id = ? AND scanned_at IS NULL"
    " AND (?6 = 0 OR revision = ?6)", error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, now_ms);
  sqlite3_bind_int64 (stmt, 2, tix_user_get_id (user));
  bind_text (stmt, 3, scan->station);
  bind_text (stmt, 4, scan->id);
  sqlite3_bind_int64 (stmt, 5, org_id);
  sqlite3_bind_int64 (stmt, 6, scan->revision);
  if (!step_done (self, stmt, "Could not scan the ticket", error))
    goto failed;
  changes = sqlite3_changes (self->db);

  if (changes == 1 && !adjust_counts (self, org_id, 0, 1, error))
    goto failed;
  if (!commit (self, error))
    goto failed;

  ticket = lookup_ticket (self, org_id, scan->id, error);
  if (ticket == NULL)
    return FALSE;

  if (out_ticket != NULL)
    *out_ticket = g_object_ref (ticket);

  if (changes == 0)
    {
      if (scan->revision != 0 && tix_ticket_get_revision (ticket) != scan->revision)
        g_set_error_literal (error, TIX_STORE_ERROR, TIX_STORE_ERROR_REPLACED,
                             "This ticket was reissued: the code shown is no longer valid");
      else
        g_set_error_literal (error, TIX_STORE_ERROR, TIX_STORE_ERROR_DUPLICATE,
                             "Ticket already scanned");
      return FALSE;
    }

  return TRUE;

failed:
  rollback (self);
  return FALSE;
}

TixTicket *
tix_store_unscan_ticket (TixStore    *self,
                         TixUser     *user,
                         const char  *id,
                         gint64       grace_ms,
                         gint64       now_ms,
                         GError     **error)
{
  g_autoptr(TixTicket) ticket = NULL;
  gboolean privileged;
  sqlite3_stmt *stmt;
  gint64 org_id;

  g_return_val_if_fail (TIX_IS_STORE (self), NULL);
  g_return_val_if_fail (TIX_IS_USER (user), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  org_id = tix_user_get_organization_id (user);
  privileged = tix_user_can_generate (user);

  if (!begin (self, error))
    return NULL;

  ticket = lookup_ticket (self, org_id, id, error);
  if (ticket == NULL)
    goto failed;
  if (!tix_ticket_is_scanned (ticket))
    {
      g_set_error_literal (error, TIX_STORE_ERROR, TIX_STORE_ERROR_NOT_SCANNED,
                           "Ticket is not scanned");
      goto failed;
    }
  if (!privileged &&
      (tix_ticket_get_scanned_by (ticket) != tix_user_get_id (user) ||
       now_ms - tix_ticket_get_scanned_at (ticket) > grace_ms))
    {
      g_set_error_literal (error, TIX_STORE_ERROR, TIX_STORE_ERROR_FORBIDDEN,
                           "Only the scan you made in the last 5 minutes can be undone");
      goto failed;
    }

  stmt = get_statement (self,
    "UPDATE tickets SET scanned_at = NULL, scanned_by = NULL, scanned_station = NULL"
    " WHERE id = ? AND organization_id = ? AND scanned_at = ?", error);
  if (stmt == NULL)
    goto failed;
  bind_text (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, org_id);
  sqlite3_bind_int64 (stmt, 3, tix_ticket_get_scanned_at (ticket));
  if (!step_done (self, stmt, "Could not undo the scan", error) ||
      !adjust_counts (self, org_id, 0, -1, error) ||
      !audit (self, user, "scan-undone", tix_ticket_get_number (ticket), now_ms, error) ||
      !commit (self, error))
    goto failed;

  tix_ticket_set_scanned (ticket, 0, 0, NULL);
  return g_steal_pointer (&ticket);

failed:
  rollback (self);
  return NULL;
}

TixTicket *
tix_store_reissue_ticket (TixStore    *self,
                          TixUser     *user,
                          const char  *id,
                          gint64       now_ms,
                          GError     **error)
{
  sqlite3_stmt *stmt;
  gint64 org_id;
  TixTicket *ticket;

  g_return_val_if_fail (TIX_IS_STORE (self), NULL);
  g_return_val_if_fail (TIX_IS_USER (user), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  org_id = tix_user_get_organization_id (user);

  if (!begin (self, error))
    return NULL;

  stmt = get_statement (self,
    "UPDATE tickets SET revision = revision + 1 WHERE id = ? AND organization_id = ?", error);
  if (stmt == NULL)
    goto failed;
  bind_text (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, org_id);
  if (!step_done (self, stmt, "Could not reissue the ticket", error))
    goto failed;
  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error_literal (error, TIX_STORE_ERROR, TIX_STORE_ERROR_NOT_FOUND,
                           "Ticket not found");
      goto failed;
    }

  ticket = lookup_ticket (self, org_id, id, error);
  if (ticket == NULL)
    goto failed;
  if (!audit (self, user, "ticket-reissued", tix_ticket_get_number (ticket), now_ms, error) ||
      !commit (self, error))
    {
      g_object_unref (ticket);
      goto failed;
    }

  return ticket;

failed:
  rollback (self);
  return NULL;
}

gboolean
tix_store_delete_ticket (TixStore    *self,
                         TixUser     *user,
                         const char  *id,
                         gint64       now_ms,
                         GError     **error)
{
  g_autoptr(TixTicket) ticket = NULL;
  sqlite3_stmt *stmt;
  gint64 org_id;

  g_return_val_if_fail (TIX_IS_STORE (self), FALSE);
  g_return_val_if_fail (TIX_IS_USER (user), FALSE);

  org_id = tix_user_get_organization_id (user);

  if (!begin (self, error))
    return FALSE;

  ticket = lookup_ticket (self, org_id, id, error);
  if (ticket == NULL)
    goto failed;

  stmt = get_statement (self, "DELETE FROM tickets WHERE id = ? AND organization_id = ?", error);
  if (stmt == NULL)
    goto failed;
  bind_text (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, org_id);
  if (!step_done (self, stmt, "Could not delete the ticket", error) ||
      !adjust_counts (self, org_id, -1, tix_ticket_is_scanned (ticket) ? -1 : 0, error) ||
      !audit (self, user, "ticket-deleted", tix_ticket_get_number (ticket), now_ms, error) ||
      !commit (self, error))
    goto failed;

  return TRUE;

failed:
  rollback (self);
  return FALSE;
}

gint64
tix_store_clear_tickets (TixStore  *self,
                         TixUser   *user,
                         gint64     now_ms,
                         GError   **error)
{
  g_autofree char *detail = NULL;
  sqlite3_stmt *stmt;
  gint64 org_id, deleted;

  g_return_val_if_fail (TIX_IS_STORE (self), -1);
  g_return_val_if_fail (TIX_IS_USER (user), -1);

  org_id = tix_user_get_organization_id (user);

  if (!begin (self, error))
    return -1;

  /* The counters stay: numbers are never reused, not even after a clear. */
  stmt = get_statement (self, "DELETE FROM tickets WHERE organization_id = ?", error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, org_id);
  if (!step_done (self, stmt, "Could not clear the tickets", error))
    goto failed;
  deleted = sqlite3_changes64 (self->db);

  stmt = get_statement (self,
    "UPDATE ticket_counts SET total = 0, scanned = 0 WHERE organization_id = ?", error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, org_id);

  detail = g_strdup_printf ("%" G_GINT64_FORMAT " tickets", deleted);
  if (!step_done (self, stmt, "Could not clear the tickets", error) ||
      !audit (self, user, "tickets-cleared", detail, now_ms, error) ||
      !commit (self, error))
    goto failed;

  return deleted;

failed:
  rollback (self);
  return -1;
}

/* Listing */

/* Every variant of the list query, prepared once: [filter][search][cursor][ascending]. */
static const char *
list_sql (TixStoreFilter filter,
          gboolean       search,
          gboolean       cursor,
          gboolean       ascending)
{
  static const char *cache[3][2][2][2];
  const char *sql = cache[filter][search][cursor][ascending];

  if (sql == NULL)
    {
      static const char *filters[] = {
        "", " AND t.scanned_at IS NOT NULL", " AND t.scanned_at IS NULL"
      };
      g_autofree char *text = g_strdup_printf (
        "SELECT " TICKET_COLUMNS TICKET_FROM
        " WHERE t.organization_id = :org%s%s%s"
        " ORDER BY t.seq %s LIMIT :limit OFFSET :offset",
        filters[filter],
        search ? " AND t.number >= :low AND t.number < :high" : "",
        cursor ? (ascending ? " AND t.seq > :cursor" : " AND t.seq < :cursor") : "",
        ascending ? "ASC" : "DESC");

      sql = g_intern_string (text);
      cache[filter][search][cursor][ascending] = sql;
    }

  return sql;
}

static const char *
count_sql (TixStoreFilter filter)
{
  static const char *sql[] = {
    "SELECT count(*) FROM tickets t WHERE t.organization_id = :org"
    " AND t.number >= :low AND t.number < :high",
    "SELECT count(*) FROM tickets t WHERE t.organization_id = :org"
    " AND t.number >= :low AND t.number < :high AND t.scanned_at IS NOT NULL",
    "SELECT count(*) FROM tickets t WHERE t.organization_id = :org"
    " AND t.number >= :low AND t.number < :high AND t.scanned_at IS NULL",
  };

  return sql[filter];
}

static void
bind_named_int (sqlite3_stmt *stmt,
                const char   *name,
                gint64        value)
{
  int index = sqlite3_bind_parameter_index (stmt, name);

  if (index > 0)
    sqlite3_bind_int64 (stmt, index, value);
}

static void
bind_named_text (sqlite3_stmt *stmt,
                 const char   *name,
                 const char   *value)
{
  int index = sqlite3_bind_parameter_index (stmt, name);

  if (index > 0)
    sqlite3_bind_text (stmt, index, value, -1, SQLITE_TRANSIENT);
}

static gint64
count_matches (TixStore             *self,
               gint64                organization_id,
               const TixStoreQuery  *query,
               const char           *high,
               GError              **error)
{
  gint64 total = -1, scanned = 0;
  sqlite3_stmt *stmt;

  if (query->search == NULL)
    {
      if (!tix_store_get_counts (self, organization_id, &total, &scanned, error))
        return -1;
      switch (query->filter)
        {
        case TIX_STORE_FILTER_SCANNED:
          return scanned;
        case TIX_STORE_FILTER_NOT_SCANNED:
          return total - scanned;
        case TIX_STORE_FILTER_ALL:
        default:
          return total;
        }
    }

  stmt = get_statement (self, count_sql (query->filter), error);
  if (stmt == NULL)
    return -1;
  bind_named_int (stmt, ":org", organization_id);
  bind_named_text (stmt, ":low", query->search);
  bind_named_text (stmt, ":high", high);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    total = sqlite3_column_int64 (stmt, 0);
  else
    set_sqlite_error (self, error, "Could not count the tickets");
  sqlite3_reset (stmt);
  return total;
}

static gboolean
parse_cursor (const char *cursor,
              gint64     *out_seq)
{
  guint64 value;

  if (!g_ascii_string_to_unsigned (cursor, 10, 1, G_MAXINT64, &value, NULL))
    return FALSE;
  *out_seq = (gint64) value;
  return TRUE;
}

TixStorePage *
tix_store_list_tickets (TixStore             *self,
                        gint64                organization_id,
                        const TixStoreQuery  *query,
                        GError              **error)
{
  g_autoptr(TixStorePage) page = NULL;
  g_autofree char *high = NULL;
  gint64 cursor_seq = 0, offset = 0, limit, fetch_limit, last_seq = 0;
  gboolean ascending = FALSE, more = FALSE;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (TIX_IS_STORE (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);
  g_return_val_if_fail (query->filter <= TIX_STORE_FILTER_NOT_SCANNED, NULL);

  limit = CLAMP (query->limit, 1, 1000);

  if (query->cursor != NULL && !parse_cursor (query->cursor, &cursor_seq))
    {
      g_set_error_literal (error, TIX_STORE_ERROR, TIX_STORE_ERROR_NOT_FOUND,
                           "Invalid cursor");
      return NULL;
    }

  /* Every character a number may hold sorts below '~', even case-folded. */
  if (query->search != NULL)
    high = g_strconcat (query->search, "~", NULL);

  page = g_new0 (TixStorePage, 1);
  page->tickets = g_ptr_array_new_with_free_func (g_object_unref);
  page->total = count_matches (self, organization_id, query, high, error);
  if (page->total < 0)
    return NULL;

  fetch_limit = limit + 1;
  if (query->cursor == NULL)
    {
      gint64 page_number = MAX (query->page, 1);

      if (page_number - 1 > G_MAXINT64 / limit)
        return g_steal_pointer (&page);
      offset = (page_number - 1) * limit;
      if (offset >= page->total)
        return g_steal_pointer (&page);

      /* Past the middle, read from the other end: OFFSET costs what it skips. */
      if (offset > page->total / 2)
        {
          gint64 end = MIN (offset + limit, page->total);

          ascending = TRUE;
          fetch_limit = end - offset;
          offset = page->total - end;
          more = end < page->total;
        }
    }

  stmt = get_statement (self, list_sql (query->filter, query->search != NULL,
                                        query->cursor != NULL, ascending), error);
  if (stmt == NULL)
    return NULL;
  bind_named_int (stmt, ":org", organization_id);
  bind_named_int (stmt, ":limit", fetch_limit);
  bind_named_int (stmt, ":offset", offset);
  bind_named_int (stmt, ":cursor", cursor_seq);
  if (query->search != NULL)
    {
      bind_named_text (stmt, ":low", query->search);
      bind_named_text (stmt, ":high", high);
    }

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (!ascending && page->tickets->len == (guint) limit)
        {
          more = TRUE;
          break;
        }
      g_ptr_array_add (page->tickets, ticket_from_row (stmt));
      if (!ascending)
        last_seq = sqlite3_column_int64 (stmt, 10);
      else if (page->tickets->len == 1)
        last_seq = sqlite3_column_int64 (stmt, 10);
    }
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      set_sqlite_error (self, error, "Could not list the tickets");
      sqlite3_reset (stmt);
      return NULL;
    }
  sqlite3_reset (stmt);

  if (ascending)
    {
      /* Newest first, as always; the oldest of the page is the first read. */
      for (guint i = 0, j = page->tickets->len; i + 1 < j; i++, j--)
        {
          gpointer tmp = page->tickets->pdata[i];
          page->tickets->pdata[i] = page->tickets->pdata[j - 1];
          page->tickets->pdata[j - 1] = tmp;
        }
    }

  if (more && page->tickets->len > 0)
    page->next_cursor = g_strdup_printf ("%" G_GINT64_FORMAT, last_seq);

  return g_steal_pointer (&page);
}

/* Reports */

gboolean
tix_store_get_counts (TixStore  *self,
                      gint64     organization_id,
                      gint64    *out_total,
                      gint64    *out_scanned,
                      GError   **error)
{
  sqlite3_stmt *stmt;
  gboolean ok = TRUE;

  g_return_val_if_fail (TIX_IS_STORE (self), FALSE);

  stmt = get_statement (self,
    "SELECT total, scanned FROM ticket_counts WHERE organization_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, organization_id);
  switch (sqlite3_step (stmt))
    {
    case SQLITE_ROW:
      *out_total = sqlite3_column_int64 (stmt, 0);
      *out_scanned = sqlite3_column_int64 (stmt, 1);
      break;
    case SQLITE_DONE:
      *out_total = *out_scanned = 0;
      break;
    default:
      ok = set_sqlite_error (self, error, "Could not read the counts");
    }
  sqlite3_reset (stmt);
  return ok;
}

static gboolean
count_one (TixStore    *self,
           const char  *sql,
           gint64       organization_id,
           gint64       from_ms,
           gint64       to_ms,
           gint64      *out,
           GError     **error)
{
  sqlite3_stmt *stmt = get_statement (self, sql, error);
  gboolean ok = TRUE;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, organization_id);
  sqlite3_bind_int64 (stmt, 2, from_ms);
  sqlite3_bind_int64 (stmt, 3, to_ms);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    *out = sqlite3_column_int64 (stmt, 0);
  else
    ok = set_sqlite_error (self, error, "Could not count for the report");
  sqlite3_reset (stmt);
  return ok;
}

gboolean
tix_store_count_between (TixStore  *self,
                         gint64     organization_id,
                         gint64     from_ms,
                         gint64     to_ms,
                         gint64    *out_generated,
                         gint64    *out_scanned,
                         GError   **error)
{
  g_return_val_if_fail (TIX_IS_STORE (self), FALSE);

  return count_one (self,
                    "SELECT count(*) FROM tickets WHERE organization_id = ?"
                    " AND generated_at >= ? AND generated_at < ?",
                    organization_id, from_ms, to_ms, out_generated, error) &&
         count_one (self,
                    "SELECT count(*) FROM tickets WHERE organization_id = ?"
                    " AND scanned_at >= ? AND scanned_at < ?",
                    organization_id, from_ms, to_ms, out_scanned, error);
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

  stmt = get_statement (self, "SELECT name FROM organizations WHERE id = ?", error);
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
      set_sqlite_error (self, error, "Could not read the settings");
      return NULL;
    }

  stmt = get_statement (self, "SELECT key, value FROM settings WHERE organization_id = ?",
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
      set_sqlite_error (self, error, "Could not read the settings");
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

  if (!begin (self, error))
    return FALSE;

  g_hash_table_iter_init (&iter, changes);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      sqlite3_stmt *stmt;

      if (g_str_equal (key, "organization_name"))
        {
          stmt = get_statement (self, "UPDATE organizations SET name = ? WHERE id = ?", error);
          if (stmt == NULL)
            goto failed;
          bind_text (stmt, 1, value);
          sqlite3_bind_int64 (stmt, 2, org_id);
        }
      else if (g_strv_contains (settings_keys, key))
        {
          stmt = get_statement (self,
            "INSERT INTO settings (organization_id, key, value) VALUES (?, ?, ?)"
            " ON CONFLICT (organization_id, key) DO UPDATE SET value = excluded.value", error);
          if (stmt == NULL)
            goto failed;
          sqlite3_bind_int64 (stmt, 1, org_id);
          bind_text (stmt, 2, key);
          bind_text (stmt, 3, value);
        }
      else
        {
          g_set_error (error, TIX_STORE_ERROR, TIX_STORE_ERROR_NOT_FOUND,
                       "Unknown setting “%s”", (const char *) key);
          goto failed;
        }

      if (!step_done (self, stmt, "Could not save the settings", error))
        goto failed;
      g_string_append_printf (detail, "%s%s", detail->len ? ", " : "", (const char *) key);
    }

  if (!audit (self, user, "settings-updated", detail->str, now_ms, error) ||
      !commit (self, error))
    goto failed;

  return TRUE;

failed:
  rollback (self);
  return FALSE;
}
