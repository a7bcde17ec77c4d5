import { realpathSync } from 'node:fs';
import type { Database } from 'better-sqlite3';
import { InvalidAppendError, StoreClosedError, WrongExpectedRevisionError, chainEvents } from '@casefold/engine';
import type {
  AppendOptions,
  AppendResult,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ProjectionStore,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
} from '@casefold/engine';
import { openDatabase } from '../database/openDatabase.js';
import type { SqliteDatabaseOptions } from '../database/openDatabase.js';
import { toStoreError } from '../database/sqliteErrors.js';
import { getSqliteProjectionStore } from '../projections/getSqliteProjectionStore.js';
import { appendSignal } from '../subscriptions/appendSignal.js';
import { followAll } from '../subscriptions/followAll.js';
import { decodeEventRow } from './decodeEventRow.js';
import { prepareEventStatements } from './eventStatements.js';
import type { EventRow, HeadRow } from './eventStatements.js';
import { serializeAppend } from './serializeAppend.js';
import type { SerializedEvent } from './serializeAppend.js';

/** Options of {@link getSqliteEventStore}. */
export interface SqliteEventStoreOptions extends SqliteDatabaseOptions {
  /** Rows fetched per query when reading; bounds a reader's memory. Default 1,000. */
  readonly pageSize?: number;
  /** How often a caught-up subscription looks for appends made by other processes, in ms. Default 50. */
  readonly pollIntervalMs?: number;
}

/** The SQLite event store: the {@link EventStore} port plus the read models kept in the same file. */
export interface SqliteEventStore extends EventStore {
  /** Projection records (read model + checkpoint) in the same database file. */
  readonly projections: ProjectionStore;
  /** The file name the store was opened with (`':memory:'` for an in-memory store). */
  readonly fileName: string;
}

/** Largest revision SQLite's INTEGER holds: the default start of a backwards read. */
const MAX_REVISION = 2n ** 63n - 1n;

