/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-client"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "tix-client-private.h"
#include "tix-json.h"

/* Tickets: generate, list, look up, delete, clear and reissue. */

void
tix_ticket_page_free (TixTicketPage *page)
{
  if (page == NULL)
    return;

  g_clear_pointer (&page->tickets, g_ptr_array_unref);
  g_free (page->next_cursor);
  g_free (page);
}

static GPtrArray *
parse_ticket_list (JsonNode  *node,
                   GError   **error)
{
  return tix_client_parse_list (node, (TixClientItemFunc) tix_ticket_new_from_json,
                                _("no list of tickets"), error);
}

/* [ticket, …] */
static gpointer
parse_tickets (JsonNode  *root,
               GError   **error)
{
  return parse_ticket_list (root, error);
}

static const TixClientEndpoint tickets_endpoint = {
  parse_tickets, (GDestroyNotify) g_ptr_array_unref, NULL, TIX_CLIENT_CALL_DEFAULT,
};

/* {tickets, total, page, limit, next_cursor} */
static gpointer
parse_page (JsonNode  *root,
            GError   **error)
{
  g_autoptr(TixTicketPage) page = g_new0 (TixTicketPage, 1);
  g_autoptr(GError) local_error = NULL;
  JsonObject *object = tix_client_root_object (root, error);
  const char *cursor = NULL;

  if (object == NULL)
    return NULL;

  page->tickets = parse_ticket_list (json_object_get_member (object, "tickets"), error);
  if (page->tickets == NULL)
    return NULL;

  if (!tix_client_get_int (object, "total", TRUE, &page->total, error) ||
      !tix_client_get_int (object, "page", FALSE, &page->page, error) ||
      !tix_client_get_int (object, "limit", FALSE, &page->limit, error))
    return NULL;

  if (!tix_json_get_string (object, "next_cursor", FALSE, &cursor, &local_error))
    {
      *error = tix_client_protocol_error (local_error->message);
      return NULL;
    }
  if (cursor != NULL && *cursor != '\0')
    page->next_cursor = g_strdup (cursor);

  return g_steal_pointer (&page);
}

static const TixClientEndpoint page_endpoint = {
  parse_page, (GDestroyNotify) tix_ticket_page_free, NULL, TIX_CLIENT_CALL_DEFAULT,
};

/* The ticket itself or {ticket}. */
static gpointer
parse_ticket (JsonNode  *root,
              GError   **error)
{
  JsonObject *object = tix_client_root_object (root, error);

  if (object == NULL)
    return NULL;
  if (json_object_has_member (object, "id"))
    return tix_client_parse_ticket (object, error);
  return tix_client_parse_ticket (tix_client_get_object_member (object, "ticket"), error);
}

const TixClientEndpoint tix_client_ticket_endpoint = {
  parse_ticket, g_object_unref, NULL, TIX_CLIENT_CALL_DEFAULT,
};

/* {success, deleted?} */
static gpointer
parse_deleted (JsonNode  *root,
               GError   **error)
{
  return tix_client_parse_count (root, "deleted", error);
}

static const TixClientEndpoint clear_endpoint = {
  parse_deleted, g_free, NULL, TIX_CLIENT_CALL_DEFAULT,
};

static void
generate (TixClient           *self,
          gint64               event_id,
          guint                count,
          const char          *prefix,
          const char          *extra,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;

  /* The server validates count, prefix, extra and the event and names the
   * bad field. */
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "count");
  json_builder_add_int_value (builder, count);
  tix_client_add_string (builder, "prefix", prefix);
  if (extra != NULL)
    tix_client_add_string (builder, "extra", extra);
  if (event_id > 0)
    {
      json_builder_set_member_name (builder, "event_id");
      json_builder_add_int_value (builder, event_id);
    }
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  tix_client_call (self, "POST", "/api/tickets/generate", body, &tickets_endpoint,
                   tix_client_generate_async, cancellable, callback, user_data);
}

