/**
 * Store-level benchmarks of `@casefold/sqlite`, each beside a raw better-sqlite3 baseline
 * (bench/rawBaseline.ts) measured in the same run, on temp files. See docs/sqlite.md.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { forEachEvent, verifyAll } from '@casefold/engine';
import { rateSideBySide } from '../harness/benchHarness.js';
import type { BenchmarkSuite, Measurement } from '../harness/benchHarness.js';
import { getSqliteEventStore } from '@casefold/sqlite';
import type { SqliteEventStore, SynchronousMode } from '@casefold/sqlite';
import { caseEvent, caseEvents } from '../workload/caseEvents.js';
import { commandPathBenchmarks } from './commandPath.js';
import { replayPersonalDataBenchmarks } from './replayPersonalData.js';
import { openRawBaseline } from './rawBaseline.js';
import type { RawBaseline } from './rawBaseline.js';

interface Pair {
  readonly store: SqliteEventStore;
  readonly raw: RawBaseline;
}

/** Opens the store and the raw baseline on their own files in `dir`, both with `synchronous`. */
const openPair = (dir: string, synchronous: SynchronousMode): Pair => ({
  store: getSqliteEventStore({ fileName: join(dir, 'store.db'), synchronous }),
  raw: openRawBaseline(join(dir, 'raw.db'), synchronous),
});

const closePair = async ({ store, raw }: Pair): Promise<void> => {
  await store.close();
  raw.close();
};

/** Fills both with `cases` streams of six events each, without syncing (setup, not measured). */
const populate = async (dir: string, cases: number): Promise<void> => {
  const pair = openPair(dir, 'OFF');
  for (let c = 0; c < cases; c++) {
    const events = caseEvents(c);
    await pair.store.appendToStream(`case-${c}`, events, { expectedRevision: 'no_stream' });
    pair.raw.append(`case-${c}`, events, -1);
  }
  await closePair(pair);
};

const ratePair = (name: string, unit: string, result: { rate: number; baselineRate: number; ratio: number }): Measurement => ({
  name,
  value: result.rate,
  unit,
  baseline: result.baselineRate,
  ratio: result.ratio,
});

const percentile = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;

/** Last revision of each case stream appended to by the benchmark so far (cases untouched are at revision 5). */
interface Revisions {
  readonly store: Map<number, bigint>;
  readonly raw: Map<number, number>;
}

/** Appends measured on a populated store: bulk (new streams, 6 events each) and single events with expected revision. */
const appendFigures = async (dir: string, cases: number, revisions: Revisions, synchronous: SynchronousMode, samples: number, repeats: number): Promise<Measurement[]> => {
  const pair = openPair(dir, synchronous);
  const { store, raw } = pair;
  let round = 0;
  const bulk = await rateSideBySide(
    samples * 6,
    async () => {
      const tag = `s${synchronous}${round}-`;
      for (let i = 0; i < samples; i++) await store.appendToStream(`bulk-${tag}${i}`, caseEvents(i, tag), { expectedRevision: 'no_stream' });
      round += 1;
    },
    () => {
      const tag = `r${synchronous}${round}-`;
      for (let i = 0; i < samples; i++) raw.append(`bulk-${tag}${i}`, caseEvents(i, tag), -1);
    },
    repeats,
  );
  // Single events onto existing streams, interleaved (a stride through the cases), with the exact expected revision.
  const { store: storeRevisions, raw: rawRevisions } = revisions;
  let cursor = 0;
  let rawCursor = 0;
  const stride = 7_919;
  const single = await rateSideBySide(
    samples,
    async () => {
      for (let i = 0; i < samples; i++, cursor++) {
        const c = (cursor * stride) % cases;
        const expectedRevision = storeRevisions.get(c) ?? 5n;
        const result = await store.appendToStream(`case-${c}`, [caseEvent(c, 6, `a${cursor}-`)], { expectedRevision });
        storeRevisions.set(c, result.nextExpectedRevision);
      }
    },
    () => {
      for (let i = 0; i < samples; i++, rawCursor++) {
        const c = (rawCursor * stride) % cases;
        rawRevisions.set(c, raw.append(`case-${c}`, [caseEvent(c, 6, `a${rawCursor}-`)], rawRevisions.get(c) ?? 5));
      }
    },
    repeats,
  );
  // The same, 64 appends in flight: the store groups them into shared commits; raw groups 64 per transaction by hand.
  const inFlight = 64;
  const grouped = await rateSideBySide(
    samples * 4,
    async () => {
      const end = cursor + samples * 4;
      // `inFlight` loops, each appending its next event once its previous append resolved.
      // Streams are distinct within a round (the stride is prime to the number of cases, a round is shorter).
      const loop = async (): Promise<void> => {
        while (cursor < end) {
          const i = cursor++;
          const c = (i * stride) % cases;
          const result = await store.appendToStream(`case-${c}`, [caseEvent(c, 6, `g${i}-`)], { expectedRevision: storeRevisions.get(c) ?? 5n });
          storeRevisions.set(c, result.nextExpectedRevision);
        }
      };
      await Promise.all(Array.from({ length: inFlight }, loop));
    },
    () => {
      for (let g = 0; g < samples * 4; g += inFlight, rawCursor += inFlight) {
        const picked = Array.from({ length: inFlight }, (_, k) => ((rawCursor + k) * stride) % cases);
        const group = picked.map((c, k) => ({ streamId: `case-${c}`, events: [caseEvent(c, 6, `g${rawCursor + k}-`)], expected: rawRevisions.get(c) ?? 5 }));
        raw.appendGroup(group).forEach((revision, k) => {
          if (revision === null) throw new Error('raw grouped append: unexpected conflict');
          rawRevisions.set(picked[k]!, revision);
        });
      }
    },
    repeats,
  );
  await closePair(pair);
  return [
    ratePair(`bulk ingest, 6 events/append, ${synchronous}`, 'events/s', bulk),
    ratePair(`append 1 event, expected revision, interleaved, ${synchronous}`, 'appends/s', single),
    ratePair(`  same, ${inFlight} in flight (group commit) vs raw ${inFlight}/transaction`, 'appends/s', grouped),
  ];
};

