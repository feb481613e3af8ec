/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-store"

#include "config.h"

#include <glib-unix.h>
#include <libpq-fe.h>
#include <string.h>

#include "tix-db-private.h"
#include "tix-store.h"
#include "tix-store-schema-pg.h"

/* PostgreSQL, shared by several tix-servers. One connection runs the
 * queries (synchronously, on the server's thread, like SQLite); a second
 * one LISTENs for the events of the other servers. A lost connection makes
 * calls fail with TIX_STORE_ERROR_UNAVAILABLE until it comes back; it is
 * tried again at most once a second. */

#define EVENTS_CHANNEL        "tix_events"
#define RECONNECT_INTERVAL_US G_USEC_PER_SEC
/* pg_advisory_xact_lock key for migrations: "TIX!" */
#define MIGRATION_LOCK        0x54495821
#define NOTIFY_MAX_BYTES      7999
/* Statements in flight at once in a pipeline: well within what the socket
 * buffers hold both ways, so neither side ever waits on the other. */
#define PIPELINE_DEPTH        64

typedef struct
{
  TixDb            base;
  PGconn          *conn;
  char            *conninfo;      /* the URI as given, password and all */
  guint            generation;    /* bumps when the connection is remade */
  guint            next_name;
  gint64           changes;
  gint64           last_attempt;  /* monotonic µs of the last reconnect */
  /* The last failure */
  char            *message;
  char             sqlstate[6];

  /* Events */
  GPtrArray       *outbox;        /* payloads waiting for the next flush */
  GSource         *flush;
  PGconn          *listener;
  GMainContext    *context;
  GSource         *watch;
  GSource         *retry;
  TixDbNotifyFunc  func;
  gpointer         func_data;
} TixDbPg;

typedef struct
{
  TixDbStmt   base;
  char       *sql;          /* with $1, $2, … */
  char        name[24];
  guint       generation;   /* of the connection it was prepared on; 0: none */
  int         n_params;
  GPtrArray  *names;        /* :name of parameter i + 1, or NULL */
  char      **values;
  int        *lengths;
  int        *formats;
  PGresult   *result;
  gboolean    executed;
  int         row;
  GPtrArray  *blobs;        /* unescaped bytea of the current row */
} TixDbPgStmt;

#define PG(db)      ((TixDbPg *) (db))
#define PG_STMT(s)  ((TixDbPgStmt *) (s))

static void listener_start (TixDbPg *self);

/* Connects with what a server needs unless the URI says otherwise: a dead
 * host must not hold the server for TCP's two minutes, nor a lock held
 * elsewhere hold a request for ever. */
static PGconn *
connect_to (const char *uri)
{
  const char * const keywords[] = {
    "connect_timeout", "application_name", "options", "dbname", NULL
  };
  const char * const values[] = {
    "3", "tix-server",
    "-c statement_timeout=15000 -c lock_timeout=10000 -c client_min_messages=warning", uri, NULL
  };

  /* Keywords before "dbname" are defaults: the URI's own settings win. */
  return PQconnectdbParams (keywords, values, 1);
}

/* Errors */

static void
remember_failure (TixDbPg        *self,
                  const PGresult *result)
{
  const char *state = result ? PQresultErrorField (result, PG_DIAG_SQLSTATE) : NULL;
  const char *message = result ? PQresultErrorMessage (result) : NULL;

  if (message == NULL || *message == '\0')
    message = PQerrorMessage (self->conn);
  g_free (self->message);
  self->message = g_strstrip (g_strdup (message && *message ? message : "unknown error"));
  g_strlcpy (self->sqlstate, state ? state : "", sizeof self->sqlstate);
}

static gboolean
connection_lost (TixDbPg *self)
{
  return self->conn == NULL || PQstatus (self->conn) != CONNECTION_OK ||
         g_str_has_prefix (self->sqlstate, "08") ||   /* connection exception */
         g_str_has_prefix (self->sqlstate, "57P");    /* shutting down, cannot connect now */
}

