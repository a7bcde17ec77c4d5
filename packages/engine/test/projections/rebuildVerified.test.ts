import type { Projection } from '@casefold/core';
import { counterCodec, newEvent, newEvents, type CounterEvent } from '@casefold/engine/testing';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { isDraft } from 'immer';
import { describe, expect, it } from 'vitest';
import {
  applyEnvelopes,
  envelopeOf,
  getInMemoryProjectionStore,
  isEventDecodeError,
  isProjectionConflictError,
  isProjectionStateError,
  rebuildVerified,
  startProjection,
  verifyAll,
  type BrokenLinkKind,
  type EventStore,
  type ProjectionStore,
  type RecordedEvent,
} from '../../src/index.js';
import { storeOf, tamper, tamperingCase } from '../audit/tampering.js';
import { type Totals, totals as totalsOf } from './totalsProjection.js';

const totals = totalsOf();

const rebuild = (store: EventStore, projectionStore: ProjectionStore, extra: { readonly accepts?: (recorded: RecordedEvent) => boolean; readonly batchSize?: number } = {}) =>
  rebuildVerified({ store, projectionStore, projection: totals, decode: counterCodec.decode, ...extra });

/** The reference: the accepted events of the store folded in one go. */
const folded = async (store: EventStore, accepts: (recorded: RecordedEvent) => boolean = () => true): Promise<Totals> => {
  const envelopes = [];
  for await (const recorded of store.readAll()) {
    if (!accepts(recorded)) continue;
    const decoded = counterCodec.decode(recorded);
    if (E.isLeft(decoded)) throw decoded.left;
    envelopes.push(envelopeOf(recorded, decoded.right));
  }
  return applyEnvelopes(totals, totals.initialState, envelopes);
};

/** A projection store holding an older read model of `totals`: what a rebuild must replace, or leave alone. */
const withOldReadModel = async (): Promise<ProjectionStore> => {
  const projectionStore = getInMemoryProjectionStore();
  await projectionStore.commit({ name: 'totals', version: 1, position: 3n, state: { byStream: { old: 1 }, applied: 1 } }, null);
  return projectionStore;
};

