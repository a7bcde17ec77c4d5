import pg from 'pg';
import { InvalidConnectionStringError, InvalidPostgresOptionError } from './postgresErrors.js';

/** Connection-pool settings (a subset of `pg.PoolConfig`, with bounded defaults). */
export interface PostgresPoolOptions {
  /** Most connections the store opens at once. Default 10. */
  readonly max?: number;
  /** How long an unused connection stays open, in ms. Default 30,000. */
  readonly idleTimeoutMillis?: number;
  /** How long to wait for a connection (connect and login, or a free pool slot), in ms. Default 5,000. */
  readonly connectionTimeoutMillis?: number;
  /** Server-side limit of one statement, in ms. Default 30,000. */
  readonly statementTimeoutMillis?: number;
  /** Client-side limit of one query (covers a server that stops answering mid-query), in ms. Default 60,000. */
  readonly queryTimeoutMillis?: number;
  /** `application_name` shown in `pg_stat_activity`. Default `casefold`. */
  readonly applicationName?: string;
}

/** Where a store connects, without credentials: `host:port/database`, for error messages. */
export interface ParsedConnection {
  readonly target: string;
  /** The connection string with its password replaced by `***`. */
  readonly redacted: string;
}

/** Replaces the password of a URL-shaped connection string with `***`. */
export const redactConnectionString = (connectionString: string): string =>
  connectionString.replace(/^([a-z]+:\/\/[^:/@]*:)[^@/]*@/i, '$1***@');

/**
 * Checks a connection string before anything is contacted: a `postgres://` or
 * `postgresql://` URL with a valid host, port and database name.
 *
 * @throws InvalidConnectionStringError
 */
export const parseConnectionString = (connectionString: unknown): ParsedConnection => {
  if (typeof connectionString !== 'string' || connectionString.trim() === '') {
    throw new InvalidConnectionStringError(String(connectionString), 'it is empty or not a string');
  }
  const redacted = redactConnectionString(connectionString);
  let url: URL;
  try {
    url = new URL(connectionString);
  } catch {
    throw new InvalidConnectionStringError(redacted, 'it is not a URL');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new InvalidConnectionStringError(redacted, `the scheme is '${url.protocol.replace(/:$/, '')}', not 'postgres' or 'postgresql'`);
  }
  const socketHost = url.searchParams.get('host');
  if (url.hostname === '' && (socketHost === null || socketHost === '')) {
    throw new InvalidConnectionStringError(redacted, 'it names no host');
  }
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (database.includes('/')) throw new InvalidConnectionStringError(redacted, `the database name '${database}' contains '/'`);
  const port = url.port === '' ? '5432' : url.port;
  return { target: `${url.hostname || socketHost}:${port}/${database || '(default)'}`, redacted };
};

const positiveInteger = (option: string, value: number | undefined, fallback: number): number => {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new InvalidPostgresOptionError(option, `expected a positive integer, got ${String(value)}`);
  }
  return value;
};

/**
 * Builds the `pg` pool configuration: validated limits with bounded defaults, so that no
 * connect, checkout or query can hang forever.
 *
 * @throws InvalidPostgresOptionError
 */
export const poolConfig = (connectionString: string, options: PostgresPoolOptions = {}): pg.PoolConfig => ({
  connectionString,
  max: positiveInteger('pool.max', options.max, 10),
  idleTimeoutMillis: positiveInteger('pool.idleTimeoutMillis', options.idleTimeoutMillis, 30_000),
  connectionTimeoutMillis: positiveInteger('pool.connectionTimeoutMillis', options.connectionTimeoutMillis, 5_000),
  statement_timeout: positiveInteger('pool.statementTimeoutMillis', options.statementTimeoutMillis, 30_000),
  query_timeout: positiveInteger('pool.queryTimeoutMillis', options.queryTimeoutMillis, 60_000),
  idle_in_transaction_session_timeout: 60_000,
  application_name: options.applicationName ?? 'casefold',
  keepAlive: true,
});
