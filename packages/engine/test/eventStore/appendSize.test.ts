import { Buffer } from 'node:buffer';
import { newEvent } from '@casefold/engine/testing';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { MAX_APPEND_BYTES, canonicalJson, getInMemoryEventStore, isInvalidAppendError, verifyAll, type AppendResult, type EventStore, type NewEvent, type RecordedEvent } from '../../src/index.js';

/**
 * The in-memory store and MAX_APPEND_BYTES (validateAppend.ts): an append over it is refused
 * with InvalidAppendError before anything is recorded, as in every store; the store (events,
 * positions, chain) stays as it was. The shared conformance suite checks the refusal on every
 * adapter; this file adds what it does not: the exact sizes in the message, the boundary
 * (exactly MAX_APPEND_BYTES is stored), bytes counted in UTF-8 rather than characters, and
 * that the refused append takes no position.
 *
 * Memory: each big text is built once per test with `repeat` (at most about 210 MB: V8 keeps
 * 'x' and 'é' one byte a character) and shared by the events; the store and the check make a
 * few copies (canonical JSON, the hashed text). Measured alone (vitest, -t), each test's
 * process peaked at 0.3–0.9 GB resident (the exact-limit one 0.9 GB); the whole file at 1.75 GB
 * (the collector frees the texts of one test lazily).
 */

/** Bytes of event JSON (canonical data and metadata, UTF-8) of `events`, as the limit counts them. */
const bytesOf = (events: readonly NewEvent[]): number => events.reduce((n, e) => n + Buffer.byteLength(canonicalJson(e.data)) + Buffer.byteLength(canonicalJson(e.metadata)), 0);

/** `count` events whose data is `{ text }`, `text` made of `unit` (ASCII `x` for the last few bytes), together exactly `bytes` bytes of event JSON. */
const eventsOf = (count: number, bytes: number, unit = 'x'): NewEvent[] => {
  const events = Array.from({ length: count }, () => newEvent({ text: '' }, 'Big'));
  const text = unit.repeat(Math.floor((bytes - bytesOf(events)) / count / Buffer.byteLength(unit)));
  const sized = events.map((e) => ({ ...e, data: { text } }));
  sized[0] = { ...sized[0]!, data: { text: text + 'x'.repeat(bytes - bytesOf(sized)) } };
  expect(bytesOf(sized)).toBe(bytes);
  return sized;
};

const rejection = (append: Promise<AppendResult>): Promise<unknown> =>
  append.then(
    (result) => {
      throw new Error(`the append was accepted (revision ${result.nextExpectedRevision}, position ${result.lastPosition})`);
    },
    (error: unknown) => error,
  );

const collect = async <T>(read: AsyncIterable<T>): Promise<T[]> => {
  const out: T[] = [];
  for await (const item of read) out.push(item);
  return out;
};

/** What the store holds, as positions, streams, revisions and hashes (not the data: the events are small). */
const contents = async (store: EventStore): Promise<string[]> => (await collect(store.readAll())).map((e: RecordedEvent) => `${e.position} ${e.streamId}@${e.revision} ${e.hash}`);

/** A store holding one small event in stream `streamId` (revision 0, position 1) and one elsewhere (position 2). */
const storeWithOneEvent = async (streamId: string): Promise<EventStore> => {
  const store = getInMemoryEventStore();
  await store.appendToStream(streamId, [newEvent()], { expectedRevision: 'no_stream' });
  await store.appendToStream('other', [newEvent()], { expectedRevision: 'no_stream' });
  return store;
};

/** The refused append changed nothing, took no position, and the stream takes its next append at revision 1, position 3; the chain verifies. */
const expectUnchanged = async (store: EventStore, streamId: string, before: readonly string[]): Promise<void> => {
  expect(await contents(store)).toEqual(before);
  expect((await collect(store.readStream(streamId))).map((e) => e.revision)).toEqual([0n]);
  const next = await store.appendToStream(streamId, [newEvent()], { expectedRevision: 0n });
  expect(next).toMatchObject({ nextExpectedRevision: 1n, lastPosition: 3n });
  expect(E.isRight(await verifyAll(store))).toBe(true);
};

const shown = (n: number): string => n.toLocaleString('en-US');

describe('in-memory store: an append of MAX_APPEND_BYTES + 1 bytes of event JSON', () => {
  it.each([
    ['one event', 1, 'keep the document outside the event store and put a reference (and its hash) in the event'],
    ['65 events', 65, 'split the events over several appends'],
  ])('in %s is an InvalidAppendError naming the stream and the sizes; nothing is appended', { timeout: 120_000 }, async (_, count, advice) => {
    const streamId = `big-${count}`;
    const store = await storeWithOneEvent(streamId);
    const before = await contents(store);
    const events = eventsOf(count, MAX_APPEND_BYTES + 1);
    const error = await rejection(store.appendToStream(streamId, events, { expectedRevision: 0n }));
    expect(isInvalidAppendError(error), String(error)).toBe(true);
    if (!isInvalidAppendError(error)) return;
    expect(error.streamId).toBe(streamId);
    const { message } = error;
    expect(message).toContain(`Invalid append to stream '${streamId}'`);
    expect(message).toContain(`${count === 1 ? 'its one event carries' : `its ${count} events carry`} ${shown(MAX_APPEND_BYTES + 1)} bytes of data and metadata as JSON (UTF-8)`);
    if (count > 1) expect(message).toContain(`the largest, event 0 ('${events[0]!.eventId}'), carries ${shown(bytesOf(events.slice(0, 1)))}`);
    expect(message).toContain(`one append carries at most ${shown(MAX_APPEND_BYTES)} (MAX_APPEND_BYTES)`);
    expect(message).toContain(advice);
    expect(message).toContain('Nothing was appended');
    await expectUnchanged(store, streamId, before);
  });

  it('counts UTF-8 bytes, not characters: 2-byte characters over the limit in bytes (half of it in characters) are refused', { timeout: 120_000 }, async () => {
    const streamId = 'accented';
    const store = await storeWithOneEvent(streamId);
    const before = await contents(store);
    // 'é' is one UTF-16 unit (and one byte in V8's string) but 2 bytes in UTF-8; the metadata and the JSON around the text are ASCII.
    const [over] = eventsOf(1, MAX_APPEND_BYTES + 1, 'é');
    expect(canonicalJson(over!.data).length).toBeLessThan(MAX_APPEND_BYTES / 2 + 100);
    const error = await rejection(store.appendToStream(streamId, [over!], { expectedRevision: 0n }));
    expect(isInvalidAppendError(error), String(error)).toBe(true);
    expect((error as Error).message).toContain(`its one event carries ${shown(MAX_APPEND_BYTES + 1)} bytes`);
    await expectUnchanged(store, streamId, before);
  });
});

describe('in-memory store: an append of exactly MAX_APPEND_BYTES bytes of event JSON', () => {
  it('is stored, read back whole, and its chain verifies', { timeout: 120_000 }, async () => {
    const store = getInMemoryEventStore();
    const events = eventsOf(1, MAX_APPEND_BYTES);
    const appended = await store.appendToStream('limit', events, { expectedRevision: 'no_stream' });
    expect(appended).toMatchObject({ nextExpectedRevision: 0n, lastPosition: 1n });
    const [read] = await collect(store.readStream('limit'));
    expect((read!.data as { text: string }).text.length).toBe((events[0]!.data as { text: string }).text.length);
    expect(read!.data).toEqual(events[0]!.data);
    expect(E.isRight(await verifyAll(store))).toBe(true);
  });
});
