/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-server-test"

#include "config.h"

#include <string.h>

#include "server-test-util.h"

static const char * const ticket_required[] = {
  "id", "number", "prefix", "extra", "generated_at", "scanned_at", "scanned_by",
  "scanned_by_name", "organization_id", "created_by", NULL
};
/* The QR payload, from the scan issue on. */
static const char * const ticket_optional[] = { "code", "event_id", "type_id", "order_id",
                                                 "refunded_at", NULL };

static const char * const user_required[] = {
  "id", "email", "name", "role", "organization_id", "organizationId", NULL
};

gboolean
tix_api_under_valgrind (void)
{
  return g_getenv ("TIX_UNDER_VALGRIND") != NULL;
}

SoupSession *
tix_api_session_new (void)
{
  /* No timeout: under valgrind a big request takes a while. */
  return soup_session_new_with_options ("timeout", 0,
                                        "idle-timeout", 0,
                                        NULL);
}

void
tix_api_fixture_setup (TixApiFixture *fixture,
                       gconstpointer  data)
{
  fixture->server = tix_test_server_new ();
  fixture->session = tix_api_session_new ();
}

void
tix_api_fixture_teardown (TixApiFixture *fixture,
                          gconstpointer  data)
{
  soup_session_abort (fixture->session);
  g_assert_finalize_object (g_steal_pointer (&fixture->session));
  g_clear_pointer (&fixture->server, tix_test_server_free);
}

void
tix_api_response_free (TixApiResponse *response)
{
  if (response == NULL)
    return;

  g_free (response->method);
  g_free (response->path);
  g_clear_pointer (&response->body, g_bytes_unref);
  g_clear_pointer (&response->json, json_node_unref);
  g_clear_pointer (&response->headers, soup_message_headers_unref);
  g_free (response);
}

TixApiResponse *
tix_api_send (SoupSession        *session,
              const char         *base_url,
              const char         *method,
              const char         *path,
              const char         *token,
              const char * const *headers,
              const char         *content_type,
              const void         *body,
              gsize               length)
{
  g_autofree char *uri = g_strconcat (base_url, path, NULL);
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) answer = NULL;
  TixApiResponse *response;
  SoupMessageHeaders *request_headers;
  gsize size = 0;
  const char *data;

  msg = soup_message_new (method, uri);
  if (msg == NULL)
    g_error ("cannot make a request for %s %s", method, uri);

  request_headers = soup_message_get_request_headers (msg);
  if (token != NULL)
    {
      g_autofree char *value = g_strconcat ("Bearer ", token, NULL);
      soup_message_headers_replace (request_headers, "Authorization", value);
    }
  for (guint i = 0; headers != NULL && headers[i] != NULL; i += 2)
    soup_message_headers_replace (request_headers, headers[i], headers[i + 1]);

  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, length);
      soup_message_set_request_body_from_bytes (msg, content_type, bytes);
    }

  answer = soup_session_send_and_read (session, msg, NULL, &error);
  if (error != NULL)
    g_error ("%s %s failed: %s", method, path, error->message);

  response = g_new0 (TixApiResponse, 1);
  response->method = g_strdup (method);
  response->path = g_strdup (path);
  response->status = soup_message_get_status (msg);
  response->body = g_steal_pointer (&answer);
  response->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));

  data = g_bytes_get_data (response->body, &size);
  if (size > 0)
    {
      g_autoptr(JsonParser) parser = json_parser_new_immutable ();

      if (json_parser_load_from_data (parser, data, (gssize) size, NULL) &&
          json_parser_get_root (parser) != NULL)
        response->json = json_node_ref (json_parser_get_root (parser));
    }

  return response;
}

TixApiResponse *
tix_api_request (TixApiFixture *fixture,
                 const char    *method,
                 const char    *path,
                 const char    *token,
                 const char    *json)
{
  return tix_api_send (fixture->session, fixture->server->url, method, path, token, NULL,
                       "application/json", json, json != NULL ? strlen (json) : 0);
}

