import { createHash } from 'node:crypto';
import type { Column, Row, RowGroupCount, RowPage, RowQuery, RowValue } from '@casefold/core';
import { ProjectionConflictError, type RowCheckpoint, type RowModel, type RowModelError, type RowProjectionStore } from '@casefold/engine';
import {
  checkKeys,
  MAX_ROW_INTEGER,
  missingRowTableError,
  checkRowCheckpoint,
  checkRowCommit,
  checkRowModel,
  checkRowQuery,
  nextCursor,
  otherRowColumnsError,
  otherRowKeyOrIndexesError,
  rowKeyAndIndexesDifferences,
  rowProjectionMarkerOf,
  rowSql,
  sameNameIgnoringCaseError,
  takenByDocumentProjectionError,
  unsafeStoredIntegerError,
  type RowSql,
  type RowSqlDialect,
} from '@casefold/engine/adapter';
import type { Statement, TextRow } from '../database/openDatabase.js';
import type { StoreContext } from '../eventStore/storeContext.js';

/** A model's SQL and the statements of its commits and reads. */
interface Prepared {
  readonly table: object;
  readonly sql: RowSql;
  readonly commit: Statement;
  readonly select: Statement;
  /** Reads a row of text values back into the row's types. @throws RowModelError for an integer that is not a safe integer. */
  readonly rowOf: (values: TextRow) => Row;
}

/** How the PostgreSQL row store spells its tables (in the schema `quoted`), types and parameters (exported for the query-plan tests). */
export const postgresRowDialect = (quoted: string): RowSqlDialect => ({
  table: (name) => `${quoted}."rows_${name}"`,
  index: (name, index) => `"rows_${name}__${index}"`,
  columnType: (column) => (column.type === 'integer' ? 'bigint' : 'text COLLATE "C"'),
  parameter: (i) => `$${i}`,
  tableOptions: '',
});

/** A statement named after its text (PostgreSQL prepares it once per connection). */
const named = (text: string): Statement => ({ name: `casefold_rows_${createHash('sha256').update(text).digest('hex').slice(0, 32)}`, text });

/**
 * The {@link RowProjectionStore} on a casefold PostgreSQL schema: each row projection's rows in a
 * table of their own (`rows_<name>`, text columns in the "C" collation so that they sort by code
 * point as SQLite does) with its declared indexes, its checkpoint in the `projections` table beside
 * the document projections'. A commit is one statement (so one transaction): it moves the
 * checkpoint only if it is at the expected position, and upserts (from arrays, `unnest`) and
 * deletes the batch's rows only if it did; two runners, even in two processes, cannot both commit
 * from one checkpoint, nor commit over the checkpoint of another version. A reset locks the
 * checkpoint, drops and creates the table in one transaction (PostgreSQL's DDL is transactional);
 * it refuses a name equal to another row projection's ignoring case, as SQLite must (one name on every store).
 * A table whose columns, key or indexes are not the definition's (read from the catalog the first
 * time a store uses a definition, and again when an operation on it fails) is refused with
 * `RowModelError`.
 */
