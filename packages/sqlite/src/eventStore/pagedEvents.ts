import type { RecordedEvent } from '@casefold/engine';
import { toStoreError } from '../database/sqliteErrors.js';
import { decodeEventRow } from './decodeEventRow.js';
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
}

/** One read: a source and where to start. */
export interface PagedEventsOptions {
  readonly source: PagedSource;
  /** The stream id, or `''` for the whole store. */
  readonly key: string;
  /** Names the read in errors, e.g. `read stream 'case-1'`. */
  readonly operation: string;
  /** Most events to yield in all; `Infinity` for no limit. */
  readonly maxCount: number;
  /** Cursor of the first page. */
  readonly start: bigint;
}

type Step = Promise<IteratorResult<RecordedEvent>>;

/** The state of one iteration; its `next`/`return` are shared module functions, so starting a read allocates one object. */
interface PagedIterator extends AsyncIterator<RecordedEvent> {
  readonly read: PagedEventsOptions;
  rows: EventRow[];
  index: number;
  cursor: bigint;
  remaining: number;
  exhausted: boolean;
  fetched: boolean;
}

const DONE: Step = Promise.resolve({ done: true, value: undefined });
const NO_ROWS: EventRow[] = [];

const nextMacrotask = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

const finish = (it: PagedIterator): Step => {
  it.exhausted = true;
  it.rows = NO_ROWS;
  it.index = 0;
  return DONE;
};

const deliver = (it: PagedIterator): Step => {
  try {
    return Promise.resolve({ done: false, value: decodeEventRow(it.rows[it.index++]!) });
  } catch (e) {
    return Promise.reject(e);
  }
};

const fetchPage = (it: PagedIterator): Step => {
  if (it.exhausted) return finish(it);
  const { source, key, operation } = it.read;
  const limit = Math.min(source.pageSize, it.remaining);
  try {
    source.ensureOpen(operation);
    it.rows = source.fetch(limit, it.cursor, key);
  } catch (e) {
    finish(it);
    return Promise.reject(toStoreError(e, operation));
  }
  const { rows } = it;
  it.fetched = true;
  it.index = 0;
  it.remaining -= rows.length;
  if (rows.length < limit || it.remaining <= 0) it.exhausted = true;
  if (rows.length === 0) return finish(it);
  it.cursor = source.cursorAfter(rows[rows.length - 1]!);
  return deliver(it);
};

function next(this: PagedIterator): Step {
  if (this.index < this.rows.length) return deliver(this);
  if (this.exhausted) return finish(this);
  return this.fetched ? nextMacrotask().then(() => fetchPage(this)) : fetchPage(this);
}

function stop(this: PagedIterator): Step {
  return finish(this);
}

function iterate(this: { readonly read: PagedEventsOptions }): PagedIterator {
  const { read } = this;
  return { read, rows: NO_ROWS, index: 0, cursor: read.start, remaining: read.maxCount, exhausted: read.maxCount <= 0, fetched: false, next, return: stop };
}

/**
 * A re-iterable async sequence of events read page by page: each iteration starts a fresh
 * read; at most one page of rows is in memory. Rows are decoded one by one as they are
 * yielded, so a corrupt row fails (with an EventDecodeError) only when reached, after every
 * event before it; calling `next()` again after that error continues with the following event.
 *
 * Before each page after the first the iterator yields to the event loop once, so that a
 * long replay (which otherwise resolves only microtasks) never starves timers and I/O.
 * Hand-written rather than an async generator (half the cost per event), with no closure
 * per read (a small stream's load is dominated by fixed costs).
 */
export const pagedEvents = (read: PagedEventsOptions): AsyncIterable<RecordedEvent> => {
  const iterable = { read, [Symbol.asyncIterator]: iterate };
  return iterable;
};
