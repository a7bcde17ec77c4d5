/**
 * `casefold dashboards` beside another command that commits the same row read models without
 * getting anywhere: it starts again from what the other committed, up to three times in a row,
 * then says what happened (exit 4). (Two commands started together on a store without rows, each
 * moving on, both succeed: concurrentReadModel.test.ts.)
 */
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { openDatabase } from '@casefold/sqlite';
import { describe, expect, it } from 'vitest';
import { databaseDigest } from './support/databaseDigest.js';
import { demoCopy } from './support/demoDatabase.js';
import { type CasefoldRun, REPO_ROOT, runCasefold } from './support/runCasefold.js';

const ROWS = 'caseBoardRows';

describe('dashboards beside another command committing the row read models', () => {
  it("another command rewrites the board rows' checkpoint all the time without moving on (dashboards loses three times in a row): exit 4 saying what happened and what to do; the other's checkpoint stands", async () => {
    const { dir, db } = demoCopy();
    // The rows exist (a first run built them); the events after their checkpoint are folded again below.
    const first = await runCasefold(['dashboards', '--db', db], { cwd: dir });
    expect(first.code, first.stderr).toBe(0);
    const events = databaseDigest(db, { eventsOnly: true });

    // Another process rewrites the board rows' checkpoint again and again, every few milliseconds, between
    // positions 1 and 2 (so it is not moving on): each time dashboards has folded a batch and goes to
    // commit it, the checkpoint has changed since it loaded it.
    const other = openDatabase({ fileName: db, busyTimeoutMs: 10_000 });
    const move = other.prepare('UPDATE projections SET position = ? WHERE name = ?');
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
      stored = (stored % 2) + 1;
      move.run(stored, ROWS);
      await sleep(5);
    }
    other.close();
    const run = await ended;

    expect(run.code, run.stderr).toBe(4);
    expect(run.stderr).toContain(`Another casefold command (replay, dashboards or stats) updated the read model '${ROWS}' each time this one tried to store it`);
    expect(run.stderr).toContain('Run it again once the other has finished');
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(databaseDigest(db, { eventsOnly: true })).toEqual(events);
    const check = openDatabase({ fileName: db });
    // The other's last commit stands: dashboards did not overwrite it.
    expect(check.prepare('SELECT position FROM projections WHERE name = ?').pluck().get(ROWS)).toBe(stored);
    check.close();
  }, 120_000);
});
