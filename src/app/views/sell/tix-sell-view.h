/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "tix-desk-printer.h"
#include "tix-sell-basket.h"
#include "tix-session.h"

G_BEGIN_DECLS

#define TIX_TYPE_SELL_VIEW (tix_sell_view_get_type ())

G_DECLARE_FINAL_TYPE (TixSellView, tix_sell_view, TIX, SELL_VIEW, GtkWidget)

/* The desk: a sale by keyboard at the speed of a queue (the keys are
 * TixSellBasket's), its tickets printed at once on the station's printer,
 * the cashier's shift and its cash-up, the event's orders.
 *
 * One large button per active ticket type of the window's event (name,
 * price, how many are left; sold out greyed), the basket and its total
 * always in sight, Cash / Card / Other / Free, the cash tendered and the
 * change due in large type. The counts left follow other desks' sales: the
 * types are read again when the stream says tickets were made or changed
 * (a sale anywhere is "tickets-generated"), and every 30 seconds while the
 * view is shown (a refund elsewhere comes on no stream message).
 *
 * Properties: "session", "season" (the window's), "desk-printer".
 * Actions: "sell.complete" (Enter), "sell.print-again", "sell.print-receipt",
 * "sell.open-shift", "sell.close-shift", "sell.orders", "sell.pay" (s:
 * "cash", "card", "other", "free"). */
TixSellView    *tix_sell_view_new              (void);
TixSellBasket  *tix_sell_view_get_basket       (TixSellView *self);
/* The last sale made here, or NULL. */
TixOrder       *tix_sell_view_get_last_order   (TixSellView *self);
/* The cashier's open shift here, NULL when none (or not known yet). */
TixShift       *tix_sell_view_get_shift        (TixSellView *self);
/* Its running totals (or the cash-up of the shift just closed), or NULL. */
TixCashUp      *tix_sell_view_get_cash_up      (TixSellView *self);
/* Requests in flight: 0 when everything asked for has come. */
guint           tix_sell_view_get_n_busy       (TixSellView *self);
/* Reads the ticket types again. */
void            tix_sell_view_reload           (TixSellView *self);

G_END_DECLS
