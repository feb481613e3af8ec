/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-scan-view"

#include "config.h"

#include <glib/gi18n.h>

#include "tix-scan-history-row.h"

struct _TixScanHistoryRow
{
  AdwActionRow   parent_instance;

  GtkImage      *icon;

  TixScanResult  result;
  gboolean       offline;
};

G_DEFINE_FINAL_TYPE (TixScanHistoryRow, tix_scan_history_row, ADW_TYPE_ACTION_ROW)

enum {
  PROP_0,
  PROP_RESULT,
  PROP_OFFLINE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_subtitle (TixScanHistoryRow *self,
              TixScanResult      result,
              const char        *time)
{
  g_autofree char *subtitle = NULL;

  if (self->offline && result != TIX_SCAN_RESULT_UNDONE)
    /* Translators: a line in the list of last scans: "VALID, offline · 21:04:33" */
    subtitle = g_strdup_printf (_("%s, offline · %s"), tix_scan_result_get_verdict (result), time);
  else
    /* Translators: a line in the list of last scans: "VALID · 21:04:33" */
    subtitle = g_strdup_printf (_("%s · %s"), tix_scan_result_get_verdict (result), time);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), subtitle);
}

void
tix_scan_history_row_set_undone (TixScanHistoryRow *self,
                                 const char        *time)
{
  g_return_if_fail (TIX_IS_SCAN_HISTORY_ROW (self));
  g_return_if_fail (time != NULL);

  set_subtitle (self, TIX_SCAN_RESULT_UNDONE, time);
}

TixScanResult
tix_scan_history_row_get_result (TixScanHistoryRow *self)
{
  g_return_val_if_fail (TIX_IS_SCAN_HISTORY_ROW (self), TIX_SCAN_RESULT_NONE);

  return self->result;
}

gboolean
tix_scan_history_row_get_offline (TixScanHistoryRow *self)
{
  g_return_val_if_fail (TIX_IS_SCAN_HISTORY_ROW (self), FALSE);

  return self->offline;
}

static void
tix_scan_history_row_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  TixScanHistoryRow *self = TIX_SCAN_HISTORY_ROW (object);

  switch (prop_id)
    {
    case PROP_RESULT:
      g_value_set_int (value, self->result);
      break;

    case PROP_OFFLINE:
      g_value_set_boolean (value, self->offline);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tix_scan_history_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), TIX_TYPE_SCAN_HISTORY_ROW);

  G_OBJECT_CLASS (tix_scan_history_row_parent_class)->dispose (object);
}

static void
tix_scan_history_row_class_init (TixScanHistoryRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = tix_scan_history_row_get_property;
  object_class->dispose = tix_scan_history_row_dispose;

  properties[PROP_RESULT] =
    g_param_spec_int ("result", NULL, NULL, TIX_SCAN_RESULT_NONE, TIX_SCAN_RESULT_LAST,
                      TIX_SCAN_RESULT_NONE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_OFFLINE] =
    g_param_spec_boolean ("offline", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/gnome/Tix/ui/views/scan/tix-scan-history-row.ui");
  gtk_widget_class_bind_template_child (widget_class, TixScanHistoryRow, icon);
}

static void
tix_scan_history_row_init (TixScanHistoryRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
tix_scan_history_row_new (TixScanResult  result,
                          const char    *title,
                          const char    *time,
                          gboolean       offline)
{
  TixScanHistoryRow *self;
  g_autofree char *escaped = NULL;
  const char *klass;

  g_return_val_if_fail (title != NULL, NULL);
  g_return_val_if_fail (time != NULL, NULL);

  self = g_object_new (TIX_TYPE_SCAN_HISTORY_ROW, NULL);
  self->result = result;
  self->offline = !!offline;

  escaped = g_markup_escape_text (title, -1);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), escaped);
  set_subtitle (self, result, time);

  klass = tix_scan_result_get_admitted (result) ? "success"
          : result == TIX_SCAN_RESULT_DUPLICATE || result == TIX_SCAN_RESULT_ALREADY_INSIDE ||
            result == TIX_SCAN_RESULT_NOT_INSIDE ? "warning"
          : "error";
  gtk_image_set_from_icon_name (self->icon, tix_scan_result_get_icon_name (result));
  gtk_widget_add_css_class (GTK_WIDGET (self->icon), klass);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  tix_scan_result_get_verdict (result), -1);

  return GTK_WIDGET (self);
}
