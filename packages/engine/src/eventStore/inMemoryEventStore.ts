import type {
  AppendOptions,
  AppendResult,
  EventStore,
  NewEvent,
  PagedAsyncIterator,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StoredEvent,
  SubscribeOptions,
  Subscription,
} from './eventStore.js';
import { StoreClosedError } from './errors.js';
import { chainAppend, checkExpectedRevision, validateAppend } from './validateAppend.js';
import { recordedEvent } from '../hashing/chainEvents.js';
import { storedEventOf } from './storedEventOf.js';
import { allRangeOf, maxCountOf, streamPrefixOf, underPrefix } from './readRange.js';

/**
 * The mutable insides of an in-memory store. `all[i]` has position `i + 1` until someone
 * tampers with it (see {@link tamperWithInMemoryStore}); reads therefore search by
 * position/revision instead of trusting the index.
 */
export interface InMemoryStoreInternals {
  readonly all: RecordedEvent[];
  readonly streams: Map<string, RecordedEvent[]>;
  nextPosition: bigint;
}

interface StoreRuntime {
  readonly internals: InMemoryStoreInternals;
  /** Wakes every subscription waiting for a new event (or for the store to close). */
  readonly waiting: Set<() => void>;
  closed: boolean;
}

const runtimes = new WeakMap<EventStore, StoreRuntime>();

/** @internal The insides of a store made by {@link getInMemoryEventStore}, for the tampering hook. */
export const inMemoryStoreInternals = (store: EventStore): InMemoryStoreInternals => {
  const runtime = runtimes.get(store);
  if (!runtime) throw new TypeError('inMemoryStoreInternals: this store was not made by getInMemoryEventStore()');
  return runtime.internals;
};

const done: IteratorReturnResult<undefined> = { done: true, value: undefined };

/** What `at` returns for an index whose item a filtered read passes over. */
const SKIPPED = Symbol('skipped');

/**
 * An async iterable over the items `at(first())`, `at(first() + step)`, … up to `limit` items
 * or the first `undefined`, passing over every {@link SKIPPED} index, without async-generator
 * overhead; its iterators also hand out pages ({@link PagedAsyncIterator}). `first` runs on
 * the first `next()` or `nextPage()` (so a closed store rejects there, not when the read is
 * created).
 */
const iterate = <T>(first: () => number, step: 1 | -1, limit: number, at: (i: number) => T | typeof SKIPPED | undefined): AsyncIterable<T> => ({
  [Symbol.asyncIterator]: (): PagedAsyncIterator<T> => {
    let index: number | null = null;
    let yielded = 0;
    const start = (): number => (index ??= first());
    /** The next item from `index!` on (moving `index` past skipped ones), or `undefined` at the end. */
    const nextItem = (): T | undefined => {
      if (yielded >= limit) return undefined;
      let value = at(index!);
      while (value === SKIPPED) value = at((index! += step));
      return value;
    };
    return {
      next: (): Promise<IteratorResult<T, undefined>> => {
        try {
          start();
        } catch (error) {
          return Promise.reject(error);
        }
        const value = nextItem();
        if (value === undefined) return Promise.resolve(done);
        index! += step;
        yielded += 1;
        return Promise.resolve({ done: false, value });
      },
      nextPage: (maxCount: number): Promise<readonly T[]> => {
        try {
          start();
        } catch (error) {
          return Promise.reject(error);
        }
        const page: T[] = [];
        for (let value = nextItem(); value !== undefined && page.length < maxCount; value = page.length < maxCount ? nextItem() : undefined) {
          page.push(value);
          index! += step;
          yielded += 1;
        }
        return Promise.resolve(page);
      },
      return: (): Promise<IteratorResult<T, undefined>> => {
        yielded = limit;
        return Promise.resolve(done);
      },
    };
  },
});

/** First index whose event has `key(event) > after`, assuming keys mostly increase (binary search). */
const firstIndexAfter = (events: readonly RecordedEvent[], after: bigint, key: (e: RecordedEvent) => bigint): number => {
  let low = 0;
  let high = events.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (key(events[mid]!) > after) high = mid;
    else low = mid + 1;
  }
  return low;
};

const byPosition = (e: RecordedEvent): bigint => e.position;
const byRevision = (e: RecordedEvent): bigint => e.revision;

const asIs = (event: RecordedEvent | undefined): RecordedEvent | undefined => event;

const storedOf = (event: RecordedEvent | undefined): StoredEvent | undefined => (event === undefined ? undefined : storedEventOf(event));

/**
 * An event store held in process memory, with exactly the semantics of every other
 * adapter (docs/store-semantics.md): optimistic concurrency by expected revision, atomic
 * multi-event appends, positions starting at `1n`, hash-chained events (via
 * {@link chainEvents}, through {@link chainAppend}), catch-up-then-live subscriptions, and
 * stored reads (`readStoredStream`, `readStoredAll`: data and metadata serialized as canonical
 * JSON as they are read). Recorded events are frozen and shared, not copied: do not mutate
 * the `data` you append afterwards.
 *
 * Use it for tests, examples, benchmarks and single-process tools; its contents vanish
 * with the process.
 */
