/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-json"

#include "config.h"

#include <math.h>
#include <string.h>

#include "tix-json.h"
#include "tix-time.h"

G_DEFINE_QUARK (tix-json-error-quark, tix_json_error)

/* Longest run of digits that always fits in an int64 (9223372036854775807). */
#define MAX_SAFE_DIGITS 18

/* A strict RFC 8259 reader that only checks: json-glib also takes single
 * quotes, comments, hex and several values in a row, and silently mangles
 * "\u0000" and integers beyond int64. */
typedef struct
{
  const char *p;
  const char *end;
  int         depth;
  GError    **error;
} Checker;

static gboolean
check_fail (Checker      *c,
            TixJsonError  code,
            const char   *message)
{
  g_set_error_literal (c->error, TIX_JSON_ERROR, code, message);
  return FALSE;
}

static void
skip_space (Checker *c)
{
  while (c->p < c->end && (*c->p == ' ' || *c->p == '\t' || *c->p == '\n' || *c->p == '\r'))
    c->p++;
}

static gboolean check_value (Checker *c);

static gboolean
check_literal (Checker    *c,
               const char *word)
{
  gsize n = strlen (word);

  if ((gsize) (c->end - c->p) < n || strncmp (c->p, word, n) != 0)
    return check_fail (c, TIX_JSON_ERROR_SYNTAX, "Malformed JSON");
  c->p += n;
  return TRUE;
}

/* Four hex digits, already checked. */
static guint
hex4 (const char *p)
{
  guint value = 0;

  for (int i = 0; i < 4; i++)
    value = value << 4 | (guint) g_ascii_xdigit_value (p[i]);
  return value;
}

static gboolean
check_string (Checker *c)
{
  c->p++; /* the opening quote */
  while (c->p < c->end)
    {
      guchar ch = (guchar) *c->p++;

      if (ch == '"')
        return TRUE;
      if (ch < 0x20)
        return check_fail (c, TIX_JSON_ERROR_SYNTAX, "Malformed JSON: control character in a string");
      if (ch != '\\')
        continue;
      if (c->p >= c->end)
        break;
      ch = (guchar) *c->p++;
      if (ch == 'u')
        {
          if (c->end - c->p < 4 || !g_ascii_isxdigit (c->p[0]) || !g_ascii_isxdigit (c->p[1]) ||
              !g_ascii_isxdigit (c->p[2]) || !g_ascii_isxdigit (c->p[3]))
            return check_fail (c, TIX_JSON_ERROR_SYNTAX, "Malformed JSON: bad \\u escape");
          if (strncmp (c->p, "0000", 4) == 0)
            return check_fail (c, TIX_JSON_ERROR_RANGE, "Strings must not contain NUL characters");
          {
            guint unit = hex4 (c->p);

            c->p += 4;
            /* A surrogate must come as a high and low pair, or json-glib
             * writes invalid UTF-8 (found by fuzz-model). */
            if (unit >= 0xDC00 && unit <= 0xDFFF)
              return check_fail (c, TIX_JSON_ERROR_SYNTAX, "Malformed JSON: lone surrogate");
            if (unit >= 0xD800 && unit <= 0xDBFF)
              {
                guint low;

                if (c->end - c->p < 6 || c->p[0] != '\\' || c->p[1] != 'u' ||
                    !g_ascii_isxdigit (c->p[2]) || !g_ascii_isxdigit (c->p[3]) ||
                    !g_ascii_isxdigit (c->p[4]) || !g_ascii_isxdigit (c->p[5]))
                  return check_fail (c, TIX_JSON_ERROR_SYNTAX, "Malformed JSON: lone surrogate");
                low = hex4 (c->p + 2);
                if (low < 0xDC00 || low > 0xDFFF)
                  return check_fail (c, TIX_JSON_ERROR_SYNTAX, "Malformed JSON: lone surrogate");
                c->p += 6;
              }
          }
        }
      else if (strchr ("\"\\/bfnrt", ch) == NULL || ch == '\0')
        return check_fail (c, TIX_JSON_ERROR_SYNTAX, "Malformed JSON: bad escape");
    }
  return check_fail (c, TIX_JSON_ERROR_SYNTAX, "Malformed JSON: unterminated string");
}

