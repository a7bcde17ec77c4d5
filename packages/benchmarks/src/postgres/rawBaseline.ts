import pg from 'pg';
import { eventHashOfJson } from '@casefold/engine';
import type { NewEvent } from '@casefold/engine';
import { migrations } from '@casefold/postgres';

/**
 * The baseline the store's figures are compared with: plain `pg` on the same tables (the
 * library's own migration SQL, in schema `raw`), prepared statements, one statement per
 * append relying on the unique `(stream_id, revision)` index for the expected revision, and
 * positions from a plain sequence — but no library: no validation, no hash chain, no head
 * lookup, no notification, default `pg` row parsing.
 */
export interface RawBaseline {
  /** Appends pre-built events after revision `expected` (`-1` for a new stream) on `client`. */
  readonly append: (client: pg.ClientBase, streamId: string, events: readonly NewEvent[], expected: number) => Promise<void>;
  /** The same, with the position taken from a single counter row (serialized position assignment). */
  readonly appendSerialized: (client: pg.ClientBase, streamId: string, events: readonly NewEvent[], expected: number) => Promise<void>;
  /** Reads one stream's events in revision order (what a command handler loads); returns the count. */
  readonly load: (client: pg.ClientBase, streamId: string) => Promise<number>;
  /** Reads every event in position order, 1,000 rows per page; returns the count. */
  readonly replay: (client: pg.ClientBase) => Promise<number>;
  /** The same pages with every column left as text (no JSON parsing): the driver's own limit. */
  readonly replayText: (client: pg.ClientBase) => Promise<number>;
  /** The pages as text, hashing each event's texts as a hash-chain check does (the raw table holds no real hashes to compare with). */
  readonly hashText: (client: pg.ClientBase) => Promise<number>;
  /** Commits one tiny row on `client`: the floor of any synchronous commit (one WAL flush). */
  readonly commitTiny: (client: pg.ClientBase, value: number) => Promise<void>;
}

const asText = (value: string): string => value;
/** Leaves every column as PostgreSQL's text. */
const TEXT_TYPES = { getTypeParser: () => asText } as unknown as pg.CustomTypesConfig;

const FAKE_HASH = 'f'.repeat(64);

/** Pages through `raw.events` in position order (1,000 rows a page) with pg's default or the given type parsing, calling `visit` on each row. */
const replayPages = async (client: pg.ClientBase, name: string, types?: pg.CustomTypesConfig, visit?: (row: unknown[]) => void): Promise<number> => {
  let position = '0';
  let count = 0;
  for (;;) {
    const { rows } = await client.query<unknown[]>({
      name,
      text: 'SELECT position, stream_id, revision, event_id, type, data, metadata, prev_hash, hash FROM raw.events WHERE position > $1 ORDER BY position LIMIT 1000',
      values: [position],
      rowMode: 'array',
      ...(types === undefined ? {} : { types }),
    });
    count += rows.length;
    if (visit !== undefined) for (const row of rows) visit(row);
    if (rows.length < 1000) return count;
    position = String(rows[rows.length - 1]![0]);
  }
};

/** Creates schema `raw` (if missing) and returns the baseline operations. */
export const openRawBaseline = async (client: pg.ClientBase): Promise<RawBaseline> => {
  await client.query(`CREATE SCHEMA IF NOT EXISTS raw`);
  if ((await client.query(`SELECT to_regclass('raw.events') AS t`)).rows[0]?.t === null) {
    for (const migration of migrations) await client.query(migration.sql('raw'));
    await client.query(`CREATE SEQUENCE raw.positions; CREATE TABLE raw.counter (id int PRIMARY KEY, last bigint); INSERT INTO raw.counter VALUES (1, 1099511627776)`);
    await client.query(`CREATE TABLE raw.tiny (value int NOT NULL)`);
  }
  const insertText = (count: number, position: (i: number) => string, from = ''): string => {
    const rows = Array.from({ length: count }, (_, i) => {
      const p = 3 + i * 4;
      return `(${position(i)}, $1, $2::bigint + ${i}, $${p}, $${p + 1}, $${p + 2}, $${p + 3}, '${FAKE_HASH}', '${FAKE_HASH}')`;
    });
    return `INSERT INTO raw.events (position, stream_id, revision, event_id, type, data, metadata, prev_hash, hash) ${from}VALUES ${rows.join(', ')}`;
  };
  const values = (streamId: string, events: readonly NewEvent[], expected: number): unknown[] => [
    streamId,
    expected + 1,
    ...events.flatMap((e) => [e.eventId, e.type, JSON.stringify(e.data), JSON.stringify(e.metadata)]),
  ];
  return {
    append: async (client, streamId, events, expected) => {
      await client.query({ name: `raw_append_${events.length}`, text: insertText(events.length, () => `nextval('raw.positions')`), values: values(streamId, events, expected) });
    },
    appendSerialized: async (client, streamId, events, expected) => {
      const text = `WITH c AS (UPDATE raw.counter SET last = last + ${events.length} WHERE id = 1 RETURNING last) ${insertText(
        events.length,
        (i) => `(SELECT last FROM c) - ${events.length - 1 - i}`,
      )}`;
      await client.query({ name: `raw_append_serialized_${events.length}`, text, values: values(streamId, events, expected) });
    },
    load: async (client, streamId) => {
      const { rows } = await client.query<unknown[]>({
        name: 'raw_load',
        text: 'SELECT position, stream_id, revision, event_id, type, data, metadata, prev_hash, hash FROM raw.events WHERE stream_id = $1 ORDER BY revision',
        values: [streamId],
        rowMode: 'array',
      });
      return rows.length;
    },
    replay: (client) => replayPages(client, 'raw_replay'),
    replayText: (client) => replayPages(client, 'raw_replay_text', TEXT_TYPES),
    hashText: (client) =>
      replayPages(client, 'raw_replay_text', TEXT_TYPES, (row) => {
        const [, streamId, revision, eventId, type, dataJson, metadataJson, prevHash] = row as string[];
        eventHashOfJson(prevHash!, { streamId: streamId!, revision: BigInt(revision!), eventId: eventId!, type: type!, dataJson: dataJson!, metadataJson: metadataJson! });
      }),
    commitTiny: async (client, value) => {
      await client.query({ name: 'raw_commit_tiny', text: 'INSERT INTO raw.tiny (value) VALUES ($1)', values: [value] });
    },
  };
};
