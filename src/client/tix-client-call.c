/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-client"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "tix-client-private.h"
#include "tix-json.h"

/* Replies bigger than this (a large generate, a long page) are parsed on a
 * worker thread so that the caller's main loop keeps running. */
#define PARSE_IN_THREAD_THRESHOLD (128 * 1024)

/* Errors: TIX_CLIENT_ERROR carries the "field" of a 400 reply. */

typedef struct
{
  char *field;
  char *reason;   /* "reason" of a 422 reply: "replaced", "wrong-prefix" */
  gboolean conflict;  /* a duplicate that the server recorded as a conflict */
  TixEvent *event;    /* the event of an "other-event" refusal */
  gint64 available;   /* what is left, for a sale sold out; -1 */
} TixClientErrorPrivate;

static void
tix_client_error_private_init (TixClientErrorPrivate *priv)
{
  priv->field = NULL;
  priv->reason = NULL;
  priv->conflict = FALSE;
  priv->event = NULL;
  priv->available = -1;
}

static void
tix_client_error_private_copy (const TixClientErrorPrivate *src,
                               TixClientErrorPrivate       *dest)
{
  dest->field = g_strdup (src->field);
  dest->reason = g_strdup (src->reason);
  dest->conflict = src->conflict;
  dest->event = src->event != NULL ? g_object_ref (src->event) : NULL;
  dest->available = src->available;
}

static void
tix_client_error_private_clear (TixClientErrorPrivate *priv)
{
  g_clear_pointer (&priv->field, g_free);
  g_clear_pointer (&priv->reason, g_free);
  g_clear_object (&priv->event);
}

G_DEFINE_EXTENDED_ERROR (TixClientError, tix_client_error)

gint64
tix_client_error_get_available (const GError *error)
{
  if (error == NULL || error->domain != TIX_CLIENT_ERROR)
    return -1;
  return tix_client_error_get_private (error)->available;
}

const char *
tix_client_error_get_field (const GError *error)
{
  if (error == NULL || error->domain != TIX_CLIENT_ERROR)
    return NULL;

  return tix_client_error_get_private (error)->field;
}

const char *
tix_client_error_get_reason (const GError *error)
{
  if (error == NULL || error->domain != TIX_CLIENT_ERROR)
    return NULL;

  return tix_client_error_get_private (error)->reason;
}

TixEvent *
tix_client_error_get_event (const GError *error)
{
  if (error == NULL || error->domain != TIX_CLIENT_ERROR)
    return NULL;

  return tix_client_error_get_private (error)->event;
}

gboolean
tix_client_error_is_conflict (const GError *error)
{
  if (error == NULL || error->domain != TIX_CLIENT_ERROR)
    return FALSE;

  return tix_client_error_get_private (error)->conflict;
}

GError *
tix_client_error_new (TixClientError  code,
                      const char     *field,
                      const char     *message)
{
  GError *error = g_error_new_literal (TIX_CLIENT_ERROR, code, message);

  if (field != NULL && *field != '\0')
    tix_client_error_get_private (error)->field = g_strdup (field);

  return error;
}

GError *
tix_client_protocol_error (const char *what)
{
  g_autofree char *message =
    g_strdup_printf (_("The server sent a reply Tix does not understand (%s)"), what);

  return tix_client_error_new (TIX_CLIENT_ERROR_PROTOCOL, NULL, message);
}

/* Helpers of the parsers: they run on the caller's thread or on a worker. */

JsonObject *
tix_client_get_object_member (JsonObject *object,
                              const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;

  return json_node_get_object (node);
}

JsonObject *
tix_client_root_object (JsonNode  *root,
                        GError   **error)
{
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      *error = tix_client_protocol_error (_("not an object"));
      return NULL;
    }

  return json_node_get_object (root);
}

gboolean
tix_client_get_int (JsonObject  *object,
                    const char  *member,
                    gboolean     required,
                    gint64      *out,
                    GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  if (!tix_json_get_int (object, member, required, 0, G_MAXINT64, out, &local_error))
    {
      *error = tix_client_protocol_error (local_error->message);
      return FALSE;
    }

  return TRUE;
}

