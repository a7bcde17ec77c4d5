import { MAX_APPEND_BYTES, MAX_ID_BYTES, isInvalidAppendError, isWrongExpectedRevisionError, type ActualRevision, type EventStore, type ExpectedRevision, type NewEvent } from '../../index.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { newEvent, newEvents, uniqueId } from './counterDomain.js';
import { collect, markPosition, storedPrefixOf, type EventStoreFixture } from './fixture.js';

/** Runs `append` and returns the error it rejects with (fails the test if it succeeds). */
const rejection = async (append: Promise<unknown>): Promise<unknown> => {
  try {
    await append;
  } catch (error) {
    return error;
  }
  throw new Error('expected the append to be rejected, but it succeeded');
};

const expectWrongRevision = async (append: Promise<unknown>, streamId: string, expected: ExpectedRevision, actual: ActualRevision): Promise<void> => {
  const error = await rejection(append);
  expect(isWrongExpectedRevisionError(error), String(error)).toBe(true);
  expect(error).toMatchObject({ streamId, expected, actual });
};

/** Length in UTF-8 bytes, as the stores' text columns count it. */
const utf8Bytes = (text: string): number => new TextEncoder().encode(text).length;

/** `prefix` (ASCII) followed by '中' (3 bytes each) and 'a's up to exactly `bytes` bytes in UTF-8. */
const padTo = (prefix: string, bytes: number): string => {
  const rest = bytes - prefix.length;
  return `${prefix}${'中'.repeat(Math.floor(rest / 3))}${'a'.repeat(rest % 3)}`;
};

/** Which part of an append carries a value under test. */
type IdField = 'streamId' | 'eventId' | 'type';

/** An append of one event whose `field` is `value` (the others fresh and valid). */
const appendWith = (store: EventStore, field: IdField, value: string): Promise<unknown> => {
  const event = newEvent();
  if (field === 'streamId') return store.appendToStream(value, [event]);
  return store.appendToStream(uniqueId('s'), [{ ...event, [field]: value }]);
};

/**
 * Text no store may take as a stream id, event id or type: with U+0000, with a lone
 * surrogate (never paired by its neighbours: `grapheme` strings hold whole code points), or
 * longer than {@link MAX_ID_BYTES} in UTF-8.
 */
const badId: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'grapheme' })).map(([before, after]) => `${before}\u0000${after}`),
  fc.tuple(fc.string({ unit: 'grapheme' }), fc.integer({ min: 0xd800, max: 0xdfff }), fc.string({ unit: 'grapheme' })).map(([before, half, after]) => `${before}${String.fromCharCode(half)}${after}`),
  fc.tuple(fc.string({ unit: 'grapheme', maxLength: 40 }), fc.integer({ min: MAX_ID_BYTES + 1, max: 3 * MAX_ID_BYTES })).map(([start, bytes]) => padTo(start.replace(/[^\x20-\x7e]/g, ''), bytes)),
);

/** Data the `Json` type forbids but an untyped caller can still pass. */
const untyped = (data: unknown): NewEvent['data'] => data as NewEvent['data'];

/** Event data that contains itself. */
const cyclic = (): NewEvent['data'] => {
  const data: Record<string, unknown> = { amount: 1 };
  data['self'] = data;
  return untyped(data);
};

const ids = async (store: EventStore, streamId: string): Promise<string[]> => (await collect(store.readStream(streamId))).map((e) => e.eventId);

type Expectation = { readonly kind: 'any' | 'no_stream' | 'stream_exists' } | { readonly kind: 'exact'; readonly offset: -1 | 0 | 1 };