static gboolean
check_number (Checker *c)
{
  const char *start;
  gboolean integer = TRUE;

  if (*c->p == '-')
    c->p++;
  start = c->p;
  if (c->p >= c->end || !g_ascii_isdigit (*c->p))
    return check_fail (c, TIX_JSON_ERROR_SYNTAX, "Malformed JSON: bad number");
  if (*c->p == '0' && c->p + 1 < c->end && g_ascii_isdigit (c->p[1]))
    return check_fail (c, TIX_JSON_ERROR_SYNTAX, "Malformed JSON: leading zero");
  while (c->p < c->end && g_ascii_isdigit (*c->p))
    c->p++;
  if (c->p - start > MAX_SAFE_DIGITS)
    {
      /* Only an integer overflows silently; a fraction or exponent is a double. */
      const char *q = c->p;
      if (q >= c->end || (*q != '.' && *q != 'e' && *q != 'E'))
        return check_fail (c, TIX_JSON_ERROR_RANGE, "Number is out of range");
    }
  if (c->p < c->end && *c->p == '.')
    {
      integer = FALSE;
      c->p++;
      if (c->p >= c->end || !g_ascii_isdigit (*c->p))
        return check_fail (c, TIX_JSON_ERROR_SYNTAX, "Malformed JSON: bad number");
      while (c->p < c->end && g_ascii_isdigit (*c->p))
        c->p++;
    }
  if (c->p < c->end && (*c->p == 'e' || *c->p == 'E'))
    {
      integer = FALSE;
      c->p++;
      if (c->p < c->end && (*c->p == '+' || *c->p == '-'))
        c->p++;
      if (c->p >= c->end || !g_ascii_isdigit (*c->p))
        return check_fail (c, TIX_JSON_ERROR_SYNTAX, "Malformed JSON: bad number");
      while (c->p < c->end && g_ascii_isdigit (*c->p))
        c->p++;
    }
  (void) integer;
  return TRUE;
}

static gboolean
check_container (Checker *c,
                 char     close)
{
  gboolean object = close == '}';

  if (++c->depth > TIX_JSON_MAX_DEPTH)
    return check_fail (c, TIX_JSON_ERROR_RANGE, "JSON is nested too deeply");

  c->p++; /* the opening bracket */
  skip_space (c);
  if (c->p < c->end && *c->p == close)
    {
      c->p++;
      c->depth--;
      return TRUE;
    }

  for (;;)
    {
      skip_space (c);
      if (object)
        {
          if (c->p >= c->end || *c->p != '"')
            return check_fail (c, TIX_JSON_ERROR_SYNTAX, "Malformed JSON: expected a member name");
          if (!check_string (c))
            return FALSE;
          skip_space (c);
          if (c->p >= c->end || *c->p != ':')
            return check_fail (c, TIX_JSON_ERROR_SYNTAX, "Malformed JSON: expected “:”");
          c->p++;
        }
      if (!check_value (c))
        return FALSE;
      skip_space (c);
      if (c->p < c->end && *c->p == ',')
        {
          c->p++;
          continue;
        }
      if (c->p < c->end && *c->p == close)
        {
          c->p++;
          c->depth--;
          return TRUE;
        }
      return check_fail (c, TIX_JSON_ERROR_SYNTAX, "Malformed JSON: expected “,”");
    }
}

static gboolean
check_value (Checker *c)
{
  skip_space (c);
  if (c->p >= c->end)
    return check_fail (c, TIX_JSON_ERROR_SYNTAX, "Malformed JSON: unexpected end");

  switch (*c->p)
    {
    case '{':
      return check_container (c, '}');
    case '[':
      return check_container (c, ']');
    case '"':
      return check_string (c);
    case 't':
      return check_literal (c, "true");
    case 'f':
      return check_literal (c, "false");
    case 'n':
      return check_literal (c, "null");
    default:
      if (*c->p == '-' || g_ascii_isdigit (*c->p))
        return check_number (c);
      return check_fail (c, TIX_JSON_ERROR_SYNTAX, "Malformed JSON");
    }
}

