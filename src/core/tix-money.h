/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Money is an integer count of minor units (cents) of the organization's
 * currency, an ISO 4217 code (setting "currency", default EUR). */

#define TIX_MONEY_DEFAULT_CURRENCY "EUR"

/* TRUE for an active ISO 4217 code ("EUR", "CHF", "JPY", …). */
gboolean  tix_money_is_currency    (const char *code);
/* Its minor unit digits: 2 for EUR, 0 for JPY, 3 for KWD; 2 when unknown. */
guint     tix_money_get_exponent   (const char *code);
/* @amount (minor units) of @currency as "15.00 EUR", "-8.00 EUR",
 * "1500 JPY": the same in every locale, for receipts and reports. */
char     *tix_money_format         (gint64      amount,
                                    const char *currency);

G_END_DECLS
