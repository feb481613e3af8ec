/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>

#include "tix-csv.h"

static char *
record_of (const char * const *fields,
           gssize              n)
{
  GString *out = g_string_new (NULL);

  tix_csv_append_record (out, fields, n);
  return g_string_free (out, FALSE);
}

static void
test_quoting (void)
{
  static const struct { const char *field, *written; } cases[] = {
    { "plain", "plain" },
    { "", "" },
    { "a,b", "\"a,b\"" },
    { "say \"hi\"", "\"say \"\"hi\"\"\"" },
    { "two\nlines", "\"two\nlines\"" },
    { "cr\rhere", "\"cr\rhere\"" },
    { "\"", "\"\"\"\"" },
    { "Front row, seats 1–25", "\"Front row, seats 1–25\"" },
    { " spaces kept ", " spaces kept " },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GString) out = g_string_new (NULL);

      tix_csv_append_field (out, cases[i].field);
      g_assert_cmpstr (out->str, ==, cases[i].written);
    }
}

static void
test_record (void)
{
  const char *fields[] = { "number", "extra, with comma", NULL, "x" };
  const char *terminated[] = { "a", "b", NULL };
  g_autofree char *text = record_of (fields, 4);
  g_autofree char *text2 = record_of (terminated, -1);
  g_autofree char *empty = record_of (NULL, 0);

  g_assert_cmpstr (text, ==, "number,\"extra, with comma\",,x\r\n");
  g_assert_cmpstr (text2, ==, "a,b\r\n");
  g_assert_cmpstr (empty, ==, "\r\n");
}

static void
test_round_trip (void)
{
  const char *rows[][4] = {
    { "number", "extra", "scanned_at", "by" },
    { "VIP-000001", "Seat \"A\", row 1", "", "Door 1" },
    { "GA-000002", "line one\r\nline two", "2026-11-25T19:01:00.000Z", "Zoë" },
    { "", "", "", "" },
    { ",", "\"", "\n", "end" },
  };
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    tix_csv_append_record (out, rows[i], 4);

  records = tix_csv_parse (out->str, out->len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, G_N_ELEMENTS (rows));
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      char **record = g_ptr_array_index (records, i);

      g_assert_cmpuint (g_strv_length (record), ==, 4);
      for (guint j = 0; j < 4; j++)
        g_assert_cmpstr (record[j], ==, rows[i][j]);
    }
}

static void
test_parse (void)
{
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;
  char **r;

  /* Lone LF, no final line end, trailing empty field. */
  records = tix_csv_parse ("a,b\nc,\n\"d\"\"\",e,", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 3);
  r = g_ptr_array_index (records, 1);
  g_assert_cmpuint (g_strv_length (r), ==, 2);
  g_assert_cmpstr (r[1], ==, "");
  r = g_ptr_array_index (records, 2);
  g_assert_cmpuint (g_strv_length (r), ==, 3);
  g_assert_cmpstr (r[0], ==, "d\"");
  g_assert_cmpstr (r[2], ==, "");
  g_clear_pointer (&records, g_ptr_array_unref);

  records = tix_csv_parse ("", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 0);
  g_clear_pointer (&records, g_ptr_array_unref);
}

static void
test_parse_errors (void)
{
  const char *bad[] = {
    "\"never closed",
    "a\"b,c",
    "\"a\"b,c",
    "a\rb",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      GPtrArray *records = tix_csv_parse (bad[i], -1, &error);

      g_assert_null (records);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tix/csv/quoting", test_quoting);
  g_test_add_func ("/tix/csv/record", test_record);
  g_test_add_func ("/tix/csv/round-trip", test_round_trip);
  g_test_add_func ("/tix/csv/parse", test_parse);
  g_test_add_func ("/tix/csv/parse-errors", test_parse_errors);

  return g_test_run ();
}
