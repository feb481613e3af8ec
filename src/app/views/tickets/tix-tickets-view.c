/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-tickets-view"

#include "config.h"

#include <glib/gi18n.h>

#include "tix-app-util.h"
#include "tix-narrow-layout.h"
#include "tix-org-time.h"
#include "tix-tickets-view-private.h"

/* The list of tickets, its details pane, its layout and its session; the
 * cells and the sorting are in tix-tickets-view-columns.c, what the
 * "tickets." actions do in tix-tickets-view-actions.c. */

/* Below this width the view takes its narrow layout. */
#define NARROW_WIDTH 720

G_DEFINE_FINAL_TYPE (TixTicketsView, tix_tickets_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_SEASON,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* State */

TixTicket *
_tix_tickets_view_get_selected_ticket (TixTicketsView *self)
{
  TixTicket *ticket = gtk_single_selection_get_selected_item (self->selection);

  if (ticket == NULL || tix_ticket_list_model_is_placeholder (ticket))
    return NULL;
  return ticket;
}

static void
update_details (TixTicketsView *self)
{
  TixTicket *ticket = _tix_tickets_view_get_selected_ticket (self);
  g_autofree char *generated = NULL;
  g_autofree char *scanned = NULL;
  const char *by_name;

  g_signal_group_set_target (self->ticket_signals, ticket);

  gtk_revealer_set_reveal_child (self->details_revealer, ticket != NULL);
  if (ticket == NULL)
    {
      _tix_tickets_view_actions_update (self);
      return;
    }

  gtk_label_set_text (self->details_number, tix_ticket_get_number (ticket));
  gtk_label_set_text (self->details_prefix, tix_ticket_get_prefix (ticket));
  gtk_label_set_text (self->details_extra,
                      tix_ticket_get_extra (ticket) && tix_ticket_get_extra (ticket)[0]
                        ? tix_ticket_get_extra (ticket) : _("—"));
  generated = tix_format_time (self->zone, tix_ticket_get_generated_at (ticket));
  gtk_label_set_text (self->details_generated, generated);
  gtk_label_set_text (self->details_id, tix_ticket_get_id (ticket));

  if (tix_ticket_is_scanned (ticket))
    {
      scanned = tix_format_time (self->zone, tix_ticket_get_scanned_at (ticket));
      by_name = tix_ticket_get_scanned_by_name (ticket);
      gtk_label_set_text (self->details_state, _("Scanned"));
      gtk_widget_remove_css_class (GTK_WIDGET (self->details_state), "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (self->details_state), "success");
      gtk_label_set_text (self->details_scanned, scanned);
      gtk_label_set_text (self->details_scanned_by, by_name && by_name[0] ? by_name : _("—"));
    }
  else
    {
      gtk_label_set_text (self->details_state, _("Not scanned"));
      gtk_widget_remove_css_class (GTK_WIDGET (self->details_state), "success");
      gtk_widget_add_css_class (GTK_WIDGET (self->details_state), "dim-label");
      gtk_label_set_text (self->details_scanned, _("—"));
      gtk_label_set_text (self->details_scanned_by, _("—"));
    }

  _tix_tickets_view_actions_update (self);
}

void
_tix_tickets_view_update_state (TixTicketsView *self)
{
  const GError *error = tix_ticket_list_model_get_error (self->model);
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  gboolean loaded = tix_ticket_list_model_get_loaded (self->model);
  const char *page;

  if (self->client == NULL)
    page = "signed-out";
  else if (error != NULL)
    {
      page = "error";
      adw_status_page_set_description (self->error_page, error->message);
      adw_status_page_set_icon_name (self->error_page,
                                     g_error_matches (error, TIX_CLIENT_ERROR,
                                                      TIX_CLIENT_ERROR_UNREACHABLE)
                                       ? "network-offline-symbolic"
                                       : "dialog-error-symbolic");
    }
  else if (!loaded)
    page = "loading";
  else if (n_items > 0)
    page = "list";
  else if (tix_ticket_list_model_get_search (self->model)[0] != '\0' ||
           tix_ticket_list_model_get_filter (self->model) != TIX_TICKET_FILTER_ALL)
    page = "no-results";
  else
    page = "empty";

  gtk_stack_set_visible_child_name (self->stack, page);

  if (loaded)
    {
      g_autofree char *text =
        /* Translators: the number of tickets in the list, "1,234 tickets" */
        g_strdup_printf (ngettext ("%'u ticket", "%'u tickets", n_items), n_items);
      gtk_label_set_text (self->count_label, text);
    }
  else
    gtk_label_set_text (self->count_label, "");

  _tix_tickets_view_actions_update (self);
}

/* Signal handlers */

static void
search_changed_cb (TixTicketsView *self,
                   GtkSearchEntry *entry)
{
  tix_ticket_list_model_set_search (self->model, gtk_editable_get_text (GTK_EDITABLE (entry)));
  _tix_tickets_view_update_state (self);
}

/* Type to search: a character typed while the focus is on no entry (on a
 * button, the list) starts a new search and takes the focus to the search
 * field, so the rest of the text and its Enter go there too: a code scanned
 * into this view searches for its ticket, and its Enter presses no button. */
static gboolean
view_key_pressed_cb (GtkEventControllerKey *controller,
                     guint                  keyval,
                     guint                  keycode,
                     GdkModifierType        state,
                     TixTicketsView        *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;
  GdkEvent *event = gtk_event_controller_get_current_event (GTK_EVENT_CONTROLLER (controller));
  GtkEditable *text = gtk_editable_get_delegate (GTK_EDITABLE (self->search_entry));
  gunichar c = gdk_keyval_to_unicode (keyval);

  if ((focus != NULL && GTK_IS_EDITABLE (focus)) ||
      (state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SUPER_MASK)) != 0 ||
      (event != NULL && gdk_key_event_is_modifier (event)) ||
      c == 0 || g_unichar_iscntrl (c) || g_unichar_isspace (c) ||
      !gtk_widget_is_sensitive (GTK_WIDGET (self->search_entry)))
    return GDK_EVENT_PROPAGATE;

  /* What is typed replaces the old search. */
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->search_entry), 0, -1);
  if (text != NULL && gtk_event_controller_key_forward (controller, GTK_WIDGET (text)))
    return GDK_EVENT_STOP;
  return GDK_EVENT_PROPAGATE;
}

