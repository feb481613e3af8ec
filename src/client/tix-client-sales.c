/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-client"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "tix-client-private.h"
#include "tix-json.h"

/* Selling at the desk (issue 19): ticket types, orders, refunds, shifts and
 * the cash-up. Sales and shifts belong to this client's station (the
 * X-Tix-Station it sends). A sale of more than is left is
 * TIX_CLIENT_ERROR_SOLD_OUT (tix_client_error_get_available ()), one
 * without an open shift TIX_CLIENT_ERROR_NO_SHIFT. */

typedef gpointer (*ParseOne) (JsonObject *object, GError **error);

static gpointer
parse_one (JsonNode    *root,
           ParseOne     parse,
           GError     **error)
{
  JsonObject *object = tix_client_root_object (root, error);
  g_autoptr(GError) local_error = NULL;
  gpointer result;

  if (object == NULL)
    return NULL;
  result = parse (object, &local_error);
  if (result == NULL)
    *error = tix_client_protocol_error (local_error->message);
  return result;
}

static GPtrArray *
parse_array (JsonNode       *node,
             ParseOne        parse,
             GDestroyNotify  free_item,
             GError        **error)
{
  g_autoptr(GPtrArray) items = NULL;
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      *error = tix_client_protocol_error (_("no list"));
      return NULL;
    }
  array = json_node_get_array (node);
  items = g_ptr_array_new_with_free_func (free_item);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      g_autoptr(GError) local_error = NULL;
      gpointer item;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          *error = tix_client_protocol_error (_("a list element is not an object"));
          return NULL;
        }
      item = parse (json_node_get_object (element), &local_error);
      if (item == NULL)
        {
          *error = tix_client_protocol_error (local_error->message);
          return NULL;
        }
      g_ptr_array_add (items, item);
    }
  return g_steal_pointer (&items);
}

/* Ticket types ------------------------------------------------------------- */

static gpointer
parse_type (JsonNode  *root,
            GError   **error)
{
  return parse_one (root, (ParseOne) tix_ticket_type_new_from_json, error);
}

static gpointer
parse_types (JsonNode  *root,
             GError   **error)
{
  return parse_array (root, (ParseOne) tix_ticket_type_new_from_json,
                      (GDestroyNotify) tix_ticket_type_unref, error);
}

/* {deleted, ticket_type}: the type, and whether it went. */
typedef struct
{
  TixTicketType *type;
  gboolean       deleted;
} Deleted;

static void
deleted_free (Deleted *deleted)
{
  g_clear_pointer (&deleted->type, tix_ticket_type_unref);
  g_free (deleted);
}

static gpointer
parse_deleted (JsonNode  *root,
               GError   **error)
{
  JsonObject *object = tix_client_root_object (root, error);
  JsonObject *type;
  g_autoptr(GError) local_error = NULL;
  Deleted *deleted;

  if (object == NULL)
    return NULL;
  type = tix_client_get_object_member (object, "ticket_type");
  if (type == NULL)
    {
      *error = tix_client_protocol_error (_("no ticket_type"));
      return NULL;
    }
  deleted = g_new0 (Deleted, 1);
  deleted->type = tix_ticket_type_new_from_json (type, &local_error);
  if (deleted->type == NULL ||
      !tix_json_get_bool (object, "deleted", TRUE, &deleted->deleted, &local_error))
    {
      deleted_free (deleted);
      *error = tix_client_protocol_error (local_error->message);
      return NULL;
    }
  return deleted;
}

static const TixClientEndpoint type_endpoint = {
  parse_type, (GDestroyNotify) tix_ticket_type_unref, NULL, TIX_CLIENT_CALL_DEFAULT,
};
static const TixClientEndpoint types_endpoint = {
  parse_types, (GDestroyNotify) g_ptr_array_unref, NULL, TIX_CLIENT_CALL_DEFAULT,
};
static const TixClientEndpoint deleted_endpoint = {
  parse_deleted, (GDestroyNotify) deleted_free, NULL, TIX_CLIENT_CALL_DEFAULT,
};

