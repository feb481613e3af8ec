/* SPDX-License-Identifier: GPL-3.0-or-later */
/* TixDoorCache alone: a page of sync applied whole or not at all, and the
 * queue of offline scans, on a file of the test's own. */
#define G_LOG_DOMAIN "test-door-cache"

#include "config.h"

#include "tix-door-cache.h"
#include "tix-test-util.h"

typedef struct
{
  char         *dir;
  char         *path;
  TixDoorCache *cache;
  char         *key_base64;   /* a public key of 32 bytes */
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  guint8 key[TIX_DOOR_KEY_BYTES];

  f->dir = g_dir_make_tmp ("tix-door-cache-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "door.db", NULL);
  f->cache = tix_door_cache_new (f->path, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < sizeof key; i++)
    key[i] = (guint8) (i + 1);
  f->key_base64 = g_base64_encode (key, sizeof key);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_assert_finalize_object (g_steal_pointer (&f->cache));
  tix_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
  g_free (f->key_base64);
}

/* A reply of GET /api/sync: @changes is the JSON text of its array. */
static JsonObject *
sync_reply (const char *key_base64,
            const char *changes,
            gint64      next,
            gboolean    more)
{
  g_autofree char *text = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  if (key_base64 != NULL)
    text = g_strdup_printf ("{\"public_key\": \"%s\", \"changes\": %s, \"next\": %" G_GINT64_FORMAT
                            ", \"more\": %s}",
                            key_base64, changes, next, more ? "true" : "false");
  else
    text = g_strdup_printf ("{\"changes\": %s, \"next\": %" G_GINT64_FORMAT "}", changes, next);

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);

  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

#define TICKET_A "{\"id\": \"a\", \"number\": \"SAT-000001\", \"prefix\": \"SAT\", \"revision\": 1}"
#define TICKET_B "{\"id\": \"b\", \"number\": \"SAT-000002\", \"prefix\": \"SAT\", \"revision\": 2," \
                 " \"scanned_at\": \"2026-11-28T19:30:00Z\", \"scanned_by_name\": \"Ada\"}"

static void
test_sync_applied (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(JsonObject) reply = sync_reply (f->key_base64, "[" TICKET_A ", " TICKET_B "]",
                                            42, TRUE);
  g_autoptr(TixDoorCacheTicket) a = NULL;
  g_autoptr(TixDoorCacheTicket) b = NULL;
  g_autoptr(GError) error = NULL;
  guint8 key[TIX_DOOR_KEY_BYTES];
  gboolean more = FALSE;

  g_assert_true (tix_door_cache_apply_sync (f->cache, reply, &more, &error));
  g_assert_no_error (error);
  g_assert_true (more);
  g_assert_cmpint (tix_door_cache_get_cursor (f->cache), ==, 42);
  g_assert_true (tix_door_cache_get_public_key (f->cache, key));
  g_assert_cmpuint (key[0], ==, 1);
  g_assert_cmpuint (key[31], ==, 32);
  g_assert_cmpuint (tix_door_cache_get_n_tickets (f->cache), ==, 2);

  a = tix_door_cache_lookup (f->cache, "a");
  g_assert_nonnull (a);
  g_assert_cmpstr (a->number, ==, "SAT-000001");
  g_assert_cmpint (a->scanned_at, ==, 0);
  b = tix_door_cache_lookup_number (f->cache, " SAT-000002 ");
  g_assert_nonnull (b);
  g_assert_cmpstr (b->id, ==, "b");
  g_assert_cmpuint (b->revision, ==, 2);
  g_assert_cmpint (b->scanned_at, >, 0);
  g_assert_cmpstr (b->scanned_by, ==, "Ada");

  /* Committed: another connection to the same file sees it. */
  {
    g_autoptr(TixDoorCache) again = tix_door_cache_new (f->path, &error);

    g_assert_no_error (error);
    g_assert_cmpint (tix_door_cache_get_cursor (again), ==, 42);
    g_assert_cmpuint (tix_door_cache_get_n_tickets (again), ==, 2);
  }
}

/* A bad change anywhere in a page: nothing of the page stays, neither the
 * changes before it, nor the key, nor the cursor. */
static void
test_sync_rolled_back (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(JsonObject) bad = sync_reply (f->key_base64,
                                          "[" TICKET_A ", {\"number\": \"SAT-000002\"}]",
                                          42, FALSE);
  g_autoptr(JsonObject) late = sync_reply (f->key_base64,
                                           "[" TICKET_A ", {\"id\": \"b\", \"scanned_at\": \"soon\"}]",
                                           43, FALSE);
  g_autoptr(JsonObject) good = sync_reply (f->key_base64, "[" TICKET_B "]", 7, FALSE);
  g_autoptr(GError) error = NULL;
  gboolean more = TRUE;

  g_assert_false (tix_door_cache_apply_sync (f->cache, bad, &more, &error));
  g_assert_error (error, TIX_DOOR_CACHE_ERROR, TIX_DOOR_CACHE_ERROR_INVALID);
  g_assert_false (more);
  g_clear_error (&error);
  g_assert_false (tix_door_cache_get_public_key (f->cache, NULL));
  g_assert_cmpint (tix_door_cache_get_cursor (f->cache), ==, 0);
  g_assert_cmpuint (tix_door_cache_get_n_tickets (f->cache), ==, 0);
  g_assert_null (tix_door_cache_lookup (f->cache, "a"));

  /* A page after a good one: the good one stays as it was. */
  g_assert_true (tix_door_cache_apply_sync (f->cache, good, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (tix_door_cache_apply_sync (f->cache, late, NULL, &error));
  g_assert_error (error, TIX_DOOR_CACHE_ERROR, TIX_DOOR_CACHE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (tix_door_cache_get_cursor (f->cache), ==, 7);
  g_assert_cmpuint (tix_door_cache_get_n_tickets (f->cache), ==, 1);
  g_assert_null (tix_door_cache_lookup (f->cache, "a"));

  /* The transaction is over: the next write goes through. */
  g_assert_true (tix_door_cache_set_deleted (f->cache, "b", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (tix_door_cache_get_n_tickets (f->cache), ==, 0);
}

static void
test_sync_invalid (Fixture       *f,
                   gconstpointer  data)
{
  const struct
  {
    const char *key;
    const char *changes;
  } cases[] = {
    { NULL, "[]" },                        /* no public_key */
    { "AAAA", "[]" },                      /* not 32 bytes */
    { f->key_base64, "{}" },               /* changes not an array */
    { f->key_base64, "[1]" },              /* a change not an object */
    { f->key_base64, "[{\"id\": \"\"}]" }, /* no id */
    { f->key_base64, "[{\"id\": \"a\", \"revision\": -1}]" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonObject) reply = sync_reply (cases[i].key, cases[i].changes, 1, FALSE);
      g_autoptr(GError) error = NULL;

      g_assert_false (tix_door_cache_apply_sync (f->cache, reply, NULL, &error));
      g_assert_error (error, TIX_DOOR_CACHE_ERROR, TIX_DOOR_CACHE_ERROR_INVALID);
    }
  g_assert_cmpint (tix_door_cache_get_cursor (f->cache), ==, 0);
}

/* An offline admission is queued and marks its ticket scanned here, in one
 * transaction; a second one with the same scan id changes nothing. */
static void
test_queue (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(JsonObject) reply = sync_reply (f->key_base64, "[" TICKET_A "]", 1, FALSE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) pending = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;

  g_assert_true (tix_door_cache_apply_sync (f->cache, reply, NULL, &error));
  g_assert_true (tix_door_cache_enqueue (f->cache, "scan-1", "SAT-000001", "a", NULL, NULL,
                                         1000, "station", &error));
  g_assert_no_error (error);

  {
    g_autoptr(TixDoorCacheTicket) a = tix_door_cache_lookup (f->cache, "a");

    g_assert_cmpint (a->scanned_at, ==, 1000);
    g_assert_true (a->scanned_here);
    g_assert_cmpstr (a->number, ==, "SAT-000001");
  }

  /* The same scan id again, for a ticket the copy does not know: refused,
   * and the ticket is not added. */
  g_assert_false (tix_door_cache_enqueue (f->cache, "scan-1", "code", "c", "SAT-000003", "SAT",
                                          2000, "station", &error));
  g_assert_error (error, TIX_DOOR_CACHE_ERROR, TIX_DOOR_CACHE_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_null (tix_door_cache_lookup (f->cache, "c"));
  g_assert_cmpuint (tix_door_cache_count_queue (f->cache, TIX_DOOR_QUEUE_PENDING), ==, 1);

  /* A ticket made after the last sync: added, scanned here. */
  g_assert_true (tix_door_cache_enqueue (f->cache, "scan-2", "code", "c", "SAT-000003", "SAT",
                                         3000, "station", &error));
  g_assert_no_error (error);
  {
    g_autoptr(TixDoorCacheTicket) c = tix_door_cache_lookup_number (f->cache, "SAT-000003");

    g_assert_nonnull (c);
    g_assert_cmpint (c->scanned_at, ==, 3000);
    g_assert_true (c->scanned_here);
  }

  /* A sync that has not heard of the scan keeps it. */
  {
    g_autoptr(JsonObject) again = sync_reply (f->key_base64, "[" TICKET_A "]", 2, FALSE);
    g_autoptr(TixDoorCacheTicket) a = NULL;

    g_assert_true (tix_door_cache_apply_sync (f->cache, again, NULL, &error));
    a = tix_door_cache_lookup (f->cache, "a");
    g_assert_cmpint (a->scanned_at, ==, 1000);
  }

  pending = tix_door_cache_list_queue (f->cache, TIX_DOOR_QUEUE_PENDING);
  g_assert_cmpuint (pending->len, ==, 2);
  g_assert_cmpstr (((TixDoorQueuedScan *) pending->pdata[0])->scan_id, ==, "scan-1");
  g_assert_cmpstr (((TixDoorQueuedScan *) pending->pdata[1])->scan_id, ==, "scan-2");

  g_assert_true (tix_door_cache_set_queue_state (f->cache, "scan-1", TIX_DOOR_QUEUE_CONFLICT,
                                                 "already scanned", &error));
  g_assert_no_error (error);
  conflicts = tix_door_cache_list_queue (f->cache, TIX_DOOR_QUEUE_CONFLICT);
  g_assert_cmpuint (conflicts->len, ==, 1);
  g_assert_cmpstr (((TixDoorQueuedScan *) conflicts->pdata[0])->message, ==, "already scanned");
  g_assert_cmpuint (tix_door_cache_count_queue (f->cache, TIX_DOOR_QUEUE_PENDING), ==, 1);

  /* Once answered, an unscan from the server reaches the ticket. */
  g_assert_true (tix_door_cache_set_scanned (f->cache, "a", 0, NULL, &error));
  {
    g_autoptr(TixDoorCacheTicket) a = tix_door_cache_lookup (f->cache, "a");

    g_assert_cmpint (a->scanned_at, ==, 0);
    g_assert_false (a->scanned_here);
  }
  /* … but not a ticket whose scan is still queued. */
  g_assert_true (tix_door_cache_set_scanned (f->cache, "c", 0, NULL, &error));
  {
    g_autoptr(TixDoorCacheTicket) c = tix_door_cache_lookup (f->cache, "c");

    g_assert_cmpint (c->scanned_at, ==, 3000);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/tix/client/door-cache/sync/applied", test_sync_applied);
  ADD ("/tix/client/door-cache/sync/rolled-back", test_sync_rolled_back);
  ADD ("/tix/client/door-cache/sync/invalid", test_sync_invalid);
  ADD ("/tix/client/door-cache/queue", test_queue);

  return g_test_run ();
}
