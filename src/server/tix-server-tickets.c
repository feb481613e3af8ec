/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-server-tickets"

#include "config.h"

#include <string.h>

#include <sodium.h>

#include "tix-server-compress.h"
#include "tix-server-private.h"
#include "tix-ticket-code.h"
#include "tix-time.h"
#include "tix-validate.h"

#define DEFAULT_LIMIT 100
#define MAX_LIMIT     1000

/* Tickets as a JSON array, written straight out: no JsonNode tree for
 * 100,000 tickets. Into @writer, which compresses each full slice on another
 * core while the next is written (when the client accepts gzip); or, on a
 * worker, into @out, whose answer goes out from the server's thread in slices
 * (tix_server_reply_streamed ()), uncompressed. */
static void
append_ticket_array (TixBodyWriter *writer,
                     GString       *out,
                     GPtrArray     *tickets)
{
  g_assert ((writer == NULL) != (out == NULL));

  if (writer != NULL)
    out = tix_body_writer_buffer (writer);
  g_string_append_c (out, '[');
  for (guint i = 0; i < tickets->len; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      tix_ticket_append_json (g_ptr_array_index (tickets, i), out);
      if (writer != NULL)
        {
          tix_body_writer_wrote (writer);
          out = tix_body_writer_buffer (writer);
        }
    }
  g_string_append_c (out, ']');
}

static void
reply_ticket_array (SoupServerMessage *msg,
                    guint              status,
                    GPtrArray         *tickets)
{
  TixBodyWriter *writer = tix_body_writer_new (msg, status, "application/json; charset=utf-8");

  /* About 420 bytes a ticket with its code. */
  tix_body_writer_expect (writer, 64 + (gsize) tickets->len * 448);
  append_ticket_array (writer, NULL, tickets);
  tix_body_writer_finish (writer);
}

static void
reply_ticket (SoupServerMessage *msg,
              guint              status,
              TixTicket         *ticket)
{
  g_autoptr(JsonNode) node = tix_ticket_to_json_node (ticket);

  tix_server_reply_json (msg, status, node);
}

/* A ticket id from the path, or NULL after replying 400. */
static const char *
path_ticket_id (SoupServerMessage *msg,
                const TixRoute    *route)
{
  const char *id = route->segments[2];

  if (!tix_validate_uuid (id))
    {
      tix_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "id",
                              "“%s” is not a valid ticket id", id);
      return NULL;
    }
  return id;
}

static char *
default_prefix (TixServer *self,
                TixUser   *user)
{
  g_autoptr(GHashTable) settings = tix_store_get_settings (self->store,
                                                           tix_user_get_organization_id (user),
                                                           NULL);
  const char *prefix = settings ? g_hash_table_lookup (settings, "default_prefix") : NULL;

  return g_strdup (prefix && tix_validate_prefix (prefix, NULL) ? prefix : "TIX");
}

/* Never the whole array: a range is enough for a station to refresh. */
void
tix_server_broadcast_generated (TixServer  *self,
                     gint64      organization_id,
                     gint64      event_id,
                     const char *prefix,
                     guint       count,
                     const char *first_number,
                     const char *last_number)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "prefix");
  json_builder_add_string_value (builder, prefix);
  json_builder_set_member_name (builder, "count");
  json_builder_add_int_value (builder, count);
  json_builder_set_member_name (builder, "first_number");
  json_builder_add_string_value (builder, first_number);
  json_builder_set_member_name (builder, "last_number");
  json_builder_add_string_value (builder, last_number);
  json_builder_set_member_name (builder, "event_id");
  json_builder_add_int_value (builder, event_id);
  tix_server_broadcast_of_event (self, organization_id, event_id, "tickets-generated", builder);
}

/* The quota and the event's capacity are a 409 naming "count", an archived
 * event a 409 naming "event_id", another organization's a 404; the rest as
 * usual. */
static void
reply_generate_error (SoupServerMessage *msg,
                      const GError      *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    tix_server_reply_error (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, NULL,
                            "The server is shutting down; nothing was made");
  else if (g_error_matches (error, TIX_STORE_ERROR, TIX_STORE_ERROR_LIMIT))
    tix_server_reply_error (msg, SOUP_STATUS_CONFLICT, "count", "%s", error->message);
  else if (g_error_matches (error, TIX_STORE_ERROR, TIX_STORE_ERROR_ARCHIVED))
    tix_server_reply_error (msg, SOUP_STATUS_CONFLICT, "event_id", "%s", error->message);
  else if (g_error_matches (error, TIX_STORE_ERROR, TIX_STORE_ERROR_NOT_FOUND))
    tix_server_reply_error (msg, SOUP_STATUS_NOT_FOUND, "event_id", "%s", error->message);
  else
    tix_server_reply_gerror (msg, error);
}

