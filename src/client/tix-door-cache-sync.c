/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-door-cache"

#include "config.h"

#include "tix-door-cache-private.h"
#include "tix-json.h"
#include "tix-time.h"

/* A page of GET /api/sync, checked and applied in one transaction: the
 * organization's key, the ticket changes, the events and the cursor. */

gint64
tix_door_cache_get_cursor (TixDoorCache *self)
{
  g_return_val_if_fail (TIX_IS_DOOR_CACHE (self), 0);

  return tix_door_cache_get_meta_int (self, "cursor");
}

static gboolean
invalid (GError     **error,
         const char  *what)
{
  g_set_error (error, TIX_DOOR_CACHE_ERROR, TIX_DOOR_CACHE_ERROR_INVALID,
               "Sync reply: %s", what);
  return FALSE;
}

/* A time member (ms), 0 when null or missing; FALSE when not a time. */
static gboolean
parse_time (JsonObject *object,
            const char *member,
            gint64     *out_ms)
{
  JsonNode *node = json_object_get_member (object, member);

  *out_ms = 0;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return FALSE;
  return tix_time_parse_iso (json_node_get_string (node), out_ms);
}

static gboolean
parse_change (JsonNode            *node,
              TixDoorCacheTicket  *out,
              GError             **error)
{
  JsonObject *object;
  JsonNode *scanned;
  gint64 revision = 1;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, "a change is not an object");
  object = json_node_get_object (node);

  out->id = g_strdup (json_object_get_string_member_with_default (object, "id", NULL));
  out->number = g_strdup (json_object_get_string_member_with_default (object, "number", ""));
  out->prefix = g_strdup (json_object_get_string_member_with_default (object, "prefix", ""));
  if (out->id == NULL || *out->id == '\0')
    return invalid (error, "a change without an id");

  if (json_object_has_member (object, "revision"))
    revision = json_object_get_int_member_with_default (object, "revision", 1);
  if (revision < 0 || revision > G_MAXUINT32)
    return invalid (error, "a revision out of range");
  out->revision = (guint32) revision;

  scanned = json_object_get_member (object, "scanned_at");
  if (scanned != NULL && JSON_NODE_HOLDS_VALUE (scanned) &&
      json_node_get_value_type (scanned) == G_TYPE_STRING)
    {
      if (!tix_time_parse_iso (json_node_get_string (scanned), &out->scanned_at))
        return invalid (error, "a scanned_at that is not a time");
    }
  out->scanned_by = g_strdup (json_object_get_string_member_with_default (object,
                                                                          "scanned_by_name",
                                                                          NULL));
  out->deleted = json_object_get_boolean_member_with_default (object, "deleted", FALSE);
  out->refunded = json_object_get_boolean_member_with_default (object, "refunded", FALSE);
  /* null, or missing from a server before events: not known. */
  if (!tix_json_get_int (object, "event_id", FALSE, 1, G_MAXINT64, &out->event_id, NULL))
    return invalid (error, "an event_id that is not an event");

  /* Door rules; a server before them says none: a ticket scanned is in. */
  if (!tix_json_get_int (object, "type_id", FALSE, 1, G_MAXINT64, &out->type_id, NULL))
    return invalid (error, "a type_id that is not a ticket type");
  out->inside = json_object_get_boolean_member_with_default (object, "inside",
                                                             out->scanned_at > 0);
  if (!tix_json_get_int (object, "entrance_id", FALSE, 1, G_MAXINT64, &out->entrance_id, NULL))
    return invalid (error, "an entrance_id that is not an entrance");
  if (!parse_time (object, "last_in_at", &out->last_in_at) ||
      !parse_time (object, "last_out_at", &out->last_out_at))
    return invalid (error, "a last_in_at or last_out_at that is not a time");
  if (!json_object_has_member (object, "inside") && out->inside)
    out->last_in_at = out->scanned_at;

  return TRUE;
}

gboolean
tix_door_cache_apply_sync (TixDoorCache  *self,
                           JsonObject    *reply,
                           gboolean      *out_more,
                           GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree guint8 *key = NULL;
  const char *key_base64;
  JsonArray *changes;
  JsonArray *events = NULL;
  JsonArray *entrances = NULL;
  JsonNode *next;
  gsize key_length = 0;
  guint n;

  g_return_val_if_fail (TIX_IS_DOOR_CACHE (self), FALSE);
  g_return_val_if_fail (reply != NULL, FALSE);

  if (out_more != NULL)
    *out_more = FALSE;

  key_base64 = json_object_get_string_member_with_default (reply, "public_key", NULL);
  if (key_base64 == NULL)
    return invalid (error, "no public_key");
  key = g_base64_decode (key_base64, &key_length);
  if (key_length != TIX_TICKET_CODE_PUBLIC_KEY_BYTES)
    return invalid (error, "a public_key that is not 32 bytes");

  if (!json_object_has_member (reply, "changes") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (reply, "changes")))
    return invalid (error, "no changes");
  changes = json_object_get_array_member (reply, "changes");
  n = json_array_get_length (changes);

  next = json_object_get_member (reply, "next");
  if (next == NULL || !JSON_NODE_HOLDS_VALUE (next) ||
      json_node_get_value_type (next) != G_TYPE_INT64)
    return invalid (error, "no next");

  /* A server before events sends none: the events kept stay. */
  if (json_object_has_member (reply, "events"))
    {
      if (!JSON_NODE_HOLDS_ARRAY (json_object_get_member (reply, "events")))
        return invalid (error, "events that are not a list");
      events = json_object_get_array_member (reply, "events");
    }

  /* A server before door rules sends none: the entrances kept stay. */
  if (json_object_has_member (reply, "entrances"))
    {
      if (!JSON_NODE_HOLDS_ARRAY (json_object_get_member (reply, "entrances")))
        return invalid (error, "entrances that are not a list");
      entrances = json_object_get_array_member (reply, "entrances");
    }

  if (!tix_door_cache_db_begin (self, error))
    return FALSE;

  if (!tix_door_cache_set_public_key (self, key, &local_error))
    goto rollback;

  stmt = tix_door_cache_prepare_put (self, &local_error);
  if (stmt == NULL)
    goto rollback;

  for (guint i = 0; i < n; i++)
    {
      TixDoorCacheTicket ticket = { 0 };
      gboolean ok;

      ok = parse_change (json_array_get_element (changes, i), &ticket, &local_error) &&
           tix_door_cache_put (self, stmt, &ticket, &local_error);
      g_free (ticket.id);
      g_free (ticket.number);
      g_free (ticket.prefix);
      g_free (ticket.scanned_by);
      if (!ok)
        goto rollback;
    }

  if (events != NULL && !tix_door_cache_put_events (self, events, &local_error))
    goto rollback;
  if (entrances != NULL && !tix_door_cache_put_entrances (self, entrances, &local_error))
    goto rollback;

  if (!tix_door_cache_set_meta_int (self, "cursor", json_node_get_int (next), &local_error))
    goto rollback;

  if (!tix_door_cache_db_commit (self, error))
    return FALSE;

  if (out_more != NULL)
    *out_more = json_object_get_boolean_member_with_default (reply, "more", FALSE);

  return TRUE;

rollback:
  return tix_door_cache_db_rollback (self, g_steal_pointer (&local_error), error);
}
