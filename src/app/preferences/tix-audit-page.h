/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "tix-session.h"

G_BEGIN_DECLS

#define TIX_TYPE_AUDIT_PAGE (tix_audit_page_get_type ())

G_DECLARE_FINAL_TYPE (TixAuditPage, tix_audit_page, TIX, AUDIT_PAGE, AdwPreferencesPage)

/* The audit log, for an admin: who deleted or cleared tickets, undid a scan,
 * changed settings or users, and when; newest first, a hundred at a time.
 *
 * Property "session" (TixSession *, read-write): what it shows is its client's.
 * Actions: "audit.reload", "audit.more". */
TixAuditPage *tix_audit_page_new           (void);
TixSession   *tix_audit_page_get_session   (TixAuditPage *self);
void          tix_audit_page_set_session   (TixAuditPage *self,
                                            TixSession   *session);
gboolean      tix_audit_page_get_busy      (TixAuditPage *self);
/* Entries shown. */
guint         tix_audit_page_get_n_entries (TixAuditPage *self);

G_END_DECLS
