/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-scan-view"

#include "config.h"

#include "tix-scan-result-panel.h"

struct _TixScanResultPanel
{
  GtkBox     parent_instance;

  GtkImage  *result_icon;
  GtkLabel  *verdict_label;
  GtkLabel  *number_label;
  GtkLabel  *detail_label;
};

G_DEFINE_FINAL_TYPE (TixScanResultPanel, tix_scan_result_panel, GTK_TYPE_BOX)

void
tix_scan_result_panel_show (TixScanResultPanel *self,
                            TixScanResult       result,
                            const char         *number,
                            const char         *detail)
{
  const char *verdict = tix_scan_result_get_verdict (result);
  g_autofree char *description = NULL;

  g_return_if_fail (TIX_IS_SCAN_RESULT_PANEL (self));

  for (TixScanResult r = TIX_SCAN_RESULT_NONE; r <= TIX_SCAN_RESULT_LAST; r++)
    gtk_widget_remove_css_class (GTK_WIDGET (self), tix_scan_result_get_css_class (r));
  gtk_widget_add_css_class (GTK_WIDGET (self), tix_scan_result_get_css_class (result));

  gtk_image_set_from_icon_name (self->result_icon, tix_scan_result_get_icon_name (result));
  gtk_label_set_label (self->verdict_label, verdict);
  gtk_label_set_label (self->number_label, number ? number : "");
  gtk_widget_set_visible (GTK_WIDGET (self->number_label), number != NULL && *number != '\0');
  gtk_label_set_label (self->detail_label, detail ? detail : "");
  gtk_widget_set_visible (GTK_WIDGET (self->detail_label), detail != NULL && *detail != '\0');

  description = g_strjoin (", ", verdict, number ? number : "", detail ? detail : "", NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, description, -1);
}

static void
tix_scan_result_panel_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), TIX_TYPE_SCAN_RESULT_PANEL);

  G_OBJECT_CLASS (tix_scan_result_panel_parent_class)->dispose (object);
}

static void
tix_scan_result_panel_class_init (TixScanResultPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tix_scan_result_panel_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/gnome/Tix/ui/views/scan/tix-scan-result-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, TixScanResultPanel, result_icon);
  gtk_widget_class_bind_template_child (widget_class, TixScanResultPanel, verdict_label);
  gtk_widget_class_bind_template_child (widget_class, TixScanResultPanel, number_label);
  gtk_widget_class_bind_template_child (widget_class, TixScanResultPanel, detail_label);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_STATUS);
}

static void
tix_scan_result_panel_init (TixScanResultPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
