/* SPDX-License-Identifier: GPL-3.0-or-later */
/* gzip for large answers (the ticket list, /api/sync, the API description).
 *
 * The body is cut into slices of SLICE_SIZE or more, each compressed on its
 * own by GZlibCompressor (raw deflate, ending in a sync flush, so the pieces
 * join end to end), on a worker thread while the handler writes the next
 * slice. The pieces, an empty final block, the gzip header and trailer make
 * one ordinary gzip member: what every client decodes. A slice starts with
 * an empty dictionary, which costs under 1% of the size. */
#define G_LOG_DOMAIN "tix-server-compress"

#include "config.h"

#include <string.h>
#include <zlib.h>

#include "tix-server-compress.h"

#define SLICE_SIZE  (128 * 1024)
/* Level 1: the answers are JSON with a random id in each row, where the
 * higher levels find little more (see docs/benchmarks.md). */
#define GZIP_LEVEL  1
#define MAX_THREADS 8

typedef struct
{
  TixBodyWriter *writer;   /* unowned: it waits for its slices */
  GString       *input;
  guint8        *output;
  gsize          output_length;
  guint32        crc;
  gsize          input_length;
  gboolean       failed;
} Slice;

struct _TixBodyWriter
{
  SoupServerMessage *msg;
  guint              status;
  char              *content_type;
  gboolean           gzip;
  GString           *buffer;     /* written, not yet handed out */
  GPtrArray         *slices;     /* Slice, in order */

  GMutex             lock;
  GCond              cond;
  guint              running;    /* slices on worker threads */
};

gboolean
tix_server_accepts_gzip (SoupServerMessage *msg)
{
  const char *header = soup_message_headers_get_list (
    soup_server_message_get_request_headers (msg), "Accept-Encoding");
  GSList *unacceptable = NULL;
  GSList *acceptable;
  gboolean gzip = FALSE, star = FALSE, refused = FALSE;

  if (header == NULL)
    return FALSE;

  acceptable = soup_header_parse_quality_list (header, &unacceptable);
  for (GSList *l = acceptable; l != NULL; l = l->next)
    {
      if (g_ascii_strcasecmp (l->data, "gzip") == 0 ||
          g_ascii_strcasecmp (l->data, "x-gzip") == 0)
        gzip = TRUE;
      else if (g_str_equal (l->data, "*"))
        star = TRUE;
    }
  for (GSList *l = unacceptable; l != NULL; l = l->next)
    if (g_ascii_strcasecmp (l->data, "gzip") == 0 || g_ascii_strcasecmp (l->data, "x-gzip") == 0)
      refused = TRUE;
  soup_header_free_list (acceptable);
  soup_header_free_list (unacceptable);

  return (gzip || star) && !refused;
}

/* Each thread keeps its compressor and its output buffer: a new deflate
 * state is a quarter of a megabyte of fresh pages for every slice. */
typedef struct
{
  GZlibCompressor *compressor;
  guint8          *buffer;
  gsize            capacity;
} Deflater;

static void
deflater_free (gpointer data)
{
  Deflater *deflater = data;

  g_clear_object (&deflater->compressor);
  g_free (deflater->buffer);
  g_free (deflater);
}

static GPrivate deflater_key = G_PRIVATE_INIT (deflater_free);

/* Raw deflate of the slice, ending in a sync flush (byte-aligned, not final). */
static void
compress_slice (Slice *slice)
{
  Deflater *deflater = g_private_get (&deflater_key);
  const guint8 *input = (const guint8 *) slice->input->str;
  gsize length = slice->input->len;
  gsize in = 0, out = 0;

  if (deflater == NULL)
    {
      deflater = g_new0 (Deflater, 1);
      deflater->compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_RAW, GZIP_LEVEL);
      g_private_set (&deflater_key, deflater);
    }
  else
    g_converter_reset (G_CONVERTER (deflater->compressor));

  /* More than deflate's worst case: one call does it. */
  if (deflater->capacity < length + length / 8 + 256)
    {
      deflater->capacity = length + length / 8 + 256;
      deflater->buffer = g_realloc (deflater->buffer, deflater->capacity);
    }

  slice->input_length = length;
  slice->crc = crc32 (0L, Z_NULL, 0);
  slice->crc = crc32 (slice->crc, input, (uInt) length);

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      gsize read = 0, written = 0;
      GConverterResult result;

      result = g_converter_convert (G_CONVERTER (deflater->compressor), input + in, length - in,
                                    deflater->buffer + out, deflater->capacity - out,
                                    G_CONVERTER_FLUSH, &read, &written, &error);
      in += read;
      out += written;
      if (result == G_CONVERTER_ERROR &&
          !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE))
        {
          g_warning ("Could not compress an answer: %s", error->message);
          slice->failed = TRUE;
          /* Not to be reused half way through. */
          g_private_replace (&deflater_key, NULL);
          break;
        }
      if (result == G_CONVERTER_FLUSHED && in == length)
        break;
      if (result == G_CONVERTER_ERROR || deflater->capacity - out < 64)
        {
          deflater->capacity *= 2;
          deflater->buffer = g_realloc (deflater->buffer, deflater->capacity);
        }
    }

  if (!slice->failed)
    {
      slice->output = g_memdup2 (deflater->buffer, out);
      slice->output_length = out;
    }
  g_string_free (g_steal_pointer (&slice->input), TRUE);
}

