/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-sheet"

#include "config.h"

#include <pango/pangocairo.h>
#include <qrencode.h>
#include <string.h>

#include "sheet-test-util.h"
#include "tix-sheet-writer.h"
#include "tix-test-util.h"
#include "tix-validate.h"

#define CYRILLIC "Театр «Балтийский дом» — премьера"
#define ARABIC   "مسرح المدينة الكبير — العرض الأول"
#define CJK      "東京国際フォーラム 冬のコンサート"

static TixSheet *
new_sheet (const char *layout)
{
  g_autoptr(GError) error = NULL;
  TixSheet *sheet = tix_sheet_new (layout, &error);

  g_assert_no_error (error);
  tix_sheet_set_organization_name (sheet, "Box office");
  tix_sheet_set_event_name (sheet, "Winter concert");
  tix_sheet_set_event_date (sheet, "2026-12-31");
  tix_sheet_set_time_zone (sheet, "Europe/Paris");
  return sheet;
}

static void
test_layouts (void)
{
  const char * const *names = tix_sheet_layouts ();
  g_autoptr(GError) error = NULL;
  guint n = 0;

  for (guint i = 0; names[i] != NULL; i++, n++)
    {
      g_autoptr(TixSheet) sheet = new_sheet (names[i]);
      double module = tix_sheet_get_module_size (sheet);
      double margin = tix_sheet_get_margin (sheet);
      double side = module * (TIX_SHEET_QR_CODE_MODULES + 2 * TIX_SHEET_QR_QUIET_MODULES);
      double x, y, width, height;
      guint per_page = tix_sheet_get_tickets_per_page (sheet);

      g_test_message ("%s: %u a page, module %.2f mm, cell %.1f mm high", names[i], per_page,
                      module / TIX_SHEET_MM, (tix_sheet_get_page_height (sheet) - 2 * margin)
                      / tix_sheet_get_rows (sheet) / TIX_SHEET_MM);
      g_assert_cmpstr (tix_sheet_get_layout (sheet), ==, names[i]);
      g_assert_cmpfloat (module, >=, TIX_SHEET_QR_MIN_MODULE_MM * TIX_SHEET_MM - 1e-9);
      g_assert_cmpuint (tix_sheet_get_n_pages (sheet, 0), ==, 0);
      g_assert_cmpuint (tix_sheet_get_n_pages (sheet, 1), ==, 1);
      g_assert_cmpuint (tix_sheet_get_n_pages (sheet, per_page), ==, 1);
      g_assert_cmpuint (tix_sheet_get_n_pages (sheet, per_page + 1), ==, per_page > 1 ? 2 : 2);
      g_assert_cmpuint (tix_sheet_get_n_pages (sheet, 10000), ==, (10000 + per_page - 1) / per_page);

      if (g_str_equal (names[i], "roll-80"))
        {
          g_assert_cmpuint (per_page, ==, 1);
          g_assert_cmpfloat_with_epsilon (tix_sheet_get_page_width (sheet), 80 * TIX_SHEET_MM, 1e-6);
          g_assert_cmpfloat (side, <=, tix_sheet_get_page_width (sheet) - 2 * margin);
          continue;
        }

      /* Office printers: at least 10 mm of margin, the grid within it. */
      g_assert_cmpfloat (margin, >=, 10 * TIX_SHEET_MM - 1e-9);
      g_assert_cmpuint (per_page, >=, 8);
      tix_sheet_get_cell (sheet, per_page - 1, &x, &y, &width, &height);
      g_assert_cmpfloat (x + width, <=, tix_sheet_get_page_width (sheet) - margin + 1e-6);
      g_assert_cmpfloat (y + height, <=, tix_sheet_get_page_height (sheet) - margin + 1e-6);
      /* The code itself fits its cell, with room beside it for the text. */
      g_assert_cmpfloat (TIX_SHEET_QR_CODE_MODULES * module, <, height);
      g_assert_cmpfloat (width - side, >=, 20 * TIX_SHEET_MM);
      /* So does its quiet zone: cut out, every ticket scans on its own. */
      g_assert_cmpfloat (side, <=, height);
    }
  g_assert_cmpuint (n, ==, 5);

  g_assert_null (tix_sheet_new ("a5-1x1", &error));
  g_assert_error (error, TIX_SHEET_ERROR, TIX_SHEET_ERROR_LAYOUT);
  g_clear_error (&error);
  g_assert_null (tix_sheet_new (NULL, &error));
  g_assert_error (error, TIX_SHEET_ERROR, TIX_SHEET_ERROR_LAYOUT);
}

