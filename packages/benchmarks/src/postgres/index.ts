/**
 * Store-level benchmarks of `@casefold/postgres` on an embedded PostgreSQL server that the
 * bench starts itself (default durability: fsync and synchronous commit on), each beside a
 * raw `pg` baseline (bench/rawBaseline.ts) measured in the same run. Same workload as the
 * SQLite bench: N cases × 6 events. See docs/postgres.md.
 */
import * as E from 'fp-ts/lib/Either.js';
import pg from 'pg';
import { verifyAll } from '@casefold/engine';
import type { NewEvent } from '@casefold/engine';
import { median, rateSideBySide } from '../harness/benchHarness.js';
import type { BenchmarkSuite, Measurement } from '../harness/benchHarness.js';
import { caseEvent, caseEvents } from '../workload/caseEvents.js';
import { openPostgresStore } from '@casefold/postgres';
import type { PostgresStore } from '@casefold/postgres';
import { startEmbeddedPostgres } from '@casefold/postgres/testing';
import { commandPathBenchmarks } from './commandPath.js';
import { openRawBaseline, type RawBaseline } from './rawBaseline.js';

type Rate = { rate: number; baselineRate: number; ratio: number };
const ratePair = (name: string, unit: string, result: Rate): Measurement => ({ name, value: result.rate, unit, baseline: result.baselineRate, ratio: result.ratio });

/** Runs `work(worker)` on `workers` concurrent loops until `total` operations are done. */
const concurrently = async (workers: number, total: number, work: (worker: number, index: number) => Promise<void>): Promise<void> => {
  let next = 0;
  await Promise.all(
    Array.from({ length: workers }, async (_, worker) => {
      for (let i = next++; i < total; i = next++) await work(worker, i);
    }),
  );
};

interface Setup {
  readonly store: PostgresStore;
  readonly raw: RawBaseline;
  readonly clients: pg.Client[];
  readonly cases: number;
}

/** Fills store and baseline with `cases` streams of six events, 8 writers at a time (setup, not measured). */
const populate = async ({ store, raw, clients, cases }: Setup): Promise<void> => {
  await concurrently(8, cases, (w, c) => store.events.appendToStream(`case-${c}`, caseEvents(c), { expectedRevision: 'no_stream' }).then(() => undefined));
  await concurrently(8, cases, (w, c) => raw.append(clients[w]!, `case-${c}`, caseEvents(c), -1));
};

/** Single events onto existing streams, interleaved (a stride through the cases), with the exact expected revision. */
const appendFigures = async ({ store, raw, clients, cases }: Setup, samples: number, repeats: number): Promise<Measurement[]> => {
  const storeRevisions = new Map<number, bigint>();
  const rawRevisions = new Map<number, number>();
  let cursor = 0;
  let rawCursor = 0;
  const stride = 7_919;
  const ours = async (c: number, tag: string): Promise<void> => {
    const result = await store.events.appendToStream(`case-${c}`, [caseEvent(c, 6, tag)], { expectedRevision: storeRevisions.get(c) ?? 5n });
    storeRevisions.set(c, result.nextExpectedRevision);
  };
  const theirs = async (client: pg.Client, c: number, tag: string, serialized = false): Promise<void> => {
    const expected = rawRevisions.get(c) ?? 5;
    rawRevisions.set(c, expected + 1);
    await (serialized ? raw.appendSerialized : raw.append)(client, `case-${c}`, [caseEvent(c, 6, tag)], expected);
  };
  // Concurrent loops take distinct cases: c = (cursor * stride) % cases with a fresh cursor each time.
  const one = await rateSideBySide(
    samples,
    async () => {
      for (let i = 0; i < samples; i++, cursor++) await ours((cursor * stride) % cases, `a${cursor}-`);
    },
    async () => {
      for (let i = 0; i < samples; i++, rawCursor++) await theirs(clients[0]!, (rawCursor * stride) % cases, `a${rawCursor}-`);
    },
    repeats,
  );
  const eight = await rateSideBySide(
    samples,
    () => concurrently(8, samples, () => ours((cursor * stride) % cases, `a${cursor++}-`)),
    () => concurrently(8, samples, (w) => theirs(clients[w]!, (rawCursor * stride) % cases, `a${rawCursor++}-`)),
    repeats,
  );
  const serialized = await rateSideBySide(
    samples,
    () => concurrently(8, samples, (w) => theirs(clients[w]!, (rawCursor * stride) % cases, `s${rawCursor++}-`, true)),
    () => concurrently(8, samples, (w) => theirs(clients[w]!, (rawCursor * stride) % cases, `a${rawCursor++}-`)),
    repeats,
  );
  // The WAL-flush floor, alternating with raw appends so both see the same disk.
  let tiny = 0;
  const floor = await rateSideBySide(
    samples,
    async () => {
      for (let i = 0; i < samples; i++) await raw.commitTiny(clients[0]!, tiny++);
    },
    async () => {
      for (let i = 0; i < samples; i++, rawCursor++) await theirs(clients[0]!, (rawCursor * stride) % cases, `f${rawCursor}-`);
    },
    repeats,
  );
  return [
    ratePair('bound: commit of one tiny row, 1 connection (baseline: raw append)', 'commits/s', floor),
    ratePair('append 1 event, expected revision, interleaved, 1 connection', 'appends/s', one),
    ratePair('the same, 8 concurrent clients', 'appends/s', eight),
    { name: '8 clients ÷ 1 connection (baseline: raw 8 ÷ raw 1)', value: eight.rate / one.rate, unit: '×', baseline: eight.baselineRate / one.baselineRate },
    ratePair('raw, position from a serialized counter, 8 clients', 'appends/s', serialized),
  ];
};

