/**
 * Benchmarks of the store-wide audit (docs/audit.md): append with the store-wide commitment
 * (periodic signed checkpoints) beside append without it on SQLite and PostgreSQL, and a
 * checkpoint of a 1,000,000-event SQLite store with its peak RSS (suite `audit — 1M`, not
 * run by default: `pnpm bench 'audit — 1M'`), and one case's evidence bundle built and
 * verified (library and standalone verifier) with RSS.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openPostgresStore } from '@casefold/postgres';
import { startEmbeddedPostgres } from '@casefold/postgres/testing';
import { getSqliteEventStore } from '@casefold/sqlite';
import type { BenchmarkSuite, Measurement } from '../harness/benchHarness.js';
import { PEAK_RSS_ON_EXIT } from '../harness/peakRss.js';
import { caseEvent } from '../workload/caseEvents.js';
import { appendWithCheckpointsFigures } from './appendWithCheckpoints.js';

/**
 * Measured runs of each store pair (the median is taken): a run appends only a few thousand
 * events (0.25–1 s), and on a shared two-core machine one run in five can be 30 % off either
 * way, so five runs did not settle a ratio near 0.85 in either direction.
 */
const APPEND_REPEATS = 11;

const sqlitePair: BenchmarkSuite = {
  id: 'audit-append-sqlite',
  name: 'audit — append with the store-wide commitment, SQLite (temp files, WAL, synchronous FULL)',
  run: async () => {
    const dir = mkdtempSync(join(tmpdir(), 'casefold-bench-audit-'));
    const withCommitment = getSqliteEventStore({ fileName: join(dir, 'with.db') });
    const without = getSqliteEventStore({ fileName: join(dir, 'without.db') });
    return appendWithCheckpointsFigures(
      {
        name: 'sqlite',
        withCommitment,
        without,
        close: async () => {
          await Promise.all([withCommitment.close(), without.close()]);
          rmSync(dir, { recursive: true, force: true });
        },
      },
      { prefill: 5_000, cases: 2_000, every: 10_000, writers: 8, repeats: APPEND_REPEATS },
    );
  },
};

const postgresPair: BenchmarkSuite = {
  id: 'audit-append-postgres',
  name: 'audit — append with the store-wide commitment, PostgreSQL (embedded PostgreSQL 18, fsync on)',
  run: async () => {
    const server = await startEmbeddedPostgres();
    const withCommitment = await openPostgresStore({ connectionString: server.url, schema: 'with_commitment', pool: { max: 8 } });
    const without = await openPostgresStore({ connectionString: server.url, schema: 'without_commitment', pool: { max: 8 } });
    return appendWithCheckpointsFigures(
      {
        name: 'postgres',
        withCommitment: withCommitment.events,
        without: without.events,
        close: async () => {
          await Promise.all([withCommitment.close(), without.close()]);
          await server.destroy();
        },
      },
      { prefill: 5_000, cases: 1_000, every: 10_000, writers: 8, repeats: APPEND_REPEATS },
    );
  },
};

const MILLION = 1_000_000;
const EVENTS_PER_CASE = 10;

/** Builds a SQLite store of `events` events (cases of 10) quickly: synchronous OFF, 1,000 appends per turn, so group commit writes them in one transaction. */
const buildStore = async (fileName: string, events: number): Promise<number> => {
  const store = getSqliteEventStore({ fileName, synchronous: 'OFF' });
  const started = performance.now();
  const cases = events / EVENTS_PER_CASE;
  for (let c = 0; c < cases; c += 1_000) {
    await Promise.all(
      Array.from({ length: Math.min(1_000, cases - c) }, (_, i) =>
        store.appendToStream(
          `case-${c + i}`,
          Array.from({ length: EVENTS_PER_CASE }, (_, k) => caseEvent(c + i, k)),
          { expectedRevision: 'no_stream' },
        ),
      ),
    );
  }
  await store.close();
  return performance.now() - started;
};

