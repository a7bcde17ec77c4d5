import { CasefoldError, isCasefoldError } from './casefoldError.js';

/**
 * Errors every store adapter throws alike when it opens (or is configured), with the same
 * fields: `target` is where the store is, without credentials (a SQLite file name, a
 * PostgreSQL `host:port/database`), so that callers handle one set of failures whatever
 * the store.
 */

/** An option of a store is of the wrong type or out of range. Nothing was opened, created or contacted. */
export class InvalidStoreOptionError extends CasefoldError {
  override readonly name = 'InvalidStoreOptionError';
  constructor(
    /** The option, e.g. `pollIntervalMs` or `pool.max`. */
    readonly option: string,
    /** What is wrong and what is allowed, e.g. `must be a whole number from 1 to 2,147,483,647, got 0`. */
    readonly reason: string,
  ) {
    super(`Invalid store option '${option}': ${reason}. Nothing was opened; fix the option.`);
  }
}

/** Guard for {@link InvalidStoreOptionError}. */
export const isInvalidStoreOptionError = (e: unknown): e is InvalidStoreOptionError => isCasefoldError(e, 'InvalidStoreOptionError');

/**
 * The store cannot be opened as configured, and retrying will not change that: a file's
 * directory is missing or it may not be written, a server refuses the TLS the connection
 * string asks for, a role lacks a privilege. Nothing was created or changed.
 */
export class DatabaseOpenError extends CasefoldError {
  override readonly name = 'DatabaseOpenError';
  /** Always `false`: the same open fails again until the path, grants or settings change. */
  readonly retryable = false as const;
  constructor(
    /** Where, without credentials: a SQLite file name, a PostgreSQL `host:port/database`. */
    readonly target: string,
    /** What is wrong, e.g. `the directory '/srv/data' does not exist`. */
    readonly reason: string,
    /** What to do about it, e.g. `create the directory first, or fix the path`. */
    readonly advice: string,
    options?: { readonly cause?: unknown },
  ) {
    super(`Cannot open the database '${target}': ${reason}. Nothing was created or changed, and retrying will not help: ${advice}.`, options);
  }
}

/** Guard for {@link DatabaseOpenError}. */
export const isDatabaseOpenError = (e: unknown): e is DatabaseOpenError => isCasefoldError(e, 'DatabaseOpenError');

/**
 * The database holds something that is not a casefold store where the store would be: a
 * file that is not SQLite, tables of casefold's names with another shape. Nothing was changed.
 */
export class IncompatibleDatabaseError extends CasefoldError {
  override readonly name = 'IncompatibleDatabaseError';
  constructor(
    /** Where, without credentials (as in {@link DatabaseOpenError}); a PostgreSQL target names the schema too. */
    readonly target: string,
    readonly reason: string,
    /** What to do, e.g. `use a new file or the right one`. */
    readonly advice: string,
    options?: { readonly cause?: unknown },
  ) {
    super(`Cannot use '${target}' as a casefold event store: ${reason}. Nothing was changed; ${advice}.`, options);
  }
}

/** Guard for {@link IncompatibleDatabaseError}. */
export const isIncompatibleDatabaseError = (e: unknown): e is IncompatibleDatabaseError => isCasefoldError(e, 'IncompatibleDatabaseError');

/**
 * The store was written by a newer casefold whose schema this adapter does not know. It was
 * only read, never changed. Upgrade the adapter to use it.
 */
export class SchemaTooNewError extends CasefoldError {
  override readonly name = 'SchemaTooNewError';
  constructor(
    /** Where, without credentials (as in {@link DatabaseOpenError}). */
    readonly target: string,
    /** Schema version found in the store. */
    readonly foundVersion: number,
    /** Newest schema version the adapter knows. */
    readonly knownVersion: number,
    /** The adapter's package, e.g. `@casefold/sqlite`. */
    readonly adapter: string,
  ) {
    super(`The database '${target}' has schema version ${foundVersion}, but this ${adapter} only knows versions up to ${knownVersion}. ` + `It was left untouched; upgrade ${adapter} to use it.`);
  }
}

/** Guard for {@link SchemaTooNewError}. */
export const isSchemaTooNewError = (e: unknown): e is SchemaTooNewError => isCasefoldError(e, 'SchemaTooNewError');

/**
 * A stored projection record (or setting) could not be read: its state is not valid JSON,
 * or its version or position are not what the port allows. It was left as it is; delete the
 * projection and rebuild it from the events.
 */
export class ProjectionRecordCorruptError extends CasefoldError {
  override readonly name = 'ProjectionRecordCorruptError';
  constructor(
    readonly projection: string,
    readonly reason: string,
  ) {
    super(`The stored record of projection '${projection}' is corrupt: ${reason}. It was left unchanged; delete it and rebuild the projection from the events.`);
  }
}

/** Guard for {@link ProjectionRecordCorruptError}. */
export const isProjectionRecordCorruptError = (e: unknown): e is ProjectionRecordCorruptError => isCasefoldError(e, 'ProjectionRecordCorruptError');

declare module './casefoldError.js' {
  interface CasefoldErrorKinds {
    InvalidStoreOptionError: InvalidStoreOptionError;
    DatabaseOpenError: DatabaseOpenError;
    IncompatibleDatabaseError: IncompatibleDatabaseError;
    SchemaTooNewError: SchemaTooNewError;
    ProjectionRecordCorruptError: ProjectionRecordCorruptError;
  }
}
