import { isStoreUnavailableError } from '@casefold/engine';
import { deleteStoreFile } from '@casefold/sqlite';
import { StoreAccessError } from '../cli/cliErrors.js';
import { localized } from '../i18n/localizedText.js';

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
      localized((m) => m.store.forceRefused),
      localized((m) => m.store.forceRefusedHint),
      { cause: error },
    );
  }
};
