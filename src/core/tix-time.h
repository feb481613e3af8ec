/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Times are kept as milliseconds since the Unix epoch, UTC. */
gint64  tix_time_now_ms        (void);
char   *tix_time_format_iso    (gint64 ms);
gboolean tix_time_parse_iso    (const char *text,
                                gint64     *out_ms);
gint64  tix_time_from_datetime (GDateTime *dt);

G_END_DECLS
