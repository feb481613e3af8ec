/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tix-bench-sync: what a door station downloads to scan offline. The whole
 * GET /api/sync of an organization of N tickets (pages of 5,000, as the
 * client asks), once plain and once with Accept-Encoding: gzip: bytes on the
 * wire (headers and bodies as received), seconds, and the CPU seconds of the
 * server and of this client (steadier than the clock on a shared machine).
 * TIX_BENCH_PARSE=1 adds runs that parse each page with json-glib as a
 * station does. Not a test: it never fails on a figure. See
 * docs/benchmarks.md.
 *
 *   tix-bench-sync [TIX-SERVER [TICKETS]]   (default 1,000,000 tickets)
 *
 * TIX_BENCH_ADDRESS: the address the server listens on and is asked at
 * (default 127.0.0.1); bench/tix-bench-sync-link.sh sets it to run the same
 * over a link of a given speed.
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#define ROUNDS    3
#define PAGE      5000
#define GENERATE  100000

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

/* One request; the reply parsed. */
static JsonNode *
request (SoupSession *session,
         const char  *url,
         const char  *method,
         const char  *token,
         const char  *body,
         guint64     *wire)
{
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  SoupMessageMetrics *metrics;
  gsize length = 0;
  const char *data;

  soup_message_add_flags (msg, SOUP_MESSAGE_COLLECT_METRICS);
  if (token != NULL)
    {
      g_autofree char *bearer = g_strconcat ("Bearer ", token, NULL);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                    bearer);
    }
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }

  reply = soup_session_send_and_read (session, msg, NULL, &error);
  if (reply == NULL)
    g_error ("%s %s: %s", method, url, error->message);
  if (soup_message_get_status (msg) >= 300)
    g_error ("%s %s: HTTP %u", method, url, soup_message_get_status (msg));

  metrics = soup_message_get_metrics (msg);
  if (wire != NULL && metrics != NULL)
    *wire += soup_message_metrics_get_response_header_bytes_received (metrics) +
             soup_message_metrics_get_response_body_bytes_received (metrics);

  data = g_bytes_get_data (reply, &length);
  if (!json_parser_load_from_data (parser, data, (gssize) length, &error))
    g_error ("%s %s: not JSON: %s", method, url, error->message);
  return json_node_ref (json_parser_get_root (parser));
}

/* One page, as bytes (decoded when it came gzip-compressed). */
static GBytes *
fetch (SoupSession *session,
       const char  *url,
       const char  *token,
       guint64     *wire)
{
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autofree char *bearer = g_strconcat ("Bearer ", token, NULL);
  g_autoptr(GError) error = NULL;
  SoupMessageMetrics *metrics;
  GBytes *reply;

  soup_message_add_flags (msg, SOUP_MESSAGE_COLLECT_METRICS);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", bearer);
  reply = soup_session_send_and_read (session, msg, NULL, &error);
  if (reply == NULL)
    g_error ("GET %s: %s", url, error->message);
  if (soup_message_get_status (msg) != 200)
    g_error ("GET %s: HTTP %u", url, soup_message_get_status (msg));
  metrics = soup_message_get_metrics (msg);
  *wire += soup_message_metrics_get_response_header_bytes_received (metrics) +
           soup_message_metrics_get_response_body_bytes_received (metrics);
  return reply;
}

/* The whole sync: pages until "more" is false. With @parse each page is
 * read by json-glib as a station does; without, only its tail ("next" and
 * "more" come last), which shows the transfer alone. */
