/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-listener"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <gio/gnetworking.h>

#include "tix-connection-stream.h"
#include "tix-listener.h"
#include "tix-request-input-stream.h"

/* The server's own front door. libsoup 3.2 (Debian 12's) leaks the socket of
 * every kept-alive connection that the client closes while it is idle (fixed
 * upstream in 3.3), and it has no timeouts of any kind. So Tix accepts its
 * connections itself and hands each to soup_server_accept_iostream(); it
 * knows every connection, what it is doing and since when, and closes it when
 * its client has gone, dawdles, or sends more than a request may hold.
 *
 * The states of a connection follow the signals of its messages:
 *
 *   HEAD ──got-headers──► BODY ──got-body──► HANDLING ──wrote-headers──► SENDING
 *    ▲                                                                      │
 *    └───── first byte ◄── IDLE ◄──────────── request-finished ◄────────────┘
 *
 * A time limit applies to HEAD, BODY, SENDING (without progress) and IDLE,
 * never to HANDLING: a scan waiting for its group commit, or a big generate,
 * is the server's own business. An upgraded connection (a WebSocket) is the
 * event stream's. */

typedef enum
{
  STATE_HEAD,
  STATE_BODY,
  STATE_HANDLING,
  STATE_SENDING,
  STATE_IDLE,
  STATE_UPGRADED,
  STATE_CLOSING,
} ConnectionState;

typedef struct
{
  TixListener           *listener;      /* borrowed: it owns us */
  GSocket               *socket;
  GIOStream             *stream;        /* what libsoup reads and writes */
  GIOStream             *base;          /* the socket's or the TLS connection */
  GSocketAddress        *remote;        /* also the key: libsoup hands it back */
  GSocketAddress        *local;
  TixRequestInputStream *input;         /* plain HTTP only */
  GObject               *soup_connection; /* libsoup 3.2's, to let it go (weak) */
  ConnectionState        state;
  gint64                 since;         /* monotonic µs of the last progress */
  guint64                body_bytes;
  GSource               *idle_watch;
  GSource               *release_source;
  guint                  soup_disconnected : 1;
} Connection;

struct _TixListener
{
  GObject            parent_instance;

  SoupServer        *soup;              /* borrowed: the server owns both */
  GMainContext      *context;
  TixListenerLimits  limits;
  GTlsCertificate   *tls_certificate;

  GPtrArray         *sockets;           /* listening GSocket */
  GPtrArray         *accept_sources;
  GSocket           *anchor[2];         /* see tix_listener_new() */
  GHashTable        *connections;       /* remote GSocketAddress → Connection */
  GSource           *sweep_source;
  GSource           *resume_source;
  gboolean           closed;
  gboolean           soup_3_2;
};

G_DEFINE_FINAL_TYPE (TixListener, tix_listener, G_TYPE_OBJECT)

#define ANSWERED_KEY "tix-listener-answered"
#define SWEEP_INTERVAL_MS 1000
#define CLOSING_GRACE_US (2 * G_USEC_PER_SEC)
#define ACCEPT_PAUSE_MS 100
#define ACCEPTS_PER_TURN 64

static void connection_set_state (Connection      *connection,
                                  ConnectionState  state);
static void start_accepting      (TixListener     *self);

void
tix_listener_limits_init (TixListenerLimits *limits)
{
  g_return_if_fail (limits != NULL);

  memset (limits, 0, sizeof *limits);
  limits->max_body = 1024 * 1024;
  limits->max_request_line = 8 * 1024;
  limits->max_head = 32 * 1024;
  limits->header_timeout = TIX_LISTENER_DEFAULT_HEADER_TIMEOUT;
  limits->body_timeout = TIX_LISTENER_DEFAULT_BODY_TIMEOUT;
  limits->send_timeout = TIX_LISTENER_DEFAULT_SEND_TIMEOUT;
  limits->idle_timeout = TIX_LISTENER_DEFAULT_IDLE_TIMEOUT;
}

/* Connections */

static void
soup_connection_gone (gpointer  data,
                      GObject  *where_the_object_was)
{
  Connection *connection = data;

  connection->soup_connection = NULL;
}

