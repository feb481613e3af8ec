/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "tix-validate.h"

static char *
repeat (const char *unit,
        guint       times)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < times; i++)
    g_string_append (s, unit);
  return g_string_free (s, FALSE);
}

static void
test_prefix (void)
{
  const char *good[] = { "VIP", "A", "ga", "GA_2026", "early-bird", "0", "-", "_",
                         "ABCDEFGHIJKLMNOPQRST" /* 20 */ };
  const char *bad[] = { "", "VIP!", "VIP ", " VIP", "V.I.P", "caf\xc3\xa9", "VIP/1",
                        "ABCDEFGHIJKLMNOPQRSTU" /* 21 */, "\xe2\x82\xac", "A\tB",
                        "a'b", "a\"b", "a%b", "\xef\xbc\xa1" /* fullwidth A */ };

  for (gsize i = 0; i < G_N_ELEMENTS (good); i++)
    {
      const char *message = NULL;

      if (!tix_validate_prefix (good[i], &message))
        g_error ("prefix “%s” refused: %s", good[i], message);
      g_assert_true (tix_validate_prefix (good[i], NULL));
    }

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      const char *message = NULL;

      if (tix_validate_prefix (bad[i], &message))
        g_error ("prefix “%s” accepted", bad[i]);
      g_assert_nonnull (message);
      g_assert_cmpstr (message, !=, "");
      g_assert_false (tix_validate_prefix (bad[i], NULL));
    }

  g_assert_false (tix_validate_prefix (NULL, NULL));
  g_assert_cmpint (TIX_PREFIX_MAX_LENGTH, ==, 20);
}

static void
test_number_search (void)
{
  g_autofree char *long_search = repeat ("A", 65);

  g_assert_true (tix_validate_number_search ("VIP"));
  g_assert_true (tix_validate_number_search ("VIP-0001"));
  g_assert_true (tix_validate_number_search ("v"));
  g_assert_false (tix_validate_number_search (NULL));
  g_assert_false (tix_validate_number_search (""));
  g_assert_false (tix_validate_number_search ("VIP%"));
  g_assert_false (tix_validate_number_search ("VIP_%' OR 1=1"));
  g_assert_false (tix_validate_number_search ("caf\xc3\xa9"));
  g_assert_false (tix_validate_number_search (long_search));
}

static void
test_uuid (void)
{
  g_autofree char *random = g_uuid_string_random ();

  g_assert_true (tix_validate_uuid (random));
  g_assert_true (tix_validate_uuid ("123e4567-e89b-12d3-a456-426614174000"));
  g_assert_false (tix_validate_uuid (NULL));
  g_assert_false (tix_validate_uuid (""));
  g_assert_false (tix_validate_uuid ("not-a-uuid"));
  g_assert_false (tix_validate_uuid ("123e4567-e89b-12d3-a456-42661417400"));
  g_assert_false (tix_validate_uuid ("123e4567-e89b-12d3-a456-4266141740000"));
  g_assert_false (tix_validate_uuid ("123e4567e89b12d3a456426614174000"));
  g_assert_false (tix_validate_uuid ("123e4567-e89b-12d3-a456-42661417400g"));
  g_assert_false (tix_validate_uuid ("' OR 1=1 --"));
}

static void
test_email (void)
{
  const char *good[] = { "a@b", "anna@example.com", "anna+tix@example.co.uk",
                         "\xc3\xa9l\xc3\xa8ve@\xc3\xa9" "cole.fr" };
  const char *bad[] = { "", "anna", "@example.com", "anna@", "a@b@c", "an na@example.com",
                        "anna@exa\tmple.com", "anna@example.com\n", "\xff@example.com" };
  g_autofree char *local = repeat ("a", 250);
  g_autofree char *too_long = g_strconcat (local, "@b.cd", NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (good); i++)
    {
      const char *message = NULL;

      if (!tix_validate_email (good[i], &message))
        g_error ("email “%s” refused: %s", good[i], message);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      const char *message = NULL;

      if (tix_validate_email (bad[i], &message))
        g_error ("email “%s” accepted", bad[i]);
      g_assert_nonnull (message);
    }
  g_assert_false (tix_validate_email (NULL, NULL));
  g_assert_false (tix_validate_email (too_long, NULL));
}

