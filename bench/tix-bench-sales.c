/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-bench-sales"

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <stdio.h>
#include <string.h>

#include "tix-server-thread.h"

/* Selling at the desk (issue 19), on the embedded server (SQLite, its own
 * thread, as the app runs it):
 *
 * 1. A sale of 3 tickets, from the request to the last byte of its tickets'
 *    PDF (POST /api/orders, then GET /api/orders/:id/tickets.pdf on the
 *    80 mm roll): what a cashier waits for before the printer starts.
 * 2. Ten desks selling at once (a thread and a connection each, one shift
 *    each), each sale 2 tickets paid in cash: sales per second and the
 *    latencies (median, p99, max).
 *
 *   tix-bench-sales [SALES_ALONE [SALES_PER_DESK]] */

#define N_DESKS 10

typedef struct
{
  const char *url;
  const char *token;
  gint64      event_id;
  gint64      type_id;
  char       *station;
  guint       n_sales;
  GArray     *latencies;  /* double, ms */
  guint       failures;
} Desk;

static GBytes *
request (SoupSession  *session,
         const char   *url,
         const char   *method,
         const char   *path,
         const char   *token,
         const char   *station,
         const char   *body,
         guint        *out_status)
{
  g_autofree char *uri = g_strconcat (url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, uri);
  g_autofree char *bearer = g_strconcat ("Bearer ", token, NULL);
  g_autoptr(GError) error = NULL;
  GBytes *reply;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", bearer);
  if (station != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "X-Tix-Station",
                                  station);
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  reply = soup_session_send_and_read (session, msg, NULL, &error);
  if (reply == NULL)
    g_error ("%s %s: %s", method, path, error->message);
  *out_status = soup_message_get_status (msg);
  return reply;
}

