/* SPDX-License-Identifier: GPL-3.0-or-later */
/* HTTPS to a venue's own server: trust on first use, refused when it changes. */
#include "config.h"

#include <string.h>

#include "tix-client.h"
#include "tix-test-util.h"

static void
store_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

static TixUser *
do_register (TixClient  *client,
             const char *email,
             GError    **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  tix_client_register_async (client, email, "long enough", "Tess", NULL, NULL,
                             store_result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return tix_client_register_finish (client, result, error);
}

static void
test_trust_on_first_use (void)
{
  g_autofree char *cert = g_test_build_filename (G_TEST_DIST, "hardening", "test-cert.pem", NULL);
  g_autofree char *key = g_test_build_filename (G_TEST_DIST, "hardening", "test-key.pem", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsCertificate) certificate = g_tls_certificate_new_from_files (cert, key, &error);
  g_autoptr(TixTestServer) server = NULL;
  g_autoptr(TixClient) client = NULL;
  g_autoptr(TixClient) fooled = NULL;
  g_autoptr(TixUser) refused = NULL;
  g_autoptr(TixUser) user = NULL;
  g_autoptr(TixUser) nobody = NULL;
  g_autofree char *fingerprint = NULL;
  TixServerOptions options;

  g_assert_no_error (error);
  tix_server_options_init (&options);
  options.fast_password_hashing = TRUE;
  options.tls_certificate = certificate;
  server = tix_test_server_new_with (&options);

  fingerprint = tix_certificate_fingerprint (certificate);
  g_assert_cmpuint (strlen (fingerprint), ==, 32 * 3 - 1);

  /* First contact: refused, nothing sent, the fingerprint to show. */
  client = tix_client_new (server->url);
  refused = do_register (client, "first@example.org", &error);
  g_assert_null (refused);
  g_assert_error (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_CERTIFICATE_NEW);
  g_assert_cmpstr (tix_client_get_offered_certificate (client), ==, fingerprint);
  g_clear_error (&error);

  /* A person said yes: pinned, it works. */
  tix_client_set_pinned_certificate (client, fingerprint);
  user = do_register (client, "first@example.org", &error);
  g_assert_no_error (error);
  g_assert_nonnull (user);

  /* A station that pinned something else is warned, and sends nothing. */
  fooled = tix_client_new (server->url);
  tix_client_set_pinned_certificate (fooled, "00:11:22");
  nobody = do_register (fooled, "second@example.org", &error);
  g_assert_null (nobody);
  g_assert_error (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_CERTIFICATE_CHANGED);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tix/client/tls/trust-on-first-use", test_trust_on_first_use);

  return g_test_run ();
}