TixApiResponse *
tix_api_requestf (TixApiFixture *fixture,
                  const char    *method,
                  const char    *token,
                  const char    *json,
                  const char    *path_format,
                  ...)
{
  g_autofree char *path = NULL;
  va_list args;

  va_start (args, path_format);
  path = g_strdup_vprintf (path_format, args);
  va_end (args);

  return tix_api_request (fixture, method, path, token, json);
}

static char *
body_excerpt (TixApiResponse *response)
{
  gsize size = 0;
  const char *data = g_bytes_get_data (response->body, &size);

  return g_strndup (data != NULL ? data : "", MIN (size, 600));
}

void
tix_api_assert_status (TixApiResponse *response,
                       guint           status)
{
  if (response->status != status)
    {
      g_autofree char *excerpt = body_excerpt (response);

      g_error ("%s %s: expected status %u, got %u: %s", response->method, response->path,
               status, response->status, excerpt);
    }
}

void
tix_api_assert_error (TixApiResponse *response,
                      guint           status,
                      const char     *field)
{
  g_autofree char *excerpt = body_excerpt (response);
  const char *content_type;
  JsonObject *object;
  JsonNode *error;

  tix_api_assert_status (response, status);

  content_type = soup_message_headers_get_content_type (response->headers, NULL);
  if (g_strcmp0 (content_type, "application/json") != 0)
    g_error ("%s %s: error answered as %s, not JSON: %s", response->method, response->path,
             content_type ? content_type : "(no type)", excerpt);

  if (response->json == NULL || !JSON_NODE_HOLDS_OBJECT (response->json))
    g_error ("%s %s: error is not a JSON object: %s", response->method, response->path,
             excerpt);
  object = json_node_get_object (response->json);

  error = json_object_get_member (object, "error");
  if (error == NULL || !JSON_NODE_HOLDS_VALUE (error) ||
      json_node_get_value_type (error) != G_TYPE_STRING ||
      *json_node_get_string (error) == '\0')
    g_error ("%s %s: no readable “error” in %s", response->method, response->path, excerpt);

  if (field != NULL)
    {
      JsonNode *node = json_object_get_member (object, "field");

      if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
          json_node_get_value_type (node) != G_TYPE_STRING ||
          g_strcmp0 (json_node_get_string (node), field) != 0)
        g_error ("%s %s: expected field “%s” in %s", response->method, response->path,
                 field, excerpt);
    }
}

JsonObject *
tix_api_object (TixApiResponse *response)
{
  if (response->json == NULL || !JSON_NODE_HOLDS_OBJECT (response->json))
    {
      g_autofree char *excerpt = body_excerpt (response);
      g_error ("%s %s: expected a JSON object, got %s", response->method, response->path,
               excerpt);
    }
  return json_node_get_object (response->json);
}

JsonArray *
tix_api_array (TixApiResponse *response)
{
  if (response->json == NULL || !JSON_NODE_HOLDS_ARRAY (response->json))
    {
      g_autofree char *excerpt = body_excerpt (response);
      g_error ("%s %s: expected a JSON array, got %s", response->method, response->path,
               excerpt);
    }
  return json_node_get_array (response->json);
}

const char *
tix_api_header (TixApiResponse *response,
                const char     *name)
{
  return soup_message_headers_get_one (response->headers, name);
}

static JsonNode *
member (JsonObject *object,
        const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL)
    g_error ("member “%s” is missing", name);
  return node;
}

gint64
tix_api_int (JsonObject *object,
             const char *name)
{
  JsonNode *node = member (object, name);

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    g_error ("member “%s” is not an integer", name);
  return json_node_get_int (node);
}

double
tix_api_number (JsonObject *object,
                const char *name)
{
  JsonNode *node = member (object, name);

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
    return (double) json_node_get_int (node);
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_DOUBLE)
    return json_node_get_double (node);
  g_error ("member “%s” is not a number", name);
}

