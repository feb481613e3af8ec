/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-conflicts-window"

#include "config.h"

#include <glib/gi18n.h>

#include "tix-conflicts-window.h"
#include "tix-time.h"

struct _TixConflictsWindow
{
  AdwWindow       parent_instance;

  /* Widgets, owned by the window */
  GtkStack       *stack;
  GtkListBox     *list;
  AdwStatusPage  *error_page;

  /* Owned references */
  TixClient      *client;
  GCancellable   *cancellable;

  int             n_rows;
};

G_DEFINE_FINAL_TYPE (TixConflictsWindow, tix_conflicts_window, ADW_TYPE_WINDOW)

static char *
format_when (const char *iso)
{
  g_autoptr(GDateTime) when = NULL;
  gint64 ms;

  if (iso == NULL || !tix_time_parse_iso (iso, &ms))
    return g_strdup (_("unknown time"));

  when = g_date_time_new_from_unix_local (ms / 1000);
  if (when == NULL)
    return g_strdup (iso);

  /* Translators: a date and time, see g_date_time_format() */
  return g_date_time_format (when, _("%x %X"));
}

/* "21:04:33 by Ana at station 3f2a…" */
static char *
describe_scan (const char *at,
               const char *who,
               const char *station)
{
  g_autofree char *when = format_when (at);
  g_autofree char *short_station = NULL;
  g_autofree char *name = tix_station_get_name (station);

  if (who == NULL || *who == '\0')
    who = _("someone");
  if (station == NULL || *station == '\0')
    station = _("an unknown station");
  else if (name != NULL)
    /* Its name, as given in its preferences. */
    station = name;
  else if (g_uuid_string_is_valid (station))
    {
      /* A station id is a UUID: its start tells stations apart. */
      short_station = g_strndup (station, 8);
      station = short_station;
    }

  /* Translators: when, by whom, at which station: "25/11/26 21:04:33 by Ana at 3f2a…" */
  return g_strdup_printf (_("%s by %s at %s"), when, who, station);
}

static GtkWidget *
new_scan_row (const char *title,
              const char *description)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *escaped = g_markup_escape_text (description, -1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped);

  return row;
}

static GtkWidget *
new_conflict_row (const TixScanConflict *conflict)
{
  const char *number = conflict->number;
  g_autofree char *escaped = NULL;
  g_autofree char *first_text = NULL;
  g_autofree char *second_text = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *when = format_when (conflict->at);
  GtkWidget *row = adw_expander_row_new ();

  escaped = g_markup_escape_text (number ? number : _("Unknown ticket"), -1);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), escaped);
  /* Translators: when the server found that a ticket was admitted twice */
  subtitle = g_strdup_printf (_("Admitted twice, found %s"), when);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);

  first_text = describe_scan (conflict->first.scanned_at, conflict->first.user_name,
                              conflict->first.station);
  second_text = describe_scan (conflict->second.scanned_at, conflict->second.user_name,
                               conflict->second.station);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row),
                            new_scan_row (_("First scan (counted)"), first_text));
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row),
                            new_scan_row (_("Second scan (made offline)"), second_text));

  return row;
}

static void
clear_list (TixConflictsWindow *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
}

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(GError) error = NULL;
  TixConflictsWindow *self;
  guint n;

  conflicts = tix_client_list_scan_conflicts_finish (TIX_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = TIX_CONFLICTS_WINDOW (user_data);
  clear_list (self);

  if (conflicts == NULL)
    {
      self->n_rows = -1;
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      return;
    }

  n = conflicts->len;
  for (guint i = 0; i < n; i++)
    gtk_list_box_append (self->list, new_conflict_row (g_ptr_array_index (conflicts, i)));
  self->n_rows = (int) n;
  gtk_stack_set_visible_child_name (self->stack, n > 0 ? "list" : "empty");
}

static void
reload (TixConflictsWindow *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->n_rows = -1;

  gtk_stack_set_visible_child_name (self->stack, "loading");
  tix_client_list_scan_conflicts_async (self->client, self->cancellable, loaded_cb, self);
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  reload (TIX_CONFLICTS_WINDOW (widget));
}

