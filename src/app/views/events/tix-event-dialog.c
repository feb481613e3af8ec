/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-event-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "tix-app-util.h"
#include "tix-date-time-entry.h"
#include "tix-event-dialog.h"
#include "tix-validate.h"

struct _TixEventDialog
{
  AdwWindow         parent_instance;

  /* Template widgets */
  AdwWindowTitle   *window_title;
  GtkWidget        *save_button;
  GtkLabel         *error_label;
  AdwEntryRow      *name_row;
  AdwEntryRow      *venue_row;
  TixDateTimeEntry *starts_entry;
  TixDateTimeEntry *ends_entry;
  AdwEntryRow      *capacity_row;
  AdwEntryRow      *max_inside_row;
  GtkWidget        *name_error_row;
  GtkWidget        *venue_error_row;
  GtkWidget        *starts_error_row;
  GtkWidget        *ends_error_row;
  GtkWidget        *capacity_error_row;
  GtkWidget        *max_inside_error_row;
  GtkLabel         *name_error;
  GtkLabel         *venue_error;
  GtkLabel         *starts_error;
  GtkLabel         *ends_error;
  GtkLabel         *capacity_error;
  GtkLabel         *max_inside_error;

  /* Owned references */
  TixClient        *client;
  TixEvent         *event;        /* the one changed, or NULL for a new one */
  GCancellable     *cancellable;

  guint             tried : 1;    /* Save was pressed: keep the errors current */
  guint             busy : 1;
};

G_DEFINE_FINAL_TYPE (TixEventDialog, tix_event_dialog, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef enum
{
  FIELD_NAME,
  FIELD_VENUE,
  FIELD_STARTS,
  FIELD_ENDS,
  FIELD_CAPACITY,
  FIELD_MAX_INSIDE,
  N_FIELDS
} Field;

/* The server's member of each field. */
static const char *field_members[N_FIELDS] = {
  "name", "venue", "starts_at", "ends_at", "capacity", "max_inside",
};

static void
field_widgets (TixEventDialog  *self,
               Field            field,
               GtkWidget      **row,
               GtkWidget      **error_row,
               GtkLabel       **error_label)
{
  switch (field)
    {
    case FIELD_NAME:
      *row = GTK_WIDGET (self->name_row), *error_row = self->name_error_row;
      *error_label = self->name_error;
      break;
    case FIELD_VENUE:
      *row = GTK_WIDGET (self->venue_row), *error_row = self->venue_error_row;
      *error_label = self->venue_error;
      break;
    case FIELD_STARTS:
      *row = gtk_widget_get_ancestor (GTK_WIDGET (self->starts_entry), GTK_TYPE_LIST_BOX_ROW);
      *error_row = self->starts_error_row, *error_label = self->starts_error;
      break;
    case FIELD_ENDS:
      *row = gtk_widget_get_ancestor (GTK_WIDGET (self->ends_entry), GTK_TYPE_LIST_BOX_ROW);
      *error_row = self->ends_error_row, *error_label = self->ends_error;
      break;
    case FIELD_CAPACITY:
      *row = GTK_WIDGET (self->capacity_row), *error_row = self->capacity_error_row;
      *error_label = self->capacity_error;
      break;
    case FIELD_MAX_INSIDE:
    default:
      *row = GTK_WIDGET (self->max_inside_row), *error_row = self->max_inside_error_row;
      *error_label = self->max_inside_error;
      break;
    }
}

/* @message NULL: the field is fine. */
static void
set_field_error (TixEventDialog *self,
                 Field           field,
                 const char     *message)
{
  GtkWidget *row, *error_row;
  GtkLabel *label;

  field_widgets (self, field, &row, &error_row, &label);
  gtk_label_set_label (label, message != NULL ? message : "");
  gtk_widget_set_visible (error_row, message != NULL);
  if (message != NULL)
    {
      gtk_widget_add_css_class (row, "error");
      gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message, -1);
      gtk_accessible_update_state (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_STATE_INVALID,
                                   GTK_ACCESSIBLE_INVALID_TRUE, -1);
    }
  else
    {
      gtk_widget_remove_css_class (row, "error");
      gtk_accessible_reset_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
      gtk_accessible_reset_state (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_STATE_INVALID);
    }
}

/* A limit as typed: empty is none; a whole number from 0. */
static gboolean
read_limit (AdwEntryRow  *row,
            gint64       *out,
            const char  **message)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
  guint64 value;

  *out = TIX_EVENT_NO_LIMIT;
  if (*text == '\0')
    return TRUE;
  if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXINT32, &value, NULL))
    {
      *message = _("Type a whole number from 0, or leave it empty for no limit");
      return FALSE;
    }
  *out = (gint64) value;
  return TRUE;
}

/* Reads every field into a new event; says what is wrong under each field
 * (when @show) and returns how many are. */
