/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* One attempt at the door, admitted or refused, as the scan log (GET
 * /api/scans) has it: {id, at, ticket_id, number, event_id, entrance_id,
 * direction, result, station, user_id, source}. "result" is "first",
 * "re-entry", "exit" or the refusal's reason ("already-inside",
 * "wrong-entrance", "unknown", …); "source" "online" or "uploaded". A
 * number no ticket has is logged too: then "ticket-id" is NULL. */

#define TIX_TYPE_SCAN_LOG_ENTRY (tix_scan_log_entry_get_type ())

G_DECLARE_FINAL_TYPE (TixScanLogEntry, tix_scan_log_entry, TIX, SCAN_LOG_ENTRY, GObject)

TixScanLogEntry *tix_scan_log_entry_new_from_json   (JsonObject      *object,
                                                     GError         **error);

/* Properties (read-only): "id", "at" (ms), "ticket-id", "number",
 * "event-id" (0: none), "entrance-id" (0: none), "exit" (the direction was
 * out), "result", "station", "user-id" (0: none), "uploaded". */
gint64           tix_scan_log_entry_get_id          (TixScanLogEntry *self);
gint64           tix_scan_log_entry_get_at          (TixScanLogEntry *self);
const char      *tix_scan_log_entry_get_ticket_id   (TixScanLogEntry *self);
const char      *tix_scan_log_entry_get_number      (TixScanLogEntry *self);
gint64           tix_scan_log_entry_get_event_id    (TixScanLogEntry *self);
gint64           tix_scan_log_entry_get_entrance_id (TixScanLogEntry *self);
gboolean         tix_scan_log_entry_get_exit        (TixScanLogEntry *self);
const char      *tix_scan_log_entry_get_result      (TixScanLogEntry *self);
/* Admitted: "first", "re-entry" or "exit". */
gboolean         tix_scan_log_entry_get_admitted    (TixScanLogEntry *self);
const char      *tix_scan_log_entry_get_station     (TixScanLogEntry *self);
gint64           tix_scan_log_entry_get_user_id     (TixScanLogEntry *self);
gboolean         tix_scan_log_entry_get_uploaded    (TixScanLogEntry *self);

/* One page of the scan log, newest first. */
typedef struct
{
  GPtrArray *entries;      /* element-type TixScanLogEntry, owned */
  char      *next_cursor;  /* NULL on the last page */
} TixScanLogPage;

/* {scans: [entry, …], next_cursor}. */
TixScanLogPage  *tix_scan_log_page_new_from_json    (JsonObject      *object,
                                                     GError         **error);
void             tix_scan_log_page_free             (TixScanLogPage  *page);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TixScanLogPage, tix_scan_log_page_free)

G_END_DECLS
