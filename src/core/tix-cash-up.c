/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-cash-up"

#include "config.h"

#include "tix-cash-up.h"
#include "tix-json.h"

G_DEFINE_BOXED_TYPE (TixCashUp, tix_cash_up, tix_cash_up_ref, tix_cash_up_unref)

static void
type_clear (gpointer data)
{
  TixCashUpType *type = data;

  g_free (type->name);
}

TixCashUp *
tix_cash_up_new (TixShift *shift)
{
  TixCashUp *self = g_atomic_rc_box_new0 (TixCashUp);

  g_return_val_if_fail (shift != NULL, NULL);

  self->shift = tix_shift_ref (shift);
  for (guint i = 0; i < TIX_N_PAYMENT_METHODS; i++)
    self->by_method[i].method = (TixPaymentMethod) i;
  self->by_type = g_array_new (FALSE, TRUE, sizeof (TixCashUpType));
  g_array_set_clear_func (self->by_type, type_clear);
  self->counted_cash = shift->counted_cash;
  self->expected_cash = shift->opening_float;
  return self;
}

TixCashUp *
tix_cash_up_ref (TixCashUp *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return g_atomic_rc_box_acquire (self);
}

static void
clear (gpointer data)
{
  TixCashUp *self = data;

  tix_shift_unref (self->shift);
  g_array_unref (self->by_type);
}

void
tix_cash_up_unref (TixCashUp *self)
{
  g_return_if_fail (self != NULL);
  g_atomic_rc_box_release_full (self, clear);
}

void
tix_cash_up_add_type (TixCashUp  *self,
                      gint64      type_id,
                      const char *name,
                      gint64      quantity,
                      gint64      amount)
{
  TixCashUpType type = { type_id, g_strdup (name), quantity, amount };

  g_return_if_fail (self != NULL);
  g_array_append_val (self->by_type, type);
}

void
tix_cash_up_compute (TixCashUp *self)
{
  g_return_if_fail (self != NULL);
  self->expected_cash = self->shift->opening_float + self->by_method[TIX_PAYMENT_CASH].amount -
                        self->refunds_cash;
}

gint64
tix_cash_up_get_difference (const TixCashUp *self)
{
  g_return_val_if_fail (self != NULL, 0);
  if (self->counted_cash == TIX_SHIFT_NOT_COUNTED)
    return 0;
  return self->counted_cash - self->expected_cash;
}

static gboolean
fail (GError     **error,
      const char  *member)
{
  g_set_error (error, TIX_JSON_ERROR, TIX_JSON_ERROR_TYPE, "“%s” is missing or not valid", member);
  return FALSE;
}

