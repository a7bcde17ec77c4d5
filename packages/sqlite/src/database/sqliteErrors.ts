import type { Database } from 'better-sqlite3';
import { CasefoldError, StoreClosedError, StoreUnavailableError, isCasefoldError, isStoreClosedError } from '@casefold/engine';

/** `: <driver message> (<code>)` of a driver error given as cause, or nothing. */
const causeOf = (options: { readonly cause?: unknown } | undefined): string => {
  const cause = options?.cause;
  if (!(cause instanceof Error)) return '';
  const code = sqliteCodeOf(cause);
  return `: ${cause.message}${code === undefined ? '' : ` (${code})`}`;
};

/**
 * SQLite refused to write to a store that is open: the file, or what SQLite keeps beside it,
 * is read-only for this process (`SQLITE_READONLY…`). Nothing of the write was kept. Not
 * retryable: the same write fails again until the permissions are fixed and the store is
 * opened again. (A file that is read-only when the store opens is the engine's `DatabaseOpenError`.)
 */
export class DatabaseReadOnlyError extends CasefoldError {
  override readonly name = 'DatabaseReadOnlyError';
  /** Always `false`: retrying fails the same way until the file is writable again. */
  readonly retryable = false as const;
  constructor(
    readonly fileName: string,
    /** What was being attempted, e.g. `append to stream 'case-1'`. */
    readonly operation: string,
    options?: { readonly cause?: unknown },
  ) {
    super(
      `Cannot write to the database '${fileName}' (${operation}): SQLite refuses to write it${causeOf(options)}. ` +
        "Nothing was written, and retrying will not help: give the process write access to the file and to its directory (SQLite keeps its '-wal' and '-shm' files beside it), then open the store again.",
      options,
    );
  }
}

/** Guard for {@link DatabaseReadOnlyError}. */
export const isDatabaseReadOnlyError = (e: unknown): e is DatabaseReadOnlyError => isCasefoldError(e, 'DatabaseReadOnlyError');

/**
 * SQLite found the database file damaged (`SQLITE_CORRUPT…`, or `SQLITE_NOTADB` once open):
 * pages overwritten by a failing disk, a stray write or a copy taken while it was written.
 * A read hands out every event before the damage and then fails with this; nothing was
 * changed. Not retryable: restore the file from a backup.
 */
export class DatabaseCorruptError extends CasefoldError {
  override readonly name = 'DatabaseCorruptError';
  /** Always `false`: the damage stays until the file is restored. */
  readonly retryable = false as const;
  constructor(
    readonly fileName: string,
    /** What was being attempted, e.g. `read all` or `open`. */
    readonly operation: string,
    options?: { readonly cause?: unknown },
  ) {
    super(
      `The database '${fileName}' is damaged (${operation})${causeOf(options)}. Nothing was changed by this error, and retrying will not help: ` +
        'restore the file from a backup; until then, the events before the damage can still be read (`PRAGMA integrity_check` lists what SQLite finds).',
      options,
    );
  }
}

/** Guard for {@link DatabaseCorruptError}. */
export const isDatabaseCorruptError = (e: unknown): e is DatabaseCorruptError => isCasefoldError(e, 'DatabaseCorruptError');

/** Which of a store's files went away, and how. */
export interface ReplacedFile {
  /** The database file or its `-wal` file, as an absolute path. */
  readonly path: string;
  /** `deleted`: nothing is at the path any more; `replaced`: another file is (renamed or copied in). */
  readonly change: 'deleted' | 'replaced';
}

/**
 * The database file, or its `-wal` file, was deleted or replaced by another file while the
 * store had it open. SQLite would go on writing to the file it opened, which no one else can
 * see any more (and whose `-wal` a later opener may apply to the new file), so the store
 * refuses every write from then on: the write that found it out, and every later one, fail
 * with this. The check runs before each write begins (then nothing of it is written) and
 * after it commits (then it went to the file SQLite opened, and is not acknowledged).
 * Appends acknowledged before went to the file as it was then. Not retryable: find out what
 * removed the file, then open the store again.
 */
