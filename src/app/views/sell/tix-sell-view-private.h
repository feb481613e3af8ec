/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tix-sell-view.h"
#include "tix-season.h"

G_BEGIN_DECLS

/* What the view (tix-sell-view.c: session, types, basket, keys, layout)
 * and its actions (tix-sell-view-actions.c: the sale, printing, the
 * shift, the orders) share. */
struct _TixSellView
{
  GtkWidget          parent_instance;

  /* Template widgets */
  GtkWidget         *content;
  GtkLabel          *shift_label;
  GtkButton         *shift_button;
  GtkStack          *types_stack;
  AdwStatusPage     *no_types_page;
  GtkWidget         *no_types_button; /* administrators only */
  GtkFlowBox        *types_box;
  GtkWidget         *basket_panel;
  GtkListBox        *lines_box;
  GtkLabel          *count_label;
  GtkLabel          *total_label;
  GtkToggleButton   *cash_button;
  GtkToggleButton   *card_button;
  GtkToggleButton   *other_button;
  GtkToggleButton   *free_button;
  GtkWidget         *tendered_box;
  GtkLabel          *tendered_label;
  GtkLabel          *change_caption;
  GtkLabel          *change_label;
  GtkLabel          *message_label;
  GtkButton         *sell_button;
  GtkLabel          *last_label;

  /* Owned references */
  TixSession        *session;
  GSignalGroup      *session_signals;
  GSignalGroup      *stream_signals;
  TixSeason         *season;
  TixClient         *client;          /* the session's, as of the last change */
  TixDeskPrinter    *printer;
  TixSellBasket     *basket;
  GCancellable      *cancellable;     /* requests for this client */
  TixOrder          *last_order;
  TixShift          *shift;           /* the open shift here, or NULL */
  TixCashUp         *cash_up;         /* its running totals */
  GtkWindow         *cash_up_window;  /* the cash-up shown after closing */

  /* Weak references */
  GtkWindow         *types_window;    /* the ticket types' window opened here */

  gint64             event_id;        /* the types shown are of it */
  guint              n_busy;
  guint              reload_id;       /* soon after the stream said something */
  guint              poll_id;         /* every 30 s while shown */
  guint              types_serial;
  guint              selling : 1;
  guint              shift_known : 1; /* asked the server whether one is open */
};

/* tix-sell-view.c */
void       _tix_sell_view_show_message     (TixSellView  *self,
                                            const char   *message);
void       _tix_sell_view_update           (TixSellView  *self);
void       _tix_sell_view_busy             (TixSellView  *self,
                                            int           delta);
void       _tix_sell_view_refocus          (TixSellView  *self);
const char *_tix_sell_view_get_currency    (TixSellView  *self);
char       *_tix_sell_view_format          (TixSellView  *self,
                                            gint64        amount);

/* tix-sell-view-actions.c */
void       _tix_sell_view_class_actions_init (TixSellViewClass *klass);
/* Reads whether a shift is open here and its running totals. */
void       _tix_sell_view_load_shift       (TixSellView  *self);
void       _tix_sell_view_update_actions   (TixSellView  *self);

G_END_DECLS
