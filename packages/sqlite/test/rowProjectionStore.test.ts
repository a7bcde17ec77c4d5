import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { Row, RowProjection } from '@casefold/core';
import { type RecordedEvent, type RowModel, type RowModelError, isProjectionConflictError, isRowModelError, startRowProjection, tenantName, tenantRowProjectionStore } from '@casefold/engine';
import * as E from 'fp-ts/lib/Either.js';
import { rowProjectionStoreConformance } from '@casefold/engine/testing';
import { openSqliteStore } from '@casefold/sqlite';
import { newEvent, rejectionOf, tempDir } from './support/fixtures.js';

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
      setInteger: async (name: string, key: string, column: string, value: string) => {
        const raw = new Database(fileName);
        raw.prepare(`UPDATE "rows_${name}" SET "${column}" = ? WHERE id = ?`).run(BigInt(value), key);
        raw.close();
      },
      reopen: async () => {
        const other = await openSqliteStore({ fileName, synchronous: 'NORMAL' });
        return { rowStore: other.rowProjections, close: () => other.close() };
      },
    };
    return { rowStore: store.rowProjections, projections: store.projections, behindTheBack, teardown: () => store.close() };
  },
  { tables: true, sharedNames: true },
);

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
      ['orderBy of numbers', () => store.rowProjections.query(notes, { orderBy: [1 as never], limit: 2 }), /orderBy must be a list of column names .*, got a list holding a number/],
      ['orderBy of bigints', () => store.rowProjections.query(notes, { orderBy: [1n as never], limit: 2 }), /got a list holding a bigint/],
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

describe('SQLite row store: two versions of one projection on one file (an old instance still running after a new version is deployed)', () => {
  type Counted = { readonly streamId: string; readonly events: number };
  /** Counts each stream's events (times `weight`: version 2 changed the meaning, not the columns); `column` renames the count's column. */
  const counting = (version: number, weight = 1, column = 'events'): RowProjection<Row, RecordedEvent> => ({
    name: 'counted',
    version,
    table: { key: 'streamId', columns: { streamId: { type: 'text' }, [column]: { type: 'integer' } }, indexes: {} },
    keysOf: ({ streamId }) => [streamId],
    apply: (rows, { streamId }) => rows.put({ streamId, [column]: ((rows.get(streamId)?.[column] as number | undefined) ?? 0) + weight }),
  });
  const decode = (recorded: RecordedEvent) => E.right(recorded);

  it("the old version's runner commits nothing over the newer version's checkpoint (ProjectionConflictError naming both versions), and its reads of a table rebuilt with other columns are refused with RowModelError", async () => {
    const fileName = dir.file('two-versions.db');
    const oldInstance = await openSqliteStore({ fileName });
    const newInstance = await openSqliteStore({ fileName });
    await oldInstance.events.appendToStream('a', [newEvent(), newEvent()]);
    const { lastPosition: two } = await oldInstance.events.appendToStream('b', [newEvent()]);
    const old = await startRowProjection({ store: oldInstance.events, rowStore: oldInstance.rowProjections, projection: counting(1), decode });
    await old.waitFor(two);

    // Version 2 is started on the other instance: it rebuilds the table (same columns, other meaning) up to the same position.
    const v2 = await startRowProjection({ store: newInstance.events, rowStore: newInstance.rowProjections, projection: counting(2, 10), decode });
    await v2.waitFor(two);
    await v2.stop();
    const { lastPosition: three } = await oldInstance.events.appendToStream('b', [newEvent()]);
    const error = await old.waitFor(three).catch((e: unknown) => e);
    expect(isProjectionConflictError(error), String(error)).toBe(true);
    expect(error).toMatchObject({ projection: 'counted', versions: { committed: 1, stored: 2 } });
    expect(String(error)).toMatch(/checkpoint is of version 2 but the commit is of version 1; nothing was written/);
    expect(await newInstance.rowProjections.load('counted')).toEqual({ name: 'counted', version: 2, position: two });
    expect((await newInstance.rowProjections.query(counting(2), { orderBy: [], limit: 10 })).rows).toEqual([
      { streamId: 'a', events: 20 },
      { streamId: 'b', events: 10 },
    ]);

    // Version 3 renames the column: the old definition's reads are refused, naming the stored version.
    const v3 = await startRowProjection({ store: newInstance.events, rowStore: newInstance.rowProjections, projection: counting(3, 1, 'total'), decode });
    await v3.waitFor(three);
    const reads = [() => old.query({ orderBy: [], limit: 10 }), () => old.get(['a']), () => old.count({ by: ['events'] })];
    for (const read of reads) {
      const refused = await rejectionOf(read);
      expect(isRowModelError(refused), String(refused)).toBe(true);
      expect((refused as RowModelError).problem).toMatch(
        /its table rows_counted does not have the columns of this definition \(version 3 is stored\): its columns changed without a new version, or another version of this projection, or another projection of the same name, built it/,
      );
    }
    // A definition of fewer columns, on a store that has not read the table yet: refused before reading, though its SELECT would succeed.
    const fewer: RowModel<{ readonly streamId: string }> = { name: 'counted', table: { key: 'streamId', columns: { streamId: { type: 'text' } }, indexes: {} } };
    const third = await openSqliteStore({ fileName });
    for (const read of [() => third.rowProjections.query(fewer, { orderBy: [], limit: 10 }), () => third.rowProjections.get(fewer, ['a'])]) {
      const refused = await rejectionOf(read);
      expect(isRowModelError(refused), String(refused)).toBe(true);
      expect((refused as RowModelError).problem).toMatch(/does not have the columns of this definition \(version 3 is stored\)/);
    }
    await third.close();
    expect((await v3.query({ orderBy: [], limit: 10 })).rows).toEqual([
      { streamId: 'a', total: 2 },
      { streamId: 'b', total: 2 },
    ]);
    await v3.stop();
    await old.stop();
    await oldInstance.close();
    await newInstance.close();
  });
});

