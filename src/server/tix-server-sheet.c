/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-server-sheet"

#include "config.h"

#include "tix-server-private.h"
#include "tix-sheet.h"
#include "tix-validate.h"

/* GET /api/tickets/sheet.pdf: the tickets of a list query (filter, search,
 * page, limit) or of ids=ID,ID,…, as a printable PDF sheet. Tickets are read
 * and signed here, on the server's thread (the store is not thread-safe);
 * the PDF is drawn on a worker thread while the message waits, paused. */

#define SHEET_MAX_TICKETS 10000
#define LIST_CHUNK        1000
#define DEFAULT_LIMIT     100
#define MAX_LIMIT         1000

typedef struct
{
  SoupServerMessage *msg;
  TixSheet          *sheet;
  GPtrArray         *tickets;
} SheetJob;

/* Freed on whichever thread lets the task go last: the message is not
 * here, render_done () answers and lets it go on the server's thread. */
static void
sheet_job_free (SheetJob *job)
{
  g_clear_object (&job->sheet);
  g_clear_pointer (&job->tickets, g_ptr_array_unref);
  g_free (job);
}

static const char *
query_value (GHashTable *query,
             const char *name)
{
  const char *value = query ? g_hash_table_lookup (query, name) : NULL;

  return (value != NULL && *value != '\0') ? value : NULL;
}

/* The tickets of ids=…, in the order given, each once; NULL after replying. */
static GPtrArray *
tickets_by_id (TixServer         *self,
               SoupServerMessage *msg,
               gint64             organization_id,
               const char        *ids)
{
  g_autoptr(GPtrArray) tickets = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_auto(GStrv) parts = g_strsplit (ids, ",", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      TixTicket *ticket;
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

      ticket = tix_store_get_ticket (self->store, organization_id, id, &error);
      if (ticket == NULL)
        {
          if (g_error_matches (error, TIX_STORE_ERROR, TIX_STORE_ERROR_NOT_FOUND))
            tix_server_reply_error (msg, SOUP_STATUS_NOT_FOUND, "ids",
                                    "Ticket %s not found", id);
          else
            tix_server_reply_gerror (msg, error);
          return NULL;
        }
      g_ptr_array_add (tickets, ticket);
    }

  return g_steal_pointer (&tickets);
}

/* The tickets of a list query: one page when page or limit is given, else
 * every match up to SHEET_MAX_TICKETS, through cursors. Oldest first, so a
 * sheet reads in number order. NULL after replying. */
static GPtrArray *
tickets_by_query (TixServer         *self,
                  SoupServerMessage *msg,
                  gint64             organization_id,
                  GHashTable        *query,
                  gint64            *out_total)
{
  g_autoptr(GPtrArray) tickets = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *cursor = NULL;
  TixStoreQuery store_query = { 0 };
  const char *filter = query_value (query, "filter");
  gboolean one_page;
  gint64 page_number, limit;

  if (!tix_server_query_int (msg, query, "page", 1, 1, G_MAXINT32, &page_number) ||
      !tix_server_query_int (msg, query, "limit", DEFAULT_LIMIT, 1, G_MAXINT32, &limit))
    return NULL;
  one_page = query_value (query, "page") != NULL || query_value (query, "limit") != NULL;

  if (filter == NULL || g_str_equal (filter, "all"))
    store_query.filter = TIX_STORE_FILTER_ALL;
  else if (g_str_equal (filter, "scanned"))
    store_query.filter = TIX_STORE_FILTER_SCANNED;
  else if (g_str_equal (filter, "not-scanned"))
    store_query.filter = TIX_STORE_FILTER_NOT_SCANNED;
  else
    {
      tix_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "filter",
                              "“filter” must be “scanned” or “not-scanned”");
      return NULL;
    }

  store_query.search = query_value (query, "search");
  /* No ticket number holds other characters: nothing matches. */
  if (store_query.search != NULL && !tix_validate_number_search (store_query.search))
    {
      *out_total = 0;
      return g_steal_pointer (&tickets);
    }

  store_query.page = one_page ? page_number : 1;
  store_query.limit = one_page ? MIN (limit, MAX_LIMIT) : LIST_CHUNK;

  do
    {
      g_autoptr(TixStorePage) page = NULL;
      g_autoptr(GError) error = NULL;

      store_query.cursor = cursor;
      page = tix_store_list_tickets (self->store, organization_id, &store_query, &error);
      if (page == NULL)
        {
          tix_server_reply_gerror (msg, error);
          return NULL;
        }

      *out_total = page->total;
      for (guint i = 0; i < page->tickets->len && tickets->len < SHEET_MAX_TICKETS; i++)
        g_ptr_array_add (tickets, g_object_ref (g_ptr_array_index (page->tickets, i)));

      g_clear_pointer (&cursor, g_free);
      cursor = g_steal_pointer (&page->next_cursor);
    }
  while (!one_page && cursor != NULL && tickets->len < SHEET_MAX_TICKETS);

  /* Newest first from the store; a sheet goes in number order. */
  for (guint i = 0; i < tickets->len / 2; i++)
    {
      gpointer swap = tickets->pdata[i];

      tickets->pdata[i] = tickets->pdata[tickets->len - 1 - i];
      tickets->pdata[tickets->len - 1 - i] = swap;
    }

  return g_steal_pointer (&tickets);
}

