/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The ticket list as CSV, written to a GOutputStream by the client alone;
 * the reports as CSV. */
#define G_LOG_DOMAIN "test-client-export"

#include "config.h"

#include <string.h>

#include "tix-client.h"
#include "tix-csv.h"
#include "tix-test-util.h"
#include "tix-time.h"

#define EMAIL    "export@example.com"
#define PASSWORD "correct horse battery"

typedef struct
{
  TixTestServer *server;
  TixClient     *client;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TixUser) user = NULL;

  fixture->server = tix_test_server_new ();
  fixture->client = tix_client_new (fixture->server->url);
  tix_client_register_async (fixture->client, EMAIL, PASSWORD, "Desk", "Export Org", NULL,
                             tix_test_store_result, &result);
  user = tix_client_register_finish (fixture->client, tix_test_wait_result (&result), &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_assert_finalize_object (g_steal_pointer (&fixture->client));
  g_clear_pointer (&fixture->server, tix_test_server_free);
}

static GPtrArray *
generate (Fixture    *fixture,
          guint       count,
          const char *prefix,
          const char *extra)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *tickets;

  tix_client_generate_async (fixture->client, count, prefix, extra, NULL,
                             tix_test_store_result, &result);
  tickets = tix_client_generate_finish (fixture->client, tix_test_wait_result (&result), &error);
  g_assert_no_error (error);
  return tickets;
}

/* Exports into memory; returns the records. */
static GPtrArray *
export (Fixture    *fixture,
        const char *zone_name,
        gint64      expect_written)
{
  g_autoptr(GOutputStream) output = g_memory_output_stream_new_resizable ();
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier (zone_name);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  GPtrArray *records;

  g_assert_nonnull (zone);
  tix_client_export_tickets_async (fixture->client, output, zone, NULL,
                                   tix_test_store_result, &result);
  g_assert_cmpint (tix_client_export_tickets_finish (fixture->client,
                                                     tix_test_wait_result (&result), &error),
                   ==, expect_written);
  g_assert_no_error (error);

  /* Left open for the caller. */
  g_assert_false (g_output_stream_is_closed (output));
  g_assert_true (g_output_stream_close (output, NULL, &error));
  bytes = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (output));
  records = tix_csv_parse (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error);
  g_assert_no_error (error);
  return records;
}

static const char *
field (GPtrArray *records,
       guint      record,
       guint      column)
{
  char **fields = g_ptr_array_index (records, record);

  g_assert_cmpuint (g_strv_length (fields), ==, 9);
  return fields[column];
}

/* A header and a row a ticket, newest first; times in UTC and in the zone;
 * a field with a comma or a quote comes back whole. */
static void
test_rows (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GPtrArray) plain = generate (fixture, 2, "GA", NULL);
  g_autoptr(GPtrArray) quoted = generate (fixture, 1, "VIP", "Row \"A\", seat 1");
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(TixTicket) scanned = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  TixTicket *newest = g_ptr_array_index (quoted, 0);
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) there = NULL;
  g_autoptr(GTimeZone) kolkata = g_time_zone_new_identifier ("Asia/Kolkata");
  g_autofree char *iso = NULL;
  g_autofree char *local = NULL;

  tix_client_scan_code_async (fixture->client, tix_ticket_get_code (newest), NULL, NULL,
                              tix_test_store_result, &result);
  g_assert_true (tix_client_scan_code_finish (fixture->client, tix_test_wait_result (&result),
                                              &scanned, &error));
  g_assert_no_error (error);

  records = export (fixture, "Asia/Kolkata", 3);
  g_assert_cmpuint (records->len, ==, 4);
  {
    const char *expected[] = { "number", "prefix", "extra", "generated_at", "generated_local",
                               "scanned_at", "scanned_local", "scanned_by", "id", NULL };

    g_assert_cmpstrv ((const char * const *) g_ptr_array_index (records, 0), expected);
  }

  g_assert_cmpstr (field (records, 1, 0), ==, "VIP-000001");
  g_assert_cmpstr (field (records, 1, 1), ==, "VIP");
  g_assert_cmpstr (field (records, 1, 2), ==, "Row \"A\", seat 1");
  g_assert_cmpstr (field (records, 1, 8), ==, tix_ticket_get_id (newest));
  g_assert_cmpstr (field (records, 1, 7), ==, tix_ticket_get_scanned_by_name (scanned));

  iso = tix_time_format_iso (tix_ticket_get_scanned_at (scanned));
  utc = g_date_time_new_from_unix_utc (tix_ticket_get_scanned_at (scanned) / 1000);
  there = g_date_time_to_timezone (utc, kolkata);
  local = g_date_time_format (there, "%Y-%m-%d %H:%M:%S");
  g_assert_cmpstr (field (records, 1, 5), ==, iso);
  g_assert_cmpstr (field (records, 1, 6), ==, local);
  g_assert_true (g_str_has_suffix (field (records, 1, 3), "Z"));
  g_assert_cmpuint (strlen (field (records, 1, 4)), ==, strlen ("2026-01-01 00:00:00"));

  /* Not scanned: the scan's fields are empty. */
  g_assert_cmpstr (field (records, 2, 0), ==, "GA-000002");
  g_assert_cmpstr (field (records, 2, 2), ==, "");
  g_assert_cmpstr (field (records, 2, 5), ==, "");
  g_assert_cmpstr (field (records, 2, 6), ==, "");
  g_assert_cmpstr (field (records, 2, 7), ==, "");
  g_assert_cmpstr (field (records, 3, 0), ==, "GA-000001");
}

