/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "tix-client.h"

G_BEGIN_DECLS

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

/* tix-client.c: the session. */

/* Sets both at once, with one round of notifications. */
void       tix_client_set_session          (TixClient   *self,
                                            const char  *token,
                                            TixUser     *user);
/* The error for a message whose certificate accept_certificate refused. */
GError    *tix_client_certificate_error    (TixClient   *self,
                                            SoupMessage *message);
gboolean   tix_client_certificate_refused  (SoupMessage *message);

/* tix-client-scan.c: the feed of TixDoor's offline copy, JSON that its
 * cache checks and applies (tix_door_cache_apply_sync()).
 * GET /api/sync?since=&limit=: the ticket changes after @since (0: all) for
 * a station's offline copy; @limit 0 for the server's default. Returns
 * {public_key (base64), changes: [{id, number, prefix, revision, scanned_at,
 * event_id, deleted}], next, more, events: [event, …]}. */
void           tix_client_sync_async           (TixClient           *self,
                                                gint64               since,
                                                guint                limit,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
JsonObject    *tix_client_sync_finish          (TixClient           *self,
                                                GAsyncResult        *result,
                                                GError             **error);
/* The body of POST /api/scan (tix-client-scan.c): @entrance_id 0 and
 * @exit FALSE leave out what a door of the previous version never sent. */
JsonNode      *tix_client_scan_body            (const char          *code,
                                                const char * const  *prefixes,
                                                const gint64        *event_ids,
                                                guint                n_event_ids,
                                                const char          *scan_id,
                                                gint64               scanned_at_ms,
                                                const char          *station,
                                                gint64               entrance_id,
                                                gboolean             exit);
/* tix-client-call.c: one request, the way every endpoint makes it.
 *
 * An endpoint is a parser of its successful reply (run on a worker thread
 * for a large reply, so only plain data and fresh objects) and what frees
 * its result. Its file holds the parser, the _async that calls
 * tix_client_call() and the _finish that calls tix_client_call_finish(). */

/* @root: the parsed body of a 2xx reply. Returns the result or NULL with
 * @error set (tix_client_protocol_error()). */
typedef gpointer (*TixClientParseFunc) (JsonNode  *root,
                                        GError   **error);
/* Runs on the caller's thread before a result is returned (login sets the
 * session); @sent_token is the token the request went with. */
typedef void     (*TixClientApplyFunc) (TixClient  *self,
                                        const char *sent_token,
                                        gpointer    result);

typedef enum
{
  TIX_CLIENT_CALL_DEFAULT = 0,
  TIX_CLIENT_CALL_LOGIN   = 1 << 0,  /* 401 means wrong credentials, not an expired session */
  TIX_CLIENT_CALL_LOGOUT  = 1 << 1,  /* forgets the session whatever the server says */
} TixClientCallFlags;

typedef struct
{
  TixClientParseFunc parse;        /* NULL: the body is ignored; finish with _finish_boolean */
  GDestroyNotify     free_result;
  TixClientApplyFunc apply;        /* or NULL */
  TixClientCallFlags flags;
} TixClientEndpoint;

/* A reply whose body is ignored (delete, change password). */
extern const TixClientEndpoint tix_client_none_endpoint;
/* tix-client-tickets.c: the ticket itself or {ticket}. */
extern const TixClientEndpoint tix_client_ticket_endpoint;
char      *tix_client_ticket_path          (const char              *id,
                                            const char              *suffix);

/* Starts a request. @body, if not NULL, is sent as JSON. */
void       tix_client_call                 (TixClient               *self,
                                            const char              *method,
                                            const char              *path,
                                            JsonNode                *body,
                                            const TixClientEndpoint *endpoint,
                                            gpointer                 source_tag,
                                            GCancellable            *cancellable,
                                            GAsyncReadyCallback      callback,
                                            gpointer                 user_data);
gpointer   tix_client_call_finish          (TixClient               *self,
                                            GAsyncResult            *result,
                                            gpointer                 source_tag,
                                            GError                 **error);
gboolean   tix_client_call_finish_boolean  (TixClient               *self,
                                            GAsyncResult            *result,
                                            gpointer                 source_tag,
                                            GError                 **error);
/* The ticket an error reply named (a duplicate or a refused scan), or NULL. */
TixTicket *tix_client_call_get_error_ticket (GAsyncResult           *result);
/* The body of an error reply that gave a "reason" (a scan refused at the
 * door), or NULL. */
JsonObject *tix_client_call_get_refusal    (GAsyncResult           *result);

/* Error and parsing helpers for the parsers. */
GError    *tix_client_error_new            (TixClientError  code,
                                            const char     *field,
                                            const char     *message);
GError    *tix_client_protocol_error       (const char     *what);
JsonObject *tix_client_get_object_member   (JsonObject     *object,
                                            const char     *member);
/* @root must be an object; otherwise NULL and a protocol error. */
JsonObject *tix_client_root_object         (JsonNode       *root,
                                            GError        **error);
gboolean   tix_client_get_int              (JsonObject     *object,
                                            const char     *member,
                                            gboolean        required,
                                            gint64         *out,
                                            GError        **error);
TixTicket *tix_client_parse_ticket         (JsonObject     *object,
                                            GError        **error);
TixUser   *tix_client_parse_user           (JsonObject     *object,
                                            GError        **error);
/* An array of objects, each turned into an item by @parse_item (which
 * returns a GObject or NULL with an error). */
typedef gpointer (*TixClientItemFunc) (JsonObject  *object,
                                       GError     **error);
GPtrArray *tix_client_parse_list           (JsonNode          *node,
                                            TixClientItemFunc  parse_item,
                                            const char        *what,
                                            GError           **error);
/* A boxed gint64 member of an object reply: {deleted}, {ended}. */
gint64    *tix_client_parse_count          (JsonNode       *root,
                                            const char     *member,
                                            GError        **error);

/* Request helpers. */
void       tix_client_append_query         (GString        *path,
                                            const char     *name,
                                            const char     *value);
void       tix_client_append_query_int     (GString        *path,
                                            const char     *name,
                                            gint64          value);
void       tix_client_add_string           (JsonBuilder    *builder,
                                            const char     *member,
                                            const char     *value);

G_END_DECLS
