import { describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import { MAX_APPEND_BYTES, canonicalJson, isInvalidAppendError, verifyAll } from '@casefold/engine';
import type { AppendResult, NewEvent } from '@casefold/engine';
import { openTestStore, newEvent, collect, sql } from './support/testStore.js';
import type { TestStore } from './support/testStore.js';
import { outcomes } from './support/outcomes.js';

/**
 * Appends too large for the driver or the server (MAX_APPEND_BYTES, validateAppend.ts) are
 * refused before anything is sent, with InvalidAppendError (not retryable), and the store
 * stays as it was. Before, an append of more than 64 events over ~2^29 characters of JSON
 * failed with the driver's RangeError, and one over PostgreSQL's 1 GB message limit broke
 * the connection: a StoreUnavailableError, which says to retry.
 */

/** Bytes of canonical JSON of a test event's metadata (every {@link newEvent} has the same). */
const METADATA_BYTES = canonicalJson(newEvent().metadata).length;

/** Event JSON (data + metadata) of an event whose data is `{"text":"<text>"}`, `text` one-byte characters. */
const eventBytes = (textLength: number): number => '{"text":""}'.length + textLength + METADATA_BYTES;

/** `count` events together exactly `bytes` bytes of event JSON (ASCII), the last taking the remainder. */
const eventsOf = (count: number, bytes: number): NewEvent[] => {
  const each = Math.floor(bytes / count);
  const text = 'x'.repeat(eventBytes(0) > each ? 0 : each - eventBytes(0));
  return Array.from({ length: count }, (_, i) => {
    const own = i < count - 1 ? text : 'x'.repeat(bytes - (count - 1) * eventBytes(text.length) - eventBytes(0));
    return newEvent('Big', { text: own });
  });
};

const bytesOf = (events: readonly NewEvent[]): number => events.reduce((n, e) => n + Buffer.byteLength(canonicalJson(e.data)) + Buffer.byteLength(canonicalJson(e.metadata)), 0);

/** Appends `events` and returns the error it must fail with (or the result, which fails the caller's assertions). */
const refusal = (store: TestStore, streamId: string, events: readonly NewEvent[]): Promise<unknown> =>
  store.events.appendToStream(streamId, events).then(
    (r) => r,
    (e: unknown) => e,
  );

/** The refused append left nothing; a normal append and a read of the stream work after it. */
const expectIntact = async (store: TestStore, streamId: string, before: number): Promise<void> => {
  const [row] = await sql<{ count: string }>(`SELECT count(*) FROM "${store.schema}".events WHERE stream_id = $1`, [streamId]);
  expect(Number(row?.count)).toBe(before);
  const next = await store.events.appendToStream(streamId, [newEvent()]);
  expect(next.nextExpectedRevision).toBe(BigInt(before));
  expect((await collect(store.events.readStream(streamId))).map((e) => e.revision)).toEqual(Array.from({ length: before + 1 }, (_, i) => BigInt(i)));
  expect(E.isRight(await verifyAll(store.events))).toBe(true);
};

const expectRefused = (error: unknown, streamId: string, bytes: number): void => {
  expect(isInvalidAppendError(error), String(error)).toBe(true);
  const { message } = error as Error;
  expect(message).toContain(`Invalid append to stream '${streamId}'`);
  expect(message).toContain(`${bytes.toLocaleString('en-US')} bytes`);
  expect(message).toContain(`at most ${MAX_APPEND_BYTES.toLocaleString('en-US')} (MAX_APPEND_BYTES)`);
  expect(message).toContain('Nothing was appended');
  expect((error as { retryable?: unknown }).retryable).toBeUndefined();
};

describe.each([
  ['alone', false],
  ['with group commit', true],
])('an append over MAX_APPEND_BYTES (%s)', (_, groupCommit) => {
  it.each([
    ['one event (one parameter per column)', 1, 'keep the document outside the event store'],
    ['65 events (array parameters)', 65, 'split the events over several appends'],
  ])('of %s is refused with InvalidAppendError before anything is sent; the store is intact', { timeout: 120_000 }, async (__, count, advice) => {
    const store = await openTestStore({ groupCommit });
    try {
      const streamId = `big-${count}`;
      await store.events.appendToStream(streamId, [newEvent()], { expectedRevision: 'no_stream' });
      const events = eventsOf(count, MAX_APPEND_BYTES + 1);
      expect(bytesOf(events)).toBe(MAX_APPEND_BYTES + 1);
      const error = await refusal(store, streamId, events);
      expectRefused(error, streamId, MAX_APPEND_BYTES + 1);
      expect((error as Error).message).toContain(advice);
      await expectIntact(store, streamId, 1);
    } finally {
      await store.dispose();
    }
  });
});

describe('an append the driver cannot encode', () => {
  it('(65 events, 540 million characters of JSON: one array literal over 2^29 - 24 characters) is refused with InvalidAppendError, not a RangeError', { timeout: 120_000 }, async () => {
    const store = await openTestStore();
    try {
      // The driver sends the 65 events' data as ONE array literal: over 2^29 - 24 characters.
      const data = { text: 'x'.repeat(8_300_000) };
      const events = Array.from({ length: 65 }, () => newEvent('Big', data));
      const error = await refusal(store, 'huge', events);
      expectRefused(error, 'huge', bytesOf(events));
      await expectIntact(store, 'huge', 0);
    } finally {
      await store.dispose();
    }
  });
});

describe('an append of exactly MAX_APPEND_BYTES', () => {
  it('is written and read back whole, even with every character a quote (its array literal twice as long)', { timeout: 300_000 }, async () => {
    const store = await openTestStore({ groupCommit: false });
    try {
      // 65 events, each data a string of quotes: the JSON escapes each (\"), the array literal each again (\\\"),
      // so the driver's parameter is twice MAX_APPEND_BYTES: the worst an append under the limit sends.
      const count = 65;
      const quotesPerEvent = Math.floor((MAX_APPEND_BYTES / count - METADATA_BYTES - 2) / 2);
      const quotes = '"'.repeat(quotesPerEvent);
      const events = Array.from({ length: count }, () => newEvent('Quotes', quotes));
      const rest = MAX_APPEND_BYTES - bytesOf(events);
      events[0] = newEvent('Quotes', `${quotes}${'x'.repeat(rest)}`);
      expect(bytesOf(events)).toBe(MAX_APPEND_BYTES);
      const result = await store.events.appendToStream('quotes', events, { expectedRevision: 'no_stream' });
      expect(result.nextExpectedRevision).toBe(BigInt(count - 1));
      const [row] = await sql<{ bytes: string }>(`SELECT sum(octet_length(data::text) + octet_length(metadata::text)) AS bytes FROM "${store.schema}".events WHERE stream_id = 'quotes'`);
      expect(Number(row?.bytes)).toBe(MAX_APPEND_BYTES);
      let read = 0;
      for await (const event of store.events.readStream('quotes')) {
        expect(event.data).toBe(events[read]!.data);
        read += 1;
      }
      expect(read).toBe(count);
      expect(E.isRight(await verifyAll(store.events))).toBe(true);
    } finally {
      await store.dispose();
    }
  });
});

describe('group commit: one append over MAX_APPEND_BYTES in a group', () => {
  it('is refused alone; the others of its group are written', { timeout: 120_000 }, async () => {
    const store = await openTestStore({ pool: { max: 1 }, notifyIntervalMs: 3_600_000 });
    try {
      const events = eventsOf(1, MAX_APPEND_BYTES + 1);
      const lead = store.events.appendToStream('lead', [newEvent()], { expectedRevision: 'no_stream' });
      // Made while the one connection writes the lead: written as one group.
      const results = outcomes([store.events.appendToStream('small-1', [newEvent()]), store.events.appendToStream('big', events), store.events.appendToStream('small-2', [newEvent()])]);
      await lead;
      const [first, big, second] = await results;
      expect(first).toMatchObject({ nextExpectedRevision: 0n });
      expectRefused(big, 'big', MAX_APPEND_BYTES + 1);
      expect(second).toMatchObject({ nextExpectedRevision: 0n });
      const stored = await sql<{ stream_id: string }>(`SELECT stream_id FROM "${store.schema}".events ORDER BY position`);
      expect(stored.map((r) => r.stream_id)).toEqual(['lead', 'small-1', 'small-2']);
      expect((await collect(store.events.readStream('small-2')))[0]).toEqual((second as AppendResult).events[0]);
      await expectIntact(store, 'big', 0);
    } finally {
      await store.dispose();
    }
  });
});