const char *
tix_api_string (JsonObject *object,
                const char *name)
{
  JsonNode *node = member (object, name);

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    g_error ("member “%s” is not a string", name);
  return json_node_get_string (node);
}

const char *
tix_api_string_or_null (JsonObject *object,
                        const char *name)
{
  JsonNode *node = member (object, name);

  if (JSON_NODE_HOLDS_NULL (node))
    return NULL;
  return tix_api_string (object, name);
}

gboolean
tix_api_is_null (JsonObject *object,
                 const char *name)
{
  return JSON_NODE_HOLDS_NULL (member (object, name));
}

void
tix_api_assert_members (JsonObject         *object,
                        const char * const *required,
                        const char * const *optional)
{
  g_autoptr(GList) names = json_object_get_members (object);

  for (guint i = 0; required[i] != NULL; i++)
    if (!json_object_has_member (object, required[i]))
      g_error ("member “%s” is missing", required[i]);

  for (GList *l = names; l != NULL; l = l->next)
    if (!g_strv_contains (required, l->data) &&
        (optional == NULL || !g_strv_contains (optional, l->data)))
      g_error ("unexpected member “%s”", (const char *) l->data);
}

gboolean
tix_api_is_iso_time (const char *text)
{
  return text != NULL &&
         g_regex_match_simple ("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}"
                               "\\.[0-9]{3}Z$", text, 0, 0);
}

gint64
tix_api_parse_time (const char *text)
{
  g_autoptr(GDateTime) dt = NULL;

  if (!tix_api_is_iso_time (text))
    g_error ("“%s” is not a time like 2026-11-25T09:00:00.123Z", text);
  dt = g_date_time_new_from_iso8601 (text, NULL);
  g_assert_nonnull (dt);
  return g_date_time_to_unix (dt) * 1000 + g_date_time_get_microsecond (dt) / 1000;
}

char *
tix_api_json_string (const char *text)
{
  g_autoptr(JsonNode) node = json_node_init_string (json_node_alloc (), text);
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_generator_set_root (generator, node);
  return json_generator_to_data (generator, NULL);
}

char *
tix_api_repeat (const char *unit,
                guint       times)
{
  GString *s = g_string_sized_new (strlen (unit) * times + 1);

  for (guint i = 0; i < times; i++)
    g_string_append (s, unit);
  return g_string_free (s, FALSE);
}

void
tix_api_assert_ticket (JsonObject *ticket)
{
  const char *id, *number, *prefix, *scanned_at;
  g_autofree char *number_prefix = NULL;

  tix_api_assert_members (ticket, ticket_required, ticket_optional);

  id = tix_api_string (ticket, "id");
  g_assert_true (g_uuid_string_is_valid (id));

  prefix = tix_api_string (ticket, "prefix");
  number = tix_api_string (ticket, "number");
  number_prefix = g_strconcat (prefix, "-", NULL);
  g_assert_true (g_str_has_prefix (number, number_prefix));
  g_assert_cmpuint (strlen (number + strlen (number_prefix)), >=, 6);
  for (const char *p = number + strlen (number_prefix); *p; p++)
    g_assert_true (g_ascii_isdigit (*p));

  tix_api_string_or_null (ticket, "extra");
  tix_api_parse_time (tix_api_string (ticket, "generated_at"));

  scanned_at = tix_api_string_or_null (ticket, "scanned_at");
  if (scanned_at == NULL)
    {
      g_assert_true (tix_api_is_null (ticket, "scanned_by"));
      g_assert_true (tix_api_is_null (ticket, "scanned_by_name"));
    }
  else
    {
      g_assert_cmpint (tix_api_parse_time (scanned_at), >=,
                       tix_api_parse_time (tix_api_string (ticket, "generated_at")));
      g_assert_cmpint (tix_api_int (ticket, "scanned_by"), >, 0);
      tix_api_string_or_null (ticket, "scanned_by_name");
    }

  g_assert_cmpint (tix_api_int (ticket, "organization_id"), >, 0);
  g_assert_cmpint (tix_api_int (ticket, "created_by"), >, 0);
}

