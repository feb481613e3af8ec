/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-store"

#include "config.h"

#include <string.h>

#include "tix-money.h"
#include "tix-store-private.h"
#include "tix-ticket-code.h"


G_DEFINE_FINAL_TYPE (TixStore, tix_store, G_TYPE_OBJECT)
G_DEFINE_QUARK (tix-store-error-quark, tix_store_error)

static const char * const settings_keys[] = {
  "time_zone", "default_prefix", "sheet_layout", "currency", NULL
};
/* Those of the current event (tix-store-events.c). */
static const char * const event_settings_keys[] = {
  "current_event_id", "event_name", "event_date", NULL
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

  g_clear_pointer (&self->db, tix_db_free);
  g_free (self->location);

  G_OBJECT_CLASS (tix_store_parent_class)->finalize (object);
}

static void
tix_store_class_init (TixStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = tix_store_finalize;
}

static void
tix_store_init (TixStore *self)
{
}

/* Statements and transactions */

gboolean
tix_store_set_error (TixStore    *self,
                     GError     **error,
                     const char  *what)
{
  return tix_db_set_error (self->db, error, what);
}

TixDbStmt *
tix_store_statement (TixStore    *self,
                     const char  *sql,
                     GError     **error)
{
  return tix_db_statement (self->db, sql, error);
}

/* Runs a statement that returns no rows. */
gboolean
tix_store_step_done (TixStore    *self,
                     TixDbStmt   *stmt,
                     const char  *what,
                     GError     **error)
{
  TixDbStep rc = tix_db_step (stmt);

  tix_db_reset (stmt);
  if (rc == TIX_DB_ERROR)
    return tix_store_set_error (self, error, what);
  return TRUE;
}

/* The write turn. SQLite has one writer per file, and a connection that
 * waits for it sleeps in steps (1, 2, 5, 10 … ms) while the holder may take
 * it again at once: a background store writing slice after slice would keep
 * the server's scans waiting for its whole run. So every SQLite write
 * transaction of this process first takes the turn, and a background store
 * lets every other writer that waits go first. One turn for the process
 * (not one a file): stores of different files only share it for the few
 * milliseconds of a transaction. PostgreSQL locks rows and needs none. */
static GMutex turn_mutex;
static GCond  turn_cond;
static gboolean turn_held;
static gint   turn_waiting; /* foreground writers waiting for the turn (atomic) */

static void
take_turn (TixStore *self)
{
  if (tix_db_is_shared (self->db))
    return;

  g_mutex_lock (&turn_mutex);
  if (self->background)
    {
      while (turn_held || g_atomic_int_get (&turn_waiting) > 0)
        g_cond_wait (&turn_cond, &turn_mutex);
    }
  else
    {
      g_atomic_int_inc (&turn_waiting);
      while (turn_held)
        g_cond_wait (&turn_cond, &turn_mutex);
      g_atomic_int_add (&turn_waiting, -1);
    }
  turn_held = TRUE;
  self->holds_turn = TRUE;
  g_mutex_unlock (&turn_mutex);
}

/* TRUE when this store holds the turn and another writer waits for it: a
 * background store then ends its transaction as soon as it can. */
gboolean
tix_store_turn_wanted (TixStore *self)
{
  return self->holds_turn && g_atomic_int_get (&turn_waiting) > 0;
}

static void
give_turn (TixStore *self)
{
  if (!self->holds_turn)
    return;

  g_mutex_lock (&turn_mutex);
  turn_held = FALSE;
  self->holds_turn = FALSE;
  g_cond_broadcast (&turn_cond);
  g_mutex_unlock (&turn_mutex);
}

gboolean
tix_store_begin (TixStore  *self,
                 gint64     organization_id,
                 GError   **error)
{
  take_turn (self);
  if (!tix_db_begin (self->db, error))
    {
      give_turn (self);
      return FALSE;
    }
  if (organization_id > 0 && !tix_db_lock_organization (self->db, organization_id, error))
    {
      tix_db_rollback (self->db);
      give_turn (self);
      return FALSE;
    }
  return TRUE;
}

