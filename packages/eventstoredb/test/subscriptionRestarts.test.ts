import { afterEach, describe, expect, it } from 'vitest';
import { isStoreUnavailableError } from '@casefold/engine';
import type { NewEvent, RecordedEvent } from '@casefold/engine';
import { newEvent } from '@casefold/engine/testing';
import { startEventStoreDouble, type EventStoreDouble } from './double/eventStoreDouble.js';
import { openTestStore } from './support/testStore.js';
import { failure } from './support/failure.js';

let double: EventStoreDouble;
afterEach(() => double.stop());

/** `iterator.next()`, failing after `ms`. */
const nextWithin = async <T>(iterator: AsyncIterator<T>, ms: number): Promise<IteratorResult<T>> => {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([iterator.next(), new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer from the subscription within ${ms} ms`)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
};

/** Resolves once `condition` holds, polling; fails after `ms` with `what`. */
const until = async (condition: () => boolean, what: string, ms = 10_000): Promise<void> => {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

describe('a subscription whose server goes away', () => {
  it('survives more restarts than reconnectAttempts when each resubscription succeeds ("failures in a row": a confirmed resubscription starts the count again)', async () => {
    double = await startEventStoreDouble();
    const store = await openTestStore(double.connectionString, { reconnectDelayMs: 20, reconnectAttempts: 2 });
    const subscription = store.events.subscribeToAll();
    const iterator = subscription[Symbol.asyncIterator]();
    const pending = nextWithin(iterator, 60_000);
    // No event meanwhile: a quiet store, its server restarted more times than reconnectAttempts.
    for (let restart = 0; restart < 6; restart++) {
      await until(() => double.subscribers > 0, `subscribed before restart ${restart}`);
      await double.stop();
      await double.restart();
    }
    await until(() => double.subscribers > 0, 'subscribed after the last restart');
    await store.events.appendToStream('s', [newEvent()]);
    const next = await pending;
    expect(next.done).toBe(false);
    expect((next.value as RecordedEvent).streamId).toBe('s');
    await subscription.close();
    await store.close();
  });

  it('after reconnectAttempts failed resubscriptions in a row: StoreUnavailableError, the store still usable', async () => {
    double = await startEventStoreDouble();
    const store = await openTestStore(double.connectionString, { reconnectDelayMs: 20, reconnectAttempts: 3, operationTimeoutMs: 2_000 });
    const subscription = store.events.subscribeToAll();
    const iterator = subscription[Symbol.asyncIterator]();
    await store.events.appendToStream('s', [newEvent()]);
    expect((await nextWithin(iterator, 10_000)).done).toBe(false);
    await double.stop();
    const error = await failure(nextWithin(iterator, 20_000));
    expect(isStoreUnavailableError(error), String(error)).toBe(true);
    expect(error.message).toContain('subscription to $all');
    expect(await nextWithin(iterator, 1_000)).toEqual({ done: true, value: undefined });
    await double.restart();
    expect((await store.events.appendToStream('s', [newEvent()], { expectedRevision: 0n })).nextExpectedRevision).toBe(1n);
    await subscription.close();
    await store.close();
  });

  it('to a server that takes the call and never confirms it: StoreUnavailableError after reconnectAttempts, each bounded by operationTimeoutMs (was: a hang)', async () => {
    double = await startEventStoreDouble();
    const store = await openTestStore(double.connectionString, { reconnectDelayMs: 20, reconnectAttempts: 1, operationTimeoutMs: 300 });
    double.setFault('silent');
    const subscription = store.events.subscribeToAll();
    const started = performance.now();
    const error = await failure(nextWithin(subscription[Symbol.asyncIterator](), 15_000));
    expect(isStoreUnavailableError(error), String(error)).toBe(true);
    expect(error.message).toContain('no confirmation within 300 ms');
    expect(performance.now() - started).toBeGreaterThanOrEqual(550);
    await subscription.close();
    await store.close();
  });

  it('close() during the wait before resubscribing ends the iteration at once', async () => {
    double = await startEventStoreDouble();
    const store = await openTestStore(double.connectionString, { reconnectDelayMs: 600_000 });
    const subscription = store.events.subscribeToAll();
    const iterator = subscription[Symbol.asyncIterator]();
    const pending = nextWithin(iterator, 5_000);
    await until(() => double.subscribers > 0, 'subscribed');
    await double.stop();
    await until(() => double.subscribers === 0, 'the subscription dropped');
    await subscription.close();
    expect(await pending).toEqual({ done: true, value: undefined });
    await store.close();
  });
});

describe('a subscription while writers append and the server restarts again and again', () => {
  it('sees every written event exactly once, in position order (10 restarts, 3 writers)', async () => {
    double = await startEventStoreDouble();
    const store = await openTestStore(double.connectionString, { reconnectDelayMs: 10, reconnectAttempts: 1_000, operationTimeoutMs: 5_000 });
    const subscription = store.events.subscribeToAll();
    const received: RecordedEvent[] = [];
    const following = (async () => {
      for await (const event of subscription) received.push(event);
    })();
    let writing = true;
    // Each writer appends to its own streams with exact expectations, sending a failed append again as it was: idempotent on the server.
    const writers = [0, 1, 2].map(async (w) => {
      const revisions = new Map<string, bigint>();
      for (let i = 0; writing; i++) {
        const streamId = `w${w}-${i % 3}`;
        const events: NewEvent[] = Array.from({ length: 1 + (i % 3) }, () => newEvent());
        for (;;) {
          try {
            const result = await store.events.appendToStream(streamId, events, { expectedRevision: revisions.get(streamId) ?? 'no_stream' });
            revisions.set(streamId, result.nextExpectedRevision);
            break;
          } catch (error) {
            if (!isStoreUnavailableError(error)) throw error;
            await new Promise((resolve) => setTimeout(resolve, 5));
          }
        }
      }
    });
    for (let restart = 0; restart < 10; restart++) {
      const before = double.log.all.length;
      await until(() => double.log.all.length >= before + 10, `writing before restart ${restart}`);
      await double.stop();
      await new Promise((resolve) => setTimeout(resolve, restart % 3 === 0 ? 50 : 0));
      await double.restart();
    }
    writing = false;
    await Promise.all(writers);
    const written = double.log.all.filter((event) => event.streamName.startsWith(store.prefix));
    await until(() => received.length >= written.length, `the subscription received ${received.length} of ${written.length} events`, 30_000);
    await subscription.close();
    await following;
    expect(received.map((event) => event.position)).toEqual(written.map((event) => event.position));
    expect(new Set(received.map((event) => event.eventId)).size).toBe(received.length);
    expect(received.length).toBeGreaterThan(100);
    await store.close();
  });
});
