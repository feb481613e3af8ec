/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer: the HTTP request handlers. One in-process TixServer (on its own
 * thread, fast password hashing, a temporary database) lives for the whole
 * run; each input becomes one request written to a fresh TCP connection and
 * the reply is read back. The server must never crash or hang: it answers,
 * or closes the connection.
 *
 * Input layout:
 *   byte 0       bits 0-2: method (GET POST PUT DELETE OPTIONS HEAD PATCH, or
 *                          7: the first path line is "METHOD PATH")
 *                bits 3-4, and bit 6 as their third bit: who signs in
 *                          0 none, 1 the admin, 2 garbage, 3 another
 *                          organization's admin, 4 a seller, 5 a scanner
 *                          (both of the admin's organization), 6 a session
 *                          that was logged out, 7 a scanner again
 *                bit 5:    raw: the rest of the input is sent verbatim as the
 *                          whole request (then half-closed)
 *   then         the path, up to '\n'
 *   then         header lines, up to an empty line
 *   then         the body (Content-Length is computed)
 * In the path or body "@ID" becomes the id of a real ticket of the admin's
 * organization, "@CODE" its signed code, "@NOW" the time now (ISO 8601, as an
 * offline upload's scanned_at), "@SELLER_ID" and "@SCANNER_ID" the ids of the
 * seller and the scanner. The seller and the scanner are made at start-up and
 * made again (or given their role back) whenever an input removed them, so
 * that every route is reached as each role reaches it. A well formed request
 * must get an HTTP answer below 500, and a door report the day it asked for. */
#define _GNU_SOURCE
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "tix-json.h"
#include "tix-server-thread.h"
#include "tix-time.h"

#define REPLY_TIMEOUT_MS 20000

static TixServerThread *server;
static char *dir;
static char *db_path;
static guint port;
static char *token;
static char *other_token;
static char *ticket_id;
static char *ticket_code;
static char *revoked_token;
static guint iterations;

/* Staff of the admin's organization, signed in. */
typedef struct
{
  const char *role;
  gint64      id;
  guint       generation;   /* a new user (a new email) each time one was lost */
  char       *token;
  char       *id_text;
} Staff;

static Staff staff[] = {
  { "seller", 0, 0, NULL, NULL },
  { "scanner", 0, 0, NULL, NULL },
};
#define SELLER  (&staff[0])
#define SCANNER (&staff[1])

static const char * const methods[] = {
  "GET", "POST", "PUT", "DELETE", "OPTIONS", "HEAD", "PATCH",
};

typedef struct
{
  guint    status;
  GString *raw;
  gsize    body_offset;
} Reply;

static int
connect_server (void)
{
  struct sockaddr_in addr = { 0 };
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

  g_assert (fd >= 0);
  addr.sin_family = AF_INET;
  addr.sin_port = htons (port);
  addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  if (connect (fd, (struct sockaddr *) &addr, sizeof addr) != 0)
    {
      fprintf (stderr, "fuzz-server: cannot connect: %s\n", g_strerror (errno));
      abort ();
    }
  return fd;
}

static gboolean
write_all (int          fd,
           const char  *data,
           gsize        length)
{
  while (length > 0)
    {
      ssize_t n = send (fd, data, length, MSG_NOSIGNAL);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;  /* the server closed early: allowed */
      data += n;
      length -= (gsize) n;
    }
  return TRUE;
}

/* TRUE once @raw holds one whole response (headers, and the body its
 * Content-Length or chunked framing announces). */
static gboolean
reply_complete (GString *raw,
                guint    status)
{
  const char *end = strstr (raw->str, "\r\n\r\n");
  gsize head, body_length;
  char *headers;
  const char *cl;
  gboolean chunked;

  if (end == NULL)
    return FALSE;
  if (status == 101)
    return TRUE;  /* a WebSocket: the socket stays open by design */
  head = (gsize) (end + 4 - raw->str);
  headers = g_ascii_strdown (raw->str, (gssize) head);
  cl = strstr (headers, "\r\ncontent-length:");
  chunked = strstr (headers, "\r\ntransfer-encoding: chunked") != NULL;
  body_length = cl ? (gsize) g_ascii_strtoull (cl + 17, NULL, 10) : 0;
  g_free (headers);

  if (status == 204 || status == 304)
    return TRUE;
  if (chunked)
    return g_str_has_suffix (raw->str, "\r\n0\r\n\r\n") ||
           (raw->len - head == 5 && g_str_has_suffix (raw->str, "0\r\n\r\n"));
  if (cl != NULL)
    return raw->len - head >= body_length;
  return FALSE;  /* until the server closes */
}

/* Reads one reply: until it is complete, or EOF. A server that neither
 * answers nor closes within the timeout is a hang. Once the headers are in,
 * a quiet second also ends the wait (a HEAD answer announces a body it does
 * not send; a kept-alive connection is not closed). */
static void
read_reply (int    fd,
            Reply *reply)
{
  char buf[16384];

  reply->raw = g_string_new (NULL);
  reply->status = 0;
  reply->body_offset = 0;

  for (;;)
    {
      struct pollfd pfd = { .fd = fd, .events = POLLIN };
      gboolean have_head = strstr (reply->raw->str, "\r\n\r\n") != NULL;
      int r = poll (&pfd, 1, have_head ? 1000 : REPLY_TIMEOUT_MS);
      ssize_t n;

      if (r < 0 && errno == EINTR)
        continue;
      if (r == 0 && have_head)
        break;
      if (r == 0)
        {
          fprintf (stderr, "fuzz-server: no answer and no close within %d ms (hang)\n"
                   "got so far: %.*s\n", REPLY_TIMEOUT_MS, (int) MIN (reply->raw->len, 500),
                   reply->raw->str);
          abort ();
        }
      n = recv (fd, buf, sizeof buf, 0);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;  /* EOF or reset: the server closed */
      g_string_append_len (reply->raw, buf, n);

      if (reply->status == 0 && reply->raw->len >= 12 &&
          (g_str_has_prefix (reply->raw->str, "HTTP/1.1 ") ||
           g_str_has_prefix (reply->raw->str, "HTTP/1.0 ")))
        reply->status = (guint) g_ascii_strtoull (reply->raw->str + 9, NULL, 10);
      if (reply->status == 100)
        {
          /* 100 Continue: the real answer follows. */
          const char *end = strstr (reply->raw->str, "\r\n\r\n");

          if (end != NULL)
            {
              g_string_erase (reply->raw, 0, end + 4 - reply->raw->str);
              reply->status = 0;
            }
          continue;
        }
      if (reply_complete (reply->raw, reply->status))
        break;
    }

  {
    const char *end = strstr (reply->raw->str, "\r\n\r\n");
    reply->body_offset = end ? (gsize) (end + 4 - reply->raw->str) : reply->raw->len;
  }
}

static void
send_request (const char  *method,
              const char  *path,
              const char  *auth,
              const char  *headers,
              const char  *body,
              gsize        body_length,
              Reply       *reply)
{
  GString *request = g_string_new (NULL);
  int fd = connect_server ();

  g_string_append_printf (request, "%s %s HTTP/1.1\r\nHost: 127.0.0.1:%u\r\n"
                          "Connection: close\r\n", method, path, port);
  if (auth != NULL)
    g_string_append_printf (request, "Authorization: Bearer %s\r\n", auth);
  if (headers != NULL)
    g_string_append (request, headers);
  if (body_length > 0)
    g_string_append_printf (request, "Content-Type: application/json\r\n"
                            "Content-Length: %" G_GSIZE_FORMAT "\r\n", body_length);
  g_string_append (request, "\r\n");
  g_string_append_len (request, body, (gssize) body_length);

  write_all (fd, request->str, request->len);
  read_reply (fd, reply);
  close (fd);
  g_string_free (request, TRUE);
}

static JsonNode *
reply_json (Reply *reply)
{
  return tix_json_parse (reply->raw->str + reply->body_offset,
                         reply->raw->len - reply->body_offset, NULL);
}

/* A few fresh tickets of the admin's organization, for "@ID" and "@CODE". */
static void
refresh_ticket (void)
{
  Reply reply;
  JsonNode *node;
  static const char body[] = "{\"count\":2,\"prefix\":\"FZ\",\"extra\":\"fuzz\"}";

  send_request ("POST", "/api/tickets/generate", token, NULL, body, strlen (body), &reply);
  if (reply.status != 201)
    {
      fprintf (stderr, "fuzz-server: generate answered %u:\n%s\n", reply.status, reply.raw->str);
      abort ();
    }
  node = reply_json (&reply);
  g_assert (node != NULL && JSON_NODE_HOLDS_ARRAY (node));
  {
    JsonObject *ticket = json_array_get_object_element (json_node_get_array (node), 0);

    g_free (ticket_id);
    g_free (ticket_code);
    ticket_id = g_strdup (json_object_get_string_member (ticket, "id"));
    ticket_code = g_strdup (json_object_get_string_member (ticket, "code"));
  }
  json_node_unref (node);
  g_string_free (reply.raw, TRUE);
}

static void
refresh_token_if_dead (void)
{
  Reply reply;

  send_request ("GET", "/api/auth/me", token, NULL, NULL, 0, &reply);
  if (reply.status != 200)
    {
      GError *error = NULL;

      g_free (token);
      token = tix_server_thread_create_local_session (server, &error);
      if (token == NULL)
        {
          fprintf (stderr, "fuzz-server: no new session: %s\n", error->message);
          abort ();
        }
    }
  g_string_free (reply.raw, TRUE);
}

static void
relogin_other_if_dead (void)
{
  Reply reply;
  static const char login[] =
    "{\"email\":\"other@example.org\",\"password\":\"correct horse battery\"}";

  send_request ("GET", "/api/auth/me", other_token, NULL, NULL, 0, &reply);
  if (reply.status != 200)
    {
      JsonNode *node;

      g_string_free (reply.raw, TRUE);
      send_request ("POST", "/api/auth/login", NULL, NULL, login, strlen (login), &reply);
      node = reply_json (&reply);
      if (reply.status == 200 && node != NULL && JSON_NODE_HOLDS_OBJECT (node))
        {
          g_free (other_token);
          other_token = g_strdup (json_object_get_string_member (json_node_get_object (node),
                                                                 "token"));
        }
      if (node != NULL)
        json_node_unref (node);
    }
  g_string_free (reply.raw, TRUE);
}

static char *
staff_email (Staff *member)
{
  return g_strdup_printf ("%s%u@fuzz.example", member->role, member->generation);
}

static JsonObject *
reply_user_object (Reply     *reply,
                   JsonNode **out_node)
{
  JsonNode *node = reply_json (reply);
  JsonObject *object = node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;

  *out_node = node;
  if (object != NULL && json_object_has_member (object, "user"))
    object = json_object_get_object_member (object, "user");
  return object;
}

/* Signs @member in again; FALSE when the account is gone or its password
 * was changed. */
static gboolean
staff_login (Staff *member)
{
  char *email = staff_email (member);
  char *body = g_strdup_printf ("{\"email\":\"%s\",\"password\":\"correct horse battery\"}",
                                email);
  gboolean ok = FALSE;
  JsonNode *node = NULL;
  Reply reply;

  send_request ("POST", "/api/auth/login", NULL, NULL, body, strlen (body), &reply);
  if (reply.status == 200)
    {
      JsonObject *object = json_node_get_object (node = reply_json (&reply));

      g_free (member->token);
      member->token = g_strdup (json_object_get_string_member (object, "token"));
      member->id = json_object_get_int_member (json_object_get_object_member (object, "user"),
                                               "id");
      g_free (member->id_text);
      member->id_text = g_strdup_printf ("%" G_GINT64_FORMAT, member->id);
      ok = TRUE;
    }
  if (node != NULL)
    json_node_unref (node);
  g_string_free (reply.raw, TRUE);
  g_free (body);
  g_free (email);
  return ok;
}

static void
staff_add (Staff *member)
{
  char *email, *body;
  Reply reply;

  member->generation++;
  email = staff_email (member);
  body = g_strdup_printf ("{\"email\":\"%s\",\"name\":\"Fuzz %s\",\"password\":"
                          "\"correct horse battery\",\"role\":\"%s\"}",
                          email, member->role, member->role);
  send_request ("POST", "/api/users", token, NULL, body, strlen (body), &reply);
  /* At the organization's limit of users the old token stays: its requests
   * are answered 401, which is fine. */
  g_string_free (reply.raw, TRUE);
  g_free (body);
  g_free (email);
}

/* A session of @member with its role: as it was, signed in again, its role
 * given back, or a new user. */
static void
staff_ensure (Staff *member)
{
  Reply reply;
  JsonNode *node = NULL;
  JsonObject *user;
  gboolean alive, same_role = FALSE;

  send_request ("GET", "/api/auth/me", member->token, NULL, NULL, 0, &reply);
  alive = reply.status == 200;
  user = alive ? reply_user_object (&reply, &node) : NULL;
  if (user != NULL)
    same_role = g_strcmp0 (json_object_get_string_member (user, "role"), member->role) == 0;
  if (node != NULL)
    json_node_unref (node);
  g_string_free (reply.raw, TRUE);
  if (alive && same_role)
    return;

  if (!alive && !staff_login (member))
    {
      staff_add (member);
      if (!staff_login (member))
        return;
    }

  /* Signed in, perhaps with another role now: give it back. */
  {
    char *path = g_strdup_printf ("/api/users/%" G_GINT64_FORMAT, member->id);
    char *body = g_strdup_printf ("{\"role\":\"%s\"}", member->role);

    send_request ("PUT", path, token, NULL, body, strlen (body), &reply);
    g_string_free (reply.raw, TRUE);
    g_free (body);
    g_free (path);
  }
}

static void
staff_ensure_all (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (staff); i++)
    staff_ensure (&staff[i]);
}

static void
cleanup (void)
{
  const char *suffixes[] = { "", "-wal", "-shm", "-journal" };

  if (server != NULL)
    {
      tix_server_thread_stop (server);
      g_clear_object (&server);
    }
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      char *path = g_strconcat (db_path, suffixes[i], NULL);
      g_unlink (path);
      g_free (path);
    }
  g_rmdir (dir);
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  TixServerOptions options;
  GError *error = NULL;
  Reply reply;
  static const char other[] =
    "{\"email\":\"other@example.org\",\"password\":\"correct horse battery\","
    "\"name\":\"Otto\",\"organization_name\":\"Other\"}";

  dir = g_dir_make_tmp ("tix-fuzz-XXXXXX", &error);
  g_assert_no_error (error);
  db_path = g_build_filename (dir, "tix.db", NULL);

  tix_server_options_init (&options);
  options.fast_password_hashing = TRUE;
  options.log_requests = FALSE;
  server = tix_server_thread_new (db_path, &options, "127.0.0.1", 0, &error);
  g_assert_no_error (error);
  port = tix_server_thread_get_port (server);
  atexit (cleanup);

  token = tix_server_thread_create_local_session (server, &error);
  g_assert_no_error (error);

  send_request ("POST", "/api/auth/register", NULL, NULL, other, strlen (other), &reply);
  g_assert (reply.status == 201);
  {
    JsonNode *node = reply_json (&reply);
    other_token = g_strdup (json_object_get_string_member (json_node_get_object (node), "token"));
    json_node_unref (node);
  }
  g_string_free (reply.raw, TRUE);

  /* A seller and a scanner of the admin's organization. */
  for (guint i = 0; i < G_N_ELEMENTS (staff); i++)
    {
      staff_add (&staff[i]);
      if (!staff_login (&staff[i]))
        {
          fprintf (stderr, "fuzz-server: the %s cannot sign in\n", staff[i].role);
          abort ();
        }
    }

  /* A session that ended. */
  revoked_token = tix_server_thread_create_local_session (server, &error);
  g_assert_no_error (error);
  send_request ("POST", "/api/auth/logout", revoked_token, NULL, NULL, 0, &reply);
  g_assert (reply.status == 200);
  g_string_free (reply.raw, TRUE);

  refresh_ticket ();
  return 0;
}

