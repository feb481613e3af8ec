/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "tix-json.h"

static gboolean
check (const char  *text,
       GError     **error)
{
  return tix_json_check_text (text, strlen (text), error);
}

static void
assert_check_ok (const char *text)
{
  g_autoptr(GError) error = NULL;

  if (!check (text, &error))
    g_error ("“%s” was refused: %s", text, error->message);
}

static void
assert_check_fails (const char *text,
                    int         code)
{
  g_autoptr(GError) error = NULL;

  if (check (text, &error))
    g_error ("“%s” was accepted", text);
  g_assert_error (error, TIX_JSON_ERROR, code);
  g_assert_nonnull (error->message);
  g_assert_cmpstr (error->message, !=, "");
}

static char *
nested (int         depth,
        const char *open,
        const char *inner,
        const char *close)
{
  GString *s = g_string_new (NULL);

  for (int i = 0; i < depth; i++)
    g_string_append (s, open);
  g_string_append (s, inner);
  for (int i = 0; i < depth; i++)
    g_string_append (s, close);
  return g_string_free (s, FALSE);
}

static void
test_check_accepts (void)
{
  assert_check_ok ("{}");
  assert_check_ok ("[]");
  assert_check_ok ("{\"count\": 5, \"prefix\": \"VIP\", \"extra\": null}");
  assert_check_ok ("{\"a\": [1, 2.5, -3, true, false, null, \"x\"]}");
  assert_check_ok ("\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x8e\xab\"");
  assert_check_ok ("{\"s\": \"\\u00e9\\n\\t\\\"\\\\\"}");
  /* an escaped backslash followed by the text u0000 is not a NUL */
  assert_check_ok ("{\"s\": \"\\\\u0000\"}");
  /* other \u escapes are fine */
  assert_check_ok ("{\"s\": \"\\u0001\\u0020\\u00ff\"}");
  /* the largest integers of 18 digits, both signs */
  assert_check_ok ("999999999999999999");
  assert_check_ok ("-999999999999999999");
  assert_check_ok ("[999999999999999999, 0, -1]");
  /* long digit runs inside strings are text, not numbers */
  assert_check_ok ("{\"id\": \"99999999999999999999999999\"}");
  /* floats become doubles: their range is checked after parsing */
  assert_check_ok ("1e400");
  assert_check_ok ("1.5e30");
  assert_check_ok ("-1E-400");
  assert_check_ok ("12345678901234567890.5");
  assert_check_ok ("0.123456789012345678901234567890");
  assert_check_ok ("1e+400");
  assert_check_ok ("1e-99999999999999999999");
  /* brackets inside strings do not count as nesting */
  assert_check_ok ("\"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\"");
}

static void
test_check_empty (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (tix_json_check_text ("", 0, &error));
  g_assert_error (error, TIX_JSON_ERROR, TIX_JSON_ERROR_SYNTAX);
  g_clear_error (&error);

  g_assert_false (tix_json_check_text (NULL, 0, &error));
  g_assert_error (error, TIX_JSON_ERROR, TIX_JSON_ERROR_SYNTAX);
}

static void
test_check_nul (void)
{
  static const char with_nul[] = "{\"a\": \"x\0y\"}";
  static const char trailing_nul[] = "{}\0";
  g_autoptr(GError) error = NULL;

  g_assert_false (tix_json_check_text (with_nul, sizeof with_nul - 1, &error));
  g_assert_error (error, TIX_JSON_ERROR, TIX_JSON_ERROR_SYNTAX);
  g_clear_error (&error);

  g_assert_false (tix_json_check_text (trailing_nul, sizeof trailing_nul, &error));
  g_assert_error (error, TIX_JSON_ERROR, TIX_JSON_ERROR_SYNTAX);
  g_clear_error (&error);

  /* and a NUL byte outside any string */
  g_assert_false (tix_json_check_text ("[1,\0 2]", 7, &error));
  g_assert_nonnull (error);
}

static void
test_check_nul_escape (void)
{
  assert_check_fails ("{\"a\": \"a\\u0000b\"}", TIX_JSON_ERROR_RANGE);
  assert_check_fails ("{\"a\": \"\\u0000\"}", TIX_JSON_ERROR_RANGE);
  assert_check_fails ("\"\\u0000\"", TIX_JSON_ERROR_RANGE);
  /* in a member name too */
  assert_check_fails ("{\"a\\u0000\": 1}", TIX_JSON_ERROR_RANGE);
  /* after other escapes */
  assert_check_fails ("{\"a\": \"\\\\\\u0000\"}", TIX_JSON_ERROR_RANGE);
  assert_check_fails ("{\"a\": \"\\n\\u0000\"}", TIX_JSON_ERROR_RANGE);
}

