/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-sheet-job"

#include "config.h"

#include <glib/gi18n.h>

#include "tix-sheet-job.h"
#include "tix-time.h"
#include "tix-sheet-preview.h"
#include "tix-sheet-writer.h"

#define LIST_CHUNK 1000

struct _TixSheetJob
{
  GObject          parent_instance;

  /* Owned references */
  TixClient       *client;
  TixSeason       *season;        /* names and dates of the tickets' events */
  GPtrArray       *tickets;       /* TixTicket; given, or fetched for the query */
  TixSheet        *sheet;         /* after prepare */
  char            *search;
  char            *layout;        /* chosen by the caller; NULL: the organization's */
  GCancellable    *cancellable;   /* of print () or export () */
  AdwMessageDialog *dialog;       /* progress, while it shows */
  GtkProgressBar  *progress_bar;  /* in dialog */
  GtkWidget       *parent;
  GtkFileChooserNative *chooser;
  GtkPrintOperation *operation;
  GtkPrintOperationPreview *preview;

  TixTicketFilter  filter;
  gint64           event_id;      /* of the query; 0: every event */
  gboolean         has_query;
  double           progress;
  guint            progress_source;
  gint             n_written;     /* atomic: tickets written by the worker */
  gboolean         finished;      /* "finished" emitted for this run */
  guint            n_to_write;
};

G_DEFINE_FINAL_TYPE (TixSheetJob, tix_sheet_job, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PROGRESS,
  N_PROPS
};

enum {
  FINISHED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
set_progress (TixSheetJob *self,
              double       progress)
{
  progress = CLAMP (progress, 0.0, 1.0);
  if (self->progress == progress)
    return;
  self->progress = progress;
  if (self->progress_bar != NULL)
    gtk_progress_bar_set_fraction (self->progress_bar, progress);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
}

static void
tix_sheet_job_dispose (GObject *object)
{
  TixSheetJob *self = TIX_SHEET_JOB (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->progress_source, g_source_remove);
  if (self->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->dialog));
  g_clear_object (&self->dialog);
  self->progress_bar = NULL;
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  g_clear_object (&self->operation);
  g_clear_object (&self->preview);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);
  g_clear_object (&self->season);
  g_clear_object (&self->sheet);
  g_clear_object (&self->parent);
  g_clear_pointer (&self->tickets, g_ptr_array_unref);

  G_OBJECT_CLASS (tix_sheet_job_parent_class)->dispose (object);
}

static void
tix_sheet_job_finalize (GObject *object)
{
  TixSheetJob *self = TIX_SHEET_JOB (object);

  g_free (self->search);
  g_free (self->layout);

  G_OBJECT_CLASS (tix_sheet_job_parent_class)->finalize (object);
}

