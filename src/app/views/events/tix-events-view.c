/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-events-view"

#include "config.h"

#include <glib/gi18n.h>

#include "tix-app-util.h"
#include "tix-events-view-private.h"

G_DEFINE_FINAL_TYPE (TixEventsView, tix_events_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_SEASON,
  PROP_SHOW_ARCHIVED,
  PROP_ALLOWED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

TixClient *
_tix_events_view_get_client (TixEventsView *self)
{
  return self->session != NULL ? tix_session_get_client (self->session) : NULL;
}

GtkWindow *
_tix_events_view_get_parent_window (TixEventsView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

void
_tix_events_view_set_dialog (TixEventsView *self,
                             GtkWindow     *dialog)
{
  if (self->dialog != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->dialog), (gpointer *) &self->dialog);
  self->dialog = dialog;
  if (dialog != NULL)
    g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->dialog);
}

/* Which page: nobody's, still reading, how to start, or the lists. */
static void
update_page (TixEventsView *self)
{
  GListModel *events = self->season != NULL ? tix_season_get_events (self->season) : NULL;
  GListModel *archived = self->season != NULL ? tix_season_get_archived (self->season) : NULL;
  guint n = events != NULL ? g_list_model_get_n_items (events) : 0;
  guint n_archived = archived != NULL ? g_list_model_get_n_items (archived) : 0;
  gboolean empty = n == 0 && n_archived == 0;
  g_autofree char *summary = NULL;

  if (n == 1 && n_archived == 0)
    {
      g_autoptr(TixEvent) only = g_list_model_get_item (events, 0);

      empty = _tix_events_view_is_placeholder (only);
    }

  if (!self->allowed)
    gtk_stack_set_visible_child_name (self->stack, "not-allowed");
  else if (self->season == NULL || !tix_season_get_loaded (self->season))
    gtk_stack_set_visible_child_name (self->stack, "loading");
  else if (empty)
    gtk_stack_set_visible_child_name (self->stack, "empty");
  else
    gtk_stack_set_visible_child_name (self->stack, "list");

  /* Translators: the events page's summary; %u is how many events */
  summary = g_strdup_printf (ngettext ("%u event, soonest first. New tickets go to the current one.",
                                       "%u events, soonest first. New tickets go to the current one.",
                                       n), n);
  gtk_label_set_label (self->summary_label, summary);
  gtk_widget_set_visible (self->archived_box, self->show_archived);
}

/* A new current event or time zone redraws every row. */
static void
rebind (TixEventsView *self)
{
  gtk_list_box_bind_model (self->events_list,
                           self->season != NULL ? tix_season_get_events (self->season) : NULL,
                           _tix_events_view_create_row, self, NULL);
  gtk_list_box_bind_model (self->archived_list,
                           self->season != NULL ? tix_season_get_archived (self->season) : NULL,
                           _tix_events_view_create_row, self, NULL);
  update_page (self);
}

static void
update_allowed (TixEventsView *self);

/* The counts and the current event's name move with tickets, scans and
 * settings, which the stream says but not per event: while the page is
 * shown, the events are read again, at most once a second. */
static gboolean
reload_cb (gpointer user_data)
{
  TixEventsView *self = user_data;

  self->reload_source = 0;
  if (self->season != NULL && gtk_widget_get_mapped (GTK_WIDGET (self)))
    tix_season_reload (self->season);
  return G_SOURCE_REMOVE;
}

static void
schedule_reload (TixEventsView *self)
{
  if (self->reload_source == 0 && gtk_widget_get_mapped (GTK_WIDGET (self)))
    self->reload_source = g_timeout_add (1000, reload_cb, self);
}

static void
on_client_changed (TixEventsView *self)
{
  g_signal_group_set_target (self->stream_signals,
                             self->session != NULL ? tix_session_get_stream (self->session) : NULL);
  update_allowed (self);
}

static void
update_allowed (TixEventsView *self)
{
  TixClient *client = _tix_events_view_get_client (self);
  TixUser *user = client != NULL ? tix_client_get_user (client) : NULL;
  gboolean allowed = user != NULL && tix_user_is_admin (user);

  if (allowed != self->allowed)
    {
      self->allowed = allowed;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ALLOWED]);
    }
  _tix_events_view_update_actions (self);
  update_page (self);
}

