import { newEvent, newEvents } from '@casefold/engine/testing';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import {
  EventDecodeError,
  GENESIS_HASH,
  eventHash,
  getInMemoryEventStore,
  replayVerified as replayVerifiedOf,
  verifyAll as verifyAllOf,
  verifyStream as verifyStreamOf,
  type BrokenLinkKind,
  type EventStore,
  type RecordedEvent,
  type VerifyResult,
} from '../../src/index.js';
import { tamperWithInMemoryStore } from '../../src/eventStore/inMemoryTampering.js';
import { eventAt, rehashed, storeOf, tamper, tamperingCase } from './tampering.js';

/** A store with stream `a` (6 events) and `b` (3 events), interleaved. */
const twoStreams = async (): Promise<EventStore> => {
  const store = getInMemoryEventStore();
  await store.appendToStream('a', newEvents(2));
  await store.appendToStream('b', newEvents(1));
  await store.appendToStream('a', newEvents(3));
  await store.appendToStream('b', newEvents(2));
  await store.appendToStream('a', newEvents(1));
  return store;
};

const expectBroken = (result: VerifyResult, kind: BrokenLinkKind, streamId: string, revision: bigint): void => {
  if (E.isRight(result)) throw new Error(`expected a broken link (${kind} at ${streamId}@${revision}), but the chain verified`);
  expect(result.left).toMatchObject({ kind, streamId, revision });
  expect(result.left.message).toContain(streamId);
};

/** The store without its stored reads: verification then parses every event, as on a store that offers none. */
const parsedOnly = (store: EventStore): EventStore => {
  const { readStoredStream: _stream, readStoredAll: _all, ...rest } = store;
  return rest;
};

