/* SPDX-License-Identifier: GPL-3.0-or-later */
/* TixSellBasket alone, without a display: the arithmetic of a sale at the
 * desk and what a cashier's keys do to it. */
#include "config.h"

#include <locale.h>

#include "tix-sell-basket.h"

static TixTicketType *
type_new (gint64      id,
          const char *name,
          gint64      price,
          gint64      available)
{
  TixTicketType *type = tix_ticket_type_new ();

  type->id = id;
  type->event_id = 1;
  type->name = g_strdup (name);
  type->price = price;
  type->available = available;
  type->quota = available;
  return type;
}

/* Adult €12.50 (plenty), Child €6.00 (plenty), Student €9.00 (two left),
 * Gone (sold out), and an inactive one that is no button. */
static TixSellBasket *
basket_new (void)
{
  TixSellBasket *basket = tix_sell_basket_new ();
  g_autoptr(GPtrArray) types = g_ptr_array_new_with_free_func ((GDestroyNotify) tix_ticket_type_unref);
  TixTicketType *inactive = type_new (9, "Old", 100, TIX_TICKET_TYPE_NO_LIMIT);

  inactive->active = FALSE;
  g_ptr_array_add (types, type_new (11, "Adult", 1250, TIX_TICKET_TYPE_NO_LIMIT));
  g_ptr_array_add (types, inactive);
  g_ptr_array_add (types, type_new (12, "Child", 600, 50));
  g_ptr_array_add (types, type_new (13, "Student", 900, 2));
  g_ptr_array_add (types, type_new (14, "Gone", 900, 0));
  tix_sell_basket_set_currency (basket, "EUR");
  tix_sell_basket_set_types (basket, types);
  return basket;
}

static void
keys (TixSellBasket *basket,
      const char    *text)
{
  for (const char *p = text; *p != '\0'; p++)
    g_assert_cmpint (tix_sell_basket_key (basket, (gunichar) *p), !=, TIX_SELL_KEY_IGNORED);
}

/* "2 adults 1 child, cash, 50, Enter" by the keys alone. */
static void
test_basket_queue (void)
{
  g_autoptr(TixSellBasket) basket = basket_new ();
  g_autoptr(GArray) lines = NULL;

  g_assert_cmpuint (tix_sell_basket_get_types (basket)->len, ==, 4);
  keys (basket, "112c50");
  g_assert_cmpuint (tix_sell_basket_get_n_lines (basket), ==, 2);
  g_assert_cmpint (tix_sell_basket_get_quantity (basket, 11), ==, 2);
  g_assert_cmpint (tix_sell_basket_get_quantity (basket, 12), ==, 1);
  g_assert_cmpint (tix_sell_basket_get_total (basket), ==, 3100);
  g_assert_cmpint (tix_sell_basket_get_method (basket), ==, TIX_PAYMENT_CASH);
  g_assert_cmpstr (tix_sell_basket_get_tendered_text (basket), ==, "50");
  g_assert_cmpint (tix_sell_basket_get_tendered (basket), ==, 5000);
  g_assert_cmpint (tix_sell_basket_get_change (basket), ==, 1900);
  g_assert_cmpint (tix_sell_basket_key (basket, TIX_SELL_KEY_ENTER), ==, TIX_SELL_KEY_COMPLETE);

  lines = tix_sell_basket_dup_sale_lines (basket);
  g_assert_cmpuint (lines->len, ==, 2);
  g_assert_cmpint (g_array_index (lines, TixClientSaleLine, 0).type_id, ==, 11);
  g_assert_cmpint (g_array_index (lines, TixClientSaleLine, 0).quantity, ==, 2);
  g_assert_cmpint (g_array_index (lines, TixClientSaleLine, 1).type_id, ==, 12);

  tix_sell_basket_clear (basket);
  g_assert_true (tix_sell_basket_is_empty (basket));
  g_assert_cmpint (tix_sell_basket_get_total (basket), ==, 0);
  g_assert_cmpstr (tix_sell_basket_get_tendered_text (basket), ==, "");
}

/* + and − change the selected line, * types its quantity, the arrows
 * select, Delete removes. */
