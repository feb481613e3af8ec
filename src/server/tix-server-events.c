/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-server-events"

#include "config.h"

#include <string.h>

#include "tix-counting-output-stream.h"
#include "tix-password.h"
#include "tix-server-private.h"
#include "tix-time.h"

/* GET /api/live: a WebSocket that pushes what happens in the organization
 * to each of its stations, and never across organizations. Stations of the
 * version before events (issue 18) open it at /api/events, which is now the
 * events resource: an upgrade request there is still taken
 * (tix_server_events_upgrade ()).
 *
 * A stream lives no longer than its session: logout, a removed user, a reset
 * password, "log out others" and a role change tell every stream of the user
 * to read its session again (on every server of a shared database, through
 * the same channel as the events), and each stream has a timer for its
 * session's expiry that also reads the session again now and then, in case
 * a notice was lost. A station that does not read what it is sent is closed
 * once what waits for it passes TIX_EVENTS_MAX_BACKLOG, and catches up when
 * it connects again. */

#define AUTH_TIMEOUT_SECONDS 5
/* How often a stream reads its session again without being told to. */
#define RECHECK_INTERVAL_MS  (60 * 1000)

typedef struct
{
  TixServer               *server;      /* unowned: the server outlives its clients */
  SoupWebsocketConnection *connection;
  GIOStream               *stream;      /* the connection taken from libsoup's server */
  TixCountingOutputStream *output;      /* what of it has been written */
  guint64                  queued;      /* bytes of the frames handed to libsoup */
  gint64                   organization_id; /* 0 until authenticated */
  gint64                   user_id;
  char                    *role;
  char                    *token_hash;
  gint64                   expires_at_ms;
  GSource                 *auth_timeout; /* on the server's main context */
  GSource                 *session_timer;
} TixEventClient;

static void
clear_source (GSource **source)
{
  if (*source != NULL)
    {
      g_source_destroy (*source);
      g_clear_pointer (source, g_source_unref);
    }
}

static void
stream_closed_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_io_stream_close_finish (G_IO_STREAM (object), result, NULL);
}

