/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The sale's boxed types (issue 19) through their JSON: ticket types,
 * orders and the cash-up, money as integers both ways, a decimal refused. */
#include "config.h"

#include <string.h>

#include "tix-cash-up.h"
#include "tix-json.h"
#include "tix-money.h"
#include "tix-order.h"
#include "tix-ticket-type.h"

static JsonObject *
parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonObject *object = tix_json_parse_object (text, strlen (text), &error);

  g_assert_no_error (error);
  return object;
}

static char *
to_text (gpointer     self,
         void       (*to_json) (gconstpointer, JsonBuilder *))
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  to_json (self, builder);
  root = json_builder_get_root (builder);
  return tix_json_to_string (root, NULL);
}

static void
test_type_json (void)
{
  g_autoptr(JsonObject) object = parse ("{\"id\":3,\"event_id\":1,\"name\":\"Adult\",\"price\":1500,"
                                        "\"prefix\":\"AD\",\"quota\":null,\"sold\":2,"
                                        "\"available\":null,\"active\":true,"
                                        "\"created_at\":\"2026-03-14T19:00:00.000Z\"}");
  g_autoptr(JsonObject) decimal = parse ("{\"id\":3,\"event_id\":1,\"name\":\"A\",\"price\":15.5,"
                                         "\"prefix\":\"AD\"}");
  g_autoptr(TixTicketType) type = NULL;
  g_autoptr(TixTicketType) bad = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  type = tix_ticket_type_new_from_json (object, &error);
  g_assert_no_error (error);
  g_assert_cmpint (type->price, ==, 1500);
  g_assert_cmpint (type->quota, ==, TIX_TICKET_TYPE_NO_LIMIT);
  g_assert_cmpint (type->available, ==, TIX_TICKET_TYPE_NO_LIMIT);
  g_assert_false (tix_ticket_type_is_sold_out (type));
  text = to_text (type, (void (*) (gconstpointer, JsonBuilder *)) tix_ticket_type_to_json);
  g_assert_nonnull (strstr (text, "\"price\":1500,"));
  g_assert_nonnull (strstr (text, "\"quota\":null"));

  bad = tix_ticket_type_new_from_json (decimal, &error);
  g_assert_null (bad);
  g_assert_nonnull (error);
}

static void
test_order_json (void)
{
  static const char order_text[] =
    "{\"id\":7,\"number\":42,\"event_id\":1,\"created_at\":\"2026-03-14T19:00:00.000Z\","
    "\"seller\":{\"id\":2,\"name\":\"Sam\"},\"station\":\"desk-1\",\"shift_id\":5,"
    "\"items\":[{\"type_id\":3,\"name\":\"Adult\",\"price\":1500,\"quantity\":2}],"
    "\"total\":3000,\"payment\":{\"method\":\"cash\",\"tendered\":5000,\"change\":2000},"
    "\"status\":\"refunded\",\"refunded_at\":\"2026-03-14T19:05:00.000Z\",\"tickets\":[]}";
  g_autoptr(JsonObject) object = parse (order_text);
  g_autoptr(TixOrder) order = NULL;
  g_autoptr(TixOrder) again = NULL;
  g_autoptr(JsonObject) reparsed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  TixPaymentMethod method;

  order = tix_order_new_from_json (object, &error);
  g_assert_no_error (error);
  g_assert_cmpint (order->number, ==, 42);
  g_assert_cmpint (order->method, ==, TIX_PAYMENT_CASH);
  g_assert_cmpint (order->change, ==, 2000);
  g_assert_cmpint (order->status, ==, TIX_ORDER_REFUNDED);
  g_assert_cmpuint (order->items->len, ==, 1);
  g_assert_cmpstr (g_array_index (order->items, TixOrderItem, 0).name, ==, "Adult");

  text = to_text (order, (void (*) (gconstpointer, JsonBuilder *)) tix_order_to_json);
  reparsed = parse (text);
  again = tix_order_new_from_json (reparsed, &error);
  g_assert_no_error (error);
  g_assert_cmpint (again->total, ==, 3000);
  g_assert_cmpint (again->refunded_at, ==, order->refunded_at);

  g_assert_true (tix_payment_method_from_string ("free", &method));
  g_assert_cmpint (method, ==, TIX_PAYMENT_FREE);
  g_assert_false (tix_payment_method_from_string ("iou", &method));
}

static void
test_cash_up (void)
{
  g_autoptr(TixShift) shift = tix_shift_new ();
  g_autoptr(TixCashUp) cash_up = NULL;
  g_autoptr(TixCashUp) again = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  shift->id = 1;
  shift->user_id = 2;
  shift->station = g_strdup ("desk-1");
  shift->opening_float = 10000;
  shift->opened_at = 1700000000000;
  cash_up = tix_cash_up_new (shift);
  cash_up->by_method[TIX_PAYMENT_CASH].count = 2;
  cash_up->by_method[TIX_PAYMENT_CASH].amount = 3800;
  cash_up->refunds_cash = 800;
  tix_cash_up_compute (cash_up);
  g_assert_cmpint (cash_up->expected_cash, ==, 13000);
  g_assert_cmpint (tix_cash_up_get_difference (cash_up), ==, 0);
  cash_up->counted_cash = 12950;
  g_assert_cmpint (tix_cash_up_get_difference (cash_up), ==, -50);
  tix_cash_up_add_type (cash_up, 3, "Adult", 2, 3000);

  text = to_text (cash_up, (void (*) (gconstpointer, JsonBuilder *)) tix_cash_up_to_json);
  g_assert_nonnull (strstr (text, "\"difference\":-50"));
  object = parse (text);
  again = tix_cash_up_new_from_json (object, &error);
  g_assert_no_error (error);
  g_assert_cmpint (again->expected_cash, ==, 13000);
  g_assert_cmpint (again->by_method[TIX_PAYMENT_CASH].amount, ==, 3800);
  g_assert_cmpuint (again->by_type->len, ==, 1);
  g_assert_cmpint (tix_cash_up_get_difference (again), ==, -50);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tix/core/sale/type-json", test_type_json);
  g_test_add_func ("/tix/core/sale/order-json", test_order_json);
  g_test_add_func ("/tix/core/sale/cash-up", test_cash_up);

  return g_test_run ();
}
