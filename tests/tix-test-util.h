/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tix-server-thread.h"

G_BEGIN_DECLS

/* A real TixServer on 127.0.0.1, any free port, on its own thread, with a
 * fresh database, and a temporary folder that is removed on free.
 *
 * The database is a SQLite file in that folder, or, when the environment
 * has TIX_TEST_BACKEND=postgres, a new PostgreSQL database on the server of
 * TIX_TEST_PG_URL (tests/with-postgres.sh starts one), dropped on free:
 * @db_path is then its postgresql:// URI. */
typedef struct
{
  char            *dir;
  char            *db_path;  /* a file in @dir, or a postgresql:// URI */
  TixServerThread *thread;
  const char      *url;     /* "http://127.0.0.1:PORT", owned by thread */
} TixTestServer;

TixTestServer *tix_test_server_new          (void);
TixTestServer *tix_test_server_new_with     (const TixServerOptions *options);
void           tix_test_server_free         (TixTestServer          *server);
/* TRUE when the tests run on PostgreSQL (TIX_TEST_BACKEND=postgres): tests
 * of what only a SQLite file can do skip themselves then. */
gboolean       tix_test_backend_is_postgres (void);
/* A fresh, empty database of the backend under test, for tix_store_open ()
 * or tix-server --db: "@dir/tix.db" on SQLite, or a new database's URI on
 * PostgreSQL. tix_test_database_drop () drops the PostgreSQL database
 * (stop every server using it first); a SQLite file goes with its folder. */
char          *tix_test_database_new        (const char             *dir);
void           tix_test_database_drop       (const char             *db_path);
/* A PostgreSQL outage for @db_path (a URI from tix_test_database_new ()):
 * the database stops taking connections and the ones it has are ended, as
 * when PostgreSQL restarts; _resume lets connections in again. */
void           tix_test_database_suspend    (const char             *db_path);
void           tix_test_database_resume     (const char             *db_path);
/* A TCP port on 127.0.0.1 that was free a moment ago. */
guint          tix_test_free_port           (void);
/* GET @url/health on a fresh connection: TRUE on 200. */
gboolean       tix_test_is_serving          (const char             *url);
/* The tix-server program under test (TIX_SERVER, set by meson). */
const char    *tix_test_server_exe          (void);
/* Removes a folder and everything in it. */
void           tix_test_remove_tree         (const char             *path);

/* Makes sure a Secret Service runs on the session bus, starting an unlocked
 * gnome-keyring with its files in @keyring_dir if none does (it ends with
 * the bus: run the test under dbus-run-session). Returns NULL when one
 * runs, else why not (for g_test_skip). */
char          *tix_test_ensure_secret_service (const char           *keyring_dir);

/* Driving an async API: a GAsyncReadyCallback that keeps the result in the
 * GAsyncResult * its user data points to, and a wait for it that spins the
 * default main context. */
void           tix_test_store_result        (GObject                *object,
                                             GAsyncResult           *result,
                                             gpointer                user_data);
GAsyncResult  *tix_test_wait_result         (GAsyncResult          **result);

/* Spins the default main context until @cond holds, failing the test after
 * 30 s; a ticking timeout keeps an iteration from blocking for long. */
#define TIX_TEST_WAIT_UNTIL(cond)                                             \
  G_STMT_START {                                                              \
    gint64 _deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;         \
    guint _tick = g_timeout_add (20, tix_test_tick_cb, NULL);                 \
    while (!(cond))                                                           \
      {                                                                       \
        if (g_get_monotonic_time () > _deadline)                              \
          g_error ("Timed out waiting for %s", #cond);                        \
        g_main_context_iteration (NULL, TRUE);                                \
      }                                                                       \
    g_source_remove (_tick);                                                  \
  } G_STMT_END
gboolean       tix_test_tick_cb             (gpointer                user_data);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TixTestServer, tix_test_server_free)

G_END_DECLS