static gboolean
set_error (TixDb       *db,
           GError     **error,
           const char  *what)
{
  TixDbPg *self = PG (db);
  TixStoreError code = TIX_STORE_ERROR_FAILED;

  if (connection_lost (self))
    code = TIX_STORE_ERROR_UNAVAILABLE;
  else if (g_str_equal (self->sqlstate, "23505"))          /* unique_violation */
    code = TIX_STORE_ERROR_EXISTS;
  else if (g_str_equal (self->sqlstate, "40001") ||        /* serialization_failure */
           g_str_equal (self->sqlstate, "40P01") ||        /* deadlock_detected */
           g_str_equal (self->sqlstate, "55P03") ||        /* lock_not_available */
           g_str_equal (self->sqlstate, "57014"))          /* query_canceled: a timeout */
    code = TIX_STORE_ERROR_UNAVAILABLE;
  else if (g_str_has_prefix (self->sqlstate, "XX"))        /* data corrupted */
    code = TIX_STORE_ERROR_CORRUPT;

  if (code == TIX_STORE_ERROR_UNAVAILABLE && connection_lost (self))
    g_set_error (error, TIX_STORE_ERROR, code,
                 "%s: the database server %s cannot be reached (%s)",
                 what, db->location, self->message ? self->message : "connection lost");
  else
    g_set_error (error, TIX_STORE_ERROR, code, "%s: %s", what,
                 self->message ? self->message : "unknown error");
  return FALSE;
}

/* The connection */

/* Makes sure the connection works before a statement is sent; remakes a
 * lost one, at most once a second so that a database that is down costs a
 * request nothing but the answer. */
static gboolean
ensure_connected (TixDbPg *self)
{
  gint64 now;

  if (self->conn != NULL && PQstatus (self->conn) == CONNECTION_OK)
    return TRUE;

  now = g_get_monotonic_time ();
  if (self->last_attempt != 0 && now - self->last_attempt < RECONNECT_INTERVAL_US)
    return FALSE;
  self->last_attempt = now;

  if (self->conn == NULL)
    self->conn = connect_to (self->conninfo);
  else
    PQreset (self->conn);

  if (PQstatus (self->conn) != CONNECTION_OK)
    {
      remember_failure (self, NULL);
      return FALSE;
    }

  /* Prepared statements died with the old connection. */
  self->generation++;
  self->sqlstate[0] = '\0';
  g_message ("Connected again to the database %s", self->base.location);
  return TRUE;
}

/* Statements */

/* ?, ?N and :name become $N; string literals are copied as they are. */
static char *
translate (const char *sql,
           GPtrArray  *names,
           int        *out_n_params)
{
  GString *out = g_string_sized_new (strlen (sql) + 16);
  int max = 0;

  for (const char *p = sql; *p != '\0'; p++)
    {
      if (*p == '\'')
        {
          const char *end = strchr (p + 1, '\'');

          if (end == NULL)
            end = p + strlen (p) - 1;
          g_string_append_len (out, p, end - p + 1);
          p = end;
        }
      else if (*p == '?')
        {
          int index;

          if (g_ascii_isdigit (p[1]))
            {
              char *end;
              index = (int) g_ascii_strtoll (p + 1, &end, 10);
              p = end - 1;
            }
          else
            index = max + 1;
          max = MAX (max, index);
          g_string_append_printf (out, "$%d", index);
        }
      else if (*p == ':' && p[1] == ':')
        {
          g_string_append (out, "::");
          p++;
        }
      else if (*p == ':' && (g_ascii_isalpha (p[1]) || p[1] == '_'))
        {
          const char *start = p;
          g_autofree char *name = NULL;
          int index = 0;

          p++;
          while (g_ascii_isalnum (p[1]) || p[1] == '_')
            p++;
          name = g_strndup (start, p - start + 1);
          for (guint i = 0; i < names->len; i++)
            if (g_strcmp0 (g_ptr_array_index (names, i), name) == 0)
              index = (int) i + 1;
          if (index == 0)
            {
              index = max + 1;
              while (names->len < (guint) index)
                g_ptr_array_add (names, NULL);
              g_ptr_array_index (names, index - 1) = g_steal_pointer (&name);
            }
          max = MAX (max, index);
          g_string_append_printf (out, "$%d", index);
        }
      else
        g_string_append_c (out, *p);
    }

  *out_n_params = max;
  return g_string_free (out, FALSE);
}

