import type { Projection } from '@casefold/core';
import { counterCodec, newEvent, type CounterEvent } from '@casefold/engine/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyEnvelopes,
  envelopeOf,
  getInMemoryEventStore,
  getInMemoryProjectionStore,
  isEventDecodeError,
  isProjectionApplyError,
  isProjectionStateError,
  isProjectionStoppedError,
  isProjectionWaitTimeoutError,
  startProjection,
  type EventStore,
  type ProjectionStore,
  type RecordedEvent,
} from '../../src/index.js';
import { appendAmounts } from './appendAmounts.js';
import { type Totals, totals } from './totalsProjection.js';

const all = async (store: EventStore): Promise<RecordedEvent[]> => {
  const events: RecordedEvent[] = [];
  for await (const event of store.readAll()) events.push(event);
  return events;
};

/** The reference: every event of the store folded in one go. */
const expected = async (store: EventStore, projection = totals()): Promise<Totals> =>
  applyEnvelopes(
    projection,
    projection.initialState,
    (await all(store)).map((recorded) => {
      const decoded = counterCodec.decode(recorded);
      if (decoded._tag === 'Left') throw decoded.left;
      return envelopeOf(recorded, decoded.right);
    }),
  );

/** Counts commits; optionally fails (as a crash would) from the `failAt`-th commit on. */
const counting = (inner: ProjectionStore, failAt = Number.POSITIVE_INFINITY) => {
  const seen = { commits: 0 };
  const store: ProjectionStore = {
    ...inner,
    commit: (stored, expectedPosition) => {
      seen.commits += 1;
      return seen.commits >= failAt ? Promise.reject(new Error('crash before commit')) : inner.commit(stored, expectedPosition);
    },
  };
  return { store, seen };
};

/**
 * The store with a subscription that hands out each event only after a pause (a timer), as a
 * network subscription does between the messages it receives: the runner finds no further
 * event immediately available after every single one.
 */
const pausing = (inner: EventStore): EventStore => ({
  ...inner,
  subscribeToAll: (options) => {
    const subscription = inner.subscribeToAll(options);
    return {
      close: () => subscription.close(),
      [Symbol.asyncIterator]: async function* () {
        for await (const event of subscription) {
          await new Promise((resolve) => setTimeout(resolve, 1));
          yield event;
        }
      },
    };
  },
});

const start = (store: EventStore, projectionStore: ProjectionStore, extra: { batchSize?: number; version?: number } = {}) =>
  startProjection({ store, projectionStore, projection: totals(extra.version), decode: counterCodec.decode, ...(extra.batchSize === undefined ? {} : { batchSize: extra.batchSize }) });

