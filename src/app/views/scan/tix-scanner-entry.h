/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define TIX_TYPE_SCANNER_ENTRY (tix_scanner_entry_get_type ())

G_DECLARE_FINAL_TYPE (TixScannerEntry, tix_scanner_entry, TIX, SCANNER_ENTRY, GtkEntry)

/* The entry a keyboard-wedge scanner types into (or a person types a
 * ticket number into). Its text is taken, and the entry emptied, on Enter,
 * on Tab (some scanners end with it), or, for a scanner that sends no
 * Enter, once the keys have been quiet for "quiet-interval" ms when every
 * character came from a key of its own at scanner speed. A person typing,
 * and text a paste puts in, wait for Enter.
 *
 * Ctrl+Z activates "scan.undo" (the entry's own undo would bring the last
 * code back); Ctrl+Y does nothing.
 *
 * Property "quiet-interval" (guint, ms, default 300).
 * Signal "code" (const char *text): the text taken. */
GtkWidget *tix_scanner_entry_new (void);

G_END_DECLS
