/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-chart"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "tix-app-util.h"
#include "tix-chart.h"

#define PAD         8.0   /* around the plot, in pixels */
#define LEGEND_GAP 16.0
#define SWATCH     10.0

typedef struct
{
  char   *label;
  char   *detail;
  gint64  values[2];
} Point;

struct _TixChart
{
  GtkWidget     parent_instance;

  /* Owned */
  char         *series[2];    /* names; series[1] NULL for one series */
  GArray       *points;       /* Point */

  TixChartKind  kind;
  int           hover;        /* point under the pointer, or -1 */
};

G_DEFINE_FINAL_TYPE (TixChart, tix_chart, GTK_TYPE_WIDGET)

static void
point_clear (gpointer data)
{
  Point *point = data;

  g_clear_pointer (&point->label, g_free);
  g_clear_pointer (&point->detail, g_free);
}

static guint
n_series (TixChart *self)
{
  return self->series[1] != NULL && self->kind == TIX_CHART_BARS ? 2 : 1;
}

/* 1, 2 or 5 times a power of ten, at least @value. */
static gint64
nice_step (double value)
{
  double magnitude, fraction;

  if (value <= 1)
    return 1;

  magnitude = pow (10, floor (log10 (value)));
  fraction = value / magnitude;

  if (fraction <= 1)
    return (gint64) magnitude;
  if (fraction <= 2)
    return (gint64) (2 * magnitude);
  if (fraction <= 5)
    return (gint64) (5 * magnitude);
  return (gint64) (10 * magnitude);
}

static gint64
axis_step (TixChart *self)
{
  gint64 max = 0;

  for (guint i = 0; i < self->points->len; i++)
    {
      Point *point = &g_array_index (self->points, Point, i);

      for (guint s = 0; s < n_series (self); s++)
        max = MAX (max, point->values[s]);
    }

  /* About four lines across the plot. */
  return nice_step ((double) MAX (max, 4) / 4.0);
}

gint64
tix_chart_get_axis_max (TixChart *self)
{
  gint64 step, max = 0;

  g_return_val_if_fail (TIX_IS_CHART (self), 0);

  step = axis_step (self);
  for (guint i = 0; i < self->points->len; i++)
    for (guint s = 0; s < n_series (self); s++)
      max = MAX (max, g_array_index (self->points, Point, i).values[s]);

  max = MAX (max, 4);
  return (max + step - 1) / step * step;
}

static void
get_colors (TixChart *self,
            GdkRGBA  *fg,
            GdkRGBA  *colors)
{
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (self));

  gtk_style_context_get_color (context, fg);
  if (!gtk_style_context_lookup_color (context, "accent_color", &colors[0]))
    gdk_rgba_parse (&colors[0], "#3584e4");
  if (!gtk_style_context_lookup_color (context, "success_color", &colors[1]))
    gdk_rgba_parse (&colors[1], "#26a269");
}

static PangoLayout *
make_layout (TixChart   *self,
             const char *text,
             gboolean    small)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);

  if (small)
    {
      PangoAttrList *attrs = pango_attr_list_new ();

      pango_attr_list_insert (attrs, pango_attr_scale_new (0.85));
      pango_layout_set_attributes (layout, attrs);
      pango_attr_list_unref (attrs);
    }

  return layout;
}

typedef struct
{
  double left, top, width, height;  /* the plot */
  double slot;                      /* width of one point */
} Geometry;

static double
layout_width (PangoLayout *layout)
{
  int w, h;

  pango_layout_get_pixel_size (layout, &w, &h);
  return w;
}

static double
layout_height (PangoLayout *layout)
{
  int w, h;

  pango_layout_get_pixel_size (layout, &w, &h);
  return h;
}

static void
compute_geometry (TixChart *self,
                  Geometry *g)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  g_autofree char *max_text = tix_format_count (tix_chart_get_axis_max (self));
  g_autoptr(PangoLayout) max_layout = make_layout (self, max_text, TRUE);
  double text_h = layout_height (max_layout);

  g->left = PAD + layout_width (max_layout) + PAD;
  g->top = PAD + text_h + PAD;       /* the legend */
  g->width = MAX (1.0, width - g->left - PAD);
  g->height = MAX (1.0, height - g->top - text_h - 2 * PAD);
  g->slot = self->points->len > 0 ? g->width / self->points->len : g->width;
}

