/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "tix-client.h"

G_BEGIN_DECLS

#define TIX_TYPE_SELL_ORDERS_WINDOW (tix_sell_orders_window_get_type ())

G_DECLARE_FINAL_TYPE (TixSellOrdersWindow, tix_sell_orders_window, TIX, SELL_ORDERS_WINDOW, AdwWindow)

/* The orders of an event, newest first: search by number, refund with
 * confirmation (the server's rules: an admin, or the seller within 10
 * minutes of their own sale), print again.
 *
 * Signals: "order-refunded" (TixOrder *), "reprint" (TixOrder *, with its
 * tickets). */
TixSellOrdersWindow *tix_sell_orders_window_new     (TixClient           *client,
                                                     gint64               event_id,
                                                     const char          *currency);
/* Shows the order numbered @number (0: every order). */
void                 tix_sell_orders_window_search  (TixSellOrdersWindow *self,
                                                     gint64               number);
/* The orders listed (element-type TixOrder). */
GPtrArray           *tix_sell_orders_window_get_orders (TixSellOrdersWindow *self);
guint                tix_sell_orders_window_get_n_busy (TixSellOrdersWindow *self);
/* Asks to refund @order (the confirmation dialog); "yes" said at once
 * when @confirmed. */
void                 tix_sell_orders_window_refund  (TixSellOrdersWindow *self,
                                                     TixOrder            *order,
                                                     gboolean             confirmed);
/* The last error shown, or NULL. */
const char          *tix_sell_orders_window_get_message (TixSellOrdersWindow *self);

G_END_DECLS
