/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Signed ticket codes: what a QR code or a keyboard-wedge scanner delivers.
 * See docs/ticket-codes.md for the format. */

#define TIX_TICKET_CODE_ERROR (tix_ticket_code_error_quark ())

typedef enum
{
  TIX_TICKET_CODE_ERROR_MALFORMED,  /* not a ticket code at all */
  TIX_TICKET_CODE_ERROR_VERSION,    /* a code of a format this Tix does not know */
  TIX_TICKET_CODE_ERROR_FORGED,     /* well formed, but the signature does not hold */
} TixTicketCodeError;

#define TIX_TICKET_CODE_PUBLIC_KEY_BYTES 32
#define TIX_TICKET_CODE_SECRET_KEY_BYTES 64
#define TIX_TICKET_CODE_LENGTH           136

GQuark    tix_ticket_code_error_quark  (void);

gboolean  tix_ticket_code_init         (void);
/* A new Ed25519 key pair for an organization. */
void      tix_ticket_code_new_keys     (guint8       public_key[TIX_TICKET_CODE_PUBLIC_KEY_BYTES],
                                        guint8       secret_key[TIX_TICKET_CODE_SECRET_KEY_BYTES]);

/* The code of ticket @id (a UUID) at @revision, signed with @secret_key. */
char     *tix_ticket_code_encode       (const char  *id,
                                        guint32      revision,
                                        const guint8 secret_key[TIX_TICKET_CODE_SECRET_KEY_BYTES]);

/* TRUE when @text looks like a ticket code (right length and alphabet), so a
 * caller can tell a code from a typed ticket number before checking it. */
gboolean  tix_ticket_code_is_code      (const char  *text);

/* Checks @text against @public_key; on success returns the ticket id (a UUID
 * string) and its revision. Surrounding white space and case are ignored. */
char     *tix_ticket_code_decode       (const char  *text,
                                        const guint8 public_key[TIX_TICKET_CODE_PUBLIC_KEY_BYTES],
                                        guint32     *out_revision,
                                        GError     **error);

G_END_DECLS
