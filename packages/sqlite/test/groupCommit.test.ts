import BetterSqlite3 from 'better-sqlite3';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { afterAll, describe, expect, it } from 'vitest';
import { isInvalidAppendError, isStoreUnavailableError, isWrongExpectedRevisionError, verifyAll } from '@casefold/engine';
import type { AppendResult, ExpectedRevision } from '@casefold/engine';
import { getSqliteEventStore } from '@casefold/sqlite';
import type { SqliteEventStore } from '@casefold/sqlite';
import { storeDatabase } from '../src/eventStore/storeDatabase.js';
import { appendStep, collect, keys, newEvent, tempDir } from './support/fixtures.js';

const dir = tempDir();
afterAll(() => dir.remove());

let fileCount = 0;
const fileStore = (groupCommit = true): SqliteEventStore => getSqliteEventStore({ fileName: dir.file(`group-${(fileCount += 1)}.db`), groupCommit });

/** Settles every promise, keeping each outcome (a result or the error) in call order. */
const outcomes = (appends: ReadonlyArray<Promise<AppendResult>>): Promise<unknown[]> =>
  Promise.all(
    appends.map((p) =>
      p.then(
        (r) => r,
        (e: unknown) => e,
      ),
    ),
  );

/** Frames in the write-ahead log since it was last reset: every commit writes the pages it changed. */
const walFrames = (store: SqliteEventStore): number => (storeDatabase(store).pragma('wal_checkpoint(PASSIVE)') as Array<{ log: number }>)[0]!.log;

