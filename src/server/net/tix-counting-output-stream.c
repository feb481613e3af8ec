/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-counting-output-stream"

#include "config.h"

#include "tix-counting-output-stream.h"

struct _TixCountingOutputStream
{
  GFilterOutputStream parent_instance;

  guint64             written;
};

static void pollable_iface_init (GPollableOutputStreamInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TixCountingOutputStream, tix_counting_output_stream,
                               G_TYPE_FILTER_OUTPUT_STREAM,
                               G_IMPLEMENT_INTERFACE (G_TYPE_POLLABLE_OUTPUT_STREAM,
                                                      pollable_iface_init))

static GOutputStream *
base_of (gpointer stream)
{
  return g_filter_output_stream_get_base_stream (G_FILTER_OUTPUT_STREAM (stream));
}

static gssize
tix_counting_output_stream_write (GOutputStream  *stream,
                                  const void     *buffer,
                                  gsize           count,
                                  GCancellable   *cancellable,
                                  GError        **error)
{
  TixCountingOutputStream *self = TIX_COUNTING_OUTPUT_STREAM (stream);
  gssize written = g_output_stream_write (base_of (stream), buffer, count, cancellable, error);

  if (written > 0)
    self->written += written;
  return written;
}

static gboolean
tix_counting_output_stream_can_poll (GPollableOutputStream *stream)
{
  GOutputStream *base = base_of (stream);

  return G_IS_POLLABLE_OUTPUT_STREAM (base) &&
         g_pollable_output_stream_can_poll (G_POLLABLE_OUTPUT_STREAM (base));
}

static gboolean
tix_counting_output_stream_is_writable (GPollableOutputStream *stream)
{
  return g_pollable_output_stream_is_writable (G_POLLABLE_OUTPUT_STREAM (base_of (stream)));
}

static GSource *
tix_counting_output_stream_create_source (GPollableOutputStream *stream,
                                          GCancellable          *cancellable)
{
  g_autoptr(GSource) base_source =
    g_pollable_output_stream_create_source (G_POLLABLE_OUTPUT_STREAM (base_of (stream)),
                                            cancellable);

  return g_pollable_source_new_full (stream, base_source, cancellable);
}

static gssize
tix_counting_output_stream_write_nonblocking (GPollableOutputStream  *stream,
                                              const void             *buffer,
                                              gsize                   count,
                                              GError                **error)
{
  TixCountingOutputStream *self = TIX_COUNTING_OUTPUT_STREAM (stream);
  gssize written =
    g_pollable_output_stream_write_nonblocking (G_POLLABLE_OUTPUT_STREAM (base_of (stream)),
                                                buffer, count, NULL, error);

  if (written > 0)
    self->written += written;
  return written;
}

static void
pollable_iface_init (GPollableOutputStreamInterface *iface)
{
  iface->can_poll = tix_counting_output_stream_can_poll;
  iface->is_writable = tix_counting_output_stream_is_writable;
  iface->create_source = tix_counting_output_stream_create_source;
  iface->write_nonblocking = tix_counting_output_stream_write_nonblocking;
}

static void
tix_counting_output_stream_class_init (TixCountingOutputStreamClass *klass)
{
  GOutputStreamClass *stream_class = G_OUTPUT_STREAM_CLASS (klass);

  stream_class->write_fn = tix_counting_output_stream_write;
}

static void
tix_counting_output_stream_init (TixCountingOutputStream *self)
{
}

GOutputStream *
tix_counting_output_stream_new (GOutputStream *base)
{
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (base), NULL);

  return g_object_new (TIX_TYPE_COUNTING_OUTPUT_STREAM,
                       "base-stream", base,
                       "close-base-stream", FALSE,
                       NULL);
}

guint64
tix_counting_output_stream_get_written (TixCountingOutputStream *self)
{
  g_return_val_if_fail (TIX_IS_COUNTING_OUTPUT_STREAM (self), 0);

  return self->written;
}
