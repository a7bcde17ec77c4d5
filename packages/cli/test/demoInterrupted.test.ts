import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { openDatabase } from '@casefold/sqlite';
import { describe, expect, it } from 'vitest';
import { tempDir } from './support/demoDatabase.js';
import { type CasefoldRun, REPO_ROOT, runCasefold } from './support/runCasefold.js';

const countEvents = (db: string): number => {
  const reader = openDatabase({ fileName: db });
  try {
    return Number(reader.prepare('SELECT count(*) FROM events').pluck().get());
  } finally {
    reader.close();
  }
};

describe('demo stopped part-way', () => {
  it('another process takes the write lock while the demo writes: exit 6 saying how many events were written (all there, intact); --force then replaces the file', async () => {
    const dir = tempDir();
    const db = join(dir, 'demo.db');
    const demo = new Promise<CasefoldRun>((resolve) => {
      let stdout = '';
      let stderr = '';
      const child = spawn(
        `${REPO_ROOT}node_modules/.bin/tsx`,
        ['--conditions=@casefold/source', `${REPO_ROOT}packages/cli/src/main.ts`, 'demo', '--cases', '3000', '--db', db, '--lock-timeout', '300'],
        { cwd: dir },
      );
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      child.on('close', (code) => resolve({ code, stdout, stderr, ms: 0 }));
    });
    // Once the demo has written some events, another process takes the write lock and keeps it.
    while (!existsSync(db) || countEvents(db) === 0) await sleep(20);
    const locker = openDatabase({ fileName: db, busyTimeoutMs: 10_000 });
    locker.prepare('BEGIN IMMEDIATE').run();
    const run = await demo;
    const written = Number(locker.prepare('SELECT count(*) FROM events').pluck().get());
    locker.prepare('ROLLBACK').run();
    locker.close();

    expect(run.code, run.stderr).toBe(6);
    expect(written).toBeGreaterThan(0);
    expect(run.stderr).toContain(`demo stopped after ${written.toLocaleString('en-US')} events were written: the database is locked: another process holds its write lock`);
    expect(run.stderr).toContain('run `casefold demo --force` with the same options to replace it');
    expect(run.stderr).not.toContain('nothing was changed');
    const verify = await runCasefold(['verify', '--db', db], { cwd: dir });
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);

    const again = await runCasefold(['demo', '--cases', '30', '--db', db, '--force', '--json'], { cwd: dir });
    expect(again.code, again.stderr).toBe(0);
    expect(countEvents(db)).toBe((JSON.parse(again.stdout) as { events: number }).events);
  }, 300_000);
});
