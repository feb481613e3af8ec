/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Scan view's door rules (issue 20) against a real in-process server:
 * the entrance picker (the event's entrances, its default, the station's
 * choice kept per event), the In / Out toggle by click and by a real F2,
 * and every answer of the rules shown with its words and colour: WELCOME
 * BACK, GOODBYE, ALREADY INSIDE, NO RE-ENTRY, NOT INSIDE, WRONG ENTRANCE,
 * CLOSED, FULL. */
#define G_LOG_DOMAIN "test-scan-door"

#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "tix-app-test-util.h"
#include "tix-client.h"
#include "tix-door-dashboard.h"
#include "tix-scan-log-window.h"
#include "tix-resources.h"
#include "tix-scan-door-bar.h"
#include "tix-scan-result-panel.h"
#include "tix-scan-view.h"
#include "tix-season.h"
#include "tix-test-keys.h"
#include "tix-test-util.h"
#include "tix-time.h"

#define EMAIL     "doors@example.com"
#define PASSWORD  "correct horse battery"
#define N_TICKETS 5
#define HOUR_MS   G_GINT64_CONSTANT (3600000)

#define WAIT_UNTIL(cond)                                                      \
  G_STMT_START {                                                              \
    gint64 _deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;         \
    while (!(cond))                                                           \
      {                                                                       \
        if (g_get_monotonic_time () > _deadline)                              \
          g_error ("Timed out waiting for %s", #cond);                        \
        g_main_context_iteration (NULL, TRUE);                                \
      }                                                                       \
  } G_STMT_END

typedef struct
{
  TixTestServer *server;
  TixClient     *client;
  TixSession    *session;
  TixSeason     *season;
  GPtrArray     *tickets;    /* DOR-000001 … */
  gint64         event_id;
  gint64         default_id; /* the event's default entrance */
  gint64         north_id;   /* exit and re-entry */
  gint64         stalls_id;  /* exit, no re-entry */
  gint64         late_id;    /* closed an hour ago */
  GtkWindow     *window;
  TixScanView   *view;
  guint          tick;
} Fixture;

static gboolean
tick_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

static GAsyncResult *
wait_for (GAsyncResult **result)
{
  WAIT_UNTIL (*result != NULL);
  return *result;
}

static gint64
add_entrance (Fixture    *fixture,
              const char *name,
              gboolean    allow_exit,
              gboolean    allow_reentry,
              gint64      closes_at)
{
  g_autoptr(TixEntrance) entrance = tix_entrance_new (name);
  g_autoptr(TixEntrance) made = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  tix_entrance_set_allow_exit (entrance, allow_exit);
  tix_entrance_set_allow_reentry (entrance, allow_reentry);
  if (closes_at != TIX_ENTRANCE_NO_TIME)
    {
      tix_entrance_set_opens_at (entrance, closes_at - 2 * HOUR_MS);
      tix_entrance_set_closes_at (entrance, closes_at);
    }
  tix_client_create_entrance_async (fixture->client, fixture->event_id, entrance, NULL,
                                    tix_test_store_result, &result);
  made = tix_client_create_entrance_finish (fixture->client, wait_for (&result), &error);
  g_assert_no_error (error);
  return tix_entrance_get_id (made);
}

static GtkWidget *
bar_child (Fixture    *fixture,
           const char *name)
{
  GObject *bar = gtk_widget_get_template_child (GTK_WIDGET (fixture->view), TIX_TYPE_SCAN_VIEW,
                                                "door_bar");
  GObject *object;

  g_assert_nonnull (bar);
  if (g_str_equal (name, "door_bar"))
    return GTK_WIDGET (bar);
  object = gtk_widget_get_template_child (GTK_WIDGET (bar), TIX_TYPE_SCAN_DOOR_BAR, name);
  g_assert_nonnull (object);
  return GTK_WIDGET (object);
}

static GtkWidget *
panel_child (Fixture    *fixture,
             const char *name)
{
  GObject *panel = gtk_widget_get_template_child (GTK_WIDGET (fixture->view),
                                                  TIX_TYPE_SCAN_VIEW, "result_box");
  GObject *object;

  if (g_str_equal (name, "result_box"))
    return GTK_WIDGET (panel);
  object = gtk_widget_get_template_child (GTK_WIDGET (panel), TIX_TYPE_SCAN_RESULT_PANEL, name);
  g_assert_nonnull (object);
  return GTK_WIDGET (object);
}

static void
make_view (Fixture *fixture)
{
  fixture->view = tix_scan_view_new ();
  g_object_add_weak_pointer (G_OBJECT (fixture->view), (gpointer *) &fixture->view);
  fixture->window = tix_app_test_toast_window_new ();
  gtk_window_set_default_size (fixture->window, 1100, 700);
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->view));
  gtk_window_present (fixture->window);
  g_object_set (fixture->view, "sounds", FALSE, "season", fixture->season,
                "session", fixture->session, NULL);
}