/** Whole-store replay (plain and with hash-chain verification) and single-case load latency. */
const readFigures = async (dir: string, cases: number, repeats: number, verifyRepeats: number): Promise<Measurement[]> => {
  const pair = openPair(dir, 'FULL');
  const { store, raw } = pair;
  const total = cases * 6;
  const replay = await rateSideBySide(
    total,
    async () => {
      let n = 0;
      for await (const _event of store.readAll()) n += 1;
      if (n < total) throw new Error(`replay read ${n} of ${total} events`);
    },
    () => raw.replay({ parse: true, hash: false }),
    repeats,
  );
  const pagedReplay = await rateSideBySide(
    total,
    async () => {
      let n = 0;
      await forEachEvent(store.readAll(), () => (n += 1) > 0);
      if (n < total) throw new Error(`replay read ${n} of ${total} events`);
    },
    () => raw.replay({ parse: true, hash: false }),
    repeats,
  );
  const verified = await rateSideBySide(
    total,
    async () => {
      const result = await verifyAll(store);
      if (E.isLeft(result)) throw new Error(result.left.message);
    },
    () => raw.replay({ parse: false, hash: true }),
    verifyRepeats,
  );

  const samples = 20_000;
  const ours: number[] = [];
  const paged: number[] = [];
  const base: number[] = [];
  const timed = async (into: number[], load: () => number | Promise<number>): Promise<number> => {
    const start = performance.now();
    const n = await load();
    into.push((performance.now() - start) * 1_000);
    return n;
  };
  const loads: ReadonlyArray<(streamId: string) => Promise<number>> = [
    (streamId) =>
      timed(ours, async () => {
        let n = 0;
        for await (const _event of store.readStream(streamId)) n += 1;
        return n;
      }),
    (streamId) =>
      timed(paged, async () => {
        let n = 0;
        await forEachEvent(store.readStream(streamId), () => (n += 1) > 0);
        return n;
      }),
    (streamId) => timed(base, () => raw.load(streamId)),
  ];
  // Rotate which goes first, so that none always meets the caches another left.
  for (let i = 0; i < samples; i++) {
    const streamId = `case-${(i * 104_729) % cases}`;
    const counts: number[] = [];
    for (let k = 0; k < loads.length; k++) counts.push(await loads[(i + k) % loads.length]!(streamId));
    if (new Set(counts).size !== 1) throw new Error(`stream ${streamId}: the store and the baseline read different counts`);
  }
  for (const series of [ours, paged, base]) series.sort((a, b) => a - b);
  await closePair(pair);
  const latency = (name: string, series: readonly number[], p: number): Measurement => {
    const value = percentile(series, p);
    const baseline = percentile(base, p);
    return { name, value, unit: 'µs', baseline, ratio: baseline / value };
  };
  return [
    ratePair('readAll replay (decoded events, for await)', 'events/s', replay),
    ratePair('readAll replay (decoded events, forEachEvent pages)', 'events/s', pagedReplay),
    ratePair('verifyAll hash chain (stored texts) vs raw read + hash of texts', 'events/s', verified),
    latency('load one case (6 events, for await), p50', ours, 0.5),
    latency('load one case (6 events, for await), p99', ours, 0.99),
    latency('load one case (6 events, forEachEvent pages), p50', paged, 0.5),
    latency('load one case (6 events, forEachEvent pages), p99', paged, 0.99),
  ];
};

interface SuiteOptions {
  /** Appends per measurement with synchronous=NORMAL. */
  readonly appendSamples: number;
  /** Appends per measurement with synchronous=FULL (each waits for the disk). */
  readonly fullSamples: number;
  readonly repeats: number;
  /** Repeats of the (slow) verified replay. */
  readonly verifyRepeats: number;
}

const suite = (cases: number, options: SuiteOptions): BenchmarkSuite => ({
  id: `sqlite-store-${cases / 1000}k`,
  name: `sqlite store — ${cases.toLocaleString('en')} cases × 6 events (temp file, WAL)`,
  run: async () => {
    const dir = mkdtempSync(join(tmpdir(), 'casefold-bench-'));
    try {
      await populate(dir, cases);
      const revisions: Revisions = { store: new Map(), raw: new Map() };
      return [
        ...(await readFigures(dir, cases, options.repeats, options.verifyRepeats)),
        ...(await appendFigures(dir, cases, revisions, 'FULL', options.fullSamples, options.repeats)),
        ...(await appendFigures(dir, cases, revisions, 'NORMAL', options.appendSamples, options.repeats)),
      ];
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
});

/** The SQLite store's benchmark suites, for `pnpm bench`. */
export const benchmarks: BenchmarkSuite[] = [
  suite(10_000, { appendSamples: 5_000, fullSamples: 500, repeats: 5, verifyRepeats: 3 }),
  suite(100_000, { appendSamples: 5_000, fullSamples: 500, repeats: 3, verifyRepeats: 1 }),
  ...commandPathBenchmarks,
  ...replayPersonalDataBenchmarks,
];
