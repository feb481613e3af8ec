/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-server"

#include "config.h"

#include <string.h>

#include "tix-password.h"
#include "tix-server-compress.h"
#include "tix-server-openapi.h"
#include "tix-server-private.h"
#include "tix-server-worker.h"
#include "tix-ticket-code.h"
#include "tix-time.h"
#include "tix-validate.h"

G_DEFINE_FINAL_TYPE (TixServer, tix_server, G_TYPE_OBJECT)

/* Signed codes kept of the tickets lately answered: some hundred pages. */
#define CODE_CACHE_CAPACITY 32768

#define LISTEN_BACKLOG 256
#define REQUEST_START_KEY "tix-request-start"

void
tix_server_options_init (TixServerOptions *options)
{
  g_return_if_fail (options != NULL);

  memset (options, 0, sizeof *options);
  options->cors_origin = TIX_DEFAULT_CORS_ORIGIN;
  options->token_ttl_seconds = TIX_DEFAULT_TOKEN_TTL;
  options->max_users = TIX_DEFAULT_MAX_USERS;
  options->max_tickets = TIX_DEFAULT_MAX_TICKETS;
}

static void
tix_server_dispose (GObject *object)
{
  TixServer *self = (TixServer *) object;

  g_cancellable_cancel (self->cancellable);
  tix_server_workers_shutdown (self);
  tix_server_scans_shutdown (self);
  tix_server_events_shutdown (self);
  tix_server_sync_clear (self);
  if (self->listener != NULL)
    tix_listener_close (self->listener);
  if (self->soup != NULL)
    soup_server_disconnect (self->soup);
  g_clear_object (&self->listener);
  g_clear_object (&self->soup);
  g_clear_pointer (&self->keys, g_hash_table_unref);
  g_clear_pointer (&self->codes, tix_code_cache_free);
  g_clear_object (&self->tls_certificate);
  g_clear_pointer (&self->account_failures, tix_throttle_free);
  g_clear_pointer (&self->address_failures, tix_throttle_free);
  g_clear_pointer (&self->registrations, tix_throttle_free);
  g_clear_object (&self->store);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (tix_server_parent_class)->dispose (object);
}

static void
tix_server_finalize (GObject *object)
{
  TixServer *self = (TixServer *) object;

  g_free (self->cors_origin);

  G_OBJECT_CLASS (tix_server_parent_class)->finalize (object);
}

static void
tix_server_class_init (TixServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tix_server_dispose;
  object_class->finalize = tix_server_finalize;
}

static void
tix_server_init (TixServer *self)
{
  self->cancellable = g_cancellable_new ();
  self->keys = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                      (GDestroyNotify) g_bytes_unref);
  self->codes = tix_code_cache_new (CODE_CACHE_CAPACITY);
}

/* Replies */

static void
reply_data (SoupServerMessage *msg,
            guint              status,
            char              *data,
            gsize              length)
{
  /* gzip-compressed when large and the client accepts it. */
  tix_server_set_body (msg, status, "application/json; charset=utf-8", data, length);
}

void
tix_server_reply_json (SoupServerMessage *msg,
                       guint              status,
                       JsonNode          *node)
{
  gsize length = 0;
  char *data = tix_json_to_string (node, &length);

  reply_data (msg, status, data, length);
}

void
tix_server_reply_builder (SoupServerMessage *msg,
                          guint              status,
                          JsonBuilder       *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  tix_server_reply_json (msg, status, root);
}

void
tix_server_reply_error (SoupServerMessage *msg,
                        guint              status,
                        const char        *field,
                        const char        *format,
                        ...)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autofree char *text = NULL;
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  /* A message may quote the request (a query value): JSON is UTF-8. */
  message = g_utf8_make_valid (text, -1);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_add_string_value (builder, message);
  if (field != NULL)
    {
      json_builder_set_member_name (builder, "field");
      json_builder_add_string_value (builder, field);
    }
  json_builder_end_object (builder);

  tix_server_reply_builder (msg, status, builder);
}

