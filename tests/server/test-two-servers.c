/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Two tix-server processes (TIX_SERVER, set by meson) on one PostgreSQL
 * database: a ticket is admitted once however many stations of either
 * server scan it at the same instant, generates on both servers number the
 * tickets without a gap or a repeat, and a scan through one server reaches
 * the stations of that organization on the other one, and no one else.
 * Only meaningful on PostgreSQL (TIX_TEST_BACKEND=postgres, run through
 * tests/with-postgres.sh); skipped otherwise. */
#include "config.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "server-test-util.h"

#define ADMIN_EMAIL "ada@example.org"
#define N_SCANS     50
#define N_GENERATES 10   /* on each server */
#define GENERATE_COUNT 50

typedef struct
{
  GSubprocess   *process;
  guint          port;
  char          *url;
  TixTestServer  view;   /* only .url: for the tix_api_* helpers */
  TixApiFixture  api;
} Server;

typedef struct
{
  char   *dir;
  char   *db;
  Server  a;
  Server  b;
} Fixture;

/* Servers ---------------------------------------------------------------------- */

/* A server outlives no failed assertion: it dies with the test. */
static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

/* Spawns tix-server on @db and a free port (not yet waiting for it). */
static void
server_spawn (Server     *server,
              const char *db)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_autoptr(GError) error = NULL;
  g_autofree char *port = NULL;

  g_assert_null (server->process);
  server->port = tix_test_free_port ();
  port = g_strdup_printf ("%u", server->port);
  g_free (server->url);
  server->url = g_strdup_printf ("http://127.0.0.1:%u", server->port);
  server->view.url = server->url;
  server->api.server = &server->view;
  if (server->api.session == NULL)
    server->api.session = tix_api_session_new ();

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  server->process = g_subprocess_launcher_spawn (launcher, &error, tix_test_server_exe (),
                                                 "--db", db, "--bind", "127.0.0.1",
                                                 "--port", port, "--quiet", NULL);
  g_assert_no_error (error);
}

static void
server_kill (Server *server)
{
  if (server->process == NULL)
    return;
  g_subprocess_send_signal (server->process, SIGKILL);
  g_subprocess_wait (server->process, NULL, NULL);
  g_clear_object (&server->process);
}

/* Waits until @server answers; FALSE when it exited first (the port was
 * taken, say) or it took too long. */
static gboolean
server_wait (Server *server)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < deadline)
    {
      if (g_subprocess_get_identifier (server->process) == NULL)
        return FALSE;
      if (tix_test_is_serving (server->url))
        {
          /* Serving, and it is ours (not someone else on that port). */
          g_usleep (50 * 1000);
          return g_subprocess_get_identifier (server->process) != NULL;
        }
      g_usleep (20 * 1000);
    }
  return FALSE;
}

static void
server_start (Server     *server,
              const char *db)
{
  /* A port that was free a moment ago; another one if someone took it. */
  for (int attempt = 0; attempt < 5; attempt++)
    {
      server_spawn (server, db);
      if (server_wait (server))
        return;
      server_kill (server);
    }
  g_error ("tix-server did not start on %s", db);
}

static void
server_clear (Server *server)
{
  server_kill (server);
  if (server->api.session != NULL)
    {
      soup_session_abort (server->api.session);
      g_clear_object (&server->api.session);
    }
  g_clear_pointer (&server->url, g_free);
}

/* Fixture ---------------------------------------------------------------------- */

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  if (!tix_test_backend_is_postgres ())
    return;

  f->dir = g_dir_make_tmp ("tix-two-servers-XXXXXX", &error);
  g_assert_no_error (error);
  f->db = tix_test_database_new (f->dir);
  /* One after the other: the first creates the schema (starting together
   * is a test of its own). */
  server_start (&f->a, f->db);
  server_start (&f->b, f->db);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  server_clear (&f->a);
  server_clear (&f->b);
  if (f->db != NULL)
    tix_test_database_drop (f->db);
  if (f->dir != NULL)
    tix_test_remove_tree (f->dir);
  g_free (f->db);
  g_free (f->dir);
}

static gboolean
skip_unless_postgres (void)
{
  if (tix_test_backend_is_postgres ())
    return FALSE;
  g_test_skip ("Two servers on one database: PostgreSQL only (TIX_TEST_BACKEND=postgres)");
  return TRUE;
}