static void
drop_view (Fixture *fixture)
{
  gtk_window_destroy (fixture->window);
  WAIT_UNTIL (fixture->view == NULL);
  fixture->window = NULL;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GAsyncResult) registered = NULL;
  g_autoptr(GAsyncResult) generated = NULL;
  g_autoptr(GAsyncResult) listed = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TixUser) user = NULL;
  g_autoptr(GPtrArray) entrances = NULL;

  fixture->tick = g_timeout_add (20, tick_cb, NULL);
  fixture->server = tix_test_server_new ();
  fixture->client = tix_client_new (fixture->server->url);
  tix_client_register_async (fixture->client, EMAIL, PASSWORD, "Dora", "Doors Org", NULL,
                             tix_test_store_result, &registered);
  user = tix_client_register_finish (fixture->client, wait_for (&registered), &error);
  g_assert_no_error (error);
  tix_client_generate_async (fixture->client, N_TICKETS, "DOR", NULL, NULL,
                             tix_test_store_result, &generated);
  fixture->tickets = tix_client_generate_finish (fixture->client, wait_for (&generated), &error);
  g_assert_no_error (error);

  fixture->session = tix_session_new ();
  tix_session_sign_in (fixture->session, fixture->client, FALSE);
  fixture->season = tix_season_new (fixture->session);
  WAIT_UNTIL (tix_season_get_loaded (fixture->season) &&
              tix_season_get_event_id (fixture->season) != 0);
  fixture->event_id = tix_season_get_event_id (fixture->season);

  tix_client_list_entrances_async (fixture->client, fixture->event_id, NULL,
                                   tix_test_store_result, &listed);
  entrances = tix_client_list_entrances_finish (fixture->client, wait_for (&listed), &error);
  g_assert_no_error (error);
  fixture->default_id = tix_entrance_get_id (g_ptr_array_index (entrances, 0));
  fixture->north_id = add_entrance (fixture, "North Door", TRUE, TRUE, TIX_ENTRANCE_NO_TIME);
  fixture->stalls_id = add_entrance (fixture, "Stalls", TRUE, FALSE, TIX_ENTRANCE_NO_TIME);
  fixture->late_id = add_entrance (fixture, "Late Door", FALSE, FALSE,
                                   tix_time_now_ms () - HOUR_MS);

  make_view (fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->window != NULL)
    drop_view (fixture);
  g_assert_finalize_object (g_steal_pointer (&fixture->season));
  g_assert_finalize_object (g_steal_pointer (&fixture->session));
  g_clear_pointer (&fixture->tickets, g_ptr_array_unref);
  g_object_add_weak_pointer (G_OBJECT (fixture->client), (gpointer *) &fixture->client);
  g_object_unref (fixture->client);
  WAIT_UNTIL (fixture->client == NULL);
  g_clear_pointer (&fixture->server, tix_test_server_free);
  g_clear_handle_id (&fixture->tick, g_source_remove);
}

/* Helpers ----------------------------------------------------------------------- */

static gboolean
entrances_listed (Fixture *fixture)
{
  GtkDropDown *dropdown = GTK_DROP_DOWN (bar_child (fixture, "entrance_dropdown"));
  GListModel *model = gtk_drop_down_get_model (dropdown);

  return model != NULL && g_list_model_get_n_items (model) == 4;
}