void
tix_client_list_ticket_types_async (TixClient           *self,
                                    gint64               event_id,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (TIX_IS_CLIENT (self));
  g_return_if_fail (event_id > 0);

  path = g_strdup_printf ("/api/events/%" G_GINT64_FORMAT "/types", event_id);
  tix_client_call (self, "GET", path, NULL, &types_endpoint, tix_client_list_ticket_types_async,
                   cancellable, callback, user_data);
}

GPtrArray *
tix_client_list_ticket_types_finish (TixClient     *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  return tix_client_call_finish (self, result, tix_client_list_ticket_types_async, error);
}

void
tix_client_create_ticket_type_async (TixClient           *self,
                                     gint64               event_id,
                                     const TixTicketType *type,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (TIX_IS_CLIENT (self));
  g_return_if_fail (event_id > 0);
  g_return_if_fail (type != NULL);

  body = tix_ticket_type_to_json_changes (type, TIX_TICKET_TYPE_FIELD_NAME |
                                                TIX_TICKET_TYPE_FIELD_PRICE |
                                                TIX_TICKET_TYPE_FIELD_PREFIX |
                                                TIX_TICKET_TYPE_FIELD_QUOTA |
                                                TIX_TICKET_TYPE_FIELD_ACTIVE);
  path = g_strdup_printf ("/api/events/%" G_GINT64_FORMAT "/types", event_id);
  tix_client_call (self, "POST", path, body, &type_endpoint, tix_client_create_ticket_type_async,
                   cancellable, callback, user_data);
}

TixTicketType *
tix_client_create_ticket_type_finish (TixClient     *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  return tix_client_call_finish (self, result, tix_client_create_ticket_type_async, error);
}

void
tix_client_update_ticket_type_async (TixClient           *self,
                                     gint64               type_id,
                                     const TixTicketType *changes,
                                     TixTicketTypeField   fields,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (TIX_IS_CLIENT (self));
  g_return_if_fail (type_id > 0);
  g_return_if_fail (changes != NULL);

  body = tix_ticket_type_to_json_changes (changes, fields);
  path = g_strdup_printf ("/api/types/%" G_GINT64_FORMAT, type_id);
  tix_client_call (self, "PUT", path, body, &type_endpoint, tix_client_update_ticket_type_async,
                   cancellable, callback, user_data);
}

TixTicketType *
tix_client_update_ticket_type_finish (TixClient     *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  return tix_client_call_finish (self, result, tix_client_update_ticket_type_async, error);
}

void
tix_client_delete_ticket_type_async (TixClient           *self,
                                     gint64               type_id,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (TIX_IS_CLIENT (self));
  g_return_if_fail (type_id > 0);

  path = g_strdup_printf ("/api/types/%" G_GINT64_FORMAT, type_id);
  tix_client_call (self, "DELETE", path, NULL, &deleted_endpoint,
                   tix_client_delete_ticket_type_async, cancellable, callback, user_data);
}

TixTicketType *
tix_client_delete_ticket_type_finish (TixClient     *self,
                                      GAsyncResult  *result,
                                      gboolean      *out_deleted,
                                      GError       **error)
{
  Deleted *deleted = tix_client_call_finish (self, result, tix_client_delete_ticket_type_async,
                                             error);
  TixTicketType *type;

  if (deleted == NULL)
    return NULL;
  if (out_deleted != NULL)
    *out_deleted = deleted->deleted;
  type = g_steal_pointer (&deleted->type);
  deleted_free (deleted);
  return type;
}

/* Orders -------------------------------------------------------------------- */

static gpointer
parse_order (JsonNode  *root,
             GError   **error)
{
  return parse_one (root, (ParseOne) tix_order_new_from_json, error);
}

void
tix_order_page_free (TixOrderPage *page)
{
  if (page == NULL)
    return;
  g_clear_pointer (&page->orders, g_ptr_array_unref);
  g_free (page->next_cursor);
  g_free (page);
}

