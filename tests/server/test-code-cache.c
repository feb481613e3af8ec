/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The signed codes kept of the tickets lately answered (tix-code-cache.c). */
#include "config.h"

#include "tix-code-cache.h"

static void
test_keys (void)
{
  g_autoptr(TixCodeCache) cache = tix_code_cache_new (16);
  const char *id = "6f1c2a48-0b7e-4a55-9d2a-000000000001";

  g_assert_null (tix_code_cache_lookup (cache, 1, id, 1));
  tix_code_cache_insert (cache, 1, id, 1, "CODE-1");
  g_assert_cmpstr (tix_code_cache_lookup (cache, 1, id, 1), ==, "CODE-1");
  /* A reissued ticket is signed anew; another organization is another key. */
  g_assert_null (tix_code_cache_lookup (cache, 1, id, 2));
  g_assert_null (tix_code_cache_lookup (cache, 2, id, 1));
  tix_code_cache_insert (cache, 1, id, 2, "CODE-2");
  g_assert_cmpstr (tix_code_cache_lookup (cache, 1, id, 1), ==, "CODE-1");
  g_assert_cmpstr (tix_code_cache_lookup (cache, 1, id, 2), ==, "CODE-2");
  /* Once is enough. */
  tix_code_cache_insert (cache, 1, id, 2, "CODE-2");
  g_assert_cmpuint (tix_code_cache_size (cache), ==, 2);
}

static char *
id_of (guint i)
{
  return g_strdup_printf ("6f1c2a48-0b7e-4a55-9d2a-%012u", i);
}

/* At most its capacity; what was read lately stays, the rest goes first. */
static void
test_bounded (void)
{
  g_autoptr(TixCodeCache) cache = tix_code_cache_new (8);
  g_autofree char *first = id_of (0);

  for (guint i = 0; i < 100; i++)
    {
      g_autofree char *id = id_of (i);
      g_autofree char *code = g_strdup_printf ("CODE-%u", i);

      tix_code_cache_insert (cache, 1, id, 1, code);
      g_assert_cmpuint (tix_code_cache_size (cache), <=, 8);
      /* The first ticket, read at each turn, is kept. */
      g_assert_cmpstr (tix_code_cache_lookup (cache, 1, first, 1), ==, "CODE-0");
    }
  for (guint i = 1; i < 90; i++)
    {
      g_autofree char *id = id_of (i);

      g_assert_null (tix_code_cache_lookup (cache, 1, id, 1));
    }
  {
    g_autofree char *last = id_of (99);

    g_assert_cmpstr (tix_code_cache_lookup (cache, 1, last, 1), ==, "CODE-99");
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tix/server/code-cache/keys", test_keys);
  g_test_add_func ("/tix/server/code-cache/bounded", test_bounded);

  return g_test_run ();
}
