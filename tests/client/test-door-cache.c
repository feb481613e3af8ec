/* SPDX-License-Identifier: GPL-3.0-or-later */
/* TixDoorCache alone: a page of sync applied whole or not at all, and the
 * queue of offline scans, on a file of the test's own. */
#define G_LOG_DOMAIN "test-door-cache"

#include "config.h"

/* The copy's layout now (PRAGMA user_version): 4 since door rules (issue 20). */
#define LATEST_VERSION 4

#include <sqlite3.h>

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

/* A reply of GET /api/sync: @changes is the JSON text of its array,
 * @events that of its events (NULL: none, as from a server before events). */
static JsonObject *
sync_reply_events (const char *key_base64,
                   const char *changes,
                   const char *events,
                   gint64      next,
                   gboolean    more)
{
  g_autofree char *text = NULL;
  g_autofree char *with_events = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  if (events != NULL)
    with_events = g_strdup_printf (", \"events\": %s", events);
  if (key_base64 != NULL)
    text = g_strdup_printf ("{\"public_key\": \"%s\", \"changes\": %s, \"next\": %" G_GINT64_FORMAT
                            ", \"more\": %s%s}",
                            key_base64, changes, next, more ? "true" : "false",
                            with_events ? with_events : "");
  else
    text = g_strdup_printf ("{\"changes\": %s, \"next\": %" G_GINT64_FORMAT "}", changes, next);

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);

  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static JsonObject *