void
tix_server_reply_gerror (SoupServerMessage *msg,
                         const GError      *error)
{
  guint status = SOUP_STATUS_INTERNAL_SERVER_ERROR;

  if (error->domain == TIX_STORE_ERROR)
    {
      switch ((TixStoreError) error->code)
        {
        case TIX_STORE_ERROR_NOT_FOUND:
          status = SOUP_STATUS_NOT_FOUND;
          break;
        case TIX_STORE_ERROR_EXISTS:
        case TIX_STORE_ERROR_LIMIT:
        case TIX_STORE_ERROR_REFUNDED:
        case TIX_STORE_ERROR_SOLD_OUT:
        case TIX_STORE_ERROR_NO_SHIFT:
        case TIX_STORE_ERROR_SHIFT_CLOSED:
          status = SOUP_STATUS_CONFLICT;
          break;
        case TIX_STORE_ERROR_DUPLICATE:
        case TIX_STORE_ERROR_NOT_SCANNED:
        case TIX_STORE_ERROR_NOT_INSIDE:
          status = SOUP_STATUS_BAD_REQUEST;
          break;
        case TIX_STORE_ERROR_FORBIDDEN:
          status = SOUP_STATUS_FORBIDDEN;
          break;
        case TIX_STORE_ERROR_REPLACED:
        case TIX_STORE_ERROR_WRONG_PREFIX:
        case TIX_STORE_ERROR_WRONG_ENTRANCE:
        case TIX_STORE_ERROR_CLOSED:
        case TIX_STORE_ERROR_FULL:
        case TIX_STORE_ERROR_DELETED:
        case TIX_STORE_ERROR_PAYMENT:
          status = SOUP_STATUS_UNPROCESSABLE_ENTITY;
          break;
        case TIX_STORE_ERROR_UNAVAILABLE:
          /* Not acknowledged: whatever it was is safe to send again (a scan
           * comes back as a duplicate of itself at worst). An outage is
           * logged, not a bug to warn about. */
          g_message ("%s", error->message);
          soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                        "Retry-After", "1");
          tix_server_reply_error (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, NULL,
                                  "The database cannot be reached right now; "
                                  "try again in a moment");
          return;
        case TIX_STORE_ERROR_FAILED:
        case TIX_STORE_ERROR_CORRUPT:
        default:
          break;
        }
    }
  else if (error->domain == TIX_JSON_ERROR)
    status = SOUP_STATUS_BAD_REQUEST;

  else if (error->domain == TIX_TICKET_CODE_ERROR)
    status = SOUP_STATUS_UNPROCESSABLE_ENTITY;

  if (status == SOUP_STATUS_INTERNAL_SERVER_ERROR)
    {
      /* The details are for the log, not for the client. */
      g_warning ("%s", error->message);
      tix_server_reply_error (msg, status, NULL, "The server could not complete the request");
      return;
    }

  tix_server_reply_error (msg, status, NULL, "%s", error->message);
}

void
tix_server_reply_success (SoupServerMessage *msg)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "success");
  json_builder_add_boolean_value (builder, TRUE);
  json_builder_end_object (builder);
  tix_server_reply_builder (msg, SOUP_STATUS_OK, builder);
}

/* Requests */

JsonObject *
tix_server_read_object (SoupServerMessage *msg)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  const char *data = g_bytes_get_data (bytes, &length);
  JsonObject *object;

  object = tix_json_parse_object (data, length, &error);
  if (object == NULL)
    tix_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, NULL, "%s", error->message);

  return object;
}

gboolean
tix_server_get_string (SoupServerMessage  *msg,
                       JsonObject         *body,
                       const char         *member,
                       gboolean            required,
                       const char        **out)
{
  g_autoptr(GError) error = NULL;

  if (tix_json_get_string (body, member, required, out, &error))
    return TRUE;

  tix_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, member, "%s", error->message);
  return FALSE;
}

gboolean
tix_server_get_int (SoupServerMessage *msg,
                    JsonObject        *body,
                    const char        *member,
                    gboolean           required,
                    gint64             min,
                    gint64             max,
                    gint64            *out)
{
  g_autoptr(GError) error = NULL;

  if (tix_json_get_int (body, member, required, min, max, out, &error))
    return TRUE;

  tix_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, member, "%s", error->message);
  return FALSE;
}

gboolean
tix_server_query_int (SoupServerMessage *msg,
                      GHashTable        *query,
                      const char        *name,
                      gint64             fallback,
                      gint64             min,
                      gint64             max,
                      gint64            *out)
{
  const char *text = query ? g_hash_table_lookup (query, name) : NULL;
  gint64 value;

  *out = fallback;
  if (text == NULL || *text == '\0')
    return TRUE;

  if (!g_ascii_string_to_signed (text, 10, min, max, &value, NULL))
    {
      if (min == 1 && max >= G_MAXINT32)
        tix_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, name,
                                "“%s” must be a positive whole number", name);
      else
        tix_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, name,
                                "“%s” must be a whole number from %" G_GINT64_FORMAT
                                " to %" G_GINT64_FORMAT, name, min, max);
      return FALSE;
    }

  *out = value;
  return TRUE;
}