/* More than a page (1000): every ticket once, in order, across pages. */
static void
test_pages (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GPtrArray) tickets = generate (fixture, 2100, "BIG", NULL);
  g_autoptr(GPtrArray) records = export (fixture, "UTC", 2100);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_cmpuint (records->len, ==, 2101);
  for (guint i = 1; i < records->len; i++)
    {
      g_autofree char *number = g_strdup_printf ("BIG-%06u", 2101 - i);

      g_assert_cmpstr (field (records, i, 0), ==, number);
      g_assert_true (g_hash_table_add (seen, (gpointer) field (records, i, 8)));
    }
}

/* No tickets: the header alone. */
static void
test_empty (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GPtrArray) records = export (fixture, "UTC", 0);

  g_assert_cmpuint (records->len, ==, 1);
  g_assert_cmpstr (field (records, 0, 0), ==, "number");
}

/* Cancelled: an error, and nothing said to be written. */
static void
test_cancelled (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GPtrArray) tickets = generate (fixture, 5, "CAN", NULL);
  g_autoptr(GOutputStream) output = g_memory_output_stream_new_resizable ();
  g_autoptr(GTimeZone) zone = g_time_zone_new_utc ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  tix_client_export_tickets_async (fixture->client, output, zone, cancellable,
                                   tix_test_store_result, &result);
  g_cancellable_cancel (cancellable);
  g_assert_cmpint (tix_client_export_tickets_finish (fixture->client,
                                                     tix_test_wait_result (&result), &error),
                   ==, -1);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* A stream that refuses: its error comes back. */
static void
test_write_fails (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GPtrArray) tickets = generate (fixture, 2, "ERR", NULL);
  g_autoptr(GOutputStream) output = g_memory_output_stream_new_resizable ();
  g_autoptr(GTimeZone) zone = g_time_zone_new_utc ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_output_stream_close (output, NULL, NULL));
  tix_client_export_tickets_async (fixture->client, output, zone, NULL,
                                   tix_test_store_result, &result);
  g_assert_cmpint (tix_client_export_tickets_finish (fixture->client,
                                                     tix_test_wait_result (&result), &error),
                   ==, -1);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CLOSED);
}

static char *
bytes_text (GBytes *bytes)
{
  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

/* A report's rows as loaded, a period's member first; the door's intervals
 * with their time where the venue is. Nothing to load: no server. */
static void
test_reports (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(TixPeriodReport) weekly = NULL;
  g_autoptr(TixDoorReport) door = NULL;
  g_autoptr(GTimeZone) berlin = g_time_zone_new_identifier ("Europe/Berlin");
  g_autoptr(GBytes) csv = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  g_assert_true (json_parser_load_from_data (parser,
                                             "[{\"week\": \"2026-W48\", \"generated\": 1200, \"scanned\": 3},"
                                             " {\"week\": \"2026-W47\", \"generated\": 0, \"scanned\": 0}]",
                                             -1, &error));
  weekly = tix_period_report_new_from_json (TIX_REPORT_WEEKLY,
                                            json_node_get_array (json_parser_get_root (parser)),
                                            &error);
  g_assert_no_error (error);
  csv = tix_client_export_period_report (weekly);
  text = bytes_text (csv);
  g_assert_cmpstr (text, ==, "week,generated,scanned\r\n2026-W48,1200,3\r\n2026-W47,0,0\r\n");
  g_clear_pointer (&csv, g_bytes_unref);
  g_clear_pointer (&text, g_free);

  g_assert_true (json_parser_load_from_data (parser,
                                             "{\"date\": \"2026-11-28\", \"interval_minutes\": 10, \"scanned\": 2,"
                                             " \"buckets\": [{\"start\": \"2026-11-28T18:30:00Z\", \"scanned\": 2},"
                                             "                {\"start\": \"2026-11-28T18:40:00Z\", \"scanned\": 0}]}",
                                             -1, &error));
  door = tix_door_report_new_from_json (json_node_get_object (json_parser_get_root (parser)),
                                        &error);
  g_assert_no_error (error);
  g_assert_cmpuint (door->intervals->len, ==, 2);
  csv = tix_client_export_door_report (door, berlin);
  text = bytes_text (csv);
  g_assert_cmpstr (text, ==, "interval_start,local_time,scans\r\n"
                             "2026-11-28T18:30:00Z,19:30,2\r\n"
                             "2026-11-28T18:40:00Z,19:40,0\r\n");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, test) \
  g_test_add (path, Fixture, NULL, fixture_set_up, test, fixture_tear_down)

  ADD ("/tix/client/export/rows", test_rows);
  ADD ("/tix/client/export/pages", test_pages);
  ADD ("/tix/client/export/empty", test_empty);
  ADD ("/tix/client/export/cancelled", test_cancelled);
  ADD ("/tix/client/export/write-fails", test_write_fails);
  g_test_add_func ("/tix/client/export/reports", test_reports);

#undef ADD

  return g_test_run ();
}
