/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-ticket-list-model"

#include "config.h"

#include <string.h>

#include "tix-ticket-list-model-private.h"

/* How the model pages:
 *
 * The local list mirrors the server's list, newest first: position i here is
 * index i there, because the only changes made locally (tickets prepended
 * after a generate, a ticket removed after a delete) are the ones the server
 * has already made. A Page covers a range of positions with real tickets once
 * its request has answered, and with placeholders until then. Pages may
 * overlap after such local changes shift them; for a position covered by
 * several loaded pages the one loaded last wins, and items-changed is emitted
 * over every page that arrives or goes away, so get_item() never returns
 * another object for a position without items-changed having said so.
 * Tickets are interned by id, so overlapping pages share the same objects. */

#define PAGE_SIZE        TIX_TICKET_LIST_MODEL_PAGE_SIZE
#define MAX_IN_FLIGHT    3
#define MAX_QUEUED       8
#define RETRY_AFTER_USEC (3 * G_USEC_PER_SEC)
#define AUTO_RETRIES     3   /* a failed page is asked for again by itself this often */
#define AUTO_RETRY_SECS  2

typedef struct
{
  TixTicketListModel *self;
  guint               generation;
  guint64             page_id;
} Request;

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TixTicketListModel, tix_ticket_list_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_STREAM,
  PROP_FILTER,
  PROP_SEARCH,
  PROP_LOADING,
  PROP_LOADED,
  PROP_ERROR,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void pump (TixTicketListModel *self);

static Request *
request_new (TixTicketListModel *self,
             guint64             page_id)
{
  Request *request = g_new0 (Request, 1);

  request->self = g_object_ref (self);
  request->generation = self->generation;
  request->page_id = page_id;
  return request;
}

static void
request_free (Request *request)
{
  g_clear_object (&request->self);
  g_free (request);
}