TixUser *
tix_server_authenticate (TixServer         *self,
                         SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *authorization = soup_message_headers_get_one (headers, "Authorization");
  g_autoptr(GError) error = NULL;
  g_autofree char *token_hash = NULL;
  const char *token;
  TixUser *user;

  if (authorization == NULL || g_ascii_strncasecmp (authorization, "Bearer ", 7) != 0)
    {
      tix_server_reply_error (msg, SOUP_STATUS_UNAUTHORIZED, NULL, "No token provided");
      return NULL;
    }

  token = authorization + 7;
  if (strlen (token) != 64 || strspn (token, "0123456789abcdef") != 64)
    {
      tix_server_reply_error (msg, SOUP_STATUS_UNAUTHORIZED, NULL, "Invalid token");
      return NULL;
    }

  token_hash = tix_password_hash_token (token);
  user = tix_store_lookup_session (self->store, token_hash, tix_time_now_ms (), &error);
  if (user == NULL)
    {
      if (g_error_matches (error, TIX_STORE_ERROR, TIX_STORE_ERROR_NOT_FOUND))
        tix_server_reply_error (msg, SOUP_STATUS_UNAUTHORIZED, NULL,
                                "Invalid or expired token");
      else
        tix_server_reply_gerror (msg, error);
      return NULL;
    }

  return user;
}

gboolean
tix_server_require_role (SoupServerMessage *msg,
                         TixUser           *user,
                         const char        *role)
{
  const char *have = tix_user_get_role (user);

  if (g_strcmp0 (have, "admin") == 0 || g_strcmp0 (have, role) == 0)
    return TRUE;

  tix_server_reply_error (msg, SOUP_STATUS_FORBIDDEN, NULL,
                          "Your role (%s) may not do this", have);
  return FALSE;
}

char *
tix_server_request_token_hash (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *authorization = soup_message_headers_get_one (headers, "Authorization");

  g_assert (authorization != NULL && strlen (authorization) > 7);
  return tix_password_hash_token (authorization + 7);
}

gboolean
tix_server_check_members (SoupServerMessage  *msg,
                          JsonObject         *body,
                          const char * const *allowed)
{
  g_autoptr(GList) members = json_object_get_members (body);

  for (const GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (allowed, l->data))
      {
        tix_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, l->data,
                                "Unknown field “%s”", (const char *) l->data);
        return FALSE;
      }
  return TRUE;
}

gboolean
tix_server_check_password (SoupServerMessage *msg,
                           const char        *field,
                           const char        *password)
{
  const char *message = NULL;

  if (tix_validate_password (password, &message))
    return TRUE;

  tix_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, field, "%s", message);
  return FALSE;
}

void
tix_server_reply_retry_after (SoupServerMessage *msg,
                              gint64             wait,
                              const char        *reason)
{
  g_autofree char *retry = g_strdup_printf ("%" G_GINT64_FORMAT, wait);

  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Retry-After", retry);
  tix_server_reply_error (msg, 429, NULL, "%s. Try again in %" G_GINT64_FORMAT " seconds.",
                          reason, wait);
}

void
tix_server_reply_user (SoupServerMessage *msg,
                       guint              status,
                       TixUser           *user)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "user");
  tix_user_to_json (user, builder);
  json_builder_end_object (builder);
  tix_server_reply_builder (msg, status, builder);
}

gboolean
tix_route_is (TixRoute   *route,
              const char *method,
              const char *path)
{
  g_auto(GStrv) parts = g_strsplit (path + 1, "/", -1);
  guint n = g_strv_length (parts);

  if (n != route->n_segments)
    return FALSE;

  for (guint i = 0; i < n; i++)
    if (!g_str_equal (parts[i], "*") && !g_str_equal (parts[i], route->segments[i]))
      return FALSE;

  if (g_str_equal (method, route->method))
    return TRUE;

  route->path_matched = TRUE;
  return FALSE;
}