static char *
substitute (const char *text,
            gsize       length,
            gsize      *out_length)
{
  GString *out = g_string_new (NULL);

  for (gsize i = 0; i < length; i++)
    {
      if (i + 4 <= length && memcmp (text + i, "@NOW", 4) == 0)
        {
          char now[TIX_TIME_ISO_SIZE];

          tix_time_format_iso_buf (tix_time_now_ms (), now);
          g_string_append (out, now);
          i += 3;
        }
      else if (i + 10 <= length && memcmp (text + i, "@SELLER_ID", 10) == 0)
        {
          g_string_append (out, SELLER->id_text ? SELLER->id_text : "0");
          i += 9;
        }
      else if (i + 11 <= length && memcmp (text + i, "@SCANNER_ID", 11) == 0)
        {
          g_string_append (out, SCANNER->id_text ? SCANNER->id_text : "0");
          i += 10;
        }
      else if (i + 5 <= length && memcmp (text + i, "@CODE", 5) == 0)
        {
          g_string_append (out, ticket_code);
          i += 4;
        }
      else if (i + 3 <= length && memcmp (text + i, "@ID", 3) == 0)
        {
          g_string_append (out, ticket_id);
          i += 2;
        }
      else
        g_string_append_c (out, text[i]);
    }
  *out_length = out->len;
  return g_string_free (out, FALSE);
}

