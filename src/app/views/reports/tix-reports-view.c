/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-reports-view"

#include "config.h"

#include <glib/gi18n.h>

#include "tix-chart.h"
#include "tix-csv.h"
#include "tix-reports-view.h"
#include "tix-time.h"
#include "tix-toast-host.h"

/* Events come in bursts at the door: reload the reports once it calms. */
#define RELOAD_DELAY_MS 1500
#define MIN_RELOAD_INTERVAL_MS 5000
/* Today at the door shows at least two hours. */
#define MIN_DOOR_BUCKETS 12
/* Below this width the tables go under their charts. */
#define NARROW_WIDTH    720

/* The reports' periods, as the client names them. */
typedef TixReportPeriod Period;
#define PERIOD_DAILY   TIX_REPORT_DAILY
#define PERIOD_WEEKLY  TIX_REPORT_WEEKLY
#define PERIOD_MONTHLY TIX_REPORT_MONTHLY
#define N_PERIODS      TIX_N_REPORT_PERIODS

typedef TixReportRow Row;

typedef struct
{
  char   *name;
  gint64  scans;
} Share;

struct _TixReportsView
{
  AdwBin           parent_instance;

  /* Template widgets */
  GtkLabel        *title_label;
  GtkLabel        *status_label;
  GtkMenuButton   *export_button;
  GtkLabel        *total_label;
  GtkLabel        *scanned_label;
  GtkLabel        *not_scanned_label;
  GtkLabel        *rate_label;
  GtkLevelBar     *rate_bar;
  GtkStack        *period_stack;
  GtkBox          *daily_box;
  GtkBox          *weekly_box;
  GtkBox          *monthly_box;
  GtkStack        *door_stack;
  GtkBox          *door_box;
  GtkLabel        *busiest_label;
  GtkLabel        *door_title_label;
  GtkLabel        *door_empty_label;
  GtkListBox      *station_list;
  GtkListBox      *user_list;

  /* Widgets made in init, owned by their parents */
  TixChart        *charts[N_PERIODS];
  GtkGrid         *tables[N_PERIODS];
  GtkLabel        *table_headers[N_PERIODS]; /* the first column's heading */
  GtkScrolledWindow *scrollers[N_PERIODS];
  GtkSizeGroup    *columns[N_PERIODS][3];  /* a heading and its column */
  GtkBox          *rows[N_PERIODS];       /* chart and table */
  TixChart        *door_chart;

  /* Owned references */
  TixSession      *session;
  GSignalGroup    *session_signals;
  GSignalGroup    *stream_signals;
  TixClient       *client;                /* the session's, as of the last change */
  TixEventStream  *stream;                /* its stream */
  GCancellable    *cancellable;           /* loads for this client */
  GArray          *reports[N_PERIODS];    /* Row, newest first; NULL until loaded */
  GArray          *door_intervals;        /* Row (period: start, generated unused) */
  GArray          *door_stations;         /* Share */
  GArray          *door_users;            /* Share */
  GTimeZone       *door_tz;               /* the organization's, or NULL */
  char            *time_zone;             /* its name, from the settings */

  TixStats         stats;
  gint64           door_scans;            /* -1 while unknown */
  int              door_day;              /* 0: today, -1: yesterday, … */
  guint            door_serial;           /* of the last door report asked for */
  gint64           loaded_at;             /* monotonic, of the last full load */
  guint            n_loading;
  guint            reload_id;
  guint            layout_id;
  guint            n_exporting;           /* exports being written */
  guint            has_stats : 1;
  guint            narrow : 1;
  guint            stale : 1;             /* events came while unmapped */
};

