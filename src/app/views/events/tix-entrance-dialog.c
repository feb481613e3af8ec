/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-entrance-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "tix-app-util.h"
#include "tix-date-time-entry.h"
#include "tix-entrance-dialog.h"
#include "tix-validate.h"

typedef enum
{
  FIELD_NAME,
  FIELD_TYPES,
  FIELD_OPENS,
  FIELD_CLOSES,
  N_FIELDS
} Field;

/* The server's member of each field. */
static const char *field_members[N_FIELDS] = { "name", "type_ids", "opens_at", "closes_at" };

struct _TixEntranceDialog
{
  AdwWindow         parent_instance;

  /* Template widgets */
  AdwWindowTitle   *window_title;
  GtkWidget        *save_button;
  GtkLabel         *error_label;
  AdwEntryRow      *name_row;
  GtkListBox       *types_list;
  GtkSwitch        *exit_switch;
  GtkSwitch        *reentry_switch;
  TixDateTimeEntry *opens_entry;
  TixDateTimeEntry *closes_entry;
  GtkWidget        *name_error_row;
  GtkWidget        *types_error_row;
  GtkWidget        *opens_error_row;
  GtkWidget        *closes_error_row;
  GtkLabel         *name_error;
  GtkLabel         *types_error;
  GtkLabel         *opens_error;
  GtkLabel         *closes_error;

  /* Owned references */
  TixClient        *client;
  TixEvent         *event;
  TixEntrance      *entrance;     /* the one changed, or NULL for a new one */
  GCancellable     *cancellable;
  GHashTable       *checks;       /* type id (gint64 *) -> GtkCheckButton (weak: the list's) */

  guint             tried : 1;    /* Save was pressed: keep the errors current */
  guint             busy : 1;
};

G_DEFINE_FINAL_TYPE (TixEntranceDialog, tix_entrance_dialog, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
field_widgets (TixEntranceDialog  *self,
               Field               field,
               GtkWidget         **row,
               GtkWidget         **error_row,
               GtkLabel          **error_label)
{
  switch (field)
    {
    case FIELD_NAME:
      *row = GTK_WIDGET (self->name_row), *error_row = self->name_error_row;
      *error_label = self->name_error;
      break;
    case FIELD_TYPES:
      *row = GTK_WIDGET (self->types_list), *error_row = self->types_error_row;
      *error_label = self->types_error;
      break;
    case FIELD_OPENS:
      *row = gtk_widget_get_ancestor (GTK_WIDGET (self->opens_entry), GTK_TYPE_LIST_BOX_ROW);
      *error_row = self->opens_error_row, *error_label = self->opens_error;
      break;
    case FIELD_CLOSES:
    default:
      *row = gtk_widget_get_ancestor (GTK_WIDGET (self->closes_entry), GTK_TYPE_LIST_BOX_ROW);
      *error_row = self->closes_error_row, *error_label = self->closes_error;
      break;
    }
}

/* @message NULL: the field is fine. */
static void
set_field_error (TixEntranceDialog *self,
                 Field              field,
                 const char        *message)
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

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* The ids of the types checked, ascending. */
static GArray *
checked_types (TixEntranceDialog *self)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, self->checks);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (gtk_check_button_get_active (value))
      g_array_append_val (ids, *(gint64 *) key);
  g_array_sort (ids, compare_ids);
  return ids;
}

/* Reads every field into a new entrance; says what is wrong under each
 * field (when @show) and returns how many are. */
static guint
check_fields (TixEntranceDialog  *self,
              gboolean            show,
              TixEntrance       **out_entrance)
{
  const char *messages[N_FIELDS] = { NULL, };
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  g_autoptr(GArray) ids = checked_types (self);
  gint64 day = self->event != NULL ? tix_event_get_starts_at (self->event) : -1;
  gint64 opens = TIX_ENTRANCE_NO_TIME, closes = TIX_ENTRANCE_NO_TIME;
  const char *message = NULL;
  gboolean opens_ok, closes_ok;
  guint n_errors = 0;

  if (!tix_validate_name (name, &message))
    messages[FIELD_NAME] = *name == '\0' ? _("Give the entrance a name, such as “North Gate”")
                                         : _(message);

  opens_ok = tix_date_time_entry_get_ms (self->opens_entry, day, &opens, &messages[FIELD_OPENS]);
  closes_ok = tix_date_time_entry_get_ms (self->closes_entry, day, &closes,
                                          &messages[FIELD_CLOSES]);
  if (opens_ok && opens < 0)
    opens = TIX_ENTRANCE_NO_TIME;
  if (closes_ok && closes < 0)
    closes = TIX_ENTRANCE_NO_TIME;
  if (opens_ok && closes_ok && opens != TIX_ENTRANCE_NO_TIME &&
      closes != TIX_ENTRANCE_NO_TIME && closes <= opens)
    messages[FIELD_CLOSES] = _("It must close after it opens");

  for (guint i = 0; i < N_FIELDS; i++)
    {
      if (messages[i] != NULL)
        n_errors++;
      if (show)
        set_field_error (self, i, messages[i]);
    }
  if (n_errors == 0 && out_entrance != NULL)
    {
      TixEntrance *entrance = tix_entrance_new (name);

      tix_entrance_set_type_ids (entrance, (const gint64 *) (gpointer) ids->data, ids->len);
      tix_entrance_set_allow_exit (entrance, gtk_switch_get_active (self->exit_switch));
      tix_entrance_set_allow_reentry (entrance, gtk_switch_get_active (self->reentry_switch));
      tix_entrance_set_opens_at (entrance, opens);
      tix_entrance_set_closes_at (entrance, closes);
      *out_entrance = entrance;
    }
  return n_errors;
}

