/**
 * The command path on PostgreSQL, as issue 5 words it: the real case command handler (load
 * the stream, fold, decide, append one event with its expected revision; cases interleaved
 * step by step) on ONE pooled connection with 1 and with 64 commands in flight, and on 8
 * connections, each beside raw `pg` doing the same I/O in the same round: load the stream
 * and append with one transaction per append, and (for 64 in flight) 64 loads and appends
 * per transaction by hand. Default durability (fsync and synchronous commit on).
 */
import pg from 'pg';
import { caseCommandHandler, caseStreamId, streamStateCache } from '@casefold/engine';
import { sampleDirectory } from '@casefold/core/testing';
import { type BenchmarkSuite, type Measurement, median } from '../harness/benchHarness.js';
import { CASE_STEPS, interleavedCases, lifecycleEvents, runCommands } from '../workload/caseCommands.js';
import { benchClock, benchWorkflow } from '../workload/lifecycleCommands.js';
import { openPostgresStore } from '@casefold/postgres';
import type { PostgresStoreOptions, PostgresStore } from '@casefold/postgres';
import { startEmbeddedPostgres } from '@casefold/postgres/testing';
import { openRawBaseline, type RawBaseline } from './rawBaseline.js';

const directory = sampleDirectory();

/** Runs `work(worker, index)` on `workers` concurrent loops until `total` items are done. */
const concurrently = async (workers: number, total: number, work: (worker: number, index: number) => Promise<unknown>): Promise<void> => {
  let next = 0;
  await Promise.all(
    Array.from({ length: workers }, async (_, worker) => {
      for (let i = next++; i < total; i = next++) await work(worker, i);
    }),
  );
};

/** Items per second of `work`, which handles `count` items. */
const timed = async (count: number, work: () => Promise<unknown>): Promise<number> => {
  const start = performance.now();
  await work();
  return count / ((performance.now() - start) / 1000);
};

interface Bench {
  readonly raw: RawBaseline;
  readonly clients: readonly pg.Client[];
  /** Hands out case numbers never used before. */
  readonly freshCases: (count: number) => number;
}

/**
 * `cases` fresh cases through the handler on `store`, `inFlight` commands at a time; with
 * `cached`, the handler keeps a stream state cache (so it decides on cached states and skips
 * the load query, see `streamStateCache`).
 */
const storeRate = (bench: Bench, store: PostgresStore, cases: number, inFlight: number, cached = false): Promise<number> => {
  const { commands } = interleavedCases(bench.freshCases(cases), cases);
  const execute = caseCommandHandler({ store: store.events, directory, workflow: benchWorkflow, clock: benchClock, ...(cached ? { cache: streamStateCache({ maxStreams: cases }) } : {}) });
  return timed(commands.length, () => runCommands(execute, commands, inFlight));
};

/** The raw side: the same loads and appends on `connections` clients, one transaction per append. */
const rawRate = (bench: Bench, cases: number, connections: number): Promise<number> => {
  const first = bench.freshCases(cases);
  const { events } = interleavedCases(first, cases);
  return timed(cases * CASE_STEPS, () =>
    concurrently(connections, cases * CASE_STEPS, async (worker, n) => {
      const s = Math.floor(n / cases);
      const i = n % cases;
      const client = bench.clients[worker]!;
      const streamId = `case-bench-${first + i}`;
      await bench.raw.load(client, streamId);
      await bench.raw.append(client, streamId, [events[i]![s]!], s - 1);
    }),
  );
};

/** The raw side grouped by hand on one connection: `group` loads and appends per transaction. */
const rawGroupedRate = (bench: Bench, cases: number, group: number): Promise<number> => {
  const first = bench.freshCases(cases);
  const { events } = interleavedCases(first, cases);
  const client = bench.clients[0]!;
  return timed(cases * CASE_STEPS, async () => {
    for (let s = 0; s < CASE_STEPS; s++) {
      for (let g = 0; g < cases; g += group) {
        await client.query('BEGIN');
        for (let i = g; i < Math.min(cases, g + group); i++) {
          const streamId = `case-bench-${first + i}`;
          await bench.raw.load(client, streamId);
          await bench.raw.append(client, streamId, [events[i]![s]!], s - 1);
        }
        await client.query('COMMIT');
      }
    }
  });
};

