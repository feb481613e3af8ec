/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-server-scan"

#include "config.h"

#include <string.h>

#include "tix-server-private.h"
#include "tix-ticket-code.h"
#include "tix-time.h"
#include "tix-validate.h"

/* How long a scanner may undo a scan of their own. */
#define UNSCAN_GRACE_MS (5 * 60 * 1000)

#define MAX_PREFIXES 32

/* X-Tix-Station: an opaque id of the station, kept with each scan. */
const char *
tix_server_station_of (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *station = soup_message_headers_get_one (headers, "X-Tix-Station");

  if (station == NULL || strlen (station) > 64 || !g_utf8_validate (station, -1, NULL))
    return NULL;
  for (const char *p = station; *p; p++)
    if (g_ascii_iscntrl (*p))
      return NULL;
  return station;
}

void
tix_server_reply_scan (TixServer         *self,
                       SoupServerMessage *msg,
                       TixTicket         *ticket,
                       const GError      *error)
{
  g_autoptr(JsonBuilder) builder = NULL;
  guint status = SOUP_STATUS_OK;
  const char *message = NULL;

  if (error != NULL && error->domain == TIX_STORE_ERROR &&
      error->code == TIX_STORE_ERROR_DUPLICATE)
    {
      status = SOUP_STATUS_BAD_REQUEST;
      message = error->message;
    }
  else if (error != NULL && error->domain == TIX_STORE_ERROR &&
           (error->code == TIX_STORE_ERROR_REPLACED ||
            error->code == TIX_STORE_ERROR_WRONG_PREFIX))
    {
      status = SOUP_STATUS_UNPROCESSABLE_ENTITY;
      message = error->message;
    }
  else if (error != NULL)
    {
      tix_server_reply_gerror (msg, error);
      return;
    }

  tix_server_sign_ticket (self, ticket, NULL);

  builder = json_builder_new_immutable ();
  json_builder_begin_object (builder);
  if (error == NULL)
    {
      json_builder_set_member_name (builder, "success");
      json_builder_add_boolean_value (builder, TRUE);
    }
  else
    {
      json_builder_set_member_name (builder, "error");
      json_builder_add_string_value (builder, message);
      if (error->code == TIX_STORE_ERROR_DUPLICATE)
        {
          json_builder_set_member_name (builder, "duplicate");
          json_builder_add_boolean_value (builder, TRUE);
        }
      else
        {
          json_builder_set_member_name (builder, "reason");
          json_builder_add_string_value (builder, error->code == TIX_STORE_ERROR_REPLACED
                                                  ? "replaced" : "wrong-prefix");
        }
    }
  json_builder_set_member_name (builder, "ticket");
  tix_ticket_to_json (ticket, builder);
  json_builder_end_object (builder);

  tix_server_reply_builder (msg, status, builder);

  if (error == NULL)
    tix_server_broadcast_ticket (self, "ticket-scanned", ticket);
}

/* Reads the optional "prefixes" array; replies 400 when it is malformed. */
static gboolean
read_prefixes (SoupServerMessage  *msg,
               JsonObject         *body,
               GStrv              *out)
{
  g_autoptr(GStrvBuilder) builder = NULL;
  JsonNode *node = json_object_get_member (body, "prefixes");
  JsonArray *array;

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_ARRAY (node) ||
      json_array_get_length (array = json_node_get_array (node)) > MAX_PREFIXES)
    {
      tix_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "prefixes",
                              "“prefixes” must be a list of at most 32 prefixes");
      return FALSE;
    }

  builder = g_strv_builder_new ();
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      const char *prefix;

      if (json_node_get_value_type (element) != G_TYPE_STRING ||
          !tix_validate_prefix (prefix = json_node_get_string (element), NULL))
        {
          tix_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "prefixes",
                                  "“prefixes” must hold ticket prefixes");
          return FALSE;
        }
      g_strv_builder_add (builder, prefix);
    }

  *out = g_strv_builder_end (builder);
  return TRUE;
}

