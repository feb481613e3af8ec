/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "tix-audit-entry.h"
#include "tix-cash-up.h"
#include "tix-order.h"
#include "tix-sales-report.h"
#include "tix-shift.h"
#include "tix-ticket-type.h"
#include "tix-ticket.h"
#include "tix-user.h"

G_BEGIN_DECLS

#define TIX_STORE_ERROR (tix_store_error_quark ())

typedef enum
{
  TIX_STORE_ERROR_FAILED,       /* the database failed: disk full, I/O error, … */
  TIX_STORE_ERROR_CORRUPT,      /* not a Tix database, or a damaged one */
  TIX_STORE_ERROR_NOT_FOUND,
  TIX_STORE_ERROR_EXISTS,       /* e.g. email already registered */
  TIX_STORE_ERROR_LIMIT,        /* organization is at max_users */
  TIX_STORE_ERROR_DUPLICATE,    /* ticket already scanned */
  TIX_STORE_ERROR_REPLACED,     /* the code is of an older revision: reissued */
  TIX_STORE_ERROR_WRONG_PREFIX, /* not valid at this door */
  TIX_STORE_ERROR_FORBIDDEN,    /* e.g. undoing someone else's scan too late */
  TIX_STORE_ERROR_NOT_SCANNED,  /* undoing a scan that was never made */
  TIX_STORE_ERROR_UNAVAILABLE,  /* the database server cannot be reached: try again */
  TIX_STORE_ERROR_SCAN_ID_REUSED, /* an upload's scan_id came before with another ticket */
  TIX_STORE_ERROR_OTHER_EVENT,  /* the ticket is for an event this door does not admit */
  TIX_STORE_ERROR_IN_USE,       /* an event with tickets (or the current one): not deleted */
  TIX_STORE_ERROR_ARCHIVED,     /* an archived event takes no new tickets */
  /* Door rules (issue 20); the scan job's result says which refusal. */
  TIX_STORE_ERROR_NOT_INSIDE,   /* an exit of a ticket that is not inside */
  TIX_STORE_ERROR_WRONG_ENTRANCE, /* not for this entrance (its types, or no exit here) */
  TIX_STORE_ERROR_CLOSED,       /* outside the entrance's hours */
  TIX_STORE_ERROR_FULL,         /* the event's max_inside are inside */
  TIX_STORE_ERROR_DELETED,      /* a ticket deleted since: not the same as unknown */
  /* Selling at the desk (issue 19). */
  TIX_STORE_ERROR_REFUNDED,     /* a ticket of a refunded order (void), an order refunded again */
  TIX_STORE_ERROR_SOLD_OUT,     /* a sale of more than is available */
  TIX_STORE_ERROR_NO_SHIFT,     /* a sale or refund without the user's open shift */
  TIX_STORE_ERROR_PAYMENT,      /* cash tendered short of the total, and the like */
  TIX_STORE_ERROR_SHIFT_CLOSED, /* a shift closed already */
} TixStoreError;

typedef enum
{
  TIX_STORE_FILTER_ALL,
  TIX_STORE_FILTER_SCANNED,
  TIX_STORE_FILTER_NOT_SCANNED,
} TixStoreFilter;

/* The order of a list: newest first unless asked (issue 16: sortable columns). */
typedef enum
{
  TIX_STORE_SORT_NEWEST,          /* generated, newest first (the default) */
  TIX_STORE_SORT_OLDEST,
  TIX_STORE_SORT_NUMBER,
  TIX_STORE_SORT_NUMBER_DESC,
  TIX_STORE_SORT_SCANNED,         /* earliest scan first, not scanned last */
  TIX_STORE_SORT_SCANNED_DESC,    /* latest scan first, not scanned last */
} TixStoreSort;

typedef struct
{
  TixStoreFilter  filter;
  const char     *search;   /* start of the number, case-insensitive, or NULL */
  const char     *cursor;   /* next_cursor of a previous page, or NULL */
  gint64          page;     /* from 1; ignored with a cursor */
  gint64          limit;    /* 1..1000 */
  TixStoreSort    sort;     /* other than NEWEST: by page only, no cursor */
  gint64          event_id; /* the tickets of this event only; 0: of every event */
} TixStoreQuery;

typedef struct
{
  GPtrArray *tickets;       /* TixTicket, newest first */
  gint64     total;         /* rows matching filter and search */
  char      *next_cursor;   /* NULL when nothing follows */
} TixStorePage;

void tix_store_page_free (TixStorePage *page);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TixStorePage, tix_store_page_free)

#define TIX_TYPE_STORE (tix_store_get_type ())

G_DECLARE_FINAL_TYPE (TixStore, tix_store, TIX, STORE, GObject)

GQuark        tix_store_error_quark              (void);

/* Opens (creating if needed) and migrates the database: @path is a SQLite
 * file, or a PostgreSQL URI ("postgresql://user@host/dbname") that several
 * servers may share. A database that is not a Tix database, or a newer one,
 * is refused with TIX_STORE_ERROR_CORRUPT and left untouched. A store is
 * used from one thread at a time. */
TixStore     *tix_store_open                     (const char      *path,
                                                  GError         **error);
