/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

#include "tix-code-cache.h"
#include "tix-json.h"
#include "tix-listener.h"
#include "tix-server.h"
#include "tix-server-worker.h"
#include "tix-throttle.h"

G_BEGIN_DECLS

struct _TixServer
{
  GObject        parent_instance;

  /* owned */
  TixStore      *store;
  SoupServer    *soup;
  TixListener   *listener;      /* accepts and watches the connections */
  TixListenerLimits limits;
  GCancellable  *cancellable;
  char          *cors_origin;

  GHashTable    *keys;          /* organization id → GBytes of its key pair */
  TixCodeCache  *codes;         /* signed codes of the tickets lately answered */
  GPtrArray     *event_clients; /* TixEventClient */
  gboolean       trust_proxy;
  char          *instance_id;   /* tells our own events from other servers' */
  GHashTable    *held_counts;   /* organization → counts, while a batch is answered */
  GHashTable    *held_event_counts; /* event → counts, the same */
  GPtrArray     *pending_scans; /* TixPendingScan, decided together */
  GSource       *flush_source;  /* on the server's own main context */

  gint64         token_ttl_ms;
  guint          max_users;
  GTlsCertificate *tls_certificate;
  TixThrottle   *account_failures; /* failed sign-ins by email */
  TixThrottle   *address_failures; /* failed sign-ins by address */
  TixThrottle   *registrations;    /* registrations by address */
  guint          no_register : 1;
  guint          fast_password_hashing : 1;
  guint          log_requests : 1;

  /* Long work off this thread (tix-server-worker.c), made on first use:
   * big generates one at a time, sheets two at a time. */
  TixServerWorker *generate_worker;
  TixServerWorker *sheet_worker;

  /* GET /api/sync pages made ahead (tix-server-sync.c) */
  GQueue         sync_pages;
  GSource       *sync_ahead_source;
};

/* A parsed request path: "/api/tickets/ID/scan" → { "api", "tickets", ID, "scan" }. */
typedef struct
{
  const char *method;
  char      **segments;
  guint       n_segments;
  GHashTable *query;       /* may be NULL */
  gboolean    path_matched;/* set when a path matched with another method */
} TixRoute;

/* Replies */
void      tix_server_reply_json       (SoupServerMessage  *msg,
                                       guint               status,
                                       JsonNode           *node);
void      tix_server_reply_builder    (SoupServerMessage  *msg,
                                       guint               status,
                                       JsonBuilder        *builder);
void      tix_server_reply_error      (SoupServerMessage  *msg,
                                       guint               status,
                                       const char         *field,
                                       const char         *format,
                                       ...) G_GNUC_PRINTF (4, 5);
/* Maps a TIX_STORE_ERROR or TIX_JSON_ERROR to its HTTP error reply. */
void      tix_server_reply_gerror     (SoupServerMessage  *msg,
                                       const GError       *error);
void      tix_server_reply_success    (SoupServerMessage  *msg);

/* Requests */
/* The JSON object body of @msg, or NULL after replying 400. */
JsonObject *tix_server_read_object    (SoupServerMessage  *msg);
/* Member access that replies 400 naming the member when it is missing or wrong. */
gboolean  tix_server_get_string       (SoupServerMessage  *msg,
                                       JsonObject         *body,
                                       const char         *member,
                                       gboolean            required,
                                       const char        **out);
gboolean  tix_server_get_int          (SoupServerMessage  *msg,
                                       JsonObject         *body,
                                       const char         *member,
                                       gboolean            required,
                                       gint64              min,
                                       gint64              max,
                                       gint64             *out);
/* A whole-number query parameter from @min to @max, @fallback when absent or
 * empty; replies 400 naming it when malformed. */
gboolean  tix_server_query_int        (SoupServerMessage  *msg,
                                       GHashTable         *query,
                                       const char         *name,
                                       gint64              fallback,
                                       gint64              min,
                                       gint64              max,
                                       gint64             *out);
/* The signed-in user, or NULL after replying 401. */
TixUser  *tix_server_authenticate     (TixServer          *self,
                                       SoupServerMessage  *msg);
/* TRUE if @user has @role (admin passes every check), else replies 403. */
gboolean  tix_server_require_role     (SoupServerMessage  *msg,
                                       TixUser            *user,
                                       const char         *role);

