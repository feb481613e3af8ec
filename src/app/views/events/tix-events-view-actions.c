/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-events-view"

#include "config.h"

#include <glib/gi18n.h>

#include "tix-app-util.h"
#include "tix-date-time-entry.h"
#include "tix-event-dialog.h"
#include "tix-events-view-private.h"
#include "tix-org-time.h"
#include "tix-toast-host.h"

/* The view's actions: each makes its request and says how it went in a
 * toast; the lists follow the season (the stream), not the answers. */

static const char *event_actions[] = {
  "events.new", "events.edit", "events.copy", "events.make-current", "events.archive",
  "events.unarchive", "events.delete",
};

void
_tix_events_view_update_actions (TixEventsView *self)
{
  gboolean enabled = self->allowed && _tix_events_view_get_client (self) != NULL;

  for (guint i = 0; i < G_N_ELEMENTS (event_actions); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), event_actions[i], enabled);
}

static void
toast (TixEventsView *self,
       const char    *message)
{
  g_autofree char *escaped = g_markup_escape_text (message, -1);
  AdwToast *toast = adw_toast_new (escaped);

  /* A toast's title is markup (libadwaita 1.2). */
  tix_widget_add_toast (GTK_WIDGET (self), toast);
}

static TixEvent *
lookup (TixEventsView *self,
        GVariant      *parameter)
{
  gint64 id = g_variant_get_int64 (parameter);
  TixEvent *event = self->season != NULL ? tix_season_lookup (self->season, id) : NULL;

  if (event == NULL)
    g_debug ("Event %" G_GINT64_FORMAT " is not known", id);
  return event;
}

static const char *
zone_name (TixEventsView *self)
{
  return self->season != NULL ? tix_season_get_time_zone (self->season) : NULL;
}

/* What a request needs back: the view (a reference) and the event's name. */
typedef struct
{
  TixEventsView *view;
  TixEvent      *event;
} Request;

static Request *
request_new (TixEventsView *self,
             TixEvent      *event)
{
  Request *request = g_new0 (Request, 1);

  request->view = g_object_ref (self);
  request->event = event != NULL ? g_object_ref (event) : NULL;
  self->n_busy++;
  return request;
}

static void
request_free (Request *request)
{
  request->view->n_busy--;
  g_clear_object (&request->view);
  g_clear_object (&request->event);
  g_free (request);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Request, request_free)

/* New and edit ---------------------------------------------------------------- */

static void
on_saved (TixEventDialog *dialog,
          TixEvent       *event,
          TixEventsView  *self)
{
  g_autofree char *message = NULL;

  /* Translators: a toast, with the event's name */
  message = g_strdup_printf (_("“%s” saved"), tix_event_display_name (event));
  toast (self, message);
}

