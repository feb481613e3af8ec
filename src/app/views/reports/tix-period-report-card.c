/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-period-report-card"

#include "config.h"

#include <glib/gi18n.h>

#include "tix-app-util.h"
#include "tix-chart.h"
#include "tix-period-report-card.h"

#define N_COLUMNS 3

struct _TixPeriodReportCard
{
  GtkBox             parent_instance;

  /* Template widgets */
  TixChart          *chart;
  GtkLabel          *period_heading;
  GtkScrolledWindow *scroller;
  GtkGrid           *table;
  GtkSizeGroup      *period_column;
  GtkSizeGroup      *generated_column;
  GtkSizeGroup      *scanned_column;

  TixReportPeriod    period;
  guint              n_rows;    /* of the table */
  guint              narrow : 1;
};

G_DEFINE_FINAL_TYPE (TixPeriodReportCard, tix_period_report_card, GTK_TYPE_BOX)

enum {
  PROP_0,
  PROP_PERIOD,
  PROP_NARROW,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

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

/* Under the chart's axis (@out_short), in its tooltip and the table. */
static void
period_labels (TixReportPeriod   period,
               const char       *text,
               char            **out_short,
               char            **out_long)
{
  g_autoptr(GDateTime) dt = NULL;
  int week = 0;

  switch (period)
    {
    case TIX_REPORT_DAILY:
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

    case TIX_REPORT_WEEKLY:
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

    case TIX_REPORT_MONTHLY:
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

    case TIX_N_REPORT_PERIODS:
    default:
      g_assert_not_reached ();
    }

  *out_short = g_strdup (text ? text : "");
  *out_long = g_strdup (text ? text : "");
}

/* The table ------------------------------------------------------------------ */

static GtkLabel *
cell (TixPeriodReportCard *self,
      guint                row,
      guint                column)
{
  GtkSizeGroup *groups[N_COLUMNS] = { self->period_column, self->generated_column,
                                      self->scanned_column };
  GtkWidget *label = gtk_grid_get_child_at (self->table, column, row);
  gboolean numeric = column > 0;

  if (label != NULL)
    return GTK_LABEL (label);

  label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (label), numeric ? 1.0 : 0.0);
  gtk_widget_set_hexpand (label, !numeric);
  if (numeric)
    gtk_widget_add_css_class (label, "numeric");
  else
    /* A long date wraps in a narrow window rather than widen it. */
    gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_size_group_add_widget (groups[column], label);
  gtk_grid_attach (self->table, label, column, row, 1, 1);
  return GTK_LABEL (label);
}

/* A row of the table: its labels are kept from one report to the next. */
static void
set_row (TixPeriodReportCard *self,
         guint                i,
         const TixReportRow  *row)
{
  g_autofree char *short_label = NULL, *long_label = NULL;
  g_autofree char *generated = tix_format_count (row->generated);
  g_autofree char *scanned = tix_format_count (row->scanned);
  const char *texts[N_COLUMNS] = { NULL, generated, scanned };

  period_labels (self->period, row->period, &short_label, &long_label);
  texts[0] = long_label;
  for (guint c = 0; c < N_COLUMNS; c++)
    {
      GtkWidget *label = GTK_WIDGET (cell (self, i, c));

      gtk_label_set_label (GTK_LABEL (label), texts[c]);
      /* Empty periods step back; the busy ones stand out. */
      if (row->generated == 0 && row->scanned == 0)
        gtk_widget_add_css_class (label, "dim-label");
      else
        gtk_widget_remove_css_class (label, "dim-label");
    }
}

void
tix_period_report_card_set_report (TixPeriodReportCard   *self,
                                   const TixPeriodReport *report)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) details = g_ptr_array_new_with_free_func (g_free);
  g_autofree gint64 *generated = NULL;
  g_autofree gint64 *scanned = NULL;
  GArray *rows = report != NULL ? report->rows : NULL;
  guint n = rows != NULL ? rows->len : 0;

  g_return_if_fail (TIX_IS_PERIOD_REPORT_CARD (self));
  g_return_if_fail (report == NULL || report->period == self->period);

  generated = g_new0 (gint64, MAX (n, 1));
  scanned = g_new0 (gint64, MAX (n, 1));

  /* Rows come newest first, as the table reads; the chart reads left to
   * right, oldest first. */
  for (guint i = 0; i < n; i++)
    {
      TixReportRow *row = &g_array_index (rows, TixReportRow, n - 1 - i);
      char *short_label, *long_label;

      period_labels (self->period, row->period, &short_label, &long_label);
      g_ptr_array_add (labels, short_label);
      g_ptr_array_add (details, long_label);
      generated[i] = row->generated;
      scanned[i] = row->scanned;

      set_row (self, i, &g_array_index (rows, TixReportRow, i));
    }
  for (; self->n_rows > n; self->n_rows--)
    gtk_grid_remove_row (self->table, self->n_rows - 1);
  self->n_rows = n;

  tix_chart_set_data (self->chart, n,
                      (const char * const *) labels->pdata,
                      (const char * const *) details->pdata,
                      generated, scanned);
}

