/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The admins' list of tickets that two stations admitted while offline. */
#define G_LOG_DOMAIN "test-conflicts-window"

#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "tix-conflicts-window.h"
#include "tix-test-util.h"
#include "tix-time.h"

#define WAIT_SECONDS 30

typedef struct
{
  TixTestServer *server;
  TixClient     *client;
  GPtrArray     *tickets;
} Fixture;

static gboolean
timeout_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
wait_for_rows (TixConflictsWindow *window)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (WAIT_SECONDS, timeout_cb, &timed_out);

  while (tix_conflicts_window_get_n_rows (window) < 0 && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (id);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) generated = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TixUser) user = NULL;

  f->server = tix_test_server_new ();
  f->client = tix_client_new (f->server->url);
  tix_client_register_async (f->client, "admin@example.org", "correct horse battery", "Ada",
                             "Conflicts Org", NULL, tix_test_store_result, &result);
  user = tix_client_register_finish (f->client, tix_test_wait_result (&result), &error);
  g_assert_no_error (error);

  tix_client_generate_async (f->client, 2, "SUN", NULL, NULL, tix_test_store_result, &generated);
  f->tickets = tix_client_generate_finish (f->client, tix_test_wait_result (&generated), &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_pointer (&f->tickets, g_ptr_array_unref);
  g_assert_finalize_object (g_steal_pointer (&f->client));
  g_clear_pointer (&f->server, tix_test_server_free);
}

/* A ticket admitted online, then uploaded by a station that was offline. */
static void
make_conflict_at (Fixture    *f,
                  guint       i,
                  const char *station)
{
  TixTicket *ticket = g_ptr_array_index (f->tickets, i);
  g_autoptr(GAsyncResult) scanned = NULL;
  g_autoptr(GAsyncResult) uploaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *scan_id = g_uuid_string_random ();

  tix_client_scan_code_async (f->client, tix_ticket_get_code (ticket), NULL, NULL,
                              tix_test_store_result, &scanned);
  g_assert_true (tix_client_scan_code_finish (f->client, tix_test_wait_result (&scanned), NULL, &error));
  g_assert_no_error (error);

  tix_client_upload_scan_async (f->client, tix_ticket_get_code (ticket), NULL, scan_id,
                                tix_time_now_ms () - 60000, station, NULL,
                                tix_test_store_result, &uploaded);
  g_assert_false (tix_client_scan_code_finish (f->client, tix_test_wait_result (&uploaded), NULL, &error));
  g_assert_error (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_DUPLICATE);
  g_assert_true (tix_client_error_is_conflict (error));
}

static void
make_conflict (Fixture *f,
               guint    i)
{
  make_conflict_at (f, i, "door-2");
}

static TixConflictsWindow *
open_window (Fixture *f)
{
  TixConflictsWindow *window = tix_conflicts_window_new (f->client);

  gtk_window_present (GTK_WINDOW (window));
  wait_for_rows (window);

  return window;
}

static void
close_window (TixConflictsWindow *window)
{
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_destroy (GTK_WINDOW (window));
  while (window != NULL)
    g_main_context_iteration (NULL, TRUE);
}

static void
test_empty (Fixture       *f,
            gconstpointer  data)
{
  TixConflictsWindow *window = open_window (f);

  g_assert_cmpint (tix_conflicts_window_get_n_rows (window), ==, 0);
  close_window (window);
}

static void
test_listed (Fixture       *f,
             gconstpointer  data)
{
  TixConflictsWindow *window;
  GtkListBox *list;
  GtkWidget *row;

  make_conflict (f, 1);
  window = open_window (f);

  g_assert_cmpint (tix_conflicts_window_get_n_rows (window), ==, 1);
  list = tix_conflicts_window_get_list (window);
  row = GTK_WIDGET (gtk_list_box_get_row_at_index (list, 0));
  g_assert_true (ADW_IS_EXPANDER_ROW (row));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "SUN-000002");
  g_assert_true (g_str_has_prefix (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (row)),
                                   "Admitted twice"));

  /* Reloading keeps one row a conflict. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "conflicts.reload", NULL));
  g_assert_cmpint (tix_conflicts_window_get_n_rows (window), ==, -1);
  wait_for_rows (window);
  g_assert_cmpint (tix_conflicts_window_get_n_rows (window), ==, 1);

  close_window (window);
}

static gboolean
shows_text (GtkWidget  *widget,
            const char *text)
{
  if (ADW_IS_ACTION_ROW (widget))
    {
      const char *title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget));
      const char *subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (widget));

      if ((title != NULL && strstr (title, text) != NULL) ||
          (subtitle != NULL && strstr (subtitle, text) != NULL))
        return TRUE;
    }
  if (GTK_IS_LABEL (widget) && strstr (gtk_label_get_label (GTK_LABEL (widget)), text) != NULL)
    return TRUE;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    if (shows_text (c, text))
      return TRUE;
  return FALSE;
}

/* A station that was given a name is called by it. */
static void
test_station_named (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *station = tix_station_compose (uuid, "Kasse Süd");
  TixConflictsWindow *window;

  make_conflict_at (f, 1, station);
  window = open_window (f);
  g_assert_cmpint (tix_conflicts_window_get_n_rows (window), ==, 1);
  g_assert_true (shows_text (GTK_WIDGET (tix_conflicts_window_get_list (window)), "Kasse Süd"));
  g_assert_false (shows_text (GTK_WIDGET (tix_conflicts_window_get_list (window)), "%C3"));
  close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  /* No accessibility bus: this short test must not start one that the
   * next tests on the display would then look for in vain. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/tix/app/conflicts/empty", Fixture, NULL, fixture_setup, test_empty,
              fixture_teardown);
  g_test_add ("/tix/app/conflicts/listed", Fixture, NULL, fixture_setup, test_listed,
              fixture_teardown);

  g_test_add ("/tix/app/conflicts/station-named", Fixture, NULL, fixture_setup,
              test_station_named, fixture_teardown);

  return g_test_run ();
}
