/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-ticket-list-model"

#include "config.h"

#include "tix-ticket-list-model-private.h"

/* The model's cache: pages of tickets (placeholders until their request
 * answers), the tickets interned by id so that overlapping pages share
 * them, and at most MAX_CACHED_PAGES pages kept, the least recently used
 * going first. */

#define MAX_CACHED_PAGES 50

G_DEFINE_QUARK (tix-ticket-list-model-placeholder, placeholder)

static TixTicket *
placeholder_new (void)
{
  TixTicket *ticket = tix_ticket_new ("", "", "", NULL, 0, 0, 0);

  g_object_set_qdata (G_OBJECT (ticket), placeholder_quark (), GINT_TO_POINTER (TRUE));
  return ticket;
}

gboolean
tix_ticket_list_model_is_placeholder (TixTicket *ticket)
{
  g_return_val_if_fail (TIX_IS_TICKET (ticket), FALSE);

  return g_object_get_qdata (G_OBJECT (ticket), placeholder_quark ()) != NULL;
}

void
tix_ticket_list_entry_free (Entry *entry)
{
  g_clear_object (&entry->ticket);
  g_free (entry);
}

/* Returns a borrowed reference to the interned ticket with @ticket's id,
 * updated from @ticket. */
TixTicket *
tix_ticket_list_model_intern (TixTicketListModel *self,
                              TixTicket          *ticket)
{
  Entry *entry = g_hash_table_lookup (self->by_id, tix_ticket_get_id (ticket));

  if (entry != NULL)
    {
      if (entry->ticket != ticket)
        tix_ticket_update_from (entry->ticket, ticket);
      entry->refs++;
      return entry->ticket;
    }

  entry = g_new0 (Entry, 1);
  entry->ticket = g_object_ref (ticket);
  entry->refs = 1;
  g_hash_table_insert (self->by_id, (gpointer) tix_ticket_get_id (ticket), entry);
  return ticket;
}

void
tix_ticket_list_model_release (TixTicketListModel *self,
                               TixTicket          *ticket)
{
  Entry *entry;

  if (tix_ticket_list_model_is_placeholder (ticket))
    return;

  entry = g_hash_table_lookup (self->by_id, tix_ticket_get_id (ticket));
  if (entry == NULL || entry->ticket != ticket)
    return;
  if (--entry->refs == 0)
    g_hash_table_remove (self->by_id, tix_ticket_get_id (ticket));
}

Page *
tix_ticket_list_model_new_page (TixTicketListModel *self,
                                guint               number,
                                gint64              start,
                                guint               len)
{
  Page *page = g_new0 (Page, 1);

  page->id = ++self->next_page_id;
  page->number = number;
  page->start = start;
  page->items = g_ptr_array_new_full (len, g_object_unref);
  for (guint i = 0; i < len; i++)
    g_ptr_array_add (page->items, placeholder_new ());
  page->stamp = ++self->clock;
  return page;
}

/* Removes @page from pages (and the queue) and frees it. */
void
tix_ticket_list_model_drop_page (TixTicketListModel *self,
                                 Page               *page)
{
  g_queue_remove (&self->queue, page);
  if (page->state == PAGE_FETCHING)
    {
      g_assert (self->n_in_flight > 0);
      self->n_in_flight--;
    }
  if (page->cancellable != NULL)
    g_cancellable_cancel (page->cancellable);
  g_clear_object (&page->cancellable);

  for (guint i = 0; i < page->items->len; i++)
    tix_ticket_list_model_release (self, g_ptr_array_index (page->items, i));

  g_ptr_array_remove_fast (self->pages, page);
  g_ptr_array_unref (page->items);
  g_free (page);
}

void
tix_ticket_list_model_drop_all_pages (TixTicketListModel *self)
{
  while (self->pages->len > 0)
    tix_ticket_list_model_drop_page (self, g_ptr_array_index (self->pages, self->pages->len - 1));
  g_assert (g_queue_is_empty (&self->queue));
  g_assert (self->n_in_flight == 0);
}

Page *
tix_ticket_list_model_find_page_by_id (TixTicketListModel *self,
                                       guint64             id)
{
  for (guint i = 0; i < self->pages->len; i++)
    {
      Page *page = g_ptr_array_index (self->pages, i);

      if (page->id == id)
        return page;
    }
  return NULL;
}

/* The loaded page that was loaded last covering @position, else any page
 * covering it, else NULL. */
Page *
tix_ticket_list_model_find_page (TixTicketListModel *self,
                                 gint64              position)
{
  Page *best = NULL;

  for (guint i = 0; i < self->pages->len; i++)
    {
      Page *page = g_ptr_array_index (self->pages, i);

      if (!tix_ticket_list_page_covers (page, position))
        continue;

      if (best == NULL)
        best = page;
      else if (page->state == PAGE_LOADED &&
               (best->state != PAGE_LOADED || page->seq > best->seq))
        best = page;
    }

  return best;
}

/* Evicts least recently used pages beyond the cache size, never @keep. */
void
tix_ticket_list_model_evict (TixTicketListModel *self,
                             Page               *keep)
{
  for (;;)
    {
      Page *victim = NULL;
      guint n_settled = 0;
      gint64 start;
      guint len;

      for (guint i = 0; i < self->pages->len; i++)
        {
          Page *page = g_ptr_array_index (self->pages, i);

          if (page->state != PAGE_LOADED && page->state != PAGE_FAILED)
            continue;
          n_settled++;
          if (page != keep && (victim == NULL || page->stamp < victim->stamp))
            victim = page;
        }

      if (n_settled <= MAX_CACHED_PAGES || victim == NULL)
        return;

      start = victim->start;
      len = victim->items->len;
      tix_ticket_list_model_drop_page (self, victim);
      tix_ticket_list_model_emit_items_changed (self, start, len, len);
    }
}

/* Drops the pages that hold no tickets yet (queued, in flight, stale or
 * failed): after a local change their server page numbers no longer match
 * their positions. Returns their ranges to be announced with items-changed
 * once the model is consistent. */
GArray *
tix_ticket_list_model_drop_pending_pages (TixTicketListModel *self)
{
  GArray *ranges = g_array_new (FALSE, FALSE, sizeof (gint64) * 2);

  for (guint i = self->pages->len; i > 0; i--)
    {
      Page *page = g_ptr_array_index (self->pages, i - 1);
      gint64 range[2];

      if (page->state == PAGE_LOADED)
        continue;

      range[0] = page->start;
      range[1] = page->items->len;
      g_array_append_vals (ranges, range, 1);
      tix_ticket_list_model_drop_page (self, page);
    }

  return ranges;
}

void
tix_ticket_list_model_announce_ranges (TixTicketListModel *self,
                                       GArray             *ranges)
{
  for (guint i = 0; i < ranges->len; i++)
    {
      gint64 *range = &g_array_index (ranges, gint64, i * 2);
      gint64 start = range[0];
      gint64 len = range[1];

      if (start >= self->n_items)
        continue;
      len = MIN (len, self->n_items - start);
      if (len > 0)
        tix_ticket_list_model_emit_items_changed (self, start, len, len);
    }
  g_array_unref (ranges);
}
