/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <unistd.h>
#include <gtk/gtkunixprint.h>

#include "tix-desk-printer.h"
#include "tix-sheet.h"
#include "tix-sheet-job.h"

/* How long the print backends may take to say whether the printer is there
 * (CUPS answers in milliseconds, or at once when it is not running). */
#define FIND_TIMEOUT_SECONDS 10

struct _TixDeskPrinter
{
  GObject    parent_instance;

  GSettings *settings;
  TixSeason *season;     /* the tickets' events, or NULL */
};

G_DEFINE_FINAL_TYPE (TixDeskPrinter, tix_desk_printer, G_TYPE_OBJECT)

G_DEFINE_QUARK (tix-desk-printer-error-quark, tix_desk_printer_error)

static void
tix_desk_printer_dispose (GObject *object)
{
  TixDeskPrinter *self = TIX_DESK_PRINTER (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->season);

  G_OBJECT_CLASS (tix_desk_printer_parent_class)->dispose (object);
}

static void
tix_desk_printer_class_init (TixDeskPrinterClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = tix_desk_printer_dispose;
}

static void
tix_desk_printer_init (TixDeskPrinter *self)
{
}

TixDeskPrinter *
tix_desk_printer_new (GSettings *settings)
{
  TixDeskPrinter *self;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (TIX_TYPE_DESK_PRINTER, NULL);
  self->settings = g_object_ref (settings);
  return self;
}

static GtkPrintSettings *
load_print_settings (TixDeskPrinter *self)
{
  g_autoptr(GVariant) variant = g_settings_get_value (self->settings, "desk-print-settings");
  GtkPrintSettings *settings = gtk_print_settings_new_from_gvariant (variant);

  return settings != NULL ? settings : gtk_print_settings_new ();
}

char *
tix_desk_printer_dup_printer_name (TixDeskPrinter *self)
{
  g_autoptr(GtkPrintSettings) settings = NULL;
  const char *name;

  g_return_val_if_fail (TIX_IS_DESK_PRINTER (self), NULL);

  settings = load_print_settings (self);
  name = gtk_print_settings_get_printer (settings);
  return (name != NULL && *name != '\0') ? g_strdup (name) : NULL;
}

void
tix_desk_printer_set_printer_name (TixDeskPrinter *self,
                                   const char     *name)
{
  g_autoptr(GtkPrintSettings) settings = NULL;
  g_autofree char *old = NULL;

  g_return_if_fail (TIX_IS_DESK_PRINTER (self));

  if (name != NULL && *name == '\0')
    name = NULL;
  old = tix_desk_printer_dup_printer_name (self);
  if (g_strcmp0 (old, name) == 0)
    return;

  /* Another printer starts from GTK's defaults for it: the options of the
   * old one (tray, media, output file) mean nothing there. */
  settings = gtk_print_settings_new ();
  if (name != NULL)
    gtk_print_settings_set_printer (settings, name);
  g_settings_set_value (self->settings, "desk-print-settings",
                        gtk_print_settings_to_gvariant (settings));
}

char *
tix_desk_printer_dup_layout (TixDeskPrinter *self)
{
  g_return_val_if_fail (TIX_IS_DESK_PRINTER (self), NULL);

  return g_settings_get_string (self->settings, "desk-layout");
}

/* The printers */

static gboolean
add_printer_cb (GtkPrinter *printer,
                gpointer    user_data)
{
  GListStore *store = user_data;

  g_list_store_append (store, printer);
  return FALSE;
}

GListModel *
tix_desk_printer_list_printers (void)
{
  GListStore *store = g_list_store_new (GTK_TYPE_PRINTER);

  gtk_enumerate_printers (add_printer_cb, g_object_ref (store), g_object_unref, FALSE);
  return G_LIST_MODEL (store);
}

/* Printing */