static void
slice_free (Slice *slice)
{
  if (slice->input != NULL)
    g_string_free (slice->input, TRUE);
  g_free (slice->output);
  g_free (slice);
}

static void
compress_in_thread (gpointer data,
                    gpointer user_data)
{
  Slice *slice = data;
  TixBodyWriter *writer = slice->writer;

  compress_slice (slice);

  g_mutex_lock (&writer->lock);
  writer->running--;
  g_cond_signal (&writer->cond);
  g_mutex_unlock (&writer->lock);
}

static GThreadPool *
compress_pool (void)
{
  static GThreadPool *pool;

  if (g_once_init_enter (&pool))
    {
      guint threads = CLAMP (g_get_num_processors (), 1, MAX_THREADS);
      GThreadPool *new_pool = g_thread_pool_new (compress_in_thread, NULL, (gint) threads,
                                                 FALSE, NULL);

      g_once_init_leave (&pool, new_pool);
    }
  return pool;
}

TixBodyWriter *
tix_body_writer_new (SoupServerMessage *msg,
                     guint              status,
                     const char        *content_type)
{
  TixBodyWriter *writer = tix_body_writer_new_detached (tix_server_accepts_gzip (msg));

  writer->msg = g_object_ref (msg);
  writer->status = status;
  writer->content_type = g_strdup (content_type);
  return writer;
}

TixBodyWriter *
tix_body_writer_new_detached (gboolean gzip)
{
  TixBodyWriter *writer = g_new0 (TixBodyWriter, 1);

  writer->gzip = gzip;
  writer->buffer = g_string_sized_new (writer->gzip ? SLICE_SIZE + 4096 : 4096);
  writer->slices = g_ptr_array_new_with_free_func ((GDestroyNotify) slice_free);
  g_mutex_init (&writer->lock);
  g_cond_init (&writer->cond);
  return writer;
}

void
tix_body_writer_expect (TixBodyWriter *writer,
                        gsize          length)
{
  /* Compressed bodies go out in slices: no more than one at a time. */
  if (writer->gzip || writer->buffer->len > 0 || length <= writer->buffer->allocated_len)
    return;
  g_string_free (writer->buffer, TRUE);
  writer->buffer = g_string_sized_new (length);
}

GString *
tix_body_writer_buffer (TixBodyWriter *writer)
{
  return writer->buffer;
}

/* Hands a full slice to a worker thread. */
void
tix_body_writer_wrote (TixBodyWriter *writer)
{
  Slice *slice;

  if (!writer->gzip || writer->buffer->len < SLICE_SIZE)
    return;

  slice = g_new0 (Slice, 1);
  slice->writer = writer;
  slice->input = g_steal_pointer (&writer->buffer);
  writer->buffer = g_string_sized_new (SLICE_SIZE + 4096);
  g_ptr_array_add (writer->slices, slice);

  g_mutex_lock (&writer->lock);
  writer->running++;
  g_mutex_unlock (&writer->lock);
  g_thread_pool_push (compress_pool (), slice, NULL);
}

void
tix_body_writer_write (TixBodyWriter *writer,
                       const char    *data,
                       gsize          length)
{
  g_string_append_len (writer->buffer, data, (gssize) length);
  tix_body_writer_wrote (writer);
}

static void
put_le32 (guint8  *out,
          guint32  value)
{
  out[0] = value & 0xff;
  out[1] = (value >> 8) & 0xff;
  out[2] = (value >> 16) & 0xff;
  out[3] = (value >> 24) & 0xff;
}

