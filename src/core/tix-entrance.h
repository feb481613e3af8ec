/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* One entrance of an event (door rules, GET /api/events/:id/entrances):
 * {id, event_id, name, type_ids, allow_exit, allow_reentry, opens_at,
 * closes_at, is_default, inside}. It admits the ticket types of
 * "type-ids" (none: every type), lets people out when "allow-exit" and
 * back in when "allow-reentry", between "opens-at" and "closes-at".
 *
 * Times are milliseconds since the Unix epoch (UTC), TIX_ENTRANCE_NO_TIME
 * when not set (null on the wire: no limit). A scan's answer names an
 * entrance by {id, name} (and, when closed, its hours) only: then
 * "event-id" is 0 and the rest as for a new entrance. */

#define TIX_ENTRANCE_NO_TIME G_GINT64_CONSTANT (-1)

/* The members a client sends: what tix_entrance_to_json_changes () writes. */
typedef enum
{
  TIX_ENTRANCE_FIELD_NAME          = 1 << 0,
  TIX_ENTRANCE_FIELD_TYPE_IDS      = 1 << 1,
  TIX_ENTRANCE_FIELD_ALLOW_EXIT    = 1 << 2,
  TIX_ENTRANCE_FIELD_ALLOW_REENTRY = 1 << 3,
  TIX_ENTRANCE_FIELD_OPENS_AT      = 1 << 4,
  TIX_ENTRANCE_FIELD_CLOSES_AT     = 1 << 5,
} TixEntranceField;

#define TIX_ENTRANCE_FIELDS_ALL (TIX_ENTRANCE_FIELD_NAME | TIX_ENTRANCE_FIELD_TYPE_IDS | \
                                 TIX_ENTRANCE_FIELD_ALLOW_EXIT | \
                                 TIX_ENTRANCE_FIELD_ALLOW_REENTRY | \
                                 TIX_ENTRANCE_FIELD_OPENS_AT | TIX_ENTRANCE_FIELD_CLOSES_AT)

#define TIX_TYPE_ENTRANCE (tix_entrance_get_type ())

G_DECLARE_FINAL_TYPE (TixEntrance, tix_entrance, TIX, ENTRANCE, GObject)

/* An entrance not made yet (id 0): every type, no exit, no re-entry, no hours. */
TixEntrance  *tix_entrance_new               (const char       *name);
/* The server's object; only "id" and "name" are required. */
TixEntrance  *tix_entrance_new_from_json     (JsonObject       *object,
                                              GError          **error);
/* The whole object, as the server writes it. */
void          tix_entrance_to_json           (TixEntrance      *self,
                                              JsonBuilder      *builder);
/* A request body of the members in @fields (POST or PUT). */
JsonNode     *tix_entrance_to_json_changes   (TixEntrance      *self,
                                              TixEntranceField  fields);
/* Whether a ticket of the type @type_id (0: none) goes in here. */
gboolean      tix_entrance_admits_type       (TixEntrance      *self,
                                              gint64            type_id);
/* Whether @at_ms is within its hours. */
gboolean      tix_entrance_is_open_at        (TixEntrance      *self,
                                              gint64            at_ms);

/* Properties (read-only, notified): "id", "event-id", "name", "allow-exit",
 * "allow-reentry", "opens-at", "closes-at", "is-default", "inside". */
gint64        tix_entrance_get_id            (TixEntrance      *self);
gint64        tix_entrance_get_event_id      (TixEntrance      *self);
const char   *tix_entrance_get_name          (TixEntrance      *self);
void          tix_entrance_set_name          (TixEntrance      *self,
                                              const char       *name);
/* The ticket types it admits, ascending (*@n_type_ids of them; none: every type). */
const gint64 *tix_entrance_get_type_ids      (TixEntrance      *self,
                                              guint            *n_type_ids);
void          tix_entrance_set_type_ids      (TixEntrance      *self,
                                              const gint64     *type_ids,
                                              guint             n_type_ids);
gboolean      tix_entrance_get_allow_exit    (TixEntrance      *self);
void          tix_entrance_set_allow_exit    (TixEntrance      *self,
                                              gboolean          allow_exit);
gboolean      tix_entrance_get_allow_reentry (TixEntrance      *self);
void          tix_entrance_set_allow_reentry (TixEntrance      *self,
                                              gboolean          allow_reentry);
gint64        tix_entrance_get_opens_at      (TixEntrance      *self);
void          tix_entrance_set_opens_at      (TixEntrance      *self,
                                              gint64            opens_at);
gint64        tix_entrance_get_closes_at     (TixEntrance      *self);
void          tix_entrance_set_closes_at     (TixEntrance      *self,
                                              gint64            closes_at);
/* The event's default entrance (never deleted). */
gboolean      tix_entrance_get_is_default    (TixEntrance      *self);
/* Who came in here and is inside now. */
gint64        tix_entrance_get_inside        (TixEntrance      *self);

G_END_DECLS
