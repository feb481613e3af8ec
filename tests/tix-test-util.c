/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-test-util"

#include "config.h"

#include <glib/gstdio.h>

#include "tix-test-util.h"

void
tix_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          if (g_file_test (child, G_FILE_TEST_IS_DIR) &&
              !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
            tix_test_remove_tree (child);
          else
            g_unlink (child);
        }
    }
  g_rmdir (path);
}

TixTestServer *
tix_test_server_new_with (const TixServerOptions *options)
{
  g_autoptr(GError) error = NULL;
  TixTestServer *server = g_new0 (TixTestServer, 1);

  server->dir = g_dir_make_tmp ("tix-test-XXXXXX", &error);
  g_assert_no_error (error);
  server->db_path = g_build_filename (server->dir, "tix.db", NULL);
  server->thread = tix_server_thread_new (server->db_path, options, "127.0.0.1", 0, &error);
  g_assert_no_error (error);
  server->url = tix_server_thread_get_url (server->thread);

  return server;
}

TixTestServer *
tix_test_server_new (void)
{
  TixServerOptions options;

  tix_server_options_init (&options);
  options.fast_password_hashing = TRUE;
  return tix_test_server_new_with (&options);
}

void
tix_test_server_free (TixTestServer *server)
{
  if (server == NULL)
    return;

  tix_server_thread_stop (server->thread);
  g_assert_finalize_object (server->thread);
  tix_test_remove_tree (server->dir);
  g_free (server->db_path);
  g_free (server->dir);
  g_free (server);
}

void
tix_test_store_result (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  GAsyncResult **out = user_data;

  g_assert_null (*out);
  *out = g_object_ref (result);
}

GAsyncResult *
tix_test_wait_result (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return *result;
}
