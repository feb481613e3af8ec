/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Real key events for UI tests: the X server's XTEST extension (through
 * xdotool) types into the window that has the X input focus, so the keys go
 * through GDK, the shortcut controllers and the input method exactly as a
 * keyboard's (or a keyboard-wedge scanner's) do. */

/* NULL when real keys can be sent (X11 display, xdotool installed), else why
 * not (for g_test_skip). */
char     *tix_test_keys_unavailable (void);
/* Gives @window the X input focus and waits until GTK sees it active. */
void      tix_test_keys_focus       (GtkWindow  *window);
/* Types @text with @delay_ms between keys (xdotool waits half of it after
 * a key's press and half after its release), spinning the main context
 * meanwhile, so the view sees the keys as they come. */
void      tix_test_keys_type        (const char *text,
                                     guint       delay_ms);
/* Sends a key combination such as "ctrl+z" or "Return". */
void      tix_test_keys_press       (const char *keys);
/* Types @text while the main context is not run (a busy main thread): GTK
 * gets every key at once afterwards, with the X server's timestamps. */
void      tix_test_keys_type_blocked (const char *text,
                                      guint       delay_ms);

G_END_DECLS
