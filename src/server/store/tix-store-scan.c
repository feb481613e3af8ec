/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The door (issue 20): a scan in or out at an entrance, by the rules of that
 * entrance; the ticket's inside state and the counts of who is inside (per
 * event and per entrance) change in the same transaction as the scan, and
 * every attempt, admitted or refused, goes into the scan log with it.
 * Scans that arrive together are decided in one transaction (one fsync),
 * in order, each under its organization's lock: what a scan reads of a
 * ticket stays true until it commits, with other servers too. */
#define G_LOG_DOMAIN "tix-store"

#include "config.h"

#include "tix-store-private.h"

/* The ticket's type, which an entrance's type_ids filter on. Tickets have
 * no type yet; once they do (ticket types), this is "t.type_id". */
#define TICKET_TYPE_COLUMN "t.type_id"

const char *
tix_store_direction_to_string (TixStoreDirection direction)
{
  return direction == TIX_STORE_DIRECTION_OUT ? "out" : "in";
}

gboolean
tix_store_direction_parse (const char        *text,
                           TixStoreDirection *out)
{
  if (g_strcmp0 (text, "in") == 0)
    *out = TIX_STORE_DIRECTION_IN;
  else if (g_strcmp0 (text, "out") == 0)
    *out = TIX_STORE_DIRECTION_OUT;
  else
    return FALSE;
  return TRUE;
}

static void
job_fail (TixStoreScanJob *job,
          const GError    *error)
{
  g_clear_object (&job->ticket);
  g_clear_error (&job->error);
  job->error = g_error_copy (error);
}

static gboolean
event_admitted (const TixStoreScan *scan,
                gint64              event_id)
{
  if (scan->n_event_ids == 0)
    return TRUE;
  for (guint i = 0; i < scan->n_event_ids; i++)
    if (scan->event_ids[i] == event_id)
      return TRUE;
  return FALSE;
}

static gboolean
prefix_admitted (const char * const *prefixes,
                 const char         *prefix)
{
  if (prefixes == NULL || prefixes[0] == NULL)
    return TRUE;
  for (guint i = 0; prefixes[i] != NULL; i++)
    if (g_ascii_strcasecmp (prefixes[i], prefix) == 0)
      return TRUE;
  return FALSE;
}

/* The scan log's word for a refusal of @code (an upload's first answer,
 * given again). */
static const char *
result_of_code (int code)
{
  switch (code)
    {
    case 0: return "first";
    case TIX_STORE_ERROR_DUPLICATE: return "already-inside";
    case TIX_STORE_ERROR_NOT_INSIDE: return "not-inside";
    case TIX_STORE_ERROR_WRONG_ENTRANCE: return "wrong-entrance";
    case TIX_STORE_ERROR_CLOSED: return "closed";
    case TIX_STORE_ERROR_FULL: return "full";
    case TIX_STORE_ERROR_REPLACED: return "replaced";
    case TIX_STORE_ERROR_WRONG_PREFIX: return "wrong-prefix";
    case TIX_STORE_ERROR_OTHER_EVENT: return "other-event";
    case TIX_STORE_ERROR_DELETED: return "deleted";
    case TIX_STORE_ERROR_REFUNDED: return "refunded";
    case TIX_STORE_ERROR_NOT_FOUND: return "unknown";
    default: return "failed";
    }
}

