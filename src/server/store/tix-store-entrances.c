/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Entrances: the doors of an event (issue 20). Which ticket types each
 * admits, whether people may go out and come back, its hours; and the count
 * of who came in by it and is inside, kept with the scans. */
#define G_LOG_DOMAIN "tix-store"

#include "config.h"

#include "tix-store-private.h"

#define ENTRANCE_COLUMNS \
  "id, organization_id, event_id, name, allow_exit, allow_reentry, opens_at, closes_at," \
  " is_default, inside"

/* The default entrance of an event made before it had others. */
#define DEFAULT_NAME "Main entrance"

void
tix_store_entrance_init (TixStoreEntrance *entrance)
{
  g_return_if_fail (entrance != NULL);

  *entrance = (TixStoreEntrance) { 0 };
  entrance->opens_at = TIX_STORE_NO_TIME;
  entrance->closes_at = TIX_STORE_NO_TIME;
}

void
tix_store_entrance_clear (TixStoreEntrance *entrance)
{
  if (entrance == NULL)
    return;
  g_clear_pointer (&entrance->name, g_free);
  g_clear_pointer (&entrance->type_ids, g_array_unref);
}

void
tix_store_entrance_free (TixStoreEntrance *entrance)
{
  tix_store_entrance_clear (entrance);
  g_free (entrance);
}

gboolean
tix_store_entrance_admits_type (const TixStoreEntrance *entrance,
                                gint64                  type_id)
{
  g_return_val_if_fail (entrance != NULL, FALSE);

  if (entrance->type_ids == NULL || entrance->type_ids->len == 0)
    return TRUE;
  for (guint i = 0; i < entrance->type_ids->len; i++)
    if (g_array_index (entrance->type_ids, gint64, i) == type_id)
      return TRUE;
  return FALSE;
}

gboolean
tix_store_entrance_is_open (const TixStoreEntrance *entrance,
                            gint64                  at_ms)
{
  g_return_val_if_fail (entrance != NULL, FALSE);

  return (entrance->opens_at == TIX_STORE_NO_TIME || at_ms >= entrance->opens_at) &&
         (entrance->closes_at == TIX_STORE_NO_TIME || at_ms < entrance->closes_at);
}

static gint64
column_or (TixDbStmt *stmt,
           int        column,
           gint64     none)
{
  return tix_db_column_is_null (stmt, column) ? none : tix_db_column_int64 (stmt, column);
}

static void
bind_or_null (TixDbStmt *stmt,
              int        index,
              gint64     value)
{
  if (value == TIX_STORE_NO_TIME)
    tix_db_bind_null (stmt, index);
  else
    tix_db_bind_int64 (stmt, index, value);
}

static gpointer
entrance_row (TixDbStmt *stmt)
{
  TixStoreEntrance *entrance = g_new0 (TixStoreEntrance, 1);

  entrance->id = tix_db_column_int64 (stmt, 0);
  entrance->organization_id = tix_db_column_int64 (stmt, 1);
  entrance->event_id = tix_db_column_int64 (stmt, 2);
  entrance->name = g_strdup (tix_db_column_text (stmt, 3));
  entrance->allow_exit = tix_db_column_int64 (stmt, 4) != 0;
  entrance->allow_reentry = tix_db_column_int64 (stmt, 5) != 0;
  entrance->opens_at = column_or (stmt, 6, TIX_STORE_NO_TIME);
  entrance->closes_at = column_or (stmt, 7, TIX_STORE_NO_TIME);
  entrance->is_default = tix_db_column_int64 (stmt, 8) != 0;
  entrance->inside = tix_db_column_int64 (stmt, 9);
  entrance->type_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  return entrance;
}

static gboolean
read_types (TixStore          *self,
            TixStoreEntrance  *entrance,
            GError           **error)
{
  TixDbStmt *stmt = tix_store_statement (self,
    "SELECT type_id FROM entrance_types WHERE entrance_id = ? ORDER BY type_id", error);
  TixDbStep rc;

  if (stmt == NULL)
    return FALSE;
  tix_db_bind_int64 (stmt, 1, entrance->id);
  while ((rc = tix_db_step (stmt)) == TIX_DB_ROW)
    {
      gint64 id = tix_db_column_int64 (stmt, 0);
      g_array_append_val (entrance->type_ids, id);
    }
  tix_db_reset (stmt);
  return rc == TIX_DB_DONE || tix_store_set_error (self, error, "Could not read the entrance");
}

