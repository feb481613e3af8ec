/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-event-switcher"

#include "config.h"

#include <glib/gi18n.h>

#include "tix-app-util.h"
#include "tix-event-switcher.h"

struct _TixEventSwitcher
{
  AdwBin         parent_instance;

  /* Template widgets */
  GtkMenuButton *button;
  GtkLabel      *name_label;
  GtkLabel      *date_label;
  GtkPopover    *popover;
  GtkListBox    *events_list;
  GtkListBox    *all_list;
  GtkWidget     *manage_separator;
  GtkWidget     *manage_list;

  /* Owned references */
  TixSeason     *season;
  GSignalGroup  *season_signals;
};

G_DEFINE_FINAL_TYPE (TixEventSwitcher, tix_event_switcher, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SEASON,
  PROP_CAN_MANAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define ROW_EVENT_ID "tix-event-id"

static gint64
row_event_id (GtkListBoxRow *row)
{
  gint64 *id = g_object_get_data (G_OBJECT (row), ROW_EVENT_ID);

  return id != NULL ? *id : 0;
}

/* A row: the name, when and where below it, "Current" and a check. */
static GtkWidget *
make_row (gint64      event_id,
          const char *title,
          const char *subtitle,
          gboolean    current)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *label, *check;

  label = gtk_label_new (title);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (labels), label);
  if (subtitle != NULL)
    {
      label = gtk_label_new (subtitle);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_widget_add_css_class (label, "caption");
      gtk_widget_add_css_class (label, "dim-label");
      gtk_box_append (GTK_BOX (labels), label);
    }
  gtk_widget_set_hexpand (labels, TRUE);
  gtk_box_append (GTK_BOX (box), labels);

  if (current)
    {
      /* Translators: marks the organization's current event in the list */
      label = gtk_label_new (_("Current"));
      gtk_widget_add_css_class (label, "caption-heading");
      gtk_widget_add_css_class (label, "accent");
      gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
      gtk_box_append (GTK_BOX (box), label);
    }

  check = gtk_image_new_from_icon_name ("object-select-symbolic");
  gtk_widget_set_name (check, "check");
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), check);

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data_full (G_OBJECT (row), ROW_EVENT_ID, g_memdup2 (&event_id, sizeof event_id),
                          g_free);
  return row;
}

static void
mark_row (GtkListBoxRow *row,
          gint64         selected_id)
{
  GtkWidget *box = gtk_list_box_row_get_child (row);
  GtkWidget *check = gtk_widget_get_last_child (box);
  gboolean selected = row_event_id (row) == selected_id;

  gtk_widget_set_opacity (check, selected ? 1.0 : 0.0);
  if (selected)
    gtk_accessible_update_state (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_STATE_SELECTED, TRUE, -1);
  else
    gtk_accessible_reset_state (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_STATE_SELECTED);
}

static void
mark_rows (TixEventSwitcher *self)
{
  gint64 selected_id = self->season != NULL ? tix_season_get_selected_id (self->season) : 0;
  GtkListBox *lists[] = { self->events_list, self->all_list };

  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (lists[l]));
         child != NULL; child = gtk_widget_get_next_sibling (child))
      if (GTK_IS_LIST_BOX_ROW (child))
        mark_row (GTK_LIST_BOX_ROW (child), selected_id);
}

static GtkWidget *
create_event_row (gpointer item,
                  gpointer user_data)
{
  TixEventSwitcher *self = user_data;
  TixEvent *event = item;
  g_autofree char *when = tix_format_event_time (tix_season_get_time_zone (self->season), event);
  g_autofree char *subtitle = NULL;
  const char *venue = tix_event_get_venue (event);
  GtkWidget *row;

  if (when != NULL && venue != NULL)
    /* Translators: when and where an event is, "20 Mar 2026, 20:00 · Main Hall" */
    subtitle = g_strdup_printf (_("%s · %s"), when, venue);
  else if (when != NULL)
    subtitle = g_steal_pointer (&when);
  else
    subtitle = g_strdup (venue != NULL ? venue : _("No date"));

  row = make_row (tix_event_get_id (event), tix_event_display_name (event), subtitle,
                  tix_event_get_id (event) == tix_season_get_current_id (self->season));
  mark_row (GTK_LIST_BOX_ROW (row), tix_season_get_selected_id (self->season));
  return row;
}

/* The button says what the views act on. */
static void
update_button (TixEventSwitcher *self)
{
  TixEvent *event = self->season != NULL ? tix_season_get_event (self->season) : NULL;
  g_autofree char *when = NULL;
  g_autofree char *tooltip = NULL;

  if (self->season != NULL && tix_season_get_selected_id (self->season) == 0)
    {
      gtk_label_set_label (self->name_label, _("All Events"));
      gtk_label_set_label (self->date_label, _("The whole season"));
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->button), _("Choose the Event"));
      return;
    }

  if (event == NULL)
    {
      gtk_label_set_label (self->name_label, _("Event"));
      gtk_label_set_label (self->date_label, "");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->button), _("Choose the Event"));
      return;
    }

  when = tix_format_event_time (tix_season_get_time_zone (self->season), event);
  gtk_label_set_label (self->name_label, tix_event_display_name (event));
  gtk_label_set_label (self->date_label, when != NULL ? when : _("No date"));
  /* Translators: the tooltip of the event switcher, with the event's name */
  tooltip = g_strdup_printf (_("Working on “%s”: choose another event"), tix_event_display_name (event));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->button), tooltip);
}

