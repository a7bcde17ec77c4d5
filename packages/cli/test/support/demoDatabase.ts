import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '@casefold/sqlite';
import { inject } from 'vitest';

/** The demo database the global setup generated once (read-only: copy it before changing it). */
export const demoDatabase = (): string => inject('demoDatabase');

/** A fresh temporary directory. */
export const tempDir = (): string => mkdtempSync(join(tmpdir(), 'casefold-cli-'));

/** A private copy of the demo database in a new temporary directory. */
export const demoCopy = (): { readonly dir: string; readonly db: string } => {
  const dir = tempDir();
  const db = join(dir, 'casefold.db');
  copyFileSync(demoDatabase(), db);
  return { dir, db };
};

/** Runs `use` on a database file opened directly (as an operator's sqlite3 would), then closes it. */
export const onDatabase = <T>(db: string, use: (handle: ReturnType<typeof openDatabase>) => T): T => {
  const handle = openDatabase({ fileName: db });
  try {
    return use(handle);
  } finally {
    handle.close();
  }
};

/**
 * The number of cases (streams) in the demo database: the demo's `--cases` counts requests,
 * and a request at the window may become two linked cases.
 */
export const demoCaseCount = (): number => onDatabase(demoDatabase(), (handle) => handle.prepare('SELECT count(DISTINCT stream_id) AS n FROM events').pluck().get() as number);
