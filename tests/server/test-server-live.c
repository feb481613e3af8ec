/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The event stream (/api/events) lives no longer than its session: logout,
 * "log out others", a changed or reset password, a removed user and an
 * expired token close it (4001), a changed role closes it so that it comes
 * back as what the user now is (4002); and a station that never reads is
 * closed (4008) before what waits for it grows without bound. */
#include "config.h"

#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "server-test-util.h"

#define CLOSE_SESSION_ENDED  4001
#define CLOSE_ROLE_CHANGED   4002
#define CLOSE_TOO_FAR_BEHIND 4008

#define ADMIN_EMAIL  "ada@example.org"
#define SELLER_EMAIL "sam@example.org"

/* Helpers ------------------------------------------------------------------------ */

static TixApiListener *
station (TixApiFixture *fixture,
         const char    *token)
{
  TixApiListener *listener = tix_api_listener_new (fixture->session, fixture->server->url,
                                                   token);

  if (!tix_api_listener_wait_for (listener, "hello", 1, 10000))
    g_error ("a station with a live session had no hello");
  return listener;
}

/* Waits for the server to close @listener, and checks why. The bound is a
 * backstop, not the figure: the server closes at once. */
static void
assert_closed (TixApiListener *listener,
               gushort         code,
               const char     *after)
{
  gint64 start = g_get_monotonic_time ();

  tix_api_spin_until (&listener->closed, 10000);
  if (!listener->closed)
    g_error ("the stream was still open 10 s after %s", after);
  g_test_message ("closed %" G_GINT64_FORMAT " ms after %s (code %u, “%s”)",
                  (g_get_monotonic_time () - start) / 1000, after,
                  soup_websocket_connection_get_close_code (listener->connection),
                  soup_websocket_connection_get_close_data (listener->connection));
  g_assert_cmpuint (soup_websocket_connection_get_close_code (listener->connection), ==, code);
  g_assert_cmpstr (soup_websocket_connection_get_close_data (listener->connection), !=, "");
}

/* A scan through @token reaches @listener: the stream still works. */
static void
assert_still_streaming (TixApiFixture  *fixture,
                        TixApiListener *listener,
                        const char     *token)
{
  g_autoptr(JsonArray) tickets = tix_api_generate (fixture, token, "LIVE", 1, NULL);
  g_autoptr(TixApiResponse) scan = NULL;
  guint before = tix_api_listener_count (listener, "ticket-scanned");

  scan = tix_api_requestf (fixture, "PUT", token, NULL, "/api/tickets/%s/scan",
                           tix_api_string (json_array_get_object_element (tickets, 0), "id"));
  tix_api_assert_status (scan, 200);
  g_assert_true (tix_api_listener_wait_for (listener, "ticket-scanned", before + 1, 10000));
  g_assert_false (listener->closed);
}

/* Adds a seller to the admin's organization; returns its id. */
static gint64
add_seller (TixApiFixture *fixture,
            const char    *admin_token)
{
  g_autoptr(TixApiResponse) r =
    tix_api_request (fixture, "POST", "/api/users", admin_token,
                     "{\"email\":\"" SELLER_EMAIL "\",\"name\":\"Sam\",\"role\":\"seller\","
                     "\"password\":\"" TIX_API_PASSWORD "\"}");

  tix_api_assert_status (r, 201);
  return tix_api_int (json_object_get_object_member (tix_api_object (r), "user"), "id");
}

/* Sessions ending ------------------------------------------------------------------ */

static void
test_logout (TixApiFixture *fixture,
             gconstpointer  data)
{
  g_autofree char *token = tix_api_register (fixture, ADMIN_EMAIL, "Ada", NULL);
  g_autofree char *other = tix_api_login (fixture, ADMIN_EMAIL, TIX_API_PASSWORD);
  g_autoptr(TixApiListener) ended = station (fixture, token);
  g_autoptr(TixApiListener) going_on = station (fixture, other);
  g_autoptr(TixApiResponse) logout = NULL;

  logout = tix_api_request (fixture, "POST", "/api/auth/logout", token, NULL);
  tix_api_assert_status (logout, 200);
  assert_closed (ended, CLOSE_SESSION_ENDED, "logout");

  /* The user's other session streams on. */
  assert_still_streaming (fixture, going_on, other);
  g_assert_cmpuint (tix_api_listener_count (ended, "ticket-scanned"), ==, 0);
}

