import { handleCommand, isEventDecodeError, type EventStore, type HandleCommandOptions } from '../../index.js';
import * as E from 'fp-ts/lib/Either.js';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { counterCodec, counterDecider, uniqueId, type CounterContext, type CounterEvent, type CounterRejection, type CounterState, type IncrementCounter } from './counterDomain.js';
import { collect, type EventStoreFixture } from './fixture.js';

const options = (store: EventStore): HandleCommandOptions<IncrementCounter, CounterEvent, CounterState, CounterContext, CounterRejection> => ({
  store,
  decider: counterDecider,
  codec: counterCodec,
  newEventId: randomUUID,
  clock: () => new Date().toISOString(),
  retry: { maxAttempts: 50, baseDelayMs: 1, maxDelayMs: 5 },
});

/** Sends `Increment amount` with the given command id. */
export const increment = (store: EventStore, streamId: string, amount: number, commandId: string = randomUUID()) =>
  handleCommand(options(store), { streamId, commandId, command: { type: 'Increment', amount }, context: { now: '2026-03-02T08:00:00.000Z', commandId } });

/** Command handling through the store: idempotency, concurrency, undecodable events. */
export const commandConformance = (fixture: () => EventStoreFixture): void => {
  describe('command handling against the store', () => {
    it('a command retried with the same id appends nothing and returns its first outcome', async () => {
      const { store } = fixture();
      const streamId = uniqueId('counter');
      await increment(store, streamId, 2);
      const first = await increment(store, streamId, 5, 'same-command');
      await increment(store, streamId, 1);
      const again = await increment(store, streamId, 5, 'same-command');
      if (E.isLeft(first) || E.isLeft(again)) throw new Error('expected both runs to succeed');
      expect(again.right.replayed).toBe(true);
      expect(again.right.events).toEqual(first.right.events);
      expect(again.right.recorded).toEqual(first.right.recorded);
      expect(again.right.lastPosition).toBe(first.right.lastPosition);
      const stream = await collect(store.readStream(streamId));
      expect(stream).toHaveLength(3);
      expect(again.right.state).toEqual({ total: 8, increments: 3 });
    });

    it('concurrent commands on one stream all land, once each, after conflict retries', async () => {
      const { store } = fixture();
      const streamId = uniqueId('counter');
      const results = await Promise.all(Array.from({ length: 8 }, (_, i) => increment(store, streamId, i + 1)));
      for (const result of results) expect(E.isRight(result), JSON.stringify(E.isLeft(result) ? result.left.kind : '')).toBe(true);
      const stream = await collect(store.readStream(streamId));
      expect(stream.map((e) => e.revision)).toEqual(Array.from({ length: 8 }, (_, i) => BigInt(i)));
      expect(stream.reduce((sum, e) => sum + (e.data as { amount: number }).amount, 0)).toBe(36);
    });

    it('a corrupt stored event gives a typed EventDecodeError naming stream and revision; other streams stay usable', async (context) => {
      const { store, corrupt } = fixture();
      if (corrupt === undefined) {
        context.skip('this factory has no corrupt(streamId, revision) hook, so a corrupt stored event cannot be produced');
        return;
      }
      const damaged = uniqueId('damaged');
      const healthy = uniqueId('healthy');
      for (const amount of [1, 2, 3]) {
        await increment(store, damaged, amount);
        await increment(store, healthy, amount);
      }
      await corrupt(damaged, 1n);
      const result = await increment(store, damaged, 1);
      if (E.isRight(result) || result.left.kind !== 'undecodable_event') throw new Error(`expected undecodable_event, got ${JSON.stringify(E.isLeft(result) ? result.left.kind : 'success')}`);
      expect(isEventDecodeError(result.left.error)).toBe(true);
      expect(result.left.error).toMatchObject({ streamId: damaged, revision: 1n });
      expect(result.left.error.message).toContain(damaged);
      const ok = await increment(store, healthy, 4);
      expect(E.isRight(ok) && ok.right.state.total).toBe(10);
      expect(await collect(store.readStream(healthy))).toHaveLength(4);
    });
  });
};
