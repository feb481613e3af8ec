/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the desk prints (issue 19): TixReceipt's pages on the roll and on
 * A4, and over HTTP a sale's receipt, its tickets and a shift's cash-up as
 * PDF, read back with pdftotext (the totals) and zbarimg (the codes). */
#include "config.h"

#include <string.h>

#include "server-test-util.h"
#include "sheet-test-util.h"
#include "tix-receipt-content.h"

/* TixReceipt alone ------------------------------------------------------------ */

static void
test_receipt_pages (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TixReceipt) bad = tix_receipt_new ("napkin", &error);
  g_autoptr(TixReceipt) empty = NULL;
  g_autoptr(TixReceipt) roll = NULL;
  g_autoptr(TixReceipt) a4 = NULL;
  g_autoptr(GBytes) none = NULL;
  g_autoptr(GBytes) roll_pdf = NULL;
  g_autoptr(GBytes) a4_pdf = NULL;
  g_auto(GStrv) roll_pages = NULL;
  g_auto(GStrv) a4_pages = NULL;

  g_assert_null (bad);
  g_assert_error (error, TIX_SHEET_ERROR, TIX_SHEET_ERROR_LAYOUT);
  g_clear_error (&error);

  empty = tix_receipt_new ("roll-80", &error);
  g_assert_no_error (error);
  none = tix_receipt_render_pdf (empty, &error);
  g_assert_null (none);
  g_assert_error (error, TIX_SHEET_ERROR, TIX_SHEET_ERROR_EMPTY);
  g_clear_error (&error);

  /* 150 lines: one long page of roll, several of A4. */
  roll = tix_receipt_new ("roll-80", &error);
  a4 = tix_receipt_new ("a4", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 150; i++)
    {
      g_autofree char *label = g_strdup_printf ("Line %u", i);

      tix_receipt_add_line (roll, label, "1.00 EUR");
      tix_receipt_add_line (a4, label, "1.00 EUR");
    }
  tix_receipt_add_total (roll, "Total", "150.00 EUR");
  tix_receipt_add_total (a4, "Total", "150.00 EUR");
  roll_pdf = tix_receipt_render_pdf (roll, &error);
  g_assert_no_error (error);
  a4_pdf = tix_receipt_render_pdf (a4, &error);
  g_assert_no_error (error);
  roll_pages = tix_sheet_test_pdf_pages (roll_pdf);
  a4_pages = tix_sheet_test_pdf_pages (a4_pdf);
  g_assert_cmpuint (g_strv_length (roll_pages), ==, 1);
  g_assert_cmpuint (g_strv_length (a4_pages), >=, 2);
  g_assert_nonnull (strstr (roll_pages[0], "Line 149"));
  g_assert_nonnull (strstr (roll_pages[0], "150.00 EUR"));
  g_assert_nonnull (strstr (a4_pages[g_strv_length (a4_pages) - 1], "150.00 EUR"));
}

/* A receipt the app draws itself, as GtkPrintOperation would have it. */
static void
test_receipt_local (void)
{
  g_autoptr(TixOrder) order = tix_order_new ();
  g_autoptr(TixReceipt) receipt = tix_receipt_new ("roll-80", NULL);
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) pages = NULL;
  TixReceiptContext context = { "Hall", "Gala", 1899838800000, "Europe/Berlin", "CHF" };
  cairo_surface_t *surface;
  cairo_t *cr;

  order->id = 1;
  order->number = 7;
  order->created_at = 1899835200000;
  order->seller_name = g_strdup ("Sam");
  order->station = g_strdup ("desk-1");
  order->total = 2300;
  order->method = TIX_PAYMENT_CARD;
  order->tendered = 2300;
  tix_order_add_item (order, 1, "Adult", 1500, 1);
  tix_order_add_item (order, 2, "Child", 800, 1);
  tix_receipt_add_order (receipt, &context, order);

  g_assert_cmpuint (tix_receipt_get_n_pages (receipt), ==, 1);
  g_assert_cmpfloat (tix_receipt_get_page_width (receipt), >, 226.0);
  g_assert_cmpfloat (tix_receipt_get_page_width (receipt), <, 227.0);
  g_assert_cmpfloat (tix_receipt_get_page_height (receipt), >, 100.0);
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 227,
                                        (int) tix_receipt_get_page_height (receipt));
  cr = cairo_create (surface);
  tix_receipt_draw_page (receipt, cr, 0);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);

  pdf = tix_receipt_render_pdf (receipt, &error);
  g_assert_no_error (error);
  pages = tix_sheet_test_pdf_pages (pdf);
  g_assert_nonnull (strstr (pages[0], "Order #7"));
  g_assert_nonnull (strstr (pages[0], "23.00 CHF"));
  g_assert_nonnull (strstr (pages[0], "card"));
}

/* Over HTTP ----------------------------------------------------------------------- */

