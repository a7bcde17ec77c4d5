import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import type { EventMetadata, Json, NewEvent, RecordedEvent } from '@casefold/engine';
import { openPostgresStore } from '../../src/index.js';
import type { PostgresStoreOptions, PostgresStore } from '../../src/index.js';

/** The server URL the global setup provides. */
export const databaseUrl = (): string => inject('databaseUrl');

let counter = 0;
/** A schema name no other test (or process) uses. */
export const uniqueSchema = (prefix = 't'): string => `${prefix}_${process.pid}_${Date.now().toString(36)}_${counter++}`;

/** A store on a fresh schema; `dispose` closes it and drops the schema. */
export interface TestStore extends PostgresStore {
  readonly dispose: () => Promise<void>;
}

/** Runs one statement on its own connection (for test setup and inspection). */
export const sql = async <R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values: unknown[] = [], url = databaseUrl()): Promise<R[]> => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(text, values)).rows;
  } finally {
    await client.end();
  }
};

/**
 * How long the tests' whole-store reads wait for transactions running when they began. Test
 * files share one server, and a transaction anywhere on it (another file's 65,536-event
 * append, autovacuum) holds a read's safe bound back; tests that expect a complete read wait
 * it out rather than get the (documented) shorter prefix of the default 2 s. Tests of that
 * bound pass `visibilityWaitMs` themselves.
 */
export const TEST_VISIBILITY_WAIT_MS = 30_000;

/** Opens a store on a schema of its own. */
export const openTestStore = async (options: Partial<PostgresStoreOptions> = {}): Promise<TestStore> => {
  const schema = options.schema ?? uniqueSchema();
  const result = await openPostgresStore({ connectionString: databaseUrl(), visibilityWaitMs: TEST_VISIBILITY_WAIT_MS, ...options, schema });
  return {
    ...result,
    dispose: async () => {
      await result.close();
      await sql(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    },
  };
};

/** A new event with complete metadata. */
export const newEvent = (type = 'Submitted', data: Json = { n: 1 }, metadata: Partial<EventMetadata> = {}): NewEvent => {
  const id = randomUUID();
  return {
    eventId: id,
    type,
    data,
    metadata: {
      occurredAt: '2026-03-01T08:00:00.000Z',
      recordedAt: '2026-03-01T08:00:01.000Z',
      commandId: `cmd-${id}`,
      correlationId: `cor-${id}`,
      causationId: null,
      schemaVersion: 1,
      ...metadata,
    },
  };
};

/** Collects an async iterable. */
export const collect = async <T>(iterable: AsyncIterable<T>): Promise<T[]> => {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
};

/** The identity of recorded events, for order comparisons. */
export const ids = (events: readonly RecordedEvent[]): string[] => events.map((e) => e.eventId);
