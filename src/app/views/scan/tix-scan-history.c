/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-scan-view"

#include "config.h"

#include "tix-scan-history.h"

/* Rows kept in the list of the last scans. */
#define HISTORY_LENGTH 20

struct _TixScanHistory
{
  GtkBox             parent_instance;

  GtkStack          *history_stack;
  GtkScrolledWindow *history_scroller;
  GtkListBox        *history_list;
};

G_DEFINE_FINAL_TYPE (TixScanHistory, tix_scan_history, GTK_TYPE_BOX)

void
tix_scan_history_add (TixScanHistory *self,
                      GtkWidget      *row)
{
  GtkListBoxRow *last;
  guint n = 0;

  g_return_if_fail (TIX_IS_SCAN_HISTORY (self));
  g_return_if_fail (GTK_IS_LIST_BOX_ROW (row));

  gtk_list_box_prepend (self->history_list, row);
  gtk_stack_set_visible_child_name (self->history_stack, "list");

  while (gtk_list_box_get_row_at_index (self->history_list, n) != NULL)
    n++;
  while (n > HISTORY_LENGTH && (last = gtk_list_box_get_row_at_index (self->history_list, n - 1)))
    {
      gtk_list_box_remove (self->history_list, GTK_WIDGET (last));
      n--;
    }
}

GtkListBox *
tix_scan_history_get_list (TixScanHistory *self)
{
  g_return_val_if_fail (TIX_IS_SCAN_HISTORY (self), NULL);

  return self->history_list;
}

void
tix_scan_history_set_narrow (TixScanHistory *self,
                             gboolean        narrow)
{
  g_return_if_fail (TIX_IS_SCAN_HISTORY (self));

  gtk_widget_set_size_request (GTK_WIDGET (self), narrow ? -1 : 280, -1);
  gtk_widget_set_vexpand (GTK_WIDGET (self->history_stack), !narrow);
  gtk_scrolled_window_set_propagate_natural_height (self->history_scroller, narrow);
  gtk_scrolled_window_set_max_content_height (self->history_scroller, narrow ? 140 : -1);
}

static void
tix_scan_history_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), TIX_TYPE_SCAN_HISTORY);

  G_OBJECT_CLASS (tix_scan_history_parent_class)->dispose (object);
}

static void
tix_scan_history_class_init (TixScanHistoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tix_scan_history_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/gnome/Tix/ui/views/scan/tix-scan-history.ui");
  gtk_widget_class_bind_template_child (widget_class, TixScanHistory, history_stack);
  gtk_widget_class_bind_template_child (widget_class, TixScanHistory, history_scroller);
  gtk_widget_class_bind_template_child (widget_class, TixScanHistory, history_list);
}

static void
tix_scan_history_init (TixScanHistory *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