static JsonArray *
array_member (JsonObject *object,
              const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static JsonObject *
object_of (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static gboolean
read_methods (TixCashUp   *self,
              JsonArray   *methods,
              GError     **error)
{
  for (guint i = 0; i < json_array_get_length (methods); i++)
    {
      JsonObject *o = object_of (json_array_get_element (methods, i));
      const char *name = NULL;
      TixPaymentMethod method;
      gint64 count = 0, amount = 0;

      if (o == NULL || !tix_json_get_string (o, "method", TRUE, &name, error) ||
          !tix_payment_method_from_string (name, &method) ||
          !tix_json_get_int (o, "count", TRUE, 0, G_MAXINT64, &count, error) ||
          !tix_json_get_int (o, "amount", TRUE, G_MININT64, G_MAXINT64, &amount, error))
        return error != NULL && *error != NULL ? FALSE : fail (error, "sales_by_method");
      self->by_method[method].count = count;
      self->by_method[method].amount = amount;
    }
  return TRUE;
}

static gboolean
read_types (TixCashUp   *self,
            JsonArray   *types,
            GError     **error)
{
  for (guint i = 0; i < json_array_get_length (types); i++)
    {
      JsonObject *o = object_of (json_array_get_element (types, i));
      const char *name = NULL;
      gint64 type_id = 0, quantity = 0, amount = 0;

      if (o == NULL)
        return fail (error, "sales_by_type");
      if (!tix_json_get_int (o, "type_id", TRUE, 1, G_MAXINT64, &type_id, error) ||
          !tix_json_get_string (o, "name", TRUE, &name, error) ||
          !tix_json_get_int (o, "quantity", TRUE, 0, G_MAXINT64, &quantity, error) ||
          !tix_json_get_int (o, "amount", TRUE, G_MININT64, G_MAXINT64, &amount, error))
        return FALSE;
      tix_cash_up_add_type (self, type_id, name, quantity, amount);
    }
  return TRUE;
}

TixCashUp *
tix_cash_up_new_from_json (JsonObject  *object,
                           GError     **error)
{
  g_autoptr(TixCashUp) self = NULL;
  g_autoptr(TixShift) shift = NULL;
  JsonObject *shift_object = object_of (json_object_get_member (object, "shift"));
  JsonObject *refunds = object_of (json_object_get_member (object, "refunds"));
  JsonArray *methods = array_member (object, "sales_by_method");
  JsonArray *types = array_member (object, "sales_by_type");

  g_return_val_if_fail (object != NULL, NULL);

  if (shift_object == NULL)
    {
      fail (error, "shift");
      return NULL;
    }
  shift = tix_shift_new_from_json (shift_object, error);
  if (shift == NULL)
    return NULL;
  self = tix_cash_up_new (shift);
  if (methods == NULL || types == NULL || refunds == NULL)
    {
      fail (error, methods == NULL ? "sales_by_method" : types == NULL ? "sales_by_type"
                                                                       : "refunds");
      return NULL;
    }
  if (!tix_json_get_int (object, "orders", TRUE, 0, G_MAXINT64, &self->orders, error) ||
      !tix_json_get_int (object, "total", TRUE, G_MININT64, G_MAXINT64, &self->total, error) ||
      !read_methods (self, methods, error) ||
      !read_types (self, types, error) ||
      !tix_json_get_int (refunds, "count", TRUE, 0, G_MAXINT64, &self->refunds_count, error) ||
      !tix_json_get_int (refunds, "amount", TRUE, 0, G_MAXINT64, &self->refunds_amount, error) ||
      !tix_json_get_int (refunds, "cash", TRUE, 0, G_MAXINT64, &self->refunds_cash, error) ||
      !tix_json_get_int (object, "expected_cash", TRUE, G_MININT64, G_MAXINT64,
                         &self->expected_cash, error) ||
      !tix_json_get_int (object, "counted_cash", FALSE, 0, G_MAXINT64, &self->counted_cash,
                         error))
    return NULL;
  return g_steal_pointer (&self);
}

void
tix_cash_up_to_json (const TixCashUp *self,
                     JsonBuilder     *builder)
{
  g_return_if_fail (self != NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "shift");
  tix_shift_to_json (self->shift, builder);
  json_builder_set_member_name (builder, "orders");
  json_builder_add_int_value (builder, self->orders);
  json_builder_set_member_name (builder, "total");
  json_builder_add_int_value (builder, self->total);

  json_builder_set_member_name (builder, "sales_by_method");
  json_builder_begin_array (builder);
  for (guint i = 0; i < TIX_N_PAYMENT_METHODS; i++)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "method");
      json_builder_add_string_value (builder, tix_payment_method_to_string (self->by_method[i].method));
      json_builder_set_member_name (builder, "count");
      json_builder_add_int_value (builder, self->by_method[i].count);
      json_builder_set_member_name (builder, "amount");
      json_builder_add_int_value (builder, self->by_method[i].amount);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "sales_by_type");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->by_type->len; i++)
    {
      const TixCashUpType *type = &g_array_index (self->by_type, TixCashUpType, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "type_id");
      json_builder_add_int_value (builder, type->type_id);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, type->name);
      json_builder_set_member_name (builder, "quantity");
      json_builder_add_int_value (builder, type->quantity);
      json_builder_set_member_name (builder, "amount");
      json_builder_add_int_value (builder, type->amount);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "refunds");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "count");
  json_builder_add_int_value (builder, self->refunds_count);
  json_builder_set_member_name (builder, "amount");
  json_builder_add_int_value (builder, self->refunds_amount);
  json_builder_set_member_name (builder, "cash");
  json_builder_add_int_value (builder, self->refunds_cash);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "expected_cash");
  json_builder_add_int_value (builder, self->expected_cash);
  tix_json_add_set_int_member (builder, "counted_cash", self->counted_cash);
  json_builder_set_member_name (builder, "difference");
  if (self->counted_cash == TIX_SHIFT_NOT_COUNTED)
    json_builder_add_null_value (builder);
  else
    json_builder_add_int_value (builder, tix_cash_up_get_difference (self));
  json_builder_end_object (builder);
}
