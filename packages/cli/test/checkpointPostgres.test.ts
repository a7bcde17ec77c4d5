import { createRequire } from 'node:module';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GENESIS_HASH, eventHashOfJson } from '@casefold/engine';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { tempDir } from './support/demoDatabase.js';
import { REPO_ROOT, jsonOf, runCasefold } from './support/runCasefold.js';

/**
 * `casefold checkpoint` and `verify --checkpoint --store postgres://…` on PostgreSQL, each case of the tamper matrix
 * done with SQL on a copy of one checkpointed database (`CREATE DATABASE … TEMPLATE`); `jsonb` as another reader of a
 * duplicated key.
 */

interface PgClient {
  connect(): Promise<void>;
  query(text: string, values?: readonly unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
  end(): Promise<void>;
}
const pg = createRequire(`${REPO_ROOT}packages/postgres/package.json`)('pg') as { Client: new (config: { connectionString: string }) => PgClient };

type Sql = (text: string, values?: readonly unknown[]) => Promise<Record<string, unknown>[]>;

const connect = async (url: string): Promise<{ sql: Sql; end: () => Promise<void> }> => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return { sql: async (text, values = []) => (await client.query(text, values)).rows, end: () => client.end() };
};

const sqlOnce = async (url: string, text: string, values: readonly unknown[] = []): Promise<Record<string, unknown>[]> => {
  const { sql, end } = await connect(url);
  try {
    return await sql(text, values);
  } finally {
    await end();
  }
};

interface Difference {
  readonly kind: string;
  readonly streamId?: string;
  readonly revision?: string;
  readonly link?: { readonly kind: string };
}

interface Row {
  readonly position: string;
  readonly revision: string;
  readonly event_id: string;
  readonly type: string;
  readonly data: string;
  readonly metadata: string;
  readonly prev_hash: string;
}

const rowsOf = async (sql: Sql, streamId: string): Promise<Row[]> =>
  (await sql('SELECT position, revision, event_id, type, data::text AS data, metadata::text AS metadata, prev_hash FROM casefold.events WHERE stream_id = $1 ORDER BY revision', [
    streamId,
  ])) as unknown as Row[];

/** Changes `revision` of a stream with `change`, then re-hashes it and every later event, so that the chain holds (as a forger would). */
const rewriteAndRehash = async (sql: Sql, streamId: string, revision: number, change: (row: Row) => Row): Promise<void> => {
  let prevHash: string | null = null;
  for (const row of await rowsOf(sql, streamId)) {
    if (Number(row.revision) < revision) continue;
    const next = Number(row.revision) === revision ? change(row) : { ...row, prev_hash: prevHash! };
    const hash = eventHashOfJson(next.prev_hash, { streamId, revision: BigInt(row.revision), eventId: next.event_id, type: next.type, dataJson: next.data, metadataJson: next.metadata });
    await sql('UPDATE casefold.events SET data = $1::json, metadata = $2::json, prev_hash = $3, hash = $4 WHERE position = $5', [next.data, next.metadata, next.prev_hash, hash, row.position]);
    prevHash = hash;
  }
};

const byStream = <T extends { readonly streamId?: string }>(differences: T[]): T[] => differences.sort((a, b) => (a.streamId! < b.streamId! ? -1 : 1));

