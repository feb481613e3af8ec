/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-time"

#include "config.h"

#include "tix-time.h"

gint64
tix_time_now_ms (void)
{
  return g_get_real_time () / 1000;
}

gint64
tix_time_from_datetime (GDateTime *dt)
{
  g_return_val_if_fail (dt != NULL, 0);

  return g_date_time_to_unix (dt) * 1000 + g_date_time_get_microsecond (dt) / 1000;
}

/* Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's
 * civil_from_days). */
static void
civil_from_days (gint64  days,
                 gint64 *year,
                 int    *month,
                 int    *day)
{
  gint64 z = days + 719468;
  gint64 era = (z >= 0 ? z : z - 146096) / 146097;
  gint64 doe = z - era * 146097;
  gint64 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  gint64 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  gint64 mp = (5 * doy + 2) / 153;

  *day = (int) (doy - (153 * mp + 2) / 5 + 1);
  *month = (int) (mp < 10 ? mp + 3 : mp - 9);
  *year = yoe + era * 400 + (*month <= 2);
}

void
tix_time_format_iso_buf (gint64 ms,
                         char   buf[TIX_TIME_ISO_SIZE])
{
  gint64 secs = ms / 1000, days, year;
  int millis = (int) (ms % 1000), month, day, sod;

  if (millis < 0)
    {
      millis += 1000;
      secs -= 1;
    }
  days = secs / 86400;
  sod = (int) (secs % 86400);
  if (sod < 0)
    {
      sod += 86400;
      days -= 1;
    }
  civil_from_days (days, &year, &month, &day);

  if (year < 1 || year > 9999)
    {
      g_strlcpy (buf, "1970-01-01T00:00:00.000Z", TIX_TIME_ISO_SIZE);
      return;
    }

  g_snprintf (buf, TIX_TIME_ISO_SIZE, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
              (int) year, month, day, sod / 3600, sod / 60 % 60, sod % 60, millis);
}

/* 2026-11-25T09:00:00.123Z: always four digits of year, so that what is
 * written parses again (GDateTime's %Y writes year 226 as "226"). */
char *
tix_time_format_iso (gint64 ms)
{
  char buf[TIX_TIME_ISO_SIZE];

  tix_time_format_iso_buf (ms, buf);
  return g_strdup (buf);
}

gboolean
tix_time_parse_iso (const char *text,
                    gint64     *out_ms)
{
  g_autoptr(GTimeZone) utc = NULL;
  g_autoptr(GDateTime) dt = NULL;

  g_return_val_if_fail (out_ms != NULL, FALSE);

  if (text == NULL || *text == '\0')
    return FALSE;

  utc = g_time_zone_new_utc ();
  dt = g_date_time_new_from_iso8601 (text, utc);
  if (dt == NULL)
    return FALSE;

  *out_ms = tix_time_from_datetime (dt);
  return TRUE;
}
