/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-client-admin"

/* The client's calls for users and roles, one's own password and sessions,
 * the audit log, the door report, the period reports and settings updates. */

#include "config.h"

#include <string.h>

#include "tix-client.h"
#include "tix-test-util.h"
#include "tix-time.h"

#define EMAIL    "admin@example.com"
#define PASSWORD "correct horse battery"
#define NAME     "Ada Admin"

typedef struct
{
  TixTestServer *server;
  TixClient     *client;   /* signed in as the admin */
} Fixture;

/* Synchronous wrappers. */

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

static TixUser *
do_me (TixClient  *client,
       GError    **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  tix_client_me_async (client, NULL, tix_test_store_result, &result);
  return tix_client_me_finish (client, tix_test_wait_result (&result), error);
}

static GPtrArray *
do_list_users (TixClient  *client,
               GError    **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  tix_client_list_users_async (client, NULL, tix_test_store_result, &result);
  return tix_client_list_users_finish (client, tix_test_wait_result (&result), error);
}

static TixUser *
do_add_user (TixClient   *client,
             const char  *email,
             const char  *name,
             const char  *password,
             const char  *role,
             GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  tix_client_add_user_async (client, email, name, password, role, NULL, tix_test_store_result,
                             &result);
  return tix_client_add_user_finish (client, tix_test_wait_result (&result), error);
}

static TixUser *
do_update_user (TixClient   *client,
                gint64       id,
                const char  *role,
                const char  *password,
                GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  tix_client_update_user_async (client, id, role, password, NULL, tix_test_store_result, &result);
  return tix_client_update_user_finish (client, tix_test_wait_result (&result), error);
}

static gboolean
do_remove_user (TixClient  *client,
                gint64      id,
                GError    **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  tix_client_remove_user_async (client, id, NULL, tix_test_store_result, &result);
  return tix_client_remove_user_finish (client, tix_test_wait_result (&result), error);
}

static gboolean
do_change_password (TixClient   *client,
                    const char  *current,
                    const char  *new_password,
                    GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  tix_client_change_password_async (client, current, new_password, NULL, tix_test_store_result,
                                    &result);
  return tix_client_change_password_finish (client, tix_test_wait_result (&result), error);
}

static gint64
do_logout_others (TixClient  *client,
                  GError    **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  tix_client_logout_others_async (client, NULL, tix_test_store_result, &result);
  return tix_client_logout_others_finish (client, tix_test_wait_result (&result), error);
}

static GPtrArray *
do_list_audit (TixClient  *client,
               guint       limit,
               gint64      before,
               GError    **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  tix_client_list_audit_async (client, limit, before, NULL, tix_test_store_result, &result);
  return tix_client_list_audit_finish (client, tix_test_wait_result (&result), error);
}

static TixDoorReport *
do_door (TixClient   *client,
         const char  *date,
         GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  tix_client_get_door_report_async (client, date, NULL, tix_test_store_result, &result);
  return tix_client_get_door_report_finish (client, tix_test_wait_result (&result), error);
}

static TixPeriodReport *
do_report (TixClient       *client,
           TixReportPeriod  period,
           GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  tix_client_get_report_async (client, period, NULL, tix_test_store_result, &result);
  return tix_client_get_report_finish (client, tix_test_wait_result (&result), error);
}

static TixSettings *
do_update_settings (TixClient   *client,
                    TixSettings *changes,
                    GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  tix_client_update_settings_async (client, changes, NULL, tix_test_store_result, &result);
  return tix_client_update_settings_finish (client, tix_test_wait_result (&result), error);
}

/* Fixtures. */

static void
signed_in_setup (Fixture  *fixture,
                 guint     max_users)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(TixUser) user = NULL;
  g_autoptr(GError) error = NULL;
  TixServerOptions options;

  tix_server_options_init (&options);
  options.fast_password_hashing = TRUE;
  options.max_users = max_users;
  fixture->server = tix_test_server_new_with (&options);
  fixture->client = tix_client_new (fixture->server->url);

  tix_client_register_async (fixture->client, EMAIL, PASSWORD, NAME, NULL, NULL,
                             tix_test_store_result, &result);
  user = tix_client_register_finish (fixture->client, tix_test_wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (user);
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  signed_in_setup (fixture, 0);
}

