import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { tempDir } from './support/demoDatabase.js';
import { closedPort, sql } from './support/postgresServer.js';
import { type CasefoldRun, REPO_ROOT, jsonOf, runCasefold } from './support/runCasefold.js';
import { storeUnits, withPersonalData } from './support/operatorPrincipal.js';

const PASSWORD = 'Pa55-s3cret';
const CASES = 150;

/** The EventStoreDB protocol double (packages/eventstoredb/test/double), in a process of its own: it is a test fixture of that package. */
const startDouble = async (): Promise<{ readonly child: ChildProcess; readonly port: number }> => {
  const child = spawn(`${REPO_ROOT}node_modules/.bin/tsx`, [`${REPO_ROOT}packages/eventstoredb/test/double/serveDouble.ts`], { stdio: ['pipe', 'pipe', 'inherit'] });
  const [line] = await Promise.race([
    createInterface({ input: child.stdout! })
      [Symbol.asyncIterator]()
      .next()
      .then((next) => [next.value as string]),
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the double did not start within 30 s')), 30_000)),
  ]);
  return { child, port: (JSON.parse(line!) as { port: number }).port };
};

/** The run printed no part of the password, on either stream. */
const expectNoPassword = (run: CasefoldRun): void => {
  expect(run.stdout).not.toContain(PASSWORD);
  expect(run.stderr).not.toContain(PASSWORD);
};

