/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-request-input-stream"

#include "config.h"

#include <string.h>

#include "tix-request-input-stream.h"

/* The input side of one plain HTTP connection, between the socket and
 * libsoup. It passes every byte through and watches the head of each
 * request (request line and headers) on its way: libsoup 3.2 drops a
 * connection without a word when a head passes 64 KiB, so this stream stops
 * a head at a smaller limit, while the server can still answer 414 or 431.
 * It is pollable, as libsoup needs. */

struct _TixRequestInputStream
{
  GFilterInputStream  parent_instance;

  gsize               max_line;
  gsize               max_head;
  TixRequestHeadFunc  func;
  gpointer            user_data;

  guint64             n_read;
  gsize               head_length;  /* bytes of the head seen so far */
  guint               line_ended : 1;
  guint               in_head : 1;  /* still looking for the blank line */
  guint               stopped : 1;  /* a limit was passed: reads as closed */
  char                tail[3];      /* the last bytes of the head, for "\r\n\r\n" */
  guint               tail_length;
};

static void tix_request_input_stream_pollable_init (GPollableInputStreamInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TixRequestInputStream, tix_request_input_stream,
                               G_TYPE_FILTER_INPUT_STREAM,
                               G_IMPLEMENT_INTERFACE (G_TYPE_POLLABLE_INPUT_STREAM,
                                                      tix_request_input_stream_pollable_init))

static GInputStream *
base_of (TixRequestInputStream *self)
{
  return g_filter_input_stream_get_base_stream (G_FILTER_INPUT_STREAM (self));
}

/* Looks at bytes just read; FALSE once a limit is passed. */
static gboolean
watch_head (TixRequestInputStream *self,
            const char            *data,
            gssize                 length)
{
  TixRequestHeadProblem problem = TIX_REQUEST_HEAD_OK;

  if (length <= 0)
    return TRUE;

  self->n_read += length;
  if (!self->in_head)
    return TRUE;

  for (gssize i = 0; i < length; i++)
    {
      char c = data[i];

      /* Blank lines before a request line are allowed (RFC 9112 2.2). */
      if (self->head_length == 0 && (c == '\r' || c == '\n'))
        continue;

      self->head_length++;
      if (c == '\n')
        {
          gboolean blank = (self->tail_length >= 1 && self->tail[self->tail_length - 1] == '\n') ||
                           (self->tail_length >= 2 && self->tail[self->tail_length - 1] == '\r' &&
                            self->tail[self->tail_length - 2] == '\n');

          if (self->line_ended && blank)
            {
              self->in_head = FALSE;
              return TRUE;
            }
          self->line_ended = TRUE;
        }

      if (self->tail_length == sizeof self->tail)
        {
          memmove (self->tail, self->tail + 1, sizeof self->tail - 1);
          self->tail_length--;
        }
      self->tail[self->tail_length++] = c;

      if (!self->line_ended && self->head_length > self->max_line)
        {
          problem = TIX_REQUEST_HEAD_URI_TOO_LONG;
          break;
        }
      if (self->head_length > self->max_head)
        {
          problem = TIX_REQUEST_HEAD_FIELDS_TOO_LARGE;
          break;
        }
    }

  if (problem == TIX_REQUEST_HEAD_OK)
    return TRUE;

  self->stopped = TRUE;
  self->in_head = FALSE;
  if (self->func != NULL)
    self->func (problem, self->user_data);
  return FALSE;
}

static gssize
tix_request_input_stream_read (GInputStream  *stream,
                               void          *buffer,
                               gsize          count,
                               GCancellable  *cancellable,
                               GError       **error)
{
  TixRequestInputStream *self = TIX_REQUEST_INPUT_STREAM (stream);
  gssize n;

  if (self->stopped)
    return 0;

  n = g_input_stream_read (base_of (self), buffer, count, cancellable, error);
  if (!watch_head (self, buffer, n))
    return 0;
  return n;
}

