import type { RowProjection } from '@casefold/core';
import { type CounterEvent, counterCodec } from '@casefold/engine/testing';
import { describe, expect, it } from 'vitest';
import {
  type ProjectionApplyError,
  type RowProjectionRunner,
  getInMemoryEventStore,
  getInMemoryRowProjectionStore,
  isProjectionApplyError,
  isRowModelError,
  startRowProjection,
} from '../../src/index.js';
import { appendAmounts } from './appendAmounts.js';

type Tally = { readonly id: string; readonly events: number };

/** One row per stream counting its events; on an event of amount 77, keysOf does `onBad` (returns what it gives, or throws). */
const tallies = (onBad: () => unknown, apply?: RowProjection<Tally, CounterEvent>['apply']): RowProjection<Tally, CounterEvent> => ({
  name: 'tallies',
  version: 1,
  table: { key: 'id', columns: { id: { type: 'text' }, events: { type: 'integer' } }, indexes: {} },
  keysOf: ({ streamId, event }) => (event.data.amount === 77 ? (onBad() as readonly string[]) : [streamId]),
  apply:
    apply ??
    ((rows, { streamId }) => {
      rows.put({ id: streamId, events: (rows.get(streamId)?.events ?? 0) + 1 });
    }),
});

const everyRow = async (runner: RowProjectionRunner<Tally>): Promise<readonly Tally[]> => (await runner.query({ orderBy: [], limit: 1000 })).rows;

/**
 * 20 events on streams s-0…s-3 (positions 1–20); the one at position 17 has amount 77. Runs the
 * projection with `batchSize` and returns the runner's error, its checkpoint and rows.
 */
const failing = async (projection: RowProjection<Tally, CounterEvent>, batchSize = 500) => {
  const store = getInMemoryEventStore();
  for (let i = 1; i <= 20; i++) await appendAmounts(store, `s-${i % 4}`, [i === 17 ? 77 : 1]);
  const rowStore = getInMemoryRowProjectionStore();
  const runner = await startRowProjection({ store, rowStore, projection, decode: counterCodec.decode, batchSize });
  const error = await runner.waitFor(20n).catch((e: unknown) => e);
  expect(isProjectionApplyError(error), String(error)).toBe(true);
  return { error: error as ProjectionApplyError, checkpoint: await rowStore.load('tallies'), rows: await everyRow(runner) };
};

/** The rows of events 1–16 (four per stream), nothing of event 17 (stream s-1). */
const beforeTheBadOne = [
  { id: 's-0', events: 4 },
  { id: 's-1', events: 4 },
  { id: 's-2', events: 4 },
  { id: 's-3', events: 4 },
];

