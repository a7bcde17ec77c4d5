import { InvalidAppendError } from '@casefold/engine';
import type { ExpectedRevision, NewEvent } from '@casefold/engine';

/** An event's data and metadata as the JSON text stored in its row. */
export interface SerializedEvent {
  readonly data: string;
  readonly metadata: string;
}

const serialize = (streamId: string, index: number, field: 'data' | 'metadata', value: unknown): string => {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (e) {
    throw new InvalidAppendError(streamId, `event ${index} has ${field} that JSON cannot represent (${(e as Error).message})`);
  }
  if (text === undefined) throw new InvalidAppendError(streamId, `event ${index} has no ${field} (undefined)`);
  return text;
};

const isExpectedRevision = (value: unknown): value is ExpectedRevision =>
  value === 'any' || value === 'no_stream' || value === 'stream_exists' || (typeof value === 'bigint' && value >= 0n);

/**
 * Checks an append before it reaches the database and serializes each event's data and
 * metadata to JSON text, outside the write transaction. (Non-finite numbers, which
 * `JSON.stringify` would silently turn into `null`, are caught by the hash chain's
 * canonical JSON inside the transaction.)
 *
 * @throws InvalidAppendError for an empty stream id, no events, a malformed expected
 *   revision, an event without id or type, or data/metadata JSON cannot represent.
 */
export const serializeAppend = (
  streamId: string,
  events: readonly NewEvent[],
  expectedRevision: unknown,
): SerializedEvent[] => {
  if (typeof streamId !== 'string' || streamId === '') throw new InvalidAppendError(String(streamId), 'the stream id is empty');
  if (!isExpectedRevision(expectedRevision)) {
    throw new InvalidAppendError(
      streamId,
      `expected revision ${String(expectedRevision)} is neither a revision ≥ 0 nor 'no_stream', 'stream_exists' or 'any'`,
    );
  }
  if (!Array.isArray(events) || events.length === 0) throw new InvalidAppendError(streamId, 'there are no events to append');
  const serialized: SerializedEvent[] = new Array<SerializedEvent>(events.length);
  for (let i = 0; i < events.length; i++) {
    const event = events[i]!;
    if (typeof event.eventId !== 'string' || event.eventId === '') throw new InvalidAppendError(streamId, `event ${i} has no event id`);
    if (typeof event.type !== 'string' || event.type === '') throw new InvalidAppendError(streamId, `event ${i} has no type`);
    if (typeof event.metadata !== 'object' || event.metadata === null || Array.isArray(event.metadata)) {
      throw new InvalidAppendError(streamId, `event ${i} has metadata that is not an object`);
    }
    serialized[i] = { data: serialize(streamId, i, 'data', event.data), metadata: serialize(streamId, i, 'metadata', event.metadata) };
  }
  return serialized;
};
