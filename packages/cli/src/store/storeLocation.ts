import { redactConnectionString } from '@casefold/postgres';
import { UsageError } from '../cli/cliErrors.js';

/** Where the events live: the embedded SQLite file (the default), or a server store (later). */
export type StoreLocation =
  | { readonly kind: 'sqlite'; readonly fileName: string }
  | { readonly kind: 'postgres'; readonly url: string };

/** The default database file, in the current directory. */
export const DEFAULT_DATABASE = 'casefold.db';

/** A libpq keyword/value connection string (`host=… password=…`), which must not be taken for a file name (and echoed). */
const KEYWORD_VALUE = /(^|\s)(host|hostaddr|port|dbname|user|password|sslmode|passfile)\s*=/i;

/**
 * Reads the store option: `--store` takes a location (`sqlite:FILE`, a plain file name, or
 * `postgres://…`), `--db FILE` is the short form for a SQLite file; both absent means
 * `casefold.db` in the current directory.
 *
 * @throws UsageError when both are given, for `:memory:`, for an unknown scheme, or for a keyword/value connection string.
 */
export const parseStoreLocation = (options: { readonly db?: string | undefined; readonly store?: string | undefined }): StoreLocation => {
  const { db, store } = options;
  if (db !== undefined && store !== undefined) throw new UsageError('give either --db FILE or --store LOCATION, not both');
  if (db === ':memory:' || store === ':memory:' || store === 'sqlite::memory:') throw new UsageError('the CLI works on database files, not :memory: (each command is its own process); use a temporary file');
  if (store === undefined) return { kind: 'sqlite', fileName: db ?? DEFAULT_DATABASE };
  if (/^postgres(ql)?:\/\//i.test(store)) return { kind: 'postgres', url: store };
  if (store.startsWith('sqlite:')) {
    const fileName = store.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (fileName === '') throw new UsageError('--store sqlite: needs a file name, e.g. sqlite:casefold.db');
    return { kind: 'sqlite', fileName };
  }
  if (KEYWORD_VALUE.test(store)) {
    throw new UsageError("--store: a PostgreSQL keyword/value connection string ('host=… dbname=…', not shown: it may hold a password) is not supported; use postgres://user:password@host:5432/database");
  }
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(store)?.[1];
  if (scheme !== undefined) throw new UsageError(`--store: unknown kind of store "${scheme}://"; use a SQLite file (sqlite:FILE or a path) or postgres://…`);
  return { kind: 'sqlite', fileName: store };
};

/** The location for messages (passwords hidden: `redactConnectionString` of `@casefold/postgres`). */
export const describeLocation = (location: StoreLocation): string =>
  location.kind === 'sqlite' ? `'${location.fileName}'` : `'${redactConnectionString(location.url)}'`;
