import type { Row, RowPage, RowQuery } from '@casefold/core';

/** Reads rows page by page (keyset) — `read` is a runner's `query`. */
export type ReadPage<R extends Row> = (query: RowQuery<R>) => Promise<RowPage<R>>;

/**
 * Every row of `first` and the pages after it, read while there is a next page and its last row
 * passes `more` (a period's end: the page past it is read, no further).
 */
export const everyRow = async <R extends Row>(read: ReadPage<R>, first: RowQuery<R>, more: (last: R) => boolean = () => true): Promise<R[]> => {
  const rows: R[] = [];
  for (let page = await read(first); ; page = await read({ ...first, after: page.next })) {
    rows.push(...page.rows);
    const last = page.rows.at(-1);
    if (page.next === null || last === undefined || !more(last)) return rows;
  }
};
