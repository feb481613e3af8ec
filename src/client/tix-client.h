/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

#include "tix-audit-entry.h"
#include "tix-cash-up.h"
#include "tix-certificate.h"
#include "tix-entrance.h"
#include "tix-event.h"
#include "tix-order.h"
#include "tix-report.h"
#include "tix-scan-conflict.h"
#include "tix-scan-log-entry.h"
#include "tix-settings.h"
#include "tix-shift.h"
#include "tix-ticket.h"
#include "tix-ticket-type.h"
#include "tix-user.h"

G_BEGIN_DECLS

#define TIX_CLIENT_ERROR (tix_client_error_quark ())

typedef enum
{
  TIX_CLIENT_ERROR_UNREACHABLE,   /* network failure, or 503: nothing was done */
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
  TIX_CLIENT_ERROR_CERTIFICATE_NEW,     /* HTTPS, a certificate not seen before:
                                         * tix_client_get_offered_certificate() */
  TIX_CLIENT_ERROR_CERTIFICATE_CHANGED, /* HTTPS, not the certificate pinned */
  TIX_CLIENT_ERROR_SOLD_OUT,      /* 409 field "items": see tix_client_error_get_available() */
  TIX_CLIENT_ERROR_NO_SHIFT,      /* 409 field "shift": open a shift at this station first */
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
/* The event a 422 reply with reason "other-event" named (the event the
 * ticket is for: "For Friday 14 March, 20:00"), or NULL. */
TixEvent      *tix_client_error_get_event      (const GError        *error);
/* What is left of the line of a sale that did not fit (a
 * TIX_CLIENT_ERROR_SOLD_OUT), or -1. */
gint64         tix_client_error_get_available  (const GError        *error);
/* TRUE for a TIX_CLIENT_ERROR_DUPLICATE reply with conflict:true: an upload
 * of a ticket that another scan had admitted, recorded for admins. */
gboolean       tix_client_error_is_conflict    (const GError        *error);

/* @base_url: "http://host:port" (a trailing slash is ignored). */
TixClient     *tix_client_new                  (const char          *base_url);
const char    *tix_client_get_base_url         (TixClient           *self);
/* Token sent as "Authorization: Bearer …"; property "token". */
const char    *tix_client_get_token            (TixClient           *self);
/* Whether answers come gzip-compressed when large (the default). The desk's
 * own server, over loopback, saves nothing on the wire by it. */
void           tix_client_set_compression      (TixClient           *self,
                                                gboolean             compression);
void           tix_client_set_token            (TixClient           *self,
                                                const char          *token);
/* The signed-in user (property "user"), set by login, register and me. */
TixUser       *tix_client_get_user             (TixClient           *self);
/* Sent as X-Tix-Station on every request: a random UUID unless set. */
const char    *tix_client_get_station_id       (TixClient           *self);
/* A station id kept from one session to the next (ASCII, at most 64
 * characters; anything else is ignored), such as tix_station_compose()'s. */
void           tix_client_set_station_id       (TixClient           *self,
                                                const char          *station_id);
/* "<uuid> <name>" with the name percent-encoded and shortened to fit. */
char          *tix_station_compose             (const char          *uuid,
                                                const char          *name);
/* The name in such a station id, or NULL. */
char          *tix_station_get_name            (const char          *station);

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
/* Into the event @event_id (0: the organization's current event, as
 * tix_client_generate_async() does). An archived event, or one past its
 * capacity, is TIX_CLIENT_ERROR_CONFLICT (field "count" for the capacity).
 * Finish with tix_client_generate_finish(). */
void           tix_client_generate_for_event_async (TixClient           *self,
                                                    gint64               event_id,
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
void           tix_client_list_tickets_sorted_async (TixClient           *self,
                                                     TixTicketFilter      filter,
                                                     const char          *search,
                                                     const char          *sort,
                                                     guint                page,
                                                     guint                limit,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
/* The tickets of the event @event_id (0: of every event, as the two above),
 * with everything they take: @sort as tix_client_list_tickets_sorted_async()
 * (then by page only), else by @cursor or @page. Finish with
 * tix_client_list_tickets_finish(). */
void           tix_client_list_event_tickets_async (TixClient           *self,
                                                    gint64               event_id,
                                                    TixTicketFilter      filter,
                                                    const char          *search,
                                                    const char          *sort,
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

/* The whole ticket list as CSV (tix-client-export.c), written to @output as
 * it is read, page by page (GET /api/tickets): a header, then a row a
 * ticket, newest first: number, prefix, extra, generated_at and scanned_at
 * in UTC (ISO 8601) each followed by the same time in @zone ("YYYY-MM-DD
 * HH:MM:SS", as a spreadsheet reads it), scanned_by, id. @output is left
 * open; on an error or cancellation part of the list may have been written.
 * Returns the number of tickets written, or -1 on error. */
void           tix_client_export_tickets_async  (TixClient           *self,
                                                 GOutputStream       *output,
                                                 GTimeZone           *zone,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gint64         tix_client_export_tickets_finish (TixClient           *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);

/* The reports as CSV (tix-client-export.c), for a spreadsheet. A period
 * report: its period's member ("date", "week", "month"), generated,
 * scanned, a row a period, newest first. The door: interval_start (UTC,
 * ISO 8601), local_time (its "HH:MM" in @zone; NULL: the local zone),
 * scans, a row an interval. */
GBytes        *tix_client_export_period_report  (const TixPeriodReport *report);
GBytes        *tix_client_export_door_report    (const TixDoorReport   *report,
                                                 GTimeZone             *zone);

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
/* The same at a door that admits the events @event_ids (@n_event_ids of
 * them, at most TIX_CLIENT_MAX_SCAN_EVENTS; none: every event). A ticket
 * of another event is TIX_CLIENT_ERROR_FORGED with reason "other-event",
 * *out_ticket the ticket and tix_client_error_get_event() its event; an
 * event that is no longer there is TIX_CLIENT_ERROR_NOT_FOUND naming
 * "event_id" or "event_ids". Finish with tix_client_scan_code_finish(). */
#define TIX_CLIENT_MAX_SCAN_EVENTS 32
void           tix_client_scan_code_for_events_async (TixClient           *self,
                                                      const char          *code,
                                                      const char * const  *prefixes,
                                                      const gint64        *event_ids,
                                                      guint                n_event_ids,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
gboolean       tix_client_scan_code_finish     (TixClient           *self,
                                                GAsyncResult        *result,
                                                TixTicket          **out_ticket,
                                                GError             **error);
/* POST /api/scan {code, scan_id, scanned_at, station, prefixes?}: a scan made
 * by this station (offline, or online with an id so that a retry after a lost
 * reply never scans twice). A repeated @scan_id gets the first answer.
 * @scanned_at_ms: when the ticket was admitted (0: now); @station: NULL for
 * this client's station id. Finish with tix_client_scan_code_finish(); a
 * ticket another scan had admitted is TIX_CLIENT_ERROR_DUPLICATE, and
 * tix_client_error_is_conflict() tells whether the server recorded a conflict. */
void           tix_client_upload_scan_async    (TixClient           *self,
                                                const char          *code,
                                                const char * const  *prefixes,
                                                const char          *scan_id,
                                                gint64               scanned_at_ms,
                                                const char          *station,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
/* Door rules: a scan at an entrance, in or out (POST /api/scan {code,
 * direction, entrance_id, event_id(s)}). What the server said, admitted or
 * refused, with the facts a steward needs. */
typedef struct
{
  TixTicket   *ticket;      /* as the server has it, when it names one */
  char        *result;      /* "first", "re-entry", "exit", or the refusal's reason
                             * ("already-inside", "no-reentry", "not-inside",
                             * "wrong-entrance", "closed", "full", "deleted", …);
                             * NULL when the server gave none */
  TixEntrance *entrance;    /* admitted: the entrance it went through; already-inside,
                             * no-reentry: the one it came in by; closed: the one closed
                             * (with its hours). {id, name} only: "event-id" is 0 */
  gint64       entered_at;  /* already-inside, no-reentry: when it came in (ms), else 0 */
  gint64       exited_at;   /* not-inside: when it went out (ms), 0: never in */
  GPtrArray   *entrances;   /* wrong-entrance: (element-type TixEntrance) those that
                             * would take it ({id, name}); NULL otherwise */
  TixEvent    *event;       /* other-event: the one it is for; full: the event, with its
                             * "inside" and "max-inside"; NULL otherwise */
} TixScanOutcome;

#define TIX_TYPE_SCAN_OUTCOME (tix_scan_outcome_get_type ())
GType           tix_scan_outcome_get_type (void) G_GNUC_CONST;
TixScanOutcome *tix_scan_outcome_copy     (const TixScanOutcome *outcome);
void            tix_scan_outcome_free     (TixScanOutcome       *outcome);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TixScanOutcome, tix_scan_outcome_free)

/* @entrance_id: 0 for the event's default entrance; @exit: a scan out
 * (else in). Otherwise as tix_client_scan_code_for_events_async(). */
void           tix_client_scan_at_entrance_async (TixClient           *self,
                                                  const char          *code,
                                                  const char * const  *prefixes,
                                                  const gint64        *event_ids,
                                                  guint                n_event_ids,
                                                  gint64               entrance_id,
                                                  gboolean             exit,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
/* An upload (as tix_client_upload_scan_async()) of a scan made at
 * @entrance_id, in or out. */
void           tix_client_upload_entrance_scan_async (TixClient           *self,
                                                      const char          *code,
                                                      const char * const  *prefixes,
                                                      gint64               entrance_id,
                                                      gboolean             exit,
                                                      const char          *scan_id,
                                                      gint64               scanned_at_ms,
                                                      const char          *station,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
/* Finishes both. TRUE when admitted (in, re-entry or out). *@out_outcome
 * (if not NULL) is what the server said, on success and on a refusal (a
 * reply with a "reason"; then @error is the refusal: TIX_CLIENT_ERROR_DUPLICATE
 * for already-inside and no-reentry, TIX_CLIENT_ERROR_INVALID for not-inside,
 * TIX_CLIENT_ERROR_FORGED for the 422s); NULL on other errors. */
gboolean       tix_client_scan_at_entrance_finish (TixClient           *self,
                                                   GAsyncResult        *result,
                                                   TixScanOutcome     **out_outcome,
                                                   GError             **error);

/* The entrances of the event @event_id (GET /api/events/:id/entrances), the
 * default first; every signed-in user reads them.
 * Returns: (element-type TixEntrance). */
void           tix_client_list_entrances_async  (TixClient           *self,
                                                 gint64               event_id,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
GPtrArray     *tix_client_list_entrances_finish (TixClient           *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);
/* Admins: a new entrance of the event @event_id from @entrance's name,
 * types, rules and hours. Returns the entrance made. */
void           tix_client_create_entrance_async  (TixClient          *self,
                                                  gint64              event_id,
                                                  TixEntrance        *entrance,
                                                  GCancellable       *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer            user_data);
TixEntrance   *tix_client_create_entrance_finish (TixClient          *self,
                                                  GAsyncResult       *result,
                                                  GError            **error);
/* Admins: the members @fields of the entrance @entrance_id changed to
 * @changes'. Returns the entrance as it is now. */
void           tix_client_update_entrance_async  (TixClient          *self,
                                                  gint64              entrance_id,
                                                  TixEntrance        *changes,
                                                  TixEntranceField    fields,
                                                  GCancellable       *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer            user_data);
TixEntrance   *tix_client_update_entrance_finish (TixClient          *self,
                                                  GAsyncResult       *result,
                                                  GError            **error);
/* Admins; the default entrance is TIX_CLIENT_ERROR_CONFLICT. */
void           tix_client_delete_entrance_async  (TixClient          *self,
                                                  gint64              entrance_id,
                                                  GCancellable       *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer            user_data);
gboolean       tix_client_delete_entrance_finish (TixClient          *self,
                                                  GAsyncResult       *result,
                                                  GError            **error);
/* The scan log (GET /api/scans, admins): every attempt, newest first, of
 * the event @event_id and entrance @entrance_id (0: any), of @result (NULL:
 * any), @limit of them (0: the server's 100; at most 1000), after @cursor
 * (NULL: from the newest; else a page's next_cursor). */
void           tix_client_list_scan_log_async   (TixClient           *self,
                                                 gint64               event_id,
                                                 gint64               entrance_id,
                                                 const char          *result,
                                                 const char          *cursor,
                                                 guint                limit,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
TixScanLogPage *tix_client_list_scan_log_finish (TixClient           *self,
                                                 GAsyncResult        *result,
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
/* The counts of the event @event_id (0: of every event, as above). Finish
 * with tix_client_get_stats_finish(). */
void           tix_client_get_event_stats_async (TixClient          *self,
                                                 gint64              event_id,
                                                 GCancellable       *cancellable,
                                                 GAsyncReadyCallback callback,
                                                 gpointer            user_data);
/* GET /api/settings; tix_settings_get_current_event_id() is the
 * organization's current event. */
void           tix_client_get_settings_async   (TixClient           *self,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
TixSettings   *tix_client_get_settings_finish  (TixClient           *self,
                                                GAsyncResult        *result,
                                                GError             **error);

/* Reports: @period is daily (30 rows), weekly (12 rows) or monthly (12 rows),
 * newest first, in the organization's time zone. */
void           tix_client_get_report_async     (TixClient           *self,
                                                TixReportPeriod      period,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
/* The same of the event @event_id (0: every event). Finish with
 * tix_client_get_report_finish(). */
void           tix_client_get_event_report_async (TixClient           *self,
                                                  gint64               event_id,
                                                  TixReportPeriod      period,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
TixPeriodReport *tix_client_get_report_finish    (TixClient           *self,
                                                GAsyncResult        *result,
                                                GError             **error);
/* GET /api/reports/door?date=: @date "YYYY-MM-DD" or NULL for today in the
 * organization's time zone: 10-minute intervals (144 a day, 138 or 150 on a
 * DST change), and the scans by station and by user, most scans first. */
void           tix_client_get_door_report_async  (TixClient         *self,
                                                  const char        *date,
                                                  GCancellable      *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer           user_data);
/* The same of the event @event_id (0: every event). Finish with
 * tix_client_get_door_report_finish(). */
void           tix_client_get_event_door_report_async (TixClient         *self,
                                                       gint64             event_id,
                                                       const char        *date,
                                                       GCancellable      *cancellable,
                                                       GAsyncReadyCallback callback,
                                                       gpointer           user_data);
TixDoorReport *tix_client_get_door_report_finish (TixClient         *self,
                                                  GAsyncResult      *result,
                                                  GError           **error);
/* GET /api/reports/season: every event side by side (archived ones too),
 * newest first, with its counts and its door's busiest ten minutes. */
void           tix_client_get_season_report_async  (TixClient           *self,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
TixSeasonReport *tix_client_get_season_report_finish (TixClient         *self,
                                                      GAsyncResult      *result,
                                                      GError           **error);
/* PUT /api/settings (admin) with the settings set in @changes; returns all
 * settings as saved. A bad value is TIX_CLIENT_ERROR_INVALID and
 * tix_client_error_get_field() names the member. */
void           tix_client_update_settings_async  (TixClient         *self,
                                                  TixSettings       *changes,
                                                  GCancellable      *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer           user_data);
TixSettings   *tix_client_update_settings_finish (TixClient         *self,
                                                  GAsyncResult      *result,
                                                  GError           **error);

/* The events of the season (GET /api/events): every signed-in user reads
 * them; admins make, change, copy and delete them (others get
 * TIX_CLIENT_ERROR_FORBIDDEN). An event of another organization, or one
 * deleted, is TIX_CLIENT_ERROR_NOT_FOUND; bad input TIX_CLIENT_ERROR_INVALID
 * naming the member.
 * Returns: (element-type TixEvent) soonest first, those without a date
 * last; the archived ones too with @archived. */
void           tix_client_list_events_async    (TixClient           *self,
                                                gboolean             archived,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
GPtrArray     *tix_client_list_events_finish   (TixClient           *self,
                                                GAsyncResult        *result,
                                                GError             **error);
void           tix_client_get_event_async      (TixClient           *self,
                                                gint64               event_id,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
TixEvent      *tix_client_get_event_finish     (TixClient           *self,
                                                GAsyncResult        *result,
                                                GError             **error);
/* A new event of @event's name, times, venue and limits (its id, counts
 * and "archived" are not sent). Returns the event made. */
void           tix_client_create_event_async   (TixClient           *self,
                                                TixEvent            *event,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
TixEvent      *tix_client_create_event_finish  (TixClient           *self,
                                                GAsyncResult        *result,
                                                GError             **error);
/* Changes the members @fields of the event @event_id to @changes' (any
 * subset; TIX_EVENT_FIELD_ARCHIVED archives or brings back). A capacity
 * below the tickets it has is TIX_CLIENT_ERROR_CONFLICT. Returns the event
 * as it is now. */
void           tix_client_update_event_async   (TixClient           *self,
                                                gint64               event_id,
                                                TixEvent            *changes,
                                                TixEventField        fields,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
TixEvent      *tix_client_update_event_finish  (TixClient           *self,
                                                GAsyncResult        *result,
                                                GError             **error);
/* Only an event without tickets that is not the current one goes; the
 * others are TIX_CLIENT_ERROR_CONFLICT: archive them instead. */
void           tix_client_delete_event_async   (TixClient           *self,
                                                gint64               event_id,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gboolean       tix_client_delete_event_finish  (TixClient           *self,
                                                GAsyncResult        *result,
                                                GError             **error);
/* The next show of a series: a new event like @event_id (venue, limits,
 * length) starting at @starts_at (ms), named @name (NULL: the same name).
 * Returns the event made. */
void           tix_client_copy_event_async     (TixClient           *self,
                                                gint64               event_id,
                                                gint64               starts_at,
                                                const char          *name,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
TixEvent      *tix_client_copy_event_finish    (TixClient           *self,
                                                GAsyncResult        *result,
                                                GError             **error);

/* Users of the organization (admin only: others get TIX_CLIENT_ERROR_FORBIDDEN).
 * Returns: (element-type TixUser) the users, by name. */
void           tix_client_list_users_async     (TixClient           *self,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
GPtrArray     *tix_client_list_users_finish    (TixClient           *self,
                                                GAsyncResult        *result,
                                                GError             **error);
/* @role: "admin", "seller" or "scanner". TIX_CLIENT_ERROR_CONFLICT when the
 * organization is full ("This organization already has its maximum of N
 * users") or the email is taken (field "email"); TIX_CLIENT_ERROR_INVALID
 * with the field for bad input. Returns the new user. */
void           tix_client_add_user_async       (TixClient           *self,
                                                const char          *email,
                                                const char          *name,
                                                const char          *password,
                                                const char          *role,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
TixUser       *tix_client_add_user_finish      (TixClient           *self,
                                                GAsyncResult        *result,
                                                GError             **error);
/* Changes the role, or resets the password (which ends that user's
 * sessions), or both: NULL leaves it. Demoting the last admin is
 * TIX_CLIENT_ERROR_CONFLICT. Returns the user as it is now. */
void           tix_client_update_user_async    (TixClient           *self,
                                                gint64               user_id,
                                                const char          *role,
                                                const char          *password,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
TixUser       *tix_client_update_user_finish   (TixClient           *self,
                                                GAsyncResult        *result,
                                                GError             **error);
/* Removes a user and ends their sessions. Removing the last admin is
 * TIX_CLIENT_ERROR_CONFLICT. */
void           tix_client_remove_user_async    (TixClient           *self,
                                                gint64               user_id,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gboolean       tix_client_remove_user_finish   (TixClient           *self,
                                                GAsyncResult        *result,
                                                GError             **error);

/* Any signed-in user: their own password. A wrong @current_password is
 * TIX_CLIENT_ERROR_INVALID with field "current_password" (the session stays);
 * a weak new one names "new_password". The user's other sessions end. */
void           tix_client_change_password_async  (TixClient         *self,
                                                  const char        *current_password,
                                                  const char        *new_password,
                                                  GCancellable      *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer           user_data);
gboolean       tix_client_change_password_finish (TixClient         *self,
                                                  GAsyncResult      *result,
                                                  GError           **error);
/* Ends every other session of the signed-in user (a lost laptop); this one
 * stays. Returns how many ended, or -1 on error. */
void           tix_client_logout_others_async    (TixClient         *self,
                                                  GCancellable      *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer           user_data);
gint64         tix_client_logout_others_finish   (TixClient         *self,
                                                  GAsyncResult      *result,
                                                  GError           **error);

/* The audit log (admin): @limit entries (0: the server's default of 100,
 * at most 1000) older than the entry @before_id (0: the newest). Page on
 * with the id of the last entry returned.
 * Returns: (element-type TixAuditEntry) newest first. */
void           tix_client_list_audit_async     (TixClient           *self,
                                                guint                limit,
                                                gint64               before_id,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
GPtrArray     *tix_client_list_audit_finish    (TixClient           *self,
                                                GAsyncResult        *result,
                                                GError             **error);

/* POST /api/tickets/:id/reissue (admin, seller): the ticket with a new code
 * (its revision bumped); the old code is refused as replaced. */
void           tix_client_reissue_ticket_async  (TixClient          *self,
                                                 const char         *id,
                                                 GCancellable       *cancellable,
                                                 GAsyncReadyCallback callback,
                                                 gpointer            user_data);
TixTicket     *tix_client_reissue_ticket_finish (TixClient          *self,
                                                 GAsyncResult       *result,
                                                 GError            **error);

/* GET /api/scans/conflicts (admin): tickets admitted twice by stations that
 * were offline. Returns: (element-type TixScanConflict). */
void           tix_client_list_scan_conflicts_async  (TixClient         *self,
                                                      GCancellable      *cancellable,
                                                      GAsyncReadyCallback callback,
                                                      gpointer           user_data);
GPtrArray     *tix_client_list_scan_conflicts_finish (TixClient         *self,
                                                      GAsyncResult      *result,
                                                      GError           **error);

/* HTTPS with a certificate no authority vouches for (a venue's own server):
 * trust on first use. The caller shows the fingerprint the server offered
 * (SHA-256 of the certificate, "AB:CD:…"), and pins it once a person has
 * said yes; later connections are refused if it changes. A certificate an
 * authority vouches for needs no pin. */
void           tix_client_set_pinned_certificate   (TixClient   *self,
                                                    const char  *fingerprint);
const char    *tix_client_get_pinned_certificate   (TixClient   *self);
/* The fingerprint of the last certificate refused, or NULL. */
const char    *tix_client_get_offered_certificate  (TixClient   *self);
/* Applies the pin to a message sent on another session (the event stream). */
void           tix_client_check_certificate        (TixClient   *self,
                                                    SoupMessage *message);

/* Selling at the desk (tix-client-sales.c, issue 19). Money in minor units.
 * Every role reads an event's ticket types; admins make and change them. */
void           tix_client_list_ticket_types_async   (TixClient           *self,
                                                     gint64               event_id,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
/* TixTicketType, in the order they were made. */
GPtrArray     *tix_client_list_ticket_types_finish  (TixClient           *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);
/* From @type's name, price, prefix (NULL: the default prefix), quota and
 * active; a bad member is TIX_CLIENT_ERROR_INVALID naming it. */
void           tix_client_create_ticket_type_async  (TixClient           *self,
                                                     gint64               event_id,
                                                     const TixTicketType *type,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
TixTicketType *tix_client_create_ticket_type_finish (TixClient           *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);
/* The members of @fields from @changes; a quota below what was sold is
 * TIX_CLIENT_ERROR_CONFLICT. */
void           tix_client_update_ticket_type_async  (TixClient           *self,
                                                     gint64               type_id,
                                                     const TixTicketType *changes,
                                                     TixTicketTypeField   fields,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
TixTicketType *tix_client_update_ticket_type_finish (TixClient           *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);
void           tix_client_delete_ticket_type_async  (TixClient           *self,
                                                     gint64               type_id,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
/* The type as it was; *@out_deleted FALSE when it had sold and was
 * deactivated instead. */
TixTicketType *tix_client_delete_ticket_type_finish (TixClient           *self,
                                                     GAsyncResult        *result,
                                                     gboolean            *out_deleted,
                                                     GError             **error);

typedef struct
{
  gint64  type_id;
  gint64  quantity;   /* 1 to 100 */
} TixClientSaleLine;

/* A sale at this client's station, all or nothing: more than is left is
 * TIX_CLIENT_ERROR_SOLD_OUT (tix_client_error_get_available ()), no open
 * shift here TIX_CLIENT_ERROR_NO_SHIFT, cash short of the total
 * TIX_CLIENT_ERROR_INVALID naming "tendered". @tendered counts only for
 * cash. The order comes with its tickets, signed, to print. */
void           tix_client_sell_async                (TixClient           *self,
                                                     gint64               event_id,
                                                     const TixClientSaleLine *lines,
                                                     guint                n_lines,
                                                     TixPaymentMethod     method,
                                                     gint64               tendered,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
TixOrder      *tix_client_sell_finish               (TixClient           *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);
void           tix_client_get_order_async           (TixClient           *self,
                                                     gint64               order_id,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
TixOrder      *tix_client_get_order_finish          (TixClient           *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);

typedef struct
{
  GPtrArray *orders;       /* TixOrder, newest first, without tickets */
  char      *next_cursor;  /* NULL on the last page */
} TixOrderPage;

void tix_order_page_free (TixOrderPage *page);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TixOrderPage, tix_order_page_free)

/* Of @event_id and @shift_id (0: any), numbered @number (0: any). */
void           tix_client_list_orders_async         (TixClient           *self,
                                                     gint64               event_id,
                                                     gint64               shift_id,
                                                     gint64               number,
                                                     const char          *cursor,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
TixOrderPage  *tix_client_list_orders_finish        (TixClient           *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);
/* Admins always; a seller their own sale within 10 minutes (else
 * TIX_CLIENT_ERROR_FORBIDDEN); twice TIX_CLIENT_ERROR_CONFLICT; without an
 * open shift TIX_CLIENT_ERROR_NO_SHIFT. @reason may be NULL. */
void           tix_client_refund_order_async        (TixClient           *self,
                                                     gint64               order_id,
                                                     const char          *reason,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
TixOrder      *tix_client_refund_order_finish       (TixClient           *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);
/* Opens the user's shift at this station; one open already is
 * TIX_CLIENT_ERROR_CONFLICT. */
void           tix_client_open_shift_async          (TixClient           *self,
                                                     gint64               opening_float,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
TixShift      *tix_client_open_shift_finish         (TixClient           *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);
/* The user's open shift at this station; none is TIX_CLIENT_ERROR_NO_SHIFT. */
void           tix_client_get_open_shift_async      (TixClient           *self,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
TixShift      *tix_client_get_open_shift_finish     (TixClient           *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);
void           tix_client_get_shift_async           (TixClient           *self,
                                                     gint64               shift_id,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
TixShift      *tix_client_get_shift_finish          (TixClient           *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);
/* Closes it with the cash counted: the cash-up. */
void           tix_client_close_shift_async         (TixClient           *self,
                                                     gint64               shift_id,
                                                     gint64               counted_cash,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
TixCashUp     *tix_client_close_shift_finish        (TixClient           *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);
/* The cash-up of a shift, open (its running totals) or closed. */
void           tix_client_get_cash_up_async         (TixClient           *self,
                                                     gint64               shift_id,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
TixCashUp     *tix_client_get_cash_up_finish        (TixClient           *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);

G_END_DECLS
