import type { Row, RowGroupCount, RowProjection, RowQuery, RowTable, RowValue } from '@casefold/core';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  type EventStore,
  getInMemoryEventStore,
  isProjectionConflictError,
  isRowModelError,
  type ProjectionStore,
  type RowModel,
  type RowModelError,
  type RowProjectionStore,
  startRowProjection,
} from '../../index.js';
import { type CounterEvent, counterCodec, newEvent } from './counterDomain.js';
import { useFixture } from './fixture.js';

/** What a row-store factory hands the suite for one test. */
export interface RowProjectionStoreFixture {
  /** A row projection store; a shared database is fine (the suite uses fresh projection names). */
  readonly rowStore: RowProjectionStore;
  /** Releases what the fixture holds, after the test. */
  readonly teardown?: () => Promise<void>;
  /**
   * The document projection store of the same database, for a store that keeps both kinds of
   * checkpoint among one set of records (`sharedNames: true` in the suite's options): the suite
   * checks that neither store takes a name of the other's.
   */
  readonly projections?: ProjectionStore;
  /**
   * For a store that keeps each projection's rows in a table (`tables: true` in the suite's
   * options): drops a projection's table behind the store's back, as an operator's mistake would,
   * and opens another store on the same database (closed by the suite); sets an integer column of
   * the row whose key column `id` is `key` to `value` (decimal digits, perhaps beyond 2^53), as an
   * `UPDATE` behind its back would.
   */
  readonly behindTheBack?: {
    readonly dropTable: (name: string) => Promise<void>;
    readonly setInteger: (name: string, key: string, column: string, value: string) => Promise<void>;
    readonly reopen: () => Promise<{ readonly rowStore: RowProjectionStore; readonly close: () => Promise<void> }>;
  };
}

/** Options of {@link rowProjectionStoreConformance}. */
export interface RowProjectionStoreConformanceOptions {
  /** Runs of each property. Defaults to 100. */
  readonly numRuns?: number;
  /** The store keeps rows in tables: also check a table dropped behind its back (the fixtures give `behindTheBack`). */
  readonly tables?: boolean;
  /**
   * The row and document projection stores keep their checkpoints among one set of records: also
   * check that neither takes a name of the other's (the fixtures give `projections`). The
   * in-memory stores keep the two apart, so the check does not apply to them.
   */
  readonly sharedNames?: boolean;
}

/** Makes a fresh fixture per test. */
export type RowProjectionStoreFactory = () => Promise<RowProjectionStoreFixture>;

/** The suite's row: text, integers and nullable columns, one index. */
type Item = {
  readonly id: string;
  readonly unit: string;
  readonly open: number;
  readonly at: number;
  readonly label: string;
  readonly note: string | null;
};

const itemTable: RowTable<Item> = {
  key: 'id',
  columns: { id: { type: 'text' }, unit: { type: 'text' }, open: { type: 'integer' }, at: { type: 'integer' }, label: { type: 'text' }, note: { type: 'text', nullable: true } },
  indexes: { byUnit: ['unit', 'open', 'at'], byLabel: ['label'] },
};

/** A fresh projection name (an identifier). */
const freshName = (): string => `r${randomUUID().replaceAll('-', '')}`;

const itemModel = (): RowModel<Item> => ({ name: freshName(), table: itemTable });

const item = (id: string, fields: Partial<Item> = {}): Item => ({ id, unit: 'u1', open: 1, at: 0, label: id, note: null, ...fields });

/**
 * The suite's row projection for its runner cases: one row per counter stream, `rowOf` its
 * stream and last amount; the table is built afresh on each call (a store recognises a
 * definition it has checked by its table object, so each start is checked as a new process's).
 */
const counterRows = <R extends Row>(name: string, version: number, table: () => RowTable<R>, rowOf: (streamId: string, amount: number) => R): RowProjection<R, CounterEvent> => ({
  name,
  version,
  table: table(),
  keysOf: ({ streamId }) => [streamId],
  apply: (rows, { streamId, event }) => rows.put(rowOf(streamId, event.data.amount)),
});

/** The suite's items as a row projection: a stream's row is `item(streamId, { at: amount })`. */
const itemRows = (name: string, version: number, table: () => RowTable<Item> = () => ({ ...itemTable })): RowProjection<Item, CounterEvent> =>
  counterRows(name, version, table, (streamId, amount) => item(streamId, { at: amount }));

/** An in-memory event store with counter events on streams 'a' (3, position 1) and 'b' (5, position 2): what the runner cases fold (the store checked is the row store). */
const counterEvents = async (): Promise<EventStore> => {
  const events = getInMemoryEventStore();
  await events.appendToStream('a', [newEvent({ amount: 3 })]);
  await events.appendToStream('b', [newEvent({ amount: 5 })]);
  return events;
};

