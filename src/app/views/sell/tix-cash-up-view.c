/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-cash-up-view"

#include "config.h"

#include <glib/gi18n.h>

#include "tix-cash-up-view.h"
#include "tix-money.h"
#include "tix-sell-receipts.h"

struct _TixCashUpView
{
  AdwBin     parent_instance;

  GtkBox    *box;
  GtkLabel  *difference_label;
};

G_DEFINE_FINAL_TYPE (TixCashUpView, tix_cash_up_view, ADW_TYPE_BIN)

static void
tix_cash_up_view_class_init (TixCashUpViewClass *klass)
{
  gtk_widget_class_set_css_name (GTK_WIDGET_CLASS (klass), "cashupview");
}

static void
tix_cash_up_view_init (TixCashUpView *self)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();

  self->box = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 18));
  gtk_widget_set_margin_start (GTK_WIDGET (self->box), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->box), 12);
  gtk_widget_set_margin_top (GTK_WIDGET (self->box), 18);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->box), 18);
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 560);
  adw_clamp_set_child (ADW_CLAMP (clamp), GTK_WIDGET (self->box));
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_widget_set_vexpand (scrolled, TRUE);
  adw_bin_set_child (ADW_BIN (self), scrolled);
}

TixCashUpView *
tix_cash_up_view_new (void)
{
  return g_object_new (TIX_TYPE_CASH_UP_VIEW, NULL);
}

static GtkWidget *
group_new (TixCashUpView *self,
           const char    *title)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  gtk_box_append (self->box, group);
  return group;
}

static GtkLabel *
add_row (GtkWidget  *group,
         const char *title,
         const char *value,
         gboolean    strong)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *label = gtk_label_new (value);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_widget_add_css_class (label, "numeric");
  if (strong)
    gtk_widget_add_css_class (label, "title-3");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  return GTK_LABEL (label);
}

static GtkLabel *
add_money_row (GtkWidget  *group,
               const char *title,
               gint64      amount,
               const char *currency,
               gboolean    strong)
{
  g_autofree char *value = tix_money_format (amount, currency);

  return add_row (group, title, value, strong);
}

void
tix_cash_up_view_set_cash_up (TixCashUpView *self,
                              TixCashUp     *cash_up,
                              const char    *currency)
{
  GtkWidget *child;
  GtkWidget *group;
  gint64 difference;
  g_autofree char *orders = NULL;
  g_autofree char *refunds = NULL;

  g_return_if_fail (TIX_IS_CASH_UP_VIEW (self));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->box))) != NULL)
    gtk_box_remove (self->box, child);
  self->difference_label = NULL;
  if (cash_up == NULL)
    return;

  /* The drawer first: what the cashier came to see. */
  group = group_new (self, _("Cash in the Drawer"));
  add_money_row (group, _("Opening float"), cash_up->shift->opening_float, currency, FALSE);
  add_money_row (group, _("Cash expected"), cash_up->expected_cash, currency, TRUE);
  if (cash_up->counted_cash != TIX_SHIFT_NOT_COUNTED)
    {
      g_autofree char *text = NULL;

      difference = tix_cash_up_get_difference (cash_up);
      add_money_row (group, _("Cash counted"), cash_up->counted_cash, currency, TRUE);
      text = tix_money_format (difference, currency);
      self->difference_label = GTK_LABEL (gtk_label_new (text));
      gtk_widget_add_css_class (GTK_WIDGET (self->difference_label), "title-1");
      gtk_widget_add_css_class (GTK_WIDGET (self->difference_label), "numeric");
      gtk_widget_add_css_class (GTK_WIDGET (self->difference_label), difference == 0 ? "success" : "error");
      {
        GtkWidget *row = adw_action_row_new ();

        adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                       difference == 0 ? _("Difference: the drawer is right")
                                       : difference < 0 ? _("Difference: the drawer is short")
                                       : _("Difference: the drawer is over"));
        adw_action_row_add_suffix (ADW_ACTION_ROW (row), GTK_WIDGET (self->difference_label));
        adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
      }
    }

  group = group_new (self, _("Sales by Method"));
  orders = g_strdup_printf ("%" G_GINT64_FORMAT, cash_up->orders);
  add_row (group, _("Sales"), orders, FALSE);
  for (guint m = 0; m < TIX_N_PAYMENT_METHODS; m++)
    {
      TixCashUpMethod *method = &cash_up->by_method[m];
      g_autofree char *title = g_strdup_printf ("%s (%" G_GINT64_FORMAT ")",
                                                tix_sell_method_label (method->method), method->count);

      add_money_row (group, title, method->amount, currency, FALSE);
    }
  add_money_row (group, _("Total sales"), cash_up->total, currency, TRUE);

  if (cash_up->by_type != NULL && cash_up->by_type->len > 0)
    {
      group = group_new (self, _("Sales by Type"));
      for (guint i = 0; i < cash_up->by_type->len; i++)
        {
          TixCashUpType *type = &g_array_index (cash_up->by_type, TixCashUpType, i);
          g_autofree char *title = g_strdup_printf ("%" G_GINT64_FORMAT " × %s", type->quantity, type->name);

          add_money_row (group, title, type->amount, currency, FALSE);
        }
    }

  group = group_new (self, _("Refunds"));
  refunds = g_strdup_printf ("%" G_GINT64_FORMAT, cash_up->refunds_count);
  add_row (group, _("Refunds"), refunds, FALSE);
  add_money_row (group, _("Amount refunded"), -cash_up->refunds_amount, currency, FALSE);
  add_money_row (group, _("Refunded in cash"), -cash_up->refunds_cash, currency, FALSE);
}

const char *
tix_cash_up_view_get_difference_text (TixCashUpView *self)
{
  g_return_val_if_fail (TIX_IS_CASH_UP_VIEW (self), NULL);

  return self->difference_label != NULL ? gtk_label_get_label (self->difference_label) : NULL;
}
