/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-reports-view"

#include "config.h"

#include <glib/gi18n.h>

#include "tix-reports-view-private.h"
#include "tix-toast-host.h"

/* The reports view's actions: refresh, the door's day before and after,
 * and export: a report or the ticket list saved as CSV. How a CSV row is
 * written is the client's (tix-client-export.c); here the file is asked
 * for and written once all of it is made. */

/* Export --------------------------------------------------------------------- */

typedef struct
{
  GFile         *file;
  GOutputStream *output;   /* the ticket list, as the client writes it */
  GBytes        *csv;      /* all of it, once made */
} Export;

static void
export_free (Export *export)
{
  g_clear_object (&export->file);
  g_clear_object (&export->output);
  g_clear_pointer (&export->csv, g_bytes_unref);
  g_free (export);
}

static void
export_written_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (object), result, NULL, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* The file is written once all of it is made: a failed export leaves what
 * was there before. */
static void
export_write (GTask  *task,
              GBytes *csv)
{
  Export *export = g_task_get_task_data (task);

  export->csv = csv;
  g_file_replace_contents_bytes_async (export->file, csv, NULL, FALSE,
                                       G_FILE_CREATE_REPLACE_DESTINATION,
                                       g_task_get_cancellable (task),
                                       export_written_cb, g_object_ref (task));
}

static void
tickets_exported_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Export *export = g_task_get_task_data (task);
  GError *error = NULL;

  if (tix_client_export_tickets_finish (TIX_CLIENT (object), result, &error) < 0 ||
      !g_output_stream_close (export->output, NULL, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  export_write (task,
                g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (export->output)));
}

/* A loaded report as CSV, or NULL when @what is not one or not loaded. */
static GBytes *
export_report (TixReportsView *self,
               const char     *what)
{
  for (guint p = 0; p < TIX_N_REPORT_PERIODS; p++)
    if (g_str_equal (what, tix_report_period_get_name (p)))
      return self->reports[p] != NULL ? tix_client_export_period_report (self->reports[p])
                                      : NULL;

  if (g_str_equal (what, "door") && self->door != NULL)
    return tix_client_export_door_report (self->door, self->door_tz);

  return NULL;
}

void
tix_reports_view_export_async (TixReportsView      *self,
                               const char          *what,
                               GFile               *file,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GBytes *csv;
  Export *export;

  g_return_if_fail (TIX_IS_REPORTS_VIEW (self));
  g_return_if_fail (what != NULL);
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tix_reports_view_export_async);

  export = g_new0 (Export, 1);
  export->file = g_object_ref (file);
  g_task_set_task_data (task, export, (GDestroyNotify) export_free);

  if (g_str_equal (what, "tickets"))
    {
      g_autoptr(GTimeZone) zone = NULL;

      if (self->client == NULL)
        {
          g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED,
                                   _("Not signed in"));
          return;
        }

      /* The organization's zone: the local times are there. */
      if (self->time_zone != NULL)
        zone = g_time_zone_new_identifier (self->time_zone);
      if (zone == NULL)
        zone = self->door_tz != NULL ? g_time_zone_ref (self->door_tz)
                                     : g_time_zone_new_local ();

      export->output = g_memory_output_stream_new_resizable ();
      tix_client_export_tickets_async (self->client, export->output, zone,
                                       g_task_get_cancellable (task),
                                       tickets_exported_cb, g_object_ref (task));
      return;
    }

  csv = export_report (self, what);
  if (csv == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                               _("That report has not been loaded"));
      return;
    }

  export_write (task, csv);
}

gboolean
tix_reports_view_export_finish (TixReportsView  *self,
                                GAsyncResult    *result,
                                GError         **error)
{
  g_return_val_if_fail (TIX_IS_REPORTS_VIEW (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        tix_reports_view_export_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* One export at a time from the menu: the ticket list can take a while. */
static void
set_exporting (TixReportsView *self,
               int             delta)
{
  self->n_exporting += delta;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reports.export", self->n_exporting == 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reports.export-menu",
                                 self->n_exporting == 0);
}

static void
exported_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  TixReportsView *self = TIX_REPORTS_VIEW (object);
  g_autoptr(GFile) file = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *title = NULL;

  set_exporting (self, -1);

  if (!tix_reports_view_export_finish (self, result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* Translators: a file name, then why */
      title = g_strdup_printf (_("Could not save “%s”: %s"), name, error->message);
    }
  else
    /* Translators: a file name */
    title = g_strdup_printf (_("Saved “%s”"), name);

  tix_widget_add_toast (GTK_WIDGET (self), adw_toast_new (title));
}

static void
on_export_response (GtkNativeDialog *dialog,
                    int              response,
                    TixReportsView  *self)
{
  const char *what = g_object_get_data (G_OBJECT (dialog), "tix-export");

  if (response == GTK_RESPONSE_ACCEPT)
    {
      GFile *file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      if (file != NULL)
        {
          set_exporting (self, +1);
          tix_reports_view_export_async (self, what, file, self->cancellable,
                                         exported_cb, file);
        }
    }

  g_object_unref (dialog);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  TixReportsView *self = TIX_REPORTS_VIEW (widget);
  const char *what = g_variant_get_string (parameter, NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *day = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *name = g_strdup_printf ("tix-%s-%s.csv", what, day);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *dialog;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  dialog = gtk_file_chooser_native_new (g_str_equal (what, "tickets")
                                        ? _("Save the Ticket List")
                                        : _("Save the Report"),
                                        GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  gtk_file_filter_set_name (filter, _("CSV Files"));
  gtk_file_filter_add_mime_type (filter, "text/csv");
  gtk_file_filter_add_pattern (filter, "*.csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);

  g_object_set_data_full (G_OBJECT (dialog), "tix-export", g_strdup (what), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_export_response), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
export_menu_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  gtk_menu_button_popup (TIX_REPORTS_VIEW (widget)->export_button);
}

/* The door, refresh ---------------------------------------------------------- */

static void
door_day_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  TixReportsView *self = TIX_REPORTS_VIEW (widget);

  if (self->client == NULL)
    return;

  if (g_str_equal (action_name, "reports.door-previous"))
    self->door_day--;
  else if (self->door_day < 0)
    self->door_day++;
  else
    return;

  _tix_reports_view_load_door (self);
  _tix_reports_view_update_status (self);
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  tix_reports_view_reload (TIX_REPORTS_VIEW (widget));
}

void
_tix_reports_view_class_actions_init (TixReportsViewClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_install_action (widget_class, "reports.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "reports.export", "s", export_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK,
                                       "reports.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "reports.refresh", NULL);
  gtk_widget_class_install_action (widget_class, "reports.export-menu", NULL, export_menu_action);
  gtk_widget_class_install_action (widget_class, "reports.door-previous", NULL, door_day_action);
  gtk_widget_class_install_action (widget_class, "reports.door-next", NULL, door_day_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK,
                                       "reports.export-menu", NULL);
}