/* Fresh counts each time the page is shown. */
static void
on_map (TixEventsView *self)
{
  if (self->season != NULL && self->allowed && tix_season_get_loaded (self->season))
    tix_season_reload (self->season);
}

/* GObject --------------------------------------------------------------------- */

static void
tix_events_view_dispose (GObject *object)
{
  TixEventsView *self = TIX_EVENTS_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->reload_source, g_source_remove);
  if (self->stream_signals != NULL)
    g_signal_group_set_target (self->stream_signals, NULL);
  g_clear_object (&self->stream_signals);
  if (self->dialog != NULL)
    gtk_window_destroy (self->dialog);
  _tix_events_view_set_dialog (self, NULL);
  if (self->season_signals != NULL)
    g_signal_group_set_target (self->season_signals, NULL);
  if (self->session_signals != NULL)
    g_signal_group_set_target (self->session_signals, NULL);
  if (self->events_list != NULL)
    gtk_list_box_bind_model (self->events_list, NULL, NULL, NULL, NULL);
  if (self->archived_list != NULL)
    gtk_list_box_bind_model (self->archived_list, NULL, NULL, NULL, NULL);
  g_clear_object (&self->season_signals);
  g_clear_object (&self->session_signals);
  g_clear_object (&self->season);
  g_clear_object (&self->session);

  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), TIX_TYPE_EVENTS_VIEW);

  G_OBJECT_CLASS (tix_events_view_parent_class)->dispose (object);
}

