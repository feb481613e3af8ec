/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-bench-sheet"

#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <sys/resource.h>
#include <time.h>

#include "tix-sheet.h"
#include "tix-sheet-writer.h"
#include "tix-ticket-code.h"

/* Renders ticket sheets of N tickets (10,000 by default) to PDF files, one
 * per layout, through the streaming writer, as the app's export and the
 * server's sheet.pdf do. Tickets are made (and signed) one at a time as the
 * writer asks, so memory shows what the writer holds, not the input. Prints
 * the time and the peak resident memory of the process after each layout.
 *
 *   tix-bench-sheet [N [LAYOUT…]] */

/* User and system time of the process so far: on a shared machine, what the
 * work itself costs, whatever else runs on the cores. */
static double
cpu_seconds (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
         (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

/* CPU time of this thread only: the drawing thread, the critical path when
 * the QR codes are encoded on the writer's second thread. */
static double
thread_cpu_seconds (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double
peak_rss_mib (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024.0;   /* kilobytes on Linux */
}

int
main (int   argc,
      char *argv[])
{
  const char *default_layouts[] = { "a4-3x7", "a4-2x4", "letter-3x7", "roll-80", NULL };
  guint8 public_key[TIX_TICKET_CODE_PUBLIC_KEY_BYTES];
  guint8 secret_key[TIX_TICKET_CODE_SECRET_KEY_BYTES];
  const char * const *layouts = default_layouts;
  g_autofree char *dir = NULL;
  guint count = 10000;
  gint64 now = g_get_real_time () / 1000;

  if (argc > 1)
    count = (guint) g_ascii_strtoull (argv[1], NULL, 10);
  if (argc > 2)
    layouts = (const char * const *) argv + 2;
  if (count == 0)
    {
      fprintf (stderr, "usage: %s [N [LAYOUT…]]\n", argv[0]);
      return 2;
    }

  tix_ticket_code_init ();
  tix_ticket_code_new_keys (public_key, secret_key);
  dir = g_dir_make_tmp ("tix-bench-sheet-XXXXXX", NULL);

  printf ("%-11s %8s %8s %10s %10s %10s %10s %12s\n", "layout", "tickets", "pages", "seconds",
          "CPU s", "drawing s", "PDF MiB", "peak RSS MiB");

  for (guint l = 0; layouts[l] != NULL; l++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(TixSheet) sheet = tix_sheet_new (layouts[l], &error);
      g_autofree char *path = NULL;
      g_autoptr(GFile) file = NULL;
      g_autoptr(GFileOutputStream) stream = NULL;
      g_autoptr(TixSheetWriter) writer = NULL;
      g_autoptr(GFileInfo) info = NULL;
      gint64 start;
      double seconds, cpu_start, thread_start;

      if (sheet == NULL)
        {
          fprintf (stderr, "%s\n", error->message);
          return 1;
        }
      tix_sheet_set_organization_name (sheet, "Théâtre de la Ville");
      tix_sheet_set_event_name (sheet, "Winter concert — Großer Saal");
      tix_sheet_set_event_date (sheet, "2026-12-31");
      tix_sheet_set_time_zone (sheet, "Europe/Paris");

      path = g_strdup_printf ("%s/%s.pdf", dir, layouts[l]);
      file = g_file_new_for_path (path);
      stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, &error);
      g_assert_no_error (error);
      writer = tix_sheet_writer_new (sheet, G_OUTPUT_STREAM (stream));

      start = g_get_monotonic_time ();
      cpu_start = cpu_seconds ();
      thread_start = thread_cpu_seconds ();
      for (guint i = 0; i < count; i++)
        {
          g_autofree char *id = g_uuid_string_random ();
          g_autofree char *number = g_strdup_printf ("VIP-%06u", i + 1);
          g_autofree char *code = tix_ticket_code_encode (id, 1, secret_key);
          g_autoptr(TixTicket) ticket = tix_ticket_new (id, number, "VIP", "Balcony, row 2",
                                                        now, 1, 1);

          tix_ticket_set_code (ticket, code);
          if (!tix_sheet_writer_add (writer, ticket, NULL, &error))
            break;
        }
      if (error == NULL)
        tix_sheet_writer_close (writer, NULL, &error);
      if (error == NULL)
        g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, &error);
      seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
      if (error != NULL)
        {
          fprintf (stderr, "%s: %s\n", layouts[l], error->message);
          return 1;
        }

      info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, 0, NULL, NULL);
      printf ("%-11s %8u %8u %10.2f %10.2f %10.2f %10.1f %12.1f\n", layouts[l], count,
              tix_sheet_writer_get_n_pages (writer), seconds, cpu_seconds () - cpu_start,
              thread_cpu_seconds () - thread_start,
              info ? g_file_info_get_size (info) / (1024.0 * 1024.0) : 0.0, peak_rss_mib ());
      fflush (stdout);
      g_file_delete (file, NULL, NULL);
    }

  g_rmdir (dir);
  return 0;
}
