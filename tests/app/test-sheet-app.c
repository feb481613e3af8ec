/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-sheet-app"

#include "config.h"

#include <glib/gstdio.h>
#include <gtk/gtkunixprint.h>

#include "sheet-test-util.h"
#include "tix-app-test-util.h"
#include "tix-client.h"
#include "tix-desk-printer.h"
#include "tix-desk-printer-group.h"
#include "tix-generate-view.h"
#include "tix-resources.h"
#include "tix-sheet-job.h"
#include "tix-sheet-preview.h"
#include "tix-test-util.h"

#define PASSWORD "correct horse battery"

typedef struct
{
  TixTestServer *server;
  TixClient     *client;
  GPtrArray     *tickets;   /* 24 TixTicket, as generate answered */
  char          *dir;
} Fixture;

static void
store_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) generated = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TixUser) user = NULL;

  f->server = tix_test_server_new ();
  f->client = tix_client_new (f->server->url);
  tix_client_register_async (f->client, "anna@example.com", PASSWORD, "Anna", "Box office",
                             NULL, store_result_cb, &result);
  TIX_APP_TEST_WAIT (result != NULL, 30);
  user = tix_client_register_finish (f->client, result, &error);
  g_assert_no_error (error);

  tix_client_generate_async (f->client, 24, "VIP", "Balcony", NULL, store_result_cb, &generated);
  TIX_APP_TEST_WAIT (generated != NULL, 30);
  f->tickets = tix_client_generate_finish (f->client, generated, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (f->tickets->len, ==, 24);

  f->dir = g_dir_make_tmp ("tix-sheet-app-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  tix_test_remove_tree (f->dir);
  g_free (f->dir);
  g_clear_pointer (&f->tickets, g_ptr_array_unref);
  g_assert_finalize_object (g_steal_pointer (&f->client));
  g_clear_pointer (&f->server, tix_test_server_free);
}

/* The codes in @pdf_path are exactly those of f->tickets[first, first + n). */
static void
assert_pdf_codes (Fixture    *f,
                  const char *pdf_path,
                  guint       first,
                  guint       n)
{
  g_autoptr(GHashTable) expected = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) payloads = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (pdf_path, &contents, &length, &error));
  g_assert_no_error (error);
  pdf = g_bytes_new_take (g_steal_pointer (&contents), length);
  g_assert_cmpmem (g_bytes_get_data (pdf, NULL), 5, "%PDF-", 5);

  for (guint i = first; i < first + n; i++)
    g_hash_table_add (expected, (gpointer) tix_ticket_get_code (g_ptr_array_index (f->tickets, i)));

  payloads = tix_sheet_test_decode_pdf (pdf, NULL);
  for (guint i = 0; i < payloads->len; i++)
    {
      g_assert_true (g_hash_table_contains (expected, g_ptr_array_index (payloads, i)));
      g_assert_true (g_hash_table_add (seen, g_ptr_array_index (payloads, i)));
    }
  g_assert_cmpuint (g_hash_table_size (seen), ==, n);
}

static gboolean
export (TixSheetJob   *job,
        GFile         *file,
        GCancellable  *cancellable,
        GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  tix_sheet_job_write_pdf_async (job, file, cancellable, store_result_cb, &result);
  TIX_APP_TEST_WAIT (result != NULL, 60);
  return tix_sheet_job_write_pdf_finish (job, result, error);
}

