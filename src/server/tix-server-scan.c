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
#define MAX_EVENTS   32

/* How far an offline scan's own clock may stray: ahead (clock skew) and back. */
#define UPLOAD_AHEAD_MS  (5 * 60 * 1000)
#define UPLOAD_BACK_MS   ((gint64) 7 * 24 * 3600 * 1000)

gboolean
tix_server_check_station (const char *station)
{
  if (strlen (station) > 64 || !g_utf8_validate (station, -1, NULL))
    return FALSE;
  for (const char *p = station; *p; p++)
    if (g_ascii_iscntrl (*p))
      return FALSE;
  return TRUE;
}

/* X-Tix-Station: an opaque id of the station, kept with each scan. */
const char *
tix_server_station_of (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *station = soup_message_headers_get_one (headers, "X-Tix-Station");

  return station != NULL && tix_server_check_station (station) ? station : NULL;
}

static gboolean
read_scanned_at (SoupServerMessage *msg,
                 const char        *text,
                 gint64            *out_ms)
{
  gint64 now = tix_time_now_ms ();

  if (!tix_time_parse_iso (text, out_ms) || !tix_time_in_range (*out_ms))
    {
      tix_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "scanned_at",
                              "“scanned_at” must be an ISO 8601 time");
      return FALSE;
    }
  if (*out_ms > now + UPLOAD_AHEAD_MS || *out_ms < now - UPLOAD_BACK_MS)
    {
      tix_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "scanned_at",
                              "“scanned_at” must be within the last 7 days");
      return FALSE;
    }
  return TRUE;
}

void
tix_server_reply_scan (TixServer              *self,
                       SoupServerMessage      *msg,
                       const TixStoreScanJob  *job)
{
  g_autoptr(JsonBuilder) builder = NULL;
  TixTicket *ticket = job->ticket;
  const GError *error = job->error;
  guint status = SOUP_STATUS_OK;
  const char *message = NULL;

  /* An upload's scan_id seen before with another ticket: nothing scanned. */
  if (g_error_matches (error, TIX_STORE_ERROR, TIX_STORE_ERROR_SCAN_ID_REUSED))
    {
      tix_server_reply_error (msg, SOUP_STATUS_CONFLICT, "scan_id", "%s", error->message);
      return;
    }

  if (error != NULL && error->domain == TIX_STORE_ERROR &&
      error->code == TIX_STORE_ERROR_DUPLICATE)
    {
      status = SOUP_STATUS_BAD_REQUEST;
      message = error->message;
    }
  else if (error != NULL && error->domain == TIX_STORE_ERROR &&
           (error->code == TIX_STORE_ERROR_REPLACED ||
            error->code == TIX_STORE_ERROR_WRONG_PREFIX ||
            error->code == TIX_STORE_ERROR_OTHER_EVENT ||
            error->code == TIX_STORE_ERROR_REFUNDED))
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
          if (job->conflict)
            {
              json_builder_set_member_name (builder, "conflict");
              json_builder_add_boolean_value (builder, TRUE);
            }
        }
      else if (error->code == TIX_STORE_ERROR_OTHER_EVENT)
        {
          g_autoptr(TixStoreEvent) event = tix_store_get_event (
            self->store, tix_ticket_get_organization_id (ticket),
            tix_ticket_get_event_id (ticket), NULL);

          json_builder_set_member_name (builder, "reason");
          json_builder_add_string_value (builder, "other-event");
          /* "This ticket is for Friday": the event it is for. */
          json_builder_set_member_name (builder, "event");
          if (event != NULL)
            tix_server_add_event (builder, event);
          else
            json_builder_add_null_value (builder);
        }
      else
        {
          json_builder_set_member_name (builder, "reason");
          json_builder_add_string_value (builder, error->code == TIX_STORE_ERROR_REPLACED
                                                  ? "replaced"
                                                  : error->code == TIX_STORE_ERROR_REFUNDED
                                                  ? "refunded" : "wrong-prefix");
        }
    }
  json_builder_set_member_name (builder, "ticket");
  tix_ticket_to_json (ticket, builder);
  json_builder_end_object (builder);

  tix_server_reply_builder (msg, status, builder);

  /* An upload seen before changed nothing this time. */
  if (error == NULL && !job->repeated)
    tix_server_broadcast_ticket (self, "ticket-scanned", ticket);
}

