/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-events-view"

#include "config.h"

#include <glib/gi18n.h>

#include "tix-app-util.h"
#include "tix-date-time-entry.h"
#include "tix-event-dialog.h"
#include "tix-events-view-private.h"
#include "tix-org-time.h"
#include "tix-entrances-window.h"
#include "tix-ticket-types-window.h"
#include "tix-toast-host.h"

/* The view's actions: each makes its request and says how it went in a
 * toast; the lists follow the season (the stream), not the answers. */

static const char *event_actions[] = {
  "events.new", "events.edit", "events.copy", "events.make-current", "events.archive",
  "events.unarchive", "events.delete", "events.types", "events.entrances",
};

void
_tix_events_view_update_actions (TixEventsView *self)
{
  gboolean enabled = self->allowed && _tix_events_view_get_client (self) != NULL;

  for (guint i = 0; i < G_N_ELEMENTS (event_actions); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), event_actions[i], enabled);
}

void
_tix_events_view_toast (TixEventsView *self,
       const char    *message)
{
  g_autofree char *escaped = g_markup_escape_text (message, -1);
  AdwToast *toast = adw_toast_new (escaped);

  /* A toast's title is markup (libadwaita 1.2). */
  tix_widget_add_toast (GTK_WIDGET (self), toast);
}

TixEvent *
_tix_events_view_lookup (TixEventsView *self,
        GVariant      *parameter)
{
  gint64 id = g_variant_get_int64 (parameter);
  TixEvent *event = self->season != NULL ? tix_season_lookup (self->season, id) : NULL;

  if (event == NULL)
    g_debug ("Event %" G_GINT64_FORMAT " is not known", id);
  return event;
}

const char *
_tix_events_view_zone_name (TixEventsView *self)
{
  return self->season != NULL ? tix_season_get_time_zone (self->season) : NULL;
}

Request *
_tix_events_view_request_new (TixEventsView *self,
             TixEvent      *event)
{
  Request *request = g_new0 (Request, 1);

  request->view = g_object_ref (self);
  request->event = event != NULL ? g_object_ref (event) : NULL;
  self->n_busy++;
  return request;
}

void
_tix_events_view_request_free (Request *request)
{
  request->view->n_busy--;
  g_clear_object (&request->view);
  g_clear_object (&request->event);
  g_free (request);
}

/* New and edit ---------------------------------------------------------------- */

static void
on_saved (TixEventDialog *dialog,
          TixEvent       *event,
          TixEventsView  *self)
{
  g_autofree char *message = NULL;

  /* Translators: a toast, with the event's name */
  message = g_strdup_printf (_("“%s” saved"), tix_event_display_name (event));
  _tix_events_view_toast (self, message);
}

static void
open_event_dialog (TixEventsView *self,
                   TixEvent      *event)
{
  TixClient *client = _tix_events_view_get_client (self);
  TixEventDialog *dialog;

  if (client == NULL)
    return;

  dialog = tix_event_dialog_new (client, event, _tix_events_view_zone_name (self));
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

  if (g_list_model_get_n_items (events) != 1 ||
      g_list_model_get_n_items (tix_season_get_archived (self->season)) != 0)
    return NULL;

  only = g_list_model_get_item (events, 0);
  return _tix_events_view_is_placeholder (only) ? only : NULL;   /* the season keeps it */
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
  TixEvent *event = _tix_events_view_lookup (self, parameter);

  if (event != NULL)
    open_event_dialog (self, event);
}

/* Ticket types ---------------------------------------------------------------- */

static void
types_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  TixEventsView *self = TIX_EVENTS_VIEW (widget);
  TixEvent *event = _tix_events_view_lookup (self, parameter);
  TixTicketTypesWindow *window;

  if (event == NULL || self->session == NULL)
    return;

  window = tix_ticket_types_window_new (self->session, self->season, tix_event_get_id (event));
  gtk_window_set_transient_for (GTK_WINDOW (window), _tix_events_view_get_parent_window (self));
  _tix_events_view_set_dialog (self, GTK_WINDOW (window));
  gtk_window_present (GTK_WINDOW (window));
}