/* A ticket code is a version 6 QR code at level M: the size layouts assume. */
static void
test_code_fits (void)
{
  guint8 public_key[TIX_TICKET_CODE_PUBLIC_KEY_BYTES];
  g_autoptr(GPtrArray) tickets = tix_sheet_test_tickets ("FIT", 20, NULL, public_key);

  for (guint i = 0; i < tickets->len; i++)
    {
      const char *code = tix_ticket_get_code (g_ptr_array_index (tickets, i));
      QRcode *qr;

      g_assert_cmpuint (strlen (code), ==, TIX_TICKET_CODE_LENGTH);
      qr = QRcode_encodeString (code, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
      g_assert_nonnull (qr);
      g_assert_cmpint (qr->version, ==, 6);
      g_assert_cmpint (qr->width, ==, TIX_SHEET_QR_CODE_MODULES);
      QRcode_free (qr);
    }
}

static void
round_trip (const char *layout,
            const char *prefix,
            const char *extra,
            guint       count)
{
  guint8 public_key[TIX_TICKET_CODE_PUBLIC_KEY_BYTES];
  g_autoptr(GPtrArray) tickets = tix_sheet_test_tickets (prefix, count, extra, public_key);
  g_autoptr(TixSheet) sheet = new_sheet (layout);
  g_autoptr(GPtrArray) payloads = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GError) error = NULL;
  guint n_pages = 0;

  pdf = tix_sheet_render_pdf (sheet, tickets, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (pdf);
  g_assert_cmpmem (g_bytes_get_data (pdf, NULL), 5, "%PDF-", 5);

  payloads = tix_sheet_test_decode_pdf (pdf, &n_pages);
  g_assert_cmpuint (n_pages, ==, tix_sheet_get_n_pages (sheet, count));
  tix_sheet_test_assert_codes (payloads, tickets, public_key);
}

static void
test_round_trip (gconstpointer data)
{
  round_trip (data, "VIP", "Row 12, seat 7 — doors open at 19:00", 24);
}

static void
test_round_trip_long (gconstpointer data)
{
  g_autofree char *extra = NULL;
  GString *text = g_string_new (NULL);

  while (text->len < 990)
    g_string_append (text, "A long extra text that goes on and on. ");
  g_string_truncate (text, 1000);
  extra = g_string_free (text, FALSE);

  round_trip (data, "ABCDEFGHIJKLMNOPQRST", extra, 9);
}

/* Only cell 0 holds a ticket: whatever its text, nothing may reach the
 * neighbouring cells, which stay white. */
static void
assert_stays_in_cell (const char *layout,
                      TixTicket  *ticket,
                      TixSheet   *sheet)
{
  g_autoptr(GError) error = NULL;
  double scale = 2.0, x, y, width, height;
  int page_width, page_height, stride;
  cairo_surface_t *surface;
  cairo_t *cr;
  const guint8 *data;

  page_width = (int) (tix_sheet_get_page_width (sheet) * scale);
  page_height = (int) (tix_sheet_get_page_height (sheet) * scale);
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, page_width, page_height);
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, scale, scale);
  g_assert_true (tix_sheet_draw_page (sheet, cr, &ticket, 1, &error));
  g_assert_no_error (error);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  tix_sheet_get_cell (sheet, 0, &x, &y, &width, &height);

  for (int py = 0; py < page_height; py++)
    for (int px = 0; px < page_width; px++)
      {
        guint32 pixel = *(const guint32 *) (gconstpointer) (data + py * stride + px * 4);
        double ux = px / scale, uy = py / scale;
        double margin = tix_sheet_get_margin (sheet);
        gboolean in_grid = ux >= margin && uy >= margin &&
                           ux < tix_sheet_get_page_width (sheet) - margin &&
                           uy < tix_sheet_get_page_height (sheet) - margin;
        gboolean in_cell = ux >= x - 0.5 && ux <= x + width + 0.5 &&
                           uy >= y - 0.5 && uy <= y + height + 0.5;

        if (in_grid && !in_cell && (pixel & 0xffffff) != 0xffffff)
          g_error ("%s: ink outside the ticket's cell at (%.1f, %.1f) pt", layout, ux, uy);
      }
  cairo_surface_destroy (surface);
}

