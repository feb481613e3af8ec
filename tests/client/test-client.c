/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-client"

#include "config.h"

#include <string.h>

#include "tix-client.h"
#include "tix-test-util.h"
#include "tix-validate.h"

#define EMAIL    "cashier@example.com"
#define PASSWORD "correct horse battery"
#define NAME     "Cashier"
#define ORG      "Box Office Ltd"

typedef struct
{
  TixTestServer *server;
  TixClient     *client;
} Fixture;

/* Driving the async API: spin the default main context until a result is in. */

static TixUser *
do_register (TixClient   *client,
             const char  *email,
             const char  *password,
             const char  *name,
             const char  *organization,
             GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  tix_client_register_async (client, email, password, name, organization, NULL,
                             tix_test_store_result, &result);
  return tix_client_register_finish (client, tix_test_wait_result (&result), error);
}

static TixUser *
do_login (TixClient   *client,
          const char  *email,
          const char  *password,
          GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  tix_client_login_async (client, email, password, NULL, tix_test_store_result, &result);
  return tix_client_login_finish (client, tix_test_wait_result (&result), error);
}

static gboolean
do_logout (TixClient  *client,
           GError    **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  tix_client_logout_async (client, NULL, tix_test_store_result, &result);
  return tix_client_logout_finish (client, tix_test_wait_result (&result), error);
}

static TixUser *
do_me (TixClient  *client,
       GError    **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  tix_client_me_async (client, NULL, tix_test_store_result, &result);
  return tix_client_me_finish (client, tix_test_wait_result (&result), error);
}

static GPtrArray *
do_generate (TixClient   *client,
             guint        count,
             const char  *prefix,
             const char  *extra,
             GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  tix_client_generate_async (client, count, prefix, extra, NULL, tix_test_store_result, &result);
  return tix_client_generate_finish (client, tix_test_wait_result (&result), error);
}

static TixTicketPage *
do_list (TixClient        *client,
         TixTicketFilter   filter,
         const char       *search,
         const char       *cursor,
         guint             page,
         guint             limit,
         GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  tix_client_list_tickets_async (client, filter, search, cursor, page, limit, NULL,
                                 tix_test_store_result, &result);
  return tix_client_list_tickets_finish (client, tix_test_wait_result (&result), error);
}

static TixTicket *
do_get (TixClient   *client,
        const char  *id,
        GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  tix_client_get_ticket_async (client, id, NULL, tix_test_store_result, &result);
  return tix_client_get_ticket_finish (client, tix_test_wait_result (&result), error);
}

static gboolean
do_scan (TixClient   *client,
         const char  *id,
         TixTicket  **out_ticket,
         GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  tix_client_scan_ticket_async (client, id, NULL, tix_test_store_result, &result);
  return tix_client_scan_ticket_finish (client, tix_test_wait_result (&result), out_ticket, error);
}

static gboolean
do_delete (TixClient   *client,
           const char  *id,
           GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  tix_client_delete_ticket_async (client, id, NULL, tix_test_store_result, &result);
  return tix_client_delete_ticket_finish (client, tix_test_wait_result (&result), error);
}

static gint64
do_clear (TixClient  *client,
          GError    **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  tix_client_clear_tickets_async (client, NULL, tix_test_store_result, &result);
  return tix_client_clear_tickets_finish (client, tix_test_wait_result (&result), error);
}

static gboolean
do_stats (TixClient  *client,
          TixStats   *stats,
          GError    **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  tix_client_get_stats_async (client, NULL, tix_test_store_result, &result);
  return tix_client_get_stats_finish (client, tix_test_wait_result (&result), stats, error);
}

static TixSettings *
do_settings (TixClient  *client,
             GError    **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  tix_client_get_settings_async (client, NULL, tix_test_store_result, &result);
  return tix_client_get_settings_finish (client, tix_test_wait_result (&result), error);
}

/* Fixtures. */

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->server = tix_test_server_new ();
  fixture->client = tix_client_new (fixture->server->url);
}

/* A server with a registered and signed-in admin. */
static void
fixture_setup_signed_in (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(TixUser) user = NULL;
  g_autoptr(GError) error = NULL;

  fixture_setup (fixture, data);
  user = do_register (fixture->client, EMAIL, PASSWORD, NAME, ORG, &error);
  g_assert_no_error (error);
  g_assert_nonnull (user);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  if (fixture->client != NULL)
    g_assert_finalize_object (fixture->client);
  g_clear_pointer (&fixture->server, tix_test_server_free);
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 gpointer    user_data)
{
  guint *count = user_data;

  (*count)++;
}

static GPtrArray *
generate (Fixture    *fixture,
          guint       count,
          const char *prefix)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *tickets = do_generate (fixture->client, count, prefix, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (tickets);
  g_assert_cmpuint (tickets->len, ==, count);

  return tickets;
}

static void
scan (Fixture   *fixture,
      TixTicket *ticket)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TixTicket) scanned = NULL;

  g_assert_true (do_scan (fixture->client, tix_ticket_get_id (ticket), &scanned, &error));
  g_assert_no_error (error);
  g_assert_true (tix_ticket_is_scanned (scanned));
}