TixTicket *
tix_client_parse_ticket (JsonObject  *object,
                         GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  TixTicket *ticket;

  if (object == NULL)
    {
      *error = tix_client_protocol_error (_("no ticket"));
      return NULL;
    }

  ticket = tix_ticket_new_from_json (object, &local_error);
  if (ticket == NULL)
    *error = tix_client_protocol_error (local_error->message);

  return ticket;
}

TixUser *
tix_client_parse_user (JsonObject  *object,
                       GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  TixUser *user;

  if (object == NULL)
    {
      *error = tix_client_protocol_error (_("no user"));
      return NULL;
    }

  user = tix_user_new_from_json (object, &local_error);
  if (user == NULL)
    *error = tix_client_protocol_error (local_error->message);

  return user;
}

GPtrArray *
tix_client_parse_list (JsonNode           *node,
                       TixClientItemFunc   parse_item,
                       const char         *what,
                       GError            **error)
{
  g_autoptr(GPtrArray) items = NULL;
  JsonArray *array;
  guint n;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      *error = tix_client_protocol_error (what);
      return NULL;
    }

  array = json_node_get_array (node);
  n = json_array_get_length (array);
  items = g_ptr_array_new_full (n, g_object_unref);

  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      g_autoptr(GError) local_error = NULL;
      gpointer item;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          *error = tix_client_protocol_error (_("a list element is not an object"));
          return NULL;
        }

      item = parse_item (json_node_get_object (element), &local_error);
      if (item == NULL)
        {
          *error = tix_client_protocol_error (local_error->message);
          return NULL;
        }
      g_ptr_array_add (items, item);
    }

  return g_steal_pointer (&items);
}

gint64 *
tix_client_parse_count (JsonNode    *root,
                        const char  *member,
                        GError     **error)
{
  JsonObject *object = tix_client_root_object (root, error);
  gint64 count = 0;

  if (object == NULL || !tix_client_get_int (object, member, FALSE, &count, error))
    return NULL;

  return g_memdup2 (&count, sizeof count);
}

void
tix_client_append_query (GString    *path,
                         const char *name,
                         const char *value)
{
  g_string_append_c (path, strchr (path->str, '?') ? '&' : '?');
  g_string_append (path, name);
  g_string_append_c (path, '=');
  g_string_append_uri_escaped (path, value, NULL, FALSE);
}

void
tix_client_append_query_int (GString    *path,
                             const char *name,
                             gint64      value)
{
  char text[G_ASCII_DTOSTR_BUF_SIZE];

  g_snprintf (text, sizeof text, "%" G_GINT64_FORMAT, value);
  tix_client_append_query (path, name, text);
}

void
tix_client_add_string (JsonBuilder *builder,
                       const char  *member,
                       const char  *value)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_string_value (builder, value);
}

const TixClientEndpoint tix_client_none_endpoint = {
  NULL, NULL, NULL, TIX_CLIENT_CALL_DEFAULT,
};

/* Task data of every call. */
typedef struct
{
  const TixClientEndpoint *endpoint;
  SoupMessage *message;
  char        *token;      /* the token the request was sent with */
  GBytes      *body;       /* the reply, while it is parsed on a thread */
  TixTicket   *ticket;     /* the ticket of a duplicate or refused scan */
  JsonObject  *refusal;    /* the body of an error reply with a "reason" */
} Call;

static void
call_free (Call *call)
{
  g_clear_object (&call->message);
  g_free (call->token);
  g_clear_pointer (&call->body, g_bytes_unref);
  g_clear_object (&call->ticket);
  g_clear_pointer (&call->refusal, json_object_unref);
  g_free (call);
}

/* Error replies: the HTTP status, mapped to a TIX_CLIENT_ERROR here and
 * nowhere else. */

