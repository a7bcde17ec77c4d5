import { EventDecodeError } from '@casefold/engine';
import type { EventMetadata, Json, RecordedEvent } from '@casefold/engine';
import type { ChainedEvent } from '@casefold/engine/adapter';
import type { EventData, JSONRecordedEvent, RecordedEvent as EsdbRecordedEvent } from '@eventstore/db-client';

/**
 * How a casefold event sits in EventStoreDB. The EventStoreDB event has casefold's type as
 * its type and casefold's data as its JSON data (`application/json`), so the server's UI,
 * projections and other readers see the domain events as they are. Its custom metadata is
 * the envelope `{ "casefold": { "eventId", "prevHash", "hash" }, "metadata": { … } }`:
 * casefold's event id (any string; EventStoreDB's ids are UUIDs), the hash chain, and the
 * engine's metadata, kept apart so that no metadata key can clash with them. The
 * EventStoreDB event id is derived from the event's hash (see {@link eventUuidOf}).
 */
interface Envelope {
  readonly casefold: { readonly eventId: string; readonly prevHash: string; readonly hash: string };
  readonly metadata: EventMetadata;
}

/**
 * The EventStoreDB event id of a chained event: the first 128 bits of its hash as an RFC
 * 9562 version-8 UUID. The hash covers the stream, the revision and the whole event, so a
 * retried append of the same events at the same revision carries the same ids, and the
 * server answers it as the idempotent write it is instead of writing the events twice.
 */
export const eventUuidOf = (hash: string): string => {
  const variant = ((parseInt(hash[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hash.slice(0, 8)}-${hash.slice(8, 12)}-8${hash.slice(13, 16)}-${variant}${hash.slice(17, 20)}-${hash.slice(20, 32)}`;
};

/** A chained event as the client appends it. */
export const eventDataOf = (event: ChainedEvent): EventData => ({
  id: eventUuidOf(event.hash),
  type: event.type,
  contentType: 'application/json',
  data: event.data as never,
  metadata: { casefold: { eventId: event.eventId, prevHash: event.prevHash, hash: event.hash }, metadata: event.metadata } satisfies Envelope as never,
});

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);

const HASH = /^[0-9a-f]{64}$/u;

/** Why `metadata` is not a casefold envelope, or `null` when it is one. */
const envelopeProblem = (metadata: unknown): { path: string; reason: string } | null => {
  if (!isObject(metadata)) return { path: 'metadata', reason: `the custom metadata is ${metadata instanceof Uint8Array ? 'not JSON' : 'not a JSON object'}; it was not written by casefold` };
  const { casefold, metadata: engineMetadata } = metadata;
  if (!isObject(casefold)) return { path: 'metadata.casefold', reason: 'the custom metadata has no casefold object; the event was not written by casefold' };
  if (typeof casefold.eventId !== 'string') return { path: 'metadata.casefold.eventId', reason: 'missing or not a string' };
  if (typeof casefold.prevHash !== 'string' || !HASH.test(casefold.prevHash)) return { path: 'metadata.casefold.prevHash', reason: 'not a SHA-256 hex digest' };
  if (typeof casefold.hash !== 'string' || !HASH.test(casefold.hash)) return { path: 'metadata.casefold.hash', reason: 'not a SHA-256 hex digest' };
  if (!isObject(engineMetadata)) return { path: 'metadata.metadata', reason: 'the engine metadata is not a JSON object' };
  return null;
};

/** Largest position a server sends for an event whose commit position it does not know (2^64 − 1, as servers before 20.6.1 did on stream reads). */
const UNKNOWN_POSITION = 2n ** 63n;

/**
 * An event read through the client as casefold's {@link RecordedEvent}: the stream id
 * without the store's prefix, casefold's event id and chain from the envelope, and the
 * event's commit position as its `position`.
 *
 * @throws EventDecodeError for an event in the store's streams that casefold did not write
 *   (no envelope, data that is not JSON) or that has no commit position.
 */
export const recordedEventOf = (event: EsdbRecordedEvent, prefix: string): RecordedEvent => {
  const streamId = event.streamId.slice(prefix.length);
  const fail = (path: string, reason: string): never => {
    throw new EventDecodeError(
      { streamId, revision: event.revision, eventType: event.type, path, reason },
      { advice: `check what else writes to the EventStoreDB streams prefixed '${prefix}' (EventStoreDB event ${event.id}); casefold's own events are left unchanged` },
    );
  };
  if (!event.isJson) fail('data', 'the event is not JSON (content type application/octet-stream)');
  const problem = envelopeProblem(event.metadata);
  if (problem !== null) fail(problem.path, problem.reason);
  const envelope = event.metadata as unknown as Envelope;
  const commit = event.position?.commit;
  if (commit === undefined || commit >= UNKNOWN_POSITION) fail('', 'the server sent no commit position for it (stream reads carry positions from EventStoreDB 20.6.1 on)');
  return {
    streamId,
    revision: event.revision,
    position: commit!,
    eventId: envelope.casefold.eventId,
    type: event.type,
    data: (event as JSONRecordedEvent).data as Json,
    metadata: envelope.metadata,
    prevHash: envelope.casefold.prevHash,
    hash: envelope.casefold.hash,
  };
};
