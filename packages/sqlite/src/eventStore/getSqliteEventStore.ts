import { realpathSync } from 'node:fs';
import type { Database } from 'better-sqlite3';
import {
  MAX_TIMER_MS,
  allRangeOf,
  streamPrefixOf,
  booleanOption,
  chainAppendJson,
  checkExpectedRevision,
  integerOption,
  recordedEvent,
  recordedEventOfRow,
  storedEventOfRow,
  streamRangeOf,
  validateAppend,
} from '@casefold/engine/adapter';
import { StoreClosedError } from '@casefold/engine';
import type {
  AppendOptions,
  AppendResult,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ProjectionStore,
  RowProjectionStore,
  SettingsStore,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StoredEvent,
  SubscribeOptions,
  LastPositionOptions,
  Subscription,
} from '@casefold/engine';
import type { HeadRecordDifference, HeadRecordSource, ReadModelPositionSource, ReadModelPositions } from '@casefold/engine';
import { databaseSettings, openCheckedDatabase } from '../database/openDatabase.js';
import type { SqliteDatabaseOptions } from '../database/openDatabase.js';
import { fileIdentityCheck } from '../database/fileIdentity.js';
import { toStoreError } from '../database/sqliteErrors.js';
import { getSqliteProjectionStore } from '../projections/getSqliteProjectionStore.js';
import { getSqliteRowProjectionStore } from '../projections/getSqliteRowProjectionStore.js';
import { getSqliteSettingsStore } from '../settings/getSqliteSettingsStore.js';
import { appendSignal } from '../subscriptions/appendSignal.js';
import { subscribeToAll } from '../subscriptions/subscribeToAll.js';
import { prepareEventStatements } from './eventStatements.js';
import type { EventRow } from './eventStatements.js';
import { headRecordDifferences } from './headRecordDifferences.js';
import { readModelPositions } from './readModelPositions.js';
import { groupCommit } from './groupCommit.js';
import { pagedEvents } from './pagedEvents.js';
import type { PagedSource } from './pagedEvents.js';
import { registerStoreDatabase } from './storeDatabase.js';

/** Options of {@link getSqliteEventStore}. */
export interface SqliteEventStoreOptions extends SqliteDatabaseOptions {
  /** Rows fetched per query when reading; bounds a reader's memory. Default 1,000. */
  readonly pageSize?: number;
  /** How often a caught-up subscription looks for appends made by other processes, in whole ms: 1 to 2,147,483,647 (a timer's limit). Default 50. */
  readonly pollIntervalMs?: number;
  /**
   * `true` (default): appends made in the same turn of the event loop are committed together
   * in one transaction (one disk sync), each still checked, written and failed on its own;
   * see docs/sqlite.md. `false`: every append commits alone, before `appendToStream` returns.
   */
  readonly groupCommit?: boolean;
}

/** One append as the write transaction takes it. */
interface QueuedAppend {
  readonly streamId: string;
  readonly events: readonly NewEvent[];
  readonly expected: ExpectedRevision;
}

/** The SQLite event store: the {@link EventStore} port plus the read models kept in the same file. */
export interface SqliteEventStore extends EventStore, HeadRecordSource, ReadModelPositionSource {
  /** Projection records (read model + checkpoint) in the same database file. */
  readonly projections: ProjectionStore;
  /** Row projections (a table of rows each, with its checkpoint) in the same database file; see docs/row-projections.md. */
  readonly rowProjections: RowProjectionStore;
  /** Small JSON settings in the same database file (table `app_settings`). */
  readonly settings: SettingsStore;
  /** The file name the store was opened with (`':memory:'` for an in-memory store). */
  readonly fileName: string;
  /** Events as stored: data and metadata as the canonical JSON text written at append (see the engine's `StoredEvent`). */
  readStoredStream(streamId: string, options?: ReadStreamOptions): AsyncIterable<StoredEvent>;
  /** The whole store as stored, as {@link SqliteEventStore.readStoredStream} reads a stream. */
  readStoredAll(options?: ReadAllOptions): AsyncIterable<StoredEvent>;
  /**
   * Every stream whose row in the `streams` table (the head its appends build on) is not its
   * last stored event, or that has one without the other: events deleted from or added to a
   * stream behind the store's back. `verifyAll` reports them (`headDiffers`).
   */
  readHeadRecordDifferences(): AsyncIterable<HeadRecordDifference>;
  /**
   * The furthest checkpoint of the read models in the same file (the `projections` table) and the
   * last position, read in one snapshot: a checkpoint past the last position means events were
   * removed from the end of the store. `casefold verify` reports it (the engine's `findReadModelsAhead`).
   */
  readReadModelPositions(): Promise<ReadModelPositions | null>;
}

