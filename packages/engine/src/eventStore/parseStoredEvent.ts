import { EventDecodeError } from './errors.js';
import type { EventMetadata, Json, RecordedEvent, StoredEvent } from './eventStore.js';

const parseText = (stored: StoredEvent, text: string, path: 'data' | 'metadata'): unknown => {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new EventDecodeError(
      { streamId: stored.streamId, revision: stored.revision, eventType: stored.type, path, reason: `the stored ${path} is not valid JSON (${(e as Error).message})` },
      { cause: e },
    );
  }
};

const kindOf = (value: unknown): string => (value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`);

/**
 * Turns an event as stored (data and metadata as JSON text) into a {@link RecordedEvent}.
 * Text that does not parse, or metadata that is not a JSON object, becomes an
 * {@link EventDecodeError} naming stream, revision and field; nothing is changed in the
 * store, so every other event stays readable. Store adapters decode their rows with it.
 *
 * @throws EventDecodeError
 */
export const parseStoredEvent = (stored: StoredEvent): RecordedEvent => {
  const data = parseText(stored, stored.dataJson, 'data') as Json;
  const metadata = parseText(stored, stored.metadataJson, 'metadata');
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) {
    throw new EventDecodeError({
      streamId: stored.streamId,
      revision: stored.revision,
      eventType: stored.type,
      path: 'metadata',
      reason: `the stored metadata is ${kindOf(metadata)}, not an object`,
    });
  }
  return {
    streamId: stored.streamId,
    revision: stored.revision,
    position: stored.position,
    eventId: stored.eventId,
    type: stored.type,
    data,
    metadata: metadata as EventMetadata,
    prevHash: stored.prevHash,
    hash: stored.hash,
  };
};