static void
stop_search_cb (TixTicketsView *self,
                GtkSearchEntry *entry)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
}

static void
filter_changed_cb (TixTicketsView *self,
                   GParamSpec     *pspec,
                   GtkDropDown    *dropdown)
{
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (selected > TIX_TICKET_FILTER_NOT_SCANNED)
    selected = TIX_TICKET_FILTER_ALL;
  tix_ticket_list_model_set_filter (self->model, selected);
  _tix_tickets_view_update_state (self);
}

/* Scrolling */

static gboolean
is_at_top (TixTicketsView *self)
{
  GtkAdjustment *vadjustment = gtk_scrolled_window_get_vadjustment (self->scrolled_window);

  return gtk_adjustment_get_value (vadjustment) <= gtk_adjustment_get_lower (vadjustment) + 1;
}

/* Setting the adjustment is not enough: the list keeps its anchor on the
 * row that was at the top, and new rows above it stay out of sight. The
 * column view of GTK 4.8 has no scroll_to; its list view's action moves the
 * anchor. */
static void
scroll_to_top (TixTicketsView *self)
{
  if (g_list_model_get_n_items (G_LIST_MODEL (self->model)) == 0)
    return;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->column_view));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_VIEW (child))
      gtk_widget_activate_action (child, "list.scroll-to-item", "u", 0);
}

/* Live, the model changes the rows in place and adds tickets generated
 * elsewhere above those shown: someone reading further down is not moved by
 * another station's work; at the top, they show. (A first page arriving is
 * no such change: nothing was shown.) */
