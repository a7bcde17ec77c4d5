import { counterCodec } from '@casefold/engine/testing';
import { describe, expect, it } from 'vitest';
import {
  type EventStore,
  type RecordedEvent,
  type RowProjectionRunner,
  type RowProjectionStore,
  StoreUnavailableError,
  getInMemoryEventStore,
  getInMemoryProjectionStore,
  getInMemoryRowProjectionStore,
  isProjectionApplyError,
  isProjectionConflictError,
  isRowModelError,
  rebuildVerified,
  startProjection,
  startRowProjection,
} from '../../src/index.js';
import { appendAmounts } from './appendAmounts.js';
import { totals } from './totalsProjection.js';
import { type StreamTotal, streamTotals } from './streamTotalsRows.js';

/** Records what each commit wrote. */
const recording = (inner: RowProjectionStore) => {
  const commits: { readonly put: readonly string[]; readonly removed: readonly string[]; readonly position: bigint }[] = [];
  const rowStore: RowProjectionStore = {
    ...inner,
    commit: (model, commit, expected) => {
      commits.push({ put: commit.put.map((row) => String(row[model.table.key])), removed: commit.removed, position: commit.position });
      return inner.commit(model, commit, expected);
    },
  };
  return { rowStore, commits };
};

/** Records the keys of each `get`. */
const watchingGets = (inner: RowProjectionStore) => {
  const gets: (readonly string[])[] = [];
  const rowStore: RowProjectionStore = {
    ...inner,
    get: (model, keys) => {
      gets.push(keys);
      return inner.get(model, keys);
    },
  };
  return { rowStore, gets };
};

/** Every row, by key. */
const everyRow = async (runner: RowProjectionRunner<StreamTotal>): Promise<readonly StreamTotal[]> => (await runner.query({ orderBy: [], limit: 1000 })).rows;

