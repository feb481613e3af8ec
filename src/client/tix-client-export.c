/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-client"

#include "config.h"

#include "tix-client.h"
#include "tix-csv.h"
#include "tix-time.h"

/* What Tix saves as CSV: how a row of the ticket list is written, and the
 * paging that feeds the rows to a GOutputStream without holding the whole
 * list; then the rows of the reports, which are small and already loaded. */

#define EXPORT_PAGE 1000

static const char * const header[] = {
  "number", "prefix", "extra", "generated_at", "generated_local",
  "scanned_at", "scanned_local", "scanned_by", "id",
};

typedef struct
{
  GOutputStream *output;
  GTimeZone     *zone;      /* the organization's: the local times are there */
  char          *cursor;    /* the next page's, NULL before the first */
  GBytes        *pending;   /* the rows being written */
  gint64         n_written;
  gboolean       last;      /* the rows being written are the last */
} Export;

static void
export_free (Export *export)
{
  g_clear_object (&export->output);
  g_clear_pointer (&export->zone, g_time_zone_unref);
  g_free (export->cursor);
  g_clear_pointer (&export->pending, g_bytes_unref);
  g_free (export);
}

/* The time in UTC for machines, then beside it where the venue is (as a
 * spreadsheet reads a date and time) for people; both empty for 0. */
static void
append_time (GString   *csv,
             GTimeZone *zone,
             gint64     ms)
{
  g_autofree char *text = ms > 0 ? tix_time_format_iso (ms) : NULL;
  g_autofree char *local = NULL;

  if (ms > 0)
    {
      g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (ms / 1000);
      g_autoptr(GDateTime) there = g_date_time_to_timezone (utc, zone);

      local = g_date_time_format (there, "%Y-%m-%d %H:%M:%S");
    }

  tix_csv_append_field (csv, text);
  g_string_append_c (csv, ',');
  tix_csv_append_field (csv, local);
}

/* One ticket, one CSV row, in the order of header[]. */
static void
append_row (GString   *csv,
            GTimeZone *zone,
            TixTicket *ticket)
{
  tix_csv_append_field (csv, tix_ticket_get_number (ticket));
  g_string_append_c (csv, ',');
  tix_csv_append_field (csv, tix_ticket_get_prefix (ticket));
  g_string_append_c (csv, ',');
  tix_csv_append_field (csv, tix_ticket_get_extra (ticket));
  g_string_append_c (csv, ',');
  append_time (csv, zone, tix_ticket_get_generated_at (ticket));
  g_string_append_c (csv, ',');
  append_time (csv, zone, tix_ticket_get_scanned_at (ticket));
  g_string_append_c (csv, ',');
  tix_csv_append_field (csv, tix_ticket_get_scanned_by_name (ticket));
  g_string_append_c (csv, ',');
  tix_csv_append_field (csv, tix_ticket_get_id (ticket));
  g_string_append (csv, "\r\n");
}

static void read_page (GTask *task);

static void
written_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Export *export = g_task_get_task_data (task);
  GError *error = NULL;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, NULL, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  g_clear_pointer (&export->pending, g_bytes_unref);
  if (export->last)
    g_task_return_int (task, export->n_written);
  else
    read_page (task);
}

static void
page_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Export *export = g_task_get_task_data (task);
  g_autoptr(TixTicketPage) page = NULL;
  g_autoptr(GString) csv = g_string_new (NULL);
  GError *error = NULL;

  page = tix_client_list_tickets_finish (TIX_CLIENT (object), result, &error);
  if (page == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (export->cursor == NULL)
    tix_csv_append_record (csv, header, G_N_ELEMENTS (header));
  for (guint i = 0; i < page->tickets->len; i++)
    append_row (csv, export->zone, g_ptr_array_index (page->tickets, i));
  export->n_written += page->tickets->len;

  g_free (export->cursor);
  export->cursor = g_steal_pointer (&page->next_cursor);
  export->last = export->cursor == NULL || page->tickets->len == 0;

  export->pending = g_string_free_to_bytes (g_steal_pointer (&csv));
  g_output_stream_write_all_async (export->output,
                                   g_bytes_get_data (export->pending, NULL),
                                   g_bytes_get_size (export->pending),
                                   G_PRIORITY_DEFAULT, g_task_get_cancellable (task),
                                   written_cb, g_object_ref (task));
}

