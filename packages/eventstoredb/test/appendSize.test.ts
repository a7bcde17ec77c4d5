import { Buffer } from 'node:buffer';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_APPEND_BYTES, canonicalJson, isInvalidAppendError, verifyAll } from '@casefold/engine';
import type { ExpectedRevision, NewEvent } from '@casefold/engine';
import { newEvent } from '@casefold/engine/testing';
import { startEventStoreDouble, type EventStoreDouble } from './double/eventStoreDouble.js';
import { openTestStore } from './support/testStore.js';
import { timedFailure } from './support/failure.js';
import { collect } from './support/collect.js';

/**
 * The adapter refuses an append over MAX_APPEND_BYTES (the port's rule, checked by the
 * engine's chainAppend) before it sends the append: the server (here the protocol double,
 * which counts the calls it gets) never sees it. The check needs the stream's head (the hash
 * chain starts from it), so an append expecting a revision, 'any' or 'stream_exists' first
 * reads the head, one read call; a 'no_stream' append needs no head and makes no call at all,
 * so it is refused even with the server gone. The shared conformance suite checks the refusal
 * itself on the double; this file checks what reaches the server.
 *
 * Memory: one text of MAX_APPEND_BYTES + 1 characters (about 210 MB), built once and shared.
 */

let double: EventStoreDouble;
afterEach(() => double.stop());

let bigText: string | undefined;
/** One event whose data's JSON alone is over MAX_APPEND_BYTES. */
const bigEvent = (): NewEvent => newEvent({ text: (bigText ??= 'x'.repeat(MAX_APPEND_BYTES + 1)) }, 'Big');

const bytesOf = (event: NewEvent): number => Buffer.byteLength(canonicalJson(event.data)) + Buffer.byteLength(canonicalJson(event.metadata));

const expectRefused = (error: Error, streamId: string, event: NewEvent): void => {
  expect(isInvalidAppendError(error), String(error)).toBe(true);
  expect(error.message).toContain(`Invalid append to stream '${streamId}'`);
  expect(error.message).toContain(`its one event carries ${bytesOf(event).toLocaleString('en-US')} bytes`);
  expect(error.message).toContain(`at most ${MAX_APPEND_BYTES.toLocaleString('en-US')} (MAX_APPEND_BYTES)`);
  expect(error.message).toContain('Nothing was appended');
};

describe('eventstoredb: an append over MAX_APPEND_BYTES is refused before it is sent', () => {
  it.each<[string, ExpectedRevision]>([
    ['a revision', 0n],
    ["'any'", 'any'],
    ["'stream_exists'", 'stream_exists'],
  ])('expecting %s: InvalidAppendError; no append call reaches the server (at most the head is read); the stream takes its next append', { timeout: 120_000 }, async (_, expectedRevision) => {
    double = await startEventStoreDouble();
    const store = await openTestStore(double.connectionString);
    try {
      await store.events.appendToStream('s', [newEvent()], { expectedRevision: 'no_stream' });
      const before = { ...double.calls };
      const logged = double.log.all.length;
      const event = bigEvent();
      const { error } = await timedFailure(() => store.events.appendToStream('s', [event], { expectedRevision }));
      expectRefused(error, 's', event);
      expect(double.calls.appends).toBe(before.appends);
      expect(double.calls.reads - before.reads).toBeLessThanOrEqual(1);
      expect(double.log.all.length).toBe(logged);
      expect(await store.events.appendToStream('s', [newEvent()], { expectedRevision: 0n })).toMatchObject({ nextExpectedRevision: 1n });
      expect((await collect(store.events.readStream('s'))).map((e) => e.revision)).toEqual([0n, 1n]);
      expect((await verifyAll(store.events))._tag).toBe('Right');
    } finally {
      await store.close();
    }
  });

  it("expecting 'no_stream': InvalidAppendError without any call to the server, also once the server is gone", { timeout: 120_000 }, async () => {
    double = await startEventStoreDouble();
    const store = await openTestStore(double.connectionString, { operationTimeoutMs: 2_000 });
    try {
      const before = { ...double.calls };
      const event = bigEvent();
      const { error } = await timedFailure(() => store.events.appendToStream('new', [event], { expectedRevision: 'no_stream' }));
      expectRefused(error, 'new', event);
      expect(double.calls).toEqual(before);
      expect(double.log.stream(`${store.prefix}new`)).toBeUndefined();
      await double.stop();
      // Nothing listens now: any call would end in StoreUnavailableError; the refusal comes first.
      const gone = await timedFailure(() => store.events.appendToStream('new', [event], { expectedRevision: 'no_stream' }));
      expectRefused(gone.error, 'new', event);
      expect(double.calls).toEqual(before);
    } finally {
      await store.close();
    }
  });
});

describe("eventstoredb: an append below MAX_APPEND_BYTES but over the server's own limits", () => {
  /** The refusal, checked: an InvalidAppendError naming the stream, the server and `limit`; nothing written; the stream takes its next append. */
  const expectServerRefusal = async (maxAppendSize: number | undefined, data: string, limit: RegExp): Promise<void> => {
    double = await startEventStoreDouble(maxAppendSize === undefined ? {} : { maxAppendSize });
    const store = await openTestStore(double.connectionString);
    try {
      await store.events.appendToStream('s', [newEvent()], { expectedRevision: 'no_stream' });
      const logged = double.log.all.length;
      const { error } = await timedFailure(() => store.events.appendToStream('s', [newEvent({ text: data }, 'Big')], { expectedRevision: 0n }));
      expect(isInvalidAppendError(error), String(error)).toBe(true);
      expect(error.message).toContain("Invalid append to stream 's': EventStoreDB at '");
      expect(error.message).toMatch(limit);
      expect(error.message).toContain('raise the server');
      expect((error as { retryable?: unknown }).retryable).toBeUndefined();
      expect(double.log.all.length).toBe(logged);
      expect(await store.events.appendToStream('s', [newEvent()], { expectedRevision: 0n })).toMatchObject({ nextExpectedRevision: 1n });
      expect((await verifyAll(store.events))._tag).toBe('Right');
    } finally {
      await store.close();
    }
  };

  it("over the server's MaxAppendSize (the client's MaxAppendSizeExceededError): InvalidAppendError naming that limit, not the client's own error", async () => {
    await expectServerRefusal(1_024, 'x'.repeat(2_048), /larger than its MaxAppendSize of 1,024 bytes/);
  });

  it("over a gRPC message's limit (RESOURCE_EXHAUSTED: grpc-js takes 4 MiB by default): InvalidAppendError, not the client's UnknownError", { timeout: 60_000 }, async () => {
    await expectServerRefusal(undefined, 'x'.repeat(5 * 1024 * 1024), /larger than a gRPC message's limit \(RESOURCE_EXHAUSTED/);
  });
});
