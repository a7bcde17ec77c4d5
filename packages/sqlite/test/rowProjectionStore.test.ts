import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { Row } from '@casefold/core';
import { type RowModel, type RowModelError, isRowModelError } from '@casefold/engine';
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

  it('refuses to treat a row projection as a document projection (load, commit, delete), and leaves its rows and checkpoint as they were', async () => {
    const store = getSqliteEventStore({ fileName: dir.file('mixed-rows.db') });
    const notes: RowModel<{ readonly id: string; readonly n: number }> = { name: 'notes', table: { key: 'id', columns: { id: { type: 'text' }, n: { type: 'integer' } }, indexes: {} } };
    await store.rowProjections.reset(notes, 1, null);
    await store.rowProjections.commit(notes, { version: 1, position: 4n, put: [{ id: 'a', n: 1 }], removed: [] }, 0n);
    const attempts = [() => store.projections.load('notes'), () => store.projections.commit({ name: 'notes', version: 1, position: 5n, state: { n: 1 } }, 4n), () => store.projections.delete('notes')];
    for (const attempt of attempts) {
      const error = await rejectionOf(attempt);
      expect(isRowModelError(error), String(error)).toBe(true);
      expect(error).toMatchObject({ model: 'notes', problem: expect.stringContaining('taken by a row projection') });
    }
    expect(await store.rowProjections.load('notes')).toEqual({ name: 'notes', version: 1, position: 4n });
    expect((await store.rowProjections.query(notes, { orderBy: [], limit: 10 })).rows).toEqual([{ id: 'a', n: 1 }]);
    await store.close();
  });
});

describe('SQLite row store: queries an embedding system builds from outside input', () => {
  interface Note extends Row {
    readonly id: string;
    readonly topic: string;
    readonly n: number;
  }
  const notes: RowModel<Note> = {
    name: 'notes',
    table: { key: 'id', columns: { id: { type: 'text' }, topic: { type: 'text' }, n: { type: 'integer' } }, indexes: { byTopic: ['topic', 'n'] } },
  };
  const rowsOf = [
    { id: 'a', topic: 'rent', n: 1 },
    { id: 'b', topic: 'wages', n: 2 },
  ];
  const opened = async (file: string) => {
    const store = await openSqliteStore({ fileName: dir.file(file) });
    await store.rowProjections.reset(notes, 1, null);
    await store.rowProjections.commit(notes, { version: 1, position: 2n, put: rowsOf, removed: [] }, 0n);
    return store;
  };
  const expectIntact = async (store: Awaited<ReturnType<typeof opened>>) => {
    expect(await store.rowProjections.load('notes')).toEqual({ name: 'notes', version: 1, position: 2n });
    expect((await store.rowProjections.query(notes, { orderBy: ['n'], limit: 10 })).rows).toEqual(rowsOf);
  };

  it("refuses a column named like an Object.prototype member (toString, constructor, __proto__) as not in the table, with RowModelError, not SQLite's error", async () => {
    const store = await opened('proto-columns.db');
    const attempts: [string, () => Promise<unknown>][] = [
      ['where toString', () => store.rowProjections.query(notes, { where: { toString: 'x' } as never, orderBy: ['n'], limit: 2 })],
      ['orderBy constructor', () => store.rowProjections.query(notes, { orderBy: ['constructor' as never], limit: 2 })],
      ['where __proto__', () => store.rowProjections.query(notes, { where: JSON.parse('{"__proto__":"x"}') as never, orderBy: ['n'], limit: 2 })],
      ['count by hasOwnProperty', () => store.rowProjections.count(notes, { by: ['hasOwnProperty' as never] })],
      ['count where valueOf', () => store.rowProjections.count(notes, { where: { valueOf: 1 } as never })],
    ];
    for (const [label, attempt] of attempts) {
      const error = await rejectionOf(attempt);
      expect(isRowModelError(error), `${label}: ${String(error)}`).toBe(true);
      expect((error as RowModelError).problem, label).toMatch(/is not in the table/);
    }
    const extra = await rejectionOf(() => store.rowProjections.commit(notes, { version: 1, position: 3n, put: [{ id: 'c', topic: 't', n: 3, constructor: 'x' } as never], removed: [] }, 2n));
    expect(isRowModelError(extra), String(extra)).toBe(true);
    expect((extra as RowModelError).problem).toMatch(/column 'constructor' is not in the table/);
    const table = { ...notes.table, indexes: { odd: ['toString' as never] } };
    const index = await rejectionOf(() => store.rowProjections.reset({ name: 'odd', table }, 1, null));
    expect(isRowModelError(index), String(index)).toBe(true);
    expect((index as RowModelError).problem).toMatch(/index 'odd' names unknown column 'toString'/);
    await expectIntact(store);
    expect(await store.rowProjections.load('odd')).toBeNull();
    await store.close();
  });

  it('refuses a query, count or get of the wrong shape (not an object, no orderBy, a string for a list) with RowModelError naming the part', async () => {
    const store = await opened('shapes.db');
    const attempts: [string, () => Promise<unknown>, RegExp][] = [
      ['no query', () => store.rowProjections.query(notes, null as never), /query must be an object/],
      ['no orderBy', () => store.rowProjections.query(notes, { limit: 2 } as never), /orderBy must be a list of column names/],
      ['orderBy a string', () => store.rowProjections.query(notes, { orderBy: 'n' as never, limit: 2 }), /orderBy must be a list of column names/],
      ['orderBy of numbers', () => store.rowProjections.query(notes, { orderBy: [1 as never], limit: 2 }), /orderBy must be a list of column names/],
      ['where a string', () => store.rowProjections.query(notes, { where: 'topic = 1' as never, orderBy: ['n'], limit: 2 }), /where must be an object of column values/],
      ['where a list', () => store.rowProjections.query(notes, { where: ['rent'] as never, orderBy: ['n'], limit: 2 }), /where must be an object of column values/],
      ['no count query', () => store.rowProjections.count(notes, null as never), /count: the count query must be an object/],
      ['by a string', () => store.rowProjections.count(notes, { by: 'topic' as never }), /count: by must be a list of column names/],
      ['get a string', () => store.rowProjections.get(notes, 'a' as never), /keys must be a list of text keys/],
    ];
    for (const [label, attempt, problem] of attempts) {
      const error = await rejectionOf(attempt);
      expect(isRowModelError(error), `${label}: ${String(error)}`).toBe(true);
      expect((error as RowModelError).problem, label).toMatch(problem);
    }
    await expectIntact(store);
    await store.close();
  });
});