gboolean
tix_json_check_text (const char  *data,
                     gsize        length,
                     GError     **error)
{
  Checker c = { data, data + length, 0, error };

  if (data == NULL || length == 0)
    {
      g_set_error_literal (error, TIX_JSON_ERROR, TIX_JSON_ERROR_SYNTAX,
                           "Request body is empty");
      return FALSE;
    }

  if (memchr (data, '\0', length) != NULL)
    {
      g_set_error_literal (error, TIX_JSON_ERROR, TIX_JSON_ERROR_SYNTAX,
                           "Request body contains a NUL byte");
      return FALSE;
    }

  if (!g_utf8_validate_len (data, length, NULL))
    {
      g_set_error_literal (error, TIX_JSON_ERROR, TIX_JSON_ERROR_SYNTAX,
                           "Request body is not valid UTF-8");
      return FALSE;
    }

  if (!check_value (&c))
    return FALSE;

  skip_space (&c);
  if (c.p != c.end)
    {
      g_set_error_literal (error, TIX_JSON_ERROR, TIX_JSON_ERROR_SYNTAX,
                           "Malformed JSON: more than one value");
      return FALSE;
    }

  return TRUE;
}

JsonNode *
tix_json_parse (const char  *data,
                gsize        length,
                GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  if (!tix_json_check_text (data, length, error))
    return NULL;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, (gssize) length, &local_error))
    {
      g_set_error (error, TIX_JSON_ERROR, TIX_JSON_ERROR_SYNTAX,
                   "Malformed JSON: %s", local_error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL)
    {
      g_set_error_literal (error, TIX_JSON_ERROR, TIX_JSON_ERROR_SYNTAX,
                           "Request body is empty");
      return NULL;
    }

  return json_node_ref (root);
}

JsonObject *
tix_json_parse_object (const char  *data,
                       gsize        length,
                       GError     **error)
{
  g_autoptr(JsonNode) root = tix_json_parse (data, length, error);

  if (root == NULL)
    return NULL;

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, TIX_JSON_ERROR, TIX_JSON_ERROR_TYPE,
                           "Request body must be a JSON object");
      return NULL;
    }

  return json_object_ref (json_node_get_object (root));
}

static JsonNode *
lookup (JsonObject  *object,
        const char  *member,
        gboolean     required,
        GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        g_set_error (error, TIX_JSON_ERROR, TIX_JSON_ERROR_TYPE,
                     "“%s” is required", member);
      return NULL;
    }

  return node;
}

gboolean
tix_json_get_string (JsonObject  *object,
                     const char  *member,
                     gboolean     required,
                     const char **out,
                     GError     **error)
{
  JsonNode *node = lookup (object, member, required, error);

  if (node == NULL)
    return !required;

  if (json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, TIX_JSON_ERROR, TIX_JSON_ERROR_TYPE,
                   "“%s” must be a string", member);
      return FALSE;
    }

  *out = json_node_get_string (node);
  return TRUE;
}

gboolean
tix_json_get_int (JsonObject  *object,
                  const char  *member,
                  gboolean     required,
                  gint64       min,
                  gint64       max,
                  gint64      *out,
                  GError     **error)
{
  JsonNode *node = lookup (object, member, required, error);
  gint64 value;

  if (node == NULL)
    return !required;

  if (json_node_get_value_type (node) == G_TYPE_INT64)
    value = json_node_get_int (node);
  else if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    {
      double d = json_node_get_double (node);

      if (!isfinite (d) || d != floor (d) || d < (double) min || d > (double) max)
        {
          g_set_error (error, TIX_JSON_ERROR, TIX_JSON_ERROR_RANGE,
                       "“%s” must be a whole number from %" G_GINT64_FORMAT
                       " to %" G_GINT64_FORMAT, member, min, max);
          return FALSE;
        }
      value = (gint64) d;
    }
  else
    {
      g_set_error (error, TIX_JSON_ERROR, TIX_JSON_ERROR_TYPE,
                   "“%s” must be a number", member);
      return FALSE;
    }

  if (value < min || value > max)
    {
      g_set_error (error, TIX_JSON_ERROR, TIX_JSON_ERROR_RANGE,
                   "“%s” must be from %" G_GINT64_FORMAT " to %" G_GINT64_FORMAT,
                   member, min, max);
      return FALSE;
    }

  *out = value;
  return TRUE;
}

