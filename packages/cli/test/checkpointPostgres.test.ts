import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { tempDir } from './support/demoDatabase.js';
import { REPO_ROOT, jsonOf, runCasefold } from './support/runCasefold.js';

/** `casefold checkpoint` and `verify --checkpoint` on PostgreSQL, tampered with SQL; `jsonb` as another reader of a duplicated key. */

interface PgClient {
  connect(): Promise<void>;
  query(text: string, values?: readonly unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
  end(): Promise<void>;
}
const pg = createRequire(`${REPO_ROOT}packages/postgres/package.json`)('pg') as { Client: new (config: { connectionString: string }) => PgClient };

const sql = async (url: string, text: string, values: readonly unknown[] = []): Promise<Record<string, unknown>[]> => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, values)).rows;
  } finally {
    await client.end();
  }
};

describe('casefold verify --checkpoint on PostgreSQL', () => {
  const serverUrl = inject('databaseUrl');
  const database = `casefold_cp_${process.pid}_${Date.now().toString(36)}`;
  const url = Object.assign(new URL(serverUrl), { pathname: `/${database}` }).toString();
  const dir = tempDir();
  const run = (args: readonly string[]) => runCasefold([...args, '--store', url], { cwd: dir });
  const verify = async () => {
    const result = await run(['verify', '--checkpoint', 'cp.json', '--key', 'signer.pub', '--json']);
    return { code: result.code, differences: jsonOf<{ differences?: Record<string, unknown>[] }>(result).differences };
  };

  beforeAll(async () => {
    await sql(serverUrl, `CREATE DATABASE "${database}"`);
    expect((await run(['demo', '--cases', '40', '--seed', 'cli-checkpoint'])).code).toBe(0);
    expect((await runCasefold(['checkpoint', '--new-key', 'signer'], { cwd: dir })).code).toBe(0);
    const taken = await run(['checkpoint', '--key', 'signer', '--out', 'cp.json']);
    expect(taken.code, taken.stderr).toBe(0);
  }, 120_000);
  afterAll(async () => {
    await sql(serverUrl, `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  });

  it('passes the intact store; names a duplicated key (which jsonb reads as its last value) and a cut tail', async () => {
    expect(await verify()).toEqual({ code: 0, differences: undefined });
    const [first, second] = (await sql(url, 'SELECT stream_id FROM casefold.events GROUP BY stream_id HAVING count(*) >= 4 ORDER BY min(position) LIMIT 2')).map((r) => String(r['stream_id']));
    const [row] = await sql(url, 'SELECT data::text AS data FROM casefold.events WHERE stream_id = $1 AND revision = 1', [first]);
    const text = String(row!['data']);
    const key = Object.keys(JSON.parse(text) as object)[0]!;
    // jsonb reads the last of two equal keys (SQLite's json_extract the first): readers disagree, and verify refuses the text.
    const forged = `${text.slice(0, -1)},${JSON.stringify(key)}:"forged"}`;
    await sql(url, 'UPDATE casefold.events SET data = $1::json WHERE stream_id = $2 AND revision = 1', [forged, first]);
    expect((await sql(url, 'SELECT data::jsonb ->> $1 AS value FROM casefold.events WHERE stream_id = $2 AND revision = 1', [key, first]))[0]!['value']).toBe('forged');
    await sql(url, 'DELETE FROM casefold.events WHERE stream_id = $1 AND revision >= 2', [second]);
    const { code, differences } = await verify();
    expect(code).toBe(1);
    expect(differences).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'streamTruncated', streamId: second, revision: '2' }), expect.objectContaining({ kind: 'eventCountDiffers' })]),
    );
    // verify --checkpoint names the first broken chain only: with the cut stream gone, the duplicated key is that link.
    await sql(url, 'DELETE FROM casefold.events WHERE stream_id = $1', [second]);
    const plain = await run(['verify', '--json']);
    expect(plain.code).toBe(1);
    expect(jsonOf<{ brokenLink: Record<string, unknown> }>(plain).brokenLink).toMatchObject({ kind: 'ambiguous', streamId: first, revision: '1' });
  });
});
