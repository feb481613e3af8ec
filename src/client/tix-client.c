/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-client"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "tix-certificate.h"
#include "tix-client.h"
#include "tix-json.h"
#include "tix-time.h"

/* Replies bigger than this (a large generate, a long page) are parsed on a
 * worker thread so that the caller's main loop keeps running. */
#define PARSE_IN_THREAD_THRESHOLD (128 * 1024)

/* Seconds without any progress on the socket before a request fails. */
#define IO_TIMEOUT_SECONDS   60
#define IDLE_TIMEOUT_SECONDS 60

/* Errors: TIX_CLIENT_ERROR carries the "field" of a 400 reply. */

typedef struct
{
  char *field;
  char *reason;   /* "reason" of a 422 reply: "replaced", "wrong-prefix" */
  gboolean conflict;  /* a duplicate that the server recorded as a conflict */
} TixClientErrorPrivate;

static void
tix_client_error_private_init (TixClientErrorPrivate *priv)
{
  priv->field = NULL;
  priv->reason = NULL;
  priv->conflict = FALSE;
}

static void
tix_client_error_private_copy (const TixClientErrorPrivate *src,
                               TixClientErrorPrivate       *dest)
{
  dest->field = g_strdup (src->field);
  dest->reason = g_strdup (src->reason);
  dest->conflict = src->conflict;
}

static void
tix_client_error_private_clear (TixClientErrorPrivate *priv)
{
  g_clear_pointer (&priv->field, g_free);
  g_clear_pointer (&priv->reason, g_free);
}

G_DEFINE_EXTENDED_ERROR (TixClientError, tix_client_error)

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

gboolean
tix_client_error_is_conflict (const GError *error)
{
  if (error == NULL || error->domain != TIX_CLIENT_ERROR)
    return FALSE;

  return tix_client_error_get_private (error)->conflict;
}

static GError *
client_error_new (TixClientError  code,
                  const char     *field,
                  const char     *message)
{
  GError *error = g_error_new_literal (TIX_CLIENT_ERROR, code, message);

  if (field != NULL && *field != '\0')
    tix_client_error_get_private (error)->field = g_strdup (field);

  return error;
}

/* Ticket pages. */

void
tix_ticket_page_free (TixTicketPage *page)
{
  if (page == NULL)
    return;

  g_clear_pointer (&page->tickets, g_ptr_array_unref);
  g_free (page->next_cursor);
  g_free (page);
}

/* The client. */

struct _TixClient
{
  GObject      parent_instance;

  /* Owned */
  SoupSession *session;
  char        *base_url;   /* without trailing slash */
  char        *token;
  TixUser     *user;
  char        *station_id;
  char        *pinned_certificate;   /* "AB:CD:…", or NULL */
  char        *offered_certificate;  /* the last one refused */
};

G_DEFINE_FINAL_TYPE (TixClient, tix_client, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_BASE_URL,
  PROP_TOKEN,
  PROP_USER,
  PROP_STATION_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* What a successful reply holds; one kind per endpoint shape. */
typedef enum
{
  REPLY_NONE,     /* body ignored: logout, delete */
  REPLY_AUTH,     /* {token, user} */
  REPLY_ME,       /* {user} */
  REPLY_TICKETS,  /* [ticket, …] */
  REPLY_PAGE,     /* {tickets, total, page, limit, next_cursor} */
  REPLY_TICKET,   /* ticket or {ticket} */
  REPLY_SCAN,     /* {success, ticket} */
  REPLY_CLEAR,    /* {success, deleted?} */
  REPLY_STATS,    /* {total, scanned, not_scanned, scan_rate} */
  REPLY_OBJECT,   /* any object: settings */
  REPLY_USER,     /* {user} */
  REPLY_USERS,    /* [user, …] */
  REPLY_AUDIT,    /* [audit entry, …] */
  REPLY_ARRAY,    /* any array: reports */
} ReplyKind;

typedef enum
{
  CALL_DEFAULT,
  CALL_LOGIN,     /* 401 means wrong credentials, not an expired session */
  CALL_LOGOUT,    /* forgets the session whatever the server says */
} CallKind;

/* A parsed successful reply. Built on whichever thread parses it; only
 * plain data and fresh objects, so it can move to the caller's thread. */
typedef struct
{
  char          *token;
  TixUser       *user;
  TixTicket     *ticket;
  GPtrArray     *tickets;
  TixTicketPage *page;
  JsonObject    *object;
  TixStats       stats;
  gint64         count;
  GPtrArray     *items;    /* TixUser or TixAuditEntry */
  JsonArray     *array;
} Reply;

static void
reply_free (Reply *reply)
{
  g_free (reply->token);
  g_clear_object (&reply->user);
  g_clear_object (&reply->ticket);
  g_clear_pointer (&reply->tickets, g_ptr_array_unref);
  g_clear_pointer (&reply->page, tix_ticket_page_free);
  g_clear_pointer (&reply->object, json_object_unref);
  g_clear_pointer (&reply->items, g_ptr_array_unref);
  g_clear_pointer (&reply->array, json_array_unref);
  g_free (reply);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Reply, reply_free)

/* Task data of every call. */
typedef struct
{
  ReplyKind    reply_kind;
  CallKind     call_kind;
  SoupMessage *message;
  char        *token;      /* the token the request was sent with */
  GBytes      *body;       /* the reply, while it is parsed on a thread */
  TixTicket   *ticket;     /* the ticket of a duplicate or refused scan */
} Call;

static void
call_free (Call *call)
{
  g_clear_object (&call->message);
  g_free (call->token);
  g_clear_pointer (&call->body, g_bytes_unref);
  g_clear_object (&call->ticket);
  g_free (call);
}

static void
set_token_and_user (TixClient  *self,
                    const char *token,
                    TixUser    *user)
{
  g_object_freeze_notify (G_OBJECT (self));
  tix_client_set_token (self, token);
  if (g_set_object (&self->user, user))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USER]);
  g_object_thaw_notify (G_OBJECT (self));
}

/* Reply parsing: runs on the caller's thread or on a worker thread. */

static GError *
protocol_error (const char *what)
{
  g_autofree char *message =
    g_strdup_printf (_("The server sent a reply Tix does not understand (%s)"), what);

  return client_error_new (TIX_CLIENT_ERROR_PROTOCOL, NULL, message);
}

static JsonObject *
get_object_member (JsonObject *object,
                   const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;

  return json_node_get_object (node);
}

static GPtrArray *
parse_ticket_array (JsonNode  *node,
                    GError   **error)
{
  g_autoptr(GPtrArray) tickets = NULL;
  JsonArray *array;
  guint n;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      *error = protocol_error (_("no list of tickets"));
      return NULL;
    }

  array = json_node_get_array (node);
  n = json_array_get_length (array);
  tickets = g_ptr_array_new_full (n, g_object_unref);

  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      g_autoptr(GError) local_error = NULL;
      TixTicket *ticket;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          *error = protocol_error (_("a ticket is not an object"));
          return NULL;
        }

      ticket = tix_ticket_new_from_json (json_node_get_object (element), &local_error);
      if (ticket == NULL)
        {
          *error = protocol_error (local_error->message);
          return NULL;
        }
      g_ptr_array_add (tickets, ticket);
    }

  return g_steal_pointer (&tickets);
}

