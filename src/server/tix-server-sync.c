/* SPDX-License-Identifier: GPL-3.0-or-later */
/* For stations that keep scanning when the network is gone: what they need to
 * judge a ticket alone, and the conflicts their uploads found. */
#define G_LOG_DOMAIN "tix-server-sync"

#include "config.h"

#include "tix-server-compress.h"
#include "tix-server-private.h"
#include "tix-ticket-code.h"
#include "tix-time.h"

#define SYNC_DEFAULT_LIMIT 1000
#define SYNC_MAX_LIMIT     5000
#define CONFLICTS_LIMIT    1000

static void
append_unsigned (GString *out,
                 guint32  value)
{
  char digits[16];
  guint n = 0;

  do
    digits[n++] = (char) ('0' + value % 10);
  while ((value /= 10) > 0);
  while (n > 0)
    g_string_append_c (out, digits[--n]);
}

/* GET /api/sync?since=N&limit=L */
static void
handle_sync (TixServer         *self,
             SoupServerMessage *msg,
             GHashTable        *query)
{
  g_autoptr(TixUser) user = tix_server_authenticate (self, msg);
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) events_node = NULL;
  g_autofree char *events_text = NULL;
  g_autoptr(GError) error = NULL;
  TixBodyWriter *writer;
  GString *out;
  g_autofree char *public_key = NULL;
  const guint8 *key;
  gint64 since, limit, next;

  if (user == NULL ||
      !tix_server_query_int (msg, query, "since", 0, 0, G_MAXINT64, &since) ||
      !tix_server_query_int (msg, query, "limit", SYNC_DEFAULT_LIMIT, 1, G_MAXINT32, &limit))
    return;
  limit = MIN (limit, SYNC_MAX_LIMIT);

  key = tix_server_get_public_key (self, tix_user_get_organization_id (user), &error);
  changes = key ? tix_store_list_changes (self->store, tix_user_get_organization_id (user),
                                          since, (guint) limit, &error)
                : NULL;
  /* Every event, archived ones too: a station names the event of a ticket
   * it refuses ("other-event") alone. */
  events = changes ? tix_store_list_events (self->store, tix_user_get_organization_id (user),
                                            TRUE, &error)
                   : NULL;
  if (changes == NULL || events == NULL)
    {
      tix_server_reply_gerror (msg, error);
      return;
    }

  /* Written row by row into the answer's writer, which compresses each
   * full slice on another core while the next is written. */
  public_key = g_base64_encode (key, TIX_TICKET_CODE_PUBLIC_KEY_BYTES);
  next = since;
  writer = tix_body_writer_new (msg, SOUP_STATUS_OK, "application/json; charset=utf-8");
  tix_body_writer_expect (writer, 128 + changes->len * 160);
  out = tix_body_writer_buffer (writer);
  g_string_append_printf (out, "{\"public_key\":\"%s\",\"changes\":[", public_key);
  for (guint i = 0; i < changes->len; i++)
    {
      TixStoreChange *change = g_ptr_array_index (changes, i);
      char scanned_at[TIX_TIME_ISO_SIZE];

      if (i > 0)
        g_string_append_c (out, ',');
      /* Appended by hand: g_string_append_printf () allocates on every call. */
      g_string_append_len (out, "{\"id\":", 6);
      tix_json_append_string (out, change->id);
      g_string_append_len (out, ",\"number\":", 10);
      tix_json_append_string (out, change->number);
      g_string_append_len (out, ",\"prefix\":", 10);
      tix_json_append_string (out, change->prefix);
      g_string_append_len (out, ",\"revision\":", 12);
      append_unsigned (out, change->revision);
      g_string_append_len (out, ",\"scanned_at\":", 14);
      if (change->scanned_at != 0)
        {
          tix_time_format_iso_buf (change->scanned_at, scanned_at);
          g_string_append_c (out, '"');
          g_string_append (out, scanned_at);
          g_string_append_c (out, '"');
        }
      else
        g_string_append_len (out, "null", 4);
      g_string_append_len (out, ",\"event_id\":", 12);
      if (change->event_id > 0)
        g_string_append_printf (out, "%" G_GINT64_FORMAT, change->event_id);
      else
        g_string_append_len (out, "null", 4);
      if (change->deleted)
        g_string_append_len (out, ",\"deleted\":true}", 16);
      else
        g_string_append_len (out, ",\"deleted\":false}", 17);
      next = change->version;
      tix_body_writer_wrote (writer);
      out = tix_body_writer_buffer (writer);
    }
  builder = json_builder_new_immutable ();
  json_builder_begin_array (builder);
  for (guint i = 0; i < events->len; i++)
    tix_server_add_event (builder, g_ptr_array_index (events, i));
  json_builder_end_array (builder);
  events_node = json_builder_get_root (builder);
  events_text = tix_json_to_string (events_node, NULL);
  g_string_append_printf (out, "],\"next\":%" G_GINT64_FORMAT ",\"more\":%s,\"events\":%s}",
                          next, changes->len == (guint) limit ? "true" : "false", events_text);
  tix_body_writer_finish (writer);
}

