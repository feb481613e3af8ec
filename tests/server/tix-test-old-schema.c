/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <sqlite3.h>
#if HAVE_POSTGRES
#include <libpq-fe.h>
#endif

#include "tix-store-schema.h"
#include "tix-store-schema-pg.h"
#include "tix-test-old-schema.h"

/* The events migration's function: a database of the test's own has no
 * event dates to convert. */
static void
day_start (sqlite3_context  *context,
           int               argc,
           sqlite3_value   **argv)
{
  sqlite3_result_null (context);
}

static void
sqlite_exec (sqlite3    *db,
             const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

void
tix_test_make_old_sqlite (const char *path,
                          guint       n_migrations,
                          const char *rows)
{
  sqlite3 *db = NULL;

  g_assert_cmpuint (n_migrations, <=, G_N_ELEMENTS (tix_store_migrations));
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_create_function (db, "tix_day_start", 2, SQLITE_UTF8, NULL, day_start,
                                            NULL, NULL), ==, SQLITE_OK);
  for (guint v = 0; v < n_migrations; v++)
    {
      g_autofree char *version = g_strdup_printf ("PRAGMA user_version = %u", v + 1);

      sqlite_exec (db, tix_store_migrations[v]);
      sqlite_exec (db, version);
    }
  sqlite_exec (db, "PRAGMA application_id = 1414092833");
  sqlite_exec (db, rows);
  sqlite3_close (db);
}

#if HAVE_POSTGRES
static void
pg_exec (PGconn     *conn,
         const char *sql)
{
  PGresult *result = PQexec (conn, sql);

  if (PQresultStatus (result) != PGRES_COMMAND_OK && PQresultStatus (result) != PGRES_TUPLES_OK)
    g_error ("%s: %s", sql, PQerrorMessage (conn));
  PQclear (result);
}
#endif

void
tix_test_make_old_pg (const char *uri,
                      guint       n_migrations,
                      const char *rows,
                      const char *after)
{
#if HAVE_POSTGRES
  PGconn *conn = PQconnectdb (uri);
  g_autofree char *version = g_strdup_printf ("INSERT INTO tix_schema VALUES (%u)", n_migrations);

  g_assert_cmpuint (n_migrations, <=, G_N_ELEMENTS (tix_store_pg_migrations));
  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  pg_exec (conn, "SET client_min_messages = warning");
  pg_exec (conn, "CREATE TABLE tix_schema (version INTEGER NOT NULL)");
  for (guint v = 0; v < n_migrations; v++)
    pg_exec (conn, tix_store_pg_migrations[v]);
  pg_exec (conn, version);
  pg_exec (conn, rows);
  if (after != NULL)
    pg_exec (conn, after);
  PQfinish (conn);
#else
  g_error ("Built without PostgreSQL");
#endif
}
