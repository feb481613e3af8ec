/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <gio/gio.h>

#include "tix-ticket.h"

G_BEGIN_DECLS

/* Ticket sheets: tickets laid out on pages (A4 and Letter grids with cut
 * marks, or one ticket a page for 80 mm thermal rolls), each with its QR
 * code, number, organization and event names, extra text and dates.
 *
 * Lengths are in PostScript points (1/72 inch): a page is drawn on a cairo_t
 * whose user space is the page, origin at its top left corner. */

#define TIX_SHEET_ERROR (tix_sheet_error_quark ())

typedef enum
{
  TIX_SHEET_ERROR_LAYOUT,   /* not one of tix_sheet_layouts () */
  TIX_SHEET_ERROR_EMPTY,    /* no tickets: no sheet (never an empty PDF) */
  TIX_SHEET_ERROR_CODE,     /* a ticket without a code, or one too long to print */
  TIX_SHEET_ERROR_FAILED,   /* cairo failed (out of memory, write error, …) */
} TixSheetError;

#define TIX_SHEET_MM (72.0 / 25.4)

/* QR codes: error correction M, a quiet zone of four modules, modules of at
 * least this size. A ticket code (136 symbols, all in the QR alphanumeric
 * set: 761 bits) is a version 6 code at level M (864 bits): 41 modules, 49
 * with the quiet zone, so 36.75 mm at the smallest module. */
#define TIX_SHEET_QR_MIN_MODULE_MM  0.75
#define TIX_SHEET_QR_QUIET_MODULES  4
#define TIX_SHEET_QR_CODE_MODULES   41

#define TIX_TYPE_SHEET (tix_sheet_get_type ())

G_DECLARE_FINAL_TYPE (TixSheet, tix_sheet, TIX, SHEET, GObject)

GQuark      tix_sheet_error_quark            (void);

/* @layout: one of tix_sheet_layouts (); NULL or unknown fails. */
TixSheet   *tix_sheet_new                    (const char  *layout,
                                              GError     **error);

const char *tix_sheet_get_layout             (TixSheet    *self);
const char *tix_sheet_get_organization_name  (TixSheet    *self);
void        tix_sheet_set_organization_name  (TixSheet    *self,
                                              const char  *name);
const char *tix_sheet_get_event_name         (TixSheet    *self);
void        tix_sheet_set_event_name         (TixSheet    *self,
                                              const char  *name);
/* "YYYY-MM-DD" or NULL. */
const char *tix_sheet_get_event_date         (TixSheet    *self);
void        tix_sheet_set_event_date         (TixSheet    *self,
                                              const char  *date);
/* The name and date ("YYYY-MM-DD" or NULL) that tickets of @event_id
 * print: on a sheet of several events each ticket shows its own event's.
 * A ticket of an event not set here (or of none: 0) prints the sheet's
 * event-name and event-date. Set before drawing. */
void        tix_sheet_set_event              (TixSheet    *self,
                                              gint64       event_id,
                                              const char  *name,
                                              const char  *date);
/* What @ticket prints: its event's name and date; TRUE when they are its
 * own event's (set with tix_sheet_set_event ()), FALSE for the sheet's. */
gboolean    tix_sheet_get_ticket_event       (TixSheet    *self,
                                              TixTicket   *ticket,
                                              const char **out_name,
                                              const char **out_date);
/* IANA name the generation times are shown in; NULL or unknown: UTC. */
const char *tix_sheet_get_time_zone          (TixSheet    *self);
void        tix_sheet_set_time_zone          (TixSheet    *self,
                                              const char  *time_zone);

double      tix_sheet_get_page_width         (TixSheet    *self);
double      tix_sheet_get_page_height        (TixSheet    *self);
guint       tix_sheet_get_columns            (TixSheet    *self);
guint       tix_sheet_get_rows               (TixSheet    *self);
guint       tix_sheet_get_tickets_per_page   (TixSheet    *self);
guint       tix_sheet_get_n_pages            (TixSheet    *self,
                                              guint        n_tickets);
/* The page margin, where nothing but cut marks is drawn. */
double      tix_sheet_get_margin             (TixSheet    *self);
/* The size of a QR module of a ticket code on this layout. */
double      tix_sheet_get_module_size        (TixSheet    *self);
/* Where ticket @index (0 .. tickets_per_page - 1) goes on a page. */
void        tix_sheet_get_cell               (TixSheet    *self,
                                              guint        index,
                                              double      *x,
                                              double      *y,
                                              double      *width,
                                              double      *height);

/* Draws one page: @tickets (1 .. tickets_per_page of them) in their cells,
 * and the cut marks. Fails, drawing nothing, when a ticket has no code or one
 * that does not fit its QR area. */
gboolean    tix_sheet_draw_page              (TixSheet    *self,
                                              cairo_t     *cr,
                                              TixTicket  * const *tickets,
                                              guint        n_tickets,
                                              GError     **error);

/* Convenience: the whole PDF of @tickets (TixTicket) in memory, rendered
 * page by page through TixSheetWriter. */
GBytes     *tix_sheet_render_pdf             (TixSheet     *self,
                                              GPtrArray    *tickets,
                                              GCancellable *cancellable,
                                              GError      **error);

G_END_DECLS
