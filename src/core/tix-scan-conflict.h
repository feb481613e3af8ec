/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* One scan of a conflict: when (ISO 8601), by whom and at which station;
 * each NULL when the server does not know. */
typedef struct
{
  char *scan_id;     /* the uploaded scan's; NULL for the first */
  char *scanned_at;
  char *user_name;
  char *station;
} TixConflictScan;

/* A ticket admitted twice by stations that were offline (GET
 * /api/scans/conflicts): the scan that counted and the one uploaded later. */
typedef struct
{
  char            *at;       /* when the server found it, ISO 8601 */
  char            *ticket_id;
  char            *number;   /* the ticket's number, or NULL */
  TixConflictScan  first;
  TixConflictScan  second;
} TixScanConflict;

/* {id, at, ticket: {number, …}, first: {scanned_at, scanned_by_name,
 * station}, second: {scan_id, scanned_at, user_name, station}}; lenient:
 * what does not read is NULL. Only a NULL @object is an error. */
TixScanConflict *tix_scan_conflict_new_from_json (JsonObject       *object,
                                                  GError          **error);
void             tix_scan_conflict_free          (TixScanConflict  *conflict);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TixScanConflict, tix_scan_conflict_free)

G_END_DECLS
