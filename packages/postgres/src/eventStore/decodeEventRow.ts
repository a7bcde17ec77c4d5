import { EventDecodeError } from '@casefold/engine';
import type { EventMetadata, Json, RecordedEvent } from '@casefold/engine';
import type { TextRow } from '../connection/database.js';

/** The columns every event read selects, in the order {@link decodeEventRow} expects. */
export const EVENT_COLUMNS = 'position, stream_id, revision, event_id, type, data, metadata, prev_hash, hash';

const text = (row: TextRow, index: number): string => row[index] ?? '';

const parseColumn = (row: TextRow, index: number, path: 'data' | 'metadata'): unknown => {
  try {
    return JSON.parse(text(row, index));
  } catch (e) {
    throw new EventDecodeError(
      { streamId: text(row, 1), revision: BigInt(text(row, 2)), eventType: text(row, 4), path, reason: `the stored ${path} is not valid JSON (${(e as Error).message})` },
      { cause: e },
    );
  }
};

/**
 * Turns a row selected with {@link EVENT_COLUMNS} into a {@link RecordedEvent}. Metadata that
 * is not a JSON object becomes an {@link EventDecodeError} naming stream, revision and column;
 * the row itself is never touched, and the rest of the store stays readable.
 */
export const decodeEventRow = (row: TextRow): RecordedEvent => {
  const data = parseColumn(row, 5, 'data') as Json;
  const metadata = parseColumn(row, 6, 'metadata');
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) {
    throw new EventDecodeError({
      streamId: text(row, 1),
      revision: BigInt(text(row, 2)),
      eventType: text(row, 4),
      path: 'metadata',
      reason: `the stored metadata is ${metadata === null ? 'null' : Array.isArray(metadata) ? 'an array' : `a ${typeof metadata}`}, not an object`,
    });
  }
  return {
    streamId: text(row, 1),
    revision: BigInt(text(row, 2)),
    position: BigInt(text(row, 0)),
    eventId: text(row, 3),
    type: text(row, 4),
    data,
    metadata: metadata as EventMetadata,
    prevHash: text(row, 7),
    hash: text(row, 8),
  };
};
