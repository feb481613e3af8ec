/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-ticket-code"

#include "config.h"

#include <sodium.h>
#include <string.h>

#include "tix-ticket-code.h"

/* 32 symbols, 5 bits each: digits and capitals without I and O (read as 1 and
 * 0) and without Y and Z (swapped between QWERTY and QWERTZ keyboards). All of
 * them are in the QR alphanumeric set. */
static const char alphabet[] = "0123456789ABCDEFGHJKLMNPQRSTUVWX";

#define VERSION        1
#define UUID_BYTES     16
#define PAYLOAD_BYTES  (1 + UUID_BYTES + 4)
#define CODE_BYTES     (PAYLOAD_BYTES + crypto_sign_BYTES)
#define DOMAIN         "tix-ticket-code-v1"

G_STATIC_ASSERT (CODE_BYTES * 8 / 5 == TIX_TICKET_CODE_LENGTH);
G_STATIC_ASSERT ((CODE_BYTES * 8) % 5 == 0);
G_STATIC_ASSERT (TIX_TICKET_CODE_PUBLIC_KEY_BYTES == crypto_sign_PUBLICKEYBYTES);
G_STATIC_ASSERT (TIX_TICKET_CODE_SECRET_KEY_BYTES == crypto_sign_SECRETKEYBYTES);

G_DEFINE_QUARK (tix-ticket-code-error-quark, tix_ticket_code_error)

gboolean
tix_ticket_code_init (void)
{
  return sodium_init () >= 0;
}

void
tix_ticket_code_new_keys (guint8 public_key[TIX_TICKET_CODE_PUBLIC_KEY_BYTES],
                          guint8 secret_key[TIX_TICKET_CODE_SECRET_KEY_BYTES])
{
  tix_ticket_code_init ();
  crypto_sign_keypair (public_key, secret_key);
}

static int
symbol_value (char c)
{
  c = g_ascii_toupper (c);
  for (int i = 0; i < 32; i++)
    if (alphabet[i] == c)
      return i;
  return -1;
}

static void
encode_symbols (const guint8 *bytes,
                char         *out)
{
  guint32 buffer = 0;
  int bits = 0;
  gsize n = 0;

  for (gsize i = 0; i < CODE_BYTES; i++)
    {
      buffer = (buffer << 8) | bytes[i];
      bits += 8;
      while (bits >= 5)
        {
          out[n++] = alphabet[(buffer >> (bits - 5)) & 31];
          bits -= 5;
        }
    }
  out[n] = '\0';
}

static gboolean
decode_symbols (const char *text,
                guint8     *bytes)
{
  guint32 buffer = 0;
  int bits = 0;
  gsize n = 0;

  for (gsize i = 0; i < TIX_TICKET_CODE_LENGTH; i++)
    {
      int value = symbol_value (text[i]);

      if (value < 0)
        return FALSE;
      buffer = (buffer << 5) | (guint32) value;
      bits += 5;
      if (bits >= 8)
        {
          bytes[n++] = (buffer >> (bits - 8)) & 0xff;
          bits -= 8;
        }
    }
  return n == CODE_BYTES;
}

static gboolean
uuid_to_bytes (const char *id,
               guint8      bytes[UUID_BYTES])
{
  gsize n = 0;

  if (!g_uuid_string_is_valid (id))
    return FALSE;

  for (const char *p = id; *p && n < UUID_BYTES; p++)
    {
      if (*p == '-')
        continue;
      bytes[n++] = (guint8) (g_ascii_xdigit_value (p[0]) << 4 | g_ascii_xdigit_value (p[1]));
      p++;
    }
  return n == UUID_BYTES;
}

static char *
uuid_from_bytes (const guint8 bytes[UUID_BYTES])
{
  return g_strdup_printf ("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                          bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5],
                          bytes[6], bytes[7], bytes[8], bytes[9], bytes[10], bytes[11],
                          bytes[12], bytes[13], bytes[14], bytes[15]);
}

