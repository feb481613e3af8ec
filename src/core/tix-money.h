/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Money is an integer count of the currency's minor units (cents for EUR),
 * never a float: prices, totals, the cash in a drawer. @currency is an
 * ISO 4217 code such as "EUR"; an unknown one has two decimals and is
 * written by its code. */

/* How many decimals the currency has: 2 for EUR, 0 for JPY, 3 for KWD. */
guint        tix_currency_get_digits   (const char  *currency);
/* "€" for EUR, "$" for USD, …; else the code itself. */
const char  *tix_currency_get_symbol   (const char  *currency);

/* "€12.50" (in the user's language and locale: "12,50 €" in German), with
 * the locale's grouping of thousands; a negative amount starts with "−". */
char        *tix_money_format          (gint64       amount,
                                        const char  *currency);
/* "12.50": the number alone, as typed into a field. */
char        *tix_money_format_number   (gint64       amount,
                                        const char  *currency);
/* What a cashier types: "20", "20.5", "20,50", "€ 20.00", "1,234.50" in
 * English or "1.234,50" in German. FALSE (and @out untouched) for anything
 * else: a negative amount, more decimals than the currency has, letters, an
 * amount over 10^13 minor units. */
gboolean     tix_money_parse           (const char  *text,
                                        const char  *currency,
                                        gint64      *out);

G_END_DECLS