export class DatabaseReplacedError extends CasefoldError {
  override readonly name = 'DatabaseReplacedError';
  /** Always `false`: this store never writes again; open a new one. */
  readonly retryable = false as const;
  constructor(
    /** The database file the store was opened with. */
    readonly fileName: string,
    /** The file that went away (the database or its `-wal`) and how. */
    readonly file: ReplacedFile,
  ) {
    super(
      `The database file '${file.path}' was ${file.change === 'deleted' ? 'deleted' : 'replaced by another file'} since this store opened it, ` +
        'so this store writes nothing more: this write failed, and so will every later one. Appends acknowledged before went to the ' +
        'file SQLite opened, as it was then. Find out what removed it (a cleanup job, a restore, another program), then open the store again.',
    );
  }
}

/** Guard for {@link DatabaseReplacedError}. */
export const isDatabaseReplacedError = (e: unknown): e is DatabaseReplacedError => isCasefoldError(e, 'DatabaseReplacedError');

/**
 * SQLite result codes that mean "try again later": locked, busy, I/O trouble, disk full.
 * `CANTOPEN` here concerns a store already open (a journal or temporary file, e.g. out of
 * file descriptors); while opening, a path that cannot be opened is a `DatabaseOpenError`.
 */
const TRANSIENT_CODES = /^SQLITE_(BUSY|LOCKED|IOERR|FULL|CANTOPEN|PROTOCOL|NOMEM)/;

/** @internal SQLite's result code of a driver error (`SQLITE_BUSY`…), if it is one. */
export const sqliteCodeOf = (e: unknown): string | undefined => {
  const code = typeof e === 'object' && e !== null ? (e as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
};

/** SQLite result codes of a damaged file (`NOTADB` too, once the file was opened as a database). */
const CORRUPT_CODES = /^SQLITE_(CORRUPT|NOTADB)/;

/**
 * Maps a driver failure on the database `fileName` to typed errors: transient SQLite codes
 * become {@link StoreUnavailableError}, use after close {@link StoreClosedError}, a refused
 * write {@link DatabaseReadOnlyError}, a damaged file {@link DatabaseCorruptError}; anything
 * else (already typed errors included) is returned unchanged.
 */
export const toStoreError = (e: unknown, operation: string, fileName: string): unknown => {
  if (isStoreClosedError(e)) return e;
  if (e instanceof TypeError && /database connection is not open/.test(e.message)) return new StoreClosedError(operation);
  const code = sqliteCodeOf(e);
  if (code === undefined) return e;
  if (TRANSIENT_CODES.test(code)) return new StoreUnavailableError(operation, { cause: e });
  if (code.startsWith('SQLITE_READONLY')) return new DatabaseReadOnlyError(fileName, operation, { cause: e });
  if (CORRUPT_CODES.test(code)) return new DatabaseCorruptError(fileName, operation, { cause: e });
  return e;
};

/**
 * Runs `work` on the open database `db`, its driver failures turned into typed errors
 * ({@link toStoreError}); a closed database is `StoreClosedError`.
 */
export const runOn = <T>(db: Database, operation: string, work: () => T): T => {
  if (!db.open) throw new StoreClosedError(operation);
  try {
    return work();
  } catch (e) {
    throw toStoreError(e, operation, db.name);
  }
};

/** @internal Whether `e` is the driver reporting a damaged file. */
export const isCorruptionFailure = (e: unknown): boolean => CORRUPT_CODES.test(sqliteCodeOf(e) ?? '');

declare module '@casefold/engine' {
  interface CasefoldErrorKinds {
    DatabaseReadOnlyError: DatabaseReadOnlyError;
    DatabaseCorruptError: DatabaseCorruptError;
    DatabaseReplacedError: DatabaseReplacedError;
  }
}