static void
render_in_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  SheetJob *job = task_data;
  GError *error = NULL;
  GBytes *pdf = tix_sheet_render_pdf (job->sheet, job->tickets, cancellable, &error);

  /* The worker owns the tickets now; they go with it. */
  g_clear_pointer (&job->tickets, g_ptr_array_unref);

  if (pdf == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, pdf, (GDestroyNotify) g_bytes_unref);
}

static void
render_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  SheetJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(SoupServerMessage) msg = g_steal_pointer (&job->msg);
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers;

  pdf = g_task_propagate_pointer (G_TASK (result), &error);
  if (pdf == NULL)
    {
      tix_server_reply_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, NULL,
                              "Could not make the sheet: %s", error->message);
    }
  else
    {
      headers = soup_server_message_get_response_headers (msg);
      soup_message_headers_replace (headers, "Content-Type", "application/pdf");
      soup_message_headers_replace (headers, "Content-Disposition",
                                    "inline; filename=\"tickets.pdf\"");
      soup_message_body_append_bytes (soup_server_message_get_response_body (msg), pdf);
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
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
  g_autoptr(GPtrArray) tickets = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  g_autofree char *count = NULL;
  g_autofree char *total_text = NULL;
  const char *layout, *ids;
  gint64 organization_id, total = 0;
  SheetJob *job;
  TixSheet *sheet;

  if (user == NULL)
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

  job = g_new0 (SheetJob, 1);
  job->sheet = sheet;
  tix_sheet_set_organization_name (sheet, g_hash_table_lookup (settings, "organization_name"));
  tix_sheet_set_event_name (sheet, g_hash_table_lookup (settings, "event_name"));
  tix_sheet_set_event_date (sheet, g_hash_table_lookup (settings, "event_date"));
  tix_sheet_set_time_zone (sheet, g_hash_table_lookup (settings, "time_zone"));

  ids = query_value (query, "ids");
  if (ids != NULL)
    tickets = tickets_by_id (self, msg, organization_id, ids);
  else
    tickets = tickets_by_query (self, msg, organization_id, query, &total);

  if (tickets != NULL && tickets->len == 0)
    {
      tix_server_reply_error (msg, SOUP_STATUS_NOT_FOUND, NULL, "No tickets match");
      g_clear_pointer (&tickets, g_ptr_array_unref);
    }
  else if (tickets != NULL && !tix_server_sign_tickets (self, organization_id, tickets, &error))
    {
      tix_server_reply_gerror (msg, error);
      g_clear_pointer (&tickets, g_ptr_array_unref);
    }

  if (tickets == NULL)
    {
      g_object_unref (job->sheet);
      g_free (job);
      return;
    }

  /* How many went on the sheet, and how many matched (more than 10,000
   * matches print the first 10,000). */
  count = g_strdup_printf ("%u", tickets->len);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "X-Tix-Ticket-Count", count);
  if (ids == NULL)
    {
      total_text = g_strdup_printf ("%" G_GINT64_FORMAT, total);
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "X-Tix-Total", total_text);
    }

  job->msg = g_object_ref (msg);
  job->tickets = g_steal_pointer (&tickets);
  soup_server_message_pause (msg);

  task = g_task_new (self, self->cancellable, render_done, NULL);
  g_task_set_source_tag (task, handle_sheet);
  g_task_set_task_data (task, job, (GDestroyNotify) sheet_job_free);
  g_task_run_in_thread (task, render_in_thread);
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
