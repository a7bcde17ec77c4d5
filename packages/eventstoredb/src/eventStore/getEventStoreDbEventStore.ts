import { StoreClosedError, StoreUnavailableError, WrongExpectedRevisionError } from '@casefold/engine';
import type {
  AppendOptions,
  AppendResult,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
  LastPositionOptions,
} from '@casefold/engine';
import { allRangeOf, chainAppend, recordedEvent, streamPrefixOf, streamRangeOf, validateAppend } from '@casefold/engine/adapter';
import type { ChainedEvent, StreamHead } from '@casefold/engine/adapter';
import { BACKWARDS, END, FORWARDS, START, WrongExpectedVersionError } from '@eventstore/db-client';
import type { AppendExpectedRevision, ResolvedEvent } from '@eventstore/db-client';
import type { EventStoreDbSettings } from './eventStoreDbSettings.js';
import { appendTooLargeOf, storeErrorOf, withTimeout } from '../connection/eventStoreDbErrors.js';
import { subscribeToAll } from '../subscriptions/subscribeToAll.js';
import { eventDataOf, recordedEventOf } from './eventEnvelope.js';
import { readPage } from './readPages.js';

/** The head to chain from and the expected revision to send the server. */
interface Anchor {
  readonly head: StreamHead | null;
  readonly expected: AppendExpectedRevision;
}

const positionOf = (position: bigint) => ({ commit: position, prepare: position });

/**
 * The event store port on EventStoreDB / KurrentDB. Each casefold stream `s` is the
 * EventStoreDB stream `streamPrefix + s`; the whole-store read and the subscription see only
 * those streams (never `$`-prefixed system streams, never other systems' streams). An
 * append reads the stream's last event for the hash chain, then appends with that exact
 * revision, so the server decides the conflict and no other writer can slip in between:
 * `'any'` and `'stream_exists'` retry on a conflict, up to `appendAttempts` times.
 */
