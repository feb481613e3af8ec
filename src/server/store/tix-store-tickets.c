/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-store"

#include "config.h"

#include <string.h>

#include "tix-store-private.h"
#include "tix-ticket-code.h"

/* Tickets */


TixTicket *
tix_store_ticket_from_row (TixDbStmt *stmt)
{
  TixTicket *ticket = tix_ticket_new (tix_db_column_text (stmt, 0),
                                      tix_db_column_text (stmt, 1),
                                      tix_db_column_text (stmt, 2),
                                      tix_db_column_text (stmt, 3),
                                      tix_db_column_int64 (stmt, 4),
                                      tix_db_column_int64 (stmt, 5),
                                      tix_db_column_int64 (stmt, 6));

  if (!tix_db_column_is_null (stmt, 7))
    tix_ticket_set_scanned (ticket,
                            tix_db_column_int64 (stmt, 7),
                            tix_db_column_int64 (stmt, 8),
                            tix_db_column_text (stmt, 9));
  tix_ticket_set_revision (ticket, (guint32) tix_db_column_int64 (stmt, 11));
  if (!tix_db_column_is_null (stmt, 12))
    tix_ticket_set_event_id (ticket, tix_db_column_int64 (stmt, 12));
  tix_ticket_set_type_id (ticket, tix_db_column_int64 (stmt, 13));
  tix_ticket_set_order_id (ticket, tix_db_column_int64 (stmt, 14));
  tix_ticket_set_refunded_at (ticket, tix_db_column_int64 (stmt, 15));
  return ticket;
}

gpointer
tix_store_ticket_row (TixDbStmt *stmt)
{
  return tix_store_ticket_from_row (stmt);
}

gboolean
tix_store_adjust_counts (TixStore  *self,
               gint64     organization_id,
               gint64     total_delta,
               gint64     scanned_delta,
               GError   **error)
{
  TixDbStmt *stmt = tix_store_statement (self,
    "UPDATE ticket_counts SET total = total + ?, scanned = scanned + ?"
    " WHERE organization_id = ?", error);

  if (stmt == NULL)
    return FALSE;
  tix_db_bind_int64 (stmt, 1, total_delta);
  tix_db_bind_int64 (stmt, 2, scanned_delta);
  tix_db_bind_int64 (stmt, 3, organization_id);
  return tix_store_step_done (self, stmt, "Could not update the counts", error);
}

/* Takes @n numbers of the organization's change counter inside the current
 * transaction; returns the first. Every change of a ticket gets its own, so a
 * station's copy can catch up from the last one it saw. */
gint64
tix_store_next_versions (TixStore  *self,
                         gint64     organization_id,
                         gint64     n,
                         GError   **error)
{
  TixDbStmt *stmt = tix_store_statement (self,
    "UPDATE ticket_counts SET changes = changes + ?1 WHERE organization_id = ?2"
    " RETURNING changes - ?1 + 1", error);
  gint64 first = -1;

  if (stmt == NULL)
    return -1;
  tix_db_bind_int64 (stmt, 1, n);
  tix_db_bind_int64 (stmt, 2, organization_id);
  if (tix_db_step (stmt) == TIX_DB_ROW)
    first = tix_db_column_int64 (stmt, 0);
  else
    tix_store_set_error (self, error, "Could not count the change");
  tix_db_reset (stmt);
  return first;
}

/* Advances the counter of (@organization_id, @prefix) by @count inside the
 * current transaction and returns the first number of the reserved range. */
static gint64
reserve_numbers (TixStore    *self,
                 gint64       organization_id,
                 const char  *prefix,
                 guint        count,
                 GError     **error)
{
  TixDbStmt *stmt = tix_store_statement (self,
    "INSERT INTO ticket_counters (organization_id, prefix, next_number) VALUES (?, ?, 1 + ?)"
    " ON CONFLICT (organization_id, prefix) DO UPDATE SET next_number = ticket_counters.next_number + excluded.next_number - 1"
    " RETURNING next_number - ?", error);
  gint64 first = -1;

  if (stmt == NULL)
    return -1;
  tix_db_bind_int64 (stmt, 1, organization_id);
  tix_db_bind_text (stmt, 2, prefix);
  tix_db_bind_int64 (stmt, 3, count);
  tix_db_bind_int64 (stmt, 4, count);
  if (tix_db_step (stmt) == TIX_DB_ROW)
    first = tix_db_column_int64 (stmt, 0);
  else
    tix_store_set_error (self, error, "Could not reserve ticket numbers");
  tix_db_reset (stmt);
  return first;
}

/* Tickets go in TICKETS_PER_INSERT rows to a statement: on PostgreSQL each
 * statement is a round trip to the server. */
#define TICKETS_PER_INSERT 64

/* A generate of more tickets than this is staged (below): written in slices
 * of at most this many, each its own short transaction on SQLite, so that
 * the one writer is never held for longer than a slice (a few
 * milliseconds), and a slice ends after the statement under way when
 * another writer waits. */
#define TICKETS_PER_SLICE 250
/* … and the background store copies the WAL into the file every so many
 * slices (each copy is an fsync of the file). */
#define SLICES_PER_CHECKPOINT 8

static const char *
insert_tickets_sql (guint    rows,
                    gboolean with_seq)
{
  static const char *cache[2][TICKETS_PER_INSERT + 1];

  g_assert (rows >= 1 && rows <= TICKETS_PER_INSERT);
  if (cache[with_seq][rows] == NULL)
    {
      const char *row = with_seq ? "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                                 : "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
      g_autoptr(GString) sql = g_string_new (
        "INSERT INTO tickets (id, organization_id, number, prefix, extra, generated_at,"
        " created_by, version, event_id, type_id, order_id");

      g_string_append (sql, with_seq ? ", seq) VALUES " : ") VALUES ");
      for (guint r = 0; r < rows; r++)
        g_string_append_printf (sql, "%s%s", r == 0 ? "" : ", ", row);
      cache[with_seq][rows] = g_intern_string (sql->str);
    }
  return cache[with_seq][rows];
}

/* Inserts tickets [@from, @to) of @tickets; with @first_seq > 0 ticket i
 * gets seq @first_seq + i. */
static gboolean
insert_tickets (TixStore    *self,
                GPtrArray   *tickets,
                guint        from,
                guint        to,
                gint64       first_version,
                gint64       first_seq,
                GError     **error)
{
  for (guint i = from; i < to; )
    {
      guint rows = to - i >= TICKETS_PER_INSERT ? TICKETS_PER_INSERT : 1;
      guint width = first_seq > 0 ? 12 : 11;
      TixDbStmt *stmt = tix_store_statement (self, insert_tickets_sql (rows, first_seq > 0), error);

      if (stmt == NULL)
        return FALSE;
      for (guint r = 0; r < rows; r++, i++)
        {
          TixTicket *ticket = g_ptr_array_index (tickets, i);
          int base = (int) (r * width);

          tix_db_bind_text (stmt, base + 1, tix_ticket_get_id (ticket));
          tix_db_bind_int64 (stmt, base + 2, tix_ticket_get_organization_id (ticket));
          tix_db_bind_text (stmt, base + 3, tix_ticket_get_number (ticket));
          tix_db_bind_text (stmt, base + 4, tix_ticket_get_prefix (ticket));
          tix_db_bind_text (stmt, base + 5, tix_ticket_get_extra (ticket));
          tix_db_bind_int64 (stmt, base + 6, tix_ticket_get_generated_at (ticket));
          tix_db_bind_int64 (stmt, base + 7, tix_ticket_get_created_by (ticket));
          tix_db_bind_int64 (stmt, base + 8, first_version + i);
          tix_db_bind_int64 (stmt, base + 9, tix_ticket_get_event_id (ticket));
          if (tix_ticket_get_type_id (ticket) != 0)
            tix_db_bind_int64 (stmt, base + 10, tix_ticket_get_type_id (ticket));
          else
            tix_db_bind_null (stmt, base + 10);
          if (tix_ticket_get_order_id (ticket) != 0)
            tix_db_bind_int64 (stmt, base + 11, tix_ticket_get_order_id (ticket));
          else
            tix_db_bind_null (stmt, base + 11);
          if (first_seq > 0)
            tix_db_bind_int64 (stmt, base + 12, first_seq + i);
        }
      if (!tix_store_step_done (self, stmt, "Could not add the tickets", error))
        return FALSE;
    }
  return TRUE;
}