static gboolean
tix_request_input_stream_can_poll (GPollableInputStream *stream)
{
  GInputStream *base = base_of (TIX_REQUEST_INPUT_STREAM (stream));

  return G_IS_POLLABLE_INPUT_STREAM (base) &&
         g_pollable_input_stream_can_poll (G_POLLABLE_INPUT_STREAM (base));
}

static gboolean
tix_request_input_stream_is_readable (GPollableInputStream *stream)
{
  TixRequestInputStream *self = TIX_REQUEST_INPUT_STREAM (stream);

  return self->stopped ||
         g_pollable_input_stream_is_readable (G_POLLABLE_INPUT_STREAM (base_of (self)));
}

static GSource *
tix_request_input_stream_create_source (GPollableInputStream *stream,
                                        GCancellable         *cancellable)
{
  TixRequestInputStream *self = TIX_REQUEST_INPUT_STREAM (stream);
  g_autoptr(GSource) base_source = NULL;
  GSource *source;

  /* Once stopped, say "readable" at once: the read that follows ends it. */
  if (self->stopped)
    base_source = g_timeout_source_new (0);
  else
    base_source = g_pollable_input_stream_create_source (
      G_POLLABLE_INPUT_STREAM (base_of (self)), cancellable);
  g_source_set_dummy_callback (base_source);

  source = g_pollable_source_new (G_OBJECT (stream));
  g_source_add_child_source (source, base_source);
  return source;
}

static gssize
tix_request_input_stream_read_nonblocking (GPollableInputStream  *stream,
                                           void                  *buffer,
                                           gsize                  count,
                                           GError               **error)
{
  TixRequestInputStream *self = TIX_REQUEST_INPUT_STREAM (stream);
  gssize n;

  if (self->stopped)
    return 0;

  n = g_pollable_input_stream_read_nonblocking (G_POLLABLE_INPUT_STREAM (base_of (self)),
                                                buffer, count, NULL, error);
  if (!watch_head (self, buffer, n))
    return 0;
  return n;
}

static void
tix_request_input_stream_pollable_init (GPollableInputStreamInterface *iface)
{
  iface->can_poll = tix_request_input_stream_can_poll;
  iface->is_readable = tix_request_input_stream_is_readable;
  iface->create_source = tix_request_input_stream_create_source;
  iface->read_nonblocking = tix_request_input_stream_read_nonblocking;
}

static void
tix_request_input_stream_class_init (TixRequestInputStreamClass *klass)
{
  GInputStreamClass *input_class = G_INPUT_STREAM_CLASS (klass);

  input_class->read_fn = tix_request_input_stream_read;
}

static void
tix_request_input_stream_init (TixRequestInputStream *self)
{
  self->in_head = TRUE;
}

GInputStream *
tix_request_input_stream_new (GInputStream       *base,
                              gsize               max_line,
                              gsize               max_head,
                              TixRequestHeadFunc  func,
                              gpointer            user_data)
{
  TixRequestInputStream *self;

  g_return_val_if_fail (G_IS_INPUT_STREAM (base), NULL);

  self = g_object_new (TIX_TYPE_REQUEST_INPUT_STREAM,
                       "base-stream", base,
                       "close-base-stream", FALSE,
                       NULL);
  self->max_line = max_line;
  self->max_head = max_head;
  self->func = func;
  self->user_data = user_data;
  return G_INPUT_STREAM (self);
}

void
tix_request_input_stream_expect_head (TixRequestInputStream *self)
{
  g_return_if_fail (TIX_IS_REQUEST_INPUT_STREAM (self));

  if (self->stopped)
    return;
  self->in_head = TRUE;
  self->line_ended = FALSE;
  self->head_length = 0;
  self->tail_length = 0;
}

guint64
tix_request_input_stream_get_n_read (TixRequestInputStream *self)
{
  g_return_val_if_fail (TIX_IS_REQUEST_INPUT_STREAM (self), 0);
  return self->n_read;
}
