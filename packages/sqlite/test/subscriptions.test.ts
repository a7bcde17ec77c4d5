import { afterAll, describe, expect, it } from 'vitest';
import type { RecordedEvent, Subscription } from '@casefold/engine';
import { getSqliteEventStore } from '@casefold/sqlite';
import { keys, newEvent, tempDir } from './support/fixtures.js';
import { startWorker } from './support/workers.js';

const dir = tempDir();
afterAll(() => dir.remove());

/** Takes events from a subscription until `count` have arrived. */
const take = async (subscription: Subscription, count: number): Promise<RecordedEvent[]> => {
  const out: RecordedEvent[] = [];
  if (count === 0) return out;
  for await (const event of subscription) {
    out.push(event);
    if (out.length === count) break;
  }
  return out;
};

describe('subscribeToAll', () => {
  it('catches up from an exclusive position, then follows appends made in this process', async () => {
    const store = getSqliteEventStore({ fileName: ':memory:', pageSize: 2 });
    for (let i = 0; i < 5; i++) await store.appendToStream(`s${i % 2}`, [newEvent()]);
    const subscription = store.subscribeToAll({ fromPosition: 2n });
    const received = take(subscription, 6);
    setTimeout(() => void store.appendToStream('s9', [newEvent(), newEvent(), newEvent()]), 20);
    const events = await received;
    expect(events.map((e) => e.position)).toEqual([3n, 4n, 5n, 6n, 7n, 8n]);
    expect(keys(events).slice(3)).toEqual(['s9@0', 's9@1', 's9@2']);
    await store.close();
  });

  it('wakes at once on an append by another store instance of this process (no polling wait)', async () => {
    const fileName = dir.file('two-instances.db');
    const reader = getSqliteEventStore({ fileName, pollIntervalMs: 60_000 });
    const writer = getSqliteEventStore({ fileName });
    const subscription = reader.subscribeToAll();
    const received = take(subscription, 2);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const started = performance.now();
    await writer.appendToStream('a', [newEvent(), newEvent()]);
    expect((await received).map((e) => e.position)).toEqual([1n, 2n]);
    expect(performance.now() - started).toBeLessThan(5_000);
    await reader.close();
    await writer.close();
  });

  it("polls for another process's appends and delivers them in order, none skipped", async () => {
    const fileName = dir.file('other-process.db');
    const store = getSqliteEventStore({ fileName, pollIntervalMs: 10 });
    await store.appendToStream('mine', [newEvent()]);
    const subscription = store.subscribeToAll();
    const received = take(subscription, 21);
    const worker = startWorker('trickle', { fileName, streamId: 'theirs', count: 20, delayMs: 5 });
    expect(await worker.exited, worker.stderr()).toEqual({ code: 0, signal: null });
    const events = await received;
    expect(events.map((e) => e.position)).toEqual(events.map((_, i) => BigInt(i + 1)));
    expect(keys(events.slice(1))).toEqual(Array.from({ length: 20 }, (_, i) => `theirs@${i}`));
    await store.close();
  });

  it('ends a waiting iteration when the subscription is closed', async () => {
    const store = getSqliteEventStore({ fileName: ':memory:' });
    const subscription = store.subscribeToAll();
    const iterator = subscription[Symbol.asyncIterator]();
    const pending = iterator.next();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await subscription.close();
    expect(await pending).toEqual({ done: true, value: undefined });
    await store.appendToStream('a', [newEvent()]);
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
    await store.close();
  });

  it('ends every subscription when the store closes', async () => {
    const store = getSqliteEventStore({ fileName: ':memory:' });
    await store.appendToStream('a', [newEvent()]);
    const subscription = store.subscribeToAll();
    const iterator = subscription[Symbol.asyncIterator]();
    expect((await iterator.next()).done).toBe(false);
    const pending = iterator.next();
    await store.close();
    expect(await pending).toEqual({ done: true, value: undefined });
  });

  it('rejects with StoreClosedError when iterated after the store closed', async () => {
    const store = getSqliteEventStore({ fileName: ':memory:' });
    await store.close();
    const subscription = store.subscribeToAll();
    await expect(subscription[Symbol.asyncIterator]().next()).rejects.toMatchObject({ name: 'StoreClosedError' });
  });
});
