/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* One event of an organization's season (a show, a performance, a match),
 * as GET /api/events gives it: {id, name, starts_at, ends_at, venue,
 * capacity, max_inside, archived, created_at, tickets, scanned, inside}.
 *
 * Times are milliseconds since the Unix epoch (UTC), shown in the
 * organization's time zone; TIX_EVENT_NO_TIME when not set (null on the
 * wire). The limits are counts, TIX_EVENT_NO_LIMIT when there is none. */

#define TIX_EVENT_NO_TIME  G_GINT64_CONSTANT (-1)
#define TIX_EVENT_NO_LIMIT G_GINT64_CONSTANT (-1)

/* The members a client sends: what tix_event_to_json_changes () writes. */
typedef enum
{
  TIX_EVENT_FIELD_NAME       = 1 << 0,
  TIX_EVENT_FIELD_STARTS_AT  = 1 << 1,
  TIX_EVENT_FIELD_ENDS_AT    = 1 << 2,
  TIX_EVENT_FIELD_VENUE      = 1 << 3,
  TIX_EVENT_FIELD_CAPACITY   = 1 << 4,
  TIX_EVENT_FIELD_MAX_INSIDE = 1 << 5,
  TIX_EVENT_FIELD_ARCHIVED   = 1 << 6,
} TixEventField;

/* What a new event is made of: every member but "archived". */
#define TIX_EVENT_FIELDS_NEW (TIX_EVENT_FIELD_NAME | TIX_EVENT_FIELD_STARTS_AT | \
                              TIX_EVENT_FIELD_ENDS_AT | TIX_EVENT_FIELD_VENUE | \
                              TIX_EVENT_FIELD_CAPACITY | TIX_EVENT_FIELD_MAX_INSIDE)

#define TIX_TYPE_EVENT (tix_event_get_type ())

G_DECLARE_FINAL_TYPE (TixEvent, tix_event, TIX, EVENT, GObject)

/* An event not made yet (id 0): no times, venue or limits. */
TixEvent   *tix_event_new               (const char    *name);
/* The server's object; "tickets", "scanned", "inside", "archived" and
 * "created_at" may be missing (0, FALSE). */
TixEvent   *tix_event_new_from_json     (JsonObject    *object,
                                         GError       **error);
/* The whole object, as the server writes it. */
void        tix_event_to_json           (TixEvent      *self,
                                         JsonBuilder   *builder);
/* A request body of the members in @fields (POST or PUT /api/events). */
JsonNode   *tix_event_to_json_changes   (TixEvent      *self,
                                         TixEventField  fields);
/* Copies every member of @other into @self, notifying what changed: an
 * event a list shows, after an update or an event on the stream. */
void        tix_event_update_from       (TixEvent      *self,
                                         TixEvent      *other);

/* Properties (read-only, notified): "id", "name", "starts-at", "ends-at",
 * "venue", "capacity", "max-inside", "archived", "created-at", "tickets",
 * "scanned", "inside". */
gint64      tix_event_get_id            (TixEvent      *self);
const char *tix_event_get_name          (TixEvent      *self);
void        tix_event_set_name          (TixEvent      *self,
                                         const char    *name);
gint64      tix_event_get_starts_at     (TixEvent      *self);
void        tix_event_set_starts_at     (TixEvent      *self,
                                         gint64         starts_at);
gint64      tix_event_get_ends_at       (TixEvent      *self);
void        tix_event_set_ends_at       (TixEvent      *self,
                                         gint64         ends_at);
/* NULL when not set. */
const char *tix_event_get_venue         (TixEvent      *self);
void        tix_event_set_venue         (TixEvent      *self,
                                         const char    *venue);
/* The most tickets it may have. */
gint64      tix_event_get_capacity      (TixEvent      *self);
void        tix_event_set_capacity      (TixEvent      *self,
                                         gint64         capacity);
/* The most people inside at once. */
gint64      tix_event_get_max_inside    (TixEvent      *self);
void        tix_event_set_max_inside    (TixEvent      *self,
                                         gint64         max_inside);
/* Hidden from lists and stations, kept in reports. */
gboolean    tix_event_get_archived      (TixEvent      *self);
void        tix_event_set_archived      (TixEvent      *self,
                                         gboolean       archived);
/* TIX_EVENT_NO_TIME for an event not made yet. */
gint64      tix_event_get_created_at    (TixEvent      *self);
/* Its tickets, and how many of them are scanned. */
gint64      tix_event_get_n_tickets     (TixEvent      *self);
gint64      tix_event_get_n_scanned     (TixEvent      *self);
/* Who is inside now (door rules): as the server last said, or as the live
 * stream's event_stats.inside keeps it (tix_event_set_inside ()). */
gint64      tix_event_get_inside        (TixEvent      *self);
void        tix_event_set_inside        (TixEvent      *self,
                                         gint64         inside);

G_END_DECLS