/**
 * Opens (creating and migrating if needed) a casefold event store in one SQLite file, or
 * in memory with `fileName: ':memory:'`. Several processes may open the same file: writes
 * take turns (each commit is one IMMEDIATE transaction, waiting up to `busyTimeoutMs` for
 * the lock) and subscriptions poll for the other processes' appends. Appends made in the
 * same turn of the event loop share one commit (`groupCommit`, on by default).
 *
 * Besides the port's errors, its operations fail with `DatabaseReadOnlyError` (SQLite refuses
 * a write), `DatabaseCorruptError` (the file is damaged: a read hands out every event before
 * the damage first) and `DatabaseReplacedError` (the file or its `-wal` was deleted or
 * replaced while open: checked before and after every commit; no write goes through after it).
 *
 * @throws DatabaseOpenError, DatabaseCorruptError, SchemaTooNewError, IncompatibleDatabaseError, StoreUnavailableError — see {@link openDatabase}.
 * @throws InvalidStoreOptionError, before anything is opened, for an option of the wrong type or out of range.
 */
export const getSqliteEventStore = (options: SqliteEventStoreOptions): SqliteEventStore => {
  // Every option is checked before the file is opened: a bad one creates or changes nothing.
  const database = databaseSettings(options);
  const pageSize = integerOption('pageSize', options.pageSize, 1_000, 1);
  const pollIntervalMs = integerOption('pollIntervalMs', options.pollIntervalMs, 50, 1, MAX_TIMER_MS);
  const grouping = booleanOption('groupCommit', options.groupCommit, true);

  const db: Database = openCheckedDatabase(database);
  const { fileName } = database;
  const statements = prepareEventStatements(db, pageSize);
  // ':memory:' and '' (SQLite's private temporary database) are private to this instance.
  const isPrivate = fileName === ':memory:' || fileName === '';
  const signal = appendSignal(isPrivate ? null : realpathSync(fileName));
  // Before and after every write: the file (and its '-wal') must still be the one SQLite opened.
  const checkFile = isPrivate ? (): void => {} : fileIdentityCheck(fileName);
  const subscriptions = new Set<Subscription>();

  const ensureOpen = (operation: string): void => {
    if (!db.open) throw new StoreClosedError(operation);
  };

  const append = db.transaction(({ streamId, events, expected }: QueuedAppend): AppendResult => {
    const head = statements.head.get(streamId);
    const current = head === undefined ? null : head[0];
    checkExpectedRevision(streamId, expected, current ?? 'no_stream');
    // Data and metadata are stored as the canonical JSON texts their hashes cover: serialized once.
    const chained = chainAppendJson(streamId, current === null ? null : { revision: current, hash: head![1] }, events);
    const recorded: RecordedEvent[] = new Array<RecordedEvent>(chained.length);
    for (let i = 0; i < chained.length; i++) {
      const { event, dataJson, metadataJson } = chained[i]!;
      const { lastInsertRowid } = statements.insertEvent.run(streamId, event.revision, event.eventId, event.type, dataJson, metadataJson, event.prevHash, event.hash);
      recorded[i] = recordedEvent(event, lastInsertRowid as bigint);
    }
    const last = recorded[recorded.length - 1]!;
    if (head === undefined) statements.insertHead.run(streamId, last.revision, last.hash);
    else statements.updateHead.run(last.revision, last.hash, streamId);
    return { nextExpectedRevision: last.revision, lastPosition: last.position, events: recorded };
  });

  const operation = (queued: QueuedAppend): string => `append to stream '${queued.streamId}'`;
  const grouped = groupCommit({ db, fileName, write: append, checkFile, operation, onCommitted: () => signal.notify() });

  const sources = {
    all: { pageSize, fileName, ensureOpen, fetch: (limit, after) => statements.readAll(limit, after), cursorAfter: (row) => row[0] },
    under: { pageSize, fileName, ensureOpen, fetch: (limit, after, prefix) => statements.readAllUnder(limit, after, prefix, prefix), cursorAfter: (row) => row[0] },
    forwards: { pageSize, fileName, ensureOpen, fetch: (limit, from, streamId) => statements.readForwards(limit, streamId, from), cursorAfter: (row) => row[2] + 1n },
    backwards: { pageSize, fileName, ensureOpen, fetch: (limit, from, streamId) => statements.readBackwards(limit, streamId, from), cursorAfter: (row) => row[2] - 1n },
  } satisfies Record<string, PagedSource>;

  const readAfter = <T>(decode: (row: EventRow) => T, fromPosition: bigint, maxCount: number, streamPrefix: string): AsyncIterable<T> =>
    streamPrefix === ''
      ? pagedEvents({ source: sources.all, decode, key: '', operation: 'read all', maxCount, start: fromPosition })
      : pagedEvents({ source: sources.under, decode, key: streamPrefix, operation: `read all under '${streamPrefix}'`, maxCount, start: fromPosition });

  const readStreamAs = <T>(decode: (row: EventRow) => T, streamId: string, readOptions: ReadStreamOptions | undefined): AsyncIterable<T> => {
    const { backwards, fromRevision, maxCount } = streamRangeOf(readOptions);
    return pagedEvents({
      source: backwards ? sources.backwards : sources.forwards,
      decode,
      key: streamId,
      operation: `read stream '${streamId}'`,
      maxCount,
      start: fromRevision,
    });
  };

  const readAllAs = <T>(decode: (row: EventRow) => T, readOptions: ReadAllOptions | undefined): AsyncIterable<T> => {
    const { fromPosition, maxCount, streamPrefix } = allRangeOf(readOptions);
    return readAfter(decode, fromPosition, maxCount, streamPrefix);
  };

  const store: SqliteEventStore = {
    fileName,
    projections: getSqliteProjectionStore(db, checkFile),
    rowProjections: getSqliteRowProjectionStore(db, checkFile),
    settings: getSqliteSettingsStore(db, checkFile),

    appendToStream: async (streamId, events, appendOptions?: AppendOptions) => {
      ensureOpen(`append to stream '${streamId}'`);
      const expected = validateAppend(streamId, events, appendOptions);
      const queued: QueuedAppend = { streamId, events, expected };
      if (grouping) return grouped.enqueue(queued);
      let result: AppendResult;
      try {
        checkFile();
        result = append.immediate(queued);
        checkFile();
      } catch (e) {
        throw toStoreError(e, operation(queued), fileName);
      }
      signal.notify();
      return result;
    },

    readStream: (streamId, readOptions?: ReadStreamOptions) => readStreamAs(recordedEventOfRow, streamId, readOptions),
    readAll: (readOptions?: ReadAllOptions) => readAllAs(recordedEventOfRow, readOptions),
    readStoredStream: (streamId, readOptions?: ReadStreamOptions) => readStreamAs(storedEventOfRow, streamId, readOptions),
    readStoredAll: (readOptions?: ReadAllOptions) => readAllAs(storedEventOfRow, readOptions),
    readHeadRecordDifferences: headRecordDifferences({ db, fileName, pageSize, ensureOpen }),
    readReadModelPositions: readModelPositions({ db, fileName, ensureOpen }),

    readLastPosition: async (lastOptions?: LastPositionOptions) => {
      const streamPrefix = streamPrefixOf(lastOptions);
      ensureOpen('read the last position');
      try {
        return (streamPrefix === '' ? statements.lastPosition.get() : statements.lastPositionUnder.get(streamPrefix, streamPrefix)) ?? 0n;
      } catch (e) {
        throw toStoreError(e, 'read the last position', fileName);
      }
    },

    subscribeToAll: (subscribeOptions?: SubscribeOptions) => {
      const { fromPosition, streamPrefix } = allRangeOf(subscribeOptions);
      const subscription = subscribeToAll({
        fromPosition,
        readAfter: (position) => readAfter(recordedEventOfRow, position, Number.POSITIVE_INFINITY, streamPrefix),
        ...(streamPrefix === '' ? {} : { lastPosition: () => statements.lastPosition.get() ?? 0n }),
        signal,
        pollIntervalMs,
        onEnd: () => subscriptions.delete(subscription),
      });
      subscriptions.add(subscription);
      return subscription;
    },

    close: async () => {
      await Promise.all([...subscriptions].map((subscription) => subscription.close()));
      grouped.flush();
      if (db.open) db.close();
    },
  };
  registerStoreDatabase(store, db);
  return store;
};
