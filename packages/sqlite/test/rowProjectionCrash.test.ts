import * as E from 'fp-ts/lib/Either.js';
import { afterAll, describe, expect, it } from 'vitest';
import { startRowProjection } from '@casefold/engine';
import { getSqliteEventStore } from '@casefold/sqlite';
import { newEvent, tempDir } from './support/fixtures.js';
import { type PerStreamRow, perStreamRows } from './support/perStreamRows.js';
import { startWorker } from './support/workers.js';

const dir = tempDir();
afterAll(() => dir.remove());

const STREAMS = 97;
/**
 * Events in the store, appended ten at a time. Each kill lands some way past the one before
 * (the worker runs on while the test reads its report and kills it), and the six must land
 * before the worker has read them all: with 20,000 events, the sixth kill came at 13,000–15,000
 * under heavy load, and now and then after the last event (the test failed); 50,000 leave room.
 */
const EVENTS = 50_000;
const PER_APPEND = 10;

describe('a row projection process killed mid-batch', () => {
  it('keeps rows and checkpoint of one commit together, resumes from it, and ends equal to a rebuild from scratch', async () => {
    const fileName = dir.file('rows.db');
    const seed = getSqliteEventStore({ fileName, synchronous: 'OFF' });
    let last = 0n;
    for (let i = 0; i < EVENTS / PER_APPEND; i++) {
      last = (
        await seed.appendToStream(
          `case-${i % STREAMS}`,
          Array.from({ length: PER_APPEND }, () => newEvent()),
        )
      ).lastPosition;
    }
    await seed.close();

    const store = getSqliteEventStore({ fileName });
    const model = perStreamRows('perStream');
    const rowsOf = async (name: string): Promise<PerStreamRow[]> => [...(await store.rowProjections.query({ ...model, name }, { orderBy: [], limit: 1_000 })).rows];
    // Killed six times, each a little later (a kill lands inside a commit about half the time):
    // every time, the rows hold exactly the events up to the checkpoint, each once and in order
    // (positions are 1…last here).
    let checkpoint = 0n;
    for (const delayMs of [0, 3, 7, 11, 17, 23]) {
      const killed = startWorker('rowProjector', { fileName });
      await killed.waitForLine((line) => BigInt((line as { position?: string }).position ?? 0) > checkpoint + 1_000n);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      killed.child.kill('SIGKILL');
      expect((await killed.exited).signal).toBe('SIGKILL');
      checkpoint = (await store.rowProjections.load('perStream'))!.position;
      expect(checkpoint).toBeLessThan(last);
      const atKill = await rowsOf('perStream');
      expect(atKill.reduce((sum, row) => sum + row.events, 0)).toBe(Number(checkpoint));
      expect(atKill.every((row) => row.outOfOrder === 0 && BigInt(row.last) <= checkpoint)).toBe(true);
    }

    const resumed = startWorker('rowProjector', { fileName, until: last.toString() });
    expect(await resumed.exited, resumed.stderr()).toEqual({ code: 0, signal: null });
    expect(resumed.lines[0]).toEqual({ resumedFrom: checkpoint.toString() });
    expect((await store.rowProjections.load('perStream'))?.position).toBe(last);

    const rebuild = await startRowProjection({ store, rowStore: store.rowProjections, projection: perStreamRows('perStreamRebuilt'), decode: (recorded) => E.right(recorded) });
    await rebuild.waitFor(last);
    await rebuild.stop();
    const rebuilt = await rowsOf('perStreamRebuilt');
    expect(await rowsOf('perStream')).toEqual(rebuilt);
    expect(rebuilt).toHaveLength(STREAMS);
    expect(rebuilt.reduce((sum, row) => sum + row.events, 0)).toBe(EVENTS);
    await store.close();
    // Seven worker processes and two passes over the store: 23–27 s measured under heavy load, too near the 60 s default.
  }, 180_000);
});
