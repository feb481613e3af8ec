/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Selling at the desk (issue 19), over HTTP on SQLite and (suite postgres)
 * PostgreSQL: ticket types, the sale all or nothing, ten desks racing for
 * the last ticket, payments, refunds and who may make them (the 10-minute
 * rule, with the sale's time moved back in the database), the void ticket
 * at the door, shifts and their cash-up, money as integers in the raw JSON,
 * another organization's 404, and the migration of a database of the
 * version before. */
#include "config.h"

#include <sqlite3.h>
#include <string.h>
#if HAVE_POSTGRES
#include <libpq-fe.h>
#endif

#include "server-test-util.h"
#include "tix-test-old-schema.h"
#include "tix-store.h"
#include "tix-store-schema.h"
#include "tix-store-schema-pg.h"

typedef struct
{
  TixApiFixture  api;
  char          *admin;
  char          *seller;
  char          *seller2;
  char          *scanner;
  char          *other;     /* an admin of another organization */
  gint64         event_id;
} Fixture;

static char *
add_user (Fixture    *f,
          const char *email,
          const char *role)
{
  g_autofree char *body = g_strdup_printf ("{\"email\":\"%s\",\"name\":\"%s\",\"password\":\""
                                           TIX_API_PASSWORD "\",\"role\":\"%s\"}",
                                           email, email, role);
  g_autoptr(TixApiResponse) r = tix_api_request (&f->api, "POST", "/api/users", f->admin, body);

  tix_api_assert_status (r, 201);
  return tix_api_login (&f->api, email, TIX_API_PASSWORD);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  tix_api_fixture_setup (&f->api, data);
  f->admin = tix_api_register (&f->api, "ada@example.org", "Ada", NULL);
  f->seller = add_user (f, "sam@example.org", "seller");
  f->seller2 = add_user (f, "sid@example.org", "seller");
  f->scanner = add_user (f, "sue@example.org", "scanner");
  f->other = tix_api_register (&f->api, "otto@example.org", "Otto", NULL);
  f->event_id = tix_api_create_event (&f->api, f->admin,
                                      "{\"name\":\"Gala\",\"starts_at\":\"2030-03-14T19:00:00Z\"}");
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_free (f->admin);
  g_free (f->seller);
  g_free (f->seller2);
  g_free (f->scanner);
  g_free (f->other);
  tix_api_fixture_teardown (&f->api, data);
}

/* POST /api/events/:id/types: the new type's id. */
static gint64
add_type (Fixture    *f,
          gint64      event_id,
          const char *body)
{
  g_autoptr(TixApiResponse) r = tix_api_requestf (&f->api, "POST", f->admin, body,
                                                  "/api/events/%" G_GINT64_FORMAT "/types",
                                                  event_id);

  tix_api_assert_status (r, 201);
  return tix_api_int (tix_api_object (r), "id");
}

static gint64
open_shift (Fixture    *f,
            const char *token,
            const char *station,
            gint64      opening_float)
{
  g_autofree char *body = g_strdup_printf ("{\"station\":\"%s\",\"opening_float\":%"
                                           G_GINT64_FORMAT "}", station, opening_float);
  g_autoptr(TixApiResponse) r = tix_api_request (&f->api, "POST", "/api/shifts", token, body);

  tix_api_assert_status (r, 201);
  return tix_api_int (tix_api_object (r), "id");
}

static char *
sale_body (gint64      event_id,
           gint64      type_id,
           gint64      quantity,
           const char *payment,
           const char *station)
{
  return g_strdup_printf ("{\"event_id\":%" G_GINT64_FORMAT ",\"items\":[{\"type_id\":%"
                          G_GINT64_FORMAT ",\"quantity\":%" G_GINT64_FORMAT "}],"
                          "\"payment\":%s,\"station\":\"%s\"}",
                          event_id, type_id, quantity, payment, station);
}

/* A sale that must succeed: the order (a new reference). */
static JsonObject *
sell (Fixture    *f,
      const char *token,
      gint64      type_id,
      gint64      quantity,
      const char *payment,
      const char *station)
{
  g_autofree char *body = sale_body (f->event_id, type_id, quantity, payment, station);
  g_autoptr(TixApiResponse) r = tix_api_request (&f->api, "POST", "/api/orders", token, body);

  tix_api_assert_status (r, 201);
  return json_object_ref (tix_api_object (r));
}

static JsonObject *
get_type (Fixture *f,
          gint64   type_id)
{
  g_autoptr(TixApiResponse) r = tix_api_requestf (&f->api, "GET", f->seller, NULL,
                                                  "/api/events/%" G_GINT64_FORMAT "/types",
                                                  f->event_id);
  JsonArray *types;

  tix_api_assert_status (r, 200);
  types = tix_api_array (r);
  for (guint i = 0; i < json_array_get_length (types); i++)
    {
      JsonObject *type = json_array_get_object_element (types, i);

      if (tix_api_int (type, "id") == type_id)
        return json_object_ref (type);
    }
  g_error ("no type %" G_GINT64_FORMAT, type_id);
}

/* Moves order @id's sale @ms back in time, straight in the database. */
static void
age_order (Fixture *f,
           gint64   id,
           gint64   ms)
{
  g_autofree char *sql = g_strdup_printf ("UPDATE orders SET created_at = created_at - %"
                                          G_GINT64_FORMAT " WHERE id = %" G_GINT64_FORMAT,
                                          ms, id);

  if (tix_test_backend_is_postgres ())
    {
#if HAVE_POSTGRES
      PGconn *conn = PQconnectdb (f->api.server->db_path);
      PGresult *result;

      g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
      result = PQexec (conn, sql);
      g_assert_cmpint (PQresultStatus (result), ==, PGRES_COMMAND_OK);
      PQclear (result);
      PQfinish (conn);
#endif
    }
  else
    {
      sqlite3 *db = NULL;

      g_assert_cmpint (sqlite3_open (f->api.server->db_path, &db), ==, SQLITE_OK);
      sqlite3_busy_timeout (db, 5000);
      g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
      sqlite3_close (db);
    }
}

/* Money members are JSON integers: never "12.5", never "1500.0". */
static void
assert_no_decimals (TixApiResponse *r)
{
  gsize length = 0;
  const char *body = g_bytes_get_data (r->body, &length);
  g_autofree char *text = g_strndup (body, length);
  const char *members[] = { "\"price\":", "\"total\":", "\"tendered\":", "\"change\":",
                            "\"amount\":", "\"expected_cash\":", "\"counted_cash\":",
                            "\"difference\":", "\"opening_float\":", "\"cash\":" };

  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    for (const char *p = strstr (text, members[i]); p != NULL; p = strstr (p + 1, members[i]))
      {
        const char *v = p + strlen (members[i]);

        if (g_str_has_prefix (v, "null"))
          continue;
        if (*v == '-')
          v++;
        g_assert_true (g_ascii_isdigit (*v));
        while (g_ascii_isdigit (*v))
          v++;
        if (*v == '.' || *v == 'e' || *v == 'E')
          g_error ("%s is not an integer in %s", members[i], text);
      }
}

/* Types -------------------------------------------------------------------- */

static void
test_types (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(TixApiResponse) list = NULL;
  g_autoptr(TixApiResponse) put = NULL;
  g_autoptr(TixApiResponse) del = NULL;
  g_autoptr(TixApiResponse) del2 = NULL;
  g_autoptr(JsonObject) type = NULL;
  g_autoptr(JsonObject) order = NULL;
  JsonObject *o;
  gint64 adult, child;
  static const char * const type_members[] = {
    "id", "event_id", "name", "price", "prefix", "quota", "sold", "available", "active",
    "created_at", NULL
  };

  adult = add_type (f, f->event_id, "{\"name\":\"Adult\",\"price\":1500,\"prefix\":\"AD\"}");
  child = add_type (f, f->event_id,
                    "{\"name\":\"Child\",\"price\":800,\"prefix\":\"CH\",\"quota\":10}");

  list = tix_api_requestf (&f->api, "GET", f->scanner, NULL,
                           "/api/events/%" G_GINT64_FORMAT "/types", f->event_id);
  tix_api_assert_status (list, 200);
  assert_no_decimals (list);
  g_assert_cmpuint (json_array_get_length (tix_api_array (list)), ==, 2);
  o = json_array_get_object_element (tix_api_array (list), 0);
  tix_api_assert_members (o, type_members, NULL);
  g_assert_cmpint (tix_api_int (o, "id"), ==, adult);
  g_assert_cmpint (tix_api_int (o, "price"), ==, 1500);
  g_assert_true (tix_api_is_null (o, "quota"));
  g_assert_true (tix_api_is_null (o, "available"));
  o = json_array_get_object_element (tix_api_array (list), 1);
  g_assert_cmpint (tix_api_int (o, "quota"), ==, 10);
  g_assert_cmpint (tix_api_int (o, "available"), ==, 10);

  /* Bad input names the member; a price is never a decimal. */
  {
    const char *bad[][2] = {
      { "{\"name\":\"X\",\"price\":12.5}", "price" },
      { "{\"name\":\"X\",\"price\":1500.0}", "price" },
      { "{\"name\":\"X\",\"price\":-1}", "price" },
      { "{\"name\":\"X\",\"price\":\"15\"}", "price" },
      { "{\"name\":\"X\"}", "price" },
      { "{\"price\":100}", "name" },
      { "{\"name\":\"X\",\"price\":1,\"quota\":-2}", "quota" },
      { "{\"name\":\"X\",\"price\":1,\"prefix\":\"no spaces\"}", "prefix" },
      { "{\"name\":\"X\",\"price\":1,\"colour\":\"red\"}", "colour" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autoptr(TixApiResponse) r = tix_api_requestf (&f->api, "POST", f->admin, bad[i][0],
                                                        "/api/events/%" G_GINT64_FORMAT "/types",
                                                        f->event_id);

        tix_api_assert_error (r, 400, bad[i][1]);
      }
  }

  /* Admins only make and change them. */
  {
    g_autoptr(TixApiResponse) r = tix_api_requestf (&f->api, "POST", f->seller,
                                                    "{\"name\":\"X\",\"price\":1}",
                                                    "/api/events/%" G_GINT64_FORMAT "/types",
                                                    f->event_id);
    g_autoptr(TixApiResponse) r2 = tix_api_requestf (&f->api, "PUT", f->seller,
                                                     "{\"price\":1}",
                                                     "/api/types/%" G_GINT64_FORMAT, adult);

    tix_api_assert_error (r, 403, NULL);
    tix_api_assert_error (r2, 403, NULL);
  }

  put = tix_api_requestf (&f->api, "PUT", f->admin, "{\"price\":1600,\"quota\":null}",
                          "/api/types/%" G_GINT64_FORMAT, child);
  tix_api_assert_status (put, 200);
  g_assert_cmpint (tix_api_int (tix_api_object (put), "price"), ==, 1600);
  g_assert_true (tix_api_is_null (tix_api_object (put), "quota"));

  /* One that sold is deactivated; one that never did is deleted. */
  open_shift (f, f->seller, "desk-1", 0);
  order = sell (f, f->seller, adult, 2, "{\"method\":\"card\"}", "desk-1");
  del = tix_api_requestf (&f->api, "DELETE", f->admin, NULL, "/api/types/%" G_GINT64_FORMAT,
                          adult);
  tix_api_assert_status (del, 200);
  g_assert_false (json_object_get_boolean_member (tix_api_object (del), "deleted"));
  type = get_type (f, adult);
  g_assert_false (json_object_get_boolean_member (type, "active"));
  g_assert_cmpint (tix_api_int (type, "sold"), ==, 2);
  g_assert_cmpint (tix_api_int (type, "available"), ==, 0);
  del2 = tix_api_requestf (&f->api, "DELETE", f->admin, NULL, "/api/types/%" G_GINT64_FORMAT,
                           child);
  tix_api_assert_status (del2, 200);
  g_assert_true (json_object_get_boolean_member (tix_api_object (del2), "deleted"));
  {
    g_autoptr(TixApiResponse) again = tix_api_requestf (&f->api, "DELETE", f->admin, NULL,
                                                        "/api/types/%" G_GINT64_FORMAT, child);
    g_autofree char *body = sale_body (f->event_id, adult, 1, "{\"method\":\"card\"}", "desk-1");
    g_autoptr(TixApiResponse) inactive = tix_api_request (&f->api, "POST", "/api/orders",
                                                          f->seller, body);

    tix_api_assert_error (again, 404, NULL);
    /* An inactive type is not on sale. */
    tix_api_assert_error (inactive, 409, "items");
    g_assert_cmpint (tix_api_int (tix_api_object (inactive), "available"), ==, 0);
  }
}

/* The sale ---------------------------------------------------------------- */

static void
test_sale (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *body = NULL;
  g_autoptr(TixApiResponse) r = NULL;
  g_autoptr(TixApiResponse) got = NULL;
  g_autoptr(TixApiResponse) list = NULL;
  g_autoptr(JsonObject) type = NULL;
  JsonObject *order, *payment, *item, *seller;
  JsonArray *tickets;
  gint64 adult, child, shift;
  static const char * const order_members[] = {
    "id", "number", "event_id", "created_at", "seller", "station", "shift_id", "items",
    "total", "payment", "status", "tickets", NULL
  };
  static const char * const order_optional[] = { "refunded_at", NULL };

  adult = add_type (f, f->event_id, "{\"name\":\"Adult\",\"price\":1500,\"prefix\":\"AD\"}");
  child = add_type (f, f->event_id, "{\"name\":\"Child\",\"price\":800,\"prefix\":\"CH\"}");

  /* No shift, no sale: a 409 naming "shift". */
  body = g_strdup_printf ("{\"event_id\":%" G_GINT64_FORMAT ",\"items\":[{\"type_id\":%"
                          G_GINT64_FORMAT ",\"quantity\":2},{\"type_id\":%" G_GINT64_FORMAT
                          ",\"quantity\":1}],\"payment\":{\"method\":\"cash\",\"tendered\":5000},"
                          "\"station\":\"desk-1\"}", f->event_id, adult, child);
  {
    g_autoptr(TixApiResponse) no_shift = tix_api_request (&f->api, "POST", "/api/orders",
                                                          f->seller, body);

    tix_api_assert_error (no_shift, 409, "shift");
  }
  shift = open_shift (f, f->seller, "desk-1", 10000);
  {
    /* One open shift a station. */
    g_autoptr(TixApiResponse) twice = tix_api_request (&f->api, "POST", "/api/shifts", f->seller,
                                                       "{\"station\":\"desk-1\",\"opening_float\":0}");

    tix_api_assert_error (twice, 409, "station");
  }

  /* Two adults and a child, cash: 3800, 5000 tendered, 1200 change. */
  r = tix_api_request (&f->api, "POST", "/api/orders", f->seller, body);
  tix_api_assert_status (r, 201);
  assert_no_decimals (r);
  order = tix_api_object (r);
  tix_api_assert_members (order, order_members, order_optional);
  g_assert_cmpint (tix_api_int (order, "number"), ==, 1);
  g_assert_cmpint (tix_api_int (order, "event_id"), ==, f->event_id);
  g_assert_cmpint (tix_api_int (order, "shift_id"), ==, shift);
  g_assert_cmpstr (tix_api_string (order, "station"), ==, "desk-1");
  g_assert_cmpstr (tix_api_string (order, "status"), ==, "paid");
  g_assert_cmpint (tix_api_int (order, "total"), ==, 3800);
  seller = json_object_get_object_member (order, "seller");
  g_assert_cmpstr (tix_api_string (seller, "name"), ==, "sam@example.org");
  payment = json_object_get_object_member (order, "payment");
  g_assert_cmpstr (tix_api_string (payment, "method"), ==, "cash");
  g_assert_cmpint (tix_api_int (payment, "tendered"), ==, 5000);
  g_assert_cmpint (tix_api_int (payment, "change"), ==, 1200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (order, "items")), ==, 2);
  item = json_array_get_object_element (json_object_get_array_member (order, "items"), 0);
  g_assert_cmpint (tix_api_int (item, "type_id"), ==, adult);
  g_assert_cmpstr (tix_api_string (item, "name"), ==, "Adult");
  g_assert_cmpint (tix_api_int (item, "price"), ==, 1500);
  g_assert_cmpint (tix_api_int (item, "quantity"), ==, 2);

  /* Three tickets, numbered by their types' prefixes, signed, of the event. */
  tickets = json_object_get_array_member (order, "tickets");
  g_assert_cmpuint (json_array_get_length (tickets), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      JsonObject *t = json_array_get_object_element (tickets, i);

      tix_api_assert_ticket (t);
      g_assert_nonnull (tix_api_string (t, "code"));
      g_assert_cmpint (tix_api_int (t, "event_id"), ==, f->event_id);
      g_assert_cmpint (tix_api_int (t, "order_id"), ==, tix_api_int (order, "id"));
      g_assert_cmpint (tix_api_int (t, "type_id"), ==, i < 2 ? adult : child);
      g_assert_cmpstr (tix_api_string (t, "prefix"), ==, i < 2 ? "AD" : "CH");
    }
  g_assert_cmpstr (tix_api_string (json_array_get_object_element (tickets, 0), "number"), ==,
                   "AD-000001");
  g_assert_cmpstr (tix_api_string (json_array_get_object_element (tickets, 2), "number"), ==,
                   "CH-000001");
  type = get_type (f, adult);
  g_assert_cmpint (tix_api_int (type, "sold"), ==, 2);

  got = tix_api_requestf (&f->api, "GET", f->seller, NULL, "/api/orders/%" G_GINT64_FORMAT,
                          tix_api_int (order, "id"));
  tix_api_assert_status (got, 200);
  g_assert_cmpint (tix_api_int (tix_api_object (got), "total"), ==, 3800);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (tix_api_object (got),
                                                                          "tickets")), ==, 3);

  /* Cash short of the total; card; free is 0 whatever the prices. */
  {
    g_autofree char *short_body = sale_body (f->event_id, adult, 1,
                                             "{\"method\":\"cash\",\"tendered\":1000}", "desk-1");
    g_autofree char *float_body = sale_body (f->event_id, adult, 1,
                                             "{\"method\":\"cash\",\"tendered\":20.5}", "desk-1");
    g_autofree char *no_tendered = sale_body (f->event_id, adult, 1, "{\"method\":\"cash\"}",
                                              "desk-1");
    g_autofree char *bad_method = sale_body (f->event_id, adult, 1, "{\"method\":\"iou\"}",
                                             "desk-1");
    g_autofree char *too_many = sale_body (f->event_id, adult, 101, "{\"method\":\"card\"}",
                                           "desk-1");
    g_autoptr(TixApiResponse) r1 = tix_api_request (&f->api, "POST", "/api/orders", f->seller,
                                                    short_body);
    g_autoptr(TixApiResponse) r2 = tix_api_request (&f->api, "POST", "/api/orders", f->seller,
                                                    float_body);
    g_autoptr(TixApiResponse) r3 = tix_api_request (&f->api, "POST", "/api/orders", f->seller,
                                                    no_tendered);
    g_autoptr(TixApiResponse) r4 = tix_api_request (&f->api, "POST", "/api/orders", f->seller,
                                                    bad_method);
    g_autoptr(TixApiResponse) r5 = tix_api_request (&f->api, "POST", "/api/orders", f->seller,
                                                    too_many);
    g_autoptr(TixApiResponse) r6 = tix_api_request (&f->api, "POST", "/api/orders", f->scanner,
                                                    short_body);
    g_autoptr(TixApiResponse) r7 = tix_api_request (&f->api, "POST", "/api/orders", f->seller,
                                                    "{\"event_id\":1,\"items\":[]}");
    g_autoptr(JsonObject) card = sell (f, f->seller, adult, 1, "{\"method\":\"card\"}", "desk-1");
    g_autoptr(JsonObject) free_order = sell (f, f->seller, adult, 2, "{\"method\":\"free\"}",
                                             "desk-1");

    tix_api_assert_error (r1, 422, "tendered");
    tix_api_assert_error (r2, 400, "tendered");
    tix_api_assert_error (r3, 400, "tendered");
    tix_api_assert_error (r4, 400, "method");
    tix_api_assert_error (r5, 400, "items");
    tix_api_assert_error (r6, 403, NULL);
    tix_api_assert_error (r7, 400, "items");
    g_assert_cmpint (tix_api_int (card, "total"), ==, 1500);
    g_assert_cmpint (tix_api_int (card, "number"), ==, 2);
    g_assert_cmpint (tix_api_int (free_order, "total"), ==, 0);
    g_assert_cmpint (tix_api_int (json_array_get_object_element (
      json_object_get_array_member (free_order, "items"), 0), "price"), ==, 0);
  }

  /* The list, newest first, by number. */
  list = tix_api_requestf (&f->api, "GET", f->seller, NULL,
                           "/api/orders?event_id=%" G_GINT64_FORMAT "&limit=2", f->event_id);
  tix_api_assert_status (list, 200);
  {
    JsonArray *orders = json_object_get_array_member (tix_api_object (list), "orders");
    g_autofree char *path = NULL;
    g_autoptr(TixApiResponse) next = NULL;
    g_autoptr(TixApiResponse) by_number = NULL;

    g_assert_cmpuint (json_array_get_length (orders), ==, 2);
    g_assert_cmpint (tix_api_int (json_array_get_object_element (orders, 0), "number"), ==, 3);
    path = g_strdup_printf ("/api/orders?event_id=%" G_GINT64_FORMAT "&limit=2&cursor=%s",
                            f->event_id, tix_api_string (tix_api_object (list), "next_cursor"));
    next = tix_api_request (&f->api, "GET", path, f->seller, NULL);
    tix_api_assert_status (next, 200);
    orders = json_object_get_array_member (tix_api_object (next), "orders");
    g_assert_cmpuint (json_array_get_length (orders), ==, 1);
    g_assert_true (tix_api_is_null (tix_api_object (next), "next_cursor"));
    by_number = tix_api_request (&f->api, "GET", "/api/orders?q=%232", f->seller, NULL);
    tix_api_assert_status (by_number, 200);
    orders = json_object_get_array_member (tix_api_object (by_number), "orders");
    g_assert_cmpuint (json_array_get_length (orders), ==, 1);
    g_assert_cmpint (tix_api_int (json_array_get_object_element (orders, 0), "number"), ==, 2);
  }
}

