/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Times are kept as milliseconds since the Unix epoch, UTC. */
gint64  tix_time_now_ms        (void);
char   *tix_time_format_iso    (gint64 ms);
/* The same into @buf (at least TIX_TIME_ISO_SIZE bytes), without allocating:
 * for the hot paths that write many tickets. */
#define TIX_TIME_ISO_SIZE 32
void    tix_time_format_iso_buf (gint64 ms,
                                 char   buf[TIX_TIME_ISO_SIZE]);
gboolean tix_time_parse_iso    (const char *text,
                                gint64     *out_ms);
gint64  tix_time_from_datetime (GDateTime *dt);

G_END_DECLS
