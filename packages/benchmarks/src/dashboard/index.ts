/**
 * The web dashboard's pages at 5,000 and 500,000 cases (issue 19): each page's server time — the
 * dashboard app answering the page's address in this process (`app.request`, no network), the
 * HTML read whole — p50 and p95 over 30 requests, on SQLite, with the pages read from the row read
 * models (what `casefold serve` reads). Side by side in the same run: the same pages at 5,000
 * cases, and from the document read models (what `serve` read before, and `casefold dashboards`
 * reads) at 5,000 cases. Also the first request of the board, the statistics (whole and a day) and the deadlines after a new event, when the source follows the rows it keeps.
 * The stores hold the read-model benchmarks' generated history (dashboardStore.ts); at 5,000 cases
 * the run checks that both sources give the same figures, listings and timelines, so the rows loaded
 * directly are those the runners fold. `DASHBOARD_TRIAL=1` runs it at 2,000 and 20,000 cases, a
 * quick check of the suite. `DASHBOARD_STORE_DIR=DIR` keeps the stores in DIR and uses those found
 * there in later runs (writing the 500,000-case store takes most of the run). The document read models at 500,000 cases are not measured: folding
 * them means one JSON document of the whole city rewritten per commit (about 0.8 GB by the 5,000-case
 * demo's 7.9 MB), which this machine does not finish in a benchmark's time (docs/benchmarks.md).
 */
import { sampleSubmit } from '@casefold/core/testing';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import * as E from 'fp-ts/lib/Either.js';
import { createOutput, dashboardSourceOf, openStore, parseStoreLocation, rowDashboardSourceOf } from '@casefold/cli';
import { type DashboardSource, dashboardApp } from '@casefold/dashboard';
import { caseCommandHandler } from '@casefold/engine';
import { type BenchmarkSuite, type Measurement, median } from '../harness/benchHarness.js';
import { benchClock, benchWorkflow } from '../workload/lifecycleCommands.js';
import { DISTRICTS, SUB_DISTRICTS, boardDirectory, subDistrictId } from '../readModels/boardWorkload.js';
import { writeDashboardStore } from './dashboardStore.js';

const SIZES = (process.env['DASHBOARD_TRIAL'] === '1' ? [2_000, 20_000] : [5_000, 500_000]) as readonly [number, number];
/** Requests timed per page. */
const REQUESTS = 30;
/** New events, each followed by the first page after it. */
const NEW_EVENTS = 3;

const directory = boardDirectory();
const quiet = { write: () => true };

const p = (values: readonly number[], q: number): number => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))]!;

/** The pages timed, by name and address (sub-districts and cases that every size holds). */
const PAGES: readonly (readonly [string, (request: number) => string])[] = [
  ['board', () => '/board'],
  ["board, a sub-district's cases", (j) => `/board?unit=${subDistrictId(j % (DISTRICTS * SUB_DISTRICTS))}`],
  ['board, pending cases, paging on (pages 1–30)', (j) => `/board?status=pending&page=${j + 1}`],
  ['deadlines', () => '/deadlines'],
  ['escalation', () => '/escalation'],
  ['statistics', () => '/statistics'],
  // Cases start 7 s apart from 2026-01-05T01:00Z: an hour holds 514 of them at either size, a day 12,343 at 500,000 (none at 5,000).
  ["statistics, an hour's cases", () => '/statistics?from=2026-01-05T02:00:00.000Z&to=2026-01-05T03:00:00.000Z'],
  ["statistics, a day's cases", () => '/statistics?from=2026-01-06&to=2026-01-07'],
  ["a case's timeline", (j) => `/cases/board-${(j * 37) % 2_000}`],
];