/* The tickets view's path: every ticket of a query, fetched by the job. */
static void
test_export_query (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(TixSheetJob) job = tix_sheet_job_new (f->client);
  g_autofree char *path = g_build_filename (f->dir, "all.pdf", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;

  tix_sheet_job_set_query (job, TIX_TICKET_FILTER_NOT_SCANNED, "vip");
  g_assert_true (export (job, file, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (tix_sheet_job_get_progress (job), ==, 1.0);
  g_assert_cmpuint (tix_sheet_job_get_tickets (job)->len, ==, 24);
  /* In number order, and with the organization's layout (a4-3x7). */
  g_assert_cmpstr (tix_ticket_get_number (g_ptr_array_index (tix_sheet_job_get_tickets (job), 0)),
                   ==, "VIP-000001");
  g_assert_cmpstr (tix_sheet_get_layout (tix_sheet_job_get_sheet (job)), ==, "a4-3x7");
  assert_pdf_codes (f, path, 0, 24);
}

/* The generate view's path: the tickets given. */
static void
test_export_tickets (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(TixSheetJob) job = tix_sheet_job_new (f->client);
  g_autofree char *path = g_build_filename (f->dir, "three.pdf", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GPtrArray) three = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;

  for (guint i = 5; i < 8; i++)
    g_ptr_array_add (three, g_ptr_array_index (f->tickets, i));
  tix_sheet_job_set_tickets (job, three);
  g_assert_true (export (job, file, NULL, &error));
  g_assert_no_error (error);
  assert_pdf_codes (f, path, 5, 3);
}

/* Nothing to print: a clear error and no file; a cancelled export leaves
 * the file that was there. */
static void
test_export_empty_and_cancel (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(TixSheetJob) job = tix_sheet_job_new (f->client);
  g_autofree char *path = g_build_filename (f->dir, "none.pdf", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;

  tix_sheet_job_set_query (job, TIX_TICKET_FILTER_SCANNED, NULL);
  g_assert_false (export (job, file, NULL, &error));
  g_assert_error (error, TIX_SHEET_ERROR, TIX_SHEET_ERROR_EMPTY);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (path, "before", -1, NULL));
  tix_sheet_job_set_query (job, TIX_TICKET_FILTER_ALL, NULL);
  g_cancellable_cancel (cancellable);
  g_assert_false (export (job, file, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "before");
}

/* The print path: GtkPrintOperation drawing page by page through the sheet
 * library, exported to PDF (as "Print to File" does); every code scans. */
static void
test_print_operation (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(TixSheetJob) job = tix_sheet_job_new (f->client);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GtkPrintOperation) operation = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "printed.pdf", NULL);

  tix_sheet_job_set_query (job, TIX_TICKET_FILTER_ALL, NULL);
  tix_sheet_job_prepare_async (job, NULL, store_result_cb, &result);
  TIX_APP_TEST_WAIT (result != NULL, 30);
  g_assert_true (tix_sheet_job_prepare_finish (job, result, &error));
  g_assert_no_error (error);

  operation = tix_sheet_job_new_print_operation (job);
  gtk_print_operation_set_export_filename (operation, path);
  g_assert_cmpint (gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_EXPORT, NULL,
                                            &error), ==, GTK_PRINT_OPERATION_RESULT_APPLY);
  g_assert_no_error (error);
  assert_pdf_codes (f, path, 0, 24);
}

/* The preview draws every page; a screenshot of it for the docs. */
static void
test_preview (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(TixSheetJob) job = tix_sheet_job_new (f->client);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *shot_dir = NULL;
  g_autofree char *shot = NULL;
  TixSheetPreview *preview;

  tix_sheet_job_set_tickets (job, f->tickets);
  tix_sheet_job_prepare_async (job, NULL, store_result_cb, &result);
  TIX_APP_TEST_WAIT (result != NULL, 30);
  g_assert_true (tix_sheet_job_prepare_finish (job, result, &error));
  g_assert_no_error (error);

  preview = tix_sheet_preview_new (tix_sheet_job_get_sheet (job), tix_sheet_job_get_tickets (job));
  g_assert_cmpuint (tix_sheet_preview_get_n_pages (preview), ==, 2);
  gtk_window_set_default_size (GTK_WINDOW (preview), 640, 760);
  gtk_window_present (GTK_WINDOW (preview));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (preview));
  tix_app_test_spin (200);

  shot_dir = g_strdup (g_getenv ("TIX_SCREENSHOT_DIR"));
  if (shot_dir == NULL)
    shot_dir = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ? g_getenv ("G_TEST_BUILDDIR") : ".",
                                 "screenshots", NULL);
  g_mkdir_with_parents (shot_dir, 0755);
  shot = g_build_filename (shot_dir, "print-preview.png", NULL);
  g_assert_true (tix_app_test_save_png (GTK_WIDGET (preview), shot, &error));
  g_assert_no_error (error);
  g_test_message ("screenshot: %s", shot);

  gtk_window_destroy (GTK_WINDOW (preview));
}