gboolean
tix_store_commit (TixStore  *self,
                  GError   **error)
{
  gboolean ok = tix_db_commit (self->db, error);

  /* Even when it failed: the caller rolls back, and a writer that comes
   * first meanwhile only waits on SQLite's own lock. */
  give_turn (self);
  return ok;
}

void
tix_store_rollback (TixStore *self)
{
  tix_db_rollback (self->db);
  give_turn (self);
}

void
tix_store_set_background (TixStore *self,
                          gboolean  background)
{
  g_return_if_fail (TIX_IS_STORE (self));
  self->background = !!background;

  /* A checkpoint runs after the commit that crossed the mark, while this
   * store still holds the turn: a background store checkpoints after its
   * slices itself (tix-store-tickets.c), once it has given the turn back. */
  if (!tix_db_is_shared (self->db))
    tix_db_exec (self->db, background ? "PRAGMA wal_autocheckpoint = 0"
                                      : "PRAGMA wal_autocheckpoint = 1000", NULL);
}

void
tix_store_set_max_tickets (TixStore *self,
                           gint64    max_tickets)
{
  g_return_if_fail (TIX_IS_STORE (self));
  self->max_tickets = MAX (max_tickets, 0);
}

void
tix_store_set_generate_failure (TixStore *self,
                                guint     after_slices,
                                gboolean  as_crash)
{
  g_return_if_fail (TIX_IS_STORE (self));
  self->fail_after_slices = after_slices;
  self->fail_as_crash = !!as_crash;
}

TixStore *
tix_store_open_again (TixStore  *self,
                      GError   **error)
{
  g_autoptr(TixStore) other = NULL;

  g_return_val_if_fail (TIX_IS_STORE (self), NULL);

  /* Migrated and cleaned up already: only the connection. */
  other = g_object_new (TIX_TYPE_STORE, NULL);
  other->db = tix_db_open_again (self->location, error);
  if (other->db == NULL)
    return NULL;
  other->location = g_strdup (self->location);
  other->max_tickets = self->max_tickets;
  return g_steal_pointer (&other);
}

/* Opening */

/* Organizations from before signed codes get their key pair now. */
gboolean
tix_store_ensure_keys (TixStore  *self,
                       GError   **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  TixDbStmt *stmt;
  TixDbStep rc;

  stmt = tix_store_statement (self, "SELECT id FROM organizations WHERE secret_key IS NULL",
                              error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = tix_db_step (stmt)) == TIX_DB_ROW)
    {
      gint64 id = tix_db_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  tix_db_reset (stmt);
  if (rc == TIX_DB_ERROR)
    return tix_store_set_error (self, error, "Could not read the organizations");

  for (guint i = 0; i < ids->len; i++)
    {
      gint64 org_id = g_array_index (ids, gint64, i);
      guint8 public_key[TIX_TICKET_CODE_PUBLIC_KEY_BYTES];
      guint8 secret_key[TIX_TICKET_CODE_SECRET_KEY_BYTES];

      /* Another server may be doing the same: the first one wins. */
      if (!tix_store_begin (self, org_id, error))
        return FALSE;
      stmt = tix_store_statement (self,
        "UPDATE organizations SET public_key = ?, secret_key = ?"
        " WHERE id = ? AND secret_key IS NULL", error);
      if (stmt == NULL)
        goto failed;
      tix_ticket_code_new_keys (public_key, secret_key);
      tix_db_bind_blob (stmt, 1, public_key, sizeof public_key);
      tix_db_bind_blob (stmt, 2, secret_key, sizeof secret_key);
      tix_db_bind_int64 (stmt, 3, org_id);
      if (!tix_store_step_done (self, stmt, "Could not store a key", error) ||
          !tix_store_commit (self, error))
        goto failed;
    }
  return TRUE;

failed:
  tix_store_rollback (self);
  return FALSE;
}

