/**
 * The small-event workload on SQLite (issue 17, per-event cost): replay into states and the
 * single-ticket load, beside a raw better-sqlite3 reader of the same rows that parses data and
 * metadata and folds the same states, at N = 10,000 and N = 100,000 tickets, and the RSS
 * growth of a 1,000,000-event replay.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { aggregateStream } from '@casefold/engine';
import { getSqliteEventStore } from '@casefold/sqlite';
import type { SqliteEventStore } from '@casefold/sqlite';
import type { BenchmarkSuite, Measurement } from '../harness/benchHarness.js';
import { openRawBaseline } from '../sqlite/rawBaseline.js';
import type { RawBaseline } from '../sqlite/rawBaseline.js';
import { type ReplayRates, type ReplayRssResult, replayRates, replayTicketsRss, sameTicket } from './ticketReplay.js';
import { evolveTicket, evolveTicketParts, initialTicket, ticketCodec, ticketEvents } from './ticketWorkload.js';
import type { TicketState } from './ticketWorkload.js';

const COLUMNS = 'position, stream_id, revision, event_id, type, data, metadata, prev_hash, hash';

/** The raw reader: plain prepared statements on the raw file, rows as arrays, data and metadata parsed, states folded. */
interface RawReader {
  /** Replays the whole file into `states`; returns the events read. */
  readonly replay: (states: Map<string, TicketState>) => number;
  /** Loads one ticket's state. */
  readonly load: (streamId: string) => TicketState;
}

const rawReader = (raw: RawBaseline): RawReader => {
  const page = raw.db.prepare<[number], unknown[]>(`SELECT ${COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT 1000`).raw(true);
  const stream = raw.db.prepare<[string], unknown[]>(`SELECT ${COLUMNS} FROM events WHERE stream_id = ? AND revision >= 0 ORDER BY revision LIMIT 1000`).raw(true);
  const fold = (state: TicketState, row: unknown[]): TicketState =>
    evolveTicketParts(state, row[4] as string, JSON.parse(row[5] as string) as Record<string, unknown>, (JSON.parse(row[6] as string) as { occurredAt: string }).occurredAt);
  return {
    replay: (states) => {
      let count = 0;
      let after = 0;
      for (;;) {
        const rows = page.all(after);
        for (const row of rows) {
          const streamId = row[1] as string;
          states.set(streamId, fold(states.get(streamId) ?? initialTicket, row));
        }
        count += rows.length;
        if (rows.length < 1_000) return count;
        after = rows[rows.length - 1]![0] as number;
      }
    },
    load: (streamId) => {
      let state = initialTicket;
      for (const row of stream.all(streamId)) state = fold(state, row);
      return state;
    },
  };
};

const loadStore = async (store: SqliteEventStore, streamId: string): Promise<TicketState> => {
  const loaded = await aggregateStream(store, streamId, { codec: ticketCodec, initialState: initialTicket, evolve: evolveTicket });
  if (E.isLeft(loaded)) throw loaded.left;
  return loaded.right.state;
};

/** Appends tickets `from` … `to - 1` to both files, synchronous OFF (setup, not measured). */
const populate = async (dir: string, from: number, to: number): Promise<void> => {
  const store = getSqliteEventStore({ fileName: join(dir, 'store.db'), synchronous: 'OFF' });
  const raw = openRawBaseline(join(dir, 'raw.db'), 'OFF');
  for (let n = from; n < to; n++) {
    const events = ticketEvents(n);
    await store.appendToStream(`ticket-${n}`, events, { expectedRevision: 'no_stream' });
    raw.append(`ticket-${n}`, events, -1);
  }
  await store.close();
  raw.close();
};

interface SizeFigures {
  readonly replay: ReplayRates;
  readonly load: { readonly ours: number; readonly raw: number };
}

const percentile = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;

