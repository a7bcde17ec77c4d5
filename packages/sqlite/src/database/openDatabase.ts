import BetterSqlite3 from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { existingCasefoldTables, latestSchemaVersion, migrate, readSchemaVersion } from './migrations.js';
import { INCOMPATIBLE_ADVICE, openFailure, readOnlyFileFailure } from './openFailure.js';
import { IncompatibleDatabaseError, SchemaTooNewError } from '@casefold/engine';
import { choiceOption, integerOption, optionsObject, stringOption } from '@casefold/engine/adapter';

/** How hard SQLite pushes each commit to disk (`PRAGMA synchronous`). */
export type SynchronousMode = 'FULL' | 'NORMAL' | 'OFF';

/** Options for opening a casefold SQLite database. */
export interface SqliteDatabaseOptions {
  /** Path of the database file (created if missing), or `':memory:'` for a private in-memory database. */
  readonly fileName: string;
  /**
   * `FULL` (default): every commit is on disk before the append returns, even across a power
   * loss. `NORMAL`: survives a crash of the process, a power loss may lose the last commits.
   * `OFF`: no syncing at all; for throwaway data and tests only.
   */
  readonly synchronous?: SynchronousMode;
  /** How long a write waits for another process's write lock before failing, in ms: 0 to 2,147,483,647. Default 5,000. */
  readonly busyTimeoutMs?: number;
}

/** Largest busy timeout SQLite takes (a C `int` of milliseconds). */
const MAX_BUSY_TIMEOUT_MS = 2 ** 31 - 1;

/**
 * @internal Checks the options of {@link openDatabase} and fills in the defaults, before
 * anything is opened. Throws InvalidStoreOptionError naming the option, the value and
 * what is allowed.
 */
export const databaseSettings = (options: SqliteDatabaseOptions): Required<SqliteDatabaseOptions> => {
  const { fileName, synchronous, busyTimeoutMs } = optionsObject(options, "{ fileName: 'cases.db' }");
  return {
    fileName: stringOption('fileName', fileName, "a string: the path of the database file or ':memory:'"),
    synchronous: choiceOption<SynchronousMode>('synchronous', synchronous, 'FULL', ['FULL', 'NORMAL', 'OFF']),
    busyTimeoutMs: integerOption('busyTimeoutMs', busyTimeoutMs, 5_000, 0, MAX_BUSY_TIMEOUT_MS),
  };
};

/**
 * Opens (or creates) a casefold SQLite database: checks the schema version before writing
 * anything, switches to WAL, sets durability and the busy timeout, then applies missing
 * migrations in one transaction.
 *
 * @throws {@link SchemaTooNewError} when the file was written by a newer casefold (file untouched).
 * @throws {@link IncompatibleDatabaseError} when the file is not SQLite or its tables clash.
 * @throws {@link DatabaseOpenError} when the path cannot be opened or written: its directory is
 *   missing, it is a directory, or this process lacks the permissions (also a file it may
 *   only read: refused here, not at the first write); not retryable.
 * @throws {@link DatabaseCorruptError} when SQLite finds the file damaged while opening it.
 * @throws StoreUnavailableError when the file stays locked past `busyTimeoutMs` (retryable).
 * @throws InvalidStoreOptionError, before anything is opened, for an option of the wrong type or out of range.
 */
export const openDatabase = (options: SqliteDatabaseOptions): Database => openCheckedDatabase(databaseSettings(options));

/** Whether an error is SQLite's "the database is busy/locked" answer. */
const isBusy = (e: unknown): boolean => typeof e === 'object' && e !== null && /^SQLITE_(BUSY|LOCKED)/.test(String((e as { code?: unknown }).code));

/**
 * Puts the file in WAL mode (persistent: done once per file). SQLite answers BUSY at once,
 * without its busy handler, while other connections have the file open in its first,
 * rollback-journal mode — as when several processes open a new file together — so this
 * tries again (sleeping 5 ms between tries) until the mode is WAL or `busyTimeoutMs` is over.
 */
const switchToWal = (db: Database, busyTimeoutMs: number): void => {
  const deadline = Date.now() + busyTimeoutMs;
  for (;;) {
    try {
      if (db.pragma('journal_mode', { simple: true }) === 'wal' || db.pragma('journal_mode = WAL', { simple: true }) === 'wal') return;
    } catch (e) {
      if (!isBusy(e) || Date.now() >= deadline) throw e;
    }
    if (Date.now() >= deadline) return;
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
  }
};

/**
 * @internal Opens a database with settings already checked by {@link databaseSettings}, so
 * that a caller with more options checks them all before anything is opened.
 */
export const openCheckedDatabase = ({ fileName, synchronous, busyTimeoutMs }: Required<SqliteDatabaseOptions>): Database => {
  const readOnly = fileName === ':memory:' || fileName === '' ? null : readOnlyFileFailure(fileName);
  if (readOnly !== null) throw readOnly;
  let db: Database;
  try {
    db = new BetterSqlite3(fileName, { timeout: busyTimeoutMs });
  } catch (e) {
    throw openFailure(fileName, e);
  }
  try {
    // Both reads in one transaction, one snapshot: read one after the other, another process
    // creating the schema in between made a new file look like a foreign one.
    const { found, clashing } = db.transaction(() => {
      const version = readSchemaVersion(db);
      return { found: version, clashing: version === 0 ? existingCasefoldTables(db) : [] };
    })();
    if (found > latestSchemaVersion) throw new SchemaTooNewError(fileName, found, latestSchemaVersion, '@casefold/sqlite');
    if (clashing.length > 0) {
      throw new IncompatibleDatabaseError(fileName, `it already holds tables named ${clashing.join(', ')} but no casefold schema version`, INCOMPATIBLE_ADVICE);
    }
    if (fileName !== ':memory:') switchToWal(db, busyTimeoutMs);
    db.pragma(`synchronous = ${synchronous}`);
    if (found < latestSchemaVersion) {
      const foundInside = migrate(db);
      if (foundInside > latestSchemaVersion) throw new SchemaTooNewError(fileName, foundInside, latestSchemaVersion, '@casefold/sqlite');
    }
    return db;
  } catch (e) {
    db.close();
    throw openFailure(fileName, e);
  }
};