/* Stations racing ----------------------------------------------------------------- */

/* Each station is a thread of tix_api_run_together(), with its own
 * SoupSession whose connection it opens beforehand (and reuses, even for a
 * POST); all wait at a barrier and send together. This fails the test,
 * with what became of the servers, when a request of @jobs got no answer. */
static void
assert_answered (Fixture   *f,
                 TixApiJob *jobs,
                 guint      n_jobs)
{
  for (guint i = 0; i < n_jobs; i++)
    {
      Server *servers[] = { &f->a, &f->b };

      if (jobs[i].status != 0)
        continue;

      /* Let a dying server finish dying. */
      g_usleep (200 * 1000);
      for (guint k = 0; k < G_N_ELEMENTS (servers); k++)
        {
          GSubprocess *process = servers[k]->process;

          if (g_subprocess_get_identifier (process) != NULL)
            g_test_message ("server %c is still running", 'A' + k);
          else if (g_subprocess_get_if_signaled (process))
            g_test_message ("server %c died of signal %d", 'A' + k,
                            g_subprocess_get_term_sig (process));
          else
            g_test_message ("server %c exited with status %d", 'A' + k,
                            g_subprocess_get_exit_status (process));
        }
      g_error ("%s %s on server %c: %s", jobs[i].method, jobs[i].path,
               jobs[i].url == f->b.url ? 'B' : 'A', jobs[i].text);
    }
}

/* Starting together ---------------------------------------------------------------- */

/* Both servers open a new, empty database at the same moment: both create
 * the schema, and both serve. */
static void
test_start_together (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;

  if (skip_unless_postgres ())
    return;

  dir = g_dir_make_tmp ("tix-two-servers-XXXXXX", &error);
  g_assert_no_error (error);

  for (guint round = 0; round < 3; round++)
    {
      g_autofree char *db = tix_test_database_new (dir);
      Server a = { 0 }, b = { 0 };
      gboolean a_serves, b_serves;
      g_autofree char *token = NULL;

      server_spawn (&a, db);
      server_spawn (&b, db);
      a_serves = server_wait (&a);
      b_serves = server_wait (&b);
      if (!a_serves || !b_serves)
        g_error ("round %u: two servers started together on a new database: "
                 "A %s, B %s (see their messages above)", round,
                 a_serves ? "serves" : "does not serve", b_serves ? "serves" : "does not serve");

      /* The schema is whole: an account made on one signs in on the other. */
      token = tix_api_register (&a.api, ADMIN_EMAIL, "Ada", NULL);
      g_free (tix_api_login (&b.api, ADMIN_EMAIL, TIX_API_PASSWORD));

      server_clear (&a);
      server_clear (&b);
      tix_test_database_drop (db);
    }
  tix_test_remove_tree (dir);
}

/* (a) One ticket, 50 stations, two servers ---------------------------------------- */

