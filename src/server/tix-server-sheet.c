/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-server-sheet"

#include "config.h"

#include <sodium.h>

#include "tix-server-private.h"
#include "tix-sheet.h"
#include "tix-ticket-code.h"
#include "tix-time.h"
#include "tix-validate.h"

/* GET /api/tickets/sheet.pdf: the tickets of a list query (filter, search,
 * page, limit) or of ids=ID,ID,…, as a printable PDF sheet. The request is
 * checked here; the tickets are read (the worker's own connection), signed
 * and drawn on a sheet worker while the message waits, paused, so that a
 * 10,000-ticket sheet never holds the server's thread. */

#define SHEET_MAX_TICKETS 10000
#define LIST_CHUNK        1000
#define DEFAULT_LIMIT     100
#define MAX_LIMIT         1000

typedef struct
{
  SoupServerMessage *msg;
  TixSheet          *sheet;
  gint64             organization_id;
  GPtrArray         *ids;        /* ids=…: each once, in order; or NULL */
  TixStoreFilter     filter;
  gint64             event_id;   /* 0: every event's tickets */
  char              *search;
  gboolean           one_page;
  gint64             page;
  gint64             limit;
  /* made on the worker */
  guint              count;
  gint64             total;
  const char        *error_field; /* of the GError the task returns */
  guint              error_status;
  gboolean           gone;      /* the connection closed meanwhile */
} SheetJob;

static void
sheet_job_free (SheetJob *job)
{
  if (job->msg != NULL)
    tix_server_unwatch_gone (job->msg, &job->gone);
  g_clear_object (&job->msg);
  g_clear_object (&job->sheet);
  g_clear_pointer (&job->ids, g_ptr_array_unref);
  g_free (job->search);
  g_free (job);
}

static const char *
query_value (GHashTable *query,
             const char *name)
{
  const char *value = query ? g_hash_table_lookup (query, name) : NULL;

  return (value != NULL && *value != '\0') ? value : NULL;
}

/* ids=…: checked here, on the server's thread; NULL after replying. */
static GPtrArray *
parse_ids (SoupServerMessage *msg,
           const char        *ids)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_auto(GStrv) parts = g_strsplit (ids, ",", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *id = g_strstrip (parts[i]);

      if (*id == '\0')
        continue;
      if (!tix_validate_uuid (id))
        {
          tix_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "ids",
                                  "“%s” is not a valid ticket id", id);
          return NULL;
        }
      if (!g_hash_table_add (seen, id))
        continue;
      if (g_hash_table_size (seen) > SHEET_MAX_TICKETS)
        {
          tix_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "ids",
                                  "A sheet holds at most %d tickets", SHEET_MAX_TICKETS);
          return NULL;
        }
      g_ptr_array_add (list, g_strdup (id));
    }
  return g_steal_pointer (&list);
}

/* On the worker: the tickets of ids=…, in the order given. */
static GPtrArray *
tickets_by_id (TixStore  *store,
               SheetJob  *job,
               GError   **error)
{
  g_autoptr(GPtrArray) tickets = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < job->ids->len; i++)
    {
      const char *id = g_ptr_array_index (job->ids, i);
      g_autoptr(GError) local = NULL;
      TixTicket *ticket = tix_store_get_ticket (store, job->organization_id, id, &local);

      if (ticket == NULL)
        {
          if (g_error_matches (local, TIX_STORE_ERROR, TIX_STORE_ERROR_NOT_FOUND))
            {
              job->error_status = SOUP_STATUS_NOT_FOUND;
              job->error_field = "ids";
              g_set_error (error, TIX_STORE_ERROR, TIX_STORE_ERROR_NOT_FOUND,
                           "Ticket %s not found", id);
            }
          else
            g_propagate_error (error, g_steal_pointer (&local));
          return NULL;
        }
      g_ptr_array_add (tickets, ticket);
    }
  return g_steal_pointer (&tickets);
}

/* On the worker: the tickets of a list query: one page when page or limit
 * is given, else every match up to SHEET_MAX_TICKETS, through cursors.
 * Oldest first, so a sheet reads in number order. */