static void
stmt_clear_result (TixDbPgStmt *stmt)
{
  g_clear_pointer (&stmt->result, PQclear);
  g_ptr_array_set_size (stmt->blobs, 0);
  stmt->executed = FALSE;
  stmt->row = -1;
}

static void
free_blob (gpointer data)
{
  PQfreemem (data);
}

static TixDbStmt *
prepare (TixDb       *db,
         const char  *sql,
         GError     **error)
{
  TixDbPg *self = PG (db);
  TixDbPgStmt *stmt = g_new0 (TixDbPgStmt, 1);

  stmt->names = g_ptr_array_new_with_free_func (g_free);
  stmt->sql = translate (sql, stmt->names, &stmt->n_params);
  g_snprintf (stmt->name, sizeof stmt->name, "tix_%u", ++self->next_name);
  stmt->values = g_new0 (char *, MAX (stmt->n_params, 1));
  stmt->lengths = g_new0 (int, MAX (stmt->n_params, 1));
  stmt->formats = g_new0 (int, MAX (stmt->n_params, 1));
  stmt->blobs = g_ptr_array_new_with_free_func (free_blob);
  stmt->row = -1;
  /* Prepared on the server when first run: a lost connection must not make
   * a statement unusable. */
  return &stmt->base;
}

static void
clear_bindings (TixDbPgStmt *stmt)
{
  for (int i = 0; i < stmt->n_params; i++)
    {
      g_clear_pointer (&stmt->values[i], g_free);
      stmt->lengths[i] = 0;
      stmt->formats[i] = 0;
    }
}

static void
stmt_free (TixDbStmt *base)
{
  TixDbPgStmt *stmt = PG_STMT (base);

  stmt_clear_result (stmt);
  clear_bindings (stmt);
  g_free (stmt->values);
  g_free (stmt->lengths);
  g_free (stmt->formats);
  g_ptr_array_unref (stmt->names);
  g_ptr_array_unref (stmt->blobs);
  g_free (stmt->sql);
  g_free (stmt);
}

static void
clear (TixDbStmt *base)
{
  stmt_clear_result (PG_STMT (base));
  clear_bindings (PG_STMT (base));
}

static gboolean
exec (TixDb       *db,
      const char  *sql,
      GError     **error)
{
  TixDbPg *self = PG (db);
  PGresult *result;
  gboolean ok;

  if (!ensure_connected (self))
    return set_error (db, error, "Could not reach the database");
  result = PQexec (self->conn, sql);
  ok = PQresultStatus (result) == PGRES_COMMAND_OK || PQresultStatus (result) == PGRES_TUPLES_OK;
  if (!ok)
    remember_failure (self, result);
  PQclear (result);
  return ok ? TRUE : set_error (db, error, "Could not change the database");
}

static void
bind_value (TixDbStmt *base,
            int        index,
            char      *value,
            int        length,
            int        format)
{
  TixDbPgStmt *stmt = PG_STMT (base);

  if (index < 1 || index > stmt->n_params)
    {
      g_free (value);
      g_return_if_reached ();
    }
  g_free (stmt->values[index - 1]);
  stmt->values[index - 1] = value;
  stmt->lengths[index - 1] = length;
  stmt->formats[index - 1] = format;
}

static void
bind_int64 (TixDbStmt *stmt,
            int        index,
            gint64     value)
{
  bind_value (stmt, index, g_strdup_printf ("%" G_GINT64_FORMAT, value), 0, 0);
}

static void
bind_text (TixDbStmt  *stmt,
           int         index,
           const char *text)
{
  bind_value (stmt, index, g_strdup (text), 0, 0);
}

static void
bind_blob (TixDbStmt  *stmt,
           int         index,
           const void *data,
           gsize       size)
{
  /* Binary format: bytea as it is. */
  bind_value (stmt, index, g_memdup2 (data, MAX (size, 1)), (int) size, 1);
}

static void
bind_null (TixDbStmt *stmt,
           int        index)
{
  bind_value (stmt, index, NULL, 0, 0);
}

