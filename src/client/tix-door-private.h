/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tix-door.h"

G_BEGIN_DECLS

/* TixDoor, split by concern the way TixServer is:
 *   tix-door.c          the object, its properties and state (online or not)
 *   tix-door-verdict.c  TixDoorVerdict, the answer to one scan
 *   tix-door-scan.c     a scan asked of the server, and the server's answer
 *   tix-door-offline.c  what the door does when the server is silent: it
 *                       decides from its copy and tries the server again
 *   tix-door-sync.c     keeping the copy current: GET /api/sync and events
 *   tix-door-upload.c   the queue of scans admitted offline, uploaded in order */

struct _TixDoor
{
  GObject         parent_instance;

  /* Owned */
  TixClient      *client;
  TixDoorCache   *cache;
  TixEventStream *stream;
  GCancellable   *cancellable;   /* everything the door started itself */
  GHashTable     *busy;          /* scan ids being uploaded or still in flight */
  GArray         *event_ids;     /* gint64: the events chosen; empty: the current one */
  gint64          current_event_id;  /* the organization's, as last heard; 0: not known */
  gint64          entrance_id;   /* the entrance scanned at; 0: the event's default */
  TixDoorDirection direction;

  guint           scan_timeout_ms;
  guint           retry_ms;
  guint           retry_id;
  guint           sync_id;
  guint           n_queued;

  guint           online : 1;
  guint           online_only : 1;
  guint           probing : 1;
  guint           stopped : 1;
  guint           draining : 1;
};

/* tix-door.c */
/* Reads the number of pending scans again and notifies "n-queued". */
void            tix_door_update_n_queued      (TixDoor            *self);
void            tix_door_emit_conflict        (TixDoor            *self,
                                               TixDoorQueuedScan  *scan,
                                               TixTicket          *ticket);
void            tix_door_emit_drained         (TixDoor            *self);
/* The events the door admits now: those chosen, else the current event;
 * none (every event) while that is not known. */
const gint64   *tix_door_get_admitted         (TixDoor            *self,
                                               guint              *out_n);
/* Whether a ticket of @event_id (0: not known, judged by its code) is
 * admitted here. */
gboolean        tix_door_admits_event         (TixDoor            *self,
                                               gint64              event_id);
/* What the server says is the current event now: kept in the copy. */
void            tix_door_set_current_event_id (TixDoor            *self,
                                               gint64              event_id);

/* tix-door-verdict.c */
TixDoorVerdict *tix_door_verdict_new          (TixDoorVerdictKind  kind,
                                               gboolean            offline);
/* Fills the ticket's fields from what the copy knows. */
void            tix_door_verdict_take_cached  (TixDoorVerdict     *verdict,
                                               TixDoorCacheTicket *ticket);
/* Fills the ticket's fields from the server's ticket (NULL: nothing). */
void            tix_door_verdict_take_ticket  (TixDoorVerdict     *verdict,
                                               TixTicket          *ticket);
/* A ticket of another event, @event (or NULL when not known): the
 * verdict's event and an error that names it. */
void            tix_door_verdict_set_other_event (TixDoorVerdict  *verdict,
                                                  TixEvent        *event);

/* The facts of a door rule's answer (entrance, when in or out, the
 * entrances that would take it, the full event). */
void            tix_door_verdict_take_outcome (TixDoorVerdict     *verdict,
                                               TixScanOutcome     *outcome);

/* tix-door-offline.c */
/* The verdict on @code from the copy alone; an admission is queued (and
 * durable) before it returns. */
TixDoorVerdict *tix_door_decide_offline       (TixDoor            *self,
                                               const char         *code,
                                               const char * const *prefixes);
/* Tries the server now (a sync), unless a try is under way. */
void            tix_door_probe                (TixDoor            *self);
/* (Re)starts trying the server every retry_ms. */
void            tix_door_start_retrying       (TixDoor            *self);

/* tix-door-sync.c */
/* A sync in @delay_ms, unless one is scheduled already. */
void            tix_door_schedule_sync        (TixDoor            *self,
                                               guint               delay_ms);

/* tix-door-upload.c */
/* Uploads the queue in the background if the server is there and scans
 * are pending. */
void            tix_door_drain_if_needed      (TixDoor            *self);

G_END_DECLS