static void
append_text (GtkSnapshot   *snapshot,
             PangoLayout   *layout,
             double         x,
             double         y,
             const GdkRGBA *color)
{
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

static void
snapshot_axis (TixChart       *self,
               GtkSnapshot    *snapshot,
               const Geometry *g,
               const GdkRGBA  *fg)
{
  gint64 step = axis_step (self);
  gint64 max = tix_chart_get_axis_max (self);
  GdkRGBA line = *fg, text = *fg;

  line.alpha *= 0.15;
  text.alpha *= 0.7;

  for (gint64 value = 0; value <= max; value += step)
    {
      double y = g->top + g->height - (double) value / max * g->height;
      g_autofree char *label = tix_format_count (value);
      g_autoptr(PangoLayout) layout = make_layout (self, label, TRUE);

      gtk_snapshot_append_color (snapshot, &line,
                                 &GRAPHENE_RECT_INIT (g->left, round (y), g->width, 1));
      append_text (snapshot, layout, g->left - PAD - layout_width (layout),
                   y - layout_height (layout) / 2, &text);
    }

  /* Labels under the axis, as many as fit. */
  if (self->points->len > 0)
    {
      double widest = 0;
      guint every;

      for (guint i = 0; i < self->points->len; i++)
        {
          g_autoptr(PangoLayout) layout =
            make_layout (self, g_array_index (self->points, Point, i).label, TRUE);

          widest = MAX (widest, layout_width (layout));
        }
      every = MAX (1, (guint) ceil ((widest + PAD) / g->slot));

      /* Count from the newest point, on the right, which matters most. */
      for (guint n = 0; n < self->points->len; n += every)
        {
          guint i = self->points->len - 1 - n;
          Point *point = &g_array_index (self->points, Point, i);
          g_autoptr(PangoLayout) layout = make_layout (self, point->label, TRUE);
          double x = g->left + (i + 0.5) * g->slot - layout_width (layout) / 2;

          x = CLAMP (x, 0, gtk_widget_get_width (GTK_WIDGET (self)) - layout_width (layout));
          append_text (snapshot, layout, x, g->top + g->height + PAD / 2, &text);
        }
    }
}

static void
snapshot_legend (TixChart       *self,
                 GtkSnapshot    *snapshot,
                 const Geometry *g,
                 const GdkRGBA  *fg,
                 const GdkRGBA  *colors)
{
  double x = g->left + g->width;

  for (int s = (int) n_series (self) - 1; s >= 0; s--)
    {
      g_autoptr(PangoLayout) layout = make_layout (self, self->series[s], TRUE);
      double h = layout_height (layout);

      x -= layout_width (layout);
      append_text (snapshot, layout, x, PAD, fg);
      x -= SWATCH + PAD / 2;
      gtk_snapshot_append_color (snapshot, &colors[s],
                                 &GRAPHENE_RECT_INIT (x, PAD + (h - SWATCH) / 2, SWATCH, SWATCH));
      x -= LEGEND_GAP;
    }
}

static void
snapshot_bars (TixChart       *self,
               GtkSnapshot    *snapshot,
               const Geometry *g,
               const GdkRGBA  *colors)
{
  gint64 max = tix_chart_get_axis_max (self);
  guint series = n_series (self);
  double group = g->slot * 0.7;
  double bar = MAX (1.0, group / series);

  for (guint i = 0; i < self->points->len; i++)
    {
      Point *point = &g_array_index (self->points, Point, i);
      double x = g->left + i * g->slot + (g->slot - group) / 2;

      for (guint s = 0; s < series; s++)
        {
          double h = (double) point->values[s] / max * g->height;

          if (point->values[s] > 0)
            h = MAX (h, 1.0);  /* one ticket still shows */
          gtk_snapshot_append_color (snapshot, &colors[s],
                                     &GRAPHENE_RECT_INIT (x + s * bar, g->top + g->height - h,
                                                          MAX (1.0, bar - 1), h));
        }
    }
}

static void
snapshot_curve (TixChart       *self,
                GtkSnapshot    *snapshot,
                const Geometry *g,
                const GdkRGBA  *colors)
{
  gint64 max = tix_chart_get_axis_max (self);
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  cairo_t *cr;

  if (self->points->len == 0)
    return;

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

  for (guint i = 0; i < self->points->len; i++)
    {
      Point *point = &g_array_index (self->points, Point, i);
      double x = g->left + (i + 0.5) * g->slot;
      double y = g->top + g->height - (double) point->values[0] / max * g->height;

      if (i == 0)
        cairo_move_to (cr, x, y);
      else
        cairo_line_to (cr, x, y);
    }

  gdk_cairo_set_source_rgba (cr, &colors[0]);
  cairo_set_line_width (cr, 2.5);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_stroke_preserve (cr);

  /* The area under the curve, faint. */
  cairo_line_to (cr, g->left + (self->points->len - 0.5) * g->slot, g->top + g->height);
  cairo_line_to (cr, g->left + 0.5 * g->slot, g->top + g->height);
  cairo_close_path (cr);
  cairo_set_source_rgba (cr, colors[0].red, colors[0].green, colors[0].blue, 0.2);
  cairo_fill (cr);

  if (self->hover >= 0 && (guint) self->hover < self->points->len)
    {
      Point *point = &g_array_index (self->points, Point, self->hover);
      double x = g->left + (self->hover + 0.5) * g->slot;
      double y = g->top + g->height - (double) point->values[0] / max * g->height;

      gdk_cairo_set_source_rgba (cr, &colors[0]);
      cairo_arc (cr, x, y, 4.5, 0, 2 * G_PI);
      cairo_fill (cr);
    }

  cairo_destroy (cr);
}

static void
tix_chart_snapshot (GtkWidget   *widget,
                    GtkSnapshot *snapshot)
{
  TixChart *self = TIX_CHART (widget);
  GdkRGBA fg, colors[2];
  Geometry g;

  get_colors (self, &fg, colors);
  compute_geometry (self, &g);

  if (self->hover >= 0 && (guint) self->hover < self->points->len)
    {
      GdkRGBA highlight = fg;

      highlight.alpha *= 0.07;
      gtk_snapshot_append_color (snapshot, &highlight,
                                 &GRAPHENE_RECT_INIT (g.left + self->hover * g.slot, g.top,
                                                      g.slot, g.height));
    }

  snapshot_axis (self, snapshot, &g, &fg);
  snapshot_legend (self, snapshot, &g, &fg, colors);

  if (self->kind == TIX_CHART_BARS)
    snapshot_bars (self, snapshot, &g, colors);
  else
    snapshot_curve (self, snapshot, &g, colors);
}

static void
tix_chart_measure (GtkWidget      *widget,
                   GtkOrientation  orientation,
                   int             for_size,
                   int            *minimum,
                   int            *natural,
                   int            *minimum_baseline,
                   int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 160;
      *natural = 600;
    }
  else
    {
      *minimum = 160;
      *natural = 220;
    }
}