static void
read_page (GTask *task)
{
  TixClient *self = g_task_get_source_object (task);
  Export *export = g_task_get_task_data (task);

  tix_client_list_tickets_async (self, TIX_TICKET_FILTER_ALL, NULL, export->cursor, 1,
                                 EXPORT_PAGE, g_task_get_cancellable (task),
                                 page_cb, g_object_ref (task));
}

void
tix_client_export_tickets_async (TixClient           *self,
                                 GOutputStream       *output,
                                 GTimeZone           *zone,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Export *export;

  g_return_if_fail (TIX_IS_CLIENT (self));
  g_return_if_fail (G_IS_OUTPUT_STREAM (output));
  g_return_if_fail (zone != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tix_client_export_tickets_async);
  export = g_new0 (Export, 1);
  export->output = g_object_ref (output);
  export->zone = g_time_zone_ref (zone);
  g_task_set_task_data (task, export, (GDestroyNotify) export_free);

  read_page (task);
}

gint64
tix_client_export_tickets_finish (TixClient     *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (TIX_IS_CLIENT (self), -1);
  g_return_val_if_fail (g_task_is_valid (result, self), -1);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        tix_client_export_tickets_async, -1);

  return g_task_propagate_int (G_TASK (result), error);
}

/* The reports ------------------------------------------------------------- */

static void
append_count (GString *csv,
              gint64   value)
{
  g_string_append_printf (csv, "%" G_GINT64_FORMAT, value);
}

GBytes *
tix_client_export_period_report (const TixPeriodReport *report)
{
  g_autoptr(GString) csv = g_string_new (NULL);
  const char *report_header[] = { NULL, "generated", "scanned" };

  g_return_val_if_fail (report != NULL, NULL);

  report_header[0] = tix_report_period_get_member (report->period);
  tix_csv_append_record (csv, report_header, G_N_ELEMENTS (report_header));
  for (guint i = 0; i < report->rows->len; i++)
    {
      const TixReportRow *row = &g_array_index (report->rows, TixReportRow, i);

      tix_csv_append_field (csv, row->period);
      g_string_append_c (csv, ',');
      append_count (csv, row->generated);
      g_string_append_c (csv, ',');
      append_count (csv, row->scanned);
      g_string_append (csv, "\r\n");
    }

  return g_string_free_to_bytes (g_steal_pointer (&csv));
}

GBytes *
tix_client_export_door_report (const TixDoorReport *report,
                               GTimeZone           *zone)
{
  /* The start in UTC for machines, its time at the venue for people. */
  static const char * const door_header[] = { "interval_start", "local_time", "scans" };
  g_autoptr(GString) csv = g_string_new (NULL);

  g_return_val_if_fail (report != NULL, NULL);

  tix_csv_append_record (csv, door_header, G_N_ELEMENTS (door_header));
  for (guint i = 0; i < report->intervals->len; i++)
    {
      const TixReportRow *row = &g_array_index (report->intervals, TixReportRow, i);
      g_autofree char *local = tix_time_format_iso_in_zone (row->period, zone, "%H:%M");

      tix_csv_append_field (csv, row->period);
      g_string_append_c (csv, ',');
      tix_csv_append_field (csv, local != NULL ? local : row->period);
      g_string_append_c (csv, ',');
      append_count (csv, row->scanned);
      g_string_append (csv, "\r\n");
    }

  return g_string_free_to_bytes (g_steal_pointer (&csv));
}