void
tix_api_assert_user (JsonObject *user)
{
  tix_api_assert_members (user, user_required, NULL);
  g_assert_cmpint (tix_api_int (user, "id"), >, 0);
  g_assert_cmpstr (tix_api_string (user, "email"), !=, "");
  g_assert_cmpstr (tix_api_string (user, "name"), !=, "");
  g_assert_true (g_strv_contains ((const char * const[]) { "admin", "seller", "scanner", NULL },
                                  tix_api_string (user, "role")));
  g_assert_cmpint (tix_api_int (user, "organization_id"), >, 0);
  g_assert_cmpint (tix_api_int (user, "organizationId"), ==,
                   tix_api_int (user, "organization_id"));
}

JsonObject *
tix_api_unwrap_ticket (JsonObject *object)
{
  JsonNode *inner = json_object_get_member (object, "ticket");

  if (inner != NULL && JSON_NODE_HOLDS_OBJECT (inner) && !json_object_has_member (object, "id"))
    return json_node_get_object (inner);
  return object;
}

static void
assert_token (const char *token)
{
  g_assert_cmpuint (strlen (token), ==, 64);
  for (const char *p = token; *p; p++)
    g_assert_true (g_ascii_isxdigit (*p));
}

char *
tix_api_register (TixApiFixture  *fixture,
                  const char     *email,
                  const char     *name,
                  JsonObject    **out_user)
{
  g_autofree char *email_json = tix_api_json_string (email);
  g_autofree char *name_json = tix_api_json_string (name);
  g_autofree char *body = g_strdup_printf ("{\"email\": %s, \"password\": \"" TIX_API_PASSWORD
                                           "\", \"name\": %s}", email_json, name_json);
  g_autoptr(TixApiResponse) r = tix_api_request (fixture, "POST", "/api/auth/register",
                                                 NULL, body);
  JsonObject *o;
  JsonObject *user;
  const char *token;

  if (r->status != 200)
    tix_api_assert_status (r, 201);
  o = tix_api_object (r);
  token = tix_api_string (o, "token");
  assert_token (token);
  user = json_object_get_object_member (o, "user");
  g_assert_nonnull (user);
  tix_api_assert_user (user);
  g_assert_cmpstr (tix_api_string (user, "email"), ==, email);
  g_assert_cmpstr (tix_api_string (user, "name"), ==, name);
  g_assert_cmpstr (tix_api_string (user, "role"), ==, "admin");

  if (out_user != NULL)
    *out_user = json_object_ref (user);
  return g_strdup (token);
}

char *
tix_api_login (TixApiFixture *fixture,
               const char    *email,
               const char    *password)
{
  g_autofree char *email_json = tix_api_json_string (email);
  g_autofree char *password_json = tix_api_json_string (password);
  g_autofree char *body = g_strdup_printf ("{\"email\": %s, \"password\": %s}",
                                           email_json, password_json);
  g_autoptr(TixApiResponse) r = tix_api_request (fixture, "POST", "/api/auth/login",
                                                 NULL, body);
  JsonObject *o;
  const char *token;

  tix_api_assert_status (r, 200);
  o = tix_api_object (r);
  token = tix_api_string (o, "token");
  assert_token (token);
  tix_api_assert_user (json_object_get_object_member (o, "user"));
  return g_strdup (token);
}

JsonArray *
tix_api_generate (TixApiFixture *fixture,
                  const char    *token,
                  const char    *prefix,
                  guint          count,
                  const char    *extra)
{
  return tix_api_generate_into (fixture, token, 0, prefix, count, extra);
}