/* The stored hash of the token @msg came with (after tix_server_authenticate ()). */
char     *tix_server_request_token_hash (SoupServerMessage *msg);
/* Replies 400 naming the first member of @body that is not in @allowed. */
gboolean  tix_server_check_members    (SoupServerMessage  *msg,
                                       JsonObject         *body,
                                       const char * const *allowed);
/* Replies 400 naming @field when @password is not one the server takes. */
gboolean  tix_server_check_password   (SoupServerMessage  *msg,
                                       const char         *field,
                                       const char         *password);
/* 429 with Retry-After: "@reason. Try again in @wait seconds." */
void      tix_server_reply_retry_after (SoupServerMessage *msg,
                                       gint64              wait,
                                       const char         *reason);
/* {"user": …} */
void      tix_server_reply_user       (SoupServerMessage  *msg,
                                       guint               status,
                                       TixUser            *user);

/* Password work (tix-server-auth.c): a request paused while Argon2 runs on
 * a worker thread, with what its handler needs once the hash is done. */
typedef struct
{
  TixServer         *server;
  SoupServerMessage *msg;
  TixUser           *user;            /* who signs in, or who acts */
  gint64             target_id;       /* the user whose password an admin resets */
  char              *email;
  char              *name;
  char              *role;
  char              *organization_name;
  char              *new_password;    /* wiped when freed */
  char              *keep_token_hash; /* the session that goes on */
  char              *account_key;     /* the sign-in throttles' keys */
  char              *address_key;
} TixServerPasswordJob;

/* Pauses @msg until the job is freed; @user may be NULL. */
TixServerPasswordJob *tix_server_password_job_new (TixServer         *server,
                                                   SoupServerMessage *msg,
                                                   TixUser           *user);
void      tix_server_password_job_free (TixServerPasswordJob *job);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TixServerPasswordJob, tix_server_password_job_free)
/* The hash from tix_password_hash_async (), or NULL after replying its error
 * (or nothing, when the server is stopping). */
char     *tix_server_password_job_hash_finish (TixServerPasswordJob *job,
                                               GAsyncResult         *result);
/* FALSE after replying the error of tix_password_verify_async () (or
 * nothing, when the server is stopping); else TRUE, *@matched telling
 * whether the password was right. */
gboolean  tix_server_password_job_verify_finish (TixServerPasswordJob *job,
                                                 GAsyncResult         *result,
                                                 gboolean             *matched);

/* {total, scanned, not_scanned, scan_rate} as JSON text. */
char     *tix_server_format_stats     (gint64              total,
                                       gint64              scanned);

/* Ticket codes: sets the signed code on each ticket of @organization_id. */
gboolean  tix_server_sign_tickets     (TixServer          *self,
                                       gint64              organization_id,
                                       GPtrArray          *tickets,
                                       GError            **error);
typedef struct _TixWorkerSign TixWorkerSign;
TixWorkerSign *tix_server_sign_job_start (TixServer       *self,
                                       gint64              organization_id,
                                       GPtrArray          *tickets,
                                       GError            **error);
void      tix_server_sign_job_join    (TixWorkerSign      *job);
gboolean  tix_server_sign_ticket      (TixServer          *self,
                                       TixTicket          *ticket,
                                       GError            **error);
/* The organization's public key (32 bytes), or NULL with @error set. */
const guint8 *tix_server_get_public_key (TixServer        *self,
                                       gint64              organization_id,
                                       GError            **error);

/* Events (tix-server-events.c): @builder holds an open object with the event's
 * members but "type" and "stats", which are added here; then it goes to every
 * station of @organization_id. */
/* The client's address for throttling and logs: the peer, or with
 * --trust-proxy the address the proxy put last in X-Forwarded-For. */
/* Registrations one address may make at once; each further one waits 1, 2,
 * 4 … seconds (up to 15 minutes) after the last; 15 quiet minutes forgive. */
#define TIX_REGISTER_FREE_PER_ADDRESS 10

char     *tix_server_client_address   (TixServer          *self,
                                       SoupServerMessage  *msg);
/* While a batch of scans is answered, every event of an organization
 * carries the same counts: read them once (one query, not one a scan). */
