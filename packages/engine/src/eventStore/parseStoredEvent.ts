import { EventDecodeError } from './errors.js';
import type { EventMetadata, Json, RecordedEvent, StoredEvent } from './eventStore.js';

/** What to do about a stored text that no codec could read: it is damaged, not of another shape. */
const DAMAGED =
  'its stored text is damaged (disk corruption or an edit behind the library): restore the event from a backup or an export, ' +
  'and run verifyAll (`casefold verify`) to see whether anything else was changed';

const parseText = (stored: StoredEvent, text: string, path: 'data' | 'metadata'): unknown => {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new EventDecodeError(
      { streamId: stored.streamId, revision: stored.revision, eventType: stored.type, path, reason: `the stored ${path} is not valid JSON (${(e as Error).message})` },
      { cause: e, advice: DAMAGED },
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
    throw new EventDecodeError(
      {
        streamId: stored.streamId,
        revision: stored.revision,
        eventType: stored.type,
        path: 'metadata',
        reason: `the stored metadata is ${kindOf(metadata)}, not an object`,
      },
      { advice: DAMAGED },
    );
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
