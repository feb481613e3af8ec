/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Shifts (issue 19): POST /api/shifts opens one at a station with a float;
 * GET /api/shifts (?open=true: the caller's open ones, ?station= that
 * station's), GET /api/shifts/:id; POST /api/shifts/:id/close counts the
 * cash and answers the cash-up, which GET /api/shifts/:id/report gives
 * again. Admins see every shift, sellers their own. Money is whole minor
 * units. */
#define G_LOG_DOMAIN "tix-server-shifts"

#include "config.h"

#include "tix-server-private.h"
#include "tix-time.h"

static void
reply_shift (SoupServerMessage *msg,
             guint              status,
             const TixShift    *shift)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  tix_shift_to_json (shift, builder);
  tix_server_reply_builder (msg, status, builder);
}

static void
reply_cash_up (SoupServerMessage *msg,
               guint              status,
               const TixCashUp   *cash_up)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  tix_cash_up_to_json (cash_up, builder);
  tix_server_reply_builder (msg, status, builder);
}

static void
handle_open (TixServer         *self,
             SoupServerMessage *msg)
{
  g_autoptr(TixUser) user = tix_server_authenticate (self, msg);
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(TixShift) shift = NULL;
  g_autoptr(GError) error = NULL;
  const char *station;
  gint64 opening_float = 0;
  static const char * const allowed[] = { "station", "opening_float", NULL };

  if (user == NULL || !tix_server_require_role (msg, user, "seller") ||
      (body = tix_server_read_object (msg)) == NULL ||
      !tix_server_check_members (msg, body, allowed) ||
      (station = tix_server_sale_station (msg, body)) == NULL ||
      !tix_server_get_money (msg, body, "opening_float", TRUE, &opening_float))
    return;

  shift = tix_store_open_shift (self->store, user, station, opening_float, tix_time_now_ms (),
                                &error);
  if (shift == NULL)
    {
      if (g_error_matches (error, TIX_STORE_ERROR, TIX_STORE_ERROR_EXISTS))
        tix_server_reply_error (msg, SOUP_STATUS_CONFLICT, "station", "%s", error->message);
      else
        tix_server_reply_gerror (msg, error);
      return;
    }
  reply_shift (msg, SOUP_STATUS_CREATED, shift);
}

/* The shift of the path for the signed-in admin, or its own seller; NULL
 * after replying (another's shift is a 404 to a seller). */
static TixShift *
path_shift (TixServer          *self,
            SoupServerMessage  *msg,
            const TixRoute     *route,
            TixUser           **out_user)
{
  g_autoptr(TixUser) user = tix_server_authenticate (self, msg);
  g_autoptr(GError) error = NULL;
  g_autoptr(TixShift) shift = NULL;
  gint64 id;

  if (user == NULL || !tix_server_require_role (msg, user, "seller"))
    return NULL;
  id = tix_server_path_id (route->segments[2]);
  if (id != 0)
    shift = tix_store_get_shift (self->store, tix_user_get_organization_id (user), id, &error);
  if (shift != NULL && shift->user_id != tix_user_get_id (user) &&
      !g_str_equal (tix_user_get_role (user), "admin"))
    g_clear_pointer (&shift, tix_shift_unref);
  if (shift == NULL)
    {
      if (error == NULL || g_error_matches (error, TIX_STORE_ERROR, TIX_STORE_ERROR_NOT_FOUND))
        tix_server_reply_error (msg, SOUP_STATUS_NOT_FOUND, NULL, "No such shift");
      else
        tix_server_reply_gerror (msg, error);
      return NULL;
    }
  if (out_user != NULL)
    *out_user = g_steal_pointer (&user);
  return g_steal_pointer (&shift);
}

static void
handle_get (TixServer         *self,
            SoupServerMessage *msg,
            const TixRoute    *route)
{
  g_autoptr(TixShift) shift = path_shift (self, msg, route, NULL);

  if (shift != NULL)
    reply_shift (msg, SOUP_STATUS_OK, shift);
}

/* GET /api/shifts?open=true[&station=]: the caller's open shift (at that
 * station, or the X-Tix-Station one), as a list of none or one. Without
 * open: the latest shifts (?limit=, 50), of every cashier for an admin, a
 * seller's own; at ?station= only. */