typedef struct
{
  TixClient        *client;
  GPtrArray        *tickets;      /* the tickets to draw, or … */
  GBytes           *pdf;          /* … a document made already */
  char             *title;
  char             *spool_path;   /* where the PDF is handed over from */
  TixSeason        *season;
  GtkWindow        *parent;
  GtkPrintSettings *print_settings;
  char             *layout;
  GtkPrinter       *printer;      /* once found */
  TixSheetJob      *job;
  GtkPrintJob      *print_job;
  guint             timeout_id;
  gboolean          returned;     /* the task has its answer */
} PrintData;

static void
print_data_free (PrintData *data)
{
  g_clear_handle_id (&data->timeout_id, g_source_remove);
  g_clear_object (&data->client);
  g_clear_pointer (&data->tickets, g_ptr_array_unref);
  g_clear_pointer (&data->pdf, g_bytes_unref);
  g_free (data->title);
  if (data->spool_path != NULL)
    g_unlink (data->spool_path);
  g_free (data->spool_path);
  g_clear_object (&data->season);
  g_clear_object (&data->parent);
  g_clear_object (&data->print_settings);
  g_free (data->layout);
  g_clear_object (&data->printer);
  g_clear_object (&data->job);
  g_clear_object (&data->print_job);
  g_free (data);
}

static void
return_gone (GTask *task)
{
  PrintData *data = g_task_get_task_data (task);

  g_task_return_new_error (task, TIX_DESK_PRINTER_ERROR, TIX_DESK_PRINTER_ERROR_GONE,
                           _("The printer “%s” is not there. Is it switched on and connected?"),
                           gtk_print_settings_get_printer (data->print_settings));
}

static void
job_sent_cb (GtkPrintJob  *print_job,
             gpointer      user_data,
             const GError *error)
{
  GTask *task = user_data;

  if (error != NULL)
    g_task_return_new_error (task, TIX_DESK_PRINTER_ERROR, TIX_DESK_PRINTER_ERROR_FAILED,
                             _("Could not print: %s"), error->message);
  else
    g_task_return_boolean (task, TRUE);
}

/* Draws every page on the job's surface: the printer's own format (PDF or
 * PostScript for CUPS, the output file's for "Print to File"), in points. */
static gboolean
draw_pages (PrintData  *data,
            GError    **error)
{
  TixSheet *sheet = tix_sheet_job_get_sheet (data->job);
  GPtrArray *tickets = tix_sheet_job_get_tickets (data->job);
  guint per_page = tix_sheet_get_tickets_per_page (sheet);
  cairo_surface_t *surface;
  cairo_t *cr;
  gboolean ok = TRUE;

  surface = gtk_print_job_get_surface (data->print_job, error);
  if (surface == NULL)
    return FALSE;

  cr = cairo_create (surface);
  for (guint first = 0; ok && first < tickets->len; first += per_page)
    {
      ok = tix_sheet_draw_page (sheet, cr, (TixTicket * const *) tickets->pdata + first,
                                MIN (per_page, tickets->len - first), error);
      cairo_show_page (cr);
    }
  cairo_destroy (cr);
  /* The job sends what its spool file holds: the document must be whole. */
  cairo_surface_finish (surface);
  return ok;
}

