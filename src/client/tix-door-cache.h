/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "tix-entrance.h"
#include "tix-event.h"
#include "tix-ticket-code.h"

G_BEGIN_DECLS

#define TIX_DOOR_CACHE_ERROR (tix_door_cache_error_quark ())

typedef enum
{
  TIX_DOOR_CACHE_ERROR_FAILED,     /* SQLite said no */
  TIX_DOOR_CACHE_ERROR_INVALID,    /* a sync reply that is not what the API promises */
} TixDoorCacheError;

/* What the station knows of one ticket, as of the last sync or event. */
typedef struct
{
  char     *id;
  char     *number;
  char     *prefix;
  guint32   revision;
  gint64    scanned_at;     /* ms since the epoch; 0: not scanned */
  char     *scanned_by;     /* name, when known; NULL otherwise */
  gboolean  scanned_here;   /* admitted offline by this station, not uploaded yet */
  gboolean  deleted;
  gint64    event_id;       /* the event it is for; 0: not known (a server before events) */
  gboolean  refunded;       /* its order was refunded: void */
  /* Door rules: as this station knows it (its own scans not uploaded yet
   * included). */
  gint64    type_id;        /* 0: no type */
  gboolean  inside;
  gint64    entrance_id;    /* the entrance it came in by last; 0: not known */
  gint64    last_in_at;     /* ms; 0: never in */
  gint64    last_out_at;    /* ms; 0: never out */
} TixDoorCacheTicket;

void tix_door_cache_ticket_free (TixDoorCacheTicket *ticket);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TixDoorCacheTicket, tix_door_cache_ticket_free)

typedef enum
{
  TIX_DOOR_QUEUE_PENDING,    /* admitted offline, not uploaded yet */
  TIX_DOOR_QUEUE_UPLOADED,   /* the server took it */
  TIX_DOOR_QUEUE_CONFLICT,   /* the server had it scanned by another scan */
  TIX_DOOR_QUEUE_REFUSED,    /* the server refused it (deleted meanwhile, …) */
} TixDoorQueueState;

/* A scan this station made offline, in the order it was made. */
typedef struct
{
  gint64             seq;
  char              *scan_id;
  char              *code;        /* what was scanned: a code or a number */
  char              *ticket_id;
  gint64             scanned_at;  /* ms */
  char              *station;
  TixDoorQueueState  state;
  char              *message;     /* the server's answer when not uploaded */
  /* Door rules */
  gint64             entrance_id; /* the entrance the door scanned at; 0: the default */
  gboolean           exit;        /* a scan out (else in) */
} TixDoorQueuedScan;

void tix_door_queued_scan_free (TixDoorQueuedScan *scan);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TixDoorQueuedScan, tix_door_queued_scan_free)

#define TIX_TYPE_DOOR_CACHE (tix_door_cache_get_type ())

G_DECLARE_FINAL_TYPE (TixDoorCache, tix_door_cache, TIX, DOOR_CACHE, GObject)

/* A station's offline copy of what it needs to judge a ticket at the door:
 * the organization's public key, every ticket's revision and scan state, and
 * the queue of scans made offline. One SQLite file (WAL, synchronous=FULL:
 * a queued scan survives the app being killed). */

GQuark              tix_door_cache_error_quark      (void);

/* Says that @server_url (NULL: none) is this process's embedded server,
 * known by @identity (such as its database's path) whatever its port. */
void                tix_door_cache_set_local_server (const char         *server_url,
                                                     const char         *identity);
/* $XDG_DATA_HOME/tix/door-<hash>.db for this server and organization; for
 * the embedded server, one file per database and organization (and the
 * ones earlier versions left at each start are removed). */
char               *tix_door_cache_default_path     (const char         *server_url,
                                                     gint64              organization_id);

TixDoorCache       *tix_door_cache_new              (const char         *path,
                                                     GError            **error);
const char         *tix_door_cache_get_path         (TixDoorCache       *self);

/* FALSE until a sync brought the key. */
#define TIX_DOOR_KEY_BYTES TIX_TICKET_CODE_PUBLIC_KEY_BYTES
gboolean            tix_door_cache_get_public_key   (TixDoorCache       *self,
                                                     guint8              out_key[TIX_DOOR_KEY_BYTES]);
gboolean            tix_door_cache_set_public_key   (TixDoorCache       *self,
                                                     const guint8        key[TIX_DOOR_KEY_BYTES],
                                                     GError            **error);
/* The "next" of the last sync applied; 0 before the first. */
gint64              tix_door_cache_get_cursor       (TixDoorCache       *self);

/* Applies one page of GET /api/sync in one transaction: the key, the
 * changes (each with its event), the events and the cursor. *out_more is
 * the reply's "more". */
gboolean            tix_door_cache_apply_sync       (TixDoorCache       *self,
                                                     JsonObject         *reply,
                                                     gboolean           *out_more,
                                                     GError            **error);