/* The quota, inside the organization's transaction: the tickets it holds,
 * those of its batches being written, and @count. */
static gboolean
check_quota (TixStore  *self,
             gint64     organization_id,
             guint      count,
             GError   **error)
{
  TixDbStmt *stmt;
  gint64 total = 0, scanned = 0, pending = 0, remaining;

  if (self->max_tickets <= 0)
    return TRUE;

  if (!tix_store_get_counts (self, organization_id, &total, &scanned, error))
    return FALSE;
  stmt = tix_store_statement (self,
    "SELECT coalesce (sum (count), 0) FROM ticket_batches WHERE organization_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  tix_db_bind_int64 (stmt, 1, organization_id);
  if (tix_db_step (stmt) == TIX_DB_ROW)
    pending = tix_db_column_int64 (stmt, 0);
  tix_db_reset (stmt);

  remaining = MAX (self->max_tickets - total - pending, 0);
  if ((gint64) count > remaining)
    {
      g_set_error (error, TIX_STORE_ERROR, TIX_STORE_ERROR_LIMIT,
                   "An organization may hold at most %" G_GINT64_FORMAT " tickets"
                   " (tix-server --max-tickets); this one has %" G_GINT64_FORMAT
                   ", so at most %" G_GINT64_FORMAT " more can be made",
                   self->max_tickets, total + pending, remaining);
      return FALSE;
    }
  return TRUE;
}

static GPtrArray *
make_tickets (TixUser    *user,
              gint64      event_id,
              const char *prefix,
              const char *extra,
              guint       count,
              gint64      first,
              gint64      now_ms)
{
  GPtrArray *tickets = g_ptr_array_new_full (count, g_object_unref);
  gint64 org_id = tix_user_get_organization_id (user);

  for (guint i = 0; i < count; i++)
    {
      g_autofree char *id = g_uuid_string_random ();
      g_autofree char *number = g_strdup_printf ("%s-%06" G_GINT64_FORMAT, prefix, first + i);

      TixTicket *ticket = tix_ticket_new (id, number, prefix, extra, now_ms, org_id,
                                          tix_user_get_id (user));

      tix_ticket_set_event_id (ticket, event_id);
      g_ptr_array_add (tickets, ticket);
    }
  return tickets;
}

/* Inside a generate's transaction: the quota, the event (*@event_id, 0:
 * the current one) and its capacity, then @count numbers of @prefix (from
 * *@first) and change numbers (from *@first_version). */
static gboolean
reserve (TixStore    *self,
         gint64       org_id,
         gint64      *event_id,
         const char  *prefix,
         guint        count,
         gint64      *first,
         gint64      *first_version,
         GError     **error)
{
  if (!check_quota (self, org_id, count, error))
    return FALSE;
  *event_id = tix_store_claim_event (self, org_id, *event_id, count, error);
  if (*event_id <= 0)
    return FALSE;
  *first = reserve_numbers (self, org_id, prefix, count, error);
  if (*first < 0)
    return FALSE;
  *first_version = tix_store_next_versions (self, org_id, count, error);
  return *first_version >= 0;
}

/* A small generate: one transaction. */
static GPtrArray *
generate_at_once (TixStore                *self,
                  TixUser                 *user,
                  gint64                   event_id,
                  gint64                   type_id,
                  const char              *prefix,
                  const char              *extra,
                  guint                    count,
                  gint64                   now_ms,
                  TixStoreTicketsReadyFunc ready,
                  gpointer                 ready_data,
                  GError                 **error)
{
  g_autoptr(GPtrArray) tickets = NULL;

  if (!tix_store_begin (self, tix_user_get_organization_id (user), error))
    return NULL;
  tickets = tix_store_add_tickets (self, user, event_id, type_id, 0, prefix, extra, count,
                                   now_ms, ready, ready_data, error);
  if (tickets == NULL || !tix_store_commit (self, error))
    {
      tix_store_rollback (self);
      return NULL;
    }
  return g_steal_pointer (&tickets);
}

GPtrArray *
tix_store_add_tickets (TixStore                *self,
                       TixUser                 *user,
                       gint64                   event_id,
                       gint64                   type_id,
                       gint64                   order_id,
                       const char              *prefix,
                       const char              *extra,
                       guint                    count,
                       gint64                   now_ms,
                       TixStoreTicketsReadyFunc ready,
                       gpointer                 ready_data,
                       GError                 **error)
{
  g_autoptr(GPtrArray) tickets = NULL;
  gint64 org_id = tix_user_get_organization_id (user), first, first_version;

  if (!reserve (self, org_id, &event_id, prefix, count, &first, &first_version, error))
    return NULL;

  /* The tickets first, so that @ready can start on them (signing their
   * codes) while they go into the database. */
  tickets = make_tickets (user, event_id, prefix, extra, count, first, now_ms);
  for (guint i = 0; i < tickets->len; i++)
    {
      tix_ticket_set_type_id (g_ptr_array_index (tickets, i), type_id);
      tix_ticket_set_order_id (g_ptr_array_index (tickets, i), order_id);
    }
  if (ready != NULL)
    ready (tickets, ready_data);

  if (!insert_tickets (self, tickets, 0, count, first_version, 0, error) ||
      !tix_store_adjust_counts (self, org_id, count, 0, error) ||
      !tix_store_adjust_event_counts (self, event_id, count, 0, error))
    return NULL;
  return g_steal_pointer (&tickets);
}

/* Removes a staged batch and its rows (SQLite: the rows of its seq range),
 * a slice at a time. */
static gboolean
discard_batch (TixStore    *self,
               gint64       batch_id,
               gint64       organization_id,
               const char  *prefix,
               gint64       first_number,
               gint64       count,
               gint64       first_seq,
               gint64       last_seq,
               GError     **error)
{
  TixDbStmt *stmt;

  for (gint64 from = first_seq; first_seq > 0 && from <= last_seq; from += TICKETS_PER_SLICE)
    {
      if (!tix_store_begin (self, 0, error))
        return FALSE;
      stmt = tix_store_statement (self,
        "DELETE FROM tickets WHERE organization_id = ? AND seq >= ? AND seq <= ?", error);
      if (stmt == NULL)
        goto failed;
      tix_db_bind_int64 (stmt, 1, organization_id);
      tix_db_bind_int64 (stmt, 2, from);
      tix_db_bind_int64 (stmt, 3, MIN (from + TICKETS_PER_SLICE - 1, last_seq));
      if (!tix_store_step_done (self, stmt, "Could not remove an unfinished batch", error) ||
          !tix_store_commit (self, error))
        goto failed;
    }

  if (!tix_store_begin (self, organization_id, error))
    return FALSE;
  stmt = tix_store_statement (self, "DELETE FROM ticket_batches WHERE id = ?", error);
  if (stmt == NULL)
    goto failed;
  tix_db_bind_int64 (stmt, 1, batch_id);
  if (!tix_store_step_done (self, stmt, "Could not remove an unfinished batch", error))
    goto failed;
  /* Nobody ever saw these numbers: when nothing was numbered after them,
   * numbering goes on from the first, without a gap. Else they stay
   * unused: a number is never given twice. */
  stmt = tix_store_statement (self,
    "UPDATE ticket_counters SET next_number = CAST (?1 AS BIGINT)"
    " WHERE organization_id = ?2 AND prefix = ?3"
    " AND next_number = CAST (?1 AS BIGINT) + CAST (?4 AS BIGINT)", error);
  if (stmt == NULL)
    goto failed;
  tix_db_bind_int64 (stmt, 1, first_number);
  tix_db_bind_int64 (stmt, 2, organization_id);
  tix_db_bind_text (stmt, 3, prefix);
  tix_db_bind_int64 (stmt, 4, count);
  if (!tix_store_step_done (self, stmt, "Could not remove an unfinished batch", error) ||
      !tix_store_commit (self, error))
    goto failed;
  return TRUE;

failed:
  tix_store_rollback (self);
  return FALSE;
}

gboolean
tix_store_discard_batches (TixStore  *self,
                           GError   **error)
{
  typedef struct
  {
    gint64  id, organization_id, first_number, count, first_seq, last_seq;
    char   *prefix;
  } Batch;
  g_autoptr(GArray) batches = g_array_new (FALSE, FALSE, sizeof (Batch));
  gboolean shared = tix_db_is_shared (self->db), ok = TRUE;
  TixDbStmt *stmt;
  TixDbStep rc;

  /* On PostgreSQL a batch's rows die with its transaction; what stays is
   * the batch of a connection that is gone, which holds back the quota and
   * the changes stations sync. Live ones belong to other servers. */
  stmt = tix_store_statement (self, shared
    ? "SELECT id, organization_id, first_number, count, first_seq, last_seq, prefix"
      " FROM ticket_batches"
      " WHERE owner NOT IN (SELECT pid FROM pg_stat_activity WHERE pid IS NOT NULL)"
    : "SELECT id, organization_id, first_number, count, first_seq, last_seq, prefix"
      " FROM ticket_batches", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = tix_db_step (stmt)) == TIX_DB_ROW)
    {
      Batch batch = {
        tix_db_column_int64 (stmt, 0), tix_db_column_int64 (stmt, 1),
        tix_db_column_int64 (stmt, 2), tix_db_column_int64 (stmt, 3),
        tix_db_column_int64 (stmt, 4), tix_db_column_int64 (stmt, 5),
        g_strdup (tix_db_column_text (stmt, 6)),
      };
      g_array_append_val (batches, batch);
    }
  tix_db_reset (stmt);
  if (rc != TIX_DB_DONE)
    ok = tix_store_set_error (self, error, "Could not read the unfinished batches");

  for (guint i = 0; i < batches->len; i++)
    {
      Batch *batch = &g_array_index (batches, Batch, i);

      if (ok)
        {
          g_info ("Removing an unfinished batch of %" G_GINT64_FORMAT " tickets", batch->count);
          ok = discard_batch (self, batch->id, batch->organization_id, batch->prefix,
                              batch->first_number, batch->count, batch->first_seq,
                              batch->last_seq, error);
        }
      g_free (batch->prefix);
    }
  return ok;
}