describe('group commit', () => {
  it('writes the appends of one turn of the event loop in one commit, in call order', async () => {
    const grouped = fileStore();
    const alone = fileStore(false);
    try {
      for (const store of [grouped, alone]) {
        await store.appendToStream('warm-up', [newEvent()]);
        storeDatabase(store).pragma('wal_checkpoint(TRUNCATE)');
      }
      const results = await Promise.all(Array.from({ length: 50 }, (_, i) => grouped.appendToStream(`case-${i}`, [newEvent()], { expectedRevision: 'no_stream' })));
      await Promise.all(Array.from({ length: 50 }, (_, i) => alone.appendToStream(`case-${i}`, [newEvent()], { expectedRevision: 'no_stream' })));
      // One transaction rewrites each changed page once; fifty rewrite them fifty times.
      expect(walFrames(grouped)).toBeLessThan(20);
      expect(walFrames(alone)).toBeGreaterThanOrEqual(100);
      expect(results.map((r) => r.lastPosition)).toEqual(results.map((_, i) => BigInt(i + 2)));
      expect(keys(await collect(grouped.readAll({ fromPosition: 1n })))).toEqual(results.map((_, i) => `case-${i}@0`));
      expect(E.isRight(await verifyAll(grouped))).toBe(true);
    } finally {
      await grouped.close();
      await alone.close();
    }
  });

  it('checks each append of a group against the stream as the appends before it left it', async () => {
    const store = fileStore();
    try {
      const first = await outcomes([
        store.appendToStream('a', [newEvent(), newEvent()], { expectedRevision: 'no_stream' }),
        store.appendToStream('a', [newEvent()], { expectedRevision: 'no_stream' }),
        store.appendToStream('a', [newEvent()], { expectedRevision: 1n }),
        store.appendToStream('a', [newEvent()], { expectedRevision: 1n }),
        store.appendToStream('b', [newEvent()], { expectedRevision: 'stream_exists' }),
        store.appendToStream('a', [newEvent()], { expectedRevision: 'any' }),
      ]);
      expect(first[0]).toMatchObject({ nextExpectedRevision: 1n });
      expect(isWrongExpectedRevisionError(first[1])).toBe(true);
      expect(first[2]).toMatchObject({ nextExpectedRevision: 2n });
      expect(first[3]).toMatchObject({ name: 'WrongExpectedRevisionError', expected: 1n, actual: 2n });
      expect(isWrongExpectedRevisionError(first[4])).toBe(true);
      expect(first[5]).toMatchObject({ nextExpectedRevision: 3n, lastPosition: 4n });
      expect(keys(await collect(store.readAll()))).toEqual(['a@0', 'a@1', 'a@2', 'a@3']);
      expect(E.isRight(await verifyAll(store))).toBe(true);
    } finally {
      await store.close();
    }
  });

  it('fails an invalid append alone; the others of its group commit', async () => {
    const store = fileStore();
    try {
      const [before, bad, after] = await outcomes([
        store.appendToStream('a', [newEvent()]),
        // NaN passes JSON.stringify (as null) but the hash chain refuses it inside the transaction.
        store.appendToStream('b', [newEvent(), newEvent('Submitted', { amount: Number.NaN })]),
        store.appendToStream('a', [newEvent()]),
      ]);
      expect(isInvalidAppendError(bad)).toBe(true);
      expect(before).toMatchObject({ nextExpectedRevision: 0n });
      expect(after).toMatchObject({ nextExpectedRevision: 1n, lastPosition: 2n });
      expect(await collect(store.readStream('b'))).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it('rolls back a multi-event append that fails half-way, and only that one', async () => {
    const store = fileStore();
    try {
      await store.appendToStream('a', [newEvent()]);
      // A row behind the store's back at revision 2 of 'a': the second event of the next append clashes with it.
      storeDatabase(store).prepare("INSERT INTO events (stream_id, revision, event_id, type, data, metadata, prev_hash, hash) VALUES ('a', 2, 'x', 'X', '{}', '{}', '', '')").run();
      const [other, clashing, last] = await outcomes([
        store.appendToStream('b', [newEvent()]),
        store.appendToStream('a', [newEvent(), newEvent()], { expectedRevision: 0n }),
        store.appendToStream('c', [newEvent()]),
      ]);
      expect(clashing).toMatchObject({ code: 'SQLITE_CONSTRAINT_UNIQUE' });
      expect(other).toMatchObject({ nextExpectedRevision: 0n });
      expect(last).toMatchObject({ nextExpectedRevision: 0n });
      const rows = storeDatabase(store).prepare("SELECT revision FROM events WHERE stream_id = 'a' ORDER BY revision").pluck().all();
      expect(rows).toEqual([0, 2]);
      expect(storeDatabase(store).prepare("SELECT revision FROM streams WHERE stream_id = 'a'").pluck().get()).toBe(0);
    } finally {
      await store.close();
    }
  });

  it('fails the whole group with StoreUnavailableError when the write lock stays taken, writing nothing', async () => {
    const fileName = dir.file('locked.db');
    const store = getSqliteEventStore({ fileName, busyTimeoutMs: 50 });
    const other = new BetterSqlite3(fileName);
    try {
      other.exec('BEGIN IMMEDIATE');
      const results = await outcomes([store.appendToStream('a', [newEvent()]), store.appendToStream('b', [newEvent()])]);
      other.exec('ROLLBACK');
      expect(results.every(isStoreUnavailableError)).toBe(true);
      expect(await collect(store.readAll())).toEqual([]);
      expect(await store.appendToStream('a', [newEvent()])).toMatchObject({ lastPosition: 1n });
    } finally {
      other.close();
      await store.close();
    }
  });

  it('commits the appends still waiting when the store is closed', async () => {
    const fileName = dir.file('closing.db');
    const store = getSqliteEventStore({ fileName });
    const pending = [store.appendToStream('a', [newEvent()]), store.appendToStream('b', [newEvent()])];
    await store.close();
    expect(await Promise.all(pending)).toMatchObject([{ lastPosition: 1n }, { lastPosition: 2n }]);
    const reopened = getSqliteEventStore({ fileName });
    expect(keys(await collect(reopened.readAll()))).toEqual(['a@0', 'b@0']);
    await reopened.close();
  });

  it('gives every append of a group the outcome it has when the appends run one by one in call order (1,000 runs)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(appendStep, { maxLength: 12 }), async (steps) => {
        const store = getSqliteEventStore({ fileName: ':memory:' });
        const model = new Map<string, number>();
        const order: string[] = [];
        try {
          // Expected outcomes from the model, in call order; the appends themselves all start at once.
          const expected = steps.map(({ stream, count, expectation }) => {
            const id = `s${stream}`;
            const length = model.get(id) ?? 0;
            const ok = expectation === 'any' || (expectation === 'no_stream' && length === 0) || ((expectation === 'stream_exists' || expectation === 'exact') && length > 0);
            if (ok) {
              for (let i = 0; i < count; i++) order.push(`${id}@${length + i}`);
              model.set(id, length + count);
            }
            // 'exact' on a missing stream would expect revision -1: refused before it joins a group.
            const outcome = ok ? 'appended' : expectation === 'exact' ? 'invalid' : 'conflict';
            return { outcome, next: BigInt(length + count - 1), at: BigInt(length) };
          });
          const results = await outcomes(
            steps.map(({ stream, count, expectation }, i) => {
              const { at } = expected[i]!;
              const expectedRevision: ExpectedRevision = expectation === 'exact' ? at - 1n : expectation === 'stale' ? at + 1n : expectation;
              return store.appendToStream(
                `s${stream}`,
                Array.from({ length: count }, () => newEvent()),
                { expectedRevision },
              );
            }),
          );
          results.forEach((result, i) => {
            const { outcome, next } = expected[i]!;
            if (outcome === 'appended') expect(result).toMatchObject({ nextExpectedRevision: next });
            else expect(outcome === 'invalid' ? isInvalidAppendError(result) : isWrongExpectedRevisionError(result)).toBe(true);
          });
          const all = await collect(store.readAll());
          expect(keys(all)).toEqual(order);
          expect(all.map((e) => e.position)).toEqual(order.map((_, i) => BigInt(i + 1)));
          expect(E.isRight(await verifyAll(store))).toBe(true);
        } finally {
          await store.close();
        }
      }),
      { numRuns: 1000 },
    );
  });
});