static void
soup_connection_disconnected (GObject    *soup_connection,
                              Connection *connection)
{
  connection->soup_disconnected = TRUE;
}

static void
connection_free (Connection *connection)
{
  g_clear_pointer (&connection->idle_watch, g_source_destroy);
  g_clear_pointer (&connection->release_source, g_source_destroy);
  if (connection->soup_connection != NULL)
    {
      g_signal_handlers_disconnect_by_data (connection->soup_connection, connection);
      g_object_weak_unref (connection->soup_connection, soup_connection_gone, connection);
    }
  if (!g_io_stream_is_closed (connection->stream))
    g_io_stream_close (connection->stream, NULL, NULL);
  g_clear_object (&connection->input);
  g_clear_object (&connection->stream);
  g_clear_object (&connection->base);
  g_clear_object (&connection->socket);
  g_clear_object (&connection->remote);
  g_clear_object (&connection->local);
  g_free (connection);
}

static Connection *
connection_of (TixListener       *self,
               SoupServerMessage *msg)
{
  GSocketAddress *remote = soup_server_message_get_remote_address (msg);

  return remote ? g_hash_table_lookup (self->connections, remote) : NULL;
}

/* libsoup 3.2's connection object: the first member of a SoupServerMessage
 * after its GObject header (libsoup/server/soup-server-message.c, 3.2.0 to
 * 3.2.3). Only read there, only trusted when it is one. */
static GObject *
soup_connection_of (TixListener       *self,
                    SoupServerMessage *msg)
{
  struct { GObject parent; gpointer connection; } *layout = (gpointer) msg;
  GType type;

  if (!self->soup_3_2)
    return NULL;

  type = g_type_from_name ("SoupServerConnection");
  if (type == 0 || layout->connection == NULL ||
      !G_TYPE_CHECK_INSTANCE_TYPE (layout->connection, type))
    return NULL;
  return layout->connection;
}

