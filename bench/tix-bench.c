/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tix-bench: drives a real tix-server process over HTTP and prints figures.
 * Not a test: it never fails on a timing. See docs/benchmarks.md. */
#include "config.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#if HAVE_POSTGRES
#include <libpq-fe.h>
#endif
#include <libsoup/soup.h>
#include <string.h>

#define ROUNDS 3
#define MAX_SERVERS 2

typedef struct
{
  GSubprocess *processes[MAX_SERVERS];
  char        *urls[MAX_SERVERS];
  guint        n_servers;
  char        *dir;
  char        *url;       /* the first server's */
  char        *database;  /* a PostgreSQL database made for the run, or NULL */
  SoupSession *session;
  char        *token;
} Bench;

static guint
free_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_socket_bind (socket, address, TRUE, NULL);
  bound = g_socket_get_local_address (socket, NULL);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

/* The answer's body, as it came (gzip decoded by the session). */
static GBytes *
request_bytes (Bench      *bench,
               const char *method,
               const char *path,
               const char *body,
               guint      *out_status)
{
  g_autofree char *url = g_strconcat (bench->url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;

  if (bench->token != NULL)
    {
      g_autofree char *bearer = g_strconcat ("Bearer ", bench->token, NULL);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                    bearer);
    }
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }

  reply = soup_session_send_and_read (bench->session, msg, NULL, &error);
  if (reply == NULL)
    g_error ("%s %s: %s", method, path, error->message);
  if (out_status != NULL)
    *out_status = soup_message_get_status (msg);
  return g_steal_pointer (&reply);
}

static JsonNode *
request (Bench      *bench,
         const char *method,
         const char *path,
         const char *body,
         guint      *out_status)
{
  g_autoptr(GBytes) reply = request_bytes (bench, method, path, body, out_status);

  return json_from_string (g_bytes_get_data (reply, NULL), NULL);
}

#if HAVE_POSTGRES
/* Runs @sql_before + quoted @name on the PostgreSQL server of
 * TIX_TEST_PG_URL (set by tests/with-postgres.sh). */
static void
pg_run (const char *sql_before,
        const char *name)
{
  PGconn *connection = PQconnectdb (g_getenv ("TIX_TEST_PG_URL"));
  g_autofree char *sql = NULL;
  PGresult *result;
  char *quoted;

  if (PQstatus (connection) != CONNECTION_OK)
    g_error ("PostgreSQL: %s", PQerrorMessage (connection));
  quoted = PQescapeIdentifier (connection, name, strlen (name));
  sql = g_strconcat (sql_before, quoted, NULL);
  PQfreemem (quoted);
  result = PQexec (connection, sql);
  if (PQresultStatus (result) != PGRES_COMMAND_OK)
    g_error ("%s: %s", sql, PQerrorMessage (connection));
  PQclear (result);
  PQfinish (connection);
}

#else
static void
pg_run (const char *sql_before,
        const char *name)
{
  g_error ("this build has no PostgreSQL (-Dpostgres)");
}
#endif

/* @n_servers tix-server processes on one database: a new SQLite file, or
 * with @postgres a new database on TIX_TEST_PG_URL's server. */