/* Nothing listens on the port this returns (until someone else takes it). */
static guint
unused_port (void)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  guint port;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                         G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (socket, address, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_socket_close (socket, NULL);

  return port;
}

/* Client object. */

static void
test_client_new (void)
{
  g_autoptr(TixClient) client = tix_client_new ("http://127.0.0.1:8080///");
  g_autoptr(TixClient) other = tix_client_new ("http://127.0.0.1:8080");
  guint notified = 0;

  g_assert_cmpstr (tix_client_get_base_url (client), ==, "http://127.0.0.1:8080");
  g_assert_null (tix_client_get_token (client));
  g_assert_null (tix_client_get_user (client));
  g_assert_true (tix_validate_uuid (tix_client_get_station_id (client)));
  g_assert_cmpstr (tix_client_get_station_id (client), !=,
                   tix_client_get_station_id (other));

  g_signal_connect (client, "notify::token", G_CALLBACK (count_notify_cb), &notified);
  tix_client_set_token (client, "abc");
  g_assert_cmpstr (tix_client_get_token (client), ==, "abc");
  g_assert_cmpuint (notified, ==, 1);
  tix_client_set_token (client, "abc");
  g_assert_cmpuint (notified, ==, 1);
  tix_client_set_token (client, NULL);
  g_assert_null (tix_client_get_token (client));
  g_assert_cmpuint (notified, ==, 2);

  g_assert_finalize_object (g_steal_pointer (&client));
  g_assert_finalize_object (g_steal_pointer (&other));
}

/* Auth. */

static void
test_register (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(TixUser) user = NULL;
  g_autoptr(GError) error = NULL;
  guint token_notified = 0, user_notified = 0;

  g_signal_connect (fixture->client, "notify::token",
                    G_CALLBACK (count_notify_cb), &token_notified);
  g_signal_connect (fixture->client, "notify::user",
                    G_CALLBACK (count_notify_cb), &user_notified);

  user = do_register (fixture->client, EMAIL, PASSWORD, NAME, ORG, &error);
  g_assert_no_error (error);
  g_assert_true (TIX_IS_USER (user));
  g_assert_cmpstr (tix_user_get_email (user), ==, EMAIL);
  g_assert_cmpstr (tix_user_get_name (user), ==, NAME);
  g_assert_cmpstr (tix_user_get_role (user), ==, "admin");
  g_assert_cmpint (tix_user_get_organization_id (user), >, 0);

  g_assert_true (tix_client_get_user (fixture->client) == user);
  g_assert_cmpuint (strlen (tix_client_get_token (fixture->client)), ==, 64);
  g_assert_cmpuint (token_notified, ==, 1);
  g_assert_cmpuint (user_notified, ==, 1);
}

static void
test_register_twice (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(TixClient) other = tix_client_new (fixture->server->url);
  g_autoptr(TixUser) user = NULL;
  g_autoptr(GError) error = NULL;

  user = do_register (other, EMAIL, PASSWORD, NAME, NULL, &error);
  g_assert_nonnull (error);
  g_assert_null (user);
  g_assert_true (error->domain == TIX_CLIENT_ERROR);
  g_assert_true (error->code == TIX_CLIENT_ERROR_INVALID ||
                 error->code == TIX_CLIENT_ERROR_CONFLICT);
  g_assert_cmpstr (error->message, !=, "");
  g_assert_null (tix_client_get_token (other));
  g_assert_finalize_object (g_steal_pointer (&other));
}

static void
test_register_invalid (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(TixUser) user = NULL;
  g_autoptr(GError) error = NULL;

  user = do_register (fixture->client, "not-an-email", PASSWORD, NAME, NULL, &error);
  g_assert_error (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_INVALID);
  g_assert_null (user);
  g_assert_cmpstr (tix_client_error_get_field (error), ==, "email");
  g_assert_null (tix_client_get_token (fixture->client));
  g_clear_error (&error);

  user = do_register (fixture->client, EMAIL, "short", NAME, NULL, &error);
  g_assert_error (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_INVALID);
  g_assert_cmpstr (tix_client_error_get_field (error), ==, "password");
}

static void
test_login (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(TixClient) other = tix_client_new (fixture->server->url);
  g_autoptr(TixUser) user = NULL;
  g_autoptr(GError) error = NULL;

  user = do_login (other, EMAIL, PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tix_user_get_email (user), ==, EMAIL);
  g_assert_cmpstr (tix_user_get_role (user), ==, "admin");
  g_assert_true (tix_client_get_user (other) == user);
  g_assert_nonnull (tix_client_get_token (other));
  /* A login opens a session of its own. */
  g_assert_cmpstr (tix_client_get_token (other), !=, tix_client_get_token (fixture->client));
  g_assert_finalize_object (g_steal_pointer (&other));
}