/* Ten desks, the last ticket ------------------------------------------------ */

#define N_DESKS 10

static void
test_last_ticket_race (Fixture       *f,
                       gconstpointer  data)
{
  TixApiJob jobs[N_DESKS] = { 0 };
  g_autoptr(JsonObject) type = NULL;
  g_autoptr(JsonObject) first = NULL;
  guint created = 0, refused = 0;
  gint64 quota_type;

  /* A quota of 5, 4 sold: one left. */
  quota_type = add_type (f, f->event_id, "{\"name\":\"Last\",\"price\":2000,\"quota\":5}");
  for (guint i = 0; i < N_DESKS; i++)
    {
      g_autofree char *station = g_strdup_printf ("desk-%u", i);

      open_shift (f, i % 2 ? f->seller : f->seller2, station, 0);
    }
  first = sell (f, f->seller2, quota_type, 4, "{\"method\":\"card\"}", "desk-0");

  for (guint i = 0; i < N_DESKS; i++)
    {
      g_autofree char *station = g_strdup_printf ("desk-%u", i);

      jobs[i].url = f->api.server->url;
      jobs[i].method = "POST";
      jobs[i].path = g_strdup ("/api/orders");
      jobs[i].token = i % 2 ? f->seller : f->seller2;
      jobs[i].body = sale_body (f->event_id, quota_type, 1, "{\"method\":\"card\"}", station);
    }
  tix_api_run_together (jobs, N_DESKS);
  tix_api_assert_answered (jobs, N_DESKS);

  for (guint i = 0; i < N_DESKS; i++)
    {
      JsonObject *o = json_node_get_object (jobs[i].json);

      if (jobs[i].status == 201)
        created++;
      else
        {
          g_assert_cmpuint (jobs[i].status, ==, 409);
          g_assert_cmpstr (tix_api_string (o, "field"), ==, "items");
          g_assert_cmpint (tix_api_int (o, "available"), ==, 0);
          refused++;
        }
      tix_api_job_clear (&jobs[i]);
    }
  g_assert_cmpuint (created, ==, 1);
  g_assert_cmpuint (refused, ==, N_DESKS - 1);

  type = get_type (f, quota_type);
  g_assert_cmpint (tix_api_int (type, "sold"), ==, 5);
  g_assert_cmpint (tix_api_int (type, "available"), ==, 0);
}