/* An offline scan uploaded before: its first answer, to be given again. */
static gboolean
find_upload (TixStore         *self,
             TixStoreScanJob  *job,
             gboolean         *out_found,
             int              *out_outcome,
             GError          **error)
{
  TixDbStmt *stmt = tix_store_statement (self,
    "SELECT outcome, conflict, ticket_id FROM scan_uploads"
    " WHERE organization_id = ? AND scan_id = ?",
    error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  tix_db_bind_int64 (stmt, 1, tix_user_get_organization_id (job->user));
  tix_db_bind_text (stmt, 2, job->scan.scan_id);
  rc = tix_db_step (stmt);
  *out_found = rc == TIX_DB_ROW;
  if (*out_found)
    {
      *out_outcome = tix_db_column_int64 (stmt, 0);
      job->conflict = tix_db_column_int64 (stmt, 1) != 0;
      /* The same scan_id for another ticket is not a repeat: refused, and
       * the ticket stays as it is (the station made a mistake, or lies). */
      if (g_strcmp0 (tix_db_column_text (stmt, 2), job->scan.id) != 0)
        {
          *out_outcome = TIX_STORE_ERROR_SCAN_ID_REUSED;
          job->conflict = FALSE;
        }
    }
  tix_db_reset (stmt);
  if (rc != TIX_DB_ROW && rc != TIX_DB_DONE)
    return tix_store_set_error (self, error, "Could not look up the upload");
  return TRUE;
}

static gboolean
record_upload (TixStore         *self,
               TixStoreScanJob  *job,
               int               outcome,
               gint64            now_ms,
               GError          **error)
{
  TixDbStmt *stmt = tix_store_statement (self,
    "INSERT INTO scan_uploads (organization_id, scan_id, ticket_id, outcome, conflict, at)"
    " VALUES (?, ?, ?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  tix_db_bind_int64 (stmt, 1, tix_user_get_organization_id (job->user));
  tix_db_bind_text (stmt, 2, job->scan.scan_id);
  tix_db_bind_text (stmt, 3, job->scan.id);
  tix_db_bind_int64 (stmt, 4, outcome);
  tix_db_bind_int64 (stmt, 5, job->conflict);
  tix_db_bind_int64 (stmt, 6, now_ms);
  return tix_store_step_done (self, stmt, "Could not record the upload", error);
}

/* An offline scan (an entry, a re-entry or an exit) that the ticket's state
 * refuses because another scan came first: both are kept for an admin. */
static gboolean
record_conflict (TixStore         *self,
                 TixStoreScanJob  *job,
                 gint64            now_ms,
                 GError          **error)
{
  TixDbStmt *stmt = tix_store_statement (self,
    "INSERT INTO scan_conflicts (organization_id, ticket_id, first_scanned_at, first_scanned_by,"
    " first_station, scan_id, second_scanned_at, second_user, second_station, at)"
    " SELECT organization_id, id, scanned_at, scanned_by, scanned_station,"
    " CAST (? AS TEXT), CAST (? AS BIGINT), CAST (? AS BIGINT), CAST (? AS TEXT), CAST (? AS BIGINT)"
    " FROM tickets WHERE id = ? AND organization_id = ? AND scanned_at IS NOT NULL", error);

  if (stmt == NULL)
    return FALSE;
  tix_db_bind_text (stmt, 1, job->scan.scan_id);
  tix_db_bind_int64 (stmt, 2, job->scan.scanned_at);
  tix_db_bind_int64 (stmt, 3, tix_user_get_id (job->user));
  tix_db_bind_text (stmt, 4, job->scan.station);
  tix_db_bind_int64 (stmt, 5, now_ms);
  tix_db_bind_text (stmt, 6, job->scan.id);
  tix_db_bind_int64 (stmt, 7, tix_user_get_organization_id (job->user));
  if (!tix_store_step_done (self, stmt, "Could not record the conflict", error))
    return FALSE;
  job->conflict = tix_db_changes (self->db) == 1;
  return TRUE;
}

/* One attempt, in the caller's transaction. */
static gboolean
write_log (TixStore            *self,
           TixUser             *user,
           const TixStoreScan  *scan,
           gint64               at_ms,
           const char          *ticket_id,
           const char          *number,
           gint64               event_id,
           gint64               entrance_id,
           const char          *result,
           GError             **error)
{
  TixDbStmt *stmt = tix_store_statement (self,
    "INSERT INTO scan_log (organization_id, at, ticket_id, number, event_id, entrance_id,"
    " direction, result, station, user_id, uploaded) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    error);

  if (stmt == NULL)
    return FALSE;
  tix_db_bind_int64 (stmt, 1, tix_user_get_organization_id (user));
  tix_db_bind_int64 (stmt, 2, at_ms);
  tix_db_bind_text (stmt, 3, ticket_id);
  tix_db_bind_text (stmt, 4, number);
  if (event_id > 0)
    tix_db_bind_int64 (stmt, 5, event_id);
  else
    tix_db_bind_null (stmt, 5);
  if (entrance_id > 0)
    tix_db_bind_int64 (stmt, 6, entrance_id);
  else
    tix_db_bind_null (stmt, 6);
  tix_db_bind_text (stmt, 7, tix_store_direction_to_string (scan->direction));
  tix_db_bind_text (stmt, 8, result);
  tix_db_bind_text (stmt, 9, scan->station);
  tix_db_bind_int64 (stmt, 10, tix_user_get_id (user));
  tix_db_bind_int64 (stmt, 11, scan->scan_id != NULL);
  return tix_store_step_done (self, stmt, "Could not write the scan log", error);
}

gboolean
tix_store_log_attempt (TixStore            *self,
                       TixUser             *user,
                       const TixStoreScan  *scan,
                       const char          *number,
                       const char          *result,
                       gint64               now_ms,
                       GError             **error)
{
  gint64 org_id;

  g_return_val_if_fail (TIX_IS_STORE (self), FALSE);
  g_return_val_if_fail (TIX_IS_USER (user), FALSE);
  g_return_val_if_fail (scan != NULL && result != NULL, FALSE);

  org_id = tix_user_get_organization_id (user);
  if (!tix_store_begin (self, org_id, error))
    return FALSE;
  if (!write_log (self, user, scan, scan->scanned_at > 0 ? scan->scanned_at : now_ms, scan->id,
                  number, scan->n_event_ids == 1 ? scan->event_ids[0] : 0, scan->entrance_id,
                  result, error) ||
      !tix_store_commit (self, error))
    {
      tix_store_rollback (self);
      return FALSE;
    }
  return TRUE;
}

/* The counts of who is inside that a batch changes, written once at its
 * end; the capacity check adds them to what the event's row says. */
typedef struct
{
  GHashTable *event_inside;     /* event id → delta */
  GHashTable *event_scanned;    /* event id → first entries */
  GHashTable *entrance_inside;  /* entrance id → delta */
} Deltas;

static gint64
delta_get (GHashTable *table,
           gint64      id)
{
  gint64 *value = g_hash_table_lookup (table, &id);

  return value != NULL ? *value : 0;
}

static void
delta_add (GHashTable *table,
           gint64      id,
           gint64      delta)
{
  gint64 *value = g_hash_table_lookup (table, &id);

  if (value == NULL)
    {
      gint64 *key = g_new (gint64, 1);

      *key = id;
      value = g_new0 (gint64, 1);
      g_hash_table_insert (table, key, value);
    }
  *value += delta;
}

static void
deltas_init (Deltas *deltas)
{
  deltas->event_inside = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  deltas->event_scanned = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  deltas->entrance_inside = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
}

static void
deltas_clear (Deltas *deltas)
{
  g_clear_pointer (&deltas->event_inside, g_hash_table_unref);
  g_clear_pointer (&deltas->event_scanned, g_hash_table_unref);
  g_clear_pointer (&deltas->entrance_inside, g_hash_table_unref);
}

static gboolean
deltas_write (TixStore  *self,
              Deltas    *deltas,
              GError   **error)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, deltas->event_inside);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      gint64 id = *(gint64 *) key;
      TixDbStmt *stmt = tix_store_statement (self,
        "UPDATE events SET inside = inside + ?, scanned = scanned + ? WHERE id = ?", error);

      if (stmt == NULL)
        return FALSE;
      tix_db_bind_int64 (stmt, 1, *(gint64 *) value);
      tix_db_bind_int64 (stmt, 2, delta_get (deltas->event_scanned, id));
      tix_db_bind_int64 (stmt, 3, id);
      if (!tix_store_step_done (self, stmt, "Could not count who is inside", error))
        return FALSE;
    }
  g_hash_table_iter_init (&iter, deltas->entrance_inside);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      TixDbStmt *stmt;

      if (*(gint64 *) value == 0)
        continue;
      stmt = tix_store_statement (self,
        "UPDATE entrances SET inside = inside + ? WHERE id = ?", error);
      if (stmt == NULL)
        return FALSE;
      tix_db_bind_int64 (stmt, 1, *(gint64 *) value);
      tix_db_bind_int64 (stmt, 2, *(gint64 *) key);
      if (!tix_store_step_done (self, stmt, "Could not count who is inside", error))
        return FALSE;
    }
  return TRUE;
}

