/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-sales-report"

#include "config.h"

#include "tix-csv.h"
#include "tix-json.h"
#include "tix-money.h"
#include "tix-sales-report.h"

G_DEFINE_BOXED_TYPE (TixSalesReport, tix_sales_report, tix_sales_report_ref,
                     tix_sales_report_unref)

static void
type_clear (gpointer data)
{
  TixCashUpType *type = data;

  g_free (type->name);
}

static void
day_clear (gpointer data)
{
  TixSalesDay *day = data;

  g_free (day->date);
}

TixSalesReport *
tix_sales_report_new (const char *currency)
{
  TixSalesReport *self = g_atomic_rc_box_new0 (TixSalesReport);

  self->currency = g_strdup (currency ? currency : TIX_MONEY_DEFAULT_CURRENCY);
  self->by_type = g_array_new (FALSE, TRUE, sizeof (TixCashUpType));
  g_array_set_clear_func (self->by_type, type_clear);
  self->by_day = g_array_new (FALSE, TRUE, sizeof (TixSalesDay));
  g_array_set_clear_func (self->by_day, day_clear);
  for (guint i = 0; i < TIX_N_PAYMENT_METHODS; i++)
    self->by_method[i].method = (TixPaymentMethod) i;
  return self;
}

TixSalesReport *
tix_sales_report_ref (TixSalesReport *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return g_atomic_rc_box_acquire (self);
}

static void
clear (gpointer data)
{
  TixSalesReport *self = data;

  g_free (self->currency);
  g_array_unref (self->by_type);
  g_array_unref (self->by_day);
}

void
tix_sales_report_unref (TixSalesReport *self)
{
  g_return_if_fail (self != NULL);
  g_atomic_rc_box_release_full (self, clear);
}

void
tix_sales_report_add_type (TixSalesReport *self,
                           gint64          type_id,
                           const char     *name,
                           gint64          quantity,
                           gint64          amount)
{
  TixCashUpType type = { type_id, g_strdup (name), quantity, amount };

  g_return_if_fail (self != NULL);
  g_array_append_val (self->by_type, type);
}

void
tix_sales_report_add_day (TixSalesReport *self,
                          const char     *date,
                          gint64          amount)
{
  TixSalesDay *last;

  g_return_if_fail (self != NULL && date != NULL);

  last = self->by_day->len > 0
         ? &g_array_index (self->by_day, TixSalesDay, self->by_day->len - 1) : NULL;
  if (last == NULL || !g_str_equal (last->date, date))
    {
      TixSalesDay day = { g_strdup (date), 0, 0 };

      g_array_append_val (self->by_day, day);
      last = &g_array_index (self->by_day, TixSalesDay, self->by_day->len - 1);
    }
  last->count++;
  last->amount += amount;
}

static gboolean
fail (GError     **error,
      const char  *member)
{
  g_set_error (error, TIX_JSON_ERROR, TIX_JSON_ERROR_TYPE, "“%s” is missing or not valid", member);
  return FALSE;
}