static void
full_sync (SoupSession *session,
           const char  *base,
           const char  *token,
           guint        expected,
           gboolean     parse,
           guint64     *out_wire,
           double      *out_seconds)
{
  gint64 start = g_get_monotonic_time ();
  guint64 wire = 0;
  gint64 since = 0;
  guint seen = 0;
  gboolean more = TRUE;

  while (more)
    {
      g_autofree char *url = g_strdup_printf ("%s/api/sync?since=%" G_GINT64_FORMAT "&limit=%d",
                                              base, since, PAGE);
      g_autoptr(GBytes) page = fetch (session, url, token, &wire);
      gsize length = 0;
      const char *data = g_bytes_get_data (page, &length);

      if (parse)
        {
          g_autoptr(JsonParser) parser = json_parser_new_immutable ();
          g_autoptr(GError) error = NULL;
          JsonObject *object;

          if (!json_parser_load_from_data (parser, data, (gssize) length, &error))
            g_error ("GET %s: not JSON: %s", url, error->message);
          object = json_node_get_object (json_parser_get_root (parser));
          seen += json_array_get_length (json_object_get_array_member (object, "changes"));
          since = json_object_get_int_member (object, "next");
          more = json_object_get_boolean_member (object, "more");
        }
      else
        {
          g_autofree char *text = g_strndup (data, length);
          const char *tail = g_strrstr (text, "],\"next\":");

          if (tail == NULL || !g_str_has_suffix (text, "}"))
            g_error ("GET %s: not a sync page", url);
          since = g_ascii_strtoll (tail + strlen ("],\"next\":"), NULL, 10);
          more = strstr (tail, "\"more\":true") != NULL;
          /* Each change is one object with one "id". */
          for (const char *p = text; (p = strstr (p, "{\"id\":")) != NULL; p++)
            seen++;
        }
    }

  if (seen != expected)
    g_error ("the sync brought %u changes, not %u", seen, expected);
  *out_wire = wire;
  *out_seconds = (g_get_monotonic_time () - start) / 1e6;
}

/* CPU seconds (user and system) of the server process and of this one: on a
 * shared machine steadier than the wall clock. */
static double
process_cpu (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", (int) pid);
  g_autofree char *text = NULL;
  g_auto(GStrv) fields = NULL;
  const char *end;

  if (!g_file_get_contents (path, &text, NULL, NULL) || (end = strrchr (text, ')')) == NULL)
    return 0;
  /* After "pid (comm)": state is field 3; utime and stime are 14 and 15. */
  fields = g_strsplit (end + 2, " ", 0);
  if (g_strv_length (fields) < 13)
    return 0;
  return (g_ascii_strtod (fields[11], NULL) + g_ascii_strtod (fields[12], NULL)) /
         sysconf (_SC_CLK_TCK);
}

