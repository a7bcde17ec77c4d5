import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { openDatabase } from '@casefold/sqlite';
import { describe, expect, it } from 'vitest';
import { databaseDigest } from './support/databaseDigest.js';
import { demoCopy } from './support/demoDatabase.js';
import { type CasefoldRun, REPO_ROOT } from './support/runCasefold.js';

const RECORD = 'casefold-cli.dashboards';

/** Where a process's main thread waits in the kernel, e.g. `hrtimer_nanosleep` while SQLite's busy handler sleeps. */
const waitChannel = (pid: number): string => {
  try {
    return readFileSync(`/proc/${pid}/wchan`, 'utf8');
  } catch {
    return '';
  }
};

describe('dashboards beside a replay', () => {
  it('another command commits the read model while dashboards is folding: exit 4 saying what happened and what to do; it stores nothing', async () => {
    const { dir, db } = demoCopy();
    const setup = openDatabase({ fileName: db });
    // No read model yet: dashboards folds every event, then commits expecting none stored.
    setup.prepare('DELETE FROM projections WHERE name = ?').run(RECORD);
    setup.close();
    const events = databaseDigest(db, { eventsOnly: true });

    // Another process (a replay, say) is about to commit its read model: it holds the write lock.
    const other = openDatabase({ fileName: db, busyTimeoutMs: 10_000 });
    other.prepare('BEGIN IMMEDIATE').run();
    other.prepare("INSERT INTO projections (name, version, position, state) VALUES (?, 1, 1, '{}')").run(RECORD);
    const child = spawn(process.execPath, ['--conditions=@casefold/source', '--import', `${REPO_ROOT}node_modules/tsx/dist/esm/index.mjs`, `${REPO_ROOT}packages/cli/src/main.ts`, 'dashboards', '--db', db, '--lock-timeout', '60000'], { cwd: dir });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const ended = new Promise<CasefoldRun>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr, ms: 0 })));
    // dashboards has read and folded, and now waits for the write lock to commit: then the other commits first.
    const deadline = Date.now() + 60_000;
    while (!waitChannel(child.pid!).includes('nanosleep') && Date.now() < deadline) await sleep(20);
    other.prepare('COMMIT').run();
    other.close();
    const run = await ended;

    expect(run.code, run.stderr).toBe(4);
    expect(run.stderr).toContain(`Another casefold command (replay, dashboards or stats) updated the read model '${RECORD}' while this one was updating it`);
    expect(run.stderr).toContain('Run it again once the other has finished');
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(databaseDigest(db, { eventsOnly: true })).toEqual(events);
    const check = openDatabase({ fileName: db });
    expect(check.prepare('SELECT position, state FROM projections WHERE name = ?').get(RECORD)).toEqual({ position: 1, state: '{}' });
    check.close();
  }, 120_000);
});