static void
on_field_changed (TixEntranceDialog *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  if (self->tried)
    check_fields (self, TRUE, NULL);
}

static void
set_busy (TixEntranceDialog *self,
          gboolean           busy)
{
  self->busy = busy;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "entrance.save", !busy);
}

/* The server's answer to a create or an update. */
static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  TixClient *client = TIX_CLIENT (object);
  g_autoptr(TixEntranceDialog) self = user_data;
  g_autoptr(TixEntrance) entrance = NULL;
  g_autoptr(GError) error = NULL;
  const char *field;

  if (self->entrance == NULL)
    entrance = tix_client_create_entrance_finish (client, result, &error);
  else
    entrance = tix_client_update_entrance_finish (client, result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_busy (self, FALSE);
  if (entrance == NULL)
    {
      field = tix_client_error_get_field (error);
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

  g_signal_emit (self, signals[SAVED], 0, entrance);
  gtk_window_close (GTK_WINDOW (self));
}

void
tix_entrance_dialog_save (TixEntranceDialog *self)
{
  g_autoptr(TixEntrance) entrance = NULL;

  g_return_if_fail (TIX_IS_ENTRANCE_DIALOG (self));

  if (self->busy)
    return;

  self->tried = TRUE;
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  if (check_fields (self, TRUE, &entrance) > 0)
    return;

  set_busy (self, TRUE);
  if (self->entrance == NULL)
    tix_client_create_entrance_async (self->client, tix_event_get_id (self->event), entrance,
                                      self->cancellable, saved_cb, g_object_ref (self));
  else
    tix_client_update_entrance_async (self->client, tix_entrance_get_id (self->entrance), entrance,
                                      TIX_ENTRANCE_FIELDS_ALL, self->cancellable, saved_cb,
                                      g_object_ref (self));
}

gboolean
tix_entrance_dialog_get_busy (TixEntranceDialog *self)
{
  g_return_val_if_fail (TIX_IS_ENTRANCE_DIALOG (self), FALSE);

  return self->busy;
}

GtkCheckButton *
tix_entrance_dialog_get_type_check (TixEntranceDialog *self,
                                    gint64             type_id)
{
  g_return_val_if_fail (TIX_IS_ENTRANCE_DIALOG (self), NULL);

  return g_hash_table_lookup (self->checks, &type_id);
}

static void
on_entry_activated (TixEntranceDialog *self)
{
  tix_entrance_dialog_save (self);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  tix_entrance_dialog_save (TIX_ENTRANCE_DIALOG (widget));
}

/* GObject --------------------------------------------------------------------- */

static void
tix_entrance_dialog_dispose (GObject *object)
{
  TixEntranceDialog *self = TIX_ENTRANCE_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);
  g_clear_object (&self->event);
  g_clear_object (&self->entrance);
  if (self->checks != NULL)
    g_hash_table_remove_all (self->checks);

  G_OBJECT_CLASS (tix_entrance_dialog_parent_class)->dispose (object);
}

static void
tix_entrance_dialog_finalize (GObject *object)
{
  TixEntranceDialog *self = TIX_ENTRANCE_DIALOG (object);

  g_clear_pointer (&self->checks, g_hash_table_unref);

  G_OBJECT_CLASS (tix_entrance_dialog_parent_class)->finalize (object);
}

