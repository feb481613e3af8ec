/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-app-test-util"

#include "config.h"

#include "tix-app-test-util.h"
#include "tix-test-util.h"
#include "tix-toast-host.h"

/* The tests' windows: a toast host that drops what it is given. */
#define TIX_TYPE_APP_TEST_TOAST_WINDOW (tix_app_test_toast_window_get_type ())
G_DECLARE_FINAL_TYPE (TixAppTestToastWindow, tix_app_test_toast_window,
                      TIX, APP_TEST_TOAST_WINDOW, GtkWindow)

struct _TixAppTestToastWindow
{
  GtkWindow parent_instance;
};

static void toast_host_iface_init (TixToastHostInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TixAppTestToastWindow, tix_app_test_toast_window, GTK_TYPE_WINDOW,
                               G_IMPLEMENT_INTERFACE (TIX_TYPE_TOAST_HOST, toast_host_iface_init))

static void
drop_toast (TixToastHost *host,
            AdwToast     *toast)
{
  g_object_unref (toast);
}

static void
toast_host_iface_init (TixToastHostInterface *iface)
{
  iface->add_toast = drop_toast;
}

static void
tix_app_test_toast_window_class_init (TixAppTestToastWindowClass *klass)
{
}

static void
tix_app_test_toast_window_init (TixAppTestToastWindow *self)
{
}

GtkWindow *
tix_app_test_toast_window_new (void)
{
  return g_object_new (TIX_TYPE_APP_TEST_TOAST_WINDOW, NULL);
}

static char *test_dir;

const char *
tix_app_test_setup_environment (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  g_autofree char *config = NULL;
  g_autofree char *cache = NULL;

  test_dir = g_dir_make_tmp ("tix-app-test-XXXXXX", &error);
  g_assert_no_error (error);

  data = g_build_filename (test_dir, "data", NULL);
  config = g_build_filename (test_dir, "config", NULL);
  cache = g_build_filename (test_dir, "cache", NULL);
  g_mkdir_with_parents (data, 0700);
  g_mkdir_with_parents (config, 0700);
  g_mkdir_with_parents (cache, 0700);

  /* Before anything reads them: GLib caches the XDG folders. */
  g_setenv ("XDG_DATA_HOME", data, TRUE);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("GSETTINGS_SCHEMA_DIR", TIX_TEST_SCHEMA_DIR, TRUE);
  g_setenv ("NO_AT_BRIDGE", "1", TRUE);
  /* GTK 4's own switch: no accessibility bus to find (or lose to another
   * session's cleanup), the accessible properties still there to check. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  if (g_getenv ("GSK_RENDERER") == NULL)
    g_setenv ("GSK_RENDERER", "cairo", TRUE);

  return test_dir;
}

const char *
tix_app_test_init (int    *argc,
                   char ***argv)
{
  tix_app_test_setup_environment ();

  g_test_init (argc, argv, NULL);
  gtk_init ();
  adw_init ();

  /* Several test programs may share one Xvfb: a blinking cursor in a window
   * that lost the X focus to another program only makes noise. */
  g_object_set (gtk_settings_get_default (),
                "gtk-cursor-blink", FALSE,
                "gtk-enable-animations", FALSE,
                NULL);

  return test_dir;
}

void
tix_app_test_cleanup (void)
{
  if (test_dir != NULL)
    tix_test_remove_tree (test_dir);
  g_clear_pointer (&test_dir, g_free);
}

char *
tix_app_test_ensure_secret_service (void)
{
  g_autofree char *keyring_dir = g_build_filename (test_dir, "keyring", NULL);

  /* Its files in our temporary folder, never in the user's keyrings. */
  return tix_test_ensure_secret_service (keyring_dir);
}

static gboolean
wake_up (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

static gboolean
time_is_up (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

void
tix_app_test_spin (guint ms)
{
  gboolean done = FALSE;
  guint id = g_timeout_add (ms, time_is_up, &done);

  while (!done)
    g_main_context_iteration (NULL, TRUE);

  (void) id;
}

void
tix_app_test_wait (gboolean   (*condition) (gpointer data),
                   gpointer     data,
                   guint        timeout_seconds,
                   const char  *what)
{
  gint64 end = g_get_monotonic_time () + (gint64) timeout_seconds * G_USEC_PER_SEC;
  guint id = g_timeout_add (10, wake_up, NULL);

  while (!condition (data))
    {
      if (g_get_monotonic_time () > end)
        g_error ("Timed out waiting for %s", what);
      g_main_context_iteration (NULL, TRUE);
    }

  g_source_remove (id);
}

GtkWidget *
tix_app_test_find (GtkWidget  *root,
                   const char *id)
{
  const char *root_id;

  g_return_val_if_fail (GTK_IS_WIDGET (root), NULL);

  root_id = gtk_buildable_get_buildable_id (GTK_BUILDABLE (root));
  if (g_strcmp0 (root_id, id) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = tix_app_test_find (child, id);

      if (found != NULL)
        return found;
    }

  return NULL;
}

gboolean
tix_app_test_save_png (GtkWidget   *widget,
                       const char  *path,
                       GError     **error)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer;
  int width, height;

  paintable = gtk_widget_paintable_new (widget);
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  if (width <= 0 || height <= 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Nothing to render: %dx%d", width, height);
      return FALSE;
    }

  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "The widget drew nothing");
      return FALSE;
    }

  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (!gdk_texture_save_to_png (texture, path))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Could not write %s", path);
      return FALSE;
    }

  return TRUE;
}

GtkWidget *
tix_app_test_find_named (GtkWidget  *root,
                         const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = tix_app_test_find_named (c, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

GtkWidget *
tix_app_test_find_button (GtkWidget  *root,
                          const char *label)
{
  if (GTK_IS_BUTTON (root) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (root)), label) == 0)
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = tix_app_test_find_button (c, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

void
tix_app_test_click_response (AdwMessageDialog *dialog,
                             const char       *response)
{
  GtkWidget *button = tix_app_test_find_button (GTK_WIDGET (dialog),
                                                adw_message_dialog_get_response_label (dialog, response));

  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));
  gtk_widget_activate (button);
}