static void
test_long_text (void)
{
  const char * const layouts[] = { "a4-2x4", "a4-3x7", "letter-2x4", "letter-3x7" };
  guint8 public_key[TIX_TICKET_CODE_PUBLIC_KEY_BYTES];
  g_autofree char *extra = NULL;
  g_autofree char *long_name = NULL;
  g_autoptr(GPtrArray) tickets = NULL;
  GString *text = g_string_new (NULL);

  while (text->len < 1000)
    g_string_append (text, "Wordswithoutanybreakatall");
  g_string_truncate (text, 1000);
  extra = g_string_free (text, FALSE);
  long_name = g_strnfill (200, 'W');
  tickets = tix_sheet_test_tickets ("WWWWWWWWWWWWWWWWWWWW", 1, extra, public_key);

  for (guint i = 0; i < G_N_ELEMENTS (layouts); i++)
    {
      g_autoptr(TixSheet) sheet = new_sheet (layouts[i]);

      tix_sheet_set_organization_name (sheet, long_name);
      tix_sheet_set_event_name (sheet, long_name);
      assert_stays_in_cell (layouts[i], g_ptr_array_index (tickets, 0), sheet);
    }
}

/* Every script has a font (no missing glyphs) and comes out in the PDF. */
static void
test_scripts (void)
{
  const char * const texts[] = { CYRILLIC, ARABIC, CJK };
  guint8 public_key[TIX_TICKET_CODE_PUBLIC_KEY_BYTES];
  g_autoptr(GPtrArray) tickets = NULL;
  g_autoptr(TixSheet) sheet = new_sheet ("a4-2x4");
  g_autoptr(GPtrArray) payloads = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GError) error = NULL;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 10, 10);
  cairo_t *cr = cairo_create (surface);

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(PangoLayout) layout = pango_cairo_create_layout (cr);

      pango_layout_set_text (layout, texts[i], -1);
      if (pango_layout_get_unknown_glyphs_count (layout) != 0)
        {
          g_test_skip ("no font for every script here (fonts-noto-cjk?)");
          cairo_destroy (cr);
          cairo_surface_destroy (surface);
          return;
        }
    }
  cairo_destroy (cr);
  cairo_surface_destroy (surface);

  tickets = tix_sheet_test_tickets ("INT", 8, ARABIC, public_key);
  tix_ticket_set_code (g_ptr_array_index (tickets, 0), tix_ticket_get_code (g_ptr_array_index (tickets, 0)));
  tix_sheet_set_organization_name (sheet, CYRILLIC);
  tix_sheet_set_event_name (sheet, CJK);

  pdf = tix_sheet_render_pdf (sheet, tickets, NULL, &error);
  g_assert_no_error (error);
  payloads = tix_sheet_test_decode_pdf (pdf, NULL);
  tix_sheet_test_assert_codes (payloads, tickets, public_key);

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(TixSheet) small = new_sheet ("letter-3x7");
      g_autoptr(TixTicket) ticket = tix_ticket_new ("00000000-0000-4000-8000-000000000000",
                                                    "INT-000001", "INT", texts[i], 0, 1, 1);

      tix_ticket_set_code (ticket, tix_ticket_get_code (g_ptr_array_index (tickets, 0)));
      tix_sheet_set_organization_name (small, texts[i]);
      tix_sheet_set_event_name (small, texts[(i + 1) % G_N_ELEMENTS (texts)]);
      assert_stays_in_cell ("letter-3x7", ticket, small);
    }

  /* The text is there as text (shaped by Pango, fonts embedded). */
  {
    g_auto(GStrv) pages = tix_sheet_test_pdf_pages (pdf);

    g_assert_nonnull (pages[0]);
    g_assert_nonnull (strstr (pages[0], "INT-000001"));
    g_assert_nonnull (strstr (pages[0], "Театр"));
    g_assert_nonnull (strstr (pages[0], "東京"));
  }
}