/* A ticket that is not found may have been deleted: 422 {reason: "deleted"},
 * which a door tells apart from a fake. Looked up by @id or by @number. */
static void
reply_not_found (TixServer         *self,
                 SoupServerMessage *msg,
                 gint64             organization_id,
                 const char        *id,
                 const char        *number,
                 const GError      *error)
{
  g_autoptr(JsonBuilder) builder = NULL;

  if (!g_error_matches (error, TIX_STORE_ERROR, TIX_STORE_ERROR_NOT_FOUND) ||
      !tix_store_is_deleted (self->store, organization_id, id, number))
    {
      tix_server_reply_gerror (msg, error);
      return;
    }

  builder = json_builder_new_immutable ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_add_string_value (builder, "This ticket was deleted");
  json_builder_set_member_name (builder, "reason");
  json_builder_add_string_value (builder, "deleted");
  json_builder_end_object (builder);
  tix_server_reply_builder (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, builder);
}

typedef struct
{
  SoupServerMessage *msg;
  TixUser           *user;
  char              *id;
  guint32            revision;
  GStrv              prefixes;
  char              *station;
  char              *scan_id;
  gint64             scanned_at;
  gint64            *event_ids;
  guint              n_event_ids;
  gboolean           door;      /* POST /api/scan: a deleted ticket says so */
} TixPendingScan;

static void
pending_scan_free (TixPendingScan *pending)
{
  g_object_unref (pending->msg);
  g_object_unref (pending->user);
  g_free (pending->id);
  g_strfreev (pending->prefixes);
  g_free (pending->station);
  g_free (pending->scan_id);
  g_free (pending->event_ids);
  g_free (pending);
}

static gboolean
flush_scans (gpointer data)
{
  TixServer *self = data;
  g_autoptr(GPtrArray) batch = g_steal_pointer (&self->pending_scans);
  g_autofree TixStoreScanJob *jobs = g_new0 (TixStoreScanJob, batch->len);

  g_clear_pointer (&self->flush_source, g_source_unref);
  self->pending_scans = g_ptr_array_new_with_free_func ((GDestroyNotify) pending_scan_free);

  for (guint i = 0; i < batch->len; i++)
    {
      TixPendingScan *pending = g_ptr_array_index (batch, i);

      jobs[i].user = pending->user;
      jobs[i].scan.id = pending->id;
      jobs[i].scan.revision = pending->revision;
      jobs[i].scan.prefixes = (const char * const *) pending->prefixes;
      jobs[i].scan.station = pending->station;
      jobs[i].scan.scan_id = pending->scan_id;
      jobs[i].scan.scanned_at = pending->scanned_at;
      jobs[i].scan.event_ids = pending->event_ids;
      jobs[i].scan.n_event_ids = pending->n_event_ids;
    }

  tix_store_scan_tickets (self->store, jobs, batch->len, tix_time_now_ms ());

  tix_server_hold_counts (self);
  for (guint i = 0; i < batch->len; i++)
    {
      TixPendingScan *pending = g_ptr_array_index (batch, i);

      if (jobs[i].ticket == NULL && pending->door)
        reply_not_found (self, pending->msg, tix_user_get_organization_id (pending->user),
                         pending->id, NULL, jobs[i].error);
      else if (jobs[i].ticket == NULL)
        tix_server_reply_gerror (pending->msg, jobs[i].error);
      else
        tix_server_reply_scan (self, pending->msg, &jobs[i]);
      soup_server_message_unpause (pending->msg);

      g_clear_object (&jobs[i].ticket);
      g_clear_error (&jobs[i].error);
    }
  tix_server_release_counts (self);

  return G_SOURCE_REMOVE;
}

