/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-client-scan"

#include "config.h"

#include <string.h>

#include <libsoup/soup.h>

#include "tix-client.h"
#include "tix-test-util.h"

#define EMAIL    "door@example.com"
#define PASSWORD "correct horse battery"
#define NAME     "Door Keeper"
#define ORG      "Door Test Org"

typedef struct
{
  TixTestServer *server;
  TixClient     *client;
  GPtrArray     *tickets;   /* FRI-000001 … FRI-000003, extra "Balcony" */
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) generated = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TixUser) user = NULL;

  fixture->server = tix_test_server_new ();
  fixture->client = tix_client_new (fixture->server->url);

  tix_client_register_async (fixture->client, EMAIL, PASSWORD, NAME, ORG, NULL,
                             tix_test_store_result, &result);
  user = tix_client_register_finish (fixture->client, tix_test_wait_result (&result), &error);
  g_assert_no_error (error);

  tix_client_generate_async (fixture->client, 3, "FRI", "Balcony", NULL,
                             tix_test_store_result, &generated);
  fixture->tickets = tix_client_generate_finish (fixture->client, tix_test_wait_result (&generated), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fixture->tickets->len, ==, 3);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_clear_pointer (&fixture->tickets, g_ptr_array_unref);
  g_assert_finalize_object (g_steal_pointer (&fixture->client));
  g_clear_pointer (&fixture->server, tix_test_server_free);
}

static TixTicket *
ticket_at (Fixture *fixture,
           guint    i)
{
  return g_ptr_array_index (fixture->tickets, i);
}

static gboolean
scan (Fixture             *fixture,
      const char          *code,
      const char * const  *prefixes,
      TixTicket          **out_ticket,
      GError             **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  tix_client_scan_code_async (fixture->client, code, prefixes, NULL, tix_test_store_result, &result);
  return tix_client_scan_code_finish (fixture->client, tix_test_wait_result (&result), out_ticket, error);
}

static TixTicket *
unscan (Fixture     *fixture,
        const char  *id,
        GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  tix_client_unscan_ticket_async (fixture->client, id, NULL, tix_test_store_result, &result);
  return tix_client_unscan_ticket_finish (fixture->client, tix_test_wait_result (&result), error);
}

static void
test_valid (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(TixTicket) ticket = NULL;
  g_autoptr(GError) error = NULL;
  TixTicket *first = ticket_at (fixture, 0);

  g_assert_nonnull (tix_ticket_get_code (first));
  g_assert_true (scan (fixture, tix_ticket_get_code (first), NULL, &ticket, &error));
  g_assert_no_error (error);
  g_assert_nonnull (ticket);
  g_assert_cmpstr (tix_ticket_get_id (ticket), ==, tix_ticket_get_id (first));
  g_assert_cmpstr (tix_ticket_get_number (ticket), ==, "FRI-000001");
  g_assert_cmpstr (tix_ticket_get_extra (ticket), ==, "Balcony");
  g_assert_true (tix_ticket_is_scanned (ticket));
}

