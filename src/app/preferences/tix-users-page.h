/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "tix-session.h"

G_BEGIN_DECLS

#define TIX_TYPE_USERS_PAGE (tix_users_page_get_type ())

G_DECLARE_FINAL_TYPE (TixUsersPage, tix_users_page, TIX, USERS_PAGE, AdwPreferencesPage)

/* The organization's users, for an admin: their roles (changed in place),
 * a form to add one, and per user "Reset Password…" and "Remove…" (both
 * confirmed). What the server refuses (the organization is full, the email
 * is taken, the last admin) is said plainly.
 *
 * Property "session" (TixSession *, read-write): what it shows is its client's.
 * Actions: "users.add", "users.reload", "users.reset-password" (x: user id),
 * "users.remove" (x: user id). */
TixUsersPage *tix_users_page_new         (void);
TixSession   *tix_users_page_get_session (TixUsersPage *self);
void          tix_users_page_set_session (TixUsersPage *self,
                                          TixSession   *session);
gboolean      tix_users_page_get_busy    (TixUsersPage *self);
/* The users shown. */
guint         tix_users_page_get_n_users (TixUsersPage *self);
/* The role shown for @email ("admin", "seller", "scanner"), or NULL. */
const char   *tix_users_page_get_role    (TixUsersPage *self,
                                          const char   *email);
/* The error under the form ("" when none). */
const char   *tix_users_page_get_error   (TixUsersPage *self);

G_END_DECLS