G_DEFINE_FINAL_TYPE (TixReportsView, tix_reports_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
share_clear (gpointer data)
{
  Share *share = data;

  g_clear_pointer (&share->name, g_free);
}

static GArray *
shares_new (void)
{
  GArray *shares = g_array_new (FALSE, TRUE, sizeof (Share));

  g_array_set_clear_func (shares, share_clear);
  return shares;
}

static char *
format_count (gint64 value)
{
  return g_strdup_printf ("%'" G_GINT64_FORMAT, value);
}

/* Labels of periods ---------------------------------------------------------- */

static GDateTime *
parse_date (const char *text)
{
  int y, m, d;

  if (text == NULL || sscanf (text, "%4d-%2d-%2d", &y, &m, &d) != 3)
    return NULL;

  return g_date_time_new_utc (y, m, d, 0, 0, 0);
}

/* "2026-W48" → the Monday that week starts. */
static GDateTime *
parse_week (const char *text,
            int        *out_week)
{
  g_autoptr(GDateTime) jan4 = NULL;
  int y, w;

  if (text == NULL || sscanf (text, "%4d-W%2d", &y, &w) != 2)
    return NULL;

  jan4 = g_date_time_new_utc (y, 1, 4, 0, 0, 0);
  if (jan4 == NULL)
    return NULL;

  *out_week = w;
  return g_date_time_add_days (jan4, (w - 1) * 7 - (g_date_time_get_day_of_week (jan4) - 1));
}

static void
period_labels (Period       period,
               const char  *text,
               char       **out_short,
               char       **out_long)
{
  g_autoptr(GDateTime) dt = NULL;
  int week = 0;

  switch (period)
    {
    case PERIOD_DAILY:
      dt = parse_date (text);
      if (dt != NULL)
        {
          /* Translators: a day under a chart's axis, see g_date_time_format() */
          *out_short = g_date_time_format (dt, _("%-d %b"));
          /* Translators: a day in a tooltip and a table, see g_date_time_format() */
          *out_long = g_date_time_format (dt, _("%a %-d %B %Y"));
          return;
        }
      break;

    case PERIOD_WEEKLY:
      dt = parse_week (text, &week);
      if (dt != NULL)
        {
          g_autofree char *monday = g_date_time_format (dt, _("%-d %b %Y"));

          /* Translators: a week under a chart's axis: "W48" */
          *out_short = g_strdup_printf (_("W%d"), week);
          /* Translators: "Week 48, from 23 Nov 2026" */
          *out_long = g_strdup_printf (_("Week %d, from %s"), week, monday);
          return;
        }
      break;

    case PERIOD_MONTHLY:
      {
        g_autofree char *day = g_strconcat (text ? text : "", "-01", NULL);

        dt = parse_date (day);
        if (dt != NULL)
          {
            /* Translators: a month under a chart's axis, see g_date_time_format() */
            *out_short = g_date_time_format (dt, _("%b"));
            /* Translators: a month in a tooltip and a table, see g_date_time_format() */
            *out_long = g_date_time_format (dt, _("%B %Y"));
            return;
          }
      }
      break;

    case N_PERIODS:
    default:
      g_assert_not_reached ();
    }

  *out_short = g_strdup (text ? text : "");
  *out_long = g_strdup (text ? text : "");
}

/* The cards ------------------------------------------------------------------ */

static void
show_stats (TixReportsView *self)
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

  total = format_count (self->stats.total);
  scanned = format_count (self->stats.scanned);
  not_scanned = format_count (self->stats.not_scanned);
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
  show_stats (self);
}

static void
update_status (TixReportsView *self)
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

/* The period reports --------------------------------------------------------- */

static GtkWidget *
table_label (const char *text,
             gboolean    numeric,
             gboolean    heading)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), numeric ? 1.0 : 0.0);
  gtk_widget_set_hexpand (label, !numeric);
  if (numeric)
    gtk_widget_add_css_class (label, "numeric");
  if (heading)
    gtk_widget_add_css_class (label, "heading");
  return label;
}

static void
show_report (TixReportsView *self,
             Period          period)
{
  GArray *rows = self->reports[period];
  GtkGrid *table = self->tables[period];
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) details = g_ptr_array_new_with_free_func (g_free);
  g_autofree gint64 *generated = NULL;
  g_autofree gint64 *scanned = NULL;
  GtkWidget *child;
  guint n = rows != NULL ? rows->len : 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (table))) != NULL)
    gtk_grid_remove (table, child);

  /* The headings are above the scrolled part: they stay in sight. */
  gtk_label_set_label (self->table_headers[period],
                       period == PERIOD_DAILY ? _("Day")
                       : period == PERIOD_WEEKLY ? _("Week") : _("Month"));

  generated = g_new0 (gint64, MAX (n, 1));
  scanned = g_new0 (gint64, MAX (n, 1));

  /* Rows come newest first: the chart reads left to right, oldest first. */
  for (guint i = 0; i < n; i++)
    {
      Row *row = &g_array_index (rows, Row, n - 1 - i);
      Row *newest_first = &g_array_index (rows, Row, i);
      char *short_label, *long_label;
      g_autofree char *short_row = NULL, *long_row = NULL;
      g_autofree char *g_text = format_count (newest_first->generated);
      g_autofree char *s_text = format_count (newest_first->scanned);
      GtkWidget *cells[3];

      period_labels (period, row->period, &short_label, &long_label);
      g_ptr_array_add (labels, short_label);
      g_ptr_array_add (details, long_label);
      generated[i] = row->generated;
      scanned[i] = row->scanned;

      period_labels (period, newest_first->period, &short_row, &long_row);
      cells[0] = table_label (long_row, FALSE, FALSE);
      cells[1] = table_label (g_text, TRUE, FALSE);
      cells[2] = table_label (s_text, TRUE, FALSE);
      /* A long date wraps in a narrow window rather than widen it. */
      gtk_label_set_wrap (GTK_LABEL (cells[0]), TRUE);
      for (guint c = 0; c < G_N_ELEMENTS (cells); c++)
        {
          gtk_size_group_add_widget (self->columns[period][c], cells[c]);
          /* Empty periods step back; the busy ones stand out. */
          if (newest_first->generated == 0 && newest_first->scanned == 0)
            gtk_widget_add_css_class (cells[c], "dim-label");
          gtk_grid_attach (table, cells[c], c, i, 1, 1);
        }
    }

  tix_chart_set_data (self->charts[period], n,
                      (const char * const *) labels->pdata,
                      (const char * const *) details->pdata,
                      generated, scanned);
}