/* SQLite's synchronous setting of this connection: FULL (every commit
 * fsynced, as always) or NORMAL (in WAL mode: no fsync at commit). */
static void
set_synchronous (TixStore *self,
                 gboolean  full)
{
  /* The benchmark's NORMAL (TIX_BENCH_SYNCHRONOUS) stays NORMAL. */
  if (full && g_strcmp0 (g_getenv ("TIX_BENCH_SYNCHRONOUS"), "NORMAL") == 0)
    return;
  tix_db_exec (self->db, full ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL",
               NULL);
}

/* One staged generate at a time in a process: on SQLite the hidden range
 * of TICKET_VISIBLE is that of the one batch. */
static GMutex staged_mutex;

/* A big generate, still all or nothing, without holding the database for
 * its whole length:
 * 1. one short transaction (the organization's lock) checks the quota,
 *    reserves the numbers and change numbers and records the batch; on
 *    SQLite the batch owns a range of seq past every ticket, fenced by its
 *    last row, and TICKET_VISIBLE hides that range;
 * 2. the rows: on SQLite in slices, each its own short transaction, so other
 *    writers (the scans) go in between; on PostgreSQL in one transaction that
 *    takes no lock anybody waits for, its rows unseen until it commits;
 * 3. one short transaction (the organization's lock again) drops the batch,
 *    which makes every row visible at once, and updates the counts.
 * Failing, it removes what it wrote; a server killed meanwhile leaves a batch
 * that tix_store_discard_batches() removes at the next open. Its numbers,
 * which nobody saw, go back when nothing was numbered after them (no gap);
 * else they stay unused: a number is never given twice. */
