/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-test-keys"

#include "config.h"

#include <gdk/x11/gdkx.h>

#include "tix-test-keys.h"

char *
tix_test_keys_unavailable (void)
{
  g_autofree char *xdotool = g_find_program_in_path ("xdotool");

  if (!GDK_IS_X11_DISPLAY (gdk_display_get_default ()))
    return g_strdup ("real keys need an X11 display (run under xvfb-run)");
  if (xdotool == NULL)
    return g_strdup ("real keys need xdotool (scripts/install-deps.sh installs it)");
  return NULL;
}

static void
xdotool_wait (const char * const *argv,
              gboolean            spin)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_NONE, &error);
  g_assert_no_error (error);
  if (spin)
    {
      while (g_subprocess_get_identifier (process) != NULL)
        {
          if (!g_main_context_iteration (NULL, FALSE))
            g_usleep (1000);
        }
    }
  g_assert_true (g_subprocess_wait_check (process, NULL, &error));
  g_assert_no_error (error);
}

void
tix_test_keys_focus (GtkWindow *window)
{
  GdkSurface *surface;
  g_autofree char *xid = NULL;
  gint64 deadline;

  gtk_widget_realize (GTK_WIDGET (window));
  surface = gtk_native_get_surface (GTK_NATIVE (window));
  g_assert_true (GDK_IS_X11_SURFACE (surface));
  xid = g_strdup_printf ("%lu", (gulong) gdk_x11_surface_get_xid (surface));

  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (!gtk_window_is_active (window))
    {
      const char *argv[] = { "xdotool", "windowfocus", "--sync", xid, NULL };

      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      xdotool_wait (argv, TRUE);
      for (guint i = 0; i < 20 && !gtk_window_is_active (window); i++)
        {
          while (g_main_context_iteration (NULL, FALSE))
            ;
          g_usleep (5000);
        }
    }
}

void
tix_test_keys_type (const char *text,
                    guint       delay_ms)
{
  g_autofree char *delay = g_strdup_printf ("%u", delay_ms);
  const char *argv[] = { "xdotool", "type", "--delay", delay, "--", text, NULL };

  xdotool_wait (argv, TRUE);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

void
tix_test_keys_type_blocked (const char *text,
                            guint       delay_ms)
{
  g_autofree char *delay = g_strdup_printf ("%u", delay_ms);
  const char *argv[] = { "xdotool", "type", "--delay", delay, "--", text, NULL };

  xdotool_wait (argv, FALSE);
}

void
tix_test_keys_press (const char *keys)
{
  const char *argv[] = { "xdotool", "key", "--clearmodifiers", keys, NULL };

  xdotool_wait (argv, TRUE);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}