/* What the door needs of a ticket, its event and the entrance that
 * decides: the one the scan names when it is of the ticket's event, else
 * that event's default. One statement. */
#define STATE_SQL \
  "SELECT t.number, t.prefix, t.revision, t.event_id, t.scanned_at, t.inside, t.entrance_id," \
  " t.last_in_at, t.last_out_at, ev.inside, ev.max_inside," \
  " en.id, en.allow_exit, en.allow_reentry, en.opens_at, en.closes_at," \
  " CASE WHEN NOT EXISTS (SELECT 1 FROM entrance_types et WHERE et.entrance_id = en.id)" \
  "  OR EXISTS (SELECT 1 FROM entrance_types et WHERE et.entrance_id = en.id" \
  "             AND et.type_id = " TICKET_TYPE_COLUMN ") THEN 1 ELSE 0 END," \
  " t.refunded_at" \
  " FROM tickets t LEFT JOIN events ev ON ev.id = t.event_id" \
  " LEFT JOIN entrances en ON en.id = coalesce (" \
  "  (SELECT x.id FROM entrances x WHERE x.id = ?3 AND x.event_id = t.event_id)," \
  "  (SELECT x.id FROM entrances x WHERE x.event_id = t.event_id AND x.is_default = 1))" \
  " WHERE t.id = ?1 AND t.organization_id = ?2"

typedef struct
{
  char      *number;
  char      *prefix;
  guint32    revision;
  gint64     event_id;
  gboolean   scanned;
  gint64     event_inside;
  gint64     max_inside;     /* -1: none */
  gint64     entrance_id;    /* 0: the event has none (never) */
  gboolean   allow_exit;
  gboolean   allow_reentry;
  gint64     opens_at;
  gint64     closes_at;
  gboolean   type_admitted;
  gboolean   refunded;       /* its order was refunded: the ticket is void */
} State;

static gint64
column_or (TixDbStmt *stmt,
           int        column,
           gint64     none)
{
  return tix_db_column_is_null (stmt, column) ? none : tix_db_column_int64 (stmt, column);
}