static void
set_error (TixTicketListModel *self,
           const GError       *error)
{
  if (self->error == NULL && error == NULL)
    return;
  g_clear_error (&self->error);
  if (error != NULL)
    self->error = g_error_copy (error);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

static void
set_loading (TixTicketListModel *self,
             gboolean            loading)
{
  if (self->loading == !!loading)
    return;
  self->loading = !!loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
set_loaded (TixTicketListModel *self,
            gboolean            loaded)
{
  if (self->loaded == !!loaded)
    return;
  self->loaded = !!loaded;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
}

void
tix_ticket_list_model_emit_items_changed (TixTicketListModel *self,
                                          guint               position,
                                          guint               removed,
                                          guint               added)
{
  if (removed == 0 && added == 0)
    return;
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
  if (removed != added)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

static gboolean
retry_cb (gpointer user_data)
{
  TixTicketListModel *self = user_data;

  self->retry_source = 0;

  for (guint i = 0; i < self->pages->len; i++)
    {
      Page *page = g_ptr_array_index (self->pages, i);

      if (page->state == PAGE_FAILED && page->n_failures < AUTO_RETRIES)
        {
          page->state = PAGE_QUEUED;
          g_queue_push_tail (&self->queue, page);
        }
    }
  pump (self);

  return G_SOURCE_REMOVE;
}

/* Replaces the placeholders of @page by the interned @tickets and marks it loaded. */
static void
page_fill (TixTicketListModel *self,
           Page               *page,
           GPtrArray          *tickets)
{
  for (guint i = 0; i < page->items->len && i < tickets->len; i++)
    {
      TixTicket *ticket = tix_ticket_list_model_intern (self, g_ptr_array_index (tickets, i));

      g_object_unref (g_ptr_array_index (page->items, i));
      g_ptr_array_index (page->items, i) = g_object_ref (ticket);
    }
  page->state = PAGE_LOADED;
  page->seq = ++self->seq;
}

static void
page_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Request *request = user_data;
  g_autoptr(TixTicketListModel) self = g_steal_pointer (&request->self);
  guint generation = request->generation;
  guint64 page_id = request->page_id;
  g_autoptr(TixTicketPage) reply = NULL;
  g_autoptr(GError) error = NULL;
  Page *page;

  reply = tix_client_list_tickets_finish (TIX_CLIENT (object), result, &error);

  request_free (request);

  page = tix_ticket_list_model_find_page_by_id (self, page_id);
  if (generation != self->generation || page == NULL || page->state != PAGE_FETCHING)
    return;

  g_assert (self->n_in_flight > 0);
  self->n_in_flight--;
  g_clear_object (&page->cancellable);

  if (reply == NULL)
    {
      g_debug ("Page %u failed: %s", page->number, error->message);
      page->state = PAGE_FAILED;
      page->failed_at = g_get_monotonic_time ();
      /* Rows on screen would show placeholders for good: try again soon. */
      if (++page->n_failures < AUTO_RETRIES && self->retry_source == 0)
        self->retry_source = g_timeout_add_seconds (AUTO_RETRY_SECS, retry_cb, self);
      pump (self);
      return;
    }

  page_fill (self, page, reply->tickets);

  tix_ticket_list_model_emit_items_changed (self, page->start, page->items->len, page->items->len);
  tix_ticket_list_model_evict (self, page);
  pump (self);
}

static void
start_request (TixTicketListModel *self,
               Page               *page)
{
  g_assert (page->state == PAGE_QUEUED);
  g_assert (self->client != NULL);

  page->state = PAGE_FETCHING;
  page->cancellable = g_cancellable_new ();
  self->n_in_flight++;
  self->n_requests++;
  g_array_append_val (self->requested, page->number);

  tix_client_list_event_tickets_async (self->client, self->event_id, self->filter,
                                       self->search[0] ? self->search : NULL, self->sort,
                                       NULL, page->number, PAGE_SIZE,
                                       page->cancellable, page_cb,
                                       request_new (self, page->id));
}

static void
pump (TixTicketListModel *self)
{
  if (self->loading || self->client == NULL)
    return;

  while (self->n_in_flight < MAX_IN_FLIGHT && !g_queue_is_empty (&self->queue))
    start_request (self, g_queue_pop_head (&self->queue));
}

static gboolean
prune_cb (gpointer user_data)
{
  TixTicketListModel *self = user_data;

  self->prune_source = 0;

  /* The oldest wishes are the least likely to be on screen still; if one
   * is, items-changed makes the view ask for it again, at the front. */
  while (self->queue.length > MAX_QUEUED)
    {
      Page *page = g_queue_peek_tail (&self->queue);
      gint64 start = page->start;
      guint len = page->items->len;

      tix_ticket_list_model_drop_page (self, page);
      tix_ticket_list_model_emit_items_changed (self, start, len, len);
    }

  return G_SOURCE_REMOVE;
}

static void
first_page_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Request *request = user_data;
  g_autoptr(TixTicketListModel) self = g_steal_pointer (&request->self);
  guint generation = request->generation;
  g_autoptr(TixTicketPage) reply = NULL;
  g_autoptr(GError) error = NULL;
  gint64 old_n_items;
  Page *page;
  guint len;

  reply = tix_client_list_tickets_finish (TIX_CLIENT (object), result, &error);

  request_free (request);

  if (generation != self->generation)
    return;

  g_clear_object (&self->cancellable);
  old_n_items = self->n_items;
  tix_ticket_list_model_drop_all_pages (self);
  g_hash_table_remove_all (self->by_id);

  if (reply == NULL)
    {
      self->n_items = 0;
      set_error (self, error);
      set_loaded (self, FALSE);
      set_loading (self, FALSE);
      tix_ticket_list_model_emit_items_changed (self, 0, old_n_items, 0);
      return;
    }

  self->n_items = MAX (reply->total, (gint64) reply->tickets->len);
  self->n_items = MIN (self->n_items, (gint64) G_MAXUINT);
  len = MIN (self->n_items, PAGE_SIZE);
  page = tix_ticket_list_model_new_page (self, 1, 0, len);
  page_fill (self, page, reply->tickets);
  g_ptr_array_add (self->pages, page);

  set_error (self, NULL);
  set_loaded (self, TRUE);
  set_loading (self, FALSE);
  tix_ticket_list_model_emit_items_changed (self, 0, old_n_items, self->n_items);
  pump (self);
}

void
tix_ticket_list_model_cancel (TixTicketListModel *self)
{
  g_return_if_fail (TIX_IS_TICKET_LIST_MODEL (self));

  self->generation++;
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  for (guint i = 0; i < self->pages->len; i++)
    {
      Page *page = g_ptr_array_index (self->pages, i);

      if (page->state == PAGE_FETCHING)
        {
          g_assert (self->n_in_flight > 0);
          self->n_in_flight--;
        }
      if (page->state != PAGE_LOADED)
        page->state = PAGE_STALE;
      if (page->cancellable != NULL)
        g_cancellable_cancel (page->cancellable);
      g_clear_object (&page->cancellable);
    }
  g_queue_clear (&self->queue);
  g_clear_handle_id (&self->prune_source, g_source_remove);
  g_clear_handle_id (&self->retry_source, g_source_remove);
  tix_ticket_list_model_cancel_live (self);

  set_loading (self, FALSE);
}

void
tix_ticket_list_model_reload (TixTicketListModel *self)
{
  g_return_if_fail (TIX_IS_TICKET_LIST_MODEL (self));

  tix_ticket_list_model_cancel (self);
  g_array_set_size (self->requested, 0);

  if (self->client == NULL)
    {
      gint64 old_n_items = self->n_items;

      tix_ticket_list_model_drop_all_pages (self);
      g_hash_table_remove_all (self->by_id);
      self->n_items = 0;
      set_error (self, NULL);
      set_loaded (self, FALSE);
      tix_ticket_list_model_emit_items_changed (self, 0, old_n_items, 0);
      return;
    }

  self->cancellable = g_cancellable_new ();
  /* A retry after a failure shows progress, not the old error. */
  set_error (self, NULL);
  set_loading (self, TRUE);

  {
    guint first = 1;
    g_array_append_val (self->requested, first);
  }
  self->n_requests++;
  tix_client_list_event_tickets_async (self->client, self->event_id, self->filter,
                                       self->search[0] ? self->search : NULL, self->sort,
                                       NULL, 1, PAGE_SIZE,
                                       self->cancellable, first_page_cb,
                                       request_new (self, 0));
}

static GType
tix_ticket_list_model_get_item_type (GListModel *model)
{
  return TIX_TYPE_TICKET;
}

static guint
tix_ticket_list_model_get_n_items (GListModel *model)
{
  return TIX_TICKET_LIST_MODEL (model)->n_items;
}

static gpointer
tix_ticket_list_model_get_item (GListModel *model,
                                guint       position)
{
  TixTicketListModel *self = TIX_TICKET_LIST_MODEL (model);
  Page *page;

  if (position >= self->n_items)
    return NULL;

  page = tix_ticket_list_model_find_page (self, position);

  if (page == NULL)
    {
      guint number = position / PAGE_SIZE + 1;
      gint64 start = (gint64) (number - 1) * PAGE_SIZE;
      guint len = MIN (PAGE_SIZE, self->n_items - start);

      page = tix_ticket_list_model_new_page (self, number, start, len);
      g_ptr_array_add (self->pages, page);

      if (self->loading)
        page->state = PAGE_STALE;
      else
        {
          page->state = PAGE_QUEUED;
          g_queue_push_head (&self->queue, page);
          pump (self);
          if (self->queue.length > MAX_QUEUED && self->prune_source == 0)
            self->prune_source = g_idle_add (prune_cb, self);
        }
    }
  else if (page->state == PAGE_FAILED &&
           g_get_monotonic_time () - page->failed_at > RETRY_AFTER_USEC)
    {
      page->state = PAGE_QUEUED;
      g_queue_push_head (&self->queue, page);
      pump (self);
    }
  else if (page->state == PAGE_QUEUED)
    {
      /* asked again: move to the front */
      g_queue_remove (&self->queue, page);
      g_queue_push_head (&self->queue, page);
    }

  page->stamp = ++self->clock;

  return g_object_ref (g_ptr_array_index (page->items, position - page->start));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = tix_ticket_list_model_get_item_type;
  iface->get_n_items = tix_ticket_list_model_get_n_items;
  iface->get_item = tix_ticket_list_model_get_item;
}

static void
tix_ticket_list_model_dispose (GObject *object)
{
  TixTicketListModel *self = (TixTicketListModel *) object;

  tix_ticket_list_model_cancel (self);
  tix_ticket_list_model_dispose_live (self);
  tix_ticket_list_model_drop_all_pages (self);
  g_hash_table_remove_all (self->by_id);
  self->n_items = 0;
  g_clear_object (&self->client);

  G_OBJECT_CLASS (tix_ticket_list_model_parent_class)->dispose (object);
}

static void
tix_ticket_list_model_finalize (GObject *object)
{
  TixTicketListModel *self = (TixTicketListModel *) object;

  g_clear_pointer (&self->pages, g_ptr_array_unref);
  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_pointer (&self->requested, g_array_unref);
  g_clear_pointer (&self->search, g_free);
  g_clear_pointer (&self->sort, g_free);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (tix_ticket_list_model_parent_class)->finalize (object);
}

static void
tix_ticket_list_model_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  TixTicketListModel *self = TIX_TICKET_LIST_MODEL (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    case PROP_STREAM:
      g_value_set_object (value, self->stream);
      break;
    case PROP_FILTER:
      g_value_set_int (value, self->filter);
      break;
    case PROP_SEARCH:
      g_value_set_string (value, self->search);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_LOADED:
      g_value_set_boolean (value, self->loaded);
      break;
    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->n_items);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tix_ticket_list_model_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  TixTicketListModel *self = TIX_TICKET_LIST_MODEL (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      tix_ticket_list_model_set_client (self, g_value_get_object (value));
      break;
    case PROP_STREAM:
      tix_ticket_list_model_set_stream (self, g_value_get_object (value));
      break;
    case PROP_FILTER:
      tix_ticket_list_model_set_filter (self, g_value_get_int (value));
      break;
    case PROP_SEARCH:
      tix_ticket_list_model_set_search (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tix_ticket_list_model_class_init (TixTicketListModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tix_ticket_list_model_dispose;
  object_class->finalize = tix_ticket_list_model_finalize;
  object_class->get_property = tix_ticket_list_model_get_property;
  object_class->set_property = tix_ticket_list_model_set_property;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, TIX_TYPE_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* tix-ticket-list-model-live.c */
  properties[PROP_STREAM] =
    g_param_spec_object ("stream", NULL, NULL, TIX_TYPE_EVENT_STREAM,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FILTER] =
    g_param_spec_int ("filter", NULL, NULL,
                      TIX_TICKET_FILTER_ALL, TIX_TICKET_FILTER_NOT_SCANNED, TIX_TICKET_FILTER_ALL,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SEARCH] =
    g_param_spec_string ("search", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR] =
    g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tix_ticket_list_model_init (TixTicketListModel *self)
{
  self->search = g_strdup ("");
  self->pages = g_ptr_array_new ();
  self->by_id = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                       (GDestroyNotify) tix_ticket_list_entry_free);
  self->requested = g_array_new (FALSE, FALSE, sizeof (guint));
  g_queue_init (&self->queue);
  tix_ticket_list_model_init_live (self);
}

TixTicketListModel *
tix_ticket_list_model_new (TixClient *client)
{
  g_return_val_if_fail (client == NULL || TIX_IS_CLIENT (client), NULL);

  return g_object_new (TIX_TYPE_TICKET_LIST_MODEL, "client", client, NULL);
}

TixClient *
tix_ticket_list_model_get_client (TixTicketListModel *self)
{
  g_return_val_if_fail (TIX_IS_TICKET_LIST_MODEL (self), NULL);
  return self->client;
}

void
tix_ticket_list_model_set_client (TixTicketListModel *self,
                                  TixClient          *client)
{
  g_return_if_fail (TIX_IS_TICKET_LIST_MODEL (self));
  g_return_if_fail (client == NULL || TIX_IS_CLIENT (client));

  if (!g_set_object (&self->client, client))
    return;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLIENT]);
  tix_ticket_list_model_reload (self);
}

TixTicketFilter
tix_ticket_list_model_get_filter (TixTicketListModel *self)
{
  g_return_val_if_fail (TIX_IS_TICKET_LIST_MODEL (self), TIX_TICKET_FILTER_ALL);
  return self->filter;
}

void
tix_ticket_list_model_set_filter (TixTicketListModel *self,
                                  TixTicketFilter     filter)
{
  g_return_if_fail (TIX_IS_TICKET_LIST_MODEL (self));
  g_return_if_fail (filter <= TIX_TICKET_FILTER_NOT_SCANNED);

  if (self->filter == filter)
    return;
  self->filter = filter;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILTER]);
  tix_ticket_list_model_reload (self);
}