static void
event_client_free (TixEventClient *client)
{
  clear_source (&client->auth_timeout);
  clear_source (&client->session_timer);
  g_signal_handlers_disconnect_by_data (client->connection, client);
  if (soup_websocket_connection_get_state (client->connection) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (client->connection, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, NULL);
  g_object_unref (client->connection);
  /* libsoup closed its streams on top of this one; the socket goes here. */
  if (client->stream != NULL && !g_io_stream_is_closed (client->stream))
    g_io_stream_close_async (client->stream, G_PRIORITY_DEFAULT, NULL, stream_closed_cb, NULL);
  g_clear_object (&client->stream);
  g_clear_object (&client->output);
  g_free (client->role);
  g_free (client->token_hash);
  g_free (client);
}

static void
drop_client (TixEventClient *client)
{
  /* Frees @client through the array's free function. */
  g_ptr_array_remove (client->server->event_clients, client);
}

static gboolean
is_open (TixEventClient *client)
{
  return soup_websocket_connection_get_state (client->connection) == SOUP_WEBSOCKET_STATE_OPEN;
}

static void
close_client (TixEventClient *client,
              gushort         code,
              const char     *reason)
{
  clear_source (&client->session_timer);
  if (is_open (client))
    soup_websocket_connection_close (client->connection, code, reason);
}

static void
refuse (TixEventClient *client,
        const char     *reason)
{
  close_client (client, SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION, reason);
}

/* Hands @text to libsoup, unless what already waits for the station passes
 * the limit: then it is closed, and catches up when it connects again.
 * Frames to a station are not compressed (no extensions), so their size is
 * known: the payload and a header of 2, 4 or 10 bytes. */
static void
send_text (TixEventClient *client,
           const char     *text)
{
  gsize length = strlen (text);
  guint64 frame = length + (length < 126 ? 2 : length < 65536 ? 4 : 10);
  guint64 written = tix_counting_output_stream_get_written (client->output);
  guint64 waiting = client->queued > written ? client->queued - written : 0;

  if (!is_open (client))
    return;

  if (waiting + frame > TIX_EVENTS_MAX_BACKLOG)
    {
      g_message ("A station has %" G_GUINT64_FORMAT " bytes of events it has not read: "
                 "closing its stream", waiting);
      close_client (client, TIX_EVENTS_CLOSE_TOO_FAR_BEHIND,
                    "Too far behind: connect again to catch up");
      return;
    }

  client->queued += frame;
  soup_websocket_connection_send_text (client->connection, text);
}

static void schedule_session_timer (TixEventClient *client);

/* Reads the session of @client again: an ended one closes the stream, so
 * does a new role (the station connects again, as what it now is). A
 * database that is away now is no reason to close: the timer asks again. */
static void
recheck_session (TixEventClient *client)
{
  TixServer *self = client->server;
  g_autoptr(TixUser) user = NULL;
  g_autoptr(GError) error = NULL;
  gint64 expires_at = 0;

  if (!is_open (client) || client->token_hash == NULL)
    return;

  user = tix_store_lookup_session_full (self->store, client->token_hash, tix_time_now_ms (),
                                        &expires_at, &error);
  if (user == NULL)
    {
      if (g_error_matches (error, TIX_STORE_ERROR, TIX_STORE_ERROR_NOT_FOUND))
        close_client (client, TIX_EVENTS_CLOSE_SESSION_ENDED, "Session ended");
      else
        g_message ("Could not check a station's session again: %s", error->message);
      return;
    }

  if (g_strcmp0 (tix_user_get_role (user), client->role) != 0)
    {
      close_client (client, TIX_EVENTS_CLOSE_ROLE_CHANGED,
                    "Role changed: connect again");
      return;
    }

  client->expires_at_ms = expires_at;
}

static gboolean
session_timer_cb (gpointer data)
{
  TixEventClient *client = data;

  g_clear_pointer (&client->session_timer, g_source_unref);
  if (tix_time_now_ms () >= client->expires_at_ms)
    {
      close_client (client, TIX_EVENTS_CLOSE_SESSION_ENDED, "Session expired");
      return G_SOURCE_REMOVE;
    }

  recheck_session (client);
  schedule_session_timer (client);
  return G_SOURCE_REMOVE;
}

/* One timer a station: at its session's expiry, or sooner to read the
 * session again; cheap for hundreds of stations (a lookup a minute each). */
static void
schedule_session_timer (TixEventClient *client)
{
  gint64 delay;

  clear_source (&client->session_timer);
  if (!is_open (client))
    return;

  delay = CLAMP (client->expires_at_ms - tix_time_now_ms (), 0, RECHECK_INTERVAL_MS);
  client->session_timer = g_timeout_source_new ((guint) delay);
  g_source_set_callback (client->session_timer, session_timer_cb, client, NULL);
  g_source_set_static_name (client->session_timer, "[tix] station session");
  g_source_attach (client->session_timer, g_main_context_get_thread_default ());
}

/* Says hello to a station with a live session, and refuses the others; a
 * token that cannot be checked now (the database is away) is not called
 * invalid: the station comes back later. */
static void
authenticate (TixEventClient *client,
              const char     *token)
{
  TixServer *self = client->server;
  g_autofree char *token_hash = NULL;
  g_autoptr(TixUser) user = NULL;
  g_autoptr(GError) error = NULL;
  gint64 expires_at = 0;

  if (token == NULL || strlen (token) != 64 || strspn (token, "0123456789abcdef") != 64)
    {
      close_client (client, TIX_EVENTS_CLOSE_SESSION_ENDED, "Invalid or expired token");
      return;
    }

  token_hash = tix_password_hash_token (token);
  user = tix_store_lookup_session_full (self->store, token_hash, tix_time_now_ms (),
                                        &expires_at, &error);
  if (user != NULL)
    {
      client->organization_id = tix_user_get_organization_id (user);
      client->user_id = tix_user_get_id (user);
      client->role = g_strdup (tix_user_get_role (user));
      client->token_hash = g_steal_pointer (&token_hash);
      client->expires_at_ms = expires_at;
      send_text (client, "{\"type\":\"hello\"}");
      schedule_session_timer (client);
    }
  else if (g_error_matches (error, TIX_STORE_ERROR, TIX_STORE_ERROR_NOT_FOUND))
    close_client (client, TIX_EVENTS_CLOSE_SESSION_ENDED, "Invalid or expired token");
  else
    {
      g_message ("Could not check a station's token: %s", error->message);
      close_client (client, SOUP_WEBSOCKET_CLOSE_SERVER_ERROR,
                    "The server cannot check the token now; try again");
    }
}

static gboolean
auth_timeout_cb (gpointer data)
{
  TixEventClient *client = data;

  g_clear_pointer (&client->auth_timeout, g_source_unref);
  refuse (client, "No token");
  return G_SOURCE_REMOVE;
}

static void
message_cb (SoupWebsocketConnection *connection,
            gint                     type,
            GBytes                  *message,
            gpointer                 data)
{
  TixEventClient *client = data;
  g_autoptr(JsonObject) object = NULL;
  const char *kind = NULL, *token = NULL;
  gsize length = 0;
  const char *text = g_bytes_get_data (message, &length);

  /* Stations only ever say who they are. */
  if (client->organization_id != 0 || type != SOUP_WEBSOCKET_DATA_TEXT)
    return;

  object = tix_json_parse_object (text, length, NULL);
  if (object == NULL ||
      !tix_json_get_string (object, "type", TRUE, &kind, NULL) ||
      g_strcmp0 (kind, "auth") != 0 ||
      !tix_json_get_string (object, "token", TRUE, &token, NULL))
    {
      refuse (client, "Expected {\"type\":\"auth\",\"token\":…}");
      return;
    }

  clear_source (&client->auth_timeout);
  authenticate (client, token);
}

static void
closed_cb (SoupWebsocketConnection *connection,
           gpointer                 data)
{
  drop_client (data);
}

/* After the 101 went out: the connection becomes a station's stream, with
 * a counter under it for what has been written. */
static void
upgraded_cb (SoupServerMessage *msg,
             gpointer           data)
{
  TixServer *self = data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  g_autofree char *authorization = g_strdup (soup_message_headers_get_one (headers,
                                                                           "Authorization"));
  g_autofree char *origin = g_strdup (soup_message_headers_get_one (headers, "Origin"));
  g_autoptr(GUri) uri = g_uri_ref (soup_server_message_get_uri (msg));
  g_autoptr(GIOStream) stream = NULL;
  g_autoptr(GOutputStream) output = NULL;
  g_autoptr(GIOStream) counted = NULL;
  g_autoptr(SoupServerMessage) hold = g_object_ref (msg);
  TixEventClient *client;

  stream = soup_server_message_steal_connection (msg);
  if (stream == NULL)
    return;
  output = tix_counting_output_stream_new (g_io_stream_get_output_stream (stream));
  counted = g_simple_io_stream_new (g_io_stream_get_input_stream (stream), output);

  client = g_new0 (TixEventClient, 1);
  client->server = self;
  client->stream = g_steal_pointer (&stream);
  client->output = TIX_COUNTING_OUTPUT_STREAM (g_steal_pointer (&output));
  client->connection = soup_websocket_connection_new (counted, uri,
                                                      SOUP_WEBSOCKET_CONNECTION_SERVER,
                                                      origin, NULL, NULL);
  g_ptr_array_add (self->event_clients, client);

  g_signal_connect (client->connection, "message", G_CALLBACK (message_cb), client);
  g_signal_connect (client->connection, "closed", G_CALLBACK (closed_cb), client);

  if (authorization != NULL && g_ascii_strncasecmp (authorization, "Bearer ", 7) == 0)
    {
      authenticate (client, authorization + 7);
      return;
    }

  /* The server's thread runs its own context, not the default one. */
  client->auth_timeout = g_timeout_source_new_seconds (AUTH_TIMEOUT_SECONDS);
  g_source_set_callback (client->auth_timeout, auth_timeout_cb, client, NULL);
  g_source_attach (client->auth_timeout, g_main_context_get_thread_default ());
}

/* What soup_server_add_websocket_handler () does, but with the connection
 * in our hands, and without permessage-deflate: compressing each event once
 * a station costs the server more than the bytes it saves on a venue's
 * network, and uncompressed frames have a size known before they go. */
static void
events_handler (SoupServer        *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           data)
{
  TixServer *self = data;
  g_autoptr(GError) error = NULL;

  if (!soup_websocket_server_check_handshake (msg, NULL, NULL, NULL, &error))
    {
      tix_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, NULL,
                              "/api/live is a WebSocket: %s", error->message);
      return;
    }
  if (!soup_websocket_server_process_handshake (msg, NULL, NULL, NULL, NULL))
    return;
  g_signal_connect_object (msg, "wrote-informational", G_CALLBACK (upgraded_cb), self, 0);
}

