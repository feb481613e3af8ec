/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What a backend of TixDb provides (tix-db-sqlite.c, tix-db-pg.c). */

#include "tix-db.h"

G_BEGIN_DECLS

typedef struct
{
  void          (*free)              (TixDb *db);
  TixDbStmt    *(*prepare)           (TixDb *db, const char *sql, GError **error);
  void          (*stmt_free)         (TixDbStmt *stmt);
  void          (*clear)             (TixDbStmt *stmt);
  gboolean      (*exec)              (TixDb *db, const char *sql, GError **error);
  void          (*bind_int64)        (TixDbStmt *stmt, int index, gint64 value);
  void          (*bind_text)         (TixDbStmt *stmt, int index, const char *text);
  void          (*bind_blob)         (TixDbStmt *stmt, int index, const void *data, gsize size);
  void          (*bind_null)         (TixDbStmt *stmt, int index);
  int           (*parameter_index)   (TixDbStmt *stmt, const char *name);
  TixDbStep     (*step)              (TixDbStmt *stmt);
  gboolean      (*column_is_null)    (TixDbStmt *stmt, int column);
  gint64        (*column_int64)      (TixDbStmt *stmt, int column);
  const char   *(*column_text)       (TixDbStmt *stmt, int column);
  const guint8 *(*column_blob)       (TixDbStmt *stmt, int column, gsize *size);
  void          (*reset)             (TixDbStmt *stmt);
  gint64        (*changes)           (TixDb *db);
  gboolean      (*set_error)         (TixDb *db, GError **error, const char *what);
  gboolean      (*begin)             (TixDb *db, GError **error);
  gboolean      (*lock_organization) (TixDb *db, gint64 organization_id, GError **error);
  void          (*rollback)          (TixDb *db);
  gboolean      (*notify)            (TixDb *db, const char *payload, GError **error);
  void          (*listen)            (TixDb *db, TixDbNotifyFunc func, gpointer user_data);
  /* NULL: one run after the other */
  gboolean      (*run_many)          (TixDb *db, TixDbStmt *stmt, guint n, TixDbBindFunc bind,
                                      TixDbRowFunc row, gpointer user_data, GError **error);
  /* NULL: nothing to do (see tix_db_sync_log()) */
  void          (*sync_log)          (TixDb *db);
} TixDbBackend;

struct _TixDb
{
  const TixDbBackend *backend;
  char               *location;   /* shown to people: no password */
  gboolean            shared;
  /* SQL text → TixDbStmt, kept for the life of the connection */
  GHashTable         *statements;
};

struct _TixDbStmt
{
  TixDb *db;
};

/* Fills in the common part; @location is copied. */
void   tix_db_init_base   (TixDb              *db,
                           const TixDbBackend *backend,
                           const char         *location,
                           gboolean            shared);

/* @check: check (and migrate) the database; FALSE for a further
 * connection to one that this process opened and checked already. */
TixDb *tix_db_sqlite_open (const char         *path,
                           gboolean            check,
                           GError            **error);
TixDb *tix_db_pg_open     (const char         *uri,
                           gboolean            check,
                           GError            **error);

G_END_DECLS
