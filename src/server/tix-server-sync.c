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

/* One page of the sync, as it goes on the wire. */
typedef struct
{
  gint64            organization_id;
  gint64            since;
  gint64            limit;
  gboolean          gzip;
  TixStoreSyncMark  mark;     /* what the page was made from, with… */
  char             *events;   /* … the events, as JSON, and… */
  char             *entrances;  /* … their entrances, as JSON */
  GBytes           *body;     /* NULL until made */
  gboolean          compressed;
  gint64            next;
  gboolean          more;
} SyncPage;

static void
sync_page_free (SyncPage *page)
{
  g_clear_pointer (&page->body, g_bytes_unref);
  g_free (page->events);
  g_free (page->entrances);
  g_free (page);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SyncPage, sync_page_free)

/* Pages made ahead: a station that got a page with "more" asks for the next
 * at once, and it is made while the station reads this one. A few, for the
 * stations that sync at the same time (the doors opening). */
#define SYNC_PAGES_AHEAD 4

/* The organization's events as the sync carries them: every one, archived
 * ones too, so that a station names the event of a ticket it refuses
 * ("other-event") alone. Events change without a change number: a page made
 * ahead is good only with the same text. */
static char *
sync_events_json (TixServer  *self,
                  gint64      organization_id,
                  GError    **error)
{
  g_autoptr(GPtrArray) events = tix_store_list_events (self->store, organization_id, TRUE,
                                                       error);
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) root = NULL;

  if (events == NULL)
    return NULL;
  builder = json_builder_new_immutable ();
  json_builder_begin_array (builder);
  for (guint i = 0; i < events->len; i++)
    tix_server_add_event (builder, g_ptr_array_index (events, i));
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  return tix_json_to_string (root, NULL);
}

/* The entrances of every event of the organization (door rules), so that
 * an offline station applies the same rules: without their "inside", which
 * changes at every scan (who is inside is each ticket's change). */
static char *
sync_entrances_json (TixServer  *self,
                     gint64      organization_id,
                     GError    **error)
{
  g_autoptr(GPtrArray) entrances = tix_store_list_entrances (self->store, organization_id, 0,
                                                             error);
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) root = NULL;

  if (entrances == NULL)
    return NULL;
  builder = json_builder_new_immutable ();
  json_builder_begin_array (builder);
  for (guint i = 0; i < entrances->len; i++)
    tix_server_add_entrance (builder, g_ptr_array_index (entrances, i), FALSE);
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  return tix_json_to_string (root, NULL);
}

/* The mark, events and entrances of @page's organization, now. */
static gboolean
read_sync_state (TixServer  *self,
                 SyncPage   *page,
                 GError    **error)
{
  g_clear_pointer (&page->events, g_free);
  g_clear_pointer (&page->entrances, g_free);
  if (!tix_store_get_sync_mark (self->store, page->organization_id, &page->mark, error))
    return FALSE;
  page->events = sync_events_json (self, page->organization_id, error);
  if (page->events == NULL)
    return FALSE;
  page->entrances = sync_entrances_json (self, page->organization_id, error);
  return page->entrances != NULL;
}

static void
append_time_or_null (GString *out,
                     gint64   ms)
{
  char iso[TIX_TIME_ISO_SIZE];

  if (ms == TIX_STORE_NO_TIME)
    {
      g_string_append_len (out, "null", 4);
      return;
    }
  tix_time_format_iso_buf (ms, iso);
  g_string_append_c (out, '"');
  g_string_append (out, iso);
  g_string_append_c (out, '"');
}

static void
append_id_or_null (GString *out,
                   gint64   id)
{
  if (id > 0)
    g_string_append_printf (out, "%" G_GINT64_FORMAT, id);
  else
    g_string_append_len (out, "null", 4);
}