export const getInMemoryEventStore = (): EventStore => {
  const internals: InMemoryStoreInternals = { all: [], streams: new Map(), nextPosition: 1n };
  const runtime: StoreRuntime = { internals, waiting: new Set(), closed: false };
  const { all, streams } = internals;

  const ensureOpen = (operation: string): void => {
    if (runtime.closed) throw new StoreClosedError(operation);
  };

  const appendToStream = (streamId: string, events: readonly NewEvent[], options?: AppendOptions): Promise<AppendResult> => {
    try {
      ensureOpen(`append to stream '${streamId}'`);
      const expected = validateAppend(streamId, events, options);
      const stream = streams.get(streamId);
      const head = stream === undefined || stream.length === 0 ? null : stream[stream.length - 1]!;
      checkExpectedRevision(streamId, expected, head === null ? 'no_stream' : head.revision);
      const chained = chainAppend(streamId, head, events);
      const recorded: RecordedEvent[] = new Array<RecordedEvent>(chained.length);
      let position = internals.nextPosition;
      for (let i = 0; i < chained.length; i++) {
        const event = chained[i]!;
        recorded[i] = Object.freeze(recordedEvent(event, position));
        position += 1n;
      }
      internals.nextPosition = position;
      const target = stream ?? [];
      if (stream === undefined) streams.set(streamId, target);
      for (const event of recorded) {
        target.push(event);
        all.push(event);
      }
      if (runtime.waiting.size > 0) {
        const wake = [...runtime.waiting];
        runtime.waiting.clear();
        for (const resolve of wake) resolve();
      }
      const last = recorded[recorded.length - 1]!;
      return Promise.resolve({ nextExpectedRevision: last.revision, lastPosition: last.position, events: recorded });
    } catch (error) {
      return Promise.reject(error);
    }
  };

  const readStreamAs = <T>(view: (event: RecordedEvent | undefined) => T | undefined, streamId: string, options: ReadStreamOptions | undefined): AsyncIterable<T> => {
    const backwards = options?.direction === 'backwards';
    const from = options?.fromRevision;
    // The stream's array grows in place: once it exists, keep it instead of a lookup per event.
    let list: readonly RecordedEvent[] | undefined;
    const events = (): readonly RecordedEvent[] => (list ??= streams.get(streamId)) ?? [];
    const first = (): number => {
      ensureOpen(`read stream '${streamId}'`);
      const list = events();
      if (from === undefined) return backwards ? list.length - 1 : 0;
      return backwards ? firstIndexAfter(list, from, byRevision) - 1 : firstIndexAfter(list, from - 1n, byRevision);
    };
    return iterate(first, backwards ? -1 : 1, maxCountOf(options?.maxCount), (i) => view(events()[i]));
  };

  const readAllAs = <T>(view: (event: RecordedEvent | undefined) => T | undefined, options: ReadAllOptions | undefined): AsyncIterable<T> => {
    const { fromPosition, maxCount, streamPrefix } = allRangeOf(options);
    const first = (): number => {
      ensureOpen('read all');
      return firstIndexAfter(all, fromPosition, byPosition);
    };
    if (streamPrefix === '') return iterate(first, 1, maxCount, (i) => view(all[i]));
    return iterate(first, 1, maxCount, (i) => {
      const event = all[i];
      return event === undefined || underPrefix(event.streamId, streamPrefix) ? view(event) : SKIPPED;
    });
  };

  const subscribeToAll = (options?: SubscribeOptions): Subscription => {
    const { fromPosition, streamPrefix } = allRangeOf(options);
    let index = -1;
    let closed = false;
    let wakeSelf: (() => void) | null = null;
    const close = (): Promise<void> => {
      closed = true;
      if (wakeSelf) {
        runtime.waiting.delete(wakeSelf);
        wakeSelf();
      }
      return Promise.resolve();
    };
    const next = async (): Promise<IteratorResult<RecordedEvent, undefined>> => {
      if (index === -1) {
        ensureOpen('subscribe to all');
        index = firstIndexAfter(all, fromPosition, byPosition);
      }
      while (!closed && !runtime.closed) {
        const event = all[index];
        if (event !== undefined) {
          index += 1;
          if (underPrefix(event.streamId, streamPrefix)) return { done: false, value: event };
          continue;
        }
        await new Promise<void>((resolve) => {
          wakeSelf = resolve;
          runtime.waiting.add(resolve);
        });
        wakeSelf = null;
      }
      return done;
    };
    const iterator: AsyncIterator<RecordedEvent, undefined> = {
      next,
      return: async () => {
        await close();
        return done;
      },
    };
    return { close, [Symbol.asyncIterator]: () => iterator };
  };

  const close = (): Promise<void> => {
    runtime.closed = true;
    const wake = [...runtime.waiting];
    runtime.waiting.clear();
    for (const resolve of wake) resolve();
    return Promise.resolve();
  };

  const store: EventStore = {
    appendToStream,
    readStream: (streamId, options) => readStreamAs(asIs, streamId, options),
    readAll: (options) => readAllAs(asIs, options),
    readStoredStream: (streamId, options) => readStreamAs(storedOf, streamId, options),
    readStoredAll: (options) => readAllAs(storedOf, options),
    readLastPosition: (options) => {
      try {
        const streamPrefix = streamPrefixOf(options);
        ensureOpen('read the last position');
        let i = all.length - 1;
        while (i >= 0 && !underPrefix(all[i]!.streamId, streamPrefix)) i -= 1;
        return Promise.resolve(all[i]?.position ?? 0n);
      } catch (error) {
        return Promise.reject(error);
      }
    },
    subscribeToAll,
    close,
  };
  runtimes.set(store, runtime);
  return store;
};