static void
tix_sheet_job_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  TixSheetJob *self = TIX_SHEET_JOB (object);

  switch (prop_id)
    {
    case PROP_PROGRESS:
      g_value_set_double (value, self->progress);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tix_sheet_job_class_init (TixSheetJobClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tix_sheet_job_dispose;
  object_class->finalize = tix_sheet_job_finalize;
  object_class->get_property = tix_sheet_job_get_property;

  properties[PROP_PROGRESS] =
    g_param_spec_double ("progress", NULL, NULL, 0.0, 1.0, 0.0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A message for a toast, or NULL. */
  signals[FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
tix_sheet_job_init (TixSheetJob *self)
{
}

TixSheetJob *
tix_sheet_job_new (TixClient *client)
{
  TixSheetJob *self;

  g_return_val_if_fail (TIX_IS_CLIENT (client), NULL);

  self = g_object_new (TIX_TYPE_SHEET_JOB, NULL);
  self->client = g_object_ref (client);
  return self;
}

void
tix_sheet_job_set_tickets (TixSheetJob *self,
                           GPtrArray   *tickets)
{
  g_return_if_fail (TIX_IS_SHEET_JOB (self));
  g_return_if_fail (tickets != NULL);

  g_clear_pointer (&self->tickets, g_ptr_array_unref);
  self->tickets = g_ptr_array_new_full (tickets->len, g_object_unref);
  for (guint i = 0; i < tickets->len && i < TIX_SHEET_JOB_MAX_TICKETS; i++)
    g_ptr_array_add (self->tickets, g_object_ref (g_ptr_array_index (tickets, i)));
  self->has_query = FALSE;
}

void
tix_sheet_job_set_query (TixSheetJob     *self,
                         TixTicketFilter  filter,
                         const char      *search)
{
  g_return_if_fail (TIX_IS_SHEET_JOB (self));

  g_clear_pointer (&self->tickets, g_ptr_array_unref);
  self->filter = filter;
  g_free (self->search);
  self->search = (search != NULL && *search != '\0') ? g_strdup (search) : NULL;
  self->has_query = TRUE;
}

void
tix_sheet_job_set_layout (TixSheetJob *self,
                          const char  *layout)
{
  g_return_if_fail (TIX_IS_SHEET_JOB (self));

  g_free (self->layout);
  self->layout = g_strdup (layout);
}

void
tix_sheet_job_set_season (TixSheetJob *self,
                          TixSeason   *season)
{
  g_return_if_fail (TIX_IS_SHEET_JOB (self));
  g_return_if_fail (!season || TIX_IS_SEASON (season));

  g_set_object (&self->season, season);
}

void
tix_sheet_job_set_event_id (TixSheetJob *self,
                            gint64       event_id)
{
  g_return_if_fail (TIX_IS_SHEET_JOB (self));
  g_return_if_fail (event_id >= 0);

  self->event_id = event_id;
}

TixSheet *
tix_sheet_job_get_sheet (TixSheetJob *self)
{
  g_return_val_if_fail (TIX_IS_SHEET_JOB (self), NULL);
  return self->sheet;
}

GPtrArray *
tix_sheet_job_get_tickets (TixSheetJob *self)
{
  g_return_val_if_fail (TIX_IS_SHEET_JOB (self), NULL);
  return self->tickets;
}

double
tix_sheet_job_get_progress (TixSheetJob *self)
{
  g_return_val_if_fail (TIX_IS_SHEET_JOB (self), 0.0);
  return self->progress;
}

/* Prepare: settings, then the tickets of the query page by page. */

typedef struct
{
  GPtrArray *tickets;
  char      *cursor;
} PrepareData;

static void
prepare_data_free (PrepareData *data)
{
  g_clear_pointer (&data->tickets, g_ptr_array_unref);
  g_free (data->cursor);
  g_free (data);
}

static void
prepare_done (GTask *task)
{
  TixSheetJob *self = g_task_get_source_object (task);
  PrepareData *data = g_task_get_task_data (task);

  if (data->tickets != NULL)
    {
      /* The list is newest first; a sheet goes in number order. */
      for (guint i = 0; i < data->tickets->len / 2; i++)
        {
          gpointer swap = data->tickets->pdata[i];

          data->tickets->pdata[i] = data->tickets->pdata[data->tickets->len - 1 - i];
          data->tickets->pdata[data->tickets->len - 1 - i] = swap;
        }
      g_clear_pointer (&self->tickets, g_ptr_array_unref);
      self->tickets = g_steal_pointer (&data->tickets);
    }

  if (self->tickets == NULL || self->tickets->len == 0)
    {
      g_task_return_new_error (task, TIX_SHEET_ERROR, TIX_SHEET_ERROR_EMPTY,
                               "%s", _("There are no tickets to print"));
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void fetch_next (GTask *task);

static void
list_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TixSheetJob *self = g_task_get_source_object (task);
  PrepareData *data = g_task_get_task_data (task);
  g_autoptr(TixTicketPage) page = NULL;
  g_autoptr(GError) error = NULL;
  gint64 wanted;

  page = tix_client_list_tickets_finish (TIX_CLIENT (object), result, &error);
  if (page == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  for (guint i = 0; i < page->tickets->len && data->tickets->len < TIX_SHEET_JOB_MAX_TICKETS; i++)
    g_ptr_array_add (data->tickets, g_object_ref (g_ptr_array_index (page->tickets, i)));

  wanted = MIN (page->total, TIX_SHEET_JOB_MAX_TICKETS);
  if (wanted > 0)
    set_progress (self, (double) data->tickets->len / wanted);

  g_clear_pointer (&data->cursor, g_free);
  data->cursor = g_steal_pointer (&page->next_cursor);
  if (data->cursor == NULL || data->tickets->len >= TIX_SHEET_JOB_MAX_TICKETS)
    prepare_done (task);
  else
    fetch_next (g_steal_pointer (&task));
}

static void
fetch_next (GTask *task)
{
  TixSheetJob *self = g_task_get_source_object (task);
  PrepareData *data = g_task_get_task_data (task);

  tix_client_list_event_tickets_async (self->client, self->event_id, self->filter, self->search,
                                       NULL, data->cursor, 1, LIST_CHUNK,
                                       g_task_get_cancellable (task), list_cb, task);
}

/* Each ticket its own event's name and date. */
static void
set_events (TixSheetJob *self,
            const char  *zone)
{
  g_autoptr(GPtrArray) events = NULL;

  if (self->season == NULL)
    return;

  events = tix_season_dup_known (self->season);
  for (guint i = 0; i < events->len; i++)
    {
      TixEvent *event = g_ptr_array_index (events, i);
      gint64 starts_at = tix_event_get_starts_at (event);
      g_autofree char *date = NULL;

      if (starts_at != TIX_EVENT_NO_TIME)
        date = tix_time_start_in_zone (starts_at, zone);
      tix_sheet_set_event (self->sheet, tix_event_get_id (event), tix_event_get_name (event),
                           date);
    }
}

static void
settings_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TixSheetJob *self = g_task_get_source_object (task);
  PrepareData *data = g_task_get_task_data (task);
  g_autoptr(TixSettings) settings = NULL;
  g_autoptr(GError) error = NULL;
  const char *layout;

  settings = tix_client_get_settings_finish (TIX_CLIENT (object), result, &error);
  if (settings == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  layout = self->layout ? self->layout : tix_settings_get (settings, TIX_SETTING_SHEET_LAYOUT);
  g_clear_object (&self->sheet);
  self->sheet = tix_sheet_new (layout ? layout : "a4-2x4", NULL);
  if (self->sheet == NULL)
    self->sheet = tix_sheet_new ("a4-2x4", NULL);
  tix_sheet_set_organization_name (self->sheet, tix_settings_get (settings, TIX_SETTING_ORGANIZATION_NAME));
  tix_sheet_set_event_name (self->sheet, tix_settings_get (settings, TIX_SETTING_EVENT_NAME));
  tix_sheet_set_event_date (self->sheet, tix_settings_get (settings, TIX_SETTING_EVENT_DATE));
  tix_sheet_set_time_zone (self->sheet, tix_settings_get (settings, TIX_SETTING_TIME_ZONE));
  set_events (self, tix_settings_get (settings, TIX_SETTING_TIME_ZONE));

  if (!self->has_query)
    {
      prepare_done (task);
      return;
    }

  data->tickets = g_ptr_array_new_with_free_func (g_object_unref);
  fetch_next (g_steal_pointer (&task));
}

void
tix_sheet_job_prepare_async (TixSheetJob         *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (TIX_IS_SHEET_JOB (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tix_sheet_job_prepare_async);
  g_task_set_task_data (task, g_new0 (PrepareData, 1), (GDestroyNotify) prepare_data_free);
  set_progress (self, 0.0);

  tix_client_get_settings_async (self->client, cancellable, settings_cb, g_steal_pointer (&task));
}

gboolean
tix_sheet_job_prepare_finish (TixSheetJob   *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Writing the PDF on a worker thread. */

typedef struct
{
  TixSheet  *sheet;
  GPtrArray *tickets;
  GFile     *file;
  gint      *n_written;
} WriteData;

static void
write_data_free (WriteData *data)
{
  g_clear_object (&data->sheet);
  g_clear_pointer (&data->tickets, g_ptr_array_unref);
  g_clear_object (&data->file);
  g_free (data);
}

static void
write_in_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  WriteData *data = task_data;
  g_autoptr(GFileOutputStream) stream = NULL;
  g_autoptr(TixSheetWriter) writer = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok = TRUE;

  /* Replacing writes a temporary file that takes the name only on a
   * successful close: a failed or cancelled export leaves the old file. */
  stream = g_file_replace (data->file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                           cancellable, &error);
  if (stream == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  writer = tix_sheet_writer_new (data->sheet, G_OUTPUT_STREAM (stream));
  for (guint i = 0; ok && i < data->tickets->len; i++)
    {
      ok = tix_sheet_writer_add (writer, g_ptr_array_index (data->tickets, i), cancellable,
                                 &error);
      g_atomic_int_set (data->n_written, (gint) i + 1);
    }
  ok = ok && tix_sheet_writer_close (writer, cancellable, &error);
  ok = ok && g_output_stream_close (G_OUTPUT_STREAM (stream), cancellable, &error);

  if (!ok)
    {
      g_autoptr(GCancellable) abandon = g_cancellable_new ();

      g_cancellable_cancel (abandon);
      g_output_stream_close (G_OUTPUT_STREAM (stream), abandon, NULL);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static gboolean
write_progress_cb (gpointer user_data)
{
  TixSheetJob *self = user_data;

  if (self->n_to_write > 0)
    set_progress (self, (double) g_atomic_int_get (&self->n_written) / self->n_to_write);
  return G_SOURCE_CONTINUE;
}

static void
write_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TixSheetJob *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  g_clear_handle_id (&self->progress_source, g_source_remove);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  set_progress (self, 1.0);
  g_task_return_boolean (task, TRUE);
}

static void
write_prepared_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TixSheetJob *self = TIX_SHEET_JOB (object);
  g_autoptr(GTask) worker = NULL;
  g_autoptr(GError) error = NULL;
  WriteData *data;

  if (!tix_sheet_job_prepare_finish (self, result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* The worker gets a sheet of its own: the app may draw this one meanwhile. */
  data = g_new0 (WriteData, 1);
  data->sheet = g_object_new (TIX_TYPE_SHEET,
                              "layout", tix_sheet_get_layout (self->sheet),
                              "organization-name", tix_sheet_get_organization_name (self->sheet),
                              "event-name", tix_sheet_get_event_name (self->sheet),
                              "event-date", tix_sheet_get_event_date (self->sheet),
                              "time-zone", tix_sheet_get_time_zone (self->sheet),
                              NULL);
  data->tickets = g_ptr_array_ref (self->tickets);
  data->file = g_object_ref (g_task_get_task_data (task));
  data->n_written = &self->n_written;
  self->n_to_write = self->tickets->len;
  g_atomic_int_set (&self->n_written, 0);
  set_progress (self, 0.0);
  self->progress_source = g_timeout_add (100, write_progress_cb, self);

  worker = g_task_new (self, g_task_get_cancellable (task), write_done_cb, g_object_ref (task));
  g_task_set_source_tag (worker, write_in_thread);
  g_task_set_task_data (worker, data, (GDestroyNotify) write_data_free);
  g_task_run_in_thread (worker, write_in_thread);
}

void
tix_sheet_job_write_pdf_async (TixSheetJob         *self,
                               GFile               *file,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (TIX_IS_SHEET_JOB (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tix_sheet_job_write_pdf_async);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  tix_sheet_job_prepare_async (self, cancellable, write_prepared_cb, g_steal_pointer (&task));
}

gboolean
tix_sheet_job_write_pdf_finish (TixSheetJob   *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* For a person: progress dialog, print dialog, file chooser. */

static void
finish (TixSheetJob *self,
        const char  *message)
{
  if (self->finished)
    return;
  self->finished = TRUE;
  g_clear_handle_id (&self->progress_source, g_source_remove);
  if (self->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->dialog));
  g_clear_object (&self->dialog);
  self->progress_bar = NULL;
  g_signal_emit (self, signals[FINISHED], 0, message);
}

static void
finish_error (TixSheetJob  *self,
              const char   *format,
              const GError *error)
{
  g_autofree char *message = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      finish (self, NULL);
      return;
    }
  if (g_error_matches (error, TIX_SHEET_ERROR, TIX_SHEET_ERROR_EMPTY))
    {
      finish (self, error->message);
      return;
    }
  message = g_strdup_printf (format, error->message);
  finish (self, message);
}

static void
dialog_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    gpointer          user_data)
{
  TixSheetJob *self = user_data;

  g_cancellable_cancel (self->cancellable);
}

static GtkWindow *
parent_window (TixSheetJob *self)
{
  GtkRoot *root = self->parent ? gtk_widget_get_root (self->parent) : NULL;

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
show_progress (TixSheetJob *self,
               const char  *heading)
{
  GtkWidget *bar = gtk_progress_bar_new ();

  if (self->dialog != NULL)
    {
      adw_message_dialog_set_heading (self->dialog, heading);
      return;
    }

  self->dialog = g_object_ref_sink (ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent_window (self),
                                                                              heading, NULL)));
  gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (bar), self->progress);
  gtk_accessible_update_property (GTK_ACCESSIBLE (bar), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Progress"), -1);
  gtk_widget_set_size_request (bar, 260, -1);
  self->progress_bar = GTK_PROGRESS_BAR (bar);
  adw_message_dialog_set_extra_child (self->dialog, bar);
  adw_message_dialog_add_response (self->dialog, "cancel", _("_Cancel"));
  adw_message_dialog_set_close_response (self->dialog, "cancel");
  g_signal_connect_object (self->dialog, "response", G_CALLBACK (dialog_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (self->dialog));
}

static void
start (TixSheetJob *self,
       GtkWidget   *parent)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->finished = FALSE;
  g_set_object (&self->parent, parent);
}

/* Print */

static GtkPageSetup *
page_setup_for (TixSheet *sheet)
{
  GtkPageSetup *setup = gtk_page_setup_new ();
  const char *layout = tix_sheet_get_layout (sheet);
  g_autoptr(GtkPaperSize) paper = NULL;

  if (g_str_has_prefix (layout, "a4-"))
    paper = gtk_paper_size_new (GTK_PAPER_NAME_A4);
  else if (g_str_has_prefix (layout, "letter-"))
    paper = gtk_paper_size_new (GTK_PAPER_NAME_LETTER);
  else
    paper = gtk_paper_size_new_custom ("tix-roll-80", _("80 mm roll"),
                                       tix_sheet_get_page_width (sheet),
                                       tix_sheet_get_page_height (sheet), GTK_UNIT_POINTS);
  gtk_page_setup_set_paper_size_and_default_margins (setup, paper);
  gtk_page_setup_set_orientation (setup, GTK_PAGE_ORIENTATION_PORTRAIT);
  return setup;
}

GtkPageSetup *
tix_sheet_job_new_page_setup (TixSheetJob *self)
{
  g_return_val_if_fail (TIX_IS_SHEET_JOB (self), NULL);
  g_return_val_if_fail (self->sheet != NULL, NULL);

  return page_setup_for (self->sheet);
}

static void
draw_page_cb (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page_nr,
              gpointer           user_data)
{
  TixSheetJob *self = user_data;
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  guint per_page = tix_sheet_get_tickets_per_page (self->sheet);
  guint first = (guint) page_nr * per_page;
  g_autoptr(GError) error = NULL;

  if (first >= self->tickets->len)
    return;
  if (!tix_sheet_draw_page (self->sheet, cr, (TixTicket * const *) self->tickets->pdata + first,
                            MIN (per_page, self->tickets->len - first), &error))
    g_warning ("Could not draw page %d: %s", page_nr + 1, error->message);
}

static gboolean
preview_close_cb (GtkWindow *window,
                  gpointer   user_data)
{
  TixSheetJob *self = user_data;

  if (self->preview != NULL)
    gtk_print_operation_preview_end_preview (self->preview);
  g_clear_object (&self->preview);
  return FALSE;
}

/* GTK 4.8's own preview runs evince: the app shows its own. */
static gboolean
preview_cb (GtkPrintOperation        *operation,
            GtkPrintOperationPreview *preview,
            GtkPrintContext          *context,
            GtkWindow                *parent,
            gpointer                  user_data)
{
  TixSheetJob *self = user_data;
  TixSheetPreview *window = tix_sheet_preview_new (self->sheet, self->tickets);
  cairo_surface_t *surface;
  cairo_t *cr;

  /* GTK goes on to paginate for the preview and aborts unless the context
   * has a cairo context. The pages are drawn by the preview window itself,
   * so a page-sized image surface that is never shown does. */
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                        (int) tix_sheet_get_page_width (self->sheet),
                                        (int) tix_sheet_get_page_height (self->sheet));
  cr = cairo_create (surface);
  gtk_print_context_set_cairo_context (context, cr, 72.0, 72.0);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);

  g_set_object (&self->preview, preview);
  if (parent != NULL)
    gtk_window_set_transient_for (GTK_WINDOW (window), parent);
  g_signal_connect_object (window, "close-request", G_CALLBACK (preview_close_cb), self, 0);
  gtk_window_present (GTK_WINDOW (window));
  return TRUE;
}

GtkPrintOperation *
tix_sheet_job_new_print_operation (TixSheetJob *self)
{
  GtkPrintOperation *operation;
  g_autoptr(GtkPageSetup) setup = NULL;

  g_return_val_if_fail (TIX_IS_SHEET_JOB (self), NULL);
  g_return_val_if_fail (self->sheet != NULL && self->tickets != NULL, NULL);

  operation = gtk_print_operation_new ();
  setup = page_setup_for (self->sheet);
  gtk_print_operation_set_default_page_setup (operation, setup);
  gtk_print_operation_set_n_pages (operation,
                                   (int) tix_sheet_get_n_pages (self->sheet, self->tickets->len));
  gtk_print_operation_set_use_full_page (operation, TRUE);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_job_name (operation, _("Tickets"));
  g_signal_connect_object (operation, "draw-page", G_CALLBACK (draw_page_cb), self, 0);
  g_signal_connect_object (operation, "preview", G_CALLBACK (preview_cb), self, 0);
  return operation;
}

static void
print_done_cb (GtkPrintOperation       *operation,
               GtkPrintOperationResult  result,
               gpointer                 user_data)
{
  TixSheetJob *self = user_data;
  g_autoptr(GError) error = NULL;

  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      gtk_print_operation_get_error (operation, &error);
      finish_error (self, _("Could not print: %s"), error);
      return;
    }
  finish (self, NULL);
}

static void
print_prepared_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(TixSheetJob) self = user_data;
  g_autoptr(GError) error = NULL;
  GtkPrintOperationResult outcome;

  if (!tix_sheet_job_prepare_finish (self, result, &error))
    {
      finish_error (self, _("Could not get the tickets to print: %s"), error);
      return;
    }

  if (self->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->dialog));
  g_clear_object (&self->dialog);
  self->progress_bar = NULL;

  g_clear_object (&self->operation);
  self->operation = tix_sheet_job_new_print_operation (self);
  gtk_print_operation_set_show_progress (self->operation, TRUE);
  gtk_print_operation_set_allow_async (self->operation, TRUE);
  g_signal_connect_object (self->operation, "done", G_CALLBACK (print_done_cb), self, 0);

  outcome = gtk_print_operation_run (self->operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                                     parent_window (self), &error);
  /* "done" may or may not have come already: finish () counts once. */
  if (outcome == GTK_PRINT_OPERATION_RESULT_ERROR)
    finish_error (self, _("Could not print: %s"), error);
  else if (outcome != GTK_PRINT_OPERATION_RESULT_IN_PROGRESS)
    finish (self, NULL);
}

void
tix_sheet_job_print (TixSheetJob *self,
                     GtkWidget   *parent)
{
  g_return_if_fail (TIX_IS_SHEET_JOB (self));

  start (self, parent);
  show_progress (self, _("Getting the Tickets…"));
  tix_sheet_job_prepare_async (self, self->cancellable, print_prepared_cb, g_object_ref (self));
}

/* Export */

static void
export_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(TixSheetJob) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (!tix_sheet_job_write_pdf_finish (self, result, &error))
    {
      finish_error (self, _("Could not export the tickets: %s"), error);
      return;
    }

  message = g_strdup_printf (ngettext ("Exported %u ticket", "Exported %u tickets",
                                       self->tickets->len),
                             self->tickets->len);
  finish (self, message);
}

static void
export_notify_progress_cb (TixSheetJob *self)
{
  if (self->dialog != NULL && self->n_to_write > 0)
    adw_message_dialog_set_heading (self->dialog, _("Writing the PDF…"));
}

static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     gpointer         user_data)
{
  g_autoptr(TixSheetJob) self = user_data;
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  gtk_native_dialog_destroy (chooser);
  g_clear_object (&self->chooser);

  if (file == NULL)
    {
      finish (self, NULL);
      return;
    }

  show_progress (self, _("Getting the Tickets…"));
  self->n_to_write = 0;
  g_signal_connect_object (self, "notify::progress", G_CALLBACK (export_notify_progress_cb),
                           self, G_CONNECT_SWAPPED);
  tix_sheet_job_write_pdf_async (self, file, self->cancellable, export_done_cb,
                                 g_object_ref (self));
}

void
tix_sheet_job_export (TixSheetJob *self,
                      GtkWidget   *parent)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  g_return_if_fail (TIX_IS_SHEET_JOB (self));

  start (self, parent);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (_("Export Tickets as PDF"), parent_window (self),
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"),
                                               _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), _("tickets.pdf"));
  gtk_file_filter_set_name (filter, _("PDF documents"));
  gtk_file_filter_add_mime_type (filter, "application/pdf");
  gtk_file_filter_add_suffix (filter, "pdf");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect (self->chooser, "response", G_CALLBACK (chooser_response_cb),
                    g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}
