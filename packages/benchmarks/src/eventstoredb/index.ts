/**
 * `@casefold/eventstoredb` against the in-repo protocol double (a gRPC server in memory,
 * packages/eventstoredb/test/double, in a process of its own): the cost of the adapter, the
 * `@eventstore/db-client` client and the gRPC protocol only, NOT of an EventStoreDB server
 * (no disk, no replication, no server-side work). Each figure beside the SQLite store
 * (default durability, `synchronous = FULL`, temp file) measured in the same run. A real
 * server's figures come from a run against one (docs/eventstoredb.md).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventStore } from '@casefold/engine';
import { openEventStoreDbStore } from '@casefold/eventstoredb';
import { getSqliteEventStore, openSqliteStore } from '@casefold/sqlite';
import { rateSideBySide } from '../harness/benchHarness.js';
import type { BenchmarkSuite, Measurement } from '../harness/benchHarness.js';
import { caseEvent, caseEvents } from '../workload/caseEvents.js';
import { startProtocolDouble } from './protocolDouble.js';

/** What the suite's name and every figure say: these are not a server's figures. */
const LABEL = 'against the in-repo protocol double (client and protocol cost only, not a server)';

interface Sizes {
  /** Case streams of six events written before the reads. */
  readonly cases: number;
  /** Appends per measurement. */
  readonly appendSamples: number;
  /** New six-event streams per bulk measurement. */
  readonly bulkSamples: number;
  readonly repeats: number;
}

const ratePair = (name: string, unit: string, result: { rate: number; baselineRate: number; ratio: number }): Measurement => ({
  name,
  value: result.rate,
  unit,
  baseline: result.baselineRate,
  ratio: result.ratio,
});

/** Fills a store with `cases` streams of six events (setup, not measured). */
const populate = async (events: EventStore, cases: number): Promise<void> => {
  for (let c = 0; c < cases; c++) await events.appendToStream(`case-${c}`, caseEvents(c), { expectedRevision: 'no_stream' });
};

/** One event onto existing streams, interleaved (a stride through the cases), with the exact expected revision. */
const appender = (events: EventStore, cases: number) => {
  const revisions = new Map<number, bigint>();
  let cursor = 0;
  return async (samples: number): Promise<void> => {
    for (let i = 0; i < samples; i++, cursor++) {
      const c = (cursor * 7_919) % cases;
      const result = await events.appendToStream(`case-${c}`, [caseEvent(c, 6, `a${cursor}-`)], { expectedRevision: revisions.get(c) ?? 5n });
      revisions.set(c, result.nextExpectedRevision);
    }
  };
};

/** New streams of six events, one append each. */
const bulkWriter = (events: EventStore) => {
  let round = 0;
  return async (samples: number): Promise<void> => {
    const tag = `b${round++}-`;
    for (let i = 0; i < samples; i++) await events.appendToStream(`bulk-${tag}${i}`, caseEvents(i, tag), { expectedRevision: 'no_stream' });
  };
};

/** Reads the whole store through `readAll`, counting the events. */
const replay = async (events: EventStore): Promise<number> => {
  let count = 0;
  for await (const _event of events.readAll()) count += 1;
  return count;
};

const suite = (sizes: Sizes): BenchmarkSuite => ({
  id: `eventstoredb-${sizes.cases / 1000}k`,
  name: `eventstoredb store — ${sizes.cases.toLocaleString('en')} cases × 6 events, ${LABEL}; baseline: the SQLite store (FULL, temp file)`,
  run: async () => {
    const double = await startProtocolDouble();
    const dir = mkdtempSync(join(tmpdir(), 'casefold-bench-esdb-'));
    const esdb = await openEventStoreDbStore({ connectionString: double.connectionString, projections: await openSqliteStore({ fileName: ':memory:' }) });
    const sqlite = getSqliteEventStore({ fileName: join(dir, 'store.db') });
    try {
      await populate(esdb.events, sizes.cases);
      await populate(sqlite, sizes.cases);
      const { appendSamples, bulkSamples, repeats } = sizes;
      const appendEsdb = appender(esdb.events, sizes.cases);
      const appendSqlite = appender(sqlite, sizes.cases);
      const append = await rateSideBySide(
        appendSamples,
        () => appendEsdb(appendSamples),
        () => appendSqlite(appendSamples),
        repeats,
      );
      const bulkEsdb = bulkWriter(esdb.events);
      const bulkSqlite = bulkWriter(sqlite);
      const bulk = await rateSideBySide(
        bulkSamples * 6,
        () => bulkEsdb(bulkSamples),
        () => bulkSqlite(bulkSamples),
        repeats,
      );
      let read = 0;
      let baselineRead = 0;
      const reads = await rateSideBySide(
        1,
        async () => {
          read = await replay(esdb.events);
        },
        async () => {
          baselineRead = await replay(sqlite);
        },
        repeats,
      );
      // rateSideBySide counted one operation per run; turn runs/s into events/s.
      const readRate = { rate: reads.rate * read, baselineRate: reads.baselineRate * baselineRead, ratio: (reads.rate * read) / (reads.baselineRate * baselineRead) };
      return [
        ratePair('append 1 event, expected revision, interleaved, 1 client', 'appends/s', append),
        ratePair('bulk ingest, 6 events/append, 1 client', 'events/s', bulk),
        ratePair(`readAll replay of ${read.toLocaleString('en')} events (decoded)`, 'events/s', readRate),
      ];
    } finally {
      await esdb.close();
      await sqlite.close();
      await double.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  },
});

/** The EventStoreDB adapter's benchmark suite (against the protocol double), for `pnpm bench`. */
export const benchmarks: BenchmarkSuite[] = [suite({ cases: 2_000, appendSamples: 500, bulkSamples: 200, repeats: 3 })];