describe('casefold verify --checkpoint on PostgreSQL: the tamper matrix', () => {
  const serverUrl = inject('databaseUrl');
  const original = `casefold_cp_${process.pid}_${Date.now().toString(36)}`;
  const urlOf = (database: string) => Object.assign(new URL(serverUrl), { pathname: `/${database}` }).toString();
  const dir = tempDir();
  const created: string[] = [];
  /** Streams with at least 5 events, in position order of their first event. */
  let streams: string[] = [];

  const verify = async (database: string, checkpoint = 'cp.json') => {
    const result = await runCasefold(['verify', '--checkpoint', checkpoint, '--key', 'signer.pub', '--json', '--store', urlOf(database)], { cwd: dir });
    return { code: result.code, differences: jsonOf<{ differences?: Difference[] }>(result).differences, stdout: result.stdout };
  };
  /** A copy of the checkpointed database, tampered with by `tamper`. */
  const tampered = async (name: string, tamper: (sql: Sql) => Promise<unknown>): Promise<string> => {
    const database = `${original}_${name.replace(/\W+/g, '_')}`.slice(0, 63);
    await sqlOnce(serverUrl, `CREATE DATABASE "${database}" TEMPLATE "${original}"`);
    created.push(database);
    const { sql, end } = await connect(urlOf(database));
    try {
      await tamper(sql);
    } finally {
      await end();
    }
    return database;
  };

  beforeAll(async () => {
    await sqlOnce(serverUrl, `CREATE DATABASE "${original}"`);
    created.push(original);
    const store = ['--store', urlOf(original)];
    expect((await runCasefold(['demo', '--cases', '40', '--seed', 'cli-checkpoint', ...store], { cwd: dir })).code).toBe(0);
    for (const name of ['signer', 'intruder']) expect((await runCasefold(['checkpoint', '--new-key', name], { cwd: dir })).code).toBe(0);
    const taken = await runCasefold(['checkpoint', '--key', 'signer', '--out', 'cp.json', ...store], { cwd: dir });
    expect(taken.code, taken.stderr).toBe(0);
    streams = (await sqlOnce(urlOf(original), 'SELECT stream_id FROM casefold.events GROUP BY stream_id HAVING count(*) >= 5 ORDER BY min(position) LIMIT 4')).map((r) => String(r['stream_id']));
    expect(streams).toHaveLength(4);
  }, 180_000);
  afterAll(async () => {
    for (const database of created.reverse()) await sqlOnce(serverUrl, `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  });

  it('passes the untampered store', async () => {
    const { code, differences, stdout } = await verify(original);
    expect({ code, differences }).toEqual({ code: 0, differences: undefined });
    expect(JSON.parse(stdout)).toMatchObject({ ok: true, checkpoint: 'cp.json' });
  });

  const matrix: [string, (sql: Sql, s: string[]) => Promise<unknown>, (s: string[]) => Partial<Difference>[]][] = [
    [
      'edit data',
      (sql, s) => sql(`UPDATE casefold.events SET data = (data::jsonb || '{"note":"edited"}')::json WHERE stream_id = $1 AND revision = 2`, [s[0]]),
      (s) => [{ kind: 'chainBroken', streamId: s[0]!, revision: '2', link: { kind: 'changed' } }],
    ],
    [
      'edit metadata',
      (sql, s) => sql(`UPDATE casefold.events SET metadata = (metadata::jsonb || '{"occurredAt":"2020-01-01T00:00:00.000Z"}')::json WHERE stream_id = $1 AND revision = 1`, [s[1]]),
      (s) => [{ kind: 'chainBroken', streamId: s[1]!, revision: '1', link: { kind: 'changed' } }],
    ],
    [
      'delete a middle event',
      (sql, s) => sql('DELETE FROM casefold.events WHERE stream_id = $1 AND revision = 2', [s[0]]),
      (s) => [{ kind: 'eventCountDiffers' }, { kind: 'chainBroken', streamId: s[0]!, revision: '2', link: { kind: 'removed' } }],
    ],
    [
      'delete the tail of a stream',
      (sql, s) => sql('DELETE FROM casefold.events WHERE stream_id = $1 AND revision >= 3', [s[0]]),
      (s) => [{ kind: 'streamTruncated', streamId: s[0]!, revision: '3' }, { kind: 'eventCountDiffers' }],
    ],
    ['delete a whole stream', (sql, s) => sql('DELETE FROM casefold.events WHERE stream_id = $1', [s[2]]), (s) => [{ kind: 'streamRemoved', streamId: s[2]! }, { kind: 'eventCountDiffers' }]],
    [
      'insert a stream (at positions freed by deleting another)',
      async (sql, s) => {
        const rows = await rowsOf(sql, s[3]!);
        await sql('DELETE FROM casefold.events WHERE stream_id = $1', [s[3]]);
        let prevHash = GENESIS_HASH;
        for (const row of rows) {
          const hash = eventHashOfJson(prevHash, { streamId: 'case-forged', revision: BigInt(row.revision), eventId: row.event_id, type: row.type, dataJson: row.data, metadataJson: row.metadata });
          await sql('INSERT INTO casefold.events (position, stream_id, revision, event_id, type, data, metadata, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6::json, $7::json, $8, $9)', [
            row.position,
            'case-forged',
            row.revision,
            row.event_id,
            row.type,
            row.data,
            row.metadata,
            prevHash,
            hash,
          ]);
          prevHash = hash;
        }
      },
      (s) =>
        byStream([
          { kind: 'streamInserted', streamId: 'case-forged' },
          { kind: 'streamRemoved', streamId: s[3]! },
        ]),
    ],
    [
      're-hash a rewritten stream',
      (sql, s) => rewriteAndRehash(sql, s[1]!, 1, (row) => ({ ...row, data: JSON.stringify({ ...(JSON.parse(row.data) as object), note: 'rewritten' }) })),
      (s) => [{ kind: 'streamRewritten', streamId: s[1]! }],
    ],
    [
      'swap two streams (ids exchanged, re-hashed)',
      async (sql, s) => {
        const swap = 'UPDATE casefold.events SET stream_id = $1 WHERE stream_id = $2';
        await sql(swap, ['swapping', s[0]]);
        await sql(swap, [s[0], s[1]]);
        await sql(swap, [s[1], 'swapping']);
        await rewriteAndRehash(sql, s[0]!, 0, (row) => row);
        await rewriteAndRehash(sql, s[1]!, 0, (row) => row);
      },
      (s) => byStream([{ streamId: s[0]! }, { streamId: s[1]! }]),
    ],
    [
      'reorder (two events of a stream exchange positions)',
      async (sql, s) => {
        const [, one, two] = await rowsOf(sql, s[2]!);
        await sql('UPDATE casefold.events SET position = -1 WHERE position = $1', [one!.position]);
        await sql('UPDATE casefold.events SET position = $1 WHERE position = $2', [one!.position, two!.position]);
        await sql('UPDATE casefold.events SET position = $1 WHERE position = -1', [two!.position]);
      },
      (s) => [{ kind: 'chainBroken', streamId: s[2]!, link: { kind: 'reordered' } }],
    ],
    [
      'several at once: every broken chain is named, not only the first',
      async (sql, s) => {
        await sql(`UPDATE casefold.events SET data = (data::jsonb || '{"note":"edited"}')::json WHERE stream_id = $1 AND revision = 1`, [s[0]]);
        await sql(`UPDATE casefold.events SET data = (data::jsonb || '{"note":"edited"}')::json WHERE stream_id = $1 AND revision = 2`, [s[3]]);
      },
      (s) => [
        { kind: 'chainBroken', streamId: s[0]!, revision: '1' },
        { kind: 'chainBroken', streamId: s[3]!, revision: '2' },
      ],
    ],
  ];

  it.each(matrix)('%s: detected and named', async (name, tamper, expected) => {
    const database = await tampered(name, (sql) => tamper(sql, streams));
    const { code, differences } = await verify(database);
    expect(code).toBe(1);
    expect(differences).toEqual(expected(streams).map((d) => expect.objectContaining({ ...d, ...(d.link === undefined ? {} : { link: expect.objectContaining(d.link) }) })));
  });

  it('duplicate a JSON key: jsonb reads the forged (last) value, verify names the event as ambiguous', async () => {
    const streamId = streams[2]!;
    let key = '';
    const database = await tampered('duplicate key', async (sql) => {
      const [row] = await sql('SELECT data::text AS data FROM casefold.events WHERE stream_id = $1 AND revision = 1', [streamId]);
      const text = String(row!['data']);
      key = Object.keys(JSON.parse(text) as object)[0]!;
      await sql('UPDATE casefold.events SET data = $1::json WHERE stream_id = $2 AND revision = 1', [`${text.slice(0, -1)},${JSON.stringify(key)}:"forged"}`, streamId]);
      expect((await sql('SELECT data::jsonb ->> $1 AS value FROM casefold.events WHERE stream_id = $2 AND revision = 1', [key, streamId]))[0]!['value']).toBe('forged');
    });
    const { code, differences } = await verify(database);
    expect(code).toBe(1);
    expect(differences).toEqual([expect.objectContaining({ kind: 'chainBroken', streamId, revision: '1', link: expect.objectContaining({ kind: 'ambiguous' }) })]);
  });

  it('edit the checkpoint, or sign it with another key: refused before the store is compared', async () => {
    const checkpoint = JSON.parse(readFileSync(join(dir, 'cp.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(join(dir, 'edited.json'), JSON.stringify({ ...checkpoint, events: (checkpoint['events'] as number) - 1 }));
    expect(await verify(original, 'edited.json')).toMatchObject({ code: 1, differences: [expect.objectContaining({ kind: 'signatureInvalid' })] });
    const resigned = await runCasefold(['checkpoint', '--key', 'intruder', '--out', 'intruder.json', '--store', urlOf(original)], { cwd: dir });
    expect(resigned.code, resigned.stderr).toBe(0);
    expect(await verify(original, 'intruder.json')).toMatchObject({ code: 1, differences: [expect.objectContaining({ kind: 'keyDiffers' })] });
  });
});
