/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>

#include "tix-money.h"

static void
test_digits_and_symbols (void)
{
  g_assert_cmpuint (tix_money_get_exponent ("EUR"), ==, 2);
  g_assert_cmpuint (tix_money_get_exponent ("eur"), ==, 2);
  g_assert_cmpuint (tix_money_get_exponent ("JPY"), ==, 0);
  g_assert_cmpuint (tix_money_get_exponent ("KWD"), ==, 3);
  g_assert_cmpuint (tix_money_get_exponent ("XYZ"), ==, 2);
  g_assert_cmpuint (tix_money_get_exponent (NULL), ==, 2);
  g_assert_cmpstr (tix_money_get_symbol ("EUR"), ==, "€");
  g_assert_cmpstr (tix_money_get_symbol ("GBP"), ==, "£");
  g_assert_cmpstr (tix_money_get_symbol ("XYZ"), ==, "XYZ");
  g_assert_cmpstr (tix_money_get_symbol (""), ==, "¤");
}

static void
assert_format (gint64      amount,
               const char *currency,
               const char *expected,
               const char *expected_number)
{
  g_autofree char *text = tix_money_format (amount, currency);
  g_autofree char *number = tix_money_format_number (amount, currency);

  g_assert_cmpstr (text, ==, expected);
  g_assert_cmpstr (number, ==, expected_number);
}

/* In the C locale: a point, no grouping, the symbol first. */
static void
test_format (void)
{
  assert_format (1250, "EUR", "€12.50", "12.50");
  assert_format (5, "EUR", "€0.05", "0.05");
  assert_format (0, "EUR", "€0.00", "0.00");
  assert_format (-1250, "EUR", "−€12.50", "−12.50");
  assert_format (123456789, "USD", "$1234567.89", "1234567.89");
  assert_format (1500, "JPY", "¥1500", "1500");
  assert_format (12345, "KWD", "KWD12.345", "12.345");
  assert_format (G_MININT64, "EUR", "−€92233720368547758.08", "−92233720368547758.08");
}

static void
assert_parse (const char *text,
              const char *currency,
              gint64      expected)
{
  gint64 amount = -42;

  if (!tix_money_parse (text, currency, &amount))
    g_error ("“%s” (%s) was refused", text, currency);
  g_assert_cmpint (amount, ==, expected);
}

static void
assert_refused (const char *text,
                const char *currency)
{
  gint64 amount = -42;

  if (tix_money_parse (text, currency, &amount))
    g_error ("“%s” (%s) was read as %" G_GINT64_FORMAT, text, currency, amount);
  g_assert_cmpint (amount, ==, -42);
}

static void
test_parse (void)
{
  assert_parse ("20", "EUR", 2000);
  assert_parse ("20.5", "EUR", 2050);
  assert_parse ("20.50", "EUR", 2050);
  assert_parse ("20,50", "EUR", 2050);
  assert_parse (" € 20.00 ", "EUR", 2000);
  assert_parse ("20 EUR", "EUR", 2000);
  assert_parse ("20\u00a0€", "EUR", 2000);
  assert_parse ("1,234.50", "EUR", 123450);
  assert_parse ("1.234,50", "EUR", 123450);
  assert_parse ("1,234", "EUR", 123400);
  assert_parse ("1,234,567", "EUR", 123456700);
  assert_parse (".50", "EUR", 50);
  assert_parse ("0", "EUR", 0);
  assert_parse ("1500", "JPY", 1500);
  assert_parse ("1,500", "JPY", 1500);
  assert_parse ("12.345", "KWD", 12345);

  assert_refused ("", "EUR");
  assert_refused (NULL, "EUR");
  assert_refused ("   ", "EUR");
  assert_refused ("€", "EUR");
  assert_refused ("-5", "EUR");
  assert_refused ("−5", "EUR");
  assert_refused ("5.555", "EUR");
  assert_refused ("12.", "EUR");
  assert_refused ("1.2.3", "EUR");
  assert_refused ("1,23,456", "EUR");
  assert_refused ("12,34.56.78", "EUR");
  assert_refused ("1.234.5", "EUR");
  assert_refused ("12a", "EUR");
  assert_refused ("1e3", "EUR");
  assert_refused ("12.5", "JPY");
  assert_refused ("$20", "EUR");
  assert_refused ("99999999999999999999", "EUR");
  assert_refused ("100000000000.01", "EUR");
  assert_refused ("\xff\xfe", "EUR");
}

/* Every amount written as a number reads back as itself. */
static void
test_round_trip (void)
{
  const gint64 amounts[] = { 0, 1, 9, 10, 99, 100, 1250, 99999, 100000, 123456789 };
  const char * const codes[] = { "EUR", "JPY", "KWD" };

  for (guint c = 0; c < G_N_ELEMENTS (codes); c++)
    for (guint i = 0; i < G_N_ELEMENTS (amounts); i++)
      {
        g_autofree char *number = tix_money_format_number (amounts[i], codes[c]);
        g_autofree char *text = tix_money_format (amounts[i], codes[c]);

        assert_parse (number, codes[c], amounts[i]);
        assert_parse (text, codes[c], amounts[i]);
      }
}

static void
test_currency (void)
{
  g_assert_true (tix_money_is_currency ("EUR"));
  g_assert_true (tix_money_is_currency ("CHF"));
  g_assert_true (tix_money_is_currency ("JPY"));
  g_assert_false (tix_money_is_currency ("eur"));
  g_assert_false (tix_money_is_currency ("EURO"));
  g_assert_false (tix_money_is_currency ("XXX"));
  g_assert_false (tix_money_is_currency (""));
  g_assert_false (tix_money_is_currency (NULL));
  g_assert_cmpuint (tix_money_get_exponent ("EUR"), ==, 2);
  g_assert_cmpuint (tix_money_get_exponent ("JPY"), ==, 0);
  g_assert_cmpuint (tix_money_get_exponent ("KWD"), ==, 3);
}

static void
test_format_code (void)
{
  const struct { gint64 amount; const char *currency; const char *text; } cases[] = {
    { 1500, "EUR", "15.00 EUR" },
    { 5, "EUR", "0.05 EUR" },
    { 0, "EUR", "0.00 EUR" },
    { -800, "EUR", "-8.00 EUR" },
    { -5, "CHF", "-0.05 CHF" },
    { 1500, "JPY", "1500 JPY" },
    { 12345, "KWD", "12.345 KWD" },
    { G_MININT64, "EUR", "-92233720368547758.08 EUR" },
    { 100, "???", "1.00 EUR" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = tix_money_format_code (cases[i].amount, cases[i].currency);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tix/core/money/digits-and-symbols", test_digits_and_symbols);
  g_test_add_func ("/tix/core/money/format", test_format);
  g_test_add_func ("/tix/core/money/parse", test_parse);
  g_test_add_func ("/tix/core/money/round-trip", test_round_trip);
  g_test_add_func ("/tix/core/money/currency", test_currency);
  g_test_add_func ("/tix/core/money/format-code", test_format_code);

  return g_test_run ();
}
