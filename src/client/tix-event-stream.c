/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-event-stream"

#include "config.h"

#include <libsoup/soup.h>

#include "tix-event-stream.h"
#include "tix-json.h"

#define DEFAULT_INITIAL_BACKOFF_MS 250
#define DEFAULT_MAX_BACKOFF_MS     10000
/* Pings keep idle connections through NAT boxes and notice dead peers. */
#define KEEPALIVE_SECONDS          20

/* Why tix-server closes a stream (src/server/tix-server-private.h): the
 * session ended (no use connecting again with it), the user's role changed
 * or the station fell too far behind (connect again at once, and catch up). */
#define CLOSE_SESSION_ENDED        4001
#define CLOSE_ROLE_CHANGED         4002
#define CLOSE_TOO_FAR_BEHIND       4008

struct _TixEventStream
{
  GObject                  parent_instance;

  /* Owned references */
  TixClient               *client;
  SoupSession             *session;
  SoupWebsocketConnection *connection;
  GCancellable            *cancellable;   /* connecting and stats, cancelled on stop */

  TixSettings             *settings;      /* the last read, or NULL */

  TixStats                 stats;
  GHashTable              *event_stats;   /* gint64 event id → TixEventStats, the last heard */
  guint                    stats_serial;  /* bumped whenever stats change */
  guint                    stats_request_serial;
  guint                    settings_serial; /* of the last settings asked for */
  guint                    reconnect_id;
  guint                    backoff_ms;
  guint                    initial_backoff_ms;
  guint                    max_backoff_ms;

  guint                    started : 1;
  guint                    connected : 1;
  guint                    has_stats : 1;
  guint                    session_ended : 1; /* waits for a new token */
};

G_DEFINE_FINAL_TYPE (TixEventStream, tix_event_stream, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (TixTicketChange, tix_ticket_change,
                    G_DEFINE_ENUM_VALUE (TIX_TICKET_CHANGE_SCANNED, "scanned"),
                    G_DEFINE_ENUM_VALUE (TIX_TICKET_CHANGE_UNSCANNED, "unscanned"),
                    G_DEFINE_ENUM_VALUE (TIX_TICKET_CHANGE_DELETED, "deleted"))

G_DEFINE_ENUM_TYPE (TixSessionEnd, tix_session_end,
                    G_DEFINE_ENUM_VALUE (TIX_SESSION_END_REVOKED, "revoked"),
                    G_DEFINE_ENUM_VALUE (TIX_SESSION_END_EXPIRED, "expired"),
                    G_DEFINE_ENUM_VALUE (TIX_SESSION_END_REFUSED, "refused"))

static void stop (TixEventStream *self);

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_CONNECTED,
  PROP_HAS_STATS,
  N_PROPS
};

enum {
  TICKET_CHANGED,
  TICKETS_GENERATED,
  TICKETS_CLEARED,
  SETTINGS_CHANGED,
  STATS,
  SESSION_ENDED,
  EVENT_CREATED,
  EVENT_UPDATED,
  EVENT_DELETED,
  EVENT_STATS,
  TICKET_PASSED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void tix_event_stream_connect (TixEventStream *self);

static void
set_connected (TixEventStream *self,
               gboolean        connected)
{
  if (self->connected == !!connected)
    return;

  self->connected = !!connected;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTED]);
}

static void
set_stats (TixEventStream *self,
           const TixStats *stats)
{
  gboolean had_stats = self->has_stats;

  self->stats = *stats;
  self->stats_serial++;
  self->has_stats = TRUE;

  if (!had_stats)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_STATS]);
  g_signal_emit (self, signals[STATS], 0, &self->stats);
}

