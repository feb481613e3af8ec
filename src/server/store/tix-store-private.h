/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What the parts of TixStore share: the connection, cached statements and
 * the transaction helpers. SQL stays behind TixStore; nothing outside
 * src/server/store includes this. */

#include "tix-db.h"
#include "tix-store.h"

G_BEGIN_DECLS

struct _TixStore
{
  GObject     parent_instance;

  TixDb      *db;

  /* Door never waits (issue 15): long work runs on background stores that
   * give the write lock to the server's own store first; see tix_store_begin(). */
  char       *location;          /* as opened, password included: for another connection */
  gint64      max_tickets;       /* per organization; 0: no limit */
  gboolean    background;
  gboolean    holds_turn;        /* holds the process's write turn (SQLite) */
  guint       fail_after_slices; /* tests: a staged generate fails after this many slices */
  gboolean    fail_as_crash;     /* tests: … and leaves everything as a killed server would */
};

/* Staged generates (tix-store-tickets.c): the rows of a batch being written
 * in slices stay out of every list, count and search until it is published.
 * On SQLite a batch owns the seq range [first_seq, last_seq] (one batch at a
 * time); on PostgreSQL the rows wait in the worker's transaction and this
 * range is empty. Append to the WHERE of a query on tickets. */
#define TICKET_VISIBLE(seq) \
  " AND " seq " NOT BETWEEN (SELECT coalesce (min (first_seq), 0) FROM ticket_batches)" \
  " AND (SELECT coalesce (max (last_seq), 0) FROM ticket_batches)"

#define USER_COLUMNS "u.id, u.email, u.name, u.role, u.organization_id"
#define TICKET_COLUMNS \
  "t.id, t.number, t.prefix, t.extra, t.generated_at, t.organization_id, t.created_by," \
  " t.scanned_at, t.scanned_by, su.name, t.seq, t.revision, t.event_id, t.type_id, t.order_id," \
  " t.refunded_at"
#define TICKET_FROM \
  " FROM tickets t LEFT JOIN users su ON su.id = t.scanned_by"

/* Sets @error from the connection's last error, prefixed by @what; FALSE. */
gboolean      tix_store_set_error       (TixStore      *self,
                                         GError       **error,
                                         const char    *what);
/* A prepared statement for @sql (a literal or interned string), reset and
 * unbound; owned by the store. */
TixDbStmt *tix_store_statement       (TixStore      *self,
                                         const char    *sql,
                                         GError       **error);
/* Runs a statement that returns no rows, and resets it. */
gboolean      tix_store_step_done       (TixStore      *self,
                                         TixDbStmt  *stmt,
                                         const char    *what,
                                         GError       **error);
gpointer      tix_store_step_one        (TixStore      *self,
                                         TixDbStmt  *stmt,
                                         gpointer     (*from_row) (TixDbStmt *stmt),
                                         const char    *not_found,
                                         GError       **error);
/* A write transaction, and a ROLLBACK that is safe outside one. With an
 * @organization_id (> 0) the transaction holds that organization's lock:
 * what it reads stays true until it commits, even with other servers on the
 * same database. */
gboolean      tix_store_begin           (TixStore      *self,
                                         gint64         organization_id,
                                         GError       **error);
gboolean      tix_store_commit          (TixStore      *self,
                                         GError       **error);
void          tix_store_rollback        (TixStore      *self);
gboolean      tix_store_turn_wanted     (TixStore      *self);
gboolean      tix_store_audit           (TixStore      *self,
                                         TixUser       *user,
                                         const char    *action,
                                         const char    *detail,
                                         gint64         now_ms,
                                         GError       **error);

/* Row readers for USER_COLUMNS and TICKET_COLUMNS. */
TixUser      *tix_store_user_from_row   (TixDbStmt  *stmt);
gpointer      tix_store_user_row        (TixDbStmt  *stmt);
TixTicket    *tix_store_ticket_from_row (TixDbStmt  *stmt);
gpointer      tix_store_ticket_row      (TixDbStmt  *stmt);
TixTicket    *tix_store_lookup_ticket   (TixStore      *self,
                                         gint64         organization_id,
                                         const char    *id,
                                         GError       **error);
gboolean      tix_store_adjust_counts   (TixStore      *self,
                                         gint64         organization_id,
                                         gint64         total_delta,
                                         gint64         scanned_delta,
                                         GError       **error);
/* Takes @n numbers of the organization's change counter inside the current
 * transaction (tix-store-tickets.c); returns the first, -1 on error. */
gint64        tix_store_next_versions   (TixStore      *self,
                                         gint64         organization_id,
                                         gint64         n,
                                         GError       **error);
/* The ticket @id leaves the counts of who is inside (it is deleted), inside
 * the caller's transaction (tix-store-scan.c). */
gboolean      tix_store_forget_inside   (TixStore      *self,
                                         gint64         organization_id,
                                         const char    *id,
                                         GError       **error);
/* Events (tix-store-events.c), inside the caller's transaction. */
gboolean      tix_store_adjust_event_counts (TixStore  *self,
                                         gint64         event_id,
                                         gint64         total_delta,
                                         gint64         scanned_delta,
                                         GError       **error);
