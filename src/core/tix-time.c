/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-time"

#include "config.h"

#include <string.h>

#include "tix-time.h"

gint64
tix_time_now_ms (void)
{
  return g_get_real_time () / 1000;
}

/* 0001-01-01T00:00:00.000Z and 9999-12-31T23:59:59.999Z: what the ISO
 * format writes. */
#define ISO_MIN_MS G_GINT64_CONSTANT (-62135596800000)
#define ISO_MAX_MS G_GINT64_CONSTANT (253402300799999)

gboolean
tix_time_in_range (gint64 ms)
{
  return ms >= TIX_TIME_MIN_MS && ms <= TIX_TIME_MAX_MS;
}

gboolean
tix_time_from_datetime (GDateTime *dt,
                        gint64    *out_ms)
{
  g_return_val_if_fail (out_ms != NULL, FALSE);

  /* GDateTime spans the years 1 to 9999: no overflow below. */
  if (dt == NULL)
    return FALSE;
  *out_ms = g_date_time_to_unix (dt) * 1000 + g_date_time_get_microsecond (dt) / 1000;
  return TRUE;
}

gboolean
tix_time_parse_date (const char *text,
                     GDate      *out_date)
{
  guint year, month, day;

  if (text == NULL || strlen (text) != 10)
    return FALSE;
  for (int i = 0; i < 10; i++)
    {
      if (i == 4 || i == 7)
        {
          if (text[i] != '-')
            return FALSE;
        }
      else if (!g_ascii_isdigit (text[i]))
        return FALSE;
    }

  year = (guint) g_ascii_strtoull (text, NULL, 10);
  month = (guint) g_ascii_strtoull (text + 5, NULL, 10);
  day = (guint) g_ascii_strtoull (text + 8, NULL, 10);
  if (year < TIX_TIME_MIN_YEAR || year > TIX_TIME_MAX_YEAR ||
      !g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    return FALSE;

  if (out_date != NULL)
    {
      g_date_clear (out_date, 1);
      g_date_set_dmy (out_date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
    }
  return TRUE;
}

gboolean
tix_time_day_bounds (GTimeZone   *tz,
                     const GDate *date,
                     gint64      *out_start,
                     gint64      *out_end)
{
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) end = NULL;
  GDate next;
  gint64 from, to;

  g_return_val_if_fail (tz != NULL && out_start != NULL && out_end != NULL, FALSE);

  if (date == NULL || !g_date_valid (date) || g_date_get_year (date) < TIX_TIME_MIN_YEAR ||
      g_date_get_year (date) > TIX_TIME_MAX_YEAR)
    return FALSE;

  next = *date;
  g_date_add_days (&next, 1);
  start = g_date_time_new (tz, g_date_get_year (date), g_date_get_month (date),
                           g_date_get_day (date), 0, 0, 0);
  end = g_date_time_new (tz, g_date_get_year (&next), g_date_get_month (&next),
                         g_date_get_day (&next), 0, 0, 0);
  if (!tix_time_from_datetime (start, &from) || !tix_time_from_datetime (end, &to) ||
      to < from || to - from > 2 * 24 * 3600 * 1000)
    return FALSE;

  *out_start = from;
  *out_end = to;
  return TRUE;
}

char *
tix_time_format_date (const GDate *date)
{
  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);

  return g_strdup_printf ("%04u-%02u-%02u", (guint) g_date_get_year (date),
                          (guint) g_date_get_month (date), (guint) g_date_get_day (date));
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
  gint64 ms;

  g_return_val_if_fail (out_ms != NULL, FALSE);

  if (text == NULL || *text == '\0')
    return FALSE;

  utc = g_time_zone_new_utc ();
  dt = g_date_time_new_from_iso8601 (text, utc);
  /* An offset can carry 9999-12-31T23:00-12:00 into the year 10000. */
  if (!tix_time_from_datetime (dt, &ms) || ms < ISO_MIN_MS || ms > ISO_MAX_MS)
    return FALSE;

  *out_ms = ms;
  return TRUE;
}

static GTimeZone *
zone_or_utc (const char *zone)
{
  GTimeZone *tz = zone != NULL ? g_time_zone_new_identifier (zone) : NULL;

  return tz != NULL ? tz : g_time_zone_new_utc ();
}

gboolean
tix_time_day_start_in_zone (const char *date,
                            const char *zone,
                            gint64     *out_ms)
{
  g_autoptr(GTimeZone) tz = NULL;
  GDate day;
  gint64 end;

  g_return_val_if_fail (out_ms != NULL, FALSE);

  if (date == NULL || !tix_time_parse_date (date, &day))
    return FALSE;
  tz = zone_or_utc (zone);
  return tix_time_day_bounds (tz, &day, out_ms, &end);
}

char *
tix_time_date_in_zone (gint64      ms,
                       const char *zone)
{
  g_autoptr(GTimeZone) tz = NULL;
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (!tix_time_in_range (ms))
    return NULL;
  tz = zone_or_utc (zone);
  utc = g_date_time_new_from_unix_utc (ms / 1000);
  local = utc != NULL ? g_date_time_to_timezone (utc, tz) : NULL;
  if (local == NULL)
    return NULL;
  return g_strdup_printf ("%04d-%02d-%02d", g_date_time_get_year (local),
                          g_date_time_get_month (local), g_date_time_get_day_of_month (local));
}

char *
tix_time_start_in_zone (gint64      ms,
                        const char *zone)
{
  g_autoptr(GTimeZone) tz = NULL;
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (!tix_time_in_range (ms))
    return NULL;
  tz = zone_or_utc (zone);
  utc = g_date_time_new_from_unix_utc (ms / 1000);
  local = utc != NULL ? g_date_time_to_timezone (utc, tz) : NULL;
  if (local == NULL)
    return NULL;
  if (g_date_time_get_hour (local) == 0 && g_date_time_get_minute (local) == 0)
    return g_date_time_format (local, "%Y-%m-%d");
  return g_date_time_format (local, "%Y-%m-%d %H:%M");
}

char *
tix_time_format_iso_in_zone (const char *iso,
                             GTimeZone  *zone,
                             const char *format)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) there = NULL;
  gint64 ms;

  g_return_val_if_fail (format != NULL, NULL);

  if (iso == NULL || !tix_time_parse_iso (iso, &ms))
    return NULL;
  utc = g_date_time_new_from_unix_utc (ms / 1000);
  if (utc == NULL)
    return NULL;
  there = zone != NULL ? g_date_time_to_timezone (utc, zone) : g_date_time_to_local (utc);
  return there != NULL ? g_date_time_format (there, format) : NULL;
}
