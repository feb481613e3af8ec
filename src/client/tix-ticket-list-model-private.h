/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tix-ticket-list-model.h"

G_BEGIN_DECLS

/* The model's instance and what its three files share:
 * tix-ticket-list-model.c pages the server's list (requests, retries, the
 * GListModel); -pages.c keeps the cache of pages and interned tickets;
 * -live.c makes the local changes (new tickets on top, a deleted one gone,
 * a scan copied in) and follows the event stream. */

typedef enum
{
  PAGE_QUEUED,    /* placeholders, waiting for a request slot */
  PAGE_FETCHING,  /* placeholders, request in flight */
  PAGE_LOADED,    /* real tickets */
  PAGE_FAILED,    /* placeholders, request failed; retried when asked again later */
  PAGE_STALE,     /* placeholders of a generation being replaced; never fetched */
} PageState;

typedef struct
{
  guint64       id;
  guint         number;       /* server page number, 1-based */
  gint64        start;        /* local position of items[0] */
  GPtrArray    *items;        /* TixTicket, owned */
  PageState     state;
  guint64       stamp;        /* LRU clock */
  guint64       seq;          /* load order: higher wins on overlap */
  gint64        failed_at;
  guint         n_failures;
  GCancellable *cancellable;
} Page;

typedef struct
{
  TixTicket *ticket;
  guint      refs;
} Entry;

struct _TixTicketListModel
{
  GObject          parent_instance;

  /* Owned references */
  TixClient       *client;
  TixEventStream  *stream;        /* the client's, followed live */
  GSignalGroup    *stream_signals;
  GCancellable    *live_cancellable; /* new tickets fetched after an event */
  char            *search;
  char            *sort;          /* the server's order, NULL: newest first */
  GCancellable    *cancellable;   /* first page of the current generation */
  GError          *error;
  GPtrArray       *pages;         /* Page, owned */
  GQueue           queue;         /* Page, borrowed from pages; head is newest */
  GHashTable      *by_id;         /* id → Entry */
  GArray          *requested;     /* guint page numbers */

  TixTicketFilter  filter;
  gint64           event_id;      /* 0: every event's */
  gint64           n_items;
  guint            n_in_flight;
  guint            n_requests;
  guint64          clock;
  guint64          seq;
  guint64          next_page_id;
  guint            generation;
  guint            prune_source;
  guint            retry_source;
  guint            live_reload_source; /* a reload after many changes at once */

  guint            loading : 1;
  guint            loaded : 1;
};

static inline gboolean
tix_ticket_list_page_covers (Page   *page,
                             gint64  position)
{
  return position >= page->start && position < page->start + (gint64) page->items->len;
}

/* tix-ticket-list-model.c */

void       tix_ticket_list_model_emit_items_changed  (TixTicketListModel *self,
                                                      guint               position,
                                                      guint               removed,
                                                      guint               added);

/* tix-ticket-list-model-pages.c */

void       tix_ticket_list_entry_free                (Entry              *entry);
/* Returns a borrowed reference to the interned ticket with @ticket's id,
 * updated from @ticket. */
TixTicket *tix_ticket_list_model_intern              (TixTicketListModel *self,
                                                      TixTicket          *ticket);
void       tix_ticket_list_model_release             (TixTicketListModel *self,
                                                      TixTicket          *ticket);
/* A page of @len placeholders at @start, for server page @number. */
Page      *tix_ticket_list_model_new_page            (TixTicketListModel *self,
                                                      guint               number,
                                                      gint64              start,
                                                      guint               len);
/* Removes @page from pages (and the queue) and frees it. */
void       tix_ticket_list_model_drop_page           (TixTicketListModel *self,
                                                      Page               *page);
void       tix_ticket_list_model_drop_all_pages      (TixTicketListModel *self);
Page      *tix_ticket_list_model_find_page_by_id     (TixTicketListModel *self,
                                                      guint64             id);
/* The loaded page that was loaded last covering @position, else any page
 * covering it, else NULL. */
Page      *tix_ticket_list_model_find_page           (TixTicketListModel *self,
                                                      gint64              position);
/* Evicts least recently used pages beyond the cache size, never @keep. */
void       tix_ticket_list_model_evict               (TixTicketListModel *self,
                                                      Page               *keep);
/* Drops the pages that hold no tickets yet (queued, in flight, stale or
 * failed): after a local change their server page numbers no longer match
 * their positions. Returns their ranges to be announced with items-changed
 * (tix_ticket_list_model_announce_ranges) once the model is consistent. */
GArray    *tix_ticket_list_model_drop_pending_pages  (TixTicketListModel *self);
void       tix_ticket_list_model_announce_ranges     (TixTicketListModel *self,
                                                      GArray             *ranges);

/* tix-ticket-list-model-live.c */

void       tix_ticket_list_model_init_live           (TixTicketListModel *self);
/* Cancels the fetch of new tickets and the reload it may have planned. */
void       tix_ticket_list_model_cancel_live         (TixTicketListModel *self);
void       tix_ticket_list_model_dispose_live        (TixTicketListModel *self);

G_END_DECLS