/** New streams of six events, one append each, on one connection. */
const bulkFigures = async ({ store, raw, clients }: Setup, samples: number, repeats: number): Promise<Measurement[]> => {
  let round = 0;
  const bulk = await rateSideBySide(
    samples * 6,
    async () => {
      const tag = `b${round++}-`;
      for (let i = 0; i < samples; i++) await store.events.appendToStream(`bulk-${tag}${i}`, caseEvents(i, tag), { expectedRevision: 'no_stream' });
    },
    async () => {
      const tag = `r${round}-`;
      for (let i = 0; i < samples; i++) await raw.append(clients[0]!, `bulk-${tag}${i}`, caseEvents(i, tag), -1);
    },
    repeats,
  );
  return [ratePair('bulk ingest, 6 events/append, 1 connection', 'events/s', bulk)];
};

/** Runs `work` (returning how many items it handled) `repeats` times; the median rate in items/s. */
const medianRate = async (repeats: number, work: () => Promise<number>): Promise<number> => {
  const rates: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    const items = await work();
    rates.push(items / ((performance.now() - start) / 1000));
  }
  return median(rates);
};

/** Events whose data and metadata texts the JSON.parse bound parses (held in memory). */
const PARSE_BOUND_EVENTS = 60_000;

/**
 * Whole-store replay through readAll (decoded events) against raw paging with pg's own parsing,
 * verifyAll (stored texts hashed as they are) against raw text pages hashed the same way,
 * then two bounds of any pg-based replay on this machine: the same pages left as text (the
 * driver and wire alone), and JSON.parse of the events' data and metadata in memory (no I/O).
 */
const replayFigures = async ({ store, raw, clients }: Setup, repeats: number): Promise<Measurement[]> => {
  let ours = 0;
  let theirs = 0;
  const replay = await rateSideBySide(
    1,
    async () => {
      ours = 0;
      for await (const _event of store.events.readAll()) ours += 1;
    },
    async () => {
      theirs = await raw.replay(clients[0]!);
    },
    repeats,
  );
  let verified = 0;
  let hashed = 0;
  const verify = await rateSideBySide(
    1,
    async () => {
      const result = await verifyAll(store.events);
      if (E.isLeft(result)) throw new Error(result.left.message);
      verified = result.right.events;
    },
    async () => {
      hashed = await raw.hashText(clients[0]!);
    },
    repeats,
  );
  const text = await medianRate(repeats, () => raw.replayText(clients[0]!));
  const { rows } = await clients[0]!.query<{ data: string; metadata: string }>({
    text: `SELECT data::text AS data, metadata::text AS metadata FROM raw.events ORDER BY position LIMIT ${PARSE_BOUND_EVENTS}`,
    types: { getTypeParser: () => (value: string) => value } as unknown as pg.CustomTypesConfig,
  });
  let parsed: unknown;
  const parse = await medianRate(repeats, async () => {
    for (const row of rows) parsed = [JSON.parse(row.data), JSON.parse(row.metadata)];
    return rows.length;
  });
  if (parsed === undefined) throw new Error('no events to parse');
  // rateSideBySide counted one operation per run; turn runs/s into events/s.
  return [
    ratePair('readAll replay (decoded events)', 'events/s', { rate: replay.rate * ours, baselineRate: replay.baselineRate * theirs, ratio: (replay.rate * ours) / (replay.baselineRate * theirs) }),
    ratePair('verifyAll hash chain (stored texts hashed as they are)', 'events/s', {
      rate: verify.rate * verified,
      baselineRate: verify.baselineRate * hashed,
      ratio: (verify.rate * verified) / (verify.baselineRate * hashed),
    }),
    { name: 'bound: raw pg pages left as text (no JSON parsing)', value: text, unit: 'events/s' },
    { name: 'bound: JSON.parse of data + metadata in memory', value: parse, unit: 'events/s' },
  ];
};

