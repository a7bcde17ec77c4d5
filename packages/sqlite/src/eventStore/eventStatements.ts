import type { Database, Statement } from 'better-sqlite3';

/**
 * Columns of an event row in the order every read statement returns them (raw arrays,
 * so reading allocates no per-row key objects).
 */
export const EVENT_COLUMNS = 'position, stream_id, revision, event_id, type, data, metadata, prev_hash, hash';

/** An event row as the read statements return it, in {@link EVENT_COLUMNS} order. */
export type EventRow = [
  position: number,
  streamId: string,
  revision: number,
  eventId: string,
  type: string,
  data: string,
  metadata: string,
  prevHash: string,
  hash: string,
];

/** A stream's head row: `[revision, hash]`. */
export type HeadRow = [revision: number, hash: string];

/** The prepared statements of the event store, prepared once per connection. */
export interface EventStatements {
  readonly head: Statement<[string], HeadRow>;
  readonly insertEvent: Statement<[string, number, string, string, string, string, string, string]>;
  readonly insertHead: Statement<[string, number, string]>;
  readonly updateHead: Statement<[number, string, string]>;
  /** `(afterPosition, limit)` → rows with position > afterPosition, in position order. */
  readonly readAll: Statement<[number | bigint, number], EventRow>;
  /** `(streamId, fromRevision, limit)` → rows with revision ≥ fromRevision, ascending. */
  readonly readForwards: Statement<[string, number | bigint, number], EventRow>;
  /** `(streamId, fromRevision, limit)` → rows with revision ≤ fromRevision, descending. */
  readonly readBackwards: Statement<[string, number | bigint, number], EventRow>;
}

/** Prepares {@link EventStatements} on a migrated database. */
export const prepareEventStatements = (db: Database): EventStatements => ({
  head: db.prepare<[string], HeadRow>('SELECT revision, hash FROM streams WHERE stream_id = ?').raw(true),
  insertEvent: db.prepare(
    'INSERT INTO events (stream_id, revision, event_id, type, data, metadata, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  ),
  insertHead: db.prepare('INSERT INTO streams (stream_id, revision, hash) VALUES (?, ?, ?)'),
  updateHead: db.prepare('UPDATE streams SET revision = ?, hash = ? WHERE stream_id = ?'),
  readAll: db
    .prepare<[number | bigint, number], EventRow>(`SELECT ${EVENT_COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?`)
    .raw(true),
  readForwards: db
    .prepare<[string, number | bigint, number], EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision LIMIT ?`,
    )
    .raw(true),
  readBackwards: db
    .prepare<[string, number | bigint, number], EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ? AND revision <= ? ORDER BY revision DESC LIMIT ?`,
    )
    .raw(true),
});
