import type { RecordedEvent, Subscription } from '../../index.js';
import { describe, expect, it } from 'vitest';
import { newEvent, newEvents, uniqueId } from './counterDomain.js';
import { markPosition, type EventStoreFixture } from './fixture.js';

/** Takes the next `count` events from a subscription, failing after `timeoutMs`. */
export const take = async (subscription: Subscription, count: number, timeoutMs = 5_000): Promise<RecordedEvent[]> => {
  const iterator = subscription[Symbol.asyncIterator]();
  const taken: RecordedEvent[] = [];
  const deadline = Date.now() + timeoutMs;
  while (taken.length < count) {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`subscription: got ${taken.length} of ${count} events within ${timeoutMs} ms`)), Math.max(0, deadline - Date.now()));
    });
    try {
      const result = await Promise.race([iterator.next(), timeout]);
      if (result.done === true) throw new Error(`subscription ended after ${taken.length} of ${count} events`);
      taken.push(result.value);
    } finally {
      clearTimeout(timer);
    }
  }
  return taken;
};

/** Subscriptions: catch-up then live, exclusive start, closing. */
export const subscriptionConformance = (fixture: () => EventStoreFixture): void => {
  describe('subscriptions to the whole store', () => {
    it('catches up from a position (exclusive), then delivers live appends in order', async () => {
      const { store } = fixture();
      const streamId = uniqueId('s');
      const start = await markPosition(store, newEvent());
      const before = await store.appendToStream(streamId, newEvents(3));
      const subscription = store.subscribeToAll({ fromPosition: start });
      try {
        expect(await take(subscription, 3)).toEqual(before.events);
        const pending = take(subscription, 4);
        const live1 = await store.appendToStream(streamId, newEvents(2));
        const live2 = await store.appendToStream(uniqueId('t'), newEvents(2));
        expect(await pending).toEqual([...live1.events, ...live2.events]);
      } finally {
        await subscription.close();
      }
    });

    it('starts after the given position, and at the start of the store without one', async () => {
      const { store } = fixture();
      const { events } = await store.appendToStream(uniqueId('s'), newEvents(3));
      const fromSecond = store.subscribeToAll({ fromPosition: events[0]!.position });
      const fromStart = store.subscribeToAll();
      try {
        expect(await take(fromSecond, 2)).toEqual(events.slice(1));
        const [first] = await take(fromStart, 1);
        expect(first!.position).toBeGreaterThan(0n);
        expect(first!.position).toBeLessThanOrEqual(events[0]!.position);
      } finally {
        await fromSecond.close();
        await fromStart.close();
      }
    });

    it('close() ends a pending iteration, and breaking out of for-await closes the subscription', async () => {
      const { store } = fixture();
      const start = await markPosition(store, newEvent());
      const subscription = store.subscribeToAll({ fromPosition: start });
      const iterator = subscription[Symbol.asyncIterator]();
      const pending = iterator.next();
      await subscription.close();
      expect((await pending).done).toBe(true);

      await store.appendToStream(uniqueId('s'), newEvents(2));
      const seen: RecordedEvent[] = [];
      for await (const event of store.subscribeToAll({ fromPosition: start })) {
        seen.push(event);
        break;
      }
      expect(seen).toHaveLength(1);
    });

    it('independent subscriptions each see every event', async () => {
      const { store } = fixture();
      const start = await markPosition(store, newEvent());
      const a = store.subscribeToAll({ fromPosition: start });
      const b = store.subscribeToAll({ fromPosition: start });
      try {
        const pendingA = take(a, 5);
        const pendingB = take(b, 5);
        const appended = [...(await store.appendToStream(uniqueId('s'), newEvents(2))).events, ...(await store.appendToStream(uniqueId('s'), newEvents(3))).events];
        expect(await pendingA).toEqual(appended);
        expect(await pendingB).toEqual(appended);
      } finally {
        await a.close();
        await b.close();
      }
    });
  });
};
