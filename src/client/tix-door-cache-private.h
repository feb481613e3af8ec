/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sqlite3.h>

#include "tix-door-cache.h"

G_BEGIN_DECLS

/* TixDoorCache, split by concern:
 *   tix-door-cache.c          the SQLite file, its schema, the helpers below, the key
 *   tix-door-cache-path.c     where a station keeps its copy
 *   tix-door-cache-sync.c     a page of GET /api/sync checked and applied, the cursor
 *   tix-door-cache-tickets.c  the tickets: put, marked scanned or deleted, looked up
 *   tix-door-cache-events.c   the organization's events, and which one is current
 *   tix-door-cache-entrances.c  the entrances of the events (door rules)
 *   tix-door-cache-queue.c    the scans admitted offline, until the server answers */

struct _TixDoorCache
{
  GObject  parent_instance;

  char    *path;
  sqlite3 *db;
};

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

/* tix-door-cache.c: SQLite, the way every room uses it. The ones that take
 * an @error set a TIX_DOOR_CACHE_ERROR_FAILED naming what failed. */
/* Always FALSE. */
gboolean      tix_door_cache_db_error       (TixDoorCache  *self,
                                             const char    *what,
                                             GError       **error);
gboolean      tix_door_cache_db_exec        (TixDoorCache  *self,
                                             const char    *sql,
                                             GError       **error);
sqlite3_stmt *tix_door_cache_db_prepare     (TixDoorCache  *self,
                                             const char    *sql,
                                             GError       **error);
/* Steps a statement that returns no rows. */
gboolean      tix_door_cache_db_step        (TixDoorCache  *self,
                                             sqlite3_stmt  *stmt,
                                             GError       **error);
/* NULL binds NULL. */
void          tix_door_cache_db_bind_text   (sqlite3_stmt  *stmt,
                                             int            i,
                                             const char    *text);
char         *tix_door_cache_db_column_text (sqlite3_stmt  *stmt,
                                             int            i);
/* A write transaction: begin, then commit (which rolls back when it fails)
 * or roll back, which passes @local_error on and returns FALSE. */
gboolean      tix_door_cache_db_begin       (TixDoorCache  *self,
                                             GError       **error);
gboolean      tix_door_cache_db_commit      (TixDoorCache  *self,
                                             GError       **error);
gboolean      tix_door_cache_db_rollback    (TixDoorCache  *self,
                                             GError        *local_error,
                                             GError       **error);

/* tix-door-cache-tickets.c: one statement that puts ticket after ticket,
 * for a page of changes in one transaction. */
sqlite3_stmt *tix_door_cache_prepare_put    (TixDoorCache  *self,
                                             GError       **error);
gboolean      tix_door_cache_put            (TixDoorCache             *self,
                                             sqlite3_stmt             *put,
                                             const TixDoorCacheTicket *ticket,
                                             GError                  **error);

/* tix-door-cache-events.c: the events of a sync page, replacing those
 * kept, inside the page's transaction; a member that is not an event is
 * TIX_DOOR_CACHE_ERROR_INVALID. */
gboolean      tix_door_cache_put_events     (TixDoorCache  *self,
                                             JsonArray     *events,
                                             GError       **error);
/* tix-door-cache-entrances.c: the entrances of a sync page, replacing
 * those kept, inside the page's transaction; a member that is not an
 * entrance is TIX_DOOR_CACHE_ERROR_INVALID. */
gboolean      tix_door_cache_put_entrances  (TixDoorCache  *self,
                                             JsonArray     *entrances,
                                             GError       **error);
/* A number kept in the meta table (the cursor, the current event); 0 when
 * there is none. */
gint64        tix_door_cache_get_meta_int   (TixDoorCache  *self,
                                             const char    *key);
gboolean      tix_door_cache_set_meta_int   (TixDoorCache  *self,
                                             const char    *key,
                                             gint64         value,
                                             GError       **error);

G_END_DECLS