void
tix_server_queue_scan (TixServer          *self,
                       SoupServerMessage  *msg,
                       TixUser            *user,
                       const TixStoreScan *scan)
{
  TixPendingScan *pending = g_new0 (TixPendingScan, 1);

  pending->msg = g_object_ref (msg);
  pending->user = g_object_ref (user);
  pending->id = g_strdup (scan->id);
  pending->revision = scan->revision;
  pending->prefixes = g_strdupv ((GStrv) scan->prefixes);
  pending->station = g_strdup (scan->station);
  pending->scan_id = g_strdup (scan->scan_id);
  pending->scanned_at = scan->scanned_at;
  pending->event_ids = g_memdup2 (scan->event_ids, scan->n_event_ids * sizeof (gint64));
  pending->n_event_ids = scan->n_event_ids;
  /* The seed's PUT /api/tickets/:id/scan keeps its 404. */
  pending->door = g_strcmp0 (g_uri_get_path (soup_server_message_get_uri (msg)), "/api/scan") == 0;

  if (self->pending_scans == NULL)
    self->pending_scans = g_ptr_array_new_with_free_func ((GDestroyNotify) pending_scan_free);
  g_ptr_array_add (self->pending_scans, pending);
  soup_server_message_pause (msg);

  /* Below the priority of socket reads, so every scan already received joins;
   * on the context this server runs on, which is not always the default. */
  if (self->flush_source == NULL)
    {
      self->flush_source = g_idle_source_new ();
      g_source_set_priority (self->flush_source, G_PRIORITY_DEFAULT_IDLE);
      g_source_set_callback (self->flush_source, flush_scans, self, NULL);
      g_source_attach (self->flush_source, g_main_context_get_thread_default ());
    }
}

void
tix_server_scans_shutdown (TixServer *self)
{
  if (self->flush_source != NULL)
    {
      g_source_destroy (self->flush_source);
      g_clear_pointer (&self->flush_source, g_source_unref);
    }
  g_clear_pointer (&self->pending_scans, g_ptr_array_unref);
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

/* Each of @events is an event of @user's organization; else replies 404
 * naming @member. */
static gboolean
check_events (TixServer          *self,
              SoupServerMessage  *msg,
              TixUser            *user,
              const char         *member,
              GArray             *events)
{
  for (guint i = 0; i < events->len; i++)
    {
      g_autoptr(TixStoreEvent) event = NULL;
      g_autoptr(GError) error = NULL;

      event = tix_store_get_event (self->store, tix_user_get_organization_id (user),
                                   g_array_index (events, gint64, i), &error);
      if (event == NULL)
        {
          if (g_error_matches (error, TIX_STORE_ERROR, TIX_STORE_ERROR_NOT_FOUND))
            tix_server_reply_error (msg, SOUP_STATUS_NOT_FOUND, member, "No such event");
          else
            tix_server_reply_gerror (msg, error);
          return FALSE;
        }
    }
  return TRUE;
}

/* The events a door admits: "event_id" (one) or "event_ids" (several), each
 * of the user's organization; replies 400 (malformed) or 404 (no such
 * event) naming the member. */
static gboolean
read_events (TixServer          *self,
             SoupServerMessage  *msg,
             TixUser            *user,
             JsonObject         *body,
             GArray             *out)
{
  JsonNode *one = json_object_get_member (body, "event_id");
  JsonNode *many = json_object_get_member (body, "event_ids");
  const char *member = many != NULL && !JSON_NODE_HOLDS_NULL (many) ? "event_ids" : "event_id";

  if (one != NULL && !JSON_NODE_HOLDS_NULL (one))
    {
      gint64 id;

      if (!tix_server_get_int (msg, body, "event_id", TRUE, 1, G_MAXINT64, &id))
        return FALSE;
      g_array_append_val (out, id);
    }
  if (many != NULL && !JSON_NODE_HOLDS_NULL (many))
    {
      JsonArray *array = JSON_NODE_HOLDS_ARRAY (many) ? json_node_get_array (many) : NULL;

      if (array == NULL || json_array_get_length (array) > MAX_EVENTS)
        {
          tix_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "event_ids",
                                  "“event_ids” must be a list of at most 32 event ids");
          return FALSE;
        }
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);
          gint64 id;

          if (json_node_get_value_type (element) != G_TYPE_INT64 ||
              (id = json_node_get_int (element)) < 1)
            {
              tix_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "event_ids",
                                      "“event_ids” must hold event ids");
              return FALSE;
            }
          g_array_append_val (out, id);
        }
    }

  return check_events (self, msg, user, member, out);
}

