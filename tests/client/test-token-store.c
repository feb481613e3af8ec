/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-token-store"

#include "config.h"

#include <libsecret/secret.h>

#include "tix-test-util.h"
#include "tix-token-store.h"

#define SECRETS_NAME "org.freedesktop.secrets"

/* A folder for a keyring daemon this test starts, so it never touches the
 * keyrings in the real home folder. */
static char *keyring_dir;

static gboolean
do_save (const char  *url,
         const char  *email,
         const char  *token,
         GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  tix_token_store_save_async (url, email, token, NULL, tix_test_store_result, &result);
  return tix_token_store_save_finish (tix_test_wait_result (&result), error);
}

static char *
do_lookup (const char  *url,
           const char  *email,
           GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  tix_token_store_lookup_async (url, email, NULL, tix_test_store_result, &result);
  return tix_token_store_lookup_finish (tix_test_wait_result (&result), error);
}

static gboolean
do_clear (const char  *url,
          const char  *email,
          GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  tix_token_store_clear_async (url, email, NULL, tix_test_store_result, &result);
  return tix_token_store_clear_finish (tix_test_wait_result (&result), error);
}

static gboolean
secret_service_running (GDBusConnection *bus)
{
  g_autoptr(GVariant) reply = NULL;
  gboolean has_owner = FALSE;

  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)", SECRETS_NAME),
                                       G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NONE,
                                       5000, NULL, NULL);
  if (reply != NULL)
    g_variant_get (reply, "(b)", &has_owner);

  return has_owner;
}

/* Returns NULL when a Secret Service runs on the session bus, possibly one
 * started here with an empty, unlocked login keyring; else why not. */
static char *
ensure_secret_service (void)
{
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) envp = NULL;
  g_autofree char *program = NULL;
  const char *argv[] = {
    "/bin/sh", "-c", "echo | gnome-keyring-daemon --unlock --components=secrets", NULL
  };
  int wait_status = 0;

  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    return g_strdup ("no D-Bus session bus (run the tests under dbus-run-session)");

  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  if (bus == NULL)
    return g_strdup_printf ("no D-Bus session bus: %s", error->message);

  if (secret_service_running (bus))
    return NULL;

  program = g_find_program_in_path ("gnome-keyring-daemon");
  if (program == NULL)
    return g_strdup ("no Secret Service and no gnome-keyring-daemon to start");

  keyring_dir = g_dir_make_tmp ("tix-keyring-XXXXXX", &error);
  g_assert_no_error (error);
  envp = g_get_environ ();
  envp = g_environ_setenv (envp, "XDG_DATA_HOME", keyring_dir, TRUE);
  envp = g_environ_setenv (envp, "XDG_RUNTIME_DIR", keyring_dir, TRUE);
  /* The tests' fatal warnings are for Tix: the daemon's own would abort it. */
  envp = g_environ_unsetenv (envp, "G_DEBUG");

  /* The daemon forks and its first process exits: no pipes, or this waits
   * for the daemon to end. */
  if (!g_spawn_sync (NULL, (char **) argv, envp,
                     G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, NULL, NULL, &wait_status, &error))
    return g_strdup_printf ("could not start gnome-keyring-daemon: %s", error->message);

  for (guint i = 0; i < 50; i++)
    {
      if (secret_service_running (bus))
        return NULL;
      g_usleep (100 * 1000);
    }

  return g_strdup ("gnome-keyring-daemon did not come up");
}

static void
test_round_trip (void)
{
  g_autofree char *why_not = ensure_secret_service ();
  g_autofree char *server = NULL;
  g_autofree char *server_slash = NULL;
  g_autofree char *token = NULL;
  g_autoptr(GError) error = NULL;
  const char *first = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
  const char *second = "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210";

  if (why_not != NULL)
    {
      g_test_skip (why_not);
      return;
    }

  /* A server of its own, so that a real keyring is left as it was. */
  server = g_strdup_printf ("http://tix-test-%u.invalid:8080", g_random_int ());
  server_slash = g_strconcat (server, "/", NULL);

  if (!do_save (server, "cashier@example.com", first, &error))
    {
      g_autofree char *message = g_strdup_printf ("Secret Service unusable: %s",
                                                  error->message);
      g_test_skip (message);
      return;
    }

  token = do_lookup (server, "cashier@example.com", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (token, ==, first);
  g_clear_pointer (&token, g_free);

  /* Keyed by server and email. */
  token = do_lookup (server, "other@example.com", &error);
  g_assert_no_error (error);
  g_assert_null (token);
  token = do_lookup ("http://elsewhere.invalid", "cashier@example.com", &error);
  g_assert_no_error (error);
  g_assert_null (token);

  /* A trailing slash names the same server; saving again replaces. */
  g_assert_true (do_save (server_slash, "cashier@example.com", second, &error));
  g_assert_no_error (error);
  token = do_lookup (server, "cashier@example.com", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (token, ==, second);
  g_clear_pointer (&token, g_free);

  g_assert_true (do_clear (server_slash, "cashier@example.com", &error));
  g_assert_no_error (error);
  token = do_lookup (server, "cashier@example.com", &error);
  g_assert_no_error (error);
  g_assert_null (token);

  /* Clearing what is not there is fine. */
  g_assert_true (do_clear (server, "cashier@example.com", &error));
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tix/token-store/round-trip", test_round_trip);

  status = g_test_run ();

  /* Drop libsecret's cached service proxy so leak checkers see a clean exit. */
  secret_service_disconnect ();

  /* The daemon started here ends with the session bus; its files go now. */
  if (keyring_dir != NULL)
    tix_test_remove_tree (keyring_dir);
  g_free (keyring_dir);

  return status;
}
