import {
  type AppendOptions,
  type AppendResult,
  type EventStore,
  type NewEvent,
  type PagedAsyncIterator,
  type ReadStreamOptions,
  type RecordedEvent,
  StoreClosedError,
  checkExpectedRevision,
  validateAppend,
} from '@casefold/engine';

/**
 * The demo simulation's event store: holds each case's events in memory, in order, until the
 * case is finished and its events are handed on to the real store — which chains them (the
 * hash chain is computed once, by the store the events end up in). Appends are checked as
 * every adapter checks them (expected revision, ids, types, metadata); `prevHash` and `hash`
 * stay empty here.
 *
 * It serves the command handler (appends, stream reads) only: it holds no global order, so
 * `readAll` and `subscribeToAll` reject with a {@link StagingStoreReadError}.
 */
export interface StagingEventStore extends EventStore {
  /** Forgets a finished stream (after its events were handed on). */
  readonly release: (streamId: string) => void;
}

/** A read the {@link StagingEventStore} cannot serve (`readAll`, `subscribeToAll`). */
export class StagingStoreReadError extends Error {
  override readonly name = 'StagingStoreReadError';
  constructor(readonly operation: string) {
    super(`The demo's staging store cannot ${operation}: it keeps the streams of unfinished cases only. Read the store the demo writes to instead.`);
  }
}

/** Guard for {@link StagingStoreReadError}. */
export const isStagingStoreReadError = (e: unknown): e is StagingStoreReadError =>
  typeof e === 'object' && e !== null && (e as { name?: unknown }).name === 'StagingStoreReadError';

const done: IteratorReturnResult<undefined> = { done: true, value: undefined };
const NONE: readonly RecordedEvent[] = Object.freeze([]);

/** The events of `stream` a read selects: direction, start revision (a stream's revisions are its indexes here), count. */
const selected = (stream: readonly RecordedEvent[], options: ReadStreamOptions | undefined): readonly RecordedEvent[] => {
  const count = options?.maxCount === undefined ? stream.length : Math.max(0, Math.ceil(options.maxCount));
  const from = options?.fromRevision === undefined ? undefined : Number(options.fromRevision);
  if (options?.direction === 'backwards') {
    const end = Math.min(from ?? stream.length, stream.length - 1) + 1;
    return end <= 0 || count === 0 ? [] : stream.slice(Math.max(0, end - count), end).reverse();
  }
  const start = Math.max(0, from ?? 0);
  return start >= stream.length || count === 0 ? [] : stream.slice(start, start + count);
};

const unsupported = (operation: string): AsyncIterable<RecordedEvent> & { close: () => Promise<void> } => ({
  [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(new StagingStoreReadError(operation)) }),
  close: () => Promise.resolve(),
});

/** Makes an empty {@link StagingEventStore}. */
export const stagingEventStore = (): StagingEventStore => {
  const streams = new Map<string, RecordedEvent[]>();
  let nextPosition = 1n;
  let closed = false;
  const ensureOpen = (operation: () => string): void => {
    if (closed) throw new StoreClosedError(operation());
  };

  const append = (streamId: string, events: readonly NewEvent[], options: AppendOptions | undefined): AppendResult => {
    ensureOpen(() => `append to stream '${streamId}'`);
    const expected = validateAppend(streamId, events, options);
    const stream = streams.get(streamId) ?? [];
    checkExpectedRevision(streamId, expected, stream.length === 0 ? 'no_stream' : BigInt(stream.length - 1));
    if (stream.length === 0) streams.set(streamId, stream);
    const recorded = events.map(({ eventId, type, data, metadata }): RecordedEvent => {
      const event = { streamId, revision: BigInt(stream.length), position: nextPosition, eventId, type, data, metadata, prevHash: '', hash: '' };
      nextPosition += 1n;
      stream.push(event);
      return event;
    });
    const last = recorded[recorded.length - 1]!;
    return { nextExpectedRevision: last.revision, lastPosition: last.position, events: recorded };
  };

  return {
    appendToStream: (streamId, events, options) => {
      try {
        return Promise.resolve(append(streamId, events, options));
      } catch (error) {
        return Promise.reject(error);
      }
    },
    readStream: (streamId, options) => ({
      [Symbol.asyncIterator]: (): PagedAsyncIterator<RecordedEvent> => {
        // Selected on the first `next()` or `nextPage()` (so a closed store rejects there).
        let events: readonly RecordedEvent[] | null = null;
        let offset = 0;
        const page = (maxCount: number): Promise<readonly RecordedEvent[]> => {
          try {
            if (events === null) {
              ensureOpen(() => `read stream '${streamId}'`);
              events = selected(streams.get(streamId) ?? [], options);
            }
            if (offset >= events.length) return Promise.resolve(NONE);
            const taken = offset === 0 && maxCount >= events.length ? events : events.slice(offset, offset + maxCount);
            offset += taken.length;
            return Promise.resolve(taken);
          } catch (error) {
            return Promise.reject(error);
          }
        };
        return {
          next: () => page(1).then((taken) => (taken.length === 0 ? done : { done: false, value: taken[0]! })),
          nextPage: page,
          return: () => {
            events = NONE;
            return Promise.resolve(done);
          },
        };
      },
    }),
    readAll: () => unsupported('read all events'),
    subscribeToAll: () => unsupported('subscribe to all events'),
    release: (streamId) => {
      streams.delete(streamId);
    },
    close: () => {
      closed = true;
      streams.clear();
      return Promise.resolve();
    },
  };
};
