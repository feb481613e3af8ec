/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "tix-session.h"

G_BEGIN_DECLS

#define TIX_TYPE_ACCOUNT_PAGE (tix_account_page_get_type ())

G_DECLARE_FINAL_TYPE (TixAccountPage, tix_account_page, TIX, ACCOUNT_PAGE, AdwPreferencesPage)

/* The signed-in user's own account, for every role: who they are, a new
 * password (which ends their other sessions), and "Sign Out Other Sessions"
 * for a lost laptop.
 *
 * Property "session" (TixSession *, read-write): what it shows is its client's.
 * Actions: "account.change-password", "account.logout-others". */
TixAccountPage *tix_account_page_new         (void);
TixSession     *tix_account_page_get_session (TixAccountPage *self);
void            tix_account_page_set_session (TixAccountPage *self,
                                              TixSession     *session);
gboolean        tix_account_page_get_busy    (TixAccountPage *self);

G_END_DECLS
