/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer: the ticket code decoder, on what a QR code or a keyboard-wedge
 * scanner may deliver. Half the inputs are read as a code as they are; the
 * other half are laid over a real code (so the signature check is reached). */
#include "config.h"

#include <sodium.h>
#include <string.h>

#include "tix-ticket-code.h"
#include "tix-validate.h"

static guint8 public_key[TIX_TICKET_CODE_PUBLIC_KEY_BYTES];
static guint8 secret_key[TIX_TICKET_CODE_SECRET_KEY_BYTES];
static char *valid_code;

#define VALID_ID "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b"

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  guint8 seed[crypto_sign_SEEDBYTES] = { 0 };

  g_assert (tix_ticket_code_init ());
  memcpy (seed, "tix fuzz fixed key seed", 23);
  crypto_sign_seed_keypair (public_key, secret_key, seed);
  valid_code = tix_ticket_code_encode (VALID_ID, 7, secret_key);
  g_assert (strlen (valid_code) == TIX_TICKET_CODE_LENGTH);
  return 0;
}

static void
check (const char *text)
{
  GError *error = NULL;
  guint32 revision = 0;
  char *id;
  gboolean is_code = tix_ticket_code_is_code (text);

  id = tix_ticket_code_decode (text, public_key, &revision, &error);
  g_assert ((id == NULL) == (error != NULL));
  if (id != NULL)
    {
      /* Only one code was ever signed: anything that decodes is that one
       * ticket at that revision (anything else is a forgery let through). */
      g_assert (is_code);
      g_assert (tix_validate_uuid (id));
      g_assert (strcmp (id, VALID_ID) == 0);
      g_assert (revision == 7);
      g_free (id);
    }
  g_clear_error (&error);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  char *text;

  if (size > 0 && (data[0] & 1))
    {
      /* Overlay: pairs of (position, byte) over the valid code. */
      text = g_strdup (valid_code);
      for (size_t i = 1; i + 1 < size; i += 2)
        {
          size_t at = data[i] % TIX_TICKET_CODE_LENGTH;
          text[at] = (char) data[i + 1];
        }
      /* A NUL written in the middle shortens it, which is fine. */
      check (text);
      g_free (text);
    }

  text = g_strndup ((const char *) data, size);
  check (text);
  g_free (text);
  return 0;
}
