import { EventDecodeError } from '@casefold/engine';
import type { EventMetadata, Json, RecordedEvent } from '@casefold/engine';
import type { EventRow } from './eventStatements.js';

const parseColumn = (row: EventRow, text: string, path: 'data' | 'metadata'): unknown => {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new EventDecodeError(
      { streamId: row[1], revision: row[2], eventType: row[4], path, reason: `the stored ${path} is not valid JSON (${(e as Error).message})` },
      { cause: e },
    );
  }
};

/**
 * Turns a stored row into a {@link RecordedEvent}. Data and metadata are stored as JSON text;
 * text that does not parse (or metadata that is not an object) becomes an
 * {@link EventDecodeError} naming stream, revision and column. The row itself is never touched.
 */
export const decodeEventRow = (row: EventRow): RecordedEvent => {
  const data = parseColumn(row, row[5], 'data') as Json;
  const metadata = parseColumn(row, row[6], 'metadata');
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) {
    throw new EventDecodeError({
      streamId: row[1],
      revision: row[2],
      eventType: row[4],
      path: 'metadata',
      reason: `the stored metadata is ${metadata === null ? 'null' : Array.isArray(metadata) ? 'an array' : `a ${typeof metadata}`}, not an object`,
    });
  }
  return {
    streamId: row[1],
    revision: row[2],
    position: row[0],
    eventId: row[3],
    type: row[4],
    data,
    metadata: metadata as EventMetadata,
    prevHash: row[7],
    hash: row[8],
  };
};
