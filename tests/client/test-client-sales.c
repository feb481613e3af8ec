/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-client-sales"

/* The client's calls for selling at the desk (issue 19) against a real
 * server: ticket types, a shift, a sale and its typed order, the errors a
 * Sell view tells apart (sold out with what is left, no shift, cash short),
 * a refund and the cash-up. */

#include "config.h"

#include <string.h>

#include "tix-client.h"
#include "tix-event-stream.h"
#include "tix-test-util.h"

#define EMAIL    "desk@example.com"
#define PASSWORD "correct horse battery"

typedef struct
{
  TixTestServer *server;
  TixClient     *client;   /* the admin */
  TixClient     *seller;
  gint64         event_id;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) added = NULL;
  g_autoptr(GAsyncResult) login = NULL;
  g_autoptr(GAsyncResult) events = NULL;
  g_autoptr(TixUser) user = NULL;
  g_autoptr(TixUser) seller = NULL;
  g_autoptr(TixUser) signed_in = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;

  f->server = tix_test_server_new ();
  f->client = tix_client_new (f->server->url);
  tix_client_register_async (f->client, EMAIL, PASSWORD, "Ada", "Desk Org", NULL,
                             tix_test_store_result, &result);
  user = tix_client_register_finish (f->client, tix_test_wait_result (&result), &error);
  g_assert_no_error (error);
  tix_client_add_user_async (f->client, "sam@example.com", "Sam", PASSWORD, "seller", NULL,
                             tix_test_store_result, &added);
  seller = tix_client_add_user_finish (f->client, tix_test_wait_result (&added), &error);
  g_assert_no_error (error);
  f->seller = tix_client_new (f->server->url);
  tix_client_set_station_id (f->seller, "desk-1");
  tix_client_login_async (f->seller, "sam@example.com", PASSWORD, NULL, tix_test_store_result,
                          &login);
  signed_in = tix_client_login_finish (f->seller, tix_test_wait_result (&login), &error);
  g_assert_no_error (error);

  tix_client_list_events_async (f->client, FALSE, NULL, tix_test_store_result, &events);
  list = tix_client_list_events_finish (f->client, tix_test_wait_result (&events), &error);
  g_assert_no_error (error);
  f->event_id = tix_event_get_id (g_ptr_array_index (list, 0));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_assert_finalize_object (g_steal_pointer (&f->client));
  g_assert_finalize_object (g_steal_pointer (&f->seller));
  g_clear_pointer (&f->server, tix_test_server_free);
}

