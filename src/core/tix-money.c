/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-money"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "tix-money.h"

/* The most a field may hold: ten thousand billion minor units. */
#define MAX_AMOUNT G_GINT64_CONSTANT (10000000000000)

/* ISO 4217, the active codes, with their minor unit digits. */
static const struct
{
  char   code[4];
  guint8 exponent;
} currencies[] = {
  { "AED", 2 }, { "AFN", 2 }, { "ALL", 2 }, { "AMD", 2 }, { "ANG", 2 }, { "AOA", 2 },
  { "ARS", 2 }, { "AUD", 2 }, { "AWG", 2 }, { "AZN", 2 }, { "BAM", 2 }, { "BBD", 2 },
  { "BDT", 2 }, { "BGN", 2 }, { "BHD", 3 }, { "BIF", 0 }, { "BMD", 2 }, { "BND", 2 },
  { "BOB", 2 }, { "BRL", 2 }, { "BSD", 2 }, { "BTN", 2 }, { "BWP", 2 }, { "BYN", 2 },
  { "BZD", 2 }, { "CAD", 2 }, { "CDF", 2 }, { "CHF", 2 }, { "CLP", 0 }, { "CNY", 2 },
  { "COP", 2 }, { "CRC", 2 }, { "CUP", 2 }, { "CVE", 2 }, { "CZK", 2 }, { "DJF", 0 },
  { "DKK", 2 }, { "DOP", 2 }, { "DZD", 2 }, { "EGP", 2 }, { "ERN", 2 }, { "ETB", 2 },
  { "EUR", 2 }, { "FJD", 2 }, { "FKP", 2 }, { "GBP", 2 }, { "GEL", 2 }, { "GHS", 2 },
  { "GIP", 2 }, { "GMD", 2 }, { "GNF", 0 }, { "GTQ", 2 }, { "GYD", 2 }, { "HKD", 2 },
  { "HNL", 2 }, { "HTG", 2 }, { "HUF", 2 }, { "IDR", 2 }, { "ILS", 2 }, { "INR", 2 },
  { "IQD", 3 }, { "IRR", 2 }, { "ISK", 0 }, { "JMD", 2 }, { "JOD", 3 }, { "JPY", 0 },
  { "KES", 2 }, { "KGS", 2 }, { "KHR", 2 }, { "KMF", 0 }, { "KPW", 2 }, { "KRW", 0 },
  { "KWD", 3 }, { "KYD", 2 }, { "KZT", 2 }, { "LAK", 2 }, { "LBP", 2 }, { "LKR", 2 },
  { "LRD", 2 }, { "LSL", 2 }, { "LYD", 3 }, { "MAD", 2 }, { "MDL", 2 }, { "MGA", 2 },
  { "MKD", 2 }, { "MMK", 2 }, { "MNT", 2 }, { "MOP", 2 }, { "MRU", 2 }, { "MUR", 2 },
  { "MVR", 2 }, { "MWK", 2 }, { "MXN", 2 }, { "MYR", 2 }, { "MZN", 2 }, { "NAD", 2 },
  { "NGN", 2 }, { "NIO", 2 }, { "NOK", 2 }, { "NPR", 2 }, { "NZD", 2 }, { "OMR", 3 },
  { "PAB", 2 }, { "PEN", 2 }, { "PGK", 2 }, { "PHP", 2 }, { "PKR", 2 }, { "PLN", 2 },
  { "PYG", 0 }, { "QAR", 2 }, { "RON", 2 }, { "RSD", 2 }, { "RUB", 2 }, { "RWF", 0 },
  { "SAR", 2 }, { "SBD", 2 }, { "SCR", 2 }, { "SDG", 2 }, { "SEK", 2 }, { "SGD", 2 },
  { "SHP", 2 }, { "SLE", 2 }, { "SOS", 2 }, { "SRD", 2 }, { "SSP", 2 }, { "STN", 2 },
  { "SVC", 2 }, { "SYP", 2 }, { "SZL", 2 }, { "THB", 2 }, { "TJS", 2 }, { "TMT", 2 },
  { "TND", 3 }, { "TOP", 2 }, { "TRY", 2 }, { "TTD", 2 }, { "TWD", 2 }, { "TZS", 2 },
  { "UAH", 2 }, { "UGX", 0 }, { "USD", 2 }, { "UYU", 2 }, { "UZS", 2 }, { "VES", 2 },
  { "VND", 0 }, { "VUV", 0 }, { "WST", 2 }, { "XAF", 0 }, { "XCD", 2 }, { "XOF", 0 },
  { "XPF", 0 }, { "YER", 2 }, { "ZAR", 2 }, { "ZMW", 2 }, { "ZWL", 2 },
};