static void
handle_list (TixServer         *self,
             SoupServerMessage *msg,
             GHashTable        *query)
{
  g_autoptr(TixUser) user = tix_server_authenticate (self, msg);
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(TixShift) shift = NULL;
  g_autoptr(GError) error = NULL;
  const char *open = query ? g_hash_table_lookup (query, "open") : NULL;
  const char *station = query ? g_hash_table_lookup (query, "station") : NULL;

  if (user == NULL || !tix_server_require_role (msg, user, "seller"))
    return;
  if (open != NULL && *open != '\0' && !g_str_equal (open, "true") &&
      !g_str_equal (open, "false"))
    {
      tix_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "open", "“open” must be true or false");
      return;
    }
  if (g_strcmp0 (open, "true") != 0)
    {
      g_autoptr(GPtrArray) shifts = NULL;
      gint64 limit = 50;
      gboolean admin = g_str_equal (tix_user_get_role (user), "admin");

      if (!tix_server_query_int (msg, query, "limit", 50, 1, 500, &limit))
        return;
      if (station != NULL && (*station == '\0' || !tix_server_check_station (station)))
        {
          tix_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "station",
                                  "“station” must be 1 to 64 printable characters");
          return;
        }
      shifts = tix_store_list_shifts (self->store, tix_user_get_organization_id (user),
                                      admin ? 0 : tix_user_get_id (user), station, (guint) limit,
                                      &error);
      if (shifts == NULL)
        {
          tix_server_reply_gerror (msg, error);
          return;
        }
      builder = json_builder_new_immutable ();
      json_builder_begin_array (builder);
      for (guint i = 0; i < shifts->len; i++)
        tix_shift_to_json (g_ptr_array_index (shifts, i), builder);
      json_builder_end_array (builder);
      tix_server_reply_builder (msg, SOUP_STATUS_OK, builder);
      return;
    }
  if (station == NULL || *station == '\0')
    station = tix_server_station_of (msg);
  if (station != NULL && !tix_server_check_station (station))
    {
      tix_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "station",
                              "“station” must be at most 64 printable characters");
      return;
    }
  shift = tix_store_find_open_shift (self->store, user, station, &error);
  if (shift == NULL && !g_error_matches (error, TIX_STORE_ERROR, TIX_STORE_ERROR_NOT_FOUND))
    {
      tix_server_reply_gerror (msg, error);
      return;
    }
  builder = json_builder_new_immutable ();
  json_builder_begin_array (builder);
  if (shift != NULL)
    tix_shift_to_json (shift, builder);
  json_builder_end_array (builder);
  tix_server_reply_builder (msg, SOUP_STATUS_OK, builder);
}

static void
handle_close (TixServer         *self,
              SoupServerMessage *msg,
              const TixRoute    *route)
{
  g_autoptr(TixUser) user = NULL;
  g_autoptr(TixShift) shift = path_shift (self, msg, route, &user);
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(TixCashUp) cash_up = NULL;
  g_autoptr(GError) error = NULL;
  gint64 counted = 0;
  static const char * const allowed[] = { "counted_cash", NULL };

  if (shift == NULL || (body = tix_server_read_object (msg)) == NULL ||
      !tix_server_check_members (msg, body, allowed) ||
      !tix_server_get_money (msg, body, "counted_cash", TRUE, &counted))
    return;
  cash_up = tix_store_close_shift (self->store, user, shift->id, counted, tix_time_now_ms (),
                                   &error);
  if (cash_up == NULL)
    {
      tix_server_reply_gerror (msg, error);
      return;
    }
  reply_cash_up (msg, SOUP_STATUS_OK, cash_up);
}

static void
handle_report (TixServer         *self,
               SoupServerMessage *msg,
               const TixRoute    *route)
{
  g_autoptr(TixUser) user = NULL;
  g_autoptr(TixShift) shift = path_shift (self, msg, route, &user);
  g_autoptr(TixCashUp) cash_up = NULL;
  g_autoptr(GError) error = NULL;
  const char *format = route->query ? g_hash_table_lookup (route->query, "format") : NULL;

  if (shift == NULL)
    return;
  if (format != NULL && *format != '\0' && !g_str_equal (format, "json"))
    {
      tix_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "format",
                              "“format” must be “json” (the PDF is at report.pdf)");
      return;
    }
  cash_up = tix_store_get_cash_up (self->store, tix_user_get_organization_id (user), shift->id,
                                   &error);
  if (cash_up == NULL)
    tix_server_reply_gerror (msg, error);
  else
    reply_cash_up (msg, SOUP_STATUS_OK, cash_up);
}

gboolean
tix_server_route_shifts (TixServer         *self,
                         SoupServerMessage *msg,
                         TixRoute          *route)
{
  if (tix_route_is (route, "POST", "/api/shifts"))
    handle_open (self, msg);
  else if (tix_route_is (route, "GET", "/api/shifts"))
    handle_list (self, msg, route->query);
  else if (tix_route_is (route, "GET", "/api/shifts/*"))
    handle_get (self, msg, route);
  else if (tix_route_is (route, "POST", "/api/shifts/*/close"))
    handle_close (self, msg, route);
  else if (tix_route_is (route, "GET", "/api/shifts/*/report"))
    handle_report (self, msg, route);
  else
    return FALSE;
  return TRUE;
}
