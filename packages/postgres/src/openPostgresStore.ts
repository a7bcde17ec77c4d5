import { MAX_TIMER_MS, booleanOption, integerOption, optionsObject, recordedEventOfRow, storedEventOfRow, streamPrefixOf } from '@casefold/engine/adapter';
import type { CasefoldStore, EventStore, ReadModelPositionSource, RecordedEvent, StoredEvent, Subscription } from '@casefold/engine';
import type { RowProjectionStore } from '@casefold/engine';
import type { EventRow, HeadEventSource } from '@casefold/engine/adapter';
import { openDatabase } from './database/openDatabase.js';
import type { TextRow } from './database/openDatabase.js';
import type { PostgresPoolOptions } from './database/connectionOptions.js';
import { ensureOpen } from './database/postgresErrors.js';
import { getPostgresSettingsStore } from './settings/getPostgresSettingsStore.js';
import { getPostgresProjectionStore } from './projections/getPostgresProjectionStore.js';
import { getPostgresRowProjectionStore } from './projections/getPostgresRowProjectionStore.js';
import { prepareSchema, quoteSchemaName } from './database/prepareSchema.js';
import { STATEMENT_TAG_LENGTH, schemaTag } from './database/schemaTag.js';
import { appendChannel } from './subscriptions/appendChannel.js';
import { createAppendListener } from './subscriptions/appendListener.js';
import { createAppendNotifier } from './subscriptions/appendNotifier.js';
import { createSubscribeToAll } from './subscriptions/subscribeToAll.js';
import { createAppendToStream } from './eventStore/appendEvents.js';
import { createHeadCache } from './eventStore/headCache.js';
import { createHeadEventReaders } from './eventStore/headEventReaders.js';
import { createReadAll, createReadAllPage, createReadStream } from './eventStore/readEvents.js';
import { readModelPositions } from './eventStore/readModelPositions.js';
import type { StoreContext } from './eventStore/storeContext.js';

/** Options of {@link openPostgresStore}: the same names and units as `openSqliteStore`'s where they mean the same (`pageSize`, `pollIntervalMs`, `groupCommit`). */
export interface PostgresStoreOptions {
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
  /** Longest pause of a caught-up subscription between two looks at the store, in whole ms: 1 to 2,147,483,647 (a timer's limit). Default 1,000. */
  readonly pollIntervalMs?: number;
  /** Shortest interval between two NOTIFYs of this store (appends in between share one), in ms: 0 to 2,147,483,647. Default 10. */
  readonly notifyIntervalMs?: number;
  /**
   * `true` (default): appends that wait for a connection (more appends in flight than
   * `pool.max`) are written together, one insert statement (one transaction) per group, so
   * they share one commit; each keeps its own outcome (see docs/postgres.md, "Group
   * commit"). `false`: every append is one statement in a transaction of its own.
   */
  readonly groupCommit?: boolean;
  /** How long `readAll` waits, at its end, for transactions running when it began (see createReadAll), in ms: 0 to 2,147,483,647. Default 2,000. */
  readonly visibilityWaitMs?: number;
}

/** What {@link openPostgresStore} returns: the common shape of every store, and the schema in use. */
export interface PostgresStore extends CasefoldStore {
  /**
   * The event store; it also opens head readers for `startCheckpointing` (one connection each,
   * outside the pool), and reads the read models' checkpoints beside its last position for
   * `findReadModelsAhead` (see docs/audit.md).
   */
  readonly events: EventStore & HeadEventSource & ReadModelPositionSource;
  /** The schema in use. */
  readonly schema: string;
  /** Row projections (a table of rows each, with its checkpoint) in the same schema; see docs/row-projections.md. */
  readonly rowProjections: RowProjectionStore;
}

const recordedOfRow = (row: TextRow): RecordedEvent => recordedEventOfRow(row as unknown as EventRow);
const storedOfRow = (row: TextRow): StoredEvent => storedEventOfRow(row as unknown as EventRow);

/**
 * Opens the PostgreSQL store: validates the options, connects, creates or migrates the schema
 * (see docs/postgres.md), and returns the event store, the projection and settings stores on
 * the same pool, in the shape every adapter's opener returns
 * (`{ events, projections, settings, readLastPosition, close }`, as `openSqliteStore`). Every failure is typed and bounded in time: a
 * malformed connection string or option fails before connecting; a refused login gives
 * `PostgresAuthenticationError`; a server that is down or never answers gives
 * `StoreUnavailableError` within `pool.connectionTimeoutMs`.
 *
 * @throws InvalidConnectionStringError, InvalidStoreOptionError (before connecting),
 *   PostgresAuthenticationError, StoreUnavailableError, SchemaTooNewError, DatabaseOpenError,
 *   IncompatibleDatabaseError
 */