gboolean
tix_server_events_upgrade (TixServer         *self,
                           SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);

  if (!soup_message_headers_header_contains (headers, "Upgrade", "websocket"))
    return FALSE;
  events_handler (NULL, msg, NULL, NULL, self);
  return TRUE;
}

static void
send_to_organization (TixServer  *self,
                      gint64      organization_id,
                      const char *text)
{
  if (self->event_clients == NULL)
    return;

  for (guint i = 0; i < self->event_clients->len; i++)
    {
      TixEventClient *client = g_ptr_array_index (self->event_clients, i);

      if (client->organization_id == organization_id)
        send_text (client, text);
    }
}

/* Reads the session of every stream of @user_id again. */
static void
recheck_user (TixServer *self,
              gint64     user_id)
{
  if (self->event_clients == NULL)
    return;

  for (guint i = 0; i < self->event_clients->len; i++)
    {
      TixEventClient *client = g_ptr_array_index (self->event_clients, i);

      if (client->user_id == user_id)
        recheck_session (client);
    }
}

#define SESSIONS_NOTICE "sessions"

void
tix_server_sessions_changed (TixServer *self,
                             gint64     user_id)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *payload = NULL;

  recheck_user (self, user_id);
  if (!tix_store_is_shared (self->store))
    return;

  /* The change is committed: the other servers read it when told. */
  payload = g_strdup_printf (SESSIONS_NOTICE " %s %" G_GINT64_FORMAT, self->instance_id,
                             user_id);
  if (!tix_store_publish_event (self->store, payload, &error))
    g_warning ("Could not tell the other servers that sessions ended: %s", error->message);
}

