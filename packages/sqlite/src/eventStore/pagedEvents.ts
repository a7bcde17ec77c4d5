import type { PagedAsyncIterator } from '@casefold/engine';
import { isCorruptionFailure, toStoreError } from '../database/sqliteErrors.js';
import type { EventRow } from './eventStatements.js';

/** One kind of paged read, made once per store: how to fetch a page and where the next one starts. */
export interface PagedSource {
  /** Fetches up to `limit` rows from `cursor` on, for `key` (the stream id, or `''` for the whole store). */
  readonly fetch: (limit: number, cursor: bigint, key: string) => EventRow[];
  /** Cursor of the page after the one ending with `row`. */
  readonly cursorAfter: (row: EventRow) => bigint;
  /** Throws StoreClosedError when the store was closed. */
  readonly ensureOpen: (operation: string) => void;
  readonly pageSize: number;
  /** The database file, for the errors that name it. */
  readonly fileName: string;
}

/** One read: a source, how to turn its rows into events, and where to start. */
export interface PagedEventsOptions<T> {
  readonly source: PagedSource;
  /** Turns a row into the event handed out (parsed, or as stored); may throw an EventDecodeError. */
  readonly decode: (row: EventRow) => T;
  /** The stream id, or `''` for the whole store. */
  readonly key: string;
  /** Names the read in errors, e.g. `read stream 'case-1'`. */
  readonly operation: string;
  /** Most events to yield in all; `Infinity` for no limit. */
  readonly maxCount: number;
  /** Cursor of the first page. */
  readonly start: bigint;
}

type Step<T> = Promise<IteratorResult<T, undefined>>;
type Page<T> = Promise<readonly T[]>;

/** The state of one iteration; its methods are shared module functions, so starting a read allocates one object. */
interface PagedIterator<T> extends PagedAsyncIterator<T> {
  readonly read: PagedEventsOptions<T>;
  rows: EventRow[];
  index: number;
  cursor: bigint;
  remaining: number;
  exhausted: boolean;
  fetched: boolean;
}

const DONE: Step<never> = Promise.resolve({ done: true, value: undefined });
const NO_ROWS: EventRow[] = [];
const NO_EVENTS: Page<never> = Promise.resolve(Object.freeze([]));

const nextMacrotask = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

const finish = <T>(it: PagedIterator<T>): void => {
  it.exhausted = true;
  it.rows = NO_ROWS;
  it.index = 0;
};

/**
 * The rows from `cursor` on that can still be read one by one before the damage that failed
 * a whole page: SQLite reads a table page by page, so the rows before a damaged page are
 * intact. Empty when the first of them is damaged. Whatever stops it is met again, and
 * reported, by the next fetch, which starts where this one stopped.
 */
const rowsBeforeDamage = (source: PagedSource, limit: number, cursor: bigint, key: string): EventRow[] => {
  const rows: EventRow[] = [];
  let at = cursor;
  try {
    while (rows.length < limit) {
      const [row] = source.fetch(1, at, key);
      if (row === undefined) break;
      rows.push(row);
      at = source.cursorAfter(row);
    }
  } catch {
    // Reported by the next fetch.
  }
  return rows;
};

/**
 * Fetches the next page of rows into `it.rows`. Returns `false` when the read has no more
 * rows (and finishes it); throws the store error (also finishing it). When SQLite finds the
 * file damaged, the rows before the damage are handed out first, and the next fetch (which
 * starts at the damage) fails with a DatabaseCorruptError.
 */
const fetchRows = <T>(it: PagedIterator<T>): boolean => {
  if (it.exhausted) {
    finish(it);
    return false;
  }
  const { source, key, operation } = it.read;
  const limit = Math.min(source.pageSize, it.remaining);
  let rows: EventRow[];
  // A page shorter than asked ends the read, unless it stops short at damage.
  let shortEnds = true;
  try {
    source.ensureOpen(operation);
    rows = source.fetch(limit, it.cursor, key);
  } catch (e) {
    rows = isCorruptionFailure(e) && limit > 1 ? rowsBeforeDamage(source, limit, it.cursor, key) : [];
    if (rows.length === 0) {
      finish(it);
      throw toStoreError(e, operation, source.fileName);
    }
    shortEnds = false;
  }
  it.fetched = true;
  it.rows = rows;
  it.index = 0;
  it.remaining -= rows.length;
  if ((shortEnds && rows.length < limit) || it.remaining <= 0) it.exhausted = true;
  if (rows.length === 0) {
    finish(it);
    return false;
  }
  it.cursor = source.cursorAfter(rows[rows.length - 1]!);
  return true;
};

