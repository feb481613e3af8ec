/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-tickets-view"

#include "config.h"

#include <glib/gi18n.h>

#include "tix-clear-tickets-dialog.h"
#include "tix-tickets-view-private.h"
#include "tix-toast-host.h"

/* What the "tickets." actions do, and when they can. */

static gboolean
is_admin (TixTicketsView *self)
{
  TixUser *user;

  if (self->client == NULL)
    return FALSE;
  user = tix_client_get_user (self->client);
  return user != NULL && tix_user_is_admin (user);
}

void
_tix_tickets_view_actions_update (TixTicketsView *self)
{
  gboolean admin = is_admin (self);
  gboolean loaded = tix_ticket_list_model_get_loaded (self->model);
  gboolean selected = _tix_tickets_view_get_selected_ticket (self) != NULL;
  /* Nothing listed: nothing to print, and the buttons say why. */
  gboolean any = loaded && g_list_model_get_n_items (G_LIST_MODEL (self->model)) > 0;

  gtk_widget_set_visible (GTK_WIDGET (self->delete_button), admin);
  gtk_widget_set_visible (GTK_WIDGET (self->details_delete_button), admin);
  /* Narrow, the menu holds the toolbar's buttons too. */
  gtk_widget_set_visible (GTK_WIDGET (self->more_button), admin || self->narrow);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "tickets.reload", self->client != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "tickets.delete", admin && selected);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "tickets.clear",
                                 admin && loaded && self->dialog == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "tickets.close-details", selected);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "tickets.print", self->client != NULL && any);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "tickets.export", self->client != NULL && any);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->print_button),
                               any ? _("Print the selected ticket, or every ticket listed (Ctrl+P)")
                                   : _("There are no tickets to print"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->export_button),
                               any ? _("Export the selected ticket, or every ticket listed, as a PDF sheet")
                                   : _("There are no tickets to export"));
}

/* Print and export: the selected ticket, or every ticket of the current
 * filter and search (the job fetches them, up to 10,000). */

static void
sheet_job_finished_cb (TixSheetJob    *job,
                       const char     *message,
                       TixTicketsView *self)
{
  if (message != NULL)
    tix_widget_add_toast (GTK_WIDGET (self), adw_toast_new (message));
}

static void
run_sheet_job (TixTicketsView *self,
               gboolean        print)
{
  TixTicket *selected;

  if (self->client == NULL || self->model == NULL)
    return;

  if (self->sheet_job != NULL)
    g_signal_handlers_disconnect_by_data (self->sheet_job, self);
  g_clear_object (&self->sheet_job);
  self->sheet_job = tix_sheet_job_new (self->client);
  tix_sheet_job_set_season (self->sheet_job, self->season);
  tix_sheet_job_set_event_id (self->sheet_job, tix_ticket_list_model_get_event_id (self->model));

  selected = gtk_single_selection_get_selected_item (self->selection);
  if (selected != NULL)
    {
      g_autoptr(GPtrArray) one = g_ptr_array_new ();

      g_ptr_array_add (one, selected);
      tix_sheet_job_set_tickets (self->sheet_job, one);
    }
  else
    tix_sheet_job_set_query (self->sheet_job, tix_ticket_list_model_get_filter (self->model),
                             tix_ticket_list_model_get_search (self->model));

  g_signal_connect_object (self->sheet_job, "finished", G_CALLBACK (sheet_job_finished_cb),
                           self, 0);
  if (print)
    tix_sheet_job_print (self->sheet_job, GTK_WIDGET (self));
  else
    tix_sheet_job_export (self->sheet_job, GTK_WIDGET (self));
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  run_sheet_job (TIX_TICKETS_VIEW (widget), TRUE);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  run_sheet_job (TIX_TICKETS_VIEW (widget), FALSE);
}

/* The confirmation dialogs: one at a time, closed with the session. */

static GtkWindow *
get_parent_window (TixTicketsView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
dialog_destroy_cb (TixTicketsView   *self,
                   AdwMessageDialog *dialog)
{
  if (self->dialog == dialog)
    self->dialog = NULL;
  _tix_tickets_view_actions_update (self);
}

static void
show_dialog (TixTicketsView   *self,
             AdwMessageDialog *dialog)
{
  _tix_tickets_view_close_dialog (self);

  self->dialog = dialog;
  g_signal_connect_object (dialog, "destroy", G_CALLBACK (dialog_destroy_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
  _tix_tickets_view_actions_update (self);
}

void
_tix_tickets_view_close_dialog (TixTicketsView *self)
{
  if (self->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->dialog));
}

/* Delete */

typedef struct
{
  TixTicketsView *self;
  TixTicket      *ticket;
} DeleteData;

static void
delete_data_free (DeleteData *data)
{
  g_clear_object (&data->self);
  g_clear_object (&data->ticket);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DeleteData, delete_data_free)

static void
delete_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(DeleteData) data = user_data;
  TixTicketsView *self = data->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;

  if (!tix_client_delete_ticket_finish (TIX_CLIENT (object), result, &error) &&
      !g_error_matches (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_NOT_FOUND))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          title = g_strdup_printf (_("Could not delete ticket %s: %s"),
                                   tix_ticket_get_number (data->ticket), error->message);
          tix_widget_add_toast (GTK_WIDGET (self), adw_toast_new (title));
        }
      return;
    }

  tix_ticket_list_model_remove_ticket (self->model, tix_ticket_get_id (data->ticket));
  title = g_strdup_printf (_("Ticket %s deleted"), tix_ticket_get_number (data->ticket));
  tix_widget_add_toast (GTK_WIDGET (self), adw_toast_new (title));
  _tix_tickets_view_update_state (self);
}

