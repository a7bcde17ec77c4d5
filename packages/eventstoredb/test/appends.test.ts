import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { isStoreUnavailableError, isWrongExpectedRevisionError, verifyAll } from '@casefold/engine';
import type { RecordedEvent } from '@casefold/engine';
import { newEvent } from '@casefold/engine/testing';
import { startEventStoreDouble, type EventStoreDouble } from './double/eventStoreDouble.js';
import { openTestStore } from './support/testStore.js';
import { timedFailure } from './support/failure.js';
import { collect } from './support/collect.js';

let double: EventStoreDouble;
afterEach(() => double.stop());

describe("'any' and 'stream_exists' appends that lose the race (appendAttempts)", () => {
  it.each(['any', 'stream_exists'] as const)(
    "'%s': another writer slips in before every attempt → StoreUnavailableError after appendAttempts tries, nothing of ours written",
    async (expectedRevision) => {
      // Another writer appends to the stream while each of our appends is on its way: a copy of our event, under another id.
      let racing = false;
      double = await startEventStoreDouble({
        onProposed: (streamName, event) => {
          if (racing) double.log.append(streamName, { kind: 'any' }, [{ ...event, id: randomUUID() }]);
        },
      });
      const store = await openTestStore(double.connectionString, { appendAttempts: 3 });
      await store.events.appendToStream('s', [newEvent()]);
      racing = true;
      const appends = double.calls.appends;
      const { error } = await timedFailure(() => store.events.appendToStream('s', [newEvent()], { expectedRevision }));
      racing = false;
      expect(isStoreUnavailableError(error), String(error)).toBe(true);
      expect(error.message).toContain('3 attempts each lost the race to other writers (appendAttempts)');
      expect(double.calls.appends - appends).toBe(3);
      expect(double.log.stream(`${store.prefix}s`)?.length).toBe(1 + 3);
      await store.close();
    },
  );

  it('an exact expectation that loses the race is WrongExpectedRevisionError at once, not tried again', async () => {
    let racing = false;
    double = await startEventStoreDouble({
      onProposed: (streamName, event) => {
        if (racing) double.log.append(streamName, { kind: 'any' }, [{ ...event, id: randomUUID() }]);
      },
    });
    const store = await openTestStore(double.connectionString);
    await store.events.appendToStream('s', [newEvent()]);
    racing = true;
    const appends = double.calls.appends;
    const { error } = await timedFailure(() => store.events.appendToStream('s', [newEvent()], { expectedRevision: 0n }));
    expect(isWrongExpectedRevisionError(error), String(error)).toBe(true);
    expect(double.calls.appends - appends).toBe(1);
    await store.close();
  });

  it("concurrent 'any' appends to one stream: every one written once, the chain whole, revisions 0..n-1", async () => {
    double = await startEventStoreDouble();
    const store = await openTestStore(double.connectionString, { appendAttempts: 100 });
    const writers = [0, 1, 2].map(async () => {
      const ids: string[] = [];
      for (let i = 0; i < 12; i++) {
        const events = Array.from({ length: 1 + (i % 2) }, () => newEvent());
        await store.events.appendToStream('shared', events);
        ids.push(...events.map((event) => event.eventId));
      }
      return ids;
    });
    const written = (await Promise.all(writers)).flat();
    const stream: RecordedEvent[] = await collect(store.events.readStream('shared'));
    expect(stream.map((event) => event.revision)).toEqual(stream.map((_, i) => BigInt(i)));
    expect(stream.map((event) => event.eventId).sort()).toEqual([...written].sort());
    for (let i = 1; i < stream.length; i++) expect(stream[i]!.prevHash).toBe(stream[i - 1]!.hash);
    expect((await verifyAll(store.events))._tag).toBe('Right');
    await store.close();
  });
});

describe('a server that takes calls and never answers them: each call StoreUnavailableError within operationTimeoutMs', () => {
  it.each([
    ['append', (store: Awaited<ReturnType<typeof openTestStore>>) => store.events.appendToStream('s', [newEvent()])],
    ["append 'no_stream' (no read first)", (store: Awaited<ReturnType<typeof openTestStore>>) => store.events.appendToStream('t', [newEvent()], { expectedRevision: 'no_stream' })],
    ['readAll', (store: Awaited<ReturnType<typeof openTestStore>>) => collect(store.events.readAll())],
    ['readStream', (store: Awaited<ReturnType<typeof openTestStore>>) => collect(store.events.readStream('s'))],
    ['readLastPosition', (store: Awaited<ReturnType<typeof openTestStore>>) => store.readLastPosition()],
  ])('%s', async (_, call) => {
    double = await startEventStoreDouble();
    const store = await openTestStore(double.connectionString, { operationTimeoutMs: 400 });
    await store.events.appendToStream('s', [newEvent()]);
    double.setFault('silent');
    const { error, ms } = await timedFailure(() => call(store));
    expect(isStoreUnavailableError(error), String(error)).toBe(true);
    expect(error.message).toContain('no answer within 400 ms');
    expect(ms).toBeGreaterThanOrEqual(350);
    expect(ms).toBeLessThan(3_000);
    await store.close();
  });
});

describe('a read that fails for a passing reason is sent once more, and only once', () => {
  it("a node that is not ready: two reads received, then StoreUnavailableError; the read succeeds once it's ready", async () => {
    double = await startEventStoreDouble();
    const store = await openTestStore(double.connectionString, { operationTimeoutMs: 2_000 });
    await store.events.appendToStream('s', [newEvent()]);
    double.setFault('not_ready');
    const reads = double.calls.reads;
    const { error } = await timedFailure(() => store.readLastPosition());
    expect(isStoreUnavailableError(error), String(error)).toBe(true);
    expect(double.calls.reads - reads).toBe(2);
    double.setFault(null);
    expect(await store.readLastPosition()).toBeGreaterThan(0n);
    await store.close();
  });
});
