import {
  type AppendOptions,
  type AppendResult,
  type EventStore,
  type NewEvent,
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

const unsupported = (operation: string): AsyncIterable<RecordedEvent> & { close: () => Promise<void> } => ({
  [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(new StagingStoreReadError(operation)) }),
  close: () => Promise.resolve(),
});

/** Makes an empty {@link StagingEventStore}. */
export const stagingEventStore = (): StagingEventStore => {
  const streams = new Map<string, RecordedEvent[]>();
  let nextPosition = 1n;
  let closed = false;
  const ensureOpen = (operation: string): void => {
    if (closed) throw new StoreClosedError(operation);
  };

  const append = (streamId: string, events: readonly NewEvent[], options: AppendOptions | undefined): AppendResult => {
    ensureOpen(`append to stream '${streamId}'`);
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
    readStream: async function* (streamId: string, options?: ReadStreamOptions): AsyncGenerator<RecordedEvent, void, undefined> {
      ensureOpen(`read stream '${streamId}'`);
      const stream = streams.get(streamId) ?? [];
      const backwards = options?.direction === 'backwards';
      const last = BigInt(stream.length - 1);
      const from = options?.fromRevision ?? (backwards ? last : 0n);
      // A stream's revisions here are the indexes of its events.
      let index = Number(backwards ? (from > last ? last : from) : from < 0n ? 0n : from);
      let left = options?.maxCount === undefined ? Number.POSITIVE_INFINITY : Math.max(0, Math.ceil(options.maxCount));
      for (; left > 0 && index >= 0 && index < stream.length; index += backwards ? -1 : 1, left -= 1) yield stream[index]!;
    },
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
