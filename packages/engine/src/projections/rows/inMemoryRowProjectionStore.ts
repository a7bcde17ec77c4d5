import type { Row, RowGroupCount, RowPage, RowQuery, RowValue } from '@casefold/core';
import { ProjectionConflictError } from '../projectionStore.js';
import { checkKeys, checkRowCheckpoint, checkRowCommit, checkRowCountQuery, checkRowModel, checkRowQuery, nextCursor } from './rowModel.js';
import { sameNameIgnoringCaseError } from './rowModelError.js';
import type { RowModel, RowProjectionStore } from './rowProjectionStore.js';

/** Unicode code point order of two strings (what SQLite's BINARY and PostgreSQL's "C" collation give for UTF-8), not UTF-16 code unit order. */
const compareCodePoints = (a: string, b: string): number => {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    // Surrogates (U+D800–DFFF) encode code points above U+FFFF: they sort after U+E000–FFFF.
    if (x >= 0xd800) x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
    if (y >= 0xd800) y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
    return x - y;
  }
  return a.length - b.length;
};

const compareValues = (a: RowValue, b: RowValue): number => (typeof a === 'number' && typeof b === 'number' ? a - b : compareCodePoints(String(a), String(b)));

const compareBy =
  (orderBy: readonly string[]) =>
  (a: readonly RowValue[], b: readonly RowValue[]): number => {
    for (let i = 0; i < orderBy.length; i++) {
      const order = compareValues(a[i] ?? null, b[i] ?? null);
      if (order !== 0) return order;
    }
    return 0;
  };

interface Table {
  readonly version: number;
  readonly position: bigint;
  readonly rows: Map<string, Row>;
}

/**
 * A {@link RowProjectionStore} in process memory, with the contract of the database stores:
 * rows are copied in and out, checked against their table, and a query filters and sorts every
 * row of the table (no index: for tests and small read models).
 */
export const getInMemoryRowProjectionStore = (): RowProjectionStore => {
  const tables = new Map<string, Table>();
  const expect = (name: string, expectedPosition: bigint | null): Table | undefined => {
    const table = tables.get(name);
    const actual = table?.position ?? null;
    if (actual !== expectedPosition) throw new ProjectionConflictError(name, expectedPosition, actual);
    return table;
  };
  // Promise-returning wrappers: failures reject, as a database store's would.
  const attempt = <T>(work: () => T): Promise<T> => {
    try {
      return Promise.resolve(work());
    } catch (error) {
      return Promise.reject(error);
    }
  };
  return {
    load: (name) =>
      attempt(() => {
        const table = tables.get(name);
        return table === undefined ? null : { name, version: table.version, position: table.position };
      }),
    reset: (model, version, expectedPosition) =>
      attempt(() => {
        checkRowModel(model);
        checkRowCheckpoint(model, version, 0n, null);
        // Names equal ignoring case are one name, as on SQLite (whose table names ignore case).
        const folded = model.name.toLowerCase();
        const other = [...tables.keys()].find((name) => name !== model.name && name.toLowerCase() === folded);
        if (other !== undefined) throw sameNameIgnoringCaseError(model.name, other);
        expect(model.name, expectedPosition);
        tables.set(model.name, { version, position: 0n, rows: new Map() });
      }),
    commit: (model, commit, expectedPosition) =>
      attempt(() => {
        checkRowModel(model);
        checkRowCheckpoint(model, commit.version, commit.position, expectedPosition);
        checkRowCommit(model, commit.put, commit.removed);
        const table = expect(model.name, expectedPosition)!;
        if (table.version !== commit.version) throw new ProjectionConflictError(model.name, expectedPosition, table.position, { committed: commit.version, stored: table.version });
        const rows = new Map(table.rows);
        for (const row of commit.put) rows.set(row[model.table.key] as string, { ...row });
        for (const key of commit.removed) rows.delete(key);
        tables.set(model.name, { version: commit.version, position: commit.position, rows });
      }),
    get: <R extends Row>(model: RowModel<R>, keys: readonly string[]) =>
      attempt((): ReadonlyMap<string, R> => {
        checkRowModel(model);
        checkKeys(model, keys);
        const found = new Map<string, R>();
        const rows = tables.get(model.name)?.rows;
        for (const key of keys) {
          const row = rows?.get(key);
          if (row !== undefined) found.set(key, { ...row } as R);
        }
        return found;
      }),
    query: <R extends Row>(model: RowModel<R>, query: RowQuery<R>) =>
      attempt(() => {
        checkRowModel(model);
        const checked = checkRowQuery(model, query);
        const compare = compareBy(checked.orderBy);
        const sign = checked.descending ? -1 : 1;
        const sortKey = (row: Row): RowValue[] => checked.orderBy.map((name) => row[name] ?? null);
        const matching = [...(tables.get(model.name)?.rows.values() ?? [])].filter(
          (row) => checked.where.every(([name, value]) => row[name] === value) && (checked.after === null || sign * compare(sortKey(row), checked.after) > 0),
        );
        const rows = matching
          .sort((a, b) => sign * compare(sortKey(a), sortKey(b)))
          .slice(0, checked.limit)
          .map((row) => ({ ...row }) as R);
        return { rows, next: nextCursor(rows, checked) } satisfies RowPage<R>;
      }),
    count: (model, query) =>
      attempt(() => {
        checkRowModel(model);
        const { where, by } = checkRowCountQuery(model, query);
        const groups = new Map<string, RowGroupCount>();
        if (by.length === 0) groups.set('[]', { values: [], count: 0 });
        for (const row of tables.get(model.name)?.rows.values() ?? []) {
          if (!where.every(([name, value]) => row[name] === value)) continue;
          const values = by.map((name) => row[name] ?? null);
          const group = JSON.stringify(values);
          groups.set(group, { values, count: (groups.get(group)?.count ?? 0) + 1 });
        }
        return [...groups.values()];
      }),
    delete: (name) =>
      attempt(() => {
        tables.delete(name);
      }),
  };
};