typedef struct
{
  guint           status;
  TixClientError  code;
  gboolean        with_field;
  const char     *fallback;   /* when the server sends no message */
} StatusError;

static const StatusError status_errors[] = {
  { SOUP_STATUS_BAD_REQUEST, TIX_CLIENT_ERROR_INVALID, TRUE,
    N_("The server did not accept the request") },
  { SOUP_STATUS_FORBIDDEN, TIX_CLIENT_ERROR_FORBIDDEN, FALSE,
    N_("You are not allowed to do this") },
  { SOUP_STATUS_NOT_FOUND, TIX_CLIENT_ERROR_NOT_FOUND, TRUE, N_("Not found") },
  { SOUP_STATUS_CONFLICT, TIX_CLIENT_ERROR_CONFLICT, TRUE,
    N_("The request conflicts with the server’s data") },
  { SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, TIX_CLIENT_ERROR_TOO_LARGE, FALSE,
    N_("The request is too large for the server") },
  { SOUP_STATUS_UNPROCESSABLE_ENTITY, TIX_CLIENT_ERROR_FORGED, FALSE,
    N_("This ticket code is not valid") },
  { 429, TIX_CLIENT_ERROR_THROTTLED, FALSE, N_("Too many attempts. Please wait a moment.") },
  /* The server is up but cannot reach its database (or a load balancer has
   * no server to give the request to): nothing was done, as when the
   * server cannot be reached, and a door decides offline the same way. */
  { SOUP_STATUS_SERVICE_UNAVAILABLE, TIX_CLIENT_ERROR_UNREACHABLE, FALSE,
    N_("The server is not available right now. Please try again in a moment.") },
};

/* What an error body says; wrong types are ignored: the status alone tells
 * what happened. */
typedef struct
{
  JsonNode   *root;
  const char *message;
  const char *field;
  const char *reason;
  JsonObject *ticket;
  JsonObject *event;
  gboolean    duplicate;
  gboolean    conflict;
  gint64      available;
} ErrorBody;

static void
error_body_read (ErrorBody *out,
                 GBytes    *body)
{
  gconstpointer data = NULL;
  gsize length = 0;
  JsonObject *object;

  memset (out, 0, sizeof *out);
  if (body != NULL)
    data = g_bytes_get_data (body, &length);
  if (length > 0)
    out->root = tix_json_parse (data, length, NULL);
  if (out->root == NULL || !JSON_NODE_HOLDS_OBJECT (out->root))
    return;

  object = json_node_get_object (out->root);
  if (!tix_json_get_string (object, "error", FALSE, &out->message, NULL) ||
      (out->message != NULL && *out->message == '\0'))
    out->message = NULL;
  if (!tix_json_get_string (object, "field", FALSE, &out->field, NULL))
    out->field = NULL;
  if (!tix_json_get_string (object, "reason", FALSE, &out->reason, NULL))
    out->reason = NULL;
  if (!tix_json_get_bool (object, "duplicate", FALSE, &out->duplicate, NULL))
    out->duplicate = FALSE;
  if (!tix_json_get_bool (object, "conflict", FALSE, &out->conflict, NULL))
    out->conflict = FALSE;
  out->ticket = tix_client_get_object_member (object, "ticket");
  out->event = tix_client_get_object_member (object, "event");
  out->available = -1;
  if (!tix_json_get_int (object, "available", FALSE, 0, G_MAXINT64, &out->available, NULL))
    out->available = -1;
}