/* Does the peer's side read as closed? FALSE while bytes wait to be read. */
static gboolean
peer_has_closed (Connection *connection)
{
  char byte;
  gssize n;
  int fd = g_socket_get_fd (connection->socket);

  if (g_socket_is_closed (connection->socket))
    return TRUE;

  n = recv (fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  if (n == 0)
    return TRUE;
  if (n < 0)
    return errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR;
  return FALSE;
}

/* libsoup 3.2 lets go of a kept-alive connection whose client went away
 * only once its server drops it from its list; the server does that when
 * the connection says "disconnected". It may say so only once nothing else
 * holds it: the message that waited for the next request clears its I/O on
 * that signal, and it must have seen the end of the stream and gone first.
 * Then the server's reference is the last one, and the connection closes
 * its stream as it goes. The server hears nothing more of it afterwards, so
 * that it is never dropped twice. */
static gboolean
release (Connection *connection)
{
  TixListener *self = connection->listener;
  GObject *soup_connection = connection->soup_connection;

  if (soup_connection == NULL || connection->soup_disconnected)
    return TRUE;
  if (g_atomic_int_get ((int *) &soup_connection->ref_count) != 1)
    return FALSE;

  connection->soup_disconnected = TRUE;
  g_object_ref (soup_connection);
  g_signal_handlers_disconnect_by_data (soup_connection, connection);
  g_signal_emit_by_name (soup_connection, "disconnected");
  g_signal_handlers_disconnect_matched (soup_connection, G_SIGNAL_MATCH_DATA,
                                        0, 0, NULL, NULL, self->soup);
  g_object_unref (soup_connection);
  return TRUE;
}

static gboolean
release_cb (gpointer data)
{
  Connection *connection = data;

  if (release (connection))
    {
      connection->release_source = NULL;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

/* Ends a connection that waits for its next request: the end of the stream
 * reaches libsoup, which lets go of its waiting message; then the connection
 * is released. */
static void
let_go_of_idle (Connection *connection)
{
  TixListener *self = connection->listener;

  g_socket_shutdown (connection->socket, TRUE, TRUE, NULL);
  connection_set_state (connection, STATE_CLOSING);

  if (!self->soup_3_2)
    return;
  if (connection->soup_connection == NULL)
    {
      /* Not found: closing the stream at least gives back the descriptor. */
      g_io_stream_close (connection->stream, NULL, NULL);
      return;
    }
  if (connection->release_source == NULL)
    {
      /* After libsoup's own reading, which runs at the default priority. */
      connection->release_source = g_idle_source_new ();
      g_source_set_priority (connection->release_source, G_PRIORITY_LOW);
      g_source_set_callback (connection->release_source, release_cb, connection, NULL);
      g_source_attach (connection->release_source, self->context);
      g_source_unref (connection->release_source);
    }
}

/* Ends a connection in the middle of a request: libsoup's next read or
 * write fails and it closes the connection itself. */
static void
cut (Connection *connection)
{
  g_socket_shutdown (connection->socket, TRUE, TRUE, NULL);
  connection_set_state (connection, STATE_CLOSING);
}

static gboolean
idle_watch_cb (GSocket      *socket,
               GIOCondition  condition,
               gpointer      data)
{
  Connection *connection = data;

  if (peer_has_closed (connection))
    {
      connection->idle_watch = NULL;
      let_go_of_idle (connection);
      return G_SOURCE_REMOVE;
    }

  /* The next request is coming: libsoup reads it. */
  if (condition & G_IO_IN)
    {
      connection->idle_watch = NULL;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
connection_set_state (Connection      *connection,
                      ConnectionState  state)
{
  TixListener *self = connection->listener;

  if (connection->state == STATE_CLOSING)
    return;

  connection->state = state;
  connection->since = g_get_monotonic_time ();

  if (state != STATE_IDLE)
    g_clear_pointer (&connection->idle_watch, g_source_destroy);
  else if (connection->idle_watch == NULL)
    {
      /* Hear at once when the client goes, not at the next sweep. */
      connection->idle_watch = g_socket_create_source (connection->socket,
                                                       G_IO_IN | G_IO_HUP | G_IO_ERR, NULL);
      g_source_set_callback (connection->idle_watch, G_SOURCE_FUNC (idle_watch_cb),
                             connection, NULL);
      g_source_attach (connection->idle_watch, self->context);
      g_source_unref (connection->idle_watch);
    }
}

/* Answers @msg at once, on the connection itself, and closes it once the
 * answer is out: libsoup would read a whole body before it lets a handler
 * answer. */
#define STATUS_REQUEST_HEADER_FIELDS_TOO_LARGE 431 /* RFC 6585; not in libsoup's list */

static const char *
status_phrase (guint status)
{
  if (status == STATUS_REQUEST_HEADER_FIELDS_TOO_LARGE)
    return "Request Header Fields Too Large";
  return soup_status_get_phrase (status);
}

static void
answer_now (Connection *connection,
            guint       status,
            const char *message)
{
  GOutputStream *output = g_io_stream_get_output_stream (connection->base);
  g_autoptr(GString) response = g_string_new (NULL);
  g_autofree char *body = NULL;
  g_autofree char *escaped = g_strescape (message, NULL);
  gsize written = 0;

  body = g_strdup_printf ("{\"error\":\"%s\"}", escaped);
  g_string_append_printf (response,
                          "HTTP/1.1 %u %s\r\n"
                          "Content-Type: application/json; charset=utf-8\r\n"
                          "Content-Length: %zu\r\n"
                          "Connection: close\r\n"
                          "\r\n%s",
                          status, status_phrase (status), strlen (body), body);

  /* A few hundred bytes into an empty socket buffer: this does not block.
   * What does not fit is lost with the connection. */
  if (G_IS_POLLABLE_OUTPUT_STREAM (output))
    g_pollable_stream_write_all (output, response->str, response->len, FALSE,
                                 &written, NULL, NULL);
  g_output_stream_flush (output, NULL, NULL);

  /* The client gets the answer, then the end of the stream; what it still
   * sends is read and thrown away for a moment, so that the answer is not
   * lost to a reset, then the connection is cut. */
  g_socket_shutdown (connection->socket, FALSE, TRUE, NULL);
  connection_set_state (connection, STATE_CLOSING);
}

static void
head_too_large_cb (TixRequestHeadProblem  problem,
                   gpointer               data)
{
  Connection *connection = data;

  if (problem == TIX_REQUEST_HEAD_URI_TOO_LONG)
    answer_now (connection, SOUP_STATUS_REQUEST_URI_TOO_LONG, "The request line is too long");
  else
    answer_now (connection, STATUS_REQUEST_HEADER_FIELDS_TOO_LARGE,
                "The request headers are too large");
}

/* Messages */

static void
body_too_large (TixListener       *self,
                Connection        *connection,
                SoupServerMessage *msg)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autofree char *message = NULL;

  /* What is still coming is dropped as it arrives. */
  soup_message_body_set_accumulate (body, FALSE);
  soup_message_body_truncate (body);

  if (g_object_get_data (G_OBJECT (msg), ANSWERED_KEY) != NULL)
    return;
  g_object_set_data (G_OBJECT (msg), ANSWERED_KEY, GINT_TO_POINTER (TRUE));

  message = g_strdup_printf ("Request body is larger than %zu KiB", self->limits.max_body / 1024);
  if (self->limits.max_body % 1024 == 0 && self->limits.max_body % (1024 * 1024) == 0)
    {
      g_free (message);
      message = g_strdup_printf ("Request body is larger than %zu MiB",
                                 self->limits.max_body / (1024 * 1024));
    }
  soup_server_message_set_status (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, NULL);
  answer_now (connection, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, message);
}

/* An answer libsoup writes itself (a request it could not parse, a path
 * that climbs out with "..") still says why, as JSON. */
/* Set on every request until a handler answers: a constant, not a string
 * made for each one. */
#define UNREADABLE_BODY "{\"error\":\"The server cannot read this request: it is not " \
                        "valid HTTP, or uses a feature the server does not support\"}"

static void
set_error_body (SoupServerMessage *msg,
                const char        *message)
{
  g_autofree char *escaped = g_strescape (message, NULL);
  g_autofree char *body = g_strdup_printf ("{\"error\":\"%s\"}", escaped);

  soup_message_body_truncate (soup_server_message_get_response_body (msg));
  soup_server_message_set_response (msg, "application/json; charset=utf-8",
                                    SOUP_MEMORY_COPY, body, strlen (body));
}

static void
got_headers_cb (SoupServerMessage *msg,
                TixListener       *self)
{
  Connection *connection = connection_of (self, msg);
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  guint status = soup_server_message_get_status (msg);

  if (connection == NULL)
    return;

  connection_set_state (connection, STATE_BODY);
  connection->body_bytes = 0;

  if (status != 0)
    {
      /* libsoup refused it already (see got_headers() in soup-server.c). */
      set_error_body (msg, status == SOUP_STATUS_BAD_REQUEST
                             ? "The request path is not valid"
                             : soup_status_get_phrase (status));
      return;
    }

  /* The answer libsoup would give by itself is not needed after all. */
  soup_message_body_truncate (soup_server_message_get_response_body (msg));
  soup_message_headers_remove (soup_server_message_get_response_headers (msg), "Content-Type");

  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_content_length (headers) > (goffset) self->limits.max_body)
    {
      /* With "Expect: 100-continue" libsoup answers before the body comes. */
      if (soup_message_headers_get_expectations (headers) & SOUP_EXPECTATION_CONTINUE)
        {
          soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);
          g_object_set_data (G_OBJECT (msg), ANSWERED_KEY, GINT_TO_POINTER (TRUE));
          soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                        "Connection", "close");
          soup_server_message_set_status (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, NULL);
          set_error_body (msg, "Request body is too large");
          return;
        }
      body_too_large (self, connection, msg);
    }
}

static void
got_chunk_cb (SoupServerMessage *msg,
              GBytes            *chunk,
              TixListener       *self)
{
  Connection *connection = connection_of (self, msg);

  if (connection == NULL)
    return;

  connection->since = g_get_monotonic_time ();
  connection->body_bytes += g_bytes_get_size (chunk);
  if (connection->body_bytes > self->limits.max_body)
    body_too_large (self, connection, msg);
}

static void
got_body_cb (SoupServerMessage *msg,
             TixListener       *self)
{
  Connection *connection = connection_of (self, msg);

  if (connection != NULL)
    connection_set_state (connection, STATE_HANDLING);
}

static void
wrote_cb (SoupServerMessage *msg,
          TixListener       *self)
{
  Connection *connection = connection_of (self, msg);

  if (connection == NULL)
    return;
  if (connection->state != STATE_SENDING)
    connection_set_state (connection, STATE_SENDING);
  else
    connection->since = g_get_monotonic_time ();
}

static void
wrote_body_data_cb (SoupServerMessage *msg,
                    guint              size,
                    TixListener       *self)
{
  wrote_cb (msg, self);
}

static void
wrote_informational_cb (SoupServerMessage *msg,
                        TixListener       *self)
{
  Connection *connection = connection_of (self, msg);

  if (connection != NULL &&
      soup_server_message_get_status (msg) == SOUP_STATUS_SWITCHING_PROTOCOLS)
    connection_set_state (connection, STATE_UPGRADED);
}

static void
request_started_cb (SoupServer        *server,
                    SoupServerMessage *msg,
                    TixListener       *self)
{
  Connection *connection = connection_of (self, msg);

  if (connection == NULL)
    return;

  if (connection->soup_connection == NULL && !connection->soup_disconnected)
    {
      connection->soup_connection = soup_connection_of (self, msg);
      if (connection->soup_connection != NULL)
        {
          g_object_weak_ref (connection->soup_connection, soup_connection_gone, connection);
          g_signal_connect (connection->soup_connection, "disconnected",
                            G_CALLBACK (soup_connection_disconnected), connection);
        }
    }

  connection_set_state (connection, STATE_HEAD);

  /* Until a handler answers, the answer is this: what libsoup sends for a
   * request it cannot parse (a bad request line, an unknown
   * Transfer-Encoding) is JSON too. */
  soup_server_message_set_response (msg, "application/json; charset=utf-8", SOUP_MEMORY_STATIC,
                                    UNREADABLE_BODY, strlen (UNREADABLE_BODY));

  g_signal_connect_object (msg, "got-headers", G_CALLBACK (got_headers_cb), self, 0);
  g_signal_connect_object (msg, "got-chunk", G_CALLBACK (got_chunk_cb), self, 0);
  g_signal_connect_object (msg, "got-body", G_CALLBACK (got_body_cb), self, 0);
  g_signal_connect_object (msg, "wrote-headers", G_CALLBACK (wrote_cb), self, 0);
  g_signal_connect_object (msg, "wrote-chunk", G_CALLBACK (wrote_cb), self, 0);
  g_signal_connect_object (msg, "wrote-body-data", G_CALLBACK (wrote_body_data_cb), self, 0);
  g_signal_connect_object (msg, "wrote-informational",
                           G_CALLBACK (wrote_informational_cb), self, 0);
}

static void
request_finished_cb (SoupServer        *server,
                     SoupServerMessage *msg,
                     TixListener       *self)
{
  Connection *connection = connection_of (self, msg);

  if (connection == NULL)
    return;

  if (connection->input != NULL)
    tix_request_input_stream_expect_head (connection->input);
  connection_set_state (connection, STATE_IDLE);
}

/* The sweep: once a second, and at once when descriptors run out. */

static gboolean
is_overdue (TixListener *self,
            Connection  *connection,
            gint64       now)
{
  gint64 limit_s;

  switch (connection->state)
    {
    case STATE_HEAD:
      limit_s = self->limits.header_timeout;
      break;
    case STATE_BODY:
      limit_s = self->limits.body_timeout;
      break;
    case STATE_SENDING:
      limit_s = self->limits.send_timeout;
      break;
    case STATE_IDLE:
      limit_s = self->limits.idle_timeout;
      break;
    case STATE_HANDLING:
    case STATE_UPGRADED:
    case STATE_CLOSING:
    default:
      return FALSE;
    }

  return limit_s > 0 && now - connection->since > limit_s * G_USEC_PER_SEC;
}

static void
sweep (TixListener *self)
{
  GHashTableIter iter;
  Connection *connection;
  gint64 now = g_get_monotonic_time ();

  g_hash_table_iter_init (&iter, self->connections);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &connection))
    {
      /* libsoup closed it (its last request said "close", or it failed): gone. */
      if (g_io_stream_is_closed (connection->stream) || g_socket_is_closed (connection->socket))
        {
          g_hash_table_iter_remove (&iter);
          continue;
        }

      switch (connection->state)
        {
        case STATE_IDLE:
          if (peer_has_closed (connection) || is_overdue (self, connection, now))
            let_go_of_idle (connection);
          break;

        case STATE_UPGRADED:
          break;

        case STATE_CLOSING:
          /* Cut, and still not closed: the last resort, our own close. */
          if (now - connection->since > CLOSING_GRACE_US)
            {
              g_socket_shutdown (connection->socket, TRUE, TRUE, NULL);
              if (now - connection->since > 2 * CLOSING_GRACE_US)
                {
                  g_debug ("closing a connection libsoup let go of");
                  g_hash_table_iter_remove (&iter);
                }
            }
          break;

        case STATE_HEAD:
        case STATE_BODY:
        case STATE_SENDING:
        case STATE_HANDLING:
        default:
          if (is_overdue (self, connection, now))
            cut (connection);
          break;
        }
    }

  if (self->resume_source == NULL && self->accept_sources->len == 0 && !self->closed &&
      g_hash_table_size (self->connections) < self->limits.max_connections)
    start_accepting (self);
}

