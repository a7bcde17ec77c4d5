import { rmSync } from 'node:fs';
import { openDatabase } from '@casefold/sqlite';
import { StoreAccessError } from '../cli/cliErrors.js';

/** Options of {@link replaceSqliteFile}. */
export interface ReplaceSqliteFileOptions {
  /** The database file, as an absolute path. */
  readonly fileName: string;
  /** The location for messages. */
  readonly description: string;
  /** How long to wait for other connections to let go, in ms. */
  readonly lockTimeoutMs: number;
}

/**
 * Deletes a SQLite database (and its `-wal` and `-shm`) that no other process uses. It first
 * takes the file for itself (`locking_mode = EXCLUSIVE`, then an exclusive transaction),
 * which SQLite grants only when no other connection has the database open, not even an idle
 * one; it deletes the files while it holds them. So a database that another process is
 * writing to, or may write to, is never deleted under it: its acknowledged appends would go to
 * a file no one could read any more.
 *
 * @throws StoreAccessError when another process keeps the database open past `lockTimeoutMs`; nothing was deleted.
 */
export const replaceSqliteFile = (options: ReplaceSqliteFileOptions): void => {
  const { fileName, description } = options;
  const db = openDatabase({ fileName, busyTimeoutMs: options.lockTimeoutMs });
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    try {
      db.prepare('BEGIN EXCLUSIVE').run();
    } catch (error) {
      throw new StoreAccessError(
        description,
        'another process has the database open (it may be writing to it), so --force will not delete it',
        'Nothing was deleted; stop the other process (or wait for it to finish), or use another --db, then run the demo again',
        { cause: error },
      );
    }
    for (const suffix of ['', '-wal', '-shm']) rmSync(fileName + suffix, { force: true });
  } finally {
    db.close();
  }
};