static void
test_logout_others (TixApiFixture *fixture,
                    gconstpointer  data)
{
  g_autofree char *token = tix_api_register (fixture, ADMIN_EMAIL, "Ada", NULL);
  g_autofree char *lost = tix_api_login (fixture, ADMIN_EMAIL, TIX_API_PASSWORD);
  g_autoptr(TixApiListener) ended = station (fixture, lost);
  g_autoptr(TixApiListener) going_on = station (fixture, token);
  g_autoptr(TixApiResponse) r = NULL;

  r = tix_api_request (fixture, "POST", "/api/auth/logout-others", token, NULL);
  tix_api_assert_status (r, 200);
  assert_closed (ended, CLOSE_SESSION_ENDED, "log out others");
  assert_still_streaming (fixture, going_on, token);
}

static void
test_password_change (TixApiFixture *fixture,
                      gconstpointer  data)
{
  g_autofree char *token = tix_api_register (fixture, ADMIN_EMAIL, "Ada", NULL);
  g_autofree char *lost = tix_api_login (fixture, ADMIN_EMAIL, TIX_API_PASSWORD);
  g_autoptr(TixApiListener) ended = station (fixture, lost);
  g_autoptr(TixApiListener) going_on = station (fixture, token);
  g_autoptr(TixApiResponse) r = NULL;

  r = tix_api_request (fixture, "PUT", "/api/auth/password", token,
                       "{\"current_password\":\"" TIX_API_PASSWORD "\","
                       "\"new_password\":\"another good passphrase\"}");
  tix_api_assert_status (r, 200);
  assert_closed (ended, CLOSE_SESSION_ENDED, "a password change");
  assert_still_streaming (fixture, going_on, token);
}

static void
test_password_reset (TixApiFixture *fixture,
                     gconstpointer  data)
{
  g_autofree char *admin = tix_api_register (fixture, ADMIN_EMAIL, "Ada", NULL);
  gint64 seller_id = add_seller (fixture, admin);
  g_autofree char *seller = tix_api_login (fixture, SELLER_EMAIL, TIX_API_PASSWORD);
  g_autoptr(TixApiListener) ended = station (fixture, seller);
  g_autoptr(TixApiListener) admin_station = station (fixture, admin);
  g_autoptr(TixApiResponse) r = NULL;

  r = tix_api_requestf (fixture, "PUT", admin, "{\"password\":\"a new passphrase here\"}",
                        "/api/users/%" G_GINT64_FORMAT, seller_id);
  tix_api_assert_status (r, 200);
  assert_closed (ended, CLOSE_SESSION_ENDED, "a password reset");
  assert_still_streaming (fixture, admin_station, admin);
}

static void
test_user_removed (TixApiFixture *fixture,
                   gconstpointer  data)
{
  g_autofree char *admin = tix_api_register (fixture, ADMIN_EMAIL, "Ada", NULL);
  gint64 seller_id = add_seller (fixture, admin);
  g_autofree char *seller = tix_api_login (fixture, SELLER_EMAIL, TIX_API_PASSWORD);
  g_autoptr(TixApiListener) ended = station (fixture, seller);
  g_autoptr(TixApiListener) admin_station = station (fixture, admin);
  g_autoptr(TixApiResponse) r = NULL;

  r = tix_api_requestf (fixture, "DELETE", admin, NULL, "/api/users/%" G_GINT64_FORMAT,
                        seller_id);
  tix_api_assert_status (r, 200);
  assert_closed (ended, CLOSE_SESSION_ENDED, "the user's removal");
  assert_still_streaming (fixture, admin_station, admin);
}

static void
test_role_changed (TixApiFixture *fixture,
                   gconstpointer  data)
{
  g_autofree char *admin = tix_api_register (fixture, ADMIN_EMAIL, "Ada", NULL);
  gint64 seller_id = add_seller (fixture, admin);
  g_autofree char *seller = tix_api_login (fixture, SELLER_EMAIL, TIX_API_PASSWORD);
  g_autoptr(TixApiListener) demoted = station (fixture, seller);
  g_autoptr(TixApiListener) again = NULL;
  g_autoptr(TixApiResponse) r = NULL;

  r = tix_api_requestf (fixture, "PUT", admin, "{\"role\":\"scanner\"}",
                        "/api/users/%" G_GINT64_FORMAT, seller_id);
  tix_api_assert_status (r, 200);
  assert_closed (demoted, CLOSE_ROLE_CHANGED, "a role change");

  /* The session lives on: the station connects again, as a scanner. */
  again = station (fixture, seller);
  assert_still_streaming (fixture, again, admin);
}