typedef struct
{
  TixApiFixture  api;
  char          *admin;
  char          *other;
  gint64         event_id;
  gint64         type_id;
  gint64         shift_id;
  JsonObject    *order;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(TixApiResponse) type = NULL;
  g_autoptr(TixApiResponse) shift = NULL;
  g_autoptr(TixApiResponse) order = NULL;
  g_autoptr(TixApiResponse) settings = NULL;
  g_autofree char *body = NULL;

  tix_api_fixture_setup (&f->api, data);
  f->admin = tix_api_register (&f->api, "ada@example.org", "Ada", NULL);
  f->other = tix_api_register (&f->api, "otto@example.org", "Otto", NULL);
  settings = tix_api_request (&f->api, "PUT", "/api/settings", f->admin,
                              "{\"organization_name\":\"Hall of Fame\",\"time_zone\":\"Europe/Berlin\"}");
  tix_api_assert_status (settings, 200);
  f->event_id = tix_api_create_event (&f->api, f->admin,
                                      "{\"name\":\"Gala\",\"starts_at\":\"2030-03-14T19:00:00Z\"}");
  type = tix_api_requestf (&f->api, "POST", f->admin,
                           "{\"name\":\"Adult\",\"price\":1500,\"prefix\":\"AD\"}",
                           "/api/events/%" G_GINT64_FORMAT "/types", f->event_id);
  tix_api_assert_status (type, 201);
  f->type_id = tix_api_int (tix_api_object (type), "id");
  shift = tix_api_request (&f->api, "POST", "/api/shifts", f->admin,
                           "{\"station\":\"desk-1\",\"opening_float\":10000}");
  tix_api_assert_status (shift, 201);
  f->shift_id = tix_api_int (tix_api_object (shift), "id");
  body = g_strdup_printf ("{\"event_id\":%" G_GINT64_FORMAT ",\"items\":[{\"type_id\":%"
                          G_GINT64_FORMAT ",\"quantity\":3}],\"payment\":{\"method\":\"cash\","
                          "\"tendered\":5000},\"station\":\"desk-1\"}", f->event_id, f->type_id);
  order = tix_api_request (&f->api, "POST", "/api/orders", f->admin, body);
  tix_api_assert_status (order, 201);
  f->order = json_object_ref (tix_api_object (order));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_free (f->admin);
  g_free (f->other);
  json_object_unref (f->order);
  tix_api_fixture_teardown (&f->api, data);
}

static GBytes *
get_pdf (Fixture    *f,
         const char *token,
         const char *path)
{
  g_autoptr(TixApiResponse) r = tix_api_request (&f->api, "GET", path, token, NULL);

  tix_api_assert_status (r, 200);
  g_assert_cmpstr (tix_api_header (r, "Content-Type"), ==, "application/pdf");
  return g_bytes_ref (r->body);
}

static void
test_receipt (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *roll_path = g_strdup_printf ("/api/orders/%" G_GINT64_FORMAT "/receipt.pdf",
                                                tix_api_int (f->order, "id"));
  g_autofree char *a4_path = g_strconcat (roll_path, "?paper=a4", NULL);
  g_autofree char *bad_path = g_strconcat (roll_path, "?paper=napkin", NULL);
  g_autoptr(GBytes) roll = get_pdf (f, f->admin, roll_path);
  g_autoptr(GBytes) a4 = get_pdf (f, f->admin, a4_path);
  g_auto(GStrv) roll_pages = tix_sheet_test_pdf_pages (roll);
  g_auto(GStrv) a4_pages = tix_sheet_test_pdf_pages (a4);
  g_autoptr(TixApiResponse) bad = tix_api_request (&f->api, "GET", bad_path, f->admin, NULL);
  g_autoptr(TixApiResponse) other = tix_api_request (&f->api, "GET", roll_path, f->other, NULL);

  g_assert_cmpuint (g_strv_length (roll_pages), ==, 1);
  g_assert_cmpuint (g_strv_length (a4_pages), ==, 1);
  for (guint i = 0; i < 2; i++)
    {
      const char *text = i == 0 ? roll_pages[0] : a4_pages[0];

      g_assert_nonnull (strstr (text, "Hall of Fame"));
      g_assert_nonnull (strstr (text, "Gala, 2030-03-14 20:00"));
      g_assert_nonnull (strstr (text, "Order #1"));
      g_assert_nonnull (strstr (text, "3 × Adult"));
      g_assert_nonnull (strstr (text, "45.00 EUR"));
      g_assert_nonnull (strstr (text, "50.00 EUR"));
      g_assert_nonnull (strstr (text, "Change"));
      g_assert_nonnull (strstr (text, "5.00 EUR"));
      g_assert_nonnull (strstr (text, "AD-000003"));
      g_assert_null (strstr (text, "REFUNDED"));
    }
  tix_api_assert_error (bad, 400, "paper");
  tix_api_assert_error (other, 404, NULL);
}