static gboolean
sweep_cb (gpointer data)
{
  sweep (TIX_LISTENER (data));
  return G_SOURCE_CONTINUE;
}

/* Accepting */

static void
stop_accepting (TixListener *self)
{
  for (guint i = 0; i < self->accept_sources->len; i++)
    g_source_destroy (g_ptr_array_index (self->accept_sources, i));
  g_ptr_array_set_size (self->accept_sources, 0);
}

static gboolean
resume_cb (gpointer data)
{
  TixListener *self = data;

  self->resume_source = NULL;
  sweep (self);
  return G_SOURCE_REMOVE;
}

/* Stops for a moment, when the process is out of descriptors or the
 * connections are at their limit; the sweep starts again. What waits is
 * held in the kernel's queue, not refused. */
static void
pause_accepting (TixListener *self)
{
  stop_accepting (self);
  if (self->resume_source != NULL || self->closed)
    return;

  self->resume_source = g_timeout_source_new (ACCEPT_PAUSE_MS);
  g_source_set_callback (self->resume_source, resume_cb, self, NULL);
  g_source_attach (self->resume_source, self->context);
  g_source_unref (self->resume_source);
}

static void
accept_one (TixListener *self,
            GSocket     *client)
{
  g_autoptr(GSocketConnection) socket_connection = NULL;
  g_autoptr(GError) error = NULL;
  Connection *connection;

  g_socket_set_option (client, IPPROTO_TCP, TCP_NODELAY, TRUE, NULL);

  connection = g_new0 (Connection, 1);
  connection->listener = self;
  connection->socket = g_object_ref (client);
  connection->remote = g_socket_get_remote_address (client, NULL);
  connection->local = g_socket_get_local_address (client, NULL);
  if (connection->remote == NULL || connection->local == NULL)
    {
      /* Gone before we looked. */
      g_socket_close (client, NULL);
      g_clear_object (&connection->remote);
      g_clear_object (&connection->local);
      g_object_unref (connection->socket);
      g_free (connection);
      return;
    }

  socket_connection = g_socket_connection_factory_create_connection (client);
  if (self->tls_certificate != NULL)
    {
      connection->base = G_IO_STREAM (g_tls_server_connection_new (G_IO_STREAM (socket_connection),
                                                                   self->tls_certificate,
                                                                   &error));
      if (connection->base == NULL)
        {
          g_warning ("Cannot start TLS: %s", error->message);
          g_io_stream_close (G_IO_STREAM (socket_connection), NULL, NULL);
          g_object_unref (connection->socket);
          g_object_unref (connection->remote);
          g_object_unref (connection->local);
          g_free (connection);
          return;
        }
      connection->stream = g_object_ref (connection->base);
    }
  else
    {
      GInputStream *input;

      connection->base = G_IO_STREAM (g_object_ref (socket_connection));
      input = tix_request_input_stream_new (g_io_stream_get_input_stream (connection->base),
                                            self->limits.max_request_line,
                                            self->limits.max_head,
                                            head_too_large_cb, connection);
      connection->input = TIX_REQUEST_INPUT_STREAM (input);
      connection->stream = tix_connection_stream_new (connection->base, input);
    }

  connection->state = STATE_HEAD;
  connection->since = g_get_monotonic_time ();
  g_hash_table_insert (self->connections, connection->remote, connection);

  /* libsoup emits "request-started" for the connection's first request
   * from in here: request_started_cb() finds it by its address. */
  soup_server_accept_iostream (self->soup, connection->stream, connection->local,
                               connection->remote, NULL);
}

