import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordedEvent, Subscription } from '@casefold/engine';
import { newEvent, openTestStore, sql, type TestStore } from './support/testStore.js';

/**
 * LISTEN/NOTIFY: a subscriber whose poll interval is a minute still gets another process's
 * appends at once, also after its listening connection was killed.
 */
let writer: TestStore;
let reader: TestStore;
beforeAll(async () => {
  writer = await openTestStore();
  reader = await openTestStore({ schema: writer.schema, pollIntervalMs: 60_000 });
});
afterAll(async () => {
  await reader.close();
  await writer.dispose();
});

/** Appends one event with the writer and resolves with how long the subscription took to deliver it. */
const deliveryMs = async (iterator: AsyncIterator<RecordedEvent>): Promise<number> => {
  const event = newEvent('Ping');
  const start = performance.now();
  await writer.events.appendToStream(`ping-${event.eventId}`, [event]);
  const delivered = await iterator.next();
  expect(delivered.value?.eventId).toBe(event.eventId);
  return performance.now() - start;
};

const listeners = (schema: string) => sql<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE query = $1 AND state = 'idle'`, [`LISTEN "casefold_${schema}"`]);

describe('subscriptions woken by NOTIFY', () => {
  let subscription: Subscription;
  let iterator: AsyncIterator<RecordedEvent>;
  beforeAll(async () => {
    const { lastPosition } = await writer.events.appendToStream('start', [newEvent()]);
    subscription = reader.events.subscribeToAll({ fromPosition: lastPosition });
    iterator = subscription[Symbol.asyncIterator]();
    while ((await listeners(writer.schema)).length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
  });
  afterAll(async () => {
    await subscription.close();
  });

  it("delivers another store's appends long before the poll interval", async () => {
    for (let i = 0; i < 5; i++) expect(await deliveryMs(iterator)).toBeLessThan(5_000);
  });

  it('reconnects its LISTEN connection after the server kills it, and keeps delivering', async () => {
    const [listener] = await listeners(writer.schema);
    await sql('SELECT pg_terminate_backend($1)', [listener!.pid]);
    const deadline = Date.now() + 10_000;
    let again: { pid: number }[] = [];
    while (Date.now() < deadline) {
      again = (await listeners(writer.schema)).filter((l) => l.pid !== listener!.pid);
      if (again.length > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(again).toHaveLength(1);
    expect(await deliveryMs(iterator)).toBeLessThan(5_000);
  });
});
