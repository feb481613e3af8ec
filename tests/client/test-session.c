/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-session"

#include "config.h"

#include <libsecret/secret.h>

#include "tix-session.h"
#include "tix-test-util.h"

#define EMAIL    "session@example.com"
#define PASSWORD "correct horse battery"
#define NAME     "Station One"
#define ORG      "Session Test Org"

/* Why the tests that touch the token store skip, or NULL. */
static char *secret_service_missing;

typedef struct
{
  TixTestServer *server;
  TixClient     *client;    /* signed in as EMAIL */
  TixSession    *session;
  GPtrArray     *notified;  /* char *, the session's properties as notified */
  GArray        *ended;     /* TixSessionEnd, each "ended" */
} Fixture;

static TixClient *
sign_in (Fixture    *fixture,
         const char *email,
         gboolean    create)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TixUser) user = NULL;
  TixClient *client = tix_client_new (fixture->server->url);

  if (create)
    {
      tix_client_register_async (client, email, PASSWORD, NAME, ORG, NULL,
                                 tix_test_store_result, &result);
      user = tix_client_register_finish (client, tix_test_wait_result (&result), &error);
    }
  else
    {
      tix_client_login_async (client, email, PASSWORD, NULL, tix_test_store_result, &result);
      user = tix_client_login_finish (client, tix_test_wait_result (&result), &error);
    }
  g_assert_no_error (error);
  return client;
}

static void
notify_cb (TixSession *session,
           GParamSpec *pspec,
           Fixture    *fixture)
{
  g_ptr_array_add (fixture->notified, g_strdup (pspec->name));

  /* Whoever follows "client" finds the stream and the door already its. */
  if (g_str_equal (pspec->name, "client") && tix_session_get_client (session) != NULL)
    {
      g_assert_true (tix_event_stream_get_client (tix_session_get_stream (session)) ==
                     tix_session_get_client (session));
      g_assert_true (tix_door_get_client (tix_session_get_door (session)) ==
                     tix_session_get_client (session));
    }
}

