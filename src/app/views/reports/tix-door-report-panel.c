/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-door-report-panel"

#include "config.h"

#include <glib/gi18n.h>

#include "tix-app-util.h"
#include "tix-chart.h"
#include "tix-client.h"
#include "tix-door-report-panel.h"
#include "tix-door-share-row.h"
#include "tix-time.h"

/* At least two hours of the day. */
#define MIN_DOOR_BUCKETS 12

struct _TixDoorReportPanel
{
  AdwBin      parent_instance;

  /* Template widgets */
  GtkStack   *door_stack;
  GtkLabel   *door_empty_label;
  GtkLabel   *busiest_label;
  GtkBox     *chart_card;
  GtkListBox *station_list;
  GtkListBox *user_list;

  TixChart   *chart;            /* in chart_card */
  char       *station_id;
  guint       today : 1;
};

G_DEFINE_FINAL_TYPE (TixDoorReportPanel, tix_door_report_panel, ADW_TYPE_BIN)

/* What a station is called: this one, the name it was given in its
 * preferences, the start of its id. */
static char *
station_label (TixDoorReportPanel *self,
               const char         *id)
{
  char *name;

  if (id == NULL || *id == '\0')
    return g_strdup (_("Unknown station"));
  if (g_strcmp0 (id, self->station_id) == 0)
    return g_strdup (_("This station"));
  if ((name = tix_station_get_name (id)) != NULL)
    return name;
  /* Translators: another station, known by the start of its id */
  return g_strdup_printf (_("Station %.8s"), id);
}

static void
fill_shares (TixDoorReportPanel *self,
             GtkListBox         *list,
             GArray             *shares,
             gboolean            stations,
             gint64              total)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);

  for (guint i = 0; shares != NULL && i < shares->len; i++)
    {
      TixReportShare *share = &g_array_index (shares, TixReportShare, i);
      g_autofree char *name = NULL;

      if (stations)
        name = station_label (self, share->key);
      else
        name = g_strdup (share->key != NULL && *share->key != '\0' ? share->key
                                                                   : _("A removed user"));
      gtk_list_box_append (list, tix_door_share_row_new (name, share->scanned, total));
    }

  if (shares == NULL || shares->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Nobody yet"));
      gtk_list_box_append (list, row);
    }
}

/* "19:30" for an ISO time, in @zone. */
static char *
interval_label (const char *text,
                GTimeZone  *zone)
{
  char *label = tix_time_format_iso_in_zone (text, zone, "%H:%M");

  return label != NULL ? label : g_strdup (text ? text : "");
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

      if (tix_time_parse_iso (g_array_index (intervals, TixReportRow, i).period, &ms) &&
          ms <= now)
        current = i;
    }

  return current;
}

/* The part of the day with scans in it, and a little around it: at least
 * two hours. */
static void
shown_part (GArray *intervals,
            guint  *out_first,
            guint  *out_last)
{
  guint n = intervals->len;
  guint first = n, last = 0;

  for (guint i = 0; i < n; i++)
    if (g_array_index (intervals, TixReportRow, i).scanned > 0)
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

  *out_first = first;
  *out_last = last;
}

