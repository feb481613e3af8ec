/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "tix-order.h"
#include "tix-shift.h"

G_BEGIN_DECLS

/* The cash-up (Z report) of a shift, as POST /api/shifts/:id/close and
 * GET /api/shifts/:id/report give it: {shift, orders, total,
 * sales_by_method: [{method, count, amount}], sales_by_type: [{type_id,
 * name, quantity, amount}], refunds: {count, amount, cash}, expected_cash,
 * counted_cash, difference}. The sales are those made in the shift
 * (refunded ones included: their refund is a refund); the refunds are those
 * made in it, of any order. expected_cash = opening float + cash sales −
 * cash refunds; difference = counted − expected (null while open). Money
 * in minor units. A boxed type, reference counted. */

typedef struct
{
  TixPaymentMethod method;
  gint64           count;
  gint64           amount;
} TixCashUpMethod;

typedef struct
{
  gint64  type_id;
  char   *name;
  gint64  quantity;
  gint64  amount;
} TixCashUpType;

typedef struct
{
  TixShift        *shift;
  gint64           orders;
  gint64           total;
  TixCashUpMethod  by_method[TIX_N_PAYMENT_METHODS];
  GArray          *by_type;         /* TixCashUpType */
  gint64           refunds_count;
  gint64           refunds_amount;
  gint64           refunds_cash;
  gint64           expected_cash;
  gint64           counted_cash;    /* TIX_SHIFT_NOT_COUNTED while open */
} TixCashUp;

#define TIX_TYPE_CASH_UP (tix_cash_up_get_type ())

GType      tix_cash_up_get_type       (void) G_GNUC_CONST;
/* With @shift (a reference is taken), nothing counted yet. */
TixCashUp *tix_cash_up_new            (TixShift     *shift);
TixCashUp *tix_cash_up_ref            (TixCashUp    *self);
void       tix_cash_up_unref          (TixCashUp    *self);
void       tix_cash_up_add_type       (TixCashUp    *self,
                                       gint64        type_id,
                                       const char   *name,
                                       gint64        quantity,
                                       gint64        amount);
/* Sets expected_cash from the float, the cash sales and the cash refunds. */
void       tix_cash_up_compute        (TixCashUp    *self);
/* counted − expected; 0 while not counted. */
gint64     tix_cash_up_get_difference (const TixCashUp *self);
TixCashUp *tix_cash_up_new_from_json  (JsonObject   *object,
                                       GError      **error);
void       tix_cash_up_to_json        (const TixCashUp *self,
                                       JsonBuilder  *builder);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TixCashUp, tix_cash_up_unref)

G_END_DECLS
