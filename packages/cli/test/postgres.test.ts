import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { tempDir } from './support/demoDatabase.js';
import { closedPort, pgClient, sql } from './support/postgresServer.js';
import { jsonOf, runCasefold } from './support/runCasefold.js';

/** Requests of the demo year (a request at the window may become two linked cases). */
const REQUESTS = 300;

/** The server's URL with another database name. */
const withDatabase = (url: string, database: string): string => {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
};

describe('casefold on PostgreSQL (--store postgres://…)', () => {
  const serverUrl = inject('databaseUrl');
  const database = `casefold_cli_${process.pid}_${Date.now().toString(36)}`;
  const url = withDatabase(serverUrl, database);
  const dir = tempDir();
  const run = (args: readonly string[]) => runCasefold([...args, '--store', url], { cwd: dir });
  /** Cases the demo opened (set by the first test, which the second builds on). */
  let cases = 0;

  beforeAll(async () => {
    await sql(`CREATE DATABASE "${database}"`, serverUrl);
  });
  afterAll(async () => {
    await sql(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`, serverUrl);
  });

  it('demo stores a year and shows the four dashboards; replay gives identical dashboards; verify passes; stats prints figures', { timeout: 180_000 }, async () => {
    const demo = await run(['demo', '--cases', String(REQUESTS), '--seed', 'cli-postgres']);
    expect(demo.code, demo.stderr).toBe(0);
    expect(demo.stdout).toContain(`${REQUESTS} requests`);
    expect(demo.stdout).toMatch(/events in 'postgres:\/\/(127\.0\.0\.1|localhost):\d+\/\w+'/);
    for (const heading of ['Case board', 'Escalation', 'Deadlines', 'Statistics']) expect(demo.stdout).toMatch(new RegExp(heading, 'i'));
    const count = String((await sql('SELECT count(*)::text AS count FROM casefold.events', url))[0]?.['count']);
    expect(BigInt(count)).toBeGreaterThan(BigInt(REQUESTS));
    cases = Number((await sql('SELECT count(DISTINCT stream_id)::text AS n FROM casefold.events', url))[0]?.['n']);
    expect(cases).toBeGreaterThanOrEqual(REQUESTS);

    const before = await run(['dashboards', '--json']);
    expect(before.code, before.stderr).toBe(0);
    const replay = await run(['replay']);
    expect(replay.code, replay.stderr).toBe(0);
    expect(replay.stdout).toMatch(new RegExp(`^Replayed every event up to position [\\d,]+ \\(${cases.toLocaleString('en-US')} cases\\)`, 'm'));
    const after = await run(['dashboards', '--json']);
    expect(after.code, after.stderr).toBe(0);
    expect(jsonOf(after)).toEqual(jsonOf(before));

    const verify = await run(['verify']);
    expect(verify.code, verify.stderr).toBe(0);
    expect(verify.stdout).toMatch(new RegExp(`^OK: ${Number(count).toLocaleString('en-US')} events in ${cases.toLocaleString('en-US')} streams`));

    const stats = await run(['stats', '--json', '--from', '2025-01-01', '--to', '2026-01-01']);
    expect(stats.code, stats.stderr).toBe(0);
    expect(JSON.stringify(jsonOf(stats))).toMatch(/\d/);
    const text = await run(['stats', '--from', '2025-01-01', '--to', '2026-01-01']);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/\d/);
  });

  it('while a transaction older than the last append still runs, verify, replay --verify and export say they could not read everything', async () => {
    // A transaction that holds an id (it began before the append below) holds whole-store readers back (docs/postgres.md).
    const holder = pgClient(url);
    await holder.connect();
    await holder.query('BEGIN');
    await holder.query('SELECT pg_current_xact_id()');
    const { openPostgresStore } = await import('@casefold/postgres');
    const store = await openPostgresStore({ connectionString: url });
    try {
      await store.events.appendToStream('note-late', [{ eventId: 'late-1', type: 'NoteWritten', data: { text: 'written late' }, metadata: {} as never }]);
    } finally {
      await store.close();
    }
    try {
      const verify = await run(['verify']);
      expect(verify.code, verify.stderr).toBe(1);
      expect(verify.stdout).toMatch(/^VERIFICATION INCOMPLETE: the read of the store ended at position [\d,]+, before its last event at position [\d,]+/m);
      expect(verify.stdout).toContain('Run the command again when no write is in progress.');
      const replay = await run(['replay', '--verify']);
      expect(replay.code, replay.stderr).toBe(1);
      expect(replay.stdout).toMatch(/^REPLAY VERIFIED ONLY IN PART: /m);
      const exported = `${dir}/late.ndjson`;
      const exportRun = await run(['export', '--out', exported]);
      expect(exportRun.code, exportRun.stderr).toBe(4);
      expect(exportRun.stderr).toContain('Nothing was exported.');
      expect(existsSync(exported) || existsSync(`${exported}.partial`)).toBe(false);
    } finally {
      await holder.query('ROLLBACK');
      await holder.end();
    }
    const after = await run(['verify']);
    expect(after.code, after.stderr).toBe(0);
    // The demo's cases and the one stream appended above.
    expect(after.stdout).toMatch(new RegExp(`in ${(cases + 1).toLocaleString('en-US')} streams`));
  });

  it('a malformed connection string exits 4 at once, with the form to use and no password', async () => {
    // The CLI's own start (a loaded machine makes it seconds) is the baseline: "at once" is no wait beyond it.
    const start = await runCasefold(['--help'], { cwd: dir });
    const bad = await runCasefold(['dashboards', '--store', 'postgres://user:secret@host:notaport/db'], { cwd: dir });
    expect(bad.code).toBe(4);
    expect(bad.stderr).toContain('the connection string is malformed');
    expect(bad.stderr).toContain('postgres://user:password@host:5432/database');
    expect(bad.stderr).not.toContain('secret');
    expect(bad.ms).toBeLessThan(start.ms + 3_000);
  });

  it('a server that is down (a closed port) exits 4 within a few seconds, saying what to check', async () => {
    const port = await closedPort();
    const start = await runCasefold(['--help'], { cwd: dir });
    const down = await runCasefold(['verify', '--store', `postgres://postgres:secret@127.0.0.1:${port}/postgres`], { cwd: dir });
    expect(down.code).toBe(4);
    expect(down.stderr).toContain('down, unreachable or did not answer in time');
    expect(down.stderr).toContain('check that the server runs');
    expect(down.stderr).not.toContain('secret');
    expect(down.ms).toBeLessThan(start.ms + 6_000);
  });

  it('a database without a store: read commands exit 4, say how to make one, and create nothing', async () => {
    const empty = `${database}_empty`;
    await sql(`CREATE DATABASE "${empty}"`, serverUrl);
    try {
      const emptyUrl = withDatabase(serverUrl, empty);
      for (const command of [['stats'], ['verify'], ['dashboards']]) {
        const result = await runCasefold([...command, '--store', emptyUrl], { cwd: dir });
        expect(result.code, result.stderr).toBe(4);
        expect(result.stderr).toContain("the database holds no casefold store (no schema 'casefold' with its tables)");
        expect(result.stderr).toContain('casefold demo --store URL');
      }
      expect(await sql("SELECT to_regnamespace('casefold') IS NULL AS none", emptyUrl)).toEqual([{ none: true }]);
    } finally {
      await sql(`DROP DATABASE IF EXISTS "${empty}" WITH (FORCE)`, serverUrl);
    }
  });

  it('a wrong password and a missing database each exit 4 naming the problem', async () => {
    const parsed = new URL(url);
    parsed.password = 'wrong';
    const wrong = await runCasefold(['stats', '--store', parsed.toString()], { cwd: dir });
    expect(wrong.code).toBe(4);
    expect(wrong.stderr).toContain('refused the login (28P01)');
    const missing = await runCasefold(['stats', '--store', withDatabase(serverUrl, `${database}_missing`)], { cwd: dir });
    expect(missing.code).toBe(4);
    expect(missing.stderr).toContain('the database does not exist');
  });
});
