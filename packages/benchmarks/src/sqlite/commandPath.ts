/**
 * Case-level benchmarks on a SQLite file: the command path (load, fold, decide, append one
 * event with its expected revision, cases interleaved) and replays of the whole store into
 * case states, each beside raw better-sqlite3 doing the same I/O in the same run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { type CaseState, evolve, initialState } from '@casefold/core';
import { type RecordedEvent, caseCommandHandler, caseEventCodec, forEachEvent, replayVerified, streamStateCache } from '@casefold/engine';
import { sampleDirectory } from '@casefold/core/testing';
import { type BenchmarkSuite, type Measurement, median } from '../harness/benchHarness.js';
import { interleavedCases, lifecycleEvents, runCommands } from '../workload/caseCommands.js';
import { benchClock, benchWorkflow } from '../workload/lifecycleCommands.js';
import { getSqliteEventStore } from '@casefold/sqlite';
import { openRawBaseline } from './rawBaseline.js';

const directory = sampleDirectory();
const codec = caseEventCodec();

/** Fills the store and the raw baseline with `cases` full case histories (setup: not measured, not synced). */
const populate = async (dir: string, cases: number): Promise<void> => {
  const store = getSqliteEventStore({ fileName: join(dir, 'store.db'), synchronous: 'OFF' });
  const raw = openRawBaseline(join(dir, 'raw.db'), 'OFF');
  for (let i = 0; i < cases; i++) {
    const events = lifecycleEvents(i);
    await store.appendToStream(`case-bench-${i}`, events, { expectedRevision: 'no_stream' });
    raw.append(`case-bench-${i}`, events, -1);
  }
  await store.close();
  raw.close();
};

/** Case numbers of the cached-handler runs start here, far from every other run's cases. */
const CACHED_CASES_OFFSET = 10_000_000;

/**
 * The command path on `sample` fresh cases × 7 commands, cases interleaved (step by step),
 * `inFlight` commands at a time. Beside it, raw better-sqlite3 loading each stream and
 * appending with one transaction per append; with `inFlight` > 1 also raw grouping
 * `inFlight` appends per transaction by hand (the fair comparison for group commit).
 */
const commandPath = async (dir: string, offset: number, sample: number, repeats: number, inFlight: number): Promise<Measurement[]> => {
  const rates: number[] = [];
  const baseRates: number[] = [];
  const groupedRates: number[] = [];
  const cachedRates: number[] = [];
  const rate = (count: number, start: number): number => count / ((performance.now() - start) / 1000);
  for (let round = 0; round < repeats; round++) {
    const first = offset + round * sample;
    const { commands, events: rawEvents } = interleavedCases(first, sample);

    const raw = openRawBaseline(join(dir, 'raw.db'), 'FULL');
    let start = performance.now();
    for (let s = 0; s < 7; s++) {
      rawEvents.forEach((events, i) => {
        const streamId = `case-bench-${first + i}`;
        raw.load(streamId);
        raw.append(streamId, [events[s]!], s - 1);
      });
    }
    baseRates.push(rate(commands.length, start));
    if (inFlight > 1) {
      // The same commands again, on other streams of the raw file: `inFlight` appends per transaction.
      start = performance.now();
      for (let s = 0; s < 7; s++) {
        for (let g = 0; g < sample; g += inFlight) {
          const group = rawEvents.slice(g, g + inFlight).map((events, k) => {
            const streamId = `case-bench-grouped-${first + g + k}`;
            raw.load(streamId);
            return { streamId, events: [events[s]!], expected: s - 1 };
          });
          if (raw.appendGroup(group).includes(null)) throw new Error('raw grouped append: unexpected conflict');
        }
      }
      groupedRates.push(rate(commands.length, start));
    }
    raw.close();

    const store = getSqliteEventStore({ fileName: join(dir, 'store.db'), synchronous: 'FULL' });
    const execute = caseCommandHandler({ store, directory, workflow: benchWorkflow, clock: benchClock });
    start = performance.now();
    await runCommands(execute, commands, inFlight);
    rates.push(rate(commands.length, start));
    if (inFlight > 1) {
      // Other fresh cases, through a handler with a stream state cache: it decides on cached states without the load query.
      const cached = interleavedCases(first + CACHED_CASES_OFFSET, sample).commands;
      const executeCached = caseCommandHandler({ store, directory, workflow: benchWorkflow, clock: benchClock, cache: streamStateCache({ maxStreams: sample }) });
      start = performance.now();
      await runCommands(executeCached, cached, inFlight);
      cachedRates.push(rate(cached.length, start));
    }
    await store.close();
  }
  const value = median(rates);
  const name = `command path, FULL, ${sample} cases × 7 interleaved, ${inFlight} in flight`;
  const figures: Measurement[] = [{ name, value, unit: 'commands/s', baseline: median(baseRates), ratio: value / median(baseRates) }];
  if (inFlight > 1) {
    const grouped = median(groupedRates);
    figures.push({ name: `  same, vs raw grouping ${inFlight} appends per transaction`, value, unit: 'commands/s', baseline: grouped, ratio: value / grouped });
    const cached = median(cachedRates);
    figures.push({
      name: '  same, with a stream state cache (no load query), vs raw 1 tx per append',
      value: cached,
      unit: 'commands/s',
      baseline: median(baseRates),
      ratio: cached / median(baseRates),
    });
  }
  return figures;
};

