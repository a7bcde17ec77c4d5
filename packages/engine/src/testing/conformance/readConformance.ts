import { canonicalJson, type EventStore, type RecordedEvent } from '../../index.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { newEvent, newEvents, uniqueId } from './counterDomain.js';
import { anyJsonEvent, collect, markPosition, type EventStoreFixture } from './fixture.js';

const eventIds = (events: readonly { readonly eventId: string }[]): string[] => events.map((e) => e.eventId);

/** Appends `count` events one by one to streams chosen round-robin; returns them in append order. */
const interleave = async (store: EventStore, streams: readonly string[], count: number): Promise<RecordedEvent[]> => {
  const recorded: RecordedEvent[] = [];
  for (let i = 0; i < count; i++) recorded.push(...(await store.appendToStream(streams[i % streams.length]!, [newEvent({ amount: i + 1 })])).events);
  return recorded;
};

/** Reads: both directions, from a revision, limits, missing streams, whole-store order and resumption, round trips. */
export const readConformance = (fixture: () => EventStoreFixture, numRuns: number): void => {
  describe('the last position', () => {
    it('readLastPosition() is the position of the newest event, whichever stream it went to', async () => {
      const { store } = fixture();
      const before = await store.readLastPosition();
      expect(before >= 0n).toBe(true);
      const first = await store.appendToStream(uniqueId('s'), newEvents(3));
      expect(await store.readLastPosition()).toBe(first.lastPosition);
      const second = await store.appendToStream(uniqueId('s'), [newEvent()]);
      expect(await store.readLastPosition()).toBe(second.lastPosition);
      expect(second.lastPosition > first.lastPosition).toBe(true);
    });
  });

  describe('reading streams', () => {
    it('reads a stream forwards and backwards, every field intact', async () => {
      const { store } = fixture();
      const streamId = uniqueId('s');
      const { events } = await store.appendToStream(streamId, newEvents(5));
      expect(await collect(store.readStream(streamId))).toEqual(events);
      expect(await collect(store.readStream(streamId, { direction: 'forwards' }))).toEqual(events);
      expect(await collect(store.readStream(streamId, { direction: 'backwards' }))).toEqual([...events].reverse());
    });

    it('reads from a revision (inclusive) in both directions, with and without maxCount', async () => {
      const { store } = fixture();
      const streamId = uniqueId('s');
      const { events } = await store.appendToStream(streamId, newEvents(6));
      const ids = eventIds(events);
      expect(eventIds(await collect(store.readStream(streamId, { fromRevision: 2n })))).toEqual(ids.slice(2));
      expect(eventIds(await collect(store.readStream(streamId, { fromRevision: 2n, maxCount: 3 })))).toEqual(ids.slice(2, 5));
      expect(eventIds(await collect(store.readStream(streamId, { direction: 'backwards', fromRevision: 3n })))).toEqual(ids.slice(0, 4).reverse());
      expect(eventIds(await collect(store.readStream(streamId, { direction: 'backwards', maxCount: 2 })))).toEqual(ids.slice(4).reverse());
      expect(await collect(store.readStream(streamId, { fromRevision: 6n }))).toEqual([]);
      expect(await collect(store.readStream(streamId, { maxCount: 0 }))).toEqual([]);
      expect(eventIds(await collect(store.readStream(streamId, { direction: 'backwards', fromRevision: 99n })))).toEqual([...ids].reverse());
    });

    it('a missing stream reads as empty in both directions, without throwing', async () => {
      const { store } = fixture();
      const streamId = uniqueId('missing');
      expect(await collect(store.readStream(streamId))).toEqual([]);
      expect(await collect(store.readStream(streamId, { direction: 'backwards', fromRevision: 3n }))).toEqual([]);
    });

    it('for all reads (direction, from revision, max count), a stream read matches slicing the appended events', async () => {
      const { store } = fixture();
      const streamId = uniqueId('s');
      const { events } = await store.appendToStream(streamId, newEvents(12));
      const ids = eventIds(events);
      await fc.assert(
        fc.asyncProperty(fc.boolean(), fc.option(fc.nat(14), { nil: undefined }), fc.option(fc.nat(14), { nil: undefined }), async (backwards, from, maxCount) => {
          const read = eventIds(
            await collect(
              store.readStream(streamId, {
                direction: backwards ? 'backwards' : 'forwards',
                ...(from === undefined ? {} : { fromRevision: BigInt(from) }),
                ...(maxCount === undefined ? {} : { maxCount }),
              }),
            ),
          );
          const expected = backwards ? ids.slice(0, from === undefined ? ids.length : from + 1).reverse() : ids.slice(from ?? 0);
          expect(read).toEqual(expected.slice(0, maxCount ?? expected.length));
        }),
        { numRuns },
      );
    });

    it('for all JSON data and metadata, events read back equal to what was appended (as JSON)', async () => {
      const { store } = fixture();
      await fc.assert(
        fc.asyncProperty(anyJsonEvent(4), async (event) => {
          const { data } = event;
          const streamId = uniqueId('json');
          await store.appendToStream(streamId, [event]);
          const [read] = await collect(store.readStream(streamId));
          const asJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value));
          expect(asJson(read?.data)).toEqual(asJson(data));
          expect(asJson(read?.metadata)).toEqual(asJson(event.metadata));
          expect(canonicalJson(read?.data)).toBe(canonicalJson(data));
        }),
        { numRuns },
      );
    });

    it('keeps hard strings verbatim: NUL, emoji, CJK, quotes, backslashes, extreme numbers', async () => {
      const { store } = fixture();
      const streamId = uniqueId('s');
      const data = { nul: 'a\u0000b', emoji: '👩‍⚖️', cjk: '一站式矛盾纠纷调解中心', quotes: `"'\\`, big: 12345678901234567890, small: 1e-7, neg: -0.5, empty: {}, list: [] };
      await store.appendToStream(streamId, [newEvent(data, 'Odd')]);
      const [read] = await collect(store.readStream(streamId));
      expect(read?.data).toEqual(data);
    });
  });

  describe('reading the whole store', () => {
    it('reads every event in position order, positions strictly increasing, from an exclusive position', async () => {
      const { store } = fixture();
      const streams = [uniqueId('a'), uniqueId('b'), uniqueId('c')];
      const start = await markPosition(store, newEvent());
      const appended = await interleave(store, streams, 9);
      const all = await collect(store.readAll({ fromPosition: start }));
      expect(all).toEqual(appended);
      for (let i = 1; i < all.length; i++) expect(all[i]!.position).toBeGreaterThan(all[i - 1]!.position);
      expect(eventIds(await collect(store.readAll({ fromPosition: all[3]!.position })))).toEqual(eventIds(appended.slice(4)));
      expect(eventIds(await collect(store.readAll({ fromPosition: start, maxCount: 2 })))).toEqual(eventIds(appended.slice(0, 2)));
      const everything = eventIds(await collect(store.readAll()));
      expect(everything.slice(-9)).toEqual(eventIds(appended));
    });

    it('for all page sizes, resuming from the last position read neither skips nor repeats', async () => {
      const { store } = fixture();
      const start = await markPosition(store, newEvent());
      const appended = eventIds(await interleave(store, [uniqueId('a'), uniqueId('b')], 17));
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 1, max: 20 }), async (pageSize) => {
          const seen: string[] = [];
          let from = start;
          for (;;) {
            const page = await collect(store.readAll({ fromPosition: from, maxCount: pageSize }));
            if (page.length === 0) break;
            seen.push(...eventIds(page));
            from = page[page.length - 1]!.position;
          }
          expect(seen).toEqual(appended);
        }),
        { numRuns },
      );
    });

    it('a reader resuming while writers append concurrently sees every event exactly once, in increasing positions', async () => {
      const { store } = fixture();
      const start = await markPosition(store, newEvent());
      const writers = 6;
      const appendsEach = 20;
      const written: string[] = [];
      let writing = true;
      const write = async (w: number): Promise<void> => {
        const streamId = uniqueId(`w${w}`);
        for (let i = 0; i < appendsEach; i++) {
          const events = newEvents(1 + (i % 3));
          await store.appendToStream(streamId, events);
          written.push(...eventIds(events));
        }
      };
      const seen: RecordedEvent[] = [];
      const read = async (): Promise<void> => {
        let from = start;
        for (let more = true; more;) {
          const done = !writing;
          const page = await collect(store.readAll({ fromPosition: from, maxCount: 7 }));
          seen.push(...page);
          if (page.length > 0) from = page[page.length - 1]!.position;
          more = !done || page.length > 0;
          if (page.length === 0) await new Promise((resolve) => setImmediate(resolve));
        }
      };
      const reader = read();
      await Promise.all(Array.from({ length: writers }, (_, w) => write(w)));
      writing = false;
      await reader;
      for (let i = 1; i < seen.length; i++) expect(seen[i]!.position).toBeGreaterThan(seen[i - 1]!.position);
      expect(new Set(eventIds(seen)).size).toBe(seen.length);
      expect([...eventIds(seen)].sort()).toEqual([...written].sort());
    });
  });
};
