/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "tix-client.h"

G_BEGIN_DECLS

#define TIX_TYPE_EVENT_STREAM (tix_event_stream_get_type ())

G_DECLARE_FINAL_TYPE (TixEventStream, tix_event_stream, TIX, EVENT_STREAM, GObject)

/* The live events of GET /api/events for the session of a TixClient.
 *
 * Once started, the stream connects with the client's token and, whenever
 * the connection drops (server restarted, network gone), connects again by
 * itself, waiting a little longer after each failure.
 *
 * Signals:
 *  "event" (const char *type, JsonObject *event): one per message, e.g.
 *    "hello", "ticket-scanned" {ticket}, "tickets-generated" {prefix, count, …}.
 *  "stats" (gconstpointer TixStats *): the counters changed, from an event or
 *    from GET /api/reports/stats after each (re)connection.
 *  "session-ended": the server closed the stream because its session ended
 *    (logout, the user removed, a new password, expiry): the stream does not
 *    connect again with that token; a new token on the client (signing in
 *    again) connects it. A new role or a station too far behind makes it
 *    connect again at once (and reload, as after every reconnection).
 * Properties: "client" (construct only), "connected", "has-stats". */
TixEventStream *tix_event_stream_new           (TixClient      *client);
/* The one stream of @client that every view of a station shares (one
 * WebSocket, not one a view); a new reference. */
TixEventStream *tix_event_stream_get_shared    (TixClient      *client);
TixClient      *tix_event_stream_get_client    (TixEventStream *self);
/* Each start is one user: the stream runs until as many stops came. A user
 * that joins a running stream reads the state now from _get_connected and
 * _get_stats, as no notification is repeated for it. */
void            tix_event_stream_start         (TixEventStream *self);
/* Closes the connection and stops reconnecting once the last user stopped;
 * also done on dispose. */
void            tix_event_stream_stop          (TixEventStream *self);
gboolean        tix_event_stream_get_connected (TixEventStream *self);
/* FALSE until the first counters arrived. */
gboolean        tix_event_stream_get_stats     (TixEventStream *self,
                                                TixStats       *out_stats);
/* First delay before reconnecting, doubled after each failure up to
 * @max_ms; reset once connected. Defaults: 250 ms and 10 s. */
void            tix_event_stream_set_backoff   (TixEventStream *self,
                                                guint           initial_ms,
                                                guint           max_ms);

G_END_DECLS
