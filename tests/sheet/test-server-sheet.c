/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-server-sheet"

#include "config.h"

#include <string.h>

#include "server-test-util.h"
#include "sheet-test-util.h"

/* GET /api/tickets/sheet.pdf over HTTP, against a real server. */

typedef struct
{
  TixApiFixture  api;
  char          *token;
  JsonArray     *tickets;   /* 24 VIP tickets, as generate answered */
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  tix_api_fixture_setup (&f->api, data);
  f->token = tix_api_register (&f->api, "anna@example.com", "Anna", NULL);
  f->tickets = tix_api_generate (&f->api, f->token, "VIP", 24, "Balcony, row 2");
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_pointer (&f->tickets, json_array_unref);
  g_clear_pointer (&f->token, g_free);
  tix_api_fixture_teardown (&f->api, data);
}

static const char *
ticket_member (JsonArray  *tickets,
               guint       index,
               const char *member)
{
  return tix_api_string (json_array_get_object_element (tickets, index), member);
}

/* The response is a PDF whose QR codes are exactly the codes of @tickets
 * (indexes into f->tickets), each once. */
static void
assert_sheet (TixApiResponse *r,
              Fixture        *f,
              const guint    *indexes,
              guint           n_indexes,
              guint           n_pages)
{
  g_autoptr(GHashTable) expected = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) payloads = NULL;
  guint pages = 0;

  tix_api_assert_status (r, 200);
  g_assert_cmpstr (tix_api_header (r, "Content-Type"), ==, "application/pdf");
  g_assert_cmpuint (g_bytes_get_size (r->body), >, 5);
  g_assert_cmpmem (g_bytes_get_data (r->body, NULL), 5, "%PDF-", 5);

  for (guint i = 0; i < n_indexes; i++)
    g_hash_table_add (expected, (gpointer) ticket_member (f->tickets, indexes[i], "code"));

  payloads = tix_sheet_test_decode_pdf (r->body, &pages);
  if (n_pages > 0)
    g_assert_cmpuint (pages, ==, n_pages);
  for (guint i = 0; i < payloads->len; i++)
    {
      const char *payload = g_ptr_array_index (payloads, i);

      if (!g_hash_table_contains (expected, payload))
        g_error ("decoded “%s”, not one of the codes printed", payload);
      g_assert_true (g_hash_table_add (seen, (gpointer) payload));
    }
  g_assert_cmpuint (g_hash_table_size (seen), ==, n_indexes);
}

static void
test_all (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(TixApiResponse) r = NULL;
  guint all[24];

  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    all[i] = i;

  /* The default layout is the organization's (a4-3x7 at first): 2 pages. */
  r = tix_api_request (&f->api, "GET", "/api/tickets/sheet.pdf", f->token, NULL);
  assert_sheet (r, f, all, 24, 2);
  g_assert_cmpstr (tix_api_header (r, "X-Tix-Ticket-Count"), ==, "24");
  g_assert_cmpstr (tix_api_header (r, "X-Tix-Total"), ==, "24");
}

static void
test_layouts (Fixture       *f,
              gconstpointer  data)
{
  guint first[3] = { 0, 1, 2 };

  {
    g_autoptr(TixApiResponse) r = NULL;

    r = tix_api_requestf (&f->api, "GET", f->token, NULL,
                          "/api/tickets/sheet.pdf?layout=a4-3x7&limit=3&page=8");
    assert_sheet (r, f, first, 3, 1);
  }

  /* The settings' layout is the default. */
  {
    g_autoptr(TixApiResponse) put = NULL;
    g_autoptr(TixApiResponse) r = NULL;

    put = tix_api_request (&f->api, "PUT", "/api/settings", f->token,
                           "{\"sheet_layout\": \"roll-80\", \"event_name\": \"Gala\"}");
    tix_api_assert_status (put, 200);
    r = tix_api_requestf (&f->api, "GET", f->token, NULL,
                          "/api/tickets/sheet.pdf?search=VIP-00000&limit=3&page=3");
    assert_sheet (r, f, first, 3, 3);
  }
}

