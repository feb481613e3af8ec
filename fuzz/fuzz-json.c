/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer: tix_json_check_text, tix_json_parse, tix_json_parse_object and
 * the strict member getters, on whatever bytes a client may send. */
#include "config.h"

#include <string.h>

#include "tix-json.h"

static const char * const members[] = {
  "count", "prefix", "extra", "email", "password", "name", "role", "code",
  "organization_name", "time_zone", "limit", "a", "", NULL
};

static void
poke_object (JsonObject *object)
{
  for (guint i = 0; members[i] != NULL; i++)
    {
      const char *s = NULL;
      gint64 n = 0;
      gboolean b = FALSE;
      GError *error = NULL;

      tix_json_get_string (object, members[i], i % 2, &s, &error);
      g_clear_error (&error);
      tix_json_get_int (object, members[i], i % 2, 1, 100000, &n, &error);
      g_clear_error (&error);
      tix_json_get_int (object, members[i], FALSE, G_MININT64, G_MAXINT64, &n, &error);
      g_clear_error (&error);
      tix_json_get_bool (object, members[i], i % 2, &b, &error);
      g_clear_error (&error);
    }

  /* And every member the input itself names. */
  {
    GList *names = json_object_get_members (object);

    for (GList *l = names; l != NULL; l = l->next)
      {
        const char *s = NULL;
        gint64 n = 0;
        gboolean b = FALSE;

        tix_json_get_string (object, l->data, TRUE, &s, NULL);
        tix_json_get_int (object, l->data, TRUE, -5, 5, &n, NULL);
        tix_json_get_bool (object, l->data, TRUE, &b, NULL);
      }
    g_list_free (names);
  }
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  const char *text = (const char *) data;
  GError *error = NULL;
  JsonNode *node;
  JsonObject *object;
  gboolean ok;

  ok = tix_json_check_text (text, size, &error);
  g_clear_error (&error);

  node = tix_json_parse (text, size, &error);
  g_assert ((node == NULL) == (error != NULL));
  /* Whatever check_text refuses, parse must refuse too. */
  if (!ok)
    g_assert (node == NULL);
  g_clear_error (&error);

  if (node != NULL)
    {
      gsize length = 0;
      char *again = tix_json_to_string (node, &length);

      g_assert (again != NULL);
      g_free (again);
      if (JSON_NODE_HOLDS_OBJECT (node))
        poke_object (json_node_get_object (node));
      json_node_unref (node);
    }

  object = tix_json_parse_object (text, size, &error);
  g_assert ((object == NULL) == (error != NULL));
  g_clear_error (&error);
  if (object != NULL)
    {
      poke_object (object);
      json_object_unref (object);
    }

  /* The streaming writer must take any valid UTF-8 up to the first NUL. */
  {
    const char *end = NULL;
    gsize n = strnlen (text, size);

    if (g_utf8_validate (text, n, &end))
      {
        char *copy = g_strndup (text, n);
        GString *out = g_string_new (NULL);
        JsonNode *back;

        tix_json_append_string (out, copy);
        back = tix_json_parse (out->str, out->len, NULL);
        g_assert (back != NULL && JSON_NODE_HOLDS_VALUE (back));
        g_assert (strcmp (json_node_get_string (back), copy) == 0);
        json_node_unref (back);
        g_string_free (out, TRUE);
        g_free (copy);
      }
  }

  return 0;
}
