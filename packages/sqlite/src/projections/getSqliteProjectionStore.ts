import type { Database } from 'better-sqlite3';
import { ProjectionConflictError } from '@casefold/engine';
import { projectionRecordOf, projectionStateJsonOf, rowProjectionMarkerOf, takenByRowProjectionError } from '@casefold/engine/adapter';
import type { ProjectionStore, StoredProjection } from '@casefold/engine';
import { runOn } from '../database/sqliteErrors.js';
import { readModelCommit } from './readModelCommit.js';

type ProjectionRow = [version: bigint, position: bigint, state: string];

/**
 * The {@link ProjectionStore} on a migrated casefold SQLite database: one row per projection
 * holding version, checkpoint position and state (JSON text), so a commit writes read model
 * and checkpoint in one statement of one IMMEDIATE transaction. The condition on the
 * expected position is checked inside that transaction, so two runners (even in two
 * processes) cannot both commit from the same checkpoint. In WAL mode a commit runs at
 * `synchronous = NORMAL` whatever the database's level ({@link readModelCommit}): atomic, not
 * durable on its own; the state is derived from the events, which keep their level.
 *
 * @param checkFile Called before and after every write; throws to refuse it (the event store
 *   passes its check that the file was not deleted or replaced). None by default.
 */
export const getSqliteProjectionStore = (db: Database, checkFile: () => void = () => {}): ProjectionStore => {
  // Checkpoints are bigints and may exceed 2^53: read them as such (one row per call, so the cost is nil).
  const select = db.prepare<[string], ProjectionRow>('SELECT version, position, state FROM projections WHERE name = ?').raw(true).safeIntegers(true);
  // The position, and whether the record is a row projection's (its state the marker given): no state read into JavaScript per commit.
  const selectPosition = db.prepare<[string, string], [position: bigint, rowProjection: bigint]>('SELECT position, state = ? FROM projections WHERE name = ?').raw(true).safeIntegers(true);
  const upsert = db.prepare<[string, number, bigint, string]>(
    `INSERT INTO projections (name, version, position, state) VALUES (?, ?, ?, ?)
     ON CONFLICT (name) DO UPDATE SET version = excluded.version, position = excluded.position, state = excluded.state`,
  );
  const removeRecord = db.prepare<[string]>('DELETE FROM projections WHERE name = ?');

  const run = <T>(operation: string, work: () => T): T => runOn(db, operation, work);
  const relaxed = readModelCommit(db);

  /** The stored position of `name`, `null` if none. @throws RowModelError for a row projection's record. */
  const positionOf = (name: string): bigint | null => {
    const found = selectPosition.get(rowProjectionMarkerOf(name), name);
    if (found === undefined) return null;
    if (found[1] === 1n) throw takenByRowProjectionError(name);
    return found[0];
  };

  const commit = db.transaction((stored: StoredProjection, state: string, expectedPosition: bigint | null): void => {
    const actual = positionOf(stored.name);
    if (actual !== expectedPosition) throw new ProjectionConflictError(stored.name, expectedPosition, actual);
    upsert.run(stored.name, stored.version, stored.position, state);
  });

  const remove = db.transaction((name: string): void => {
    positionOf(name);
    removeRecord.run(name);
  });

  return {
    load: async (name) =>
      run(`load projection '${name}'`, () => {
        const row = select.get(name);
        if (row === undefined) return null;
        if (row[2] === rowProjectionMarkerOf(name)) throw takenByRowProjectionError(name);
        return projectionRecordOf(name, row[0], row[1], row[2]);
      }),
    commit: async (stored, expectedPosition) => {
      const state = projectionStateJsonOf(stored);
      run(`commit projection '${stored.name}'`, () => {
        checkFile();
        relaxed(() => commit.immediate(stored, state, expectedPosition));
        checkFile();
      });
    },
    delete: async (name) => {
      run(`delete projection '${name}'`, () => {
        checkFile();
        remove.immediate(name);
        checkFile();
      });
    },
  };
};
