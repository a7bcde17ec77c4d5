import type { Projection } from '@casefold/core';
import type { CounterEvent } from '@casefold/engine/testing';
import { counterCodec } from '@casefold/engine/testing';
import { describe, expect, it } from 'vitest';
import { getInMemoryProjectionStore, isProjectionApplyError, rebuildVerified, startProjection, type ProjectionStore } from '../../src/index.js';
import { storeOf } from '../audit/tampering.js';
import { type Totals, totals } from './totalsProjection.js';

/** `totals`, whose apply throws on the event at `streamId` revision `revision` (or returns a promise there, when `async`). */
const failingAt = (streamId: string, revision: bigint, how: 'throws' | 'async' = 'throws'): Projection<Totals, CounterEvent> => {
  const base = totals();
  return {
    ...base,
    apply: (draft, envelope) => {
      if (envelope.streamId === streamId && envelope.revision === revision) {
        if (how === 'throws') throw new Error('boom in apply');
        return Promise.resolve() as unknown as void;
      }
      return base.apply(draft, envelope);
    },
  };
};

/** A projection store holding an older read model of `totals` (checkpoint 3). */
const withOldReadModel = async (): Promise<ProjectionStore> => {
  const projectionStore = getInMemoryProjectionStore();
  await projectionStore.commit({ name: 'totals', version: 1, position: 3n, state: { byStream: { old: 1 }, applied: 1 } }, null);
  return projectionStore;
};

const rejection = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => null,
    (e: unknown) => e,
  );

describe('rebuildVerified, when apply fails', () => {
  for (const fold of ['draft', 'inPlace'] as const) {
    it(`(fold '${fold}') rejects with the ProjectionApplyError naming the event, as startProjection does, and commits nothing`, async () => {
      // x: positions 1-3, y: 4-6; apply throws on y revision 1 (position 5), after a finished batch of 2.
      const store = await storeOf([
        { stream: 'x', count: 3 },
        { stream: 'y', count: 3 },
      ]);
      const projectionStore = await withOldReadModel();
      const before = await projectionStore.load('totals');
      const error = await rejection(rebuildVerified({ store, projectionStore, projection: failingAt('y', 1n), decode: counterCodec.decode, batchSize: 2, fold }));
      expect(isProjectionApplyError(error)).toBe(true);
      expect(error).toMatchObject({ projection: 'totals', event: { streamId: 'y', revision: 1n, position: 5n }, committed: 3n });
      expect((error as Error).cause).toMatchObject({ message: 'boom in apply' });
      expect((error as Error).message).toMatch(/stream 'y' revision 1 \(position 5\): boom in apply/);
      // rebuildVerified commits nothing: the message says so, not that the events before are committed and a runner resumes.
      expect((error as Error).message).toContain('Nothing of the rebuild is committed (the stored read model stays at checkpoint 3); fix the projection');
      expect((error as Error).message).toMatch(/and rebuild again\.$/);
      expect((error as Error).message).not.toMatch(/Everything before it is committed|start the runner again/);
      expect(await projectionStore.load('totals')).toEqual(before);

      // The runner reports the same failure on the same event.
      const runner = await startProjection({ store, projectionStore: getInMemoryProjectionStore(), projection: failingAt('y', 1n), decode: counterCodec.decode });
      try {
        await expect(runner.waitFor(6n)).rejects.toSatisfy(isProjectionApplyError);
        const status = runner.status();
        expect(status.kind === 'failed' && status.error).toMatchObject({ event: { streamId: 'y', revision: 1n, position: 5n } });
      } finally {
        await runner.stop();
      }
    });

    it(`(fold '${fold}') names the event whose apply returned a promise`, async () => {
      const store = await storeOf([{ stream: 'x', count: 4 }]);
      const projectionStore = getInMemoryProjectionStore();
      const error = await rejection(rebuildVerified({ store, projectionStore, projection: failingAt('x', 2n, 'async'), decode: counterCodec.decode, fold }));
      expect(isProjectionApplyError(error)).toBe(true);
      expect(error).toMatchObject({ event: { streamId: 'x', revision: 2n, position: 3n }, committed: 0n });
      expect((error as Error).cause).toBeInstanceOf(TypeError);
      expect(await projectionStore.load('totals')).toBeNull();
    });
  }

  it('rejects with the ProjectionApplyError naming the event on which accepts threw, committing nothing', async () => {
    const store = await storeOf([{ stream: 'x', count: 3 }]);
    const projectionStore = await withOldReadModel();
    const before = await projectionStore.load('totals');
    const accepts = (recorded: { readonly revision: bigint }): boolean => {
      if (recorded.revision === 1n) throw new Error('boom in accepts');
      return true;
    };
    const error = await rejection(rebuildVerified({ store, projectionStore, projection: totals(), decode: counterCodec.decode, accepts }));
    expect(isProjectionApplyError(error)).toBe(true);
    expect(error).toMatchObject({ event: { streamId: 'x', revision: 1n, position: 2n }, committed: 3n });
    expect((error as Error).cause).toMatchObject({ message: 'boom in accepts' });
    expect(await projectionStore.load('totals')).toEqual(before);
  });
});