/* POST /api/scan {code, prefixes?}: what a QR code or a wedge scanner delivers. */
static void
handle_scan_code (TixServer         *self,
                  SoupServerMessage *msg)
{
  g_autoptr(TixUser) user = tix_server_authenticate (self, msg);
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(TixTicket) ticket = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) prefixes = NULL;
  g_autofree char *id = NULL;
  TixStoreScan scan = { 0 };
  const char *code = NULL;
  gint64 org_id;

  if (user == NULL)
    return;
  body = tix_server_read_object (msg);
  if (body == NULL ||
      !tix_server_get_string (msg, body, "code", TRUE, &code) ||
      !read_prefixes (msg, body, &prefixes))
    return;

  org_id = tix_user_get_organization_id (user);

  if (tix_ticket_code_is_code (code))
    {
      const guint8 *public_key = tix_server_get_public_key (self, org_id, &error);

      /* A forged or mistyped code is refused before any lookup. */
      if (public_key == NULL ||
          (id = tix_ticket_code_decode (code, public_key, &scan.revision, &error)) == NULL)
        {
          tix_server_reply_gerror (msg, error);
          return;
        }
    }
  else
    {
      g_autofree char *number = g_strstrip (g_strdup (code));

      if (!tix_validate_number_search (number))
        {
          tix_server_reply_error (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "code",
                                  "Not a ticket code or ticket number");
          return;
        }
      ticket = tix_store_find_ticket_by_number (self->store, org_id, number, &error);
      if (ticket == NULL)
        {
          tix_server_reply_gerror (msg, error);
          return;
        }
      id = g_strdup (tix_ticket_get_id (ticket));
      g_clear_object (&ticket);
    }

  scan.id = id;
  scan.prefixes = (const char * const *) prefixes;
  scan.station = tix_server_station_of (msg);

  tix_store_scan_ticket (self->store, user, &scan, tix_time_now_ms (), &ticket, &error);
  if (ticket == NULL)
    {
      tix_server_reply_gerror (msg, error);
      return;
    }
  tix_server_reply_scan (self, msg, ticket, error);
}

static void
handle_unscan (TixServer         *self,
               SoupServerMessage *msg,
               const char        *id)
{
  g_autoptr(TixUser) user = tix_server_authenticate (self, msg);
  g_autoptr(TixTicket) ticket = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = NULL;

  if (user == NULL)
    return;

  ticket = tix_store_unscan_ticket (self->store, user, id, UNSCAN_GRACE_MS, tix_time_now_ms (),
                                    &error);
  if (ticket == NULL)
    {
      tix_server_reply_gerror (msg, error);
      return;
    }

  tix_server_sign_ticket (self, ticket, NULL);
  builder = json_builder_new_immutable ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "success");
  json_builder_add_boolean_value (builder, TRUE);
  json_builder_set_member_name (builder, "ticket");
  tix_ticket_to_json (ticket, builder);
  json_builder_end_object (builder);
  tix_server_reply_builder (msg, SOUP_STATUS_OK, builder);

  tix_server_broadcast_ticket (self, "ticket-unscanned", ticket);
}

static void
handle_reissue (TixServer         *self,
                SoupServerMessage *msg,
                const char        *id)
{
  g_autoptr(TixUser) user = tix_server_authenticate (self, msg);
  g_autoptr(TixTicket) ticket = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  if (user == NULL || !tix_server_require_role (msg, user, "seller"))
    return;

  ticket = tix_store_reissue_ticket (self->store, user, id, tix_time_now_ms (), &error);
  if (ticket == NULL)
    {
      tix_server_reply_gerror (msg, error);
      return;
    }

  tix_server_sign_ticket (self, ticket, NULL);
  node = tix_ticket_to_json_node (ticket);
  tix_server_reply_json (msg, SOUP_STATUS_OK, node);
}

gboolean
tix_server_route_scan (TixServer         *self,
                       SoupServerMessage *msg,
                       TixRoute          *route)
{
  gboolean unscan, reissue;

  if (tix_route_is (route, "POST", "/api/scan"))
    {
      handle_scan_code (self, msg);
      return TRUE;
    }

  unscan = tix_route_is (route, "PUT", "/api/tickets/*/unscan");
  reissue = !unscan && tix_route_is (route, "POST", "/api/tickets/*/reissue");
  if (!unscan && !reissue)
    return FALSE;

  if (!tix_validate_uuid (route->segments[2]))
    {
      tix_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "id",
                              "“%s” is not a valid ticket id", route->segments[2]);
      return TRUE;
    }

  if (unscan)
    handle_unscan (self, msg, route->segments[2]);
  else
    handle_reissue (self, msg, route->segments[2]);
  return TRUE;
}
