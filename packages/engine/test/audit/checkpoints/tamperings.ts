import { newEvents } from '@casefold/engine/testing';
import { eventHash, getInMemoryEventStore, type EventStore, type RecordedEvent } from '../../../src/index.js';
import { tamperWithInMemoryStore } from '../../../src/eventStore/inMemoryTampering.js';

/** Test helpers of the checkpoint tests: in-memory stores and what a forger with write access does to them. */

export const streamEvents = async (store: EventStore, streamId: string): Promise<RecordedEvent[]> => {
  const events: RecordedEvent[] = [];
  for await (const event of store.readStream(streamId)) events.push(event);
  return events;
};

/** Changes the event at `revision` and re-hashes it and every later event of its stream, so that the chain holds again. */
export const rewriteAndRehash = async (store: EventStore, streamId: string, revision: bigint, change: (event: RecordedEvent) => RecordedEvent): Promise<void> => {
  const hook = tamperWithInMemoryStore(store);
  let prevHash: string | null = null;
  for (const event of await streamEvents(store, streamId)) {
    if (event.revision < revision) continue;
    const next: RecordedEvent = event.revision === revision ? change(event) : { ...event, prevHash: prevHash! };
    const rehashed = { ...next, hash: eventHash(next.prevHash, next) };
    hook.changeEvent(streamId, event.revision, () => rehashed);
    prevHash = rehashed.hash;
  }
};

/** Removes the events of `streamId` from `fromRevision` on. */
export const truncate = async (store: EventStore, streamId: string, fromRevision: bigint): Promise<void> => {
  const hook = tamperWithInMemoryStore(store);
  for (const event of (await streamEvents(store, streamId)).reverse()) if (event.revision >= fromRevision) hook.removeEvent(streamId, event.revision);
};

/** Adds a stream `streamId` of one correctly chained event into the global log just before `before`'s event at `revision` (an old position). */
export const insertStream = async (store: EventStore, streamId: string, before: string, revision: bigint): Promise<void> => {
  const [target] = (await streamEvents(store, before)).filter((e) => e.revision === revision);
  const forged = { ...target!, streamId, revision: 0n, eventId: `forged-${streamId}`, prevHash: '0'.repeat(64) };
  tamperWithInMemoryStore(store).insertEvent(before, revision, { ...forged, hash: eventHash(forged.prevHash, forged) });
};

export const storeOf = async (appends: readonly { readonly stream: string; readonly count: number }[]): Promise<EventStore> => {
  const store = getInMemoryEventStore();
  for (const { stream, count } of appends) await store.appendToStream(stream, newEvents(count));
  return store;
};