int
tix_chart_get_point_at (TixChart *self,
                        double    x)
{
  Geometry g;
  int index;

  g_return_val_if_fail (TIX_IS_CHART (self), -1);

  if (self->points->len == 0)
    return -1;

  compute_geometry (self, &g);
  if (x < g.left || x >= g.left + g.width)
    return -1;

  index = (int) ((x - g.left) / g.slot);
  return index < (int) self->points->len ? index : -1;
}

char *
tix_chart_dup_point_text (TixChart *self,
                          guint     index)
{
  Point *point;
  GString *text;

  g_return_val_if_fail (TIX_IS_CHART (self), NULL);
  g_return_val_if_fail (index < self->points->len, NULL);

  point = &g_array_index (self->points, Point, index);
  text = g_string_new (point->detail ? point->detail : point->label);

  for (guint s = 0; s < n_series (self); s++)
    {
      g_autofree char *value = tix_format_count (point->values[s]);

      /* Translators: a line of a chart's tooltip: "Scanned: 120" */
      g_string_append_printf (text, _("\n%s: %s"), self->series[s], value);
    }

  return g_string_free (text, FALSE);
}

static gboolean
on_query_tooltip (TixChart   *self,
                  int         x,
                  int         y,
                  gboolean    keyboard,
                  GtkTooltip *tooltip)
{
  int index = tix_chart_get_point_at (self, x);
  g_autofree char *text = NULL;

  if (index < 0)
    return FALSE;

  text = tix_chart_dup_point_text (self, index);
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
set_hover (TixChart *self,
           int       hover)
{
  if (self->hover == hover)
    return;

  self->hover = hover;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_motion (GtkEventControllerMotion *motion,
           double                    x,
           double                    y,
           TixChart                 *self)
{
  set_hover (self, tix_chart_get_point_at (self, x));
}

static void
on_leave (GtkEventControllerMotion *motion,
          TixChart                 *self)
{
  set_hover (self, -1);
}

static void
update_accessible (TixChart *self)
{
  GString *text = g_string_new (NULL);
  gint64 totals[2] = { 0, 0 };

  for (guint i = 0; i < self->points->len; i++)
    for (guint s = 0; s < n_series (self); s++)
      totals[s] += g_array_index (self->points, Point, i).values[s];

  for (guint s = 0; s < n_series (self); s++)
    {
      g_autofree char *value = tix_format_count (totals[s]);

      if (s > 0)
        g_string_append (text, ", ");
      /* Translators: the accessible description of a chart: "Generated: 1,200 in all" */
      g_string_append_printf (text, _("%s: %s in all"), self->series[s], value);
    }

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text->str,
                                  -1);
  g_string_free (text, TRUE);
}

static void
tix_chart_finalize (GObject *object)
{
  TixChart *self = TIX_CHART (object);

  g_clear_pointer (&self->points, g_array_unref);
  g_clear_pointer (&self->series[0], g_free);
  g_clear_pointer (&self->series[1], g_free);

  G_OBJECT_CLASS (tix_chart_parent_class)->finalize (object);
}

static void
tix_chart_class_init (TixChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = tix_chart_finalize;

  widget_class->snapshot = tix_chart_snapshot;
  widget_class->measure = tix_chart_measure;

  gtk_widget_class_set_css_name (widget_class, "chart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
tix_chart_init (TixChart *self)
{
  GtkEventController *motion = gtk_event_controller_motion_new ();

  self->points = g_array_new (FALSE, TRUE, sizeof (Point));
  g_array_set_clear_func (self->points, point_clear);
  self->hover = -1;
  self->series[0] = g_strdup ("");

  g_signal_connect (motion, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect (motion, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);

  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (on_query_tooltip), NULL);
}

TixChart *
tix_chart_new (TixChartKind kind)
{
  TixChart *self = g_object_new (TIX_TYPE_CHART, NULL);

  self->kind = kind;
  return self;
}

TixChartKind
tix_chart_get_kind (TixChart *self)
{
  g_return_val_if_fail (TIX_IS_CHART (self), TIX_CHART_BARS);

  return self->kind;
}

void
tix_chart_set_series (TixChart   *self,
                      const char *first,
                      const char *second)
{
  g_return_if_fail (TIX_IS_CHART (self));
  g_return_if_fail (first != NULL);

  g_free (self->series[0]);
  g_free (self->series[1]);
  self->series[0] = g_strdup (first);
  self->series[1] = g_strdup (second);

  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
tix_chart_set_data (TixChart           *self,
                    guint               n_points,
                    const char * const *labels,
                    const char * const *details,
                    const gint64       *first,
                    const gint64       *second)
{
  g_return_if_fail (TIX_IS_CHART (self));
  g_return_if_fail (n_points == 0 || (labels != NULL && first != NULL));

  g_array_set_size (self->points, 0);
  for (guint i = 0; i < n_points; i++)
    {
      Point point = {
        .label = g_strdup (labels[i]),
        .detail = g_strdup (details != NULL ? details[i] : NULL),
        .values = { MAX (0, first[i]), second != NULL ? MAX (0, second[i]) : 0 },
      };

      g_array_append_val (self->points, point);
    }

  self->hover = -1;
  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
tix_chart_get_n_points (TixChart *self)
{
  g_return_val_if_fail (TIX_IS_CHART (self), 0);

  return self->points->len;
}
