/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-connection-stream"

#include "config.h"

#include "tix-connection-stream.h"

/* What libsoup is handed for a plain connection: the socket connection with a
 * TixRequestInputStream in front of its input. */

struct _TixConnectionStream
{
  GIOStream     parent_instance;

  GIOStream    *base;
  GInputStream *input;
};

G_DEFINE_FINAL_TYPE (TixConnectionStream, tix_connection_stream, G_TYPE_IO_STREAM)

static GInputStream *
tix_connection_stream_get_input_stream (GIOStream *stream)
{
  return TIX_CONNECTION_STREAM (stream)->input;
}

static GOutputStream *
tix_connection_stream_get_output_stream (GIOStream *stream)
{
  return g_io_stream_get_output_stream (TIX_CONNECTION_STREAM (stream)->base);
}

static gboolean
tix_connection_stream_close (GIOStream     *stream,
                             GCancellable  *cancellable,
                             GError       **error)
{
  TixConnectionStream *self = TIX_CONNECTION_STREAM (stream);

  g_input_stream_close (self->input, NULL, NULL);
  return g_io_stream_close (self->base, cancellable, error);
}

static void
tix_connection_stream_dispose (GObject *object)
{
  TixConnectionStream *self = TIX_CONNECTION_STREAM (object);

  g_clear_object (&self->input);
  g_clear_object (&self->base);

  G_OBJECT_CLASS (tix_connection_stream_parent_class)->dispose (object);
}

static void
tix_connection_stream_class_init (TixConnectionStreamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GIOStreamClass *stream_class = G_IO_STREAM_CLASS (klass);

  object_class->dispose = tix_connection_stream_dispose;
  stream_class->get_input_stream = tix_connection_stream_get_input_stream;
  stream_class->get_output_stream = tix_connection_stream_get_output_stream;
  stream_class->close_fn = tix_connection_stream_close;
}

static void
tix_connection_stream_init (TixConnectionStream *self)
{
}

GIOStream *
tix_connection_stream_new (GIOStream    *base,
                           GInputStream *input)
{
  TixConnectionStream *self;

  g_return_val_if_fail (G_IS_IO_STREAM (base), NULL);
  g_return_val_if_fail (G_IS_INPUT_STREAM (input), NULL);

  self = g_object_new (TIX_TYPE_CONNECTION_STREAM, NULL);
  self->base = g_object_ref (base);
  self->input = g_object_ref (input);
  return G_IO_STREAM (self);
}