/* Up to this many tickets a generate is made on the server's thread (a few
 * milliseconds); more go to the generate worker, one request at a time, so
 * that the scans never wait for them. */
#define GENERATE_INLINE_MAX 100

TixServerWorker *
tix_server_get_generate_worker (TixServer  *self,
                                GError    **error)
{
  if (self->generate_worker == NULL)
    self->generate_worker = tix_server_worker_new (self->store, "tix-generate", 1, TRUE, error);
  return self->generate_worker;
}

TixServerWorker *
tix_server_get_sheet_worker (TixServer  *self,
                             GError    **error)
{
  if (self->sheet_worker == NULL)
    self->sheet_worker = tix_server_worker_new (self->store, "tix-sheet", 2, FALSE, error);
  return self->sheet_worker;
}

void
tix_server_workers_shutdown (TixServer *self)
{
  g_clear_pointer (&self->generate_worker, tix_server_worker_free);
  g_clear_pointer (&self->sheet_worker, tix_server_worker_free);
}

typedef struct
{
  SoupServerMessage *msg;
  TixUser           *user;
  gint64             event_id;  /* 0: the current event; the one made into, once done */
  gint64             type_id;   /* 0: none */
  char              *prefix;
  char              *extra;
  guint              count;
  gint64             now_ms;
  /* made on the worker */
  GString           *reply;
  char              *first_number;
  char              *last_number;
  gboolean           gone;      /* the connection closed meanwhile */
} GenerateJob;

static void
generate_job_free (GenerateJob *job)
{
  if (job->msg != NULL)
    tix_server_unwatch_gone (job->msg, &job->gone);
  g_clear_object (&job->msg);
  g_clear_object (&job->user);
  g_free (job->prefix);
  g_free (job->extra);
  if (job->reply != NULL)
    g_string_free (job->reply, TRUE);
  g_free (job->first_number);
  g_free (job->last_number);
  g_free (job);
}

typedef struct
{
  const guint8  *secret_key;
  TixWorkerSign *sign;
} WorkerSigning;

static void
start_worker_signing (GPtrArray *tickets,
                      gpointer   user_data)
{
  WorkerSigning *signing = user_data;

  signing->sign = tix_worker_sign_start (tickets, signing->secret_key);
}

/* On the generate worker, with its own connection: the tickets, their
 * codes (signed on the other cores while the rows are written) and the
 * reply's text. The message is not touched here. */