static void
test_scan_race (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *token = NULL;
  g_autofree char *token_b = NULL;
  g_autoptr(JsonArray) tickets = NULL;
  g_autofree char *body = NULL;
  g_autoptr(JsonObject) stored = NULL;
  g_autoptr(JsonObject) stats_a = NULL;
  g_autoptr(JsonObject) stats_b = NULL;
  g_autoptr(GArray) array = tix_api_jobs_new (N_SCANS);
  TixApiJob *jobs = (TixApiJob *) array->data;
  const char *id, *scanned_at;
  guint successes = 0, duplicates = 0, admitted_on_b = 0;

  if (skip_unless_postgres ())
    return;

  /* Registered on A, signed in on B: one account, one database. */
  token = tix_api_register (&f->a.api, ADMIN_EMAIL, "Ada", NULL);
  token_b = tix_api_login (&f->b.api, ADMIN_EMAIL, TIX_API_PASSWORD);
  tickets = tix_api_generate (&f->a.api, token, "VIP", 1, NULL);
  id = tix_api_string (json_array_get_object_element (tickets, 0), "id");
  {
    g_autofree char *code = tix_api_json_string (tix_api_string (
                              json_array_get_object_element (tickets, 0), "code"));
    body = g_strdup_printf ("{\"code\":%s}", code);
  }

  for (guint i = 0; i < N_SCANS; i++)
    {
      gboolean on_b = i % 2 == 1;

      jobs[i].url = on_b ? f->b.url : f->a.url;
      /* A's token on B too, and B's on A: sessions are shared. */
      jobs[i].token = (i % 4 < 2) ? token : token_b;
      jobs[i].method = "POST";
      jobs[i].path = g_strdup ("/api/scan");
      jobs[i].body = g_strdup (body);
    }

  tix_api_run_together (jobs, N_SCANS);
  assert_answered (f, jobs, N_SCANS);

  stored = tix_api_get_ticket (&f->b.api, token, id);
  scanned_at = tix_api_string (stored, "scanned_at");

  for (guint i = 0; i < N_SCANS; i++)
    {
      JsonObject *o, *t;

      if (jobs[i].json == NULL || !JSON_NODE_HOLDS_OBJECT (jobs[i].json))
        g_error ("station %u (server %c): status %u, not a JSON object: %s", i,
                 i % 2 ? 'B' : 'A', jobs[i].status, jobs[i].text);
      o = json_node_get_object (jobs[i].json);
      t = json_object_get_object_member (o, "ticket");
      if (t == NULL)
        g_error ("station %u (server %c): status %u, no ticket: %s", i,
                 i % 2 ? 'B' : 'A', jobs[i].status, jobs[i].text);
      tix_api_assert_ticket (t);
      /* Everyone sees the one scan that counted. */
      if (g_strcmp0 (tix_api_string_or_null (t, "scanned_at"), scanned_at) != 0)
        g_error ("station %u (server %c) saw the ticket scanned at %s, it was at %s: %s", i,
                 i % 2 ? 'B' : 'A', tix_api_string_or_null (t, "scanned_at"), scanned_at,
                 jobs[i].text);

      if (jobs[i].status == 200)
        {
          g_assert_true (json_object_get_boolean_member (o, "success"));
          successes++;
          admitted_on_b += i % 2;
        }
      else if (jobs[i].status == 400 && json_object_has_member (o, "duplicate"))
        {
          g_assert_true (json_object_get_boolean_member (o, "duplicate"));
          g_assert_cmpstr (tix_api_string (o, "error"), !=, "");
          duplicates++;
        }
      else
        g_error ("station %u (server %c) got status %u: %s", i, i % 2 ? 'B' : 'A',
                 jobs[i].status, jobs[i].text);
    }

  g_test_message ("admitted by server %c, %u duplicates", admitted_on_b ? 'B' : 'A',
                  duplicates);
  g_assert_cmpuint (successes, ==, 1);
  g_assert_cmpuint (duplicates, ==, N_SCANS - 1);

  /* Both servers count one scan. */
  stats_a = tix_api_stats (&f->a.api, token);
  stats_b = tix_api_stats (&f->b.api, token);
  g_assert_cmpint (tix_api_int (stats_a, "scanned"), ==, 1);
  g_assert_cmpint (tix_api_int (stats_b, "scanned"), ==, 1);
  g_assert_cmpint (tix_api_int (stats_b, "total"), ==, 1);
}

/* (b) Generates on both servers at once ------------------------------------------- */

static guint
number_of (const char *number,
           const char *prefix)
{
  g_autofree char *start = g_strconcat (prefix, "-", NULL);
  guint64 value = 0;

  if (!g_str_has_prefix (number, start) ||
      !g_ascii_string_to_unsigned (number + strlen (start), 10, 1, G_MAXUINT, &value, NULL))
    g_error ("“%s” is not a %s ticket number", number, prefix);
  return (guint) value;
}

/* Every ticket number of the organization, through @server, following
 * next_cursor. */
