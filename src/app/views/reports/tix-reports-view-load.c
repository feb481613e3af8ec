/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-reports-view"

#include "config.h"

#include <glib/gi18n.h>

#include "tix-app-util.h"
#include "tix-reports-view-private.h"
#include "tix-toast-host.h"

/* What the reports view loads and when: the counters, the three reports,
 * the door's day and the settings (whose figures, which time zone), again
 * when the event stream says the figures changed. */

/* Events come in bursts at the door: reload the reports once it calms. */
#define RELOAD_DELAY_MS 1500
#define MIN_RELOAD_INTERVAL_MS 5000

/* The cards ------------------------------------------------------------------ */

void
_tix_reports_view_show_stats (TixReportsView *self)
{
  g_autofree char *total = NULL;
  g_autofree char *scanned = NULL;
  g_autofree char *not_scanned = NULL;
  g_autofree char *rate = NULL;

  if (!self->has_stats)
    {
      gtk_label_set_label (self->total_label, "–");
      gtk_label_set_label (self->scanned_label, "–");
      gtk_label_set_label (self->not_scanned_label, "–");
      gtk_label_set_label (self->rate_label, "–");
      gtk_level_bar_set_value (self->rate_bar, 0);
      return;
    }

  total = tix_format_count (self->stats.total);
  scanned = tix_format_count (self->stats.scanned);
  not_scanned = tix_format_count (self->stats.not_scanned);
  /* Translators: the scan rate, a percentage with one decimal */
  rate = g_strdup_printf (_("%.1f %%"), self->stats.scan_rate);

  gtk_label_set_label (self->total_label, total);
  gtk_label_set_label (self->scanned_label, scanned);
  gtk_label_set_label (self->not_scanned_label, not_scanned);
  gtk_label_set_label (self->rate_label, rate);
  gtk_level_bar_set_value (self->rate_bar, CLAMP (self->stats.scan_rate, 0, 100));
}

static void
set_stats (TixReportsView *self,
           const TixStats *stats)
{
  self->stats = *stats;
  self->has_stats = TRUE;
  _tix_reports_view_show_stats (self);
}

void
_tix_reports_view_update_status (TixReportsView *self)
{
  /* The venue's clock, like the reports. */
  g_autoptr(GDateTime) now = self->door_tz != NULL ? g_date_time_new_now (self->door_tz)
                                                   : g_date_time_new_now_local ();
  g_autofree char *time = NULL;
  g_autofree char *text = NULL;
  gboolean live = self->stream != NULL && tix_event_stream_get_connected (self->stream);

  if (self->client == NULL)
    {
      gtk_label_set_label (self->status_label, "");
      return;
    }

  if (self->n_loading > 0 && self->loaded_at == 0)
    {
      gtk_label_set_label (self->status_label, _("Loading…"));
      return;
    }

  /* Translators: a time of day, see g_date_time_format() */
  time = g_date_time_format (now, _("%H:%M"));
  if (live)
    /* Translators: the reports are live; %s is when the tables were last loaded */
    text = g_strdup_printf (_("Live — counters follow every scan; tables as of %s"), time);
  else
    /* Translators: %s is when the reports were loaded */
    text = g_strdup_printf (_("As of %s — not live: the server cannot be reached for updates"),
                            time);
  if (self->time_zone != NULL)
    {
      g_autofree char *with_zone = NULL;

      /* Translators: the status, then the time zone reports count days in */
      with_zone = g_strdup_printf (_("%s. Days are counted in %s."), text, self->time_zone);
      gtk_label_set_label (self->status_label, with_zone);
    }
  else
    gtk_label_set_label (self->status_label, text);
}

/* Loading -------------------------------------------------------------------- */

static void
load_done (TixReportsView *self)
{
  g_assert (self->n_loading > 0);

  if (--self->n_loading == 0)
    self->loaded_at = g_get_monotonic_time ();
  _tix_reports_view_update_status (self);
}

static void
report_failed (TixReportsView *self,
               const GError   *error)
{
  g_autofree char *title = NULL;

  g_debug ("Loading a report: %s", error->message);
  /* Translators: %s says why */
  title = g_strdup_printf (_("Could not load the reports: %s"), error->message);
  tix_widget_add_toast (GTK_WIDGET (self), adw_toast_new (title));
}