static void
bench_start_with (Bench      *bench,
                  const char *server_path,
                  gboolean    postgres,
                  guint       n_servers)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db = NULL;

  g_assert (n_servers >= 1 && n_servers <= MAX_SERVERS);
  bench->dir = g_dir_make_tmp ("tix-bench-XXXXXX", &error);
  g_assert_no_error (error);
  if (postgres)
    {
      g_autoptr(GUri) base = g_uri_parse (g_getenv ("TIX_TEST_PG_URL"), G_URI_FLAGS_ENCODED, NULL);
      g_autofree char *path = NULL;

      g_assert_nonnull (base);
      bench->database = g_strdup_printf ("tix_bench_%08x", g_random_int ());
      pg_run ("CREATE DATABASE ", bench->database);
      path = g_strconcat ("/", bench->database, NULL);
      db = g_uri_join (G_URI_FLAGS_ENCODED, g_uri_get_scheme (base), g_uri_get_userinfo (base),
                       g_uri_get_host (base), g_uri_get_port (base), path, NULL, NULL);
    }
  else
    db = g_build_filename (bench->dir, "tix.db", NULL);

  bench->n_servers = n_servers;
  bench->session = soup_session_new_with_options ("max-conns", 64, "max-conns-per-host", 64,
                                                  "timeout", 120, NULL);
  for (guint s = 0; s < n_servers; s++)
    {
      guint p = free_port ();
      g_autofree char *port = g_strdup_printf ("%u", p);
      gboolean up = FALSE;

      bench->processes[s] = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | (g_getenv ("TIX_BENCH_DEBUG") ? 0 : G_SUBPROCESS_FLAGS_STDERR_SILENCE), &error,
                                              server_path, "--db", db, "--port", port, "--quiet",
                                              NULL);
      g_assert_no_error (error);
      bench->urls[s] = g_strdup_printf ("http://127.0.0.1:%u", p);

      /* Wait until it answers (the first one makes the schema). */
      for (int i = 0; i < 100 && !up; i++)
        {
          g_autofree char *url = g_strconcat (bench->urls[s], "/health", NULL);
          g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
          g_autoptr(GBytes) reply = soup_session_send_and_read (bench->session, msg, NULL, NULL);

          up = reply != NULL && soup_message_get_status (msg) == 200;
          if (!up)
            g_usleep (50 * 1000);
        }
      if (!up)
        g_error ("tix-server did not start");
    }
  bench->url = g_strdup (bench->urls[0]);
}

static void
bench_start (Bench      *bench,
             const char *server_path)
{
  bench_start_with (bench, server_path, FALSE, 1);
}

static void
bench_register (Bench      *bench,
                const char *email)
{
  g_autofree char *body = g_strdup_printf ("{\"email\":\"%s\",\"password\":\"benchmark!\","
                                           "\"name\":\"Bench\"}", email);
  g_autoptr(JsonNode) reply = NULL;

  g_clear_pointer (&bench->token, g_free);
  reply = request (bench, "POST", "/api/auth/register", body, NULL);
  bench->token = g_strdup (json_object_get_string_member (json_node_get_object (reply), "token"));
}

static void
bench_stop (Bench *bench)
{
  for (guint s = 0; s < bench->n_servers; s++)
    {
      g_subprocess_send_signal (bench->processes[s], SIGTERM);
      g_subprocess_wait (bench->processes[s], NULL, NULL);
      g_clear_object (&bench->processes[s]);
      g_clear_pointer (&bench->urls[s], g_free);
    }
  g_clear_object (&bench->session);
  if (bench->database != NULL)
    {
      pg_run ("DROP DATABASE ", bench->database);
      g_clear_pointer (&bench->database, g_free);
    }
  {
    g_autofree char *command = g_strdup_printf ("rm -rf '%s'", bench->dir);
    (void) !system (command);
  }
  g_free (bench->dir);
  g_free (bench->url);
  g_free (bench->token);
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

static double
median (double *values,
        guint   n)
{
  qsort (values, n, sizeof (double), compare_double);
  return values[n / 2];
}

/* 1. Generate 100,000 tickets in one request, reply and signed codes included. */
static double
bench_generate (Bench *bench,
                guint  count)
{
  g_autofree char *body = NULL;
  g_autoptr(JsonNode) reply = NULL;
  gint64 start;
  guint status;

  body = g_strdup_printf ("{\"count\":%u,\"prefix\":\"GEN\"}", count);
  start = g_get_monotonic_time ();
  reply = request (bench, "POST", "/api/tickets/generate", body, &status);
  g_assert_cmpuint (status, ==, 201);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (reply)), ==, count);
  return (g_get_monotonic_time () - start) / 1e6;
}

/* The large organization's tickets are a season: LARGE_EVENTS events of an
 * equal share each (issue 18). Returns the event's id. */
#define LARGE_EVENTS 100

static gint64
bench_make_event (Bench *bench,
                  guint  i)
{
  g_autofree char *body = g_strdup_printf ("{\"name\":\"Show %u\",\"starts_at\":"
                                           "\"2027-01-01T20:00:00Z\"}", i + 1);
  g_autoptr(JsonNode) reply = NULL;
  guint status;

  reply = request (bench, "POST", "/api/events", body, &status);
  g_assert_cmpuint (status, ==, 201);
  return json_object_get_int_member (json_node_get_object (reply), "id");
}