/* Servers sharing a database pass their events on as "ORG ORIGIN EVENT":
 * the organization, the server that sent it, and the event as the stations
 * get it; and changed sessions as "sessions ORIGIN USER". */
static void
remote_event_cb (const char *payload,
                 gpointer    user_data)
{
  TixServer *self = user_data;
  g_auto(GStrv) parts = g_strsplit (payload, " ", 3);
  guint64 organization_id;

  if (g_strv_length (parts) == 3 && g_str_equal (parts[0], SESSIONS_NOTICE))
    {
      guint64 user_id;

      if (!g_ascii_string_to_unsigned (parts[2], 10, 1, G_MAXINT64, &user_id, NULL))
        g_warning ("Ignoring a malformed notice from another server");
      else if (!g_str_equal (parts[1], self->instance_id))
        recheck_user (self, (gint64) user_id);
      return;
    }

  if (g_strv_length (parts) != 3 ||
      !g_ascii_string_to_unsigned (parts[0], 10, 1, G_MAXINT64, &organization_id, NULL))
    {
      g_warning ("Ignoring a malformed event from another server");
      return;
    }
  if (g_str_equal (parts[1], self->instance_id))
    return;
  send_to_organization (self, (gint64) organization_id, parts[2]);
}

static void
publish (TixServer  *self,
         gint64      organization_id,
         const char *type,
         const char *text,
         const char *stats,
         const char *event_stats)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *payload = NULL;

  payload = g_strdup_printf ("%" G_GINT64_FORMAT " %s %s", organization_id, self->instance_id,
                             text);
  /* NOTIFY carries under 8000 bytes: a ticket whose extra text is that long
   * goes to the other servers' stations as the kind of change and the new
   * counts, which is what a station needs to refresh. */
  if (strlen (payload) >= 8000)
    {
      g_free (payload);
      payload = g_strdup_printf ("%" G_GINT64_FORMAT " %s {\"type\":\"%s\",\"stats\":%s%s%s}",
                                 organization_id, self->instance_id, type, stats,
                                 event_stats != NULL ? ",\"event_stats\":" : "",
                                 event_stats != NULL ? event_stats : "");
    }
  if (!tix_store_publish_event (self->store, payload, &error))
    g_warning ("Could not pass an event on to the other servers: %s", error->message);
}

void
tix_server_events_init (TixServer *self)
{
  self->event_clients = g_ptr_array_new_with_free_func ((GDestroyNotify) event_client_free);
  self->instance_id = g_uuid_string_random ();
  soup_server_add_handler (self->soup, "/api/live", events_handler, self, NULL);
  if (tix_store_is_shared (self->store))
    tix_store_listen_events (self->store, remote_event_cb, self);
}

void
tix_server_events_shutdown (TixServer *self)
{
  if (self->store != NULL && tix_store_is_shared (self->store))
    tix_store_listen_events (self->store, NULL, NULL);
  g_clear_pointer (&self->event_clients, g_ptr_array_unref);
  g_clear_pointer (&self->instance_id, g_free);
  tix_server_release_counts (self);
}

