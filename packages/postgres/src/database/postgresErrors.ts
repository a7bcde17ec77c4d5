import pg from 'pg';
import { StoreClosedError, StoreUnavailableError, isStoreClosedError } from '@casefold/engine';

const hasName = (e: unknown, name: string): boolean =>
  typeof e === 'object' && e !== null && (e as { name?: unknown }).name === name;

/** What messages show instead of a connection string that does not parse as a URL (it may hold a password anywhere). */
export const NOT_A_URL = 'a connection string that is not a URL';

/**
 * The connection string cannot be used: not a `postgres://` or `postgresql://` URL, or a URL
 * with a bad port, host or database. Nothing was contacted. Fix the string and retry.
 */
export class InvalidConnectionStringError extends Error {
  override readonly name = 'InvalidConnectionStringError';
  constructor(
    /** The connection string with its password and secret parameters replaced by `***`, or {@link NOT_A_URL}. */
    readonly connectionString: string,
    readonly reason: string,
  ) {
    super(
      `Invalid PostgreSQL connection string ${
        connectionString === NOT_A_URL ? `(${NOT_A_URL}; not shown, as it may hold a password)` : `'${connectionString}'`
      }: ${reason}. ` +
        "Use the form 'postgres://user:password@host:5432/database'.",
    );
  }
}

/** Guard for {@link InvalidConnectionStringError}. */
export const isInvalidConnectionStringError = (e: unknown): e is InvalidConnectionStringError =>
  hasName(e, 'InvalidConnectionStringError');

/**
 * The server refused the login: wrong password, unknown user or database, or no permission
 * to connect. Not retryable: retrying with the same settings fails again.
 */
export class PostgresAuthenticationError extends Error {
  override readonly name = 'PostgresAuthenticationError';
  constructor(
    /** Where the login was attempted, `host:port/database` (no credentials). */
    readonly target: string,
    /** The server's SQLSTATE, e.g. `28P01` (wrong password) or `3D000` (no such database). */
    readonly code: string,
    options?: { readonly cause?: unknown },
  ) {
    super(
      `PostgreSQL at ${target} refused the login (${code}${
        options?.cause instanceof Error ? `: ${options.cause.message}` : ''
      }). Check user, password and database name in the connection string.`,
      options,
    );
  }
}

/** Guard for {@link PostgresAuthenticationError}. */
export const isPostgresAuthenticationError = (e: unknown): e is PostgresAuthenticationError =>
  hasName(e, 'PostgresAuthenticationError');

/** An option of the PostgreSQL store is out of range or malformed. Nothing was contacted. */
export class InvalidPostgresOptionError extends Error {
  override readonly name = 'InvalidPostgresOptionError';
  constructor(
    readonly option: string,
    readonly reason: string,
  ) {
    super(`Invalid PostgreSQL store option '${option}': ${reason}.`);
  }
}

/** Guard for {@link InvalidPostgresOptionError}. */
export const isInvalidPostgresOptionError = (e: unknown): e is InvalidPostgresOptionError =>
  hasName(e, 'InvalidPostgresOptionError');

/**
 * The schema was written by a newer casefold whose migrations this library does not know.
 * Nothing was changed. Upgrade `@casefold/postgres` to use it.
 */
export class SchemaTooNewError extends Error {
  override readonly name = 'SchemaTooNewError';
  constructor(
    readonly schema: string,
    /** Schema version found in the database. */
    readonly foundVersion: number,
    /** Newest schema version this library knows. */
    readonly knownVersion: number,
  ) {
    super(
      `The PostgreSQL schema '${schema}' has casefold schema version ${foundVersion}, but this @casefold/postgres ` +
        `only knows versions up to ${knownVersion}. Nothing was changed; upgrade @casefold/postgres to use it.`,
    );
  }
}

/** Guard for {@link SchemaTooNewError}. */
export const isSchemaTooNewError = (e: unknown): e is SchemaTooNewError => hasName(e, 'SchemaTooNewError');

/**
 * The store cannot be opened on this server as configured, and retrying will not change that:
 * the server refuses the TLS the connection string asks for, or the role may not create or
 * use the store's schema or tables. Nothing was created or changed. The message says what to
 * do. (Same name and meaning as the SQLite store's `DatabaseOpenError`.)
 */
export class DatabaseOpenError extends Error {
  override readonly name = 'DatabaseOpenError';
  /** Always `false`: the same open fails again until the server, the grants or the connection string change. */
  readonly retryable = false as const;
  constructor(
    /** Where, `host:port/database` (no credentials). */
    readonly target: string,
    /** What is wrong, e.g. `the server refused TLS, which the connection string asks for`. */
    readonly reason: string,
    /** What to do about it. */
    readonly advice: string,
    options?: { readonly cause?: unknown },
  ) {
    super(
      `Cannot open the casefold store on PostgreSQL at ${target}: ${reason}. Nothing was created or changed, and retrying will not help: ${advice}.`,
      options,
    );
  }
}

