import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { openDatabase } from '@casefold/sqlite';
import { describe, expect, it } from 'vitest';
import { demoCopy } from './support/demoDatabase.js';
import { REPO_ROOT, runCasefold } from './support/runCasefold.js';

/** Events of a database by stream kind, read on a connection of its own. */
const counts = (db: string): { readonly writer: number; readonly others: number } => {
  const reader = openDatabase({ fileName: db });
  try {
    const writer = Number(reader.prepare("SELECT count(*) FROM events WHERE stream_id = 'writer-1'").pluck().get());
    return { writer, others: Number(reader.prepare('SELECT count(*) FROM events').pluck().get()) - writer };
  } finally {
    reader.close();
  }
};

describe('demo --force beside a process that writes to the database', () => {
  it('refuses (exit 4) and deletes nothing: every append the writer was told succeeded is in the file', async () => {
    const { dir, db } = demoCopy();
    const before = counts(db);
    const writer = spawn(`${REPO_ROOT}node_modules/.bin/tsx`, ['--conditions=@casefold/source', join(import.meta.dirname, 'support', 'appendingWriter.ts'), db], { cwd: dir });
    let said = '';
    writer.stdout.setEncoding('utf8').on('data', (chunk: string) => (said += chunk));
    writer.stderr.setEncoding('utf8').on('data', (chunk: string) => (said += chunk));
    const ended = new Promise<void>((resolve) => writer.on('close', () => resolve()));
    while (!/^\d+$/m.test(said)) await sleep(20);

    const run = await runCasefold(['demo', '--force', '--cases', '20', '--db', db, '--lock-timeout', '500'], { cwd: dir });
    await sleep(300);
    writer.stdin.end();
    await ended;

    const acknowledged = Number(/^done (\d+)$/m.exec(said)?.[1] ?? Number.NaN);
    expect(said).not.toMatch(/^failed/m);
    expect(acknowledged).toBeGreaterThan(0);
    expect(run.code, run.stderr).toBe(4);
    expect(run.stderr).toContain('another process has the database open (it may be writing to it), so --force will not delete it');
    expect(run.stderr).toContain('Nothing was deleted');
    expect(counts(db)).toEqual({ writer: acknowledged, others: before.others });
  }, 120_000);

  it('still replaces a database no other process has open', async () => {
    const { dir, db } = demoCopy();
    const run = await runCasefold(['demo', '--force', '--cases', '20', '--db', db, '--json'], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    expect(counts(db).others).toBe((JSON.parse(run.stdout) as { events: number }).events);
  }, 120_000);
});
