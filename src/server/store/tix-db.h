/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The database under TixStore: one connection, to a SQLite file or to a
 * PostgreSQL server, behind one small API shaped like SQLite's. The store's
 * queries are written once, in the SQL both understand; parameters are
 * written ?, ?N or :name and each backend binds them its own way. Nothing
 * outside src/server/store includes this. */

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _TixDb     TixDb;
typedef struct _TixDbStmt TixDbStmt;

typedef enum
{
  TIX_DB_ERROR = -1,
  TIX_DB_DONE  = 0,
  TIX_DB_ROW   = 1,
} TixDbStep;

/* A NOTIFY from another server sharing the database. */
typedef void (*TixDbNotifyFunc) (const char *payload,
                                 gpointer    user_data);

/* "postgres://…" and "postgresql://…" are PostgreSQL connection URIs;
 * anything else is the path of a SQLite file. */
gboolean      tix_db_location_is_postgres (const char   *location);

/* Opens, checks and migrates the database: a foreign or newer one is
 * refused (TIX_STORE_ERROR_CORRUPT) and left untouched. */
TixDb        *tix_db_open                 (const char   *location,
                                           GError      **error);
TixDb        *tix_db_open_again           (const char   *location,
                                           GError      **error);
void          tix_db_free                 (TixDb        *db);
/* What to show a person: the path, or the URI without its password. */
const char   *tix_db_get_location         (TixDb        *db);
/* Several servers may share it: rows are locked, events cross servers. */
gboolean      tix_db_is_shared            (TixDb        *db);

/* A prepared statement for @sql (a literal or interned string), reset and
 * with no bindings; owned by the connection. */
TixDbStmt    *tix_db_statement            (TixDb        *db,
                                           const char   *sql,
                                           GError      **error);
/* Runs statements without parameters, for schema changes. */
gboolean      tix_db_exec                 (TixDb        *db,
                                           const char   *sql,
                                           GError      **error);

void          tix_db_bind_int64           (TixDbStmt    *stmt,
                                           int           index,
                                           gint64        value);
/* NULL binds SQL NULL. */
void          tix_db_bind_text            (TixDbStmt    *stmt,
                                           int           index,
                                           const char   *text);
void          tix_db_bind_blob            (TixDbStmt    *stmt,
                                           int           index,
                                           const void   *data,
                                           gsize         size);
void          tix_db_bind_null            (TixDbStmt    *stmt,
                                           int           index);
/* The index of :name, or 0 when the statement has none. */
int           tix_db_parameter_index      (TixDbStmt    *stmt,
                                           const char   *name);

TixDbStep     tix_db_step                 (TixDbStmt    *stmt);
gboolean      tix_db_column_is_null       (TixDbStmt    *stmt,
                                           int           column);
gint64        tix_db_column_int64         (TixDbStmt    *stmt,
                                           int           column);
/* Valid until the next step or reset. */
const char   *tix_db_column_text          (TixDbStmt    *stmt,
                                           int           column);
const guint8 *tix_db_column_blob          (TixDbStmt    *stmt,
                                           int           column,
                                           gsize        *size);
void          tix_db_reset                (TixDbStmt    *stmt);
/* Rows written by the last statement stepped. */
gint64        tix_db_changes              (TixDb        *db);
/* Makes what this connection committed without an fsync (SQLite's
 * synchronous=NORMAL) durable now, outside any transaction. */
void          tix_db_sync_log             (TixDb        *db);

/* Runs @stmt @n times: @bind sets its parameters for run @i, then @row gets
 * the result (TIX_DB_ROW with the first row of a RETURNING, or TIX_DB_DONE)
 * and tix_db_changes() is that run's. On PostgreSQL the runs go out
 * together (pipelined: one round trip, not @n); they still run in order.
 * Stops at the first failure (FALSE, @error set); use inside a transaction. */
typedef void (*TixDbBindFunc) (TixDbStmt *stmt,
                               guint      i,
                               gpointer   user_data);
typedef void (*TixDbRowFunc)  (TixDbStmt *stmt,
                               guint      i,
                               TixDbStep  step,
                               gpointer   user_data);
gboolean      tix_db_run_many             (TixDb        *db,
                                           TixDbStmt    *stmt,
                                           guint         n,
                                           TixDbBindFunc bind,
                                           TixDbRowFunc  row,
                                           gpointer      user_data,
                                           GError      **error);

/* Sets @error from the last failure, prefixed by @what; returns FALSE.
 * The code is a TixStoreError: _EXISTS for a unique key, _CORRUPT for a
 * damaged file, _UNAVAILABLE when the server cannot be reached. */
gboolean      tix_db_set_error            (TixDb        *db,
                                           GError      **error,
                                           const char   *what);

/* A write transaction: BEGIN IMMEDIATE on SQLite (one writer at a time),
 * BEGIN on PostgreSQL, where tix_db_lock_organization() then serializes the
 * writers of one organization across servers. */
gboolean      tix_db_begin                (TixDb        *db,
                                           GError      **error);
gboolean      tix_db_lock_organization    (TixDb        *db,
                                           gint64        organization_id,
                                           GError      **error);
gboolean      tix_db_commit               (TixDb        *db,
                                           GError      **error);
/* Safe outside a transaction and on a lost connection. */
void          tix_db_rollback             (TixDb        *db);

/* Events between servers sharing the database; no-ops on SQLite. @payload
 * must be under 8000 bytes. */
gboolean      tix_db_notify               (TixDb        *db,
                                           const char   *payload,
                                           GError      **error);
/* Listens on the thread-default main context of the caller; @func NULL
 * stops. */
void          tix_db_listen               (TixDb        *db,
                                           TixDbNotifyFunc func,
                                           gpointer      user_data);

G_END_DECLS