static int
parameter_index (TixDbStmt  *base,
                 const char *name)
{
  TixDbPgStmt *stmt = PG_STMT (base);

  for (guint i = 0; i < stmt->names->len; i++)
    if (g_strcmp0 (g_ptr_array_index (stmt->names, i), name) == 0)
      return (int) i + 1;
  return 0;
}

/* A statement that can be sent again after a reconnection without any risk
 * of doing something twice. */
static gboolean
is_retryable (TixDbPgStmt *stmt)
{
  return g_str_has_prefix (stmt->sql, "BEGIN") || g_str_has_prefix (stmt->sql, "SELECT");
}

static PGresult *
execute (TixDbPg     *self,
         TixDbPgStmt *stmt)
{
  if (stmt->generation != self->generation)
    {
      PGresult *prepared = PQprepare (self->conn, stmt->name, stmt->sql, stmt->n_params, NULL);

      if (PQresultStatus (prepared) != PGRES_COMMAND_OK)
        return prepared;
      PQclear (prepared);
      stmt->generation = self->generation;
    }

  return PQexecPrepared (self->conn, stmt->name, stmt->n_params,
                         (const char * const *) stmt->values, stmt->lengths, stmt->formats, 0);
}

static TixDbStep
step (TixDbStmt *base)
{
  TixDbPgStmt *stmt = PG_STMT (base);
  TixDbPg *self = PG (base->db);

  if (!stmt->executed)
    {
      PGresult *result = NULL;
      gboolean outside = self->conn != NULL &&
                         PQtransactionStatus (self->conn) == PQTRANS_IDLE;

      stmt_clear_result (stmt);
      stmt->executed = TRUE;
      self->changes = 0;

      for (int attempt = 0; attempt < 2; attempt++)
        {
          ExecStatusType status;

          if (!ensure_connected (self))
            {
              if (self->message == NULL)
                self->message = g_strdup ("no connection");
              return TIX_DB_ERROR;
            }

          g_clear_pointer (&result, PQclear);
          result = execute (self, stmt);
          status = PQresultStatus (result);
          if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK)
            break;

          remember_failure (self, result);
          g_clear_pointer (&result, PQclear);
          /* A connection that died while idle: what was sent first after it
           * can go again on a new one, if it changes nothing by itself. */
          if (attempt == 0 && outside && connection_lost (self) && is_retryable (stmt))
            {
              self->last_attempt = 0;
              continue;
            }
          return TIX_DB_ERROR;
        }

      self->changes = g_ascii_strtoll (PQcmdTuples (result), NULL, 10);
      if (PQresultStatus (result) != PGRES_TUPLES_OK)
        {
          PQclear (result);
          return TIX_DB_DONE;
        }
      stmt->result = result;
    }

  if (stmt->result == NULL)
    return TIX_DB_DONE;
  g_ptr_array_set_size (stmt->blobs, 0);
  stmt->row++;
  return stmt->row < PQntuples (stmt->result) ? TIX_DB_ROW : TIX_DB_DONE;
}

static gboolean
column_is_null (TixDbStmt *base,
                int        column)
{
  TixDbPgStmt *stmt = PG_STMT (base);

  return PQgetisnull (stmt->result, stmt->row, column);
}

static gint64
column_int64 (TixDbStmt *base,
              int        column)
{
  TixDbPgStmt *stmt = PG_STMT (base);

  if (PQgetisnull (stmt->result, stmt->row, column))
    return 0;
  return g_ascii_strtoll (PQgetvalue (stmt->result, stmt->row, column), NULL, 10);
}

static const char *
column_text (TixDbStmt *base,
             int        column)
{
  TixDbPgStmt *stmt = PG_STMT (base);

  if (PQgetisnull (stmt->result, stmt->row, column))
    return NULL;
  return PQgetvalue (stmt->result, stmt->row, column);
}

static const guint8 *
column_blob (TixDbStmt *base,
             int        column,
             gsize     *size)
{
  TixDbPgStmt *stmt = PG_STMT (base);
  unsigned char *data;
  size_t length = 0;

  *size = 0;
  if (PQgetisnull (stmt->result, stmt->row, column))
    return NULL;
  data = PQunescapeBytea ((const unsigned char *) PQgetvalue (stmt->result, stmt->row, column),
                          &length);
  if (data == NULL)
    return NULL;
  g_ptr_array_add (stmt->blobs, data);
  *size = length;
  return data;
}

