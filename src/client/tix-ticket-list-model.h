/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "tix-client.h"
#include "tix-event-stream.h"

G_BEGIN_DECLS

#define TIX_TICKET_LIST_MODEL_PAGE_SIZE 200

#define TIX_TYPE_TICKET_LIST_MODEL (tix_ticket_list_model_get_type ())

G_DECLARE_FINAL_TYPE (TixTicketListModel, tix_ticket_list_model, TIX, TICKET_LIST_MODEL, GObject)

/* A GListModel of TixTicket (GIO only: the tickets view shows it) that
 * fetches GET /api/tickets page by page, on demand. n-items is the server's total as soon as the first page arrives;
 * get_item() on a position not loaded yet returns a placeholder ticket (see
 * tix_ticket_list_model_is_placeholder()) and fetches the page holding it,
 * then emits items-changed for that page. */
TixTicketListModel *tix_ticket_list_model_new            (TixClient          *client);

TixClient          *tix_ticket_list_model_get_client     (TixTicketListModel *self);
void                tix_ticket_list_model_set_client     (TixTicketListModel *self,
                                                          TixClient          *client);
/* Follows @stream, the client's (property "stream"; NULL: none): a ticket
 * scanned, unscanned or deleted elsewhere changes here; new tickets (up to
 * 1000 at once) come to the top without a reload; more, or a clear, reload
 * the list a moment later. */
TixEventStream     *tix_ticket_list_model_get_stream     (TixTicketListModel *self);
void                tix_ticket_list_model_set_stream     (TixTicketListModel *self,
                                                          TixEventStream     *stream);
TixTicketFilter     tix_ticket_list_model_get_filter     (TixTicketListModel *self);
void                tix_ticket_list_model_set_filter     (TixTicketListModel *self,
                                                          TixTicketFilter     filter);
/* The tickets of one event, or 0 (the default) of every event. */
gint64              tix_ticket_list_model_get_event_id   (TixTicketListModel *self);
void                tix_ticket_list_model_set_event_id   (TixTicketListModel *self,
                                                          gint64              event_id);
const char         *tix_ticket_list_model_get_search     (TixTicketListModel *self);
void                tix_ticket_list_model_set_sort       (TixTicketListModel *self,
                                                          const char         *sort);
const char         *tix_ticket_list_model_get_sort       (TixTicketListModel *self);
void                tix_ticket_list_model_set_search     (TixTicketListModel *self,
                                                          const char         *search);

/* Drops every cached page and asks for the first page again. The current
 * items stay until that page arrives. */
void                tix_ticket_list_model_reload         (TixTicketListModel *self);
/* Cancels everything in flight (also done on dispose). */
void                tix_ticket_list_model_cancel         (TixTicketListModel *self);

/* TRUE while the first page of a (re)load is on its way ("loading"). */
gboolean            tix_ticket_list_model_get_loading    (TixTicketListModel *self);
/* TRUE once a first page has arrived since the last failure ("loaded"). */
gboolean            tix_ticket_list_model_get_loaded     (TixTicketListModel *self);
/* The error of the last failed first page, or NULL ("error"). */
const GError       *tix_ticket_list_model_get_error      (TixTicketListModel *self);

/* Prepends newly generated tickets (element-type TixTicket, in number
 * order: the newest ends up at position 0). Tickets that the current
 * filter or search would not show are skipped. */
void                tix_ticket_list_model_add_tickets    (TixTicketListModel *self,
                                                          GPtrArray          *tickets);
/* Removes the ticket with @id if it is loaded; returns its old position or -1. */
gint64              tix_ticket_list_model_remove_ticket  (TixTicketListModel *self,
                                                          const char         *id);
/* Copies the scan state of @ticket into the loaded ticket with the same id. */
gboolean            tix_ticket_list_model_update_ticket  (TixTicketListModel *self,
                                                          TixTicket          *ticket);
/* Position of a loaded ticket, or -1. */
gint64              tix_ticket_list_model_find           (TixTicketListModel *self,
                                                          const char         *id);

gboolean            tix_ticket_list_model_is_placeholder (TixTicket          *ticket);
/* TRUE when the item at @position is a real ticket (its page has arrived). */
gboolean            tix_ticket_list_model_is_loaded      (TixTicketListModel *self,
                                                          guint               position);
/* Introspection for tests and diagnostics. */
guint               tix_ticket_list_model_get_n_requests (TixTicketListModel *self);
guint               tix_ticket_list_model_get_n_in_flight(TixTicketListModel *self);
guint               tix_ticket_list_model_get_n_cached_pages (TixTicketListModel *self);
/* The server page numbers requested so far since the last reload, in order. */
GArray             *tix_ticket_list_model_get_requested_pages (TixTicketListModel *self);

G_END_DECLS
