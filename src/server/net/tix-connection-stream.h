/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define TIX_TYPE_CONNECTION_STREAM (tix_connection_stream_get_type ())

G_DECLARE_FINAL_TYPE (TixConnectionStream, tix_connection_stream,
                      TIX, CONNECTION_STREAM, GIOStream)

/* @base's output as it is, @input in front of its input; closing the stream
 * closes @base (and so the socket). */
GIOStream *tix_connection_stream_new (GIOStream    *base,
                                      GInputStream *input);

G_END_DECLS