/* A new current event or time zone redraws every row. */
static void
rebind (TixEventSwitcher *self)
{
  gtk_list_box_bind_model (self->events_list,
                           self->season != NULL ? tix_season_get_events (self->season) : NULL,
                           create_event_row, self, NULL);
  update_button (self);
}

static void
on_selection_changed (TixEventSwitcher *self)
{
  mark_rows (self);
  update_button (self);
}

static void
on_row_activated (GtkListBox       *list,
                  GtkListBoxRow    *row,
                  TixEventSwitcher *self)
{
  if (self->season != NULL)
    tix_season_set_selected_id (self->season, row_event_id (row));
  gtk_popover_popdown (self->popover);
}

/* The events page (administrators): "win.show-view" "events". */
static void
on_manage_activated (GtkListBox       *list,
                     GtkListBoxRow    *row,
                     TixEventSwitcher *self)
{
  gtk_popover_popdown (self->popover);
  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-view", "s", "events");
}

/* GObject --------------------------------------------------------------------- */

static void
tix_event_switcher_dispose (GObject *object)
{
  TixEventSwitcher *self = TIX_EVENT_SWITCHER (object);

  if (self->season_signals != NULL)
    g_signal_group_set_target (self->season_signals, NULL);
  if (self->events_list != NULL)
    gtk_list_box_bind_model (self->events_list, NULL, NULL, NULL, NULL);
  g_clear_object (&self->season_signals);
  g_clear_object (&self->season);

  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), TIX_TYPE_EVENT_SWITCHER);

  G_OBJECT_CLASS (tix_event_switcher_parent_class)->dispose (object);
}

static void
tix_event_switcher_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  TixEventSwitcher *self = TIX_EVENT_SWITCHER (object);

  switch (prop_id)
    {
    case PROP_SEASON:
      g_value_set_object (value, self->season);
      break;

    case PROP_CAN_MANAGE:
      g_value_set_boolean (value, gtk_widget_get_visible (self->manage_list));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tix_event_switcher_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  TixEventSwitcher *self = TIX_EVENT_SWITCHER (object);

  switch (prop_id)
    {
    case PROP_SEASON:
      tix_event_switcher_set_season (self, g_value_get_object (value));
      break;

    case PROP_CAN_MANAGE:
      tix_event_switcher_set_can_manage (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tix_event_switcher_class_init (TixEventSwitcherClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tix_event_switcher_dispose;
  object_class->get_property = tix_event_switcher_get_property;
  object_class->set_property = tix_event_switcher_set_property;

  properties[PROP_SEASON] =
    g_param_spec_object ("season", NULL, NULL, TIX_TYPE_SEASON,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* "Manage Events…" at the foot of the list (administrators). */
  properties[PROP_CAN_MANAGE] =
    g_param_spec_boolean ("can-manage", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/gnome/Tix/ui/tix-event-switcher.ui");
  gtk_widget_class_bind_template_child (widget_class, TixEventSwitcher, button);
  gtk_widget_class_bind_template_child (widget_class, TixEventSwitcher, name_label);
  gtk_widget_class_bind_template_child (widget_class, TixEventSwitcher, date_label);
  gtk_widget_class_bind_template_child (widget_class, TixEventSwitcher, popover);
  gtk_widget_class_bind_template_child (widget_class, TixEventSwitcher, events_list);
  gtk_widget_class_bind_template_child (widget_class, TixEventSwitcher, all_list);
  gtk_widget_class_bind_template_child (widget_class, TixEventSwitcher, manage_separator);
  gtk_widget_class_bind_template_child (widget_class, TixEventSwitcher, manage_list);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_manage_activated);
}

static void
tix_event_switcher_init (TixEventSwitcher *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_list_box_append (self->all_list,
                       make_row (0, _("All Events"),
                                 _("Tickets and reports of the whole season"), FALSE));

  self->season_signals = g_signal_group_new (TIX_TYPE_SEASON);
  g_signal_group_connect_swapped (self->season_signals, "notify::selected-id",
                                  G_CALLBACK (on_selection_changed), self);
  g_signal_group_connect_swapped (self->season_signals, "notify::event",
                                  G_CALLBACK (update_button), self);
  g_signal_group_connect_swapped (self->season_signals, "notify::current-id",
                                  G_CALLBACK (rebind), self);
  g_signal_group_connect_swapped (self->season_signals, "notify::time-zone",
                                  G_CALLBACK (rebind), self);
  update_button (self);
}

TixSeason *
tix_event_switcher_get_season (TixEventSwitcher *self)
{
  g_return_val_if_fail (TIX_IS_EVENT_SWITCHER (self), NULL);

  return self->season;
}

void
tix_event_switcher_set_season (TixEventSwitcher *self,
                               TixSeason        *season)
{
  g_return_if_fail (TIX_IS_EVENT_SWITCHER (self));
  g_return_if_fail (!season || TIX_IS_SEASON (season));

  if (!g_set_object (&self->season, season))
    return;

  g_signal_group_set_target (self->season_signals, season);
  rebind (self);
  mark_rows (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEASON]);
}

void
tix_event_switcher_popup (TixEventSwitcher *self)
{
  g_return_if_fail (TIX_IS_EVENT_SWITCHER (self));

  gtk_menu_button_popup (self->button);
}

void
tix_event_switcher_set_can_manage (TixEventSwitcher *self,
                                   gboolean          can_manage)
{
  g_return_if_fail (TIX_IS_EVENT_SWITCHER (self));

  can_manage = !!can_manage;
  if (gtk_widget_get_visible (self->manage_list) == can_manage)
    return;

  gtk_widget_set_visible (self->manage_separator, can_manage);
  gtk_widget_set_visible (self->manage_list, can_manage);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_MANAGE]);
}