/* CORS: the seed's web front end runs on another origin. */
static void
add_cors_headers (TixServer         *self,
                  SoupServerMessage *msg)
{
  SoupMessageHeaders *response = soup_server_message_get_response_headers (msg);

  soup_message_headers_replace (response, "Access-Control-Allow-Origin", self->cors_origin);
  soup_message_headers_replace (response, "Access-Control-Allow-Credentials", "true");
  soup_message_headers_replace (response, "Access-Control-Allow-Methods",
                                "GET, POST, PUT, DELETE, OPTIONS");
  soup_message_headers_replace (response, "Access-Control-Allow-Headers",
                                "Authorization, Content-Type, X-Tix-Station");
  soup_message_headers_replace (response, "Access-Control-Expose-Headers",
                                "Retry-After, X-Tix-Ticket-Count, X-Tix-Total");
  soup_message_headers_replace (response, "Access-Control-Max-Age", "600");
  soup_message_headers_append (response, "Vary", "Origin");
}

static void
handle_health (SoupServerMessage *msg)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, "ok");
  json_builder_end_object (builder);
  tix_server_reply_builder (msg, SOUP_STATUS_OK, builder);
}

/* A body is JSON, said so (or said nothing); anything else is a 415. */
static gboolean
is_json_body (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *type = soup_message_headers_get_content_type (headers, NULL);

  if (soup_message_headers_get_one (headers, "Content-Type") == NULL ||
      g_strcmp0 (type, "application/json") == 0)
    return TRUE;

  tix_server_reply_error (msg, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE, NULL,
                          "The body must be JSON, sent as “Content-Type: application/json”");
  return FALSE;
}

static void
main_handler (SoupServer        *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  TixServer *self = user_data;
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_auto(GStrv) segments = NULL;
  TixRoute route = { 0 };

  add_cors_headers (self, msg);

  route.method = soup_server_message_get_method (msg);

  if (g_str_equal (route.method, "OPTIONS"))
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
      return;
    }

  /* Too large: the listener answered while the body was coming. */
  if (tix_listener_has_answered (msg))
    return;

  if (body->length > TIX_MAX_BODY_SIZE)
    {
      tix_server_reply_error (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, NULL,
                              "Request body is larger than 1 MiB");
      return;
    }

  if (body->length > 0 && !is_json_body (msg))
    return;

  if (path == NULL || path[0] != '/' || !g_utf8_validate (path, -1, NULL))
    {
      tix_server_reply_error (msg, SOUP_STATUS_NOT_FOUND, NULL, "Not found");
      return;
    }

  /* "/api/tickets/" is "/api/tickets". */
  segments = g_strsplit (path + 1, "/", -1);
  route.n_segments = g_strv_length (segments);
  if (route.n_segments > 1 && *segments[route.n_segments - 1] == '\0')
    {
      g_clear_pointer (&segments[route.n_segments - 1], g_free);
      route.n_segments--;
    }
  route.segments = segments;
  route.query = query;

  if (tix_route_is (&route, "GET", "/health"))
    {
      handle_health (msg);
      return;
    }

  if (tix_server_route_openapi (self, msg, &route) ||
      tix_server_route_auth (self, msg, &route) ||
      tix_server_route_scan (self, msg, &route) ||
      tix_server_route_sync (self, msg, &route) ||
      tix_server_route_sheet (self, msg, &route) ||
      tix_server_route_tickets (self, msg, &route) ||
      tix_server_route_users (self, msg, &route) ||
      tix_server_route_shows (self, msg, &route) ||
      tix_server_route_entrances (self, msg, &route) ||
      tix_server_route_receipts (self, msg, &route) ||
      tix_server_route_sales (self, msg, &route) ||
      tix_server_route_types (self, msg, &route) ||
      tix_server_route_orders (self, msg, &route) ||
      tix_server_route_shifts (self, msg, &route) ||
      tix_server_route_reports (self, msg, &route) ||
      tix_server_route_settings (self, msg, &route))
    return;

  if (route.path_matched)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Allow", "GET, POST, PUT, DELETE, OPTIONS");
      tix_server_reply_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, NULL,
                              "Method %s is not allowed here", route.method);
    }
  else
    tix_server_reply_error (msg, SOUP_STATUS_NOT_FOUND, NULL, "Not found: %s", path);
}

static void
request_started (SoupServer        *server,
                 SoupServerMessage *msg,
                 gpointer           user_data)
{
  gint64 *start = g_new (gint64, 1);

  *start = g_get_monotonic_time ();
  g_object_set_data_full (G_OBJECT (msg), REQUEST_START_KEY, start, g_free);
}