export const openPostgresStore = async (options: PostgresStoreOptions): Promise<PostgresStore> => {
  optionsObject(options, "{ connectionString: 'postgres://user:password@host:5432/database' }");
  const schema = options.schema ?? 'casefold';
  quoteSchemaName(schema);
  const pageSize = integerOption('pageSize', options.pageSize, 1_000, 1);
  const headCacheSize = integerOption('headCacheSize', options.headCacheSize, 10_000, 0);
  const pollIntervalMs = integerOption('pollIntervalMs', options.pollIntervalMs, 1_000, 1, MAX_TIMER_MS);
  const visibilityWaitMs = integerOption('visibilityWaitMs', options.visibilityWaitMs, 2_000, 0, MAX_TIMER_MS);
  const notifyIntervalMs = integerOption('notifyIntervalMs', options.notifyIntervalMs, 10, 0, MAX_TIMER_MS);
  const groupCommit = booleanOption('groupCommit', options.groupCommit, true);
  const db = openDatabase({ connectionString: options.connectionString, ...(options.pool ? { pool: options.pool } : {}) });
  let prepared;
  try {
    prepared = await prepareSchema(db, schema);
  } catch (e) {
    await db.close();
    throw e;
  }
  const context: StoreContext = { db, schema, tag: schemaTag(schema, STATEMENT_TAG_LENGTH), quoted: prepared.quoted, positionBase: prepared.positionBase, pageSize };
  const lastPosition = { name: `casefold_last_position_${context.tag}`, text: `SELECT max(position)::text FROM ${context.quoted}.events` };
  // Newest first by the position index, until a stream of the prefix (starts_with: exact).
  const lastPositionUnder = {
    name: `casefold_last_position_under_${context.tag}`,
    text: `SELECT position::text FROM ${context.quoted}.events WHERE starts_with(stream_id, $1) ORDER BY position DESC LIMIT 1`,
  };
  const channel = appendChannel(schema);
  const notifier = createAppendNotifier(db, channel, notifyIntervalMs);
  const listener = createAppendListener(db, channel, pollIntervalMs);
  const subscriptions = new Set<Subscription>();
  const readPage = createReadAllPage(context);
  const appends = createAppendToStream(context, { heads: createHeadCache(headCacheSize), onAppended: notifier.poke, groupCommit });
  const readStreamAs = createReadStream(context);
  const readAllAs = createReadAll(context, readPage, { visibilityWaitMs });
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
    { pageSize, pollIntervalMs },
  );

  // Set when close() begins: from then on new appends and subscriptions fail with StoreClosedError.
  let closing: Promise<void> | undefined;
  const isClosing = (): boolean => closing !== undefined;
  const headReaders = createHeadEventReaders(context, isClosing);
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      await Promise.all([...subscriptions].map((s) => s.close()));
      await appends.settled();
      await Promise.all([listener.close(), notifier.settled(), headReaders.closeAll()]);
      await db.close();
    })());

  const eventStore: EventStore & HeadEventSource & ReadModelPositionSource = {
    appendToStream: async (streamId, events, appendOptions) => {
      ensureOpen(isClosing(), `append to stream '${streamId}'`);
      return appends.append(streamId, events, appendOptions);
    },
    readStream: readStreamAs(recordedOfRow),
    readAll: readAllAs(recordedOfRow),
    readStoredStream: readStreamAs(storedOfRow),
    readStoredAll: readAllAs(storedOfRow),
    readLastPosition: async (lastOptions) => {
      const streamPrefix = streamPrefixOf(lastOptions);
      const operation = 'read the last position';
      ensureOpen(isClosing(), operation);
      const rows = await (streamPrefix === '' ? db.query(operation, lastPosition) : db.query(operation, lastPositionUnder, [streamPrefix]));
      return BigInt(rows[0]?.[0] ?? '0');
    },
    subscribeToAll: (subscribeOptions) => {
      ensureOpen(isClosing(), 'subscribe to all');
      return subscribeToAll(subscribeOptions);
    },
    openHeadEventReader: headReaders.openHeadEventReader,
    readReadModelPositions: readModelPositions(context, isClosing),
    close,
  };
  return {
    events: eventStore,
    projections: getPostgresProjectionStore(context),
    rowProjections: getPostgresRowProjectionStore(context),
    settings: getPostgresSettingsStore(context),
    readLastPosition: (options) => eventStore.readLastPosition(options),
    schema,
    close,
  };
};
