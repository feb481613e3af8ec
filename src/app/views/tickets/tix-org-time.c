/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-org-time"

#include "config.h"

#include "tix-org-time.h"

GTimeZone *
tix_org_time_zone_new (const char *identifier)
{
  GTimeZone *zone = NULL;

  if (identifier != NULL && *identifier != '\0')
    zone = g_time_zone_new_identifier (identifier);
  return zone != NULL ? zone : g_time_zone_new_local ();
}

static GDateTime *
in_zone (GTimeZone *zone,
         gint64     ms)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (ms / 1000);

  if (utc == NULL)
    return NULL;
  return zone != NULL ? g_date_time_to_timezone (utc, zone) : g_date_time_to_local (utc);
}

char *
tix_org_time_format (GTimeZone  *zone,
                     gint64      ms,
                     const char *format)
{
  g_autoptr(GDateTime) when = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (format != NULL, NULL);

  if (ms <= 0 || (when = in_zone (zone, ms)) == NULL)
    return g_strdup ("");

  text = g_date_time_format (when, format);
  if (text == NULL)
    return g_strdup ("");

  local = g_date_time_to_local (when);
  if (local != NULL && g_date_time_get_utc_offset (local) != g_date_time_get_utc_offset (when))
    return g_strconcat (text, " ", g_date_time_get_timezone_abbreviation (when), NULL);
  return g_steal_pointer (&text);
}

gboolean
tix_org_time_is_today (GTimeZone *zone,
                       gint64     ms)
{
  g_autoptr(GDateTime) when = in_zone (zone, ms);
  g_autoptr(GDateTime) now = in_zone (zone, g_get_real_time () / 1000);

  return when != NULL && now != NULL &&
         g_date_time_get_year (when) == g_date_time_get_year (now) &&
         g_date_time_get_day_of_year (when) == g_date_time_get_day_of_year (now);
}
