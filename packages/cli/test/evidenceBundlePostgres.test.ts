import { afterAll, beforeAll, describe, expect, inject } from 'vitest';
import { tempDir } from './support/demoDatabase.js';
import { bundleOf, bundleTamperMatrix } from './support/evidenceMatrix.js';
import { sql } from './support/postgresServer.js';
import { runCasefold } from './support/runCasefold.js';
import { storeUnits, withPersonalData } from './support/operatorPrincipal.js';

/**
 * Issue 15's tamper matrix over evidence bundles exported from a PostgreSQL store: the demo
 * written into a database of its own on the test server, checkpointed, two cases exported
 * with `casefold export --case … --store postgres://…`, and each tampering of the bundle
 * checked by the standalone verifier (support/evidenceMatrix.ts; evidenceBundle.test.ts
 * runs the same matrix on SQLite).
 */

const serverUrl = inject('databaseUrl');
const database = `casefold_bundle_${process.pid}_${Date.now().toString(36)}`;
const url = Object.assign(new URL(serverUrl), { pathname: `/${database}` }).toString();
const dir = tempDir();
let cases: [string, string];

beforeAll(async () => {
  await sql(`CREATE DATABASE "${database}"`, serverUrl);
  const store = ['--store', url];
  const demo = await runCasefold(['demo', '--cases', '30', '--seed', 'cli-bundle-postgres', ...store], { cwd: dir });
  expect(demo.code, demo.stderr).toBe(0);
  for (const key of ['signer', 'intruder']) expect((await runCasefold(['checkpoint', '--new-key', key], { cwd: dir })).code).toBe(0);
  const taken = await runCasefold(['checkpoint', '--key', 'signer', '--out', 'cp.json', ...store], { cwd: dir });
  expect(taken.code, taken.stderr).toBe(0);
  const streams = (await sql('SELECT stream_id FROM casefold.events GROUP BY stream_id HAVING count(*) >= 5 ORDER BY min(position) LIMIT 2', url)).map((row) => String(row['stream_id']));
  expect(streams).toHaveLength(2);
  cases = [streams[0]!.slice('case-'.length), streams[1]!.slice('case-'.length)];
  const exported = await runCasefold(
    ['export', '--case', cases[0], '--case', cases[1], '--checkpoint', 'cp.json', '--out', 'two.json', ...withPersonalData(dir, await storeUnits(dir, { store: url })), ...store],
    { cwd: dir },
  );
  expect(exported.code, exported.stderr).toBe(0);
}, 180_000);
afterAll(async () => {
  await sql(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`, serverUrl);
});

describe('verify-evidence.mjs on a bundle exported from PostgreSQL: the tamper matrix', () => {
  bundleTamperMatrix(() => {
    // The bundle holds the events as PostgreSQL stored them, with the proofs of this store's checkpoint.
    const bundle = bundleOf(dir, 'two.json');
    expect(bundle.cases.map((c) => c.caseId)).toEqual(cases);
    expect(bundle.cases.every((c) => c.events.length >= 5 && c.notCovered.length === 0)).toBe(true);
    expect(bundle.summary[0]).toContain(`${database}`);
    return { dir, file: 'two.json', cases };
  });
});