gint64
tix_ticket_list_model_get_event_id (TixTicketListModel *self)
{
  g_return_val_if_fail (TIX_IS_TICKET_LIST_MODEL (self), 0);
  return self->event_id;
}

void
tix_ticket_list_model_set_event_id (TixTicketListModel *self,
                                    gint64              event_id)
{
  g_return_if_fail (TIX_IS_TICKET_LIST_MODEL (self));
  g_return_if_fail (event_id >= 0);

  if (self->event_id == event_id)
    return;
  self->event_id = event_id;
  tix_ticket_list_model_reload (self);
}

const char *
tix_ticket_list_model_get_search (TixTicketListModel *self)
{
  g_return_val_if_fail (TIX_IS_TICKET_LIST_MODEL (self), NULL);
  return self->search;
}

void
tix_ticket_list_model_set_search (TixTicketListModel *self,
                                  const char         *search)
{
  g_autofree char *stripped = NULL;

  g_return_if_fail (TIX_IS_TICKET_LIST_MODEL (self));

  stripped = g_strstrip (g_strdup (search ? search : ""));
  if (g_strcmp0 (self->search, stripped) == 0)
    return;
  g_free (self->search);
  self->search = g_steal_pointer (&stripped);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCH]);
  tix_ticket_list_model_reload (self);
}

