/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-clear-tickets-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "tix-clear-tickets-dialog.h"

struct _TixClearTicketsDialog
{
  AdwMessageDialog  parent_instance;

  /* Template widgets */
  GtkLabel         *hint_label;
  GtkEntry         *entry;
};

G_DEFINE_FINAL_TYPE (TixClearTicketsDialog, tix_clear_tickets_dialog, ADW_TYPE_MESSAGE_DIALOG)

static const char *
get_clear_word (void)
{
  /* Translators: the word a user types to confirm deleting every ticket;
   * keep it short, in capitals where the language has them */
  return _("DELETE");
}

static void
entry_changed_cb (TixClearTicketsDialog *self,
                  GtkEditable           *entry)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "clear",
                                           g_strcmp0 (text, get_clear_word ()) == 0);
}

static void
entry_activate_cb (TixClearTicketsDialog *self,
                   GtkEntry              *entry)
{
  if (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (self), "clear"))
    {
      adw_message_dialog_response (ADW_MESSAGE_DIALOG (self), "clear");
      gtk_window_destroy (GTK_WINDOW (self));
    }
}

/* The word is typed first: the field has the focus when the dialog shows. */
static void
tix_clear_tickets_dialog_map (GtkWidget *widget)
{
  TixClearTicketsDialog *self = TIX_CLEAR_TICKETS_DIALOG (widget);

  GTK_WIDGET_CLASS (tix_clear_tickets_dialog_parent_class)->map (widget);
  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
}

static void
tix_clear_tickets_dialog_class_init (TixClearTicketsDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->map = tix_clear_tickets_dialog_map;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/gnome/Tix/ui/views/tickets/tix-clear-tickets-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, TixClearTicketsDialog, hint_label);
  gtk_widget_class_bind_template_child (widget_class, TixClearTicketsDialog, entry);
  gtk_widget_class_bind_template_callback (widget_class, entry_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_activate_cb);
}

static void
tix_clear_tickets_dialog_init (TixClearTicketsDialog *self)
{
  g_autofree char *hint = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* Translators: %s is the word to type, e.g. DELETE */
  hint = g_strdup_printf (_("Type %s to confirm"), get_clear_word ());
  gtk_label_set_text (self->hint_label, hint);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->entry), hint);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, hint,
                                  -1);
}

GtkWidget *
tix_clear_tickets_dialog_new (GtkWindow *parent)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  return g_object_new (TIX_TYPE_CLEAR_TICKETS_DIALOG,
                       "transient-for", parent,
                       NULL);
}