JsonArray *
tix_api_generate_into (TixApiFixture *fixture,
                       const char    *token,
                       gint64         event_id,
                       const char    *prefix,
                       guint          count,
                       const char    *extra)
{
  g_autofree char *prefix_json = tix_api_json_string (prefix);
  g_autofree char *extra_json = extra != NULL ? tix_api_json_string (extra) : NULL;
  g_autoptr(GString) body = g_string_new (NULL);
  g_autoptr(TixApiResponse) r = NULL;
  JsonArray *tickets;

  g_string_printf (body, "{\"count\": %u, \"prefix\": %s", count, prefix_json);
  if (extra_json != NULL)
    g_string_append_printf (body, ", \"extra\": %s", extra_json);
  if (event_id > 0)
    g_string_append_printf (body, ", \"event_id\": %" G_GINT64_FORMAT, event_id);
  g_string_append_c (body, '}');

  r = tix_api_request (fixture, "POST", "/api/tickets/generate", token, body->str);
  tix_api_assert_status (r, 201);
  tickets = tix_api_array (r);
  g_assert_cmpuint (json_array_get_length (tickets), ==, count);
  return json_array_ref (tickets);
}

gint64
tix_api_create_event (TixApiFixture *fixture,
                      const char    *token,
                      const char    *body)
{
  g_autoptr(TixApiResponse) r = tix_api_request (fixture, "POST", "/api/events", token, body);

  tix_api_assert_status (r, 201);
  return tix_api_int (tix_api_object (r), "id");
}

JsonObject *
tix_api_get_ticket (TixApiFixture *fixture,
                    const char    *token,
                    const char    *id)
{
  g_autoptr(TixApiResponse) r = tix_api_requestf (fixture, "GET", token, NULL,
                                                  "/api/tickets/%s", id);
  JsonObject *ticket;

  tix_api_assert_status (r, 200);
  ticket = tix_api_unwrap_ticket (tix_api_object (r));
  tix_api_assert_ticket (ticket);
  g_assert_cmpstr (tix_api_string (ticket, "id"), ==, id);
  return json_object_ref (ticket);
}

JsonObject *
tix_api_stats (TixApiFixture *fixture,
               const char    *token)
{
  g_autoptr(TixApiResponse) r = tix_api_request (fixture, "GET", "/api/reports/stats",
                                                 token, NULL);
  JsonObject *o;

  tix_api_assert_status (r, 200);
  o = tix_api_object (r);
  tix_api_assert_members (o, (const char * const[]) { "total", "scanned", "not_scanned",
                                                      "scan_rate", NULL }, NULL);
  g_assert_cmpint (tix_api_int (o, "total"), ==,
                   tix_api_int (o, "scanned") + tix_api_int (o, "not_scanned"));
  return json_object_ref (o);
}

GPtrArray *
tix_api_list_all (TixApiFixture *fixture,
                  const char    *token,
                  const char    *query,
                  guint          limit,
                  gint64        *out_total)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *cursor = NULL;
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);
  gint64 total = -1;

  for (guint round = 0; ; round++)
    {
      g_autoptr(TixApiResponse) r = NULL;
      g_autofree char *escaped = NULL;
      JsonObject *o;
      JsonArray *tickets;
      JsonNode *next;

      g_assert_cmpuint (round, <, 100000);

      escaped = cursor != NULL ? g_uri_escape_string (cursor, NULL, FALSE) : NULL;
      r = tix_api_requestf (fixture, "GET", token, NULL, "/api/tickets?limit=%u%s%s%s%s",
                            limit,
                            query != NULL && *query ? "&" : "", query ? query : "",
                            escaped ? "&cursor=" : "", escaped ? escaped : "");
      tix_api_assert_status (r, 200);
      o = tix_api_object (r);
      tickets = json_object_get_array_member (o, "tickets");
      g_assert_nonnull (tickets);
      g_assert_cmpuint (json_array_get_length (tickets), <=, limit);

      if (total < 0)
        total = tix_api_int (o, "total");
      else
        g_assert_cmpint (tix_api_int (o, "total"), ==, total);

      for (guint i = 0; i < json_array_get_length (tickets); i++)
        {
          JsonObject *t = json_array_get_object_element (tickets, i);
          const char *id = tix_api_string (t, "id");

          if (g_hash_table_contains (seen, id))
            g_error ("ticket %s came twice while paging with a cursor", id);
          g_hash_table_add (seen, g_strdup (id));
          g_ptr_array_add (ids, g_strdup (id));
        }

      next = json_object_get_member (o, "next_cursor");
      g_assert_nonnull (next);
      g_clear_pointer (&cursor, g_free);
      if (JSON_NODE_HOLDS_NULL (next))
        break;
      cursor = g_strdup (tix_api_string (o, "next_cursor"));
      if (json_array_get_length (tickets) == 0)
        g_error ("an empty page still gave a next_cursor");
    }

  if (out_total != NULL)
    *out_total = total;
  return ids;
}

