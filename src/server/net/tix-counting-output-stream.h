/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A pollable filter stream that counts the bytes its base stream took: put
 * under a SoupWebsocketConnection, it tells how much of what was sent has
 * left the process (the rest waits in libsoup's queue). The base stream is
 * not closed with it. */
#define TIX_TYPE_COUNTING_OUTPUT_STREAM (tix_counting_output_stream_get_type ())

G_DECLARE_FINAL_TYPE (TixCountingOutputStream, tix_counting_output_stream, TIX,
                      COUNTING_OUTPUT_STREAM, GFilterOutputStream)

GOutputStream *tix_counting_output_stream_new         (GOutputStream           *base);
guint64        tix_counting_output_stream_get_written (TixCountingOutputStream *self);

G_END_DECLS
