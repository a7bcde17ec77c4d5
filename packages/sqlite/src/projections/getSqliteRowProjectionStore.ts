import type { Database, Statement } from 'better-sqlite3';
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
import { runOn } from '../database/sqliteErrors.js';
import { readModelCommit } from './readModelCommit.js';

type CheckpointRow = [version: bigint, position: bigint, state: string];

/** Keys per `SELECT … WHERE key IN (…)` of a `get`. */
const KEYS_PER_SELECT = 100;

/** Prepared `UPDATE`s kept per model, one per set of changed columns; past this many they are prepared afresh. */
const UPDATES_KEPT = 256;

/** Columns per `json_object(…)` (SQLite takes at most 1,000 arguments a function call); more are merged with `json_patch`. */
const JSON_OBJECT_COLUMNS = 500;

/**
 * A row read as one JSON text, `json_object('a', "a", …)` (the names are checked identifiers),
 * parsed with `JSON.parse`. Read as columns, better-sqlite3 builds each row object in native code:
 * on a 35-column table (the statistics rows) that object took 2.5 KB of heap, against 0.85 KB
 * parsed from JSON, and was slower to build (docs/sqlite.md).
 */
const jsonRow = (columns: readonly string[]): string => {
  const objects: string[] = [];
  for (let from = 0; from < columns.length; from += JSON_OBJECT_COLUMNS) {
    objects.push(
      `json_object(${columns
        .slice(from, from + JSON_OBJECT_COLUMNS)
        .map((name) => `'${name}', "${name}"`)
        .join(', ')})`,
    );
  }
  return objects.reduce((merged, next) => `json_patch(${merged}, ${next})`);
};

/** How the SQLite row store spells its tables, types and parameters (exported for the query-plan tests). */
export const sqliteRowDialect: RowSqlDialect = {
  table: (name) => `"rows_${name}"`,
  index: (name, index) => `"rows_${name}__${index}"`,
  columnType: (column) => (column.type === 'integer' ? 'INTEGER' : 'TEXT'),
  parameter: () => '?',
  tableOptions: ' STRICT, WITHOUT ROWID',
  selectRow: jsonRow,
};

/**
 * The first row holding, in one of `integers` (integer columns), a value beyond a safe integer,
 * with that column; `null` if none. A STRICT INTEGER column holds only integers, and one beyond a
 * safe integer reads (from JSON, as better-sqlite3 reads it too) as a number beyond
 * `Number.MAX_SAFE_INTEGER`, so two comparisons a value tell it (`null` compares as 0).
 */
const unsafeIntegerIn = (rows: readonly Row[], integers: readonly string[]): readonly [Row, string] | null => {
  for (const row of rows) {
    for (const column of integers) {
      const value = row[column] as number | null;
      if (value !== null && (value > Number.MAX_SAFE_INTEGER || value < -Number.MAX_SAFE_INTEGER)) return [row, column];
    }
  }
  return null;
};

/** A model's SQL and its prepared statements (prepared once the table exists). */
interface Prepared {
  readonly table: object;
  readonly sql: RowSql;
  readonly key: string;
  /** The integer columns, whose values read are checked ({@link unsafeIntegerIn}). */
  readonly integers: readonly string[];
  readonly insert: Statement<RowValue[]>;
  /** The stored row of one key, as JSON ({@link jsonRow}). */
  readonly stored: Statement<[RowValue], string>;
  /** `UPDATE`s by the indexes of the columns they set, e.g. `"4 5 17"`. */
  readonly updates: Map<string, Statement<RowValue[]>>;
  readonly remove: Statement<[string]>;
  /** `SELECT`s of the rows of some keys, by how many keys, each row as JSON ({@link jsonRow}). */
  readonly selects: Map<number, Statement<string[], string>>;
  /** Queries' `SELECT`s by their text, each row as JSON ({@link jsonRow}). */
  readonly queries: Map<string, Statement<RowValue[], string>>;
  readonly counts: Map<string, Statement<RowValue[], RowValue[]>>;
}

