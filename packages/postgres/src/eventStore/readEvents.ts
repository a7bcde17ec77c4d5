import { EVENT_COLUMNS, allRangeOf, streamRangeOf } from '@casefold/engine/adapter';
import type { PagedAsyncIterator, ReadAllOptions, ReadStreamOptions } from '@casefold/engine';
import type { Statement, TextRow } from '../database/openDatabase.js';
import { POSITION_SHIFT, visibleBoundSql } from './positions.js';
import type { StoreContext } from './storeContext.js';

/** One page of a whole-store read, with the snapshot bounds it was read under. */
export interface AllPage {
  /** Rows in position order (columns of {@link EVENT_COLUMNS}). */
  readonly rows: readonly TextRow[];
  /** The snapshot's xmin: every transaction below it has ended. */
  readonly xmin: bigint;
  /** The snapshot's xmax: the first transaction id not yet assigned when the page was read. */
  readonly xmax: bigint;
  /**
   * The visible bound the page was read below: no event can later appear below it. A page
   * that is not full has passed every event below it, of every stream (a read narrowed to a
   * prefix may resume from just below it).
   */
  readonly bound: bigint;
}

/** Reads up to `limit` events after `position` that are safe for a whole-store reader, of the streams whose id starts with `streamPrefix` (`''`: every stream). */
export type ReadAllPage = (position: bigint, limit: number, operation: string, streamPrefix: string) => Promise<AllPage>;

/** Turns a row selected with {@link EVENT_COLUMNS} into the event a read hands out (parsed, or as stored). */
export type DecodeRow<T> = (row: TextRow) => T;

const noEvents: AsyncIterable<never> = { [Symbol.asyncIterator]: async function* () {} };
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
/** Marks a prefetched page's failure as handled until someone awaits it (a reader may stop early). */
const prefetch = <T>(promise: Promise<T>): Promise<T> => {
  promise.catch(() => undefined);
  return promise;
};

const done: IteratorReturnResult<undefined> = { done: true, value: undefined };
const emptyPage: readonly never[] = Object.freeze([]);

/**
 * Events from pages of rows: an async generator yields whole pages (one await per page),
 * this iterator hands out their events without a generator step per event (replay speed),
 * one by one (`next()`) or a page at a time (`nextPage()`, the engine's `PagedAsyncIterator`:
 * `forEachEvent` then pays no promise per event). Both share one cursor. A row that does not
 * decode fails only when reached: `next()` rejects with its error; `nextPage()` ends the page
 * before it, or rejects when it is the page's first row; either way the read goes on after it.
 */
const eventsOf = <T>(decode: DecodeRow<T>, pages: () => AsyncGenerator<readonly TextRow[], void>): AsyncIterable<T> => ({
  [Symbol.asyncIterator]: (): PagedAsyncIterator<T> => {
    const source = pages();
    let rows: readonly TextRow[] = [];
    let index = 0;
    /** Takes the generator's next page of rows; `false` when the read is done. */
    const fetch = (): Promise<boolean> =>
      source.next().then((page) => {
        if (page.done === true) return false;
        rows = page.value;
        index = 0;
        return true;
      });
    const next = (): Promise<IteratorResult<T, undefined>> => {
      if (index < rows.length) {
        try {
          return Promise.resolve({ done: false, value: decode(rows[index++]!) });
        } catch (error) {
          return Promise.reject(error);
        }
      }
      return fetch().then((more) => (more ? next() : done));
    };
    /** Up to `most` events of the rows in hand (there is at least one). */
    const deliverPage = (most: number): Promise<readonly T[]> => {
      const end = Math.min(rows.length, index + most);
      const page = new Array<T>(end - index);
      let count = 0;
      while (index < end) {
        try {
          page[count] = decode(rows[index]!);
        } catch (error) {
          if (count > 0) break;
          index += 1;
          return Promise.reject(error);
        }
        count += 1;
        index += 1;
      }
      page.length = count;
      return Promise.resolve(page);
    };
    const nextPage = (maxCount: number): Promise<readonly T[]> => {
      // At least one event per page unless the read is done, whatever `maxCount` says.
      const most = maxCount >= 1 ? Math.floor(maxCount) : 1;
      if (index < rows.length) return deliverPage(most);
      return fetch().then((more) => (more ? deliverPage(most) : emptyPage));
    };
    return {
      next,
      nextPage,
      return: async () => {
        rows = [];
        await source.return();
        return done;
      },
    };
  },
});

/**
 * The page query of whole-store reads: events after a position and below the visible bound
 * of the statement's own snapshot (see positions.ts), plus that snapshot's xmin and xmax. The
 * snapshot sub-select makes the query return one row even when no event qualifies.
 */