/* A sheet of several events: each ticket prints its own event's name and
 * date; one of an event the sheet was not told of prints the sheet's. */
static void
test_own_event (gconstpointer data)
{
  const char *layout = data;
  guint8 public_key[TIX_TICKET_CODE_PUBLIC_KEY_BYTES];
  g_autoptr(GPtrArray) tickets = tix_sheet_test_tickets ("EVT", 3, NULL, public_key);
  g_autoptr(TixSheet) sheet = new_sheet (layout);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GPtrArray) payloads = NULL;
  g_auto(GStrv) pages = NULL;
  const char *name = NULL, *date = NULL;

  tix_ticket_set_event_id (g_ptr_array_index (tickets, 0), 7);
  tix_ticket_set_event_id (g_ptr_array_index (tickets, 1), 8);
  tix_ticket_set_event_id (g_ptr_array_index (tickets, 2), 9);
  tix_sheet_set_event (sheet, 7, "Friday show", "2026-03-20");
  tix_sheet_set_event (sheet, 8, "Saturday matinee", NULL);
  /* Told again: the last word counts. */
  tix_sheet_set_event (sheet, 8, "Saturday show", "2026-03-21");

  g_assert_true (tix_sheet_get_ticket_event (sheet, g_ptr_array_index (tickets, 1), &name,
                                             &date));
  g_assert_cmpstr (name, ==, "Saturday show");
  g_assert_cmpstr (date, ==, "2026-03-21");
  g_assert_false (tix_sheet_get_ticket_event (sheet, g_ptr_array_index (tickets, 2), &name,
                                              &date));
  g_assert_cmpstr (name, ==, "Winter concert");
  g_assert_cmpstr (date, ==, "2026-12-31");

  pdf = tix_sheet_render_pdf (sheet, tickets, NULL, &error);
  g_assert_no_error (error);
  payloads = tix_sheet_test_decode_pdf (pdf, NULL);
  tix_sheet_test_assert_codes (payloads, tickets, public_key);
  pages = tix_sheet_test_pdf_pages (pdf);

  if (g_str_equal (layout, "roll-80"))
    {
      /* One ticket a page. */
      g_assert_cmpuint (g_strv_length (pages), ==, 3);
      g_assert_nonnull (strstr (pages[0], "Friday show"));
      g_assert_nonnull (strstr (pages[0], "2026-03-20"));
      g_assert_null (strstr (pages[0], "Winter concert"));
      g_assert_null (strstr (pages[0], "Saturday"));
      g_assert_nonnull (strstr (pages[1], "Saturday show"));
      g_assert_nonnull (strstr (pages[1], "2026-03-21"));
      g_assert_null (strstr (pages[1], "Friday"));
      g_assert_nonnull (strstr (pages[2], "Winter concert"));
      g_assert_nonnull (strstr (pages[2], "2026-12-31"));
      g_assert_null (strstr (pages[2], "show"));
    }
  else
    {
      g_assert_cmpuint (g_strv_length (pages), ==, 1);
      for (guint i = 0; i < 3; i++)
        {
          const char *texts[] = { "Friday show", "2026-03-20", "Saturday show", "2026-03-21",
                                  "Winter concert", "2026-12-31" };

          g_assert_nonnull (strstr (pages[0], texts[2 * i]));
          g_assert_nonnull (strstr (pages[0], texts[2 * i + 1]));
        }
      g_assert_null (strstr (pages[0], "matinee"));
    }
}

static void
test_empty (void)
{
  g_autoptr(TixSheet) sheet = new_sheet ("a4-3x7");
  g_autoptr(GPtrArray) none = g_ptr_array_new ();
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(TixSheetWriter) writer = tix_sheet_writer_new (sheet, stream);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = NULL;

  pdf = tix_sheet_render_pdf (sheet, none, NULL, &error);
  g_assert_null (pdf);
  g_assert_error (error, TIX_SHEET_ERROR, TIX_SHEET_ERROR_EMPTY);
  g_clear_error (&error);

  g_assert_false (tix_sheet_writer_close (writer, NULL, &error));
  g_assert_error (error, TIX_SHEET_ERROR, TIX_SHEET_ERROR_EMPTY);
  g_assert_cmpuint (g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (stream)), ==, 0);
}