static void
test_lowercase_code (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(TixTicket) ticket = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *lower = g_ascii_strdown (tix_ticket_get_code (ticket_at (fixture, 2)), -1);

  /* Caps Lock on the scanner's keyboard. */
  g_assert_true (scan (fixture, lower, NULL, &ticket, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (tix_ticket_get_number (ticket), ==, "FRI-000003");
}

static void
test_number (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(TixTicket) ticket = NULL;
  g_autoptr(GError) error = NULL;

  /* Typed by hand. */
  g_assert_true (scan (fixture, "FRI-000002", NULL, &ticket, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (tix_ticket_get_id (ticket), ==, tix_ticket_get_id (ticket_at (fixture, 1)));
  g_assert_true (tix_ticket_is_scanned (ticket));
}

static void
test_duplicate (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(TixTicket) ticket = NULL;
  g_autoptr(TixTicket) again = NULL;
  g_autoptr(GError) error = NULL;
  const char *code = tix_ticket_get_code (ticket_at (fixture, 0));

  g_assert_true (scan (fixture, code, NULL, &ticket, &error));
  g_assert_no_error (error);

  g_assert_false (scan (fixture, code, NULL, &again, &error));
  g_assert_error (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_DUPLICATE);
  g_assert_nonnull (again);
  g_assert_true (tix_ticket_is_scanned (again));
  g_assert_cmpint (tix_ticket_get_scanned_at (again), ==, tix_ticket_get_scanned_at (ticket));
  g_assert_cmpstr (tix_ticket_get_scanned_by_name (again), ==, NAME);
}

static void
test_unknown (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(TixTicket) ticket = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (scan (fixture, "FRI-999999", NULL, &ticket, &error));
  g_assert_error (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_NOT_FOUND);
  g_assert_null (ticket);
}

static void
test_forged (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(TixTicket) ticket = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = g_strdup (tix_ticket_get_code (ticket_at (fixture, 0)));
  gsize middle = strlen (code) / 2;

  code[middle] = code[middle] == 'A' ? 'B' : 'A';
  g_assert_false (scan (fixture, code, NULL, &ticket, &error));
  g_assert_error (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_FORGED);
  g_assert_null (tix_client_error_get_reason (error));
  g_assert_null (ticket);

  /* Nothing was admitted. */
  g_clear_error (&error);
  g_assert_true (scan (fixture, tix_ticket_get_code (ticket_at (fixture, 0)), NULL, NULL, &error));
  g_assert_no_error (error);
}

static void
test_wrong_prefix (Fixture       *fixture,
                   gconstpointer  data)
{
  const char * const saturday[] = { "SAT", NULL };
  const char * const friday[] = { "SAT", "FRI", NULL };
  g_autoptr(TixTicket) ticket = NULL;
  g_autoptr(TixTicket) admitted = NULL;
  g_autoptr(GError) error = NULL;
  const char *code = tix_ticket_get_code (ticket_at (fixture, 0));

  g_assert_false (scan (fixture, code, saturday, &ticket, &error));
  g_assert_error (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_FORGED);
  g_assert_cmpstr (tix_client_error_get_reason (error), ==, "wrong-prefix");
  g_assert_nonnull (ticket);
  g_assert_cmpstr (tix_ticket_get_number (ticket), ==, "FRI-000001");
  g_assert_false (tix_ticket_is_scanned (ticket));

  /* A copy of the error keeps the reason. */
  {
    g_autoptr(GError) copy = g_error_copy (error);

    g_assert_cmpstr (tix_client_error_get_reason (copy), ==, "wrong-prefix");
  }

  g_clear_error (&error);
  g_assert_true (scan (fixture, code, friday, &admitted, &error));
  g_assert_no_error (error);
  g_assert_true (tix_ticket_is_scanned (admitted));
}

static void
reissued_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  GBytes **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  g_assert_no_error (error);
}

static void
test_replaced (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(TixTicket) ticket = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *authorization = NULL;
  TixTicket *first = ticket_at (fixture, 0);

  /* Reissue the ticket (no client call for that yet). */
  url = g_strdup_printf ("%s/api/tickets/%s/reissue", fixture->server->url,
                         tix_ticket_get_id (first));
  message = soup_message_new ("POST", url);
  authorization = g_strconcat ("Bearer ", tix_client_get_token (fixture->client), NULL);
  soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization",
                                authorization);
  soup_session_send_and_read_async (session, message, G_PRIORITY_DEFAULT, NULL,
                                    reissued_cb, &body);
  while (body == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (soup_message_get_status (message), ==, 200);

  g_assert_false (scan (fixture, tix_ticket_get_code (first), NULL, &ticket, &error));
  g_assert_error (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_FORGED);
  g_assert_cmpstr (tix_client_error_get_reason (error), ==, "replaced");
  g_assert_nonnull (ticket);
  g_assert_cmpstr (tix_ticket_get_id (ticket), ==, tix_ticket_get_id (first));
  g_assert_cmpstr (tix_ticket_get_code (ticket), !=, tix_ticket_get_code (first));
}

static void
test_unscan (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(TixTicket) ticket = NULL;
  g_autoptr(TixTicket) undone = NULL;
  g_autoptr(TixTicket) again = NULL;
  g_autoptr(TixTicket) rescanned = NULL;
  g_autoptr(GError) error = NULL;
  const char *code = tix_ticket_get_code (ticket_at (fixture, 1));

  g_assert_true (scan (fixture, code, NULL, &ticket, &error));
  g_assert_no_error (error);

  undone = unscan (fixture, tix_ticket_get_id (ticket), &error);
  g_assert_no_error (error);
  g_assert_nonnull (undone);
  g_assert_cmpstr (tix_ticket_get_id (undone), ==, tix_ticket_get_id (ticket));
  g_assert_false (tix_ticket_is_scanned (undone));

  /* Not scanned any more: nothing to undo. */
  again = unscan (fixture, tix_ticket_get_id (ticket), &error);
  g_assert_null (again);
  g_assert_error (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_INVALID);
  g_clear_error (&error);

  /* And it can be admitted again. */
  g_assert_true (scan (fixture, code, NULL, &rescanned, &error));
  g_assert_no_error (error);
}

static void
test_unscan_unknown (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(TixTicket) ticket = NULL;
  g_autoptr(GError) error = NULL;

  ticket = unscan (fixture, "00000000-0000-4000-8000-000000000000", &error);
  g_assert_null (ticket);
  g_assert_error (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_NOT_FOUND);
}

static void
test_many_in_flight (Fixture       *fixture,
                     gconstpointer  data)
{
  GAsyncResult *results[6] = { NULL, };
  guint admitted = 0, duplicates = 0;

  /* The queue at the door: several scans at once, some of the same ticket. */
  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    tix_client_scan_code_async (fixture->client,
                                tix_ticket_get_code (ticket_at (fixture, i % 3)), NULL, NULL,
                                tix_test_store_result, &results[i]);

  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    {
      g_autoptr(TixTicket) ticket = NULL;
      g_autoptr(GError) error = NULL;

      if (tix_client_scan_code_finish (fixture->client, tix_test_wait_result (&results[i]), &ticket, &error))
        admitted++;
      else
        {
          g_assert_error (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_DUPLICATE);
          duplicates++;
        }
      g_assert_nonnull (ticket);
      g_clear_object (&results[i]);
    }

  g_assert_cmpuint (admitted, ==, 3);
  g_assert_cmpuint (duplicates, ==, 3);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, test) \
  g_test_add (path, Fixture, NULL, fixture_setup, test, fixture_teardown)

  ADD ("/tix/client/scan/valid", test_valid);
  ADD ("/tix/client/scan/lowercase-code", test_lowercase_code);
  ADD ("/tix/client/scan/number", test_number);
  ADD ("/tix/client/scan/duplicate", test_duplicate);
  ADD ("/tix/client/scan/unknown", test_unknown);
  ADD ("/tix/client/scan/forged", test_forged);
  ADD ("/tix/client/scan/wrong-prefix", test_wrong_prefix);
  ADD ("/tix/client/scan/replaced", test_replaced);
  ADD ("/tix/client/scan/many-in-flight", test_many_in_flight);
  ADD ("/tix/client/unscan/undo", test_unscan);
  ADD ("/tix/client/unscan/unknown", test_unscan_unknown);

#undef ADD

  return g_test_run ();
}