static void
test_check_big_integers (void)
{
  assert_check_fails ("99999999999999999999", TIX_JSON_ERROR_RANGE);
  assert_check_fails ("-99999999999999999999", TIX_JSON_ERROR_RANGE);
  assert_check_fails ("9223372036854775808", TIX_JSON_ERROR_RANGE);
  assert_check_fails ("-9223372036854775809", TIX_JSON_ERROR_RANGE);
  assert_check_fails ("18446744073709551616", TIX_JSON_ERROR_RANGE);
  assert_check_fails ("{\"count\": 99999999999999999999}", TIX_JSON_ERROR_RANGE);
  assert_check_fails ("[1, 2, 123456789012345678901234567890]", TIX_JSON_ERROR_RANGE);
}

static void
test_check_depth (void)
{
  g_autofree char *arrays_ok = nested (TIX_JSON_MAX_DEPTH, "[", "1", "]");
  g_autofree char *arrays_deep = nested (TIX_JSON_MAX_DEPTH + 1, "[", "1", "]");
  g_autofree char *objects_ok = nested (TIX_JSON_MAX_DEPTH, "{\"a\":", "{}", "}");
  g_autofree char *objects_deep = nested (TIX_JSON_MAX_DEPTH + 1, "{\"a\":", "{}", "}");
  g_autofree char *very_deep = nested (100000, "[", "", "]");
  g_autofree char *unclosed = nested (100000, "[", "", "");

  g_assert_cmpint (TIX_JSON_MAX_DEPTH, ==, 32);
  assert_check_ok (arrays_ok);
  assert_check_fails (arrays_deep, TIX_JSON_ERROR_RANGE);
  /* objects_ok holds 32 objects around an empty one: 33 levels */
  assert_check_fails (objects_ok, TIX_JSON_ERROR_RANGE);
  assert_check_fails (objects_deep, TIX_JSON_ERROR_RANGE);
  assert_check_fails (very_deep, TIX_JSON_ERROR_RANGE);
  assert_check_fails (unclosed, TIX_JSON_ERROR_RANGE);

  {
    g_autofree char *objects_32 = nested (TIX_JSON_MAX_DEPTH - 1, "{\"a\":", "{}", "}");
    assert_check_ok (objects_32);
  }
  {
    /* depth goes back down: many shallow siblings are fine */
    GString *s = g_string_new ("[");
    for (int i = 0; i < 100; i++)
      g_string_append (s, i ? ",[[1]]" : "[[1]]");
    g_string_append (s, "]");
    assert_check_ok (s->str);
    g_string_free (s, TRUE);
  }
}

static void
test_check_utf8 (void)
{
  assert_check_fails ("{\"a\": \"\xff\"}", TIX_JSON_ERROR_SYNTAX);
  assert_check_fails ("{\"a\": \"\xc3\"}", TIX_JSON_ERROR_SYNTAX);
  assert_check_fails ("{\"a\": \"\xc0\xaf\"}", TIX_JSON_ERROR_SYNTAX);
  /* a UTF-16 surrogate encoded as UTF-8 */
  assert_check_fails ("{\"a\": \"\xed\xa0\x80\"}", TIX_JSON_ERROR_SYNTAX);
  assert_check_fails ("\xfe\xff{}", TIX_JSON_ERROR_SYNTAX);
}

static void
test_parse (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonObject) object = NULL;
  const char *text = "{\"count\": 5, \"prefix\": \"VIP\", \"list\": [1, 2]}";

  node = tix_json_parse (text, strlen (text), &error);
  g_assert_no_error (error);
  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));

  object = tix_json_parse_object (text, strlen (text), &error);
  g_assert_no_error (error);
  g_assert_nonnull (object);
  g_assert_cmpint (json_object_get_int_member (object, "count"), ==, 5);
  g_assert_cmpstr (json_object_get_string_member (object, "prefix"), ==, "VIP");
}