static gboolean
parse_stats (JsonObject *object,
             TixStats   *out)
{
  JsonNode *rate;

  if (!tix_json_get_int (object, "total", TRUE, 0, G_MAXINT64, &out->total, NULL) ||
      !tix_json_get_int (object, "scanned", TRUE, 0, G_MAXINT64, &out->scanned, NULL))
    return FALSE;

  out->not_scanned = MAX (0, out->total - out->scanned);
  if (!tix_json_get_int (object, "not_scanned", FALSE, 0, G_MAXINT64, &out->not_scanned, NULL))
    return FALSE;

  rate = json_object_get_member (object, "scan_rate");
  if (rate != NULL && JSON_NODE_HOLDS_VALUE (rate) &&
      (json_node_get_value_type (rate) == G_TYPE_DOUBLE ||
       json_node_get_value_type (rate) == G_TYPE_INT64))
    out->scan_rate = json_node_get_double (rate);
  else
    out->scan_rate = out->total > 0 ? 100.0 * out->scanned / out->total : 0.0;

  return TRUE;
}

/* Reconnection ---------------------------------------------------------------- */

static gboolean
reconnect_cb (gpointer user_data)
{
  TixEventStream *self = user_data;

  self->reconnect_id = 0;
  tix_event_stream_connect (self);

  return G_SOURCE_REMOVE;
}

static void
schedule_reconnect (TixEventStream *self)
{
  if (!self->started || self->reconnect_id != 0)
    return;

  g_debug ("Reconnecting to the event stream in %u ms", self->backoff_ms);
  self->reconnect_id = g_timeout_add (self->backoff_ms, reconnect_cb, self);
  self->backoff_ms = MIN (self->backoff_ms * 2, self->max_backoff_ms);
}

