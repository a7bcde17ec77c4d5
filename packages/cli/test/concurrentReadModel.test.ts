import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { openDatabase } from '@casefold/sqlite';
import { describe, expect, it } from 'vitest';
import { databaseDigest } from './support/databaseDigest.js';
import { demoCopy } from './support/demoDatabase.js';
import { type CasefoldRun, REPO_ROOT, runCasefold } from './support/runCasefold.js';

const RECORD = 'casefold-cli.dashboards';

describe('dashboards beside a replay', () => {
  it("another command stores the read model all the time (dashboards loses three times in a row): exit 4 saying what happened and what to do; the other's read model stands", async () => {
    const { dir, db } = demoCopy();
    const setup = openDatabase({ fileName: db });
    // No read model yet: dashboards folds every event, then commits expecting none stored.
    setup.prepare('DELETE FROM projections WHERE name = ?').run(RECORD);
    setup.close();
    const events = databaseDigest(db, { eventsOnly: true });

    // Another process (a replay, say) stores the read model again and again, every few milliseconds: each time
    // dashboards has folded and goes to store its own, the stored one has changed since it loaded it.
    const other = openDatabase({ fileName: db, busyTimeoutMs: 10_000 });
    const upsert = other.prepare("INSERT INTO projections (name, version, position, state) VALUES (?, 1, ?, '{}') ON CONFLICT (name) DO UPDATE SET position = excluded.position");
    const child = spawn(
      process.execPath,
      ['--conditions=@casefold/source', '--import', `${REPO_ROOT}node_modules/tsx/dist/esm/index.mjs`, `${REPO_ROOT}packages/cli/src/main.ts`, 'dashboards', '--db', db],
      { cwd: dir },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    let exited = false;
    const ended = new Promise<CasefoldRun>((resolve) =>
      child.on('close', (code) => {
        exited = true;
        resolve({ code, stdout, stderr, ms: 0 });
      }),
    );
    let stored = 0;
    while (!exited) {
      stored += 1;
      upsert.run(RECORD, stored);
      await sleep(5);
    }
    other.close();
    const run = await ended;

    expect(run.code, run.stderr).toBe(4);
    expect(run.stderr).toContain(`Another casefold command (replay, dashboards or stats) updated the read model '${RECORD}' each time this one tried to store it`);
    expect(run.stderr).toContain('Run it again once the other has finished');
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(databaseDigest(db, { eventsOnly: true })).toEqual(events);
    const check = openDatabase({ fileName: db });
    // The other's last commit stands: dashboards did not overwrite it.
    expect(check.prepare('SELECT position FROM projections WHERE name = ?').pluck().get(RECORD)).toBe(stored);
    check.close();
  }, 120_000);

  it('dashboards and stats started together on a database without a read model both succeed (the one that stores second starts again from what the first stored)', async () => {
    const { dir, db } = demoCopy();
    const setup = openDatabase({ fileName: db });
    setup.prepare('DELETE FROM projections WHERE name = ?').run(RECORD);
    setup.close();
    const runs = await Promise.all([runCasefold(['dashboards', '--db', db], { cwd: dir }), runCasefold(['stats', '--db', db], { cwd: dir }), runCasefold(['dashboards', '--db', db], { cwd: dir })]);
    for (const run of runs) expect(run.code, run.stderr).toBe(0);
  }, 120_000);
});
