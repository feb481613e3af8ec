/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Keyboard navigation: Tab reaches every control of every view, and the
 * view shortcuts switch views. */
#define G_LOG_DOMAIN "test-keyboard"

#include "config.h"

#include "tix-app-test-util.h"
#include "tix-application.h"
#include "tix-generate-view.h"
#include "tix-window.h"

typedef struct
{
  TixApplication *app;
  TixWindow      *window;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  static guint n_apps;
  g_autofree char *app_id = g_strdup_printf ("org.gnome.Tix.TestKeyboard%u", ++n_apps);

  fixture->app = tix_application_new (app_id, G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (fixture->app), NULL, &error);
  g_assert_no_error (error);

  fixture->window = tix_window_new (fixture->app);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1100, 760);
  gtk_window_present (GTK_WINDOW (fixture->window));

  tix_window_start_session (fixture->window);
  TIX_APP_TEST_WAIT (g_strcmp0 (tix_window_get_page (fixture->window), "loading") != 0, 30);
  g_assert_cmpstr (tix_window_get_page (fixture->window), ==, "main");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_object_add_weak_pointer (G_OBJECT (fixture->window), (gpointer *) &fixture->window);
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  TIX_APP_TEST_WAIT (fixture->window == NULL, 10);

  tix_application_stop_local_server (fixture->app);
  g_application_quit (G_APPLICATION (fixture->app));
  g_clear_object (&fixture->app);
}

/* A control a keyboard user must be able to reach: shown, sensitive and
 * meant to take the focus. */
static gboolean
is_control (GtkWidget *widget)
{
  if (!GTK_IS_BUTTON (widget) && !GTK_IS_TEXT (widget) && !GTK_IS_SWITCH (widget) &&
      !GTK_IS_CHECK_BUTTON (widget) && !GTK_IS_COLUMN_VIEW (widget) &&
      !GTK_IS_LIST_VIEW (widget))
    return FALSE;

  return gtk_widget_is_drawable (widget) && gtk_widget_is_sensitive (widget) &&
         gtk_widget_get_can_focus (widget) && gtk_widget_get_focusable (widget);
}

static void
collect_controls (GtkWidget *widget,
                  GPtrArray *controls)
{
  if (!gtk_widget_is_drawable (widget))
    return;

  if (is_control (widget))
    {
      g_ptr_array_add (controls, widget);
      /* A list's rows are reached through the list. */
      if (GTK_IS_COLUMN_VIEW (widget) || GTK_IS_LIST_VIEW (widget))
        return;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_controls (child, controls);
}

static gboolean
reached (GtkWidget *control,
         GPtrArray *focused)
{
  for (guint i = 0; i < focused->len; i++)
    {
      GtkWidget *widget = g_ptr_array_index (focused, i);

      if (widget == control ||
          gtk_widget_is_ancestor (widget, control) ||
          gtk_widget_is_ancestor (control, widget))
        return TRUE;
    }

  return FALSE;
}

static char *
describe (GtkWidget *widget)
{
  GString *path = g_string_new (NULL);

  for (GtkWidget *w = widget; w != NULL; w = gtk_widget_get_parent (w))
    {
      const char *id = GTK_IS_BUILDABLE (w) ? gtk_buildable_get_buildable_id (GTK_BUILDABLE (w))
                                            : NULL;

      g_string_prepend (path, id != NULL ? id : G_OBJECT_TYPE_NAME (w));
      g_string_prepend (path, "/");
      if (id != NULL && g_str_has_suffix (id, "_view"))
        break;
    }
  if (GTK_IS_BUTTON (widget) && gtk_button_get_label (GTK_BUTTON (widget)) != NULL)
    g_string_append_printf (path, " “%s”", gtk_button_get_label (GTK_BUTTON (widget)));
  if (gtk_widget_get_tooltip_text (widget) != NULL)
    g_string_append_printf (path, " (%s)", gtk_widget_get_tooltip_text (widget));

  return g_string_free (path, FALSE);
}

static void
tab_through (Fixture    *fixture,
             const char *view_name)
{
  g_autoptr(GPtrArray) controls = g_ptr_array_new ();
  g_autoptr(GPtrArray) focused = g_ptr_array_new ();
  GtkWidget *window = GTK_WIDGET (fixture->window);
  AdwViewStack *stack;
  GtkWidget *view;
  guint missing = 0;

  tix_window_show_view (fixture->window, view_name);
  tix_app_test_spin (300);
  gtk_test_widget_wait_for_draw (window);

  stack = ADW_VIEW_STACK (tix_app_test_find (window, "view_stack"));
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, view_name);
  view = adw_view_stack_get_visible_child (stack);
  g_assert_nonnull (view);
  g_assert_true (gtk_widget_get_mapped (view));
  /* The view and the header bar above it. */
  collect_controls (window, controls);
  g_assert_cmpuint (controls->len, >, 0);

  /* Tab, as a user would, long enough to go round the window twice. */
  gtk_window_set_focus (GTK_WINDOW (window), NULL);
  for (guint i = 0; i < 400; i++)
    {
      GtkWidget *focus;

      if (!gtk_widget_child_focus (window, GTK_DIR_TAB_FORWARD))
        continue;
      tix_app_test_spin (5);
      focus = gtk_root_get_focus (GTK_ROOT (window));
      if (focus != NULL && !g_ptr_array_find (focused, focus, NULL))
        g_ptr_array_add (focused, focus);
      /* The focus stays in the window and on the view shown. */
      g_assert_cmpstr (tix_window_get_page (fixture->window), ==, "main");
    }

  for (guint i = 0; i < controls->len; i++)
    {
      GtkWidget *control = g_ptr_array_index (controls, i);

      g_autofree char *name = describe (control);

      if (!reached (control, focused))
        {
          g_test_message ("%s view: Tab never reaches %s", view_name, name);
          missing++;
        }
      else
        g_test_message ("%s view: Tab reaches %s", view_name, name);
    }
  g_test_message ("%s view: %u controls, %u reached by Tab", view_name,
                  controls->len, controls->len - missing);
  g_assert_cmpuint (missing, ==, 0);
}