/** p50 and p95 of each page's server time, after one request of each (the first at a position reads the figures). */
const pageTimes = async (source: DashboardSource): Promise<Map<string, { p50: number; p95: number; first: number }>> => {
  const { app, stop } = dashboardApp({ source, language: 'zh-CN' });
  const times = new Map<string, { p50: number; p95: number; first: number }>();
  try {
    const request = async (path: string): Promise<number> => {
      const start = performance.now();
      const response = await app.request(path);
      const body = await response.text();
      const elapsed = performance.now() - start;
      if (response.status !== 200) throw new Error(`dashboard benchmark: ${path} answered ${response.status}: ${body.slice(0, 300)}`);
      return elapsed;
    };
    for (const [name, path] of PAGES) {
      const first = await request(path(0));
      const samples: number[] = [];
      for (let j = 0; j < REQUESTS; j++) samples.push(await request(path(j)));
      times.set(name, { p50: median(samples), p95: p(samples, 0.95), first });
    }
  } finally {
    stop();
  }
  return times;
};

/** The pages timed after a new event: the first request after it computes their figures at the new position. */
const AFTER_NEW_EVENT: readonly (readonly [string, string])[] = [
  ['board', '/board'],
  ['statistics', '/statistics'],
  ["statistics, a day's cases", '/statistics?from=2026-01-06&to=2026-01-07'],
  ['deadlines', '/deadlines'],
];

/** Each page's first request after each of a few new events (a case submitted), when the row source follows the new rows: p50 in ms, by page. */
const firstPagesAfterNewEvent = async (source: DashboardSource, submit: (j: number) => Promise<void>): Promise<Map<string, number>> => {
  const { app, stop } = dashboardApp({ source, language: 'zh-CN' });
  const samples = new Map<string, number[]>(AFTER_NEW_EVENT.map(([name]) => [name, []]));
  try {
    let j = 0;
    for (const [name, path] of AFTER_NEW_EVENT) {
      for (let k = 0; k < NEW_EVENTS; k++, j++) {
        await submit(j);
        const start = performance.now();
        const response = await app.request(path);
        await response.text();
        samples.get(name)!.push(performance.now() - start);
      }
    }
  } finally {
    stop();
  }
  return new Map([...samples].map(([name, times]) => [name, median(times)]));
};

/** Both sources agree on what the pages read (checked at the small size: the rows were loaded directly). */
const expectSameFigures = async (rows: DashboardSource, documents: DashboardSource): Promise<void> => {
  const [byRows, byDocuments] = [await rows.readModels(), await documents.readModels()];
  const same = async (what: string, a: unknown, b: unknown) => {
    if (!isDeepStrictEqual(await a, await b)) throw new Error(`dashboard benchmark: the row and document read models differ on ${what}; the generated rows are not those the runners fold`);
  };
  await same('the figures', byRows.figures(undefined), byDocuments.figures(undefined));
  await same('the board', byRows.board({ page: 3, pageSize: 50, unit: subDistrictId(5) }), byDocuments.board({ page: 3, pageSize: 50, unit: subDistrictId(5) }));
  await same('a timeline', rows.timeline('board-7'), documents.timeline('board-7'));
};

/** This run's mark on the cases it submits (a kept store is used by several runs). */
const RUN = Date.now().toString(36);

/** Submits case `live-<run>-<j>` to the store (a new event for the live pages to follow). */
const submitter = (store: Awaited<ReturnType<typeof openStore>>) => {
  const execute = caseCommandHandler({ store: store.events, directory, workflow: benchWorkflow, clock: benchClock });
  return async (j: number): Promise<void> => {
    const unit = subDistrictId(j);
    const caseId = `live-${RUN}-${j}`;
    const result = await execute(sampleSubmit(caseId, { receivingUnit: unit, area: unit, claimedAmountFen: 1_000_000 }), {
      actor: { id: 'clerk-1', role: 'intakeClerk', unit },
      occurredAt: '2026-03-01T00:00:00.000Z',
    });
    if (E.isLeft(result)) throw new Error(`dashboard benchmark: the new case was refused: ${JSON.stringify(result.left)}`);
  };
};

const ms = (name: string, value: number, baseline?: number): Measurement => (baseline === undefined ? { name, value, unit: 'ms' } : { name, value, unit: 'ms', baseline, ratio: baseline / value });

