/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tix-sheet.h"
#include "tix-ticket-code.h"

G_BEGIN_DECLS

/* Tickets with real signed codes, numbered @prefix-000001 on, made with a
 * fresh key pair whose public half is returned in @public_key. */
GPtrArray *tix_sheet_test_tickets        (const char *prefix,
                                          guint       count,
                                          const char *extra,
                                          guint8      public_key[TIX_TICKET_CODE_PUBLIC_KEY_BYTES]);
/* Rasterizes @pdf at 150 dpi (pdftoppm) and decodes every QR code of every
 * page (zbarimg): the payloads, in no particular order. */
GPtrArray *tix_sheet_test_decode_pdf     (GBytes     *pdf,
                                          guint      *out_n_pages);
/* The text of each page of @pdf (pdftotext, in reading order), one
 * string a page. */
GStrv      tix_sheet_test_pdf_pages      (GBytes     *pdf);
/* Asserts that @payloads are valid codes of @public_key naming each of
 * @tickets exactly once, and nothing else. */
void       tix_sheet_test_assert_codes   (GPtrArray    *payloads,
                                          GPtrArray    *tickets,
                                          const guint8  public_key[TIX_TICKET_CODE_PUBLIC_KEY_BYTES]);

G_END_DECLS
