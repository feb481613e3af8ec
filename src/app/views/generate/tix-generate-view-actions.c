/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The generate view's actions: generate (Ctrl+Enter), cancel (Escape),
 * print (Ctrl+P) and export the tickets just made. */
#define G_LOG_DOMAIN "tix-generate-view"

#include "config.h"

#include <glib/gi18n.h>

#include "tix-app-util.h"
#include "tix-generate-view-private.h"
#include "tix-toast-host.h"

void
_tix_generate_view_update_print_state (TixGenerateView *self)
{
  gboolean have = self->last_tickets != NULL && self->last_tickets->len > 0;

  gtk_widget_set_visible (self->print_box, have);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "generate.print", have);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "generate.export", have);
}

static void
sheet_job_finished_cb (TixSheetJob     *job,
                       const char      *message,
                       TixGenerateView *self)
{
  if (message != NULL)
    tix_widget_add_toast (GTK_WIDGET (self), adw_toast_new (message));
}

/* Print or export the tickets just generated: the job gets its settings
 * (names, layout) through the client and draws the sheet itself. */
static void
run_sheet_job (TixGenerateView *self,
               gboolean         print)
{
  if (self->client == NULL || self->last_tickets == NULL || self->last_tickets->len == 0)
    return;

  if (self->sheet_job != NULL)
    g_signal_handlers_disconnect_by_data (self->sheet_job, self);
  g_clear_object (&self->sheet_job);
  self->sheet_job = tix_sheet_job_new (self->client);
  if (self->season != NULL)
    tix_sheet_job_set_season (self->sheet_job, self->season);
  tix_sheet_job_set_tickets (self->sheet_job, self->last_tickets);
  g_signal_connect_object (self->sheet_job, "finished", G_CALLBACK (sheet_job_finished_cb),
                           self, 0);
  if (print)
    tix_sheet_job_print (self->sheet_job, GTK_WIDGET (self));
  else
    tix_sheet_job_export (self->sheet_job, GTK_WIDGET (self));
}

static void
generate_print_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  run_sheet_job (TIX_GENERATE_VIEW (widget), TRUE);
}

static void
generate_export_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  run_sheet_job (TIX_GENERATE_VIEW (widget), FALSE);
}

static void
generate_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(TixGenerateView) self = user_data;
  g_autoptr(GPtrArray) tickets = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  AdwToast *toast;

  tickets = tix_client_generate_finish (TIX_CLIENT (object), result, &error);

  /* Another request may have been started since: only the current one counts. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      if (self->user_cancelled)
        {
          self->user_cancelled = FALSE;
          _tix_generate_view_set_busy (self, FALSE);
          tix_widget_add_toast (GTK_WIDGET (self),
                                adw_toast_new (_("Stopped waiting. If the server finished "
                                                 "anyway, the tickets are in the list")));
        }
      return;
    }

  g_clear_object (&self->cancellable);
  _tix_generate_view_set_busy (self, FALSE);

  if (tickets == NULL)
    {
      const char *field = tix_client_error_get_field (error);

      if (g_strcmp0 (field, "prefix") == 0 || g_strcmp0 (field, "extra") == 0 ||
          g_strcmp0 (field, "count") == 0)
        {
          AdwEntryRow *row = g_strcmp0 (field, "extra") == 0 ? self->extra_row : self->prefix_row;

          gtk_label_set_label (self->error_label, error->message);
          gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
          if (g_strcmp0 (field, "count") != 0)
            gtk_widget_add_css_class (GTK_WIDGET (row), "error");
        }

      /* Translators: %s says why, such as "Server unreachable at …" */
      title = g_strdup_printf (_("Could not generate the tickets: %s"), error->message);
      toast = adw_toast_new (title);
      adw_toast_set_timeout (toast, 0);
      tix_widget_add_toast (GTK_WIDGET (self), toast);
      return;
    }

  if (tickets->len == 0)
    return;

  if (tickets->len == 1)
    title = g_strdup_printf (_("Generated 1 ticket: %s"),
                             tix_ticket_get_number (g_ptr_array_index (tickets, 0)));
  else
    /* Translators: "Generated 25 tickets: VIP-000001 – VIP-000025" */
    title = g_strdup_printf (ngettext ("Generated %u ticket: %s – %s",
                                       "Generated %u tickets: %s – %s", tickets->len),
                             tickets->len,
                             tix_ticket_get_number (g_ptr_array_index (tickets, 0)),
                             tix_ticket_get_number (g_ptr_array_index (tickets, tickets->len - 1)));

  toast = adw_toast_new (title);
  /* The newest result is the one the cashier is waiting for. */
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_set_button_label (toast, _("_Show"));
  adw_toast_set_action_name (toast, "win.show-new-tickets");
  tix_widget_add_toast (GTK_WIDGET (self), toast);

  g_clear_pointer (&self->last_tickets, g_ptr_array_unref);
  self->last_tickets = g_ptr_array_ref (tickets);
  _tix_generate_view_update_print_state (self);

  _tix_generate_view_tickets_generated (self, tickets);
}

static void
generate_run_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  TixGenerateView *self = TIX_GENERATE_VIEW (widget);
  g_autofree char *prefix = NULL;
  const char *extra;
  guint count;

  if (self->busy || self->client == NULL)
    return;

  /* Take what is typed in the spin button even if Enter was not pressed. */
  gtk_spin_button_update (self->count_spin);

  if (!_tix_generate_view_update_state (self))
    return;

  prefix = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->prefix_row)));
  extra = gtk_editable_get_text (GTK_EDITABLE (self->extra_row));
  count = (guint) gtk_adjustment_get_value (self->count_adjustment);

  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->user_cancelled = FALSE;
  _tix_generate_view_set_busy (self, TRUE);

  /* The event chosen; with "All events" (or before the events are known)
   * the current one, as the server does without one. */
  tix_client_generate_for_event_async (self->client,
                                       self->season != NULL ? tix_season_get_event_id (self->season) : 0,
                                       count, prefix, extra[0] != '\0' ? extra : NULL,
                                       self->cancellable, generate_cb, g_object_ref (self));
}

static void
generate_cancel_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  TixGenerateView *self = TIX_GENERATE_VIEW (widget);

  if (!self->busy)
    return;

  self->user_cancelled = TRUE;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
}

void
_tix_generate_view_class_actions_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "generate.run", NULL, generate_run_action);
  gtk_widget_class_install_action (widget_class, "generate.cancel", NULL, generate_cancel_action);
  gtk_widget_class_install_action (widget_class, "generate.print", NULL, generate_print_action);
  gtk_widget_class_install_action (widget_class, "generate.export", NULL, generate_export_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "generate.run", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK,
                                       "generate.run", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0,
                                       "generate.cancel", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK,
                                       "generate.print", NULL);
}