static void
fixture_setup_small (Fixture       *fixture,
                     gconstpointer  data)
{
  signed_in_setup (fixture, 2);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_assert_finalize_object (fixture->client);
  g_clear_pointer (&fixture->server, tix_test_server_free);
}

/* A second client signed in as @email. */
static TixClient *
client_for (Fixture    *fixture,
            const char *email,
            const char *password)
{
  TixClient *client = tix_client_new (fixture->server->url);
  g_autoptr(TixUser) user = NULL;
  g_autoptr(GError) error = NULL;

  user = do_login (client, email, password, &error);
  g_assert_no_error (error);
  g_assert_nonnull (user);
  return client;
}

static TixUser *
add_user (Fixture    *fixture,
          const char *email,
          const char *name,
          const char *role)
{
  g_autoptr(GError) error = NULL;
  TixUser *user = do_add_user (fixture->client, email, name, PASSWORD, role, &error);

  g_assert_no_error (error);
  g_assert_nonnull (user);
  g_assert_cmpstr (tix_user_get_email (user), ==, email);
  g_assert_cmpstr (tix_user_get_name (user), ==, name);
  g_assert_cmpstr (tix_user_get_role (user), ==, role);
  return user;
}

/* Users. */

static void
test_users (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(TixUser) seller = NULL;
  g_autoptr(TixUser) changed = NULL;
  g_autoptr(TixUser) again = NULL;
  g_autoptr(GPtrArray) users = NULL;
  g_autoptr(GError) error = NULL;
  TixUser *me = tix_client_get_user (fixture->client);

  seller = add_user (fixture, "sally@example.com", "Sally", "seller");
  g_assert_cmpint (tix_user_get_organization_id (seller), ==, tix_user_get_organization_id (me));

  users = do_list_users (fixture->client, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (users->len, ==, 2);
  g_assert_true (TIX_IS_USER (g_ptr_array_index (users, 0)));
  /* By name. */
  g_assert_cmpstr (tix_user_get_name (g_ptr_array_index (users, 0)), ==, NAME);
  g_assert_cmpstr (tix_user_get_name (g_ptr_array_index (users, 1)), ==, "Sally");
  g_clear_pointer (&users, g_ptr_array_unref);

  /* Taken email, bad role: the field is named. */
  again = do_add_user (fixture->client, "SALLY@example.com", "Sally 2", PASSWORD, "seller",
                       &error);
  g_assert_null (again);
  g_assert_error (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_CONFLICT);
  g_assert_cmpstr (tix_client_error_get_field (error), ==, "email");
  g_clear_error (&error);
  again = do_add_user (fixture->client, "x@example.com", "X", PASSWORD, "boss", &error);
  g_assert_null (again);
  g_assert_error (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_INVALID);
  g_assert_cmpstr (tix_client_error_get_field (error), ==, "role");
  g_clear_error (&error);
  again = do_add_user (fixture->client, "x@example.com", "X", "short", "seller", &error);
  g_assert_error (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_INVALID);
  g_assert_cmpstr (tix_client_error_get_field (error), ==, "password");
  g_clear_error (&error);

  /* Role and password. */
  changed = do_update_user (fixture->client, tix_user_get_id (seller), "scanner", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tix_user_get_role (changed), ==, "scanner");
  g_clear_object (&changed);
  changed = do_update_user (fixture->client, tix_user_get_id (seller), NULL, "a new secret",
                            &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tix_user_get_role (changed), ==, "scanner");
  {
    g_autoptr(TixClient) sally = client_for (fixture, "sally@example.com", "a new secret");

    g_assert_cmpstr (tix_user_get_role (tix_client_get_user (sally)), ==, "scanner");
  }

  /* The last admin stays. */
  g_clear_object (&changed);
  changed = do_update_user (fixture->client, tix_user_get_id (me), "seller", NULL, &error);
  g_assert_null (changed);
  g_assert_error (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_false (do_remove_user (fixture->client, tix_user_get_id (me), &error));
  g_assert_error (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_nonnull (tix_client_get_token (fixture->client));

  /* Removing. */
  g_assert_true (do_remove_user (fixture->client, tix_user_get_id (seller), &error));
  g_assert_no_error (error);
  g_assert_false (do_remove_user (fixture->client, tix_user_get_id (seller), &error));
  g_assert_error (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_NOT_FOUND);
  g_clear_error (&error);
  users = do_list_users (fixture->client, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (users->len, ==, 1);
}

static void
test_max_users (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(TixUser) second = add_user (fixture, "two@example.com", "Two", "scanner");
  g_autoptr(TixUser) third = NULL;
  g_autoptr(GError) error = NULL;

  third = do_add_user (fixture->client, "three@example.com", "Three", PASSWORD, "scanner",
                       &error);
  g_assert_null (third);
  g_assert_error (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "maximum of 2 users"));
}

static void
test_forbidden (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(TixUser) seller = add_user (fixture, "sally@example.com", "Sally", "seller");
  g_autoptr(TixClient) client = client_for (fixture, "sally@example.com", PASSWORD);
  g_autoptr(GPtrArray) users = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(TixUser) promoted = NULL;
  g_autoptr(GError) error = NULL;

  users = do_list_users (client, &error);
  g_assert_null (users);
  g_assert_error (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_FORBIDDEN);
  g_clear_error (&error);
  promoted = do_update_user (client, tix_user_get_id (seller), "admin", NULL, &error);
  g_assert_null (promoted);
  g_assert_error (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_FORBIDDEN);
  g_clear_error (&error);
  entries = do_list_audit (client, 0, 0, &error);
  g_assert_null (entries);
  g_assert_error (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_FORBIDDEN);
  /* Still signed in. */
  g_assert_nonnull (tix_client_get_token (client));
}

/* One's own password and sessions. */

static void
test_change_password (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(TixClient) other = client_for (fixture, EMAIL, PASSWORD);
  g_autoptr(TixUser) me = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (do_change_password (fixture->client, "wrong password", "a new secret",
                                      &error));
  g_assert_error (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_INVALID);
  g_assert_cmpstr (tix_client_error_get_field (error), ==, "current_password");
  g_clear_error (&error);
  /* The session stays. */
  g_assert_nonnull (tix_client_get_token (fixture->client));

  g_assert_false (do_change_password (fixture->client, PASSWORD, "short", &error));
  g_assert_error (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_INVALID);
  g_assert_cmpstr (tix_client_error_get_field (error), ==, "new_password");
  g_clear_error (&error);

  g_assert_true (do_change_password (fixture->client, PASSWORD, "a new secret", &error));
  g_assert_no_error (error);

  me = do_me (fixture->client, &error);
  g_assert_no_error (error);
  g_clear_object (&me);
  /* The other session ended with the old password. */
  me = do_me (other, &error);
  g_assert_null (me);
  g_assert_error (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_UNAUTHORIZED);
  g_assert_null (tix_client_get_token (other));
  g_clear_error (&error);

  me = do_login (other, EMAIL, PASSWORD, &error);
  g_assert_error (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_UNAUTHORIZED);
  g_clear_error (&error);
  me = do_login (other, EMAIL, "a new secret", &error);
  g_assert_no_error (error);
  g_assert_nonnull (me);
}

static void
test_logout_others (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(TixClient) laptop = client_for (fixture, EMAIL, PASSWORD);
  g_autoptr(TixClient) phone = client_for (fixture, EMAIL, PASSWORD);
  g_autoptr(TixUser) me = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (do_logout_others (fixture->client, &error), ==, 2);
  g_assert_no_error (error);
  g_assert_cmpint (do_logout_others (fixture->client, &error), ==, 0);
  g_assert_no_error (error);

  me = do_me (laptop, &error);
  g_assert_error (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_UNAUTHORIZED);
  g_clear_error (&error);
  me = do_me (phone, &error);
  g_assert_error (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_UNAUTHORIZED);
  g_clear_error (&error);
  me = do_me (fixture->client, &error);
  g_assert_no_error (error);
  g_assert_nonnull (me);
}

/* The audit log. */

static void
test_audit (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(TixUser) user = add_user (fixture, "temp@example.com", "Tim", "seller");
  g_autoptr(TixUser) changed = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) older = NULL;
  g_autoptr(GError) error = NULL;
  const char * const expected[] = { "user-removed", "role-changed", "user-added" };
  gint64 start = tix_time_now_ms () - 5000;
  TixAuditEntry *entry;

  changed = do_update_user (fixture->client, tix_user_get_id (user), "admin", NULL, &error);
  g_assert_no_error (error);
  g_assert_true (do_remove_user (fixture->client, tix_user_get_id (user), &error));
  g_assert_no_error (error);

  entries = do_list_audit (fixture->client, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < entries->len; i++)
    {
      entry = g_ptr_array_index (entries, i);
      g_assert_true (TIX_IS_AUDIT_ENTRY (entry));
      g_assert_cmpstr (tix_audit_entry_get_action (entry), ==, expected[i]);
      g_assert_cmpstr (tix_audit_entry_get_user_name (entry), ==, NAME);
      g_assert_cmpint (tix_audit_entry_get_user_id (entry), ==,
                       tix_user_get_id (tix_client_get_user (fixture->client)));
      g_assert_cmpint (tix_audit_entry_get_at (entry), >=, start);
      g_assert_cmpint (tix_audit_entry_get_at (entry), <=, tix_time_now_ms ());
    }
  entry = g_ptr_array_index (entries, 1);
  g_assert_cmpstr (tix_audit_entry_get_detail (entry), ==, "temp@example.com: seller → admin");
  {
    g_autofree char *action = NULL;
    gint64 at = 0;

    g_object_get (entry, "action", &action, "at", &at, NULL);
    g_assert_cmpstr (action, ==, "role-changed");
    g_assert_cmpint (at, ==, tix_audit_entry_get_at (entry));
  }

  /* Paging. */
  g_clear_pointer (&entries, g_ptr_array_unref);
  entries = do_list_audit (fixture->client, 1, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 1);
  older = do_list_audit (fixture->client, 10,
                         tix_audit_entry_get_id (g_ptr_array_index (entries, 0)), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (older->len, ==, 2);
  g_assert_cmpstr (tix_audit_entry_get_action (g_ptr_array_index (older, 0)), ==,
                   "role-changed");
}

/* Reports and settings. */

static void
test_reports (Fixture       *fixture,
              gconstpointer  data)
{
  const guint rows[TIX_N_REPORT_PERIODS] = { 30, 12, 12 };
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < TIX_N_REPORT_PERIODS; i++)
    {
      g_autoptr(TixPeriodReport) report = do_report (fixture->client, i, &error);
      TixReportRow *row;

      g_assert_no_error (error);
      g_assert_cmpint (report->period, ==, i);
      g_assert_cmpuint (report->rows->len, ==, rows[i]);
      row = &g_array_index (report->rows, TixReportRow, 0);
      g_assert_nonnull (row->period);
      g_assert_cmpint (row->generated, ==, 0);
    }
}

static void
test_door (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) tickets = NULL;
  g_autoptr(TixDoorReport) report = NULL;
  g_autoptr(GError) error = NULL;
  TixReportShare *station;
  gint64 busiest = 0;

  tix_client_generate_async (fixture->client, 3, "DOOR", NULL, NULL, tix_test_store_result, &result);
  tickets = tix_client_generate_finish (fixture->client, tix_test_wait_result (&result), &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(GAsyncResult) scanned = NULL;

      tix_client_scan_ticket_async (fixture->client,
                                    tix_ticket_get_id (g_ptr_array_index (tickets, i)),
                                    NULL, tix_test_store_result, &scanned);
      g_assert_true (tix_client_scan_ticket_finish (fixture->client, tix_test_wait_result (&scanned), NULL,
                                                    &error));
      g_assert_no_error (error);
    }

  report = do_door (fixture->client, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (report->scanned, ==, 2);
  g_assert_cmpint (report->interval_minutes, ==, 10);
  g_assert_cmpuint (report->intervals->len, >=, 138);
  for (guint i = 0; i < report->intervals->len; i++)
    busiest = MAX (busiest, g_array_index (report->intervals, TixReportRow, i).scanned);
  g_assert_cmpint (busiest, >=, 1);
  /* This client's station id. */
  g_assert_cmpuint (report->by_station->len, ==, 1);
  station = &g_array_index (report->by_station, TixReportShare, 0);
  g_assert_cmpstr (station->key, ==, tix_client_get_station_id (fixture->client));
  g_assert_cmpint (station->scanned, ==, 2);
  g_assert_cmpuint (report->by_user->len, ==, 1);
  g_clear_pointer (&report, tix_door_report_free);

  report = do_door (fixture->client, "2020-01-01", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (report->date, ==, "2020-01-01");
  g_assert_cmpint (report->scanned, ==, 0);
  g_clear_pointer (&report, tix_door_report_free);

  report = do_door (fixture->client, "2020-13-01", &error);
  g_assert_null (report);
  g_assert_error (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_INVALID);
  g_assert_cmpstr (tix_client_error_get_field (error), ==, "date");
}

static void
test_update_settings (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(TixSettings) changes = tix_settings_new ();
  g_autoptr(TixSettings) bad = tix_settings_new ();
  g_autoptr(TixSettings) settings = NULL;
  g_autoptr(GError) error = NULL;

  tix_settings_set (changes, TIX_SETTING_EVENT_NAME, "Gala");
  tix_settings_set (changes, TIX_SETTING_TIME_ZONE, "Europe/Berlin");
  settings = do_update_settings (fixture->client, changes, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tix_settings_get (settings, TIX_SETTING_EVENT_NAME), ==, "Gala");
  g_assert_cmpstr (tix_settings_get (settings, TIX_SETTING_TIME_ZONE), ==, "Europe/Berlin");
  g_assert_null (tix_settings_get (settings, TIX_SETTING_EVENT_DATE));
  g_clear_object (&settings);

  /* An empty date clears it: null on the wire. */
  tix_settings_set (changes, TIX_SETTING_EVENT_DATE, "2026-03-14");
  settings = do_update_settings (fixture->client, changes, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tix_settings_get (settings, TIX_SETTING_EVENT_DATE), ==, "2026-03-14");
  g_clear_object (&settings);
  tix_settings_set (changes, TIX_SETTING_EVENT_DATE, "");
  settings = do_update_settings (fixture->client, changes, &error);
  g_assert_no_error (error);
  g_assert_null (tix_settings_get (settings, TIX_SETTING_EVENT_DATE));
  g_clear_object (&settings);

  tix_settings_set (bad, TIX_SETTING_TIME_ZONE, "Mars/Olympus");
  settings = do_update_settings (fixture->client, bad, &error);
  g_assert_null (settings);
  g_assert_error (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_INVALID);
  g_assert_cmpstr (tix_client_error_get_field (error), ==, "time_zone");
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

  add_test ("/tix/client/admin/users", fixture_setup, test_users);
  add_test ("/tix/client/admin/max-users", fixture_setup_small, test_max_users);
  add_test ("/tix/client/admin/forbidden", fixture_setup, test_forbidden);
  add_test ("/tix/client/admin/change-password", fixture_setup, test_change_password);
  add_test ("/tix/client/admin/logout-others", fixture_setup, test_logout_others);
  add_test ("/tix/client/admin/audit", fixture_setup, test_audit);
  add_test ("/tix/client/admin/reports", fixture_setup, test_reports);
  add_test ("/tix/client/admin/door", fixture_setup, test_door);
  add_test ("/tix/client/admin/settings", fixture_setup, test_update_settings);

  return g_test_run ();
}
