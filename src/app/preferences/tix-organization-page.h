/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "tix-session.h"

G_BEGIN_DECLS

#define TIX_TYPE_ORGANIZATION_PAGE (tix_organization_page_get_type ())

G_DECLARE_FINAL_TYPE (TixOrganizationPage, tix_organization_page, TIX, ORGANIZATION_PAGE,
                      AdwPreferencesPage)

/* The organization's settings (GET/PUT /api/settings): its name, the event's
 * name and date, the time zone reports count in, the default prefix and the
 * default sheet layout. Everyone reads them; only an admin can change them.
 * A value the server refuses is shown at its field.
 *
 * Property "session" (TixSession *, read-write): what it shows is its client's.
 * Action "organization.save". */
TixOrganizationPage *tix_organization_page_new          (void);
TixSession          *tix_organization_page_get_session  (TixOrganizationPage *self);
void                 tix_organization_page_set_session  (TixOrganizationPage *self,
                                                         TixSession          *session);
/* TRUE while settings are being loaded or saved. */
gboolean             tix_organization_page_get_busy     (TixOrganizationPage *self);
/* The field whose error is shown ("time_zone", …), or NULL. */
const char          *tix_organization_page_get_error_field (TixOrganizationPage *self);

G_END_DECLS
