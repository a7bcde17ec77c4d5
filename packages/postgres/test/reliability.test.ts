import { afterAll, describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import { isStoreUnavailableError, verifyAll, type EventStore, type RecordedEvent } from '@casefold/engine';
import { openPostgresStore } from '../src/index.js';
import { startEmbeddedPostgres } from '@casefold/postgres/testing';
import { collect, databaseUrl, ids, newEvent, openTestStore, sql, type TestStore } from './support/testStore.js';
import { resultOf, startWorker } from './support/workers.js';

const opened: TestStore[] = [];
const open = async (): Promise<TestStore> => {
  const store = await openTestStore();
  opened.push(store);
  return store;
};
afterAll(async () => {
  await Promise.all(opened.map((s) => s.dispose()));
});

/** Waits until the server has no session left of a (killed) worker process: its last statement has ended. */
const sessionsGone = async (name: string): Promise<void> => {
  while ((await sql(`SELECT 1 FROM pg_stat_activity WHERE application_name = $1`, [name])).length > 0) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

/** Reads a subscription in the background until `enough()` says stop. */
const follow = (store: EventStore, fromPosition = 0n) => {
  const seen: RecordedEvent[] = [];
  const subscription = store.subscribeToAll({ fromPosition });
  let target = Number.POSITIVE_INFINITY;
  const done = (async () => {
    for await (const event of subscription) {
      seen.push(event);
      if (seen.length >= target) break;
    }
  })();
  return {
    seen,
    /** Resolves once `count` events were seen (or rejects after `timeoutMs`). */
    until: async (count: number, timeoutMs = 30_000): Promise<RecordedEvent[]> => {
      target = count;
      if (seen.length >= count) await subscription.close();
      const timer = setTimeout(() => void subscription.close(), timeoutMs);
      await done;
      clearTimeout(timer);
      return seen;
    },
  };
};

describe('reliability', () => {
  it('eight writers in four processes on the same streams: nothing lost, duplicated or reordered; a live subscriber sees each event once in order', async () => {
    const store = await open();
    const subscriber = follow(store.events);
    const streams = ['case-a', 'case-b', 'case-c'];
    // Two processes give their two writers one connection (their appends share group commits), two give them two.
    const workers = [0, 1, 2, 3].map((p) => startWorker('appendWorker', [databaseUrl(), store.schema, `p${p}`, '2', '25', streams.join(','), String(1 + (p % 2))]));
    const written = (await Promise.all(workers.map((w) => resultOf<{ written: string[] }>(w)))).flatMap((r) => r.written);
    expect(written).toHaveLength(4 * 2 * (25 + 7));
    const seen = await subscriber.until(written.length);
    const truth = await collect(store.events.readAll());
    expect(ids(truth).sort()).toEqual([...written].sort());
    expect(new Set(ids(truth)).size).toBe(truth.length);
    expect(ids(seen)).toEqual(ids(truth));
    expect(truth.every((e, i) => i === 0 || truth[i - 1]!.position < e.position)).toBe(true);
    // Each writer's events appear in the order it appended them.
    for (const writer of written.map((id) => id.replace(/-\d+b?$/, '')).filter((w, i, all) => all.indexOf(w) === i)) {
      const order = ids(truth).filter((id) => id.startsWith(`${writer}-`));
      expect(order).toEqual(written.filter((id) => id.startsWith(`${writer}-`)));
    }
    const verified = await verifyAll(store.events);
    expect(E.isRight(verified) && verified.right.events).toBe(written.length);
  });

  it('a writer killed during its append leaves nothing partial', async () => {
    const store = await open();
    const streamId = 'killed-writer';
    const count = 20_000;
    const worker = startWorker('bigAppendWorker', [databaseUrl(), store.schema, streamId, String(count)]);
    await worker.line((l) => l === 'appending');
    // Kill it while the server runs its insert.
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      const active = await sql(`SELECT 1 FROM pg_stat_activity WHERE state = 'active' AND query LIKE 'INSERT INTO "${store.schema}".events%'`);
      if (active.length > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    worker.kill();
    const { signal, lines } = await worker.exited;
    expect(signal).toBe('SIGKILL');
    expect(lines).not.toContain('appended');
    await sessionsGone(worker.name);
    const events = await collect(store.events.readStream(streamId));
    // All or nothing: the one append is one statement, hence one transaction.
    expect([0, count]).toContain(events.length);
    expect(events.map((e) => e.revision)).toEqual(events.map((_, i) => BigInt(i)));
    const next = await store.events.appendToStream(streamId, [newEvent()]);
    expect(next.nextExpectedRevision).toBe(BigInt(events.length));
    const verified = await verifyAll(store.events);
    expect(E.isRight(verified)).toBe(true);
  });

  it('a projection process killed mid-batch resumes from its checkpoint with no event applied twice', async () => {
    const store = await open();
    let expectedSum = 0;
    let last = 0n;
    for (let batch = 0; batch < 30; batch++) {
      const events = Array.from({ length: 10 }, (_, i) => {
        const value = batch * 10 + i + 1;
        expectedSum += value;
        return newEvent('Count', { value });
      });
      last = (await store.events.appendToStream(`counter-${batch % 3}`, [...events, newEvent('Other', { value: 1000 })])).lastPosition;
    }
    const first = startWorker('projectionWorker', [databaseUrl(), store.schema, last.toString()]);
    await first.line((l) => l.startsWith('committed'));
    await new Promise((resolve) => setTimeout(resolve, 30));
    first.kill();
    const killed = await first.exited;
    expect(killed.signal).toBe('SIGKILL');
    // The server finishes a statement it already received (a last commit may land after the kill).
    await sessionsGone(first.name);
    const atKill = await store.projections.load('totals');
    expect(atKill).not.toBeNull();
    expect(atKill!.position < last).toBe(true);
    const second = startWorker('projectionWorker', [databaseUrl(), store.schema, last.toString()]);
    expect(await second.line((l) => l.startsWith('started'))).toBe(`started ${atKill!.position}`);
    const result = await resultOf<{ position: string; state: { count: number; sum: number } }>(second);
    expect(result.state).toEqual({ count: 300, sum: expectedSum });
    expect(await store.projections.load('totals')).toEqual({ name: 'totals', version: 1, position: last, state: { count: 300, sum: expectedSum } });
  });

  it('a server restarted under load: typed retryable errors while it is down, then the library carries on', async () => {
    const server = await startEmbeddedPostgres({ settings: { fsync: 'off' } });
    const { events: eventStore, close } = await openPostgresStore({
      connectionString: server.url,
      schema: 'restart',
      pool: { max: 4, connectionTimeoutMs: 1_000 },
      pollIntervalMs: 200,
    });
    try {
      const subscriber = follow(eventStore);
      const acknowledged: string[] = [];
      const attempted = new Set<string>();
      const failures: { error: unknown; ms: number }[] = [];
      let phase: 'up' | 'down' | 'back' = 'up';
      let afterRestart = 0;
      const writers = Array.from({ length: 4 }, async (_, w) => {
        for (let i = 0; phase !== 'back' || afterRestart < 100; i++) {
          const event = newEvent('Load', { w, i });
          attempted.add(event.eventId);
          const start = performance.now();
          try {
            await eventStore.appendToStream(`load-${i % 5}`, [event]);
            acknowledged.push(event.eventId);
            if (phase === 'back') afterRestart += 1;
          } catch (error) {
            failures.push({ error, ms: performance.now() - start });
            await new Promise((resolve) => setTimeout(resolve, 20));
          }
        }
      });
      while (acknowledged.length < 100) await new Promise((resolve) => setTimeout(resolve, 10));
      await server.stop();
      phase = 'down';
      const failuresBefore = failures.length;
      await new Promise((resolve) => setTimeout(resolve, 800));
      expect(failures.length).toBeGreaterThan(failuresBefore);
      await server.start();
      phase = 'back';
      await Promise.all(writers);
      expect(failures.length).toBeGreaterThan(0);
      for (const { error, ms } of failures) {
        expect(isStoreUnavailableError(error), String(error)).toBe(true);
        expect(ms).toBeLessThan(3_000);
      }
      const truth = await collect(eventStore.readAll());
      const stored = ids(truth);
      expect(new Set(stored).size).toBe(stored.length);
      for (const id of acknowledged) expect(stored).toContain(id);
      for (const id of stored) expect(attempted.has(id)).toBe(true);
      const seen = await subscriber.until(truth.length);
      expect(ids(seen)).toEqual(stored);
    } finally {
      await close();
      await server.destroy();
    }
  });
});