export const getEventStoreDbEventStore = (settings: EventStoreDbSettings): EventStore => {
  const { client, target, streamPrefix: prefix, pageSize, operationTimeoutMs } = settings;
  let closed = false;
  let closing: Promise<void> | undefined;
  const subscriptions = new Set<Subscription>();

  const ensureOpen = (operation: string): void => {
    if (closed) throw new StoreClosedError(operation);
  };

  const isClosed = (): boolean => closed;

  const call = <T>(send: (msLeft: number) => Promise<T>, operation: string): Promise<T> => withTimeout(send, { ms: operationTimeoutMs, target, operation, isClosed });

  /** One page of a read (see {@link readPage}). */
  const page = (operation: string, open: Parameters<typeof readPage>[1]): Promise<ResolvedEvent[]> => readPage({ client, target, operation, timeoutMs: operationTimeoutMs, isClosed }, open);

  /** The last event of a stream at or before `revision` (`END`: the last one), or `null`. */
  const eventAtOrBefore = async (name: string, revision: bigint | typeof END, operation: string): Promise<RecordedEvent | null> => {
    const [resolved] = await page(operation, (msLeft) => client.readStream(name, { direction: BACKWARDS, fromRevision: revision, maxCount: 1, deadline: msLeft }));
    return resolved?.event === undefined ? null : recordedEventOf(resolved.event, prefix);
  };

  /**
   * What to chain from and what to expect: for a revision, the event at that revision (the
   * server then decides, also that a retry of these very events is idempotent); for
   * `'no_stream'`, nothing; for `'any'`/`'stream_exists'`, the stream's last event now.
   */
  const anchorOf = async (streamId: string, name: string, expected: ExpectedRevision, operation: string): Promise<Anchor> => {
    if (expected === 'no_stream') return { head: null, expected: 'no_stream' };
    const head = await eventAtOrBefore(name, typeof expected === 'bigint' ? expected : END, operation);
    if (typeof expected === 'bigint') {
      if (head?.revision !== expected) throw new WrongExpectedRevisionError(streamId, expected, head?.revision ?? 'no_stream');
    } else if (head === null) {
      if (expected === 'stream_exists') throw new WrongExpectedRevisionError(streamId, expected, 'no_stream');
      return { head: null, expected: 'no_stream' };
    }
    return { head: { revision: head.revision, hash: head.hash }, expected: head.revision };
  };

  /** The positions of appended events: the append answers the last one's; the others are read back. */
  const positionsOf = async (name: string, chained: readonly ChainedEvent[], lastPosition: bigint, operation: string): Promise<bigint[]> => {
    if (chained.length === 1) return [lastPosition];
    const read = await page(operation, (msLeft) => client.readStream(name, { direction: FORWARDS, fromRevision: chained[0]!.revision, maxCount: chained.length, deadline: msLeft }));
    return chained.map((event, i) => {
      const stored = read[i]?.event === undefined ? undefined : recordedEventOf(read[i]!.event!, prefix);
      if (stored?.hash !== event.hash) throw new StoreUnavailableError(`${operation}: the appended events did not read back (another writer replaced the stream?)`);
      return stored.position;
    });
  };

  const appendToStream = async (streamId: string, events: readonly NewEvent[], options?: AppendOptions): Promise<AppendResult> => {
    const operation = `append to stream '${streamId}'`;
    ensureOpen(operation);
    const expected = validateAppend(streamId, events, options);
    const name = prefix + streamId;
    for (let attempt = 1; ; attempt++) {
      const anchor = await anchorOf(streamId, name, expected, operation);
      const chained = chainAppend(streamId, anchor.head, events);
      ensureOpen(operation);
      try {
        const result = await call((msLeft) => client.appendToStream(name, chained.map(eventDataOf), { expectedRevision: anchor.expected, deadline: msLeft }), operation);
        const lastPosition = result.position?.commit;
        if (lastPosition === undefined) throw new StoreUnavailableError(`${operation}: the server answered without a position`);
        const positions = await positionsOf(name, chained, lastPosition, operation);
        return { nextExpectedRevision: chained[chained.length - 1]!.revision, lastPosition, events: chained.map((event, i) => recordedEvent(event, positions[i]!)) };
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError)) throw appendTooLargeOf(error, streamId, target) ?? storeErrorOf(error, target, operation);
        const actual = error.actualVersion;
        // Someone appended since the head was read: an exact expectation fails; 'any' and 'stream_exists' chain again from the new head.
        if (typeof expected === 'bigint' || expected === 'no_stream') throw new WrongExpectedRevisionError(streamId, expected, actual);
        if (attempt >= settings.appendAttempts) {
          throw new StoreUnavailableError(`${operation}: ${attempt} attempts each lost the race to other writers (appendAttempts)`, { cause: error });
        }
      }
    }
  };

  async function* readStream(streamId: string, options?: ReadStreamOptions): AsyncGenerator<RecordedEvent, undefined> {
    const operation = `read stream '${streamId}'`;
    ensureOpen(operation);
    const { backwards, fromRevision, maxCount } = streamRangeOf(options);
    if (fromRevision < 0n) return undefined;
    let next = fromRevision;
    let left = maxCount;
    while (left > 0) {
      ensureOpen(operation);
      const count = Math.min(pageSize, left);
      const read = await page(operation, (msLeft) => client.readStream(prefix + streamId, { direction: backwards ? BACKWARDS : FORWARDS, fromRevision: next, maxCount: count, deadline: msLeft }));
      for (const resolved of read) {
        if (resolved.event === undefined) continue;
        const event = recordedEventOf(resolved.event, prefix);
        left -= 1;
        next = backwards ? event.revision - 1n : event.revision + 1n;
        yield event;
      }
      if (read.length < count || next < 0n) return undefined;
    }
    return undefined;
  }

  /**
   * Whether an event read from `$all` is one of this store's (its stream carries the prefix; `$`
   * streams never do), under the caller's `streamPrefix` (`''`: any of the store's streams).
   */
  const ours = (resolved: ResolvedEvent, streamPrefix: string): boolean => resolved.event !== undefined && resolved.event.streamId.startsWith(prefix + streamPrefix);

  async function* readAll(options?: ReadAllOptions): AsyncGenerator<RecordedEvent, undefined> {
    const operation = 'read $all';
    ensureOpen(operation);
    const { fromPosition, maxCount, streamPrefix } = allRangeOf(options);
    // The server reads $all from a position inclusively; casefold's fromPosition is exclusive.
    let cursor = fromPosition < 0n ? -1n : fromPosition;
    let left = maxCount;
    while (left > 0) {
      ensureOpen(operation);
      const from = cursor;
      const read = await page(operation, (msLeft) => client.readAll({ direction: FORWARDS, fromPosition: from <= 0n ? START : positionOf(from), maxCount: pageSize, deadline: msLeft }));
      for (const resolved of read) {
        const position = resolved.event?.position?.commit ?? resolved.commitPosition;
        if (position === undefined || position <= cursor) continue;
        cursor = position;
        if (!ours(resolved, streamPrefix)) continue;
        left -= 1;
        yield recordedEventOf(resolved.event!, prefix);
        if (left <= 0) return undefined;
      }
      if (read.length < pageSize) return undefined;
    }
    return undefined;
  }

  const readLastPosition = async (options?: LastPositionOptions): Promise<bigint> => {
    const streamPrefix = streamPrefixOf(options);
    const operation = 'read the last position';
    ensureOpen(operation);
    let before: bigint | typeof END = END;
    for (;;) {
      const from = before;
      const read = await page(operation, (msLeft) => client.readAll({ direction: BACKWARDS, fromPosition: from === END ? END : positionOf(from), maxCount: pageSize, deadline: msLeft }));
      const mine = read.find((resolved) => ours(resolved, streamPrefix));
      if (mine !== undefined) return mine.event!.position!.commit;
      const last = read.at(-1)?.event?.position?.commit;
      if (read.length < pageSize || last === undefined) return 0n;
      before = last;
    }
  };

  return {
    appendToStream,
    readStream,
    readAll,
    readLastPosition,
    subscribeToAll: (options?: SubscribeOptions): Subscription => {
      ensureOpen('subscribe to $all');
      const { fromPosition, streamPrefix } = allRangeOf(options);
      const subscription = subscribeToAll(settings, fromPosition, streamPrefix, () => subscriptions.delete(subscription));
      subscriptions.add(subscription);
      return subscription;
    },
    // One closing, however many calls: each resolves once the subscriptions ended and the client's calls were cancelled.
    close: () => {
      closed = true;
      closing ??= (async () => {
        await Promise.all([...subscriptions].map((subscription) => subscription.close()));
        await client.dispose();
      })();
      return closing;
    },
  };
};