static TixTicket *
parse_ticket_object (JsonObject  *object,
                     GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  TixTicket *ticket;

  if (object == NULL)
    {
      *error = protocol_error (_("no ticket"));
      return NULL;
    }

  ticket = tix_ticket_new_from_json (object, &local_error);
  if (ticket == NULL)
    *error = protocol_error (local_error->message);

  return ticket;
}

static TixUser *
parse_user_object (JsonObject  *object,
                   GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  TixUser *user;

  if (object == NULL)
    {
      *error = protocol_error (_("no user"));
      return NULL;
    }

  user = tix_user_new_from_json (object, &local_error);
  if (user == NULL)
    *error = protocol_error (local_error->message);

  return user;
}

static gboolean
get_int (JsonObject  *object,
         const char  *member,
         gboolean     required,
         gint64      *out,
         GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  if (!tix_json_get_int (object, member, required, 0, G_MAXINT64, out, &local_error))
    {
      *error = protocol_error (local_error->message);
      return FALSE;
    }

  return TRUE;
}

/* An array of users (REPLY_USERS) or audit entries (REPLY_AUDIT). */
static GPtrArray *
parse_item_array (ReplyKind   kind,
                  JsonNode   *node,
                  GError    **error)
{
  g_autoptr(GPtrArray) items = NULL;
  JsonArray *array;
  guint n;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      *error = protocol_error (_("not a list"));
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
          *error = protocol_error (_("a list element is not an object"));
          return NULL;
        }

      if (kind == REPLY_USERS)
        item = tix_user_new_from_json (json_node_get_object (element), &local_error);
      else
        item = tix_audit_entry_new_from_json (json_node_get_object (element), &local_error);
      if (item == NULL)
        {
          *error = protocol_error (local_error->message);
          return NULL;
        }
      g_ptr_array_add (items, item);
    }

  return g_steal_pointer (&items);
}

static Reply *
parse_reply (ReplyKind   kind,
             GBytes     *body,
             GError    **error)
{
  g_autoptr(Reply) reply = g_new0 (Reply, 1);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object = NULL;
  const char *data;
  gsize length;

  if (kind == REPLY_NONE)
    return g_steal_pointer (&reply);

  data = g_bytes_get_data (body, &length);
  root = tix_json_parse (data, length, &local_error);
  if (root == NULL)
    {
      *error = protocol_error (local_error->message);
      return NULL;
    }

  if (JSON_NODE_HOLDS_OBJECT (root))
    object = json_node_get_object (root);
  else if (kind != REPLY_TICKETS && kind != REPLY_USERS && kind != REPLY_AUDIT &&
           kind != REPLY_ARRAY)
    {
      *error = protocol_error (_("not an object"));
      return NULL;
    }

  switch (kind)
    {
    case REPLY_NONE:
      g_assert_not_reached ();

    case REPLY_AUTH:
      {
        const char *token = NULL;

        if (!tix_json_get_string (object, "token", TRUE, &token, &local_error))
          {
            *error = protocol_error (local_error->message);
            return NULL;
          }
        if (*token == '\0')
          {
            *error = protocol_error (_("empty token"));
            return NULL;
          }
        reply->token = g_strdup (token);
      }
      G_GNUC_FALLTHROUGH;

    case REPLY_ME:
      reply->user = parse_user_object (get_object_member (object, "user"), error);
      if (reply->user == NULL)
        return NULL;
      break;

    case REPLY_TICKETS:
      reply->tickets = parse_ticket_array (root, error);
      if (reply->tickets == NULL)
        return NULL;
      break;

    case REPLY_PAGE:
      {
        g_autoptr(TixTicketPage) page = g_new0 (TixTicketPage, 1);
        const char *cursor = NULL;

        page->tickets = parse_ticket_array (json_object_get_member (object, "tickets"), error);
        if (page->tickets == NULL)
          return NULL;

        if (!get_int (object, "total", TRUE, &page->total, error) ||
            !get_int (object, "page", FALSE, &page->page, error) ||
            !get_int (object, "limit", FALSE, &page->limit, error))
          return NULL;

        if (!tix_json_get_string (object, "next_cursor", FALSE, &cursor, &local_error))
          {
            *error = protocol_error (local_error->message);
            return NULL;
          }
        if (cursor != NULL && *cursor != '\0')
          page->next_cursor = g_strdup (cursor);

        reply->page = g_steal_pointer (&page);
      }
      break;

    case REPLY_TICKET:
      /* Either the ticket itself or {ticket}. */
      if (json_object_has_member (object, "id"))
        reply->ticket = parse_ticket_object (object, error);
      else
        reply->ticket = parse_ticket_object (get_object_member (object, "ticket"), error);
      if (reply->ticket == NULL)
        return NULL;
      break;

    case REPLY_SCAN:
      reply->ticket = parse_ticket_object (get_object_member (object, "ticket"), error);
      if (reply->ticket == NULL)
        return NULL;
      break;

    case REPLY_CLEAR:
      reply->count = 0;
      if (!get_int (object, "deleted", FALSE, &reply->count, error))
        return NULL;
      break;

    case REPLY_STATS:
      {
        JsonNode *rate;

        if (!get_int (object, "total", TRUE, &reply->stats.total, error) ||
            !get_int (object, "scanned", TRUE, &reply->stats.scanned, error) ||
            !get_int (object, "not_scanned", TRUE, &reply->stats.not_scanned, error))
          return NULL;

        rate = json_object_get_member (object, "scan_rate");
        if (rate == NULL || !JSON_NODE_HOLDS_VALUE (rate) ||
            (json_node_get_value_type (rate) != G_TYPE_DOUBLE &&
             json_node_get_value_type (rate) != G_TYPE_INT64))
          {
            *error = protocol_error (_("no scan rate"));
            return NULL;
          }
        reply->stats.scan_rate = json_node_get_double (rate);
      }
      break;

    case REPLY_OBJECT:
      reply->object = json_object_ref (object);
      break;

    case REPLY_USER:
      reply->user = parse_user_object (get_object_member (object, "user"), error);
      if (reply->user == NULL)
        return NULL;
      break;

    case REPLY_USERS:
    case REPLY_AUDIT:
      reply->items = parse_item_array (kind, root, error);
      if (reply->items == NULL)
        return NULL;
      break;

    case REPLY_ARRAY:
      if (!JSON_NODE_HOLDS_ARRAY (root))
        {
          *error = protocol_error (_("not a list"));
          return NULL;
        }
      reply->array = json_array_ref (json_node_get_array (root));
      break;

    default:
      g_assert_not_reached ();
    }

  return g_steal_pointer (&reply);
}

/* Error replies: map the HTTP status to a TIX_CLIENT_ERROR. */