static GPtrArray *
list_numbers (Server     *server,
              const char *token,
              gint64     *out_total)
{
  GPtrArray *numbers = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *cursor = NULL;

  for (guint round = 0; round < 10000; round++)
    {
      g_autofree char *escaped = cursor ? g_uri_escape_string (cursor, NULL, FALSE) : NULL;
      g_autoptr(TixApiResponse) r =
        tix_api_requestf (&server->api, "GET", token, NULL, "/api/tickets?limit=250%s%s",
                          escaped ? "&cursor=" : "", escaped ? escaped : "");
      JsonObject *o;
      JsonArray *tickets;
      JsonNode *next;

      tix_api_assert_status (r, 200);
      o = tix_api_object (r);
      *out_total = tix_api_int (o, "total");
      tickets = json_object_get_array_member (o, "tickets");
      g_assert_nonnull (tickets);
      for (guint i = 0; i < json_array_get_length (tickets); i++)
        g_ptr_array_add (numbers,
                         g_strdup (tix_api_string (json_array_get_object_element (tickets, i),
                                                   "number")));

      next = json_object_get_member (o, "next_cursor");
      g_assert_nonnull (next);
      if (JSON_NODE_HOLDS_NULL (next))
        return numbers;
      g_assert_cmpuint (json_array_get_length (tickets), >, 0);
      g_free (cursor);
      cursor = g_strdup (tix_api_string (o, "next_cursor"));
    }
  g_error ("GET /api/tickets: next_cursor never ends");
}

static void
test_generate_race (Fixture       *f,
                    gconstpointer  data)
{
  const guint n_jobs = 2 * N_GENERATES;
  const guint n_tickets = n_jobs * GENERATE_COUNT;
  g_autofree char *token = NULL;
  g_autoptr(GArray) array = tix_api_jobs_new (n_jobs);
  TixApiJob *jobs = (TixApiJob *) array->data;
  g_autofree guint *seen = g_new0 (guint, n_tickets + 1);
  g_autoptr(GPtrArray) numbers = NULL;
  g_autoptr(JsonObject) stats = NULL;
  g_autoptr(JsonArray) next = NULL;
  gint64 total = 0;

  if (skip_unless_postgres ())
    return;

  token = tix_api_register (&f->a.api, ADMIN_EMAIL, "Ada", NULL);

  for (guint i = 0; i < n_jobs; i++)
    {
      jobs[i].url = i % 2 ? f->b.url : f->a.url;
      jobs[i].token = token;
      jobs[i].method = "POST";
      jobs[i].path = g_strdup ("/api/tickets/generate");
      jobs[i].body = g_strdup_printf ("{\"count\": %u, \"prefix\": \"TWO\"}", GENERATE_COUNT);
    }

  tix_api_run_together (jobs, n_jobs);
  assert_answered (f, jobs, n_jobs);

  for (guint i = 0; i < n_jobs; i++)
    {
      JsonArray *tickets;
      guint first;

      if (jobs[i].status != 201 || jobs[i].json == NULL || !JSON_NODE_HOLDS_ARRAY (jobs[i].json))
        g_error ("generate %u (server %c): status %u: %s", i, i % 2 ? 'B' : 'A',
                 jobs[i].status, jobs[i].text);
      tickets = json_node_get_array (jobs[i].json);
      g_assert_cmpuint (json_array_get_length (tickets), ==, GENERATE_COUNT);

      /* One request, one transaction: a run of consecutive numbers. */
      first = number_of (tix_api_string (json_array_get_object_element (tickets, 0), "number"),
                         "TWO");
      for (guint k = 0; k < GENERATE_COUNT; k++)
        {
          guint number = number_of (tix_api_string (json_array_get_object_element (tickets, k),
                                                    "number"), "TWO");

          if (number != first + k)
            g_error ("generate %u (server %c): ticket %u is TWO-%06u after TWO-%06u", i,
                     i % 2 ? 'B' : 'A', k, number, first);
        }
    }

  /* All of them, through the other server: 1 … n_tickets, each once. */
  numbers = list_numbers (&f->b, token, &total);
  g_assert_cmpint (total, ==, n_tickets);
  g_assert_cmpuint (numbers->len, ==, n_tickets);
  for (guint i = 0; i < numbers->len; i++)
    {
      guint number = number_of (g_ptr_array_index (numbers, i), "TWO");

      if (number < 1 || number > n_tickets)
        g_error ("TWO-%06u: beyond the %u tickets generated", number, n_tickets);
      if (seen[number]++ > 0)
        g_error ("TWO-%06u was given twice", number);
    }
  for (guint number = 1; number <= n_tickets; number++)
    if (!seen[number])
      g_error ("TWO-%06u is missing: a gap", number);

  stats = tix_api_stats (&f->a.api, token);
  g_assert_cmpint (tix_api_int (stats, "total"), ==, n_tickets);

  /* Numbering goes on from the last one, on either server. */
  next = tix_api_generate (&f->a.api, token, "TWO", 1, NULL);
  g_assert_cmpuint (number_of (tix_api_string (json_array_get_object_element (next, 0),
                                               "number"), "TWO"), ==, n_tickets + 1);
  {
    g_autoptr(JsonArray) after = tix_api_generate (&f->b.api, token, "TWO", 1, NULL);

    g_assert_cmpuint (number_of (tix_api_string (json_array_get_object_element (after, 0),
                                                 "number"), "TWO"), ==, n_tickets + 2);
  }
}