static GError *
error_from_reply (TixClient *self,
                  Call      *call,
                  guint      status,
                  GBytes    *body)
{
  ErrorBody reply;
  GError *error = NULL;

  error_body_read (&reply, body);

  if (status == SOUP_STATUS_UNAUTHORIZED)
    {
      if (call->endpoint->flags & TIX_CLIENT_CALL_LOGIN)
        error = tix_client_error_new (TIX_CLIENT_ERROR_UNAUTHORIZED, NULL,
                                      _("Wrong email or password"));
      else
        {
          /* The session is gone: forget it, unless a new one replaced it meanwhile. */
          if (call->token != NULL && g_strcmp0 (call->token, self->token) == 0)
            tix_client_set_session (self, NULL, NULL);
          error = tix_client_error_new (TIX_CLIENT_ERROR_UNAUTHORIZED, NULL,
                                        _("Your session has expired. Please sign in again."));
        }
    }
  else if (status == SOUP_STATUS_BAD_REQUEST && reply.duplicate)
    {
      error = tix_client_error_new (TIX_CLIENT_ERROR_DUPLICATE, NULL,
                                    reply.message ? reply.message
                                                  : _("This ticket has already been scanned"));
      tix_client_error_get_private (error)->conflict = reply.conflict;
    }
  /* A sale (issue 19): sold out, no shift, cash short. */
  else if (status == SOUP_STATUS_CONFLICT && g_strcmp0 (reply.field, "items") == 0 &&
           reply.available >= 0)
    {
      error = tix_client_error_new (TIX_CLIENT_ERROR_SOLD_OUT, reply.field,
                                    reply.message ? reply.message : _("Sold out"));
      tix_client_error_get_private (error)->available = reply.available;
    }
  else if (status == SOUP_STATUS_CONFLICT && g_strcmp0 (reply.field, "shift") == 0)
    error = tix_client_error_new (TIX_CLIENT_ERROR_NO_SHIFT, reply.field,
                                  reply.message ? reply.message
                                                : _("Open a shift at this station first"));
  else if (status == SOUP_STATUS_UNPROCESSABLE_ENTITY && g_strcmp0 (reply.field, "tendered") == 0)
    error = tix_client_error_new (TIX_CLIENT_ERROR_INVALID, reply.field,
                                  reply.message ? reply.message
                                                : _("The cash tendered is less than the total"));
  else
    {
      for (guint i = 0; i < G_N_ELEMENTS (status_errors) && error == NULL; i++)
        if (status_errors[i].status == status)
          error = tix_client_error_new (status_errors[i].code,
                                        status_errors[i].with_field ? reply.field : NULL,
                                        reply.message ? reply.message
                                                      : _(status_errors[i].fallback));
    }

  if (error == NULL && status >= 500 && status < 600)
    {
      g_autofree char *message = NULL;

      if (reply.message != NULL)
        message = g_strdup_printf (_("Server error: %s"), reply.message);
      else
        message = g_strdup_printf (_("The server at %s had a problem (HTTP %u). "
                                     "Please try again."),
                                   self->base_url, status);
      error = tix_client_error_new (TIX_CLIENT_ERROR_SERVER, NULL, message);
    }
  else if (error == NULL)
    {
      g_autofree char *message =
        g_strdup_printf (_("Unexpected reply from the server at %s (HTTP %u)"),
                         self->base_url, status);

      error = tix_client_error_new (TIX_CLIENT_ERROR_PROTOCOL, NULL, message);
    }

  /* A duplicate, a replaced code or a ticket of another prefix: the ticket is known. */
  if (reply.ticket != NULL &&
      (g_error_matches (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_DUPLICATE) ||
       g_error_matches (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_FORGED)))
    call->ticket = tix_ticket_new_from_json (reply.ticket, NULL);
  if (reply.reason != NULL && *reply.reason != '\0' &&
      g_error_matches (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_FORGED))
    tix_client_error_get_private (error)->reason = g_strdup (reply.reason);
  /* A refusal at the door: the facts a steward needs are in its body. */
  if (reply.reason != NULL && *reply.reason != '\0')
    call->refusal = json_object_ref (json_node_get_object (reply.root));
  /* "This ticket is for Friday": the event it is for, when it reads. */
  if (reply.event != NULL && g_strcmp0 (reply.reason, "other-event") == 0 &&
      g_error_matches (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_FORGED))
    tix_client_error_get_private (error)->event = tix_event_new_from_json (reply.event, NULL);

  g_clear_pointer (&reply.root, json_node_unref);
  return error;
}

