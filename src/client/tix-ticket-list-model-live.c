/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-ticket-list-model"

#include "config.h"

#include <string.h>

#include "tix-ticket-list-model-private.h"

/* What changes the list without paging it again: new tickets prepended,
 * a deleted one removed, a scan copied into the ticket shown; made by this
 * station (tix_tickets_view_add_tickets after a generate, a delete) or
 * heard on the event stream from the others. */

/* A clear, or more new tickets than are worth fetching one page of, reload
 * the list a moment later (events come in bursts). */
#define LIVE_RELOAD_DELAY_MS 500
#define LIVE_FETCH_MAX       1000

static gboolean
matches (TixTicketListModel *self,
         TixTicket          *ticket)
{
  gboolean scanned = tix_ticket_is_scanned (ticket);
  size_t len = strlen (self->search);

  if (self->filter == TIX_TICKET_FILTER_SCANNED && !scanned)
    return FALSE;
  if (self->filter == TIX_TICKET_FILTER_NOT_SCANNED && scanned)
    return FALSE;
  /* as the server does: anywhere in the number or the extra text, any case */
  if (len == 0)
    return TRUE;
  {
    g_autofree char *needle = g_utf8_casefold (self->search, -1);
    g_autofree char *number = g_utf8_casefold (tix_ticket_get_number (ticket), -1);
    g_autofree char *extra = g_utf8_casefold (tix_ticket_get_extra (ticket) ? tix_ticket_get_extra (ticket) : "", -1);

    return strstr (number, needle) != NULL || strstr (extra, needle) != NULL;
  }
}

void
tix_ticket_list_model_add_tickets (TixTicketListModel *self,
                                   GPtrArray          *tickets)
{
  g_autoptr(GPtrArray) added = NULL;
  GArray *ranges;
  Page *page;

  g_return_if_fail (TIX_IS_TICKET_LIST_MODEL (self));
  g_return_if_fail (tickets != NULL);

  /* Nothing shown yet (or a load is on its way that may or may not include
   * them), or another order than newest first: ask again. */
  if (!self->loaded || self->sort != NULL)
    {
      if (self->client != NULL)
        tix_ticket_list_model_reload (self);
      return;
    }

  added = g_ptr_array_new ();
  for (guint i = tickets->len; i > 0; i--)
    {
      TixTicket *ticket = g_ptr_array_index (tickets, i - 1);

      g_return_if_fail (TIX_IS_TICKET (ticket));
      if (!matches (self, ticket) ||
          g_hash_table_contains (self->by_id, tix_ticket_get_id (ticket)))
        continue;
      g_ptr_array_add (added, ticket);
    }

  if (added->len == 0)
    return;

  ranges = tix_ticket_list_model_drop_pending_pages (self);

  for (guint i = 0; i < self->pages->len; i++)
    {
      Page *p = g_ptr_array_index (self->pages, i);
      p->start += added->len;
    }
  for (guint i = 0; i < ranges->len; i++)
    g_array_index (ranges, gint64, i * 2) += added->len;

  page = g_new0 (Page, 1);
  page->id = ++self->next_page_id;
  page->number = 0;
  page->start = 0;
  page->items = g_ptr_array_new_full (added->len, g_object_unref);
  for (guint i = 0; i < added->len; i++)
    g_ptr_array_add (page->items, g_object_ref (tix_ticket_list_model_intern (self, g_ptr_array_index (added, i))));
  page->state = PAGE_LOADED;
  page->stamp = ++self->clock;
  page->seq = ++self->seq;
  g_ptr_array_add (self->pages, page);

  self->n_items += added->len;
  tix_ticket_list_model_emit_items_changed (self, 0, 0, added->len);
  tix_ticket_list_model_announce_ranges (self, ranges);
  tix_ticket_list_model_evict (self, page);
}

gint64
tix_ticket_list_model_find (TixTicketListModel *self,
                            const char         *id)
{
  Entry *entry;

  g_return_val_if_fail (TIX_IS_TICKET_LIST_MODEL (self), -1);
  g_return_val_if_fail (id != NULL, -1);

  entry = g_hash_table_lookup (self->by_id, id);
  if (entry == NULL)
    return -1;

  for (guint i = 0; i < self->pages->len; i++)
    {
      Page *page = g_ptr_array_index (self->pages, i);
      guint index;

      if (page->state == PAGE_LOADED &&
          g_ptr_array_find (page->items, entry->ticket, &index) &&
          tix_ticket_list_model_find_page (self, page->start + index) == page)
        return page->start + index;
    }

  return -1;
}

gint64
tix_ticket_list_model_remove_ticket (TixTicketListModel *self,
                                     const char         *id)
{
  GArray *ranges;
  gint64 position;

  g_return_val_if_fail (TIX_IS_TICKET_LIST_MODEL (self), -1);
  g_return_val_if_fail (id != NULL, -1);

  position = tix_ticket_list_model_find (self, id);
  if (position < 0)
    return -1;

  ranges = tix_ticket_list_model_drop_pending_pages (self);

  for (guint i = self->pages->len; i > 0; i--)
    {
      Page *page = g_ptr_array_index (self->pages, i - 1);

      if (page->start > position)
        page->start--;
      else if (tix_ticket_list_page_covers (page, position))
        {
          TixTicket *ticket = g_ptr_array_index (page->items, position - page->start);

          tix_ticket_list_model_release (self, ticket);
          g_ptr_array_remove_index (page->items, position - page->start);
          if (page->items->len == 0)
            tix_ticket_list_model_drop_page (self, page);
        }
    }
  for (guint i = 0; i < ranges->len; i++)
    {
      gint64 *start = &g_array_index (ranges, gint64, i * 2);
      gint64 *len = start + 1;

      if (*start > position)
        (*start)--;
      else if (*start + *len > position)
        (*len)--;
    }

  self->n_items--;
  tix_ticket_list_model_emit_items_changed (self, position, 1, 0);
  tix_ticket_list_model_announce_ranges (self, ranges);

  return position;
}