/**
 * The {@link RowProjectionStore} on a migrated casefold SQLite database: each row projection's
 * rows in a table of their own (`rows_<name>`, STRICT, WITHOUT ROWID, clustered by the key) with
 * its declared indexes, its checkpoint in the `projections` table beside the document
 * projections'. A commit writes the changed rows and the checkpoint in one IMMEDIATE transaction,
 * checking the expected position inside it, so two runners (even in two processes) cannot both
 * commit from one checkpoint; a reset drops and creates the table and sets the checkpoint in one
 * transaction too (SQLite's DDL is transactional). In WAL mode a commit runs at
 * `synchronous = NORMAL` whatever the database's level ({@link readModelCommit}): atomic, not
 * durable on its own; the rows are derived from the events, which keep their level.
 *
 * @param checkFile Called before and after every write; throws to refuse it (the event store
 *   passes its check that the file was not deleted or replaced). None by default.
 */
export const getSqliteRowProjectionStore = (db: Database, checkFile: () => void = () => {}): RowProjectionStore => {
  const selectCheckpoint = db.prepare<[string], CheckpointRow>('SELECT version, position, state FROM projections WHERE name = ?').raw(true).safeIntegers(true);
  const upsertCheckpoint = db.prepare<[string, number, bigint, string]>(
    `INSERT INTO projections (name, version, position, state) VALUES (?, ?, ?, ?)
     ON CONFLICT (name) DO UPDATE SET version = excluded.version, position = excluded.position, state = excluded.state`,
  );
  const removeCheckpoint = db.prepare<[string]>('DELETE FROM projections WHERE name = ?');
  // Other records whose names equal this one ignoring case (row projection names are ASCII identifiers: lower() folds them all).
  const sameNameRecords = db.prepare<[string, string], [name: string, state: string]>('SELECT name, state FROM projections WHERE lower(name) = lower(?) AND name <> ?').raw(true);
  const tableExists = db.prepare<[string], number>("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").pluck(true);
  const tableColumns = db.prepare<[string], { name: string; type: string; notnull: number; pk: number }>('SELECT name, type, "notnull", pk FROM pragma_table_info(?)');
  // Each index made by CREATE INDEX (not the primary key's), its columns in order.
  const tableIndexes = db
    .prepare<[string], [index: string, column: string]>("SELECT il.name, ii.name FROM pragma_index_list(?) AS il, pragma_index_info(il.name) AS ii WHERE il.origin = 'c' ORDER BY il.name, ii.seqno")
    .raw(true);

  /**
   * Why the stored table is not the model's, `null` if it is: not exactly the model's columns (each
   * of its type and nullability), or another key or other indexes (each declared index's columns
   * in order, no index named like a declared one that the model lacks).
   */
  const mismatchOf = (model: RowModel): RowModelError | null => {
    const stored = tableColumns.all(`rows_${model.name}`);
    const { columns } = model.table;
    const columnsMatch =
      stored.length === Object.keys(columns).length &&
      stored.every(({ name, type, notnull }) => {
        const column = Object.hasOwn(columns, name) ? columns[name] : undefined;
        return column !== undefined && type === sqliteRowDialect.columnType(column) && notnull === (column.nullable === true ? 0 : 1);
      });
    if (!columnsMatch) return otherRowColumnsError(model.name, checkpointOf(model.name));
    const indexes = new Map<string, string[]>();
    for (const [index, column] of tableIndexes.all(`rows_${model.name}`)) indexes.set(index, [...(indexes.get(index) ?? []), column]);
    const key = stored
      .filter(({ pk }) => pk > 0)
      .sort((a, b) => a.pk - b.pk)
      .map(({ name }) => name);
    const differences = rowKeyAndIndexesDifferences(model, sqliteRowDialect, { key, indexes });
    return differences.length === 0 ? null : otherRowKeyOrIndexesError(model.name, checkpointOf(model.name), differences);
  };

  const prepared = new Map<string, Prepared>();

  /**
   * The model's statements, or `null` when its table does not exist and no checkpoint is stored
   * (never reset, or deleted); a table missing beside its checkpoint (dropped behind the store's
   * back), or one whose columns, key or indexes are not the model's, is refused with `RowModelError`.
   */
  const statementsOf = (model: RowModel): Prepared | null => {
    const known = prepared.get(model.name);
    if (known !== undefined && known.table === model.table) return known;
    if (tableExists.get(`rows_${model.name}`) === undefined) {
      if (checkpointOf(model.name) !== null) throw missingRowTableError(model.name);
      return null;
    }
    // Once per definition and store: a table of other columns, another key or other indexes is refused before anything is read from it (a read of fewer columns would succeed, one by another key would find other rows).
    const mismatch = mismatchOf(model);
    if (mismatch !== null) throw mismatch;
    const sql = rowSql(model, sqliteRowDialect);
    const fresh: Prepared = {
      table: model.table,
      sql,
      key: model.table.key,
      integers: sql.columns.filter((c) => (model.table.columns[c] as Column).type === 'integer'),
      insert: db.prepare<RowValue[]>(sql.insert),
      stored: db.prepare<[RowValue], string>(sql.selectKeys(1)).pluck(),
      updates: new Map(),
      remove: db.prepare<[string]>(sql.remove),
      selects: new Map(),
      queries: new Map(),
      counts: new Map(),
    };
    prepared.set(model.name, fresh);
    return fresh;
  };

  const run = <T>(operation: string, work: () => T): T => runOn(db, operation, work);

  /**
   * The refusal of a stored integer beyond a safe integer in `column` (of the row of `key`, or of
   * any row): better-sqlite3 reads a 64-bit integer as the nearest double, so the exact value
   * and the key are read again, as bigints, to name them.
   */
  const unsafeInteger = (model: RowModel, column: string, read: RowValue, key?: string): RowModelError => {
    const table = sqliteRowDialect.table(model.name);
    const found = db
      .prepare<(string | bigint)[], [RowValue, bigint]>(
        `SELECT "${model.table.key}", "${column}" FROM ${table} WHERE ("${column}" < ? OR "${column}" > ?)${key === undefined ? '' : ` AND "${model.table.key}" = ?`} LIMIT 1`,
      )
      .raw(true)
      .safeIntegers(true)
      .get(-BigInt(MAX_ROW_INTEGER), BigInt(MAX_ROW_INTEGER), ...(key === undefined ? [] : [key]));
    return unsafeStoredIntegerError(model.name, found === undefined ? (key ?? null) : String(found[0]), column, String(found?.[1] ?? read));
  };

  /**
   * The rows of a `SELECT` (each row's JSON, {@link jsonRow}), each integer checked to be a safe
   * integer, as the definition allows (STRICT tables hold 64-bit integers: one written behind the
   * store's back may be beyond 2^53, and would be read rounded). @throws RowModelError naming the
   * first row and column that holds one.
   */
  const rowsRead = (model: RowModel, statements: Prepared, texts: readonly string[]): Row[] => {
    const rows = texts.map((text) => JSON.parse(text) as Row);
    const found = unsafeIntegerIn(rows, statements.integers);
    if (found !== null) throw unsafeInteger(model, found[1], found[0][found[1]] as RowValue, found[0][statements.key] as string);
    return rows;
  };

  /**
   * Runs an operation on a model's rows. Statements prepared before its table was dropped behind
   * the store's back fail with SQLite's "no such table": then they are forgotten and the operation
   * runs once more, answered as by a store that never prepared them (a failed commit wrote nothing).
   * An operation that fails on a table whose columns, key or indexes are not the model's (another
   * version of the projection, started on this database since, rebuilt it: "no such column") is
   * refused with `RowModelError`.
   */
  const onRows = <T>(model: RowModel, operation: string, work: () => T): T =>
    run(operation, () => {
      try {
        return work();
      } catch (error) {
        if (tableExists.get(`rows_${model.name}`) !== undefined) {
          throw mismatchOf(model) ?? error;
        }
        if (!prepared.has(model.name)) throw error;
        prepared.delete(model.name);
        return work();
      }
    });
  const relaxed = readModelCommit(db);

  /** The stored checkpoint, if it is at the expected position. @throws ProjectionConflictError otherwise; RowModelError for a document projection's record. */
  const expectCheckpoint = (name: string, expectedPosition: bigint | null): RowCheckpoint | null => {
    const stored = checkpointOf(name);
    const actual = stored?.position ?? null;
    if (actual !== expectedPosition) throw new ProjectionConflictError(name, expectedPosition, actual);
    return stored;
  };

  const reset = db.transaction((model: RowModel, version: number, expectedPosition: bigint | null): void => {
    // SQLite's table names ignore case: another row projection's name equal to this one ignoring case is its table, which the DROP below would drop.
    const other = sameNameRecords.all(model.name, model.name).find(([name, state]) => state === rowProjectionMarkerOf(name));
    if (other !== undefined) throw sameNameIgnoringCaseError(model.name, other[0]);
    expectCheckpoint(model.name, expectedPosition);
    prepared.delete(model.name);
    const sql = rowSql(model, sqliteRowDialect);
    db.exec(sql.drop);
    for (const statement of sql.create) db.exec(statement);
    upsertCheckpoint.run(model.name, version, 0n, rowProjectionMarkerOf(model.name));
  });

  /**
   * Inserts the row, or updates only the columns whose values differ from the stored row's (none:
   * nothing is written). An upsert setting every column would make SQLite rewrite the row's entry
   * in every index, each a B-tree that deepens as the table grows; a case moving on changes a few
   * columns, so most indexes are left alone.
   */
  const write = (statements: Prepared, row: Row): void => {
    const { columns } = statements.sql;
    const values = columns.map((column) => row[column] ?? null);
    const text = statements.stored.get(row[statements.key] ?? null);
    if (text === undefined) {
      statements.insert.run(...values);
      return;
    }
    const stored = JSON.parse(text) as Row;
    const changed = columns.flatMap((column, i) => (stored[column] === values[i] ? [] : [i]));
    if (changed.length === 0) return;
    const id = changed.join(' ');
    let update = statements.updates.get(id);
    if (update === undefined) {
      if (statements.updates.size >= UPDATES_KEPT) statements.updates.clear();
      statements.updates.set(id, (update = db.prepare<RowValue[]>(statements.sql.update(changed.map((i) => columns[i] as string)))));
    }
    update.run(...changed.map((i) => values[i] as RowValue), row[statements.key] ?? null);
  };

  const commit = db.transaction((model: RowModel, version: number, position: bigint, put: readonly Row[], removed: readonly string[], expectedPosition: bigint): void => {
    // Only a reset changes the version: a runner of another version (another instance, started before a newer version rebuilt the table) commits nothing.
    const stored = expectCheckpoint(model.name, expectedPosition) as RowCheckpoint;
    if (stored.version !== version) throw new ProjectionConflictError(model.name, expectedPosition, stored.position, { committed: version, stored: stored.version });
    // The checkpoint is there (checked above), so a missing table is refused: never null here.
    const statements = statementsOf(model) as Prepared;
    for (const row of put) write(statements, row);
    for (const key of removed) statements.remove.run(key);
    upsertCheckpoint.run(model.name, version, position, rowProjectionMarkerOf(model.name));
  });

  /** The stored checkpoint of a row projection, `null` if none; a document projection's record is refused. */
  const checkpointOf = (name: string): RowCheckpoint | null => {
    const row = selectCheckpoint.get(name);
    if (row === undefined) return null;
    if (row[2] !== rowProjectionMarkerOf(name)) throw takenByDocumentProjectionError(name);
    return { name, version: Number(row[0]), position: row[1] };
  };

  const remove = db.transaction((name: string): void => {
    if (checkpointOf(name) === null) return;
    prepared.delete(name);
    db.exec(`DROP TABLE IF EXISTS ${sqliteRowDialect.table(name)}`);
    removeCheckpoint.run(name);
  });

  return {
    load: async (name): Promise<RowCheckpoint | null> => run(`load row projection '${name}'`, () => checkpointOf(name)),
    reset: async (model, version, expectedPosition) => {
      checkRowModel(model);
      checkRowCheckpoint(model, version, 0n, null);
      run(`reset row projection '${model.name}'`, () => {
        checkFile();
        reset.immediate(model, version, expectedPosition);
        checkFile();
      });
    },
    commit: async (model, { version, position, put, removed }, expectedPosition) => {
      checkRowModel(model);
      checkRowCheckpoint(model, version, position, expectedPosition);
      checkRowCommit(model, put, removed);
      onRows(model, `commit row projection '${model.name}'`, () => {
        checkFile();
        relaxed(() => commit.immediate(model, version, position, put, removed, expectedPosition));
        checkFile();
      });
    },
    get: async <R extends Row>(model: RowModel<R>, keys: readonly string[]): Promise<ReadonlyMap<string, R>> => {
      checkRowModel(model);
      checkKeys(model, keys);
      return onRows(model, `read rows of '${model.name}'`, () => {
        const found = new Map<string, R>();
        // No keys: no row to read, the table checked afresh, whatever this store checked before (a runner's check on start: the table may have changed since).
        if (keys.length === 0) prepared.delete(model.name);
        const statements = statementsOf(model);
        if (statements === null) return found;
        for (let from = 0; from < keys.length; from += KEYS_PER_SELECT) {
          const chunk = keys.slice(from, from + KEYS_PER_SELECT);
          let select = statements.selects.get(chunk.length);
          if (select === undefined) statements.selects.set(chunk.length, (select = db.prepare<string[], string>(statements.sql.selectKeys(chunk.length)).pluck()));
          for (const row of rowsRead(model, statements, select.all(...chunk))) found.set(row[model.table.key] as string, row as R);
        }
        return found;
      });
    },
    query: async <R extends Row>(model: RowModel<R>, query: RowQuery<R>): Promise<RowPage<R>> => {
      checkRowModel(model);
      const checked = checkRowQuery(model, query);
      return onRows(model, `query rows of '${model.name}'`, () => {
        const statements = statementsOf(model);
        if (statements === null) return { rows: [], next: null };
        const { text, values } = statements.sql.query(checked);
        let select = statements.queries.get(text);
        if (select === undefined) statements.queries.set(text, (select = db.prepare<RowValue[], string>(text).pluck()));
        const rows = rowsRead(model, statements, select.all(...values)) as R[];
        return { rows, next: nextCursor(rows, checked) };
      });
    },
    count: async (model, query) => {
      checkRowModel(model);
      return onRows(model, `count rows of '${model.name}'`, (): RowGroupCount[] => {
        const statements = statementsOf(model);
        const { text, values, by } = (statements?.sql ?? rowSql(model, sqliteRowDialect)).count(query);
        if (statements === null) return by.length === 0 ? [{ values: [], count: 0 }] : [];
        let select = statements.counts.get(text);
        if (select === undefined) statements.counts.set(text, (select = db.prepare<RowValue[], RowValue[]>(text).raw(true)));
        return select.all(...values).map((row) => {
          const groupValues = row.slice(0, by.length);
          groupValues.forEach((value, i) => {
            if (value !== null && typeof value !== 'string' && !Number.isSafeInteger(value)) throw unsafeInteger(model, by[i] as string, value);
          });
          return { values: groupValues, count: row[by.length] as number };
        });
      });
    },
    delete: async (name) => {
      run(`delete row projection '${name}'`, () => {
        checkFile();
        remove.immediate(name);
        checkFile();
      });
    },
  };
};
