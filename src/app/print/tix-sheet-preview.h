/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "tix-sheet.h"

G_BEGIN_DECLS

/* The print preview: every page of a sheet, drawn by the sheet library into
 * a scrolled list (only the pages in view are drawn). GTK 4.8's own preview
 * needs evince. */

#define TIX_TYPE_SHEET_PREVIEW (tix_sheet_preview_get_type ())

G_DECLARE_FINAL_TYPE (TixSheetPreview, tix_sheet_preview, TIX, SHEET_PREVIEW, AdwWindow)

/* @tickets: element-type TixTicket, not empty. */
TixSheetPreview *tix_sheet_preview_new         (TixSheet        *sheet,
                                                GPtrArray       *tickets);
guint            tix_sheet_preview_get_n_pages (TixSheetPreview *self);

G_END_DECLS
