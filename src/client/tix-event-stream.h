/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "tix-client.h"

G_BEGIN_DECLS

/* What happened to a ticket, as "ticket-changed" says it (and its detail:
 * the nick, "ticket-changed::scanned"). */
typedef enum
{
  TIX_TICKET_CHANGE_SCANNED,
  TIX_TICKET_CHANGE_UNSCANNED,
  TIX_TICKET_CHANGE_DELETED,
} TixTicketChange;

#define TIX_TYPE_TICKET_CHANGE (tix_ticket_change_get_type ())
GType tix_ticket_change_get_type (void) G_GNUC_CONST;

/* Why the server ended the stream's session ("session-ended"). */
typedef enum
{
  TIX_SESSION_END_REVOKED,  /* logged out, the user removed, a new password */
  TIX_SESSION_END_EXPIRED,  /* its time was up */
  TIX_SESSION_END_REFUSED,  /* the token was not taken when connecting */
} TixSessionEnd;

#define TIX_TYPE_SESSION_END (tix_session_end_get_type ())
GType tix_session_end_get_type (void) G_GNUC_CONST;

/* One event's counts as the stream's event_stats carry them. */
typedef struct
{
  gint64   event_id;
  TixStats stats;
  gint64   inside;    /* who is inside now (door rules; 0 from a server before them) */
} TixEventStats;

#define TIX_TYPE_EVENT_STREAM (tix_event_stream_get_type ())

G_DECLARE_FINAL_TYPE (TixEventStream, tix_event_stream, TIX, EVENT_STREAM, GObject)

/* The live events of GET /api/events for the session of a TixClient.
 *
 * Once started, the stream connects with the client's token and, whenever
 * the connection drops (server restarted, network gone), connects again by
 * itself, waiting a little longer after each failure.
 *
 * Each message of the server comes out as a typed signal; nothing of its
 * JSON goes further than this file.
 *
 * Signals:
 *  "ticket-changed" (TixTicketChange change, TixTicket *ticket), detailed by
 *    the change's nick ("ticket-changed::scanned", "::unscanned",
 *    "::deleted"): a station scanned, unscanned or deleted @ticket, which is
 *    as the server has it now.
 *  "tickets-generated" (const char *prefix, guint count, const char
 *    *first_number, const char *last_number): @count new tickets; the event
 *    names their range, not each ticket.
 *  "tickets-cleared" (gint64 deleted): every ticket was deleted.
 *  "settings-changed" (TixSettings *settings): the organization's settings
 *    as they are now, read (GET /api/settings) after a station saved them and
 *    after each (re)connection; emitted when they differ from the last ones
 *    read (the first ones always). Also tix_event_stream_get_settings().
 *  "stats" (gconstpointer TixStats *): the counters changed, from an event or
 *    from GET /api/reports/stats after each (re)connection.
 *  "event-created", "event-updated", "event-deleted" (TixEvent *event): an
 *    event of the season was made (also a copy), changed (also archived,
 *    brought back; with its counts as they are) or deleted, as the server
 *    has it now (the deleted one as it was).
 *  "event-stats" (gconstpointer TixEventStats *): one event's counts and who
 *    is inside it now changed (a scan, an exit, tickets made or deleted).
 *    Also tix_event_stream_get_event_stats().
 *  "ticket-passed" (TixTicket *ticket, gboolean exit): door rules: @ticket
 *    came back in (a re-entry) or, with @exit, went out; a first entry is
 *    "ticket-changed::scanned".
 *  "session-ended" (TixSessionEnd reason): the server closed the stream
 *    because its session ended (logout, the user removed, a new password,
 *    expiry): the stream does not connect again with that token; a new token
 *    on the client (signing in again) connects it. A new role or a station
 *    too far behind makes it connect again at once (and reload, as after
 *    every reconnection).
 * Properties: "client" (construct only), "connected" (TRUE from the server's
 * hello on), "has-stats". */
TixEventStream *tix_event_stream_new           (TixClient      *client);
TixClient      *tix_event_stream_get_client    (TixEventStream *self);
/* Connects (and keeps connecting); starting a started stream does nothing.
 * The station has one stream, its TixSession's: whoever joins it running
 * reads the state now from _get_connected, _get_stats and _get_settings, as
 * no notification is repeated for it. */
void            tix_event_stream_start         (TixEventStream *self);
/* Closes the connection and stops reconnecting; also done on dispose. */
void            tix_event_stream_stop          (TixEventStream *self);
gboolean        tix_event_stream_get_connected (TixEventStream *self);
/* FALSE until the first counters arrived. */
gboolean        tix_event_stream_get_stats     (TixEventStream *self,
                                                TixStats       *out_stats);
/* The last settings read, or NULL until the first came. */
TixSettings    *tix_event_stream_get_settings  (TixEventStream *self);
/* The last counts heard of the event @event_id; FALSE before any. */
gboolean        tix_event_stream_get_event_stats (TixEventStream *self,
                                                  gint64          event_id,
                                                  TixEventStats  *out_stats);
/* First delay before reconnecting, doubled after each failure up to
 * @max_ms; reset once connected. Defaults: 250 ms and 10 s. */
void            tix_event_stream_set_backoff   (TixEventStream *self,
                                                guint           initial_ms,
                                                guint           max_ms);

G_END_DECLS
