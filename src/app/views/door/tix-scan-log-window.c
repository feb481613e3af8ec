/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-scan-log"

#include "config.h"

#include <glib/gi18n.h>

#include "tix-door-board.h"
#include "tix-org-time.h"
#include "tix-scan-log-window.h"

#define PAGE_SIZE 50

struct _TixScanLogWindow
{
  AdwWindow       parent_instance;

  /* Template widgets */
  AdwWindowTitle *window_title;
  GtkDropDown    *result_dropdown;
  GtkDropDown    *entrance_dropdown;
  GtkStack       *stack;
  GtkListBox     *list;
  GtkButton      *more_button;
  AdwStatusPage  *empty_page;

  /* Owned references */
  TixSession     *session;
  TixSeason      *season;
  GCancellable   *cancellable;   /* the page being read */
  GCancellable   *entrances_cancellable;
  GPtrArray      *entrances;     /* TixEntrance, as in entrance_dropdown after "All" */
  GTimeZone      *zone;
  char           *cursor;        /* of the next page, NULL on the last */

  gint64          event_id;
  guint           n_rows;
  guint           loading : 1;
  guint           filling : 1;   /* the drop downs are being filled */
};

G_DEFINE_FINAL_TYPE (TixScanLogWindow, tix_scan_log_window, ADW_TYPE_WINDOW)

static TixClient *
client_of (TixScanLogWindow *self)
{
  return self->session != NULL ? tix_session_get_client (self->session) : NULL;
}

static const char *
chosen_result (TixScanLogWindow *self)
{
  guint selected = gtk_drop_down_get_selected (self->result_dropdown);

  /* 0 is "Every result". */
  if (selected == 0 || selected == GTK_INVALID_LIST_POSITION)
    return NULL;
  return tix_door_board_results ()[selected - 1];
}

static gint64
chosen_entrance (TixScanLogWindow *self)
{
  guint selected = gtk_drop_down_get_selected (self->entrance_dropdown);

  if (selected == 0 || selected == GTK_INVALID_LIST_POSITION || self->entrances == NULL ||
      selected > self->entrances->len)
    return 0;
  return tix_entrance_get_id (g_ptr_array_index (self->entrances, selected - 1));
}

static const char *
entrance_name (TixScanLogWindow *self,
               gint64            entrance_id)
{
  for (guint i = 0; self->entrances != NULL && i < self->entrances->len; i++)
    if (tix_entrance_get_id (g_ptr_array_index (self->entrances, i)) == entrance_id)
      return tix_entrance_get_name (g_ptr_array_index (self->entrances, i));
  return NULL;
}

/* Rows ----------------------------------------------------------------------------- */

static GtkWidget *
row_new (TixScanLogWindow *self,
         TixScanLogEntry  *entry)
{
  const char *number = tix_scan_log_entry_get_number (entry);
  const char *station = tix_scan_log_entry_get_station (entry);
  const char *entrance = entrance_name (self, tix_scan_log_entry_get_entrance_id (entry));
  g_autofree char *when = tix_org_time_format (self->zone, tix_scan_log_entry_get_at (entry),
                                               "%x %X");
  g_autoptr(GString) subtitle = g_string_new (when);
  g_autofree char *title = NULL;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *result;

  title = g_markup_escape_text (number != NULL && *number != '\0' ? number : _("Unknown code"),
                                -1);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);

  /* Translators: the parts of a scan log line, "21:04:33 · North Door · Out · Desk 2" */
  g_string_append_printf (subtitle, " · %s", tix_scan_log_entry_get_exit (entry) ? _("Out")
                                                                                  : _("In"));
  if (entrance != NULL)
    g_string_append_printf (subtitle, " · %s", entrance);
  if (station != NULL && *station != '\0')
    g_string_append_printf (subtitle, " · %s", station);
  if (tix_scan_log_entry_get_uploaded (entry))
    g_string_append_printf (subtitle, " · %s", _("uploaded from offline"));
  {
    g_autofree char *escaped = g_markup_escape_text (subtitle->str, -1);

    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped);
  }

  result = gtk_label_new (tix_door_board_result_label (tix_scan_log_entry_get_result (entry)));
  gtk_widget_add_css_class (result, tix_scan_log_entry_get_admitted (entry) ? "success"
                                                                            : "error");
  gtk_widget_add_css_class (result, "heading");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), result);
  return row;
}

static void
clear_list (TixScanLogWindow *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  self->n_rows = 0;
}

static void
update_state (TixScanLogWindow *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->more_button), self->cursor != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->more_button), !self->loading);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "scan-log.load-more",
                                 self->cursor != NULL && !self->loading);
  gtk_stack_set_visible_child_name (self->stack,
                                    self->n_rows == 0 && !self->loading ? "empty" : "list");
}