static gboolean
accept_cb (GSocket      *socket,
           GIOCondition  condition,
           gpointer      data)
{
  TixListener *self = data;

  for (guint i = 0; i < ACCEPTS_PER_TURN; i++)
    {
      g_autoptr(GSocket) client = NULL;
      g_autoptr(GError) error = NULL;

      if (g_hash_table_size (self->connections) >= self->limits.max_connections)
        {
          sweep (self);
          if (g_hash_table_size (self->connections) >= self->limits.max_connections)
            {
              g_message ("%u connections open, the most this server takes: "
                         "new ones wait", g_hash_table_size (self->connections));
              pause_accepting (self);
              return G_SOURCE_REMOVE;
            }
        }

      client = g_socket_accept (socket, NULL, &error);
      if (client != NULL)
        {
          accept_one (self, client);
          continue;
        }

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        return G_SOURCE_CONTINUE;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TOO_MANY_OPEN_FILES) ||
          errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM)
        {
          g_message ("Cannot accept a connection (%s): waiting a moment", error->message);
          sweep (self);
          pause_accepting (self);
          return G_SOURCE_REMOVE;
        }

      /* ECONNABORTED and its kind: that one client's loss. */
      g_debug ("accept: %s", error->message);
    }

  return G_SOURCE_CONTINUE;
}