static gboolean
read_state (TixStore         *self,
            TixStoreScanJob  *job,
            State            *state,
            gboolean         *out_found,
            GError          **error)
{
  TixDbStmt *stmt = tix_store_statement (self, STATE_SQL, error);
  TixDbStep rc;

  if (stmt == NULL)
    return FALSE;
  tix_db_bind_text (stmt, 1, job->scan.id);
  tix_db_bind_int64 (stmt, 2, tix_user_get_organization_id (job->user));
  tix_db_bind_int64 (stmt, 3, job->scan.entrance_id);
  rc = tix_db_step (stmt);
  *out_found = rc == TIX_DB_ROW;
  if (rc == TIX_DB_ROW)
    {
      state->number = g_strdup (tix_db_column_text (stmt, 0));
      state->prefix = g_strdup (tix_db_column_text (stmt, 1));
      state->revision = tix_db_column_int64 (stmt, 2);
      state->event_id = column_or (stmt, 3, 0);
      state->scanned = !tix_db_column_is_null (stmt, 4);
      job->before.inside = tix_db_column_int64 (stmt, 5) != 0;
      job->before.entrance_id = column_or (stmt, 6, 0);
      job->before.last_in_at = column_or (stmt, 7, TIX_STORE_NO_TIME);
      job->before.last_out_at = column_or (stmt, 8, TIX_STORE_NO_TIME);
      state->event_inside = column_or (stmt, 9, 0);
      state->max_inside = column_or (stmt, 10, -1);
      state->entrance_id = column_or (stmt, 11, 0);
      state->allow_exit = tix_db_column_int64 (stmt, 12) != 0;
      state->allow_reentry = tix_db_column_int64 (stmt, 13) != 0;
      state->opens_at = column_or (stmt, 14, TIX_STORE_NO_TIME);
      state->closes_at = column_or (stmt, 15, TIX_STORE_NO_TIME);
      state->type_admitted = tix_db_column_int64 (stmt, 16) != 0;
      state->refunded = !tix_db_column_is_null (stmt, 17);
    }
  tix_db_reset (stmt);
  if (rc != TIX_DB_ROW && rc != TIX_DB_DONE)
    return tix_store_set_error (self, error, "Could not read the ticket");
  return TRUE;
}

static gboolean
is_deleted (TixStore    *self,
            gint64       organization_id,
            const char  *id,
            char       **out_number,
            GError     **error)
{
  TixDbStmt *stmt = tix_store_statement (self,
    "SELECT number FROM deleted_tickets WHERE id = ? AND organization_id = ?", error);
  TixDbStep rc;

  if (stmt == NULL)
    return FALSE;
  tix_db_bind_text (stmt, 1, id);
  tix_db_bind_int64 (stmt, 2, organization_id);
  rc = tix_db_step (stmt);
  if (rc == TIX_DB_ROW)
    *out_number = g_strdup (tix_db_column_text (stmt, 0));
  tix_db_reset (stmt);
  if (rc != TIX_DB_ROW && rc != TIX_DB_DONE)
    return tix_store_set_error (self, error, "Could not look for a tombstone");
  return TRUE;
}

/* The admitting UPDATEs: the first entry sets scanned_at (and returns the
 * ticket), a re-entry and an exit leave it be. */
typedef enum
{
  ADMIT_FIRST,
  ADMIT_REENTRY,
  ADMIT_EXIT,
} Admit;

static const char * const admit_sql[] = {
  "UPDATE tickets SET scanned_at = ?1, scanned_by = ?2, scanned_station = ?3, version = ?4,"
  " inside = 1, entrance_id = ?5, last_in_at = ?1"
  " WHERE id = ?6 AND organization_id = ?7 AND scanned_at IS NULL"
  " RETURNING id, number, prefix, extra, generated_at, organization_id, created_by,"
  " scanned_at, scanned_by, NULL, seq, revision, event_id, type_id, order_id, refunded_at",
  "UPDATE tickets SET last_in_at = ?1, version = ?2, inside = 1, entrance_id = ?3"
  " WHERE id = ?4 AND organization_id = ?5 AND inside = 0",
  "UPDATE tickets SET last_out_at = ?1, version = ?2, inside = 0"
  " WHERE id = ?3 AND organization_id = ?4 AND inside = 1",
};

