import * as E from 'fp-ts/lib/Either.js';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyAll } from '@casefold/engine';
import { getSqliteEventStore } from '@casefold/sqlite';
import { collect, tempDir } from './support/fixtures.js';
import { startWorker } from './support/workers.js';

const dir = tempDir();
afterAll(() => dir.remove());

describe('several processes on one file', () => {
  it('four processes appending conflicting events: every stream gapless, nothing lost or duplicated, chain verified', async () => {
    const fileName = dir.file('contended.db');
    const streams = 3;
    const workers = [0, 1, 2, 3].map((worker) => startWorker('contend', { fileName, synchronous: 'NORMAL', worker, streams, appends: 60 }));
    await Promise.all(workers.map((w) => w.waitForLine((line) => (line as { ready?: number }).ready !== undefined)));
    for (const w of workers) w.go();
    const outcomes = await Promise.all(workers.map((w) => w.exited));
    for (const [i, outcome] of outcomes.entries()) expect(outcome, workers[i]!.stderr()).toEqual({ code: 0, signal: null });
    const reports = workers.map((w) => w.lines[1] as { committed: string[]; conflicts: number; unavailable: number });
    const committed = reports.flatMap((r) => r.committed);
    expect(reports.reduce((sum, r) => sum + r.conflicts, 0)).toBeGreaterThan(0);

    const store = getSqliteEventStore({ fileName });
    try {
      const all = await collect(store.readAll());
      expect(all.map((e) => e.position)).toEqual(all.map((_, i) => BigInt(i + 1)));
      const stored = all.map((e) => e.eventId);
      expect(new Set(stored).size).toBe(stored.length);
      expect([...stored].sort()).toEqual([...committed].sort());
      for (let s = 0; s < streams; s++) {
        const events = await collect(store.readStream(`case-${s}`));
        expect(events.map((e) => e.revision)).toEqual(events.map((_, i) => BigInt(i)));
      }
      expect(E.isRight(await verifyAll(store))).toBe(true);
    } finally {
      await store.close();
    }
  });
});
