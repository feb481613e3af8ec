/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "tix-ticket.h"
#include "tix-user.h"

G_BEGIN_DECLS

#define TIX_CLIENT_ERROR (tix_client_error_quark ())

typedef enum
{
  TIX_CLIENT_ERROR_UNREACHABLE,   /* network failure: "Server unreachable at …" */
  TIX_CLIENT_ERROR_UNAUTHORIZED,  /* 401: wrong email or password, or session expired */
  TIX_CLIENT_ERROR_FORBIDDEN,     /* 403 */
  TIX_CLIENT_ERROR_NOT_FOUND,     /* 404 */
  TIX_CLIENT_ERROR_INVALID,       /* 400 bad input; see tix_client_error_get_field() */
  TIX_CLIENT_ERROR_DUPLICATE,     /* 400 with duplicate:true (ticket already scanned) */
  TIX_CLIENT_ERROR_CONFLICT,      /* 409 */
  TIX_CLIENT_ERROR_TOO_LARGE,     /* 413 */
  TIX_CLIENT_ERROR_FORGED,        /* 422 */
  TIX_CLIENT_ERROR_THROTTLED,     /* 429 */
  TIX_CLIENT_ERROR_SERVER,        /* 5xx */
  TIX_CLIENT_ERROR_PROTOCOL,      /* reply that is not what the API promises */
} TixClientError;

typedef enum
{
  TIX_TICKET_FILTER_ALL,
  TIX_TICKET_FILTER_SCANNED,
  TIX_TICKET_FILTER_NOT_SCANNED,
} TixTicketFilter;

typedef struct
{
  gint64 total;
  gint64 scanned;
  gint64 not_scanned;
  double scan_rate;   /* percent, one decimal */
} TixStats;

/* One page of GET /api/tickets. */
typedef struct
{
  GPtrArray *tickets;      /* element-type TixTicket, owned */
  gint64     total;        /* matches of filter and search */
  gint64     page;
  gint64     limit;
  char      *next_cursor;  /* NULL on the last page */
} TixTicketPage;

void tix_ticket_page_free (TixTicketPage *page);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TixTicketPage, tix_ticket_page_free)

#define TIX_TYPE_CLIENT (tix_client_get_type ())

G_DECLARE_FINAL_TYPE (TixClient, tix_client, TIX, CLIENT, GObject)

GQuark         tix_client_error_quark          (void);
/* The "field" of a 400 error reply, or NULL. */
const char    *tix_client_error_get_field      (const GError        *error);
/* The "reason" of a 422 error reply ("replaced", "wrong-prefix"), or NULL. */
const char    *tix_client_error_get_reason     (const GError        *error);

/* @base_url: "http://host:port" (a trailing slash is ignored). */
TixClient     *tix_client_new                  (const char          *base_url);
const char    *tix_client_get_base_url         (TixClient           *self);
/* Token sent as "Authorization: Bearer …"; property "token". */
const char    *tix_client_get_token            (TixClient           *self);
void           tix_client_set_token            (TixClient           *self,
                                                const char          *token);
/* The signed-in user (property "user"), set by login, register and me. */
TixUser       *tix_client_get_user             (TixClient           *self);
/* Sent as X-Tix-Station on every request. */
const char    *tix_client_get_station_id       (TixClient           *self);