static void
stats_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(TixReportsView) self = user_data;
  g_autoptr(GError) error = NULL;
  TixStats stats;

  if (!tix_client_get_stats_finish (TIX_CLIENT (object), result, &stats, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      report_failed (self, error);
    }
  else
    set_stats (self, &stats);

  load_done (self);
}

static void
season_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(TixReportsView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(TixSeasonReport) report = NULL;

  report = tix_client_get_season_report_finish (TIX_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (report == NULL)
    report_failed (self, error);
  else
    tix_season_panel_set_report (self->season_panel, report,
                                 tix_season_get_time_zone (self->season));

  load_done (self);
}

static void
report_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(TixReportsView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(TixPeriodReport) report = NULL;

  report = tix_client_get_report_finish (TIX_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (report == NULL)
    report_failed (self, error);
  else
    {
      TixReportPeriod period = report->period;

      tix_period_report_card_set_report (_tix_reports_view_get_card (self, period), report);
      g_clear_pointer (&self->reports[period], tix_period_report_free);
      self->reports[period] = g_steal_pointer (&report);
    }

  load_done (self);
}

typedef struct
{
  TixReportsView *self;
  guint           serial;
} DoorLoad;

static void
door_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autofree DoorLoad *load = user_data;
  g_autoptr(TixReportsView) self = load->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(TixDoorReport) door = NULL;

  door = tix_client_get_door_report_finish (TIX_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* Another day was asked for since: that answer counts, not this one. */
  if (load->serial != self->door_serial)
    {
      load_done (self);
      return;
    }

  if (door == NULL)
    {
      report_failed (self, error);
      load_done (self);
      return;
    }

  g_clear_pointer (&self->door_tz, g_time_zone_unref);
  if (door->time_zone != NULL)
    self->door_tz = g_time_zone_new_identifier (door->time_zone);

  tix_door_report_panel_set_station_id (self->door_panel,
                                        tix_client_get_station_id (TIX_CLIENT (object)));
  tix_door_report_panel_set_report (self->door_panel, door, self->door_tz);
  g_clear_pointer (&self->door, tix_door_report_free);
  self->door = g_steal_pointer (&door);

  load_done (self);
}

static void
settings_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(TixReportsView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(TixSettings) settings = NULL;
  const char *title;

  settings = tix_client_get_settings_finish (TIX_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (settings != NULL)
    {
      /* Whose figures these are: the event, else the organization. */
      title = tix_settings_get_title (settings);
      gtk_label_set_label (self->title_label, title != NULL ? title : _("Reports"));

      g_free (self->time_zone);
      self->time_zone = g_strdup (tix_settings_get (settings, TIX_SETTING_TIME_ZONE));
    }
  else
    g_debug ("Loading the settings: %s", error->message);

  load_done (self);
}

/* The day shown at the door where the venue is; NULL: today as the server
 * counts it. */
static GDateTime *
door_day (TixReportsView *self)
{
  g_autoptr(GDateTime) now = NULL;

  if (self->door_day == 0)
    return NULL;

  now = self->door_tz != NULL ? g_date_time_new_now (self->door_tz)
                              : g_date_time_new_now_local ();
  return g_date_time_add_days (now, self->door_day);
}

void
_tix_reports_view_update_door_title (TixReportsView *self)
{
  g_autoptr(GDateTime) day = door_day (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reports.door-next", self->door_day < 0);
  tix_door_report_panel_set_today (self->door_panel, self->door_day == 0);

  if (self->door_day == 0)
    gtk_label_set_label (self->door_title_label, _("Today at the Door"));
  else if (self->door_day == -1)
    gtk_label_set_label (self->door_title_label, _("Yesterday at the Door"));
  else
    {
      /* Translators: a day, see g_date_time_format() */
      g_autofree char *date = g_date_time_format (day, _("%A %-d %B"));
      /* Translators: %s is a day, such as "Saturday 14 March" */
      g_autofree char *title = g_strdup_printf (_("At the Door on %s"), date);

      gtk_label_set_label (self->door_title_label, title);
    }
}

void
_tix_reports_view_load_door (TixReportsView *self)
{
  g_autoptr(GDateTime) day = door_day (self);
  g_autofree char *date = day != NULL ? g_date_time_format (day, "%Y-%m-%d") : NULL;
  DoorLoad *load = g_new0 (DoorLoad, 1);

  _tix_reports_view_update_door_title (self);
  load->self = g_object_ref (self);
  load->serial = ++self->door_serial;
  self->n_loading++;
  tix_client_get_event_door_report_async (self->client, _tix_reports_view_get_event_id (self),
                                          date, self->cancellable, door_cb, load);
}

void
_tix_reports_view_load (TixReportsView *self,
                        gboolean        with_stats)
{
  gint64 event_id = _tix_reports_view_get_event_id (self);

  g_assert (self->client != NULL);

  self->shown_event_id = event_id;
  /* The stream's counters are the organization's: one event's are read. */
  if (with_stats || event_id != 0)
    {
      self->n_loading++;
      tix_client_get_event_stats_async (self->client, event_id, self->cancellable, stats_cb,
                                        g_object_ref (self));
    }

  for (guint p = 0; p < TIX_N_REPORT_PERIODS; p++)
    {
      self->n_loading++;
      tix_client_get_event_report_async (self->client, event_id, p, self->cancellable,
                                         report_cb, g_object_ref (self));
    }

  if (event_id == 0 && self->season != NULL)
    {
      self->n_loading++;
      tix_client_get_season_report_async (self->client, self->cancellable, season_cb,
                                          g_object_ref (self));
    }

  self->n_loading++;
  tix_client_get_settings_async (self->client, self->cancellable, settings_cb,
                                 g_object_ref (self));

  _tix_reports_view_load_door (self);
  _tix_reports_view_update_status (self);
}

/* Live ----------------------------------------------------------------------- */

static gboolean
reload_cb (gpointer user_data)
{
  TixReportsView *self = user_data;

  self->reload_id = 0;
  _tix_reports_view_load (self, FALSE);
  return G_SOURCE_REMOVE;
}

static void
on_stream_stats (TixEventStream *stream,
                 gconstpointer   stats,
                 TixReportsView *self)
{
  /* The organization's: one event's come with the reload. */
  if (_tix_reports_view_get_event_id (self) == 0)
    set_stats (self, stats);
}

/* Something changed the figures: counters follow at once (stats), tables
 * a moment later, and a busy door reloads them at most every few seconds. */
static void
reload_soon (TixReportsView *self)
{
  /* Out of sight, the tables wait until the view is shown again. */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->stale = TRUE;
      return;
    }

  if (self->reload_id == 0)
    {
      gint64 since_ms = (g_get_monotonic_time () - self->loaded_at) / 1000;
      gint64 delay_ms = MAX (RELOAD_DELAY_MS, MIN_RELOAD_INTERVAL_MS - since_ms);

      self->reload_id = g_timeout_add ((guint) MIN (delay_ms, MIN_RELOAD_INTERVAL_MS),
                                       reload_cb, self);
    }
}

/* The title and the zone the days are counted in: the reports are read
 * again when either is not what they were read with (until the first
 * settings came, the load under way brings them). */
static void
on_stream_settings (TixEventStream *stream,
                    TixSettings    *settings,
                    TixReportsView *self)
{
  const char *title = tix_settings_get_title (settings);

  if (self->time_zone == NULL)
    return;
  if (g_strcmp0 (self->time_zone, tix_settings_get (settings, TIX_SETTING_TIME_ZONE)) != 0 ||
      g_strcmp0 (gtk_label_get_label (self->title_label), title != NULL ? title : _("Reports")) != 0)
    reload_soon (self);
}

static void
on_stream_connected (TixReportsView *self)
{
  _tix_reports_view_update_status (self);
}

void
_tix_reports_view_init_live (TixReportsView *self)
{
  self->stream_signals = g_signal_group_new (TIX_TYPE_EVENT_STREAM);
  g_signal_group_connect_object (self->stream_signals, "stats",
                                 G_CALLBACK (on_stream_stats), self, 0);
  g_signal_group_connect_object (self->stream_signals, "ticket-changed",
                                 G_CALLBACK (reload_soon), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->stream_signals, "tickets-generated",
                                 G_CALLBACK (reload_soon), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->stream_signals, "tickets-cleared",
                                 G_CALLBACK (reload_soon), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->stream_signals, "settings-changed",
                                 G_CALLBACK (on_stream_settings), self, 0);
  g_signal_group_connect_object (self->stream_signals, "notify::connected",
                                 G_CALLBACK (on_stream_connected), self, G_CONNECT_SWAPPED);
}