static void
choose (Fixture *fixture,
        gint64   entrance_id)
{
  tix_scan_view_set_entrance_id (fixture->view, entrance_id);
  g_assert_cmpint (tix_scan_view_get_entrance_id (fixture->view), ==, entrance_id);
}

static void
scan (Fixture          *fixture,
      guint             ticket,
      TixDoorDirection  direction)
{
  tix_scan_view_set_direction (fixture->view, direction);
  tix_scan_view_submit (fixture->view,
                        tix_ticket_get_code (g_ptr_array_index (fixture->tickets, ticket)));
  WAIT_UNTIL (tix_scan_view_get_n_pending (fixture->view) == 0);
}

static void
assert_shown (Fixture       *fixture,
              TixScanResult  result,
              const char    *verdict,
              const char    *css_class)
{
  g_assert_cmpint (tix_scan_view_get_result (fixture->view), ==, result);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (panel_child (fixture, "verdict_label"))),
                   ==, verdict);
  g_assert_true (gtk_widget_has_css_class (panel_child (fixture, "result_box"), css_class));
}

static const char *
detail (Fixture *fixture)
{
  return gtk_label_get_label (GTK_LABEL (panel_child (fixture, "detail_label")));
}

/* Tests ------------------------------------------------------------------------- */

/* The picker lists the event's entrances, the default chosen; a choice is
 * given to the door and kept for the event, so the next view (or the app
 * started again, through the setting) scans there. */
static void
test_entrances (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GVariant) choices = NULL;
  TixDoor *door = tix_scan_view_get_door (fixture->view);
  gint64 kept = 0;

  WAIT_UNTIL (entrances_listed (fixture));
  g_assert_cmpint (tix_scan_view_get_entrance_id (fixture->view), ==, fixture->default_id);
  /* The default is the door's entrance 0, as before entrances. */
  g_assert_cmpint (tix_door_get_entrance_id (door), ==, 0);
  g_assert_true (gtk_widget_get_sensitive (bar_child (fixture, "entrance_dropdown")));

  /* As a person picks it in the drop down. */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (bar_child (fixture, "entrance_dropdown")), 1);
  g_assert_cmpint (tix_scan_view_get_entrance_id (fixture->view), ==, fixture->north_id);
  g_assert_cmpint (tix_door_get_entrance_id (door), ==, fixture->north_id);

  g_object_get (fixture->view, "entrance-choices", &choices, NULL);
  g_assert_nonnull (choices);
  g_assert_true (g_variant_is_of_type (choices, G_VARIANT_TYPE ("a{xx}")));
  {
    GVariantIter iter;
    gint64 event, entrance;

    g_variant_iter_init (&iter, choices);
    while (g_variant_iter_next (&iter, "{xx}", &event, &entrance))
      if (event == fixture->event_id)
        kept = entrance;
  }
  g_assert_cmpint (kept, ==, fixture->north_id);

  /* A new view with the station's choices starts at North Door. */
  drop_view (fixture);
  fixture->view = tix_scan_view_new ();
  g_object_add_weak_pointer (G_OBJECT (fixture->view), (gpointer *) &fixture->view);
  fixture->window = tix_app_test_toast_window_new ();
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->view));
  gtk_window_present (fixture->window);
  g_object_set (fixture->view, "sounds", FALSE, "entrance-choices", choices,
                "season", fixture->season, "session", fixture->session, NULL);
  WAIT_UNTIL (entrances_listed (fixture));
  g_assert_cmpint (tix_scan_view_get_entrance_id (fixture->view), ==, fixture->north_id);
  g_assert_cmpint (tix_door_get_entrance_id (tix_scan_view_get_door (fixture->view)), ==,
                   fixture->north_id);
}

