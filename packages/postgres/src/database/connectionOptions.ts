import { readFileSync } from 'node:fs';
import pg from 'pg';
import { InvalidStoreOptionError } from '@casefold/engine';
import { MAX_TIMER_MS, integerOption } from '@casefold/engine/adapter';
import { codeOf } from './postgresErrors.js';
import { InvalidConnectionStringError, NOT_A_URL, parseUrl, redactUrl } from './connectionString.js';

/** Connection-pool settings (a subset of `pg.PoolConfig`, with bounded defaults). */
export interface PostgresPoolOptions {
  /** Most connections the store opens at once. Default 10. */
  readonly max?: number;
  /** How long an unused connection stays open, in ms (1 to 2,147,483,647, as every time here). Default 30,000. */
  readonly idleTimeoutMs?: number;
  /** How long to wait for a connection (connect and login, or a free pool slot), in ms. Default 5,000. */
  readonly connectionTimeoutMs?: number;
  /** Server-side limit of one statement, in ms. Default 30,000. */
  readonly statementTimeoutMs?: number;
  /** Client-side limit of one query (covers a server that stops answering mid-query), in ms. Default 60,000. */
  readonly queryTimeoutMs?: number;
  /** `application_name` shown in `pg_stat_activity`: 1 to 63 printable ASCII characters. Default `casefold`. */
  readonly applicationName?: string;
}

/** Where a store connects, without credentials: `host:port/database`, for error messages. */
export interface ParsedConnection {
  readonly target: string;
  /** The connection string with its password and secret parameters replaced by `***`. */
  readonly redacted: string;
}

const decoded = (what: string, text: string, invalid: (reason: string) => never): string => {
  try {
    return decodeURIComponent(text);
  } catch {
    return invalid(`the ${what} has a malformed %-escape (write '%' itself as %25)`);
  }
};

/** `ssl` values `pg` understands (`false` is not one: `pg` takes any other text as on). */
const SSL_VALUES = new Set(['true', '1', '0', 'no-verify']);
const SSL_MODES = new Set(['disable', 'prefer', 'require', 'verify-ca', 'verify-full', 'no-verify']);

/** Why a value of a query parameter `pg` acts on is unusable, or `undefined` when it is fine. */
const parameterProblem = (key: string, value: string): string | undefined => {
  switch (key) {
    case 'port':
      return /^\d{1,5}$/.test(value) && Number(value) >= 1 && Number(value) <= 65_535 ? undefined : `is '${value}', not a port number (1–65535)`;
    case 'host':
      return value === '' ? 'is empty' : undefined;
    case 'ssl':
      return SSL_VALUES.has(value) ? undefined : `is '${value}'; use true, 1, 0 (off) or no-verify`;
    case 'sslmode':
      return SSL_MODES.has(value) ? undefined : `is '${value}'; use one of ${[...SSL_MODES].join(', ')}`;
    case 'sslnegotiation':
      return value === 'postgres' || value === 'direct' ? undefined : `is '${value}'; use postgres or direct`;
    case 'sslcert':
    case 'sslkey':
    case 'sslrootcert':
      try {
        readFileSync(value);
        return undefined;
      } catch (e) {
        return `names a file that cannot be read (${codeOf(e) ?? 'error'}${key === 'sslkey' ? '' : `: ${value}`}); give a readable file`;
      }
    default:
      return undefined;
  }
};

/**
 * Checks a connection string before anything is contacted: a `postgres://` or
 * `postgresql://` URL with a valid host, port, database name and %-escapes, and the query
 * parameters `pg` acts on (`port`, `host`, `ssl`, `sslmode`, `sslnegotiation`, readable
 * `sslcert`/`sslkey`/`sslrootcert` files); finally `pg` itself must accept it.
 *
 * @throws InvalidConnectionStringError
 */
