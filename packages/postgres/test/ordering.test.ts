import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import pg from 'pg';
import type { RecordedEvent } from '@casefold/engine';
import { transactionPositionSql } from '../src/eventStore/positions.js';
import { openPostgresStore, type PostgresStore } from '../src/index.js';
import { collect, databaseUrl, ids, newEvent, openTestStore, sql, type TestStore } from './support/testStore.js';

/**
 * The ordering guarantee: positions grow in the order events become visible to whole-store
 * readers, so a reader that resumes after the last position it saw never skips or repeats an
 * event, however transactions interleave. The store's appends are single statements; these
 * tests also drive the same position scheme from explicit transactions to reach every
 * interleaving of begin, write, commit, rollback and read.
 *
 * The safe bound is cluster-wide: ANY running transaction with an older id (autovacuum's
 * ANALYZE, the store's own NOTIFY, another test file or database on the server) holds it
 * back. So a bound read right after the last commit may legitimately end early; the reads
 * that establish the truth (a test's start, its final catch-up, the whole-store read it
 * compares with) go through `settled`, a second handle on the same schema whose reads wait
 * until every transaction running when they began has ended.
 */

let store: TestStore;
let settled: PostgresStore;
beforeAll(async () => {
  // No read-your-writes wait: these tests look at the safe bound itself.
  store = await openTestStore({ visibilityWaitMs: 0 });
  settled = await openPostgresStore({ connectionString: databaseUrl(), schema: store.schema, visibilityWaitMs: 30_000 });
});
afterAll(async () => {
  await settled.close();
  await store.dispose();
});

/** A read that stops at the safe bound as it is now (the behaviour under test). */
const readFrom = (position: bigint): Promise<RecordedEvent[]> => collect(store.events.readAll({ fromPosition: position }));
/** A read that first waits out the transactions running when it began: every committed event. */
const readSettled = (position: bigint): Promise<RecordedEvent[]> => collect(settled.events.readAll({ fromPosition: position }));
const lastPosition = (events: readonly RecordedEvent[], fallback: bigint): bigint => events[events.length - 1]?.position ?? fallback;

