import { UsageError } from '../cli/cliErrors.js';
import { localized } from '../i18n/localizedText.js';
import type { PostgresLocation, SqliteLocation } from './tableStoreLocations.js';

/**
 * An EventStoreDB / KurrentDB store: its events in the server's streams under a prefix, its
 * read models, checkpoints and settings in a paired SQLite file or PostgreSQL database
 * (see docs/eventstoredb.md, "Projection pairing").
 */
export interface EventStoreDbLocation {
  readonly kind: 'eventstoredb';
  /** The `esdb://…` or `esdb+discover://…` connection string as given (never shown). */
  readonly url: string;
  /** The hosts and ports, e.g. `localhost:2113`: what messages show of the URL. */
  readonly hosts: string;
  /** Prefix of the store's EventStoreDB streams. */
  readonly streamPrefix: string;
  /** Where the read models, checkpoints and settings live. */
  readonly projections: SqliteLocation | PostgresLocation;
}

/** The adapter's `DEFAULT_STREAM_PREFIX`, repeated here: the adapter is an optional peer, loaded only to open the store. */
export const DEFAULT_STREAM_PREFIX = 'casefold-';

/** The schemes of `@eventstore/db-client` 6.x. */
export const EVENTSTOREDB_URL = /^esdb(\+discover)?:\/\//iu;

/** An EventStoreDB location in another form (`esdb:host`, `kurrentdb://…`, `kdb://…`), refused without being shown. */
export const OTHER_EVENTSTOREDB_FORM = /^(esdb(\+discover)?|kurrentdb(\+discover)?|kdb(\+discover)?):/iu;

/** The user-info part as the client reads it: a password may hold `/`, `?` or `:`, never `@`. */
const CREDENTIALS = /^[^:]+:[^@]+@/u;

/**
 * The hosts of an `esdb://` URL (after the scheme and any `user:password@`, up to the path
 * or the parameters), read as the client reads them.
 *
 * @throws UsageError when there are none, or they are not readable (the URL is not shown).
 */
const hostsOf = (url: string): string => {
  const rest = url.replace(EVENTSTOREDB_URL, '');
  const hosts = rest.slice(CREDENTIALS.exec(rest)?.[0].length ?? 0).split(/[/?]/u, 1)[0]!;
  if (hosts === '' || hosts.includes('@')) {
    throw new UsageError(localized((m) => m.location.noEventStoreDbHost));
  }
  return hosts;
};

/** A name part for a file: what is not a letter, digit, `.` or `-` becomes `-`. */
const fileNamePart = (text: string): string => text.replace(/[^A-Za-z0-9.-]+/gu, '-').replace(/^-+|-+$/gu, '');

/**
 * The paired SQLite file when `--projections` is not given: named from the hosts and the
 * prefix (`esdb-localhost-2113-casefold.read-models.db`), in the working directory, so that
 * each EventStoreDB store (server and prefix) has read models of its own.
 */
export const defaultProjectionsFile = (hosts: string, streamPrefix: string): string => `esdb-${fileNamePart(hosts)}-${fileNamePart(streamPrefix)}.read-models.db`;

/** Options of {@link eventStoreDbLocation}. */
export interface EventStoreDbLocationOptions {
  /** `--stream-prefix` as given (default {@link DEFAULT_STREAM_PREFIX}); the adapter checks it. */
  readonly streamPrefix: string | undefined;
  /** `--projections` read as a location; by default {@link defaultProjectionsFile}. */
  readonly projections: SqliteLocation | PostgresLocation | undefined;
}

/** The location of `--store esdb://…`. @throws UsageError when the URL names no readable host. */
export const eventStoreDbLocation = (url: string, options: EventStoreDbLocationOptions): EventStoreDbLocation => {
  const hosts = hostsOf(url);
  const streamPrefix = options.streamPrefix ?? DEFAULT_STREAM_PREFIX;
  return { kind: 'eventstoredb', url, hosts, streamPrefix, projections: options.projections ?? { kind: 'sqlite', fileName: defaultProjectionsFile(hosts, streamPrefix) } };
};

/** The location for messages: scheme and hosts, and the prefix (no user, password or parameters). */
export const describeEventStoreDbLocation = (location: EventStoreDbLocation): string => {
  const scheme = EVENTSTOREDB_URL.exec(location.url)?.[0].toLowerCase() ?? 'esdb://';
  return `'${scheme}${location.hosts}' (streams '${location.streamPrefix}…')`;
};