static guint
check_fields (TixEventDialog  *self,
              gboolean         show,
              TixEvent       **out_event)
{
  const char *messages[N_FIELDS] = { NULL, };
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  g_autofree char *venue = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->venue_row))));
  g_autoptr(TixEvent) event = NULL;
  gint64 starts = -1, ends = -1, capacity = TIX_EVENT_NO_LIMIT, max_inside = TIX_EVENT_NO_LIMIT;
  const char *message = NULL;
  guint n_errors = 0;

  if (!tix_validate_name (name, &message))
    messages[FIELD_NAME] = *name == '\0' ? _("Give the event a name, such as “Jazz Night”")
                                         : _(message);
  if (*venue != '\0' && !tix_validate_name (venue, &message))
    messages[FIELD_VENUE] = _("A venue has at most 200 characters");

  if (!tix_date_time_entry_get_ms (self->starts_entry, -1, &starts, &messages[FIELD_STARTS]))
    starts = -1;
  if (!tix_date_time_entry_get_ms (self->ends_entry, starts, &ends, &messages[FIELD_ENDS]))
    ends = -1;
  else if (ends >= 0 && starts < 0 && messages[FIELD_STARTS] == NULL)
    messages[FIELD_ENDS] = _("An event with an end needs a start: choose the day it starts");
  else if (ends >= 0 && starts >= 0 && ends < starts)
    messages[FIELD_ENDS] = _("It would end before it starts");

  if (!read_limit (self->capacity_row, &capacity, &messages[FIELD_CAPACITY]))
    capacity = TIX_EVENT_NO_LIMIT;
  if (!read_limit (self->max_inside_row, &max_inside, &messages[FIELD_MAX_INSIDE]))
    max_inside = TIX_EVENT_NO_LIMIT;

  for (guint i = 0; i < N_FIELDS; i++)
    {
      if (messages[i] != NULL)
        n_errors++;
      if (show)
        set_field_error (self, i, messages[i]);
    }

  if (n_errors == 0 && out_event != NULL)
    {
      event = tix_event_new (name);
      tix_event_set_starts_at (event, starts >= 0 ? starts : TIX_EVENT_NO_TIME);
      tix_event_set_ends_at (event, ends >= 0 ? ends : TIX_EVENT_NO_TIME);
      tix_event_set_venue (event, *venue != '\0' ? venue : NULL);
      tix_event_set_capacity (event, capacity);
      tix_event_set_max_inside (event, max_inside);
      *out_event = g_steal_pointer (&event);
    }
  return n_errors;
}

static void
on_field_changed (TixEventDialog *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  if (self->tried)
    check_fields (self, TRUE, NULL);
}

static void
set_busy (TixEventDialog *self,
          gboolean        busy)
{
  self->busy = busy;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "event.save", !busy);
}

/* The server's answer to a create or an update. */
static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  TixClient *client = TIX_CLIENT (object);
  g_autoptr(TixEventDialog) self = user_data;
  g_autoptr(TixEvent) event = NULL;
  g_autoptr(GError) error = NULL;
  const char *field;

  if (self->event == NULL)
    event = tix_client_create_event_finish (client, result, &error);
  else
    event = tix_client_update_event_finish (client, result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_busy (self, FALSE);
  if (event == NULL)
    {
      field = tix_client_error_get_field (error);
      if (g_strcmp0 (field, "count") == 0)
        field = "capacity";
      for (guint i = 0; i < N_FIELDS; i++)
        if (g_strcmp0 (field, field_members[i]) == 0)
          {
            set_field_error (self, i, error->message);
            return;
          }
      gtk_label_set_label (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }

  g_signal_emit (self, signals[SAVED], 0, event);
  gtk_window_close (GTK_WINDOW (self));
}

void
tix_event_dialog_save (TixEventDialog *self)
{
  g_autoptr(TixEvent) event = NULL;

  g_return_if_fail (TIX_IS_EVENT_DIALOG (self));

  if (self->busy)
    return;

  self->tried = TRUE;
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  if (check_fields (self, TRUE, &event) > 0)
    return;

  set_busy (self, TRUE);
  if (self->event == NULL)
    tix_client_create_event_async (self->client, event, self->cancellable, saved_cb,
                                   g_object_ref (self));
  else
    tix_client_update_event_async (self->client, tix_event_get_id (self->event), event,
                                   TIX_EVENT_FIELDS_NEW, self->cancellable, saved_cb,
                                   g_object_ref (self));
}

gboolean
tix_event_dialog_get_busy (TixEventDialog *self)
{
  g_return_val_if_fail (TIX_IS_EVENT_DIALOG (self), FALSE);

  return self->busy;
}

static void
on_entry_activated (TixEventDialog *self)
{
  tix_event_dialog_save (self);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  tix_event_dialog_save (TIX_EVENT_DIALOG (widget));
}

/* GObject --------------------------------------------------------------------- */

static void
tix_event_dialog_dispose (GObject *object)
{
  TixEventDialog *self = TIX_EVENT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);
  g_clear_object (&self->event);

  G_OBJECT_CLASS (tix_event_dialog_parent_class)->dispose (object);
}