/* Today at the door ---------------------------------------------------------- */

static GtkWidget *
share_row (const Share *share,
           gint64       total)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *count = format_count (share->scans);
  g_autofree char *text = NULL;
  GtkWidget *label;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), share->name);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  /* Translators: scans at a station or by a person, and their share of the day's */
  text = g_strdup_printf (_("%s  (%d %%)"), count,
                          total > 0 ? (int) (share->scans * 100 / total) : 0);
  label = gtk_label_new (text);
  gtk_widget_add_css_class (label, "numeric");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  return row;
}

static void
fill_shares (GtkListBox *list,
             GArray     *shares,
             gint64      total)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);

  for (guint i = 0; shares != NULL && i < shares->len; i++)
    gtk_list_box_append (list, share_row (&g_array_index (shares, Share, i), total));

  if (shares == NULL || shares->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Nobody yet"));
      gtk_list_box_append (list, row);
    }
}

/* "19:30" for an ISO time, in the organization's time zone. */
static char *
interval_label (TixReportsView *self,
                const char     *text)
{
  gint64 ms;

  if (text != NULL && tix_time_parse_iso (text, &ms))
    {
      g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (ms / 1000);
      g_autoptr(GDateTime) there = NULL;

      there = self->door_tz != NULL ? g_date_time_to_timezone (utc, self->door_tz)
                                    : g_date_time_to_local (utc);
      return g_date_time_format (there, "%H:%M");
    }

  return g_strdup (text ? text : "");
}

/* The bucket now is in, or the last one. */
static guint
current_bucket (GArray *intervals)
{
  gint64 now = g_get_real_time () / 1000;
  guint current = 0;

  for (guint i = 0; i < intervals->len; i++)
    {
      gint64 ms;

      if (tix_time_parse_iso (g_array_index (intervals, Row, i).period, &ms) && ms <= now)
        current = i;
    }

  return current;
}

static void
show_door (TixReportsView *self)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) details = g_ptr_array_new_with_free_func (g_free);
  g_autofree gint64 *scans = NULL;
  GArray *intervals = self->door_intervals;
  guint n = intervals != NULL ? intervals->len : 0;
  gint64 busiest = -1;
  guint busiest_i = 0;
  guint first, last;

  if (self->door_scans <= 0 || n == 0)
    {
      gtk_stack_set_visible_child_name (self->door_stack, "none");
      return;
    }

  /* The part of the day with scans in it, and a little around it: at least
   * two hours. */
  first = n;
  last = 0;
  for (guint i = 0; i < n; i++)
    if (g_array_index (intervals, Row, i).scanned > 0)
      {
        first = MIN (first, i);
        last = i;
      }
  if (first == n)
    first = last = current_bucket (intervals);
  first = first >= 3 ? first - 3 : 0;
  /* A little after the last scan, but nothing of the future. */
  last = MAX (last, MIN (last + 3, current_bucket (intervals)));
  last = MIN (n - 1, last);
  /* Earlier first: later buckets are still to come. */
  while (last - first + 1 < MIN_DOOR_BUCKETS && (first > 0 || last < n - 1))
    {
      if (first > 0)
        first--;
      else
        last++;
    }

  scans = g_new0 (gint64, n);
  for (guint i = first; i <= last; i++)
    {
      Row *row = &g_array_index (intervals, Row, i);
      g_autofree char *from = interval_label (self, row->period);
      g_autofree char *to = NULL;

      if (i + 1 < n)
        to = interval_label (self, g_array_index (intervals, Row, i + 1).period);
      g_ptr_array_add (labels, g_strdup (from));
      /* Translators: a ten-minute interval: "19:30 to 19:40" */
      g_ptr_array_add (details, to != NULL ? g_strdup_printf (_("%s to %s"), from, to)
                                           : g_strdup (from));
      scans[labels->len - 1] = row->scanned;
      if (row->scanned > busiest)
        {
          busiest = row->scanned;
          busiest_i = labels->len - 1;
        }
    }

  tix_chart_set_data (self->door_chart, labels->len,
                      (const char * const *) labels->pdata,
                      (const char * const *) details->pdata,
                      scans, NULL);

  {
    g_autofree char *total = format_count (self->door_scans);
    g_autofree char *most = format_count (busiest);
    g_autofree char *markup = NULL;

    /* Translators: today at the door; %s are the day's scans, the busiest
     * ten minutes ("19:30 to 19:40") and the scans in them */
    if (self->door_day == 0)
      markup = g_markup_printf_escaped (_("<b>%s</b> scanned today. Busiest: <b>%s</b>, with %s scans."),
                                        total, (char *) g_ptr_array_index (details, busiest_i),
                                        most);
    else
      /* Translators: another day at the door, as above */
      markup = g_markup_printf_escaped (_("<b>%s</b> scanned that day. Busiest: <b>%s</b>, with %s scans."),
                                        total, (char *) g_ptr_array_index (details, busiest_i),
                                        most);
    gtk_label_set_markup (self->busiest_label, markup);
  }

  fill_shares (self->station_list, self->door_stations, self->door_scans);
  fill_shares (self->user_list, self->door_users, self->door_scans);
  gtk_stack_set_visible_child_name (self->door_stack, "door");
}