static void
start_accepting (TixListener *self)
{
  stop_accepting (self);
  for (guint i = 0; i < self->sockets->len; i++)
    {
      GSocket *socket = g_ptr_array_index (self->sockets, i);
      GSource *source = g_socket_create_source (socket, G_IO_IN, NULL);

      g_source_set_callback (source, G_SOURCE_FUNC (accept_cb), self, NULL);
      g_source_attach (source, self->context);
      g_ptr_array_add (self->accept_sources, source);
    }
}

/* The object */

static void
tix_listener_dispose (GObject *object)
{
  TixListener *self = TIX_LISTENER (object);

  tix_listener_close (self);
  g_clear_pointer (&self->accept_sources, g_ptr_array_unref);
  g_clear_pointer (&self->sockets, g_ptr_array_unref);
  g_clear_pointer (&self->connections, g_hash_table_unref);
  g_clear_object (&self->anchor[0]);
  g_clear_object (&self->anchor[1]);
  g_clear_object (&self->tls_certificate);
  g_clear_pointer (&self->context, g_main_context_unref);

  G_OBJECT_CLASS (tix_listener_parent_class)->dispose (object);
}

static void
tix_listener_class_init (TixListenerClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = tix_listener_dispose;
}

static void
tix_listener_init (TixListener *self)
{
  self->sockets = g_ptr_array_new_with_free_func (g_object_unref);
  self->accept_sources = g_ptr_array_new_with_free_func ((GDestroyNotify) g_source_unref);
  self->connections = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) connection_free);
}