static void
ended_cb (TixSession    *session,
          TixSessionEnd  reason,
          Fixture       *fixture)
{
  /* Signed out already when it says so. */
  g_assert_null (tix_session_get_client (session));
  g_array_append_val (fixture->ended, reason);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->server = tix_test_server_new ();
  fixture->client = sign_in (fixture, EMAIL, TRUE);
  fixture->notified = g_ptr_array_new_with_free_func (g_free);
  fixture->ended = g_array_new (FALSE, FALSE, sizeof (TixSessionEnd));
  fixture->session = tix_session_new ();
  g_signal_connect (fixture->session, "notify", G_CALLBACK (notify_cb), fixture);
  g_signal_connect (fixture->session, "ended", G_CALLBACK (ended_cb), fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_assert_finalize_object (g_steal_pointer (&fixture->session));
  /* What the stream and the door had under way finishes, cancelled. */
  TIX_TEST_WAIT_UNTIL (G_OBJECT (fixture->client)->ref_count == 1);
  g_assert_finalize_object (g_steal_pointer (&fixture->client));
  g_clear_pointer (&fixture->server, tix_test_server_free);
  g_clear_pointer (&fixture->notified, g_ptr_array_unref);
  g_clear_pointer (&fixture->ended, g_array_unref);
}

/* Signed in: one stream, started, and one door, both the client's, and
 * "client" said last. Signed out: none of them, the stream stopped. */
static void
test_sign_in_out (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(TixEventStream) stream = NULL;
  g_autoptr(TixDoor) door = NULL;

  g_assert_null (tix_session_get_client (fixture->session));
  g_assert_null (tix_session_get_stream (fixture->session));
  g_assert_null (tix_session_get_door (fixture->session));

  tix_session_sign_in (fixture->session, fixture->client, TRUE);
  g_assert_true (tix_session_get_client (fixture->session) == fixture->client);
  g_assert_true (tix_session_get_remote (fixture->session));
  g_assert_cmpuint (fixture->notified->len, >=, 3);
  g_assert_cmpstr (g_ptr_array_index (fixture->notified, fixture->notified->len - 1), ==,
                   "client");

  stream = g_object_ref (tix_session_get_stream (fixture->session));
  door = g_object_ref (tix_session_get_door (fixture->session));
  TIX_TEST_WAIT_UNTIL (tix_event_stream_get_connected (stream));
  TIX_TEST_WAIT_UNTIL (tix_event_stream_get_stats (stream, NULL));

  /* The same again changes nothing. */
  g_ptr_array_set_size (fixture->notified, 0);
  tix_session_sign_in (fixture->session, fixture->client, TRUE);
  g_assert_cmpuint (fixture->notified->len, ==, 0);
  g_assert_true (tix_session_get_stream (fixture->session) == stream);

  tix_session_sign_out (fixture->session);
  g_assert_null (tix_session_get_client (fixture->session));
  g_assert_null (tix_session_get_stream (fixture->session));
  g_assert_null (tix_session_get_door (fixture->session));
  g_assert_false (tix_session_get_remote (fixture->session));
  g_assert_false (tix_event_stream_get_connected (stream));
  g_assert_cmpstr (g_ptr_array_index (fixture->notified, fixture->notified->len - 1), ==,
                   "client");
  g_assert_cmpuint (fixture->ended->len, ==, 0);
}

/* Someone else signs in at the station: a new stream and door for them,
 * the old stream stopped. */
static void
test_switch_client (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(TixClient) other = sign_in (fixture, EMAIL, FALSE);
  g_autoptr(TixEventStream) first = NULL;

  tix_session_sign_in (fixture->session, fixture->client, FALSE);
  first = g_object_ref (tix_session_get_stream (fixture->session));
  TIX_TEST_WAIT_UNTIL (tix_event_stream_get_connected (first));

  tix_session_sign_in (fixture->session, other, FALSE);
  g_assert_true (tix_session_get_client (fixture->session) == other);
  g_assert_false (tix_session_get_remote (fixture->session));
  g_assert_true (tix_session_get_stream (fixture->session) != first);
  g_assert_false (tix_event_stream_get_connected (first));
  g_assert_true (tix_event_stream_get_client (tix_session_get_stream (fixture->session)) == other);
  TIX_TEST_WAIT_UNTIL (tix_event_stream_get_connected (tix_session_get_stream (fixture->session)));

  tix_session_sign_out (fixture->session);
  TIX_TEST_WAIT_UNTIL (G_OBJECT (other)->ref_count == 1);
}

static void
logout (TixClient *client)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  tix_client_logout_async (client, NULL, tix_test_store_result, &result);
  g_assert_true (tix_client_logout_finish (client, tix_test_wait_result (&result), &error));
  g_assert_no_error (error);
}

/* The server ends a remote session (here: logged out from another desk
 * with the same token): the session signs out and says why. */
static void
test_ended (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(TixClient) other = tix_client_new (fixture->server->url);

  /* It forgets the token: in a keyring of this test's own, never the user's. */
  if (secret_service_missing != NULL)
    {
      g_test_skip (secret_service_missing);
      return;
    }

  tix_session_sign_in (fixture->session, fixture->client, TRUE);
  TIX_TEST_WAIT_UNTIL (tix_event_stream_get_connected (tix_session_get_stream (fixture->session)));

  tix_client_set_token (other, tix_client_get_token (fixture->client));
  logout (other);

  TIX_TEST_WAIT_UNTIL (fixture->ended->len == 1);
  g_assert_cmpint (g_array_index (fixture->ended, TixSessionEnd, 0), ==, TIX_SESSION_END_REVOKED);
  g_assert_null (tix_session_get_client (fixture->session));
  g_assert_null (tix_session_get_stream (fixture->session));
  TIX_TEST_WAIT_UNTIL (G_OBJECT (other)->ref_count == 1);
}

/* This computer's own session is not a venue's: its end is not the
 * session's to act on (as before, the window only hears of remote ones). */
static void
test_ended_local (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(TixClient) other = tix_client_new (fixture->server->url);
  g_autoptr(TixEventStream) stream = NULL;

  tix_session_sign_in (fixture->session, fixture->client, FALSE);
  stream = g_object_ref (tix_session_get_stream (fixture->session));
  TIX_TEST_WAIT_UNTIL (tix_event_stream_get_connected (stream));

  tix_client_set_token (other, tix_client_get_token (fixture->client));
  logout (other);
  TIX_TEST_WAIT_UNTIL (!tix_event_stream_get_connected (stream));

  g_assert_cmpuint (fixture->ended->len, ==, 0);
  g_assert_true (tix_session_get_client (fixture->session) == fixture->client);
  TIX_TEST_WAIT_UNTIL (G_OBJECT (other)->ref_count == 1);
}