/* TRUE when the request would make many tickets: skipped, to keep runs fast
 * and the database small (counts of 100 and more are tested elsewhere). */
static gboolean
is_big_generate (const char *path,
                 const char *body,
                 gsize       length)
{
  guint digits = 0;

  if (strstr (path, "generate") == NULL && strstr (path, "GENERATE") == NULL &&
      strcasestr (path, "gen") == NULL)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    {
      if (g_ascii_isdigit (body[i]) || body[i] == 'e' || body[i] == 'E')
        {
          if (++digits >= 3)
            return TRUE;
        }
      else
        digits = 0;
    }
  return FALSE;
}

static gboolean
header_allowed (const char *line)
{
  static const char * const framing[] = {
    "content-length", "transfer-encoding", "connection", "expect", "upgrade", "host",
  };

  for (guint i = 0; i < G_N_ELEMENTS (framing); i++)
    if (g_ascii_strncasecmp (line, framing[i], strlen (framing[i])) == 0)
      return FALSE;
  /* Only "Name: value" lines with no bare CR: anything else is framing too. */
  return strchr (line, ':') != NULL && strchr (line, '\r') == NULL && line[0] != ' ' &&
         line[0] != '\t' && line[0] != ':';
}

/* A door report answered 200 is of the day asked: its "date" is the "date="
 * of the query, and its intervals lie within that day in some time zone
 * (UTC-12 to UTC+14). Once 0001-01-01 answered "1-01-01" and intervals
 * of 1970. */