/* Pages ---------------------------------------------------------------------------- */

static void
page_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(TixScanLogPage) page = NULL;
  g_autoptr(GError) error = NULL;
  TixScanLogWindow *self;

  page = tix_client_list_scan_log_finish (TIX_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = TIX_SCAN_LOG_WINDOW (user_data);
  self->loading = FALSE;
  g_clear_pointer (&self->cursor, g_free);
  if (page == NULL)
    {
      adw_status_page_set_title (self->empty_page, _("Could Not Read the Scan Log"));
      adw_status_page_set_description (self->empty_page, error->message);
      update_state (self);
      return;
    }

  for (guint i = 0; i < page->entries->len; i++)
    {
      gtk_list_box_append (self->list, row_new (self, g_ptr_array_index (page->entries, i)));
      self->n_rows++;
    }
  self->cursor = g_strdup (page->next_cursor);
  update_state (self);
}

static void
load_page (TixScanLogWindow *self,
           const char       *cursor)
{
  TixClient *client = client_of (self);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (client == NULL || self->event_id == 0)
    {
      self->loading = FALSE;
      update_state (self);
      return;
    }

  self->cancellable = g_cancellable_new ();
  self->loading = TRUE;
  update_state (self);
  tix_client_list_scan_log_async (client, self->event_id, chosen_entrance (self),
                                  chosen_result (self), cursor, PAGE_SIZE, self->cancellable,
                                  page_cb, self);
}

void
tix_scan_log_window_reload (TixScanLogWindow *self)
{
  g_return_if_fail (TIX_IS_SCAN_LOG_WINDOW (self));

  clear_list (self);
  g_clear_pointer (&self->cursor, g_free);
  adw_status_page_set_title (self->empty_page, _("No Scans"));
  adw_status_page_set_description (self->empty_page, _("No attempt at the door matches"));
  load_page (self, NULL);
}

void
tix_scan_log_window_load_more (TixScanLogWindow *self)
{
  g_return_if_fail (TIX_IS_SCAN_LOG_WINDOW (self));

  if (self->cursor != NULL && !self->loading)
    {
      g_autofree char *cursor = g_strdup (self->cursor);

      load_page (self, cursor);
    }
}

static void
on_filter_changed (TixScanLogWindow *self)
{
  if (!self->filling)
    tix_scan_log_window_reload (self);
}

/* The entrances --------------------------------------------------------------------- */

static void
entrances_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GPtrArray) entrances = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkStringList) names = NULL;
  TixScanLogWindow *self;

  entrances = tix_client_list_entrances_finish (TIX_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = TIX_SCAN_LOG_WINDOW (user_data);
  g_clear_pointer (&self->entrances, g_ptr_array_unref);
  self->entrances = entrances != NULL ? g_ptr_array_ref (entrances)
                                      : g_ptr_array_new_with_free_func (g_object_unref);
  names = gtk_string_list_new (NULL);
  gtk_string_list_append (names, _("Every Entrance"));
  for (guint i = 0; i < self->entrances->len; i++)
    gtk_string_list_append (names, tix_entrance_get_name (g_ptr_array_index (self->entrances, i)));

  self->filling = TRUE;
  gtk_drop_down_set_model (self->entrance_dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->entrance_dropdown, 0);
  self->filling = FALSE;
  /* The rows name their entrances now. */
  tix_scan_log_window_reload (self);
}

static void
follow_event (TixScanLogWindow *self)
{
  TixClient *client = client_of (self);
  TixEvent *event = tix_season_get_event (self->season);
  gint64 event_id = tix_season_get_event_id (self->season);
  const char *name = event != NULL ? tix_event_get_name (event) : NULL;

  adw_window_title_set_subtitle (self->window_title, name != NULL ? name : "");
  g_clear_pointer (&self->zone, g_time_zone_unref);
  self->zone = tix_org_time_zone_new (tix_season_get_time_zone (self->season));
  if (event_id == self->event_id)
    return;

  self->event_id = event_id;
  g_cancellable_cancel (self->entrances_cancellable);
  g_clear_object (&self->entrances_cancellable);
  if (client == NULL || event_id == 0)
    {
      tix_scan_log_window_reload (self);
      return;
    }
  self->entrances_cancellable = g_cancellable_new ();
  tix_client_list_entrances_async (client, event_id, self->entrances_cancellable,
                                   entrances_cb, self);
}

/* Filters --------------------------------------------------------------------------- */

