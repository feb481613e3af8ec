/* SPDX-License-Identifier: GPL-3.0-or-later */
/* TixRequestInputStream: the head of each request is watched on its way to
 * libsoup, and stopped at its limits. */
#include "config.h"

#include <string.h>

#include "tix-request-input-stream.h"

typedef struct
{
  TixRequestHeadProblem problem;
  guint                 calls;
} Seen;

static void
head_cb (TixRequestHeadProblem problem,
         gpointer              data)
{
  Seen *seen = data;

  seen->problem = problem;
  seen->calls++;
}

/* Reads @input through a stream with a line limit of 64 and a head limit of
 * 256, in reads of @chunk bytes; returns what came through. */
static GString *
read_through (const char *input,
              gsize       chunk,
              Seen       *seen,
              gboolean    pollable)
{
  g_autoptr(GInputStream) base = g_memory_input_stream_new_from_data (g_strdup (input),
                                                                      strlen (input), g_free);
  g_autoptr(GInputStream) stream = tix_request_input_stream_new (base, 64, 256, head_cb, seen);
  GString *out = g_string_new (NULL);
  char buffer[512];

  g_assert_true (g_pollable_input_stream_can_poll (G_POLLABLE_INPUT_STREAM (stream)));
  for (;;)
    {
      g_autoptr(GError) error = NULL;
      gssize n;

      if (pollable)
        n = g_pollable_input_stream_read_nonblocking (G_POLLABLE_INPUT_STREAM (stream), buffer,
                                                      MIN (chunk, sizeof buffer), NULL, &error);
      else
        n = g_input_stream_read (stream, buffer, MIN (chunk, sizeof buffer), NULL, &error);
      g_assert_no_error (error);
      if (n == 0)
        break;
      g_string_append_len (out, buffer, n);
    }
  return out;
}

static void
test_passes_a_request (void)
{
  const char *request = "\r\nPOST /api/scan HTTP/1.1\r\nHost: tix\r\nContent-Length: 300\r\n\r\n";
  g_autoptr(GString) body = g_string_new (request);

  /* A body longer than the head limit is not the head's business. */
  for (int i = 0; i < 300; i++)
    g_string_append_c (body, 'x');

  for (gsize chunk = 1; chunk <= 512; chunk *= 8)
    {
      Seen seen = { 0 };
      g_autoptr(GString) out = read_through (body->str, chunk, &seen, chunk % 2 == 0);

      g_assert_cmpstr (out->str, ==, body->str);
      g_assert_cmpuint (seen.calls, ==, 0);
    }
}

static void
test_bare_newlines (void)
{
  Seen seen = { 0 };
  g_autoptr(GString) body = g_string_new ("GET / HTTP/1.0\nHost: tix\n\n");
  g_autoptr(GString) out = NULL;

  for (int i = 0; i < 400; i++)
    g_string_append_c (body, 'y');
  out = read_through (body->str, 7, &seen, TRUE);
  g_assert_cmpuint (out->len, ==, body->len);
  g_assert_cmpuint (seen.calls, ==, 0);
}

static void
test_long_line (void)
{
  Seen seen = { 0 };
  g_autoptr(GString) request = g_string_new ("GET /");
  g_autoptr(GString) out = NULL;

  for (int i = 0; i < 100; i++)
    g_string_append_c (request, '9');
  g_string_append (request, " HTTP/1.1\r\n\r\n");

  out = read_through (request->str, 16, &seen, TRUE);
  g_assert_cmpuint (seen.calls, ==, 1);
  g_assert_cmpint (seen.problem, ==, TIX_REQUEST_HEAD_URI_TOO_LONG);
  /* It stops at the limit: libsoup never gets the rest. */
  g_assert_cmpuint (out->len, <, request->len);
}

static void
test_many_headers (void)
{
  Seen seen = { 0 };
  g_autoptr(GString) request = g_string_new ("GET / HTTP/1.1\r\n");
  g_autoptr(GString) out = NULL;

  for (int i = 0; i < 50; i++)
    g_string_append_printf (request, "X-%d: v\r\n", i);
  g_string_append (request, "\r\n");

  out = read_through (request->str, 512, &seen, FALSE);
  g_assert_cmpuint (seen.calls, ==, 1);
  g_assert_cmpint (seen.problem, ==, TIX_REQUEST_HEAD_FIELDS_TOO_LARGE);
  g_assert_cmpuint (out->len, <=, 512);
}

/* After a request, the next head is watched again from its first byte. */
static void
test_next_request (void)
{
  Seen seen = { 0 };
  g_autoptr(GInputStream) base = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GString) second = g_string_new ("GET / HTTP/1.1\r\n");
  const char *first = "GET / HTTP/1.1\r\nHost: a\r\n\r\n";
  char buffer[1024];
  gsize passed = 0;
  gssize n;

  for (int i = 0; i < 40; i++)
    g_string_append_printf (second, "X-%d: value\r\n", i);
  base = g_memory_input_stream_new ();
  g_memory_input_stream_add_data (G_MEMORY_INPUT_STREAM (base), first, -1, NULL);
  g_memory_input_stream_add_data (G_MEMORY_INPUT_STREAM (base), g_strdup (second->str), -1,
                                  g_free);
  stream = tix_request_input_stream_new (base, 64, 256, head_cb, &seen);

  n = g_input_stream_read (stream, buffer, strlen (first), NULL, NULL);
  g_assert_cmpint (n, ==, (gssize) strlen (first));
  g_assert_cmpuint (seen.calls, ==, 0);

  tix_request_input_stream_expect_head (TIX_REQUEST_INPUT_STREAM (stream));
  while ((n = g_input_stream_read (stream, buffer, 32, NULL, NULL)) > 0)
    passed += n;
  g_assert_cmpuint (seen.calls, ==, 1);
  g_assert_cmpint (seen.problem, ==, TIX_REQUEST_HEAD_FIELDS_TOO_LARGE);
  g_assert_cmpuint (passed, <=, 256);
  g_assert_cmpuint (tix_request_input_stream_get_n_read (TIX_REQUEST_INPUT_STREAM (stream)), >,
                    strlen (first));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tix/server/request-input/passes-a-request", test_passes_a_request);
  g_test_add_func ("/tix/server/request-input/bare-newlines", test_bare_newlines);
  g_test_add_func ("/tix/server/request-input/long-line", test_long_line);
  g_test_add_func ("/tix/server/request-input/many-headers", test_many_headers);
  g_test_add_func ("/tix/server/request-input/next-request", test_next_request);

  return g_test_run ();
}