sync_reply (const char *key_base64,
            const char *changes,
            gint64      next,
            gboolean    more)
{
  return sync_reply_events (key_base64, changes, NULL, next, more);
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

#define FRIDAY   "{\"id\": 7, \"name\": \"Friday\", \"starts_at\": \"2026-03-20T19:00:00.000Z\"}"
#define SATURDAY "{\"id\": 8, \"name\": \"Saturday\", \"starts_at\": \"2026-03-21T19:00:00.000Z\", " \
                 "\"archived\": true, \"tickets\": 3}"
#define TICKET_FRI "{\"id\": \"f\", \"number\": \"GA-000001\", \"prefix\": \"GA\", \"revision\": 1, " \
                   "\"event_id\": 7}"

/* Each change's event, and the events of the page: every page brings them
 * all, replacing those kept; a page without (a server before events)
 * leaves them. */
static void
test_sync_events (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(JsonObject) first = sync_reply_events (f->key_base64, "[" TICKET_FRI ", " TICKET_A "]",
                                                   "[" FRIDAY ", " SATURDAY "]", 2, FALSE);
  g_autoptr(JsonObject) renamed = sync_reply_events (
    f->key_base64, "[{\"id\": \"f\", \"number\": \"GA-000001\", \"prefix\": \"GA\"}]",
    "[{\"id\": 7, \"name\": \"Friday late\", \"starts_at\": null}]", 3, FALSE);
  g_autoptr(JsonObject) old = sync_reply (f->key_base64, "[]", 4, FALSE);
  g_autoptr(TixDoorCacheTicket) fri = NULL;
  g_autoptr(TixDoorCacheTicket) a = NULL;
  g_autoptr(TixEvent) friday = NULL;
  g_autoptr(TixEvent) saturday = NULL;
  g_autoptr(TixEvent) later = NULL;
  g_autoptr(TixEvent) gone = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (tix_door_cache_apply_sync (f->cache, first, NULL, &error));
  g_assert_no_error (error);
  fri = tix_door_cache_lookup (f->cache, "f");
  g_assert_cmpint (fri->event_id, ==, 7);
  /* Without one (a server before events): not known. */
  a = tix_door_cache_lookup (f->cache, "a");
  g_assert_cmpint (a->event_id, ==, 0);

  friday = tix_door_cache_lookup_event (f->cache, 7);
  g_assert_nonnull (friday);
  g_assert_cmpstr (tix_event_get_name (friday), ==, "Friday");
  g_assert_cmpint (tix_event_get_starts_at (friday), ==, G_GINT64_CONSTANT (1774033200000));
  saturday = tix_door_cache_lookup_event (f->cache, 8);
  g_assert_true (tix_event_get_archived (saturday));
  g_assert_cmpint (tix_event_get_n_tickets (saturday), ==, 3);
  g_assert_null (tix_door_cache_lookup_event (f->cache, 9));

  /* The next page: Saturday is gone, Friday renamed; a change that does
   * not say its event keeps the one known. */
  g_assert_true (tix_door_cache_apply_sync (f->cache, renamed, NULL, &error));
  g_assert_no_error (error);
  later = tix_door_cache_lookup_event (f->cache, 7);
  g_assert_cmpstr (tix_event_get_name (later), ==, "Friday late");
  g_assert_cmpint (tix_event_get_starts_at (later), ==, TIX_EVENT_NO_TIME);
  gone = tix_door_cache_lookup_event (f->cache, 8);
  g_assert_null (gone);
  g_clear_pointer (&fri, tix_door_cache_ticket_free);
  fri = tix_door_cache_lookup (f->cache, "f");
  g_assert_cmpint (fri->event_id, ==, 7);

  g_assert_true (tix_door_cache_apply_sync (f->cache, old, NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&later);
  later = tix_door_cache_lookup_event (f->cache, 7);
  g_assert_nonnull (later);
}

/* A page with an event that is not one is refused whole. */
static void
test_sync_events_invalid (Fixture       *f,
                          gconstpointer  data)
{
  const struct
  {
    const char *changes;
    const char *events;
  } cases[] = {
    { "[" TICKET_A "]", "{}" },                          /* not a list */
    { "[" TICKET_A "]", "[1]" },                         /* not an object */
    { "[" TICKET_A "]", "[{\"name\": \"No id\"}]" },
    { "[" TICKET_A "]", "[" FRIDAY ", {\"id\": 9, \"name\": \"A\", \"starts_at\": \"soon\"}]" },
    { "[{\"id\": \"a\", \"event_id\": \"seven\"}]", "[]" },
    { "[{\"id\": \"a\", \"event_id\": 0}]", "[]" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonObject) reply = sync_reply_events (f->key_base64, cases[i].changes,
                                                       cases[i].events, 1, FALSE);
      g_autoptr(GError) error = NULL;

      g_assert_false (tix_door_cache_apply_sync (f->cache, reply, NULL, &error));
      g_assert_error (error, TIX_DOOR_CACHE_ERROR, TIX_DOOR_CACHE_ERROR_INVALID);
    }
  g_assert_cmpint (tix_door_cache_get_cursor (f->cache), ==, 0);
  g_assert_null (tix_door_cache_lookup (f->cache, "a"));
  g_assert_null (tix_door_cache_lookup_event (f->cache, 7));
}

/* The current event, kept for a station that starts offline. */
static void
test_current_event (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (tix_door_cache_get_current_event_id (f->cache), ==, 0);
  g_assert_true (tix_door_cache_set_current_event_id (f->cache, 7, &error));
  g_assert_no_error (error);
  g_assert_cmpint (tix_door_cache_get_current_event_id (f->cache), ==, 7);

  g_clear_object (&f->cache);
  f->cache = tix_door_cache_new (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (tix_door_cache_get_current_event_id (f->cache), ==, 7);
}

/* The schema of the version before events, as tix-door-cache.c made it,
 * word for word. */
static const char schema_before_events[] =
  "CREATE TABLE IF NOT EXISTS meta ("
  "  key TEXT PRIMARY KEY,"
  "  value"
  ");"
  "CREATE TABLE IF NOT EXISTS tickets ("
  "  id TEXT PRIMARY KEY,"
  "  number TEXT NOT NULL,"
  "  prefix TEXT NOT NULL,"
  "  revision INTEGER NOT NULL DEFAULT 1,"
  "  scanned_at INTEGER,"
  "  scanned_by TEXT,"
  "  deleted INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE INDEX IF NOT EXISTS tickets_number ON tickets (number);"
  "CREATE TABLE IF NOT EXISTS queue ("
  "  seq INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  scan_id TEXT NOT NULL UNIQUE,"
  "  code TEXT NOT NULL,"
  "  ticket_id TEXT,"
  "  scanned_at INTEGER NOT NULL,"
  "  station TEXT,"
  "  state INTEGER NOT NULL DEFAULT 0,"
  "  message TEXT"
  ");"
  "CREATE INDEX IF NOT EXISTS queue_state ON queue (state, seq);";

static void
exec_sql (sqlite3    *db,
          const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

static gint64
query_int (const char *path,
           const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

/* A copy made by the version before events: its tickets, key and queued
 * scans stay; its cursor goes back to the start so that the next sync
 * brings each ticket's event. */
static void
test_migration (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "before-events.db", NULL);
  g_autoptr(TixDoorCache) cache = NULL;
  g_autoptr(TixDoorCacheTicket) a = NULL;
  g_autoptr(TixDoorCacheTicket) b = NULL;
  g_autoptr(GPtrArray) pending = NULL;
  g_autoptr(JsonObject) page = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *insert_key = NULL;
  guint8 key[TIX_DOOR_KEY_BYTES];
  sqlite3 *db = NULL;

  /* As the previous version left it: WAL, a key, a cursor, two tickets,
   * one admitted offline and still queued. */
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  exec_sql (db, "PRAGMA journal_mode=WAL;");
  exec_sql (db, schema_before_events);
  insert_key = g_strdup_printf ("INSERT INTO meta (key, value) VALUES ('public_key', "
                                "X'%s')",
                                "0102030405060708090A0B0C0D0E0F10"
                                "1112131415161718191A1B1C1D1E1F20");
  exec_sql (db, insert_key);
  exec_sql (db, "INSERT INTO meta (key, value) VALUES ('cursor', 42);"
                "INSERT INTO tickets (id, number, prefix, revision) "
                "  VALUES ('a', 'SAT-000001', 'SAT', 1);"
                "INSERT INTO tickets (id, number, prefix, revision, scanned_at) "
                "  VALUES ('b', 'SAT-000002', 'SAT', 2, 5000);"
                "INSERT INTO queue (scan_id, code, ticket_id, scanned_at, station, state) "
                "  VALUES ('scan-1', 'SAT-000002', 'b', 5000, 'station', 0);");
  sqlite3_close (db);
  g_assert_cmpint (query_int (path, "PRAGMA user_version"), ==, 0);

  cache = tix_door_cache_new (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (query_int (path, "PRAGMA user_version"), ==, LATEST_VERSION);
  g_assert_cmpint (query_int (path, "SELECT count(*) FROM events"), ==, 0);
  /* Version 3 (sales): no ticket is refunded yet. */
  g_assert_cmpint (query_int (path, "SELECT count(*) FROM tickets WHERE refunded = 0"), ==, 2);

  g_assert_cmpint (tix_door_cache_get_cursor (cache), ==, 0);
  g_assert_true (tix_door_cache_get_public_key (cache, key));
  g_assert_cmpuint (key[0], ==, 1);
  g_assert_cmpuint (key[31], ==, 32);
  g_assert_cmpuint (tix_door_cache_get_n_tickets (cache), ==, 2);
  a = tix_door_cache_lookup (cache, "a");
  g_assert_cmpint (a->event_id, ==, 0);
  b = tix_door_cache_lookup_number (cache, "SAT-000002");
  g_assert_cmpuint (b->revision, ==, 2);
  g_assert_cmpint (b->scanned_at, ==, 5000);
  g_assert_true (b->scanned_here);
  pending = tix_door_cache_list_queue (cache, TIX_DOOR_QUEUE_PENDING);
  g_assert_cmpuint (pending->len, ==, 1);
  g_assert_cmpstr (((TixDoorQueuedScan *) pending->pdata[0])->scan_id, ==, "scan-1");

  /* The sync from the start: each ticket learns its event; the queued
   * scan keeps its mark. */
  page = sync_reply_events (f->key_base64,
                            "[{\"id\": \"a\", \"number\": \"SAT-000001\", \"prefix\": \"SAT\", "
                            "\"event_id\": 8}, {\"id\": \"b\", \"number\": \"SAT-000002\", "
                            "\"prefix\": \"SAT\", \"revision\": 2, \"event_id\": 8}]",
                            "[" SATURDAY "]", 50, FALSE);
  g_assert_true (tix_door_cache_apply_sync (cache, page, NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&a, tix_door_cache_ticket_free);
  g_clear_pointer (&b, tix_door_cache_ticket_free);
  a = tix_door_cache_lookup (cache, "a");
  b = tix_door_cache_lookup (cache, "b");
  g_assert_cmpint (a->event_id, ==, 8);
  g_assert_cmpint (b->event_id, ==, 8);
  g_assert_cmpint (b->scanned_at, ==, 5000);
  g_assert_true (b->scanned_here);

  /* Opened again: nothing to do, the cursor stays. */
  g_clear_object (&cache);
  cache = tix_door_cache_new (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (tix_door_cache_get_cursor (cache), ==, 50);
  g_assert_cmpint (query_int (path, "PRAGMA user_version"), ==, LATEST_VERSION);
}

/* Schemas 2 and 3 as tix-door-cache.c made them, word for word: with
 * schema_before_events, a file of the version before door rules. */
static const char schema_2_and_3[] =
  "ALTER TABLE tickets ADD COLUMN event_id INTEGER;"
  "CREATE TABLE events ("
  "  id INTEGER PRIMARY KEY,"
  "  event TEXT NOT NULL"
  ");"
  "DELETE FROM meta WHERE key = 'cursor';"
  "ALTER TABLE tickets ADD COLUMN refunded INTEGER NOT NULL DEFAULT 0;";

#define ENTRANCES_8 \
  "[{\"id\": 30, \"event_id\": 8, \"name\": \"Main entrance\", \"type_ids\": [], " \
  "\"allow_exit\": false, \"allow_reentry\": false, \"opens_at\": null, \"closes_at\": null, " \
  "\"is_default\": true}, " \
  "{\"id\": 31, \"event_id\": 8, \"name\": \"Balcony\", \"type_ids\": [5], " \
  "\"allow_exit\": true, \"allow_reentry\": true, \"opens_at\": \"2026-03-21T18:00:00.000Z\", " \
  "\"closes_at\": null, \"is_default\": false}]"

/* A page of the sync with entrances too. */
static JsonObject *
sync_reply_entrances (const char *key_base64,
                      const char *changes,
                      const char *entrances,
                      gint64      next)
{
  g_autofree char *text = g_strdup_printf ("{\"public_key\": \"%s\", \"changes\": %s, "
                                           "\"next\": %" G_GINT64_FORMAT ", \"more\": false, "
                                           "\"events\": [" SATURDAY "], \"entrances\": %s}",
                                           key_base64, changes, next, entrances);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);

  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

/* A copy made by the version before door rules (schema 3): its tickets,
 * events, key and queued scans stay, a ticket scanned counts as inside,
 * the cursor goes back to the start; the sync then brings the entrances
 * and each ticket's inside state, but for a ticket with a scan here still
 * queued. */
static void
test_migration_door_rules (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "before-door-rules.db", NULL);
  g_autoptr(TixDoorCache) cache = NULL;
  g_autoptr(TixDoorCacheTicket) b = NULL;
  g_autoptr(TixDoorCacheTicket) c = NULL;
  g_autoptr(TixEvent) event = NULL;
  g_autoptr(TixEntrance) balcony = NULL;
  g_autoptr(TixEntrance) main_entrance = NULL;
  g_autoptr(GPtrArray) pending = NULL;
  g_autoptr(GPtrArray) entrances = NULL;
  g_autoptr(JsonObject) page = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *insert_key = NULL;
  g_autofree char *insert_event = NULL;
  TixDoorQueuedScan *scan;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  exec_sql (db, "PRAGMA journal_mode=WAL;");
  exec_sql (db, schema_before_events);
  exec_sql (db, schema_2_and_3);
  exec_sql (db, "PRAGMA user_version = 3;");
  insert_key = g_strdup_printf ("INSERT INTO meta (key, value) VALUES ('public_key', X'%s')",
                                "0102030405060708090A0B0C0D0E0F10"
                                "1112131415161718191A1B1C1D1E1F20");
  exec_sql (db, insert_key);
  insert_event = g_strdup_printf ("INSERT INTO events (id, event) VALUES (8, '%s')", SATURDAY);
  exec_sql (db, insert_event);
  exec_sql (db, "INSERT INTO meta (key, value) VALUES ('cursor', 42);"
                "INSERT INTO tickets (id, number, prefix, revision, event_id) "
                "  VALUES ('a', 'SAT-000001', 'SAT', 1, 8);"
                "INSERT INTO tickets (id, number, prefix, revision, scanned_at, event_id) "
                "  VALUES ('b', 'SAT-000002', 'SAT', 1, 5000, 8);"
                "INSERT INTO tickets (id, number, prefix, revision, scanned_at, event_id) "
                "  VALUES ('c', 'SAT-000003', 'SAT', 1, 6000, 8);"
                "INSERT INTO queue (scan_id, code, ticket_id, scanned_at, station, state) "
                "  VALUES ('scan-1', 'SAT-000003', 'c', 6000, 'station', 0);");
  sqlite3_close (db);

  cache = tix_door_cache_new (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (query_int (path, "PRAGMA user_version"), ==, LATEST_VERSION);
  g_assert_cmpint (tix_door_cache_get_cursor (cache), ==, 0);
  g_assert_true (tix_door_cache_get_public_key (cache, NULL));
  event = tix_door_cache_lookup_event (cache, 8);
  g_assert_nonnull (event);
  g_assert_null (tix_door_cache_list_entrances (cache, 8));
  g_assert_cmpint (tix_door_cache_count_inside (cache, 8), ==, 2);
  b = tix_door_cache_lookup (cache, "b");
  g_assert_true (b->inside);
  g_assert_cmpint (b->last_in_at, ==, 5000);
  g_assert_cmpint (b->last_out_at, ==, 0);
  g_assert_cmpint (b->type_id, ==, 0);
  pending = tix_door_cache_list_queue (cache, TIX_DOOR_QUEUE_PENDING);
  g_assert_cmpuint (pending->len, ==, 1);
  scan = pending->pdata[0];
  g_assert_cmpstr (scan->scan_id, ==, "scan-1");
  g_assert_false (scan->exit);
  g_assert_cmpint (scan->entrance_id, ==, 0);

  /* The sync from the start: b went out, c is not in as the server knows
   * (its scan here is not uploaded yet). */
  page = sync_reply_entrances (f->key_base64,
                               "[{\"id\": \"b\", \"number\": \"SAT-000002\", \"prefix\": \"SAT\", "
                               "\"event_id\": 8, \"type_id\": 5, \"scanned_at\": "
                               "\"2026-03-21T18:30:00.000Z\", \"inside\": false, "
                               "\"entrance_id\": 31, \"last_in_at\": \"2026-03-21T18:30:00.000Z\", "
                               "\"last_out_at\": \"2026-03-21T20:00:00.000Z\"}, "
                               "{\"id\": \"c\", \"number\": \"SAT-000003\", \"prefix\": \"SAT\", "
                               "\"event_id\": 8, \"type_id\": null, \"scanned_at\": null, "
                               "\"inside\": false, \"entrance_id\": null, \"last_in_at\": null, "
                               "\"last_out_at\": null}]",
                               ENTRANCES_8, 50);
  g_assert_true (tix_door_cache_apply_sync (cache, page, NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&b, tix_door_cache_ticket_free);
  b = tix_door_cache_lookup (cache, "b");
  c = tix_door_cache_lookup (cache, "c");
  g_assert_false (b->inside);
  g_assert_cmpint (b->type_id, ==, 5);
  g_assert_cmpint (b->entrance_id, ==, 31);
  g_assert_cmpint (b->last_out_at, >, b->last_in_at);
  g_assert_true (c->inside);
  g_assert_true (c->scanned_here);
  g_assert_cmpint (c->scanned_at, ==, 6000);
  g_assert_cmpint (tix_door_cache_count_inside (cache, 8), ==, 1);

  entrances = tix_door_cache_list_entrances (cache, 8);
  g_assert_nonnull (entrances);
  g_assert_cmpuint (entrances->len, ==, 2);
  g_assert_true (tix_entrance_get_is_default (entrances->pdata[0]));
  g_assert_null (tix_door_cache_list_entrances (cache, 9));
  balcony = tix_door_cache_lookup_entrance (cache, 31);
  g_assert_cmpstr (tix_entrance_get_name (balcony), ==, "Balcony");
  g_assert_true (tix_entrance_get_allow_reentry (balcony));
  g_assert_true (tix_entrance_admits_type (balcony, 5));
  g_assert_false (tix_entrance_admits_type (balcony, 0));
  g_assert_cmpint (tix_entrance_get_opens_at (balcony), >, 0);
  main_entrance = tix_door_cache_get_default_entrance (cache, 8);
  g_assert_cmpint (tix_entrance_get_id (main_entrance), ==, 30);
  g_assert_null (tix_door_cache_lookup_entrance (cache, 99));

  /* The server refuses c's scan: back to what the server said. */
  g_assert_true (tix_door_cache_set_queue_state (cache, "scan-1", TIX_DOOR_QUEUE_CONFLICT,
                                                 "Already scanned", &error));
  g_assert_no_error (error);
  g_clear_pointer (&c, tix_door_cache_ticket_free);
  c = tix_door_cache_lookup (cache, "c");
  g_assert_false (c->inside);
  g_assert_cmpint (tix_door_cache_count_inside (cache, 8), ==, 0);

  /* Opened again: nothing to do. */
  g_clear_object (&cache);
  cache = tix_door_cache_new (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (tix_door_cache_get_cursor (cache), ==, 50);
  g_clear_pointer (&entrances, g_ptr_array_unref);
  entrances = tix_door_cache_list_entrances (cache, 8);
  g_assert_cmpuint (entrances->len, ==, 2);
}

/* A scan here, in and out: the ticket's state is this station's until the
 * server answers; taken, it is the server's too; a sync in between leaves
 * it be. */
static void
test_local_inside (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(JsonObject) page = sync_reply_entrances (f->key_base64,
    "[{\"id\": \"a\", \"number\": \"SAT-000001\", \"prefix\": \"SAT\", \"event_id\": 8, "
    "\"type_id\": 5, \"scanned_at\": null, \"inside\": false, \"entrance_id\": null, "
    "\"last_in_at\": null, \"last_out_at\": null}]", ENTRANCES_8, 10);
  g_autoptr(JsonObject) again = NULL;
  g_autoptr(TixDoorCacheTicket) a = NULL;
  g_autoptr(GPtrArray) pending = NULL;
  g_autoptr(GError) error = NULL;
  TixDoorQueuedScan *out;

  g_assert_true (tix_door_cache_apply_sync (f->cache, page, NULL, &error));
  g_assert_no_error (error);

  g_assert_true (tix_door_cache_enqueue_scan (f->cache, "in-1", "SAT-000001", "a", NULL, NULL,
                                              1000, "station", 31, 31, FALSE, &error));
  g_assert_no_error (error);
  a = tix_door_cache_lookup (f->cache, "a");
  g_assert_true (a->inside);
  g_assert_cmpint (a->scanned_at, ==, 1000);
  g_assert_cmpint (a->last_in_at, ==, 1000);
  g_assert_cmpint (a->entrance_id, ==, 31);
  g_assert_cmpint (tix_door_cache_count_inside (f->cache, 8), ==, 1);

  g_assert_true (tix_door_cache_enqueue_scan (f->cache, "out-1", "SAT-000001", "a", NULL, NULL,
                                              2000, "station", 31, 31, TRUE, &error));
  g_assert_no_error (error);
  g_clear_pointer (&a, tix_door_cache_ticket_free);
  a = tix_door_cache_lookup (f->cache, "a");
  g_assert_false (a->inside);
  g_assert_cmpint (a->scanned_at, ==, 1000);
  g_assert_cmpint (a->last_out_at, ==, 2000);
  g_assert_cmpint (tix_door_cache_count_inside (f->cache, 8), ==, 0);
  pending = tix_door_cache_list_queue (f->cache, TIX_DOOR_QUEUE_PENDING);
  g_assert_cmpuint (pending->len, ==, 2);
  out = pending->pdata[1];
  g_assert_true (out->exit);
  g_assert_cmpint (out->entrance_id, ==, 31);

  /* A sync that does not know yet. */
  again = sync_reply_entrances (f->key_base64,
    "[{\"id\": \"a\", \"number\": \"SAT-000001\", \"prefix\": \"SAT\", \"event_id\": 8, "
    "\"type_id\": 5, \"scanned_at\": null, \"inside\": false, \"entrance_id\": null, "
    "\"last_in_at\": null, \"last_out_at\": null}]", ENTRANCES_8, 11);
  g_assert_true (tix_door_cache_apply_sync (f->cache, again, NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&a, tix_door_cache_ticket_free);
  a = tix_door_cache_lookup (f->cache, "a");
  g_assert_cmpint (a->last_out_at, ==, 2000);
  g_assert_cmpint (a->scanned_at, ==, 1000);

  /* Both taken; then the server refuses nothing more: the state stays. */
  g_assert_true (tix_door_cache_set_queue_state (f->cache, "in-1", TIX_DOOR_QUEUE_UPLOADED, NULL,
                                                 &error));
  g_assert_true (tix_door_cache_set_queue_state (f->cache, "out-1", TIX_DOOR_QUEUE_UPLOADED, NULL,
                                                 &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (f->path, "SELECT server_last_in_at FROM tickets WHERE id = 'a'"),
                   ==, 1000);
  g_assert_cmpint (query_int (f->path, "SELECT server_last_out_at FROM tickets WHERE id = 'a'"),
                   ==, 2000);
  g_assert_cmpint (query_int (f->path, "SELECT server_entrance_id FROM tickets WHERE id = 'a'"),
                   ==, 31);

  /* The server's word on an online scan. */
  g_assert_true (tix_door_cache_set_inside (f->cache, "a", TRUE, 30, 3000, &error));
  g_assert_no_error (error);
  g_clear_pointer (&a, tix_door_cache_ticket_free);
  a = tix_door_cache_lookup (f->cache, "a");
  g_assert_true (a->inside);
  g_assert_cmpint (a->entrance_id, ==, 30);
  g_assert_cmpint (a->last_in_at, ==, 3000);
  g_assert_cmpint (tix_door_cache_count_inside (f->cache, 8), ==, 1);
}

/* An entrance that is not one spoils the whole page. */
static void
test_sync_entrances_invalid (Fixture       *f,
                             gconstpointer  data)
{
  const char *bad[] = { "[1]", "[{\"id\": 3}]", "[{\"name\": \"x\", \"event_id\": 8}]",
                        "[{\"id\": 3, \"name\": \"x\"}]", "{}" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(JsonObject) page = sync_reply_entrances (f->key_base64, "[" TICKET_A "]", bad[i], 5);
      g_autoptr(GError) error = NULL;

      g_assert_false (tix_door_cache_apply_sync (f->cache, page, NULL, &error));
      g_assert_error (error, TIX_DOOR_CACHE_ERROR, TIX_DOOR_CACHE_ERROR_INVALID);
      g_assert_cmpint (tix_door_cache_get_cursor (f->cache), ==, 0);
      g_assert_null (tix_door_cache_lookup (f->cache, "a"));
    }
}

/* A new file is at the latest version from the start. */
static void
test_new_file_version (Fixture       *f,
                       gconstpointer  data)
{
  g_assert_cmpint (query_int (f->path, "PRAGMA user_version"), ==, LATEST_VERSION);
  g_assert_cmpint (query_int (f->path, "SELECT count(*) FROM events"), ==, 0);
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
  ADD ("/tix/client/door-cache/sync/events", test_sync_events);
  ADD ("/tix/client/door-cache/sync/events-invalid", test_sync_events_invalid);
  ADD ("/tix/client/door-cache/current-event", test_current_event);
  ADD ("/tix/client/door-cache/migration", test_migration);
  ADD ("/tix/client/door-cache/migration-door-rules", test_migration_door_rules);
  ADD ("/tix/client/door-cache/local-inside", test_local_inside);
  ADD ("/tix/client/door-cache/sync/entrances-invalid", test_sync_entrances_invalid);
  ADD ("/tix/client/door-cache/new-file", test_new_file_version);

  return g_test_run ();
}