static TixSheetPreview *
find_sheet_preview (void)
{
  g_autoptr(GListModel) toplevels = NULL;

  toplevels = g_object_ref (gtk_window_get_toplevels ());
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (TIX_IS_SHEET_PREVIEW (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return TIX_SHEET_PREVIEW (window);
    }
  return NULL;
}

static GtkDialog *
find_print_dialog (void)
{
  g_autoptr(GListModel) toplevels = NULL;

  toplevels = g_object_ref (gtk_window_get_toplevels ());
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (GTK_IS_PRINT_UNIX_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return GTK_DIALOG (window);
    }
  return NULL;
}

static void
store_message_cb (TixSheetJob *job,
                  const char  *message,
                  gpointer     user_data)
{
  gboolean *finished = user_data;

  *finished = TRUE;
}

/* The print dialog's Preview button (its response is APPLY) runs the
 * operation's preview: the app's own window, with a cairo context set on the
 * print context (GTK aborts without one), and "done" when it closes. */
static void
test_print_dialog_preview (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(TixSheetJob) job = tix_sheet_job_new (f->client);
  GtkWidget *window = gtk_window_new ();
  GtkDialog *dialog = NULL;
  TixSheetPreview *preview = NULL;
  gboolean finished = FALSE;

  gtk_window_present (GTK_WINDOW (window));
  g_signal_connect (job, "finished", G_CALLBACK (store_message_cb), &finished);
  tix_sheet_job_set_query (job, TIX_TICKET_FILTER_ALL, NULL);
  tix_sheet_job_print (job, window);
  TIX_APP_TEST_WAIT ((dialog = find_print_dialog ()) != NULL, 30);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));

  gtk_dialog_response (dialog, GTK_RESPONSE_APPLY);
  TIX_APP_TEST_WAIT ((preview = find_sheet_preview ()) != NULL, 30);
  g_assert_cmpuint (tix_sheet_preview_get_n_pages (preview), ==, 2);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (preview));
  g_assert_false (finished);

  gtk_window_close (GTK_WINDOW (preview));
  TIX_APP_TEST_WAIT (finished, 30);
  gtk_window_destroy (GTK_WINDOW (window));
  tix_app_test_spin (50);
}

static void
store_toast_cb (GtkWindow  *window,
                AdwToast   *toast,
                AdwToast  **out)
{
  g_set_object (out, toast);
}

/* The generate view offers Print and Export once it has made tickets. */
static void
test_generate_view (Fixture       *f,
                    gconstpointer  data)
{
  GtkWidget *window = GTK_WIDGET (tix_app_test_toast_window_new ());
  TixGenerateView *view = tix_generate_view_new ();
  g_autoptr(TixSession) session = tix_session_new ();
  AdwToast *toast = NULL;
  GtkWidget *print_box;

  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (view));
  gtk_window_present (GTK_WINDOW (window));
  print_box = tix_app_test_find (GTK_WIDGET (view), "print_box");
  g_assert_nonnull (print_box);
  g_assert_false (gtk_widget_get_visible (print_box));

  g_signal_connect (window, "toast-added", G_CALLBACK (store_toast_cb), &toast);
  tix_session_sign_in (session, f->client, FALSE);
  tix_generate_view_set_session (view, session);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "generate.run", NULL));
  TIX_APP_TEST_WAIT (gtk_widget_get_visible (print_box), 30);

  /* Its toast's Show opens the Tickets view with no search or filter. */
  TIX_APP_TEST_WAIT (toast != NULL, 30);
  g_assert_cmpstr (adw_toast_get_action_name (toast), ==, "win.show-new-tickets");
  g_clear_object (&toast);

  gtk_window_destroy (GTK_WINDOW (window));
  tix_app_test_spin (50);
}