static void
test_tickets (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *path = g_strdup_printf ("/api/orders/%" G_GINT64_FORMAT "/tickets.pdf",
                                           tix_api_int (f->order, "id"));
  g_autoptr(GBytes) pdf = get_pdf (f, f->admin, path);
  g_autoptr(GPtrArray) payloads = NULL;
  g_auto(GStrv) pages = tix_sheet_test_pdf_pages (pdf);
  JsonArray *tickets = json_object_get_array_member (f->order, "tickets");
  guint n_pages = 0;

  /* One ticket a page of the roll, each with its code. */
  payloads = tix_sheet_test_decode_pdf (pdf, &n_pages);
  g_assert_cmpuint (n_pages, ==, 3);
  g_assert_cmpuint (payloads->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      const char *code = tix_api_string (json_array_get_object_element (tickets, i), "code");
      gboolean found = FALSE;

      for (guint k = 0; k < payloads->len; k++)
        found |= g_str_equal (g_ptr_array_index (payloads, k), code);
      g_assert_true (found);
    }
  g_assert_nonnull (strstr (pages[0], "Gala"));
}

static void
test_cash_up (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *path = g_strdup_printf ("/api/shifts/%" G_GINT64_FORMAT "/report.pdf",
                                           f->shift_id);
  g_autofree char *a4_path = g_strconcat (path, "?paper=a4", NULL);
  g_autofree char *refund = g_strdup_printf ("/api/orders/%" G_GINT64_FORMAT "/refund",
                                             tix_api_int (f->order, "id"));
  g_autofree char *close = g_strdup_printf ("/api/shifts/%" G_GINT64_FORMAT "/close",
                                            f->shift_id);
  g_autoptr(GBytes) open_pdf = get_pdf (f, f->admin, path);
  g_auto(GStrv) open_pages = tix_sheet_test_pdf_pages (open_pdf);
  g_autoptr(TixApiResponse) refunded = NULL;
  g_autoptr(TixApiResponse) closed = NULL;
  g_autoptr(TixApiResponse) other = tix_api_request (&f->api, "GET", path, f->other, NULL);
  g_autoptr(GBytes) closed_pdf = NULL;
  g_autoptr(GBytes) a4_pdf = NULL;
  g_auto(GStrv) closed_pages = NULL;
  g_auto(GStrv) a4_pages = NULL;

  /* Open: 100.00 + 45.00 cash expected, nothing counted yet. */
  g_assert_nonnull (strstr (open_pages[0], "Cash-up"));
  g_assert_nonnull (strstr (open_pages[0], "145.00 EUR"));
  g_assert_null (strstr (open_pages[0], "Difference"));
  tix_api_assert_error (other, 404, NULL);

  /* The sale refunded in cash: 100.00 expected; counted 99.50, 0.50 short. */
  refunded = tix_api_request (&f->api, "POST", refund, f->admin, NULL);
  tix_api_assert_status (refunded, 200);
  closed = tix_api_request (&f->api, "POST", close, f->admin, "{\"counted_cash\":9950}");
  tix_api_assert_status (closed, 200);
  closed_pdf = get_pdf (f, f->admin, path);
  a4_pdf = get_pdf (f, f->admin, a4_path);
  closed_pages = tix_sheet_test_pdf_pages (closed_pdf);
  a4_pages = tix_sheet_test_pdf_pages (a4_pdf);
  for (guint i = 0; i < 2; i++)
    {
      const char *text = i == 0 ? closed_pages[0] : a4_pages[0];

      g_assert_nonnull (strstr (text, "Expected cash"));
      g_assert_nonnull (strstr (text, "100.00 EUR"));
      g_assert_nonnull (strstr (text, "Counted cash"));
      g_assert_nonnull (strstr (text, "99.50 EUR"));
      g_assert_nonnull (strstr (text, "Difference"));
      g_assert_nonnull (strstr (text, "-0.50 EUR"));
      g_assert_nonnull (strstr (text, "-45.00 EUR"));
    }
  {
    /* And the receipt now says so. */
    g_autofree char *receipt = g_strdup_printf ("/api/orders/%" G_GINT64_FORMAT "/receipt.pdf",
                                                tix_api_int (f->order, "id"));
    g_autoptr(GBytes) pdf = get_pdf (f, f->admin, receipt);
    g_auto(GStrv) pages = tix_sheet_test_pdf_pages (pdf);

    g_assert_nonnull (strstr (pages[0], "REFUNDED"));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tix/sheet/receipt/pages", test_receipt_pages);
  g_test_add_func ("/tix/sheet/receipt/local", test_receipt_local);
#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/tix/sheet/receipt/order", test_receipt);
  ADD ("/tix/sheet/receipt/tickets", test_tickets);
  ADD ("/tix/sheet/receipt/cash-up", test_cash_up);
#undef ADD

  return g_test_run ();
}