static void
model_items_changed_cb (TixTicketsView *self,
                        guint           position,
                        guint           removed,
                        guint           added)
{
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->model));

  if (position == 0 && removed == 0 && added > 0 && n_items > added && is_at_top (self))
    scroll_to_top (self);
}

/* The organization's time zone, from its settings: the times shown follow. */
static void
on_stream_settings (TixEventStream *stream,
                    TixSettings    *settings,
                    TixTicketsView *self)
{
  const char *identifier = tix_settings_get (settings, TIX_SETTING_TIME_ZONE);

  g_clear_pointer (&self->zone, g_time_zone_unref);
  self->zone = tix_org_time_zone_new (identifier);

  /* Every row and the details pane again, in the zone: the rows are bound
   * anew, and their cells ask the view for the zone. */
  gtk_column_view_set_model (self->column_view, NULL);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
  update_details (self);
}

/* Narrow windows -------------------------------------------------------------- */

/* Below this width the toolbar keeps the search, the filter and the menu, the
 * list keeps number and scan, and the details go under the list: the view
 * reads well from 360 pixels on. */

static void
set_narrow (TixTicketsView *self,
            gboolean        narrow)
{
  if (self->narrow == narrow)
    return;
  self->narrow = narrow;

  gtk_widget_set_visible (GTK_WIDGET (self->count_label), !narrow);
  gtk_widget_set_visible (GTK_WIDGET (self->reload_button), !narrow);
  gtk_widget_set_visible (GTK_WIDGET (self->print_button), !narrow);
  gtk_widget_set_visible (GTK_WIDGET (self->export_button), !narrow);
  gtk_menu_button_set_menu_model (self->more_button, narrow ? self->narrow_menu : self->more_menu);
  gtk_column_view_column_set_visible (self->prefix_column, !narrow);
  gtk_column_view_column_set_visible (self->extra_column, !narrow);
  gtk_column_view_column_set_visible (self->generated_column, !narrow);
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self->list_box),
                                  narrow ? GTK_ORIENTATION_VERTICAL : GTK_ORIENTATION_HORIZONTAL);
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self->details_pane),
                                  narrow ? GTK_ORIENTATION_VERTICAL : GTK_ORIENTATION_HORIZONTAL);
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self->details_separator),
                                  narrow ? GTK_ORIENTATION_HORIZONTAL : GTK_ORIENTATION_VERTICAL);
  gtk_widget_set_size_request (GTK_WIDGET (self->details_scroller), narrow ? -1 : 320, -1);
  /* Under the list, the details take what they need, up to a part. */
  gtk_scrolled_window_set_propagate_natural_height (self->details_scroller, narrow);
  gtk_scrolled_window_set_max_content_height (self->details_scroller, narrow ? 280 : -1);
  gtk_widget_set_vexpand (GTK_WIDGET (self->scrolled_window), TRUE);
  gtk_column_view_column_set_expand (self->number_column, narrow);
  gtk_revealer_set_transition_type (self->details_revealer,
                                    narrow ? GTK_REVEALER_TRANSITION_TYPE_SLIDE_UP
                                           : GTK_REVEALER_TRANSITION_TYPE_SLIDE_LEFT);
  gtk_widget_set_hexpand (GTK_WIDGET (self->details_revealer), FALSE);
  gtk_box_set_spacing (self->toolbar, narrow ? 4 : 6);
  gtk_widget_set_margin_start (GTK_WIDGET (self->toolbar), narrow ? 6 : 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->toolbar), narrow ? 6 : 12);
  _tix_tickets_view_actions_update (self);
}

static void
on_narrow_changed (TixTicketsView  *self,
                   GParamSpec      *pspec,
                   TixNarrowLayout *layout)
{
  set_narrow (self, tix_narrow_layout_get_narrow (layout));
}

/* GObject */

/* The tickets of the event chosen; with "All events" every event's, and
 * the column that says which. */
