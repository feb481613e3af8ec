/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-scan-view"

#include "config.h"

#include <glib/gi18n.h>

#include "tix-scan-offline-bar.h"

struct _TixScanOfflineBar
{
  AdwBin        parent_instance;

  GtkRevealer  *offline_revealer;
  GtkLabel     *offline_label;

  TixDoor      *door;
  GSignalGroup *door_signals;

  gboolean      online_only;
};

G_DEFINE_FINAL_TYPE (TixScanOfflineBar, tix_scan_offline_bar, ADW_TYPE_BIN)

static void
update (TixScanOfflineBar *self)
{
  gboolean offline = self->door != NULL && !tix_door_get_online (self->door);
  guint n_queued = self->door != NULL ? tix_door_get_n_queued (self->door) : 0;
  g_autofree char *text = NULL;

  if (offline && self->online_only)
    text = g_strdup (_("OFFLINE — this station admits online only: every scan is refused "
                       "until the server is back"));
  else if (offline)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "OFFLINE — scans are checked at this station; "
                                         "%u scan waits for the server",
                                         "OFFLINE — scans are checked at this station; "
                                         "%u scans wait for the server",
                                         n_queued),
                            n_queued);
  else if (n_queued > 0)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "Back online — sending %u offline scan",
                                         "Back online — sending %u offline scans",
                                         n_queued),
                            n_queued);

  if (text != NULL)
    {
      gtk_label_set_label (self->offline_label, text);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->offline_label),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
    }
  gtk_revealer_set_reveal_child (self->offline_revealer, text != NULL);
}

void
tix_scan_offline_bar_set_door (TixScanOfflineBar *self,
                               TixDoor           *door)
{
  g_return_if_fail (TIX_IS_SCAN_OFFLINE_BAR (self));
  g_return_if_fail (!door || TIX_IS_DOOR (door));

  g_set_object (&self->door, door);
  g_signal_group_set_target (self->door_signals, door);
  update (self);
}

void
tix_scan_offline_bar_set_online_only (TixScanOfflineBar *self,
                                      gboolean           online_only)
{
  g_return_if_fail (TIX_IS_SCAN_OFFLINE_BAR (self));

  self->online_only = !!online_only;
  update (self);
}

static void
tix_scan_offline_bar_dispose (GObject *object)
{
  TixScanOfflineBar *self = TIX_SCAN_OFFLINE_BAR (object);

  g_clear_object (&self->door_signals);
  g_clear_object (&self->door);
  /* The revealer is the bin's child: AdwBin lets it go (the template's
   * dispose would unparent it first, behind the bin's back). */

  G_OBJECT_CLASS (tix_scan_offline_bar_parent_class)->dispose (object);
}

static void
tix_scan_offline_bar_class_init (TixScanOfflineBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tix_scan_offline_bar_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/gnome/Tix/ui/views/scan/tix-scan-offline-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, TixScanOfflineBar, offline_revealer);
  gtk_widget_class_bind_template_child (widget_class, TixScanOfflineBar, offline_label);
}

static void
tix_scan_offline_bar_init (TixScanOfflineBar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->door_signals = g_signal_group_new (TIX_TYPE_DOOR);
  g_signal_group_connect_object (self->door_signals, "notify::online",
                                 G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->door_signals, "notify::n-queued",
                                 G_CALLBACK (update), self, G_CONNECT_SWAPPED);
}