static guint
descriptor_budget (void)
{
  struct rlimit limit;

  /* What the process may open, less what the database, the logs and the
   * event listener need. */
  if (getrlimit (RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY)
    return 4096;
  if (limit.rlim_cur < 64)
    return 8;
  return MIN (limit.rlim_cur - 48, 65536);
}

TixListener *
tix_listener_new (SoupServer              *server,
                  const TixListenerLimits *limits,
                  GTlsCertificate         *tls_certificate)
{
  TixListener *self;
  g_autoptr(GError) error = NULL;
  int pair[2];

  g_return_val_if_fail (SOUP_IS_SERVER (server), NULL);

  self = g_object_new (TIX_TYPE_LISTENER, NULL);
  self->soup = server;
  self->context = g_main_context_ref_thread_default ();
  if (limits != NULL)
    self->limits = *limits;
  else
    tix_listener_limits_init (&self->limits);
  if (self->limits.max_connections == 0)
    self->limits.max_connections = descriptor_budget ();
  if (tls_certificate != NULL)
    self->tls_certificate = g_object_ref (tls_certificate);
  self->soup_3_2 = soup_get_major_version () == 3 && soup_get_minor_version () == 2;

  /* libsoup keeps a connection alive after a request only while it has a
   * listener of its own. This one is a socket pair whose other end never
   * writes: it never has a connection to accept. */
  if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) == 0)
    {
      self->anchor[0] = g_socket_new_from_fd (pair[0], NULL);
      self->anchor[1] = g_socket_new_from_fd (pair[1], NULL);
      if (self->anchor[0] == NULL || self->anchor[1] == NULL ||
          !soup_server_listen_socket (server, self->anchor[0], 0, &error))
        g_warning ("Connections will not be kept alive: %s",
                   error ? error->message : "no socket");
    }
  else
    g_warning ("Connections will not be kept alive: %s", g_strerror (errno));

  g_signal_connect_object (server, "request-started", G_CALLBACK (request_started_cb), self, 0);
  g_signal_connect_object (server, "request-finished", G_CALLBACK (request_finished_cb), self, 0);
  g_signal_connect_object (server, "request-aborted", G_CALLBACK (request_finished_cb), self, 0);

  self->sweep_source = g_timeout_source_new (SWEEP_INTERVAL_MS);
  g_source_set_callback (self->sweep_source, sweep_cb, self, NULL);
  g_source_attach (self->sweep_source, self->context);

  return self;
}

