/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* CSV as RFC 4180 has it: fields separated by commas, records ended by CRLF,
 * a field that holds a comma, a double quote, CR or LF is put in double
 * quotes with its double quotes doubled. Text is written as given (UTF-8). */

/* Appends @field (NULL: an empty field), quoted when it has to be. */
void       tix_csv_append_field  (GString            *out,
                                  const char         *field);
/* Appends one record of @n_fields fields (-1: @fields is NULL-terminated)
 * and its CRLF. */
void       tix_csv_append_record (GString            *out,
                                  const char * const *fields,
                                  gssize              n_fields);

/* Parses @text (@length bytes, -1: NUL-terminated) back into records.
 * Accepts CRLF and lone LF line ends; a quote inside an unquoted field or
 * text after a closing quote is an error (G_IO_ERROR_INVALID_DATA). An empty
 * text has no records.
 * Returns: (element-type GStrv) the records, each a NULL-terminated array. */
GPtrArray *tix_csv_parse         (const char         *text,
                                  gssize              length,
                                  GError            **error);

G_END_DECLS