/* The same from the query of PUT /api/tickets/:id/scan, which has no body:
 * ?event_id=N or ?event_ids=N,M,… */
gboolean
tix_server_query_events (TixServer          *self,
                         SoupServerMessage  *msg,
                         GHashTable         *query,
                         TixUser            *user,
                         GArray             *out)
{
  const char *one = query ? g_hash_table_lookup (query, "event_id") : NULL;
  const char *many = query ? g_hash_table_lookup (query, "event_ids") : NULL;
  g_auto(GStrv) parts = NULL;

  if (one != NULL && *one != '\0')
    {
      gint64 id;

      if (!tix_server_query_int (msg, query, "event_id", 0, 1, G_MAXINT64, &id))
        return FALSE;
      g_array_append_val (out, id);
    }
  if (many == NULL || *many == '\0')
    return check_events (self, msg, user, "event_id", out);

  parts = g_strsplit (many, ",", -1);
  if (g_strv_length (parts) > MAX_EVENTS)
    {
      tix_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "event_ids",
                              "“event_ids” must be a list of at most 32 event ids");
      return FALSE;
    }
  for (guint i = 0; parts[i] != NULL; i++)
    {
      guint64 id;

      if (!g_ascii_string_to_unsigned (g_strstrip (parts[i]), 10, 1, G_MAXINT64, &id, NULL))
        {
          tix_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "event_ids",
                                  "“event_ids” must hold event ids, separated by commas");
          return FALSE;
        }
      g_array_append_val (out, id);
    }
  return check_events (self, msg, user, "event_ids", out);
}

/* POST /api/scan {code, prefixes?, event_id? | event_ids?}: what a QR code
 * or a wedge scanner delivers. */
static void
handle_scan_code (TixServer         *self,
                  SoupServerMessage *msg)
{
  g_autoptr(TixUser) user = tix_server_authenticate (self, msg);
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(TixTicket) ticket = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) prefixes = NULL;
  g_autoptr(GArray) events = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *id = NULL;
  TixStoreScan scan = { 0 };
  const char *code = NULL, *scan_id = NULL, *scanned_at = NULL, *station = NULL;
  gint64 org_id;

  if (user == NULL)
    return;
  body = tix_server_read_object (msg);
  if (body == NULL ||
      !tix_server_get_string (msg, body, "code", TRUE, &code) ||
      !tix_server_get_string (msg, body, "scan_id", FALSE, &scan_id) ||
      !tix_server_get_string (msg, body, "scanned_at", FALSE, &scanned_at) ||
      !tix_server_get_string (msg, body, "station", FALSE, &station) ||
      !read_prefixes (msg, body, &prefixes) ||
      !read_events (self, msg, user, body, events))
    return;

  /* An offline scan being uploaded: once only, at the time it was made. */
  if (scan_id != NULL && !tix_validate_uuid (scan_id))
    {
      tix_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "scan_id",
                              "“scan_id” must be a UUID");
      return;
    }
  if (scanned_at != NULL && !read_scanned_at (msg, scanned_at, &scan.scanned_at))
    return;
  if (station != NULL && !tix_server_check_station (station))
    {
      tix_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "station",
                              "“station” must be at most 64 printable characters");
      return;
    }

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
          reply_not_found (self, msg, org_id, NULL, number, error);
          return;
        }
      id = g_strdup (tix_ticket_get_id (ticket));
      g_clear_object (&ticket);
    }

  scan.id = id;
  scan.prefixes = (const char * const *) prefixes;
  scan.station = station != NULL ? station : tix_server_station_of (msg);
  scan.scan_id = scan_id;
  scan.event_ids = (const gint64 *) events->data;
  scan.n_event_ids = events->len;

  tix_server_queue_scan (self, msg, user, &scan);
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