gboolean
tix_listener_add_socket (TixListener  *self,
                         GSocket      *socket,
                         GError      **error)
{
  g_return_val_if_fail (TIX_IS_LISTENER (self), FALSE);
  g_return_val_if_fail (G_IS_SOCKET (socket), FALSE);

  g_socket_set_blocking (socket, FALSE);
  g_ptr_array_add (self->sockets, g_object_ref (socket));
  start_accepting (self);
  return TRUE;
}

void
tix_listener_close (TixListener *self)
{
  g_return_if_fail (TIX_IS_LISTENER (self));

  if (self->closed)
    return;
  self->closed = TRUE;

  stop_accepting (self);
  g_clear_pointer (&self->resume_source, g_source_destroy);
  if (self->sweep_source != NULL)
    {
      g_source_destroy (self->sweep_source);
      g_clear_pointer (&self->sweep_source, g_source_unref);
    }
  for (guint i = 0; i < self->sockets->len; i++)
    g_socket_close (g_ptr_array_index (self->sockets, i), NULL);
}

guint
tix_listener_get_n_connections (TixListener *self)
{
  g_return_val_if_fail (TIX_IS_LISTENER (self), 0);
  return g_hash_table_size (self->connections);
}

GInetSocketAddress *
tix_listener_get_address (TixListener *self)
{
  g_return_val_if_fail (TIX_IS_LISTENER (self), NULL);

  if (self->sockets->len == 0)
    return NULL;
  return G_INET_SOCKET_ADDRESS (g_socket_get_local_address (g_ptr_array_index (self->sockets, 0),
                                                            NULL));
}

gboolean
tix_listener_is_https (TixListener *self)
{
  g_return_val_if_fail (TIX_IS_LISTENER (self), FALSE);
  return self->tls_certificate != NULL;
}

gboolean
tix_listener_has_answered (SoupServerMessage *msg)
{
  return g_object_get_data (G_OBJECT (msg), ANSWERED_KEY) != NULL;
}
