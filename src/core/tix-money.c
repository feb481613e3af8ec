/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "tix-money.h"

/* The most a field may hold: ten thousand billion minor units. */
#define MAX_AMOUNT G_GINT64_CONSTANT (10000000000000)

typedef struct
{
  const char *code;
  const char *symbol;
  guint       digits;
} Currency;

/* The currencies a venue is likely to use, and those whose minor unit is not
 * a hundredth (ISO 4217). */
static const Currency currencies[] = {
  { "EUR", "€", 2 },   { "USD", "$", 2 },   { "GBP", "£", 2 },   { "CHF", "CHF", 2 },
  { "JPY", "¥", 0 },   { "CNY", "¥", 2 },   { "INR", "₹", 2 },   { "KRW", "₩", 0 },
  { "SEK", "kr", 2 },  { "NOK", "kr", 2 },  { "DKK", "kr.", 2 }, { "PLN", "zł", 2 },
  { "CZK", "Kč", 2 },  { "HUF", "Ft", 2 },  { "CAD", "CA$", 2 }, { "AUD", "A$", 2 },
  { "NZD", "NZ$", 2 }, { "BRL", "R$", 2 },  { "ILS", "₪", 2 },   { "TRY", "₺", 2 },
  { "ISK", "kr", 0 },  { "CLP", "CLP", 0 }, { "VND", "₫", 0 },   { "XAF", "FCFA", 0 },
  { "XOF", "CFA", 0 }, { "UGX", "USh", 0 }, { "PYG", "₲", 0 },   { "BHD", "BHD", 3 },
  { "IQD", "IQD", 3 }, { "JOD", "JOD", 3 }, { "KWD", "KWD", 3 }, { "LYD", "LYD", 3 },
  { "OMR", "OMR", 3 }, { "TND", "TND", 3 },
};

static const Currency *
find_currency (const char *code)
{
  for (guint i = 0; code != NULL && i < G_N_ELEMENTS (currencies); i++)
    if (g_ascii_strcasecmp (code, currencies[i].code) == 0)
      return &currencies[i];
  return NULL;
}

guint
tix_currency_get_digits (const char *currency)
{
  const Currency *found = find_currency (currency);

  return found != NULL ? found->digits : 2;
}

const char *
tix_currency_get_symbol (const char *currency)
{
  const Currency *found = find_currency (currency);

  if (found != NULL)
    return found->symbol;
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
  guint digits = tix_currency_get_digits (currency);
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
  text = g_strdup_printf (C_("money", "%2$s%1$s"), number->str, tix_currency_get_symbol (currency));

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
  guint digits = tix_currency_get_digits (currency);
  const char *symbol = tix_currency_get_symbol (currency);
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
