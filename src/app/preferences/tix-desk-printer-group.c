/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-desk-printer-group"

#include "config.h"

#include <glib/gi18n.h>
#include <gtk/gtkunixprint.h>

#include "tix-desk-printer.h"
#include "tix-desk-printer-group.h"

struct _TixDeskPrinterGroup
{
  AdwPreferencesGroup parent_instance;

  /* Template widgets */
  AdwComboRow        *printer_row;
  GtkStringList      *printer_names;
  AdwComboRow        *layout_row;

  /* Owned references */
  GSettings          *settings;
  TixDeskPrinter     *printer;
  GListModel         *printers;     /* GtkPrinter, growing as backends answer */
  GPtrArray          *names;        /* char *, one per row; [0] NULL: none */

  gboolean            rebuilding;
};

G_DEFINE_FINAL_TYPE (TixDeskPrinterGroup, tix_desk_printer_group, ADW_TYPE_PREFERENCES_GROUP)

/* The rows of layout_row, in order. */
static const char * const layouts[] = { "roll-80", "a4-2x4", "a4-3x7", "letter-2x4", "letter-3x7" };

static gboolean
layout_get_mapping (GValue   *value,
                    GVariant *variant,
                    gpointer  user_data)
{
  const char *layout = g_variant_get_string (variant, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (layouts); i++)
    if (g_strcmp0 (layout, layouts[i]) == 0)
      {
        g_value_set_uint (value, i);
        return TRUE;
      }
  g_value_set_uint (value, 0);
  return TRUE;
}

static GVariant *
layout_set_mapping (const GValue       *value,
                    const GVariantType *expected_type,
                    gpointer            user_data)
{
  guint selected = g_value_get_uint (value);

  return g_variant_new_string (layouts[selected < G_N_ELEMENTS (layouts) ? selected : 0]);
}

/* The rows: none, every printer GTK knows, and the chosen one when it is not
 * among them (a printer unplugged stays chosen, said to be missing). */
static void
rebuild (TixDeskPrinterGroup *self)
{
  g_autofree char *chosen = tix_desk_printer_dup_printer_name (self->printer);
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  guint n = g_list_model_get_n_items (self->printers);
  guint selected = 0;

  self->rebuilding = TRUE;

  g_ptr_array_set_size (self->names, 0);
  g_ptr_array_add (self->names, NULL);
  g_ptr_array_add (labels, g_strdup (C_("printer", "None")));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkPrinter) printer = g_list_model_get_item (self->printers, i);
      const char *name = gtk_printer_get_name (printer);
      const char *location = gtk_printer_get_location (printer);

      if (g_strcmp0 (name, chosen) == 0)
        selected = self->names->len;
      g_ptr_array_add (self->names, g_strdup (name));
      if (location != NULL && *location != '\0')
        /* Translators: a printer and where it stands, such as “TM-T20 (Box office)” */
        g_ptr_array_add (labels, g_strdup_printf (_("%s (%s)"), name, location));
      else
        g_ptr_array_add (labels, g_strdup (name));
    }

  if (chosen != NULL && selected == 0)
    {
      selected = self->names->len;
      g_ptr_array_add (self->names, g_strdup (chosen));
      /* Translators: the chosen printer, which is not connected now */
      g_ptr_array_add (labels, g_strdup_printf (_("%s (not found)"), chosen));
    }
  g_ptr_array_add (labels, NULL);

  gtk_string_list_splice (self->printer_names, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->printer_names)),
                          (const char * const *) labels->pdata);
  adw_combo_row_set_selected (self->printer_row, selected);

  self->rebuilding = FALSE;
}

static void
on_printer_selected (TixDeskPrinterGroup *self)
{
  guint selected = adw_combo_row_get_selected (self->printer_row);

  if (self->rebuilding || self->printer == NULL || selected >= self->names->len)
    return;
  tix_desk_printer_set_printer_name (self->printer, g_ptr_array_index (self->names, selected));
}

void
tix_desk_printer_group_set_settings (TixDeskPrinterGroup *self,
                                     GSettings           *settings)
{
  g_return_if_fail (TIX_IS_DESK_PRINTER_GROUP (self));
  g_return_if_fail (G_IS_SETTINGS (settings));
  g_return_if_fail (self->settings == NULL);

  self->settings = g_object_ref (settings);
  self->printer = tix_desk_printer_new (settings);
  g_settings_bind_with_mapping (settings, "desk-layout", self->layout_row, "selected",
                                G_SETTINGS_BIND_DEFAULT,
                                layout_get_mapping, layout_set_mapping, NULL, NULL);
  g_signal_connect_object (settings, "changed::desk-print-settings",
                           G_CALLBACK (rebuild), self, G_CONNECT_SWAPPED);

  self->printers = tix_desk_printer_list_printers ();
  g_signal_connect_object (self->printers, "items-changed",
                           G_CALLBACK (rebuild), self, G_CONNECT_SWAPPED);
  rebuild (self);
}

static void
tix_desk_printer_group_dispose (GObject *object)
{
  TixDeskPrinterGroup *self = TIX_DESK_PRINTER_GROUP (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), TIX_TYPE_DESK_PRINTER_GROUP);
  g_clear_object (&self->printers);
  g_clear_object (&self->printer);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (tix_desk_printer_group_parent_class)->dispose (object);
}

static void
tix_desk_printer_group_finalize (GObject *object)
{
  TixDeskPrinterGroup *self = TIX_DESK_PRINTER_GROUP (object);

  g_ptr_array_unref (self->names);

  G_OBJECT_CLASS (tix_desk_printer_group_parent_class)->finalize (object);
}

static void
tix_desk_printer_group_class_init (TixDeskPrinterGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tix_desk_printer_group_dispose;
  object_class->finalize = tix_desk_printer_group_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/gnome/Tix/ui/preferences/tix-desk-printer-group.ui");
  gtk_widget_class_bind_template_child (widget_class, TixDeskPrinterGroup, printer_row);
  gtk_widget_class_bind_template_child (widget_class, TixDeskPrinterGroup, printer_names);
  gtk_widget_class_bind_template_child (widget_class, TixDeskPrinterGroup, layout_row);
  gtk_widget_class_bind_template_callback (widget_class, on_printer_selected);
}

static void
tix_desk_printer_group_init (TixDeskPrinterGroup *self)
{
  self->names = g_ptr_array_new_with_free_func (g_free);
  gtk_widget_init_template (GTK_WIDGET (self));
}