static void
open_event_dialog (TixEventsView *self,
                   TixEvent      *event)
{
  TixClient *client = _tix_events_view_get_client (self);
  TixEventDialog *dialog;

  if (client == NULL)
    return;

  dialog = tix_event_dialog_new (client, event, zone_name (self));
  gtk_window_set_transient_for (GTK_WINDOW (dialog), _tix_events_view_get_parent_window (self));
  g_signal_connect_object (dialog, "saved", G_CALLBACK (on_saved), self, 0);
  _tix_events_view_set_dialog (self, GTK_WINDOW (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The first event of a new organization (nameless, undated, no ticket),
 * when it is the only one: a new event fills it in, so that it stays the
 * current one. */
static TixEvent *
lone_placeholder (TixEventsView *self)
{
  GListModel *events = tix_season_get_events (self->season);
  g_autoptr(TixEvent) only = NULL;
  const char *name;

  if (g_list_model_get_n_items (events) != 1 ||
      g_list_model_get_n_items (tix_season_get_archived (self->season)) != 0)
    return NULL;

  only = g_list_model_get_item (events, 0);
  name = tix_event_get_name (only);
  if ((name == NULL || *name == '\0') && tix_event_get_starts_at (only) == TIX_EVENT_NO_TIME &&
      tix_event_get_n_tickets (only) == 0)
    return only;   /* the season keeps it */
  return NULL;
}

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  TixEventsView *self = TIX_EVENTS_VIEW (widget);

  if (self->season == NULL)
    return;
  open_event_dialog (self, lone_placeholder (self));
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  TixEventsView *self = TIX_EVENTS_VIEW (widget);
  TixEvent *event = lookup (self, parameter);

  if (event != NULL)
    open_event_dialog (self, event);
}

/* Copy ------------------------------------------------------------------------ */

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
      toast (request->view, message);
      return;
    }
  when = tix_format_event_time (zone_name (request->view), made);
  /* Translators: a toast; the new event's name and when it starts */
  message = g_strdup_printf (_("“%s” made for %s"), tix_event_display_name (made),
                             when != NULL ? when : "");
  toast (request->view, message);
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
                               request_new (self, event));
}

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  TixEventsView *self = TIX_EVENTS_VIEW (widget);
  TixEvent *event = lookup (self, parameter);
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
  tix_date_time_entry_set_zone (entry, zone_name (self));
  /* A week later at the same time of day (across a change of the clocks
   * too): the next show of a weekly series. */
  starts = tix_event_get_starts_at (event);
  if (starts != TIX_EVENT_NO_TIME)
    {
      g_autoptr(GTimeZone) zone = tix_org_time_zone_new (zone_name (self));
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

/* Make current ---------------------------------------------------------------- */

static void
made_current_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(Request) request = user_data;
  g_autoptr(TixSettings) settings = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  settings = tix_client_update_settings_finish (TIX_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (settings == NULL)
    /* Translators: a toast; the event's name and the server's reason */
    message = g_strdup_printf (_("Could not make “%s” current: %s"),
                               tix_event_display_name (request->event), error->message);
  else
    /* Translators: a toast, with the event's name */
    message = g_strdup_printf (_("New tickets now go to “%s”"),
                               tix_event_display_name (request->event));
  toast (request->view, message);
}

static void
make_current_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  TixEventsView *self = TIX_EVENTS_VIEW (widget);
  TixEvent *event = lookup (self, parameter);
  g_autoptr(TixSettings) changes = NULL;

  if (event == NULL)
    return;

  changes = tix_settings_new ();
  tix_settings_set_current_event_id (changes, tix_event_get_id (event));
  tix_client_update_settings_async (_tix_events_view_get_client (self), changes,
                                    self->cancellable, made_current_cb,
                                    request_new (self, event));
}

/* Archive --------------------------------------------------------------------- */

static void
archived_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(Request) request = user_data;
  g_autoptr(TixEvent) event = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  const char *name = tix_event_display_name (request->event);

  event = tix_client_update_event_finish (TIX_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (event == NULL)
    /* Translators: a toast; the event's name and the server's reason */
    message = g_strdup_printf (_("Could not change “%s”: %s"), name, error->message);
  else if (tix_event_get_archived (event))
    /* Translators: a toast, with the event's name */
    message = g_strdup_printf (_("“%s” archived: it stays in the reports"), name);
  else
    /* Translators: a toast, with the event's name */
    message = g_strdup_printf (_("“%s” is back in the lists"), name);
  toast (request->view, message);
}

static void
set_archived (TixEventsView *self,
              TixEvent      *event,
              gboolean       archived)
{
  g_autoptr(TixEvent) changes = tix_event_new (NULL);

  if (archived && tix_event_get_id (event) == tix_season_get_current_id (self->season))
    {
      toast (self, _("The current event cannot be archived: make another one current first"));
      return;
    }

  tix_event_set_archived (changes, archived);
  tix_client_update_event_async (_tix_events_view_get_client (self), tix_event_get_id (event),
                                 changes, TIX_EVENT_FIELD_ARCHIVED, self->cancellable,
                                 archived_cb, request_new (self, event));
}

static void
archive_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  TixEventsView *self = TIX_EVENTS_VIEW (widget);
  TixEvent *event = lookup (self, parameter);

  if (event != NULL)
    set_archived (self, event, g_str_equal (action_name, "events.archive"));
}

/* Delete ---------------------------------------------------------------------- */

