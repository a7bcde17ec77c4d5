import { existsSync, rmSync, utimesSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { databaseDigest } from './support/databaseDigest.js';
import { tempDir } from './support/demoDatabase.js';
import { type CasefoldRun, REPO_ROOT, runCasefold, runProcess } from './support/runCasefold.js';
import { storeUnits, withPersonalData } from './support/operatorPrincipal.js';
import { closedPort, sql } from './support/postgresServer.js';

/**
 * Runs `node scripts/run.mjs …` (what `npm run demo` and `npm run casefold` run): the bundled
 * CLI. Without `CI`: under CI, run.mjs would install the workspace again before every run.
 */
const runQuickStart = (args: readonly string[]): Promise<CasefoldRun> => runProcess(process.execPath, [join(REPO_ROOT, 'scripts', 'run.mjs'), ...args], { unset: ['CI'] });

describe('the quick start (scripts/run.mjs)', () => {
  it('runs the bundled CLI: the demo prints and stores exactly what the sources do, and its failures keep their exit codes', async () => {
    const dir = tempDir();
    const args = ['--cases', '60', '--seed', 'bundle'];
    const [bundled, sources] = await Promise.all([runQuickStart(['demo', '--db', join(dir, 'a.db'), ...args]), runCasefold(['demo', '--db', join(dir, 'b.db'), ...args], { cwd: dir })]);
    expect(bundled.code, bundled.stderr).toBe(0);
    expect(sources.code, sources.stderr).toBe(0);
    expect(bundled.stdout.replace(/'[^']*a\.db'/, 'DB')).toBe(sources.stdout.replace(/'[^']*b\.db'/, 'DB'));
    expect(databaseDigest(join(dir, 'a.db'), { eventsOnly: true })).toEqual(databaseDigest(join(dir, 'b.db'), { eventsOnly: true }));
    const verified = await runQuickStart(['casefold', 'verify', '--db', join(dir, 'a.db')]);
    expect(verified.code, verified.stderr).toBe(0);
    const unknown = await runQuickStart(['casefold', 'timeline', 'NO-SUCH-CASE', '--db', join(dir, 'a.db')]);
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toContain('NO-SUCH-CASE');
  });

  it('opens PostgreSQL and EventStoreDB locations, as docs/cli.md runs them in this repository (the adapters are in the bundle): a demo year on the test server verifies; a closed port is a server that is down, not an adapter that is missing', async () => {
    const serverUrl = inject('databaseUrl');
    const database = `casefold_quick_${process.pid}_${Date.now().toString(36)}`;
    const url = new URL(serverUrl);
    url.pathname = `/${database}`;
    await sql(`CREATE DATABASE "${database}"`, serverUrl);
    try {
      const demo = await runQuickStart(['demo', '--cases', '20', '--seed', 'bundle-pg', '--store', url.toString()]);
      expect(demo.code, demo.stderr).toBe(0);
      const verified = await runQuickStart(['casefold', 'verify', '--store', url.toString()]);
      expect(verified.code, verified.stderr).toBe(0);
      expect(verified.stdout).toMatch(/^OK: [\d,]+ events in [\d,]+ streams; every hash chain is intact/);
    } finally {
      await sql(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`, serverUrl);
    }
    const port = await closedPort();
    for (const [store, down] of [
      [`postgres://casefold:secret@127.0.0.1:${port}/casefold`, 'the PostgreSQL server is down, unreachable or did not answer in time'],
      [`esdb://admin:changeit@127.0.0.1:${port}?tls=false`, 'the EventStoreDB server is down, unreachable or did not answer in time'],
    ] as const) {
      const run = await runQuickStart(['casefold', 'verify', '--store', store]);
      expect(run.code, run.stderr).toBe(4);
      expect(run.stderr).toContain(down);
      expect(run.stderr).not.toContain('adapter is not installed');
    }
  });

  it('resolves relative paths (--db, --out, import FILE) against the directory npm was run from, not the repository', async () => {
    const dir = tempDir();
    // Names no one else uses: should they land in the repository, they are found and removed.
    const [db, out, copy] = ['rel.db', 'out.ndjson', 'copy.db'].map((name) => `${basename(dir)}-${name}`) as [string, string, string];
    // `npm --prefix ROOT run …` in `dir` is `npm run …` in a folder of the project: npm runs the
    // script in the project root and says where the user was in INIT_CWD.
    const npm = (args: readonly string[], options: { readonly closeStdoutAfter?: number } = {}) =>
      runProcess('npm', ['--prefix', REPO_ROOT, 'run', '-s', ...args], { cwd: dir, unset: ['CI'], ...options });
    try {
      const demo = await npm(['demo', '--', '--db', db, '--cases', '30', '--seed', 'cwd']);
      expect(demo.code, demo.stderr).toBe(0);
      expect(existsSync(join(dir, db))).toBe(true);
      const exported = await npm(['casefold', '--', 'export', ...withPersonalData(dir, await storeUnits(dir, { db })), '--db', db, '--out', out]);
      expect(exported.code, exported.stderr).toBe(0);
      expect(existsSync(join(dir, out))).toBe(true);
      const imported = await npm(['casefold', '--', 'import', out, '--db', copy]);
      expect(imported.code, imported.stderr).toBe(0);
      expect(databaseDigest(join(dir, copy), { eventsOnly: true })).toEqual(databaseDigest(join(dir, db), { eventsOnly: true }));
      // Run directly (no npm), relative paths mean the current directory.
      const direct = await runProcess(process.execPath, [join(REPO_ROOT, 'scripts', 'run.mjs'), 'casefold', 'verify', '--db', copy], { cwd: dir, unset: ['CI', 'INIT_CWD'] });
      expect(direct.code, direct.stderr).toBe(0);
      // `npm run -s casefold -- export | head -c 1`: the bundled CLI stops quietly.
      const head = await npm(['casefold', '--', 'export', '--db', db], { closeStdoutAfter: 1 });
      expect(head.code).toBe(0);
      expect(head.stderr).toBe('');
    } finally {
      const strays = [db, out, copy].filter((name) => existsSync(join(REPO_ROOT, name)));
      for (const name of strays) rmSync(join(REPO_ROOT, name), { force: true });
      expect(strays).toEqual([]);
    }
  });
  it('keeps stdout for the command: an install it runs (a lockfile touched since the last one) prints to stderr, and a lockfile it already installed is not installed again', async () => {
    const lockfile = join(REPO_ROOT, 'pnpm-lock.yaml');
    const later = new Date(Date.now() + 60_000);
    utimesSync(lockfile, later, later);
    const runs = [await runQuickStart(['casefold', 'demo', '--help']), await runQuickStart(['casefold', 'demo', '--help'])];
    for (const run of runs) {
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toMatch(/^Usage: casefold demo/);
    }
    expect(runs[1]!.stderr).not.toMatch(/Scope: all|Already up to date|Lockfile/);
  });
});
