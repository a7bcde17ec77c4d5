import BetterSqlite3 from 'better-sqlite3';
import * as E from 'fp-ts/lib/Either.js';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyAll } from '@casefold/engine';
import type { RecordedEvent } from '@casefold/engine';
import { getSqliteEventStore } from '@casefold/sqlite';
import { collect, tempDir } from './support/fixtures.js';
import { startWorker } from './support/workers.js';

const dir = tempDir();
afterAll(() => dir.remove());

describe('several processes on one file', () => {
  it('four processes appending conflicting events: every stream gapless, nothing lost or duplicated, chain verified', async () => {
    const fileName = dir.file('contended.db');
    const streams = 3;
    const workers = [0, 1, 2, 3].map((worker) => startWorker('contend', { fileName, synchronous: 'NORMAL', worker, streams, appends: 100 }));
    const outcomes = await Promise.all(workers.map((w) => w.exited));
    for (const [i, outcome] of outcomes.entries()) expect(outcome, workers[i]!.stderr()).toEqual({ code: 0, signal: null });
    const reports = workers.map((w) => w.lines[0] as { committed: string[]; conflicts: number; unavailable: number });
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

  it('a writer killed with SIGKILL mid-append leaves no partial append, loses no acknowledged one, and the chain verifies', async () => {
    const fileName = dir.file('killed.db');
    const acknowledged: string[] = [];
    for (let round = 0; round < 3; round++) {
      const writer = startWorker('batchWriter', { fileName, writer: round });
      const target = 150 + round * 37;
      await writer.waitForLine((line) => (line as { committed?: string }).committed === `w${round}-b${target}`);
      writer.child.kill('SIGKILL');
      expect(await writer.exited).toEqual({ code: null, signal: 'SIGKILL' });
      for (const line of writer.lines) {
        const { committed } = line as { committed?: string };
        if (committed !== undefined) acknowledged.push(committed);
      }
    }

    const raw = new BetterSqlite3(fileName, { readonly: true });
    expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
    raw.close();
    const store = getSqliteEventStore({ fileName });
    try {
      const batches = new Map<string, RecordedEvent[]>();
      for await (const event of store.readAll()) {
        const batchId = event.metadata['batchId'] as string;
        batches.set(batchId, [...(batches.get(batchId) ?? []), event]);
      }
      for (const [batchId, events] of batches) {
        const size = events[0]!.metadata['batchSize'];
        expect(events.length, `batch ${batchId}`).toBe(size);
        const first = events[0]!;
        expect(events.map((e) => [e.streamId, e.revision, e.position])).toEqual(
          events.map((_, k) => [first.streamId, first.revision + BigInt(k), first.position + BigInt(k)]),
        );
      }
      for (const batchId of acknowledged) expect(batches.has(batchId), batchId).toBe(true);
      expect(batches.size - acknowledged.length).toBeLessThanOrEqual(3);
      expect(E.isRight(await verifyAll(store))).toBe(true);
    } finally {
      await store.close();
    }
  });
});