export const createReadAllPage = (context: StoreContext): ReadAllPage => {
  const pageQuery = (name: string, streamCondition: string): Statement => ({
    name: `${name}_${context.tag}`,
    text: `SELECT e.*, s.xmin::text, s.xmax::text
      FROM (SELECT pg_snapshot_xmin(snap)::text::bigint AS xmin, pg_snapshot_xmax(snap)::text::bigint AS xmax
            FROM pg_current_snapshot() AS snap) s
      LEFT JOIN LATERAL (
        SELECT ${EVENT_COLUMNS} FROM ${context.quoted}.events
        WHERE position > $1 AND position < ${visibleBoundSql(context.positionBase, 'pg_current_snapshot()')}${streamCondition}
        ORDER BY position LIMIT $2
      ) e ON true`,
  });
  const every = pageQuery('casefold_read_all', '');
  // starts_with compares exactly (no LIKE wildcards, no case folding).
  const under = pageQuery('casefold_read_all_under', ' AND starts_with(stream_id, $3)');
  return async (position, limit, operation, streamPrefix) => {
    const rows = await (streamPrefix === '' ? context.db.query(operation, every, [position.toString(), limit]) : context.db.query(operation, under, [position.toString(), limit, streamPrefix]));
    const first = rows[0];
    const xmin = BigInt(first?.[9] ?? '0');
    return {
      rows: first === undefined || first[0] === null ? [] : rows,
      xmin,
      xmax: BigInt(first?.[10] ?? '0'),
      bound: (xmin + context.positionBase) << POSITION_SHIFT,
    };
  };
};

/** Options of {@link createReadAll}. */
export interface ReadAllSettings {
  /**
   * How long a read waits, at its end, for transactions that were already running when it
   * started (so it returns every event committed before it was called), in ms.
   */
  readonly visibilityWaitMs: number;
}

/**
 * `readAll`: pages through the store in position order below the visible bound, prefetching
 * the next page while the caller consumes one. At the end it waits (bounded by
 * `visibilityWaitMs`) until every transaction that was running when the read began has
 * ended, then reads what they added: a caller sees its own earlier appends even while
 * other transactions of the cluster are still committing. If the wait times out (a long
 * transaction elsewhere), the read ends at the safe bound: what it returned is still a
 * prefix in position order, so resuming later skips nothing.
 */
export const createReadAll =
  (context: StoreContext, readPage: ReadAllPage, settings: ReadAllSettings) =>
  <T>(decode: DecodeRow<T>) =>
  (options?: ReadAllOptions): AsyncIterable<T> =>
    eventsOf(decode, async function* () {
      const range = allRangeOf(options);
      const { streamPrefix } = range;
      const operation = streamPrefix === '' ? 'read all' : `read all under '${streamPrefix}'`;
      let position = range.fromPosition;
      let remaining = range.maxCount;
      if (remaining === 0) return;
      const limit = (): number => Math.min(context.pageSize, remaining);
      let requested = limit();
      let next = prefetch(readPage(position, requested, operation, streamPrefix));
      let target: bigint | undefined;
      let deadline = 0;
      let delay = 1;
      for (;;) {
        const page = await next;
        target ??= page.xmax;
        const { rows } = page;
        const full = rows.length === requested;
        remaining -= rows.length;
        if (rows.length > 0) position = BigInt(rows[rows.length - 1]![0]!);
        if (full && remaining > 0) next = prefetch(readPage(position, (requested = limit()), operation, streamPrefix));
        if (rows.length > 0) yield rows;
        if (remaining <= 0) return;
        if (full) continue;
        if (page.xmin >= target) return;
        if (deadline === 0) deadline = Date.now() + settings.visibilityWaitMs;
        if (Date.now() >= deadline) return;
        await sleep(delay);
        delay = Math.min(delay * 2, 50);
        next = prefetch(readPage(position, (requested = limit()), operation, streamPrefix));
      }
    });

/** `readStream`: pages through one stream by revision, forwards or backwards, prefetching. */
export const createReadStream = (context: StoreContext) => {
  const { quoted, tag, db } = context;
  const forwards: Statement = {
    name: `casefold_read_stream_f_${tag}`,
    text: `SELECT ${EVENT_COLUMNS} FROM ${quoted}.events WHERE stream_id = $1 AND revision >= $2 ORDER BY revision LIMIT $3`,
  };
  const backwards: Statement = {
    name: `casefold_read_stream_b_${tag}`,
    text: `SELECT ${EVENT_COLUMNS} FROM ${quoted}.events WHERE stream_id = $1 AND revision <= $2 ORDER BY revision DESC LIMIT $3`,
  };
  return <T>(decode: DecodeRow<T>) =>
    (streamId: string, options?: ReadStreamOptions): AsyncIterable<T> => {
      // PostgreSQL text cannot hold U+0000, so no such stream can exist.
      if (typeof streamId === 'string' && streamId.includes('\u0000')) return noEvents;
      const range = streamRangeOf(options);
      const back = range.backwards;
      const statement = back ? backwards : forwards;
      const operation = `read stream '${streamId}'`;
      return eventsOf(decode, async function* () {
        let revision = range.fromRevision;
        if (revision < 0n) {
          if (back) return;
          revision = 0n;
        }
        let remaining = range.maxCount;
        if (remaining === 0) return;
        let requested = Math.min(context.pageSize, remaining);
        const read = (from: bigint, count: number): Promise<TextRow[]> => prefetch(db.query(operation, statement, [streamId, from.toString(), count]));
        let next = read(revision, requested);
        for (;;) {
          const rows = await next;
          remaining -= rows.length;
          const more = rows.length === requested && remaining > 0;
          if (more) {
            const last = BigInt(rows[rows.length - 1]![2]!);
            next = read(back ? last - 1n : last + 1n, (requested = Math.min(context.pageSize, remaining)));
          }
          if (rows.length > 0) yield rows;
          if (!more) return;
        }
      });
    };
};