const suite = (cases: number, sample: number, repeats: number): BenchmarkSuite => ({
  id: `postgres-commands-${cases / 1000}k`,
  name: `postgres command path — ${cases.toLocaleString('en')} cases × 7 events (embedded PostgreSQL 18, fsync on)`,
  run: async () => {
    const server = await startEmbeddedPostgres();
    const clients: pg.Client[] = [];
    const stores: PostgresStore[] = [];
    const open = async (options: Partial<PostgresStoreOptions>): Promise<PostgresStore> => {
      const store = await openPostgresStore({ connectionString: server.url, schema: 'bench', ...options });
      stores.push(store);
      return store;
    };
    try {
      for (let i = 0; i < 8; i++) {
        const client = new pg.Client({ connectionString: server.url });
        await client.connect();
        clients.push(client);
      }
      let next = 0;
      const bench: Bench = {
        raw: await openRawBaseline(clients[0]!),
        clients,
        freshCases: (count) => {
          const first = next;
          next += count;
          return first;
        },
      };
      // Setup (not measured): `cases` full case histories in the store and in the raw tables.
      const eight = await open({ pool: { max: 8 } });
      const populated = bench.freshCases(cases);
      await concurrently(8, cases, async (worker, i) => {
        const events = lifecycleEvents(populated + i);
        await eight.events.appendToStream(caseStreamId(`bench-${populated + i}`), events, { expectedRevision: 'no_stream' });
        await bench.raw.append(clients[worker]!, `case-bench-${populated + i}`, events, -1);
      });
      await clients[0]!.query('VACUUM ANALYZE');
      const one = await open({ pool: { max: 1 } });
      const oneUngrouped = await open({ pool: { max: 1 }, groupCommit: false });

      const rates = {
        one: [] as number[],
        raw: [] as number[],
        many: [] as number[],
        rawGrouped: [] as number[],
        ungrouped: [] as number[],
        manyCached: [] as number[],
        eight: [] as number[],
        rawEight: [] as number[],
        eightCached: [] as number[],
      };
      // Each figure and its baseline run back to back, the order swapped every other round.
      const both = async (round: number, ours: () => Promise<number>, theirs: () => Promise<number>): Promise<[number, number]> => {
        if (round % 2 === 1) {
          const baseline = await theirs();
          return [await ours(), baseline];
        }
        const value = await ours();
        return [value, await theirs()];
      };
      for (let round = 0; round < repeats; round++) {
        const [single, raw] = await both(
          round,
          () => storeRate(bench, one, sample, 1),
          () => rawRate(bench, sample, 1),
        );
        const [many, rawGrouped] = await both(
          round,
          () => storeRate(bench, one, sample * 4, 64),
          () => rawGroupedRate(bench, sample * 4, 64),
        );
        const [eightRate, rawEight] = await both(
          round,
          () => storeRate(bench, eight, sample * 2, 8),
          () => rawRate(bench, sample * 2, 8),
        );
        rates.one.push(single);
        rates.raw.push(raw);
        rates.many.push(many);
        rates.rawGrouped.push(rawGrouped);
        rates.ungrouped.push(await storeRate(bench, oneUngrouped, sample, 64));
        rates.manyCached.push(await storeRate(bench, one, sample * 4, 64, true));
        rates.eightCached.push(await storeRate(bench, eight, sample * 2, 8, true));
        rates.eight.push(eightRate);
        rates.rawEight.push(rawEight);
      }
      const m = Object.fromEntries(Object.entries(rates).map(([k, v]) => [k, median(v)])) as Record<keyof typeof rates, number>;
      const pair = (name: string, value: number, baseline: number): Measurement => ({ name, value, unit: 'commands/s', baseline, ratio: value / baseline });
      return [
        pair('command path, 1 connection, 1 in flight (raw: 1 tx per append)', m.one, m.raw),
        pair('command path, 1 connection, 64 in flight (raw: 1 tx per append)', m.many, m.raw),
        pair('  the same (raw: 64 appends per transaction by hand)', m.many, m.rawGrouped),
        pair('  the same, groupCommit: false (raw: 1 tx per append)', m.ungrouped, m.raw),
        pair('  the same, with a stream state cache (no load query; raw: 1 tx per append)', m.manyCached, m.raw),
        pair('command path, 8 connections, 8 in flight (raw: 8 clients)', m.eight, m.rawEight),
        pair('  the same, with a stream state cache (raw: 8 clients)', m.eightCached, m.rawEight),
        { name: '8 connections ÷ 1 connection, 1 in flight (baseline: raw)', value: m.eight / m.one, unit: '×', baseline: m.rawEight / m.raw },
      ];
    } finally {
      await Promise.all(clients.map((c) => c.end()));
      await Promise.all(stores.map((s) => s.close()));
      await server.destroy();
    }
  },
});

/** The PostgreSQL command-path suite (N = 10,000 cases; 120 fresh cases × 7 commands per figure and round, ×4 with 64 in flight, ×2 on 8 connections; 5 rounds). */
export const commandPathBenchmarks: BenchmarkSuite[] = [suite(10_000, 120, 5)];