static void
test_page_and_search (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(TixApiResponse) r = NULL;
  g_autoptr(TixApiResponse) r2 = NULL;
  guint newest[5] = { 19, 20, 21, 22, 23 };
  guint teens[10] = { 9, 10, 11, 12, 13, 14, 15, 16, 17, 18 };

  /* page and limit: one page of the list, newest first as the list has it. */
  r = tix_api_request (&f->api, "GET", "/api/tickets/sheet.pdf?page=1&limit=5", f->token, NULL);
  assert_sheet (r, f, newest, 5, 1);
  g_assert_cmpstr (tix_api_header (r, "X-Tix-Ticket-Count"), ==, "5");

  /* search: every match (VIP-000010 … VIP-000019). */
  r2 = tix_api_request (&f->api, "GET", "/api/tickets/sheet.pdf?search=vip-00001", f->token,
                        NULL);
  assert_sheet (r2, f, teens, 10, 1);
}

static void
test_filter (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(TixApiResponse) r = NULL;
  g_autoptr(TixApiResponse) scan = NULL;
  guint first[1] = { 0 };

  scan = tix_api_requestf (&f->api, "PUT", f->token, NULL, "/api/tickets/%s/scan",
                           ticket_member (f->tickets, 0, "id"));
  tix_api_assert_status (scan, 200);

  r = tix_api_request (&f->api, "GET", "/api/tickets/sheet.pdf?filter=scanned", f->token, NULL);
  assert_sheet (r, f, first, 1, 1);
}

static void
test_ids (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(TixApiResponse) r = NULL;
  guint picked[3] = { 3, 7, 20 };

  /* In any order, a repeated id printed once. */
  r = tix_api_requestf (&f->api, "GET", f->token, NULL,
                        "/api/tickets/sheet.pdf?ids=%s,%s,%s,%s&layout=letter-3x7",
                        ticket_member (f->tickets, 20, "id"), ticket_member (f->tickets, 3, "id"),
                        ticket_member (f->tickets, 7, "id"), ticket_member (f->tickets, 3, "id"));
  assert_sheet (r, f, picked, 3, 1);
  g_assert_cmpstr (tix_api_header (r, "X-Tix-Ticket-Count"), ==, "3");
}