const replay = async (dir: string, verify: boolean, repeats: number): Promise<{ figure: Measurement; peakMb: number; events: number }> => {
  const rates: number[] = [];
  const baseRates: number[] = [];
  let peak = 0;
  let count = 0;
  for (let round = 0; round < repeats; round++) {
    const raw = openRawBaseline(join(dir, 'raw.db'), 'NORMAL');
    let start = performance.now();
    const rawCount = raw.replay({ parse: true, hash: verify });
    baseRates.push(rawCount / ((performance.now() - start) / 1000));
    raw.close();

    const store = getSqliteEventStore({ fileName: join(dir, 'store.db'), synchronous: 'NORMAL' });
    const states = new Map<string, CaseState>();
    const baseRss = process.memoryUsage().rss;
    count = 0;
    start = performance.now();
    const fold = (recorded: RecordedEvent): boolean => {
      const decoded = codec.decode(recorded);
      if (E.isLeft(decoded)) throw decoded.left;
      states.set(recorded.streamId, evolve(states.get(recorded.streamId) ?? initialState, decoded.right));
      if (++count % 50_000 === 0) peak = Math.max(peak, process.memoryUsage().rss - baseRss);
      return true;
    };
    // Page by page, as the engine folds a read (forEachEvent): no promise per event. Verifying,
    // replayVerified checks every hash and link (stored texts hashed as they are) and parses
    // each event for the fold.
    if (verify) {
      const verified = await replayVerified(store, fold);
      if (E.isLeft(verified)) throw new Error(verified.left.message);
    } else await forEachEvent(store.readAll(), fold);
    rates.push(count / ((performance.now() - start) / 1000));
    peak = Math.max(peak, process.memoryUsage().rss - baseRss);
    await store.close();
  }
  const rate = median(rates);
  const base = median(baseRates);
  return {
    figure: { name: `replay into case states${verify ? ' with hash verification' : ''} (vs raw read${verify ? ' + hash' : ''})`, value: rate, unit: 'events/s', baseline: base, ratio: rate / base },
    peakMb: peak / 2 ** 20,
    events: count,
  };
};

const suite = (cases: number, sample: number, repeats: number): BenchmarkSuite => ({
  id: `sqlite-commands-${cases / 1000}k`,
  name: `sqlite case engine — ${cases.toLocaleString('en')} cases × 7 events (temp file, WAL)`,
  run: async () => {
    const dir = mkdtempSync(join(tmpdir(), 'casefold-bench-cases-'));
    try {
      await populate(dir, cases);
      const sequential = await commandPath(dir, cases, sample, repeats, 1);
      const concurrent = await commandPath(dir, cases + repeats * sample, sample * 4, repeats, 64);
      const plain = await replay(dir, false, repeats);
      const verified = await replay(dir, true, 1);
      return [
        ...sequential,
        ...concurrent,
        plain.figure,
        verified.figure,
        { name: `replay of ${plain.events.toLocaleString('en')} events into case states: RSS growth`, value: Math.max(plain.peakMb, verified.peakMb), unit: 'MB' },
      ];
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
});

/** Case-level SQLite suites: N = 10,000 cases, and N ≈ 143,000 cases (1M events) for growth and peak memory. */
export const commandPathBenchmarks: BenchmarkSuite[] = [suite(10_000, 300, 3), suite(143_000, 300, 1)];
