/**
 * The small-event workload on PostgreSQL (issue 17, per-event cost): replay into states
 * beside raw `pg` keyset pages of the same rows, data and metadata parsed and the same states
 * folded, at N = 10,000 and N = 100,000 tickets, and the RSS growth of a 1,000,000-event replay.
 */
import pg from 'pg';
import type { EventStore } from '@casefold/engine';
import { openPostgresStore } from '@casefold/postgres';
import { startEmbeddedPostgres } from '@casefold/postgres/testing';
import type { BenchmarkSuite, Measurement } from '../harness/benchHarness.js';
import { openRawBaseline } from '../postgres/rawBaseline.js';
import type { RawBaseline } from '../postgres/rawBaseline.js';
import { type ReplayRates, replayRates, replayTicketsRss } from './ticketReplay.js';
import { evolveTicketParts, initialTicket, ticketEvents } from './ticketWorkload.js';
import type { TicketState } from './ticketWorkload.js';

const asText = (value: string): string => value;
/** Every column as PostgreSQL's text: the raw reader parses data and metadata itself, as the store does. */
const TEXT_TYPES = { getTypeParser: () => asText } as unknown as pg.CustomTypesConfig;

/** Raw `pg`: keyset pages of 1,000 rows of `raw.events` in position order, data and metadata parsed, states folded. */
const rawReplay = async (client: pg.ClientBase, states: Map<string, TicketState>): Promise<number> => {
  let position = '0';
  let count = 0;
  for (;;) {
    const { rows } = await client.query<string[]>({
      name: 'small_raw_replay',
      text: 'SELECT position, stream_id, revision, event_id, type, data, metadata, prev_hash, hash FROM raw.events WHERE position > $1 ORDER BY position LIMIT 1000',
      values: [position],
      rowMode: 'array',
      types: TEXT_TYPES,
    });
    for (const row of rows) {
      const streamId = row[1]!;
      const metadata = JSON.parse(row[6]!) as { occurredAt: string };
      states.set(streamId, evolveTicketParts(states.get(streamId) ?? initialTicket, row[4]!, JSON.parse(row[5]!) as Record<string, unknown>, metadata.occurredAt));
    }
    count += rows.length;
    if (rows.length < 1_000) return count;
    position = rows[rows.length - 1]![0]!;
  }
};

/** Appends tickets `from` … `to - 1` to the store and to raw, 8 writers each (setup, not measured). */
const populate = async (store: EventStore, raw: RawBaseline, clients: readonly pg.Client[], from: number, to: number): Promise<void> => {
  let next = from;
  await Promise.all(
    clients.map(async (client) => {
      for (let n = next++; n < to; n = next++) {
        const events = ticketEvents(n);
        await store.appendToStream(`ticket-${n}`, events, { expectedRevision: 'no_stream' });
        await raw.append(client, `ticket-${n}`, events, -1);
      }
    }),
  );
};

const SMALL = 10_000;
const LARGE = 100_000;
/** 1,000,002 events. */
const MILLION_TICKETS = 166_667;

const replayRows = (label: string, rates: ReplayRates): Measurement[] => [
  { name: `replay into states, ${label} (vs raw pg keyset pages parsing and folding)`, value: rates.ours, unit: 'events/s', baseline: rates.raw, ratio: rates.ours / rates.raw },
  { name: '  the same, per CPU second of the client process', value: rates.oursCpu, unit: 'events/CPU-s', baseline: rates.rawCpu, ratio: rates.oursCpu / rates.rawCpu },
];

export const postgresSmallEvents: BenchmarkSuite = {
  id: 'small-events-postgres',
  name: 'small events on PostgreSQL — tickets of 6 small events: replay vs raw pg (embedded PostgreSQL 18, synchronous_commit off for the fill), N = 10,000 and 100,000, and a 1M-event replay',
  run: async () => {
    const server = await startEmbeddedPostgres({ settings: { synchronous_commit: 'off' } });
    const store = await openPostgresStore({ connectionString: server.url, schema: 'bench', pool: { max: 8 } });
    const clients: pg.Client[] = [];
    try {
      for (let i = 0; i < 8; i++) {
        const client = new pg.Client({ connectionString: server.url });
        await client.connect();
        clients.push(client);
      }
      const client = clients[0]!;
      const raw = await openRawBaseline(client);
      await populate(store.events, raw, clients, 0, SMALL);
      await client.query('VACUUM ANALYZE');
      const small = await replayRates(store.events, (states) => rawReplay(client, states), SMALL, 5);
      await populate(store.events, raw, clients, SMALL, LARGE);
      await client.query('VACUUM ANALYZE');
      const large = await replayRates(store.events, (states) => rawReplay(client, states), LARGE, 3);
      await populate(store.events, raw, clients, LARGE, MILLION_TICKETS);
      await client.query('VACUUM ANALYZE');
      const million = await replayTicketsRss(store.events);
      if (million.events !== MILLION_TICKETS * 6) throw new Error(`the 1M replay read ${million.events} events, not ${MILLION_TICKETS * 6}`);
      return [
        ...replayRows('N = 10,000', small),
        ...replayRows('N = 100,000', large),
        { name: 'replay rate at N = 100,000 ÷ at N = 10,000 (raw: the same quotient)', value: large.ours / small.ours, unit: '×', baseline: large.raw / small.raw },
        { name: '  the same, per CPU second of the client process', value: large.oursCpu / small.oursCpu, unit: '×', baseline: large.rawCpu / small.rawCpu },
        { name: 'replay of 1,000,002 events into states', value: million.rate, unit: 'events/s' },
        { name: 'replay of 1,000,002 events into states: RSS growth', value: million.growthMb, unit: 'MB' },
      ];
    } finally {
      await Promise.all(clients.map((c) => c.end()));
      await store.close();
      await server.destroy();
    }
  },
};