static GError *
error_from_reply (TixClient *self,
                  Call      *call,
                  guint      status,
                  GBytes    *body)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object = NULL;
  const char *server_message = NULL;
  const char *field = NULL;
  const char *reason = NULL;
  gboolean duplicate = FALSE;
  gboolean conflict = FALSE;
  gconstpointer data = NULL;
  gsize length = 0;

  if (body != NULL)
    data = g_bytes_get_data (body, &length);
  if (length > 0)
    root = tix_json_parse (data, length, NULL);
  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    {
      object = json_node_get_object (root);
      /* Wrong types are ignored: the status alone tells what happened. */
      if (!tix_json_get_string (object, "error", FALSE, &server_message, NULL))
        server_message = NULL;
      if (!tix_json_get_string (object, "field", FALSE, &field, NULL))
        field = NULL;
      if (!tix_json_get_bool (object, "duplicate", FALSE, &duplicate, NULL))
        duplicate = FALSE;
      if (!tix_json_get_bool (object, "conflict", FALSE, &conflict, NULL))
        conflict = FALSE;
      if (!tix_json_get_string (object, "reason", FALSE, &reason, NULL))
        reason = NULL;
    }
  if (server_message != NULL && *server_message == '\0')
    server_message = NULL;

  switch (status)
    {
    case SOUP_STATUS_BAD_REQUEST:
      if (duplicate)
        {
          JsonObject *ticket = object ? get_object_member (object, "ticket") : NULL;

          GError *error;

          if (ticket != NULL)
            call->ticket = tix_ticket_new_from_json (ticket, NULL);
          error = client_error_new (TIX_CLIENT_ERROR_DUPLICATE, NULL,
                                    server_message ? server_message
                                                   : _("This ticket has already been scanned"));
          tix_client_error_get_private (error)->conflict = conflict;
          return error;
        }
      return client_error_new (TIX_CLIENT_ERROR_INVALID, field,
                               server_message ? server_message
                                              : _("The server did not accept the request"));

    case SOUP_STATUS_UNAUTHORIZED:
      if (call->call_kind == CALL_LOGIN)
        return client_error_new (TIX_CLIENT_ERROR_UNAUTHORIZED, NULL,
                                 _("Wrong email or password"));

      /* The session is gone: forget it, unless a new one replaced it meanwhile. */
      if (call->token != NULL && g_strcmp0 (call->token, self->token) == 0)
        set_token_and_user (self, NULL, NULL);
      return client_error_new (TIX_CLIENT_ERROR_UNAUTHORIZED, NULL,
                               _("Your session has expired. Please sign in again."));

    case SOUP_STATUS_FORBIDDEN:
      return client_error_new (TIX_CLIENT_ERROR_FORBIDDEN, NULL,
                               server_message ? server_message
                                              : _("You are not allowed to do this"));

    case SOUP_STATUS_NOT_FOUND:
      return client_error_new (TIX_CLIENT_ERROR_NOT_FOUND, NULL,
                               server_message ? server_message : _("Not found"));

    case SOUP_STATUS_CONFLICT:
      return client_error_new (TIX_CLIENT_ERROR_CONFLICT, field,
                               server_message ? server_message
                                              : _("The request conflicts with the server’s data"));

    case SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE:
      return client_error_new (TIX_CLIENT_ERROR_TOO_LARGE, NULL,
                               server_message ? server_message
                                              : _("The request is too large for the server"));

    case SOUP_STATUS_UNPROCESSABLE_ENTITY:
      {
        JsonObject *ticket = object ? get_object_member (object, "ticket") : NULL;
        GError *error;

        /* A replaced code or a ticket of another prefix: the ticket is known. */
        if (ticket != NULL)
          call->ticket = tix_ticket_new_from_json (ticket, NULL);
        error = client_error_new (TIX_CLIENT_ERROR_FORGED, NULL,
                                  server_message ? server_message
                                                 : _("This ticket code is not valid"));
        if (reason != NULL && *reason != '\0')
          tix_client_error_get_private (error)->reason = g_strdup (reason);
        return error;
      }

    case 429:
      return client_error_new (TIX_CLIENT_ERROR_THROTTLED, NULL,
                               server_message ? server_message
                                              : _("Too many attempts. Please wait a moment."));

    default:
      break;
    }

  /* The server is up but cannot reach its database (or a load balancer has
   * no server to give the request to): nothing was done, as when the
   * server cannot be reached, and a door decides offline the same way. */
  if (status == SOUP_STATUS_SERVICE_UNAVAILABLE)
    return client_error_new (TIX_CLIENT_ERROR_UNREACHABLE, NULL,
                             server_message ? server_message
                                            : _("The server is not available right now. "
                                                "Please try again in a moment."));

  if (status >= 500 && status < 600)
    {
      g_autofree char *message = NULL;

      if (server_message != NULL)
        message = g_strdup_printf (_("Server error: %s"), server_message);
      else
        message = g_strdup_printf (_("The server at %s had a problem (HTTP %u). "
                                     "Please try again."),
                                   self->base_url, status);
      return client_error_new (TIX_CLIENT_ERROR_SERVER, NULL, message);
    }

  {
    g_autofree char *message =
      g_strdup_printf (_("Unexpected reply from the server at %s (HTTP %u)"),
                       self->base_url, status);

    return client_error_new (TIX_CLIENT_ERROR_PROTOCOL, NULL, message);
  }
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
      return client_error_new (TIX_CLIENT_ERROR_PROTOCOL, NULL, message);
    }

  g_debug ("Request to %s failed: %s", self->base_url, error->message);
  message = g_strdup_printf (_("Server unreachable at %s"), self->base_url);
  return client_error_new (TIX_CLIENT_ERROR_UNREACHABLE, NULL, message);
}

/* Trust on first use */

/* Called only for a certificate no authority vouches for. */
static gboolean
accept_certificate_cb (SoupMessage          *message,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       gpointer              user_data)
{
  TixClient *self = user_data;
  g_autofree char *fingerprint = tix_certificate_fingerprint (certificate);

  if (fingerprint != NULL && self->pinned_certificate != NULL &&
      g_ascii_strcasecmp (fingerprint, self->pinned_certificate) == 0)
    return TRUE;

  g_free (self->offered_certificate);
  self->offered_certificate = g_strdup (fingerprint);
  g_object_set_data (G_OBJECT (message), "tix-certificate",
                     GINT_TO_POINTER (self->pinned_certificate ? 2 : 1));
  return FALSE;
}

void
tix_client_check_certificate (TixClient   *self,
                              SoupMessage *message)
{
  g_return_if_fail (TIX_IS_CLIENT (self));
  g_return_if_fail (SOUP_IS_MESSAGE (message));

  g_signal_connect_object (message, "accept-certificate",
                           G_CALLBACK (accept_certificate_cb), self, 0);
}

static GError *
certificate_error (TixClient   *self,
                   SoupMessage *message)
{
  g_autofree char *text = NULL;

  if (GPOINTER_TO_INT (g_object_get_data (G_OBJECT (message), "tix-certificate")) == 2)
    {
      text = g_strdup_printf (_("The server at %s shows a different certificate than before. "
                                "Someone may be pretending to be your server: do not sign in "
                                "until whoever runs it confirms the change."), self->base_url);
      return client_error_new (TIX_CLIENT_ERROR_CERTIFICATE_CHANGED, NULL, text);
    }

  text = g_strdup_printf (_("The server at %s uses a certificate this station has not seen "
                            "before"), self->base_url);
  return client_error_new (TIX_CLIENT_ERROR_CERTIFICATE_NEW, NULL, text);
}

