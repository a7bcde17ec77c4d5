/**
 * One event applied to every built-in row projection (issue 17, item 1): the case board,
 * timelines, escalation paths, statistics and deadlines as rows — what `casefold serve`'s five
 * row runners do for an event — at 5,000 and at 500,000 cases, on SQLite and PostgreSQL. For each event and each
 * projection, as its runner does for a batch of one: load the rows the event touches, apply it,
 * commit the changed rows with the checkpoint; the time per event is the five together. The sizes
 * alternate round by round, so a slow minute of a noisy machine falls on both alike. At 500,000
 * cases also for events on the newest 5,000 cases only (where a city's events fall).
 *
 * The SQLite stores are the dashboard benchmark's (dashboardStore.ts: the events, the directory and
 * the five row tables with their checkpoints). `DASHBOARD_STORE_DIR=DIR` takes them from DIR when
 * found there (copied: the events applied here change them); else they are written (most of the
 * run at 500,000 cases). PostgreSQL (an embedded server started for the run) gets the same five
 * row tables folded from the same history, without the events, which the figures do not read.
 * SQLite is timed first, before the server starts (PostgreSQL's writing and checkpoints would
 * compete with SQLite's commits), then PostgreSQL. `ROW_PROJECTIONS_TRIAL=1` runs it at 2,000
 * and 20,000 cases.
 */
import { closeSync, copyFileSync, existsSync, fsyncSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { AnyCaseEvent, Envelope, Row, RowProjection } from '@casefold/core';
import { dashboardRowProjections } from '@casefold/cli';
import type { RowProjectionStore } from '@casefold/engine';
import { type PostgresStore, openPostgresStore } from '@casefold/postgres';
import { startEmbeddedPostgres } from '@casefold/postgres/testing';
import { type SqliteStore, openSqliteStore } from '@casefold/sqlite';
import { type BenchmarkSuite, type Measurement, median } from '../harness/benchHarness.js';
import { writeDashboardRows, writeDashboardStore } from '../dashboard/dashboardStore.js';
import { boardDirectory } from './boardWorkload.js';
import { nextEvents } from './nextEvents.js';
import { applyToRows, changesOf } from './rowChanges.js';

const SIZES = (process.env['ROW_PROJECTIONS_TRIAL'] === '1' ? [2_000, 20_000] : [5_000, 500_000]) as readonly [number, number];
const SAMPLES = 500;
const ROUNDS = 10;
/** The newest cases at the larger size: as many as the smaller size holds. */
const NEWEST = SIZES[0];

const directory = boardDirectory();
const projections = Object.values(dashboardRowProjections(directory)) as unknown as readonly RowProjection<Row, AnyCaseEvent>[];

/** Applies one event to one projection's rows as its runner does for a batch of one: load, apply, commit with the checkpoint. */
const applyOne = async (rowStore: RowProjectionStore, projection: RowProjection<Row, AnyCaseEvent>, envelope: Envelope<AnyCaseEvent>, expected: bigint): Promise<void> => {
  const rows = new Map(await rowStore.get(projection, projection.keysOf(envelope)));
  const changed = new Set<string>();
  applyToRows(projection, rows, changed, envelope);
  const { put, removed } = changesOf(rows, changed);
  await rowStore.commit(projection, { version: projection.version, position: envelope.position, put, removed }, expected);
};

/** One store of one size, open, with the events to apply and the times taken. */
interface Measured {
  readonly rowStore: RowProjectionStore;
  readonly cases: number;
  readonly events: readonly Envelope<AnyCaseEvent>[];
  readonly newestEvents: readonly Envelope<AnyCaseEvent>[];
  /** The five projections' checkpoint (they move together here). */
  checkpoint: bigint;
  readonly times: number[];
  readonly newestTimes: number[];
}

/** One round: the next `SAMPLES / ROUNDS` events, each applied to the five projections, numbered on from the checkpoint. */
const round = async (measured: Measured, n: number, which: 'events' | 'newestEvents'): Promise<void> => {
  const perRound = SAMPLES / ROUNDS;
  for (const [k, event] of measured[which].slice(n * perRound, (n + 1) * perRound).entries()) {
    const envelope = { ...event, position: measured.checkpoint + BigInt(k + 1) };
    const start = performance.now();
    for (const projection of projections) await applyOne(measured.rowStore, projection, envelope, measured.checkpoint);
    (which === 'events' ? measured.times : measured.newestTimes).push(performance.now() - start);
    measured.checkpoint = envelope.position;
  }
};

const storeOf = async (dir: string, cases: number): Promise<string> => {
  const fileName = join(dir, `rows-${cases}.db`);
  const kept = process.env['DASHBOARD_STORE_DIR'];
  const found = kept === undefined ? undefined : join(kept, `dashboard-${cases}.db`);
  if (found !== undefined && existsSync(found)) {
    // The WAL too, when the kept store has one: its last commits may not be in the main file yet.
    for (const suffix of ['', '-wal']) {
      if (!existsSync(found + suffix)) continue;
      copyFileSync(found + suffix, fileName + suffix);
      // On disk before anything is timed: the copy's writeback would otherwise compete with the commits measured.
      const fd = openSync(fileName + suffix, 'r+');
      fsyncSync(fd);
      closeSync(fd);
    }
  } else await writeDashboardStore(fileName, cases, directory);
  return fileName;
};

/** The store's five row tables ready to measure: their common checkpoint and the events to apply after it. */
const measuredOf = async (rowStore: RowProjectionStore, cases: number): Promise<Measured> => {
  const checkpoints = await Promise.all(projections.map(async (projection) => (await rowStore.load(projection.name))?.position));
  const checkpoint = checkpoints[0];
  if (checkpoint === undefined || checkpoints.some((c) => c !== checkpoint)) throw new Error(`row projections benchmark: the five row tables' checkpoints differ (${checkpoints.join(', ')})`);
  const events = nextEvents(cases, SAMPLES, checkpoint);
  const newestEvents = nextEvents(cases, SAMPLES, checkpoint, Math.min(NEWEST, cases), new Set(events.map((e) => e.streamId)));
  return { rowStore, cases, events, newestEvents, checkpoint, times: [], newestTimes: [] };
};

const at = (cases: number): string => cases.toLocaleString('en');

/** One store's figures: per event at both sizes, on the whole board and on the newest cases, and the growth. */
const figuresOf = (label: string, small: Measured, large: Measured): Measurement[] => [
  { name: `${label}, one event on the five row projections, ${at(small.cases)} cases, p50`, value: median(small.times), unit: 'ms' },
  {
    name: `${label}, one event on the five row projections, ${at(large.cases)} cases, p50 (baseline ${at(small.cases)})`,
    value: median(large.times),
    unit: 'ms',
    baseline: median(small.times),
    ratio: median(small.times) / median(large.times),
  },
  { name: `${label}, five row projections: time per event at ${at(large.cases)} ÷ at ${at(small.cases)} cases`, value: median(large.times) / median(small.times), unit: '×' },
  {
    name: `${label}, one event on the five row projections, ${at(large.cases)} cases, events on the newest ${at(NEWEST)}, p50 (baseline ${at(small.cases)})`,
    value: median(large.newestTimes),
    unit: 'ms',
    baseline: median(small.times),
    ratio: median(small.times) / median(large.newestTimes),
  },
  {
    name: `${label}, five row projections: time per event at ${at(large.cases)} cases (events on the newest ${at(NEWEST)}) ÷ at ${at(small.cases)}`,
    value: median(large.newestTimes) / median(small.times),
    unit: '×',
  },
];

/** `VACUUM ANALYZE` and `CHECKPOINT` on the server: what a database some time after a bulk load is like. */
const settle = async (connectionString: string): Promise<void> => {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query('VACUUM ANALYZE');
    await client.query('CHECKPOINT');
  } finally {
    await client.end();
  }
};

