/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "tix-test-util.h"

G_BEGIN_DECLS

#define TIX_API_PASSWORD "correct horse battery"

/* A test server and a session for the test's own (main) thread. The server
 * runs on its own thread, so synchronous libsoup calls are safe here. */
typedef struct
{
  TixTestServer *server;
  SoupSession   *session;
} TixApiFixture;

typedef struct
{
  char               *method;
  char               *path;
  guint               status;
  GBytes             *body;
  JsonNode           *json;     /* NULL when the body is not JSON */
  SoupMessageHeaders *headers;
} TixApiResponse;

void            tix_api_fixture_setup       (TixApiFixture       *fixture,
                                             gconstpointer        data);
void            tix_api_fixture_teardown    (TixApiFixture       *fixture,
                                             gconstpointer        data);

gboolean        tix_api_under_valgrind      (void);
SoupSession    *tix_api_session_new         (void);

/* @headers: NULL or pairs of name, value, ending in NULL. */
TixApiResponse *tix_api_send                (SoupSession         *session,
                                             const char          *base_url,
                                             const char          *method,
                                             const char          *path,
                                             const char          *token,
                                             const char * const  *headers,
                                             const char          *content_type,
                                             const void          *body,
                                             gsize                length);
/* A JSON (or no, when @json is NULL) body through the fixture's session. */
TixApiResponse *tix_api_request             (TixApiFixture       *fixture,
                                             const char          *method,
                                             const char          *path,
                                             const char          *token,
                                             const char          *json);
TixApiResponse *tix_api_requestf            (TixApiFixture       *fixture,
                                             const char          *method,
                                             const char          *token,
                                             const char          *json,
                                             const char          *path_format,
                                             ...) G_GNUC_PRINTF (5, 6);
void            tix_api_response_free       (TixApiResponse      *response);

void            tix_api_assert_status       (TixApiResponse      *response,
                                             guint                status);
/* A 4xx answer: JSON {error: non-empty string, field?: @field}; @field NULL
 * means "field" is not checked. */
void            tix_api_assert_error        (TixApiResponse      *response,
                                             guint                status,
                                             const char          *field);
JsonObject     *tix_api_object              (TixApiResponse      *response);
JsonArray      *tix_api_array               (TixApiResponse      *response);
const char     *tix_api_header              (TixApiResponse      *response,
                                             const char          *name);

/* Member access that fails the test on a wrong type. */
gint64          tix_api_int                 (JsonObject          *object,
                                             const char          *member);
const char     *tix_api_string              (JsonObject          *object,
                                             const char          *member);
/* NULL for a JSON null. */
const char     *tix_api_string_or_null      (JsonObject          *object,
                                             const char          *member);
gboolean        tix_api_is_null             (JsonObject          *object,
                                             const char          *member);
double          tix_api_number              (JsonObject          *object,
                                             const char          *member);
void            tix_api_assert_members      (JsonObject          *object,
                                             const char * const  *required,
                                             const char * const  *optional);

gboolean        tix_api_is_iso_time         (const char          *text);
gint64          tix_api_parse_time          (const char          *text);
/* A quoted JSON string literal for @text. */
char           *tix_api_json_string         (const char          *text);
char           *tix_api_repeat              (const char          *unit,
                                             guint                times);

void            tix_api_assert_ticket       (JsonObject          *ticket);
void            tix_api_assert_user         (JsonObject          *user);
/* The ticket of GET /api/tickets/:id, bare or inside {ticket}. */
JsonObject     *tix_api_unwrap_ticket       (JsonObject          *object);

/* Registers a new user (and organization); returns the token. */
char           *tix_api_register            (TixApiFixture       *fixture,
                                             const char          *email,
                                             const char          *name,
                                             JsonObject         **out_user);
char           *tix_api_login               (TixApiFixture       *fixture,
                                             const char          *email,
                                             const char          *password);
/* POST /api/tickets/generate, asserting 201 and @count tickets. */
JsonArray      *tix_api_generate            (TixApiFixture       *fixture,
                                             const char          *token,
                                             const char          *prefix,
                                             guint                count,
                                             const char          *extra);
/* The same into @event_id (0: the current event). */
JsonArray      *tix_api_generate_into       (TixApiFixture       *fixture,
                                             const char          *token,
                                             gint64               event_id,
                                             const char          *prefix,
                                             guint                count,
                                             const char          *extra);
