/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "tix-ticket-type.h"

G_BEGIN_DECLS

#define TIX_TYPE_SELL_TYPE_BUTTON (tix_sell_type_button_get_type ())

G_DECLARE_FINAL_TYPE (TixSellTypeButton, tix_sell_type_button, TIX, SELL_TYPE_BUTTON, GtkButton)

/* One large button of the Sell view: a ticket type's key (its place), name,
 * price and how many are left; sold out, greyed and insensitive. */
TixSellTypeButton *tix_sell_type_button_new      (void);
void               tix_sell_type_button_set_type (TixSellTypeButton *self,
                                                  TixTicketType     *type,
                                                  guint              position,
                                                  const char        *currency,
                                                  gint64             in_basket);
TixTicketType     *tix_sell_type_button_get_ticket_type (TixSellTypeButton *self);

G_END_DECLS
