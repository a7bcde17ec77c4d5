import { CasefoldError, isCasefoldError } from '@casefold/engine';

/**
 * Reading and redacting PostgreSQL connection strings without `pg`: this module (the
 * `@casefold/postgres/connectionString` subpath) imports nothing from the driver, so a tool
 * that only shows or checks locations (the CLI) does not load `pg` until a store is opened.
 */

/** What messages show instead of a connection string that does not parse as a URL (it may hold a password anywhere). */
export const NOT_A_URL = 'a connection string that is not a URL';

/**
 * The connection string cannot be used: not a `postgres://` or `postgresql://` URL, or a URL
 * with a bad port, host or database. Nothing was contacted. Fix the string and retry.
 */
export class InvalidConnectionStringError extends CasefoldError {
  override readonly name = 'InvalidConnectionStringError';
  constructor(
    /** The connection string with its password and secret parameters replaced by `***`, or {@link NOT_A_URL}. */
    readonly connectionString: string,
    readonly reason: string,
  ) {
    super(
      `Invalid PostgreSQL connection string ${connectionString === NOT_A_URL ? `(${NOT_A_URL}; not shown, as it may hold a password)` : `'${connectionString}'`}: ${reason}. ` +
        "Use the form 'postgres://user:password@host:5432/database'.",
    );
  }
}

/** Guard for {@link InvalidConnectionStringError}. */
export const isInvalidConnectionStringError = (e: unknown): e is InvalidConnectionStringError => isCasefoldError(e, 'InvalidConnectionStringError');

/** Query parameters whose values are secrets (or name a private key). */
const SECRET_PARAMETERS = new Set(['password', 'sslpassword', 'sslkey']);

/**
 * The connection string as a URL, or `undefined` when it is none, or when an `@` follows the
 * host: then a user name or password holds an unescaped `/`, `?` or `#`, and part of it
 * would be read as path, query or fragment.
 */
export const parseUrl = (connectionString: string): URL | undefined => {
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
  'host',
  'port',
  'user',
  'ssl',
  'sslmode',
  'sslcert',
  'sslrootcert',
  'sslnegotiation',
  'uselibpqcompat',
  'application_name',
  'fallback_application_name',
  'client_encoding',
  'options',
  'replication',
  'binary',
  'connect_timeout',
  'keepalives',
  'keepalives_idle',
  'statement_timeout',
  'lock_timeout',
  'query_timeout',
  'idle_in_transaction_session_timeout',
]);

/**
 * `scheme://user:***@host:port/database?…` built from the parsed URL: no password, no
 * fragment; secret parameters' values are `***`, unknown parameters are only counted.
 */
export const redactUrl = (url: URL): string => {
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

declare module '@casefold/engine' {
  interface CasefoldErrorKinds {
    InvalidConnectionStringError: InvalidConnectionStringError;
  }
}