static void
bench_generate_into (Bench  *bench,
                     gint64  event_id,
                     guint   count)
{
  for (guint made = 0; made < count; made += 100000)
    {
      g_autofree char *body = g_strdup_printf ("{\"count\":%u,\"prefix\":\"GEN\","
                                               "\"event_id\":%" G_GINT64_FORMAT "}",
                                               MIN (100000, count - made), event_id);
      g_autoptr(JsonNode) reply = NULL;
      guint status;

      reply = request (bench, "POST", "/api/tickets/generate", body, &status);
      g_assert_cmpuint (status, ==, 201);
    }
}

/* 2. Scans of distinct tickets by N concurrent connections. */
typedef struct
{
  Bench     *bench;
  GPtrArray *ids;
  guint      next;
  guint      done;
  guint      ok;
  GArray    *latencies;   /* ms */
  GMainLoop *loop;
} ScanRun;

typedef struct
{
  ScanRun *run;
  gint64   start;
} ScanCall;

static void scan_next (ScanRun *run);

static void
scan_done (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  ScanCall *call = data;
  ScanRun *run = call->run;
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  g_autoptr(GBytes) reply = soup_session_send_and_read_finish (SOUP_SESSION (source), result,
                                                               NULL);
  double ms = (g_get_monotonic_time () - call->start) / 1000.0;

  if (reply != NULL && soup_message_get_status (msg) == 200)
    run->ok++;
  g_array_append_val (run->latencies, ms);
  g_free (call);

  run->done++;
  if (run->done == run->ids->len)
    g_main_loop_quit (run->loop);
  else
    scan_next (run);
}

static void
scan_next (ScanRun *run)
{
  g_autofree char *url = NULL;
  g_autofree char *bearer = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  ScanCall *call;

  if (run->next >= run->ids->len)
    return;

  /* Round robin over the servers, as a load balancer would. */
  url = g_strdup_printf ("%s/api/tickets/%s/scan", run->bench->urls[run->next % run->bench->n_servers],
                         (const char *) g_ptr_array_index (run->ids, run->next));
  run->next++;
  msg = soup_message_new ("PUT", url);
  bearer = g_strconcat ("Bearer ", run->bench->token, NULL);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", bearer);
  call = g_new0 (ScanCall, 1);
  call->run = run;
  call->start = g_get_monotonic_time ();
  soup_session_send_and_read_async (run->bench->session, msg, G_PRIORITY_DEFAULT, NULL,
                                    scan_done, call);
}

static GPtrArray *
generate_ids (Bench *bench,
              guint  count)
{
  g_autofree char *body = g_strdup_printf ("{\"count\":%u,\"prefix\":\"SCN\"}", count);
  g_autoptr(JsonNode) reply = request (bench, "POST", "/api/tickets/generate", body, NULL);
  JsonArray *array = json_node_get_array (reply);
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < json_array_get_length (array); i++)
    g_ptr_array_add (ids, g_strdup (json_object_get_string_member (
      json_array_get_object_element (array, i), "id")));
  return ids;
}

/* Door rules (issue 20): the same tickets scanned again, every scan a
 * refusal that the scan log keeps. */
static GPtrArray *rescan_ids;

static void
bench_scans (Bench  *bench,
             guint   count,
             guint   concurrency,
             double *out_rate,
             double *out_p99,
             guint  *out_ok)
{
  ScanRun run = { 0 };
  gint64 start;
  double seconds;

  run.bench = bench;
  run.ids = rescan_ids != NULL ? g_ptr_array_ref (rescan_ids) : generate_ids (bench, count);
  run.latencies = g_array_new (FALSE, FALSE, sizeof (double));
  run.loop = g_main_loop_new (NULL, FALSE);

  start = g_get_monotonic_time ();
  for (guint i = 0; i < concurrency; i++)
    scan_next (&run);
  g_main_loop_run (run.loop);
  seconds = (g_get_monotonic_time () - start) / 1e6;

  g_array_sort (run.latencies, compare_double);
  *out_rate = count / seconds;
  *out_p99 = g_array_index (run.latencies, double, (guint) (run.latencies->len * 0.99));
  *out_ok = run.ok;

  g_array_unref (run.latencies);
  g_ptr_array_unref (run.ids);
  g_main_loop_unref (run.loop);
}

/* 3. Generate throughput: @total tickets in requests of @per_request, two
 * in flight per server, spread over the servers. */
typedef struct
{
  Bench     *bench;
  guint      per_request;
  guint      to_send;
  guint      pending;
  guint      sent;
  GMainLoop *loop;
} GenerateRun;