static void
test_login_wrong_password (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(TixClient) other = tix_client_new (fixture->server->url);
  g_autoptr(TixUser) user = NULL;
  g_autoptr(GError) error = NULL;

  user = do_login (other, EMAIL, "wrong password", &error);
  g_assert_error (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_UNAUTHORIZED);
  g_assert_cmpstr (error->message, ==, "Wrong email or password");
  g_assert_null (user);
  g_assert_null (tix_client_get_token (other));
  g_assert_null (tix_client_get_user (other));
  g_clear_error (&error);

  /* An unknown email reads the same: it tells nothing about who has an account. */
  user = do_login (other, "nobody@example.com", PASSWORD, &error);
  g_assert_error (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_UNAUTHORIZED);
  g_assert_cmpstr (error->message, ==, "Wrong email or password");
  g_assert_finalize_object (g_steal_pointer (&other));
}

static void
test_me (Fixture       *fixture,
         gconstpointer  data)
{
  g_autoptr(TixClient) other = tix_client_new (fixture->server->url);
  g_autoptr(TixUser) user = NULL;
  g_autoptr(GError) error = NULL;
  guint user_notified = 0;

  /* A token from the keyring: me tells who it belongs to. */
  tix_client_set_token (other, tix_client_get_token (fixture->client));
  g_signal_connect (other, "notify::user", G_CALLBACK (count_notify_cb), &user_notified);
  user = do_me (other, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tix_user_get_email (user), ==, EMAIL);
  g_assert_cmpint (tix_user_get_id (user), ==,
                   tix_user_get_id (tix_client_get_user (fixture->client)));
  g_assert_true (tix_client_get_user (other) == user);
  g_assert_cmpuint (user_notified, ==, 1);
  g_assert_finalize_object (g_steal_pointer (&other));
}

static void
test_me_without_token (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(TixUser) user = NULL;
  g_autoptr(GError) error = NULL;

  user = do_me (fixture->client, &error);
  g_assert_error (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_UNAUTHORIZED);
  g_assert_cmpstr (error->message, ==, "Your session has expired. Please sign in again.");
  g_assert_null (user);
}

static void
test_logout (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *old_token = g_strdup (tix_client_get_token (fixture->client));
  g_autoptr(TixUser) user = NULL;
  g_autoptr(GError) error = NULL;
  guint token_notified = 0, user_notified = 0;

  g_signal_connect (fixture->client, "notify::token",
                    G_CALLBACK (count_notify_cb), &token_notified);
  g_signal_connect (fixture->client, "notify::user",
                    G_CALLBACK (count_notify_cb), &user_notified);

  g_assert_true (do_logout (fixture->client, &error));
  g_assert_no_error (error);
  g_assert_null (tix_client_get_token (fixture->client));
  g_assert_null (tix_client_get_user (fixture->client));
  g_assert_cmpuint (token_notified, ==, 1);
  g_assert_cmpuint (user_notified, ==, 1);

  /* The server no longer takes the old token; the client forgets it again. */
  tix_client_set_token (fixture->client, old_token);
  user = do_me (fixture->client, &error);
  g_assert_error (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_UNAUTHORIZED);
  g_assert_cmpstr (error->message, ==, "Your session has expired. Please sign in again.");
  g_assert_null (user);
  g_assert_null (tix_client_get_token (fixture->client));
  g_clear_error (&error);

  /* Logging out of a dead session is not an error. */
  tix_client_set_token (fixture->client, old_token);
  g_assert_true (do_logout (fixture->client, &error));
  g_assert_no_error (error);
  g_assert_null (tix_client_get_token (fixture->client));

  /* Signing in again works. */
  user = do_login (fixture->client, EMAIL, PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_nonnull (user);
}

/* Tickets. */

static void
test_generate (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GPtrArray) tickets = NULL;
  g_autoptr(TixTicketPage) page = NULL;
  g_autoptr(GError) error = NULL;
  TixUser *user = tix_client_get_user (fixture->client);

  tickets = do_generate (fixture->client, 25, "VIP", "Front row", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tickets->len, ==, 25);

  for (guint i = 0; i < tickets->len; i++)
    {
      TixTicket *ticket = g_ptr_array_index (tickets, i);
      g_autofree char *number = g_strdup_printf ("VIP-%06u", i + 1);

      g_assert_true (tix_validate_uuid (tix_ticket_get_id (ticket)));
      g_assert_cmpstr (tix_ticket_get_number (ticket), ==, number);
      g_assert_cmpstr (tix_ticket_get_prefix (ticket), ==, "VIP");
      g_assert_cmpstr (tix_ticket_get_extra (ticket), ==, "Front row");
      g_assert_cmpint (tix_ticket_get_generated_at (ticket), >, 0);
      g_assert_false (tix_ticket_is_scanned (ticket));
      g_assert_cmpint (tix_ticket_get_organization_id (ticket), ==,
                       tix_user_get_organization_id (user));
      g_assert_cmpint (tix_ticket_get_created_by (ticket), ==, tix_user_get_id (user));
    }

  /* Newest first. */
  page = do_list (fixture->client, TIX_TICKET_FILTER_ALL, NULL, NULL, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (page->total, ==, 25);
  g_assert_cmpuint (page->tickets->len, ==, 25);
  g_assert_cmpint (page->page, ==, 1);
  g_assert_cmpint (page->limit, ==, 100);
  g_assert_null (page->next_cursor);
  for (guint i = 0; i < page->tickets->len; i++)
    {
      TixTicket *listed = g_ptr_array_index (page->tickets, i);
      TixTicket *made = g_ptr_array_index (tickets, tickets->len - 1 - i);

      g_assert_cmpstr (tix_ticket_get_id (listed), ==, tix_ticket_get_id (made));
    }

  /* Numbers go on from where they were. */
  g_clear_pointer (&tickets, g_ptr_array_unref);
  tickets = do_generate (fixture->client, 2, "VIP", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tix_ticket_get_number (g_ptr_array_index (tickets, 0)), ==, "VIP-000026");
  g_assert_null (tix_ticket_get_extra (g_ptr_array_index (tickets, 0)));
}

static void
test_generate_invalid (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GPtrArray) tickets = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) copy = NULL;
  g_autofree char *long_extra = NULL;

  tickets = do_generate (fixture->client, 5, "bad prefix!", NULL, &error);
  g_assert_error (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_INVALID);
  g_assert_null (tickets);
  g_assert_cmpstr (tix_client_error_get_field (error), ==, "prefix");
  g_assert_cmpstr (error->message, !=, "");

  /* The field survives a copy of the error. */
  copy = g_error_copy (error);
  g_assert_cmpstr (tix_client_error_get_field (copy), ==, "prefix");
  g_clear_error (&error);

  tickets = do_generate (fixture->client, 0, "VIP", NULL, &error);
  g_assert_error (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_INVALID);
  g_assert_cmpstr (tix_client_error_get_field (error), ==, "count");
  g_clear_error (&error);

  tickets = do_generate (fixture->client, 100001, "VIP", NULL, &error);
  g_assert_error (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_INVALID);
  g_assert_cmpstr (tix_client_error_get_field (error), ==, "count");
  g_clear_error (&error);

  long_extra = g_strnfill (1001, 'x');
  tickets = do_generate (fixture->client, 1, "VIP", long_extra, &error);
  g_assert_error (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_INVALID);
  g_assert_cmpstr (tix_client_error_get_field (error), ==, "extra");
  g_clear_error (&error);

  /* Errors of other kinds have no field. */
  g_assert_null (tix_client_error_get_field (NULL));
  error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "x");
  g_assert_null (tix_client_error_get_field (error));
}