static void
generate_in_worker (GTask        *task,
                    TixStore     *store,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  GenerateJob *job = task_data;
  guint8 public_key[TIX_TICKET_CODE_PUBLIC_KEY_BYTES];
  guint8 secret_key[TIX_TICKET_CODE_SECRET_KEY_BYTES];
  g_autoptr(GPtrArray) tickets = NULL;
  GError *error = NULL;
  WorkerSigning signing = { secret_key, NULL };

  if (!tix_store_get_organization_keys (store, tix_user_get_organization_id (job->user),
                                        public_key, secret_key, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  tickets = tix_store_generate_typed_tickets (store, job->user, job->event_id, job->type_id,
                                              job->prefix, job->extra, job->count, job->now_ms,
                                              start_worker_signing, &signing, &error);
  if (signing.sign != NULL)
    tix_worker_sign_join (signing.sign);
  sodium_memzero (secret_key, sizeof secret_key);
  if (tickets == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* About 420 bytes a ticket with its code. */
  job->reply = g_string_sized_new (64 + (gsize) tickets->len * 448);
  append_ticket_array (NULL, job->reply, tickets);
  job->first_number = g_strdup (tix_ticket_get_number (g_ptr_array_index (tickets, 0)));
  job->event_id = tix_ticket_get_event_id (g_ptr_array_index (tickets, 0));
  job->last_number = g_strdup (tix_ticket_get_number (g_ptr_array_index (tickets,
                                                                         tickets->len - 1)));
  g_task_return_boolean (task, TRUE);
}

/* Back on the server's thread. */
static void
generate_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  TixServer *self = TIX_SERVER (source);
  GenerateJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  gboolean ok = g_task_propagate_boolean (G_TASK (result), &error);

  /* A message whose connection or server is gone is not ours to answer. */
  if (job->gone || g_cancellable_is_cancelled (self->cancellable))
    return;

  if (!ok)
    reply_generate_error (job->msg, error);
  else
    {
      g_autoptr(GBytes) reply = g_string_free_to_bytes (g_steal_pointer (&job->reply));

      tix_server_reply_streamed (job->msg, SOUP_STATUS_CREATED,
                                 "application/json; charset=utf-8", reply);
      tix_server_broadcast_generated (self, tix_user_get_organization_id (job->user), job->event_id,
                           job->prefix, job->count, job->first_number, job->last_number);
      return;
    }
  soup_server_message_unpause (job->msg);
}

typedef struct
{
  TixServer  *server;
  gint64      organization_id;
  TixWorkerSign *job;
  GError     *error;
} Signing;

static void
start_signing (GPtrArray *tickets,
               gpointer   user_data)
{
  Signing *signing = user_data;

  signing->job = tix_server_sign_job_start (signing->server, signing->organization_id, tickets,
                                            &signing->error);
}

static void
handle_generate (TixServer         *self,
                 SoupServerMessage *msg)
{
  g_autoptr(TixUser) user = tix_server_authenticate (self, msg);
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GPtrArray) tickets = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *fallback_prefix = NULL;
  const char *prefix = NULL, *extra = NULL, *message = NULL;
  Signing signing = { 0 };
  gint64 count = 0, event_id = 0, type_id = 0;
  g_autoptr(TixTicketType) type = NULL;

  if (user == NULL || !tix_server_require_role (msg, user, "seller"))
    return;

  body = tix_server_read_object (msg);
  if (body == NULL)
    return;

  if (!tix_server_get_int (msg, body, "count", TRUE, 1, TIX_GENERATE_MAX_COUNT, &count) ||
      !tix_server_get_int (msg, body, "event_id", FALSE, 1, G_MAXINT64, &event_id) ||
      !tix_server_get_string (msg, body, "prefix", FALSE, &prefix) ||
      !tix_server_get_string (msg, body, "extra", FALSE, &extra) ||
      !tix_server_get_int (msg, body, "type_id", FALSE, 1, G_MAXINT64, &type_id))
    return;

  /* Of a ticket type (issue 19): its event and its prefix unless told. */
  if (type_id > 0)
    {
      type = tix_store_get_ticket_type (self->store, tix_user_get_organization_id (user), type_id,
                                        &error);
      if (type == NULL)
        {
          tix_server_reply_error (msg, SOUP_STATUS_NOT_FOUND, "type_id", "No such ticket type");
          return;
        }
      if (event_id != 0 && event_id != type->event_id)
        {
          tix_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "type_id",
                                  "The ticket type %" G_GINT64_FORMAT " is not of event %"
                                  G_GINT64_FORMAT, type_id, event_id);
          return;
        }
      event_id = type->event_id;
      if (prefix == NULL)
        prefix = type->prefix;
    }

  if (prefix == NULL)
    prefix = fallback_prefix = default_prefix (self, user);
  if (!tix_validate_prefix (prefix, &message))
    {
      tix_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "prefix", "%s", message);
      return;
    }
  if (!tix_validate_extra (extra, &message))
    {
      tix_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "extra", "%s", message);
      return;
    }

  if (count > GENERATE_INLINE_MAX)
    {
      TixServerWorker *worker = tix_server_get_generate_worker (self, &error);
      g_autoptr(GTask) task = NULL;
      GenerateJob *job;

      if (worker == NULL)
        {
          tix_server_reply_gerror (msg, error);
          return;
        }

      job = g_new0 (GenerateJob, 1);
      job->msg = g_object_ref (msg);
      job->user = g_object_ref (user);
      job->event_id = event_id;
      job->type_id = type_id;
      job->prefix = g_strdup (prefix);
      job->extra = g_strdup (extra);
      job->count = (guint) count;
      job->now_ms = tix_time_now_ms ();

      tix_server_watch_gone (msg, &job->gone);
      soup_server_message_pause (msg);
      task = g_task_new (self, self->cancellable, generate_done, NULL);
      g_task_set_source_tag (task, handle_generate);
  /* Done is done, even when the server is stopping meanwhile. */
  g_task_set_check_cancellable (task, FALSE);
      g_task_set_task_data (task, job, (GDestroyNotify) generate_job_free);
      tix_server_worker_run (worker, task, generate_in_worker);
      return;
    }

  /* The codes are signed on the other cores while the tickets are written. */
  signing.server = self;
  signing.organization_id = tix_user_get_organization_id (user);
  tickets = tix_store_generate_typed_tickets (self->store, user, event_id, type_id, prefix,
                                              extra, (guint) count, tix_time_now_ms (),
                                              start_signing, &signing, &error);
  if (signing.job != NULL)
    tix_server_sign_job_join (signing.job);
  if (tickets == NULL || signing.error != NULL)
    {
      reply_generate_error (msg, error ? error : signing.error);
      g_clear_error (&signing.error);
      return;
    }

  reply_ticket_array (msg, SOUP_STATUS_CREATED, tickets);
  tix_server_broadcast_generated (self, tix_user_get_organization_id (user),
                       tix_ticket_get_event_id (g_ptr_array_index (tickets, 0)), prefix,
                       tickets->len,
                       tix_ticket_get_number (g_ptr_array_index (tickets, 0)),
                       tix_ticket_get_number (g_ptr_array_index (tickets, tickets->len - 1)));
}