/* The desk printer */

/* The app's settings with the desk printer set to @printer (NULL: none),
 * printing to @output when it is GTK's "Print to File". */
static GSettings *
desk_settings (const char *printer,
               const char *output)
{
  GSettings *settings = g_settings_new ("org.gnome.Tix");
  g_autoptr(GtkPrintSettings) print_settings = gtk_print_settings_new ();

  if (printer != NULL)
    gtk_print_settings_set_printer (print_settings, printer);
  if (output != NULL)
    {
      g_autofree char *uri = g_filename_to_uri (output, NULL, NULL);

      gtk_print_settings_set (print_settings, GTK_PRINT_SETTINGS_OUTPUT_URI, uri);
      gtk_print_settings_set (print_settings, GTK_PRINT_SETTINGS_OUTPUT_FILE_FORMAT, "pdf");
    }
  g_settings_set_value (settings, "desk-print-settings",
                        gtk_print_settings_to_gvariant (print_settings));
  g_settings_set_string (settings, "desk-layout", "roll-80");
  return settings;
}

static GPtrArray *
first_tickets (Fixture *f,
               guint    n)
{
  GPtrArray *tickets = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (tickets, g_object_ref (g_ptr_array_index (f->tickets, i)));
  return tickets;
}

static gboolean
desk_print (TixDeskPrinter  *printer,
            TixClient       *client,
            GPtrArray       *tickets,
            GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  tix_desk_printer_print_tickets_async (printer, client, tickets, NULL, NULL,
                                        store_result_cb, &result);
  TIX_APP_TEST_WAIT (result != NULL, 30);
  return tix_desk_printer_print_tickets_finish (printer, result, error);
}

/* A sale's three tickets go to the chosen printer with no dialog, one a
 * page of the 80 mm roll. */
static void
test_desk_print (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "desk.pdf", NULL);
  g_autoptr(GSettings) settings = desk_settings ("Print to File", path);
  g_autoptr(TixDeskPrinter) printer = tix_desk_printer_new (settings);
  g_autoptr(GPtrArray) tickets = first_tickets (f, 3);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = tix_desk_printer_dup_printer_name (printer);
  g_autofree char *contents = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_auto(GStrv) pages = NULL;
  gsize length;

  g_assert_cmpstr (name, ==, "Print to File");
  g_assert_true (desk_print (printer, f->client, tickets, &error));
  g_assert_no_error (error);

  /* GTK writes the file once the job is handed over. */
  TIX_APP_TEST_WAIT (g_file_test (path, G_FILE_TEST_EXISTS), 30);
  tix_app_test_spin (200);
  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  pdf = g_bytes_new_take (g_steal_pointer (&contents), length);
  pages = tix_sheet_test_pdf_pages (pdf);
  g_assert_cmpuint (g_strv_length (pages), ==, 3);
  for (guint i = 0; i < 3; i++)
    g_assert_nonnull (strstr (pages[i], tix_ticket_get_number (g_ptr_array_index (tickets, i))));
  assert_pdf_codes (f, path, 0, 3);
}

/* A printer that has gone is said, and nothing is printed anywhere else. */
static void
test_desk_printer_gone (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "gone.pdf", NULL);
  g_autoptr(GSettings) settings = desk_settings ("TM-T20 Box Office", path);
  g_autoptr(TixDeskPrinter) printer = tix_desk_printer_new (settings);
  g_autoptr(GPtrArray) tickets = first_tickets (f, 2);
  g_autoptr(GError) error = NULL;

  g_assert_false (desk_print (printer, f->client, tickets, &error));
  g_assert_error (error, TIX_DESK_PRINTER_ERROR, TIX_DESK_PRINTER_ERROR_GONE);
  g_assert_nonnull (strstr (error->message, "TM-T20 Box Office"));
  g_clear_error (&error);

  g_clear_object (&settings);
  settings = desk_settings (NULL, NULL);
  g_clear_object (&printer);
  printer = tix_desk_printer_new (settings);
  g_assert_null (tix_desk_printer_dup_printer_name (printer));
  g_assert_false (desk_print (printer, f->client, tickets, &error));
  g_assert_error (error, TIX_DESK_PRINTER_ERROR, TIX_DESK_PRINTER_ERROR_NOT_CHOSEN);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

