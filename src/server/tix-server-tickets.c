/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-server-tickets"

#include "config.h"

#include <string.h>

#include "tix-server-compress.h"
#include "tix-server-private.h"
#include "tix-ticket-code.h"
#include "tix-time.h"
#include "tix-validate.h"

#define DEFAULT_LIMIT 100
#define MAX_LIMIT     1000

/* Tickets as a JSON array, written straight out: no JsonNode tree for
 * 100,000 tickets. The writer compresses each full slice on another core
 * while the next is written (when the client accepts gzip). */
static void
append_ticket_array (TixBodyWriter *writer,
                     GPtrArray     *tickets)
{
  g_string_append_c (tix_body_writer_buffer (writer), '[');
  for (guint i = 0; i < tickets->len; i++)
    {
      GString *out = tix_body_writer_buffer (writer);

      if (i > 0)
        g_string_append_c (out, ',');
      tix_ticket_append_json (g_ptr_array_index (tickets, i), out);
      tix_body_writer_wrote (writer);
    }
  g_string_append_c (tix_body_writer_buffer (writer), ']');
}

static void
reply_ticket_array (SoupServerMessage *msg,
                    guint              status,
                    GPtrArray         *tickets)
{
  TixBodyWriter *writer = tix_body_writer_new (msg, status, "application/json; charset=utf-8");

  /* About 420 bytes a ticket with its code. */
  tix_body_writer_expect (writer, 64 + (gsize) tickets->len * 448);
  append_ticket_array (writer, tickets);
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
static void
broadcast_generated (TixServer  *self,
                     TixUser    *user,
                     const char *prefix,
                     GPtrArray  *tickets)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "prefix");
  json_builder_add_string_value (builder, prefix);
  json_builder_set_member_name (builder, "count");
  json_builder_add_int_value (builder, tickets->len);
  json_builder_set_member_name (builder, "first_number");
  json_builder_add_string_value (builder, tix_ticket_get_number (g_ptr_array_index (tickets, 0)));
  json_builder_set_member_name (builder, "last_number");
  json_builder_add_string_value (builder,
                                 tix_ticket_get_number (g_ptr_array_index (tickets,
                                                                           tickets->len - 1)));
  tix_server_broadcast (self, tix_user_get_organization_id (user), "tickets-generated", builder);
}

typedef struct
{
  TixServer  *server;
  gint64      organization_id;
  TixSignJob *job;
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
  gint64 count = 0;

  if (user == NULL || !tix_server_require_role (msg, user, "seller"))
    return;

  body = tix_server_read_object (msg);
  if (body == NULL)
    return;

  if (!tix_server_get_int (msg, body, "count", TRUE, 1, TIX_GENERATE_MAX_COUNT, &count) ||
      !tix_server_get_string (msg, body, "prefix", FALSE, &prefix) ||
      !tix_server_get_string (msg, body, "extra", FALSE, &extra))
    return;

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

  /* The codes are signed on the other cores while the tickets are written. */
  signing.server = self;
  signing.organization_id = tix_user_get_organization_id (user);
  tickets = tix_store_generate_tickets_full (self->store, user, prefix, extra, (guint) count,
                                             tix_time_now_ms (), start_signing, &signing,
                                             &error);
  if (signing.job != NULL)
    tix_server_sign_job_join (signing.job);
  if (tickets == NULL || signing.error != NULL)
    {
      tix_server_reply_gerror (msg, error ? error : signing.error);
      g_clear_error (&signing.error);
      return;
    }

  reply_ticket_array (msg, SOUP_STATUS_CREATED, tickets);
  broadcast_generated (self, user, prefix, tickets);
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
      (query->filter == TIX_STORE_FILTER_NOT_SCANNED && tix_ticket_is_scanned (ticket)))
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
      !tix_server_query_int (msg, query, "limit", DEFAULT_LIMIT, 1, G_MAXINT32, &limit))
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
  append_ticket_array (writer, page->tickets);
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
  TixStoreScan scan = { 0 };

  if (user == NULL || (scan.id = path_ticket_id (msg, route)) == NULL)
    return;

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

static void
handle_clear (TixServer         *self,
              SoupServerMessage *msg)
{
  g_autoptr(TixUser) user = tix_server_authenticate (self, msg);
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(GError) error = NULL;
  gint64 deleted;

  if (user == NULL || !tix_server_require_role (msg, user, "admin"))
    return;

  deleted = tix_store_clear_tickets (self->store, user, tix_time_now_ms (), &error);
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
  tix_server_broadcast (self, tix_user_get_organization_id (user), "tickets-cleared", builder);
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
    handle_clear (self, msg);
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
