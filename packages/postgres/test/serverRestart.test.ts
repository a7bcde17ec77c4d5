import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startEmbeddedPostgres } from '@casefold/postgres/testing';
import { sql } from './support/testStore.js';
import { startWorker, type Worker } from './support/workers.js';

const ROUNDS = 10;
const SCHEMA = 'restart_under_load';

/** Resolves once `enough()` holds; rejects at once if the worker has exited (it died). */
const waitFor = async (worker: Worker, what: string, enough: () => boolean): Promise<void> => {
  const deadline = performance.now() + 30_000;
  while (!enough()) {
    if (worker.child.exitCode !== null || worker.child.signalCode !== null) {
      const { code, signal, stderr } = await worker.exited;
      throw new Error(`the writing process died (${code ?? signal}) while waiting for ${what}: ${stderr.slice(-3000)}`);
    }
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

/**
 * A fast shutdown sends every session a FATAL (57P01). One that a connection receives while
 * no query runs on it (just after its login, between two statements) used to be an
 * "Unhandled 'error' event" that killed the process.
 */
describe('a server stopped (fast shutdown) and restarted under a writing process', () => {
  it(`survives ${ROUNDS} rounds: the process never dies, and every acknowledged append is stored`, async () => {
    const server = await startEmbeddedPostgres({ settings: { fsync: 'off' } });
    const dir = mkdtempSync(join(tmpdir(), 'casefold-restart-'));
    const stopFile = join(dir, 'stop');
    const worker = startWorker('restartWorker', [server.url, SCHEMA, '12', '2', stopFile]);
    const acknowledged = (): string[] => worker.lines.filter((l) => l.startsWith('ack ')).map((l) => l.slice(4));
    try {
      for (let round = 0; round < ROUNDS; round++) {
        const before = acknowledged().length;
        await waitFor(worker, `appends before stop ${round + 1}`, () => acknowledged().length >= before + 100);
        await server.stop();
        await new Promise((resolve) => setTimeout(resolve, 200));
        await server.start();
      }
      const before = acknowledged().length;
      await waitFor(worker, 'appends after the last restart', () => acknowledged().length >= before + 100);
      writeFileSync(stopFile, '');
      const { code, signal, stderr, lines } = await worker.exited;
      expect(stderr).not.toMatch(/Unhandled|uncaught/i);
      expect({ code, signal }).toEqual({ code: 0, signal: null });
      const result = JSON.parse(lines.at(-1)!) as { unavailable: number; unexpected: string[] };
      expect(result.unexpected).toEqual([]);
      // The writer did meet the server down (the rounds tested something).
      expect(result.unavailable).toBeGreaterThan(0);
      const stored = new Set((await sql<{ event_id: string }>(`SELECT event_id FROM ${SCHEMA}.events`, [], server.url)).map((r) => r.event_id));
      const lost = acknowledged().filter((id) => !stored.has(id));
      expect(lost).toEqual([]);
      expect(stored.size).toBeGreaterThanOrEqual(acknowledged().length);
    } finally {
      if (worker.child.exitCode === null && worker.child.signalCode === null) worker.kill();
      await server.destroy();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