static TixTicketType *
create_type (Fixture    *f,
             const char *name,
             gint64      price,
             gint64      quota)
{
  g_autoptr(TixTicketType) type = tix_ticket_type_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  TixTicketType *made;

  type->name = g_strdup (name);
  type->price = price;
  type->quota = quota;
  tix_client_create_ticket_type_async (f->client, f->event_id, type, NULL,
                                       tix_test_store_result, &result);
  made = tix_client_create_ticket_type_finish (f->client, tix_test_wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (made);
  return made;
}

static TixOrder *
sell (TixClient        *client,
      gint64            event_id,
      gint64            type_id,
      gint64            quantity,
      TixPaymentMethod  method,
      gint64            tendered,
      GError          **error)
{
  TixClientSaleLine line = { type_id, quantity };
  g_autoptr(GAsyncResult) result = NULL;

  tix_client_sell_async (client, event_id, &line, 1, method, tendered, NULL,
                         tix_test_store_result, &result);
  return tix_client_sell_finish (client, tix_test_wait_result (&result), error);
}

static TixShift *
open_shift (TixClient  *client,
            gint64      opening_float,
            GError    **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  tix_client_open_shift_async (client, opening_float, NULL, tix_test_store_result, &result);
  return tix_client_open_shift_finish (client, tix_test_wait_result (&result), error);
}

static void
test_types (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(TixTicketType) adult = create_type (f, "Adult", 1500, TIX_TICKET_TYPE_NO_LIMIT);
  g_autoptr(TixTicketType) child = create_type (f, "Child", 800, 20);
  g_autoptr(TixTicketType) changes = tix_ticket_type_new ();
  g_autoptr(TixTicketType) changed = NULL;
  g_autoptr(TixTicketType) gone = NULL;
  g_autoptr(GAsyncResult) listed = NULL;
  g_autoptr(GAsyncResult) updated = NULL;
  g_autoptr(GAsyncResult) deleted = NULL;
  g_autoptr(GAsyncResult) refused = NULL;
  g_autoptr(GPtrArray) types = NULL;
  g_autoptr(GError) error = NULL;
  TixTicketType *t;
  gboolean was_deleted = FALSE;

  g_assert_cmpint (adult->price, ==, 1500);
  g_assert_cmpint (adult->quota, ==, TIX_TICKET_TYPE_NO_LIMIT);
  g_assert_cmpint (adult->available, ==, TIX_TICKET_TYPE_NO_LIMIT);
  g_assert_cmpstr (adult->prefix, ==, "TIX");
  g_assert_cmpint (child->available, ==, 20);
  g_assert_false (tix_ticket_type_is_sold_out (child));

  tix_client_list_ticket_types_async (f->seller, f->event_id, NULL, tix_test_store_result,
                                      &listed);
  types = tix_client_list_ticket_types_finish (f->seller, tix_test_wait_result (&listed), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (types->len, ==, 2);
  t = g_ptr_array_index (types, 1);
  g_assert_cmpstr (t->name, ==, "Child");
  g_assert_cmpint (t->event_id, ==, f->event_id);

  changes->quota = 0;
  tix_client_update_ticket_type_async (f->client, child->id, changes, TIX_TICKET_TYPE_FIELD_QUOTA,
                                       NULL, tix_test_store_result, &updated);
  changed = tix_client_update_ticket_type_finish (f->client, tix_test_wait_result (&updated),
                                                  &error);
  g_assert_no_error (error);
  g_assert_cmpint (changed->quota, ==, 0);
  g_assert_true (tix_ticket_type_is_sold_out (changed));

  /* A seller may not change them. */
  tix_client_update_ticket_type_async (f->seller, child->id, changes, TIX_TICKET_TYPE_FIELD_QUOTA,
                                       NULL, tix_test_store_result, &refused);
  g_assert_null (tix_client_update_ticket_type_finish (f->seller, tix_test_wait_result (&refused),
                                                       &error));
  g_assert_error (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_FORBIDDEN);
  g_clear_error (&error);

  tix_client_delete_ticket_type_async (f->client, child->id, NULL, tix_test_store_result,
                                       &deleted);
  gone = tix_client_delete_ticket_type_finish (f->client, tix_test_wait_result (&deleted),
                                               &was_deleted, &error);
  g_assert_no_error (error);
  g_assert_true (was_deleted);
  g_assert_cmpint (gone->id, ==, child->id);
}

static void
test_sale (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(TixTicketType) adult = create_type (f, "Adult", 1500, 3);
  g_autoptr(TixOrder) order = NULL;
  g_autoptr(TixOrder) none = NULL;
  g_autoptr(TixOrder) got = NULL;
  g_autoptr(TixShift) shift = NULL;
  g_autoptr(TixShift) again = NULL;
  g_autoptr(TixShift) open = NULL;
  g_autoptr(TixOrderPage) page = NULL;
  g_autoptr(GAsyncResult) opened = NULL;
  g_autoptr(GAsyncResult) fetched = NULL;
  g_autoptr(GAsyncResult) listed = NULL;
  g_autoptr(GError) error = NULL;
  const TixOrderItem *item;

  /* No shift: its own error, so that the Sell view asks for one. */
  none = sell (f->seller, f->event_id, adult->id, 1, TIX_PAYMENT_CARD, 0, &error);
  g_assert_null (none);
  g_assert_error (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_NO_SHIFT);
  g_clear_error (&error);
  tix_client_get_open_shift_async (f->seller, NULL, tix_test_store_result, &opened);
  g_assert_null (tix_client_get_open_shift_finish (f->seller, tix_test_wait_result (&opened),
                                                   &error));
  g_assert_error (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_NO_SHIFT);
  g_clear_error (&error);
  g_clear_object (&opened);

  shift = open_shift (f->seller, 5000, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (shift->station, ==, "desk-1");
  g_assert_cmpint (shift->opening_float, ==, 5000);
  g_assert_true (tix_shift_is_open (shift));
  again = open_shift (f->seller, 0, &error);
  g_assert_error (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_CONFLICT);
  g_clear_error (&error);
  tix_client_get_open_shift_async (f->seller, NULL, tix_test_store_result, &opened);
  open = tix_client_get_open_shift_finish (f->seller, tix_test_wait_result (&opened), &error);
  g_assert_no_error (error);
  g_assert_cmpint (open->id, ==, shift->id);

  /* Cash short: invalid, naming "tendered"; too many: sold out, saying how many are left. */
  none = sell (f->seller, f->event_id, adult->id, 2, TIX_PAYMENT_CASH, 2000, &error);
  g_assert_error (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_INVALID);
  g_assert_cmpstr (tix_client_error_get_field (error), ==, "tendered");
  g_clear_error (&error);
  none = sell (f->seller, f->event_id, adult->id, 4, TIX_PAYMENT_CARD, 0, &error);
  g_assert_error (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_SOLD_OUT);
  g_assert_cmpint (tix_client_error_get_available (error), ==, 3);
  g_clear_error (&error);

  order = sell (f->seller, f->event_id, adult->id, 2, TIX_PAYMENT_CASH, 5000, &error);
  g_assert_no_error (error);
  g_assert_cmpint (order->number, ==, 1);
  g_assert_cmpint (order->total, ==, 3000);
  g_assert_cmpint (order->method, ==, TIX_PAYMENT_CASH);
  g_assert_cmpint (order->tendered, ==, 5000);
  g_assert_cmpint (order->change, ==, 2000);
  g_assert_cmpint (order->status, ==, TIX_ORDER_PAID);
  g_assert_cmpint (order->shift_id, ==, shift->id);
  g_assert_cmpstr (order->seller_name, ==, "Sam");
  g_assert_cmpuint (order->items->len, ==, 1);
  item = &g_array_index (order->items, TixOrderItem, 0);
  g_assert_cmpint (item->type_id, ==, adult->id);
  g_assert_cmpint (item->quantity, ==, 2);
  g_assert_cmpuint (order->tickets->len, ==, 2);
  for (guint i = 0; i < order->tickets->len; i++)
    {
      TixTicket *ticket = g_ptr_array_index (order->tickets, i);

      g_assert_nonnull (tix_ticket_get_code (ticket));
      g_assert_cmpint (tix_ticket_get_type_id (ticket), ==, adult->id);
      g_assert_cmpint (tix_ticket_get_order_id (ticket), ==, order->id);
    }

  tix_client_get_order_async (f->seller, order->id, NULL, tix_test_store_result, &fetched);
  got = tix_client_get_order_finish (f->seller, tix_test_wait_result (&fetched), &error);
  g_assert_no_error (error);
  g_assert_cmpint (got->total, ==, 3000);

  tix_client_list_orders_async (f->seller, f->event_id, shift->id, 0, NULL, NULL,
                                tix_test_store_result, &listed);
  page = tix_client_list_orders_finish (f->seller, tix_test_wait_result (&listed), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->orders->len, ==, 1);
  g_assert_null (page->next_cursor);
}

static void
test_refund_and_cash_up (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(TixTicketType) adult = create_type (f, "Adult", 1500, TIX_TICKET_TYPE_NO_LIMIT);
  g_autoptr(TixShift) shift = NULL;
  g_autoptr(TixOrder) a = NULL;
  g_autoptr(TixOrder) b = NULL;
  g_autoptr(TixOrder) refunded = NULL;
  g_autoptr(TixOrder) twice = NULL;
  g_autoptr(TixCashUp) running = NULL;
  g_autoptr(TixCashUp) cash_up = NULL;
  g_autoptr(GAsyncResult) r1 = NULL;
  g_autoptr(GAsyncResult) r2 = NULL;
  g_autoptr(GAsyncResult) r3 = NULL;
  g_autoptr(GAsyncResult) r4 = NULL;
  g_autoptr(GError) error = NULL;

  shift = open_shift (f->seller, 10000, &error);
  g_assert_no_error (error);
  a = sell (f->seller, f->event_id, adult->id, 2, TIX_PAYMENT_CASH, 3000, &error);
  g_assert_no_error (error);
  b = sell (f->seller, f->event_id, adult->id, 1, TIX_PAYMENT_CARD, 0, &error);
  g_assert_no_error (error);

  tix_client_refund_order_async (f->seller, a->id, "Changed their mind", NULL,
                                 tix_test_store_result, &r1);
  refunded = tix_client_refund_order_finish (f->seller, tix_test_wait_result (&r1), &error);
  g_assert_no_error (error);
  g_assert_cmpint (refunded->status, ==, TIX_ORDER_REFUNDED);
  g_assert_cmpint (refunded->refunded_at, >, 0);
  g_assert_cmpint (tix_ticket_get_refunded_at (g_ptr_array_index (refunded->tickets, 0)), >, 0);
  tix_client_refund_order_async (f->seller, a->id, NULL, NULL, tix_test_store_result, &r2);
  twice = tix_client_refund_order_finish (f->seller, tix_test_wait_result (&r2), &error);
  g_assert_error (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_CONFLICT);
  g_clear_error (&error);

  /* The running totals, then the close: 10000 + 3000 − 3000; counted 10020. */
  tix_client_get_cash_up_async (f->seller, shift->id, NULL, tix_test_store_result, &r3);
  running = tix_client_get_cash_up_finish (f->seller, tix_test_wait_result (&r3), &error);
  g_assert_no_error (error);
  g_assert_cmpint (running->expected_cash, ==, 10000);
  g_assert_cmpint (running->counted_cash, ==, TIX_SHIFT_NOT_COUNTED);
  tix_client_close_shift_async (f->seller, shift->id, 10020, NULL, tix_test_store_result, &r4);
  cash_up = tix_client_close_shift_finish (f->seller, tix_test_wait_result (&r4), &error);
  g_assert_no_error (error);
  g_assert_false (tix_shift_is_open (cash_up->shift));
  g_assert_cmpint (cash_up->orders, ==, 2);
  g_assert_cmpint (cash_up->by_method[TIX_PAYMENT_CASH].amount, ==, 3000);
  g_assert_cmpint (cash_up->by_method[TIX_PAYMENT_CARD].amount, ==, 1500);
  g_assert_cmpint (cash_up->refunds_cash, ==, 3000);
  g_assert_cmpint (cash_up->expected_cash, ==, 10000);
  g_assert_cmpint (cash_up->counted_cash, ==, 10020);
  g_assert_cmpint (tix_cash_up_get_difference (cash_up), ==, 20);
  g_assert_cmpuint (cash_up->by_type->len, ==, 1);
  g_assert_cmpint (g_array_index (cash_up->by_type, TixCashUpType, 0).quantity, ==, 3);

  {
    g_autoptr(GAsyncResult) r6 = NULL;
    g_autoptr(GPtrArray) shifts = NULL;

    tix_client_list_shifts_async (f->client, "desk-1", NULL, tix_test_store_result, &r6);
    shifts = tix_client_list_shifts_finish (f->client, tix_test_wait_result (&r6), &error);
    g_assert_no_error (error);
    g_assert_cmpuint (shifts->len, ==, 1);
    g_assert_cmpint (((TixShift *) g_ptr_array_index (shifts, 0))->counted_cash, ==, 10020);
  }

  {
    g_autoptr(GAsyncResult) r5 = NULL;
    g_autoptr(TixSalesReport) report = NULL;
    g_autofree char *csv = NULL;

    tix_client_get_sales_report_async (f->seller, f->event_id, NULL, NULL, NULL,
                                       tix_test_store_result, &r5);
    report = tix_client_get_sales_report_finish (f->seller, tix_test_wait_result (&r5), &error);
    g_assert_no_error (error);
    g_assert_cmpstr (report->currency, ==, "EUR");
    g_assert_cmpint (report->count, ==, 2);
    g_assert_cmpint (report->total, ==, 1500);
    g_assert_cmpint (report->refunds_amount, ==, 3000);
    g_assert_cmpuint (report->by_day->len, ==, 1);
    csv = tix_sales_report_to_csv (report);
    g_assert_nonnull (strstr (csv, "total,,,2,1500\r\n"));
  }
}

/* The stream says what changed at the desk: typed, with its detail. */
static void
order_changed_cb (TixEventStream *stream,
                  const char     *what,
                  TixOrder       *order,
                  GPtrArray      *seen)
{
  g_ptr_array_add (seen, g_strdup_printf ("order-%s:%" G_GINT64_FORMAT, what, order->number));
}

static void
type_changed_cb (TixEventStream *stream,
                 const char     *what,
                 TixTicketType  *type,
                 GPtrArray      *seen)
{
  g_ptr_array_add (seen, g_strdup_printf ("type-%s:%s", what, type->name));
}

static gboolean
seen_all (GPtrArray *seen)
{
  return seen->len >= 3;
}

static void
test_stream (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(TixEventStream) stream = tix_event_stream_new (f->client);
  g_autoptr(TixTicketType) adult = NULL;
  g_autoptr(TixShift) shift = NULL;
  g_autoptr(TixOrder) order = NULL;
  g_autoptr(TixOrder) refunded = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  g_signal_connect (stream, "order-changed", G_CALLBACK (order_changed_cb), seen);
  g_signal_connect (stream, "ticket-type-changed::created", G_CALLBACK (type_changed_cb), seen);
  tix_event_stream_start (stream);
  TIX_TEST_WAIT_UNTIL (tix_event_stream_get_connected (stream));

  adult = create_type (f, "Adult", 1500, TIX_TICKET_TYPE_NO_LIMIT);
  shift = open_shift (f->seller, 0, &error);
  g_assert_no_error (error);
  order = sell (f->seller, f->event_id, adult->id, 1, TIX_PAYMENT_CARD, 0, &error);
  g_assert_no_error (error);
  tix_client_refund_order_async (f->seller, order->id, NULL, NULL, tix_test_store_result, &result);
  refunded = tix_client_refund_order_finish (f->seller, tix_test_wait_result (&result), &error);
  g_assert_no_error (error);

  TIX_TEST_WAIT_UNTIL (seen_all (seen));
  g_assert_cmpstr (g_ptr_array_index (seen, 0), ==, "type-created:Adult");
  g_assert_cmpstr (g_ptr_array_index (seen, 1), ==, "order-created:1");
  g_assert_cmpstr (g_ptr_array_index (seen, 2), ==, "order-refunded:1");
  tix_event_stream_stop (stream);
  g_signal_handlers_disconnect_by_data (stream, seen);
  g_clear_object (&stream);
  TIX_TEST_WAIT_UNTIL (G_OBJECT (f->client)->ref_count == 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/tix/client/sales/types", test_types);
  ADD ("/tix/client/sales/sale", test_sale);
  ADD ("/tix/client/sales/refund-and-cash-up", test_refund_and_cash_up);
  ADD ("/tix/client/sales/stream", test_stream);
#undef ADD

  return g_test_run ();
}
