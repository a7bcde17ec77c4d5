import { rmSync } from 'node:fs';
import { StoreUnavailableError } from '@casefold/engine';
import { openDatabase } from './openDatabase.js';
import { toStoreError } from './sqliteErrors.js';

/** Options of {@link deleteStoreFile}. */
export interface DeleteStoreFileOptions {
  /** The database file. */
  readonly fileName: string;
  /** How long to wait for other connections to let go, in ms. Default 5,000. */
  readonly busyTimeoutMs?: number;
}

/**
 * Deletes a casefold SQLite database (and its `-wal` and `-shm`) that no other connection
 * uses. It first takes the file for itself (`locking_mode = EXCLUSIVE`, then an exclusive
 * transaction), which SQLite grants only when no other connection has the database open, not
 * even an idle one, and deletes the files while it holds them. So a database that another
 * process writes to, or may write to, is never deleted under it: its acknowledged appends
 * would go to a file no one could read any more.
 *
 * @throws StoreUnavailableError when another connection keeps the database open past
 *   `busyTimeoutMs`; nothing was deleted. The errors of `openDatabase` for a file that cannot
 *   be opened (or is not a casefold database); nothing was deleted.
 */
export const deleteStoreFile = (options: DeleteStoreFileOptions): void => {
  const { fileName } = options;
  const db = openDatabase({ fileName, ...(options.busyTimeoutMs === undefined ? {} : { busyTimeoutMs: options.busyTimeoutMs }) });
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    try {
      db.prepare('BEGIN EXCLUSIVE').run();
    } catch (e) {
      const error = toStoreError(e, 'take the database file for itself to delete it: another connection has it open', fileName);
      throw error === e ? new StoreUnavailableError('delete the database file: another connection has it open', { cause: e }) : error;
    }
    for (const suffix of ['', '-wal', '-shm']) rmSync(fileName + suffix, { force: true });
  } finally {
    db.close();
  }
};