void
tix_client_set_pinned_certificate (TixClient  *self,
                                   const char *fingerprint)
{
  g_return_if_fail (TIX_IS_CLIENT (self));

  g_free (self->pinned_certificate);
  self->pinned_certificate = (fingerprint && *fingerprint) ? g_strdup (fingerprint) : NULL;
}

const char *
tix_client_get_pinned_certificate (TixClient *self)
{
  g_return_val_if_fail (TIX_IS_CLIENT (self), NULL);
  return self->pinned_certificate;
}

const char *
tix_client_get_offered_certificate (TixClient *self)
{
  g_return_val_if_fail (TIX_IS_CLIENT (self), NULL);
  return self->offered_certificate;
}

/* Completion, on the caller's thread. */

static void
complete_call (GTask *task,
               Reply *reply)
{
  TixClient *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);

  /* A call cancelled while its reply was on the way changes nothing. */
  if (g_task_return_error_if_cancelled (task))
    return;

  switch (call->reply_kind)
    {
    case REPLY_AUTH:
      set_token_and_user (self, reply->token, reply->user);
      g_task_return_pointer (task, g_object_ref (reply->user), g_object_unref);
      break;

    case REPLY_ME:
      /* Only if the session is still the one this call checked. */
      if (g_strcmp0 (call->token, self->token) == 0)
        set_token_and_user (self, self->token, reply->user);
      g_task_return_pointer (task, g_object_ref (reply->user), g_object_unref);
      break;

    case REPLY_NONE:
      g_task_return_boolean (task, TRUE);
      break;

    case REPLY_TICKETS:
      g_task_return_pointer (task, g_steal_pointer (&reply->tickets),
                             (GDestroyNotify) g_ptr_array_unref);
      break;

    case REPLY_PAGE:
      g_task_return_pointer (task, g_steal_pointer (&reply->page),
                             (GDestroyNotify) tix_ticket_page_free);
      break;

    case REPLY_TICKET:
    case REPLY_SCAN:
      g_task_return_pointer (task, g_steal_pointer (&reply->ticket), g_object_unref);
      break;

    case REPLY_CLEAR:
      g_task_return_int (task, reply->count);
      break;

    case REPLY_STATS:
      g_task_return_pointer (task, g_memdup2 (&reply->stats, sizeof reply->stats), g_free);
      break;

    case REPLY_OBJECT:
      g_task_return_pointer (task, g_steal_pointer (&reply->object),
                             (GDestroyNotify) json_object_unref);
      break;

    case REPLY_USER:
      g_task_return_pointer (task, g_steal_pointer (&reply->user), g_object_unref);
      break;

    case REPLY_USERS:
    case REPLY_AUDIT:
      g_task_return_pointer (task, g_steal_pointer (&reply->items),
                             (GDestroyNotify) g_ptr_array_unref);
      break;

    case REPLY_ARRAY:
      g_task_return_pointer (task, g_steal_pointer (&reply->array),
                             (GDestroyNotify) json_array_unref);
      break;

    default:
      g_assert_not_reached ();
    }
}

static void
parse_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Call *call = task_data;
  GError *error = NULL;
  Reply *reply;

  reply = parse_reply (call->reply_kind, call->body, &error);
  if (reply == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, reply, (GDestroyNotify) reply_free);
}

static void
parsed_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(Reply) reply = NULL;
  GError *error = NULL;

  reply = g_task_propagate_pointer (G_TASK (result), &error);
  if (reply == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  complete_call (task, reply);
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
  guint status;

  body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);

  /* Logging out always forgets the session here, even when the server
   * cannot be told: a desk that asked to sign out must not stay signed in. */
  if (call->call_kind == CALL_LOGOUT &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
      g_strcmp0 (call->token, self->token) == 0)
    set_token_and_user (self, NULL, NULL);

  if (body == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else if (g_object_get_data (G_OBJECT (call->message), "tix-certificate") != NULL)
        g_task_return_error (task, certificate_error (self, call->message));
      else
        g_task_return_error (task, error_from_transport (self, error));
      return;
    }

  status = soup_message_get_status (call->message);

  if (call->call_kind == CALL_LOGOUT && status == SOUP_STATUS_UNAUTHORIZED)
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

  if (g_bytes_get_size (body) > PARSE_IN_THREAD_THRESHOLD && call->reply_kind != REPLY_NONE)
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
      g_autoptr(Reply) reply = parse_reply (call->reply_kind, body, &error);

      if (reply == NULL)
        g_task_return_error (task, g_steal_pointer (&error));
      else
        complete_call (task, reply);
    }
}