/* A new event of @organization_id from @event (its id is returned). */
gint64        tix_store_insert_event    (TixStore      *self,
                                         gint64         organization_id,
                                         const TixStoreEvent *event,
                                         gint64         now_ms,
                                         GError       **error);
/* The event a generate of @count goes to (@event_id, 0: the current one),
 * checked under the organization's lock: it exists, is not archived, and
 * has room for @count more (its tickets and those of its batches being
 * written). Returns its id, or 0 with @error set. */
gint64        tix_store_claim_event     (TixStore      *self,
                                         gint64         organization_id,
                                         gint64         event_id,
                                         guint          count,
                                         GError       **error);
/* New tickets inside the caller's transaction (holding the organization's
 * lock), the way a generate makes them: the quota, the event (@event_id, 0:
 * the current one) and its capacity, @count numbers of @prefix, change
 * numbers, the rows and the counts. @type_id and @order_id (0: none) go on
 * every ticket; @ready as for tix_store_generate_tickets_full (). */
GPtrArray    *tix_store_add_tickets     (TixStore      *self,
                                         TixUser       *user,
                                         gint64         event_id,
                                         gint64         type_id,
                                         gint64         order_id,
                                         const char    *prefix,
                                         const char    *extra,
                                         guint          count,
                                         gint64         now_ms,
                                         TixStoreTicketsReadyFunc ready,
                                         gpointer       ready_data,
                                         GError       **error);
/* Ticket types (tix-store-types.c): the seats left of @event_id (its
 * capacity less its valid tickets and its batches being written), -1 for
 * no limit, -2 with @error set; a type's "available" from it. */
gint64        tix_store_event_room      (TixStore      *self,
                                         gint64         event_id,
                                         GError       **error);
void          tix_store_type_set_available (TixTicketType *type,
                                         gint64         room);
/* The next show of a series gets @from_event_id's types, none sold, inside
 * the caller's transaction. */
gboolean      tix_store_copy_ticket_types (TixStore   *self,
                                         gint64         from_event_id,
                                         gint64         to_event_id,
                                         gint64         now_ms,
                                         GError       **error);
TixTicketType *tix_store_lookup_ticket_type (TixStore  *self,
                                         gint64         organization_id,
                                         gint64         type_id,
                                         GError       **error);
/* How many tickets of @event_id were refunded (tix-store-orders.c). */
gint64        tix_store_event_refunded  (TixStore      *self,
                                         gint64         event_id);
/* Takes @n change numbers of the organization inside the current
 * transaction; returns the first (-1 with @error set). */
gint64        tix_store_next_versions   (TixStore      *self,
                                         gint64         organization_id,
                                         gint64         n,
                                         GError       **error);
/* The current event's settings into @settings (which holds time_zone):
 * current_event_id, event_name, event_date. */
void          tix_store_read_event_settings (TixStore   *self,
                                         gint64         organization_id,
                                         GHashTable    *settings);
/* Writes the setting @key (current_event_id, event_name or event_date) of
 * the current event, inside the caller's transaction; @zone is the
 * organization's time zone. */
gboolean      tix_store_write_event_setting (TixStore   *self,
                                         gint64         organization_id,
                                         const char    *key,
                                         const char    *value,
                                         const char    *zone,
                                         GError       **error);
/* Entrances (tix-store-entrances.c), inside the caller's transaction: the
 * default entrance of a new event, and the entrances of @from_event_id
 * copied to @to_event_id (its default made like theirs), their hours moved
 * by @shift_ms. */
gint64        tix_store_insert_default_entrance (TixStore  *self,
                                         gint64         organization_id,
                                         gint64         event_id,
                                         gint64         now_ms,
                                         GError       **error);
gboolean      tix_store_copy_entrances  (TixStore      *self,
                                         gint64         from_event_id,
                                         gint64         to_event_id,
                                         gint64         shift_ms,
                                         gint64         now_ms,
                                         GError       **error);
/* Adds a user to @organization_id inside the caller's transaction:
 * TIX_STORE_ERROR_EXISTS when the email is taken. */
TixUser      *tix_store_insert_user     (TixStore      *self,
                                         gint64         organization_id,
                                         const char    *email,
                                         const char    *name,
                                         const char    *role,
                                         const char    *password_hash,
                                         gint64         now_ms,
                                         GError       **error);
/* A consistent copy of a SQLite file (tix-db-sqlite.c). */
gboolean      tix_db_sqlite_backup      (const char    *path,
                                         const char    *destination,
                                         GError       **error);
/* Removes what a server stopped in the middle of a staged generate left
 * (tix-store-tickets.c): on SQLite every batch; on PostgreSQL the batches of
 * connections that are gone. */
gboolean      tix_store_discard_batches (TixStore      *self,
                                         GError       **error);
/* Makes key pairs for organizations from before signed codes. */
gboolean      tix_store_ensure_keys     (TixStore      *self,
                                         GError       **error);

G_END_DECLS