static void
test_basket_lines (void)
{
  g_autoptr(TixSellBasket) basket = basket_new ();

  keys (basket, "1++");
  g_assert_cmpint (tix_sell_basket_get_quantity (basket, 11), ==, 3);
  keys (basket, "-");
  g_assert_cmpint (tix_sell_basket_get_quantity (basket, 11), ==, 2);
  keys (basket, "2*12");
  g_assert_cmpint (tix_sell_basket_get_input (basket), ==, TIX_SELL_INPUT_QUANTITY);
  g_assert_cmpint (tix_sell_basket_get_quantity (basket, 12), ==, 12);
  /* Another key ends the quantity and counts as itself. */
  keys (basket, "+");
  g_assert_cmpint (tix_sell_basket_get_quantity (basket, 12), ==, 13);
  keys (basket, "1");
  g_assert_cmpint (tix_sell_basket_get_input (basket), ==, TIX_SELL_INPUT_BASKET);
  g_assert_cmpint (tix_sell_basket_get_quantity (basket, 11), ==, 3);
  g_assert_cmpint (tix_sell_basket_get_selected (basket), ==, 0);
  g_assert_cmpint (tix_sell_basket_get_total (basket), ==, 3 * 1250 + 13 * 600);

  g_assert_cmpint (tix_sell_basket_key (basket, TIX_SELL_KEY_DOWN), ==, TIX_SELL_KEY_HANDLED);
  g_assert_cmpint (tix_sell_basket_get_selected (basket), ==, 1);
  g_assert_cmpint (tix_sell_basket_key (basket, TIX_SELL_KEY_DELETE), ==, TIX_SELL_KEY_HANDLED);
  g_assert_cmpuint (tix_sell_basket_get_n_lines (basket), ==, 1);
  g_assert_cmpint (tix_sell_basket_get_selected (basket), ==, 0);
  /* Down to nothing: the line goes. */
  keys (basket, "---");
  g_assert_true (tix_sell_basket_is_empty (basket));
  g_assert_cmpint (tix_sell_basket_key (basket, '+'), ==, TIX_SELL_KEY_REFUSED);
  g_assert_cmpint (tix_sell_basket_key (basket, TIX_SELL_KEY_ENTER), ==, TIX_SELL_KEY_REFUSED);
  g_assert_nonnull (tix_sell_basket_get_message (basket));
}

/* Not more than is left, nothing of a sold-out type, no type 7. */
static void
test_basket_left (void)
{
  g_autoptr(TixSellBasket) basket = basket_new ();

  keys (basket, "33");
  g_assert_cmpint (tix_sell_basket_key (basket, '3'), ==, TIX_SELL_KEY_REFUSED);
  g_assert_cmpstr (tix_sell_basket_get_message (basket), ==, "Only 2 Student are left");
  g_assert_cmpint (tix_sell_basket_get_quantity (basket, 13), ==, 2);
  g_assert_cmpint (tix_sell_basket_key (basket, '4'), ==, TIX_SELL_KEY_REFUSED);
  g_assert_cmpstr (tix_sell_basket_get_message (basket), ==, "Gone is sold out");
  g_assert_cmpint (tix_sell_basket_key (basket, '7'), ==, TIX_SELL_KEY_REFUSED);
  g_assert_false (tix_sell_basket_add (basket, 14));
  /* Fewer left since (another desk sold): the line keeps what it had
   * until the sale says otherwise, but no more go in. */
  g_assert_cmpuint (tix_sell_basket_get_n_lines (basket), ==, 1);
  g_assert_false (tix_sell_basket_set_quantity (basket, 13, TIX_SELL_MAX_QUANTITY + 1));
  g_assert_false (tix_sell_basket_set_quantity (basket, 11, TIX_SELL_MAX_QUANTITY + 1));
  g_assert_true (tix_sell_basket_set_quantity (basket, 11, TIX_SELL_MAX_QUANTITY));
}

/* Cash: the exact total when nothing is typed, short is refused, a comma
 * is a decimal separator, Backspace and Escape; card, other and free. */
