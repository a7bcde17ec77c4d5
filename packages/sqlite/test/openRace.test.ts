import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startWorker } from './support/workers.js';

describe('processes opening a new file at the same moment', () => {
  const dir = mkdtempSync(join(tmpdir(), 'casefold-open-race-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('every one opens it: the schema is read in one snapshot, never half-way through another process creating it', async () => {
    const files = Array.from({ length: 150 }, (_, i) => join(dir, `race-${i}.db`));
    const workers = [0, 1, 2, 3].map((worker) => startWorker('openRace', { files, worker }));
    await Promise.all(workers.map((w) => w.waitForLine((line) => (line as { ready?: number }).ready !== undefined)));
    for (const w of workers) w.go();
    const outcomes = await Promise.all(workers.map((w) => w.exited));
    for (const [i, outcome] of outcomes.entries()) expect(outcome, workers[i]!.stderr()).toEqual({ code: 0, signal: null });
    const errors = workers.flatMap((w) => (w.lines[1] as { errors: string[] }).errors);
    expect(errors).toEqual([]);
  }, 120_000);
});
