/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define TIX_TYPE_REQUEST_INPUT_STREAM (tix_request_input_stream_get_type ())

G_DECLARE_FINAL_TYPE (TixRequestInputStream, tix_request_input_stream,
                      TIX, REQUEST_INPUT_STREAM, GFilterInputStream)

/* What went wrong with the head of a request (its line and headers). */
typedef enum
{
  TIX_REQUEST_HEAD_OK,
  TIX_REQUEST_HEAD_URI_TOO_LONG,     /* the request line passed its limit: 414 */
  TIX_REQUEST_HEAD_FIELDS_TOO_LARGE, /* the headers passed theirs: 431 */
} TixRequestHeadProblem;

/* Called once, from inside a read, when a request's head passes a limit;
 * the stream reads as closed from then on. */
typedef void (*TixRequestHeadFunc) (TixRequestHeadProblem problem,
                                    gpointer              user_data);

GInputStream *tix_request_input_stream_new        (GInputStream          *base,
                                                   gsize                  max_line,
                                                   gsize                  max_head,
                                                   TixRequestHeadFunc     func,
                                                   gpointer               user_data);
/* A new request begins with the next byte read: watch its head again. */
void          tix_request_input_stream_expect_head (TixRequestInputStream *self);
/* Bytes read through the stream so far. */
guint64       tix_request_input_stream_get_n_read (TixRequestInputStream *self);

G_END_DECLS