void
tix_client_generate_async (TixClient           *self,
                           guint                count,
                           const char          *prefix,
                           const char          *extra,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_return_if_fail (TIX_IS_CLIENT (self));
  g_return_if_fail (prefix != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  generate (self, 0, count, prefix, extra, cancellable, callback, user_data);
}

void
tix_client_generate_for_event_async (TixClient           *self,
                                     gint64               event_id,
                                     guint                count,
                                     const char          *prefix,
                                     const char          *extra,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_return_if_fail (TIX_IS_CLIENT (self));
  g_return_if_fail (event_id >= 0);
  g_return_if_fail (prefix != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  generate (self, event_id, count, prefix, extra, cancellable, callback, user_data);
}

GPtrArray *
tix_client_generate_finish (TixClient     *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  return tix_client_call_finish (self, result, tix_client_generate_async, error);
}

static void
list_tickets (TixClient           *self,
              gint64               event_id,
              TixTicketFilter      filter,
              const char          *search,
              const char          *sort,
              const char          *cursor,
              guint                page,
              guint                limit,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  g_autoptr(GString) path = g_string_new ("/api/tickets");

  if (event_id > 0)
    tix_client_append_query_int (path, "event_id", event_id);
  if (sort != NULL && *sort != '\0')
    tix_client_append_query (path, "sort", sort);

  if (filter == TIX_TICKET_FILTER_SCANNED)
    tix_client_append_query (path, "filter", "scanned");
  else if (filter == TIX_TICKET_FILTER_NOT_SCANNED)
    tix_client_append_query (path, "filter", "not-scanned");

  if (search != NULL && *search != '\0')
    tix_client_append_query (path, "search", search);

  if (cursor != NULL && *cursor != '\0')
    tix_client_append_query (path, "cursor", cursor);
  else if (page > 0)
    {
      char text[G_ASCII_DTOSTR_BUF_SIZE];

      g_snprintf (text, sizeof text, "%u", page);
      tix_client_append_query (path, "page", text);
    }

  if (limit > 0)
    {
      char text[G_ASCII_DTOSTR_BUF_SIZE];

      g_snprintf (text, sizeof text, "%u", MIN (limit, 1000));
      tix_client_append_query (path, "limit", text);
    }

  tix_client_call (self, "GET", path->str, NULL, &page_endpoint,
                   tix_client_list_tickets_async, cancellable, callback, user_data);
}

void
tix_client_list_tickets_async (TixClient           *self,
                               TixTicketFilter      filter,
                               const char          *search,
                               const char          *cursor,
                               guint                page,
                               guint                limit,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (TIX_IS_CLIENT (self));
  g_return_if_fail (filter <= TIX_TICKET_FILTER_NOT_SCANNED);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  list_tickets (self, 0, filter, search, NULL, cursor, page, limit, cancellable, callback,
                user_data);
}

/* The same in another order: @sort is "number", "generated" or "scanned",
 * "-" before it for the other way (NULL: newest first); by page only.
 * Finish with tix_client_list_tickets_finish(). */
void
tix_client_list_tickets_sorted_async (TixClient           *self,
                                      TixTicketFilter      filter,
                                      const char          *search,
                                      const char          *sort,
                                      guint                page,
                                      guint                limit,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_return_if_fail (TIX_IS_CLIENT (self));
  g_return_if_fail (filter <= TIX_TICKET_FILTER_NOT_SCANNED);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  list_tickets (self, 0, filter, search, sort, NULL, page, limit, cancellable, callback,
                user_data);
}

void
tix_client_list_event_tickets_async (TixClient           *self,
                                     gint64               event_id,
                                     TixTicketFilter      filter,
                                     const char          *search,
                                     const char          *sort,
                                     const char          *cursor,
                                     guint                page,
                                     guint                limit,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_return_if_fail (TIX_IS_CLIENT (self));
  g_return_if_fail (event_id >= 0);
  g_return_if_fail (filter <= TIX_TICKET_FILTER_NOT_SCANNED);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  /* A sorted list pages by page only. */
  if (sort != NULL && *sort != '\0')
    cursor = NULL;
  list_tickets (self, event_id, filter, search, sort, cursor, page, limit, cancellable, callback,
                user_data);
}

TixTicketPage *
tix_client_list_tickets_finish (TixClient     *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  return tix_client_call_finish (self, result, tix_client_list_tickets_async, error);
}

char *
tix_client_ticket_path (const char *id,
                        const char *suffix)
{
  g_autofree char *escaped = g_uri_escape_string (id, NULL, FALSE);

  return g_strconcat ("/api/tickets/", escaped, suffix, NULL);
}

void
tix_client_get_ticket_async (TixClient           *self,
                             const char          *id,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (TIX_IS_CLIENT (self));
  g_return_if_fail (id != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  path = tix_client_ticket_path (id, NULL);
  tix_client_call (self, "GET", path, NULL, &tix_client_ticket_endpoint,
                   tix_client_get_ticket_async, cancellable, callback, user_data);
}

TixTicket *
tix_client_get_ticket_finish (TixClient     *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  return tix_client_call_finish (self, result, tix_client_get_ticket_async, error);
}

void
tix_client_delete_ticket_async (TixClient           *self,
                                const char          *id,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (TIX_IS_CLIENT (self));
  g_return_if_fail (id != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  path = tix_client_ticket_path (id, NULL);
  tix_client_call (self, "DELETE", path, NULL, &tix_client_none_endpoint,
                   tix_client_delete_ticket_async, cancellable, callback, user_data);
}

gboolean
tix_client_delete_ticket_finish (TixClient     *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return tix_client_call_finish_boolean (self, result, tix_client_delete_ticket_async, error);
}

void
tix_client_clear_tickets_async (TixClient           *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (TIX_IS_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  tix_client_call (self, "DELETE", "/api/tickets", NULL, &clear_endpoint,
                   tix_client_clear_tickets_async, cancellable, callback, user_data);
}

gint64
tix_client_clear_tickets_finish (TixClient     *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_autofree gint64 *deleted = NULL;

  deleted = tix_client_call_finish (self, result, tix_client_clear_tickets_async, error);

  return deleted != NULL ? *deleted : -1;
}

void
tix_client_reissue_ticket_async (TixClient           *self,
                                 const char          *id,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (TIX_IS_CLIENT (self));
  g_return_if_fail (id != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  path = tix_client_ticket_path (id, "/reissue");
  tix_client_call (self, "POST", path, NULL, &tix_client_ticket_endpoint,
                   tix_client_reissue_ticket_async, cancellable, callback, user_data);
}

TixTicket *
tix_client_reissue_ticket_finish (TixClient     *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return tix_client_call_finish (self, result, tix_client_reissue_ticket_async, error);
}
