/**
 * Read models that scale (issue 17): the case board as rows beside the case board as one
 * document, at 5,000 and at 500,000 cases, on SQLite and PostgreSQL, in one run:
 * - applying one event and committing it with the checkpoint (rows: load the case's row, apply,
 *   write that row; document: apply, write the whole board), p50 per event, and the growth
 *   from 5,000 to 500,000 cases (the rows' times taken in rounds alternating the two sizes); at
 *   500,000 cases also for events on the newest 5,000 cases only (where a city's events fall),
 *   against events on the whole 5,000-case board: the same number of cases worked on, under a
 *   history a hundred times longer;
 * - command → visible in the board query through the row runner (read-your-writes) on SQLite;
 * - the board query for one sub-district's open cases, first page of 20.
 * The histories are generated (boardWorkload.ts) and appended to SQLite directly, one append per
 * case, not through the command handler; PostgreSQL gets the same board rows and document
 * loaded directly (its per-event figures do not read events). Takes a few minutes (most of it
 * building the 500,000-case stores). `READ_MODELS_TRIAL=1` runs it at 2,000 and 20,000 cases instead, a quick check of the suite.
 */
import { sampleSubmit } from '@casefold/core/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { type AnyCaseEvent, type CaseBoardRow, type CaseBoardState, type Envelope, type RowProjection, caseBoardProjection, caseBoardQuery, caseBoardRows, mediationWorkflow } from '@casefold/core';
import { type ProjectionStore, type RowProjectionStore, applyEnvelopes, caseCommandHandler, caseEventCodec, startRowProjection } from '@casefold/engine';
import { openPostgresStore } from '@casefold/postgres';
import { startEmbeddedPostgres } from '@casefold/postgres/testing';
import { getSqliteEventStore } from '@casefold/sqlite';
import { type BenchmarkSuite, type Measurement, median } from '../harness/benchHarness.js';
import { benchClock, benchWorkflow } from '../workload/lifecycleCommands.js';
import { type BoardHistory, applyToMap, buildBoardHistory, storeBoardHistory } from './boardHistory.js';
import { DISTRICTS, SUB_DISTRICTS, boardDirectory, subDistrictId } from './boardWorkload.js';
import { nextEvents } from './nextEvents.js';
import { rowProjectionBenchmarks } from './allRowProjections.js';

const SIZES = (process.env['READ_MODELS_TRIAL'] === '1' ? [2_000, 20_000] : [5_000, 500_000]) as readonly [number, number];
const ROW_SAMPLES = 500;
/**
 * The rows' per-event times are taken in rounds that alternate the two sizes (small then large,
 * large then small, …), so that a slow minute of a noisy machine falls on both sizes alike.
 */
const ROUNDS = 10;
const QUERY_SAMPLES = 500;
const COMMAND_SAMPLES = 200;
/** Document commits measured per size: a whole-board commit at 500,000 cases takes seconds. */
const documentSamples = (cases: number): number => (cases > 50_000 ? 3 : 30);

const directory = boardDirectory();
const projection = caseBoardRows(directory);
const codec = caseEventCodec({ workflows: [mediationWorkflow] });

const p = (values: readonly number[], q: number): number => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))]!;

/**
 * The newest cases, where a city's events fall: a case is worked on in the weeks after it is
 * submitted. At the smaller size every case is among them, so its events on them are its events
 * on the whole board; at the larger size they are the same number of cases under a history a
 * hundred times longer.
 */
const NEWEST = SIZES[0];

/** Time per event of applying it to the board's rows and committing the row with the checkpoint (the row runner's work for a batch of one). */
const rowApplyTimes = async (rowStore: RowProjectionStore, model: RowProjection<CaseBoardRow, AnyCaseEvent>, events: readonly Envelope<AnyCaseEvent>[], expected: bigint): Promise<number[]> => {
  const times: number[] = [];
  let checkpoint = expected;
  for (const envelope of events) {
    const start = performance.now();
    const loaded = new Map(await rowStore.get(model, model.keysOf(envelope)));
    applyToMap(model, loaded, envelope);
    await rowStore.commit(model, { version: model.version, position: envelope.position, put: [...loaded.values()], removed: [] }, checkpoint);
    times.push(performance.now() - start);
    checkpoint = envelope.position;
  }
  return times;
};