/* Another connection to the database of @self, for another thread (a store
 * is used from one thread at a time); it has @self's ticket limit. */
TixStore     *tix_store_open_again               (TixStore        *self,
                                                  GError         **error);
/* A store for long work on a thread of its own: on SQLite its write
 * transactions let every other store of the process that waits go first. */
void          tix_store_set_background           (TixStore        *self,
                                                  gboolean         background);
/* The most tickets an organization may hold (0: no limit): a generate past
 * it fails with TIX_STORE_ERROR_LIMIT, saying how many remain. */
void          tix_store_set_max_tickets          (TixStore        *self,
                                                  gint64           max_tickets);
/* Tests only: a generate of more than one slice fails after @after_slices
 * slices (0: never); with @as_crash it leaves the database as a server
 * killed at that moment would, for the next open to clean up. */
void          tix_store_set_generate_failure     (TixStore        *self,
                                                  guint            after_slices,
                                                  gboolean         as_crash);
/* A PostgreSQL URI rather than a SQLite file. */
gboolean      tix_store_location_is_shared       (const char      *path);
/* The file, or the URI without its password. */
const char   *tix_store_get_path                 (TixStore        *self);
/* Other servers may use the same database (PostgreSQL). */
gboolean      tix_store_is_shared                (TixStore        *self);

/* Events between the servers of a shared database: what one publishes
 * reaches the function every server (itself included) gave to
 * tix_store_listen_events(), on the main context it was called on. No-ops
 * on SQLite. @payload must be under 8000 bytes. A NULL @func stops. */
typedef void (*TixStoreEventFunc) (const char *payload,
                                   gpointer    user_data);
gboolean      tix_store_publish_event            (TixStore        *self,
                                                  const char      *payload,
                                                  GError         **error);
void          tix_store_listen_events            (TixStore        *self,
                                                  TixStoreEventFunc func,
                                                  gpointer         user_data);
/* A consistent copy of the database at @path into the new file @destination
 * (SQLite's backup API), safe while a server writes to @path. */
gboolean      tix_store_backup                   (const char      *path,
                                                  const char      *destination,
                                                  GError         **error);

/* Organizations and users. */
TixUser      *tix_store_create_organization      (TixStore        *self,
                                                  const char      *organization_name,
                                                  const char      *email,
                                                  const char      *name,
                                                  const char      *password_hash,
                                                  guint            max_users,
                                                  GError         **error);
/* The local organization of standalone mode: created on first call. */
TixUser      *tix_store_ensure_local_admin       (TixStore        *self,
                                                  const char      *password_hash,
                                                  GError         **error);
TixUser      *tix_store_find_user_by_email       (TixStore        *self,
                                                  const char      *email,
                                                  char           **out_password_hash,
                                                  GError         **error);
TixUser      *tix_store_get_user                 (TixStore        *self,
                                                  gint64           user_id,
                                                  GError         **error);

/* The organization's Ed25519 key pair for ticket codes: 32 and 64 bytes. */
gboolean      tix_store_get_organization_keys    (TixStore        *self,
                                                  gint64           organization_id,
                                                  guint8          *public_key,
                                                  guint8          *secret_key,
                                                  GError         **error);

/* Sessions: tokens are stored only as their SHA-256. */
gboolean      tix_store_add_session              (TixStore        *self,
                                                  const char      *token_hash,
                                                  gint64           user_id,
                                                  gint64           expires_at_ms,
                                                  GError         **error);
/* The user of a live session, read afresh (role included). */
TixUser      *tix_store_lookup_session           (TixStore        *self,
                                                  const char      *token_hash,
                                                  gint64           now_ms,
                                                  GError         **error);
/* The same, with the session's expiry (ms since the epoch). */
TixUser      *tix_store_lookup_session_full      (TixStore        *self,
                                                  const char      *token_hash,
                                                  gint64           now_ms,
                                                  gint64          *out_expires_at_ms,
                                                  GError         **error);
gboolean      tix_store_remove_session           (TixStore        *self,
                                                  const char      *token_hash,
                                                  GError         **error);

/* Tickets. */
GPtrArray    *tix_store_generate_tickets         (TixStore        *self,
                                                  TixUser         *user,
                                                  const char      *prefix,
                                                  const char      *extra,
                                                  guint            count,
                                                  gint64           now_ms,
                                                  GError         **error);
/* Called with the new tickets before they are written, on the same thread:
 * work on them (reading only what they already hold) may go on meanwhile. */
typedef void (*TixStoreTicketsReadyFunc) (GPtrArray *tickets,
                                          gpointer   user_data);
/* Into @event_id (0: the current event); TIX_STORE_ERROR_LIMIT past the
 * event's capacity, _ARCHIVED for an archived one, _NOT_FOUND for none. */
GPtrArray    *tix_store_generate_tickets_full    (TixStore        *self,
                                                  TixUser         *user,
                                                  gint64           event_id,
                                                  const char      *prefix,
                                                  const char      *extra,
                                                  guint            count,
                                                  gint64           now_ms,
                                                  TixStoreTicketsReadyFunc ready,
                                                  gpointer         ready_data,
                                                  GError         **error);
