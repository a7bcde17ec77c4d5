import { readFileSync } from 'node:fs';
import pg from 'pg';
import { InvalidConnectionStringError, InvalidPostgresOptionError, NOT_A_URL, codeOf } from './postgresErrors.js';

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
  /** `application_name` shown in `pg_stat_activity`: 1 to 63 printable ASCII characters. Default `casefold`. */
  readonly applicationName?: string;
}

/** Where a store connects, without credentials: `host:port/database`, for error messages. */
export interface ParsedConnection {
  readonly target: string;
  /** The connection string with its password and secret parameters replaced by `***`. */
  readonly redacted: string;
}

/** Query parameters whose values are secrets (or name a private key). */
const SECRET_PARAMETERS = new Set(['password', 'sslpassword', 'sslkey']);

/**
 * The connection string as a URL, or `undefined` when it is none, or when an `@` follows the
 * host: then a user name or password holds an unescaped `/`, `?` or `#`, and part of it
 * would be read as path, query or fragment.
 */
const parseUrl = (connectionString: string): URL | undefined => {
  let url: URL;
  try {
    url = new URL(connectionString);
  } catch {
    return undefined;
  }
  return `${url.pathname}${url.search}${url.hash}`.includes('@') ? undefined : url;
};

/** Query parameters `pg` knows whose values are not secret: shown in messages. Others are counted, not shown (a password with an unescaped `&` could make one). */
const SHOWN_PARAMETERS = new Set([
  'host', 'port', 'user', 'ssl', 'sslmode', 'sslcert', 'sslrootcert', 'sslnegotiation', 'uselibpqcompat', 'application_name',
  'fallback_application_name', 'client_encoding', 'options', 'replication', 'binary', 'connect_timeout', 'keepalives',
  'keepalives_idle', 'statement_timeout', 'lock_timeout', 'query_timeout', 'idle_in_transaction_session_timeout',
]);

/**
 * `scheme://user:***@host:port/database?…` built from the parsed URL: no password, no
 * fragment; secret parameters' values are `***`, unknown parameters are only counted.
 */
const redactUrl = (url: URL): string => {
  const shown: string[] = [];
  let others = 0;
  for (const [key, value] of url.searchParams) {
    if (SECRET_PARAMETERS.has(key)) shown.push(`${key}=***`);
    else if (SHOWN_PARAMETERS.has(key)) shown.push(new URLSearchParams([[key, value]]).toString());
    else others++;
  }
  const search = shown.length === 0 ? '' : `?${shown.join('&')}`;
  const more = others === 0 ? '' : ` (and ${others} other ${others === 1 ? 'query parameter' : 'query parameters'}, not shown)`;
  const user = url.username === '' && url.password === '' ? '' : `${url.username}${url.password === '' ? '' : ':***'}@`;
  return `${url.protocol}//${user}${url.host}${url.pathname}${search}${more}`;
};

/**
 * The connection string for messages: rebuilt from the parsed URL with the password and the
 * values of `password`, `sslpassword` and `sslkey` replaced by `***` (and no fragment). Text
 * that does not parse as a URL (keyword/value form, a bad port, an unescaped `/`, `?`, `#` in
 * a password) is never echoed: it comes back as {@link NOT_A_URL}.
 */
export const redactConnectionString = (connectionString: string): string => {
  const url = parseUrl(connectionString);
  return url === undefined ? NOT_A_URL : redactUrl(url);
};

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

const positiveInteger = (option: string, value: number | undefined, fallback: number): number => {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new InvalidPostgresOptionError(option, `expected a positive integer, got ${String(value)}`);
  }
  return value;
};

/** `application_name` as PostgreSQL keeps it: printable ASCII, at most 63 characters (longer is cut, others become `?`). */
const APPLICATION_NAME = /^[\x20-\x7e]{1,63}$/;

const applicationName = (value: unknown): string => {
  if (value === undefined) return 'casefold';
  if (typeof value !== 'string' || !APPLICATION_NAME.test(value)) {
    const shown = typeof value === 'string' ? `'${value.replace(/[^\x20-\x7e]/g, '?')}' (${value.length} characters)` : `${typeof value} ${String(value)}`;
    throw new InvalidPostgresOptionError('pool.applicationName', `expected 1 to 63 printable ASCII characters, got ${shown}`);
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
  application_name: applicationName(options.applicationName),
  keepAlive: true,
});
