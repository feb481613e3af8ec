/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-json"

#include "config.h"

#include <math.h>
#include <string.h>

#include "tix-json.h"

G_DEFINE_QUARK (tix-json-error-quark, tix_json_error)

/* Longest run of digits that always fits in an int64 (9223372036854775807). */
#define MAX_SAFE_DIGITS 18

gboolean
tix_json_check_text (const char  *data,
                     gsize        length,
                     GError     **error)
{
  gboolean in_string = FALSE;
  int depth = 0;

  if (data == NULL || length == 0)
    {
      g_set_error_literal (error, TIX_JSON_ERROR, TIX_JSON_ERROR_SYNTAX,
                           "Request body is empty");
      return FALSE;
    }

  if (!g_utf8_validate_len (data, length, NULL))
    {
      g_set_error_literal (error, TIX_JSON_ERROR, TIX_JSON_ERROR_SYNTAX,
                           "Request body is not valid UTF-8");
      return FALSE;
    }

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (c == '\0')
        {
          g_set_error_literal (error, TIX_JSON_ERROR, TIX_JSON_ERROR_SYNTAX,
                               "Request body contains a NUL byte");
          return FALSE;
        }

      if (in_string)
        {
          if (c == '\\' && i + 1 < length)
            {
              if (data[i + 1] == 'u' && i + 5 < length &&
                  strncmp (data + i + 2, "0000", 4) == 0)
                {
                  g_set_error_literal (error, TIX_JSON_ERROR, TIX_JSON_ERROR_RANGE,
                                       "Strings must not contain NUL characters");
                  return FALSE;
                }
              i++;
            }
          else if (c == '"')
            in_string = FALSE;
          continue;
        }

      switch (c)
        {
        case '"':
          in_string = TRUE;
          break;

        case '[':
        case '{':
          if (++depth > TIX_JSON_MAX_DEPTH)
            {
              g_set_error_literal (error, TIX_JSON_ERROR, TIX_JSON_ERROR_RANGE,
                                   "JSON is nested too deeply");
              return FALSE;
            }
          break;

        case ']':
        case '}':
          depth--;
          break;

        default:
          if (g_ascii_isdigit (c))
            {
              gsize start = i;

              while (i + 1 < length && g_ascii_isdigit (data[i + 1]))
                i++;
              if (i - start + 1 > MAX_SAFE_DIGITS &&
                  !(i + 1 < length && (data[i + 1] == '.' || data[i + 1] == 'e' ||
                                       data[i + 1] == 'E')) &&
                  !(start > 0 && (data[start - 1] == '.' || data[start - 1] == 'e' ||
                                  data[start - 1] == 'E' || data[start - 1] == '+' ||
                                  (data[start - 1] == '-' && start > 1 &&
                                   (data[start - 2] == 'e' || data[start - 2] == 'E')))))
                {
                  g_set_error_literal (error, TIX_JSON_ERROR, TIX_JSON_ERROR_RANGE,
                                       "Number is out of range");
                  return FALSE;
                }
            }
          break;
        }
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
