/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The compressing body writer: any length, written in any pieces, comes out
 * as one gzip member that decodes to what was written; small ones and
 * answers to clients that do not ask come plain. */
#define G_LOG_DOMAIN "test-compress"

#include "config.h"

#include <string.h>

#include "tix-server-compress.h"
#include "tix-test-util.h"

#define SLICE (128 * 1024)

typedef struct
{
  SoupServer  *server;
  SoupSession *session;
  char        *url;
  GBytes      *body;   /* what the handler writes */
  gsize        piece;  /* in pieces of this size; 0: tix_server_set_body () */
} Fixture;

static void
handler (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  Fixture *fixture = user_data;
  gsize length = 0;
  const char *data = g_bytes_get_data (fixture->body, &length);
  TixBodyWriter *writer;

  if (fixture->piece == 0)
    {
      tix_server_set_body (msg, SOUP_STATUS_OK, "text/plain", g_memdup2 (data, length), length);
      return;
    }

  writer = tix_body_writer_new (msg, SOUP_STATUS_OK, "text/plain");
  for (gsize offset = 0; offset < length; offset += fixture->piece)
    tix_body_writer_write (writer, data + offset, MIN (fixture->piece, length - offset));
  tix_body_writer_finish (writer);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;

  fixture->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (fixture->server, NULL, handler, fixture, NULL);
  soup_server_listen_local (fixture->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (fixture->server);
  fixture->url = g_strdup_printf ("http://127.0.0.1:%d/", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  /* No decoder: the test reads the bytes as they came. */
  fixture->session = soup_session_new ();
  soup_session_remove_feature_by_type (fixture->session, SOUP_TYPE_CONTENT_DECODER);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_clear_object (&fixture->session);
  g_clear_object (&fixture->server);
  g_clear_pointer (&fixture->body, g_bytes_unref);
  g_free (fixture->url);
}

static GBytes *
gunzip (GBytes *compressed)
{
  g_autoptr(GConverter) decompressor =
    G_CONVERTER (g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP));
  g_autoptr(GInputStream) in = g_memory_input_stream_new_from_bytes (compressed);
  g_autoptr(GInputStream) plain = g_converter_input_stream_new (in, decompressor);
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  g_output_stream_splice (out, plain, G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, &error);
  g_assert_no_error (error);
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
}

/* JSON-like text (compressible) or random bytes (not). */
static GBytes *
make_body (gsize    length,
           gboolean random)
{
  guint8 *data = g_malloc (length + 1);

  for (gsize i = 0; i < length; i++)
    data[i] = random ? (guint8) g_random_int () : (guint8) ("{\"id\":\"0f3a\",\"n\":1}, "[i % 21]);
  return g_bytes_new_take (data, length);
}

/* GETs the fixture's body; returns what came, and whether it was gzip. */
static GBytes *
fetch (Fixture    *fixture,
       const char *accept_encoding,
       gboolean   *out_gzip)
{
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", fixture->url);
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  GBytes *reply;
  const char *vary, *encoding;

  if (accept_encoding != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept-Encoding",
                                  accept_encoding);
  /* The server runs on this thread's main context: asynchronously. */
  soup_session_send_and_read_async (fixture->session, msg, G_PRIORITY_DEFAULT, NULL,
                                    tix_test_store_result, &result);
  reply = soup_session_send_and_read_finish (fixture->session, tix_test_wait_result (&result),
                                             &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  vary = soup_message_headers_get_list (soup_message_get_response_headers (msg), "Vary");
  g_assert_nonnull (vary);
  g_assert_nonnull (strstr (vary, "Accept-Encoding"));
  encoding = soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                           "Content-Encoding");
  *out_gzip = g_strcmp0 (encoding, "gzip") == 0;
  g_assert_true (encoding == NULL || *out_gzip);
  return reply;
}

static void
check (Fixture  *fixture,
       gsize     length,
       gboolean  random,
       gsize     piece)
{
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GBytes) plain = NULL;
  gboolean gzip = FALSE;

  g_clear_pointer (&fixture->body, g_bytes_unref);
  fixture->body = make_body (length, random);
  fixture->piece = piece;

  reply = fetch (fixture, "gzip, deflate", &gzip);
  g_assert_true (gzip == (length > TIX_COMPRESS_MIN_SIZE));
  plain = gzip ? gunzip (reply) : g_bytes_ref (reply);
  g_assert_true (g_bytes_equal (plain, fixture->body));
  if (gzip && !random)
    g_assert_cmpuint (g_bytes_get_size (reply), <, length / 4);

  g_clear_pointer (&reply, g_bytes_unref);
  reply = fetch (fixture, NULL, &gzip);
  g_assert_false (gzip);
  g_assert_true (g_bytes_equal (reply, fixture->body));

  g_clear_pointer (&reply, g_bytes_unref);
  reply = fetch (fixture, "gzip;q=0, identity", &gzip);
  g_assert_false (gzip);
  g_assert_true (g_bytes_equal (reply, fixture->body));
}

static const gsize lengths[] = {
  0, 1, TIX_COMPRESS_MIN_SIZE, TIX_COMPRESS_MIN_SIZE + 1, SLICE - 1, SLICE, SLICE + 1,
  3 * SLICE, 3 * SLICE + 17, 2 * 1024 * 1024 + 5,
};

static void
test_lengths (Fixture       *fixture,
              gconstpointer  user_data)
{
  for (guint i = 0; i < G_N_ELEMENTS (lengths); i++)
    {
      check (fixture, lengths[i], FALSE, 0);
      check (fixture, lengths[i], FALSE, 1000);
      check (fixture, lengths[i], FALSE, 7 * 1024 * 1024);
    }
}

static void
test_random (Fixture       *fixture,
             gconstpointer  user_data)
{
  check (fixture, 5000, TRUE, 0);
  check (fixture, 3 * SLICE + 5, TRUE, 4096);
}

/* Many at once: the workers' slices never mix between answers. */
static void
test_tiny_pieces (Fixture       *fixture,
                  gconstpointer  user_data)
{
  check (fixture, SLICE + 300, FALSE, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/tix/server/compress/lengths", Fixture, NULL, fixture_set_up, test_lengths,
              fixture_tear_down);
  g_test_add ("/tix/server/compress/random", Fixture, NULL, fixture_set_up, test_random,
              fixture_tear_down);
  g_test_add ("/tix/server/compress/tiny-pieces", Fixture, NULL, fixture_set_up,
              test_tiny_pieces, fixture_tear_down);

  return g_test_run ();
}
