/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The ticket list model without any widget: what the event stream says
 * another station did reaches the list by itself. */
#define G_LOG_DOMAIN "test-ticket-list-model"

#include "config.h"

#include "tix-event-stream.h"
#include "tix-test-util.h"
#include "tix-ticket-list-model.h"

#define EMAIL    "list@example.com"
#define PASSWORD "correct horse battery"

typedef struct
{
  TixTestServer      *server;
  TixClient          *client;   /* this station */
  TixClient          *other;    /* another station of the organization */
  TixEventStream     *stream;   /* this station's */
  TixTicketListModel *model;
} Fixture;

static GPtrArray *
generate (TixClient  *client,
          guint       count,
          const char *prefix)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *tickets;

  tix_client_generate_async (client, count, prefix, NULL, NULL, tix_test_store_result, &result);
  tickets = tix_client_generate_finish (client, tix_test_wait_result (&result), &error);
  g_assert_no_error (error);
  return tickets;
}

static TixTicket *
item (Fixture *fixture,
      guint    position)
{
  g_autoptr(TixTicket) ticket = g_list_model_get_item (G_LIST_MODEL (fixture->model), position);

  g_assert_nonnull (ticket);
  return ticket;   /* the model keeps it */
}

static guint
n_items (Fixture *fixture)
{
  return g_list_model_get_n_items (G_LIST_MODEL (fixture->model));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TixUser) user = NULL;
  g_autoptr(TixUser) again = NULL;
  g_autoptr(GPtrArray) tickets = NULL;

  fixture->server = tix_test_server_new ();
  fixture->client = tix_client_new (fixture->server->url);
  tix_client_register_async (fixture->client, EMAIL, PASSWORD, "Desk", "List Org", NULL,
                             tix_test_store_result, &result);
  user = tix_client_register_finish (fixture->client, tix_test_wait_result (&result), &error);
  g_assert_no_error (error);
  g_clear_object (&result);

  fixture->other = tix_client_new (fixture->server->url);
  tix_client_login_async (fixture->other, EMAIL, PASSWORD, NULL, tix_test_store_result, &result);
  again = tix_client_login_finish (fixture->other, tix_test_wait_result (&result), &error);
  g_assert_no_error (error);

  tickets = generate (fixture->client, 4, "LIVE");

  fixture->stream = tix_event_stream_new (fixture->client);
  tix_event_stream_start (fixture->stream);
  TIX_TEST_WAIT_UNTIL (tix_event_stream_get_connected (fixture->stream));

  fixture->model = tix_ticket_list_model_new (fixture->client);
  tix_ticket_list_model_set_stream (fixture->model, fixture->stream);
  g_assert_true (tix_ticket_list_model_get_stream (fixture->model) == fixture->stream);
  TIX_TEST_WAIT_UNTIL (tix_ticket_list_model_get_loaded (fixture->model));
  g_assert_cmpuint (n_items (fixture), ==, 4);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  tix_ticket_list_model_cancel (fixture->model);
  TIX_TEST_WAIT_UNTIL (G_OBJECT (fixture->model)->ref_count == 1);
  g_assert_finalize_object (g_steal_pointer (&fixture->model));
  tix_event_stream_stop (fixture->stream);
  g_assert_finalize_object (g_steal_pointer (&fixture->stream));
  TIX_TEST_WAIT_UNTIL (G_OBJECT (fixture->client)->ref_count == 1);
  g_assert_finalize_object (g_steal_pointer (&fixture->client));
  TIX_TEST_WAIT_UNTIL (G_OBJECT (fixture->other)->ref_count == 1);
  g_assert_finalize_object (g_steal_pointer (&fixture->other));
  g_clear_pointer (&fixture->server, tix_test_server_free);
}

/* Scanned and unscanned elsewhere: the very ticket in the list changes. */
static void
test_scanned_elsewhere (Fixture       *fixture,
                        gconstpointer  data)
{
  TixTicket *shown = item (fixture, 2);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TixTicket) unscanned = NULL;

  g_assert_false (tix_ticket_is_scanned (shown));
  tix_client_scan_code_async (fixture->other, tix_ticket_get_code (shown), NULL, NULL,
                              tix_test_store_result, &result);
  g_assert_true (tix_client_scan_code_finish (fixture->other, tix_test_wait_result (&result),
                                              NULL, &error));
  g_assert_no_error (error);
  TIX_TEST_WAIT_UNTIL (tix_ticket_is_scanned (shown));
  g_assert_true (item (fixture, 2) == shown);
  g_clear_object (&result);

  tix_client_unscan_ticket_async (fixture->other, tix_ticket_get_id (shown), NULL,
                                  tix_test_store_result, &result);
  unscanned = tix_client_unscan_ticket_finish (fixture->other, tix_test_wait_result (&result),
                                               &error);
  g_assert_no_error (error);
  TIX_TEST_WAIT_UNTIL (!tix_ticket_is_scanned (shown));
  g_assert_cmpuint (n_items (fixture), ==, 4);
}

