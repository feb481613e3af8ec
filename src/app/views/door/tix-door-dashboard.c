/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-door-dashboard"

#include "config.h"

#include <glib/gi18n.h>

#include "tix-chart.h"
#include "tix-door-dashboard.h"
#include "tix-org-time.h"
#include "tix-time.h"

/* Read again a moment after scans (they come in bursts), and anyway at
 * this interval: the report's arrivals are not in the stream. */
#define RELOAD_AFTER_SCAN_MS  1500
#define RELOAD_INTERVAL_S     30
/* Two hours of ten minutes. */
#define FLOW_POINTS           12

struct _TixDoorDashboard
{
  AdwWindow       parent_instance;

  /* Template widgets */
  AdwWindowTitle *window_title;
  GtkLabel       *inside_label;
  GtkLevelBar    *level_bar;
  GtkLabel       *level_label;
  AdwBin         *chart_bin;
  GtkGrid        *entrance_grid;
  GtkGrid        *refused_grid;
  GtkLabel       *status_label;

  /* Owned references */
  TixSession     *session;
  TixSeason      *season;
  GSignalGroup   *stream_signals;
  GCancellable   *cancellable;
  TixChart       *chart;     /* in chart_bin */

  gint64          event_id;
  gint64          inside;
  gint64          max_inside;
  guint           n_reports;
  guint           reload_id;
  guint           interval_id;
};

G_DEFINE_FINAL_TYPE (TixDoorDashboard, tix_door_dashboard, ADW_TYPE_WINDOW)

static GTimeZone *
org_zone (TixDoorDashboard *self)
{
  const char *name = self->season != NULL ? tix_season_get_time_zone (self->season) : NULL;

  return tix_org_time_zone_new (name);
}

/* Inside now ---------------------------------------------------------------------- */

static void
show_inside (TixDoorDashboard *self)
{
  g_autofree char *text = tix_door_board_format_inside (self->inside, self->max_inside);
  g_autofree char *warning = tix_door_board_format_level (self->inside, self->max_inside);
  TixDoorLevel level = tix_door_board_level (self->inside, self->max_inside);
  GtkWidget *widget = GTK_WIDGET (self);

  gtk_label_set_label (self->inside_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->level_bar), self->max_inside > 0);
  if (self->max_inside > 0)
    gtk_level_bar_set_value (self->level_bar,
                             MIN (1.0, (double) self->inside / (double) self->max_inside));
  gtk_label_set_label (self->level_label, warning != NULL ? warning : "");
  gtk_widget_set_visible (GTK_WIDGET (self->level_label), warning != NULL);

  gtk_widget_remove_css_class (widget, "door-near");
  gtk_widget_remove_css_class (widget, "door-full");
  if (level == TIX_DOOR_LEVEL_NEAR)
    gtk_widget_add_css_class (widget, "door-near");
  else if (level == TIX_DOOR_LEVEL_FULL)
    gtk_widget_add_css_class (widget, "door-full");

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->inside_label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
}

static void
follow_event (TixDoorDashboard *self)
{
  TixEvent *event = self->season != NULL ? tix_season_get_event (self->season) : NULL;
  gint64 event_id = self->season != NULL ? tix_season_get_event_id (self->season) : 0;
  const char *name = event != NULL ? tix_event_get_name (event) : NULL;

  self->max_inside = event != NULL ? tix_event_get_max_inside (event) : 0;
  adw_window_title_set_subtitle (self->window_title,
                                 name != NULL && *name != '\0' ? name : "");
  if (event_id != self->event_id)
    {
      self->event_id = event_id;
      self->inside = event != NULL ? tix_event_get_inside (event) : 0;
      tix_door_dashboard_reload (self);
    }
  show_inside (self);
}

/* The door report ----------------------------------------------------------------- */

static void
clear_grid (GtkGrid *grid)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (grid))) != NULL)
    gtk_grid_remove (grid, child);
}

static void
grid_cell (GtkGrid    *grid,
           int         column,
           int         row,
           const char *text,
           gboolean    number)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), number ? 1.0 : 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (label), number ? PANGO_ELLIPSIZE_NONE
                                                     : PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (label, !number);
  if (number)
    gtk_widget_add_css_class (label, "numeric");
  if (row == 0)
    gtk_widget_add_css_class (label, "door-column");
  gtk_grid_attach (grid, label, column, row, 1, 1);
}

static char *
count_text (gint64 count)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, count);
}

static void
show_entrances (TixDoorDashboard *self,
                TixDoorReport    *report)
{
  clear_grid (self->entrance_grid);
  grid_cell (self->entrance_grid, 0, 0, _("Entrance"), FALSE);
  grid_cell (self->entrance_grid, 1, 0, _("Inside"), TRUE);
  grid_cell (self->entrance_grid, 2, 0, _("In"), TRUE);
  grid_cell (self->entrance_grid, 3, 0, _("Out"), TRUE);

  for (guint i = 0; report->by_entrance != NULL && i < report->by_entrance->len; i++)
    {
      TixReportEntrance *e = &g_array_index (report->by_entrance, TixReportEntrance, i);
      g_autofree char *inside = count_text (e->inside);
      g_autofree char *arrivals = count_text (e->arrivals);
      g_autofree char *exits = count_text (e->exits);

      grid_cell (self->entrance_grid, 0, i + 1, e->name != NULL ? e->name : "", FALSE);
      grid_cell (self->entrance_grid, 1, i + 1, inside, TRUE);
      grid_cell (self->entrance_grid, 2, i + 1, arrivals, TRUE);
      grid_cell (self->entrance_grid, 3, i + 1, exits, TRUE);
    }
}

