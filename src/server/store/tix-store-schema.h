/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* "TIX!" in PRAGMA application_id marks a Tix database. */
#define TIX_STORE_APPLICATION_ID 0x54495821

/* Migrations: entry N takes user_version N to N + 1. Never edit a shipped one. */
static const char * const tix_store_migrations[] = {
  /* 0 → 1: the first schema */
  "CREATE TABLE organizations ("
  "  id INTEGER PRIMARY KEY,"
  "  name TEXT NOT NULL,"
  "  max_users INTEGER NOT NULL,"
  "  is_local INTEGER NOT NULL DEFAULT 0,"
  "  created_at INTEGER NOT NULL"
  ");"
  "CREATE TABLE users ("
  "  id INTEGER PRIMARY KEY,"
  "  email TEXT NOT NULL UNIQUE COLLATE NOCASE,"
  "  password_hash TEXT NOT NULL,"
  "  name TEXT NOT NULL,"
  "  role TEXT NOT NULL CHECK (role IN ('admin', 'seller', 'scanner')),"
  "  organization_id INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,"
  "  created_at INTEGER NOT NULL"
  ");"
  "CREATE INDEX users_organization ON users (organization_id);"
  "CREATE TABLE sessions ("
  "  token_hash TEXT PRIMARY KEY,"
  "  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,"
  "  created_at INTEGER NOT NULL,"
  "  expires_at INTEGER NOT NULL"
  ") WITHOUT ROWID;"
  "CREATE INDEX sessions_user ON sessions (user_id);"
  "CREATE TABLE ticket_counters ("
  "  organization_id INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,"
  "  prefix TEXT NOT NULL COLLATE NOCASE,"
  "  next_number INTEGER NOT NULL,"
  "  PRIMARY KEY (organization_id, prefix)"
  ") WITHOUT ROWID;"
  "CREATE TABLE ticket_counts ("
  "  organization_id INTEGER PRIMARY KEY REFERENCES organizations (id) ON DELETE CASCADE,"
  "  total INTEGER NOT NULL DEFAULT 0,"
  "  scanned INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE TABLE tickets ("
  "  seq INTEGER PRIMARY KEY,"
  "  id TEXT NOT NULL UNIQUE,"
  "  organization_id INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,"
  "  number TEXT NOT NULL COLLATE NOCASE,"
  "  prefix TEXT NOT NULL,"
  "  extra TEXT,"
  "  generated_at INTEGER NOT NULL,"
  "  created_by INTEGER,"
  "  scanned_at INTEGER,"
  "  scanned_by INTEGER,"
  "  scanned_station TEXT,"
  "  UNIQUE (organization_id, number)"
  ");"
  "CREATE INDEX tickets_organization ON tickets (organization_id, seq);"
  "CREATE INDEX tickets_scanned ON tickets (organization_id, seq)"
  "  WHERE scanned_at IS NOT NULL;"
  "CREATE INDEX tickets_not_scanned ON tickets (organization_id, seq)"
  "  WHERE scanned_at IS NULL;"
  "CREATE INDEX tickets_generated_at ON tickets (organization_id, generated_at);"
  "CREATE INDEX tickets_scanned_at ON tickets (organization_id, scanned_at)"
  "  WHERE scanned_at IS NOT NULL;"
  "CREATE TABLE settings ("
  "  organization_id INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,"
  "  key TEXT NOT NULL,"
  "  value TEXT NOT NULL,"
  "  PRIMARY KEY (organization_id, key)"
  ") WITHOUT ROWID;"
  "CREATE TABLE audit ("
  "  id INTEGER PRIMARY KEY,"
  "  organization_id INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,"
  "  user_id INTEGER,"
  "  action TEXT NOT NULL,"
  "  detail TEXT,"
  "  at INTEGER NOT NULL"
  ");"
  "CREATE INDEX audit_organization ON audit (organization_id, at);",

  /* 1 → 2: signed ticket codes. Keys of existing organizations are made at open. */
  "ALTER TABLE organizations ADD COLUMN public_key BLOB;"
  "ALTER TABLE organizations ADD COLUMN secret_key BLOB;"
  "ALTER TABLE tickets ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;",

  /* 2 → 3: stations that keep a copy for offline scanning. Every change of a
   * ticket takes the next number of its organization's change counter; deleted
   * tickets leave a tombstone; offline scans are uploaded once by scan_id. */
  "ALTER TABLE ticket_counts ADD COLUMN changes INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE tickets ADD COLUMN version INTEGER NOT NULL DEFAULT 0;"
  "UPDATE tickets SET version = seq;"
  "UPDATE ticket_counts SET changes = (SELECT coalesce (max (seq), 0) FROM tickets);"
  "CREATE INDEX tickets_version ON tickets (organization_id, version);"
  "CREATE TABLE deleted_tickets ("
  "  id TEXT PRIMARY KEY,"
  "  organization_id INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,"
  "  number TEXT NOT NULL,"
  "  prefix TEXT NOT NULL,"
  "  revision INTEGER NOT NULL,"
  "  version INTEGER NOT NULL"
  ") WITHOUT ROWID;"
  "CREATE INDEX deleted_tickets_version ON deleted_tickets (organization_id, version);"
  "CREATE TABLE scan_uploads ("
  "  organization_id INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,"
  "  scan_id TEXT NOT NULL,"
  "  ticket_id TEXT NOT NULL,"
  "  outcome INTEGER NOT NULL,"
  "  conflict INTEGER NOT NULL,"
  "  at INTEGER NOT NULL,"
  "  PRIMARY KEY (organization_id, scan_id)"
  ") WITHOUT ROWID;"
  "CREATE TABLE scan_conflicts ("
  "  id INTEGER PRIMARY KEY,"
  "  organization_id INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,"
  "  ticket_id TEXT NOT NULL,"
  "  first_scanned_at INTEGER,"
  "  first_scanned_by INTEGER,"
  "  first_station TEXT,"
  "  scan_id TEXT NOT NULL,"
  "  second_scanned_at INTEGER NOT NULL,"
  "  second_user INTEGER,"
  "  second_station TEXT,"
  "  at INTEGER NOT NULL"
  ");"
  "CREATE INDEX scan_conflicts_organization ON scan_conflicts (organization_id, id);",

  /* 3 → 4: search finds digits anywhere in the number and words of the
   * extra text: an FTS5 index of trigrams over both, kept by triggers (an
   * external-content table: the text stays in tickets alone). A deleted
   * ticket's number is looked up at the door. */
  "CREATE VIRTUAL TABLE tickets_fts USING fts5 ("
  "  number, extra, content = 'tickets', content_rowid = 'seq', tokenize = 'trigram');"
  "INSERT INTO tickets_fts (tickets_fts) VALUES ('rebuild');"
  "CREATE TRIGGER tickets_fts_insert AFTER INSERT ON tickets BEGIN"
  "  INSERT INTO tickets_fts (rowid, number, extra) VALUES (new.seq, new.number, new.extra);"
  " END;"
  "CREATE TRIGGER tickets_fts_delete AFTER DELETE ON tickets BEGIN"
  "  INSERT INTO tickets_fts (tickets_fts, rowid, number, extra)"
  "  VALUES ('delete', old.seq, old.number, old.extra);"
  " END;"
  "CREATE TRIGGER tickets_fts_update AFTER UPDATE OF number, extra ON tickets BEGIN"
  "  INSERT INTO tickets_fts (tickets_fts, rowid, number, extra)"
  "  VALUES ('delete', old.seq, old.number, old.extra);"
  "  INSERT INTO tickets_fts (rowid, number, extra) VALUES (new.seq, new.number, new.extra);"
  " END;"
  "CREATE INDEX deleted_tickets_number ON deleted_tickets (organization_id, number);",

  /* 4 → 5: big generates are written in slices (tix-store-tickets.c). A batch
   * being written: its rows (seq first_seq to last_seq) stay hidden, and the
   * changes from first_version on wait, until it is done and this row goes.
   * Its numbers (prefix, from first_number) go back to the counter when it
   * is abandoned and nothing was numbered after it. */
  "CREATE TABLE ticket_batches ("
  "  id INTEGER PRIMARY KEY,"
  "  organization_id INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,"
  "  count INTEGER NOT NULL,"
  "  prefix TEXT NOT NULL,"
  "  first_number INTEGER NOT NULL,"
  "  first_seq INTEGER NOT NULL,"
  "  last_seq INTEGER NOT NULL,"
  "  first_version INTEGER NOT NULL,"
  "  owner INTEGER NOT NULL,"
  "  created_at INTEGER NOT NULL"
  ");"
  "CREATE INDEX ticket_batches_organization ON ticket_batches (organization_id);",

  /* 5 → 6: events (issue 18). An organization runs a season of them; each
   * ticket belongs to one. Every organization gets one event made of its
   * event_name and event_date settings (the date is the start of that day
   * in its time zone: tix_day_start (), tix-db-sqlite.c), holding every
   * ticket and the counts of the organization, and becomes the current
   * event. The counts of an event are kept in its row, in the same
   * transactions as the tickets (as ticket_counts are). Numbering stays per
   * organization and prefix. tickets.event_id has no foreign key: an
   * event is deleted only without tickets (tix-store-events.c). */
  "CREATE TABLE events ("
  "  id INTEGER PRIMARY KEY,"
  "  organization_id INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,"
  "  name TEXT NOT NULL,"
  "  starts_at INTEGER,"
  "  ends_at INTEGER,"
  "  venue TEXT,"
  "  capacity INTEGER,"
  "  max_inside INTEGER,"
  "  archived INTEGER NOT NULL DEFAULT 0,"
  "  created_at INTEGER NOT NULL,"
  "  total INTEGER NOT NULL DEFAULT 0,"
  "  scanned INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE INDEX events_organization ON events (organization_id, starts_at);"
  "INSERT INTO events (organization_id, name, starts_at, created_at, total, scanned)"
  " SELECT o.id,"
  "  coalesce ((SELECT value FROM settings WHERE organization_id = o.id AND key = 'event_name'), ''),"
  "  tix_day_start ((SELECT value FROM settings WHERE organization_id = o.id AND key = 'event_date'),"
  "                 (SELECT value FROM settings WHERE organization_id = o.id AND key = 'time_zone')),"
  "  o.created_at, coalesce (c.total, 0), coalesce (c.scanned, 0)"
  " FROM organizations o LEFT JOIN ticket_counts c ON c.organization_id = o.id ORDER BY o.id;"
  "ALTER TABLE tickets ADD COLUMN event_id INTEGER;"
  "UPDATE tickets SET event_id = (SELECT id FROM events WHERE organization_id = tickets.organization_id);"
  "ALTER TABLE ticket_batches ADD COLUMN event_id INTEGER;"
  "UPDATE ticket_batches SET event_id ="
  "  (SELECT id FROM events WHERE organization_id = ticket_batches.organization_id);"
  "DELETE FROM settings WHERE key IN ('event_name', 'event_date', 'current_event_id');"
  "INSERT INTO settings (organization_id, key, value)"
  " SELECT organization_id, 'current_event_id', CAST (id AS TEXT) FROM events;"
  "CREATE INDEX tickets_event ON tickets (organization_id, event_id, seq);"
  "CREATE INDEX tickets_event_scanned ON tickets (organization_id, event_id, seq)"
  "  WHERE scanned_at IS NOT NULL;"
  "CREATE INDEX tickets_event_not_scanned ON tickets (organization_id, event_id, seq)"
  "  WHERE scanned_at IS NULL;"
  "CREATE INDEX tickets_event_generated_at ON tickets (event_id, generated_at);"
  "CREATE INDEX tickets_event_scanned_at ON tickets (event_id, scanned_at)"
  "  WHERE scanned_at IS NOT NULL;",
};
