import type {
  AppendOptions,
  AppendResult,
  EventStore,
  LastPositionOptions,
  NewEvent,
  PagedAsyncIterator,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StoredEvent,
  SubscribeOptions,
  Subscription,
} from '../eventStore/eventStore.js';
import { EventDecodeError, InvalidAppendError, StoreClosedError, WrongExpectedRevisionError, isEventDecodeError, isInvalidAppendError, isWrongExpectedRevisionError } from '../eventStore/errors.js';
import { streamPrefixOf } from '../eventStore/readRange.js';
import { storedEventOf } from '../eventStore/storedEventOf.js';
import { idProblem } from '../eventStore/validateAppend.js';
import { tenantStreamPrefix } from './tenantId.js';

/** An event store seen by one tenant: see {@link tenantEventStore}. */
export interface TenantEventStore extends EventStore {
  /** The tenant this view belongs to. */
  readonly tenantId: string;
  /** The start of every stored stream id of the tenant (`xishan/`): see {@link EventStore.storedStreamPrefix}. */
  readonly storedStreamPrefix: string;
}

const done: IteratorReturnResult<undefined> = { done: true, value: undefined };

/**
 * Maps a read lazily, item by item; when the read hands out pages ({@link PagedAsyncIterator}),
 * so does the mapped one, a page at a time (folds over a tenant's events keep their speed).
 */
const mapped = <A, B>(items: AsyncIterable<A>, map: (item: A) => B, mapError: (error: unknown) => unknown = (error) => error): AsyncIterable<B> => ({
  [Symbol.asyncIterator]: () => {
    const inner = items[Symbol.asyncIterator]() as AsyncIterator<A, undefined> & Partial<Pick<PagedAsyncIterator<A>, 'nextPage'>>;
    const iterator: AsyncIterator<B, undefined> & Partial<Pick<PagedAsyncIterator<B>, 'nextPage'>> = {
      next: async () => {
        const result = await inner.next().catch((error: unknown) => Promise.reject(mapError(error)));
        return result.done === true ? done : { done: false, value: map(result.value) };
      },
      return: async () => {
        await inner.return?.();
        return done;
      },
    };
    const { nextPage } = inner;
    if (nextPage !== undefined) iterator.nextPage = async (maxCount) => (await nextPage.call(inner, maxCount).catch((error: unknown) => Promise.reject(mapError(error)))).map(map);
    return iterator;
  },
});

/**
 * One tenant's view of an event store that several tenants share (several districts or cities
 * in one database): the tenant's streams are the shared store's streams under
 * `<tenantId>/` (`case-1` is stored as `xishan/case-1`), and the view reads, subscribes to
 * and counts positions of those streams only (the port's `streamPrefix`), so no append, read
 * or subscription through it reaches another tenant's streams, and two tenants may use the
 * same case ids. It keeps the port's semantics (the conformance suite runs on it), with one
 * difference stated here:
 *
 * - Events read through the view carry the tenant's stream ids (`case-1`); their `hash`
 *   covers the **stored** stream id (`xishan/case-1`), so the tenant is part of every event's
 *   hash and moving a stream between tenants breaks its chain. The stored reads
 *   (`readStoredStream`, `readStoredAll`) are the audit reads: they hand out events exactly as
 *   stored, stored stream ids included, and `verifyAll`/`verifyStream`/checkpoints read them
 *   (on a store without stored reads of its own, the view makes them from the parsed events).
 * - Positions are the shared store's: a tenant's read skips the positions of other tenants.
 * - `close()` closes the view (its subscriptions end; later operations fail with
 *   `StoreClosedError`), never the shared store, which its opener closes.
 *
 * Personal-data protection goes on top of the view (`protectPersonalData(tenantEventStore(…),
 * { keystore: the tenant's keystore, kms: the tenant's key management })`), so keys and erasures
 * stay per tenant. See docs/tenancy.md.
 *
 * @throws InvalidTenantError for a tenant id that is not a lowercase letter and up to 15 lowercase letters and digits.
 */
