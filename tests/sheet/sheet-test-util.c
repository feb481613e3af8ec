/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-sheet-test"

#include "config.h"

#include <glib/gstdio.h>

#include "sheet-test-util.h"
#include "tix-test-util.h"

GPtrArray *
tix_sheet_test_tickets (const char *prefix,
                        guint       count,
                        const char *extra,
                        guint8      public_key[TIX_TICKET_CODE_PUBLIC_KEY_BYTES])
{
  guint8 secret_key[TIX_TICKET_CODE_SECRET_KEY_BYTES];
  GPtrArray *tickets = g_ptr_array_new_with_free_func (g_object_unref);
  gint64 now = g_get_real_time () / 1000;

  g_assert_true (tix_ticket_code_init ());
  tix_ticket_code_new_keys (public_key, secret_key);

  for (guint i = 0; i < count; i++)
    {
      g_autofree char *id = g_uuid_string_random ();
      g_autofree char *number = g_strdup_printf ("%s-%06u", prefix, i + 1);
      g_autofree char *code = tix_ticket_code_encode (id, 1, secret_key);
      TixTicket *ticket = tix_ticket_new (id, number, prefix, extra, now, 1, 1);

      tix_ticket_set_revision (ticket, 1);
      tix_ticket_set_code (ticket, code);
      g_ptr_array_add (tickets, ticket);
    }
  return tickets;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

GPtrArray *
tix_sheet_test_decode_pdf (GBytes *pdf,
                           guint  *out_n_pages)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("tix-sheet-XXXXXX", &error);
  g_autofree char *pdf_path = NULL;
  g_autofree char *prefix = NULL;
  g_autoptr(GPtrArray) pngs = g_ptr_array_new_with_free_func (g_free);
  GPtrArray *payloads = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) listing = NULL;
  const char *name;
  int status;

  g_assert_no_error (error);
  pdf_path = g_build_filename (dir, "sheet.pdf", NULL);
  prefix = g_build_filename (dir, "page", NULL);
  g_assert_true (g_file_set_contents (pdf_path, g_bytes_get_data (pdf, NULL),
                                      g_bytes_get_size (pdf), &error));
  g_assert_no_error (error);

  {
    const char *argv[] = { "pdftoppm", "-r", "150", "-png", pdf_path, prefix, NULL };

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                                 NULL, NULL, &status, &error));
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, &error));
    g_assert_no_error (error);
  }

  listing = g_dir_open (dir, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (listing)) != NULL)
    if (g_str_has_suffix (name, ".png"))
      g_ptr_array_add (pngs, g_build_filename (dir, name, NULL));
  g_ptr_array_sort (pngs, compare_names);

  for (guint i = 0; i < pngs->len; i++)
    {
      /* QR codes only: on a page dense with modules zbar's linear decoders
       * (EAN, I25, DataBar…) now and then "find" a barcode that is not there. */
      const char *argv[] = { "zbarimg", "--nodbus", "-q", "--raw", "-Sdisable", "-Sqrcode.enable",
                             g_ptr_array_index (pngs, i), NULL };
      g_autofree char *out = NULL;
      g_auto(GStrv) lines = NULL;

      g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                                   &out, NULL, &status, &error));
      g_assert_no_error (error);
      /* zbarimg exits 4 when it finds no code: a page without one is a failure. */
      if (!g_spawn_check_wait_status (status, NULL))
        g_error ("zbarimg found no code on page %u", i + 1);

      lines = g_strsplit (out, "\n", -1);
      for (guint j = 0; lines[j] != NULL; j++)
        {
          g_strstrip (lines[j]);
          if (*lines[j] != '\0')
            g_ptr_array_add (payloads, g_strdup (lines[j]));
        }
    }

  if (out_n_pages)
    *out_n_pages = pngs->len;
  /* To look at the pages: TIX_SHEET_TEST_KEEP=folder keeps them there. */
  if (g_getenv ("TIX_SHEET_TEST_KEEP") != NULL)
    {
      const char *keep = g_getenv ("TIX_SHEET_TEST_KEEP");
      static guint n_kept;

      g_mkdir_with_parents (keep, 0755);
      for (guint i = 0; i < pngs->len; i++)
        {
          g_autofree char *base = g_strdup_printf ("sheet-%02u-page-%02u.png", n_kept, i + 1);
          g_autofree char *target = g_build_filename (keep, base, NULL);

          g_rename (g_ptr_array_index (pngs, i), target);
        }
      n_kept++;
    }
  tix_test_remove_tree (dir);
  return payloads;
}

GStrv
tix_sheet_test_pdf_pages (GBytes *pdf)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("tix-sheet-text-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autofree char *out = NULL;
  g_auto(GStrv) pages = NULL;
  guint n;
  int status;

  g_assert_no_error (error);
  path = g_build_filename (dir, "sheet.pdf", NULL);
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (pdf, NULL),
                                      g_bytes_get_size (pdf), &error));
  g_assert_no_error (error);

  {
    const char *argv[] = { "pdftotext", "-q", "-enc", "UTF-8", path, "-", NULL };

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                                 &out, NULL, &status, &error));
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, &error));
    g_assert_no_error (error);
  }
  tix_test_remove_tree (dir);

  /* A form feed ends each page. */
  pages = g_strsplit (out, "\f", -1);
  n = g_strv_length (pages);
  if (n > 0 && *g_strstrip (pages[n - 1]) == '\0')
    g_clear_pointer (&pages[n - 1], g_free);
  return g_steal_pointer (&pages);
}

void
tix_sheet_test_assert_codes (GPtrArray    *payloads,
                             GPtrArray    *tickets,
                             const guint8  public_key[TIX_TICKET_CODE_PUBLIC_KEY_BYTES])
{
  g_autoptr(GHashTable) expected = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < tickets->len; i++)
    g_hash_table_add (expected, (gpointer) tix_ticket_get_id (g_ptr_array_index (tickets, i)));

  for (guint i = 0; i < payloads->len; i++)
    {
      g_autoptr(GError) error = NULL;
      guint32 revision = 0;
      char *id = tix_ticket_code_decode (g_ptr_array_index (payloads, i), public_key,
                                         &revision, &error);

      g_assert_no_error (error);
      g_assert_nonnull (id);
      g_assert_cmpuint (revision, ==, 1);
      g_assert_true (g_hash_table_contains (expected, id));
      if (!g_hash_table_add (seen, id))
        g_error ("ticket %s decoded twice", id);
    }

  g_assert_cmpuint (g_hash_table_size (seen), ==, tickets->len);
}
