/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-ticket-type-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "tix-app-util.h"
#include "tix-money.h"
#include "tix-ticket-type-dialog.h"
#include "tix-validate.h"

struct _TixTicketTypeDialog
{
  AdwWindow         parent_instance;

  /* Template widgets */
  AdwWindowTitle   *window_title;
  GtkWidget        *save_button;
  GtkLabel         *error_label;
  AdwEntryRow      *name_row;
  AdwEntryRow      *price_row;
  AdwEntryRow      *prefix_row;
  AdwEntryRow      *quota_row;
  GtkSwitch        *active_switch;
  GtkLabel         *sold_label;
  GtkWidget        *name_error_row;
  GtkWidget        *price_error_row;
  GtkWidget        *prefix_error_row;
  GtkWidget        *quota_error_row;
  GtkLabel         *name_error;
  GtkLabel         *price_error;
  GtkLabel         *prefix_error;
  GtkLabel         *quota_error;

  /* Owned references */
  TixClient        *client;
  TixTicketType    *type;         /* the one changed, or NULL for a new one */
  char             *currency;
  GCancellable     *cancellable;

  gint64            event_id;
  guint             tried : 1;    /* Save was pressed: keep the errors current */
  guint             busy : 1;
};

G_DEFINE_FINAL_TYPE (TixTicketTypeDialog, tix_ticket_type_dialog, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef enum
{
  FIELD_NAME,
  FIELD_PRICE,
  FIELD_PREFIX,
  FIELD_QUOTA,
  N_FIELDS
} Field;

/* The server's member of each field. */
static const char *field_members[N_FIELDS] = { "name", "price", "prefix", "quota" };

static void
field_widgets (TixTicketTypeDialog  *self,
               Field                 field,
               GtkWidget           **row,
               GtkWidget           **error_row,
               GtkLabel            **error_label)
{
  switch (field)
    {
    case FIELD_NAME:
      *row = GTK_WIDGET (self->name_row), *error_row = self->name_error_row;
      *error_label = self->name_error;
      break;
    case FIELD_PRICE:
      *row = GTK_WIDGET (self->price_row), *error_row = self->price_error_row;
      *error_label = self->price_error;
      break;
    case FIELD_PREFIX:
      *row = GTK_WIDGET (self->prefix_row), *error_row = self->prefix_error_row;
      *error_label = self->prefix_error;
      break;
    case FIELD_QUOTA:
    default:
      *row = GTK_WIDGET (self->quota_row), *error_row = self->quota_error_row;
      *error_label = self->quota_error;
      break;
    }
}

/* @message NULL: the field is fine. */
static void
set_field_error (TixTicketTypeDialog *self,
                 Field                field,
                 const char          *message)
{
  GtkWidget *row, *error_row;
  GtkLabel *label;

  field_widgets (self, field, &row, &error_row, &label);
  gtk_label_set_label (label, message != NULL ? message : "");
  gtk_widget_set_visible (error_row, message != NULL);
  if (message != NULL)
    {
      gtk_widget_add_css_class (row, "error");
      gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message, -1);
      gtk_accessible_update_state (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_STATE_INVALID,
                                   GTK_ACCESSIBLE_INVALID_TRUE, -1);
    }
  else
    {
      gtk_widget_remove_css_class (row, "error");
      gtk_accessible_reset_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
      gtk_accessible_reset_state (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_STATE_INVALID);
    }
}

