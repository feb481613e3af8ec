/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-door-cache"

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "tix-door-cache.h"

/* Where a station keeps its copy: a file for each server and organization,
 * and for the embedded server one for each database whatever its port. */

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
