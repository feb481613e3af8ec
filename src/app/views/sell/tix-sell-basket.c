/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-sell-basket"

#include "config.h"

#include <glib/gi18n.h>

#include "tix-money.h"
#include "tix-sell-basket.h"

/* Long enough for "1.234.567,89" and then some. */
#define MAX_TENDERED_CHARS 16

typedef struct
{
  gint64 type_id;
  gint64 quantity;
} Line;

struct _TixSellBasket
{
  GObject           parent_instance;

  GPtrArray        *types;      /* TixTicketType, the active ones */
  GArray           *lines;      /* Line */
  int               selected;
  TixPaymentMethod  method;
  TixSellInput      input;
  GString          *tendered;
  GString          *quantity;   /* the digits after * */
  char             *currency;
  char             *message;
  gboolean          allow_free;
};

G_DEFINE_FINAL_TYPE (TixSellBasket, tix_sell_basket, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
changed (TixSellBasket *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

static gboolean
refuse (TixSellBasket *self,
        char          *message)
{
  g_free (self->message);
  self->message = message;
  return FALSE;
}

static void
tix_sell_basket_finalize (GObject *object)
{
  TixSellBasket *self = TIX_SELL_BASKET (object);

  g_ptr_array_unref (self->types);
  g_array_unref (self->lines);
  g_string_free (self->tendered, TRUE);
  g_string_free (self->quantity, TRUE);
  g_free (self->currency);
  g_free (self->message);

  G_OBJECT_CLASS (tix_sell_basket_parent_class)->finalize (object);
}

static void
tix_sell_basket_class_init (TixSellBasketClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = tix_sell_basket_finalize;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
tix_sell_basket_init (TixSellBasket *self)
{
  self->types = g_ptr_array_new_with_free_func ((GDestroyNotify) tix_ticket_type_unref);
  self->lines = g_array_new (FALSE, FALSE, sizeof (Line));
  self->selected = -1;
  self->method = TIX_PAYMENT_CASH;
  self->tendered = g_string_new (NULL);
  self->quantity = g_string_new (NULL);
  self->currency = g_strdup ("EUR");
}

TixSellBasket *
tix_sell_basket_new (void)
{
  return g_object_new (TIX_TYPE_SELL_BASKET, NULL);
}

void
tix_sell_basket_set_currency (TixSellBasket *self,
                              const char    *currency)
{
  g_return_if_fail (TIX_IS_SELL_BASKET (self));

  if (currency == NULL || *currency == '\0')
    currency = "EUR";
  if (g_strcmp0 (self->currency, currency) == 0)
    return;
  g_free (self->currency);
  self->currency = g_strdup (currency);
  changed (self);
}

const char *
tix_sell_basket_get_currency (TixSellBasket *self)
{
  g_return_val_if_fail (TIX_IS_SELL_BASKET (self), NULL);

  return self->currency;
}

void
tix_sell_basket_set_allow_free (TixSellBasket *self,
                                gboolean       allow_free)
{
  g_return_if_fail (TIX_IS_SELL_BASKET (self));

  self->allow_free = !!allow_free;
  if (!self->allow_free && self->method == TIX_PAYMENT_FREE)
    {
      self->method = TIX_PAYMENT_CASH;
      changed (self);
    }
}

/* The types ------------------------------------------------------------------ */

TixTicketType *
tix_sell_basket_lookup_type (TixSellBasket *self,
                             gint64         type_id)
{
  g_return_val_if_fail (TIX_IS_SELL_BASKET (self), NULL);

  for (guint i = 0; i < self->types->len; i++)
    {
      TixTicketType *type = g_ptr_array_index (self->types, i);

      if (type->id == type_id)
        return type;
    }
  return NULL;
}

void
tix_sell_basket_set_types (TixSellBasket *self,
                           GPtrArray     *types)
{
  g_return_if_fail (TIX_IS_SELL_BASKET (self));

  g_ptr_array_set_size (self->types, 0);
  for (guint i = 0; types != NULL && i < types->len; i++)
    {
      TixTicketType *type = g_ptr_array_index (types, i);

      if (type->active)
        g_ptr_array_add (self->types, tix_ticket_type_ref (type));
    }

  for (guint i = self->lines->len; i > 0; i--)
    if (tix_sell_basket_lookup_type (self, g_array_index (self->lines, Line, i - 1).type_id) == NULL)
      g_array_remove_index (self->lines, i - 1);
  if (self->selected >= (int) self->lines->len)
    self->selected = (int) self->lines->len - 1;

  changed (self);
}

GPtrArray *
tix_sell_basket_get_types (TixSellBasket *self)
{
  g_return_val_if_fail (TIX_IS_SELL_BASKET (self), NULL);

  return self->types;
}

/* The lines ------------------------------------------------------------------ */

static int
find_line (TixSellBasket *self,
           gint64         type_id)
{
  for (guint i = 0; i < self->lines->len; i++)
    if (g_array_index (self->lines, Line, i).type_id == type_id)
      return (int) i;
  return -1;
}

gint64
tix_sell_basket_get_quantity (TixSellBasket *self,
                              gint64         type_id)
{
  int i;

  g_return_val_if_fail (TIX_IS_SELL_BASKET (self), 0);

  i = find_line (self, type_id);
  return i < 0 ? 0 : g_array_index (self->lines, Line, i).quantity;
}

/* Whether @quantity of @type may be in the basket; else says why. */
static gboolean
check_quantity (TixSellBasket *self,
                TixTicketType *type,
                gint64         quantity)
{
  if (tix_ticket_type_is_sold_out (type))
    /* Translators: %s is a ticket type, such as "Adult" */
    return refuse (self, g_strdup_printf (_("%s is sold out"), type->name));
  if (type->available != TIX_TICKET_TYPE_NO_LIMIT && quantity > type->available)
    return refuse (self, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                       "Only %lld %s is left",
                                                       "Only %lld %s are left",
                                                       type->available),
                                          (long long) type->available, type->name));
  if (quantity > TIX_SELL_MAX_QUANTITY)
    return refuse (self, g_strdup_printf (_("At most %d of one type in one sale"),
                                          TIX_SELL_MAX_QUANTITY));
  return TRUE;
}

gboolean
tix_sell_basket_set_quantity (TixSellBasket *self,
                              gint64         type_id,
                              gint64         quantity)
{
  TixTicketType *type;
  int i;

  g_return_val_if_fail (TIX_IS_SELL_BASKET (self), FALSE);
  g_return_val_if_fail (quantity >= 0, FALSE);

  type = tix_sell_basket_lookup_type (self, type_id);
  if (type == NULL)
    return refuse (self, g_strdup (_("This ticket type is no longer sold")));

  i = find_line (self, type_id);
  if (quantity == 0)
    {
      if (i >= 0)
        {
          g_array_remove_index (self->lines, i);
          if (self->selected >= (int) self->lines->len)
            self->selected = (int) self->lines->len - 1;
          changed (self);
        }
      return TRUE;
    }
  if (!check_quantity (self, type, quantity))
    return FALSE;

  if (i < 0)
    {
      Line line = { type_id, quantity };

      g_array_append_val (self->lines, line);
      i = (int) self->lines->len - 1;
    }
  else
    g_array_index (self->lines, Line, i).quantity = quantity;
  self->selected = i;
  changed (self);
  return TRUE;
}

gboolean
tix_sell_basket_add (TixSellBasket *self,
                     gint64         type_id)
{
  g_return_val_if_fail (TIX_IS_SELL_BASKET (self), FALSE);

  return tix_sell_basket_set_quantity (self, type_id,
                                       tix_sell_basket_get_quantity (self, type_id) + 1);
}

guint
tix_sell_basket_get_n_lines (TixSellBasket *self)
{
  g_return_val_if_fail (TIX_IS_SELL_BASKET (self), 0);

  return self->lines->len;
}

TixTicketType *
tix_sell_basket_get_line (TixSellBasket *self,
                          guint          index,
                          gint64        *out_quantity)
{
  Line *line;

  g_return_val_if_fail (TIX_IS_SELL_BASKET (self), NULL);
  g_return_val_if_fail (index < self->lines->len, NULL);

  line = &g_array_index (self->lines, Line, index);
  if (out_quantity != NULL)
    *out_quantity = line->quantity;
  return tix_sell_basket_lookup_type (self, line->type_id);
}

int
tix_sell_basket_get_selected (TixSellBasket *self)
{
  g_return_val_if_fail (TIX_IS_SELL_BASKET (self), -1);

  return self->selected;
}

void
tix_sell_basket_select (TixSellBasket *self,
                        int            index)
{
  g_return_if_fail (TIX_IS_SELL_BASKET (self));

  if (self->lines->len == 0)
    index = -1;
  else
    index = CLAMP (index, 0, (int) self->lines->len - 1);
  if (index == self->selected)
    return;
  self->selected = index;
  changed (self);
}

gint64
tix_sell_basket_get_count (TixSellBasket *self)
{
  gint64 count = 0;

  g_return_val_if_fail (TIX_IS_SELL_BASKET (self), 0);

  for (guint i = 0; i < self->lines->len; i++)
    count += g_array_index (self->lines, Line, i).quantity;
  return count;
}

gint64
tix_sell_basket_get_total (TixSellBasket *self)
{
  gint64 total = 0;

  g_return_val_if_fail (TIX_IS_SELL_BASKET (self), 0);

  if (self->method == TIX_PAYMENT_FREE)
    return 0;
  for (guint i = 0; i < self->lines->len; i++)
    {
      Line *line = &g_array_index (self->lines, Line, i);
      TixTicketType *type = tix_sell_basket_lookup_type (self, line->type_id);

      total += type->price * line->quantity;
    }
  return total;
}

gboolean
tix_sell_basket_is_empty (TixSellBasket *self)
{
  g_return_val_if_fail (TIX_IS_SELL_BASKET (self), TRUE);

  return self->lines->len == 0;
}

/* Payment -------------------------------------------------------------------- */

TixPaymentMethod
tix_sell_basket_get_method (TixSellBasket *self)
{
  g_return_val_if_fail (TIX_IS_SELL_BASKET (self), TIX_PAYMENT_CASH);

  return self->method;
}

gboolean
tix_sell_basket_set_method (TixSellBasket    *self,
                            TixPaymentMethod  method)
{
  g_return_val_if_fail (TIX_IS_SELL_BASKET (self), FALSE);

  if (method == TIX_PAYMENT_FREE && !self->allow_free)
    return refuse (self, g_strdup (_("Only an administrator can give tickets away")));

  self->method = method;
  self->input = method == TIX_PAYMENT_CASH ? TIX_SELL_INPUT_TENDERED : TIX_SELL_INPUT_BASKET;
  if (method != TIX_PAYMENT_CASH)
    g_string_truncate (self->tendered, 0);
  changed (self);
  return TRUE;
}

TixSellInput
tix_sell_basket_get_input (TixSellBasket *self)
{
  g_return_val_if_fail (TIX_IS_SELL_BASKET (self), TIX_SELL_INPUT_BASKET);

  return self->input;
}

const char *
tix_sell_basket_get_tendered_text (TixSellBasket *self)
{
  g_return_val_if_fail (TIX_IS_SELL_BASKET (self), NULL);

  return self->tendered->str;
}

void
tix_sell_basket_set_tendered_text (TixSellBasket *self,
                                   const char    *text)
{
  g_return_if_fail (TIX_IS_SELL_BASKET (self));

  g_string_assign (self->tendered, text != NULL ? text : "");
  changed (self);
}

gint64
tix_sell_basket_get_tendered (TixSellBasket *self)
{
  gint64 amount;

  g_return_val_if_fail (TIX_IS_SELL_BASKET (self), -1);

  if (self->method != TIX_PAYMENT_CASH || self->tendered->len == 0)
    return tix_sell_basket_get_total (self);
  if (!tix_money_parse (self->tendered->str, self->currency, &amount))
    return -1;
  return amount;
}

gint64
tix_sell_basket_get_change (TixSellBasket *self)
{
  gint64 tendered;

  g_return_val_if_fail (TIX_IS_SELL_BASKET (self), -1);

  if (self->method != TIX_PAYMENT_CASH)
    return 0;
  tendered = tix_sell_basket_get_tendered (self);
  if (tendered < 0 || tendered < tix_sell_basket_get_total (self))
    return -1;
  return tendered - tix_sell_basket_get_total (self);
}

gboolean
tix_sell_basket_can_complete (TixSellBasket *self)
{
  g_return_val_if_fail (TIX_IS_SELL_BASKET (self), FALSE);

  return self->lines->len > 0 && tix_sell_basket_get_change (self) >= 0;
}

GArray *
tix_sell_basket_dup_sale_lines (TixSellBasket *self)
{
  GArray *lines;

  g_return_val_if_fail (TIX_IS_SELL_BASKET (self), NULL);

  lines = g_array_sized_new (FALSE, FALSE, sizeof (TixClientSaleLine), self->lines->len);
  for (guint i = 0; i < self->lines->len; i++)
    {
      Line *line = &g_array_index (self->lines, Line, i);
      TixClientSaleLine sale_line = { line->type_id, line->quantity };

      g_array_append_val (lines, sale_line);
    }
  return lines;
}

void
tix_sell_basket_clear (TixSellBasket *self)
{
  g_return_if_fail (TIX_IS_SELL_BASKET (self));

  g_array_set_size (self->lines, 0);
  self->selected = -1;
  self->method = TIX_PAYMENT_CASH;
  self->input = TIX_SELL_INPUT_BASKET;
  g_string_truncate (self->tendered, 0);
  g_string_truncate (self->quantity, 0);
  changed (self);
}

const char *
tix_sell_basket_get_message (TixSellBasket *self)
{
  g_return_val_if_fail (TIX_IS_SELL_BASKET (self), NULL);

  return self->message;
}

/* The keys ------------------------------------------------------------------- */

static TixSellKeyResult
result_of (gboolean ok)
{
  return ok ? TIX_SELL_KEY_HANDLED : TIX_SELL_KEY_REFUSED;
}

static gint64
selected_type_id (TixSellBasket *self)
{
  if (self->selected < 0)
    return 0;
  return g_array_index (self->lines, Line, self->selected).type_id;
}

static TixSellKeyResult
nudge_selected (TixSellBasket *self,
                gint64         delta)
{
  gint64 type_id = selected_type_id (self);

  if (type_id == 0)
    return result_of (refuse (self, g_strdup (_("Choose a ticket type first"))));
  return result_of (tix_sell_basket_set_quantity (self, type_id,
                                                  MAX (0, tix_sell_basket_get_quantity (self, type_id) + delta)));
}

static TixSellKeyResult
complete (TixSellBasket *self)
{
  if (self->lines->len == 0)
    return result_of (refuse (self, g_strdup (_("The basket is empty"))));
  if (tix_sell_basket_get_tendered (self) < 0)
    return result_of (refuse (self, g_strdup (_("The amount tendered is not an amount"))));
  if (tix_sell_basket_get_change (self) < 0)
    return result_of (refuse (self, g_strdup (_("Not enough cash tendered"))));
  self->input = TIX_SELL_INPUT_BASKET;
  return TIX_SELL_KEY_COMPLETE;
}

static TixSellKeyResult
method_key (TixSellBasket *self,
            gunichar       key)
{
  switch (key)
    {
    case 'c':
      g_string_truncate (self->tendered, 0);
      return result_of (tix_sell_basket_set_method (self, TIX_PAYMENT_CASH));
    case 'k':
      return result_of (tix_sell_basket_set_method (self, TIX_PAYMENT_CARD));
    case 'o':
      return result_of (tix_sell_basket_set_method (self, TIX_PAYMENT_OTHER));
    case 'f':
      return result_of (tix_sell_basket_set_method (self, TIX_PAYMENT_FREE));
    default:
      return TIX_SELL_KEY_IGNORED;
    }
}

static TixSellKeyResult
tendered_key (TixSellBasket *self,
              gunichar       key)
{
  if (g_unichar_isdigit (key) || key == '.' || key == ',')
    {
      if (self->tendered->len >= MAX_TENDERED_CHARS)
        return result_of (refuse (self, g_strdup (_("That is more cash than a drawer holds"))));
      g_string_append_unichar (self->tendered, key);
      changed (self);
      return TIX_SELL_KEY_HANDLED;
    }
  if (key == TIX_SELL_KEY_BACKSPACE)
    {
      if (self->tendered->len > 0)
        g_string_truncate (self->tendered, self->tendered->len - 1);
      changed (self);
      return TIX_SELL_KEY_HANDLED;
    }
  if (key == TIX_SELL_KEY_ESCAPE)
    {
      self->input = TIX_SELL_INPUT_BASKET;
      changed (self);
      return TIX_SELL_KEY_HANDLED;
    }
  return TIX_SELL_KEY_IGNORED;
}

static TixSellKeyResult
quantity_key (TixSellBasket *self,
              gunichar       key)
{
  gint64 type_id = selected_type_id (self);

  if (g_unichar_isdigit (key))
    {
      gint64 quantity;

      if (self->quantity->len >= 3)
        return result_of (refuse (self, g_strdup_printf (_("At most %d of one type in one sale"),
                                                         TIX_SELL_MAX_QUANTITY)));
      g_string_append_unichar (self->quantity, key);
      quantity = g_ascii_strtoll (self->quantity->str, NULL, 10);
      if (!tix_sell_basket_set_quantity (self, type_id, quantity))
        {
          g_string_truncate (self->quantity, self->quantity->len - 1);
          return TIX_SELL_KEY_REFUSED;
        }
      return TIX_SELL_KEY_HANDLED;
    }
  if (key == TIX_SELL_KEY_BACKSPACE)
    {
      if (self->quantity->len > 0)
        g_string_truncate (self->quantity, self->quantity->len - 1);
      changed (self);
      return TIX_SELL_KEY_HANDLED;
    }
  /* Anything else ends the quantity and means what it means. */
  self->input = TIX_SELL_INPUT_BASKET;
  g_string_truncate (self->quantity, 0);
  changed (self);
  if (key == TIX_SELL_KEY_ESCAPE)
    return TIX_SELL_KEY_HANDLED;
  return tix_sell_basket_key (self, key);
}

TixSellKeyResult
tix_sell_basket_key (TixSellBasket *self,
                     gunichar       key)
{
  TixSellKeyResult result;

  g_return_val_if_fail (TIX_IS_SELL_BASKET (self), TIX_SELL_KEY_IGNORED);

  g_clear_pointer (&self->message, g_free);
  key = g_unichar_tolower (key);

  if (key == TIX_SELL_KEY_ENTER)
    return complete (self);
  if ((result = method_key (self, key)) != TIX_SELL_KEY_IGNORED)
    return result;

  if (self->input == TIX_SELL_INPUT_TENDERED)
    return tendered_key (self, key);
  if (self->input == TIX_SELL_INPUT_QUANTITY)
    return quantity_key (self, key);

  if (key >= '1' && key <= '9')
    {
      guint position = key - '1';

      if (position >= self->types->len)
        return result_of (refuse (self, g_strdup_printf (_("There is no ticket type %u"),
                                                         position + 1)));
      return result_of (tix_sell_basket_add (self, ((TixTicketType *) g_ptr_array_index (self->types, position))->id));
    }

  switch (key)
    {
    case '+':
      return nudge_selected (self, 1);
    case '-':
    case 0x2212: /* − */
    case TIX_SELL_KEY_BACKSPACE:
      return nudge_selected (self, -1);
    case '*':
    case 'x':
      if (selected_type_id (self) == 0)
        return result_of (refuse (self, g_strdup (_("Choose a ticket type first"))));
      self->input = TIX_SELL_INPUT_QUANTITY;
      g_string_truncate (self->quantity, 0);
      changed (self);
      return TIX_SELL_KEY_HANDLED;
    case TIX_SELL_KEY_DELETE:
      if (selected_type_id (self) == 0)
        return TIX_SELL_KEY_HANDLED;
      return result_of (tix_sell_basket_set_quantity (self, selected_type_id (self), 0));
    case TIX_SELL_KEY_UP:
      tix_sell_basket_select (self, self->selected - 1);
      return TIX_SELL_KEY_HANDLED;
    case TIX_SELL_KEY_DOWN:
      tix_sell_basket_select (self, self->selected + 1);
      return TIX_SELL_KEY_HANDLED;
    case TIX_SELL_KEY_ESCAPE:
      if (self->lines->len == 0 && self->method == TIX_PAYMENT_CASH)
        return TIX_SELL_KEY_IGNORED;
      tix_sell_basket_clear (self);
      return TIX_SELL_KEY_HANDLED;
    default:
      return TIX_SELL_KEY_IGNORED;
    }
}
