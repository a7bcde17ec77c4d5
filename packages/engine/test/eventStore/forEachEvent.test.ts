import { newEvent } from '@casefold/engine/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StoreClosedError, forEachEvent, getInMemoryEventStore, type PagedAsyncIterator, type RecordedEvent } from '../../src/index.js';

const collect = async (events: AsyncIterable<RecordedEvent>): Promise<bigint[]> => {
  const positions: bigint[] = [];
  for await (const event of events) positions.push(event.position);
  return positions;
};

/** A store with `streams` streams of random lengths, appended in random batches. */
const filledStore = async (batches: readonly { readonly stream: number; readonly size: number }[]) => {
  const store = getInMemoryEventStore();
  for (const { stream, size } of batches)
    await store.appendToStream(
      `s-${stream}`,
      Array.from({ length: size }, () => newEvent()),
    );
  return store;
};

const batches = fc.array(fc.record({ stream: fc.nat(2), size: fc.integer({ min: 1, max: 40 }) }), { maxLength: 40 });

describe('paged reads (nextPage) and forEachEvent', () => {
  it('for all stores and reads, forEachEvent visits exactly the events for await yields, in order', async () => {
    const read = fc.record({
      stream: fc.option(fc.nat(3), { nil: undefined }),
      direction: fc.constantFrom('forwards' as const, 'backwards' as const),
      fromRevision: fc.option(fc.bigInt({ min: 0n, max: 60n }), { nil: undefined }),
      fromPosition: fc.option(fc.bigInt({ min: 0n, max: 900n }), { nil: undefined }),
      maxCount: fc.option(fc.integer({ min: 0, max: 2000 }), { nil: undefined }),
    });
    await fc.assert(
      fc.asyncProperty(batches, read, async (appends, r) => {
        const store = await filledStore(appends);
        const events = () =>
          r.stream === undefined
            ? store.readAll({ ...(r.fromPosition === undefined ? {} : { fromPosition: r.fromPosition }), ...(r.maxCount === undefined ? {} : { maxCount: r.maxCount }) })
            : store.readStream(`s-${r.stream}`, {
                direction: r.direction,
                ...(r.fromRevision === undefined ? {} : { fromRevision: r.fromRevision }),
                ...(r.maxCount === undefined ? {} : { maxCount: r.maxCount }),
              });
        const visited: bigint[] = [];
        expect(await forEachEvent(events(), (event) => visited.push(event.position) > 0)).toBe(true);
        expect(visited).toEqual(await collect(events()));
      }),
      { numRuns: 1000 },
    );
  });

  it('for all page sizes, mixing next() and nextPage() on one iterator yields every event once, in order', async () => {
    await fc.assert(
      fc.asyncProperty(batches, fc.array(fc.integer({ min: 0, max: 30 }), { maxLength: 60 }), async (appends, steps) => {
        const store = await filledStore(appends);
        const iterator = store.readAll()[Symbol.asyncIterator]() as PagedAsyncIterator<RecordedEvent>;
        const seen: bigint[] = [];
        for (const size of steps) {
          if (size === 0) {
            const result = await iterator.next();
            if (!result.done) seen.push(result.value.position);
          } else {
            const page = await iterator.nextPage(size);
            expect(page.length).toBeLessThanOrEqual(size);
            seen.push(...page.map((e) => e.position));
          }
        }
        for (let page = await iterator.nextPage(7); page.length > 0; page = await iterator.nextPage(7)) seen.push(...page.map((e) => e.position));
        expect(seen).toEqual(await collect(store.readAll()));
      }),
      { numRuns: 1000 },
    );
  });

  it('stops when visit returns false and closes the read; a closed store rejects with a typed error', async () => {
    const store = await filledStore([{ stream: 0, size: 30 }]);
    let visits = 0;
    expect(await forEachEvent(store.readAll(), () => ++visits < 5)).toBe(false);
    expect(visits).toBe(5);
    await store.close();
    await expect(forEachEvent(store.readStream('s-0'), () => true)).rejects.toBeInstanceOf(StoreClosedError);
  });

  it('reads iterators without nextPage one event at a time, and closes them when visit throws', async () => {
    let closed = false;
    const plain: AsyncIterable<number> = {
      [Symbol.asyncIterator]: () => {
        let n = 0;
        return {
          next: () => Promise.resolve(n < 3 ? { done: false as const, value: n++ } : { done: true as const, value: undefined }),
          return: () => {
            closed = true;
            return Promise.resolve({ done: true as const, value: undefined });
          },
        };
      },
    };
    const seen: number[] = [];
    expect(await forEachEvent(plain, (n) => seen.push(n) > 0)).toBe(true);
    expect(seen).toEqual([0, 1, 2]);
    await expect(
      forEachEvent(plain, () => {
        throw new Error('visit failed');
      }),
    ).rejects.toThrow('visit failed');
    expect(closed).toBe(true);
  });
});