const refusal = async (work: Promise<unknown>): Promise<unknown> => {
  try {
    await work;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to be refused, but it succeeded');
};

/** Every row of a query, page by page. */
const allPages = async <R extends Row>(rowStore: RowProjectionStore, model: RowModel<R>, query: RowQuery<R>): Promise<R[]> => {
  const rows: R[] = [];
  let after = query.after;
  for (;;) {
    const page = await rowStore.query(model, { ...query, ...(after === undefined ? {} : { after }) });
    rows.push(...page.rows);
    if (page.next === null) return rows;
    after = page.next;
  }
};

const codePointOrder = (a: string, b: string): number => {
  const x = [...a].map((c) => c.codePointAt(0)!);
  const y = [...b].map((c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
};

const compareValue = (a: RowValue, b: RowValue): number => (typeof a === 'number' && typeof b === 'number' ? a - b : codePointOrder(String(a), String(b)));

/** Count groups in one order (a count returns them in none). */
const sortedGroups = (groups: readonly RowGroupCount[]): RowGroupCount[] => [...groups].sort((a, b) => codePointOrder(JSON.stringify(a.values), JSON.stringify(b.values)));

/**
 * Registers the row-projection-store conformance suite for one adapter: tables reset and
 * dropped, rows and checkpoint committed together and conditionally (a stale checkpoint, or one
 * of another version, writes nothing), exact round trips of values, bad rows, queries and
 * checkpoints refused with `RowModelError` and nothing written, queries (filters, both
 * directions, keyset pages) equal to a plain sort of the same rows by code point, and counts
 * (filtered, grouped) equal to a plain count, for random rows. With `tables: true`, also a table
 * dropped behind the store's back and a definition of other columns; with `sharedNames: true`,
 * that neither the row store nor the fixture's document projection store takes a name of the other's.
 */
export const rowProjectionStoreConformance = (label: string, factory: RowProjectionStoreFactory, options?: RowProjectionStoreConformanceOptions): void => {
  const numRuns = options?.numRuns ?? 100;
  describe(`row projection store conformance: ${label}`, () => {
    const fixture = useFixture(factory, () => Promise.resolve());

    if (options?.tables === true) {
      it('refuses every operation on rows whose table was dropped behind its back while the checkpoint stays, with statements prepared before or not; nothing is written; delete and reset is the way out', async () => {
        const { rowStore, behindTheBack } = fixture();
        if (behindTheBack === undefined) throw new Error('the suite runs with tables: true, so the fixture must give behindTheBack');
        const model = itemModel();
        await rowStore.reset(model, 1, null);
        await rowStore.commit(model, { version: 1, position: 1n, put: [item('a')], removed: [] }, 0n);
        expect((await rowStore.query(model, { orderBy: ['label'], limit: 5 })).rows).toEqual([item('a')]);
        await behindTheBack.dropTable(model.name);
        const other = await behindTheBack.reopen();
        try {
          for (const store of [rowStore, other.rowStore]) {
            const attempts = [
              () => store.commit(model, { version: 1, position: 2n, put: [item('a', { label: 'late' })], removed: [] }, 1n),
              () => store.get(model, ['a']),
              () => store.get(model, []),
              () => store.query(model, { orderBy: ['label'], limit: 5 }),
              () => store.count(model, { by: ['unit'] }),
            ];
            for (const attempt of attempts) {
              const error = await refusal(attempt());
              expect(isRowModelError(error), String(error)).toBe(true);
              expect(error).toMatchObject({ model: model.name, problem: expect.stringContaining('is missing although a checkpoint is stored'), inStore: 'tableMissing' });
              // The way out, not a projection bug to fix.
              expect((error as Error).message).toContain('delete the projection');
              expect((error as Error).message).not.toContain("fix the projection's");
            }
            expect(await store.load(model.name)).toEqual({ name: model.name, version: 1, position: 1n });
          }
          await rowStore.delete(model.name);
          await rowStore.reset(model, 1, null);
          expect((await other.rowStore.get(model, ['a'])).size).toBe(0);
        } finally {
          await other.close();
        }
      });

      it("refuses a definition whose columns are not the stored table's (renamed, fewer, another type) with RowModelError naming the stored version, whether the store read the table before or not; the rows stay", async () => {
        const { rowStore, behindTheBack } = fixture();
        if (behindTheBack === undefined) throw new Error('the suite runs with tables: true, so the fixture must give behindTheBack');
        const model = itemModel();
        await rowStore.reset(model, 1, null);
        await rowStore.commit(model, { version: 1, position: 1n, put: [item('a')], removed: [] }, 0n);
        expect((await rowStore.query(model, { orderBy: ['label'], limit: 5 })).rows).toEqual([item('a')]);
        // Version 2, started on another store since, renames a column: this store's statements for version 1 are stale.
        type Renamed = Omit<Item, 'label'> & { readonly title: string };
        const { id, unit, open, at, note } = itemTable.columns;
        const renamed: RowModel<Renamed> = { name: model.name, table: { key: 'id', columns: { id, unit, open, at, title: { type: 'text' }, note }, indexes: { byUnit: ['unit', 'open', 'at'] } } };
        const other = await behindTheBack.reopen();
        try {
          await other.rowStore.reset(renamed, 2, 1n);
          await other.rowStore.commit(renamed, { version: 2, position: 2n, put: [{ id: 'b', unit: 'u1', open: 1, at: 0, title: 'b', note: null }], removed: [] }, 0n);
          const fewer: RowModel<{ readonly id: string; readonly unit: string }> = { name: model.name, table: { key: 'id', columns: { id: { type: 'text' }, unit: { type: 'text' } }, indexes: {} } };
          const retyped: RowModel<Item> = { name: model.name, table: { ...itemTable, columns: { ...itemTable.columns, at: { type: 'text' } } } as never };
          const attempts: [string, () => Promise<unknown>][] = [
            ['query of version 1, read before', () => rowStore.query(model, { orderBy: ['label'], limit: 5 })],
            ['get of version 1, read before', () => rowStore.get(model, ['a'])],
            ['get of no keys of version 1, read before', () => rowStore.get(model, [])],
            ['count of version 1, read before', () => rowStore.count(model, { by: ['label'] })],
            ['query of version 1, never read', () => other.rowStore.query(model, { orderBy: ['label'], limit: 5 })],
            ['get of fewer columns, never read', () => other.rowStore.get(fewer, ['b'])],
            ['get of no keys of fewer columns, never read', () => other.rowStore.get(fewer, [])],
            ['query of fewer columns, never read', () => other.rowStore.query(fewer, { orderBy: ['unit'], limit: 5 })],
            ['get of another type', () => rowStore.get(retyped, ['b'])],
          ];
          for (const [label, attempt] of attempts) {
            const error = await refusal(attempt());
            expect(isRowModelError(error), `${label}: ${String(error)}`).toBe(true);
            expect((error as RowModelError).problem, label).toBe(
              `its table rows_${model.name} does not have the columns of this definition (version 2 is stored): ` +
                'its columns changed without a new version, or another version of this projection, or another projection of the same name, built it',
            );
            expect((error as Error).message, label).toContain('give the projection a new version whenever its columns, key or indexes change');
            expect((error as RowModelError).inStore, label).toBe('otherTable');
          }
          expect(await rowStore.load(model.name)).toEqual({ name: model.name, version: 2, position: 2n });
          expect((await other.rowStore.query(renamed, { orderBy: ['title'], limit: 5 })).rows).toEqual([{ id: 'b', unit: 'u1', open: 1, at: 0, title: 'b', note: null }]);
        } finally {
          await other.close();
        }
      });

      it("refuses a definition whose key or indexes are not the stored table's (an index added, removed or redefined, the key changed, without a new version) with RowModelError saying what differs, whether the store read the table before or not; nothing is read or written", async () => {
        const { rowStore, behindTheBack } = fixture();
        if (behindTheBack === undefined) throw new Error('the suite runs with tables: true, so the fixture must give behindTheBack');
        const model = itemModel();
        await rowStore.reset(model, 1, null);
        await rowStore.commit(model, { version: 1, position: 1n, put: [item('a'), item('b', { label: 'a' })], removed: [] }, 0n);
        expect((await rowStore.query(model, { orderBy: ['label'], limit: 5 })).rows).toEqual([item('a'), item('b', { label: 'a' })]);
        // Each variant keeps the columns (so the column check passes) and changes only the key or the indexes, without a new version.
        const variants: [string, RowTable<Item>, string][] = [
          ['an index added', { ...itemTable, indexes: { ...itemTable.indexes, byAt: ['at'] } }, "index 'byAt' (at, id) is missing"],
          ['an index removed', { ...itemTable, indexes: { byUnit: ['unit', 'open', 'at'] } }, "index 'byLabel' (label, id) is not in this definition"],
          ['an index redefined', { ...itemTable, indexes: { byUnit: ['unit', 'at'], byLabel: ['label'] } }, "index 'byUnit' is on (unit, open, at, id), this definition's on (unit, at, id)"],
          ['the key changed', { ...itemTable, key: 'label' }, "its key is (id), this definition's is (label)"],
        ];
        const other = await behindTheBack.reopen();
        try {
          for (const [what, table, difference] of variants) {
            const changed: RowModel<Item> = { name: model.name, table };
            for (const [store, read] of [
              [rowStore, 'read before'],
              [other.rowStore, 'never read'],
            ] as const) {
              const attempts: [string, () => Promise<unknown>][] = [
                ['commit', () => store.commit(changed, { version: 1, position: 2n, put: [item('c'), item('d', { label: 'a' })], removed: ['b'] }, 1n)],
                ['get', () => store.get(changed, ['a'])],
                ['get of no keys', () => store.get(changed, [])],
                ['query', () => store.query(changed, { orderBy: ['unit'], limit: 5 })],
                ['count', () => store.count(changed, { by: ['unit'] })],
              ];
              for (const [operation, attempt] of attempts) {
                const label = `${what}, ${operation}, ${read}`;
                const error = await refusal(attempt());
                expect(isRowModelError(error), `${label}: ${String(error)}`).toBe(true);
                expect((error as RowModelError).model, label).toBe(model.name);
                expect((error as RowModelError).problem, label).toContain(`its table rows_${model.name} does not have the key and indexes of this definition (version 1 is stored): `);
                expect((error as RowModelError).problem, label).toContain(difference);
                expect((error as RowModelError).inStore, label).toBe('otherTable');
                expect((error as Error).message, label).toContain('give the projection a new version whenever its columns, key or indexes change');
              }
            }
          }
          for (const store of [rowStore, other.rowStore]) {
            expect(await store.load(model.name)).toEqual({ name: model.name, version: 1, position: 1n });
            expect((await store.query(model, { orderBy: ['label'], limit: 5 })).rows).toEqual([item('a'), item('b', { label: 'a' })]);
          }
        } finally {
          await other.close();
        }
      });

      // Not on the in-memory store: it keeps rows, not a table of some shape, and nothing across processes; a definition changed in code starts on an empty store.
      it("refuses to start a runner on a table whose columns, key or indexes are not its definition's (changed without a new version), or that was dropped while its checkpoint stays: startRowProjection rejects with the RowModelError the first read gives, whether the store read the table before or not; the table, rows and checkpoint stay", async () => {
        const { rowStore, behindTheBack } = fixture();
        if (behindTheBack === undefined) throw new Error('the suite runs with tables: true, so the fixture must give behindTheBack');
        const events = await counterEvents();
        const name = freshName();
        const projection = itemRows(name, 1);
        const built = await startRowProjection({ store: events, rowStore, projection, decode: counterCodec.decode });
        await built.waitFor(2n);
        await built.stop();
        const rows = [item('a', { at: 3 }), item('b', { at: 5 })];
        // Each variant is version 1 still, so the runner would resume, caught up, on a table it refuses at its first read or commit.
        const variants: [string, () => RowTable<Item>, string][] = [
          ['a column retyped', () => ({ ...itemTable, columns: { ...itemTable.columns, at: { type: 'text' } } }) as never, 'does not have the columns of this definition (version 1 is stored)'],
          ['an index added', () => ({ ...itemTable, indexes: { ...itemTable.indexes, byAt: ['at'] } }), "index 'byAt' (at, id) is missing"],
          ['an index removed', () => ({ ...itemTable, indexes: { byUnit: ['unit', 'open', 'at'] } }), "index 'byLabel' (label, id) is not in this definition"],
          ['the key changed', () => ({ ...itemTable, key: 'label' }), "its key is (id), this definition's is (label)"],
        ];
        const other = await behindTheBack.reopen();
        try {
          const starts = (store: RowProjectionStore, table?: () => RowTable<Item>) =>
            startRowProjection({ store: events, rowStore: store, projection: itemRows(name, 1, table), decode: counterCodec.decode });
          for (const [what, table, problem] of variants) {
            for (const [store, read] of [
              [rowStore, 'read before'],
              [other.rowStore, 'never read'],
            ] as const) {
              const label = `${what}, ${read}`;
              const error = await refusal(starts(store, table));
              expect(isRowModelError(error), `${label}: ${String(error)}`).toBe(true);
              expect((error as RowModelError).model, label).toBe(name);
              expect((error as RowModelError).problem, label).toContain(problem);
              // The refusal of the first read, word for word.
              expect((error as Error).message, label).toBe(((await refusal(store.get({ name, table: table() }, ['a']))) as Error).message);
            }
          }
          for (const store of [rowStore, other.rowStore]) {
            expect(await store.load(name)).toEqual({ name, version: 1, position: 2n });
            expect((await store.query(projection, { orderBy: ['label'], limit: 5 })).rows).toEqual(rows);
          }
          // Dropped behind the back of two stores that have used this very definition (a runner started again in the same process) and of one that never read it.
          await behindTheBack.dropTable(name);
          const third = await behindTheBack.reopen();
          try {
            for (const [store, definition, read] of [
              [rowStore, projection, 'read before'],
              [other.rowStore, projection, 'read before, another store'],
              [third.rowStore, itemRows(name, 1), 'never read'],
            ] as const) {
              const error = await refusal(startRowProjection({ store: events, rowStore: store, projection: definition, decode: counterCodec.decode }));
              expect(isRowModelError(error), `${read}: ${String(error)}`).toBe(true);
              expect((error as RowModelError).problem, read).toContain('is missing although a checkpoint is stored');
              expect((error as Error).message, read).toBe(((await refusal(store.get(definition, ['a']))) as Error).message);
              expect(await store.load(name), read).toEqual({ name, version: 1, position: 2n });
            }
          } finally {
            await third.close();
          }
        } finally {
          await other.close();
          await events.close();
        }
      });

      it('refuses get, query and count of a row whose integer is not a safe integer (2^53 + 1, 2^53, -(2^53 + 1), set behind its back) with RowModelError naming the row, the column and the exact stored value; other rows still read', async () => {
        const { rowStore, behindTheBack } = fixture();
        if (behindTheBack === undefined) throw new Error('the suite runs with tables: true, so the fixture must give behindTheBack');
        interface Tally extends Row {
          readonly id: string;
          readonly topic: string;
          readonly n: number;
          readonly m: number | null;
        }
        const tallies: RowModel<Tally> = {
          name: `tallies_${randomUUID().slice(0, 8)}`,
          table: { key: 'id', columns: { id: { type: 'text' }, topic: { type: 'text' }, n: { type: 'integer' }, m: { type: 'integer', nullable: true } }, indexes: { byTopic: ['topic', 'n'] } },
        };
        const rows: Tally[] = [
          { id: 'a', topic: 'rent', n: 1, m: null },
          { id: 'b', topic: 'rent', n: 2, m: 5 },
          { id: 'c', topic: 'wages', n: 3, m: null },
        ];
        await rowStore.reset(tallies, 1, null);
        await rowStore.commit(tallies, { version: 1, position: 2n, put: rows, removed: [] }, 0n);
        for (const [column, stored] of [
          ['n', '9007199254740993'],
          ['n', '9007199254740992'],
          ['m', '-9007199254740993'],
        ] as const) {
          await behindTheBack.setInteger(tallies.name, 'b', column, stored);
          const attempts: [string, () => Promise<unknown>][] = [
            ['get', () => rowStore.get(tallies, ['a', 'b'])],
            ['query', () => rowStore.query(tallies, { where: { topic: 'rent' }, orderBy: ['n'], limit: 10 })],
            ['count', () => rowStore.count(tallies, { by: [column] })],
          ];
          for (const [operation, attempt] of attempts) {
            const label = `${operation}, ${column} = ${stored}`;
            const error = await refusal(attempt());
            expect(isRowModelError(error), `${label}: ${String(error)}`).toBe(true);
            expect((error as RowModelError).model, label).toBe(tallies.name);
            expect((error as RowModelError).problem, label).toBe(
              `row 'b': column '${column}' holds ${stored}, which this definition does not allow (a safe integer, at most 2^53 - 1 either side of 0)`,
            );
            expect(String(error), label).toMatch(/delete the projection \(the row store's delete\) or give it a new version/);
            expect((error as RowModelError).inStore, label).toBe('storedValue');
          }
          // The other rows read as before.
          expect([...(await rowStore.get(tallies, ['a', 'c'])).values()]).toEqual([rows[0], rows[2]]);
          expect((await rowStore.query(tallies, { where: { topic: 'wages' }, orderBy: ['n'], limit: 10 })).rows).toEqual([rows[2]]);
          await behindTheBack.setInteger(tallies.name, 'b', 'n', '2');
          await behindTheBack.setInteger(tallies.name, 'b', 'm', '5');
        }
        expect((await rowStore.query(tallies, { orderBy: ['n'], limit: 10 })).rows).toEqual(rows);
      });
    }

    if (options?.sharedNames === true) {
      it("a name is a row projection's or a document projection's: each store refuses the other's record with RowModelError and leaves it as it was", async () => {
        const { rowStore, projections } = fixture();
        if (projections === undefined) throw new Error('the fixture gives no document projection store (`projections`), which `sharedNames: true` requires');
        const rows = itemModel();
        await rowStore.reset(rows, 1, null);
        await rowStore.commit(rows, { version: 1, position: 4n, put: [item('a')], removed: [] }, 0n);
        const documentAttempts = [
          () => projections.load(rows.name),
          () => projections.commit({ name: rows.name, version: 1, position: 5n, state: { n: 1 } }, 4n),
          () => projections.commit({ name: rows.name, version: 1, position: 5n, state: { n: 1 } }, null),
          () => projections.delete(rows.name),
        ];
        for (const attempt of documentAttempts) {
          const error = await refusal(attempt());
          expect(isRowModelError(error), String(error)).toBe(true);
          expect(error).toMatchObject({ model: rows.name, problem: expect.stringContaining('the name is taken by a row projection'), inStore: 'nameTaken' });
        }
        expect(await rowStore.load(rows.name)).toEqual({ name: rows.name, version: 1, position: 4n });
        expect((await rowStore.get(rows, ['a'])).get('a')).toEqual(item('a'));

        const board = itemModel();
        await projections.commit({ name: board.name, version: 1, position: 3n, state: { open: 3 } }, null);
        const rowAttempts = [
          () => rowStore.load(board.name),
          () => rowStore.reset(board, 1, 3n),
          () => rowStore.reset(board, 1, null),
          () => rowStore.commit(board, { version: 1, position: 4n, put: [item('a')], removed: [] }, 3n),
          () => rowStore.get(board, ['a']),
          () => rowStore.delete(board.name),
        ];
        for (const attempt of rowAttempts) {
          const error = await refusal(attempt());
          expect(isRowModelError(error), String(error)).toBe(true);
          expect(error).toMatchObject({ model: board.name, problem: expect.stringContaining('the name is taken by a document projection'), inStore: 'nameTaken' });
        }
        expect(await projections.load(board.name)).toEqual({ name: board.name, version: 1, position: 3n, state: { open: 3 } });
      });
    }

    it('an unknown projection: no checkpoint, no rows, an empty page; deleting it does nothing', async () => {
      const { rowStore } = fixture();
      const model = itemModel();
      expect(await rowStore.load(model.name)).toBeNull();
      expect((await rowStore.get(model, ['a'])).size).toBe(0);
      expect(await rowStore.query(model, { orderBy: ['at'], limit: 10 })).toEqual({ rows: [], next: null });
      expect(await rowStore.count(model, {})).toEqual([{ values: [], count: 0 }]);
      expect(await rowStore.count(model, { by: ['unit'] })).toEqual([]);
      await rowStore.delete(model.name);
      expect(await rowStore.load(model.name)).toBeNull();
    });

    it('reset creates the empty table at position 0; commits write rows and checkpoint together; values round-trip exactly', async () => {
      const { rowStore } = fixture();
      const model = itemModel();
      await rowStore.reset(model, 3, null);
      expect(await rowStore.load(model.name)).toEqual({ name: model.name, version: 3, position: 0n });
      const odd = item('é𝄞-1', { unit: '网格-7', at: Number.MAX_SAFE_INTEGER, open: -1, label: 'it\'s "quoted" \\ \' ; --', note: '' });
      const plain = item('b', { at: Number.MIN_SAFE_INTEGER, note: 'a note' });
      await rowStore.commit(model, { version: 3, position: 5n, put: [odd, plain], removed: [] }, 0n);
      expect(await rowStore.load(model.name)).toEqual({ name: model.name, version: 3, position: 5n });
      const found = await rowStore.get(model, ['é𝄞-1', 'b', 'missing']);
      expect([...found.entries()].sort(([a], [b]) => codePointOrder(a, b))).toEqual([
        ['b', plain],
        ['é𝄞-1', odd],
      ]);
      const huge = 2n ** 62n + 7n;
      await rowStore.commit(model, { version: 3, position: huge, put: [], removed: [] }, 5n);
      expect((await rowStore.load(model.name))?.position).toBe(huge);
    });

    it('a put replaces the row of its key; removed keys go (absent ones are ignored)', async () => {
      const { rowStore } = fixture();
      const model = itemModel();
      await rowStore.reset(model, 1, null);
      await rowStore.commit(model, { version: 1, position: 1n, put: [item('a'), item('b'), item('c')], removed: [] }, 0n);
      await rowStore.commit(model, { version: 1, position: 2n, put: [item('a', { open: 0, note: 'closed' })], removed: ['b', 'nope'] }, 1n);
      const found = await rowStore.get(model, ['a', 'b', 'c']);
      expect(found.get('a')).toEqual(item('a', { open: 0, note: 'closed' }));
      expect(found.has('b')).toBe(false);
      expect(found.get('c')).toEqual(item('c'));
    });

    it('for random commits changing some columns of a few rows, removing and putting them back, the stored rows are the last put of each key, and the indexes answer as a plain sort', async () => {
      const { rowStore } = fixture();
      const change = fc.record(
        {
          unit: fc.constantFrom('u1', 'u2'),
          open: fc.integer({ min: 0, max: 1 }),
          at: fc.integer({ min: -3, max: 3 }),
          label: fc.constantFrom('x', 'y', ''),
          note: fc.option(fc.constantFrom('n', ''), { nil: null }),
        },
        { requiredKeys: [] },
      );
      const step = fc.uniqueArray(fc.tuple(fc.constantFrom('a', 'b', 'c', 'd'), fc.option(change, { nil: 'removed' as const })), { selector: ([id]) => id, maxLength: 4 });
      await fc.assert(
        fc.asyncProperty(fc.array(step, { maxLength: 8 }), async (steps) => {
          const model = itemModel();
          await rowStore.reset(model, 1, null);
          const expected = new Map<string, Item>();
          let position = 0n;
          for (const writes of steps) {
            const put: Item[] = [];
            const removed: string[] = [];
            for (const [id, fields] of writes) {
              if (fields === 'removed') {
                removed.push(id);
                expected.delete(id);
              } else {
                const row = { ...(expected.get(id) ?? item(id)), ...fields };
                put.push(row);
                expected.set(id, row);
              }
            }
            await rowStore.commit(model, { version: 1, position: position + 1n, put, removed }, position);
            position += 1n;
          }
          const found = await rowStore.get(model, ['a', 'b', 'c', 'd']);
          expect(new Map([...found].sort(([x], [y]) => codePointOrder(x, y)))).toEqual(new Map([...expected].sort(([x], [y]) => codePointOrder(x, y))));
          const byIndex = await allPages(rowStore, model, { where: { unit: 'u1' }, orderBy: ['open', 'at'], limit: 2 });
          const plain = [...expected.values()].filter((row) => row.unit === 'u1').sort((x, y) => x.open - y.open || x.at - y.at || codePointOrder(x.id, y.id));
          expect(byIndex).toEqual(plain);
          await rowStore.delete(model.name);
        }),
        { numRuns },
      );
    });

    it('refuses a commit or reset on a stale or unexpected checkpoint, and writes nothing', async () => {
      const { rowStore } = fixture();
      const model = itemModel();
      const neverReset = await refusal(rowStore.commit(model, { version: 1, position: 1n, put: [item('x')], removed: [] }, 0n));
      expect(isProjectionConflictError(neverReset), String(neverReset)).toBe(true);
      expect(neverReset).toMatchObject({ projection: model.name, expectedPosition: 0n, actualPosition: null });
      expect(await rowStore.load(model.name)).toBeNull();

      await rowStore.reset(model, 1, null);
      await rowStore.commit(model, { version: 1, position: 4n, put: [item('a')], removed: [] }, 0n);
      for (const expected of [0n, 3n, 5n]) {
        const stale = await refusal(rowStore.commit(model, { version: 2, position: 9n, put: [item('a', { label: 'late' }), item('z')], removed: [] }, expected));
        expect(stale).toMatchObject({ name: 'ProjectionConflictError', expectedPosition: expected, actualPosition: 4n });
      }
      for (const expected of [null, 3n]) {
        const reset = await refusal(rowStore.reset(model, 2, expected));
        expect(reset).toMatchObject({ name: 'ProjectionConflictError', expectedPosition: expected, actualPosition: 4n });
      }
      expect(await rowStore.load(model.name)).toEqual({ name: model.name, version: 1, position: 4n });
      const rows = await rowStore.get(model, ['a', 'z']);
      expect([...rows.values()]).toEqual([item('a')]);
    });

    it('a reset (a rebuild, a new version) drops every row, and may change the table', async () => {
      const { rowStore } = fixture();
      const model = itemModel();
      await rowStore.reset(model, 1, null);
      await rowStore.commit(model, { version: 1, position: 2n, put: [item('a'), item('b')], removed: [] }, 0n);
      await rowStore.reset(model, 1, 2n);
      expect(await rowStore.load(model.name)).toEqual({ name: model.name, version: 1, position: 0n });
      expect((await rowStore.get(model, ['a', 'b'])).size).toBe(0);

      type Wider = Item & { readonly count: number };
      const wider: RowModel<Wider> = { name: model.name, table: { ...itemTable, columns: { ...itemTable.columns, count: { type: 'integer' } }, indexes: { byCount: ['count'] } } as RowTable<Wider> };
      await rowStore.reset(wider, 2, 0n);
      await rowStore.commit(wider, { version: 2, position: 3n, put: [{ ...item('a'), count: 7 }], removed: [] }, 0n);
      expect((await rowStore.get(wider, ['a'])).get('a')).toEqual({ ...item('a'), count: 7 });
      expect(await rowStore.load(model.name)).toEqual({ name: model.name, version: 2, position: 3n });
    });

    it('a runner creates the table of a projection new to the store, rebuilds it for a new version whose columns, key and indexes changed (not refused), and resumes the same version on its table', async () => {
      const { rowStore } = fixture();
      const events = await counterEvents();
      const name = freshName();
      try {
        const created = await startRowProjection({ store: events, rowStore, projection: itemRows(name, 1), decode: counterCodec.decode });
        await created.waitFor(2n);
        await created.stop();
        expect(await rowStore.load(name)).toEqual({ name, version: 1, position: 2n });
        expect((await rowStore.query({ name, table: itemTable }, { orderBy: ['label'], limit: 5 })).rows).toEqual([item('a', { at: 3 }), item('b', { at: 5 })]);

        // Version 2: a column added, the key changed, an index added, one removed and one redefined.
        type Counted = Item & { readonly count: number };
        const counted = (version: number) =>
          counterRows<Counted>(
            name,
            version,
            () => ({ key: 'label', columns: { ...itemTable.columns, count: { type: 'integer' } }, indexes: { byUnit: ['unit', 'at'], byCount: ['count'] } }) as RowTable<Counted>,
            (streamId, amount) => ({ ...item(streamId, { at: amount }), count: amount * 10 }),
          );
        const rebuilt = await startRowProjection({ store: events, rowStore, projection: counted(2), decode: counterCodec.decode });
        await rebuilt.waitFor(2n);
        expect((await rebuilt.query({ orderBy: ['count'], direction: 'desc', limit: 5 })).rows).toEqual([
          { ...item('b', { at: 5 }), count: 50 },
          { ...item('a', { at: 3 }), count: 30 },
        ]);
        await rebuilt.stop();
        expect(await rowStore.load(name)).toEqual({ name, version: 2, position: 2n });

        await events.appendToStream('c', [newEvent({ amount: 7 })]);
        const resumed = await startRowProjection({ store: events, rowStore, projection: counted(2), decode: counterCodec.decode });
        expect(resumed.position()).toBe(2n);
        await resumed.waitFor(3n);
        expect(await resumed.count({})).toEqual([{ values: [], count: 3 }]);
        expect((await resumed.get(['c'])).get('c')).toEqual({ ...item('c', { at: 7 }), count: 70 });
        await resumed.stop();
        expect(await rowStore.load(name)).toEqual({ name, version: 2, position: 3n });
      } finally {
        await events.close();
      }
    });

    it("refuses a commit of another version than the stored checkpoint's (an old runner after a newer version was started) with ProjectionConflictError naming both versions, and writes nothing", async () => {
      const { rowStore } = fixture();
      const model = itemModel();
      await rowStore.reset(model, 2, null);
      await rowStore.commit(model, { version: 2, position: 1n, put: [item('a')], removed: [] }, 0n);
      for (const version of [1, 3]) {
        const error = await refusal(rowStore.commit(model, { version, position: 2n, put: [item('a', { label: 'other' }), item('b')], removed: [] }, 1n));
        expect(isProjectionConflictError(error), String(error)).toBe(true);
        expect(error).toMatchObject({ projection: model.name, expectedPosition: 1n, actualPosition: 1n, versions: { committed: version, stored: 2 } });
        expect(String(error)).toContain(`checkpoint is of version 2 but the commit is of version ${version}; nothing was written`);
      }
      expect(await rowStore.load(model.name)).toEqual({ name: model.name, version: 2, position: 1n });
      expect([...(await rowStore.get(model, ['a', 'b'])).values()]).toEqual([item('a')]);
      // The version may change only by a reset.
      await rowStore.reset(model, 3, 1n);
      await rowStore.commit(model, { version: 3, position: 2n, put: [item('b')], removed: [] }, 0n);
      expect(await rowStore.load(model.name)).toEqual({ name: model.name, version: 3, position: 2n });
    });

    it('refuses a checkpoint that goes back or is not a bigint, and a version that is not a safe integer, with RowModelError; the checkpoint and rows stay', async () => {
      const { rowStore } = fixture();
      const model = itemModel();
      await rowStore.reset(model, 1, null);
      await rowStore.commit(model, { version: 1, position: 2n, put: [item('a')], removed: [] }, 0n);
      const attempts: [string, () => Promise<unknown>, RegExp][] = [
        ['backwards', () => rowStore.commit(model, { version: 1, position: 1n, put: [item('b')], removed: [] }, 2n), /position must be a bigint, not before the expected position 2, got 1( |$)/],
        ['negative', () => rowStore.commit(model, { version: 1, position: -5n, put: [], removed: ['a'] }, 2n), /got -5( |$)/],
        ['a number', () => rowStore.commit(model, { version: 1, position: 3 as never, put: [item('b')], removed: [] }, 2n), /got 3 \(a number\)/],
        ['version NaN', () => rowStore.commit(model, { version: Number.NaN, position: 3n, put: [item('b')], removed: [] }, 2n), /version must be a safe integer, got NaN/],
        ['reset version 1.5', () => rowStore.reset(model, 1.5, 2n), /version must be a safe integer, got 1.5/],
      ];
      for (const [label, attempt, problem] of attempts) {
        const error = await refusal(attempt());
        expect(isRowModelError(error), `${label}: ${String(error)}`).toBe(true);
        expect((error as RowModelError).problem, label).toMatch(problem);
      }
      expect(await rowStore.load(model.name)).toEqual({ name: model.name, version: 1, position: 2n });
      expect([...(await rowStore.get(model, ['a', 'b'])).values()]).toEqual([item('a')]);
    });

    it('refuses a name that makes an index name longer than 63 characters (PostgreSQL would cut it), also for a table it took before under a shorter name', async () => {
      const { rowStore } = fixture();
      const table: RowTable<Item> = { ...itemTable, indexes: { byUnitOpenAndTimeOfDay: ['unit', 'open', 'at'] } };
      const short = { name: `s${freshName().slice(0, 9)}`, table };
      await rowStore.reset(short, 1, null);
      // rows_ + 40 + __ + 22 = 69 characters: the same table object, a name long enough to cross the limit.
      const long = { name: `l${freshName().slice(1)}${'x'.repeat(7)}`, table };
      expect(long.name).toHaveLength(40);
      const error = await refusal(rowStore.reset(long, 1, null));
      expect(isRowModelError(error), String(error)).toBe(true);
      expect(String(error)).toMatch(/longer than 63 characters/);
      expect(await rowStore.load(long.name)).toBeNull();
    });

    it('refuses rows, keys, queries and tables that do not fit, with RowModelError, and writes nothing', async () => {
      const { rowStore } = fixture();
      const model = itemModel();
      await rowStore.reset(model, 1, null);
      await rowStore.commit(model, { version: 1, position: 1n, put: [item('a')], removed: [] }, 0n);
      const bad: readonly [string, Row][] = [
        ['wrong type', { ...item('b'), at: '12' }],
        ['not safe', { ...item('b'), at: 2 ** 53 }],
        ['fraction', { ...item('b'), open: 0.5 }],
        ['null in a column not nullable', { ...item('b'), label: null }],
        ['missing column', { id: 'b', unit: 'u', open: 1, at: 0, label: 'b' }],
        ['unknown column', { ...item('b'), extra: 'x' }],
        ['NUL in text', { ...item('b'), note: 'a\u0000b' }],
        ['lone surrogate', { ...item('b'), unit: 'a\ud800' }],
      ];
      for (const [what, row] of bad) {
        const error = await refusal(rowStore.commit(model, { version: 1, position: 2n, put: [item('c'), row as Item], removed: [] }, 1n));
        expect(isRowModelError(error), `${what}: ${String(error)}`).toBe(true);
        expect(error).toMatchObject({ model: model.name });
      }
      // A value that is not text is shown as it is, with its type: not quoted as if it were text.
      expect(await refusal(rowStore.commit(model, { version: 1, position: 2n, put: [{ ...item('b'), label: 42 as never }], removed: [] }, 1n))).toMatchObject({
        problem: expect.stringContaining("column 'label' must be text, got 42 (a number)"),
      });
      expect(await refusal(rowStore.get(model, [42 as never]))).toMatchObject({ problem: expect.stringContaining('a key must be text, got 42 (a number)') });
      expect(isRowModelError(await refusal(rowStore.commit(model, { version: 1, position: 2n, put: [], removed: ['a\u0000'] }, 1n)))).toBe(true);
      expect(isRowModelError(await refusal(rowStore.commit(model, { version: 1, position: 2n, put: [item('c'), item('c', { label: 'again' })], removed: [] }, 1n)))).toBe(true);
      expect(isRowModelError(await refusal(rowStore.commit(model, { version: 1, position: 2n, put: [item('c')], removed: ['c'] }, 1n)))).toBe(true);
      const queries: readonly RowQuery<Item>[] = [
        { where: { nope: 'x' } as never, orderBy: ['at'], limit: 5 },
        { where: { open: 'yes' } as never, orderBy: ['at'], limit: 5 },
        { orderBy: ['note'], limit: 5 },
        { orderBy: ['id'], limit: 5 },
        { orderBy: ['at'], limit: 0 },
        { orderBy: ['at'], limit: 5, after: [1] },
      ];
      for (const query of queries) expect(isRowModelError(await refusal(rowStore.query(model, query))), JSON.stringify(query)).toBe(true);
      // A filter whose value is missing (built from outside input) would select every row: refused, naming the column.
      const missing = await refusal(rowStore.query(model, { where: { unit: undefined, open: 1 } as never, orderBy: ['at'], limit: 5 }));
      expect(isRowModelError(missing), String(missing)).toBe(true);
      expect((missing as RowModelError).problem).toMatch(/filter on 'unit' is undefined: leave 'unit' out of where/);
      expect(isRowModelError(await refusal(rowStore.reset({ name: 'not-an-identifier', table: itemTable }, 1, null)))).toBe(true);
      expect(isRowModelError(await refusal(rowStore.reset({ name: freshName(), table: { ...itemTable, key: 'note' } }, 1, null)))).toBe(true);
      expect(isRowModelError(await refusal(rowStore.reset({ name: freshName(), table: { ...itemTable, indexes: { [`i${'x'.repeat(40)}`]: ['unit'] } } }, 1, null)))).toBe(true);
      expect(await rowStore.load(model.name)).toEqual({ name: model.name, version: 1, position: 1n });
      expect([...(await rowStore.get(model, ['a', 'b', 'c'])).values()]).toEqual([item('a')]);
    });

    it("refuses a row projection whose name equals another's ignoring case (SQLite's table names ignore case: its reset would drop the other's table), a runner's start too; nothing is dropped or written: the other's table, rows and checkpoint stay", async () => {
      const { rowStore, behindTheBack } = fixture();
      const taken = itemModel();
      await rowStore.reset(taken, 1, null);
      const rows = [item('a'), item('b', { unit: 'u2' })];
      await rowStore.commit(taken, { version: 1, position: 3n, put: rows, removed: [] }, 0n);
      const upper = taken.name.toUpperCase();
      const capital = `R${taken.name.slice(1)}`;
      const variants: [string, RowModel][] = [
        ['upper case, the same table', { name: upper, table: itemTable }],
        ['a capital, the same table', { name: capital, table: itemTable }],
        ['upper case, another table', { name: upper, table: { key: 'k', columns: { k: { type: 'text' }, n: { type: 'integer' } }, indexes: {} } }],
      ];
      const events = await counterEvents();
      try {
        for (const [what, model] of variants) {
          const error = await refusal(rowStore.reset(model, 1, null));
          expect(isRowModelError(error), `${what}: ${String(error)}`).toBe(true);
          expect((error as RowModelError).model, what).toBe(model.name);
          expect((error as RowModelError).problem, what).toContain('equal ignoring case');
          expect((error as RowModelError).inStore, what).toBe('nameTaken');
          expect((error as RowModelError).problem, what).toContain(taken.name);
          expect(await rowStore.load(model.name), what).toBeNull();
        }
        const start = await refusal(startRowProjection({ store: events, rowStore, projection: itemRows(upper, 1), decode: counterCodec.decode }));
        expect(isRowModelError(start), String(start)).toBe(true);
        expect((start as RowModelError).problem).toContain('equal ignoring case');
        expect(await rowStore.load(upper)).toBeNull();
      } finally {
        await events.close();
      }
      // The other projection's table, rows and checkpoint, as this store and (tables) a store that never read the table see them.
      const stores: [string, RowProjectionStore][] = [['this store', rowStore]];
      const other = await behindTheBack?.reopen();
      if (other !== undefined) stores.push(['another store', other.rowStore]);
      try {
        for (const [which, store] of stores) {
          expect(await store.load(taken.name), which).toEqual({ name: taken.name, version: 1, position: 3n });
          expect((await store.query(taken, { orderBy: ['label'], limit: 5 })).rows, which).toEqual(rows);
          expect(await store.count(taken, { by: [] }), which).toEqual([{ values: [], count: 2 }]);
          expect([...(await store.get(taken, [])).values()], which).toEqual([]);
        }
      } finally {
        await other?.close();
      }
      await rowStore.commit(taken, { version: 1, position: 4n, put: [item('c')], removed: ['a'] }, 3n);
      expect([...(await rowStore.get(taken, ['a', 'b', 'c'])).keys()]).toEqual(['b', 'c']);
      // Once the other is deleted, the name is free.
      await rowStore.delete(taken.name);
      await rowStore.reset({ name: upper, table: itemTable }, 1, null);
      expect(await rowStore.load(upper)).toEqual({ name: upper, version: 1, position: 0n });
    });

    it('refuses a table with two columns, or two indexes, whose names are equal ignoring case (SQLite cannot hold both), with RowModelError naming both; nothing is written', async () => {
      const { rowStore } = fixture();
      const cases: [string, RowTable<Row>, readonly string[]][] = [
        ['two columns', { key: 'id', columns: { id: { type: 'text' }, kind: { type: 'text' }, Kind: { type: 'integer' } }, indexes: {} }, ["'kind'", "'Kind'"]],
        ['a column and the key', { key: 'id', columns: { id: { type: 'text' }, ID: { type: 'text' } }, indexes: {} }, ["'id'", "'ID'"]],
        ['two indexes', { key: 'id', columns: { id: { type: 'text' }, kind: { type: 'text' } }, indexes: { byKind: ['kind'], bykind: ['kind'] } }, ["'byKind'", "'bykind'"]],
      ];
      for (const [what, table, named] of cases) {
        const model: RowModel = { name: freshName(), table };
        const attempts: [string, () => Promise<unknown>][] = [
          ['reset', () => rowStore.reset(model, 1, null)],
          ['commit', () => rowStore.commit(model, { version: 1, position: 1n, put: [], removed: [] }, 0n)],
          ['query', () => rowStore.query(model, { orderBy: [], limit: 5 })],
          ['count', () => rowStore.count(model, {})],
        ];
        for (const [operation, attempt] of attempts) {
          const error = await refusal(attempt());
          const label = `${what}, ${operation}: ${String(error)}`;
          expect(isRowModelError(error), label).toBe(true);
          expect((error as RowModelError).problem, label).toContain('equal ignoring case');
          expect((error as RowModelError).inStore, label).toBeNull();
          for (const name of named) expect((error as RowModelError).problem, label).toContain(name);
        }
        expect(await rowStore.load(model.name), what).toBeNull();
      }
    });

    it('delete drops the rows and the checkpoint; projections are kept apart', async () => {
      const { rowStore } = fixture();
      const a = itemModel();
      const b = itemModel();
      await rowStore.reset(a, 1, null);
      await rowStore.reset(b, 1, null);
      await rowStore.commit(a, { version: 1, position: 1n, put: [item('x')], removed: [] }, 0n);
      await rowStore.commit(b, { version: 1, position: 2n, put: [item('x', { label: 'b' })], removed: [] }, 0n);
      await rowStore.delete(a.name);
      expect(await rowStore.load(a.name)).toBeNull();
      expect((await rowStore.get(a, ['x'])).size).toBe(0);
      expect(await rowStore.load(b.name)).toEqual({ name: b.name, version: 1, position: 2n });
      expect((await rowStore.get(b, ['x'])).get('x')).toEqual(item('x', { label: 'b' }));
      await rowStore.reset(a, 1, null);
      expect(await rowStore.load(a.name)).toEqual({ name: a.name, version: 1, position: 0n });
    });

    it('counts the committed rows per group of the columns given (nullable ones too), filtered; refuses a count that does not fit', async () => {
      const { rowStore } = fixture();
      const model = itemModel();
      await rowStore.reset(model, 1, null);
      expect(await rowStore.count(model, { where: { open: 1 } })).toEqual([{ values: [], count: 0 }]);
      const rows = [item('a', { unit: 'u1', open: 1, note: 'x' }), item('b', { unit: 'u1', open: 0 }), item('c', { unit: 'u2', open: 1 }), item('d', { unit: 'u2', open: 1, at: 7 })];
      await rowStore.commit(model, { version: 1, position: 1n, put: rows, removed: [] }, 0n);
      await rowStore.commit(model, { version: 1, position: 2n, put: [item('e', { unit: 'u3' })], removed: ['d'] }, 1n);
      expect(await rowStore.count(model, {})).toEqual([{ values: [], count: 4 }]);
      expect(await rowStore.count(model, { where: { unit: 'u1', open: 1 } })).toEqual([{ values: [], count: 1 }]);
      expect(await rowStore.count(model, { where: { unit: 'u9' } })).toEqual([{ values: [], count: 0 }]);
      const byUnitOpen = await rowStore.count(model, { by: ['unit', 'open'] });
      expect(sortedGroups(byUnitOpen)).toEqual(
        sortedGroups([
          { values: ['u1', 0], count: 1 },
          { values: ['u1', 1], count: 1 },
          { values: ['u2', 1], count: 1 },
          { values: ['u3', 1], count: 1 },
        ]),
      );
      expect(sortedGroups(await rowStore.count(model, { where: { open: 1 }, by: ['note'] }))).toEqual(
        sortedGroups([
          { values: [null], count: 2 },
          { values: ['x'], count: 1 },
        ]),
      );
      for (const query of [{ by: ['nope'] }, { where: { nope: 1 } }, { where: { open: 'one' } }, { by: ['unit', 'unit'] }, { where: { unit: undefined, open: 1 } }] as const) {
        const error = await refusal(rowStore.count(model, query as never));
        expect(isRowModelError(error), JSON.stringify(query)).toBe(true);
      }
    });

    it('for random rows and filters, the counts per group equal a plain count of the same rows', async () => {
      const { rowStore } = fixture();
      const text = fc.string({ unit: 'grapheme', maxLength: 2 }).filter((s) => !s.includes('\u0000'));
      const rowArb = fc.record({
        unit: fc.constantFrom('u1', 'u2', 'u3'),
        open: fc.integer({ min: 0, max: 1 }),
        at: fc.integer({ min: -2, max: 2 }),
        label: text,
        note: fc.option(fc.constantFrom('n1', 'n2'), { nil: null }),
      });
      await fc.assert(
        fc.asyncProperty(
          fc.uniqueArray(fc.tuple(text, rowArb), { selector: ([id]) => id, maxLength: 30 }),
          fc.record({ unit: fc.option(fc.constantFrom('u1', 'u2'), { nil: undefined }), open: fc.option(fc.integer({ min: 0, max: 1 }), { nil: undefined }) }),
          fc.constantFrom<readonly (keyof Item & string)[]>([], ['unit'], ['open', 'unit'], ['note'], ['at', 'note'], ['label']),
          async (entries, filter, by) => {
            const model = itemModel();
            const rows = entries.map(([id, fields]): Item => ({ id, ...fields }));
            await rowStore.reset(model, 1, null);
            await rowStore.commit(model, { version: 1, position: 1n, put: rows, removed: [] }, 0n);
            const where = Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined)) as Partial<Item>;
            const expected = new Map<string, RowGroupCount>(by.length === 0 ? [['[]', { values: [], count: 0 }]] : []);
            for (const row of rows.filter((r) => Object.entries(where).every(([k, v]) => r[k as keyof Item] === v))) {
              const values = by.map((c) => row[c]);
              const group = JSON.stringify(values);
              expected.set(group, { values, count: (expected.get(group)?.count ?? 0) + 1 });
            }
            expect(sortedGroups(await rowStore.count(model, { where, by }))).toEqual(sortedGroups([...expected.values()]));
            await rowStore.delete(model.name);
          },
        ),
        { numRuns },
      );
    });

    it('for random rows, filters and sorts, keyset pages give the rows a plain sort gives, in both directions', async () => {
      const { rowStore } = fixture();
      const text = fc.string({ unit: 'grapheme', maxLength: 4 }).filter((s) => !s.includes('\u0000'));
      const rowArb = fc.record({
        unit: fc.constantFrom('u1', 'u2', 'u3'),
        open: fc.integer({ min: 0, max: 1 }),
        at: fc.integer({ min: -5, max: 5 }),
        label: text,
        note: fc.option(text, { nil: null }),
      });
      await fc.assert(
        fc.asyncProperty(
          fc.uniqueArray(fc.tuple(text, rowArb), { selector: ([id]) => id, maxLength: 30 }),
          fc.record({ unit: fc.option(fc.constantFrom('u1', 'u2'), { nil: undefined }), open: fc.option(fc.integer({ min: 0, max: 1 }), { nil: undefined }) }),
          fc.constantFrom<readonly (keyof Item & string)[]>(['at'], ['unit', 'open', 'at'], ['label'], []),
          fc.constantFrom<'asc' | 'desc'>('asc', 'desc'),
          fc.integer({ min: 1, max: 7 }),
          async (entries, filter, orderBy, direction, limit) => {
            const model = itemModel();
            const rows = entries.map(([id, fields]): Item => ({ id, ...fields }));
            await rowStore.reset(model, 1, null);
            await rowStore.commit(model, { version: 1, position: 1n, put: rows, removed: [] }, 0n);
            const where = Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined)) as Partial<Item>;
            const columns = [...orderBy, 'id' as const];
            const sign = direction === 'asc' ? 1 : -1;
            const expected = rows
              .filter((row) => Object.entries(where).every(([k, v]) => row[k as keyof Item] === v))
              .sort((x, y) => {
                for (const c of columns) {
                  const order = compareValue(x[c], y[c]);
                  if (order !== 0) return sign * order;
                }
                return 0;
              });
            expect(await allPages(rowStore, model, { where, orderBy, direction, limit })).toEqual(expected);
            await rowStore.delete(model.name);
          },
        ),
        { numRuns },
      );
    });

    // Cursors and query keys (a page's next handed to another query, keys a query does not have).
    it("refuses a page's next handed to another query (other filters, sort, direction or projection) with RowModelError saying what it was made for; the same query with another limit takes it", async () => {
      const { rowStore } = fixture();
      const model = itemModel();
      const rows = ['a', 'b', 'c', 'd', 'e'].map((id, i) => item(id, { unit: i % 2 === 0 ? 'u1' : 'u2', at: i }));
      await rowStore.reset(model, 1, null);
      await rowStore.commit(model, { version: 1, position: 1n, put: rows, removed: [] }, 0n);
      const query: RowQuery<Item> = { where: { unit: 'u1' }, orderBy: ['at'], limit: 1 };
      const { next } = await rowStore.query(model, query);
      expect(next).toEqual([0, 'a']);
      const others: [string, RowModel<Item>, RowQuery<Item>][] = [
        ['another filter value', model, { ...query, where: { unit: 'u2' } }],
        ['no filter', model, { orderBy: ['at'], limit: 1 }],
        ['another filter column', model, { ...query, where: { open: 1 } }],
        ['another sort of the same length', model, { ...query, orderBy: ['open'] }],
        ['the other direction', model, { ...query, direction: 'desc' }],
        ['another projection of the same table', { name: freshName(), table: itemTable }, query],
      ];
      for (const [what, otherModel, other] of others) {
        if (otherModel !== model) await rowStore.reset(otherModel, 1, null);
        const error = await refusal(rowStore.query(otherModel, { ...other, after: next! }));
        expect(isRowModelError(error), `${what}: ${String(error)}`).toBe(true);
        expect((error as RowModelError).problem, what).toMatch(
          /^query: the cursor is the 'next' of a page of another query \(made for .*where \{"unit":"u1"\}.*\); hand a page's next only to the query that gave it/,
        );
      }
      // The same query (its filters in another order, another limit) goes on where the page ended.
      expect((await rowStore.query(model, { where: { unit: 'u1' }, orderBy: ['at'], limit: 5, after: next! })).rows.map((row) => row.id)).toEqual(['c', 'e']);
      // A cursor rebuilt from values (a copy, JSON) is a position: checked for its length and types only.
      expect((await rowStore.query(model, { orderBy: ['at'], limit: 5, after: JSON.parse(JSON.stringify(next)) as RowValue[] })).rows.map((row) => row.id)).toEqual(['b', 'c', 'd', 'e']);
    });

    it('refuses a query or count with a key it does not have (offset, a misspelt orderBy), and shows a refused value in its JSON form or type', async () => {
      const { rowStore } = fixture();
      const model = itemModel();
      await rowStore.reset(model, 1, null);
      await rowStore.commit(model, { version: 1, position: 1n, put: [item('a')], removed: [] }, 0n);
      const attempts: [string, () => Promise<unknown>, RegExp][] = [
        ['offset', () => rowStore.query(model, { orderBy: ['at'], limit: 5, offset: 10 } as never), /^query: 'offset' is not a key of a query \(where, orderBy, direction, limit, after\)/],
        ['order', () => rowStore.query(model, { order: ['at'], orderBy: [], limit: 5 } as never), /^query: 'order' is not a key of a query/],
        ['count group', () => rowStore.count(model, { group: ['unit'] } as never), /^count: 'group' is not a key of a count \(where, by\)/],
        ['limit as text', () => rowStore.query(model, { orderBy: ['at'], limit: '5' as never }), /limit must be an integer from 1 to 10000, got "5"(?![\w"])/],
        ['limit as bigint', () => rowStore.query(model, { orderBy: ['at'], limit: 3n as never }), /limit must be an integer from 1 to 10000, got 3n \(a bigint\)/],
        ['direction', () => rowStore.query(model, { orderBy: ['at'], limit: 5, direction: 'up' as never }), /direction must be 'asc' or 'desc', got "up"(?![\w"])/],
        ['filter bigint', () => rowStore.query(model, { where: { at: 3n as never }, orderBy: ['at'], limit: 5 }), /the filter on 'at' must be a safe integer, got 3n \(a bigint\)/],
      ];
      for (const [what, attempt, problem] of attempts) {
        const error = await refusal(attempt());
        expect(isRowModelError(error), `${what}: ${String(error)}`).toBe(true);
        expect((error as RowModelError).problem, what).toMatch(problem);
      }
      expect([...(await rowStore.get(model, ['a'])).values()]).toEqual([item('a')]);
    });
  });
};
