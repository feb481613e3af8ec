/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "tix-client.h"

G_BEGIN_DECLS

/* The basket of a sale at the desk and what a cashier's keys do to it: the
 * arithmetic (lines, total, tendered, change) and the keyboard, with nothing
 * of GTK, so both are tested without a display. The Sell view shows it and
 * hands it the keys (tix_sell_basket_key ()).
 *
 * The keys ("2 adults 1 child, cash, 50, Enter" is 1 1 2 c 5 0 Enter, or
 * 1 + 2 c 5 0 Enter):
 *   1 … 9      one more of the ticket type at that place (the buttons'
 *              order), its line selected
 *   + −        one more, one fewer of the selected line
 *   *          the digits that follow are the selected line's quantity
 *   ↑ ↓        select the line above, below
 *   Delete     remove the selected line
 *   Backspace  one fewer of the selected line (after c: the last digit)
 *   c          cash: the digits, "." and "," that follow are the amount
 *              tendered (none: the exact total)
 *   k o f      card, other, free (free only where it is allowed)
 *   Enter      complete the sale
 *   Escape     out of the amount or the quantity; else empty the basket */

/* Keys that are not characters. */
#define TIX_SELL_KEY_ENTER     '\r'
#define TIX_SELL_KEY_BACKSPACE '\b'
#define TIX_SELL_KEY_ESCAPE    0x1b
#define TIX_SELL_KEY_DELETE    0x7f
#define TIX_SELL_KEY_UP        0xf700
#define TIX_SELL_KEY_DOWN      0xf701

/* At most this many of one type in one sale (the server's limit). */
#define TIX_SELL_MAX_QUANTITY 100

typedef enum
{
  TIX_SELL_INPUT_BASKET,    /* digits choose types */
  TIX_SELL_INPUT_QUANTITY,  /* after *: digits are the selected line's quantity */
  TIX_SELL_INPUT_TENDERED,  /* after c: digits are the cash handed over */
} TixSellInput;

typedef enum
{
  TIX_SELL_KEY_IGNORED,     /* not a key of the desk: let it through */
  TIX_SELL_KEY_HANDLED,     /* the basket changed (or nothing to change) */
  TIX_SELL_KEY_REFUSED,     /* said why: tix_sell_basket_get_message () */
  TIX_SELL_KEY_COMPLETE,    /* Enter, and the sale can be made */
} TixSellKeyResult;

#define TIX_TYPE_SELL_BASKET (tix_sell_basket_get_type ())

G_DECLARE_FINAL_TYPE (TixSellBasket, tix_sell_basket, TIX, SELL_BASKET, GObject)

/* Signal "changed": lines, selection, payment, tendered or types changed. */
TixSellBasket    *tix_sell_basket_new            (void);

/* The organization's currency ("EUR"), for reading the amount tendered. */
void              tix_sell_basket_set_currency   (TixSellBasket   *self,
                                                  const char      *currency);
const char       *tix_sell_basket_get_currency   (TixSellBasket   *self);
/* Whether "free" (complimentary) may be chosen: admins. */
void              tix_sell_basket_set_allow_free (TixSellBasket   *self,
                                                  gboolean         allow_free);

/* The event's ticket types (element-type TixTicketType) as read; the
 * active ones are the buttons, in this order. Lines of types no longer
 * there are dropped; the rest keep their quantities. */
void              tix_sell_basket_set_types      (TixSellBasket   *self,
                                                  GPtrArray       *types);
/* The active types, in button order (element-type TixTicketType). */
GPtrArray        *tix_sell_basket_get_types      (TixSellBasket   *self);
TixTicketType    *tix_sell_basket_lookup_type    (TixSellBasket   *self,
                                                  gint64           type_id);

/* One more of @type_id (a click on its button); FALSE and a message when
 * it is sold out or no more are left. */
gboolean          tix_sell_basket_add            (TixSellBasket   *self,
                                                  gint64           type_id);
/* Sets the line of @type_id to @quantity (0 removes it); FALSE and a
 * message when not so many are left. */
gboolean          tix_sell_basket_set_quantity   (TixSellBasket   *self,
                                                  gint64           type_id,
                                                  gint64           quantity);
guint             tix_sell_basket_get_n_lines    (TixSellBasket   *self);
/* The type and quantity of line @index. */
TixTicketType    *tix_sell_basket_get_line       (TixSellBasket   *self,
                                                  guint            index,
                                                  gint64          *out_quantity);
/* -1 when there are no lines. */
int               tix_sell_basket_get_selected   (TixSellBasket   *self);
void              tix_sell_basket_select         (TixSellBasket   *self,
                                                  int              index);
/* How many of @type_id are in the basket. */
gint64            tix_sell_basket_get_quantity   (TixSellBasket   *self,
                                                  gint64           type_id);
gint64            tix_sell_basket_get_count      (TixSellBasket   *self);
/* In minor units. */
gint64            tix_sell_basket_get_total      (TixSellBasket   *self);
gboolean          tix_sell_basket_is_empty       (TixSellBasket   *self);

TixPaymentMethod  tix_sell_basket_get_method     (TixSellBasket   *self);
gboolean          tix_sell_basket_set_method     (TixSellBasket   *self,
                                                  TixPaymentMethod method);
TixSellInput      tix_sell_basket_get_input      (TixSellBasket   *self);
/* The amount tendered as typed ("" for none: the exact total). */
const char       *tix_sell_basket_get_tendered_text (TixSellBasket *self);
void              tix_sell_basket_set_tendered_text (TixSellBasket *self,
                                                     const char    *text);
/* What is handed over, in minor units: the typed amount, the total when
 * none is typed or the payment is not cash; -1 when what is typed is not
 * an amount. */
gint64            tix_sell_basket_get_tendered   (TixSellBasket   *self);
/* Cash: tendered − total; -1 when short or unreadable; 0 otherwise. */
gint64            tix_sell_basket_get_change     (TixSellBasket   *self);
/* Lines in the basket, and enough cash typed. */
gboolean          tix_sell_basket_can_complete   (TixSellBasket   *self);
/* The lines as the client sends them (element-type TixClientSaleLine). */
GArray           *tix_sell_basket_dup_sale_lines (TixSellBasket   *self);

/* One key (a character, or a TIX_SELL_KEY_*). */
TixSellKeyResult  tix_sell_basket_key            (TixSellBasket   *self,
                                                  gunichar         key);
/* Why the last key or add was refused, or NULL. */
const char       *tix_sell_basket_get_message    (TixSellBasket   *self);

/* After a sale: empty, cash, nothing tendered. */
void              tix_sell_basket_clear          (TixSellBasket   *self);

G_END_DECLS