/* The same, the tickets of ticket type @type_id (0: none; the caller checks
 * that it is of the event), printed in advance: they have no order and do
 * not count in the type's "sold". */
GPtrArray    *tix_store_generate_typed_tickets   (TixStore        *self,
                                                  TixUser         *user,
                                                  gint64           event_id,
                                                  gint64           type_id,
                                                  const char      *prefix,
                                                  const char      *extra,
                                                  guint            count,
                                                  gint64           now_ms,
                                                  TixStoreTicketsReadyFunc ready,
                                                  gpointer         ready_data,
                                                  GError         **error);
TixTicket    *tix_store_get_ticket               (TixStore        *self,
                                                  gint64           organization_id,
                                                  const char      *id,
                                                  GError         **error);
TixTicket    *tix_store_find_ticket_by_number    (TixStore        *self,
                                                  gint64           organization_id,
                                                  const char      *number,
                                                  GError         **error);
gboolean      tix_store_is_deleted               (TixStore        *self,
                                                  gint64           organization_id,
                                                  const char      *id,
                                                  const char      *number);

typedef enum
{
  TIX_STORE_DIRECTION_IN,
  TIX_STORE_DIRECTION_OUT,
} TixStoreDirection;

/* "in" / "out"; the parse returns FALSE for anything else. */
const char   *tix_store_direction_to_string      (TixStoreDirection direction);
gboolean      tix_store_direction_parse          (const char      *text,
                                                  TixStoreDirection *out);

/* Where a ticket is, as its last admitted scan left it. */
typedef struct
{
  gboolean  inside;
  gint64    entrance_id;  /* the entrance it came in by; 0: never in */
  gint64    last_in_at;   /* TIX_STORE_NO_TIME: never */
  gint64    last_out_at;  /* TIX_STORE_NO_TIME: never */
} TixStoreInside;

/* What a door accepts: @revision 0 accepts any (a scan by id or number);
 * @prefixes NULL accepts every prefix. */
typedef struct
{
  const char         *id;
  guint32             revision;
  const char * const *prefixes;
  const char         *station;
  /* An offline scan being uploaded: the station's id for it (a repeated one
   * gets the first answer again) and when it was made (0: now). */
  const char         *scan_id;
  gint64              scanned_at;
  /* The events a door admits (TIX_STORE_ERROR_OTHER_EVENT for the others);
   * none: every event. */
  const gint64       *event_ids;
  guint               n_event_ids;
  /* Door rules: the entrance (0, or one of another event: the ticket's
   * event's default entrance) and the way through it. */
  gint64              entrance_id;
  TixStoreDirection   direction;
} TixStoreScan;

/* One conditional UPDATE decides. On TIX_STORE_ERROR_DUPLICATE, _REPLACED,
 * _WRONG_PREFIX and _OTHER_EVENT, *out_ticket is the ticket as the store has it. */
gboolean      tix_store_scan_ticket              (TixStore        *self,
                                                  TixUser         *user,
                                                  const TixStoreScan *scan,
                                                  gint64           now_ms,
                                                  TixTicket      **out_ticket,
                                                  GError         **error);
/* A scan of a batch: in, the user and the scan; out, the ticket as the store
 * has it (when it exists) and the error (NULL when admitted). */
typedef struct
{
  TixUser      *user;
  TixStoreScan  scan;
  TixTicket    *ticket;
  GError       *error;
  gboolean      conflict;  /* an upload that another scan beat: kept for admins */
  gboolean      repeated;  /* an upload seen before: the first answer again */
  /* Door rules: what the scan log says of it ("first", "re-entry", "exit"
   * or the refusal's reason: "already-inside", "no-reentry", "not-inside",
   * "wrong-entrance", "closed", "full", "deleted", "unknown", "other-event",
   * "wrong-prefix", "replaced"; a static string), the entrance that
   * decided, and the ticket's inside state before this scan. */
  const char     *result;
  gint64          entrance_id;
  TixStoreInside  before;
} TixStoreScanJob;

/* Group commit: every job decided by its own conditional UPDATE, in order,
 * inside one transaction (one fsync); the caller frees ticket and error. */
void          tix_store_scan_tickets             (TixStore        *self,
                                                  TixStoreScanJob *jobs,
                                                  guint            n_jobs,
                                                  gint64           now_ms);
/* An attempt refused before it reached the store (a forged code, a number
 * that no ticket has): written to the scan log alone. */
gboolean      tix_store_log_attempt              (TixStore        *self,
                                                  TixUser         *user,
                                                  const TixStoreScan *scan,
                                                  const char      *number,
                                                  const char      *result,
                                                  gint64           now_ms,
                                                  GError         **error);
TixStoreInside *tix_store_get_inside             (TixStore        *self,
                                                  gint64           organization_id,
                                                  const char      *ticket_id,
                                                  GError         **error);
/* Undoes a scan: its own scanner within @grace_ms, admins and sellers always.
 * The ticket is as never scanned: out, and no longer counted inside. */
TixTicket    *tix_store_unscan_ticket            (TixStore        *self,
                                                  TixUser         *user,
                                                  const char      *id,
                                                  gint64           grace_ms,
                                                  gint64           now_ms,
                                                  GError         **error);
