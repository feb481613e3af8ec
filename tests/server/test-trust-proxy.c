/* SPDX-License-Identifier: GPL-3.0-or-later */
/* --trust-proxy: behind a load balancer, sign-in throttling counts the
 * address the proxy put last in X-Forwarded-For; without it the header is
 * only text a client chose to send. */
#include "config.h"

#include "server-test-util.h"

/* The free failures of one address: the next one waits. */
#define FAILURES 20

static void
setup (TixApiFixture *fixture,
       gconstpointer  data)
{
  TixServerOptions options;

  tix_server_options_init (&options);
  options.fast_password_hashing = TRUE;
  options.trust_proxy = GPOINTER_TO_INT (data);
  fixture->server = tix_test_server_new_with (&options);
  fixture->session = tix_api_session_new ();
}

/* A wrong password for a new account each time, so only the address adds up. */
static guint
login_from (TixApiFixture *fixture,
            const char    *forwarded_for,
            guint          n)
{
  g_autofree char *body = g_strdup_printf ("{\"email\":\"nobody%u@example.org\","
                                           "\"password\":\"wrong wrong wrong\"}", n);
  const char *headers[] = { "X-Forwarded-For", forwarded_for, NULL };
  g_autoptr(TixApiResponse) response =
    tix_api_send (fixture->session, fixture->server->url, "POST", "/api/auth/login", NULL,
                  headers, "application/json", body, strlen (body));

  return response->status;
}

static void
fail_many_from (TixApiFixture *fixture,
                const char    *forwarded_for)
{
  for (guint i = 0; i < FAILURES; i++)
    g_assert_cmpuint (login_from (fixture, forwarded_for, i), ==, 401);
}

static void
test_trusted (TixApiFixture *fixture,
              gconstpointer  data)
{
  fail_many_from (fixture, "203.0.113.7");

  /* That address waits; another behind the same proxy does not. */
  g_assert_cmpuint (login_from (fixture, "203.0.113.7", 100), ==, 429);
  g_assert_cmpuint (login_from (fixture, "203.0.113.8", 101), ==, 401);
  /* What the client wrote in front of the proxy's entry changes nothing. */
  g_assert_cmpuint (login_from (fixture, "203.0.113.8, 203.0.113.7", 102), ==, 429);
  g_assert_cmpuint (login_from (fixture, "2001:db8::1", 103), ==, 401);
  /* Not an address: the peer's (the proxy's) own counts. */
  g_assert_cmpuint (login_from (fixture, "unknown", 104), ==, 401);
}

static void
test_untrusted (TixApiFixture *fixture,
                gconstpointer  data)
{
  fail_many_from (fixture, "203.0.113.7");

  /* The header is ignored: every request comes from 127.0.0.1, and a new
   * X-Forwarded-For does not buy new tries. */
  g_assert_cmpuint (login_from (fixture, "203.0.113.8", 100), ==, 429);
  g_assert_cmpuint (login_from (fixture, "198.51.100.1", 101), ==, 429);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/tix/hardening/trust-proxy/trusted", TixApiFixture, GINT_TO_POINTER (TRUE),
              setup, test_trusted, tix_api_fixture_teardown);
  g_test_add ("/tix/hardening/trust-proxy/untrusted", TixApiFixture, GINT_TO_POINTER (FALSE),
              setup, test_untrusted, tix_api_fixture_teardown);

  return g_test_run ();
}