gboolean
tix_json_get_bool (JsonObject  *object,
                   const char  *member,
                   gboolean     required,
                   gboolean    *out,
                   GError     **error)
{
  JsonNode *node = lookup (object, member, required, error);

  if (node == NULL)
    return !required;

  if (json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    {
      g_set_error (error, TIX_JSON_ERROR, TIX_JSON_ERROR_TYPE,
                   "“%s” must be true or false", member);
      return FALSE;
    }

  *out = json_node_get_boolean (node);
  return TRUE;
}

char *
tix_json_to_string (JsonNode *node,
                    gsize    *length)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_generator_set_root (generator, node);
  return json_generator_to_data (generator, length);
}

void
tix_json_append_string (GString    *out,
                        const char *text)
{
  static const char hex[] = "0123456789abcdef";
  const char *run;

  if (text == NULL)
    {
      g_string_append_len (out, "null", 4);
      return;
    }

  g_string_append_c (out, '"');
  run = text;
  for (const char *p = text; *p; p++)
    {
      guchar c = (guchar) *p;

      if (c >= 0x20 && c != '"' && c != '\\')
        continue;

      g_string_append_len (out, run, p - run);
      run = p + 1;
      switch (c)
        {
        case '"':
          g_string_append_len (out, "\\\"", 2);
          break;
        case '\\':
          g_string_append_len (out, "\\\\", 2);
          break;
        case '\n':
          g_string_append_len (out, "\\n", 2);
          break;
        case '\r':
          g_string_append_len (out, "\\r", 2);
          break;
        case '\t':
          g_string_append_len (out, "\\t", 2);
          break;
        default:
          g_string_append_len (out, "\\u00", 4);
          g_string_append_c (out, hex[c >> 4]);
          g_string_append_c (out, hex[c & 15]);
        }
    }
  g_string_append (out, run);
  g_string_append_c (out, '"');
}

void
tix_json_append_time (GString *out,
                      gint64   ms)
{
  char buf[TIX_TIME_ISO_SIZE];

  if (ms == 0)
    {
      g_string_append_len (out, "null", 4);
      return;
    }
  tix_time_format_iso_buf (ms, buf);
  g_string_append_c (out, '"');
  g_string_append (out, buf);
  g_string_append_c (out, '"');
}

void
tix_json_add_set_time_member (JsonBuilder *builder,
                              const char  *member,
                              gint64       ms)
{
  json_builder_set_member_name (builder, member);
  if (ms < 0)
    json_builder_add_null_value (builder);
  else
    {
      g_autofree char *text = tix_time_format_iso (ms);
      json_builder_add_string_value (builder, text);
    }
}

void
tix_json_add_set_int_member (JsonBuilder *builder,
                             const char  *member,
                             gint64       value)
{
  json_builder_set_member_name (builder, member);
  if (value < 0)
    json_builder_add_null_value (builder);
  else
    json_builder_add_int_value (builder, value);
}

void
tix_json_add_time_member (JsonBuilder *builder,
                          const char  *member,
                          gint64       ms)
{
  json_builder_set_member_name (builder, member);
  if (ms == 0)
    json_builder_add_null_value (builder);
  else
    {
      g_autofree char *text = tix_time_format_iso (ms);
      json_builder_add_string_value (builder, text);
    }
}

void
tix_json_add_string_member (JsonBuilder *builder,
                            const char  *member,
                            const char  *value)
{
  json_builder_set_member_name (builder, member);
  if (value == NULL)
    json_builder_add_null_value (builder);
  else
    json_builder_add_string_value (builder, value);
}

void
tix_json_add_id_member (JsonBuilder *builder,
                        const char  *member,
                        gint64       value)
{
  json_builder_set_member_name (builder, member);
  if (value == 0)
    json_builder_add_null_value (builder);
  else
    json_builder_add_int_value (builder, value);
}