/* The event's capacity holds across types, and within one order. */
static void
test_capacity (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(TixApiResponse) put = NULL;
  g_autoptr(JsonObject) order = NULL;
  g_autoptr(JsonObject) type = NULL;
  g_autofree char *body = NULL;
  gint64 a, b;

  put = tix_api_requestf (&f->api, "PUT", f->admin, "{\"capacity\":5}",
                          "/api/events/%" G_GINT64_FORMAT, f->event_id);
  tix_api_assert_status (put, 200);
  a = add_type (f, f->event_id, "{\"name\":\"A\",\"price\":100}");
  b = add_type (f, f->event_id, "{\"name\":\"B\",\"price\":100,\"quota\":100}");
  open_shift (f, f->seller, "desk-1", 0);
  order = sell (f, f->seller, a, 3, "{\"method\":\"card\"}", "desk-1");
  type = get_type (f, b);
  g_assert_cmpint (tix_api_int (type, "available"), ==, 2);

  body = g_strdup_printf ("{\"event_id\":%" G_GINT64_FORMAT ",\"items\":[{\"type_id\":%"
                          G_GINT64_FORMAT ",\"quantity\":1},{\"type_id\":%" G_GINT64_FORMAT
                          ",\"quantity\":2}],\"payment\":{\"method\":\"card\"},"
                          "\"station\":\"desk-1\"}", f->event_id, a, b);
  {
    g_autoptr(TixApiResponse) r = tix_api_request (&f->api, "POST", "/api/orders", f->seller,
                                                   body);
    g_autoptr(JsonObject) after = get_type (f, a);

    tix_api_assert_error (r, 409, "items");
    g_assert_cmpint (tix_api_int (tix_api_object (r), "available"), ==, 1);
    /* All or nothing: the first line was not sold either. */
    g_assert_cmpint (tix_api_int (after, "sold"), ==, 3);
  }
}