static int
find (const char *code)
{
  if (code == NULL || strlen (code) != 3)
    return -1;
  for (guint i = 0; i < G_N_ELEMENTS (currencies); i++)
    if (memcmp (currencies[i].code, code, 3) == 0)
      return (int) i;
  return -1;
}

gboolean
tix_money_is_currency (const char *code)
{
  return find (code) >= 0;
}

guint
tix_money_get_exponent (const char *code)
{
  int i = find (code);

  return i < 0 ? 2 : currencies[i].exponent;
}

/* The symbols of the currencies a venue is likely to use; the others are
 * written by their code. */
static const struct
{
  char        code[4];
  const char *symbol;
} symbols[] = {
  { "EUR", "€" },   { "USD", "$" },   { "GBP", "£" },   { "JPY", "¥" },   { "CNY", "¥" },
  { "INR", "₹" },   { "KRW", "₩" },   { "SEK", "kr" },  { "NOK", "kr" },  { "DKK", "kr." },
  { "ISK", "kr" },  { "PLN", "zł" },  { "CZK", "Kč" },  { "HUF", "Ft" },  { "CAD", "CA$" },
  { "AUD", "A$" },  { "NZD", "NZ$" }, { "BRL", "R$" },  { "ILS", "₪" },   { "TRY", "₺" },
  { "VND", "₫" },   { "PYG", "₲" },   { "UAH", "₴" },   { "PHP", "₱" },   { "THB", "฿" },
};

const char *
tix_money_get_symbol (const char *currency)
{
  for (guint i = 0; currency != NULL && i < G_N_ELEMENTS (symbols); i++)
    if (g_ascii_strcasecmp (currency, symbols[i].code) == 0)
      return symbols[i].symbol;
  return currency != NULL && *currency != '\0' ? currency : "¤";
}

static gint64
power_of_ten (guint digits)
{
  gint64 power = 1;

  while (digits-- > 0)
    power *= 10;
  return power;
}

static const char *
decimal_point (void)
{
  const char *point = localeconv ()->decimal_point;

  return point != NULL && *point != '\0' ? point : ".";
}

/* @magnitude, with the locale's decimal point and grouping, no sign. */
static void
append_magnitude (GString    *text,
                  guint64     magnitude,
                  const char *currency)
{
  guint digits = tix_money_get_exponent (currency);
  guint64 power = (guint64) power_of_ten (digits);
  const char *grouping = localeconv ()->thousands_sep;
  g_autofree char *integer = g_strdup_printf ("%" G_GUINT64_FORMAT, magnitude / power);
  gsize length = strlen (integer);

  for (gsize i = 0; i < length; i++)
    {
      if (i > 0 && (length - i) % 3 == 0 && grouping != NULL)
        g_string_append (text, grouping);
      g_string_append_c (text, integer[i]);
    }
  if (digits > 0)
    g_string_append_printf (text, "%s%0*" G_GUINT64_FORMAT, decimal_point (), (int) digits,
                            magnitude % power);
}

static guint64
magnitude_of (gint64 amount)
{
  /* -G_MININT64 does not exist as a gint64. */
  return amount < 0 ? (guint64) -(amount + 1) + 1 : (guint64) amount;
}

char *
tix_money_format_number (gint64      amount,
                         const char *currency)
{
  GString *text = g_string_new (amount < 0 ? "−" : "");

  append_magnitude (text, magnitude_of (amount), currency);
  return g_string_free (text, FALSE);
}

char *
tix_money_format (gint64      amount,
                  const char *currency)
{
  g_autoptr(GString) number = g_string_new (NULL);
  g_autofree char *text = NULL;

  append_magnitude (number, magnitude_of (amount), currency);
  /* Translators: an amount of money: %1$s the number ("12.50"), %2$s the
   * currency's symbol ("€"). German: "%1$s %2$s" for "12,50 €". */
  text = g_strdup_printf (C_("money", "%2$s%1$s"), number->str, tix_money_get_symbol (currency));

  return amount < 0 ? g_strconcat ("−", text, NULL) : g_steal_pointer (&text);
}

