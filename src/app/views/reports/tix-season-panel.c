/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-season-panel"

#include "config.h"

#include <glib/gi18n.h>

#include "tix-app-util.h"
#include "tix-org-time.h"
#include "tix-season-panel.h"

struct _TixSeasonPanel
{
  AdwBin       parent_instance;

  /* Template widgets */
  GtkLabel    *empty_label;
  GtkFlowBox  *flow;

  guint        n_events;
};

G_DEFINE_FINAL_TYPE (TixSeasonPanel, tix_season_panel, ADW_TYPE_BIN)

static GtkWidget *
add_label (GtkWidget  *box,
           const char *text,
           const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  gtk_box_append (GTK_BOX (box), label);
  return label;
}

static GtkWidget *
make_card (const TixSeasonRow *row,
           GTimeZone          *zone,
           const char         *zone_name)
{
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  g_autofree char *when = tix_format_event_time (zone_name, row->event);
  g_autofree char *tickets = tix_format_count (row->tickets);
  g_autofree char *scanned = tix_format_count (row->scanned);
  g_autofree char *counts = NULL;
  g_autofree char *busiest = NULL;

  gtk_widget_add_css_class (card, "card");

  {
    GtkWidget *inner = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
    GtkWidget *label;

    gtk_widget_set_margin_start (inner, 12);
    gtk_widget_set_margin_end (inner, 12);
    gtk_widget_set_margin_top (inner, 12);
    gtk_widget_set_margin_bottom (inner, 12);
    gtk_box_append (GTK_BOX (card), inner);

    label = add_label (inner, tix_event_display_name (row->event), "heading");
    gtk_label_set_wrap (GTK_LABEL (label), FALSE);
    gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
    add_label (inner, when != NULL ? when : _("No date"), "dim-label");
    if (tix_event_get_archived (row->event))
      add_label (inner, _("Archived"), "caption-heading");

    /* Translators: an event's tickets and how many of them were scanned */
    counts = g_strdup_printf (ngettext ("%s ticket, %s scanned", "%s tickets, %s scanned",
                                        (gulong) MIN (row->tickets, G_MAXLONG)),
                              tickets, scanned);
    add_label (inner, counts, "numeric");

    if (row->busiest_start == TIX_EVENT_NO_TIME)
      busiest = g_strdup (_("No scans at the door yet"));
    else
      {
        g_autofree char *from = tix_org_time_format (zone, row->busiest_start, "%H:%M");
        g_autofree char *to = tix_org_time_format (zone, row->busiest_start + 10 * 60 * 1000,
                                                   "%H:%M");
        g_autofree char *n = tix_format_count (row->busiest_scanned);

        /* Translators: the door's busiest ten minutes: from, to, how many scans */
        busiest = g_strdup_printf (ngettext ("Busiest: %s–%s, %s scan",
                                             "Busiest: %s–%s, %s scans",
                                             (gulong) MIN (row->busiest_scanned, G_MAXLONG)),
                                   from, to, n);
      }
    add_label (inner, busiest, "caption");
  }

  return card;
}

void
tix_season_panel_set_report (TixSeasonPanel  *self,
                             TixSeasonReport *report,
                             const char      *time_zone)
{
  g_autoptr(GTimeZone) zone = NULL;
  GtkWidget *child;

  g_return_if_fail (TIX_IS_SEASON_PANEL (self));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->flow))) != NULL)
    gtk_flow_box_remove (self->flow, child);
  self->n_events = 0;

  if (report != NULL)
    {
      const char *zone_name = report->time_zone != NULL ? report->time_zone : time_zone;

      zone = tix_org_time_zone_new (zone_name);
      for (guint i = 0; i < report->events->len; i++)
        {
          const TixSeasonRow *row = &g_array_index (report->events, TixSeasonRow, i);

          gtk_flow_box_append (self->flow, make_card (row, zone, zone_name));
          self->n_events++;
        }
    }

  gtk_widget_set_visible (GTK_WIDGET (self->empty_label), self->n_events == 0);
  gtk_widget_set_visible (GTK_WIDGET (self->flow), self->n_events > 0);
}

guint
tix_season_panel_get_n_events (TixSeasonPanel *self)
{
  g_return_val_if_fail (TIX_IS_SEASON_PANEL (self), 0);

  return self->n_events;
}

static void
tix_season_panel_dispose (GObject *object)
{
  adw_bin_set_child (ADW_BIN (object), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), TIX_TYPE_SEASON_PANEL);

  G_OBJECT_CLASS (tix_season_panel_parent_class)->dispose (object);
}

static void
tix_season_panel_class_init (TixSeasonPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tix_season_panel_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/gnome/Tix/ui/views/reports/tix-season-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, TixSeasonPanel, empty_label);
  gtk_widget_class_bind_template_child (widget_class, TixSeasonPanel, flow);
}

static void
tix_season_panel_init (TixSeasonPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