/** Time per event of applying it to the document board and committing the whole board (the document runner's work for a batch of one). */
const documentApplyTimes = async (projectionStore: ProjectionStore, document: CaseBoardState, events: readonly Envelope<AnyCaseEvent>[], expected: bigint): Promise<number[]> => {
  const times: number[] = [];
  let state = document;
  let checkpoint = expected;
  for (const envelope of events) {
    const start = performance.now();
    state = applyEnvelopes(caseBoardProjection, state, [envelope]);
    await projectionStore.commit({ name: caseBoardProjection.name, version: caseBoardProjection.version, position: envelope.position, state: state as never }, checkpoint);
    times.push(performance.now() - start);
    checkpoint = envelope.position;
  }
  return times;
};

/** p50 and p99 of the first page of one sub-district's open cases (20 rows), sub-districts in turn. */
const queryTimes = async (query: (q: ReturnType<typeof caseBoardQuery>) => Promise<{ rows: readonly CaseBoardRow[] }>): Promise<number[]> => {
  const times: number[] = [];
  for (let j = 0; j < QUERY_SAMPLES; j++) {
    const q = caseBoardQuery(directory, { unit: subDistrictId(j % (DISTRICTS * SUB_DISTRICTS)), open: true, limit: 20 });
    const start = performance.now();
    const page = await query(q);
    times.push(performance.now() - start);
    if (page.rows.length === 0) throw new Error(`board query: no open case in ${q.where?.subDistrictUnit ?? 'the sub-district'}`);
  }
  return times;
};

interface Figures {
  rows: number;
  newestRows: number;
  document: number;
  query: number;
  queryP99: number;
}

/** One store holding one history, open for the per-event figures. */
interface Measured {
  readonly history: BoardHistory;
  readonly rowStore: RowProjectionStore;
  readonly projectionStore: ProjectionStore;
  /** The events to apply to the rows, in rounds, then those for the document. */
  readonly events: readonly Envelope<AnyCaseEvent>[];
  /** The events on the newest cases (none of `events`' cases), applied to the rows in the same rounds. */
  readonly newestEvents: readonly Envelope<AnyCaseEvent>[];
  /** The rows' checkpoint, moved on by each round. */
  checkpoint: bigint;
  readonly rowTimes: number[];
  readonly newestRowTimes: number[];
}

const opened = async (history: BoardHistory, rowStore: RowProjectionStore, projectionStore: ProjectionStore): Promise<Measured> => {
  // The rows' checkpoint may be past the history (command → visible ran first); the document's is at its end.
  const checkpoint = (await rowStore.load(projection.name))?.position ?? 0n;
  const events = nextEvents(history.cases, ROW_SAMPLES + documentSamples(history.cases), checkpoint);
  const newestEvents = nextEvents(history.cases, ROW_SAMPLES, checkpoint, Math.min(NEWEST, history.cases), new Set(events.map((e) => e.streamId)));
  return { history, rowStore, projectionStore, events, newestEvents, checkpoint, rowTimes: [], newestRowTimes: [] };
};

/** One round of the rows' per-event times: the next `ROW_SAMPLES / ROUNDS` events (of the whole board, or of the newest cases), numbered on from the rows' checkpoint. */
const rowRound = async (measured: Measured, round: number, which: 'events' | 'newestEvents' = 'events'): Promise<void> => {
  const perRound = ROW_SAMPLES / ROUNDS;
  const events = measured[which].slice(round * perRound, (round + 1) * perRound).map((e, k) => ({ ...e, position: measured.checkpoint + BigInt(k + 1) }));
  (which === 'events' ? measured.rowTimes : measured.newestRowTimes).push(...(await rowApplyTimes(measured.rowStore, projection, events, measured.checkpoint)));
  measured.checkpoint = events[events.length - 1]!.position;
};