/* Fills in @page's body, next and more from the store. */
static gboolean
make_sync_page (TixServer  *self,
                SyncPage   *page,
                GError    **error)
{
  g_autoptr(GPtrArray) changes = NULL;
  g_autofree char *public_key = NULL;
  TixBodyWriter *writer;
  const guint8 *key;
  GString *out;
  gint64 next = page->since;

  key = tix_server_get_public_key (self, page->organization_id, error);
  changes = key ? tix_store_list_changes (self->store, page->organization_id, page->since,
                                          (guint) page->limit, error)
                : NULL;
  if (changes == NULL)
    return FALSE;

  /* Written row by row into the writer, which compresses each full slice on
   * another core while the next is written. */
  public_key = g_base64_encode (key, TIX_TICKET_CODE_PUBLIC_KEY_BYTES);
  writer = tix_body_writer_new_detached (page->gzip);
  tix_body_writer_expect (writer, 128 + changes->len * 280);
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
      append_id_or_null (out, change->event_id);
      /* Door rules: its type, and whether (and where, when) it is inside. */
      g_string_append_len (out, ",\"type_id\":", 11);
      append_id_or_null (out, change->type_id);
      if (change->inside)
        g_string_append_len (out, ",\"inside\":true", 14);
      else
        g_string_append_len (out, ",\"inside\":false", 15);
      g_string_append_len (out, ",\"entrance_id\":", 15);
      append_id_or_null (out, change->entrance_id);
      g_string_append_len (out, ",\"last_in_at\":", 14);
      append_time_or_null (out, change->last_in_at);
      g_string_append_len (out, ",\"last_out_at\":", 15);
      append_time_or_null (out, change->last_out_at);
      /* Only on a ticket of a refunded order. */
      if (change->refunded)
        g_string_append_len (out, ",\"refunded\":true", 16);
      if (change->deleted)
        g_string_append_len (out, ",\"deleted\":true}", 16);
      else
        g_string_append_len (out, ",\"deleted\":false}", 17);
      next = change->version;
      tix_body_writer_wrote (writer);
      out = tix_body_writer_buffer (writer);
    }
  page->next = next;
  page->more = changes->len == (guint) page->limit;
  g_string_append_printf (out, "],\"next\":%" G_GINT64_FORMAT ",\"more\":%s,\"events\":%s,"
                          "\"entrances\":%s}",
                          next, page->more ? "true" : "false", page->events, page->entrances);
  page->body = tix_body_writer_finish_bytes (writer, &page->compressed);
  if (page->body == NULL)
    {
      g_set_error_literal (error, TIX_STORE_ERROR, TIX_STORE_ERROR_FAILED,
                           "Could not compress the answer");
      return FALSE;
    }
  return TRUE;
}

/* The page made ahead for this request, if nothing changed since. */
static SyncPage *
take_sync_page (TixServer      *self,
                const SyncPage *wanted)
{
  for (GList *l = self->sync_pages.head; l != NULL; l = l->next)
    {
      SyncPage *page = l->data;

      if (page->organization_id != wanted->organization_id || page->since != wanted->since ||
          page->limit != wanted->limit || page->gzip != wanted->gzip)
        continue;
      /* Not made yet: the request makes it now, and only once. */
      g_queue_delete_link (&self->sync_pages, l);
      if (page->body != NULL &&
          page->mark.changes == wanted->mark.changes &&
          page->mark.horizon == wanted->mark.horizon &&
          g_strcmp0 (page->events, wanted->events) == 0 &&
          g_strcmp0 (page->entrances, wanted->entrances) == 0)
        return page;
      sync_page_free (page);
      return NULL;
    }
  return NULL;
}

/* Makes the pages asked for ahead, one a turn of the main loop: a page is a
 * few milliseconds, and a scan must not wait for more than one. */
static gboolean
make_pages_ahead (gpointer data)
{
  TixServer *self = data;

  for (GList *l = self->sync_pages.head; l != NULL; l = l->next)
    {
      SyncPage *page = l->data;
      g_autoptr(GError) error = NULL;

      if (page->body != NULL)
        continue;
      if (!read_sync_state (self, page, &error) || !make_sync_page (self, page, &error))
        {
          /* Nothing lost: the request makes it itself. */
          g_debug ("Could not make a sync page ahead: %s", error->message);
          g_queue_delete_link (&self->sync_pages, l);
          sync_page_free (page);
        }
      return G_SOURCE_CONTINUE;
    }

  g_clear_pointer (&self->sync_ahead_source, g_source_unref);
  return G_SOURCE_REMOVE;
}

/* What the next page ahead waits for: the page before it sent. */
typedef struct
{
  TixServer *server;   /* unowned: the message goes before the server */
  SyncPage  *page;
} PageAhead;

static void
page_ahead_free (gpointer  data,
                 GClosure *closure)
{
  PageAhead *ahead = data;

  g_clear_pointer (&ahead->page, sync_page_free);
  g_free (ahead);
}