static gboolean
write_types (TixStore       *self,
             gint64          entrance_id,
             const GArray   *type_ids,
             GError        **error)
{
  TixDbStmt *stmt = tix_store_statement (self,
    "DELETE FROM entrance_types WHERE entrance_id = ?", error);

  if (stmt == NULL)
    return FALSE;
  tix_db_bind_int64 (stmt, 1, entrance_id);
  if (!tix_store_step_done (self, stmt, "Could not write the entrance", error))
    return FALSE;
  for (guint i = 0; type_ids != NULL && i < type_ids->len; i++)
    {
      stmt = tix_store_statement (self,
        "INSERT INTO entrance_types (entrance_id, type_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
        error);
      if (stmt == NULL)
        return FALSE;
      tix_db_bind_int64 (stmt, 1, entrance_id);
      tix_db_bind_int64 (stmt, 2, g_array_index (type_ids, gint64, i));
      if (!tix_store_step_done (self, stmt, "Could not write the entrance", error))
        return FALSE;
    }
  return TRUE;
}

static gint64
insert_entrance (TixStore                *self,
                 gint64                   organization_id,
                 gint64                   event_id,
                 const TixStoreEntrance  *entrance,
                 gboolean                 is_default,
                 gint64                   shift_ms,
                 gint64                   now_ms,
                 GError                 **error)
{
  TixDbStmt *stmt = tix_store_statement (self,
    "INSERT INTO entrances (organization_id, event_id, name, allow_exit, allow_reentry,"
    " opens_at, closes_at, is_default, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
    " RETURNING id", error);
  gint64 id = 0;

  if (stmt == NULL)
    return 0;
  tix_db_bind_int64 (stmt, 1, organization_id);
  tix_db_bind_int64 (stmt, 2, event_id);
  tix_db_bind_text (stmt, 3, entrance->name != NULL ? entrance->name : DEFAULT_NAME);
  tix_db_bind_int64 (stmt, 4, entrance->allow_exit);
  tix_db_bind_int64 (stmt, 5, entrance->allow_reentry);
  bind_or_null (stmt, 6, entrance->opens_at == TIX_STORE_NO_TIME
                         ? TIX_STORE_NO_TIME : entrance->opens_at + shift_ms);
  bind_or_null (stmt, 7, entrance->closes_at == TIX_STORE_NO_TIME
                         ? TIX_STORE_NO_TIME : entrance->closes_at + shift_ms);
  tix_db_bind_int64 (stmt, 8, is_default);
  tix_db_bind_int64 (stmt, 9, now_ms);
  if (tix_db_step (stmt) == TIX_DB_ROW)
    id = tix_db_column_int64 (stmt, 0);
  else
    tix_store_set_error (self, error, "Could not add the entrance");
  tix_db_reset (stmt);
  if (id > 0 && !write_types (self, id, entrance->type_ids, error))
    return 0;
  return id;
}

gint64
tix_store_insert_default_entrance (TixStore  *self,
                                   gint64     organization_id,
                                   gint64     event_id,
                                   gint64     now_ms,
                                   GError   **error)
{
  g_auto(TixStoreEntrance) entrance;

  tix_store_entrance_init (&entrance);
  return insert_entrance (self, organization_id, event_id, &entrance, TRUE, 0, now_ms, error);
}

static GPtrArray *
list_of_event (TixStore  *self,
               gint64     organization_id,
               gint64     event_id,
               GError   **error)
{
  g_autoptr(GPtrArray) entrances = g_ptr_array_new_with_free_func (
    (GDestroyNotify) tix_store_entrance_free);
  TixDbStmt *stmt = tix_store_statement (self,
    "SELECT " ENTRANCE_COLUMNS " FROM entrances WHERE organization_id = ?1"
    " AND (?2 = 0 OR event_id = ?2) ORDER BY event_id, is_default DESC, id", error);
  TixDbStep rc;

  if (stmt == NULL)
    return NULL;
  tix_db_bind_int64 (stmt, 1, organization_id);
  tix_db_bind_int64 (stmt, 2, event_id);
  while ((rc = tix_db_step (stmt)) == TIX_DB_ROW)
    g_ptr_array_add (entrances, entrance_row (stmt));
  tix_db_reset (stmt);
  if (rc != TIX_DB_DONE)
    {
      tix_store_set_error (self, error, "Could not list the entrances");
      return NULL;
    }
  for (guint i = 0; i < entrances->len; i++)
    if (!read_types (self, g_ptr_array_index (entrances, i), error))
      return NULL;
  return g_steal_pointer (&entrances);
}