/** The document's per-event times and the query times, after the rounds. */
const figuresOf = async (measured: Measured): Promise<Figures> => {
  const { history, rowStore, projectionStore, events, rowTimes } = measured;
  const documentTimes = await documentApplyTimes(projectionStore, history.document, events.slice(ROW_SAMPLES), history.lastPosition);
  const queries = await queryTimes((q) => rowStore.query(projection, q));
  return { rows: median(rowTimes), newestRows: median(measured.newestRowTimes), document: median(documentTimes), query: median(queries), queryP99: p(queries, 0.99) };
};

/**
 * Command → visible in the board query through the row runner, on the SQLite store holding the
 * history: p50 and p99 in ms. Two commits per command (the append, the board's rows), each a
 * disk sync with `synchronous: 'FULL'` (the default); `'NORMAL'` (WAL) syncs at checkpoints only.
 */
const commandToVisible = async (fileName: string, synchronous: 'FULL' | 'NORMAL'): Promise<{ p50: number; p99: number }> => {
  const store = getSqliteEventStore({ fileName, synchronous });
  const runner = await startRowProjection({ store, rowStore: store.rowProjections, projection, decode: codec.decode });
  const execute = caseCommandHandler({ store, directory, workflow: benchWorkflow, clock: benchClock });
  const times: number[] = [];
  try {
    for (let j = 0; j < COMMAND_SAMPLES; j++) {
      const unit = subDistrictId(j % (DISTRICTS * SUB_DISTRICTS));
      const caseId = `live-${synchronous}-${j}`;
      const command = sampleSubmit(caseId, { receivingUnit: unit, area: unit, claimedAmountFen: 1_000_000 });
      const start = performance.now();
      const result = await execute(command, { actor: { id: 'clerk-1', role: 'intakeClerk', unit }, occurredAt: '2099-06-01T00:00:00.000Z' });
      if (E.isLeft(result)) throw new Error(`command refused: ${JSON.stringify(result.left)}`);
      await runner.waitFor(result.right.lastPosition ?? 0n);
      const page = await runner.query({ where: { caseId }, orderBy: [], limit: 1 });
      times.push(performance.now() - start);
      if (page.rows[0]?.caseId !== caseId) throw new Error(`command → visible: case ${caseId} is not on the board`);
    }
  } finally {
    await runner.stop();
    await store.close();
  }
  return { p50: median(times), p99: p(times, 0.99) };
};

const ms = (name: string, value: number, baseline?: number): Measurement => (baseline === undefined ? { name, value, unit: 'ms' } : { name, value, unit: 'ms', baseline, ratio: baseline / value });