static void
check_door_report (const char *method,
                   const char *path,
                   Reply      *reply)
{
  const char *query = strchr (path, '?');
  char **pairs;
  char *asked = NULL;
  JsonNode *node;

  if (reply->status != 200 || strcmp (method, "GET") != 0 ||
      !g_str_has_prefix (path, "/api/reports/door?") || query == NULL)
    return;
  pairs = g_strsplit (query + 1, "&", -1);
  for (guint i = 0; pairs[i] != NULL; i++)
    if (g_str_has_prefix (pairs[i], "date="))
      {
        g_free (asked);
        asked = g_uri_unescape_string (pairs[i] + 5, NULL);
      }
  g_strfreev (pairs);
  if (asked == NULL || *asked == '\0')
    {
      g_free (asked);
      return;
    }

  node = reply_json (reply);
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *report = json_node_get_object (node);
      const char *date = json_object_get_string_member_with_default (report, "date", "");
      JsonArray *buckets = json_object_get_array_member (report, "buckets");
      char *midnight = g_strconcat (asked, "T00:00:00Z", NULL);
      gint64 day_ms = 0, first_ms = 0;
      gboolean ok = g_strcmp0 (date, asked) == 0 && buckets != NULL &&
                    json_array_get_length (buckets) <= 150;

      if (ok && json_array_get_length (buckets) > 0)
        ok = tix_time_parse_iso (midnight, &day_ms) &&
             tix_time_parse_iso (json_object_get_string_member (
                                   json_array_get_object_element (buckets, 0), "start"),
                                 &first_ms) &&
             first_ms >= day_ms - 14 * 3600 * 1000 && first_ms <= day_ms + 12 * 3600 * 1000;
      if (!ok)
        {
          fprintf (stderr, "fuzz-server: GET %s answered a report of another day:\n%.*s\n",
                   path, (int) MIN (reply->raw->len, 2000), reply->raw->str);
          abort ();
        }
      g_free (midnight);
    }
  if (node != NULL)
    json_node_unref (node);
  g_free (asked);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  const char *text = (const char *) data;
  const char *end = text + size;
  const char *auth = NULL;
  const char *method;
  char *path = NULL, *custom_method = NULL;
  GString *headers;
  const char *p, *nl;
  gsize body_length = 0;
  char *body;
  Reply reply;
  guint flags;

  if (size < 2 || size > 65536)
    return -1;
  flags = data[0];

  switch (((flags >> 3) & 3) | ((flags >> 4) & 4))
    {
    case 1: auth = token; break;
    case 2: auth = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdex"; break;
    case 3: auth = other_token; break;
    case 4: auth = SELLER->token; break;
    case 5: case 7: auth = SCANNER->token; break;
    case 6: auth = revoked_token; break;
    default: break;
    }

  if (flags & 0x20)
    {
      /* Raw: the bytes as they are, then a half close. */
      gsize length;
      char *raw = substitute (text + 1, size - 1, &length);
      int fd = connect_server ();

      if (write_all (fd, raw, length))
        shutdown (fd, SHUT_WR);
      read_reply (fd, &reply);
      close (fd);
      g_string_free (reply.raw, TRUE);
      g_free (raw);
      return 0;
    }

  p = text + 1;
  nl = memchr (p, '\n', (gsize) (end - p));
  if (nl == NULL)
    nl = end;
  {
    gsize n;
    char *line = substitute (p, (gsize) (nl - p), &n);

    /* The request line may hold neither NUL, CR, LF nor spaces in its path. */
    if (memchr (line, '\0', n) != NULL || strpbrk (line, "\r") != NULL)
      {
        g_free (line);
        return -1;
      }
    if ((flags & 7) == 7)
      {
        char *space = strchr (line, ' ');

        if (space == NULL || space == line)
          {
            g_free (line);
            return -1;
          }
        custom_method = g_strndup (line, (gsize) (space - line));
        path = g_strdup (space + 1);
        g_free (line);
      }
    else
      path = line;
  }
  method = custom_method ? custom_method : methods[flags & 7];
  if (path[0] == '\0' || strchr (path, ' ') != NULL || strchr (method, ' ') != NULL ||
      strchr (method, '\t') != NULL || strchr (path, '\t') != NULL)
    {
      g_free (path);
      g_free (custom_method);
      return -1;
    }
  p = nl < end ? nl + 1 : end;

  headers = g_string_new (NULL);
  while (p < end)
    {
      gsize n;
      char *line;

      nl = memchr (p, '\n', (gsize) (end - p));
      if (nl == NULL)
        nl = end;
      if (nl == p)
        {
          p = nl + 1;
          break;
        }
      line = g_strndup (p, (gsize) (nl - p));
      n = strlen (line);
      if (n == (gsize) (nl - p) && header_allowed (line))
        g_string_append_printf (headers, "%s\r\n", line);
      g_free (line);
      p = nl < end ? nl + 1 : end;
    }

  body = substitute (p, (gsize) (end - p), &body_length);
  if (is_big_generate (path, body, body_length))
    {
      g_free (body);
      g_string_free (headers, TRUE);
      g_free (path);
      g_free (custom_method);
      return -1;
    }

  send_request (method, path, auth, headers->str, body, body_length, &reply);
  iterations++;

  if (reply.status == 0 && reply.raw->len > 0)
    {
      fprintf (stderr, "fuzz-server: not an HTTP answer: %.*s\n",
               (int) MIN (reply.raw->len, 300), reply.raw->str);
      abort ();
    }
  if (reply.status >= 500)
    {
      fprintf (stderr, "fuzz-server: %s %s answered %u:\n%.*s\n", method, path,
               reply.status, (int) MIN (reply.raw->len, 2000), reply.raw->str);
      abort ();
    }

  /* What the server says is JSON is valid UTF-8 (a station's parser
   * refuses anything else). */
  {
    const char *head_end = strstr (reply.raw->str, "\r\n\r\n");
    char *head = head_end ? g_ascii_strdown (reply.raw->str, head_end - reply.raw->str) : NULL;

    if (head != NULL && strstr (head, "content-type: application/json") != NULL &&
        !g_utf8_validate (reply.raw->str + reply.body_offset,
                          (gssize) (reply.raw->len - reply.body_offset), NULL))
      {
        fprintf (stderr, "fuzz-server: %s %s answered JSON that is not UTF-8:\n%.*s\n", method,
                 path, (int) MIN (reply.raw->len, 2000), reply.raw->str);
        abort ();
      }
    g_free (head);
  }

  check_door_report (method, path, &reply);

  /* Requests that may end the session or change the ticket: start again. */
  if (auth == token && (strcasestr (path, "auth") != NULL || strcasestr (path, "user") != NULL))
    refresh_token_if_dead ();
  if (auth == other_token && strcasestr (path, "auth") != NULL)
    relogin_other_if_dead ();
  /* Staff removed, demoted, signed out or with a new password: again. */
  if (strcasestr (path, "auth") != NULL || strcasestr (path, "user") != NULL ||
      iterations % 200 == 0)
    {
      refresh_token_if_dead ();
      staff_ensure_all ();
    }
  /* Now and then a clean slate, so that lists, reports and sheets stay as
   * fast as at the start. */
  if (iterations % 200 == 0)
    {
      Reply cleared;

      refresh_token_if_dead ();
      send_request ("DELETE", "/api/tickets", token, NULL, NULL, 0, &cleared);
      g_string_free (cleared.raw, TRUE);
    }
  if (strcmp (method, "DELETE") == 0 || strcasestr (path, "reissue") != NULL ||
      strcasestr (path, "scan") != NULL || iterations % 200 == 0)
    refresh_ticket ();

  g_string_free (reply.raw, TRUE);
  g_string_free (headers, TRUE);
  g_free (body);
  g_free (path);
  g_free (custom_method);
  return 0;
}