/* (c) Events across servers -------------------------------------------------------- */

/* Waits for an event of @type at @listener, a station on @where. */
static void
wait_for_event (TixApiListener *listener,
                const char     *type,
                guint           seconds,
                const char     *where)
{
  if (!tix_api_listener_wait_for (listener, type, 1, seconds * 1000))
    g_error ("%s: no “%s” event within %u s (what it had is above)", where, type, seconds);
}

static void
test_events_across_servers (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *token = NULL;
  g_autofree char *rival = NULL;
  g_autoptr(JsonArray) tickets = NULL;
  g_autoptr(TixApiListener) on_b = NULL;
  g_autoptr(TixApiListener) on_a = NULL;
  g_autoptr(TixApiListener) rival_on_b = NULL;
  g_autoptr(TixApiResponse) scan = NULL;
  g_autoptr(JsonNode) event = NULL;
  g_autofree char *body = NULL;
  JsonObject *object, *ticket, *stats;

  if (skip_unless_postgres ())
    return;

  token = tix_api_register (&f->a.api, ADMIN_EMAIL, "Ada", NULL);
  /* Another organization, with a station on B too. */
  rival = tix_api_register (&f->b.api, "rita@example.org", "Rita", NULL);
  tickets = tix_api_generate (&f->a.api, token, "EVT", 1, NULL);

  on_b = tix_api_listener_new (f->b.api.session, f->b.url, token);
  on_a = tix_api_listener_new (f->a.api.session, f->a.url, token);
  rival_on_b = tix_api_listener_new (f->b.api.session, f->b.url, rival);
  wait_for_event (on_b, "hello", 10, "station on B");
  wait_for_event (on_a, "hello", 10, "station on A");
  wait_for_event (rival_on_b, "hello", 10, "other organization's station on B");

  {
    g_autofree char *code = tix_api_json_string (tix_api_string (
                              json_array_get_object_element (tickets, 0), "code"));
    body = g_strdup_printf ("{\"code\":%s}", code);
  }
  scan = tix_api_request (&f->a.api, "POST", "/api/scan", token, body);
  tix_api_assert_status (scan, 200);

  /* The scan through A reaches the organization's station on B … */
  wait_for_event (on_b, "ticket-scanned", 5, "station on B, scan through A");
  wait_for_event (on_a, "ticket-scanned", 5, "station on A, scan through A");

  event = tix_api_listener_find (on_b, "ticket-scanned");
  g_assert_nonnull (event);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (event));
  object = json_node_get_object (event);
  ticket = json_object_get_object_member (object, "ticket");
  g_assert_nonnull (ticket);
  g_assert_cmpstr (tix_api_string (ticket, "id"), ==,
                   tix_api_string (json_array_get_object_element (tickets, 0), "id"));
  g_assert_cmpstr (tix_api_string (ticket, "number"), ==, "EVT-000001");
  g_assert_true (tix_api_is_iso_time (tix_api_string (ticket, "scanned_at")));
  /* … with the organization's counters, as a server's own event has. */
  stats = json_object_get_object_member (object, "stats");
  g_assert_nonnull (stats);
  g_assert_cmpint (tix_api_int (stats, "total"), ==, 1);
  g_assert_cmpint (tix_api_int (stats, "scanned"), ==, 1);

  /* Once each, on both servers; and never to the other organization. */
  tix_api_spin_for_ms (1000);
  g_assert_cmpuint (tix_api_listener_count (on_b, "ticket-scanned"), ==, 1);
  g_assert_cmpuint (tix_api_listener_count (on_a, "ticket-scanned"), ==, 1);
  if (rival_on_b->messages->len != 1)
    g_error ("the other organization's station on B got %u messages after its hello: %s",
             rival_on_b->messages->len - 1,
             (const char *) g_ptr_array_index (rival_on_b->messages,
                                               rival_on_b->messages->len - 1));
}

