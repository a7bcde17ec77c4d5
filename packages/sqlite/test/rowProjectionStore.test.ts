import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { isRowModelError } from '@casefold/engine';
import { rowProjectionStoreConformance } from '@casefold/engine/testing';
import { getSqliteEventStore, openSqliteStore } from '@casefold/sqlite';
import { rejectionOf, tempDir } from './support/fixtures.js';

const dir = tempDir();
afterAll(() => dir.remove());
let files = 0;

// The shared suite, unchanged, on a real file per test (WAL; synchronous NORMAL: durability is
// what rowProjectionCrash.test.ts checks).
rowProjectionStoreConformance(
  'sqlite file',
  async () => {
    const fileName = dir.file(`rows-${(files += 1)}.db`);
    const store = await openSqliteStore({ fileName, synchronous: 'NORMAL' });
    const behindTheBack = {
      dropTable: async (name: string) => {
        const raw = new Database(fileName);
        raw.exec(`DROP TABLE "rows_${name}"`);
        raw.close();
      },
      reopen: async () => {
        const other = await openSqliteStore({ fileName, synchronous: 'NORMAL' });
        return { rowStore: other.rowProjections, close: () => other.close() };
      },
    };
    return { rowStore: store.rowProjections, behindTheBack, teardown: () => store.close() };
  },
  { tables: true },
);

describe('SQLite row projection store', () => {
  it('refuses to treat a document projection as a row projection, and leaves it as it was', async () => {
    const store = getSqliteEventStore({ fileName: dir.file('mixed.db') });
    await store.projections.commit({ name: 'board', version: 1, position: 3n, state: { open: 3 } }, null);
    for (const attempt of [() => store.rowProjections.load('board'), () => store.rowProjections.delete('board')]) {
      const error = await rejectionOf(attempt);
      expect(isRowModelError(error), String(error)).toBe(true);
      expect(error).toMatchObject({ model: 'board', problem: expect.stringContaining('document projection') });
    }
    expect(await store.projections.load('board')).toEqual({ name: 'board', version: 1, position: 3n, state: { open: 3 } });
    await store.close();
  });
});
