/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-server-events"

#include "config.h"

#include <string.h>

#include "tix-password.h"
#include "tix-server-private.h"
#include "tix-time.h"

/* GET /api/events: a WebSocket that pushes what happens in the organization
 * to each of its stations, and never across organizations. */

#define AUTH_TIMEOUT_SECONDS 5

typedef struct
{
  TixServer               *server;      /* unowned: the server outlives its clients */
  SoupWebsocketConnection *connection;
  gint64                   organization_id; /* 0 until authenticated */
  GSource                 *auth_timeout; /* on the server's main context */
} TixEventClient;

static void
cancel_auth_timeout (TixEventClient *client)
{
  if (client->auth_timeout != NULL)
    {
      g_source_destroy (client->auth_timeout);
      g_clear_pointer (&client->auth_timeout, g_source_unref);
    }
}

static void
event_client_free (TixEventClient *client)
{
  cancel_auth_timeout (client);
  g_signal_handlers_disconnect_by_data (client->connection, client);
  if (soup_websocket_connection_get_state (client->connection) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (client->connection, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, NULL);
  g_object_unref (client->connection);
  g_free (client);
}

static void
drop_client (TixEventClient *client)
{
  /* Frees @client through the array's free function. */
  g_ptr_array_remove (client->server->event_clients, client);
}

static void
refuse (TixEventClient *client,
        const char     *reason)
{
  soup_websocket_connection_close (client->connection, SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION,
                                   reason);
}

static void
send_hello (TixEventClient *client)
{
  soup_websocket_connection_send_text (client->connection, "{\"type\":\"hello\"}");
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

  if (token == NULL || strlen (token) != 64 || strspn (token, "0123456789abcdef") != 64)
    {
      refuse (client, "Invalid or expired token");
      return;
    }

  token_hash = tix_password_hash_token (token);
  user = tix_store_lookup_session (self->store, token_hash, tix_time_now_ms (), &error);
  if (user != NULL)
    {
      client->organization_id = tix_user_get_organization_id (user);
      send_hello (client);
    }
  else if (g_error_matches (error, TIX_STORE_ERROR, TIX_STORE_ERROR_NOT_FOUND))
    refuse (client, "Invalid or expired token");
  else
    {
      g_message ("Could not check a station's token: %s", error->message);
      soup_websocket_connection_close (client->connection, SOUP_WEBSOCKET_CLOSE_SERVER_ERROR,
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

  cancel_auth_timeout (client);
  authenticate (client, token);
}

static void
closed_cb (SoupWebsocketConnection *connection,
           gpointer                 data)
{
  drop_client (data);
}

static void
websocket_cb (SoupServer              *server,
              SoupServerMessage       *msg,
              const char              *path,
              SoupWebsocketConnection *connection,
              gpointer                 data)
{
  TixServer *self = data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *authorization = soup_message_headers_get_one (headers, "Authorization");
  TixEventClient *client = g_new0 (TixEventClient, 1);

  client->server = self;
  client->connection = g_object_ref (connection);
  g_ptr_array_add (self->event_clients, client);

  g_signal_connect (connection, "message", G_CALLBACK (message_cb), client);
  g_signal_connect (connection, "closed", G_CALLBACK (closed_cb), client);

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

      if (client->organization_id == organization_id &&
          soup_websocket_connection_get_state (client->connection) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_send_text (client->connection, text);
    }
}

/* Servers sharing a database pass their events on as "ORG ORIGIN EVENT":
 * the organization, the server that sent it, and the event as the stations
 * get it. */
static void
remote_event_cb (const char *payload,
                 gpointer    user_data)
{
  TixServer *self = user_data;
  g_auto(GStrv) parts = g_strsplit (payload, " ", 3);
  guint64 organization_id;

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
         const char *stats)
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
      payload = g_strdup_printf ("%" G_GINT64_FORMAT " %s {\"type\":\"%s\",\"stats\":%s}",
                                 organization_id, self->instance_id, type, stats);
    }
  if (!tix_store_publish_event (self->store, payload, &error))
    g_warning ("Could not pass an event on to the other servers: %s", error->message);
}

void
tix_server_events_init (TixServer *self)
{
  self->event_clients = g_ptr_array_new_with_free_func ((GDestroyNotify) event_client_free);
  self->instance_id = g_uuid_string_random ();
  soup_server_add_websocket_handler (self->soup, "/api/events", NULL, NULL,
                                     websocket_cb, self, NULL);
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
  g_clear_pointer (&self->held_counts, g_hash_table_unref);
}

void
tix_server_hold_counts (TixServer *self)
{
  g_return_if_fail (self->held_counts == NULL);
  self->held_counts = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
}

void
tix_server_release_counts (TixServer *self)
{
  g_clear_pointer (&self->held_counts, g_hash_table_unref);
}

static gboolean
counts_of (TixServer *self,
           gint64     organization_id,
           gint64    *out_total,
           gint64    *out_scanned)
{
  gint64 *held = self->held_counts ? g_hash_table_lookup (self->held_counts, &organization_id)
                                   : NULL;

  if (held == NULL)
    {
      if (!tix_store_get_counts (self->store, organization_id, out_total, out_scanned, NULL))
        return FALSE;
      if (self->held_counts != NULL)
        {
          held = g_new (gint64, 2);
          held[0] = *out_total;
          held[1] = *out_scanned;
          g_hash_table_insert (self->held_counts, g_memdup2 (&organization_id, sizeof (gint64)),
                               held);
        }
      return TRUE;
    }

  *out_total = held[0];
  *out_scanned = held[1];
  return TRUE;
}

void
tix_server_broadcast (TixServer   *self,
                      gint64       organization_id,
                      const char  *type,
                      JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *stats = NULL;
  g_autofree char *body = NULL;
  g_autofree char *text = NULL;
  gint64 total = 0, scanned = 0;
  gsize length;

  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, type);
  json_builder_end_object (builder);

  if ((self->event_clients == NULL || self->event_clients->len == 0) &&
      !tix_store_is_shared (self->store))
    return;

  if (!counts_of (self, organization_id, &total, &scanned))
    return;

  /* json-glib would print the scan rate with 17 digits: splice the stats in. */
  root = json_builder_get_root (builder);
  body = tix_json_to_string (root, &length);
  g_assert (length >= 2 && body[length - 1] == '}');
  body[length - 1] = '\0';
  stats = tix_server_format_stats (total, scanned);
  text = g_strdup_printf ("%s,\"stats\":%s}", body, stats);

  send_to_organization (self, organization_id, text);
  if (tix_store_is_shared (self->store))
    publish (self, organization_id, type, text, stats);
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
  tix_server_broadcast (self, tix_ticket_get_organization_id (ticket), type, builder);
}
