import type { Migration } from '@casefold/engine/adapter';

/**
 * The schema's history. Append new steps; never edit a released one (databases in the field
 * already ran it). Documented in docs/postgres.md.
 *
 * - `events`: one row per event. `position` is the primary key (see positions.ts); the
 *   unique `(stream_id, revision)` index is both the stream head (its last entry) and the
 *   optimistic-concurrency check of an append. `data` and `metadata` are `json` (exact text,
 *   validated, queryable with `->`), not `jsonb` (which rejects `\u0000` and reorders keys).
 * - `projections`: read model state and checkpoint of each projection in one row, so both
 *   commit in one statement.
 * - migration 2 widens `projections.version` to `bigint`, as SQLite's INTEGER already is.
 * - `settings`: the position base (raised only when a restored database lags its events).
 * - migration 3 adds `app_settings`, the settings store's table (JSON by name), as SQLite's migration 2 does.
 */
export const migrations: readonly Migration[] = [
  {
    version: 1,
    description: 'events, projections, settings',
    sql: (s) => `
      CREATE TABLE ${s}.events (
        position  bigint PRIMARY KEY,
        stream_id text   NOT NULL,
        revision  bigint NOT NULL,
        event_id  text   NOT NULL,
        type      text   NOT NULL,
        data      json   NOT NULL,
        metadata  json   NOT NULL,
        prev_hash text   NOT NULL,
        hash      text   NOT NULL,
        CONSTRAINT events_stream_revision UNIQUE (stream_id, revision),
        CONSTRAINT events_revision_not_negative CHECK (revision >= 0)
      );
      CREATE TABLE ${s}.projections (
        name       text        PRIMARY KEY,
        version    integer     NOT NULL,
        position   bigint      NOT NULL,
        state      json        NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE ${s}.settings (
        key   text   PRIMARY KEY,
        value bigint NOT NULL
      );
      INSERT INTO ${s}.settings (key, value) VALUES ('position_base', 0);
    `,
  },
  {
    version: 2,
    description: 'projection versions as bigint (a version may be any safe integer, e.g. a 32-bit hash)',
    sql: (s) => `ALTER TABLE ${s}.projections ALTER COLUMN version TYPE bigint;`,
  },
  {
    version: 3,
    description: 'settings',
    sql: (s) => `
      CREATE TABLE ${s}.app_settings (
        key   text PRIMARY KEY,
        value json NOT NULL
      );
    `,
  },
];

/** Newest schema version this library knows. */
export const latestSchemaVersion: number = migrations[migrations.length - 1]?.version ?? 0;
