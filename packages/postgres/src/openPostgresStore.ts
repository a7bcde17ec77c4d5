import type { EventStore, ProjectionStore, Subscription } from '@casefold/engine';
import { openDatabase } from '../connection/database.js';
import type { PostgresPoolOptions } from '../connection/connectionOptions.js';
import { InvalidPostgresOptionError, ensureOpen } from '../connection/postgresErrors.js';
import { getPostgresProjectionStore } from '../projections/getPostgresProjectionStore.js';
import { prepareSchema, quoteSchemaName } from '../schema/prepareSchema.js';
import { STATEMENT_TAG_LENGTH, schemaTag } from '../schema/schemaTag.js';
import { appendChannel } from '../subscriptions/appendChannel.js';
import { createAppendListener } from '../subscriptions/appendListener.js';
import { createAppendNotifier } from '../subscriptions/appendNotifier.js';
import { createSubscribeToAll } from '../subscriptions/subscribeToAll.js';
import { createAppendToStream } from './appendEvents.js';
import { createHeadCache } from './headCache.js';
import { decodeEventRow, storedEventOfRow } from './decodeEventRow.js';
import { createReadAll, createReadAllPage, createReadStream } from './readEvents.js';
import type { StoreContext } from './storeContext.js';

/** Options of {@link getPostgresEventStore}. */
export interface PostgresEventStoreOptions {
  /** `postgres://user:password@host:port/database` (query parameters such as `sslmode` pass through to `pg`). */
  readonly connectionString: string;
  /** Schema holding the store's tables; created if missing. Default `casefold`. */
  readonly schema?: string;
  /** Connection pool and timeouts. */
  readonly pool?: PostgresPoolOptions;
  /** Rows per page of every read. Default 1,000. */
  readonly pageSize?: number;
  /** Stream heads remembered to skip a read before an append (0 disables). Default 10,000. */
  readonly headCacheSize?: number;
  /** Longest pause of a caught-up subscription between two looks at the store, in ms. Default 1,000. */
  readonly pollIntervalMillis?: number;
  /** Shortest interval between two NOTIFYs of this store (appends in between share one), in ms. Default 10. */
  readonly notifyIntervalMillis?: number;
  /**
   * `true` (default): appends that wait for a connection (more appends in flight than
   * `pool.max`) are written together in one transaction per group, each in its own
   * savepoint, so they share one commit; see docs/postgres.md. `false`: every append is one
   * statement in a transaction of its own.
   */
  readonly groupCommit?: boolean;
  /** How long `readAll` waits, at its end, for transactions running when it began (see createReadAll), in ms. Default 2,000. */
  readonly visibilityWaitMillis?: number;
}

/** What {@link getPostgresEventStore} returns: the store, its projection store and one `close` for both. */
export interface PostgresEventStoreResult {
  readonly eventStore: EventStore;
  /** Read models and checkpoints in the same database (one row, one transaction per commit). */
  readonly projectionStore: ProjectionStore;
  /** The schema in use. */
  readonly schema: string;
  /** Closes subscriptions, the listening connection and the pool. Same as `eventStore.close()`. */
  readonly close: () => Promise<void>;
}

const count = (option: string, value: number | undefined, fallback: number, min: number): number => {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < min) {
    throw new InvalidPostgresOptionError(option, `expected an integer ≥ ${min}, got ${String(value)}`);
  }
  return value;
};

/**
 * Opens the PostgreSQL event store: validates the options, connects, creates or migrates the
 * schema (see docs/postgres.md), and returns the {@link EventStore} with a
 * {@link ProjectionStore} on the same pool. Every failure is typed and bounded in time: a
 * malformed connection string or option fails before connecting; a refused login gives
 * `PostgresAuthenticationError`; a server that is down or never answers gives
 * `StoreUnavailableError` within `pool.connectionTimeoutMillis`.
 *
 * @throws InvalidConnectionStringError, InvalidPostgresOptionError, PostgresAuthenticationError,
 *   StoreUnavailableError, SchemaTooNewError
 */
export const getPostgresEventStore = async (options: PostgresEventStoreOptions): Promise<PostgresEventStoreResult> => {
  const schema = options.schema ?? 'casefold';
  quoteSchemaName(schema);
  const pageSize = count('pageSize', options.pageSize, 1_000, 1);
  const headCacheSize = count('headCacheSize', options.headCacheSize, 10_000, 0);
  const pollIntervalMillis = count('pollIntervalMillis', options.pollIntervalMillis, 1_000, 1);
  const visibilityWaitMillis = count('visibilityWaitMillis', options.visibilityWaitMillis, 2_000, 0);
  const notifyIntervalMillis = count('notifyIntervalMillis', options.notifyIntervalMillis, 10, 0);
  const db = openDatabase({ connectionString: options.connectionString, ...(options.pool ? { pool: options.pool } : {}) });
  let prepared;
  try {
    prepared = await prepareSchema(db, schema);
  } catch (e) {
    await db.close();
    throw e;
  }
  const context: StoreContext = { db, schema, tag: schemaTag(schema, STATEMENT_TAG_LENGTH), quoted: prepared.quoted, positionBase: prepared.positionBase, pageSize };
  const channel = appendChannel(schema);
  const notifier = createAppendNotifier(db, channel, notifyIntervalMillis);
  const listener = createAppendListener(db, channel, pollIntervalMillis);
  const subscriptions = new Set<Subscription>();
  const readPage = createReadAllPage(context);
  const appends = createAppendToStream(context, { heads: createHeadCache(headCacheSize), onAppended: notifier.poke, groupCommit: options.groupCommit ?? true });
  const readStreamAs = createReadStream(context);
  const readAllAs = createReadAll(context, readPage, { visibilityWaitMillis });
  const subscribeToAll = createSubscribeToAll(
    {
      readPage,
      listener,
      isClosed: db.isClosed,
      track: (subscription) => {
        subscriptions.add(subscription);
        return () => subscriptions.delete(subscription);
      },
    },
    { pageSize, pollIntervalMillis },
  );

  // Set when close() begins: from then on new appends and subscriptions fail with StoreClosedError.
  let closing: Promise<void> | undefined;
  const isClosing = (): boolean => closing !== undefined;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      await Promise.all([...subscriptions].map((s) => s.close()));
      await appends.settled();
      await Promise.all([listener.close(), notifier.settled()]);
      await db.close();
    })());

  const eventStore: EventStore = {
    appendToStream: async (streamId, events, appendOptions) => {
      ensureOpen(isClosing(), `append to stream '${streamId}'`);
      return appends.append(streamId, events, appendOptions);
    },
    readStream: readStreamAs(decodeEventRow),
    readAll: readAllAs(decodeEventRow),
    readStoredStream: readStreamAs(storedEventOfRow),
    readStoredAll: readAllAs(storedEventOfRow),
    subscribeToAll: (subscribeOptions) => {
      ensureOpen(isClosing(), 'subscribe to all');
      return subscribeToAll(subscribeOptions);
    },
    close,
  };
  return { eventStore, projectionStore: getPostgresProjectionStore(context), schema, close };
};
