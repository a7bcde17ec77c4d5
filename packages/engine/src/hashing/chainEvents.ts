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
 * The recorded form of a chained event once its store has given it `position`: for store
 * adapters. Built field by field (one object shape for every event; a spread of the chained
 * event would not be).
 */
export const recordedEvent = (event: ChainedEvent, position: bigint): RecordedEvent => ({
  streamId: event.streamId,
  revision: event.revision,
  position,
  eventId: event.eventId,
  type: event.type,
  data: event.data,
  metadata: event.metadata,
  prevHash: event.prevHash,
  hash: event.hash,
});

/**
 * What the hash covers: everything the engine writes, nothing the store assigns later.
 * Equal to `canonicalJson({ streamId, revision, eventId, type, data, metadata })` with the
 * revision as its decimal string, written
 * out in RFC 8785 key order (data, eventId, metadata, revision, streamId, type) to spare
 * an object and a sort per event.
 */
export const hashedContent = (event: Omit<ChainedEvent, 'prevHash' | 'hash'>): string =>
  contentOf(event.streamId, event.revision, event.eventId, event.type, canonicalJson(event.data), canonicalJson(event.metadata));

/** An id as JSON: a string canonically (lone surrogates refused); anything else as `JSON.stringify` writes it, as always (a tampered event must still hash, to a different value). */
const idJson = (id: unknown): string => (typeof id === 'string' ? canonicalJson(id) : String(JSON.stringify(id)));

const contentOf = (streamId: string, revision: bigint, eventId: string, type: string, dataJson: string, metadataJson: string): string =>
  `{"data":${dataJson},"eventId":${idJson(eventId)},"metadata":${metadataJson},` + `"revision":"${revision.toString()}","streamId":${idJson(streamId)},"type":${idJson(type)}}`;

/** SHA-256 (hex) of the previous hash followed by the canonical JSON of the event. */
export const eventHash = (prevHash: string, event: Omit<ChainedEvent, 'prevHash' | 'hash'>): string => hash('sha256', prevHash + hashedContent(event));

/** The fields an event's hash covers, with `data` and `metadata` as the canonical JSON text a store kept. */
export interface HashedEventJson {
  readonly streamId: string;
  readonly revision: bigint;
  readonly eventId: string;
  readonly type: string;
  /** `canonicalJson(data)`, e.g. as {@link chainEventsJson} handed it out and the store wrote it. */
  readonly dataJson: string;
  readonly metadataJson: string;
}

/**
 * {@link eventHash} from stored text: equal to `eventHash(prevHash, event)` when `dataJson`
 * and `metadataJson` are the canonical JSON of the event's data and metadata. A store that
 * writes the texts of {@link chainEventsJson} can so check its events without parsing and
 * serializing them again. A mismatch means the text changed, or was never canonical
 * (written by other means): then check the parsed event with {@link eventHash}.
 */
export const eventHashOfJson = (prevHash: string, event: HashedEventJson): string =>
  hash('sha256', prevHash + contentOf(event.streamId, event.revision, event.eventId, event.type, event.dataJson, event.metadataJson));

/** A chained event with the canonical JSON texts of its data and metadata, as hashed. */
export interface ChainedEventJson {
  readonly event: ChainedEvent;
  readonly dataJson: string;
  readonly metadataJson: string;
}

const chainWith = <T>(streamId: string, head: StreamHead | null, events: readonly NewEvent[], make: (event: ChainedEvent, dataJson: string, metadataJson: string) => T): T[] => {
  let prevHash = head?.hash ?? GENESIS_HASH;
  let revision = head ? head.revision + 1n : 0n;
  const chained: T[] = new Array<T>(events.length);
  for (let i = 0; i < events.length; i++) {
    const { eventId, type, data, metadata } = events[i]!;
    const dataJson = canonicalJson(data);
    const metadataJson = canonicalJson(metadata);
    const eventHashValue = hash('sha256', prevHash + contentOf(streamId, revision, eventId, type, dataJson, metadataJson));
    chained[i] = make({ streamId, revision, eventId, type, data, metadata, prevHash, hash: eventHashValue }, dataJson, metadataJson);
    prevHash = eventHashValue;
    revision += 1n;
  }
  return chained;
};

/**
 * Gives each new event its revision, `prevHash` and `hash`, continuing the chain from the
 * stream's current head. Every adapter calls this inside its append transaction, after it
 * has read the head, so the chain is computed by the engine whatever the store.
 */
export const chainEvents = (streamId: string, head: StreamHead | null, events: readonly NewEvent[]): ChainedEvent[] => chainWith(streamId, head, events, (event) => event);

/**
 * {@link chainEvents}, also handing out each event's data and metadata as the canonical
 * JSON (RFC 8785) its hash covers: a store can write these texts instead of serializing
 * every event a second time, and later check them with {@link eventHashOfJson}.
 */
export const chainEventsJson = (streamId: string, head: StreamHead | null, events: readonly NewEvent[]): ChainedEventJson[] =>
  chainWith(streamId, head, events, (event, dataJson, metadataJson) => ({ event, dataJson, metadataJson }));