static void
show_refused (TixDoorDashboard *self,
              TixDoorReport    *report)
{
  clear_grid (self->refused_grid);
  if (report->refused == NULL || report->refused->len == 0)
    {
      grid_cell (self->refused_grid, 0, 1, _("None today"), FALSE);
      return;
    }
  for (guint i = 0; i < report->refused->len; i++)
    {
      TixReportRefusal *r = &g_array_index (report->refused, TixReportRefusal, i);
      g_autofree char *count = count_text (r->count);

      grid_cell (self->refused_grid, 0, i + 1, tix_door_board_reason_label (r->reason), FALSE);
      grid_cell (self->refused_grid, 1, i + 1, count, TRUE);
    }
}

static void
show_flow (TixDoorDashboard *self,
           TixDoorReport    *report)
{
  g_autoptr(GTimeZone) zone = org_zone (self);
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) arrivals = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) exits = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint first = 0;
  guint n = tix_door_board_flow_window (report->flow, tix_time_now_ms (), FLOW_POINTS, &first);

  for (guint i = first; i < first + n; i++)
    {
      TixReportFlow *f = &g_array_index (report->flow, TixReportFlow, i);

      g_ptr_array_add (labels, tix_org_time_format (zone, f->start, "%H:%M"));
      g_array_append_val (arrivals, f->arrivals);
      g_array_append_val (exits, f->exits);
    }
  g_ptr_array_add (labels, NULL);
  tix_chart_set_data (self->chart, n, (const char * const *) labels->pdata, NULL,
                      (const gint64 *) arrivals->data, (const gint64 *) exits->data);
}

static void
report_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(TixDoorReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTimeZone) zone = NULL;
  g_autofree char *when = NULL;
  g_autofree char *status = NULL;
  TixDoorDashboard *self;

  report = tix_client_get_door_report_finish (TIX_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = TIX_DOOR_DASHBOARD (user_data);
  if (report == NULL)
    {
      /* Translators: %s says why */
      status = g_strdup_printf (_("Could not read the door report: %s"), error->message);
      gtk_label_set_label (self->status_label, status);
      return;
    }

  self->inside = report->inside;
  show_inside (self);
  show_entrances (self, report);
  show_refused (self, report);
  show_flow (self, report);

  zone = org_zone (self);
  when = tix_org_time_format (zone, tix_time_now_ms (), "%H:%M:%S");
  /* Translators: "Updated 21:04:33" */
  status = g_strdup_printf (_("Updated %s"), when);
  gtk_label_set_label (self->status_label, status);
  self->n_reports++;
}

void
tix_door_dashboard_reload (TixDoorDashboard *self)
{
  TixClient *client;

  g_return_if_fail (TIX_IS_DOOR_DASHBOARD (self));

  g_clear_handle_id (&self->reload_id, g_source_remove);
  client = self->session != NULL ? tix_session_get_client (self->session) : NULL;
  if (client == NULL || self->event_id == 0)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  tix_client_get_event_door_report_async (client, self->event_id, NULL, self->cancellable,
                                          report_cb, self);
}

static gboolean
reload_cb (gpointer user_data)
{
  TixDoorDashboard *self = user_data;

  self->reload_id = 0;
  tix_door_dashboard_reload (self);
  return G_SOURCE_REMOVE;
}

static gboolean
interval_cb (gpointer user_data)
{
  tix_door_dashboard_reload (TIX_DOOR_DASHBOARD (user_data));
  return G_SOURCE_CONTINUE;
}

static void
reload_soon (TixDoorDashboard *self)
{
  if (self->reload_id == 0)
    self->reload_id = g_timeout_add (RELOAD_AFTER_SCAN_MS, reload_cb, self);
}

/* The stream ----------------------------------------------------------------------- */

static void
on_event_stats (TixEventStream      *stream,
                const TixEventStats *stats,
                TixDoorDashboard    *self)
{
  if (stats->event_id != self->event_id)
    return;
  self->inside = stats->inside;
  show_inside (self);
  reload_soon (self);
}

static void
on_ticket_moved (TixDoorDashboard *self)
{
  reload_soon (self);
}

/* Actions -------------------------------------------------------------------------- */

static void
fullscreen_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  if (gtk_window_is_fullscreen (GTK_WINDOW (widget)))
    gtk_window_unfullscreen (GTK_WINDOW (widget));
  else
    gtk_window_fullscreen (GTK_WINDOW (widget));
}

static void
unfullscreen_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  gtk_window_unfullscreen (GTK_WINDOW (widget));
}