static GPtrArray *
tickets_by_query (TixStore  *store,
                  SheetJob  *job,
                  GError   **error)
{
  g_autoptr(GPtrArray) tickets = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *cursor = NULL;
  TixStoreQuery store_query = { 0 };

  store_query.filter = job->filter;
  store_query.search = job->search;
  store_query.event_id = job->event_id;
  /* No ticket number holds other characters: nothing matches. */
  if (store_query.search != NULL && !tix_validate_number_search (store_query.search))
    {
      job->total = 0;
      return g_steal_pointer (&tickets);
    }

  store_query.page = job->one_page ? job->page : 1;
  store_query.limit = job->one_page ? MIN (job->limit, MAX_LIMIT) : LIST_CHUNK;

  do
    {
      g_autoptr(TixStorePage) page = NULL;

      store_query.cursor = cursor;
      page = tix_store_list_tickets (store, job->organization_id, &store_query, error);
      if (page == NULL)
        return NULL;

      job->total = page->total;
      for (guint i = 0; i < page->tickets->len && tickets->len < SHEET_MAX_TICKETS; i++)
        g_ptr_array_add (tickets, g_object_ref (g_ptr_array_index (page->tickets, i)));

      g_clear_pointer (&cursor, g_free);
      cursor = g_steal_pointer (&page->next_cursor);
    }
  while (!job->one_page && cursor != NULL && tickets->len < SHEET_MAX_TICKETS);

  /* Newest first from the store; a sheet goes in number order. */
  for (guint i = 0; i < tickets->len / 2; i++)
    {
      gpointer swap = tickets->pdata[i];

      tickets->pdata[i] = tickets->pdata[tickets->len - 1 - i];
      tickets->pdata[tickets->len - 1 - i] = swap;
    }

  return g_steal_pointer (&tickets);
}

/* On the worker: each ticket prints its own event's name and date (a sheet
 * of every event holds several), each event read once. */