void      tix_server_hold_counts      (TixServer          *self);
void      tix_server_release_counts   (TixServer          *self);
/* Close codes of /api/events (the client, tix-event-stream.c, knows them):
 * the session ended (sign in again), the role changed (connect again), the
 * station fell too far behind (connect again and reload). */
#define TIX_EVENTS_CLOSE_SESSION_ENDED  4001
#define TIX_EVENTS_CLOSE_ROLE_CHANGED   4002
#define TIX_EVENTS_CLOSE_TOO_FAR_BEHIND 4008
/* Bytes of events that may wait for one station. */
#define TIX_EVENTS_MAX_BACKLOG          (1024 * 1024)
/* After sessions of @user_id ended or its role changed (committed): every
 * stream of the user, on this server and the others, reads its session
 * again and closes when it ended or the role is not what it was. */
void      tix_server_sessions_changed (TixServer          *self,
                                       gint64              user_id);
void      tix_server_events_init      (TixServer          *self);
/* A WebSocket upgrade at /api/events (a station of the version before
 * events): taken as one at /api/live. FALSE when @msg is no upgrade. */
gboolean  tix_server_events_upgrade   (TixServer          *self,
                                       SoupServerMessage  *msg);
void      tix_server_events_shutdown  (TixServer          *self);
void      tix_server_broadcast        (TixServer          *self,
                                       gint64              organization_id,
                                       const char         *type,
                                       JsonBuilder        *builder);
/* The same for a change of event @event_id's tickets (or of the event):
 * "event_stats" {event_id, total, scanned, not_scanned, scan_rate} follows
 * "stats", for the stations that follow one event. */
void      tix_server_broadcast_of_event (TixServer        *self,
                                       gint64              organization_id,
                                       gint64              event_id,
                                       const char         *type,
                                       JsonBuilder        *builder);
/* Convenience: {type, ticket, stats}. */
void      tix_server_broadcast_ticket (TixServer          *self,
                                       const char         *type,
                                       TixTicket          *ticket);

/* Scans (tix-server-scan.c) */
const char *tix_server_station_of     (SoupServerMessage  *msg);
gboolean  tix_server_check_station    (const char         *station);
/* Group commit: pauses @msg and decides @scan together with the scans that
 * arrive in the same turn of the main loop, in one transaction; replies
 * after the commit. */
void      tix_server_queue_scan       (TixServer          *self,
                                       SoupServerMessage  *msg,
                                       TixUser            *user,
                                       const TixStoreScan *scan);
void      tix_server_scans_shutdown   (TixServer          *self);
/* The events a door admits, from ?event_id= or ?event_ids=N,M (at most 32)
 * into @out (gint64); replies 400 (malformed) or 404 (no event of @user's
 * organization) naming the parameter. None: every event. */
gboolean  tix_server_query_events     (TixServer          *self,
                                       SoupServerMessage  *msg,
                                       GHashTable         *query,
                                       TixUser            *user,
                                       GArray             *out);
/* Replies to a scan of @ticket that ended with @error (NULL: admitted). */
void      tix_server_reply_scan       (TixServer             *self,
                                       SoupServerMessage     *msg,
                                       const TixStoreScanJob *job);

/* The workers (tix-server-tickets.c): NULL with @error set when no
 * connection could be opened for them. */
TixServerWorker *tix_server_get_generate_worker (TixServer   *self,
                                                 GError     **error);
TixServerWorker *tix_server_get_sheet_worker    (TixServer   *self,
                                                 GError     **error);
void      tix_server_workers_shutdown (TixServer          *self);

/* Handlers, one file per area. Each returns FALSE when the route is not its own. */
gboolean  tix_server_route_auth       (TixServer          *self,
                                       SoupServerMessage  *msg,
                                       TixRoute           *route);
/* GET /api/tickets/sheet.pdf (tix-server-sheet.c): before the tickets' routes. */
gboolean  tix_server_route_sheet      (TixServer          *self,
                                       SoupServerMessage  *msg,
                                       TixRoute           *route);
gboolean  tix_server_route_tickets    (TixServer          *self,
                                       SoupServerMessage  *msg,
                                       TixRoute           *route);
gboolean  tix_server_route_reports    (TixServer          *self,
                                       SoupServerMessage  *msg,
                                       TixRoute           *route);
gboolean  tix_server_route_settings   (TixServer          *self,
                                       SoupServerMessage  *msg,
                                       TixRoute           *route);
