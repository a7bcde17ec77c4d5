import type { RowProjection } from '@casefold/core';
import { type RowModel, type RowProjectionStore, startRowProjection } from '@casefold/engine';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { newEvent, openTestStore } from './support/testStore.js';

type Total = { readonly streamId: string; readonly total: number; readonly events: number };

/** Each stream's total of its events' `n`, one row per stream. */
const totals: RowProjection<Total, { readonly n: number }> = {
  name: 'totals',
  version: 1,
  table: { key: 'streamId', columns: { streamId: { type: 'text' }, total: { type: 'integer' }, events: { type: 'integer' } }, indexes: { byTotal: ['total'] } },
  keysOf: ({ streamId }) => [streamId],
  apply: (rows, { streamId, event }) => {
    const row = rows.get(streamId) ?? { streamId, total: 0, events: 0 };
    rows.put({ ...row, total: row.total + event.n, events: row.events + 1 });
  },
};

/** The PostgreSQL limit of bind parameters in one statement. */
const PARAMETER_LIMIT = 65_535;

describe('PostgreSQL row projections at catch-up sizes', () => {
  it('commits and reads back a batch of more rows than one statement has parameters for (its columns travel as arrays); the store stays usable', async () => {
    const store = await openTestStore();
    try {
      const model: RowModel<Total> = { name: 'big', table: totals.table };
      const rows = Array.from({ length: PARAMETER_LIMIT + 4_465 }, (_, i): Total => ({ streamId: `s-${i}`, total: i, events: 1 }));
      await store.rowProjections.reset(model, 1, null);
      await store.rowProjections.commit(model, { version: 1, position: 10n, put: rows, removed: [] }, 0n);
      const keys = rows.map((row) => row.streamId);
      const found = await store.rowProjections.get(model, keys);
      expect(found.size).toBe(rows.length);
      expect(found.get('s-69999')).toEqual({ streamId: 's-69999', total: 69_999, events: 1 });
      expect(await store.rowProjections.count(model, {})).toEqual([{ values: [], count: rows.length }]);

      // Removing as many keys in one commit, and moving the checkpoint with it.
      await store.rowProjections.commit(model, { version: 1, position: 11n, put: [], removed: keys.slice(1) }, 10n);
      expect(await store.rowProjections.load('big')).toEqual({ name: 'big', version: 1, position: 11n });
      expect((await store.rowProjections.query(model, { orderBy: [], limit: 10 })).rows).toEqual([{ streamId: 's-0', total: 0, events: 1 }]);
    } finally {
      await store.dispose();
    }
  });

  it('catching up, the runner reads the rows of the events at hand in one query per page of events, not one per event, and folds each event once', async () => {
    const store = await openTestStore({ pageSize: 100 });
    try {
      const streams = 300;
      for (let i = 0; i < streams; i++) await store.events.appendToStream(`s-${i}`, [newEvent('Counted', { n: 1 }), newEvent('Counted', { n: i })]);
      const last = await store.events.readLastPosition();
      const gets: number[] = [];
      const rowStore: RowProjectionStore = {
        ...store.rowProjections,
        get: (model, keys) => {
          gets.push(keys.length);
          return store.rowProjections.get(model, keys);
        },
      };
      const runner = await startRowProjection({
        store: store.events,
        rowStore,
        projection: totals,
        decode: (recorded) => E.right(recorded.data as { readonly n: number }),
        batchSize: 1_000,
      });
      await runner.waitFor(last, { timeoutMs: 60_000 });
      await runner.stop();
      // 600 events in pages of 100: a query per page at most (one per event: 300).
      expect(gets.length).toBeGreaterThan(0);
      expect(gets.length).toBeLessThanOrEqual(600 / 100);
      expect(gets.reduce((sum, n) => sum + n, 0)).toBe(streams);
      const rows = await store.rowProjections.query(totals, { orderBy: ['total'], direction: 'desc', limit: streams + 1 });
      expect(rows.rows).toHaveLength(streams);
      expect(rows.rows[0]).toEqual({ streamId: 's-299', total: 300, events: 2 });
      expect(await store.rowProjections.load('totals')).toMatchObject({ position: last });
    } finally {
      await store.dispose();
    }
  });
});
