/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "tix-sheet.h"

G_BEGIN_DECLS

/* Writes a sheet as PDF to a stream, page by page: tickets are held only
 * until their page is full, then drawn, shown and let go, so the memory a
 * sheet takes does not grow with its tickets. Used from one thread at a time
 * (any thread: no GTK, no main context). */

#define TIX_TYPE_SHEET_WRITER (tix_sheet_writer_get_type ())

G_DECLARE_FINAL_TYPE (TixSheetWriter, tix_sheet_writer, TIX, SHEET_WRITER, GObject)

/* Nothing is written to @stream before the first ticket is added. The writer
 * does not close @stream. */
TixSheetWriter *tix_sheet_writer_new           (TixSheet        *sheet,
                                                GOutputStream   *stream);
TixSheet       *tix_sheet_writer_get_sheet     (TixSheetWriter  *self);
gboolean        tix_sheet_writer_add           (TixSheetWriter  *self,
                                                TixTicket       *ticket,
                                                GCancellable    *cancellable,
                                                GError         **error);
/* Finishes the last page and the PDF. Without tickets it fails with
 * TIX_SHEET_ERROR_EMPTY, having written nothing. */
gboolean        tix_sheet_writer_close         (TixSheetWriter  *self,
                                                GCancellable    *cancellable,
                                                GError         **error);
guint           tix_sheet_writer_get_n_tickets (TixSheetWriter  *self);
guint           tix_sheet_writer_get_n_pages   (TixSheetWriter  *self);

G_END_DECLS
