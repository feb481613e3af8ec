/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Times are kept as milliseconds since the Unix epoch, UTC.
 *
 * What Tix takes from outside (a time such as "scanned_at", a date such as
 * "event_date" or a report's "date") lies in the years TIX_TIME_MIN_YEAR to
 * TIX_TIME_MAX_YEAR: a time of those years (UTC) has a date in every time zone
 * (GLib's GDateTime ends with the year 9999), and a whole day of those years
 * in any time zone begins and ends at a time that the ISO format writes with
 * four digits of year. Anything outside is refused, never clamped. */
#define TIX_TIME_MIN_YEAR 1970
#define TIX_TIME_MAX_YEAR 9998
/* 1970-01-01T00:00:00.000Z and 9998-12-31T23:59:59.999Z */
#define TIX_TIME_MIN_MS   G_GINT64_CONSTANT (0)
#define TIX_TIME_MAX_MS   G_GINT64_CONSTANT (253370764799999)

gint64  tix_time_now_ms        (void);
/* TIX_TIME_MIN_MS <= @ms <= TIX_TIME_MAX_MS */
gboolean tix_time_in_range     (gint64 ms);
char   *tix_time_format_iso    (gint64 ms);
/* The same into @buf (at least TIX_TIME_ISO_SIZE bytes), without allocating:
 * for the hot paths that write many tickets. */
#define TIX_TIME_ISO_SIZE 32
void    tix_time_format_iso_buf (gint64 ms,
                                 char   buf[TIX_TIME_ISO_SIZE]);
/* FALSE (and *out_ms untouched) for anything but an ISO 8601 time that
 * tix_time_format_iso() writes again as such: UTC years 1 to 9999. What
 * comes from outside is checked with tix_time_in_range() as well. */
gboolean tix_time_parse_iso    (const char *text,
                                gint64     *out_ms);
/* FALSE for NULL (what GLib returns for a date it cannot represent): never
 * asserts. */
gboolean tix_time_from_datetime (GDateTime *dt,
                                 gint64    *out_ms);

/* YYYY-MM-DD, a real calendar date of the years TIX_TIME_MIN_YEAR to
 * TIX_TIME_MAX_YEAR; @out_date may be NULL. FALSE for anything else. */
gboolean tix_time_parse_date   (const char *text,
                                GDate      *out_date);
/* The first and the first-after-the-last millisecond of @date (a valid GDate
 * in the supported years) in @tz: 23, 24 or 25 hours apart, or less where a
 * zone skipped part of a day. FALSE when GLib cannot represent them. */
gboolean tix_time_day_bounds   (GTimeZone   *tz,
                                const GDate *date,
                                gint64      *out_start,
                                gint64      *out_end);
/* "2026-11-25", always four digits of year. */
char    *tix_time_format_date  (const GDate *date);
/* The first millisecond of the day @date (YYYY-MM-DD as tix_time_parse_date()
 * takes) in the time zone named @zone (an IANA name; UTC when NULL or
 * unknown). FALSE for a date that is not valid. */
gboolean tix_time_day_start_in_zone (const char *date,
                                     const char *zone,
                                     gint64     *out_ms);
/* The date (YYYY-MM-DD) of @ms in the time zone named @zone (UTC when NULL
 * or unknown); NULL when @ms is out of range. */
char    *tix_time_date_in_zone (gint64      ms,
                                const char *zone);
/* When an event starts, as its tickets print it: "2026-12-11 20:00" in
 * @zone, or the day alone ("2026-12-11") for a start at midnight, which is
 * an event given a day and no time (the seed's event_date). NULL when @ms
 * is out of range. */
char    *tix_time_start_in_zone (gint64      ms,
                                 const char *zone);
/* The time @iso (ISO 8601) as g_date_time_format() writes it with @format
 * in @zone (NULL: the local zone); NULL when @iso does not read. */
char    *tix_time_format_iso_in_zone (const char *iso,
                                      GTimeZone  *zone,
                                      const char *format);

G_END_DECLS
