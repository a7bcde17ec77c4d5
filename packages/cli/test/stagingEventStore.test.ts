import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { type NewEvent, type ReadStreamOptions, forEachEvent, isStoreClosedError, isWrongExpectedRevisionError } from '@casefold/engine';
import { isStagingStoreReadError, stagingEventStore } from '../src/demo/stagingEventStore.js';

const event = (eventId: string): NewEvent => ({
  eventId,
  type: 'Noted',
  data: { eventId },
  metadata: { recordedAt: '2025-01-01T00:00:00.000Z', occurredAt: '2025-01-01T00:00:00.000Z', commandId: eventId, correlationId: eventId, causationId: null, schemaVersion: 1 },
});

const collect = async <T>(items: AsyncIterable<T>): Promise<T[]> => {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
};

/** Appends: to which of three streams, how many events. */
const appendsArbitrary = fc.array(fc.record({ stream: fc.constantFrom('a', 'b', 'c'), count: fc.integer({ min: 1, max: 3 }) }), { maxLength: 12 });

describe('the demo staging store', () => {
  test.prop([appendsArbitrary, fc.constantFrom('forwards', 'backwards' as const), fc.option(fc.integer({ min: -2, max: 20 })), fc.option(fc.integer({ min: 0, max: 20 }))], { numRuns: 1000 })(
    'for all appends: revisions count from 0 per stream, positions from 1 over all, and stream reads select as the port says',
    async (appends, direction, fromRevision, maxCount) => {
      const store = stagingEventStore();
      const expected = new Map<string, string[]>();
      let position = 0n;
      for (const { stream, count } of appends) {
        const before = expected.get(stream) ?? [];
        const ids = Array.from({ length: count }, (_, i) => `${stream}-${before.length + i}`);
        const result = await store.appendToStream(stream, ids.map(event), { expectedRevision: before.length === 0 ? 'no_stream' : BigInt(before.length - 1) });
        expect(result.events.map((e) => [e.eventId, e.revision, e.position])).toEqual(ids.map((id, i) => [id, BigInt(before.length + i), position + 1n + BigInt(i)]));
        position += BigInt(count);
        expected.set(stream, [...before, ...ids]);
      }
      for (const stream of ['a', 'b', 'c']) {
        const all = expected.get(stream) ?? [];
        const start = fromRevision ?? (direction === 'forwards' ? 0 : all.length - 1);
        const indexes = direction === 'forwards' ? all.map((_, i) => i).filter((i) => i >= start) : all.map((_, i) => i).filter((i) => i <= start).reverse();
        const options: ReadStreamOptions = { direction, ...(fromRevision === null ? {} : { fromRevision: BigInt(fromRevision) }), ...(maxCount === null ? {} : { maxCount }) };
        const want = indexes.slice(0, maxCount ?? undefined).map((i) => all[i]);
        expect((await collect(store.readStream(stream, options))).map((e) => e.eventId)).toEqual(want);
        const paged: string[] = [];
        await forEachEvent(store.readStream(stream, options), (e) => paged.push(e.eventId) > 0);
        expect(paged).toEqual(want);
      }
    },
  );

  it('refuses a wrong expected revision, forgets released streams, serves no global reads, and refuses work once closed', async () => {
    const store = stagingEventStore();
    await store.appendToStream('a', [event('a-0')], { expectedRevision: 'no_stream' });
    await expect(store.appendToStream('a', [event('a-1')], { expectedRevision: 'no_stream' })).rejects.toSatisfy(isWrongExpectedRevisionError);
    store.release('a');
    expect(await collect(store.readStream('a'))).toEqual([]);
    await expect(collect(store.readAll())).rejects.toSatisfy(isStagingStoreReadError);
    await expect(collect(store.subscribeToAll())).rejects.toThrow(/staging store cannot subscribe/);
    await store.close();
    await expect(store.appendToStream('b', [event('b-0')])).rejects.toSatisfy(isStoreClosedError);
    await expect(collect(store.readStream('b'))).rejects.toSatisfy(isStoreClosedError);
  });
});
