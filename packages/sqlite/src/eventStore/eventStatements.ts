import type { Database, Statement } from 'better-sqlite3';
import { EVENT_COLUMNS } from '@casefold/engine/adapter';
import type { EventRowOf } from '@casefold/engine/adapter';

/**
 * An event row as the read statements return it, in the engine's `EVENT_COLUMNS` order (raw
 * arrays, so reading allocates no per-row key objects). Integers come back as bigints
 * (`safeIntegers`): exact beyond 2^53 and, measured, no slower than numbers plus `BigInt()`.
 */
export type EventRow = EventRowOf<bigint>;

/** A stream's head row: `[revision, hash]`. */
export type HeadRow = [revision: bigint, hash: string];

/**
 * A read query prepared twice: with the page size written into the SQL (`LIMIT 1000`) for
 * full pages, and with a bound `LIMIT ?` for a shorter last page (a `maxCount`). Measured
 * here, a bound LIMIT costs about 8 µs more per query, a third of loading a small stream.
 */
export type PagedQuery<A extends unknown[]> = (limit: number, ...args: A) => EventRow[];

const pagedQuery = <A extends unknown[]>(db: Database, sql: string, pageSize: number): PagedQuery<A> => {
  const full = db.prepare<unknown[], EventRow>(`${sql} LIMIT ${pageSize}`).raw(true).safeIntegers(true);
  const short = db.prepare<unknown[], EventRow>(`${sql} LIMIT ?`).raw(true).safeIntegers(true);
  return (limit, ...args) => (limit === pageSize ? full.all(...args) : short.all(...args, limit));
};

/** The prepared statements of the event store, prepared once per connection. */
export interface EventStatements {
  readonly head: Statement<[string], HeadRow>;
  readonly insertEvent: Statement<[string, bigint, string, string, string, string, string, string]>;
  readonly insertHead: Statement<[string, bigint, string]>;
  readonly updateHead: Statement<[bigint, string, string]>;
  /** `(limit, afterPosition)` → rows with position > afterPosition, in position order. */
  readonly readAll: PagedQuery<[bigint]>;
  /** `(limit, afterPosition, prefix, prefix)` → the same, of the streams whose id starts with `prefix`. */
  readonly readAllUnder: PagedQuery<[bigint, string, string]>;
  /** `(limit, streamId, fromRevision)` → rows with revision ≥ fromRevision, ascending. */
  readonly readForwards: PagedQuery<[string, bigint]>;
  /** `(limit, streamId, fromRevision)` → rows with revision ≤ fromRevision, descending. */
  readonly readBackwards: PagedQuery<[string, bigint]>;
  /** The newest position, `null` in an empty store. */
  readonly lastPosition: Statement<[], bigint | null>;
  /** `(prefix, prefix)` → the newest position of the streams whose id starts with `prefix`, `undefined` when they have none. */
  readonly lastPositionUnder: Statement<[string, string], bigint>;
}

/** Prepares {@link EventStatements} on a migrated database; full read pages have `pageSize` rows. */
export const prepareEventStatements = (db: Database, pageSize: number): EventStatements => ({
  head: db.prepare<[string], HeadRow>('SELECT revision, hash FROM streams WHERE stream_id = ?').raw(true).safeIntegers(true),
  insertEvent: db
    .prepare<[string, bigint, string, string, string, string, string, string]>(
      'INSERT INTO events (stream_id, revision, event_id, type, data, metadata, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    )
    .safeIntegers(true),
  insertHead: db.prepare('INSERT INTO streams (stream_id, revision, hash) VALUES (?, ?, ?)'),
  updateHead: db.prepare('UPDATE streams SET revision = ?, hash = ? WHERE stream_id = ?'),
  readAll: pagedQuery(db, `SELECT ${EVENT_COLUMNS} FROM events WHERE position > ? ORDER BY position`, pageSize),
  // A prefix compared exactly: `substr` and `length` both count characters (no LIKE/GLOB
  // wildcards, no case folding). The scan runs by position, newest first for the last position.
  readAllUnder: pagedQuery(db, `SELECT ${EVENT_COLUMNS} FROM events WHERE position > ? AND substr(stream_id, 1, length(?)) = ? ORDER BY position`, pageSize),
  readForwards: pagedQuery(db, `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision`, pageSize),
  readBackwards: pagedQuery(db, `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ? AND revision <= ? ORDER BY revision DESC`, pageSize),
  lastPosition: db.prepare<[], bigint | null>('SELECT max(position) FROM events').pluck(true).safeIntegers(true),
  lastPositionUnder: db.prepare<[string, string], bigint>('SELECT position FROM events WHERE substr(stream_id, 1, length(?)) = ? ORDER BY position DESC LIMIT 1').pluck(true).safeIntegers(true),
});