static void
test_parse_errors (void)
{
  const char *bad[] = {
    "{", "{\"a\":", "not json", "{\"a\": 1,}", "[1 2]", "{\"a\" 1}",
    "   ", "\"unterminated", "{\"a\": tru}",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = tix_json_parse (bad[i], strlen (bad[i]), &error);

      if (node != NULL)
        g_error ("“%s” parsed", bad[i]);
      g_assert_error (error, TIX_JSON_ERROR, TIX_JSON_ERROR_SYNTAX);
    }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonNode) node = tix_json_parse ("\"a\\u0000b\"", 10, &error);
    g_assert_null (node);
    g_assert_error (error, TIX_JSON_ERROR, TIX_JSON_ERROR_RANGE);
  }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonNode) node = tix_json_parse ("99999999999999999999", 20, &error);
    g_assert_null (node);
    g_assert_error (error, TIX_JSON_ERROR, TIX_JSON_ERROR_RANGE);
  }
}

static void
test_parse_object_type (void)
{
  const char *not_objects[] = { "[]", "[{}]", "1", "\"x\"", "null", "true" };

  for (gsize i = 0; i < G_N_ELEMENTS (not_objects); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonObject) object =
        tix_json_parse_object (not_objects[i], strlen (not_objects[i]), &error);

      if (object != NULL)
        g_error ("“%s” gave an object", not_objects[i]);
      g_assert_error (error, TIX_JSON_ERROR, TIX_JSON_ERROR_TYPE);
    }
}

static JsonObject *
object_from (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonObject *object = tix_json_parse_object (text, strlen (text), &error);

  g_assert_no_error (error);
  g_assert_nonnull (object);
  return object;
}

