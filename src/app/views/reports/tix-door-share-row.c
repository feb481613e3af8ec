/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-door-share-row"

#include "config.h"

#include <glib/gi18n.h>

#include "tix-app-util.h"
#include "tix-door-share-row.h"

struct _TixDoorShareRow
{
  AdwActionRow  parent_instance;

  /* Template widgets */
  GtkLabel     *count_label;
};

G_DEFINE_FINAL_TYPE (TixDoorShareRow, tix_door_share_row, ADW_TYPE_ACTION_ROW)

static void
tix_door_share_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), TIX_TYPE_DOOR_SHARE_ROW);

  G_OBJECT_CLASS (tix_door_share_row_parent_class)->dispose (object);
}

static void
tix_door_share_row_class_init (TixDoorShareRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tix_door_share_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/gnome/Tix/ui/views/reports/tix-door-share-row.ui");
  gtk_widget_class_bind_template_child (widget_class, TixDoorShareRow, count_label);
}

static void
tix_door_share_row_init (TixDoorShareRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
tix_door_share_row_new (const char *title,
                        gint64      scans,
                        gint64      total)
{
  TixDoorShareRow *self = g_object_new (TIX_TYPE_DOOR_SHARE_ROW, "title", title, NULL);
  g_autofree char *count = tix_format_count (scans);
  g_autofree char *text = NULL;

  /* Translators: scans at a station or by a person, and their share of the day's */
  text = g_strdup_printf (_("%s  (%d %%)"), count, total > 0 ? (int) (scans * 100 / total) : 0);
  gtk_label_set_label (self->count_label, text);
  return GTK_WIDGET (self);
}