static void
reset (TixDbStmt *stmt)
{
  stmt_clear_result (PG_STMT (stmt));
}

static gint64
changes (TixDb *db)
{
  return PG (db)->changes;
}

static gboolean
run_simple (TixDb       *db,
            const char  *sql,
            const char  *what,
            GError     **error)
{
  TixDbStmt *stmt = tix_db_statement (db, sql, error);
  TixDbStep rc;

  if (stmt == NULL)
    return FALSE;
  rc = step (stmt);
  reset (stmt);
  return rc == TIX_DB_ERROR ? set_error (db, error, what) : TRUE;
}

static gboolean
begin (TixDb   *db,
       GError **error)
{
  return run_simple (db, "BEGIN", "Could not start a transaction", error);
}

/* Every write of an organization takes its row first, so they queue up one
 * after the other across servers, as they do on SQLite's one writer: what a
 * transaction read stays true until it commits. */
static gboolean
lock_organization (TixDb   *db,
                   gint64   organization_id,
                   GError **error)
{
  TixDbStmt *stmt = tix_db_statement (db,
    "SELECT id FROM organizations WHERE id = ? FOR NO KEY UPDATE", error);
  TixDbStep rc;

  if (stmt == NULL)
    return FALSE;
  bind_int64 (stmt, 1, organization_id);
  rc = step (stmt);
  reset (stmt);
  return rc == TIX_DB_ERROR ? set_error (db, error, "Could not lock the organization") : TRUE;
}

static void
rollback (TixDb *db)
{
  TixDbPg *self = PG (db);
  PGTransactionStatusType status;

  if (self->conn == NULL || PQstatus (self->conn) != CONNECTION_OK)
    return;
  status = PQtransactionStatus (self->conn);
  if (status == PQTRANS_INTRANS || status == PQTRANS_INERROR)
    PQclear (PQexec (self->conn, "ROLLBACK"));
}

/* Events */

/* Events wait for the main loop to be idle and then go out together, in
 * one transaction that needs no fsync (an event is not a record): a NOTIFY
 * of its own for each scan would cost a commit each. */
static gboolean
flush_cb (gpointer user_data)
{
  TixDbPg *self = user_data;
  g_autoptr(GPtrArray) outbox = g_steal_pointer (&self->outbox);
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&self->flush, g_source_unref);
  if (!run_simple (&self->base, "BEGIN", "Could not share events", &error) ||
      !run_simple (&self->base, "SET LOCAL synchronous_commit = off", "Could not share events",
                   &error))
    goto failed;
  for (guint i = 0; i < outbox->len; i++)
    {
      TixDbStmt *stmt = tix_db_statement (&self->base,
                                          "SELECT pg_notify ('" EVENTS_CHANNEL "', ?)", &error);
      TixDbStep rc;

      if (stmt == NULL)
        goto failed;
      bind_text (stmt, 1, g_ptr_array_index (outbox, i));
      rc = step (stmt);
      reset (stmt);
      if (rc == TIX_DB_ERROR)
        {
          set_error (&self->base, &error, "Could not share an event");
          goto failed;
        }
    }
  if (!tix_db_commit (&self->base, &error))
    goto failed;
  return G_SOURCE_REMOVE;

failed:
  rollback (&self->base);
  g_message ("%u events did not reach the other servers: %s", outbox->len, error->message);
  return G_SOURCE_REMOVE;
}

static gboolean
notify (TixDb       *db,
        const char  *payload,
        GError     **error)
{
  TixDbPg *self = PG (db);

  if (strlen (payload) > NOTIFY_MAX_BYTES)
    {
      g_set_error (error, TIX_STORE_ERROR, TIX_STORE_ERROR_FAILED,
                   "An event of %zu bytes is too large to share", strlen (payload));
      return FALSE;
    }
  if (self->outbox == NULL)
    self->outbox = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->outbox, g_strdup (payload));
  if (self->flush == NULL)
    {
      self->flush = g_idle_source_new ();
      g_source_set_callback (self->flush, flush_cb, self, NULL);
      g_source_set_static_name (self->flush, "[tix] share events");
      g_source_attach (self->flush, g_main_context_get_thread_default ());
    }
  return TRUE;
}