char *
tix_server_client_address (TixServer         *self,
                            SoupServerMessage *msg)
{
  GSocketAddress *remote = soup_server_message_get_remote_address (msg);

  if (self->trust_proxy)
    {
      const char *forwarded = soup_message_headers_get_list (
        soup_server_message_get_request_headers (msg), "X-Forwarded-For");
      const char *last = forwarded ? strrchr (forwarded, ',') : NULL;
      g_autofree char *text = NULL;
      g_autoptr(GInetAddress) address = NULL;

      /* The proxy appends the address it saw; what comes before it is
       * whatever the client chose to send. */
      if (forwarded != NULL)
        {
          text = g_strstrip (g_strdup (last ? last + 1 : forwarded));
          address = g_inet_address_new_from_string (text);
          if (address != NULL)
            return g_inet_address_to_string (address);
        }
    }

  if (G_IS_INET_SOCKET_ADDRESS (remote))
    return g_inet_address_to_string (
      g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (remote)));
  return NULL;
}

static void
request_finished (SoupServer        *server,
                  SoupServerMessage *msg,
                  gpointer           user_data)
{
  TixServer *self = user_data;
  gint64 *start = g_object_get_data (G_OBJECT (msg), REQUEST_START_KEY);
  GUri *uri = soup_server_message_get_uri (msg);
  g_autofree char *remote_text = tix_server_client_address (self, msg);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *now_text = g_date_time_format_iso8601 (now);
  double ms = start ? (g_get_monotonic_time () - *start) / 1000.0 : 0;

  g_print ("%s %s %s %s %u %.1fms\n", now_text, remote_text ? remote_text : "-",
           soup_server_message_get_method (msg), g_uri_get_path (uri),
           soup_server_message_get_status (msg), ms);
}

TixServer *
tix_server_new (TixStore               *store,
                const TixServerOptions *options)
{
  TixServerOptions defaults;
  TixServer *self;

  g_return_val_if_fail (TIX_IS_STORE (store), NULL);

  if (options == NULL)
    {
      tix_server_options_init (&defaults);
      options = &defaults;
    }

  tix_password_init (NULL);

  self = g_object_new (TIX_TYPE_SERVER, NULL);
  self->store = g_object_ref (store);
  tix_store_set_max_tickets (store, options->max_tickets > 0 ? options->max_tickets
                                                            : TIX_DEFAULT_MAX_TICKETS);
  self->cors_origin = g_strdup (options->cors_origin ? options->cors_origin
                                                     : TIX_DEFAULT_CORS_ORIGIN);
  self->token_ttl_ms = (options->token_ttl_seconds > 0 ? options->token_ttl_seconds
                                                      : TIX_DEFAULT_TOKEN_TTL) * 1000;
  self->max_users = options->max_users > 0 ? options->max_users : TIX_DEFAULT_MAX_USERS;
  self->fast_password_hashing = !!options->fast_password_hashing;
  self->log_requests = !!options->log_requests;
  self->no_register = !!options->no_register;
  self->trust_proxy = !!options->trust_proxy;
  /* An account gets 5 tries; an address 20, for a venue's stations behind one NAT. */
  self->account_failures = tix_throttle_new (5);
  self->address_failures = tix_throttle_new (20);
  self->registrations = tix_throttle_new (TIX_REGISTER_FREE_PER_ADDRESS);
  if (options->tls_certificate != NULL)
    self->tls_certificate = g_object_ref (options->tls_certificate);

  tix_listener_limits_init (&self->limits);
  self->limits.max_body = TIX_MAX_BODY_SIZE;
  if (options->header_timeout > 0)
    self->limits.header_timeout = options->header_timeout;
  if (options->body_timeout > 0)
    self->limits.body_timeout = options->body_timeout;
  if (options->send_timeout > 0)
    self->limits.send_timeout = options->send_timeout;
  if (options->idle_timeout > 0)
    self->limits.idle_timeout = options->idle_timeout;
  self->limits.max_connections = options->max_connections;

  /* TLS is the listener's: it owns the connections (tix-listener.c). */
  self->soup = soup_server_new ("server-header", "tix/" PACKAGE_VERSION " ", NULL);
  soup_server_add_handler (self->soup, NULL, main_handler, self, NULL);
  tix_server_events_init (self);

  if (self->log_requests)
    {
      g_signal_connect (self->soup, "request-started", G_CALLBACK (request_started), self);
      g_signal_connect (self->soup, "request-finished", G_CALLBACK (request_finished), self);
    }

  return self;
}

