/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Orders (issue 19): POST /api/orders sells at the desk (admin, seller),
 * all or nothing; GET /api/orders and /api/orders/:id; POST
 * /api/orders/:id/refund. Their tickets are signed and announced on the
 * stream as generated ones are. Money is whole minor units. */
#define G_LOG_DOMAIN "tix-server-orders"

#include "config.h"

#include <string.h>

#include "tix-server-private.h"
#include "tix-time.h"

#define MAX_LINES      32
#define MAX_QUANTITY   100
#define DEFAULT_LIMIT  50
#define MAX_LIMIT      500
/* A seller may refund their own sale for this long. */
#define REFUND_GRACE_MS (10 * 60 * 1000)

const char *
tix_server_sale_station (SoupServerMessage *msg,
                         JsonObject        *body)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *station = soup_message_headers_get_one (headers, "X-Tix-Station");
  JsonNode *node = body ? json_object_get_member (body, "station") : NULL;

  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        station = "";
      else
        station = json_node_get_string (node);
    }
  if (station == NULL || *station == '\0' || !tix_server_check_station (station))
    {
      tix_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "station",
                              "“station” (or the X-Tix-Station header) must name the station:"
                              " 1 to 64 printable characters");
      return NULL;
    }
  return station;
}

static void
reply_order (SoupServerMessage *msg,
             guint              status,
             const TixOrder    *order)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  tix_order_to_json (order, builder);
  tix_server_reply_builder (msg, status, builder);
}

static void
broadcast_order (TixServer      *self,
                 gint64          organization_id,
                 const char     *kind,
                 const TixOrder *order)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "order");
  tix_order_to_json (order, builder);
  tix_server_broadcast_of_event (self, organization_id, order->event_id, kind, builder);
}

/* The items of a sale: [{type_id, quantity}], each type once. */
static GArray *
read_lines (SoupServerMessage *msg,
            JsonObject        *body)
{
  JsonNode *node = json_object_get_member (body, "items");
  g_autoptr(GArray) lines = g_array_new (FALSE, TRUE, sizeof (TixStoreOrderLine));
  JsonArray *items;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node) ||
      json_array_get_length (json_node_get_array (node)) == 0 ||
      json_array_get_length (json_node_get_array (node)) > MAX_LINES)
    {
      tix_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "items",
                              "“items” must be a list of 1 to %d {type_id, quantity}", MAX_LINES);
      return NULL;
    }
  items = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonNode *element = json_array_get_element (items, i);
      g_autoptr(GError) error = NULL;
      TixStoreOrderLine line = { 0 };
      JsonObject *item;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          tix_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "items",
                                  "Each of “items” must be an object {type_id, quantity}");
          return NULL;
        }
      item = json_node_get_object (element);
      if (!tix_json_get_int (item, "type_id", TRUE, 1, G_MAXINT64, &line.type_id, &error) ||
          !tix_json_get_int (item, "quantity", TRUE, 1, MAX_QUANTITY, &line.quantity, &error))
        {
          tix_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "items", "items[%u]: %s", i,
                                  error->message);
          return NULL;
        }
      for (guint k = 0; k < lines->len; k++)
        if (g_array_index (lines, TixStoreOrderLine, k).type_id == line.type_id)
          {
            tix_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "items",
                                    "items[%u]: the type %" G_GINT64_FORMAT " comes twice",
                                    i, line.type_id);
            return NULL;
          }
      g_array_append_val (lines, line);
    }
  return g_steal_pointer (&lines);
}

