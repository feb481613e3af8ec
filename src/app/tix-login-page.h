/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "tix-client.h"

G_BEGIN_DECLS

#define TIX_TYPE_LOGIN_PAGE (tix_login_page_get_type ())

G_DECLARE_FINAL_TYPE (TixLoginPage, tix_login_page, TIX, LOGIN_PAGE, AdwBin)

/* Signals: "signed-in" (TixClient *client) once a login or registration
 * succeeded, the client holding token and user; "standalone-requested" (). */
TixLoginPage *tix_login_page_new            (void);
/* Fills the server and email fields and clears password and errors. */
void          tix_login_page_reset          (TixLoginPage *self,
                                             const char   *server_url,
                                             const char   *email);
void          tix_login_page_set_register   (TixLoginPage *self,
                                             gboolean      register_mode);
gboolean      tix_login_page_get_register   (TixLoginPage *self);
/* Shows a message under the fields (NULL hides it). */
void          tix_login_page_show_error     (TixLoginPage *self,
                                             const char   *message);
/* The message under the fields, or NULL when none is shown. */
const char   *tix_login_page_get_error      (TixLoginPage *self);
gboolean      tix_login_page_get_busy       (TixLoginPage *self);

/* "This computer": sign in to the embedded server (colleagues added on a
 * standalone desk) instead of a server at an address. */
void          tix_login_page_set_this_computer (TixLoginPage *self,
                                                gboolean      this_computer);
gboolean      tix_login_page_get_this_computer (TixLoginPage *self);

G_END_DECLS