static void
tix_conflicts_window_dispose (GObject *object)
{
  TixConflictsWindow *self = TIX_CONFLICTS_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (tix_conflicts_window_parent_class)->dispose (object);
}

static void
tix_conflicts_window_class_init (TixConflictsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tix_conflicts_window_dispose;

  gtk_widget_class_install_action (widget_class, "conflicts.reload", NULL, reload_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "conflicts.reload", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK,
                                       "conflicts.reload", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
tix_conflicts_window_init (TixConflictsWindow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *reload_button = gtk_button_new_from_icon_name ("view-refresh-symbolic");
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *spinner = gtk_spinner_new ();
  GtkWidget *empty = adw_status_page_new ();
  GtkWidget *list_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *intro = gtk_label_new (_("Tickets that two stations admitted while the server "
                                      "could not be reached. The first scan counts; the "
                                      "second was let in too."));

  self->n_rows = -1;

  gtk_window_set_title (GTK_WINDOW (self), _("Scan Conflicts"));
  gtk_window_set_default_size (GTK_WINDOW (self), 560, 480);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (reload_button), "conflicts.reload");
  gtk_widget_set_tooltip_text (reload_button, _("Reload (F5)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (reload_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Reload the list"), -1);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), reload_button);
  gtk_box_append (GTK_BOX (box), header);

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->stack), TRUE);

  gtk_spinner_set_spinning (GTK_SPINNER (spinner), TRUE);
  gtk_widget_set_halign (spinner, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (spinner, GTK_ALIGN_CENTER);
  gtk_widget_set_size_request (spinner, 32, 32);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spinner), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Loading"), -1);
  gtk_stack_add_named (self->stack, spinner, "loading");

  adw_status_page_set_icon_name (ADW_STATUS_PAGE (empty), "object-select-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (empty), _("No Conflicts"));
  adw_status_page_set_description (ADW_STATUS_PAGE (empty),
                                   _("No ticket has been admitted twice"));
  gtk_stack_add_named (self->stack, empty, "empty");

  self->error_page = ADW_STATUS_PAGE (adw_status_page_new ());
  adw_status_page_set_icon_name (self->error_page, "dialog-error-symbolic");
  adw_status_page_set_title (self->error_page, _("Could Not Load the Conflicts"));
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->error_page), "error");

  gtk_label_set_wrap (GTK_LABEL (intro), TRUE);
  gtk_label_set_xalign (GTK_LABEL (intro), 0);
  gtk_widget_add_css_class (intro, "dim-label");
  gtk_box_append (GTK_BOX (list_box), intro);

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Tickets admitted twice"), -1);
  gtk_box_append (GTK_BOX (list_box), GTK_WIDGET (self->list));

  gtk_widget_set_margin_top (list_box, 18);
  gtk_widget_set_margin_bottom (list_box, 18);
  gtk_widget_set_margin_start (list_box, 12);
  gtk_widget_set_margin_end (list_box, 12);
  adw_clamp_set_child (ADW_CLAMP (clamp), list_box);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_stack_add_named (self->stack, scrolled, "list");

  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->stack));
  adw_window_set_content (ADW_WINDOW (self), box);
}

TixConflictsWindow *
tix_conflicts_window_new (TixClient *client)
{
  TixConflictsWindow *self;

  g_return_val_if_fail (TIX_IS_CLIENT (client), NULL);

  self = g_object_new (TIX_TYPE_CONFLICTS_WINDOW, NULL);
  self->client = g_object_ref (client);
  reload (self);

  return self;
}

int
tix_conflicts_window_get_n_rows (TixConflictsWindow *self)
{
  g_return_val_if_fail (TIX_IS_CONFLICTS_WINDOW (self), -1);

  return self->n_rows;
}

GtkListBox *
tix_conflicts_window_get_list (TixConflictsWindow *self)
{
  g_return_val_if_fail (TIX_IS_CONFLICTS_WINDOW (self), NULL);

  return self->list;
}
