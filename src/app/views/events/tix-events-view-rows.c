/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-events-view"

#include "config.h"

#include <glib/gi18n.h>

#include "tix-app-util.h"
#include "tix-events-view-private.h"

/* The rows of the events page: an event's name, when and where, its
 * tickets and limits, "Current", and its menu of the view's actions. */

/* "20 Mar 2026, 20:00 · Main Hall" */
static char *
describe_when_where (TixEventsView *self,
                     TixEvent      *event)
{
  g_autofree char *when = tix_format_event_time (tix_season_get_time_zone (self->season), event);
  const char *venue = tix_event_get_venue (event);

  if (when != NULL && venue != NULL)
    /* Translators: when and where an event is, "20 Mar 2026, 20:00 · Main Hall" */
    return g_strdup_printf (_("%s · %s"), when, venue);
  if (when != NULL)
    return g_steal_pointer (&when);
  return g_strdup (venue != NULL ? venue : _("No date"));
}

/* "120 tickets, 45 scanned · at most 200 tickets, 150 inside" */
static char *
describe_counts (TixEvent *event)
{
  GString *text = g_string_new (NULL);
  gint64 tickets = tix_event_get_n_tickets (event);
  gint64 capacity = tix_event_get_capacity (event);
  gint64 max_inside = tix_event_get_max_inside (event);
  g_autofree char *n_tickets = tix_format_count (tickets);
  g_autofree char *n_scanned = tix_format_count (tix_event_get_n_scanned (event));

  /* Translators: an event's tickets and how many came in, "120 tickets, 45 scanned" */
  g_string_append_printf (text, ngettext ("%s ticket, %s scanned", "%s tickets, %s scanned",
                                          (gulong) CLAMP (tickets, 0, G_MAXLONG)),
                          n_tickets, n_scanned);
  if (capacity != TIX_EVENT_NO_LIMIT)
    {
      g_autofree char *n = tix_format_count (capacity);

      g_string_append (text, " · ");
      /* Translators: an event's capacity */
      g_string_append_printf (text, _("at most %s"), n);
    }
  if (max_inside != TIX_EVENT_NO_LIMIT)
    {
      g_autofree char *n = tix_format_count (max_inside);

      g_string_append (text, " · ");
      /* Translators: how many people may be inside at once */
      g_string_append_printf (text, _("%s inside at once"), n);
    }
  return g_string_free (text, FALSE);
}

static GMenuModel *
make_menu (TixEvent *event,
           gboolean  current)
{
  GMenu *menu = g_menu_new ();
  GMenu *section = g_menu_new ();
  gint64 id = tix_event_get_id (event);
  g_autoptr(GMenuItem) item = NULL;

#define ADD(m, label, action) \
  G_STMT_START { \
    item = g_menu_item_new (label, NULL); \
    g_menu_item_set_action_and_target_value (item, action, g_variant_new_int64 (id)); \
    g_menu_append_item (m, item); \
    g_clear_object (&item); \
  } G_STMT_END

  ADD (section, _("_Edit…"), "events.edit");
  ADD (section, _("_Ticket Types…"), "events.types");
  ADD (section, _("E_ntrances…"), "events.entrances");
  ADD (section, _("_Copy to a New Date…"), "events.copy");
  if (!current && !tix_event_get_archived (event))
    ADD (section, _("_Make Current"), "events.make-current");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (section));
  g_object_unref (section);

  section = g_menu_new ();
  if (tix_event_get_archived (event))
    ADD (section, _("_Bring Back"), "events.unarchive");
  else if (!current)
    ADD (section, _("_Archive"), "events.archive");
  if (!current)
    ADD (section, _("_Delete…"), "events.delete");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (section));
  g_object_unref (section);
#undef ADD

  return G_MENU_MODEL (menu);
}

GtkWidget *
_tix_events_view_create_row (gpointer item,
            gpointer user_data)
{
  TixEventsView *self = user_data;
  TixEvent *event = item;
  gboolean current = tix_event_get_id (event) == tix_season_get_current_id (self->season);
  g_autofree char *where = describe_when_where (self, event);
  g_autofree char *counts = describe_counts (event);
  g_autofree char *subtitle = g_strconcat (where, "\n", counts, NULL);
  g_autofree char *tooltip = NULL;
  g_autoptr(GMenuModel) menu = make_menu (event, current);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), tix_event_display_name (event));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);
  gtk_widget_set_name (row, "event_row");
  g_object_set_data_full (G_OBJECT (row), "tix-event", g_object_ref (event), g_object_unref);

  if (current)
    {
      /* Translators: marks the organization's current event in the list */
      GtkWidget *label = gtk_label_new (_("Current"));

      gtk_widget_set_name (label, "current_label");
      gtk_widget_add_css_class (label, "caption-heading");
      gtk_widget_add_css_class (label, "accent");
      gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (label, _("New tickets go to this event"));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
    }

  button = gtk_menu_button_new ();
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "view-more-symbolic");
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (button), menu);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  /* Translators: the tooltip of an event's menu button, with its name */
  tooltip = g_strdup_printf (_("Change “%s”"), tix_event_display_name (event));
  gtk_widget_set_tooltip_text (button, tooltip);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);

  /* Activating the row edits it. */
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "events.edit");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (row),
                                          g_variant_new_int64 (tix_event_get_id (event)));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  return row;
}

/* The first event of a new organization: no name, no date, no ticket. */
gboolean
_tix_events_view_is_placeholder (TixEvent *event)
{
  const char *name = tix_event_get_name (event);

  return (name == NULL || *name == '\0') && tix_event_get_starts_at (event) == TIX_EVENT_NO_TIME &&
         tix_event_get_n_tickets (event) == 0;
}
