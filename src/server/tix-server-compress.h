/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

/* Answers larger than this are gzip-compressed for a client that accepts it. */
#define TIX_COMPRESS_MIN_SIZE 4096

/* The body of an answer, written in pieces. When the request accepts gzip
 * and the body grows past TIX_COMPRESS_MIN_SIZE, it is compressed as it is
 * written: each full slice goes to a worker thread while the caller writes
 * the next, so compressing costs little more time than writing. _finish ()
 * sets status, Content-Type, Content-Encoding, Vary and the body on @msg. */
typedef struct _TixBodyWriter TixBodyWriter;

TixBodyWriter *tix_body_writer_new    (SoupServerMessage *msg,
                                       guint              status,
                                       const char        *content_type);
void           tix_body_writer_write  (TixBodyWriter     *writer,
                                       const char        *data,
                                       gsize              length);
/* About how long the body will be: spares a plain body its reallocations. */
void           tix_body_writer_expect (TixBodyWriter     *writer,
                                       gsize              length);
/* Frees @writer. */
void           tix_body_writer_finish (TixBodyWriter     *writer);

/* A writer of a body for no message yet (one made ahead of its request):
 * compressed when @gzip and longer than TIX_COMPRESS_MIN_SIZE. */
TixBodyWriter *tix_body_writer_new_detached (gboolean           gzip);
/* Frees @writer. Returns the body, compressed when *@compressed, or NULL
 * when compressing failed. */
GBytes        *tix_body_writer_finish_bytes (TixBodyWriter     *writer,
                                             gboolean          *compressed);
/* Sets status, Content-Type, Content-Encoding, Vary and the body; a NULL
 * @body is a 500. */
void           tix_server_set_body_bytes (SoupServerMessage *msg,
                                          guint              status,
                                          const char        *content_type,
                                          GBytes            *body,
                                          gboolean           compressed);
/* The GString that tix_body_writer_write () appends to: writers may append to
 * it directly (g_string_append …) and call tix_body_writer_wrote () after. */
GString       *tix_body_writer_buffer (TixBodyWriter     *writer);
void           tix_body_writer_wrote  (TixBodyWriter     *writer);

/* A whole body at once (@data is taken). */
void           tix_server_set_body    (SoupServerMessage *msg,
                                       guint              status,
                                       const char        *content_type,
                                       char              *data,
                                       gsize              length);

/* TRUE when the request of @msg accepts the gzip content coding. */
gboolean       tix_server_accepts_gzip (SoupServerMessage *msg);

G_END_DECLS