/* One ticket's state, e.g. from an event. A ticket this station admitted
 * offline stays scanned until its upload is answered. */
gboolean            tix_door_cache_put_ticket       (TixDoorCache       *self,
                                                     const TixDoorCacheTicket *ticket,
                                                     GError            **error);
/* Scan state only (events "ticket-scanned"/"ticket-unscanned"); @scanned_at 0
 * for unscanned. Unknown ids are left for the next sync. */
gboolean            tix_door_cache_set_scanned      (TixDoorCache       *self,
                                                     const char         *id,
                                                     gint64              scanned_at,
                                                     const char         *scanned_by,
                                                     GError            **error);
gboolean            tix_door_cache_set_deleted      (TixDoorCache       *self,
                                                     const char         *id,
                                                     GError            **error);
/* Every ticket deleted ("tickets-cleared"). */
gboolean            tix_door_cache_delete_all       (TixDoorCache       *self,
                                                     GError            **error);

/* NULL when unknown. */
TixDoorCacheTicket *tix_door_cache_lookup           (TixDoorCache       *self,
                                                     const char         *id);
TixDoorCacheTicket *tix_door_cache_lookup_number    (TixDoorCache       *self,
                                                     const char         *number);
guint               tix_door_cache_get_n_tickets    (TixDoorCache       *self);

/* The events of the organization as the last sync brought them (archived
 * ones too): the one of @event_id, or NULL when not known. */
TixEvent           *tix_door_cache_lookup_event     (TixDoorCache       *self,
                                                     gint64              event_id);
/* The organization's current event as a door last heard it, so that a
 * station started offline admits it too; 0 when not known. */
gint64              tix_door_cache_get_current_event_id (TixDoorCache   *self);
gboolean            tix_door_cache_set_current_event_id (TixDoorCache   *self,
                                                         gint64          event_id,
                                                         GError        **error);

/* The entrances of the events as the last sync brought them: those of
 * @event_id (element-type TixEntrance), the default first; NULL when the
 * copy knows none (a server before door rules, or no sync yet). */
GPtrArray          *tix_door_cache_list_entrances   (TixDoorCache       *self,
                                                     gint64              event_id);
/* NULL when not known. */
TixEntrance        *tix_door_cache_lookup_entrance  (TixDoorCache       *self,
                                                     gint64              entrance_id);
TixEntrance        *tix_door_cache_get_default_entrance (TixDoorCache   *self,
                                                         gint64          event_id);
/* Who of @event_id is inside as far as this station knows: the tickets
 * inside as of the last sync, with its own scans since. */
gint64              tix_door_cache_count_inside     (TixDoorCache       *self,
                                                     gint64              event_id);
/* The server's word on a ticket's inside state (an online scan's answer):
 * in at @entrance_id at @at_ms, or out at @at_ms. Unknown ids are left for
 * the next sync. */
gboolean            tix_door_cache_set_inside       (TixDoorCache       *self,
                                                     const char         *id,
                                                     gboolean            inside,
                                                     gint64              entrance_id,
                                                     gint64              at_ms,
                                                     GError            **error);

/* A scan made offline by the door rules: @entrance_id the entrance the door
 * scans at (0: the default, as uploaded), @at_entrance the one that let it
 * through (for the ticket's inside state), @exit a scan out. Queued, and
 * its ticket marked (scanned on a first entry; inside or out), in one
 * transaction, durable when it returns. */
gboolean            tix_door_cache_enqueue_scan     (TixDoorCache       *self,
                                                     const char         *scan_id,
                                                     const char         *code,
                                                     const char         *ticket_id,
                                                     const char         *number,
                                                     const char         *prefix,
                                                     gint64              scanned_at,
                                                     const char         *station,
                                                     gint64              entrance_id,
                                                     gint64              at_entrance,
                                                     gboolean            exit,
                                                     GError            **error);
/* Queues a scan made offline and marks its ticket scanned here, in one
 * transaction, durable when it returns: a first entry at the default
 * entrance (tix_door_cache_enqueue_scan ()). */
gboolean            tix_door_cache_enqueue          (TixDoorCache       *self,
                                                     const char         *scan_id,
                                                     const char         *code,
                                                     const char         *ticket_id,
                                                     const char         *number,
                                                     const char         *prefix,
                                                     gint64              scanned_at,
                                                     const char         *station,
                                                     GError            **error);
/* Returns: (element-type TixDoorQueuedScan) the scans in @state, oldest first. */
GPtrArray          *tix_door_cache_list_queue       (TixDoorCache       *self,
                                                     TixDoorQueueState   state);
guint               tix_door_cache_count_queue      (TixDoorCache       *self,
                                                     TixDoorQueueState   state);
gboolean            tix_door_cache_set_queue_state  (TixDoorCache       *self,
                                                     const char         *scan_id,
                                                     TixDoorQueueState   state,
                                                     const char         *message,
                                                     GError            **error);

G_END_DECLS
