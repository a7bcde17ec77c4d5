import type { Database } from 'better-sqlite3';
import type { ReadModelPositions } from '@casefold/engine';
import { toStoreError } from '../database/sqliteErrors.js';

/** The furthest checkpoint's read model and position, how many are past the last position, and the last position. */
type PositionsRow = [readModel: string, position: bigint, ahead: bigint, lastPosition: bigint];

/**
 * The furthest read model checkpoint of the `projections` table (document and row projections),
 * beside the last position: one statement, so one snapshot (a read model's commit follows the
 * commits of the events it folded, so in one snapshot none is past the last event). The last
 * position is the primary key's maximum; the projections table holds one row per read model.
 */
const POSITIONS_SQL = `
  WITH last AS (SELECT coalesce(max(position), 0) AS position FROM events)
  SELECT p.name, p.position, (SELECT count(*) FROM projections a WHERE a.position > last.position), last.position
  FROM projections p, last
  ORDER BY p.position DESC, p.name
  LIMIT 1`;

/** Options of {@link readModelPositions}. */
export interface ReadModelPositionsOptions {
  readonly db: Database;
  readonly fileName: string;
  /** Throws StoreClosedError when the store was closed. */
  readonly ensureOpen: (operation: string) => void;
}

const OPERATION = "compare the read models' checkpoints with the last position";

/**
 * The SQLite store's `readReadModelPositions` (the engine's `ReadModelPositionSource`): the
 * furthest checkpoint of the read models kept in the same file, and the last position.
 */
export const readModelPositions = ({ db, fileName, ensureOpen }: ReadModelPositionsOptions): (() => Promise<ReadModelPositions | null>) => {
  const query = db.prepare<[], PositionsRow>(POSITIONS_SQL).raw(true).safeIntegers(true);
  return async () => {
    let row: PositionsRow | undefined;
    try {
      ensureOpen(OPERATION);
      row = query.get();
    } catch (e) {
      throw toStoreError(e, OPERATION, fileName);
    }
    if (row === undefined) return null;
    const [readModel, position, ahead, lastPosition] = row;
    return { readModel, position, ahead: Number(ahead), lastPosition };
  };
};