/* GObject -------------------------------------------------------------------------- */

static void
tix_door_dashboard_dispose (GObject *object)
{
  TixDoorDashboard *self = TIX_DOOR_DASHBOARD (object);

  g_clear_handle_id (&self->reload_id, g_source_remove);
  g_clear_handle_id (&self->interval_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->season != NULL)
    g_signal_handlers_disconnect_by_data (self->season, self);
  g_clear_object (&self->season);
  g_clear_object (&self->stream_signals);
  g_clear_object (&self->session);

  gtk_widget_dispose_template (GTK_WIDGET (self), TIX_TYPE_DOOR_DASHBOARD);

  G_OBJECT_CLASS (tix_door_dashboard_parent_class)->dispose (object);
}

static void
tix_door_dashboard_class_init (TixDoorDashboardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tix_door_dashboard_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/gnome/Tix/ui/views/door/tix-door-dashboard.ui");
  gtk_widget_class_bind_template_child (widget_class, TixDoorDashboard, window_title);
  gtk_widget_class_bind_template_child (widget_class, TixDoorDashboard, inside_label);
  gtk_widget_class_bind_template_child (widget_class, TixDoorDashboard, level_bar);
  gtk_widget_class_bind_template_child (widget_class, TixDoorDashboard, level_label);
  gtk_widget_class_bind_template_child (widget_class, TixDoorDashboard, chart_bin);
  gtk_widget_class_bind_template_child (widget_class, TixDoorDashboard, entrance_grid);
  gtk_widget_class_bind_template_child (widget_class, TixDoorDashboard, refused_grid);
  gtk_widget_class_bind_template_child (widget_class, TixDoorDashboard, status_label);

  gtk_widget_class_install_action (widget_class, "dashboard.fullscreen", NULL, fullscreen_action);
  gtk_widget_class_install_action (widget_class, "dashboard.unfullscreen", NULL,
                                   unfullscreen_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F11, 0, "dashboard.fullscreen",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0,
                                       "dashboard.unfullscreen", NULL);
}

static void
tix_door_dashboard_init (TixDoorDashboard *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->chart = tix_chart_new (TIX_CHART_BARS);
  tix_chart_set_series (self->chart, _("Arrivals"), _("Exits"));
  gtk_widget_set_vexpand (GTK_WIDGET (self->chart), TRUE);
  adw_bin_set_child (self->chart_bin, GTK_WIDGET (self->chart));

  self->stream_signals = g_signal_group_new (TIX_TYPE_EVENT_STREAM);
  g_signal_group_connect_object (self->stream_signals, "event-stats",
                                 G_CALLBACK (on_event_stats), self, 0);
  g_signal_group_connect_object (self->stream_signals, "ticket-passed",
                                 G_CALLBACK (on_ticket_moved), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->stream_signals, "ticket-changed",
                                 G_CALLBACK (on_ticket_moved), self, G_CONNECT_SWAPPED);
  self->interval_id = g_timeout_add_seconds (RELOAD_INTERVAL_S, interval_cb, self);
}

/* Signed in again, or as someone else: that session's stream. */
static void
follow_session (TixDoorDashboard *self)
{
  gboolean signed_in = tix_session_get_client (self->session) != NULL;

  g_signal_group_set_target (self->stream_signals,
                             signed_in ? tix_session_get_stream (self->session) : NULL);
  tix_door_dashboard_reload (self);
}

TixDoorDashboard *
tix_door_dashboard_new (TixSession *session,
                        TixSeason  *season)
{
  TixDoorDashboard *self;

  g_return_val_if_fail (TIX_IS_SESSION (session), NULL);
  g_return_val_if_fail (TIX_IS_SEASON (season), NULL);

  self = g_object_new (TIX_TYPE_DOOR_DASHBOARD, NULL);
  self->session = g_object_ref (session);
  self->season = g_object_ref (season);
  g_signal_connect_object (session, "notify::client", G_CALLBACK (follow_session), self,
                           G_CONNECT_SWAPPED);
  if (tix_session_get_client (session) != NULL)
    g_signal_group_set_target (self->stream_signals, tix_session_get_stream (session));
  g_signal_connect_object (season, "notify::event-id", G_CALLBACK (follow_event), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (season, "notify::event", G_CALLBACK (follow_event), self,
                           G_CONNECT_SWAPPED);
  follow_event (self);

  return self;
}

gint64
tix_door_dashboard_get_inside (TixDoorDashboard *self)
{
  g_return_val_if_fail (TIX_IS_DOOR_DASHBOARD (self), 0);

  return self->inside;
}

TixDoorLevel
tix_door_dashboard_get_level (TixDoorDashboard *self)
{
  g_return_val_if_fail (TIX_IS_DOOR_DASHBOARD (self), TIX_DOOR_LEVEL_NO_LIMIT);

  return tix_door_board_level (self->inside, self->max_inside);
}

guint
tix_door_dashboard_get_n_reports (TixDoorDashboard *self)
{
  g_return_val_if_fail (TIX_IS_DOOR_DASHBOARD (self), 0);

  return self->n_reports;
}