static void
delete_response_cb (TixTicketsView   *self,
                    const char       *response,
                    AdwMessageDialog *dialog)
{
  TixTicket *ticket = g_object_get_data (G_OBJECT (dialog), "ticket");
  DeleteData *request;

  if (g_strcmp0 (response, "delete") != 0 || self->client == NULL)
    return;

  request = g_new0 (DeleteData, 1);
  request->self = g_object_ref (self);
  request->ticket = g_object_ref (ticket);
  tix_client_delete_ticket_async (self->client, tix_ticket_get_id (ticket),
                                  self->cancellable, delete_cb, request);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  TixTicketsView *self = TIX_TICKETS_VIEW (widget);
  TixTicket *ticket = _tix_tickets_view_get_selected_ticket (self);
  AdwMessageDialog *dialog;

  if (ticket == NULL || !is_admin (self))
    return;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (get_parent_window (self), NULL, NULL));
  adw_message_dialog_format_heading (dialog, _("Delete Ticket %s?"), tix_ticket_get_number (ticket));
  adw_message_dialog_format_body (dialog,
                                  _("Ticket %s will be deleted and can no longer be scanned. "
                                    "Its number is not reused."),
                                  tix_ticket_get_number (ticket));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "delete", _("_Delete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "delete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");

  g_object_set_data_full (G_OBJECT (dialog), "ticket", g_object_ref (ticket), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (delete_response_cb), self,
                           G_CONNECT_SWAPPED);

  show_dialog (self, dialog);
}

/* Clear all */

static void
clear_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(TixTicketsView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  gint64 n;

  n = tix_client_clear_tickets_finish (TIX_CLIENT (object), result, &error);
  if (n < 0)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          title = g_strdup_printf (_("Could not delete the tickets: %s"), error->message);
          tix_widget_add_toast (GTK_WIDGET (self), adw_toast_new (title));
        }
      return;
    }

  /* Translators: after clearing all tickets */
  title = g_strdup_printf (ngettext ("%'lld ticket deleted",
                                     "%'lld tickets deleted",
                                     (gulong) n), (long long) n);
  tix_widget_add_toast (GTK_WIDGET (self), adw_toast_new (title));
  tix_ticket_list_model_reload (self->model);
  _tix_tickets_view_update_state (self);
}

static void
clear_response_cb (TixTicketsView   *self,
                   const char       *response,
                   AdwMessageDialog *dialog)
{
  if (g_strcmp0 (response, "clear") != 0 || self->client == NULL)
    return;

  tix_client_clear_tickets_async (self->client, self->cancellable, clear_cb,
                                  g_object_ref (self));
}

static void
clear_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  TixTicketsView *self = TIX_TICKETS_VIEW (widget);
  GtkWidget *dialog;

  if (!is_admin (self))
    return;

  dialog = tix_clear_tickets_dialog_new (get_parent_window (self));
  g_signal_connect_object (dialog, "response", G_CALLBACK (clear_response_cb), self,
                           G_CONNECT_SWAPPED);
  show_dialog (self, ADW_MESSAGE_DIALOG (dialog));
}

/* Other actions */

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  tix_tickets_view_reload (TIX_TICKETS_VIEW (widget));
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  TixTicketsView *self = TIX_TICKETS_VIEW (widget);

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->search_entry), 0, -1);
}

static void
close_details_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  TixTicketsView *self = TIX_TICKETS_VIEW (widget);

  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
}

void
_tix_tickets_view_class_actions_init (TixTicketsViewClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_install_action (widget_class, "tickets.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "tickets.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "tickets.clear", NULL, clear_action);
  gtk_widget_class_install_action (widget_class, "tickets.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "tickets.print", NULL, print_action);
  gtk_widget_class_install_action (widget_class, "tickets.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "tickets.close-details", NULL,
                                   close_details_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK,
                                       "tickets.print", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "tickets.delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Delete, 0, "tickets.delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK,
                                       "tickets.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK,
                                       "tickets.reload", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "tickets.reload", NULL);
}