static void
on_archive_instead (AdwMessageDialog *dialog,
                    const char       *response,
                    TixEventsView    *self)
{
  TixEvent *event = g_object_get_data (G_OBJECT (dialog), "tix-event");

  if (g_str_equal (response, "archive"))
    set_archived (self, event, TRUE);
}

/* An event with tickets is archived, not deleted. */
static void
offer_archive (TixEventsView *self,
               TixEvent      *event)
{
  GtkWidget *dialog = adw_message_dialog_new (_tix_events_view_get_parent_window (self), NULL,
                                              NULL);

  /* Translators: a dialog's heading, with the event's name */
  adw_message_dialog_format_heading (ADW_MESSAGE_DIALOG (dialog), _("“%s” Has Tickets"),
                                     tix_event_display_name (event));
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog),
                               _("An event that has tickets cannot be deleted. Archive it "
                                 "instead: it leaves the lists and the doors, and its tickets "
                                 "stay in the reports."));
  g_object_set_data_full (G_OBJECT (dialog), "tix-event", g_object_ref (event), g_object_unref);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"));
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "archive", _("_Archive"));
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "archive",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "archive");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_archive_instead), self, 0);
  _tix_events_view_set_dialog (self, GTK_WINDOW (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
deleted_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(Request) request = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (tix_client_delete_event_finish (TIX_CLIENT (object), result, &error))
    {
      /* Translators: a toast, with the event's name */
      message = g_strdup_printf (_("“%s” deleted"), tix_event_display_name (request->event));
      toast (request->view, message);
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (g_error_matches (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_CONFLICT) &&
      request->event != NULL && tix_event_get_id (request->event) !=
      tix_season_get_current_id (request->view->season))
    {
      offer_archive (request->view, request->event);
      return;
    }
  /* Translators: a toast; the event's name and the server's reason */
  message = g_strdup_printf (_("Could not delete “%s”: %s"),
                             tix_event_display_name (request->event), error->message);
  toast (request->view, message);
}

static void
on_delete_response (AdwMessageDialog *dialog,
                    const char       *response,
                    TixEventsView    *self)
{
  TixEvent *event = g_object_get_data (G_OBJECT (dialog), "tix-event");

  if (g_str_equal (response, "delete"))
    tix_client_delete_event_async (_tix_events_view_get_client (self), tix_event_get_id (event),
                                   self->cancellable, deleted_cb, request_new (self, event));
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  TixEventsView *self = TIX_EVENTS_VIEW (widget);
  TixEvent *event = lookup (self, parameter);
  GtkWidget *dialog;

  if (event == NULL)
    return;
  if (tix_event_get_id (event) == tix_season_get_current_id (self->season))
    {
      toast (self, _("The current event cannot be deleted: make another one current first"));
      return;
    }
  /* Known to have tickets: no need to ask the server. */
  if (tix_event_get_n_tickets (event) > 0)
    {
      offer_archive (self, event);
      return;
    }

  dialog = adw_message_dialog_new (_tix_events_view_get_parent_window (self), NULL, NULL);
  /* Translators: a dialog's heading, with the event's name */
  adw_message_dialog_format_heading (ADW_MESSAGE_DIALOG (dialog), _("Delete “%s”?"),
                                     tix_event_display_name (event));
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog),
                               _("It has no tickets. Deleting it cannot be undone."));
  g_object_set_data_full (G_OBJECT (dialog), "tix-event", g_object_ref (event), g_object_unref);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"));
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "delete", _("_Delete"));
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_delete_response), self, 0);
  _tix_events_view_set_dialog (self, GTK_WINDOW (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

void
_tix_events_view_class_actions_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "events.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "events.edit", "x", edit_action);
  gtk_widget_class_install_action (widget_class, "events.copy", "x", copy_action);
  gtk_widget_class_install_action (widget_class, "events.make-current", "x", make_current_action);
  gtk_widget_class_install_action (widget_class, "events.archive", "x", archive_action);
  gtk_widget_class_install_action (widget_class, "events.unarchive", "x", archive_action);
  gtk_widget_class_install_action (widget_class, "events.delete", "x", delete_action);
  gtk_widget_class_install_property_action (widget_class, "events.show-archived", "show-archived");

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "events.new", NULL);
}
