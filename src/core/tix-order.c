/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-order"

#include "config.h"

#include "tix-json.h"
#include "tix-order.h"
#include "tix-time.h"

G_DEFINE_BOXED_TYPE (TixOrder, tix_order, tix_order_ref, tix_order_unref)

static const char * const methods[] = { "cash", "card", "other", "free" };

const char *
tix_payment_method_to_string (TixPaymentMethod method)
{
  g_return_val_if_fail ((guint) method < G_N_ELEMENTS (methods), NULL);
  return methods[method];
}

gboolean
tix_payment_method_from_string (const char       *text,
                                TixPaymentMethod *out)
{
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (methods); i++)
    if (g_str_equal (text, methods[i]))
      {
        *out = (TixPaymentMethod) i;
        return TRUE;
      }
  return FALSE;
}

const char *
tix_order_status_to_string (TixOrderStatus status)
{
  return status == TIX_ORDER_REFUNDED ? "refunded" : "paid";
}

static void
item_clear (gpointer data)
{
  TixOrderItem *item = data;

  g_free (item->name);
}

TixOrder *
tix_order_new (void)
{
  TixOrder *self = g_atomic_rc_box_new0 (TixOrder);

  self->items = g_array_new (FALSE, TRUE, sizeof (TixOrderItem));
  g_array_set_clear_func (self->items, item_clear);
  self->tickets = g_ptr_array_new_with_free_func (g_object_unref);
  return self;
}

TixOrder *
tix_order_ref (TixOrder *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return g_atomic_rc_box_acquire (self);
}

static void
clear (gpointer data)
{
  TixOrder *self = data;

  g_free (self->seller_name);
  g_free (self->station);
  g_array_unref (self->items);
  g_ptr_array_unref (self->tickets);
}

void
tix_order_unref (TixOrder *self)
{
  g_return_if_fail (self != NULL);
  g_atomic_rc_box_release_full (self, clear);
}

void
tix_order_add_item (TixOrder   *self,
                    gint64      type_id,
                    const char *name,
                    gint64      price,
                    gint64      quantity)
{
  TixOrderItem item = { type_id, g_strdup (name), price, quantity };

  g_return_if_fail (self != NULL);
  g_array_append_val (self->items, item);
}

static gboolean
fail (GError     **error,
      const char  *member)
{
  g_set_error (error, TIX_JSON_ERROR, TIX_JSON_ERROR_TYPE, "“%s” is missing or not valid", member);
  return FALSE;
}

static gboolean
read_items (TixOrder    *self,
            JsonObject  *object,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, "items");
  JsonArray *items;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return fail (error, "items");
  items = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonNode *element = json_array_get_element (items, i);
      JsonObject *item;
      const char *name = NULL;
      gint64 type_id = 0, price = 0, quantity = 0;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        return fail (error, "items");
      item = json_node_get_object (element);
      if (!tix_json_get_int (item, "type_id", TRUE, 1, G_MAXINT64, &type_id, error) ||
          !tix_json_get_string (item, "name", TRUE, &name, error) ||
          !tix_json_get_int (item, "price", TRUE, 0, G_MAXINT64, &price, error) ||
          !tix_json_get_int (item, "quantity", TRUE, 1, G_MAXINT64, &quantity, error))
        return FALSE;
      tix_order_add_item (self, type_id, name, price, quantity);
    }
  return TRUE;
}

static gboolean
read_tickets (TixOrder    *self,
              JsonObject  *object,
              GError     **error)
{
  JsonNode *node = json_object_get_member (object, "tickets");
  JsonArray *tickets;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return fail (error, "tickets");
  tickets = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (tickets); i++)
    {
      JsonNode *element = json_array_get_element (tickets, i);
      TixTicket *ticket;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        return fail (error, "tickets");
      ticket = tix_ticket_new_from_json (json_node_get_object (element), error);
      if (ticket == NULL)
        return FALSE;
      g_ptr_array_add (self->tickets, ticket);
    }
  return TRUE;
}

static gboolean
read_time (JsonObject  *object,
           const char  *member,
           gboolean     required,
           gint64      *out,
           GError     **error)
{
  const char *text = NULL;

  if (!tix_json_get_string (object, member, required, &text, error))
    return FALSE;
  if (text != NULL && !tix_time_parse_iso (text, out))
    return fail (error, member);
  return TRUE;
}

