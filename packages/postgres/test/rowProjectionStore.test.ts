import type { Row } from '@casefold/core';
import { type RowModel, type RowModelError, isRowModelError } from '@casefold/engine';
import { rowProjectionStoreConformance } from '@casefold/engine/testing';
import { openPostgresStore } from '@casefold/postgres';
import { describe, expect, it } from 'vitest';
import { databaseUrl, openTestStore, sql } from './support/testStore.js';

// The shared suite, unchanged, on the real server of the test setup: a schema per test.
rowProjectionStoreConformance(
  'postgres',
  async () => {
    const store = await openTestStore({ pool: { max: 4 } });
    const behindTheBack = {
      dropTable: async (name: string) => void (await sql(`DROP TABLE "${store.schema}"."rows_${name}"`)),
      reopen: async () => {
        const other = await openPostgresStore({ connectionString: databaseUrl(), schema: store.schema });
        return { rowStore: other.rowProjections, close: () => other.close() };
      },
    };
    return { rowStore: store.rowProjections, projections: store.projections, behindTheBack, teardown: () => store.dispose() };
  },
  { tables: true, sharedNames: true },
);

const rejectionOf = async (work: () => Promise<unknown>): Promise<unknown> => {
  try {
    await work();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to be refused, but it succeeded');
};

describe('PostgreSQL row store: a stored integer beyond what a definition allows (changed behind the store’s back)', () => {
  interface Tally extends Row {
    readonly id: string;
    readonly topic: string;
    readonly n: number;
    readonly m: number | null;
  }
  const tallies: RowModel<Tally> = {
    name: 'tallies',
    table: { key: 'id', columns: { id: { type: 'text' }, topic: { type: 'text' }, n: { type: 'integer' }, m: { type: 'integer', nullable: true } }, indexes: { byTopic: ['topic', 'n'] } },
  };

  it('refuses get, query and count of a row whose int8 is not a safe integer (2^53 + 1, 2^53, -(2^53 + 1)) with RowModelError naming the row, the column and the exact stored value; other rows still read', async () => {
    const store = await openTestStore();
    try {
      const rows: Tally[] = [
        { id: 'a', topic: 'rent', n: 1, m: null },
        { id: 'b', topic: 'rent', n: 2, m: 5 },
        { id: 'c', topic: 'wages', n: 3, m: null },
      ];
      await store.rowProjections.reset(tallies, 1, null);
      await store.rowProjections.commit(tallies, { version: 1, position: 2n, put: rows, removed: [] }, 0n);
      expect((await store.rowProjections.query(tallies, { orderBy: ['n'], limit: 10 })).rows).toEqual(rows);
      for (const [column, stored] of [
        ['n', '9007199254740993'],
        ['n', '9007199254740992'],
        ['m', '-9007199254740993'],
      ] as const) {
        await sql(`UPDATE "${store.schema}"."rows_tallies" SET "${column}" = ${stored} WHERE id = 'b'`);
        const attempts: [string, () => Promise<unknown>][] = [
          ['get', () => store.rowProjections.get(tallies, ['a', 'b'])],
          ['query', () => store.rowProjections.query(tallies, { where: { topic: 'rent' }, orderBy: ['n'], limit: 10 })],
          ['count', () => store.rowProjections.count(tallies, { by: [column] })],
        ];
        for (const [operation, attempt] of attempts) {
          const label = `${operation}, ${column} = ${stored}`;
          const error = await rejectionOf(attempt);
          expect(isRowModelError(error), `${label}: ${String(error)}`).toBe(true);
          expect((error as RowModelError).model, label).toBe('tallies');
          expect((error as RowModelError).problem, label).toBe(`row 'b': column '${column}' holds ${stored}, which this definition does not allow (a safe integer, at most 2^53 - 1 either side of 0)`);
          expect(String(error), label).toMatch(/delete the projection \(the row store's delete\) or give it a new version/);
        }
        // The other rows read as before.
        expect([...(await store.rowProjections.get(tallies, ['a', 'c'])).values()]).toEqual([rows[0], rows[2]]);
        expect((await store.rowProjections.query(tallies, { where: { topic: 'wages' }, orderBy: ['n'], limit: 10 })).rows).toEqual([rows[2]]);
        await sql(`UPDATE "${store.schema}"."rows_tallies" SET n = 2, m = 5 WHERE id = 'b'`);
      }
      expect((await store.rowProjections.query(tallies, { orderBy: ['n'], limit: 10 })).rows).toEqual(rows);
    } finally {
      await store.dispose();
    }
  });
});