const checkCount = (name: string, value: number | undefined): number => {
  if (value === undefined) return Number.POSITIVE_INFINITY;
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${name} must be a whole number ≥ 0, got ${value}`);
  return value;
};

const checkRevision = (name: string, value: bigint | undefined): void => {
  if (value !== undefined && (typeof value !== 'bigint' || value < 0n)) {
    throw new RangeError(`${name} must be a bigint ≥ 0n, got ${String(value)}`);
  }
};

/**
 * Opens (creating and migrating if needed) a casefold event store in one SQLite file, or
 * in memory with `fileName: ':memory:'`. Several processes may open the same file: writes
 * take turns (each append is one IMMEDIATE transaction, waiting up to `busyTimeoutMs` for
 * the lock) and subscriptions poll for the other processes' appends.
 *
 * @throws SchemaTooNewError, IncompatibleDatabaseError, StoreUnavailableError — see {@link openDatabase}.
 */
export const getSqliteEventStore = (options: SqliteEventStoreOptions): SqliteEventStore => {
  const pageSize = options.pageSize ?? 1_000;
  const pollIntervalMs = options.pollIntervalMs ?? 50;
  if (!Number.isSafeInteger(pageSize) || pageSize < 1) throw new RangeError(`pageSize must be a whole number ≥ 1, got ${pageSize}`);
  if (!(pollIntervalMs > 0)) throw new RangeError(`pollIntervalMs must be > 0, got ${pollIntervalMs}`);

  const db: Database = openDatabase(options);
  const statements = prepareEventStatements(db);
  const signal = appendSignal(options.fileName === ':memory:' ? null : realpathSync(options.fileName));
  const subscriptions = new Set<Subscription>();

  const ensureOpen = (operation: string): void => {
    if (!db.open) throw new StoreClosedError(operation);
  };

  const append = db.transaction(
    (streamId: string, events: readonly NewEvent[], serialized: readonly SerializedEvent[], expected: ExpectedRevision): AppendResult => {
      const head = statements.head.get(streamId);
      const current = head === undefined ? undefined : BigInt(head[0]);
      if (
        (expected === 'no_stream' && current !== undefined) ||
        (expected === 'stream_exists' && current === undefined) ||
        (typeof expected === 'bigint' && current !== expected)
      ) {
        throw new WrongExpectedRevisionError(streamId, expected, current ?? 'no_stream');
      }
      const chained = chainEvents(streamId, head === undefined ? null : { revision: current!, hash: head[1] }, events);
      const recorded: RecordedEvent[] = new Array<RecordedEvent>(chained.length);
      let revision = head === undefined ? 0 : head[0] + 1;
      for (let i = 0; i < chained.length; i++) {
        const event = chained[i]!;
        const { data, metadata } = serialized[i]!;
        const { lastInsertRowid } = statements.insertEvent.run(streamId, revision, event.eventId, event.type, data, metadata, event.prevHash, event.hash);
        recorded[i] = { ...event, position: BigInt(lastInsertRowid) };
        revision += 1;
      }
      const last = recorded[recorded.length - 1]!;
      if (head === undefined) statements.insertHead.run(streamId, revision - 1, last.hash);
      else statements.updateHead.run(revision - 1, last.hash, streamId);
      return { nextExpectedRevision: last.revision, lastPosition: last.position, events: recorded };
    },
  );

  /** Yields decoded events of successive pages; `fetch(cursor, limit)` returns the next rows. */
  async function* paged(
    operation: string,
    cursor: number | bigint,
    maxCount: number,
    fetch: (cursor: number | bigint, limit: number) => EventRow[],
    next: (row: EventRow) => number,
  ): AsyncGenerator<RecordedEvent> {
    let remaining = maxCount;
    while (remaining > 0) {
      ensureOpen(operation);
      const limit = Math.min(pageSize, remaining);
      let rows: EventRow[];
      try {
        rows = fetch(cursor, limit);
      } catch (e) {
        throw toStoreError(e, operation);
      }
      for (const row of rows) yield decodeEventRow(row);
      if (rows.length < limit) return;
      remaining -= rows.length;
      cursor = next(rows[rows.length - 1]!);
    }
  }

  const readAfter = (fromPosition: bigint, maxCount: number): AsyncIterable<RecordedEvent> =>
    paged(
      'read all',
      fromPosition,
      maxCount,
      (after, limit) => statements.readAll.all(after, limit),
      (row) => row[0],
    );

  const store: SqliteEventStore = {
    fileName: options.fileName,
    projections: getSqliteProjectionStore(db),

    appendToStream: async (streamId, events, appendOptions?: AppendOptions) => {
      const expected = appendOptions?.expectedRevision ?? 'any';
      const serialized = serializeAppend(streamId, events, expected);
      ensureOpen(`append to stream '${streamId}'`);
      let result: AppendResult;
      try {
        result = append.immediate(streamId, events, serialized, expected);
      } catch (e) {
        if (e instanceof TypeError && e.message.startsWith('canonicalJson')) throw new InvalidAppendError(streamId, e.message);
        throw toStoreError(e, `append to stream '${streamId}'`);
      }
      signal.notify();
      return result;
    },

    readStream: (streamId, readOptions?: ReadStreamOptions) => {
      const maxCount = checkCount('maxCount', readOptions?.maxCount);
      checkRevision('fromRevision', readOptions?.fromRevision);
      const operation = `read stream '${streamId}'`;
      if (readOptions?.direction === 'backwards') {
        return paged(
          operation,
          readOptions.fromRevision ?? MAX_REVISION,
          maxCount,
          (from, limit) => statements.readBackwards.all(streamId, from, limit),
          (row) => row[2] - 1,
        );
      }
      return paged(
        operation,
        readOptions?.fromRevision ?? 0,
        maxCount,
        (from, limit) => statements.readForwards.all(streamId, from, limit),
        (row) => row[2] + 1,
      );
    },

    readAll: (readOptions?: ReadAllOptions) => {
      const from = readOptions?.fromPosition ?? 0n;
      checkRevision('fromPosition', from);
      return readAfter(from, checkCount('maxCount', readOptions?.maxCount));
    },

    subscribeToAll: (subscribeOptions?: SubscribeOptions) => {
      const fromPosition = subscribeOptions?.fromPosition ?? 0n;
      checkRevision('fromPosition', fromPosition);
      ensureOpen('subscribe to all');
      const subscription = followAll({
        fromPosition,
        readAfter: (position) => readAfter(position, Number.POSITIVE_INFINITY),
        signal,
        pollIntervalMs,
        onEnd: () => subscriptions.delete(subscription),
      });
      subscriptions.add(subscription);
      return subscription;
    },

    close: async () => {
      await Promise.all([...subscriptions].map((subscription) => subscription.close()));
      if (db.open) db.close();
    },
  };
  return store;
};