void
tix_server_hold_counts (TixServer *self)
{
  g_return_if_fail (self->held_counts == NULL);
  self->held_counts = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  self->held_event_counts = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
}

void
tix_server_release_counts (TixServer *self)
{
  g_clear_pointer (&self->held_counts, g_hash_table_unref);
  g_clear_pointer (&self->held_event_counts, g_hash_table_unref);
}

/* The counts of @organization_id, or of its event @event_id (0: of the
 * whole organization): read once while they are held. */
static gboolean
counts_of (TixServer *self,
           gint64     organization_id,
           gint64     event_id,
           gint64    *out_total,
           gint64    *out_scanned,
           gint64    *out_inside)
{
  GHashTable *table = event_id > 0 ? self->held_event_counts : self->held_counts;
  gint64 id = event_id > 0 ? event_id : organization_id;
  gint64 *held = table != NULL ? g_hash_table_lookup (table, &id) : NULL;

  if (held == NULL)
    {
      *out_inside = 0;
      if (event_id > 0)
        {
          g_autoptr(TixStoreEvent) event = tix_store_get_event (self->store, organization_id,
                                                                event_id, NULL);

          if (event == NULL)
            return FALSE;
          *out_total = event->total;
          *out_scanned = event->scanned;
          *out_inside = event->inside;
        }
      else if (!tix_store_get_counts (self->store, organization_id, out_total, out_scanned,
                                      NULL))
        return FALSE;
      if (table != NULL)
        {
          held = g_new (gint64, 3);
          held[0] = *out_total;
          held[1] = *out_scanned;
          held[2] = *out_inside;
          g_hash_table_insert (table, g_memdup2 (&id, sizeof (gint64)), held);
        }
      return TRUE;
    }

  *out_total = held[0];
  *out_scanned = held[1];
  *out_inside = held[2];
  return TRUE;
}

void
tix_server_broadcast (TixServer   *self,
                      gint64       organization_id,
                      const char  *type,
                      JsonBuilder *builder)
{
  tix_server_broadcast_of_event (self, organization_id, 0, type, builder);
}

void
tix_server_broadcast_of_event (TixServer   *self,
                               gint64       organization_id,
                               gint64       event_id,
                               const char  *type,
                               JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *stats = NULL;
  g_autofree char *event_stats = NULL;
  g_autofree char *body = NULL;
  g_autofree char *text = NULL;
  gint64 total = 0, scanned = 0, inside = 0;
  gsize length;

  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, type);
  json_builder_end_object (builder);

  if ((self->event_clients == NULL || self->event_clients->len == 0) &&
      !tix_store_is_shared (self->store))
    return;

  if (!counts_of (self, organization_id, 0, &total, &scanned, &inside))
    return;
  stats = tix_server_format_stats (total, scanned);
  /* The event's counts too, for a station that follows that event; none
   * for an event gone (deleted). */
  if (event_id > 0 && counts_of (self, organization_id, event_id, &total, &scanned, &inside))
    {
      g_autofree char *counts = tix_server_format_stats (total, scanned);

      /* Who is inside now, for a door dashboard. */
      event_stats = g_strdup_printf ("{\"event_id\":%" G_GINT64_FORMAT ",\"inside\":%"
                                     G_GINT64_FORMAT ",%s", event_id, inside, counts + 1);
    }

  /* json-glib would print the scan rate with 17 digits: splice the stats in. */
  root = json_builder_get_root (builder);
  body = tix_json_to_string (root, &length);
  g_assert (length >= 2 && body[length - 1] == '}');
  body[length - 1] = '\0';
  text = g_strdup_printf ("%s,\"stats\":%s%s%s}", body, stats,
                          event_stats != NULL ? ",\"event_stats\":" : "",
                          event_stats != NULL ? event_stats : "");

  send_to_organization (self, organization_id, text);
  if (tix_store_is_shared (self->store))
    publish (self, organization_id, type, text, stats, event_stats);
}

void
tix_server_broadcast_ticket (TixServer  *self,
                             const char *type,
                             TixTicket  *ticket)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "ticket");
  tix_ticket_to_json (ticket, builder);
  tix_server_broadcast_of_event (self, tix_ticket_get_organization_id (ticket),
                                 tix_ticket_get_event_id (ticket), type, builder);
}