void
tix_door_report_panel_set_report (TixDoorReportPanel  *self,
                                  const TixDoorReport *report,
                                  GTimeZone           *zone)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) details = g_ptr_array_new_with_free_func (g_free);
  g_autofree gint64 *scans = NULL;
  g_autofree char *total = NULL;
  g_autofree char *most = NULL;
  g_autofree char *markup = NULL;
  GArray *intervals = report != NULL ? report->intervals : NULL;
  guint n = intervals != NULL ? intervals->len : 0;
  gint64 busiest = -1;
  guint busiest_i = 0;
  guint first, last;

  g_return_if_fail (TIX_IS_DOOR_REPORT_PANEL (self));

  if (report == NULL || report->scanned <= 0 || n == 0)
    {
      gtk_stack_set_visible_child_name (self->door_stack, "none");
      return;
    }

  shown_part (intervals, &first, &last);
  scans = g_new0 (gint64, n);
  for (guint i = first; i <= last; i++)
    {
      TixReportRow *row = &g_array_index (intervals, TixReportRow, i);
      g_autofree char *from = interval_label (row->period, zone);
      g_autofree char *to = NULL;

      if (i + 1 < n)
        to = interval_label (g_array_index (intervals, TixReportRow, i + 1).period, zone);
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

  tix_chart_set_data (self->chart, labels->len,
                      (const char * const *) labels->pdata,
                      (const char * const *) details->pdata,
                      scans, NULL);

  total = tix_format_count (report->scanned);
  most = tix_format_count (busiest);
  /* Translators: today at the door; %s are the day's scans, the busiest
   * ten minutes ("19:30 to 19:40") and the scans in them */
  if (self->today)
    markup = g_markup_printf_escaped (_("<b>%s</b> scanned today. Busiest: <b>%s</b>, with %s scans."),
                                      total, (char *) g_ptr_array_index (details, busiest_i),
                                      most);
  else
    /* Translators: another day at the door, as above */
    markup = g_markup_printf_escaped (_("<b>%s</b> scanned that day. Busiest: <b>%s</b>, with %s scans."),
                                      total, (char *) g_ptr_array_index (details, busiest_i),
                                      most);
  gtk_label_set_markup (self->busiest_label, markup);

  fill_shares (self, self->station_list, report->by_station, TRUE, report->scanned);
  fill_shares (self, self->user_list, report->by_user, FALSE, report->scanned);
  gtk_stack_set_visible_child_name (self->door_stack, "door");
}

void
tix_door_report_panel_set_station_id (TixDoorReportPanel *self,
                                      const char         *station_id)
{
  g_return_if_fail (TIX_IS_DOOR_REPORT_PANEL (self));

  g_free (self->station_id);
  self->station_id = g_strdup (station_id);
}

void
tix_door_report_panel_set_today (TixDoorReportPanel *self,
                                 gboolean            today)
{
  g_return_if_fail (TIX_IS_DOOR_REPORT_PANEL (self));

  self->today = !!today;
  gtk_label_set_label (self->door_empty_label,
                       today ? _("No tickets scanned today yet.")
                             : _("No tickets were scanned that day."));
}

static void
tix_door_report_panel_dispose (GObject *object)
{
  TixDoorReportPanel *self = TIX_DOOR_REPORT_PANEL (object);

  /* The stack is the bin's child and a template child: the bin lets go of
   * it first. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), TIX_TYPE_DOOR_REPORT_PANEL);
  self->chart = NULL;
  g_clear_pointer (&self->station_id, g_free);

  G_OBJECT_CLASS (tix_door_report_panel_parent_class)->dispose (object);
}

static void
tix_door_report_panel_class_init (TixDoorReportPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tix_door_report_panel_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/gnome/Tix/ui/views/reports/tix-door-report-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, TixDoorReportPanel, door_stack);
  gtk_widget_class_bind_template_child (widget_class, TixDoorReportPanel, door_empty_label);
  gtk_widget_class_bind_template_child (widget_class, TixDoorReportPanel, busiest_label);
  gtk_widget_class_bind_template_child (widget_class, TixDoorReportPanel, chart_card);
  gtk_widget_class_bind_template_child (widget_class, TixDoorReportPanel, station_list);
  gtk_widget_class_bind_template_child (widget_class, TixDoorReportPanel, user_list);
}

static void
tix_door_report_panel_init (TixDoorReportPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* A curve: the chart's kind is made with it. */
  self->chart = tix_chart_new (TIX_CHART_CURVE);
  tix_chart_set_series (self->chart, _("Scans per 10 minutes"), NULL);
  gtk_widget_set_size_request (GTK_WIDGET (self->chart), -1, 220);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->chart),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Tickets scanned today, per ten minutes"),
                                  -1);
  gtk_box_append (self->chart_card, GTK_WIDGET (self->chart));
  tix_door_report_panel_set_today (self, TRUE);
}

GtkWidget *
tix_door_report_panel_new (void)
{
  return g_object_new (TIX_TYPE_DOOR_REPORT_PANEL, NULL);
}
