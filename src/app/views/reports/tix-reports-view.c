/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-reports-view"

#include "config.h"

#include <glib/gi18n.h>

#include "tix-app-util.h"
#include "tix-narrow-layout.h"
#include "tix-reports-view-private.h"
#include "tix-toast-host.h"

/* The view: its session, its layout, what it tells. What it loads and when
 * is in tix-reports-view-load.c, its actions (refresh, the door's day,
 * export) in tix-reports-view-actions.c, the reports in their own widgets
 * (tix-period-report-card.c, tix-door-report-panel.c). */

/* Below this width the tables go under their charts, the cards 2 + 2. */
#define NARROW_WIDTH    720

G_DEFINE_FINAL_TYPE (TixReportsView, tix_reports_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_SEASON,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

TixPeriodReportCard *
_tix_reports_view_get_card (TixReportsView  *self,
                            TixReportPeriod  period)
{
  TixPeriodReportCard *cards[TIX_N_REPORT_PERIODS] = {
    [TIX_REPORT_DAILY] = self->daily_card,
    [TIX_REPORT_WEEKLY] = self->weekly_card,
    [TIX_REPORT_MONTHLY] = self->monthly_card,
  };

  return cards[period];
}

/* Signed in, out or as someone else: the reports start afresh with the
 * session's client, and follow its stream. */
static void
on_client_changed (TixReportsView *self)
{
  TixClient *client = self->session != NULL ? tix_session_get_client (self->session) : NULL;
  TixEventStream *stream = client != NULL ? tix_session_get_stream (self->session) : NULL;

  if (self->client == client)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->reload_id, g_source_remove);
  g_set_object (&self->client, client);
  g_set_object (&self->stream, stream);
  g_signal_group_set_target (self->stream_signals, self->stream);
  self->n_loading = 0;
  self->stale = FALSE;
  self->door_day = 0;

  for (guint p = 0; p < TIX_N_REPORT_PERIODS; p++)
    {
      g_clear_pointer (&self->reports[p], tix_period_report_free);
      tix_period_report_card_set_report (_tix_reports_view_get_card (self, p), NULL);
    }
  g_clear_pointer (&self->door, tix_door_report_free);
  tix_door_report_panel_set_report (self->door_panel, NULL, NULL);
  self->has_stats = FALSE;
  self->loaded_at = 0;
  _tix_reports_view_show_stats (self);

  if (client != NULL)
    {
      self->cancellable = g_cancellable_new ();
      _tix_reports_view_load (self, TRUE);
    }

  _tix_reports_view_update_status (self);
}

/* Wide or narrow ------------------------------------------------------------- */

/* On notify::narrow of its layout (tix-narrow-layout.c): the four cards
 * 4 in a row or 2 + 2, each report's table beside its chart or under it. */
static void
apply_narrow (TixReportsView *self)
{
  TixNarrowLayout *layout = TIX_NARROW_LAYOUT (gtk_widget_get_layout_manager (GTK_WIDGET (self)));
  gboolean narrow = tix_narrow_layout_get_narrow (layout);

  gtk_orientable_set_orientation (GTK_ORIENTABLE (self->cards),
                                  narrow ? GTK_ORIENTATION_VERTICAL : GTK_ORIENTATION_HORIZONTAL);
  /* Side by side, the pairs are as wide as each other; one above the other,
   * each is as tall as it is (the second has the scan rate's bar). */
  gtk_box_set_homogeneous (self->cards, !narrow);
  for (guint p = 0; p < TIX_N_REPORT_PERIODS; p++)
    tix_period_report_card_set_narrow (_tix_reports_view_get_card (self, p), narrow);
}

/* GObject -------------------------------------------------------------------- */

static void
tix_reports_view_map (GtkWidget *widget)
{
  TixReportsView *self = TIX_REPORTS_VIEW (widget);

  GTK_WIDGET_CLASS (tix_reports_view_parent_class)->map (widget);

  if (self->stale && self->client != NULL && self->reload_id == 0)
    {
      self->stale = FALSE;
      _tix_reports_view_load (self, FALSE);
    }
}