static void
tix_events_view_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  TixEventsView *self = TIX_EVENTS_VIEW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    case PROP_SEASON:
      g_value_set_object (value, self->season);
      break;

    case PROP_SHOW_ARCHIVED:
      g_value_set_boolean (value, self->show_archived);
      break;

    case PROP_ALLOWED:
      g_value_set_boolean (value, self->allowed);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tix_events_view_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  TixEventsView *self = TIX_EVENTS_VIEW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      tix_events_view_set_session (self, g_value_get_object (value));
      break;

    case PROP_SEASON:
      tix_events_view_set_season (self, g_value_get_object (value));
      break;

    case PROP_SHOW_ARCHIVED:
      tix_events_view_set_show_archived (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tix_events_view_class_init (TixEventsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tix_events_view_dispose;
  object_class->get_property = tix_events_view_get_property;
  object_class->set_property = tix_events_view_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, TIX_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SEASON] =
    g_param_spec_object ("season", NULL, NULL, TIX_TYPE_SEASON,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHOW_ARCHIVED] =
    g_param_spec_boolean ("show-archived", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ALLOWED] =
    g_param_spec_boolean ("allowed", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/gnome/Tix/ui/views/events/tix-events-view.ui");
  gtk_widget_class_bind_template_child (widget_class, TixEventsView, stack);
  gtk_widget_class_bind_template_child (widget_class, TixEventsView, events_list);
  gtk_widget_class_bind_template_child (widget_class, TixEventsView, archived_list);
  gtk_widget_class_bind_template_child (widget_class, TixEventsView, archived_box);
  gtk_widget_class_bind_template_child (widget_class, TixEventsView, summary_label);

  _tix_events_view_class_actions_init (widget_class);
}

static void
tix_events_view_init (TixEventsView *self)
{
  GtkWidget *placeholder;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();

  placeholder = gtk_label_new (_("No archived events"));
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_widget_set_margin_top (placeholder, 12);
  gtk_widget_set_margin_bottom (placeholder, 12);
  gtk_list_box_set_placeholder (self->archived_list, placeholder);
  placeholder = gtk_label_new (_("Every event is archived: make a new one, or bring one back"));
  gtk_label_set_wrap (GTK_LABEL (placeholder), TRUE);
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_widget_set_margin_top (placeholder, 12);
  gtk_widget_set_margin_bottom (placeholder, 12);
  gtk_list_box_set_placeholder (self->events_list, placeholder);

  self->season_signals = g_signal_group_new (TIX_TYPE_SEASON);
  g_signal_group_connect_swapped (self->season_signals, "notify::current-id",
                                  G_CALLBACK (rebind), self);
  g_signal_group_connect_swapped (self->season_signals, "notify::time-zone",
                                  G_CALLBACK (rebind), self);
  g_signal_group_connect_swapped (self->season_signals, "notify::loaded",
                                  G_CALLBACK (update_page), self);

  self->session_signals = g_signal_group_new (TIX_TYPE_SESSION);
  g_signal_group_connect_swapped (self->session_signals, "notify::client",
                                  G_CALLBACK (on_client_changed), self);

  self->stream_signals = g_signal_group_new (TIX_TYPE_EVENT_STREAM);
  g_signal_group_connect_swapped (self->stream_signals, "stats",
                                  G_CALLBACK (schedule_reload), self);
  g_signal_group_connect_swapped (self->stream_signals, "settings-changed",
                                  G_CALLBACK (schedule_reload), self);
  g_signal_group_connect_swapped (self->stream_signals, "tickets-generated",
                                  G_CALLBACK (schedule_reload), self);
  g_signal_group_connect_swapped (self->stream_signals, "tickets-cleared",
                                  G_CALLBACK (schedule_reload), self);

  g_signal_connect (self, "map", G_CALLBACK (on_map), NULL);
  update_allowed (self);
}

/* The lists' models change under them: the page follows. */
static void
on_items_changed (TixEventsView *self)
{
  update_page (self);
}

/* Public API ------------------------------------------------------------------ */

TixEventsView *
tix_events_view_new (void)
{
  return g_object_new (TIX_TYPE_EVENTS_VIEW, NULL);
}

TixSession *
tix_events_view_get_session (TixEventsView *self)
{
  g_return_val_if_fail (TIX_IS_EVENTS_VIEW (self), NULL);

  return self->session;
}

void
tix_events_view_set_session (TixEventsView *self,
                             TixSession    *session)
{
  g_return_if_fail (TIX_IS_EVENTS_VIEW (self));
  g_return_if_fail (!session || TIX_IS_SESSION (session));

  if (!g_set_object (&self->session, session))
    return;

  g_signal_group_set_target (self->session_signals, session);
  on_client_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

TixSeason *
tix_events_view_get_season (TixEventsView *self)
{
  g_return_val_if_fail (TIX_IS_EVENTS_VIEW (self), NULL);

  return self->season;
}

void
tix_events_view_set_season (TixEventsView *self,
                            TixSeason     *season)
{
  g_return_if_fail (TIX_IS_EVENTS_VIEW (self));
  g_return_if_fail (!season || TIX_IS_SEASON (season));

  if (self->season != NULL)
    {
      g_signal_handlers_disconnect_by_func (tix_season_get_events (self->season),
                                            on_items_changed, self);
      g_signal_handlers_disconnect_by_func (tix_season_get_archived (self->season),
                                            on_items_changed, self);
    }
  if (!g_set_object (&self->season, season))
    return;

  if (season != NULL)
    {
      g_signal_connect_object (tix_season_get_events (season), "items-changed",
                               G_CALLBACK (on_items_changed), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (tix_season_get_archived (season), "items-changed",
                               G_CALLBACK (on_items_changed), self, G_CONNECT_SWAPPED);
    }
  g_signal_group_set_target (self->season_signals, season);
  rebind (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEASON]);
}

gboolean
tix_events_view_get_show_archived (TixEventsView *self)
{
  g_return_val_if_fail (TIX_IS_EVENTS_VIEW (self), FALSE);

  return self->show_archived;
}

void
tix_events_view_set_show_archived (TixEventsView *self,
                                   gboolean       show_archived)
{
  g_return_if_fail (TIX_IS_EVENTS_VIEW (self));

  show_archived = !!show_archived;
  if (self->show_archived == show_archived)
    return;

  self->show_archived = show_archived;
  update_page (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_ARCHIVED]);
}

gboolean
tix_events_view_get_allowed (TixEventsView *self)
{
  g_return_val_if_fail (TIX_IS_EVENTS_VIEW (self), FALSE);

  return self->allowed;
}

GtkWindow *
tix_events_view_get_dialog (TixEventsView *self)
{
  g_return_val_if_fail (TIX_IS_EVENTS_VIEW (self), NULL);

  return self->dialog;
}

guint
tix_events_view_get_n_busy (TixEventsView *self)
{
  g_return_val_if_fail (TIX_IS_EVENTS_VIEW (self), 0);

  return self->n_busy;
}