static void
tix_event_dialog_class_init (TixEventDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tix_event_dialog_dispose;

  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, TIX_TYPE_EVENT);

  g_type_ensure (TIX_TYPE_DATE_TIME_ENTRY);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/gnome/Tix/ui/views/events/tix-event-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, TixEventDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, TixEventDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, TixEventDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, TixEventDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, TixEventDialog, venue_row);
  gtk_widget_class_bind_template_child (widget_class, TixEventDialog, starts_entry);
  gtk_widget_class_bind_template_child (widget_class, TixEventDialog, ends_entry);
  gtk_widget_class_bind_template_child (widget_class, TixEventDialog, capacity_row);
  gtk_widget_class_bind_template_child (widget_class, TixEventDialog, max_inside_row);
  gtk_widget_class_bind_template_child (widget_class, TixEventDialog, name_error_row);
  gtk_widget_class_bind_template_child (widget_class, TixEventDialog, venue_error_row);
  gtk_widget_class_bind_template_child (widget_class, TixEventDialog, starts_error_row);
  gtk_widget_class_bind_template_child (widget_class, TixEventDialog, ends_error_row);
  gtk_widget_class_bind_template_child (widget_class, TixEventDialog, capacity_error_row);
  gtk_widget_class_bind_template_child (widget_class, TixEventDialog, max_inside_error_row);
  gtk_widget_class_bind_template_child (widget_class, TixEventDialog, name_error);
  gtk_widget_class_bind_template_child (widget_class, TixEventDialog, venue_error);
  gtk_widget_class_bind_template_child (widget_class, TixEventDialog, starts_error);
  gtk_widget_class_bind_template_child (widget_class, TixEventDialog, ends_error);
  gtk_widget_class_bind_template_child (widget_class, TixEventDialog, capacity_error);
  gtk_widget_class_bind_template_child (widget_class, TixEventDialog, max_inside_error);
  gtk_widget_class_bind_template_callback (widget_class, on_field_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activated);

  gtk_widget_class_install_action (widget_class, "event.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "event.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
tix_event_dialog_init (TixEventDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

static void
set_limit (AdwEntryRow *row,
           gint64       limit)
{
  g_autofree char *text = limit >= 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, limit) : g_strdup ("");

  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

TixEventDialog *
tix_event_dialog_new (TixClient  *client,
                      TixEvent   *event,
                      const char *zone_name)
{
  TixEventDialog *self;

  g_return_val_if_fail (TIX_IS_CLIENT (client), NULL);
  g_return_val_if_fail (event == NULL || TIX_IS_EVENT (event), NULL);

  self = g_object_new (TIX_TYPE_EVENT_DIALOG, NULL);
  self->client = g_object_ref (client);
  self->event = event != NULL ? g_object_ref (event) : NULL;
  tix_date_time_entry_set_zone (self->starts_entry, zone_name);
  tix_date_time_entry_set_zone (self->ends_entry, zone_name);

  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->name_row));

  /* The first event of a new organization (no name, no date) is filled in
   * as a new one. */
  if (event == NULL ||
      ((tix_event_get_name (event) == NULL || *tix_event_get_name (event) == '\0') &&
       tix_event_get_starts_at (event) == TIX_EVENT_NO_TIME))
    {
      gtk_window_set_title (GTK_WINDOW (self), _("New Event"));
      adw_window_title_set_title (self->window_title, _("New Event"));
      gtk_button_set_label (GTK_BUTTON (self->save_button), _("C_reate"));
      if (event == NULL)
        return self;
    }
  else
    {
      gtk_window_set_title (GTK_WINDOW (self), _("Edit Event"));
      adw_window_title_set_title (self->window_title, _("Edit Event"));
      adw_window_title_set_subtitle (self->window_title, tix_event_display_name (event));
      gtk_button_set_label (GTK_BUTTON (self->save_button), _("_Save"));
    }

  gtk_editable_set_text (GTK_EDITABLE (self->name_row),
                         tix_event_get_name (event) != NULL ? tix_event_get_name (event) : "");
  gtk_editable_set_text (GTK_EDITABLE (self->venue_row),
                         tix_event_get_venue (event) != NULL ? tix_event_get_venue (event) : "");
  tix_date_time_entry_set_time (self->starts_entry, tix_event_get_starts_at (event));
  tix_date_time_entry_set_time (self->ends_entry, tix_event_get_ends_at (event));
  set_limit (self->capacity_row, tix_event_get_capacity (event));
  set_limit (self->max_inside_row, tix_event_get_max_inside (event));
  return self;
}
