/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define TIX_PREFIX_MAX_LENGTH   20
#define TIX_EXTRA_MAX_LENGTH    1000
#define TIX_GENERATE_MAX_COUNT  100000
#define TIX_NAME_MAX_LENGTH     200
#define TIX_EMAIL_MAX_LENGTH    254
#define TIX_PASSWORD_MIN_LENGTH 8
#define TIX_PASSWORD_MAX_LENGTH 1024

/* Each returns TRUE when @text is acceptable; FALSE otherwise, with a
 * message a person can read in @error_message (translatable, untranslated here). */
gboolean tix_validate_prefix        (const char  *text,
                                     const char **error_message);
gboolean tix_validate_number_search (const char  *text);
gboolean tix_validate_uuid          (const char  *text);
gboolean tix_validate_email         (const char  *text,
                                     const char **error_message);
gboolean tix_validate_name          (const char  *text,
                                     const char **error_message);
gboolean tix_validate_password      (const char  *text,
                                     const char **error_message);
gboolean tix_validate_extra         (const char  *text,
                                     const char **error_message);
gboolean tix_validate_role          (const char  *text);
gboolean tix_validate_time_zone     (const char  *text);
gboolean tix_validate_date          (const char  *text);
gboolean tix_validate_sheet_layout  (const char  *text);

const char * const *tix_sheet_layouts (void);

G_END_DECLS