static void
test_name (void)
{
  g_autofree char *max = repeat ("\xc3\xa9", TIX_NAME_MAX_LENGTH);
  g_autofree char *over = repeat ("a", TIX_NAME_MAX_LENGTH + 1);
  const char *message = NULL;

  g_assert_true (tix_validate_name ("Anna", NULL));
  g_assert_true (tix_validate_name ("Zo\xc3\xab O'Brien-\xe5\xb1\xb1\xe7\x94\xb0", NULL));
  g_assert_true (tix_validate_name (max, NULL));

  g_assert_false (tix_validate_name (NULL, &message));
  g_assert_nonnull (message);
  g_assert_false (tix_validate_name ("", NULL));
  g_assert_false (tix_validate_name ("   ", NULL));
  g_assert_false (tix_validate_name (over, NULL));
  g_assert_false (tix_validate_name ("Anna\nEvil", NULL));
  g_assert_false (tix_validate_name ("Anna\x1b[31m", NULL));
  g_assert_false (tix_validate_name ("\xff\xfe", NULL));
}

static void
test_password (void)
{
  g_autofree char *max = repeat ("p", TIX_PASSWORD_MAX_LENGTH);
  g_autofree char *over = repeat ("p", TIX_PASSWORD_MAX_LENGTH + 1);
  const char *message = NULL;

  g_assert_true (tix_validate_password ("12345678", NULL));
  g_assert_true (tix_validate_password ("correct horse battery staple", NULL));
  /* eight characters, counted as characters */
  g_assert_true (tix_validate_password ("\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
                                        "\xc3\xa9\xc3\xa9", NULL));
  g_assert_true (tix_validate_password (max, NULL));

  g_assert_false (tix_validate_password (NULL, &message));
  g_assert_nonnull (message);
  g_assert_false (tix_validate_password ("", NULL));
  g_assert_false (tix_validate_password ("1234567", NULL));
  /* seven characters in fourteen bytes */
  g_assert_false (tix_validate_password ("\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
                                         "\xc3\xa9", NULL));
  g_assert_false (tix_validate_password (over, NULL));
  g_assert_false (tix_validate_password ("12345678\xff", NULL));
}

static void
test_extra (void)
{
  g_autofree char *ascii_max = repeat ("x", TIX_EXTRA_MAX_LENGTH);
  g_autofree char *ascii_over = repeat ("x", TIX_EXTRA_MAX_LENGTH + 1);
  /* counted in characters, not bytes */
  g_autofree char *wide_max = repeat ("\xc3\xa9", TIX_EXTRA_MAX_LENGTH);
  g_autofree char *wide_over = repeat ("\xc3\xa9", TIX_EXTRA_MAX_LENGTH + 1);
  g_autofree char *emoji_max = repeat ("\xf0\x9f\x8e\xab", TIX_EXTRA_MAX_LENGTH);
  const char *message = NULL;

  g_assert_cmpint (TIX_EXTRA_MAX_LENGTH, ==, 1000);
  g_assert_true (tix_validate_extra (NULL, NULL));
  g_assert_true (tix_validate_extra ("", NULL));
  g_assert_true (tix_validate_extra ("Row 5, seat 12", NULL));
  g_assert_true (tix_validate_extra (ascii_max, NULL));
  g_assert_true (tix_validate_extra (wide_max, NULL));
  g_assert_true (tix_validate_extra (emoji_max, NULL));

  g_assert_false (tix_validate_extra (ascii_over, &message));
  g_assert_nonnull (message);
  g_assert_false (tix_validate_extra (wide_over, NULL));
  g_assert_false (tix_validate_extra ("bad \xff utf-8", NULL));
}

static void
test_role (void)
{
  g_assert_true (tix_validate_role ("admin"));
  g_assert_true (tix_validate_role ("seller"));
  g_assert_true (tix_validate_role ("scanner"));
  g_assert_false (tix_validate_role (NULL));
  g_assert_false (tix_validate_role (""));
  g_assert_false (tix_validate_role ("Admin"));
  g_assert_false (tix_validate_role ("user"));
  g_assert_false (tix_validate_role ("root"));
}

