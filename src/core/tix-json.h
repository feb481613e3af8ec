/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define TIX_JSON_ERROR (tix_json_error_quark ())

typedef enum
{
  TIX_JSON_ERROR_SYNTAX,
  TIX_JSON_ERROR_TYPE,
  TIX_JSON_ERROR_RANGE,
} TixJsonError;

#define TIX_JSON_MAX_DEPTH 32

GQuark      tix_json_error_quark      (void);

/* Checks raw JSON text for what json-glib 1.6 would silently mangle:
 * NUL bytes, "\u0000" escapes, integers beyond int64 and deep nesting. */
gboolean    tix_json_check_text       (const char  *data,
                                       gsize        length,
                                       GError     **error);

/* Parses @data as a JSON value (after tix_json_check_text). */
JsonNode   *tix_json_parse            (const char  *data,
                                       gsize        length,
                                       GError     **error);

/* Parses @data, which must hold a JSON object. */
JsonObject *tix_json_parse_object     (const char  *data,
                                       gsize        length,
                                       GError     **error);

/* Strict member access. A missing member is not an error when @required is
 * FALSE: *out is left as it was and TRUE is returned. null counts as missing. */
gboolean    tix_json_get_string       (JsonObject  *object,
                                       const char  *member,
                                       gboolean     required,
                                       const char **out,
                                       GError     **error);
gboolean    tix_json_get_int          (JsonObject  *object,
                                       const char  *member,
                                       gboolean     required,
                                       gint64       min,
                                       gint64       max,
                                       gint64      *out,
                                       GError     **error);
gboolean    tix_json_get_bool         (JsonObject  *object,
                                       const char  *member,
                                       gboolean     required,
                                       gboolean    *out,
                                       GError     **error);

char       *tix_json_to_string        (JsonNode    *node,
                                       gsize       *length);

/* A streaming writer for hot paths: appends @text (valid UTF-8) as a JSON
 * string literal, or null for NULL. */
void        tix_json_append_string    (GString     *out,
                                       const char  *text);
/* @ms (milliseconds since 1970) as an ISO 8601 string literal, or null for 0. */
void        tix_json_append_time      (GString     *out,
                                       gint64       ms);

/* Builder members that are null when unset: a time in milliseconds (0 for
 * none) as ISO 8601, a string (NULL), an id (0). */
void        tix_json_add_time_member  (JsonBuilder *builder,
                                       const char  *member,
                                       gint64       ms);
void        tix_json_add_string_member (JsonBuilder *builder,
                                       const char  *member,
                                       const char  *value);
void        tix_json_add_id_member    (JsonBuilder *builder,
                                       const char  *member,
                                       gint64       value);
/* The same where 0 is a value and a negative one (-1) means unset: a time
 * that may be 1970-01-01 00:00, a limit that may be 0. */
void        tix_json_add_set_time_member (JsonBuilder *builder,
                                          const char  *member,
                                          gint64       ms);
void        tix_json_add_set_int_member  (JsonBuilder *builder,
                                          const char  *member,
                                          gint64       value);

G_END_DECLS
