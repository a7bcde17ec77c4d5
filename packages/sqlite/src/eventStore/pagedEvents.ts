import type { RecordedEvent } from '@casefold/engine';
import { toStoreError } from '../database/sqliteErrors.js';
import { decodeEventRow } from './decodeEventRow.js';
import type { EventRow } from './eventStatements.js';

/** How {@link pagedEvents} walks the rows of one read. */
export interface PagedEventsOptions {
  /** Names the read in errors, e.g. `read stream 'case-1'`. */
  readonly operation: string;
  readonly pageSize: number;
  /** Most events to yield in all; `Infinity` for no limit. */
  readonly maxCount: number;
  /** Cursor of the first page. */
  readonly start: bigint;
  /** Fetches up to `limit` rows from `cursor` on. */
  readonly fetch: (cursor: bigint, limit: number) => EventRow[];
  /** Cursor of the page after the one ending with `row`. */
  readonly cursorAfter: (row: EventRow) => bigint;
  /** Throws StoreClosedError when the store was closed. */
  readonly ensureOpen: (operation: string) => void;
}

type Step = Promise<IteratorResult<RecordedEvent>>;

const DONE: Step = Promise.resolve({ done: true, value: undefined });

const nextMacrotask = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * A re-iterable async sequence of events read page by page: each iteration starts a fresh
 * read; at most one page of rows is in memory. Rows are decoded one by one as they are
 * yielded, so a corrupt row fails (with an EventDecodeError) only when reached, after every
 * event before it; calling `next()` again after that error continues with the following event.
 *
 * Before each page after the first the iterator yields to the event loop once, so that a
 * long replay (which otherwise resolves only microtasks) never starves timers and I/O.
 * (A hand-written iterator: about half the cost per event of an async generator.)
 */
export const pagedEvents = (options: PagedEventsOptions): AsyncIterable<RecordedEvent> => ({
  [Symbol.asyncIterator]: (): AsyncIterator<RecordedEvent> => {
    const { operation, pageSize, fetch, cursorAfter, ensureOpen } = options;
    let rows: EventRow[] = [];
    let index = 0;
    let cursor = options.start;
    let remaining = options.maxCount;
    let exhausted = remaining <= 0;
    let fetched = false;

    const finish = (): Step => {
      exhausted = true;
      rows = [];
      index = 0;
      return DONE;
    };
    const deliver = (): Step => {
      try {
        return Promise.resolve({ done: false, value: decodeEventRow(rows[index++]!) });
      } catch (e) {
        return Promise.reject(e);
      }
    };
    const fetchPage = (): Step => {
      if (exhausted) return finish();
      const limit = Math.min(pageSize, remaining);
      try {
        ensureOpen(operation);
        rows = fetch(cursor, limit);
      } catch (e) {
        finish();
        return Promise.reject(toStoreError(e, operation));
      }
      fetched = true;
      index = 0;
      remaining -= rows.length;
      if (rows.length < limit || remaining <= 0) exhausted = true;
      if (rows.length === 0) return finish();
      cursor = cursorAfter(rows[rows.length - 1]!);
      return deliver();
    };
    return {
      next: () => {
        if (index < rows.length) return deliver();
        if (exhausted) return finish();
        return fetched ? nextMacrotask().then(fetchPage) : fetchPage();
      },
      return: () => finish(),
    };
  },
});