static GPtrArray *
generate_staged (TixStore                *self,
                 TixUser                 *user,
                 gint64                   event_id,
                 gint64                   type_id,
                 const char              *prefix,
                 const char              *extra,
                 guint                    count,
                 gint64                   now_ms,
                 TixStoreTicketsReadyFunc ready,
                 gpointer                 ready_data,
                 GError                 **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&staged_mutex);
  g_autoptr(GPtrArray) tickets = NULL;
  g_autoptr(GPtrArray) fence = NULL;
  gboolean sliced = !tix_db_is_shared (self->db);
  gint64 org_id = tix_user_get_organization_id (user);
  gint64 first, first_version, first_seq = 0, last_seq = 0, batch_id = -1, owner = 0;
  guint slices = 0;
  TixDbStmt *stmt;

  if (!sliced && !tix_store_discard_batches (self, error))
    return NULL;

  /* 1. */
  if (!tix_store_begin (self, org_id, error))
    return NULL;
  if (!reserve (self, org_id, &event_id, prefix, count, &first, &first_version, error))
    goto failed;

  stmt = tix_store_statement (self, sliced ? "SELECT coalesce (max (seq), 0) FROM tickets"
                                           : "SELECT pg_backend_pid ()", error);
  if (stmt == NULL)
    goto failed;
  if (tix_db_step (stmt) != TIX_DB_ROW)
    {
      tix_db_reset (stmt);
      tix_store_set_error (self, error, "Could not start the batch");
      goto failed;
    }
  if (sliced)
    {
      first_seq = tix_db_column_int64 (stmt, 0) + 1;
      last_seq = first_seq + count - 1;
    }
  else
    owner = tix_db_column_int64 (stmt, 0);
  tix_db_reset (stmt);

  stmt = tix_store_statement (self,
    "INSERT INTO ticket_batches (organization_id, count, prefix, first_number, first_seq,"
    " last_seq, first_version, owner, created_at, event_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    " RETURNING id", error);
  if (stmt == NULL)
    goto failed;
  tix_db_bind_int64 (stmt, 1, org_id);
  tix_db_bind_int64 (stmt, 2, count);
  tix_db_bind_text (stmt, 3, prefix);
  tix_db_bind_int64 (stmt, 4, first);
  tix_db_bind_int64 (stmt, 5, first_seq);
  tix_db_bind_int64 (stmt, 6, last_seq);
  tix_db_bind_int64 (stmt, 7, first_version);
  tix_db_bind_int64 (stmt, 8, owner);
  tix_db_bind_int64 (stmt, 9, now_ms);
  tix_db_bind_int64 (stmt, 10, event_id);
  if (tix_db_step (stmt) == TIX_DB_ROW)
    batch_id = tix_db_column_int64 (stmt, 0);
  tix_db_reset (stmt);
  if (batch_id < 0)
    {
      tix_store_set_error (self, error, "Could not start the batch");
      goto failed;
    }

  /* The fence: the last row, so that rows of other generates go above. The
   * other tickets are made once the writer is free again (for 100,000 that
   * is a tenth of a second). */
  if (sliced)
    {
      fence = make_tickets (user, event_id, prefix, extra, 1, first + count - 1, now_ms);
      tix_ticket_set_type_id (g_ptr_array_index (fence, 0), type_id);
      if (!insert_tickets (self, fence, 0, 1, first_version + count - 1, first_seq + count - 1,
                           error))
        goto failed;
    }
  if (!tix_store_commit (self, error))
    goto failed;

  tickets = make_tickets (user, event_id, prefix, extra, sliced ? count - 1 : count, first,
                          now_ms);
  for (guint i = 0; i < tickets->len; i++)
    tix_ticket_set_type_id (g_ptr_array_index (tickets, i), type_id);
  if (sliced)
    g_ptr_array_add (tickets, g_object_ref (g_ptr_array_index (fence, 0)));

  if (ready != NULL)
    ready (tickets, ready_data);

  /* 2. The slices need not reach the disk one by one: until the batch is
   * published they are nothing, and a crash before then throws them away.
   * So on SQLite they commit without an fsync of their own (the WAL's
   * order keeps them before anything committed after them), and the write
   * lock is held for the inserts only. */
  if (sliced)
    set_synchronous (self, FALSE);
  if (!sliced && !tix_store_begin (self, 0, error))
    goto discard;
  for (guint from = 0, to; from < (sliced ? count - 1 : count); from = to)
    {
      guint end = MIN (from + TICKETS_PER_SLICE, sliced ? count - 1 : count);

      if (self->fail_after_slices > 0 && slices == self->fail_after_slices)
        {
          g_set_error_literal (error, TIX_STORE_ERROR, TIX_STORE_ERROR_FAILED,
                               "Could not add the tickets: failing on purpose (test)");
          if (self->fail_as_crash)
            {
              if (sliced)
                set_synchronous (self, TRUE);
              /* As if killed here: nothing more is written. */
              if (!sliced)
                tix_store_rollback (self);
              return NULL;
            }
          goto rows_failed;
        }

      if (sliced && !tix_store_begin (self, 0, error))
        goto discard;
      /* A statement at a time; on SQLite the slice ends early when a scan
       * waits for the writer, so that it waits for one statement at most. */
      for (to = from; to < end; )
        {
          guint next = MIN (to + TICKETS_PER_INSERT, end);

          if (!insert_tickets (self, tickets, to, next, first_version, first_seq, error))
            goto rows_failed;
          to = next;
          if (sliced && tix_store_turn_wanted (self))
            break;
        }
      if (sliced && !tix_store_commit (self, error))
        goto rows_failed;
      slices++;
      /* With the turn given back, the slice's fsync here, on this thread:
       * left to the next FULL commit, a scan's, it would wait for it. */
      if (sliced)
        tix_db_sync_log (self->db);
      /* Copying the WAL into the file does not stop writers either. */
      if (sliced && self->background && slices % SLICES_PER_CHECKPOINT == 0)
        tix_db_exec (self->db, "PRAGMA wal_checkpoint (PASSIVE)", NULL);
    }

  /* 3. Durable again: the publish is fsynced, and with it every slice. */
  if (sliced)
    set_synchronous (self, TRUE);
  if (sliced ? !tix_store_begin (self, org_id, error)
             : !tix_db_lock_organization (self->db, org_id, error))
    goto rows_failed;
  stmt = tix_store_statement (self, "DELETE FROM ticket_batches WHERE id = ?", error);
  if (stmt == NULL)
    goto rows_failed;
  tix_db_bind_int64 (stmt, 1, batch_id);
  if (!tix_store_step_done (self, stmt, "Could not publish the tickets", error))
    goto rows_failed;
  if (tix_db_changes (self->db) != 1)
    {
      /* Another server removed it as abandoned: say so rather than publish. */
      g_set_error_literal (error, TIX_STORE_ERROR, TIX_STORE_ERROR_FAILED,
                           "Could not publish the tickets: the batch was removed meanwhile");
      goto rows_failed;
    }
  if (!tix_store_adjust_counts (self, org_id, count, 0, error) ||
      !tix_store_adjust_event_counts (self, event_id, count, 0, error) ||
      !tix_store_commit (self, error))
    goto rows_failed;

  return g_steal_pointer (&tickets);

failed:
  tix_store_rollback (self);
  return NULL;

rows_failed:
  tix_store_rollback (self);
discard:
  if (sliced)
    set_synchronous (self, TRUE);
  {
    g_autoptr(GError) cleanup_error = NULL;

    if (!discard_batch (self, batch_id, org_id, prefix, first, count, first_seq, last_seq,
                        &cleanup_error))
      g_warning ("An unfinished batch stays until the next start: %s", cleanup_error->message);
  }
  return NULL;
}

GPtrArray *
tix_store_generate_typed_tickets (TixStore                *self,
                                  TixUser                 *user,
                                  gint64                   event_id,
                                  gint64                   type_id,
                                  const char              *prefix,
                                  const char              *extra,
                                  guint                    count,
                                  gint64                   now_ms,
                                  TixStoreTicketsReadyFunc ready,
                                  gpointer                 ready_data,
                                  GError                 **error)
{
  g_return_val_if_fail (TIX_IS_STORE (self), NULL);
  g_return_val_if_fail (TIX_IS_USER (user), NULL);
  g_return_val_if_fail (prefix != NULL && count > 0, NULL);

  if (count <= TICKETS_PER_SLICE)
    return generate_at_once (self, user, event_id, type_id, prefix, extra, count, now_ms, ready,
                             ready_data, error);
  return generate_staged (self, user, event_id, type_id, prefix, extra, count, now_ms, ready,
                          ready_data, error);
}

GPtrArray *
tix_store_generate_tickets_full (TixStore                *self,
                                 TixUser                 *user,
                                 gint64                   event_id,
                                 const char              *prefix,
                                 const char              *extra,
                                 guint                    count,
                                 gint64                   now_ms,
                                 TixStoreTicketsReadyFunc ready,
                                 gpointer                 ready_data,
                                 GError                 **error)
{
  return tix_store_generate_typed_tickets (self, user, event_id, 0, prefix, extra, count, now_ms,
                                           ready, ready_data, error);
}