static GError *
error_from_transport (TixClient *self,
                      GError    *error)
{
  g_autofree char *message = NULL;

  if (g_error_matches (error, SOUP_SESSION_ERROR, SOUP_SESSION_ERROR_PARSING) ||
      g_error_matches (error, SOUP_SESSION_ERROR, SOUP_SESSION_ERROR_ENCODING) ||
      g_error_matches (error, SOUP_SESSION_ERROR, SOUP_SESSION_ERROR_TOO_MANY_REDIRECTS) ||
      g_error_matches (error, SOUP_SESSION_ERROR, SOUP_SESSION_ERROR_TOO_MANY_RESTARTS) ||
      g_error_matches (error, SOUP_SESSION_ERROR, SOUP_SESSION_ERROR_REDIRECT_NO_LOCATION) ||
      g_error_matches (error, SOUP_SESSION_ERROR, SOUP_SESSION_ERROR_REDIRECT_BAD_URI) ||
      g_error_matches (error, SOUP_SESSION_ERROR, SOUP_SESSION_ERROR_MESSAGE_ALREADY_IN_QUEUE))
    {
      message = g_strdup_printf (_("The server at %s sent a reply Tix cannot read"),
                                 self->base_url);
      return tix_client_error_new (TIX_CLIENT_ERROR_PROTOCOL, NULL, message);
    }

  g_debug ("Request to %s failed: %s", self->base_url, error->message);
  message = g_strdup_printf (_("Server unreachable at %s"), self->base_url);
  return tix_client_error_new (TIX_CLIENT_ERROR_UNREACHABLE, NULL, message);
}

/* Parsing: on the caller's thread or on a worker thread. A parsed result
 * is only plain data and fresh objects, so it can move between them. */

static gpointer
parse_body (const TixClientEndpoint  *endpoint,
            GBytes                   *body,
            GError                  **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) root = NULL;
  const char *data;
  gsize length;

  data = g_bytes_get_data (body, &length);
  root = tix_json_parse (data, length, &local_error);
  if (root == NULL)
    {
      *error = tix_client_protocol_error (local_error->message);
      return NULL;
    }

  return endpoint->parse (root, error);
}

/* On the caller's thread. */
static void
complete_call (GTask    *task,
               gpointer  result)
{
  TixClient *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);

  /* A call cancelled while its reply was on the way changes nothing. */
  if (g_task_return_error_if_cancelled (task))
    {
      call->endpoint->free_result (result);
      return;
    }

  if (call->endpoint->apply != NULL)
    call->endpoint->apply (self, call->token, result);
  g_task_return_pointer (task, result, call->endpoint->free_result);
}

static void
parse_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Call *call = task_data;
  GError *error = NULL;
  gpointer result;

  result = parse_body (call->endpoint, call->body, &error);
  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, call->endpoint->free_result);
}

static void
parsed_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  gpointer parsed;

  parsed = g_task_propagate_pointer (G_TASK (result), &error);
  if (parsed == NULL)
    g_task_return_error (task, error);
  else
    complete_call (task, parsed);
}

