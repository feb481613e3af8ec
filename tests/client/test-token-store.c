/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-token-store"

#include "config.h"

#include <libsecret/secret.h>

#include "tix-test-util.h"
#include "tix-token-store.h"

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

/* Returns NULL when a Secret Service runs on the session bus, possibly one
 * started here with an empty, unlocked login keyring; else why not. */
static char *
ensure_secret_service (void)
{
  g_autoptr(GError) error = NULL;

  keyring_dir = g_dir_make_tmp ("tix-keyring-XXXXXX", &error);
  g_assert_no_error (error);
  return tix_test_ensure_secret_service (keyring_dir);
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
