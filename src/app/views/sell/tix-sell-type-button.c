/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-sell-type-button"

#include "config.h"

#include <glib/gi18n.h>

#include "tix-app-util.h"
#include "tix-money.h"
#include "tix-sell-type-button.h"

struct _TixSellTypeButton
{
  GtkButton      parent_instance;

  GtkLabel      *key_label;
  GtkLabel      *name_label;
  GtkLabel      *price_label;
  GtkLabel      *left_label;

  TixTicketType *type;
};

G_DEFINE_FINAL_TYPE (TixSellTypeButton, tix_sell_type_button, GTK_TYPE_BUTTON)

static void
tix_sell_type_button_dispose (GObject *object)
{
  TixSellTypeButton *self = TIX_SELL_TYPE_BUTTON (object);

  g_clear_pointer (&self->type, tix_ticket_type_unref);

  G_OBJECT_CLASS (tix_sell_type_button_parent_class)->dispose (object);
}

static void
tix_sell_type_button_class_init (TixSellTypeButtonClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = tix_sell_type_button_dispose;
}

static GtkLabel *
add_label (GtkBox     *box,
           const char *css_class,
           float       xalign)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), xalign);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  gtk_box_append (box, label);
  return GTK_LABEL (label);
}

static void
tix_sell_type_button_init (TixSellTypeButton *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  gtk_widget_set_focus_on_click (GTK_WIDGET (self), FALSE);
  gtk_widget_set_size_request (GTK_WIDGET (self), 150, 110);
  gtk_widget_add_css_class (GTK_WIDGET (self), "card");
  gtk_widget_add_css_class (GTK_WIDGET (self), "sell-type");
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);

  gtk_box_append (GTK_BOX (box), top);
  self->name_label = add_label (GTK_BOX (top), "title-3", 0);
  gtk_widget_set_hexpand (GTK_WIDGET (self->name_label), TRUE);
  self->key_label = add_label (GTK_BOX (top), "dim-label", 1);
  gtk_widget_add_css_class (GTK_WIDGET (self->key_label), "monospace");
  self->price_label = add_label (GTK_BOX (box), "title-1", 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->price_label), "numeric");
  self->left_label = add_label (GTK_BOX (box), "dim-label", 0);
  gtk_button_set_child (GTK_BUTTON (self), box);
}

TixSellTypeButton *
tix_sell_type_button_new (void)
{
  return g_object_new (TIX_TYPE_SELL_TYPE_BUTTON, NULL);
}

void
tix_sell_type_button_set_type (TixSellTypeButton *self,
                               TixTicketType     *type,
                               guint              position,
                               const char        *currency,
                               gint64             in_basket)
{
  g_autofree char *key = NULL;
  g_autofree char *price = NULL;
  g_autofree char *left = NULL;
  g_autofree char *tooltip = NULL;
  gboolean sold_out;

  g_return_if_fail (TIX_IS_SELL_TYPE_BUTTON (self));
  g_return_if_fail (type != NULL);

  if (self->type != type)
    {
      g_clear_pointer (&self->type, tix_ticket_type_unref);
      self->type = tix_ticket_type_ref (type);
    }
  sold_out = tix_ticket_type_is_sold_out (type);

  key = position < 9 ? g_strdup_printf ("%u", position + 1) : g_strdup ("");
  price = tix_money_format (type->price, currency);
  if (sold_out)
    left = g_strdup (_("Sold out"));
  else if (type->available == TIX_TICKET_TYPE_NO_LIMIT)
    left = g_strdup (_("No limit"));
  else
    {
      g_autofree char *count = tix_format_count (type->available);

      /* Translators: how many tickets of a type are left to sell */
      left = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s left", "%s left",
                                           type->available), count);
    }
  if (in_basket > 0 && !sold_out)
    {
      char *with = g_strdup_printf (_("%s · %lld in the basket"), left, (long long) in_basket);

      g_free (left);
      left = with;
    }

  gtk_label_set_label (self->key_label, key);
  gtk_label_set_label (self->name_label, type->name);
  gtk_label_set_label (self->price_label, price);
  gtk_label_set_label (self->left_label, left);
  gtk_widget_set_sensitive (GTK_WIDGET (self), !sold_out);
  if (sold_out)
    gtk_widget_add_css_class (GTK_WIDGET (self), "dim-label");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "dim-label");

  /* Translators: a ticket type's button: "Adult, €12.50, 40 left (key 1)" */
  tooltip = *key != '\0' ? g_strdup_printf (_("%s, %s, %s (key %s)"), type->name, price, left, key)
                         : g_strdup_printf ("%s, %s, %s", type->name, price, left);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
}

TixTicketType *
tix_sell_type_button_get_ticket_type (TixSellTypeButton *self)
{
  g_return_val_if_fail (TIX_IS_SELL_TYPE_BUTTON (self), NULL);

  return self->type;
}
