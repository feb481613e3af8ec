/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "tix-cash-up.h"

G_BEGIN_DECLS

#define TIX_TYPE_CASH_UP_VIEW (tix_cash_up_view_get_type ())

G_DECLARE_FINAL_TYPE (TixCashUpView, tix_cash_up_view, TIX, CASH_UP_VIEW, AdwBin)

/* A shift's cash-up on screen: the sales by method and by type, the
 * refunds, the cash expected against the cash counted, and the difference
 * in large type, red when the drawer is short or over. */
TixCashUpView *tix_cash_up_view_new          (void);
void           tix_cash_up_view_set_cash_up  (TixCashUpView *self,
                                              TixCashUp     *cash_up,
                                              const char    *currency);
/* The difference as shown ("−€5.00"), for tests. */
const char    *tix_cash_up_view_get_difference_text (TixCashUpView *self);

G_END_DECLS