static void
test_expiry (void)
{
  g_autoptr(TixTestServer) server = NULL;
  g_autofree char *token = NULL;
  g_autoptr(TixApiListener) listener = NULL;
  TixApiFixture fixture = { 0 };
  TixServerOptions options;

  tix_server_options_init (&options);
  options.fast_password_hashing = TRUE;
  options.token_ttl_seconds = 2;
  server = tix_test_server_new_with (&options);
  fixture.server = server;
  fixture.session = tix_api_session_new ();

  token = tix_api_register (&fixture, ADMIN_EMAIL, "Ada", NULL);
  listener = station (&fixture, token);
  assert_closed (listener, CLOSE_SESSION_ENDED, "the token's expiry (2 s after sign-in)");

  g_clear_pointer (&listener, tix_api_listener_free);
  soup_session_abort (fixture.session);
  g_object_unref (fixture.session);
}

/* A station that never reads ----------------------------------------------------- */

#define EXTRA_LENGTH 1000
/* Events of about 1.5 KB: well past the server's 1 MiB and what the
 * kernel's buffers hold on top of it (kept small: see below). */
#define N_EVENTS     1500

static guint
server_port (TixApiFixture *fixture)
{
  const char *colon = strrchr (fixture->server->url, ':');
  guint64 port = 0;

  g_assert_nonnull (colon);
  g_assert_true (g_ascii_string_to_unsigned (colon + 1, 10, 1, 65535, &port, NULL));
  return (guint) port;
}

/* Connects with a small receive buffer and completes the handshake, reading
 * no byte past the 101's headers. */
static int
connect_never_reading (TixApiFixture *fixture,
                       const char    *token)
{
  struct sockaddr_in address = { 0 };
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int small = 4096;
  int segment = 536;
  g_autofree char *request = NULL;
  GString *answer = g_string_new (NULL);

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (setsockopt (fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small), ==, 0);
  /* Small segments keep the server's send buffer small too (the kernel
   * sizes it by segments), so what waits is in the server's queue. */
  g_assert_cmpint (setsockopt (fd, IPPROTO_TCP, TCP_MAXSEG, &segment, sizeof segment), ==, 0);
  address.sin_family = AF_INET;
  address.sin_port = htons (server_port (fixture));
  address.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  g_assert_cmpint (connect (fd, (struct sockaddr *) &address, sizeof address), ==, 0);

  request = g_strdup_printf ("GET /api/events HTTP/1.1\r\n"
                             "Host: 127.0.0.1\r\n"
                             "Upgrade: websocket\r\n"
                             "Connection: Upgrade\r\n"
                             "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                             "Sec-WebSocket-Version: 13\r\n"
                             "Authorization: Bearer %s\r\n"
                             "\r\n", token);
  g_assert_cmpint (write (fd, request, strlen (request)), ==, (gssize) strlen (request));

  while (!g_str_has_suffix (answer->str, "\r\n\r\n"))
    {
      char c;

      g_assert_cmpint (read (fd, &c, 1), ==, 1);
      g_string_append_c (answer, c);
      g_assert_cmpuint (answer->len, <, 4096);
    }
  g_assert_true (g_str_has_prefix (answer->str, "HTTP/1.1 101"));
  g_string_free (answer, TRUE);
  return fd;
}

typedef struct
{
  guint   texts;       /* text frames */
  gint    close_code;  /* -1: no close frame */
  char   *close_reason;
  gboolean eof;
} Drained;

/* Reads the frames of @fd until the server ends the connection, or nothing
 * comes for @quiet_ms. */