gint64
_tix_reports_view_get_event_id (TixReportsView *self)
{
  return self->season != NULL ? tix_season_get_selected_id (self->season) : 0;
}

/* Another event: every figure read again for it. */
static void
on_season_changed (TixReportsView *self)
{
  gint64 event_id = _tix_reports_view_get_event_id (self);

  gtk_widget_set_visible (GTK_WIDGET (self->season_panel), event_id == 0 && self->season != NULL);
  if (self->client == NULL || event_id == self->shown_event_id)
    return;

  self->shown_event_id = event_id;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->n_loading = 0;
  _tix_reports_view_load (self, TRUE);
}

static void
tix_reports_view_dispose (GObject *object)
{
  TixReportsView *self = TIX_REPORTS_VIEW (object);

  if (self->season != NULL)
    g_signal_handlers_disconnect_by_data (self->season, self);
  g_clear_object (&self->season);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->reload_id, g_source_remove);
  g_clear_object (&self->session_signals);
  g_clear_object (&self->stream_signals);
  g_clear_object (&self->session);
  g_clear_object (&self->stream);
  g_clear_object (&self->client);

  gtk_widget_dispose_template (GTK_WIDGET (self), TIX_TYPE_REPORTS_VIEW);

  for (guint p = 0; p < TIX_N_REPORT_PERIODS; p++)
    g_clear_pointer (&self->reports[p], tix_period_report_free);
  g_clear_pointer (&self->door, tix_door_report_free);
  g_clear_pointer (&self->door_tz, g_time_zone_unref);
  g_clear_pointer (&self->time_zone, g_free);

  G_OBJECT_CLASS (tix_reports_view_parent_class)->dispose (object);
}

static void
tix_reports_view_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  TixReportsView *self = TIX_REPORTS_VIEW (object);

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