static void
drop_connection (TixEventStream *self)
{
  if (self->connection == NULL)
    return;

  g_signal_handlers_disconnect_by_data (self->connection, self);
  if (soup_websocket_connection_get_state (self->connection) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (self->connection, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  g_clear_object (&self->connection);
}

/* After the session ended, a new token (signed in again) connects. */
static void
token_changed_cb (TixClient      *client,
                  GParamSpec     *pspec,
                  TixEventStream *self)
{
  if (!self->session_ended || tix_client_get_token (client) == NULL)
    return;

  self->session_ended = FALSE;
  if (self->started && self->connection == NULL && self->reconnect_id == 0)
    {
      self->backoff_ms = self->initial_backoff_ms;
      tix_event_stream_connect (self);
    }
}

/* Connection ------------------------------------------------------------------ */

static void
stats_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  TixEventStream *self;
  TixStats stats;

  if (!tix_client_get_stats_finish (TIX_CLIENT (object), result, &stats, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Could not read the counters: %s", error->message);
      return;
    }

  /* Not cancelled: the stream is alive (stop and dispose cancel). An event
   * that arrived meanwhile brought fresher counters than these. */
  self = user_data;
  if (self->stats_serial == self->stats_request_serial)
    set_stats (self, &stats);
}

static gboolean
settings_equal (TixSettings *a,
                TixSettings *b)
{
  for (guint i = 0; i < TIX_N_SETTINGS; i++)
    if (g_strcmp0 (tix_settings_get (a, i), tix_settings_get (b, i)) != 0)
      return FALSE;
  return TRUE;
}

typedef struct
{
  TixEventStream *self;     /* not owned: cancelled before it goes */
  guint           serial;
} SettingsRead;

static void
settings_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autofree SettingsRead *read = user_data;
  g_autoptr(TixSettings) settings = NULL;
  g_autoptr(GError) error = NULL;
  TixEventStream *self;

  settings = tix_client_get_settings_finish (TIX_CLIENT (object), result, &error);
  if (settings == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Could not read the settings: %s", error->message);
      return;
    }

  /* Not cancelled: the stream is alive. Only the last one asked for counts. */
  self = read->self;
  if (read->serial != self->settings_serial)
    return;
  if (self->settings != NULL && settings_equal (self->settings, settings))
    return;

  g_set_object (&self->settings, settings);
  g_signal_emit (self, signals[SETTINGS_CHANGED], 0, settings);
}

static void
read_settings (TixEventStream *self)
{
  SettingsRead *read = g_new0 (SettingsRead, 1);

  read->self = self;
  read->serial = ++self->settings_serial;
  tix_client_get_settings_async (self->client, self->cancellable, settings_cb, read);
}

static TixTicket *
event_ticket (JsonObject *object)
{
  JsonNode *node = json_object_get_member (object, "ticket");
  g_autoptr(GError) error = NULL;
  TixTicket *ticket;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;

  ticket = tix_ticket_new_from_json (json_node_get_object (node), &error);
  if (ticket == NULL)
    g_debug ("Ignoring an event's ticket: %s", error->message);
  return ticket;
}

static TixEvent *
event_event (JsonObject *object)
{
  JsonNode *node = json_object_get_member (object, "event");
  g_autoptr(GError) error = NULL;
  TixEvent *event;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;

  event = tix_event_new_from_json (json_node_get_object (node), &error);
  if (event == NULL)
    g_debug ("Ignoring an event of the season: %s", error->message);
  return event;
}

/* One message, as the signal that says it. */
static void
emit_event (TixEventStream *self,
            const char     *type,
            JsonObject     *object)
{
  /* The detail is the change's nick. */
  static const struct {
    const char      *type;
    TixTicketChange  change;
    const char      *detail;
  } ticket_events[] = {
    { "ticket-scanned", TIX_TICKET_CHANGE_SCANNED, "scanned" },
    { "ticket-unscanned", TIX_TICKET_CHANGE_UNSCANNED, "unscanned" },
    { "ticket-deleted", TIX_TICKET_CHANGE_DELETED, "deleted" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (ticket_events); i++)
    if (g_str_equal (type, ticket_events[i].type))
      {
        g_autoptr(TixTicket) ticket = event_ticket (object);

        if (ticket != NULL)
          g_signal_emit (self, signals[TICKET_CHANGED],
                         g_quark_from_static_string (ticket_events[i].detail),
                         ticket_events[i].change, ticket);
        return;
      }

  if (g_str_equal (type, "tickets-generated"))
    {
      const char *prefix = NULL, *first = NULL, *last = NULL;
      gint64 count = 0;

      if (!tix_json_get_int (object, "count", TRUE, 0, G_MAXUINT, &count, NULL) ||
          !tix_json_get_string (object, "prefix", FALSE, &prefix, NULL) ||
          !tix_json_get_string (object, "first_number", FALSE, &first, NULL) ||
          !tix_json_get_string (object, "last_number", FALSE, &last, NULL))
        {
          g_debug ("Ignoring a malformed tickets-generated event");
          return;
        }
      g_signal_emit (self, signals[TICKETS_GENERATED], 0, prefix, (guint) count, first, last);
    }
  else if (g_str_equal (type, "ticket-entered") || g_str_equal (type, "ticket-exited"))
    {
      g_autoptr(TixTicket) ticket = event_ticket (object);

      if (ticket != NULL)
        g_signal_emit (self, signals[TICKET_PASSED], 0, ticket,
                       g_str_equal (type, "ticket-exited"));
    }
  else if (g_str_equal (type, "tickets-cleared"))
    {
      gint64 deleted = 0;

      if (!tix_json_get_int (object, "deleted", FALSE, 0, G_MAXINT64, &deleted, NULL))
        g_debug ("A tickets-cleared event without a count");
      g_signal_emit (self, signals[TICKETS_CLEARED], 0, deleted);
    }
  else if (g_str_equal (type, "settings-updated"))
    read_settings (self);
  else if (g_str_equal (type, "event-created") || g_str_equal (type, "event-updated") ||
           g_str_equal (type, "event-deleted"))
    {
      g_autoptr(TixEvent) event = event_event (object);
      guint signal = g_str_equal (type, "event-created") ? EVENT_CREATED
                   : g_str_equal (type, "event-updated") ? EVENT_UPDATED
                   : EVENT_DELETED;

      if (event != NULL)
        g_signal_emit (self, signals[signal], 0, event);
    }
  else if (!g_str_equal (type, "hello"))
    g_debug ("Ignoring an event of type %s", type);
}

static void
message_cb (SoupWebsocketConnection *connection,
            int                      type,
            GBytes                  *message,
            TixEventStream          *self)
{
  g_autoptr(TixEventStream) hold = g_object_ref (self);
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(GError) error = NULL;
  const char *event_type = NULL;
  JsonNode *stats_node;
  gconstpointer data;
  gsize length;

  if (type != SOUP_WEBSOCKET_DATA_TEXT)
    return;

  data = g_bytes_get_data (message, &length);
  object = tix_json_parse_object (data, length, &error);
  if (object == NULL)
    {
      g_debug ("Ignoring an event that is not JSON: %s", error->message);
      return;
    }

  if (!tix_json_get_string (object, "type", TRUE, &event_type, NULL) || *event_type == '\0')
    {
      g_debug ("Ignoring an event without a type");
      return;
    }

  if (g_str_equal (event_type, "hello") && !self->connected)
    {
      self->backoff_ms = self->initial_backoff_ms;
      set_connected (self, TRUE);

      /* Events carry the counters from now on; this is where they stand,
       * and the settings, which may have changed while away. */
      self->stats_request_serial = self->stats_serial;
      tix_client_get_stats_async (self->client, self->cancellable, stats_cb, self);
      read_settings (self);
    }

  stats_node = json_object_get_member (object, "stats");
  if (stats_node != NULL && JSON_NODE_HOLDS_OBJECT (stats_node))
    {
      TixStats stats = { 0 };

      if (parse_stats (json_node_get_object (stats_node), &stats))
        set_stats (self, &stats);
    }

  /* One event's counts, and who is inside it now (door rules). */
  stats_node = json_object_get_member (object, "event_stats");
  if (stats_node != NULL && JSON_NODE_HOLDS_OBJECT (stats_node))
    {
      JsonObject *event_stats = json_node_get_object (stats_node);
      TixEventStats stats = { 0 };

      if (tix_json_get_int (event_stats, "event_id", TRUE, 1, G_MAXINT64, &stats.event_id,
                            NULL) &&
          tix_json_get_int (event_stats, "inside", FALSE, 0, G_MAXINT64, &stats.inside, NULL) &&
          parse_stats (event_stats, &stats.stats))
        {
          g_hash_table_insert (self->event_stats, g_memdup2 (&stats.event_id, sizeof (gint64)),
                               g_memdup2 (&stats, sizeof stats));
          g_signal_emit (self, signals[EVENT_STATS], 0, &stats);
        }
      else
        g_debug ("Ignoring malformed event_stats");
    }

  emit_event (self, event_type, object);
}

/* The server says why in the close reason (src/server/tix-server-events.c):
 * "Session expired"; "Session ended" for one revoked since the hello; a
 * token refused before any hello. */
static TixSessionEnd
session_end_reason (SoupWebsocketConnection *connection,
                    gboolean                 said_hello)
{
  const char *data = soup_websocket_connection_get_close_data (connection);

  if (g_strcmp0 (data, "Session expired") == 0)
    return TIX_SESSION_END_EXPIRED;
  if (!said_hello)
    return TIX_SESSION_END_REFUSED;
  return TIX_SESSION_END_REVOKED;
}

static void
closed_cb (SoupWebsocketConnection *connection,
           TixEventStream          *self)
{
  gushort code = soup_websocket_connection_get_close_code (connection);

  g_debug ("Event stream closed (code %u)", code);

  /* The session ended (logout, removed, new password, expired): the same
   * token will not do again; a new one (signing in) connects. */
  if (code == CLOSE_SESSION_ENDED)
    {
      g_autoptr(TixEventStream) hold = g_object_ref (self);
      TixSessionEnd reason = session_end_reason (connection, self->connected);

      drop_connection (self);
      self->session_ended = TRUE;
      set_connected (self, FALSE);
      g_signal_emit (self, signals[SESSION_ENDED], 0, reason);
      return;
    }

  /* A new role, or too far behind: back at once, reloading on hello. */
  if (code == CLOSE_ROLE_CHANGED || code == CLOSE_TOO_FAR_BEHIND)
    self->backoff_ms = self->initial_backoff_ms;
  /* Refused (no or malformed token): no point in knocking fast. A server
   * that cannot check the token now (1011) is retried as usual. */
  else if (code == SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION && !self->connected)
    self->backoff_ms = self->max_backoff_ms;

  drop_connection (self);
  set_connected (self, FALSE);
  schedule_reconnect (self);
}

static void
error_cb (SoupWebsocketConnection *connection,
          GError                  *error,
          TixEventStream          *self)
{
  g_debug ("Event stream error: %s", error->message);
}

static void
connected_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(SoupWebsocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  TixEventStream *self;

  connection = soup_session_websocket_connect_finish (SOUP_SESSION (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* Not cancelled: the stream is still started and alive. */
  self = user_data;

  if (connection == NULL)
    {
      g_debug ("Could not connect to the event stream: %s", error->message);
      schedule_reconnect (self);
      return;
    }

  /* Connected once the server says hello: it closes at once on a bad token. */
  self->connection = g_steal_pointer (&connection);
  soup_websocket_connection_set_keepalive_interval (self->connection, KEEPALIVE_SECONDS);
  g_signal_connect (self->connection, "message", G_CALLBACK (message_cb), self);
  g_signal_connect (self->connection, "closed", G_CALLBACK (closed_cb), self);
  g_signal_connect (self->connection, "error", G_CALLBACK (error_cb), self);
}

static void
tix_event_stream_connect (TixEventStream *self)
{
  g_autoptr(SoupMessage) message = NULL;
  g_autofree char *url = NULL;
  const char *token;
  SoupMessageHeaders *headers;

  g_assert (self->connection == NULL);

  url = g_strconcat (tix_client_get_base_url (self->client), "/api/live", NULL);
  message = soup_message_new ("GET", url);
  if (message == NULL)
    {
      g_warning ("Not a valid server address: %s", url);
      return;
    }

  headers = soup_message_get_request_headers (message);
  token = tix_client_get_token (self->client);
  if (token != NULL)
    {
      g_autofree char *authorization = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (headers, "Authorization", authorization);
    }
  soup_message_headers_replace (headers, "X-Tix-Station", tix_client_get_station_id (self->client));

  tix_client_check_certificate (self->client, message);
  soup_session_websocket_connect_async (self->session, message, NULL, NULL, G_PRIORITY_DEFAULT,
                                        self->cancellable, connected_cb, self);
}

/* GObject --------------------------------------------------------------------- */

static void
tix_event_stream_dispose (GObject *object)
{
  TixEventStream *self = TIX_EVENT_STREAM (object);

  stop (self);
  if (self->client != NULL)
    g_signal_handlers_disconnect_by_func (self->client, token_changed_cb, self);
  if (self->session != NULL)
    soup_session_abort (self->session);
  g_clear_object (&self->session);
  g_clear_object (&self->client);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->event_stats, g_hash_table_unref);

  G_OBJECT_CLASS (tix_event_stream_parent_class)->dispose (object);
}

static void
tix_event_stream_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  TixEventStream *self = TIX_EVENT_STREAM (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;

    case PROP_CONNECTED:
      g_value_set_boolean (value, self->connected);
      break;

    case PROP_HAS_STATS:
      g_value_set_boolean (value, self->has_stats);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tix_event_stream_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  TixEventStream *self = TIX_EVENT_STREAM (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
      if (self->client != NULL)
        g_signal_connect (self->client, "notify::token", G_CALLBACK (token_changed_cb), self);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tix_event_stream_class_init (TixEventStreamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tix_event_stream_dispose;
  object_class->get_property = tix_event_stream_get_property;
  object_class->set_property = tix_event_stream_set_property;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, TIX_TYPE_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONNECTED] =
    g_param_spec_boolean ("connected", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HAS_STATS] =
    g_param_spec_boolean ("has-stats", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Detailed by the change: "ticket-changed::scanned". */
  signals[TICKET_CHANGED] =
    g_signal_new ("ticket-changed", G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                  TIX_TYPE_TICKET_CHANGE, TIX_TYPE_TICKET);
  signals[TICKETS_GENERATED] =
    g_signal_new ("tickets-generated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 4,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE, G_TYPE_UINT,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);
  signals[TICKETS_CLEARED] =
    g_signal_new ("tickets-cleared", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  signals[SETTINGS_CHANGED] =
    g_signal_new ("settings-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, TIX_TYPE_SETTINGS);
  signals[STATS] =
    g_signal_new ("stats", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
  signals[EVENT_STATS] =
    g_signal_new ("event-stats", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
  signals[TICKET_PASSED] =
    g_signal_new ("ticket-passed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, TIX_TYPE_TICKET, G_TYPE_BOOLEAN);
  signals[SESSION_ENDED] =
    g_signal_new ("session-ended", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, TIX_TYPE_SESSION_END);
  signals[EVENT_CREATED] =
    g_signal_new ("event-created", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, TIX_TYPE_EVENT);
  signals[EVENT_UPDATED] =
    g_signal_new ("event-updated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, TIX_TYPE_EVENT);
  signals[EVENT_DELETED] =
    g_signal_new ("event-deleted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, TIX_TYPE_EVENT);
}

static void
tix_event_stream_init (TixEventStream *self)
{
  g_autofree char *user_agent = g_strdup_printf ("Tix/%s ", PACKAGE_VERSION);

  self->initial_backoff_ms = DEFAULT_INITIAL_BACKOFF_MS;
  self->max_backoff_ms = DEFAULT_MAX_BACKOFF_MS;
  self->backoff_ms = self->initial_backoff_ms;
  self->session = soup_session_new_with_options ("user-agent", user_agent, NULL);
  self->event_stats = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
}

/* Public API ------------------------------------------------------------------ */

TixEventStream *
tix_event_stream_new (TixClient *client)
{
  g_return_val_if_fail (TIX_IS_CLIENT (client), NULL);

  return g_object_new (TIX_TYPE_EVENT_STREAM, "client", client, NULL);
}

TixClient *
tix_event_stream_get_client (TixEventStream *self)
{
  g_return_val_if_fail (TIX_IS_EVENT_STREAM (self), NULL);

  return self->client;
}

void
tix_event_stream_start (TixEventStream *self)
{
  g_return_if_fail (TIX_IS_EVENT_STREAM (self));

  if (self->started)
    return;

  self->started = TRUE;
  self->session_ended = FALSE;
  self->backoff_ms = self->initial_backoff_ms;
  self->cancellable = g_cancellable_new ();
  tix_event_stream_connect (self);
}

static void
stop (TixEventStream *self)
{
  self->started = FALSE;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->reconnect_id, g_source_remove);
  drop_connection (self);
  set_connected (self, FALSE);
}

void
tix_event_stream_stop (TixEventStream *self)
{
  g_return_if_fail (TIX_IS_EVENT_STREAM (self));

  stop (self);
}

gboolean
tix_event_stream_get_connected (TixEventStream *self)
{
  g_return_val_if_fail (TIX_IS_EVENT_STREAM (self), FALSE);

  return self->connected;
}

TixSettings *
tix_event_stream_get_settings (TixEventStream *self)
{
  g_return_val_if_fail (TIX_IS_EVENT_STREAM (self), NULL);

  return self->settings;
}

gboolean
tix_event_stream_get_stats (TixEventStream *self,
                            TixStats       *out_stats)
{
  g_return_val_if_fail (TIX_IS_EVENT_STREAM (self), FALSE);

  if (out_stats != NULL)
    *out_stats = self->stats;

  return self->has_stats;
}

void
tix_event_stream_set_backoff (TixEventStream *self,
                              guint           initial_ms,
                              guint           max_ms)
{
  g_return_if_fail (TIX_IS_EVENT_STREAM (self));
  g_return_if_fail (initial_ms > 0);

  self->initial_backoff_ms = initial_ms;
  self->max_backoff_ms = MAX (initial_ms, max_ms);
  self->backoff_ms = initial_ms;
}

gboolean
tix_event_stream_get_event_stats (TixEventStream *self,
                                  gint64          event_id,
                                  TixEventStats  *out_stats)
{
  TixEventStats *stats;

  g_return_val_if_fail (TIX_IS_EVENT_STREAM (self), FALSE);
  g_return_val_if_fail (out_stats != NULL, FALSE);

  stats = self->event_stats != NULL ? g_hash_table_lookup (self->event_stats, &event_id) : NULL;
  if (stats == NULL)
    return FALSE;
  *out_stats = *stats;
  return TRUE;
}