/** Times both sizes in rounds that alternate them (small then large, large then small, …), so that a slow minute of a noisy machine falls on both alike. */
const timeRounds = async ([small, large]: readonly [Measured, Measured]): Promise<void> => {
  for (let n = 0; n < ROUNDS; n++) {
    for (const measured of n % 2 === 0 ? [small, large] : [large, small]) {
      await round(measured, n, 'events');
      if (measured === large) await round(measured, n, 'newestEvents');
    }
  }
};

/** SQLite, both sizes, timed before the PostgreSQL server starts: its writing and checkpoints would compete with SQLite's commits. */
const sqliteFigures = async (dir: string): Promise<Measurement[]> => {
  const opened: { store: SqliteStore; measured: Measured }[] = [];
  try {
    for (const cases of SIZES) {
      const store = await openSqliteStore({ fileName: await storeOf(dir, cases) });
      opened.push({ store, measured: await measuredOf(store.rowProjections, cases) });
    }
    const [small, large] = opened.map(({ measured }) => measured) as [Measured, Measured];
    await timeRounds([small, large]);
    return figuresOf('SQLite', small, large);
  } finally {
    for (const { store } of opened) await store.close();
  }
};

/** PostgreSQL, both sizes: an embedded server, the five row tables folded into it, settled, then timed. */
const postgresFigures = async (): Promise<Measurement[]> => {
  const server = await startEmbeddedPostgres();
  const opened: PostgresStore[] = [];
  try {
    const written: Measurement[] = [];
    const measured: Measured[] = [];
    for (const cases of SIZES) {
      const start = performance.now();
      const store = await openPostgresStore({ connectionString: server.url, schema: `rows_${cases}`, pool: { max: 4 } });
      opened.push(store);
      await writeDashboardRows(store.rowProjections, cases, directory);
      written.push({ name: `PostgreSQL, five row tables of ${at(cases)} cases written`, value: (performance.now() - start) / 1000, unit: 's' });
      measured.push(await measuredOf(store.rowProjections, cases));
    }
    // Statistics for the planner, and the writing's dirty pages flushed, before anything is timed.
    await settle(server.url);
    const [small, large] = measured as [Measured, Measured];
    await timeRounds([small, large]);
    return [...figuresOf('PostgreSQL', small, large), ...written];
  } finally {
    for (const store of opened) await store.close();
    await server.destroy();
  }
};

const rowProjectionFigures = async (): Promise<Measurement[]> => {
  const dir = mkdtempSync(join(tmpdir(), 'casefold-row-projections-'));
  try {
    return [...(await sqliteFigures(dir)), ...(await postgresFigures())];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

/** The five row projections' per-event benchmark, for `pnpm bench`. */
export const rowProjectionBenchmarks: BenchmarkSuite[] = [
  { id: 'row-projections', name: 'One event on the five built-in row projections at 5,000 and 500,000 cases (SQLite, PostgreSQL)', run: rowProjectionFigures },
];