describe('rebuildVerified', () => {
  it('given a history that verifies, when rebuilt, then commits the fold of every event at the last position', async () => {
    const store = await storeOf([
      { stream: 'x', count: 3 },
      { stream: 'y', count: 2 },
      { stream: 'x', count: 1 },
    ]);
    const projectionStore = await withOldReadModel();
    const result = await rebuild(store, projectionStore, { batchSize: 2 });
    if (E.isLeft(result)) throw new Error(result.left.message);
    expect(result.right).toMatchObject({ position: 6n, events: 6, streams: 2 });
    expect(result.right.state).toEqual(await folded(store));
    expect(await projectionStore.load('totals')).toEqual({ name: 'totals', version: 1, position: 6n, state: result.right.state });
  });

  it('gives what the projection runner commits, and the runner resumes after it without folding an event twice', async () => {
    const store = await storeOf([
      { stream: 'x', count: 2 },
      { stream: 'y', count: 3 },
    ]);
    const projectionStore = getInMemoryProjectionStore();
    const result = await rebuild(store, projectionStore);
    await store.appendToStream('y', newEvents(2));
    const runner = await startProjection({ store, projectionStore, projection: totals, decode: counterCodec.decode });
    try {
      expect(runner.position()).toBe(5n);
      await runner.waitFor(7n);
      expect(runner.state()).toEqual(await folded(store));
      expect(E.isRight(result) && result.right.state.applied).toBe(5);
    } finally {
      await runner.stop();
    }
  });

  it('folds only accepted events, and still commits the position of the store’s last event', async () => {
    const store = await storeOf([
      { stream: 'x', count: 2 },
      { stream: 'y', count: 3 },
    ]);
    const accepts = (recorded: RecordedEvent): boolean => recorded.streamId === 'x';
    const result = await rebuild(store, getInMemoryProjectionStore(), { accepts });
    expect(E.isRight(result) && result.right).toMatchObject({ position: 5n, state: await folded(store, accepts) });
  });

  it('commits the initial state at position 0 for an empty store', async () => {
    const projectionStore = await withOldReadModel();
    const result = await rebuild(await storeOf([]), projectionStore);
    expect(E.isRight(result) && result.right).toEqual({ state: totals.initialState, position: 0n, events: 0, streams: 0 });
    expect(await projectionStore.load('totals')).toMatchObject({ position: 0n, state: totals.initialState });
  });

  it('for all tampering, returns exactly verifyAll’s broken link and leaves the stored read model as it was', async () => {
    await fc.assert(
      fc.asyncProperty(tamperingCase<BrokenLinkKind | 'none'>('none', 'changed', 'removed', 'inserted', 'reordered'), async ({ appends, kind, pick }) => {
        const store = await storeOf(appends);
        const streamId = appends[pick % appends.length]!.stream;
        const length = appends.filter((a) => a.stream === streamId).reduce((sum, a) => sum + a.count, 0);
        const revision = BigInt((pick >> 3) % length);
        if (kind !== 'none' && !(kind === 'reordered' && revision + 1n >= BigInt(length))) await tamper(store, kind, streamId, revision);
        const projectionStore = await withOldReadModel();
        const before = await projectionStore.load('totals');
        const result = await rebuild(store, projectionStore, { batchSize: 1 + (pick % 4) });
        const verified = await verifyAll(store);
        if (E.isLeft(verified)) {
          expect(result).toEqual(verified);
          expect(await projectionStore.load('totals')).toEqual(before);
        } else {
          expect(E.isRight(result) && result.right.state).toEqual(await folded(store));
          expect((await projectionStore.load('totals'))?.state).toEqual(await folded(store));
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('rejects with the decode error of an event that does not decode, and commits nothing', async () => {
    const store = await storeOf([{ stream: 'x', count: 3 }]);
    // An honestly chained event the codec refuses: the history verifies, the data is not a count.
    await store.appendToStream('x', [newEvent({ amount: 0 })]);
    const empty = getInMemoryProjectionStore();
    const error = await rebuild(store, empty).then(
      () => null,
      (e: unknown) => e,
    );
    expect(isEventDecodeError(error)).toBe(true);
    expect(error).toMatchObject({ streamId: 'x', revision: 3n, path: 'data.amount' });
    expect(await empty.load('totals')).toBeNull();
  });

  it('rejects with ProjectionConflictError when another runner committed meanwhile, writing nothing', async () => {
    const store = await storeOf([{ stream: 'x', count: 2 }]);
    const inner = await withOldReadModel();
    const racing: ProjectionStore = {
      ...inner,
      load: async (name) => {
        const loaded = await inner.load(name);
        // Another runner commits right after this rebuild loaded the record.
        await inner.commit({ name: 'totals', version: 1, position: 4n, state: { byStream: {}, applied: 9 } }, 3n);
        return loaded;
      },
    };
    await expect(rebuild(store, racing)).rejects.toSatisfy(isProjectionConflictError);
    expect(await inner.load('totals')).toMatchObject({ position: 4n, state: { applied: 9 } });
  });

  it('rejects with ProjectionStateError for a state that is not JSON, writing nothing', async () => {
    const projectionStore = await withOldReadModel();
    const before = await projectionStore.load('totals');
    const withMap: Projection<{ seen: Map<string, number> }, CounterEvent> = {
      name: 'totals',
      version: 1,
      initialState: { seen: new Map() },
      apply: (draft, { streamId }) => {
        draft.seen = new Map([[streamId, 1]]);
      },
    };
    const store = await storeOf([{ stream: 'x', count: 1 }]);
    await expect(rebuildVerified({ store, projectionStore, projection: withMap, decode: counterCodec.decode })).rejects.toSatisfy(isProjectionStateError);
    expect(await projectionStore.load('totals')).toEqual(before);
  });

  it('refuses a batch size that is not a positive integer', async () => {
    await expect(rebuild(await storeOf([]), getInMemoryProjectionStore(), { batchSize: 0 })).rejects.toThrow(/batchSize must be a positive integer, got 0/);
  });
  it("with fold 'inPlace', folds plain objects (no immer draft) into a copy of the initial state, to the state the drafts reach", async () => {
    const store = await storeOf([
      { stream: 'x', count: 3 },
      { stream: 'y', count: 2 },
      { stream: 'x', count: 1 },
    ]);
    const initially = structuredClone(totals.initialState);
    const drafts: boolean[] = [];
    const watched: Projection<Totals, CounterEvent> = {
      ...totals,
      apply: (draft, envelope) => {
        drafts.push(isDraft(draft));
        totals.apply(draft, envelope);
      },
    };
    const projectionStore = await withOldReadModel();
    const inPlace = await rebuildVerified({ store, projectionStore, projection: watched, decode: counterCodec.decode, fold: 'inPlace' });
    const drafted = await rebuild(store, getInMemoryProjectionStore(), { batchSize: 2 });
    if (E.isLeft(inPlace) || E.isLeft(drafted)) throw new Error('the history verifies');
    expect(drafts).toEqual([false, false, false, false, false, false]);
    expect(inPlace.right.state).toEqual(drafted.right.state);
    expect(inPlace.right.state).toEqual(await folded(store));
    expect(totals.initialState).toEqual(initially);
    expect(await projectionStore.load('totals')).toEqual({ name: 'totals', version: 1, position: 6n, state: inPlace.right.state });
    await expect(rebuildVerified({ store, projectionStore, projection: totals, decode: counterCodec.decode, fold: 'sideways' as 'draft' })).rejects.toThrow(
      "rebuildVerified: fold must be 'draft' or 'inPlace', got sideways",
    );
  });
});