static void
test_no_code (void)
{
  g_autoptr(TixSheet) sheet = new_sheet ("a4-2x4");
  g_autoptr(GPtrArray) tickets = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = NULL;

  g_ptr_array_add (tickets, tix_ticket_new ("00000000-0000-4000-8000-000000000000",
                                            "NOC-000001", "NOC", NULL, 0, 1, 1));
  pdf = tix_sheet_render_pdf (sheet, tickets, NULL, &error);
  g_assert_null (pdf);
  g_assert_error (error, TIX_SHEET_ERROR, TIX_SHEET_ERROR_CODE);
}

/* Pages go out as they fill; a cancelled writer stops. */
static void
test_streaming (void)
{
  guint8 public_key[TIX_TICKET_CODE_PUBLIC_KEY_BYTES];
  g_autoptr(GPtrArray) tickets = tix_sheet_test_tickets ("STR", 17, NULL, public_key);
  g_autoptr(TixSheet) sheet = new_sheet ("a4-2x4");
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(TixSheetWriter) writer = tix_sheet_writer_new (sheet, stream);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < tickets->len; i++)
    {
      g_assert_true (tix_sheet_writer_add (writer, g_ptr_array_index (tickets, i), NULL, &error));
      g_assert_no_error (error);
      /* A full page is drawn once the next one fills (its codes are
       * encoded on another thread meanwhile). */
      g_assert_cmpuint (tix_sheet_writer_get_n_pages (writer), <=, (i + 1) / 8);
      g_assert_cmpuint (tix_sheet_writer_get_n_pages (writer) + 1, >=, (i + 1) / 8);
    }
  g_assert_true (tix_sheet_writer_close (writer, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (tix_sheet_writer_get_n_pages (writer), ==, 3);
  g_assert_cmpuint (tix_sheet_writer_get_n_tickets (writer), ==, 17);

  g_clear_object (&writer);
  writer = tix_sheet_writer_new (sheet, stream);
  g_assert_true (tix_sheet_writer_add (writer, g_ptr_array_index (tickets, 0), cancellable, &error));
  g_cancellable_cancel (cancellable);
  g_assert_false (tix_sheet_writer_add (writer, g_ptr_array_index (tickets, 1), cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tix/sheet/layouts", test_layouts);
  g_test_add_func ("/tix/sheet/code-fits", test_code_fits);
  g_test_add_data_func ("/tix/sheet/round-trip/a4-2x4", "a4-2x4", test_round_trip);
  g_test_add_data_func ("/tix/sheet/round-trip/a4-3x7", "a4-3x7", test_round_trip);
  g_test_add_data_func ("/tix/sheet/round-trip/letter-2x4", "letter-2x4", test_round_trip);
  g_test_add_data_func ("/tix/sheet/round-trip/letter-3x7", "letter-3x7", test_round_trip);
  g_test_add_data_func ("/tix/sheet/round-trip/roll-80", "roll-80", test_round_trip);
  g_test_add_data_func ("/tix/sheet/round-trip/long/letter-3x7", "letter-3x7",
                        test_round_trip_long);
  g_test_add_data_func ("/tix/sheet/round-trip/long/roll-80", "roll-80", test_round_trip_long);
  g_test_add_func ("/tix/sheet/long-text", test_long_text);
  g_test_add_func ("/tix/sheet/scripts", test_scripts);
  g_test_add_data_func ("/tix/sheet/own-event/a4-3x7", "a4-3x7", test_own_event);
  g_test_add_data_func ("/tix/sheet/own-event/roll-80", "roll-80", test_own_event);
  g_test_add_func ("/tix/sheet/empty", test_empty);
  g_test_add_func ("/tix/sheet/no-code", test_no_code);
  g_test_add_func ("/tix/sheet/streaming", test_streaming);

  return g_test_run ();
}