static void
listener_stop (TixDbPg *self)
{
  if (self->watch != NULL)
    {
      g_source_destroy (self->watch);
      g_clear_pointer (&self->watch, g_source_unref);
    }
  g_clear_pointer (&self->listener, PQfinish);
}

static gboolean
listener_retry_cb (gpointer user_data)
{
  TixDbPg *self = user_data;

  g_clear_pointer (&self->retry, g_source_unref);
  listener_start (self);
  return G_SOURCE_REMOVE;
}

static void
listener_schedule_retry (TixDbPg *self)
{
  listener_stop (self);
  if (self->retry != NULL)
    return;
  self->retry = g_timeout_source_new (RECONNECT_INTERVAL_US / 1000);
  g_source_set_callback (self->retry, listener_retry_cb, self, NULL);
  g_source_set_static_name (self->retry, "[tix] database listener retry");
  g_source_attach (self->retry, self->context);
}

static gboolean
listener_ready_cb (int          fd,
                   GIOCondition condition,
                   gpointer     user_data)
{
  TixDbPg *self = user_data;
  PGnotify *event;

  if (!PQconsumeInput (self->listener))
    {
      g_message ("Lost the event connection to %s, connecting again: %s", self->base.location,
                 PQerrorMessage (self->listener));
      g_clear_pointer (&self->watch, g_source_unref);
      listener_schedule_retry (self);
      return G_SOURCE_REMOVE;
    }

  while ((event = PQnotifies (self->listener)) != NULL)
    {
      if (self->func != NULL && g_str_equal (event->relname, EVENTS_CHANNEL))
        self->func (event->extra, self->func_data);
      PQfreemem (event);
    }
  return G_SOURCE_CONTINUE;
}

static void
listener_start (TixDbPg *self)
{
  PGresult *result;

  self->listener = connect_to (self->conninfo);
  if (PQstatus (self->listener) != CONNECTION_OK)
    {
      listener_schedule_retry (self);
      return;
    }
  result = PQexec (self->listener, "LISTEN " EVENTS_CHANNEL);
  if (PQresultStatus (result) != PGRES_COMMAND_OK)
    {
      g_message ("Could not listen for events on %s: %s", self->base.location,
                 PQresultErrorMessage (result));
      PQclear (result);
      listener_schedule_retry (self);
      return;
    }
  PQclear (result);
  PQsetnonblocking (self->listener, 1);

  self->watch = g_unix_fd_source_new (PQsocket (self->listener), G_IO_IN | G_IO_HUP | G_IO_ERR);
  g_source_set_callback (self->watch, G_SOURCE_FUNC (listener_ready_cb), self, NULL);
  g_source_set_static_name (self->watch, "[tix] database events");
  g_source_attach (self->watch, self->context);
}

static void
listen (TixDb           *db,
        TixDbNotifyFunc  func,
        gpointer         user_data)
{
  TixDbPg *self = PG (db);

  listener_stop (self);
  if (self->retry != NULL)
    {
      g_source_destroy (self->retry);
      g_clear_pointer (&self->retry, g_source_unref);
    }
  g_clear_pointer (&self->context, g_main_context_unref);
  self->func = func;
  self->func_data = user_data;
  if (func == NULL)
    return;

  self->context = g_main_context_ref_thread_default ();
  listener_start (self);
}

static void
db_free (TixDb *db)
{
  TixDbPg *self = PG (db);

  listen (db, NULL, NULL);
  if (self->flush != NULL)
    {
      g_source_destroy (self->flush);
      g_clear_pointer (&self->flush, g_source_unref);
    }
  g_clear_pointer (&self->outbox, g_ptr_array_unref);
  g_clear_pointer (&self->conn, PQfinish);
  g_free (self->conninfo);
  g_free (self->message);
  g_free (self);
}

