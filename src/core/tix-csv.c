/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-csv"

#include "config.h"

#include <string.h>

#include <gio/gio.h>

#include "tix-csv.h"

void
tix_csv_append_field (GString    *out,
                      const char *field)
{
  g_return_if_fail (out != NULL);

  if (field == NULL)
    return;

  if (strpbrk (field, ",\"\r\n") == NULL)
    {
      g_string_append (out, field);
      return;
    }

  g_string_append_c (out, '"');
  for (const char *p = field; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

void
tix_csv_append_record (GString            *out,
                       const char * const *fields,
                       gssize              n_fields)
{
  g_return_if_fail (out != NULL);
  g_return_if_fail (fields != NULL || n_fields <= 0);

  for (gsize i = 0; n_fields < 0 ? fields[i] != NULL : i < (gsize) n_fields; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      tix_csv_append_field (out, fields[i]);
    }
  g_string_append (out, "\r\n");
}

static void
end_record (GPtrArray *records,
            GPtrArray *record)
{
  g_ptr_array_add (record, NULL);
  g_ptr_array_add (records, g_ptr_array_free (record, FALSE));
}

GPtrArray *
tix_csv_parse (const char  *text,
               gssize       length,
               GError     **error)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GString) field = g_string_new (NULL);
  GPtrArray *record = NULL;
  const char *p, *end;
  guint line = 1;

  g_return_val_if_fail (text != NULL, NULL);

  if (length < 0)
    length = strlen (text);
  end = text + length;
  p = text;

  while (p < end)
    {
      gboolean quoted = FALSE;

      if (record == NULL)
        record = g_ptr_array_new_with_free_func (g_free);
      g_string_truncate (field, 0);

      if (*p == '"')
        {
          quoted = TRUE;
          p++;
          for (;;)
            {
              if (p >= end)
                {
                  g_ptr_array_free (record, TRUE);
                  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               "Line %u: a quoted field is never closed", line);
                  return NULL;
                }
              if (*p == '"')
                {
                  if (p + 1 < end && p[1] == '"')
                    {
                      g_string_append_c (field, '"');
                      p += 2;
                      continue;
                    }
                  p++;
                  break;
                }
              if (*p == '\n')
                line++;
              g_string_append_c (field, *p++);
            }
        }
      else
        {
          while (p < end && *p != ',' && *p != '\r' && *p != '\n')
            {
              if (*p == '"')
                {
                  g_ptr_array_free (record, TRUE);
                  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               "Line %u: a double quote inside an unquoted field", line);
                  return NULL;
                }
              g_string_append_c (field, *p++);
            }
        }

      g_ptr_array_add (record, g_strndup (field->str, field->len));

      if (p >= end)
        {
          end_record (records, record);
          record = NULL;
        }
      else if (*p == ',')
        {
          p++;
          if (p >= end)
            {
              /* "a," at the very end: a last empty field. */
              g_ptr_array_add (record, g_strdup (""));
              end_record (records, record);
              record = NULL;
            }
        }
      else if (*p == '\n' || (*p == '\r' && p + 1 < end && p[1] == '\n'))
        {
          p += *p == '\r' ? 2 : 1;
          line++;
          end_record (records, record);
          record = NULL;
        }
      else
        {
          g_ptr_array_free (record, TRUE);
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       quoted ? "Line %u: text after a closing quote"
                              : "Line %u: a carriage return without a line feed", line);
          return NULL;
        }
    }

  g_assert (record == NULL);
  return g_steal_pointer (&records);
}