static void
drain (int      fd,
       guint    quiet_ms,
       Drained *out)
{
  GByteArray *buffer = g_byte_array_new ();
  gsize at = 0;

  out->close_code = -1;
  for (;;)
    {
      struct pollfd poll_fd = { fd, POLLIN, 0 };
      guint8 chunk[65536];
      gssize n;

      /* Whole frames first. */
      for (;;)
        {
          guint8 *p = buffer->data + at;
          gsize available = buffer->len - at, header = 2;
          guint64 length;

          if (available < 2)
            break;
          length = p[1] & 0x7f;
          if (length == 126)
            {
              header = 4;
              if (available < header)
                break;
              length = ((guint64) p[2] << 8) | p[3];
            }
          else if (length == 127)
            {
              header = 10;
              if (available < header)
                break;
              length = 0;
              for (int i = 0; i < 8; i++)
                length = (length << 8) | p[2 + i];
            }
          if (available < header + length)
            break;
          if ((p[0] & 0x0f) == 0x1)
            out->texts++;
          else if ((p[0] & 0x0f) == 0x8 && out->close_code < 0 && length >= 2)
            {
              out->close_code = (p[header] << 8) | p[header + 1];
              out->close_reason = g_strndup ((const char *) p + header + 2, length - 2);
            }
          at += header + length;
        }

      if (poll (&poll_fd, 1, quiet_ms) <= 0)
        break;
      n = read (fd, chunk, sizeof chunk);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          out->eof = TRUE;
          break;
        }
      g_byte_array_append (buffer, chunk, n);
    }
  g_byte_array_unref (buffer);
}

static void
test_never_reading (TixApiFixture *fixture,
                    gconstpointer  data)
{
  g_autofree char *token = tix_api_register (fixture, ADMIN_EMAIL, "Ada", NULL);
  g_autofree char *extra = tix_api_repeat ("x", EXTRA_LENGTH);
  g_autoptr(JsonArray) tickets = tix_api_generate (fixture, token, "BIG", 1, extra);
  const char *id = tix_api_string (json_array_get_object_element (tickets, 0), "id");
  g_autoptr(TixApiListener) reader = station (fixture, token);
  int fd = connect_never_reading (fixture, token);
  Drained drained = { 0 };

  /* Scans and undos of one ticket: an event of about 1.5 KB each, which
   * the reading station takes and the other does not. */
  for (guint i = 0; i < N_EVENTS; i++)
    {
      g_autoptr(TixApiResponse) r =
        tix_api_requestf (fixture, "PUT", token, NULL, i % 2 ? "/api/tickets/%s/unscan"
                                                             : "/api/tickets/%s/scan", id);

      tix_api_assert_status (r, 200);
      /* Keep the reading station reading. */
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }

  /* The reading station had them all, and is still open. */
  g_assert_true (tix_api_listener_wait_for (reader, "ticket-unscanned", N_EVENTS / 2, 30000));
  g_assert_false (reader->closed);

  /* The other one reads now: what the kernel and the server held for it,
   * then the server's close (or its end, when the server gave up on
   * delivering the close frame), not all the events. */
  drain (fd, 10000, &drained);
  close (fd);
  g_test_message ("the station that did not read got %u of %u events, then close %d (%s), "
                  "%s", drained.texts, N_EVENTS + 1, drained.close_code,
                  drained.close_reason ? drained.close_reason : "-",
                  drained.eof ? "end of stream" : "no end of stream");
  g_assert_true (drained.eof || drained.close_code >= 0);
  if (drained.close_code >= 0)
    g_assert_cmpint (drained.close_code, ==, CLOSE_TOO_FAR_BEHIND);
  g_assert_cmpuint (drained.texts, <, N_EVENTS + 1);
  g_free (drained.close_reason);

  tix_api_assert_serving (fixture);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, TixApiFixture, NULL, tix_api_fixture_setup, func, tix_api_fixture_teardown)

  ADD ("/tix/server/live/logout", test_logout);
  ADD ("/tix/server/live/logout-others", test_logout_others);
  ADD ("/tix/server/live/password-change", test_password_change);
  ADD ("/tix/server/live/password-reset", test_password_reset);
  ADD ("/tix/server/live/user-removed", test_user_removed);
  ADD ("/tix/server/live/role-changed", test_role_changed);
  g_test_add_func ("/tix/server/live/expiry", test_expiry);
  ADD ("/tix/server/live/never-reading", test_never_reading);

  return g_test_run ();
}