static void generate_next (GenerateRun *run);

static void
generate_done (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  GenerateRun *run = data;
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  g_autoptr(GBytes) reply = soup_session_send_and_read_finish (SOUP_SESSION (source), result,
                                                               NULL);

  if (reply == NULL || soup_message_get_status (msg) != 201)
    g_error ("generate failed: %u", soup_message_get_status (msg));
  run->pending--;
  if (run->to_send > 0)
    generate_next (run);
  else if (run->pending == 0)
    g_main_loop_quit (run->loop);
}

static void
generate_next (GenerateRun *run)
{
  const char *url = run->bench->urls[run->sent % run->bench->n_servers];
  g_autofree char *uri = g_strconcat (url, "/api/tickets/generate", NULL);
  g_autofree char *bearer = g_strconcat ("Bearer ", run->bench->token, NULL);
  g_autofree char *body = g_strdup_printf ("{\"count\":%u,\"prefix\":\"THR\"}",
                                           run->per_request);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", uri);
  g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", bearer);
  soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
  run->to_send--;
  run->sent++;
  run->pending++;
  soup_session_send_and_read_async (run->bench->session, msg, G_PRIORITY_DEFAULT, NULL,
                                    generate_done, run);
}

static double
bench_generate_spread (Bench *bench,
                       guint  total,
                       guint  per_request)
{
  GenerateRun run = { bench, per_request, total / per_request, 0, 0, NULL };
  gint64 start = g_get_monotonic_time ();

  run.loop = g_main_loop_new (NULL, FALSE);
  for (guint i = 0; i < 2 * bench->n_servers && run.to_send > 0; i++)
    generate_next (&run);
  g_main_loop_run (run.loop);
  g_main_loop_unref (run.loop);
  return total / ((g_get_monotonic_time () - start) / 1e6);
}

/* SQLite with one server, PostgreSQL with one and with two: the same
 * load on each (tests/with-postgres.sh provides the PostgreSQL server). */
static void
bench_backends (const char *server_path)
{
  static const struct { const char *name; gboolean postgres; guint servers; } setups[] = {
    { "SQLite, 1 server", FALSE, 1 },
    { "PostgreSQL, 1 server", TRUE, 1 },
    { "PostgreSQL, 2 servers", TRUE, 2 },
  };

  g_print ("\n%-24s %16s %14s %12s\n", "backend (median of 3)", "generate tix/s", "scans/s",
           "scan p99");
  for (guint k = 0; k < G_N_ELEMENTS (setups); k++)
    {
      double generate[ROUNDS], rate[ROUNDS], p99[ROUNDS];

      for (guint r = 0; r < ROUNDS; r++)
        {
          Bench bench = { 0 };
          guint ok = 0;

          bench_start_with (&bench, server_path, setups[k].postgres, setups[k].servers);
          bench_register (&bench, "backends@example.org");
          generate[r] = bench_generate_spread (&bench, 100000, 10000);
          bench_scans (&bench, 20000, 32, &rate[r], &p99[r], &ok);
          g_assert_cmpuint (ok, ==, 20000);
          bench_stop (&bench);
        }
      g_print ("%-24s %16.0f %14.0f %9.2f ms\n", setups[k].name, median (generate, ROUNDS),
               median (rate, ROUNDS), median (p99, ROUNDS));
    }
}

/* 5. The door never waits (issue 15): while one organization generates
 * 100,000 tickets and four sheets of 10,000 render, another's stations scan
 * at a steady pace and a probe asks /health. Each station is a thread with
 * its own session (synchronous calls), so that reading the big replies on
 * the main loop never delays what is measured. */
#define DOOR_STATIONS    4
#define DOOR_PERIOD_MS   20   /* each station scans every 20 ms: 200 scans/s */
#define DOOR_HEALTH_MS   50

typedef struct
{
  const char  *url;
  const char  *token;
  GPtrArray   *ids;
  gint         next;       /* atomic */
  gint         stop;       /* atomic */
  gint64       load_start; /* monotonic µs; 0 until the load starts */
  gint64       load_end;   /* 0 while it runs */
  GMutex       mutex;
  GArray      *scan_ms;    /* during the load */
  GArray      *health_ms;  /* during the load */
  GArray      *quiet_ms;   /* scans before it: what the machine gives anyway */
  guint        failures;
} DoorRun;