/* Loading -------------------------------------------------------------------- */

static void
load_done (TixReportsView *self)
{
  g_assert (self->n_loading > 0);

  if (--self->n_loading == 0)
    self->loaded_at = g_get_monotonic_time ();
  update_status (self);
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

typedef struct
{
  TixReportsView *self;
  Period          period;
} ReportLoad;

static void
report_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autofree ReportLoad *load = user_data;
  g_autoptr(TixReportsView) self = load->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(TixPeriodReport) report = NULL;

  report = tix_client_get_report_finish (TIX_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (report == NULL)
    report_failed (self, error);
  else
    {
      g_clear_pointer (&self->reports[load->period], g_array_unref);
      self->reports[load->period] = g_array_ref (report->rows);
      show_report (self, load->period);
    }

  load_done (self);
}

static const char *
station_name (TixReportsView *self,
              const char     *station)
{
  if (station == NULL || *station == '\0')
    return NULL;
  if (self->client != NULL &&
      g_strcmp0 (station, tix_client_get_station_id (self->client)) == 0)
    return _("This station");
  return NULL;
}

/* What a station is called: this one, the name it was given in its
 * preferences, the start of its id. */
static char *
station_label (TixReportsView *self,
               const char     *id)
{
  char *name;

  if (station_name (self, id) != NULL)
    return g_strdup (station_name (self, id));
  if ((name = tix_station_get_name (id)) != NULL)
    return name;
  if (id != NULL && *id != '\0')
    /* Translators: another station, known by the start of its id */
    return g_strdup_printf (_("Station %.8s"), id);
  return g_strdup (_("Unknown station"));
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
  g_autoptr(GArray) stations = shares_new ();
  g_autoptr(GArray) users = shares_new ();

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

  for (guint i = 0; i < door->by_station->len; i++)
    {
      TixReportShare *entry = &g_array_index (door->by_station, TixReportShare, i);
      Share share = { station_label (self, entry->key), entry->scanned };

      g_array_append_val (stations, share);
    }
  for (guint i = 0; i < door->by_user->len; i++)
    {
      TixReportShare *entry = &g_array_index (door->by_user, TixReportShare, i);
      const char *name = entry->key;
      Share share = { g_strdup (name != NULL && *name != '\0' ? name : _("A removed user")),
                      entry->scanned };

      g_array_append_val (users, share);
    }

  g_clear_pointer (&self->door_intervals, g_array_unref);
  g_clear_pointer (&self->door_stations, g_array_unref);
  g_clear_pointer (&self->door_users, g_array_unref);
  self->door_intervals = g_array_ref (door->intervals);
  self->door_stations = g_steal_pointer (&stations);
  self->door_users = g_steal_pointer (&users);
  self->door_scans = door->scanned;
  show_door (self);

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

/* The day shown at the door, "YYYY-MM-DD" where the venue is; NULL: today
 * as the server counts it. */
static char *
door_date (TixReportsView *self)
{
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) day = NULL;

  if (self->door_day == 0)
    return NULL;

  now = self->door_tz != NULL ? g_date_time_new_now (self->door_tz)
                              : g_date_time_new_now_local ();
  day = g_date_time_add_days (now, self->door_day);
  return g_date_time_format (day, "%Y-%m-%d");
}

static void
update_door_title (TixReportsView *self)
{
  g_autofree char *date = door_date (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reports.door-next", self->door_day < 0);

  if (self->door_day == 0)
    {
      gtk_label_set_label (self->door_title_label, _("Today at the Door"));
      gtk_label_set_label (self->door_empty_label, _("No tickets scanned today yet."));
    }
  else
    {
      g_autoptr(GDateTime) dt = parse_date (date);
      /* Translators: a day, see g_date_time_format() */
      g_autofree char *day = dt != NULL ? g_date_time_format (dt, _("%A %-d %B"))
                                        : g_strdup (date);
      g_autofree char *title = NULL;

      if (self->door_day == -1)
        title = g_strdup (_("Yesterday at the Door"));
      else
        /* Translators: %s is a day, such as "Saturday 14 March" */
        title = g_strdup_printf (_("At the Door on %s"), day);
      gtk_label_set_label (self->door_title_label, title);
      gtk_label_set_label (self->door_empty_label, _("No tickets were scanned that day."));
    }
}

static void
load_door (TixReportsView *self)
{
  g_autofree char *date = door_date (self);
  DoorLoad *load = g_new0 (DoorLoad, 1);

  update_door_title (self);
  load->self = g_object_ref (self);
  load->serial = ++self->door_serial;
  self->n_loading++;
  tix_client_get_door_report_async (self->client, date, self->cancellable, door_cb, load);
}

/* @with_stats: also the counters (the stream keeps them once connected). */
static void
load_reports (TixReportsView *self,
              gboolean        with_stats)
{
  g_assert (self->client != NULL);

  if (with_stats)
    {
      self->n_loading++;
      tix_client_get_stats_async (self->client, self->cancellable, stats_cb,
                                  g_object_ref (self));
    }

  for (guint p = 0; p < N_PERIODS; p++)
    {
      ReportLoad *load = g_new0 (ReportLoad, 1);

      load->self = g_object_ref (self);
      load->period = p;
      self->n_loading++;
      tix_client_get_report_async (self->client, p, self->cancellable,
                                   report_cb, load);
    }

  self->n_loading++;
  tix_client_get_settings_async (self->client, self->cancellable, settings_cb,
                                 g_object_ref (self));

  load_door (self);
  update_status (self);
}

/* Live ----------------------------------------------------------------------- */

static gboolean
reload_cb (gpointer user_data)
{
  TixReportsView *self = user_data;

  self->reload_id = 0;
  load_reports (self, FALSE);
  return G_SOURCE_REMOVE;
}

static void
on_stream_stats (TixEventStream *stream,
                 gconstpointer   stats,
                 TixReportsView *self)
{
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
tix_reports_view_map (GtkWidget *widget)
{
  TixReportsView *self = TIX_REPORTS_VIEW (widget);

  GTK_WIDGET_CLASS (tix_reports_view_parent_class)->map (widget);

  if (self->stale && self->client != NULL && self->reload_id == 0)
    {
      self->stale = FALSE;
      load_reports (self, FALSE);
    }
}

static void
on_stream_connected (TixReportsView *self)
{
  update_status (self);
}

/* Export --------------------------------------------------------------------- */

typedef struct
{
  GFile         *file;
  GOutputStream *output;   /* the ticket list, as the client writes it */
  GBytes        *csv;      /* all of it, once made */
} Export;

static void
export_free (Export *export)
{
  g_clear_object (&export->file);
  g_clear_object (&export->output);
  g_clear_pointer (&export->csv, g_bytes_unref);
  g_free (export);
}

static void
export_written_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (object), result, NULL, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* The file is written once all of it is made: a failed export leaves what
 * was there before. */
static void
export_write (GTask  *task,
              GBytes *csv)
{
  Export *export = g_task_get_task_data (task);

  export->csv = csv;
  g_file_replace_contents_bytes_async (export->file, csv, NULL, FALSE,
                                       G_FILE_CREATE_REPLACE_DESTINATION,
                                       g_task_get_cancellable (task),
                                       export_written_cb, g_object_ref (task));
}

static void
tickets_exported_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Export *export = g_task_get_task_data (task);
  GError *error = NULL;

  if (tix_client_export_tickets_finish (TIX_CLIENT (object), result, &error) < 0 ||
      !g_output_stream_close (export->output, NULL, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  export_write (task,
                g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (export->output)));
}

static gboolean
export_report (TixReportsView *self,
               const char     *what,
               GString        *csv)
{
  for (guint p = 0; p < N_PERIODS; p++)
    {
      const char *header[] = { tix_report_period_get_member (p), "generated", "scanned" };
      GArray *rows = self->reports[p];

      if (!g_str_equal (what, tix_report_period_get_name (p)))
        continue;
      if (rows == NULL)
        return FALSE;

      tix_csv_append_record (csv, header, 3);
      for (guint i = 0; i < rows->len; i++)
        {
          Row *row = &g_array_index (rows, Row, i);
          g_autofree char *generated = g_strdup_printf ("%" G_GINT64_FORMAT, row->generated);
          g_autofree char *scanned = g_strdup_printf ("%" G_GINT64_FORMAT, row->scanned);
          const char *fields[] = { row->period, generated, scanned };

          tix_csv_append_record (csv, fields, 3);
        }
      return TRUE;
    }

  if (g_str_equal (what, "door"))
    {
      /* The start in UTC for machines, its time at the venue for people. */
      const char *header[] = { "interval_start", "local_time", "scans" };

      if (self->door_intervals == NULL)
        return FALSE;

      tix_csv_append_record (csv, header, 3);
      for (guint i = 0; i < self->door_intervals->len; i++)
        {
          Row *row = &g_array_index (self->door_intervals, Row, i);
          g_autofree char *local = interval_label (self, row->period);
          g_autofree char *scans = g_strdup_printf ("%" G_GINT64_FORMAT, row->scanned);
          const char *fields[] = { row->period, local, scans };

          tix_csv_append_record (csv, fields, 3);
        }
      return TRUE;
    }

  return FALSE;
}

void
tix_reports_view_export_async (TixReportsView      *self,
                               const char          *what,
                               GFile               *file,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GString) csv = NULL;
  Export *export;

  g_return_if_fail (TIX_IS_REPORTS_VIEW (self));
  g_return_if_fail (what != NULL);
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tix_reports_view_export_async);

  export = g_new0 (Export, 1);
  export->file = g_object_ref (file);
  g_task_set_task_data (task, export, (GDestroyNotify) export_free);

  if (g_str_equal (what, "tickets"))
    {
      g_autoptr(GTimeZone) zone = NULL;

      if (self->client == NULL)
        {
          g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED,
                                   _("Not signed in"));
          return;
        }

      /* The organization's zone: the local times are there. */
      if (self->time_zone != NULL)
        zone = g_time_zone_new_identifier (self->time_zone);
      if (zone == NULL)
        zone = self->door_tz != NULL ? g_time_zone_ref (self->door_tz)
                                     : g_time_zone_new_local ();

      export->output = g_memory_output_stream_new_resizable ();
      tix_client_export_tickets_async (self->client, export->output, zone,
                                       g_task_get_cancellable (task),
                                       tickets_exported_cb, g_object_ref (task));
      return;
    }

  csv = g_string_new (NULL);
  if (!export_report (self, what, csv))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                               _("That report has not been loaded"));
      return;
    }

  export_write (task, g_string_free_to_bytes (g_steal_pointer (&csv)));
}

