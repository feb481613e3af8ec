/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-events-view"

#include "config.h"

#include <glib/gi18n.h>

#include "tix-app-util.h"
#include "tix-date-time-entry.h"
#include "tix-events-view-private.h"
#include "tix-org-time.h"

/* Copy to a new date: the next show of a series. */

static void
copied_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(Request) request = user_data;
  g_autoptr(TixEvent) made = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  g_autofree char *when = NULL;

  made = tix_client_copy_event_finish (TIX_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (made == NULL)
    {
      /* Translators: a toast; the event's name and the server's reason */
      message = g_strdup_printf (_("Could not copy “%s”: %s"),
                                 tix_event_display_name (request->event), error->message);
      _tix_events_view_toast (request->view, message);
      return;
    }
  when = tix_format_event_time (_tix_events_view_zone_name (request->view), made);
  /* Translators: a toast; the new event's name and when it starts */
  message = g_strdup_printf (_("“%s” made for %s"), tix_event_display_name (made),
                             when != NULL ? when : "");
  _tix_events_view_toast (request->view, message);
}

#define COPY_ENTRY "tix-copy-entry"
#define COPY_NAME  "tix-copy-name"
#define COPY_ERROR "tix-copy-error"

/* The copy is made for a day and a time: nothing else is sent. */
static void
check_copy (AdwMessageDialog *dialog)
{
  TixDateTimeEntry *entry = g_object_get_data (G_OBJECT (dialog), COPY_ENTRY);
  GtkLabel *error = g_object_get_data (G_OBJECT (dialog), COPY_ERROR);
  const char *message = NULL;
  gint64 ms = -1;

  if (tix_date_time_entry_get_ms (entry, -1, &ms, &message) && ms < 0)
    message = _("Choose the day of the next show");
  gtk_label_set_label (error, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (error), message != NULL);
  adw_message_dialog_set_response_enabled (dialog, "copy", message == NULL);
}

static void
on_copy_response (AdwMessageDialog *dialog,
                  const char       *response,
                  TixEventsView    *self)
{
  TixDateTimeEntry *entry = g_object_get_data (G_OBJECT (dialog), COPY_ENTRY);
  GtkEditable *name_entry = g_object_get_data (G_OBJECT (dialog), COPY_NAME);
  TixEvent *event = g_object_get_data (G_OBJECT (dialog), "tix-event");
  TixClient *client = _tix_events_view_get_client (self);
  g_autofree char *name = NULL;
  const char *message = NULL;
  gint64 ms = -1;

  if (!g_str_equal (response, "copy") || client == NULL ||
      !tix_date_time_entry_get_ms (entry, -1, &ms, &message) || ms < 0)
    return;

  name = g_strstrip (g_strdup (gtk_editable_get_text (name_entry)));
  tix_client_copy_event_async (client, tix_event_get_id (event), ms,
                               *name != '\0' ? name : NULL, self->cancellable, copied_cb,
                               _tix_events_view_request_new (self, event));
}

void
_tix_events_view_copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  TixEventsView *self = TIX_EVENTS_VIEW (widget);
  TixEvent *event = _tix_events_view_lookup (self, parameter);
  TixDateTimeEntry *entry;
  GtkWidget *dialog, *box, *list, *row, *name_row, *error;
  gint64 starts;

  if (event == NULL)
    return;

  dialog = adw_message_dialog_new (_tix_events_view_get_parent_window (self), NULL, NULL);
  /* Translators: a dialog's heading, with the event's name */
  adw_message_dialog_format_heading (ADW_MESSAGE_DIALOG (dialog), _("Copy “%s”"),
                                     tix_event_display_name (event));
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog),
                               _("The next show of a series: the same venue, limits and length "
                                 "on a new date. Its tickets are its own."));

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");

  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Starts"));
  entry = tix_date_time_entry_new ();
  gtk_widget_set_name (GTK_WIDGET (entry), "copy_starts_entry");
  tix_date_time_entry_set_zone (entry, _tix_events_view_zone_name (self));
  /* A week later at the same time of day (across a change of the clocks
   * too): the next show of a weekly series. */
  starts = tix_event_get_starts_at (event);
  if (starts != TIX_EVENT_NO_TIME)
    {
      g_autoptr(GTimeZone) zone = tix_org_time_zone_new (_tix_events_view_zone_name (self));
      g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (starts / 1000);
      g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, zone);
      g_autoptr(GDateTime) next = g_date_time_add_days (local, 7);

      if (next != NULL)
        tix_date_time_entry_set_time (entry, g_date_time_to_unix (next) * 1000);
    }
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), GTK_WIDGET (entry));
  gtk_list_box_append (GTK_LIST_BOX (list), row);

  name_row = adw_entry_row_new ();
  gtk_widget_set_name (name_row, "copy_name_row");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (name_row), _("Name (Empty: the Same)"));
  gtk_list_box_append (GTK_LIST_BOX (list), name_row);
  gtk_box_append (GTK_BOX (box), list);

  error = gtk_label_new (NULL);
  gtk_widget_set_name (error, "copy_error");
  gtk_label_set_wrap (GTK_LABEL (error), TRUE);
  gtk_label_set_xalign (GTK_LABEL (error), 0);
  gtk_widget_add_css_class (error, "error");
  gtk_box_append (GTK_BOX (box), error);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);

  g_object_set_data (G_OBJECT (dialog), COPY_ENTRY, entry);
  g_object_set_data (G_OBJECT (dialog), COPY_NAME, name_row);
  g_object_set_data (G_OBJECT (dialog), COPY_ERROR, error);
  g_object_set_data_full (G_OBJECT (dialog), "tix-event", g_object_ref (event), g_object_unref);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"));
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "copy", _("_Copy"));
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "copy",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "copy");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_swapped (entry, "changed", G_CALLBACK (check_copy), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_copy_response), self, 0);
  check_copy (ADW_MESSAGE_DIALOG (dialog));

  _tix_events_view_set_dialog (self, GTK_WINDOW (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}