gboolean
tix_store_copy_entrances (TixStore  *self,
                          gint64     from_event_id,
                          gint64     to_event_id,
                          gint64     shift_ms,
                          gint64     now_ms,
                          GError   **error)
{
  g_autoptr(GPtrArray) entrances = NULL;
  TixDbStmt *stmt;
  gint64 org_id = 0;

  stmt = tix_store_statement (self, "SELECT organization_id FROM events WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  tix_db_bind_int64 (stmt, 1, from_event_id);
  if (tix_db_step (stmt) == TIX_DB_ROW)
    org_id = tix_db_column_int64 (stmt, 0);
  tix_db_reset (stmt);

  entrances = list_of_event (self, org_id, from_event_id, error);
  if (entrances == NULL)
    return FALSE;
  /* The new event's own default gives way to a copy of the original's. */
  stmt = tix_store_statement (self, "DELETE FROM entrances WHERE event_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  tix_db_bind_int64 (stmt, 1, to_event_id);
  if (!tix_store_step_done (self, stmt, "Could not copy the entrances", error))
    return FALSE;
  for (guint i = 0; i < entrances->len; i++)
    {
      TixStoreEntrance *entrance = g_ptr_array_index (entrances, i);

      if (insert_entrance (self, org_id, to_event_id, entrance, entrance->is_default, shift_ms,
                           now_ms, error) <= 0)
        return FALSE;
    }
  return TRUE;
}

GPtrArray *
tix_store_list_entrances (TixStore  *self,
                          gint64     organization_id,
                          gint64     event_id,
                          GError   **error)
{
  g_return_val_if_fail (TIX_IS_STORE (self), NULL);

  if (event_id > 0)
    {
      g_autoptr(TixStoreEvent) event = tix_store_get_event (self, organization_id, event_id, error);

      if (event == NULL)
        return NULL;
    }
  return list_of_event (self, organization_id, event_id, error);
}

TixStoreEntrance *
tix_store_get_entrance (TixStore  *self,
                        gint64     organization_id,
                        gint64     entrance_id,
                        GError   **error)
{
  g_autoptr(TixStoreEntrance) entrance = NULL;
  TixDbStmt *stmt;

  g_return_val_if_fail (TIX_IS_STORE (self), NULL);

  stmt = tix_store_statement (self,
    "SELECT " ENTRANCE_COLUMNS " FROM entrances WHERE id = ? AND organization_id = ?", error);
  if (stmt == NULL)
    return NULL;
  tix_db_bind_int64 (stmt, 1, entrance_id);
  tix_db_bind_int64 (stmt, 2, organization_id);
  entrance = tix_store_step_one (self, stmt, entrance_row, "No such entrance", error);
  if (entrance == NULL || !read_types (self, entrance, error))
    return NULL;
  return g_steal_pointer (&entrance);
}

static TixStoreEntrance *
audit_and_commit (TixStore    *self,
                  TixUser     *user,
                  gint64       entrance_id,
                  const char  *action,
                  gint64       now_ms,
                  GError     **error)
{
  g_autoptr(TixStoreEntrance) entrance = tix_store_get_entrance (
    self, tix_user_get_organization_id (user), entrance_id, error);

  if (entrance == NULL ||
      !tix_store_audit (self, user, action, entrance->name, now_ms, error) ||
      !tix_store_commit (self, error))
    {
      tix_store_rollback (self);
      return NULL;
    }
  return g_steal_pointer (&entrance);
}

TixStoreEntrance *
tix_store_create_entrance (TixStore                *self,
                           TixUser                 *user,
                           gint64                   event_id,
                           const TixStoreEntrance  *entrance,
                           gint64                   now_ms,
                           GError                 **error)
{
  g_autoptr(TixStoreEvent) event = NULL;
  gint64 org_id, id;

  g_return_val_if_fail (TIX_IS_STORE (self), NULL);
  g_return_val_if_fail (TIX_IS_USER (user), NULL);
  g_return_val_if_fail (entrance != NULL && entrance->name != NULL, NULL);

  org_id = tix_user_get_organization_id (user);
  if (!tix_store_begin (self, org_id, error))
    return NULL;
  event = tix_store_get_event (self, org_id, event_id, error);
  if (event == NULL)
    goto failed;
  id = insert_entrance (self, org_id, event_id, entrance, FALSE, 0, now_ms, error);
  if (id <= 0)
    goto failed;
  return audit_and_commit (self, user, id, "entrance-created", now_ms, error);

failed:
  tix_store_rollback (self);
  return NULL;
}

TixStoreEntrance *
tix_store_update_entrance (TixStore                *self,
                           TixUser                 *user,
                           gint64                   entrance_id,
                           const TixStoreEntrance  *changes,
                           guint                    fields,
                           gint64                   now_ms,
                           GError                 **error)
{
  g_autoptr(TixStoreEntrance) entrance = NULL;
  TixDbStmt *stmt;
  gint64 org_id;

  g_return_val_if_fail (TIX_IS_STORE (self), NULL);
  g_return_val_if_fail (TIX_IS_USER (user), NULL);
  g_return_val_if_fail (changes != NULL, NULL);

  org_id = tix_user_get_organization_id (user);
  if (!tix_store_begin (self, org_id, error))
    return NULL;
  entrance = tix_store_get_entrance (self, org_id, entrance_id, error);
  if (entrance == NULL)
    goto failed;

  if (fields & TIX_STORE_ENTRANCE_NAME)
    {
      g_free (entrance->name);
      entrance->name = g_strdup (changes->name);
    }
  if (fields & TIX_STORE_ENTRANCE_ALLOW_EXIT)
    entrance->allow_exit = changes->allow_exit;
  if (fields & TIX_STORE_ENTRANCE_ALLOW_REENTRY)
    entrance->allow_reentry = changes->allow_reentry;
  if (fields & TIX_STORE_ENTRANCE_OPENS_AT)
    entrance->opens_at = changes->opens_at;
  if (fields & TIX_STORE_ENTRANCE_CLOSES_AT)
    entrance->closes_at = changes->closes_at;

  stmt = tix_store_statement (self,
    "UPDATE entrances SET name = ?, allow_exit = ?, allow_reentry = ?, opens_at = ?,"
    " closes_at = ? WHERE id = ?", error);
  if (stmt == NULL)
    goto failed;
  tix_db_bind_text (stmt, 1, entrance->name);
  tix_db_bind_int64 (stmt, 2, entrance->allow_exit);
  tix_db_bind_int64 (stmt, 3, entrance->allow_reentry);
  bind_or_null (stmt, 4, entrance->opens_at);
  bind_or_null (stmt, 5, entrance->closes_at);
  tix_db_bind_int64 (stmt, 6, entrance_id);
  if (!tix_store_step_done (self, stmt, "Could not update the entrance", error))
    goto failed;
  if ((fields & TIX_STORE_ENTRANCE_TYPE_IDS) &&
      !write_types (self, entrance_id, changes->type_ids, error))
    goto failed;
  return audit_and_commit (self, user, entrance_id, "entrance-updated", now_ms, error);

failed:
  tix_store_rollback (self);
  return NULL;
}

gboolean
tix_store_delete_entrance (TixStore  *self,
                           TixUser   *user,
                           gint64     entrance_id,
                           gint64     now_ms,
                           GError   **error)
{
  g_autoptr(TixStoreEntrance) entrance = NULL;
  TixDbStmt *stmt;
  gint64 org_id;

  g_return_val_if_fail (TIX_IS_STORE (self), FALSE);
  g_return_val_if_fail (TIX_IS_USER (user), FALSE);

  org_id = tix_user_get_organization_id (user);
  if (!tix_store_begin (self, org_id, error))
    return FALSE;
  entrance = tix_store_get_entrance (self, org_id, entrance_id, error);
  if (entrance == NULL)
    goto failed;
  if (entrance->is_default)
    {
      g_set_error_literal (error, TIX_STORE_ERROR, TIX_STORE_ERROR_IN_USE,
                           "The default entrance of an event cannot be deleted");
      goto failed;
    }

  /* Who came in by it stays inside, counted at the default entrance. */
  stmt = tix_store_statement (self,
    "UPDATE entrances SET inside = inside + ?1"
    " WHERE event_id = ?2 AND is_default = 1", error);
  if (stmt == NULL)
    goto failed;
  tix_db_bind_int64 (stmt, 1, entrance->inside);
  tix_db_bind_int64 (stmt, 2, entrance->event_id);
  if (!tix_store_step_done (self, stmt, "Could not delete the entrance", error))
    goto failed;
  stmt = tix_store_statement (self,
    "UPDATE tickets SET entrance_id ="
    " (SELECT id FROM entrances WHERE event_id = ?1 AND is_default = 1)"
    " WHERE organization_id = ?2 AND event_id = ?1 AND entrance_id = ?3", error);
  if (stmt == NULL)
    goto failed;
  tix_db_bind_int64 (stmt, 1, entrance->event_id);
  tix_db_bind_int64 (stmt, 2, org_id);
  tix_db_bind_int64 (stmt, 3, entrance_id);
  if (!tix_store_step_done (self, stmt, "Could not delete the entrance", error))
    goto failed;
  stmt = tix_store_statement (self, "DELETE FROM entrances WHERE id = ?", error);
  if (stmt == NULL)
    goto failed;
  tix_db_bind_int64 (stmt, 1, entrance_id);
  if (!tix_store_step_done (self, stmt, "Could not delete the entrance", error) ||
      !tix_store_audit (self, user, "entrance-deleted", entrance->name, now_ms, error) ||
      !tix_store_commit (self, error))
    goto failed;
  return TRUE;

failed:
  tix_store_rollback (self);
  return FALSE;
}
