/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "tix-client.h"
#include "tix-season.h"

G_BEGIN_DECLS

/* The station's ticket printer at the desk. The printer and the layout (an
 * 80 mm roll, or a sheet) are chosen once in Preferences and kept in
 * GSettings ("desk-print-settings", GtkPrintSettings as a GVariant, and
 * "desk-layout"); the tickets of a sale then print on it at once, with no
 * dialog. A printer that has gone is an error (TIX_DESK_PRINTER_ERROR_GONE),
 * said before anything is sent, so the caller keeps the sale and offers to
 * print again. */

#define TIX_DESK_PRINTER_ERROR (tix_desk_printer_error_quark ())

typedef enum
{
  TIX_DESK_PRINTER_ERROR_NOT_CHOSEN, /* no printer chosen in Preferences */
  TIX_DESK_PRINTER_ERROR_GONE,       /* the chosen printer is not there */
  TIX_DESK_PRINTER_ERROR_FAILED,     /* GTK could not print */
} TixDeskPrinterError;

GQuark tix_desk_printer_error_quark (void);

#define TIX_TYPE_DESK_PRINTER (tix_desk_printer_get_type ())

G_DECLARE_FINAL_TYPE (TixDeskPrinter, tix_desk_printer, TIX, DESK_PRINTER, GObject)

/* @settings: the app's settings (schema org.gnome.Tix). */
TixDeskPrinter   *tix_desk_printer_new                 (GSettings           *settings);

/* The chosen printer's name, or NULL when none is chosen. */
char             *tix_desk_printer_dup_printer_name    (TixDeskPrinter      *self);
/* Chooses @name (NULL or "": none) and keeps it; the printer's other
 * settings are those GTK gives it. */
void              tix_desk_printer_set_printer_name    (TixDeskPrinter      *self,
                                                        const char          *name);
/* The layout the tickets print on: one of tix_sheet_layouts (). */
char             *tix_desk_printer_dup_layout          (TixDeskPrinter      *self);

/* The printers GTK knows of (GtkPrinter), the list growing as each print
 * backend answers. */
GListModel       *tix_desk_printer_list_printers       (void);

/* Prints @tickets (element-type TixTicket), with the organization's names
 * read through @client, on the chosen printer, with no dialog. Finishes once
 * the job is handed to the printer. */
void              tix_desk_printer_print_tickets_async (TixDeskPrinter      *self,
                                                        TixClient           *client,
                                                        GPtrArray           *tickets,
                                                        GtkWindow           *parent,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
gboolean          tix_desk_printer_print_tickets_finish (TixDeskPrinter     *self,
                                                         GAsyncResult       *result,
                                                         GError            **error);

/* The events the tickets are of (the window's): each prints its own
 * event's name and date. NULL: the organization's current event's. */
void              tix_desk_printer_set_season          (TixDeskPrinter      *self,
                                                        TixSeason           *season);
/* The paper a receipt or a cash-up prints on at this desk: "roll-80"
 * when the tickets print on the roll, else "a4" (TixReceipt's papers). */
char             *tix_desk_printer_dup_paper           (TixDeskPrinter      *self);

/* Prints @pdf (a receipt, a cash-up: TixReceipt's) as it is on the chosen
 * printer, with no dialog; the same errors as for tickets. */
void              tix_desk_printer_print_pdf_async     (TixDeskPrinter      *self,
                                                        const char          *title,
                                                        GBytes              *pdf,
                                                        GtkWindow           *parent,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
gboolean          tix_desk_printer_print_pdf_finish    (TixDeskPrinter      *self,
                                                        GAsyncResult        *result,
                                                        GError             **error);

G_END_DECLS