describe('a row runner stops on the event whose keysOf fails, and commits the events before it', () => {
  const bad: readonly [string, () => unknown, RegExp][] = [
    ['a number in the list', () => [42], /keysOf must return a list of text keys; item 0 of the list it returned is 42 \(a number\)/],
    ['undefined in the list', () => ['s-1', undefined], /keysOf must return a list of text keys; item 1 of the list it returned is undefined/],
    ['a string instead of a list', () => 's-1', /keysOf must return a list of text keys, got "s-1" \(text, not a list\)/],
    ['nothing', () => undefined, /keysOf must return a list of text keys, got undefined/],
    ['a key holding a NUL character', () => ['s-\u00001'], /keysOf returned a key that is not valid text: key "s-\\u00001" must not contain a NUL character/],
  ];
  for (const [what, onBad, says] of bad) {
    for (const batchSize of [500, 5]) {
      it(`keysOf returning ${what} (batch ${batchSize}): that event is named, keysOf is blamed, events 1–16 are committed`, async () => {
        const { error, checkpoint, rows } = await failing(tallies(onBad), batchSize);
        expect(error).toMatchObject({ committed: 16n, event: { streamId: 's-1', position: 17n } });
        expect(isRowModelError(error.cause), String(error.cause)).toBe(true);
        expect(error.message).toMatch(says);
        expect(error.message).toContain("fix the projection's keysOf");
        expect(error.message).not.toMatch(/fix the projection's (table|apply)/);
        expect(error.message).not.toContain('TypeError');
        expect(checkpoint).toMatchObject({ position: 16n });
        expect(rows).toEqual(beforeTheBadOne);
      });
    }
  }

  it('a keysOf that throws: the advice is to fix keysOf, not apply; the cause is what it threw', async () => {
    const thrown = new Error('no keys for this one');
    const { error, checkpoint, rows } = await failing(
      tallies(() => {
        throw thrown;
      }),
    );
    expect(error).toMatchObject({ committed: 16n, event: { streamId: 's-1', position: 17n }, cause: thrown });
    expect(error.message).toContain('keysOf threw: no keys for this one.');
    expect(error.message).toContain("fix the projection's keysOf");
    expect(error.message).not.toContain("fix the projection's apply");
    expect(checkpoint).toMatchObject({ position: 16n });
    expect(rows).toEqual(beforeTheBadOne);
  });

  it('an empty key is a key as the store takes it: no failure', async () => {
    const store = getInMemoryEventStore();
    await appendAmounts(store, 'a', [1, 77]);
    const rowStore = getInMemoryRowProjectionStore();
    const runner = await startRowProjection({
      store,
      rowStore,
      projection: tallies(
        () => [''],
        (rows, { streamId, event }) => {
          const id = event.data.amount === 77 ? '' : streamId;
          rows.put({ id, events: (rows.get(id)?.events ?? 0) + 1 });
        },
      ),
      decode: counterCodec.decode,
    });
    await runner.waitFor(2n);
    expect(await everyRow(runner)).toEqual([
      { id: '', events: 1 },
      { id: 'a', events: 1 },
    ]);
    await runner.stop();
  });
});

describe('the rows apply gets are frozen: a change without put fails on that event, whatever the batch size', () => {
  /** Counts through the row it got, without put (through a cast), on every event but a stream's first. */
  const mutating = (): RowProjection<Tally, CounterEvent> =>
    tallies(
      () => [],
      (rows, { streamId }) => {
        const row = rows.get(streamId) as { id: string; events: number } | undefined;
        if (row === undefined) rows.put({ id: streamId, events: 1 });
        else row.events += 1;
      },
    );

  for (const batchSize of [500, 5, 1]) {
    it(`batch ${batchSize}: a row put in this batch or loaded from the store`, async () => {
      const store = getInMemoryEventStore();
      for (let i = 0; i < 12; i++) await appendAmounts(store, `s-${i % 6}`, [1]);
      const rowStore = getInMemoryRowProjectionStore();
      const runner = await startRowProjection({ store, rowStore, projection: mutating(), decode: counterCodec.decode, batchSize });
      const error = await runner.waitFor(12n).catch((e: unknown) => e);
      expect(isProjectionApplyError(error), String(error)).toBe(true);
      expect(error).toMatchObject({ committed: 6n, event: { streamId: 's-0', position: 7n } });
      expect((error as Error).cause).toBeInstanceOf(TypeError);
      expect(await rowStore.load('tallies')).toMatchObject({ position: 6n });
      expect(await everyRow(runner)).toEqual([0, 1, 2, 3, 4, 5].map((i) => ({ id: `s-${i}`, events: 1 })));
    });
  }

  it('a row loaded from the store (a runner resumed on it) is frozen too', async () => {
    const store = getInMemoryEventStore();
    await appendAmounts(store, 'a', [1]);
    const rowStore = getInMemoryRowProjectionStore();
    const first = await startRowProjection({ store, rowStore, projection: mutating(), decode: counterCodec.decode });
    await first.waitFor(1n);
    await first.stop();
    await appendAmounts(store, 'a', [1]);
    const second = await startRowProjection({ store, rowStore, projection: mutating(), decode: counterCodec.decode });
    const error = await second.waitFor(2n).catch((e: unknown) => e);
    expect(error).toMatchObject({ committed: 1n, event: { streamId: 'a', position: 2n } });
    expect((error as Error).cause).toBeInstanceOf(TypeError);
    expect(await everyRow(second)).toEqual([{ id: 'a', events: 1 }]);
  });
});