/** Time from an append's acknowledgement to its delivery by a live subscription, under 8 writers (0 when delivered first). */
const latencyFigures = async ({ store }: Setup, samples: number): Promise<Measurement[]> => {
  const tag = `lag-${Date.now()}-`;
  const acknowledged = new Map<string, number>();
  const delivered = new Map<string, number>();
  const { lastPosition } = await store.events.appendToStream(`${tag}start`, [caseEvent(0, 0, tag)]);
  const subscription = store.events.subscribeToAll({ fromPosition: lastPosition });
  const timeout = setTimeout(() => void subscription.close(), 60_000);
  const reading = (async () => {
    for await (const event of subscription) {
      if (event.eventId.startsWith(`evt-${tag}`)) delivered.set(event.eventId, performance.now());
      if (delivered.size >= samples) break;
    }
  })();
  await concurrently(8, samples, async (_, i) => {
    const result = await store.events.appendToStream(`${tag}${i % 50}`, [caseEvent(i, 1, tag)]);
    acknowledged.set(result.events[0]!.eventId, performance.now());
  });
  await reading;
  clearTimeout(timeout);
  if (delivered.size < samples) throw new Error(`the subscription delivered ${delivered.size} of ${samples} events within 60 s`);
  const delays = [...acknowledged].map(([id, at]) => Math.max(0, delivered.get(id)! - at)).sort((a, b) => a - b);
  const at = (p: number): number => delays[Math.min(delays.length - 1, Math.floor(delays.length * p))]!;
  return [
    { name: 'subscription delivery after append ack, 8 writers, p50', value: at(0.5), unit: 'ms' },
    { name: 'subscription delivery after append ack, 8 writers, p99', value: at(0.99), unit: 'ms' },
  ];
};

const suite = (cases: number, options: { readonly samples: number; readonly repeats: number }): BenchmarkSuite => ({
  id: `postgres-store-${cases / 1000}k`,
  name: `postgres store — ${cases.toLocaleString('en')} cases × 6 events (embedded PostgreSQL 18, fsync on)`,
  run: async () => {
    const server = await startEmbeddedPostgres();
    const clients: pg.Client[] = [];
    const store = await openPostgresStore({ connectionString: server.url, schema: 'bench', pool: { max: 8 }, headCacheSize: cases + 1_000 });
    try {
      for (let i = 0; i < 8; i++) {
        const client = new pg.Client({ connectionString: server.url });
        await client.connect();
        clients.push(client);
      }
      const setup: Setup = { store, raw: await openRawBaseline(clients[0]!), clients, cases };
      await populate(setup);
      await clients[0]!.query('VACUUM ANALYZE');
      return [
        ...(await replayFigures(setup, options.repeats)),
        ...(await appendFigures(setup, options.samples, options.repeats)),
        ...(await bulkFigures(setup, Math.ceil(options.samples / 3), options.repeats)),
        ...(await latencyFigures(setup, 2_000)),
      ];
    } finally {
      await Promise.all(clients.map((c) => c.end()));
      await store.close();
      await server.destroy();
    }
  },
});

/** The PostgreSQL store's benchmark suites, for `pnpm bench`. */
export const benchmarks: BenchmarkSuite[] = [suite(10_000, { samples: 3_000, repeats: 3 }), ...commandPathBenchmarks, suite(100_000, { samples: 3_000, repeats: 3 })];