/* Auth. Login and register set the token and the user. */
void           tix_client_login_async          (TixClient           *self,
                                                const char          *email,
                                                const char          *password,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
TixUser       *tix_client_login_finish         (TixClient           *self,
                                                GAsyncResult        *result,
                                                GError             **error);
void           tix_client_register_async       (TixClient           *self,
                                                const char          *email,
                                                const char          *password,
                                                const char          *name,
                                                const char          *organization_name,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
TixUser       *tix_client_register_finish      (TixClient           *self,
                                                GAsyncResult        *result,
                                                GError             **error);
/* Revokes the token on the server and forgets token and user. */
void           tix_client_logout_async         (TixClient           *self,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gboolean       tix_client_logout_finish        (TixClient           *self,
                                                GAsyncResult        *result,
                                                GError             **error);
/* GET /api/auth/me: checks the current token and sets the user. */
void           tix_client_me_async             (TixClient           *self,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
TixUser       *tix_client_me_finish            (TixClient           *self,
                                                GAsyncResult        *result,
                                                GError             **error);

/* Tickets. */
void           tix_client_generate_async       (TixClient           *self,
                                                guint                count,
                                                const char          *prefix,
                                                const char          *extra,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
/* Returns: (element-type TixTicket) the new tickets, in number order. */
GPtrArray     *tix_client_generate_finish      (TixClient           *self,
                                                GAsyncResult        *result,
                                                GError             **error);
/* @search: NULL or a number prefix; @cursor: NULL or a next_cursor to page by
 * cursor (then @page is ignored); @page starts at 1; @limit 1..1000. */
void           tix_client_list_tickets_async   (TixClient           *self,
                                                TixTicketFilter      filter,
                                                const char          *search,
                                                const char          *cursor,
                                                guint                page,
                                                guint                limit,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
TixTicketPage *tix_client_list_tickets_finish  (TixClient           *self,
                                                GAsyncResult        *result,
                                                GError             **error);
void           tix_client_get_ticket_async     (TixClient           *self,
                                                const char          *id,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
TixTicket     *tix_client_get_ticket_finish    (TixClient           *self,
                                                GAsyncResult        *result,
                                                GError             **error);
/* On success and on TIX_CLIENT_ERROR_DUPLICATE, *out_ticket (if not NULL) is
 * the ticket as the server has it. */
void           tix_client_scan_ticket_async    (TixClient           *self,
                                                const char          *id,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gboolean       tix_client_scan_ticket_finish   (TixClient           *self,
                                                GAsyncResult        *result,
                                                TixTicket          **out_ticket,
                                                GError             **error);
void           tix_client_delete_ticket_async  (TixClient           *self,
                                                const char          *id,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gboolean       tix_client_delete_ticket_finish (TixClient           *self,
                                                GAsyncResult        *result,
                                                GError             **error);
void           tix_client_clear_tickets_async  (TixClient           *self,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
/* Returns the number of tickets deleted, or -1 on error. */
gint64         tix_client_clear_tickets_finish (TixClient           *self,
                                                GAsyncResult        *result,
                                                GError             **error);

/* POST /api/scan: @code is a ticket code (QR payload) or a ticket number.
 * @prefixes: NULL or the prefixes this station admits. On success, on
 * TIX_CLIENT_ERROR_DUPLICATE and on a TIX_CLIENT_ERROR_FORGED that names a
 * ticket (see tix_client_error_get_reason()), *out_ticket (if not NULL) is
 * the ticket as the server has it; otherwise NULL. */
void           tix_client_scan_code_async      (TixClient           *self,
                                                const char          *code,
                                                const char * const  *prefixes,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gboolean       tix_client_scan_code_finish     (TixClient           *self,
                                                GAsyncResult        *result,
                                                TixTicket          **out_ticket,
                                                GError             **error);
/* PUT /api/tickets/:id/unscan; returns the ticket, no longer scanned. */
void           tix_client_unscan_ticket_async  (TixClient           *self,
                                                const char          *id,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
TixTicket     *tix_client_unscan_ticket_finish (TixClient           *self,
                                                GAsyncResult        *result,
                                                GError             **error);

/* Reports and settings. */
void           tix_client_get_stats_async      (TixClient           *self,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gboolean       tix_client_get_stats_finish     (TixClient           *self,
                                                GAsyncResult        *result,
                                                TixStats            *out_stats,
                                                GError             **error);
/* Returns the settings object of GET /api/settings. */
void           tix_client_get_settings_async   (TixClient           *self,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
JsonObject    *tix_client_get_settings_finish  (TixClient           *self,
                                                GAsyncResult        *result,
                                                GError             **error);

G_END_DECLS
