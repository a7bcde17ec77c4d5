import { ProjectionConflictError } from '@casefold/engine';
import { projectionRecordOf, projectionStateJsonOf, rowProjectionMarkerOf, takenByRowProjectionError } from '@casefold/engine/adapter';
import type { ProjectionStore, StoredProjection } from '@casefold/engine';
import type { Statement } from '../database/openDatabase.js';
import type { StoreContext } from '../eventStore/storeContext.js';

/**
 * The {@link ProjectionStore} on a casefold PostgreSQL schema: one row per projection holding
 * version, checkpoint position and state (`json`), so read model and checkpoint commit in one
 * statement, hence one transaction. The commit is conditional on the expected position inside
 * that statement (an `UPDATE … WHERE position = $expected`, or an insert that must not find a
 * row), so two runners, even in two processes, cannot both commit from the same checkpoint. A
 * row projection's record (its state marking its rows' table, see `rowProjectionMarkerOf`) is
 * refused by load, commit and delete with `RowModelError`, compared in SQL: a document
 * projection of the same name neither reads the marker as its state nor overwrites or deletes
 * the row projection's checkpoint.
 */
export const getPostgresProjectionStore = (context: Pick<StoreContext, 'db' | 'quoted' | 'tag'>): ProjectionStore => {
  const { db, quoted, tag } = context;
  const statement = (suffix: string, text: string): Statement => ({ name: `casefold_projection_${suffix}_${tag}`, text });
  const load = statement('load', `SELECT version, position, state FROM ${quoted}.projections WHERE name = $1`);
  // The position, and whether the record is a row projection's ($2 its marker).
  const position = statement('position', `SELECT position, state::text = $2 FROM ${quoted}.projections WHERE name = $1`);
  const insert = statement(
    'insert',
    `INSERT INTO ${quoted}.projections (name, version, position, state) VALUES ($1, $2, $3, $4)
     ON CONFLICT (name) DO NOTHING RETURNING 1`,
  );
  const update = statement(
    'update',
    `UPDATE ${quoted}.projections SET version = $2, position = $3, state = $4, updated_at = now()
     WHERE name = $1 AND position = $5 AND state::text <> $6 RETURNING 1`,
  );
  // Deletes a document projection's record; answers whether the name is a row projection's (then nothing was deleted).
  const remove = statement(
    'delete',
    `WITH removed AS (DELETE FROM ${quoted}.projections WHERE name = $1 AND state::text <> $2 RETURNING 1)
     SELECT EXISTS (SELECT FROM ${quoted}.projections WHERE name = $1 AND state::text = $2)`,
  );

  const commit = async (stored: StoredProjection, expectedPosition: bigint | null): Promise<void> => {
    const state = projectionStateJsonOf(stored);
    const operation = `commit projection '${stored.name}'`;
    const values = [stored.name, stored.version, stored.position.toString(), state];
    const marker = rowProjectionMarkerOf(stored.name);
    const rows = expectedPosition === null ? await db.query(operation, insert, values) : await db.query(operation, update, [...values, expectedPosition.toString(), marker]);
    if (rows.length === 1) return;
    const [found] = await db.query(operation, position, [stored.name, marker]);
    if (found?.[1] === 't') throw takenByRowProjectionError(stored.name);
    throw new ProjectionConflictError(stored.name, expectedPosition, found === undefined ? null : BigInt(found[0] ?? '0'));
  };

  return {
    load: async (name): Promise<StoredProjection | null> => {
      const [row] = await db.query(`load projection '${name}'`, load, [name]);
      if (row === undefined) return null;
      if (row[2] === rowProjectionMarkerOf(name)) throw takenByRowProjectionError(name);
      return projectionRecordOf(name, row[0] ?? '', row[1] ?? '0', row[2] ?? 'null');
    },
    commit,
    delete: async (name): Promise<void> => {
      const [rowProjection] = await db.query(`delete projection '${name}'`, remove, [name, rowProjectionMarkerOf(name)]);
      if (rowProjection?.[0] === 't') throw takenByRowProjectionError(name);
    },
  };
};