static gboolean
read_payment (SoupServerMessage *msg,
              JsonObject        *body,
              TixStoreSale      *sale)
{
  JsonNode *node = json_object_get_member (body, "payment");
  JsonObject *payment;
  const char *method = NULL;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      tix_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "payment",
                              "“payment” must be an object {method, tendered?}");
      return FALSE;
    }
  payment = json_node_get_object (node);
  if (!tix_server_get_string (msg, payment, "method", TRUE, &method))
    return FALSE;
  if (!tix_payment_method_from_string (method, &sale->method))
    {
      tix_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "method",
                              "“method” must be “cash”, “card”, “other” or “free”");
      return FALSE;
    }
  sale->tendered = -1;
  if (sale->method == TIX_PAYMENT_CASH &&
      !tix_server_get_money (msg, payment, "tendered", TRUE, &sale->tendered))
    return FALSE;
  return TRUE;
}

static void
reply_sale_error (SoupServerMessage *msg,
                  const GError      *error,
                  gint64             available)
{
  if (g_error_matches (error, TIX_STORE_ERROR, TIX_STORE_ERROR_SOLD_OUT))
    {
      g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "error");
      json_builder_add_string_value (builder, error->message);
      json_builder_set_member_name (builder, "field");
      json_builder_add_string_value (builder, "items");
      json_builder_set_member_name (builder, "available");
      json_builder_add_int_value (builder, MAX (available, 0));
      json_builder_end_object (builder);
      tix_server_reply_builder (msg, SOUP_STATUS_CONFLICT, builder);
    }
  else if (g_error_matches (error, TIX_STORE_ERROR, TIX_STORE_ERROR_NO_SHIFT))
    tix_server_reply_error (msg, SOUP_STATUS_CONFLICT, "shift", "%s", error->message);
  else if (g_error_matches (error, TIX_STORE_ERROR, TIX_STORE_ERROR_PAYMENT))
    tix_server_reply_error (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "tendered", "%s",
                            error->message);
  else if (g_error_matches (error, TIX_STORE_ERROR, TIX_STORE_ERROR_ARCHIVED) ||
           g_error_matches (error, TIX_STORE_ERROR, TIX_STORE_ERROR_LIMIT))
    tix_server_reply_error (msg, SOUP_STATUS_CONFLICT, "event_id", "%s", error->message);
  else if (g_error_matches (error, TIX_STORE_ERROR, TIX_STORE_ERROR_NOT_FOUND))
    tix_server_reply_error (msg, SOUP_STATUS_NOT_FOUND, "items", "%s", error->message);
  else
    tix_server_reply_gerror (msg, error);
}

/* The tickets of each line, as a generate announces its own. */
static void
broadcast_tickets (TixServer      *self,
                   gint64          organization_id,
                   const TixOrder *order)
{
  for (guint i = 0; i < order->tickets->len; )
    {
      TixTicket *first = g_ptr_array_index (order->tickets, i);
      guint n = 1;

      while (i + n < order->tickets->len &&
             tix_ticket_get_type_id (g_ptr_array_index (order->tickets, i + n)) ==
             tix_ticket_get_type_id (first))
        n++;
      tix_server_broadcast_generated (self, organization_id, order->event_id,
                                      tix_ticket_get_prefix (first), n,
                                      tix_ticket_get_number (first),
                                      tix_ticket_get_number (g_ptr_array_index (order->tickets,
                                                                                i + n - 1)));
      i += n;
    }
}