/** The figures of both stores at both sizes, side by side. */
const readModelFigures = async (): Promise<Measurement[]> => {
  const dir = mkdtempSync(join(tmpdir(), 'casefold-read-models-'));
  const server = await startEmbeddedPostgres();
  const figures: Measurement[] = [];
  const sqlite: Partial<Record<number, Measured>> = {};
  const postgres: Partial<Record<number, Measured>> = {};
  const closing: (() => Promise<void>)[] = [];
  try {
    for (const cases of SIZES) {
      const fileName = join(dir, `board-${cases}.db`);
      let start = performance.now();
      const seed = getSqliteEventStore({ fileName, synchronous: 'OFF' });
      const history = await buildBoardHistory(projection, cases, seed);
      await seed.close();
      figures.push({ name: `history of ${cases.toLocaleString('en')} cases generated, appended (SQLite) and folded`, value: (performance.now() - start) / 1000, unit: 's' });

      start = performance.now();
      const store = getSqliteEventStore({ fileName });
      await storeBoardHistory(history, projection, store.rowProjections, store.projections);
      figures.push({ name: `board rows and document stored, ${cases.toLocaleString('en')} cases (SQLite)`, value: (performance.now() - start) / 1000, unit: 's' });
      await store.close();
      // Before the per-event figures, which commit events the store does not hold.
      if (cases === SIZES[SIZES.length - 1]) {
        for (const synchronous of ['FULL', 'NORMAL'] as const) {
          const visible = await commandToVisible(fileName, synchronous);
          figures.push(ms(`SQLite command → visible in the board query, ${cases.toLocaleString('en')} cases, synchronous ${synchronous}, p50`, visible.p50));
          figures.push(ms(`SQLite command → visible in the board query, ${cases.toLocaleString('en')} cases, synchronous ${synchronous}, p99`, visible.p99));
        }
      }
      const measured = getSqliteEventStore({ fileName });
      closing.push(() => measured.close());
      sqlite[cases] = await opened(history, measured.rowProjections, measured.projections);

      start = performance.now();
      const pg = await openPostgresStore({ connectionString: server.url, schema: `board_${cases}`, pool: { max: 4 } });
      closing.push(() => pg.close());
      await storeBoardHistory(history, projection, pg.rowProjections, pg.projections);
      figures.push({ name: `board rows and document stored, ${cases.toLocaleString('en')} cases (PostgreSQL)`, value: (performance.now() - start) / 1000, unit: 's' });
      postgres[cases] = await opened(history, pg.rowProjections, pg.projections);
    }
    for (let round = 0; round < ROUNDS; round++) {
      for (const cases of round % 2 === 0 ? SIZES : [...SIZES].reverse()) {
        await rowRound(sqlite[cases]!, round);
        await rowRound(postgres[cases]!, round);
        if (cases === SIZES[SIZES.length - 1]) {
          await rowRound(sqlite[cases]!, round, 'newestEvents');
          await rowRound(postgres[cases]!, round, 'newestEvents');
        }
      }
    }
    const [small, large] = SIZES;
    for (const [label, by] of [
      ['SQLite', sqlite],
      ['PostgreSQL', postgres],
    ] as const) {
      const s = await figuresOf(by[small]!);
      const l = await figuresOf(by[large]!);
      figures.push(
        ms(`${label} rows: apply one event + commit, ${small.toLocaleString('en')} cases, p50`, s.rows),
        ms(`${label} rows: apply one event + commit, ${large.toLocaleString('en')} cases, p50 (baseline ${small.toLocaleString('en')})`, l.rows, s.rows),
        { name: `${label} rows: time per event at ${large.toLocaleString('en')} ÷ at ${small.toLocaleString('en')} cases`, value: l.rows / s.rows, unit: '×' },
        ms(
          `${label} rows: apply one event + commit, ${large.toLocaleString('en')} cases, events on the newest ${NEWEST.toLocaleString('en')}, p50 (baseline ${small.toLocaleString('en')})`,
          l.newestRows,
          s.rows,
        ),
        {
          name: `${label} rows: time per event at ${large.toLocaleString('en')} cases (events on the newest ${NEWEST.toLocaleString('en')}) ÷ at ${small.toLocaleString('en')}`,
          value: l.newestRows / s.rows,
          unit: '×',
        },
        ms(`${label} document: apply one event + commit, ${small.toLocaleString('en')} cases, p50`, s.document),
        ms(`${label} document: apply one event + commit, ${large.toLocaleString('en')} cases, p50 (baseline ${small.toLocaleString('en')})`, l.document, s.document),
        { name: `${label} document: time per event at ${large.toLocaleString('en')} ÷ at ${small.toLocaleString('en')} cases`, value: l.document / s.document, unit: '×' },
        ms(`${label} document vs rows at ${large.toLocaleString('en')} cases (baseline: rows)`, l.document, l.rows),
        ms(`${label} board query, a sub-district's open cases, first 20, ${small.toLocaleString('en')} cases, p50`, s.query),
        ms(`${label} board query, a sub-district's open cases, first 20, ${large.toLocaleString('en')} cases, p50`, l.query),
        ms(`${label} board query, a sub-district's open cases, first 20, ${large.toLocaleString('en')} cases, p99`, l.queryP99),
      );
    }
  } finally {
    for (const close of closing) await close();
    await server.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
  return figures;
};

/** The read-model benchmarks, for `pnpm bench`. */
export const benchmarks: BenchmarkSuite[] = [
  { id: 'read-models', name: 'Read models as rows: the case board at 5,000 and 500,000 cases (SQLite, PostgreSQL)', run: readModelFigures },
  ...rowProjectionBenchmarks,
];
