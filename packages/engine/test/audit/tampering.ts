import { newEvents } from '@casefold/engine/testing';
import fc from 'fast-check';
import { eventHash, getInMemoryEventStore, type BrokenLinkKind, type EventStore, type RecordedEvent } from '../../src/index.js';
import { tamperWithInMemoryStore } from '../../src/eventStore/inMemoryTampering.js';

/** Test helpers shared by the verification tests: in-memory stores and the four kinds of tampering. */

export const eventAt = async (store: EventStore, streamId: string, revision: bigint): Promise<RecordedEvent> => {
  for await (const event of store.readStream(streamId, { fromRevision: revision, maxCount: 1 })) return event;
  throw new Error(`no event ${streamId}@${revision}`);
};

/** The same event with new fields and an honestly recomputed hash. */
export const rehashed = (event: RecordedEvent, changes: Partial<RecordedEvent>): RecordedEvent => {
  const next = { ...event, ...changes };
  return { ...next, hash: eventHash(next.prevHash, next) };
};

/** Appends of one to three events to streams x, y and z, a tampering kind, and a number that picks where to tamper. */
export const tamperingCase = <K extends string>(...kinds: K[]) =>
  fc.record({
    appends: fc.array(fc.record({ stream: fc.constantFrom('x', 'y', 'z'), count: fc.integer({ min: 1, max: 3 }) }), { minLength: 1, maxLength: 8 }),
    kind: fc.constantFrom(...kinds),
    pick: fc.nat(),
  });

export const storeOf = async (appends: readonly { readonly stream: string; readonly count: number }[]): Promise<EventStore> => {
  const store = getInMemoryEventStore();
  for (const { stream, count } of appends) await store.appendToStream(stream, newEvents(count));
  return store;
};

/** Tampers with the event at `revision` of `streamId` as `kind` says (`reordered` swaps it with the next one). */
export const tamper = async (store: EventStore, kind: BrokenLinkKind, streamId: string, revision: bigint): Promise<void> => {
  const hook = tamperWithInMemoryStore(store);
  if (kind === 'changed') hook.changeEvent(streamId, revision, (e) => ({ ...e, data: { amount: -1 } }));
  if (kind === 'removed') hook.removeEvent(streamId, revision);
  if (kind === 'reordered') hook.swapEvents(streamId, revision, revision + 1n);
  if (kind === 'inserted') hook.insertEvent(streamId, revision, rehashed({ ...(await eventAt(store, streamId, revision)), eventId: 'forged', data: { amount: 42 } }, {}));
};