/* Reads up to the sync point of a pipeline. */
static void
drain_to_sync (TixDbPg *self)
{
  for (int nulls = 0; nulls < 3 && PQstatus (self->conn) == CONNECTION_OK; )
    {
      PGresult *result = PQgetResult (self->conn);

      if (result == NULL)
        {
          nulls++;
          continue;
        }
      if (PQresultStatus (result) == PGRES_PIPELINE_SYNC)
        {
          PQclear (result);
          return;
        }
      PQclear (result);
    }
}

static gboolean
run_many (TixDb          *db,
          TixDbStmt      *base,
          guint           n,
          TixDbBindFunc   bind,
          TixDbRowFunc    row,
          gpointer        user_data,
          GError        **error)
{
  TixDbPg *self = PG (db);
  TixDbPgStmt *stmt = PG_STMT (base);
  gboolean ok = TRUE;

  if (n == 0)
    return TRUE;
  /* Inside a transaction: a lost connection is not made again here. */
  if (self->conn == NULL || PQstatus (self->conn) != CONNECTION_OK)
    {
      remember_failure (self, NULL);
      return set_error (db, error, "Could not run a statement");
    }
  if (stmt->generation != self->generation)
    {
      PGresult *prepared = PQprepare (self->conn, stmt->name, stmt->sql, stmt->n_params, NULL);

      if (PQresultStatus (prepared) != PGRES_COMMAND_OK)
        {
          remember_failure (self, prepared);
          PQclear (prepared);
          return set_error (db, error, "Could not prepare a query");
        }
      PQclear (prepared);
      stmt->generation = self->generation;
    }
  if (!PQenterPipelineMode (self->conn))
    {
      remember_failure (self, NULL);
      return set_error (db, error, "Could not run a statement");
    }

  for (guint start = 0; start < n && ok; start += PIPELINE_DEPTH)
    {
      guint end = MIN (n, start + PIPELINE_DEPTH), sent = 0;

      for (guint i = start; i < end && ok; i++)
        {
          clear (base);
          bind (base, i, user_data);
          if (PQsendQueryPrepared (self->conn, stmt->name, stmt->n_params,
                                   (const char * const *) stmt->values, stmt->lengths,
                                   stmt->formats, 0))
            sent++;
          else
            {
              remember_failure (self, NULL);
              ok = FALSE;
            }
        }
      if (!PQpipelineSync (self->conn) && ok)
        {
          remember_failure (self, NULL);
          ok = FALSE;
        }

      /* Each statement's result, then the NULL that ends it. */
      for (guint k = 0; k < sent; k++)
        {
          PGresult *result = PQgetResult (self->conn);
          ExecStatusType status = result ? PQresultStatus (result) : PGRES_FATAL_ERROR;

          if (ok && (status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK))
            {
              stmt_clear_result (stmt);
              self->changes = g_ascii_strtoll (PQcmdTuples (result), NULL, 10);
              stmt->result = result;
              stmt->executed = TRUE;
              stmt->row = 0;
              row (base, start + k, PQntuples (result) > 0 ? TIX_DB_ROW : TIX_DB_DONE, user_data);
              stmt_clear_result (stmt);
            }
          else
            {
              /* The first failure tells; the rest were aborted by it. */
              if (ok)
                remember_failure (self, result);
              ok = FALSE;
              g_clear_pointer (&result, PQclear);
            }
          if (result != NULL)
            while ((result = PQgetResult (self->conn)) != NULL)
              PQclear (result);
        }
      drain_to_sync (self);
    }

  clear (base);
  if (PQstatus (self->conn) == CONNECTION_OK)
    PQexitPipelineMode (self->conn);
  return ok ? TRUE : set_error (db, error, "Could not run a statement");
}

static const TixDbBackend pg_backend = {
  db_free, prepare, stmt_free, clear, exec, bind_int64, bind_text, bind_blob, bind_null,
  parameter_index, step, column_is_null, column_int64, column_text, column_blob, reset,
  changes, set_error, begin, lock_organization, rollback, notify, listen, run_many, NULL,
};

/* Opening and migrating */