static void
tix_entrance_dialog_class_init (TixEntranceDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tix_entrance_dialog_dispose;
  object_class->finalize = tix_entrance_dialog_finalize;

  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, TIX_TYPE_ENTRANCE);

  g_type_ensure (TIX_TYPE_DATE_TIME_ENTRY);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/gnome/Tix/ui/views/events/tix-entrance-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, TixEntranceDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, TixEntranceDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, TixEntranceDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, TixEntranceDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, TixEntranceDialog, types_list);
  gtk_widget_class_bind_template_child (widget_class, TixEntranceDialog, exit_switch);
  gtk_widget_class_bind_template_child (widget_class, TixEntranceDialog, reentry_switch);
  gtk_widget_class_bind_template_child (widget_class, TixEntranceDialog, opens_entry);
  gtk_widget_class_bind_template_child (widget_class, TixEntranceDialog, closes_entry);
  gtk_widget_class_bind_template_child (widget_class, TixEntranceDialog, name_error_row);
  gtk_widget_class_bind_template_child (widget_class, TixEntranceDialog, types_error_row);
  gtk_widget_class_bind_template_child (widget_class, TixEntranceDialog, opens_error_row);
  gtk_widget_class_bind_template_child (widget_class, TixEntranceDialog, closes_error_row);
  gtk_widget_class_bind_template_child (widget_class, TixEntranceDialog, name_error);
  gtk_widget_class_bind_template_child (widget_class, TixEntranceDialog, types_error);
  gtk_widget_class_bind_template_child (widget_class, TixEntranceDialog, opens_error);
  gtk_widget_class_bind_template_child (widget_class, TixEntranceDialog, closes_error);
  gtk_widget_class_bind_template_callback (widget_class, on_field_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activated);

  gtk_widget_class_install_action (widget_class, "entrance.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "entrance.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
tix_entrance_dialog_init (TixEntranceDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->checks = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
}

static gboolean
admits (TixEntrance *entrance,
        gint64       type_id)
{
  guint n = 0;
  const gint64 *ids = entrance != NULL ? tix_entrance_get_type_ids (entrance, &n) : NULL;

  for (guint i = 0; i < n; i++)
    if (ids[i] == type_id)
      return TRUE;
  return FALSE;
}

static void
add_type_rows (TixEntranceDialog *self,
               GPtrArray         *types)
{
  for (guint i = 0; types != NULL && i < types->len; i++)
    {
      const TixTicketType *type = g_ptr_array_index (types, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), type->name);
      if (!type->active)
        /* Translators: under a ticket type the desk no longer sells */
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Off sale"));
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), admits (self->entrance, type->id));
      gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      type->name, -1);
      g_signal_connect_object (check, "toggled", G_CALLBACK (on_field_changed), self,
                               G_CONNECT_SWAPPED);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      gtk_list_box_insert (self->types_list, row, (int) i);
      g_hash_table_insert (self->checks, g_memdup2 (&type->id, sizeof type->id), check);
    }
  if (types == NULL || types->len == 0)
    {
      /* Translators: in the entrance dialog, when the event has no ticket types */
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("The event has no ticket types yet"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
      gtk_widget_add_css_class (row, "dim-label");
      gtk_list_box_insert (self->types_list, row, 0);
    }
}

TixEntranceDialog *
tix_entrance_dialog_new (TixClient   *client,
                         TixEvent    *event,
                         GPtrArray   *types,
                         TixEntrance *entrance,
                         const char  *zone_name)
{
  TixEntranceDialog *self;

  g_return_val_if_fail (TIX_IS_CLIENT (client), NULL);
  g_return_val_if_fail (TIX_IS_EVENT (event), NULL);
  g_return_val_if_fail (entrance == NULL || TIX_IS_ENTRANCE (entrance), NULL);

  self = g_object_new (TIX_TYPE_ENTRANCE_DIALOG, NULL);
  self->client = g_object_ref (client);
  self->event = g_object_ref (event);
  self->entrance = entrance != NULL ? g_object_ref (entrance) : NULL;
  tix_date_time_entry_set_zone (self->opens_entry, zone_name);
  tix_date_time_entry_set_zone (self->closes_entry, zone_name);
  add_type_rows (self, types);
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->name_row));

  if (entrance == NULL)
    {
      gtk_window_set_title (GTK_WINDOW (self), _("New Entrance"));
      adw_window_title_set_title (self->window_title, _("New Entrance"));
      adw_window_title_set_subtitle (self->window_title, tix_event_display_name (event));
      gtk_button_set_label (GTK_BUTTON (self->save_button), _("_Add"));
      return self;
    }

  gtk_window_set_title (GTK_WINDOW (self), _("Edit Entrance"));
  adw_window_title_set_title (self->window_title, _("Edit Entrance"));
  adw_window_title_set_subtitle (self->window_title, tix_entrance_get_name (entrance));
  gtk_button_set_label (GTK_BUTTON (self->save_button), _("_Save"));
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), tix_entrance_get_name (entrance));
  gtk_switch_set_active (self->exit_switch, tix_entrance_get_allow_exit (entrance));
  gtk_switch_set_active (self->reentry_switch, tix_entrance_get_allow_reentry (entrance));
  tix_date_time_entry_set_time (self->opens_entry, tix_entrance_get_opens_at (entrance));
  tix_date_time_entry_set_time (self->closes_entry, tix_entrance_get_closes_at (entrance));
  return self;
}