static gboolean
admit (TixStore         *self,
       TixStoreScanJob  *job,
       Admit             kind,
       gint64            at_ms,
       gint64            version,
       gint64            entrance_id,
       GError          **error)
{
  TixDbStmt *stmt = tix_store_statement (self, admit_sql[kind], error);
  gint64 org_id = tix_user_get_organization_id (job->user);
  TixDbStep rc;

  if (stmt == NULL)
    return FALSE;
  tix_db_bind_int64 (stmt, 1, at_ms);
  switch (kind)
    {
    case ADMIT_FIRST:
      tix_db_bind_int64 (stmt, 2, tix_user_get_id (job->user));
      tix_db_bind_text (stmt, 3, job->scan.station);
      tix_db_bind_int64 (stmt, 4, version);
      tix_db_bind_int64 (stmt, 5, entrance_id);
      tix_db_bind_text (stmt, 6, job->scan.id);
      tix_db_bind_int64 (stmt, 7, org_id);
      break;
    case ADMIT_REENTRY:
      tix_db_bind_int64 (stmt, 2, version);
      tix_db_bind_int64 (stmt, 3, entrance_id);
      tix_db_bind_text (stmt, 4, job->scan.id);
      tix_db_bind_int64 (stmt, 5, org_id);
      break;
    case ADMIT_EXIT:
      tix_db_bind_int64 (stmt, 2, version);
      tix_db_bind_text (stmt, 3, job->scan.id);
      tix_db_bind_int64 (stmt, 4, org_id);
      break;
    }
  rc = tix_db_step (stmt);
  if (rc == TIX_DB_ROW)
    {
      job->ticket = tix_store_ticket_from_row (stmt);
      tix_ticket_set_scanned (job->ticket, tix_ticket_get_scanned_at (job->ticket),
                              tix_user_get_id (job->user), tix_user_get_name (job->user));
    }
  tix_db_reset (stmt);
  if (rc == TIX_DB_ERROR)
    return tix_store_set_error (self, error, "Could not scan the ticket");
  /* Under the organization's lock what was read stays true: it changed. */
  if (kind != ADMIT_FIRST && tix_db_changes (self->db) != 1)
    {
      g_set_error_literal (error, TIX_STORE_ERROR, TIX_STORE_ERROR_FAILED,
                           "The ticket changed while it was scanned");
      return FALSE;
    }
  if (kind == ADMIT_FIRST && job->ticket == NULL)
    {
      g_set_error_literal (error, TIX_STORE_ERROR, TIX_STORE_ERROR_FAILED,
                           "The ticket changed while it was scanned");
      return FALSE;
    }
  return TRUE;
}

/* Decides one job inside the open transaction. *out_outcome is 0 when
 * admitted, else a TixStoreError code; job->result says which. Returns
 * FALSE when the transaction itself failed. */
static gboolean
scan_one (TixStore         *self,
          TixStoreScanJob  *job,
          gint64            version,
          gint64            now_ms,
          Deltas           *deltas,
          int              *out_outcome,
          gboolean         *out_first,
          GError          **error)
{
  State state = { 0 };
  g_autofree char *deleted_number = NULL;
  gint64 org_id = tix_user_get_organization_id (job->user);
  gint64 at_ms = job->scan.scanned_at > 0 ? job->scan.scanned_at : now_ms;
  gboolean found = FALSE, in = job->scan.direction == TIX_STORE_DIRECTION_IN;
  gboolean ok = FALSE;
  int outcome = 0;
  const char *result = NULL;

  *out_first = FALSE;
  if (job->scan.scan_id != NULL)
    {
      if (!find_upload (self, job, &found, out_outcome, error))
        return FALSE;
      if (found)
        {
          job->repeated = TRUE;
          job->result = result_of_code (*out_outcome);
          return TRUE;
        }
    }

  if (!read_state (self, job, &state, &found, error))
    goto out;

  if (!found)
    {
      if (!is_deleted (self, org_id, job->scan.id, &deleted_number, error))
        goto out;
      outcome = deleted_number != NULL ? TIX_STORE_ERROR_DELETED : TIX_STORE_ERROR_NOT_FOUND;
      result = deleted_number != NULL ? "deleted" : "unknown";
    }
  else if (state.refunded)
    outcome = TIX_STORE_ERROR_REFUNDED, result = "refunded";
  else if (!event_admitted (&job->scan, state.event_id))
    outcome = TIX_STORE_ERROR_OTHER_EVENT, result = "other-event";
  else if (!prefix_admitted (job->scan.prefixes, state.prefix))
    outcome = TIX_STORE_ERROR_WRONG_PREFIX, result = "wrong-prefix";
  else if (job->scan.revision != 0 && state.revision != job->scan.revision)
    outcome = TIX_STORE_ERROR_REPLACED, result = "replaced";
  else if (!state.type_admitted || (!in && !state.allow_exit))
    outcome = TIX_STORE_ERROR_WRONG_ENTRANCE, result = "wrong-entrance";
  else if ((state.opens_at != TIX_STORE_NO_TIME && at_ms < state.opens_at) ||
           (state.closes_at != TIX_STORE_NO_TIME && at_ms >= state.closes_at))
    outcome = TIX_STORE_ERROR_CLOSED, result = "closed";
  else if (in && job->before.inside)
    outcome = TIX_STORE_ERROR_DUPLICATE, result = "already-inside";
  else if (in && state.scanned && !state.allow_reentry)
    outcome = TIX_STORE_ERROR_DUPLICATE, result = "no-reentry";
  else if (in && state.max_inside >= 0 &&
           state.event_inside + delta_get (deltas->event_inside, state.event_id) >=
           state.max_inside)
    outcome = TIX_STORE_ERROR_FULL, result = "full";
  else if (!in && !job->before.inside)
    outcome = TIX_STORE_ERROR_NOT_INSIDE, result = "not-inside";
  else if (in)
    {
      *out_first = !state.scanned;
      result = *out_first ? "first" : "re-entry";
      if (!admit (self, job, *out_first ? ADMIT_FIRST : ADMIT_REENTRY, at_ms, version,
                  state.entrance_id, error))
        goto out;
      delta_add (deltas->event_inside, state.event_id, 1);
      delta_add (deltas->event_scanned, state.event_id, *out_first ? 1 : 0);
      delta_add (deltas->entrance_inside, state.entrance_id, 1);
    }
  else
    {
      result = "exit";
      if (!admit (self, job, ADMIT_EXIT, at_ms, version, state.entrance_id, error))
        goto out;
      /* Out of the count of the entrance it came in by. */
      delta_add (deltas->event_inside, state.event_id, -1);
      delta_add (deltas->event_scanned, state.event_id, 0);
      if (job->before.entrance_id > 0)
        delta_add (deltas->entrance_inside, job->before.entrance_id, -1);
    }

  job->result = result;
  job->entrance_id = state.entrance_id;
  *out_outcome = outcome;

  if (!write_log (self, job->user, &job->scan, at_ms, (found || deleted_number != NULL) ? job->scan.id : NULL,
                  found ? state.number : deleted_number, state.event_id, state.entrance_id,
                  result, error))
    goto out;

  /* An upload that the ticket's state refuses is a conflict to keep. */
  if (job->scan.scan_id != NULL &&
      (outcome == TIX_STORE_ERROR_DUPLICATE || outcome == TIX_STORE_ERROR_NOT_INSIDE) &&
      !record_conflict (self, job, now_ms, error))
    goto out;

  ok = job->scan.scan_id == NULL || record_upload (self, job, outcome, now_ms, error);

out:
  g_free (state.number);
  g_free (state.prefix);
  return ok;
}

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