/* Nothing signed in: nothing to remember. */
static void
test_remember_signed_out (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  tix_session_remember_async (fixture->session, NULL, tix_test_store_result, &result);
  g_assert_false (tix_session_remember_finish (fixture->session, tix_test_wait_result (&result),
                                               &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED);
}

/* The embedded server: made once (whoever asks first, from any thread),
 * kept, and stopped by running its dispose. */
typedef struct
{
  guint    n_started;
  guint    n_disposed;
  GObject *server;
} Local;

static void
disposed_cb (gpointer  data,
             GObject  *where_the_object_was)
{
  Local *local = data;

  local->n_disposed++;
}

static GObject *
start_local (gpointer   user_data,
             GError   **error)
{
  Local *local = user_data;

  local->n_started++;
  local->server = g_object_new (G_TYPE_OBJECT, NULL);
  g_object_weak_ref (local->server, disposed_cb, local);
  return local->server;
}

static GObject *
refuse_local (gpointer   user_data,
              GError   **error)
{
  g_set_error_literal (error, G_FILE_ERROR, G_FILE_ERROR_ACCES, "No database here");
  return NULL;
}

static gpointer
ensure_thread (gpointer data)
{
  gpointer *args = data;

  return tix_session_ensure_local_server (args[0], start_local, args[1], NULL);
}

static void
test_local_server (Fixture       *fixture,
                   gconstpointer  data)
{
  Local local = { 0 };
  g_autoptr(GError) error = NULL;
  gpointer args[] = { fixture->session, &local };
  GThread *threads[4];
  GObject *server;

  g_assert_null (tix_session_dup_local_server (fixture->session));
  g_assert_null (tix_session_ensure_local_server (fixture->session, refuse_local, NULL, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_ACCES);

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("ensure", ensure_thread, args);
  server = tix_session_ensure_local_server (fixture->session, start_local, &local, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_assert_true (g_thread_join (threads[i]) == server);
  g_assert_cmpuint (local.n_started, ==, 1);
  g_assert_true (server == local.server);

  {
    g_autoptr(GObject) again = tix_session_dup_local_server (fixture->session);

    g_assert_true (again == server);
  }

  /* Stopped even while someone still holds it. */
  g_object_ref (server);
  tix_session_stop_local_server (fixture->session);
  g_assert_cmpuint (local.n_disposed, ==, 1);
  g_assert_null (tix_session_dup_local_server (fixture->session));
  g_object_unref (server);

  /* The session's end stops it too. */
  tix_session_ensure_local_server (fixture->session, start_local, &local, NULL);
  g_assert_cmpuint (local.n_started, ==, 2);
  g_object_run_dispose (G_OBJECT (fixture->session));
  g_assert_cmpuint (local.n_disposed, ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = g_dir_make_tmp ("tix-test-session-XXXXXX", NULL);
  g_autoptr(GTestDBus) bus = NULL;
  int status;

  /* The doors' offline copies go to a folder of this test's own. */
  g_assert_nonnull (data_home);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_test_init (&argc, &argv, NULL);

  /* A session bus of this test's own, for a keyring of its own: forgetting
   * a token never reaches the user's. */
  bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (bus);
  {
    g_autofree char *keyring_dir = g_build_filename (data_home, "keyring", NULL);

    secret_service_missing = tix_test_ensure_secret_service (keyring_dir);
  }

#define ADD(path, test) \
  g_test_add (path, Fixture, NULL, fixture_set_up, test, fixture_tear_down)

  ADD ("/tix/client/session/sign-in-out", test_sign_in_out);
  ADD ("/tix/client/session/switch-client", test_switch_client);
  ADD ("/tix/client/session/ended", test_ended);
  ADD ("/tix/client/session/ended-local", test_ended_local);
  ADD ("/tix/client/session/remember-signed-out", test_remember_signed_out);
  ADD ("/tix/client/session/local-server", test_local_server);

#undef ADD

  status = g_test_run ();
  /* Drop libsecret's cached service proxy so leak checkers see a clean exit. */
  secret_service_disconnect ();
  g_test_dbus_down (bus);
  g_free (secret_service_missing);
  tix_test_remove_tree (data_home);
  return status;
}