/* Refunds ------------------------------------------------------------------- */

static void
test_refund (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(JsonObject) mine = NULL;
  g_autoptr(JsonObject) old = NULL;
  g_autoptr(JsonObject) other = NULL;
  g_autoptr(JsonObject) type = NULL;
  g_autoptr(TixApiResponse) r = NULL;
  g_autoptr(TixApiResponse) scan = NULL;
  g_autofree char *scan_body = NULL;
  JsonObject *order, *ticket;
  gint64 t;

  t = add_type (f, f->event_id, "{\"name\":\"Adult\",\"price\":1500,\"quota\":10}");
  open_shift (f, f->seller, "desk-1", 0);
  open_shift (f, f->seller2, "desk-2", 0);
  mine = sell (f, f->seller, t, 2, "{\"method\":\"cash\",\"tendered\":3000}", "desk-1");
  old = sell (f, f->seller, t, 1, "{\"method\":\"card\"}", "desk-1");
  other = sell (f, f->seller2, t, 1, "{\"method\":\"card\"}", "desk-2");

  /* A scanner never; a seller not another's sale, nor their own after 10 minutes. */
  {
    g_autoptr(TixApiResponse) r1 = tix_api_requestf (&f->api, "POST", f->scanner, NULL,
                                                     "/api/orders/%" G_GINT64_FORMAT "/refund",
                                                     tix_api_int (mine, "id"));
    g_autoptr(TixApiResponse) r2 = tix_api_requestf (&f->api, "POST", f->seller, NULL,
                                                     "/api/orders/%" G_GINT64_FORMAT "/refund",
                                                     tix_api_int (other, "id"));
    g_autoptr(TixApiResponse) r3 = NULL;

    age_order (f, tix_api_int (old, "id"), 11 * 60 * 1000);
    r3 = tix_api_requestf (&f->api, "POST", f->seller, NULL,
                           "/api/orders/%" G_GINT64_FORMAT "/refund", tix_api_int (old, "id"));
    tix_api_assert_error (r1, 403, NULL);
    tix_api_assert_error (r2, 403, NULL);
    tix_api_assert_error (r3, 403, NULL);
  }
  {
    /* Just inside the ten minutes it is still theirs. */
    g_autoptr(TixApiResponse) r4 = NULL;

    age_order (f, tix_api_int (mine, "id"), 9 * 60 * 1000);
    r4 = tix_api_requestf (&f->api, "POST", f->seller, "{\"reason\":\"Wrong day\"}",
                           "/api/orders/%" G_GINT64_FORMAT "/refund", tix_api_int (mine, "id"));
    tix_api_assert_status (r4, 200);
    order = tix_api_object (r4);
    g_assert_cmpstr (tix_api_string (order, "status"), ==, "refunded");
    g_assert_true (tix_api_is_iso_time (tix_api_string (order, "refunded_at")));
    ticket = json_array_get_object_element (json_object_get_array_member (order, "tickets"), 0);
    g_assert_true (tix_api_is_iso_time (tix_api_string (ticket, "refunded_at")));
    scan_body = g_strdup_printf ("{\"code\":\"%s\"}", tix_api_string (ticket, "code"));
  }

  /* Twice is a 409; an admin may refund anyone's, any time (with a shift). */
  r = tix_api_requestf (&f->api, "POST", f->admin, NULL, "/api/orders/%" G_GINT64_FORMAT "/refund",
                        tix_api_int (mine, "id"));
  tix_api_assert_error (r, 409, NULL);
  {
    g_autoptr(TixApiResponse) no_shift = tix_api_requestf (&f->api, "POST", f->admin, NULL,
                                                           "/api/orders/%" G_GINT64_FORMAT
                                                           "/refund", tix_api_int (old, "id"));
    g_autoptr(TixApiResponse) ok = NULL;

    tix_api_assert_error (no_shift, 409, "shift");
    open_shift (f, f->admin, "office", 0);
    ok = tix_api_requestf (&f->api, "POST", f->admin, NULL,
                           "/api/orders/%" G_GINT64_FORMAT "/refund", tix_api_int (old, "id"));
    tix_api_assert_status (ok, 200);
  }

  /* The quota comes back: 4 sold, 3 refunded. */
  type = get_type (f, t);
  g_assert_cmpint (tix_api_int (type, "sold"), ==, 1);
  g_assert_cmpint (tix_api_int (type, "available"), ==, 9);

  /* At the door, a refunded ticket is void. */
  scan = tix_api_request (&f->api, "POST", "/api/scan", f->scanner, scan_body);
  tix_api_assert_error (scan, 422, NULL);
  g_assert_cmpstr (tix_api_string (tix_api_object (scan), "reason"), ==, "refunded");
}