gboolean
tix_server_listen (TixServer   *self,
                   const char  *address,
                   guint        port,
                   GError     **error)
{
  g_autoptr(GInetAddress) inet = NULL;
  g_autoptr(GSocketAddress) socket_address = NULL;
  g_autoptr(GSocket) socket = NULL;

  g_return_val_if_fail (TIX_IS_SERVER (self), FALSE);
  g_return_val_if_fail (port <= 65535, FALSE);

  inet = g_inet_address_new_from_string (address ? address : "127.0.0.1");
  if (inet == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "“%s” is not an IP address", address);
      return FALSE;
    }

  /* A queue of connections long enough for every station of a hall that
   * reconnects at once after a restart (GLib's default is 10). */
  socket_address = g_inet_socket_address_new (inet, port);
  socket = g_socket_new (g_inet_address_get_family (inet), G_SOCKET_TYPE_STREAM,
                         G_SOCKET_PROTOCOL_TCP, error);
  if (socket == NULL)
    return FALSE;
  g_socket_set_listen_backlog (socket, LISTEN_BACKLOG);
  if (!g_socket_bind (socket, socket_address, TRUE, error) || !g_socket_listen (socket, error))
    return FALSE;

  /* On the thread-default main context, as the requests are. */
  if (self->listener == NULL)
    self->listener = tix_listener_new (self->soup, &self->limits, self->tls_certificate);
  return tix_listener_add_socket (self->listener, socket, error);
}

void
tix_server_disconnect (TixServer *self)
{
  g_return_if_fail (TIX_IS_SERVER (self));

  g_cancellable_cancel (self->cancellable);
  if (self->listener != NULL)
    tix_listener_close (self->listener);
  tix_server_workers_shutdown (self);
  soup_server_disconnect (self->soup);
}

guint
tix_server_get_port (TixServer *self)
{
  g_autoptr(GInetSocketAddress) address = NULL;

  g_return_val_if_fail (TIX_IS_SERVER (self), 0);

  address = self->listener ? tix_listener_get_address (self->listener) : NULL;
  return address ? g_inet_socket_address_get_port (address) : 0;
}

guint
tix_server_get_n_connections (TixServer *self)
{
  g_return_val_if_fail (TIX_IS_SERVER (self), 0);

  return self->listener ? tix_listener_get_n_connections (self->listener) : 0;
}

char *
tix_server_get_url (TixServer *self)
{
  g_autoptr(GInetSocketAddress) address = NULL;
  g_autofree char *host = NULL;
  const char *scheme;

  g_return_val_if_fail (TIX_IS_SERVER (self), NULL);

  address = self->listener ? tix_listener_get_address (self->listener) : NULL;
  if (address == NULL)
    return NULL;

  scheme = tix_listener_is_https (self->listener) ? "https" : "http";
  host = g_inet_address_to_string (g_inet_socket_address_get_address (address));
  if (strchr (host, ':') != NULL)
    return g_strdup_printf ("%s://[%s]:%u", scheme, host,
                            g_inet_socket_address_get_port (address));
  return g_strdup_printf ("%s://%s:%u", scheme, host, g_inet_socket_address_get_port (address));
}

/* The key pair of an organization, read once and kept. */
static GBytes *
organization_keys (TixServer  *self,
                   gint64      organization_id,
                   GError    **error)
{
  guint8 keys[TIX_TICKET_CODE_PUBLIC_KEY_BYTES + TIX_TICKET_CODE_SECRET_KEY_BYTES];
  GBytes *bytes = g_hash_table_lookup (self->keys, &organization_id);

  if (bytes != NULL)
    return bytes;

  if (!tix_store_get_organization_keys (self->store, organization_id, keys,
                                        keys + TIX_TICKET_CODE_PUBLIC_KEY_BYTES, error))
    return NULL;

  bytes = g_bytes_new (keys, sizeof keys);
  g_hash_table_insert (self->keys, g_memdup2 (&organization_id, sizeof organization_id), bytes);
  return bytes;
}

