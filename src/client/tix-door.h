/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "tix-client.h"
#include "tix-door-cache.h"
#include "tix-event-stream.h"

G_BEGIN_DECLS

typedef enum
{
  TIX_DOOR_ADMITTED,
  TIX_DOOR_DUPLICATE,       /* already scanned: see scanned_at, scanned_by */
  TIX_DOOR_UNKNOWN,         /* no such ticket (number or code) */
  TIX_DOOR_FORGED,          /* the signature does not hold */
  TIX_DOOR_REPLACED,        /* a reissued ticket's old code */
  TIX_DOOR_WRONG_PREFIX,    /* a prefix this door does not admit */
  TIX_DOOR_OTHER_EVENT,     /* a ticket of an event this door does not admit: see event */
  TIX_DOOR_DELETED,         /* a ticket deleted since (the server's tombstone, or the copy's) */
  TIX_DOOR_ONLINE_ONLY,     /* offline, and this station must not admit offline */
  TIX_DOOR_FAILED,          /* not checked: see error */
  TIX_DOOR_REFUNDED,        /* a ticket of a refunded order: void (issue 19) */
  /* Door rules (a door with an entrance chosen, or scanning out). */
  TIX_DOOR_REENTRY,         /* welcome back: in again after an exit; see entrance */
  TIX_DOOR_EXIT,            /* goodbye: out; see entrance */
  TIX_DOOR_ALREADY_INSIDE,  /* in, and not out since: see entered_at, entrance (the one
                             * it came in by) */
  TIX_DOOR_NO_REENTRY,      /* went out; this entrance lets nobody back: see entered_at */
  TIX_DOOR_NOT_INSIDE,      /* out, but it is not inside: see exited_at (0: never in) */
  TIX_DOOR_WRONG_ENTRANCE,  /* not for this entrance (or no exit here): see entrances,
                             * those that would take it */
  TIX_DOOR_CLOSED,          /* outside the entrance's hours: see entrance */
  TIX_DOOR_FULL,            /* the event's max_inside are inside: see event */
} TixDoorVerdictKind;

/* Which way a door scans. */
typedef enum
{
  TIX_DOOR_DIRECTION_IN,
  TIX_DOOR_DIRECTION_OUT,
} TixDoorDirection;

/* The answer to one scan. */
typedef struct
{
  TixDoorVerdictKind  kind;
  gboolean            offline;      /* decided by this station from its copy */
  char               *scan_id;      /* the queued scan of an offline admission */
  TixTicket          *ticket;       /* online: the ticket as the server has it */
  char               *ticket_id;
  char               *number;       /* when known */
  char               *prefix;       /* when known */
  gint64              scanned_at;   /* duplicates: when (ms), 0 when not known */
  char               *scanned_by;   /* duplicates: by whom, NULL when not known */
  gboolean            scanned_here; /* duplicates: by this station, offline */
  TixEvent           *event;        /* other events: the one the ticket is for, when known */
  GError             *error;        /* the refusal or failure as the server said it */
  /* Door rules */
  TixDoorDirection    direction;    /* the scan's */
  TixEntrance        *entrance;     /* admitted, re-entry, exit: the entrance; already
                                     * inside, no re-entry: the one it came in by; closed:
                                     * the one closed, with its hours; NULL: not known */
  gint64              entered_at;   /* already inside, no re-entry: when it came in (ms) */
  gint64              exited_at;    /* not inside: when it went out (ms), 0: never in */
  GPtrArray          *entrances;    /* wrong entrance: (element-type TixEntrance) those
                                     * that would take it, or NULL */
} TixDoorVerdict;

#define TIX_TYPE_DOOR_VERDICT (tix_door_verdict_get_type ())
GType           tix_door_verdict_get_type (void) G_GNUC_CONST;
TixDoorVerdict *tix_door_verdict_copy     (const TixDoorVerdict *verdict);
void            tix_door_verdict_free     (TixDoorVerdict       *verdict);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TixDoorVerdict, tix_door_verdict_free)

#define TIX_TYPE_DOOR (tix_door_get_type ())

G_DECLARE_FINAL_TYPE (TixDoor, tix_door, TIX, DOOR, GObject)