static void
job_prepared_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PrintData *data = g_task_get_task_data (task);
  g_autoptr(GtkPageSetup) setup = NULL;
  g_autoptr(GError) error = NULL;

  if (!tix_sheet_job_prepare_finish (data->job, result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;

  /* A job of our own on the printer found, rather than GtkPrintOperation:
   * without a dialog GTK looks the printer up again, skips "Print to File",
   * and prints on the default printer when the chosen one has gone. */
  setup = tix_sheet_job_new_page_setup (data->job);
  data->print_job = gtk_print_job_new (_("Tickets of a sale"), data->printer,
                                       data->print_settings, setup);
  if (!draw_pages (data, &error))
    {
      g_task_return_new_error (task, TIX_DESK_PRINTER_ERROR, TIX_DESK_PRINTER_ERROR_FAILED,
                               _("Could not print: %s"), error->message);
      return;
    }
  gtk_print_job_send (data->print_job, job_sent_cb, g_object_ref (task), g_object_unref);
}

/* A PDF made already (a receipt, a cash-up) goes to the printer as it is:
 * CUPS prints PDF, "Print to File" copies it. */
static void
send_pdf (GTask *task)
{
  PrintData *data = g_task_get_task_data (task);
  g_autoptr(GtkPageSetup) setup = gtk_page_setup_new ();
  g_autoptr(GError) error = NULL;
  int fd;

  fd = g_file_open_tmp ("tix-desk-XXXXXX.pdf", &data->spool_path, &error);
  if (fd < 0 ||
      !g_file_set_contents (data->spool_path, g_bytes_get_data (data->pdf, NULL),
                            g_bytes_get_size (data->pdf), &error))
    {
      if (fd >= 0)
        close (fd);
      g_task_return_new_error (task, TIX_DESK_PRINTER_ERROR, TIX_DESK_PRINTER_ERROR_FAILED,
                               _("Could not print: %s"), error->message);
      return;
    }
  close (fd);

  data->print_job = gtk_print_job_new (data->title, data->printer, data->print_settings, setup);
  if (!gtk_print_job_set_source_file (data->print_job, data->spool_path, &error))
    {
      g_task_return_new_error (task, TIX_DESK_PRINTER_ERROR, TIX_DESK_PRINTER_ERROR_FAILED,
                               _("Could not print: %s"), error->message);
      return;
    }
  gtk_print_job_send (data->print_job, job_sent_cb, g_object_ref (task), g_object_unref);
}

static void
start_job (GTask *task)
{
  PrintData *data = g_task_get_task_data (task);

  if (data->pdf != NULL)
    {
      send_pdf (task);
      return;
    }

  data->job = tix_sheet_job_new (data->client);
  tix_sheet_job_set_tickets (data->job, data->tickets);
  tix_sheet_job_set_layout (data->job, data->layout);
  if (data->season != NULL)
    tix_sheet_job_set_season (data->job, data->season);
  tix_sheet_job_prepare_async (data->job, g_task_get_cancellable (task), job_prepared_cb,
                               g_object_ref (task));
}

static gboolean
find_printer_cb (GtkPrinter *printer,
                 gpointer    user_data)
{
  GTask *task = user_data;
  PrintData *data = g_task_get_task_data (task);

  if (g_strcmp0 (gtk_printer_get_name (printer), gtk_print_settings_get_printer (data->print_settings)) != 0)
    return FALSE;
  g_set_object (&data->printer, printer);
  return TRUE;
}

/* The end of the enumeration: the printer was found, or every backend has
 * listed its printers without it. */
static void
find_printer_done (gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  PrintData *data = g_task_get_task_data (task);

  if (data->returned)
    return;
  g_clear_handle_id (&data->timeout_id, g_source_remove);

  if (g_task_return_error_if_cancelled (task))
    return;
  if (data->printer == NULL)
    {
      return_gone (task);
      return;
    }
  if (!gtk_printer_is_accepting_jobs (data->printer))
    {
      g_task_return_new_error (task, TIX_DESK_PRINTER_ERROR, TIX_DESK_PRINTER_ERROR_GONE,
                               _("The printer “%s” does not take jobs now. Look at it, or at its queue."),
                               gtk_printer_get_name (data->printer));
      return;
    }
  start_job (task);
}

static gboolean
find_timeout_cb (gpointer user_data)
{
  GTask *task = user_data;
  PrintData *data = g_task_get_task_data (task);

  data->timeout_id = 0;
  data->returned = TRUE;
  return_gone (task);
  return G_SOURCE_REMOVE;
}

/* Looks the chosen printer up, then prints what the task's data holds. */
static void
find_and_print (TixDeskPrinter *self,
                GTask          *task,
                GtkWindow      *parent)
{
  PrintData *data = g_task_get_task_data (task);
  const char *name;
  guint n_pages = data->tickets != NULL ? data->tickets->len : 1;

  data->parent = parent != NULL ? g_object_ref (parent) : NULL;
  data->print_settings = load_print_settings (self);
  data->layout = tix_desk_printer_dup_layout (self);
  data->season = self->season != NULL ? g_object_ref (self->season) : NULL;

  name = gtk_print_settings_get_printer (data->print_settings);
  if (name == NULL || *name == '\0')
    {
      g_task_return_new_error (task, TIX_DESK_PRINTER_ERROR, TIX_DESK_PRINTER_ERROR_NOT_CHOSEN,
                               _("No ticket printer is chosen for this station. Choose one in Preferences."));
      return;
    }
  if (n_pages == 0)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  /* Look the printer up first: GTK would otherwise "print" to a printer
   * that has gone and say nothing. */
  data->timeout_id = g_timeout_add_seconds (FIND_TIMEOUT_SECONDS, find_timeout_cb, task);
  gtk_enumerate_printers (find_printer_cb, g_object_ref (task), find_printer_done, FALSE);
}

void
tix_desk_printer_print_tickets_async (TixDeskPrinter      *self,
                                      TixClient           *client,
                                      GPtrArray           *tickets,
                                      GtkWindow           *parent,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  PrintData *data;

  g_return_if_fail (TIX_IS_DESK_PRINTER (self));
  g_return_if_fail (TIX_IS_CLIENT (client));
  g_return_if_fail (tickets != NULL);
  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tix_desk_printer_print_tickets_async);

  data = g_new0 (PrintData, 1);
  data->client = g_object_ref (client);
  data->tickets = g_ptr_array_ref (tickets);
  data->title = g_strdup (_("Tickets of a sale"));
  g_task_set_task_data (task, data, (GDestroyNotify) print_data_free);
  find_and_print (self, task, parent);
}

