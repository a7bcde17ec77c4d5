import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import { verifyAll } from '@casefold/engine';
import type { AppendResult } from '@casefold/engine';
import { isPostgresPermissionError, openPostgresStore } from '../src/index.js';
import type { PostgresStore } from '../src/index.js';
import { createTenantRole, dropTenantSchema, urlAs } from './support/tenantRoles.js';
import { TEST_VISIBILITY_WAIT_MS, collect, databaseUrl, newEvent, sql, uniqueSchema } from './support/testStore.js';
import { outcomes } from './support/outcomes.js';

/**
 * Server-side refusals inside a group (groupCommit.ts): only the refused append fails, with
 * the error it gets alone; the others of its group are written. Stores here have ONE
 * connection (`pool.max: 1`): appends made while it is busy are written as one group.
 */

/** Makes the appends `make` starts one group behind a lead append to `lead` (which takes the one connection first). */
const inOneGroup = async (store: PostgresStore, lead: string, make: () => ReadonlyArray<Promise<AppendResult>>): Promise<unknown[]> => {
  const first = store.events.appendToStream(lead, [newEvent()], { expectedRevision: 'no_stream' });
  const results = outcomes(make());
  await first;
  return results;
};

describe('group commit: an append the row-level security policy refuses', () => {
  const schema = uniqueSchema('gcrls');
  const role = `${schema}_xishan`.slice(0, 63);
  beforeAll(async () => {
    const admin = await openPostgresStore({ connectionString: databaseUrl(), schema });
    await admin.close();
    await createTenantRole(schema, role);
    await sql(`ALTER TABLE "${schema}".events ENABLE ROW LEVEL SECURITY`);
    await sql(`CREATE POLICY tenant_streams ON "${schema}".events USING (starts_with(stream_id, 'xishan/')) WITH CHECK (starts_with(stream_id, 'xishan/'))`);
  });
  afterAll(() => dropTenantSchema(schema, [role]));

  it.each([
    ['heads read first', false],
    ['every head cached', true],
  ])('fails alone with PostgresPermissionError naming its own stream; the others of its group are written (%s)', async (_, cacheAll) => {
    const store = await openPostgresStore({ connectionString: urlAs(role), schema, pool: { max: 1 }, notifyIntervalMs: 3_600_000, visibilityWaitMs: TEST_VISIBILITY_WAIT_MS });
    try {
      const run = cacheAll ? 'cached' : 'read';
      const own = (name: string): string => `xishan/${run}-${name}`;
      if (cacheAll) for (const name of ['a', 'b']) await store.events.appendToStream(own(name), [newEvent()], { expectedRevision: 'no_stream' });
      const results = await inOneGroup(store, own('lead'), () => [
        store.events.appendToStream(own('a'), [newEvent()]),
        store.events.appendToStream(`guandu/${run}-x`, [newEvent()]),
        store.events.appendToStream(own('b'), [newEvent()]),
      ]);
      const base = cacheAll ? 1n : 0n;
      expect(results[0]).toMatchObject({ nextExpectedRevision: base });
      expect(isPostgresPermissionError(results[1]), String(results[1])).toBe(true);
      expect((results[1] as Error).message).toContain(`append to stream 'guandu/${run}-x'`);
      expect(results[2]).toMatchObject({ nextExpectedRevision: base });
      const stored = await sql<{ stream_id: string; revision: string }>(`SELECT stream_id, revision FROM "${schema}".events WHERE stream_id LIKE $1 ORDER BY position`, [`%/${run}-%`]);
      expect(stored.map((r) => `${r.stream_id}@${r.revision}`)).toEqual([...(cacheAll ? [`${own('a')}@0`, `${own('b')}@0`] : []), `${own('lead')}@0`, `${own('a')}@${base}`, `${own('b')}@${base}`]);
      expect((await collect(store.events.readStream(own('a')))).at(-1)).toEqual((results[0] as AppendResult).events[0]);
      expect(E.isRight(await verifyAll(store.events))).toBe(true);
    } finally {
      await store.close();
    }
  });
});