/** Appends: every expected-revision case, atomicity, results, malformed input. */
export const appendConformance = (fixture: () => EventStoreFixture, numRuns: number): void => {
  describe('appends and expected revisions', () => {
    it("'no_stream' creates a stream at revision 0 and fails once it exists", async () => {
      const { store } = fixture();
      const streamId = uniqueId('s');
      const first = await store.appendToStream(streamId, [newEvent()], { expectedRevision: 'no_stream' });
      expect(first.nextExpectedRevision).toBe(0n);
      await expectWrongRevision(store.appendToStream(streamId, [newEvent()], { expectedRevision: 'no_stream' }), streamId, 'no_stream', 0n);
    });

    it("'stream_exists' fails on a missing stream and succeeds on an existing one", async () => {
      const { store } = fixture();
      const streamId = uniqueId('s');
      await expectWrongRevision(store.appendToStream(streamId, [newEvent()], { expectedRevision: 'stream_exists' }), streamId, 'stream_exists', 'no_stream');
      expect(await ids(store, streamId)).toEqual([]);
      await store.appendToStream(streamId, [newEvent()], { expectedRevision: 'no_stream' });
      const second = await store.appendToStream(streamId, [newEvent()], { expectedRevision: 'stream_exists' });
      expect(second.nextExpectedRevision).toBe(1n);
    });

    it("'any' (also the default) appends whether or not the stream exists", async () => {
      const { store } = fixture();
      const streamId = uniqueId('s');
      expect((await store.appendToStream(streamId, [newEvent()], { expectedRevision: 'any' })).nextExpectedRevision).toBe(0n);
      expect((await store.appendToStream(streamId, [newEvent()])).nextExpectedRevision).toBe(1n);
    });

    it('an exact revision succeeds when it is the last revision, and fails when stale, ahead or on a missing stream', async () => {
      const { store } = fixture();
      const streamId = uniqueId('s');
      await expectWrongRevision(store.appendToStream(streamId, [newEvent()], { expectedRevision: 0n }), streamId, 0n, 'no_stream');
      await store.appendToStream(streamId, newEvents(3), { expectedRevision: 'no_stream' });
      await expectWrongRevision(store.appendToStream(streamId, [newEvent()], { expectedRevision: 1n }), streamId, 1n, 2n);
      await expectWrongRevision(store.appendToStream(streamId, [newEvent()], { expectedRevision: 3n }), streamId, 3n, 2n);
      const ok = await store.appendToStream(streamId, newEvents(2), { expectedRevision: 2n });
      expect(ok.nextExpectedRevision).toBe(4n);
    });

    it('a multi-event append gets consecutive revisions, increasing positions, and returns what it recorded', async () => {
      const { store } = fixture();
      const streamId = uniqueId('s');
      const events = newEvents(4);
      const result = await store.appendToStream(streamId, events, { expectedRevision: 'no_stream' });
      expect(result.events.map((e) => [e.streamId, e.revision, e.eventId])).toEqual(events.map((e, i) => [streamId, BigInt(i), e.eventId]));
      for (let i = 1; i < result.events.length; i++) expect(result.events[i]!.position).toBeGreaterThan(result.events[i - 1]!.position);
      expect(result.events[0]!.position).toBeGreaterThan(0n);
      expect(result.nextExpectedRevision).toBe(3n);
      expect(result.lastPosition).toBe(result.events[3]!.position);
      expect(await collect(store.readStream(streamId))).toEqual(result.events);
    });

    it('an append whose expectation fails leaves nothing behind, in the stream or in the whole store', async () => {
      const { store } = fixture();
      const streamId = uniqueId('s');
      await store.appendToStream(streamId, newEvents(2));
      const mark = await markPosition(store, newEvent());
      await expectWrongRevision(store.appendToStream(streamId, newEvents(5), { expectedRevision: 0n }), streamId, 0n, 1n);
      expect(await collect(store.readStream(streamId))).toHaveLength(2);
      expect(await collect(store.readAll({ fromPosition: mark }))).toEqual([]);
    });

    it('malformed appends are rejected with InvalidAppendError and leave nothing: no events, empty stream id, negative revision, a revision that is not a bigint, non-JSON data, lone surrogates, values that would not read back as appended', async () => {
      const { store } = fixture();
      const streamId = uniqueId('s');
      const mark = await markPosition(store, newEvent());
      // One at a time: an append started early could reject before anyone awaits it.
      for (const append of [
        () => store.appendToStream(streamId, []),
        () => store.appendToStream('', [newEvent()]),
        () => store.appendToStream(streamId, [newEvent()], { expectedRevision: -1n }),
        () => store.appendToStream(streamId, [newEvent()], { expectedRevision: 0 as unknown as bigint }),
        () => store.appendToStream(streamId, [newEvent()], { expectedRevision: 'nostream' as unknown as 'no_stream' }),
        () => store.appendToStream(streamId, [newEvent(), newEvent({ amount: Number.NaN })]),
        () => store.appendToStream(streamId, [newEvent({ name: 'broken \ud800 text' })]),
        () => store.appendToStream(streamId, [newEvent(untyped({ amount: 10n ** 20n }))]),
        () => store.appendToStream(streamId, [newEvent(), newEvent(untyped({ when: new Date(0) }))]),
        () => store.appendToStream(streamId, [newEvent(untyped({ tags: new Map([['a', 1]]) }))]),
        () => store.appendToStream(streamId, [newEvent(cyclic())]),
      ]) {
        const error = await rejection(append());
        expect(isInvalidAppendError(error), String(error)).toBe(true);
      }
      expect(await collect(store.readAll({ fromPosition: mark }))).toEqual([]);
    });

    it(`stream ids, event ids and types of up to ${MAX_ID_BYTES} bytes in UTF-8 are stored and read back exactly; one byte more, U+0000 or a lone surrogate is an InvalidAppendError that leaves nothing`, async () => {
      const { store } = fixture();
      const mark = await markPosition(store, newEvent());
      // A view that stores stream ids under a prefix (a tenant's) takes stream ids that much shorter.
      const streamIdBytes = MAX_ID_BYTES - utf8Bytes(storedPrefixOf(fixture().store));
      const longest = { streamId: padTo(uniqueId('s'), streamIdBytes), eventId: padTo(uniqueId('e'), MAX_ID_BYTES), type: padTo('T', MAX_ID_BYTES) };
      expect(Object.values(longest).map(utf8Bytes)).toEqual([streamIdBytes, MAX_ID_BYTES, MAX_ID_BYTES]);
      const event = { ...newEvent(), eventId: longest.eventId, type: longest.type };
      const appended = await store.appendToStream(longest.streamId, [event], { expectedRevision: 'no_stream' });
      const [read] = await collect(store.readStream(longest.streamId));
      expect(read).toEqual(appended.events[0]);
      expect([read!.streamId, read!.eventId, read!.type]).toEqual([longest.streamId, longest.eventId, longest.type]);
      const after = appended.lastPosition;
      for (const field of ['streamId', 'eventId', 'type'] as const) {
        for (const value of [padTo(uniqueId('x'), (field === 'streamId' ? streamIdBytes : MAX_ID_BYTES) + 1), `${uniqueId('x')}\u0000`, `${uniqueId('x')}\ud800`, `\udc00${uniqueId('x')}`]) {
          const error = await rejection(appendWith(store, field, value));
          expect(isInvalidAppendError(error), `${field}: ${String(error)}`).toBe(true);
        }
      }
      expect(await collect(store.readAll({ fromPosition: after }))).toEqual([]);
      expect(await collect(store.readAll({ fromPosition: mark }))).toEqual([read]);
    });

    it(`for all stream ids, event ids and types with U+0000, a lone surrogate or more than ${MAX_ID_BYTES} bytes, the append is an InvalidAppendError and the store is unchanged`, async () => {
      const { store } = fixture();
      const mark = await markPosition(store, newEvent());
      await fc.assert(
        fc.asyncProperty(fc.constantFrom<IdField>('streamId', 'eventId', 'type'), badId, async (field, value) => {
          const error = await rejection(appendWith(store, field, value));
          expect(isInvalidAppendError(error), String(error)).toBe(true);
        }),
        { numRuns },
      );
      expect(await collect(store.readAll({ fromPosition: mark }))).toEqual([]);
    });

    it(
      `an append of more than MAX_APPEND_BYTES (${MAX_APPEND_BYTES.toLocaleString('en-US')} bytes of event JSON), in one event or in 65, is an InvalidAppendError naming the stream and its size, leaves nothing, and the stream takes its next append`,
      { timeout: 120_000 },
      async () => {
        const { store } = fixture();
        const streamId = uniqueId('s');
        const first = await store.appendToStream(streamId, [newEvent()], { expectedRevision: 'no_stream' });
        for (const count of [1, 65]) {
          // Each event's data text alone takes a 65th (or all) of the limit and one byte more: together they are over it.
          const text = 'x'.repeat(Math.floor(MAX_APPEND_BYTES / count) + 1);
          const error = await rejection(
            store.appendToStream(
              streamId,
              Array.from({ length: count }, () => newEvent({ text })),
            ),
          );
          expect(isInvalidAppendError(error), String(error)).toBe(true);
          expect((error as Error).message).toContain(streamId);
          expect((error as Error).message).toContain(`at most ${MAX_APPEND_BYTES.toLocaleString('en-US')} (MAX_APPEND_BYTES)`);
          expect((error as Error).message).toContain(count === 1 ? 'keep the document outside the event store' : 'split the events over several appends');
        }
        expect(await collect(store.readAll({ fromPosition: first.lastPosition }))).toEqual([]);
        expect((await store.appendToStream(streamId, [newEvent()], { expectedRevision: 0n })).nextExpectedRevision).toBe(1n);
      },
    );

    it('for all sequences of appends, outcomes and contents match the reference model', async () => {
      const { store } = fixture();
      const expectation: fc.Arbitrary<Expectation> = fc.oneof(
        fc.constantFrom<Expectation>({ kind: 'any' }, { kind: 'no_stream' }, { kind: 'stream_exists' }),
        fc.constantFrom<Expectation>({ kind: 'exact', offset: -1 }, { kind: 'exact', offset: 0 }, { kind: 'exact', offset: 0 }, { kind: 'exact', offset: 1 }),
      );
      const operation = fc.record({ stream: fc.nat(2), count: fc.integer({ min: 1, max: 3 }), expectation });
      await fc.assert(
        fc.asyncProperty(fc.array(operation, { minLength: 1, maxLength: 12 }), async (operations) => {
          const streams = [uniqueId('m'), uniqueId('m'), uniqueId('m')];
          const model = new Map<string, string[]>();
          const all: string[] = [];
          const start = await markPosition(store, newEvent());
          let lastPosition = start;
          for (const { stream, count, expectation: want } of operations) {
            const streamId = streams[stream]!;
            const current = model.get(streamId);
            const actual: ActualRevision = current === undefined ? 'no_stream' : BigInt(current.length - 1);
            const expected: ExpectedRevision = want.kind !== 'exact' ? want.kind : actual === 'no_stream' ? 0n : actual + BigInt(want.offset) < 0n ? actual + 1n : actual + BigInt(want.offset);
            const ok = expected === 'any' || (expected === 'no_stream' ? actual === 'no_stream' : expected === 'stream_exists' ? actual !== 'no_stream' : expected === actual);
            const events = newEvents(count);
            if (!ok) {
              await expectWrongRevision(store.appendToStream(streamId, events, { expectedRevision: expected }), streamId, expected, actual);
              continue;
            }
            const result = await store.appendToStream(streamId, events, { expectedRevision: expected });
            const list = current ?? [];
            list.push(...events.map((e) => e.eventId));
            all.push(...events.map((e) => e.eventId));
            model.set(streamId, list);
            expect(result.nextExpectedRevision).toBe(BigInt(list.length - 1));
            expect(result.events[0]!.position).toBeGreaterThan(lastPosition);
            lastPosition = result.lastPosition;
          }
          for (const streamId of streams) expect(await ids(store, streamId)).toEqual(model.get(streamId) ?? []);
          expect((await collect(store.readAll({ fromPosition: start }))).map((e) => e.eventId)).toEqual(all);
        }),
        { numRuns },
      );
    });
  });
};