gint64
tix_api_list_total (TixApiFixture *fixture,
                    const char    *token,
                    const char    *query)
{
  g_autoptr(TixApiResponse) r = tix_api_requestf (fixture, "GET", token, NULL,
                                                  "/api/tickets%s%s",
                                                  query != NULL ? "?" : "",
                                                  query != NULL ? query : "");

  tix_api_assert_status (r, 200);
  return tix_api_int (tix_api_object (r), "total");
}

void
tix_api_assert_serving (TixApiFixture *fixture)
{
  g_autoptr(TixApiResponse) r = tix_api_request (fixture, "GET", "/health", NULL, NULL);

  tix_api_assert_status (r, 200);
  g_assert_cmpstr (tix_api_string (tix_api_object (r), "status"), ==, "ok");
}

/* Stations at the same instant ------------------------------------------------- */

typedef struct
{
  GMutex   mutex;
  GCond    cond;
  guint    ready;
  gboolean go;
} Barrier;

typedef struct
{
  Barrier   *barrier;
  TixApiJob *job;
} Station;

void
tix_api_job_clear (TixApiJob *job)
{
  g_clear_pointer (&job->path, g_free);
  g_clear_pointer (&job->body, g_free);
  g_clear_pointer (&job->json, json_node_unref);
  g_clear_pointer (&job->text, g_free);
}

GArray *
tix_api_jobs_new (guint n_jobs)
{
  GArray *jobs = g_array_sized_new (FALSE, TRUE, sizeof (TixApiJob), n_jobs);

  g_array_set_size (jobs, n_jobs);
  g_array_set_clear_func (jobs, (GDestroyNotify) tix_api_job_clear);
  return jobs;
}