/* In / Out by a click on the big buttons: the door follows, the view says it. */
static void
test_direction_click (Fixture       *fixture,
                      gconstpointer  data)
{
  TixDoor *door = tix_scan_view_get_door (fixture->view);
  GtkWidget *in = bar_child (fixture, "in_button");
  GtkWidget *out = bar_child (fixture, "out_button");

  g_assert_cmpint (tix_scan_view_get_direction (fixture->view), ==, TIX_DOOR_DIRECTION_IN);
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (in)));
  g_assert_true (gtk_widget_get_mapped (out));

  g_signal_emit_by_name (out, "clicked");
  g_assert_cmpint (tix_scan_view_get_direction (fixture->view), ==, TIX_DOOR_DIRECTION_OUT);
  g_assert_cmpint (tix_door_get_direction (door), ==, TIX_DOOR_DIRECTION_OUT);
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (out)));
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (in)));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (fixture->view), "direction-out"));

  g_signal_emit_by_name (in, "clicked");
  g_assert_cmpint (tix_scan_view_get_direction (fixture->view), ==, TIX_DOOR_DIRECTION_IN);
  g_assert_cmpint (tix_door_get_direction (door), ==, TIX_DOOR_DIRECTION_IN);
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (fixture->view), "direction-out"));
  /* A second click on the active one keeps it. */
  g_signal_emit_by_name (in, "clicked");
  g_assert_cmpint (tix_scan_view_get_direction (fixture->view), ==, TIX_DOOR_DIRECTION_IN);
}

/* F2, a real key pressed while the scan entry has the focus, switches; the
 * entry keeps the focus and takes nothing. */
static void
test_direction_key (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *why = tix_test_keys_unavailable ();
  TixDoor *door = tix_scan_view_get_door (fixture->view);
  GtkEditable *entry = tix_scan_view_get_entry (fixture->view);

  if (why != NULL)
    {
      g_test_skip (why);
      return;
    }
  tix_test_keys_focus (fixture->window);
  gtk_widget_grab_focus (GTK_WIDGET (entry));

  tix_test_keys_press ("F2");
  WAIT_UNTIL (tix_scan_view_get_direction (fixture->view) == TIX_DOOR_DIRECTION_OUT);
  g_assert_cmpint (tix_door_get_direction (door), ==, TIX_DOOR_DIRECTION_OUT);
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (bar_child (fixture,
                                                                             "out_button"))));
  tix_test_keys_press ("F2");
  WAIT_UNTIL (tix_scan_view_get_direction (fixture->view) == TIX_DOOR_DIRECTION_IN);
  g_assert_cmpint (tix_door_get_direction (door), ==, TIX_DOOR_DIRECTION_IN);
  g_assert_cmpstr (gtk_editable_get_text (entry), ==, "");
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (entry)) ||
                 gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (fixture->window)),
                                         GTK_WIDGET (entry)));
}

/* In and out at an entrance that lets people out and back in. */
static void
test_in_and_out (Fixture       *fixture,
                 gconstpointer  data)
{
  WAIT_UNTIL (entrances_listed (fixture));
  choose (fixture, fixture->north_id);

  scan (fixture, 0, TIX_DOOR_DIRECTION_IN);
  assert_shown (fixture, TIX_SCAN_RESULT_VALID, "VALID", "scan-valid");

  scan (fixture, 0, TIX_DOOR_DIRECTION_IN);
  assert_shown (fixture, TIX_SCAN_RESULT_ALREADY_INSIDE, "ALREADY INSIDE",
                "scan-already-inside");
  g_assert_true (g_str_has_prefix (detail (fixture), "Came in at "));
  g_assert_true (g_str_has_suffix (detail (fixture), " by North Door"));

  scan (fixture, 0, TIX_DOOR_DIRECTION_OUT);
  assert_shown (fixture, TIX_SCAN_RESULT_EXIT, "GOODBYE", "scan-exit");
  g_assert_cmpstr (detail (fixture), ==, "Out by North Door");

  scan (fixture, 0, TIX_DOOR_DIRECTION_OUT);
  assert_shown (fixture, TIX_SCAN_RESULT_NOT_INSIDE, "NOT INSIDE", "scan-not-inside");
  g_assert_true (g_str_has_prefix (detail (fixture), "Went out at "));

  scan (fixture, 0, TIX_DOOR_DIRECTION_IN);
  assert_shown (fixture, TIX_SCAN_RESULT_REENTRY, "WELCOME BACK", "scan-reentry");
  g_assert_cmpstr (detail (fixture), ==, "Back in by North Door");

  /* Never in: it cannot go out. */
  scan (fixture, 1, TIX_DOOR_DIRECTION_OUT);
  assert_shown (fixture, TIX_SCAN_RESULT_NOT_INSIDE, "NOT INSIDE", "scan-not-inside");
  g_assert_cmpstr (detail (fixture), ==, "This ticket has not come in: it cannot go out");
}