/* Bumps the revision: codes printed before stop working. */
TixTicket    *tix_store_reissue_ticket           (TixStore        *self,
                                                  TixUser         *user,
                                                  const char      *id,
                                                  gint64           now_ms,
                                                  GError         **error);
gboolean      tix_store_delete_ticket            (TixStore        *self,
                                                  TixUser         *user,
                                                  const char      *id,
                                                  gint64           now_ms,
                                                  GError         **error);
/* The tickets of @event_id (0: of every event); returns the number
 * deleted, or -1 on error (TIX_STORE_ERROR_NOT_FOUND: no such event). */
gint64        tix_store_clear_tickets            (TixStore        *self,
                                                  TixUser         *user,
                                                  gint64           event_id,
                                                  gint64           now_ms,
                                                  GError         **error);
TixStorePage *tix_store_list_tickets             (TixStore        *self,
                                                  gint64           organization_id,
                                                  const TixStoreQuery *query,
                                                  GError         **error);

/* Reports: counts kept up to date in the same transactions as the tickets. */
gboolean      tix_store_get_counts               (TixStore        *self,
                                                  gint64           organization_id,
                                                  gint64          *out_total,
                                                  gint64          *out_scanned,
                                                  GError         **error);
/* Tickets generated, and scans made, in [from_ms, to_ms), of @event_id (0:
 * of every event). */
gboolean      tix_store_count_between            (TixStore        *self,
                                                  gint64           organization_id,
                                                  gint64           event_id,
                                                  gint64           from_ms,
                                                  gint64           to_ms,
                                                  gint64          *out_generated,
                                                  gint64          *out_scanned,
                                                  GError         **error);

/* Settings: organization_name, event_name, event_date, time_zone,
 * default_prefix, sheet_layout, current_event_id; values already validated
 * by the caller (current_event_id: TIX_STORE_ERROR_NOT_FOUND for an event of
 * another organization, _ARCHIVED for an archived one). event_name and
 * event_date are those of the current event: its name, and the date
 * (YYYY-MM-DD, "" for none) of its start in the organization's time zone;
 * a new date moves the event to that day at the same time. */
GHashTable   *tix_store_get_settings             (TixStore        *self,
                                                  gint64           organization_id,
                                                  GError         **error);
gboolean      tix_store_update_settings          (TixStore        *self,
                                                  TixUser         *user,
                                                  GHashTable      *changes,
                                                  gint64           now_ms,
                                                  GError         **error);

/* Users of an organization, the audit log and the door (tix-store-admin.c).
 * @actor is the admin (or, for a password, the user) making the change; it
 * names the organization, and every change is audited in its name. */
GPtrArray    *tix_store_list_users               (TixStore        *self,
                                                  gint64           organization_id,
                                                  GError         **error);
/* TIX_STORE_ERROR_LIMIT when the organization has max_users already,
 * TIX_STORE_ERROR_EXISTS when the email is taken. Audited "user-added". */
TixUser      *tix_store_add_user                 (TixStore        *self,
                                                  TixUser         *actor,
                                                  const char      *email,
                                                  const char      *name,
                                                  const char      *role,
                                                  const char      *password_hash,
                                                  gint64           now_ms,
                                                  GError         **error);
/* TIX_STORE_ERROR_NOT_FOUND for a user of another organization,
 * TIX_STORE_ERROR_LIMIT when demoting the last admin. Audited "role-changed". */
TixUser      *tix_store_set_user_role            (TixStore        *self,
                                                  TixUser         *actor,
                                                  gint64           user_id,
                                                  const char      *role,
                                                  gint64           now_ms,
                                                  GError         **error);
/* Also ends the user's sessions but @keep_token_hash (NULL: all of them).
 * Audited "password-changed" (own) or "password-reset". */
gboolean      tix_store_set_user_password        (TixStore        *self,
                                                  TixUser         *actor,
                                                  gint64           user_id,
                                                  const char      *password_hash,
                                                  const char      *keep_token_hash,
                                                  gint64           now_ms,
                                                  GError         **error);
/* Ends the user's sessions too; TIX_STORE_ERROR_LIMIT for the last admin.
 * Audited "user-removed". */
gboolean      tix_store_remove_user              (TixStore        *self,
                                                  TixUser         *actor,
                                                  gint64           user_id,
                                                  gint64           now_ms,
                                                  GError         **error);
char         *tix_store_get_password_hash        (TixStore        *self,
                                                  gint64           user_id,
                                                  GError         **error);
/* Ends every session of @user_id but @keep_token_hash; returns how many
 * ended, or -1 on error. */
gint64        tix_store_remove_other_sessions    (TixStore        *self,
                                                  gint64           user_id,
                                                  const char      *keep_token_hash,
                                                  GError         **error);
/* TixAuditEntry, newest first: @limit rows with ids below @before_id (0: the
 * newest). */
GPtrArray    *tix_store_list_audit               (TixStore        *self,
                                                  gint64           organization_id,
                                                  gint64           before_id,
                                                  guint            limit,
                                                  GError         **error);