describe('group commit: a head read the server refuses', () => {
  const schema = uniqueSchema('gcread');
  const role = `${schema}_reader`.slice(0, 63);
  beforeAll(async () => {
    const admin = await openPostgresStore({ connectionString: databaseUrl(), schema });
    await admin.close();
    await createTenantRole(schema, role);
  });
  afterAll(() => dropTenantSchema(schema, [role]));

  it('writes each append of the group alone: those that need no head are written, the others fail alone with PostgresPermissionError', async () => {
    const store = await openPostgresStore({ connectionString: urlAs(role), schema, pool: { max: 1 }, notifyIntervalMs: 3_600_000, visibilityWaitMs: TEST_VISIBILITY_WAIT_MS });
    try {
      await sql(`INSERT INTO "${schema}".events (position, stream_id, revision, event_id, type, data, metadata, prev_hash, hash) VALUES (1, 'old', 0, 'x', 'X', '{}', '{}', '', '')`);
      // The role may insert, and read back an insert's positions, but no longer read a stream's head.
      await sql(`REVOKE SELECT ON "${schema}".events FROM "${role}"`);
      await sql(`GRANT SELECT (position) ON "${schema}".events TO "${role}"`);
      const results = await inOneGroup(store, 'lead', () => [
        store.events.appendToStream('new-1', [newEvent()], { expectedRevision: 'no_stream' }),
        store.events.appendToStream('old', [newEvent()], { expectedRevision: 0n }),
        store.events.appendToStream('new-2', [newEvent()], { expectedRevision: 'no_stream' }),
      ]);
      expect(results[0]).toMatchObject({ nextExpectedRevision: 0n });
      expect(isPostgresPermissionError(results[1]), String(results[1])).toBe(true);
      expect((results[1] as Error).message).toContain("append to stream 'old'");
      expect(results[2]).toMatchObject({ nextExpectedRevision: 0n });
      const stored = await sql<{ stream_id: string }>(`SELECT stream_id FROM "${schema}".events ORDER BY position`);
      expect(stored.map((r) => r.stream_id)).toEqual(['old', 'lead', 'new-1', 'new-2']);
    } finally {
      await store.close();
    }
  });
});

describe('group commit: appends whose events together are too large for one statement', () => {
  it('writes each append as it would be written alone: a group never sends more event text in one statement than the driver can encode', { timeout: 300_000 }, async () => {
    const schema = uniqueSchema('gcbig');
    const store = await openPostgresStore({ connectionString: databaseUrl(), schema, pool: { max: 1 }, notifyIntervalMs: 3_600_000, visibilityWaitMs: TEST_VISIBILITY_WAIT_MS });
    try {
      // 135 million characters of JSON per event, which an append alone sends as one parameter.
      // A group sends all its events' data as ONE array parameter: 4 × 135 million characters,
      // more than a JavaScript string holds (2^29 - 24), so the driver cannot build it.
      const data = { text: 'x'.repeat(135_000_000) };
      const results = await inOneGroup(store, 'lead', () => [
        store.events.appendToStream('big-1', [newEvent('Big', data)]),
        store.events.appendToStream('big-2', [newEvent('Big', data)]),
        store.events.appendToStream('small', [newEvent()]),
        store.events.appendToStream('big-3', [newEvent('Big', data)]),
        store.events.appendToStream('big-4', [newEvent('Big', data)]),
      ]);
      expect(results.map((r) => (r instanceof Error ? r.message : (r as AppendResult).nextExpectedRevision))).toEqual([0n, 0n, 0n, 0n, 0n]);
      const stored = await sql<{ stream_id: string; length: number }>(`SELECT stream_id, octet_length(data::text) AS length FROM "${schema}".events ORDER BY position`);
      const big = 135_000_011;
      expect(stored).toEqual(['lead', 'big-1', 'big-2', 'small', 'big-3', 'big-4'].map((stream_id) => ({ stream_id, length: stream_id.startsWith('big') ? big : 7 })));
    } finally {
      await store.close();
      await sql(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    }
  });
});