static JsonObject *
object_of (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static JsonArray *
array_of (JsonObject *object,
          const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

TixSalesReport *
tix_sales_report_new_from_json (JsonObject  *object,
                                GError     **error)
{
  g_autoptr(TixSalesReport) self = NULL;
  JsonArray *types = array_of (object, "by_type");
  JsonArray *methods = array_of (object, "by_method");
  JsonArray *days = array_of (object, "by_day");
  JsonObject *refunds = object_of (json_object_get_member (object, "refunds"));
  const char *currency = NULL;

  g_return_val_if_fail (object != NULL, NULL);

  if (!tix_json_get_string (object, "currency", TRUE, &currency, error))
    return NULL;
  self = tix_sales_report_new (currency);
  if (types == NULL || methods == NULL || days == NULL || refunds == NULL)
    {
      fail (error, types == NULL ? "by_type" : methods == NULL ? "by_method"
                   : days == NULL ? "by_day" : "refunds");
      return NULL;
    }
  if (!tix_json_get_int (object, "total", TRUE, G_MININT64, G_MAXINT64, &self->total, error) ||
      !tix_json_get_int (object, "count", TRUE, 0, G_MAXINT64, &self->count, error) ||
      !tix_json_get_int (refunds, "count", TRUE, 0, G_MAXINT64, &self->refunds_count, error) ||
      !tix_json_get_int (refunds, "amount", TRUE, 0, G_MAXINT64, &self->refunds_amount, error))
    return NULL;
  for (guint i = 0; i < json_array_get_length (types); i++)
    {
      JsonObject *o = object_of (json_array_get_element (types, i));
      const char *name = NULL;
      gint64 id = 0, quantity = 0, amount = 0;

      if (o == NULL)
        {
          fail (error, "by_type");
          return NULL;
        }
      if (!tix_json_get_int (o, "type_id", TRUE, 1, G_MAXINT64, &id, error) ||
          !tix_json_get_string (o, "name", TRUE, &name, error) ||
          !tix_json_get_int (o, "quantity", TRUE, 0, G_MAXINT64, &quantity, error) ||
          !tix_json_get_int (o, "amount", TRUE, G_MININT64, G_MAXINT64, &amount, error))
        return NULL;
      tix_sales_report_add_type (self, id, name, quantity, amount);
    }
  for (guint i = 0; i < json_array_get_length (methods); i++)
    {
      JsonObject *o = object_of (json_array_get_element (methods, i));
      const char *name = NULL;
      TixPaymentMethod method;
      gint64 count = 0, amount = 0;

      if (o == NULL || !tix_json_get_string (o, "method", TRUE, &name, NULL) ||
          !tix_payment_method_from_string (name, &method) ||
          !tix_json_get_int (o, "count", TRUE, 0, G_MAXINT64, &count, NULL) ||
          !tix_json_get_int (o, "amount", TRUE, G_MININT64, G_MAXINT64, &amount, NULL))
        {
          fail (error, "by_method");
          return NULL;
        }
      self->by_method[method].count = count;
      self->by_method[method].amount = amount;
    }
  for (guint i = 0; i < json_array_get_length (days); i++)
    {
      JsonObject *o = object_of (json_array_get_element (days, i));
      const char *date = NULL;
      TixSalesDay day = { 0 };

      if (o == NULL || !tix_json_get_string (o, "date", TRUE, &date, NULL) ||
          !tix_json_get_int (o, "count", TRUE, 0, G_MAXINT64, &day.count, NULL) ||
          !tix_json_get_int (o, "amount", TRUE, G_MININT64, G_MAXINT64, &day.amount, NULL))
        {
          fail (error, "by_day");
          return NULL;
        }
      day.date = g_strdup (date);
      g_array_append_val (self->by_day, day);
    }
  return g_steal_pointer (&self);
}

static void
add_int (JsonBuilder *builder,
         const char  *member,
         gint64       value)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_int_value (builder, value);
}

void
tix_sales_report_to_json (const TixSalesReport *self,
                          JsonBuilder          *builder)
{
  g_return_if_fail (self != NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "currency");
  json_builder_add_string_value (builder, self->currency);
  add_int (builder, "total", self->total);
  add_int (builder, "count", self->count);
  json_builder_set_member_name (builder, "by_type");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->by_type->len; i++)
    {
      const TixCashUpType *type = &g_array_index (self->by_type, TixCashUpType, i);

      json_builder_begin_object (builder);
      add_int (builder, "type_id", type->type_id);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, type->name);
      add_int (builder, "quantity", type->quantity);
      add_int (builder, "amount", type->amount);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "by_method");
  json_builder_begin_array (builder);
  for (guint i = 0; i < TIX_N_PAYMENT_METHODS; i++)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "method");
      json_builder_add_string_value (builder, tix_payment_method_to_string (i));
      add_int (builder, "count", self->by_method[i].count);
      add_int (builder, "amount", self->by_method[i].amount);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "by_day");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->by_day->len; i++)
    {
      const TixSalesDay *day = &g_array_index (self->by_day, TixSalesDay, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "date");
      json_builder_add_string_value (builder, day->date);
      add_int (builder, "count", day->count);
      add_int (builder, "amount", day->amount);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "refunds");
  json_builder_begin_object (builder);
  add_int (builder, "count", self->refunds_count);
  add_int (builder, "amount", self->refunds_amount);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
}

static void
record (GString    *out,
        const char *kind,
        const char *key,
        const char *name,
        gint64      count,
        gint64      amount)
{
  g_autofree char *count_text = g_strdup_printf ("%" G_GINT64_FORMAT, count);
  g_autofree char *amount_text = g_strdup_printf ("%" G_GINT64_FORMAT, amount);
  const char *fields[] = { kind, key, name, count_text, amount_text };

  tix_csv_append_record (out, fields, G_N_ELEMENTS (fields));
}

char *
tix_sales_report_to_csv (const TixSalesReport *self)
{
  GString *out = g_string_new (NULL);
  g_autofree char *amounts = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  amounts = g_strdup_printf ("amount (minor units of %s)", self->currency);
  {
    const char *header[] = { "kind", "key", "name", "count", amounts };

    tix_csv_append_record (out, header, G_N_ELEMENTS (header));
  }
  for (guint i = 0; i < self->by_day->len; i++)
    {
      const TixSalesDay *day = &g_array_index (self->by_day, TixSalesDay, i);

      record (out, "day", day->date, NULL, day->count, day->amount);
    }
  for (guint i = 0; i < self->by_type->len; i++)
    {
      const TixCashUpType *type = &g_array_index (self->by_type, TixCashUpType, i);
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, type->type_id);

      record (out, "type", id, type->name, type->quantity, type->amount);
    }
  for (guint i = 0; i < TIX_N_PAYMENT_METHODS; i++)
    record (out, "method", tix_payment_method_to_string (i), NULL, self->by_method[i].count,
            self->by_method[i].amount);
  record (out, "refunds", NULL, NULL, self->refunds_count, self->refunds_amount);
  record (out, "total", NULL, NULL, self->count, self->total);
  return g_string_free (out, FALSE);
}
