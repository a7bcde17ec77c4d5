import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