describe('casefold on EventStoreDB (--store esdb://…, against the in-repo protocol double)', () => {
  let double: { readonly child: ChildProcess; readonly port: number };
  let url: string;
  const dir = tempDir();
  const run = (args: readonly string[], options: { readonly stdin?: string } = {}) => runCasefold([...args, '--store', url], { cwd: dir, ...options });

  beforeAll(async () => {
    double = await startDouble();
    url = `esdb://admin:${PASSWORD}@localhost:${double.port}?tls=false`;
  });
  afterAll(() => {
    double.child.kill();
  });

  it('demo stores a year; verify, stats and replay work on it; no password anywhere; the read models are in a SQLite file named from host and prefix', async () => {
    const demo = await run(['demo', '--cases', String(CASES), '--seed', 'cli-esdb', '--json']);
    expect(demo.code, demo.stderr).toBe(0);
    expectNoPassword(demo);
    const result = jsonOf<{ database: string; cases: number; events: number }>(demo);
    expect(result.database).toBe(`'esdb://localhost:${double.port}' (streams 'casefold-…')`);
    expect(result.cases).toBeGreaterThanOrEqual(CASES);
    expect(existsSync(join(dir, `esdb-localhost-${double.port}-casefold.read-models.db`))).toBe(true);

    const [verify, stats, replay] = await Promise.all([run(['verify', '--json']), run(['stats', '--json']), run(['replay'])]);
    for (const each of [verify, stats, replay]) {
      expect(each.code, each.stderr).toBe(0);
      expectNoPassword(each);
    }
    expect(jsonOf(verify)).toMatchObject({ ok: true, events: result.events });
    const received = Object.values(jsonOf<{ byKind: Record<string, { received: number }> }>(stats).byKind).reduce((sum, kind) => sum + kind.received, 0);
    expect(received).toBe(result.cases);
    expect(replay.stdout).toContain(`from 'esdb://localhost:${double.port}' (streams 'casefold-…')`);

    // A second demo into the same prefix is refused; the store is as it was.
    const again = await run(['demo', '--cases', '10']);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain("The EventStoreDB stream prefix 'casefold-' already holds casefold events");
    expect(jsonOf(await run(['verify', '--json']))).toMatchObject({ ok: true, events: result.events });
  });

  it("export, then import into SQLite: the same events (the SQLite copy exports the same file but for the positions, which are each store's own) and the same dashboards", async () => {
    const exported = await run(['export', ...withPersonalData(dir, await storeUnits(dir, { store: url })), '--out', 'esdb.ndjson']);
    expect(exported.code, exported.stderr).toBe(0);
    expectNoPassword(exported);
    const imported = await runCasefold(['import', 'esdb.ndjson', '--db', 'copy.db', '--json'], { cwd: dir });
    expect(imported.code, imported.stderr).toBe(0);
    const copied = await runCasefold(['export', ...withPersonalData(dir, await storeUnits(dir, { db: 'copy.db' })), '--out', 'copy.ndjson', '--db', 'copy.db'], { cwd: dir });
    expect(copied.code, copied.stderr).toBe(0);
    const lines = (file: string): string[] => readFileSync(join(dir, file), 'utf8').trimEnd().split('\n');
    const withoutPositions = (file: string): unknown[] => lines(file).map((line) => ({ ...(JSON.parse(line) as object), position: undefined }));
    expect(lines('copy.ndjson').length).toBeGreaterThan(CASES);
    expect(withoutPositions('copy.ndjson')).toEqual(withoutPositions('esdb.ndjson'));
    // EventStoreDB's positions are byte offsets in its log: increasing, not consecutive as SQLite's.
    expect(lines('esdb.ndjson')).not.toEqual(lines('copy.ndjson'));
    const [fromEsdb, fromCopy] = await Promise.all([run(['dashboards', '--json']), runCasefold(['dashboards', '--json', '--db', 'copy.db'], { cwd: dir })]);
    expect(fromEsdb.code, fromEsdb.stderr).toBe(0);
    expect(jsonOf(fromEsdb)['dashboards']).toEqual(jsonOf(fromCopy)['dashboards']);
  });

  it('import into EventStoreDB under another prefix, with --projections naming the read models file; that file is refused for another prefix', async () => {
    const imported = await run(['import', 'esdb.ndjson', '--stream-prefix', 'copy-', '--projections', 'copy-read-models.db', '--json']);
    expect(imported.code, imported.stderr).toBe(0);
    expectNoPassword(imported);
    const verify = await run(['verify', '--json', '--stream-prefix', 'copy-', '--projections', 'copy-read-models.db']);
    expect(verify.code, verify.stderr).toBe(0);
    const original = jsonOf(await run(['verify', '--json']));
    expect(jsonOf(verify)).toEqual(original);

    const mismatched = await run(['stats', '--projections', 'copy-read-models.db']);
    expect(mismatched.code).toBe(4);
    expect(mismatched.stderr).toContain("holds the read models of another EventStoreDB store (hosts 'localhost:");
    expect(mismatched.stderr).toContain("streams 'copy-…'");
    expectNoPassword(mismatched);
  });

  it('--projections postgres://…: an import under another prefix keeps its read models and directory in PostgreSQL (schema casefold); the same dashboards', async () => {
    const serverUrl = inject('databaseUrl');
    const database = `casefold_esdb_${process.pid}_${Date.now().toString(36)}`;
    const readModels = new URL(serverUrl);
    readModels.pathname = `/${database}`;
    await sql(`CREATE DATABASE "${database}"`, serverUrl);
    try {
      const paired = ['--stream-prefix', 'pg-', '--projections', readModels.toString()];
      const imported = await run(['import', 'esdb.ndjson', ...paired]);
      expect(imported.code, imported.stderr).toBe(0);
      const dashboards = await run(['dashboards', '--json', ...paired]);
      expect(dashboards.code, dashboards.stderr).toBe(0);
      expect(jsonOf(dashboards)['dashboards']).toEqual(jsonOf(await run(['dashboards', '--json']))['dashboards']);
      const records = await sql('SELECT count(*)::int AS count FROM casefold.projections', readModels.toString());
      expect(records[0]?.['count']).toBeGreaterThan(0);
      expect((await sql('SELECT count(*)::int AS count FROM casefold.events', readModels.toString()))[0]?.['count']).toBe(0);
      expect((await sql("SELECT count(*)::int AS count FROM casefold.app_settings WHERE key = 'directory'", readModels.toString()))[0]?.['count']).toBe(1);
    } finally {
      await sql(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`, serverUrl);
    }
  });

  it.each([
    ['a port that is no number', `esdb://admin:${PASSWORD}@localhost:port?tls=false`, 'the connection string is malformed'],
    ['a parameter the client does not know', `esdb://admin:${PASSWORD}@localhost:2113?tls=false&tlsVerifyCert=false&nope=1`, "a parameter the client does not know ('nope'"],
    ['no host', `esdb://admin:${PASSWORD}@`, 'names no readable host'],
    ['another form', `esdb:admin:${PASSWORD}@localhost:2113`, 'starts with esdb:// or esdb+discover://'],
  ])('a malformed URL (%s): a typed error at once, no password, nothing created, the store intact', async (_, malformed, reason) => {
    const before = readdirSync(dir).sort();
    const failed = await runCasefold(['stats', '--json', '--store', malformed], { cwd: dir });
    expect([2, 4]).toContain(failed.code);
    expect(jsonOf<{ error: { kind: string; message: string } }>(failed).error).toMatchObject({ kind: failed.code === 2 ? 'UsageError' : 'StoreAccessError' });
    expect(failed.stdout).toContain(reason);
    expectNoPassword(failed);
    expect(failed.ms).toBeLessThan(15_000);
    expect(readdirSync(dir).sort()).toEqual(before);
    expect(jsonOf(await run(['verify', '--json']))).toMatchObject({ ok: true });
  });

  it('a URL pointing at nothing: StoreAccessError within a bounded time, no password, no read models file left behind', async () => {
    const port = await closedPort();
    const before = readdirSync(dir).sort();
    const failed = await runCasefold(['verify', '--store', `esdb://admin:${PASSWORD}@127.0.0.1:${port}?tls=false`], { cwd: dir });
    expect(failed.code).toBe(4);
    expect(failed.stderr).toContain(`Cannot use the store 'esdb://127.0.0.1:${port}' (streams 'casefold-…'): the EventStoreDB server is down, unreachable or did not answer in time`);
    expectNoPassword(failed);
    expect(failed.ms).toBeLessThan(20_000);
    expect(readdirSync(dir).sort()).toEqual(before);
  });

  it('a prefix without events: a reader says so and creates nothing', async () => {
    const before = readdirSync(dir).sort();
    const failed = await run(['verify', '--stream-prefix', 'empty-']);
    expect(failed.code).toBe(4);
    expect(failed.stderr).toContain("the server holds no casefold events under the stream prefix 'empty-'");
    expect(readdirSync(dir).sort()).toEqual(before);
  });

  it('--projections and --stream-prefix without an EventStoreDB store are usage errors', async () => {
    const failed = await runCasefold(['stats', '--db', 'copy.db', '--stream-prefix', 'x-'], { cwd: dir });
    expect(failed.code).toBe(2);
    expect(failed.stderr).toContain('--stream-prefix is for an EventStoreDB store only');
  });
});
