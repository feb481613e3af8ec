/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The SQLite file itself: who may read it, and what a damaged one says. */
#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tix-store.h"
#include "tix-test-util.h"
#include "tix-time.h"

typedef struct
{
  char *dir;
  char *path;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("tix-database-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "tix.db", NULL);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  tix_test_remove_tree (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static guint
mode_of (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_mode & 0777;
}

/* An installer (or a hand) made the file empty, readable by all: set up in
 * place, it must not stay readable by others, keys and hashes being in it. */
static void
test_empty_file_made_private (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TixStore) store = NULL;
  g_autoptr(TixUser) user = NULL;
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  int fd;

  fd = g_open (f->path, O_WRONLY | O_CREAT | O_EXCL, 0644);
  g_assert_cmpint (fd, >=, 0);
  close (fd);
  g_assert_cmpint (g_chmod (f->path, 0644), ==, 0);

  store = tix_store_open (f->path, &error);
  g_assert_no_error (error);
  user = tix_store_create_organization (store, "Org", "a@example.org", "A", "hash", 10, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (mode_of (f->path), ==, 0600);
  if (g_file_test (wal, G_FILE_TEST_EXISTS))
    g_assert_cmpuint (mode_of (wal) & 077, ==, 0);
}

/* A new file is private from the start (it was already). */
static void
test_new_file_private (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TixStore) store = tix_store_open (f->path, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (mode_of (f->path), ==, 0600);
}

/* Pages past the schema overwritten: refused at start-up, by its name, so
 * that a person knows which file to restore. */
static void
test_damaged_pages_named (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  {
    g_autoptr(TixStore) store = tix_store_open (f->path, &error);
    g_autoptr(TixUser) user = NULL;
    g_autoptr(GPtrArray) tickets = NULL;

    g_assert_no_error (error);
    user = tix_store_create_organization (store, "Org", "a@example.org", "A", "hash", 10,
                                          &error);
    g_assert_no_error (error);
    tickets = tix_store_generate_tickets (store, user, "DMG", "x", 2000, tix_time_now_ms (),
                                          &error);
    g_assert_no_error (error);
  }

  /* The store is closed: its WAL is folded back into the file. */
  g_assert_true (g_file_get_contents (f->path, &contents, &length, &error));
  g_assert_cmpuint (length, >, 16 * 4096);
  /* Pages of the second half (the tickets'), the schema left whole:
   * garbage where the b-tree headers are. */
  for (gsize page = length / 4096 / 2; page * 4096 < length; page++)
    memset (contents + page * 4096, 0x5a, 64);
  g_assert_true (g_file_set_contents (f->path, contents, (gssize) length, &error));

  {
    g_autoptr(TixStore) store = tix_store_open (f->path, &error);

    g_assert_null (store);
    g_assert_error (error, TIX_STORE_ERROR, TIX_STORE_ERROR_CORRUPT);
    g_test_message ("%s", error->message);
    g_assert_nonnull (strstr (error->message, f->path));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/tix/store/database/empty-file-private", Fixture, NULL, fixture_setup,
              test_empty_file_made_private, fixture_teardown);
  g_test_add ("/tix/store/database/new-file-private", Fixture, NULL, fixture_setup,
              test_new_file_private, fixture_teardown);
  g_test_add ("/tix/store/database/damaged-pages-named", Fixture, NULL, fixture_setup,
              test_damaged_pages_named, fixture_teardown);

  return g_test_run ();
}