gboolean
tix_reports_view_export_finish (TixReportsView  *self,
                                GAsyncResult    *result,
                                GError         **error)
{
  g_return_val_if_fail (TIX_IS_REPORTS_VIEW (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        tix_reports_view_export_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* One export at a time from the menu: the ticket list can take a while. */
static void
set_exporting (TixReportsView *self,
               int             delta)
{
  self->n_exporting += delta;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reports.export", self->n_exporting == 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reports.export-menu",
                                 self->n_exporting == 0);
}

static void
exported_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  TixReportsView *self = TIX_REPORTS_VIEW (object);
  g_autoptr(GFile) file = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *title = NULL;

  set_exporting (self, -1);

  if (!tix_reports_view_export_finish (self, result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* Translators: a file name, then why */
      title = g_strdup_printf (_("Could not save “%s”: %s"), name, error->message);
    }
  else
    /* Translators: a file name */
    title = g_strdup_printf (_("Saved “%s”"), name);

  tix_widget_add_toast (GTK_WIDGET (self), adw_toast_new (title));
}

static void
on_export_response (GtkNativeDialog *dialog,
                    int              response,
                    TixReportsView  *self)
{
  const char *what = g_object_get_data (G_OBJECT (dialog), "tix-export");

  if (response == GTK_RESPONSE_ACCEPT)
    {
      GFile *file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      if (file != NULL)
        {
          set_exporting (self, +1);
          tix_reports_view_export_async (self, what, file, self->cancellable,
                                         exported_cb, file);
        }
    }

  g_object_unref (dialog);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  TixReportsView *self = TIX_REPORTS_VIEW (widget);
  const char *what = g_variant_get_string (parameter, NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *day = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *name = g_strdup_printf ("tix-%s-%s.csv", what, day);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *dialog;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  dialog = gtk_file_chooser_native_new (g_str_equal (what, "tickets")
                                        ? _("Save the Ticket List")
                                        : _("Save the Report"),
                                        GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  gtk_file_filter_set_name (filter, _("CSV Files"));
  gtk_file_filter_add_mime_type (filter, "text/csv");
  gtk_file_filter_add_pattern (filter, "*.csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);

  g_object_set_data_full (G_OBJECT (dialog), "tix-export", g_strdup (what), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_export_response), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
export_menu_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  gtk_menu_button_popup (TIX_REPORTS_VIEW (widget)->export_button);
}

static void
door_day_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  TixReportsView *self = TIX_REPORTS_VIEW (widget);

  if (self->client == NULL)
    return;

  if (g_str_equal (action_name, "reports.door-previous"))
    self->door_day--;
  else if (self->door_day < 0)
    self->door_day++;
  else
    return;

  load_door (self);
  update_status (self);
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  tix_reports_view_reload (TIX_REPORTS_VIEW (widget));
}

/* GObject -------------------------------------------------------------------- */

static void
forget_reports (TixReportsView *self)
{
  for (guint p = 0; p < N_PERIODS; p++)
    {
      g_clear_pointer (&self->reports[p], g_array_unref);
      if (self->charts[p] != NULL)
        show_report (self, p);
    }
  g_clear_pointer (&self->door_intervals, g_array_unref);
  g_clear_pointer (&self->door_stations, g_array_unref);
  g_clear_pointer (&self->door_users, g_array_unref);
  self->door_scans = -1;
  self->has_stats = FALSE;
  self->loaded_at = 0;
}

static void
tix_reports_view_dispose (GObject *object)
{
  TixReportsView *self = TIX_REPORTS_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->reload_id, g_source_remove);
  g_clear_handle_id (&self->layout_id, g_source_remove);
  g_clear_object (&self->session_signals);
  g_clear_object (&self->stream_signals);
  g_clear_object (&self->session);
  g_clear_object (&self->stream);
  g_clear_object (&self->client);

  gtk_widget_dispose_template (GTK_WIDGET (self), TIX_TYPE_REPORTS_VIEW);

  for (guint p = 0; p < N_PERIODS; p++)
    {
      g_clear_pointer (&self->reports[p], g_array_unref);
      self->charts[p] = NULL;
      self->tables[p] = NULL;
      self->table_headers[p] = NULL;
      self->scrollers[p] = NULL;
      for (guint c = 0; c < 3; c++)
        g_clear_object (&self->columns[p][c]);
      self->rows[p] = NULL;
    }
  self->door_chart = NULL;
  g_clear_pointer (&self->door_intervals, g_array_unref);
  g_clear_pointer (&self->door_stations, g_array_unref);
  g_clear_pointer (&self->door_users, g_array_unref);
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
    case PROP_SESSION:
      tix_reports_view_set_session (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static gboolean
apply_layout_cb (gpointer user_data)
{
  TixReportsView *self = user_data;
  GtkOrientation orientation = self->narrow ? GTK_ORIENTATION_VERTICAL
                                            : GTK_ORIENTATION_HORIZONTAL;

  self->layout_id = 0;
  for (guint p = 0; p < N_PERIODS; p++)
    if (self->rows[p] != NULL)
      {
        gtk_orientable_set_orientation (GTK_ORIENTABLE (self->rows[p]), orientation);
        /* Under the chart, the table is as long as it is (the page scrolls);
         * beside it, as tall as the chart, scrolled. */
        gtk_scrolled_window_set_policy (self->scrollers[p], GTK_POLICY_NEVER,
                                        self->narrow ? GTK_POLICY_NEVER : GTK_POLICY_AUTOMATIC);
      }
  return G_SOURCE_REMOVE;
}

static void
tix_reports_view_size_allocate (GtkWidget *widget,
                                int        width,
                                int        height,
                                int        baseline)
{
  TixReportsView *self = TIX_REPORTS_VIEW (widget);
  gboolean narrow = width < NARROW_WIDTH;

  GtkWidget *child = adw_bin_get_child (ADW_BIN (widget));

  if (child != NULL)
    gtk_widget_allocate (child, width, height, baseline, NULL);

  /* Not while allocating: the new layout is measured on the next frame. */
  if (narrow != self->narrow)
    {
      self->narrow = narrow;
      if (self->layout_id == 0)
        self->layout_id = g_idle_add (apply_layout_cb, self);
    }
}

/* No layout manager (it would bypass size_allocate): measured as the child. */
static void
tix_reports_view_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  GtkWidget *child = adw_bin_get_child (ADW_BIN (widget));

  *minimum = *natural = 0;
  *minimum_baseline = *natural_baseline = -1;
  if (child != NULL)
    gtk_widget_measure (child, orientation, for_size, minimum, natural,
                        minimum_baseline, natural_baseline);
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
  widget_class->measure = tix_reports_view_measure;
  widget_class->size_allocate = tix_reports_view_size_allocate;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, TIX_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "reports.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "reports.export", "s", export_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK,
                                       "reports.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "reports.refresh", NULL);
  gtk_widget_class_install_action (widget_class, "reports.export-menu", NULL, export_menu_action);
  gtk_widget_class_install_action (widget_class, "reports.door-previous", NULL, door_day_action);
  gtk_widget_class_install_action (widget_class, "reports.door-next", NULL, door_day_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK,
                                       "reports.export-menu", NULL);

  gtk_widget_class_set_css_name (widget_class, "reportsview");
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/gnome/Tix/ui/views/reports/tix-reports-view.ui");
  gtk_widget_class_bind_template_child (widget_class, TixReportsView, title_label);
  gtk_widget_class_bind_template_child (widget_class, TixReportsView, status_label);
  gtk_widget_class_bind_template_child (widget_class, TixReportsView, export_button);
  gtk_widget_class_bind_template_child (widget_class, TixReportsView, total_label);
  gtk_widget_class_bind_template_child (widget_class, TixReportsView, scanned_label);
  gtk_widget_class_bind_template_child (widget_class, TixReportsView, not_scanned_label);
  gtk_widget_class_bind_template_child (widget_class, TixReportsView, rate_label);
  gtk_widget_class_bind_template_child (widget_class, TixReportsView, rate_bar);
  gtk_widget_class_bind_template_child (widget_class, TixReportsView, period_stack);
  gtk_widget_class_bind_template_child (widget_class, TixReportsView, daily_box);
  gtk_widget_class_bind_template_child (widget_class, TixReportsView, weekly_box);
  gtk_widget_class_bind_template_child (widget_class, TixReportsView, monthly_box);
  gtk_widget_class_bind_template_child (widget_class, TixReportsView, door_stack);
  gtk_widget_class_bind_template_child (widget_class, TixReportsView, door_box);
  gtk_widget_class_bind_template_child (widget_class, TixReportsView, busiest_label);
  gtk_widget_class_bind_template_child (widget_class, TixReportsView, door_title_label);
  gtk_widget_class_bind_template_child (widget_class, TixReportsView, door_empty_label);
  gtk_widget_class_bind_template_child (widget_class, TixReportsView, station_list);
  gtk_widget_class_bind_template_child (widget_class, TixReportsView, user_list);
}

/* A card with the chart, and beside it the table, scrolled. */
static void
build_period (TixReportsView *self,
              Period          period,
              GtkBox         *box)
{
  /* Side by side when wide, the table under the chart when narrow. */
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *chart_card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *table = gtk_grid_new ();
  GtkWidget *table_card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *header = gtk_grid_new ();
  const char *headings[] = { NULL, _("Generated"), _("Scanned") };

  self->charts[period] = tix_chart_new (TIX_CHART_BARS);
  tix_chart_set_series (self->charts[period], _("Generated"), _("Scanned"));
  gtk_widget_set_hexpand (GTK_WIDGET (self->charts[period]), TRUE);
  gtk_widget_set_size_request (GTK_WIDGET (self->charts[period]), -1, 260);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->charts[period]),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  period == PERIOD_DAILY ? _("Tickets generated and scanned per day")
                                  : period == PERIOD_WEEKLY ? _("Tickets generated and scanned per week")
                                  : _("Tickets generated and scanned per month"),
                                  -1);
  gtk_widget_add_css_class (chart_card, "card");
  gtk_widget_add_css_class (chart_card, "report-chart");
  gtk_widget_set_hexpand (chart_card, TRUE);
  gtk_box_append (GTK_BOX (chart_card), GTK_WIDGET (self->charts[period]));

  self->tables[period] = GTK_GRID (table);
  gtk_grid_set_column_spacing (GTK_GRID (table), 18);
  gtk_grid_set_row_spacing (GTK_GRID (table), 4);
  gtk_widget_add_css_class (table, "report-table");
  /* Narrow first (see apply_layout_cb ()). */
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller),
                                  GTK_POLICY_NEVER, GTK_POLICY_NEVER);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), table);
  gtk_widget_set_vexpand (scroller, TRUE);
  self->scrollers[period] = GTK_SCROLLED_WINDOW (scroller);

  gtk_grid_set_column_spacing (GTK_GRID (header), 18);
  gtk_widget_set_margin_top (header, 12);
  gtk_widget_set_margin_start (header, 12);
  gtk_widget_set_margin_end (header, 12);
  for (guint c = 0; c < 3; c++)
    {
      GtkWidget *label = table_label (headings[c], c > 0, TRUE);

      self->columns[period][c] = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);
      gtk_size_group_add_widget (self->columns[period][c], label);
      gtk_grid_attach (GTK_GRID (header), label, c, 0, 1, 1);
      if (c == 0)
        self->table_headers[period] = GTK_LABEL (label);
    }

  gtk_box_append (GTK_BOX (table_card), header);
  gtk_box_append (GTK_BOX (table_card), scroller);
  gtk_widget_set_size_request (table_card, 200, 200);
  gtk_widget_set_hexpand (table_card, FALSE);
  /* Its rows fill the card's height (beside the chart, as tall as it); that
   * does not make the page taller. */
  gtk_widget_set_vexpand (table_card, FALSE);
  gtk_widget_add_css_class (table_card, "card");

  gtk_box_append (GTK_BOX (row), chart_card);
  gtk_box_append (GTK_BOX (row), table_card);
  self->rows[period] = GTK_BOX (row);
  gtk_box_append (box, row);

  show_report (self, period);
}