/* Entrances ------------------------------------------------------------------- */

static void
on_entrances_changed (TixEventsView *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.entrances-changed", NULL);
}

static void
entrances_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  TixEventsView *self = TIX_EVENTS_VIEW (widget);
  TixEvent *event = _tix_events_view_lookup (self, parameter);
  TixEntrancesWindow *window;

  if (event == NULL || self->session == NULL)
    return;

  window = tix_entrances_window_new (self->session, self->season, tix_event_get_id (event));
  /* The Scan view's entrance picker reads them again. */
  g_signal_connect_object (window, "changed", G_CALLBACK (on_entrances_changed), self,
                           G_CONNECT_SWAPPED);
  gtk_window_set_transient_for (GTK_WINDOW (window), _tix_events_view_get_parent_window (self));
  _tix_events_view_set_dialog (self, GTK_WINDOW (window));
  gtk_window_present (GTK_WINDOW (window));
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
  _tix_events_view_toast (request->view, message);
}

static void
make_current_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  TixEventsView *self = TIX_EVENTS_VIEW (widget);
  TixEvent *event = _tix_events_view_lookup (self, parameter);
  g_autoptr(TixSettings) changes = NULL;

  if (event == NULL)
    return;

  changes = tix_settings_new ();
  tix_settings_set_current_event_id (changes, tix_event_get_id (event));
  tix_client_update_settings_async (_tix_events_view_get_client (self), changes,
                                    self->cancellable, made_current_cb,
                                    _tix_events_view_request_new (self, event));
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
  _tix_events_view_toast (request->view, message);
}

static void
set_archived (TixEventsView *self,
              TixEvent      *event,
              gboolean       archived)
{
  g_autoptr(TixEvent) changes = tix_event_new (NULL);

  if (archived && tix_event_get_id (event) == tix_season_get_current_id (self->season))
    {
      _tix_events_view_toast (self, _("The current event cannot be archived: make another one current first"));
      return;
    }

  tix_event_set_archived (changes, archived);
  tix_client_update_event_async (_tix_events_view_get_client (self), tix_event_get_id (event),
                                 changes, TIX_EVENT_FIELD_ARCHIVED, self->cancellable,
                                 archived_cb, _tix_events_view_request_new (self, event));
}

static void
archive_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  TixEventsView *self = TIX_EVENTS_VIEW (widget);
  TixEvent *event = _tix_events_view_lookup (self, parameter);

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
      _tix_events_view_toast (request->view, message);
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
  _tix_events_view_toast (request->view, message);
}

static void
on_delete_response (AdwMessageDialog *dialog,
                    const char       *response,
                    TixEventsView    *self)
{
  TixEvent *event = g_object_get_data (G_OBJECT (dialog), "tix-event");

  if (g_str_equal (response, "delete"))
    tix_client_delete_event_async (_tix_events_view_get_client (self), tix_event_get_id (event),
                                   self->cancellable, deleted_cb, _tix_events_view_request_new (self, event));
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  TixEventsView *self = TIX_EVENTS_VIEW (widget);
  TixEvent *event = _tix_events_view_lookup (self, parameter);
  GtkWidget *dialog;

  if (event == NULL)
    return;
  if (tix_event_get_id (event) == tix_season_get_current_id (self->season))
    {
      _tix_events_view_toast (self, _("The current event cannot be deleted: make another one current first"));
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
  gtk_widget_class_install_action (widget_class, "events.copy", "x", _tix_events_view_copy_action);
  gtk_widget_class_install_action (widget_class, "events.make-current", "x", make_current_action);
  gtk_widget_class_install_action (widget_class, "events.archive", "x", archive_action);
  gtk_widget_class_install_action (widget_class, "events.unarchive", "x", archive_action);
  gtk_widget_class_install_action (widget_class, "events.delete", "x", delete_action);
  gtk_widget_class_install_action (widget_class, "events.types", "x", types_action);
  gtk_widget_class_install_action (widget_class, "events.entrances", "x", entrances_action);
  gtk_widget_class_install_property_action (widget_class, "events.show-archived", "show-archived");

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "events.new", NULL);
}
