/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define TIX_TYPE_SCAN_PREFIXES_ENTRY (tix_scan_prefixes_entry_get_type ())

G_DECLARE_FINAL_TYPE (TixScanPrefixesEntry, tix_scan_prefixes_entry, TIX, SCAN_PREFIXES_ENTRY,
                      GtkEntry)

/* The prefixes a door admits, as typed: "FRI, VIP" (commas, semicolons or
 * spaces between them); empty admits all.
 * Signal "done": the person is done with it, by Enter or by leaving it a
 * few seconds without typing while it has the focus (so that the scanner
 * does not type into it). */
char  **tix_scan_prefixes_entry_get_prefixes (TixScanPrefixesEntry *self);

G_END_DECLS