static void
tix_reports_view_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  TixReportsView *self = TIX_REPORTS_VIEW (object);

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
      tix_reports_view_set_session (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tix_reports_view_class_init (TixReportsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tix_reports_view_dispose;
  object_class->get_property = tix_reports_view_get_property;
  object_class->set_property = tix_reports_view_set_property;

  widget_class->map = tix_reports_view_map;

  /* The events and the one the window works on (the window's). */
  properties[PROP_SEASON] =
    g_param_spec_object ("season", NULL, NULL, TIX_TYPE_SEASON,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, TIX_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  _tix_reports_view_class_actions_init (klass);

  g_type_ensure (TIX_TYPE_PERIOD_REPORT_CARD);
  g_type_ensure (TIX_TYPE_DOOR_REPORT_PANEL);
  g_type_ensure (TIX_TYPE_SEASON_PANEL);
  gtk_widget_class_set_css_name (widget_class, "reportsview");
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/gnome/Tix/ui/views/reports/tix-reports-view.ui");
  gtk_widget_class_bind_template_child (widget_class, TixReportsView, title_label);
  gtk_widget_class_bind_template_child (widget_class, TixReportsView, status_label);
  gtk_widget_class_bind_template_child (widget_class, TixReportsView, export_button);
  gtk_widget_class_bind_template_child (widget_class, TixReportsView, cards);
  gtk_widget_class_bind_template_child (widget_class, TixReportsView, total_label);
  gtk_widget_class_bind_template_child (widget_class, TixReportsView, scanned_label);
  gtk_widget_class_bind_template_child (widget_class, TixReportsView, not_scanned_label);
  gtk_widget_class_bind_template_child (widget_class, TixReportsView, rate_label);
  gtk_widget_class_bind_template_child (widget_class, TixReportsView, rate_bar);
  gtk_widget_class_bind_template_child (widget_class, TixReportsView, daily_card);
  gtk_widget_class_bind_template_child (widget_class, TixReportsView, weekly_card);
  gtk_widget_class_bind_template_child (widget_class, TixReportsView, monthly_card);
  gtk_widget_class_bind_template_child (widget_class, TixReportsView, door_title_label);
  gtk_widget_class_bind_template_child (widget_class, TixReportsView, door_panel);
  gtk_widget_class_bind_template_child (widget_class, TixReportsView, season_panel);
}

static void
tix_reports_view_init (TixReportsView *self)
{
  GtkLayoutManager *layout = tix_narrow_layout_new (NARROW_WIDTH);

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_layout_manager (GTK_WIDGET (self), layout);
  g_signal_connect_object (layout, "notify::narrow", G_CALLBACK (apply_narrow), self,
                           G_CONNECT_SWAPPED);
  apply_narrow (self);

  self->session_signals = g_signal_group_new (TIX_TYPE_SESSION);
  g_signal_group_connect_object (self->session_signals, "notify::client",
                                 G_CALLBACK (on_client_changed), self, G_CONNECT_SWAPPED);
  _tix_reports_view_init_live (self);

  _tix_reports_view_show_stats (self);
  _tix_reports_view_update_status (self);
  _tix_reports_view_update_door_title (self);
}

TixReportsView *
tix_reports_view_new (void)
{
  return g_object_new (TIX_TYPE_REPORTS_VIEW, NULL);
}

TixSession *
tix_reports_view_get_session (TixReportsView *self)
{
  g_return_val_if_fail (TIX_IS_REPORTS_VIEW (self), NULL);

  return self->session;
}

void
tix_reports_view_set_session (TixReportsView *self,
                              TixSession     *session)
{
  g_return_if_fail (TIX_IS_REPORTS_VIEW (self));
  g_return_if_fail (!session || TIX_IS_SESSION (session));

  if (!g_set_object (&self->session, session))
    return;

  g_signal_group_set_target (self->session_signals, session);
  on_client_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

void
tix_reports_view_reload (TixReportsView *self)
{
  g_return_if_fail (TIX_IS_REPORTS_VIEW (self));

  if (self->client == NULL)
    return;

  g_clear_handle_id (&self->reload_id, g_source_remove);
  _tix_reports_view_load (self, TRUE);
}

guint
tix_reports_view_get_n_loading (TixReportsView *self)
{
  g_return_val_if_fail (TIX_IS_REPORTS_VIEW (self), 0);

  return self->n_loading + (self->reload_id != 0 ? 1 : 0);
}

gboolean
tix_reports_view_get_stats (TixReportsView *self,
                            TixStats       *out_stats)
{
  g_return_val_if_fail (TIX_IS_REPORTS_VIEW (self), FALSE);

  if (self->has_stats && out_stats != NULL)
    *out_stats = self->stats;

  return self->has_stats;
}

gboolean
tix_reports_view_get_totals (TixReportsView *self,
                             const char     *report,
                             gint64         *generated,
                             gint64         *scanned)
{
  g_return_val_if_fail (TIX_IS_REPORTS_VIEW (self), FALSE);
  g_return_val_if_fail (report != NULL, FALSE);

  for (guint p = 0; p < TIX_N_REPORT_PERIODS; p++)
    {
      TixPeriodReport *loaded = self->reports[p];
      gint64 g = 0, s = 0;

      if (!g_str_equal (report, tix_report_period_get_name (p)))
        continue;
      if (loaded == NULL)
        return FALSE;

      for (guint i = 0; i < loaded->rows->len; i++)
        {
          g += g_array_index (loaded->rows, TixReportRow, i).generated;
          s += g_array_index (loaded->rows, TixReportRow, i).scanned;
        }
      if (generated != NULL)
        *generated = g;
      if (scanned != NULL)
        *scanned = s;
      return TRUE;
    }

  return FALSE;
}

gint64
tix_reports_view_get_door_scans (TixReportsView *self)
{
  g_return_val_if_fail (TIX_IS_REPORTS_VIEW (self), -1);

  return self->door != NULL ? self->door->scanned : -1;
}
