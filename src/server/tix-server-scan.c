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

/* {id, name} of an entrance, or null when it is gone. */
static void
add_entrance_ref (TixServer   *self,
                  JsonBuilder *builder,
                  gint64       organization_id,
                  gint64       entrance_id)
{
  g_autoptr(TixStoreEntrance) entrance = NULL;

  if (entrance_id > 0)
    entrance = tix_store_get_entrance (self->store, organization_id, entrance_id, NULL);
  if (entrance == NULL)
    {
      json_builder_add_null_value (builder);
      return;
    }
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, entrance->id);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, entrance->name);
  tix_json_add_set_time_member (builder, "opens_at", entrance->opens_at);
  tix_json_add_set_time_member (builder, "closes_at", entrance->closes_at);
  json_builder_end_object (builder);
}

/* Which entrances of the ticket's event would take it ("it is for the
 * balcony door"): those admitting its type, and for an exit those that
 * allow one. */
static void
add_admitting_entrances (TixServer             *self,
                         JsonBuilder           *builder,
                         const TixStoreScanJob *job)
{
  g_autoptr(GPtrArray) entrances = tix_store_list_entrances (
    self->store, tix_ticket_get_organization_id (job->ticket),
    tix_ticket_get_event_id (job->ticket), NULL);

  json_builder_begin_array (builder);
  for (guint i = 0; entrances != NULL && i < entrances->len; i++)
    {
      TixStoreEntrance *entrance = g_ptr_array_index (entrances, i);

      if (!tix_store_entrance_admits_type (entrance, tix_ticket_get_type_id (job->ticket)) ||
          (job->scan.direction == TIX_STORE_DIRECTION_OUT && !entrance->allow_exit))
        continue;
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, entrance->id);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, entrance->name);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
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
  gint64 org_id;
  int code;

  /* An upload's scan_id seen before with another ticket: nothing scanned. */
  if (g_error_matches (error, TIX_STORE_ERROR, TIX_STORE_ERROR_SCAN_ID_REUSED))
    {
      tix_server_reply_error (msg, SOUP_STATUS_CONFLICT, "scan_id", "%s", error->message);
      return;
    }

  code = error != NULL && error->domain == TIX_STORE_ERROR ? error->code : -1;
  switch (code)
    {
    case -1:
      if (error != NULL)
        {
          tix_server_reply_gerror (msg, error);
          return;
        }
      break;
    case TIX_STORE_ERROR_DUPLICATE:
    case TIX_STORE_ERROR_NOT_INSIDE:
      status = SOUP_STATUS_BAD_REQUEST;
      break;
    case TIX_STORE_ERROR_REPLACED:
    case TIX_STORE_ERROR_WRONG_PREFIX:
    case TIX_STORE_ERROR_OTHER_EVENT:
    case TIX_STORE_ERROR_WRONG_ENTRANCE:
    case TIX_STORE_ERROR_CLOSED:
    case TIX_STORE_ERROR_FULL:
    case TIX_STORE_ERROR_REFUNDED:
      status = SOUP_STATUS_UNPROCESSABLE_ENTITY;
      break;
    default:
      tix_server_reply_gerror (msg, error);
      return;
    }

  tix_server_sign_ticket (self, ticket, NULL);
  org_id = tix_ticket_get_organization_id (ticket);

  builder = json_builder_new_immutable ();
  json_builder_begin_object (builder);
  if (error == NULL)
    {
      json_builder_set_member_name (builder, "success");
      json_builder_add_boolean_value (builder, TRUE);
      if (g_strcmp0 (job->result, "exit") == 0)
        {
          json_builder_set_member_name (builder, "exit");
          json_builder_add_boolean_value (builder, TRUE);
        }
      else
        {
          json_builder_set_member_name (builder, "entry");
          json_builder_add_string_value (builder, g_strcmp0 (job->result, "re-entry") == 0
                                                  ? "re-entry" : "first");
        }
    }
  else
    {
      json_builder_set_member_name (builder, "error");
      json_builder_add_string_value (builder, error->message);
      if (code == TIX_STORE_ERROR_DUPLICATE)
        {
          json_builder_set_member_name (builder, "duplicate");
          json_builder_add_boolean_value (builder, TRUE);
          if (job->conflict)
            {
              json_builder_set_member_name (builder, "conflict");
              json_builder_add_boolean_value (builder, TRUE);
            }
        }
      json_builder_set_member_name (builder, "reason");
      json_builder_add_string_value (builder, job->result != NULL ? job->result
                                              : code == TIX_STORE_ERROR_DUPLICATE
                                              ? "already-inside" : "failed");
      if (code == TIX_STORE_ERROR_OTHER_EVENT)
        {
          g_autoptr(TixStoreEvent) event = tix_store_get_event (
            self->store, org_id, tix_ticket_get_event_id (ticket), NULL);

          /* "This ticket is for Friday": the event it is for. */
          json_builder_set_member_name (builder, "event");
          if (event != NULL)
            tix_server_add_event (builder, event);
          else
            json_builder_add_null_value (builder);
        }
      else if (code == TIX_STORE_ERROR_WRONG_ENTRANCE)
        {
          json_builder_set_member_name (builder, "entrances");
          add_admitting_entrances (self, builder, job);
        }
      else if (code == TIX_STORE_ERROR_FULL)
        {
          g_autoptr(TixStoreEvent) event = tix_store_get_event (
            self->store, org_id, tix_ticket_get_event_id (ticket), NULL);

          /* Its inside and max_inside. */
          json_builder_set_member_name (builder, "event");
          if (event != NULL)
            tix_server_add_event (builder, event);
          else
            json_builder_add_null_value (builder);
        }
    }
  /* The facts a steward needs: the entrance that let it through (or is
   * closed); when, and by which entrance, it came in; when it went out. */
  if (error == NULL || code == TIX_STORE_ERROR_CLOSED)
    {
      json_builder_set_member_name (builder, "entrance");
      add_entrance_ref (self, builder, org_id, job->entrance_id);
    }
  else if (code == TIX_STORE_ERROR_DUPLICATE && job->result != NULL)
    {
      tix_json_add_set_time_member (builder, "entered_at", job->before.last_in_at);
      json_builder_set_member_name (builder, "entrance");
      add_entrance_ref (self, builder, org_id, job->before.entrance_id);
    }
  else if (code == TIX_STORE_ERROR_NOT_INSIDE)
    tix_json_add_set_time_member (builder, "exited_at", job->before.last_out_at);
  json_builder_set_member_name (builder, "ticket");
  tix_ticket_to_json (ticket, builder);
  json_builder_end_object (builder);

  tix_server_reply_builder (msg, status, builder);

  /* An upload seen before changed nothing this time. */
  if (error == NULL && !job->repeated)
    tix_server_broadcast_ticket (self, g_strcmp0 (job->result, "exit") == 0 ? "ticket-exited"
                                       : g_strcmp0 (job->result, "re-entry") == 0
                                       ? "ticket-entered" : "ticket-scanned", ticket);
}