static double
door_call (SoupSession *session,
           const char  *method,
           const char  *url,
           const char  *token,
           guint       *out_status)
{
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) reply = NULL;
  gint64 start = g_get_monotonic_time ();

  if (token != NULL)
    {
      g_autofree char *bearer = g_strconcat ("Bearer ", token, NULL);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                    bearer);
    }
  reply = soup_session_send_and_read (session, msg, NULL, NULL);
  *out_status = reply != NULL ? soup_message_get_status (msg) : 0;
  return (g_get_monotonic_time () - start) / 1000.0;
}

static void
door_record (DoorRun *run,
             GArray  *into,
             gint64   started,
             double   ms,
             gboolean ok)
{
  g_mutex_lock (&run->mutex);
  if (run->load_start != 0 && started >= run->load_start &&
      (run->load_end == 0 || started <= run->load_end))
    g_array_append_val (into, ms);
  if (!ok)
    run->failures++;
  g_mutex_unlock (&run->mutex);
}

static gpointer
door_station (gpointer data)
{
  DoorRun *run = data;
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 120, NULL);
  gint64 next = g_get_monotonic_time ();

  while (!g_atomic_int_get (&run->stop))
    {
      guint i = (guint) g_atomic_int_add (&run->next, 1);
      g_autofree char *url = NULL;
      gint64 started = g_get_monotonic_time ();
      guint status;
      double ms;

      if (i >= run->ids->len)
        break;
      url = g_strdup_printf ("%s/api/tickets/%s/scan", run->url,
                             (const char *) g_ptr_array_index (run->ids, i));
      ms = door_call (session, "PUT", url, run->token, &status);
      door_record (run, run->scan_ms, started, ms, status == 200);
      g_mutex_lock (&run->mutex);
      if (run->load_start == 0)
        g_array_append_val (run->quiet_ms, ms);
      g_mutex_unlock (&run->mutex);

      next += DOOR_PERIOD_MS * 1000;
      if (next > g_get_monotonic_time ())
        g_usleep (next - g_get_monotonic_time ());
      else
        next = g_get_monotonic_time ();
    }
  return NULL;
}

static gpointer
door_probe (gpointer data)
{
  DoorRun *run = data;
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 120, NULL);
  g_autofree char *url = g_strconcat (run->url, "/health", NULL);

  while (!g_atomic_int_get (&run->stop))
    {
      gint64 started = g_get_monotonic_time ();
      guint status;
      double ms = door_call (session, "GET", url, NULL, &status);

      door_record (run, run->health_ms, started, ms, status == 200);
      g_usleep (DOOR_HEALTH_MS * 1000);
    }
  return NULL;
}

typedef struct
{
  guint      pending;
  guint      failed;
  GMainLoop *loop;
  double     generate_s;
  double     sheets_s;
  gint64     start;
} DoorLoad;

static void
door_load_done (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  DoorLoad *load = data;
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  g_autoptr(GBytes) reply = soup_session_send_and_read_finish (SOUP_SESSION (source), result,
                                                               NULL);
  double seconds = (g_get_monotonic_time () - load->start) / 1e6;
  guint status = reply != NULL ? soup_message_get_status (msg) : 0;

  if (status == 201)
    load->generate_s = seconds;
  else if (status == 200)
    load->sheets_s = MAX (load->sheets_s, seconds);
  else
    load->failed++;
  if (--load->pending == 0)
    g_main_loop_quit (load->loop);
}

