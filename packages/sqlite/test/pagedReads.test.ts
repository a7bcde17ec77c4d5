import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { forEachEvent, isEventDecodeError, isStoreClosedError } from '@casefold/engine';
import type { PagedAsyncIterator, RecordedEvent } from '@casefold/engine';
import { getSqliteEventStore } from '@casefold/sqlite';
import type { SqliteEventStore } from '@casefold/sqlite';
import { storeDatabase } from '../src/eventStore/storeDatabase.js';
import { corruptRow } from './support/corruptRow.js';
import { collect, keys, newEvent, rejectionOf } from './support/fixtures.js';

/** The iterator of a read, as the engine's forEachEvent sees it. */
const pagedIterator = (read: AsyncIterable<RecordedEvent>): PagedAsyncIterator<RecordedEvent> => {
  const iterator = read[Symbol.asyncIterator]() as PagedAsyncIterator<RecordedEvent>;
  expect(typeof iterator.nextPage).toBe('function');
  return iterator;
};

/** One way of taking events from an iterator: `next()`, or `nextPage(n)`. */
type Take = { readonly kind: 'next' } | { readonly kind: 'page'; readonly most: number };

const take: fc.Arbitrary<Take> = fc.oneof(
  fc.constant<Take>({ kind: 'next' }),
  fc.integer({ min: -1, max: 9 }).map<Take>((most) => ({ kind: 'page', most })),
  fc.constant<Take>({ kind: 'page', most: 1024 }),
);

/**
 * Reads to the end, cycling through `takes`; checks every page on the way: never more than
 * asked (but at least one while the read goes on) and never more than one page of rows.
 */
const readWith = async (read: AsyncIterable<RecordedEvent>, takes: readonly Take[], pageSize: number): Promise<RecordedEvent[]> => {
  const iterator = pagedIterator(read);
  const out: RecordedEvent[] = [];
  for (let i = 0; ; i++) {
    const step = takes[i % takes.length]!;
    if (step.kind === 'next') {
      const result = await iterator.next();
      if (result.done === true) break;
      out.push(result.value);
    } else {
      const page = await iterator.nextPage(step.most);
      if (page.length === 0) break;
      expect(page.length).toBeLessThanOrEqual(Math.max(1, step.most));
      expect(page.length).toBeLessThanOrEqual(pageSize);
      out.push(...page);
    }
  }
  // Done stays done, by either method.
  expect(await iterator.nextPage(10)).toEqual([]);
  expect((await iterator.next()).done).toBe(true);
  return out;
};