static gpointer
parse_order_page (JsonNode  *root,
                  GError   **error)
{
  JsonObject *object = tix_client_root_object (root, error);
  g_autoptr(TixOrderPage) page = NULL;
  const char *cursor = NULL;
  g_autoptr(GError) local_error = NULL;

  if (object == NULL)
    return NULL;
  page = g_new0 (TixOrderPage, 1);
  page->orders = parse_array (json_object_get_member (object, "orders"),
                              (ParseOne) tix_order_new_from_json,
                              (GDestroyNotify) tix_order_unref, error);
  if (page->orders == NULL)
    return NULL;
  if (!tix_json_get_string (object, "next_cursor", FALSE, &cursor, &local_error))
    {
      *error = tix_client_protocol_error (local_error->message);
      return NULL;
    }
  page->next_cursor = g_strdup (cursor);
  return g_steal_pointer (&page);
}

static const TixClientEndpoint order_endpoint = {
  parse_order, (GDestroyNotify) tix_order_unref, NULL, TIX_CLIENT_CALL_DEFAULT,
};
static const TixClientEndpoint order_page_endpoint = {
  parse_order_page, (GDestroyNotify) tix_order_page_free, NULL, TIX_CLIENT_CALL_DEFAULT,
};

void
tix_client_sell_async (TixClient               *self,
                       gint64                   event_id,
                       const TixClientSaleLine *lines,
                       guint                    n_lines,
                       TixPaymentMethod         method,
                       gint64                   tendered,
                       GCancellable            *cancellable,
                       GAsyncReadyCallback      callback,
                       gpointer                 user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonNode) body = NULL;

  g_return_if_fail (TIX_IS_CLIENT (self));
  g_return_if_fail (event_id > 0);
  g_return_if_fail (lines != NULL && n_lines > 0);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "event_id");
  json_builder_add_int_value (builder, event_id);
  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n_lines; i++)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "type_id");
      json_builder_add_int_value (builder, lines[i].type_id);
      json_builder_set_member_name (builder, "quantity");
      json_builder_add_int_value (builder, lines[i].quantity);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "payment");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "method");
  json_builder_add_string_value (builder, tix_payment_method_to_string (method));
  if (method == TIX_PAYMENT_CASH)
    {
      json_builder_set_member_name (builder, "tendered");
      json_builder_add_int_value (builder, tendered);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  tix_client_call (self, "POST", "/api/orders", body, &order_endpoint, tix_client_sell_async,
                   cancellable, callback, user_data);
}

TixOrder *
tix_client_sell_finish (TixClient     *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  return tix_client_call_finish (self, result, tix_client_sell_async, error);
}

void
tix_client_get_order_async (TixClient           *self,
                            gint64               order_id,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (TIX_IS_CLIENT (self));
  g_return_if_fail (order_id > 0);

  path = g_strdup_printf ("/api/orders/%" G_GINT64_FORMAT, order_id);
  tix_client_call (self, "GET", path, NULL, &order_endpoint, tix_client_get_order_async,
                   cancellable, callback, user_data);
}

TixOrder *
tix_client_get_order_finish (TixClient     *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  return tix_client_call_finish (self, result, tix_client_get_order_async, error);
}

void
tix_client_list_orders_async (TixClient           *self,
                              gint64               event_id,
                              gint64               shift_id,
                              gint64               number,
                              const char          *cursor,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GString) path = g_string_new ("/api/orders");

  g_return_if_fail (TIX_IS_CLIENT (self));

  if (event_id > 0)
    tix_client_append_query_int (path, "event_id", event_id);
  if (shift_id > 0)
    tix_client_append_query_int (path, "shift_id", shift_id);
  if (number > 0)
    tix_client_append_query_int (path, "q", number);
  if (cursor != NULL)
    tix_client_append_query (path, "cursor", cursor);
  tix_client_call (self, "GET", path->str, NULL, &order_page_endpoint,
                   tix_client_list_orders_async, cancellable, callback, user_data);
}