/* @sort: "number", "generated" or "scanned", "-" before it for the other way;
 * NULL or "-generated": newest first. */
void
tix_ticket_list_model_set_sort (TixTicketListModel *self,
                                const char         *sort)
{
  g_return_if_fail (TIX_IS_TICKET_LIST_MODEL (self));

  if (sort != NULL && (*sort == '\0' || g_str_equal (sort, "-generated")))
    sort = NULL;
  if (g_strcmp0 (self->sort, sort) == 0)
    return;
  g_free (self->sort);
  self->sort = g_strdup (sort);
  tix_ticket_list_model_reload (self);
}

const char *
tix_ticket_list_model_get_sort (TixTicketListModel *self)
{
  g_return_val_if_fail (TIX_IS_TICKET_LIST_MODEL (self), NULL);
  return self->sort;
}

gboolean
tix_ticket_list_model_get_loading (TixTicketListModel *self)
{
  g_return_val_if_fail (TIX_IS_TICKET_LIST_MODEL (self), FALSE);
  return self->loading;
}

gboolean
tix_ticket_list_model_get_loaded (TixTicketListModel *self)
{
  g_return_val_if_fail (TIX_IS_TICKET_LIST_MODEL (self), FALSE);
  return self->loaded;
}

const GError *
tix_ticket_list_model_get_error (TixTicketListModel *self)
{
  g_return_val_if_fail (TIX_IS_TICKET_LIST_MODEL (self), NULL);
  return self->error;
}