static void
door_load_send (Bench      *bench,
                DoorLoad   *load,
                const char *method,
                const char *path,
                const char *token,
                const char *body)
{
  g_autofree char *url = g_strconcat (bench->url, path, NULL);
  g_autofree char *bearer = g_strconcat ("Bearer ", token, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", bearer);
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  load->pending++;
  soup_session_send_and_read_async (bench->session, msg, G_PRIORITY_DEFAULT, NULL,
                                    door_load_done, load);
}

static double
percentile (GArray *values,
            double  p)
{
  if (values->len == 0)
    return 0;
  g_array_sort (values, compare_double);
  return g_array_index (values, double, MIN ((guint) (values->len * p), values->len - 1));
}

static void
bench_door (const char *server_path,
            const char *name,
            gboolean    postgres)
{
  Bench bench = { 0 };
  DoorRun run = { 0 };
  DoorLoad load = { 0 };
  g_autofree char *door_token = NULL;
  g_autofree char *load_token = NULL;
  GThread *threads[DOOR_STATIONS + 1];

  bench_start_with (&bench, server_path, postgres, 1);
  bench_register (&bench, "door@example.org");
  door_token = g_strdup (bench.token);
  run.ids = generate_ids (&bench, 20000);
  bench_register (&bench, "office@example.org");
  load_token = g_strdup (bench.token);
  {
    g_autoptr(JsonNode) reply = request (&bench, "POST", "/api/tickets/generate",
                                         "{\"count\":10000,\"prefix\":\"SHT\"}", NULL);
  }

  run.url = bench.url;
  run.token = door_token;
  run.scan_ms = g_array_new (FALSE, FALSE, sizeof (double));
  run.health_ms = g_array_new (FALSE, FALSE, sizeof (double));
  run.quiet_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_mutex_init (&run.mutex);
  for (guint t = 0; t < DOOR_STATIONS; t++)
    threads[t] = g_thread_new ("door-station", door_station, &run);
  threads[DOOR_STATIONS] = g_thread_new ("door-probe", door_probe, &run);

  /* Quiet seconds first, then the load. */
  g_usleep (3 * G_USEC_PER_SEC);
  load.loop = g_main_loop_new (NULL, FALSE);
  load.start = g_get_monotonic_time ();
  g_mutex_lock (&run.mutex);
  run.load_start = load.start;
  g_mutex_unlock (&run.mutex);
  door_load_send (&bench, &load, "POST", "/api/tickets/generate", load_token,
                  "{\"count\":100000,\"prefix\":\"BIG\"}");
  for (guint i = 0; i < 4; i++)
    door_load_send (&bench, &load, "GET", "/api/tickets/sheet.pdf?search=SHT&layout=a4-3x7",
                    load_token, NULL);
  g_main_loop_run (load.loop);
  g_main_loop_unref (load.loop);
  g_mutex_lock (&run.mutex);
  run.load_end = g_get_monotonic_time ();
  g_mutex_unlock (&run.mutex);

  g_atomic_int_set (&run.stop, 1);
  for (guint t = 0; t <= DOOR_STATIONS; t++)
    g_thread_join (threads[t]);

  g_print ("%-22s %7u %8.2f %8.2f %8.2f %10.2f %9.2f s %8.2f s%s\n", name, run.scan_ms->len,
           percentile (run.scan_ms, 0.5), percentile (run.scan_ms, 0.99),
           percentile (run.scan_ms, 1.0), percentile (run.health_ms, 1.0), load.generate_s,
           load.sheets_s, load.failed || run.failures ? "  (FAILURES)" : "");
  g_print ("%-22s %7u %8.2f %8.2f %8.2f   (the same scans before the load)\n", "  quiet",
           run.quiet_ms->len, percentile (run.quiet_ms, 0.5), percentile (run.quiet_ms, 0.99),
           percentile (run.quiet_ms, 1.0));
  g_array_unref (run.quiet_ms);

  g_array_unref (run.scan_ms);
  g_array_unref (run.health_ms);
  g_ptr_array_unref (run.ids);
  g_mutex_clear (&run.mutex);
  bench_stop (&bench);
}

static void
bench_door_all (const char *server_path)
{
  g_print ("\nThe door never waits: another organization generates 100,000 and renders four"
           " sheets of 10,000;\n%u stations scan every %u ms, /health every %u ms"
           " (latencies in ms, during the load)\n", DOOR_STATIONS, DOOR_PERIOD_MS,
           DOOR_HEALTH_MS);
  g_print ("%-22s %7s %8s %8s %8s %10s %11s %10s\n", "backend", "scans", "p50", "p99", "max",
           "health max", "generate", "sheets");
  bench_door (server_path, "SQLite", FALSE);
  if (HAVE_POSTGRES && g_getenv ("TIX_TEST_PG_URL") != NULL)
    bench_door (server_path, "PostgreSQL", TRUE);
}

/* 4. Reads on a large organization: the time until the whole answer is
 * in (what a station waits for), not the client's parsing of it. */
static void
check_json (GBytes     *reply,
            const char *path)
{
  g_autoptr(JsonNode) node = json_from_string (g_bytes_get_data (reply, NULL), NULL);

  if (node == NULL)
    g_error ("GET %s: not JSON", path);
}

static double
bench_read (Bench      *bench,
            const char *path)
{
  double times[9];

  for (guint i = 0; i < G_N_ELEMENTS (times); i++)
    {
      gint64 start = g_get_monotonic_time ();
      guint status;
      g_autoptr(GBytes) reply = request_bytes (bench, "GET", path, NULL, &status);

      times[i] = (g_get_monotonic_time () - start) / 1000.0;
      g_assert_cmpuint (status, ==, 200);
      check_json (reply, path);
    }
  return median (times, G_N_ELEMENTS (times));
}

/* One read, the first of its page: nothing of it kept by the server yet
 * (its codes are signed for it). */
static double
bench_read_once (Bench      *bench,
                 const char *path)
{
  gint64 start = g_get_monotonic_time ();
  guint status;
  g_autoptr(GBytes) reply = request_bytes (bench, "GET", path, NULL, &status);
  double ms = (g_get_monotonic_time () - start) / 1000.0;

  g_assert_cmpuint (status, ==, 200);
  check_json (reply, path);
  return ms;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *server_path = NULL;
  double generate[ROUNDS], rate[ROUNDS], p99[ROUNDS];
  double first_page, last_page, middle_page, cursor_page, search, search_inside, stats;
  double event_first_page, event_last_page, event_stats, event_cold_page, season;
  gint64 event_ids[LARGE_EVENTS];
  guint per_event;
  guint ok = 0, large = 1000000;
  const char *only;
  Bench bench = { 0 };

  if (argc > 2)
    large = (guint) g_ascii_strtoull (argv[2], NULL, 10);
  server_path = argc > 1 ? g_strdup (argv[1]) : g_strdup ("build/src/tix-server");

  only = g_getenv ("TIX_BENCH_ONLY");

  if (g_strcmp0 (only, "backends") == 0)
    {
      if (!HAVE_POSTGRES || g_getenv ("TIX_TEST_PG_URL") == NULL)
        g_error ("TIX_BENCH_ONLY=backends runs through tests/with-postgres.sh");
      bench_backends (server_path);
      return 0;
    }

  if (g_strcmp0 (only, "door") == 0)
    {
      bench_door_all (server_path);
      return 0;
    }

  /* 1 and 2 on a fresh database each round. */
  for (guint r = 0; r < ROUNDS && g_strcmp0 (only, "large") != 0; r++)
    {
      bench_start (&bench, server_path);
      bench_register (&bench, "bench@example.org");
      generate[r] = g_strcmp0 (only, "scan") == 0 ? 0 : bench_generate (&bench, 100000);
      bench_scans (&bench, 20000, 32, &rate[r], &p99[r], &ok);
      g_assert_cmpuint (ok, ==, 20000);
      /* TIX_BENCH_ONLY=rescan: the figures of scanning them all again. */
      if (g_strcmp0 (only, "rescan") == 0)
        {
          g_autoptr(GPtrArray) ids = generate_ids (&bench, 20000);

          rescan_ids = ids;
          bench_scans (&bench, 20000, 32, &rate[r], &p99[r], &ok);
          g_assert_cmpuint (ok, ==, 20000);
          bench_scans (&bench, 20000, 32, &rate[r], &p99[r], &ok);
          g_assert_cmpuint (ok, ==, 0);
          rescan_ids = NULL;
        }
      bench_stop (&bench);
      memset (&bench, 0, sizeof bench);
    }

  if (only != NULL && g_strcmp0 (only, "large") != 0)
    {
      g_print ("generate %.3f s, scan %.0f /s, p99 %.2f ms\n", median (generate, ROUNDS),
               median (rate, ROUNDS), median (p99, ROUNDS));
      return 0;
    }

  /* 4: a large organization, its tickets in LARGE_EVENTS events. */
  bench_start (&bench, server_path);
  bench_register (&bench, "large@example.org");
  per_event = large / LARGE_EVENTS;
  for (guint e = 0; e < LARGE_EVENTS; e++)
    {
      event_ids[e] = bench_make_event (&bench, e);
      bench_generate_into (&bench, event_ids[e],
                           e + 1 < LARGE_EVENTS ? per_event : large - per_event * e);
    }
  first_page = bench_read (&bench, "/api/tickets?limit=100");
  {
    g_autofree char *path = g_strdup_printf ("/api/tickets?limit=100&page=%u", large / 100);
    last_page = bench_read (&bench, path);
  }
  {
    g_autofree char *path = g_strdup_printf ("/api/tickets?limit=100&page=%u", large / 200);
    middle_page = bench_read (&bench, path);
  }
  cursor_page = bench_read (&bench, "/api/tickets?limit=100&cursor=500000");
  search = bench_read (&bench, "/api/tickets?limit=100&search=GEN-00500");
  /* Digits inside the number (the trigram index). */
  search_inside = bench_read (&bench, "/api/tickets?limit=100&search=12345");
  stats = bench_read (&bench, "/api/reports/stats");
  /* One event among them (the middle one): its stats, first and last page. */
  {
    gint64 one = event_ids[LARGE_EVENTS / 2];
    g_autofree char *path_stats = g_strdup_printf ("/api/reports/stats?event_id=%" G_GINT64_FORMAT,
                                                   one);
    g_autofree char *path_first = g_strdup_printf ("/api/tickets?limit=100&event_id=%"
                                                   G_GINT64_FORMAT, one);
    g_autofree char *path_last = g_strdup_printf ("/api/tickets?limit=100&page=%u&event_id=%"
                                                  G_GINT64_FORMAT, MAX (per_event / 100, 1), one);

    g_autofree char *path_cold = g_strdup_printf ("/api/tickets?limit=100&event_id=%"
                                                  G_GINT64_FORMAT, event_ids[LARGE_EVENTS / 2 + 1]);

    event_stats = bench_read (&bench, path_stats);
    event_first_page = bench_read (&bench, path_first);
    event_last_page = bench_read (&bench, path_last);
    event_cold_page = bench_read_once (&bench, path_cold);
  }
  season = bench_read (&bench, "/api/reports/season");
  bench_stop (&bench);

  g_print ("{\"generate_100k_s\":%.3f,\"generate_tickets_per_s\":%.0f,"
           "\"scan_20k_per_s\":%.0f,\"scan_p99_ms\":%.2f,"
           "\"large_tickets\":%u,\"first_page_ms\":%.2f,\"last_page_ms\":%.2f,"
           "\"middle_page_ms\":%.2f,\"cursor_page_ms\":%.2f,\"search_ms\":%.2f,"
           "\"search_inside_ms\":%.2f,\"stats_ms\":%.2f,\"events\":%u,"
           "\"event_stats_ms\":%.2f,\"event_first_page_ms\":%.2f,\"event_last_page_ms\":%.2f,"
           "\"event_first_page_cold_ms\":%.2f,\"season_ms\":%.2f}\n",
           median (generate, ROUNDS), 100000 / median (generate, ROUNDS),
           median (rate, ROUNDS), median (p99, ROUNDS), large, first_page, last_page,
           middle_page, cursor_page, search, search_inside, stats, LARGE_EVENTS, event_stats,
           event_first_page, event_last_page, event_cold_page, season);

  g_print ("\n%-40s %12s\n", "figure (median)", "value");
  g_print ("%-40s %10.3f s\n", "generate 100,000 (one request)", median (generate, ROUNDS));
  g_print ("%-40s %10.0f /s\n", "scan 20,000, 32 connections", median (rate, ROUNDS));
  g_print ("%-40s %10.2f ms\n", "scan p99 latency", median (p99, ROUNDS));
  g_print ("%-40s %10.2f ms\n", "first page of list", first_page);
  g_print ("%-40s %10.2f ms\n", "last page (page/limit)", last_page);
  g_print ("%-40s %10.2f ms\n", "middle page (page/limit)", middle_page);
  g_print ("%-40s %10.2f ms\n", "page by cursor", cursor_page);
  g_print ("%-40s %10.2f ms\n", "search by number", search);
  g_print ("%-40s %10.2f ms\n", "stats", stats);
  g_print ("%-40s %10.2f ms\n", "one event of 100: stats", event_stats);
  g_print ("%-40s %10.2f ms\n", "one event of 100: first page", event_first_page);
  g_print ("%-40s %10.2f ms\n", "one event of 100: last page", event_last_page);
  g_print ("%-40s %10.2f ms\n", "one event of 100: a first page, once", event_cold_page);
  g_print ("%-40s %10.2f ms\n", "season report (100 events)", season);

  bench_door_all (server_path);
  if (HAVE_POSTGRES && g_getenv ("TIX_TEST_PG_URL") != NULL)
    bench_backends (server_path);
  return 0;
}