static void
test_tab_generate (Fixture *fixture, gconstpointer user_data)
{
  tab_through (fixture, "generate");
}

static void
test_tab_tickets (Fixture *fixture, gconstpointer user_data)
{
  GtkWidget *view = tix_app_test_find (GTK_WIDGET (fixture->window), "generate_view");

  /* A list to move through. */
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (tix_app_test_find (view, "count_spin")), 5);
  g_assert_true (gtk_widget_activate_action (view, "generate.run", NULL));
  TIX_APP_TEST_WAIT (!tix_generate_view_get_busy (TIX_GENERATE_VIEW (view)), 30);

  tab_through (fixture, "tickets");
}

static void
test_tab_scan (Fixture *fixture, gconstpointer user_data)
{
  tab_through (fixture, "scan");
}

static void
test_tab_reports (Fixture *fixture, gconstpointer user_data)
{
  tab_through (fixture, "reports");
}

/* Ctrl+1 … Ctrl+4 are the views, through the application's accels. */
/* The shortcuts window opens on one page, without a GTK warning (fatal in
 * this suite: GTK 4.8's page switcher reported a width of -3). */
static void
test_shortcuts_window (Fixture       *fixture,
                       gconstpointer  user_data)
{
  GtkWindow *shortcuts = NULL;

  g_action_group_activate_action (G_ACTION_GROUP (fixture->app), "shortcuts", NULL);
  for (guint tries = 0; shortcuts == NULL && tries < 300; tries++)
    {
      tix_app_test_spin (10);
      g_autoptr(GListModel) toplevels = gtk_window_get_toplevels ();

      g_object_ref (toplevels);
      for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
        {
          g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

          if (GTK_IS_SHORTCUTS_WINDOW (window) && gtk_widget_get_mapped (GTK_WIDGET (window)))
            shortcuts = window;
        }
    }
  g_assert_nonnull (shortcuts);
  tix_app_test_spin (300);
  gtk_window_close (shortcuts);
}

static void
test_view_shortcuts (Fixture       *fixture,
                     gconstpointer  user_data)
{
  static const struct { const char *accel; const char *view; } views[] = {
    { "<Control>2", "tickets" },
    { "<Control>3", "scan" },
    { "<Control>4", "reports" },
    { "<Control>1", "generate" },
  };
  GtkApplication *app = GTK_APPLICATION (fixture->app);

  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    {
      g_auto(GStrv) actions = gtk_application_get_actions_for_accel (app, views[i].accel);
      g_autofree char *name = NULL;
      g_autoptr(GVariant) target = NULL;
      g_autoptr(GError) error = NULL;
      AdwViewStack *stack =
        ADW_VIEW_STACK (tix_app_test_find (GTK_WIDGET (fixture->window), "view_stack"));

      g_assert_nonnull (actions);
      g_assert_cmpuint (g_strv_length (actions), ==, 1);
      g_assert_true (g_action_parse_detailed_name (actions[0], &name, &target, &error));
      g_assert_no_error (error);
      g_assert_true (g_str_has_prefix (name, "win."));
      g_action_group_activate_action (G_ACTION_GROUP (fixture->window), name + 4, target);
      tix_app_test_spin (100);

      g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, views[i].view);
      g_assert_true (gtk_widget_get_mapped (adw_view_stack_get_visible_child (stack)));
    }
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  tix_app_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/tix/app/keyboard/tab/generate", test_tab_generate);
  ADD ("/tix/app/keyboard/tab/tickets", test_tab_tickets);
  ADD ("/tix/app/keyboard/tab/scan", test_tab_scan);
  ADD ("/tix/app/keyboard/tab/reports", test_tab_reports);
  ADD ("/tix/app/keyboard/view-shortcuts", test_view_shortcuts);
  ADD ("/tix/app/keyboard/shortcuts-window", test_shortcuts_window);

#undef ADD

  ret = g_test_run ();
  tix_app_test_cleanup ();

  return ret;
}