static void
test_basket_payment (void)
{
  g_autoptr(TixSellBasket) basket = basket_new ();

  keys (basket, "12");
  g_assert_cmpint (tix_sell_basket_get_change (basket), ==, 0);
  g_assert_true (tix_sell_basket_can_complete (basket));
  keys (basket, "c10");
  g_assert_cmpint (tix_sell_basket_get_change (basket), ==, -1);
  g_assert_false (tix_sell_basket_can_complete (basket));
  g_assert_cmpint (tix_sell_basket_key (basket, TIX_SELL_KEY_ENTER), ==, TIX_SELL_KEY_REFUSED);
  g_assert_cmpstr (tix_sell_basket_get_message (basket), ==, "Not enough cash tendered");
  keys (basket, ",5");
  g_assert_cmpint (tix_sell_basket_get_tendered (basket), ==, 1050);
  g_assert_cmpint (tix_sell_basket_key (basket, TIX_SELL_KEY_BACKSPACE), ==, TIX_SELL_KEY_HANDLED);
  g_assert_cmpint (tix_sell_basket_key (basket, TIX_SELL_KEY_BACKSPACE), ==, TIX_SELL_KEY_HANDLED);
  keys (basket, "0,00");
  g_assert_cmpstr (tix_sell_basket_get_tendered_text (basket), ==, "100,00");
  g_assert_cmpint (tix_sell_basket_get_change (basket), ==, 10000 - 1850);
  keys (basket, "1.2.3");
  g_assert_cmpint (tix_sell_basket_get_tendered (basket), ==, -1);
  g_assert_cmpint (tix_sell_basket_key (basket, TIX_SELL_KEY_ENTER), ==, TIX_SELL_KEY_REFUSED);

  /* Escape leaves the amount; digits choose types again. */
  g_assert_cmpint (tix_sell_basket_key (basket, TIX_SELL_KEY_ESCAPE), ==, TIX_SELL_KEY_HANDLED);
  g_assert_cmpint (tix_sell_basket_get_input (basket), ==, TIX_SELL_INPUT_BASKET);
  keys (basket, "k");
  g_assert_cmpint (tix_sell_basket_get_method (basket), ==, TIX_PAYMENT_CARD);
  g_assert_cmpint (tix_sell_basket_get_tendered (basket), ==, 1850);
  g_assert_cmpint (tix_sell_basket_get_change (basket), ==, 0);
  keys (basket, "1");
  g_assert_cmpint (tix_sell_basket_get_quantity (basket, 11), ==, 2);
  keys (basket, "o");
  g_assert_cmpint (tix_sell_basket_get_method (basket), ==, TIX_PAYMENT_OTHER);

  /* Free is for admins. */
  g_assert_cmpint (tix_sell_basket_key (basket, 'f'), ==, TIX_SELL_KEY_REFUSED);
  g_assert_cmpint (tix_sell_basket_get_method (basket), ==, TIX_PAYMENT_OTHER);
  tix_sell_basket_set_allow_free (basket, TRUE);
  keys (basket, "F");
  g_assert_cmpint (tix_sell_basket_get_method (basket), ==, TIX_PAYMENT_FREE);
  g_assert_cmpint (tix_sell_basket_get_total (basket), ==, 0);
  g_assert_cmpint (tix_sell_basket_key (basket, TIX_SELL_KEY_ENTER), ==, TIX_SELL_KEY_COMPLETE);

  /* Escape empties the basket; on an empty one it is not ours. */
  g_assert_cmpint (tix_sell_basket_key (basket, TIX_SELL_KEY_ESCAPE), ==, TIX_SELL_KEY_HANDLED);
  g_assert_true (tix_sell_basket_is_empty (basket));
  g_assert_cmpint (tix_sell_basket_get_method (basket), ==, TIX_PAYMENT_CASH);
  g_assert_cmpint (tix_sell_basket_key (basket, TIX_SELL_KEY_ESCAPE), ==, TIX_SELL_KEY_IGNORED);
  g_assert_cmpint (tix_sell_basket_key (basket, 'q'), ==, TIX_SELL_KEY_IGNORED);
}

static void
count_cb (TixSellBasket *basket,
          guint         *count)
{
  (*count)++;
}

/* New types (another desk sold, an admin changed them): lines of types
 * gone are dropped, the others kept; "changed" says it. */
static void
test_basket_types_change (void)
{
  g_autoptr(TixSellBasket) basket = basket_new ();
  g_autoptr(GPtrArray) types = g_ptr_array_new_with_free_func ((GDestroyNotify) tix_ticket_type_unref);
  guint changes = 0;

  keys (basket, "122");
  g_signal_connect (basket, "changed", G_CALLBACK (count_cb), &changes);
  g_ptr_array_add (types, type_new (12, "Child", 700, 10));
  tix_sell_basket_set_types (basket, types);
  g_assert_cmpuint (changes, ==, 1);
  g_assert_cmpuint (tix_sell_basket_get_n_lines (basket), ==, 1);
  g_assert_cmpint (tix_sell_basket_get_quantity (basket, 12), ==, 2);
  g_assert_cmpint (tix_sell_basket_get_total (basket), ==, 1400);
  g_assert_cmpint (tix_sell_basket_get_selected (basket), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tix/sell/basket/queue", test_basket_queue);
  g_test_add_func ("/tix/sell/basket/lines", test_basket_lines);
  g_test_add_func ("/tix/sell/basket/left", test_basket_left);
  g_test_add_func ("/tix/sell/basket/payment", test_basket_payment);
  g_test_add_func ("/tix/sell/basket/types-change", test_basket_types_change);

  return g_test_run ();
}
