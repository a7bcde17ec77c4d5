import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { openDatabase } from '@casefold/sqlite';
import { type CasefoldRun, REPO_ROOT } from './runCasefold.js';

/** How many events a SQLite database holds, read by a connection of its own. */
export const countEvents = (db: string): number => {
  const reader = openDatabase({ fileName: db });
  try {
    return Number(reader.prepare('SELECT count(*) FROM events').pluck().get());
  } finally {
    reader.close();
  }
};

/** {@link countEvents} while the command may still be creating the file: 0 until its schema exists. */
const eventsSoFar = (db: string): number => {
  try {
    return countEvents(db);
  } catch (error) {
    // The file exists but its tables do not yet (or it is being created): nothing written so far.
    if (error instanceof Error && /no such table|file is not a database|database is locked/.test(error.message)) return 0;
    throw error;
  }
};

/**
 * Runs `casefold args…` as a real process writing to the SQLite file `db`; once it has
 * written some events, another process takes the write lock and holds it until the command
 * ends. Returns the command's run and how many events the database held then.
 */
export const runLockedPartWay = async (args: readonly string[], options: { readonly cwd: string; readonly db: string }): Promise<{ readonly run: CasefoldRun; readonly written: number }> => {
  const running = new Promise<CasefoldRun>((resolve) => {
    let stdout = '';
    let stderr = '';
    const child = spawn(`${REPO_ROOT}node_modules/.bin/tsx`, ['--conditions=@casefold/source', `${REPO_ROOT}packages/cli/src/main.ts`, ...args], { cwd: options.cwd });
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('close', (code) => resolve({ code, stdout, stderr, ms: 0 }));
  });
  while (!existsSync(options.db) || eventsSoFar(options.db) === 0) await sleep(20);
  const locker = openDatabase({ fileName: options.db, busyTimeoutMs: 10_000 });
  locker.prepare('BEGIN IMMEDIATE').run();
  const run = await running;
  const written = Number(locker.prepare('SELECT count(*) FROM events').pluck().get());
  locker.prepare('ROLLBACK').run();
  locker.close();
  return { run, written };
};