/* The organizations of the jobs, each once, in ascending order. */
static GArray *
organizations_of (TixStoreScanJob *jobs,
                  guint            n_jobs)
{
  GArray *ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n_jobs);
  guint kept = 0;

  for (guint i = 0; i < n_jobs; i++)
    {
      gint64 id = tix_user_get_organization_id (jobs[i].user);
      g_array_append_val (ids, id);
    }
  g_array_sort (ids, compare_ids);
  for (guint i = 0; i < ids->len; i++)
    if (i == 0 || g_array_index (ids, gint64, i) != g_array_index (ids, gint64, kept - 1))
      g_array_index (ids, gint64, kept++) = g_array_index (ids, gint64, i);
  g_array_set_size (ids, kept);
  return ids;
}

static guint
organization_index (GArray *ids,
                    gint64  id)
{
  guint i = 0;

  while (g_array_index (ids, gint64, i) != id)
    i++;
  return i;
}

static void
set_refusal (TixStoreScanJob *job,
             int              outcome)
{
  const char *message;

  switch (outcome)
    {
    case TIX_STORE_ERROR_SCAN_ID_REUSED:
      message = "This scan_id was uploaded for another ticket already";
      break;
    case TIX_STORE_ERROR_REPLACED:
      message = "This ticket was reissued: the code shown is no longer valid";
      break;
    case TIX_STORE_ERROR_WRONG_PREFIX:
      message = "Ticket is not valid at this entrance";
      break;
    case TIX_STORE_ERROR_OTHER_EVENT:
      message = "This ticket is for another event";
      break;
    case TIX_STORE_ERROR_WRONG_ENTRANCE:
      message = "This ticket is not for this entrance";
      break;
    case TIX_STORE_ERROR_CLOSED:
      message = "This entrance is closed";
      break;
    case TIX_STORE_ERROR_FULL:
      message = "The event is full: nobody more may go in";
      break;
    case TIX_STORE_ERROR_NOT_INSIDE:
      message = "This ticket is not inside";
      break;
    case TIX_STORE_ERROR_DELETED:
      message = "This ticket was deleted";
      break;
    case TIX_STORE_ERROR_REFUNDED:
      message = "This ticket was refunded: it is void";
      break;
    case TIX_STORE_ERROR_NOT_FOUND:
      message = "Ticket not found";
      break;
    default:
      message = g_strcmp0 (job->result, "no-reentry") == 0
                ? "Ticket already scanned: no re-entry here" : "Ticket already scanned";
    }
  g_set_error_literal (&job->error, TIX_STORE_ERROR, outcome, message);
}