typedef struct
{
  gint64  id;        /* by user: the user's id (0: none) */
  char   *name;      /* by station: its id; by user: the name (NULL: unknown) */
  gint64  scanned;
} TixStoreCount;

typedef struct
{
  GArray    *scanned_at;  /* gint64 ms, in time order */
  GPtrArray *by_station;  /* TixStoreCount, most scans first */
  GPtrArray *by_user;     /* TixStoreCount, most scans first */
} TixStoreDoorScans;

void tix_store_door_scans_free (TixStoreDoorScans *scans);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TixStoreDoorScans, tix_store_door_scans_free)

/* The scans made in [from_ms, to_ms) that still stand, of tickets of
 * @event_id (0: of every event). */
TixStoreDoorScans *tix_store_get_door_scans      (TixStore        *self,
                                                  gint64           organization_id,
                                                  gint64           event_id,
                                                  gint64           from_ms,
                                                  gint64           to_ms,
                                                  GError         **error);

/* Offline stations (tix-store-sync.c). */
typedef struct
{
  char     *id;
  char     *number;
  char     *prefix;
  guint32   revision;
  gint64    scanned_at;   /* 0: not scanned */
  gboolean  deleted;
  gint64    version;      /* the change's number: pass the last as @since */
  gint64    event_id;     /* 0: deleted, or none */
  gboolean  refunded;     /* its order was refunded: void (issue 19) */
  /* Door rules (issue 20): what an offline station needs to apply them. */
  gint64    type_id;      /* 0: no type */
  gboolean  inside;
  gint64    entrance_id;  /* the entrance it came in by last; 0: never in */
  gint64    last_in_at;   /* TIX_STORE_NO_TIME: never in */
  gint64    last_out_at;  /* TIX_STORE_NO_TIME: never out */
} TixStoreChange;

typedef struct
{
  gint64  id;
  gint64  at;
  char   *ticket_id;
  gint64  first_scanned_at;
  char   *first_scanned_by_name;
  char   *first_station;
  char   *scan_id;
  gint64  second_scanned_at;
  char   *second_user_name;
  char   *second_station;
} TixStoreConflict;

/* TixStoreChange, in change order: every ticket changed (or deleted) after
 * change number @since, at most @limit. */
GPtrArray    *tix_store_list_changes             (TixStore        *self,
                                                  gint64           organization_id,
                                                  gint64           since,
                                                  guint            limit,
                                                  GError         **error);
/* What tix_store_list_changes () of @organization_id answers depends on: two
 * equal marks, the same pages. */
typedef struct
{
  gint64 changes;   /* the organization's change counter */
  gint64 horizon;   /* the first change number of its unpublished batches, or 0 */
} TixStoreSyncMark;

gboolean      tix_store_get_sync_mark            (TixStore         *self,
                                                  gint64            organization_id,
                                                  TixStoreSyncMark *mark,
                                                  GError          **error);
/* TixStoreConflict, newest first. */
GPtrArray    *tix_store_list_conflicts           (TixStore        *self,
                                                  gint64           organization_id,
                                                  guint            limit,
                                                  GError         **error);

/* Events (tix-store-events.c): a show, a performance, a match. Every
 * organization has at least one, and one of them is current (generates go
 * there unless told otherwise). Times are ms since the epoch. */
#define TIX_STORE_NO_TIME  G_GINT64_CONSTANT (-1)
#define TIX_STORE_NO_LIMIT G_GINT64_CONSTANT (-1)

typedef struct
{
  gint64    id;
  gint64    organization_id;
  char     *name;
  gint64    starts_at;    /* TIX_STORE_NO_TIME: not set */
  gint64    ends_at;      /* TIX_STORE_NO_TIME: not set */
  char     *venue;        /* NULL: not set */
  gint64    capacity;     /* most tickets; TIX_STORE_NO_LIMIT: none */
  gint64    max_inside;   /* most people inside at once; TIX_STORE_NO_LIMIT: none */
  gboolean  archived;
  gint64    created_at;
  gint64    total;        /* its tickets, kept with them (O(1)) */
  gint64    scanned;
  gint64    inside;       /* tickets inside now, kept with the scans (O(1)) */
} TixStoreEvent;

/* What tix_store_update_event () changes. */
typedef enum
{
  TIX_STORE_EVENT_NAME       = 1 << 0,
  TIX_STORE_EVENT_STARTS_AT  = 1 << 1,
  TIX_STORE_EVENT_ENDS_AT    = 1 << 2,
  TIX_STORE_EVENT_VENUE      = 1 << 3,
  TIX_STORE_EVENT_CAPACITY   = 1 << 4,
  TIX_STORE_EVENT_MAX_INSIDE = 1 << 5,
  TIX_STORE_EVENT_ARCHIVED   = 1 << 6,
} TixStoreEventField;

/* An event with every member unset. */
void          tix_store_event_init               (TixStoreEvent   *event);
void          tix_store_event_clear              (TixStoreEvent   *event);
void          tix_store_event_free               (TixStoreEvent   *event);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TixStoreEvent, tix_store_event_free)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (TixStoreEvent, tix_store_event_clear)