static void
test_get_int (void)
{
  g_autoptr(JsonObject) o = object_from ("{\"n\": 5, \"whole\": 7.0, \"neg\": -3, "
                                         "\"half\": 1.5, \"huge\": 1e30, \"inf\": 1e400, "
                                         "\"s\": \"5\", \"b\": true, \"nil\": null, "
                                         "\"arr\": [5], \"obj\": {}, "
                                         "\"max\": 999999999999999999}");
  g_autoptr(GError) error = NULL;
  gint64 v = 42;

  g_assert_true (tix_json_get_int (o, "n", TRUE, 1, 100000, &v, &error));
  g_assert_no_error (error);
  g_assert_cmpint (v, ==, 5);

  g_assert_true (tix_json_get_int (o, "whole", TRUE, 1, 10, &v, &error));
  g_assert_no_error (error);
  g_assert_cmpint (v, ==, 7);

  g_assert_true (tix_json_get_int (o, "max", TRUE, 0, G_MAXINT64, &v, &error));
  g_assert_no_error (error);
  g_assert_cmpint (v, ==, G_GINT64_CONSTANT (999999999999999999));

  /* range */
  v = 42;
  g_assert_false (tix_json_get_int (o, "n", TRUE, 6, 10, &v, &error));
  g_assert_error (error, TIX_JSON_ERROR, TIX_JSON_ERROR_RANGE);
  g_assert_cmpint (v, ==, 42);
  g_clear_error (&error);

  g_assert_false (tix_json_get_int (o, "n", TRUE, 1, 4, &v, &error));
  g_assert_error (error, TIX_JSON_ERROR, TIX_JSON_ERROR_RANGE);
  g_clear_error (&error);

  g_assert_false (tix_json_get_int (o, "neg", TRUE, 0, 10, &v, &error));
  g_assert_error (error, TIX_JSON_ERROR, TIX_JSON_ERROR_RANGE);
  g_clear_error (&error);

  g_assert_false (tix_json_get_int (o, "half", TRUE, 0, 10, &v, &error));
  g_assert_error (error, TIX_JSON_ERROR, TIX_JSON_ERROR_RANGE);
  g_clear_error (&error);

  g_assert_false (tix_json_get_int (o, "huge", TRUE, 1, 100000, &v, &error));
  g_assert_error (error, TIX_JSON_ERROR, TIX_JSON_ERROR_RANGE);
  g_clear_error (&error);

  g_assert_false (tix_json_get_int (o, "huge", TRUE, G_MININT64, G_MAXINT64, &v, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  g_assert_false (tix_json_get_int (o, "inf", TRUE, G_MININT64, G_MAXINT64, &v, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_cmpint (v, ==, 42);

  /* types */
  g_assert_false (tix_json_get_int (o, "s", TRUE, 0, 10, &v, &error));
  g_assert_error (error, TIX_JSON_ERROR, TIX_JSON_ERROR_TYPE);
  g_clear_error (&error);

  g_assert_false (tix_json_get_int (o, "b", TRUE, 0, 10, &v, &error));
  g_assert_error (error, TIX_JSON_ERROR, TIX_JSON_ERROR_TYPE);
  g_clear_error (&error);

  g_assert_false (tix_json_get_int (o, "arr", TRUE, 0, 10, &v, &error));
  g_assert_error (error, TIX_JSON_ERROR, TIX_JSON_ERROR_TYPE);
  g_clear_error (&error);

  g_assert_false (tix_json_get_int (o, "obj", TRUE, 0, 10, &v, &error));
  g_assert_error (error, TIX_JSON_ERROR, TIX_JSON_ERROR_TYPE);
  g_clear_error (&error);
  g_assert_cmpint (v, ==, 42);

  /* missing and null */
  g_assert_false (tix_json_get_int (o, "missing", TRUE, 0, 10, &v, &error));
  g_assert_error (error, TIX_JSON_ERROR, TIX_JSON_ERROR_TYPE);
  g_assert_nonnull (strstr (error->message, "missing"));
  g_clear_error (&error);

  g_assert_false (tix_json_get_int (o, "nil", TRUE, 0, 10, &v, &error));
  g_assert_error (error, TIX_JSON_ERROR, TIX_JSON_ERROR_TYPE);
  g_clear_error (&error);

  g_assert_true (tix_json_get_int (o, "missing", FALSE, 0, 10, &v, &error));
  g_assert_no_error (error);
  g_assert_cmpint (v, ==, 42);

  g_assert_true (tix_json_get_int (o, "nil", FALSE, 0, 10, &v, &error));
  g_assert_no_error (error);
  g_assert_cmpint (v, ==, 42);

  /* the message names the member */
  g_assert_false (tix_json_get_int (o, "half", TRUE, 0, 10, &v, &error));
  g_assert_nonnull (strstr (error->message, "half"));
}

static void
test_get_string (void)
{
  g_autoptr(JsonObject) o = object_from ("{\"s\": \"caf\xc3\xa9\", \"empty\": \"\", \"n\": 5, "
                                         "\"b\": false, \"nil\": null, \"arr\": [\"x\"], "
                                         "\"obj\": {\"x\": \"y\"}}");
  g_autoptr(GError) error = NULL;
  const char *s = "unchanged";

  g_assert_true (tix_json_get_string (o, "s", TRUE, &s, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (s, ==, "caf\xc3\xa9");

  g_assert_true (tix_json_get_string (o, "empty", TRUE, &s, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (s, ==, "");

  s = "unchanged";
  const char *wrong[] = { "n", "b", "arr", "obj" };
  for (gsize i = 0; i < G_N_ELEMENTS (wrong); i++)
    {
      g_assert_false (tix_json_get_string (o, wrong[i], TRUE, &s, &error));
      g_assert_error (error, TIX_JSON_ERROR, TIX_JSON_ERROR_TYPE);
      g_assert_nonnull (strstr (error->message, wrong[i]));
      g_clear_error (&error);
      g_assert_false (tix_json_get_string (o, wrong[i], FALSE, &s, &error));
      g_assert_error (error, TIX_JSON_ERROR, TIX_JSON_ERROR_TYPE);
      g_clear_error (&error);
    }
  g_assert_cmpstr (s, ==, "unchanged");

  g_assert_false (tix_json_get_string (o, "missing", TRUE, &s, &error));
  g_assert_error (error, TIX_JSON_ERROR, TIX_JSON_ERROR_TYPE);
  g_clear_error (&error);
  g_assert_false (tix_json_get_string (o, "nil", TRUE, &s, &error));
  g_assert_error (error, TIX_JSON_ERROR, TIX_JSON_ERROR_TYPE);
  g_clear_error (&error);

  g_assert_true (tix_json_get_string (o, "missing", FALSE, &s, &error));
  g_assert_no_error (error);
  g_assert_true (tix_json_get_string (o, "nil", FALSE, &s, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (s, ==, "unchanged");
}

/* json-glib 1.6 is lenient: single quotes, hex numbers, comments and several
 * values in a row all parse. None of that is JSON, and a server must not take
 * it for JSON. */
static void
test_parse_strict (void)
{
  const char *not_json[] = {
    "{'count': 1}", "{\"count\": 0x10}", "{\"count\": 01}", "/* c */ {}", "{}{}",
    "{\"a\": .5}",
  };
  g_autoptr(GString) accepted = g_string_new (NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (not_json); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = tix_json_parse (not_json[i], strlen (not_json[i]), &error);

      if (node != NULL)
        g_string_append_printf (accepted, "%s%s", accepted->len ? ", " : "", not_json[i]);
    }

  if (accepted->len > 0)
    g_test_fail_printf ("parsed as JSON: %s", accepted->str);
}

static void
test_get_bool (void)
{
  g_autoptr(JsonObject) o = object_from ("{\"t\": true, \"f\": false, \"n\": 1, \"s\": \"true\"}");
  g_autoptr(GError) error = NULL;
  gboolean b = FALSE;

  g_assert_true (tix_json_get_bool (o, "t", TRUE, &b, &error));
  g_assert_no_error (error);
  g_assert_true (b);
  g_assert_true (tix_json_get_bool (o, "f", TRUE, &b, &error));
  g_assert_no_error (error);
  g_assert_false (b);

  g_assert_false (tix_json_get_bool (o, "n", TRUE, &b, &error));
  g_assert_error (error, TIX_JSON_ERROR, TIX_JSON_ERROR_TYPE);
  g_clear_error (&error);
  g_assert_false (tix_json_get_bool (o, "s", TRUE, &b, &error));
  g_assert_error (error, TIX_JSON_ERROR, TIX_JSON_ERROR_TYPE);
  g_clear_error (&error);
  g_assert_false (tix_json_get_bool (o, "missing", TRUE, &b, &error));
  g_assert_error (error, TIX_JSON_ERROR, TIX_JSON_ERROR_TYPE);
  g_clear_error (&error);
  g_assert_true (tix_json_get_bool (o, "missing", FALSE, &b, &error));
  g_assert_no_error (error);
}

static void
test_to_string (void)
{
  g_autoptr(JsonObject) o = object_from ("{\"a\": \"caf\xc3\xa9\", \"n\": [1, 2]}");
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), o);
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) back = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;

  text = tix_json_to_string (node, &length);
  g_assert_nonnull (text);
  g_assert_cmpuint (length, ==, strlen (text));

  back = tix_json_parse (text, length, &error);
  g_assert_no_error (error);
  g_assert_true (json_node_equal (node, back));
}

/* Found by fuzz-model: json-glib turns a lone surrogate into invalid UTF-8. */
static void
test_surrogates (void)
{
  static const char *refused[] = {
    "{\"prefix\":\"\\udda4b\"}", "[\"\\ud83d\"]", "[\"\\ud83d\\u0041\"]",
    "[\"\\udc00\\ud83d\"]", "[\"\\ud83dx\"]",
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) pair = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) local = NULL;

      g_assert_false (tix_json_check_text (refused[i], strlen (refused[i]), &local));
      g_assert_error (local, TIX_JSON_ERROR, TIX_JSON_ERROR_SYNTAX);
    }

  /* A proper pair is one character: 🎟 (U+1F39F). */
  pair = tix_json_parse ("[\"\\ud83c\\udf9f\"]", strlen ("[\"\\ud83c\\udf9f\"]"), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_array_get_string_element (json_node_get_array (pair), 0), ==,
                   "\xf0\x9f\x8e\x9f");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tix/core/json/check/accepts", test_check_accepts);
  g_test_add_func ("/tix/core/json/check/empty", test_check_empty);
  g_test_add_func ("/tix/core/json/check/nul-byte", test_check_nul);
  g_test_add_func ("/tix/core/json/check/nul-escape", test_check_nul_escape);
  g_test_add_func ("/tix/core/json/check/big-integers", test_check_big_integers);
  g_test_add_func ("/tix/core/json/check/depth", test_check_depth);
  g_test_add_func ("/tix/core/json/check/utf8", test_check_utf8);
  g_test_add_func ("/tix/core/json/parse/ok", test_parse);
  g_test_add_func ("/tix/core/json/parse/errors", test_parse_errors);
  g_test_add_func ("/tix/core/json/parse/object-type", test_parse_object_type);
  g_test_add_func ("/tix/core/json/get/int", test_get_int);
  g_test_add_func ("/tix/core/json/get/string", test_get_string);
  g_test_add_func ("/tix/core/json/get/bool", test_get_bool);
  g_test_add_func ("/tix/core/json/to-string", test_to_string);
  /* last: fails while json-glib's leniency gets through */
  g_test_add_func ("/tix/core/json/strict/lenient", test_parse_strict);
  g_test_add_func ("/tix/core/json/strict/surrogates", test_surrogates);

  return g_test_run ();
}
