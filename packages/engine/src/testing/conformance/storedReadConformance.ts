import { canonicalJson, eventHashOfJson, type EventStore, type RecordedEvent, type StoredEvent } from '../../index.js';
import fc from 'fast-check';
import { describe, expect, it, type TestContext } from 'vitest';
import { newEvent, uniqueId } from './counterDomain.js';
import { anyJsonEvent, collect, markPosition, parsedAsCalled, storedPrefixOf, type EventStoreFixture } from './fixture.js';

type StoredReads = Required<Pick<EventStore, 'readStoredStream' | 'readStoredAll'>>;

/** The store's stored reads, or a visible skip when it offers none (they are optional in the port). */
const storedReadsOf = (store: EventStore, context: TestContext): StoredReads | null => {
  const { readStoredStream, readStoredAll } = store;
  if (readStoredStream === undefined || readStoredAll === undefined) {
    context.skip('this store offers no stored reads (readStoredStream/readStoredAll are optional); verification parses every event instead');
    return null;
  }
  return { readStoredStream: readStoredStream.bind(store), readStoredAll: readStoredAll.bind(store) };
};

/** An event with data and metadata as canonical JSON: equal for what JSON cannot tell apart (-0 and 0). */
const asCanonical = (event: RecordedEvent) => ({ ...event, data: canonicalJson(event.data), metadata: canonicalJson(event.metadata) });

/**
 * Stored reads (`readStoredStream`, `readStoredAll`), for stores that offer them: the same
 * events as the parsed reads, in the same order for the same options, with texts that parse
 * back to the events and, as this library writes them, hash to the event's hash as they are.
 */
export const storedReadConformance = (fixture: () => EventStoreFixture, numRuns: number): void => {
  describe('stored reads', () => {
    it('for all stream reads (direction, from revision, max count), the stored read parses to the parsed read', async (context) => {
      const { store } = fixture();
      const reads = storedReadsOf(store, context);
      if (reads === null) return;
      const streamId = uniqueId('s');
      await store.appendToStream(
        streamId,
        Array.from({ length: 9 }, (_, i) => newEvent({ amount: i + 1, note: `第${i}次` })),
      );
      await fc.assert(
        fc.asyncProperty(fc.boolean(), fc.option(fc.nat(11), { nil: undefined }), fc.option(fc.nat(11), { nil: undefined }), async (backwards, from, maxCount) => {
          const options = {
            direction: backwards ? ('backwards' as const) : ('forwards' as const),
            ...(from === undefined ? {} : { fromRevision: BigInt(from) }),
            ...(maxCount === undefined ? {} : { maxCount }),
          };
          expect((await collect(reads.readStoredStream(streamId, options))).map((stored) => parsedAsCalled(fixture().store, stored))).toEqual(await collect(store.readStream(streamId, options)));
        }),
        { numRuns },
      );
      expect(await collect(reads.readStoredStream(uniqueId('missing')))).toEqual([]);
    });

    it('for all JSON data and metadata, the stored texts hash to the event hash as they are, and parse to the event', async (context) => {
      const { store } = fixture();
      const reads = storedReadsOf(store, context);
      if (reads === null) return;
      await fc.assert(
        fc.asyncProperty(anyJsonEvent(3), async (event) => {
          const streamId = uniqueId('json');
          const { events } = await store.appendToStream(streamId, [event]);
          const [stored] = await collect(reads.readStoredStream(streamId));
          expect(stored).toBeDefined();
          expect(eventHashOfJson(stored!.prevHash, stored!)).toBe(events[0]!.hash);
          const [read] = await collect(store.readStream(streamId));
          expect(stored!.streamId).toBe(storedPrefixOf(fixture().store) + streamId);
          expect(asCanonical(parsedAsCalled(fixture().store, stored!))).toEqual(asCanonical(read!));
        }),
        { numRuns },
      );
    });

    it('reads the whole store as stored, in position order, from an exclusive position and with max count', async (context) => {
      const { store } = fixture();
      const reads = storedReadsOf(store, context);
      if (reads === null) return;
      const start = await markPosition(store, newEvent());
      const streams = [uniqueId('a'), uniqueId('b')];
      for (let i = 0; i < 7; i++) await store.appendToStream(streams[i % 2]!, [newEvent({ amount: i + 1 })]);
      const all = await collect(store.readAll({ fromPosition: start }));
      const parsed = (stored: readonly StoredEvent[]) => stored.map((event) => parsedAsCalled(fixture().store, event));
      expect(parsed(await collect(reads.readStoredAll({ fromPosition: start })))).toEqual(all);
      expect(parsed(await collect(reads.readStoredAll({ fromPosition: all[2]!.position, maxCount: 3 })))).toEqual(all.slice(3, 6));
    });
  });
};
