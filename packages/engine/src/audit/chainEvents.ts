import { hash } from 'node:crypto';
import type { NewEvent, RecordedEvent } from '../eventStore/eventStore.js';
import { canonicalJson } from './canonicalJson.js';

/** `prevHash` of the first event of every stream. */
export const GENESIS_HASH = '0'.repeat(64);

/** The last event of a stream as the chain needs it; `null` for a stream with no events. */
export interface StreamHead {
  readonly revision: bigint;
  readonly hash: string;
}

/** An event with its revision and hash fields, ready for a store to assign a position. */
export type ChainedEvent = Omit<RecordedEvent, 'position'>;

/**
 * What the hash covers: everything the engine writes, nothing the store assigns later.
 * Equal to `canonicalJson({ streamId, revision, eventId, type, data, metadata })`, written
 * out in RFC 8785 key order (data, eventId, metadata, revision, streamId, type) to spare
 * an object and a sort per event.
 */
export const hashedContent = (event: Omit<ChainedEvent, 'prevHash' | 'hash'>): string =>
  contentOf(event.streamId, event.revision, event.eventId, event.type, event.data, event.metadata);

/** An id as JSON: a string canonically (lone surrogates refused); anything else as `JSON.stringify` writes it, as always (a tampered event must still hash, to a different value). */
const idJson = (id: unknown): string => (typeof id === 'string' ? canonicalJson(id) : String(JSON.stringify(id)));

const contentOf = (streamId: string, revision: bigint, eventId: string, type: string, data: NewEvent['data'], metadata: NewEvent['metadata']): string =>
  `{"data":${canonicalJson(data)},"eventId":${idJson(eventId)},"metadata":${canonicalJson(metadata)},` +
  `"revision":"${revision.toString()}","streamId":${idJson(streamId)},"type":${idJson(type)}}`;

/** SHA-256 (hex) of the previous hash followed by the canonical JSON of the event. */
export const eventHash = (prevHash: string, event: Omit<ChainedEvent, 'prevHash' | 'hash'>): string =>
  hash('sha256', prevHash + hashedContent(event));

/**
 * Gives each new event its revision, `prevHash` and `hash`, continuing the chain from the
 * stream's current head. Every adapter calls this inside its append transaction, after it
 * has read the head, so the chain is computed by the engine whatever the store.
 */
export const chainEvents = (
  streamId: string,
  head: StreamHead | null,
  events: readonly NewEvent[],
): ChainedEvent[] => {
  let prevHash = head?.hash ?? GENESIS_HASH;
  let revision = head ? head.revision + 1n : 0n;
  const chained: ChainedEvent[] = new Array<ChainedEvent>(events.length);
  for (let i = 0; i < events.length; i++) {
    const { eventId, type, data, metadata } = events[i]!;
    const eventHashValue = hash('sha256', prevHash + contentOf(streamId, revision, eventId, type, data, metadata));
    chained[i] = { streamId, revision, eventId, type, data, metadata, prevHash, hash: eventHashValue };
    prevHash = eventHashValue;
    revision += 1n;
  }
  return chained;
};