const dashboardFigures = async (): Promise<Measurement[]> => {
  const kept = process.env['DASHBOARD_STORE_DIR'];
  if (kept !== undefined) mkdirSync(kept, { recursive: true });
  const dir = kept ?? mkdtempSync(join(tmpdir(), 'casefold-dashboard-'));
  const figures: Measurement[] = [];
  const byRows = new Map<number, Map<string, { p50: number; p95: number; first: number }>>();
  let byDocuments: Map<string, { p50: number; p95: number; first: number }> | null = null;
  const afterNewEvent = new Map<number, Map<string, number>>();
  try {
    for (const cases of SIZES) {
      const db = join(dir, `dashboard-${cases}.db`);
      let start = performance.now();
      if (kept === undefined || !existsSync(db)) {
        await writeDashboardStore(db, cases, directory);
        figures.push({ name: `store of ${cases.toLocaleString('en')} cases written (events, directory, five row tables)`, value: (performance.now() - start) / 1000, unit: 's' });
      }
      const store = await openStore(parseStoreLocation({ db }), { cwd: dir });
      try {
        start = performance.now();
        const rows = await rowDashboardSourceOf(store, store.rowProjections!);
        await rows.readModels();
        figures.push(ms(`rows: source opened and the figures' rows read, ${cases.toLocaleString('en')} cases`, performance.now() - start));
        try {
          if (cases === SIZES[0]) {
            const documents = dashboardSourceOf(store, createOutput({ stdout: quiet, stderr: quiet, json: false }));
            start = performance.now();
            await documents.readModels();
            figures.push(ms(`documents: read model brought up to date (folded from every event in a new store), ${cases.toLocaleString('en')} cases`, performance.now() - start));
            await expectSameFigures(rows, documents);
            byDocuments = await pageTimes(documents);
          }
          byRows.set(cases, await pageTimes(rows));
          afterNewEvent.set(cases, await firstPagesAfterNewEvent(rows, submitter(store)));
        } finally {
          await rows.stop();
        }
      } finally {
        await store.close();
      }
    }
  } finally {
    if (kept === undefined) rmSync(dir, { recursive: true, force: true });
  }
  const [small, large] = SIZES;
  const [s, l] = [byRows.get(small)!, byRows.get(large)!];
  const n = (cases: number) => cases.toLocaleString('en');
  for (const [name] of PAGES) {
    const [atSmall, atLarge, document] = [s.get(name)!, l.get(name)!, byDocuments?.get(name)];
    figures.push(
      ms(`${name}: rows, ${n(large)} cases, p50 (baseline: rows at ${n(small)})`, atLarge.p50, atSmall.p50),
      ms(`${name}: rows, ${n(large)} cases, p95`, atLarge.p95),
      ms(`${name}: rows, ${n(large)} cases, first request at the position`, atLarge.first),
      ...(document === undefined ? [] : [ms(`${name}: rows, ${n(small)} cases, p50 (baseline: documents at ${n(small)})`, atSmall.p50, document.p50)]),
    );
  }
  for (const [name] of AFTER_NEW_EVENT) {
    figures.push(
      ms(`${name}, first request after a new event: rows, ${n(large)} cases, p50 (baseline: rows at ${n(small)})`, afterNewEvent.get(large)!.get(name)!, afterNewEvent.get(small)!.get(name)!),
    );
  }
  figures.push({ name: `pages at most 50 ms p50 at ${n(large)} cases (rows)`, value: [...l.values()].filter((t) => t.p50 <= 50).length, unit: `of ${PAGES.length}` });
  return figures;
};

/** The dashboard benchmarks, for `pnpm bench`. */
export const benchmarks: BenchmarkSuite[] = [
  { id: 'dashboard-pages-500k', name: "The web dashboard's pages at 5,000 and 500,000 cases, server time in process (SQLite; rows beside documents)", run: dashboardFigures },
];