/** Resolves once some other session waits for a lock `holder` holds. */
const waitUntilBlockedBy = async (holder: pg.Client): Promise<void> => {
  const { rows } = await holder.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  const pid = rows[0]!.pid;
  const deadline = Date.now() + 30_000;
  while ((await sql('SELECT 1 FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))', [pid])).length === 0) {
    if (Date.now() > deadline) throw new Error(`no session was blocked by the holder (pid ${pid}) within 30 s`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

describe('global position order', () => {
  it('hides a committed event while an older transaction is still running, then shows both in order', async () => {
    const { events: eventStore } = store;
    const start = lastPosition(await readSettled(0n), 0n);
    const blocked = `blocked-${Date.now()}`;
    await eventStore.appendToStream(blocked, [newEvent('First')], { expectedRevision: 'no_stream' });
    // A raw transaction claims revision 1 of the stream and stays open.
    const holder = new pg.Client({ connectionString: databaseUrl() });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query(
        `INSERT INTO "${store.schema}".events (position, stream_id, revision, event_id, type, data, metadata, prev_hash, hash)
         VALUES (${transactionPositionSql(0n)}, $1, 1, 'holder', 'Held', '{}', '{}', '', '')`,
        [blocked],
      );
      // The store's append of revision 1 gets its transaction id, then waits on the holder.
      const slow = eventStore.appendToStream(blocked, [newEvent('Slow')], { expectedRevision: 'any' });
      // Wait until it is blocked by the holder (so it has its transaction id), not a fixed time:
      // on a loaded machine the fast append could otherwise take an id first.
      await waitUntilBlockedBy(holder);
      // A later transaction commits meanwhile.
      const fast = await eventStore.appendToStream(`fast-${Date.now()}`, [newEvent('Fast')]);
      const seen = await readFrom(start);
      expect(ids(seen)).not.toContain(fast.events[0]!.eventId);
      await holder.query('ROLLBACK');
      const slowResult = await slow;
      expect(slowResult.nextExpectedRevision).toBe(1n);
      // The slow append got the older transaction id: its position is below the fast one's.
      expect(slowResult.lastPosition < fast.lastPosition).toBe(true);
      const resumed = await readSettled(lastPosition(seen, start));
      expect(ids(resumed)).toEqual([slowResult.events[0]!.eventId, fast.events[0]!.eventId]);
    } finally {
      await holder.end();
    }
  });

  type Step = { readonly kind: 'write' | 'commit' | 'rollback'; readonly writer: number } | { readonly kind: 'read' };
  const step: fc.Arbitrary<Step> = fc.oneof(
    fc.record({ kind: fc.constantFrom('write' as const, 'write' as const, 'commit' as const, 'rollback' as const), writer: fc.integer({ min: 0, max: 2 }) }),
    fc.constant({ kind: 'read' as const }),
  );

  it('a resuming reader never skips or repeats, for any interleaving of transactions (property)', async () => {
    const writers = await Promise.all(
      [0, 1, 2].map(async () => {
        const client = new pg.Client({ connectionString: databaseUrl() });
        await client.connect();
        return client;
      }),
    );
    const insert = `INSERT INTO "${store.schema}".events (position, stream_id, revision, event_id, type, data, metadata, prev_hash, hash)
      VALUES (${transactionPositionSql(0n)} | $1, $2, 0, $2, 'Step', '{}', '{}', '', '')`;
    let checkpoint = lastPosition(await readSettled(0n), 0n);
    let run = 0;
    try {
      await fc.assert(
        fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 14 }), async (steps) => {
          run += 1;
          const open: (string[] | null)[] = [null, null, null];
          const committed = new Set<string>();
          const rolledBack = new Set<string>();
          const seen: RecordedEvent[] = [];
          const start = checkpoint;
          let n = 0;
          const read = async (settle = false): Promise<void> => {
            const page = await (settle ? readSettled : readFrom)(checkpoint);
            seen.push(...page);
            checkpoint = lastPosition(page, checkpoint);
          };
          const finish = async (w: number, how: 'COMMIT' | 'ROLLBACK'): Promise<void> => {
            const written = open[w];
            if (!written) return;
            await writers[w]!.query(how);
            for (const id of written) (how === 'COMMIT' ? committed : rolledBack).add(id);
            open[w] = null;
          };
          for (const s of steps) {
            if (s.kind === 'read') await read();
            else if (s.kind === 'write') {
              const written = open[s.writer] ?? [];
              if (open[s.writer] === null) await writers[s.writer]!.query('BEGIN');
              const id = `r${run}-${n++}`;
              await writers[s.writer]!.query(insert, [written.length, id]);
              written.push(id);
              open[s.writer] = written;
            } else await finish(s.writer, s.kind === 'commit' ? 'COMMIT' : 'ROLLBACK');
          }
          for (const w of [0, 1, 2]) await finish(w, 'COMMIT');
          await read(true);
          const truth = await readSettled(start);
          // Exactly the committed events, each once, in the order of the final whole-store read.
          expect(seen.map((e) => e.position)).toEqual(truth.map((e) => e.position));
          expect(new Set(ids(seen))).toEqual(committed);
          expect(ids(seen).filter((id) => rolledBack.has(id))).toEqual([]);
        }),
        { numRuns: 1000 },
      );
    } finally {
      await Promise.all(writers.map((w) => w.end()));
    }
  });

  it('eight concurrent appenders and a resuming reader agree with the final read', async () => {
    const { events: eventStore } = store;
    const start = lastPosition(await readSettled(0n), 0n);
    const streams = ['a', 'b', 'c'].map((s) => `conc-${s}-${Date.now()}`);
    let writing = true;
    const seen: RecordedEvent[] = [];
    const reader = (async () => {
      let checkpoint = start;
      while (writing || seen.length === 0) {
        const page = await readFrom(checkpoint);
        seen.push(...page);
        checkpoint = lastPosition(page, checkpoint);
      }
      seen.push(...(await readSettled(checkpoint)));
    })();
    const written = await Promise.all(
      Array.from({ length: 8 }, async (_, w) => {
        const mine: string[] = [];
        for (let i = 0; i < 40; i++) {
          const events = [newEvent('W', { w, i }), ...(i % 3 === 0 ? [newEvent('W2', { w, i })] : [])];
          await eventStore.appendToStream(streams[(w + i) % 3]!, events, { expectedRevision: 'any' });
          mine.push(...events.map((e) => e.eventId));
        }
        return mine;
      }),
    );
    writing = false;
    await reader;
    const truth = await readSettled(start);
    expect(truth).toHaveLength(written.flat().length);
    expect(ids(seen)).toEqual(ids(truth));
    expect(new Set(ids(truth))).toEqual(new Set(written.flat()));
    for (const s of streams) {
      const events = await collect(eventStore.readStream(s));
      expect(events.map((e) => e.revision)).toEqual(events.map((_, i) => BigInt(i)));
      expect(events.every((e, i) => i === 0 || e.prevHash === events[i - 1]!.hash)).toBe(true);
    }
  });
});