GPtrArray *
tix_store_generate_tickets (TixStore    *self,
                            TixUser     *user,
                            const char  *prefix,
                            const char  *extra,
                            guint        count,
                            gint64       now_ms,
                            GError     **error)
{
  return tix_store_generate_tickets_full (self, user, 0, prefix, extra, count, now_ms, NULL,
                                          NULL, error);
}

TixTicket *
tix_store_lookup_ticket (TixStore    *self,
               gint64       organization_id,
               const char  *id,
               GError     **error)
{
  TixDbStmt *stmt = tix_store_statement (self,
    "SELECT " TICKET_COLUMNS TICKET_FROM " WHERE t.id = ? AND t.organization_id = ?", error);

  if (stmt == NULL)
    return NULL;
  tix_db_bind_text (stmt, 1, id);
  tix_db_bind_int64 (stmt, 2, organization_id);
  return tix_store_step_one (self, stmt, tix_store_ticket_row, "Ticket not found", error);
}

TixTicket *
tix_store_get_ticket (TixStore    *self,
                      gint64       organization_id,
                      const char  *id,
                      GError     **error)
{
  g_return_val_if_fail (TIX_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  return tix_store_lookup_ticket (self, organization_id, id, error);
}

TixTicket *
tix_store_find_ticket_by_number (TixStore    *self,
                                 gint64       organization_id,
                                 const char  *number,
                                 GError     **error)
{
  TixDbStmt *stmt;

  g_return_val_if_fail (TIX_IS_STORE (self), NULL);
  g_return_val_if_fail (number != NULL, NULL);

  stmt = tix_store_statement (self,
    "SELECT " TICKET_COLUMNS TICKET_FROM " WHERE t.organization_id = ? AND t.number = ?"
    TICKET_VISIBLE ("t.seq"), error);
  if (stmt == NULL)
    return NULL;
  tix_db_bind_int64 (stmt, 1, organization_id);
  tix_db_bind_text (stmt, 2, number);
  return tix_store_step_one (self, stmt, tix_store_ticket_row, "No ticket has this number", error);
}

/* Whether the organization had the ticket @id, or numbered @number, and
 * deleted it (its tombstone is kept for the stations' copies): a deleted
 * ticket is not the same as one that never was. */
gboolean
tix_store_is_deleted (TixStore    *self,
                      gint64       organization_id,
                      const char  *id,
                      const char  *number)
{
  g_autoptr(GError) error = NULL;
  TixDbStmt *stmt;
  int rc;

  g_return_val_if_fail (TIX_IS_STORE (self), FALSE);
  g_return_val_if_fail ((id == NULL) != (number == NULL), FALSE);

  if (id != NULL)
    stmt = tix_store_statement (self,
      "SELECT 1 FROM deleted_tickets WHERE id = ? AND organization_id = ?", &error);
  else
    stmt = tix_store_statement (self,
      "SELECT 1 FROM deleted_tickets WHERE number = ? AND organization_id = ? LIMIT 1", &error);
  if (stmt == NULL)
    {
      g_warning ("Could not look for a tombstone: %s", error->message);
      return FALSE;
    }
  tix_db_bind_text (stmt, 1, id != NULL ? id : number);
  tix_db_bind_int64 (stmt, 2, organization_id);
  rc = tix_db_step (stmt);
  tix_db_reset (stmt);
  return rc == TIX_DB_ROW;
}

TixTicket *
tix_store_reissue_ticket (TixStore    *self,
                          TixUser     *user,
                          const char  *id,
                          gint64       now_ms,
                          GError     **error)
{
  TixDbStmt *stmt;
  gint64 org_id, version;
  TixTicket *ticket;

  g_return_val_if_fail (TIX_IS_STORE (self), NULL);
  g_return_val_if_fail (TIX_IS_USER (user), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  org_id = tix_user_get_organization_id (user);

  if (!tix_store_begin (self, org_id, error))
    return NULL;

  version = tix_store_next_versions (self, org_id, 1, error);
  if (version < 0)
    goto failed;
  stmt = tix_store_statement (self,
    "UPDATE tickets SET revision = revision + 1, version = ? WHERE id = ? AND organization_id = ?",
    error);
  if (stmt == NULL)
    goto failed;
  tix_db_bind_int64 (stmt, 1, version);
  tix_db_bind_text (stmt, 2, id);
  tix_db_bind_int64 (stmt, 3, org_id);
  if (!tix_store_step_done (self, stmt, "Could not reissue the ticket", error))
    goto failed;
  if (tix_db_changes (self->db) == 0)
    {
      g_set_error_literal (error, TIX_STORE_ERROR, TIX_STORE_ERROR_NOT_FOUND,
                           "Ticket not found");
      goto failed;
    }

  ticket = tix_store_lookup_ticket (self, org_id, id, error);
  if (ticket == NULL)
    goto failed;
  if (!tix_store_audit (self, user, "ticket-reissued", tix_ticket_get_number (ticket), now_ms, error) ||
      !tix_store_commit (self, error))
    {
      g_object_unref (ticket);
      goto failed;
    }

  return ticket;

failed:
  tix_store_rollback (self);
  return NULL;
}

/* Leaves a tombstone for the ticket @id (NULL: every ticket of the
 * organization), each with a change number of its own, so stations that keep
 * a copy learn that it is gone. */
static gboolean
bury_tickets (TixStore    *self,
              gint64       organization_id,
              gint64       event_id,
              const char  *id,
              GError     **error)
{
  TixDbStmt *stmt;
  gint64 n = 1, first;

  if (id == NULL && event_id > 0)
    {
      g_autoptr(TixStoreEvent) event = tix_store_get_event (self, organization_id, event_id,
                                                            error);

      if (event == NULL)
        return FALSE;
      n = event->total;
      if (n == 0)
        return TRUE;
    }
  else if (id == NULL)
    {
      gint64 scanned;

      if (!tix_store_get_counts (self, organization_id, &n, &scanned, error))
        return FALSE;
      if (n == 0)
        return TRUE;
    }

  first = tix_store_next_versions (self, organization_id, n, error);
  if (first < 0)
    return FALSE;

  stmt = tix_store_statement (self,
    "INSERT INTO deleted_tickets (id, organization_id, number, prefix, revision, version)"
    " SELECT id, organization_id, number, prefix, revision,"
    " ?1 + row_number () OVER (ORDER BY seq) - 1"
    " FROM tickets WHERE organization_id = ?2 AND (CAST (?3 AS TEXT) IS NULL OR id = ?3)"
    " AND (?4 = 0 OR event_id = ?4)"
    TICKET_VISIBLE ("seq")
    " ON CONFLICT (id) DO UPDATE SET organization_id = excluded.organization_id,"
    " number = excluded.number, prefix = excluded.prefix, revision = excluded.revision,"
    " version = excluded.version", error);
  if (stmt == NULL)
    return FALSE;
  tix_db_bind_int64 (stmt, 1, first);
  tix_db_bind_int64 (stmt, 2, organization_id);
  tix_db_bind_text (stmt, 3, id);
  tix_db_bind_int64 (stmt, 4, event_id);
  return tix_store_step_done (self, stmt, "Could not keep a tombstone", error);
}

gboolean
tix_store_delete_ticket (TixStore    *self,
                         TixUser     *user,
                         const char  *id,
                         gint64       now_ms,
                         GError     **error)
{
  g_autoptr(TixTicket) ticket = NULL;
  TixDbStmt *stmt;
  gint64 org_id;

  g_return_val_if_fail (TIX_IS_STORE (self), FALSE);
  g_return_val_if_fail (TIX_IS_USER (user), FALSE);

  org_id = tix_user_get_organization_id (user);

  if (!tix_store_begin (self, org_id, error))
    return FALSE;

  ticket = tix_store_lookup_ticket (self, org_id, id, error);
  if (ticket == NULL)
    goto failed;

  if (!bury_tickets (self, org_id, 0, id, error) ||
      !tix_store_forget_inside (self, org_id, id, error))
    goto failed;

  stmt = tix_store_statement (self, "DELETE FROM tickets WHERE id = ? AND organization_id = ?", error);
  if (stmt == NULL)
    goto failed;
  tix_db_bind_text (stmt, 1, id);
  tix_db_bind_int64 (stmt, 2, org_id);
  if (!tix_store_step_done (self, stmt, "Could not delete the ticket", error) ||
      !tix_store_adjust_counts (self, org_id, -1, tix_ticket_is_scanned (ticket) ? -1 : 0, error) ||
      !tix_store_adjust_event_counts (self, tix_ticket_get_event_id (ticket), -1,
                                      tix_ticket_is_scanned (ticket) ? -1 : 0, error) ||
      !tix_store_audit (self, user, "ticket-deleted", tix_ticket_get_number (ticket), now_ms, error) ||
      !tix_store_commit (self, error))
    goto failed;

  return TRUE;

failed:
  tix_store_rollback (self);
  return FALSE;
}

gint64
tix_store_clear_tickets (TixStore  *self,
                         TixUser   *user,
                         gint64     event_id,
                         gint64     now_ms,
                         GError   **error)
{
  g_autoptr(TixStoreEvent) event = NULL;
  g_autofree char *detail = NULL;
  TixDbStmt *stmt;
  gint64 org_id, deleted;

  g_return_val_if_fail (TIX_IS_STORE (self), -1);
  g_return_val_if_fail (TIX_IS_USER (user), -1);

  org_id = tix_user_get_organization_id (user);

  if (!tix_store_begin (self, org_id, error))
    return -1;

  /* One event's: its counts come off the organization's. */
  if (event_id > 0 &&
      (event = tix_store_get_event (self, org_id, event_id, error)) == NULL)
    goto failed;

  if (!bury_tickets (self, org_id, event_id, NULL, error))
    goto failed;

  /* The counters stay: numbers are never reused, not even after a clear. */
  /* A batch being written stays: it appears when it is done. */
  stmt = tix_store_statement (self,
    "DELETE FROM tickets WHERE organization_id = ?1 AND (?2 = 0 OR event_id = ?2)"
    TICKET_VISIBLE ("seq"), error);
  if (stmt == NULL)
    goto failed;
  tix_db_bind_int64 (stmt, 1, org_id);
  tix_db_bind_int64 (stmt, 2, event_id);
  if (!tix_store_step_done (self, stmt, "Could not clear the tickets", error))
    goto failed;
  deleted = tix_db_changes (self->db);

  stmt = tix_store_statement (self,
    "UPDATE events SET total = 0, scanned = 0, inside = 0"
    " WHERE organization_id = ?1 AND (?2 = 0 OR id = ?2)",
    error);
  if (stmt == NULL)
    goto failed;
  tix_db_bind_int64 (stmt, 1, org_id);
  tix_db_bind_int64 (stmt, 2, event_id);
  if (!tix_store_step_done (self, stmt, "Could not clear the tickets", error))
    goto failed;
  /* Nobody is inside any more. */
  stmt = tix_store_statement (self,
    "UPDATE entrances SET inside = 0 WHERE organization_id = ?1 AND (?2 = 0 OR event_id = ?2)",
    error);
  if (stmt == NULL)
    goto failed;
  tix_db_bind_int64 (stmt, 1, org_id);
  tix_db_bind_int64 (stmt, 2, event_id);
  if (!tix_store_step_done (self, stmt, "Could not clear the tickets", error))
    goto failed;

  stmt = tix_store_statement (self,
    "UPDATE ticket_counts SET total = CASE WHEN ?2 = 0 THEN 0 ELSE total - ?3 END,"
    " scanned = CASE WHEN ?2 = 0 THEN 0 ELSE scanned - ?4 END WHERE organization_id = ?1",
    error);
  if (stmt == NULL)
    goto failed;
  tix_db_bind_int64 (stmt, 1, org_id);
  tix_db_bind_int64 (stmt, 2, event_id);
  tix_db_bind_int64 (stmt, 3, event != NULL ? event->total : 0);
  tix_db_bind_int64 (stmt, 4, event != NULL ? event->scanned : 0);

  if (event != NULL)
    detail = g_strdup_printf ("%" G_GINT64_FORMAT " tickets of %s", deleted, event->name);
  else
    detail = g_strdup_printf ("%" G_GINT64_FORMAT " tickets", deleted);
  if (!tix_store_step_done (self, stmt, "Could not clear the tickets", error) ||
      !tix_store_audit (self, user, "tickets-cleared", detail, now_ms, error) ||
      !tix_store_commit (self, error))
    goto failed;

  return deleted;

failed:
  tix_store_rollback (self);
  return -1;
}

/* Listing */

/* Search: the start of the number (the unique index's range), digits or
 * letters anywhere in the number, or words of the extra text. Three or more
 * characters go through an index of trigrams (SQLite: the FTS5 table
 * tickets_fts kept by triggers; PostgreSQL: pg_trgm GIN indexes); shorter
 * ones read the organization's tickets. */
typedef enum
{
  SEARCH_NONE,
  SEARCH_INDEXED,
  SEARCH_SHORT,
} SearchKind;

#define SEARCH_MIN_INDEXED 3

static SearchKind
search_kind (const char *search)
{
  if (search == NULL)
    return SEARCH_NONE;
  return g_utf8_strlen (search, -1) >= SEARCH_MIN_INDEXED ? SEARCH_INDEXED : SEARCH_SHORT;
}

static gboolean
store_is_postgres (TixStore *self)
{
  return tix_db_location_is_postgres (tix_db_get_location (self->db));
}

static const char *
search_clause (gboolean   postgres,
               SearchKind kind)
{
  if (kind == SEARCH_NONE)
    return "";
  if (postgres)
    return " AND (t.number >= :low AND t.number < :high"
           " OR CAST (t.number AS TEXT) ILIKE :like ESCAPE '\\' OR t.extra ILIKE :like ESCAPE '\\')";
  /* A UNION, not an OR: each part goes through its own index. */
  if (kind == SEARCH_INDEXED)
    return " AND t.seq IN (SELECT seq FROM tickets WHERE organization_id = :org"
           " AND number >= :low AND number < :high"
           " UNION SELECT rowid FROM tickets_fts WHERE tickets_fts MATCH :match)";
  return " AND (t.number >= :low AND t.number < :high"
         " OR t.number LIKE :like ESCAPE '\\' OR t.extra LIKE :like ESCAPE '\\')";
}

/* Every variant of the list query, prepared once:
 * [backend][filter][search][cursor][ascending]. */
static const char *
order_clause (TixStoreSort sort,
              gboolean     ascending)
{
  switch (sort)
    {
    case TIX_STORE_SORT_OLDEST:
      return "t.seq ASC";
    case TIX_STORE_SORT_NUMBER:
      return "t.number ASC, t.seq ASC";
    case TIX_STORE_SORT_NUMBER_DESC:
      return "t.number DESC, t.seq DESC";
    case TIX_STORE_SORT_SCANNED:
      return "(t.scanned_at IS NULL) ASC, t.scanned_at ASC, t.seq ASC";
    case TIX_STORE_SORT_SCANNED_DESC:
      return "(t.scanned_at IS NULL) ASC, t.scanned_at DESC, t.seq DESC";
    case TIX_STORE_SORT_NEWEST:
    default:
      return ascending ? "t.seq ASC" : "t.seq DESC";
    }
}

/* One event's tickets: the event's indexes (organization, event, seq). */
#define EVENT_CLAUSE(event) ((event) ? " AND t.event_id = :event" : "")

static const char *
list_sql (TixStore      *self,
          TixStoreFilter filter,
          SearchKind     search,
          gboolean       cursor,
          gboolean       ascending,
          TixStoreSort   sort,
          gboolean       event)
{
  static const char *cache[2][3][3][2][2][6][2];
  gboolean postgres = store_is_postgres (self);
  const char *sql = cache[postgres][filter][search][cursor][ascending][sort][event];

  if (sql == NULL)
    {
      static const char *filters[] = {
        "", " AND t.scanned_at IS NOT NULL", " AND t.scanned_at IS NULL"
      };
      g_autofree char *text = g_strdup_printf (
        "SELECT " TICKET_COLUMNS TICKET_FROM
        " WHERE t.organization_id = :org%s%s%s%s" TICKET_VISIBLE ("t.seq")
        " ORDER BY %s LIMIT :limit OFFSET :offset",
        EVENT_CLAUSE (event), filters[filter],
        search_clause (postgres, search),
        cursor ? (ascending ? " AND t.seq > :cursor" : " AND t.seq < :cursor") : "",
        order_clause (sort, ascending));

      sql = g_intern_string (text);
      cache[postgres][filter][search][cursor][ascending][sort][event] = sql;
    }

  return sql;
}

static const char *
count_sql (TixStore      *self,
           TixStoreFilter filter,
           SearchKind     search,
           gboolean       event)
{
  static const char *cache[2][3][3][2];
  gboolean postgres = store_is_postgres (self);
  const char *sql = cache[postgres][filter][search][event];

  if (sql == NULL)
    {
      static const char *filters[] = {
        "", " AND t.scanned_at IS NOT NULL", " AND t.scanned_at IS NULL"
      };
      g_autofree char *text = g_strdup_printf (
        "SELECT count(*) FROM tickets t WHERE t.organization_id = :org%s%s%s"
        TICKET_VISIBLE ("t.seq"), EVENT_CLAUSE (event), filters[filter],
        search_clause (postgres, search));

      sql = g_intern_string (text);
      cache[postgres][filter][search][event] = sql;
    }

  return sql;
}

/* The search's parameters: :low and :high bound the numbers that start with
 * it (every character a number may hold sorts below '~', even case-folded),
 * :like finds it anywhere, :match is its FTS5 phrase. */
typedef struct
{
  char *high;
  char *like;
  char *match;
} SearchParams;

static void
search_params_clear (SearchParams *params)
{
  g_free (params->high);
  g_free (params->like);
  g_free (params->match);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SearchParams, search_params_clear)

static void
search_params_init (SearchParams *params,
                    const char   *search)
{
  GString *like, *match;

  memset (params, 0, sizeof *params);
  if (search == NULL)
    return;

  params->high = g_strconcat (search, "~", NULL);
  like = g_string_new ("%");
  match = g_string_new ("\"");
  for (const char *p = search; *p; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (like, '\\');
      g_string_append_c (like, *p);
      if (*p == '"')
        g_string_append_c (match, '"');
      g_string_append_c (match, *p);
    }
  g_string_append_c (like, '%');
  g_string_append_c (match, '"');
  params->like = g_string_free (like, FALSE);
  params->match = g_string_free (match, FALSE);
}

static void
bind_named_int (TixDbStmt *stmt,
                const char   *name,
                gint64        value)
{
  int index = tix_db_parameter_index (stmt, name);

  if (index > 0)
    tix_db_bind_int64 (stmt, index, value);
}

static void
bind_named_text (TixDbStmt *stmt,
                 const char   *name,
                 const char   *value)
{
  int index = tix_db_parameter_index (stmt, name);

  if (index > 0)
    tix_db_bind_text (stmt, index, value);
}

static void bind_search (TixDbStmt          *stmt,
                         const char         *search,
                         const SearchParams *params);

static gint64
count_matches (TixStore             *self,
               gint64                organization_id,
               const TixStoreQuery  *query,
               const SearchParams   *params,
               GError              **error)
{
  gint64 total = -1, scanned = 0;
  TixDbStmt *stmt;

  if (query->search == NULL && query->event_id > 0)
    {
      g_autoptr(TixStoreEvent) event = tix_store_get_event (self, organization_id,
                                                            query->event_id, error);

      if (event == NULL)
        return -1;
      total = event->total;
      scanned = event->scanned;
    }
  if (query->search == NULL)
    {
      if (query->event_id <= 0 &&
          !tix_store_get_counts (self, organization_id, &total, &scanned, error))
        return -1;
      switch (query->filter)
        {
        case TIX_STORE_FILTER_SCANNED:
          return scanned;
        case TIX_STORE_FILTER_NOT_SCANNED:
          return total - scanned;
        case TIX_STORE_FILTER_ALL:
        default:
          return total;
        }
    }

  stmt = tix_store_statement (self, count_sql (self, query->filter, search_kind (query->search),
                                               query->event_id > 0), error);
  if (stmt == NULL)
    return -1;
  bind_named_int (stmt, ":org", organization_id);
  bind_named_int (stmt, ":event", query->event_id);
  bind_search (stmt, query->search, params);
  if (tix_db_step (stmt) == TIX_DB_ROW)
    total = tix_db_column_int64 (stmt, 0);
  else
    tix_store_set_error (self, error, "Could not count the tickets");
  tix_db_reset (stmt);
  return total;
}

static void
bind_search (TixDbStmt          *stmt,
             const char         *search,
             const SearchParams *params)
{
  if (search == NULL)
    return;
  bind_named_text (stmt, ":low", search);
  bind_named_text (stmt, ":high", params->high);
  bind_named_text (stmt, ":like", params->like);
  bind_named_text (stmt, ":match", params->match);
}

static gboolean
parse_cursor (const char *cursor,
              gint64     *out_seq)
{
  guint64 value;

  if (!g_ascii_string_to_unsigned (cursor, 10, 1, G_MAXINT64, &value, NULL))
    return FALSE;
  *out_seq = (gint64) value;
  return TRUE;
}

TixStorePage *
tix_store_list_tickets (TixStore             *self,
                        gint64                organization_id,
                        const TixStoreQuery  *query,
                        GError              **error)
{
  g_autoptr(TixStorePage) page = NULL;
  g_auto(SearchParams) params = { 0 };
  gint64 cursor_seq = 0, offset = 0, limit, fetch_limit, last_seq = 0;
  gboolean ascending = FALSE, more = FALSE;
  TixDbStmt *stmt;
  int rc;

  g_return_val_if_fail (TIX_IS_STORE (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);
  g_return_val_if_fail (query->filter <= TIX_STORE_FILTER_NOT_SCANNED, NULL);
  g_return_val_if_fail (query->sort <= TIX_STORE_SORT_SCANNED_DESC, NULL);

  limit = CLAMP (query->limit, 1, 1000);

  if (query->cursor != NULL && !parse_cursor (query->cursor, &cursor_seq))
    {
      g_set_error_literal (error, TIX_STORE_ERROR, TIX_STORE_ERROR_NOT_FOUND,
                           "Invalid cursor");
      return NULL;
    }

  search_params_init (&params, query->search);

  page = g_new0 (TixStorePage, 1);
  page->tickets = g_ptr_array_new_with_free_func (g_object_unref);
  page->total = count_matches (self, organization_id, query, &params, error);
  if (page->total < 0)
    return NULL;

  fetch_limit = limit + 1;
  if (query->cursor == NULL)
    {
      gint64 page_number = MAX (query->page, 1);

      if (page_number - 1 > G_MAXINT64 / limit)
        return g_steal_pointer (&page);
      offset = (page_number - 1) * limit;
      if (offset >= page->total)
        return g_steal_pointer (&page);

      /* Past the middle, read from the other end: OFFSET costs what it skips. */
      if (query->sort == TIX_STORE_SORT_NEWEST && offset > page->total / 2)
        {
          gint64 end = MIN (offset + limit, page->total);

          ascending = TRUE;
          fetch_limit = end - offset;
          offset = page->total - end;
          more = end < page->total;
        }
    }

  if (query->cursor != NULL && query->sort != TIX_STORE_SORT_NEWEST)
    {
      g_set_error_literal (error, TIX_STORE_ERROR, TIX_STORE_ERROR_NOT_FOUND,
                           "Invalid cursor");
      return NULL;
    }
  stmt = tix_store_statement (self, list_sql (self, query->filter, search_kind (query->search),
                                              query->cursor != NULL, ascending, query->sort,
                                              query->event_id > 0),
                              error);
  if (stmt == NULL)
    return NULL;
  bind_named_int (stmt, ":org", organization_id);
  bind_named_int (stmt, ":event", query->event_id);
  bind_named_int (stmt, ":limit", fetch_limit);
  bind_named_int (stmt, ":offset", offset);
  bind_named_int (stmt, ":cursor", cursor_seq);
  bind_search (stmt, query->search, &params);

  while ((rc = tix_db_step (stmt)) == TIX_DB_ROW)
    {
      if (!ascending && page->tickets->len == (guint) limit)
        {
          more = TRUE;
          break;
        }
      g_ptr_array_add (page->tickets, tix_store_ticket_from_row (stmt));
      if (!ascending)
        last_seq = tix_db_column_int64 (stmt, 10);
      else if (page->tickets->len == 1)
        last_seq = tix_db_column_int64 (stmt, 10);
    }
  if (rc != TIX_DB_ROW && rc != TIX_DB_DONE)
    {
      tix_store_set_error (self, error, "Could not list the tickets");
      tix_db_reset (stmt);
      return NULL;
    }
  tix_db_reset (stmt);

  if (ascending)
    {
      /* Newest first, as always; the oldest of the page is the first read. */
      for (guint i = 0, j = page->tickets->len; i + 1 < j; i++, j--)
        {
          gpointer tmp = page->tickets->pdata[i];
          page->tickets->pdata[i] = page->tickets->pdata[j - 1];
          page->tickets->pdata[j - 1] = tmp;
        }
    }

  /* A cursor is a place in the default order only. */
  if (more && page->tickets->len > 0 && query->sort == TIX_STORE_SORT_NEWEST)
    page->next_cursor = g_strdup_printf ("%" G_GINT64_FORMAT, last_seq);

  return g_steal_pointer (&page);
}

/* Reports */

gboolean
tix_store_get_counts (TixStore  *self,
                      gint64     organization_id,
                      gint64    *out_total,
                      gint64    *out_scanned,
                      GError   **error)
{
  TixDbStmt *stmt;
  gboolean ok = TRUE;

  g_return_val_if_fail (TIX_IS_STORE (self), FALSE);

  stmt = tix_store_statement (self,
    "SELECT total, scanned FROM ticket_counts WHERE organization_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  tix_db_bind_int64 (stmt, 1, organization_id);
  switch (tix_db_step (stmt))
    {
    case TIX_DB_ROW:
      *out_total = tix_db_column_int64 (stmt, 0);
      *out_scanned = tix_db_column_int64 (stmt, 1);
      break;
    case TIX_DB_DONE:
      *out_total = *out_scanned = 0;
      break;
    default:
      ok = tix_store_set_error (self, error, "Could not read the counts");
    }
  tix_db_reset (stmt);
  return ok;
}

static gboolean
count_one (TixStore    *self,
           const char  *sql,
           gint64       organization_id,
           gint64       event_id,
           gint64       from_ms,
           gint64       to_ms,
           gint64      *out,
           GError     **error)
{
  TixDbStmt *stmt = tix_store_statement (self, sql, error);
  gboolean ok = TRUE;

  if (stmt == NULL)
    return FALSE;
  tix_db_bind_int64 (stmt, 1, organization_id);
  tix_db_bind_int64 (stmt, 2, from_ms);
  tix_db_bind_int64 (stmt, 3, to_ms);
  if (event_id > 0)
    tix_db_bind_int64 (stmt, 4, event_id);
  if (tix_db_step (stmt) == TIX_DB_ROW)
    *out = tix_db_column_int64 (stmt, 0);
  else
    ok = tix_store_set_error (self, error, "Could not count for the report");
  tix_db_reset (stmt);
  return ok;
}

gboolean
tix_store_count_between (TixStore  *self,
                         gint64     organization_id,
                         gint64     event_id,
                         gint64     from_ms,
                         gint64     to_ms,
                         gint64    *out_generated,
                         gint64    *out_scanned,
                         GError   **error)
{
  g_return_val_if_fail (TIX_IS_STORE (self), FALSE);

  /* One event's through its own indexes (event_id, generated_at and
   * scanned_at); the organization is checked all the same. */
  if (event_id > 0)
    return count_one (self,
                      "SELECT count(*) FROM tickets WHERE organization_id = ?1"
                      " AND generated_at >= ?2 AND generated_at < ?3 AND event_id = ?4"
                      TICKET_VISIBLE ("seq"),
                      organization_id, event_id, from_ms, to_ms, out_generated, error) &&
           count_one (self,
                      "SELECT count(*) FROM tickets WHERE organization_id = ?1"
                      " AND scanned_at >= ?2 AND scanned_at < ?3 AND event_id = ?4",
                      organization_id, event_id, from_ms, to_ms, out_scanned, error);
  return count_one (self,
                    "SELECT count(*) FROM tickets WHERE organization_id = ?"
                    " AND generated_at >= ? AND generated_at < ?" TICKET_VISIBLE ("seq"),
                    organization_id, 0, from_ms, to_ms, out_generated, error) &&
         count_one (self,
                    "SELECT count(*) FROM tickets WHERE organization_id = ?"
                    " AND scanned_at >= ? AND scanned_at < ?",
                    organization_id, 0, from_ms, to_ms, out_scanned, error);
}

