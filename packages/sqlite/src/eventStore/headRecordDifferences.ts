import type { Database } from 'better-sqlite3';
import type { HeadRecordDifference } from '@casefold/engine';
import type { StreamHead } from '@casefold/engine/adapter';
import { toStoreError } from '../database/sqliteErrors.js';

/** A row of the differences query: stream id, recorded revision and hash, last stored revision and hash (`null` where absent). */
type DifferenceRow = [streamId: string, recordedRevision: bigint | null, recordedHash: string | null, storedRevision: bigint | null, storedHash: string | null];

/**
 * Streams after a stream id whose `streams` row is not their last event: a row beside the
 * last event (both `null` when the stream has none), and the last event of every stream that
 * has events but no row. One statement: both sides are read in one snapshot, and an append
 * writes both in one transaction, so one in progress never shows. Index searches only (the
 * last event by `events_by_stream`, the row by its key); the stream ids of events without a
 * row come from the covering index.
 */
const DIFFERENCES_SQL = `
  SELECT stream_id, recorded_revision, recorded_hash, stored_revision, stored_hash FROM (
    SELECT s.stream_id, s.revision AS recorded_revision, s.hash AS recorded_hash, e.revision AS stored_revision, e.hash AS stored_hash
    FROM streams s
    LEFT JOIN events e ON e.stream_id = s.stream_id AND e.revision = (SELECT max(m.revision) FROM events m WHERE m.stream_id = s.stream_id)
    WHERE s.stream_id > @after
    UNION ALL
    SELECT e.stream_id, NULL, NULL, e.revision, e.hash
    FROM (SELECT DISTINCT stream_id FROM events WHERE stream_id > @after AND stream_id NOT IN (SELECT stream_id FROM streams)) d
    JOIN events e ON e.stream_id = d.stream_id AND e.revision = (SELECT max(m.revision) FROM events m WHERE m.stream_id = d.stream_id)
  )
  WHERE recorded_revision IS NOT stored_revision OR recorded_hash IS NOT stored_hash
  ORDER BY stream_id
  LIMIT @limit`;

const headOf = (revision: bigint | null, hash: string | null): StreamHead | null => (revision === null || hash === null ? null : { revision, hash });

/** Options of {@link headRecordDifferences}. */
export interface HeadRecordDifferencesOptions {
  readonly db: Database;
  readonly fileName: string;
  /** Rows per query. */
  readonly pageSize: number;
  /** Throws StoreClosedError when the store was closed. */
  readonly ensureOpen: (operation: string) => void;
}

const OPERATION = 'compare the streams table with the events';

/**
 * The SQLite store's `readHeadRecordDifferences` (the engine's `HeadRecordSource`): every
 * stream whose `streams` row (the head its appends build on) is not its last stored event, in
 * stream id order, a page of `pageSize` streams per query.
 */
export const headRecordDifferences = ({ db, fileName, pageSize, ensureOpen }: HeadRecordDifferencesOptions): (() => AsyncIterable<HeadRecordDifference>) => {
  const query = db.prepare<[{ readonly after: string; readonly limit: number }], DifferenceRow>(DIFFERENCES_SQL).raw(true).safeIntegers(true);
  return async function* differences(): AsyncIterable<HeadRecordDifference> {
    let after = '';
    for (;;) {
      let rows: DifferenceRow[];
      try {
        ensureOpen(OPERATION);
        rows = query.all({ after, limit: pageSize });
      } catch (e) {
        throw toStoreError(e, OPERATION, fileName);
      }
      for (const [streamId, recordedRevision, recordedHash, storedRevision, storedHash] of rows) {
        yield { streamId, recorded: headOf(recordedRevision, recordedHash), stored: headOf(storedRevision, storedHash) };
      }
      if (rows.length < pageSize) return;
      after = rows[rows.length - 1]![0];
    }
  };
};