static JsonObject *
request_json (SoupSession *session,
              const char  *url,
              const char  *method,
              const char  *path,
              const char  *token,
              const char  *station,
              const char  *body,
              guint        expect)
{
  guint status = 0;
  g_autoptr(GBytes) reply = request (session, url, method, path, token, station, body, &status);
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize length;
  const char *data = g_bytes_get_data (reply, &length);

  if (status != expect)
    g_error ("%s %s: %u, not %u: %.*s", method, path, status, expect, (int) length, data);
  if (!json_parser_load_from_data (parser, data, length, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    g_error ("%s %s: not a JSON object", method, path);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static void
print_latencies (const char *what,
                 GArray     *latencies)
{
  double *v = (double *) (gpointer) latencies->data;
  guint n = latencies->len;

  g_array_sort (latencies, compare_doubles);
  printf ("%-44s n=%u  median %.1f ms  p99 %.1f ms  max %.1f ms\n", what, n, v[n / 2],
          v[MIN (n - 1, (guint) (n * 0.99))], v[n - 1]);
}

static char *
sale_body (gint64 event_id,
           gint64 type_id,
           guint  quantity)
{
  return g_strdup_printf ("{\"event_id\":%" G_GINT64_FORMAT ",\"items\":[{\"type_id\":%"
                          G_GINT64_FORMAT ",\"quantity\":%u}],\"payment\":{\"method\":\"cash\","
                          "\"tendered\":100000}}", event_id, type_id, quantity);
}

static gpointer
desk_run (gpointer data)
{
  Desk *desk = data;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *body = sale_body (desk->event_id, desk->type_id, 2);

  for (guint i = 0; i < desk->n_sales; i++)
    {
      gint64 start = g_get_monotonic_time ();
      guint status = 0;
      g_autoptr(GBytes) reply = request (session, desk->url, "POST", "/api/orders", desk->token,
                                         desk->station, body, &status);
      double ms = (g_get_monotonic_time () - start) / 1000.0;

      if (status != 201)
        desk->failures++;
      g_array_append_val (desk->latencies, ms);
    }
  return NULL;
}

int
main (int   argc,
      char *argv[])
{
  guint n_alone = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 50;
  guint n_per_desk = argc > 2 ? (guint) g_ascii_strtoull (argv[2], NULL, 10) : 100;
  g_autofree char *dir = g_dir_make_tmp ("tix-bench-sales-XXXXXX", NULL);
  g_autofree char *db = g_build_filename (dir, "tix.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(TixServerThread) server = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(GArray) alone = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(JsonObject) type = NULL;
  g_autofree char *token = NULL;
  g_autofree char *type_path = NULL;
  TixServerOptions options;
  Desk desks[N_DESKS] = { 0 };
  GThread *threads[N_DESKS];
  const char *url;
  gint64 event_id, type_id, start;
  double seconds;
  guint failures = 0;

  tix_server_options_init (&options);
  options.fast_password_hashing = TRUE;
  server = tix_server_thread_new (db, &options, "127.0.0.1", 0, &error);
  if (server == NULL)
    g_error ("%s", error->message);
  url = tix_server_thread_get_url (server);
  token = tix_server_thread_create_local_session (server, &error);
  if (token == NULL)
    g_error ("%s", error->message);

  {
    g_autoptr(JsonObject) settings = request_json (session, url, "GET", "/api/settings", token,
                                                   NULL, NULL, 200);

    event_id = json_object_get_int_member (settings, "current_event_id");
  }
  type_path = g_strdup_printf ("/api/events/%" G_GINT64_FORMAT "/types", event_id);
  type = request_json (session, url, "POST", type_path, token, NULL,
                       "{\"name\":\"Adult\",\"price\":1500,\"prefix\":\"AD\"}", 201);
  type_id = json_object_get_int_member (type, "id");

  /* 1. One desk: the sale and its tickets' PDF. */
  {
    g_autoptr(JsonObject) shift = request_json (session, url, "POST", "/api/shifts", token,
                                                "desk-0", "{\"opening_float\":0}", 201);
    g_autofree char *body = sale_body (event_id, type_id, 3);
    g_autoptr(GArray) sale_only = g_array_new (FALSE, FALSE, sizeof (double));

    for (guint i = 0; i < n_alone + 3; i++)
      {
        gint64 t0 = g_get_monotonic_time ();
        g_autoptr(JsonObject) order = request_json (session, url, "POST", "/api/orders", token,
                                                    "desk-0", body, 201);
        gint64 t1 = g_get_monotonic_time ();
        g_autofree char *pdf_path = g_strdup_printf ("/api/orders/%" G_GINT64_FORMAT
                                                     "/tickets.pdf?layout=roll-80",
                                                     json_object_get_int_member (order, "id"));
        guint status = 0;
        g_autoptr(GBytes) pdf = request (session, url, "GET", pdf_path, token, "desk-0", NULL,
                                         &status);
        double ms = (g_get_monotonic_time () - t0) / 1000.0;
        double sale_ms = (t1 - t0) / 1000.0;

        if (status != 200 || g_bytes_get_size (pdf) < 5 ||
            memcmp (g_bytes_get_data (pdf, NULL), "%PDF-", 5) != 0)
          g_error ("GET %s: %u", pdf_path, status);
        /* The first three warm the connection, the statements and the fonts. */
        if (i >= 3)
          {
            g_array_append_val (alone, ms);
            g_array_append_val (sale_only, sale_ms);
          }
      }
    print_latencies ("sale of 3 (POST /api/orders)", sale_only);
    print_latencies ("sale of 3 + its tickets' PDF (roll-80)", alone);
  }

  /* 2. Ten desks at once. */
  for (guint i = 0; i < N_DESKS; i++)
    {
      g_autoptr(JsonObject) shift = NULL;

      desks[i].url = url;
      desks[i].token = token;
      desks[i].event_id = event_id;
      desks[i].type_id = type_id;
      desks[i].station = g_strdup_printf ("desk-%u", i + 1);
      desks[i].n_sales = n_per_desk;
      desks[i].latencies = g_array_new (FALSE, FALSE, sizeof (double));
      shift = request_json (session, url, "POST", "/api/shifts", token, desks[i].station,
                            "{\"opening_float\":0}", 201);
    }
  start = g_get_monotonic_time ();
  for (guint i = 0; i < N_DESKS; i++)
    threads[i] = g_thread_new ("desk", desk_run, &desks[i]);
  for (guint i = 0; i < N_DESKS; i++)
    {
      g_thread_join (threads[i]);
      g_array_append_vals (all, desks[i].latencies->data, desks[i].latencies->len);
      failures += desks[i].failures;
      g_array_unref (desks[i].latencies);
      g_free (desks[i].station);
    }
  seconds = (g_get_monotonic_time () - start) / 1e6;
  printf ("%u desks × %u sales of 2: %.0f sales/s (%.2f s, %u failed)\n", N_DESKS, n_per_desk,
          N_DESKS * n_per_desk / seconds, seconds, failures);
  print_latencies ("a sale, with 10 desks selling", all);

  tix_server_thread_stop (server);
  g_clear_object (&server);
  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    const char *name;

    while (d != NULL && (name = g_dir_read_name (d)) != NULL)
      {
        g_autofree char *path = g_build_filename (dir, name, NULL);

        g_remove (path);
      }
    g_rmdir (dir);
  }
  return failures == 0 ? 0 : 1;
}
