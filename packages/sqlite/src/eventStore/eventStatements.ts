import type { Database, Statement } from 'better-sqlite3';

/**
 * Columns of an event row in the order every read statement returns them (raw arrays,
 * so reading allocates no per-row key objects). Integers come back as bigints
 * (`safeIntegers`): exact beyond 2^53 and, measured, no slower than numbers plus `BigInt()`.
 */
export const EVENT_COLUMNS = 'position, stream_id, revision, event_id, type, data, metadata, prev_hash, hash';

/** An event row as the read statements return it, in {@link EVENT_COLUMNS} order. */
export type EventRow = [
  position: bigint,
  streamId: string,
  revision: bigint,
  eventId: string,
  type: string,
  data: string,
  metadata: string,
  prevHash: string,
  hash: string,
];

/** A stream's head row: `[revision, hash]`. */
export type HeadRow = [revision: bigint, hash: string];

/** The prepared statements of the event store, prepared once per connection. */
export interface EventStatements {
  readonly head: Statement<[string], HeadRow>;
  readonly insertEvent: Statement<[string, bigint, string, string, string, string, string, string]>;
  readonly insertHead: Statement<[string, bigint, string]>;
  readonly updateHead: Statement<[bigint, string, string]>;
  /** `(afterPosition, limit)` → rows with position > afterPosition, in position order. */
  readonly readAll: Statement<[bigint, number], EventRow>;
  /** `(streamId, fromRevision, limit)` → rows with revision ≥ fromRevision, ascending. */
  readonly readForwards: Statement<[string, bigint, number], EventRow>;
  /** `(streamId, fromRevision, limit)` → rows with revision ≤ fromRevision, descending. */
  readonly readBackwards: Statement<[string, bigint, number], EventRow>;
}

/** Prepares {@link EventStatements} on a migrated database. */
export const prepareEventStatements = (db: Database): EventStatements => ({
  head: db.prepare<[string], HeadRow>('SELECT revision, hash FROM streams WHERE stream_id = ?').raw(true).safeIntegers(true),
  insertEvent: db
    .prepare<[string, bigint, string, string, string, string, string, string]>(
      'INSERT INTO events (stream_id, revision, event_id, type, data, metadata, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    )
    .safeIntegers(true),
  insertHead: db.prepare('INSERT INTO streams (stream_id, revision, hash) VALUES (?, ?, ?)'),
  updateHead: db.prepare('UPDATE streams SET revision = ?, hash = ? WHERE stream_id = ?'),
  readAll: db
    .prepare<[number | bigint, number], EventRow>(`SELECT ${EVENT_COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?`)
    .raw(true)
    .safeIntegers(true),
  readForwards: db
    .prepare<[string, bigint, number], EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision LIMIT ?`,
    )
    .raw(true)
    .safeIntegers(true),
  readBackwards: db
    .prepare<[string, bigint, number], EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ? AND revision <= ? ORDER BY revision DESC LIMIT ?`,
    )
    .raw(true)
    .safeIntegers(true),
});