/* The slices as one gzip member, or NULL when one failed. */
static guint8 *
join_slices (TixBodyWriter *writer,
             gsize         *out_length)
{
  static const guint8 header[10] = { 0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3 };
  /* An empty final block with fixed codes, after the last sync flush. */
  static const guint8 final_block[2] = { 0x03, 0x00 };
  guint32 crc = crc32 (0L, Z_NULL, 0);
  gsize total = sizeof header + sizeof final_block + 8, input_length = 0;
  guint8 *data, *p;

  for (guint i = 0; i < writer->slices->len; i++)
    {
      Slice *slice = g_ptr_array_index (writer->slices, i);

      if (slice->failed)
        return NULL;
      total += slice->output_length;
    }

  p = data = g_malloc (total);
  memcpy (p, header, sizeof header);
  p += sizeof header;
  for (guint i = 0; i < writer->slices->len; i++)
    {
      Slice *slice = g_ptr_array_index (writer->slices, i);

      memcpy (p, slice->output, slice->output_length);
      p += slice->output_length;
      crc = crc32_combine (crc, slice->crc, (z_off_t) slice->input_length);
      input_length += slice->input_length;
    }
  memcpy (p, final_block, sizeof final_block);
  p += sizeof final_block;
  put_le32 (p, crc);
  put_le32 (p + 4, (guint32) (input_length & 0xffffffff));

  *out_length = total;
  return data;
}

static void
writer_free (TixBodyWriter *writer)
{
  g_clear_object (&writer->msg);
  g_free (writer->content_type);
  if (writer->buffer != NULL)
    g_string_free (writer->buffer, TRUE);
  g_ptr_array_unref (writer->slices);
  g_mutex_clear (&writer->lock);
  g_cond_clear (&writer->cond);
  g_free (writer);
}

GBytes *
tix_body_writer_finish_bytes (TixBodyWriter *writer,
                              gboolean      *compressed)
{
  guint8 *data;
  gsize length = 0;

  *compressed = FALSE;
  if (!writer->gzip ||
      (writer->slices->len == 0 && writer->buffer->len <= TIX_COMPRESS_MIN_SIZE))
    {
      GBytes *body = g_string_free_to_bytes (g_steal_pointer (&writer->buffer));

      writer_free (writer);
      return body;
    }

  /* The last slice here, while the workers finish theirs. */
  if (writer->buffer->len > 0)
    {
      Slice *slice = g_new0 (Slice, 1);

      slice->writer = writer;
      slice->input = g_steal_pointer (&writer->buffer);
      g_ptr_array_add (writer->slices, slice);
      compress_slice (slice);
    }

  g_mutex_lock (&writer->lock);
  while (writer->running > 0)
    g_cond_wait (&writer->cond, &writer->lock);
  g_mutex_unlock (&writer->lock);

  data = join_slices (writer, &length);
  writer_free (writer);
  if (data == NULL)
    return NULL;
  *compressed = TRUE;
  return g_bytes_new_take (data, length);
}

void
tix_server_set_body_bytes (SoupServerMessage *msg,
                           guint              status,
                           const char        *content_type,
                           GBytes            *body,
                           gboolean           compressed)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  /* Whether or not this one is compressed, the answer depends on the header. */
  soup_message_headers_append (headers, "Vary", "Accept-Encoding");
  if (body == NULL)
    {
      static const char failed[] = "{\"error\":\"The server could not complete the request\"}";

      soup_server_message_set_status (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, NULL);
      soup_server_message_set_response (msg, "application/json; charset=utf-8",
                                        SOUP_MEMORY_STATIC, failed, strlen (failed));
      return;
    }

  soup_server_message_set_status (msg, status, NULL);
  if (compressed)
    soup_message_headers_replace (headers, "Content-Encoding", "gzip");
  soup_message_headers_set_content_type (headers, content_type, NULL);
  if (g_bytes_get_size (body) > 0)
    soup_message_body_append_bytes (soup_server_message_get_response_body (msg), body);
}

void
tix_body_writer_finish (TixBodyWriter *writer)
{
  g_autoptr(SoupServerMessage) msg = g_object_ref (writer->msg);
  g_autofree char *content_type = g_strdup (writer->content_type);
  guint status = writer->status;
  g_autoptr(GBytes) body = NULL;
  gboolean compressed;

  body = tix_body_writer_finish_bytes (writer, &compressed);
  tix_server_set_body_bytes (msg, status, content_type, body, compressed);
}

void
tix_server_set_body (SoupServerMessage *msg,
                     guint              status,
                     const char        *content_type,
                     char              *data,
                     gsize              length)
{
  TixBodyWriter *writer;

  /* Small and plain: as it is, without a copy. */
  if (length <= TIX_COMPRESS_MIN_SIZE || !tix_server_accepts_gzip (msg))
    {
      soup_message_headers_append (soup_server_message_get_response_headers (msg),
                                   "Vary", "Accept-Encoding");
      soup_server_message_set_status (msg, status, NULL);
      soup_server_message_set_response (msg, content_type, SOUP_MEMORY_TAKE, data, length);
      return;
    }

  writer = tix_body_writer_new (msg, status, content_type);
  for (gsize offset = 0; offset < length; offset += SLICE_SIZE)
    tix_body_writer_write (writer, data + offset, MIN (SLICE_SIZE, length - offset));
  g_free (data);
  tix_body_writer_finish (writer);
}