const millionEvents: BenchmarkSuite = {
  id: 'audit-checkpoint-1m',
  name: 'audit — 1M: checkpoint of a 1,000,000-event SQLite store (100,000 streams), in a fresh process',
  run: async (): Promise<Measurement[]> => {
    const dir = mkdtempSync(join(tmpdir(), 'casefold-bench-1m-'));
    try {
      const fileName = join(dir, 'million.db');
      const buildMs = await buildStore(fileName, MILLION);
      const child = fileURLToPath(new URL('./checkpointLargeStore.ts', import.meta.url));
      const figures = JSON.parse(
        execFileSync(process.execPath, [...process.execArgv, child, fileName, 'verify'], { encoding: 'utf8', maxBuffer: 1 << 20 })
          .trim()
          .split('\n')
          .pop()!,
      ) as {
        takeMs: number;
        verifyMs: number;
        events: number;
        streams: number;
        rssBeforeMb: number;
        peakRssMb: number;
      };
      if (figures.events !== MILLION) throw new Error(`the store holds ${figures.events} events, not ${MILLION}`);
      return [
        { name: 'build the store (bulk appends, synchronous OFF; setup)', value: buildMs / 1000, unit: 's' },
        { name: 'takeCheckpoint (read every head, Merkle tree, sign)', value: figures.takeMs / 1000, unit: 's' },
        { name: 'verifyCheckpoint (heads pass + every chain)', value: figures.verifyMs / 1000, unit: 's' },
        { name: 'RSS of the process before the checkpoint', value: figures.rssBeforeMb, unit: 'MB' },
        { name: 'peak RSS of the process (checkpoint, then verification)', value: figures.peakRssMb, unit: 'MB' },
      ];
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

const EVIDENCE_CASES = 20_000;

const evidenceOfOneCase: BenchmarkSuite = {
  id: 'audit-evidence',
  name: `audit — evidence bundle of one case: build, verify with the library and with the standalone verifier (SQLite store of ${EVIDENCE_CASES.toLocaleString('en')} cases of 10 events)`,
  run: async (): Promise<Measurement[]> => {
    const dir = mkdtempSync(join(tmpdir(), 'casefold-bench-evidence-'));
    try {
      const fileName = join(dir, 'cases.db');
      const bundleFile = join(dir, 'case.evidence.json');
      await buildStore(fileName, EVIDENCE_CASES * EVENTS_PER_CASE);
      const child = fileURLToPath(new URL('./evidenceOfOneCase.ts', import.meta.url));
      const built = JSON.parse(
        execFileSync(process.execPath, [...process.execArgv, child, fileName, `case-${EVIDENCE_CASES / 2}`, bundleFile], { encoding: 'utf8', maxBuffer: 1 << 20 })
          .trim()
          .split('\n')
          .pop()!,
      ) as { buildMs: number; verifyMs: number; verified: boolean; bundleBytes: number; events: number; streams: number; rssBeforeMb: number; rssAfterBuildMb: number; peakRssMb: number };
      if (!built.verified) throw new Error('the library did not verify the bundle it built');
      const verifier = fileURLToPath(new URL('../../../cli/standalone/verify-evidence.mjs', import.meta.url));
      const started = performance.now();
      const standalone = spawnSync(process.execPath, ['--import', PEAK_RSS_ON_EXIT, verifier, bundleFile, '--key', `${bundleFile}.pub`], { encoding: 'utf8' });
      const standaloneMs = performance.now() - started;
      if (standalone.status !== 0) throw new Error(`the standalone verifier did not verify the bundle (exit ${standalone.status}): ${standalone.stdout}${standalone.stderr}`);
      const { peakRssMb } = JSON.parse(standalone.stderr.trim().split('\n').pop()!) as { peakRssMb: number };
      const idleStarted = performance.now();
      const idle = spawnSync(process.execPath, ['--import', PEAK_RSS_ON_EXIT, '-e', ''], { encoding: 'utf8' });
      const idleMs = performance.now() - idleStarted;
      const idleRss = JSON.parse(idle.stderr.trim()) as { peakRssMb: number };
      return [
        { name: `build the bundle of one case (${built.events} events, ${built.streams.toLocaleString('en')} leaves; buildEvidenceBundle, written)`, value: built.buildMs, unit: 'ms' },
        { name: 'size of the bundle', value: built.bundleBytes / 1024, unit: 'KiB' },
        { name: 'RSS before the build (store open, checkpoint and leaves in memory)', value: built.rssBeforeMb, unit: 'MB' },
        { name: 'RSS after the build', value: built.rssAfterBuildMb, unit: 'MB' },
        { name: 'peak RSS of that process (checkpoint taken first, build, library verification)', value: built.peakRssMb, unit: 'MB' },
        { name: 'verify it with the library (signature, audit path, chain; in process)', value: built.verifyMs, unit: 'ms' },
        { name: 'verify it with verify-evidence.mjs (a fresh node process, start-up included)', value: standaloneMs, unit: 'ms' },
        { name: 'peak RSS of verify-evidence.mjs', value: peakRssMb, unit: 'MB' },
        { name: 'for reference: a node process doing nothing (start-up)', value: idleMs, unit: 'ms' },
        { name: 'for reference: its peak RSS', value: idleRss.peakRssMb, unit: 'MB' },
      ];
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

/** The audit's benchmark suites for `pnpm bench`; the 1M-event one runs only when named (`pnpm bench 'audit — 1M'`). */
export const benchmarks: BenchmarkSuite[] = [sqlitePair, postgresPair, evidenceOfOneCase];

/** Suites that run only when a filter names them (too slow for every `pnpm bench`). */
export const onDemandBenchmarks: BenchmarkSuite[] = [millionEvents];
