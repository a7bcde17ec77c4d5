import * as E from 'fp-ts/lib/Either.js';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_APPEND_BYTES, canonicalJson, isInvalidAppendError, verifyAll } from '@casefold/engine';
import type { AppendResult, NewEvent } from '@casefold/engine';
import { getSqliteEventStore } from '@casefold/sqlite';
import type { SqliteEventStore } from '@casefold/sqlite';
import { storeDatabase } from '../src/eventStore/storeDatabase.js';
import { collect, newEvent, tempDir } from './support/fixtures.js';

/**
 * Appends over MAX_APPEND_BYTES (validateAppend.ts) are refused with InvalidAppendError
 * before anything is written, as in every store, and the store stays as it was. Before,
 * SQLite wrote them (up to its own limit of 1,000,000,000 bytes a value, beyond which the
 * driver's untyped `SqliteError: string or blob too big` came out), so a store that
 * PostgreSQL could not take in was made.
 */

const dir = tempDir();
afterAll(() => dir.remove());

let fileCount = 0;
const fileStore = (groupCommit = true): SqliteEventStore => getSqliteEventStore({ fileName: dir.file(`size-${(fileCount += 1)}.db`), groupCommit });

/** Bytes of event JSON (canonical data and metadata, UTF-8) of `events`. */
const bytesOf = (events: readonly NewEvent[]): number => events.reduce((n, e) => n + Buffer.byteLength(canonicalJson(e.data)) + Buffer.byteLength(canonicalJson(e.metadata)), 0);

/** `count` events of `{ text }` data, together exactly `bytes` bytes of event JSON. */
const eventsOf = (count: number, bytes: number): NewEvent[] => {
  const events = Array.from({ length: count }, () => newEvent('Big', { text: '' }));
  const text = 'x'.repeat(Math.floor((bytes - bytesOf(events)) / count));
  const sized = events.map((e) => ({ ...e, data: { text } }));
  sized[0] = { ...sized[0]!, data: { text: text + 'x'.repeat(bytes - bytesOf(sized)) } };
  return sized;
};

const settle = (append: Promise<AppendResult>): Promise<unknown> =>
  append.then(
    (r) => r,
    (e: unknown) => e,
  );

const expectRefused = (error: unknown, streamId: string): void => {
  expect(isInvalidAppendError(error), String(error)).toBe(true);
  const { message } = error as Error;
  expect(message).toContain(`Invalid append to stream '${streamId}'`);
  expect(message).toContain(`${(MAX_APPEND_BYTES + 1).toLocaleString('en-US')} bytes`);
  expect(message).toContain(`at most ${MAX_APPEND_BYTES.toLocaleString('en-US')} (MAX_APPEND_BYTES)`);
  expect(message).toContain('Nothing was appended');
};

/** Nothing of the refused append is stored; a normal append and a read of the stream work after it. */
const expectIntact = async (store: SqliteEventStore, streamId: string, before: number): Promise<void> => {
  const { count } = storeDatabase(store).prepare('SELECT count(*) AS count FROM events WHERE stream_id = ?').get(streamId) as { count: number };
  expect(count).toBe(before);
  const next = await store.appendToStream(streamId, [newEvent()]);
  expect(next.nextExpectedRevision).toBe(BigInt(before));
  expect((await collect(store.readStream(streamId))).map((e) => e.revision)).toEqual(Array.from({ length: before + 1 }, (_, i) => BigInt(i)));
  expect(E.isRight(await verifyAll(store))).toBe(true);
};

describe.each([
  ['alone', false],
  ['with group commit', true],
])('an append over MAX_APPEND_BYTES (%s)', (_, groupCommit) => {
  it.each([
    ['one event', 1, 'keep the document outside the event store'],
    ['65 events', 65, 'split the events over several appends'],
  ])('of %s is refused with InvalidAppendError; nothing of it is written', { timeout: 120_000 }, async (__, count, advice) => {
    const store = fileStore(groupCommit);
    try {
      const streamId = `big-${count}`;
      await store.appendToStream(streamId, [newEvent()], { expectedRevision: 'no_stream' });
      const events = eventsOf(count, MAX_APPEND_BYTES + 1);
      expect(bytesOf(events)).toBe(MAX_APPEND_BYTES + 1);
      const error = await settle(store.appendToStream(streamId, events));
      expectRefused(error, streamId);
      expect((error as Error).message).toContain(advice);
      await expectIntact(store, streamId, 1);
    } finally {
      await store.close();
    }
  });
});

describe('an event longer than a JavaScript string holds once hashed', () => {
  it('is refused with InvalidAppendError saying so (not the bare "Invalid string length")', { timeout: 120_000 }, async () => {
    const store = fileStore();
    try {
      // Its data's JSON fits in a string; the text its hash covers (with ids and metadata) does not.
      const events = [newEvent('Huge', 'x'.repeat(2 ** 29 - 24 - 100))];
      const error = await settle(store.appendToStream('huge', events));
      expect(isInvalidAppendError(error), String(error)).toBe(true);
      expect((error as Error).message).toContain("Invalid append to stream 'huge': the JSON of its events' data and metadata is longer than a JavaScript string holds");
      expect((error as Error).message).toContain('keep the document outside the event store');
      await expectIntact(store, 'huge', 0);
    } finally {
      await store.close();
    }
  });
});

describe('an append of exactly MAX_APPEND_BYTES', () => {
  it('is written and read back whole', { timeout: 120_000 }, async () => {
    const store = fileStore();
    try {
      const events = eventsOf(1, MAX_APPEND_BYTES);
      expect(bytesOf(events)).toBe(MAX_APPEND_BYTES);
      await store.appendToStream('limit', events, { expectedRevision: 'no_stream' });
      const [read] = await collect(store.readStream('limit'));
      expect(read!.data).toEqual(events[0]!.data);
      expect(E.isRight(await verifyAll(store))).toBe(true);
    } finally {
      await store.close();
    }
  });
});

describe('group commit: one append over MAX_APPEND_BYTES in a group', () => {
  it('is refused alone; the others of its group are written', { timeout: 120_000 }, async () => {
    const store = fileStore();
    try {
      const events = eventsOf(1, MAX_APPEND_BYTES + 1);
      // Made in one turn of the event loop: one group, one commit.
      const [first, big, second] = await Promise.all([
        settle(store.appendToStream('small-1', [newEvent()])),
        settle(store.appendToStream('big', events)),
        settle(store.appendToStream('small-2', [newEvent()])),
      ]);
      expect(first).toMatchObject({ nextExpectedRevision: 0n, lastPosition: 1n });
      expectRefused(big, 'big');
      expect(second).toMatchObject({ nextExpectedRevision: 0n, lastPosition: 2n });
      expect((await collect(store.readAll())).map((e) => e.streamId)).toEqual(['small-1', 'small-2']);
      await expectIntact(store, 'big', 0);
    } finally {
      await store.close();
    }
  });
});
