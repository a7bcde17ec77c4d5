import pg from 'pg';
import { CasefoldError, DatabaseOpenError, StoreClosedError, StoreUnavailableError, isCasefoldError, isStoreClosedError, isStoreUnavailableError } from '@casefold/engine';

/**
 * The server refused the login: wrong password, unknown user or database, or no permission
 * to connect. Not retryable: retrying with the same settings fails again.
 */
export class PostgresAuthenticationError extends CasefoldError {
  override readonly name = 'PostgresAuthenticationError';
  constructor(
    /** Where the login was attempted, `host:port/database` (no credentials). */
    readonly target: string,
    /** The server's SQLSTATE, e.g. `28P01` (wrong password) or `3D000` (no such database). */
    readonly code: string,
    options?: { readonly cause?: unknown },
  ) {
    super(
      `PostgreSQL at ${target} refused the login (${code}${options?.cause instanceof Error ? `: ${options.cause.message}` : ''}). Check user, password and database name in the connection string.`,
      options,
    );
  }
}

/** Guard for {@link PostgresAuthenticationError}. */
export const isPostgresAuthenticationError = (e: unknown): e is PostgresAuthenticationError => isCasefoldError(e, 'PostgresAuthenticationError');

/**
 * The server refused an operation for the connection's role: a privilege it lacks, or a
 * row-level security policy that forbids the rows (a stream of another tenant, see
 * docs/tenancy.md). Nothing was written. Not retryable: check the role's grants and policies.
 */
export class PostgresPermissionError extends CasefoldError {
  override readonly name = 'PostgresPermissionError';
  constructor(
    /** What was refused, e.g. `append to stream 'guandu/case-9'`. */
    readonly operation: string,
    /** Where, `host:port/database` (no credentials). */
    readonly target: string,
    options?: { readonly cause?: unknown },
  ) {
    super(
      `PostgreSQL at ${target} refused to ${operation} for this connection's role (42501${options?.cause instanceof Error ? `: ${options.cause.message}` : ''}). Nothing was written. Check the role's grants and row-level security policies (docs/tenancy.md).`,
      options,
    );
  }
}

/** Guard for {@link PostgresPermissionError}. */
export const isPostgresPermissionError = (e: unknown): e is PostgresPermissionError => isCasefoldError(e, 'PostgresPermissionError');

/** SQLSTATE of insufficient_privilege: a missing grant, or a row-level security policy. */
const PERMISSION_CODE = '42501';
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
 * {@link PostgresAuthenticationError}, a refused privilege or row-level security policy
 * {@link PostgresPermissionError}, a server that refuses the TLS the connection string
 * asks for {@link DatabaseOpenError}, an unreachable, restarting, overloaded or silent server
 * {@link StoreUnavailableError}; typed errors and anything else pass through unchanged.
 */
export const toStoreError = (e: unknown, operation: string, target: string): unknown => {
  if (isStoreClosedError(e) || isStoreUnavailableError(e)) return e;
  const code = codeOf(e);
  if (code !== undefined && LOGIN_CODES.test(code)) return new PostgresAuthenticationError(target, code, { cause: e });
  if (code === PERMISSION_CODE) return new PostgresPermissionError(operation, target, { cause: e });
  if (e instanceof Error && e.message === TLS_REFUSED) {
    return new DatabaseOpenError(
      target,
      'the server refused TLS, which the connection string asks for (its sslmode or ssl parameter): the server runs without TLS',
      'turn TLS on at the server (ssl = on in postgresql.conf, with a certificate), or, on a network you trust, connect without it (sslmode=disable, or no sslmode or ssl parameter)',
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
export const isServerAnswer = (e: unknown): boolean => e instanceof pg.DatabaseError || (isStoreUnavailableError(e) && (e as Error).cause instanceof pg.DatabaseError);

/** Throws {@link StoreClosedError} when `closed`. */
export const ensureOpen = (closed: boolean, operation: string): void => {
  if (closed) throw new StoreClosedError(operation);
};

declare module '@casefold/engine' {
  interface CasefoldErrorKinds {
    PostgresAuthenticationError: PostgresAuthenticationError;
    PostgresPermissionError: PostgresPermissionError;
  }
}
