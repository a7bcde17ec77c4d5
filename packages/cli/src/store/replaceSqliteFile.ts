import { isStoreUnavailableError } from '@casefold/engine';
import { deleteStoreFile } from '@casefold/sqlite';
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
 * Deletes a SQLite database that no other process uses, through `@casefold/sqlite`'s
 * `deleteStoreFile` (which takes the file exclusively first, so a database another process
 * writes to, or may write to, is never deleted under it).
 *
 * @throws StoreAccessError when another process keeps the database open past `lockTimeoutMs`; nothing was deleted.
 */
export const replaceSqliteFile = (options: ReplaceSqliteFileOptions): void => {
  try {
    deleteStoreFile({ fileName: options.fileName, busyTimeoutMs: options.lockTimeoutMs });
  } catch (error) {
    if (!isStoreUnavailableError(error)) throw error;
    throw new StoreAccessError(
      options.description,
      'another process has the database open (it may be writing to it), so --force will not delete it',
      'Nothing was deleted; stop the other process (or wait for it to finish), or use another --db, then run the demo again',
      { cause: error },
    );
  }
};
