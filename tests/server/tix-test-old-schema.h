/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A database as an earlier version of Tix left it, for the tests of a
 * migration: the schema's first @n_migrations migrations, then @rows (SQL
 * of that version's tables). On SQLite at @path (with the functions the
 * migrations call); on PostgreSQL at @uri, @after (or NULL) run last, e.g.
 * to move an identity past the ids the rows gave. */
void tix_test_make_old_sqlite (const char *path,
                               guint       n_migrations,
                               const char *rows);
void tix_test_make_old_pg     (const char *uri,
                               guint       n_migrations,
                               const char *rows,
                               const char *after);

G_END_DECLS