export const tenantEventStore = (store: EventStore, tenantId: string): TenantEventStore => {
  const prefix = tenantStreamPrefix(tenantId);
  const subscriptions = new Set<Subscription>();
  let closed = false;
  const ensureOpen = (operation: string): void => {
    if (closed) throw new StoreClosedError(`${operation} (tenant '${tenantId}')`);
  };
  const stored = (streamId: string): string => prefix + streamId;
  /** The event as the tenant sees it: its stream id without the tenant's prefix (built field by field: one object shape). */
  const seen = (event: RecordedEvent): RecordedEvent => ({
    streamId: event.streamId.slice(prefix.length),
    revision: event.revision,
    position: event.position,
    eventId: event.eventId,
    type: event.type,
    data: event.data,
    metadata: event.metadata,
    prevHash: event.prevHash,
    hash: event.hash,
  });
  /** An event that does not decode, said of the tenant's stream as the caller names it. */
  const ofTenant = (error: unknown): unknown =>
    isEventDecodeError(error) && error.streamId.startsWith(prefix)
      ? new EventDecodeError({ streamId: error.streamId.slice(prefix.length), revision: error.revision, eventType: error.eventType, path: error.path, reason: error.reason }, { cause: error })
      : error;
  /** A read narrowed to the tenant (and within it to the caller's own prefix, if any); refused once the view is closed. */
  const narrowed = <O extends ReadAllOptions | SubscribeOptions | LastPositionOptions>(options: O | undefined): O => ({ ...options, streamPrefix: prefix + streamPrefixOf(options) }) as O;
  const opened = <T>(operation: string, read: () => AsyncIterable<T>): AsyncIterable<T> => ({
    [Symbol.asyncIterator]: () => {
      ensureOpen(operation);
      return read()[Symbol.asyncIterator]();
    },
  });

  const readStoredStream = (streamId: string, options?: ReadStreamOptions): AsyncIterable<StoredEvent> =>
    opened(`read stream '${streamId}'`, () =>
      store.readStoredStream === undefined ? mapped(store.readStream(stored(streamId), options), storedEventOf) : store.readStoredStream(stored(streamId), options),
    );
  const readStoredAll = (options?: ReadAllOptions): AsyncIterable<StoredEvent> => {
    const within = narrowed(options);
    return opened('read all', () => (store.readStoredAll === undefined ? mapped(store.readAll(within), storedEventOf) : store.readStoredAll(within)));
  };

  return {
    tenantId,
    storedStreamPrefix: prefix,
    appendToStream: async (streamId: string, events: readonly NewEvent[], options?: AppendOptions): Promise<AppendResult> => {
      ensureOpen(`append to stream '${streamId}'`);
      // The tenant's stream id itself must be one (`prefix + 42` would be).
      const problem = idProblem(streamId);
      if (problem !== null) throw new InvalidAppendError(String(streamId), `the stream id ${problem}`);
      let result: AppendResult;
      try {
        result = await store.appendToStream(stored(streamId), events, options);
      } catch (error) {
        // Said of the tenant's stream, as the caller named it.
        if (isWrongExpectedRevisionError(error)) throw new WrongExpectedRevisionError(streamId, error.expected, error.actual);
        if (isInvalidAppendError(error)) {
          const note = error.reason.startsWith('the stream id') ? ` (the tenant's stream is stored as ${JSON.stringify(prefix)} + its id)` : '';
          throw new InvalidAppendError(String(streamId), error.reason + note);
        }
        throw error;
      }
      return { ...result, events: result.events.map(seen) };
    },
    readStream: (streamId, options) => opened(`read stream '${streamId}'`, () => mapped(store.readStream(stored(streamId), options), seen, ofTenant)),
    readAll: (options) => {
      const within = narrowed(options);
      return opened('read all', () => mapped(store.readAll(within), seen, ofTenant));
    },
    readStoredStream,
    readStoredAll,
    readLastPosition: async (options) => {
      const within = narrowed(options);
      ensureOpen('read the last position');
      return store.readLastPosition(within);
    },
    subscribeToAll: (options) => {
      const within = narrowed(options);
      ensureOpen('subscribe to all');
      const inner = store.subscribeToAll(within);
      const subscription: Subscription = {
        [Symbol.asyncIterator]: () => {
          const iterator = mapped(inner, seen, ofTenant)[Symbol.asyncIterator]();
          // Ended by `break` (return) or by the store: the view forgets it, as it does on close.
          return {
            ...iterator,
            next: async () => {
              const result = await iterator.next();
              if (result.done === true) subscriptions.delete(subscription);
              return result;
            },
            return: async () => {
              subscriptions.delete(subscription);
              return iterator.return!();
            },
          };
        },
        close: async () => {
          subscriptions.delete(subscription);
          await inner.close();
        },
      };
      subscriptions.add(subscription);
      return subscription;
    },
    close: async () => {
      closed = true;
      await Promise.all([...subscriptions].map((subscription) => subscription.close()));
    },
  };
};
