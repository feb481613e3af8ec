/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "tix-ticket-code.h"

typedef struct
{
  guint8 public_key[TIX_TICKET_CODE_PUBLIC_KEY_BYTES];
  guint8 secret_key[TIX_TICKET_CODE_SECRET_KEY_BYTES];
  char  *id;
  char  *code;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  tix_ticket_code_new_keys (f->public_key, f->secret_key);
  f->id = g_uuid_string_random ();
  f->code = tix_ticket_code_encode (f->id, 7, f->secret_key);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_free (f->id);
  g_free (f->code);
}

static void
test_round_trip (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  guint32 revision = 0;

  g_assert_cmpuint (strlen (f->code), ==, TIX_TICKET_CODE_LENGTH);
  g_assert_true (tix_ticket_code_is_code (f->code));
  for (const char *p = f->code; *p; p++)
    {
      g_assert_true (g_ascii_isdigit (*p) || g_ascii_isupper (*p));
      g_assert_null (strchr ("IOYZ", *p));
    }

  id = tix_ticket_code_decode (f->code, f->public_key, &revision, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (id, ==, f->id);
  g_assert_cmpuint (revision, ==, 7);
}

static void
test_case_and_space (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *lower = g_ascii_strdown (f->code, -1);
  g_autofree char *padded = g_strdup_printf ("  %s\r\n", f->code);
  g_autofree char *id1 = NULL;
  g_autofree char *id2 = NULL;

  id1 = tix_ticket_code_decode (lower, f->public_key, NULL, NULL);
  g_assert_cmpstr (id1, ==, f->id);
  id2 = tix_ticket_code_decode (padded, f->public_key, NULL, NULL);
  g_assert_cmpstr (id2, ==, f->id);
}

static void
test_other_key (Fixture       *f,
                gconstpointer  data)
{
  guint8 public_key[TIX_TICKET_CODE_PUBLIC_KEY_BYTES];
  guint8 secret_key[TIX_TICKET_CODE_SECRET_KEY_BYTES];
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  tix_ticket_code_new_keys (public_key, secret_key);
  id = tix_ticket_code_decode (f->code, public_key, NULL, &error);
  g_assert_null (id);
  g_assert_error (error, TIX_TICKET_CODE_ERROR, TIX_TICKET_CODE_ERROR_FORGED);
}

static void
test_revision_differs (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *other = tix_ticket_code_encode (f->id, 8, f->secret_key);

  g_assert_cmpstr (other, !=, f->code);
}

/* Every single-symbol change is refused, whatever symbol it becomes. */
static void
test_mutations (Fixture       *f,
                gconstpointer  data)
{
  static const char alphabet[] = "0123456789ABCDEFGHJKLMNPQRSTUVWX";

  for (gsize i = 0; i < TIX_TICKET_CODE_LENGTH; i++)
    {
      g_autofree char *mutated = g_strdup (f->code);
      g_autoptr(GError) error = NULL;
      g_autofree char *id = NULL;

      mutated[i] = alphabet[(strchr (alphabet, mutated[i]) - alphabet + 1 + g_test_rand_int_range (0, 30)) % 32];
      id = tix_ticket_code_decode (mutated, f->public_key, NULL, &error);
      g_assert_null (id);
      g_assert_nonnull (error);
      g_assert_true (error->domain == TIX_TICKET_CODE_ERROR);
    }
}

static void
test_truncated (Fixture       *f,
                gconstpointer  data)
{
  for (gsize n = 0; n < TIX_TICKET_CODE_LENGTH; n++)
    {
      g_autofree char *cut = g_strndup (f->code, n);
      g_autoptr(GError) error = NULL;
      g_autofree char *id = tix_ticket_code_decode (cut, f->public_key, NULL, &error);

      g_assert_null (id);
      g_assert_error (error, TIX_TICKET_CODE_ERROR, TIX_TICKET_CODE_ERROR_MALFORMED);
      g_assert_false (tix_ticket_code_is_code (cut));
    }
}

static void
test_random_input (Fixture       *f,
                   gconstpointer  data)
{
  for (int round = 0; round < 2000; round++)
    {
      gsize length = g_test_rand_int_range (0, 200);
      g_autofree char *text = g_malloc (length + 1);
      g_autoptr(GError) error = NULL;
      g_autofree char *id = NULL;

      for (gsize i = 0; i < length; i++)
        text[i] = (char) g_test_rand_int_range (1, 256);
      text[length] = '\0';

      id = tix_ticket_code_decode (text, f->public_key, NULL, &error);
      g_assert_null (id);
      g_assert_nonnull (error);
    }
}

static void
test_ticket_number_is_not_code (void)
{
  g_assert_false (tix_ticket_code_is_code ("VIP-000001"));
  g_assert_false (tix_ticket_code_is_code (""));
  g_assert_false (tix_ticket_code_is_code (NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_assert_true (tix_ticket_code_init ());

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/tix/core/ticket-code/round-trip", test_round_trip);
  ADD ("/tix/core/ticket-code/case-and-space", test_case_and_space);
  ADD ("/tix/core/ticket-code/other-key", test_other_key);
  ADD ("/tix/core/ticket-code/revision", test_revision_differs);
  ADD ("/tix/core/ticket-code/mutations", test_mutations);
  ADD ("/tix/core/ticket-code/truncated", test_truncated);
  ADD ("/tix/core/ticket-code/random", test_random_input);
#undef ADD
  g_test_add_func ("/tix/core/ticket-code/number", test_ticket_number_is_not_code);

  return g_test_run ();
}