static gpointer
run_job (gpointer data)
{
  Station *station = data;
  TixApiJob *job = station->job;
  Barrier *barrier = station->barrier;
  g_autoptr(SoupSession) session = tix_api_session_new ();
  g_autoptr(TixApiResponse) warm = NULL;
  g_autofree char *uri = g_strconcat (job->url, job->path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (job->method, uri);
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  gsize size = 0;
  const char *text;

  if (msg == NULL)
    g_error ("cannot make a request for %s %s", job->method, uri);
  if (job->token != NULL)
    {
      g_autofree char *bearer = g_strconcat ("Bearer ", job->token, NULL);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                    bearer);
    }
  /* libsoup sends a POST on a new connection of its own unless told it may
   * reuse one: the stations would then all connect at the same instant, and
   * the race would be one of TCP handshakes (past the server's listen
   * backlog, some are reset), not one of requests. */
  soup_message_add_flags (msg, SOUP_MESSAGE_IDEMPOTENT);
  if (job->body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (job->body, strlen (job->body));
      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }

  /* Open the connection first, so that only the request itself races. */
  warm = tix_api_send (session, job->url, "GET", "/health", NULL, NULL, NULL, NULL, 0);
  g_assert_cmpuint (warm->status, ==, 200);

  g_mutex_lock (&barrier->mutex);
  barrier->ready++;
  g_cond_broadcast (&barrier->cond);
  while (!barrier->go)
    g_cond_wait (&barrier->cond, &barrier->mutex);
  g_mutex_unlock (&barrier->mutex);

  /* A failed request is left to the test to report (with, say, what became
   * of the server). */
  answer = soup_session_send_and_read (session, msg, NULL, &error);
  if (answer == NULL)
    {
      job->text = g_strdup_printf ("(no answer: %s)", error->message);
      soup_session_abort (session);
      return NULL;
    }

  job->status = soup_message_get_status (msg);
  text = g_bytes_get_data (answer, &size);
  job->text = g_strndup (text != NULL ? text : "", MIN (size, 600));
  if (size > 0)
    {
      g_autoptr(JsonParser) parser = json_parser_new_immutable ();

      if (json_parser_load_from_data (parser, text, (gssize) size, NULL) &&
          json_parser_get_root (parser) != NULL)
        job->json = json_node_ref (json_parser_get_root (parser));
    }

  soup_session_abort (session);
  return NULL;
}

void
tix_api_run_together (TixApiJob *jobs,
                      guint      n_jobs)
{
  Barrier barrier = { 0 };
  g_autofree Station *stations = g_new0 (Station, n_jobs);
  g_autofree GThread **threads = g_new0 (GThread *, n_jobs);

  g_mutex_init (&barrier.mutex);
  g_cond_init (&barrier.cond);

  for (guint i = 0; i < n_jobs; i++)
    {
      g_assert_cmpuint (jobs[i].status, ==, 0);
      g_assert_null (jobs[i].json);
      g_assert_null (jobs[i].text);
      stations[i].barrier = &barrier;
      stations[i].job = &jobs[i];
      threads[i] = g_thread_new ("station", run_job, &stations[i]);
    }

  g_mutex_lock (&barrier.mutex);
  while (barrier.ready < n_jobs)
    g_cond_wait (&barrier.cond, &barrier.mutex);
  barrier.go = TRUE;
  g_cond_broadcast (&barrier.cond);
  g_mutex_unlock (&barrier.mutex);

  for (guint i = 0; i < n_jobs; i++)
    g_thread_join (threads[i]);

  g_mutex_clear (&barrier.mutex);
  g_cond_clear (&barrier.cond);
}

void
tix_api_assert_answered (TixApiJob *jobs,
                         guint      n_jobs)
{
  for (guint i = 0; i < n_jobs; i++)
    if (jobs[i].status == 0)
      g_error ("job %u, %s %s on %s: %s", i, jobs[i].method, jobs[i].path, jobs[i].url,
               jobs[i].text);
}

/* Live events ------------------------------------------------------------------ */

static gboolean
timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