gboolean
tix_ticket_list_model_update_ticket (TixTicketListModel *self,
                                     TixTicket          *ticket)
{
  Entry *entry;

  g_return_val_if_fail (TIX_IS_TICKET_LIST_MODEL (self), FALSE);
  g_return_val_if_fail (TIX_IS_TICKET (ticket), FALSE);

  entry = g_hash_table_lookup (self->by_id, tix_ticket_get_id (ticket));
  if (entry == NULL)
    return FALSE;
  if (entry->ticket != ticket)
    tix_ticket_update_from (entry->ticket, ticket);
  return TRUE;
}

/* Following the stream ---------------------------------------------------------- */

static gboolean
live_reload_cb (gpointer data)
{
  TixTicketListModel *self = data;

  self->live_reload_source = 0;
  tix_ticket_list_model_reload (self);
  return G_SOURCE_REMOVE;
}

static void
live_reload_soon (TixTicketListModel *self)
{
  if (self->live_reload_source == 0 && self->client != NULL)
    self->live_reload_source = g_timeout_add (LIVE_RELOAD_DELAY_MS, live_reload_cb, self);
}

static void
on_ticket_changed (TixEventStream     *stream,
                   TixTicketChange     change,
                   TixTicket          *ticket,
                   TixTicketListModel *self)
{
  if (change == TIX_TICKET_CHANGE_DELETED)
    tix_ticket_list_model_remove_ticket (self, tix_ticket_get_id (ticket));
  else
    tix_ticket_list_model_update_ticket (self, ticket);
}

static void
live_generated_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(TixTicketListModel) self = user_data;
  g_autoptr(TixTicketPage) page = NULL;
  g_autoptr(GPtrArray) in_order = NULL;

  page = tix_client_list_tickets_finish (TIX_CLIENT (source), result, NULL);
  if (page == NULL)
    return;

  /* Newest first from the server; add_tickets wants number order. */
  in_order = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = page->tickets->len; i > 0; i--)
    g_ptr_array_add (in_order, g_object_ref (g_ptr_array_index (page->tickets, i - 1)));
  tix_ticket_list_model_add_tickets (self, in_order);
}

static void
on_tickets_generated (TixEventStream     *stream,
                      const char         *prefix,
                      guint               count,
                      const char         *first_number,
                      const char         *last_number,
                      TixTicketListModel *self)
{
  if (self->client == NULL || count == 0)
    return;

  /* The newest page of that many: ours are in the list already, and
   * add_tickets skips what it has. */
  if (count <= LIVE_FETCH_MAX)
    {
      if (self->live_cancellable == NULL)
        self->live_cancellable = g_cancellable_new ();
      tix_client_list_event_tickets_async (self->client, self->event_id, TIX_TICKET_FILTER_ALL,
                                           NULL, NULL, NULL, 1, count,
                                           self->live_cancellable, live_generated_cb,
                                           g_object_ref (self));
    }
  else
    live_reload_soon (self);
}

void
tix_ticket_list_model_init_live (TixTicketListModel *self)
{
  self->stream_signals = g_signal_group_new (TIX_TYPE_EVENT_STREAM);
  g_signal_group_connect_object (self->stream_signals, "ticket-changed",
                                 G_CALLBACK (on_ticket_changed), self, 0);
  g_signal_group_connect_object (self->stream_signals, "tickets-generated",
                                 G_CALLBACK (on_tickets_generated), self, 0);
  g_signal_group_connect_object (self->stream_signals, "tickets-cleared",
                                 G_CALLBACK (live_reload_soon), self, G_CONNECT_SWAPPED);
}

void
tix_ticket_list_model_cancel_live (TixTicketListModel *self)
{
  g_cancellable_cancel (self->live_cancellable);
  g_clear_object (&self->live_cancellable);
  g_clear_handle_id (&self->live_reload_source, g_source_remove);
}

void
tix_ticket_list_model_dispose_live (TixTicketListModel *self)
{
  tix_ticket_list_model_cancel_live (self);
  if (self->stream_signals != NULL)
    g_signal_group_set_target (self->stream_signals, NULL);
  g_clear_object (&self->stream_signals);
  g_clear_object (&self->stream);
}

TixEventStream *
tix_ticket_list_model_get_stream (TixTicketListModel *self)
{
  g_return_val_if_fail (TIX_IS_TICKET_LIST_MODEL (self), NULL);

  return self->stream;
}

void
tix_ticket_list_model_set_stream (TixTicketListModel *self,
                                  TixEventStream     *stream)
{
  g_return_if_fail (TIX_IS_TICKET_LIST_MODEL (self));
  g_return_if_fail (stream == NULL || TIX_IS_EVENT_STREAM (stream));

  if (!g_set_object (&self->stream, stream))
    return;

  g_signal_group_set_target (self->stream_signals, stream);
  g_object_notify (G_OBJECT (self), "stream");
}
