/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tix-sheet.h"

G_BEGIN_DECLS

/* For TixSheetWriter: a page in two steps, so that the QR codes of the next
 * page can be encoded on another thread while this one is drawn. */

/* The QR codes of @tickets (opaque, freed with g_ptr_array_unref), or NULL
 * with @error set. Touches neither the sheet's text nor cairo: any thread. */
GPtrArray *tix_sheet_encode_codes         (TixSheet           *self,
                                           TixTicket * const  *tickets,
                                           guint               n_tickets,
                                           GError            **error);
gboolean   tix_sheet_draw_page_with_codes (TixSheet           *self,
                                           cairo_t            *cr,
                                           TixTicket * const  *tickets,
                                           GPtrArray          *codes,
                                           guint               n_tickets,
                                           GError            **error);

G_END_DECLS