static void
add_time_member (JsonBuilder *builder,
                 const char  *member,
                 gint64       ms)
{
  json_builder_set_member_name (builder, member);
  if (ms == 0)
    json_builder_add_null_value (builder);
  else
    {
      g_autofree char *text = tix_time_format_iso (ms);
      json_builder_add_string_value (builder, text);
    }
}

static void
add_string_member (JsonBuilder *builder,
                   const char  *member,
                   const char  *value)
{
  json_builder_set_member_name (builder, member);
  if (value == NULL)
    json_builder_add_null_value (builder);
  else
    json_builder_add_string_value (builder, value);
}

/* GET /api/scans/conflicts (admin) */
static void
handle_conflicts (TixServer         *self,
                  SoupServerMessage *msg)
{
  g_autoptr(TixUser) user = tix_server_authenticate (self, msg);
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(GError) error = NULL;
  gint64 org_id;

  if (user == NULL || !tix_server_require_role (msg, user, "admin"))
    return;

  org_id = tix_user_get_organization_id (user);
  conflicts = tix_store_list_conflicts (self->store, org_id, CONFLICTS_LIMIT, &error);
  if (conflicts == NULL)
    {
      tix_server_reply_gerror (msg, error);
      return;
    }

  builder = json_builder_new_immutable ();
  json_builder_begin_array (builder);
  for (guint i = 0; i < conflicts->len; i++)
    {
      TixStoreConflict *conflict = g_ptr_array_index (conflicts, i);
      g_autoptr(TixTicket) ticket = tix_store_get_ticket (self->store, org_id,
                                                          conflict->ticket_id, NULL);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, conflict->id);
      add_time_member (builder, "at", conflict->at);
      json_builder_set_member_name (builder, "ticket");
      if (ticket != NULL && tix_server_sign_ticket (self, ticket, NULL))
        tix_ticket_to_json (ticket, builder);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "ticket_id");
      json_builder_add_string_value (builder, conflict->ticket_id);

      json_builder_set_member_name (builder, "first");
      json_builder_begin_object (builder);
      add_time_member (builder, "scanned_at", conflict->first_scanned_at);
      add_string_member (builder, "scanned_by_name", conflict->first_scanned_by_name);
      add_string_member (builder, "station", conflict->first_station);
      json_builder_end_object (builder);

      json_builder_set_member_name (builder, "second");
      json_builder_begin_object (builder);
      add_string_member (builder, "scan_id", conflict->scan_id);
      add_time_member (builder, "scanned_at", conflict->second_scanned_at);
      add_string_member (builder, "user_name", conflict->second_user_name);
      add_string_member (builder, "station", conflict->second_station);
      json_builder_end_object (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  tix_server_reply_builder (msg, SOUP_STATUS_OK, builder);
}

gboolean
tix_server_route_sync (TixServer         *self,
                       SoupServerMessage *msg,
                       TixRoute          *route)
{
  if (tix_route_is (route, "GET", "/api/sync"))
    handle_sync (self, msg, route->query);
  else if (tix_route_is (route, "GET", "/api/scans/conflicts"))
    handle_conflicts (self, msg);
  else
    return FALSE;

  return TRUE;
}
