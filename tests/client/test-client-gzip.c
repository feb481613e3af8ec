/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The client asks for gzip and reads what comes compressed. */
#define G_LOG_DOMAIN "test-client-gzip"

#include "config.h"

#include <string.h>

#include "tix-client.h"
#include "tix-test-util.h"

static char *seen_accept_encoding;

static GBytes *
gzip_bytes (const char *text)
{
  g_autoptr(GConverter) compressor =
    G_CONVERTER (g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, -1));
  g_autoptr(GInputStream) plain = g_memory_input_stream_new_from_data (text, strlen (text), NULL);
  g_autoptr(GInputStream) compressed = g_converter_input_stream_new (plain, compressor);
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  g_output_stream_splice (out, compressed, G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, &error);
  g_assert_no_error (error);
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
}

/* A stand-in server that answers a sign-in with a gzip body of 20 KB. */
static void
register_handler (SoupServer        *server,
                  SoupServerMessage *msg,
                  const char        *path,
                  GHashTable        *query,
                  gpointer           user_data)
{
  SoupMessageHeaders *request = soup_server_message_get_request_headers (msg);
  g_autofree char *padding = g_strnfill (20000, 'x');
  g_autofree char *body = NULL;
  g_autoptr(GBytes) compressed = NULL;

  g_free (seen_accept_encoding);
  seen_accept_encoding = g_strdup (soup_message_headers_get_list (request, "Accept-Encoding"));

  body = g_strdup_printf ("{\"token\":\"%s\",\"user\":{\"id\":1,\"email\":\"a@example.org\","
                          "\"name\":\"Ada\",\"role\":\"admin\",\"organization_id\":1,"
                          "\"organizationId\":1},\"padding\":\"%s\"}",
                          "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
                          padding);
  soup_server_message_set_status (msg, SOUP_STATUS_CREATED, NULL);
  if (seen_accept_encoding == NULL || strstr (seen_accept_encoding, "gzip") == NULL)
    {
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY,
                                        body, strlen (body));
      return;
    }
  compressed = gzip_bytes (body);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Content-Encoding", "gzip");
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY,
                                    g_bytes_get_data (compressed, NULL),
                                    g_bytes_get_size (compressed));
}

static void
test_asks_and_decodes (void)
{
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(TixClient) client = NULL;
  g_autoptr(TixUser) user = NULL;
  g_autofree char *url = NULL;
  GSList *uris;

  soup_server_add_handler (server, "/api/auth/register", register_handler, NULL, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  client = tix_client_new (url);
  tix_client_register_async (client, "a@example.org", "correct horse", "Ada", NULL, NULL,
                             tix_test_store_result, &result);
  user = tix_client_register_finish (client, tix_test_wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tix_user_get_name (user), ==, "Ada");

  g_assert_nonnull (seen_accept_encoding);
  g_assert_nonnull (strstr (seen_accept_encoding, "gzip"));
  g_clear_pointer (&seen_accept_encoding, g_free);

  /* The desk's own server is asked for plain answers. */
  g_clear_object (&user);
  g_clear_object (&result);
  tix_client_set_compression (client, FALSE);
  tix_client_register_async (client, "b@example.org", "correct horse", "Bea", NULL, NULL,
                             tix_test_store_result, &result);
  user = tix_client_register_finish (client, tix_test_wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_true (seen_accept_encoding == NULL || strstr (seen_accept_encoding, "gzip") == NULL);
  g_clear_pointer (&seen_accept_encoding, g_free);
}

/* A page of 1000 tickets (about 400 KB) comes compressed from tix-server. */
static void
test_large_page (void)
{
  g_autoptr(TixTestServer) server = tix_test_server_new ();
  g_autoptr(TixClient) client = tix_client_new (server->url);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TixUser) user = NULL;
  g_autoptr(GPtrArray) made = NULL;
  TixTicketPage *page;

  tix_client_register_async (client, "b@example.org", "correct horse", "Bea", NULL, NULL,
                             tix_test_store_result, &result);
  user = tix_client_register_finish (client, tix_test_wait_result (&result), &error);
  g_assert_no_error (error);

  g_clear_object (&result);
  tix_client_generate_async (client, 1000, "GZ", NULL, NULL, tix_test_store_result, &result);
  made = tix_client_generate_finish (client, tix_test_wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (made->len, ==, 1000);

  g_clear_object (&result);
  tix_client_list_tickets_async (client, TIX_TICKET_FILTER_ALL, NULL, NULL, 1, 1000, NULL,
                                 tix_test_store_result, &result);
  page = tix_client_list_tickets_finish (client, tix_test_wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->tickets->len, ==, 1000);
  g_assert_cmpint (page->total, ==, 1000);
  tix_ticket_page_free (page);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tix/client/gzip/asks-and-decodes", test_asks_and_decodes);
  g_test_add_func ("/tix/client/gzip/large-page", test_large_page);

  return g_test_run ();
}