static char *
field_text (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

/* Reads every field into a new type; says what is wrong under each field
 * (when @show) and returns how many are. */
static guint
check_fields (TixTicketTypeDialog  *self,
              gboolean              show,
              TixTicketType       **out_type)
{
  const char *messages[N_FIELDS] = { NULL, };
  g_autofree char *name = field_text (self->name_row);
  g_autofree char *price_text = field_text (self->price_row);
  g_autofree char *prefix = field_text (self->prefix_row);
  g_autofree char *quota_text = field_text (self->quota_row);
  g_autofree char *price_message = NULL;
  const char *message = NULL;
  gint64 price = 0, quota = TIX_TICKET_TYPE_NO_LIMIT;
  guint64 value;
  guint n_errors = 0;

  if (!tix_validate_name (name, &message))
    messages[FIELD_NAME] = *name == '\0' ? _("Give the type a name, such as “Adult”")
                                         : _(message);

  if (*price_text == '\0')
    messages[FIELD_PRICE] = _("Type the price, such as 12.50 (0 for free tickets)");
  else if (!tix_money_parse (price_text, self->currency, &price))
    {
      guint exponent = tix_money_get_exponent (self->currency);

      if (exponent == 0)
        messages[FIELD_PRICE] = _("Type the price as a whole amount, such as 12");
      else
        /* Translators: %u is how many decimals the currency has (2 for euros) */
        messages[FIELD_PRICE] = price_message = g_strdup_printf (ngettext ("Type the price as an amount from 0 with at most %u decimal, such as 12.5",
                                                           "Type the price as an amount from 0 with at most %u decimals, such as 12.50",
                                                                         exponent), exponent);
    }

  /* A new type without one gets the organization's default prefix. */
  if ((*prefix != '\0' || self->type != NULL) && !tix_validate_prefix (prefix, &message))
    messages[FIELD_PREFIX] = *prefix == '\0' ? _("Type the prefix of its tickets’ numbers, such as “A”")
                                             : _(message);

  if (*quota_text != '\0')
    {
      if (g_ascii_string_to_unsigned (quota_text, 10, 0, G_MAXINT32, &value, NULL))
        quota = (gint64) value;
      else
        messages[FIELD_QUOTA] = _("Type a whole number from 0, or leave it empty for no limit");
    }

  for (guint i = 0; i < N_FIELDS; i++)
    {
      if (messages[i] != NULL)
        n_errors++;
      if (show)
        set_field_error (self, i, messages[i]);
    }
  if (n_errors == 0 && out_type != NULL)
    {
      TixTicketType *type = tix_ticket_type_new ();

      type->name = g_strdup (name);
      type->price = price;
      type->prefix = *prefix != '\0' ? g_strdup (prefix) : NULL;
      type->quota = quota;
      type->active = gtk_switch_get_active (self->active_switch);
      *out_type = type;
    }
  return n_errors;
}

static void
on_field_changed (TixTicketTypeDialog *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  if (self->tried)
    check_fields (self, TRUE, NULL);
}

static void
set_busy (TixTicketTypeDialog *self,
          gboolean             busy)
{
  self->busy = busy;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "type.save", !busy);
}

/* The server's answer to a create or an update. */
static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  TixClient *client = TIX_CLIENT (object);
  g_autoptr(TixTicketTypeDialog) self = user_data;
  g_autoptr(TixTicketType) type = NULL;
  g_autoptr(GError) error = NULL;
  const char *field;

  if (self->type == NULL)
    type = tix_client_create_ticket_type_finish (client, result, &error);
  else
    type = tix_client_update_ticket_type_finish (client, result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_busy (self, FALSE);
  if (type == NULL)
    {
      field = tix_client_error_get_field (error);
      for (guint i = 0; i < N_FIELDS; i++)
        if (g_strcmp0 (field, field_members[i]) == 0)
          {
            set_field_error (self, i, error->message);
            return;
          }
      gtk_label_set_label (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }

  g_signal_emit (self, signals[SAVED], 0, type);
  gtk_window_close (GTK_WINDOW (self));
}

void
tix_ticket_type_dialog_save (TixTicketTypeDialog *self)
{
  g_autoptr(TixTicketType) type = NULL;

  g_return_if_fail (TIX_IS_TICKET_TYPE_DIALOG (self));

  if (self->busy)
    return;

  self->tried = TRUE;
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  if (check_fields (self, TRUE, &type) > 0)
    return;

  set_busy (self, TRUE);
  if (self->type == NULL)
    tix_client_create_ticket_type_async (self->client, self->event_id, type, self->cancellable,
                                         saved_cb, g_object_ref (self));
  else
    tix_client_update_ticket_type_async (self->client, self->type->id, type,
                                         TIX_TICKET_TYPE_FIELD_NAME | TIX_TICKET_TYPE_FIELD_PRICE |
                                         TIX_TICKET_TYPE_FIELD_PREFIX | TIX_TICKET_TYPE_FIELD_QUOTA |
                                         TIX_TICKET_TYPE_FIELD_ACTIVE,
                                         self->cancellable, saved_cb, g_object_ref (self));
}

gboolean
tix_ticket_type_dialog_get_busy (TixTicketTypeDialog *self)
{
  g_return_val_if_fail (TIX_IS_TICKET_TYPE_DIALOG (self), FALSE);

  return self->busy;
}

static void
on_entry_activated (TixTicketTypeDialog *self)
{
  tix_ticket_type_dialog_save (self);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  tix_ticket_type_dialog_save (TIX_TICKET_TYPE_DIALOG (widget));
}

/* GObject --------------------------------------------------------------------- */

static void
tix_ticket_type_dialog_dispose (GObject *object)
{
  TixTicketTypeDialog *self = TIX_TICKET_TYPE_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);
  g_clear_pointer (&self->type, tix_ticket_type_unref);

  G_OBJECT_CLASS (tix_ticket_type_dialog_parent_class)->dispose (object);
}

static void
tix_ticket_type_dialog_finalize (GObject *object)
{
  TixTicketTypeDialog *self = TIX_TICKET_TYPE_DIALOG (object);

  g_free (self->currency);

  G_OBJECT_CLASS (tix_ticket_type_dialog_parent_class)->finalize (object);
}