static guint
find_row (GListModel *names,
          const char *prefix)
{
  for (guint i = 0; i < g_list_model_get_n_items (names); i++)
    {
      g_autoptr(GtkStringObject) name = g_list_model_get_item (names, i);

      if (g_str_has_prefix (gtk_string_object_get_string (name), prefix))
        return i;
    }
  return GTK_INVALID_LIST_POSITION;
}

/* Preferences: the printer chosen in the row is kept, a chosen printer that
 * is not connected stays chosen and says so, and the layout row writes the
 * layout. */
static void
test_desk_printer_group (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GSettings) settings = desk_settings ("TM-T20 Box Office", NULL);
  g_autoptr(TixDeskPrinter) printer = tix_desk_printer_new (settings);
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  TixDeskPrinterGroup *group = g_object_new (TIX_TYPE_DESK_PRINTER_GROUP, NULL);
  AdwComboRow *printer_row, *layout_row;
  GListModel *names;
  guint file_row;
  g_autofree char *name = NULL;
  g_autofree char *layout = NULL;

  gtk_window_set_child (window, GTK_WIDGET (group));
  tix_desk_printer_group_set_settings (group, settings);
  gtk_window_present (window);

  printer_row = ADW_COMBO_ROW (tix_app_test_find (GTK_WIDGET (group), "printer_row"));
  layout_row = ADW_COMBO_ROW (tix_app_test_find (GTK_WIDGET (group), "layout_row"));
  names = adw_combo_row_get_model (printer_row);

  /* The file backend answers at once; the missing printer is listed. */
  TIX_APP_TEST_WAIT (find_row (names, "Print to File") != GTK_INVALID_LIST_POSITION, 30);
  g_assert_cmpuint (find_row (names, "TM-T20 Box Office (not found)"), ==,
                    adw_combo_row_get_selected (printer_row));

  file_row = find_row (names, "Print to File");
  adw_combo_row_set_selected (printer_row, file_row);
  name = tix_desk_printer_dup_printer_name (printer);
  g_assert_cmpstr (name, ==, "Print to File");
  /* The missing one is gone from the list once another is chosen. */
  g_assert_cmpuint (find_row (names, "TM-T20"), ==, GTK_INVALID_LIST_POSITION);

  adw_combo_row_set_selected (printer_row, 0);
  g_assert_null (tix_desk_printer_dup_printer_name (printer));

  g_assert_cmpuint (adw_combo_row_get_selected (layout_row), ==, 0);
  adw_combo_row_set_selected (layout_row, 2);
  layout = tix_desk_printer_dup_layout (printer);
  g_assert_cmpstr (layout, ==, "a4-3x7");

  gtk_window_destroy (window);
  tix_app_test_spin (50);
}

int
main (int   argc,
      char *argv[])
{
  tix_app_test_init (&argc, &argv);
  g_resources_register (tix_get_resource ());

#define ADD(path, func) \
  g_test_add ("/tix/app/sheet/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("export/query", test_export_query);
  ADD ("export/tickets", test_export_tickets);
  ADD ("export/empty-and-cancel", test_export_empty_and_cancel);
  ADD ("print-operation", test_print_operation);
  ADD ("preview", test_preview);
  ADD ("print-dialog/preview", test_print_dialog_preview);
  ADD ("generate-view", test_generate_view);
  ADD ("desk/print", test_desk_print);
  ADD ("desk/printer-gone", test_desk_printer_gone);
  ADD ("desk/preferences", test_desk_printer_group);

  {
    int status = g_test_run ();

    tix_app_test_cleanup ();
    return status;
  }
}