/* Shifts: float + cash sales − cash refunds ----------------------------------- */

static void
test_cash_up (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(JsonObject) a = NULL;
  g_autoptr(JsonObject) b = NULL;
  g_autoptr(JsonObject) c = NULL;
  g_autoptr(TixApiResponse) refund = NULL;
  g_autoptr(TixApiResponse) open = NULL;
  g_autoptr(TixApiResponse) close = NULL;
  g_autoptr(TixApiResponse) again = NULL;
  g_autoptr(TixApiResponse) report = NULL;
  JsonObject *cash_up, *refunds;
  JsonArray *by_method, *by_type;
  gint64 adult, child, shift;

  adult = add_type (f, f->event_id, "{\"name\":\"Adult\",\"price\":1500}");
  child = add_type (f, f->event_id, "{\"name\":\"Child\",\"price\":800}");
  shift = open_shift (f, f->seller, "desk-1", 10000);

  open = tix_api_request (&f->api, "GET", "/api/shifts?open=true&station=desk-1", f->seller, NULL);
  tix_api_assert_status (open, 200);
  g_assert_cmpuint (json_array_get_length (tix_api_array (open)), ==, 1);
  g_assert_cmpint (tix_api_int (json_array_get_object_element (tix_api_array (open), 0), "id"), ==,
                   shift);

  a = sell (f, f->seller, adult, 2, "{\"method\":\"cash\",\"tendered\":5000}", "desk-1");  /* 3000 */
  b = sell (f, f->seller, child, 1, "{\"method\":\"cash\",\"tendered\":800}", "desk-1");   /* 800 */
  c = sell (f, f->seller, adult, 1, "{\"method\":\"card\"}", "desk-1");                    /* 1500 */
  refund = tix_api_requestf (&f->api, "POST", f->seller, NULL,
                             "/api/orders/%" G_GINT64_FORMAT "/refund", tix_api_int (b, "id"));
  tix_api_assert_status (refund, 200);

  /* Expected: 10000 + 3800 − 800 = 13000; counted 12950, 50 short. */
  close = tix_api_requestf (&f->api, "POST", f->seller, "{\"counted_cash\":12950}",
                            "/api/shifts/%" G_GINT64_FORMAT "/close", shift);
  tix_api_assert_status (close, 200);
  assert_no_decimals (close);
  cash_up = tix_api_object (close);
  g_assert_cmpint (tix_api_int (json_object_get_object_member (cash_up, "shift"), "id"), ==, shift);
  g_assert_cmpint (tix_api_int (cash_up, "orders"), ==, 3);
  g_assert_cmpint (tix_api_int (cash_up, "total"), ==, 3000 + 800 + 1500 - 800);
  g_assert_cmpint (tix_api_int (cash_up, "expected_cash"), ==, 13000);
  g_assert_cmpint (tix_api_int (cash_up, "counted_cash"), ==, 12950);
  g_assert_cmpint (tix_api_int (cash_up, "difference"), ==, -50);
  refunds = json_object_get_object_member (cash_up, "refunds");
  g_assert_cmpint (tix_api_int (refunds, "count"), ==, 1);
  g_assert_cmpint (tix_api_int (refunds, "amount"), ==, 800);
  g_assert_cmpint (tix_api_int (refunds, "cash"), ==, 800);
  by_method = json_object_get_array_member (cash_up, "sales_by_method");
  g_assert_cmpuint (json_array_get_length (by_method), ==, 4);
  g_assert_cmpstr (tix_api_string (json_array_get_object_element (by_method, 0), "method"), ==,
                   "cash");
  g_assert_cmpint (tix_api_int (json_array_get_object_element (by_method, 0), "count"), ==, 2);
  g_assert_cmpint (tix_api_int (json_array_get_object_element (by_method, 0), "amount"), ==, 3800);
  g_assert_cmpint (tix_api_int (json_array_get_object_element (by_method, 1), "amount"), ==, 1500);
  by_type = json_object_get_array_member (cash_up, "sales_by_type");
  g_assert_cmpuint (json_array_get_length (by_type), ==, 2);
  g_assert_cmpint (tix_api_int (json_array_get_object_element (by_type, 0), "type_id"), ==, adult);
  g_assert_cmpint (tix_api_int (json_array_get_object_element (by_type, 0), "quantity"), ==, 3);
  g_assert_cmpint (tix_api_int (json_array_get_object_element (by_type, 0), "amount"), ==, 4500);
  g_assert_cmpint (tix_api_int (json_array_get_object_element (by_type, 1), "type_id"), ==, child);

  /* Closed once; the report says the same; a closed shift sells nothing. */
  again = tix_api_requestf (&f->api, "POST", f->seller, "{\"counted_cash\":1}",
                            "/api/shifts/%" G_GINT64_FORMAT "/close", shift);
  tix_api_assert_error (again, 409, NULL);
  report = tix_api_requestf (&f->api, "GET", f->seller, NULL,
                             "/api/shifts/%" G_GINT64_FORMAT "/report", shift);
  tix_api_assert_status (report, 200);
  g_assert_cmpint (tix_api_int (tix_api_object (report), "difference"), ==, -50);
  {
    g_autofree char *body = sale_body (f->event_id, adult, 1, "{\"method\":\"card\"}", "desk-1");
    g_autoptr(TixApiResponse) r = tix_api_request (&f->api, "POST", "/api/orders", f->seller,
                                                   body);
    g_autoptr(TixApiResponse) none = tix_api_request (&f->api, "GET",
                                                      "/api/shifts?open=true&station=desk-1",
                                                      f->seller, NULL);
    g_autoptr(TixApiResponse) bad = tix_api_requestf (&f->api, "POST", f->seller,
                                                      "{\"station\":\"d\",\"opening_float\":1.5}",
                                                      "/api/shifts");

    tix_api_assert_error (r, 409, "shift");
    tix_api_assert_status (none, 200);
    g_assert_cmpuint (json_array_get_length (tix_api_array (none)), ==, 0);
    tix_api_assert_error (bad, 400, "opening_float");
  }
  {
    /* The latest shifts: an admin sees everyone's, a seller their own. */
    g_autoptr(TixApiResponse) mine = NULL;
    g_autoptr(TixApiResponse) all = NULL;
    g_autoptr(TixApiResponse) at = NULL;
    g_autoptr(TixApiResponse) bad = NULL;

    open_shift (f, f->seller2, "desk-2", 500);
    mine = tix_api_request (&f->api, "GET", "/api/shifts", f->seller, NULL);
    all = tix_api_request (&f->api, "GET", "/api/shifts?open=false", f->admin, NULL);
    at = tix_api_request (&f->api, "GET", "/api/shifts?station=desk-2", f->admin, NULL);
    bad = tix_api_request (&f->api, "GET", "/api/shifts?open=maybe", f->admin, NULL);
    tix_api_assert_status (mine, 200);
    g_assert_cmpuint (json_array_get_length (tix_api_array (mine)), ==, 1);
    g_assert_cmpint (tix_api_int (json_array_get_object_element (tix_api_array (mine), 0), "id"),
                     ==, shift);
    tix_api_assert_status (all, 200);
    g_assert_cmpuint (json_array_get_length (tix_api_array (all)), ==, 2);
    tix_api_assert_status (at, 200);
    g_assert_cmpuint (json_array_get_length (tix_api_array (at)), ==, 1);
    tix_api_assert_error (bad, 400, "open");
  }
}

