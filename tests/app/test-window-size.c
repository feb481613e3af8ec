/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The main window: it opens at the size it was closed at, and what its
 * views said of a session goes with the session. */
#define G_LOG_DOMAIN "test-window-size"

#include "config.h"

#include <string.h>

#include "tix-app-test-util.h"
#include "tix-application.h"
#include "tix-generate-view.h"
#include "tix-toast-host.h"
#include "tix-window.h"

static void
close_and_wait (TixWindow *window)
{
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_close (GTK_WINDOW (window));
  TIX_APP_TEST_WAIT (window == NULL, 10);
}

static void
test_size_remembered (void)
{
  g_autoptr(TixApplication) app = NULL;
  g_autoptr(GError) error = NULL;
  GSettings *settings;
  TixWindow *window;
  int width, height;

  app = tix_application_new ("org.gnome.Tix.TestWindowSize", G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  settings = tix_application_get_settings (app);

  /* The first time: the schema's default size. */
  window = tix_window_new (app);
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 1000);
  g_assert_cmpint (height, ==, 720);

  /* The user makes it smaller and closes it… */
  gtk_window_set_default_size (GTK_WINDOW (window), 840, 610);
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  close_and_wait (window);
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 840);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 610);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));

  /* …and the next window opens at that size. */
  window = tix_window_new (app);
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 840);
  g_assert_cmpint (height, ==, 610);
  gtk_window_destroy (GTK_WINDOW (window));

  tix_app_test_spin (50);
  tix_application_stop_local_server (app);
  g_application_quit (G_APPLICATION (app));
}

static gboolean
shows_toast (GtkWidget *widget)
{
  if (g_str_equal (G_OBJECT_TYPE_NAME (widget), "AdwToastWidget"))
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (shows_toast (child))
      return TRUE;

  return FALSE;
}

/* "Generated 5 tickets … Show" must not stay on the sign-in page. */
static void
test_logout_dismisses_toasts (void)
{
  g_autoptr(TixApplication) app = NULL;
  g_autoptr(GError) error = NULL;
  TixWindow *window;
  GtkWidget *view;

  app = tix_application_new ("org.gnome.Tix.TestWindowToasts", G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  window = tix_window_new (app);
  gtk_window_present (GTK_WINDOW (window));
  tix_window_start_session (window);
  TIX_APP_TEST_WAIT (g_strcmp0 (tix_window_get_page (window), "loading") != 0, 30);
  g_assert_cmpstr (tix_window_get_page (window), ==, "main");

  view = tix_app_test_find (GTK_WIDGET (window), "generate_view");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (tix_app_test_find (view, "count_spin")), 5);
  g_assert_true (gtk_widget_activate_action (view, "generate.run", NULL));
  TIX_APP_TEST_WAIT (!tix_generate_view_get_busy (TIX_GENERATE_VIEW (view)), 30);
  TIX_APP_TEST_WAIT (shows_toast (GTK_WIDGET (window)), 10);

  tix_window_logout (window);
  TIX_APP_TEST_WAIT (g_strcmp0 (tix_window_get_page (window), "login") == 0, 30);
  /* Well before the toast would time out by itself. */
  TIX_APP_TEST_WAIT (!shows_toast (GTK_WIDGET (window)), 1);

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_destroy (GTK_WINDOW (window));
  TIX_APP_TEST_WAIT (window == NULL, 10);
  tix_application_stop_local_server (app);
  g_application_quit (G_APPLICATION (app));
}

static int min_width (GtkWidget *widget);


/* DUMP=1: what makes a view wide. */
static void
dump_wide (GtkWidget *widget, int depth)
{
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      int w = min_width (c);
      if (w > 300)
        {
          g_test_message ("%*s%s %s %d", depth * 2, "", G_OBJECT_TYPE_NAME (c), gtk_buildable_get_buildable_id (GTK_BUILDABLE (c)) ?: "", w);
          dump_wide (c, depth + 1);
        }
    }
}

static int
min_width (GtkWidget *widget)
{
  int minimum = 0;

  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  return minimum;
}

/* A phone-sized window (360 px): the header bar, the generate and reports
 * views and the preferences fit it. */