/* The door's brain. Scans go to the server (POST /api/scan); when it cannot
 * be reached (or takes longer than the scan timeout, 2 s) the door decides
 * offline from its TixDoorCache: a correctly signed code of a ticket not
 * known as scanned, deleted or replaced is admitted and queued. While
 * offline it tries the server every few seconds; when it answers, the door
 * syncs its copy and uploads the queue in order, each with its scan id, so
 * a retried upload never scans twice.
 *
 * A door admits the tickets of the events it was given, or of the
 * organization's current event (the default, read from the server at each
 * sync and kept in the copy); a ticket of another event is a
 * TIX_DOOR_OTHER_EVENT verdict naming its event, online and offline alike.
 *
 * Door rules: a door scans at an entrance ("entrance-id", 0: the event's
 * default, as a door of the previous version did) and in or out
 * ("direction"). A second scan in of a ticket inside is
 * TIX_DOOR_ALREADY_INSIDE at a door with an entrance chosen, and stays
 * TIX_DOOR_DUPLICATE ("already scanned") at the default one.
 *
 * Properties: "client", "cache" (construct only), "online" (read-only),
 * "online-only" (refuse instead of deciding offline), "n-queued" (scans
 * waiting for upload), "event-ids" (GArray of gint64: the events chosen;
 * empty for the current one), "current-event-id" (read-only: the
 * organization's current event as the door last heard, 0 before),
 * "entrance-id" (gint64, 0: the default entrance), "direction"
 * (TixDoorDirection, TIX_TYPE_DOOR_DIRECTION).
 * Signals: "conflict" (TixDoorQueuedScan *scan, TixTicket *ticket or NULL):
 * an upload found the ticket scanned by another scan; "drained": the queue
 * is empty after an upload round. */
TixDoor        *tix_door_new               (TixClient           *client,
                                            TixDoorCache        *cache);
TixClient      *tix_door_get_client        (TixDoor             *self);
TixDoorCache   *tix_door_get_cache         (TixDoor             *self);
gboolean        tix_door_get_online        (TixDoor             *self);
gboolean        tix_door_get_online_only   (TixDoor             *self);
void            tix_door_set_online_only   (TixDoor             *self,
                                            gboolean             online_only);
guint           tix_door_get_n_queued      (TixDoor             *self);
/* @scan_timeout_ms: how long a scan waits for the server before deciding
 * offline (default 2000); @retry_ms: how often the server is tried while
 * offline (default 3000). */
void            tix_door_set_timeouts      (TixDoor             *self,
                                            guint                scan_timeout_ms,
                                            guint                retry_ms);
/* The events this door admits: @n_event_ids of them (at most
 * TIX_CLIENT_MAX_SCAN_EVENTS), or none for the organization's current
 * event. While the current event is not known yet (before the first sync,
 * or from a server before events), a door of the current event admits
 * every event. */
void            tix_door_set_event_ids     (TixDoor             *self,
                                            const gint64        *event_ids,
                                            guint                n_event_ids);
/* The events chosen (*@n_event_ids of them; none: the current one). */
const gint64   *tix_door_get_event_ids     (TixDoor             *self,
                                            guint               *n_event_ids);
gint64          tix_door_get_current_event_id (TixDoor          *self);
/* The entrance this door scans at: an entrance of an event it admits, or
 * 0 for the event's default entrance. */
gint64          tix_door_get_entrance_id   (TixDoor             *self);
void            tix_door_set_entrance_id   (TixDoor             *self,
                                            gint64               entrance_id);
TixDoorDirection tix_door_get_direction    (TixDoor             *self);
void            tix_door_set_direction     (TixDoor             *self,
                                            TixDoorDirection     direction);
/* Keeps the copy current from @stream's events (NULL to stop). */
void            tix_door_watch_events      (TixDoor             *self,
                                            TixEventStream      *stream);

/* @prefixes: NULL or the prefixes this door admits. Never fails: a scan
 * that could not be checked is a TIX_DOOR_FAILED verdict. */
void            tix_door_scan_async        (TixDoor             *self,
                                            const char          *code,
                                            const char * const  *prefixes,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
TixDoorVerdict *tix_door_scan_finish       (TixDoor             *self,
                                            GAsyncResult        *result,
                                            GError             **error);

/* Brings the copy up to date (GET /api/sync until no more). */
void            tix_door_sync_async        (TixDoor             *self,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean        tix_door_sync_finish       (TixDoor             *self,
                                            GAsyncResult        *result,
                                            GError             **error);

/* Uploads the queued scans, oldest first; stops at the first one the server
 * cannot take now (unreachable). TRUE when the queue is empty after. */
void            tix_door_drain_async       (TixDoor             *self,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean        tix_door_drain_finish      (TixDoor             *self,
                                            GAsyncResult        *result,
                                            GError             **error);

/* Cancels what the door has under way and stops trying the server; the
 * queue stays in the cache for the next door. Also done on dispose. */
void            tix_door_stop              (TixDoor             *self);

/* Tells the door the server is gone (or back) now, e.g. for tests; the door
 * also finds out by itself. Going online syncs and drains. */
void            tix_door_set_online        (TixDoor             *self,
                                            gboolean             online);

G_END_DECLS