/* Another organization ---------------------------------------------------------- */

static void
test_other_organization (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(JsonObject) order = NULL;
  gint64 t, shift;
  g_autofree char *body = NULL;

  t = add_type (f, f->event_id, "{\"name\":\"Adult\",\"price\":1500}");
  shift = open_shift (f, f->seller, "desk-1", 0);
  order = sell (f, f->seller, t, 1, "{\"method\":\"card\"}", "desk-1");

  {
    g_autoptr(TixApiResponse) r1 = tix_api_requestf (&f->api, "GET", f->other, NULL,
                                                     "/api/events/%" G_GINT64_FORMAT "/types",
                                                     f->event_id);
    g_autoptr(TixApiResponse) r2 = tix_api_requestf (&f->api, "PUT", f->other, "{\"price\":1}",
                                                     "/api/types/%" G_GINT64_FORMAT, t);
    g_autoptr(TixApiResponse) r3 = tix_api_requestf (&f->api, "DELETE", f->other, NULL,
                                                     "/api/types/%" G_GINT64_FORMAT, t);
    g_autoptr(TixApiResponse) r4 = tix_api_requestf (&f->api, "GET", f->other, NULL,
                                                     "/api/orders/%" G_GINT64_FORMAT,
                                                     tix_api_int (order, "id"));
    g_autoptr(TixApiResponse) r5 = tix_api_requestf (&f->api, "POST", f->other, NULL,
                                                     "/api/orders/%" G_GINT64_FORMAT "/refund",
                                                     tix_api_int (order, "id"));
    g_autoptr(TixApiResponse) r6 = tix_api_requestf (&f->api, "GET", f->other, NULL,
                                                     "/api/shifts/%" G_GINT64_FORMAT, shift);
    g_autoptr(TixApiResponse) r7 = tix_api_requestf (&f->api, "POST", f->other,
                                                     "{\"counted_cash\":0}",
                                                     "/api/shifts/%" G_GINT64_FORMAT "/close",
                                                     shift);
    g_autoptr(TixApiResponse) r8 = tix_api_requestf (&f->api, "GET", f->other, NULL,
                                                     "/api/orders?event_id=%" G_GINT64_FORMAT,
                                                     f->event_id);
    g_autoptr(TixApiResponse) r9 = NULL;
    g_autoptr(TixApiResponse) list = tix_api_request (&f->api, "GET", "/api/orders", f->other,
                                                      NULL);

    tix_api_assert_error (r1, 404, NULL);
    tix_api_assert_error (r2, 404, NULL);
    tix_api_assert_error (r3, 404, NULL);
    tix_api_assert_error (r4, 404, NULL);
    tix_api_assert_error (r5, 404, NULL);
    tix_api_assert_error (r6, 404, NULL);
    tix_api_assert_error (r7, 404, NULL);
    tix_api_assert_error (r8, 404, "event_id");
    tix_api_assert_status (list, 200);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (tix_api_object (list),
                                                                            "orders")), ==, 0);

    /* Selling another organization's type from one's own shift. */
    open_shift (f, f->other, "desk-9", 0);
    body = sale_body (f->event_id, t, 1, "{\"method\":\"card\"}", "desk-9");
    r9 = tix_api_request (&f->api, "POST", "/api/orders", f->other, body);
    tix_api_assert_error (r9, 404, NULL);
  }
  {
    /* A seller does not see another seller's shift either. */
    g_autoptr(TixApiResponse) r = tix_api_requestf (&f->api, "GET", f->seller2, NULL,
                                                    "/api/shifts/%" G_GINT64_FORMAT, shift);

    tix_api_assert_error (r, 404, NULL);
  }
}