/* A search for a ticket's code (a scanner typing into the search field)
 * finds that ticket: the code's own id, once its signature holds. */
static TixStorePage *
list_by_code (TixServer            *self,
              gint64                organization_id,
              const TixStoreQuery  *query,
              GError              **error)
{
  g_autoptr(TixStorePage) page = g_new0 (TixStorePage, 1);
  g_autoptr(TixTicket) ticket = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *id = NULL;
  const guint8 *public_key;
  guint32 revision;

  page->tickets = g_ptr_array_new_with_free_func (g_object_unref);
  public_key = tix_server_get_public_key (self, organization_id, error);
  if (public_key == NULL)
    return NULL;
  id = tix_ticket_code_decode (query->search, public_key, &revision, NULL);
  if (id == NULL)
    return g_steal_pointer (&page);   /* forged or mistyped: nothing matches */

  ticket = tix_store_get_ticket (self->store, organization_id, id, &local_error);
  if (ticket == NULL)
    {
      if (g_error_matches (local_error, TIX_STORE_ERROR, TIX_STORE_ERROR_NOT_FOUND))
        return g_steal_pointer (&page);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  if ((query->filter == TIX_STORE_FILTER_SCANNED && !tix_ticket_is_scanned (ticket)) ||
      (query->filter == TIX_STORE_FILTER_NOT_SCANNED && tix_ticket_is_scanned (ticket)) ||
      (query->event_id > 0 && tix_ticket_get_event_id (ticket) != query->event_id))
    return g_steal_pointer (&page);

  page->total = 1;
  if (query->cursor == NULL && query->page <= 1)
    g_ptr_array_add (page->tickets, g_steal_pointer (&ticket));
  return g_steal_pointer (&page);
}

/* Longer than a ticket's code: nothing matches. */
#define MAX_SEARCH 200

static void
handle_list (TixServer         *self,
             SoupServerMessage *msg,
             GHashTable        *query)
{
  g_autoptr(TixUser) user = tix_server_authenticate (self, msg);
  TixBodyWriter *writer;
  GString *out;
  g_autoptr(TixStorePage) page = NULL;
  g_autoptr(GError) error = NULL;
  TixStoreQuery store_query = { 0 };
  const char *filter, *search, *cursor;
  gint64 page_number, limit;

  if (user == NULL)
    return;

  if (!tix_server_query_int (msg, query, "page", 1, 1, G_MAXINT32, &page_number) ||
      !tix_server_query_int (msg, query, "limit", DEFAULT_LIMIT, 1, G_MAXINT32, &limit) ||
      !tix_server_query_event (self, msg, query, user, &store_query.event_id))
    return;
  limit = MIN (limit, MAX_LIMIT);

  filter = query ? g_hash_table_lookup (query, "filter") : NULL;
  if (filter == NULL || *filter == '\0' || g_str_equal (filter, "all"))
    store_query.filter = TIX_STORE_FILTER_ALL;
  else if (g_str_equal (filter, "scanned"))
    store_query.filter = TIX_STORE_FILTER_SCANNED;
  else if (g_str_equal (filter, "not-scanned"))
    store_query.filter = TIX_STORE_FILTER_NOT_SCANNED;
  else
    {
      tix_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "filter",
                              "“filter” must be “scanned” or “not-scanned”");
      return;
    }

  /* sort=number, generated or scanned; a leading "-" reverses. */
  {
    static const struct { const char *name; TixStoreSort sort; } sorts[] = {
      { "-generated", TIX_STORE_SORT_NEWEST }, { "generated", TIX_STORE_SORT_OLDEST },
      { "number", TIX_STORE_SORT_NUMBER }, { "-number", TIX_STORE_SORT_NUMBER_DESC },
      { "scanned", TIX_STORE_SORT_SCANNED }, { "-scanned", TIX_STORE_SORT_SCANNED_DESC },
    };
    const char *sort = query ? g_hash_table_lookup (query, "sort") : NULL;
    gboolean known = sort == NULL || *sort == '\0';

    store_query.sort = TIX_STORE_SORT_NEWEST;
    for (guint i = 0; !known && i < G_N_ELEMENTS (sorts); i++)
      if (g_str_equal (sort, sorts[i].name))
        {
          store_query.sort = sorts[i].sort;
          known = TRUE;
        }
    if (!known)
      {
        tix_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "sort",
                                "“sort” must be “number”, “generated” or “scanned”, "
                                "with “-” before it for the other way");
        return;
      }
  }

  search = query ? g_hash_table_lookup (query, "search") : NULL;
  cursor = query ? g_hash_table_lookup (query, "cursor") : NULL;
  if (cursor != NULL && *cursor == '\0')
    cursor = NULL;

  store_query.search = (search != NULL && *search != '\0') ? search : NULL;
  store_query.cursor = cursor;
  store_query.page = page_number;
  store_query.limit = limit;

  if (store_query.search != NULL && tix_ticket_code_is_code (store_query.search))
    page = list_by_code (self, tix_user_get_organization_id (user), &store_query, &error);
  else if (store_query.search != NULL &&
           (!g_utf8_validate (store_query.search, -1, NULL) ||
            g_utf8_strlen (store_query.search, -1) > MAX_SEARCH))
    {
      /* No ticket holds such text: nothing matches. */
      page = g_new0 (TixStorePage, 1);
      page->tickets = g_ptr_array_new_with_free_func (g_object_unref);
    }
  else
    page = tix_store_list_tickets (self->store, tix_user_get_organization_id (user),
                                   &store_query, &error);

  if (page != NULL &&
      !tix_server_sign_tickets (self, tix_user_get_organization_id (user), page->tickets, &error))
    g_clear_pointer (&page, tix_store_page_free);

  if (page == NULL)
    {
      if (g_error_matches (error, TIX_STORE_ERROR, TIX_STORE_ERROR_NOT_FOUND))
        tix_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "cursor",
                                store_query.sort == TIX_STORE_SORT_NEWEST
                                ? "Invalid cursor"
                                : "A cursor pages only the default order: use page");
      else
        tix_server_reply_gerror (msg, error);
      return;
    }

  writer = tix_body_writer_new (msg, SOUP_STATUS_OK, "application/json; charset=utf-8");
  tix_body_writer_expect (writer, 128 + (gsize) page->tickets->len * 448);
  g_string_append (tix_body_writer_buffer (writer), "{\"tickets\":");
  append_ticket_array (writer, NULL, page->tickets);
  out = tix_body_writer_buffer (writer);
  g_string_append_printf (out, ",\"total\":%" G_GINT64_FORMAT ",\"page\":%" G_GINT64_FORMAT
                          ",\"limit\":%" G_GINT64_FORMAT ",\"next_cursor\":",
                          page->total, page_number, limit);
  tix_json_append_string (out, page->next_cursor);
  g_string_append_c (out, '}');
  tix_body_writer_finish (writer);
}

