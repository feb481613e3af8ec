/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The main window: it opens at the size it was closed at, and what its
 * views said of a session goes with the session. */
#define G_LOG_DOMAIN "test-window-size"

#include "config.h"

#include "tix-app-test-util.h"
#include "tix-application.h"
#include "tix-generate-view.h"
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

int
main (int   argc,
      char *argv[])
{
  int ret;

  tix_app_test_init (&argc, &argv);

  g_test_add_func ("/tix/app/window/size-remembered", test_size_remembered);
  g_test_add_func ("/tix/app/window/logout-dismisses-toasts", test_logout_dismisses_toasts);

  ret = g_test_run ();
  tix_app_test_cleanup ();

  return ret;
}