static void
test_errors (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *other = tix_api_register (&f->api, "bob@example.com", "Bob", NULL);
  struct {
    const char *token;
    const char *path;
    guint       status;
    const char *field;
  } cases[] = {
    { NULL, "/api/tickets/sheet.pdf", 401, NULL },
    { f->token, "/api/tickets/sheet.pdf?layout=a5-1x1", 400, "layout" },
    { f->token, "/api/tickets/sheet.pdf?layout=", 200, NULL },
    { f->token, "/api/tickets/sheet.pdf?filter=maybe", 400, "filter" },
    { f->token, "/api/tickets/sheet.pdf?limit=0", 400, "limit" },
    { f->token, "/api/tickets/sheet.pdf?page=x", 400, "page" },
    { f->token, "/api/tickets/sheet.pdf?ids=not-a-uuid", 400, "ids" },
    /* No match is a 404, never an empty PDF. */
    { f->token, "/api/tickets/sheet.pdf?search=NOPE", 404, NULL },
    { f->token, "/api/tickets/sheet.pdf?search=%25%25", 404, NULL },
    { f->token, "/api/tickets/sheet.pdf?filter=scanned", 404, NULL },
    { f->token, "/api/tickets/sheet.pdf?page=9&limit=5", 404, NULL },
    { f->token, "/api/tickets/sheet.pdf?ids=00000000-0000-4000-8000-000000000000", 404, "ids" },
    /* Another organization has no tickets, and cannot print ours. */
    { other, "/api/tickets/sheet.pdf", 404, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(TixApiResponse) r = tix_api_request (&f->api, "GET", cases[i].path,
                                                     cases[i].token, NULL);

      g_test_message ("%s", cases[i].path);
      if (cases[i].status == 200)
        {
          tix_api_assert_status (r, 200);
          continue;
        }
      tix_api_assert_error (r, cases[i].status, cases[i].field);
      g_assert_cmpstr (tix_api_header (r, "Content-Type"), !=, "application/pdf");
    }

  {
    g_autoptr(TixApiResponse) r = NULL;

    r = tix_api_requestf (&f->api, "GET", other, NULL, "/api/tickets/sheet.pdf?ids=%s",
                          ticket_member (f->tickets, 0, "id"));
    tix_api_assert_error (r, 404, "ids");
  }

  tix_api_assert_serving (&f->api);
}

/* The text of each page of the sheet at @path (asserting 200), and its
 * X-Tix-Ticket-Count in @out_count. */
static GStrv
sheet_pages (Fixture    *f,
             const char *path,
             guint       n_pages,
             char      **out_count)
{
  g_autoptr(TixApiResponse) r = tix_api_request (&f->api, "GET", path, f->token, NULL);
  GStrv pages;

  tix_api_assert_status (r, 200);
  pages = tix_sheet_test_pdf_pages (r->body);
  g_assert_cmpuint (g_strv_length (pages), ==, n_pages);
  if (out_count != NULL)
    *out_count = g_strdup (tix_api_header (r, "X-Tix-Ticket-Count"));
  return pages;
}

/* A sheet of every event: each ticket prints its own event's name and
 * date, on the grid and on the roll. */
static void
test_own_event (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(TixApiResponse) put = NULL;
  g_autoptr(JsonArray) friday_tickets = NULL;
  g_autofree char *roll = NULL;
  g_autofree char *one_event = NULL;
  g_autofree char *count = NULL;
  g_auto(GStrv) roll_pages = NULL;
  g_auto(GStrv) grid_pages = NULL;
  g_auto(GStrv) event_pages = NULL;
  gint64 friday;

  put = tix_api_request (&f->api, "PUT", "/api/settings", f->token,
                         "{\"event_name\": \"Gala\", \"event_date\": \"2026-03-14\","
                         " \"time_zone\": \"Europe/Berlin\"}");
  tix_api_assert_status (put, 200);
  /* 23:30 in UTC is the next day in Berlin: the date is the organization's. */
  friday = tix_api_create_event (&f->api, f->token,
                                 "{\"name\": \"Friday late show\","
                                 " \"starts_at\": \"2026-03-19T23:30:00Z\"}");
  friday_tickets = tix_api_generate_into (&f->api, f->token, friday, "FRI", 2, NULL);

  /* The roll: one ticket a page, in the order asked. */
  roll = g_strdup_printf ("/api/tickets/sheet.pdf?layout=roll-80&ids=%s,%s,%s",
                          ticket_member (f->tickets, 0, "id"),
                          ticket_member (friday_tickets, 0, "id"),
                          ticket_member (f->tickets, 1, "id"));
  roll_pages = sheet_pages (f, roll, 3, NULL);
  for (guint i = 0; i < 3; i += 2)
    {
      g_assert_nonnull (strstr (roll_pages[i], "Gala"));
      /* The seed's event_date: a day without a time. */
      g_assert_nonnull (strstr (roll_pages[i], "2026-03-14"));
      g_assert_null (strstr (roll_pages[i], "2026-03-14 00:00"));
      g_assert_null (strstr (roll_pages[i], "Friday"));
    }
  g_assert_nonnull (strstr (roll_pages[1], "FRI-000001"));
  g_assert_nonnull (strstr (roll_pages[1], "Friday late show"));
  /* Its start, in Berlin: the day and the time of the late show. */
  g_assert_nonnull (strstr (roll_pages[1], "2026-03-20 00:30"));
  g_assert_null (strstr (roll_pages[1], "Gala"));
  g_assert_null (strstr (roll_pages[1], "2026-03-14"));

  /* Every event's tickets, on a grid, in number order: the current
   * event's 24 (three pages), then Friday's two. */
  grid_pages = sheet_pages (f, "/api/tickets/sheet.pdf?layout=a4-2x4", 4, &count);
  g_assert_cmpstr (count, ==, "26");
  g_assert_nonnull (strstr (grid_pages[2], "Gala"));
  g_assert_null (strstr (grid_pages[2], "Friday"));
  g_assert_nonnull (strstr (grid_pages[3], "Friday late show"));
  g_assert_null (strstr (grid_pages[3], "Gala"));

  /* One event's: its own name alone. */
  one_event = g_strdup_printf ("/api/tickets/sheet.pdf?layout=a4-2x4&event_id=%" G_GINT64_FORMAT,
                               friday);
  event_pages = sheet_pages (f, one_event, 1, NULL);
  g_assert_nonnull (strstr (event_pages[0], "Friday late show"));
  g_assert_null (strstr (event_pages[0], "Gala"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/tix/server/sheet/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("all", test_all);
  ADD ("layouts", test_layouts);
  ADD ("page-and-search", test_page_and_search);
  ADD ("filter", test_filter);
  ADD ("ids", test_ids);
  ADD ("errors", test_errors);
  ADD ("own-event", test_own_event);

  return g_test_run ();
}