static void
test_time_zone (void)
{
  g_autofree char *long_name = repeat ("A", 65);

  g_assert_true (tix_validate_time_zone ("UTC"));
  g_assert_true (tix_validate_time_zone ("Europe/Paris"));
  g_assert_true (tix_validate_time_zone ("America/New_York"));
  g_assert_true (tix_validate_time_zone ("Pacific/Kiritimati"));
  g_assert_false (tix_validate_time_zone (NULL));
  g_assert_false (tix_validate_time_zone (""));
  g_assert_false (tix_validate_time_zone ("Mars/Olympus"));
  g_assert_false (tix_validate_time_zone ("Europe/Nowhere"));
  g_assert_false (tix_validate_time_zone (long_name));
}

/* A time zone is an IANA name, never a path: GLib would read any file named
 * by an absolute or relative path (and warns when it is no zone file). Run in
 * a subprocess so that a GLib critical fails this test alone. */
static void
test_time_zone_paths (void)
{
  if (g_test_subprocess ())
    {
      g_assert_false (tix_validate_time_zone ("/usr/share/zoneinfo/UTC"));
      g_assert_false (tix_validate_time_zone ("Europe/../UTC"));
      g_assert_false (tix_validate_time_zone ("/etc/passwd"));
      g_assert_false (tix_validate_time_zone ("../../../etc/passwd"));
      g_assert_false (tix_validate_time_zone ("/dev/null"));
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  if (!g_test_trap_has_passed ())
    g_test_fail_printf ("a path was accepted as a time zone, or made GLib warn");
}

static void
test_date (void)
{
  g_assert_true (tix_validate_date ("2026-11-25"));
  g_assert_true (tix_validate_date ("2024-02-29"));
  g_assert_true (tix_validate_date ("1970-01-01"));
  g_assert_true (tix_validate_date ("9998-12-31"));
  /* What the server refuses (its years are 1970 to 9998). */
  g_assert_false (tix_validate_date ("0001-01-01"));
  g_assert_false (tix_validate_date ("9999-12-31"));
  g_assert_false (tix_validate_date (NULL));
  g_assert_false (tix_validate_date (""));
  g_assert_false (tix_validate_date ("2026-02-29"));
  g_assert_false (tix_validate_date ("2026-13-01"));
  g_assert_false (tix_validate_date ("2026-00-10"));
  g_assert_false (tix_validate_date ("2026-04-31"));
  g_assert_false (tix_validate_date ("0000-01-01"));
  g_assert_false (tix_validate_date ("2026-1-01"));
  g_assert_false (tix_validate_date ("2026/11/25"));
  g_assert_false (tix_validate_date ("2026-11-25T09:00"));
  g_assert_false (tix_validate_date ("26-11-2025"));
  g_assert_false (tix_validate_date ("+026-11-25"));
}

static void
test_sheet_layout (void)
{
  const char * const *layouts = tix_sheet_layouts ();

  g_assert_nonnull (layouts);
  g_assert_nonnull (layouts[0]);
  for (gsize i = 0; layouts[i] != NULL; i++)
    g_assert_true (tix_validate_sheet_layout (layouts[i]));
  g_assert_true (g_strv_contains (layouts, "a4-3x7"));

  g_assert_false (tix_validate_sheet_layout (NULL));
  g_assert_false (tix_validate_sheet_layout (""));
  g_assert_false (tix_validate_sheet_layout ("a5-9x9"));
  g_assert_false (tix_validate_sheet_layout ("A4-3X7"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tix/core/validate/prefix", test_prefix);
  g_test_add_func ("/tix/core/validate/number-search", test_number_search);
  g_test_add_func ("/tix/core/validate/uuid", test_uuid);
  g_test_add_func ("/tix/core/validate/email", test_email);
  g_test_add_func ("/tix/core/validate/name", test_name);
  g_test_add_func ("/tix/core/validate/password", test_password);
  g_test_add_func ("/tix/core/validate/extra", test_extra);
  g_test_add_func ("/tix/core/validate/role", test_role);
  g_test_add_func ("/tix/core/validate/time-zone", test_time_zone);
  g_test_add_func ("/tix/core/validate/time-zone/paths", test_time_zone_paths);
  g_test_add_func ("/tix/core/validate/date", test_date);
  g_test_add_func ("/tix/core/validate/sheet-layout", test_sheet_layout);

  return g_test_run ();
}