/* An attempt refused before the store decides: logged on its own. */
static void
log_attempt (TixServer          *self,
             TixUser            *user,
             const TixStoreScan *scan,
             const char         *number,
             const char         *result)
{
  g_autoptr(GError) error = NULL;

  if (!tix_store_log_attempt (self->store, user, scan, number, result, tix_time_now_ms (),
                              &error))
    g_warning ("Could not log a scan: %s", error->message);
}

static void
reply_deleted (SoupServerMessage *msg)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_add_string_value (builder, "This ticket was deleted");
  json_builder_set_member_name (builder, "reason");
  json_builder_add_string_value (builder, "deleted");
  json_builder_end_object (builder);
  tix_server_reply_builder (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, builder);
}

/* A number that no ticket has may be of one deleted: 422 {reason:
 * "deleted"}, which a door tells apart from a fake. Either way the attempt
 * goes into the scan log. */
static void
reply_not_found (TixServer          *self,
                 SoupServerMessage  *msg,
                 TixUser            *user,
                 const TixStoreScan *scan,
                 const char         *number,
                 const GError       *error)
{
  gboolean deleted;

  if (!g_error_matches (error, TIX_STORE_ERROR, TIX_STORE_ERROR_NOT_FOUND))
    {
      tix_server_reply_gerror (msg, error);
      return;
    }
  deleted = tix_store_is_deleted (self->store, tix_user_get_organization_id (user), NULL, number);
  log_attempt (self, user, scan, number, deleted ? "deleted" : "unknown");
  if (deleted)
    reply_deleted (msg);
  else
    tix_server_reply_gerror (msg, error);
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
  gint64             entrance_id;
  TixStoreDirection  direction;
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
      jobs[i].scan.entrance_id = pending->entrance_id;
      jobs[i].scan.direction = pending->direction;
    }

  tix_store_scan_tickets (self->store, jobs, batch->len, tix_time_now_ms ());

  tix_server_hold_counts (self);
  for (guint i = 0; i < batch->len; i++)
    {
      TixPendingScan *pending = g_ptr_array_index (batch, i);

      if (jobs[i].ticket == NULL && pending->door &&
          g_error_matches (jobs[i].error, TIX_STORE_ERROR, TIX_STORE_ERROR_DELETED))
        reply_deleted (pending->msg);
      else if (jobs[i].ticket == NULL &&
               g_error_matches (jobs[i].error, TIX_STORE_ERROR, TIX_STORE_ERROR_DELETED))
        /* The seed's PUT /api/tickets/:id/scan keeps its 404. */
        tix_server_reply_error (pending->msg, SOUP_STATUS_NOT_FOUND, NULL, "Ticket not found");
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
  pending->entrance_id = scan->entrance_id;
  pending->direction = scan->direction;
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

/* "entrance_id": an entrance of the user's organization (404 naming it),
 * of one of the events the door admits (422); a door that names no event
 * admits the entrance's. */
static gboolean
read_entrance (TixServer          *self,
               SoupServerMessage  *msg,
               TixUser            *user,
               JsonObject         *body,
               GArray             *events,
               gint64             *out)
{
  g_autoptr(TixStoreEntrance) entrance = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_object_get_member (body, "entrance_id");
  gboolean admitted = events->len == 0;

  *out = 0;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!tix_server_get_int (msg, body, "entrance_id", TRUE, 1, G_MAXINT64, out))
    return FALSE;
  entrance = tix_store_get_entrance (self->store, tix_user_get_organization_id (user), *out,
                                     &error);
  if (entrance == NULL)
    {
      if (g_error_matches (error, TIX_STORE_ERROR, TIX_STORE_ERROR_NOT_FOUND))
        tix_server_reply_error (msg, SOUP_STATUS_NOT_FOUND, "entrance_id", "No such entrance");
      else
        tix_server_reply_gerror (msg, error);
      return FALSE;
    }
  for (guint i = 0; i < events->len; i++)
    if (g_array_index (events, gint64, i) == entrance->event_id)
      admitted = TRUE;
  if (!admitted)
    {
      tix_server_reply_error (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "entrance_id",
                              "The entrance is not of an event this door admits");
      return FALSE;
    }
  if (events->len == 0)
    g_array_append_val (events, entrance->event_id);
  return TRUE;
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
  const char *direction = NULL;
  gint64 org_id;

  if (user == NULL)
    return;
  body = tix_server_read_object (msg);
  if (body == NULL ||
      !tix_server_get_string (msg, body, "code", TRUE, &code) ||
      !tix_server_get_string (msg, body, "scan_id", FALSE, &scan_id) ||
      !tix_server_get_string (msg, body, "scanned_at", FALSE, &scanned_at) ||
      !tix_server_get_string (msg, body, "station", FALSE, &station) ||
      !tix_server_get_string (msg, body, "direction", FALSE, &direction) ||
      !read_prefixes (msg, body, &prefixes) ||
      !read_events (self, msg, user, body, events) ||
      !read_entrance (self, msg, user, body, events, &scan.entrance_id))
    return;
  if (direction != NULL && !tix_store_direction_parse (direction, &scan.direction))
    {
      tix_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "direction",
                              "“direction” must be “in” or “out”");
      return;
    }

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
  scan.prefixes = (const char * const *) prefixes;
  scan.station = station != NULL ? station : tix_server_station_of (msg);
  scan.scan_id = scan_id;
  scan.event_ids = (const gint64 *) events->data;
  scan.n_event_ids = events->len;

  if (tix_ticket_code_is_code (code))
    {
      const guint8 *public_key = tix_server_get_public_key (self, org_id, &error);

      /* A forged or mistyped code is refused before any lookup. */
      if (public_key == NULL ||
          (id = tix_ticket_code_decode (code, public_key, &scan.revision, &error)) == NULL)
        {
          if (public_key != NULL)
            log_attempt (self, user, &scan, NULL, "unknown");
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
          reply_not_found (self, msg, user, &scan, number, error);
          return;
        }
      id = g_strdup (tix_ticket_get_id (ticket));
      g_clear_object (&ticket);
    }

  scan.id = id;

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
