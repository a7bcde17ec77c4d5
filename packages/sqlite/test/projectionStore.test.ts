import { isProjectionRecordCorruptError } from '@casefold/engine';
import BetterSqlite3 from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { isProjectionConflictError } from '@casefold/engine';
import type { Json } from '@casefold/engine';
import { getSqliteEventStore } from '@casefold/sqlite';
import { rejectionOf, tempDir } from './support/fixtures.js';

const dir = tempDir();
afterAll(() => dir.remove());

describe('SQLite projection store', () => {
  it('loads nothing for an unknown name; deleting an unknown name does nothing', async () => {
    const store = getSqliteEventStore({ fileName: ':memory:' });
    expect(await store.projections.load('board')).toBeNull();
    await store.projections.delete('board');
    await store.close();
  });

  it('commits state and checkpoint together, conditional on the checkpoint last seen', async () => {
    const fileName = dir.file('projections.db');
    const store = getSqliteEventStore({ fileName });
    const { projections } = store;
    await projections.commit({ name: 'board', version: 1, position: 3n, state: { open: 3 } }, null);
    const conflict = await rejectionOf(() => projections.commit({ name: 'board', version: 1, position: 9n, state: { open: 9 } }, null));
    expect(isProjectionConflictError(conflict)).toBe(true);
    expect(conflict).toMatchObject({ projection: 'board', expectedPosition: null, actualPosition: 3n });
    const stale = await rejectionOf(() => projections.commit({ name: 'board', version: 1, position: 9n, state: { open: 9 } }, 2n));
    expect(stale).toMatchObject({ name: 'ProjectionConflictError', expectedPosition: 2n, actualPosition: 3n });
    await projections.commit({ name: 'board', version: 2, position: 5n, state: { open: 5 } }, 3n);
    await store.close();

    const reopened = getSqliteEventStore({ fileName });
    expect(await reopened.projections.load('board')).toEqual({ name: 'board', version: 2, position: 5n, state: { open: 5 } });
    await reopened.projections.delete('board');
    expect(await reopened.projections.load('board')).toBeNull();
    await reopened.projections.commit({ name: 'board', version: 2, position: 0n, state: {} }, null);
    await reopened.close();
  });

  it('lets only one of two store instances commit from the same checkpoint', async () => {
    const fileName = dir.file('two-runners.db');
    const one = getSqliteEventStore({ fileName });
    const two = getSqliteEventStore({ fileName });
    await one.projections.commit({ name: 'p', version: 1, position: 1n, state: 1 }, null);
    const outcomes = await Promise.allSettled([
      one.projections.commit({ name: 'p', version: 1, position: 2n, state: 2 }, 1n),
      two.projections.commit({ name: 'p', version: 1, position: 3n, state: 3 }, 1n),
    ]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    await one.close();
    await two.close();
  });

  it('round-trips every JSON state as its JSON meaning (-0 is 0 in JSON) (1,000 runs)', async () => {
    const store = getSqliteEventStore({ fileName: ':memory:' });
    let position: bigint | null = null;
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), fc.integer({ min: 1, max: 1000 }), async (state, version) => {
        const next: bigint = (position ?? 0n) + 1n;
        await store.projections.commit({ name: 'any', version, position: next, state: state as Json }, position);
        position = next;
        expect(await store.projections.load('any')).toEqual({ name: 'any', version, position: next, state: JSON.parse(JSON.stringify(state)) });
      }),
      { numRuns: 1000 },
    );
    await store.close();
  });

  it('reports a record whose state was corrupted behind its back as ProjectionRecordCorruptError, and keeps it', async () => {
    const fileName = dir.file('corrupt-projection.db');
    const store = getSqliteEventStore({ fileName });
    await store.projections.commit({ name: 'board', version: 1, position: 1n, state: { open: 1 } }, null);
    const raw = new BetterSqlite3(fileName);
    raw.prepare("UPDATE projections SET state = '{\"open\": 1' WHERE name = 'board'").run();
    const error = await rejectionOf(() => store.projections.load('board'));
    expect(isProjectionRecordCorruptError(error)).toBe(true);
    expect((error as Error).message).toMatch(/'board'.*not valid JSON/);
    expect(raw.prepare("SELECT state FROM projections WHERE name = 'board'").pluck().get()).toBe('{"open": 1');
    raw.close();
    await store.close();
  });
});
