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

/** What the hash covers: everything the engine writes, nothing the store assigns later. */
export const hashedContent = (event: Omit<ChainedEvent, 'prevHash' | 'hash'>): string =>
  canonicalJson({
    streamId: event.streamId,
    revision: event.revision,
    eventId: event.eventId,
    type: event.type,
    data: event.data,
    metadata: event.metadata,
  });

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
  const chained: ChainedEvent[] = [];
  for (const event of events) {
    const body = { streamId, revision, eventId: event.eventId, type: event.type, data: event.data, metadata: event.metadata };
    const eventHashValue = eventHash(prevHash, body);
    chained.push({ ...body, prevHash, hash: eventHashValue });
    prevHash = eventHashValue;
    revision += 1n;
  }
  return chained;
};