/** Replay rates (medians of `repeats`, alternating with raw) and load p50s at the store's current size of `tickets`. */
const measureSize = async (dir: string, tickets: number, repeats: number, loads: number): Promise<SizeFigures> => {
  const store = getSqliteEventStore({ fileName: join(dir, 'store.db'), synchronous: 'NORMAL' });
  const raw = openRawBaseline(join(dir, 'raw.db'), 'NORMAL');
  const reader = rawReader(raw);
  const replay = await replayRates(store, reader.replay, tickets, repeats);
  const ourLoads: number[] = [];
  const rawLoads: number[] = [];
  for (let i = 0; i < loads; i++) {
    const streamId = `ticket-${(i * 104_729) % tickets}`;
    // Alternate which goes first, so that neither always meets the caches the other left.
    const timeOurs = async (): Promise<TicketState> => {
      const start = performance.now();
      const state = await loadStore(store, streamId);
      ourLoads.push((performance.now() - start) * 1_000);
      return state;
    };
    const timeRaw = (): TicketState => {
      const start = performance.now();
      const state = reader.load(streamId);
      rawLoads.push((performance.now() - start) * 1_000);
      return state;
    };
    const [a, b] = i % 2 === 0 ? [await timeOurs(), timeRaw()] : [timeRaw(), await timeOurs()];
    if (!sameTicket(a, b) || a.status !== 'closed') throw new Error(`${streamId}: the load and the raw reader folded different states`);
  }
  await store.close();
  raw.close();
  ourLoads.sort((x, y) => x - y);
  rawLoads.sort((x, y) => x - y);
  return { replay, load: { ours: percentile(ourLoads, 0.5), raw: percentile(rawLoads, 0.5) } };
};

/** The 1M-event replay of the store's whole content (see {@link replayTicketsRss}). */
const replayRss = async (dir: string): Promise<ReplayRssResult> => {
  const store = getSqliteEventStore({ fileName: join(dir, 'store.db'), synchronous: 'NORMAL' });
  const result = await replayTicketsRss(store);
  await store.close();
  return result;
};

const SMALL = 10_000;
const LARGE = 100_000;
/** 1,000,002 events. */
const MILLION_TICKETS = 166_667;

const sizeRows = (label: string, figures: SizeFigures): Measurement[] => [
  {
    name: `replay into states, ${label} (vs raw reader parsing and folding)`,
    value: figures.replay.ours,
    unit: 'events/s',
    baseline: figures.replay.raw,
    ratio: figures.replay.ours / figures.replay.raw,
  },
  { name: '  the same, per CPU second', value: figures.replay.oursCpu, unit: 'events/CPU-s', baseline: figures.replay.rawCpu, ratio: figures.replay.oursCpu / figures.replay.rawCpu },
  { name: `load one ticket (6 events, aggregateStream), ${label}, p50`, value: figures.load.ours, unit: 'µs', baseline: figures.load.raw, ratio: figures.load.raw / figures.load.ours },
];

export const sqliteSmallEvents: BenchmarkSuite = {
  id: 'small-events-sqlite',
  name: 'small events on SQLite — tickets of 6 small events: replay and load vs raw better-sqlite3 (temp file, WAL), N = 10,000 and 100,000, and a 1M-event replay',
  run: async () => {
    const dir = mkdtempSync(join(tmpdir(), 'casefold-bench-small-'));
    try {
      await populate(dir, 0, SMALL);
      const small = await measureSize(dir, SMALL, 7, 20_000);
      await populate(dir, SMALL, LARGE);
      const large = await measureSize(dir, LARGE, 5, 20_000);
      await populate(dir, LARGE, MILLION_TICKETS);
      const million = await replayRss(dir);
      if (million.events !== MILLION_TICKETS * 6) throw new Error(`the 1M replay read ${million.events} events, not ${MILLION_TICKETS * 6}`);
      return [
        ...sizeRows('N = 10,000', small),
        ...sizeRows('N = 100,000', large),
        { name: 'replay rate at N = 100,000 ÷ at N = 10,000 (raw: the same quotient)', value: large.replay.ours / small.replay.ours, unit: '×', baseline: large.replay.raw / small.replay.raw },
        { name: '  the same, per CPU second', value: large.replay.oursCpu / small.replay.oursCpu, unit: '×', baseline: large.replay.rawCpu / small.replay.rawCpu },
        { name: 'load p50 at N = 10,000 ÷ at N = 100,000 (raw: the same quotient)', value: small.load.ours / large.load.ours, unit: '×', baseline: small.load.raw / large.load.raw },
        { name: 'replay of 1,000,002 events into states', value: million.rate, unit: 'events/s' },
        { name: 'replay of 1,000,002 events into states: RSS growth', value: million.growthMb, unit: 'MB' },
      ];
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