/* (d) Sessions ending across servers ----------------------------------------------- */

/* Waits for the server to close @listener with @code. */
static void
assert_stream_closed (TixApiListener *listener,
                      gushort         code,
                      const char     *after)
{
  gint64 start = g_get_monotonic_time ();

  tix_api_spin_until (&listener->closed, 10000);
  if (!listener->closed)
    g_error ("the station on the other server was still streaming 10 s after %s", after);
  g_test_message ("closed on the other server %" G_GINT64_FORMAT " ms after %s (code %u)",
                  (g_get_monotonic_time () - start) / 1000, after,
                  soup_websocket_connection_get_close_code (listener->connection));
  g_assert_cmpuint (soup_websocket_connection_get_close_code (listener->connection), ==, code);
}

static TixApiListener *
station_on (Server     *server,
            const char *token)
{
  TixApiListener *listener = tix_api_listener_new (server->api.session, server->url, token);

  wait_for_event (listener, "hello", 10, "station");
  return listener;
}

static void
test_sessions_across_servers (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *admin = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *seller = NULL;
  g_autoptr(TixApiListener) logged_out = NULL;
  g_autoptr(TixApiListener) logged_out_others = NULL;
  g_autoptr(TixApiListener) demoted = NULL;
  g_autoptr(TixApiListener) admin_on_b = NULL;
  g_autoptr(TixApiResponse) r = NULL;
  g_autoptr(TixApiResponse) logout = NULL;
  g_autoptr(TixApiResponse) others = NULL;
  g_autoptr(TixApiResponse) removal = NULL;
  g_autoptr(TixApiListener) removed = NULL;
  gint64 seller_id;

  if (skip_unless_postgres ())
    return;

  admin = tix_api_register (&f->a.api, ADMIN_EMAIL, "Ada", NULL);
  first = tix_api_login (&f->b.api, ADMIN_EMAIL, TIX_API_PASSWORD);
  second = tix_api_login (&f->b.api, ADMIN_EMAIL, TIX_API_PASSWORD);

  /* Logout through A ends the stream on B. */
  logged_out = station_on (&f->b, first);
  logout = tix_api_request (&f->a.api, "POST", "/api/auth/logout", first, NULL);
  tix_api_assert_status (logout, 200);
  assert_stream_closed (logged_out, 4001, "logout through the other server");

  /* "Log out others" through A ends the others' streams on B, not its own. */
  logged_out_others = station_on (&f->b, second);
  admin_on_b = station_on (&f->b, admin);
  others = tix_api_request (&f->a.api, "POST", "/api/auth/logout-others", admin, NULL);
  tix_api_assert_status (others, 200);
  assert_stream_closed (logged_out_others, 4001, "log out others through the other server");
  g_assert_false (admin_on_b->closed);

  /* A role change through A: B's stream of the user connects again. */
  r = tix_api_request (&f->a.api, "POST", "/api/users", admin,
                       "{\"email\":\"sam@example.org\",\"name\":\"Sam\",\"role\":\"seller\","
                       "\"password\":\"" TIX_API_PASSWORD "\"}");
  tix_api_assert_status (r, 201);
  seller_id = tix_api_int (json_object_get_object_member (tix_api_object (r), "user"), "id");
  seller = tix_api_login (&f->b.api, "sam@example.org", TIX_API_PASSWORD);
  demoted = station_on (&f->b, seller);
  g_clear_pointer (&r, tix_api_response_free);
  r = tix_api_requestf (&f->a.api, "PUT", admin, "{\"role\":\"scanner\"}",
                        "/api/users/%" G_GINT64_FORMAT, seller_id);
  tix_api_assert_status (r, 200);
  assert_stream_closed (demoted, 4002, "a role change through the other server");

  /* Removal through A ends the user's stream on B. */
  removed = station_on (&f->b, seller);
  removal = tix_api_requestf (&f->a.api, "DELETE", admin, NULL, "/api/users/%" G_GINT64_FORMAT,
                              seller_id);
  tix_api_assert_status (removal, 200);
  assert_stream_closed (removed, 4001, "the user's removal through the other server");
  g_assert_false (admin_on_b->closed);
}

