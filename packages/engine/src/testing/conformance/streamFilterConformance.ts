import { isInvalidStreamFilterError, type RecordedEvent, type StoredEvent } from '../../index.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { newEvent, uniqueId } from './counterDomain.js';
import { collect, markPosition, storedPrefixOf, type EventStoreFixture } from './fixture.js';
import { take } from './subscriptionConformance.js';

const eventIds = (events: readonly { readonly eventId: string }[]): string[] => events.map((e) => e.eventId);

/**
 * Stream-id starts that a careless adapter would confuse: nested and neighbouring ones, SQL
 * `LIKE` and `GLOB` wildcards, case, CJK and a character outside the BMP. Each test puts them
 * under a base of its own, so tests sharing a store do not see each other's streams.
 */
const STARTS = ['a/', 'a/b/', 'ab/', 'A/', 'a', '%/', '_/', '*/', '?/', '[a]/', "'/", '西山/', '😀/', '\\/'];

/** Streams under each start (and the base itself): the names appends pick from. */
const streamsUnder = (base: string): string[] => [...STARTS.map((start) => `${base}${start}s`), ...STARTS.map((start) => `${base}${start}t`), `${base}x`];

/** Narrowed reads, subscriptions and last positions (`streamPrefix`): exactly the streams whose id starts with the prefix. */
export const streamFilterConformance = (fixture: () => EventStoreFixture, numRuns: number): void => {
  describe('narrowed to a stream prefix', () => {
    it('for all interleavings of appends, a read narrowed to a prefix is the whole read filtered by startsWith, and its last position the newest of them', async () => {
      const { store } = fixture();
      const base = `${uniqueId('tenant')}/`;
      const streams = streamsUnder(base);
      const start = await markPosition(store, newEvent());
      // One history per test (appends are costly on real stores); the property varies the reads.
      const picks = fc.sample(fc.array(fc.nat(streams.length - 1), { minLength: 40, maxLength: 40 }), { numRuns: 1, seed: 17 })[0]!;
      for (const [i, pick] of picks.entries()) await store.appendToStream(streams[pick]!, [newEvent({ amount: i })]);
      const whole = (await collect(store.readAll({ fromPosition: start }))).filter((event) => event.streamId.startsWith(base));
      expect(whole).toHaveLength(40);
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(base, ...STARTS.map((s) => `${base}${s}`)), fc.nat(40), fc.option(fc.integer({ min: 0, max: 45 }), { nil: undefined }), async (prefix, skip, maxCount) => {
          const selected = whole.filter((event) => event.streamId.startsWith(prefix));
          const from = skip === 0 ? start : whole[skip - 1]!.position;
          const expected = selected.filter((event) => event.position > from).slice(0, maxCount ?? Number.POSITIVE_INFINITY);
          const read = await collect(store.readAll({ fromPosition: from, streamPrefix: prefix, ...(maxCount === undefined ? {} : { maxCount }) }));
          expect(eventIds(read)).toEqual(eventIds(expected));
          expect(read).toEqual(expected);
          expect(await store.readLastPosition({ streamPrefix: prefix })).toBe(selected.at(-1)?.position ?? 0n);
        }),
        { numRuns: Math.min(numRuns, 200) },
      );
    });

    it('a prefix no stream starts with reads nothing and has last position 0; an empty prefix is every stream', async () => {
      const { store } = fixture();
      const { lastPosition } = await store.appendToStream(uniqueId('s'), [newEvent()]);
      const nobody = `${uniqueId('nobody')}/`;
      expect(await collect(store.readAll({ streamPrefix: nobody }))).toEqual([]);
      expect(await store.readLastPosition({ streamPrefix: nobody })).toBe(0n);
      expect(await store.readLastPosition({ streamPrefix: '' })).toBe(lastPosition);
      expect(await store.readLastPosition({ streamPrefix: '' })).toBe(await store.readLastPosition());
      expect(eventIds(await collect(store.readAll({ fromPosition: lastPosition - 1n, streamPrefix: '' })))).toEqual(eventIds(await collect(store.readAll({ fromPosition: lastPosition - 1n }))));
    });

    it('a narrowed subscription catches up and then delivers live only the events of its prefix, in order', async () => {
      const { store } = fixture();
      const base = `${uniqueId('tenant')}/`;
      const start = await markPosition(store, newEvent());
      const mine = `${base}mine/case-1`;
      const before = await store.appendToStream(mine, [newEvent({ amount: 1 })]);
      await store.appendToStream(`${base}other/case-1`, [newEvent({ amount: 2 })]);
      const subscription = store.subscribeToAll({ fromPosition: start, streamPrefix: `${base}mine/` });
      try {
        expect(await take(subscription, 1)).toEqual(before.events);
        const pending = take(subscription, 2);
        await store.appendToStream(`${base}other/case-2`, [newEvent({ amount: 3 })]);
        await store.appendToStream(`${base}minefield/case-1`, [newEvent({ amount: 4 })]);
        const live1 = await store.appendToStream(`${base}mine/case-2`, [newEvent({ amount: 5 })]);
        await store.appendToStream(uniqueId('elsewhere'), [newEvent({ amount: 6 })]);
        const live2 = await store.appendToStream(mine, [newEvent({ amount: 7 })]);
        expect(eventIds(await pending)).toEqual(eventIds([...live1.events, ...live2.events]));
      } finally {
        await subscription.close();
      }
    });

    it('stored reads narrow alike (when the store offers them)', async (context) => {
      const { store } = fixture();
      const readStoredAll = store.readStoredAll?.bind(store);
      if (readStoredAll === undefined) {
        context.skip('this store offers no stored reads (readStoredAll is optional)');
        return;
      }
      const base = `${uniqueId('tenant')}/`;
      const start = await markPosition(store, newEvent());
      for (const [i, stream] of ['a/1', 'b/1', 'a/2', 'ab/1'].entries()) await store.appendToStream(`${base}${stream}`, [newEvent({ amount: i })]);
      const narrowed: StoredEvent[] = await collect(readStoredAll({ fromPosition: start, streamPrefix: `${base}a/` }));
      const stored = storedPrefixOf(fixture().store);
      expect(narrowed.map((event) => event.streamId)).toEqual([`${stored}${base}a/1`, `${stored}${base}a/2`]);
    });

    it('refuses a prefix no stream id can start with, naming the problem, and reads nothing', async () => {
      const { store } = fixture();
      for (const prefix of ['\u0000', 'a\uD800', 42 as unknown as string]) {
        const attempts: (() => Promise<unknown>)[] = [
          async () => collect(store.readAll({ streamPrefix: prefix })),
          async () => store.readLastPosition({ streamPrefix: prefix }),
          async () => {
            const subscription = store.subscribeToAll({ streamPrefix: prefix });
            try {
              return await take(subscription, 1, 1_000);
            } finally {
              await subscription.close();
            }
          },
        ];
        for (const attempt of attempts) {
          const error: unknown = await attempt().then(
            () => null,
            (e: unknown) => e,
          );
          expect(isInvalidStreamFilterError(error), String(error)).toBe(true);
          expect(String((error as Error).message)).toMatch(/streamPrefix/);
        }
      }
      // The store still works.
      const { events } = await store.appendToStream(uniqueId('s'), [newEvent()]);
      expect((await collect(store.readAll({ fromPosition: events[0]!.position - 1n }))).map((e: RecordedEvent) => e.eventId)).toEqual(eventIds(events));
    });
  });
};