/* The sales report: by type, method and day, refunds, CSV. */
static void
test_sales_report (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(JsonObject) a = NULL;
  g_autoptr(JsonObject) b = NULL;
  g_autoptr(JsonObject) c = NULL;
  g_autoptr(TixApiResponse) refund = NULL;
  g_autoptr(TixApiResponse) r = NULL;
  g_autoptr(TixApiResponse) csv = NULL;
  g_autoptr(TixApiResponse) future = NULL;
  g_autoptr(TixApiResponse) bad = NULL;
  g_autoptr(TixApiResponse) scanner = NULL;
  g_autoptr(TixApiResponse) other = NULL;
  g_autofree char *today = NULL;
  g_autofree char *csv_text = NULL;
  JsonObject *report, *refunds;
  JsonArray *by_day, *by_method, *by_type;
  gint64 adult, child;

  adult = add_type (f, f->event_id, "{\"name\":\"Adult\",\"price\":1500}");
  child = add_type (f, f->event_id, "{\"name\":\"Child\",\"price\":800}");
  open_shift (f, f->seller, "desk-1", 0);
  a = sell (f, f->seller, adult, 2, "{\"method\":\"cash\",\"tendered\":3000}", "desk-1");
  b = sell (f, f->seller, child, 1, "{\"method\":\"card\"}", "desk-1");
  c = sell (f, f->seller, adult, 1, "{\"method\":\"card\"}", "desk-1");
  refund = tix_api_requestf (&f->api, "POST", f->seller, NULL,
                             "/api/orders/%" G_GINT64_FORMAT "/refund", tix_api_int (c, "id"));
  tix_api_assert_status (refund, 200);

  r = tix_api_requestf (&f->api, "GET", f->seller, NULL,
                        "/api/reports/sales?event_id=%" G_GINT64_FORMAT, f->event_id);
  tix_api_assert_status (r, 200);
  assert_no_decimals (r);
  report = tix_api_object (r);
  g_assert_cmpstr (tix_api_string (report, "currency"), ==, "EUR");
  g_assert_cmpint (tix_api_int (report, "count"), ==, 3);
  g_assert_cmpint (tix_api_int (report, "total"), ==, 3000 + 800);
  refunds = json_object_get_object_member (report, "refunds");
  g_assert_cmpint (tix_api_int (refunds, "count"), ==, 1);
  g_assert_cmpint (tix_api_int (refunds, "amount"), ==, 1500);
  by_day = json_object_get_array_member (report, "by_day");
  g_assert_cmpuint (json_array_get_length (by_day), ==, 1);
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

    today = g_date_time_format (now, "%Y-%m-%d");
  }
  g_assert_cmpstr (tix_api_string (json_array_get_object_element (by_day, 0), "date"), ==, today);
  g_assert_cmpint (tix_api_int (json_array_get_object_element (by_day, 0), "count"), ==, 3);
  by_method = json_object_get_array_member (report, "by_method");
  g_assert_cmpint (tix_api_int (json_array_get_object_element (by_method, 0), "amount"), ==, 3000);
  g_assert_cmpint (tix_api_int (json_array_get_object_element (by_method, 1), "amount"), ==, 2300);
  by_type = json_object_get_array_member (report, "by_type");
  g_assert_cmpuint (json_array_get_length (by_type), ==, 2);
  g_assert_cmpint (tix_api_int (json_array_get_object_element (by_type, 0), "quantity"), ==, 3);

  csv = tix_api_requestf (&f->api, "GET", f->admin, NULL,
                          "/api/reports/sales?format=csv&from=%s&to=%s", today, today);
  tix_api_assert_status (csv, 200);
  g_assert_true (g_str_has_prefix (tix_api_header (csv, "Content-Type"), "text/csv"));
  csv_text = g_strndup (g_bytes_get_data (csv->body, NULL), g_bytes_get_size (csv->body));
  g_assert_nonnull (strstr (csv_text, "kind,key,name,count,amount (minor units of EUR)\r\n"));
  g_assert_nonnull (strstr (csv_text, "total,,,3,3800\r\n"));
  g_assert_nonnull (strstr (csv_text, "refunds,,,1,1500\r\n"));

  future = tix_api_request (&f->api, "GET", "/api/reports/sales?from=2099-01-01", f->admin, NULL);
  tix_api_assert_status (future, 200);
  g_assert_cmpint (tix_api_int (tix_api_object (future), "count"), ==, 0);
  bad = tix_api_request (&f->api, "GET", "/api/reports/sales?from=yesterday", f->admin, NULL);
  tix_api_assert_error (bad, 400, "from");
  scanner = tix_api_request (&f->api, "GET", "/api/reports/sales", f->scanner, NULL);
  tix_api_assert_error (scanner, 403, NULL);
  other = tix_api_request (&f->api, "GET", "/api/reports/sales", f->other, NULL);
  tix_api_assert_status (other, 200);
  g_assert_cmpint (tix_api_int (tix_api_object (other), "count"), ==, 0);
}

/* The next show of a series sells the same types, none sold yet. */
static void
test_copy_event (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(TixApiResponse) copy = NULL;
  g_autoptr(TixApiResponse) types = NULL;
  g_autoptr(JsonObject) order = NULL;
  JsonObject *t;
  gint64 adult;

  adult = add_type (f, f->event_id, "{\"name\":\"Adult\",\"price\":1500,\"prefix\":\"AD\",\"quota\":40}");
  add_type (f, f->event_id, "{\"name\":\"Child\",\"price\":800}");
  open_shift (f, f->seller, "desk-1", 0);
  order = sell (f, f->seller, adult, 2, "{\"method\":\"card\"}", "desk-1");
  copy = tix_api_requestf (&f->api, "POST", f->admin, "{\"starts_at\":\"2030-03-21T19:00:00Z\"}",
                           "/api/events/%" G_GINT64_FORMAT "/copy", f->event_id);
  tix_api_assert_status (copy, 201);
  types = tix_api_requestf (&f->api, "GET", f->seller, NULL,
                            "/api/events/%" G_GINT64_FORMAT "/types",
                            tix_api_int (tix_api_object (copy), "id"));
  tix_api_assert_status (types, 200);
  g_assert_cmpuint (json_array_get_length (tix_api_array (types)), ==, 2);
  t = json_array_get_object_element (tix_api_array (types), 0);
  g_assert_cmpstr (tix_api_string (t, "name"), ==, "Adult");
  g_assert_cmpint (tix_api_int (t, "price"), ==, 1500);
  g_assert_cmpstr (tix_api_string (t, "prefix"), ==, "AD");
  g_assert_cmpint (tix_api_int (t, "quota"), ==, 40);
  g_assert_cmpint (tix_api_int (t, "sold"), ==, 0);
  g_assert_cmpint (tix_api_int (t, "available"), ==, 40);
  g_assert_cmpint (tix_api_int (t, "event_id"), ==, tix_api_int (tix_api_object (copy), "id"));
}

/* generate names a type (printed in advance): its event and prefix. */
static void
test_generate_typed (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *body = NULL;
  g_autofree char *wrong = NULL;
  g_autoptr(TixApiResponse) r = NULL;
  g_autoptr(TixApiResponse) other = NULL;
  g_autoptr(TixApiResponse) mismatch = NULL;
  g_autoptr(JsonObject) type = NULL;
  gint64 vip, second;

  vip = add_type (f, f->event_id, "{\"name\":\"VIP\",\"price\":5000,\"prefix\":\"VIP\"}");
  second = tix_api_create_event (&f->api, f->admin, "{\"name\":\"Matinee\"}");
  body = g_strdup_printf ("{\"count\":3,\"type_id\":%" G_GINT64_FORMAT "}", vip);
  r = tix_api_request (&f->api, "POST", "/api/tickets/generate", f->seller, body);
  tix_api_assert_status (r, 201);
  for (guint i = 0; i < 3; i++)
    {
      JsonObject *t = json_array_get_object_element (tix_api_array (r), i);

      g_assert_cmpint (tix_api_int (t, "type_id"), ==, vip);
      g_assert_cmpint (tix_api_int (t, "event_id"), ==, f->event_id);
      g_assert_cmpstr (tix_api_string (t, "prefix"), ==, "VIP");
      g_assert_false (json_object_has_member (t, "order_id"));
    }
  /* Printed in advance: not sold. */
  type = get_type (f, vip);
  g_assert_cmpint (tix_api_int (type, "sold"), ==, 0);

  other = tix_api_request (&f->api, "POST", "/api/tickets/generate", f->other, body);
  tix_api_assert_error (other, 404, "type_id");
  wrong = g_strdup_printf ("{\"count\":1,\"type_id\":%" G_GINT64_FORMAT ",\"event_id\":%"
                           G_GINT64_FORMAT "}", vip, second);
  mismatch = tix_api_request (&f->api, "POST", "/api/tickets/generate", f->seller, wrong);
  tix_api_assert_error (mismatch, 400, "type_id");
}