static void on_client_changed (TixReportsView *self);

static void
tix_reports_view_init (TixReportsView *self)
{
  GtkWidget *door_card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_layout_manager (GTK_WIDGET (self), NULL);

  /* Narrow until allocated wide, so it never makes a window wider. */
  self->narrow = TRUE;
  self->door_scans = -1;

  self->session_signals = g_signal_group_new (TIX_TYPE_SESSION);
  g_signal_group_connect_object (self->session_signals, "notify::client",
                                 G_CALLBACK (on_client_changed), self, G_CONNECT_SWAPPED);
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

  build_period (self, PERIOD_DAILY, self->daily_box);
  build_period (self, PERIOD_WEEKLY, self->weekly_box);
  build_period (self, PERIOD_MONTHLY, self->monthly_box);

  self->door_chart = tix_chart_new (TIX_CHART_CURVE);
  tix_chart_set_series (self->door_chart, _("Scans per 10 minutes"), NULL);
  gtk_widget_set_size_request (GTK_WIDGET (self->door_chart), -1, 220);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->door_chart),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Tickets scanned today, per ten minutes"),
                                  -1);
  gtk_widget_add_css_class (door_card, "card");
  gtk_widget_add_css_class (door_card, "report-chart");
  gtk_box_append (GTK_BOX (door_card), GTK_WIDGET (self->door_chart));
  gtk_box_insert_child_after (self->door_box, door_card, GTK_WIDGET (self->busiest_label));

  show_stats (self);
  update_status (self);
  update_door_title (self);
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
  forget_reports (self);
  show_stats (self);
  show_door (self);

  if (client != NULL)
    {
      self->cancellable = g_cancellable_new ();
      load_reports (self, TRUE);
    }

  update_status (self);
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
  load_reports (self, TRUE);
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

  for (guint p = 0; p < N_PERIODS; p++)
    {
      GArray *rows = self->reports[p];
      gint64 g = 0, s = 0;

      if (!g_str_equal (report, tix_report_period_get_name (p)))
        continue;
      if (rows == NULL)
        return FALSE;

      for (guint i = 0; i < rows->len; i++)
        {
          g += g_array_index (rows, Row, i).generated;
          s += g_array_index (rows, Row, i).scanned;
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

  return self->door_scans;
}