TixStore *
tix_store_open (const char  *path,
                GError     **error)
{
  g_autoptr(TixStore) self = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (TIX_TYPE_STORE, NULL);
  self->db = tix_db_open (path, error);
  if (self->db == NULL)
    return NULL;
  self->location = g_strdup (path);

  if (!tix_store_ensure_keys (self, error) || !tix_store_discard_batches (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

gboolean
tix_store_backup (const char  *path,
                  const char  *destination,
                  GError     **error)
{
  g_return_val_if_fail (path != NULL && destination != NULL, FALSE);

  if (tix_db_location_is_postgres (path))
    {
      g_set_error_literal (error, TIX_STORE_ERROR, TIX_STORE_ERROR_FAILED,
                           "--backup copies SQLite files; back up PostgreSQL with pg_dump");
      return FALSE;
    }
  return tix_db_sqlite_backup (path, destination, error);
}

gboolean
tix_store_location_is_shared (const char *path)
{
  return tix_db_location_is_postgres (path);
}

const char *
tix_store_get_path (TixStore *self)
{
  g_return_val_if_fail (TIX_IS_STORE (self), NULL);
  return tix_db_get_location (self->db);
}

gboolean
tix_store_is_shared (TixStore *self)
{
  g_return_val_if_fail (TIX_IS_STORE (self), FALSE);
  return tix_db_is_shared (self->db);
}

gboolean
tix_store_publish_event (TixStore    *self,
                         const char  *payload,
                         GError     **error)
{
  g_return_val_if_fail (TIX_IS_STORE (self), FALSE);
  g_return_val_if_fail (payload != NULL, FALSE);

  return tix_db_notify (self->db, payload, error);
}

void
tix_store_listen_events (TixStore          *self,
                         TixStoreEventFunc  func,
                         gpointer           user_data)
{
  g_return_if_fail (TIX_IS_STORE (self));

  tix_db_listen (self->db, func, user_data);
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
  TixDbStmt *stmt = tix_store_statement (self,
    "INSERT INTO audit (organization_id, user_id, action, detail, at) VALUES (?, ?, ?, ?, ?)",
    error);

  if (stmt == NULL)
    return FALSE;
  tix_db_bind_int64 (stmt, 1, tix_user_get_organization_id (user));
  tix_db_bind_int64 (stmt, 2, tix_user_get_id (user));
  tix_db_bind_text (stmt, 3, action);
  tix_db_bind_text (stmt, 4, detail);
  tix_db_bind_int64 (stmt, 5, now_ms);
  return tix_store_step_done (self, stmt, "Could not write the audit log", error);
}

/* Steps @stmt for one row: the object @from_row makes of it, or NULL with
 * TIX_STORE_ERROR_NOT_FOUND (@not_found) or the SQLite error. Resets @stmt. */
gpointer
tix_store_step_one (TixStore      *self,
          TixDbStmt  *stmt,
          gpointer     (*from_row) (TixDbStmt *stmt),
          const char    *not_found,
          GError       **error)
{
  gpointer object = NULL;

  switch (tix_db_step (stmt))
    {
    case TIX_DB_ROW:
      object = from_row (stmt);
      break;
    case TIX_DB_DONE:
      g_set_error_literal (error, TIX_STORE_ERROR, TIX_STORE_ERROR_NOT_FOUND, not_found);
      break;
    default:
      tix_store_set_error (self, error, "Could not read the database");
    }
  tix_db_reset (stmt);
  return object;
}

/* Settings */

GHashTable *
tix_store_get_settings (TixStore  *self,
                        gint64     organization_id,
                        GError   **error)
{
  g_autoptr(GHashTable) settings = NULL;
  TixDbStmt *stmt;
  int rc;

  g_return_val_if_fail (TIX_IS_STORE (self), NULL);

  settings = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  stmt = tix_store_statement (self, "SELECT name FROM organizations WHERE id = ?", error);
  if (stmt == NULL)
    return NULL;
  tix_db_bind_int64 (stmt, 1, organization_id);
  rc = tix_db_step (stmt);
  if (rc == TIX_DB_ROW)
    g_hash_table_insert (settings, g_strdup ("organization_name"),
                         g_strdup (tix_db_column_text (stmt, 0)));
  tix_db_reset (stmt);
  if (rc == TIX_DB_DONE)
    {
      g_set_error_literal (error, TIX_STORE_ERROR, TIX_STORE_ERROR_NOT_FOUND,
                           "No such organization");
      return NULL;
    }
  if (rc != TIX_DB_ROW)
    {
      tix_store_set_error (self, error, "Could not read the settings");
      return NULL;
    }

  stmt = tix_store_statement (self, "SELECT key, value FROM settings WHERE organization_id = ?",
                        error);
  if (stmt == NULL)
    return NULL;
  tix_db_bind_int64 (stmt, 1, organization_id);
  while ((rc = tix_db_step (stmt)) == TIX_DB_ROW)
    {
      const char *key = tix_db_column_text (stmt, 0);

      if (g_strv_contains (settings_keys, key))
        g_hash_table_insert (settings, g_strdup (key),
                             g_strdup (tix_db_column_text (stmt, 1)));
    }
  tix_db_reset (stmt);
  if (rc != TIX_DB_DONE)
    {
      tix_store_set_error (self, error, "Could not read the settings");
      return NULL;
    }

  tix_store_read_event_settings (self, organization_id, settings);
  /* Money is counted in it (issue 19); organizations from before it, EUR. */
  if (!g_hash_table_contains (settings, "currency"))
    g_hash_table_insert (settings, g_strdup ("currency"), g_strdup (TIX_MONEY_DEFAULT_CURRENCY));
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
  g_autofree char *zone = NULL;
  gint64 org_id;
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (TIX_IS_STORE (self), FALSE);
  g_return_val_if_fail (TIX_IS_USER (user), FALSE);
  g_return_val_if_fail (changes != NULL, FALSE);

  org_id = tix_user_get_organization_id (user);

  if (!tix_store_begin (self, org_id, error))
    return FALSE;

  /* A new date is a day in the time zone that the same change may set. */
  zone = g_strdup (g_hash_table_lookup (changes, "time_zone"));
  if (zone == NULL)
    {
      TixDbStmt *stmt = tix_store_statement (self,
        "SELECT value FROM settings WHERE organization_id = ? AND key = 'time_zone'", error);

      if (stmt == NULL)
        goto failed;
      tix_db_bind_int64 (stmt, 1, org_id);
      if (tix_db_step (stmt) == TIX_DB_ROW)
        zone = g_strdup (tix_db_column_text (stmt, 0));
      tix_db_reset (stmt);
    }

  /* The current event first: a name or date in the same change is its. */
  if (g_hash_table_contains (changes, "current_event_id") &&
      !tix_store_write_event_setting (self, org_id, "current_event_id",
                                      g_hash_table_lookup (changes, "current_event_id"), zone,
                                      error))
    goto failed;

  g_hash_table_iter_init (&iter, changes);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      TixDbStmt *stmt;

      if (g_strv_contains (event_settings_keys, key))
        {
          if (!g_str_equal (key, "current_event_id") &&
              !tix_store_write_event_setting (self, org_id, key, value, zone, error))
            goto failed;
          g_string_append_printf (detail, "%s%s", detail->len ? ", " : "", (const char *) key);
          continue;
        }
      if (g_str_equal (key, "organization_name"))
        {
          stmt = tix_store_statement (self, "UPDATE organizations SET name = ? WHERE id = ?", error);
          if (stmt == NULL)
            goto failed;
          tix_db_bind_text (stmt, 1, value);
          tix_db_bind_int64 (stmt, 2, org_id);
        }
      else if (g_strv_contains (settings_keys, key))
        {
          stmt = tix_store_statement (self,
            "INSERT INTO settings (organization_id, key, value) VALUES (?, ?, ?)"
            " ON CONFLICT (organization_id, key) DO UPDATE SET value = excluded.value", error);
          if (stmt == NULL)
            goto failed;
          tix_db_bind_int64 (stmt, 1, org_id);
          tix_db_bind_text (stmt, 2, key);
          tix_db_bind_text (stmt, 3, value);
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