/** Guard for {@link DatabaseOpenError}. */
export const isDatabaseOpenError = (e: unknown): e is DatabaseOpenError => hasName(e, 'DatabaseOpenError');

/**
 * The store's schema holds tables that casefold did not create: a table of one of its names
 * (`events`, `projections`, `settings`, `schema_version`) with another shape. Nothing was
 * changed. (Same name and meaning as the SQLite store's `IncompatibleDatabaseError`.)
 */
export class IncompatibleDatabaseError extends Error {
  override readonly name = 'IncompatibleDatabaseError';
  constructor(
    /** Where, `host:port/database` (no credentials). */
    readonly target: string,
    readonly schema: string,
    readonly reason: string,
    options?: { readonly cause?: unknown },
  ) {
    super(
      `Cannot use the schema '${schema}' of PostgreSQL at ${target} as a casefold event store: ${reason}. ` +
        "Nothing was changed; give the store a schema of its own (the 'schema' option), or move the other tables away.",
      options,
    );
  }
}

/** Guard for {@link IncompatibleDatabaseError}. */
export const isIncompatibleDatabaseError = (e: unknown): e is IncompatibleDatabaseError => hasName(e, 'IncompatibleDatabaseError');

/** SQLSTATEs of a refused login: invalid authorization (28xxx) or no such database. */
const LOGIN_CODES = /^(28...|3D000)$/;
/** SQLSTATEs that mean "the server cannot serve now": connection exceptions, shutdown, overload, timeouts. */
const TRANSIENT_CODES = /^(08...|57P0[1-5]|53...|57014|55P03|40001|40P01)$/;
/** Node/socket errors and pg messages of a connection that failed or broke (`ENOENT`: no server's Unix socket in the directory). */
const TRANSIENT_SOCKET_CODES = new Set(['ENOENT', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ENOTFOUND']);
const TRANSIENT_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Query read timeout|connection timeout|Client has encountered a connection error|Client was closed|Connection ended|not queryable/i;

/** The `code` of a driver or Node error (SQLSTATE or e.g. `ENOENT`), if it has one. */
export const codeOf = (e: unknown): string | undefined => {
  const code = typeof e === 'object' && e !== null ? (e as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
};

/** True for a driver failure after which retrying later may succeed (server down, restarting, busy, slow). */
export const isTransientPostgresFailure = (e: unknown): boolean => {
  const code = codeOf(e);
  if (code !== undefined && (TRANSIENT_CODES.test(code) || TRANSIENT_SOCKET_CODES.has(code))) return true;
  if (e instanceof AggregateError) return e.errors.some(isTransientPostgresFailure);
  return e instanceof Error && TRANSIENT_MESSAGES.test(e.message);
};

/** What `pg` says when the server answers a TLS request with 'N' (it was started without `ssl = on`). */
const TLS_REFUSED = 'The server does not support SSL connections';

/**
 * Maps a `pg` failure to the port's errors: a refused login becomes
 * {@link PostgresAuthenticationError}, a server that refuses the TLS the connection string
 * asks for {@link DatabaseOpenError}, an unreachable, restarting, overloaded or silent server
 * {@link StoreUnavailableError}; typed errors and anything else pass through unchanged.
 */
export const toStoreError = (e: unknown, operation: string, target: string): unknown => {
  if (isStoreClosedError(e) || hasName(e, 'StoreUnavailableError')) return e;
  const code = codeOf(e);
  if (code !== undefined && LOGIN_CODES.test(code)) return new PostgresAuthenticationError(target, code, { cause: e });
  if (e instanceof Error && e.message === TLS_REFUSED) {
    return new DatabaseOpenError(
      target,
      'the server refused TLS, which the connection string asks for (its sslmode or ssl parameter): the server runs without TLS',
      "turn TLS on at the server (ssl = on in postgresql.conf, with a certificate), or, on a network you trust, connect without it (sslmode=disable, or no sslmode or ssl parameter)",
      { cause: e },
    );
  }
  if (isTransientPostgresFailure(e)) return new StoreUnavailableError(`${operation}, PostgreSQL at ${target}`, { cause: e });
  return e;
};

/**
 * True when the server answered a statement with an error (a SQLSTATE; also under a
 * {@link StoreUnavailableError}): the statement failed and the connection is in a known
 * state. False for a broken connection or a client-side timeout, after which the server may
 * still have run (even committed) what was sent.
 */
export const isServerAnswer = (e: unknown): boolean =>
  e instanceof pg.DatabaseError || (hasName(e, 'StoreUnavailableError') && (e as Error).cause instanceof pg.DatabaseError);

/** Throws {@link StoreClosedError} when `closed`. */
export const ensureOpen = (closed: boolean, operation: string): void => {
  if (closed) throw new StoreClosedError(operation);
};
