/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define TIX_TYPE_USER (tix_user_get_type ())

G_DECLARE_FINAL_TYPE (TixUser, tix_user, TIX, USER, GObject)

TixUser    *tix_user_new                 (gint64       id,
                                          const char  *email,
                                          const char  *name,
                                          const char  *role,
                                          gint64       organization_id);
TixUser    *tix_user_new_from_json       (JsonObject  *object,
                                          GError     **error);
void        tix_user_to_json             (TixUser     *self,
                                          JsonBuilder *builder);

gint64      tix_user_get_id              (TixUser     *self);
const char *tix_user_get_email           (TixUser     *self);
const char *tix_user_get_name            (TixUser     *self);
const char *tix_user_get_role            (TixUser     *self);
gint64      tix_user_get_organization_id (TixUser     *self);
gboolean    tix_user_is_admin            (TixUser     *self);
/* Admins and sellers may generate; scanners only scan and read. */
gboolean    tix_user_can_generate        (TixUser     *self);

G_END_DECLS
