import { join } from 'node:path';
import { openDatabase } from '@casefold/sqlite';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { tempDir } from './support/demoDatabase.js';
import { type Bundle, type Finding, type TwoCaseBundle, rehash, tampered, verifier } from './support/evidenceMatrix.js';
import { sql } from './support/postgresServer.js';
import { runCasefold } from './support/runCasefold.js';
import { storeUnits, withPersonalData } from './support/operatorPrincipal.js';

/**
 * The two rows of issue 15's tamper matrix that support/evidenceMatrix.ts does not run over
 * evidence bundles (re-checked end to end): a whole stream deleted (a case's events removed
 * from the bundle) and a stream inserted (a forged case added, its events chained and its
 * head claimed, with another case's audit path); and a tail of one event cut off, whose
 * finding says so in the singular. Each is checked by the standalone verifier as a real
 * `node` process, on bundles exported from a SQLite and from a PostgreSQL store.
 */

const rows: [string, (bundle: Bundle) => void, (a: string) => Partial<Finding>[]][] = [
  [
    'delete the last event (one revision cut off, said in the singular)',
    (b) => b.cases[0]!.events.pop(),
    (a) => [{ kind: 'truncated', case: a, message: expect.stringMatching(/: revision \d+ was cut off\.$/) as string }],
  ],
  ['delete a whole stream (every event of a case)', (b) => (b.cases[0]!.events = []), (a) => [{ kind: 'truncated', case: a }]],
  [
    "insert a stream (a forged case: another case's events under a new id, re-hashed, its head claimed, the other's audit path)",
    (b) => {
      const forged = structuredClone(b.cases[0]!);
      Object.assign(forged, { caseId: 'forged', streamId: 'case-forged' });
      rehash(forged, 0);
      forged.committed = { revision: forged.events[forged.events.length - 1]!.revision, hash: forged.events[forged.events.length - 1]!.hash };
      b.cases.push(forged);
    },
    () => [{ kind: 'proofInvalid', case: 'forged' }],
  ],
];

const registerRows = (bundle: () => TwoCaseBundle): void => {
  it('the untampered bundle verifies (exit 0)', async () => {
    const { dir, file } = bundle();
    expect(await verifier(dir, file)).toMatchObject({ code: 0, verdict: { ok: true, findings: [] } });
  });
  it.each(rows)('%s: detected and named', async (name, change, expected) => {
    const { dir, file, cases } = bundle();
    const copy = tampered(dir, `${name.replace(/\W+/g, '-').slice(0, 40)}.json`, change, file);
    const { code, verdict } = await verifier(dir, copy);
    expect(code).toBe(1);
    expect(verdict.ok).toBe(false);
    expect(verdict.findings).toEqual(expect.arrayContaining(expected(cases[0]).map((f) => expect.objectContaining(f))));
  });
};

/** Checkpoints the store (`store`: CLI arguments) in `dir` and exports two cases of at least 5 events (`streams`) into `two.json`. */
const exportTwo = async (dir: string, store: readonly string[], location: { readonly db: string } | { readonly store: string }, streams: string[]): Promise<TwoCaseBundle> => {
  for (const key of ['signer', 'intruder']) expect((await runCasefold(['checkpoint', '--new-key', key], { cwd: dir })).code).toBe(0);
  const taken = await runCasefold(['checkpoint', '--key', 'signer', '--out', 'cp.json', ...store], { cwd: dir });
  expect(taken.code, taken.stderr).toBe(0);
  const cases = [streams[0]!.slice('case-'.length), streams[1]!.slice('case-'.length)] as const;
  const run = await runCasefold(
    ['export', '--case', cases[0], '--case', cases[1], '--checkpoint', 'cp.json', '--out', 'two.json', ...withPersonalData(dir, await storeUnits(dir, location)), ...store],
    {
      cwd: dir,
    },
  );
  expect(run.code, run.stderr).toBe(0);
  return { dir, file: 'two.json', cases };
};

const TWO_STREAMS = 'SELECT stream_id FROM events GROUP BY stream_id HAVING count(*) >= 5 ORDER BY min(position) LIMIT 2';

describe('verify-evidence.mjs on a tampered bundle of a SQLite store', () => {
  let bundle: TwoCaseBundle;
  beforeAll(async () => {
    const dir = tempDir();
    expect((await runCasefold(['demo', '--cases', '30', '--seed', 'bundle-recheck', '--db', 'store.db'], { cwd: dir })).code).toBe(0);
    const handle = openDatabase({ fileName: join(dir, 'store.db') });
    const streams = handle.prepare(TWO_STREAMS).pluck().all() as string[];
    handle.close();
    bundle = await exportTwo(dir, ['--db', 'store.db'], { db: 'store.db' }, streams);
  }, 180_000);
  registerRows(() => bundle);
});

describe('verify-evidence.mjs on a tampered bundle of a PostgreSQL store', () => {
  const serverUrl = inject('databaseUrl');
  const database = `casefold_bundle_recheck_${process.pid}_${Date.now().toString(36)}`;
  const url = Object.assign(new URL(serverUrl), { pathname: `/${database}` }).toString();
  let bundle: TwoCaseBundle;
  beforeAll(async () => {
    await sql(`CREATE DATABASE "${database}"`, serverUrl);
    const dir = tempDir();
    expect((await runCasefold(['demo', '--cases', '30', '--seed', 'bundle-recheck', '--store', url], { cwd: dir })).code).toBe(0);
    const streams = (await sql(TWO_STREAMS.replace('FROM events', 'FROM casefold.events'), url)).map((row) => String(row['stream_id']));
    bundle = await exportTwo(dir, ['--store', url], { store: url }, streams);
  }, 180_000);
  afterAll(async () => {
    await sql(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`, serverUrl);
  });
  registerRows(() => bundle);
});
