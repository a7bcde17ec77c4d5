import * as E from 'fp-ts/lib/Either.js';
import { afterAll, describe, expect, it } from 'vitest';
import { startProjection } from '@casefold/engine';
import { getSqliteEventStore } from '@casefold/sqlite';
import { newEvent, tempDir } from './support/fixtures.js';
import { perStreamProjection } from './support/perStreamProjection.js';
import { startWorker } from './support/workers.js';

const dir = tempDir();
afterAll(() => dir.remove());

describe('a projection process killed mid-batch', () => {
  it('resumes from its last commit, and its read model equals a rebuild from scratch', async () => {
    const fileName = dir.file('projected.db');
    const seed = getSqliteEventStore({ fileName, synchronous: 'OFF' });
    let last = 0n;
    for (let i = 0; i < 2_000; i++) {
      last = (await seed.appendToStream(`case-${i % 97}`, [newEvent(), newEvent(), newEvent(), newEvent(), newEvent()])).lastPosition;
    }
    await seed.close();

    const killed = startWorker('projector', { fileName });
    await killed.waitForLine((line) => BigInt((line as { position?: string }).position ?? 0) > 2_000n);
    killed.child.kill('SIGKILL');
    expect((await killed.exited).signal).toBe('SIGKILL');

    const store = getSqliteEventStore({ fileName });
    const checkpoint = await store.projections.load('per-stream');
    expect(checkpoint?.position).toBeGreaterThan(0n);
    expect(checkpoint!.position).toBeLessThan(last);
    expect(checkpoint!.state).toMatchObject({ events: Number(checkpoint!.position) });

    const resumed = startWorker('projector', { fileName, until: last.toString() });
    expect(await resumed.exited, resumed.stderr()).toEqual({ code: 0, signal: null });
    expect(resumed.lines[0]).toEqual({ resumedFrom: checkpoint!.position.toString() });
    const afterResume = await store.projections.load('per-stream');

    const rebuild = await startProjection({
      store,
      projectionStore: store.projections,
      projection: perStreamProjection('per-stream-rebuilt'),
      decode: (recorded) => E.right(recorded),
    });
    await rebuild.waitFor(last);
    await rebuild.stop();
    expect(afterResume?.position).toBe(last);
    expect(afterResume?.state).toEqual(rebuild.state());
    expect(rebuild.state()).toMatchObject({ events: 10_000, outOfOrder: 0 });
    await store.close();
  });
});
