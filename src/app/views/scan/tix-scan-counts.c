/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-scan-view"

#include "config.h"

#include <glib/gi18n.h>

#include "tix-scan-counts.h"

struct _TixScanCounts
{
  GtkBox          parent_instance;

  GtkLabel       *counts_label;
  GtkLabel       *live_label;

  TixEventStream *stream;
  GSignalGroup   *stream_signals;
  GCancellable   *cancellable;   /* reading one event's counts */
  gint64          event_id;      /* the door's event; 0: the organization */

  gint64          scanned;       /* -1 while unknown */
  gint64          total;
};

G_DEFINE_FINAL_TYPE (TixScanCounts, tix_scan_counts, GTK_TYPE_BOX)

static void
update_counts (TixScanCounts *self)
{
  g_autofree char *text = NULL;
  g_autofree char *description = NULL;
  char scanned[32], total[32];

  if (self->scanned < 0 || self->total < 0)
    {
      gtk_label_set_label (self->counts_label, "– / –");
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->counts_label),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Number of tickets scanned not known yet"), -1);
      return;
    }

  g_snprintf (scanned, sizeof scanned, "%" G_GINT64_FORMAT, self->scanned);
  g_snprintf (total, sizeof total, "%" G_GINT64_FORMAT, self->total);

  /* Translators: tickets scanned / tickets in total, e.g. "12 / 200" */
  text = g_strdup_printf (_("%s / %s"), scanned, total);
  gtk_label_set_label (self->counts_label, text);

  /* Translators: "12 of 200 tickets scanned" */
  description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "%s of %s ticket scanned",
                                              "%s of %s tickets scanned",
                                              (gulong) MIN (self->total, 1000000)),
                                 scanned, total);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->counts_label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, description, -1);
}

static void
set_stats (TixScanCounts  *self,
           const TixStats *stats)
{
  self->scanned = stats->scanned;
  self->total = stats->total;
  update_counts (self);
}

/* The organization's counts: what the door counts when it admits every
 * event. */
static void
on_stream_stats (TixEventStream *stream,
                 const TixStats *stats,
                 TixScanCounts  *self)
{
  if (self->event_id == 0)
    set_stats (self, stats);
}

/* One event's counts, carried by every change of its tickets. */
static void
on_stream_event_stats (TixEventStream      *stream,
                       const TixEventStats *stats,
                       TixScanCounts       *self)
{
  if (self->event_id != 0 && stats->event_id == self->event_id)
    set_stats (self, &stats->stats);
}

static void
event_stats_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  TixScanCounts *self;
  TixStats stats;
  g_autoptr(GError) error = NULL;

  if (!tix_client_get_stats_finish (TIX_CLIENT (object), result, &stats, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Could not read the event's counts: %s", error->message);
      return;
    }
  /* Not cancelled: still for this event. */
  self = user_data;
  set_stats (self, &stats);
}

/* How the counts stand now: the stream's last word, else the server's. */
static void
read_counts (TixScanCounts *self)
{
  TixStats stats;
  TixEventStats event_stats;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->scanned = -1;
  self->total = -1;
  if (self->stream == NULL)
    return;

  if (self->event_id == 0)
    {
      if (tix_event_stream_get_stats (self->stream, &stats))
        set_stats (self, &stats);
    }
  else if (tix_event_stream_get_event_stats (self->stream, self->event_id, &event_stats))
    set_stats (self, &event_stats.stats);
  else
    {
      self->cancellable = g_cancellable_new ();
      tix_client_get_event_stats_async (tix_event_stream_get_client (self->stream),
                                        self->event_id, self->cancellable, event_stats_cb, self);
    }
}

void
tix_scan_counts_set_event_id (TixScanCounts *self,
                              gint64         event_id)
{
  g_return_if_fail (TIX_IS_SCAN_COUNTS (self));
  g_return_if_fail (event_id >= 0);

  if (self->event_id == event_id)
    return;
  self->event_id = event_id;
  read_counts (self);
  update_counts (self);
}

static void
on_stream_connected (TixScanCounts *self)
{
  gboolean connected = tix_event_stream_get_connected (self->stream);

  gtk_label_set_label (self->live_label,
                       connected ? _("Live") : _("Reconnecting… counters may be behind"));
  gtk_widget_remove_css_class (GTK_WIDGET (self->live_label), connected ? "warning" : "success");
  gtk_widget_add_css_class (GTK_WIDGET (self->live_label), connected ? "success" : "warning");
}

void
tix_scan_counts_set_stream (TixScanCounts  *self,
                            TixEventStream *stream)
{
  g_return_if_fail (TIX_IS_SCAN_COUNTS (self));
  g_return_if_fail (!stream || TIX_IS_EVENT_STREAM (stream));

  g_set_object (&self->stream, stream);
  g_signal_group_set_target (self->stream_signals, stream);

  gtk_label_set_label (self->live_label, "");
  /* The stream may be running already: how it stands now. */
  if (stream != NULL)
    on_stream_connected (self);
  read_counts (self);
  update_counts (self);
}

void
tix_scan_counts_count_locally (TixScanCounts *self,
                               gint64         delta)
{
  g_return_if_fail (TIX_IS_SCAN_COUNTS (self));

  if (self->stream != NULL && tix_event_stream_get_connected (self->stream))
    return;
  if (self->scanned < 0)
    return;

  self->scanned = CLAMP (self->scanned + delta, 0, MAX (self->total, 0));
  update_counts (self);
}

void
tix_scan_counts_get (TixScanCounts *self,
                     gint64        *scanned,
                     gint64        *total)
{
  g_return_if_fail (TIX_IS_SCAN_COUNTS (self));

  if (scanned != NULL)
    *scanned = self->scanned;
  if (total != NULL)
    *total = self->total;
}

static void
tix_scan_counts_dispose (GObject *object)
{
  TixScanCounts *self = TIX_SCAN_COUNTS (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->stream_signals);
  g_clear_object (&self->stream);
  gtk_widget_dispose_template (GTK_WIDGET (self), TIX_TYPE_SCAN_COUNTS);

  G_OBJECT_CLASS (tix_scan_counts_parent_class)->dispose (object);
}

static void
tix_scan_counts_class_init (TixScanCountsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tix_scan_counts_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/gnome/Tix/ui/views/scan/tix-scan-counts.ui");
  gtk_widget_class_bind_template_child (widget_class, TixScanCounts, counts_label);
  gtk_widget_class_bind_template_child (widget_class, TixScanCounts, live_label);
}

static void
tix_scan_counts_init (TixScanCounts *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->stream_signals = g_signal_group_new (TIX_TYPE_EVENT_STREAM);
  g_signal_group_connect_object (self->stream_signals, "stats",
                                 G_CALLBACK (on_stream_stats), self, 0);
  g_signal_group_connect_object (self->stream_signals, "event-stats",
                                 G_CALLBACK (on_stream_event_stats), self, 0);
  g_signal_group_connect_object (self->stream_signals, "notify::connected",
                                 G_CALLBACK (on_stream_connected), self, G_CONNECT_SWAPPED);

  self->scanned = -1;
  self->total = -1;
  update_counts (self);
}
