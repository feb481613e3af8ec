/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The ticket types' screenshots: the window of the current event's types
 * (as the desk's pictures left them, some sold) and a type's dialog, then
 * the event's entrances and the default's dialog, light and dark. */
#define G_LOG_DOMAIN "tix-screenshots"

#include "config.h"

#include "tix-app-test-util.h"
#include "tix-entrances-window.h"
#include "tix-events-view.h"
#include "tix-screenshots-private.h"
#include "tix-ticket-types-window.h"

static void
shoot_both (GtkWidget  *window,
            const char *name)
{
  AdwStyleManager *style = adw_style_manager_get_default ();

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
  tix_screenshot (window, name);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  tix_screenshot (window, name);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
}

void
tix_screenshots_types (TixWindow *window)
{
  GtkWidget *view = tix_app_test_find (GTK_WIDGET (window), "events_view");
  gint64 event_id = tix_season_get_current_id (tix_window_get_season (window));
  TixTicketTypesWindow *types_window;
  GPtrArray *types;
  GtkWindow *dialog;

  tix_window_show_view (window, "events");
  gtk_widget_activate_action (view, "events.types", "x", event_id);
  TIX_APP_TEST_WAIT (TIX_IS_TICKET_TYPES_WINDOW (tix_events_view_get_dialog (TIX_EVENTS_VIEW (view))), 30);
  types_window = TIX_TICKET_TYPES_WINDOW (tix_events_view_get_dialog (TIX_EVENTS_VIEW (view)));
  gtk_window_set_default_size (GTK_WINDOW (types_window), 640, 520);
  TIX_APP_TEST_WAIT (tix_ticket_types_window_get_n_busy (types_window) == 0 &&
                     tix_ticket_types_window_get_types (types_window)->len > 0, 60);
  shoot_both (GTK_WIDGET (types_window), "ticket-types");

  /* The one with a quota, some sold. */
  types = tix_ticket_types_window_get_types (types_window);
  for (guint i = 0; i < types->len; i++)
    {
      TixTicketType *type = g_ptr_array_index (types, i);

      if (type->quota != TIX_TICKET_TYPE_NO_LIMIT && type->sold > 0 && type->available > 0)
        {
          gtk_widget_activate_action (GTK_WIDGET (types_window), "types.edit", "x", type->id);
          break;
        }
    }
  TIX_APP_TEST_WAIT ((dialog = tix_ticket_types_window_get_dialog (types_window)) != NULL, 30);
  shoot_both (GTK_WIDGET (dialog), "ticket-type-dialog");
  gtk_window_destroy (dialog);
  gtk_window_destroy (GTK_WINDOW (types_window));

  /* The entrances: the default, and the dialog of one. */
  {
    TixEntrancesWindow *entrances_window;
    GPtrArray *entrances;

    gtk_widget_activate_action (view, "events.entrances", "x", event_id);
    TIX_APP_TEST_WAIT (TIX_IS_ENTRANCES_WINDOW (tix_events_view_get_dialog (TIX_EVENTS_VIEW (view))), 30);
    entrances_window = TIX_ENTRANCES_WINDOW (tix_events_view_get_dialog (TIX_EVENTS_VIEW (view)));
    gtk_window_set_default_size (GTK_WINDOW (entrances_window), 640, 520);
    TIX_APP_TEST_WAIT (tix_entrances_window_get_n_busy (entrances_window) == 0 &&
                       tix_entrances_window_get_entrances (entrances_window)->len > 0, 60);
    shoot_both (GTK_WIDGET (entrances_window), "entrances");
    entrances = tix_entrances_window_get_entrances (entrances_window);
    gtk_widget_activate_action (GTK_WIDGET (entrances_window), "entrances.edit", "x",
                                tix_entrance_get_id (g_ptr_array_index (entrances, 0)));
    TIX_APP_TEST_WAIT ((dialog = tix_entrances_window_get_dialog (entrances_window)) != NULL, 30);
    shoot_both (GTK_WIDGET (dialog), "entrance-dialog");
    gtk_window_destroy (dialog);
    gtk_window_destroy (GTK_WINDOW (entrances_window));
  }
}
