import type { AnyCaseEvent, Envelope, Row, RowProjection } from '@casefold/core';

/**
 * Applies one envelope to rows kept in a map, as a row runner applies it to the rows it loaded,
 * adding the key of every row it puts or removes to `changed`.
 */
export const applyToRows = (projection: RowProjection<Row, AnyCaseEvent>, rows: Map<string, Row>, changed: Set<string>, envelope: Envelope<AnyCaseEvent>): void => {
  projection.apply(
    {
      get: (key) => rows.get(key),
      put: (row) => {
        const key = row[projection.table.key] as string;
        rows.set(key, row);
        changed.add(key);
      },
      remove: (key) => {
        rows.delete(key);
        changed.add(key);
      },
    },
    envelope,
  );
};

/** What a commit writes for the `changed` keys: the rows still there, and the keys of those removed. */
export const changesOf = (rows: ReadonlyMap<string, Row>, changed: Iterable<string>): { readonly put: Row[]; readonly removed: string[] } => {
  const put: Row[] = [];
  const removed: string[] = [];
  for (const key of changed) {
    const row = rows.get(key);
    if (row === undefined) removed.push(key);
    else put.push(row);
  }
  return { put, removed };
};