/* The refusals of the rules, each with what the steward tells the guest. */
static void
test_refusals (Fixture       *fixture,
               gconstpointer  data)
{
  WAIT_UNTIL (entrances_listed (fixture));

  /* Out, and not back in, at the Stalls. */
  choose (fixture, fixture->stalls_id);
  scan (fixture, 1, TIX_DOOR_DIRECTION_IN);
  assert_shown (fixture, TIX_SCAN_RESULT_VALID, "VALID", "scan-valid");
  scan (fixture, 1, TIX_DOOR_DIRECTION_OUT);
  assert_shown (fixture, TIX_SCAN_RESULT_EXIT, "GOODBYE", "scan-exit");
  scan (fixture, 1, TIX_DOOR_DIRECTION_IN);
  assert_shown (fixture, TIX_SCAN_RESULT_NO_REENTRY, "NO RE-ENTRY", "scan-no-reentry");
  g_assert_true (g_str_has_suffix (detail (fixture), "and went out: no one is let back in here"));

  /* Nobody goes out by the default entrance: the ones that let out are named. */
  choose (fixture, fixture->default_id);
  scan (fixture, 2, TIX_DOOR_DIRECTION_IN);
  assert_shown (fixture, TIX_SCAN_RESULT_VALID, "VALID", "scan-valid");
  scan (fixture, 2, TIX_DOOR_DIRECTION_OUT);
  assert_shown (fixture, TIX_SCAN_RESULT_WRONG_ENTRANCE, "WRONG ENTRANCE",
                "scan-wrong-entrance");
  g_assert_true (g_str_has_prefix (detail (fixture), "Use "));
  g_assert_nonnull (strstr (detail (fixture), "North Door"));
  g_assert_nonnull (strstr (detail (fixture), "Stalls"));

  /* The late door closed an hour ago: its hours are said. */
  choose (fixture, fixture->late_id);
  scan (fixture, 3, TIX_DOOR_DIRECTION_IN);
  assert_shown (fixture, TIX_SCAN_RESULT_CLOSED, "CLOSED", "scan-closed");
  g_assert_true (g_str_has_prefix (detail (fixture), "Open "));
  g_assert_nonnull (strstr (detail (fixture), "–"));
}

/* The event's max_inside inside: FULL, with how many. */
static void
test_full (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(TixEvent) changes = tix_event_new (NULL);
  g_autoptr(TixEvent) event = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  tix_event_set_max_inside (changes, 1);
  tix_client_update_event_async (fixture->client, fixture->event_id, changes,
                                 TIX_EVENT_FIELD_MAX_INSIDE, NULL, tix_test_store_result,
                                 &result);
  event = tix_client_update_event_finish (fixture->client, wait_for (&result), &error);
  g_assert_no_error (error);

  WAIT_UNTIL (entrances_listed (fixture));
  scan (fixture, 0, TIX_DOOR_DIRECTION_IN);
  assert_shown (fixture, TIX_SCAN_RESULT_VALID, "VALID", "scan-valid");
  scan (fixture, 1, TIX_DOOR_DIRECTION_IN);
  assert_shown (fixture, TIX_SCAN_RESULT_FULL, "FULL", "scan-full");
  g_assert_cmpstr (detail (fixture), ==, "1 of 1 inside: let someone out first");
}