static void
handle_sell (TixServer         *self,
             SoupServerMessage *msg)
{
  g_autoptr(TixUser) user = tix_server_authenticate (self, msg);
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GArray) lines = NULL;
  g_autoptr(TixOrder) order = NULL;
  g_autoptr(GError) error = NULL;
  TixStoreSale sale = { 0 };
  gint64 available = -1;
  gint64 org_id;
  static const char * const allowed[] = { "event_id", "items", "payment", "station", NULL };

  if (user == NULL || !tix_server_require_role (msg, user, "seller") ||
      (body = tix_server_read_object (msg)) == NULL ||
      !tix_server_check_members (msg, body, allowed) ||
      !tix_server_get_int (msg, body, "event_id", TRUE, 1, G_MAXINT64, &sale.event_id) ||
      (lines = read_lines (msg, body)) == NULL ||
      !read_payment (msg, body, &sale) ||
      (sale.station = tix_server_sale_station (msg, body)) == NULL)
    return;
  sale.lines = (const TixStoreOrderLine *) (gpointer) lines->data;
  sale.n_lines = lines->len;
  org_id = tix_user_get_organization_id (user);

  order = tix_store_sell (self->store, user, &sale, tix_time_now_ms (), &available, &error);
  if (order == NULL)
    {
      if (g_error_matches (error, TIX_STORE_ERROR, TIX_STORE_ERROR_NOT_FOUND) &&
          strstr (error->message, "event") != NULL && strstr (error->message, "type") == NULL)
        tix_server_reply_error (msg, SOUP_STATUS_NOT_FOUND, "event_id", "No such event");
      else
        reply_sale_error (msg, error, available);
      return;
    }
  if (!tix_server_sign_tickets (self, org_id, order->tickets, &error))
    {
      tix_server_reply_gerror (msg, error);
      return;
    }
  reply_order (msg, SOUP_STATUS_CREATED, order);
  broadcast_tickets (self, org_id, order);
  broadcast_order (self, org_id, "order-created", order);
}

/* The order of the path, for a signed-in admin or seller; NULL after
 * replying. */
static TixOrder *
path_order (TixServer          *self,
            SoupServerMessage  *msg,
            const TixRoute     *route,
            TixUser           **out_user)
{
  g_autoptr(TixUser) user = tix_server_authenticate (self, msg);
  g_autoptr(GError) error = NULL;
  TixOrder *order;
  gint64 id;

  if (user == NULL || !tix_server_require_role (msg, user, "seller"))
    return NULL;
  id = tix_server_path_id (route->segments[2]);
  order = id == 0 ? NULL : tix_store_get_order (self->store, tix_user_get_organization_id (user),
                                                id, &error);
  if (order == NULL)
    {
      if (id == 0 || g_error_matches (error, TIX_STORE_ERROR, TIX_STORE_ERROR_NOT_FOUND))
        tix_server_reply_error (msg, SOUP_STATUS_NOT_FOUND, NULL, "No such order");
      else
        tix_server_reply_gerror (msg, error);
      return NULL;
    }
  if (out_user != NULL)
    *out_user = g_steal_pointer (&user);
  return order;
}

static void
handle_get (TixServer         *self,
            SoupServerMessage *msg,
            const TixRoute    *route)
{
  g_autoptr(TixUser) user = NULL;
  g_autoptr(TixOrder) order = path_order (self, msg, route, &user);
  g_autoptr(GError) error = NULL;

  if (order == NULL)
    return;
  if (!tix_server_sign_tickets (self, tix_user_get_organization_id (user), order->tickets, &error))
    {
      tix_server_reply_gerror (msg, error);
      return;
    }
  reply_order (msg, SOUP_STATUS_OK, order);
}

/* ?q= the order's number ("42" or "#42"). */
static gboolean
query_number (SoupServerMessage *msg,
              GHashTable        *query,
              gint64            *out)
{
  const char *text = query ? g_hash_table_lookup (query, "q") : NULL;
  guint64 value;

  *out = 0;
  if (text == NULL || *text == '\0')
    return TRUE;
  if (*text == '#')
    text++;
  if (!g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT64, &value, NULL))
    {
      tix_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "q",
                              "“q” must be an order's number");
      return FALSE;
    }
  *out = (gint64) value;
  return TRUE;
}

