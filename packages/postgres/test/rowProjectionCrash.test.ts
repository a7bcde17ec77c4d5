import { afterAll, describe, expect, it } from 'vitest';
import { type StreamCount, streamCounts } from './support/streamCounts.js';
import { collect, databaseUrl, newEvent, openTestStore, sql, type TestStore } from './support/testStore.js';
import { resultOf, startWorker } from './support/workers.js';

const opened: TestStore[] = [];
afterAll(async () => {
  await Promise.all(opened.map((s) => s.dispose()));
});

/** Waits until the server has no session left of a (killed) worker process: its last statement has ended. */
const sessionsGone = async (name: string): Promise<void> => {
  while ((await sql(`SELECT 1 FROM pg_stat_activity WHERE application_name = $1`, [name])).length > 0) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

describe('a row projection process killed mid-batch (PostgreSQL)', () => {
  it('leaves the rows and checkpoint of one commit, and resumes from it with no event applied twice', async () => {
    const store = await openTestStore();
    opened.push(store);
    let last = 0n;
    for (let batch = 0; batch < 30; batch++) {
      const events = Array.from({ length: 10 }, (_, i) => newEvent('Count', { value: batch * 10 + i + 1 }));
      last = (await store.events.appendToStream(`counter-${batch % 3}`, [...events, newEvent('Other', { value: 1000 })])).lastPosition;
    }
    const history = (await collect(store.events.readAll())).filter((e) => e.type === 'Count');
    /** The rows a fold of every `Count` event up to `position` gives. */
    const expectedAt = (position: bigint): StreamCount[] => {
      const rows = new Map<string, StreamCount>();
      for (const e of history.filter((e) => e.position <= position)) {
        const row = rows.get(e.streamId) ?? { streamId: e.streamId, count: 0, sum: 0, last: '0' };
        rows.set(e.streamId, { streamId: e.streamId, count: row.count + 1, sum: row.sum + (e.data as { value: number }).value, last: e.position.toString() });
      }
      return [...rows.values()].sort((a, b) => (a.streamId < b.streamId ? -1 : 1));
    };
    const rowsNow = async (): Promise<readonly StreamCount[]> => (await store.rowProjections.query(streamCounts, { orderBy: [], limit: 100 })).rows;

    const first = startWorker('rowProjectionWorker', [databaseUrl(), store.schema, last.toString()]);
    await first.line((l) => l.startsWith('committed'));
    await new Promise((resolve) => setTimeout(resolve, 30));
    first.kill();
    expect((await first.exited).signal).toBe('SIGKILL');
    // The server finishes a statement it already received (a last commit may land after the kill).
    await sessionsGone(first.name);
    const atKill = await store.rowProjections.load('streamCounts');
    expect(atKill!.position).toBeGreaterThan(0n);
    expect(atKill!.position).toBeLessThan(last);
    // Rows and checkpoint of one commit: exactly the events up to the checkpoint, each once.
    expect(await rowsNow()).toEqual(expectedAt(atKill!.position));

    const second = startWorker('rowProjectionWorker', [databaseUrl(), store.schema, last.toString()]);
    expect(await second.line((l) => l.startsWith('started'))).toBe(`started ${atKill!.position}`);
    expect(await resultOf<{ position: string }>(second)).toEqual({ position: last.toString() });
    expect(await rowsNow()).toEqual(expectedAt(last));
    expect((await rowsNow()).reduce((sum, row) => sum + row.count, 0)).toBe(300);
  });
});