static gboolean
grid_has_row (GtkWidget  *dashboard,
              const char *grid_id,
              const char *first,
              const char *second)
{
  GtkGrid *grid = GTK_GRID (gtk_widget_get_template_child (dashboard, TIX_TYPE_DOOR_DASHBOARD,
                                                          grid_id));

  for (int row = 1; gtk_grid_get_child_at (grid, 0, row) != NULL; row++)
    {
      GtkWidget *a = gtk_grid_get_child_at (grid, 0, row);
      GtkWidget *b = gtk_grid_get_child_at (grid, 1, row);

      if (g_strcmp0 (gtk_label_get_label (GTK_LABEL (a)), first) == 0 && b != NULL &&
          g_strcmp0 (gtk_label_get_label (GTK_LABEL (b)), second) == 0)
        return TRUE;
    }
  return FALSE;
}

static const char *
dashboard_label (GtkWidget  *dashboard,
                 const char *id)
{
  return gtk_label_get_label (GTK_LABEL (gtk_widget_get_template_child (dashboard,
                                                                        TIX_TYPE_DOOR_DASHBOARD,
                                                                        id)));
}

/* The dashboard counts who is inside live, against max_inside, warns when
 * full, and shows each entrance and the refusals from the door report. */
static void
test_dashboard (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(TixEvent) changes = tix_event_new (NULL);
  g_autoptr(TixEvent) event = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  TixDoorDashboard *dashboard;
  GtkWidget *widget;
  guint n;

  tix_event_set_max_inside (changes, 2);
  tix_client_update_event_async (fixture->client, fixture->event_id, changes,
                                 TIX_EVENT_FIELD_MAX_INSIDE, NULL, tix_test_store_result,
                                 &result);
  event = tix_client_update_event_finish (fixture->client, wait_for (&result), &error);
  g_assert_no_error (error);
  WAIT_UNTIL (tix_season_get_event (fixture->season) != NULL &&
              tix_event_get_max_inside (tix_season_get_event (fixture->season)) == 2);

  dashboard = tix_door_dashboard_new (fixture->session, fixture->season);
  widget = GTK_WIDGET (dashboard);
  g_object_add_weak_pointer (G_OBJECT (dashboard), (gpointer *) &dashboard);
  gtk_window_present (GTK_WINDOW (dashboard));
  WAIT_UNTIL (tix_door_dashboard_get_n_reports (dashboard) >= 1);
  g_assert_cmpstr (dashboard_label (widget, "inside_label"), ==, "0 / 2");
  g_assert_cmpint (tix_door_dashboard_get_level (dashboard), ==, TIX_DOOR_LEVEL_OK);
  g_assert_true (grid_has_row (widget, "entrance_grid", "North Door", "0"));

  WAIT_UNTIL (entrances_listed (fixture));
  choose (fixture, fixture->north_id);
  scan (fixture, 0, TIX_DOOR_DIRECTION_IN);
  scan (fixture, 1, TIX_DOOR_DIRECTION_IN);
  WAIT_UNTIL (tix_door_dashboard_get_inside (dashboard) == 2);
  g_assert_cmpstr (dashboard_label (widget, "inside_label"), ==, "2 / 2");
  g_assert_cmpint (tix_door_dashboard_get_level (dashboard), ==, TIX_DOOR_LEVEL_FULL);
  g_assert_true (gtk_widget_has_css_class (widget, "door-full"));
  g_assert_cmpstr (dashboard_label (widget, "level_label"), ==,
                   "FULL: let someone out before anyone else comes in");

  /* One goes out, one is refused. */
  scan (fixture, 1, TIX_DOOR_DIRECTION_OUT);
  assert_shown (fixture, TIX_SCAN_RESULT_EXIT, "GOODBYE", "scan-exit");
  scan (fixture, 0, TIX_DOOR_DIRECTION_IN);
  assert_shown (fixture, TIX_SCAN_RESULT_ALREADY_INSIDE, "ALREADY INSIDE",
                "scan-already-inside");
  WAIT_UNTIL (tix_door_dashboard_get_inside (dashboard) == 1);
  g_assert_cmpstr (dashboard_label (widget, "inside_label"), ==, "1 / 2");
  g_assert_false (gtk_widget_has_css_class (widget, "door-full"));

  /* The report, read again a moment after the scans. */
  n = tix_door_dashboard_get_n_reports (dashboard);
  WAIT_UNTIL (tix_door_dashboard_get_n_reports (dashboard) > n &&
              grid_has_row (widget, "refused_grid", "Already inside", "1"));
  g_assert_true (grid_has_row (widget, "entrance_grid", "North Door", "1"));

  gtk_window_destroy (GTK_WINDOW (dashboard));
  WAIT_UNTIL (dashboard == NULL);
}

