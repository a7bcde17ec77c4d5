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

describe.each([
  ['one append at a time', 1],
  ['8 appends at once, in group commits', 8],
])('a writer process killed with SIGKILL (%s)', (_name, loops) => {
  it('a writer killed with SIGKILL mid-append leaves no partial append, loses no acknowledged one, and the chain verifies', async () => {
    const fileName = dir.file(`killed-${loops}.db`);
    const acknowledged: string[] = [];
    for (let round = 0; round < 2; round++) {
      const writer = startWorker('batchWriter', { fileName, writer: round, loops });
      const target = 80 + round * 37;
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
        expect(events.map((e) => [e.streamId, e.revision, e.position])).toEqual(events.map((_, k) => [first.streamId, first.revision + BigInt(k), first.position + BigInt(k)]));
      }
      for (const batchId of acknowledged) expect(batches.has(batchId), batchId).toBe(true);
      // Committed but killed before reporting: at most the appends in flight, per round.
      expect(batches.size - acknowledged.length).toBeLessThanOrEqual(2 * loops);
      expect(E.isRight(await verifyAll(store))).toBe(true);
    } finally {
      await store.close();
    }
  });
});