static void
handle_get (TixServer         *self,
            SoupServerMessage *msg,
            const TixRoute    *route)
{
  g_autoptr(TixUser) user = tix_server_authenticate (self, msg);
  g_autoptr(TixTicket) ticket = NULL;
  g_autoptr(GError) error = NULL;
  const char *id;

  if (user == NULL || (id = path_ticket_id (msg, route)) == NULL)
    return;

  ticket = tix_store_get_ticket (self->store, tix_user_get_organization_id (user), id, &error);
  if (ticket == NULL || !tix_server_sign_ticket (self, ticket, &error))
    {
      tix_server_reply_gerror (msg, error);
      return;
    }

  reply_ticket (msg, SOUP_STATUS_OK, ticket);
}

static void
handle_scan (TixServer         *self,
             SoupServerMessage *msg,
             const TixRoute    *route)
{
  g_autoptr(TixUser) user = tix_server_authenticate (self, msg);
  g_autoptr(GArray) events = g_array_new (FALSE, FALSE, sizeof (gint64));
  TixStoreScan scan = { 0 };

  if (user == NULL || (scan.id = path_ticket_id (msg, route)) == NULL ||
      !tix_server_query_events (self, msg, route->query, user, events))
    return;

  /* The events this station admits, as POST /api/scan's event_id(s). */
  scan.event_ids = (const gint64 *) events->data;
  scan.n_event_ids = events->len;
  scan.station = tix_server_station_of (msg);
  tix_server_queue_scan (self, msg, user, &scan);
}