/* Starts a request. @body, if not NULL, is sent as JSON. */
static void
tix_client_call (TixClient           *self,
                 const char          *method,
                 const char          *path,
                 JsonNode            *body,
                 ReplyKind            reply_kind,
                 CallKind             call_kind,
                 gpointer             source_tag,
                 GCancellable        *cancellable,
                 GAsyncReadyCallback  callback,
                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *url = NULL;
  SoupMessageHeaders *headers;
  Call *call;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);

  call = g_new0 (Call, 1);
  call->reply_kind = reply_kind;
  call->call_kind = call_kind;
  call->token = g_strdup (self->token);
  g_task_set_task_data (task, call, (GDestroyNotify) call_free);

  url = g_strconcat (self->base_url, path, NULL);
  call->message = soup_message_new (method, url);
  if (call->message == NULL)
    {
      g_autofree char *message =
        g_strdup_printf (_("“%s” is not a valid server address"), self->base_url);

      g_task_return_error (task, client_error_new (TIX_CLIENT_ERROR_UNREACHABLE, NULL, message));
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

static gpointer
propagate_pointer (TixClient     *self,
                   GAsyncResult  *result,
                   gpointer       source_tag,
                   GError       **error)
{
  g_return_val_if_fail (TIX_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static gboolean
propagate_boolean (TixClient     *self,
                   GAsyncResult  *result,
                   gpointer       source_tag,
                   GError       **error)
{
  g_return_val_if_fail (TIX_IS_CLIENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* GObject. */

static void
tix_client_dispose (GObject *object)
{
  TixClient *self = (TixClient *) object;

  if (self->session != NULL)
    soup_session_abort (self->session);
  g_clear_object (&self->session);
  g_clear_object (&self->user);

  G_OBJECT_CLASS (tix_client_parent_class)->dispose (object);
}

static void
tix_client_finalize (GObject *object)
{
  TixClient *self = (TixClient *) object;

  g_free (self->base_url);
  g_free (self->token);
  g_free (self->station_id);
  g_free (self->pinned_certificate);
  g_free (self->offered_certificate);

  G_OBJECT_CLASS (tix_client_parent_class)->finalize (object);
}

static void
tix_client_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  TixClient *self = TIX_CLIENT (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      g_value_set_string (value, self->base_url);
      break;

    case PROP_TOKEN:
      g_value_set_string (value, self->token);
      break;

    case PROP_USER:
      g_value_set_object (value, self->user);
      break;

    case PROP_STATION_ID:
      g_value_set_string (value, self->station_id);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tix_client_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  TixClient *self = TIX_CLIENT (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      {
        const char *url = g_value_get_string (value);
        gsize length = url ? strlen (url) : 0;

        while (length > 0 && url[length - 1] == '/')
          length--;
        g_free (self->base_url);
        self->base_url = g_strndup (url ? url : "", length);
      }
      break;

    case PROP_TOKEN:
      tix_client_set_token (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tix_client_class_init (TixClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tix_client_dispose;
  object_class->finalize = tix_client_finalize;
  object_class->get_property = tix_client_get_property;
  object_class->set_property = tix_client_set_property;

  properties[PROP_BASE_URL] =
    g_param_spec_string ("base-url", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_TOKEN] =
    g_param_spec_string ("token", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_USER] =
    g_param_spec_object ("user", NULL, NULL,
                         TIX_TYPE_USER,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_STATION_ID] =
    g_param_spec_string ("station-id", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tix_client_init (TixClient *self)
{
  g_autofree char *user_agent = g_strdup_printf ("Tix/%s ", PACKAGE_VERSION);

  self->station_id = g_uuid_string_random ();
  self->session = soup_session_new_with_options ("timeout", IO_TIMEOUT_SECONDS,
                                                 "idle-timeout", IDLE_TIMEOUT_SECONDS,
                                                 "user-agent", user_agent,
                                                 NULL);
  /* Asks for gzip (Accept-Encoding) and decodes it: a full /api/sync is a
   * quarter of the bytes. libsoup adds it by default; not left to chance. */
  if (!soup_session_has_feature (self->session, SOUP_TYPE_CONTENT_DECODER))
    soup_session_add_feature_by_type (self->session, SOUP_TYPE_CONTENT_DECODER);
}

/* Public API. */

TixClient *
tix_client_new (const char *base_url)
{
  g_return_val_if_fail (base_url != NULL, NULL);

  return g_object_new (TIX_TYPE_CLIENT, "base-url", base_url, NULL);
}

const char *
tix_client_get_base_url (TixClient *self)
{
  g_return_val_if_fail (TIX_IS_CLIENT (self), NULL);

  return self->base_url;
}

const char *
tix_client_get_token (TixClient *self)
{
  g_return_val_if_fail (TIX_IS_CLIENT (self), NULL);

  return self->token;
}

void
tix_client_set_compression (TixClient *self,
                            gboolean   compression)
{
  g_return_if_fail (TIX_IS_CLIENT (self));

  if (compression && !soup_session_has_feature (self->session, SOUP_TYPE_CONTENT_DECODER))
    soup_session_add_feature_by_type (self->session, SOUP_TYPE_CONTENT_DECODER);
  else if (!compression)
    soup_session_remove_feature_by_type (self->session, SOUP_TYPE_CONTENT_DECODER);
}

void
tix_client_set_token (TixClient  *self,
                      const char *token)
{
  g_return_if_fail (TIX_IS_CLIENT (self));

  if (token != NULL && *token == '\0')
    token = NULL;

  if (g_strcmp0 (self->token, token) == 0)
    return;

  g_free (self->token);
  self->token = g_strdup (token);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOKEN]);
}

TixUser *
tix_client_get_user (TixClient *self)
{
  g_return_val_if_fail (TIX_IS_CLIENT (self), NULL);

  return self->user;
}

const char *
tix_client_get_station_id (TixClient *self)
{
  g_return_val_if_fail (TIX_IS_CLIENT (self), NULL);

  return self->station_id;
}

/* X-Tix-Station is at most 64 characters: "<uuid> <name>", the name
 * percent-encoded (a header is ASCII), shortened until it fits. */
#define STATION_MAX 64

char *
tix_station_compose (const char *uuid,
                     const char *name)
{
  g_autofree char *trimmed = NULL;
  glong n_chars;

  g_return_val_if_fail (uuid != NULL, NULL);

  if (name == NULL)
    return g_strdup (uuid);
  trimmed = g_strstrip (g_strdup (name));
  for (char *p = trimmed; *p; p++)
    if (g_ascii_iscntrl (*p))
      *p = ' ';
  n_chars = g_utf8_strlen (trimmed, -1);

  while (n_chars > 0)
    {
      g_autofree char *part = g_utf8_substring (trimmed, 0, n_chars);
      g_autofree char *escaped = g_uri_escape_string (part, " ", FALSE);

      if (strlen (uuid) + 1 + strlen (escaped) <= STATION_MAX)
        return g_strconcat (uuid, " ", escaped, NULL);
      n_chars--;
    }

  return g_strdup (uuid);
}

char *
tix_station_get_name (const char *station)
{
  const char *space;
  g_autofree char *uuid = NULL;
  char *name;

  if (station == NULL || (space = strchr (station, ' ')) == NULL)
    return NULL;
  uuid = g_strndup (station, space - station);
  if (!g_uuid_string_is_valid (uuid))
    return NULL;
  name = g_uri_unescape_string (space + 1, NULL);
  if (name != NULL && (*name == '\0' || !g_utf8_validate (name, -1, NULL)))
    g_clear_pointer (&name, g_free);
  return name;
}

void
tix_client_set_station_id (TixClient  *self,
                           const char *station_id)
{
  g_return_if_fail (TIX_IS_CLIENT (self));
  g_return_if_fail (station_id != NULL);

  if (*station_id == '\0' || strlen (station_id) > STATION_MAX ||
      !g_utf8_validate (station_id, -1, NULL))
    return;
  for (const char *p = station_id; *p; p++)
    if (g_ascii_iscntrl (*p) || (guchar) *p >= 0x80)
      return;

  g_free (self->station_id);
  self->station_id = g_strdup (station_id);
}

static void
add_string (JsonBuilder *builder,
            const char  *member,
            const char  *value)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_string_value (builder, value);
}

void
tix_client_login_async (TixClient           *self,
                        const char          *email,
                        const char          *password,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;

  g_return_if_fail (TIX_IS_CLIENT (self));
  g_return_if_fail (email != NULL);
  g_return_if_fail (password != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  json_builder_begin_object (builder);
  add_string (builder, "email", email);
  add_string (builder, "password", password);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  tix_client_call (self, "POST", "/api/auth/login", body, REPLY_AUTH, CALL_LOGIN,
                   tix_client_login_async, cancellable, callback, user_data);
}

TixUser *
tix_client_login_finish (TixClient     *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  return propagate_pointer (self, result, tix_client_login_async, error);
}

void
tix_client_register_async (TixClient           *self,
                           const char          *email,
                           const char          *password,
                           const char          *name,
                           const char          *organization_name,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;

  g_return_if_fail (TIX_IS_CLIENT (self));
  g_return_if_fail (email != NULL);
  g_return_if_fail (password != NULL);
  g_return_if_fail (name != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  json_builder_begin_object (builder);
  add_string (builder, "email", email);
  add_string (builder, "password", password);
  add_string (builder, "name", name);
  if (organization_name != NULL)
    add_string (builder, "organization_name", organization_name);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  tix_client_call (self, "POST", "/api/auth/register", body, REPLY_AUTH, CALL_DEFAULT,
                   tix_client_register_async, cancellable, callback, user_data);
}

TixUser *
tix_client_register_finish (TixClient     *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  return propagate_pointer (self, result, tix_client_register_async, error);
}

void
tix_client_logout_async (TixClient           *self,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_return_if_fail (TIX_IS_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  tix_client_call (self, "POST", "/api/auth/logout", NULL, REPLY_NONE, CALL_LOGOUT,
                   tix_client_logout_async, cancellable, callback, user_data);
}

gboolean
tix_client_logout_finish (TixClient     *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  return propagate_boolean (self, result, tix_client_logout_async, error);
}

void
tix_client_me_async (TixClient           *self,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_return_if_fail (TIX_IS_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  tix_client_call (self, "GET", "/api/auth/me", NULL, REPLY_ME, CALL_DEFAULT,
                   tix_client_me_async, cancellable, callback, user_data);
}

TixUser *
tix_client_me_finish (TixClient     *self,
                      GAsyncResult  *result,
                      GError       **error)
{
  return propagate_pointer (self, result, tix_client_me_async, error);
}

void
tix_client_generate_async (TixClient           *self,
                           guint                count,
                           const char          *prefix,
                           const char          *extra,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;

  g_return_if_fail (TIX_IS_CLIENT (self));
  g_return_if_fail (prefix != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  /* The server validates count, prefix and extra and names the bad field. */
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "count");
  json_builder_add_int_value (builder, count);
  add_string (builder, "prefix", prefix);
  if (extra != NULL)
    add_string (builder, "extra", extra);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  tix_client_call (self, "POST", "/api/tickets/generate", body, REPLY_TICKETS, CALL_DEFAULT,
                   tix_client_generate_async, cancellable, callback, user_data);
}

GPtrArray *
tix_client_generate_finish (TixClient     *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  return propagate_pointer (self, result, tix_client_generate_async, error);
}

static void
append_query (GString    *path,
              const char *name,
              const char *value)
{
  g_string_append_c (path, strchr (path->str, '?') ? '&' : '?');
  g_string_append (path, name);
  g_string_append_c (path, '=');
  g_string_append_uri_escaped (path, value, NULL, FALSE);
}

static void
list_tickets (TixClient           *self,
              TixTicketFilter      filter,
              const char          *search,
              const char          *sort,
              const char          *cursor,
              guint                page,
              guint                limit,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  g_autoptr(GString) path = g_string_new ("/api/tickets");

  if (sort != NULL && *sort != '\0')
    append_query (path, "sort", sort);

  if (filter == TIX_TICKET_FILTER_SCANNED)
    append_query (path, "filter", "scanned");
  else if (filter == TIX_TICKET_FILTER_NOT_SCANNED)
    append_query (path, "filter", "not-scanned");

  if (search != NULL && *search != '\0')
    append_query (path, "search", search);

  if (cursor != NULL && *cursor != '\0')
    append_query (path, "cursor", cursor);
  else if (page > 0)
    {
      char text[G_ASCII_DTOSTR_BUF_SIZE];

      g_snprintf (text, sizeof text, "%u", page);
      append_query (path, "page", text);
    }

  if (limit > 0)
    {
      char text[G_ASCII_DTOSTR_BUF_SIZE];

      g_snprintf (text, sizeof text, "%u", MIN (limit, 1000));
      append_query (path, "limit", text);
    }

  tix_client_call (self, "GET", path->str, NULL, REPLY_PAGE, CALL_DEFAULT,
                   tix_client_list_tickets_async, cancellable, callback, user_data);
}

void
tix_client_list_tickets_async (TixClient           *self,
                               TixTicketFilter      filter,
                               const char          *search,
                               const char          *cursor,
                               guint                page,
                               guint                limit,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (TIX_IS_CLIENT (self));
  g_return_if_fail (filter <= TIX_TICKET_FILTER_NOT_SCANNED);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  list_tickets (self, filter, search, NULL, cursor, page, limit, cancellable, callback,
                user_data);
}

/* The same in another order: @sort is "number", "generated" or "scanned",
 * "-" before it for the other way (NULL: newest first); by page only.
 * Finish with tix_client_list_tickets_finish(). */
void
tix_client_list_tickets_sorted_async (TixClient           *self,
                                      TixTicketFilter      filter,
                                      const char          *search,
                                      const char          *sort,
                                      guint                page,
                                      guint                limit,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_return_if_fail (TIX_IS_CLIENT (self));
  g_return_if_fail (filter <= TIX_TICKET_FILTER_NOT_SCANNED);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  list_tickets (self, filter, search, sort, NULL, page, limit, cancellable, callback, user_data);
}

TixTicketPage *
tix_client_list_tickets_finish (TixClient     *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  return propagate_pointer (self, result, tix_client_list_tickets_async, error);
}

static char *
ticket_path (const char *id,
             const char *suffix)
{
  g_autofree char *escaped = g_uri_escape_string (id, NULL, FALSE);

  return g_strconcat ("/api/tickets/", escaped, suffix, NULL);
}

void
tix_client_get_ticket_async (TixClient           *self,
                             const char          *id,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (TIX_IS_CLIENT (self));
  g_return_if_fail (id != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  path = ticket_path (id, NULL);
  tix_client_call (self, "GET", path, NULL, REPLY_TICKET, CALL_DEFAULT,
                   tix_client_get_ticket_async, cancellable, callback, user_data);
}

TixTicket *
tix_client_get_ticket_finish (TixClient     *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  return propagate_pointer (self, result, tix_client_get_ticket_async, error);
}

void
tix_client_scan_ticket_async (TixClient           *self,
                              const char          *id,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (TIX_IS_CLIENT (self));
  g_return_if_fail (id != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  path = ticket_path (id, "/scan");
  tix_client_call (self, "PUT", path, NULL, REPLY_SCAN, CALL_DEFAULT,
                   tix_client_scan_ticket_async, cancellable, callback, user_data);
}

gboolean
tix_client_scan_ticket_finish (TixClient     *self,
                               GAsyncResult  *result,
                               TixTicket    **out_ticket,
                               GError       **error)
{
  g_autoptr(TixTicket) ticket = NULL;
  g_autoptr(GError) local_error = NULL;

  if (out_ticket != NULL)
    *out_ticket = NULL;

  ticket = propagate_pointer (self, result, tix_client_scan_ticket_async, &local_error);
  if (ticket == NULL)
    {
      if (g_error_matches (local_error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_DUPLICATE) &&
          out_ticket != NULL)
        {
          Call *call = g_task_get_task_data (G_TASK (result));

          if (call != NULL && call->ticket != NULL)
            *out_ticket = g_object_ref (call->ticket);
        }
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (out_ticket != NULL)
    *out_ticket = g_steal_pointer (&ticket);

  return TRUE;
}

void
tix_client_delete_ticket_async (TixClient           *self,
                                const char          *id,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (TIX_IS_CLIENT (self));
  g_return_if_fail (id != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  path = ticket_path (id, NULL);
  tix_client_call (self, "DELETE", path, NULL, REPLY_NONE, CALL_DEFAULT,
                   tix_client_delete_ticket_async, cancellable, callback, user_data);
}

gboolean
tix_client_delete_ticket_finish (TixClient     *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return propagate_boolean (self, result, tix_client_delete_ticket_async, error);
}

void
tix_client_clear_tickets_async (TixClient           *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (TIX_IS_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  tix_client_call (self, "DELETE", "/api/tickets", NULL, REPLY_CLEAR, CALL_DEFAULT,
                   tix_client_clear_tickets_async, cancellable, callback, user_data);
}

gint64
tix_client_clear_tickets_finish (TixClient     *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (TIX_IS_CLIENT (self), -1);
  g_return_val_if_fail (g_task_is_valid (result, self), -1);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        tix_client_clear_tickets_async, -1);

  return g_task_propagate_int (G_TASK (result), error);
}

void
tix_client_get_stats_async (TixClient           *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (TIX_IS_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  tix_client_call (self, "GET", "/api/reports/stats", NULL, REPLY_STATS, CALL_DEFAULT,
                   tix_client_get_stats_async, cancellable, callback, user_data);
}

gboolean
tix_client_get_stats_finish (TixClient     *self,
                             GAsyncResult  *result,
                             TixStats      *out_stats,
                             GError       **error)
{
  g_autofree TixStats *stats = NULL;

  stats = propagate_pointer (self, result, tix_client_get_stats_async, error);
  if (stats == NULL)
    return FALSE;

  if (out_stats != NULL)
    *out_stats = *stats;

  return TRUE;
}

void
tix_client_get_settings_async (TixClient           *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (TIX_IS_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  tix_client_call (self, "GET", "/api/settings", NULL, REPLY_OBJECT, CALL_DEFAULT,
                   tix_client_get_settings_async, cancellable, callback, user_data);
}

JsonObject *
tix_client_get_settings_finish (TixClient     *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  return propagate_pointer (self, result, tix_client_get_settings_async, error);
}

static JsonNode *
scan_body (const char         *code,
           const char * const *prefixes,
           const char         *scan_id,
           gint64              scanned_at_ms,
           const char         *station)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  add_string (builder, "code", code);
  if (prefixes != NULL && prefixes[0] != NULL)
    {
      json_builder_set_member_name (builder, "prefixes");
      json_builder_begin_array (builder);
      for (guint i = 0; prefixes[i] != NULL; i++)
        json_builder_add_string_value (builder, prefixes[i]);
      json_builder_end_array (builder);
    }
  if (scan_id != NULL)
    add_string (builder, "scan_id", scan_id);
  if (scanned_at_ms > 0)
    {
      g_autofree char *iso = tix_time_format_iso (scanned_at_ms);

      add_string (builder, "scanned_at", iso);
    }
  if (station != NULL)
    add_string (builder, "station", station);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

void
tix_client_scan_code_async (TixClient           *self,
                            const char          *code,
                            const char * const  *prefixes,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(JsonNode) body = NULL;

  g_return_if_fail (TIX_IS_CLIENT (self));
  g_return_if_fail (code != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  body = scan_body (code, prefixes, NULL, 0, NULL);
  tix_client_call (self, "POST", "/api/scan", body, REPLY_SCAN, CALL_DEFAULT,
                   tix_client_scan_code_async, cancellable, callback, user_data);
}

void
tix_client_upload_scan_async (TixClient           *self,
                              const char          *code,
                              const char * const  *prefixes,
                              const char          *scan_id,
                              gint64               scanned_at_ms,
                              const char          *station,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(JsonNode) body = NULL;

  g_return_if_fail (TIX_IS_CLIENT (self));
  g_return_if_fail (code != NULL);
  g_return_if_fail (scan_id != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  body = scan_body (code, prefixes, scan_id, scanned_at_ms,
                    station != NULL ? station : self->station_id);
  /* Same source tag: tix_client_scan_code_finish() finishes both. */
  tix_client_call (self, "POST", "/api/scan", body, REPLY_SCAN, CALL_DEFAULT,
                   tix_client_scan_code_async, cancellable, callback, user_data);
}

gboolean
tix_client_scan_code_finish (TixClient     *self,
                             GAsyncResult  *result,
                             TixTicket    **out_ticket,
                             GError       **error)
{
  g_autoptr(TixTicket) ticket = NULL;
  g_autoptr(GError) local_error = NULL;

  if (out_ticket != NULL)
    *out_ticket = NULL;

  ticket = propagate_pointer (self, result, tix_client_scan_code_async, &local_error);
  if (ticket == NULL)
    {
      if ((g_error_matches (local_error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_DUPLICATE) ||
           g_error_matches (local_error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_FORGED)) &&
          out_ticket != NULL)
        {
          Call *call = g_task_get_task_data (G_TASK (result));

          if (call != NULL && call->ticket != NULL)
            *out_ticket = g_object_ref (call->ticket);
        }
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (out_ticket != NULL)
    *out_ticket = g_steal_pointer (&ticket);

  return TRUE;
}

void
tix_client_unscan_ticket_async (TixClient           *self,
                                const char          *id,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (TIX_IS_CLIENT (self));
  g_return_if_fail (id != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  path = ticket_path (id, "/unscan");
  tix_client_call (self, "PUT", path, NULL, REPLY_TICKET, CALL_DEFAULT,
                   tix_client_unscan_ticket_async, cancellable, callback, user_data);
}

TixTicket *
tix_client_unscan_ticket_finish (TixClient     *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return propagate_pointer (self, result, tix_client_unscan_ticket_async, error);
}

/* Reports, settings, users and the audit log. */

void
tix_client_get_report_async (TixClient           *self,
                             const char          *period,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (TIX_IS_CLIENT (self));
  g_return_if_fail (g_strcmp0 (period, "daily") == 0 || g_strcmp0 (period, "weekly") == 0 ||
                    g_strcmp0 (period, "monthly") == 0);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  path = g_strconcat ("/api/reports/", period, NULL);
  tix_client_call (self, "GET", path, NULL, REPLY_ARRAY, CALL_DEFAULT,
                   tix_client_get_report_async, cancellable, callback, user_data);
}

JsonArray *
tix_client_get_report_finish (TixClient     *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  return propagate_pointer (self, result, tix_client_get_report_async, error);
}

void
tix_client_get_door_report_async (TixClient           *self,
                                  const char          *date,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GString) path = g_string_new ("/api/reports/door");

  g_return_if_fail (TIX_IS_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  if (date != NULL && *date != '\0')
    append_query (path, "date", date);

  tix_client_call (self, "GET", path->str, NULL, REPLY_OBJECT, CALL_DEFAULT,
                   tix_client_get_door_report_async, cancellable, callback, user_data);
}

JsonObject *
tix_client_get_door_report_finish (TixClient     *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return propagate_pointer (self, result, tix_client_get_door_report_async, error);
}

void
tix_client_update_settings_async (TixClient           *self,
                                  JsonObject          *changes,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(JsonNode) body = NULL;

  g_return_if_fail (TIX_IS_CLIENT (self));
  g_return_if_fail (changes != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  body = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (body, changes);

  tix_client_call (self, "PUT", "/api/settings", body, REPLY_OBJECT, CALL_DEFAULT,
                   tix_client_update_settings_async, cancellable, callback, user_data);
}

JsonObject *
tix_client_update_settings_finish (TixClient     *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return propagate_pointer (self, result, tix_client_update_settings_async, error);
}

void
tix_client_list_users_async (TixClient           *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (TIX_IS_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  tix_client_call (self, "GET", "/api/users", NULL, REPLY_USERS, CALL_DEFAULT,
                   tix_client_list_users_async, cancellable, callback, user_data);
}

GPtrArray *
tix_client_list_users_finish (TixClient     *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  return propagate_pointer (self, result, tix_client_list_users_async, error);
}

void
tix_client_add_user_async (TixClient           *self,
                           const char          *email,
                           const char          *name,
                           const char          *password,
                           const char          *role,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;

  g_return_if_fail (TIX_IS_CLIENT (self));
  g_return_if_fail (email != NULL);
  g_return_if_fail (name != NULL);
  g_return_if_fail (password != NULL);
  g_return_if_fail (role != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  json_builder_begin_object (builder);
  add_string (builder, "email", email);
  add_string (builder, "name", name);
  add_string (builder, "password", password);
  add_string (builder, "role", role);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  tix_client_call (self, "POST", "/api/users", body, REPLY_USER, CALL_DEFAULT,
                   tix_client_add_user_async, cancellable, callback, user_data);
}

TixUser *
tix_client_add_user_finish (TixClient     *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  return propagate_pointer (self, result, tix_client_add_user_async, error);
}

static char *
user_path (gint64 user_id)
{
  return g_strdup_printf ("/api/users/%" G_GINT64_FORMAT, user_id);
}

void
tix_client_update_user_async (TixClient           *self,
                              gint64               user_id,
                              const char          *role,
                              const char          *password,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (TIX_IS_CLIENT (self));
  g_return_if_fail (user_id > 0);
  g_return_if_fail (role != NULL || password != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  json_builder_begin_object (builder);
  if (role != NULL)
    add_string (builder, "role", role);
  if (password != NULL)
    add_string (builder, "password", password);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  path = user_path (user_id);
  tix_client_call (self, "PUT", path, body, REPLY_USER, CALL_DEFAULT,
                   tix_client_update_user_async, cancellable, callback, user_data);
}

TixUser *
tix_client_update_user_finish (TixClient     *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return propagate_pointer (self, result, tix_client_update_user_async, error);
}

void
tix_client_remove_user_async (TixClient           *self,
                              gint64               user_id,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (TIX_IS_CLIENT (self));
  g_return_if_fail (user_id > 0);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  path = user_path (user_id);
  tix_client_call (self, "DELETE", path, NULL, REPLY_NONE, CALL_DEFAULT,
                   tix_client_remove_user_async, cancellable, callback, user_data);
}

gboolean
tix_client_remove_user_finish (TixClient     *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return propagate_boolean (self, result, tix_client_remove_user_async, error);
}

void
tix_client_change_password_async (TixClient           *self,
                                  const char          *current_password,
                                  const char          *new_password,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;

  g_return_if_fail (TIX_IS_CLIENT (self));
  g_return_if_fail (current_password != NULL);
  g_return_if_fail (new_password != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  json_builder_begin_object (builder);
  add_string (builder, "current_password", current_password);
  add_string (builder, "new_password", new_password);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  tix_client_call (self, "PUT", "/api/auth/password", body, REPLY_NONE, CALL_DEFAULT,
                   tix_client_change_password_async, cancellable, callback, user_data);
}

gboolean
tix_client_change_password_finish (TixClient     *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return propagate_boolean (self, result, tix_client_change_password_async, error);
}

void
tix_client_logout_others_async (TixClient           *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (TIX_IS_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  tix_client_call (self, "POST", "/api/auth/logout-others", NULL, REPLY_OBJECT, CALL_DEFAULT,
                   tix_client_logout_others_async, cancellable, callback, user_data);
}

gint64
tix_client_logout_others_finish (TixClient     *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_autoptr(JsonObject) object = NULL;
  gint64 ended = 0;

  object = propagate_pointer (self, result, tix_client_logout_others_async, error);
  if (object == NULL)
    return -1;

  /* {success, ended} */
  if (!get_int (object, "ended", FALSE, &ended, error))
    return -1;

  return ended;
}

void
tix_client_list_audit_async (TixClient           *self,
                             guint                limit,
                             gint64               before_id,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GString) path = g_string_new ("/api/audit");

  g_return_if_fail (TIX_IS_CLIENT (self));
  g_return_if_fail (before_id >= 0);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  if (limit > 0)
    {
      char text[G_ASCII_DTOSTR_BUF_SIZE];

      g_snprintf (text, sizeof text, "%u", MIN (limit, 1000));
      append_query (path, "limit", text);
    }
  if (before_id > 0)
    {
      char text[G_ASCII_DTOSTR_BUF_SIZE];

      g_snprintf (text, sizeof text, "%" G_GINT64_FORMAT, before_id);
      append_query (path, "before", text);
    }

  tix_client_call (self, "GET", path->str, NULL, REPLY_AUDIT, CALL_DEFAULT,
                   tix_client_list_audit_async, cancellable, callback, user_data);
}

GPtrArray *
tix_client_list_audit_finish (TixClient     *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  return propagate_pointer (self, result, tix_client_list_audit_async, error);
}

void
tix_client_sync_async (TixClient           *self,
                       gint64               since,
                       guint                limit,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (TIX_IS_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  if (limit > 0)
    path = g_strdup_printf ("/api/sync?since=%" G_GINT64_FORMAT "&limit=%u", MAX (since, 0), limit);
  else
    path = g_strdup_printf ("/api/sync?since=%" G_GINT64_FORMAT, MAX (since, 0));

  tix_client_call (self, "GET", path, NULL, REPLY_OBJECT, CALL_DEFAULT,
                   tix_client_sync_async, cancellable, callback, user_data);
}

JsonObject *
tix_client_sync_finish (TixClient     *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  return propagate_pointer (self, result, tix_client_sync_async, error);
}

void
tix_client_list_scan_conflicts_async (TixClient           *self,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_return_if_fail (TIX_IS_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  tix_client_call (self, "GET", "/api/scans/conflicts", NULL, REPLY_ARRAY, CALL_DEFAULT,
                   tix_client_list_scan_conflicts_async, cancellable, callback, user_data);
}

JsonArray *
tix_client_list_scan_conflicts_finish (TixClient     *self,
                                       GAsyncResult  *result,
                                       GError       **error)
{
  return propagate_pointer (self, result, tix_client_list_scan_conflicts_async, error);
}

void
tix_client_reissue_ticket_async (TixClient           *self,
                                 const char          *id,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (TIX_IS_CLIENT (self));
  g_return_if_fail (id != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  path = ticket_path (id, "/reissue");
  tix_client_call (self, "POST", path, NULL, REPLY_TICKET, CALL_DEFAULT,
                   tix_client_reissue_ticket_async, cancellable, callback, user_data);
}

TixTicket *
tix_client_reissue_ticket_finish (TixClient     *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return propagate_pointer (self, result, tix_client_reissue_ticket_async, error);
}
