import type { Database } from 'better-sqlite3';
import type { Migration } from '@casefold/engine/adapter';

/**
 * The schema's history. Append new steps; never edit a released one (files in the field
 * already ran it). Documented in docs/sqlite.md. Migration 2 adds `app_settings`, the
 * settings store's table (JSON text by name).
 */
export const migrations: readonly Migration[] = [
  {
    version: 1,
    description: 'events, stream heads, projections',
    sql: () => `
      CREATE TABLE events (
        position  INTEGER PRIMARY KEY,
        stream_id TEXT    NOT NULL,
        revision  INTEGER NOT NULL,
        event_id  TEXT    NOT NULL,
        type      TEXT    NOT NULL,
        data      TEXT    NOT NULL,
        metadata  TEXT    NOT NULL,
        prev_hash TEXT    NOT NULL,
        hash      TEXT    NOT NULL
      ) STRICT;
      CREATE UNIQUE INDEX events_by_stream ON events (stream_id, revision);
      CREATE TABLE streams (
        stream_id TEXT    PRIMARY KEY,
        revision  INTEGER NOT NULL,
        hash      TEXT    NOT NULL
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE projections (
        name     TEXT    PRIMARY KEY,
        version  INTEGER NOT NULL,
        position INTEGER NOT NULL,
        state    TEXT    NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 2,
    description: 'settings',
    sql: () => `
      CREATE TABLE app_settings (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT, WITHOUT ROWID;
    `,
  },
];

/** Newest schema version this library knows. */
export const latestSchemaVersion: number = migrations[migrations.length - 1]?.version ?? 0;

/** Tables casefold creates; a file that has any of them but no schema version belongs to someone else. */
export const casefoldTables: readonly string[] = ['schema_version', 'events', 'streams', 'projections', 'app_settings'];

/** Names of casefold's tables that already exist in the file. Reads only. */
export const existingCasefoldTables = (db: Database): string[] =>
  db
    .prepare<string[], string>(`SELECT name FROM sqlite_master WHERE type = 'table' AND name IN (${casefoldTables.map(() => '?').join(', ')})`)
    .pluck()
    .all(...casefoldTables);

const SCHEMA_TABLE = `
  CREATE TABLE schema_version (
    version     INTEGER PRIMARY KEY,
    description TEXT NOT NULL,
    applied_at  TEXT NOT NULL
  ) STRICT;
`;

/** Schema version recorded in the file; 0 for a file casefold never wrote to. Reads only. */
export const readSchemaVersion = (db: Database): number => {
  const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'").get();
  if (table === undefined) return 0;
  const row = db.prepare('SELECT max(version) AS version FROM schema_version').get() as { version: number | null };
  return row.version ?? 0;
};

/**
 * Applies the migrations the file lacks, all in one IMMEDIATE transaction, re-reading the
 * version inside it so that processes opening a fresh file at once migrate it exactly once.
 * Returns the version found inside the transaction (the caller re-checks "too new" with it).
 */
export const migrate = (db: Database, steps: readonly Migration[] = migrations): number =>
  db
    .transaction((): number => {
      const found = readSchemaVersion(db);
      if (found === 0) db.exec(SCHEMA_TABLE);
      const record = db.prepare('INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)');
      for (const migration of steps) {
        if (migration.version <= found) continue;
        db.exec(migration.sql('main'));
        record.run(migration.version, migration.description, new Date().toISOString());
      }
      return found;
    })
    .immediate();