/* GObject -------------------------------------------------------------------- */

static void
tix_period_report_card_constructed (GObject *object)
{
  TixPeriodReportCard *self = TIX_PERIOD_REPORT_CARD (object);
  const char *heading[] = { N_("Day"), N_("Week"), N_("Month") };
  const char *description[] = {
    N_("Tickets generated and scanned per day"),
    N_("Tickets generated and scanned per week"),
    N_("Tickets generated and scanned per month"),
  };

  G_OBJECT_CLASS (tix_period_report_card_parent_class)->constructed (object);

  gtk_label_set_label (self->period_heading, _(heading[self->period]));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->chart),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _(description[self->period]),
                                  -1);
  tix_period_report_card_set_report (self, NULL);
}

static void
tix_period_report_card_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), TIX_TYPE_PERIOD_REPORT_CARD);

  G_OBJECT_CLASS (tix_period_report_card_parent_class)->dispose (object);
}

static void
tix_period_report_card_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  TixPeriodReportCard *self = TIX_PERIOD_REPORT_CARD (object);

  switch (prop_id)
    {
    case PROP_PERIOD:
      g_value_set_enum (value, self->period);
      break;

    case PROP_NARROW:
      g_value_set_boolean (value, self->narrow);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tix_period_report_card_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  TixPeriodReportCard *self = TIX_PERIOD_REPORT_CARD (object);

  switch (prop_id)
    {
    case PROP_PERIOD:
      self->period = g_value_get_enum (value);
      break;

    case PROP_NARROW:
      tix_period_report_card_set_narrow (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tix_period_report_card_class_init (TixPeriodReportCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = tix_period_report_card_constructed;
  object_class->dispose = tix_period_report_card_dispose;
  object_class->get_property = tix_period_report_card_get_property;
  object_class->set_property = tix_period_report_card_set_property;

  properties[PROP_PERIOD] =
    g_param_spec_enum ("period", NULL, NULL, TIX_TYPE_REPORT_PERIOD, TIX_REPORT_DAILY,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NARROW] =
    g_param_spec_boolean ("narrow", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (TIX_TYPE_CHART);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/gnome/Tix/ui/views/reports/tix-period-report-card.ui");
  gtk_widget_class_bind_template_child (widget_class, TixPeriodReportCard, chart);
  gtk_widget_class_bind_template_child (widget_class, TixPeriodReportCard, period_heading);
  gtk_widget_class_bind_template_child (widget_class, TixPeriodReportCard, scroller);
  gtk_widget_class_bind_template_child (widget_class, TixPeriodReportCard, table);
  gtk_widget_class_bind_template_child (widget_class, TixPeriodReportCard, period_column);
  gtk_widget_class_bind_template_child (widget_class, TixPeriodReportCard, generated_column);
  gtk_widget_class_bind_template_child (widget_class, TixPeriodReportCard, scanned_column);
}

static void
tix_period_report_card_init (TixPeriodReportCard *self)
{
  /* Narrow until told otherwise (the template's orientation). */
  self->narrow = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  tix_chart_set_series (self->chart, _("Generated"), _("Scanned"));
}

TixPeriodReportCard *
tix_period_report_card_new (TixReportPeriod period)
{
  g_return_val_if_fail (period < TIX_N_REPORT_PERIODS, NULL);

  return g_object_new (TIX_TYPE_PERIOD_REPORT_CARD, "period", period, NULL);
}

TixReportPeriod
tix_period_report_card_get_period (TixPeriodReportCard *self)
{
  g_return_val_if_fail (TIX_IS_PERIOD_REPORT_CARD (self), TIX_REPORT_DAILY);

  return self->period;
}

gboolean
tix_period_report_card_get_narrow (TixPeriodReportCard *self)
{
  g_return_val_if_fail (TIX_IS_PERIOD_REPORT_CARD (self), FALSE);

  return self->narrow;
}

void
tix_period_report_card_set_narrow (TixPeriodReportCard *self,
                                   gboolean             narrow)
{
  g_return_if_fail (TIX_IS_PERIOD_REPORT_CARD (self));

  narrow = !!narrow;
  if (self->narrow == narrow)
    return;

  self->narrow = narrow;
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self),
                                  narrow ? GTK_ORIENTATION_VERTICAL : GTK_ORIENTATION_HORIZONTAL);
  /* Under the chart, the table is as long as it is (the page scrolls);
   * beside it, as tall as the chart, scrolled. */
  gtk_scrolled_window_set_policy (self->scroller, GTK_POLICY_NEVER,
                                  narrow ? GTK_POLICY_NEVER : GTK_POLICY_AUTOMATIC);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NARROW]);
}