describe("SQLite row store seen through a tenant's view", () => {
  it("a refusal keeps the store's advice (a table dropped behind its back: delete the projection), naming the tenant's read model", async () => {
    const fileName = dir.file('tenant-advice.db');
    const store = await openSqliteStore({ fileName });
    const rows = tenantRowProjectionStore(store.rowProjections, 'xishan');
    const notes: RowModel<{ readonly id: string; readonly n: number }> = { name: 'notes', table: { key: 'id', columns: { id: { type: 'text' }, n: { type: 'integer' } }, indexes: {} } };
    await rows.reset(notes, 1, null);
    const raw = new Database(fileName);
    raw.exec(`DROP TABLE "rows_${tenantName('xishan', 'notes')}"`);
    raw.close();
    const error = await rejectionOf(() => rows.query(notes, { orderBy: [], limit: 1 }));
    expect(isRowModelError(error), String(error)).toBe(true);
    expect(error).toMatchObject({ model: 'notes', problem: expect.stringContaining("the tenant's row read model is kept as") });
    expect(String(error)).toMatch(/Nothing was written; delete the projection \(the row store's delete\) and start its runner again/);
    expect(String(error)).not.toMatch(/fix the projection's table/);
    await store.close();
  });
});

describe('SQLite row store: rows read as JSON', () => {
  it('a table of more than 500 columns (one json_object takes at most 500) reads back whole, in column order, and updates only what changed', async () => {
    const columns: Record<string, { type: 'text' | 'integer'; nullable?: true }> = { id: { type: 'text' } };
    for (let i = 0; i < 1_200; i++) columns[`c${i}`] = i % 2 === 0 ? { type: 'integer', nullable: true } : { type: 'text' };
    const wide: RowModel = { name: 'wide', table: { key: 'id', columns, indexes: { byC7: ['c7'] } } };
    const rowOf = (id: string, shift: number): Row =>
      Object.fromEntries(Object.keys(columns).map((name, i) => [name, name === 'id' ? id : i % 2 === 1 ? (i === 1 ? null : i + shift) : `t${i}\u0001\t"\\${shift}`]));
    const store = await openSqliteStore({ fileName: dir.file('wide.db') });
    try {
      await store.rowProjections.reset(wide, 1, null);
      await store.rowProjections.commit(wide, { version: 1, position: 1n, put: [rowOf('a', 0), rowOf('b', 0)], removed: [] }, 0n);
      await store.rowProjections.commit(wide, { version: 1, position: 2n, put: [rowOf('b', 1)], removed: [] }, 1n);
      const page = await store.rowProjections.query(wide, { orderBy: ['c7'], limit: 10 });
      expect(page.rows).toEqual([rowOf('a', 0), rowOf('b', 1)]);
      expect(Object.keys(page.rows[0]!)).toEqual(Object.keys(columns));
      expect((await store.rowProjections.get(wide, ['b'])).get('b')).toEqual(rowOf('b', 1));
    } finally {
      await store.close();
    }
  });
});