static void
on_season_changed (TixTicketsView *self)
{
  gint64 event_id = self->season != NULL ? tix_season_get_selected_id (self->season) : 0;

  gtk_column_view_column_set_visible (self->event_column, self->season != NULL && event_id == 0);
  if (self->model != NULL)
    tix_ticket_list_model_set_event_id (self->model, event_id);
}

static void
tix_tickets_view_dispose (GObject *object)
{
  TixTicketsView *self = TIX_TICKETS_VIEW (object);

  if (self->season != NULL)
    g_signal_handlers_disconnect_by_data (self->season, self);
  g_clear_object (&self->season);

  g_cancellable_cancel (self->cancellable);
  if (self->stream_signals != NULL)
    g_signal_group_set_target (self->stream_signals, NULL);
  if (self->session_signals != NULL)
    g_signal_group_set_target (self->session_signals, NULL);
  if (self->sheet_job != NULL)
    g_signal_handlers_disconnect_by_data (self->sheet_job, self);
  g_clear_object (&self->sheet_job);
  if (self->model != NULL)
    tix_ticket_list_model_cancel (self->model);
  _tix_tickets_view_close_dialog (self);
  if (self->ticket_signals != NULL)
    g_signal_group_set_target (self->ticket_signals, NULL);
  if (self->client_signals != NULL)
    g_signal_group_set_target (self->client_signals, NULL);

  gtk_widget_dispose_template (GTK_WIDGET (self), TIX_TYPE_TICKETS_VIEW);

  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_clear_object (&self->selection);
  g_clear_object (&self->model);
  g_clear_object (&self->client);
  g_clear_object (&self->session);
  g_clear_object (&self->session_signals);
  g_clear_object (&self->stream_signals);
  g_clear_object (&self->client_signals);
  g_clear_object (&self->ticket_signals);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->cell_scope);
  g_clear_pointer (&self->zone, g_time_zone_unref);

  G_OBJECT_CLASS (tix_tickets_view_parent_class)->dispose (object);
}