/* TixStoreEvent, soonest first (those without a start last); archived ones
 * only with @archived. */
GPtrArray    *tix_store_list_events              (TixStore        *self,
                                                  gint64           organization_id,
                                                  gboolean         archived,
                                                  GError         **error);
/* TIX_STORE_ERROR_NOT_FOUND for an event of another organization. */
TixStoreEvent *tix_store_get_event               (TixStore        *self,
                                                  gint64           organization_id,
                                                  gint64           event_id,
                                                  GError         **error);
gint64        tix_store_get_current_event_id     (TixStore        *self,
                                                  gint64           organization_id,
                                                  GError         **error);
/* From @event's name, times, venue and limits (its other members are not
 * read); audited "event-created". */
TixStoreEvent *tix_store_create_event            (TixStore        *self,
                                                  TixUser         *user,
                                                  const TixStoreEvent *event,
                                                  gint64           now_ms,
                                                  GError         **error);
/* The members of @fields from @changes; TIX_STORE_ERROR_LIMIT for a
 * capacity below the tickets it has, _IN_USE for archiving the current
 * event (it is never archived). Audited "event-updated". */
TixStoreEvent *tix_store_update_event            (TixStore        *self,
                                                  TixUser         *user,
                                                  gint64           event_id,
                                                  const TixStoreEvent *changes,
                                                  guint            fields,
                                                  gint64           now_ms,
                                                  GError         **error);
/* TIX_STORE_ERROR_IN_USE once it has tickets (archive it instead), and for
 * the current event. Audited "event-deleted". */
gboolean      tix_store_delete_event             (TixStore        *self,
                                                  TixUser         *user,
                                                  gint64           event_id,
                                                  gint64           now_ms,
                                                  GError         **error);
/* The busiest interval of @event_id's door: of the intervals of
 * @interval_ms that start @shift_ms (0 ≤ shift < interval) before a
 * multiple of @interval_ms since the epoch, the first that holds the most
 * scans that still stand. *@out_start_ms is TIX_STORE_NO_TIME (and
 * *@out_scanned 0) for an event without scans. The caller checks that the
 * event is of the organization. */
gboolean      tix_store_get_event_busiest        (TixStore        *self,
                                                  gint64           event_id,
                                                  gint64           interval_ms,
                                                  gint64           shift_ms,
                                                  gint64          *out_start_ms,
                                                  gint64          *out_scanned,
                                                  GError         **error);
/* The next show of a series: a new event like @event_id (venue, limits,
 * length) starting at @starts_at, named @name (NULL: the same name), with
 * its ticket types (none sold); it will copy the entrances once those exist. Audited
 * "event-copied". */
TixStoreEvent *tix_store_copy_event              (TixStore        *self,
                                                  TixUser         *user,
                                                  gint64           event_id,
                                                  gint64           starts_at,
                                                  const char      *name,
                                                  gint64           now_ms,
                                                  GError         **error);

/* Entrances (tix-store-entrances.c): the doors of an event. Each event has
 * one default entrance, made with it, that cannot be deleted. */
typedef struct
{
  gint64    id;
  gint64    organization_id;
  gint64    event_id;
  char     *name;
  GArray   *type_ids;     /* gint64, ascending; empty: every ticket type */
  gboolean  allow_exit;
  gboolean  allow_reentry;
  gint64    opens_at;     /* TIX_STORE_NO_TIME: not set */
  gint64    closes_at;    /* TIX_STORE_NO_TIME: not set */
  gboolean  is_default;
  gint64    inside;       /* came in here and are inside now (O(1)) */
} TixStoreEntrance;

typedef enum
{
  TIX_STORE_ENTRANCE_NAME          = 1 << 0,
  TIX_STORE_ENTRANCE_TYPE_IDS      = 1 << 1,
  TIX_STORE_ENTRANCE_ALLOW_EXIT    = 1 << 2,
  TIX_STORE_ENTRANCE_ALLOW_REENTRY = 1 << 3,
  TIX_STORE_ENTRANCE_OPENS_AT      = 1 << 4,
  TIX_STORE_ENTRANCE_CLOSES_AT     = 1 << 5,
} TixStoreEntranceField;

void          tix_store_entrance_init            (TixStoreEntrance *entrance);
void          tix_store_entrance_clear           (TixStoreEntrance *entrance);
void          tix_store_entrance_free            (TixStoreEntrance *entrance);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TixStoreEntrance, tix_store_entrance_free)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (TixStoreEntrance, tix_store_entrance_clear)

/* Whether @entrance admits a ticket of @type_id (0: a ticket without type). */
gboolean      tix_store_entrance_admits_type     (const TixStoreEntrance *entrance,
                                                  gint64           type_id);
/* Whether it is open at @at_ms. */
gboolean      tix_store_entrance_is_open         (const TixStoreEntrance *entrance,
                                                  gint64           at_ms);

/* TixStoreEntrance of @event_id, the default first; of every event of the
 * organization with @event_id 0. TIX_STORE_ERROR_NOT_FOUND for an event of
 * another organization. */
GPtrArray    *tix_store_list_entrances           (TixStore        *self,
                                                  gint64           organization_id,
                                                  gint64           event_id,
                                                  GError         **error);