/* The URI to show people: without its password. */
static char *
display_location (const char *uri)
{
  g_autoptr(GUri) parsed = g_uri_parse (uri, G_URI_FLAGS_HAS_PASSWORD | G_URI_FLAGS_ENCODED, NULL);

  if (parsed == NULL)
    return g_strdup ("the PostgreSQL database");
  return g_uri_join (G_URI_FLAGS_ENCODED, g_uri_get_scheme (parsed), g_uri_get_user (parsed),
                     g_uri_get_host (parsed), g_uri_get_port (parsed), g_uri_get_path (parsed),
                     NULL, NULL);
}

static gint64
query_int (TixDbPg     *self,
           const char  *sql,
           GError     **error)
{
  PGresult *result = PQexec (self->conn, sql);
  gint64 value = -1;

  if (PQresultStatus (result) == PGRES_TUPLES_OK && PQntuples (result) == 1)
    value = g_ascii_strtoll (PQgetvalue (result, 0, 0), NULL, 10);
  else
    {
      remember_failure (self, result);
      set_error (&self->base, error, "Could not read the database");
    }
  PQclear (result);
  return value;
}

static gboolean
check_and_migrate (TixDbPg  *self,
                   GError  **error)
{
  TixDb *db = &self->base;
  g_autofree char *lock = NULL;
  gint64 has_schema, tables, version = 0;

  /* One server migrates; the others wait for it and find the work done. */
  lock = g_strdup_printf ("SELECT pg_advisory_xact_lock (%d)", MIGRATION_LOCK);
  if (!exec (db, "BEGIN", error) || !exec (db, lock, error))
    goto failed;

  has_schema = query_int (self, "SELECT count(*) FROM pg_tables WHERE tablename = 'tix_schema'"
                                " AND schemaname = current_schema ()", error);
  tables = has_schema < 0 ? -1 :
           query_int (self, "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema ()",
                      error);
  if (tables < 0)
    goto failed;

  if (has_schema == 0 && tables > 0)
    {
      g_set_error (error, TIX_STORE_ERROR, TIX_STORE_ERROR_CORRUPT,
                   "%s is not a Tix database: it has tables of something else", db->location);
      goto failed;
    }
  if (has_schema == 0 &&
      !exec (db, "CREATE TABLE tix_schema (version INTEGER NOT NULL);"
                 "INSERT INTO tix_schema VALUES (0);", error))
    goto failed;

  version = query_int (self, "SELECT version FROM tix_schema", error);
  if (version < 0)
    goto failed;
  if (version > (gint64) G_N_ELEMENTS (tix_store_pg_migrations))
    {
      g_set_error (error, TIX_STORE_ERROR, TIX_STORE_ERROR_CORRUPT,
                   "%s was made by a newer version of Tix (schema %" G_GINT64_FORMAT ")",
                   db->location, version);
      goto failed;
    }

  for (gint64 v = version; v < (gint64) G_N_ELEMENTS (tix_store_pg_migrations); v++)
    {
      g_autofree char *set_version = g_strdup_printf ("UPDATE tix_schema SET version = %"
                                                      G_GINT64_FORMAT, v + 1);

      if (!exec (db, tix_store_pg_migrations[v], error) || !exec (db, set_version, error))
        {
          g_prefix_error (error, "Could not upgrade %s: ", db->location);
          goto failed;
        }
    }

  return exec (db, "COMMIT", error);

failed:
  rollback (db);
  return FALSE;
}

TixDb *
tix_db_pg_open (const char  *uri,
                gboolean     check,
                GError     **error)
{
  TixDbPg *self = g_new0 (TixDbPg, 1);
  g_autofree char *location = display_location (uri);
  TixDb *db = &self->base;

  tix_db_init_base (db, &pg_backend, location, TRUE);
  self->conninfo = g_strdup (uri);

  /* Opening is the one time a failure to connect is final: say why. */
  self->conn = connect_to (uri);
  if (PQstatus (self->conn) != CONNECTION_OK)
    {
      g_autofree char *message = g_strstrip (g_strdup (PQerrorMessage (self->conn)));

      g_set_error (error, TIX_STORE_ERROR, TIX_STORE_ERROR_UNAVAILABLE,
                   "Could not connect to %s: %s", location, message);
      tix_db_free (db);
      return NULL;
    }
  self->generation = 1;

  if (check && !check_and_migrate (self, error))
    {
      tix_db_free (db);
      return NULL;
    }

  return db;
}
