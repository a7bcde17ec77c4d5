import type { AnyCaseEvent, Envelope, Row, RowPage, RowProjection, RowQuery, RowValue, Rows } from '@casefold/core';

/** What folding a row projection did: the rows, and the most rows one event named (the bound on its work). */
export interface FoldedRows<R extends Row> {
  readonly table: Map<string, R>;
  readonly mostKeysPerEvent: number;
}

/**
 * Folds envelopes into a map of rows, letting `apply` touch only the keys `keysOf` names (as the
 * engine's runner does), and checking each row put against the table's columns.
 */
export const foldRows = <R extends Row>(projection: RowProjection<R, AnyCaseEvent>, envelopes: readonly Envelope<AnyCaseEvent>[], table = new Map<string, R>()): FoldedRows<R> => {
  let mostKeysPerEvent = 0;
  const columns = Object.keys(projection.table.columns).sort();
  for (const envelope of envelopes) {
    const keys = projection.keysOf(envelope);
    mostKeysPerEvent = Math.max(mostKeysPerEvent, keys.length);
    const only = (key: string): string => {
      if (!keys.includes(key)) throw new Error(`apply touched ${key}, not named by keysOf (${keys.join(', ')})`);
      return key;
    };
    const rows: Rows<R> = {
      get: (key) => table.get(only(key)),
      put: (row) => {
        if (Object.keys(row).sort().join() !== columns.join()) throw new Error(`row ${String(row[projection.table.key])} has columns ${Object.keys(row).join()}, not the table's`);
        table.set(only(row[projection.table.key] as string), row);
      },
      remove: (key) => void table.delete(only(key)),
    };
    projection.apply(rows, envelope);
  }
  return { table, mostKeysPerEvent };
};

/** Code point order, as the row stores compare text. */
const compareValues = (a: RowValue, b: RowValue): number => {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = [...String(a)].map((c) => c.codePointAt(0) ?? 0);
  const y = [...String(b)].map((c) => c.codePointAt(0) ?? 0);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return (x[i] ?? 0) - (y[i] ?? 0);
  return x.length - y.length;
};

/** One page of a row query over folded rows, with the row stores' semantics (filters, sort then key, keyset cursor). */
export const queryRows = <R extends Row>(projection: RowProjection<R, AnyCaseEvent>, table: ReadonlyMap<string, R>, query: RowQuery<R>): RowPage<R> => {
  const orderBy = [...query.orderBy, projection.table.key];
  const sign = query.direction === 'desc' ? -1 : 1;
  const compare = (a: readonly RowValue[], b: readonly RowValue[]): number => {
    for (let i = 0; i < orderBy.length; i++) {
      const order = compareValues(a[i] ?? null, b[i] ?? null);
      if (order !== 0) return sign * order;
    }
    return 0;
  };
  const sortKey = (row: R): RowValue[] => orderBy.map((column) => row[column] ?? null);
  const rows = [...table.values()]
    .filter((row) => Object.entries(query.where ?? {}).every(([column, value]) => value === undefined || row[column] === value))
    .filter((row) => query.after === undefined || compare(sortKey(row), query.after) > 0)
    .sort((a, b) => compare(sortKey(a), sortKey(b)))
    .slice(0, query.limit);
  return { rows, next: rows.length < query.limit ? null : sortKey(rows[rows.length - 1]!) };
};

/** Every row of a query, page after page. */
export const queryAll = <R extends Row>(projection: RowProjection<R, AnyCaseEvent>, table: ReadonlyMap<string, R>, query: RowQuery<R>): R[] => {
  const all: R[] = [];
  let page = queryRows(projection, table, query);
  all.push(...page.rows);
  while (page.next !== null) {
    page = queryRows(projection, table, { ...query, after: page.next });
    all.push(...page.rows);
  }
  return all;
};