static gboolean
set_ticket_events (TixStore   *store,
                   SheetJob   *job,
                   GPtrArray  *tickets,
                   GError    **error)
{
  const char *zone = tix_sheet_get_time_zone (job->sheet);

  for (guint i = 0; i < tickets->len; i++)
    {
      TixTicket *ticket = g_ptr_array_index (tickets, i);
      gint64 event_id = tix_ticket_get_event_id (ticket);
      g_autoptr(TixStoreEvent) event = NULL;
      g_autoptr(GError) local = NULL;
      g_autofree char *date = NULL;

      if (event_id <= 0 || tix_sheet_get_ticket_event (job->sheet, ticket, NULL, NULL))
        continue;
      event = tix_store_get_event (store, job->organization_id, event_id, &local);
      /* Gone meanwhile (deleted, so without tickets now): the sheet's own. */
      if (event == NULL && g_error_matches (local, TIX_STORE_ERROR, TIX_STORE_ERROR_NOT_FOUND))
        continue;
      if (event == NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      if (event->starts_at != TIX_STORE_NO_TIME)
        date = tix_time_start_in_zone (event->starts_at, zone);
      tix_sheet_set_event (job->sheet, event_id, event->name, date);
    }
  return TRUE;
}

/* On a sheet worker, with its own connection: read, sign, draw. */
static void
render_in_worker (GTask        *task,
                  TixStore     *store,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  SheetJob *job = task_data;
  guint8 public_key[TIX_TICKET_CODE_PUBLIC_KEY_BYTES];
  guint8 secret_key[TIX_TICKET_CODE_SECRET_KEY_BYTES];
  g_autoptr(GPtrArray) tickets = NULL;
  GError *error = NULL;
  GBytes *pdf;

  tickets = job->ids != NULL ? tickets_by_id (store, job, &error)
                             : tickets_by_query (store, job, &error);
  if (tickets != NULL && tickets->len == 0)
    {
      job->error_status = SOUP_STATUS_NOT_FOUND;
      g_set_error_literal (&error, TIX_STORE_ERROR, TIX_STORE_ERROR_NOT_FOUND,
                           "No tickets match");
      g_clear_pointer (&tickets, g_ptr_array_unref);
    }
  if (tickets != NULL &&
      (!set_ticket_events (store, job, tickets, &error) ||
       !tix_store_get_organization_keys (store, job->organization_id, public_key, secret_key,
                                         &error)))
    g_clear_pointer (&tickets, g_ptr_array_unref);
  if (tickets == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  tix_worker_sign_join (tix_worker_sign_start (tickets, secret_key));
  sodium_memzero (secret_key, sizeof secret_key);
  job->count = tickets->len;

  pdf = tix_sheet_render_pdf (job->sheet, tickets, cancellable, &error);
  if (pdf == NULL)
    {
      job->error_status = SOUP_STATUS_INTERNAL_SERVER_ERROR;
      g_prefix_error (&error, "Could not make the sheet: ");
      g_task_return_error (task, error);
    }
  else
    g_task_return_pointer (task, pdf, (GDestroyNotify) g_bytes_unref);
}

/* Back on the server's thread. */
static void
render_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  SheetJob *job = g_task_get_task_data (G_TASK (result));
  SoupServerMessage *msg = job->msg;
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GError) error = NULL;

  pdf = g_task_propagate_pointer (G_TASK (result), &error);
  /* A message whose connection or server is gone is not ours to answer. */
  if (job->gone || g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;
  if (pdf == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        tix_server_reply_error (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, NULL,
                                "The server is shutting down");
      else if (job->error_status != 0)
        tix_server_reply_error (msg, job->error_status, job->error_field, "%s", error->message);
      else
        tix_server_reply_gerror (msg, error);
    }
  else
    {
      g_autofree char *count = g_strdup_printf ("%u", job->count);

      /* How many went on the sheet, and how many matched (more than 10,000
       * matches print the first 10,000). */
      soup_message_headers_replace (headers, "X-Tix-Ticket-Count", count);
      if (job->ids == NULL)
        {
          g_autofree char *total = g_strdup_printf ("%" G_GINT64_FORMAT, job->total);

          soup_message_headers_replace (headers, "X-Tix-Total", total);
        }
      soup_message_headers_replace (headers, "Content-Disposition",
                                    "inline; filename=\"tickets.pdf\"");
      tix_server_reply_streamed (msg, SOUP_STATUS_OK, "application/pdf", pdf);
      return;
    }
  soup_server_message_unpause (msg);
}

static void
handle_sheet (TixServer         *self,
              SoupServerMessage *msg,
              GHashTable        *query)
{
  g_autoptr(TixUser) user = tix_server_authenticate (self, msg);
  g_autoptr(GHashTable) settings = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  g_autoptr(TixSheet) sheet = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  TixServerWorker *worker;
  const char *layout, *ids_text, *filter;
  gint64 organization_id, page_number = 1, limit = DEFAULT_LIMIT, event_id = 0;
  TixStoreFilter store_filter = TIX_STORE_FILTER_ALL;
  SheetJob *job;

  if (user == NULL || !tix_server_query_event (self, msg, query, user, &event_id))
    return;
  organization_id = tix_user_get_organization_id (user);

  settings = tix_store_get_settings (self->store, organization_id, &error);
  if (settings == NULL)
    {
      tix_server_reply_gerror (msg, error);
      return;
    }

  layout = query_value (query, "layout");
  if (layout == NULL)
    layout = g_hash_table_lookup (settings, "sheet_layout");
  if (layout == NULL || *layout == '\0')
    layout = "a4-2x4";
  sheet = tix_sheet_new (layout, NULL);
  if (sheet == NULL)
    {
      tix_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "layout",
                              "“layout” must be one of a4-2x4, a4-3x7, letter-2x4, "
                              "letter-3x7, roll-80");
      return;
    }
  tix_sheet_set_organization_name (sheet, g_hash_table_lookup (settings, "organization_name"));
  /* For a ticket of no known event; each ticket prints its own event's
   * (set_ticket_events ()). */
  tix_sheet_set_event_name (sheet, g_hash_table_lookup (settings, "event_name"));
  tix_sheet_set_event_date (sheet, g_hash_table_lookup (settings, "event_date"));
  tix_sheet_set_time_zone (sheet, g_hash_table_lookup (settings, "time_zone"));

  ids_text = query_value (query, "ids");
  if (ids_text != NULL)
    {
      ids = parse_ids (msg, ids_text);
      if (ids == NULL)
        return;
    }
  else
    {
      if (!tix_server_query_int (msg, query, "page", 1, 1, G_MAXINT32, &page_number) ||
          !tix_server_query_int (msg, query, "limit", DEFAULT_LIMIT, 1, G_MAXINT32, &limit))
        return;
      filter = query_value (query, "filter");
      if (filter == NULL || g_str_equal (filter, "all"))
        store_filter = TIX_STORE_FILTER_ALL;
      else if (g_str_equal (filter, "scanned"))
        store_filter = TIX_STORE_FILTER_SCANNED;
      else if (g_str_equal (filter, "not-scanned"))
        store_filter = TIX_STORE_FILTER_NOT_SCANNED;
      else
        {
          tix_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "filter",
                                  "“filter” must be “scanned” or “not-scanned”");
          return;
        }
    }

  worker = tix_server_get_sheet_worker (self, &error);
  if (worker == NULL)
    {
      tix_server_reply_gerror (msg, error);
      return;
    }

  job = g_new0 (SheetJob, 1);
  job->msg = g_object_ref (msg);
  job->sheet = g_steal_pointer (&sheet);
  job->organization_id = organization_id;
  job->ids = g_steal_pointer (&ids);
  job->filter = store_filter;
  job->event_id = event_id;
  job->search = g_strdup (query_value (query, "search"));
  job->one_page = query_value (query, "page") != NULL || query_value (query, "limit") != NULL;
  job->page = page_number;
  job->limit = limit;

  tix_server_watch_gone (msg, &job->gone);
  soup_server_message_pause (msg);
  task = g_task_new (self, self->cancellable, render_done, NULL);
  g_task_set_source_tag (task, handle_sheet);
  /* Done is done, even when the server is stopping meanwhile. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, job, (GDestroyNotify) sheet_job_free);
  tix_server_worker_run (worker, task, render_in_worker);
}

gboolean
tix_server_route_sheet (TixServer         *self,
                        SoupServerMessage *msg,
                        TixRoute          *route)
{
  if (!tix_route_is (route, "GET", "/api/tickets/sheet.pdf"))
    return FALSE;

  handle_sheet (self, msg, route->query);
  return TRUE;
}
