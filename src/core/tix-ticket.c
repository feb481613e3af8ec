/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-ticket"

#include "config.h"

#include "tix-json.h"
#include "tix-ticket.h"
#include "tix-time.h"
#include "tix-validate.h"

struct _TixTicket
{
  GObject parent_instance;

  char   *id;
  char   *number;
  char   *prefix;
  char   *extra;
  char   *scanned_by_name;
  char   *code;
  guint32 revision;
  gint64  generated_at;
  gint64  scanned_at;
  gint64  scanned_by;
  gint64  organization_id;
  gint64  created_by;
  gint64  event_id;
  /* Sold at the desk (issue 19): 0 when none. */
  gint64  type_id;
  gint64  order_id;
  gint64  refunded_at;
};

G_DEFINE_FINAL_TYPE (TixTicket, tix_ticket, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NUMBER,
  PROP_PREFIX,
  PROP_EXTRA,
  PROP_GENERATED_AT,
  PROP_SCANNED,
  PROP_SCANNED_AT,
  PROP_SCANNED_BY_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
tix_ticket_finalize (GObject *object)
{
  TixTicket *self = (TixTicket *) object;

  g_free (self->id);
  g_free (self->number);
  g_free (self->prefix);
  g_free (self->extra);
  g_free (self->scanned_by_name);
  g_free (self->code);

  G_OBJECT_CLASS (tix_ticket_parent_class)->finalize (object);
}

static void
tix_ticket_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  TixTicket *self = TIX_TICKET (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_NUMBER:
      g_value_set_string (value, self->number);
      break;
    case PROP_PREFIX:
      g_value_set_string (value, self->prefix);
      break;
    case PROP_EXTRA:
      g_value_set_string (value, self->extra);
      break;
    case PROP_GENERATED_AT:
      g_value_set_int64 (value, self->generated_at);
      break;
    case PROP_SCANNED:
      g_value_set_boolean (value, self->scanned_at != 0);
      break;
    case PROP_SCANNED_AT:
      g_value_set_int64 (value, self->scanned_at);
      break;
    case PROP_SCANNED_BY_NAME:
      g_value_set_string (value, self->scanned_by_name);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tix_ticket_class_init (TixTicketClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = tix_ticket_finalize;
  object_class->get_property = tix_ticket_get_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);
  properties[PROP_NUMBER] = g_param_spec_string ("number", NULL, NULL, NULL, flags);
  properties[PROP_PREFIX] = g_param_spec_string ("prefix", NULL, NULL, NULL, flags);
  properties[PROP_EXTRA] = g_param_spec_string ("extra", NULL, NULL, NULL, flags);
  properties[PROP_GENERATED_AT] =
    g_param_spec_int64 ("generated-at", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_SCANNED] =
    g_param_spec_boolean ("scanned", NULL, NULL, FALSE, flags | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SCANNED_AT] =
    g_param_spec_int64 ("scanned-at", NULL, NULL, 0, G_MAXINT64, 0,
                        flags | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SCANNED_BY_NAME] =
    g_param_spec_string ("scanned-by-name", NULL, NULL, NULL, flags | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tix_ticket_init (TixTicket *self)
{
  self->revision = 1;
}

TixTicket *
tix_ticket_new (const char *id,
                const char *number,
                const char *prefix,
                const char *extra,
                gint64      generated_at,
                gint64      organization_id,
                gint64      created_by)
{
  TixTicket *self;

  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (number != NULL, NULL);
  g_return_val_if_fail (prefix != NULL, NULL);

  self = g_object_new (TIX_TYPE_TICKET, NULL);
  self->id = g_strdup (id);
  self->number = g_strdup (number);
  self->prefix = g_strdup (prefix);
  self->extra = g_strdup (extra);
  self->generated_at = generated_at;
  self->organization_id = organization_id;
  self->created_by = created_by;

  return self;
}

static gboolean
get_time (JsonObject  *object,
          const char  *member,
          gboolean     required,
          gint64      *out,
          GError     **error)
{
  const char *text = NULL;

  if (!tix_json_get_string (object, member, required, &text, error))
    return FALSE;
  if (text == NULL)
    return TRUE;
  if (!tix_time_parse_iso (text, out))
    {
      g_set_error (error, TIX_JSON_ERROR, TIX_JSON_ERROR_TYPE,
                   "“%s” is not an ISO 8601 time", member);
      return FALSE;
    }
  return TRUE;
}

TixTicket *
tix_ticket_new_from_json (JsonObject  *object,
                          GError     **error)
{
  const char *id = NULL, *number = NULL, *prefix = NULL, *extra = NULL, *by_name = NULL;
  const char *code = NULL;
  gint64 generated_at = 0, scanned_at = 0, scanned_by = 0, org = 0, created_by = 0;
  gint64 event_id = 0, type_id = 0, order_id = 0, refunded_at = 0;
  TixTicket *self;

  g_return_val_if_fail (object != NULL, NULL);

  if (!tix_json_get_string (object, "id", TRUE, &id, error) ||
      !tix_json_get_string (object, "number", TRUE, &number, error) ||
      !tix_json_get_string (object, "prefix", TRUE, &prefix, error) ||
      !tix_json_get_string (object, "extra", FALSE, &extra, error) ||
      !get_time (object, "generated_at", TRUE, &generated_at, error) ||
      !get_time (object, "scanned_at", FALSE, &scanned_at, error) ||
      !tix_json_get_int (object, "scanned_by", FALSE, 0, G_MAXINT64, &scanned_by, error) ||
      !tix_json_get_string (object, "scanned_by_name", FALSE, &by_name, error) ||
      !tix_json_get_int (object, "organization_id", FALSE, 0, G_MAXINT64, &org, error) ||
      !tix_json_get_int (object, "created_by", FALSE, 0, G_MAXINT64, &created_by, error) ||
      !tix_json_get_int (object, "event_id", FALSE, 0, G_MAXINT64, &event_id, error) ||
      !tix_json_get_int (object, "type_id", FALSE, 0, G_MAXINT64, &type_id, error) ||
      !tix_json_get_int (object, "order_id", FALSE, 0, G_MAXINT64, &order_id, error) ||
      !get_time (object, "refunded_at", FALSE, &refunded_at, error) ||
      !tix_json_get_string (object, "code", FALSE, &code, error))
    return NULL;

  if (!tix_validate_uuid (id))
    {
      g_set_error_literal (error, TIX_JSON_ERROR, TIX_JSON_ERROR_TYPE,
                           "Ticket id is not a UUID");
      return NULL;
    }

  self = tix_ticket_new (id, number, prefix, extra, generated_at, org, created_by);
  self->scanned_at = scanned_at;
  self->scanned_by = scanned_by;
  self->scanned_by_name = g_strdup (by_name);
  self->code = g_strdup (code);
  self->event_id = event_id;
  self->type_id = type_id;
  self->order_id = order_id;
  self->refunded_at = refunded_at;

  return self;
}

void
tix_ticket_to_json (TixTicket   *self,
                    JsonBuilder *builder)
{
  g_return_if_fail (TIX_IS_TICKET (self));

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, self->id);
  json_builder_set_member_name (builder, "number");
  json_builder_add_string_value (builder, self->number);
  json_builder_set_member_name (builder, "prefix");
  json_builder_add_string_value (builder, self->prefix);
  tix_json_add_string_member (builder, "extra", self->extra);
  tix_json_add_time_member (builder, "generated_at", self->generated_at);
  tix_json_add_time_member (builder, "scanned_at", self->scanned_at);
  tix_json_add_id_member (builder, "scanned_by", self->scanned_by);
  tix_json_add_string_member (builder, "scanned_by_name", self->scanned_by_name);
  tix_json_add_id_member (builder, "organization_id", self->organization_id);
  tix_json_add_id_member (builder, "created_by", self->created_by);
  tix_json_add_id_member (builder, "event_id", self->event_id);
  /* Only on tickets of a type, of an order, refunded. */
  if (self->type_id != 0)
    tix_json_add_id_member (builder, "type_id", self->type_id);
  if (self->order_id != 0)
    tix_json_add_id_member (builder, "order_id", self->order_id);
  if (self->refunded_at != 0)
    tix_json_add_time_member (builder, "refunded_at", self->refunded_at);
  if (self->code != NULL)
    {
      json_builder_set_member_name (builder, "code");
      json_builder_add_string_value (builder, self->code);
    }
  json_builder_end_object (builder);
}

static void
append_id (GString    *out,
           const char *member,
           gint64      value)
{
  g_string_append (out, member);
  if (value == 0)
    g_string_append_len (out, "null", 4);
  else
    g_string_append_printf (out, "%" G_GINT64_FORMAT, value);
}

void
tix_ticket_append_json (TixTicket *self,
                        GString   *out)
{
  g_return_if_fail (TIX_IS_TICKET (self));

  g_string_append (out, "{\"id\":");
  tix_json_append_string (out, self->id);
  g_string_append (out, ",\"number\":");
  tix_json_append_string (out, self->number);
  g_string_append (out, ",\"prefix\":");
  tix_json_append_string (out, self->prefix);
  g_string_append (out, ",\"extra\":");
  tix_json_append_string (out, self->extra);
  g_string_append (out, ",\"generated_at\":");
  tix_json_append_time (out, self->generated_at);
  g_string_append (out, ",\"scanned_at\":");
  tix_json_append_time (out, self->scanned_at);
  append_id (out, ",\"scanned_by\":", self->scanned_by);
  g_string_append (out, ",\"scanned_by_name\":");
  tix_json_append_string (out, self->scanned_by_name);
  append_id (out, ",\"organization_id\":", self->organization_id);
  append_id (out, ",\"created_by\":", self->created_by);
  append_id (out, ",\"event_id\":", self->event_id);
  if (self->type_id != 0)
    append_id (out, ",\"type_id\":", self->type_id);
  if (self->order_id != 0)
    append_id (out, ",\"order_id\":", self->order_id);
  if (self->refunded_at != 0)
    {
      g_string_append (out, ",\"refunded_at\":");
      tix_json_append_time (out, self->refunded_at);
    }
  if (self->code != NULL)
    {
      g_string_append (out, ",\"code\":");
      tix_json_append_string (out, self->code);
    }
  g_string_append_c (out, '}');
}

JsonNode *
tix_ticket_to_json_node (TixTicket *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  tix_ticket_to_json (self, builder);
  return json_builder_get_root (builder);
}

const char *
tix_ticket_get_id (TixTicket *self)
{
  g_return_val_if_fail (TIX_IS_TICKET (self), NULL);
  return self->id;
}

const char *
tix_ticket_get_number (TixTicket *self)
{
  g_return_val_if_fail (TIX_IS_TICKET (self), NULL);
  return self->number;
}

const char *
tix_ticket_get_prefix (TixTicket *self)
{
  g_return_val_if_fail (TIX_IS_TICKET (self), NULL);
  return self->prefix;
}

const char *
tix_ticket_get_extra (TixTicket *self)
{
  g_return_val_if_fail (TIX_IS_TICKET (self), NULL);
  return self->extra;
}

gint64
tix_ticket_get_generated_at (TixTicket *self)
{
  g_return_val_if_fail (TIX_IS_TICKET (self), 0);
  return self->generated_at;
}

gint64
tix_ticket_get_organization_id (TixTicket *self)
{
  g_return_val_if_fail (TIX_IS_TICKET (self), 0);
  return self->organization_id;
}

gint64
tix_ticket_get_created_by (TixTicket *self)
{
  g_return_val_if_fail (TIX_IS_TICKET (self), 0);
  return self->created_by;
}

gint64
tix_ticket_get_event_id (TixTicket *self)
{
  g_return_val_if_fail (TIX_IS_TICKET (self), 0);
  return self->event_id;
}

void
tix_ticket_set_event_id (TixTicket *self,
                         gint64     event_id)
{
  g_return_if_fail (TIX_IS_TICKET (self));
  self->event_id = event_id;
}

gint64
tix_ticket_get_type_id (TixTicket *self)
{
  g_return_val_if_fail (TIX_IS_TICKET (self), 0);
  return self->type_id;
}

void
tix_ticket_set_type_id (TixTicket *self,
                        gint64     type_id)
{
  g_return_if_fail (TIX_IS_TICKET (self));
  self->type_id = type_id;
}

gint64
tix_ticket_get_order_id (TixTicket *self)
{
  g_return_val_if_fail (TIX_IS_TICKET (self), 0);
  return self->order_id;
}

void
tix_ticket_set_order_id (TixTicket *self,
                         gint64     order_id)
{
  g_return_if_fail (TIX_IS_TICKET (self));
  self->order_id = order_id;
}

gint64
tix_ticket_get_refunded_at (TixTicket *self)
{
  g_return_val_if_fail (TIX_IS_TICKET (self), 0);
  return self->refunded_at;
}

void
tix_ticket_set_refunded_at (TixTicket *self,
                            gint64     refunded_at)
{
  g_return_if_fail (TIX_IS_TICKET (self));
  self->refunded_at = refunded_at;
}

gboolean
tix_ticket_is_scanned (TixTicket *self)
{
  g_return_val_if_fail (TIX_IS_TICKET (self), FALSE);
  return self->scanned_at != 0;
}

gint64
tix_ticket_get_scanned_at (TixTicket *self)
{
  g_return_val_if_fail (TIX_IS_TICKET (self), 0);
  return self->scanned_at;
}

gint64
tix_ticket_get_scanned_by (TixTicket *self)
{
  g_return_val_if_fail (TIX_IS_TICKET (self), 0);
  return self->scanned_by;
}

const char *
tix_ticket_get_scanned_by_name (TixTicket *self)
{
  g_return_val_if_fail (TIX_IS_TICKET (self), NULL);
  return self->scanned_by_name;
}

void
tix_ticket_set_scanned (TixTicket  *self,
                        gint64      scanned_at,
                        gint64      scanned_by,
                        const char *scanned_by_name)
{
  gboolean was_scanned;

  g_return_if_fail (TIX_IS_TICKET (self));

  was_scanned = self->scanned_at != 0;
  self->scanned_by = scanned_by;

  if (g_strcmp0 (self->scanned_by_name, scanned_by_name) != 0)
    {
      g_free (self->scanned_by_name);
      self->scanned_by_name = g_strdup (scanned_by_name);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCANNED_BY_NAME]);
    }

  if (self->scanned_at != scanned_at)
    {
      self->scanned_at = scanned_at;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCANNED_AT]);
    }

  if (was_scanned != (scanned_at != 0))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCANNED]);
}

guint32
tix_ticket_get_revision (TixTicket *self)
{
  g_return_val_if_fail (TIX_IS_TICKET (self), 0);
  return self->revision;
}

void
tix_ticket_set_revision (TixTicket *self,
                         guint32    revision)
{
  g_return_if_fail (TIX_IS_TICKET (self));
  self->revision = revision;
}

const char *
tix_ticket_get_code (TixTicket *self)
{
  g_return_val_if_fail (TIX_IS_TICKET (self), NULL);
  return self->code;
}

void
tix_ticket_set_code (TixTicket  *self,
                     const char *code)
{
  g_return_if_fail (TIX_IS_TICKET (self));

  if (g_strcmp0 (self->code, code) != 0)
    {
      g_free (self->code);
      self->code = g_strdup (code);
    }
}

void
tix_ticket_update_from (TixTicket *self,
                        TixTicket *other)
{
  g_return_if_fail (TIX_IS_TICKET (self));
  g_return_if_fail (TIX_IS_TICKET (other));

  tix_ticket_set_scanned (self, other->scanned_at, other->scanned_by, other->scanned_by_name);
  self->revision = other->revision;
  if (other->code != NULL)
    tix_ticket_set_code (self, other->code);
}