/* What is signed: a domain string, then the payload, so a signature made for
 * anything else never passes for a ticket. */
static void
signed_message (const guint8 payload[PAYLOAD_BYTES],
                guint8       message[sizeof DOMAIN - 1 + PAYLOAD_BYTES])
{
  memcpy (message, DOMAIN, sizeof DOMAIN - 1);
  memcpy (message + sizeof DOMAIN - 1, payload, PAYLOAD_BYTES);
}

char *
tix_ticket_code_encode (const char   *id,
                        guint32       revision,
                        const guint8  secret_key[TIX_TICKET_CODE_SECRET_KEY_BYTES])
{
  guint8 bytes[CODE_BYTES];
  guint8 message[sizeof DOMAIN - 1 + PAYLOAD_BYTES];
  char *text;

  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (secret_key != NULL, NULL);

  bytes[0] = VERSION;
  if (!uuid_to_bytes (id, bytes + 1))
    g_return_val_if_reached (NULL);
  bytes[17] = (revision >> 24) & 0xff;
  bytes[18] = (revision >> 16) & 0xff;
  bytes[19] = (revision >> 8) & 0xff;
  bytes[20] = revision & 0xff;

  signed_message (bytes, message);
  crypto_sign_detached (bytes + PAYLOAD_BYTES, NULL, message, sizeof message, secret_key);

  text = g_malloc (TIX_TICKET_CODE_LENGTH + 1);
  encode_symbols (bytes, text);
  return text;
}

/* Strips surrounding white space; NULL if what is left is not code-shaped. */
static const char *
trim (const char *text,
      gsize      *out_length)
{
  const char *end;

  while (g_ascii_isspace (*text))
    text++;
  end = text + strlen (text);
  while (end > text && g_ascii_isspace (end[-1]))
    end--;

  *out_length = (gsize) (end - text);
  return text;
}

gboolean
tix_ticket_code_is_code (const char *text)
{
  gsize length;

  if (text == NULL)
    return FALSE;

  text = trim (text, &length);
  if (length != TIX_TICKET_CODE_LENGTH)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    if (symbol_value (text[i]) < 0)
      return FALSE;
  return TRUE;
}

char *
tix_ticket_code_decode (const char   *text,
                        const guint8  public_key[TIX_TICKET_CODE_PUBLIC_KEY_BYTES],
                        guint32      *out_revision,
                        GError      **error)
{
  guint8 bytes[CODE_BYTES];
  guint8 message[sizeof DOMAIN - 1 + PAYLOAD_BYTES];
  gsize length;

  g_return_val_if_fail (public_key != NULL, NULL);

  if (text == NULL)
    goto malformed;

  text = trim (text, &length);
  if (length != TIX_TICKET_CODE_LENGTH || !decode_symbols (text, bytes))
    goto malformed;

  if (bytes[0] != VERSION)
    {
      g_set_error (error, TIX_TICKET_CODE_ERROR, TIX_TICKET_CODE_ERROR_VERSION,
                   "Ticket code of an unknown format (version %u)", bytes[0]);
      return NULL;
    }

  signed_message (bytes, message);
  if (crypto_sign_verify_detached (bytes + PAYLOAD_BYTES, message, sizeof message,
                                   public_key) != 0)
    {
      g_set_error_literal (error, TIX_TICKET_CODE_ERROR, TIX_TICKET_CODE_ERROR_FORGED,
                           "Ticket code is forged or damaged");
      return NULL;
    }

  if (out_revision != NULL)
    *out_revision = (guint32) bytes[17] << 24 | (guint32) bytes[18] << 16 |
                    (guint32) bytes[19] << 8 | bytes[20];
  return uuid_from_bytes (bytes + 1);

malformed:
  g_set_error_literal (error, TIX_TICKET_CODE_ERROR, TIX_TICKET_CODE_ERROR_MALFORMED,
                       "Not a ticket code");
  return NULL;
}