gboolean
tix_ticket_list_model_is_loaded (TixTicketListModel *self,
                                 guint               position)
{
  Page *page;

  g_return_val_if_fail (TIX_IS_TICKET_LIST_MODEL (self), FALSE);

  if (position >= self->n_items)
    return FALSE;
  page = tix_ticket_list_model_find_page (self, position);
  return page != NULL && page->state == PAGE_LOADED &&
         !tix_ticket_list_model_is_placeholder (g_ptr_array_index (page->items,
                                                                   position - page->start));
}

guint
tix_ticket_list_model_get_n_requests (TixTicketListModel *self)
{
  g_return_val_if_fail (TIX_IS_TICKET_LIST_MODEL (self), 0);
  return self->n_requests;
}

guint
tix_ticket_list_model_get_n_in_flight (TixTicketListModel *self)
{
  g_return_val_if_fail (TIX_IS_TICKET_LIST_MODEL (self), 0);
  return self->n_in_flight + (self->loading ? 1 : 0);
}

guint
tix_ticket_list_model_get_n_cached_pages (TixTicketListModel *self)
{
  guint n = 0;

  g_return_val_if_fail (TIX_IS_TICKET_LIST_MODEL (self), 0);

  for (guint i = 0; i < self->pages->len; i++)
    if (((Page *) g_ptr_array_index (self->pages, i))->state == PAGE_LOADED)
      n++;
  return n;
}

GArray *
tix_ticket_list_model_get_requested_pages (TixTicketListModel *self)
{
  g_return_val_if_fail (TIX_IS_TICKET_LIST_MODEL (self), NULL);
  return self->requested;
}