void
tix_store_scan_tickets (TixStore        *self,
                        TixStoreScanJob *jobs,
                        guint            n_jobs,
                        gint64           now_ms)
{
  g_autofree int *outcome = NULL;
  g_autoptr(GArray) orgs = NULL;
  g_autofree gint64 *next_version = NULL;
  g_autofree gint64 *admitted = NULL;
  g_autoptr(GError) error = NULL;
  Deltas deltas = { 0 };

  g_return_if_fail (TIX_IS_STORE (self));
  g_return_if_fail (n_jobs == 0 || jobs != NULL);

  if (n_jobs == 0)
    return;
  outcome = g_new0 (int, n_jobs);
  for (guint i = 0; i < n_jobs; i++)
    {
      jobs[i].result = NULL;
      jobs[i].entrance_id = 0;
      jobs[i].before = (TixStoreInside) { FALSE, 0, TIX_STORE_NO_TIME, TIX_STORE_NO_TIME };
    }

  /* One transaction, one fsync, for every scan that arrived together; the
   * organizations locked in one order, so two servers never wait for each
   * other in a circle. Each organization's change numbers are taken, and
   * the counts updated, once for the whole batch. */
  orgs = organizations_of (jobs, n_jobs);
  next_version = g_new0 (gint64, orgs->len);
  admitted = g_new0 (gint64, orgs->len);
  deltas_init (&deltas);
  if (!tix_store_begin (self, 0, &error))
    goto failed;
  for (guint k = 0; k < orgs->len; k++)
    {
      gint64 id = g_array_index (orgs, gint64, k);
      gint64 n = 0;

      for (guint i = 0; i < n_jobs; i++)
        if (tix_user_get_organization_id (jobs[i].user) == id)
          n++;
      if (!tix_db_lock_organization (self->db, id, &error))
        goto failed;
      next_version[k] = tix_store_next_versions (self, id, n, &error);
      if (next_version[k] < 0)
        goto failed;
    }
  for (guint i = 0; i < n_jobs; i++)
    {
      guint k = organization_index (orgs, tix_user_get_organization_id (jobs[i].user));
      gboolean first = FALSE;

      if (!scan_one (self, &jobs[i], next_version[k]++, now_ms, &deltas, &outcome[i], &first,
                     &error))
        goto failed;
      if (first)
        admitted[k]++;
    }
  for (guint k = 0; k < orgs->len; k++)
    if (admitted[k] > 0 &&
        !tix_store_adjust_counts (self, g_array_index (orgs, gint64, k), 0, admitted[k], &error))
      goto failed;
  if (!deltas_write (self, &deltas, &error) || !tix_store_commit (self, &error))
    goto failed;
  deltas_clear (&deltas);

  for (guint i = 0; i < n_jobs; i++)
    {
      TixStoreScanJob *job = &jobs[i];

      if (job->ticket != NULL)
        continue;
      if (outcome[i] != TIX_STORE_ERROR_NOT_FOUND && outcome[i] != TIX_STORE_ERROR_DELETED)
        job->ticket = tix_store_lookup_ticket (self, tix_user_get_organization_id (job->user),
                                               job->scan.id,
                                               outcome[i] == 0 ? &job->error : NULL);
      if (outcome[i] != 0)
        set_refusal (job, outcome[i]);
    }
  return;

failed:
  deltas_clear (&deltas);
  tix_store_rollback (self);
  for (guint i = 0; i < n_jobs; i++)
    job_fail (&jobs[i], error);
}

gboolean
tix_store_scan_ticket (TixStore            *self,
                       TixUser             *user,
                       const TixStoreScan  *scan,
                       gint64               now_ms,
                       TixTicket          **out_ticket,
                       GError             **error)
{
  TixStoreScanJob job = { user, *scan, NULL, NULL, FALSE, FALSE };

  g_return_val_if_fail (TIX_IS_STORE (self), FALSE);
  g_return_val_if_fail (TIX_IS_USER (user), FALSE);
  g_return_val_if_fail (scan != NULL && scan->id != NULL, FALSE);

  tix_store_scan_tickets (self, &job, 1, now_ms);

  if (out_ticket != NULL)
    *out_ticket = g_steal_pointer (&job.ticket);
  g_clear_object (&job.ticket);

  if (job.error != NULL)
    {
      g_propagate_error (error, job.error);
      return FALSE;
    }
  return TRUE;
}

static gpointer
inside_row (TixDbStmt *stmt)
{
  TixStoreInside *inside = g_new0 (TixStoreInside, 1);

  inside->inside = tix_db_column_int64 (stmt, 0) != 0;
  inside->entrance_id = column_or (stmt, 1, 0);
  inside->last_in_at = column_or (stmt, 2, TIX_STORE_NO_TIME);
  inside->last_out_at = column_or (stmt, 3, TIX_STORE_NO_TIME);
  return inside;
}

