/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-scan-view"

#include "config.h"

#include "tix-scan-prefixes-entry.h"

/* Someone who edits the admitted prefixes and walks away must not leave the
 * scanner typing into them: "done" after this. */
#define IDLE_SECONDS 4

struct _TixScanPrefixesEntry
{
  GtkEntry  parent_instance;

  guint     idle_id;
};

G_DEFINE_FINAL_TYPE (TixScanPrefixesEntry, tix_scan_prefixes_entry, GTK_TYPE_ENTRY)

enum {
  DONE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

char **
tix_scan_prefixes_entry_get_prefixes (TixScanPrefixesEntry *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) parts = NULL;

  g_return_val_if_fail (TIX_IS_SCAN_PREFIXES_ENTRY (self), NULL);

  parts = g_strsplit_set (gtk_editable_get_text (GTK_EDITABLE (self)), ", ;", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    if (parts[i][0] != '\0')
      g_strv_builder_add (builder, parts[i]);

  return g_strv_builder_end (builder);
}

static gboolean
idle_cb (gpointer user_data)
{
  TixScanPrefixesEntry *self = user_data;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;

  self->idle_id = 0;

  if (focus != NULL &&
      (focus == GTK_WIDGET (self) || gtk_widget_is_ancestor (focus, GTK_WIDGET (self))))
    g_signal_emit (self, signals[DONE], 0);

  return G_SOURCE_REMOVE;
}

static void
on_changed (TixScanPrefixesEntry *self)
{
  g_clear_handle_id (&self->idle_id, g_source_remove);
  self->idle_id = g_timeout_add_seconds (IDLE_SECONDS, idle_cb, self);
}

static void
on_activate (TixScanPrefixesEntry *self)
{
  g_signal_emit (self, signals[DONE], 0);
}

static void
tix_scan_prefixes_entry_dispose (GObject *object)
{
  TixScanPrefixesEntry *self = TIX_SCAN_PREFIXES_ENTRY (object);

  g_clear_handle_id (&self->idle_id, g_source_remove);

  G_OBJECT_CLASS (tix_scan_prefixes_entry_parent_class)->dispose (object);
}

static void
tix_scan_prefixes_entry_class_init (TixScanPrefixesEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tix_scan_prefixes_entry_dispose;

  signals[DONE] = g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
tix_scan_prefixes_entry_init (TixScanPrefixesEntry *self)
{
  g_signal_connect (self, "changed", G_CALLBACK (on_changed), NULL);
  g_signal_connect (self, "activate", G_CALLBACK (on_activate), NULL);
}