export const getPostgresRowProjectionStore = (context: Pick<StoreContext, 'db' | 'quoted' | 'tag'>): RowProjectionStore => {
  const { db, quoted, tag } = context;
  const dialect = postgresRowDialect(quoted);
  const statement = (suffix: string, text: string): Statement => ({ name: `casefold_rowcp_${suffix}_${tag}`, text });
  const loadCheckpoint = statement('load', `SELECT version, position, state FROM ${quoted}.projections WHERE name = $1`);
  // Each column's name, type as the dialect spells it (text with its collation) and whether it is NOT NULL; no rows if the table does not exist.
  const columnsOf = statement(
    'columns',
    `SELECT a.attname, format_type(a.atttypid, a.atttypmod) || CASE WHEN a.attcollation = 0 THEN '' ELSE ' COLLATE "' || c.collname || '"' END, a.attnotnull
     FROM pg_catalog.pg_attribute a LEFT JOIN pg_catalog.pg_collation c ON c.oid = a.attcollation
     WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped`,
  );
  // Each index's name, whether it is the primary key's, and its columns in order (space-separated: the names are identifiers).
  const indexesOf = statement(
    'indexes',
    `SELECT c.relname, i.indisprimary,
            (SELECT string_agg(a.attname, ' ' ORDER BY k.n) FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, n)
             JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum)
     FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class c ON c.oid = i.indexrelid
     WHERE i.indrelid = to_regclass($1)`,
  );

  const prepared = new Map<string, Prepared>();

  const prepare = (model: RowModel): Prepared => {
    const sql = rowSql(model, dialect);
    const { key, columns: types } = model.table;
    const table = dialect.table(model.name);
    const columns = sql.columns.map((c) => `"${c}"`);
    const arrays = sql.columns.map((c, i) => `$${i + 5}::${(types[c] as Column).type === 'integer' ? 'bigint' : 'text'}[]`);
    const removedAt = sql.columns.length + 5;
    const markerAt = removedAt + 1;
    // $1 name, $2 version, $3 position, $4 expected position, $5… one array per column, then the removed keys, then the row projection's marker.
    // Only a checkpoint of this row projection, at the expected position and of this version, moves; the stored one is returned as it was before.
    const commit = named(
      `WITH checkpoint AS (UPDATE ${quoted}.projections SET position = $3, updated_at = now() WHERE name = $1 AND position = $4 AND version = $2 AND state::text = $${markerAt} RETURNING 1),
       put AS (INSERT INTO ${table} (${columns.join(', ')}) SELECT * FROM unnest(${arrays.join(', ')}) WHERE EXISTS (SELECT FROM checkpoint)
               ON CONFLICT ("${key}") DO UPDATE SET ${columns
                 .filter((c) => c !== `"${key}"`)
                 .map((c) => `${c} = excluded.${c}`)
                 .join(', ')} RETURNING 1),
       removed AS (DELETE FROM ${table} WHERE "${key}" = ANY($${removedAt}::text[]) AND EXISTS (SELECT FROM checkpoint) RETURNING 1)
       SELECT (SELECT count(*) FROM checkpoint), stored.position, stored.version, stored.state::text = $${markerAt}
       FROM (VALUES (1)) AS one LEFT JOIN ${quoted}.projections AS stored ON stored.name = $1`,
    );
    const integers = sql.columns.map((c) => (types[c] as Column).type === 'integer');
    const keyAt = sql.columns.indexOf(key);
    // An int8 beyond 2^53 (written behind the store's back: a commit refuses one) would be read rounded: refused, with its exact text.
    const integerOf = (text: string, column: string, values: TextRow): number => {
      const value = Number(text);
      if (!Number.isSafeInteger(value)) throw unsafeStoredIntegerError(model.name, values[keyAt] ?? null, column, text);
      return value;
    };
    const rowOf = (values: TextRow): Row =>
      Object.fromEntries(sql.columns.map((c, i) => [c, values[i] === null || values[i] === undefined ? null : integers[i] ? integerOf(values[i]!, c, values) : values[i]!]));
    return { table: model.table, sql, commit, select: named(`SELECT ${columns.join(', ')} FROM ${table} WHERE "${key}" = ANY($1::text[])`), rowOf };
  };

  const checkpointOf = async (name: string, operation: string): Promise<RowCheckpoint | null> => {
    const [row] = await db.query(operation, loadCheckpoint, [name]);
    if (row === undefined) return null;
    if (row[2] !== rowProjectionMarkerOf(name)) throw takenByDocumentProjectionError(name);
    return { name, version: Number(row[0]), position: BigInt(row[1] ?? '0') };
  };

  /**
   * Whether the model's table exists, and if so whether it is the model's: exactly its columns,
   * each of its type (text in the "C" collation) and nullability, then its key and indexes (each
   * declared index's columns in order, no index named like a declared one that the model lacks);
   * a table that is not is answered with the refusal to throw.
   */
  const tableOf = async (model: RowModel, operation: string): Promise<'missing' | 'matches' | RowModelError> => {
    const table = dialect.table(model.name);
    const stored = await db.query(operation, columnsOf, [table]);
    if (stored.length === 0) return 'missing';
    const { columns } = model.table;
    const columnsMatch =
      stored.length === Object.keys(columns).length &&
      stored.every(([name, type, notNull]) => {
        const column = name !== null && name !== undefined && Object.hasOwn(columns, name) ? columns[name] : undefined;
        return column !== undefined && type === dialect.columnType(column) && notNull === (column.nullable === true ? 'f' : 't');
      });
    if (!columnsMatch) return otherRowColumnsError(model.name, await checkpointOf(model.name, operation));
    let key: readonly string[] = [];
    const indexes = new Map<string, readonly string[]>();
    for (const [name, primary, indexed] of await db.query(operation, indexesOf, [table])) {
      const names = indexed === null || indexed === undefined ? [] : indexed.split(' ');
      if (primary === 't') key = names;
      else indexes.set(name ?? '', names);
    }
    const differences = rowKeyAndIndexesDifferences(model, dialect, { key, indexes });
    return differences.length === 0 ? 'matches' : otherRowKeyOrIndexesError(model.name, await checkpointOf(model.name, operation), differences);
  };

  /**
   * The model's statements, or `null` when its table does not exist and no checkpoint is stored
   * (never reset, or deleted); a table missing beside its checkpoint (dropped behind the store's
   * back), or one whose columns, key or indexes are not the model's, is refused with `RowModelError`.
   */
  const statementsOf = async (model: RowModel, operation: string): Promise<Prepared | null> => {
    const known = prepared.get(model.name);
    if (known !== undefined && known.table === model.table) return known;
    // Once per definition and store: a table of other columns, another key or other indexes is refused before anything is read from it (a read of fewer columns would succeed, one by another key would find other rows).
    const table = await tableOf(model, operation);
    if (table === 'missing') {
      if ((await checkpointOf(model.name, operation)) !== null) throw missingRowTableError(model.name);
      return null;
    }
    if (table !== 'matches') throw table;
    const fresh = prepare(model);
    prepared.set(model.name, fresh);
    return fresh;
  };

  /**
   * Runs an operation on a model's rows. Statements prepared before its table was dropped behind
   * the store's back fail ("relation does not exist"): then they are forgotten and the operation
   * runs once more, answered as by a store that never prepared them (a failed commit wrote nothing).
   * An operation that fails on a table whose columns, key or indexes are not the model's (another
   * version of the projection, started on this schema since, rebuilt it: "column does not exist")
   * is refused with `RowModelError`.
   */
  const onRows = async <T>(model: RowModel, operation: string, work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      const table = await tableOf(model, operation);
      if (table !== 'missing' && table !== 'matches') throw table;
      if (table === 'matches' || !prepared.has(model.name)) throw error;
      prepared.delete(model.name);
      return work();
    }
  };

  return {
    load: (name) => checkpointOf(name, `load row projection '${name}'`),

    reset: async (model, version, expectedPosition) => {
      checkRowModel(model);
      checkRowCheckpoint(model, version, 0n, null);
      const operation = `reset row projection '${model.name}'`;
      const sql = rowSql(model, dialect);
      prepared.delete(model.name);
      await db.withSession(operation, async (session) => {
        await session.command(operation, 'BEGIN');
        try {
          // Names equal ignoring case are one name, as on SQLite (whose table names ignore case): another row projection's is refused. Resets of
          // names equal ignoring case wait for one another (a lock until COMMIT), so that two cannot both find the name free.
          await session.query(operation, { text: 'SELECT pg_advisory_xact_lock(hashtextextended($1, 0))' }, [`casefold row projection ${quoted}.${model.name.toLowerCase()}`]);
          const sameName = await session.query(operation, { text: `SELECT name, state::text FROM ${quoted}.projections WHERE lower(name) = lower($1) AND name <> $1` }, [model.name]);
          const other = sameName.find(([name, state]) => name !== null && name !== undefined && state === rowProjectionMarkerOf(name));
          if (other !== undefined) throw sameNameIgnoringCaseError(model.name, other[0] as string);
          // Take the checkpoint (locked until COMMIT) only if it is this row projection's and where the caller expects it.
          const marker = rowProjectionMarkerOf(model.name);
          const taken =
            expectedPosition === null
              ? await session.query(operation, { text: `INSERT INTO ${quoted}.projections (name, version, position, state) VALUES ($1, $2, 0, $3) ON CONFLICT (name) DO NOTHING RETURNING 1` }, [
                  model.name,
                  version,
                  marker,
                ])
              : await session.query(
                  operation,
                  { text: `UPDATE ${quoted}.projections SET version = $2, position = 0, updated_at = now() WHERE name = $1 AND position = $4 AND state::text = $3 RETURNING 1` },
                  [model.name, version, marker, expectedPosition.toString()],
                );
          if (taken.length !== 1) {
            const [found] = await session.query(operation, { text: `SELECT position, state::text = $2 FROM ${quoted}.projections WHERE name = $1` }, [model.name, marker]);
            if (found !== undefined && found[1] !== 't') throw takenByDocumentProjectionError(model.name);
            throw new ProjectionConflictError(model.name, expectedPosition, found === undefined ? null : BigInt(found[0] ?? '0'));
          }
          await session.command(operation, [sql.drop, ...sql.create].join(';\n'));
          await session.command(operation, 'COMMIT');
        } catch (error) {
          await session.command(operation, 'ROLLBACK');
          throw error;
        }
      });
    },

    commit: async (model, { version, position, put, removed }, expectedPosition) => {
      checkRowModel(model);
      checkRowCheckpoint(model, version, position, expectedPosition);
      checkRowCommit(model, put, removed);
      const operation = `commit row projection '${model.name}'`;
      await onRows(model, operation, async () => {
        const statements = await statementsOf(model, operation);
        // No table and no checkpoint: nothing to commit onto.
        if (statements === null) throw new ProjectionConflictError(model.name, expectedPosition, null);
        const columns = statements.sql.columns.map((c) => put.map((row) => row[c] ?? null));
        const [result] = await db.query(operation, statements.commit, [model.name, version, position.toString(), expectedPosition.toString(), ...columns, removed, rowProjectionMarkerOf(model.name)]);
        if (result?.[0] === '1') return;
        const [, storedPosition, storedVersion, rowProjection] = result ?? [];
        if (storedPosition === null || storedPosition === undefined) throw new ProjectionConflictError(model.name, expectedPosition, null);
        if (rowProjection !== 't') throw takenByDocumentProjectionError(model.name);
        const actual = BigInt(storedPosition);
        // Only a reset changes the version: a runner of another version (another instance, started before a newer version rebuilt the table) commits nothing.
        if (actual !== expectedPosition) throw new ProjectionConflictError(model.name, expectedPosition, actual);
        throw new ProjectionConflictError(model.name, expectedPosition, actual, { committed: version, stored: Number(storedVersion) });
      });
    },

    get: async <R extends Row>(model: RowModel<R>, keys: readonly string[]): Promise<ReadonlyMap<string, R>> => {
      checkRowModel(model);
      checkKeys(model, keys);
      const operation = `read rows of '${model.name}'`;
      const found = new Map<string, R>();
      return onRows(model, operation, async () => {
        // No keys: no row to read, the table checked afresh, whatever this store checked before (a runner's check on start: the table may have changed since).
        if (keys.length === 0) prepared.delete(model.name);
        const statements = await statementsOf(model, operation);
        if (statements === null || keys.length === 0) return found;
        for (const values of await db.query(operation, statements.select, [keys])) {
          const row = statements.rowOf(values) as R;
          found.set(row[model.table.key] as string, row);
        }
        return found;
      });
    },

    query: async <R extends Row>(model: RowModel<R>, query: RowQuery<R>): Promise<RowPage<R>> => {
      checkRowModel(model);
      const checked = checkRowQuery(model, query);
      const operation = `query rows of '${model.name}'`;
      return onRows(model, operation, async () => {
        const statements = await statementsOf(model, operation);
        if (statements === null) return { rows: [], next: null };
        const { text, values } = statements.sql.query(checked);
        const rows = (await db.query(operation, named(text), values as RowValue[])).map((row) => statements.rowOf(row) as R);
        return { rows, next: nextCursor(rows, checked) };
      });
    },

    count: async (model, query) => {
      checkRowModel(model);
      const operation = `count rows of '${model.name}'`;
      return onRows(model, operation, async () => {
        const statements = await statementsOf(model, operation);
        const { text, values, by } = (statements?.sql ?? rowSql(model, dialect)).count(query);
        if (statements === null) return by.length === 0 ? [{ values: [], count: 0 }] : [];
        const integers = by.map((name) => (model.table.columns[name] as Column).type === 'integer');
        const groups = (await db.query(operation, named(text), values)).map((row): RowGroupCount => ({
          values: by.map((_, i) => (row[i] === null || row[i] === undefined ? null : integers[i] ? Number(row[i]) : row[i]!)),
          count: Number(row[by.length]),
        }));
        // A group of an int8 beyond 2^53 (written behind the store's back) is refused, naming a row that holds it, read again.
        for (const group of groups) {
          const at = group.values.findIndex((value) => typeof value === 'number' && !Number.isSafeInteger(value));
          if (at === -1) continue;
          const column = by[at] as string;
          const [found] = await db.query(operation, {
            text: `SELECT "${model.table.key}", "${column}"::text FROM ${dialect.table(model.name)} WHERE "${column}" NOT BETWEEN -${MAX_ROW_INTEGER} AND ${MAX_ROW_INTEGER} LIMIT 1`,
          });
          throw unsafeStoredIntegerError(model.name, found?.[0] ?? null, column, found?.[1] ?? String(group.values[at]));
        }
        return groups;
      });
    },
    delete: async (name) => {
      const operation = `delete row projection '${name}'`;
      if ((await checkpointOf(name, operation)) === null) return;
      prepared.delete(name);
      await db.withSession(operation, async (session) => {
        await session.command(operation, 'BEGIN');
        try {
          await session.command(operation, `DROP TABLE IF EXISTS ${dialect.table(name)}`);
          await session.query(operation, { text: `DELETE FROM ${quoted}.projections WHERE name = $1` }, [name]);
          await session.command(operation, 'COMMIT');
        } catch (error) {
          await session.command(operation, 'ROLLBACK');
          throw error;
        }
      });
    },
  };
};
