import { UsageError } from '../cli/cliErrors.js';
import { localized } from '../i18n/localizedText.js';
import { fileNameArgument } from '../cli/typedValue.js';
import { EVENTSTOREDB_URL, type EventStoreDbLocation, OTHER_EVENTSTOREDB_FORM, describeEventStoreDbLocation, eventStoreDbLocation } from './eventStoreDbLocation.js';
import type { PostgresLocation, SqliteLocation } from './tableStoreLocations.js';

export type { PostgresLocation, SqliteLocation } from './tableStoreLocations.js';

/** Where the events live: the embedded SQLite file (the default), a PostgreSQL database, or an EventStoreDB server with its paired projection store. */
export type StoreLocation = SqliteLocation | PostgresLocation | EventStoreDbLocation;

/** The default database file, in the current directory. */
export const DEFAULT_DATABASE = 'casefold.db';

/** A libpq keyword/value connection string (`host=… password=…`), which must not be taken for a file name (and echoed). */
const KEYWORD_VALUE = /(^|\s)(host|hostaddr|port|dbname|user|password|sslmode|passfile)\s*=/i;

/** A PostgreSQL location in a form other than `postgres://…` (`postgres:/…`, `postgresql:…`, `jdbc:postgresql:…`). */
const OTHER_POSTGRES_FORM = /^(jdbc:)?postgres(ql)?:/i;

/** Any URL-like location (`scheme://…`), which `--db` never takes for a file name. */
const URL_LIKE = /^(jdbc:)?[a-z][a-z0-9+.-]*:\/\//i;

/** The store options as typed. */
export interface StoreOptions {
  readonly db?: string | undefined;
  readonly store?: string | undefined;
  /** `--projections`: the store of read models paired with an EventStoreDB store. */
  readonly projections?: string | undefined;
  /** `--stream-prefix`: the prefix of an EventStoreDB store's streams. */
  readonly streamPrefix?: string | undefined;
}

/**
 * Reads the store option: `--store` takes a location (`sqlite:FILE`, a plain file name,
 * `postgres://…` or `esdb://…`), `--db FILE` is the short form for a SQLite file; both absent
 * means `casefold.db` in the current directory. An EventStoreDB store takes `--stream-prefix`
 * and `--projections` (a SQLite file or `postgres://…`; by default a SQLite file named from
 * the hosts and the prefix, see {@link eventStoreDbLocation}).
 *
 * Nothing the user typed that looks like it holds a password is echoed: such a value is
 * refused where a file name is expected, and a refusal does not show it.
 *
 * @throws UsageError when both are given, for `:memory:`, for an unknown scheme, for a
 *   PostgreSQL or EventStoreDB location not in the `postgres://` or `esdb://` form, for a
 *   keyword/value connection string, for a connection string given to `--db`, for an
 *   EventStoreDB URL without a host, for `--projections` naming an EventStoreDB store, or
 *   for `--projections` or `--stream-prefix` without an EventStoreDB store.
 */
export const parseStoreLocation = (options: StoreOptions): StoreLocation => {
  const { db, store, projections, streamPrefix } = options;
  if (db !== undefined && store !== undefined) throw new UsageError(localized((m) => m.location.both));
  if (store !== undefined && EVENTSTOREDB_URL.test(store)) {
    return eventStoreDbLocation(store, { streamPrefix, projections: projections === undefined ? undefined : parseEventsLocation({ store: projections }, '--projections') });
  }
  if (projections !== undefined || streamPrefix !== undefined) {
    throw new UsageError(localized((m) => m.location.esdbOnly(projections === undefined ? '--stream-prefix' : '--projections')));
  }
  return parseEventsLocation(options);
};

/** {@link parseStoreLocation} for a SQLite or PostgreSQL location given as `argument` (`--store`, or `--projections`). */
const parseEventsLocation = (options: StoreOptions, argument = '--store'): SqliteLocation | PostgresLocation => {
  const { db, store } = options;
  if (db !== undefined && store !== undefined) throw new UsageError(localized((m) => m.location.both));
  if (db === ':memory:' || store === ':memory:' || store === 'sqlite::memory:') throw new UsageError(localized((m) => m.location.memory));
  if (store === undefined) {
    if (db !== undefined && (URL_LIKE.test(db) || OTHER_POSTGRES_FORM.test(db) || KEYWORD_VALUE.test(db))) {
      throw new UsageError(localized((m) => m.location.dbConnectionString));
    }
    return { kind: 'sqlite', fileName: db === undefined ? DEFAULT_DATABASE : fileNameArgument('--db', db) };
  }
  if (/^postgres(ql)?:\/\//i.test(store)) return { kind: 'postgres', url: store };
  if (EVENTSTOREDB_URL.test(store)) throw new UsageError(localized((m) => m.location.notEventStoreDb(argument)));
  if (OTHER_EVENTSTOREDB_FORM.test(store)) {
    throw new UsageError(localized((m) => m.location.eventStoreDbForm(argument)));
  }
  if (OTHER_POSTGRES_FORM.test(store)) {
    throw new UsageError(localized((m) => m.location.postgresForm(argument)));
  }
  if (store.startsWith('sqlite:')) {
    const fileName = store.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (fileName === '') throw new UsageError(localized((m) => m.location.sqliteNeedsFile(argument)));
    return { kind: 'sqlite', fileName: fileNameArgument(argument, fileName) };
  }
  if (KEYWORD_VALUE.test(store)) {
    throw new UsageError(localized((m) => m.location.keywordValue(argument)));
  }
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(store)?.[1];
  if (scheme !== undefined) throw new UsageError(localized((m) => m.location.unknownScheme(argument, scheme)));
  return { kind: 'sqlite', fileName: fileNameArgument(argument, store) };
};

/**
 * A PostgreSQL location for messages: scheme, host, port and database only (no user, password
 * or query parameters), without `@casefold/postgres`, which may not be installed.
 */
const shownPostgresLocation = (url: string): string => {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'a PostgreSQL connection string (not shown: it may hold a password)';
  }
  // An '@' after the host means a user name or password with an unescaped '/', '?' or '#': part of it would show.
  const rest = `${parsed.pathname}${parsed.search}${parsed.hash}`;
  if (rest.includes('@')) return 'a PostgreSQL connection string (not shown: it may hold a password)';
  return `'${parsed.protocol}//${parsed.host}${parsed.pathname}'`;
};

/**
 * A location's description without the quotes messages put around a file name or URL: what
 * `--json` prints (`/tmp/casefold.db`, not `'/tmp/casefold.db'`).
 */
export const unquotedLocation = (description: string): string => (description.length >= 2 && description.startsWith("'") && description.endsWith("'") ? description.slice(1, -1) : description);

/** The location for messages: a file name quoted, a PostgreSQL or EventStoreDB URL without credentials or parameters. */
export const describeLocation = (location: StoreLocation): string => {
  if (location.kind === 'sqlite') return `'${location.fileName}'`;
  return location.kind === 'postgres' ? shownPostgresLocation(location.url) : describeEventStoreDbLocation(location);
};