/* The currency setting: ISO 4217, EUR unless set. */
static void
test_currency (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(TixApiResponse) get = tix_api_request (&f->api, "GET", "/api/settings", f->seller,
                                                   NULL);
  g_autoptr(TixApiResponse) put = tix_api_request (&f->api, "PUT", "/api/settings", f->admin,
                                                   "{\"currency\":\"CHF\"}");
  g_autoptr(TixApiResponse) bad = tix_api_request (&f->api, "PUT", "/api/settings", f->admin,
                                                   "{\"currency\":\"EURO\"}");
  g_autoptr(TixApiResponse) lower = tix_api_request (&f->api, "PUT", "/api/settings", f->admin,
                                                     "{\"currency\":\"chf\"}");
  g_autoptr(TixApiResponse) seller = tix_api_request (&f->api, "PUT", "/api/settings", f->seller,
                                                      "{\"currency\":\"USD\"}");
  g_autoptr(TixApiResponse) after = tix_api_request (&f->api, "GET", "/api/settings", f->seller,
                                                     NULL);
  g_autoptr(TixApiResponse) other = tix_api_request (&f->api, "GET", "/api/settings", f->other,
                                                     NULL);

  tix_api_assert_status (get, 200);
  g_assert_cmpstr (tix_api_string (tix_api_object (get), "currency"), ==, "EUR");
  tix_api_assert_status (put, 200);
  tix_api_assert_error (bad, 400, "currency");
  tix_api_assert_error (lower, 400, "currency");
  tix_api_assert_error (seller, 403, NULL);
  g_assert_cmpstr (tix_api_string (tix_api_object (after), "currency"), ==, "CHF");
  g_assert_cmpstr (tix_api_string (tix_api_object (other), "currency"), ==, "EUR");
}

/* Migration ------------------------------------------------------------------- */

/* The schema just before sales (issue 19), on each backend. */
#define SQLITE_BEFORE 7
#define PG_BEFORE     5

/* The identities go on after the ids the rows gave. */
#define AFTER_ROWS_PG \
  "SELECT setval (pg_get_serial_sequence ('organizations', 'id'), 1);" \
  "SELECT setval (pg_get_serial_sequence ('users', 'id'), 1);" \
  "SELECT setval (pg_get_serial_sequence ('events', 'id'), 1);"

static const char old_rows[] =
  "INSERT INTO organizations (id, name, max_users, created_at) VALUES"
  " (1, 'Hall', 5, 1700000000000);"
  "INSERT INTO users (id, email, password_hash, name, role, organization_id, created_at) VALUES"
  " (1, 'ada@example.org', 'x', 'Ada', 'admin', 1, 1700000000000);"
  "INSERT INTO ticket_counts (organization_id, total, scanned, changes) VALUES (1, 2, 1, 2);"
  "INSERT INTO events (id, organization_id, name, created_at, capacity, total, scanned) VALUES"
  " (1, 1, 'Gala', 1700000000000, 3, 2, 1);"
  "INSERT INTO settings (organization_id, key, value) VALUES (1, 'current_event_id', '1');"
  "INSERT INTO tickets (id, organization_id, number, prefix, generated_at, scanned_at,"
  " version, event_id) VALUES"
  " ('6f1c2a48-0b7e-4a55-9d2a-000000000001', 1, 'GALA-000001', 'GALA', 1700000000000,"
  "  1700000100000, 1, 1),"
  " ('6f1c2a48-0b7e-4a55-9d2a-000000000002', 1, 'GALA-000002', 'GALA', 1700000000000, NULL,"
  "  2, 1);";

/* The events migration's function (tix-db-sqlite.c); no event there has
 * a date. */
static void
test_migration (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("tix-test-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autoptr(TixStore) store = NULL;
  g_autoptr(TixUser) user = NULL;
  g_autoptr(TixTicketType) type = tix_ticket_type_new ();
  g_autoptr(TixTicketType) made = NULL;
  g_autoptr(TixShift) shift = NULL;
  g_autoptr(TixOrder) order = NULL;
  g_autoptr(TixTicket) old = NULL;
  g_autoptr(TixStoreEvent) event = NULL;
  TixStoreOrderLine lines[] = { { 0, 2 } };
  TixStoreSale sale = { 1, lines, 1, TIX_PAYMENT_CARD, -1, "desk" };
  gint64 available = -1;

  g_assert_no_error (error);
  path = tix_test_database_new (dir);
  if (tix_test_backend_is_postgres ())
    {
#if HAVE_POSTGRES
      tix_test_make_old_pg (path, PG_BEFORE, old_rows, AFTER_ROWS_PG);
#endif
    }
  else
    tix_test_make_old_sqlite (path, SQLITE_BEFORE, old_rows);

  store = tix_store_open (path, &error);
  g_assert_no_error (error);

  /* The old tickets have no type, order or refund. */
  old = tix_store_get_ticket (store, 1, "6f1c2a48-0b7e-4a55-9d2a-000000000001", &error);
  g_assert_no_error (error);
  g_assert_cmpint (tix_ticket_get_type_id (old), ==, 0);
  g_assert_cmpint (tix_ticket_get_order_id (old), ==, 0);
  g_assert_cmpint (tix_ticket_get_refunded_at (old), ==, 0);

  /* The event's capacity of 3 counts its 2 old tickets: one seat left. */
  user = tix_store_get_user (store, 1, &error);
  g_assert_no_error (error);
  type->event_id = 1;
  type->name = g_strdup ("Adult");
  type->prefix = g_strdup ("AD");
  type->price = 1500;
  made = tix_store_create_ticket_type (store, user, type, 1800000000000, &error);
  g_assert_no_error (error);
  g_assert_cmpint (made->available, ==, 1);
  shift = tix_store_open_shift (store, user, "desk", 0, 1800000000000, &error);
  g_assert_no_error (error);
  lines[0].type_id = made->id;
  order = tix_store_sell (store, user, &sale, 1800000000000, &available, &error);
  g_assert_error (error, TIX_STORE_ERROR, TIX_STORE_ERROR_SOLD_OUT);
  g_assert_null (order);
  g_assert_cmpint (available, ==, 1);
  g_clear_error (&error);
  lines[0].quantity = 1;
  order = tix_store_sell (store, user, &sale, 1800000000000, &available, &error);
  g_assert_no_error (error);
  g_assert_cmpint (order->number, ==, 1);
  g_assert_cmpuint (order->tickets->len, ==, 1);
  event = tix_store_get_event (store, 1, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (event->total, ==, 3);

  g_clear_object (&store);
  tix_test_database_drop (path);
  tix_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/tix/server/sales/types", test_types);
  ADD ("/tix/server/sales/sale", test_sale);
  ADD ("/tix/server/sales/last-ticket-race", test_last_ticket_race);
  ADD ("/tix/server/sales/capacity", test_capacity);
  ADD ("/tix/server/sales/refund", test_refund);
  ADD ("/tix/server/sales/cash-up", test_cash_up);
  ADD ("/tix/server/sales/other-organization", test_other_organization);
  ADD ("/tix/server/sales/currency", test_currency);
  ADD ("/tix/server/sales/report", test_sales_report);
  ADD ("/tix/server/sales/copy-event", test_copy_event);
  ADD ("/tix/server/sales/generate-typed", test_generate_typed);
  g_test_add_func ("/tix/server/sales/migration", test_migration);

  return g_test_run ();
}