/* Big replies are parsed off the main thread. */
static void
test_generate_large (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GPtrArray) tickets = generate (fixture, 1500, "BIG");
  g_autoptr(TixTicketPage) page = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (tix_ticket_get_number (g_ptr_array_index (tickets, 1499)), ==,
                   "BIG-001500");

  page = do_list (fixture->client, TIX_TICKET_FILTER_ALL, NULL, NULL, 1, 1000, &error);
  g_assert_no_error (error);
  g_assert_cmpint (page->total, ==, 1500);
  g_assert_cmpuint (page->tickets->len, ==, 1000);
  g_assert_cmpstr (tix_ticket_get_number (g_ptr_array_index (page->tickets, 0)), ==,
                   "BIG-001500");
}

static void
test_list_filter (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GPtrArray) vip = generate (fixture, 25, "VIP");
  g_autoptr(GPtrArray) door = generate (fixture, 10, "DOOR");
  g_autoptr(TixTicketPage) page = NULL;
  g_autoptr(GError) error = NULL;

  scan (fixture, g_ptr_array_index (vip, 0));
  scan (fixture, g_ptr_array_index (vip, 1));
  scan (fixture, g_ptr_array_index (door, 5));

  page = do_list (fixture->client, TIX_TICKET_FILTER_SCANNED, NULL, NULL, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (page->total, ==, 3);
  g_assert_cmpuint (page->tickets->len, ==, 3);
  for (guint i = 0; i < page->tickets->len; i++)
    g_assert_true (tix_ticket_is_scanned (g_ptr_array_index (page->tickets, i)));
  g_clear_pointer (&page, tix_ticket_page_free);

  page = do_list (fixture->client, TIX_TICKET_FILTER_NOT_SCANNED, NULL, NULL, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (page->total, ==, 32);
  for (guint i = 0; i < page->tickets->len; i++)
    g_assert_false (tix_ticket_is_scanned (g_ptr_array_index (page->tickets, i)));
  g_clear_pointer (&page, tix_ticket_page_free);

  /* Search matches the start of the number. */
  page = do_list (fixture->client, TIX_TICKET_FILTER_ALL, "DOOR", NULL, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (page->total, ==, 10);
  for (guint i = 0; i < page->tickets->len; i++)
    g_assert_true (g_str_has_prefix (tix_ticket_get_number (g_ptr_array_index (page->tickets, i)),
                                     "DOOR"));
  g_clear_pointer (&page, tix_ticket_page_free);

  page = do_list (fixture->client, TIX_TICKET_FILTER_ALL, "VIP-00001", NULL, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (page->total, ==, 10);  /* VIP-000010 … VIP-000019 */
  g_clear_pointer (&page, tix_ticket_page_free);

  page = do_list (fixture->client, TIX_TICKET_FILTER_SCANNED, "VIP", NULL, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (page->total, ==, 2);
  g_clear_pointer (&page, tix_ticket_page_free);

  page = do_list (fixture->client, TIX_TICKET_FILTER_ALL, "NOPE", NULL, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (page->total, ==, 0);
  g_assert_cmpuint (page->tickets->len, ==, 0);

  /* Characters with a meaning in URLs reach the server as text. */
  g_clear_pointer (&page, tix_ticket_page_free);
  page = do_list (fixture->client, TIX_TICKET_FILTER_ALL, "a&b=c %?#", NULL, 0, 0, &error);
  if (page != NULL)
    g_assert_cmpint (page->total, ==, 0);
  else
    g_assert_error (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_INVALID);
}

static void
test_list_paging (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GPtrArray) a = generate (fixture, 25, "A");
  g_autoptr(GPtrArray) b = generate (fixture, 12, "B");
  g_autoptr(TixTicketPage) all = NULL;
  g_autoptr(TixTicketPage) page = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *cursor = NULL;
  guint position = 0, pages = 0;

  all = do_list (fixture->client, TIX_TICKET_FILTER_ALL, NULL, NULL, 1, 1000, &error);
  g_assert_no_error (error);
  g_assert_cmpint (all->total, ==, 37);
  g_assert_cmpuint (all->tickets->len, ==, 37);

  /* By page number. */
  page = do_list (fixture->client, TIX_TICKET_FILTER_ALL, NULL, NULL, 2, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpint (page->total, ==, 37);
  g_assert_cmpint (page->page, ==, 2);
  g_assert_cmpint (page->limit, ==, 10);
  g_assert_cmpuint (page->tickets->len, ==, 10);
  for (guint i = 0; i < 10; i++)
    g_assert_cmpstr (tix_ticket_get_id (g_ptr_array_index (page->tickets, i)), ==,
                     tix_ticket_get_id (g_ptr_array_index (all->tickets, 10 + i)));
  g_clear_pointer (&page, tix_ticket_page_free);

  page = do_list (fixture->client, TIX_TICKET_FILTER_ALL, NULL, NULL, 4, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->tickets->len, ==, 7);
  g_clear_pointer (&page, tix_ticket_page_free);

  /* By cursor: the same order, every ticket once, then no cursor. */
  do
    {
      page = do_list (fixture->client, TIX_TICKET_FILTER_ALL, NULL, cursor, 0, 10, &error);
      g_assert_no_error (error);
      g_assert_cmpint (page->total, ==, 37);
      g_assert_cmpuint (page->tickets->len, <=, 10);
      pages++;

      for (guint i = 0; i < page->tickets->len; i++)
        {
          const char *id = tix_ticket_get_id (g_ptr_array_index (page->tickets, i));

          g_assert_cmpuint (position, <, all->tickets->len);
          g_assert_cmpstr (id, ==,
                           tix_ticket_get_id (g_ptr_array_index (all->tickets, position)));
          g_assert_true (g_hash_table_add (seen, g_strdup (id)));
          position++;
        }

      g_free (cursor);
      cursor = g_strdup (page->next_cursor);
      g_clear_pointer (&page, tix_ticket_page_free);
      g_assert_cmpuint (pages, <=, 5);
    }
  while (cursor != NULL);

  g_assert_cmpuint (position, ==, 37);
  g_assert_cmpuint (g_hash_table_size (seen), ==, 37);
  g_assert_cmpuint (pages, >=, 4);

  /* Cursor paging with a filter. */
  scan (fixture, g_ptr_array_index (b, 3));
  scan (fixture, g_ptr_array_index (a, 7));
  scan (fixture, g_ptr_array_index (a, 8));
  page = do_list (fixture->client, TIX_TICKET_FILTER_SCANNED, NULL, NULL, 0, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpint (page->total, ==, 3);
  g_assert_cmpuint (page->tickets->len, ==, 2);
  g_assert_nonnull (page->next_cursor);
  cursor = g_strdup (page->next_cursor);
  g_clear_pointer (&page, tix_ticket_page_free);
  page = do_list (fixture->client, TIX_TICKET_FILTER_SCANNED, NULL, cursor, 0, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->tickets->len, ==, 1);
  g_assert_true (tix_ticket_is_scanned (g_ptr_array_index (page->tickets, 0)));
  g_assert_null (page->next_cursor);
}

static void
test_get (Fixture       *fixture,
          gconstpointer  data)
{
  g_autoptr(GPtrArray) tickets = generate (fixture, 3, "GET");
  TixTicket *made = g_ptr_array_index (tickets, 1);
  g_autoptr(TixTicket) ticket = NULL;
  g_autoptr(GError) error = NULL;

  ticket = do_get (fixture->client, tix_ticket_get_id (made), &error);
  g_assert_no_error (error);
  g_assert_true (ticket != made);
  g_assert_cmpstr (tix_ticket_get_id (ticket), ==, tix_ticket_get_id (made));
  g_assert_cmpstr (tix_ticket_get_number (ticket), ==, "GET-000002");
  g_assert_cmpint (tix_ticket_get_generated_at (ticket), ==,
                   tix_ticket_get_generated_at (made));
  g_assert_false (tix_ticket_is_scanned (ticket));
  g_clear_object (&ticket);

  ticket = do_get (fixture->client, "00000000-0000-4000-8000-000000000000", &error);
  g_assert_error (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_NOT_FOUND);
  g_assert_null (ticket);
  g_assert_cmpstr (error->message, !=, "");
  g_clear_error (&error);

  /* Whatever the id holds, it stays in its path segment. */
  ticket = do_get (fixture->client, "../tickets?x=1", &error);
  g_assert_null (ticket);
  g_assert_true (g_error_matches (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_NOT_FOUND) ||
                 g_error_matches (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_INVALID));
}

static void
test_get_other_organization (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GPtrArray) tickets = generate (fixture, 1, "MINE");
  g_autoptr(TixClient) other = tix_client_new (fixture->server->url);
  g_autoptr(TixUser) user = NULL;
  g_autoptr(TixTicket) ticket = NULL;
  g_autoptr(GError) error = NULL;
  const char *id = tix_ticket_get_id (g_ptr_array_index (tickets, 0));

  user = do_register (other, "other@example.com", PASSWORD, "Other", "Other venue", &error);
  g_assert_no_error (error);
  g_assert_cmpint (tix_user_get_organization_id (user), !=,
                   tix_user_get_organization_id (tix_client_get_user (fixture->client)));

  ticket = do_get (other, id, &error);
  g_assert_error (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_false (do_scan (other, id, NULL, &error));
  g_assert_error (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_false (do_delete (other, id, &error));
  g_assert_error (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_cmpint (do_clear (other, &error), ==, 0);
  g_assert_no_error (error);

  /* Still there for its owner. */
  ticket = do_get (fixture->client, id, &error);
  g_assert_no_error (error);
  g_assert_false (tix_ticket_is_scanned (ticket));
  g_assert_finalize_object (g_steal_pointer (&other));
}

static void
test_scan (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GPtrArray) tickets = generate (fixture, 2, "DOOR");
  TixTicket *made = g_ptr_array_index (tickets, 0);
  g_autoptr(TixTicket) scanned = NULL;
  g_autoptr(TixTicket) again = NULL;
  g_autoptr(TixTicket) fetched = NULL;
  g_autoptr(GError) error = NULL;
  gint64 before = g_get_real_time () / 1000;

  g_assert_true (do_scan (fixture->client, tix_ticket_get_id (made), &scanned, &error));
  g_assert_no_error (error);
  g_assert_true (TIX_IS_TICKET (scanned));
  g_assert_cmpstr (tix_ticket_get_id (scanned), ==, tix_ticket_get_id (made));
  g_assert_true (tix_ticket_is_scanned (scanned));
  g_assert_cmpint (tix_ticket_get_scanned_at (scanned), >=, before - 1000);
  g_assert_cmpint (tix_ticket_get_scanned_by (scanned), ==,
                   tix_user_get_id (tix_client_get_user (fixture->client)));
  g_assert_cmpstr (tix_ticket_get_scanned_by_name (scanned), ==, NAME);

  /* Twice: a duplicate, with the ticket as first scanned. */
  g_assert_false (do_scan (fixture->client, tix_ticket_get_id (made), &again, &error));
  g_assert_error (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_DUPLICATE);
  g_assert_cmpstr (error->message, !=, "");
  g_assert_nonnull (again);
  g_assert_cmpstr (tix_ticket_get_id (again), ==, tix_ticket_get_id (made));
  g_assert_true (tix_ticket_is_scanned (again));
  g_assert_cmpint (tix_ticket_get_scanned_at (again), ==, tix_ticket_get_scanned_at (scanned));
  g_clear_error (&error);

  /* NULL out_ticket is fine both ways. */
  g_assert_false (do_scan (fixture->client, tix_ticket_get_id (made), NULL, &error));
  g_assert_error (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_DUPLICATE);
  g_clear_error (&error);
  g_assert_true (do_scan (fixture->client,
                          tix_ticket_get_id (g_ptr_array_index (tickets, 1)), NULL, &error));
  g_assert_no_error (error);

  fetched = do_get (fixture->client, tix_ticket_get_id (made), &error);
  g_assert_no_error (error);
  g_assert_cmpint (tix_ticket_get_scanned_at (fetched), ==, tix_ticket_get_scanned_at (scanned));
}

static void
test_scan_unknown (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(TixTicket) ticket = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (do_scan (fixture->client, "00000000-0000-4000-8000-000000000000",
                           &ticket, &error));
  g_assert_error (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_NOT_FOUND);
  g_assert_null (ticket);
}

static void
test_delete (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GPtrArray) tickets = generate (fixture, 3, "DEL");
  const char *id = tix_ticket_get_id (g_ptr_array_index (tickets, 1));
  g_autoptr(TixTicket) ticket = NULL;
  g_autoptr(TixTicketPage) page = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (do_delete (fixture->client, id, &error));
  g_assert_no_error (error);

  ticket = do_get (fixture->client, id, &error);
  g_assert_error (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_NOT_FOUND);
  g_assert_null (ticket);
  g_clear_error (&error);

  g_assert_false (do_delete (fixture->client, id, &error));
  g_assert_error (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_NOT_FOUND);
  g_clear_error (&error);

  page = do_list (fixture->client, TIX_TICKET_FILTER_ALL, NULL, NULL, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (page->total, ==, 2);
}

static void
test_clear (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GPtrArray) tickets = generate (fixture, 25, "CLR");
  g_autoptr(TixTicketPage) page = NULL;
  g_autoptr(GError) error = NULL;
  TixStats stats;

  scan (fixture, g_ptr_array_index (tickets, 0));
  g_assert_cmpint (do_clear (fixture->client, &error), ==, 25);
  g_assert_no_error (error);

  page = do_list (fixture->client, TIX_TICKET_FILTER_ALL, NULL, NULL, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (page->total, ==, 0);
  g_assert_cmpuint (page->tickets->len, ==, 0);

  g_assert_true (do_stats (fixture->client, &stats, &error));
  g_assert_cmpint (stats.total, ==, 0);

  g_assert_cmpint (do_clear (fixture->client, &error), ==, 0);
  g_assert_no_error (error);

  /* Numbers are never reused. */
  g_clear_pointer (&tickets, g_ptr_array_unref);
  tickets = generate (fixture, 1, "CLR");
  g_assert_cmpstr (tix_ticket_get_number (g_ptr_array_index (tickets, 0)), ==, "CLR-000026");
}

static void
test_stats (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GPtrArray) tickets = NULL;
  g_autoptr(GError) error = NULL;
  TixStats stats = { -1, -1, -1, -1 };

  g_assert_true (do_stats (fixture->client, &stats, &error));
  g_assert_no_error (error);
  g_assert_cmpint (stats.total, ==, 0);
  g_assert_cmpint (stats.scanned, ==, 0);
  g_assert_cmpint (stats.not_scanned, ==, 0);
  g_assert_cmpfloat (stats.scan_rate, ==, 0.0);

  tickets = generate (fixture, 3, "ST");
  scan (fixture, g_ptr_array_index (tickets, 2));
  g_assert_true (do_stats (fixture->client, &stats, &error));
  g_assert_no_error (error);
  g_assert_cmpint (stats.total, ==, 3);
  g_assert_cmpint (stats.scanned, ==, 1);
  g_assert_cmpint (stats.not_scanned, ==, 2);
  g_assert_cmpfloat_with_epsilon (stats.scan_rate, 33.3, 0.0001);

  /* out_stats may be NULL. */
  g_assert_true (do_stats (fixture->client, NULL, &error));
  g_assert_no_error (error);
}

static void
test_settings (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(TixSettings) settings = NULL;
  g_autoptr(GError) error = NULL;

  settings = do_settings (fixture->client, &error);
  g_assert_no_error (error);
  g_assert_nonnull (settings);
  /* A new organization: no event yet, every other setting has its default. */
  for (guint i = 0; i < TIX_N_SETTINGS; i++)
    if (i != TIX_SETTING_EVENT_NAME && i != TIX_SETTING_EVENT_DATE &&
        tix_settings_get (settings, i) == NULL)
      g_error ("Settings lack “%s”", tix_setting_get_name (i));
  g_assert_cmpstr (tix_settings_get (settings, TIX_SETTING_ORGANIZATION_NAME), ==, ORG);
  g_assert_true (tix_validate_time_zone (tix_settings_get (settings, TIX_SETTING_TIME_ZONE)));
}

/* Requests that need a session fail readably without one. */
static void
test_signed_out (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) tickets = NULL;
  g_autoptr(TixSettings) settings = NULL;
  g_autoptr(GError) error = NULL;

  tickets = do_generate (fixture->client, 1, "VIP", NULL, &error);
  g_assert_error (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_UNAUTHORIZED);
  g_assert_cmpstr (error->message, ==, "Your session has expired. Please sign in again.");
  g_clear_error (&error);

  tix_client_set_token (fixture->client,
                        "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
  settings = do_settings (fixture->client, &error);
  g_assert_error (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_UNAUTHORIZED);
  g_assert_null (tix_client_get_token (fixture->client));
}

/* Failures of the network and of the caller. */

static void
test_unreachable (void)
{
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u", unused_port ());
  g_autoptr(TixClient) client = tix_client_new (url);
  g_autoptr(TixUser) user = NULL;
  g_autoptr(GError) error = NULL;
  TixStats stats;

  user = do_login (client, EMAIL, PASSWORD, &error);
  g_assert_error (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_UNREACHABLE);
  g_assert_null (user);
  g_assert_nonnull (strstr (error->message, url));
  g_assert_true (g_str_has_prefix (error->message, "Server unreachable at "));
  g_clear_error (&error);

  g_assert_false (do_stats (client, &stats, &error));
  g_assert_error (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_UNREACHABLE);
  g_assert_nonnull (strstr (error->message, url));

  g_assert_finalize_object (g_steal_pointer (&client));
}

static void
test_bad_url (void)
{
  g_autoptr(TixClient) client = tix_client_new ("not a url");
  g_autoptr(TixUser) user = NULL;
  g_autoptr(GError) error = NULL;

  user = do_login (client, EMAIL, PASSWORD, &error);
  g_assert_error (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_UNREACHABLE);
  g_assert_nonnull (strstr (error->message, "not a url"));
  g_assert_finalize_object (g_steal_pointer (&client));
}

static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(TixTicketPage) page = NULL;
  g_autoptr(GPtrArray) tickets = NULL;
  g_autoptr(GError) error = NULL;

  /* Cancelled while in flight. */
  tix_client_list_tickets_async (fixture->client, TIX_TICKET_FILTER_ALL, NULL, NULL, 0, 0,
                                 cancellable, tix_test_store_result, &result);
  g_cancellable_cancel (cancellable);
  page = tix_client_list_tickets_finish (fixture->client, tix_test_wait_result (&result), &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (page);
  g_clear_error (&error);
  g_clear_object (&result);

  /* Cancelled before it started. */
  tix_client_generate_async (fixture->client, 5, "X", NULL, cancellable,
                             tix_test_store_result, &result);
  tickets = tix_client_generate_finish (fixture->client, tix_test_wait_result (&result), &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (tickets);
  g_clear_error (&error);
  g_clear_object (&result);

  /* Cancelling a logout keeps the session. */
  g_assert_nonnull (tix_client_get_token (fixture->client));
  tix_client_logout_async (fixture->client, cancellable, tix_test_store_result, &result);
  g_assert_false (tix_client_logout_finish (fixture->client, tix_test_wait_result (&result), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_nonnull (tix_client_get_token (fixture->client));
  g_clear_error (&error);

  /* The client still works afterwards. */
  page = do_list (fixture->client, TIX_TICKET_FILTER_ALL, NULL, NULL, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (page->total, ==, 0);
}

/* A caller that drops the client with a request in flight still gets its
 * callback; the client dies with the last result. */
static void
test_unref_in_flight (Fixture       *fixture,
                      gconstpointer  data)
{
  TixClient *client = g_steal_pointer (&fixture->client);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(TixTicketPage) page = NULL;
  g_autoptr(GError) error = NULL;

  g_object_add_weak_pointer (G_OBJECT (client), (gpointer *) &client);
  tix_client_list_tickets_async (client, TIX_TICKET_FILTER_ALL, NULL, NULL, 0, 0,
                                 NULL, tix_test_store_result, &result);
  g_object_unref (client);
  g_assert_nonnull (client);

  tix_test_wait_result (&result);
  page = tix_client_list_tickets_finish (TIX_CLIENT (g_task_get_source_object (G_TASK (result))),
                                         result, &error);
  g_assert_no_error (error);
  g_assert_cmpint (page->total, ==, 0);
  g_clear_object (&result);
  g_assert_null (client);
}

static void
add_test (const char *path,
          void (*setup) (Fixture *, gconstpointer),
          void (*test) (Fixture *, gconstpointer))
{
  g_test_add (path, Fixture, NULL, setup, test, fixture_teardown);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tix/client/new", test_client_new);

  add_test ("/tix/client/register", fixture_setup, test_register);
  add_test ("/tix/client/register/twice", fixture_setup_signed_in, test_register_twice);
  add_test ("/tix/client/register/invalid", fixture_setup, test_register_invalid);
  add_test ("/tix/client/login", fixture_setup_signed_in, test_login);
  add_test ("/tix/client/login/wrong-password", fixture_setup_signed_in,
            test_login_wrong_password);
  add_test ("/tix/client/me", fixture_setup_signed_in, test_me);
  add_test ("/tix/client/me/without-token", fixture_setup, test_me_without_token);
  add_test ("/tix/client/logout", fixture_setup_signed_in, test_logout);
  add_test ("/tix/client/signed-out", fixture_setup, test_signed_out);

  add_test ("/tix/client/tickets/generate", fixture_setup_signed_in, test_generate);
  add_test ("/tix/client/tickets/generate/invalid", fixture_setup_signed_in,
            test_generate_invalid);
  add_test ("/tix/client/tickets/generate/large", fixture_setup_signed_in,
            test_generate_large);
  add_test ("/tix/client/tickets/list/filter", fixture_setup_signed_in, test_list_filter);
  add_test ("/tix/client/tickets/list/paging", fixture_setup_signed_in, test_list_paging);
  add_test ("/tix/client/tickets/get", fixture_setup_signed_in, test_get);
  add_test ("/tix/client/tickets/other-organization", fixture_setup_signed_in,
            test_get_other_organization);
  add_test ("/tix/client/tickets/scan", fixture_setup_signed_in, test_scan);
  add_test ("/tix/client/tickets/scan/unknown", fixture_setup_signed_in, test_scan_unknown);
  add_test ("/tix/client/tickets/delete", fixture_setup_signed_in, test_delete);
  add_test ("/tix/client/tickets/clear", fixture_setup_signed_in, test_clear);

  add_test ("/tix/client/reports/stats", fixture_setup_signed_in, test_stats);
  add_test ("/tix/client/settings", fixture_setup_signed_in, test_settings);

  g_test_add_func ("/tix/client/unreachable", test_unreachable);
  g_test_add_func ("/tix/client/bad-url", test_bad_url);
  add_test ("/tix/client/cancel", fixture_setup_signed_in, test_cancel);
  add_test ("/tix/client/unref-in-flight", fixture_setup_signed_in, test_unref_in_flight);

  return g_test_run ();
}
