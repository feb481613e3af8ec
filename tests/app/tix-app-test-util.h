/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Points XDG_DATA_HOME, XDG_CONFIG_HOME and XDG_CACHE_HOME at a fresh
 * temporary folder (so the user's own database is never touched), uses the
 * settings schema of the build folder with the memory backend, then
 * initializes GTest, GTK and libadwaita. Returns the temporary folder. */
const char *tix_app_test_init       (int         *argc,
                                     char      ***argv);
/* The same without GTest and without initializing GTK. */
const char *tix_app_test_setup_environment (void);
/* Removes the temporary folder. */
void        tix_app_test_cleanup    (void);

/* Makes sure a Secret Service runs on the session bus, starting an unlocked
 * gnome-keyring with its files in the temporary folder if none does.
 * Returns NULL when one runs, else why not (for g_test_skip). */
char       *tix_app_test_ensure_secret_service (void);

/* Spins the default main context until @condition holds, failing the test
 * after @timeout_seconds. */
void        tix_app_test_wait       (gboolean   (*condition) (gpointer data),
                                     gpointer     data,
                                     guint        timeout_seconds,
                                     const char  *what);
/* Spins the main context for @ms milliseconds. */
void        tix_app_test_spin       (guint        ms);

/* The descendant of @root whose id in a .ui file is @id (template children
 * keep their ids), or NULL. */
GtkWidget  *tix_app_test_find       (GtkWidget   *root,
                                     const char  *id);
/* The descendant of @root (or @root) whose widget name is @name, or NULL. */
GtkWidget  *tix_app_test_find_named (GtkWidget   *root,
                                     const char  *name);
/* The button under @root labelled @label, or NULL. */
GtkWidget  *tix_app_test_find_button (GtkWidget  *root,
                                      const char *label);
/* A message dialog's answer @response, clicked as a person does: its
 * button, which must be there and sensitive. */
void        tix_app_test_click_response (AdwMessageDialog *dialog,
                                         const char       *response);

/* A window for a widget under test: it shows no toasts, but the toasts of
 * its widgets (tix_widget_add_toast ()) come out as its "toast-added"
 * (AdwToast *) signal, as the main window's do. */
GtkWindow  *tix_app_test_toast_window_new (void);

/* Renders @widget (a realized, mapped toplevel) to a PNG at @path. */
gboolean    tix_app_test_save_png   (GtkWidget   *widget,
                                     const char  *path,
                                     GError     **error);

#define TIX_APP_TEST_WAIT(expr, timeout) \
  G_STMT_START { \
    gint64 _tix_end = g_get_monotonic_time () + (gint64) (timeout) * G_USEC_PER_SEC; \
    while (!(expr)) \
      { \
        if (g_get_monotonic_time () > _tix_end) \
          g_error ("%s:%d: timed out waiting for %s", __FILE__, __LINE__, #expr); \
        tix_app_test_spin (10); \
      } \
  } G_STMT_END

G_END_DECLS