const guint8 *
tix_server_get_public_key (TixServer  *self,
                           gint64      organization_id,
                           GError    **error)
{
  GBytes *keys = organization_keys (self, organization_id, error);

  return keys ? g_bytes_get_data (keys, NULL) : NULL;
}

/* Signs @tickets on threads of their own (tix-server-worker.c) while the
 * caller goes on; tix_server_sign_job_join() waits for them. */
TixWorkerSign *
tix_server_sign_job_start (TixServer  *self,
                           gint64      organization_id,
                           GPtrArray  *tickets,
                           GError    **error)
{
  GBytes *keys = organization_keys (self, organization_id, error);

  if (keys == NULL)
    return NULL;
  return tix_worker_sign_start (tickets, (const guint8 *) g_bytes_get_data (keys, NULL) +
                                         TIX_TICKET_CODE_PUBLIC_KEY_BYTES);
}

void
tix_server_sign_job_join (TixWorkerSign *job)
{
  tix_worker_sign_join (job);
}

/* Below this, threads cost more than they save (~14 µs a signature). */
#define SIGN_INLINE_MAX 4000

gboolean
tix_server_sign_tickets (TixServer  *self,
                         gint64      organization_id,
                         GPtrArray  *tickets,
                         GError    **error)
{
  g_autoptr(GPtrArray) missing = g_ptr_array_new ();
  GBytes *keys;

  /* A page read again is signed already. */
  for (guint i = 0; i < tickets->len; i++)
    {
      TixTicket *ticket = g_ptr_array_index (tickets, i);
      const char *code = tix_code_cache_lookup (self->codes, organization_id,
                                                tix_ticket_get_id (ticket),
                                                tix_ticket_get_revision (ticket));

      if (code != NULL)
        tix_ticket_set_code (ticket, code);
      else
        g_ptr_array_add (missing, ticket);
    }
  if (missing->len == 0)
    return TRUE;

  /* A big batch: spread over the cores. */
  if (missing->len >= SIGN_INLINE_MAX)
    {
      TixWorkerSign *job = tix_server_sign_job_start (self, organization_id, missing, error);

      if (job == NULL)
        return FALSE;
      tix_server_sign_job_join (job);
    }
  else
    {
      keys = organization_keys (self, organization_id, error);
      if (keys == NULL)
        return FALSE;
      tix_worker_sign_range (missing, 0, missing->len,
                             (const guint8 *) g_bytes_get_data (keys, NULL) +
                             TIX_TICKET_CODE_PUBLIC_KEY_BYTES);
    }

  /* Not so many that the pages read lately go. */
  if (missing->len <= CODE_CACHE_CAPACITY / 8)
    for (guint i = 0; i < missing->len; i++)
      {
        TixTicket *ticket = g_ptr_array_index (missing, i);

        tix_code_cache_insert (self->codes, organization_id, tix_ticket_get_id (ticket),
                               tix_ticket_get_revision (ticket), tix_ticket_get_code (ticket));
      }
  return TRUE;
}

gboolean
tix_server_sign_ticket (TixServer  *self,
                        TixTicket  *ticket,
                        GError    **error)
{
  g_autoptr(GPtrArray) one = g_ptr_array_new ();

  g_ptr_array_add (one, ticket);
  return tix_server_sign_tickets (self, tix_ticket_get_organization_id (ticket), one, error);
}

TixStore *
tix_server_get_store (TixServer *self)
{
  g_return_val_if_fail (TIX_IS_SERVER (self), NULL);
  return self->store;
}

char *
tix_server_create_local_session (TixServer  *self,
                                 GError    **error)
{
  g_autoptr(TixUser) user = NULL;
  g_autofree char *unusable = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *token = NULL;
  g_autofree char *token_hash = NULL;

  g_return_val_if_fail (TIX_IS_SERVER (self), NULL);

  /* The local admin signs in without a password; the one it gets is random
   * and forgotten at once. Hashed at the cheapest cost: nobody can type it. */
  unusable = tix_password_new_token ();
  hash = tix_password_hash (unusable, TRUE, error);
  if (hash == NULL)
    return NULL;

  user = tix_store_ensure_local_admin (self->store, hash, error);
  if (user == NULL)
    return NULL;

  token = tix_password_new_token ();
  token_hash = tix_password_hash_token (token);
  if (!tix_store_add_session (self->store, token_hash, tix_user_get_id (user),
                              tix_time_now_ms () + self->token_ttl_ms, error))
    return NULL;

  return g_steal_pointer (&token);
}
