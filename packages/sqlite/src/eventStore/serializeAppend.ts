import { InvalidAppendError } from '@casefold/engine';
import type { NewEvent } from '@casefold/engine';

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

/**
 * Serializes each event's data and metadata to the JSON text stored in its row, outside the
 * write transaction, after the engine's `validateAppend` has checked the append itself.
 * (Non-finite numbers and lone surrogates, which `JSON.stringify` would silently turn into
 * `null` or an escape, are refused by the engine's `chainAppend` inside the transaction.)
 *
 * @throws InvalidAppendError for data or metadata that `JSON.stringify` refuses (a bigint, a cycle) or drops (undefined).
 */
export const serializeAppend = (streamId: string, events: readonly NewEvent[]): SerializedEvent[] => {
  const serialized: SerializedEvent[] = new Array<SerializedEvent>(events.length);
  for (let i = 0; i < events.length; i++) {
    const event = events[i]!;
    serialized[i] = { data: serialize(streamId, i, 'data', event.data), metadata: serialize(streamId, i, 'metadata', event.metadata) };
  }
  return serialized;
};
