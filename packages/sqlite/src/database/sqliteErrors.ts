import { StoreClosedError, StoreUnavailableError, isStoreClosedError } from '@casefold/engine';

const hasName = (e: unknown, name: string): boolean =>
  typeof e === 'object' && e !== null && (e as { name?: unknown }).name === name;

/**
 * The database file was written by a newer casefold whose schema this library does not know.
 * The file was only read, never changed. Upgrade `@casefold/sqlite` to open it.
 */
export class SchemaTooNewError extends Error {
  override readonly name = 'SchemaTooNewError';
  constructor(
    readonly fileName: string,
    /** Schema version found in the file. */
    readonly fileVersion: number,
    /** Newest schema version this library knows. */
    readonly knownVersion: number,
  ) {
    super(
      `The database '${fileName}' has schema version ${fileVersion}, but this @casefold/sqlite only knows ` +
        `versions up to ${knownVersion}. The file was left untouched; upgrade @casefold/sqlite to open it.`,
    );
  }
}

/** Guard for {@link SchemaTooNewError}. */
export const isSchemaTooNewError = (e: unknown): e is SchemaTooNewError => hasName(e, 'SchemaTooNewError');

/**
 * The file is not a casefold SQLite database: not SQLite at all, or a SQLite database whose
 * tables clash with casefold's. Nothing was changed; point the store at another file.
 */
export class IncompatibleDatabaseError extends Error {
  override readonly name = 'IncompatibleDatabaseError';
  constructor(
    readonly fileName: string,
    readonly reason: string,
    options?: { readonly cause?: unknown },
  ) {
    super(
      `Cannot use '${fileName}' as a casefold event store: ${reason}. Nothing was changed; use a new file or the right one.`,
      options,
    );
  }
}

/** Guard for {@link IncompatibleDatabaseError}. */
export const isIncompatibleDatabaseError = (e: unknown): e is IncompatibleDatabaseError =>
  hasName(e, 'IncompatibleDatabaseError');

/**
 * The database file cannot be opened at all: its directory does not exist, the path names a
 * directory, or this process may not read and write the file (or create files beside it).
 * Not retryable: nothing changes until the path or its permissions are fixed. Nothing was
 * created or changed.
 */
export class DatabaseOpenError extends Error {
  override readonly name = 'DatabaseOpenError';
  /** Always `false`: the same open fails again until the path or its permissions are fixed. */
  readonly retryable = false as const;
  constructor(
    readonly fileName: string,
    /** What is wrong, e.g. `the directory '/srv/data' does not exist`. */
    readonly reason: string,
    /** What to do about it, e.g. `create the directory first, or fix the path`. */
    readonly advice: string,
    options?: { readonly cause?: unknown },
  ) {
    super(
      `Cannot open the database '${fileName}': ${reason}. Nothing was created or changed, and retrying will not help: ${advice}.`,
      options,
    );
  }
}

/** Guard for {@link DatabaseOpenError}. */
export const isDatabaseOpenError = (e: unknown): e is DatabaseOpenError => hasName(e, 'DatabaseOpenError');

/**
 * A stored projection record could not be read (its state is not valid JSON). The record is
 * left as it is; delete the projection or rebuild it from the events.
 */
export class ProjectionRecordCorruptError extends Error {
  override readonly name = 'ProjectionRecordCorruptError';
  constructor(
    readonly projection: string,
    readonly reason: string,
  ) {
    super(
      `The stored record of projection '${projection}' is corrupt: ${reason}. ` +
        'It was left unchanged; delete it and rebuild the projection from the events.',
    );
  }
}

/** Guard for {@link ProjectionRecordCorruptError}. */
export const isProjectionRecordCorruptError = (e: unknown): e is ProjectionRecordCorruptError =>
  hasName(e, 'ProjectionRecordCorruptError');

/**
 * SQLite result codes that mean "try again later": locked, busy, I/O trouble, disk full.
 * `CANTOPEN` here concerns a store already open (a journal or temporary file, e.g. out of
 * file descriptors); while opening, a path that cannot be opened is a `DatabaseOpenError`.
 */
const TRANSIENT_CODES = /^SQLITE_(BUSY|LOCKED|IOERR|FULL|CANTOPEN|PROTOCOL|NOMEM)/;

/**
 * Maps a driver failure to the port's errors: transient SQLite codes become
 * {@link StoreUnavailableError}, use after close becomes {@link StoreClosedError};
 * anything else (already typed errors included) is returned unchanged.
 */
export const toStoreError = (e: unknown, operation: string): unknown => {
  if (isStoreClosedError(e)) return e;
  if (e instanceof TypeError && /database connection is not open/.test(e.message)) return new StoreClosedError(operation);
  const code = typeof e === 'object' && e !== null ? (e as { code?: unknown }).code : undefined;
  if (typeof code === 'string' && TRANSIENT_CODES.test(code)) return new StoreUnavailableError(operation, { cause: e });
  return e;
};