/* POST /api/events @body (an admin's @token), asserting 201: its id. */
gint64          tix_api_create_event        (TixApiFixture       *fixture,
                                             const char          *token,
                                             const char          *body);
JsonObject     *tix_api_get_ticket          (TixApiFixture       *fixture,
                                             const char          *token,
                                             const char          *id);
JsonObject     *tix_api_stats               (TixApiFixture       *fixture,
                                             const char          *token);
/* Every ticket of GET /api/tickets?@query (ids, newest first), following
 * next_cursor with @limit a page. Asserts that no ticket comes twice. */
GPtrArray      *tix_api_list_all            (TixApiFixture       *fixture,
                                             const char          *token,
                                             const char          *query,
                                             guint                limit,
                                             gint64              *out_total);
gint64          tix_api_list_total          (TixApiFixture       *fixture,
                                             const char          *token,
                                             const char          *query);
void            tix_api_assert_serving      (TixApiFixture       *fixture);

/* Stations at the same instant ------------------------------------------------- */

/* One request of tix_api_run_together(). The caller fills in the request;
 * tix_api_job_clear() frees @path and @body and the answer. */
typedef struct
{
  const char *url;      /* the server's base URL */
  const char *method;
  char       *path;
  const char *token;    /* NULL: none */
  char       *body;     /* JSON, or NULL */

  guint       status;   /* 0: no answer (why is in @text) */
  JsonNode   *json;     /* NULL when the answer is not JSON */
  char       *text;     /* the answer (at most 600 bytes), for messages */
} TixApiJob;

void            tix_api_job_clear           (TixApiJob           *job);
/* @n_jobs zeroed jobs, each cleared with the array: g_autoptr(GArray). */
GArray         *tix_api_jobs_new            (guint                n_jobs);
/* Each job is a station: a thread with a session of its own, whose
 * connection it opens first (GET /health). All wait at a barrier and send
 * together, each on the connection it opened (the request is marked
 * idempotent so that libsoup reuses it even for a POST), and so only the
 * requests race, not TCP handshakes. Returns once every job is answered or
 * failed. */
void            tix_api_run_together        (TixApiJob           *jobs,
                                             guint                n_jobs);
/* Fails the test on the first job that got no answer. */
void            tix_api_assert_answered     (TixApiJob           *jobs,
                                             guint                n_jobs);

/* Live events ------------------------------------------------------------------ */

/* Spins the default main context for @ms milliseconds. */
void            tix_api_spin_for_ms         (guint                ms);
/* Spins it until *@flag or @timeout_ms pass; returns *@flag. */
gboolean        tix_api_spin_until          (const gboolean      *flag,
                                             guint                timeout_ms);

/* A station's WebSocket on /api/live, collecting what it is sent.
 * Callbacks run on the main context: spin it (the functions below do). */
typedef struct
{
  SoupWebsocketConnection *connection;
  GPtrArray               *messages;   /* (element-type utf8): the texts, in order */
  gboolean                 closed;     /* the connection closed */

  /* the helpers' own */
  SoupSession             *session;
  GError                  *error;
  gboolean                 done;
} TixApiListener;

/* Connects to @base_url/api/live on @session (signed in with @token, none
 * when NULL), waiting for the connection; fails the test if it cannot. */
TixApiListener *tix_api_listener_new        (SoupSession         *session,
                                             const char          *base_url,
                                             const char          *token);
/* The same at @path: "/api/events" is where stations of the version before
 * events (issue 18) open it. */
TixApiListener *tix_api_listener_new_at     (SoupSession         *session,
                                             const char          *base_url,
                                             const char          *path,
                                             const char          *token);
/* Closes the connection (waiting, a while at most, for it to close). */
void            tix_api_listener_free       (TixApiListener      *listener);
/* How many events of @type ("hello", "ticket-scanned", …) it has had. */
guint           tix_api_listener_count      (TixApiListener      *listener,
                                             const char          *type);
/* The first event of @type, parsed; NULL if none. */
JsonNode       *tix_api_listener_find       (TixApiListener      *listener,
                                             const char          *type);
/* Spins until @listener has had @n events of @type, for @timeout_ms at
 * most. FALSE when it has not (and the messages it had are logged). */
gboolean        tix_api_listener_wait_for   (TixApiListener      *listener,
                                             const char          *type,
                                             guint                n,
                                             guint                timeout_ms);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TixApiResponse, tix_api_response_free)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (TixApiJob, tix_api_job_clear)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TixApiListener, tix_api_listener_free)

G_END_DECLS