/* The scan log lists every attempt, refused ones too, and filters them by
 * result and by entrance. */
static void
test_scan_log (Fixture       *fixture,
               gconstpointer  data)
{
  TixScanLogWindow *log;
  GtkListBox *list;
  GtkWidget *row;

  WAIT_UNTIL (entrances_listed (fixture));
  choose (fixture, fixture->north_id);
  scan (fixture, 0, TIX_DOOR_DIRECTION_IN);                 /* first */
  scan (fixture, 0, TIX_DOOR_DIRECTION_IN);                 /* already-inside */
  scan (fixture, 0, TIX_DOOR_DIRECTION_OUT);                /* exit */
  choose (fixture, fixture->late_id);
  scan (fixture, 1, TIX_DOOR_DIRECTION_IN);                 /* closed */
  assert_shown (fixture, TIX_SCAN_RESULT_CLOSED, "CLOSED", "scan-closed");

  log = tix_scan_log_window_new (fixture->session, fixture->season);
  g_object_add_weak_pointer (G_OBJECT (log), (gpointer *) &log);
  gtk_window_present (GTK_WINDOW (log));
  WAIT_UNTIL (!tix_scan_log_window_get_loading (log));
  g_assert_cmpuint (tix_scan_log_window_get_n_rows (log), ==, 4);
  g_assert_false (tix_scan_log_window_get_has_more (log));

  /* Newest first: the closed door's refusal, named. */
  list = GTK_LIST_BOX (gtk_widget_get_template_child (GTK_WIDGET (log),
                                                      TIX_TYPE_SCAN_LOG_WINDOW, "list"));
  row = GTK_WIDGET (gtk_list_box_get_row_at_index (list, 0));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==,
                   tix_ticket_get_number (g_ptr_array_index (fixture->tickets, 1)));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "Late Door"));

  tix_scan_log_window_set_filter (log, "already-inside", 0);
  WAIT_UNTIL (!tix_scan_log_window_get_loading (log));
  g_assert_cmpuint (tix_scan_log_window_get_n_rows (log), ==, 1);

  tix_scan_log_window_set_filter (log, NULL, fixture->north_id);
  WAIT_UNTIL (!tix_scan_log_window_get_loading (log));
  g_assert_cmpuint (tix_scan_log_window_get_n_rows (log), ==, 3);

  tix_scan_log_window_set_filter (log, "full", 0);
  WAIT_UNTIL (!tix_scan_log_window_get_loading (log));
  g_assert_cmpuint (tix_scan_log_window_get_n_rows (log), ==, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (gtk_widget_get_template_child (
                     GTK_WIDGET (log), TIX_TYPE_SCAN_LOG_WINDOW, "stack"))), ==, "empty");

  gtk_window_destroy (GTK_WINDOW (log));
  WAIT_UNTIL (log == NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_dir = g_dir_make_tmp ("tix-scan-door-XXXXXX", NULL);
  int status;

  g_setenv ("XDG_DATA_HOME", data_dir, TRUE);
  g_setenv ("TZ", "UTC", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_resources_register (tix_get_resource ());

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/tix/app/scan-door/entrances", test_entrances);
  ADD ("/tix/app/scan-door/direction-click", test_direction_click);
  ADD ("/tix/app/scan-door/keys/direction-f2", test_direction_key);
  ADD ("/tix/app/scan-door/in-and-out", test_in_and_out);
  ADD ("/tix/app/scan-door/refusals", test_refusals);
  ADD ("/tix/app/scan-door/full", test_full);
  ADD ("/tix/app/scan-door/dashboard", test_dashboard);
  ADD ("/tix/app/scan-door/scan-log", test_scan_log);

  status = g_test_run ();
  tix_test_remove_tree (data_dir);

  return status;
}
