import type { EventStore, RecordedEvent } from './eventStore.js';
import { inMemoryStoreInternals, type InMemoryStoreInternals } from './inMemoryEventStore.js';

/**
 * Direct edits of an in-memory store's recorded events, bypassing every check: what an
 * attacker with write access to a database could do. For tests and demonstrations of
 * audit verification ({@link verifyStream}, {@link verifyAll}); never for real work.
 */
export interface InMemoryStoreTampering {
  /** Replaces the event at `revision` (in its stream and in the global log) with `change(event)`. */
  changeEvent(streamId: string, revision: bigint, change: (event: RecordedEvent) => RecordedEvent): void;
  /** Deletes the event at `revision` from its stream and from the global log. */
  removeEvent(streamId: string, revision: bigint): void;
  /** Puts `event` into the stream and the global log just before the event at `beforeRevision`. */
  insertEvent(streamId: string, beforeRevision: bigint, event: RecordedEvent): void;
  /** Swaps the places of two events of one stream, in the stream and in the global log. */
  swapEvents(streamId: string, revisionA: bigint, revisionB: bigint): void;
}

const locate = (internals: InMemoryStoreInternals, streamId: string, revision: bigint): { stream: RecordedEvent[]; inStream: number; inAll: number } => {
  const stream = internals.streams.get(streamId);
  const inStream = stream?.findIndex((e) => e.revision === revision) ?? -1;
  if (stream === undefined || inStream === -1) {
    throw new RangeError(`tampering: stream '${streamId}' has no event at revision ${revision}`);
  }
  const inAll = internals.all.indexOf(stream[inStream]!);
  return { stream, inStream, inAll };
};

/**
 * The tampering hook of a store made by {@link getInMemoryEventStore}.
 *
 * @throws TypeError for any other store; RangeError for an event that does not exist.
 */
export const tamperWithInMemoryStore = (store: EventStore): InMemoryStoreTampering => {
  const internals = inMemoryStoreInternals(store);
  return {
    changeEvent: (streamId, revision, change) => {
      const { stream, inStream, inAll } = locate(internals, streamId, revision);
      const replacement = change(stream[inStream]!);
      stream[inStream] = replacement;
      internals.all[inAll] = replacement;
    },
    removeEvent: (streamId, revision) => {
      const { stream, inStream, inAll } = locate(internals, streamId, revision);
      stream.splice(inStream, 1);
      internals.all.splice(inAll, 1);
    },
    insertEvent: (streamId, beforeRevision, event) => {
      const { stream, inStream, inAll } = locate(internals, streamId, beforeRevision);
      stream.splice(inStream, 0, event);
      internals.all.splice(inAll, 0, event);
    },
    swapEvents: (streamId, revisionA, revisionB) => {
      const a = locate(internals, streamId, revisionA);
      const b = locate(internals, streamId, revisionB);
      const eventA = a.stream[a.inStream]!;
      const eventB = b.stream[b.inStream]!;
      a.stream[a.inStream] = eventB;
      b.stream[b.inStream] = eventA;
      internals.all[a.inAll] = eventB;
      internals.all[b.inAll] = eventA;
    },
  };
};
