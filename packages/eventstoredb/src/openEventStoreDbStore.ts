import { InvalidStoreOptionError } from '@casefold/engine';
import type { CasefoldStore, EventStore } from '@casefold/engine';
import { MAX_TIMER_MS, integerOption, optionsObject } from '@casefold/engine/adapter';
import { BACKWARDS, END } from '@eventstore/db-client';
import { connectionTargetOf } from './connection/connectionTarget.js';
import { readPage } from './eventStore/readPages.js';
import { getEventStoreDbEventStore } from './eventStore/getEventStoreDbEventStore.js';

/** The stream prefix by default: every casefold stream is then in EventStoreDB's `casefold` category (`$ce-casefold`). */
export const DEFAULT_STREAM_PREFIX = 'casefold-';

/**
 * Where read models, checkpoints and settings live: a SQLite or PostgreSQL store (what
 * `openSqliteStore` or `openPostgresStore` returns), of which only `projections`,
 * `settings` and `close` are used. EventStoreDB holds events, not tables; a projection's
 * read model and its checkpoint (an EventStoreDB commit position) commit together in one
 * transaction of this store, so a crash never applies an event twice.
 */
export type PairedProjectionStore = Pick<CasefoldStore, 'projections' | 'settings' | 'close'>;

/** Options of {@link openEventStoreDbStore}. Times in whole ms, as the other adapters' options. */
export interface EventStoreDbStoreOptions {
  /** `esdb://host:2113?tls=false`, `esdb://user:password@host:2113`, `esdb+discover://cluster:2113`. Never shown in messages. */
  readonly connectionString: string;
  /** The paired store of read models and checkpoints (see {@link PairedProjectionStore}); closed with this store. */
  readonly projections: PairedProjectionStore;
  /**
   * Prefix of every EventStoreDB stream this store owns (default {@link DEFAULT_STREAM_PREFIX}):
   * casefold stream `case-1` is `casefold-case-1`. Other systems' streams and the server's
   * `$` streams are never read as casefold events. Must not start with `$`.
   */
  readonly streamPrefix?: string;
  /** Events per read call (default 500). */
  readonly pageSize?: number;
  /**
   * Longest wait for any one call to the server, opening included (default 10,000): then
   * `StoreUnavailableError`. A store call may make several (an append: the head, the append,
   * the read-back of several events' positions; see docs/eventstoredb.md, "Errors").
   */
  readonly operationTimeoutMs?: number;
  /** Tries of an `'any'`/`'stream_exists'` append that keeps losing the race to other writers (default 20). */
  readonly appendAttempts?: number;
  /** Wait before a dropped subscription subscribes again (default 500). */
  readonly reconnectDelayMs?: number;
  /**
   * Failed resubscriptions in a row before a subscription fails (default 20). A resubscription
   * the server confirmed starts the count again; one not confirmed within `operationTimeoutMs` failed.
   */
  readonly reconnectAttempts?: number;
}

const prefixOf = (value: unknown): string => {
  if (value === undefined) return DEFAULT_STREAM_PREFIX;
  if (typeof value !== 'string' || value.length === 0 || value.startsWith('$') || Buffer.byteLength(value) > 100) {
    throw new InvalidStoreOptionError(
      'streamPrefix',
      `must be a non-empty string of at most 100 bytes that does not start with '$' (EventStoreDB's system streams), such as '${DEFAULT_STREAM_PREFIX}'`,
    );
  }
  return value;
};

/**
 * Opens a casefold store on EventStoreDB / KurrentDB: events in the server, read models and
 * checkpoints in the paired store, in the shape every adapter's opener returns
 * (`{ events, projections, settings, readLastPosition, close }`). Checks the options first,
 * then makes one call to the server, so that a server that is not there fails here, within
 * `operationTimeoutMs`.
 *
 * @throws InvalidStoreOptionError before anything is contacted (the connection string is
 *   never shown); StoreUnavailableError when the server does not answer;
 *   EventStoreDbAccessDeniedError when its user may not read.
 */
export const openEventStoreDbStore = async (options: EventStoreDbStoreOptions): Promise<CasefoldStore & { readonly events: EventStore }> => {
  optionsObject(options, "{ connectionString: 'esdb://localhost:2113?tls=false', projections: await openSqliteStore({ fileName: 'read-models.db' }) }");
  const paired = options.projections as PairedProjectionStore | undefined;
  if (typeof paired !== 'object' || paired === null || typeof paired.projections !== 'object' || typeof paired.settings !== 'object' || typeof paired.close !== 'function') {
    throw new InvalidStoreOptionError('projections', 'must be the store that keeps read models and checkpoints, e.g. what openSqliteStore or openPostgresStore returns');
  }
  const streamPrefix = prefixOf(options.streamPrefix);
  const pageSize = integerOption('pageSize', options.pageSize, 500, 1, 100_000);
  const operationTimeoutMs = integerOption('operationTimeoutMs', options.operationTimeoutMs, 10_000, 1, MAX_TIMER_MS);
  const appendAttempts = integerOption('appendAttempts', options.appendAttempts, 20, 1, 1_000);
  const reconnectDelayMs = integerOption('reconnectDelayMs', options.reconnectDelayMs, 500, 0, MAX_TIMER_MS);
  const reconnectAttempts = integerOption('reconnectAttempts', options.reconnectAttempts, 20, 0, 1_000_000);
  const { client, target } = connectionTargetOf(options.connectionString);
  const events = getEventStoreDbEventStore({ client, target, streamPrefix, pageSize, operationTimeoutMs, appendAttempts, reconnectDelayMs, reconnectAttempts });
  try {
    // One event of $all, the newest: whatever the server holds (other systems' events too), one short call.
    await readPage({ client, target, operation: 'open the store', timeoutMs: operationTimeoutMs, isClosed: () => false }, (msLeft) =>
      client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1, deadline: msLeft }),
    );
  } catch (error) {
    await events.close();
    throw error;
  }
  let closing: Promise<void> | undefined;
  return {
    events,
    projections: paired.projections,
    settings: paired.settings,
    readLastPosition: (options) => events.readLastPosition(options),
    // One closing, however many calls: a second close() resolves when the first is done, and the paired store is closed once.
    close: () =>
      (closing ??= (async () => {
        await events.close();
        await paired.close();
      })()),
  };
};
