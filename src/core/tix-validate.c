/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-validate"

#include "config.h"

#include <string.h>

#include "tix-time.h"
#include "tix-validate.h"

static const char * const sheet_layouts[] = {
  "a4-2x4", "a4-3x7", "letter-2x4", "letter-3x7", "roll-80", NULL
};

const char * const *
tix_sheet_layouts (void)
{
  return sheet_layouts;
}

static gboolean
is_number_char (char c)
{
  return g_ascii_isalnum (c) || c == '-' || c == '_';
}

static gboolean
fail (const char **error_message,
      const char  *message)
{
  if (error_message != NULL)
    *error_message = message;
  return FALSE;
}

gboolean
tix_validate_prefix (const char  *text,
                     const char **error_message)
{
  gsize len;

  if (text == NULL || *text == '\0')
    return fail (error_message, "Prefix must not be empty");

  len = strlen (text);
  if (len > TIX_PREFIX_MAX_LENGTH)
    return fail (error_message, "Prefix must be at most 20 characters");

  for (gsize i = 0; i < len; i++)
    if (!is_number_char (text[i]))
      return fail (error_message,
                   "Prefix may only contain letters, digits, “-” and “_”");

  return TRUE;
}

/* A search matches the start of a ticket number, so it uses the same alphabet. */
gboolean
tix_validate_number_search (const char *text)
{
  gsize len;

  if (text == NULL)
    return FALSE;

  len = strlen (text);
  if (len == 0 || len > 64)
    return FALSE;

  for (gsize i = 0; i < len; i++)
    if (!is_number_char (text[i]))
      return FALSE;

  return TRUE;
}

gboolean
tix_validate_uuid (const char *text)
{
  return text != NULL && g_uuid_string_is_valid (text);
}

gboolean
tix_validate_email (const char  *text,
                    const char **error_message)
{
  const char *at;

  if (text == NULL || *text == '\0')
    return fail (error_message, "Email is required");
  if (strlen (text) > TIX_EMAIL_MAX_LENGTH || !g_utf8_validate (text, -1, NULL))
    return fail (error_message, "Email is not valid");

  at = strchr (text, '@');
  if (at == NULL || at == text || at[1] == '\0' || strchr (at + 1, '@') != NULL)
    return fail (error_message, "Email is not valid");

  for (const char *p = text; *p; p++)
    if (g_ascii_isspace (*p) || g_ascii_iscntrl (*p))
      return fail (error_message, "Email is not valid");

  return TRUE;
}

gboolean
tix_validate_name (const char  *text,
                   const char **error_message)
{
  g_autofree char *stripped = NULL;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return fail (error_message, "Name is required");

  stripped = g_strstrip (g_strdup (text));
  if (*stripped == '\0')
    return fail (error_message, "Name is required");
  if (g_utf8_strlen (text, -1) > TIX_NAME_MAX_LENGTH)
    return fail (error_message, "Name must be at most 200 characters");

  for (const char *p = text; *p; p++)
    if (g_ascii_iscntrl (*p))
      return fail (error_message, "Name must not contain control characters");

  return TRUE;
}

gboolean
tix_validate_password (const char  *text,
                       const char **error_message)
{
  if (text == NULL || *text == '\0')
    return fail (error_message, "Password is required");
  if (!g_utf8_validate (text, -1, NULL))
    return fail (error_message, "Password is not valid text");
  if (g_utf8_strlen (text, -1) < TIX_PASSWORD_MIN_LENGTH)
    return fail (error_message, "Password must be at least 8 characters");
  if (strlen (text) > TIX_PASSWORD_MAX_LENGTH)
    return fail (error_message, "Password is too long");

  return TRUE;
}

gboolean
tix_validate_extra (const char  *text,
                    const char **error_message)
{
  if (text == NULL)
    return TRUE;
  if (!g_utf8_validate (text, -1, NULL))
    return fail (error_message, "Extra text is not valid UTF-8");
  if (g_utf8_strlen (text, -1) > TIX_EXTRA_MAX_LENGTH)
    return fail (error_message, "Extra text must be at most 1000 characters");

  return TRUE;
}

gboolean
tix_validate_role (const char *text)
{
  return g_strcmp0 (text, "admin") == 0 ||
         g_strcmp0 (text, "seller") == 0 ||
         g_strcmp0 (text, "scanner") == 0;
}

gboolean
tix_validate_time_zone (const char *text)
{
  g_autoptr(GTimeZone) tz = NULL;

  if (text == NULL || *text == '\0' || strlen (text) > 64)
    return FALSE;

  /* An IANA name, never a path: GLib would open "/etc/passwd" or "../x". */
  if (text[0] == '/' || strstr (text, "..") != NULL || strstr (text, "//") != NULL ||
      text[strlen (text) - 1] == '/')
    return FALSE;
  for (const char *p = text; *p; p++)
    if (!g_ascii_isalnum (*p) && strchr ("/_+-", *p) == NULL)
      return FALSE;

  tz = g_time_zone_new_identifier (text);
  return tz != NULL;
}

/* YYYY-MM-DD, a real calendar date. */
/* The dates the server takes (tix-time.c): years 1970 to 9998, so that a
 * form refuses what the server would. */
gboolean
tix_validate_date (const char *text)
{
  GDate date;

  return tix_time_parse_date (text, &date);
}

gboolean
tix_validate_sheet_layout (const char *text)
{
  return text != NULL && g_strv_contains (sheet_layouts, text);
}