static void
tix_tickets_view_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  TixTicketsView *self = TIX_TICKETS_VIEW (object);

  switch (prop_id)
    {
    case PROP_SEASON:
      g_value_set_object (value, self->season);
      break;

    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* Signed in, out or as someone else: the list starts afresh with the
 * session's client, and follows its stream. */
static void
on_client_changed (TixTicketsView *self)
{
  TixClient *client = self->session != NULL ? tix_session_get_client (self->session) : NULL;
  TixEventStream *stream = client != NULL ? tix_session_get_stream (self->session) : NULL;

  if (!g_set_object (&self->client, client))
    return;

  /* What was started for the previous session is of no use now. */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  _tix_tickets_view_close_dialog (self);

  g_signal_group_set_target (self->client_signals, client);
  tix_ticket_list_model_set_stream (self->model, stream);
  tix_ticket_list_model_set_client (self->model, client);

  g_signal_group_set_target (self->stream_signals, stream);
  if (stream != NULL && tix_event_stream_get_settings (stream) != NULL)
    on_stream_settings (stream, tix_event_stream_get_settings (stream), self);

  _tix_tickets_view_update_state (self);
}

static void
tix_tickets_view_set_session (TixTicketsView *self,
                              TixSession     *session)
{
  if (!g_set_object (&self->session, session))
    return;

  g_signal_group_set_target (self->session_signals, session);
  on_client_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

static void
tix_tickets_view_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  TixTicketsView *self = TIX_TICKETS_VIEW (object);

  switch (prop_id)
    {
    case PROP_SEASON:
      if (self->season != NULL)
        g_signal_handlers_disconnect_by_data (self->season, self);
      if (g_set_object (&self->season, g_value_get_object (value)))
        {
          if (self->season != NULL)
            {
              g_signal_connect_object (self->season, "notify::event-id", G_CALLBACK (on_season_changed), self, G_CONNECT_SWAPPED);
              g_signal_connect_object (self->season, "notify::selected-id", G_CALLBACK (on_season_changed), self, G_CONNECT_SWAPPED);
              g_signal_connect_object (self->season, "notify::event", G_CALLBACK (on_season_changed), self, G_CONNECT_SWAPPED);
            }
          on_season_changed (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    case PROP_SESSION:
      tix_tickets_view_set_session (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tix_tickets_view_class_init (TixTicketsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tix_tickets_view_dispose;
  object_class->get_property = tix_tickets_view_get_property;
  object_class->set_property = tix_tickets_view_set_property;

  /* The events and the one the window works on (the window's). */
  properties[PROP_SEASON] =
    g_param_spec_object ("season", NULL, NULL, TIX_TYPE_SEASON,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, TIX_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/gnome/Tix/ui/views/tickets/tix-tickets-view.ui");
  gtk_widget_class_bind_template_child (widget_class, TixTicketsView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, TixTicketsView, filter_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TixTicketsView, count_label);
  gtk_widget_class_bind_template_child (widget_class, TixTicketsView, delete_button);
  gtk_widget_class_bind_template_child (widget_class, TixTicketsView, print_button);
  gtk_widget_class_bind_template_child (widget_class, TixTicketsView, export_button);
  gtk_widget_class_bind_template_child (widget_class, TixTicketsView, more_button);
  gtk_widget_class_bind_template_child (widget_class, TixTicketsView, reload_button);
  gtk_widget_class_bind_template_child (widget_class, TixTicketsView, toolbar);
  gtk_widget_class_bind_template_child (widget_class, TixTicketsView, list_box);
  gtk_widget_class_bind_template_child (widget_class, TixTicketsView, details_pane);
  gtk_widget_class_bind_template_child (widget_class, TixTicketsView, details_separator);
  gtk_widget_class_bind_template_child (widget_class, TixTicketsView, details_scroller);
  gtk_widget_class_bind_template_child (widget_class, TixTicketsView, more_menu);
  gtk_widget_class_bind_template_child (widget_class, TixTicketsView, narrow_menu);
  gtk_widget_class_bind_template_child (widget_class, TixTicketsView, stack);
  gtk_widget_class_bind_template_child (widget_class, TixTicketsView, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, TixTicketsView, column_view);
  gtk_widget_class_bind_template_child (widget_class, TixTicketsView, number_column);
  gtk_widget_class_bind_template_child (widget_class, TixTicketsView, prefix_column);
  gtk_widget_class_bind_template_child (widget_class, TixTicketsView, extra_column);
  gtk_widget_class_bind_template_child (widget_class, TixTicketsView, event_column);
  gtk_widget_class_bind_template_child (widget_class, TixTicketsView, generated_column);
  gtk_widget_class_bind_template_child (widget_class, TixTicketsView, scanned_column);
  gtk_widget_class_bind_template_child (widget_class, TixTicketsView, details_revealer);
  gtk_widget_class_bind_template_child (widget_class, TixTicketsView, details_number);
  gtk_widget_class_bind_template_child (widget_class, TixTicketsView, details_state);
  gtk_widget_class_bind_template_child (widget_class, TixTicketsView, details_prefix);
  gtk_widget_class_bind_template_child (widget_class, TixTicketsView, details_extra);
  gtk_widget_class_bind_template_child (widget_class, TixTicketsView, details_generated);
  gtk_widget_class_bind_template_child (widget_class, TixTicketsView, details_scanned);
  gtk_widget_class_bind_template_child (widget_class, TixTicketsView, details_scanned_by);
  gtk_widget_class_bind_template_child (widget_class, TixTicketsView, details_id);
  gtk_widget_class_bind_template_child (widget_class, TixTicketsView, details_delete_button);
  gtk_widget_class_bind_template_child (widget_class, TixTicketsView, error_page);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);

  gtk_widget_class_bind_template_callback (widget_class, view_key_pressed_cb);

  _tix_tickets_view_class_actions_init (klass);

  g_type_ensure (TIX_TYPE_TICKET_LIST_MODEL);
  g_type_ensure (TIX_TYPE_TICKET);
}

static void
tix_tickets_view_init (TixTicketsView *self)
{
  static const char * const model_state[] = {
    "notify::loading", "notify::loaded", "notify::error", "notify::n-items",
  };
  GtkLayoutManager *layout;

  gtk_widget_init_template (GTK_WIDGET (self));
  _tix_tickets_view_columns_init (self);
  layout = tix_narrow_layout_new (NARROW_WIDTH);
  gtk_widget_set_layout_manager (GTK_WIDGET (self), layout);
  g_signal_connect_object (layout, "notify::narrow", G_CALLBACK (on_narrow_changed), self,
                           G_CONNECT_SWAPPED);

  self->cancellable = g_cancellable_new ();
  self->zone = g_time_zone_new_local ();

  self->model = tix_ticket_list_model_new (NULL);
  for (guint i = 0; i < G_N_ELEMENTS (model_state); i++)
    g_signal_connect_object (self->model, model_state[i],
                             G_CALLBACK (_tix_tickets_view_update_state), self, G_CONNECT_SWAPPED);

  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->model)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (update_details), self, G_CONNECT_SWAPPED);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
  /* After the selection's: the list has the new rows by then. */
  g_signal_connect_object (self->model, "items-changed", G_CALLBACK (model_items_changed_cb),
                           self, G_CONNECT_SWAPPED);

  self->session_signals = g_signal_group_new (TIX_TYPE_SESSION);
  g_signal_group_connect_object (self->session_signals, "notify::client",
                                 G_CALLBACK (on_client_changed), self, G_CONNECT_SWAPPED);
  self->stream_signals = g_signal_group_new (TIX_TYPE_EVENT_STREAM);
  g_signal_group_connect_object (self->stream_signals, "settings-changed",
                                 G_CALLBACK (on_stream_settings), self, 0);
  self->client_signals = g_signal_group_new (TIX_TYPE_CLIENT);
  g_signal_group_connect_object (self->client_signals, "notify::user",
                                 G_CALLBACK (_tix_tickets_view_actions_update), self,
                                 G_CONNECT_SWAPPED);
  self->ticket_signals = g_signal_group_new (TIX_TYPE_TICKET);
  g_signal_group_connect_object (self->ticket_signals, "notify",
                                 G_CALLBACK (update_details), self, G_CONNECT_SWAPPED);

  _tix_tickets_view_update_state (self);
  update_details (self);
}

/* What the toast of a generate shows: every ticket, the new ones at the top,
 * with no search or filter hiding them. */
void
tix_tickets_view_show_all (TixTicketsView *self)
{
  g_return_if_fail (TIX_IS_TICKETS_VIEW (self));

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_drop_down_set_selected (self->filter_dropdown, TIX_TICKET_FILTER_ALL);
  tix_ticket_list_model_set_search (self->model, "");
  tix_ticket_list_model_set_filter (self->model, TIX_TICKET_FILTER_ALL);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  _tix_tickets_view_update_state (self);
}

TixTicketsView *
tix_tickets_view_new (void)
{
  return g_object_new (TIX_TYPE_TICKETS_VIEW, NULL);
}

void
tix_tickets_view_reload (TixTicketsView *self)
{
  g_return_if_fail (TIX_IS_TICKETS_VIEW (self));

  tix_ticket_list_model_reload (self->model);
  _tix_tickets_view_update_state (self);
}

void
tix_tickets_view_add_tickets (TixTicketsView *self,
                              GPtrArray      *tickets)
{
  g_return_if_fail (TIX_IS_TICKETS_VIEW (self));
  g_return_if_fail (tickets != NULL);

  tix_ticket_list_model_add_tickets (self->model, tickets);

  /* Show the new ones: they are at the top. */
  scroll_to_top (self);
  _tix_tickets_view_update_state (self);
}