static double
own_cpu (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 +
         usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

int
main (int   argc,
      char *argv[])
{
  const char *server_path = argc > 1 ? argv[1] : "build/src/tix-server";
  guint tickets = argc > 2 ? (guint) g_ascii_strtoull (argv[2], NULL, 10) : 1000000;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) server = NULL;
  g_autoptr(SoupSession) plain = NULL;
  g_autoptr(SoupSession) gzip = NULL;
  g_autoptr(JsonNode) session_reply = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *db = NULL;
  g_autofree char *port = NULL;
  g_autofree char *base = NULL;
  g_autofree char *url = NULL;
  g_autofree char *token = NULL;
  struct
  {
    const char  *name;
    SoupSession *session;
    gboolean     parse;
    guint64      wire;
    double       seconds[ROUNDS];
    double       server_cpu;
    double       client_cpu;
  } runs[] = {
    { "plain", NULL, FALSE }, { "gzip", NULL, FALSE },
    { "plain, parsed", NULL, TRUE }, { "gzip, parsed", NULL, TRUE },
  };
  /* tix-bench-sync-link.sh: the server on the other end of a slower link. */
  const char *address = g_getenv ("TIX_BENCH_ADDRESS") ? g_getenv ("TIX_BENCH_ADDRESS")
                                                       : "127.0.0.1";
  gboolean up = FALSE;
  guint n_runs = g_getenv ("TIX_BENCH_PARSE") != NULL ? 4 : 2;
  GPid pid;

  dir = g_dir_make_tmp ("tix-bench-sync-XXXXXX", &error);
  g_assert_no_error (error);
  db = g_build_filename (dir, "tix.db", NULL);
  port = g_strdup_printf ("%u", free_port ());
  base = g_strconcat ("http://", address, ":", port, NULL);
  server = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error, server_path,
                             "--db", db, "--port", port, "--bind", address, "--quiet", NULL);
  g_assert_no_error (error);

  /* Without a content decoder a session sends no Accept-Encoding: the
   * answers come as they are. */
  plain = soup_session_new_with_options ("timeout", 300, NULL);
  soup_session_remove_feature_by_type (plain, SOUP_TYPE_CONTENT_DECODER);
  gzip = soup_session_new_with_options ("timeout", 300, NULL);
  if (!soup_session_has_feature (gzip, SOUP_TYPE_CONTENT_DECODER))
    soup_session_add_feature_by_type (gzip, SOUP_TYPE_CONTENT_DECODER);

  url = g_strconcat (base, "/health", NULL);
  for (int i = 0; i < 200 && !up; i++)
    {
      g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
      g_autoptr(GBytes) reply = soup_session_send_and_read (plain, msg, NULL, NULL);

      up = reply != NULL && soup_message_get_status (msg) == 200;
      if (!up)
        g_usleep (50 * 1000);
    }
  if (!up)
    g_error ("tix-server did not start");

  g_free (url);
  url = g_strconcat (base, "/api/auth/register", NULL);
  session_reply = request (plain, url, "POST", NULL,
                           "{\"email\":\"sync@example.org\",\"password\":\"benchmark!\","
                           "\"name\":\"Bench\"}", NULL);
  token = g_strdup (json_object_get_string_member (json_node_get_object (session_reply),
                                                   "token"));

  g_free (url);
  url = g_strconcat (base, "/api/tickets/generate", NULL);
  for (guint made = 0; made < tickets; made += GENERATE)
    {
      g_autofree char *body = g_strdup_printf ("{\"count\":%u,\"prefix\":\"GEN\"}",
                                               MIN (GENERATE, tickets - made));
      g_autoptr(JsonNode) reply = request (gzip, url, "POST", token, body, NULL);
    }

  runs[0].session = runs[2].session = plain;
  runs[1].session = runs[3].session = gzip;
  pid = (GPid) g_ascii_strtoll (g_subprocess_get_identifier (server), NULL, 10);

  /* Alternating, so a busy moment of the machine does not fall on one kind. */
  for (guint r = 0; r < ROUNDS; r++)
    for (guint k = 0; k < n_runs; k++)
      {
        double server_before = process_cpu (pid), client_before = own_cpu ();

        full_sync (runs[k].session, base, token, tickets, runs[k].parse, &runs[k].wire,
                   &runs[k].seconds[r]);
        runs[k].server_cpu += (process_cpu (pid) - server_before) / ROUNDS;
        runs[k].client_cpu += (own_cpu () - client_before) / ROUNDS;
      }

  g_print ("full GET /api/sync of %u tickets (pages of %d), median of %d\n", tickets, PAGE,
           ROUNDS);
  g_print ("%-16s %14s %10s %12s %12s\n", "answers", "on the wire", "seconds",
           "server CPU", "client CPU");
  for (guint k = 0; k < n_runs; k++)
    {
      qsort (runs[k].seconds, ROUNDS, sizeof (double), compare_doubles);
      g_print ("%-16s %11.1f MB %8.2f s %10.2f s %10.2f s\n", runs[k].name, runs[k].wire / 1e6,
               runs[k].seconds[ROUNDS / 2], runs[k].server_cpu, runs[k].client_cpu);
    }

  g_subprocess_send_signal (server, SIGTERM);
  g_subprocess_wait (server, NULL, NULL);
  {
    g_autofree char *wal = g_strconcat (db, "-wal", NULL);
    g_autofree char *shm = g_strconcat (db, "-shm", NULL);

    g_unlink (db);
    g_unlink (wal);
    g_unlink (shm);
    g_rmdir (dir);
  }
  return 0;
}