TixStoreInside *
tix_store_get_inside (TixStore    *self,
                      gint64       organization_id,
                      const char  *ticket_id,
                      GError     **error)
{
  TixDbStmt *stmt;

  g_return_val_if_fail (TIX_IS_STORE (self), NULL);
  g_return_val_if_fail (ticket_id != NULL, NULL);

  stmt = tix_store_statement (self,
    "SELECT inside, entrance_id, last_in_at, last_out_at FROM tickets"
    " WHERE id = ? AND organization_id = ?", error);
  if (stmt == NULL)
    return NULL;
  tix_db_bind_text (stmt, 1, ticket_id);
  tix_db_bind_int64 (stmt, 2, organization_id);
  return tix_store_step_one (self, stmt, inside_row, "Ticket not found", error);
}

/* Someone inside leaves the counts of their event and entrance. */
static gboolean
leave_counts (TixStore  *self,
              gint64     event_id,
              gint64     entrance_id,
              GError   **error)
{
  TixDbStmt *stmt = tix_store_statement (self,
    "UPDATE events SET inside = inside - 1 WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  tix_db_bind_int64 (stmt, 1, event_id);
  if (!tix_store_step_done (self, stmt, "Could not count who is inside", error))
    return FALSE;
  stmt = tix_store_statement (self, "UPDATE entrances SET inside = inside - 1 WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  tix_db_bind_int64 (stmt, 1, entrance_id);
  return tix_store_step_done (self, stmt, "Could not count who is inside", error);
}

gboolean
tix_store_forget_inside (TixStore    *self,
                         gint64       organization_id,
                         const char  *id,
                         GError     **error)
{
  g_autofree TixStoreInside *inside = tix_store_get_inside (self, organization_id, id, error);
  g_autoptr(TixTicket) ticket = NULL;

  if (inside == NULL)
    return FALSE;
  if (!inside->inside)
    return TRUE;
  ticket = tix_store_lookup_ticket (self, organization_id, id, error);
  return ticket != NULL &&
         leave_counts (self, tix_ticket_get_event_id (ticket), inside->entrance_id, error);
}

TixTicket *
tix_store_unscan_ticket (TixStore    *self,
                         TixUser     *user,
                         const char  *id,
                         gint64       grace_ms,
                         gint64       now_ms,
                         GError     **error)
{
  g_autoptr(TixTicket) ticket = NULL;
  g_autofree TixStoreInside *inside = NULL;
  gboolean privileged;
  TixDbStmt *stmt;
  gint64 org_id, version;

  g_return_val_if_fail (TIX_IS_STORE (self), NULL);
  g_return_val_if_fail (TIX_IS_USER (user), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  org_id = tix_user_get_organization_id (user);
  privileged = tix_user_can_generate (user);

  if (!tix_store_begin (self, org_id, error))
    return NULL;

  ticket = tix_store_lookup_ticket (self, org_id, id, error);
  if (ticket == NULL)
    goto failed;
  if (!tix_ticket_is_scanned (ticket))
    {
      g_set_error_literal (error, TIX_STORE_ERROR, TIX_STORE_ERROR_NOT_SCANNED,
                           "Ticket is not scanned");
      goto failed;
    }
  if (!privileged &&
      (tix_ticket_get_scanned_by (ticket) != tix_user_get_id (user) ||
       now_ms - tix_ticket_get_scanned_at (ticket) > grace_ms))
    {
      g_set_error_literal (error, TIX_STORE_ERROR, TIX_STORE_ERROR_FORBIDDEN,
                           "Only the scan you made in the last 5 minutes can be undone");
      goto failed;
    }
  inside = tix_store_get_inside (self, org_id, id, error);
  if (inside == NULL)
    goto failed;

  /* As never scanned: out, and out of the counts of who is inside. */
  version = tix_store_next_versions (self, org_id, 1, error);
  if (version < 0)
    goto failed;
  stmt = tix_store_statement (self,
    "UPDATE tickets SET scanned_at = NULL, scanned_by = NULL, scanned_station = NULL,"
    " inside = 0, entrance_id = NULL, last_in_at = NULL, last_out_at = NULL,"
    " version = ? WHERE id = ? AND organization_id = ? AND scanned_at = ?", error);
  if (stmt == NULL)
    goto failed;
  tix_db_bind_int64 (stmt, 1, version);
  tix_db_bind_text (stmt, 2, id);
  tix_db_bind_int64 (stmt, 3, org_id);
  tix_db_bind_int64 (stmt, 4, tix_ticket_get_scanned_at (ticket));
  if (!tix_store_step_done (self, stmt, "Could not undo the scan", error) ||
      (inside->inside &&
       !leave_counts (self, tix_ticket_get_event_id (ticket), inside->entrance_id, error)) ||
      !tix_store_adjust_counts (self, org_id, 0, -1, error) ||
      !tix_store_adjust_event_counts (self, tix_ticket_get_event_id (ticket), 0, -1, error) ||
      !tix_store_audit (self, user, "scan-undone", tix_ticket_get_number (ticket), now_ms, error) ||
      !tix_store_commit (self, error))
    goto failed;

  tix_ticket_set_scanned (ticket, 0, 0, NULL);
  return g_steal_pointer (&ticket);

failed:
  tix_store_rollback (self);
  return NULL;
}
