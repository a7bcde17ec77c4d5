import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { isStoreClosedError, isStoreUnavailableError } from '@casefold/engine';
import { openSqliteStore } from '@casefold/sqlite';
import { openEventStoreDbStore } from '@casefold/eventstoredb';
import type { RecordedEvent } from '@casefold/engine';
import { newEvent } from '@casefold/engine/testing';
import { startEventStoreDouble, type EventStoreDouble } from './double/eventStoreDouble.js';
import { openTestStore } from './support/testStore.js';
import { failure } from './support/failure.js';
import { collect } from './support/collect.js';

let double: EventStoreDouble;
afterEach(() => double.stop());

/** Resolves once the double has received `count` more reads than `from`, failing after 5 s. */
const readsReceived = async (from: number, count = 1): Promise<void> => {
  const deadline = Date.now() + 5_000;
  while (double.calls.reads < from + count) {
    if (Date.now() > deadline) throw new Error(`the double received ${double.calls.reads - from} of ${count} reads within 5 s`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

describe('close() while a read is on its way: StoreClosedError, never a short read taken for the end', () => {
  // The client cancels its open reads when disposed, and a cancelled read ends like a read that reached the end.
  const closedDuring = async (read: (store: Awaited<ReturnType<typeof openTestStore>>) => Promise<unknown>): Promise<Error> => {
    double = await startEventStoreDouble();
    const store = await openTestStore(double.connectionString, { operationTimeoutMs: 5_000, pageSize: 2 });
    for (let i = 0; i < 5; i++) await store.events.appendToStream('s', [newEvent()]);
    double.setFault('silent');
    const reads = double.calls.reads;
    const pending = failure(read(store));
    await readsReceived(reads);
    await store.close();
    const error = await pending;
    expect(double.calls.reads, 'no read sent again after close').toBe(reads + 1);
    return error;
  };

  it('readLastPosition (was: 0, an empty store)', async () => {
    const error = await closedDuring((store) => store.readLastPosition());
    expect(isStoreClosedError(error), String(error)).toBe(true);
    expect(error.message).toContain('read the last position');
  });

  it('readAll (was: the events of the pages before, as if they were all)', async () => {
    const error = await closedDuring((store) => collect(store.events.readAll()));
    expect(isStoreClosedError(error), String(error)).toBe(true);
    expect(error.message).toContain('read $all');
  });

  it('readStream', async () => {
    const error = await closedDuring((store) => collect(store.events.readStream('s')));
    expect(isStoreClosedError(error), String(error)).toBe(true);
    expect(error.message).toContain("read stream 's'");
  });

  it("an append's read of the stream's head: nothing written", async () => {
    const error = await closedDuring((store) => store.events.appendToStream('s', [newEvent()]));
    expect(isStoreClosedError(error), String(error)).toBe(true);
    expect(double.log.all.filter((event) => event.streamName.endsWith('-s')).length).toBe(5);
  });

  it('a read after the first pages: the pages read so far, then StoreClosedError', async () => {
    double = await startEventStoreDouble();
    const store = await openTestStore(double.connectionString, { operationTimeoutMs: 5_000, pageSize: 2 });
    for (let i = 0; i < 5; i++) await store.events.appendToStream('s', [newEvent()]);
    const iterator = store.events.readStream('s')[Symbol.asyncIterator]();
    const first: RecordedEvent[] = [];
    for (let i = 0; i < 2; i++) first.push((await iterator.next()).value as RecordedEvent);
    double.setFault('silent');
    const reads = double.calls.reads;
    const pending = failure(iterator.next());
    await readsReceived(reads);
    await store.close();
    const error = await pending;
    expect(first.map((event) => event.revision)).toEqual([0n, 1n]);
    expect(isStoreClosedError(error), String(error)).toBe(true);
  });
});

describe('close()', () => {
  it('twice at once: the second resolves only when the first is done (the subscriptions ended, the paired store closed)', async () => {
    double = await startEventStoreDouble();
    const store = await openTestStore(double.connectionString);
    const subscription = store.events.subscribeToAll();
    const iterator = subscription[Symbol.asyncIterator]();
    await store.events.appendToStream('s', [newEvent()]);
    expect((await iterator.next()).done).toBe(false);
    const next = iterator.next();
    let firstDone = false;
    const first = store.close().then(() => (firstDone = true));
    await store.close();
    expect(firstDone, 'the first close() had resolved when the second did').toBe(true);
    await first;
    expect(await next).toEqual({ done: true, value: undefined });
    expect(isStoreClosedError(await failure(store.projections.load('x')))).toBe(true);
  });

  it('then every call is StoreClosedError, naming the call', async () => {
    double = await startEventStoreDouble();
    const store = await openTestStore(double.connectionString);
    await store.close();
    await store.close();
    const calls: [string, Promise<unknown>][] = [
      ['append to stream', store.events.appendToStream('s', [newEvent()])],
      ['read stream', collect(store.events.readStream('s'))],
      ['read $all', collect(store.events.readAll())],
      ['read the last position', store.readLastPosition()],
      ['subscribe to $all', (async () => store.events.subscribeToAll())()],
    ];
    for (const [operation, call] of calls) {
      const error = await failure(call);
      expect(isStoreClosedError(error), String(error)).toBe(true);
      expect(error.message).toContain(operation);
    }
  });

  it('is not needed after a failed open: the store closed itself; the paired store is left open, for the caller to close', async () => {
    double = await startEventStoreDouble();
    const { connectionString } = double;
    await double.stop();
    const paired = await openSqliteStore({ fileName: ':memory:' });
    const error = await failure(openEventStoreDbStore({ connectionString, projections: paired, operationTimeoutMs: 2_000 }));
    expect(isStoreUnavailableError(error), String(error)).toBe(true);
    expect(await paired.projections.load('x')).toBeNull();
    await paired.close();
  });
});

describe('open', () => {
  it("makes one short read of $all, however many of other systems' events the server holds (was: read back through all of them, and fail at operationTimeoutMs)", async () => {
    double = await startEventStoreDouble();
    const foreign = Array.from({ length: 3_000 }, (_, i) => ({
      id: randomUUID(),
      type: 'OrderPlaced',
      contentType: 'application/json',
      data: Buffer.from(JSON.stringify({ order: i })),
      customMetadata: new Uint8Array(),
    }));
    double.log.append('orders-1', { kind: 'any' }, foreign);
    const reads = double.calls.reads;
    const store = await openTestStore(double.connectionString, { pageSize: 1, operationTimeoutMs: 1_000 });
    expect(double.calls.reads - reads).toBe(1);
    await store.close();
  });
});