TixOrderPage *
tix_client_list_orders_finish (TixClient     *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return tix_client_call_finish (self, result, tix_client_list_orders_async, error);
}

void
tix_client_refund_order_async (TixClient           *self,
                               gint64               order_id,
                               const char          *reason,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (TIX_IS_CLIENT (self));
  g_return_if_fail (order_id > 0);

  json_builder_begin_object (builder);
  if (reason != NULL)
    tix_client_add_string (builder, "reason", reason);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);
  path = g_strdup_printf ("/api/orders/%" G_GINT64_FORMAT "/refund", order_id);
  tix_client_call (self, "POST", path, body, &order_endpoint, tix_client_refund_order_async,
                   cancellable, callback, user_data);
}

TixOrder *
tix_client_refund_order_finish (TixClient     *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  return tix_client_call_finish (self, result, tix_client_refund_order_async, error);
}

/* Shifts ---------------------------------------------------------------------- */

static gpointer
parse_shift (JsonNode  *root,
             GError   **error)
{
  return parse_one (root, (ParseOne) tix_shift_new_from_json, error);
}

/* [] or [shift]: none is TIX_CLIENT_ERROR_NO_SHIFT. */
static gpointer
parse_open_shift (JsonNode  *root,
                  GError   **error)
{
  g_autoptr(GPtrArray) shifts = parse_array (root, (ParseOne) tix_shift_new_from_json,
                                             (GDestroyNotify) tix_shift_unref, error);

  if (shifts == NULL)
    return NULL;
  if (shifts->len == 0)
    {
      *error = tix_client_error_new (TIX_CLIENT_ERROR_NO_SHIFT, "shift",
                                     _("No shift is open at this station"));
      return NULL;
    }
  return tix_shift_ref (g_ptr_array_index (shifts, 0));
}

static gpointer
parse_cash_up (JsonNode  *root,
               GError   **error)
{
  return parse_one (root, (ParseOne) tix_cash_up_new_from_json, error);
}

static const TixClientEndpoint shift_endpoint = {
  parse_shift, (GDestroyNotify) tix_shift_unref, NULL, TIX_CLIENT_CALL_DEFAULT,
};
static const TixClientEndpoint open_shift_endpoint = {
  parse_open_shift, (GDestroyNotify) tix_shift_unref, NULL, TIX_CLIENT_CALL_DEFAULT,
};
static gpointer
parse_shifts (JsonNode  *root,
              GError   **error)
{
  return parse_array (root, (ParseOne) tix_shift_new_from_json, (GDestroyNotify) tix_shift_unref,
                      error);
}

static const TixClientEndpoint shifts_endpoint = {
  parse_shifts, (GDestroyNotify) g_ptr_array_unref, NULL, TIX_CLIENT_CALL_DEFAULT,
};

void
tix_client_list_shifts_async (TixClient           *self,
                              const char          *station,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GString) path = g_string_new ("/api/shifts");

  g_return_if_fail (TIX_IS_CLIENT (self));

  if (station != NULL)
    tix_client_append_query (path, "station", station);
  tix_client_call (self, "GET", path->str, NULL, &shifts_endpoint, tix_client_list_shifts_async,
                   cancellable, callback, user_data);
}

GPtrArray *
tix_client_list_shifts_finish (TixClient     *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return tix_client_call_finish (self, result, tix_client_list_shifts_async, error);
}

static const TixClientEndpoint cash_up_endpoint = {
  parse_cash_up, (GDestroyNotify) tix_cash_up_unref, NULL, TIX_CLIENT_CALL_DEFAULT,
};

void
tix_client_open_shift_async (TixClient           *self,
                             gint64               opening_float,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonNode) body = NULL;

  g_return_if_fail (TIX_IS_CLIENT (self));
  g_return_if_fail (opening_float >= 0);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "opening_float");
  json_builder_add_int_value (builder, opening_float);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);
  tix_client_call (self, "POST", "/api/shifts", body, &shift_endpoint,
                   tix_client_open_shift_async, cancellable, callback, user_data);
}