static void
on_page_sent (SoupServerMessage *msg,
              PageAhead         *ahead)
{
  TixServer *self = ahead->server;
  SyncPage *page = g_steal_pointer (&ahead->page);

  /* Or the server is closing. */
  if (page == NULL || self->store == NULL)
    {
      g_clear_pointer (&page, sync_page_free);
      return;
    }
  g_queue_push_tail (&self->sync_pages, page);
  while (self->sync_pages.length > SYNC_PAGES_AHEAD)
    sync_page_free (g_queue_pop_head (&self->sync_pages));

  if (self->sync_ahead_source == NULL)
    {
      /* At the priority of the requests: the next one waits for this page
       * rather than make it again. */
      self->sync_ahead_source = g_idle_source_new ();
      g_source_set_priority (self->sync_ahead_source, G_PRIORITY_DEFAULT);
      g_source_set_callback (self->sync_ahead_source, make_pages_ahead, self, NULL);
      g_source_set_static_name (self->sync_ahead_source, "[tix] sync pages ahead");
      g_source_attach (self->sync_ahead_source, g_main_context_get_thread_default ());
    }
}

void
tix_server_sync_clear (TixServer *self)
{
  if (self->sync_ahead_source != NULL)
    {
      g_source_destroy (self->sync_ahead_source);
      g_clear_pointer (&self->sync_ahead_source, g_source_unref);
    }
  g_queue_clear_full (&self->sync_pages, (GDestroyNotify) sync_page_free);
}

/* GET /api/sync?since=N&limit=L */
static void
handle_sync (TixServer         *self,
             SoupServerMessage *msg,
             GHashTable        *query)
{
  g_autoptr(TixUser) user = tix_server_authenticate (self, msg);
  g_autoptr(GError) error = NULL;
  g_autoptr(SyncPage) page = NULL;
  g_autoptr(SyncPage) wanted = g_new0 (SyncPage, 1);

  if (user == NULL ||
      !tix_server_query_int (msg, query, "since", 0, 0, G_MAXINT64, &wanted->since) ||
      !tix_server_query_int (msg, query, "limit", SYNC_DEFAULT_LIMIT, 1, G_MAXINT32,
                             &wanted->limit))
    return;
  wanted->limit = MIN (wanted->limit, SYNC_MAX_LIMIT);
  wanted->organization_id = tix_user_get_organization_id (user);
  wanted->gzip = tix_server_accepts_gzip (msg);

  if (!read_sync_state (self, wanted, &error))
    {
      tix_server_reply_gerror (msg, error);
      return;
    }

  page = take_sync_page (self, wanted);
  if (page == NULL)
    {
      page = g_steal_pointer (&wanted);
      if (!make_sync_page (self, page, &error))
        {
          tix_server_reply_gerror (msg, error);
          return;
        }
    }

  tix_server_set_body_bytes (msg, SOUP_STATUS_OK, "application/json; charset=utf-8",
                             page->body, page->compressed);
  /* The next page once this one is on its way: not before, it would wait. */
  if (page->more)
    {
      PageAhead *ahead = g_new0 (PageAhead, 1);

      ahead->server = self;
      ahead->page = g_new0 (SyncPage, 1);
      ahead->page->organization_id = page->organization_id;
      ahead->page->since = page->next;
      ahead->page->limit = page->limit;
      ahead->page->gzip = page->gzip;
      g_signal_connect_data (msg, "wrote-body", G_CALLBACK (on_page_sent), ahead,
                             page_ahead_free, 0);
    }
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
      tix_json_add_time_member (builder, "at", conflict->at);
      json_builder_set_member_name (builder, "ticket");
      if (ticket != NULL && tix_server_sign_ticket (self, ticket, NULL))
        tix_ticket_to_json (ticket, builder);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "ticket_id");
      json_builder_add_string_value (builder, conflict->ticket_id);

      json_builder_set_member_name (builder, "first");
      json_builder_begin_object (builder);
      tix_json_add_time_member (builder, "scanned_at", conflict->first_scanned_at);
      tix_json_add_string_member (builder, "scanned_by_name", conflict->first_scanned_by_name);
      tix_json_add_string_member (builder, "station", conflict->first_station);
      json_builder_end_object (builder);

      json_builder_set_member_name (builder, "second");
      json_builder_begin_object (builder);
      tix_json_add_string_member (builder, "scan_id", conflict->scan_id);
      tix_json_add_time_member (builder, "scanned_at", conflict->second_scanned_at);
      tix_json_add_string_member (builder, "user_name", conflict->second_user_name);
      tix_json_add_string_member (builder, "station", conflict->second_station);
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
