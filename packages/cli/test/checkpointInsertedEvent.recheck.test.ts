import { join } from 'node:path';
import { eventHashOfJson } from '@casefold/engine';
import { openDatabase } from '@casefold/sqlite';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { tempDir } from './support/demoDatabase.js';
import { pgClient, sql } from './support/postgresServer.js';
import { jsonOf, runCasefold } from './support/runCasefold.js';

/**
 * The row of docs/audit.md's detection table that the CLI tamper matrices (checkpoint.test.ts,
 * checkpointPostgres.test.ts) lacked, re-checked end to end: an event inserted in the middle of a
 * stream, correctly hashed onto the event before it, the later events moved up one revision (as
 * the unique revision index makes a forger do), at a new position. `casefold verify
 * --checkpoint` must exit 1 naming the stream: its head moved past the committed one
 * (`streamExtended`), told with its chain's break where the forged event was put (its `link`).
 */

interface Difference {
  readonly kind: string;
  readonly streamId?: string;
  readonly revision?: string;
}

interface Row {
  readonly revision: number | string;
  readonly event_id: string;
  readonly type: string;
  readonly data: string;
  readonly metadata: string;
  readonly hash: string;
}

/** The forged event: a copy of revision 2's content under a new id, at revision 3, chained onto revision 2. */
const forgedAfter = (streamId: string, two: Row) => {
  const event = { streamId, revision: 3n, eventId: 'forged-event', type: two.type, dataJson: two.data, metadataJson: two.metadata };
  return { ...event, prevHash: two.hash, hash: eventHashOfJson(two.hash, event) };
};

/** `run` failed naming `streamId`: extended to revision `events` (one more than it had), its chain broken. */
const expectNamed = (run: Awaited<ReturnType<typeof runCasefold>>, streamId: string, events: number): void => {
  expect(run.code, run.stdout).toBe(1);
  const { ok, differences } = jsonOf<{ ok: boolean; differences: Difference[] }>(run);
  expect(ok).toBe(false);
  expect(differences).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'streamExtended', streamId, revision: String(events), link: expect.objectContaining({ streamId }) })]));
  expect(differences.filter((d) => d.kind === 'chainBroken')).toEqual([]);
};

const checkpointed = async (dir: string, store: readonly string[]): Promise<void> => {
  expect((await runCasefold(['checkpoint', '--new-key', 'signer'], { cwd: dir })).code).toBe(0);
  const taken = await runCasefold(['checkpoint', '--key', 'signer', '--out', 'cp.json', ...store], { cwd: dir });
  expect(taken.code, taken.stderr).toBe(0);
};

const verify = (dir: string, store: readonly string[]) => runCasefold(['verify', '--checkpoint', 'cp.json', '--key', 'signer.pub', '--json', ...store], { cwd: dir });

/** A stream of at least 5 events (so that the forged revision 3 is in the middle), and its count. */
const LONG_STREAM = 'SELECT stream_id, count(*) AS events FROM events GROUP BY stream_id HAVING count(*) >= 5 ORDER BY min(position) LIMIT 1';

describe('verify --checkpoint: an event inserted in the middle of a stream', () => {
  it('on SQLite', async () => {
    const dir = tempDir();
    const store = ['--db', 'store.db'];
    expect((await runCasefold(['demo', '--cases', '40', '--seed', 'inserted-event', ...store], { cwd: dir })).code).toBe(0);
    await checkpointed(dir, store);
    const intact = await verify(dir, store);
    expect(intact.code, intact.stdout).toBe(0);
    const handle = openDatabase({ fileName: join(dir, 'store.db') });
    let picked = { stream_id: '', events: 0 };
    try {
      picked = handle.prepare(LONG_STREAM).get() as typeof picked;
      const streamId = picked.stream_id;
      const two = handle.prepare('SELECT * FROM events WHERE stream_id = ? AND revision = 2').get(streamId) as Row;
      const forged = forgedAfter(streamId, two);
      handle.transaction(() => {
        handle.prepare('UPDATE events SET revision = -(revision + 1) WHERE stream_id = ? AND revision >= 3').run(streamId);
        handle.prepare('UPDATE events SET revision = -revision WHERE stream_id = ? AND revision < 0').run(streamId);
        handle
          .prepare('INSERT INTO events (position, stream_id, revision, event_id, type, data, metadata, prev_hash, hash) VALUES ((SELECT max(position) + 1 FROM events), ?, 3, ?, ?, ?, ?, ?, ?)')
          .run(streamId, forged.eventId, forged.type, forged.dataJson, forged.metadataJson, forged.prevHash, forged.hash);
      })();
    } finally {
      handle.close();
    }
    expectNamed(await verify(dir, store), picked.stream_id, picked.events);
  }, 180_000);

  describe('on PostgreSQL', () => {
    const serverUrl = inject('databaseUrl');
    const database = `casefold_inserted_${process.pid}_${Date.now().toString(36)}`;
    const url = Object.assign(new URL(serverUrl), { pathname: `/${database}` }).toString();
    beforeAll(() => sql(`CREATE DATABASE "${database}"`, serverUrl));
    afterAll(() => sql(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`, serverUrl));

    it('the same forgery, with SQL', async () => {
      const dir = tempDir();
      const store = ['--store', url];
      expect((await runCasefold(['demo', '--cases', '40', '--seed', 'inserted-event', ...store], { cwd: dir })).code).toBe(0);
      await checkpointed(dir, store);
      const client = pgClient(url) as ReturnType<typeof pgClient> & { query(text: string, values: readonly unknown[]): Promise<{ rows: Record<string, unknown>[] }> };
      await client.connect();
      let picked = { streamId: '', events: 0 };
      try {
        const [{ stream_id: streamId, events }] = (await client.query(LONG_STREAM.replace('FROM events', 'FROM casefold.events'))).rows as [{ stream_id: string; events: string }];
        picked = { streamId, events: Number(events) };
        const select = 'SELECT revision, event_id, type, data::text AS data, metadata::text AS metadata, hash FROM casefold.events WHERE stream_id = $1 AND revision = 2';
        const [two] = (await client.query(select, [streamId])).rows as unknown as [Row];
        const forged = forgedAfter(streamId, two);
        await client.query('BEGIN');
        // Revisions 3.. move up by one (through a free range: revisions may not be negative, and (stream, revision) is unique).
        await client.query('UPDATE casefold.events SET revision = revision + 1000001 WHERE stream_id = $1 AND revision >= 3', [streamId]);
        await client.query('UPDATE casefold.events SET revision = revision - 1000000 WHERE stream_id = $1 AND revision >= 1000000', [streamId]);
        await client.query(
          'INSERT INTO casefold.events (position, stream_id, revision, event_id, type, data, metadata, prev_hash, hash) VALUES ((SELECT max(position) + 1 FROM casefold.events), $1, 3, $2, $3, $4::json, $5::json, $6, $7)',
          [streamId, forged.eventId, forged.type, forged.dataJson, forged.metadataJson, forged.prevHash, forged.hash],
        );
        await client.query('COMMIT');
      } finally {
        await client.end();
      }
      expectNamed(await verify(dir, store), picked.streamId, picked.events);
    }, 180_000);
  });
});