static void
test_narrow (void)
{
  g_autoptr(TixApplication) app = NULL;
  g_autoptr(GError) error = NULL;
  TixWindow *window;
  static const char * const mine[] = { "switcher_title", "session_button", "header_bar", "generate_view", "reports_view" };
  static const char * const others[] = { "scan_view", "tickets_view" };
  GtkWidget *preferences;

  app = tix_application_new ("org.gnome.Tix.TestWindowNarrow", G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  window = tix_window_new (app);
  gtk_window_present (GTK_WINDOW (window));
  tix_window_start_session (window);
  TIX_APP_TEST_WAIT (g_strcmp0 (tix_window_get_page (window), "loading") != 0, 30);
  g_assert_cmpstr (tix_window_get_page (window), ==, "main");
  tix_app_test_spin (300);

  /* Narrowed and widened as a person drags it: no GTK warning (fatal). */
  {
    static const int widths[] = { 400, 360, 700, 1280, 360 };

    for (guint i = 0; i < G_N_ELEMENTS (widths); i++)
      {
        gtk_window_set_default_size (GTK_WINDOW (window), widths[i], 720);
        tix_app_test_spin (400);
      }
    /* The last of them, 360 px, is what the window got. */
    g_test_message ("window at %d px", gtk_widget_get_width (GTK_WIDGET (window)));
    g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, 360);
  }

  /* The Scan and Tickets views too, even while hidden in the stack: the
   * window is as narrow as its widest view allows. */
  for (guint i = 0; i < G_N_ELEMENTS (others); i++)
    {
      int width = min_width (tix_app_test_find (GTK_WIDGET (window), others[i]));

      g_test_message ("%s needs %d px", others[i], width);
      g_assert_cmpint (width, <=, 360);
    }
  for (guint i = 0; i < G_N_ELEMENTS (mine); i++)
    {
      int width = min_width (tix_app_test_find (GTK_WIDGET (window), mine[i]));

      g_test_message ("%s needs %d px", mine[i], width);
      if (g_getenv ("DUMP")) dump_wide (tix_app_test_find (GTK_WIDGET (window), mine[i]), 0);
      g_assert_cmpint (width, <=, 360);
    }

  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  tix_app_test_spin (500);
  preferences = NULL;
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    if (ADW_IS_PREFERENCES_WINDOW (l->data))
      preferences = l->data;
  if (preferences == NULL)
    {
      GListModel *toplevels = gtk_window_get_toplevels ();

      for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
        {
          g_autoptr(GObject) top = g_list_model_get_item (toplevels, i);

          if (ADW_IS_PREFERENCES_WINDOW (top))
            preferences = GTK_WIDGET (top);
        }
    }
  g_assert_nonnull (preferences);
  {
    static const char * const pages[] = { "general", "organization", "users", "activity",
                                          "account" };

    for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
      {
        int width;

        adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (preferences),
                                                      pages[i]);
        tix_app_test_spin (50);
        /* Its content: the window adds its shadow. */
        width = min_width (gtk_widget_get_first_child (preferences));
        g_test_message ("preferences %s needs %d px", pages[i], width);
        if (g_getenv ("DUMP")) dump_wide (preferences, 0);
        g_assert_cmpint (width, <=, 360);
      }
  }
  gtk_window_destroy (GTK_WINDOW (preferences));

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_destroy (GTK_WINDOW (window));
  TIX_APP_TEST_WAIT (window == NULL, 10);
  tix_application_stop_local_server (app);
  g_application_quit (G_APPLICATION (app));
}

static void
count_toast_cb (GtkWindow *window,
                AdwToast  *toast,
                guint     *count)
{
  (*count)++;
}

/* One way up for every widget's toasts: the window when it hosts toasts,
 * else the nearest toast overlay; a widget in neither drops it. */
static void
test_widget_toasts (void)
{
  GtkWindow *host = tix_app_test_toast_window_new ();
  GtkWindow *plain = GTK_WINDOW (gtk_window_new ());
  GtkWidget *overlay = adw_toast_overlay_new ();
  GtkWidget *inner = gtk_label_new ("inside");
  GtkWidget *deep = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *alone = g_object_ref_sink (gtk_label_new ("alone"));
  AdwToast *dropped = adw_toast_new ("Nowhere");
  guint hosted = 0;

  g_signal_connect (host, "toast-added", G_CALLBACK (count_toast_cb), &hosted);
  gtk_box_append (GTK_BOX (deep), gtk_label_new ("in a box"));
  gtk_window_set_child (host, deep);
  gtk_window_present (host);
  tix_widget_add_toast (gtk_widget_get_first_child (deep), adw_toast_new ("Hosted"));
  g_assert_cmpuint (hosted, ==, 1);

  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), inner);
  gtk_window_set_child (plain, overlay);
  gtk_window_present (plain);
  g_assert_false (shows_toast (GTK_WIDGET (plain)));
  tix_widget_add_toast (inner, adw_toast_new ("In the overlay"));
  TIX_APP_TEST_WAIT (shows_toast (GTK_WIDGET (plain)), 10);

  g_object_add_weak_pointer (G_OBJECT (dropped), (gpointer *) &dropped);
  tix_widget_add_toast (alone, dropped);
  g_assert_null (dropped);

  g_object_unref (alone);
  gtk_window_destroy (host);
  gtk_window_destroy (plain);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  tix_app_test_init (&argc, &argv);

  g_test_add_func ("/tix/app/window/size-remembered", test_size_remembered);
  g_test_add_func ("/tix/app/window/logout-dismisses-toasts", test_logout_dismisses_toasts);
  g_test_add_func ("/tix/app/window/narrow", test_narrow);
  g_test_add_func ("/tix/app/window/widget-toasts", test_widget_toasts);

  ret = g_test_run ();
  tix_app_test_cleanup ();

  return ret;
}
