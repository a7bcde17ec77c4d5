import { describe, expect, it } from 'vitest';
import { isRowModelError } from '@casefold/engine';
import { rowProjectionStoreConformance } from '@casefold/engine/testing';
import { openPostgresStore } from '@casefold/postgres';
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
    return { rowStore: store.rowProjections, behindTheBack, teardown: () => store.dispose() };
  },
  { tables: true },
);

describe('PostgreSQL row projection store', () => {
  it('refuses to treat a document projection as a row projection, and leaves it as it was', async () => {
    const store = await openTestStore();
    try {
      await store.projections.commit({ name: 'board', version: 1, position: 3n, state: { open: 3 } }, null);
      for (const attempt of [() => store.rowProjections.load('board'), () => store.rowProjections.delete('board')]) {
        const error = await attempt().catch((e: unknown) => e);
        expect(isRowModelError(error), String(error)).toBe(true);
        expect(error).toMatchObject({ model: 'board', problem: expect.stringContaining('document projection') });
      }
      expect(await store.projections.load('board')).toEqual({ name: 'board', version: 1, position: 3n, state: { open: 3 } });
    } finally {
      await store.dispose();
    }
  });
});