/* Ten desks, five on each server, selling the last two tickets of a type
 * at once (issue 19): the quota is read inside the transaction that holds
 * the organization's lock, so exactly two sales go through, whichever
 * server took them, and the others are 409 with nothing left. */
#define N_DESKS 10

static void
test_sale_race (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *token = NULL;
  g_autoptr(GArray) array = tix_api_jobs_new (N_DESKS);
  TixApiJob *jobs = (TixApiJob *) array->data;
  g_autoptr(TixApiResponse) events = NULL;
  g_autoptr(TixApiResponse) type = NULL;
  g_autoptr(TixApiResponse) after = NULL;
  g_autofree char *type_body = NULL;
  gint64 event_id, type_id;
  guint sold = 0;

  if (skip_unless_postgres ())
    return;

  token = tix_api_register (&f->a.api, ADMIN_EMAIL, "Ada", NULL);
  events = tix_api_request (&f->a.api, "GET", "/api/events", token, NULL);
  tix_api_assert_status (events, 200);
  event_id = tix_api_int (json_array_get_object_element (tix_api_array (events), 0), "id");
  type = tix_api_requestf (&f->b.api, "POST", token, "{\"name\":\"Last\",\"price\":900,\"quota\":2}",
                           "/api/events/%" G_GINT64_FORMAT "/types", event_id);
  tix_api_assert_status (type, 201);
  type_id = tix_api_int (tix_api_object (type), "id");

  for (guint i = 0; i < N_DESKS; i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"station\":\"desk-%u\",\"opening_float\":0}", i);
      g_autoptr(TixApiResponse) shift = tix_api_request (i % 2 ? &f->b.api : &f->a.api, "POST",
                                                         "/api/shifts", token, body);

      tix_api_assert_status (shift, 201);
      jobs[i].url = i % 2 ? f->b.url : f->a.url;
      jobs[i].token = token;
      jobs[i].method = "POST";
      jobs[i].path = g_strdup ("/api/orders");
      jobs[i].body = g_strdup_printf ("{\"event_id\":%" G_GINT64_FORMAT ",\"items\":[{\"type_id\":%"
                                      G_GINT64_FORMAT ",\"quantity\":1}],\"payment\":"
                                      "{\"method\":\"card\"},\"station\":\"desk-%u\"}",
                                      event_id, type_id, i);
    }

  tix_api_run_together (jobs, N_DESKS);
  assert_answered (f, jobs, N_DESKS);
  for (guint i = 0; i < N_DESKS; i++)
    {
      JsonObject *o;

      if (jobs[i].json == NULL || !JSON_NODE_HOLDS_OBJECT (jobs[i].json))
        g_error ("desk %u (server %c): status %u: %s", i, i % 2 ? 'B' : 'A', jobs[i].status,
                 jobs[i].text);
      o = json_node_get_object (jobs[i].json);
      if (jobs[i].status == 201)
        sold++;
      else if (jobs[i].status != 409 || g_strcmp0 (tix_api_string (o, "field"), "items") != 0 ||
               tix_api_int (o, "available") != 0)
        g_error ("desk %u (server %c): status %u: %s", i, i % 2 ? 'B' : 'A', jobs[i].status,
                 jobs[i].text);
    }
  g_assert_cmpuint (sold, ==, 2);

  after = tix_api_requestf (&f->a.api, "GET", token, NULL,
                            "/api/events/%" G_GINT64_FORMAT "/types", event_id);
  tix_api_assert_status (after, 200);
  g_assert_cmpint (tix_api_int (json_array_get_object_element (tix_api_array (after), 0), "sold"),
                   ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  g_test_add_func ("/tix/postgres/two-servers/start-together", test_start_together);
  ADD ("/tix/postgres/two-servers/scan-race", test_scan_race);
  ADD ("/tix/postgres/two-servers/generate-race", test_generate_race);
  ADD ("/tix/postgres/two-servers/sale-race", test_sale_race);
  ADD ("/tix/postgres/two-servers/events", test_events_across_servers);
  ADD ("/tix/postgres/two-servers/sessions", test_sessions_across_servers);

#undef ADD

  return g_test_run ();
}