static void
handle_list (TixServer         *self,
             SoupServerMessage *msg,
             GHashTable        *query)
{
  g_autoptr(TixUser) user = tix_server_authenticate (self, msg);
  g_autoptr(GPtrArray) orders = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(GError) error = NULL;
  gint64 event_id = 0, shift_id = 0, number = 0, cursor = 0, limit = 0, next = 0;

  if (user == NULL || !tix_server_require_role (msg, user, "seller") ||
      !tix_server_query_event (self, msg, query, user, &event_id) ||
      !tix_server_query_int (msg, query, "shift_id", 0, 1, G_MAXINT64, &shift_id) ||
      !tix_server_query_int (msg, query, "cursor", 0, 1, G_MAXINT64, &cursor) ||
      !tix_server_query_int (msg, query, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT, &limit) ||
      !query_number (msg, query, &number))
    return;

  orders = tix_store_list_orders (self->store, tix_user_get_organization_id (user), event_id,
                                  shift_id, number, cursor, (guint) limit, &next, &error);
  if (orders == NULL)
    {
      tix_server_reply_gerror (msg, error);
      return;
    }
  builder = json_builder_new_immutable ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "orders");
  json_builder_begin_array (builder);
  for (guint i = 0; i < orders->len; i++)
    tix_order_to_json (g_ptr_array_index (orders, i), builder);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "next_cursor");
  if (next == 0)
    json_builder_add_null_value (builder);
  else
    {
      g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, next);

      json_builder_add_string_value (builder, text);
    }
  json_builder_end_object (builder);
  tix_server_reply_builder (msg, SOUP_STATUS_OK, builder);
}

static void
handle_refund (TixServer         *self,
               SoupServerMessage *msg,
               const TixRoute    *route)
{
  g_autoptr(TixUser) user = NULL;
  g_autoptr(TixOrder) order = path_order (self, msg, route, &user);
  g_autoptr(TixOrder) refunded = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers;
  const char *reason = NULL, *station;
  static const char * const allowed[] = { "reason", "station", NULL };

  if (order == NULL)
    return;
  /* An empty body is no reason. */
  if (soup_server_message_get_request_body (msg)->length > 0)
    {
      if ((body = tix_server_read_object (msg)) == NULL ||
          !tix_server_check_members (msg, body, allowed) ||
          !tix_server_get_string (msg, body, "reason", FALSE, &reason))
        return;
      if (reason != NULL && g_utf8_strlen (reason, -1) > 500)
        {
          tix_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "reason",
                                  "“reason” must be at most 500 characters");
          return;
        }
    }
  headers = soup_server_message_get_request_headers (msg);
  station = soup_message_headers_get_one (headers, "X-Tix-Station");
  if (body != NULL && json_object_has_member (body, "station") &&
      (station = tix_server_sale_station (msg, body)) == NULL)
    return;
  if (station != NULL && !tix_server_check_station (station))
    station = NULL;

  refunded = tix_store_refund_order (self->store, user, order->id, reason, station,
                                     REFUND_GRACE_MS, tix_time_now_ms (), &error);
  if (refunded == NULL)
    {
      if (g_error_matches (error, TIX_STORE_ERROR, TIX_STORE_ERROR_NO_SHIFT))
        tix_server_reply_error (msg, SOUP_STATUS_CONFLICT, "shift", "%s", error->message);
      else
        tix_server_reply_gerror (msg, error);
      return;
    }
  tix_server_sign_tickets (self, tix_user_get_organization_id (user), refunded->tickets, NULL);
  reply_order (msg, SOUP_STATUS_OK, refunded);
  for (guint i = 0; i < refunded->tickets->len; i++)
    tix_server_broadcast_ticket (self, "ticket-refunded", g_ptr_array_index (refunded->tickets, i));
  broadcast_order (self, tix_user_get_organization_id (user), "order-refunded", refunded);
}

gboolean
tix_server_route_orders (TixServer         *self,
                         SoupServerMessage *msg,
                         TixRoute          *route)
{
  if (tix_route_is (route, "POST", "/api/orders"))
    handle_sell (self, msg);
  else if (tix_route_is (route, "GET", "/api/orders"))
    handle_list (self, msg, route->query);
  else if (tix_route_is (route, "GET", "/api/orders/*"))
    handle_get (self, msg, route);
  else if (tix_route_is (route, "POST", "/api/orders/*/refund"))
    handle_refund (self, msg, route);
  else
    return FALSE;
  return TRUE;
}