/* Deleted elsewhere: the row goes, the others close up. */
static void
test_deleted_elsewhere (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *id = g_strdup (tix_ticket_get_id (item (fixture, 1)));
  g_autofree char *after = g_strdup (tix_ticket_get_id (item (fixture, 2)));
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  tix_client_delete_ticket_async (fixture->other, id, NULL, tix_test_store_result, &result);
  g_assert_true (tix_client_delete_ticket_finish (fixture->other, tix_test_wait_result (&result),
                                                  &error));
  g_assert_no_error (error);

  TIX_TEST_WAIT_UNTIL (n_items (fixture) == 3);
  g_assert_cmpint (tix_ticket_list_model_find (fixture->model, id), ==, -1);
  g_assert_cmpstr (tix_ticket_get_id (item (fixture, 1)), ==, after);
}

/* Generated elsewhere: on top, newest first, fetched without reloading the
 * list; what the search would not show stays out. */
static void
test_generated_elsewhere (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GPtrArray) more = NULL;
  g_autoptr(GPtrArray) hidden = NULL;
  g_autoptr(GPtrArray) last = NULL;
  guint reloads = 0;

  more = generate (fixture->other, 3, "LIVE");
  TIX_TEST_WAIT_UNTIL (n_items (fixture) == 7);
  g_assert_false (tix_ticket_list_model_get_loading (fixture->model));
  g_assert_cmpstr (tix_ticket_get_number (item (fixture, 0)), ==, "LIVE-000007");
  g_assert_cmpstr (tix_ticket_get_number (item (fixture, 2)), ==, "LIVE-000005");
  g_assert_cmpstr (tix_ticket_get_number (item (fixture, 3)), ==, "LIVE-000004");
  /* One first page, never a second: the new ones came on their own. */
  reloads = tix_ticket_list_model_get_requested_pages (fixture->model)->len;
  g_assert_cmpuint (reloads, ==, 1);

  tix_ticket_list_model_set_search (fixture->model, "LIVE");
  TIX_TEST_WAIT_UNTIL (tix_ticket_list_model_get_loaded (fixture->model) &&
                       !tix_ticket_list_model_get_loading (fixture->model));
  hidden = generate (fixture->other, 2, "OTHER");
  last = generate (fixture->other, 1, "LIVE");
  TIX_TEST_WAIT_UNTIL (n_items (fixture) == 8);
  g_assert_cmpstr (tix_ticket_get_number (item (fixture, 0)), ==, "LIVE-000008");
  g_assert_cmpint (tix_ticket_list_model_find (fixture->model,
                                               tix_ticket_get_id (g_ptr_array_index (hidden, 0))),
                   ==, -1);
}

/* Cleared elsewhere: the list is read again, and is empty. */
static void
test_cleared_elsewhere (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  tix_client_clear_tickets_async (fixture->other, NULL, tix_test_store_result, &result);
  g_assert_cmpint (tix_client_clear_tickets_finish (fixture->other, tix_test_wait_result (&result),
                                                    &error), ==, 4);
  g_assert_no_error (error);

  TIX_TEST_WAIT_UNTIL (n_items (fixture) == 0);
  g_assert_true (tix_ticket_list_model_get_loaded (fixture->model));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, test) \
  g_test_add (path, Fixture, NULL, fixture_set_up, test, fixture_tear_down)

  ADD ("/tix/client/ticket-list-model/scanned-elsewhere", test_scanned_elsewhere);
  ADD ("/tix/client/ticket-list-model/deleted-elsewhere", test_deleted_elsewhere);
  ADD ("/tix/client/ticket-list-model/generated-elsewhere", test_generated_elsewhere);
  ADD ("/tix/client/ticket-list-model/cleared-elsewhere", test_cleared_elsewhere);

#undef ADD

  return g_test_run ();
}
