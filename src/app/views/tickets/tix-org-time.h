/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Times as the organization reads them: in its time zone (the setting
 * "time_zone"), saying which zone when its clock differs from this
 * computer's. The Tickets and Scan views format every time through these. */

/* The zone named @identifier (an IANA name), or this computer's when it is
 * NULL, empty or unknown. */
GTimeZone *tix_org_time_zone_new     (const char *identifier);
/* @ms (Unix milliseconds) in @zone with @format (g_date_time_format()), then
 * the zone's abbreviation ("14:05 CET") when @zone's offset at that time is
 * not the computer's. */
char      *tix_org_time_format       (GTimeZone  *zone,
                                      gint64      ms,
                                      const char *format);
/* TRUE when @ms falls on today's date in @zone. */
gboolean   tix_org_time_is_today     (GTimeZone  *zone,
                                      gint64      ms);

G_END_DECLS