static gboolean
is_space (const char *p,
          gsize      *length)
{
  gunichar c = g_utf8_get_char (p);

  *length = g_utf8_next_char (p) - p;
  return g_unichar_isspace (c) || c == 0x00A0 || c == 0x202F;
}

gboolean
tix_money_parse (const char *text,
                 const char *currency,
                 gint64     *out)
{
  guint digits = tix_money_get_exponent (currency);
  const char *symbol = tix_money_get_symbol (currency);
  g_autoptr(GString) number = g_string_new (NULL);
  const char *p;
  const char *last_separator = NULL;
  gsize after;
  gint64 whole = 0, fraction = 0;
  guint n_fraction = 0;

  g_return_val_if_fail (out != NULL, FALSE);

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return FALSE;

  /* The number alone: no spaces, no symbol or code before or after it. */
  for (p = text; *p != '\0';)
    {
      gsize length;

      if (is_space (p, &length))
        p += length;
      else if (g_str_has_prefix (p, symbol))
        p += strlen (symbol);
      else if (currency != NULL && *currency != '\0' &&
               g_ascii_strncasecmp (p, currency, strlen (currency)) == 0)
        p += strlen (currency);
      else if (g_ascii_isdigit (*p) || *p == '.' || *p == ',')
        g_string_append_c (number, *p++);
      else
        return FALSE;
    }
  if (number->len == 0 || number->len > 32)
    return FALSE;

  /* The last separator is the decimal point when one to the currency's
   * decimals follow it (three following a separator that is not the locale's
   * decimal point group thousands instead); every other one groups
   * thousands: one to three digits, then three each. */
  for (const char *q = strpbrk (number->str, ".,"); q != NULL; q = strpbrk (q + 1, ".,"))
    last_separator = q;
  if (last_separator != NULL)
    {
      after = strlen (last_separator + 1);
      /* The locale's decimal point with too many decimals after it is a
       * mistake, not thousands. */
      if (after > digits && *last_separator == *decimal_point ())
        return FALSE;
      if (after >= 1 && after <= digits && !(after == 3 && *last_separator != *decimal_point ()))
        {
          for (p = last_separator + 1; *p != '\0'; p++)
            {
              fraction = fraction * 10 + (*p - '0');
              n_fraction++;
            }
          if (strchr (number->str, *last_separator) != last_separator)
            return FALSE;   /* "1.234.5": the decimal point twice */
          g_string_truncate (number, last_separator - number->str);
        }
    }

  {
    char group_separator = 0;
    gsize group = 0;
    gboolean grouped = FALSE;

    for (p = number->str; *p != '\0'; p++)
      {
        if (*p == '.' || *p == ',')
          {
            if ((group_separator != 0 && *p != group_separator) || group == 0 ||
                (grouped ? group != 3 : group > 3))
              return FALSE;
            group_separator = *p;
            grouped = TRUE;
            group = 0;
            continue;
          }
        group++;
        whole = whole * 10 + (*p - '0');
        if (whole > MAX_AMOUNT)
          return FALSE;
      }
    if (grouped && group != 3)
      return FALSE;
    if (number->len == 0 && n_fraction == 0)
      return FALSE;
  }

  while (n_fraction < digits)
    {
      fraction *= 10;
      n_fraction++;
    }
  whole = whole * power_of_ten (digits) + fraction;
  if (whole > MAX_AMOUNT)
    return FALSE;
  *out = whole;
  return TRUE;
}

char *
tix_money_format_code (gint64      amount,
                       const char *currency)
{
  guint exponent = tix_money_get_exponent (currency);
  guint64 magnitude = amount < 0 ? (guint64) -(amount + 1) + 1 : (guint64) amount;
  guint64 unit = 1;
  const char *code = tix_money_is_currency (currency) ? currency : TIX_MONEY_DEFAULT_CURRENCY;

  for (guint i = 0; i < exponent; i++)
    unit *= 10;
  if (exponent == 0)
    return g_strdup_printf ("%s%" G_GUINT64_FORMAT " %s", amount < 0 ? "-" : "", magnitude, code);
  return g_strdup_printf ("%s%" G_GUINT64_FORMAT ".%0*" G_GUINT64_FORMAT " %s",
                          amount < 0 ? "-" : "", magnitude / unit, (int) exponent,
                          magnitude % unit, code);
}