void
tix_scan_log_window_set_filter (TixScanLogWindow *self,
                                const char       *result,
                                gint64            entrance_id)
{
  const char * const *results = tix_door_board_results ();
  guint result_position = 0;
  guint entrance_position = 0;

  g_return_if_fail (TIX_IS_SCAN_LOG_WINDOW (self));

  for (guint i = 0; result != NULL && results[i] != NULL; i++)
    if (g_str_equal (results[i], result))
      result_position = i + 1;
  for (guint i = 0; self->entrances != NULL && i < self->entrances->len; i++)
    if (tix_entrance_get_id (g_ptr_array_index (self->entrances, i)) == entrance_id)
      entrance_position = i + 1;

  self->filling = TRUE;
  gtk_drop_down_set_selected (self->result_dropdown, result_position);
  gtk_drop_down_set_selected (self->entrance_dropdown, entrance_position);
  self->filling = FALSE;
  tix_scan_log_window_reload (self);
}

guint
tix_scan_log_window_get_n_rows (TixScanLogWindow *self)
{
  g_return_val_if_fail (TIX_IS_SCAN_LOG_WINDOW (self), 0);

  return self->n_rows;
}

gboolean
tix_scan_log_window_get_loading (TixScanLogWindow *self)
{
  g_return_val_if_fail (TIX_IS_SCAN_LOG_WINDOW (self), FALSE);

  return self->loading || self->entrances == NULL;
}

gboolean
tix_scan_log_window_get_has_more (TixScanLogWindow *self)
{
  g_return_val_if_fail (TIX_IS_SCAN_LOG_WINDOW (self), FALSE);

  return self->cursor != NULL;
}

/* GObject --------------------------------------------------------------------------- */

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  tix_scan_log_window_reload (TIX_SCAN_LOG_WINDOW (widget));
}

static void
load_more_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  tix_scan_log_window_load_more (TIX_SCAN_LOG_WINDOW (widget));
}

static void
tix_scan_log_window_dispose (GObject *object)
{
  TixScanLogWindow *self = TIX_SCAN_LOG_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->entrances_cancellable);
  g_clear_object (&self->entrances_cancellable);
  if (self->season != NULL)
    g_signal_handlers_disconnect_by_data (self->season, self);
  g_clear_object (&self->season);
  g_clear_object (&self->session);
  g_clear_pointer (&self->entrances, g_ptr_array_unref);
  g_clear_pointer (&self->zone, g_time_zone_unref);
  g_clear_pointer (&self->cursor, g_free);

  gtk_widget_dispose_template (GTK_WIDGET (self), TIX_TYPE_SCAN_LOG_WINDOW);

  G_OBJECT_CLASS (tix_scan_log_window_parent_class)->dispose (object);
}

static void
tix_scan_log_window_class_init (TixScanLogWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tix_scan_log_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/gnome/Tix/ui/views/door/tix-scan-log-window.ui");
  gtk_widget_class_bind_template_child (widget_class, TixScanLogWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, TixScanLogWindow, result_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TixScanLogWindow, entrance_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TixScanLogWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, TixScanLogWindow, list);
  gtk_widget_class_bind_template_child (widget_class, TixScanLogWindow, more_button);
  gtk_widget_class_bind_template_child (widget_class, TixScanLogWindow, empty_page);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_changed);

  gtk_widget_class_install_action (widget_class, "scan-log.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "scan-log.load-more", NULL, load_more_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "scan-log.reload", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
tix_scan_log_window_init (TixScanLogWindow *self)
{
  g_autoptr(GtkStringList) results = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) entrances = gtk_string_list_new (NULL);
  const char * const *codes = tix_door_board_results ();

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_string_list_append (results, _("Every Result"));
  for (guint i = 0; codes[i] != NULL; i++)
    gtk_string_list_append (results, tix_door_board_result_label (codes[i]));
  gtk_string_list_append (entrances, _("Every Entrance"));

  self->filling = TRUE;
  gtk_drop_down_set_model (self->result_dropdown, G_LIST_MODEL (results));
  gtk_drop_down_set_model (self->entrance_dropdown, G_LIST_MODEL (entrances));
  self->filling = FALSE;
  self->zone = g_time_zone_new_local ();
  update_state (self);
}

TixScanLogWindow *
tix_scan_log_window_new (TixSession *session,
                         TixSeason  *season)
{
  TixScanLogWindow *self;

  g_return_val_if_fail (TIX_IS_SESSION (session), NULL);
  g_return_val_if_fail (TIX_IS_SEASON (season), NULL);

  self = g_object_new (TIX_TYPE_SCAN_LOG_WINDOW, NULL);
  self->session = g_object_ref (session);
  self->season = g_object_ref (season);
  g_signal_connect_object (season, "notify::event-id", G_CALLBACK (follow_event), self,
                           G_CONNECT_SWAPPED);
  follow_event (self);

  return self;
}
