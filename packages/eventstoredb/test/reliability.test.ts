import { afterEach, describe, expect, it } from 'vitest';
import { EventStoreDBClient, jsonEvent } from '@eventstore/db-client';
import type { RecordedEvent } from '@casefold/engine';
import { newEvent } from '@casefold/engine/testing';
import { startEventStoreDouble, type EventStoreDouble } from './double/eventStoreDouble.js';
import { openTestStore } from './support/testStore.js';
import { collect } from './support/collect.js';

let double: EventStoreDouble;

afterEach(() => double.stop());

/** Takes `count` events from a subscription's iterator, failing after `ms`. */
const take = async (iterator: AsyncIterator<RecordedEvent>, count: number, ms = 10_000): Promise<RecordedEvent[]> => {
  const events: RecordedEvent[] = [];
  const deadline = Date.now() + ms;
  while (events.length < count) {
    const next = await Promise.race([
      iterator.next(),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`only ${events.length} of ${count} events within ${ms} ms`)), deadline - Date.now())),
    ]);
    if (next.done === true) throw new Error(`the subscription ended after ${events.length} events`);
    events.push(next.value);
  }
  return events;
};

describe('a server that goes away and comes back', () => {
  it('a subscription resubscribes from its last position: every event exactly once, in order', async () => {
    double = await startEventStoreDouble();
    const store = await openTestStore(double.connectionString, { reconnectDelayMs: 50, operationTimeoutMs: 2_000 });
    const subscription = store.events.subscribeToAll();
    const iterator = subscription[Symbol.asyncIterator]();
    for (let i = 0; i < 3; i++) await store.events.appendToStream(`s-${i}`, [newEvent()]);
    const before = await take(iterator, 3);
    await double.stop();
    await double.restart();
    for (let i = 3; i < 6; i++) await store.events.appendToStream(`s-${i}`, [newEvent()]);
    const after = await take(iterator, 3);
    const streams = [...before, ...after].map((event) => event.streamId);
    expect(streams).toEqual(['s-0', 's-1', 's-2', 's-3', 's-4', 's-5']);
    const positions = [...before, ...after].map((event) => event.position);
    expect(positions).toEqual([...positions].sort((a, b) => (a < b ? -1 : 1)));
    await subscription.close();
    await store.close();
  });
});

describe('the first calls after a server restart', () => {
  it('succeed, each append written once: a call the client dropped before sending it (its channel closed or not yet reconnected) is sent once more (40 restarts)', async () => {
    double = await startEventStoreDouble();
    const store = await openTestStore(double.connectionString, { reconnectDelayMs: 50, operationTimeoutMs: 2_000 });
    // A subscription following meanwhile: its reconnection closes the client's channel under the calls that follow a restart.
    const subscription = store.events.subscribeToAll();
    const following = collect(subscription);
    const streams: string[] = [];
    for (let round = 0; round < 40; round++) {
      await double.stop();
      await double.restart();
      for (let i = 0; i < 3; i++) {
        streams.push(`s-${round}-${i}`);
        await store.events.appendToStream(`s-${round}-${i}`, [newEvent()]);
      }
      expect((await collect(store.events.readStream(`s-${round}-0`))).length).toBe(1);
    }
    expect(streams.map((stream) => double.log.stream(`${store.prefix}${stream}`)?.length)).toEqual(streams.map(() => 1));
    await subscription.close();
    await following;
    await store.close();
  });
});

describe('one server, several systems: the stream prefix', () => {
  it("readAll, subscriptions and readLastPosition see only the store's streams: not the server's $ streams, not other systems', not another prefix's", async () => {
    double = await startEventStoreDouble();
    const store = await openTestStore(double.connectionString);
    const other = await openTestStore(double.connectionString);
    const foreign = EventStoreDBClient.connectionString(double.connectionString);
    await store.events.appendToStream('case-1', [newEvent()]);
    await foreign.appendToStream('orders-7', jsonEvent({ type: 'OrderPlaced', data: { total: 3 } }));
    await other.events.appendToStream('case-1', [newEvent()]);
    const mine = await store.events.appendToStream('case-2', [newEvent(), newEvent()]);
    await foreign.appendToStream('orders-8', jsonEvent({ type: 'OrderPlaced', data: { total: 4 } }));
    expect(double.log.all.some((event) => event.streamName.startsWith('$'))).toBe(true);

    const all = await collect(store.events.readAll());
    expect(all.map((event) => `${event.streamId}@${event.revision}`)).toEqual(['case-1@0', 'case-2@0', 'case-2@1']);
    expect(await store.readLastPosition()).toBe(mine.lastPosition);
    const subscription = store.events.subscribeToAll();
    expect((await take(subscription[Symbol.asyncIterator](), 3)).map((event) => event.streamId)).toEqual(['case-1', 'case-2', 'case-2']);
    await subscription.close();
    // In EventStoreDB the streams carry the prefix: casefold-style categories ($ce-<prefix without '-'>).
    expect(double.log.stream(`${store.prefix}case-2`)?.length).toBe(2);
    await foreign.dispose();
    await other.close();
    await store.close();
  });
});

describe('readers resuming from a checkpoint while writers append', () => {
  it('a reader whose checkpoint commits in the paired SQLite store sees every event exactly once, across restarts', async () => {
    double = await startEventStoreDouble();
    const writers = await openTestStore(double.connectionString);
    const prefix = writers.prefix;
    const seen = new Map<string, number>();
    let writing = true;
    const written: string[] = [];
    const writerLoops = [0, 1, 2].map(async (w) => {
      for (let i = 0; writing || i < 20; i++) {
        const event = newEvent();
        await writers.events.appendToStream(`w${w}-${i % 5}`, [event, newEvent()].slice(0, 1 + (i % 2)));
        written.push(event.eventId);
        if (i >= 200) break;
      }
    });
    // The reader: five sessions, each opening the store anew and resuming from the checkpoint it committed.
    const { openSqliteStore } = await import('@casefold/sqlite');
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'casefold-esdb-'));
    try {
      for (let session = 0; session < 5; session++) {
        const reader = await openTestStore(double.connectionString, { streamPrefix: prefix, projections: await openSqliteStore({ fileName: join(dir, 'read-models.db') }) });
        const stored = await reader.projections.load('seen');
        let position: bigint | null = stored?.position ?? null;
        for await (const event of reader.events.readAll({ fromPosition: position ?? 0n, maxCount: 40 })) {
          seen.set(event.eventId, (seen.get(event.eventId) ?? 0) + 1);
          await reader.projections.commit({ name: 'seen', version: 1, position: event.position, state: seen.size }, position);
          position = event.position;
        }
        await reader.close();
      }
      writing = false;
      await Promise.all(writerLoops);
      const last = await openTestStore(double.connectionString, { streamPrefix: prefix, projections: await openSqliteStore({ fileName: join(dir, 'read-models.db') }) });
      const from = (await last.projections.load('seen'))?.position ?? 0n;
      for await (const event of last.events.readAll({ fromPosition: from })) seen.set(event.eventId, (seen.get(event.eventId) ?? 0) + 1);
      await last.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const total = (await collect(writers.events.readAll())).length;
    expect(seen.size).toBe(total);
    expect([...seen.values()].every((count) => count === 1)).toBe(true);
    for (const eventId of written) expect(seen.get(eventId)).toBe(1);
    await writers.close();
  });
});