void
tix_api_spin_for_ms (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

gboolean
tix_api_spin_until (const gboolean *flag,
                    guint           timeout_ms)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (timeout_ms, timeout_cb, &timed_out);

  while (!*flag && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  return *flag;
}

static void
listener_message (SoupWebsocketConnection *connection,
                  gint                     type,
                  GBytes                  *message,
                  gpointer                 data)
{
  TixApiListener *listener = data;

  g_ptr_array_add (listener->messages,
                   g_strndup (g_bytes_get_data (message, NULL), g_bytes_get_size (message)));
}

static void
listener_closed (SoupWebsocketConnection *connection,
                 gpointer                 data)
{
  ((TixApiListener *) data)->closed = TRUE;
}

static void
listener_connected (GObject      *source,
                    GAsyncResult *result,
                    gpointer      data)
{
  TixApiListener *listener = data;

  listener->connection = soup_session_websocket_connect_finish (SOUP_SESSION (source), result,
                                                                &listener->error);
  if (listener->connection != NULL)
    {
      g_signal_connect (listener->connection, "message", G_CALLBACK (listener_message), listener);
      g_signal_connect (listener->connection, "closed", G_CALLBACK (listener_closed), listener);
    }
  listener->done = TRUE;
}

TixApiListener *
tix_api_listener_new (SoupSession *session,
                      const char  *base_url,
                      const char  *token)
{
  return tix_api_listener_new_at (session, base_url, "/api/live", token);
}

TixApiListener *
tix_api_listener_new_at (SoupSession *session,
                         const char  *base_url,
                         const char  *path,
                         const char  *token)
{
  g_autofree char *url = g_strconcat (base_url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  TixApiListener *listener = g_new0 (TixApiListener, 1);

  listener->session = g_object_ref (session);
  listener->messages = g_ptr_array_new_with_free_func (g_free);
  if (token != NULL)
    {
      g_autofree char *bearer = g_strconcat ("Bearer ", token, NULL);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                    bearer);
    }
  soup_session_websocket_connect_async (session, msg, NULL, NULL, G_PRIORITY_DEFAULT, NULL,
                                        listener_connected, listener);
  if (!tix_api_spin_until (&listener->done, 10000))
    g_error ("%s: not connected within 10 s", url);
  g_assert_no_error (listener->error);
  g_assert_nonnull (listener->connection);
  return listener;
}

void
tix_api_listener_free (TixApiListener *listener)
{
  if (listener == NULL)
    return;

  if (listener->connection != NULL)
    {
      g_signal_handlers_disconnect_by_data (listener->connection, listener);
      if (soup_websocket_connection_get_state (listener->connection) ==
          SOUP_WEBSOCKET_STATE_OPEN)
        {
          gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

          soup_websocket_connection_close (listener->connection, SOUP_WEBSOCKET_CLOSE_NORMAL,
                                           NULL);
          /* libsoup gives up on the server's answer by itself after a few
           * seconds; the deadline is only a backstop. */
          while (soup_websocket_connection_get_state (listener->connection) !=
                 SOUP_WEBSOCKET_STATE_CLOSED &&
                 g_get_monotonic_time () < deadline)
            tix_api_spin_for_ms (10);
        }
      g_object_unref (listener->connection);
    }
  g_object_unref (listener->session);
  g_clear_error (&listener->error);
  g_ptr_array_unref (listener->messages);
  g_free (listener);
}

static gboolean
is_event (const char *text,
          const char *type)
{
  g_autofree char *needle = g_strdup_printf ("\"type\":\"%s\"", type);

  return strstr (text, needle) != NULL;
}

guint
tix_api_listener_count (TixApiListener *listener,
                        const char     *type)
{
  guint n = 0;

  for (guint i = 0; i < listener->messages->len; i++)
    if (is_event (g_ptr_array_index (listener->messages, i), type))
      n++;
  return n;
}

JsonNode *
tix_api_listener_find (TixApiListener *listener,
                       const char     *type)
{
  for (guint i = 0; i < listener->messages->len; i++)
    {
      const char *text = g_ptr_array_index (listener->messages, i);

      if (is_event (text, type))
        return json_from_string (text, NULL);
    }
  return NULL;
}

gboolean
tix_api_listener_wait_for (TixApiListener *listener,
                           const char     *type,
                           guint           n,
                           guint           timeout_ms)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (timeout_ms, timeout_cb, &timed_out);
  guint seen;

  while ((seen = tix_api_listener_count (listener, type)) < n && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);

  if (seen < n)
    {
      g_test_message ("%u “%s” events within %u ms, not %u; the station had %u messages:",
                      seen, type, timeout_ms, n, listener->messages->len);
      for (guint i = 0; i < listener->messages->len; i++)
        g_test_message ("  %s", (const char *) g_ptr_array_index (listener->messages, i));
      return FALSE;
    }
  return TRUE;
}
