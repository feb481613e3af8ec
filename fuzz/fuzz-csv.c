/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer: tix_csv_parse, and that what it reads writes back (with
 * tix_csv_append_record) to the same records. */
#include "config.h"

#include "tix-csv.h"

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  GPtrArray *records;
  GError *error = NULL;

  records = tix_csv_parse ((const char *) data, (gssize) size, &error);
  g_assert ((records == NULL) == (error != NULL));
  g_clear_error (&error);
  if (records != NULL)
    {
      GString *out = g_string_new (NULL);

      GPtrArray *again;

      for (guint i = 0; i < records->len; i++)
        tix_csv_append_record (out, g_ptr_array_index (records, i), -1);
      /* What was read writes back to the same records. */
      again = tix_csv_parse (out->str, (gssize) out->len, &error);
      g_assert_no_error (error);
      g_assert (again->len == records->len);
      for (guint i = 0; i < records->len; i++)
        {
          char **a = g_ptr_array_index (records, i);
          char **b = g_ptr_array_index (again, i);

          g_assert (g_strv_equal ((const char * const *) a, (const char * const *) b));
        }
      g_ptr_array_unref (again);
      g_string_free (out, TRUE);
      g_ptr_array_unref (records);
    }

  return 0;
}