describe('paged reads (nextPage), for all stores, reads and ways of taking events', () => {
  const pageSizes = [1, 2, 3, 1_000] as const;
  const stores = new Map<number, SqliteEventStore>();
  /** Every event appended, in position order (the model). */
  let appended: RecordedEvent[] = [];
  const streams = ['s0', 's1', 's2', 's3'];

  beforeAll(async () => {
    for (const pageSize of pageSizes) stores.set(pageSize, getSqliteEventStore({ fileName: ':memory:', pageSize }));
    // Streams of 0, 1, 5 and 7 events, interleaved; the same appends in every store.
    const plan: Array<[string, number]> = [
      ['s1', 1],
      ['s2', 2],
      ['s3', 3],
      ['s2', 3],
      ['s3', 4],
    ];
    const events = plan.map(([, count]) => Array.from({ length: count }, () => newEvent()));
    for (const store of stores.values()) {
      const written: RecordedEvent[] = [];
      for (const [i, [streamId]] of plan.entries()) written.push(...(await store.appendToStream(streamId, events[i]!)).events);
      appended = written;
    }
  });
  afterAll(async () => {
    await Promise.all([...stores.values()].map((store) => store.close()));
  });

  it('readStream gives the same events as next() alone and as the model, in both directions, from any revision (1,000 runs)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...pageSizes),
        fc.constantFrom(...streams),
        fc.constantFrom<'forwards' | 'backwards'>('forwards', 'backwards'),
        fc.option(fc.integer({ min: -1, max: 8 }), { nil: undefined }),
        fc.option(fc.integer({ min: -1, max: 9 }), { nil: undefined }),
        fc.array(take, { minLength: 1, maxLength: 4 }),
        async (pageSize, streamId, direction, from, maxCount, takes) => {
          const store = stores.get(pageSize)!;
          const options = {
            direction,
            ...(from === undefined ? {} : { fromRevision: BigInt(from) }),
            ...(maxCount === undefined ? {} : { maxCount }),
          };
          let expected = appended.filter((e) => e.streamId === streamId);
          if (direction === 'backwards') expected = expected.reverse();
          if (from !== undefined) expected = expected.filter((e) => (direction === 'forwards' ? e.revision >= from : e.revision <= from));
          if (maxCount !== undefined) expected = expected.slice(0, Math.max(0, maxCount));
          const got = await readWith(store.readStream(streamId, options), takes, pageSize);
          expect(got).toEqual(expected);
          expect(await collect(store.readStream(streamId, options))).toEqual(expected);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('readAll gives the same events as the model from any position, and forEachEvent visits them in order (1,000 runs)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...pageSizes),
        fc.option(fc.integer({ min: -1, max: 14 }), { nil: undefined }),
        fc.option(fc.integer({ min: 0, max: 15 }), { nil: undefined }),
        fc.array(take, { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 1, max: 14 }),
        async (pageSize, from, maxCount, takes, stopAfter) => {
          const store = stores.get(pageSize)!;
          const options = { ...(from === undefined ? {} : { fromPosition: BigInt(from) }), ...(maxCount === undefined ? {} : { maxCount }) };
          let expected = appended.filter((e) => from === undefined || e.position > BigInt(from));
          if (maxCount !== undefined) expected = expected.slice(0, maxCount);
          expect(await readWith(store.readAll(options), takes, pageSize)).toEqual(expected);
          const visited: RecordedEvent[] = [];
          const finished = await forEachEvent(store.readAll(options), (event) => visited.push(event) < stopAfter);
          expect(finished).toBe(expected.length < stopAfter);
          expect(visited).toEqual(expected.slice(0, stopAfter));
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('paged reads at page boundaries', () => {
  it('hands out at most one page of rows per nextPage, fetching the next page only when asked', async () => {
    const store = getSqliteEventStore({ fileName: ':memory:', pageSize: 4 });
    try {
      for (const length of [3, 4, 5, 8, 9])
        await store.appendToStream(
          `len-${length}`,
          Array.from({ length }, () => newEvent()),
        );
      for (const length of [3, 4, 5, 8, 9]) {
        const iterator = pagedIterator(store.readStream(`len-${length}`));
        const sizes: number[] = [];
        for (let page = await iterator.nextPage(1024); page.length > 0; page = await iterator.nextPage(1024)) sizes.push(page.length);
        expect(sizes, `a stream of ${length}`).toEqual([4, 4, 4].slice(0, Math.floor(length / 4)).concat(length % 4 === 0 ? [] : [length % 4]));
      }
      // Backwards from the middle, across a page boundary, in small pages and single events.
      const iterator = pagedIterator(store.readStream('len-9', { direction: 'backwards', fromRevision: 6n }));
      const revisions: bigint[] = [];
      revisions.push(...(await iterator.nextPage(3)).map((e) => e.revision));
      revisions.push(...(await iterator.nextPage(3)).map((e) => e.revision));
      const single = await iterator.next();
      if (single.done !== true) revisions.push(single.value.revision);
      revisions.push(...(await iterator.nextPage(3)).map((e) => e.revision));
      expect(revisions).toEqual([6n, 5n, 4n, 3n, 2n, 1n, 0n]);
      expect(await iterator.nextPage(3)).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it('lets the event loop turn between pages of a long read', async () => {
    const store = getSqliteEventStore({ fileName: ':memory:', pageSize: 2 });
    try {
      await store.appendToStream(
        'long',
        Array.from({ length: 6 }, () => newEvent()),
      );
      let ticks = 0;
      let ticking = true;
      const tick = (): void => {
        ticks += 1;
        if (ticking) setImmediate(tick);
      };
      setImmediate(tick);
      const seenTicks: number[] = [];
      await forEachEvent(store.readStream('long'), () => seenTicks.push(ticks) > 0);
      ticking = false;
      // Three pages: the second and third were fetched on later turns of the event loop.
      expect(seenTicks[2]).toBeGreaterThan(seenTicks[0]!);
      expect(seenTicks[4]).toBeGreaterThan(seenTicks[2]!);
    } finally {
      await store.close();
    }
  });

  it('ends after return(), and rejects with StoreClosedError once the store is closed', async () => {
    const store = getSqliteEventStore({ fileName: ':memory:', pageSize: 2 });
    await store.appendToStream(
      'a',
      Array.from({ length: 5 }, () => newEvent()),
    );
    const stopped = pagedIterator(store.readStream('a'));
    expect(await stopped.nextPage(1)).toHaveLength(1);
    await stopped.return?.();
    expect(await stopped.nextPage(5)).toEqual([]);
    const open = pagedIterator(store.readStream('a'));
    expect(await open.nextPage(5)).toHaveLength(2);
    const unstarted = pagedIterator(store.readAll());
    await store.close();
    expect(isStoreClosedError(await rejectionOf(() => open.nextPage(5)))).toBe(true);
    expect(isStoreClosedError(await rejectionOf(() => unstarted.nextPage(5)))).toBe(true);
  });
});

describe('a corrupt row inside a page', () => {
  it('ends the page before it, then rejects with an EventDecodeError naming stream and revision, then reads on', async () => {
    const store = getSqliteEventStore({ fileName: ':memory:' });
    try {
      await store.appendToStream('other', [newEvent()]);
      await store.appendToStream(
        'bad',
        Array.from({ length: 5 }, () => newEvent()),
      );
      await store.appendToStream('other', [newEvent()]);
      await corruptRow(store)('bad', 2n);
      const iterator = pagedIterator(store.readStream('bad'));
      expect((await iterator.nextPage(1024)).map((e) => e.revision)).toEqual([0n, 1n]);
      const error = await rejectionOf(() => iterator.nextPage(1024));
      expect(isEventDecodeError(error)).toBe(true);
      expect(error).toMatchObject({ streamId: 'bad', revision: 2n, path: 'data' });
      expect((error as { reason: string }).reason).toMatch(/not valid JSON/);
      expect((await iterator.nextPage(1024)).map((e) => e.revision)).toEqual([3n, 4n]);
      expect(await iterator.nextPage(1024)).toEqual([]);

      // The whole store: every other event, in order, with the error in its place.
      const all = pagedIterator(store.readAll());
      const read: string[] = [];
      for (;;) {
        try {
          const page = await all.nextPage(1024);
          if (page.length === 0) break;
          read.push(...keys(page));
        } catch (e) {
          expect(e).toMatchObject({ name: 'EventDecodeError', streamId: 'bad', revision: 2n });
          read.push('error');
        }
      }
      expect(read).toEqual(['other@0', 'bad@0', 'bad@1', 'error', 'bad@3', 'bad@4', 'other@1']);
      expect(keys(await collect(store.readStream('other')))).toEqual(['other@0', 'other@1']);
    } finally {
      await store.close();
    }
  });

  it('fails forEachEvent after visiting the events before it; other streams still fold', async () => {
    const store = getSqliteEventStore({ fileName: ':memory:', pageSize: 3 });
    try {
      await store.appendToStream(
        'bad',
        Array.from({ length: 7 }, () => newEvent()),
      );
      await store.appendToStream(
        'good',
        Array.from({ length: 7 }, () => newEvent()),
      );
      // Revision 3 is the first row of the second page; metadata that is not an object.
      storeDatabase(store).prepare("UPDATE events SET metadata = '[1]' WHERE stream_id = 'bad' AND revision = 3").run();
      const visited: bigint[] = [];
      const error = await rejectionOf(() => forEachEvent(store.readStream('bad'), (e) => visited.push(e.revision) > 0));
      expect(visited).toEqual([0n, 1n, 2n]);
      expect(error).toMatchObject({ name: 'EventDecodeError', streamId: 'bad', revision: 3n, path: 'metadata' });
      expect((error as { reason: string }).reason).toMatch(/an array, not an object/);
      let good = 0;
      expect(await forEachEvent(store.readStream('good'), () => (good += 1) > 0)).toBe(true);
      expect(good).toBe(7);
    } finally {
      await store.close();
    }
  });
});