static JsonObject *
object_member (JsonObject  *object,
               const char  *member,
               GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      fail (error, member);
      return NULL;
    }
  return json_node_get_object (node);
}

TixOrder *
tix_order_new_from_json (JsonObject  *object,
                         GError     **error)
{
  g_autoptr(TixOrder) self = tix_order_new ();
  JsonObject *seller, *payment;
  const char *station = NULL, *name = NULL, *method = NULL, *status = NULL;

  g_return_val_if_fail (object != NULL, NULL);

  if (!tix_json_get_int (object, "id", TRUE, 1, G_MAXINT64, &self->id, error) ||
      !tix_json_get_int (object, "number", TRUE, 1, G_MAXINT64, &self->number, error) ||
      !tix_json_get_int (object, "event_id", TRUE, 1, G_MAXINT64, &self->event_id, error) ||
      !read_time (object, "created_at", TRUE, &self->created_at, error) ||
      !tix_json_get_string (object, "station", FALSE, &station, error) ||
      !tix_json_get_int (object, "shift_id", FALSE, 0, G_MAXINT64, &self->shift_id, error) ||
      !tix_json_get_int (object, "total", TRUE, 0, G_MAXINT64, &self->total, error) ||
      !tix_json_get_string (object, "status", TRUE, &status, error) ||
      !read_time (object, "refunded_at", FALSE, &self->refunded_at, error) ||
      !read_items (self, object, error) ||
      !read_tickets (self, object, error))
    return NULL;

  seller = object_member (object, "seller", error);
  if (seller == NULL ||
      !tix_json_get_int (seller, "id", TRUE, 1, G_MAXINT64, &self->seller_id, error) ||
      !tix_json_get_string (seller, "name", FALSE, &name, error))
    return NULL;
  payment = object_member (object, "payment", error);
  if (payment == NULL ||
      !tix_json_get_string (payment, "method", TRUE, &method, error))
    return NULL;
  if (!tix_payment_method_from_string (method, &self->method))
    {
      fail (error, "method");
      return NULL;
    }
  if (!tix_json_get_int (payment, "tendered", FALSE, 0, G_MAXINT64, &self->tendered, error) ||
      !tix_json_get_int (payment, "change", FALSE, 0, G_MAXINT64, &self->change, error))
    return NULL;

  if (g_str_equal (status, "refunded"))
    self->status = TIX_ORDER_REFUNDED;
  else if (!g_str_equal (status, "paid"))
    {
      fail (error, "status");
      return NULL;
    }
  self->station = g_strdup (station);
  self->seller_name = g_strdup (name);
  return g_steal_pointer (&self);
}

void
tix_order_to_json (const TixOrder *self,
                   JsonBuilder    *builder)
{
  g_return_if_fail (self != NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, self->id);
  json_builder_set_member_name (builder, "number");
  json_builder_add_int_value (builder, self->number);
  json_builder_set_member_name (builder, "event_id");
  json_builder_add_int_value (builder, self->event_id);
  tix_json_add_time_member (builder, "created_at", self->created_at);
  json_builder_set_member_name (builder, "seller");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, self->seller_id);
  tix_json_add_string_member (builder, "name", self->seller_name);
  json_builder_end_object (builder);
  tix_json_add_string_member (builder, "station", self->station);
  tix_json_add_id_member (builder, "shift_id", self->shift_id);

  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->items->len; i++)
    {
      const TixOrderItem *item = &g_array_index (self->items, TixOrderItem, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "type_id");
      json_builder_add_int_value (builder, item->type_id);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, item->name);
      json_builder_set_member_name (builder, "price");
      json_builder_add_int_value (builder, item->price);
      json_builder_set_member_name (builder, "quantity");
      json_builder_add_int_value (builder, item->quantity);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "total");
  json_builder_add_int_value (builder, self->total);
  json_builder_set_member_name (builder, "payment");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "method");
  json_builder_add_string_value (builder, tix_payment_method_to_string (self->method));
  json_builder_set_member_name (builder, "tendered");
  json_builder_add_int_value (builder, self->tendered);
  json_builder_set_member_name (builder, "change");
  json_builder_add_int_value (builder, self->change);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, tix_order_status_to_string (self->status));
  tix_json_add_time_member (builder, "refunded_at", self->refunded_at);

  json_builder_set_member_name (builder, "tickets");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->tickets->len; i++)
    tix_ticket_to_json (g_ptr_array_index (self->tickets, i), builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}