TixStoreEntrance *tix_store_get_entrance         (TixStore        *self,
                                                  gint64           organization_id,
                                                  gint64           entrance_id,
                                                  GError         **error);
/* Audited "entrance-created". */
TixStoreEntrance *tix_store_create_entrance      (TixStore        *self,
                                                  TixUser         *user,
                                                  gint64           event_id,
                                                  const TixStoreEntrance *entrance,
                                                  gint64           now_ms,
                                                  GError         **error);
/* Audited "entrance-updated". */
TixStoreEntrance *tix_store_update_entrance      (TixStore        *self,
                                                  TixUser         *user,
                                                  gint64           entrance_id,
                                                  const TixStoreEntrance *changes,
                                                  guint            fields,
                                                  gint64           now_ms,
                                                  GError         **error);
/* TIX_STORE_ERROR_IN_USE for the default entrance; the tickets that came
 * in by it count as in by the default one from then on. Audited
 * "entrance-deleted". */
gboolean      tix_store_delete_entrance          (TixStore        *self,
                                                  TixUser         *user,
                                                  gint64           entrance_id,
                                                  gint64           now_ms,
                                                  GError         **error);

/* The scan log (tix-store-scan-log.c): every attempt at the door. */
typedef struct
{
  gint64    id;
  gint64    at;
  char     *ticket_id;    /* NULL: no such ticket */
  char     *number;
  gint64    event_id;     /* 0: unknown */
  gint64    entrance_id;  /* 0: unknown */
  TixStoreDirection direction;
  char     *result;
  char     *station;
  gint64    user_id;
  gboolean  uploaded;
} TixStoreScanLogEntry;

void          tix_store_scan_log_entry_free      (TixStoreScanLogEntry *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TixStoreScanLogEntry, tix_store_scan_log_entry_free)

typedef struct
{
  gint64      event_id;     /* 0: any */
  gint64      entrance_id;  /* 0: any */
  const char *result;       /* NULL: any */
  gint64      before_id;    /* the next page: ids below it; 0: the newest */
  guint       limit;
} TixStoreScanLogQuery;

/* TixStoreScanLogEntry, newest first. */
GPtrArray    *tix_store_list_scan_log            (TixStore        *self,
                                                  gint64           organization_id,
                                                  const TixStoreScanLogQuery *query,
                                                  GError         **error);

/* The door report's rules part: refusals by reason, and arrivals (first
 * entries and re-entries) and exits of the log, in [from_ms, to_ms). */
typedef struct
{
  GPtrArray *refused;       /* TixStoreCount (name: the reason), most first */
  GArray    *arrivals_at;   /* gint64 ms, in time order */
  GArray    *exits_at;      /* gint64 ms, in time order */
  GArray    *arrivals_entrance;  /* gint64: the entrance of each of arrivals_at (0: none) */
  GArray    *exits_entrance;     /* gint64: the entrance of each of exits_at (0: none) */
} TixStoreDoorFlow;

void          tix_store_door_flow_free           (TixStoreDoorFlow *flow);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TixStoreDoorFlow, tix_store_door_flow_free)

TixStoreDoorFlow *tix_store_get_door_flow        (TixStore        *self,
                                                  gint64           organization_id,
                                                  gint64           event_id,
                                                  gint64           from_ms,
                                                  gint64           to_ms,
                                                  GError         **error);

/* Ticket types (tix-store-types.c): what the desk sells of an event. Their
 * "available" counts the type's quota and the event's capacity. Another
 * organization's type or event is TIX_STORE_ERROR_NOT_FOUND. */
typedef enum
{
  TIX_STORE_TYPE_NAME   = 1 << 0,
  TIX_STORE_TYPE_PRICE  = 1 << 1,
  TIX_STORE_TYPE_PREFIX = 1 << 2,
  TIX_STORE_TYPE_QUOTA  = 1 << 3,
  TIX_STORE_TYPE_ACTIVE = 1 << 4,
} TixStoreTypeField;

/* TixTicketType of @event_id, in the order they were made. */
GPtrArray     *tix_store_list_ticket_types  (TixStore        *self,
                                             gint64           organization_id,
                                             gint64           event_id,
                                             GError         **error);
TixTicketType *tix_store_get_ticket_type    (TixStore        *self,
                                             gint64           organization_id,
                                             gint64           type_id,
                                             GError         **error);
/* From @type's event_id, name, price, prefix, quota and active; audited
 * "type-created". */
TixTicketType *tix_store_create_ticket_type (TixStore        *self,
                                             TixUser         *user,
                                             const TixTicketType *type,
                                             gint64           now_ms,
                                             GError         **error);
/* The members of @fields (TixStoreTypeField) from @changes; a quota below
 * what was sold is TIX_STORE_ERROR_LIMIT. Audited "type-updated". */
TixTicketType *tix_store_update_ticket_type (TixStore        *self,
                                             TixUser         *user,
                                             gint64           type_id,
                                             const TixTicketType *changes,
                                             guint            fields,
                                             gint64           now_ms,
                                             GError         **error);
/* Deletes a type that never sold; one that did is deactivated instead
 * (*@out_deactivated TRUE, and the type as it is now is returned). */
