/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <gio/gio.h>

G_BEGIN_DECLS

/* Receipts and reports of the desk (issue 19): a sale's receipt, a shift's
 * cash-up. A column of lines (a title, text, a label with its amount on
 * the right, rules, totals in bold), drawn with PangoCairo into a PDF: on
 * the 80 mm roll one page as long as its lines, on A4 as many pages as
 * they need. No GTK. */

#define TIX_TYPE_RECEIPT (tix_receipt_get_type ())

G_DECLARE_FINAL_TYPE (TixReceipt, tix_receipt, TIX, RECEIPT, GObject)

/* @paper: "roll-80" or "a4"; anything else is NULL with @error set
 * (TIX_SHEET_ERROR_LAYOUT). */
TixReceipt *tix_receipt_new          (const char  *paper,
                                      GError     **error);
/* "roll-80", "a4". */
const char * const *tix_receipt_papers (void);
const char *tix_receipt_get_paper    (TixReceipt  *self);
void        tix_receipt_add_title    (TixReceipt  *self,
                                      const char  *text);
void        tix_receipt_add_text     (TixReceipt  *self,
                                      const char  *text);
/* @label on the left, @value (NULL: none) on the right. */
void        tix_receipt_add_line     (TixReceipt  *self,
                                      const char  *label,
                                      const char  *value);
/* The same in bold and larger: a total. */
void        tix_receipt_add_total    (TixReceipt  *self,
                                      const char  *label,
                                      const char  *value);
void        tix_receipt_add_rule     (TixReceipt  *self);
guint       tix_receipt_get_n_lines  (TixReceipt  *self);
/* For printing it oneself (GtkPrintOperation): the page size in points
 * (a roll's page is as long as its lines), the pages, and one page drawn on
 * @cr, whose user space is the page, origin at its top left. */
double      tix_receipt_get_page_width  (TixReceipt *self);
double      tix_receipt_get_page_height (TixReceipt *self);
guint       tix_receipt_get_n_pages     (TixReceipt *self);
void        tix_receipt_draw_page       (TixReceipt *self,
                                         cairo_t    *cr,
                                         guint       page);
/* The PDF; without lines TIX_SHEET_ERROR_EMPTY. */
GBytes     *tix_receipt_render_pdf   (TixReceipt  *self,
                                      GError     **error);

G_END_DECLS