static void
send_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  TixClient *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);
  const TixClientEndpoint *endpoint = call->endpoint;
  gboolean logout = (endpoint->flags & TIX_CLIENT_CALL_LOGOUT) != 0;
  guint status;

  body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);

  /* Logging out always forgets the session here, even when the server
   * cannot be told: a desk that asked to sign out must not stay signed in. */
  if (logout && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
      g_strcmp0 (call->token, self->token) == 0)
    tix_client_set_session (self, NULL, NULL);

  if (body == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else if (tix_client_certificate_refused (call->message))
        g_task_return_error (task, tix_client_certificate_error (self, call->message));
      else
        g_task_return_error (task, error_from_transport (self, error));
      return;
    }

  status = soup_message_get_status (call->message);

  if (logout && status == SOUP_STATUS_UNAUTHORIZED)
    {
      /* The session had already ended: that is what was asked for. */
      g_task_return_boolean (task, TRUE);
      return;
    }

  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_task_return_error (task, error_from_reply (self, call, status, body));
      return;
    }

  if (endpoint->parse == NULL)
    {
      if (!g_task_return_error_if_cancelled (task))
        g_task_return_boolean (task, TRUE);
    }
  else if (g_bytes_get_size (body) > PARSE_IN_THREAD_THRESHOLD)
    {
      GCancellable *cancellable = g_task_get_cancellable (task);
      g_autoptr(GTask) parse_task = NULL;

      g_debug ("Parsing a reply of %" G_GSIZE_FORMAT " bytes on a worker thread",
               g_bytes_get_size (body));
      call->body = g_steal_pointer (&body);
      /* No source object: the worker may drop its reference to this task
       * after parsed_cb ran, and must not hold the client alive then. */
      parse_task = g_task_new (NULL, cancellable, parsed_cb, g_steal_pointer (&task));
      g_task_set_source_tag (parse_task, parse_thread);
      g_task_set_task_data (parse_task, call, NULL);
      g_task_run_in_thread (parse_task, parse_thread);
    }
  else
    {
      gpointer parsed = parse_body (endpoint, body, &error);

      if (parsed == NULL)
        g_task_return_error (task, g_steal_pointer (&error));
      else
        complete_call (task, parsed);
    }
}

void
tix_client_call (TixClient               *self,
                 const char              *method,
                 const char              *path,
                 JsonNode                *body,
                 const TixClientEndpoint *endpoint,
                 gpointer                 source_tag,
                 GCancellable            *cancellable,
                 GAsyncReadyCallback      callback,
                 gpointer                 user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *url = NULL;
  SoupMessageHeaders *headers;
  Call *call;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);

  call = g_new0 (Call, 1);
  call->endpoint = endpoint;
  call->token = g_strdup (self->token);
  g_task_set_task_data (task, call, (GDestroyNotify) call_free);

  url = g_strconcat (self->base_url, path, NULL);
  call->message = soup_message_new (method, url);
  if (call->message == NULL)
    {
      g_autofree char *message =
        g_strdup_printf (_("“%s” is not a valid server address"), self->base_url);

      g_task_return_error (task, tix_client_error_new (TIX_CLIENT_ERROR_UNREACHABLE, NULL,
                                                       message));
      return;
    }

  tix_client_check_certificate (self, call->message);
  headers = soup_message_get_request_headers (call->message);
  soup_message_headers_replace (headers, "Accept", "application/json");
  soup_message_headers_replace (headers, "X-Tix-Station", self->station_id);
  if (self->token != NULL)
    {
      g_autofree char *authorization = g_strdup_printf ("Bearer %s", self->token);

      soup_message_headers_replace (headers, "Authorization", authorization);
    }

  if (body != NULL)
    {
      gsize length = 0;
      char *data = tix_json_to_string (body, &length);
      g_autoptr(GBytes) bytes = g_bytes_new_take (data, length);

      soup_message_set_request_body_from_bytes (call->message, "application/json", bytes);
    }

  soup_session_send_and_read_async (self->session, call->message, G_PRIORITY_DEFAULT,
                                    cancellable, send_cb, g_steal_pointer (&task));
}

gpointer
tix_client_call_finish (TixClient     *self,
                        GAsyncResult  *result,
                        gpointer       source_tag,
                        GError       **error)
{
  g_return_val_if_fail (TIX_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

gboolean
tix_client_call_finish_boolean (TixClient     *self,
                                GAsyncResult  *result,
                                gpointer       source_tag,
                                GError       **error)
{
  g_return_val_if_fail (TIX_IS_CLIENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

TixTicket *
tix_client_call_get_error_ticket (GAsyncResult *result)
{
  Call *call = g_task_get_task_data (G_TASK (result));

  return call != NULL ? call->ticket : NULL;
}

JsonObject *
tix_client_call_get_refusal (GAsyncResult *result)
{
  Call *call = g_task_get_task_data (G_TASK (result));

  return call != NULL ? call->refusal : NULL;
}