TixTicketType *tix_store_delete_ticket_type (TixStore        *self,
                                             TixUser         *user,
                                             gint64           type_id,
                                             gint64           now_ms,
                                             gboolean        *out_deactivated,
                                             GError         **error);

/* Shifts (tix-store-shifts.c): a cashier's till at a station. */
/* TIX_STORE_ERROR_EXISTS when @user has an open shift at @station. */
TixShift      *tix_store_open_shift         (TixStore        *self,
                                             TixUser         *user,
                                             const char      *station,
                                             gint64           opening_float,
                                             gint64           now_ms,
                                             GError         **error);
TixShift      *tix_store_get_shift          (TixStore        *self,
                                             gint64           organization_id,
                                             gint64           shift_id,
                                             GError         **error);
/* @user's open shift at @station (NULL: at any station, the latest);
 * TIX_STORE_ERROR_NOT_FOUND when there is none. */
TixShift      *tix_store_find_open_shift    (TixStore        *self,
                                             TixUser         *user,
                                             const char      *station,
                                             GError         **error);
/* The latest @limit shifts, newest first: of @user_id (0: everyone's) at
 * @station (NULL: any). */
GPtrArray     *tix_store_list_shifts        (TixStore        *self,
                                             gint64           organization_id,
                                             gint64           user_id,
                                             const char      *station,
                                             guint            limit,
                                             GError         **error);
/* The cash-up of a shift, open or closed. */
TixCashUp     *tix_store_get_cash_up        (TixStore        *self,
                                             gint64           organization_id,
                                             gint64           shift_id,
                                             GError         **error);
/* Closes the shift with the cash counted and returns its cash-up: its own
 * user or an admin (else TIX_STORE_ERROR_FORBIDDEN); one closed already is
 * TIX_STORE_ERROR_SHIFT_CLOSED. Audited "shift-closed". */
TixCashUp     *tix_store_close_shift        (TixStore        *self,
                                             TixUser         *user,
                                             gint64           shift_id,
                                             gint64           counted_cash,
                                             gint64           now_ms,
                                             GError         **error);

/* Orders (tix-store-orders.c): a sale at the desk, all or nothing. */
typedef struct
{
  gint64  type_id;
  gint64  quantity;
} TixStoreOrderLine;

typedef struct
{
  gint64                   event_id;
  const TixStoreOrderLine *lines;
  guint                    n_lines;
  TixPaymentMethod         method;
  gint64                   tendered;   /* cash: required; else ignored (-1) */
  const char              *station;
} TixStoreSale;

/* The order and its tickets in one transaction under the organization's
 * lock; what is available is read inside it. More than is available of a
 * line is TIX_STORE_ERROR_SOLD_OUT with *@out_available what is left of
 * it; a type of another event (or organization) _NOT_FOUND; without
 * @user's open shift at the station _NO_SHIFT; cash tendered short
 * _PAYMENT; an archived event _ARCHIVED. "free" sells at price 0 and is
 * audited "order-free". */
TixOrder      *tix_store_sell               (TixStore        *self,
                                             TixUser         *user,
                                             const TixStoreSale *sale,
                                             gint64           now_ms,
                                             gint64          *out_available,
                                             GError         **error);
/* With its items and tickets. */
TixOrder      *tix_store_get_order          (TixStore        *self,
                                             gint64           organization_id,
                                             gint64           order_id,
                                             GError         **error);
/* Newest first, without tickets: of @event_id and @shift_id (0: any), the
 * one numbered @number (0: any); from @before_id (0: the newest) on,
 * @limit of them; *@out_next the id to go on from (0: no more). */
GPtrArray     *tix_store_list_orders        (TixStore        *self,
                                             gint64           organization_id,
                                             gint64           event_id,
                                             gint64           shift_id,
                                             gint64           number,
                                             gint64           before_id,
                                             guint            limit,
                                             gint64          *out_next,
                                             GError         **error);
/* The orders made from @from_ms to before @to_ms (0: no end) of @event_id
 * (0: every event), with days in @time_zone (IANA; NULL: UTC) and money in
 * @currency (tix-store-sales.c). */
TixSalesReport *tix_store_get_sales_report  (TixStore        *self,
                                             gint64           organization_id,
                                             gint64           event_id,
                                             gint64           from_ms,
                                             gint64           to_ms,
                                             const char      *time_zone,
                                             const char      *currency,
                                             GError         **error);
/* Refunds an order: admins always, a seller their own sale within
 * @grace_ms (else TIX_STORE_ERROR_FORBIDDEN); twice is _REFUNDED. Its
 * tickets void (refunded_at, a new change number each, for the stations'
 * copies), the quotas and the event's seats back, the money counted in the
 * refunder's open shift (at @station, else their latest; none: _NO_SHIFT).
 * Audited "order-refunded". */
TixOrder      *tix_store_refund_order       (TixStore        *self,
                                             TixUser         *user,
                                             gint64           order_id,
                                             const char      *reason,
                                             const char      *station,
                                             gint64           grace_ms,
                                             gint64           now_ms,
                                             GError         **error);

G_END_DECLS