describe('startProjection', () => {
  it('catches up, follows live appends, and waitFor gives read-your-writes', async () => {
    const store = getInMemoryEventStore();
    await appendAmounts(store, 'a', [1, 2, 3]);
    const runner = await start(store, getInMemoryProjectionStore());
    const last = await appendAmounts(store, 'b', [10]);
    await runner.waitFor(last);
    expect(runner.state()).toEqual({ byStream: { a: 6, b: 10 }, applied: 4 });
    expect(runner.position()).toBe(last);
    const later = await appendAmounts(store, 'a', [4]);
    await runner.waitFor(later);
    expect(runner.state().byStream['a']).toBe(10);
    await runner.stop();
    expect(runner.status()).toEqual({ kind: 'stopped' });
  });

  it('commits state and checkpoint together, per batch', async () => {
    const store = getInMemoryEventStore();
    const last = await appendAmounts(
      store,
      'a',
      Array.from({ length: 95 }, () => 1),
    );
    const { store: projectionStore, seen } = counting(getInMemoryProjectionStore());
    const runner = await start(store, projectionStore, { batchSize: 10 });
    await runner.waitFor(last);
    expect(seen.commits).toBeGreaterThanOrEqual(10);
    expect(await projectionStore.load('totals')).toEqual({ name: 'totals', version: 1, position: last, state: { byStream: { a: 95 }, applied: 95 } });
    await runner.stop();
  });

  it('catches up to the last event that was stored when it started in full batches, not at every pause of the subscription; live events then commit as soon as none follows', async () => {
    // A catch-up committing a partial read model at every pause made a replay commit over and over,
    // so that another command catching up beside it lost every commit (ProjectionConflictError).
    const inner = getInMemoryEventStore();
    const stored = await appendAmounts(
      inner,
      'a',
      Array.from({ length: 25 }, () => 1),
    );
    const store = pausing(inner);
    const { store: projectionStore, seen } = counting(getInMemoryProjectionStore());
    const runner = await start(store, projectionStore, { batchSize: 10 });
    await runner.waitFor(stored);
    // Two full batches, then the last event stored: three commits, whatever the pauses.
    expect(seen.commits).toBe(3);
    expect(await projectionStore.load('totals')).toEqual({ name: 'totals', version: 1, position: stored, state: { byStream: { a: 25 }, applied: 25 } });

    const live = await appendAmounts(inner, 'b', [7]);
    await runner.waitFor(live);
    expect(seen.commits).toBe(4);
    expect((await projectionStore.load('totals'))?.state).toEqual({ byStream: { a: 25, b: 7 }, applied: 26 });
    await runner.stop();
  });

  it('resumes from the checkpoint after a stop, applying each event once', async () => {
    const store = getInMemoryEventStore();
    const projectionStore = getInMemoryProjectionStore();
    await appendAmounts(store, 'a', [1, 1, 1]);
    const first = await start(store, projectionStore);
    await first.waitFor(3n);
    await first.stop();
    const last = await appendAmounts(store, 'a', [5, 5]);
    const second = await start(store, projectionStore);
    expect(second.position()).toBe(3n);
    await second.waitFor(last);
    expect(second.state()).toEqual({ byStream: { a: 13 }, applied: 5 });
    await second.stop();
  });

  it('after a crash mid-way, a restart neither skips nor repeats an event', async () => {
    const store = getInMemoryEventStore();
    const durable = getInMemoryProjectionStore();
    const last = await appendAmounts(
      store,
      'a',
      Array.from({ length: 50 }, (_, i) => i + 1),
    );
    const { store: crashing } = counting(durable, 3);
    const doomed = await start(store, crashing, { batchSize: 7 });
    await expect(doomed.waitFor(last)).rejects.toThrow('crash before commit');
    expect(doomed.status().kind).toBe('failed');
    expect((await durable.load('totals'))?.position).toBe(14n);
    const restarted = await start(store, durable, { batchSize: 7 });
    await restarted.waitFor(last);
    expect(restarted.state()).toEqual(await expected(store));
    await restarted.stop();
  });

  it('rebuilds from scratch when the stored version differs, and on rebuild()', async () => {
    const store = getInMemoryEventStore();
    const projectionStore = getInMemoryProjectionStore();
    const last = await appendAmounts(store, 'a', [2, 3]);
    await projectionStore.commit({ name: 'totals', version: 1, position: last, state: { byStream: { a: 999 }, applied: 1 } }, null);
    const v2 = await start(store, projectionStore, { version: 2 });
    expect((await projectionStore.load('totals'))?.version).toBe(2);
    await v2.waitFor(last);
    expect(v2.state()).toEqual({ byStream: { a: 5 }, applied: 2 });

    await v2.rebuild();
    expect(v2.position()).toBeLessThan(last);
    await v2.waitFor(last);
    expect(v2.state()).toEqual({ byStream: { a: 5 }, applied: 2 });
    await v2.stop();
  });

  it('stops on an event it cannot decode, naming it, and never skips it', async () => {
    const store = getInMemoryEventStore();
    await appendAmounts(store, 'a', [1]);
    await store.appendToStream('a', [newEvent({ amount: 'x' })]);
    const last = await appendAmounts(store, 'a', [1]);
    const runner = await start(store, getInMemoryProjectionStore());
    const error = await runner.waitFor(last).catch((e: unknown) => e);
    expect(isEventDecodeError(error) && [error.streamId, error.revision]).toEqual(['a', 1n]);
    expect(runner.status()).toMatchObject({ kind: 'failed' });
    expect(runner.position()).toBe(1n);
  });

  it('when apply throws, commits every event before it, stops with a ProjectionApplyError naming it, and resumes there once fixed', async () => {
    const store = getInMemoryEventStore();
    await appendAmounts(store, 'a', [1, 2]);
    await appendAmounts(store, 'b', [3]);
    const last = await appendAmounts(store, 'a', [4]);
    await appendAmounts(store, 'c', [5]);
    /** Throws on amount 4, after half-changing the draft (the half must not be committed). */
    const fragile: Projection<Totals, CounterEvent> = {
      ...totals(),
      apply: (draft, envelope) => {
        if (envelope.event.data.amount === 4) {
          draft.applied += 100;
          throw new Error('cannot count fours');
        }
        totals().apply(draft, envelope);
      },
    };
    const projectionStore = getInMemoryProjectionStore();
    for (const batchSize of [1, 2, 500]) {
      await projectionStore.delete('totals');
      const runner = await startProjection({ store, projectionStore, projection: fragile, decode: counterCodec.decode, batchSize });
      const error = await runner.waitFor(last + 1n).catch((e: unknown) => e);
      expect(isProjectionApplyError(error), String(error)).toBe(true);
      expect(error).toMatchObject({ projection: 'totals', event: { streamId: 'a', revision: 2n, position: last }, committed: last - 1n });
      expect((error as Error).message).toMatch(
        /failed to apply event 'Incremented' at stream 'a' revision 2 .*: cannot count fours\. Everything before it is committed .*; fix the projection's apply .* and start the runner again/,
      );
      expect(runner.position()).toBe(last - 1n);
      expect(await projectionStore.load('totals')).toMatchObject({ position: last - 1n, state: { byStream: { a: 3, b: 3 }, applied: 3 } });
    }
    // Fixed (any apply that no longer throws): the runner resumes at the failing event.
    const runner = await start(store, projectionStore);
    await runner.waitFor(last + 1n);
    expect(runner.state()).toEqual({ byStream: { a: 7, b: 3, c: 5 }, applied: 5 });
    await runner.stop();
  });

  it('stops with a ProjectionStateError naming the path when the state is not JSON, and commits nothing', async () => {
    const store = getInMemoryEventStore();
    const last = await appendAmounts(store, 'a', [1]);
    const withMap: Projection<{ seen: Map<string, number> }, CounterEvent> = {
      name: 'maps',
      version: 1,
      initialState: { seen: new Map() },
      apply: (draft, { streamId }) => {
        draft.seen = new Map([[streamId, 1]]);
      },
    };
    const projectionStore = getInMemoryProjectionStore();
    const runner = await startProjection({ store, projectionStore, projection: withMap, decode: counterCodec.decode });
    const error = await runner.waitFor(last).catch((e: unknown) => e);
    expect(isProjectionStateError(error), String(error)).toBe(true);
    expect((error as Error).message).toMatch(/Projection 'maps' state holds a Map at state\.seen .*nothing was committed.*stateCodec/);
    expect(runner.status()).toMatchObject({ kind: 'failed' });
    expect(await projectionStore.load('maps')).toBeNull();
  });

  it('waitFor times out with a typed error, and rejects when the runner stops', async () => {
    const store = getInMemoryEventStore();
    const runner = await start(store, getInMemoryProjectionStore());
    const timeout = await runner.waitFor(5n, { timeoutMs: 20 }).catch((e: unknown) => e);
    expect(isProjectionWaitTimeoutError(timeout) && timeout.message).toMatch(/did not reach position 5 within 20 ms/);
    const pending = runner.waitFor(9n).catch((e: unknown) => e);
    await runner.stop();
    expect(isProjectionStoppedError(await pending)).toBe(true);
  });

  it('folds only accepted events but checkpoints past the others; stores state through a codec', async () => {
    const store = getInMemoryEventStore();
    await appendAmounts(store, 'a', [1]);
    const last = await appendAmounts(store, 'b', [100]);
    const projectionStore = getInMemoryProjectionStore();
    const runner = await startProjection({
      store,
      projectionStore,
      projection: totals(),
      decode: counterCodec.decode,
      accepts: (recorded) => recorded.streamId === 'a',
      stateCodec: { encode: (state) => ({ packed: JSON.stringify(state) }), decode: (json) => JSON.parse((json as { packed: string }).packed) as Totals },
    });
    await runner.waitFor(last);
    expect(runner.state()).toEqual({ byStream: { a: 1 }, applied: 1 });
    expect((await projectionStore.load('totals'))?.state).toEqual({ packed: JSON.stringify({ byStream: { a: 1 }, applied: 1 }) });
    await runner.stop();
    const again = await startProjection({
      store,
      projectionStore,
      projection: totals(),
      decode: counterCodec.decode,
      stateCodec: { encode: (s) => ({ packed: JSON.stringify(s) }), decode: (j) => JSON.parse((j as { packed: string }).packed) as Totals },
    });
    expect(again.state()).toEqual({ byStream: { a: 1 }, applied: 1 });
    await again.stop();
  });

  it('for all appends, batch sizes and stop points, the committed state is the fold of every event, each once', async () => {
    const appends = fc.array(fc.record({ stream: fc.constantFrom('a', 'b', 'c'), amounts: fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 4 }) }), { minLength: 1, maxLength: 10 });
    await fc.assert(
      fc.asyncProperty(appends, fc.integer({ min: 1, max: 6 }), fc.nat(10), async (batches, batchSize, stopAfter) => {
        const store = getInMemoryEventStore();
        const projectionStore = getInMemoryProjectionStore();
        let runner = await start(store, projectionStore, { batchSize });
        let last = 0n;
        for (const [i, { stream, amounts }] of batches.entries()) {
          last = await appendAmounts(store, stream, amounts);
          if (i === stopAfter) {
            await runner.stop();
            runner = await start(store, projectionStore, { batchSize });
          }
        }
        await runner.waitFor(last);
        expect(runner.state()).toEqual(await expected(store));
        expect((await projectionStore.load('totals'))?.position).toBe(last);
        await runner.stop();
      }),
      { numRuns: 1000 },
    );
  });
});
