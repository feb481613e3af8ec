/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Money is an integer count of the currency's minor units (cents for EUR),
 * never a float: prices, totals, the cash in a drawer. @currency is an
 * ISO 4217 code, the organization's setting "currency" (default EUR); an
 * unknown one has two decimals and is written by its code. */

#define TIX_MONEY_DEFAULT_CURRENCY "EUR"

/* TRUE for an active ISO 4217 code ("EUR", "CHF", "JPY", …). */
gboolean     tix_money_is_currency     (const char  *code);
/* Its minor unit digits: 2 for EUR, 0 for JPY, 3 for KWD; 2 when unknown. */
guint        tix_money_get_exponent    (const char  *code);
/* "€" for EUR, "$" for USD, …; else the code itself. */
const char  *tix_money_get_symbol      (const char  *currency);

/* For people: "€12.50" in the user's language and locale ("12,50 €" in
 * German), with the locale's grouping of thousands; a negative amount
 * starts with "−". */
char        *tix_money_format          (gint64       amount,
                                        const char  *currency);
/* "12.50": the number alone, as typed into a field. */
char        *tix_money_format_number   (gint64       amount,
                                        const char  *currency);
/* For what the server prints and exports: "15.00 EUR", "-8.00 EUR",
 * "1500 JPY", the same in every locale. */
char        *tix_money_format_code     (gint64       amount,
                                        const char  *currency);
/* What a cashier types: "20", "20.5", "20,50", "€ 20.00", "1,234.50" in
 * English or "1.234,50" in German. FALSE (and @out untouched) for anything
 * else: a negative amount, more decimals than the currency has, letters, an
 * amount over 10^13 minor units. */
gboolean     tix_money_parse           (const char  *text,
                                        const char  *currency,
                                        gint64      *out);

G_END_DECLS
