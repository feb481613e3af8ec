/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define TIX_TYPE_CHART (tix_chart_get_type ())

G_DECLARE_FINAL_TYPE (TixChart, tix_chart, TIX, CHART, GtkWidget)

typedef enum
{
  TIX_CHART_BARS,   /* one group of bars per point, one bar per series */
  TIX_CHART_CURVE,  /* the first series as a filled curve */
} TixChartKind;

/* A small chart of one or two series of counts over a row of labelled
 * points (days, weeks, ten minutes), drawn with GtkSnapshot in the colours of
 * the style (accent and success), with a value axis, a legend, and the
 * values of the point under the pointer in its tooltip. */
TixChart     *tix_chart_new            (TixChartKind        kind);
TixChartKind  tix_chart_get_kind       (TixChart           *self);
/* @second: NULL for a single series. */
void          tix_chart_set_series     (TixChart           *self,
                                        const char         *first,
                                        const char         *second);
/* Copies @n_points points: @labels (shown under the axis, thinned out when
 * crowded), @details (for the tooltip; NULL: the labels), and the values;
 * @second may be NULL. */
void          tix_chart_set_data       (TixChart           *self,
                                        guint               n_points,
                                        const char * const *labels,
                                        const char * const *details,
                                        const gint64       *first,
                                        const gint64       *second);
guint         tix_chart_get_n_points   (TixChart           *self);
/* The top of the value axis (a round number at or above the largest value). */
gint64        tix_chart_get_axis_max   (TixChart           *self);
/* The tooltip text of point @index. */
char         *tix_chart_dup_point_text (TixChart           *self,
                                        guint               index);
/* The point under @x (widget coordinates), or -1. */
int           tix_chart_get_point_at   (TixChart           *self,
                                        double              x);

G_END_DECLS