export const parseConnectionString = (connectionString: unknown): ParsedConnection => {
  if (typeof connectionString !== 'string' || connectionString.trim() === '') {
    throw new InvalidConnectionStringError(typeof connectionString === 'string' ? connectionString : String(connectionString), 'it is empty or not a string');
  }
  const url = parseUrl(connectionString);
  if (url === undefined) {
    const reason = /^[a-z][a-z0-9+.-]*:\/\//i.test(connectionString)
      ? "it is not a valid URL (check the port; write '/', '?', '#', '@' and '%' in a user name or password as %2F, %3F, %23, %40, %25)"
      : "it is not a URL (the keyword/value form 'host=… dbname=…' is not supported)";
    throw new InvalidConnectionStringError(NOT_A_URL, reason);
  }
  const redacted = redactUrl(url);
  const invalid = (reason: string): never => {
    throw new InvalidConnectionStringError(redacted, reason);
  };
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    invalid(`the scheme is '${url.protocol.replace(/:$/, '')}', not 'postgres' or 'postgresql'`);
  }
  // pg takes the last of repeated parameters.
  const socketHost = url.searchParams.getAll('host').at(-1);
  if (url.hostname === '' && (socketHost === undefined || socketHost === '')) invalid('it names no host');
  decoded('user name', url.username, invalid);
  decoded('password', url.password, invalid);
  const database = decoded('database name', url.pathname.replace(/^\//, ''), invalid);
  if (database.includes('/')) invalid(`the database name '${database}' contains '/'`);
  for (const [key, value] of url.searchParams) {
    const problem = parameterProblem(key, value);
    if (problem !== undefined) invalid(`the query parameter '${key}' ${problem}`);
  }
  try {
    new pg.Client({ connectionString });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const hidden = url.password === '' ? message : message.replaceAll(url.password, '***').replaceAll(decodeURIComponent(url.password), '***');
    invalid(`pg refuses it (${hidden})`);
  }
  const port = url.searchParams.getAll('port').at(-1) ?? (url.port === '' ? '5432' : url.port);
  return { target: `${socketHost || url.hostname}:${port}/${database || '(default)'}`, redacted };
};

/** `application_name` as PostgreSQL keeps it: printable ASCII, at most 63 characters (longer is cut, others become `?`). */
const APPLICATION_NAME = /^[\x20-\x7e]{1,63}$/;

const applicationName = (value: unknown): string => {
  if (value === undefined) return 'casefold';
  if (typeof value !== 'string' || !APPLICATION_NAME.test(value)) {
    const shown = typeof value === 'string' ? `'${value.replace(/[^\x20-\x7e]/g, '?')}' (${value.length} characters)` : `${typeof value} ${String(value)}`;
    throw new InvalidStoreOptionError('pool.applicationName', `must be 1 to 63 printable ASCII characters, got ${shown}`);
  }
  return value;
};

/**
 * Builds the `pg` pool configuration: validated limits with bounded defaults, so that no
 * connect, checkout or query can hang forever.
 *
 * @throws InvalidStoreOptionError
 */
export const poolConfig = (connectionString: string, options: PostgresPoolOptions = {}): pg.PoolConfig => ({
  connectionString,
  max: integerOption('pool.max', options.max, 10, 1),
  idleTimeoutMillis: integerOption('pool.idleTimeoutMs', options.idleTimeoutMs, 30_000, 1, MAX_TIMER_MS),
  connectionTimeoutMillis: integerOption('pool.connectionTimeoutMs', options.connectionTimeoutMs, 5_000, 1, MAX_TIMER_MS),
  statement_timeout: integerOption('pool.statementTimeoutMs', options.statementTimeoutMs, 30_000, 1, MAX_TIMER_MS),
  query_timeout: integerOption('pool.queryTimeoutMs', options.queryTimeoutMs, 60_000, 1, MAX_TIMER_MS),
  idle_in_transaction_session_timeout: 60_000,
  application_name: applicationName(options.applicationName),
  keepAlive: true,
});
