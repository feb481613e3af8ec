/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* A ticket type of an event, as GET /api/events/:id/types gives it:
 * {id, event_id, name, price, prefix, quota, sold, available, active}.
 * @price is in minor units of the organization's currency (cents), never a
 * float. @quota and @available are TIX_TICKET_TYPE_NO_LIMIT (null on the
 * wire) when there is none: @available is what may still be sold, counting
 * the type's quota and the event's capacity. A boxed type, reference
 * counted; its members are read directly. */

#define TIX_TICKET_TYPE_NO_LIMIT G_GINT64_CONSTANT (-1)

typedef struct
{
  gint64    id;
  gint64    event_id;
  char     *name;
  gint64    price;
  char     *prefix;
  gint64    quota;
  gint64    sold;
  gint64    available;
  gboolean  active;
  gint64    created_at;   /* ms since the epoch */
} TixTicketType;

/* The members a client sends (POST /api/events/:id/types, PUT /api/types/:id). */
typedef enum
{
  TIX_TICKET_TYPE_FIELD_NAME   = 1 << 0,
  TIX_TICKET_TYPE_FIELD_PRICE  = 1 << 1,
  TIX_TICKET_TYPE_FIELD_PREFIX = 1 << 2,
  TIX_TICKET_TYPE_FIELD_QUOTA  = 1 << 3,
  TIX_TICKET_TYPE_FIELD_ACTIVE = 1 << 4,
} TixTicketTypeField;

#define TIX_TYPE_TICKET_TYPE (tix_ticket_type_get_type ())

GType          tix_ticket_type_get_type      (void) G_GNUC_CONST;
/* Every member unset: no name, no limits, active. */
TixTicketType *tix_ticket_type_new           (void);
TixTicketType *tix_ticket_type_ref           (TixTicketType *self);
void           tix_ticket_type_unref         (TixTicketType *self);
TixTicketType *tix_ticket_type_new_from_json (JsonObject    *object,
                                              GError       **error);
void           tix_ticket_type_to_json       (const TixTicketType *self,
                                              JsonBuilder   *builder);
/* A request body of the members in @fields. */
JsonNode      *tix_ticket_type_to_json_changes (const TixTicketType *self,
                                                TixTicketTypeField   fields);
/* Sold out: nothing more may be sold (or it is not active). */
gboolean       tix_ticket_type_is_sold_out   (const TixTicketType *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TixTicketType, tix_ticket_type_unref)

G_END_DECLS