static void
handle_delete (TixServer         *self,
               SoupServerMessage *msg,
               const TixRoute    *route)
{
  g_autoptr(TixUser) user = tix_server_authenticate (self, msg);
  g_autoptr(GError) error = NULL;
  const char *id;

  g_autoptr(TixTicket) ticket = NULL;

  if (user == NULL || (id = path_ticket_id (msg, route)) == NULL ||
      !tix_server_require_role (msg, user, "admin"))
    return;

  ticket = tix_store_get_ticket (self->store, tix_user_get_organization_id (user), id, &error);
  if (ticket == NULL ||
      !tix_store_delete_ticket (self->store, user, id, tix_time_now_ms (), &error))
    {
      tix_server_reply_gerror (msg, error);
      return;
    }

  tix_server_reply_success (msg);
  tix_server_broadcast_ticket (self, "ticket-deleted", ticket);
}

/* DELETE /api/tickets: every event's tickets, as the seed's; with
 * ?event_id= that event's only. */
static void
handle_clear (TixServer         *self,
              SoupServerMessage *msg,
              GHashTable        *query)
{
  g_autoptr(TixUser) user = tix_server_authenticate (self, msg);
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(GError) error = NULL;
  gint64 deleted, event_id = 0;

  if (user == NULL || !tix_server_require_role (msg, user, "admin") ||
      !tix_server_query_event (self, msg, query, user, &event_id))
    return;

  deleted = tix_store_clear_tickets (self->store, user, event_id, tix_time_now_ms (), &error);
  if (deleted < 0)
    {
      tix_server_reply_gerror (msg, error);
      return;
    }

  builder = json_builder_new_immutable ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "success");
  json_builder_add_boolean_value (builder, TRUE);
  json_builder_set_member_name (builder, "deleted");
  json_builder_add_int_value (builder, deleted);
  json_builder_end_object (builder);
  tix_server_reply_builder (msg, SOUP_STATUS_OK, builder);

  g_clear_object (&builder);
  builder = json_builder_new_immutable ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "deleted");
  json_builder_add_int_value (builder, deleted);
  /* null: every event's. */
  json_builder_set_member_name (builder, "event_id");
  if (event_id > 0)
    json_builder_add_int_value (builder, event_id);
  else
    json_builder_add_null_value (builder);
  tix_server_broadcast_of_event (self, tix_user_get_organization_id (user), event_id,
                                 "tickets-cleared", builder);
}

gboolean
tix_server_route_tickets (TixServer         *self,
                          SoupServerMessage *msg,
                          TixRoute          *route)
{
  if (tix_route_is (route, "POST", "/api/tickets/generate"))
    handle_generate (self, msg);
  else if (tix_route_is (route, "GET", "/api/tickets"))
    handle_list (self, msg, route->query);
  else if (tix_route_is (route, "DELETE", "/api/tickets"))
    handle_clear (self, msg, route->query);
  else if (route->n_segments == 3 && g_str_equal (route->segments[2], "generate"))
    return FALSE; /* "generate" is no ticket id: only POST, answered above */
  else if (tix_route_is (route, "GET", "/api/tickets/*"))
    handle_get (self, msg, route);
  else if (tix_route_is (route, "DELETE", "/api/tickets/*"))
    handle_delete (self, msg, route);
  else if (tix_route_is (route, "PUT", "/api/tickets/*/scan"))
    handle_scan (self, msg, route);
  else
    return FALSE;

  return TRUE;
}