TixShift *
tix_client_open_shift_finish (TixClient     *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  return tix_client_call_finish (self, result, tix_client_open_shift_async, error);
}

void
tix_client_get_open_shift_async (TixClient           *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (TIX_IS_CLIENT (self));

  tix_client_call (self, "GET", "/api/shifts?open=true", NULL, &open_shift_endpoint,
                   tix_client_get_open_shift_async, cancellable, callback, user_data);
}

TixShift *
tix_client_get_open_shift_finish (TixClient     *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return tix_client_call_finish (self, result, tix_client_get_open_shift_async, error);
}

void
tix_client_get_shift_async (TixClient           *self,
                            gint64               shift_id,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (TIX_IS_CLIENT (self));
  g_return_if_fail (shift_id > 0);

  path = g_strdup_printf ("/api/shifts/%" G_GINT64_FORMAT, shift_id);
  tix_client_call (self, "GET", path, NULL, &shift_endpoint, tix_client_get_shift_async,
                   cancellable, callback, user_data);
}

TixShift *
tix_client_get_shift_finish (TixClient     *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  return tix_client_call_finish (self, result, tix_client_get_shift_async, error);
}

void
tix_client_close_shift_async (TixClient           *self,
                              gint64               shift_id,
                              gint64               counted_cash,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (TIX_IS_CLIENT (self));
  g_return_if_fail (shift_id > 0);
  g_return_if_fail (counted_cash >= 0);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "counted_cash");
  json_builder_add_int_value (builder, counted_cash);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);
  path = g_strdup_printf ("/api/shifts/%" G_GINT64_FORMAT "/close", shift_id);
  tix_client_call (self, "POST", path, body, &cash_up_endpoint, tix_client_close_shift_async,
                   cancellable, callback, user_data);
}

TixCashUp *
tix_client_close_shift_finish (TixClient     *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return tix_client_call_finish (self, result, tix_client_close_shift_async, error);
}

void
tix_client_get_cash_up_async (TixClient           *self,
                              gint64               shift_id,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (TIX_IS_CLIENT (self));
  g_return_if_fail (shift_id > 0);

  path = g_strdup_printf ("/api/shifts/%" G_GINT64_FORMAT "/report", shift_id);
  tix_client_call (self, "GET", path, NULL, &cash_up_endpoint, tix_client_get_cash_up_async,
                   cancellable, callback, user_data);
}

TixCashUp *
tix_client_get_cash_up_finish (TixClient     *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return tix_client_call_finish (self, result, tix_client_get_cash_up_async, error);
}

/* Reports -------------------------------------------------------------------- */

static gpointer
parse_sales_report (JsonNode  *root,
                    GError   **error)
{
  return parse_one (root, (ParseOne) tix_sales_report_new_from_json, error);
}

static const TixClientEndpoint sales_report_endpoint = {
  parse_sales_report, (GDestroyNotify) tix_sales_report_unref, NULL, TIX_CLIENT_CALL_DEFAULT,
};

void
tix_client_get_sales_report_async (TixClient           *self,
                                   gint64               event_id,
                                   const char          *from,
                                   const char          *to,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GString) path = g_string_new ("/api/reports/sales");

  g_return_if_fail (TIX_IS_CLIENT (self));

  if (event_id > 0)
    tix_client_append_query_int (path, "event_id", event_id);
  if (from != NULL)
    tix_client_append_query (path, "from", from);
  if (to != NULL)
    tix_client_append_query (path, "to", to);
  tix_client_call (self, "GET", path->str, NULL, &sales_report_endpoint,
                   tix_client_get_sales_report_async, cancellable, callback, user_data);
}

TixSalesReport *
tix_client_get_sales_report_finish (TixClient     *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return tix_client_call_finish (self, result, tix_client_get_sales_report_async, error);
}