/** The next event of the page in hand (the caller checked there is one). */
const deliver = <T>(it: PagedIterator<T>): Step<T> => {
  try {
    return Promise.resolve({ done: false, value: it.read.decode(it.rows[it.index++]!) });
  } catch (e) {
    return Promise.reject(e);
  }
};

/**
 * Up to `maxCount` events of the page in hand (the caller checked there is one). A row that
 * does not decode ends the page before it; when it is the first row, the page rejects with
 * its error and the next call goes on after it, exactly as `next()` does.
 */
const deliverPage = <T>(it: PagedIterator<T>, maxCount: number): Page<T> => {
  const { rows, read } = it;
  const end = Math.min(rows.length, it.index + maxCount);
  const page = new Array<T>(end - it.index);
  let count = 0;
  while (it.index < end) {
    try {
      page[count] = read.decode(rows[it.index]!);
    } catch (e) {
      if (count > 0) break;
      it.index += 1;
      return Promise.reject(e);
    }
    count += 1;
    it.index += 1;
  }
  page.length = count;
  return Promise.resolve(page);
};

const fetchThenDeliver = <T>(it: PagedIterator<T>): Step<T> => {
  try {
    return fetchRows(it) ? deliver(it) : DONE;
  } catch (e) {
    return Promise.reject(e);
  }
};

const fetchThenDeliverPage = <T>(it: PagedIterator<T>, maxCount: number): Page<T> => {
  try {
    return fetchRows(it) ? deliverPage(it, maxCount) : NO_EVENTS;
  } catch (e) {
    return Promise.reject(e);
  }
};

function next<T>(this: PagedIterator<T>): Step<T> {
  if (this.index < this.rows.length) return deliver(this);
  if (this.exhausted) {
    finish(this);
    return DONE;
  }
  return this.fetched ? nextMacrotask().then(() => fetchThenDeliver(this)) : fetchThenDeliver(this);
}

function nextPage<T>(this: PagedIterator<T>, maxCount: number): Page<T> {
  // At least one event per page unless the read is done, whatever `maxCount` says.
  const most = maxCount >= 1 ? Math.floor(maxCount) : 1;
  if (this.index < this.rows.length) return deliverPage(this, most);
  if (this.exhausted) {
    finish(this);
    return NO_EVENTS;
  }
  return this.fetched ? nextMacrotask().then(() => fetchThenDeliverPage(this, most)) : fetchThenDeliverPage(this, most);
}

function stop<T>(this: PagedIterator<T>): Step<T> {
  finish(this);
  return DONE;
}

function iterate<T>(this: { readonly read: PagedEventsOptions<T> }): PagedIterator<T> {
  const { read } = this;
  return {
    read,
    rows: NO_ROWS,
    index: 0,
    cursor: read.start,
    remaining: read.maxCount,
    exhausted: read.maxCount <= 0,
    fetched: false,
    next,
    nextPage,
    return: stop,
  };
}

/**
 * A re-iterable async sequence of events read page by page: each iteration starts a fresh
 * read; at most one page of rows is in memory. Its iterators also hand out events a page at
 * a time (`nextPage`, see the engine's `PagedAsyncIterator` and `forEachEvent`), sharing one
 * cursor with `next()`, so a fold pays no promise per event. Rows are decoded as they are
 * handed out, so a corrupt row fails (with an EventDecodeError) only when reached, after
 * every event before it; calling `next()` or `nextPage()` again after that error continues
 * with the following event.
 *
 * Before each page after the first the iterator yields to the event loop once, so that a
 * long replay (which otherwise resolves only microtasks) never starves timers and I/O.
 * Hand-written rather than an async generator (half the cost per event), with no closure
 * per read (a small stream's load is dominated by fixed costs).
 */
export const pagedEvents = <T>(read: PagedEventsOptions<T>): AsyncIterable<T> => {
  const iterable = { read, [Symbol.asyncIterator]: iterate };
  return iterable;
};