describe.each([
  ['hashing stored texts (readStoredAll)', (store: EventStore): EventStore => store],
  ['hashing parsed events (a store without stored reads)', parsedOnly],
])('verifyStream and verifyAll, %s', (_path, view) => {
  const verifyAll: typeof verifyAllOf = (store, options) => verifyAllOf(view(store), options);
  const verifyStream: typeof verifyStreamOf = (store, streamId, options) => verifyStreamOf(view(store), streamId, options);
  const both = async (store: EventStore, streamId: string): Promise<VerifyResult[]> => [await verifyStream(store, streamId), await verifyAll(store)];

  it('accept an untampered store and report its streams, events, last position and heads', async () => {
    const store = await twoStreams();
    const all = await verifyAll(store);
    if (E.isLeft(all)) throw new Error(all.left.message);
    expect(all.right.streams).toBe(2);
    expect(all.right.events).toBe(9);
    expect(all.right.heads.get('a')).toEqual({ revision: 5n, hash: (await eventAt(store, 'a', 5n)).hash });
    expect(all.right.lastPosition).toBe(9n);
    expect(await verifyStream(store, 'missing')).toEqual(E.right({ streams: 0, events: 0, lastPosition: 0n, heads: new Map() }));
  });

  it('detect an event whose content was changed without a new hash', async () => {
    const store = await twoStreams();
    tamperWithInMemoryStore(store).changeEvent('a', 2n, (e) => ({ ...e, data: { amount: 1_000_000 } }));
    for (const result of await both(store, 'a')) expectBroken(result, 'changed', 'a', 2n);
  });

  it('detect an event rewritten with a fresh hash (its successor no longer links to it)', async () => {
    const store = await twoStreams();
    tamperWithInMemoryStore(store).changeEvent('a', 2n, (e) => rehashed(e, { data: { amount: 7 } }));
    for (const result of await both(store, 'a')) {
      expectBroken(result, 'changed', 'a', 2n);
      if (E.isLeft(result)) expect(result.left.message).toMatch(/rewritten/);
    }
  });

  it('detect removed events: in the middle, at the start', async () => {
    const middle = await twoStreams();
    tamperWithInMemoryStore(middle).removeEvent('a', 3n);
    for (const result of await both(middle, 'a')) expectBroken(result, 'removed', 'a', 3n);

    const start = await twoStreams();
    tamperWithInMemoryStore(start).removeEvent('b', 0n);
    for (const result of await both(start, 'b')) expectBroken(result, 'removed', 'b', 0n);
  });

  it('detect a truncated tail only against an anchor', async () => {
    const store = await twoStreams();
    const before = await verifyAll(store);
    if (E.isLeft(before)) throw new Error(before.left.message);
    tamperWithInMemoryStore(store).removeEvent('a', 5n);
    expect(E.isRight(await verifyStream(store, 'a'))).toBe(true);
    expectBroken(await verifyStream(store, 'a', { anchor: before.right.heads.get('a')! }), 'removed', 'a', 5n);
    expectBroken(await verifyAll(store, { anchors: before.right.heads }), 'removed', 'a', 5n);
    expectBroken(await verifyAll(store, { anchors: new Map([['gone', { revision: 0n, hash: 'f'.repeat(64) }]]) }), 'removed', 'gone', 0n);
  });

  it('detect a whole-tail rewrite against an anchor', async () => {
    const store = await twoStreams();
    const anchor = (await eventAt(store, 'a', 4n)).hash;
    const tampering = tamperWithInMemoryStore(store);
    let prevHash = (await eventAt(store, 'a', 2n)).hash;
    for (const revision of [3n, 4n, 5n]) {
      const forged = rehashed(await eventAt(store, 'a', revision), { prevHash, data: { amount: 99 } });
      tampering.changeEvent('a', revision, () => forged);
      prevHash = forged.hash;
    }
    expect(E.isRight(await verifyStream(store, 'a'))).toBe(true);
    expectBroken(await verifyStream(store, 'a', { anchor: { revision: 4n, hash: anchor } }), 'changed', 'a', 4n);
  });

  it('detect an inserted event: a second event claiming a revision', async () => {
    const store = await twoStreams();
    const previous = await eventAt(store, 'a', 1n);
    const forged = rehashed({ ...(await eventAt(store, 'a', 2n)), eventId: 'forged', data: { amount: 5 } }, { prevHash: previous.hash });
    tamperWithInMemoryStore(store).insertEvent('a', 2n, forged);
    for (const result of await both(store, 'a')) expectBroken(result, 'inserted', 'a', 2n);
  });

  it('detect an inserted event when later events were renumbered and rehashed one by one', async () => {
    const store = await twoStreams();
    const tampering = tamperWithInMemoryStore(store);
    const previous = await eventAt(store, 'a', 1n);
    const forged = rehashed({ ...(await eventAt(store, 'a', 2n)), eventId: 'forged', data: { amount: 5 } }, { prevHash: previous.hash });
    for (const revision of [5n, 4n, 3n, 2n]) {
      tampering.changeEvent('a', revision, (e) => rehashed(e, { revision: revision + 1n }));
    }
    tampering.insertEvent('a', 3n, forged);
    for (const result of await both(store, 'a')) expectBroken(result, 'inserted', 'a', 2n);
  });

  it('detect reordered events, adjacent or not', async () => {
    const adjacent = await twoStreams();
    tamperWithInMemoryStore(adjacent).swapEvents('a', 2n, 3n);
    for (const result of await both(adjacent, 'a')) expectBroken(result, 'reordered', 'a', 2n);

    const apart = await twoStreams();
    tamperWithInMemoryStore(apart).swapEvents('a', 1n, 4n);
    for (const result of await both(apart, 'a')) expectBroken(result, 'reordered', 'a', 1n);
  });

  it('verifyAll reports the first break in store order, and a stored event that cannot be read as changed', async () => {
    const store = await twoStreams();
    const tampering = tamperWithInMemoryStore(store);
    tampering.changeEvent('a', 5n, (e) => ({ ...e, type: 'Edited' }));
    tampering.removeEvent('b', 1n);
    expectBroken(await verifyAll(store), 'removed', 'b', 1n);

    const failing = <T>(): AsyncIterable<T> => ({
      [Symbol.asyncIterator]: () => ({
        next: () => Promise.reject(new EventDecodeError({ streamId: 'a', revision: 0n, eventType: 'Incremented', path: 'data', reason: 'invalid JSON' })),
      }),
    });
    const unreadable: EventStore = { ...store, readAll: failing, readStoredAll: failing };
    expectBroken(await verifyAll(unreadable), 'changed', 'a', 0n);
  });

  it('for all stores and any one tampering, verifyAll names its kind, stream and revision', async () => {
    await fc.assert(
      fc.asyncProperty(tamperingCase<BrokenLinkKind>('changed', 'removed', 'inserted', 'reordered'), async ({ appends, kind, pick }) => {
        const store = await storeOf(appends);
        expect(E.isRight(await verifyAll(store))).toBe(true);
        const lengths = new Map<string, number>();
        for (const { stream, count } of appends) lengths.set(stream, (lengths.get(stream) ?? 0) + count);
        // Tamper somewhere before the last event of a stream with at least two events (a chain alone cannot see the tail).
        const candidates = [...lengths].filter(([, length]) => length >= 2);
        fc.pre(candidates.length > 0);
        const [streamId, length] = candidates[pick % candidates.length]!;
        const revision = BigInt((pick >> 3) % (length - 1));
        await tamper(store, kind, streamId, revision);
        expectBroken(await verifyAll(store), kind, streamId, revision);
      }),
      { numRuns: 1000 },
    );
  });

  it('reports progress every 1,000 events checked, when asked', async () => {
    const store = getInMemoryEventStore();
    for (let i = 0; i < 25; i++) await store.appendToStream(`s${i % 3}`, newEvents(100));
    const seen: number[] = [];
    const result = await verifyAll(store, { onProgress: (checked) => seen.push(checked) });
    expect(E.isRight(result) && result.right.events).toBe(2_500);
    expect(seen).toEqual([1_000, 2_000]);
  });

  it('keeps verifyAll memory per stream, not per event', async () => {
    const store = getInMemoryEventStore();
    for (let i = 0; i < 2_000; i++) await store.appendToStream('long', [newEvent({ amount: i + 1 })]);
    const result = await verifyAll(store);
    expect(E.isRight(result) && result.right.heads.size).toBe(1);
  });
  describe('replayVerified', () => {
    const replayVerified: typeof replayVerifiedOf = (store, visit, options) => replayVerifiedOf(view(store), visit, options);

    it('hands every event of an intact store to visit, parsed, in position order, and verifies as verifyAll does', async () => {
      const store = await twoStreams();
      const seen: RecordedEvent[] = [];
      const result = await replayVerified(store, (event) => seen.push(event));
      expect(result).toEqual(await verifyAll(store));
      const all: RecordedEvent[] = [];
      for await (const event of store.readAll()) all.push(event);
      expect(seen).toEqual(all);
    });

    it("for all stores and any one tampering, gives verifyAll's result; visit saw only events whose hash and link held when seen, and every event when it verified (1,000 runs)", async () => {
      await fc.assert(
        fc.asyncProperty(tamperingCase<BrokenLinkKind | 'none'>('none', 'changed', 'removed', 'inserted', 'reordered'), async ({ appends, kind, pick }) => {
          const store = await storeOf(appends);
          const streamId = appends[pick % appends.length]!.stream;
          const length = appends.filter((a) => a.stream === streamId).reduce((sum, a) => sum + a.count, 0);
          const revision = BigInt((pick >> 3) % length);
          // The last event has no next one to swap with.
          if (kind !== 'none' && !(kind === 'reordered' && revision + 1n >= BigInt(length))) await tamper(store, kind, streamId, revision);
          const last = new Map<string, RecordedEvent>();
          const seen: RecordedEvent[] = [];
          const result = await replayVerified(store, (event) => {
            const before = last.get(event.streamId);
            expect(eventHash(event.prevHash, event)).toBe(event.hash);
            expect(event.revision).toBe(before === undefined ? 0n : before.revision + 1n);
            expect(event.prevHash).toBe(before?.hash ?? GENESIS_HASH);
            last.set(event.streamId, event);
            seen.push(event);
          });
          expect(result).toEqual(await verifyAll(store));
          if (E.isRight(result)) {
            const all: RecordedEvent[] = [];
            for await (const event of store.readAll()) all.push(event);
            expect(seen).toEqual(all);
          }
        }),
        { numRuns: 1000 },
      );
    });

    it('rejects with what visit throws, even an EventDecodeError, instead of calling it tampering', async () => {
      const store = await twoStreams();
      const thrown = new EventDecodeError({ streamId: 'a', revision: 0n, eventType: 'Incremented', path: 'data', reason: 'the codec refused it' });
      await expect(
        replayVerified(store, () => {
          throw thrown;
        }),
      ).rejects.toBe(thrown);
    });
  });
});