void      tix_server_sync_clear       (TixServer          *self);
gboolean  tix_server_route_sync       (TixServer          *self,
                                       SoupServerMessage  *msg,
                                       TixRoute           *route);
gboolean  tix_server_route_scan       (TixServer          *self,
                                       SoupServerMessage  *msg,
                                       TixRoute           *route);
gboolean  tix_server_route_users      (TixServer          *self,
                                       SoupServerMessage  *msg,
                                       TixRoute           *route);
/* /api/events (tix-server-shows.c) */
gboolean  tix_server_route_entrances  (TixServer          *self,
                                       SoupServerMessage  *msg,
                                       TixRoute           *route);
gboolean  tix_server_route_shows      (TixServer          *self,
                                       SoupServerMessage  *msg,
                                       TixRoute           *route);

/* Selling at the desk (issue 19): /api/events/:id/types and /api/types
 * (tix-server-types.c), /api/orders (tix-server-orders.c), /api/shifts
 * (tix-server-shifts.c). */
gboolean  tix_server_route_types      (TixServer          *self,
                                       SoupServerMessage  *msg,
                                       TixRoute           *route);
gboolean  tix_server_route_orders     (TixServer          *self,
                                       SoupServerMessage  *msg,
                                       TixRoute           *route);
gboolean  tix_server_route_shifts     (TixServer          *self,
                                       SoupServerMessage  *msg,
                                       TixRoute           *route);
/* GET /api/reports/sales (tix-server-sales.c): before the reports' routes. */
gboolean  tix_server_route_sales      (TixServer          *self,
                                       SoupServerMessage  *msg,
                                       TixRoute           *route);
/* The receipt, the order's tickets and the cash-up as PDF
 * (tix-server-receipts.c): before the orders' and shifts' routes. */
gboolean  tix_server_route_receipts   (TixServer          *self,
                                       SoupServerMessage  *msg,
                                       TixRoute           *route);
/* "tickets-generated" {prefix, count, first_number, last_number, event_id}
 * (tix-server-tickets.c): generates and sales. */
void      tix_server_broadcast_generated (TixServer       *self,
                                       gint64              organization_id,
                                       gint64              event_id,
                                       const char         *prefix,
                                       guint               count,
                                       const char         *first_number,
                                       const char         *last_number);
/* A whole number of minor units from 0 (never a decimal); replies 400
 * naming @member otherwise. */
gboolean  tix_server_get_money        (SoupServerMessage  *msg,
                                       JsonObject         *body,
                                       const char         *member,
                                       gboolean            required,
                                       gint64             *out);
/* A path segment as an id (1 … G_MAXINT64), or 0. */
gint64    tix_server_path_id          (const char         *segment);
/* The station of a sale or shift: @body's "station", else the
 * X-Tix-Station header; NULL after replying 400 when it is neither or not
 * a valid one. */
const char *tix_server_sale_station   (SoupServerMessage  *msg,
                                       JsonObject         *body);

/* Events of the season (tix-server-shows.c). */
/* "event-created", "event-updated" or "event-deleted" of @event on the
 * stream of its organization (tix-server-shows.c). */
void      tix_server_broadcast_event  (TixServer          *self,
                                       const char         *type,
                                       const TixStoreEvent *event);
void      tix_server_add_event        (JsonBuilder        *builder,
                                       const TixStoreEvent *event);
/* An entrance as the API writes it (tix-server-entrances.c); without its
 * "inside" for the sync, whose pages must not change at every scan. */
void      tix_server_add_entrance     (JsonBuilder        *builder,
                                       const TixStoreEntrance *entrance,
                                       gboolean            with_inside);
/* ?event_id= of @query: *@out_event_id is 0 when absent; replies 400 when
 * malformed and 404 when it is no event of @user's organization. */
gboolean  tix_server_query_event      (TixServer          *self,
                                       SoupServerMessage  *msg,
                                       GHashTable         *query,
                                       TixUser            *user,
                                       gint64             *out_event_id);

/* TRUE if @route is METHOD /seg0/seg1/…; "*" matches any one segment. When the
 * path matches but the method does not, sets route->path_matched. */
gboolean  tix_route_is                (TixRoute           *route,
                                       const char         *method,
                                       const char         *path);

G_END_DECLS