describe('startRowProjection', () => {
  it('catches up, follows live appends, and each commit writes only the rows its batch changed', async () => {
    const store = getInMemoryEventStore();
    for (let i = 0; i < 50; i++) await appendAmounts(store, `s-${i}`, [1, 2]);
    const { rowStore, commits } = recording(getInMemoryRowProjectionStore());
    const runner = await startRowProjection({ store, rowStore, projection: streamTotals(), decode: counterCodec.decode, batchSize: 40 });
    await runner.waitFor(100n);
    expect(commits.map((c) => c.put.length)).toEqual([20, 20, 10]);
    expect(await everyRow(runner)).toHaveLength(50);

    commits.length = 0;
    const last = await appendAmounts(store, 's-7', [5]);
    await runner.waitFor(last);
    expect(commits).toEqual([{ put: ['s-7'], removed: [], position: last }]);
    expect((await runner.get(['s-7'])).get('s-7')).toEqual({ streamId: 's-7', total: 8, events: 3 });
    const page = await runner.query({ orderBy: ['total'], direction: 'desc', limit: 1 });
    expect(page.rows).toEqual([{ streamId: 's-7', total: 8, events: 3 }]);
    expect(await runner.count({ where: { events: 2 } })).toEqual([{ values: [], count: 49 }]);
    await runner.stop();
  });

  it('catching up, it reads the rows of the events at hand in one get per batch, not one per event', async () => {
    const store = getInMemoryEventStore();
    for (let i = 0; i < 50; i++) await appendAmounts(store, `s-${i}`, [1, 2]);
    await appendAmounts(store, 's-3', [4]);
    const { rowStore, gets } = watchingGets(getInMemoryRowProjectionStore());
    const runner = await startRowProjection({ store, rowStore, projection: streamTotals(), decode: counterCodec.decode, batchSize: 40 });
    await runner.waitFor(101n);
    // Batches of 40 events: 20 streams each, then 10 and s-3 again (not yet loaded in that batch).
    expect(gets.map((keys) => keys.length)).toEqual([20, 20, 11]);
    expect(new Set(gets.flat()).size).toBe(50);
    expect((await runner.get(['s-3'])).get('s-3')).toEqual({ streamId: 's-3', total: 7, events: 3 });
    expect(await everyRow(runner)).toHaveLength(50);
    await runner.stop();
  });

  it('resumes from its checkpoint; a new version drops the table and rebuilds it with the new columns; rebuild() folds everything again', async () => {
    const store = getInMemoryEventStore();
    await appendAmounts(store, 'a', [1, 4]);
    await appendAmounts(store, 'b', [2]);
    const rowStore = getInMemoryRowProjectionStore();
    const first = await startRowProjection({ store, rowStore, projection: streamTotals(), decode: counterCodec.decode });
    await first.waitFor(3n);
    await first.stop();

    const last = await appendAmounts(store, 'a', [3]);
    const { rowStore: watched, commits } = recording(rowStore);
    const resumed = await startRowProjection({ store, rowStore: watched, projection: streamTotals(), decode: counterCodec.decode });
    expect(resumed.position()).toBe(3n);
    await resumed.waitFor(last);
    expect(commits).toEqual([{ put: ['a'], removed: [], position: last }]);
    await resumed.stop();

    const v2 = await startRowProjection({ store, rowStore, projection: streamTotals({ version: 2 }), decode: counterCodec.decode });
    expect(await rowStore.load('streamTotals')).toMatchObject({ version: 2 });
    await v2.waitFor(last);
    expect(await everyRow(v2)).toEqual([
      { streamId: 'a', total: 8, events: 3, largest: 4 },
      { streamId: 'b', total: 2, events: 1, largest: 2 },
    ]);
    await v2.rebuild();
    await v2.waitFor(last);
    expect(await everyRow(v2)).toEqual([
      { streamId: 'a', total: 8, events: 3, largest: 4 },
      { streamId: 'b', total: 2, events: 1, largest: 2 },
    ]);
    await v2.stop();
  });

  it('an apply that throws after writing a row: the batch before it is committed without that row, and the runner stops on the event', async () => {
    const store = getInMemoryEventStore();
    await appendAmounts(store, 'a', [1, 2]);
    await appendAmounts(store, 'b', [3]);
    await appendAmounts(store, 'a', [99]);
    await appendAmounts(store, 'c', [4]);
    const rowStore = getInMemoryRowProjectionStore();
    const runner = await startRowProjection({ store, rowStore, projection: streamTotals({ failOn: 99 }), decode: counterCodec.decode });
    await expect(runner.waitFor(5n)).rejects.toSatisfy(isProjectionApplyError);
    const status = runner.status();
    expect(status.kind === 'failed' && status.error).toMatchObject({ committed: 3n, event: { streamId: 'a', position: 4n } });
    expect(await rowStore.load('streamTotals')).toMatchObject({ position: 3n });
    expect(await everyRow(runner)).toEqual([
      { streamId: 'a', total: 3, events: 2 },
      { streamId: 'b', total: 3, events: 1 },
    ]);
  });

  it('a keysOf that throws stops the runner on that event; the events before it in the same batch are committed', async () => {
    const store = getInMemoryEventStore();
    await appendAmounts(store, 'a', [1, 2]);
    await appendAmounts(store, 'b', [3, 77]);
    await appendAmounts(store, 'c', [4]);
    const rowStore = getInMemoryRowProjectionStore();
    const runner = await startRowProjection({ store, rowStore, projection: streamTotals({ keysFailOn: 77 }), decode: counterCodec.decode });
    const error = await runner.waitFor(5n).catch((e: unknown) => e);
    expect(isProjectionApplyError(error), String(error)).toBe(true);
    expect(error).toMatchObject({ committed: 3n, event: { streamId: 'b', position: 4n }, cause: { message: 'no keys for amount 77' } });
    expect(await rowStore.load('streamTotals')).toMatchObject({ position: 3n });
    expect(await everyRow(runner)).toEqual([
      { streamId: 'a', total: 3, events: 2 },
      { streamId: 'b', total: 3, events: 1 },
    ]);
  });

  it("a get that fails stops the runner on the first event it was for, with the store error as cause and that error's advice; the batches before are committed", async () => {
    const store = getInMemoryEventStore();
    for (let i = 0; i < 6; i++) await appendAmounts(store, `s-${i}`, [1]);
    const inner = getInMemoryRowProjectionStore();
    const refused = new StoreUnavailableError("read rows of 'streamTotals'");
    let calls = 0;
    const rowStore: RowProjectionStore = { ...inner, get: (model, keys) => (++calls === 2 ? Promise.reject(refused) : inner.get(model, keys)) };
    const runner = await startRowProjection({ store, rowStore, projection: streamTotals(), decode: counterCodec.decode, batchSize: 3 });
    const error = await runner.waitFor(6n).catch((e: unknown) => e);
    expect(isProjectionApplyError(error), String(error)).toBe(true);
    expect(error).toMatchObject({ committed: 3n, event: { streamId: 's-3', position: 4n }, cause: refused });
    // The store's advice (retry later), not a projection bug to fix.
    expect((error as Error).message).toMatch(/The event store is unavailable .*Retry later.*; do what that error says and start the runner again: it resumes at this event\.$/);
    expect((error as Error).message).not.toContain("fix the projection's apply");
    expect(await inner.load('streamTotals')).toMatchObject({ position: 3n });
    expect((await everyRow(runner)).map((row) => row.streamId)).toEqual(['s-0', 's-1', 's-2']);
  });

  it('an apply touching a row keysOf did not name stops the runner with a RowModelError as cause; nothing of that event is written', async () => {
    const store = getInMemoryEventStore();
    await appendAmounts(store, 'a', [1]);
    const rowStore = getInMemoryRowProjectionStore();
    const runner = await startRowProjection({ store, rowStore, projection: streamTotals({ touch: 'other' }), decode: counterCodec.decode });
    const error = await runner.waitFor(1n).catch((e: unknown) => e);
    expect(isProjectionApplyError(error), String(error)).toBe(true);
    expect(isRowModelError((error as Error).cause)).toBe(true);
    expect((error as Error).cause).toMatchObject({ model: 'streamTotals', problem: expect.stringContaining('"other"') });
    // The cause's message is quoted whole, its sentence ended once: '(see docs/row-projections.md). Everything before…'.
    expect((error as Error).message).toContain('(see docs/row-projections.md). Everything before it is committed (checkpoint 0); do what that error says');
    expect(await rowStore.load('streamTotals')).toMatchObject({ position: 0n });
    expect(await everyRow(runner)).toEqual([]);
  });

  it('a version that is not a safe integer (NaN, 1.5, 2 ** 60) is refused on start with a RangeError naming the projection, and the stored projections are left as they were', async () => {
    const store = getInMemoryEventStore();
    const last = await appendAmounts(store, 'a', [1, 4]);
    const rowStore = getInMemoryRowProjectionStore();
    const projectionStore = getInMemoryProjectionStore();
    const rows = await startRowProjection({ store, rowStore, projection: streamTotals(), decode: counterCodec.decode });
    await rows.waitFor(last);
    await rows.stop();
    const document = await startProjection({ store, projectionStore, projection: totals(), decode: counterCodec.decode });
    await document.waitFor(last);
    await document.stop();
    for (const version of [Number.NaN, 1.5, 2 ** 60]) {
      const starts = [
        () => startRowProjection({ store, rowStore, projection: streamTotals({ version }), decode: counterCodec.decode }),
        () => startProjection({ store, projectionStore, projection: totals(version), decode: counterCodec.decode }),
        () => rebuildVerified({ store, projectionStore, projection: totals(version), decode: counterCodec.decode }),
      ];
      for (const start of starts) {
        const error = await start().then(
          (runner) => {
            if ('stop' in runner) void runner.stop();
            return null;
          },
          (e: unknown) => e,
        );
        expect(error, `version ${version}`).toBeInstanceOf(RangeError);
        expect(String(error)).toMatch(/projection '(streamTotals|totals)' has version .*; a version must be a safe integer/);
      }
    }
    expect(await rowStore.load('streamTotals')).toEqual({ name: 'streamTotals', version: 1, position: last });
    expect(await projectionStore.load('totals')).toMatchObject({ version: 1, position: last, state: { byStream: { a: 5 }, applied: 2 } });
  });

  it("a runner of an older version commits nothing once a newer version was started on its store (ProjectionConflictError naming both versions); the newer version's checkpoint and rows stay", async () => {
    const store = getInMemoryEventStore();
    const two = await appendAmounts(store, 'a', [1, 4]);
    const rowStore = getInMemoryRowProjectionStore();
    const old = await startRowProjection({ store, rowStore, projection: streamTotals(), decode: counterCodec.decode });
    await old.waitFor(two);
    // Version 2 keeps the columns (another meaning, say): only the version tells the two apart.
    const newer = await startRowProjection({ store, rowStore, projection: { ...streamTotals(), version: 2 }, decode: counterCodec.decode });
    await newer.waitFor(two);
    await newer.stop();
    const three = await appendAmounts(store, 'a', [2]);
    const error = await old.waitFor(three).catch((e: unknown) => e);
    expect(isProjectionConflictError(error), String(error)).toBe(true);
    expect(error).toMatchObject({ projection: 'streamTotals', versions: { committed: 1, stored: 2 } });
    expect(await rowStore.load('streamTotals')).toEqual({ name: 'streamTotals', version: 2, position: two });
    expect(await everyRow(old)).toEqual([{ streamId: 'a', total: 5, events: 2 }]);
  });

  it('an accepts or a decode that throws (instead of answering or returning a Left) stops the runner on that event with a ProjectionApplyError; the events before it are committed', async () => {
    for (const throwing of ['accepts', 'decode'] as const) {
      const store = getInMemoryEventStore();
      await appendAmounts(store, 'a', [1, 2]);
      const last = await appendAmounts(store, 'b', [3, 4]);
      const rowStore = getInMemoryRowProjectionStore();
      const refuse = (recorded: RecordedEvent): void => {
        if (recorded.position === 3n) throw new Error(`${throwing} cannot read this event`);
      };
      const runner = await startRowProjection({
        store,
        rowStore,
        projection: streamTotals(),
        decode: (recorded) => {
          if (throwing === 'decode') refuse(recorded);
          return counterCodec.decode(recorded);
        },
        accepts: (recorded) => {
          if (throwing === 'accepts') refuse(recorded);
          return true;
        },
      });
      const error = await runner.waitFor(last).catch((e: unknown) => e);
      expect(isProjectionApplyError(error), `${throwing}: ${String(error)}`).toBe(true);
      expect(error).toMatchObject({ committed: 2n, event: { streamId: 'b', revision: 0n, position: 3n }, cause: { message: `${throwing} cannot read this event` } });
      expect(await rowStore.load('streamTotals')).toMatchObject({ position: 2n });
      expect(await everyRow(runner)).toEqual([{ streamId: 'a', total: 3, events: 2 }]);
    }
  });

  it('an async apply (TypeScript takes one where void is expected) stops the runner on the first event, document or rows, instead of losing what it writes after its first await', async () => {
    const store = getInMemoryEventStore();
    const last = await appendAmounts(store, 'a', [1, 2]);
    const rowStore = getInMemoryRowProjectionStore();
    const rowsBase = streamTotals();
    const rows = await startRowProjection({
      store,
      rowStore,
      projection: {
        ...rowsBase,
        apply: async (target, envelope) => {
          await Promise.resolve();
          rowsBase.apply(target, envelope);
        },
      },
      decode: counterCodec.decode,
    });
    const documentBase = totals();
    const projectionStore = getInMemoryProjectionStore();
    const document = await startProjection({
      store,
      projectionStore,
      projection: {
        ...documentBase,
        apply: async (draft, envelope) => {
          await Promise.resolve();
          documentBase.apply(draft, envelope);
        },
      },
      decode: counterCodec.decode,
    });
    for (const runner of [rows, document]) {
      const error = await runner.waitFor(last).catch((e: unknown) => e);
      expect(isProjectionApplyError(error), String(error)).toBe(true);
      expect(error).toMatchObject({ committed: 0n, event: { position: 1n } });
      expect(String((error as Error).cause)).toMatch(/apply returned a promise\. apply must be synchronous/);
    }
    expect(await rowStore.load('streamTotals')).toMatchObject({ position: 0n });
    expect(await projectionStore.load('totals')).toBeNull(); // nothing committed
  });

  it('two rebuilds asked for at once run one after the other: both resolve, and the runner catches up again with the same rows (and state)', async () => {
    const store = getInMemoryEventStore();
    await appendAmounts(store, 'a', [1, 4]);
    const last = await appendAmounts(store, 'b', [2]);
    const rowStore = getInMemoryRowProjectionStore();
    const rows = await startRowProjection({ store, rowStore, projection: streamTotals(), decode: counterCodec.decode });
    const document = await startProjection({ store, projectionStore: getInMemoryProjectionStore(), projection: totals(), decode: counterCodec.decode });
    await rows.waitFor(last);
    await document.waitFor(last);
    const before = { rows: await everyRow(rows), state: document.state() };
    for (const runner of [rows, document]) {
      const outcomes = await Promise.allSettled([runner.rebuild(), runner.rebuild()]);
      expect(outcomes.map((outcome) => (outcome.status === 'rejected' ? String(outcome.reason) : 'rebuilt'))).toEqual(['rebuilt', 'rebuilt']);
      expect(runner.status()).toEqual({ kind: 'running' });
      await runner.waitFor(last);
      await runner.stop();
      expect(runner.status()).toEqual({ kind: 'stopped' });
    }
    expect(await everyRow(rows)).toEqual(before.rows);
    expect(document.state()).toEqual(before.state);
    expect(await rowStore.load('streamTotals')).toMatchObject({ position: last });
  });
});
