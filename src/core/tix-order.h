/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "tix-ticket.h"

G_BEGIN_DECLS

/* A sale at the desk, as POST /api/orders answers it: {id, number,
 * event_id, created_at, seller: {id, name}, station, shift_id, items:
 * [{type_id, name, price, quantity}], total, payment: {method, tendered,
 * change}, status, refunded_at, tickets: [ticket, …]}. Money in minor units
 * (gint64), never a float. A boxed type, reference counted; its members are
 * read directly. */

typedef enum
{
  TIX_PAYMENT_CASH,
  TIX_PAYMENT_CARD,
  TIX_PAYMENT_OTHER,
  TIX_PAYMENT_FREE,
} TixPaymentMethod;

#define TIX_N_PAYMENT_METHODS 4

typedef enum
{
  TIX_ORDER_PAID,
  TIX_ORDER_REFUNDED,
} TixOrderStatus;

typedef struct
{
  gint64  type_id;
  char   *name;
  gint64  price;      /* of one */
  gint64  quantity;
} TixOrderItem;

typedef struct
{
  gint64            id;
  gint64            number;       /* per organization, from 1 */
  gint64            event_id;
  gint64            created_at;   /* ms since the epoch */
  gint64            seller_id;
  char             *seller_name;
  char             *station;
  gint64            shift_id;
  GArray           *items;        /* TixOrderItem */
  gint64            total;
  TixPaymentMethod  method;
  gint64            tendered;     /* cash: what was handed over; else the total */
  gint64            change;       /* cash: tendered − total; else 0 */
  TixOrderStatus    status;
  gint64            refunded_at;  /* 0: not refunded */
  GPtrArray        *tickets;      /* TixTicket; empty in lists */
} TixOrder;

#define TIX_TYPE_ORDER (tix_order_get_type ())

GType        tix_order_get_type        (void) G_GNUC_CONST;
TixOrder    *tix_order_new             (void);
TixOrder    *tix_order_ref             (TixOrder     *self);
void         tix_order_unref           (TixOrder     *self);
void         tix_order_add_item        (TixOrder     *self,
                                        gint64        type_id,
                                        const char   *name,
                                        gint64        price,
                                        gint64        quantity);
TixOrder    *tix_order_new_from_json   (JsonObject   *object,
                                        GError      **error);
void         tix_order_to_json         (const TixOrder *self,
                                        JsonBuilder  *builder);

/* "cash", "card", "other", "free"; FALSE for anything else. */
const char  *tix_payment_method_to_string   (TixPaymentMethod  method);
gboolean     tix_payment_method_from_string (const char       *text,
                                             TixPaymentMethod *out);
const char  *tix_order_status_to_string     (TixOrderStatus    status);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TixOrder, tix_order_unref)

G_END_DECLS
