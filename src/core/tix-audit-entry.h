/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* One row of the audit log (GET /api/audit): who did what, and when.
 * Actions: "ticket-deleted", "tickets-cleared", "scan-undone",
 * "ticket-reissued", "settings-updated", "user-added", "role-changed",
 * "password-reset", "user-removed", "event-created", "event-updated",
 * "event-deleted", "event-copied". */

#define TIX_TYPE_AUDIT_ENTRY (tix_audit_entry_get_type ())

G_DECLARE_FINAL_TYPE (TixAuditEntry, tix_audit_entry, TIX, AUDIT_ENTRY, GObject)

TixAuditEntry *tix_audit_entry_new            (gint64          id,
                                               gint64          at_ms,
                                               gint64          user_id,
                                               const char     *user_name,
                                               const char     *action,
                                               const char     *detail);
/* {id, at (ISO 8601), user_id (or null), user_name (or null), action, detail (or null)} */
TixAuditEntry *tix_audit_entry_new_from_json  (JsonObject     *object,
                                               GError        **error);
void           tix_audit_entry_to_json        (TixAuditEntry  *self,
                                               JsonBuilder    *builder);

gint64         tix_audit_entry_get_id         (TixAuditEntry  *self);
/* Milliseconds since the Unix epoch, UTC. */
gint64         tix_audit_entry_get_at         (TixAuditEntry  *self);
/* 0 when the user has been removed since. */
gint64         tix_audit_entry_get_user_id    (TixAuditEntry  *self);
/* NULL when the user has been removed since. */
const char    *tix_audit_entry_get_user_name  (TixAuditEntry  *self);
const char    *tix_audit_entry_get_action     (TixAuditEntry  *self);
/* What it was done to: a ticket number, the settings changed, a user's
 * email and role; may be NULL. */
const char    *tix_audit_entry_get_detail     (TixAuditEntry  *self);

G_END_DECLS