gboolean
tix_desk_printer_print_tickets_finish (TixDeskPrinter  *self,
                                       GAsyncResult    *result,
                                       GError         **error)
{
  g_return_val_if_fail (TIX_IS_DESK_PRINTER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
tix_desk_printer_set_season (TixDeskPrinter *self,
                             TixSeason      *season)
{
  g_return_if_fail (TIX_IS_DESK_PRINTER (self));
  g_return_if_fail (season == NULL || TIX_IS_SEASON (season));

  g_set_object (&self->season, season);
}

char *
tix_desk_printer_dup_paper (TixDeskPrinter *self)
{
  g_autofree char *layout = NULL;

  g_return_val_if_fail (TIX_IS_DESK_PRINTER (self), NULL);

  layout = tix_desk_printer_dup_layout (self);
  return g_strdup (g_str_has_prefix (layout, "roll") ? "roll-80" : "a4");
}

void
tix_desk_printer_print_pdf_async (TixDeskPrinter      *self,
                                  const char          *title,
                                  GBytes              *pdf,
                                  GtkWindow           *parent,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  PrintData *data;

  g_return_if_fail (TIX_IS_DESK_PRINTER (self));
  g_return_if_fail (title != NULL);
  g_return_if_fail (pdf != NULL);
  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tix_desk_printer_print_pdf_async);

  data = g_new0 (PrintData, 1);
  data->pdf = g_bytes_ref (pdf);
  data->title = g_strdup (title);
  g_task_set_task_data (task, data, (GDestroyNotify) print_data_free);
  find_and_print (self, task, parent);
}

gboolean
tix_desk_printer_print_pdf_finish (TixDeskPrinter  *self,
                                   GAsyncResult    *result,
                                   GError         **error)
{
  g_return_val_if_fail (TIX_IS_DESK_PRINTER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