static void
tix_ticket_type_dialog_class_init (TixTicketTypeDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tix_ticket_type_dialog_dispose;
  object_class->finalize = tix_ticket_type_dialog_finalize;

  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, TIX_TYPE_TICKET_TYPE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/gnome/Tix/ui/views/events/tix-ticket-type-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, TixTicketTypeDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, TixTicketTypeDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, TixTicketTypeDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, TixTicketTypeDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, TixTicketTypeDialog, price_row);
  gtk_widget_class_bind_template_child (widget_class, TixTicketTypeDialog, prefix_row);
  gtk_widget_class_bind_template_child (widget_class, TixTicketTypeDialog, quota_row);
  gtk_widget_class_bind_template_child (widget_class, TixTicketTypeDialog, active_switch);
  gtk_widget_class_bind_template_child (widget_class, TixTicketTypeDialog, sold_label);
  gtk_widget_class_bind_template_child (widget_class, TixTicketTypeDialog, name_error_row);
  gtk_widget_class_bind_template_child (widget_class, TixTicketTypeDialog, price_error_row);
  gtk_widget_class_bind_template_child (widget_class, TixTicketTypeDialog, prefix_error_row);
  gtk_widget_class_bind_template_child (widget_class, TixTicketTypeDialog, quota_error_row);
  gtk_widget_class_bind_template_child (widget_class, TixTicketTypeDialog, name_error);
  gtk_widget_class_bind_template_child (widget_class, TixTicketTypeDialog, price_error);
  gtk_widget_class_bind_template_child (widget_class, TixTicketTypeDialog, prefix_error);
  gtk_widget_class_bind_template_child (widget_class, TixTicketTypeDialog, quota_error);
  gtk_widget_class_bind_template_callback (widget_class, on_field_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activated);

  gtk_widget_class_install_action (widget_class, "type.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "type.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
tix_ticket_type_dialog_init (TixTicketTypeDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

TixTicketTypeDialog *
tix_ticket_type_dialog_new (TixClient           *client,
                            gint64               event_id,
                            const TixTicketType *type,
                            const char          *currency)
{
  TixTicketTypeDialog *self;
  g_autofree char *price_title = NULL;

  g_return_val_if_fail (TIX_IS_CLIENT (client), NULL);
  g_return_val_if_fail (event_id > 0 || type != NULL, NULL);

  self = g_object_new (TIX_TYPE_TICKET_TYPE_DIALOG, NULL);
  self->client = g_object_ref (client);
  self->type = type != NULL ? tix_ticket_type_ref ((TixTicketType *) type) : NULL;
  self->event_id = type != NULL ? type->event_id : event_id;
  self->currency = g_strdup (currency != NULL && *currency != '\0' ? currency
                                                                    : TIX_MONEY_DEFAULT_CURRENCY);

  /* Translators: the price field's title, with the currency's symbol ("€") */
  price_title = g_strdup_printf (_("Price (%s)"), tix_money_get_symbol (self->currency));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->price_row), price_title);
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->name_row));

  if (type == NULL)
    {
      gtk_window_set_title (GTK_WINDOW (self), _("New Ticket Type"));
      adw_window_title_set_title (self->window_title, _("New Ticket Type"));
      gtk_button_set_label (GTK_BUTTON (self->save_button), _("_Add"));
      return self;
    }

  gtk_window_set_title (GTK_WINDOW (self), _("Edit Ticket Type"));
  adw_window_title_set_title (self->window_title, _("Edit Ticket Type"));
  adw_window_title_set_subtitle (self->window_title, type->name);
  gtk_button_set_label (GTK_BUTTON (self->save_button), _("_Save"));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->prefix_row), _("Prefix of the Numbers"));

  {
    g_autofree char *price = tix_money_format_number (type->price, self->currency);
    g_autofree char *quota = type->quota >= 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, type->quota)
                                              : g_strdup ("");

    gtk_editable_set_text (GTK_EDITABLE (self->name_row), type->name != NULL ? type->name : "");
    gtk_editable_set_text (GTK_EDITABLE (self->price_row), price);
    gtk_editable_set_text (GTK_EDITABLE (self->prefix_row), type->prefix != NULL ? type->prefix : "");
    gtk_editable_set_text (GTK_EDITABLE (self->quota_row), quota);
    gtk_switch_set_active (self->active_switch, type->active);
  }

  if (type->sold > 0)
    {
      g_autofree char *sold = tix_format_count (type->sold);
      g_autofree char *text = NULL;

      /* Translators: under the fields of a type that has sold; %s is how many */
      text = g_strdup_printf (ngettext ("%s ticket of this type sold: the quota cannot go below it.",
                                        "%s tickets of this type sold: the quota cannot go below them.",
                                        (gulong) CLAMP (type->sold, 0, G_MAXLONG)), sold);
      gtk_label_set_label (self->sold_label, text);
      gtk_widget_set_visible (GTK_WIDGET (self->sold_label), TRUE);
    }
  return self;
}
